"""Array shapes the front end infers, checked against real numpy (and real Keras utilities).

Each case is a small script ending in ``model.fit(x, ...)``. The test runs the data lines with
real numpy to get the true shape and dtype, and compares with what the front end extracted
without running anything.
"""

from __future__ import annotations

import numpy as np
import pytest

from layerlint.frontends import parse_source
from layerlint.ir import UNKNOWN, ArrayValue, DataCall

HEADER = "import numpy as np\nfrom tensorflow import keras\n"
MODEL = "model = keras.Sequential([keras.layers.Dense(1)])\nmodel.fit(x)\n"


def fit_x(data_lines: str):
    ir = parse_source(HEADER + data_lines + "\n" + MODEL)
    assert not ir.problems
    (model,) = ir.models
    (event,) = [e for e in model.events if isinstance(e, DataCall)]
    return event.x


def run_numpy(data_lines: str):
    namespace: dict = {}
    exec("import numpy as np\n" + data_lines, namespace)  # noqa: S102 - our own test snippet
    return np.asarray(namespace["x"])


CASES = [
    "x = np.random.rand(100, 10)",
    "x = np.random.randn(4, 3, 2)",
    "x = np.random.random((5, 7))",
    "x = np.random.random_sample(size=(5, 7))",
    "x = np.random.ranf(6)",
    "x = np.random.sample((2, 3))",
    "x = np.random.randint(0, 10, size=(8, 4))",
    "x = np.random.randint(5, size=12)",
    "x = np.random.randint(3, 9, (2, 2), dtype='int32')",
    "x = np.random.uniform(-1, 1, size=(10, 2))",
    "x = np.random.normal(0.0, 1.0, (10, 2, 2))",
    "x = np.random.normal(size=(3,))",
    "x = np.random.choice(4, size=(6, 1))",
    "x = np.zeros((32, 28, 28))",
    "x = np.ones(7, dtype='int32')",
    "x = np.empty((3, 4), dtype=np.float32)",
    "x = np.full((2, 5), 7)",
    "x = np.full((2, 5), 0.5)",
    "x = np.zeros_like(np.ones((3, 2)))",
    "x = np.ones_like(np.arange(6), dtype=float)",
    "x = np.array([[1, 2, 3], [4, 5, 6]])",
    "x = np.array([[1.0, 2], [3, 4]])",
    "x = np.asarray([[True, False]])",
    "x = np.array([[1, 2], [3, 4]], dtype='float32')",
    "x = np.arange(12).reshape(3, 4)",
    "x = np.arange(24).reshape(-1, 2, 3)",
    "x = np.arange(2, 20, 3)",
    "x = np.arange(0.0, 1.0, 0.25)",
    "x = np.linspace(0, 1, 11)",
    "x = np.eye(3)",
    "x = np.random.rand(100, 10).reshape((100, 1, 10))",
    "x = np.reshape(np.random.rand(100, 10), (100, 10, 1))",
    "d = np.random.rand(100, 10)\nx = d.reshape(d.shape[0], 1, d.shape[1])",
    "x = np.expand_dims(np.random.rand(5, 3), axis=-1)",
    "x = np.expand_dims(np.random.rand(5, 3), 0)",
    "x = np.random.rand(5, 3)[..., np.newaxis]",
    "x = np.random.rand(5, 3)[:, None]",
    "x = np.random.rand(5, 3)[:, :, None]",
    "x = np.random.rand(5, 3).astype('float32')",
    "x = np.random.rand(5, 3).astype(np.float16)",
    "x = np.random.randint(0, 3, (4, 2)).astype(float)",
    "x = np.random.rand(5, 3).T",
    "x = np.random.rand(100, 3)[:80]",
    "x = np.random.rand(100, 3)[80:]",
    "x = np.random.rand(100, 3)[:, 0]",
    "x = np.random.rand(100, 3)[-10:, 1:]",
    "x = np.random.rand(100, 3)[::3]",
    "x = np.random.rand(10, 4, 3)[0]",
    "x = np.concatenate([np.zeros((3, 2)), np.ones((4, 2))])",
    "x = np.concatenate((np.zeros((3, 2)), np.ones((3, 5))), axis=1)",
    "x = np.stack([np.zeros((3, 2)), np.ones((3, 2))], axis=-1)",
    "x = np.vstack([np.zeros(4), np.ones(4)])",
    "x = np.hstack([np.zeros((2, 3)), np.ones((2, 1))])",
    "x = np.random.rand(6, 4) / 255.0",
    "x = np.random.randint(0, 255, (6, 4)) / 255",
    "x = np.random.randint(0, 255, (6, 4)) * 2",
    "x = np.random.rand(6, 4) - np.random.rand(6, 4).mean(axis=0)",
    "x = (np.random.rand(6, 4) > 0.5).astype(int)",
    "x = np.random.rand(6, 4).argmax(axis=1)",
    "x = np.argmax(np.random.rand(6, 4), axis=-1)",
    "x = np.random.rand(6, 4).sum(axis=1, keepdims=True)",
    "x = np.random.rand(6, 1, 4).squeeze(axis=1)",
    "x = np.random.rand(6, 4).flatten()",
    "x = np.random.rand(2, 3, 4).transpose(0, 2, 1)",
    "rng = np.random.default_rng(0)\nx = rng.random((10, 3))",
    "rng = np.random.default_rng(0)\nx = rng.integers(0, 5, size=(10,))",
    "rng = np.random.default_rng(0)\nx = rng.normal(0, 1, size=(4, 2))",
    "n, t, f = 20, 5, 2\nx = np.random.rand(n, t * 2, f)",
    "shape = (3, 4)\nx = np.zeros(shape + (2,))",
    "sizes = [8, 16]\nx = np.zeros((len(sizes), max(sizes)))",
    "x = np.array([[1, 2], [3, 4]]).reshape(-1)",
    "a = np.random.rand(10, 2)\nx = np.log1p(np.abs(a))",
    "x = np.floor(np.random.rand(2, 3) * 10)",
    "x = np.clip(np.arange(6), 1, 4)",
    "x = np.round(np.random.rand(3, 2), 2)",
    "x = np.random.rand(10, 4)[:int(0.8 * 10)]",
    "x = np.random.rand(10, 4).mean(axis=0, keepdims=True) * np.ones((3, 4))",
    "x = np.random.randint(0, 9, (5, 5)).astype('uint8').max(axis=0)",
]


