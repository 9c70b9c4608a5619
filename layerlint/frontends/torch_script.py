"""Tensors computed outside any model, traced as the script runs (``y = F.relu(x)``,
``z = torch.flatten(y, 1)``, ``out = model(z)``, ``p = nn.Linear(6, 2)(out)``).

Each step becomes a :class:`~layerlint.ir.TorchOp` of one trace (an ``ir.TorchScript`` in a
``ModelIR(kind="tensors")``: checked, never listed as a model). The replay runs the trace in
order through the torch function catalogue and the models' forwards, reports where torch
raises, and gives each model call its input when only the trace knows it (a model's output
flowing into another model).

The walk keeps a tensor's shape when it can tell it alone (tensors from constructors, the
plain methods of ``torch_values.tensor_method``, modules called directly); any other result is
a :class:`TracedTensor`: its shape is the replay's business, and unknown to the walk. Its
sizes (``y.shape[1]``, ``y.size(0)``) are ``TensorDim``s of its trace variable, which the
replay resolves where they are used: in a step of the trace (``y.view(y.size(0), -1)``) or in
a module called on the trace (``nn.Linear(y.shape[1], 10)(y)``); anywhere else they are
values layerlint could not evaluate.
"""

from __future__ import annotations

import ast
import itertools
import math
from dataclasses import dataclass
from typing import Any

from ..ir import (
    UNKNOWN,
    ArrayValue,
    Call,
    DimExpr,
    ModelIR,
    OpOperand,
    Span,
    TensorDim,
    TorchOp,
    TorchModule,
    TorchScript,
    TorchSequential,
    TorchUnmodelled,
    UnknownNumber,
)
from ..layers.torch._function import lookup_function
from ..layers.torch.functions_loss import LOSS_MODULES, LOSS_TENSORS
from .literals import holds
from .source import SourceMap
from .torch_library import SampleIndex, tensor_to_numpy
from .torch_values import (
    CAST_METHODS,
    as_unknown,
    dtype_of,
    tensor_method,
    tensor_type,
    to_target,
)

# Python operators on tensors, as TorchOp targets (replay/torch/ops.OPERATORS names them).
OPERATORS = ("Add", "Sub", "Mult", "Div", "FloorDiv", "Mod", "Pow", "MatMult")


@dataclass
class TracedTensor(ArrayValue):
    """A tensor of the script whose shape only the replay knows: trace variable ``var``."""

    var: str = ""


def function_name(dotted: str) -> str | None:
    """``torch.nn.functional.relu`` -> ``F.relu``, ``torch.flatten`` -> ``torch.flatten``: the
    catalogue's name, when the catalogue has the function."""
    for prefix, short in (("torch.nn.functional.", "F."), ("torch.", "torch.")):
        if dotted.startswith(prefix):
            name = short + dotted[len(prefix):]
            return name if lookup_function(name) is not None else None
    return None


def is_tensor(value: Any) -> bool:
    """A tensor the trace can follow: traced, or of known rank (a dim only the data knows,
    a batch of a loader over a dataset of unknown size, is ``"?"``)."""
    return isinstance(value, ArrayValue) and (isinstance(value, TracedTensor) or (
        value.shape is not None and all(isinstance(d, (int, str)) for d in value.shape)))


@dataclass(frozen=True)
class TracedShape:
    """``y.shape`` / ``y.size()`` of a TracedTensor: its items are TensorDims of ``var``."""

    var: str


def traced_size(tensor: TracedTensor, attr: str, args: list[Any] | None) -> Any:
    """``y.shape``, ``y.size(i)``, ``y.dim()``, ``y.ndim``, ``y.numel()`` of a tensor only the
    replay knows (``args`` None: an attribute); None when ``attr`` is none of them. A rank or
    a count is an int whose value only the run knows."""
    if args is None:
        if attr == "shape":
            return TracedShape(tensor.var)
        return UnknownNumber("int") if attr == "ndim" else None
    if attr == "size":
        if not args:
            return TracedShape(tensor.var)
        axis = args[0]
        if len(args) == 1 and isinstance(axis, int) and not isinstance(axis, bool):
            return TensorDim(tensor.var, axis)
        return UNKNOWN
    if attr in ("dim", "numel", "ndimension", "nelement"):
        return UnknownNumber("int") if not args else UNKNOWN
    return None


