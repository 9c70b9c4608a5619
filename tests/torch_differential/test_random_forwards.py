"""400 seeded random nn.Module forwards using tensor functions between modules (residual adds,
cat, chunk/split, view/reshape, transpose, matmul/bmm, reductions, softmax): layerlint must agree
with running each script in real torch (runner.run_script), and claim enough to prove something.
"""

from __future__ import annotations

import pytest

from layerlint.pipeline import check_source

from .compare import Claims, compare
from .forwards import generate_forward
from .runner import run_script

pytestmark = pytest.mark.torch

CHUNKS = 4
PER_CHUNK = 100
TOTALS = Claims()
OUTCOMES: dict[str, int] = {"clean": 0, "error": 0, "op_errors": 0}


@pytest.mark.parametrize("chunk", range(CHUNKS))
def test_random_forwards_agree_with_torch(chunk: int) -> None:
    problems: list[str] = []
    for seed in range(chunk * PER_CHUNK, (chunk + 1) * PER_CHUNK):
        script = generate_forward(seed)
        result = check_source(script.source, f"forward_{seed}.py", verify_fixes=False)
        run = run_script(script.source)
        OUTCOMES["error" if run.error else "clean"] += 1
        found = compare(result, run, called=True, claims=TOTALS)
        OUTCOMES["op_errors"] += sum(1 for d in result.diagnostics
                                     if d.severity == "error" and d.layer is None)
        found += [f"a note on a modelled forward: {d.code} {d.message}"
                  for d in result.diagnostics if d.code in ("LL901", "LL903")]
        problems += [f"seed {seed}: {p}\n{script.source}" for p in found]
    assert not problems, "\n".join(problems[:3])


def test_the_forwards_claim_enough() -> None:
    """Runs after the chunks (file order): both outcomes occur and layerlint claims shapes and
    errors, including errors raised by the functions themselves (not by a module)."""
    if OUTCOMES["clean"] + OUTCOMES["error"] < CHUNKS * PER_CHUNK:
        pytest.skip("run with the chunks")
    assert OUTCOMES["clean"] > 100 and OUTCOMES["error"] > 60, OUTCOMES
    assert TOTALS.shapes > 600 and TOTALS.errors > 60 and OUTCOMES["op_errors"] > 30, (
        TOTALS, OUTCOMES)
