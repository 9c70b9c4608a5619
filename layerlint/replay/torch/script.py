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
from ...ir import (
    ArrayValue,
    Call,
    DataCall,
    ModelIR,
    TorchConstruct,
    TorchOp,
    TorchScript,
    TorchSequential,
)
from ...layers.base import LayerError
from ...results import ModelReport
from . import ops as torch_ops
from .model import Note, TorchReplay, _short
from .ops import Tensor


class ScriptReplay:
    def __init__(self, model: ModelIR, source: str) -> None:
        self.model = model
        self.source = source
        self.diagnostics: list[Diagnostic] = []
        self.notes: dict[tuple[str, str], Note] = {}
        # The value of every trace variable (None: unknown), for tests and the summary.
        self.values: dict[str, Any] = {}
        self.ops: list[TorchOp] = [op for e in model.events if isinstance(e, TorchScript)
                                   for op in e.ops]

    def run(self) -> None:
        env = self.values
        for op in self.ops:
            inputs = [env.get(v) for v in op.inputs]
            if op.kind == "tensor":
                data: ArrayValue = op.args[0]
                env[op.out] = Tensor(tuple(data.shape), data.dtype,  # type: ignore[arg-type]
                                     origin=data)
            elif op.kind == "call":
                env[op.out] = self.call(op, inputs[0])
            else:
                env[op.out] = self.step(op, inputs, env)

    def step(self, op: TorchOp, inputs: list[Any], env: dict[str, Any]) -> Any:
        try:
            value = torch_ops.apply(op, inputs, env)
        except LayerError as error:
            self.diagnostics.append(Diagnostic(
                error.code, "error", op.span, error.message, model=self.model.name,
                stage="forward", framework_error=error.framework or None))
            return None
        if value is None and inputs and all(isinstance(v, Tensor) for v in inputs):
            self.note_unknown(op)
        return value

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
        for root in (e.root for e in model.events if isinstance(e, TorchConstruct)):
            for module in modules_of(root):  # nn.Linear(y.shape[1], 10)(y): y's size now
                torch_ops.resolve_sizes(module, self.values)
        if not isinstance(x, Tensor):
            return None
        given = call.x
        if isinstance(given, ArrayValue) and given.shape is None and given.origin is None:
            # Only the trace knew this input: the model's replay checks the forward on it.
            call.x = ArrayValue(x.shape, x.dtype, given.span, None, given.name)
        return forward_output(model, call, x, self.source)

    def report(self) -> ModelReport:  # a tensors model is never listed
        return ModelReport(self.model.name, "torch", "torch", self.model.span.line, None, [])


def modules_of(root: Any) -> list[Call]:
    """The torch.nn modules of a module called on the trace (an nn.Sequential's too)."""
    if isinstance(root, Call):
        return [root]
    if isinstance(root, TorchSequential):
        return [m for _, child in root.children for m in modules_of(child)]
    return []


def forward_output(model: ModelIR, call: DataCall, x: Tensor, source: str) -> Any:
    replay = TorchReplay(model, source)
    if replay.direct:
        replay.call_sites.append(call.span)
    done = replay.forward(x)
    return None if done.failure is not None else done.output
