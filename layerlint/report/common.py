"""What every report format shares: where a finding is, how many there are, colours."""

from __future__ import annotations

import bisect
import os
import sys
from collections.abc import Iterable
from typing import ClassVar, TextIO

from ..diagnostics import Diagnostic
from ..results import FileResult


def cell_offsets(result: FileResult) -> list[int] | None:
    """For a notebook: the 0-based line of the joined source at which each cell starts."""
    return getattr(result, "cell_offsets", None)


def cell_position(result: FileResult, line: int) -> tuple[int, int] | None:
    """(cell number, line within the cell), both 1-based, for a notebook; None for a script.

    Same mapping as frontends.notebook.cell_position: every cell (markdown too) has an offset
    and is counted, as users count cells on screen; ties go to the last cell (the code cell).
    """
    offsets = cell_offsets(result)
    if not offsets:
        return None
    index = max(bisect.bisect_right(offsets, line - 1) - 1, 0)
    return index + 1, line - offsets[index]


def location(result: FileResult, line: int, col: int) -> str:
    """``path:line:col`` as ruff prints it, or ``nb.ipynb:cell 3:2:5`` inside a notebook."""
    in_cell = cell_position(result, line)
    if in_cell is None:
        return f"{result.path}:{line}:{col}"
    cell, cell_line = in_cell
    return f"{result.path}:cell {cell}:{cell_line}:{col}"


def count_by_severity(diagnostics: Iterable[Diagnostic]) -> dict[str, int]:
    counts = {"error": 0, "warning": 0, "info": 0}
    for d in diagnostics:
        counts[d.severity] = counts.get(d.severity, 0) + 1
    return counts


def model_counts(results: Iterable[FileResult]) -> dict[str, int]:
    """What a run looked at, as mypy counts files: models checked (analysed: a ModelReport
    whose call() was followed), models not followed (an LL904 note each, or a model whose
    call() stopped the trace: LL903) and files. The JSON ``summary`` object."""
    results = list(results)
    return {
        "files": len(results),
        "models_checked": sum(sum(m.unfollowed is None for m in r.models) for r in results),
        "models_not_followed": sum(len(getattr(r, "unfollowed", ())) for r in results),
    }


def models_clause(counts: dict[str, int], notes_hidden: bool) -> str:
    """``Checked 3 models in 2 files; 1 model not followed (--show-info).``"""
    text = (f"Checked {plural(counts['models_checked'], 'model')} in "
            f"{plural(counts['files'], 'file')}")
    if counts["models_not_followed"]:
        text += f"; {plural(counts['models_not_followed'], 'model')} not followed"
        text += " (--show-info)" if notes_hidden else ""
    return text + "."


def plural(n: int, word: str) -> str:
    if n == 1:
        return f"{n} {word}"
    return f"{n} {word}es" if word.endswith(("s", "x", "sh", "ch")) else f"{n} {word}s"


def readable_memory_size(size: float, bytes_unit: str = "B") -> str:
    """Keras' ``readable_memory_size`` in a summary: ``75.25 KB``, ``0.00 B`` (tf_keras 2
    writes ``Byte``)."""
    units = [bytes_unit, "KB", "MB", "GB", "TB", "PB"]
    for unit in units:
        if size / 1024 < 1:
            return f"{size:.2f} {unit}"
        size /= 1024
    return f"{size:.2f} {units[-1]}"


def use_colour(stream: TextIO) -> bool:
    """Colours only on a terminal; NO_COLOR disables and FORCE_COLOR enables (no-color.org)."""
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty()) and os.environ.get("TERM") != "dumb"


class Style:
    """ANSI styling that becomes a no-op when colours are off."""

    CODES: ClassVar[dict[str, str]] = {"bold": "1", "dim": "2", "red": "31", "green": "32", "yellow": "33", "blue": "34",
             "cyan": "36", "magenta": "35"}

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled

    def __call__(self, text: str, *styles: str) -> str:
        if not self.enabled or not styles:
            return text
        codes = ";".join(self.CODES[s] for s in styles)
        return f"\x1b[{codes}m{text}\x1b[0m"


def default_stream() -> TextIO:
    return sys.stdout
