"""The cells an IPython session has run, and checks of a cell in their context.

Nothing here imports IPython or runs the user's code: the cells run so far are joined as the
code cells of a notebook (IPython syntax blanked as in a ``.ipynb`` file) and checked with the
pipeline the command line uses, so a cell sees the imports, data and models of the cells before
it. A cell's findings are those located in it and those it brings to earlier cells (a model
defined in cell 2 that the data of this cell breaks is reported at cell 2's layer); the others
were shown with the cells that caused them.
"""

from __future__ import annotations

import ast
import json
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from .. import pipeline
from ..config import Config, ConfigError, find_config, load_config
from ..diagnostics import Diagnostic
from ..report.common import cell_position
from ..report.fixing import source_lines
from ..results import FileResult, ModelReport
from ..suppressions import apply_suppressions

MODES = ("warn", "strict", "off")
# The name the checked cells go by in the pipeline (a notebook, so IPython syntax is blanked).
NOTEBOOK_PATH = "<ipython>.ipynb"


@dataclass(frozen=True)
class Cell:
    """A cell's source and how the user sees it named (``In [3]``)."""

    source: str
    label: str


@dataclass
class CellCheck:
    """The findings one cell brings, checked after the cells run before it."""

    cell: Cell
    result: FileResult  # the joined cells: source, cell offsets, models
    labels: list[str]  # each joined cell's label, in order (the checked cell last)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    hidden_info: int = 0  # info notes not shown (config ``show-info`` off)

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity == "error"]

    def where(self, line: int) -> tuple[str, int]:
        """(the cell's label, the line in that cell) for a line of the joined source."""
        position = cell_position(self.result, line)
        if position is None:
            return self.cell.label, line
        number, cell_line = position
        label = self.labels[number - 1] if 0 < number <= len(self.labels) else self.cell.label
        return label, cell_line


@dataclass
class Session:
    """What the extension remembers: the mode and the cells run so far, in order."""

    mode: str = "warn"
    cells: list[Cell] = field(default_factory=list)
    config: Config | None = None
    config_problem: str | None = None  # why [tool.layerlint] could not be used
    # The findings of the cells run so far, by their sources: what a new cell does not bring.
    _seen: dict[tuple[str, ...], set[tuple]] = field(default_factory=dict, repr=False)

    def record(self, cell: Cell) -> None:
        """A cell that ran (even if it raised part way: what ran before the error stays)."""
        self.cells.append(cell)

    def forget(self) -> None:
        """``%layerlint reset``: the cells run so far are no longer context."""
        self.cells.clear()
        self._seen.clear()

    def check(self, cell: Cell) -> CellCheck:
        """Check ``cell`` after the cells run so far; keep the findings located in it and the
        new ones it brings to earlier cells."""
        context = [*self.cells, cell]
        before = self._findings(self.cells)

        def shown(result: FileResult, d: Diagnostic) -> bool:
            return _cell_number(result, d.span.line) == len(context) or _key(d) not in before

        result = self.run_cells(context, verify_only=shown)  # fixes verified for these only
        config = self.config_for_checks()
        kept = [d for d in apply_suppressions(result.source, result.diagnostics)
                if config.is_enabled(d.code)]
        self._seen = {_sources(context): {_key(d) for d in kept}}
        check = CellCheck(cell, result, [c.label for c in context])
        for d in sorted(kept, key=lambda d: d.sort_key):
            if not shown(result, d):
                continue
            if d.severity == "info" and not config.show_info:
                check.hidden_info += 1
            else:
                check.diagnostics.append(d)
        return check

    def _findings(self, cells: list[Cell]) -> set[tuple]:
        """The findings of ``cells`` (remembered from the check of the last of them)."""
        if not cells:
            return set()
        seen = self._seen.get(_sources(cells))
        if seen is None:
            result = self.run_cells(cells, verify_fixes=False)
            seen = {_key(d) for d in apply_suppressions(result.source, result.diagnostics)}
        return seen

    def models(self, current: Cell | None = None) -> tuple[FileResult, list[ModelReport]]:
        """The models of the cells run so far (and of ``current``, the cell running now)."""
        context = [*self.cells, *([current] if current else [])]
        result = self.run_cells(context, verify_fixes=False)
        return result, [m for m in result.models if m.unfollowed is None]

    def run_cells(self, cells: list[Cell], verify_fixes: bool = True,
                  verify_only: Callable[[FileResult, Diagnostic], bool] | None = None,
                  ) -> FileResult:
        """The pipeline's check of ``cells`` joined as a notebook's code cells."""
        notebook = {"nbformat": 4, "nbformat_minor": 5, "metadata": {},
                    "cells": [{"cell_type": "code", "metadata": {}, "source": c.source,
                               "outputs": [], "execution_count": None} for c in cells]}
        data = json.dumps(notebook).encode("utf-8")
        config = self.config_for_checks()
        return pipeline.check_notebook(data, NOTEBOOK_PATH, dialect=config.dialect,
                                       verify_fixes=verify_fixes, verify_only=verify_only,
                                       dialect_reason=config.dialect_reason)

    def config_for_checks(self) -> Config:
        """``[tool.layerlint]`` of the working directory's project, read once (as the CLI)."""
        if self.config is None:
            found = find_config(Path.cwd())
            try:
                self.config = load_config(found) if found else Config()
            except ConfigError as exc:  # checked with the defaults; the extension says why
                self.config, self.config_problem = Config(), str(exc)
        return self.config


def ran_before(source: str, line: int) -> str:
    """What of a cell ran before its top-level statement at ``line`` raised: the statements
    before it (what a script stopped by the error would not show, the notebook keeps: later
    cells see the model as that statement left it, e.g. an optimizer that a failed ``fit``
    never built)."""
    lines = source_lines(source)
    start = line
    # IPython's line magics and shell escapes blanked (same line numbers) so the rest parses.
    python = "\n".join("" if text.lstrip().startswith(("%", "!")) else text for text in lines)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            tree = ast.parse(python)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        tree = None  # not Python even so: cut at the line itself
    if tree is not None:
        for statement in tree.body:
            if statement.lineno <= line <= (statement.end_lineno or statement.lineno):
                start = statement.lineno
                break
    return "".join(text + "\n" for text in lines[: max(start - 1, 0)])


def _sources(cells: list[Cell]) -> tuple[str, ...]:
    return tuple(c.source for c in cells)


def _key(d: Diagnostic) -> tuple:
    return d.code, d.span, d.message


def _cell_number(result: FileResult, line: int) -> int:
    position = cell_position(result, line)
    return position[0] if position else 1