@pytest.mark.parametrize("lines", CASES)
def test_shape_and_dtype_match_numpy(lines: str) -> None:
    value = fit_x(lines)
    real = run_numpy(lines)
    assert isinstance(value, ArrayValue), lines
    assert value.shape == real.shape, lines
    assert value.dtype == str(real.dtype), lines
    if value.max_value is not None:
        assert real.max() <= value.max_value
        assert real.min() >= value.min_value


@pytest.mark.parametrize(
    "lines, low, high",
    [
        ("x = np.random.randint(0, 10, size=(8, 4))", 0, 9),
        ("x = np.random.randint(5, size=12)", 0, 4),
        ("x = np.array([[1, 2, 3], [4, 5, 6]])", 1, 6),
        ("x = np.arange(2, 20, 3)", 2, 17),
        ("x = np.full((2, 5), 7)", 7, 7),
        ("x = np.random.randint(1, 100, (50, 10))[:40]", 1, 99),  # uniform: slices keep bounds
    ],
)
def test_integer_bounds(lines: str, low: int, high: int) -> None:
    value = fit_x(lines)
    assert (value.min_value, value.max_value) == (low, high)


def test_literal_bounds_are_dropped_by_slicing() -> None:
    value = fit_x("x = np.array([[1, 2, 9], [4, 5, 6]])[:, :2]")
    assert value.shape == (2, 2)
    assert value.max_value is None


def test_floor_of_integers_has_a_version_dependent_dtype() -> None:
    value = fit_x("x = np.floor(np.arange(6).reshape(2, 3))")
    assert value.shape == (2, 3) and value.dtype is None


def test_ragged_literal_is_marked_and_has_no_shape() -> None:
    value = fit_x("x = np.array([[1, 2, 3], [4, 5]], dtype=object)")
    assert value.ragged and value.shape is None


@pytest.mark.parametrize(
    "lines",
    [
        "x = load_data()",
        "x = np.load('x.npy')",
        "x = np.random.rand(10, 3).reshape(7, -1)",  # numpy raises: nothing to say
        "x = np.random.rand(10, 3) + np.random.rand(4, 3)",  # does not broadcast
        "x = np.array([a, b])",  # unknown elements may be sequences
        "x = np.zeros(unknown_shape)",
        "import pandas as pd\nx = pd.read_csv('a.csv').describe()",  # not catalogued
    ],
)
def test_not_plain_is_unknown(lines: str) -> None:
    assert fit_x(lines) is UNKNOWN


