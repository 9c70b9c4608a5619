"""Layers tf.keras 2 does not have (keras2_model.KERAS3_ONLY), against tf_keras 2.21: looked up
as ``layers.X`` they raise AttributeError at that line, at construction; imported by name the
import fails before any model exists, which layerlint can only note."""

from __future__ import annotations

import pytest

from layerlint.pipeline import check_source
from layerlint.replay.keras.keras2 import KERAS3_ONLY

from .tf_keras_runner import run_script, tf_keras

pytestmark = pytest.mark.keras2

LOOKED_UP = [
    ("from tensorflow import keras\nmodel = keras.Sequential([keras.Input((5, 3)),\n"
     "    keras.layers.{kind}()])\n"),
    ("from tensorflow import keras\nfrom tensorflow.keras import layers\n"
     "model = keras.Sequential()\nmodel.add(layers.Dense(3))\nmodel.add(layers.{kind}())\n"),
    ("from tensorflow.keras import layers, Sequential\nnorm = layers.{kind}()\n"
     "model = Sequential([layers.Dense(3), norm])\n"),
]


def test_keras3_only_layers_are_missing_from_tf_keras() -> None:
    assert KERAS3_ONLY and not [k for k in KERAS3_ONLY if hasattr(tf_keras().layers, k)]


@pytest.mark.parametrize("kind", sorted(KERAS3_ONLY))
@pytest.mark.parametrize("template", LOOKED_UP)
def test_looked_up_layer_raises_where_written(kind: str, template: str) -> None:
    script = template.format(kind=kind)
    real = run_script(script).error
    assert real is not None
    errors = [d for d in check_source(script, "k2.py", dialect="keras2").diagnostics
              if d.severity == "error"]
    # layerlint's stage for creating a layer is "construct", also outside a model (where the
    # runner, which ties stages to models, says None).
    assert [(d.code, d.span.line, d.stage, d.framework_error) for d in errors] == [
        ("LL105", real.line, real.stage or "construct", f"{real.type}: {real.message}")]


@pytest.mark.parametrize("kind", sorted(KERAS3_ONLY))
def test_imported_by_name_is_a_note(kind: str) -> None:
    script = (f"from tensorflow.keras.layers import {kind}, Dense\nfrom tensorflow import keras\n"
              f"model = keras.Sequential([Dense(3), {kind}()])\n")
    real = run_script(script).error
    assert real is not None and real.type == "ImportError" and real.line == 1
    found = check_source(script, "k2.py", dialect="keras2").diagnostics
    assert not [d for d in found if d.severity == "error"]
    notes = [d.message for d in found if d.code == "LL901"]
    assert notes == [(f"{kind} does not exist in tf.keras 2 (it is new in Keras 3): importing "
                      "it fails; shapes after it are unknown")]


@pytest.mark.parametrize("kind", sorted(KERAS3_ONLY))
def test_keras3_dialect_unchanged(kind: str) -> None:
    script = ("import keras\nmodel = keras.Sequential([keras.Input((5, 3)), "
              f"keras.layers.{kind}()])\n")
    found = check_source(script, "k3.py", dialect="keras3")
    assert not [d for d in found.diagnostics if d.severity == "error"]
    assert found.models[0].layers[-1].output_shape == (None, 5, 3)
