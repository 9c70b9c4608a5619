"""Seeded data pipelines (pipeline_generator.py) run in real numpy + Keras 3 (one subprocess,
pipeline_runner.py) and read by layerlint: the verdict, the stage and the statement of the first
error agree, and no array's shape is wrong (every dimension layerlint claims is the real one;
a dimension it cannot know stays unknown)."""

from __future__ import annotations

import ast
import functools

import pytest
from pipeline_generator import SEEDS, Pipeline, generate
from pipeline_runner import run_batch

from layerlint.frontends.interpreter import Interpreter
from layerlint.frontends.source import SourceMap
from layerlint.frontends.values import Data, Instance
from layerlint.pipeline import check_source

pytestmark = pytest.mark.keras3
CHUNKS = 3


@functools.lru_cache(maxsize=1)
def runs() -> list[tuple[Pipeline, dict]]:
    pipelines = [generate(seed) for seed in SEEDS]
    return list(zip(pipelines, run_batch([p.source for p in pipelines])))


def front_end_shapes(source: str) -> dict[str, tuple | None]:
    """Every array the front end bound to a module name (and ``dataset.images``)."""
    interpreter = Interpreter(ast.parse(source), SourceMap(source))
    interpreter.run()
    shapes = {name: value.shape for name, value in interpreter.module.vars.items()
              if isinstance(value, Data)}
    dataset = interpreter.module.vars.get("dataset")
    if isinstance(dataset, Instance) and isinstance(dataset.attrs.get("images"), Data):
        shapes["dataset.images"] = dataset.attrs["images"].shape
    return shapes


def _statement(source: str, line: int | None) -> int | None:
    """The top-level statement holding a line (a multi-line call is one statement)."""
    if line is None:
        return None
    for index, node in enumerate(ast.parse(source).body):
        if node.lineno <= line <= (node.end_lineno or node.lineno):
            return index
    return None


def _stage(source: str, line: int | None) -> str:
    statement = _statement(source, line)
    text = ast.unparse(ast.parse(source).body[statement]) if statement is not None else ""
    return "fit" if ".fit(" in text else "construct" if "Sequential(" in text else "numpy"


def compare(pipeline: Pipeline, run: dict) -> tuple[list[str], dict[str, int]]:
    source = pipeline.source
    problems: list[str] = []
    counts = {"shapes": 0, "known": 0, "wrong": 0}
    mine = front_end_shapes(source)
    for name, real in run["shapes"].items():
        counts["shapes"] += 1
        shape = mine.get(name)
        if shape is None:
            continue
        dims_agree = len(shape) == len(real) and all(
            not isinstance(d, int) or d == r for d, r in zip(shape, real))
        if not dims_agree:
            counts["wrong"] += 1
            problems.append(f"{name}: layerlint {shape}, numpy {tuple(real)}")
        elif all(isinstance(d, int) for d in shape):
            counts["known"] += 1
    result = check_source(source, "pipeline.py")
    errors = sorted((d for d in result.diagnostics if d.severity == "error"),
                    key=lambda d: (d.span.line, d.span.col))
    error = run["error"]
    if error is None:
        if errors:
            problems.append(f"runs cleanly; layerlint reports {errors[0].code} at line "
                            f"{errors[0].span.line}: {errors[0].message}")
        return problems, counts
    stage = _stage(source, error["outer"])
    if stage == "numpy":
        problems.append(f"the generator wrote a failing numpy step: {error}")
    elif not errors:
        counts["missed"] = 1
    else:
        first = errors[0]
        if _statement(source, first.span.line) != _statement(source, error["outer"]):
            problems.append(f"Keras raises at line {error['outer']} ({error['type']}: "
                            f"{error['message'][:160]}); layerlint at line {first.span.line}: "
                            f"{first.code} {first.message}")
        elif first.stage != stage:
            problems.append(f"Keras raises at {stage}; layerlint says {first.stage}")
    return problems, counts


@pytest.mark.parametrize("chunk", range(CHUNKS))
def test_generated_pipelines_agree_with_numpy_and_keras(chunk: int) -> None:
    failures: list[str] = []
    totals: dict[str, int] = {}
    outcomes: dict[str, int] = {}
    for pipeline, run in runs()[chunk::CHUNKS]:
        problems, counts = compare(pipeline, run)
        for key, value in counts.items():
            totals[key] = totals.get(key, 0) + value
        outcome = "clean" if run["error"] is None else _stage(pipeline.source, run["error"]["outer"])
        outcomes[outcome] = outcomes.get(outcome, 0) + 1
        if problems:
            failures.append(f"--- seed {pipeline.seed} {pipeline.intent}\n{pipeline.source}"
                            + "\n".join(f"  * {p}" for p in problems))
    print(f"chunk {chunk}: {outcomes} {totals}")
    assert totals["wrong"] == 0 and not failures, \
        f"{len(failures)} disagree:\n" + "\n".join(failures[:4])
    # not vacuous: the programs fail at both stages and run, and layerlint knows most shapes
    assert outcomes.get("clean", 0) >= 15 and outcomes.get("fit", 0) >= 15, outcomes
    assert totals["known"] >= 0.9 * totals["shapes"], totals
    assert totals.get("missed", 0) <= 0.05 * len(SEEDS), totals
