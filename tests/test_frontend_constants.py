"""Constant propagation: the values of layer arguments, and what stays unknown."""

from __future__ import annotations

import textwrap

import pytest

from work_count import counting_work

from layerlint.frontends import parse_source
from layerlint.ir import UNKNOWN, Call


def dense_args(prelude: str, call: str = "Dense(units)") -> Call:
    """The Call of the single layer of a model built after ``prelude``."""
    source = (
        "import numpy as np\nfrom keras.layers import Dense\nfrom keras import Sequential\n"
        + textwrap.dedent(prelude)
        + f"\nmodel = Sequential([{call}])\n"
    )
    ir = parse_source(source)
    assert not ir.problems, ir.problems
    return ir.models[0].events[0].layers[0]


def units(prelude: str):
    layer = dense_args(prelude)
    assert isinstance(layer, Call)
    return layer.args[0]


@pytest.mark.parametrize(
    "prelude, expected",
    [
        ("units = 64", 64),
        ("a, b = 3, 4\nunits = a * b", 12),
        ("(a, b), c = (1, 2), 3\nunits = a + b + c", 6),
        ("first, *rest = [5, 6, 7]\nunits = len(rest) + first", 7),
        ("units = 2 ** 5 - 1", 31),
        ("units = 100 // 3", 33),
        ("units = 100 % 7", 2),
        ("units = 10 / 4", 2.5),
        ("units = -(-7)", 7),
        ("shape = (10, 20, 30)\nunits = shape[1]", 20),
        ("shape = (10, 20, 30)\nunits = shape[1:][-1]", 30),
        ("units = [1, 2, 3][::-1][0]", 3),
        ("units = len([0] * 9)", 9),
        ("units = int(12.7)", 12),
        ("units = int('16')", 16),
        ("units = max(3, 9, 4)", 9),
        ("units = min([8, 2])", 2),
        ("units = round(7.6)", 8),
        ("units = sum([1, 2, 3])", 6),
        ("cfg = {'units': 48, 'act': 'relu'}\nunits = cfg['units']", 48),
        ("cfg = dict()\nunits = {'a': 1}.get('b', 5)", 5),
        ("X = np.zeros((7, 3, 2))\nunits = X.shape[1] * X.shape[2]", 6),
        ("X = np.zeros((7, 3))\nunits = len(X)", 7),
        ("X = np.zeros((7, 3))\nunits = X.ndim", 2),
        ("n = 5\nn += 3\nunits = n", 8),
        ("def f():\n    return 11\nunits = f()", 11),
        ("def f(k, scale=2):\n    return k * scale\nunits = f(4)", 8),
        ("import math\nunits = math.ceil(10 / 3)", 4),
        ("units = 4 if True else 8", 4),
        ("DEBUG = 0\nunits = 1 if DEBUG else 2", 2),
        ("if 1 > 2:\n    units = 1\nelse:\n    units = 3", 3),
        ("if flag:\n    units = 10\nelse:\n    units = 10", 10),  # both branches agree
        ("units = 10\ntry:\n    import foo\nexcept ImportError:\n    pass", 10),
        ("sizes = [8, 16]\nfor s in sizes:\n    pass\nunits = sizes[-1]", 16),
        ("units = 1\nfor i in range(3):\n    units = units * 2", 8),  # unrolled
        ("units = (n := 3) * n", 9),
        ("units = 1\nunits = 2\nunits = 3", 3),
        ("units = True", True),
    ],
)
def test_known_values(prelude: str, expected) -> None:
    value = units(prelude)
    assert value == expected and type(value) is type(expected)


@pytest.mark.parametrize(
    "prelude",
    [
        "units = get_units()",
        "if flag:\n    units = 10\nelse:\n    units = 20",
        "units = 10\nif flag:\n    units = 20",
        "units = 8\nfor s in data:\n    units = s",
        "units = 8\nwhile cond():\n    units += 1",
        "try:\n    units = int(arg)\nexcept ValueError:\n    units = 4",
        "units = 2 ** 1000",  # not a dimension; bounded work
        "units = [1, 2][5]",
        "units = 1 / 0",
        "units = {'a': 1}['b']",
        "units = sys.argv[1]",
        "units = f'{3}'",
        "units = [1] * 10**9",  # never allocates
        "units = (lambda: 3)()",
        "import argparse\nargs = argparse.ArgumentParser().parse_args()\nunits = args.units",
        "units = 5\ndef change():\n    global units\n    units = 7\nchange()\nunits = units if maybe else units",
    ],
)
def test_ambiguous_or_unplain_values_are_unknown(prelude: str) -> None:
    value = units(prelude)
    assert value is UNKNOWN or value == 7  # the global case is followed: 7


