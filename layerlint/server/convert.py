"""Findings, fixes and model tables as the Language Server Protocol carries them: diagnostics
(0-based ranges in the client's position encoding), code actions with workspace edits, hovers
in markdown. Everything comes from a :class:`~.checking.Checked` result."""

from __future__ import annotations

import os
import re
import tempfile
from collections.abc import Callable
from pathlib import Path

from lsprotocol import types
from pygls.workspace.position_codec import PositionCodec

from .. import __version__, rules
from ..diagnostics import Diagnostic
from ..ir import Span
from ..report.summary import keras_shape, layer_output_cell, layer_params_cell, render_model
from ..report.torchinfo import shape_cell
from ..results import LayerReport, ModelReport
from .checking import Checked, fix_all, local_edits

SOURCE = "layerlint"
FIX_ALL = "source.fixAll.layerlint"
SEVERITIES = {"error": types.DiagnosticSeverity.Error,
              "warning": types.DiagnosticSeverity.Warning,
              "info": types.DiagnosticSeverity.Information}

UriOf = Callable[[int | None], str]  # a cell index (None: the script) -> its document's URI


# --- rule pages ----------------------------------------------------------------------------------


class RuleDocs:
    """Where a diagnostic's ``codeDescription`` points: ``template`` with ``{code}`` (the
    ``ruleDocsUrl`` initialization option), else a markdown page per rule written on first use
    into a folder of the user cache (the text of ``layerlint rule CODE``), opened offline."""

    def __init__(self, template: str | None = None, folder: Path | None = None) -> None:
        self.template = template
        self.folder = folder or _cache_folder()
        self._known: dict[str, str | None] = {}

    def href(self, code: str) -> str | None:
        if code not in self._known:
            self._known[code] = self._make(code)
        return self._known[code]

    def _make(self, code: str) -> str | None:
        try:
            rule = rules.get(code)
        except KeyError:
            return None
        if self.template:
            return self.template.replace("{code}", code)
        page = self.folder / f"{code}.md"
        try:
            page.parent.mkdir(parents=True, exist_ok=True)
            page.write_text(rules.document(rule), encoding="utf-8")
        except OSError:
            return None
        return page.as_uri()


def _cache_folder() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(Path.home(), ".cache")
    if not os.access(Path(base).parent if not Path(base).exists() else base, os.W_OK):
        base = tempfile.gettempdir()
    return Path(base) / "layerlint" / f"rules-{__version__}"


# --- positions -----------------------------------------------------------------------------------


def position(lines: list[str], line0: int, char0: int, codec: PositionCodec) -> types.Position:
    """A 0-based (line, character) in code points -> the client's units."""
    if line0 >= len(lines):
        return types.Position(line=line0, character=0)
    return codec.position_to_client_units(lines, types.Position(line=line0, character=max(char0, 0)))


def _span_range(checked: Checked, span: Span, codec: PositionCodec) -> tuple[int | None, types.Range]:
    cell, line0 = checked.place(span.line)
    end_cell, end_line0 = checked.place(span.end_line)
    lines = checked.lines_of(cell)
    end_char = span.end_col - 1
    if end_cell != cell:  # a range that runs into the next cell ends with its first line
        end_line0 = line0
        end_char = len(lines[line0]) if line0 < len(lines) else 0
    start = position(lines, line0, span.col - 1, codec)
    end = position(lines, end_line0, end_char, codec)
    return cell, types.Range(start=start, end=end)


# --- diagnostics ---------------------------------------------------------------------------------


def lsp_diagnostic(checked: Checked, d: Diagnostic, uri_of: UriOf, codec: PositionCodec,
                   docs: RuleDocs) -> tuple[int | None, types.Diagnostic]:
    cell, where = _span_range(checked, d.span, codec)
    severity = SEVERITIES[d.severity]
    if d.severity == "info" and not checked.config.show_info:
        severity = types.DiagnosticSeverity.Hint  # notes stay visible, faintly (`show-info`)
    related = []
    for item in d.related:
        related_cell, related_range = _span_range(checked, item.span, codec)
        related.append(types.DiagnosticRelatedInformation(
            location=types.Location(uri=uri_of(related_cell), range=related_range),
            message=item.message))
    href = docs.href(d.code)
    return cell, types.Diagnostic(
        range=where, message=d.full_message, severity=severity, code=d.code, source=SOURCE,
        code_description=types.CodeDescription(href=href) if href else None,
        related_information=related or None,
    )


def diagnostics_by_uri(checked: Checked, uri_of: UriOf, codec: PositionCodec,
                       docs: RuleDocs) -> dict[str, list[types.Diagnostic]]:
    """Each document's diagnostics; every cell of a notebook has an entry (empty: cleared)."""
    found: dict[str, list[types.Diagnostic]] = {}
    if checked.cells is not None:
        found = {uri_of(i): [] for i in range(len(checked.cells))}
    else:
        found = {uri_of(None): []}
    for d in checked.result.diagnostics:
        cell, diagnostic = lsp_diagnostic(checked, d, uri_of, codec, docs)
        found.setdefault(uri_of(cell), []).append(diagnostic)
    return found


# --- code actions --------------------------------------------------------------------------------


def _overlaps(a: types.Range, b: types.Range) -> bool:
    def key(p: types.Position) -> tuple[int, int]:
        return p.line, p.character
    return key(a.start) <= key(b.end) and key(b.start) <= key(a.end)


