"""Every program in tests/tutorials/ (scripts and notebooks, written after the keras.io and
PyTorch tutorials' data sections) is correct, so layerlint must find nothing wrong in it: no
error, no warning (info notes about what it did not follow are allowed), and at least one model
checked. The values_* tutorials (values flowing through functions, loops, classes, notebooks)
also run in real Keras 3, all in one subprocess, to prove they are correct."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from layerlint.pipeline import check_file

FOLDER = Path(__file__).parent / "tutorials"
TUTORIALS = sorted([*FOLDER.glob("*.py"), *FOLDER.glob("*.ipynb")])
OWN = [path for path in TUTORIALS if path.name.startswith("values_")]

_RUN_ALL = """
import json, runpy, sys, tempfile, warnings
warnings.simplefilter("ignore")
outcomes = {}
for path in json.loads(sys.stdin.read()):
    try:
        if path.endswith(".ipynb"):
            cells = json.load(open(path))["cells"]
            code = "\\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "code")
            code = "\\n".join(l for l in code.splitlines() if not l.lstrip().startswith("%"))
            exec(compile(code, path, "exec"), {"__name__": "__main__"})
        else:
            runpy.run_path(path, run_name="__main__")
        outcomes[path] = None
    except Exception as exc:  # the program's failure is the result
        outcomes[path] = f"{type(exc).__name__}: {exc}"
print(json.dumps(outcomes))
"""


def _findings(path: Path) -> tuple[list[str], int]:
    result = check_file(str(path))
    found = [f"{d.code} line {d.span.line}: {d.message}" for d in result.diagnostics
             if d.severity in ("error", "warning")]
    return found, len(result.models)


def test_there_are_tutorials_of_our_own() -> None:
    assert len(OWN) >= 10
    assert any(path.suffix == ".ipynb" for path in OWN)


@pytest.mark.parametrize("path", TUTORIALS, ids=lambda p: p.name)
def test_layerlint_finds_nothing_wrong(path: Path) -> None:
    found, models = _findings(path)
    assert not found, found
    assert models, "no model checked"


@pytest.mark.keras3
def test_our_tutorials_run_in_keras3(tmp_path: Path) -> None:
    from framework_env import framework_env

    done = subprocess.run([sys.executable, "-c", _RUN_ALL],
                          input=json.dumps([str(p) for p in OWN]), capture_output=True,
                          text=True, timeout=900, cwd=tmp_path, env=framework_env("keras3"),
                          check=False)
    assert done.returncode == 0, done.stderr[-3000:]
    outcomes = json.loads(done.stdout.strip().splitlines()[-1])
    failed = {Path(p).name: error for p, error in outcomes.items() if error}
    assert not failed, failed
    assert len(outcomes) == len(OWN)
