"""Keras preprocessing layers against real Keras 3 (torch backend): the augmentation layers of
the image-classification tutorial, RandomCrop / CenterCrop / Resizing and Normalization."""

from __future__ import annotations

import inspect
import itertools
import re
import warnings

import pytest
from catalogue_harness import (
    Outcome,
    keras_error,
    keras_layer,
    layerlint_layer,
    parse_call,
    real_layer,
    snake,
)

from layerlint.layers.base import KERAS_BASE_KWARGS, REQUIRED, LayerError, Unmodelled, bind, lookup
from layerlint.pipeline import check_source

pytestmark = pytest.mark.keras3

NAMES = ["RandomFlip", "RandomRotation", "RandomZoom", "RandomTranslation", "RandomContrast",
         "RandomBrightness", "RandomCrop", "CenterCrop", "Resizing", "Normalization"]
# Keywords the image layers take through **kwargs into BaseImagePreprocessingLayer.__init__.
IMAGE_KWARGS = {"bounding_box_format", "data_format", "factor"}

SHAPES = [(None,), (None, 4), (None, 8, 8), (None, 8, 8, 3), (None, None, None, 3),
          (None, 8, 8, None), (2, 8, 8, 3), (None, 8, 8, 3, 2), (None, 2, 3, 4, 5, 6)]

AUGMENTATION = [
    "RandomFlip('horizontal')", "RandomFlip()", "RandomFlip('vertical', seed=1)",
    "RandomFlip('bad')", "RandomFlip(data_format='nchw')", "RandomFlip(factor=0.1)",
    "RandomFlip(factor=None)", "RandomFlip(foo=1)", "RandomFlip(bounding_box_format='xyxy')",
    "RandomRotation(0.1)", "RandomRotation(2)", "RandomRotation(-1)", "RandomRotation(None)",
    "RandomRotation((0.1, 0.2, 0.3))", "RandomRotation('a')", "RandomRotation((-2, -1.5))",
    "RandomRotation((2, 3))", "RandomRotation((0.5, -2))", "RandomRotation((-2, 0.5))",
    "RandomRotation([0.1, 0.2])", "RandomRotation(True)", "RandomRotation(0)",
    "RandomRotation(0.1, fill_mode='zeros')", "RandomRotation(0.1, interpolation='bicubic')",
    "RandomRotation(0.1, fill_mode='zeros', interpolation='x')",
    "RandomRotation(0.1, 'constant', 'nearest', 3, 1.0, 'channels_first')",
    "RandomRotation(0.2, data_format='x')", "RandomRotation()",
    "RandomZoom(0.1)", "RandomZoom(1.0)", "RandomZoom(-1.0)", "RandomZoom(1.5)",
    "RandomZoom((0.1, 2))", "RandomZoom(0.1, 3)", "RandomZoom('a')", "RandomZoom(0.1, 'a')",
    "RandomZoom((0.1,))", "RandomZoom(None)", "RandomZoom(0.1, None)", "RandomZoom((-0.2, 0.3))",
    "RandomZoom(0.1, fill_mode='x')", "RandomZoom(0.1, interpolation='bicubic')",
    "RandomZoom(0.1, data_format='x')", "RandomZoom(2, data_format='x')",
    "RandomZoom(0.1, factor=0.2)", "RandomZoom(True)",
    "RandomTranslation(0.1, 0.1)", "RandomTranslation(0.1)", "RandomTranslation(-1, 1)",
    "RandomTranslation(1.1, 0)", "RandomTranslation(0.1, (0.1, 0.2, 0.3))",
    "RandomTranslation(0.1, 0.1, data_format='x')", "RandomTranslation(0.1, 0.1, fill_mode='x')",
    "RandomTranslation(0.1, None)", "RandomTranslation((0.1, -2), 0.1)",
    "RandomContrast(0.1)", "RandomContrast(1.5)", "RandomContrast(-0.5)",
    "RandomContrast((0.2, 0.5))", "RandomContrast((-2, -1))", "RandomContrast(0.1, value_range=5)",
    "RandomContrast(0.1, data_format='x')", "RandomContrast(0.1, data_format='channels_first')",
    "RandomContrast(0.1, bounding_box_format='xyxy')", "RandomContrast(0.1, foo=2)",
    "RandomBrightness(0.1)", "RandomBrightness(1.5)", "RandomBrightness(0.1, value_range=5)",
    "RandomBrightness(0.1, value_range=(1, 2, 3))", "RandomBrightness(0.1, value_range=(5, 1))",
    "RandomBrightness('a')", "RandomBrightness((-0.2, 0.4), (0, 1), 3)",
]

