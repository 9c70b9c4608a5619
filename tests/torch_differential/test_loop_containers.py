"""Seeded models whose modules a loop makes (containers.generate_loop_container): layerlint
must agree with real torch on shapes, parameter counts, failures and messages.

A loop with constant bounds is unrolled, so the model is followed: no LL9xx note, and the suite
must claim shapes, parameters and errors inside the loop-built modules. A depth read from the
environment is not: layerlint must say so (a note) and stay silent past it.
"""

from __future__ import annotations

import pytest

from layerlint.pipeline import check_source

from .compare import Claims, compare
from .containers import generate_loop_container
from .runner import run_script

pytestmark = pytest.mark.torch

SEEDS = 240
CHUNKS = 4
TOTALS = Claims()
SEEN = {"followed": 0, "not_followed": 0, "torch_error": 0, "loop_claims": 0}
LOOP_BUILT = ("net.", "blocks.", "fc")


def _check(seed: int) -> list[str]:
    script = generate_loop_container(seed)
    result = check_source(script.source, f"loop_{seed}.py", verify_fixes=False)
    real_source = script.source
    if not script.called:
        real_source += f"out = model(torch.randn({', '.join(map(str, script.natural_input))}))\n"
    run = run_script(real_source)
    SEEN["torch_error"] += run.error is not None
    problems = compare(result, run, script.called, claims=TOTALS)
    notes = [d for d in result.diagnostics if d.code.startswith("LL9")]
    if script.followed:
        SEEN["followed"] += 1
        if notes:
            problems.append(f"a note on a followed model: {[d.message for d in notes]}")
        (report,) = [m for m in result.models if m.name == "model"]
        loop_rows = [row for row in report.layers if row.name.startswith(LOOP_BUILT)
                     or row.name[:1].isdigit()]
        SEEN["loop_claims"] += sum(1 for row in loop_rows if row.output_shape not in (None, ()))
        if not loop_rows and run.error is None:
            problems.append("no module made by the loop is listed")
    else:
        SEEN["not_followed"] += 1
        if not notes:
            problems.append("no LL9xx note on a model layerlint does not follow")
    return [f"seed {seed}: {p}\n{script.source}" for p in problems]


@pytest.mark.parametrize("chunk", range(CHUNKS))
def test_loop_built_models_agree_with_torch(chunk: int) -> None:
    per_chunk = SEEDS // CHUNKS
    problems: list[str] = []
    for seed in range(chunk * per_chunk, (chunk + 1) * per_chunk):
        problems += _check(seed)
    assert not problems, "\n".join(problems[:5])


def test_the_loop_suite_claims_enough() -> None:
    if SEEN["followed"] + SEEN["not_followed"] < SEEDS:
        pytest.skip("run with the chunks")
    assert SEEN["followed"] > 150 and SEEN["not_followed"] > 25, SEEN
    assert SEEN["torch_error"] > 30 and SEEN["loop_claims"] > 300, SEEN
    assert TOTALS.shapes > 400 and TOTALS.params > 500 and TOTALS.errors > 30, TOTALS
