"""A run's text report, as ruff prints it: each file's findings once the file is checked, then
the closing lines.

A file's share (``TextPart``: its text and its counts) is rendered where the file was checked.
In a worker of ``--jobs`` that is the worker, so the main process receives a string and a few
numbers instead of the whole result, and writes the report while the workers go on.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TextIO

from ..results import FileResult
from .common import Style, model_counts, models_clause
from .text import format_diagnostic, is_fixable, summary_lines


@dataclass(frozen=True)
class TextOptions:
    """What decides a file's text: shown notes, fixes counted as applicable, colours."""

    show_info: bool
    unsafe_fixes: bool
    colour: bool


@dataclass
class TextPart:
    """One file's findings as text, and what the closing lines count of them."""

    text: str
    shown: dict[str, int]  # findings shown, by severity
    fixable: int
    hidden_unsafe: int  # shown findings whose only fixes are unsafe (without --unsafe-fixes)
    hidden_info: int
    models: dict[str, int]  # common.model_counts of the file


def text_part(result: FileResult, options: TextOptions) -> TextPart:
    style = Style(options.colour)
    chunks: list[str] = []
    shown = {"error": 0, "warning": 0, "info": 0}
    fixable = hidden_unsafe = hidden_info = 0
    for d in sorted(result.diagnostics, key=lambda d: d.sort_key):
        if d.severity == "info" and not options.show_info:
            hidden_info += 1
            continue
        shown[d.severity] = shown.get(d.severity, 0) + 1
        fixable += is_fixable(d, options.unsafe_fixes)
        hidden_unsafe += not options.unsafe_fixes and bool(d.fixes) and not is_fixable(d)
        if d.code in ("LL900", "LL906"):  # the file itself: one line, no frame
            chunks.append(format_diagnostic(result, d, style).splitlines()[0] + "\n")
        else:
            chunks.append(format_diagnostic(result, d, style, options.unsafe_fixes) + "\n")
    return TextPart("".join(chunks), shown, fixable, hidden_unsafe, hidden_info,
                    model_counts([result]))


class TextReport:
    """Parts written as they are added; ``closing`` gives the closing lines of them all."""

    def __init__(self, out: TextIO, options: TextOptions) -> None:
        self.out, self.options = out, options
        self.shown = {"error": 0, "warning": 0, "info": 0}
        self.fixable = self.hidden_unsafe = self.hidden_info = 0
        self.models = {"files": 0, "models_checked": 0, "models_not_followed": 0}

    def add(self, part: TextPart) -> None:
        if part.text:
            self.out.write(part.text)
        for severity, n in part.shown.items():
            self.shown[severity] = self.shown.get(severity, 0) + n
        for key, n in part.models.items():
            self.models[key] += n
        self.fixable += part.fixable
        self.hidden_unsafe += part.hidden_unsafe
        self.hidden_info += part.hidden_info

    @property
    def errors(self) -> int:
        return self.shown["error"]

    def closing(self, fixed: dict[str, int] | None = None) -> list[str]:
        checked = models_clause(self.models, not self.options.show_info)
        return summary_lines(self.shown, fixable=self.fixable, fixed=fixed,
                             hidden_unsafe=self.hidden_unsafe, hidden_info=self.hidden_info,
                             checked=checked)
