"""The QA findings of issue 2 (QA-3, QA-5, QA-6, QA-7, U-1..U-8): each pinned by running the
script in real Keras 3 (torch backend) next to layerlint."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest
from differential.keras_runner import run_script

from layerlint.edits import apply_edits
from layerlint.pipeline import check_file, check_source

pytestmark = pytest.mark.keras3


def src(text: str) -> str:
    return textwrap.dedent(text).lstrip()


def errors(source: str) -> list:
    return [d for d in check_source(source, "t.py").diagnostics if d.severity == "error"]


def fixed_versions(diagnostic, source: str) -> dict[str, str]:
    return {fix.title: apply_edits(source, fix.edits) for fix in diagnostic.fixes}


# --- QA-3: sparse labels beyond the output's classes -------------------------------------------

SPARSE_ONE_UNIT = src("""
    import numpy as np
    import keras

    X = np.random.rand(40, 4)
    y = np.random.randint(0, 2, 40)
    model = keras.Sequential([
        keras.Input((4,)),
        keras.layers.Dense(1, activation="sigmoid"),
    ])
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
    model.fit(X, y, epochs=1, verbose=0)
""")


def test_sparse_labels_reaching_the_class_count_are_ll204_at_fit():
    run = run_script(SPARSE_ONE_UNIT)
    assert run.error is not None and run.error.stage == "fit"
    assert f"{run.error.type}: {run.error.message}" == "IndexError: Target 1 is out of bounds."
    [d] = errors(SPARSE_ONE_UNIT)
    assert (d.code, d.stage, d.span.line) == ("LL204", "fit", 11)
    assert d.framework_error == "IndexError: Target 1 is out of bounds."
    assert "labels reach 1" in d.message and "(N, 1)" in d.message


def test_sparse_label_fixes_make_keras_run():
    [d] = errors(SPARSE_ONE_UNIT)
    versions = fixed_versions(d, SPARSE_ONE_UNIT)
    assert list(versions) == [
        "Use loss='binary_crossentropy'",
        "Set the units of dense to 2 with activation='softmax' to match the targets",
    ]
    assert "Dense(2, activation=\"softmax\")" in versions[list(versions)[1]]
    for title, fixed in versions.items():
        assert run_script(fixed).error is None, title
        assert not errors(fixed), title


def test_sparse_labels_beyond_classes_and_negative_labels():
    for labels, units, reported in (("np.random.randint(0, 6, 40)", 3, "labels reach 5"),
                                    ("np.random.randint(-1, 3, 40)", 3, None),  # not certain
                                    ("np.random.randint(-1, 3, 200)", 3, "go down to -1")):
        samples = labels.rsplit(", ", 1)[1].rstrip(")")
        source = SPARSE_ONE_UNIT.replace("np.random.randint(0, 2, 40)", labels).replace(
            "rand(40, 4)", f"rand({samples}, 4)").replace(
            "Dense(1, activation=\"sigmoid\")", f"Dense({units}, activation=\"softmax\")")
        run = run_script(source)
        assert run.error is not None and run.error.type == "IndexError", labels
        assert "is out of bounds" in run.error.message
        if reported is None:
            assert not errors(source)
            continue
        [d] = errors(source)
        assert d.code == "LL204" and reported in d.message


def test_labels_within_the_classes_are_fine_in_keras_and_layerlint():
    source = SPARSE_ONE_UNIT.replace("randint(0, 2, 40)", "randint(0, 3, 40)").replace(
        "Dense(1, activation=\"sigmoid\")", "Dense(3, activation=\"softmax\")")
    assert run_script(source).error is None
    assert not errors(source)


SPARSE_PER_STEP = src("""
    import numpy as np
    import keras

    model = keras.Sequential([
        keras.Input((5, 4)),
        keras.layers.LSTM(8, return_sequences=True),
        keras.layers.Dense(1),
    ])
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
    y = np.array([[0], [LABEL], [1], [2]])
    model.fit(np.random.rand(4, 5, 4), y, epochs=1, verbose=0)
