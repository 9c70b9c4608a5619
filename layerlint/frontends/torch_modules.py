"""Modules of the torch front end: local ``nn.Module`` classes, the model objects, ``self`` while
``__init__`` is followed, containers (Sequential, ModuleList, ModuleDict) and how their children
change, and the statement helpers the walk shares."""

from __future__ import annotations

import ast
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ..ir import (
    UNKNOWN,
    ArrayValue,
    Call,
    DataCall,
    ModelIR,
    TorchModule,
    TorchSequential,
    TorchUnmodelled,
)
from .scopes import child_nodes, kept_on, walk
from .torch_values import Layered, Pairs, Ref

if TYPE_CHECKING:
    from .torch_events import TorchExtractor

CONTAINERS = ("ModuleList", "ModuleDict")
# Methods that change a container's children (torch.nn.Sequential / ModuleList / ModuleDict).
STRUCTURAL = {"append", "extend", "insert", "add_module", "register_module", "update", "pop",
               "clear", "__setitem__", "__delitem__"}

@dataclass
class LocalClass:
    node: ast.ClassDef
    base: Any  # Ref("torch.nn.Module") or a LocalClass


@dataclass
class Model:
    """A model object at top level: its IR and its root module. ``scope``: the function whose
    body created it (read once where it is defined), None at top level."""

    ir: ModelIR
    root: Any
    scope: ast.FunctionDef | None = None


@dataclass
class LocalFunction:
    """A function of the file (``def make_model(n): return nn.Sequential(...)``): followed where
    it is called, its body run with the call's arguments."""

    node: ast.FunctionDef


@dataclass
class SelfView:
    """``self`` while ``__init__`` and the methods it calls are followed: children, plain
    attributes and the class's methods (``self._make_layer(...)``)."""

    cls: LocalClass
    state: SelfState


@dataclass
class BoundMethod:
    view: SelfView
    node: ast.FunctionDef


@dataclass
class SelfState:
    """``self`` while following ``__init__``: registered modules and plain attributes."""

    children: list[tuple[str, Any]] = field(default_factory=list)
    attrs: dict[str, Any] = field(default_factory=dict)

    def set(self, name: str, value: Any, is_module: bool) -> None:
        if is_module:
            for i, (child, _) in enumerate(self.children):
                if child == name:  # torch keeps the first registration's position
                    self.children[i] = (name, value)
                    return
            self.children.append((name, value))
            self.attrs.pop(name, None)
        else:
            self.children = [(n, v) for n, v in self.children if n != name]
            self.attrs[name] = value


def is_module(value: Any) -> bool:
    return isinstance(value, (Call, TorchSequential, TorchModule, TorchUnmodelled))


def is_container(value: Any) -> bool:
    """A module holding children by position or key: Sequential, ModuleList, ModuleDict."""
    return isinstance(value, TorchSequential) or (
        isinstance(value, TorchModule) and value.class_name in CONTAINERS)


def add_call(model: Model, call: DataCall) -> None:
    """A forward pass, once per place and input (an unrolled loop repeats the same one)."""
    if call not in model.ir.events:
        model.ir.events.append(call)


def kind_of(container: Any) -> str:
    return container.class_name if isinstance(container, TorchModule) else "Sequential"


def replace_child(state: SelfState, path: str, value: Any) -> None:
    parent_path, _, name = path.rpartition(".")
    if not parent_path:
        state.set(name, value, True)
        return
    parent = child_at(state, parent_path)
    if parent is not None and hasattr(parent, "children"):
        _set_child(parent.children, name, value)


def container_changes(stmt: ast.stmt) -> list[tuple[str, ast.AST]]:
    """``(path, node)`` for each ``self.<path>.<structural method>(...)`` call and each
    ``self.<path>[key] = ...`` / ``del self.<path>[key]`` in ``stmt``."""
    out: list[tuple[str, ast.AST]] = []
    for node in walk(stmt):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and \
                node.func.attr in STRUCTURAL:
            path = self_path(node.func.value)
            if path is not None:
                out.append((path, node))
        elif isinstance(node, ast.Subscript) and isinstance(node.ctx, (ast.Store, ast.Del)):
            path = self_path(node.value)
            if path is not None:
                out.append((path, node))
    return out


