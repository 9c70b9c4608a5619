"""``layerlint report``: one self-contained HTML page drawing every model checked.

The page is static: inline CSS and SVG, no script, no font, image or style sheet fetched, so it
reads the same offline, in a CI artifact and on paper (print CSS). At the top an index (files,
models, findings, models not followed and why); then per file each model's picture
(report/picture.py, drawn by report/svg.py) with the cards of its findings: the message, the
framework's own error and the verified fixes.
"""

from __future__ import annotations

from html import escape

from ..diagnostics import Diagnostic
from ..results import FileResult, ModelReport
from .common import count_by_severity, location, model_counts, models_clause, plural
from .picture import model_picture
from .svg import render_svg

CSS = """
.ll-report { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
  color: #1f2328; max-width: 1180px; margin: 0 auto; padding: 16px; }
.ll-report h1 { font-size: 24px; margin: 8px 0; }
.ll-report h2 { font-size: 19px; margin: 28px 0 8px; border-bottom: 1px solid #d0d7de;
  padding-bottom: 4px; overflow-wrap: anywhere; }
.ll-report table { border-collapse: collapse; margin: 8px 0 16px; }
.ll-report th, .ll-report td { border: 1px solid #d0d7de; padding: 4px 8px; text-align: left;
  vertical-align: top; overflow-wrap: anywhere; }
.ll-report code, .ll-report pre { font-family: ui-monospace, "DejaVu Sans Mono", Menlo,
  Consolas, monospace; font-size: 12px; }
.ll-model { margin: 12px 0 24px; }
.ll-model h3 { font-size: 16px; margin: 12px 0 4px; }
.ll-meta { color: #57606a; font-size: 13px; }
.ll-figure { overflow-x: auto; border: 1px solid #d0d7de; border-radius: 6px;
  background: #fafbfc; padding: 4px; }
.ll-graph { display: block; max-width: 100%; height: auto; margin: 0 auto; }
.ll-box rect { fill: #ffffff; stroke: #57606a; stroke-width: 1.2; }
.ll-box.ll-op rect { fill: #f3f4f6; stroke-dasharray: 3 2; }
.ll-box.ll-input rect, .ll-box.ll-output rect { fill: #ddf4ff; stroke: #54aeff; }
.ll-box.ll-failing rect { stroke: #d1242f; stroke-width: 3; fill: #fff5f5; }
.ll-box.ll-warned rect { stroke: #bf8700; stroke-width: 2.5; }
.ll-box text { text-anchor: middle; font: 12px system-ui, -apple-system, "Segoe UI", Roboto,
  sans-serif; fill: #1f2328; }
.ll-box text.ll-type { font-weight: 600; }
.ll-box text.ll-name, .ll-box text.ll-params { fill: #57606a; }
.ll-box text.ll-badge { fill: #d1242f; font-weight: 600; }
.ll-box text.ll-badge.ll-warn { fill: #9a6700; }
.ll-edge path { fill: none; stroke: #57606a; stroke-width: 1.3; }
.ll-edge polygon { fill: #57606a; }
.ll-edge.ll-unknown path { stroke: #8c959f; stroke-dasharray: 5 4; }
.ll-edge.ll-unknown polygon { fill: #8c959f; }
.ll-edge text { font: 11px ui-monospace, "DejaVu Sans Mono", Menlo, Consolas, monospace;
  fill: #0550ae; paint-order: stroke; stroke: #fafbfc; stroke-width: 4px; }
.ll-edge.ll-unknown text { fill: #6e7781; font-style: italic; }
.ll-repeat rect { fill: none; stroke: #8250df; stroke-width: 1.5; stroke-dasharray: 7 4; }
.ll-repeat text { font: 12px system-ui, sans-serif; fill: #8250df; }
.ll-repeat text.ll-times { font-size: 18px; font-weight: 700; }
.ll-note { color: #57606a; font-style: italic; margin: 6px 0; }
.ll-finding { border-left: 4px solid #d1242f; background: #fff5f5; padding: 8px 12px;
  margin: 8px 0; border-radius: 0 6px 6px 0; }
.ll-finding.ll-warning { border-color: #bf8700; background: #fff8e5; }
.ll-finding.ll-info { border-color: #8c959f; background: #f6f8fa; }
.ll-finding .ll-head { font-weight: 600; }
.ll-finding pre { white-space: pre-wrap; overflow-wrap: anywhere; margin: 6px 0;
  background: #ffffff; border: 1px solid #d0d7de; padding: 6px; border-radius: 4px; }
.ll-finding p { margin: 4px 0; overflow-wrap: anywhere; }
@media print {
  .ll-report { max-width: none; padding: 0; font-size: 11pt; }
  .ll-model, .ll-finding { break-inside: avoid; }
  .ll-figure { overflow: visible; border: none; background: none; }
  .ll-report a { color: inherit; text-decoration: none; }
}
"""


