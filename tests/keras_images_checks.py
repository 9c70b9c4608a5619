"""The checks both dialects' loader tests run (test_keras_images.py, keras2/
test_keras_images_keras2.py): every loader case and training script in one subprocess of the
dialect's framework, on directories of 1, 2 and 3 classes, compared with layerlint's answers;
every fix layerlint offers applied and the fixed script compared the same way."""

from __future__ import annotations

import collections
import functools

from keras_images_cases import (
    CLASS_COUNTS,
    HEADS,
    concrete,
    fit_outcome,
    loader_cases,
    loader_outcome,
    training_script,
)
from keras_images_runner import run_batch as run_loaders
from subclass.runner import run_batch as run_scripts

from layerlint.edits import apply_edits
from layerlint.pipeline import check_source


@functools.lru_cache(maxsize=2)
def loader_results(dialect: str, seeds: int) -> tuple[collections.Counter, list[str]]:
    cases = loader_cases(dialect, range(seeds))
    names = sorted(cases)
    done = run_loaders([concrete(cases[n], k) for n in names for k in CLASS_COUNTS], dialect)
    outcomes: collections.Counter = collections.Counter()
    problems = []
    for i, name in enumerate(names):
        runs = {k: done[i * len(CLASS_COUNTS) + j] for j, k in enumerate(CLASS_COUNTS)}
        outcome, found = loader_outcome(cases[name], runs)
        outcomes[outcome] += 1
        problems += [f"{name}: {p}\n{cases[name]}" for p in found]
    return outcomes, problems


def fixed_variants(source: str, dialect: str) -> list[tuple[str, str]]:
    """(fix title, fixed source) for every fix layerlint offers on ``source``."""
    result = check_source(source, "script.py", dialect=dialect)
    return [(fix.title, apply_edits(source, fix.edits))
            for d in result.diagnostics for fix in d.fixes]


@functools.lru_cache(maxsize=2)
def script_results(dialect: str, scripts: tuple[str, ...]
                   ) -> tuple[collections.Counter, list[str], int]:
    """Outcomes (error, LL405, noted, clean), problems, and how many fixed scripts ran."""
    fixed = [variant for script in scripts for _, variant in fixed_variants(script, dialect)]
    every = list(scripts) + fixed
    done = run_scripts([concrete(s, k) for s in every for k in CLASS_COUNTS], dialect)
    outcomes: collections.Counter = collections.Counter()
    problems = []
    for i, source in enumerate(every):
        runs = {k: done[i * len(CLASS_COUNTS) + j] for j, k in enumerate(CLASS_COUNTS)}
        result = check_source(source, "script.py", dialect=dialect)
        outcome, found = fit_outcome(result, runs, dialect)
        outcomes[outcome if i < len(scripts) else f"fixed {outcome}"] += 1
        problems += [f"{p}\n{source}" for p in found]
    return outcomes, problems, len(fixed)


def generated(dialect: str, seeds: int) -> tuple[str, ...]:
    return tuple(training_script(seed, dialect) for seed in range(seeds))


def with_head(dialect: str, body: str) -> str:
    return HEADS[dialect] + body
