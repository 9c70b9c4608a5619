"""The preprocessing entries in the tf.keras 2 dialect, against tf_keras 2.21.

tf.keras 2 validates these layers' arguments with other bounds, messages and stages than
Keras 3 (layers/keras/image_keras2.py): every outcome layerlint claims there (an error when the
layer is created, an error when it is built, an output shape and weights) is tf.keras 2's, with
its message; what it leaves unknown is only where tf.keras 2's result depends on what layerlint
does not model (a 3-D input read as one unbatched image, given Normalization statistics, crop
sizes that are not integers). The categorical layers and tf.keras 2's RandomHeight/RandomWidth
follow."""

from __future__ import annotations

import itertools
import warnings

import pytest
from catalogue_harness import Outcome, entry_error, parse_call, snake
from test_catalogue_preprocessing import (
    ALL,
    CATEGORICAL,
    CATEGORICAL_SHAPES,
    SHAPES,
    same_outcome,
)

from layerlint.layers.base import LayerError, Unmodelled, bind
from layerlint.pipeline import check_source
from layerlint.replay.keras.keras2 import Keras2Replay, keras2_message

from .tf_keras_harness import layerlint_keras2_layer, tf_keras_layer
from .tf_keras_runner import run_script, tf_keras

pytestmark = pytest.mark.keras2


def ours(src: str, shape: tuple) -> Outcome | None:
    try:
        return layerlint_keras2_layer(src, shape)
    except Unmodelled:
        return None


def _grid() -> list[tuple[str, tuple, Outcome | None, Outcome]]:
    rows = []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for src, shape in itertools.product(ALL, SHAPES):
            rows.append((src, shape, ours(src, shape), tf_keras_layer(src, shape)))
    return rows


@pytest.fixture(scope="module")
def grid() -> list[tuple[str, tuple, Outcome | None, Outcome]]:
    return _grid()


def test_no_error_tf_keras_does_not_raise(grid) -> None:
    false_alarms = [(s, shape) for s, shape, mine, theirs in grid
                    if mine is not None and mine.error and theirs.error is None]
    assert false_alarms == []


def test_every_claimed_shape_is_tf_keras(grid) -> None:
    wrong = [(s, shape, mine, theirs) for s, shape, mine, theirs in grid
             if mine is not None and mine.error is None and theirs.error is None
             and mine != theirs]
    assert wrong == []


def test_every_claimed_outcome_is_tf_keras(grid) -> None:
    # Errors included: the stage (creation or build) is tf.keras 2's.
    assert [(s, shape, mine, theirs) for s, shape, mine, theirs in grid
            if mine is not None and mine != theirs] == []


def test_unknowns_are_the_unmodelled_cases(grid) -> None:
    unknown = [(s, shape, theirs) for s, shape, mine, theirs in grid if mine is None]
    assert {parse_call(s).kind for s, _, _ in unknown} == {
        "Normalization", "Resizing", "RandomCrop", "CenterCrop"}
    # Crops and resizes leave 3-D inputs (one unbatched image) and sizes that are not
    # non-negative integers unknown.
    crops = [(s, shape) for s, shape, _ in unknown if not s.startswith("Normalization")]
    assert all(len(shape) == 3 or not all(isinstance(v, int) and v >= 0
                                          for v in parse_call(s).args[:2])
               for s, shape in crops)
    assert len(unknown) < 0.1 * len(grid)


def _keras2_outcome_error(src: str, shape: tuple) -> tuple[str, LayerError] | None:
    call = parse_call(src)
    spec = Keras2Replay.layer_spec(None, call.kind)  # type: ignore[arg-type]
    try:
        args = bind(spec, call, snake(call.kind))
        if spec.validate:
            spec.validate(args)
    except LayerError as error:
        return "init", error
    except Unmodelled:
        return None
    try:
        spec.call(args, shape)
    except LayerError as error:
        return "build", error
    except Unmodelled:
        return None
    return None


def test_argument_errors_are_claimed_at_creation(grid) -> None:
    created = {s for s, _, mine, _ in grid if mine is not None and mine.error == "init"}
    assert len(created) > 50


@pytest.mark.parametrize("src, shape", [
    (s, shape) for s, shape in itertools.product(ALL, [(None, 4), (None, 8, 8, 3),
                                                       (None, 8, 8, 3, 2)])
    if _keras2_outcome_error(s, shape) is not None])
def test_messages_are_tf_keras(src: str, shape: tuple) -> None:
    stage, error = _keras2_outcome_error(src, shape)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        theirs = _tf_keras_error(src, shape)
    mine = keras2_message(error.framework)  # as the replay words it for tf.keras 2
    if stage == "init":
        assert mine == theirs
    else:  # TensorFlow's node definition and the call arguments follow layerlint's text
        assert theirs.startswith(mine)


