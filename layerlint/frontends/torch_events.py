"""PyTorch front end: ``nn.Sequential`` / ``nn.Module`` models and the tensors that reach them.

A small, separate walk of the module's statements (the Keras interpreter knows nothing of torch):

* imports give canonical names (``import torch.nn as nn``, ``from torch import nn``,
  ``from torch.nn import Linear``); in a snippet without imports, ``nn``, ``F`` and ``torch`` are
  taken as torch's own names when nothing else binds them;
* ``nn.Sequential`` with positional modules, an ``OrderedDict``, ``*list``, ``.append`` and
  ``.add_module`` becomes a :class:`~layerlint.ir.TorchSequential`; an ``nn.Module`` subclass
  becomes a :class:`~layerlint.ir.TorchModule` (its ``__init__`` followed with the call's
  arguments, its ``forward`` turned into :class:`~layerlint.ir.TorchOp` steps when it is
  straight-line code, with ``for m in self.<ModuleList>`` loops unrolled);
* ``nn.ModuleList`` (a list, a list comprehension over a literal range, plain ``.append``) and
  ``nn.ModuleDict`` (a dict literal, pairs) are TorchModules never called themselves, their
  children reached by loops, ``self.blocks[0]`` and ``self.heads["key"]``;
* tensors from ``torch.randn/rand/zeros/ones/empty/randint/tensor``, ``TensorDataset`` and
  ``DataLoader(batch_size=...)`` are ArrayValues; ``model(x)`` and torchinfo / torchsummary
  ``summary`` calls are DataCall events of the model (once per place and input). A tensor
  sized by a value layerlint could not evaluate is an ArrayValue of unknown shape whose
  ``origin`` is that value (the LL902 note points there);
* ``for`` loops over a constant ``range`` or plain list (with ``enumerate`` / ``zip``), without
  break/continue/return, are unrolled at top level, in functions and in ``__init__``, within the
  Keras interpreter's bound (interpreter.MAX_UNROLLED_STATEMENTS); an ``if`` whose test is plain
  and known runs only its branch. So ``layers.append(...)`` / ``layers += [...]`` then
  ``nn.Sequential(*layers)``, ``self.blocks.append`` and ``add_module(f"fc{i}", ...)`` /
  ``setattr`` in a loop are followed; in ``forward``, ``for i in range(len(self.blocks))`` too.
  Other loops and conditions run once as uncertain, and what they change becomes unknown.

Anything else is UNKNOWN: a value layerlint cannot evaluate. A module it does not model (a
torch.nn class outside the catalogue, a class it cannot follow, a container changed in a loop)
is a :class:`~layerlint.ir.TorchUnmodelled` saying where and why, and a forward it cannot follow
records the statement that stopped it: analysis turns both into LL901/LL903 notes.
"""

from __future__ import annotations

import ast
import itertools
from dataclasses import dataclass, field
from typing import Any

from ..ir import (
    UNKNOWN,
    ArrayValue,
    Call,
    DataCall,
    ModelIR,
    TensorDim,
    TorchConstruct,
    TorchModule,
    TorchOp,
    TorchSequential,
    TorchUnmodelled,
    Unfollowed,
)
from ..layers.base import lookup
from . import unfollowed
from .interpreter import MAX_UNROLLED_STATEMENTS
from .scopes import count_statements, has_jump
from .source import SourceMap

INPUT = "<input>"
MAX_CLASS_DEPTH = 8  # nested user modules followed
MAX_UNROLL = 64  # list comprehensions over a literal range, and forward loops over containers
MAX_FORWARD_OPS = 2_000  # steps of one forward, unrolled loops included
CONTAINERS = ("ModuleList", "ModuleDict")
# Methods that change a container's children (torch.nn.Sequential / ModuleList / ModuleDict).
_STRUCTURAL = {"append", "extend", "insert", "add_module", "register_module", "update", "pop",
               "clear", "__setitem__", "__delitem__"}
_SNIPPET_NAMES = {"nn": "torch.nn", "F": "torch.nn.functional", "torch": "torch"}
_CREATORS = {"torch.randn", "torch.rand", "torch.zeros", "torch.ones", "torch.empty"}
_DTYPES = {
    "float": "float32", "float32": "float32", "float64": "float64", "double": "float64",
    "float16": "float16", "half": "float16", "bfloat16": "bfloat16", "long": "int64",
    "int64": "int64", "int": "int32", "int32": "int32", "int16": "int16", "int8": "int8",
    "uint8": "uint8", "bool": "bool",
}
# Tensor methods that keep the shape (dtype/device moves, copies).
_SAME_SHAPE = {
    "to", "cuda", "cpu", "detach", "clone", "contiguous", "requires_grad_", "float", "double",
    "half", "long", "int", "bfloat16",
}
_METHOD_DTYPE = {"float": "float32", "double": "float64", "half": "float16", "long": "int64",
                 "int": "int32", "bfloat16": "bfloat16"}


def plain_range(bounds: list[Any]) -> list[int] | None:
    """``range(*bounds)`` as a list, when the bounds are plain ints and the loop is short
    enough to unroll."""
    if not (1 <= len(bounds) <= 3 and all(isinstance(b, int) and not isinstance(b, bool)
                                          for b in bounds) and (len(bounds) < 3 or bounds[2])):
        return None
    values = range(*bounds)
    return list(values) if len(values) <= MAX_UNROLL else None



@dataclass(frozen=True)
class Ref:
    """An imported (or snippet) name: ``torch.nn.Linear``."""

    dotted: str


@dataclass
class Pairs:
    """An ``OrderedDict([...])`` of (name, value) pairs."""

    items: list[tuple[Any, Any]]


@dataclass
class Dataset:
    tensors: list[Any]


@dataclass
class Loader:
    dataset: Any
    batch_size: Any


@dataclass
class LocalClass:
    node: ast.ClassDef
    base: Any  # Ref("torch.nn.Module") or a LocalClass


@dataclass
class Model:
    """A model object at top level: its IR and its root module."""

    ir: ModelIR
    root: Any


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


def extract_torch_models(tree: ast.Module, smap: SourceMap,
                         not_followed: list[Unfollowed] | None = None) -> list[ModelIR]:
    """The torch models of a parsed file (empty when the file does not use torch); models it
    meets but does not follow (loaded ones) are appended to ``not_followed``."""
    extractor = TorchExtractor(smap)
    models = extractor.run(tree)
    if not_followed is not None:
        not_followed.extend(extractor.unfollowed)
    return models


