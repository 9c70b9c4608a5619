"""Tensors outside any model, replayed as the script runs them (``ir.TorchScript``).

Each step goes through the torch function catalogue (``ops.apply``) or, for ``model(x)`` and a
module called directly, the model's forward (``TorchReplay.forward``), so that its output flows
on (``p = nn.Linear(6, 2)(model(x))``). A function that raises is reported at its line, with
torch's message; a model or module that raises is its own replay's finding (its DataCall):
here its output is only unknown. When only the trace knows the tensor a model is called on,
the trace gives it to the model's DataCall, which the model's replay then checks; so this
replay runs before the file's models (the front end lists its model first).
"""

from __future__ import annotations

from typing import Any

from ...diagnostics import Diagnostic
from ...edits import text_of
from ...frontends.torch_script import TracedShape
from ...ir import (
    UNKNOWN,
    ArrayValue,
    Call,
    DataCall,
    DimExpr,
    ModelIR,
    TensorDim,
    TorchConstruct,
    TorchModule,
    TorchOp,
    TorchScript,
    TorchSequential,
)
from ...layers.base import LayerError
from ...results import ModelReport
from . import bindings
from . import ops as torch_ops
from .model import Note, TorchReplay, _short
from .loss_fixes import loss_fixes
from .loss_inputs import as_written, input_kind
from .ops import Tensor
from . import training
from .training import Autograd, comparison_broadcast


