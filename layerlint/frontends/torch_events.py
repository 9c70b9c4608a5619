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
from typing import Any

from ..ir import (
    UNKNOWN,
    ArrayValue,
    Call,
    DataCall,
    DimExpr,
    ModelIR,
    TensorDim,
    TorchConstruct,
    TorchModule,
    TorchSequential,
    TorchUnmodelled,
    Unfollowed,
    UnknownNumber,
)
from ..layers.base import lookup
from . import unfollowed
from .interpreter import MAX_UNROLLED_STATEMENTS
from .literals import PREFIX as LITERAL_PREFIX
from .scopes import count_statements, loop_jumps, mentioned_names, walk
from .source import SourceMap
from .torch_classes import ClassFollowing
from .torch_data_steps import NO_ITEM, NOT_DATA, DataSteps
from .torch_datasets import DatasetClass, DatasetFollowing, dataset_class
from .torch_library import NumpyMethod, numpy_method
from .torch_direct import direct_output
from .torch_training import RootMode, TrainingSteps
from .torch_script import (
    LossModule,
    ScriptSteps,
    ScriptTrace,
    TracedShape,
    TracedTensor,
    callee_arguments,
    function_name,
    has_sizes,
    is_tensor,
    loss_module,
    loss_operands,
    no_shapes,
    no_sizes,
    shape_item,
    size_arithmetic,
    traced_size,
)
from .torch_modules import (
    CONTAINERS,
    KEEPS_MODEL,
    STRUCTURAL,
    BoundMethod,
    ListMethod,
    LocalClass,
    LocalFunction,
    Model,
    ModelMethod,
    Same,
    SelfView,
    SeqMethod,
    TensorMethod,
    add_call,
    assigned_names,
    descendants,
    forget,
    is_called,
    is_container,
    is_main_guard,
    is_module,
    is_module_class,
    sequential,
    stmt_blocks,
)
from .torch_values import (
    CREATORS,
    DEVICE,
    DTYPE_METHODS,
    MAX_UNROLL,
    SEQUENCE_BUILTINS,
    SNIPPET_NAMES,
    Layered,
    Pairs,
    Ref,
    arith,
    changes_dtypes,
    compare,
    created_tensor,
    is_device_name,
    is_dim,
    is_number,
    literal_tensor,
    ordered_dict,
    plain_range,
    python_number,
    randint_tensor,
    sequence_builtin,
    to_target,
    truth_of,
)


_BUILTINS_READ = frozenset(("len", "iter", "next", "enumerate", "float", "int",
                            *SEQUENCE_BUILTINS))  # what builtin_call reads (when not rebound)


def extract_torch_models(tree: ast.Module, smap: SourceMap,
                         not_followed: list[Unfollowed] | None = None) -> list[ModelIR]:
    """The torch models of a parsed file (empty when the file does not use torch); models it
    meets but does not follow (loaded ones) are appended to ``not_followed``."""
    extractor = TorchExtractor(smap)
    models = extractor.run(tree)
    if not_followed is not None:
        not_followed.extend(extractor.unfollowed)
    return models



