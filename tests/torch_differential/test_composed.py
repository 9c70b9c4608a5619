"""Seeded random composed torch models (composed.py): layerlint must agree with real torch.

Each script runs in real torch (runner.run_script, in this process) and through layerlint;
compare.compare must find no mismatch in shapes, parameter counts, the failing module and
torch's message, and a finding must sit on the line torch's traceback ends at in the script
(the forward's line calling the failing module or op). Every construct the generator writes is
followed: no LL9xx note may appear. Coverage is asserted.
"""

from __future__ import annotations

import pytest

from layerlint.pipeline import check_source

from .compare import Claims, compare
from .composed import generate_composed
from .runner import run_script

pytestmark = pytest.mark.torch

SEEDS = 400
CHUNKS = 4
TOTALS = Claims()
SEEN = {"clean": 0, "torch_error": 0, "found": 0, "lines": 0}


def _check(seed: int) -> list[str]:
    script = generate_composed(seed)
    result = check_source(script.source, f"composed_{seed}.py", verify_fixes=False)
    run = run_script(script.source)
    problems = compare(result, run, True, claims=TOTALS)
    errors = [d for d in result.diagnostics if d.severity == "error"]
    problems += [f"a note on a followed model: {d.code} {d.message}"
                 for d in result.diagnostics if d.code.startswith("LL9")]
    if run.error is None:
        SEEN["clean"] += 1
        (report,) = [m for m in result.models if m.name == "model"]
        if report.root is None or report.root.output_shape != run.output_shape:
            problems.append(f"output: layerlint {report.root and report.root.output_shape}, "
                            f"torch {run.output_shape}")
    else:
        SEEN["torch_error"] += 1
        SEEN["found"] += bool(errors)
        if not errors:
            problems.append(f"missed: torch {run.error} at line {run.error_line}")
        if len(errors) > 1:
            problems.append(f"several errors: {[d.message for d in errors]}")
        for d in errors:
            SEEN["lines"] += 1
            if d.span.line != run.error_line:
                problems.append(f"line: layerlint {d.span.line}, torch {run.error_line}: "
                                f"{run.error}")
            if d.stage != "forward":
                problems.append(f"stage {d.stage}")
    return [f"seed {seed}: {p}\n{script.source}" for p in problems]


@pytest.mark.parametrize("chunk", range(CHUNKS))
def test_composed_models_agree_with_torch(chunk: int) -> None:
    per_chunk = SEEDS // CHUNKS
    problems: list[str] = []
    for seed in range(chunk * per_chunk, (chunk + 1) * per_chunk):
        problems += _check(seed)
    assert not problems, "\n".join(problems[:3])


def test_the_composed_suite_claims_enough() -> None:
    """Runs after the chunks (file order): both outcomes, and every torch failure found."""
    if SEEN["clean"] + SEEN["torch_error"] < SEEDS:
        pytest.skip("run with the chunks")
    assert SEEN["clean"] > 150 and SEEN["torch_error"] > 60, SEEN
    assert SEEN["found"] == SEEN["torch_error"], SEEN
    assert TOTALS.shapes > 3000 and TOTALS.params > 3000, TOTALS