class TorchExtractor:
    def __init__(self, smap: SourceMap) -> None:
        self.smap = smap
        self.module_env: dict[str, Any] = {}
        self.models: list[Model] = []
        self.class_depth = 0
        self.uses_torch = False
        # Statements of unrolled loops, file-wide: nested loops multiply (as the Keras
        # interpreter bounds them, interpreter.MAX_UNROLLED_STATEMENTS).
        self.unrolled = 0
        self.unfollowed: list[Unfollowed] = []  # frontends/unfollowed.py

    # --- statements -----------------------------------------------------------------------------

    def run(self, tree: ast.Module) -> list[ModelIR]:
        self.exec_block(tree.body, self.module_env, uncertain=False)
        nested = {id(child) for m in self.models for child in _descendants(m.root)}
        return [m.ir for m in self.models if id(m.root) not in nested or _called(m.ir)]

    def exec_block(self, body: list[ast.stmt], env: dict[str, Any], uncertain: bool) -> None:
        for stmt in body:
            self.exec_stmt(stmt, env, uncertain)

    def exec_stmt(self, stmt: ast.stmt, env: dict[str, Any], uncertain: bool) -> None:
        if isinstance(stmt, ast.Import):
            for alias in stmt.names:
                if alias.asname:
                    env[alias.asname] = Ref(alias.name)
                else:
                    env[alias.name.split(".")[0]] = Ref(alias.name.split(".")[0])
                self.uses_torch |= alias.name.split(".")[0] == "torch"
        elif isinstance(stmt, ast.ImportFrom):
            module = stmt.module or ""
            self.uses_torch |= module.split(".")[0] == "torch"
            for alias in stmt.names:
                if alias.name != "*":
                    env[alias.asname or alias.name] = Ref(f"{module}.{alias.name}")
        elif isinstance(stmt, ast.ClassDef):
            base = self.eval(stmt.bases[0], env) if stmt.bases else None
            env[stmt.name] = LocalClass(stmt, base) if _is_module_class(base) else UNKNOWN
        elif isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef)):
            env[stmt.name] = UNKNOWN
            # Read once, straight-line, where it is defined. A model of the enclosing scope is
            # unknown inside: when (and whether) the function changes or calls it is not known.
            local = {name: UNKNOWN for name in env if isinstance(env[name], Model)}
            for arg in stmt.args.posonlyargs + stmt.args.args + stmt.args.kwonlyargs:
                local[arg.arg] = UNKNOWN
            if stmt.args.vararg:
                local[stmt.args.vararg.arg] = UNKNOWN
            if stmt.args.kwarg:
                local[stmt.args.kwarg.arg] = UNKNOWN
            self.exec_block(stmt.body, _Layered(local, env), uncertain=False)
        elif isinstance(stmt, (ast.Assign, ast.AnnAssign)):
            if stmt.value is None:
                return
            before = len(self.unfollowed)
            value = self.eval(stmt.value, env)
            targets = stmt.targets if isinstance(stmt, ast.Assign) else [stmt.target]
            unfollowed.name_records(self.unfollowed[before:], targets)
            for target in targets:
                self.bind(target, value, env, stmt.value)
        elif isinstance(stmt, ast.AugAssign):
            self.augmented(stmt, env, uncertain)
        elif isinstance(stmt, ast.Expr):
            self.eval(stmt.value, env, uncertain=uncertain)
        elif isinstance(stmt, (ast.With, ast.AsyncWith)) or isinstance(stmt, ast.If) and _is_main_guard(stmt.test):
            self.exec_block(stmt.body, env, uncertain)
        elif isinstance(stmt, ast.For) and (items := self.unrollable(stmt, env)) is not None:
            for item in items:
                self.bind(stmt.target, item, env, stmt.iter, make_models=False)
                self.exec_block(stmt.body, env, uncertain)
            self.exec_block(stmt.orelse, env, uncertain)
        elif isinstance(stmt, (ast.For, ast.AsyncFor)):
            iterated = self.eval(stmt.iter, env)
            inner = dict(env) if not isinstance(env, _Layered) else env.copy()
            self.bind_loop_target(stmt.target, iterated, inner)
            self.exec_block(stmt.body, inner, uncertain=True)
            _forget(stmt, env)
        elif isinstance(stmt, ast.If) and (branch := self.taken(stmt, env)) is not None:
            self.exec_block(branch, env, uncertain)
        elif isinstance(stmt, (ast.If, ast.While, ast.Try)):
            inner = dict(env) if not isinstance(env, _Layered) else env.copy()
            for block in _blocks(stmt):
                self.exec_block(block, inner, uncertain=True)
            _forget(stmt, env)

    def bind(self, target: ast.expr, value: Any, env: dict[str, Any], node: ast.expr,
             make_models: bool = True) -> None:
        if isinstance(target, ast.Name):
            if make_models and isinstance(value, (TorchSequential, TorchModule)):
                value = self.model_of(value, target.id, node)
            env[target.id] = value
        elif isinstance(target, (ast.Tuple, ast.List)):
            items = value if isinstance(value, (tuple, list)) else None
            for i, elt in enumerate(target.elts):
                if isinstance(elt, ast.Starred):
                    for name in _assigned(elt):
                        env[name] = UNKNOWN
                    items = None
                    continue
                item = items[i] if items is not None and i < len(items) else UNKNOWN
                self.bind(elt, item, env, node, make_models)
        else:
            for name in _assigned(target):
                env[name] = UNKNOWN

    def bind_loop_target(self, target: ast.expr, iterated: Any, env: dict[str, Any]) -> None:
        if isinstance(iterated, Loader):
            batch = _batch(iterated)
            if isinstance(target, (ast.Tuple, ast.List)) and isinstance(batch, list):
                for elt, item in itertools.zip_longest(target.elts, batch, fillvalue=UNKNOWN):
                    if isinstance(elt, ast.Name):
                        env[elt.id] = item
                    elif elt is not UNKNOWN:
                        for name in _assigned(elt):
                            env[name] = UNKNOWN
                return
        for name in _assigned(target):
            env[name] = UNKNOWN

    def unrollable(self, stmt: ast.For, env: dict[str, Any]) -> list[Any] | None:
        """The values of a loop run once per value, in order, as Python runs it: a literal or
        constant ``range`` or list, a body without break/continue/return, within the budget
        the Keras interpreter's unrolling keeps. None: the loop is read once, as uncertain."""
        if has_jump(stmt.body):
            return None
        items = self.iterated(stmt.iter, env)
        if items is None:
            return None
        cost = len(items) * count_statements([*stmt.body, *stmt.orelse])
        if cost > MAX_UNROLLED_STATEMENTS or self.unrolled + cost > 4 * MAX_UNROLLED_STATEMENTS:
            return None
        self.unrolled += cost
        return items

    def taken(self, stmt: ast.If, env: dict[str, Any]) -> list[ast.stmt] | None:
        """The branch an ``if`` takes when its test is plain and known (``if i < n - 1:`` in
        an unrolled loop); None when it cannot be told."""
        for node in ast.walk(stmt.test):
            if isinstance(node, (ast.NamedExpr, ast.Lambda, ast.Await, ast.Yield)) or (
                    isinstance(node, ast.Call) and not (
                        isinstance(node.func, ast.Name) and node.func.id == "len")):
                return None
        truth = _truth(self.eval(stmt.test, env))
        if truth is None:
            return None
        return stmt.body if truth else stmt.orelse

    def augmented(self, stmt: ast.AugAssign, env: dict[str, Any], uncertain: bool) -> None:
        """``layers += [...]`` extends the list in place (aliases see it); ``n += 1`` on a
        number; anything else is unknown. A function's ``+=`` binds a local name."""
        name = stmt.target.id if isinstance(stmt.target, ast.Name) else None
        local = name is not None and (
            dict.__contains__(env, name) if isinstance(env, _Layered) else name in env)
        if local:
            old = env[name]
            value = self.eval(stmt.value, env)
            if isinstance(old, list) and isinstance(stmt.op, ast.Add):
                if not uncertain and isinstance(value, (list, tuple)):
                    old.extend(value)
                else:  # as .append in a condition: what it adds is not known
                    old.append(UNKNOWN)
                return
            if _is_number(old) and _is_number(value):
                env[name] = _arith(stmt.op, old, value)
                return
        for assigned in _assigned(stmt):
            env[assigned] = UNKNOWN

    def model_of(self, root: Any, name: str, node: ast.expr) -> Model:
        for model in self.models:
            if model.root is root:
                return model
        ir = ModelIR(name, "torch", "torch", root.span)
        ir.events.append(TorchConstruct(root, root.span))
        model = Model(ir, root)
        self.models.append(model)
        return model

    # --- expressions ----------------------------------------------------------------------------

    def lookup(self, name: str, env: dict[str, Any]) -> Any:
        if name in env:
            return env[name]
        if name in _SNIPPET_NAMES:
            return Ref(_SNIPPET_NAMES[name])
        if name == "OrderedDict":
            return Ref("collections.OrderedDict")
        return UNKNOWN

    def eval(self, node: ast.expr, env: dict[str, Any], uncertain: bool = False) -> Any:
        if isinstance(node, ast.Constant):
            return node.value
        if isinstance(node, ast.Name):
            return self.lookup(node.id, env)
        if isinstance(node, ast.Attribute):
            base = self.eval(node.value, env)
            if isinstance(base, Ref):
                return Ref(f"{base.dotted}.{node.attr}")
            if isinstance(base, ArrayValue) and node.attr == "shape" and base.shape is not None:
                return tuple(base.shape)
            if isinstance(base, Model):
                return _ModelMethod(base, node.attr)
            if isinstance(base, (TorchSequential, TorchModule)) and node.attr in _KEEPS_MODEL:
                return _Same(base)
            if is_container(base):
                return _SeqMethod(base, node.attr)
            if isinstance(base, ArrayValue):
                return _TensorMethod(base, node.attr)
            if isinstance(base, list) and node.attr in ("append", "extend"):
                return _ListMethod(base, node.attr)
            return UNKNOWN
        if isinstance(node, (ast.Tuple, ast.List)):
            items: list[Any] = []
            for elt in node.elts:
                if isinstance(elt, ast.Starred):
                    inner = self.eval(elt.value, env)
                    if not isinstance(inner, (list, tuple)):
                        return UNKNOWN
                    items.extend(inner)
                else:
                    items.append(self.eval(elt, env))
            return tuple(items) if isinstance(node, ast.Tuple) else items
        if isinstance(node, ast.BinOp):
            return _arith(node.op, self.eval(node.left, env), self.eval(node.right, env))
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
            value = self.eval(node.operand, env)
            return -value if _is_number(value) else UNKNOWN
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not):
            truth = _truth(self.eval(node.operand, env))
            return UNKNOWN if truth is None else not truth
        if isinstance(node, ast.Compare) and len(node.ops) == 1:
            return _compare(node.ops[0], self.eval(node.left, env),
                            self.eval(node.comparators[0], env))
        if isinstance(node, ast.BoolOp):  # and / or: the operand Python returns
            for i, operand in enumerate(node.values):
                value = self.eval(operand, env)
                truth = _truth(value)
                if truth is None:
                    return UNKNOWN
                last = i == len(node.values) - 1
                if last or truth == isinstance(node.op, ast.Or):
                    return value
        if isinstance(node, ast.IfExp):  # only the branch Python takes is evaluated
            truth = _truth(self.eval(node.test, env))
            if truth is None:
                return UNKNOWN
            return self.eval(node.body if truth else node.orelse, env)
        if isinstance(node, ast.Subscript):
            base = self.eval(node.value, env)
            index = self.eval(node.slice, env)
            if isinstance(base, (tuple, list)) and isinstance(index, int):
                return base[index] if -len(base) <= index < len(base) else UNKNOWN
            if isinstance(base, (tuple, list)) and isinstance(node.slice, ast.Slice):
                parts = [self.eval(p, env) if p else None for p in
                         (node.slice.lower, node.slice.upper, node.slice.step)]
                if all(p is None or isinstance(p, int) for p in parts):
                    return base[slice(*parts)]
            return UNKNOWN
        if isinstance(node, ast.Call):
            return self.eval_call(node, env, uncertain)
        if isinstance(node, ast.ListComp):
            return self.list_comprehension(node, env)
        if isinstance(node, ast.JoinedStr):
            return self.f_string(node, env)
        if isinstance(node, ast.Dict) and all(
                isinstance(k, ast.Constant) and isinstance(k.value, str) for k in node.keys):
            return {k.value: self.eval(v, env)  # type: ignore[union-attr]
                    for k, v in zip(node.keys, node.values)}
        return UNKNOWN

    def f_string(self, node: ast.JoinedStr, env: dict[str, Any]) -> Any:
        """``f"block{i}"`` with str/int parts and no format spec (module names)."""
        parts: list[str] = []
        for value in node.values:
            if isinstance(value, ast.Constant) and isinstance(value.value, str):
                parts.append(value.value)
                continue
            if not isinstance(value, ast.FormattedValue) or value.format_spec is not None \
                    or value.conversion not in (-1, ord("s")):
                return UNKNOWN
            inner = self.eval(value.value, env)
            if not isinstance(inner, (str, int)) or isinstance(inner, bool):
                return UNKNOWN
            parts.append(str(inner))
        return "".join(parts)

    def list_comprehension(self, node: ast.ListComp, env: dict[str, Any]) -> Any:
        """``[expr for name in range(...)]`` (or a literal list): each element evaluated."""
        if len(node.generators) != 1:
            return UNKNOWN
        gen = node.generators[0]
        if gen.ifs or gen.is_async or not isinstance(gen.target, ast.Name):
            return UNKNOWN
        items = self.iterated(gen.iter, env)
        if items is None or len(items) > MAX_UNROLL:
            return UNKNOWN
        return [self.eval(node.elt, _Layered({gen.target.id: item}, env)) for item in items]

    def iterated(self, node: ast.expr, env: dict[str, Any]) -> list[Any] | None:
        """The values a loop over ``node`` takes, when the code makes them plain."""
        if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
                and node.func.id == "range" and "range" not in env and not node.keywords):
            return plain_range([self.eval(a, env) for a in node.args])
        value = self.eval(node, env)
        return list(value) if isinstance(value, (list, tuple)) else None

    def eval_call(self, node: ast.Call, env: dict[str, Any], uncertain: bool) -> Any:
        if isinstance(node.func, ast.Name) and node.func.id == "len" and "len" not in env and \
                len(node.args) == 1 and not node.keywords:
            sized = self.eval(node.args[0], env)
            return len(sized) if isinstance(sized, (tuple, list, str)) else UNKNOWN
        if isinstance(node.func, ast.Name) and node.func.id in _SEQUENCE_BUILTINS and \
                node.func.id not in env and not node.keywords and \
                not any(isinstance(a, ast.Starred) for a in node.args):
            return _sequence_builtin(node.func.id, [self.eval(a, env) for a in node.args])
        func = self.eval(node.func, env)
        args: list[Any] = []
        for arg in node.args:
            if isinstance(arg, ast.Starred):
                inner = self.eval(arg.value, env)
                if not isinstance(inner, (list, tuple)):
                    if isinstance(func, Ref) and func.dotted == "torch.nn.Sequential":
                        # Still a model, with modules layerlint could not evaluate.
                        return TorchSequential([("0", TorchUnmodelled(
                            None, self.smap.span(arg), f"the modules of `{ast.unparse(arg)}` "
                            "could not be evaluated", "LL903"))], self.smap.span(node))
                    return UNKNOWN
                args.extend(inner)
            else:
                args.append(self.eval(arg, env))
        kwargs = {k.arg: self.eval(k.value, env) for k in node.keywords if k.arg}
        if any(k.arg is None for k in node.keywords):
            return UNKNOWN
        if isinstance(func, Ref):
            return self.call_ref(func.dotted, node, args, kwargs, uncertain)
        if isinstance(func, LocalClass):
            made = self.instantiate(func, node, args, kwargs)
            if isinstance(made, TorchUnmodelled):  # a model unless a followed one holds it
                self.unfollowed.append(unfollowed.record(
                    "nn.Module", made.reason, made.span, "torch", made))
            return made
        if isinstance(func, Model):
            return self.forward_call(func, node, args, kwargs)
        if isinstance(func, _ModelMethod):
            if func.attr in _KEEPS_MODEL:
                return func.model
            if func.attr in _STRUCTURAL and is_container(func.model.root):
                return _SeqMethod(func.model.root, func.attr).call(
                    args, uncertain, self.smap.span(node))
            if func.attr == "forward":
                return self.forward_call(func.model, node, args, kwargs)
            return UNKNOWN
        if isinstance(func, _SeqMethod):
            return func.call(args, uncertain, self.smap.span(node))
        if isinstance(func, _Same):
            return func.value
        if isinstance(func, _ListMethod):
            if uncertain:
                func.target.append(UNKNOWN)
            elif func.attr == "append" and len(args) == 1:
                func.target.append(args[0])
            elif func.attr == "extend" and len(args) == 1 and isinstance(args[0], (list, tuple)):
                func.target.extend(args[0])
            else:
                func.target.append(UNKNOWN)
            return None
        if isinstance(func, _TensorMethod):
            return _tensor_method(func.tensor, func.attr, args, kwargs, self.smap.span(node))
        return UNKNOWN

    def call_ref(self, dotted: str, node: ast.Call, args: list[Any], kwargs: dict[str, Any],
                 uncertain: bool) -> Any:
        span = self.smap.span(node)
        short = dotted.rsplit(".", 1)[-1]
        if dotted == "collections.OrderedDict":
            return _ordered_dict(args)
        if dotted in ("torch.nn.Sequential", "torch.nn.modules.container.Sequential"):
            if not (len(args) == 1 and isinstance(args[0], Pairs)):
                args = self.as_modules(args, node)
            return _sequential(args, kwargs, span)
        if short in CONTAINERS and dotted in (f"torch.nn.{short}",
                                              f"torch.nn.modules.container.{short}"):
            return self.container(short, node, args, kwargs)
        if dotted.startswith("torch.nn.") and dotted.count(".") == 2 and short[:1].isupper():
            if lookup("torch", short) is None:  # a torch module layerlint does not model
                return TorchUnmodelled(short, span, f"nn.{short} is not modelled by layerlint")
            arg_spans: dict[int | str, Any] = {
                i: self.smap.span(a) for i, a in enumerate(node.args)}
            arg_spans.update({k.arg: self.smap.span(k.value) for k in node.keywords if k.arg})
            return Call(short, dotted, tuple(args), kwargs, span, self.smap.span(node.func),
                        arg_spans)
        if dotted in _CREATORS:
            return _created(args, kwargs, span, "float32") or self.unevaluated(node, args, kwargs)
        if dotted == "torch.randint":
            return _randint(args, kwargs, span) or self.unevaluated(node, args, kwargs)
        if dotted == "torch.tensor":
            return _literal_tensor(args, kwargs, span)
        if dotted == "torch.utils.data.TensorDataset":
            return Dataset(list(args))
        if dotted == "torch.utils.data.DataLoader":
            dataset = args[0] if args else kwargs.get("dataset", UNKNOWN)
            batch = args[1] if len(args) > 1 else kwargs.get("batch_size", 1)
            return Loader(dataset, batch)
        if short == "summary" and dotted.split(".")[0] in ("torchinfo", "torchsummary"):
            return self.summary_call(dotted.split(".")[0], node, args, kwargs)
        loaded = unfollowed.loader(dotted)
        if loaded is not None and loaded[2] == "torch":
            kind, reason, framework = loaded
            check = unfollowed.CHECK_USE if dotted in unfollowed.MAYBE_NOT_A_MODEL else None
            self.unfollowed.append(unfollowed.record(kind, reason, span, framework, check))
        return UNKNOWN

    def unevaluated(self, node: ast.Call, args: list[Any], kwargs: dict[str, Any]) -> Any:
        """A tensor whose size uses a value layerlint could not evaluate: an ArrayValue of
        unknown shape whose ``origin`` is that value (where the LL902 note points); UNKNOWN
        when the size is unknown for another reason."""
        randint = isinstance(node.func, ast.Attribute) and node.func.attr == "randint"
        candidates: list[tuple[ast.expr, Any]] = list(zip(node.args, args))
        if randint:  # low and high do not size it
            candidates = candidates[-1:] if "size" not in kwargs else []
        candidates += [(k.value, kwargs.get(k.arg)) for k in node.keywords if k.arg == "size"]
        for arg_node, value in candidates:
            if value is UNKNOWN:
                where = arg_node
            elif isinstance(value, (tuple, list)) and isinstance(arg_node, (ast.Tuple, ast.List)) \
                    and UNKNOWN in value and len(arg_node.elts) == len(value):
                where = arg_node.elts[value.index(UNKNOWN)]
            else:
                continue
            if any(isinstance(a, ast.Starred) for a in node.args):
                return UNKNOWN
            dtype = _dtype(kwargs, "int64" if randint else "float32")
            return ArrayValue(None, dtype, self.smap.span(node), self.smap.span(where),
                              ast.unparse(where))
        return UNKNOWN

    def as_modules(self, values: list[Any], node: ast.Call) -> list[Any]:
        """Positional arguments of a container as modules; anything else is a TorchUnmodelled
        at its argument (at the call when a ``*list`` spread it)."""
        plain = not any(isinstance(a, ast.Starred) for a in node.args)
        return [self.module_or_unmodelled(v, node.args[i] if plain else node)
                for i, v in enumerate(values)]

    def module_or_unmodelled(self, value: Any, node: ast.expr) -> Any:
        if isinstance(value, Model):
            return value.root
        if is_module(value):
            return value
        text = ast.unparse(node)
        text = text if len(text) <= 40 else text[:37] + "..."
        kind = None
        if isinstance(node, ast.Call):
            kind = ast.unparse(node.func).rsplit(".", 1)[-1]
        return TorchUnmodelled(kind, self.smap.span(node),
                               f"`{text}` is not a module layerlint can follow")

    def container(self, kind: str, node: ast.Call, args: list[Any],
                  kwargs: dict[str, Any]) -> Any:
        """``nn.ModuleList([...])`` / ``nn.ModuleDict({...})`` with plain contents."""
        span = self.smap.span(node)
        if kwargs or len(args) > 1:
            return TorchUnmodelled(kind, span, f"this nn.{kind} is not followed", "LL903")
        items = args[0] if args else ([] if kind == "ModuleList" else {})
        source = node.args[0] if node.args else node
        children: list[tuple[str, Any]] = []
        if kind == "ModuleList" and isinstance(items, (list, tuple)):
            children = [(str(i), self.module_or_unmodelled(m, source))
                        for i, m in enumerate(items)]
        elif kind == "ModuleDict" and (isinstance(items, (dict, Pairs)) or isinstance(
                items, (list, tuple)) and all(isinstance(p, tuple) and len(p) == 2 for p in items)):
            pairs = list(items.items()) if isinstance(items, dict) else (
                items.items if isinstance(items, Pairs) else list(items))
            if not all(isinstance(k, str) for k, _ in pairs):
                return TorchUnmodelled(kind, span, f"this nn.{kind} is not followed", "LL903")
            children = [(k, self.module_or_unmodelled(m, source)) for k, m in pairs]
        else:
            return TorchUnmodelled(kind, span, f"the contents of this nn.{kind} could not be "
                                   "evaluated", "LL903")
        return TorchModule(kind, children, span)

    def forward_call(self, model: Model, node: ast.Call, args: list[Any],
                     kwargs: dict[str, Any]) -> Any:
        x = args[0] if len(args) == 1 and not kwargs else UNKNOWN
        if isinstance(x, ArrayValue):
            x = ArrayValue(x.shape, x.dtype, self.smap.span(node.args[0]), x.origin, x.name)
        _add_call(model, DataCall("__call__", x, None, self.smap.span(node)))
        return UNKNOWN

    def summary_call(self, package: str, node: ast.Call, args: list[Any],
                     kwargs: dict[str, Any]) -> Any:
        model = args[0] if args else kwargs.get("model")
        if not isinstance(model, Model):
            return UNKNOWN
        size = args[1] if len(args) > 1 else kwargs.get("input_size", UNKNOWN)
        if package == "torchsummary":
            batch = kwargs.get("batch_size", -1)
            # torchsummary runs the model on torch.rand(2, *input_size) unless told a batch.
            size = (2 if batch == -1 else batch, *size) if isinstance(size, (tuple, list)) else size
        span = self.smap.span(node)
        if isinstance(size, (tuple, list)) and size and all(_is_dim(d) for d in size):
            dtypes = kwargs.get("dtypes")
            dtype = UNKNOWN if dtypes is not None else "float32"
            x: Any = ArrayValue(tuple(size), dtype if dtype is not UNKNOWN else None, span, span)
        elif "input_data" in kwargs and isinstance(kwargs["input_data"], ArrayValue):
            x = kwargs["input_data"]
        else:
            x = UNKNOWN
        _add_call(model, DataCall("__call__", x, None, span, kwargs={"via": package}))
        return UNKNOWN

    # --- nn.Module subclasses -------------------------------------------------------------------

    def instantiate(self, cls: LocalClass, node: ast.Call, args: list[Any],
                    kwargs: dict[str, Any]) -> Any:
        span = self.smap.span(node)
        name = cls.node.name
        if self.class_depth >= MAX_CLASS_DEPTH:
            return TorchUnmodelled(name, span, f"{name} is nested too deeply for layerlint")
        init = _method(cls, "__init__")
        forward = _method(cls, "forward")
        state = SelfState()
        self.class_depth += 1
        try:
            if init is not None:
                local = _bind_params(init, args, kwargs, self.module_env)
                if local is None:
                    return TorchUnmodelled(name, span, f"the arguments of {name} do not match "
                                           "its __init__")
                self.follow_init(init.body, local, state)
        finally:
            self.class_depth -= 1
        module = TorchModule(cls.node.name, state.children, span)
        if forward is not None:
            builder = ForwardBuilder(self, state, forward)
            steps = builder.build()
            if steps is not None:
                module.forward, module.output = steps
            else:
                module.unfollowed = builder.stopped or (self.smap.span(forward),
                                                        "it could not be read")
        return module

    def follow_init(self, body: list[ast.stmt], env: dict[str, Any], state: SelfState) -> None:
        for stmt in body:
            if isinstance(stmt, ast.For) and (items := self.unrollable(stmt, env)) is not None:
                for item in items:  # each iteration's statements, in order, as plain code
                    self.bind(stmt.target, item, env, stmt.iter, make_models=False)
                    self.follow_init(stmt.body, env, state)
                self.follow_init(stmt.orelse, env, state)
                continue
            if isinstance(stmt, ast.If) and (branch := self.taken(stmt, env)) is not None:
                self.follow_init(branch, env, state)
                continue
            if self.change_container(stmt, env, state):
                continue
            if isinstance(stmt, (ast.Assign, ast.AnnAssign)) and stmt.value is not None:
                value = self.eval(stmt.value, env)
                targets = stmt.targets if isinstance(stmt, ast.Assign) else [stmt.target]
                if isinstance(value, Model):
                    value = value.root
                for target in targets:
                    attr = _self_attr(target)
                    if attr is not None:
                        module = is_module(value) or _creates_module(stmt.value, env, self)
                        if module and not is_module(value):
                            value = self.module_or_unmodelled(value, stmt.value)
                        state.set(attr, value, module)
                    else:
                        self.bind(target, value, env, stmt.value, make_models=False)
            elif isinstance(stmt, ast.Expr):
                call = stmt.value
                if isinstance(call, ast.Call) and _is_self_call(call, "add_module"):
                    args = [self.eval(a, env) for a in call.args]
                    if len(args) == 2 and isinstance(args[0], str):
                        state.set(args[0], self.module_or_unmodelled(args[1], call.args[1]), True)
                    else:
                        state.set(f"<unknown {len(state.children)}>", TorchUnmodelled(
                            None, self.smap.span(stmt), "a module registered under a name "
                            "layerlint could not evaluate", "LL903"), True)
                elif _is_setattr_self(call):
                    name = self.eval(call.args[1], env)
                    value = self.eval(call.args[2], env)
                    value = value.root if isinstance(value, Model) else value
                    module = is_module(value) or _creates_module(call.args[2], env, self)
                    if not isinstance(name, str):
                        state.set(f"<unknown {len(state.children)}>", TorchUnmodelled(
                            None, self.smap.span(stmt), "an attribute set under a name "
                            "layerlint could not evaluate", "LL903"), True)
                    else:
                        if module and not is_module(value):
                            value = self.module_or_unmodelled(value, call.args[2])
                        state.set(name, value, module)
                elif not _is_super_init(call):
                    self.eval(call, env, uncertain=False)
            elif isinstance(stmt, (ast.For, ast.While, ast.If, ast.With, ast.Try)):
                if _assigns_self(stmt):  # modules registered under conditions or in loops
                    state.set(f"<unknown {len(state.children)}>", TorchUnmodelled(
                        None, self.smap.span(stmt), "modules registered in a loop or a "
                        "condition", "LL903"), True)
                inner = dict(env) if not isinstance(env, _Layered) else env.copy()
                for block in _blocks(stmt):
                    self.exec_block(block, inner, uncertain=True)
                _forget(stmt, env)
            elif isinstance(stmt, ast.AugAssign):
                attr = _self_attr(stmt.target)
                if attr is not None:
                    state.set(attr, UNKNOWN, False)
                else:
                    self.augmented(stmt, env, uncertain=False)


    def change_container(self, stmt: ast.stmt, env: dict[str, Any], state: SelfState) -> bool:
        """``self.<container>.append(...)`` and the like in ``__init__``: followed when it is a
        plain statement of a known method; a container changed in any other way (in a loop, a
        condition, by another method) becomes unknown. True when ``stmt`` was handled."""
        changed = _container_changes(stmt)
        if not changed:
            return False
        plain = isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Call) and len(
            changed) == 1 and changed[0][1] is stmt.value
        handled = False
        for path, call in changed:
            target = _child(state, path)
            if not is_container(target):
                continue
            handled = plain
            method = call.func.attr if isinstance(call, ast.Call) and isinstance(
                call.func, ast.Attribute) else "__setitem__"
            if plain and method in ("append", "extend", "add_module", "update"):
                args = [self.eval(a, env) for a in call.args]  # type: ignore[union-attr]
                if method == "update" and len(args) == 1 and isinstance(args[0], (dict, Pairs)):
                    pairs = list(args[0].items()) if isinstance(args[0], dict) else args[0].items
                    args = [item for pair in pairs for item in pair]
                    method = "add_module" if len(pairs) == 1 else method
                if method != "update":
                    _SeqMethod(target, method).call(args, False, self.smap.span(call))
                    continue
            _replace_child(state, path, TorchUnmodelled(
                _kind_of(target), self.smap.span(stmt), f"self.{path} is changed in a way "
                "layerlint cannot follow", "LL903"))
        return handled


