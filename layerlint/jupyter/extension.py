"""IPython glue: ``%load_ext layerlint`` registers a ``pre_run_cell`` hook that checks the cell
about to run (in the context of the cells run before it) and displays its findings; strict mode
rejects the cell through an AST transformer (IPython's ``InputRejected``: the cell is not run and
shows the error). ``%layerlint warn|strict|off|summary [model]`` and ``%%layerlint``.

The hook sees the cell's raw text; the user's code is never imported or run for the check.
"""

from __future__ import annotations

import ast
from typing import Any

from IPython.core.error import InputRejected, UsageError
from IPython.core.magic import Magics, line_cell_magic, magics_class
from IPython.display import display

from ..api import model_view
from ..report.common import plural
from ..report.summary import render_model
from .display import ModelSummary, findings_bundle, line_place, place
from .session import MODES, Cell, CellCheck, Session, ran_before

USAGE = ("%layerlint [warn | strict | off | summary [MODEL] | reset]   "
         "(%%layerlint: check a cell, not run it)")
_MODE_TEXT = {
    "warn": "findings are shown before a cell runs, and the cell runs",
    "strict": "a cell with an error finding is not run",
    "off": "cells are not checked",
}


class CellRejected(InputRejected):
    """Strict mode: the cell has an error finding and was not run."""

    def _render_traceback_(self) -> list[str]:
        # IPython shows this instead of a Python traceback (the check is not the user's code).
        return [f"{type(self).__name__}: {self}"]


class _RejectCell(ast.NodeTransformer):
    """Raises the pending rejection when IPython transforms the cell's AST (before it runs)."""

    def __init__(self, extension: LayerlintExtension) -> None:
        super().__init__()
        self.extension = extension

    def visit(self, node: ast.AST) -> ast.AST:
        reason, self.extension.rejection = self.extension.rejection, None
        if reason is not None:
            raise CellRejected(reason)
        return node


@magics_class
class LayerlintMagics(Magics):
    def __init__(self, shell: Any, extension: LayerlintExtension) -> None:
        super().__init__(shell)
        self.extension = extension

    @line_cell_magic
    def layerlint(self, line: str, cell: str | None = None) -> None:
        """%layerlint warn|strict|off|summary [MODEL]; %%layerlint checks a cell without running
        it."""
        if cell is not None:
            self.extension.check_only(cell)
            return
        words = line.split()
        if not words:
            session = self.extension.session
            print(f"layerlint: {session.mode} mode ({_MODE_TEXT[session.mode]}); "
                  f"{plural(len(session.cells), 'cell')} run so far.\nusage: {USAGE}")
        elif words[0] in MODES and len(words) == 1:
            self.extension.session.mode = words[0]
            print(f"layerlint: {words[0]} mode ({_MODE_TEXT[words[0]]}).")
        elif words == ["reset"]:
            forgotten = len(self.extension.session.cells)
            self.extension.session.forget()
            print(f"layerlint: forgot {plural(forgotten, 'cell')}; the next cells are checked "
                  "on their own.")
        elif words[0] == "summary" and len(words) <= 2:
            self.extension.summary(words[1] if len(words) == 2 else None)
        else:
            raise UsageError(f"unknown arguments {line.strip()!r}\nusage: {USAGE}")


