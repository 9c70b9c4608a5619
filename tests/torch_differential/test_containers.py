"""Seeded ModuleList / ModuleDict models (containers.py): layerlint must agree with real torch.

Each script runs in real torch (runner.run_script) and through layerlint; compare.compare must
find no mismatch in shapes, parameter counts, failures and messages. A script using a form
layerlint does not follow must carry an LL901/LL903 note, and a followed one none. Coverage is
asserted: the suite must claim shapes, parameters and errors inside the containers.
"""

from __future__ import annotations

import pytest

from layerlint.pipeline import check_source

from .compare import Claims, compare
from .containers import generate_container
from .runner import run_script

pytestmark = pytest.mark.torch

SEEDS = 600
CHUNKS = 6
TOTALS = Claims()
SEEN = {"followed": 0, "not_followed": 0, "torch_error": 0, "container_claims": 0}


def _check(seed: int) -> list[str]:
    script = generate_container(seed)
    result = check_source(script.source, f"net_{seed}.py", verify_fixes=False)
    real_source = script.source
    if not script.called:
        dims = ", ".join(str(d) for d in script.natural_input)
        real_source += f"out = model(torch.randn({dims}))\n"
    run = run_script(real_source)
    SEEN["torch_error"] += run.error is not None
    problems = compare(result, run, script.called, claims=TOTALS)
    notes = [d for d in result.diagnostics if d.code in ("LL901", "LL903")]
    if script.followed:
        SEEN["followed"] += 1
        if notes:
            problems.append(f"a note on a followed model: {[d.message for d in notes]}")
        (report,) = [m for m in result.models if m.name == "model"]
        SEEN["container_claims"] += sum(
            1 for row in report.layers if row.name.startswith(("blocks.", "heads."))
            and row.output_shape not in (None, ()))
    else:
        SEEN["not_followed"] += 1
        if not notes:
            problems.append("no LL901/LL903 note on a model layerlint does not follow")
    return [f"seed {seed}: {p}\n{script.source}" for p in problems]


@pytest.mark.parametrize("chunk", range(CHUNKS))
def test_container_models_agree_with_torch(chunk: int) -> None:
    per_chunk = SEEDS // CHUNKS
    problems: list[str] = []
    for seed in range(chunk * per_chunk, (chunk + 1) * per_chunk):
        problems += _check(seed)
    assert not problems, "\n".join(problems[:5])


def test_the_container_suite_claims_enough() -> None:
    if SEEN["followed"] + SEEN["not_followed"] < SEEDS:
        pytest.skip("run with the chunks")
    assert SEEN["followed"] > 300 and SEEN["not_followed"] > 60, SEEN
    assert SEEN["torch_error"] > 60 and SEEN["container_claims"] > 600, SEEN
    assert TOTALS.shapes > 1000 and TOTALS.params > 1000 and TOTALS.errors > 60, TOTALS
    assert TOTALS.every_input > 2, TOTALS
