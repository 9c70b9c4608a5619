"""Human output in ruff's style: ``path:line:col: CODE message``, a code frame, notes and help."""

from __future__ import annotations

from functools import lru_cache

from ..diagnostics import Diagnostic, Fix
from ..results import FileResult
from .common import Style, cell_position, location, plural
from .fixing import source_lines as split_source

CONTEXT_LINES = 2  # lines shown before and after the finding, as ruff does
FRAME_WIDTH = 160  # characters of a source line shown in a frame (a window around the span)
WINDOW_LEAD = 40  # characters shown before the underlined part of a long line
MORE = "..."
TAB = "    "
SEVERITY_STYLE = {"error": ("red", "bold"), "warning": ("yellow", "bold"), "info": ("cyan", "bold")}


def applicable(fix: Fix, unsafe_fixes: bool) -> bool:
    return fix.safe or unsafe_fixes


def is_fixable(d: Diagnostic, unsafe_fixes: bool = False) -> bool:
    return any(applicable(f, unsafe_fixes) for f in d.fixes)


def format_diagnostic(
    result: FileResult, d: Diagnostic, style: Style | None = None, unsafe_fixes: bool = False
) -> str:
    style = style or Style(False)
    where = location(result, d.span.line, d.span.col)
    mark = " [*]" if is_fixable(d, unsafe_fixes) else ""
    code = style(d.code, *SEVERITY_STYLE.get(d.severity, ()))
    out = [f"{style(where, 'bold')}: {code}{style(mark, 'cyan')} {d.message}"]
    frame = code_frame(result, d, style)
    out += frame
    indent = " " * (_gutter_width(result, d) + 1)
    notes = []
    if d.framework_error:
        torch = any(m.framework == "torch" and m.name == d.model for m in result.models) or \
            result.unlisted.get(d.model or "") == "torch"
        notes.append(("torch" if torch else "keras", d.framework_error))
    for rel in d.related:
        notes.append(("note", f"{rel.message} ({location(result, rel.span.line, rel.span.col)})"))
    for fix in d.fixes:
        suffix = "" if fix.safe else " (unsafe fix)"
        notes.append(("help", fix.title + suffix))
    for label, text in notes:
        lines = [ln for ln in text.splitlines() if ln.strip()] or [""]
        head = f"{indent}= {style(label, 'bold')}: "
        pad = " " * len(f"{indent}= {label}: ")
        out.append(head + lines[0])
        out += [pad + ln for ln in lines[1:]]
    return "\n".join(out) + "\n"


@lru_cache(maxsize=8)
def _source_lines(source: str) -> tuple[str, ...]:
    """A file's lines, split once for all its findings (not once per finding and frame)."""
    return tuple(split_source(source))


def _frame_range(result: FileResult, d: Diagnostic) -> tuple[int, int, int, int] | None:
    """(first, last, start, stop): the span's lines and the lines shown around them."""
    source_lines = _source_lines(result.source)
    if not source_lines or d.span.line < 1 or d.span.line > len(source_lines):
        return None
    first, last = d.span.line, min(max(d.span.end_line, d.span.line), len(source_lines))
    start, stop = max(1, first - CONTEXT_LINES), min(len(source_lines), last + CONTEXT_LINES)
    start, stop = _within_cell(result, first, start, stop)
    while start < first and not source_lines[start - 1].strip():
        start += 1
    while stop > last and not source_lines[stop - 1].strip():
        stop -= 1
    return first, last, start, stop


def _gutter_width(result: FileResult, d: Diagnostic) -> int:
    bounds = _frame_range(result, d)
    if bounds is None:
        return 1
    return max(len(str(_display_number(result, n))) for n in range(bounds[2], bounds[3] + 1))


def code_frame(result: FileResult, d: Diagnostic, style: Style) -> list[str]:
    """The lines around the span with a gutter and carets under the span (ruff's layout)."""
    bounds = _frame_range(result, d)
    if bounds is None:
        return []
    first, last, start, stop = bounds
    source_lines = _source_lines(result.source)
    numbers = {n: _display_number(result, n) for n in range(start, stop + 1)}
    width = _gutter_width(result, d)
    blank_gutter = " " * width + " |"
    out = [style(blank_gutter, "blue")]
    for n in range(start, stop + 1):
        text = source_lines[n - 1]
        underlined = first <= n <= last
        lo, hi = _underline(text, n, d) if underlined else (0, 0)
        shown, lo, hi = _window(text.replace("\t", TAB), lo, hi)
        gutter = style(f"{numbers[n]:>{width}} |", "blue")
        out.append(f"{gutter} {shown}".rstrip())
        if underlined:
            carets = "^" * max(1, hi - lo)
            label = f" {d.code}" if n == last else ""
            colour = SEVERITY_STYLE.get(d.severity, ())
            out.append(style(blank_gutter, "blue") + " " + " " * lo + style(carets + label, *colour))
    out.append(style(blank_gutter, "blue"))
    return out