CROPPING = [
    f"{kind}({args}{fmt})"
    for kind in ("RandomCrop", "CenterCrop", "Resizing")
    for args in ("4, 5", "10, 5", "0, 5", "-1, 5", "'a', 5", "2.5, 5", "True, 5", "4, None")
    for fmt in ("", ", data_format='channels_first'")
] + [
    "RandomCrop(4, 5, data_format='x')", "RandomCrop(4, 5, 1, 'channels_last', 'crop')",
    "RandomCrop(4, 5, bounding_box_format='xyxy')", "RandomCrop(4, 5, factor=2)",
    "RandomCrop(4, 5, factor=0.5)", "RandomCrop(4)", "CenterCrop(4, 5, data_format='x')",
    "CenterCrop(4, 5, factor=0.1)", "Resizing(4, 5, interpolation='x')",
    "Resizing(4, 5, fill_mode='x')", "Resizing(4, 5, data_format='x')",
    "Resizing(4, 5, crop_to_aspect_ratio=True)", "Resizing(4, 5, factor=0.2)",
    "Resizing(4, 5, 'nearest', False, True, 'constant', 0.0, True, 'channels_last')",
]

NORMALIZATION = [
    "Normalization()", "Normalization(mean=2., variance=3.)", "Normalization(axis=None)",
    "Normalization(axis=(1, 2))", "Normalization(axis=[1, 2])", "Normalization(axis=(0,))",
    "Normalization(axis=(3, -1))", "Normalization(axis=(-1, -1))", "Normalization(axis='a')", "Normalization(axis=1.5)",
    "Normalization(mean=1.)", "Normalization(variance=1.)",
    "Normalization(mean=[1., 2.], variance=[1.])", "Normalization(mean=[[1.]], variance=[[1.]])",
    "Normalization(mean=[1., 2., 3.], variance=[1., 1., 1.])",
    "Normalization(mean=[1., 2.], variance=[1., 1.])", "Normalization(mean=[1.], variance=[2.])",
    "Normalization(axis=None, mean=[1., 2., 3.], variance=[1., 1., 1.])",
    "Normalization(axis=None, mean=1., variance=1.)",
    "Normalization(mean=[[1., 2., 3.]] * 8, variance=[[1., 1., 1.]] * 8, axis=(2, 3))",
    "Normalization(mean=[1., 2., 3.], variance=[1., 1., 1.], axis=(2, 3))",
    "Normalization(invert=True)", "Normalization(-1, None, None, True)",
    "Normalization(trainable=False)",
]

# "[...] * 8" spelled out: the harness takes literals only.
NORMALIZATION = [s.replace("[[1., 2., 3.]] * 8", repr([[1., 2., 3.]] * 8))
                 .replace("[[1., 1., 1.]] * 8", repr([[1., 1., 1.]] * 8)) for s in NORMALIZATION]
ALL = AUGMENTATION + CROPPING + NORMALIZATION


def ours(src: str, shape: tuple) -> Outcome | str:
    """layerlint's outcome, or "unknown" when the entry leaves the output unknown."""
    try:
        return layerlint_layer(src, shape)
    except Unmodelled:
        return "unknown"


def real(src: str, shape: tuple) -> Outcome:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return keras_layer(src, shape)


@pytest.mark.parametrize("src, shape", itertools.product(ALL, SHAPES))
def test_preprocessing_layers_match_keras(src: str, shape: tuple) -> None:
    mine, theirs = ours(src, shape), real(src, shape)
    if mine == "unknown":
        # Only where Keras overwrites the batch axis (reading a 3-D input as one unbatched
        # image) or fails in a way not modelled (Normalization naming an axis twice).
        assert theirs.error == "build" or theirs.shape[0] is not None
        return
    assert mine == theirs


def test_unknown_outputs_are_the_batch_overwriting_cases() -> None:
    unknown = [(s, shape) for s, shape in itertools.product(ALL, SHAPES)
               if ours(s, shape) == "unknown"]
    crops = [(s, shape) for s, shape in unknown if not s.startswith("Normalization")]
    assert {parse_call(s).kind for s, _ in crops} == {"CenterCrop", "Resizing", "RandomCrop"}
    assert {len(shape) for _, shape in crops} <= {2, 3, 5, 6}
    normalizations = {s for s, _ in unknown if s.startswith("Normalization")}
    assert normalizations == {"Normalization(axis=(3, -1))", "Normalization(axis=(-1, -1))"}