def _add_call(model: Model, call: DataCall) -> None:
    """A forward pass, once per place and input (an unrolled loop repeats the same one)."""
    if call not in model.ir.events:
        model.ir.events.append(call)


def _kind_of(container: Any) -> str:
    return container.class_name if isinstance(container, TorchModule) else "Sequential"


def _replace_child(state: SelfState, path: str, value: Any) -> None:
    parent_path, _, name = path.rpartition(".")
    if not parent_path:
        state.set(name, value, True)
        return
    parent = _child(state, parent_path)
    if parent is not None and hasattr(parent, "children"):
        _set_child(parent.children, name, value)


def _container_changes(stmt: ast.stmt) -> list[tuple[str, ast.AST]]:
    """``(path, node)`` for each ``self.<path>.<structural method>(...)`` call and each
    ``self.<path>[key] = ...`` / ``del self.<path>[key]`` in ``stmt``."""
    out: list[tuple[str, ast.AST]] = []
    for node in ast.walk(stmt):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and \
                node.func.attr in _STRUCTURAL:
            path = _self_path(node.func.value)
            if path is not None:
                out.append((path, node))
        elif isinstance(node, ast.Subscript) and isinstance(node.ctx, (ast.Store, ast.Del)):
            path = _self_path(node.value)
            if path is not None:
                out.append((path, node))
    return out


