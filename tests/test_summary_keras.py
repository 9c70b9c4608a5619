"""Differential tests: layerlint's summary table == real Keras 3 ``model.summary()``, exactly.

Each real model is described to the renderer as analysis would describe it (names, types,
output shapes, parameter counts from the live model); the rendered text must equal what Keras
prints, character for character, at several terminal widths.
"""

from __future__ import annotations

import pytest

from layerlint.report.summary import column_widths, render_keras_summary, wrap_cell
from layerlint.results import LayerReport, ModelReport

keras = pytest.importorskip("keras")
layers = keras.layers

pytestmark = pytest.mark.keras3


def keras_summary(model) -> str:
    captured: list[str] = []
    model.summary(print_fn=lambda text, **_: captured.append(text))
    return "".join(captured)


def report_of(model) -> ModelReport:
    """What analysis would report for this model, read off the live model."""
    built = model.built
    rows = []
    for i, layer in enumerate(model.layers):
        out = None
        outputs = None
        if built:
            out_value = layer.output
            if isinstance(out_value, (list, tuple)):
                outputs = tuple(tuple(t.shape) for t in out_value)
                out = outputs[0]
            else:
                out = tuple(out_value.shape)
        non_trainable = sum(int(w.numpy().size) for w in layer.non_trainable_weights)
        rows.append(
            LayerReport(
                index=i,
                type=type(layer).__name__,
                name=layer.name,
                line=i + 1,
                input_shape=None,
                output_shape=out,
                params=layer.count_params() if built else None,
                non_trainable=non_trainable if built else 0,
                outputs=outputs,
            )
        )
    return ModelReport(
        name="model", framework="keras", dialect="keras3", line=1, input_shape=None,
        layers=rows, display_name=model.name, built=built,
    )


def models():
    yield keras.Sequential([keras.Input((None, 10)), layers.LSTM(64), layers.Dense(1)])
    yield keras.Sequential([layers.LSTM(64), layers.Dense(1)])  # unbuilt
    yield keras.Sequential(
        [
            keras.Input((28, 28, 1)),
            layers.Conv2D(32, 3, activation="relu"),
            layers.BatchNormalization(),
            layers.MaxPooling2D(),
            layers.Conv2D(64, 3),
            layers.BatchNormalization(),
            layers.GlobalAveragePooling2D(),
            layers.Dense(10, activation="softmax"),
        ],
        name="cnn",
    )
    yield keras.Sequential(
        [keras.Input((20,))] + [layers.Dense(512 - 8 * i) for i in range(40)] + [layers.Dense(1)]
    )
    yield keras.Sequential(
        [
            keras.Input((5,)),
            layers.Dense(3, name="a_really_long_layer_name_that_goes_on_and_on_forever_and_ever"),
            layers.Dense(4, name="dense with spaces in the name of the layer yes indeed it is"),
            layers.Dense(2, name="x" * 35),
            layers.Dense(2, name="y" * 36),
        ],
        name="a_model_with_a_rather_long_name_indeed_to_see_the_header",
    )
    yield keras.Sequential(
        [
            keras.Input((12, 34, 56, 78)),
            layers.Conv3D(1234, 3),
            layers.Reshape((10 * 32 * 54 * 1234, 1)),
            layers.Dense(99999),
        ]
    )
    yield keras.Sequential([keras.Input((7,)), layers.Dense(3)], name="tiny")
    yield keras.Sequential(
        [keras.Input((8,)), layers.Embedding(10, 4), layers.LSTM(4, return_state=True)]
    )
    yield keras.Sequential([keras.Input((3,)), layers.Dense(1, use_bias=False)])


@pytest.mark.parametrize("columns", [200, 92, 80, 61, 50, 40])
def test_summary_matches_keras(monkeypatch, columns):
    monkeypatch.setenv("COLUMNS", str(columns))
    for model in models():
        expected = keras_summary(model)
        assert render_keras_summary(report_of(model)) == expected, model.name


def test_column_widths_at_default_length():
    # 88 characters: Keras asks for 39/31/18, rich shrinks the padded columns evenly.
    assert column_widths(88) == [36, 27, 15]


def test_wrap_cell_crops_long_word_with_ellipsis():
    assert wrap_cell("abcdefgh (Dense)", 5) == ["abcd…", "(Den…"]
    assert wrap_cell("ab cd", 5) == ["ab cd"]
    assert wrap_cell("ab cd ef", 5) == ["ab cd", "ef"]


def test_what_layerlint_does_not_know_is_marked_not_guessed():
    model = ModelReport(
        name="m", framework="keras", dialect="keras3", line=1, input_shape=(None, "steps", 4),
        layers=[
            LayerReport(0, "Lambda", "lambda", 2, (None, "steps", 4), None, None),
            LayerReport(1, "Dense", "dense", 3, None, (None, "steps", "?"), None),
            LayerReport(2, "Dropout", "dropout", 4, None, (None,), 0),
        ],
        display_name="sequential_3", built=True,
    )
    lines = render_keras_summary(model, line_length=88).splitlines()
    assert lines[0] == 'Model: "sequential_3"'
    assert lines[4].startswith("│ lambda (Lambda)") and "│ ?  " in lines[4]
    assert lines[4].rstrip("│ ").endswith("?")
    assert "(None, steps, ?)" in lines[6]
    assert "(None)" in lines[8]  # a 1-tuple prints without a comma, as Keras does
    assert lines[-3:] == [" Total params: ? (unknown to layerlint)",
                          " Trainable params: ? (unknown to layerlint)",
                          " Non-trainable params: 0 (0.00 B)"]  # known: no layer has any
