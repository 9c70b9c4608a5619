"""What the language server checks: an editor's buffer — a ``.py`` file, or the cells of a
notebook checked as one program — through the same pipeline, ``[tool.layerlint]``
configuration and inline suppressions as ``layerlint check``; no analysis of its own.

Positions here are those of the findings: 1-based lines and columns counted in characters.
A notebook's findings are on its joined source; :meth:`Checked.place` maps a line back to a
cell (cells count as ``frontends.notebook`` counts them: every cell has an offset).
"""

from __future__ import annotations

import bisect
import json
import os
from dataclasses import dataclass
from pathlib import Path

from .. import pipeline
from ..config import Config, ConfigError, find_config, load_config
from ..diagnostics import Edit, Fix
from ..discovery import DEFAULT_EXCLUDES, Excluder, force_excluded
from ..report.fixing import EditError, apply_edits, choose_fixes, source_lines
from ..results import FileResult
from ..suppressions import apply_suppressions


@dataclass(frozen=True)
class Cell:
    """A notebook cell as the editor has it: its text document's URI, kind and text."""

    uri: str
    code: bool  # False: a markdown (markup) cell, which adds no lines to the program
    text: str


@dataclass
class Checked:
    """The filtered result of one check and the text it was made on."""

    result: FileResult
    config: Config
    text: str  # a script's text; a notebook's joined source
    cells: list[Cell] | None = None  # None: a script

    def place(self, line: int) -> tuple[int | None, int]:
        """(cell index or None for a script, 0-based line in that document) of a 1-based line."""
        if self.cells is None:
            return None, line - 1
        offsets = self.result.cell_offsets
        if not offsets or len(offsets) != len(self.cells):
            first = next((i for i, c in enumerate(self.cells) if c.code), 0)
            return first, 0  # a notebook that could not be read: say it at its first cell
        index = max(bisect.bisect_right(offsets, line - 1) - 1, 0)
        return index, line - 1 - offsets[index]

    def joined_line(self, cell: int | None, line0: int) -> int:
        """The 1-based line of the checked source at ``line0`` (0-based) of a cell or script."""
        if cell is None or self.cells is None:
            return line0 + 1
        offsets = self.result.cell_offsets or []
        return (offsets[cell] if cell < len(offsets) else 0) + line0 + 1

    def lines_of(self, cell: int | None) -> list[str]:
        """The lines of a cell's (or the script's) own text, as the editor numbers them."""
        text = self.text if cell is None or self.cells is None else self.cells[cell].text
        return source_lines(text)


def config_for(path: Path | None, workspace_root: Path | None) -> tuple[Config, str | None]:
    """The ``[tool.layerlint]`` configuration for a file: the nearest pyproject.toml above it
    with the table, else the workspace's. Returns (config, the problem if it is unusable)."""
    starts = [p for p in (path, workspace_root) if p is not None and p.parent.exists()]
    for start in starts:
        found = find_config(start)
        if found is None:
            continue
        try:
            return load_config(found), None
        except ConfigError as error:
            return Config(), f"layerlint: {error}; using the defaults"
    return Config(), None


def excluded(path: Path, config: Config) -> bool:
    """Whether ``layerlint check --force-exclude`` would skip the file (``exclude`` /
    ``extend-exclude``, ruff's defaults), or it is a library's installed code (opened by
    go-to-definition): not the user's to fix. Gitignored files are still checked when opened."""
    if {"site-packages", "dist-packages"} & set(path.parts):
        return True
    patterns = list(DEFAULT_EXCLUDES if config.exclude is None else config.exclude)
    return force_excluded(Excluder(patterns + config.extend_exclude, config.root), path)


def check_script(text: str, path: str, config: Config) -> Checked:
    result = pipeline.check_source(text, path, dialect=_dialect(path, config),
                                   keras_backend=config.run_keras_backend,
                                   dialect_reason=config.dialect_reason)
    return Checked(_filtered(result, config), config, text)


def check_notebook(cells: list[Cell], path: str, config: Config) -> Checked:
    """Check the code cells as one program, in notebook order (as ``layerlint check`` reads an
    ``.ipynb`` file: IPython magics blanked, a cell that does not parse reported and skipped)."""
    document = {
        "nbformat": 4, "nbformat_minor": 5, "metadata": {},
        "cells": [{"cell_type": "code" if c.code else "markdown", "metadata": {},
                   "source": c.text} for c in cells],
    }
    data = json.dumps(document).encode("utf-8")
    result = pipeline.check_notebook(data, path, dialect=_dialect(path, config),
                                     keras_backend=config.run_keras_backend,
                                     dialect_reason=config.dialect_reason)
    return Checked(_filtered(result, config), config, result.source, list(cells))


def _dialect(path: str, config: Config) -> str | None:
    """The editor's ``dialect`` setting, for every file (as ``--dialect``); else a file on disk:
    its own project decides (as ``layerlint check``); a buffer that is not (``untitled:``): the
    workspace's configuration."""
    if config.run_dialect is not None:
        return config.run_dialect
    return None if os.path.exists(path) else config.dialect


def _filtered(result: FileResult, config: Config) -> FileResult:
    """Inline suppressions and rule selection, as the command line applies them."""
    kept = apply_suppressions(result.source, result.diagnostics)
    result.diagnostics = [d for d in kept if config.is_enabled_for(d.code, result.path)]
    return result


# --- fixes --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class LocalEdit:
    """An edit in one document's own coordinates (0-based line, 0-based character)."""

    cell: int | None
    line: int
    col: int
    end_line: int
    end_col: int
    text: str


def local_edits(checked: Checked, fix: Fix) -> list[LocalEdit] | None:
    """A fix's edits in the editor's documents; None when an edit spans two cells."""
    edits = []
    for edit in fix.edits:
        cell, line = checked.place(edit.line)
        end_cell, end_line = checked.place(edit.end_line)
        if end_cell != cell and not (edit.end_col == 1 and edit.end_line == edit.line + 1):
            return None
        if end_cell != cell:  # through a cell's last line break: end at that line's end
            lines = checked.lines_of(cell)
            end_line, end_col = line, (len(lines[line]) if line < len(lines) else 0) + 1
        else:
            end_col = edit.end_col
        edits.append(LocalEdit(cell, line, edit.col - 1, end_line, end_col - 1, edit.text))
    return edits


def fix_all(checked: Checked) -> dict[int | None, str]:
    """Every safe fix that does not overlap another (as ``layerlint check --fix`` takes them in a
    round): the new text of each document it changes, keyed by cell index (None: the script)."""
    if any(d.code == "LL900" for d in checked.result.diagnostics):
        return {}
    usable = (lambda fix: local_edits(checked, fix) is not None) if checked.cells else None
    pairs = choose_fixes(checked.text, checked.result.diagnostics, False, usable)
    if checked.cells is None:
        try:
            fixed = apply_edits(checked.text, [e for _, fix in pairs for e in fix.edits])
        except EditError:
            return {}
        return {None: fixed} if fixed != checked.text else {}
    by_cell: dict[int, list[Edit]] = {}
    for _, fix in pairs:
        for edit in local_edits(checked, fix) or []:
            assert edit.cell is not None
            by_cell.setdefault(edit.cell, []).append(Edit(
                edit.line + 1, edit.col + 1, edit.end_line + 1, edit.end_col + 1, edit.text))
    changed = {}
    for cell, edits in by_cell.items():
        try:
            changed[cell] = apply_edits(checked.cells[cell].text, edits)
        except EditError:
            continue
    return changed
