"""The language server itself (pygls): document sync, debounced checks, publishing, hover and
code actions. Checks run one at a time on a worker thread so the editor's requests are still
answered while a file is analysed; a result is published only for the version it was made on.

Initialization options (all optional): ``debounceMs`` (the wait after an edit before checking,
default 300), ``ruleDocsUrl`` (a template with ``{code}`` for the rule links), ``settings`` (the
editor's ``layerlint`` settings, module ``settings``). Settings are pulled
(``workspace/configuration``) or pushed (``workspace/didChangeConfiguration``) when they change,
and the project files a check reads are watched (``workspace/didChangeWatchedFiles``, registered
when the client can): either re-checks the open documents whose verdict may change.
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
from ..frontends.dialect import forget_listings
from ..results import FileResult
from .checking import Cell, Checked, check_notebook, check_script, config_for, excluded
from .convert import FIX_ALL, RuleDocs, code_actions, diagnostics_by_uri, hover_markdown
from .settings import EditorSettings, affected, parse, watched, watchers_globs

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
        self.checked: dict[str, tuple[Any, Checked]] = {}  # key -> ((version, epoch), check)
        # key -> how many times its configuration may have changed: a check that started
        # before a change is not reused after it (the worker may still be making it)
        self.epochs: dict[str, int] = {}
        self.published: dict[str, set[str]] = {}  # key -> URIs given diagnostics
        self.problems: set[str] = set()  # configuration problems already shown
        self.settings = EditorSettings()

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
        config, unusable = self.settings.configured(config, Path(root) if root else None)
        problem = problem or unusable
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
        made_for = (target.version, self.epochs.get(target.key, 0))
        cached = self.checked.get(target.key)
        if cached is not None and cached[0] == made_for:
            return target, cached[1]
        loop = asyncio.get_running_loop()
        checked, problem = await loop.run_in_executor(
            self.checker, self._check, target, self.workspace.root_path)
        if problem and problem not in self.problems:  # said once, not at every keystroke
            self.problems.add(problem)
            self.window_show_message(types.ShowMessageParams(types.MessageType.Warning, problem))
        self.checked[target.key] = (made_for, checked)
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
        if not self.settings.enabled:  # lint.enable = false: no findings (hovers still work)
            by_uri = {uri: [] for uri in by_uri}
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

    def open_keys(self) -> list[tuple[str, str]]:
        """(key, path) of every open script and notebook."""
        keys = [(uri, _path(uri)) for uri in self.workspace.text_documents
                if self.workspace.get_notebook_document(cell_uri=uri) is None]
        keys += [(nb.uri, _path(nb.uri)) for nb in self.workspace.notebook_documents.values()]
        return keys

    def recheck(self, changed: list[str] | None = None) -> None:
        """Check again (debounced: a checkout changes many files) the open documents whose
        verdict the changed project files may decide; every one when ``changed`` is None."""
        for key, path in self.open_keys():
            if changed is None or affected(path, changed):
                self.invalidate(key)
                self.schedule(key, self.debounce)

    def invalidate(self, key: str) -> None:
        """Its configuration may have changed: check it again, even at the same version."""
        self.epochs[key] = self.epochs.get(key, 0) + 1
        self.checked.pop(key, None)

    def project_files_changed(self, changes: list[types.FileEvent]) -> None:
        changed = [_path(change.uri) for change in changes if watched(_path(change.uri))]
        if not changed:
            return
        forget_listings()
        self.problems.clear()  # a table broken again is said again
        self.recheck(changed)

    def use_settings(self, raw: Any) -> None:
        settings = parse(raw)
        for problem in settings.problems:
            if problem not in self.problems:
                self.problems.add(problem)
                self.window_show_message(types.ShowMessageParams(
                    types.MessageType.Warning, f"layerlint: {problem}; ignored"))
        if settings != self.settings:
            self.settings = settings
            self.recheck()

    async def pull_settings(self) -> None:
        """Ask the client for the ``layerlint`` section, when it answers such requests."""
        workspace = self.client_capabilities.workspace
        if workspace is None or not workspace.configuration:
            return
        try:
            answer = await self.workspace_configuration_async(types.ConfigurationParams(
                items=[types.ConfigurationItem(scope_uri=self.workspace.root_uri,
                                               section="layerlint")]))
        except Exception as error:  # noqa: BLE001 - a client that cannot answer: keep ours
            self.window_log_message(types.LogMessageParams(
                types.MessageType.Warning, f"layerlint: workspace/configuration: {error!r}"))
            return
        if answer:
            self.use_settings(answer[0])

    async def register_watchers(self) -> None:
        """Dynamic registrations the client supports: the project files, the settings."""
        workspace = self.client_capabilities.workspace
        registrations = []
        files = workspace and workspace.did_change_watched_files
        if files is not None and files.dynamic_registration:
            registrations.append(types.Registration(
                id="layerlint-watched-files", method=types.WORKSPACE_DID_CHANGE_WATCHED_FILES,
                register_options=types.DidChangeWatchedFilesRegistrationOptions(watchers=[
                    types.FileSystemWatcher(glob_pattern=glob) for glob in watchers_globs()])))
        configuration = workspace and workspace.did_change_configuration
        if configuration is not None and configuration.dynamic_registration:
            registrations.append(types.Registration(
                id="layerlint-configuration", method=types.WORKSPACE_DID_CHANGE_CONFIGURATION,
                register_options=types.DidChangeConfigurationRegistrationOptions(
                    section="layerlint")))
        if registrations:
            await self.client_register_capability_async(
                types.RegistrationParams(registrations=registrations))

    def forget(self, key: str, uris: list[str]) -> None:
        waiting = self.pending.pop(key, None)
        if waiting is not None:
            waiting.cancel()
        self.invalidate(key)  # a check still running is not for a reopened document
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
            if isinstance(options.get("settings"), dict):
                ls.use_settings(options["settings"])

    @server.feature(types.INITIALIZED)
    async def initialized(ls: LayerlintServer, params: types.InitializedParams) -> None:
        try:
            await ls.register_watchers()
        except Exception as error:  # noqa: BLE001 - a client that refuses: events still heard
            ls.window_log_message(types.LogMessageParams(
                types.MessageType.Warning, f"layerlint: client/registerCapability: {error!r}"))
        await ls.pull_settings()

    @server.feature(types.WORKSPACE_DID_CHANGE_WATCHED_FILES)
    def watched_files(ls: LayerlintServer, params: types.DidChangeWatchedFilesParams) -> None:
        ls.project_files_changed(list(params.changes))

    @server.feature(types.WORKSPACE_DID_CHANGE_CONFIGURATION)
    async def configuration(ls: LayerlintServer,
                            params: types.DidChangeConfigurationParams) -> None:
        pushed = params.settings.get("layerlint") if isinstance(params.settings, dict) else None
        if isinstance(pushed, dict):
            ls.use_settings(pushed)
        else:  # the pull model (VS Code sends no settings): ask for them
            await ls.pull_settings()

    @server.feature(types.TEXT_DOCUMENT_DID_OPEN)
    def did_open(ls: LayerlintServer, params: types.DidOpenTextDocumentParams) -> None:
        if ls.workspace.get_notebook_document(cell_uri=params.text_document.uri) is None:
            ls.schedule(params.text_document.uri, 0)

    @server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
    def did_change(ls: LayerlintServer, params: types.DidChangeTextDocumentParams) -> None:
        ls.schedule(params.text_document.uri, ls.debounce)

    @server.feature(types.TEXT_DOCUMENT_DID_SAVE, types.SaveOptions(include_text=False))
    def did_save(ls: LayerlintServer, params: types.DidSaveTextDocumentParams) -> None:
        ls.invalidate(params.text_document.uri)  # the configuration may have changed
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
        ls.invalidate(params.notebook_document.uri)
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
        if found is None or not ls.settings.enabled:
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