def _unknown_contents(container: Any, span: Any, reason: str) -> None:
    """The container's children are no longer known (their order may have changed too)."""
    container.children[:] = [("0", TorchUnmodelled(None, span, reason, "LL903"))]


class _Layered(dict):
    """A function's locals over the module's variables (reads fall through, writes stay local)."""

    def __init__(self, local: dict[str, Any], outer: dict[str, Any]) -> None:
        super().__init__(local)
        self.outer = outer

    def __missing__(self, key: str) -> Any:
        return self.outer[key]

    def __contains__(self, key: object) -> bool:
        return super().__contains__(key) or key in self.outer

    def copy(self) -> _Layered:
        return _Layered(dict(self), self.outer)


# Module methods returning the module itself (``nn.Sequential(...).to(device)``).
_KEEPS_MODEL = ("to", "cuda", "cpu", "eval", "train", "float", "double", "requires_grad_")


@dataclass
class _Same:
    value: Any


@dataclass
class _ModelMethod:
    model: Model
    attr: str


@dataclass
class _SeqMethod:

    seq: Any  # a TorchSequential, or a TorchModule ModuleList / ModuleDict
    attr: str

    def call(self, args: list[Any], uncertain: bool, span: Any) -> Any:
        children = self.seq.children
        if self.attr not in ("append", "add_module", "extend"):
            if self.attr in _STRUCTURAL:  # insert, pop, ...: the order is not known any more
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
class _TensorMethod:
    tensor: ArrayValue
    attr: str