""")


@pytest.mark.parametrize("label, fails", [(4, False), (5, True), (6, True)])
def test_sparse_labels_against_a_squeezed_output_count_the_steps_as_classes(label, fails):
    """Labels (N, 1) against an output (N, 5, 1): Keras squeezes the output to (N, 5), so there
    are 5 classes, not 1 (measured: labels up to 4 train). Literal labels are exact: the
    largest one is there, so no probability guard applies."""
    source = SPARSE_PER_STEP.replace("LABEL", str(label))
    run = run_script(source)
    assert (run.error is not None) == fails
    found = errors(source)
    if not fails:
        assert found == []
        return
    assert run.error.type == "IndexError" and f"Target {label} is out of bounds" in \
        run.error.message
    [d] = found
    assert (d.code, d.stage, d.span.line) == ("LL204", "fit", 11)
    assert "(5 classes: Keras squeezes it to (N, 5)" in d.message
    assert not any("units" in fix.title for fix in d.fixes)  # more units would not squeeze


def test_a_label_that_may_not_be_drawn_is_not_reported():
    """Three labels from {0, 1}: a 1 is likely but not certain, so layerlint says nothing."""
    source = SPARSE_ONE_UNIT.replace("rand(40, 4)", "rand(3, 4)").replace(
        "randint(0, 2, 40)", "randint(0, 2, 3)")
    assert not errors(source)


# --- QA-5: a function building a model, called twice -------------------------------------------

TWICE = src("""
    import numpy as np
    import keras

    def build_model(n):
        model = keras.Sequential()
        model.add(keras.layers.Dense(8, input_shape=(n,)))
        model.add(keras.layers.Dense(1))
        return model

    small = build_model(4)
    other = build_model(4)
    third = keras.Sequential([keras.layers.Dense(2, input_shape=(4,))])
""")


def test_models_built_by_one_function_are_named_in_creation_order():
    run = run_script(TWICE)
    result = check_source(TWICE, "t.py")
    theirs = [(m.name, [layer.name for layer in m.layers]) for m in run.models]
    mine = [(m.display_name, [layer.name for layer in m.layers]) for m in result.models]
    assert theirs == [("sequential", ["dense", "dense_1"]), ("sequential_1", ["dense_2", "dense_3"]),
                      ("sequential_2", ["dense_4"])]
    assert mine == theirs


# --- QA-6: data that cannot be evaluated is said to be unchecked ------------------------------

UNKNOWN_DATA = src("""
    import sys
    import numpy as np
    import keras

    x = np.load(sys.argv[1])
    model = keras.Sequential([keras.Input((8,)), keras.layers.Dense(1)])
    model.compile(optimizer="adam", loss="mse")
    model.fit(x, np.random.rand(50, 1), epochs=1)
    model.fit(x, np.random.rand(50, 1), epochs=1)
    model.predict(np.random.rand(5, 8))
