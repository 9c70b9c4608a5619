"""The language server itself (pygls): document sync, debounced checks, publishing, hover and
code actions. Checks run one at a time on a worker thread so the editor's requests are still
answered while a file is analysed; a result is published only for the version it was made on.

Initialization options (all optional): ``debounceMs`` (the wait after an edit before checking,
default 300), ``ruleDocsUrl`` (a template with ``{code}`` for the rule links).
"""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lsprotocol import types
from pygls.lsp.server import LanguageServer
from pygls.uris import to_fs_path

from .. import __version__
from ..results import FileResult
from .checking import Cell, Checked, check_notebook, check_script, config_for, excluded
from .convert import FIX_ALL, RuleDocs, code_actions, diagnostics_by_uri, hover_markdown

DEFAULT_DEBOUNCE = 0.3


@dataclass
class Target:
    """What one check covers: a script, or a notebook and its cells (key: the notebook's URI)."""

    key: str
    version: Any
    path: str
    text: str | None = None
    cells: list[Cell] | None = None
    cell_uris: list[str] = field(default_factory=list)

    def uri_of(self, cell: int | None) -> str:
        return self.key if cell is None else self.cell_uris[cell]


class LayerlintServer(LanguageServer):
    def __init__(self) -> None:
        super().__init__(
            "layerlint", __version__,
            text_document_sync_kind=types.TextDocumentSyncKind.Incremental,
            notebook_document_sync=types.NotebookDocumentSyncOptions(
                notebook_selector=[types.NotebookDocumentFilterWithCells(
                    notebook="*", cells=[types.NotebookCellLanguage(language="python")])],
                save=True),
        )
        self.debounce = DEFAULT_DEBOUNCE
        self.docs = RuleDocs()
        self.checker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="layerlint-check")
        self.pending: dict[str, asyncio.Task] = {}
        self.checked: dict[str, tuple[Any, Checked]] = {}
        self.published: dict[str, set[str]] = {}  # key -> URIs given diagnostics
        self.problems: set[str] = set()  # configuration problems already shown

    # --- what to check ------------------------------------------------------------------------

    def target(self, uri: str) -> Target | None:
        """The script or notebook a document (a cell's too) belongs to, as the editor has it."""
        notebook = self.workspace.get_notebook_document(notebook_uri=uri) or \
            self.workspace.get_notebook_document(cell_uri=uri)
        if notebook is not None:
            cells, uris = [], []
            for cell in notebook.cells:
                document = self.workspace.get_text_document(cell.document)
                cells.append(Cell(cell.document, cell.kind == types.NotebookCellKind.Code,
                                  document.source))
                uris.append(cell.document)
            return Target(notebook.uri, notebook.version, _path(notebook.uri), cells=cells,
                          cell_uris=uris)
        if uri not in self.workspace.text_documents:
            return None
        document = self.workspace.get_text_document(uri)
        return Target(uri, document.version, _path(uri), text=document.source)

    def _check(self, target: Target, root: str | None) -> tuple[Checked, str | None]:
        """On the worker thread: the configuration, then the check (nothing sent from here)."""
        path = Path(target.path) if ":" not in Path(target.path).name else None
        config, problem = config_for(path, Path(root) if root else None)
        if path is not None and excluded(path, config):
            empty = FileResult(target.path, target.text or "", cell_offsets=None)
            return Checked(empty, config, target.text or "", target.cells), problem
        if target.cells is not None:
            return check_notebook(target.cells, target.path, config), problem
        return check_script(target.text or "", target.path, config), problem

    async def checked_now(self, uri: str) -> tuple[Target, Checked] | None:
        """The check of a document's current version (made now if it is not cached)."""
        target = self.target(uri)
        if target is None:
            return None
        cached = self.checked.get(target.key)
        if cached is not None and cached[0] == target.version:
            return target, cached[1]
        loop = asyncio.get_running_loop()
        checked, problem = await loop.run_in_executor(
            self.checker, self._check, target, self.workspace.root_path)
        if problem and problem not in self.problems:  # said once, not at every keystroke
            self.problems.add(problem)
            self.window_show_message(types.ShowMessageParams(types.MessageType.Warning, problem))
        self.checked[target.key] = (target.version, checked)
        return target, checked

    # --- publishing -----------------------------------------------------------------------------

    async def publish(self, uri: str) -> None:
        found = await self.checked_now(uri)
        if found is None:
            return
        target, checked = found
        current = self.target(target.key)
        if current is None or current.version != target.version:
            return  # edited meanwhile: that edit's own check publishes
        codec = self.workspace.position_codec
        by_uri = diagnostics_by_uri(checked, target.uri_of, codec, self.docs)
        for gone in self.published.get(target.key, set()) - set(by_uri):
            by_uri[gone] = []  # a cell deleted since the last check
        self.published[target.key] = set(by_uri)
        version = target.version if target.cells is None else None
        for at, diagnostics in by_uri.items():
            self.text_document_publish_diagnostics(types.PublishDiagnosticsParams(
                uri=at, diagnostics=diagnostics,
                version=version if at == target.key else None))

    def schedule(self, uri: str, delay: float) -> None:
        """Check after ``delay`` seconds; a later edit restarts the wait (debounce)."""
        key = (self.target(uri) or Target(uri, None, "")).key
        waiting = self.pending.pop(key, None)
        if waiting is not None:
            waiting.cancel()

        async def later() -> None:
            if delay:
                await asyncio.sleep(delay)
            self.pending.pop(key, None)
            try:
                await self.publish(key)
            except Exception as error:  # noqa: BLE001 - the server outlives one bad check
                self.window_log_message(types.LogMessageParams(
                    types.MessageType.Error, f"layerlint: could not check {key}: {error!r}"))

        self.pending[key] = asyncio.ensure_future(later())

    def forget(self, key: str, uris: list[str]) -> None:
        waiting = self.pending.pop(key, None)
        if waiting is not None:
            waiting.cancel()
        self.checked.pop(key, None)
        for uri in set(uris) | self.published.pop(key, set()):
            self.text_document_publish_diagnostics(
                types.PublishDiagnosticsParams(uri=uri, diagnostics=[]))