class TorchExtractor(ClassFollowing, DatasetFollowing, ScriptSteps, DataSteps, TrainingSteps):
    def __init__(self, smap: SourceMap) -> None:
        self.smap = smap
        self.module_env: dict[str, Any] = {}
        self.models: list[Model] = []
        self.class_depth = 0  # classes and functions being followed, nested
        # The function whose body is being read where it is defined (its models' scope), and
        # the functions followed at a call (their read-once models are dropped).
        self.reading: ast.FunctionDef | None = None
        self.followed: set[int] = set()
        self.in_uncertain = False  # the statement being run may not run (a loop, a condition)
        self.uses_torch = False
        # Statements of unrolled loops, file-wide: nested loops multiply (as the Keras
        # interpreter bounds them, interpreter.MAX_UNROLLED_STATEMENTS).
        self.unrolled = 0
        self.unfollowed: list[Unfollowed] = []  # frontends/unfollowed.py
        # Tensors outside any model (frontends/torch_script.py); not traced while a function
        # body is read where it is defined or a class's __init__ is followed (script_off).
        self.trace = ScriptTrace(smap)
        self.script_off = 0
        # The parameters' dtype: float32 unless the file may convert them somewhere layerlint
        # does not follow (a submodule's .double(), set_default_dtype, autocast).
        self.weights_dtype = None if changes_dtypes("\n".join(smap.lines)) else "float32"
        self.converted: set[int] = set()  # ids of module trees given another dtype

    # --- statements -----------------------------------------------------------------------------

    def run(self, tree: ast.Module) -> list[ModelIR]:
        self.exec_block(tree.body, self.module_env, uncertain=False)
        nested = {id(child) for m in self.models for child in descendants(m.root)} \
            if len(self.models) > 1 else set()  # (a root is never inside itself)
        # A function followed where it is called: the models its body made when read alone
        # (with unknown arguments) stand for what the call returned.
        models = [m for m in self.models if not (
            m.scope is not None and id(m.scope) in self.followed and not is_called(m.ir))]
        script = self.trace.model()
        if script is not None:  # the replay resolves the trace's sizes inside them
            script.events[0].roots = [m.root for m in self.models]  # type: ignore[union-attr]
        return [*([script] if script else []),
                *(m.ir for m in models if id(m.root) not in nested or is_called(m.ir))]

    @property
    def tracing(self) -> bool:  # type: ignore[override]
        """Whether the statement being run is a step of the script (it runs, once)."""
        return not self.script_off and not self.in_uncertain

    def exec_block(self, body: list[ast.stmt], env: dict[str, Any], uncertain: bool) -> None:
        outer, self.in_uncertain = self.in_uncertain, uncertain or self.in_uncertain
        try:
            for stmt in body:
                self.exec_stmt(stmt, env, uncertain)
        finally:
            self.in_uncertain = outer

    def exec_stmt(self, stmt: ast.stmt, env: dict[str, Any], uncertain: bool) -> None:
        if isinstance(stmt, (ast.Assign, ast.AnnAssign)):  # the commonest kinds first
            if stmt.value is None:
                return
            before = len(self.unfollowed)
            value = self.eval(stmt.value, env)
            targets = stmt.targets if isinstance(stmt, ast.Assign) else [stmt.target]
            if len(self.unfollowed) > before:
                unfollowed.name_records(self.unfollowed[before:], targets)
            for target in targets:
                self.bind(target, value, env, stmt.value)
        elif isinstance(stmt, ast.Expr):
            self.eval(stmt.value, env, uncertain=uncertain)
        elif isinstance(stmt, ast.Import):
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
            dataset = dataset_class(stmt, base)  # a Dataset subclass: torch_datasets.py
            env[stmt.name] = dataset or (LocalClass(stmt, base) if is_module_class(base)
                                         else UNKNOWN)
        elif isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef)):
            env[stmt.name] = UNKNOWN
            # Read once, straight-line, where it is defined. A model of the enclosing scope is
            # unknown inside: when (and whether) the function changes or calls it is not known.
            # Only the names the body mentions can be read in it: looking at those, not at
            # every variable of the scope, keeps a file of many functions linear.
            local = {name: UNKNOWN for name in mentioned_names(stmt)
                     if name in env.keys() and isinstance(env[name], Model)}
            for arg in stmt.args.posonlyargs + stmt.args.args + stmt.args.kwonlyargs:
                local[arg.arg] = UNKNOWN
            if stmt.args.vararg:
                local[stmt.args.vararg.arg] = UNKNOWN
            if stmt.args.kwarg:
                local[stmt.args.kwarg.arg] = UNKNOWN
            reading, self.reading = self.reading, stmt if isinstance(stmt, ast.FunctionDef) \
                else None
            self.script_off += 1
            try:
                self.exec_block(stmt.body, Layered(local, env), uncertain=False)
            finally:
                self.reading = reading
                self.script_off -= 1
            if isinstance(stmt, ast.FunctionDef):
                env[stmt.name] = LocalFunction(stmt)
        elif isinstance(stmt, ast.AugAssign):
            self.augmented(stmt, env, uncertain)
        elif isinstance(stmt, (ast.With, ast.AsyncWith)):
            self.with_block(stmt, env, uncertain)  # torch.no_grad(): torch_training.py
        elif isinstance(stmt, ast.If) and is_main_guard(stmt.test):
            self.exec_block(stmt.body, env, uncertain)
        elif isinstance(stmt, ast.For) and (items := self.unrollable(stmt, env)) is not None:
            for item in items:
                self.bind(stmt.target, item, env, stmt.iter, make_models=False)
                self.exec_block(stmt.body, env, uncertain)
            self.exec_block(stmt.orelse, env, uncertain)
        elif isinstance(stmt, ast.For) and not loop_jumps(stmt) and (
                first := self.first_item(stmt, env)) is not NO_ITEM:
            self.bind(stmt.target, first, env, stmt.iter, make_models=False)
            self.exec_block(stmt.body, env, uncertain)  # the first iteration runs: as plain
            inner = dict(env) if not isinstance(env, Layered) else env.copy()  # code; the
            self.bind_loop_target(stmt.target, self.eval(stmt.iter, env), inner)  # later ones
            self.exec_block(stmt.body, inner, uncertain=True)  # as a loop: what they change
            forget(stmt, env)  # is unknown
        elif isinstance(stmt, (ast.For, ast.AsyncFor)):
            iterated = self.eval(stmt.iter, env)
            inner = dict(env) if not isinstance(env, Layered) else env.copy()
            self.bind_loop_target(stmt.target, iterated, inner)
            self.exec_block(stmt.body, inner, uncertain=True)
            forget(stmt, env)
        elif isinstance(stmt, ast.If) and (branch := self.taken(stmt, env)) is not None:
            self.exec_block(branch, env, uncertain)
        elif isinstance(stmt, (ast.If, ast.While, ast.Try)):
            inner = dict(env) if not isinstance(env, Layered) else env.copy()
            for block in stmt_blocks(stmt):
                self.exec_block(block, inner, uncertain=True)
            forget(stmt, env)

    def bind(self, target: ast.expr, value: Any, env: dict[str, Any], node: ast.expr,
             make_models: bool = True) -> None:
        if isinstance(target, ast.Name):
            if make_models and not self.class_depth and isinstance(
                    value, (TorchSequential, TorchModule)):
                value = self.model_of(value, target.id, node)
            env[target.id] = value
        elif isinstance(target, (ast.Tuple, ast.List)):
            items = value if isinstance(value, (tuple, list)) else None
            if isinstance(value, TracedTensor) and self.tracing and not any(
                    isinstance(e, ast.Starred) for e in target.elts):  # out, (h, c) = lstm(x)
                items = [self.trace.emit("getitem", "[]", (value.var,), node, (i,))
                         for i in range(len(target.elts))]
            if isinstance(value, TracedShape) and not any(
                    isinstance(e, ast.Starred) for e in target.elts):  # n, c = y.shape
                items = [TensorDim(value.var, i) for i in range(len(target.elts))]
            for i, elt in enumerate(target.elts):
                if isinstance(elt, ast.Starred):
                    for name in assigned_names(elt):
                        env[name] = UNKNOWN
                    items = None
                    continue
                item = items[i] if items is not None and i < len(items) else UNKNOWN
                self.bind(elt, item, env, node, make_models)
        else:
            for name in assigned_names(target):
                env[name] = UNKNOWN

    def unrollable(self, stmt: ast.For, env: dict[str, Any]) -> list[Any] | None:
        """The values of a loop run once per value, in order, as Python runs it: a literal or
        constant ``range`` or list, a body without break/continue/return, within the budget
        the Keras interpreter's unrolling keeps. None: the loop is read once, as uncertain."""
        if loop_jumps(stmt):
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
        for node in walk(stmt.test):
            if isinstance(node, (ast.NamedExpr, ast.Lambda, ast.Await, ast.Yield)) or (
                    isinstance(node, ast.Call) and not (
                        isinstance(node.func, ast.Name) and node.func.id == "len")):
                return None
        truth = truth_of(self.eval(stmt.test, env))
        if truth is None:
            return None
        return stmt.body if truth else stmt.orelse

    def augmented(self, stmt: ast.AugAssign, env: dict[str, Any], uncertain: bool) -> None:
        """``layers += [...]`` extends the list in place (aliases see it); ``n += 1`` on a
        number; anything else is unknown. A function's ``+=`` binds a local name."""
        name = stmt.target.id if isinstance(stmt.target, ast.Name) else None
        local = name is not None and (
            dict.__contains__(env, name) if isinstance(env, Layered) else name in env)
        if local:
            old = env[name]
            value = self.eval(stmt.value, env)
            if isinstance(old, list) and isinstance(stmt.op, ast.Add):
                if not uncertain and isinstance(value, (list, tuple)):
                    old.extend(value)
                else:  # as .append in a condition: what it adds is not known
                    old.append(UNKNOWN)
                return
            if is_number(old) and is_number(value):
                env[name] = arith(stmt.op, old, value)
                return
        for assigned in assigned_names(stmt.target) | self.mutated_objects(stmt, env):
            env[assigned] = UNKNOWN

    def model_of(self, root: Any, name: str, node: ast.expr) -> Model:
        for model in self.models:
            if model.root is root:
                return model
        ir = ModelIR(name, "torch", "torch", root.span,
                     torch_dtype=None if id(root) in self.converted else self.weights_dtype)
        ir.events.append(TorchConstruct(root, root.span))
        model = Model(ir, root, self.reading)
        self.models.append(model)
        return model

    # --- expressions ----------------------------------------------------------------------------

    def lookup(self, name: str, env: dict[str, Any]) -> Any:
        if name in env:
            return env[name]
        if name.startswith(LITERAL_PREFIX):  # a huge literal read apart (literals.py)
            value = self.smap.literals.value(name)
            return UNKNOWN if value is None else value
        if name in SNIPPET_NAMES:
            return Ref(SNIPPET_NAMES[name])
        if name == "OrderedDict":
            return Ref("collections.OrderedDict")
        return UNKNOWN

    def eval(self, node: ast.expr, env: dict[str, Any], uncertain: bool = False) -> Any:
        if isinstance(node, ast.Constant):
            return node.value
        if isinstance(node, ast.Name):
            return self.lookup(node.id, env)
        if isinstance(node, ast.Call):  # before the other kinds' tests: calls are most nodes
            return self.eval_call(node, env, uncertain)
        if isinstance(node, ast.Attribute):
            base = self.eval(node.value, env)
            if isinstance(base, Ref):  # (never data: first)
                return Ref(f"{base.dotted}.{node.attr}")
            if (value := self.data_attribute(base, node.attr, node)) is not NOT_DATA:
                return value
            if isinstance(base, ArrayValue) and node.attr == "shape" and base.shape is not None:
                return tuple(d if isinstance(d, int) else UNKNOWN for d in base.shape)
            if isinstance(base, TracedTensor) and (
                    size := traced_size(base, node.attr, None)) is not None:
                return size
            if is_tensor(base) and not isinstance(base, TracedTensor) and node.attr == "ndim":
                return len(base.shape)  # type: ignore[arg-type]
            if isinstance(base, Model):
                return ModelMethod(base, node.attr)
            if isinstance(base, SelfView):
                return self.self_attribute(base, node.attr)
            if isinstance(base, (TorchSequential, TorchModule)) and node.attr in ("eval", "train"):
                return RootMode(base, node.attr)  # a model inside a function: torch_training
            if isinstance(base, (TorchSequential, TorchModule)) and node.attr in KEEPS_MODEL:
                if node.attr in DTYPE_METHODS:  # nn.Sequential(...).double(), m.double()
                    self.converted.add(id(base))
                    for model in self.models:
                        if model.root is base:
                            model.ir.torch_dtype = None
                return Same(base)
            if is_container(base):
                return SeqMethod(base, node.attr)
            if isinstance(base, ArrayValue) and node.attr == "data":
                return self.tensor_data(node, base)  # torch_training.py
            if isinstance(base, ArrayValue):
                return TensorMethod(base, node.attr)
            if isinstance(base, list) and node.attr in ("append", "extend"):
                return ListMethod(base, node.attr)
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
            left, right = self.eval(node.left, env), self.eval(node.right, env)
            if (value := self.data_binary(node, left, right)) is not NOT_DATA:
                return value
            if is_tensor(left) or is_tensor(right):
                known = self.scalar_arithmetic(node, left, right)  # in a Dataset
                return known if known is not None else self.tensor_binary(node, left, right)
            value = arith(node.op, left, right)
            if value is UNKNOWN and (sized := size_arithmetic(node.op, left, right)) is not None:
                return sized  # ``y.size(1) - 1``: an int the replay computes
            if value is UNKNOWN and (isinstance(left, (TensorDim, DimExpr)) or isinstance(
                    right, (TensorDim, DimExpr))):
                # a traced size (``y.size(1) / 2``) is an int whose value only the run knows
                value = arith(node.op, *(UnknownNumber("int") if isinstance(
                    v, (TensorDim, DimExpr)) else v for v in (left, right)))
            return value
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
            value = self.eval(node.operand, env)
            if is_tensor(value) and self.tracing:
                return self.trace.emit("function", "torch.neg", (self.trace.var_of(value),),
                                       node)
            return -value if is_number(value) else UNKNOWN
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not):
            truth = truth_of(self.eval(node.operand, env))
            return UNKNOWN if truth is None else not truth
        if isinstance(node, ast.Compare) and len(node.ops) == 1:
            left, right = self.eval(node.left, env), self.eval(node.comparators[0], env)
            if (known := self.none_test(node.ops[0], left, right)) is not None:
                return known  # `self.transform is None` in a Dataset (torch_datasets.py)
            if is_tensor(left) or is_tensor(right):  # pred == y: torch_training.py
                return self.tensor_compare(node, left, right)
            return compare(node.ops[0], left, right)
        if isinstance(node, ast.BoolOp):  # and / or: the operand Python returns
            for i, operand in enumerate(node.values):
                value = self.eval(operand, env)
                truth = truth_of(value)
                if truth is None:
                    return UNKNOWN
                last = i == len(node.values) - 1
                if last or truth == isinstance(node.op, ast.Or):
                    return value
        if isinstance(node, ast.IfExp):  # only the branch Python takes is evaluated
            truth = truth_of(self.eval(node.test, env))
            if truth is None:  # "cuda" if torch.cuda.is_available() else "cpu"
                return DEVICE if all(is_device_name(b) for b in (node.body, node.orelse)) \
                    else UNKNOWN
            return self.eval(node.body if truth else node.orelse, env)
        if isinstance(node, ast.Subscript):
            base = self.eval(node.value, env)
            if (value := self.data_subscript(base, node, env)) is not NOT_DATA:
                return value
            index = self.eval(node.slice, env)
            if is_tensor(base):
                return self.tensor_getitem(node, base, self.index_of(node.slice, env))
            if isinstance(base, TracedShape):
                return shape_item(base, index)
            if isinstance(base, (tuple, list)) and isinstance(index, int):
                return base[index] if -len(base) <= index < len(base) else UNKNOWN
            if isinstance(base, ArrayValue) and base.shape and isinstance(index, int) and \
                    not isinstance(index, bool) and isinstance(base.shape[0], int) and \
                    -base.shape[0] <= index < base.shape[0]:  # h_n[-1]: one slice of axis 0
                span = self.smap.span(node)
                return ArrayValue(tuple(base.shape[1:]), base.dtype, span, span)
            if isinstance(base, (tuple, list)) and isinstance(node.slice, ast.Slice):
                parts = [self.eval(p, env) if p else None for p in
                         (node.slice.lower, node.slice.upper, node.slice.step)]
                if all(p is None or isinstance(p, int) for p in parts):
                    return base[slice(*parts)]
            return UNKNOWN
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
        return [self.eval(node.elt, Layered({gen.target.id: item}, env)) for item in items]

    def iterated(self, node: ast.expr, env: dict[str, Any]) -> list[Any] | None:
        """The values a loop over ``node`` takes, when the code makes them plain."""
        if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
                and node.func.id == "range" and "range" not in env and not node.keywords):
            return plain_range([self.eval(a, env) for a in node.args])
        value = self.eval(node, env)
        return list(value) if isinstance(value, (list, tuple)) else None

    def eval_call(self, node: ast.Call, env: dict[str, Any], uncertain: bool) -> Any:
        if isinstance(node.func, ast.Name) and node.func.id in _BUILTINS_READ:
            return self.builtin_call(node, env, uncertain)
        return self.plain_call(node, env, uncertain)

    def builtin_call(self, node: ast.Call, env: dict[str, Any], uncertain: bool) -> Any:
        if isinstance(node.func, ast.Name) and node.func.id in ("len", "iter", "next",
                                                                "enumerate") and \
                node.func.id not in env and not node.keywords and node.args and not any(
                    isinstance(a, ast.Starred) for a in node.args):
            args = [self.eval(a, env) for a in node.args]  # once: they may be steps
            if (value := self.data_builtin(node.func.id, node, args)) is not NOT_DATA:
                return value
            if node.func.id == "len" and len(args) == 1:
                return len(args[0]) if isinstance(args[0], (tuple, list, str)) else UNKNOWN
            return sequence_builtin("enumerate", args) if node.func.id == "enumerate" \
                else UNKNOWN
        if isinstance(node.func, ast.Name) and node.func.id in SEQUENCE_BUILTINS and \
                node.func.id not in env and not node.keywords and \
                not any(isinstance(a, ast.Starred) for a in node.args):
            return sequence_builtin(node.func.id, [self.eval(a, env) for a in node.args])
        if isinstance(node.func, ast.Name) and node.func.id in ("float", "int") and \
                node.func.id not in env and len(node.args) == 1 and not node.keywords:
            return python_number(node.func.id, [self.eval(node.args[0], env)])
        return self.plain_call(node, env, uncertain)

    def plain_call(self, node: ast.Call, env: dict[str, Any], uncertain: bool) -> Any:
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
        kwargs: dict[str, Any] = {}
        for k in node.keywords:  # f(**kwargs) of a dict the code makes plain
            value = self.eval(k.value, env)
            if k.arg is None and not (isinstance(value, dict) and all(
                    isinstance(key, str) for key in value)):
                return UNKNOWN
            kwargs.update(value if k.arg is None else {k.arg: value})
        if isinstance(func, Ref):
            return self.call_ref(func.dotted, node, args, kwargs, uncertain)
        if func is UNKNOWN:  # (``print(...)``): none of the callees below
            return UNKNOWN
        if isinstance(func, (LocalClass, LocalFunction, BoundMethod)):
            # A traced size flows into the file's classes and functions (``Net(y.shape[-1])``):
            # the modules it sizes are resolved by the replay; a whole shape is not followed.
            args, kwargs = [no_shapes(a) for a in args], {k: no_shapes(v) for k, v in kwargs.items()}
        elif not isinstance(func, TensorMethod):  # no replay resolves a traced size there
            args, kwargs = [no_sizes(a) for a in args], {k: no_sizes(v) for k, v in kwargs.items()}
        if isinstance(func, DatasetClass):
            return self.make_dataset(func, args, kwargs)
        if isinstance(func, LocalClass):
            made = self.instantiate(func, node, args, kwargs)
            if isinstance(made, TorchUnmodelled):  # a model unless a followed one holds it
                self.unfollowed.append(unfollowed.record(
                    "nn.Module", made.reason, made.span, "torch", made))
            return made
        if isinstance(func, LocalFunction):
            return self.call_function(func.node, args, kwargs, None)
        if isinstance(func, BoundMethod):
            return self.call_function(func.node, args, kwargs, func.view)
        if isinstance(func, Model):
            return self.forward_call(func, node, args, kwargs)
        if isinstance(func, (Call, TorchSequential, TorchModule)):
            return self.direct_call(func, node, args, kwargs)
        if isinstance(func, ModelMethod):
            if (made := self.model_method(func, args, kwargs, uncertain)) is not None:
                return made
            if func.attr in DTYPE_METHODS or func.attr == "to" and to_target(
                    args, kwargs) != "device":
                func.model.ir.torch_dtype = None  # model.double(), model.to(dtype)
            if func.attr in KEEPS_MODEL:
                return func.model
            if func.attr in STRUCTURAL and is_container(func.model.root):
                return SeqMethod(func.model.root, func.attr).call(
                    args, uncertain, self.smap.span(node))
            if func.attr == "forward":
                return self.forward_call(func.model, node, args, kwargs)
            return UNKNOWN
        if isinstance(func, SeqMethod):
            return func.call(args, uncertain, self.smap.span(node))
        if isinstance(func, RootMode):
            return self.set_mode(func.root, func.attr, args, kwargs, uncertain)
        if isinstance(func, Same):
            return func.value
        if isinstance(func, ListMethod):
            if uncertain:
                func.target.append(UNKNOWN)
            elif func.attr == "append" and len(args) == 1:
                func.target.append(args[0])
            elif func.attr == "extend" and len(args) == 1 and isinstance(args[0], (list, tuple)):
                func.target.extend(args[0])
            else:
                func.target.append(UNKNOWN)
            return None
        if isinstance(func, TensorMethod):
            return self.tensor_method_call(node, func, args, kwargs)
        if isinstance(func, NumpyMethod):
            return numpy_method(func, args, kwargs, self.smap.span(node))
        if isinstance(func, LossModule):
            return self.loss_call(node, func, args, kwargs)
        if isinstance(func, TorchUnmodelled) and (func.kind or "").endswith("Loss"):
            return self.unmodelled_loss(node, func, args)  # nn.CTCLoss: an LL901 note
        return UNKNOWN

    def call_ref(self, dotted: str, node: ast.Call, args: list[Any], kwargs: dict[str, Any],
                 uncertain: bool) -> Any:
        span = self.smap.span(node)
        short = dotted.rsplit(".", 1)[-1]
        # A number of unknown value matters only to a tensor operator (torch_script); to any
        # other callee it is a value layerlint could not evaluate. A traced size (``y.shape[1]``)
        # is resolved by the replay in a module of torch.nn or a step of the trace; to any other
        # callee it is a value layerlint could not evaluate.
        raw, sized, (args, kwargs) = callee_arguments(args, kwargs)
        if dotted == "torch.device":
            return DEVICE
        if dotted.startswith("torch.optim.") and (
                made := self.optimizer_call(dotted, node, args, kwargs)) is not None:
            return made
        if dotted == "collections.OrderedDict":
            return ordered_dict(args)
        if dotted.startswith("math.") and not kwargs:
            return python_number(dotted, args)
        if dotted in ("torch.nn.Sequential", "torch.nn.modules.container.Sequential"):
            if not (len(args) == 1 and isinstance(args[0], Pairs)):
                args = self.as_modules(args, node)
            return sequential(args, kwargs, span)
        if short in CONTAINERS and dotted in (f"torch.nn.{short}",
                                              f"torch.nn.modules.container.{short}"):
            return self.container(short, node, args, kwargs)
        if dotted.startswith("torch.nn.") and dotted.count(".") == 2 and short[:1].isupper():
            loss = loss_module(short, args, kwargs, span) if self.tracing else None
            if loss is not None:
                return loss
            args, kwargs = sized
            if lookup("torch", short) is None:  # a torch module layerlint does not model
                return TorchUnmodelled(short, span, f"nn.{short} is not modelled by layerlint")
            arg_spans: dict[int | str, Any] = {
                i: self.smap.span(a) for i, a in enumerate(node.args)}
            arg_spans.update({k.arg: self.smap.span(k.value) for k in node.keywords if k.arg})
            return Call(short, dotted, tuple(args), kwargs, span, self.smap.span(node.func),
                        arg_spans)
        if dotted in CREATORS:
            return created_tensor(args, kwargs, span, "float32") or self.traced_creation(
                dotted, node, *raw) or self.unevaluated(node, args, kwargs)
        if dotted == "torch.randint":
            return randint_tensor(args, kwargs, span) or self.traced_creation(
                dotted, node, *raw) or self.unevaluated(node, args, kwargs)
        if dotted == "torch.tensor" and (made := literal_tensor(args, kwargs, span)) is not UNKNOWN:
            return made
        if (value := self.library_value(dotted, node, args, kwargs)) is not NOT_DATA:
            return value  # numpy, torch.from_numpy, DataLoader, torchvision (library/)
        if short == "summary" and dotted.split(".")[0] in ("torchinfo", "torchsummary"):
            return self.summary_call(dotted.split(".")[0], node, args, kwargs)
        name = function_name(dotted)
        if name is not None and not loss_operands(name, args, kwargs):
            name = None  # F.cross_entropy(out, t) with t only the run knows
        args, kwargs = sized if name is not None else (args, kwargs)
        if name is not None and self.tracing and (traced := self.trace.call_args(
                node, args, kwargs, 0)) is not None:
            inputs, rest, named = traced
            return self.trace.emit("function", name, tuple(inputs), node, rest, named,
                                   self.arg_nodes(node, 1))
        loaded = unfollowed.loader(dotted)
        if loaded is not None and loaded[2] == "torch":
            kind, reason, framework = loaded
            check = unfollowed.CHECK_USE if dotted in unfollowed.MAYBE_NOT_A_MODEL else None
            self.unfollowed.append(unfollowed.record(kind, reason, span, framework, check))
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
                     kwargs: dict[str, Any], known: Any = None) -> Any:
        """``model(x)``: a DataCall of the model; its output (``known`` when the walk worked it
        out) is a step of the script's trace, its shape the replay's."""
        given = args[0] if len(args) == 1 and not kwargs else UNKNOWN
        x = given
        if isinstance(x, ArrayValue):
            x = ArrayValue(x.shape, x.dtype, self.smap.span(node.args[0]), x.origin, x.name,
                           max_value=x.max_value, min_value=x.min_value, bounds=x.bounds)
        call = DataCall("__call__", x, None, self.smap.span(node),
                        kwargs=self.mode_kwargs(model))
        add_call(model, call)
        var = self.trace.var_of(given) if self.tracing else None
        if var is None:
            return known if known is not None else UNKNOWN
        value = self.trace.emit("call", "", (var,), node, (model.ir, call), known=known)
        if isinstance(known, tuple):  # an RNN's (output, h_n): the replay knows their layout
            return self.trace.split(value.var, known, node)
        return value

    def direct_call(self, module: Any, node: ast.Call, args: list[Any],
                    kwargs: dict[str, Any]) -> Any:
        """A module called on a tensor outside a model: checked as a one-module model (an
        nn.Sequential or a class instance not bound to a name: as that model). A module
        of the catalogue returns its output, which flows on."""
        x = args[0] if len(args) == 1 and not kwargs else UNKNOWN
        # In a followed function too, when the call is a step of the script.
        if (self.class_depth and not self.tracing) or not isinstance(x, ArrayValue):
            return UNKNOWN
        text = ast.unparse(node.func)
        model = self.model_of(module, text if len(text) <= 40 else text[:37] + "...", node)
        if isinstance(module, Call):  # a try-out of one module: checked, not a model
            model.ir.kind = "tensors"
        known = direct_output(module, x, self.smap.span(node), self.weights_dtype) if isinstance(module, Call) and \
            not has_sizes([module.args, list(module.kwargs.values())]) else None
        return self.forward_call(model, node, args, kwargs, known if known is not UNKNOWN
                                 else None)

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
        if isinstance(size, (tuple, list)) and size and all(is_dim(d) for d in size):
            dtypes = kwargs.get("dtypes")
            dtype = UNKNOWN if dtypes is not None else "float32"
            x: Any = ArrayValue(tuple(size), dtype if dtype is not UNKNOWN else None, span, span)
        elif "input_data" in kwargs and isinstance(kwargs["input_data"], ArrayValue):
            x = kwargs["input_data"]
        else:
            x = UNKNOWN
        add_call(model, DataCall("__call__", x, None, span, kwargs={"via": package}))
        return UNKNOWN

