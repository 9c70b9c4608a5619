"""Scopes, control-flow outcomes, and which names a block of code may assign."""

from __future__ import annotations

import ast
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any, TypeVar

from .values import Sym, same

T = TypeVar("T")

MISSING: Any = object()


@dataclass
class Scope:
    """The variables of a module or of one run of a function.

    Keys are names, or dotted paths for attributes assigned on unknown objects (``self.model``).
    ``vars`` is replaced by a copy while a branch runs, and merged back afterwards.
    """

    parent: Scope | None
    kind: str  # "module" | "function" | "comprehension"
    vars: dict[str, Any] = field(default_factory=dict)
    declared_global: set[str] = field(default_factory=set)
    star_imports: list[str] = field(default_factory=list)
    returns: list[Any] = field(default_factory=list)
    # First parts of the dotted keys ever bound here (rebinding `self` drops `self.model`).
    dotted_roots: set[str] = field(default_factory=set)

    def chain(self) -> Iterator[Scope]:
        scope: Scope | None = self
        while scope is not None:
            yield scope
            scope = scope.parent

    def lookup(self, name: str) -> Any:
        scope: Scope | None = self  # the chain walked inline: a lookup per name and attribute
        while scope is not None:
            value = scope.vars.get(name, MISSING)
            if value is not MISSING:
                return value
            scope = scope.parent
        return MISSING

    def module(self) -> Scope:
        *_, last = self.chain()
        return last


@dataclass(frozen=True)
class Outcome:
    """How a statement or block ended: ``exits`` when it never falls through; ``may`` lists the
    jumps (return, break, continue) that might leave it early."""

    exits: bool = False
    may: frozenset[str] = frozenset()


FALLS_THROUGH = Outcome()


def merge(paths: list[dict[str, Any]]) -> dict[str, Any]:
    """Variables after paths join: a value survives only if every path agrees on it."""
    if len(paths) == 1:
        return paths[0]
    keys: dict[str, None] = {}
    for path in paths:
        keys.update(dict.fromkeys(path))
    result: dict[str, Any] = {}
    first = paths[0]
    for key in keys:
        value = first.get(key, MISSING)
        if value is not MISSING and all(same(value, p.get(key, MISSING)) for p in paths[1:]):
            result[key] = value
        else:
            result[key] = Sym(key)
    return result


# --- what a block may assign --------------------------------------------------------------------

_NESTED_SCOPES = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda)
_MUTATORS = {"append", "extend", "insert", "pop", "remove", "clear", "update", "setdefault"}


def dotted_name(node: ast.AST) -> str | None:
    """``a.b.c`` for a chain of attributes on a name, else None."""
    if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):  # most: ``np.zeros``
        return f"{node.value.id}.{node.attr}"
    parts: list[str] = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if not isinstance(node, ast.Name):
        return None
    parts.append(node.id)
    return ".".join(reversed(parts))


# --- walking trees at a lower cost than the ast module's generators ------------------------------

_AST = ast.AST
# Fields not looked at: those that never hold a node (names, numbers, strings), and the
# operator and context tokens (``Add``, ``Load``: a quarter of all nodes), which no walk here
# looks for (a walk that does uses ast.walk).
_SKIPPED_FIELDS = frozenset({"id", "attr", "name", "asname", "arg", "module", "level", "kind",
                             "type_comment", "conversion", "is_async", "simple", "tag", "rest",
                             "kwd_attrs", "ctx", "op", "ops"})
TOKEN_NODES = (ast.expr_context, ast.operator, ast.unaryop, ast.boolop, ast.cmpop)
_CHILD_FIELDS: dict[type, tuple[str, ...]] = {}


def _child_fields(cls: type) -> tuple[str, ...]:
    fields = _CHILD_FIELDS[cls] = () if cls in (ast.Constant, ast.MatchSingleton, ast.Global,
                                                ast.Nonlocal) else tuple(
        f for f in cls._fields if f not in _SKIPPED_FIELDS)  # type: ignore[attr-defined]
    return fields


def child_nodes(node: ast.AST) -> list[ast.AST]:
    """``list(ast.iter_child_nodes(node))`` in the same order, without the TOKEN_NODES."""
    children: list[ast.AST] = []
    fields = _CHILD_FIELDS.get(node.__class__)
    if fields is None:
        fields = _child_fields(node.__class__)
    for name in fields:
        value = getattr(node, name, None)
        if value.__class__ is list:
            children += [item for item in value if isinstance(item, _AST)]
        elif isinstance(value, _AST):
            children.append(value)
    return children