def test_grid_has_every_stage() -> None:
    stages = {o.error if isinstance(o, Outcome) else o
              for o in (ours(s, shape) for s, shape in itertools.product(ALL, SHAPES))}
    assert stages == {None, "init", "build", "unknown"}


# --- messages -------------------------------------------------------------------------------


def _layerlint_error(src: str, shape: tuple) -> tuple[str, LayerError] | None:
    call = parse_call(src)
    spec = lookup("keras", call.kind)
    try:
        args = bind(spec, call, snake(call.kind))
        spec.validate(args)
    except LayerError as error:
        return "init", error
    try:
        spec.call(args, shape)
    except LayerError as error:
        return "build", error
    except Unmodelled:
        return None
    return None


ERROR_CASES = [(s, shape) for s, shape in itertools.product(ALL, SHAPES)
               if _layerlint_error(s, shape) is not None]


def test_there_are_many_error_cases() -> None:
    assert len(ERROR_CASES) > 300


@pytest.mark.parametrize("src, shape", ERROR_CASES)
def test_framework_message_is_keras_own(src: str, shape: tuple) -> None:
    stage, error = _layerlint_error(src, shape)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        theirs = keras_error(src, shape)
    if stage == "init":
        assert error.framework == theirs
    else:
        kind, _, text = error.framework.partition(": ")
        assert theirs.startswith(kind)
        assert re.sub(r"\s+", " ", text) in re.sub(r"\s+", " ", theirs)


# --- signatures and masking -----------------------------------------------------------------


@pytest.mark.parametrize("name", NAMES)
def test_signature_matches_keras(name: str) -> None:
    spec = lookup("keras", name)
    params = inspect.signature(real_layer(name).__init__).parameters.values()
    theirs = [(p.name, p.default) for p in params
              if p.name != "self" and p.kind is not p.VAR_KEYWORD]
    mine = [(p.name, inspect.Parameter.empty if p.default is REQUIRED else p.default)
            for p in spec.signature]
    assert mine == theirs
    own = {p.name for p in spec.signature}
    extra = set(spec.base_kwargs) - set(KERAS_BASE_KWARGS) - own
    assert extra == (set() if name == "Normalization" else IMAGE_KWARGS - own)


@pytest.mark.parametrize("name", NAMES)
def test_supports_masking_matches_keras(name: str) -> None:
    required = {"RandomRotation": "0.1", "RandomZoom": "0.1", "RandomTranslation": "0.1, 0.1",
                "RandomContrast": "0.1", "RandomBrightness": "0.1", "RandomCrop": "2, 2",
                "CenterCrop": "2, 2", "Resizing": "2, 2"}.get(name, "")
    layer = real_layer(name)(*eval(f"({required},)" if required else "()"))
    assert lookup("keras", name).supports_masking == layer.supports_masking


# --- whole scripts ----------------------------------------------------------------------------

TUTORIAL = """\
import keras
from keras import layers

data_augmentation = keras.Sequential([
    layers.RandomFlip("horizontal"),
    layers.RandomRotation(0.1),
    layers.RandomZoom(0.1),
])
model = keras.Sequential([
    keras.Input((180, 180, 3)),
    layers.RandomFlip("horizontal"),
    layers.RandomRotation(0.1),
    layers.RandomZoom(0.1),
    layers.Rescaling(1./255),
    layers.Resizing(160, 160),
    layers.CenterCrop(150, 150),
    layers.Conv2D(16, 3, padding='same', activation='relu'),
    layers.MaxPooling2D(),
    layers.Flatten(),
    layers.Dense(5),
])
"""


def _run(script: str) -> list:
    import keras

    namespace: dict = {}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        exec(compile(script, "tutorial.py", "exec"), namespace)  # noqa: S102 - the test's own script
    model = namespace["model"]
    assert isinstance(model, keras.Model)
    return [(type(layer).__name__, tuple(layer.output.shape), layer.count_params())
            for layer in model.layers]


def test_tutorial_augmentation_model_matches_keras() -> None:
    result = check_source(TUTORIAL, "tutorial.py")
    assert not [d for d in result.diagnostics if d.code in ("LL901", "LL902")]
    assert not [d for d in result.diagnostics if d.severity == "error"]
    model = next(m for m in result.models if len(m.layers) == 10)
    mine = [(layer.type, tuple(layer.output_shape), layer.params) for layer in model.layers]
    assert mine == _run(TUTORIAL)