def _unknown_contents(container: Any, span: Any, reason: str) -> None:
    """The container's children are no longer known (their order may have changed too)."""
    container.children[:] = [("0", TorchUnmodelled(None, span, reason, "LL903"))]



KEEPS_MODEL = ("to", "cuda", "cpu", "eval", "train", "float", "double", "requires_grad_")


@dataclass
class Same:
    value: Any


@dataclass
class ModelMethod:
    model: Model
    attr: str


@dataclass
class SeqMethod:

    seq: Any  # a TorchSequential, or a TorchModule ModuleList / ModuleDict
    attr: str

    def call(self, args: list[Any], uncertain: bool, span: Any) -> Any:
        children = self.seq.children
        if self.attr not in ("append", "add_module", "extend"):
            if self.attr in STRUCTURAL:  # insert, pop, ...: the order is not known any more
                _unknown_contents(self.seq, span, f".{self.attr}() changes the modules in a "
                                  "way layerlint does not follow")
            return UNKNOWN
        if uncertain:
            children.append((str(len(children)), TorchUnmodelled(
                None, span, f"a module added by .{self.attr}() in a loop or a condition",
                "LL903")))
            return UNKNOWN
        if self.attr == "append" and len(args) == 1:
            children.append((str(len(children)), self.module(args[0], span)))
        elif self.attr == "add_module" and len(args) == 2 and isinstance(args[0], str):
            _set_child(children, args[0], self.module(args[1], span))
        elif self.attr == "extend" and len(args) == 1 and isinstance(args[0], (list, tuple)):
            for item in args[0]:
                children.append((str(len(children)), self.module(item, span)))
        else:
            children.append((str(len(children)), TorchUnmodelled(
                None, span, f"a module added by .{self.attr}() layerlint could not evaluate",
                "LL903")))
        return None


    def module(self, value: Any, span: Any) -> Any:
        """The module added; a value layerlint could not evaluate is unmodelled, so that
        the replay says where it stopped."""
        module = _as_module(value)
        if module is UNKNOWN:
            return TorchUnmodelled(None, span, f"a module added by .{self.attr}() that "
                                   "layerlint could not evaluate")
        return module


def _set_child(children: list[tuple[str, Any]], name: str, module: Any) -> None:
    """Register ``name`` as torch does: a new name goes last, a known one keeps its place."""
    for i, (child, _) in enumerate(children):
        if child == name:
            children[i] = (name, module)
            return
    children.append((name, module))


@dataclass
class TensorMethod:
    tensor: ArrayValue
    attr: str


@dataclass
class ListMethod:
    target: list
    attr: str



def child_at(state: SelfState, path: str) -> Any:
    node: Any = TorchModule("", state.children, None)  # type: ignore[arg-type]
    for part in path.split("."):
        children = getattr(node, "children", None)
        if children is None:
            return None
        found = dict(children).get(part)
        if found is None:
            return None
        node = found
    return node



def descendants(root: Any) -> list[Any]:
    out: list[Any] = []
    for _, child in getattr(root, "children", []):
        out.append(child)
        out.extend(descendants(child))
    return out


def is_called(ir: ModelIR) -> bool:
    return any(isinstance(e, DataCall) for e in ir.events)


def is_module_class(base: Any) -> bool:
    if isinstance(base, LocalClass):
        return True
    return isinstance(base, Ref) and base.dotted in ("torch.nn.Module", "torch.nn.modules.Module")


def method_of(cls: LocalClass, name: str) -> ast.FunctionDef | None:
    for stmt in cls.node.body:
        if isinstance(stmt, ast.FunctionDef) and stmt.name == name:
            return stmt
    if isinstance(cls.base, LocalClass):
        return method_of(cls.base, name)
    return None


