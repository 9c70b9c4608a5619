"""Findings and fixes: the output of analysis, the input of every report format."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from .ir import Span
from .shown import cut

Severity = Literal["error", "warning", "info"]


@dataclass(frozen=True)
class Edit:
    """Replace the text from (line, col) up to, not including, (end_line, end_col).

    1-based lines and columns counted in characters; an insertion has equal start and end.
    """

    line: int
    col: int
    end_line: int
    end_col: int
    text: str

    @classmethod
    def replace(cls, span: Span, text: str) -> Edit:
        return cls(span.line, span.col, span.end_line, span.end_col, text)

    @classmethod
    def insert(cls, line: int, col: int, text: str) -> Edit:
        return cls(line, col, line, col, text)


@dataclass
class Fix:
    title: str
    edits: list[Edit]
    # False when the fix changes behaviour beyond the finding (e.g. a parameter count).
    safe: bool = True

    def __post_init__(self) -> None:
        self.title = cut(self.title)


@dataclass
class Related:
    """A second place that explains the finding, e.g. the layer that produced the bad shape."""

    span: Span
    message: str

    def __post_init__(self) -> None:
        self.message = cut(self.message)


@dataclass
class Diagnostic:
    code: str
    severity: Severity
    span: Span
    message: str
    model: str | None = None
    layer: int | None = None
    stage: str | None = None
    fixes: list[Fix] = field(default_factory=list)
    # What the framework would raise there, e.g. "ValueError: Input 0 with name 'None' of ...".
    framework_error: str | None = None
    related: list[Related] = field(default_factory=list)

    def __post_init__(self) -> None:
        # A bound on what any value can add to a message (values are shown short already).
        self.message = cut(self.message)
        if self.framework_error is not None:
            self.framework_error = cut(self.framework_error)

    @property
    def full_message(self) -> str:
        """The message followed by the framework's own exception, for formats with one text
        field (JSON, SARIF, GitHub), so users recognise the error they would see."""
        if not self.framework_error:
            return self.message
        return f"{self.message} \u2014 {self.framework_error}"

    @property
    def sort_key(self) -> tuple:
        return (self.span.line, self.span.col, self.code)