@dataclass
class _ListMethod:
    target: list
    attr: str


# --- forward --------------------------------------------------------------------------------------


class ForwardBuilder:
    """Turns a straight-line ``forward`` into TorchOps; None when it is not straight-line."""

    def __init__(self, extractor: TorchExtractor, state: SelfState, node: ast.FunctionDef) -> None:
        self.x = extractor
        self.state = state
        self.node = node
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
        for stmt in self.node.body:
            if isinstance(stmt, ast.Return):
                out = self.conv(stmt.value) if stmt.value is not None else None
                if isinstance(out, str):
                    return self.ops, out
                self.stop(stmt, "it returns several values or no tensor")
                return None
            if not self.statement(stmt):
                return None
        self.stop(self.node, "it has no return statement")
        return None

    def statement(self, stmt: ast.stmt) -> bool:
        """Follow one statement of the forward; False (with ``stopped`` set) if it cannot."""
        if isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Constant):
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
        jumps = any(isinstance(n, (ast.Break, ast.Continue, ast.Return)) for n in ast.walk(stmt))
        values = None if jumps or stmt.orelse or not isinstance(stmt.target, ast.Name) \
            else self.loop_values(stmt.iter)
        if values is None or len(values) > MAX_UNROLL or \
                len(self.ops) + len(values) * count_statements(stmt.body) > MAX_FORWARD_OPS:
            self.stop(stmt, "a for loop other than `for layer in self.<ModuleList>` or over a "
                      "constant range")
            return False
        name = stmt.target.id  # type: ignore[union-attr]
        for value in values:
            self.consts[name] = value
            self.tensors.pop(name, None)
            for inner in stmt.body:
                if not self.statement(inner):
                    return False
        return True

    def loop_values(self, node: ast.expr) -> list[Any] | None:
        """What a forward loop's variable takes: children of a container, or plain values."""
        container, path = self.looped_container(node)
        if container is not None:
            return [_ModuleRef(f"{path}.{child}") for child, _ in container.children]
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and \
                node.func.id == "range" and not node.keywords and \
                "range" not in self.x.module_env and "range" not in self.consts:
            return plain_range([self.plain(a) for a in node.args])
        value = self.plain(node)
        if isinstance(value, (list, tuple)) and all(
                _is_number(v) or isinstance(v, str) for v in value):
            return list(value)
        return None

    def length(self, node: ast.expr) -> Any:
        """``len(self.blocks)`` (a container's children) or ``len`` of a plain sequence."""
        path = self.module_path(node)
        if path is not None:
            container = _child(self.state, path)
            return len(container.children) if is_container(container) else UNKNOWN
        value = self.plain(node)
        return len(value) if isinstance(value, (list, tuple, str)) else UNKNOWN

    def looped_container(self, node: ast.expr) -> tuple[Any, str]:
        values = isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and \
            node.func.attr == "values" and not node.args and not node.keywords
        path = _self_path(node.func.value if values else node)  # type: ignore[union-attr]
        if path is None:
            return None, ""
        container = _child(self.state, path)
        by_key = isinstance(container, TorchModule) and container.class_name == "ModuleDict"
        if not is_container(container) or by_key != values:
            return None, ""  # iterating a ModuleDict itself gives its keys
        return container, path

    def module_path(self, node: ast.expr) -> str | None:
        """The dotted path of the child module ``node`` names: ``self.a.b``, ``self.blocks[0]``,
        ``self.heads["out"]``, or a loop variable over a container."""
        if isinstance(node, ast.Name) and isinstance(self.consts.get(node.id), _ModuleRef):
            return self.consts[node.id].path
        if isinstance(node, ast.Subscript):
            base = self.module_path(node.value)
            container = _child(self.state, base) if base is not None else None
            key = self.plain(node.slice)
            if not is_container(container) or isinstance(key, bool):
                return None
            names = [n for n, _ in container.children]
            if isinstance(container, TorchModule) and container.class_name == "ModuleDict":
                return f"{base}.{key}" if isinstance(key, str) and key in names else None
            if isinstance(key, int) and -len(names) <= key < len(names):
                return f"{base}.{names[key]}"
            return None
        return _self_path(node)

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
            for i, elt in enumerate(target.elts):
                if isinstance(value, str):
                    item: Any = self.emit("getitem", "[]", (value,), node, (i,))
                elif isinstance(value, tuple) and i < len(value):
                    item = value[i]
                else:
                    item = UNKNOWN
                if not self.assign(elt, item, node):
                    return False
            return True
        return _self_attr(target) is not None and not isinstance(value, str)

    def emit(self, kind: str, target: str, inputs: tuple[str, ...], node: ast.AST,
             args: tuple = (), kwargs: dict | None = None, first_arg: int = 0) -> str:
        """Append an op; for a call, ``first_arg`` is the position of its first plain
        argument (after the tensor), whose spans the op keeps."""
        out = f"%{next(self.counter)}"
        spans: dict[int | str, Any] = {}
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
            attr = _self_attr(node)
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
            return _Plain(-value if _is_number(value) else UNKNOWN)
        if isinstance(node, ast.Call):
            return self.call(node)
        return _Plain(UNKNOWN)

    def plain(self, node: ast.expr) -> Any:
        value = self.conv(node)
        return UNKNOWN if isinstance(value, (str, _TensorList)) else _unwrap(value)

    def binary(self, node: ast.AST, left: Any, right: Any) -> Any:
        tensors = tuple(v for v in (left, right) if isinstance(v, str))
        if not tensors:
            return _Plain(_arith(node.op, _unwrap(left), _unwrap(right)))  # type: ignore[attr-defined]
        others = tuple(_unwrap(v) for v in (left, right) if not isinstance(v, str))
        if any(isinstance(v, _TensorList) for v in (left, right)):
            return self.emit("unknown", "binary", tensors, node)
        return self.emit("binary", type(node.op).__name__, tensors, node, others)  # type: ignore[attr-defined]

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
            module = _child(self.state, path)
            if module is not None:
                if len(args) == 1 and isinstance(args[0], str) and not kwargs:
                    return self.emit("module", path, (args[0],), node)
                return self.emit("unknown", path, tensors, node)
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
                if any(isinstance(a, (str, _TensorList)) for a in [*args, *kwargs.values()]):
                    return self.emit("unknown", func.attr, (base, *tensors), node)
                return self.emit("method", func.attr, (base,), node,
                                 tuple(_unwrap(a) for a in args),
                                 {k: _unwrap(v) for k, v in kwargs.items()})
        callee = self.conv(func) if isinstance(func, (ast.Attribute, ast.Name)) else None
        if isinstance(callee, _Plain) and isinstance(callee.value, Ref) and not unknown_args:
            name = _function_name(callee.value.dotted)
            first = args[0] if args else None
            if isinstance(first, _TensorList) and first.pure:
                return self.emit("function", name, tuple(first.items), node,
                                 tuple(_unwrap(a) for a in args[1:]),
                                 {k: _unwrap(v) for k, v in kwargs.items()}, first_arg=1)
            if isinstance(first, str) and not any(
                isinstance(a, (str, _TensorList)) for a in [*args[1:], *kwargs.values()]
            ):
                return self.emit("function", name, (first,), node,
                                 tuple(_unwrap(a) for a in args[1:]),
                                 {k: _unwrap(v) for k, v in kwargs.items()}, first_arg=1)
        if tensors or any(isinstance(a, _TensorList) for a in args):
            listed = tuple(t for a in args if isinstance(a, _TensorList) for t in a.items)
            return self.emit("unknown", "call", tensors + listed, node)
        return _Plain(UNKNOWN)


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