def bind_params(fn: ast.FunctionDef, args: list[Any], kwargs: dict[str, Any],
                 module_env: dict[str, Any], method: bool = True) -> dict[str, Any] | None:
    """The parameters' values (``self`` left out of a method's); None when the call does not
    match."""
    params = fn.args.posonlyargs + fn.args.args
    names = [p.arg for p in params][1 if method else 0:]
    defaults = fn.args.defaults
    env: dict[str, Any] = Layered({}, module_env)
    if len(args) > len(names) and not fn.args.vararg:
        return None
    for name, value in zip(names, args):
        env[name] = value
    offset = len(names) - len(defaults)
    for i, name in enumerate(names):
        if name in kwargs:
            env[name] = kwargs[name]
        elif name not in env or not dict.__contains__(env, name):
            if i >= offset:
                default = defaults[i - offset]
                try:
                    env[name] = ast.literal_eval(default)
                except ValueError:
                    env[name] = UNKNOWN
            else:
                env[name] = UNKNOWN
    for arg, default in zip(fn.args.kwonlyargs, fn.args.kw_defaults):
        if arg.arg in kwargs:
            env[arg.arg] = kwargs[arg.arg]
        else:
            try:
                env[arg.arg] = ast.literal_eval(default) if default is not None else UNKNOWN
            except ValueError:
                env[arg.arg] = UNKNOWN
    if fn.args.vararg:
        env[fn.args.vararg.arg] = UNKNOWN
    if fn.args.kwarg:
        env[fn.args.kwarg.arg] = UNKNOWN
    return env


def self_attr(node: ast.AST) -> str | None:
    if (isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name)
            and node.value.id == "self"):
        return node.attr
    return None


def self_path(node: ast.AST) -> str | None:
    """``self.a.b`` -> ``"a.b"``."""
    parts: list[str] = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if isinstance(node, ast.Name) and node.id == "self" and parts:
        return ".".join(reversed(parts))
    return None


def is_self_call(call: ast.Call, method: str) -> bool:
    return isinstance(call.func, ast.Attribute) and call.func.attr == method and isinstance(
        call.func.value, ast.Name) and call.func.value.id == "self"


def is_setattr_self(call: ast.Call) -> bool:
    return (isinstance(call.func, ast.Name) and call.func.id == "setattr" and len(call.args) == 3
            and not call.keywords and isinstance(call.args[0], ast.Name)
            and call.args[0].id == "self")


def is_super_init(call: ast.expr) -> bool:
    return (isinstance(call, ast.Call) and isinstance(call.func, ast.Attribute)
            and call.func.attr == "__init__" and isinstance(call.func.value, ast.Call)
            and isinstance(call.func.value.func, ast.Name) and call.func.value.func.id == "super")


def creates_module(node: ast.expr, env: dict[str, Any], x: TorchExtractor) -> bool:
    """An unknown value from calling something in torch.nn or a local class is a module."""
    if not isinstance(node, ast.Call):
        return False
    func = x.eval(node.func, env)
    return isinstance(func, LocalClass) or (
        isinstance(func, Ref) and func.dotted.startswith("torch.nn.")
        and func.dotted.rsplit(".", 1)[-1][:1].isupper())


FELL_THROUGH = object()  # a function body ended without a return


def returns(stmt: ast.stmt) -> bool:
    """A ``return`` inside ``stmt`` (not in a nested function or class)."""
    if isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
        return False
    if isinstance(stmt, ast.Return):
        return True
    return any(returns(child) for child in child_nodes(stmt)
               if isinstance(child, ast.stmt))


