"""Fixes: text edits, builders on real source, verification. Fixed sources are run in Keras."""

from __future__ import annotations

import textwrap

import pytest
from test_rule_examples import run_in_keras

from layerlint.diagnostics import Edit, Fix
from layerlint.edits import apply_edits, reshape_target
from layerlint.fixes import verify
from layerlint.pipeline import check_source


def src(text: str) -> str:
    return textwrap.dedent(text).lstrip()


def only_error(source: str):
    result = check_source(source, "t.py")
    found = [d for d in result.diagnostics if d.severity != "info"]
    assert len(found) == 1, found
    return found[0]


def fixed_by(source: str, title_part: str) -> str:
    d = only_error(source)
    matches = [f for f in d.fixes if title_part in f.title]
    assert len(matches) == 1, [f.title for f in d.fixes]
    return apply_edits(source, matches[0].edits)


def test_apply_edits_last_to_first_with_insertions_and_multiline():
    text = "ab\ncdé\nfg\n"
    edits = [Edit(1, 2, 2, 2, "X"), Edit(2, 3, 2, 4, "E"), Edit(3, 3, 3, 3, "!")]
    assert apply_edits(text, edits) == "aXdE\nfg!\n"


def test_apply_edits_counts_characters_not_bytes():
    assert apply_edits("é = 1\n", [Edit(1, 5, 1, 6, "2")]) == "é = 2\n"


def test_reshape_target_inserts_the_free_axis():
    assert reshape_target((100, 10), (None, None, 10)) == (100, 1, 10)
    assert reshape_target((100, 10), (None, 10, 1)) == (100, 10, 1)
    assert reshape_target((100, 10), (None, 5, 3)) is None


def test_reshape_an_inline_argument():
    source = src("""
        import numpy as np
        import keras
        model = keras.Sequential([keras.Input((None, 6)), keras.layers.LSTM(4)])
        model.predict(np.random.rand(30, 6), verbose=0)
    """)
    fixed = fixed_by(source, "Reshape")
    assert "model.predict(np.random.rand(30, 6).reshape(30, 1, 6), verbose=0)" in fixed
    assert run_in_keras(fixed) is None


@pytest.mark.keras3
def test_stacked_rnn_sets_return_sequences_by_insertion_and_by_replacement():
    insert = src("""
        import keras
        model = keras.Sequential([
            keras.Input((10, 5)),
            keras.layers.LSTM(16),
            keras.layers.LSTM(8),
        ])
    """)
    fixed = fixed_by(insert, "return_sequences")
    assert "keras.layers.LSTM(16, return_sequences=True)," in fixed
    assert run_in_keras(fixed) is None
    replace = insert.replace("LSTM(16)", "LSTM(16, return_sequences=False)")
    fixed = fixed_by(replace, "return_sequences")
    assert "keras.layers.LSTM(16, return_sequences=True)," in fixed


@pytest.mark.keras3
def test_stacked_bidirectional_edits_the_wrapped_layer():
    source = src("""
        import keras
        model = keras.Sequential([
            keras.Input((10, 5)),
            keras.layers.Bidirectional(keras.layers.GRU(4)),
            keras.layers.GRU(8),
        ])
    """)
    fixed = fixed_by(source, "return_sequences")
    assert "keras.layers.Bidirectional(keras.layers.GRU(4, return_sequences=True))," in fixed
    assert run_in_keras(fixed) is None


@pytest.mark.keras3
def test_remove_an_added_layer_statement():
    source = src("""
        import keras
        model = keras.Sequential()
        model.add(keras.Input((10, 5)))
        model.add(keras.layers.LSTM(8, return_sequences=True))
        model.add(keras.layers.Flatten())
        model.add(keras.layers.LSTM(4))
    """)
    fixed = fixed_by(source, "Remove the Flatten")
    assert "Flatten" not in fixed and fixed.count("model.add(") == 3
    assert run_in_keras(fixed) is None


def test_replace_by_dense_only_when_dense_is_importable():
    without = src("""
        from keras import Sequential, Input
        from keras.layers import LSTM, Flatten
        model = Sequential([Input((10, 5)), LSTM(8, return_sequences=True), Flatten(), LSTM(4)])
    """)
    assert not [f for f in only_error(without).fixes if "Dense" in f.title]
    with_dense = without.replace("LSTM, Flatten", "LSTM, Flatten, Dense")
    fixed = fixed_by(with_dense, "Dense")
    assert fixed.endswith("Flatten(), Dense(4)])\n")


@pytest.mark.keras3
@pytest.mark.parametrize("loss, expected", [
    ('"categorical_crossentropy"', '"sparse_categorical_crossentropy"'),
    ("keras.losses.CategoricalCrossentropy(from_logits=True)",
     "keras.losses.SparseCategoricalCrossentropy(from_logits=True)"),
])
def test_integer_labels_switch_to_the_sparse_loss(loss, expected):
    source = src(f"""
        import numpy as np
        import keras
        model = keras.Sequential([keras.Input((8,)), keras.layers.Dense(5)])
        model.compile(optimizer="adam", loss={loss})
        model.fit(np.random.rand(20, 8), np.random.randint(0, 5, (20, 1)), epochs=1, verbose=0)
    """)
    fixed = fixed_by(source, "Sparse" if "losses" in loss else "sparse")
    assert f"loss={expected}" in fixed
    assert run_in_keras(fixed) is None


