"""Keras 3 on its default backend, TensorFlow: the construction stage (Sequential built when
made, functional graphs, keras.ops on symbolic tensors, models called as layers) compared with
real Keras 3 run on TensorFlow (keras_tf_runner.py: one subprocess for the whole file) while
layerlint resolves the ``tensorflow`` backend. Verdict, stage, statement, message and every
layer's shape and parameters, as the torch-backend suites compare them (the random stacks'
messages are not compared, as test_random_stacks.py compares none).

The corpora: the example and hand-written scripts, and a seeded sample of the random stacks,
graphs, ops graphs and nested graphs. A script that raises at fit / predict, or whose model is
built by data there, belongs to the data stage (its TensorFlow differences: batch None in
tf.data, TensorFlow's op texts) and is left to that stage's suite."""

from __future__ import annotations

import functools
import random
from pathlib import Path

import pytest

from layerlint.pipeline import check_source
from layerlint.results import FileResult

from .compare import compare, coverage, first_error
from .generator import available_layers, generate
from .graph_generator import generate_graph
from .graph_runs import same_message
from .keras_runner import KerasRun
from .keras_tf_runner import run_scripts_tf, tf_backend
from .nested_generator import generate_nested
from .ops_graph_generator import generate_ops_graph
from .test_tf_on_keras_tensors import HAND as TF_FUNCTIONS
from .test_tf_on_keras_tensors import _keras3 as tf_functions_graph

pytestmark = pytest.mark.keras3

HERE = Path(__file__).parent
FILES = [*sorted((HERE.parents[1] / "examples").glob("*.py")),
         *sorted((HERE / "scripts").glob("*.py")), *sorted((HERE / "graph_scripts").glob("*.py"))]
SAMPLE = 36  # seeds per generator, drawn by a seeded Random from each generator's test range
_DATA_STAGES = ("fit", "predict")
# Not a backend difference: with Keras' traceback filtering on (its default, kept on in the
# TensorFlow runs) Reshape's error comes wrapped in "Exception encountered when calling
# Reshape.call()" on torch too; layerlint quotes it unwrapped, as the torch suite measures it
# with filtering off. Verdict, stage and statement are still compared.
WRAPPED_BY_FILTERING = {"reshape_wrong_size"}


def _seeds(name: str, upto: int) -> list[int]:
    return sorted(random.Random(f"tf-backend-{name}").sample(range(upto), SAMPLE))


def _corpora() -> dict[str, list[tuple[str, str]]]:
    available = available_layers()
    return {
        "files": [(p.stem, p.read_text()) for p in FILES],
        "stacks": [(f"stack_{s}", generate(s, available).source) for s in _seeds("stacks", 1100)],
        "graphs": [(f"graph_{s}", generate_graph(s).source) for s in _seeds("graphs", 300)],
        "ops": [(f"ops_{s}", generate_ops_graph(s).source) for s in _seeds("ops", 300)],
        "nested": [(f"nested_{s}", generate_nested(s).source) for s in _seeds("nested", 300)],
        "tf_functions": [*TF_FUNCTIONS.items(),
                         *((f"tf_ops_{s}", tf_functions_graph(s).source)
                           for s in _seeds("tf_functions", 300))],
    }


@functools.lru_cache(maxsize=1)
def _runs() -> dict[str, list[tuple[str, str, KerasRun]]]:
    corpora = _corpora()
    everything = [source for items in corpora.values() for _, source in items]
    runs = iter(run_scripts_tf(everything))
    return {name: [(label, source, next(runs)) for label, source in items]
            for name, items in corpora.items()}


def _check(label: str, source: str) -> FileResult:
    with tf_backend():
        return check_source(source, f"{label}.py", dialect="keras3")


def _data_stage(result: FileResult, run: KerasRun) -> bool:
    """Raised at fit / predict, or a model built by data: the data stage's suite."""
    if run.error is not None:
        return run.error.stage in _DATA_STAGES
    return any(m.built_at in _DATA_STAGES for m in result.models)


def _noted(result: FileResult) -> bool:
    return any(d.code in ("LL901", "LL902", "LL903") for d in result.diagnostics)


@pytest.mark.parametrize("corpus", ["files", "stacks", "graphs", "ops", "nested", "tf_functions"])
def test_tf_backend_construction_agrees_with_keras(corpus: str) -> None:
    failures, compared, unfollowed = [], 0, 0
    for label, source, run in _runs()[corpus]:
        result = _check(label, source)
        assert result.keras_backend in (None, "tensorflow"), (label, result.keras_backend)
        if _data_stage(result, run):
            continue
        if run.error is not None and first_error(result) is None and _noted(result):
            unfollowed += 1  # Keras raised after what layerlint said it did not follow
            continue
        compared += 1
        problems = compare(result, run)
        if label not in WRAPPED_BY_FILTERING and corpus != "stacks":  # as test_random_stacks
            problems += same_message(result, run)
        cov = coverage(result, run)
        if cov.known < cov.total and corpus in ("stacks", "graphs", "ops"):
            problems.append(f"layerlint knew {cov.known} of the {cov.total} shapes Keras built")
        if problems:
            failures.append(f"--- {label} (TensorFlow: {run.error or 'clean'})\n"
                            + "\n".join(f"  * {p}" for p in problems))
    print(f"{corpus}: {compared} scripts compared on TensorFlow, {unfollowed} not followed")
    assert unfollowed <= compared // 7, unfollowed
    assert compared >= (20 if corpus == "files" else SAMPLE // 3), compared
    assert not failures, f"{len(failures)} disagree:\n" + "\n".join(failures[:5])
