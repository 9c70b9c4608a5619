"""Stateful RNNs in the Keras 2 dialect against tf_keras 2.21 (replay/keras/stateful_keras2.py):
the batch size fixed by ``batch_input_shape=`` / ``batch_size=`` / ``Input(batch_shape=)`` in
every layer's output shape (``model.summary()``), the batches ``fit`` / ``evaluate`` /
``predict`` feed against it, and a stateful RNN without a batch size. Hand-picked scripts and a
seeded generator; verdict, line, stage, shapes and parameters compared by ``compare``, and the
exception's type and first line."""

from __future__ import annotations

import random

import pytest
from differential.compare import compare

from layerlint.pipeline import check_source
from layerlint.replay.keras.stateful_keras2 import NEEDS_BATCH_SIZE

from .tf_keras_runner import run_script

pytestmark = pytest.mark.keras2

HEAD = "import numpy as np\nfrom tensorflow import keras\nfrom tensorflow.keras import layers\n"
# How the model declares its input: (layers before the RNN, the RNN's own keywords).
DECLARATIONS = {
    "batch_input_shape": ("", "batch_input_shape=({b}, {t}, {f}), "),
    "input_shape+batch_size": ("", "input_shape=({t}, {f}), batch_size={b}, "),
    "Input(batch_shape)": ("keras.Input(batch_shape=({b}, {t}, {f})), ", ""),
    "Input(batch_input_shape)": ("keras.Input(batch_input_shape=({b}, {t}, {f})), ", ""),
    "Input(batch_size)": ("keras.Input(({t}, {f}), batch_size={b}), ", ""),
    "embedding": ("layers.Embedding(9, {f}, batch_input_shape=({b}, {t})), ", ""),
    "none": ("", "input_shape=({t}, {f}), "),  # no batch size: cannot be built
}


def script(declaration: str, kind: str, sequences: bool, b: int, t: int, f: int,
           calls: list[str]) -> str:
    before, own = (part.format(b=b, t=t, f=f) for part in DECLARATIONS[declaration])
    more = "return_sequences=True, " if sequences else ""
    width = 2
    target = "np.zeros(({n}, {t}, 1))" if sequences else "np.zeros(({n}, 1))"
    data = "np.zeros(({n}, {t}))" if declaration == "embedding" else "np.zeros(({n}, {t}, {f}))"
    lines = [f"model = keras.Sequential([{before}layers.{kind}({width}, {own}{more}stateful=True),",
             "                          layers.Dense(1)])",
             "model.compile(loss='mse', optimizer='sgd')"]
    for call in calls:
        method, n, size = call.split(":")
        x, y = data.format(n=n, t=t, f=f), target.format(n=n, t=t)
        keyword = "" if size == "-" else f", batch_size={size}"
        if method == "predict":
            lines.append(f"model.predict({x}{keyword}, verbose=0)")
        else:
            lines.append(f"model.{method}({x}, {y}{keyword}, verbose=0)")
    return HEAD + "\n".join(lines) + "\n"


def agree(source: str) -> tuple:
    run = run_script(source)
    result = check_source(source, "stateful.py", dialect="keras2")
    assert compare(result, run) == [], source
    errors = [d for d in result.diagnostics if d.severity == "error"]
    assert bool(errors) == (run.error is not None), source
    if run.error is not None:
        first = min(errors, key=lambda d: (d.span.line, d.span.col))
        assert first.framework_error is not None
        kind, _, text = first.framework_error.partition(": ")
        real = run.error.message.strip().splitlines()[0]
        assert kind == run.error.type, (source, first.framework_error, run.error)
        if run.error.type == "ValueError":
            words = " ".join(text.splitlines()[0].split())  # TF re-wraps the lines
            assert words in " ".join(run.error.message.split()), (source, text, run.error)
        else:
            assert text.startswith(real), (source, text, real)
    return result, run


