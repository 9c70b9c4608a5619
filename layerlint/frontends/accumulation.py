"""Lists built by loops and comprehensions the interpreter does not unroll.

Data-loading code often builds its arrays one item at a time::

    images = []
    for path in os.listdir(folder):          # how many files: unknown
        images.append(np.zeros((28, 28)))
    x = np.array(images)                     # (?, 28, 28): rank and item shape are known

A loop run an unknown (or too large) number of times runs its body once, with every variable
the body changes unknown (interpreter.loop). A list the body only ever appends to is an
*accumulator*: while the body runs, a :class:`Recorder` stands for it and records the appended
values. When every appended value is the same array of fully known shape (or a number), the list
afterwards is a :class:`values.Repeated`: that item, as many times as the loop appends it. The
count is known only when the loop's trip count is known and the body appends exactly once per
iteration (one top-level ``append`` statement, no ``break``/``continue``); else it is ``"?"``.
An item whose shape depends on the iteration (a name the loop changes) is unknown, so the list
stays unknown: never a guess.
"""

from __future__ import annotations

import ast
from typing import Any

from ..shapes import UNKNOWN_DIM
from .scopes import child_nodes, has_jump
from .values import ANY_NUMBER, Data, Repeated

MAX_LISTED = 64  # a known count up to this makes a plain list (later loops over it unroll)

_NESTED = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda, ast.For,
           ast.AsyncFor, ast.While, ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp)


class Recorder:
    """Stands for an accumulator list while a loop body runs once: what the body appends."""

    def __init__(self, initial: Any) -> None:
        self.initial = initial
        self.appended: list[Any] = []


def accumulators(body: list[ast.stmt]) -> dict[str, bool]:
    """Names the body uses only as ``name.append(item)`` (not inside a nested loop, function or
    comprehension), each with whether it appends exactly once per iteration."""
    uses: dict[str, int] = {}
    appends: dict[str, int] = {}
    excluded: set[str] = set()
    stack: list[tuple[ast.AST, bool]] = [(statement, False) for statement in body]
    while stack:
        node, nested = stack.pop()
        if isinstance(node, ast.Name):
            uses[node.id] = uses.get(node.id, 0) + 1
            if nested or not isinstance(node.ctx, ast.Load):
                excluded.add(node.id)
        elif _append_receiver(node) is not None:
            name = _append_receiver(node)
            appends[name] = appends.get(name, 0) + 1  # type: ignore[index]
        inner = nested or isinstance(node, _NESTED)
        stack.extend((child, inner) for child in child_nodes(node))
    top_level = [
        _append_receiver(s.value) for s in body if isinstance(s, ast.Expr)
    ]
    once_possible = not has_jump(body)
    return {
        name: once_possible and count == 1 and top_level.count(name) == 1
        for name, count in appends.items()
        if name not in excluded and uses.get(name) == count
    }


def _append_receiver(node: ast.AST) -> str | None:
    """``name`` for ``name.append(item)`` with one plain argument."""
    if (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == "append"
        and isinstance(node.func.value, ast.Name)
        and len(node.args) == 1
        and not isinstance(node.args[0], ast.Starred)
        and not node.keywords
    ):
        return node.func.value.id
    return None


def trip_count(iterable: Any) -> Any:
    """How many times ``for item in iterable`` runs: an int, or ``"?"``."""
    if isinstance(iterable, (range, list, tuple, dict, str)):
        return len(iterable)
    if isinstance(iterable, Repeated):
        return iterable.count
    if isinstance(iterable, Data) and iterable.shape:
        first = iterable.shape[0]
        return first if isinstance(first, int) else UNKNOWN_DIM
    return UNKNOWN_DIM


def item_of(iterable: Any) -> Any:
    """What every iteration of ``for item in iterable`` binds, when that is the same value each
    time (the rows of an array, the items of a Repeated list) or a number each time (a range);
    None when not."""
    if isinstance(iterable, Data) and iterable.shape:
        row = iterable.derived(iterable.shape[1:], iterable.origin, extra={})
        # A row holds some of the values: an upper bound still holds, exact values do not.
        return row if iterable.bounds in ("uniform", "at_most") else row.without_bounds()
    if isinstance(iterable, Repeated):
        return iterable.element
    if isinstance(iterable, range) or (isinstance(iterable, (list, tuple)) and iterable and all(
            type(v) in (int, float) or v is ANY_NUMBER for v in iterable)):
        return ANY_NUMBER  # a number, another one each time
    return None


def uniform_item(values: list[Any]) -> Any:
    """The one item all these appended values are (same known shape and dtype), else None."""
    if not values:
        return None
    first = values[0]
    if not _plain_item(first):
        return None
    for value in values[1:]:
        if not _plain_item(value) or _signature(value) != _signature(first):
            return None
    return first


def _plain_item(value: Any) -> bool:
    if isinstance(value, Data):
        return value.shape is not None and all(type(d) is int for d in value.shape) \
            and not value.ragged
    return value is ANY_NUMBER or (isinstance(value, (int, float)) and not isinstance(value, bool))


def _signature(value: Any) -> Any:
    if isinstance(value, Data):
        return ("array", value.shape, value.dtype)
    if value is ANY_NUMBER:
        return ("number", None)
    return ("number", type(value).__name__)


def accumulated(initial: Any, item: Any, appended: Any) -> Any:
    """The list after the loop: ``initial`` followed by ``appended`` copies of ``item`` (an int,
    or ``"?"``). None when the initial items are not the same item (the result is unknown)."""
    if isinstance(initial, Repeated):
        if _signature(initial.element) != _signature(item):
            return None
        before = initial.count
    elif isinstance(initial, list):
        if any(not _plain_item(v) or _signature(v) != _signature(item) for v in initial):
            return None
        before = len(initial)
    else:
        return None
    total = before + appended if isinstance(before, int) and isinstance(appended, int) \
        else UNKNOWN_DIM
    if total == 0:
        return []
    if isinstance(total, int) and total <= MAX_LISTED:
        return [item] * total
    return Repeated(item, total)


def times(trips: Any, per_iteration: Any) -> Any:
    if isinstance(trips, int) and isinstance(per_iteration, int):
        return trips * per_iteration
    return 0 if trips == 0 else UNKNOWN_DIM
