"""``layerlint summary`` for Keras 3 Sequential and functional models in every state the script
leaves them in == real ``model.summary()``, character for character: not built (a layer built
when it is created shows ``0``), built, and trained ("Optimizer params": every optimizer and
argument layerlint knows, measured end to end). Scripts: a grid of optimizers, seeded random
stacks (generator.py) and graphs (graph_generator.py), whole (fit, evaluate, predict included),
each executed in this worker's process (the suite's own scripts only), as
test_summary_functional.py does."""

from __future__ import annotations

import contextlib
import io
import json
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

import pytest

from framework_env import framework_env

from layerlint.pipeline import check_source
from layerlint.report.summary import render_model

from .generator import generate
from .graph_generator import generate_graph

pytestmark = pytest.mark.keras3

OPTIMIZERS = (
    "'adam'", "'Adam'", "'sgd'", "'rmsprop'", "'adagrad'", "'adadelta'", "'adamax'", "'nadam'",
    "'adamw'", "'ftrl'", "'lion'", "keras.optimizers.SGD(momentum=0.9)",
    "keras.optimizers.SGD(0.1)", "keras.optimizers.SGD(learning_rate=0.1, momentum=0.0)",
    "keras.optimizers.Adam(amsgrad=True)", "keras.optimizers.AdamW(amsgrad=True)",
    "keras.optimizers.Adam(use_ema=True)", "keras.optimizers.Adam(gradient_accumulation_steps=2)",
    "keras.optimizers.RMSprop(momentum=0.9)", "keras.optimizers.RMSprop(centered=True)",
    "keras.optimizers.RMSprop(centered=True, momentum=0.5)", "keras.optimizers.Nadam(beta_1=0.8)",
    "keras.optimizers.Adam(learning_rate=keras.optimizers.schedules.ExponentialDecay(0.1, 10, 0.9))",
    "keras.optimizers.Adafactor()", "keras.optimizers.Lion(learning_rate=1e-4)",
)
GRID = (
    "import numpy as np\nimport keras\nfrom keras import layers\n"
    "model = keras.Sequential([keras.Input((6, 3)), layers.LSTM(4), layers.BatchNormalization(),"
    " layers.Dense(2)])\nmodel.compile(optimizer={optimizer}, loss='mse')\n"
    "model.{method}(np.zeros((8, 6, 3)), np.zeros((8, 2)), verbose=0)\n"
)
STACK_SEEDS = range(250)
GRAPH_SEEDS = range(120)


def keras_summary(source: str) -> str | None:
    """What real Keras prints for the script's last model (None if the script raised)."""
    import keras
    from keras.src.models.functional import Functional  # Sequential derives from it

    keras.utils.clear_session(free_memory=False)
    namespace: dict[str, Any] = {"__name__": "__main__"}
    try:
        with contextlib.redirect_stdout(io.StringIO()):
            exec(compile(source, "<summary-script>", "exec"), namespace)  # noqa: S102
    except Exception:  # noqa: BLE001 - scripts that raise have no summary to compare
        return None
    models = [v for v in namespace.values() if isinstance(v, (Functional, keras.Sequential))]
    if not models:
        return None
    captured: list[str] = []
    models[-1].summary(print_fn=lambda text, **_: captured.append(text))
    return "".join(captured)


def keras_summaries(sources: list[str]) -> list[str | None]:
    """``keras_summary`` of each script, in one fresh process: earlier tests in the same pytest
    worker may leave Keras' global state changed (scripts then raise and are not compared)."""
    root = Path(__file__).resolve().parents[2]
    with tempfile.TemporaryDirectory() as folder:
        given, made = Path(folder, "sources.json"), Path(folder, "summaries.json")
        given.write_text(json.dumps(sources))
        code = ("import json, sys; sys.path.insert(0, 'tests'); from tests.differential.test_summary_trained import "
                "keras_summary; json.dump([keras_summary(s) for s in json.load(open(sys.argv[1]))]"
                ", open(sys.argv[2], 'w'))")
        subprocess.run([sys.executable, "-c", code, str(given), str(made)], cwd=root,
                       env=framework_env(COLUMNS="100"),
                       timeout=1500, check=True, capture_output=True)
        return json.loads(made.read_text())


def _sources() -> list[tuple[str, str]]:
    named = [(f"{method} {o}", GRID.format(optimizer=o, method=method))
             for o in OPTIMIZERS for method in ("fit", "evaluate", "train_on_batch")]
    named += [(f"stack {s}", generate(s).source) for s in STACK_SEEDS]
    named += [(f"graph {s}", generate_graph(s).source) for s in GRAPH_SEEDS]
    named += [(f"stack {s} before data", _before_data(generate(s).source)) for s in STACK_SEEDS]
    return named


