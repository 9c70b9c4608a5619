"""What layerlint quotes follows the Keras 3 backend a file runs on (layers/keras/backend_text.py):
the texts measured on torch and TensorFlow (Keras 3.15.1, torch 2.13, TensorFlow 2.21; the
TensorFlow runs are in tests/subclass/test_tf_backend_subclass.py), and, on a backend layerlint
does not model, the error kept but its backend-specific text withheld with a note."""

from __future__ import annotations

import pytest
from subclass.custom_scripts import CUSTOM_SCRIPTS

from layerlint.layers.keras.backend_text import (
    concrete_shape,
    int_variable_bytes,
    modelled,
    tensor_text,
)
from layerlint.pipeline import check_source
from layerlint.report.summary import render_model


def test_shapes_and_tensors_as_each_backend_prints_them() -> None:
    assert concrete_shape((32, 5), "torch") == "torch.Size([32, 5])"
    assert concrete_shape((32, 5), "tensorflow") == "(32, 5)"
    assert concrete_shape((4,), "tensorflow") == "(4,)"
    assert tensor_text((4, 10), "float32", "tensorflow") == \
        "tf.Tensor(shape=(4, 10), dtype=float32)"
    assert tensor_text((4, 10), "float32", "torch") == \
        "torch.Tensor(shape=torch.Size([4, 10]), dtype=float32)"
    assert [modelled(b) for b in ("torch", "tensorflow", "jax", "openvino")] == \
        [True, True, False, False]
    assert [int_variable_bytes(b) for b in ("torch", "tensorflow", "numpy")] == [4, 8, None]


@pytest.mark.parametrize("backend, line", [
    ("torch", " Optimizer params: 174 (696.00 B)"),
    ("tensorflow", " Optimizer params: 174 (700.00 B)"),  # the int64 step counter
    ("jax", " Optimizer params: 174 (size depends on the Keras backend)"),
])
def test_trained_summary_counts_the_backends_step_counter(backend: str, line: str,
                                                          monkeypatch) -> None:
    monkeypatch.setenv("KERAS_BACKEND", backend)
    monkeypatch.setenv("COLUMNS", "100")
    result = check_source(CUSTOM_SCRIPTS["sequential_block_ok"], "ok.py", dialect="keras3")
    (model,) = result.models
    assert result.keras_backend == backend and model.keras_backend == backend
    text = render_model(model)
    assert line in text.splitlines(), text


@pytest.mark.parametrize("backend", ["torch", "tensorflow", "jax"])
def test_custom_layer_error_text_follows_the_backend(backend: str, monkeypatch) -> None:
    monkeypatch.setenv("KERAS_BACKEND", backend)
    result = check_source(CUSTOM_SCRIPTS["sequential_block_mismatch"], "bad.py",
                          dialect="keras3")
    (error,) = [d for d in result.diagnostics if d.severity == "error"]
    assert (error.code, error.span.line, error.stage) == ("LL102", 13, "construct")
    text = error.framework_error or ""
    notes = [d for d in result.diagnostics if d.code == "LL902" and "backend" in d.message]
    if backend == "torch":
        assert "RuntimeError: " in text and "The size of tensor a" in text and not notes
    elif backend == "tensorflow":
        assert text.startswith("ValueError: Exception encountered when calling Block.call().")
        assert "Dimensions must be equal, but are" in text and not notes
    else:  # jax: the error is both backends' own, its text neither's
        assert text == "" and len(notes) == 1, (text, notes)


def test_a_mask_reaching_the_loss_is_noted_where_it_is_not_checked(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """LL308 is measured on torch and TensorFlow (test_mask_loss_tf.py): on another backend,
    an LL903 note says the mask reaching the loss was not checked (never silence)."""
    source = ("import numpy as np\nimport keras\n\nmodel = keras.Sequential([\n"
              "    keras.layers.Embedding(10, 4, mask_zero=True),\n"
              "    keras.layers.LSTM(8, return_sequences=True),\n    keras.layers.Dense(1),\n])\n"
              'model.compile(optimizer="adam", loss="mse")\n'
              "model.fit(np.random.randint(1, 10, (8, 5)), np.zeros((8, 5)), verbose=0)\n")
    monkeypatch.setenv("KERAS_BACKEND", "torch")
    assert [d.code for d in check_source(source, "t.py").diagnostics] == ["LL308"]
    monkeypatch.setenv("KERAS_BACKEND", "tensorflow")
    assert [d.code for d in check_source(source, "t.py").diagnostics] == ["LL308"]
    monkeypatch.setenv("KERAS_BACKEND", "jax")
    found = [(d.code, d.span.line) for d in check_source(source, "t.py").diagnostics]
    assert ("LL903", 10) in found and "LL308" not in {code for code, _ in found}
