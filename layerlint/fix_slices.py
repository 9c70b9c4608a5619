"""The smallest part of a file that decides whether a candidate fix works (fixes.verify).

Re-analysing the whole file for every candidate fix costs (models)² in a file of many models.
A fix edits a few top-level statements; only the statements that may see the edit (those
reading or changing a name the edited statements change, transitively) and the statements they
need (their names' definitions, transitively) can analyse differently. That slice, analysed
before and after the edit, decides the fix: every verification test compares counts of findings
and models before and after, and the statements outside the slice add the same to both sides.

The name dependencies are conservative (flow-insensitive aliasing, any call may change its
arguments, a function changes every name its body may change), so a slice holds at least what
matters. A file that reaches names by other means (``globals()``, ``exec``, star imports), an
edit outside the statements or a slice that is not much smaller than the file is verified on
the whole file, as before.
"""

from __future__ import annotations

import ast
import bisect
import re
from dataclasses import dataclass, field, replace

from .diagnostics import Edit

# Small files are verified whole: slicing pays off only with many statements.
MIN_UNITS = 40
# A slice of more than this share of the file is not worth its extra analysis.
MAX_SHARE = 0.5
# Calls that never change their arguments (the data given to fit, what print shows).
PURE_METHODS = frozenset({
    "fit", "evaluate", "predict", "train_on_batch", "test_on_batch", "predict_on_batch",
    "fit_generator", "evaluate_generator", "predict_generator", "summary", "compile",
    "count_params", "get_config", "save", "save_weights", "to_json",
})
PURE_FUNCTIONS = frozenset({"print", "len", "isinstance", "type", "repr", "str", "id", "range"})
# Names through which code reaches variables by name: no slice is trusted.
# Modules whose functions called for their effect never change what layerlint analyses.
QUIET_MODULES = frozenset({"logging", "plt", "warnings"})
REFLECTIVE = frozenset({"globals", "locals", "vars", "exec", "eval", "__import__", "setattr",
                        "getattr", "delattr", "__builtins__", "__dict__"})


_WORD = re.compile(r"\w+")


class NoSlice(Exception):
    """The file (or this edit) must be verified on the whole file."""


@dataclass
class Unit:
    """Top-level statements on a run of lines (statements sharing a line are one unit)."""

    first: int  # 1-based lines, inclusive
    last: int
    nodes: list[ast.stmt] = field(default_factory=list)
    stores: set[str] = field(default_factory=set)
    changes: set[str] = field(default_factory=set)  # names it may change (stores included)
    loads: set[str] = field(default_factory=set)  # names it reads now
    later: set[str] = field(default_factory=set)  # names its function bodies read when called
    returns: set[str] = field(default_factory=set)  # names its functions may return
    # the root of each call made as a statement (``keras.config.set_floatx(...)``), its
    # functions' bodies included; None when the callee has no variable at its base
    effect_roots: list[str | None] = field(default_factory=list)
    barrier: bool = False  # changes what no name says (a module's global setting)