""")


def test_unknown_data_gets_one_ll902_note_per_call():
    notes = [d for d in check_source(UNKNOWN_DATA, "t.py").diagnostics if d.code == "LL902"]
    assert [(d.span.line, d.message) for d in notes] == [
        (8, "the data passed to fit (line 8) could not be evaluated; it is not checked"),
        (9, "the data passed to fit (line 9) could not be evaluated; it is not checked"),
    ]


# --- QA-7: Keras 2 spellings Keras 3 still reads with a deprecation warning -------------------

@pytest.mark.parametrize("layer, old, new", [
    ("keras.layers.LeakyReLU(alpha=0.2)", "alpha", "negative_slope"),
    ("keras.layers.InputLayer(input_shape=(4,))", "input_shape", "shape"),
])
def test_deprecated_keras2_arguments_are_ll404_with_a_rename(layer, old, new):
    first = "" if "InputLayer" in layer else "keras.Input((4,)), "
    source = src(f"""
        import keras

        model = keras.Sequential([{first}{layer}, keras.layers.Dense(1)])
    """)
    warning = f"Argument `{old}` is deprecated. Use `{new}` instead."
    run = run_script(source)
    assert run.error is None and warning in run.warnings
    [d] = [d for d in check_source(source, "t.py").diagnostics if d.severity != "info"]
    assert (d.code, d.stage, d.framework_error) == ("LL404", "construct",
                                                     f"UserWarning: {warning}")
    [fixed] = fixed_versions(d, source).values()
    assert f"{new}=" in fixed
    after = run_script(fixed)
    assert after.error is None and warning not in after.warnings
    assert [m.layers[-1].output_shape for m in after.models] == [(None, 1)]
    assert not [d for d in check_source(fixed, "t.py").diagnostics if d.severity != "info"]


# --- U-2: a fix must not pass only because the model is no longer analysed --------------------

def test_removing_the_layer_that_declares_the_input_is_not_offered():
    source = src("""
        import keras

        model = keras.Sequential()
        model.add(keras.layers.Dense(64, input_shape=(32,)))
        model.add(keras.layers.MaxPooling2D())
        model.add(keras.layers.Dense(1))
    """)
    [d] = errors(source)
    versions = fixed_versions(d, source)
    assert list(versions) == ["Remove the MaxPooling2D layer (max_pooling2d)"]
    run = run_script(versions["Remove the MaxPooling2D layer (max_pooling2d)"])
    assert run.error is None and run.models[0].built


@pytest.mark.parametrize("after_rnn", ["keras.layers.TimeDistributed(keras.layers.Dense(1))",
                                       "keras.layers.GlobalAveragePooling1D()",
                                       "keras.layers.Conv1D(4, 3)"])
def test_rank_error_after_an_rnn_offers_return_sequences_first(after_rnn):
    source = src(f"""
        import keras

        model = keras.Sequential([
            keras.layers.LSTM(8, input_shape=(10, 3)),
            {after_rnn},
        ])
    """)
    assert run_script(source).error.stage == "construct"
    [d] = errors(source)
    assert d.fixes and d.fixes[0].title == "Set return_sequences=True on LSTM (lstm)"
    assert not any("Remove the LSTM" in f.title for f in d.fixes)
    fixed = apply_edits(source, d.fixes[0].edits)
    run = run_script(fixed)
    assert run.error is None and run.models[0].built


def test_reshape_size_mismatch_offers_dense_units_or_target():
    source = src("""
        import keras

        model = keras.Sequential([
            keras.layers.Dense(7 * 7 * 64, input_shape=(100,)),
            keras.layers.Reshape((7, 7, 32)),
            keras.layers.Conv2D(1, 3, padding="same"),
        ])
    """)
    assert run_script(source).error.stage == "construct"
    [d] = errors(source)
    assert d.code == "LL104"
    versions = fixed_versions(d, source)
    assert list(versions) == ["Set the units of dense to 1568 to fill the Reshape target",
                              "Reshape to (7, 7, 64), the size of its input"]
    for title, fixed in versions.items():
        run = run_script(fixed)
        assert run.error is None and len(run.models[0].layers) == 3, title


# --- U-7: notebooks cite cells --------------------------------------------------------------

def test_notebook_messages_cite_cell_and_line(tmp_path: Path):
    cells = ["import numpy as np\nimport keras",
             ("model = keras.Sequential([keras.layers.LSTM(4, input_shape=(1, 8)),\n"
              "                          keras.layers.Dense(1)])\n"
              "model.compile(optimizer='adam', loss='mse')"),
             "x = np.random.rand(50, 8)\nmodel.fit(x, np.random.rand(50, 1), epochs=1)"]
    notebook = {"cells": [{"cell_type": "code", "source": c, "metadata": {}, "outputs": [],
                           "execution_count": None} for c in cells],
                "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
    path = tmp_path / "nb.ipynb"
    path.write_text(json.dumps(notebook))
    run = run_script("\n".join(cells))
    assert run.error is not None and run.error.stage == "fit"
    [d] = [d for d in check_file(str(path)).diagnostics if d.severity == "error"]
    assert d.code == "LL201" and "at model.fit(...) (cell 3, line 2); " in d.message
    assert d.message.endswith("x from np.random.rand() (cell 3, line 1)")  # where x was made


# --- U-1: LL402's sigmoid fix conflicts with a units fix on the same layer ----------------------

def test_units_fix_wins_over_the_sigmoid_fix_on_the_same_layer():
    source = src("""
        import numpy as np
        import keras

        y = keras.utils.to_categorical(np.random.randint(0, 3, size=60))
        model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(1, activation="softmax")])
        model.compile(optimizer="adam", loss="categorical_crossentropy")
        model.fit(np.random.rand(60, 4), y, epochs=1, verbose=0)
    """)
    assert run_script(source).error.stage == "fit"
    found = check_source(source, "t.py").diagnostics
    warning = next(d for d in found if d.code == "LL402")
    [error] = [d for d in found if d.severity == "error"]
    assert warning.fixes == [] and error.code == "LL202"
    [fixed] = fixed_versions(error, source).values()
    assert 'Dense(3, activation="softmax")' in fixed
    assert run_script(fixed).error is None


# --- U-3 / U-4: the classic fixes, first --------------------------------------------------------

CASES = {
    "flatten": ("""
        import numpy as np
        from keras.models import Sequential
        from keras.layers import Conv2D, Dense

        model = Sequential()
        model.add(Conv2D(4, 3, input_shape=(8, 8, 1)))
        model.add(Dense(3, activation="softmax"))
        model.compile(optimizer="adam", loss="categorical_crossentropy")
        model.fit(np.random.rand(6, 8, 8, 1), np.random.rand(6, 3), verbose=0)
    """, "LL202", "Insert Flatten() before Dense (dense)"),
    "one sample": ("""
        import numpy as np
        import keras

        x_test = np.random.rand(10, 784)
        model = keras.Sequential([keras.Input((784,)), keras.layers.Dense(2)])
        model.predict(x_test[0], verbose=0)
    """, "LL206", "Pass x_test[0:1]: a batch of one sample"),
    "expand dims": ("""
        import numpy as np
        import keras

        image = np.random.rand(8, 8, 3)
        model = keras.Sequential([keras.Input((8, 8, 3)), keras.layers.Flatten()])
        model.predict(image, verbose=0)
    """, "LL206", "Add the batch axis: np.expand_dims(image, 0)"),
    "batch axis": ("""
        import numpy as np
        import keras

        x_train = np.random.rand(32, 8, 8, 1)
        model = keras.Sequential([keras.layers.Conv2D(4, 3, input_shape=x_train.shape)])
    """, "LL101", "Use x_train.shape[1:]: the input shape excludes the batch axis"),
    "channels first": ("""
        import numpy as np
        import keras

        x = np.random.rand(4, 3, 8, 8)
        model = keras.Sequential([keras.Input((8, 8, 3)), keras.layers.Conv2D(2, 3)])
        model.predict(x, verbose=0)
    """, "LL207", ("Transpose the channels-first data to channels-last: "
                   "np.transpose(x, (0, 2, 3, 1))")),
    "timesteps swapped": ("""
        import numpy as np
        import keras

        X = np.random.rand(40, 10)
        X = X.reshape((X.shape[0], 1, X.shape[1]))
        model = keras.Sequential([keras.layers.LSTM(4, input_shape=(10, 1))])
        model.predict(X, verbose=0)
    """, "LL201", "Reshape X to (40, 10, 1)"),
}


@pytest.mark.parametrize("case", CASES)
def test_the_classic_fix_comes_first_and_makes_keras_run(case):
    text, code, title = CASES[case]
    source = src(text)
    assert run_script(source).error is not None
    [d] = errors(source)
    assert d.code == code and d.fixes and d.fixes[0].title == title, [f.title for f in d.fixes]
    fixed = apply_edits(source, d.fixes[0].edits)
    run = run_script(fixed)
    assert run.error is None and all(m.built for m in run.models), fixed
    assert not errors(fixed)
    if case in ("channels first", "timesteps swapped"):  # model-changing fixes stay unsafe
        assert d.fixes[0].safe and all(not f.safe for f in d.fixes[1:])


def test_missing_flatten_names_the_cause():
    [d] = errors(src(CASES["flatten"][0]))
    assert "Dense (dense) acts on the last axis of its 4-D input" in d.message


# --- U-5 / U-6: messages ------------------------------------------------------------------------

def test_messages_show_no_concrete_batch_and_say_where_the_input_comes_from():
    [d] = errors(src(CASES["timesteps swapped"][0]))
    assert "cannot take (None, 1, 10)" in d.message and "(32," not in d.message
    source = src("""
        import keras

        model = keras.Sequential()
        model.add(keras.layers.Dense(32, input_shape=(20,)))
        model.add(keras.layers.Reshape((10, 4)))
    """)
    assert run_script(source).error.stage == "construct"
    [d] = errors(source)
    assert d.message.startswith("Reshape cannot turn (None, 32) from Dense (line 4) ")


# --- U-8: duplicate names -----------------------------------------------------------------------

def test_duplicate_names_say_where_keras_raises_and_offer_a_fix():
    source = src("""
        import keras

        model = keras.Sequential()
        model.add(keras.Input((16,)))
        for i in range(3):
            model.add(keras.layers.Dense(4, name="hidden"))
    """)
    run = run_script(source)
    assert run.error.stage == "construct" and "unique names" in run.error.message
    [d] = errors(source)
    assert d.code == "LL110" and d.message.endswith("raises at model.add(...) (line 6)")
    [fixed] = fixed_versions(d, source).values()
    assert run_script(fixed).error is None
