"""How a cell's findings look: plain text (a terminal IPython) and a compact HTML block (Jupyter),
sent together as one display so each front end shows the one it renders. Also the summary of
a model, shown through the API's model object (its rich display, when it has one) with the
table as text."""

from __future__ import annotations

import difflib
import html
import re
from dataclasses import dataclass
from typing import Any

from ..diagnostics import Diagnostic, Fix
from ..report.common import Style, plural
from ..report.fixing import EditError, apply_fix, source_lines
from ..report.text import code_frame, is_fixable
from ..report.text import counted as counted_findings
from .session import CellCheck

# The pipeline cites notebook cells by position ("cell 4, line 2"); IPython users know them by
# their prompt ("In [7], line 2").
_CELL_CITATION = re.compile(r"\bcell (\d+), line (\d+)")
_COLOURS = {"error": "#c62828", "warning": "#b26a00", "info": "#1565c0"}
_LABELS = {"error": "error", "warning": "warning", "info": "note"}


@dataclass(frozen=True)
class Hunk:
    """A fix as lines of a cell: the lines it replaces and the lines it puts there."""

    label: str  # the cell ("In [3]")
    line: int  # the first replaced line in that cell (where an insertion goes)
    removed: tuple[str, ...]
    added: tuple[str, ...]


def heading(check: CellCheck) -> str:
    """``layerlint: 1 error in In [4]``."""
    counts = {"error": 0, "warning": 0, "info": 0}
    for d in check.diagnostics:
        counts[d.severity] += 1
    text = f"layerlint: {counted_findings(counts)} in {check.cell.label}"
    if check.hidden_info:
        text += f" ({plural(check.hidden_info, 'info note')} hidden)"
    return text


def cited(check: CellCheck, text: str) -> str:
    """A message with its notebook cell citations in the session's prompts."""
    def label(found: re.Match[str]) -> str:
        number = int(found.group(1))
        if not 0 < number <= len(check.labels):
            return found.group(0)
        return f"{check.labels[number - 1]}, line {found.group(2)}"

    return _CELL_CITATION.sub(label, text)


def line_place(check: CellCheck, line: int) -> str:
    """``In [3], line 2``: a line of the joined cells as the user numbers it."""
    label, cell_line = check.where(line)
    return f"{label}, line {cell_line}"


def place(check: CellCheck, line: int, col: int) -> str:
    return f"{line_place(check, line)}, col {col}"


def framework_label(check: CellCheck, d: Diagnostic) -> str:
    result = check.result
    if any(m.framework == "torch" and m.name == d.model for m in result.models):
        return "torch"
    return "torch" if result.unlisted.get(d.model or "") == "torch" else "keras"


def frame_lines(check: CellCheck, d: Diagnostic) -> list[str]:
    """The code frame of the text report (lines numbered within the cell)."""
    return code_frame(check.result, d, Style(False))


def fix_hunks(check: CellCheck, fix: Fix) -> list[Hunk]:
    """The lines a fix changes, cell by cell (a fix may edit an earlier cell: the Input)."""
    before = check.result.source
    try:
        after = apply_fix(before, fix)
    except EditError:
        return []
    old, new = source_lines(before), source_lines(after)
    hunks = []
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        label, line = check.where(min(i1 + 1, max(len(old), 1)))
        hunks.append(Hunk(label, line, tuple(old[i1:i2]), tuple(new[j1:j2])))
    return hunks


def text_report(check: CellCheck) -> str:
    """What a terminal shows: the text report's layout, located by the session's prompts."""
    out = [heading(check)]
    for d in check.diagnostics:
        mark = " [*]" if is_fixable(d) else ""
        out.append(f"{place(check, d.span.line, d.span.col)}: {d.code}{mark} "
                   f"{cited(check, d.message)}")
        out += frame_lines(check, d)
        notes = []
        if d.framework_error:
            notes.append((framework_label(check, d), d.framework_error))
        for rel in d.related:
            notes.append(("note", f"{cited(check, rel.message)} "
                                  f"({place(check, rel.span.line, rel.span.col)})"))
        for label, text in notes:
            out.append(f"  = {label}: {text}")
        for fix in d.fixes:
            out.append(f"  = help: {fix.title}{'' if fix.safe else ' (unsafe fix)'}")
            for hunk in fix_hunks(check, fix):
                out.append(f"      {hunk.label}, line {hunk.line}:")
                out += [f"      - {line}" for line in hunk.removed]
                out += [f"      + {line}" for line in hunk.added]
    return "\n".join(out) + "\n"


