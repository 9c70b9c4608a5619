"""The framework messages the core/activation/regularization/reshaping/embedding/normalization
entries carry are Keras 3's own: users must recognise them.

For every error case of those families' grids, the exception real Keras raises must contain
the message layerlint attaches (exactly, for errors raised when the layer is created).
Messages of base.bind (argument binding) are left to that helper's own tests.
"""

from __future__ import annotations

import itertools
import re
import warnings

import pytest
import test_catalogue_activations as activations
import test_catalogue_core as core
import test_catalogue_embedding as embedding
import test_catalogue_normalization as normalization
import test_catalogue_regularization as regularization
import test_catalogue_reshaping as reshaping
from catalogue_harness import parse_call, snake

from layerlint.layers.base import LayerError, bind, lookup

pytestmark = pytest.mark.keras3

GRIDS = [
    (core.DENSE + core.ACTIVATION + core.IDENTITY, core.SHAPES),
    (activations.SHAPE_KEEPING + activations.PRELU, activations.SHAPES),
    (regularization.LAYERS, regularization.SHAPES),
    (reshaping.FLATTEN + reshaping.RESHAPE + reshaping.PERMUTE + reshaping.REPEAT, reshaping.SHAPES),
    (embedding.EMBEDDING + embedding.MASKING, embedding.SHAPES),
    (normalization.BATCH_NORM + normalization.LAYER_NORM + normalization.OTHERS,
     normalization.SHAPES),
]


def _ours(src: str, shape: tuple) -> tuple[str, LayerError] | None:
    call = parse_call(src)
    spec = lookup("keras", call.kind)
    try:
        args = bind(spec, call, snake(call.kind))
    except LayerError:
        return None  # binding messages belong to base.bind
    try:
        if spec.validate:
            spec.validate(args)
    except LayerError as e:
        return "init", e
    try:
        spec.call(args, shape)
    except LayerError as e:
        return "build", e
    return None


def _keras_error(src: str, shape: tuple) -> str | None:
    import keras

    namespace = {name: getattr(keras.layers, name) for name in dir(keras.layers)}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            layer = eval(src, namespace)
            keras.Sequential([keras.Input(batch_shape=shape), layer])
        except Exception as e:  # noqa: BLE001 - any exception is the message under test
            return f"{type(e).__name__}: {e}"
    return None


ERROR_CASES = []
for _sources, _shapes in GRIDS:
    for _src, _shape in itertools.product(_sources, _shapes):
        _result = _ours(_src, _shape)
        if _result is not None:
            ERROR_CASES.append((_src, _shape, _result[0]))


def test_there_are_error_cases_of_both_stages():
    stages = {stage for _, _, stage in ERROR_CASES}
    assert stages == {"init", "build"}
    assert len(ERROR_CASES) > 100


@pytest.mark.parametrize("src, shape, stage", ERROR_CASES)
def test_framework_message_is_keras_own(src, shape, stage):
    ours = _ours(src, shape)[1]
    theirs = _keras_error(src, shape)
    assert theirs is not None
    if stage == "init":
        assert ours.framework == theirs
    else:
        kind, _, text = ours.framework.partition(": ")
        assert theirs.startswith(kind) and _unnamed(text) in _unnamed(theirs)


def _unnamed(message: str) -> str:
    """Keras numbers layer names per session (dense_3); the harness's layer is always first."""
    return re.sub(r"of layer '[^']*'", "of layer '<name>'", message)