class _Names(ast.NodeVisitor):
    """Collects what one statement reads, stores, may change and aliases."""

    def __init__(self, unit: Unit, aliases: _Aliases, deferred: bool = False) -> None:
        self.unit, self.aliases, self.deferred = unit, aliases, deferred
        self.pure_depth = 0

    def visit_Name(self, node: ast.Name) -> None:
        if node.id in REFLECTIVE:
            raise NoSlice(node.id)
        target = self.unit.later if self.deferred else self.unit.loads
        if isinstance(node.ctx, ast.Load):
            target.add(node.id)
        else:
            self.unit.changes.add(node.id)
            if not self.deferred:
                self.unit.stores.add(node.id)

    def _deferred(self, node: ast.AST, name: str | None) -> None:
        if name is not None:
            self.unit.changes.add(name)
            if not self.deferred:
                self.unit.stores.add(name)
        inner = _Names(self.unit, self.aliases, deferred=True)
        for child in ast.iter_child_nodes(node):
            inner.visit(child)

    def visit_FunctionDef(self, node: ast.FunctionDef | ast.AsyncFunctionDef) -> None:
        self._deferred(node, node.name)

    visit_AsyncFunctionDef = visit_FunctionDef  # type: ignore[assignment]

    def visit_ClassDef(self, node: ast.ClassDef) -> None:
        later = set(self.unit.later)
        self._deferred(node, node.name)
        self.unit.returns |= self.unit.later - later  # an instance may keep any of them

    def visit_Lambda(self, node: ast.Lambda) -> None:
        self._deferred(node, None)

    def visit_Expr(self, node: ast.Expr) -> None:
        if isinstance(node.value, ast.Call):
            self.unit.effect_roots.append(_root(node.value.func))
        self.generic_visit(node)

    def visit_Import(self, node: ast.Import | ast.ImportFrom) -> None:
        for alias in node.names:
            if alias.name == "*":
                raise NoSlice("star import")
            name = alias.asname or alias.name.split(".")[0]
            self.aliases.imported.add(name)
            self.unit.changes.add(name)
            if not self.deferred:
                self.unit.stores.add(name)

    visit_ImportFrom = visit_Import  # type: ignore[assignment]

    def visit_Return(self, node: ast.Return | ast.Yield) -> None:
        if node.value is not None:
            self.unit.returns.update(_aliased(node.value))
        self.generic_visit(node)

    visit_Yield = visit_Return  # type: ignore[assignment]

    def visit_Global(self, node: ast.Global | ast.Nonlocal) -> None:
        self.unit.changes.update(node.names)

    visit_Nonlocal = visit_Global  # type: ignore[assignment]

    def visit_Call(self, node: ast.Call) -> None:
        func = node.func
        pure = ((isinstance(func, ast.Attribute) and func.attr in PURE_METHODS)
                or (isinstance(func, ast.Name) and func.id in PURE_FUNCTIONS))
        root = _root(func)
        if root is not None and isinstance(func, ast.Attribute):  # a method may change its receiver
            self.unit.changes.add(root)
        self.visit(func)
        for arg in [*node.args, *(k.value for k in node.keywords)]:
            if not pure:
                self.unit.changes.update(_escaping(arg))
            self.visit(arg)

    def visit_Assign(self, node: ast.Assign | ast.AugAssign | ast.AnnAssign) -> None:
        targets = node.targets if isinstance(node, ast.Assign) else [node.target]
        value = node.value
        for target in targets:
            root = _root(target)
            if root is not None and not isinstance(target, ast.Name):
                self.unit.changes.add(root)  # x[0] = ..., x.attr = ...
            if value is not None:
                for name in _target_names(target):
                    self.aliases.join(name, _aliased(value))
            self.visit(target)
        if value is not None:
            self.visit(value)
        if isinstance(node, ast.AugAssign) and isinstance(node.target, ast.Name):
            self.unit.loads.add(node.target.id)

    visit_AugAssign = visit_Assign  # type: ignore[assignment]
    visit_AnnAssign = visit_Assign  # type: ignore[assignment]

    def visit_Delete(self, node: ast.Delete) -> None:
        for target in node.targets:
            root = _root(target)
            if root is not None:
                self.unit.changes.add(root)
        self.generic_visit(node)


def _root(node: ast.AST) -> str | None:
    """The variable at the base of ``a.b[c].d(...)``."""
    while isinstance(node, (ast.Attribute, ast.Subscript, ast.Call, ast.Starred)):
        node = node.func if isinstance(node, ast.Call) else node.value
    return node.id if isinstance(node, ast.Name) else None


def _target_names(target: ast.AST) -> list[str]:
    return [n.id for n in ast.walk(target) if isinstance(n, ast.Name)]


def _escaping(arg: ast.AST) -> set[str]:
    """Names a call receives as objects (not only a value computed from them): ``x``,
    ``[x, y]``, ``x[0]``, ``x.layers`` — the callee may change them."""
    found: set[str] = set()
    stack = [arg]
    while stack:
        node = stack.pop()
        if isinstance(node, ast.Name):
            found.add(node.id)
        elif isinstance(node, (ast.List, ast.Tuple, ast.Set, ast.Starred)):
            stack.extend(node.elts if not isinstance(node, ast.Starred) else [node.value])
        elif isinstance(node, ast.Dict):
            stack.extend(v for v in node.values if v is not None)
        elif isinstance(node, (ast.Attribute, ast.Subscript)):
            stack.append(node.value)
        elif isinstance(node, ast.IfExp):
            stack.extend((node.body, node.orelse))
        elif isinstance(node, (ast.Call, ast.ListComp, ast.GeneratorExp, ast.DictComp,
                               ast.SetComp, ast.NamedExpr)):
            found.update(n.id for n in ast.walk(node) if isinstance(n, ast.Name))
    return found