def _function_name(dotted: str) -> str:
    for prefix in ("torch.nn.functional.", "torch.Tensor.", "torch."):
        if dotted.startswith(prefix):
            return ("F." if prefix == "torch.nn.functional." else "torch.") + dotted[len(prefix):]
    return dotted


def _child(state: SelfState, path: str) -> Any:
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


# --- helpers --------------------------------------------------------------------------------------


def _descendants(root: Any) -> list[Any]:
    out: list[Any] = []
    for _, child in getattr(root, "children", []):
        out.append(child)
        out.extend(_descendants(child))
    return out


def _called(ir: ModelIR) -> bool:
    return any(isinstance(e, DataCall) for e in ir.events)


def _is_module_class(base: Any) -> bool:
    if isinstance(base, LocalClass):
        return True
    return isinstance(base, Ref) and base.dotted in ("torch.nn.Module", "torch.nn.modules.Module")


def _method(cls: LocalClass, name: str) -> ast.FunctionDef | None:
    for stmt in cls.node.body:
        if isinstance(stmt, ast.FunctionDef) and stmt.name == name:
            return stmt
    if isinstance(cls.base, LocalClass):
        return _method(cls.base, name)
    return None


def _bind_params(fn: ast.FunctionDef, args: list[Any], kwargs: dict[str, Any],
                 module_env: dict[str, Any]) -> dict[str, Any] | None:
    params = fn.args.posonlyargs + fn.args.args
    names = [p.arg for p in params][1:]
    defaults = fn.args.defaults
    env: dict[str, Any] = _Layered({}, module_env)
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