def html_report(check: CellCheck) -> str:
    """What Jupyter shows: one compact block per cell, a finding's code frame and its fixes."""
    e = html.escape
    worst = next((s for s in ("error", "warning", "info")
                  if any(d.severity == s for d in check.diagnostics)), "info")
    parts = [f'<div class="layerlint-findings" style="border-left:3px solid {_COLOURS[worst]};'
             'padding:2px 8px;margin:2px 0;font-size:90%">',
             f"<div><b>{e(heading(check))}</b></div>"]
    for d in check.diagnostics:
        colour = _COLOURS.get(d.severity, "inherit")
        parts.append(
            f'<div class="layerlint-finding" data-code="{e(d.code)}" '
            f'data-severity="{e(d.severity)}" style="margin-top:4px">'
            f'<code style="color:{colour};font-weight:bold">{e(d.code)}</code> '
            f'<span style="color:{colour}">{_LABELS.get(d.severity, d.severity)}</span> '
            f"<span>{e(place(check, d.span.line, d.span.col))}</span>: "
            f"{e(cited(check, d.message))}")
        parts.append('<pre style="margin:2px 0;padding:2px 4px;line-height:1.25">'
                     + e("\n".join(frame_lines(check, d))) + "</pre>")
        if d.framework_error:
            parts.append(f"<div><b>{e(framework_label(check, d))}:</b> "
                         f"<code>{e(d.framework_error)}</code></div>")
        for rel in d.related:
            parts.append(f"<div><b>note:</b> {e(cited(check, rel.message))} "
                         f"({e(place(check, rel.span.line, rel.span.col))})</div>")
        for fix in d.fixes:
            parts.append(_html_fix(check, fix))
        parts.append("</div>")
    parts.append("</div>")
    return "".join(parts)


def _html_fix(check: CellCheck, fix: Fix) -> str:
    e = html.escape
    title = e(fix.title) + ("" if fix.safe else " <i>(unsafe fix)</i>")
    lines = []
    for hunk in fix_hunks(check, fix):
        lines.append(f'<span style="opacity:.7">{e(hunk.label)}, line {hunk.line}:</span>')
        lines += [f'<span style="color:#c62828">- {e(line)}</span>' for line in hunk.removed]
        lines += [f'<span style="color:#2e7d32">+ {e(line)}</span>' for line in hunk.added]
    shown = ('<pre style="margin:2px 0;padding:2px 4px">' + "\n".join(lines) + "</pre>"
             if lines else "")
    return f'<div class="layerlint-fix"><b>fix:</b> {title}{shown}</div>'


def findings_bundle(check: CellCheck) -> dict[str, str]:
    """One display, two renderings: ``text/plain`` for a terminal, ``text/html`` for Jupyter."""
    return {"text/plain": text_report(check), "text/html": html_report(check)}


class ModelSummary:
    """A model's table for ``%layerlint summary``: the API's model object (``.model``), shown
    by its own rich display when it has one, else the framework's table as text."""

    def __init__(self, model: Any, header: str, table: str) -> None:
        self.model = model
        self.header = header
        self.table = table

    @property
    def text(self) -> str:
        return f"{self.header}\n{self.table}"

    def __repr__(self) -> str:
        return self.text

    def _repr_pretty_(self, printer: Any, cycle: bool) -> None:
        printer.text(self.text)

    def _repr_html_(self) -> str:
        rich = getattr(self.model, "_repr_html_", None)
        if callable(rich):
            shown = rich()
            if shown:
                return str(shown)
        return (f"<div><b>{html.escape(self.header)}</b></div>"
                f'<pre style="line-height:1.2">{html.escape(self.table)}</pre>')
