"""Applying fixes to source text, and showing them as a unified diff."""

from __future__ import annotations

import difflib
import os
import re
from collections.abc import Callable

from ..diagnostics import Diagnostic, Edit, Fix


class EditError(ValueError):
    """An edit lies outside the text or overlaps another edit of the same fix."""


# Python's own line breaks (str.splitlines would also split at form feeds and the like).
LINE_BREAK = re.compile(r"\r\n|\r|\n")


def source_lines(text: str) -> list[str]:
    """The lines of a source as Python numbers them, without their line breaks."""
    lines = LINE_BREAK.split(text)
    return lines[:-1] if lines and lines[-1] == "" else lines


def _offsets(text: str) -> list[int]:
    """Character offset at which each line starts (1-based line n starts at offsets[n - 1])."""
    return [0] + [m.end() for m in LINE_BREAK.finditer(text)]


def _position(starts: list[int], text: str, line: int, col: int) -> int:
    if line < 1 or line > len(starts) or col < 1:
        raise EditError(f"edit position {line}:{col} is outside the text")
    line_start = starts[line - 1]
    line_end = starts[line] if line < len(starts) else len(text)
    offset = line_start + col - 1
    if offset > line_end:
        raise EditError(f"edit position {line}:{col} is past the end of its line")
    return offset


def apply_edits(text: str, edits: list[Edit]) -> str:
    """Apply edits (1-based, end exclusive) from the last to the first."""
    starts = _offsets(text)
    spans = sorted(
        ((_position(starts, text, e.line, e.col), _position(starts, text, e.end_line, e.end_col),
          e.text) for e in edits),
        reverse=True,
    )
    previous_start = len(text) + 1
    for start, end, new in spans:
        if end < start or end > previous_start:
            raise EditError("edits overlap or run backwards")
        text = text[:start] + new + text[end:]
        previous_start = start
    return text


def apply_fix(text: str, fix: Fix) -> str:
    return apply_edits(text, fix.edits)


def edit_range(text: str, fix: Fix) -> tuple[int, int]:
    """The character range a fix touches, to avoid applying two overlapping fixes at once."""
    starts = _offsets(text)
    positions = [
        p for e in fix.edits
        for p in (_position(starts, text, e.line, e.col), _position(starts, text, e.end_line, e.end_col))
    ]
    return min(positions), max(positions)


def choose_fixes(
    text: str,
    diagnostics: list[Diagnostic],
    unsafe_fixes: bool,
    usable: Callable[[Fix], bool] | None = None,
) -> list[tuple[Diagnostic, Fix]]:
    """The first applicable fix of each finding, skipping any that overlaps one already chosen.
    ``usable``: a further condition on a fix (a notebook: it maps onto cells)."""
    chosen: list[tuple[Diagnostic, Fix]] = []
    taken: list[tuple[int, int]] = []
    for d in sorted(diagnostics, key=lambda d: d.sort_key):
        fixes = (f for f in d.fixes if (f.safe or unsafe_fixes) and f.edits)
        fix = next((f for f in fixes if usable is None or usable(f)), None)
        if fix is None:
            continue
        try:
            lo, hi = edit_range(text, fix)
        except EditError:
            continue
        if any(lo <= t_hi and t_lo <= hi for t_lo, t_hi in taken):
            continue
        taken.append((lo, hi))
        chosen.append((d, fix))
    return chosen


# A diff's lines end at \n only, as diff(1), patch(1) and git cut them: a \r stays in the line
# (a CRLF line keeps its \r; a file with CR-only line ends is one line to them).
_DIFF_LINE = re.compile(rb"[^\n]*\n|[^\n]+$")
_NO_NEWLINE = b"\n\\ No newline at end of file\n"


def unified_diff_bytes(path: str, before: bytes, after: bytes) -> bytes:
    """A unified diff of the file's bytes (its encoding and line ends as they are on disk),
    which ``patch -p1`` and ``git apply`` apply."""
    name = os.fsencode(path)
    lines = difflib.diff_bytes(
        difflib.unified_diff, _DIFF_LINE.findall(before), _DIFF_LINE.findall(after),
        fromfile=b"a/" + name, tofile=b"b/" + name,
    )
    return b"".join(line if line.endswith(b"\n") else line + _NO_NEWLINE for line in lines)


def unified_diff(path: str, before: str, after: str) -> str:
    """The same diff of texts (UTF-8), e.g. a notebook cell's source."""
    data = unified_diff_bytes(path, before.encode("utf-8", "surrogatepass"),
                              after.encode("utf-8", "surrogatepass"))
    return data.decode("utf-8", "surrogateescape")