def _self_attr(node: ast.AST) -> str | None:
    if (isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name)
            and node.value.id == "self"):
        return node.attr
    return None


def _self_path(node: ast.AST) -> str | None:
    """``self.a.b`` -> ``"a.b"``."""
    parts: list[str] = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if isinstance(node, ast.Name) and node.id == "self" and parts:
        return ".".join(reversed(parts))
    return None


def _is_self_call(call: ast.Call, method: str) -> bool:
    return isinstance(call.func, ast.Attribute) and call.func.attr == method and isinstance(
        call.func.value, ast.Name) and call.func.value.id == "self"


def _is_setattr_self(call: ast.Call) -> bool:
    return (isinstance(call.func, ast.Name) and call.func.id == "setattr" and len(call.args) == 3
            and not call.keywords and isinstance(call.args[0], ast.Name)
            and call.args[0].id == "self")


def _is_super_init(call: ast.expr) -> bool:
    return (isinstance(call, ast.Call) and isinstance(call.func, ast.Attribute)
            and call.func.attr == "__init__" and isinstance(call.func.value, ast.Call)
            and isinstance(call.func.value.func, ast.Name) and call.func.value.func.id == "super")


def _creates_module(node: ast.expr, env: dict[str, Any], x: TorchExtractor) -> bool:
    """An unknown value from calling something in torch.nn or a local class is a module."""
    if not isinstance(node, ast.Call):
        return False
    func = x.eval(node.func, env)
    return isinstance(func, LocalClass) or (
        isinstance(func, Ref) and func.dotted.startswith("torch.nn.")
        and func.dotted.rsplit(".", 1)[-1][:1].isupper())


