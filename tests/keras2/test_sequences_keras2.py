"""Sequences in tf.keras 2 (LL302, LL303, LL304): the seed's example 3 variations, each run in
real tf_keras and compared; every fix offered is applied and the fixed script runs."""

from __future__ import annotations

import pytest
from differential.compare import compare
from sequence_variants import VARIANTS

from layerlint.edits import apply_edits
from layerlint.pipeline import check_source

from .tf_keras_runner import run_script

pytestmark = pytest.mark.keras2


def check(source: str):
    return check_source(source, "example.py", dialect="keras2")


def errors(result):
    return [d for d in result.diagnostics if d.severity == "error"]


def both(source: str):
    result, run = check(source), run_script(source)
    assert compare(result, run) == []
    return result, run


def fixed_sources(source: str, diagnostic) -> dict[str, str]:
    assert diagnostic.fixes
    out = {}
    for fix in diagnostic.fixes:
        fixed = apply_edits(source, fix.edits)
        assert not errors(check(fixed)), fix.title
        assert run_script(fixed).error is None, fix.title
        out[fix.title] = fixed
    return out


def test_padded_to_5_for_input_length_4_is_ll304_with_two_fixes():
    source = VARIANTS["maxlen_5"]
    result, run = both(source)
    assert (run.error.type, run.error.stage, run.error.line) == ("ValueError", "fit", 18)
    [d] = errors(result)
    assert (d.code, d.span.line, d.stage) == ("LL304", 18, "fit")
    assert d.framework_error.split(": ", 1)[1] in run.error.message
    assert [r.span.line for r in d.related] == [12, 9]  # input_length=, pad_sequences(...)
    fixed = fixed_sources(source, d)
    assert sorted(fixed) == [("Pad to maxlen=4, the Embedding's input_length (longer sequences "
                             "are cut)"), "Set input_length=5, the padded length"]
    assert "padding='post', maxlen=4)" in fixed[min(fixed)]
    assert "Embedding(10, 5, input_length=5)" in fixed[sorted(fixed)[1]]


def test_token_id_10_with_input_dim_10_raises_on_cpu_and_says_gpu_returns_zeros():
    source = VARIANTS["token_10"]
    result, run = both(source)
    assert (run.error.type, run.error.stage, run.error.line) == ("InvalidArgumentError", "fit",
                                                                 18)
    assert "] = 10 is not in [0, 10)" in run.error.message  # the row varies: fit shuffles
    [d] = errors(result)
    assert (d.code, d.span.line, d.stage) == ("LL302", 18, "fit")
    assert "GPU" in d.message and "zeros" in d.message
    assert "= 10 is not in [0, 10)" in d.framework_error
    [fixed] = fixed_sources(source, d).values()
    assert "keras.layers.Embedding(11, 5, input_length=4)" in fixed


def test_unpadded_list_finds_no_data_adapter_at_fit():
    source = VARIANTS["unpadded"]
    result, run = both(source)
    assert (run.error.type, run.error.stage, run.error.line) == ("ValueError", "fit", 18)
    assert run.error.message.startswith("Failed to find data adapter that can handle input")
    [d] = errors(result)
    assert (d.code, d.span.line, d.stage) == ("LL303", 18, "fit")
    assert d.framework_error.startswith("ValueError: Failed to find data adapter")
    [fixed] = fixed_sources(source, d).values()
    assert "model.fit(pad_sequences(sequences)," in fixed


@pytest.mark.parametrize("source", [
    # padded to input_length: clean
    ("x = pad_sequences([[1, 2], [3]], maxlen=3)\nm = keras.Sequential([keras.layers.Embedding(10,"
    " 2, input_length=3), keras.layers.Flatten(), keras.layers.Dense(1)])\n"
    "m.compile('adam', 'mse')\nm.fit(x, np.zeros((2, 1)), verbose=0)\n"),
    # padded shorter than input_length
    ("x = pad_sequences([[1, 2], [3]])\nm = keras.Sequential([keras.layers.Embedding(10, 2, "
    "input_length=3), keras.layers.LSTM(2)])\nm.predict(x, verbose=0)\n"),
    # without input_length the length is free
    ("x = pad_sequences([[1, 2], [3]])\nm = keras.Sequential([keras.layers.Embedding(10, 2), "
    "keras.layers.LSTM(2)])\nm.predict(x, verbose=0)\n"),
    # the padding value counts as an id
    ("x = pad_sequences([[1, 2], [3]], value=12)\nm = keras.Sequential([keras.layers.Embedding(10,"
    " 2), keras.layers.LSTM(2)])\nm.predict(x, verbose=0)\n"),
    # unpadded with predict
    "m = keras.Sequential([keras.layers.Embedding(10, 2)])\nm.predict([[1, 2], [3]], verbose=0)\n",
])
def test_sequence_cases_agree_with_tf_keras(source: str):
    both("import numpy as np\nfrom tensorflow import keras\n"
         "from tensorflow.keras.preprocessing.sequence import pad_sequences\n" + source)
