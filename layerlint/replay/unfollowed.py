"""Models not followed: the front ends' :class:`~layerlint.ir.Unfollowed` records become LL904
notes and ``FileResult.unfollowed`` (counted by the reports: "1 model not followed").

A construct used inside a followed model (a pretrained base or a custom layer in a
``Sequential``) is not a model of its own: that model's replay notes it where it is used (LL901),
so it is neither noted again nor counted.
"""

from __future__ import annotations

from typing import Any

from ..diagnostics import Diagnostic
from ..ir import Add, Call, Construct, FileIR, TorchConstruct, Unfollowed
from ..results import FileResult

CODE = "LL904"


def account(file_ir: FileIR, result: FileResult) -> None:
    """Add the file's records not followed to ``result``, each with its LL904 note."""
    if not file_ir.unfollowed:  # the usual file: no model walk for nothing to account
        return
    inside = _used_in_models(file_ir)
    seen: set[tuple] = set()
    for item in sorted(file_ir.unfollowed, key=lambda u: u.span):
        key = (item.span, item.kind)
        if key in seen or (item.value is not None and id(item.value) in inside):
            continue
        seen.add(key)
        result.unfollowed.append(item)
        result.diagnostics.append(note(item))


def note(item: Unfollowed) -> Diagnostic:
    return Diagnostic(CODE, "info", item.span, message(item), model=item.name)


def message(item: Unfollowed) -> str:
    return f"{item.kind} `{item.name}` is not checked: {item.reason}"


def _used_in_models(file_ir: FileIR) -> set[int]:
    """ids of the values the followed models use as layers or modules (nested ones too)."""
    found: set[int] = set()

    def visit(value: Any, depth: int = 0) -> None:
        if depth > 20:
            return
        if isinstance(value, Call):
            found.add(id(value))
            for arg in (*value.args, *value.kwargs.values()):
                visit(arg, depth + 1)
        elif isinstance(value, (list, tuple)):
            for item in value:
                visit(item, depth + 1)

    def visit_module(node: Any, depth: int = 0) -> None:
        if depth > 50:
            return
        found.add(id(node))
        for _, child in getattr(node, "children", None) or []:
            visit_module(child, depth + 1)

    for model in file_ir.models:
        for event in model.events:
            if isinstance(event, Construct):
                visit(event.layers)
            elif isinstance(event, Add):
                visit(event.layer)
            elif isinstance(event, TorchConstruct):
                visit_module(event.root)
    return found
