"""LL205: Python lists of numbers as data. Every script runs in real Keras 3 (torch backend) and
in tf_keras 2; layerlint must agree with each (error <=> real failure, same line and stage) and
quote the framework's message. Keras 3 rejects every list; tf.keras 2 converts lists when x and
y both are lists (then they are checked as arrays of their literal shape)."""

from __future__ import annotations

import pytest
from differential.compare import compare, first_error
from differential.keras_runner import run_script

from layerlint.edits import apply_edits
from layerlint.pipeline import check_source

HEAD = ("import numpy as np\nimport keras\n\n"
        "model = keras.Sequential([keras.Input((2,)), keras.layers.Dense(1)])\n"
        "model.compile(optimizer='adam', loss='mse')\n")
LINE = 6  # the data call of every case
VALIDATE = "model.fit(np.zeros((2, 2)), np.zeros((2, 1)), verbose=0, validation_data="
UNBUILT = HEAD.replace("keras.Input((2,)), ", "")

# name -> (the data call, Keras 3 code, tf.keras 2 code); None: runs cleanly.
CASES = {
    "fit_nested": ("model.fit([[1.0, 2.0], [3.0, 4.0]], np.zeros((2, 1)), verbose=0)",
                   "LL205", "LL205"),
    "fit_flat": ("model.fit([1.0, 2.0, 3.0], np.zeros((3, 1)), verbose=0)", "LL205", "LL205"),
    "fit_ints": ("model.fit([[1, 2], [3, 4]], np.zeros((2, 1)), verbose=0)", "LL205", "LL205"),
    "fit_tuple": ("model.fit(((1.0, 2.0), (3.0, 4.0)), np.zeros((2, 1)), verbose=0)",
                  "LL205", "LL205"),
    "fit_y_list": ("model.fit(np.zeros((2, 2)), [[0.0], [1.0]], verbose=0)", "LL205", "LL205"),
    "fit_y_flat": ("model.fit(np.zeros((2, 2)), [0.0, 1.0], verbose=0)", "LL205", "LL205"),
    "fit_both": ("model.fit([[1.0, 2.0], [3.0, 4.0]], [[0.0], [1.0]], verbose=0)",
                 "LL205", None),
    "fit_both_wide": ("model.fit([[1.0, 2.0, 3.0], [3.0, 4.0, 5.0]], [[0.0], [1.0]], verbose=0)",
                      "LL205", "LL201"),
    "fit_both_counts": ("model.fit([[1.0, 2.0], [3.0, 4.0]], [[0.0], [1.0], [2.0]], verbose=0)",
                        "LL205", "LL203"),
    "evaluate_both": ("model.evaluate([[1.0, 2.0], [3.0, 4.0]], [[0.0], [1.0]], verbose=0)",
                      "LL205", None),
    "evaluate_x": ("model.evaluate([[1.0, 2.0], [3.0, 4.0]], np.zeros((2, 1)), verbose=0)",
                   "LL205", "LL205"),
    "predict": ("model.predict([[1.0, 2.0], [3.0, 4.0]], verbose=0)", "LL205", None),
    "predict_wide": ("model.predict([[1.0, 2.0, 3.0]], verbose=0)", "LL205", "LL201"),
    "validation_lists": (f"{VALIDATE}([[1.0, 2.0]], [[1.0]]))", "LL205", None),
    "validation_mixed": (f"{VALIDATE}([[1.0, 2.0]], np.zeros((1, 1))))", "LL205", "LL205"),
    "train_on_batch": ("model.train_on_batch([[1, 2]], [[0.0]])", "LL205", "LL205"),
    "test_on_batch": ("model.test_on_batch(np.zeros((1, 2)), [[0.0]])", "LL205", "LL205"),
    "predict_on_batch": ("model.predict_on_batch([[1.0, 2.0]])", "LL205", "LL205"),
    "call": ("model([[1.0, 2.0]])", "LL205", "LL205"),
    "long": ("model.fit([[float(i), 1.0] for i in range(40)], np.zeros((40, 1)), verbose=0)",
             "LL205", "LL205"),
    "arrays_are_fine": ("model.fit(np.array([[1.0, 2.0]]), np.zeros((1, 1)), verbose=0)",
                        None, None),
}


def source_of(name: str, unbuilt: bool = False) -> str:
    return (UNBUILT if unbuilt else HEAD) + CASES[name][0] + "\n"


def agree(source: str, dialect: str, run, code: str | None) -> None:
    result = check_source(source, "example.py", dialect=dialect)
    assert compare(result, run) == [], (source, run.error)
    error = first_error(result)
    assert (error.code if error else None) == code
    if code is None:
        return
    assert (error.span.line, error.stage) == (run.error.line, run.error.stage)
    if code == "LL205":
        framework = error.framework_error
        wanted = framework.split(": ", 1)[1]
        if "... (of type" in wanted:  # an array's values are unknown; a long list is cut
            head, tail = wanted.rsplit("... ", 1)
            assert run.error.message.startswith(head.removesuffix("x="))
            assert run.error.message.endswith(tail)
        else:
            assert wanted in run.error.message
        assert framework.split(":", 1)[0] == run.error.type


