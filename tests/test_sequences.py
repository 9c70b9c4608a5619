"""Sequences in Keras 3 (LL302, LL303): the seed's example 3 variations, each run in real Keras 3
(torch backend) and compared; every fix offered is applied and the fixed script runs."""

from __future__ import annotations

import pytest
from differential.compare import compare
from differential.keras_runner import run_script
from sequence_variants import VARIANTS

from layerlint.edits import apply_edits
from layerlint.pipeline import check_source

pytestmark = pytest.mark.keras3


def check(source: str):
    return check_source(source, "example.py", dialect="keras3")


def errors(result):
    return [d for d in result.diagnostics if d.severity == "error"]


def both(source: str):
    result, run = check(source), run_script(source)
    assert compare(result, run) == []
    return result, run


def assert_fixes_run(source: str, diagnostic) -> None:
    assert diagnostic.fixes
    for fix in diagnostic.fixes:
        fixed = apply_edits(source, fix.edits)
        assert not errors(check(fixed)), fix.title
        assert run_script(fixed).error is None, fix.title


def test_padded_to_5_runs_in_keras3_which_ignores_input_length():
    result, run = both(VARIANTS["maxlen_5"])
    assert run.error is None and not errors(result)
    assert [d.code for d in result.diagnostics] == ["LL404"]


def test_token_id_10_with_input_dim_10_is_an_index_error_at_fit():
    source = VARIANTS["token_10"]
    result, run = both(source)
    assert (run.error.type, run.error.stage, run.error.line) == ("IndexError", "fit", 18)
    assert "index out of range in self" in run.error.message
    [d] = errors(result)
    assert (d.code, d.span.line, d.stage, d.layer) == ("LL302", 18, "fit", 0)
    assert "token id 10" in d.message and "input_dim=10" in d.message
    assert d.related[0].span.line == 12
    assert d.framework_error.startswith("IndexError") and "index out of range in self" in \
        d.framework_error
    [fix] = d.fixes
    assert "keras.layers.Embedding(11, 5" in apply_edits(source, fix.edits)
    assert_fixes_run(source, d)


def test_unpadded_list_fails_in_the_data_adapter_at_fit():
    source = VARIANTS["unpadded"]
    result, run = both(source)
    assert (run.error.type, run.error.stage, run.error.line) == ("ValueError", "fit", 18)
    assert run.error.message.startswith("Unrecognized data type: x=[[1, 2, 3], [4, 5]")
    [d] = errors(result)
    assert (d.code, d.span.line, d.stage) == ("LL303", 18, "fit")
    assert d.framework_error.startswith("ValueError: Unrecognized data type: x=")
    [fix] = d.fixes
    assert "model.fit(pad_sequences(sequences)," in apply_edits(source, fix.edits)
    assert_fixes_run(source, d)


@pytest.mark.parametrize("source", [
    # the largest id is below input_dim: clean
    ("x = pad_sequences([[1, 2], [3, 9]])\nm = keras.Sequential([keras.layers.Embedding(10, 2), "
    "keras.layers.Flatten(), keras.layers.Dense(1)])\nm.compile('adam', 'mse')\n"
    "m.fit(x, np.zeros((2, 1)), verbose=0)\n"),
    # the padding value counts as an id
    ("x = pad_sequences([[1, 2], [3]], value=12)\nm = keras.Sequential([keras.layers.Embedding(10,"
    " 2), keras.layers.Flatten(), keras.layers.Dense(1)])\nm.compile('adam', 'mse')\n"
    "m.fit(x, np.zeros((2, 1)), verbose=0)\n"),
    # truncation drops the large id
    ("x = pad_sequences([[1, 2, 30], [3]], maxlen=2, truncating='post')\nm = keras.Sequential(["
    "keras.layers.Embedding(10, 2), keras.layers.Flatten(), keras.layers.Dense(1)])\n"
    "m.compile('adam', 'mse')\nm.fit(x, np.zeros((2, 1)), verbose=0)\n"),
    # predict: the same index error
    ("x = np.array([[1, 2], [3, 10]])\nm = keras.Sequential([keras.layers.Embedding(10, 2)])\n"
    "m.predict(x, verbose=0)\n"),
    # unpadded with predict
    "m = keras.Sequential([keras.layers.Embedding(10, 2)])\nm.predict([[1, 2], [3]], verbose=0)\n",
])
def test_sequence_cases_agree_with_keras3(source: str):
    both("import numpy as np\nimport keras\nfrom keras.utils import pad_sequences\n" + source)