def test_global_assignment_in_a_followed_function() -> None:
    assert units("units = 5\ndef change():\n    global units\n    units = 7\nchange()") == 7


def test_unknown_values_are_named_in_shape_tuples() -> None:
    layer = dense_args(
        "timesteps = int(sys.argv[1])\nn_features = 3",
        "Dense(4, input_shape=(timesteps, n_features))",
    )
    assert layer.kwargs == {"input_shape": (UNKNOWN, 3)}
    assert layer.unknown_names == {("input_shape", 0): "timesteps"}


def test_unknown_attribute_and_subscript_values_are_named() -> None:
    layer = dense_args(
        "import argparse\nargs = argparse.ArgumentParser().parse_args()\ncfg = load()",
        "Dense(args.units, input_shape=(cfg['steps'], X.shape[2]))",
    )
    assert layer.unknown_names == {
        (0,): "args.units", ("input_shape", 0): "cfg['steps']", ("input_shape", 1): "X.shape[2]",
    }  # fmt: skip


def test_anonymous_unknowns_have_no_name() -> None:
    layer = dense_args("", "Dense(4, input_shape=(get() + 1, 3))")
    assert layer.kwargs["input_shape"] == (UNKNOWN, 3)
    assert layer.unknown_names == {}


def test_keyword_unpacking_of_a_known_dict() -> None:
    layer = dense_args("cfg = {'units': 32, 'activation': 'tanh'}", "Dense(**cfg)")
    assert layer.args == () and layer.kwargs == {"units": 32, "activation": "tanh"}
    assert layer.arg_spans == {}


def test_unknown_argument_unpacking_makes_the_layer_unknown() -> None:
    assert dense_args("", "Dense(*sizes)") is UNKNOWN
    assert dense_args("", "Dense(**config)") is UNKNOWN


def test_function_parameters_are_unknown_and_named_inside_uncalled_functions() -> None:
    ir = parse_source(
        "import keras\n"
        "def build(n_features, hidden=64):\n"
        "    hidden = hidden * 2\n"
        "    return keras.Sequential([keras.layers.Dense(hidden, input_shape=(n_features,))])\n"
    )
    dense = ir.models[0].events[0].layers[0]
    assert dense.args == (UNKNOWN,)
    assert dense.kwargs == {"input_shape": (UNKNOWN,)}
    # `hidden * 2` is unknown too; it is named after the variable it was bound to.
    assert dense.unknown_names == {(0,): "hidden", ("input_shape", 0): "n_features"}


def test_loop_carried_values_are_unknown_inside_the_loop() -> None:
    ir = parse_source(
        "import keras\nunits = 8\n"
        "for batch in loader:\n"
        "    m = keras.Sequential([keras.layers.Dense(units)])\n"
        "    units = units * 2\n"
    )
    assert ir.models[0].events[0].layers[0].args == (UNKNOWN,)


def test_large_files_cost_in_proportion() -> None:
    """Counted, not timed (benchmarks/bench.py measures speed): four times the code, four times
    the work."""
    block = textwrap.dedent(
        """
        x{i} = np.random.rand(100, {i} + 1)
        if x{i}.shape[1] > 3:
            y{i} = x{i}[:, :3]
        for k in range(3):
            z{i} = k * {i}
        def f{i}(a, b=2):
            return a * b + {i}
        m{i} = keras.Sequential([keras.layers.Dense(f{i}(3)), keras.layers.Dense(1)])
        m{i}.compile(loss="mse")
        m{i}.fit(x{i}, y{i})
        """
    )
    work = {}
    for blocks in (50, 200):
        source = "import numpy as np\nimport keras\n" + "".join(
            block.format(i=i) for i in range(blocks))
        with counting_work() as work[blocks]:
            ir = parse_source(source)
        assert len(ir.models) == blocks and not ir.problems
    assert work[200].statements <= 4.1 * work[50].statements, work
    assert work[200].expressions <= 4.1 * work[50].expressions, work