def known_size(tensor: ArrayValue, attr: str, args: list[Any] | None) -> Any:
    """The same of a tensor whose shape the walk knows: plain numbers; None when ``attr`` is
    none of them or the call is not plain (torch's error is not modelled)."""
    shape = tuple(tensor.shape)  # type: ignore[arg-type]
    if args is None:
        return len(shape) if attr == "ndim" else None
    if attr == "size" and len(args) == 1 and isinstance(args[0], int) and \
            not isinstance(args[0], bool) and -len(shape) <= args[0] < len(shape):
        return shape[args[0]] if isinstance(shape[args[0]], int) else UNKNOWN
    if attr in ("dim", "ndimension") and not args:
        return len(shape)
    if attr in ("numel", "nelement") and not args:
        return math.prod(shape) if all(isinstance(d, int) for d in shape) else UNKNOWN
    if attr == "size" and not args:
        return tuple(d if isinstance(d, int) else UNKNOWN for d in shape)
    return None


def shape_item(shape: TracedShape, index: Any) -> Any:
    """``y.shape[1]``: a TensorDim; a slice or anything else is unknown."""
    if isinstance(index, int) and not isinstance(index, bool):
        return TensorDim(shape.var, index)
    return UNKNOWN


SIZES = (TensorDim, DimExpr, TracedShape)


def no_sizes(value: Any) -> Any:
    """Traced sizes (inside tuples and lists too) as UNKNOWN: for a callee whose use of them
    no replay resolves (a library's function)."""
    if isinstance(value, SIZES):
        return UNKNOWN
    if isinstance(value, (tuple, list)) and holds(value, (*SIZES, tuple, list)):
        return type(value)(no_sizes(v) for v in value)
    return value


# Values as_unknown, no_shapes and no_sizes leave as they are (by exact type): plain values,
# modules (``nn.Sequential``'s arguments), data, UNKNOWN.
_SCALARS = frozenset((int, float, str, bool, type(None), Call, TorchSequential, TorchModule,
                      TorchUnmodelled, ArrayValue, type(UNKNOWN)))
Arguments = tuple[list[Any], dict[str, Any]]


def callee_arguments(args: list[Any], kwargs: dict[str, Any]) -> tuple[Arguments, ...]:
    """A call's arguments as its callee sees them, each a new (list, dict): numbers of
    unknown value UNKNOWN (``as_unknown``); then also no whole traced shape (``no_shapes``);
    then also no traced size (``no_sizes``)."""
    if _SCALARS.issuperset(map(type, args)) and _SCALARS.issuperset(
            map(type, kwargs.values())):  # the usual call
        return (list(args), dict(kwargs)), (list(args), dict(kwargs)), (list(args), dict(kwargs))
    args, kwargs = [as_unknown(a) for a in args], {k: as_unknown(v) for k, v in kwargs.items()}
    return ((args, kwargs), ([no_shapes(a) for a in args], {k: no_shapes(v) for k, v in
                                                           kwargs.items()}),
            ([no_sizes(a) for a in args], {k: no_sizes(v) for k, v in kwargs.items()}))


def no_shapes(value: Any) -> Any:
    """A whole TracedShape (``y.view(y.shape)``) as UNKNOWN: the replay resolves single
    sizes only."""
    if isinstance(value, TracedShape):
        return UNKNOWN
    if isinstance(value, (tuple, list)) and holds(value, (TracedShape, tuple, list)):
        return type(value)(no_shapes(v) for v in value)
    return value


def has_sizes(value: Any) -> bool:
    if isinstance(value, SIZES):
        return True
    return isinstance(value, (tuple, list)) and any(has_sizes(v) for v in value)


# Python's int operators a traced size keeps (``/`` makes a float: not a size).
SIZE_OPERATORS = ("Add", "Sub", "Mult", "FloorDiv", "Mod")


def size_arithmetic(op: ast.operator, left: Any, right: Any) -> Any:
    """``y.size(1) - 1``, ``2 * n``: a DimExpr the replay computes, when an operand is a traced
    size and the other an int (or a size); None when it is not such arithmetic."""
    name = type(op).__name__
    plain = (int, TensorDim, DimExpr)
    if name not in SIZE_OPERATORS or not any(isinstance(v, (TensorDim, DimExpr))
                                             for v in (left, right)):
        return None
    if not all(isinstance(v, plain) and not isinstance(v, bool) for v in (left, right)):
        return None
    return DimExpr(name, left, right)


@dataclass
class LossModule:
    """``nn.CrossEntropyLoss(...)`` made at script level: calling it on (output, targets)
    is its function (``F.cross_entropy``) with the module's keywords."""

    function: str
    kwargs: dict[str, Any]
    span: Span | None = None  # where it is made (a fix may edit it: BCELoss -> BCEWithLogitsLoss)