def test_most_of_the_grid_is_known_and_agrees(grid) -> None:
    agree = [row for row in grid if row[2] == row[3]]
    assert len(agree) > 0.9 * len(grid)


# The layers of the image-classification tutorials, as tf.keras 2 code writes them.
TUTORIAL = [
    "RandomFlip('horizontal')", "RandomFlip('horizontal_and_vertical', 3)",
    "RandomRotation(0.1)", "RandomRotation(0.2, fill_mode='constant')", "RandomZoom(0.1)",
    "RandomZoom((-0.2, 0.3), 0.1)", "RandomTranslation(0.1, 0.1)", "RandomContrast(0.2)",
    "RandomBrightness(0.2)", "RandomCrop(4, 5)", "CenterCrop(4, 5)", "Resizing(4, 5)",
    "Resizing(4, 5, 'nearest', True)", "Rescaling(0.5)", "Normalization()",
    "Normalization(axis=None)", "Normalization(mean=2., variance=3.)",
]


@pytest.mark.parametrize("src, shape", itertools.product(
    TUTORIAL, [(None, 8, 8, 3), (None, None, None, 3), (4, 16, 12, 1)]))
def test_tutorial_layers_match_tf_keras(src: str, shape: tuple) -> None:
    assert ours(src, shape) == tf_keras_layer(src, shape)


@pytest.mark.parametrize("src", [
    "RandomFlip('horizontal', data_format='channels_last')",
    "RandomContrast(0.1, value_range=(0, 1))", "Resizing(4, 5, pad_to_aspect_ratio=True)",
    "RandomRotation(0.1, data_format='channels_last')", "CenterCrop(4, 5, factor=0.1)",
])
def test_keras3_only_argument_rejected_with_tf_keras_message(src: str) -> None:
    script = ("from tensorflow import keras\nmodel = keras.Sequential([keras.Input((8, 8, 3)), "
              f"keras.layers.{src}])\n")
    real = run_script(script).error
    found = [d for d in check_source(script, "k2.py", dialect="keras2").diagnostics
             if d.severity == "error"]
    assert real is not None and real.stage == "construct" and real.line == 2
    assert [(d.code, d.stage, d.span.line, d.framework_error) for d in found] == [
        ("LL105", "construct", 2, f"{real.type}: {real.message}")]


def test_tutorial_script_runs_in_tf_keras_and_is_clean() -> None:
    script = ("from tensorflow import keras\nfrom tensorflow.keras import layers\n"
              "model = keras.Sequential([\n    layers.RandomFlip('horizontal', "
              "input_shape=(180, 180, 3)),\n    layers.RandomRotation(0.1),\n"
              "    layers.RandomZoom(0.1),\n    layers.Rescaling(1./255),\n"
              "    layers.Conv2D(16, 3, padding='same', activation='relu'),\n"
              "    layers.MaxPooling2D(),\n    layers.Flatten(),\n    layers.Dense(5),\n])\n")
    run = run_script(script)
    assert run.error is None
    result = check_source(script, "k2.py", dialect="keras2")
    assert not [d for d in result.diagnostics if d.severity == "error" or d.code == "LL901"]
    mine = [(layer.type, tuple(layer.output_shape), layer.params)
            for layer in result.models[0].layers]
    real = run.models[0]
    assert [(layer.type, layer.output_shape, layer.params) for layer in real.layers] == mine


# --- categorical layers -----------------------------------------------------------------------

def _tf_keras_creation_error(src: str) -> str | None:
    keras = tf_keras()
    namespace = {name: getattr(keras.layers, name) for name in dir(keras.layers)}
    try:
        eval(src, namespace)  # the test's own literal source, never user code
    except Exception as error:  # noqa: BLE001 - the rejection is what is measured
        return f"{type(error).__name__}: {error}"
    return None


def _keras2_creation_error(src: str) -> str | None:
    call = parse_call(src)
    spec = Keras2Replay.layer_spec(None, call.kind)  # type: ignore[arg-type]
    try:
        args = bind(spec, call, snake(call.kind))
        if spec.validate:
            spec.validate(args)
    except LayerError as error:
        return error.framework
    except Unmodelled:
        return None
    return None


ENCODERS = [s for s in CATEGORICAL if s.startswith(("CategoryEncoding", "Discretization"))]
LOOKUPS = [s for s in CATEGORICAL if s not in ENCODERS]


@pytest.fixture(scope="module")
def encoder_grid() -> list[tuple[str, tuple, Outcome | None, Outcome]]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return [(src, shape, ours(src, shape), tf_keras_layer(src, shape))
                for src, shape in itertools.product(ENCODERS, CATEGORICAL_SHAPES)]