def test_normalization_weights_match_keras() -> None:
    script = ("import keras\nmodel = keras.Sequential([keras.Input((6, 4)), "
              "keras.layers.Normalization(axis=-1), keras.layers.Dense(2)])\n")
    model = check_source(script, "n.py").models[0]
    assert [(layer.type, tuple(layer.output_shape), layer.params) for layer in model.layers] == (
        _run(script))


def test_unknown_crop_size_keeps_the_rank() -> None:
    script = ("import keras, sys\nh = int(sys.argv[1])\nmodel = keras.Sequential(["
              "keras.Input((32, 32, 3)), keras.layers.RandomCrop(h, 24), keras.layers.Flatten(), "
              "keras.layers.Dense(2)])\n")
    result = check_source(script, "u.py")
    assert not [d for d in result.diagnostics if d.severity == "error"]
    crop = result.models[0].layers[0]
    assert crop.output_shape is not None and len(crop.output_shape) == 4
    assert crop.output_shape[2:] == (24, 3)


def test_crop_on_an_unbatched_reading_is_unknown_not_an_error() -> None:
    # Input((180, 180)): Keras reads the batch axis as the image height (output (160, 160, 180)).
    script = ("import keras\nmodel = keras.Sequential([keras.Input((180, 180)), "
              "keras.layers.Resizing(160, 160), keras.layers.Dense(2)])\n")
    result = check_source(script, "r.py")
    assert not [d for d in result.diagnostics if d.severity == "error"]
    assert result.models[0].layers[0].output_shape is None
    assert _run(script)[0][1] == (160, 160, 180)


def test_build_error_is_reported_at_construction() -> None:
    script = ("import keras\nmodel = keras.Sequential([keras.Input((10,)),\n"
              "    keras.layers.CenterCrop(4, 4)])\n")
    found = [d for d in check_source(script, "c.py").diagnostics if d.severity == "error"]
    assert [(d.code, d.stage, d.span.line) for d in found] == [("LL101", "construct", 3)]
    with pytest.raises(ValueError, match="size 3 \\(unbatched\\) or 4 \\(batched\\)"):
        _run(script)


# --- categorical layers: CategoryEncoding, Discretization, Hashing, StringLookup, IntegerLookup

CATEGORICAL_NAMES = ["CategoryEncoding", "Discretization", "Hashing", "StringLookup",
                     "IntegerLookup"]
CATEGORICAL_SHAPES = [(None,), (None, 1), (None, 4), (None, 8, 1), (None, 8, 3), (None, None),
                      (2, 5), (None, 2, 3, 4), (None, 3, None)]
