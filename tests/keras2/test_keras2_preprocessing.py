"""The preprocessing entries in the tf.keras 2 dialect, against tf_keras 2.21.

tf.keras 2 validates these layers' arguments with other bounds, messages and stages than
Keras 3, so only their signatures and shapes are modelled there (keras2_model
_KERAS2_PREPROCESSING): layerlint may miss a tf.keras 2 argument error, but never reports one
tf.keras 2 does not raise, and every shape it claims is tf.keras 2's."""

from __future__ import annotations

import itertools
import warnings

import pytest
from catalogue_harness import Outcome
from test_catalogue_preprocessing import ALL, SHAPES

from layerlint.layers.base import Unmodelled
from layerlint.pipeline import check_source

from .tf_keras_harness import layerlint_keras2_layer, tf_keras_layer
from .tf_keras_runner import run_script

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


def test_most_of_the_grid_is_known_and_agrees(grid) -> None:
    agree = [row for row in grid if row[2] == row[3]]
    assert len(agree) > 0.6 * len(grid)


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