class ScriptReplay:
    def __init__(self, model: ModelIR, source: str) -> None:
        self.model = model
        self.source = source
        self.diagnostics: list[Diagnostic] = []
        self.notes: dict[tuple[str, str], Note] = {}
        # The value of every trace variable (None: unknown), for tests and the summary.
        self.values: dict[str, Any] = {}
        self.ops: list[TorchOp] = []
        self.roots: list[Any] = []
        for event in model.events:
            if isinstance(event, TorchScript):
                self.ops += event.ops
                self.roots += event.roots
        self.autograd = Autograd(source, model.name)  # backward, optimizers, no_grad
        steps = {op.kind for op in self.ops}
        self.autograd.flags_read = "backward" in steps
        # Without such steps what autograd records is never read: not recorded.
        self.autograd_read = not steps.isdisjoint(("grad", "backward", "optimizer", "item"))
        self.by_out: dict[str, TorchOp] = {}
        self.plain_roots: set[int] = set()  # ids of roots without sizes (resolve)

    def run(self) -> None:
        env = self.values
        for op in self.ops:
            inputs = [env.get(v) for v in op.inputs]
            if op.kind == "tensor":
                data: ArrayValue = op.args[0]
                env[op.out] = Tensor(tuple(data.shape), data.dtype,  # type: ignore[arg-type]
                                     origin=data)
            elif op.kind == "create":
                env[op.out] = created(op, env)
            elif op.kind == "raise":  # a library call that raises where it runs
                code, message, framework, stage = op.args
                self.add(Diagnostic(code, "error", op.span, message, model=self.model.name,
                                    stage=stage, framework_error=framework))
            elif op.kind == "call":
                env[op.out] = self.call(op, inputs[0])
            elif op.kind in ("grad", "backward", "optimizer", "item"):  # training.py
                if (found := self.autograd.step(op, inputs)) is not None:
                    self.add(found)
                continue
            else:
                env[op.out] = self.step(op, inputs, env)
                if (found := comparison_broadcast(op, inputs, self.by_out, self.source,
                                                  self.model.name)) is not None:
                    self.add(found)
            self.by_out[op.out] = op
            if self.autograd_read or not training.FLAGS_WHEN_READ:
                self.autograd.record(op, env.get(op.out))
        for root in self.roots:  # the models the trace never called: their sizes too
            self.resolve(root)

    def resolve(self, root: Any) -> None:
        """The trace's sizes in ``root`` from the values now (resolve_script_sizes), unless
        it was found to hold none."""
        if id(root) not in self.plain_roots and resolve_script_sizes(root, self.values):
            self.plain_roots.add(id(root))

    def step(self, op: TorchOp, inputs: list[Any], env: dict[str, Any]) -> Any:
        warnings: list[LayerError] = []
        try:
            value = torch_ops.apply(op, inputs, env, warnings)
        except LayerError as error:
            self.add(Diagnostic(
                error.code, "error", op.span, as_written(op, error.message),
                model=self.model.name, stage="forward", framework_error=error.framework or None,
                fixes=loss_fixes(op, error, inputs, self.source)))
            return None
        for warning in warnings:  # torch warns and runs on
            self.add(Diagnostic(
                warning.code, "warning", op.span, as_written(op, warning.message),
                model=self.model.name, stage="forward", framework_error=warning.framework or None,
                fixes=loss_fixes(op, warning, inputs, self.source)))
        kind = input_kind(op, inputs, self.source) if value is not None else None
        if kind is not None:  # a loss on another kind of values than it expects (LL407)
            self.add(Diagnostic(
                "LL407", "warning", op.span, kind[0].message, model=self.model.name,
                stage="forward", framework_error=kind[0].framework or None, fixes=kind[1]))
        if op.kind == "unknown" and op.target.startswith("nn."):  # a loss module not modelled
            message = f"{op.target} is not modelled by layerlint; its value is unknown"
            self.notes.setdefault(("LL901", message), Note("LL901", op.span, message))
        elif value is None and inputs and all(isinstance(v, Tensor) for v in inputs):
            self.note_unknown(op)
        return value

    def add(self, diagnostic: Diagnostic) -> None:
        """Once per place and message (an unrolled loop runs the same statement again)."""
        if not any((d.span, d.code, d.message) == (diagnostic.span, diagnostic.code,
                                                   diagnostic.message)
                   for d in self.diagnostics):
            self.diagnostics.append(diagnostic)

    def note_unknown(self, op: TorchOp) -> None:
        """A value layerlint could not evaluate made a known shape unknown (LL902)."""
        for key, value in [*enumerate(op.args), *op.kwargs.items()]:
            if torch_ops.is_unknown(value) and key in op.arg_spans:
                span = op.arg_spans[key]
                message = (f"`{_short(text_of(self.source, span))}` could not be evaluated; "
                           f"the shape of `{_short(text_of(self.source, op.span))}` and shapes "
                           "after it are unknown")
                self.notes.setdefault(("LL902", message), Note("LL902", span, message))
                return

    def call(self, op: TorchOp, x: Any) -> Any:
        """``model(x)``: the model's output for ``x``; None when it raises (the model's own
        replay says so) or cannot tell."""
        model, call = op.args
        plain = True  # no size in the model's modules, now or ever
        for event in model.events:
            if isinstance(event, TorchConstruct):
                self.resolve(event.root)  # nn.Linear(y.shape[1], 10)(y): y's size now
                plain = plain and id(event.root) in self.plain_roots
        if not isinstance(x, Tensor):
            return None
        given = call.x
        if isinstance(given, ArrayValue) and given.shape is None and given.origin is None:
            # Only the trace knew this input: the model's replay checks the forward on it.
            call.x = ArrayValue(x.shape, x.dtype, given.span, None, given.name)
        return forward_output(model, call, x, self.source, plain)

    def report(self) -> ModelReport:  # a tensors model is never listed
        return ModelReport(self.model.name, "torch", "torch", self.model.span.line, None, [])


def created(op: TorchOp, env: dict[str, Any]) -> Tensor | None:
    """``torch.zeros(y.shape)``, ``torch.randn(y.size(0), 10)``: the tensor, once the trace
    gives its size (None when only the run knows it, or torch would reject it)."""
    size = op.args[0]
    if isinstance(size, TracedShape):
        tensor = env.get(size.var)
        dims = tuple(tensor.shape) if isinstance(tensor, Tensor) else None
    else:
        dims = tuple(torch_ops.size_of(d, env) for d in size)
    if dims is None or not all(isinstance(d, int) and d >= 0 for d in dims):
        return None  # a negative size: torch's error is not modelled
    dtype = op.kwargs.get("dtype")
    return Tensor(dims, dtype, origin=ArrayValue(dims, dtype, op.span, op.span))