def render_html(results: list[FileResult]) -> str:
    """The whole page."""
    body = [_index(results)]
    for f, result in enumerate(results):
        body.append(_file_section(result, f))
    return ("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
            "<title>layerlint report</title><style>" + CSS + "</style></head>"
            "<body><main class=\"ll-report\">" + "".join(body) + "</main></body></html>\n")


def model_fragment(model: ModelReport, result: FileResult, prefix: str = "ll") -> str:
    """One model's picture and findings, with its style: the Jupyter rich display."""
    return (f'<div class="ll-report"><style>{CSS}</style>'
            f"{_model_section(model, result, prefix)}</div>")


# --- index ------------------------------------------------------------------------------------


def _index(results: list[FileResult]) -> str:
    counts = model_counts(results)
    diagnostics = [d for r in results for d in r.diagnostics]
    severity = count_by_severity(diagnostics)
    parts = ["<h1>layerlint report</h1>",
             f'<p class="ll-meta">{escape(models_clause(counts, notes_hidden=False))} '
             f"{plural(severity['error'], 'error')}, {plural(severity['warning'], 'warning')}, "
             f"{plural(severity['info'], 'note')}.</p>",
             "<table class=\"ll-index\"><tr><th>file</th><th>models</th><th>errors</th>"
             "<th>warnings</th><th>notes</th></tr>"]
    for f, result in enumerate(results):
        links = ", ".join(f'<a href="#ll-m{f}-{m}">{escape(model.name)}</a>'
                          for m, model in enumerate(result.models)) or "\u2014"
        by = count_by_severity(result.diagnostics)
        parts.append(f'<tr><td><a href="#ll-file{f}">{escape(result.path)}</a></td>'
                     f"<td>{links}</td><td>{by['error']}</td><td>{by['warning']}</td>"
                     f"<td>{by['info']}</td></tr>")
    parts.append("</table>")
    findings = [(f, r, d) for f, r in enumerate(results) for d in r.diagnostics
                if d.severity != "info"]
    if findings:
        parts.append("<h2>Findings</h2><ul class=\"ll-findings\">")
        for f, result, d in findings:
            target = _anchor(f, result, d)
            parts.append(f'<li><a href="#{target}"><code>{escape(d.code)}</code></a> '
                         f"{escape(d.severity)} at "
                         f"<code>{escape(location(result, d.span.line, d.span.col))}</code>: "
                         f"{escape(d.message)}</li>")
        parts.append("</ul>")
    # (a model whose call() is not followed is listed there too, and drawn with a note)
    not_followed = [(r, u.kind, u.name, u.span.line, u.reason) for r in results
                    for u in getattr(r, "unfollowed", [])]
    if not_followed:
        parts.append("<h2>Models not followed</h2><ul class=\"ll-unfollowed\">")
        for result, kind, name, line, reason in not_followed:
            parts.append(f"<li><code>{escape(location(result, line, 1).rsplit(':', 1)[0])}"
                         f"</code> {escape(kind)} <code>{escape(name)}</code>: "
                         f"{escape(reason)}</li>")
        parts.append("</ul>")
    return "".join(parts)


# --- per file and model -----------------------------------------------------------------------