def _assigns_self(stmt: ast.stmt) -> bool:
    for node in ast.walk(stmt):
        if isinstance(node, (ast.Assign, ast.AugAssign, ast.AnnAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            if any(_self_attr(t) is not None for t in targets):
                return True
        if isinstance(node, ast.Call) and (
            _is_self_call(node, "add_module") or _is_self_call(node, "register_module")
            or (isinstance(node.func, ast.Name) and node.func.id == "setattr")
        ):
            return True
    return False


def _mutated(stmt: ast.stmt) -> set[str]:
    """Names whose object a block may change (``layers.append(...)``)."""
    out: set[str] = set()
    for node in ast.walk(stmt):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and isinstance(
                node.func.value, ast.Name):
            out.add(node.func.value.id)
    return out


def _forget(stmt: ast.stmt, env: dict[str, Any]) -> None:
    """After a block run an unknown number of times: what it assigns or may change is
    unknown. Calling ``nn.Linear`` or ``torch.randn`` changes no imported module or class."""
    stored = _stored(stmt)
    for name in stored:
        env[name] = UNKNOWN
    for name in _mutated(stmt) - stored:
        try:
            current = env[name]  # a function's locals fall through to the module (_Layered)
        except KeyError:
            current = None
        if not isinstance(current, (Ref, LocalClass)):
            env[name] = UNKNOWN


def _stored(node: ast.AST) -> set[str]:
    return {sub.id for sub in ast.walk(node)
            if isinstance(sub, ast.Name) and isinstance(sub.ctx, (ast.Store, ast.Del))}


def _assigned(node: ast.AST) -> set[str]:
    names: set[str] = set()
    for sub in ast.walk(node):
        if isinstance(sub, ast.Name) and isinstance(sub.ctx, (ast.Store, ast.Del)):
            names.add(sub.id)
    if isinstance(node, ast.stmt):
        names |= _mutated(node)
    return names


def _blocks(stmt: ast.stmt) -> list[list[ast.stmt]]:
    blocks = [getattr(stmt, "body", []), getattr(stmt, "orelse", [])]
    if isinstance(stmt, ast.Try):
        blocks += [h.body for h in stmt.handlers] + [stmt.finalbody]
    return blocks


def _is_main_guard(test: ast.expr) -> bool:
    return (isinstance(test, ast.Compare) and isinstance(test.left, ast.Name)
            and test.left.id == "__name__")


_SEQUENCE_BUILTINS = ("enumerate", "zip", "reversed", "list", "tuple")


def _sequence_builtin(name: str, args: list[Any]) -> Any:
    """``enumerate`` / ``zip`` / ``reversed`` / ``list`` / ``tuple`` of plain sequences, as the
    lists a loop would go through (module objects inside are shared, as in Python)."""
    if not args or not all(isinstance(a, (list, tuple)) for a in args):
        return UNKNOWN
    if name == "enumerate" and len(args) == 1:
        return [(i, item) for i, item in enumerate(args[0])]
    if name == "zip":
        return [tuple(items) for items in zip(*args)]
    if name == "reversed" and len(args) == 1:
        return list(reversed(args[0]))
    if name in ("list", "tuple") and len(args) == 1:
        return list(args[0]) if name == "list" else tuple(args[0])
    return UNKNOWN


def _truth(value: Any) -> bool | None:
    """Python's truth of a plain value; None when layerlint cannot tell."""
    if isinstance(value, (bool, int, float, str, list, tuple, dict)) or value is None:
        return bool(value) if value is not None else False
    return None


_COMPARE = {ast.Eq: lambda a, b: a == b, ast.NotEq: lambda a, b: a != b,
            ast.Lt: lambda a, b: a < b, ast.LtE: lambda a, b: a <= b,
            ast.Gt: lambda a, b: a > b, ast.GtE: lambda a, b: a >= b}


def _compare(op: ast.cmpop, left: Any, right: Any) -> Any:
    """A comparison of two numbers or two strings; anything else is unknown."""
    plain = (_is_number(left) and _is_number(right)) or (
        isinstance(left, str) and isinstance(right, str))
    if not plain or type(op) not in _COMPARE:
        return UNKNOWN
    return _COMPARE[type(op)](left, right)


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _is_dim(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


def _arith(op: ast.operator, left: Any, right: Any) -> Any:
    if not (_is_number(left) and _is_number(right)):
        if isinstance(op, ast.Add) and isinstance(left, (tuple, list)) and type(left) is type(
                right):
            return left + right
        return UNKNOWN
    try:
        if isinstance(op, ast.Add):
            return left + right
        if isinstance(op, ast.Sub):
            return left - right
        if isinstance(op, ast.Mult):
            return left * right
        if isinstance(op, ast.FloorDiv):
            return left // right
        if isinstance(op, ast.Div):
            return left / right
        if isinstance(op, ast.Mod):
            return left % right
        if isinstance(op, ast.Pow) and abs(right) < 64:
            return left**right
    except (ZeroDivisionError, OverflowError):
        return UNKNOWN
    return UNKNOWN


def _as_module(value: Any) -> Any:
    return value.root if isinstance(value, Model) else (value if is_module(value) else UNKNOWN)


def _sequential(args: list[Any], kwargs: dict[str, Any], span: Any) -> Any:
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


def _ordered_dict(args: list[Any]) -> Any:
    if not args:
        return Pairs([])
    items = args[0]
    if isinstance(items, (list, tuple)) and all(
            isinstance(p, tuple) and len(p) == 2 for p in items):
        return Pairs(list(items))
    return UNKNOWN


def _dtype(kwargs: dict[str, Any], default: str | None) -> str | None:
    value = kwargs.get("dtype")
    if value is None:
        return default
    if isinstance(value, Ref) and value.dotted.startswith("torch."):
        return _DTYPES.get(value.dotted[len("torch."):])
    return None


def _size_args(args: list[Any], kwargs: dict[str, Any]) -> tuple | None:
    size = args
    if len(args) == 1 and isinstance(args[0], (tuple, list)):
        size = list(args[0])
    if not args and isinstance(kwargs.get("size"), (tuple, list)):
        size = list(kwargs["size"])
    if size and all(_is_dim(d) for d in size):
        return tuple(size)
    return None


def _created(args: list[Any], kwargs: dict[str, Any], span: Any, dtype: str) -> Any:
    """The tensor ``torch.randn(...)`` & co. create; None when its size is not known."""
    shape = _size_args(args, kwargs)
    if shape is None:
        return None
    return ArrayValue(shape, _dtype(kwargs, dtype), span, span)


def _randint(args: list[Any], kwargs: dict[str, Any], span: Any) -> Any:
    size = kwargs.get("size", args[-1] if args else None)
    numbers = [a for a in args if not isinstance(a, (tuple, list))]
    if not isinstance(size, (tuple, list)) or not all(_is_dim(d) for d in size) or not size:
        return None
    high = numbers[-1] if numbers else kwargs.get("high")
    low = numbers[0] if len(numbers) == 2 else kwargs.get("low", 0)
    value = ArrayValue(tuple(size), _dtype(kwargs, "int64"), span, span)
    if isinstance(high, int):
        value.max_value = high - 1
    if isinstance(low, int):
        value.min_value = low
    return value


def _literal_tensor(args: list[Any], kwargs: dict[str, Any], span: Any) -> Any:
    if not args:
        return UNKNOWN
    shape: list[int] = []
    data = args[0]
    kinds: set[type] = set()

    def walk(value: Any, depth: int) -> bool:
        if isinstance(value, (list, tuple)):
            if len(shape) <= depth:
                shape.append(len(value))
            elif shape[depth] != len(value):
                return False
            return all(walk(v, depth + 1) for v in value)
        if not _is_number(value) and not isinstance(value, bool):
            return False
        if len(shape) != depth:
            return False
        kinds.add(type(value))
        return True

    if not walk(data, 0):
        return UNKNOWN
    default = "float32" if float in kinds else ("bool" if kinds == {bool} else "int64")
    return ArrayValue(tuple(shape), _dtype(kwargs, default), span, span)


def _batch(loader: Loader) -> Any:
    dataset, batch = loader.dataset, loader.batch_size
    if not isinstance(dataset, Dataset) or not _is_dim(batch) or not batch:
        return UNKNOWN
    out: list[Any] = []
    for tensor in dataset.tensors:
        if isinstance(tensor, ArrayValue) and tensor.shape and isinstance(tensor.shape[0], int):
            first = min(batch, tensor.shape[0])
            out.append(ArrayValue((first, *tensor.shape[1:]), tensor.dtype, tensor.span,
                                  tensor.origin))
        else:
            out.append(UNKNOWN)
    return out


def _tensor_method(x: ArrayValue, attr: str, args: list[Any], kwargs: dict[str, Any],
                   span: Any) -> Any:
    """Shape-plain methods on data before it reaches a model."""
    shape = x.shape
    if shape is None and x.origin is not None:  # still sized by the value it could not evaluate
        return ArrayValue(None, None, span, x.origin, x.name)
    if shape is None or not all(isinstance(d, int) for d in shape):
        return UNKNOWN
    dtype = _METHOD_DTYPE.get(attr, x.dtype)
    if attr == "to":  # a device keeps the dtype; a dtype (or an unknown value) may change it
        targets = [*args, *kwargs.values()]
        if not all(isinstance(t, str) for t in targets):
            dtype = None
    if attr in _SAME_SHAPE:
        return ArrayValue(shape, dtype, span, x.origin)
    if attr == "unsqueeze" and len(args) == 1 and isinstance(args[0], int):
        d = args[0] if args[0] >= 0 else args[0] + len(shape) + 1
        if 0 <= d <= len(shape):
            return ArrayValue(shape[:d] + (1,) + shape[d:], dtype, span, x.origin)
    if attr == "permute":
        dims = tuple(args[0]) if len(args) == 1 and isinstance(args[0], (tuple, list)) else tuple(
            args)
        if sorted(d % len(shape) for d in dims if isinstance(d, int)) == list(range(len(shape))) \
                and len(dims) == len(shape):
            return ArrayValue(tuple(shape[d] for d in dims), dtype, span, x.origin)
    if attr == "transpose" and len(args) == 2 and all(isinstance(a, int) for a in args):
        a, b = (d % len(shape) for d in args)
        dims = list(shape)
        dims[a], dims[b] = dims[b], dims[a]
        return ArrayValue(tuple(dims), dtype, span, x.origin)
    if attr in ("view", "reshape"):
        size = list(args[0]) if len(args) == 1 and isinstance(args[0], (tuple, list)) else args
        total = 1
        for d in shape:
            total *= d  # type: ignore[operator]
        if all(isinstance(d, int) for d in size) and size.count(-1) <= 1:
            known = 1
            for d in size:
                if d != -1:
                    known *= d
            if -1 in size and known and total % known == 0:
                size = [total // known if d == -1 else d for d in size]
            if all(d >= 0 for d in size) and _prod(size) == total:
                return ArrayValue(tuple(size), dtype, span, x.origin)
    return UNKNOWN


def _prod(values: list[int]) -> int:
    out = 1
    for v in values:
        out *= v
    return out