def _aliased(value: ast.AST) -> set[str]:
    """Every name the assigned value may share an object with (all of them, but for the data
    handed to calls that never keep it)."""
    found: set[str] = set()
    stack = [value]
    while stack:
        node = stack.pop()
        if isinstance(node, ast.Name):
            found.add(node.id)
            continue
        if isinstance(node, ast.Call):
            func = node.func
            pure = ((isinstance(func, ast.Attribute) and func.attr in PURE_METHODS)
                    or (isinstance(func, ast.Name) and func.id in PURE_FUNCTIONS))
            stack.append(func)
            if not pure:
                stack.extend(node.args)
                stack.extend(k.value for k in node.keywords)
            continue
        stack.extend(ast.iter_child_nodes(node))
    return found


class _Aliases:
    """Names that may share an object, merged for the whole file (union-find)."""

    def __init__(self) -> None:
        self.parent: dict[str, str] = {}
        self.imported: set[str] = set()

    def find(self, name: str) -> str:
        parent = self.parent
        root = name
        while parent.get(root, root) != root:
            root = parent[root]
        while parent.get(name, name) != root:
            parent[name], name = root, parent[name]
        return root

    def join(self, name: str, others: set[str]) -> None:
        if name in self.imported:
            return
        for other in others - self.imported:  # modules: shared by everything, changed by none
            a, b = self.find(name), self.find(other)
            if a != b:
                self.parent[a] = b


class FileSlices:
    """The dependency graph of a file's top-level statements, built once per file."""

    def __init__(self, tree: ast.Module, line_count: int) -> None:
        self.units = _units(tree)
        if len(self.units) < MIN_UNITS:
            raise NoSlice("small file")
        self.aliases = _Aliases()
        for unit in self.units:
            visitor = _Names(unit, self.aliases)
            for node in unit.nodes:
                visitor.visit(node)
        for unit in self.units:
            unit.barrier = _effect_call(unit.effect_roots, self.aliases.imported)
        self._functions()
        self._link()
        self.unit_of_line = [-1] * (line_count + 2)
        for index, unit in enumerate(self.units):
            for line in range(unit.first, min(unit.last, line_count + 1) + 1):
                self.unit_of_line[line] = index

    def _functions(self) -> None:
        """What calling a function or class of the file may change and read: its body's
        names, and those of the functions it calls, transitively."""
        defined = {}
        for index, unit in enumerate(self.units):
            for node in unit.nodes:
                if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                    defined.setdefault(node.name, []).append(index)
        reach: dict[str, set[str]] = {}
        for name in defined:  # names reachable from the function, by calls
            seen, stack = {name}, [name]
            while stack:
                for index in defined[stack.pop()]:
                    for inner in self.units[index].later | self.units[index].changes:
                        if inner in defined and inner not in seen:
                            seen.add(inner)
                            stack.append(inner)
            reach[name] = seen
        for unit in self.units:
            for called in list(unit.loads & defined.keys()):
                for function in reach[called]:
                    for index in defined[function]:
                        body = self.units[index]
                        unit.changes |= body.changes
                        unit.later |= body.later
                        for name in unit.stores:  # it may return one of the file's objects
                            self.aliases.join(name, body.returns)
                        unit.barrier |= body.barrier

    def _link(self) -> None:
        """Edges: a statement needs the last statement that changed each name (class of
        aliases) it reads or changes; a function body needs every statement that changes a
        name it reads. Import-bound names never change by being used."""
        find, imported = self.aliases.find, self.aliases.imported
        last: dict[str, int] = {}
        self.changers: dict[str, list[int]] = {}
        changers = self.changers
        self.needs: list[set[int]] = []
        self.needed_by: list[list[int]] = [[] for _ in self.units]
        deferred: list[tuple[int, set[str]]] = []
        self.barriers: list[int] = []
        for index, unit in enumerate(self.units):
            changed = {find(n) for n in unit.changes
                       if n not in imported or n in unit.stores}
            read = {find(n) for n in unit.loads} | changed
            needs = {last[c] for c in read if c in last}
            self.needs.append(needs)
            for c in changed:
                last[c] = index
                changers.setdefault(c, []).append(index)
            if unit.later:
                deferred.append((index, {find(n) for n in unit.later}))
            if unit.barrier:
                self.barriers.append(index)
        for index, names in deferred:
            for c in names:
                self.needs[index].update(changers.get(c, ()))
        for index, needs in enumerate(self.needs):
            needs.discard(index)
            for need in needs:
                self.needed_by[need].append(index)

    def units_for(self, edits: list[Edit]) -> list[int]:
        """The units the edits touch; NoSlice if an edit is outside every statement."""
        touched: set[int] = set()
        for edit in edits:
            lo, hi = edit.line, max(edit.end_line, edit.line)
            if hi >= len(self.unit_of_line) or self.unit_of_line[lo] < 0:
                raise NoSlice("edit outside the statements")
            first, last = self.unit_of_line[lo], self.unit_of_line[hi]
            if last < 0:
                raise NoSlice("edit outside the statements")
            touched.update(range(first, last + 1))
        return sorted(touched)

    def slice_of(self, touched: list[int], extra_names: set[str] = frozenset()) -> list[int]:
        """The touched units, every unit that may see them, and everything those need."""
        seen = set(touched)
        stack = list(touched)
        while stack:  # forward: what may analyse differently
            for later in self.needed_by[stack.pop()]:
                if later not in seen:
                    seen.add(later)
                    stack.append(later)
        find = self.aliases.find
        wanted = {find(n) for n in extra_names}
        first = min(touched)
        for c in wanted:  # names the edit writes: their last definition before it
            changers = self.changers.get(c, [])
            before = bisect.bisect_left(changers, first)
            if before:
                seen.add(changers[before - 1])
        backward = set(seen) | set(self.barriers)
        stack = list(backward)
        while stack:  # backward: what they need
            for need in self.needs[stack.pop()]:
                if need not in backward:
                    backward.add(need)
                    stack.append(need)
        if len(backward) > MAX_SHARE * len(self.units):
            raise NoSlice("slice too large")
        return sorted(backward)


