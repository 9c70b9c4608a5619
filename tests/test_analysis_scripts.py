"""Whole scripts, written as users write them, checked by layerlint and run in real Keras 3.

For each script: layerlint reports an error exactly when Keras raises, and the error lies inside
the statement where Keras raises it. Scripts with no error must give no finding at all (no false
alarms), except the warnings listed with them.
"""

from __future__ import annotations

import ast
import sys
import textwrap

import pytest
from test_rule_examples import run_in_keras

from layerlint.pipeline import check_source

pytestmark = pytest.mark.keras3

SCRIPTS: dict[str, tuple[str, set[str]]] = {
    "list_input_shape_ok": ("""
        import numpy as np
        from tensorflow import keras
        model = keras.Sequential([
            keras.layers.LSTM(16, input_shape=(12, 3)),
            keras.layers.Dense(1),
        ])
        model.compile(optimizer="adam", loss="mse")
        model.fit(np.random.rand(40, 12, 3), np.random.rand(40, 1), epochs=1, verbose=0)
    """, set()),
    "add_form_ok": ("""
        import numpy as np
        from keras.models import Sequential
        from keras.layers import Dense, Dropout, Input
        model = Sequential()
        model.add(Input(shape=(20,)))
        model.add(Dense(32, activation="relu"))
        model.add(Dropout(0.5))
        model.add(Dense(3, activation="softmax"))
        model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
        model.fit(np.random.rand(50, 20), np.random.randint(0, 3, size=(50,)), epochs=1,
                  verbose=0)
    """, set()),
    "conv_ok": ("""
        import numpy as np
        import keras
        from keras import layers
        n_classes = 10
        model = keras.Sequential([
            keras.Input(shape=(28, 28, 1)),
            layers.Conv2D(8, kernel_size=(3, 3), activation="relu"),
            layers.MaxPooling2D(pool_size=(2, 2)),
            layers.Flatten(),
            layers.Dense(n_classes, activation="softmax"),
        ])
        model.compile(loss="categorical_crossentropy", optimizer="adam")
        x = np.random.rand(16, 28, 28)
        y = np.random.rand(16, n_classes)
        model.fit(x, y, batch_size=8, epochs=1, verbose=0)
    """, set()),
    "unbuilt_predict_ok": ("""
        import numpy as np
        import tensorflow as tf
        model = tf.keras.Sequential([tf.keras.layers.Dense(4), tf.keras.layers.Dense(2)])
        model.predict(np.zeros((5, 7)), verbose=0)
    """, set()),
    "conv_after_flatten": ("""
        import keras
        model = keras.Sequential()
        model.add(keras.Input((28, 28, 1)))
        model.add(keras.layers.Flatten())
        model.add(keras.layers.Conv2D(4, 3))
    """, set()),
    "stacked_gru_in_add_form": ("""
        import numpy as np
        from tensorflow.keras.models import Sequential
        from tensorflow.keras.layers import GRU, Dense
        timesteps, features = 8, 4
        model = Sequential()
        model.add(GRU(16, input_shape=(timesteps, features)))
        model.add(GRU(8))
        model.add(Dense(1))
    """, set()),
    "wrong_features_at_fit": ("""
        import numpy as np
        import keras
        model = keras.Sequential([keras.Input((10,)), keras.layers.Dense(1)])
        model.compile(optimizer="sgd", loss="mse")
        X = np.random.rand(64, 12)
        model.fit(X, np.random.rand(64, 1), verbose=0)
    """, set()),
    "cardinality": ("""
        import numpy as np
        import keras
        model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(1)])
        model.compile(optimizer="sgd", loss="mse")
        model.fit(np.ones((30, 4)), np.ones((29, 1)), verbose=0)
    """, set()),
    "reshape_wrong_size": ("""
        import keras
        model = keras.Sequential([
            keras.Input((10,)),
            keras.layers.Reshape((3, 3)),
        ])
    """, set()),
    "pool_too_big": ("""
        import keras
        model = keras.Sequential([
            keras.Input((4, 4, 3)),
            keras.layers.Conv2D(4, 3),
            keras.layers.MaxPooling2D(3),
        ])
    """, set()),
    "late_model_errors_after_good_one": ("""
        import numpy as np
        import keras
        good = keras.Sequential([keras.Input((3,)), keras.layers.Dense(2)])
        good.compile(loss="mse")
        good.fit(np.ones((8, 3)), np.ones((8, 2)), verbose=0)
        bad = keras.Sequential([keras.Input((3,)), keras.layers.Dense(2)])
        bad.compile(loss="binary_crossentropy")
        bad.fit(np.ones((8, 3)), np.ones((8, 5)), verbose=0)
    """, set()),
    "embedding_pipeline_ok": ("""
        import numpy as np
        import keras
        vocab, length = 50, 12
        model = keras.Sequential([
            keras.layers.Embedding(vocab, 8),
            keras.layers.Bidirectional(keras.layers.LSTM(4, return_sequences=True)),
            keras.layers.GlobalMaxPooling1D(),
            keras.layers.Dense(1, activation="sigmoid"),
        ])
        model.compile(optimizer="adam", loss="binary_crossentropy")
        model.fit(np.random.randint(0, vocab, size=(20, length)), np.random.randint(0, 2, (20, 1)),
                  epochs=1, verbose=0)
    """, set()),
    "lambda_hides_error": ("""
        import keras
        model = keras.Sequential([
            keras.Input((10,)),
            keras.layers.Lambda(lambda t: t),
            keras.layers.LSTM(3),
        ])
    """, set()),
    "mse_broadcast_warns": ("""
        import numpy as np
        import keras
        model = keras.Sequential([keras.Input((6,)), keras.layers.Dense(1)])
        model.compile(optimizer="adam", loss="mse")
        model.fit(np.random.rand(10, 6), np.random.rand(10, 20, 1), epochs=1, verbose=0)
    """, {"LL403"}),
    # The full batches of 32 broadcast, the last batch of 4 does not: Keras raises mid-epoch.
    "mse_broadcast_fails_on_last_batch": ("""
        import numpy as np
        from tensorflow import keras
        model = keras.Sequential([
            keras.layers.LSTM(8, return_sequences=True, input_shape=(10, 5)),
            keras.layers.LSTM(32),
        ])
        model.compile(optimizer="adam", loss="mse")
        model.fit(np.random.rand(100, 10, 5), np.random.rand(100, 32, 32), verbose=0)
    """, set()),
}

