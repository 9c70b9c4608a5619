"""The seed document's three examples (examples/seed_*.py), checked and fixed as real Keras 3
behaves: each fixed source is run in real Keras."""

from __future__ import annotations

import pathlib

import pytest
from test_rule_examples import run_in_keras

from layerlint.edits import apply_edits
from layerlint.pipeline import check_source

EXAMPLES = pathlib.Path(__file__).resolve().parent.parent / "examples"

pytestmark = pytest.mark.keras3


def check(name: str):
    source = (EXAMPLES / name).read_text()
    return source, check_source(source, name, dialect="keras3")  # Keras 3 is the oracle here


def errors(result):
    return [d for d in result.diagnostics if d.severity == "error"]


def test_example_1_fails_at_fit_and_the_reshape_fix_runs():
    source, result = check("seed_1_input_shape.py")
    assert run_in_keras(source) is not None
    [d] = result.diagnostics
    assert (d.code, d.span.line, d.stage) == ("LL201", 12, "fit")
    reshape = [f for f in d.fixes if f.title.startswith("Reshape")]
    assert len(reshape) == 1 and "(100, 1, 10)" in reshape[0].title
    assert [e.line for e in reshape[0].edits] == [10]  # where `data` is made
    fixed = apply_edits(source, reshape[0].edits)
    assert "np.random.rand(100, 10).reshape(100, 1, 10)" in fixed
    assert not errors(check_source(fixed))
    assert run_in_keras(fixed) is None


def test_example_1_does_not_offer_an_input_shape_that_fails():
    """Setting input_shape=(10,) would make the LSTM get 2-D input: not offered."""
    _, result = check("seed_1_input_shape.py")
    assert not [f for f in result.diagnostics[0].fixes if "input_shape" in f.title]


def test_example_2_fails_at_the_second_lstm_with_two_fixes():
    source, result = check("seed_2_layer_stack.py")
    assert run_in_keras(source) is not None
    [d] = result.diagnostics
    assert (d.code, d.span.line, d.stage, d.layer) == ("LL101", 7, "construct", 2)
    assert "(None, 640)" in d.message and "Flatten (line 6)" in d.message
    assert d.related[0].span.line == 6
    titles = sorted(f.title for f in d.fixes)
    assert titles == ["Remove the Flatten layer (flatten)",
                      "Replace LSTM (lstm_1) by keras.layers.Dense(32)"]
    for fix in d.fixes:
        fixed = apply_edits(source, fix.edits)
        assert not errors(check_source(fixed)), fix.title
        assert run_in_keras(fixed) is None, fix.title
        assert fix.safe is False  # both change the model's parameters


def test_example_2_return_sequences_false_on_first_lstm_does_not_help():
    """The document's third suggestion: Flatten then gives (None, 64), still 2-D."""
    source, _ = check("seed_2_layer_stack.py")
    variant = source.replace("return_sequences=True", "return_sequences=False")
    assert run_in_keras(variant) is not None
    [d] = check_source(variant).diagnostics
    assert d.code == "LL101" and "(None, 64)" in d.message
    assert not any("return_sequences" in f.title for f in d.fixes)


def test_example_3_is_clean_except_input_length():
    source, result = check("seed_3_padded_sequences.py")
    assert run_in_keras(source) is None
    [d] = result.diagnostics
    assert (d.code, d.severity, d.span.line) == ("LL404", "warning", 12)
    [fix] = d.fixes
    fixed = apply_edits(source, fix.edits)
    assert "keras.layers.Embedding(10, 5)," in fixed
    assert check_source(fixed).diagnostics == []
    assert run_in_keras(fixed) is None
    keras_model = keras_namespace(source)["model"]
    model = result.models[0]
    assert [row.output_shape for row in model.layers] == [
        tuple(layer.output.shape) for layer in keras_model.layers
    ] == [(3, 4, 5), (3, 32), (3, 1)]
    assert [row.params for row in model.layers] == [
        layer.count_params() for layer in keras_model.layers
    ]


def keras_namespace(source: str) -> dict:
    """Run an example (our own file) in real Keras and return its variables."""
    import warnings

    namespace: dict = {"__name__": "example"}
    source = source.replace("from tensorflow import keras", "import keras")
    source = source.replace("tensorflow.keras", "keras")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        exec(compile(source, "<example>", "exec"), namespace)  # noqa: S102
    return namespace