def test_slices_with_unknown_bounds_keep_the_other_dimensions() -> None:
    value = fit_x("split = int(sys.argv[1])\nx = np.random.rand(100, 8, 3)[:split]")
    assert value.shape == ("?", 8, 3)


def test_unknown_dimensions_are_named_after_their_variable() -> None:
    value = fit_x("x = np.random.rand(n_samples, 10, n_features)")
    assert value.shape == ("n_samples", 10, "n_features")
    value = fit_x("x = np.random.rand(int(input()), 10)")
    assert value.shape == ("?", 10)


def test_reshape_with_unknown_size_keeps_the_known_dimensions() -> None:
    value = fit_x("x = np.zeros((n, 784)).reshape(-1, 28, 28, 1)")
    assert value.shape == ("n", 28, 28, 1)  # 784 = 28 * 28 * 1: the sample count is n again
    value = fit_x("x = np.zeros((n, 700)).reshape(-1, 28, 28, 1)")
    assert value.shape == ("?", 28, 28, 1)
    value = fit_x("x = np.load('x.npy').reshape(-1, 32, 32)")
    assert value.shape == ("?", 32, 32)


def test_advanced_indexing_keeps_what_is_known() -> None:
    assert fit_x("x = np.random.rand(10, 3)[[0, 2]]").shape == (2, 3)
    assert fit_x("x = np.random.rand(10, 3)[np.random.rand(10) > 0.5]").shape == ("?", 3)
    assert fit_x("x = np.eye(10)[np.random.randint(0, 10, (50,))]").shape == (50, 10)


def test_origin_name_and_use_span() -> None:
    ir = parse_source(
        "import numpy as np\nimport keras\n"
        "data = np.random.rand(100, 10)\n"
        "model = keras.Sequential([keras.layers.Dense(1)])\n"
        "model.fit(data, data[:, :1])\n"
    )
    (event,) = [e for e in ir.models[0].events if isinstance(e, DataCall)]
    x = event.x
    assert x.name == "data"
    assert (x.origin.line, x.origin.col, x.origin.end_col) == (3, 8, 31)
    assert (x.span.line, x.span.col, x.span.end_col) == (5, 11, 15)
    assert event.y.shape == (100, 1)


@pytest.mark.keras3
def test_to_categorical_and_pad_sequences_match_keras() -> None:
    import keras

    script = (
        "y = np.random.randint(0, 10, size=(50, 1))\n"
        "x = keras.utils.to_categorical(y, num_classes=10)\n"
    )
    value = fit_x(script)
    real = keras.utils.to_categorical(np.random.randint(0, 10, size=(50, 1)), num_classes=10)
    assert value.shape == real.shape and value.dtype == str(real.dtype)

    value = fit_x("x = keras.utils.to_categorical([0, 2, 1, 2])")
    real = keras.utils.to_categorical([0, 2, 1, 2])
    assert value.shape == real.shape

    sequences = [[1, 2, 3], [4, 5], [6, 7, 8, 9]]
    for kwargs in ({}, {"maxlen": 2}, {"padding": "post", "maxlen": 6}, {"value": -1}):
        written = "".join(f", {k}={v!r}" for k, v in kwargs.items())
        value = fit_x(f"x = keras.utils.pad_sequences({sequences!r}{written})")
        real = keras.utils.pad_sequences(sequences, **kwargs)
        assert value.shape == real.shape and value.dtype == str(real.dtype)
        assert (value.min_value, value.max_value) == (real.min(), real.max())


def test_to_categorical_without_num_classes_needs_certain_labels() -> None:
    # 9 draws from 3 classes miss the top one with probability (2/3)**9: unknown.
    assert fit_x("x = keras.utils.to_categorical(np.random.randint(0, 3, (9,)))") is UNKNOWN
    # 60 draws: (2/3)**60 < 1e-9, so max(y) + 1 == 3 (Keras takes num_classes from the data).
    value = fit_x("x = keras.utils.to_categorical(np.random.randint(0, 3, size=60))")
    assert value.shape == (60, 3)
    value = fit_x("x = keras.utils.to_categorical(np.random.randint(0, 3, size=60)[:5])")
    assert value is UNKNOWN  # only 5 draws are left


