"""layerlint against real torch on training scripts: verdict, line, stage, message, and the
LL408 warnings against the comparisons torch broadcast (torch_runner.py)."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

from layerlint.edits import apply_edits
from layerlint.layers.torch.functions_loss import LOSS_MODULES
from layerlint.pipeline import check_source

RUNNER = Path(__file__).with_name("torch_runner.py")


def torch_outcomes(sources: list[str], timeout: int = 1200) -> list[dict[str, Any]]:
    """Every source run in one torch subprocess."""
    done = subprocess.run([sys.executable, str(RUNNER)], input=json.dumps(sources),
                          capture_output=True, text=True, timeout=timeout, check=True)
    return json.loads(done.stdout)


def fixed_source(source: str) -> str:
    """The source with every LL408 fix applied (each verified by re-checking); the fixed
    source has no LL408 left."""
    found = [d for d in check_source(source, "train.py").diagnostics if d.code == "LL408"]
    assert found and all(d.fixes for d in found), found
    fixed = apply_edits(source, [e for d in found for e in d.fixes[0].edits])
    assert not [d for d in check_source(fixed, "train.py").diagnostics if d.code == "LL408"]
    return fixed


def unmodelled_loss(source: str) -> bool:
    """The script's criterion is an ``nn`` loss module the catalogue of this build does not
    model (its output, and what depends on it, is unknown to layerlint)."""
    made = re.search(r"criterion = nn\.(\w+)\(", source)
    return made is not None and made.group(1) not in LOSS_MODULES


def compare(source: str, run: dict[str, Any], accept: dict[int, set[int]],
            stages: dict[int, str], claims: dict[str, int]) -> list[str]:
    """What layerlint says of ``source`` against torch's ``run``; the problems found. A miss
    is one only when the loss is modelled (else it is counted as ``unmodelled``)."""
    result = check_source(source, "train.py", verify_fixes=False)
    errors = [d for d in result.diagnostics if d.severity == "error"]
    warned = {d.span.line for d in result.diagnostics if d.code == "LL408"}
    problems: list[str] = []
    claims["programs"] += 1
    line = run["line"]
    if run["error"] is None:
        claims["clean"] += 1
        problems += [f"false alarm at line {d.span.line}: {d.code} {d.message}" for d in errors]
    else:
        claims["raised"] += 1
        first = min((d.span.line for d in errors), default=None)
        found = [d for d in errors if d.span.line == first]
        if not found and unmodelled_loss(source):
            claims["unmodelled"] += 1
        elif not found:
            claims["missed"] += 1
            problems.append(f"missed: torch line {line}: {run['error']}")
        for d in found[:1]:
            wanted = accept.get(line, {line})
            if d.span.line not in wanted:
                problems.append(f"layerlint line {d.span.line} ({d.code}), torch line {line}: "
                                f"{run['error']}")
            elif (d.framework_error or "").splitlines()[0:1] != [run["error"]]:
                problems.append(f"message: layerlint {d.framework_error!r}, torch "
                                f"{run['error']!r}")
            elif line in stages and d.stage != stages[line]:
                problems.append(f"stage: layerlint {d.stage}, expected {stages[line]} "
                                f"(torch line {line})")
            else:
                claims["found"] += 1
    measured = set(run["broadcasts"])
    claims["broadcasts"] += len(measured)
    if run["error"] is not None:  # torch stopped: what it never ran is not compared
        warned = {w for w in warned if w < line} if line else set()
    if warned != measured:
        problems.append(f"LL408 at {sorted(warned)}, torch broadcast at {sorted(measured)}")
    else:
        claims["warned"] += len(warned)
    return problems