def _before_data(source: str) -> str:
    """The script up to its first compile, fit or build (a stack without an Input: unbuilt)."""
    lines = source.splitlines(keepends=True)
    cut = next((i for i, line in enumerate(lines)
                if any(f".{m}(" in line for m in ("compile", "fit", "build", "predict"))),
               len(lines))
    return "".join(lines[:cut])


def test_summaries_in_every_state_match_keras(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "100")
    states = {"unbuilt": 0, "built": 0, "trained": 0}
    compared, unclaimed, failures = 0, 0, []
    named = _sources()
    for (name, source), theirs in zip(named, keras_summaries([s for _, s in named])):
        if theirs is None:
            continue
        result = check_source(source, "s.py", verify_fixes=False, dialect="keras3")
        models = [m for m in result.models if m.framework == "keras"]
        # (a stack that fails for every input, stage None, still has its unbuilt table)
        if not models or any(d.severity == "error" and d.stage for d in result.diagnostics):
            failures.append(f"--- {name}: Keras ran it, layerlint has no clean model")
            continue
        mine = render_model(models[-1])
        compared += 1
        states["trained" if "Optimizer params" in theirs else
               "built" if models[-1].built else "unbuilt"] += 1
        if mine == theirs:
            continue
        if "unknown to layerlint" in mine:
            unclaimed += 1
        else:
            failures.append(f"--- {name}\n{source}\n--- layerlint\n{mine}--- Keras\n{theirs}")
    assert not failures, f"{len(failures)} of {compared} differ:\n" + "\n".join(failures[:2])
    print(f"compared {compared}: {states}, unclaimed {unclaimed}")
    assert compared >= 180 and unclaimed <= len(OPTIMIZERS), (compared, unclaimed)
    assert min(states.values()) >= 20, states  # unbuilt: the stacks before their data


# Constructor arguments for catalogue layers that need some (others take none).
_ARGS = {
    "Activation": "'relu'", "Dense": "3", "Conv1D": "2, 2", "Conv2D": "2, 2", "Conv3D": "2, 2",
    "Conv1DTranspose": "2, 2", "Conv2DTranspose": "2, 2", "Conv3DTranspose": "2, 2",
    "ConvLSTM1D": "2, 2", "ConvLSTM2D": "2, 2", "ConvLSTM3D": "2, 2", "DepthwiseConv1D": "2",
    "DepthwiseConv2D": "2", "SeparableConv1D": "2, 2", "SeparableConv2D": "2, 2",
    "Dropout": "0.1", "AlphaDropout": "0.1", "GaussianDropout": "0.1", "GaussianNoise": "0.1",
    "SpatialDropout1D": "0.1", "SpatialDropout2D": "0.1", "SpatialDropout3D": "0.1",
    "Embedding": "10, 2", "GRU": "2", "LSTM": "2", "SimpleRNN": "2", "Reshape": "(-1,)",
    "Permute": "(1,)", "RepeatVector": "2", "Rescaling": "1.0", "Resizing": "2, 2",
    "CenterCrop": "2, 2", "RandomCrop": "2, 2", "RandomRotation": "0.1",
    "RandomTranslation": "0.1, 0.1", "RandomZoom": "0.1", "RandomBrightness": "0.1",
    "RandomContrast": "0.1", "Hashing": "4", "CategoryEncoding": "4", "GroupNormalization": "1",
    "AveragePooling1D": "2", "AveragePooling2D": "2", "AveragePooling3D": "2", "Dot": "1",
    "Bidirectional": "keras.layers.LSTM(2)", "TimeDistributed": "keras.layers.Dense(2)",
    "Discretization": "bin_boundaries=[0.0]", "IntegerLookup": "vocabulary=[1, 2]",
    "StringLookup": "vocabulary=['a']",
}


def test_layers_built_when_made_are_measured() -> None:
    """summary_state.BUILT_WHEN_MADE is exactly the catalogue layers Keras 3 creates built."""
    import keras

    import layerlint.layers  # noqa: F401 - registers the catalogue
    from layerlint.layers.base import all_specs
    from layerlint.replay.keras.summary_state import BUILT_WHEN_MADE

    built, measured = set(), 0
    for kind in sorted({spec.name for spec in all_specs("keras")}):
        if not hasattr(keras.layers, kind):
            continue
        layer = eval(f"keras.layers.{kind}({_ARGS.get(kind, '')})")  # noqa: S307 - own table
        measured += 1
        if layer.built:
            built.add(kind)
    assert measured >= 90 and built == set(BUILT_WHEN_MADE)
