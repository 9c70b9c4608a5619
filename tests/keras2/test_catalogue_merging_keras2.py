"""Keras merge layers in the tf.keras 2 dialect against tf_keras 2.21, on the cases of
tests/merge_cases.py (hand-picked and seeded random): verdict and stage, output shape (where
TensorFlow's own shape inference keeps sizes Keras 3 leaves free), weights and tf.keras' message
(exactly, or up to the call arguments tf.keras appends to the errors it wraps)."""

from __future__ import annotations

import warnings

import pytest
from catalogue_harness import parse_call
from merge_cases import HAND, random_cases, unknown_sizes_never_raise

from layerlint.layers.base import LayerError, bind
from layerlint.layers.keras.merging import KERAS2_FUNCTIONAL_FORMS
from layerlint.pipeline import check_source
from layerlint.replay.keras.keras2 import Keras2Replay

from .tf_keras_harness import (
    layerlint_keras2_error,
    layerlint_keras2_layer,
    tf_keras_error,
    tf_keras_layer,
)
from .tf_keras_runner import run_script, tf_keras

pytestmark = pytest.mark.keras2

RANDOM = random_cases(600, seed=20261207)
CASES = HAND + RANDOM


@pytest.mark.parametrize(("src", "shapes"), CASES, ids=[f"{s}-{sh}" for s, sh in CASES])
def test_merge_layer_matches_tf_keras(src: str, shapes: list[tuple]) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ours, theirs = layerlint_keras2_layer(src, shapes), tf_keras_layer(src, shapes)
        assert ours == theirs
        if ours.error is not None and not _rejected_by_binding(src):
            mine, real = layerlint_keras2_error(src, shapes), tf_keras_error(src, shapes)
            assert mine is not None and real is not None
            if "Exception encountered when calling" in mine.framework:
                assert real.startswith(mine.framework)
                assert real[len(mine.framework):].startswith("\n\nCall arguments received")
            else:
                assert mine.framework == real


def _rejected_by_binding(src: str) -> bool:
    """Binding messages are base.bind's and the keras2 replay's (their own tests)."""
    call = parse_call(src)
    try:
        bind(Keras2Replay.layer_spec(None, call.kind), call, "layer")  # type: ignore[arg-type]
    except LayerError:
        return True
    return False


def test_tf_keras_differs_from_keras3_where_measured() -> None:
    """TensorFlow's shape inference keeps a known size where Keras 3 says None, and its
    batch_dot rejects what Keras 3 only notices when the model runs."""
    assert layerlint_keras2_layer("Add()", [(None, None), (None, 4)]).shape == (None, 4)
    assert layerlint_keras2_layer("Concatenate()", [(None, None, 3), (None, 2, 4)]).shape == \
        (None, 2, 7)
    assert layerlint_keras2_layer("Dot(0)", [(None, 3), (None, 3)]).error == "build"
    assert layerlint_keras2_layer("Dot(1)", [(2, 3), (4, 3)]).error == "build"


def test_in_a_sequential_a_merge_layer_gets_one_tensor() -> None:
    for src in ("Add()", "Subtract()", "Concatenate()", "Dot(1)"):
        script = ("from tensorflow import keras\nmodel = keras.Sequential([keras.Input((3, 4)), "
                  f"keras.layers.{src}])\n")
        real = run_script(script).error
        assert real is not None and real.stage == "construct"
        errors = [d for d in check_source(script, "m.py", dialect="keras2").diagnostics
                  if d.severity == "error"]
        assert [(d.code, d.span.line, d.stage, d.framework_error) for d in errors] == [
            ("LL101", real.line, "construct", f"{real.type}: {real.message}")]


@pytest.mark.parametrize("function", sorted(KERAS2_FUNCTIONAL_FORMS))
def test_functional_forms_are_tf_keras_own(function: str) -> None:
    import inspect

    keras = tf_keras()
    kind, params = KERAS2_FUNCTIONAL_FORMS[function]
    form = getattr(keras.layers, function)
    assert str(inspect.signature(form)) == f"(inputs, {params + ', ' if params else ''}**kwargs)"
    inputs = [keras.Input((3,)), keras.Input((3,))]
    made = form(inputs, 1) if function == "dot" else form(inputs)
    assert type(made._keras_history.layer).__name__ == kind


def test_a_size_unknown_to_layerlint_never_raises() -> None:
    """As for Keras 3: a known size made unknown never raises and keeps the rest of the
    output tf.keras computes."""
    assert unknown_sizes_never_raise(layerlint_keras2_layer, RANDOM) > 1000