def assigns_self(stmt: ast.AST) -> bool:
    for node in walk(stmt):
        if isinstance(node, (ast.Assign, ast.AugAssign, ast.AnnAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            if any(self_attr(t) is not None for t in targets):
                return True
        if isinstance(node, ast.Call) and (
            is_self_call(node, "add_module") or is_self_call(node, "register_module")
            or (isinstance(node.func, ast.Name) and node.func.id == "setattr")
        ):
            return True
    return False


def _mutated(stmt: ast.stmt) -> frozenset[str]:
    """Names whose object a block may change (``layers.append(...)``)."""
    return kept_on(stmt, "_layerlint_mutated", lambda: _stored_and_mutated(stmt)[1])


def _stored_and_mutated(node: ast.AST) -> tuple[frozenset[str], frozenset[str]]:
    """``_stored`` and ``_mutated`` of ``node`` from one walk (``forget`` needs both), kept."""
    stored: list[str] = []  # in the walk's order, as the sets were always built (the same
    mutated: list[str] = []  # iteration order)
    for sub in walk(node):
        if isinstance(sub, ast.Name):
            if isinstance(sub.ctx, (ast.Store, ast.Del)):
                stored.append(sub.id)
        elif isinstance(sub, ast.Call) and isinstance(sub.func, ast.Attribute) and isinstance(
                sub.func.value, ast.Name) and sub.func.attr not in READS_MODULES:
            mutated.append(sub.func.value.id)
    both = frozenset(stored), frozenset(mutated)
    node.__dict__.setdefault("_layerlint_stored", both[0])
    node.__dict__.setdefault("_layerlint_mutated", both[1])
    return both


# A module's methods that only read its tree (``for p in model.parameters(): ...``).
# ``zero_grad`` / ``train`` / ``eval`` change gradients and the mode, not the tree (the mode:
# torch_training.py).
READS_MODULES = {"parameters", "named_parameters", "buffers", "named_buffers", "children",
                 "named_children", "modules", "named_modules", "state_dict", "zero_grad",
                 "train", "eval"}


def forget(stmt: ast.stmt, env: dict[str, Any]) -> None:
    """After a block run an unknown number of times: what it assigns or may change is
    unknown. Calling ``nn.Linear`` or ``torch.randn`` changes no imported module or class."""
    if "_layerlint_stored" not in stmt.__dict__ or "_layerlint_mutated" not in stmt.__dict__:
        _stored_and_mutated(stmt)
    stored = _stored(stmt)
    for name in stored:
        env[name] = UNKNOWN
    for name in _mutated(stmt) - stored:
        try:
            current = env[name]  # a function's locals fall through to the module (Layered)
        except KeyError:
            current = None
        if not isinstance(current, (Ref, LocalClass, LocalFunction, SelfView)):
            env[name] = UNKNOWN


def _stored(node: ast.AST) -> frozenset[str]:
    return kept_on(node, "_layerlint_stored", lambda: frozenset(
        sub.id for sub in walk(node)
        if isinstance(sub, ast.Name) and isinstance(sub.ctx, (ast.Store, ast.Del))))


def assigned_names(node: ast.AST) -> set[str]:
    names: set[str] = set()
    for sub in walk(node):
        if isinstance(sub, ast.Name) and isinstance(sub.ctx, (ast.Store, ast.Del)):
            names.add(sub.id)
    if isinstance(node, ast.stmt):
        names |= _mutated(node)
    return names


def stmt_blocks(stmt: ast.stmt) -> list[list[ast.stmt]]:
    blocks = [getattr(stmt, "body", []), getattr(stmt, "orelse", [])]
    if isinstance(stmt, ast.Try):
        blocks += [h.body for h in stmt.handlers] + [stmt.finalbody]
    return blocks


def is_main_guard(test: ast.expr) -> bool:
    return (isinstance(test, ast.Compare) and isinstance(test.left, ast.Name)
            and test.left.id == "__name__")



def _as_module(value: Any) -> Any:
    return value.root if isinstance(value, Model) else (value if is_module(value) else UNKNOWN)


def sequential(args: list[Any], kwargs: dict[str, Any], span: Any) -> Any:
    if kwargs:
        return UNKNOWN
    if len(args) == 1 and isinstance(args[0], Pairs):
        children = []
        for name, module in args[0].items:
            if not isinstance(name, str):
                return UNKNOWN
            children.append((name, _as_module(module)))
        return TorchSequential(children, span)
    return TorchSequential([(str(i), _as_module(m)) for i, m in enumerate(args)], span)