def test_x_and_y_as_keywords_and_validation_data() -> None:
    ir = parse_source(
        HEADER
        + "xs = np.random.rand(80, 4)\nys = np.random.rand(80, 1)\n"
        + "val = (np.random.rand(20, 4), np.random.rand(20, 1))\n"
        + "model = keras.Sequential([keras.layers.Dense(1)])\n"
        + "model.fit(y=ys, x=xs, batch_size=16, validation_data=val, epochs=2)\n"
    )
    (event,) = [e for e in ir.models[0].events if isinstance(e, DataCall)]
    assert event.x.shape == (80, 4) and event.y.shape == (80, 1)
    assert [v.shape for v in event.validation_data] == [(20, 4), (20, 1)]
    assert event.kwargs == {"batch_size": 16, "epochs": 2}


# --- datasets and splits -------------------------------------------------------------------------


@pytest.mark.keras3
@pytest.mark.parametrize("name", ["mnist", "fashion_mnist", "cifar10", "cifar100"])
def test_keras_datasets_shapes_are_those_keras_asserts(name: str) -> None:
    """No download: the installed Keras states the shapes in its own docstring asserts."""
    import importlib
    import inspect
    import re

    source = inspect.getsource(importlib.import_module(f"keras.datasets.{name}").load_data)
    expected = {
        var: tuple(int(d) for d in dims.split(",") if d.strip())
        for var, dims in re.findall(r"assert (\w+)\.shape == \(([\d, ]+)\)", source)
    }
    assert set(expected) == {"x_train", "x_test", "y_train", "y_test"}
    ir = parse_source(
        f"from tensorflow.keras.datasets import {name}\nimport keras\n"
        f"(x_train, y_train), (x_test, y_test) = {name}.load_data()\n"
        "model = keras.Sequential([keras.layers.Dense(1)])\n"
        "model.fit(x_train, y_train)\nmodel.evaluate(x_test, y_test)\n"
    )
    fit, evaluate = ir.models[0].events[1:]
    found = {"x_train": fit.x, "y_train": fit.y, "x_test": evaluate.x, "y_test": evaluate.y}
    for var, value in found.items():
        assert value.shape == expected[var], var
        # "`uint8` NumPy array" in the same docstring; cifar100's labels are int64 (measured on
        # stand-in files: tests/test_keras_datasets.py)
        labels = name == "cifar100" and var.startswith("y")
        assert value.dtype == ("int64" if labels else "uint8")
    assert "`uint8` NumPy array" in source


def test_image_datasets_follow_a_changed_data_format() -> None:
    value = fit_x(
        "keras.backend.set_image_data_format('channels_first')\n"
        "(x, _), _ = keras.datasets.cifar10.load_data()"
    )
    assert value is UNKNOWN


def test_mnist_preprocessing_flow() -> None:
    value = fit_x(
        "(x_train, y_train), _ = keras.datasets.mnist.load_data()\n"
        "x = x_train.reshape(-1, 28 * 28).astype('float32') / 255.0"
    )
    assert value.shape == (60000, 784) and value.dtype == "float32"
    labels = fit_x(
        "(_, y_train), _ = keras.datasets.mnist.load_data()\n"
        "x = keras.utils.to_categorical(y_train)"
    )
    assert labels.shape == (60000, 10)


def test_imdb_sequences_padded() -> None:
    value = fit_x(
        "from keras.datasets import imdb\n"
        "from keras.preprocessing.sequence import pad_sequences\n"
        "(x_train, y_train), (x_test, y_test) = imdb.load_data(num_words=5000)\n"
        "x = pad_sequences(x_train, maxlen=200)"
    )
    assert value.shape == (25000, 200) and value.dtype == "int32"
    assert (value.min_value, value.max_value) == (0, 4999)


def test_train_test_split_keeps_feature_dimensions() -> None:
    ir = parse_source(
        HEADER
        + "from sklearn.model_selection import train_test_split\n"
        + "X = np.random.rand(100, 12, 3)\ny = np.random.randint(0, 2, (100,))\n"
        + "X_tr, X_te, y_tr, y_te = train_test_split(X, y, test_size=0.2, random_state=0)\n"
        + MODEL.replace("model.fit(x)", "model.fit(X_tr, y_tr, validation_data=(X_te, y_te))")
    )
    fit = ir.models[0].events[1]
    assert fit.x.shape == (80, 12, 3) and fit.y.shape == (80,)  # sklearn: ceil(0.2 * 100) test
    assert [v.shape for v in fit.validation_data] == [(20, 12, 3), (20,)]
    assert (fit.y.min_value, fit.y.max_value) == (0, 1)