LOSS_FUNCTIONS = {function for function, _ in LOSS_MODULES.values()}


def loss_operands(name: str, args: list[Any], kwargs: dict[str, Any]) -> bool:
    """A loss function's input and target are tensors (not values only the run knows); True
    for any other function."""
    if name not in LOSS_FUNCTIONS:
        return True
    operands = [*args[:2], *(kwargs[k] for k in ("input", "target") if k in kwargs)]
    return len(operands) == 2 and all(isinstance(v, ArrayValue) for v in operands)


# the key of a loss op's ``arg_spans`` that holds where its module was made
LOSS_MODULE_SPAN = "<loss module>"


def loss_module(short: str, args: list[Any], kwargs: dict[str, Any],
                span: Span | None = None) -> LossModule | None:
    """The loss module ``nn.<short>(*args, **kwargs)``; None when it is no loss layerlint
    models or its arguments do not bind (the keywords a module passes on are its
    ``__init__``'s parameters, in order: LOSS_MODULES)."""
    if short not in LOSS_MODULES:
        return None
    function, passed = LOSS_MODULES[short]
    named = dict(zip(passed, args))
    if len(args) > len(passed) or set(named) & set(kwargs) or not set(kwargs) <= set(passed):
        return None
    return LossModule(function, {**named, **kwargs}, span)


class ScriptTrace:
    """The ops of the script's tensors, in the order the walk runs them."""

    def __init__(self, smap: SourceMap) -> None:
        self.smap = smap
        self.ops: list[TorchOp] = []
        self.vars: dict[int, str] = {}  # id(tensor value) -> trace variable
        self.kept: list[Any] = []  # the values ``vars`` names, kept alive
        self.counter = itertools.count()

    def var_of(self, value: Any) -> str | None:
        """The trace variable of a tensor (a sized one enters the trace as a ``tensor`` op);
        None for anything else (unknown, a tensor sized by a value layerlint could not
        evaluate)."""
        if isinstance(value, TracedTensor):
            return value.var
        if not is_tensor(value):
            return None
        if id(value) not in self.vars:
            span = value.span or value.origin or Span(1, 1, 1, 1)
            out = self._op("tensor", "", (), span, (value,))
            self._name(value, out)
        return self.vars[id(value)]

    def emit(self, kind: str, target: str, inputs: tuple[str, ...], node: ast.AST,
             args: tuple = (), kwargs: dict[str, Any] | None = None,
             arg_nodes: dict[int | str, ast.AST] | None = None, known: Any = None) -> Any:
        """Append an op; its value is ``known`` (a tensor whose shape the walk worked out)
        when given, else a TracedTensor."""
        span = self.smap.span(node)
        spans = {key: self.smap.span(n) for key, n in (arg_nodes or {}).items()}
        out = self._op(kind, target, inputs, span, args, kwargs or {}, spans)
        value = known if is_tensor(known) else TracedTensor(None, None, span, None, var=out)
        self._name(value, out)
        return value

    def split(self, var: str, known: tuple, node: ast.AST) -> tuple:
        """The items of a tuple the trace holds in ``var`` (``known``: what the walk knows of
        them), each a step of the trace."""
        items: list[Any] = []
        for i, item in enumerate(known):
            if isinstance(item, tuple):
                inner = self.emit("getitem", "[]", (var,), node, (i,))
                items.append(self.split(inner.var, item, node))
            else:
                items.append(self.emit("getitem", "[]", (var,), node, (i,), known=item))
        return tuple(items)

    def call_args(self, node: ast.Call, args: list[Any], kwargs: dict[str, Any],
                  first: int) -> tuple[list[str], tuple, dict[str, Any]] | None:
        """A call's tensors as trace inputs: the tensor (or list of tensors) at ``first``,
        then every other tensor argument referenced as an OpOperand; None when a tensor
        argument is unknown to the trace."""
        inputs: list[str] = []
        head = args[first] if len(args) > first else None
        listed = isinstance(head, (list, tuple)) and bool(head)
        for value in (head if listed else [head]):
            var = self.var_of(value)
            if var is None:
                return None
            inputs.append(var)

        def plain(value: Any) -> Any:
            if isinstance(value, ArrayValue):
                var = self.var_of(value)
                if var is None:
                    raise _Untraced
                inputs.append(var)
                return OpOperand(len(inputs) - 1)
            if isinstance(value, (list, tuple)):
                return type(value)(plain(v) for v in value)
            return value

        try:
            rest = tuple(plain(v) for v in args[first + 1:])
            named = {k: plain(v) for k, v in kwargs.items()}
        except _Untraced:
            return None
        return inputs, rest, named

    def model(self) -> ModelIR | None:
        """The trace as a ``tensors`` model (None when the script computes no tensor)."""
        if not any(op.kind != "tensor" for op in self.ops):
            return None
        span = self.ops[0].span
        model = ModelIR("<tensors>", "torch", "torch", span, order=0, kind="tensors")
        model.events.append(TorchScript(self.ops, span))
        return model

    def _op(self, kind: str, target: str, inputs: tuple[str, ...], span: Span,
            args: tuple = (), kwargs: dict[str, Any] | None = None,
            spans: dict[int | str, Span] | None = None) -> str:
        # "s%": never a forward's variable (a size of the script read in a forward, from a
        # global or an attribute ``__init__`` stored, is not one of the forward's tensors)
        out = f"s%{next(self.counter)}"
        self.ops.append(TorchOp(out, kind, target, inputs, span, args, kwargs or {},
                                spans or {}))
        return out

    def _name(self, value: Any, out: str) -> None:
        self.vars[id(value)] = out
        self.kept.append(value)


