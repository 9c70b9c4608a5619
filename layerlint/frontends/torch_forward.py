"""A module's ``forward`` as TorchOps: straight-line code, loops over containers and constant
ranges unrolled; anything else stops it with the statement and why (an LL903 note)."""

from __future__ import annotations

import ast
import itertools
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..ir import UNKNOWN, OpOperand, TensorDim, TorchModule, TorchOp, UnknownNumber
from .scopes import count_statements, walk
from .torch_modules import (
    LocalClass,
    SelfState,
    child_at,
    is_container,
    method_of,
    returns,
    self_attr,
    self_path,
)
from .torch_values import MAX_UNROLL, Ref, arith, is_number, plain_range, python_number

if TYPE_CHECKING:
    from .torch_events import TorchExtractor

INPUT = "<input>"
MAX_FORWARD_OPS = 2_000  # steps of one forward, unrolled loops included
MAX_INLINED = 8  # helper methods followed inside one another

class ForwardBuilder:
    """Turns a straight-line ``forward`` into TorchOps; None when it is not straight-line."""

    def __init__(self, extractor: TorchExtractor, state: SelfState, node: ast.FunctionDef,
                 cls: LocalClass | None = None) -> None:
        self.x = extractor
        self.state = state
        self.node = node
        self.cls = cls  # whose helper methods (``self._features(x)``) are followed inline
        self.inlined = 0  # helper methods being followed, nested
        self.ops: list[TorchOp] = []
        self.tensors: dict[str, str] = {}  # python name -> op variable
        self.consts: dict[str, Any] = {}
        self.counter = itertools.count()
        # Where and why the forward is not followed (for the LL903 note).
        self.stopped: tuple[Any, str] | None = None

    def stop(self, node: ast.AST, why: str) -> None:
        self.stopped = (self.x.smap.span(node), why)

    def build(self) -> tuple[list[TorchOp], str] | None:
        params = [a.arg for a in self.node.args.posonlyargs + self.node.args.args][1:]
        if len(params) < 1 or self.node.args.vararg:
            self.stop(self.node, "it takes *args or no input")
            return None
        self.tensors[params[0]] = INPUT
        for name in params[1:]:
            self.consts[name] = UNKNOWN
        try:
            for stmt in self.node.body:
                if isinstance(stmt, ast.Return):
                    out = self.conv(stmt.value) if stmt.value is not None else None
                    if isinstance(out, str):
                        return self.ops, out
                    self.stop(stmt, "it returns several values or no tensor")
                    return None
                if not self.statement(stmt):
                    return None
        except _Stopped:
            return None
        self.stop(self.node, "it has no return statement")
        return None

    def inline(self, method: ast.FunctionDef, node: ast.Call, args: list[Any],
               kwargs: dict[str, Any]) -> Any:
        """``self._features(x)``: the helper's statements followed in place, its parameters
        bound to the call's tensors and values; its value is what it returns."""
        spec = method.args
        params = [a.arg for a in spec.posonlyargs + spec.args][1:]
        if spec.vararg or spec.kwarg or spec.kwonlyargs or len(args) > len(params) or \
                not set(kwargs) <= set(params[len(args):]) or self.inlined >= MAX_INLINED:
            self.stop(node, f"a call of self.{method.name}() layerlint cannot follow")
            raise _Stopped
        defaults = dict(zip(params[len(params) - len(spec.defaults):], spec.defaults))
        outer = self.tensors, self.consts
        self.tensors, self.consts = {}, {}
        self.inlined += 1
        try:
            for i, name in enumerate(params):
                value = args[i] if i < len(args) else kwargs.get(name)
                if value is None and name not in kwargs:
                    if name not in defaults:
                        self.stop(node, f"a call of self.{method.name}() without all its "
                                  "arguments")
                        raise _Stopped
                    value = _Plain(self.x.eval(defaults[name], self.x.module_env))
                if isinstance(value, _TensorList):
                    self.stop(node, f"a list of tensors passed to self.{method.name}()")
                    raise _Stopped
                self.assign(ast.Name(name), value if isinstance(value, str) else _unwrap(value),
                            node)
            for stmt in method.body:
                if isinstance(stmt, ast.Return):
                    return self.conv(stmt.value) if stmt.value is not None else _Plain(None)
                if returns(stmt) or not self.statement(stmt):
                    if returns(stmt):
                        self.stop(stmt, f"a return inside a block of self.{method.name}()")
                    raise _Stopped
            return _Plain(None)
        finally:
            self.inlined -= 1
            self.tensors, self.consts = outer

    def statement(self, stmt: ast.stmt) -> bool:
        """Follow one statement of the forward; False (with ``stopped`` set) if it cannot."""
        if isinstance(stmt, ast.Pass) or (isinstance(stmt, ast.Expr)
                                          and isinstance(stmt.value, ast.Constant)):
            return True
        if isinstance(stmt, (ast.Assign, ast.AnnAssign)) and stmt.value is not None:
            targets = stmt.targets if isinstance(stmt, ast.Assign) else [stmt.target]
            value = self.conv(stmt.value)
            for target in targets:
                if not self.assign(target, value, stmt.value):
                    self.stop(stmt, "an assignment layerlint cannot follow")
                    return False
            return True
        if isinstance(stmt, ast.AugAssign) and isinstance(stmt.target, ast.Name):
            left = self.conv(stmt.target)
            right = self.conv(stmt.value)
            value = self.binary(stmt, left, right)
            self.assign(stmt.target, value, stmt)
            return True
        if isinstance(stmt, ast.For):
            return self.loop(stmt)
        what = {ast.If: "an if statement", ast.While: "a while loop", ast.With: "a with block",
                ast.Try: "a try statement", ast.Return: "a return inside a loop"}.get(
                    type(stmt), f"a {type(stmt).__name__} statement")
        self.stop(stmt, what)
        return False

    def loop(self, stmt: ast.For) -> bool:
        """Unrolled, the body running once per value: ``for layer in self.<container>:`` (or
        ``.values()`` of a ModuleDict), ``layer`` naming each child in turn, or a loop over
        plain values (``for i in range(len(self.blocks)):``, a literal list)."""
        jumps = any(isinstance(n, (ast.Break, ast.Continue, ast.Return)) for n in walk(stmt))
        values = None if jumps or stmt.orelse or not _plain_target(stmt.target) \
            else self.loop_values(stmt.iter)
        if values is None or len(values) > MAX_UNROLL or \
                len(self.ops) + len(values) * count_statements(stmt.body) > MAX_FORWARD_OPS:
            self.stop(stmt, "a for loop other than `for layer in self.<ModuleList>` or over a "
                      "constant range")
            return False
        for value in values:
            if not self.bind_loop(stmt.target, value):
                self.stop(stmt, "a for loop whose variables do not match its values")
                return False
            for inner in stmt.body:
                if not self.statement(inner):
                    return False
        return True

    def bind_loop(self, target: ast.expr, value: Any) -> bool:
        if isinstance(target, ast.Name):
            self.consts[target.id] = value
            self.tensors.pop(target.id, None)
            return True
        items = value if isinstance(value, (tuple, list)) else ()
        elts = target.elts  # type: ignore[attr-defined]
        return len(items) == len(elts) and all(
            self.bind_loop(e, v) for e, v in zip(elts, items))

    def loop_values(self, node: ast.expr) -> list[Any] | None:
        """What a forward loop's variable takes: children of a container, or plain values;
        ``enumerate`` / ``zip`` of those."""
        container, path = self.looped_container(node)
        if container is not None:
            return [_ModuleRef(f"{path}.{child}") for child, _ in container.children]
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and \
                node.func.id in ("enumerate", "zip") and not node.keywords and node.args and \
                node.func.id not in self.x.module_env and node.func.id not in self.consts:
            parts = [self.loop_values(a) for a in node.args]
            if any(p is None for p in parts):
                return None
            if node.func.id == "enumerate":
                return list(enumerate(parts[0])) if len(parts) == 1 else None  # type: ignore
            return [tuple(items) for items in zip(*parts)]  # type: ignore[misc]
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and \
                node.func.id == "range" and not node.keywords and \
                "range" not in self.x.module_env and "range" not in self.consts:
            return plain_range([self.plain(a) for a in node.args])
        value = self.plain(node)
        if isinstance(value, (list, tuple)) and all(
                is_number(v) or isinstance(v, str) for v in value):
            return list(value)
        return None

    def length(self, node: ast.expr) -> Any:
        """``len(self.blocks)`` (a container's children) or ``len`` of a plain sequence."""
        path = self.module_path(node)
        if path is not None:
            container = child_at(self.state, path)
            return len(container.children) if is_container(container) else UNKNOWN
        value = self.plain(node)
        return len(value) if isinstance(value, (list, tuple, str)) else UNKNOWN

    def looped_container(self, node: ast.expr) -> tuple[Any, str]:
        values = isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and \
            node.func.attr == "values" and not node.args and not node.keywords
        path = self_path(node.func.value if values else node)  # type: ignore[union-attr]
        if path is None:
            return None, ""
        container = child_at(self.state, path)
        by_key = isinstance(container, TorchModule) and container.class_name == "ModuleDict"
        if not is_container(container) or by_key != values:
            return None, ""  # iterating a ModuleDict itself gives its keys
        return container, path

    def helper(self, func: ast.expr) -> ast.FunctionDef | None:
        """The class's own method ``func`` names (``self._features``), not a child module."""
        name = self_attr(func)
        if name is None or self.cls is None or name in dict(self.state.children) or \
                name in self.state.attrs or name in ("forward", "__init__"):
            return None
        return method_of(self.cls, name)

    def module_path(self, node: ast.expr) -> str | None:
        """The dotted path of the child module ``node`` names: ``self.a.b``, ``self.blocks[0]``,
        ``self.heads["out"]``, or a loop variable over a container."""
        if isinstance(node, ast.Name) and isinstance(self.consts.get(node.id), _ModuleRef):
            return self.consts[node.id].path
        if isinstance(node, ast.Subscript):
            base = self.module_path(node.value)
            container = child_at(self.state, base) if base is not None else None
            key = self.plain(node.slice)
            if not is_container(container) or isinstance(key, bool):
                return None
            names = [n for n, _ in container.children]
            if isinstance(container, TorchModule) and container.class_name == "ModuleDict":
                return f"{base}.{key}" if isinstance(key, str) and key in names else None
            if isinstance(key, int) and -len(names) <= key < len(names):
                return f"{base}.{names[key]}"
            return None
        return self_path(node)

    def assign(self, target: ast.expr, value: Any, node: ast.AST) -> bool:
        if isinstance(target, ast.Name):
            if isinstance(value, str):
                self.tensors[target.id] = value
                self.consts.pop(target.id, None)
            else:
                self.consts[target.id] = value
                self.tensors.pop(target.id, None)
            return True
        if isinstance(target, (ast.Tuple, ast.List)):
            if any(isinstance(e, ast.Starred) for e in target.elts):
                return False
            if isinstance(value, _TensorList) and value.pure and \
                    len(value.items) == len(target.elts):
                value = tuple(value.items)
            for i, elt in enumerate(target.elts):
                if isinstance(value, str):
                    item: Any = self.emit("getitem", "[]", (value,), node, (i,))
                elif isinstance(value, _Shape):  # b, n, d = x.shape
                    item = TensorDim(value.var, i)
                elif isinstance(value, tuple) and i < len(value):
                    item = value[i]
                else:
                    item = UNKNOWN
                if not self.assign(elt, item, node):
                    return False
            return True
        return self_attr(target) is not None and not isinstance(value, str)

    def emit(self, kind: str, target: str, inputs: tuple[str, ...], node: ast.AST,
             args: tuple = (), kwargs: dict | None = None, first_arg: int = 0,
             operand: ast.AST | None = None) -> str:
        """Append an op; for a call, ``first_arg`` is the position of its first plain
        argument (after the tensor), whose spans the op keeps."""
        out = f"%{next(self.counter)}"
        spans: dict[int | str, Any] = {}
        if operand is not None:  # a binary op's plain operand
            spans = {0: self.x.smap.span(operand)}
        if isinstance(node, ast.Call):
            spans = {i: self.x.smap.span(a) for i, a in enumerate(node.args[first_arg:])}
            spans.update({k.arg: self.x.smap.span(k.value) for k in node.keywords if k.arg})
        self.ops.append(TorchOp(out, kind, target, inputs, self.x.smap.span(node), args,
                                kwargs or {}, spans))
        return out

    def conv(self, node: ast.expr) -> Any:
        """A tensor variable name (str) for tensor expressions, else a plain value."""
        if isinstance(node, ast.Name):
            if node.id in self.tensors:
                return self.tensors[node.id]
            if node.id in self.consts:
                return _Plain(self.consts[node.id])
            return _Plain(self.x.lookup(node.id, self.x.module_env))
        if isinstance(node, ast.Constant):
            return _Plain(node.value)
        if isinstance(node, ast.Attribute):
            attr = self_attr(node)
            if attr is not None:
                return _Plain(self.state.attrs.get(attr, UNKNOWN))
            base = self.conv(node.value)
            if isinstance(base, str):
                if node.attr == "shape":
                    return _Shape(base)
                return _Plain(UNKNOWN)
            if isinstance(base, _Plain) and isinstance(base.value, Ref):
                return _Plain(Ref(f"{base.value.dotted}.{node.attr}"))
            return _Plain(UNKNOWN)
        if isinstance(node, ast.Subscript):
            base = self.conv(node.value)
            if isinstance(base, _Shape):
                index = self.plain(node.slice)
                return _Plain(TensorDim(base.var, index) if isinstance(index, int) else UNKNOWN)
            if isinstance(base, str):
                index = self.index(node.slice)
                if index is UNKNOWN:
                    return self.emit("unknown", "[]", (base,), node)
                return self.emit("getitem", "[]", (base,), node, (index,))
            return _Plain(UNKNOWN)
        if isinstance(node, (ast.Tuple, ast.List)):
            items = [self.conv(e) for e in node.elts]
            if any(isinstance(i, str) for i in items):
                return _TensorList([i for i in items if isinstance(i, str)],
                                   all(isinstance(i, str) for i in items))
            return _Plain(tuple(_unwrap(i) for i in items))
        if isinstance(node, ast.BinOp):
            return self.binary(node, self.conv(node.left), self.conv(node.right))
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
            inner = self.conv(node.operand)
            if isinstance(inner, str):
                return self.emit("function", "torch.neg", (inner,), node)
            value = _unwrap(inner)
            return _Plain(-value if is_number(value) else UNKNOWN)
        if isinstance(node, ast.Call):
            return self.call(node)
        return _Plain(UNKNOWN)

    def plain(self, node: ast.expr) -> Any:
        value = self.conv(node)
        return UNKNOWN if isinstance(value, (str, _TensorList)) else _unwrap(value)

    def binary(self, node: ast.AST, left: Any, right: Any) -> Any:
        tensors = tuple(v for v in (left, right) if isinstance(v, str))
        if not tensors:
            a, b = _unwrap(left), _unwrap(right)
            value = arith(node.op, a, b)  # type: ignore[attr-defined]
            if value is UNKNOWN and (isinstance(a, TensorDim) or isinstance(b, TensorDim)):
                # a size (``d = x.shape[-1]``) is an int whose value only the run knows
                value = arith(node.op, *(UnknownNumber("int") if isinstance(v, TensorDim)  # type: ignore[attr-defined]
                                         else v for v in (a, b)))
            return _Plain(value)
        others = tuple(_unwrap(v) for v in (left, right) if not isinstance(v, str))
        if any(isinstance(v, _TensorList) for v in (left, right)):
            return self.emit("unknown", "binary", tensors, node)
        operand = None
        if others:
            right = node.value if isinstance(node, ast.AugAssign) else node.right  # type: ignore[attr-defined]
            operand = right if isinstance(left, str) else getattr(node, "left", None)
        return self.emit("binary", type(node.op).__name__, tensors, node, others,  # type: ignore[attr-defined]
                         operand=operand)

    def index(self, node: ast.expr) -> Any:
        """A getitem index: ints, ``slice`` objects, Ellipsis, None, or a tuple of them."""
        parts = node.elts if isinstance(node, ast.Tuple) else [node]
        out: list[Any] = []
        for part in parts:
            if isinstance(part, ast.Slice):
                bounds = [self.plain(p) if p is not None else None
                          for p in (part.lower, part.upper, part.step)]
                if any(b is not None and not isinstance(b, int) for b in bounds):
                    return UNKNOWN
                out.append(slice(*bounds))
                continue
            value = self.plain(part)
            if value is Ellipsis or value is None or (isinstance(value, int)
                                                       and not isinstance(value, bool)):
                out.append(value)
            else:
                return UNKNOWN
        return tuple(out) if isinstance(node, ast.Tuple) else out[0]

    def call(self, node: ast.Call) -> Any:
        func = node.func
        args = [self.conv(a) if not isinstance(a, ast.Starred) else _Plain(UNKNOWN)
                for a in node.args]
        kwargs = {k.arg: self.conv(k.value) for k in node.keywords if k.arg}
        tensors = tuple(a for a in [*args, *kwargs.values()] if isinstance(a, str))
        unknown_args = any(isinstance(a, ast.Starred) for a in node.args) or any(
            k.arg is None for k in node.keywords)
        if isinstance(func, ast.Name) and func.id == "len" and len(node.args) == 1 and \
                not node.keywords and "len" not in self.x.module_env and "len" not in self.consts:
            return _Plain(self.length(node.args[0]))
        path = self.module_path(func)
        if path is not None and not unknown_args:
            module = child_at(self.state, path)
            if module is not None:
                if len(args) == 1 and isinstance(args[0], str) and not kwargs:
                    return self.emit("module", path, (args[0],), node)
                return self.emit("unknown", path, tensors, node)
        method = self.helper(func)
        if method is not None and not unknown_args:
            return self.inline(method, node, args, kwargs)
        if isinstance(func, ast.Attribute):
            base = self.conv(func.value)
            if isinstance(base, str):  # a tensor method
                if func.attr in ("size", "dim") or unknown_args:
                    if func.attr == "size" and len(args) == 1 and not kwargs:
                        axis = _unwrap(args[0])
                        return _Plain(TensorDim(base, axis) if isinstance(axis, int) else UNKNOWN)
                    if func.attr == "size" and not args:
                        return _Shape(base)
                    return _Plain(UNKNOWN)
                if any(isinstance(a, _TensorList) for a in [*args, *kwargs.values()]):
                    return self.emit("unknown", func.attr, (base, *tensors), node)
                inputs = [base]
                plain = tuple(_referenced(a, inputs) for a in args)
                named = {k: _referenced(v, inputs) for k, v in kwargs.items()}
                return self.emit("method", func.attr, tuple(inputs), node, plain, named)
        callee = self.conv(func) if isinstance(func, (ast.Attribute, ast.Name)) else None
        number = _number_function(func, callee, self.consts, self.x.module_env)
        if number is not None and not unknown_args and not kwargs:
            return _Plain(python_number(number, [_unwrap(a) for a in args]))
        if isinstance(callee, _Plain) and isinstance(callee.value, Ref) and not unknown_args:
            name = _function_name(callee.value.dotted)
            first = args[0] if args else None
            rest = [*args[1:], *kwargs.values()]
            if not any(isinstance(a, _TensorList) for a in rest) and (
                    isinstance(first, str) or isinstance(first, _TensorList) and first.pure):
                # tensors after the first argument are inputs too, referenced from the args
                inputs = list(first.items) if isinstance(first, _TensorList) else [first]
                plain = tuple(_referenced(a, inputs) for a in args[1:])
                named = {k: _referenced(v, inputs) for k, v in kwargs.items()}
                return self.emit("function", name, tuple(inputs), node, plain, named,
                                 first_arg=1)
        if tensors or any(isinstance(a, _TensorList) for a in args):
            listed = tuple(t for a in args if isinstance(a, _TensorList) for t in a.items)
            return self.emit("unknown", "call", tensors + listed, node)
        return _Plain(UNKNOWN)