# Scripts where layerlint deliberately says nothing although Keras fails (unknown semantics).
SILENT_BY_DESIGN = {"lambda_hides_error"}


def raising_statement(source: str, error: BaseException) -> tuple[int, int]:
    """First and last line of the top-level statement during which Keras raised."""
    frames = [f for f in _frames(error.__traceback__) if f[0] == "<example>"]
    line = frames[-1][1]
    for node in ast.parse(source).body:
        if node.lineno <= line <= (node.end_lineno or node.lineno):
            return node.lineno, node.end_lineno or node.lineno
    raise AssertionError(f"no statement at line {line}")


def _frames(tb):
    while tb is not None:
        yield tb.tb_frame.f_code.co_filename, tb.tb_lineno
        tb = tb.tb_next


@pytest.mark.parametrize("name", sorted(SCRIPTS))
def test_script_matches_keras(name):
    text, warnings_expected = SCRIPTS[name]
    source = textwrap.dedent(text).lstrip()
    result = check_source(source, f"{name}.py")
    errors = [d for d in result.diagnostics if d.severity == "error"]
    warnings = {d.code for d in result.diagnostics if d.severity == "warning"}
    assert warnings == warnings_expected
    error = run_in_keras(source)
    if error is None or name in SILENT_BY_DESIGN:
        assert errors == [], errors
        return
    assert len(errors) == 1, errors
    first, last = raising_statement(source, error)
    span = errors[0].span
    assert first <= span.line and span.end_line <= last, (span, first, last, repr(error))


def test_scripts_cover_both_outcomes():
    outcomes = {run_in_keras(textwrap.dedent(t).lstrip()) is None for t, _ in SCRIPTS.values()}
    assert outcomes == {True, False}
    assert sys.version_info >= (3, 10)