CATEGORICAL = [
    "CategoryEncoding(4)", "CategoryEncoding(4, 'one_hot')", "CategoryEncoding(4, 'count')",
    "CategoryEncoding(4, 'binary')", "CategoryEncoding(4, 'multi_hot', True)",
    "CategoryEncoding()", "CategoryEncoding(0)", "CategoryEncoding(-2, 'count')",
    "CategoryEncoding(4, 'x')", "CategoryEncoding(None, 'x')", "CategoryEncoding('a')",
    "CategoryEncoding(4, foo=1)", "CategoryEncoding(1, 'one_hot', name='enc')",
    "CategoryEncoding(num_tokens=3, output_mode='one_hot', trainable=False)",
    "Discretization([0., 1.])", "Discretization(num_bins=3)", "Discretization([])",
    "Discretization([0., 1.], output_mode='one_hot')", "Discretization([0.5], None, 0.1, 'count')",
    "Discretization(num_bins=3, output_mode='multi_hot')", "Discretization()",
    "Discretization([0.], num_bins=3)", "Discretization(num_bins=-1)",
    "Discretization(num_bins=0, output_mode='one_hot')", "Discretization(num_bins='a')",
    "Discretization([0., 1.], output_mode='x')", "Discretization(num_bins=-1, output_mode='x')",
    "Discretization([0., 1.], input_shape=(3,))", "Discretization([0., 1.], trainable=False)",
    "Discretization([0., 1.], foo=1)", "Discretization([0., 1.], 'count', sparse=True)", "Discretization([1., 2.], name='d', dtype='float32')",
    "Hashing(3)", "Hashing(3, output_mode='one_hot')", "Hashing(3, output_mode='count')",
    "Hashing(3, output_mode='multi_hot')", "Hashing(0)", "Hashing(None)", "Hashing(-2, 'x')",
    "Hashing(3, output_mode='x')", "Hashing(3, sparse=True)", "Hashing(3, salt=1)",
    "Hashing(3, salt=(1, 2))", "Hashing(3, salt=(1, 2, 3))", "Hashing(3, salt='a')",
    "Hashing(3, dtype='float32')", "Hashing(3, dtype='int32')",
    "Hashing(3, output_mode='one_hot', sparse=True)",
    "Hashing(3, output_mode='multi_hot', dtype='int32')", "Hashing(3, mask_value='')",
    "Hashing(3, foo=1)", "Hashing()",
    "StringLookup()", "StringLookup(vocabulary=['a', 'b'])",
    "StringLookup(vocabulary=['a', 'b'], output_mode='one_hot')",
    "StringLookup(vocabulary=['a', 'b'], output_mode='multi_hot')",
    "StringLookup(vocabulary=('a', 'b', 'c'), output_mode='binary', num_oov_indices=0)",
    "StringLookup(output_mode='count')", "StringLookup(output_mode='one_hot')",
    "StringLookup(4, output_mode='count', pad_to_max_tokens=True)",
    "StringLookup(4, output_mode='one_hot', pad_to_max_tokens=True)",
    "StringLookup(vocabulary=['a', 'b'], mask_token='', num_oov_indices=2, output_mode='count')",
    "StringLookup(vocabulary=['a', 'b'], mask_token='')", "StringLookup(1)",
    "StringLookup(3, vocabulary=['a', 'b', 'c'])", "StringLookup(4, vocabulary=['a', 'b', 'c'])",
    "StringLookup(pad_to_max_tokens=True)", "StringLookup(num_oov_indices=-1)",
    "StringLookup(output_mode='x')", "StringLookup(invert=True, output_mode='count')",
    "StringLookup(invert=True)", "StringLookup(output_mode='int', sparse=False, salt=3)",
    "StringLookup(salt=(1, 2, 3))", "StringLookup(idf_weights=[1.])",
    "StringLookup(vocabulary=['a', 'b'], output_mode='tf_idf', idf_weights=[1., 2.])",
    "StringLookup(vocabulary=[])", "StringLookup(foo=1)", "StringLookup(input_shape=(3,))",
    "StringLookup(trainable=False)", "StringLookup(dtype='string')",
    "StringLookup(output_mode='count', sparse=True)", "StringLookup(vocabulary=['a', 'a'])",
    "StringLookup(vocabulary=['[UNK]', 'a'], output_mode='count')",
    "IntegerLookup()", "IntegerLookup(vocabulary=[1, 2, 3])",
    "IntegerLookup(vocabulary=[1, 2, 3], output_mode='one_hot')",
    "IntegerLookup(vocabulary=[1, 2, 3], output_mode='count', mask_token=0)",
    "IntegerLookup(vocabulary=[1, 2, 3], mask_token=0)", "IntegerLookup(output_mode='multi_hot')",
    "IntegerLookup(5, output_mode='multi_hot', pad_to_max_tokens=True)", "IntegerLookup(1)",
    "IntegerLookup(num_oov_indices=-1)", "IntegerLookup(vocabulary_dtype='int32')",
    "IntegerLookup(oov_method='x')", "IntegerLookup(salt=1)",
    "IntegerLookup(salt=1, oov_method='farmhash')", "IntegerLookup(output_mode='x')",
    "IntegerLookup(2, vocabulary=[4, 5])", "IntegerLookup(invert=True, output_mode='one_hot')",
    "IntegerLookup(foo=1)", "IntegerLookup(vocabulary=[])",
]


def same_outcome(mine: Outcome, theirs: Outcome) -> bool:
    """Equal, except that an axis unknown to layerlint ("?", the size adapt() sets) matches
    whatever Keras computes for it on a layer never adapted."""
    if mine.error != theirs.error or mine.params != theirs.params \
            or mine.non_trainable != theirs.non_trainable:
        return False
    if mine.shape is None or theirs.shape is None:
        return mine.shape == theirs.shape
    return len(mine.shape) == len(theirs.shape) and all(
        isinstance(m, str) or m == t for m, t in zip(mine.shape, theirs.shape))