@pytest.mark.keras3
def test_wrong_number_of_classes_changes_the_units():
    source = src("""
        import numpy as np
        import keras
        model = keras.Sequential([keras.Input((8,)), keras.layers.Dense(3, activation="softmax")])
        model.compile(optimizer="adam", loss="categorical_crossentropy")
        model.fit(np.random.rand(20, 8), np.random.rand(20, 4), epochs=1, verbose=0)
    """)
    d = only_error(source)
    [fix] = d.fixes
    assert fix.safe is False and "units" in fix.title
    fixed = apply_edits(source, fix.edits)
    assert "keras.layers.Dense(4, activation" in fixed
    assert run_in_keras(fixed) is None


def test_softmax_on_one_unit_offers_sigmoid():
    source = src("""
        import keras
        model = keras.Sequential([keras.Input((8,)), keras.layers.Dense(1, activation='softmax')])
    """)
    fixed = fixed_by(source, "sigmoid")
    assert "activation='sigmoid'" in fixed


def test_remove_argument_keeps_the_call_valid_in_every_position():
    for call, expected in [
        ("keras.layers.Embedding(10, 5, input_length=4)", "keras.layers.Embedding(10, 5)"),
        ("keras.layers.Embedding(input_length=4, input_dim=10, output_dim=5)",
         "keras.layers.Embedding(input_dim=10, output_dim=5)"),
        ("keras.layers.Embedding(10, 5, input_length=4, mask_zero=True)",
         "keras.layers.Embedding(10, 5, mask_zero=True)"),
    ]:
        source = f"import keras\nmodel = keras.Sequential([{call}, keras.layers.LSTM(3)])\n"
        assert expected in fixed_by(source, "input_length")


def test_verify_drops_a_fix_that_does_not_remove_the_finding():
    source = src("""
        import keras
        model = keras.Sequential([keras.Input((10, 5)), keras.layers.LSTM(16),
                                  keras.layers.LSTM(8)])
    """)
    result = check_source(source, verify_fixes=False)
    [d] = result.diagnostics
    assert d.fixes == []  # without verification nothing is offered
    d.fixes = [Fix("rename the model", [Edit(2, 1, 2, 6, "net")]),
               Fix("break the file", [Edit(2, 1, 2, 1, "(")])]
    verify(result, lambda text: check_source(text, verify_fixes=False))
    assert d.fixes == []


def test_check_source_never_raises():
    result = check_source("model = (" * 400)
    assert [d.code for d in result.diagnostics] == ["LL900"]
    assert check_source("\x00\x01 not python").diagnostics[0].code == "LL900"


@pytest.mark.keras3
def test_features_differ_offers_the_data_shape_as_input():
    source = src("""
        import numpy as np
        import keras
        model = keras.Sequential([keras.Input((10,)), keras.layers.Dense(1)])
        model.compile(optimizer="sgd", loss="mse")
        model.fit(np.random.rand(64, 12), np.random.rand(64, 1), verbose=0)
    """)
    d = only_error(source)
    assert d.code == "LL201"
    fixed = fixed_by(source, "Input shape")
    assert "keras.Input((12,))" in fixed
    assert run_in_keras(fixed) is None


@pytest.mark.keras3
def test_layers_defined_in_variables():
    source = src("""
        import keras
        first = keras.layers.LSTM(8)
        second = keras.layers.LSTM(4)
        model = keras.Sequential([keras.Input((10, 5)), first, second])
    """)
    d = only_error(source)
    assert (d.code, d.span.line) == ("LL301", 4)
    assert d.related[0].span.line == 3 and "defined here" in d.related[0].message
    assert d.related[1].span.line == 2 and "(None, 8)" in d.related[1].message
    titles = [f.title for f in d.fixes]
    assert not [t for t in titles if t.startswith("Remove")]
    fixed = fixed_by(source, "return_sequences")
    assert "first = keras.layers.LSTM(8, return_sequences=True)" in fixed
    assert run_in_keras(fixed) is None


@pytest.mark.keras3
@pytest.mark.parametrize("producer, title", [
    ("keras.layers.LSTM(16, return_state=True)", "return_state"),
    ("keras.layers.Bidirectional(keras.layers.LSTM(16), merge_mode=None)", "merge_mode"),
])
def test_several_outputs_fixes(producer, title):
    source = src(f"""
        import keras
        model = keras.Sequential([
            keras.Input((10, 5)),
            {producer},
            keras.layers.Dense(1),
        ])
    """)
    d = only_error(source)
    assert (d.code, d.stage) == ("LL107", "construct")
    fixed = fixed_by(source, title)
    assert run_in_keras(fixed) is None
