"""``--format github``: GitHub Actions workflow commands that annotate the changed lines."""

from __future__ import annotations

from ..diagnostics import Diagnostic
from ..results import FileResult
from .common import location

COMMANDS = {"error": "error", "warning": "warning", "info": "notice"}


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def annotation(result: FileResult, d: Diagnostic) -> str:
    props = ",".join(
        f"{key}={escape_property(str(value))}"
        for key, value in (
            ("file", result.path),
            ("line", d.span.line),
            ("col", d.span.col),
            ("endLine", d.span.end_line),
            ("endColumn", d.span.end_col),
            ("title", d.code),
        )
    )
    where = location(result, d.span.line, d.span.col)
    return f"::{COMMANDS.get(d.severity, 'warning')} {props}::{escape_data(f'{where}: {d.code} {d.full_message}')}"


def render_github(results: list[FileResult]) -> str:
    lines = [
        annotation(res, d) for res in results for d in sorted(res.diagnostics, key=lambda d: d.sort_key)
    ]
    return "".join(line + "\n" for line in lines)
