"""Whole training scripts against real torch 2.13 (issue 11): 1,000 seeded programs
(``generator.generate_training_program``: model + data + loss + loop + backward + step +
validation), each chunk run in one torch subprocess (``torch_runner.py``), compared on
verdict, line, stage and message, and LL408 against the comparisons torch broadcast.
"""

from __future__ import annotations

import collections

import pytest

from layerlint.pipeline import check_source

from .compare import compare, fixed_source, torch_outcomes
from .generator import BUGS, generate_training_program

pytestmark = pytest.mark.torch

CHUNKS = 4  # one torch process each (a file's chunks share one xdist worker)
PER_CHUNK = 250
TOTALS: collections.Counter = collections.Counter()
BY_BUG: collections.Counter = collections.Counter()


@pytest.mark.parametrize("chunk", range(CHUNKS))
def test_random_training_scripts_agree_with_torch(chunk: int) -> None:
    programs = [generate_training_program(seed)
                for seed in range(chunk * PER_CHUNK, (chunk + 1) * PER_CHUNK)]
    # LL408's fix (squeeze the (N, 1) operand) applied where layerlint warns: run in the same
    # torch process (one import of torch per chunk)
    fixed = {p.seed: fixed_source(p.source) for p in programs if any(
        d.code == "LL408" for d in check_source(p.source, "train.py",
                                                verify_fixes=False).diagnostics)}
    outcomes = torch_outcomes([p.source for p in programs] + list(fixed.values()))
    runs, fixed_runs = outcomes[:len(programs)], outcomes[len(programs):]
    problems: list[str] = []
    for program, run in zip(programs, runs):
        before = TOTALS["found"] + TOTALS["warned"]
        found = compare(program.source, run, program.accept, program.stages, TOTALS)
        if TOTALS["found"] + TOTALS["warned"] > before:
            BY_BUG[program.bug] += 1
        problems += [f"seed {program.seed} ({program.bug}): {p}\n{program.source}"
                     for p in found]
    assert not problems, "\n".join(problems[:3])
    before_fix = {p.seed: run for p, run in zip(programs, runs)}
    for seed, run in zip(fixed, fixed_runs):  # nothing broadcast; any earlier error stays
        assert not run["broadcasts"] and run["error"] == before_fix[seed]["error"], (
            seed, run, fixed[seed])
        TOTALS["fixed"] += 1


def test_the_scripts_claim_enough() -> None:
    """After the chunks (file order): both outcomes occur, every kind of mistake is found,
    and errors are missed only where this build does not model the loss."""
    if TOTALS["programs"] < CHUNKS * PER_CHUNK:
        pytest.skip("run with the chunks")
    assert TOTALS["clean"] > 400 and TOTALS["raised"] > 300, TOTALS
    assert TOTALS["found"] + TOTALS["unmodelled"] == TOTALS["raised"], TOTALS
    assert TOTALS["warned"] >= 30 and TOTALS["fixed"] >= TOTALS["broadcasts"], TOTALS
    assert set(BUGS) <= set(BY_BUG), BY_BUG