def test_encoders_match_tf_keras(encoder_grid) -> None:
    wrong = [(s, shape, mine, theirs) for s, shape, mine, theirs in encoder_grid
             if mine is not None and not same_outcome(mine, theirs)]
    assert wrong == []


def test_encoder_unknowns_are_the_documented_ones(encoder_grid) -> None:
    # sparse=True (tf.keras' sparse bincount fails on a float input), a dtype given to
    # Discretization (tf.keras replaces a float one by int64).
    assert {s for s, _, mine, _ in encoder_grid if mine is None} == {
        "CategoryEncoding(4, 'multi_hot', True)",
        "Discretization([1., 2.], name='d', dtype='float32')"}


def test_encoders_reject_rank_above_two_when_built(encoder_grid) -> None:
    built = [(s, shape) for s, shape, mine, _ in encoder_grid
             if mine is not None and mine.error == "build"]
    assert len(built) > 40


@pytest.mark.parametrize("src", CATEGORICAL)
def test_categorical_creation_errors_are_tf_keras(src: str) -> None:
    mine = _keras2_creation_error(src)
    if mine is None:
        return
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        assert mine == _tf_keras_creation_error(src)


def test_categorical_creation_errors_are_many() -> None:
    assert sum(_keras2_creation_error(s) is not None for s in CATEGORICAL) > 20


@pytest.mark.parametrize("src", LOOKUPS)
def test_hashing_and_lookups_claim_no_shape_in_tf_keras(src: str) -> None:
    # Their build runs TensorFlow ops on the input's dtype (Hashing on float32 fails).
    mine = ours(src, (None, 1))
    assert mine is None or mine.error == "init"


def test_encoder_build_error_reported_at_construction() -> None:
    script = ("from tensorflow import keras\nmodel = keras.Sequential([keras.Input((8, 3)),\n"
              "    keras.layers.CategoryEncoding(4, 'one_hot')])\n")
    real = run_script(script).error
    found = [d for d in check_source(script, "k2.py", dialect="keras2").diagnostics
             if d.severity == "error"]
    assert real is not None and real.stage == "construct"
    assert [(d.code, d.stage, d.span.line) for d in found] == [("LL101", "construct", 3)]
    assert f"{real.type}: {real.message}".startswith(found[0].framework_error)


# --- RandomHeight / RandomWidth: tf.keras 2 only ----------------------------------------------

RANDOM_SIZE = [
    f"{kind}({args})" for kind in ("RandomHeight", "RandomWidth") for args in (
        "0.2", "(-0.2, 0.3)", "[0.1, 0.5]", "(0.3, -0.2)", "-2", "2", "1", "-1", "0",
        "(-1.5, 0.5)", "(0.5, -1.5)", "0.2, 'bicubic'", "0.2, 'x'", "0.2, 'nearest', 3",
        "'a'", "None", "(0.1,)", "[]", "0.2, foo=1", "0.2, input_shape=(8, 8, 3)",
        "0.2, data_format='channels_last'")
]
IMAGE_SHAPES = [(None,), (None, 4), (None, 8, 8), (2, 8, 8), (None, 8, 8, 3),
                (None, None, None, 3), (2, 8, 8, 3), (None, 8, 8, 3, 2)]


@pytest.fixture(scope="module")
def random_size_grid() -> list[tuple[str, tuple, Outcome | None, Outcome]]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return [(src, shape, ours(src, shape), tf_keras_layer(src, shape))
                for src, shape in itertools.product(RANDOM_SIZE, IMAGE_SHAPES)]


def test_random_size_layers_match_tf_keras(random_size_grid) -> None:
    assert [(s, shape, mine, theirs) for s, shape, mine, theirs in random_size_grid
            if mine != theirs] == []


def test_random_size_grid_has_every_stage(random_size_grid) -> None:
    assert {mine.error for _, _, mine, _ in random_size_grid} == {None, "init", "build"}


def _tf_keras_error(src: str, shape: tuple) -> str:
    keras = tf_keras()
    keras.backend.clear_session()
    namespace = {name: getattr(keras.layers, name) for name in dir(keras.layers)}
    try:
        layer = eval(src, namespace)  # the test's own literal source, never user code
        keras.Sequential([keras.Input(batch_shape=shape), layer])
    except Exception as error:  # noqa: BLE001 - the rejection is what is measured
        return f"{type(error).__name__}: {error}"
    raise AssertionError(f"{src} on {shape}: tf.keras raised nothing")


def _keras2_error(src: str, shape: tuple) -> LayerError | None:
    call = parse_call(src)
    return entry_error(Keras2Replay.layer_spec(None, call.kind), call, shape)  # type: ignore[arg-type]