def walk(node: ast.AST) -> list[ast.AST]:
    """``list(ast.walk(node))`` in the same (breadth-first) order, without the TOKEN_NODES: a
    third of its time (walks of function bodies were a fifth of the time on framework sources)."""
    found = [node]
    append = found.append
    get = _CHILD_FIELDS.get
    i = 0
    while i < len(found):
        current = found[i]
        i += 1
        cls = current.__class__
        fields = get(cls)
        if fields is None:
            fields = _child_fields(cls)
        for name in fields:
            value = getattr(current, name, None)
            if value.__class__ is list:
                for item in value:
                    if isinstance(item, _AST):
                        append(item)
            elif isinstance(value, _AST):
                append(value)
    return found


def walk_local(nodes: list[ast.stmt] | list[ast.AST]) -> Iterator[ast.AST]:
    """Every node of a block but TOKEN_NODES, not descending into nested functions, classes
    or lambdas."""
    stack: list[ast.AST] = list(reversed(nodes))
    while stack:
        node = stack.pop()
        yield node
        if isinstance(node, _NESTED_SCOPES):
            stack.extend(reversed(getattr(node, "decorator_list", [])))
            continue
        children = child_nodes(node)
        children.reverse()
        stack += children


def assigned_names(nodes: list[ast.stmt]) -> tuple[set[str], set[str]]:
    """(names a block may rebind, names whose object a block may mutate in place)."""
    rebound: set[str] = set()
    mutated: set[str] = set()
    for node in walk_local(nodes):
        if isinstance(node, ast.Name) and isinstance(node.ctx, (ast.Store, ast.Del)):
            rebound.add(node.id)
        elif isinstance(node, ast.Attribute) and isinstance(node.ctx, (ast.Store, ast.Del)):
            dotted = dotted_name(node)
            if dotted:
                rebound.add(dotted)
        elif isinstance(node, ast.Subscript) and isinstance(node.ctx, (ast.Store, ast.Del)):
            dotted = dotted_name(node.value)
            if dotted:
                mutated.add(dotted)
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            rebound.add(node.name)
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            for alias in node.names:
                rebound.add((alias.asname or alias.name).split(".")[0])
        elif isinstance(node, (ast.ExceptHandler, ast.MatchAs, ast.MatchStar)) and node.name:
            rebound.add(node.name)
        elif isinstance(node, ast.MatchMapping) and node.rest:
            rebound.add(node.rest)
        elif isinstance(node, ast.AugAssign):
            dotted = dotted_name(node.target)
            if dotted:
                mutated.add(dotted)
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr in _MUTATORS
        ):
            dotted = dotted_name(node.func.value)
            if dotted:
                mutated.add(dotted)
    return rebound, mutated


def has_jump(nodes: list[ast.stmt]) -> bool:
    """Whether a loop body contains return/break/continue/yield that would leave it early."""
    stack: list[tuple[ast.AST, bool]] = [(n, False) for n in nodes]
    while stack:
        node, in_inner_loop = stack.pop()
        if isinstance(node, (ast.Return, ast.Yield, ast.YieldFrom)):
            return True
        if isinstance(node, (ast.Break, ast.Continue)) and not in_inner_loop:
            return True
        if isinstance(node, _NESTED_SCOPES):
            continue
        inner = in_inner_loop or isinstance(node, (ast.For, ast.AsyncFor, ast.While))
        stack += [(child, inner) for child in child_nodes(node)]
    return False


def loop_jumps(loop: ast.For | ast.AsyncFor | ast.While) -> bool:
    """``has_jump(loop.body)``, kept on the loop (asked at every run of it)."""
    return kept_on(loop, "_layerlint_jump", lambda: has_jump(loop.body))


def kept_on(node: ast.AST, key: str, compute: Callable[[], T]) -> T:
    """``compute()``, a pure function of the subtree ``node``, kept on the node: the walks of
    a function's body were repeated at every call of the function."""
    cache = node.__dict__
    try:
        return cache[key]
    except KeyError:
        value = cache[key] = compute()
        return value


def mentioned_names(node: ast.AST) -> dict[str, None]:
    """The names the code of ``node`` mentions, in order of first mention."""
    return kept_on(node, "_layerlint_names", lambda: dict.fromkeys(
        n.id for n in walk(node) if isinstance(n, ast.Name)))


def count_statements(nodes: list[ast.stmt]) -> int:
    return sum(1 for node in walk_local(nodes) if isinstance(node, ast.stmt))