def script_size(value: Any, env: dict[str, Any]) -> Any:
    """``value`` with the trace's sizes in it (``s%`` variables) computed: an int, UNKNOWN
    where only the run knows one; a forward's own sizes are left to the forward."""
    if isinstance(value, TensorDim) and value.var.startswith("s%"):
        dim = torch_ops.size_of(value, env)
        return UNKNOWN if dim is None else dim
    if isinstance(value, DimExpr):
        left, right = script_size(value.left, env), script_size(value.right, env)
        if left is UNKNOWN or right is UNKNOWN:
            return UNKNOWN
        done = DimExpr(value.op, left, right)
        known = torch_ops.size_of(done, env)
        return done if known is None and not (isinstance(left, int) and isinstance(
            right, int)) else (UNKNOWN if known is None else known)
    if isinstance(value, (tuple, list)):
        return torch_ops.kept_if_same(value, type(value)(script_size(v, env) for v in value))
    return value


def resolve_script_sizes(root: Any, env: dict[str, Any]) -> bool:
    """The trace's sizes in a model's modules (``nn.Linear(y.shape[1], 10)``, ``Net(n)`` with
    n a traced size) and its forwards' steps, computed in place. True when they hold plain
    values only: nothing to compute, then or ever (a resolution only takes sizes away)."""
    if isinstance(root, (Call, TorchOp)):
        if torch_ops.plain_arguments(root):
            return True  # nothing to compute: the same objects (bindings.py)
        args = torch_ops.kept_if_same(root.args, tuple(script_size(v, env) for v in root.args))
        kwargs = torch_ops.kept_if_same(root.kwargs, {k: script_size(v, env)
                                                      for k, v in root.kwargs.items()})
        if args is not root.args or kwargs is not root.kwargs:
            bindings.changed()
        root.args, root.kwargs = args, kwargs
        return False
    plain = True
    if isinstance(root, (TorchSequential, TorchModule)):
        for _, child in root.children:
            plain = resolve_script_sizes(child, env) and plain
    if isinstance(root, TorchModule):
        for op in root.forward or ():
            if op.kind not in ("call", "tensor", "create"):
                plain = resolve_script_sizes(op, env) and plain
    return plain


def forward_output(model: ModelIR, call: DataCall, x: Tensor, source: str,
                   plain: bool = False) -> Any:
    """``plain``: no module of the model holds a size (resolve_script_sizes found none)."""
    replay = TorchReplay(model, source)
    replay.without_sizes = plain
    replay.training = call.kwargs.get("training", True)
    if replay.direct:
        replay.call_sites.append(call.span)
    # The model's own replay runs this forward again on the data of ``call`` (its first
    # DataCall: the pass its report shows): when ``x`` is that data, the pass is drawn here and
    # kept for it (bindings.remember), the replay's state with it, unless it read what ``x``
    # does not know (where the model gets the data: a fix there).
    same = _same_data(x, call.x)
    done = replay.forward(x, picture=same)
    if same and not done.input_site_read:
        bindings.remember(model, call, (replay, done, call.x))
    return None if done.failure is not None else done.output


def _same_data(x: Tensor, data: Any) -> bool:
    """Whether ``x`` is the tensor the model's replay makes of ``data`` (``Tensor(data.shape,
    data.dtype, origin=data)``) in all a forward reads: its shape, dtype and layout, and every
    fact of its origin but where it is used (``span``, ``name``: read only by a fix, which
    marks the pass: Pass.input_site_read)."""
    if not isinstance(data, ArrayValue) or data.shape is None or type(x.origin) is not \
            ArrayValue or x.flat_from is not None or x.contiguous is not True or \
            x.strides is not None or x.made_by is not None or x.shape != tuple(data.shape) or \
            x.dtype != data.dtype:
        return False
    return {**vars(x.origin), "span": None, "name": None} == {**vars(data), "span": None,
                                                            "name": None}