@pytest.mark.parametrize("src, shape", [(s, shape) for s in RANDOM_SIZE
                                        for shape in ((None, 4), (None, 8, 8, 3, 2))])
def test_random_size_messages_are_tf_keras(src: str, shape: tuple) -> None:
    error = _keras2_error(src, shape)
    if error is None:
        return
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        theirs = _tf_keras_error(src, shape)
    mine = keras2_message(error.framework)  # as the replay words it for tf.keras 2
    # A build error is followed by TensorFlow's node definition, which layerlint leaves out.
    assert theirs == mine or theirs.startswith(mine)


def test_random_size_is_not_a_keras3_layer() -> None:
    import keras

    script = ("import keras\nmodel = keras.Sequential([keras.Input((8, 8, 3)), "
              "keras.layers.RandomHeight(0.2), keras.layers.Flatten(), keras.layers.Dense(2)])\n")
    assert not hasattr(keras.layers, "RandomHeight") and not hasattr(keras.layers, "RandomWidth")
    result = check_source(script, "k3.py", dialect="keras3")
    assert not [d for d in result.diagnostics if d.severity == "error"]
    assert [d.code for d in result.diagnostics if d.code == "LL901"] == ["LL901"]


def test_random_size_script_matches_tf_keras() -> None:
    script = ("from tensorflow import keras\nmodel = keras.Sequential([keras.Input((8, 8, 3)),\n"
              "    keras.layers.RandomHeight(0.2), keras.layers.RandomWidth(0.2),\n"
              "    keras.layers.Conv2D(4, 3), keras.layers.GlobalAveragePooling2D(),\n"
              "    keras.layers.Dense(2)])\n")
    run = run_script(script)
    assert run.error is None
    result = check_source(script, "k2.py", dialect="keras2")
    assert not [d for d in result.diagnostics if d.severity == "error" or d.code == "LL901"]
    mine = [(layer.type, tuple(layer.output_shape), layer.params)
            for layer in result.models[0].layers]
    assert [(layer.type, layer.output_shape, layer.params) for layer in run.models[0].layers] == (
        mine)


def test_random_size_then_flatten_dense_fails_as_in_tf_keras() -> None:
    script = ("from tensorflow import keras\nmodel = keras.Sequential([keras.Input((8, 8, 3)),\n"
              "    keras.layers.RandomHeight(0.2), keras.layers.Flatten(),\n"
              "    keras.layers.Dense(2)])\n")
    real = run_script(script).error
    found = [d for d in check_source(script, "k2.py", dialect="keras2").diagnostics
             if d.severity == "error"]
    assert real is not None and real.stage == "construct"
    assert [(d.code, d.stage, d.span.line, d.framework_error) for d in found] == [
        ("LL106", "construct", 4, f"{real.type}: {real.message}")]


@pytest.mark.parametrize("src", [
    "RandomRotation(0.1, fill_mode='zeros')", "RandomZoom(1.5)", "RandomTranslation(-1, 1)",
    "RandomContrast(1.5)", "RandomBrightness(0.1, value_range=5)", "RandomFlip('bad')",
    "Resizing(4, 5, interpolation='x')", "Normalization(mean=1.)", "RandomHeight(-2)",
    "Discretization(num_bins=-1)",
])
def test_tf_keras_argument_error_reported_where_the_layer_is_created(src: str) -> None:
    script = ("from tensorflow import keras\nmodel = keras.Sequential([keras.Input((8, 8, 3)),\n"
              f"    keras.layers.{src}])\n")
    real = run_script(script).error
    found = [d for d in check_source(script, "k2.py", dialect="keras2").diagnostics
             if d.severity == "error"]
    assert real is not None and real.stage == "construct" and real.line == 3
    assert [(d.code, d.stage, d.span.line, d.framework_error) for d in found] == [
        ("LL105", "construct", 3, f"{real.type}: {real.message}")]


@pytest.mark.parametrize("src", ["RandomRotation(0.1, fill_mode='zeros')", "RandomZoom(1.5)",
                                 "RandomTranslation(-1, 1)", "Resizing(4, 5, interpolation='x')"])
def test_keras3_checks_still_apply_in_keras3(src: str) -> None:
    # The same sources in Keras 3: layerlint says what Keras 3 says (its own checks).
    import keras

    script = ("import keras\nmodel = keras.Sequential([keras.Input((8, 8, 3)),\n"
              f"    keras.layers.{src}])\n")
    found = [d.stage for d in check_source(script, "k3.py", dialect="keras3").diagnostics
             if d.severity == "error"]
    try:
        keras.Sequential([keras.Input((8, 8, 3)), eval(f"keras.layers.{src}")])
        raised = None
    except Exception:  # noqa: BLE001 - the rejection is what is measured
        raised = "construct"
    assert found == ([raised] if raised else [])
