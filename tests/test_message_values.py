"""Messages never show layerlint's internal objects, and stay short, whatever a layer is given.

Every Keras and torch catalogue entry gets odd argument values (layers, nested layers, arrays,
tensors, functions, classes, instances, unknown names, huge lists and strings, ...) for a seeded
sample of its parameters; every message, framework message, related note and candidate fix
title must read like source (no ``Call(kind=...``, ``Span(...)``, ``<layerlint...>``, no
internal class names) and be bounded in length.
"""

from __future__ import annotations

import random
import re

import pytest

import layerlint.layers  # noqa: F401 - registers the catalogue
from layerlint.frontends import parse_source
from layerlint.frontends import dialect as dialects
from layerlint.ir import UNKNOWN, ArrayValue, Call, PythonList, Span
from layerlint.layers.base import all_specs
from layerlint.pipeline import check_source
from layerlint.replay import analysis
from layerlint.shown import MESSAGE_LIMIT, VALUE_LIMIT, shown, type_name, type_text

INTERNAL = re.compile(
    r"\b(Call|Span|ArrayValue|PythonList|TensorRef|Node|Instance|LocalFunction|LocalClass|Ref|"
    r"Sym|Data|BoundMethod|ModelState|Context|UnknownNumber|TensorDim|OpOperand|Args|LayerSpec|"
    r"Param|TracedTensor|TensorArg|TorchOp|TorchModule)\(|object at 0x|<layerlint|\bUNKNOWN\b|"
    r"ANY_NUMBER|TRAINING|<function |'(Call|ArrayValue|PythonList|TensorRef|Instance|"
    r"LocalFunction|LocalClass|Ref|Sym|Data|TracedTensor|TensorDim|_Unknown|_AnyNumber)'"
)

KERAS_ODD = [
    "keras.layers.Dense(1)",
    "keras.layers.Dense(keras.layers.Dense(keras.layers.Dense(keras.layers.Dense(2))))",
    "np.zeros((3, 4))", "[1.5, [2]]", "list(range(3000))", "inp", "undefined_name",
    "lambda x: x", "helper", "Thing()", "keras.layers.Dense", "'x' * 5000",
    "{'a': keras.layers.Dense(1)}", "(keras.layers.Dense(1), np.zeros(2))", "other",
    "float('nan')", "np.random.default_rng(0)", "arr.shape", "keras.optimizers.Adam()", "-3",
    "(2, -1, 0)", "[[1, 2], [3]]",
]
KERAS_PRELUDE = """\
import numpy as np
import keras
inp = keras.Input((3,))
def helper(v):
    return v
class Thing(keras.layers.Layer):
    def __init__(self):
        super().__init__()
        self.d = keras.layers.Dense(2)
other = keras.Sequential([keras.layers.Dense(2)])
arr = np.zeros((3, 4))
"""
KERAS_INPUTS = ["", "keras.Input((6, 6, 6, 3)), ", "keras.Input((5, 4)), ", "keras.Input((7,)), "]

TORCH_ODD = [
    "nn.Linear(1, 2)", "nn.Linear(nn.Linear(nn.Linear(1, 2), 2), 2)", "torch.zeros(3)",
    "np.zeros((3, 4))", "[1.5, [2]]", "list(range(3000))", "undefined_name", "lambda x: x",
    "helper", "Thing()", "nn.Linear", "'x' * 5000", "{'a': nn.Linear(1, 2)}",
    "(nn.Linear(1, 2), torch.zeros(2))", "float('nan')", "-3", "(2, -1, 0)", "torch.float32",
    "x.shape", "x",
]
TORCH_PRELUDE = """\
import numpy as np
import torch
import torch.nn as nn
def helper(v):
    return v
class Thing(nn.Module):
    def __init__(self):
        super().__init__()
        self.d = nn.Linear(2, 2)
x = torch.zeros(4, 3, 8, 8)
"""

PARAMS_PER_ENTRY = 40
VALUES_PER_PARAM = 5


def _texts(source: str) -> list[tuple[str, str]]:
    """(line of source, text) for every message the analysis writes, candidate fixes included
    (fixes are not verified here: the titles are what matters, and it keeps the test fast)."""
    file_ir = parse_source(source, "odd.py")
    dialects.apply(file_ir, None)
    result = analysis.analyze(file_ir)
    lines = source.splitlines()
    out = []
    for d in list(file_ir.problems) + result.diagnostics:
        where = lines[d.span.line - 1] if 0 < d.span.line <= len(lines) else ""
        texts = [d.message, d.framework_error or ""]
        texts += [r.message for r in d.related] + [f.title for f in d.fixes]
        out += [(where, t) for t in texts]
    return out


