"""``--format sarif``: SARIF 2.1.0, the format code-scanning services read."""

from __future__ import annotations

import json
from typing import Any

from .. import __version__, rules
from ..diagnostics import Diagnostic, Fix
from ..ir import Span
from ..results import FileResult
from .common import model_counts

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
LEVELS = {"error": "error", "warning": "warning", "info": "note"}


def rule_descriptor(code: str) -> dict[str, Any]:
    try:
        r = rules.get(code)
    except KeyError:
        return {"id": code, "shortDescription": {"text": code}}
    help_md = f"{r.summary}\n\n{r.why}\n" + "".join(
        f"\nExample ({pair.framework}):\n```python\n{pair.bad}```\n\n"
        f"Use instead:\n```python\n{pair.good}```\n"
        for pair in rules.examples(r)
    )
    return {
        "id": r.code,
        "name": r.name,
        "shortDescription": {"text": r.summary},
        "fullDescription": {"text": r.why},
        "help": {"text": f"{r.summary}\n\n{r.why}", "markdown": help_md},
        "defaultConfiguration": {"level": LEVELS[r.severity]},
        "properties": {"frameworks": rules.frameworks(r)},
    }


def region(span: Span) -> dict[str, int]:
    return {"startLine": span.line, "startColumn": span.col, "endLine": span.end_line,
            "endColumn": span.end_col}


def _location(path: str, span: Span, message: str | None = None) -> dict[str, Any]:
    loc: dict[str, Any] = {
        "physicalLocation": {"artifactLocation": {"uri": path}, "region": region(span)}
    }
    if message:
        loc["message"] = {"text": message}
    return loc


def _fix(path: str, fix: Fix) -> dict[str, Any]:
    replacements = [
        {
            "deletedRegion": {"startLine": e.line, "startColumn": e.col, "endLine": e.end_line,
                              "endColumn": e.end_col},
            "insertedContent": {"text": e.text},
        }
        for e in fix.edits
    ]
    title = fix.title if fix.safe else f"{fix.title} (unsafe)"
    return {"description": {"text": title},
            "artifactChanges": [{"artifactLocation": {"uri": path}, "replacements": replacements}]}


def result_sarif(path: str, d: Diagnostic, rule_index: int) -> dict[str, Any]:
    message = d.full_message
    out: dict[str, Any] = {
        "ruleId": d.code,
        "ruleIndex": rule_index,
        "level": LEVELS.get(d.severity, "warning"),
        "message": {"text": message},
        "locations": [_location(path, d.span)],
    }
    if d.related:
        out["relatedLocations"] = [
            {"id": i, **_location(path, rel.span, rel.message)} for i, rel in enumerate(d.related)
        ]
    if d.fixes:
        out["fixes"] = [_fix(path, f) for f in d.fixes]
    return out


def report_sarif(results: list[FileResult]) -> dict[str, Any]:
    codes = sorted({r.code for r in rules.all_rules()}
                   | {d.code for res in results for d in res.diagnostics})
    index = {code: i for i, code in enumerate(codes)}
    sarif_results = [
        result_sarif(res.path, d, index[d.code])
        for res in results
        for d in sorted(res.diagnostics, key=lambda d: d.sort_key)
    ]
    return {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "layerlint",
                        "version": __version__,
                        "rules": [rule_descriptor(c) for c in codes],
                    }
                },
                "columnKind": "unicodeCodePoints",
                # What was checked and not followed (as the JSON "summary"), so a scan that
                # found nothing still says whether it looked at anything.
                "properties": model_counts(results),
                "results": sarif_results,
            }
        ],
    }


def render_sarif(results: list[FileResult]) -> str:
    return json.dumps(report_sarif(results), indent=2, ensure_ascii=False) + "\n"