class LayerlintExtension:
    """One per shell: the session's cells and mode, and the hooks that use them."""

    def __init__(self, shell: Any) -> None:
        self.shell = shell
        self.session = Session()
        self.running: Cell | None = None  # the cell being run now, recorded once it has run
        self.rejection: str | None = None  # strict mode's reason to reject the running cell
        self.transformer = _RejectCell(self)
        # Cells run before the extension was loaded are context too (IPython keeps them raw).
        history = getattr(getattr(shell, "history_manager", None), "input_hist_raw", [])
        for count, source in enumerate(history):
            if count and source.strip():
                self.session.record(Cell(source, f"In [{count}]"))

    def label(self) -> str:
        return f"In [{self.shell.execution_count}]"

    def pre_run_cell(self, info: Any = None) -> None:
        self.running, self.rejection = None, None
        raw = getattr(info, "raw_cell", None)
        if not isinstance(raw, str) or _is_check_only(raw):
            return  # %%layerlint checks its cell itself, and does not run it
        self.running = Cell(raw, self.label())
        if self.session.mode == "off":
            return
        check = self.session.check(self.running)
        if check.diagnostics:
            display(findings_bundle(check), raw=True)
        if self.session.mode == "strict" and check.errors:
            self.rejection = _rejection(check)

    def post_run_cell(self, result: Any = None) -> None:
        cell, self.running, self.rejection = self.running, None, None
        if cell is None or getattr(result, "error_before_exec", None) is not None:
            return  # not run: rejected, or a syntax error
        line = self._failed_line(getattr(result, "error_in_exec", None))
        if line is not None:  # what ran before the error stays
            cell = Cell(ran_before(cell.source, line), cell.label)
        self.session.record(cell)

    def _failed_line(self, error: BaseException | None) -> int | None:
        """The line of the cell's top-level statement that raised (the cell's own frame)."""
        trace = getattr(error, "__traceback__", None)
        while trace is not None:
            frame = trace.tb_frame
            if frame.f_code.co_name == "<module>" and frame.f_globals is self.shell.user_global_ns:
                return trace.tb_lineno
            trace = trace.tb_next
        return None

    def check_only(self, source: str) -> None:
        check = self.session.check(Cell(source, self.label()))
        if check.diagnostics:
            display(findings_bundle(check), raw=True)
        else:
            print(f"layerlint: no findings in {check.cell.label} (not run).")

    def summary(self, name: str | None) -> None:
        result, models = self.session.models(self.running)
        labels = [c.label for c in (*self.session.cells, *([self.running] if self.running else []))]
        check = CellCheck(self.running or Cell("", self.label()), result, labels)
        chosen = [m for m in models if name is None or m.name == name]
        if not chosen:
            known = ", ".join(sorted({m.name for m in models})) or "none"
            what = f"no model named {name!r}" if name else "no model"
            print(f"layerlint: {what} in the cells run so far (models: {known}).")
            return
        for model in chosen:
            header = f"{model.name} ({line_place(check, model.line)})"
            try:
                table = render_model(model)
            except NotImplementedError as exc:
                table = f"({exc})\n"
            raising = [d for d in result.diagnostics if d.model == model.name
                       and d.severity == "error" and d.stage in ("construct", "build")]
            if raising:  # the framework raises instead of printing this table
                table += "layerlint: the framework raises while building this model:\n"
                table += "".join(f"  {place(check, d.span.line, d.span.col)}: {d.code} "
                                 f"{d.message}\n" for d in raising)
            display(ModelSummary(model_view(model, result), header, table))


def _is_check_only(raw: str) -> bool:
    first = raw.lstrip().split("\n", 1)[0].split()
    return bool(first) and first[0] == "%%layerlint"


def _rejection(check: CellCheck) -> str:
    first = check.errors[0]
    where = place(check, first.span.line, first.span.col)
    return (f"layerlint strict mode: {check.cell.label} was not run: "
            f"{plural(len(check.errors), 'error')} ({first.code} at {where}). "
            "Fix the cell, or run `%layerlint warn` to run it anyway.")


_EXTENSIONS: dict[int, LayerlintExtension] = {}


def load_ipython_extension(shell: Any) -> None:
    if id(shell) in _EXTENSIONS:
        return
    extension = LayerlintExtension(shell)
    _EXTENSIONS[id(shell)] = extension
    shell.events.register("pre_run_cell", extension.pre_run_cell)
    shell.events.register("post_run_cell", extension.post_run_cell)
    shell.ast_transformers.append(extension.transformer)
    shell.register_magics(LayerlintMagics(shell, extension))
    extension.session.config_for_checks()
    if extension.session.config_problem:
        print(f"layerlint: {extension.session.config_problem} (checking with the defaults)")


def unload_ipython_extension(shell: Any) -> None:
    extension = _EXTENSIONS.pop(id(shell), None)
    if extension is None:
        return
    shell.events.unregister("pre_run_cell", extension.pre_run_cell)
    shell.events.unregister("post_run_cell", extension.post_run_cell)
    if extension.transformer in shell.ast_transformers:
        shell.ast_transformers.remove(extension.transformer)
    shell.magics_manager.magics["line"].pop("layerlint", None)
    shell.magics_manager.magics["cell"].pop("layerlint", None)