def code_actions(checked: Checked, cell: int | None, wanted: types.Range, uri_of: UriOf,
                 codec: PositionCodec, docs: RuleDocs,
                 only: list[str] | None = None) -> list[types.CodeAction]:
    """A ``quickfix`` per verified fix of the findings under ``wanted`` in that document (an
    unsafe one says so in its title), and ``source.fixAll.layerlint`` for the safe ones."""
    def allowed(kind: str) -> bool:
        return only is None or any(kind == k or kind.startswith(k + ".") for k in only)

    actions: list[types.CodeAction] = []
    if allowed(types.CodeActionKind.QuickFix):
        for d in checked.result.diagnostics:
            at_cell, diagnostic = lsp_diagnostic(checked, d, uri_of, codec, docs)
            if at_cell != cell or not _overlaps(diagnostic.range, wanted):
                continue
            for fix in d.fixes:
                edits = local_edits(checked, fix)
                if not edits or not fix.edits:
                    continue
                changes: dict[str, list[types.TextEdit]] = {}
                for e in edits:
                    lines = checked.lines_of(e.cell)
                    changes.setdefault(uri_of(e.cell), []).append(types.TextEdit(
                        range=types.Range(start=position(lines, e.line, e.col, codec),
                                          end=position(lines, e.end_line, e.end_col, codec)),
                        new_text=e.text))
                title = fix.title if fix.safe else f"{fix.title} (unsafe fix)"
                actions.append(types.CodeAction(
                    title=f"{title} ({d.code})", kind=types.CodeActionKind.QuickFix,
                    diagnostics=[diagnostic], edit=types.WorkspaceEdit(changes=changes),
                    is_preferred=fix.safe and fix is d.fixes[0]))
    if allowed(FIX_ALL):
        changed = fix_all(checked)
        if changed:
            changes = {}
            for at_cell, text in changed.items():
                whole = types.Range(start=types.Position(line=0, character=0),
                                    end=_document_end(checked, at_cell, codec))
                changes[uri_of(at_cell)] = [types.TextEdit(range=whole, new_text=text)]
            actions.append(types.CodeAction(
                title="layerlint: apply all safe fixes", kind=FIX_ALL,
                edit=types.WorkspaceEdit(changes=changes)))
    return actions


def _document_end(checked: Checked, cell: int | None, codec: PositionCodec) -> types.Position:
    text = checked.text if cell is None or checked.cells is None else checked.cells[cell].text
    lines = checked.lines_of(cell)
    if not lines or text.endswith(("\n", "\r")):
        return types.Position(line=len(lines), character=0)
    return position(lines, len(lines) - 1, len(lines[-1]), codec)


# --- hover ---------------------------------------------------------------------------------------

_WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def word_at(line_text: str, char0: int) -> str | None:
    for match in _WORD.finditer(line_text):
        if match.start() <= char0 <= match.end():
            return match.group()
    return None


def hover_markdown(checked: Checked, cell: int | None, line0: int, char0: int) -> str | None:
    """A model variable: its table (as ``layerlint summary`` prints it). A layer or module made
    or called on that line (the one under the cursor when there are several), or a torch
    module's attribute anywhere (``self.fc1``): its summary row — input shape, output shape,
    parameters."""
    if checked.cells is not None and cell is not None and not checked.cells[cell].code:
        return None  # a markdown cell
    lines = checked.lines_of(cell)
    word = word_at(lines[line0], char0) if line0 < len(lines) else None
    if word is None:
        return None
    for model in checked.result.models:
        if model.name == word:
            return model_markdown(model)
    line = checked.joined_line(cell, line0)
    everywhere = [(m, layer) for m in checked.result.models for layer in m.layers]
    rows = [(m, layer) for m, layer in everywhere if layer.line == line]
    named = [(m, layer) for m, layer in rows if word in (layer.type, _attribute(layer))]
    if named:
        rows = named
    elif len(rows) > 1:
        return None  # several calls on the line: the cursor must be on one's class name
    if not rows:  # a module called by its attribute, ``self.fc1(x)`` in ``forward``
        rows = [(m, layer) for m, layer in everywhere
                if m.framework == "torch" and _attribute(layer) == word]
    if not rows:
        return None
    return "\n\n---\n\n".join(layer_markdown(m, layer) for m, layer in rows)


def _attribute(layer: LayerReport) -> str:
    """The attribute a torch module is reached by (``features.0`` -> ``0``)."""
    return layer.name.rsplit(".", 1)[-1]


def model_markdown(model: ModelReport) -> str:
    try:
        table = render_model(model)
    except NotImplementedError as error:
        table = f"({error})\n"
    kind = "tf.keras 2" if model.dialect == "keras2" else (
        "Keras 3" if model.framework == "keras" else "PyTorch")
    return f"**{model.name}** ({kind}, as layerlint reads the source)\n\n```text\n{table}```"


def layer_markdown(model: ModelReport, layer: LayerReport) -> str:
    if model.framework == "torch":
        shown_in, shown_out = shape_cell(layer.input_shape), shape_cell(layer.output_shape)
        params = "?" if layer.params is None else f"{layer.params:,}"
    else:
        shown_in = keras_shape(layer.input_shape) if layer.input_shape is not None else "?"
        shown_out = layer_output_cell(layer, model.built)
        params = layer_params_cell(layer, model.built)
    where = (f"row {layer.index + 1} of `{model.name}`'s table" if model.framework == "torch"
             else f"`{model.name}.layers[{layer.index}]`")
    return (f"**{layer.type}** `{layer.name}` — {where}\n\n"
            "| input shape | output shape | params |\n| --- | --- | --- |\n"
            f"| `{shown_in}` | `{shown_out}` | {params} |")