CASES = {
    # Every batch holds exactly the states' 4 samples.
    "fit-multiple": ("batch_input_shape", ["fit:8:4", "predict:8:4", "evaluate:4:-"]),
    # Static batches of 2 fail the RNN's input spec when traced.
    "fit-static-mismatch": ("batch_input_shape", ["fit:8:2"]),
    "predict-static-mismatch": ("input_shape+batch_size", ["predict:6:2"]),
    # 6 samples by 4: a last batch of 2 fails when it runs.
    "fit-remainder": ("batch_input_shape", ["fit:6:4"]),
    # A last batch of one sample broadcasts against the states: no error.
    "fit-last-batch-of-one": ("batch_input_shape", ["fit:9:4", "predict:5:4"]),
    "predict-default-batch": ("Input(batch_shape)", ["predict:8:-"]),
    "evaluate-remainder": ("embedding", ["evaluate:3:2"]),
    "no-batch-size": ("none", []),
}


@pytest.mark.parametrize("name", CASES)
@pytest.mark.parametrize("sequences", [False, True])
def test_stateful_script_agrees_with_tf_keras(name: str, sequences: bool) -> None:
    declaration, calls = CASES[name]
    source = script(declaration, "LSTM", sequences, 4, 5, 3, calls)
    result, run = agree(source)
    if declaration == "none":
        [error] = [d for d in result.diagnostics if d.severity == "error"]
        assert (error.stage, error.framework_error) == ("construct", NEEDS_BATCH_SIZE)
    else:  # the batch size is in every layer's output, as model.summary() shows it
        shapes = [layer.output_shape for layer in result.models[0].layers]
        assert shapes == [layer.output_shape for layer in run.models[0].layers]
        assert all(shape is not None and shape[0] == 4 for shape in shapes)


@pytest.mark.parametrize(("call", "built"), [
    ("fit(x(8), y(8), batch_size=4", 4), ("predict(x(6), batch_size=3", 3),
    ("evaluate(x(3), y(3), batch_size=1", 1), ("fit(x(64), y(64)", 32),
    ("fit(x(6), y(6), batch_size=4", None), ("fit(x(4), y(4)", None),
    ("predict(x(4)", None),
])
def test_stateful_model_built_from_data(call: str, built: int | None) -> None:
    """Built by its first data: for the static batch size (a multiple), else it cannot be."""
    source = (HEAD + "def x(n):\n    return np.zeros((n, 5, 2))\n\n"
              "def y(n):\n    return np.zeros((n, 1))\n\n"
              "model = keras.Sequential([layers.GRU(3, stateful=True), layers.Dense(1)])\n"
              f"model.compile(loss='mse', optimizer='sgd')\nmodel.{call}, verbose=0)\n")
    result, run = agree(source)
    assert (run.error is None) == (built is not None)
    if built is not None:
        assert [layer.output_shape for layer in result.models[0].layers] == [(built, 3),
                                                                              (built, 1)]


SEEDS = range(60)


def random_script(seed: int) -> str:
    rng = random.Random(seed)
    declaration = rng.choice([d for d in DECLARATIONS if d != "none"])
    b = rng.choice([1, 2, 4])
    calls = []
    for _ in range(rng.randint(1, 2)):
        method = rng.choice(["fit", "predict", "evaluate"])
        n = rng.choice([1, b, 2 * b, 3, 5, 6, 8])
        size = rng.choice(["-", str(b), str(b), "2", "3"])
        calls.append(f"{method}:{n}:{size}")
    return script(declaration, rng.choice(["LSTM", "GRU", "SimpleRNN"]), rng.random() < 0.5,
                  b, rng.choice([1, 4]), rng.choice([1, 3]), calls)


@pytest.mark.parametrize("chunk", range(4))
def test_random_stateful_scripts_agree_with_tf_keras(chunk: int) -> None:
    verdicts = set()
    for seed in SEEDS[chunk::4]:
        _, run = agree(random_script(seed))
        verdicts.add(run.error.type if run.error else "ok")
    assert "ok" in verdicts and len(verdicts) > 1  # both outcomes are exercised
