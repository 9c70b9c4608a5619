"""The data stage of Keras 3 on the TensorFlow backend (layerlint/replay/keras/backend_data.py)
against real Keras on TensorFlow, one subprocess for the file: 320 seeded scripts of
data_tf_cases.py (every modelled loss against other targets at fit / evaluate / train_on_batch,
static and None traced batch axes, labels out of range; pools and kernels larger than a free
axis at fit / predict / evaluate / ``model(x)``) and the hand cases below. Verdict, line, stage
and TensorFlow's message must agree (fit_data_cases.agree)."""

from __future__ import annotations

import functools

import pytest
from data_tf_cases import SEEDS, generate
from differential.keras_tf_runner import tf_backend
from fit_data_cases import agree
from subclass.runner import run_batch

from layerlint.pipeline import check_source

pytestmark = pytest.mark.keras3
CHUNKS = 2
SEED_EXAMPLE = "examples/seed_1_input_shape.py"
# TensorFlow's oneDNN max pool aborts on an empty output in an eager call (a CPU-library
# failure, not a shape check): layerlint claims nothing there.
UNFOLLOWED_TYPES = {"AbortedError"}

HAND = {
    "eager_average_pool_runs": """import numpy as np
from tensorflow import keras
model = keras.Sequential([keras.Input(shape=(None, 2)), keras.layers.AveragePooling1D(4),
                          keras.layers.GlobalAveragePooling1D(), keras.layers.Dense(1)])
model(np.zeros((8, 3, 2)))
""",
    "predict_average_pool_raises": """import numpy as np
from tensorflow import keras
model = keras.Sequential([keras.Input(shape=(None, 2)), keras.layers.AveragePooling1D(4),
                          keras.layers.GlobalAveragePooling1D(), keras.layers.Dense(1)])
model.predict(np.zeros((8, 3, 2)), verbose=0)
""",
    "fit_batch_divides": """import numpy as np
from tensorflow import keras
model = keras.Sequential([keras.Input(shape=(None, 8)), keras.layers.LSTM(4), keras.layers.Dense(1)])
model.compile(optimizer="adam", loss="mse")
model.fit(np.zeros((10, 8)), np.zeros((10, 1)), batch_size=5, verbose=0)
""",
    "eager_convolution_negative_output": """import numpy as np
from tensorflow import keras
model = keras.Sequential([keras.Input(shape=(None, 2)), keras.layers.Conv1D(2, 4),
                          keras.layers.GlobalAveragePooling1D(), keras.layers.Dense(1)])
model(np.zeros((8, 2, 2)))
""",
    "sparse_labels_out_of_range": """import numpy as np
from tensorflow import keras
model = keras.Sequential([keras.Input(shape=(8,)), keras.layers.Dense(3)])
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
model.fit(np.zeros((10, 8)), np.full((10,), 5), verbose=0)
""",
}


@functools.lru_cache(maxsize=1)
def tf_runs() -> tuple[dict, list]:
    from pathlib import Path

    hand = dict(HAND, seed_example=(Path(__file__).parents[1] / SEED_EXAMPLE).read_text())
    generated = [generate(seed) for seed in SEEDS]
    done = run_batch(list(hand.values()) + [c.source for c in generated], "keras3",
                     timeout=2400, backend="tensorflow")
    return dict(zip(hand, zip(hand.values(), done))), list(zip(generated, done[len(hand):]))


def _problems(source: str, run: dict, path: str) -> list[str]:
    with tf_backend():
        result = check_source(source, path, dialect="keras3")
    assert result.keras_backend == "tensorflow"
    if run["error"] is not None and run["error"]["type"] in UNFOLLOWED_TYPES:
        errors = [d for d in result.diagnostics if d.severity == "error"]
        return [f"unfollowed {run['error']['type']}, layerlint {errors}"] if errors else []
    return agree(result, run, "keras3")


# An eager convolution whose output would be negative raises in TensorFlow's CPU library, in
# its words (the oneDNN kernel's): layerlint reports it without quoting them.
UNQUOTED = {"eager_convolution_negative_output"}


@pytest.mark.parametrize("name", [*sorted(HAND), "seed_example"])
def test_hand_case_agrees_with_keras_on_tensorflow(name: str) -> None:
    source, run = tf_runs()[0][name]
    if name in UNQUOTED:
        with tf_backend():
            errors = [d for d in check_source(source, f"{name}.py").diagnostics
                      if d.severity == "error"]
        assert run["error"] is not None and run["error"]["line"] == errors[0].span.line
        assert [(d.code, d.framework_error) for d in errors] == [("LL201", None)]
        return
    assert _problems(source, run, f"{name}.py") == []


def test_eager_call_runs_an_empty_pool_on_tensorflow_but_not_on_torch() -> None:
    source, run = tf_runs()[0]["eager_average_pool_runs"]
    assert run["error"] is None
    assert [d.code for d in check_source(source, "t.py", dialect="keras3").diagnostics
            if d.severity == "error"] == ["LL201"]  # torch: the test environment's backend


def test_seed_example_quotes_tensorflow_shapes() -> None:
    source, _ = tf_runs()[0]["seed_example"]
    with tf_backend():
        first = check_source(source, "seed.py").diagnostics[0]
    assert first.framework_error is not None and "torch.Size" not in first.framework_error
    assert first.framework_error.endswith("incompatible shape (None, 10)")


@pytest.mark.parametrize("chunk", range(CHUNKS))
def test_generated_data_agree_with_keras_on_tensorflow(chunk: int) -> None:
    failures, outcomes = [], {}
    for case, run in tf_runs()[1][chunk::CHUNKS]:
        stage = run["error"]["type"] if run["error"] else "clean"
        outcomes[stage] = outcomes.get(stage, 0) + 1
        problems = _problems(case.source, run, f"tf_{case.seed}.py")
        if problems:
            failures.append(f"--- seed {case.seed} ({case.intent})\n{case.source}"
                            + "\n".join(f"  * {p}" for p in problems))
    print(f"chunk {chunk}: outcomes {outcomes}")
    assert outcomes.get("clean", 0) >= 20 and outcomes.get("ValueError", 0) >= 40  # not vacuous
    assert not failures, f"{len(failures)} disagree:\n" + "\n".join(failures[:3])
