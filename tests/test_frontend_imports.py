"""Import resolution: every common spelling of a Keras name maps to one canonical name."""

from __future__ import annotations

import importlib

import pytest

from layerlint.frontends import parse_source
from layerlint.frontends.names import canonical
from layerlint.ir import Call


def first_layer(source: str) -> Call:
    ir = parse_source(source)
    assert not ir.problems, ir.problems
    (model,) = ir.models
    return model.events[0].layers[0]


@pytest.mark.parametrize(
    "imports, model_expr, layer_expr",
    [
        ("import keras", "keras.Sequential", "keras.layers.LSTM"),
        ("import keras", "keras.models.Sequential", "keras.layers.LSTM"),
        ("from tensorflow import keras", "keras.Sequential", "keras.layers.LSTM"),
        ("import tensorflow as tf", "tf.keras.Sequential", "tf.keras.layers.LSTM"),
        ("import tensorflow as tf", "tf.keras.models.Sequential", "tf.keras.layers.LSTM"),
        ("from keras import layers, Sequential", "Sequential", "layers.LSTM"),
        ("from keras.layers import LSTM\nfrom keras.models import Sequential", "Sequential", "LSTM"),
        ("from keras.layers import LSTM as R\nfrom keras import Sequential as S", "S", "R"),
        ("from tensorflow.keras.models import Sequential\nfrom tensorflow.keras import layers",
         "Sequential", "layers.LSTM"),
        ("import keras.layers as L\nimport keras.models as M", "M.Sequential", "L.LSTM"),
        ("import keras.layers\nimport keras.models", "keras.models.Sequential", "keras.layers.LSTM"),
        ("import tf_keras as keras", "keras.Sequential", "keras.layers.LSTM"),
        (("from keras.src.models.sequential import Sequential\n"
          "from keras.src.layers.rnn.lstm import LSTM"), "Sequential", "LSTM"),
        ("from keras.layers.recurrent import LSTM\nfrom keras.engine.sequential import Sequential",
         "Sequential", "LSTM"),
        ("from keras.layers import *\nfrom keras.models import *", "Sequential", "LSTM"),
        ("import tensorflow.keras as K", "K.Sequential", "K.layers.LSTM"),
        ("import keras\nlayers = keras.layers\nSeq = keras.Sequential", "Seq", "layers.LSTM"),
        ("try:\n    from tensorflow import keras\nexcept ImportError:\n    import keras",
         "keras.Sequential", "keras.layers.LSTM"),
    ],
)  # fmt: skip
def test_import_spellings(imports: str, model_expr: str, layer_expr: str) -> None:
    layer = first_layer(f"{imports}\nmodel = {model_expr}([{layer_expr}(8)])\n")
    assert (layer.kind, layer.qualname) == ("LSTM", "keras.layers.LSTM")


@pytest.mark.parametrize(
    "spelling, kind, qualname",
    [
        ("keras.Input(shape=(3,))", "Input", "keras.Input"),
        ("keras.layers.Input(shape=(3,))", "Input", "keras.Input"),
        ("keras.layers.InputLayer(shape=(3,))", "InputLayer", "keras.layers.InputLayer"),
    ],
)
def test_input_spellings(spelling: str, kind: str, qualname: str) -> None:
    layer = first_layer(f"import keras\nmodel = keras.Sequential([{spelling}])\n")
    assert (layer.kind, layer.qualname) == (kind, qualname)


@pytest.mark.parametrize(
    "imports, expected",
    [
        ("import keras", ["keras"]),
        ("from tensorflow import keras", ["tensorflow.keras"]),
        ("import tensorflow as tf\nm = tf.keras.Sequential()", ["tensorflow", "tensorflow.keras"]),
        ("import tf_keras as keras", ["tf_keras"]),
        ("import os\nos.environ['TF_USE_LEGACY_KERAS'] = '1'\nimport tensorflow as tf",
         ["TF_USE_LEGACY_KERAS", "tensorflow"]),
        ("import numpy as np", []),
    ],
)  # fmt: skip
def test_dialect_hints(imports: str, expected: list[str]) -> None:
    assert parse_source(imports + "\n").dialect_hints == expected


@pytest.mark.parametrize(
    "dotted, expected",
    [
        ("tensorflow.keras.layers.Dense", "keras.layers.Dense"),
        ("tensorflow.python.keras.layers.Dense", "keras.layers.Dense"),
        ("keras.layers.core.Dense", "keras.layers.Dense"),
        ("keras.src.layers.core.dense.Dense", "keras.layers.Dense"),
        ("keras.models.Sequential", "keras.Sequential"),
        ("keras.layers.Input", "keras.Input"),
        ("keras.utils.np_utils.to_categorical", "keras.utils.to_categorical"),
        ("tensorflow.keras.preprocessing.sequence.pad_sequences", "keras.utils.pad_sequences"),
        ("keras.preprocessing.sequence.pad_sequences", "keras.utils.pad_sequences"),
        ("keras.src.losses.losses.MeanSquaredError", "keras.losses.MeanSquaredError"),
        ("numpy.random.rand", "numpy.random.rand"),
        ("torch.nn.Linear", "torch.nn.Linear"),
    ],
)
def test_canonical_names(dotted: str, expected: str) -> None:
    assert canonical(dotted) == expected


@pytest.mark.keras3
@pytest.mark.parametrize(
    "module, name",
    [
        ("keras.src.layers.rnn.lstm", "LSTM"),
        ("keras.src.layers.core.dense", "Dense"),
        ("keras.src.layers.core.input_layer", "Input"),
        ("keras.src.layers.core.input_layer", "InputLayer"),
        ("keras.src.models.sequential", "Sequential"),
        ("keras.src.losses.losses", "CategoricalCrossentropy"),
        ("keras.src.utils.numerical_utils", "to_categorical"),
        ("keras.src.utils.sequence_utils", "pad_sequences"),
        ("keras.models", "Sequential"),
        ("keras.layers", "Input"),
        ("keras.preprocessing.sequence", "pad_sequences"),
    ],
)
def test_canonical_name_is_the_same_object_in_keras(module: str, name: str) -> None:
    """The canonical name must denote the very object the original path denotes."""
    original = getattr(importlib.import_module(module), name)
    target_module, target_name = canonical(f"{module}.{name}").rsplit(".", 1)
    assert getattr(importlib.import_module(target_module), target_name) is original


def test_unrelated_names_are_not_keras() -> None:
    ir = parse_source(
        "from mymodels import Sequential\nfrom torch import nn\n"
        "model = Sequential([nn.Linear(3, 4)])\nnet = nn.Sequential(nn.Linear(3, 4))\n"
    )
    assert [m for m in ir.models if m.framework == "keras"] == []
    assert [m.name for m in ir.models if m.framework == "torch"] == ["net"]
