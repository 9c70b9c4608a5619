"""Hand-written torch scripts (scripts/): layerlint must agree with running them for real.

Each script says what layerlint must report (``# expect: clean`` or the codes, e.g.
``# expect: LL102``); a script that never calls its model names the input to test the claim
with (``# input: 4, 784``). Every error must come with the numbers torch would show, and every
fix offered must have been verified (fixes.verify re-checks the edited source).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from layerlint.pipeline import check_source

from .compare import compare
from .runner import run_script

pytestmark = pytest.mark.torch

SCRIPTS = sorted((Path(__file__).parent / "scripts").glob("*.py"))


def _header(source: str, key: str) -> str | None:
    found = re.search(rf"^# {key}: (.+)$", source, re.MULTILINE)
    return found.group(1).strip() if found else None


@pytest.mark.parametrize("path", SCRIPTS, ids=lambda p: p.stem)
def test_script_agrees_with_torch(path: Path) -> None:
    source = path.read_text()
    result = check_source(source, path.name)
    probe = _header(source, "input")
    real = source + (f"\nout = model(torch.zeros({probe}))\n" if probe else "")
    run = run_script(real)
    assert compare(result, run, called=probe is None) == []
    expected = _header(source, "expect")
    codes = sorted({d.code for d in result.diagnostics if d.severity == "error"})
    assert codes == ([] if expected == "clean" else expected.split()), [
        d.message for d in result.diagnostics]
    if expected == "clean":
        assert run.error is None, run.error
        model = next(m for m in result.models if m.name == "model")
        assert model.root is not None and model.root.output_shape == run.output_shape
        assert model.root.params == run.total_params


def test_there_are_scripts() -> None:
    assert len(SCRIPTS) >= 15