@pytest.mark.parametrize("src, shape", itertools.product(CATEGORICAL, CATEGORICAL_SHAPES))
def test_categorical_layers_match_keras(src: str, shape: tuple) -> None:
    mine, theirs = ours(src, shape), real(src, shape)
    if mine == "unknown":
        return  # which cases: test_categorical_unknowns_are_the_documented_ones
    assert same_outcome(mine, theirs), (mine, theirs)


def test_categorical_unknowns_are_the_documented_ones() -> None:
    unknown = {s for s, shape in itertools.product(CATEGORICAL, CATEGORICAL_SHAPES)
               if ours(s, shape) == "unknown"}
    # sparse=True where the backend decides, a non-numeric bin count, vocabularies holding
    # special or repeated tokens.
    assert unknown == {"Discretization([0., 1.], 'count', sparse=True)",
                       "StringLookup(output_mode='count', sparse=True)",
                       "Discretization(num_bins='a')", "StringLookup(vocabulary=['a', 'a'])",
                       "StringLookup(vocabulary=['[UNK]', 'a'], output_mode='count')"}


def test_unadapted_vocabulary_size_is_unknown_not_guessed() -> None:
    out = ours("StringLookup(output_mode='count')", (None, 4))
    assert isinstance(out, Outcome) and out.shape == (None, "?")
    assert real("StringLookup(output_mode='count')", (None, 4)).shape == (None, None)


def _categorical_error(src: str, shape: tuple) -> tuple[str, LayerError] | None:
    try:
        return _layerlint_error(src, shape)
    except Unmodelled:  # raised by validate: the layer is unknown to layerlint
        return None


CATEGORICAL_ERRORS = [(s, shape) for s, shape in itertools.product(
    CATEGORICAL, CATEGORICAL_SHAPES[:1]) if _categorical_error(s, shape) is not None]


def test_there_are_categorical_error_cases() -> None:
    assert len(CATEGORICAL_ERRORS) > 35


@pytest.mark.parametrize("src, shape", CATEGORICAL_ERRORS)
def test_categorical_message_is_keras_own(src: str, shape: tuple) -> None:
    stage, error = _categorical_error(src, shape)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        theirs = keras_error(src, shape)
    assert stage == "init"
    assert error.framework == theirs


@pytest.mark.parametrize("name", CATEGORICAL_NAMES)
def test_categorical_signature_matches_keras(name: str) -> None:
    spec = lookup("keras", name)
    params = inspect.signature(real_layer(name).__init__).parameters.values()
    theirs = [(p.name, p.default) for p in params
              if p.name != "self" and p.kind is not p.VAR_KEYWORD]
    mine = [(p.name, inspect.Parameter.empty if p.default is REQUIRED else p.default)
            for p in spec.signature]
    assert mine == theirs
    has_kwargs = any(p.kind is p.VAR_KEYWORD for p in params)
    assert has_kwargs == bool(spec.base_kwargs)


@pytest.mark.parametrize("name", CATEGORICAL_NAMES)
def test_categorical_supports_masking_matches_keras(name: str) -> None:
    args = {"CategoryEncoding": (4,), "Discretization": ([0.],), "Hashing": (3,)}.get(name, ())
    layer = real_layer(name)(*args)
    assert lookup("keras", name).supports_masking == layer.supports_masking


CATEGORICAL_SCRIPT = """\
import keras
from keras import layers

model = keras.Sequential([
    keras.Input((1,), dtype="string"),
    layers.StringLookup(vocabulary=["cat", "dog", "bird"], output_mode="one_hot"),
    layers.Dense(2),
])
"""


def test_lookup_one_hot_feeds_dense_as_keras_builds_it() -> None:
    result = check_source(CATEGORICAL_SCRIPT, "lookup.py")
    assert not [d for d in result.diagnostics if d.severity == "error" or d.code == "LL902"]
    mine = [(layer.type, tuple(layer.output_shape), layer.params)
            for layer in result.models[0].layers]
    assert mine == _run(CATEGORICAL_SCRIPT)


def test_adapted_lookup_leaves_dense_params_unknown() -> None:
    script = CATEGORICAL_SCRIPT.replace('vocabulary=["cat", "dog", "bird"], ', "")
    result = check_source(script, "lookup.py")
    assert not [d for d in result.diagnostics if d.severity == "error"]
    lookup_layer, dense = result.models[0].layers
    assert lookup_layer.output_shape == (None, "?") and dense.params is None