@pytest.mark.keras3
@pytest.mark.parametrize("unbuilt", [False, True])
@pytest.mark.parametrize("name", sorted(CASES))
def test_keras3(name: str, unbuilt: bool):
    source = source_of(name, unbuilt)
    agree(source, "keras3", run_script(source), CASES[name][1])


# Once converted, these data fail the next check (LL201/LL203): the fix would trade one error
# for another, so none is offered (fixes.verify).
NEXT_ERROR = {"fit_flat", "fit_both_wide", "fit_both_counts", "predict_wide"}


@pytest.mark.keras3
@pytest.mark.parametrize("name", sorted(n for n in CASES if CASES[n][1] == "LL205"))
def test_keras3_fix_wraps_the_lists_in_np_array_and_runs(name: str):
    source = source_of(name)
    result = check_source(source, "example.py", dialect="keras3")
    [d] = [d for d in result.diagnostics if d.code == "LL205"]
    if name in NEXT_ERROR:
        assert d.fixes == []
        return
    [fix] = d.fixes
    assert fix.safe and fix.title == "Convert to an array: np.array(...)"
    fixed = apply_edits(source, fix.edits)
    assert "LL205" not in {x.code for x in check_source(fixed, "example.py").diagnostics}
    assert run_script(fixed).error is None, fixed


@pytest.mark.keras3
def test_no_fix_without_numpy_imported():
    source = source_of("fit_nested").replace("import numpy as np\n", "") \
        .replace("np.zeros((2, 1))", "[[0.0], [1.0]]")
    [d] = [d for d in check_source(source, "example.py", dialect="keras3").diagnostics
           if d.code == "LL205"]
    assert d.fixes == []


@pytest.mark.keras3
def test_keras3_message_names_x_and_quotes_the_list():
    result = check_source(source_of("fit_y_list"), "example.py", dialect="keras3")
    [d] = [d for d in result.diagnostics if d.code == "LL205"]
    assert d.message.startswith("y is a Python list of numbers; Keras 3 takes arrays")
    assert d.framework_error == ("ValueError: Unrecognized data type: x=... (of type <class "
                                 "'numpy.ndarray'>)")
    result = check_source(source_of("fit_nested"), "example.py", dialect="keras3")
    [d] = [d for d in result.diagnostics if d.code == "LL205"]
    assert d.framework_error == ("ValueError: Unrecognized data type: x=[[1.0, 2.0], [3.0, 4.0]] "
                                 "(of type <class 'list'>)")


@pytest.mark.keras2
def test_tf_keras_all_cases_in_one_batch():
    """tf_keras loads once: every case (built and unbuilt) runs in this one test."""
    from keras2.tf_keras_runner import run_script as run_tf_keras

    for name in sorted(CASES):
        for unbuilt in (False, True):
            source = source_of(name, unbuilt).replace("import keras", "import tf_keras as keras")
            code = CASES[name][2]
            if unbuilt and code == "LL201":
                code = None  # the model is built from the converted data
            agree(source, "keras2", run_tf_keras(source), code)


TOKENS = ("import numpy as np\nimport tf_keras as keras\n\n"
          "model = keras.Sequential([keras.layers.Embedding(10, 4), keras.layers.LSTM(3), "
          "keras.layers.Dense(1)])\nmodel.compile(optimizer='adam', loss='mse')\n{call}\n")


@pytest.mark.keras2
@pytest.mark.parametrize(("call", "code"), [
    ("model.predict([[1, 2, 3], [4, 5, 6]], verbose=0)", None),
    ("model.predict([[1, 2, 3], [4, 5, 12]], verbose=0)", "LL302"),  # accepted, then an id
    ("model.predict([[1, 2, 3], [4, 5]], verbose=0)", "LL303"),  # np.asarray fails
    ("model.fit([[1, 2, 3], [4, 5]], np.zeros((2, 1)), verbose=0)", "LL303"),  # the adapter
])
def test_tf_keras_accepted_token_lists_are_checked_as_arrays(call: str, code: str | None):
    from keras2.tf_keras_runner import run_script as run_tf_keras

    source = TOKENS.format(call=call)
    run = run_tf_keras(source)
    result = check_source(source, "example.py", dialect="keras2")
    assert compare(result, run) == []
    error = first_error(result)
    assert (error.code if error else None) == code
    if code == "LL303":
        assert error.framework_error.split(": ", 1)[1] in run.error.message