def _file_section(result: FileResult, f: int) -> str:
    parts = [f'<section class="ll-file" id="ll-file{f}"><h2>{escape(result.path)}</h2>']
    if result.dialect_reason:
        parts.append(f'<p class="ll-meta">dialect: {escape(result.dialect_reason)}</p>')
    if result.keras_backend_reason:
        parts.append(f'<p class="ll-meta">Keras backend: {escape(result.keras_backend_reason)}</p>')
    names = {m.name for m in result.models}
    for m, model in enumerate(result.models):
        parts.append(_model_section(model, result, f"ll-m{f}-{m}"))
    if not result.models:
        parts.append('<p class="ll-note">no model drawn in this file</p>')
    others = [d for d in result.diagnostics if d.model not in names or d.severity == "info"]
    if others:
        parts.append("<h3>Other findings and notes</h3>")
        parts += [_card(result, d, _anchor(f, result, d)) for d in others]
    parts.append("</section>")
    return "".join(parts)


def _model_section(model: ModelReport, result: FileResult, prefix: str) -> str:
    picture = model_picture(model, result.diagnostics)
    shown = [d for b in picture.boxes for d in b.findings] + picture.unplaced
    anchor = {id(d): _finding_id(prefix, result, d) for d in shown}
    kind = model.class_name or model.display_name or model.framework
    total = model.total_params if model.layers else None  # no rows: Keras never made it
    where = location(result, model.line, 1).rsplit(":", 1)[0]
    meta = (f"{escape(kind)} \u00b7 {escape(model.dialect)} \u00b7 <code>{escape(where)}</code> \u00b7 "
            f"{'? params (unknown to layerlint)' if total is None else f'{total:,} params'}")
    parts = [f'<div class="ll-model" id="{prefix}"><h3><code>{escape(model.name)}</code></h3>'
             f'<p class="ll-meta">{meta}</p>']
    if model.unfollowed is not None:
        parts.append(f'<p class="ll-note">not followed: {escape(model.unfollowed.reason)}</p>')
    if picture.note:
        parts.append(f'<p class="ll-note">{escape(picture.note)}</p>')
    parts.append(f'<div class="ll-figure">{render_svg(picture, model.framework, anchor)}</div>')
    seen: set[int] = set()
    for d in sorted(shown, key=lambda d: d.sort_key):
        if id(d) not in seen:
            seen.add(id(d))
            parts.append(_card(result, d, anchor[id(d)]))
    parts.append("</div>")
    return "".join(parts)


def _finding_id(prefix: str, result: FileResult, d: Diagnostic) -> str:
    return f"{prefix}-{d.code}-{d.span.line}-{d.span.col}"


def _anchor(f: int, result: FileResult, d: Diagnostic) -> str:
    """Where a finding's card is: under its model's picture, else at the end of its file."""
    names = [m.name for m in result.models]
    if d.model in names and d.severity != "info":
        return _finding_id(f"ll-m{f}-{names.index(d.model)}", result, d)
    return _finding_id(f"ll-m{f}", result, d)


def _card(result: FileResult, d: Diagnostic, anchor: str) -> str:
    where = location(result, d.span.line, d.span.col)
    parts = [f'<div class="ll-finding ll-{escape(d.severity)}" id="{escape(anchor)}">'
             f'<div class="ll-head"><code>{escape(d.code)}</code> {escape(d.severity)} at '
             f"<code>{escape(where)}</code>"
             + (f" \u00b7 stage {escape(d.stage)}" if d.stage else "") + "</div>"
             f'<p class="ll-message">{escape(d.message)}</p>']
    if d.framework_error:
        parts.append(f'<p>The framework raises:</p><pre class="ll-framework">'
                     f"{escape(d.framework_error)}</pre>")
    for fix in d.fixes:
        edits = "\n".join(f"{e.line}:{e.col}\u2013{e.end_line}:{e.end_col} "
                          + (f"\u2192 {e.text}" if e.text else "deleted") for e in fix.edits)
        parts.append(f'<p class="ll-fix">Verified fix{"" if fix.safe else " (unsafe)"}: '
                     f"<b>{escape(fix.title)}</b></p><pre>{escape(edits)}</pre>")
    for related in d.related:
        parts.append(f'<p class="ll-related">line {related.span.line}: '
                     f"{escape(related.message)}</p>")
    parts.append("</div>")
    return "".join(parts)