def _path(uri: str) -> str:
    """The file system path of a ``file:`` URI; other URIs (``untitled:``) name the buffer."""
    return to_fs_path(uri) or uri


def build_server() -> LayerlintServer:
    server = LayerlintServer()

    @server.feature(types.INITIALIZE)
    def initialize(ls: LayerlintServer, params: types.InitializeParams) -> None:
        options = params.initialization_options or {}
        if isinstance(options, dict):
            if isinstance(options.get("debounceMs"), (int, float)):
                ls.debounce = max(float(options["debounceMs"]), 0.0) / 1000
            if isinstance(options.get("ruleDocsUrl"), str):
                ls.docs = RuleDocs(options["ruleDocsUrl"])

    @server.feature(types.TEXT_DOCUMENT_DID_OPEN)
    def did_open(ls: LayerlintServer, params: types.DidOpenTextDocumentParams) -> None:
        if ls.workspace.get_notebook_document(cell_uri=params.text_document.uri) is None:
            ls.schedule(params.text_document.uri, 0)

    @server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
    def did_change(ls: LayerlintServer, params: types.DidChangeTextDocumentParams) -> None:
        ls.schedule(params.text_document.uri, ls.debounce)

    @server.feature(types.TEXT_DOCUMENT_DID_SAVE, types.SaveOptions(include_text=False))
    def did_save(ls: LayerlintServer, params: types.DidSaveTextDocumentParams) -> None:
        ls.checked.pop(params.text_document.uri, None)  # the configuration may have changed
        ls.schedule(params.text_document.uri, 0)

    @server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
    def did_close(ls: LayerlintServer, params: types.DidCloseTextDocumentParams) -> None:
        uri = params.text_document.uri
        if ls.workspace.get_notebook_document(cell_uri=uri) is None:
            ls.forget(uri, [uri])

    @server.feature(types.NOTEBOOK_DOCUMENT_DID_OPEN)
    def notebook_open(ls: LayerlintServer, params: types.DidOpenNotebookDocumentParams) -> None:
        ls.schedule(params.notebook_document.uri, 0)

    @server.feature(types.NOTEBOOK_DOCUMENT_DID_CHANGE)
    def notebook_change(ls: LayerlintServer,
                        params: types.DidChangeNotebookDocumentParams) -> None:
        ls.schedule(params.notebook_document.uri, ls.debounce)

    @server.feature(types.NOTEBOOK_DOCUMENT_DID_SAVE)
    def notebook_save(ls: LayerlintServer, params: types.DidSaveNotebookDocumentParams) -> None:
        ls.checked.pop(params.notebook_document.uri, None)
        ls.schedule(params.notebook_document.uri, 0)

    @server.feature(types.NOTEBOOK_DOCUMENT_DID_CLOSE)
    def notebook_close(ls: LayerlintServer,
                       params: types.DidCloseNotebookDocumentParams) -> None:
        ls.forget(params.notebook_document.uri,
                  [c.uri for c in params.cell_text_documents])

    @server.feature(types.TEXT_DOCUMENT_HOVER)
    async def hover(ls: LayerlintServer, params: types.HoverParams) -> types.Hover | None:
        found = await ls.checked_now(params.text_document.uri)
        if found is None:
            return None
        target, checked = found
        cell = _cell_index(target, params.text_document.uri)
        lines = checked.lines_of(cell)
        line0 = params.position.line
        if line0 >= len(lines):
            return None
        at = ls.workspace.position_codec.position_from_client_units(list(lines), params.position)
        text = hover_markdown(checked, cell, line0, at.character)
        if text is None:
            return None
        return types.Hover(contents=types.MarkupContent(types.MarkupKind.Markdown, text))

    @server.feature(types.TEXT_DOCUMENT_CODE_ACTION, types.CodeActionOptions(
        code_action_kinds=[types.CodeActionKind.QuickFix, FIX_ALL]))
    async def code_action(ls: LayerlintServer,
                          params: types.CodeActionParams) -> list[types.CodeAction] | None:
        found = await ls.checked_now(params.text_document.uri)
        if found is None:
            return None
        target, checked = found
        only = [str(kind) for kind in params.context.only] if params.context.only else None
        return code_actions(checked, _cell_index(target, params.text_document.uri),
                            params.range, target.uri_of, ls.workspace.position_codec,
                            ls.docs, only)

    return server


def _cell_index(target: Target, uri: str) -> int | None:
    if target.cells is None:
        return None
    return target.cell_uris.index(uri) if uri in target.cell_uris else 0


def serve() -> None:
    """Speak LSP on stdin/stdout until the client says ``exit``."""
    build_server().start_io()
