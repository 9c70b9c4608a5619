"""Applying fixes to source text, and showing them as a unified diff."""

from __future__ import annotations

import difflib
import re

from ..diagnostics import Edit, Fix


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


def _lines_with_ends(text: str) -> list[str]:
    return re.findall(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+$", text)


def unified_diff(path: str, before: str, after: str) -> str:
    lines = difflib.unified_diff(
        _lines_with_ends(before), _lines_with_ends(after),
        fromfile=f"a/{path}", tofile=f"b/{path}",
    )
    out = []
    for line in lines:
        out.append(line if line.endswith("\n") else line + "\n\\ No newline at end of file\n")
    return "".join(out)