class _Stopped(Exception):
    """A statement of an inlined helper cannot be followed (``stopped`` says which)."""


def _plain_target(target: ast.expr) -> bool:
    """A loop variable, or a tuple of them (``for i, block in enumerate(...)``)."""
    if isinstance(target, ast.Name):
        return True
    return isinstance(target, ast.Tuple) and all(_plain_target(e) for e in target.elts)


@dataclass
class _Plain:
    value: Any


@dataclass
class _ModuleRef:
    """A forward's loop variable standing for one child module."""

    path: str


@dataclass
class _Shape:
    var: str


@dataclass
class _TensorList:
    items: list[str]
    pure: bool


def _unwrap(value: Any) -> Any:
    if isinstance(value, _Plain):
        return value.value
    if isinstance(value, _Shape):
        return UNKNOWN
    if isinstance(value, (str, _TensorList)):
        return UNKNOWN
    return value


def _referenced(value: Any, inputs: list[str]) -> Any:
    """A plain argument value, or a OpOperand to a tensor argument appended to ``inputs``."""
    if isinstance(value, str):
        inputs.append(value)
        return OpOperand(len(inputs) - 1)
    return _unwrap(value)


def _number_function(func: ast.expr, callee: Any, consts: dict[str, Any],
                     module_env: dict[str, Any]) -> str | None:
    """``math.sqrt`` / ``float`` / ``int`` (not rebound): the name python_number takes."""
    if isinstance(func, ast.Name) and func.id in ("float", "int") and func.id not in consts \
            and func.id not in module_env:
        return func.id
    if isinstance(callee, _Plain) and isinstance(callee.value, Ref) and \
            callee.value.dotted.startswith("math."):
        return callee.value.dotted
    return None


def _function_name(dotted: str) -> str:
    for prefix in ("torch.nn.functional.", "torch.Tensor.", "torch."):
        if dotted.startswith(prefix):
            return ("F." if prefix == "torch.nn.functional." else "torch.") + dotted[len(prefix):]
    return dotted
