"""1,000 seeded random nn.Sequential scripts: layerlint must agree with a real forward pass.

Each script runs in real torch (runner.run_script: module hooks, a zero/random tensor) and
through layerlint (pipeline.check_source), and compare.compare must find no mismatch. A model
the script never calls is run for real on the input the stack was designed for, to test any
"fails for every input" claim. Coverage is asserted too: the suite must claim many shapes,
parameter counts and errors, or it proves nothing.
"""

from __future__ import annotations

import pytest

from layerlint.pipeline import check_source

from .compare import Claims, compare
from .generator import generate
from .runner import run_script

pytestmark = pytest.mark.torch

CHUNKS = 10
PER_CHUNK = 100
TOTALS = Claims()
OUTCOMES: dict[str, int] = {"clean": 0, "error": 0}


def _check(seed: int) -> list[str]:
    script = generate(seed)
    result = check_source(script.source, f"stack_{seed}.py", verify_fixes=False)
    real_source = script.source
    if not script.called:
        dims = ", ".join(str(d) for d in script.natural_input)
        real_source += f"out = model(torch.zeros({dims}))\n"
    run = run_script(real_source)
    OUTCOMES["error" if run.error else "clean"] += 1
    problems = compare(result, run, script.called, claims=TOTALS)
    # Every module and op the generator writes is modelled: no note may say otherwise.
    problems += [f"a note on a modelled stack: {d.code} {d.message}" for d in result.diagnostics
                 if d.code.startswith("LL9")]
    return [f"seed {seed}: {p}\n{script.source}" for p in problems]


@pytest.mark.parametrize("chunk", range(CHUNKS))
def test_random_stacks_agree_with_torch(chunk: int) -> None:
    problems: list[str] = []
    for seed in range(chunk * PER_CHUNK, (chunk + 1) * PER_CHUNK):
        problems += _check(seed)
    assert not problems, "\n".join(problems[:5])


def test_the_suite_claims_enough() -> None:
    """Runs after the chunks (file order): the stacks must exercise both outcomes and layerlint
    must have claimed shapes, parameter counts, errors and every-input contradictions."""
    if sum(OUTCOMES.values()) < CHUNKS * PER_CHUNK:
        pytest.skip("run with the chunks")
    assert OUTCOMES["clean"] > 300 and OUTCOMES["error"] > 150, OUTCOMES
    assert TOTALS.shapes > 2000 and TOTALS.params > 2000, TOTALS
    assert TOTALS.errors > 100 and TOTALS.every_input > 10, TOTALS


def test_a_known_invalid_stack_is_compared() -> None:
    """The comparison itself can fail: a layerlint claim that torch contradicts is caught."""
    from layerlint.pipeline import check_source as check

    source = ("import torch\nimport torch.nn as nn\n"
              "model = nn.Sequential(nn.Linear(4, 8), nn.Linear(8, 2))\n"
              "x = torch.zeros(3, 4)\nout = model(x)\n")
    result = check(source, verify_fixes=False)
    real = run_script(source.replace("nn.Linear(8, 2)", "nn.Linear(9, 2)"))
    assert compare(result, real, called=True), "a mismatch went unnoticed"


def test_fixes_remove_the_error_in_real_torch() -> None:
    """Every fix layerlint offers (verified by its own re-check) must also remove torch's error
    at that module: the fixed script either runs or fails somewhere else."""
    from layerlint.edits import apply_edits

    checked = 0
    for seed in range(400):
        script = generate(seed)
        if not script.called:
            continue
        result = check_source(script.source, f"stack_{seed}.py")
        for d in result.diagnostics:
            if "fails for every input" in d.message:
                continue  # met only once the input's own first error is fixed
            for fix in d.fixes:
                fixed = apply_edits(script.source, fix.edits)
                before, after = run_script(script.source), run_script(fixed)
                assert before.error is not None, (seed, fix.title)
                assert (after.failed_in, after.error) != (before.failed_in, before.error), (
                    f"seed {seed}: {fix.title} did not help\n{fixed}")
                checked += 1
    assert checked > 30