def _program(framework: str, spec, rng: random.Random) -> str:
    params = list(spec.signature)
    rng.shuffle(params)
    lines = [KERAS_PRELUDE if framework == "keras" else TORCH_PRELUDE]
    for param in params[:PARAMS_PER_ENTRY]:
        for value in rng.sample(KERAS_ODD if framework == "keras" else TORCH_ODD,
                                VALUES_PER_PARAM):
            if framework == "keras":
                first = rng.choice(KERAS_INPUTS)
                lines.append(f"m = keras.Sequential([{first}keras.layers.{spec.name}"
                             f"({param.name}={value})])")
            else:
                lines.append(f"m = nn.Sequential(nn.{spec.name}({param.name}={value}))\n"
                             f"y = m(x)")
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize("framework", ["keras", "torch"])
def test_no_message_shows_an_internal_object(framework):
    rng = random.Random(13)
    specs = sorted(all_specs(framework), key=lambda s: s.name)
    assert len(specs) > 80
    bad = []
    checked = 0
    for spec in specs:
        for where, text in _texts(_program(framework, spec, rng)):
            checked += 1
            if INTERNAL.search(text) or len(text) > MESSAGE_LIMIT or "internal error" in text:
                bad.append((spec.name, where.strip(), text[:200]))
    assert checked > 500
    assert not bad, bad[:10]


def test_a_layer_given_as_units_reads_as_source():
    source = ("import keras\n"
              "model = keras.Sequential([keras.Input((4,)), "
              "keras.layers.Dense(keras.layers.Dense(1))])\n")
    (d,) = check_source(source, "m.py").diagnostics
    assert d.message == ("Dense needs a positive integer number of units, got "
                         "keras.layers.Dense(1); Keras raises when the layer is created")
    assert d.framework_error.endswith("Received: units=keras.layers.Dense(1)")


def test_deeply_nested_layers_stay_short():
    nested = "keras.layers.Dense(" * 200 + "1" + ")" * 200
    source = f"import keras\nmodel = keras.Sequential([keras.Input((4,)), {nested}])\n"
    diagnostics = check_source(source, "m.py").diagnostics
    assert diagnostics
    for d in diagnostics:
        assert len(d.message) < 300 and len(d.framework_error or "") < 300, d.message
        assert not INTERNAL.search(d.message + (d.framework_error or ""))


def test_shown_values():
    span = Span(1, 1, 1, 2)
    call = Call("Dense", "keras.layers.Dense", (4,), {"activation": "relu"}, span)
    assert shown(call) == "keras.layers.Dense(4, activation='relu')"
    assert repr(call) == shown(call)
    assert shown(ArrayValue((None, 3))) == "<array of shape (None, 3)>"
    assert shown(ArrayValue((5,))) == "<array of shape (5,)>"
    assert shown(PythonList((2,), literal=[1, 2])) == "[1, 2]"
    assert shown(UNKNOWN) == "..."
    assert shown((1,)) == "(1,)" and shown({"a": [1, None]}) == "{'a': [1, None]}"
    huge = list(range(100_000))
    assert len(shown(huge)) <= VALUE_LIMIT and shown(huge).endswith("...")
    assert len(shown("x" * 10_000)) <= VALUE_LIMIT
    assert shown(object()) == "<object>"
    deep: list = []
    for _ in range(10_000):  # nesting deeper than the recursion limit stays bounded work
        deep = [deep]
    assert len(shown(deep)) <= VALUE_LIMIT
    assert type_name(call) == "Dense" and type_text(call) == "<class 'keras.layers.Dense'>"
    assert type_name(ArrayValue((3,))) == "ndarray" and type_text(3) == "<class 'int'>"


def test_code_frames_cut_long_lines_around_the_span():
    from layerlint.report.text import FRAME_WIDTH, format_diagnostic

    layers = ", ".join(["keras.layers.Dense(4)"] * 3000)
    source = (f"import keras\nx = [{', '.join(['1.0'] * 20000)}]\n"
              f"model = keras.Sequential([keras.Input((4,)), {layers}, keras.layers.LSTM(3)])\n")
    result = check_source(source, "long.py")
    (d,) = [d for d in result.diagnostics if d.code == "LL101"]
    text = format_diagnostic(result, d)
    lines = text.splitlines()
    assert all(len(line) <= FRAME_WIDTH + 20 for line in lines), max(map(len, lines))
    (code_line,) = [line for line in lines if line.startswith("3 | ")]
    (carets,) = [line for line in lines if "^" in line]
    # the code line and the caret line share a gutter of the same width ("3 | ", "  | ")
    underlined = code_line[carets.index("^"): carets.rindex("^") + 1]
    assert underlined == "keras.layers.LSTM(3)"
    assert code_line[4:].startswith("...")
    assert any(line.startswith("2 | x = [1.0, 1.0") and line.endswith("...") for line in lines)
