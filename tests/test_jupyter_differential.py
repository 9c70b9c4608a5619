"""The extension against the frameworks, on seeded notebooks (``jupyter_cases.py``): the
differential suites' random Keras 3 and torch scripts cut into cells, run in a real kernel with
``%load_ext layerlint`` (warn mode: every cell runs). Up to the first cell that raises, layerlint
shows an error for a cell exactly when real Keras / torch raises in it — the model, the data and
the call that meets them often sit in different cells."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from jupyter_cases import RESET, NotebookCase, keras_case, raised, torch_case, verdicts
from test_jupyter_extension import execute

from layerlint.jupyter.session import Cell, Session

pytestmark = pytest.mark.jupyter

CASES = 150  # per framework; one kernel runs them all
SHOWN = 5


def run_cases(cases: list[NotebookCase], folder: Path) -> list[list[list[Any]]]:
    """All cases in one kernel, each after ``%layerlint reset``; each case's cell outputs."""
    cells, starts = ["%load_ext layerlint"], []
    for case in cases:
        cells.append(RESET)
        starts.append(len(cells))
        cells += case.cells
    # The cases are Keras 3 scripts (the differential suite checks them in that dialect).
    (folder / "pyproject.toml").write_text('[tool.layerlint]\ndialect = "keras3"\n')
    outputs = execute(cells, folder)
    assert outputs[0] == [], outputs[0]
    return [outputs[start:start + len(case.cells)] for start, case in zip(starts, cases)]


@pytest.mark.parametrize("framework, make", [
    pytest.param("keras", keras_case, marks=pytest.mark.keras3),
    pytest.param("torch", torch_case, marks=pytest.mark.torch),
])
def test_cells_agree_with_the_framework(framework: str, make: Any, tmp_path: Path) -> None:
    cases = [make(seed) for seed in range(CASES)]
    runs = run_cases(cases, tmp_path)
    failures, missed, raising, after_context = [], 0, 0, 0
    for case, outputs in zip(cases, runs):
        found = verdicts(case, outputs)
        missed += found.missed
        raising += any(raised(cell) for cell in outputs)
        after_context += found.raised_after_context
        if found.disagreements:
            failures.append(f"--- {framework} seed {case.seed}\n"
                            + "\n".join(found.disagreements)
                            + "\n" + "\n# ---- next cell\n".join(case.cells))
    print(f"{framework}: {len(cases)} notebooks, {raising} raise, {after_context} in a cell "
          f"after the model's, {missed} errors the analysis misses on the script too")
    assert not failures, (f"{len(failures)} of {len(cases)} notebooks disagree:\n"
                          + "\n".join(failures[:SHOWN]))
    # The mix exercises what matters: cells that raise, in a cell after the model's.
    assert raising >= CASES // 8, raising
    assert after_context >= CASES // 20, after_context


def test_fixes_shown_are_the_full_checks_fixes() -> None:
    """A cell's fixes are verified alone (the earlier cells' findings are not shown, so their
    fixes are not re-checked): they must be exactly the fixes a full check of the same cells
    gives those findings."""
    compared = 0
    for seed in range(150):
        for make in (keras_case, torch_case):
            session = Session()
            for number, source in enumerate(make(seed).cells, start=1):
                cell = Cell(source, f"In [{number}]")
                check = session.check(cell)
                full = session.run_cells([*session.cells, cell])
                fixes = {(d.code, d.span, d.message): [f.title for f in d.fixes]
                         for d in full.diagnostics}
                for d in check.diagnostics:
                    assert [f.title for f in d.fixes] == fixes[(d.code, d.span, d.message)]
                    compared += bool(d.fixes)
                session.record(cell)
    assert compared >= 30, compared