class _Untraced(Exception):
    """A tensor argument the trace does not know."""


def plain_index(value: Any) -> bool:
    """An index the replay's getitem takes: ints, slices of ints, None, Ellipsis, tuples."""
    parts = value if isinstance(value, tuple) else (value,)
    for part in parts:
        if isinstance(part, slice):
            if not all(b is None or (isinstance(b, int) and not isinstance(b, bool))
                       for b in (part.start, part.stop, part.step)):
                return False
        elif not (part is None or part is Ellipsis or (
                isinstance(part, int) and not isinstance(part, bool))):
            return False
    return True


class ScriptSteps:
    """The extractor's steps on tensors outside a model (a mixin of ``TorchExtractor``: it uses
    ``self.trace``, ``self.tracing`` and ``self.smap``)."""

    trace: ScriptTrace
    smap: SourceMap
    tracing: bool

    def arg_nodes(self, node: ast.Call, first: int) -> dict[int | str, ast.AST]:
        """Where each plain argument after the tensor at ``first`` is written (LL902 notes)."""
        spans: dict[int | str, ast.AST] = {i: a for i, a in enumerate(node.args[first:])}
        spans.update({k.arg: k.value for k in node.keywords if k.arg})
        return spans

    def traced_creation(self, dotted: str, node: ast.Call, args: list[Any],
                        kwargs: dict[str, Any]) -> Any:
        """``torch.zeros(y.shape)``, ``torch.randn(y.size(0), 10)``: a tensor sized by the
        trace, a step whose size the replay knows; None when the size is not of that kind."""
        if not self.tracing:
            return None
        if dotted == "torch.randint":
            size, default = kwargs.get("size", args[-1] if args else None), "int64"
        elif args:
            size, default = (args[0] if len(args) == 1 and isinstance(
                args[0], (tuple, list, TracedShape)) else tuple(args)), "float32"
        else:
            size, default = kwargs.get("size"), "float32"
        if isinstance(size, list):
            size = tuple(size)
        plain = isinstance(size, TracedShape) or isinstance(size, tuple) and all(
            isinstance(d, (int, TensorDim, DimExpr)) and not isinstance(d, bool) for d in size)
        if not plain or not has_sizes(size):
            return None
        return self.trace.emit("create", dotted, (), node, (size,),
                               {"dtype": dtype_of(kwargs, default)})

    def tensor_binary(self, node: ast.BinOp, left: Any, right: Any) -> Any:
        """``a + b``, ``x / 2``: the operator's function on the tensors, the other operand a
        plain argument (UNKNOWN when layerlint could not evaluate it)."""
        name = type(node.op).__name__
        if not self.tracing or name not in OPERATORS:
            return UNKNOWN
        tensors = [self.trace.var_of(v) for v in (left, right) if isinstance(v, ArrayValue)]
        if None in tensors:
            return UNKNOWN
        others = tuple(v for v in (left, right) if not isinstance(v, ArrayValue))
        spans: dict[int | str, ast.AST] = {}
        if others:
            spans[0] = node.right if isinstance(left, ArrayValue) else node.left
        return self.trace.emit("binary", name, tuple(tensors), node,  # type: ignore[arg-type]
                               others, arg_nodes=spans)

    def index_of(self, node: ast.expr, env: dict[str, Any]) -> Any:
        """A subscript's index as Python builds it (slices of plain values)."""
        if isinstance(node, ast.Slice):
            return slice(*(self.eval(p, env) if p is not None else None  # type: ignore[attr-defined]
                           for p in (node.lower, node.upper, node.step)))
        if isinstance(node, ast.Tuple):
            return tuple(self.index_of(e, env) for e in node.elts)
        return self.eval(node, env)  # type: ignore[attr-defined]

    def tensor_getitem(self, node: ast.Subscript, base: ArrayValue, index: Any) -> Any:
        """``x[0]``, ``out[:, -1]``: the walk's own value when it has one (``h_n[-1]``)."""
        if isinstance(index, SampleIndex) and (row := self.sample_row(base, node)) is not None:
            return row  # type: ignore[attr-defined]  # torch_datasets.py
        known = UNKNOWN
        if isinstance(index, int) and not isinstance(index, bool) and base.shape and \
                isinstance(base.shape[0], int) and -base.shape[0] <= index < base.shape[0]:
            span = self.smap.span(node)
            known = ArrayValue(tuple(base.shape[1:]), base.dtype, span, span)
        if not self.tracing or not plain_index(index):
            return known
        return self.trace.emit("getitem", "[]", (self.trace.var_of(base),), node, (index,),
                               known=known)  # type: ignore[arg-type]

    def loss_call(self, node: ast.Call, loss: LossModule, args: list[Any],
                  kwargs: dict[str, Any]) -> Any:
        """``criterion(output, targets)``: the loss function on them."""
        if not self.tracing or len(args) != LOSS_TENSORS.get(loss.function, 2) or kwargs or not all(
                isinstance(a, ArrayValue) for a in args):  # a target only the run knows
            return UNKNOWN
        traced = self.trace.call_args(node, args, loss.kwargs, 0)
        if traced is None:
            return UNKNOWN
        inputs, rest, named = traced
        value = self.trace.emit("function", loss.function, tuple(inputs), node, rest, named)
        if loss.span is not None:
            self.trace.ops[-1].arg_spans[LOSS_MODULE_SPAN] = loss.span
        return value

    def unmodelled_loss(self, node: ast.Call, loss: Any, args: list[Any]) -> Any:
        """``nn.CTCLoss()(...)`` & co.: a step whose value is unknown, noted (LL901)."""
        if not self.tracing:
            return UNKNOWN
        tensors = tuple(v for v in (self.trace.var_of(a) for a in args) if v is not None)
        return self.trace.emit("unknown", f"nn.{loss.kind}", tensors, node)

    def tensor_method_call(self, node: ast.Call, method: Any, args: list[Any],
                           kwargs: dict[str, Any]) -> Any:
        """``x.view(...)``, ``y.permute(0, 2, 1)``: a step of the trace when the catalogue has
        the method; the walk's own value (``tensor_method``) when it can tell one."""
        tensor, attr = method.tensor, method.attr
        if attr in ("backward", "item"):  # torch_training.py
            return self.training_step(node, attr, tensor, args, kwargs)  # type: ignore
        if isinstance(tensor, TracedTensor) and not kwargs and (
                size := traced_size(tensor, attr, args)) is not None:
            return size
        if is_tensor(tensor) and not isinstance(tensor, TracedTensor) and not kwargs and (
                size := known_size(tensor, attr, args)) is not None:
            return size
        args, kwargs = [no_shapes(a) for a in args], {k: no_shapes(v) for k, v in kwargs.items()}
        if attr == "numpy" and not args and not kwargs:  # an array of the walk's, if known
            return tensor_to_numpy(tensor) if not isinstance(tensor, TracedTensor) else UNKNOWN
        if attr == "type" and len(args) == 1 and not kwargs:  # x.type(torch.FloatTensor)
            dtype = tensor_type(args[0])
            attr, args = (CAST_METHODS[dtype], []) if dtype in CAST_METHODS else ("to", [UNKNOWN])
        known = tensor_method(tensor, attr, args, kwargs, self.smap.span(node))
        if attr == "to":  # as the trace's steps: a device move, a cast, or not known
            target = to_target(args, kwargs)
            attr, args, kwargs = ("to", [], {}) if target == "device" else (
                (CAST_METHODS[target], [], {}) if target in CAST_METHODS else ("to", [UNKNOWN], {}))
        if not self.tracing or lookup_function(f"Tensor.{attr}") is None or \
                self.trace.var_of(tensor) is None:
            return known
        traced = self.trace.call_args(node, [tensor, *args], kwargs, 0)
        if traced is None:
            return known
        inputs, rest, named = traced
        return self.trace.emit("method", attr, tuple(inputs), node, rest, named,
                               self.arg_nodes(node, 0), known=known)