def _window(text: str, lo: int, hi: int) -> tuple[str, int, int]:
    """A long line cut to FRAME_WIDTH characters around display columns lo..hi (a 3 MB array
    literal must not be printed whole), with the underline's columns in the cut text."""
    if len(text) <= FRAME_WIDTH:
        return text, lo, hi
    begin = max(0, min(lo - WINDOW_LEAD, len(text) - FRAME_WIDTH))
    end = min(len(text), begin + FRAME_WIDTH)
    head = MORE if begin > 0 else ""
    tail = MORE if end < len(text) else ""
    shift = len(head) - begin
    return (head + text[begin:end] + tail, max(lo + shift, len(head)),
            min(hi, end) + shift + (len(tail) if hi > end else 0))


def _underline(text: str, n: int, d: Diagnostic) -> tuple[int, int]:
    """Display columns (0-based, end exclusive) to underline on source line ``n``."""
    if n == d.span.line:
        lo = d.span.col - 1
    else:
        lo = len(text) - len(text.lstrip())
    hi = d.span.end_col - 1 if n == d.span.end_line else len(text.rstrip())
    lo = max(0, min(lo, len(text)))
    hi = max(lo, min(hi, len(text)))
    return len(text[:lo].replace("\t", TAB)), len(text[:hi].replace("\t", TAB))


def _display_number(result: FileResult, line: int) -> int:
    in_cell = cell_position(result, line)
    return line if in_cell is None else in_cell[1]


def _within_cell(result: FileResult, line: int, start: int, stop: int) -> tuple[int, int]:
    """Keep a notebook's frame inside the cell of the finding."""
    in_cell = cell_position(result, line)
    if in_cell is None:
        return start, stop
    cell_start = line - in_cell[1] + 1
    offsets = getattr(result, "cell_offsets", None) or []
    next_start = offsets[in_cell[0]] if in_cell[0] < len(offsets) else None
    if next_start is not None:
        stop = min(stop, next_start)
    return max(start, cell_start), stop


_WORDS = {"error": "error", "warning": "warning", "info": "note"}


def counted(counts: dict[str, int]) -> str:
    """``53 errors and 5 warnings`` (``1 error, 1 warning and 1 note``): each severity present,
    as the plain check counts them."""
    parts = [plural(counts[key], word) for key, word in _WORDS.items() if counts.get(key)]
    return " and ".join([", ".join(parts[:-1]), parts[-1]] if len(parts) > 2 else parts)


def summary_lines(
    counts: dict[str, int],
    *,
    fixable: int = 0,
    hidden_unsafe: int = 0,
    fixed: int | dict[str, int] | None = None,
    hidden_info: int = 0,
    checked: str | None = None,
) -> list[str]:
    """The closing lines, as ruff words them. ``counts`` are the findings shown, by severity;
    ``fixed`` (with ``--fix``) the findings fixed, by severity (an int: errors); ``checked``
    what was checked and not followed (common.models_clause), appended to the first line so
    "All checks passed!" never stands alone when a model was not followed."""
    findings = sum(counts.values())
    fixed_counts = {"error": fixed} if isinstance(fixed, int) else fixed
    n_fixed = sum(fixed_counts.values()) if fixed_counts is not None else 0
    if fixed_counts is not None and findings + n_fixed:
        total = {key: counts.get(key, 0) + fixed_counts.get(key, 0) for key in _WORDS}
        lines = [f"Found {counted(total)} ({n_fixed} fixed, {findings} remaining)."]
    elif findings == 0:
        lines = ["All checks passed!"]
    else:
        lines = [f"Found {counted(counts)}."]
    if checked:
        lines[0] += " " + checked
    if fixed is None and fixable:
        lines.append(f"[*] {fixable} fixable with the `--fix` option.")
    if hidden_unsafe:
        hint = plural(hidden_unsafe, "hidden fix") + " can be enabled with the `--unsafe-fixes` option"
        lines.append(f"({hint}).")
    if hidden_info:
        lines.append(f"{plural(hidden_info, 'info note')} hidden (show with `--show-info`).")
    return lines
