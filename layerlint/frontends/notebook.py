"""Jupyter notebooks: code cells joined into one source, IPython syntax blanked out.

Every cell of the notebook gets an entry in ``FileIR.cell_offsets``: the 0-based line of the
joined source at which it starts (markdown cells contribute no lines), so a line of the source
maps back to (cell, line) with :func:`cell_position`. Cells are numbered from 1 in notebook order,
counting every cell, as a user counts them on screen.
"""

from __future__ import annotations

import ast
import bisect
import json
import re
import warnings
from typing import Any

from ..diagnostics import Diagnostic
from ..ir import FileIR, Span
from .source import problem, split_lines

# Cell magics whose body is still Python (the magic only times or captures it).
_PYTHON_CELL_MAGICS = {"time", "timeit", "capture", "prun", "debug"}
# `%matplotlib inline`, `!pip install x`, `files = !ls`, `model?`, `??model`.
_IPYTHON_LINE = re.compile(r"^\s*([%!]|\?\?|\?)|^\s*[\w.,\s]+=\s*[%!]|^[^#]*\?\s*$")


def cell_position(file_ir: FileIR, line: int) -> tuple[int, int]:
    """Map a 1-based line of a notebook's joined source to (cell number, line in the cell)."""
    offsets = file_ir.cell_offsets
    if not offsets:
        return 1, line
    index = max(bisect.bisect_right(offsets, line - 1) - 1, 0)
    return index + 1, line - offsets[index]


def notebook_source(data: bytes) -> tuple[str, list[int], list[Diagnostic]]:
    """Join the code cells of a notebook (JSON bytes). Returns (source, cell_offsets, problems).

    Cells that are not Python on their own (a syntax error, a non-Python cell magic) are blanked
    and reported, so the rest of the notebook is still analysed.
    """
    try:
        document = json.loads(data.decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        return "", [], [problem(f"cannot read notebook: not UTF-8 ({exc.reason})")]
    except json.JSONDecodeError as exc:
        message = f"cannot read notebook: invalid JSON at line {exc.lineno}, column {exc.colno}"
        return "", [], [problem(message)]
    except RecursionError:
        return "", [], [problem("cannot read notebook: its JSON is nested too deeply")]
    except ValueError as exc:
        return "", [], [problem(f"cannot read notebook: {type(exc).__name__}")]
    cells = _cells(document)
    if cells is None:
        return "", [], [problem("cannot read notebook: no list of cells found")]
    pieces: list[str] = []
    offsets: list[int] = []
    problems: list[Diagnostic] = []
    line = 0
    for number, cell in enumerate(cells, start=1):
        offsets.append(line)
        if not isinstance(cell, dict) or cell.get("cell_type") != "code":
            continue
        text = _cell_text(cell)
        if not text:
            continue
        lines = split_lines(text)
        if _syntax_error(lines) is not None:  # plain Python cells are left exactly as written
            lines = _python_lines(lines)
        error = _syntax_error(lines)
        if error is not None:
            message, at_line, at_col = error
            problems.append(
                problem(
                    f"cannot parse cell {number}: {message} at line {at_line}, column {at_col}",
                    Span(line + at_line, at_col, line + at_line, at_col + 1),
                )
            )
            lines = [""] * len(lines)
        pieces.append("\n".join(lines) + "\n")
        line += len(lines)
    return "".join(pieces), offsets, problems


def _cells(document: Any) -> list[Any] | None:
    if not isinstance(document, dict):
        return None
    cells = document.get("cells")
    if isinstance(cells, list):
        return cells
    worksheets = document.get("worksheets")  # nbformat 3
    if isinstance(worksheets, list) and worksheets and isinstance(worksheets[0], dict):
        cells = worksheets[0].get("cells")
        if isinstance(cells, list):
            return [_v3_cell(c) for c in cells]
    return None


def _v3_cell(cell: Any) -> Any:
    if isinstance(cell, dict) and "input" in cell:
        return {"cell_type": cell.get("cell_type"), "source": cell.get("input")}
    return cell


def _cell_text(cell: dict[str, Any]) -> str:
    source = cell.get("source", "")
    if isinstance(source, list):
        return "".join(s for s in source if isinstance(s, str))
    return source if isinstance(source, str) else ""


def _python_lines(lines: list[str]) -> list[str]:
    """Blank IPython-only lines, keeping the line count (and a `pass` where a block needs one)."""
    if lines and lines[0].lstrip().startswith("%%"):
        magic = lines[0].lstrip()[2:].split(maxsplit=1)
        if not magic or magic[0] not in _PYTHON_CELL_MAGICS:
            return [""] * len(lines)
        lines = [""] + lines[1:]
    result = []
    for text in lines:
        if _IPYTHON_LINE.match(text) and not _is_python(text):
            indent = text[: len(text) - len(text.lstrip())]
            text = f"{indent}pass" if indent else ""
        result.append(text)
    return result


def _is_python(line: str) -> bool:
    try:
        _parse(line.strip())
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return False
    return True


def _parse(text: str) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ast.parse(text)


_SURROGATE = re.compile("[\ud800-\udfff]")


def _syntax_error(lines: list[str]) -> tuple[str, int, int] | None:
    try:
        _parse("\n".join(lines))
    except SyntaxError as exc:
        return exc.msg, exc.lineno or 1, exc.offset or 1
    except UnicodeError:  # JSON can hold lone surrogates ("\ud800"); Python source cannot
        return _surrogate_error(lines)
    except (RecursionError, MemoryError):
        return "too deeply nested", 1, 1
    except ValueError as exc:
        return " ".join(str(exc).split()) or type(exc).__name__, 1, 1
    return None


def _surrogate_error(lines: list[str]) -> tuple[str, int, int]:
    for number, text in enumerate(lines, start=1):
        found = _SURROGATE.search(text)
        if found is not None:
            code = f"\\u{ord(found.group()):04x}"
            return (f"invalid text: a lone surrogate {code} (not a character; "
                    "the cell cannot be encoded as UTF-8)", number, found.start() + 1)
    return "invalid text: the cell cannot be encoded as UTF-8", 1, 1