def _units(tree: ast.Module) -> list[Unit]:
    units: list[Unit] = []
    for node in tree.body:
        first = min([node.lineno] + [d.lineno for d in getattr(node, "decorator_list", [])])
        last = node.end_lineno or node.lineno
        if units and first <= units[-1].last:
            units[-1].last = max(units[-1].last, last)
            units[-1].nodes.append(node)
        else:
            units.append(Unit(first, last, [node]))
    return units


def _effect_call(roots: list[str | None], imported: set[str]) -> bool:
    """Whether the calls made as statements (``roots``: their callees' base variables, the
    names visitor collects them) include one of a module's functions, called for its effect
    (``keras.config.set_floatx``, ``torch.set_default_dtype``): it may change how everything
    after it is analysed."""
    return any(root not in QUIET_MODULES and (root is None or root in imported)
               for root in roots)


def slice_text(source_lines: list[str], units: list[Unit], chosen: list[int],
               packed: bool = True) -> tuple[str, dict[int, int]]:
    """The chosen units in file order, and how many lines each moved up. ``packed``: one after
    another — a slice is judged on counts of findings and models, never on lines, and the
    statements keep their order (sizes named by line, ``train@7``, stay distinct and in order),
    while padding every unit to its own line cost each re-check of a slice near the end of a
    long file a scan of all the lines before it. Else at their own lines, blank lines between."""
    parts: list[str] = []
    shifts: dict[int, int] = {}
    line = 1
    for index in chosen:
        unit = units[index]
        if not packed:
            parts.append("\n" * (unit.first - line))
            line = unit.first
        shifts[index] = unit.first - line
        text = "".join(source_lines[unit.first - 1:unit.last])
        parts.append(text if text.endswith(("\n", "\r")) else text + "\n")
        line += unit.last - unit.first + 1
    return "".join(parts), shifts


def moved_edits(edits: list[Edit], unit_of_line: list[int],
                shifts: dict[int, int]) -> list[Edit] | None:
    """The edits at their lines in a packed slice (``slice_text``); None when one spans units
    that moved by different amounts (lines between them that the slice leaves out)."""
    moved = []
    for edit in edits:
        shift = shifts[unit_of_line[edit.line]]
        if shifts[unit_of_line[max(edit.end_line, edit.line)]] != shift:
            return None
        moved.append(replace(edit, line=edit.line - shift, end_line=edit.end_line - shift))
    return moved


def names_in(edits: list[Edit]) -> set[str]:
    """Every word the edits write that could be a name (more than the names: harmless)."""
    return {word for edit in edits for word in _WORD.findall(edit.text) if word.isidentifier()}
