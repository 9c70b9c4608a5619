"""LL306 in Keras 3: a mask reaching a layer without masking support. Each stack runs in real
Keras 3 (torch backend); LL306 must name exactly the layers Keras warns about."""

from __future__ import annotations

import re

import pytest
from differential.compare import compare
from differential.keras_runner import run_script
from mask_stacks import STACKS, source_of

from layerlint.edits import apply_edits
from layerlint.layers.base import lookup
from layerlint.pipeline import check_source

pytestmark = pytest.mark.keras3

def warned_kinds(warnings: list[str]) -> set[str]:
    pattern = r"\(of type (\w+)\) was passed an input with a mask attached to it"
    return {m.group(1) for w in warnings if (m := re.search(pattern, w))}


@pytest.mark.parametrize("name", sorted(STACKS))
def test_ll306_names_the_layers_keras3_warns_about(name: str):
    source = source_of(name)
    result, run = check_source(source, "example.py", dialect="keras3"), run_script(source)
    assert run.error is None and compare(result, run) == []
    found = [d for d in result.diagnostics if d.code == "LL306"]
    assert all(d.severity == "warning" for d in found)
    assert {d.message.split(" ")[0] for d in found} == warned_kinds(run.warnings)


def test_flatten_warning_carries_keras_message_and_a_fix_that_silences_it():
    source = source_of("flatten")
    result = check_source(source, "example.py", dialect="keras3")
    [d] = [d for d in result.diagnostics if d.code == "LL306"]
    assert (d.span.line, d.layer, d.related[0].span.line) == (5, 1, 5)
    assert d.framework_error == (
        "UserWarning: Layer 'flatten' (of type Flatten) was passed an input with a mask attached "
        "to it. However, this layer does not support masking and will therefore destroy the mask "
        "information. Downstream layers will not see the mask.")
    [fix] = d.fixes
    assert not fix.safe
    fixed = apply_edits(source, fix.edits)
    assert "mask_zero" not in fixed
    assert not [x for x in check_source(fixed, "example.py").diagnostics if x.code == "LL306"]
    assert not warned_kinds(run_script(fixed).warnings)


def test_unknown_layer_silences_the_mask_walk():
    # MyLayer may or may not pass the mask on: no finding after it
    source = source_of("flatten").replace("L.Flatten()", "MyLayer(), L.Flatten()")
    result = check_source(source, "example.py", dialect="keras3")
    assert not [d for d in result.diagnostics if d.code == "LL306"]


@pytest.mark.parametrize("expression", [
    "L.Flatten()", "L.Conv1D(2, 2)", "L.GlobalMaxPooling1D()", "L.GlobalAveragePooling1D()",
    "L.MaxPooling1D()", "L.Reshape((2, 2))", "L.Dense(2)", "L.Dropout(0.1)", "L.LSTM(2)",
    "L.GRU(2)", "L.SimpleRNN(2)", "L.Bidirectional(L.LSTM(2))", "L.TimeDistributed(L.Dense(2))",
    "L.BatchNormalization()", "L.LayerNormalization()", "L.Activation('relu')", "L.Masking()",
    "L.Embedding(5, 2)", "L.Permute((2, 1))", "L.RepeatVector(2)",
])
def test_catalogue_supports_masking_matches_the_real_layer(expression: str):
    import keras

    layer = eval(expression, {"L": keras.layers})  # our own literal expressions
    spec = lookup("keras", type(layer).__name__)
    assert spec is not None and spec.supports_masking == layer.supports_masking


ZERO = ("import numpy as np\nimport keras\nfrom keras.utils import pad_sequences\n\n"
        "x = pad_sequences({sequences}, padding='post'{extra})\n"
        "m = keras.Sequential([keras.layers.Embedding(10, 4{mask}), keras.layers.LSTM(3), "
        "keras.layers.Dense(1)])\n"
        "m.compile(optimizer='adam', loss='mse')\nm.fit(x, np.zeros((2, 1)), verbose=0)\n")


def test_ll305_a_real_zero_token_is_masked_by_mask_zero():
    import keras
    import numpy as np

    source = ZERO.format(sequences="[[0, 2, 3], [4, 5]]", extra="", mask=", mask_zero=True")
    result, run = check_source(source, "example.py", dialect="keras3"), run_script(source)
    assert run.error is None and compare(result, run) == []
    [d] = [d for d in result.diagnostics if d.code == "LL305"]
    assert (d.severity, d.span.line, d.stage, d.layer) == ("warning", 8, "fit", 0)
    assert [r.span.line for r in d.related] == [6, 5]
    # what Keras does with it: the first token of the first sequence is masked like padding
    x = keras.utils.pad_sequences([[0, 2, 3], [4, 5]], padding="post")
    mask = keras.layers.Embedding(10, 4, mask_zero=True).compute_mask(x)
    assert np.asarray(mask).tolist() == [[False, True, True], [True, True, False]]
    [fix] = d.fixes
    assert not fix.safe
    fixed = apply_edits(source, fix.edits)
    assert not [x for x in check_source(fixed, "example.py").diagnostics if x.code == "LL305"]
    assert run_script(fixed).error is None


@pytest.mark.parametrize(("sequences", "extra", "mask"), [
    ("[[0, 2, 3], [4, 5]]", "", ""),  # no mask_zero: 0 is an ordinary id
    ("[[1, 2, 3], [4, 5]]", "", ", mask_zero=True"),  # 0 only as padding
    ("[[0, 2, 3], [4, 5]]", ", maxlen=2", ", mask_zero=True"),  # the 0 is truncated away
])
def test_ll305_is_silent_unless_a_kept_token_is_zero(sequences: str, extra: str, mask: str):
    source = ZERO.format(sequences=sequences, extra=extra, mask=mask)
    result = check_source(source, "example.py", dialect="keras3")
    assert not [d for d in result.diagnostics if d.code == "LL305"]
    assert run_script(source).error is None
