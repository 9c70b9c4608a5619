"""Autograd along a script's trace (frontends/torch_training.py records the steps).

Every tensor of the trace gets torch's ``requires_grad`` as far as layerlint can tell: True,
False, or None (unknown, never reported). Data and tensors made by constructors do not require
grad; a model with parameters gives its output a ``grad_fn`` unless autograd is off
(``no_grad``); a model with none (only parameterless modules) passes its input's flag on; a
function keeps the flag of its tensors, except integer and bool results (``argmax``,
comparisons) and ``detach``, which have none. Measured in torch 2.13:

* ``loss.backward()`` on a tensor without ``grad_fn``: "RuntimeError: element 0 of tensors does
  not require grad and does not have a grad_fn"; on a tensor of more than one element: "grad
  can be implicitly created only for scalar outputs";
* ``torch.optim.Adam(model.parameters())`` of a model without parameters: "ValueError:
  optimizer got an empty parameter list";
* ``pred == y`` with pred (N,) and y (N, 1) broadcasts to (N, N) silently: an accuracy counted
  on N * N pairs (LL408).
"""

from __future__ import annotations

import ast
import math
from typing import Any

from ...diagnostics import Diagnostic, Edit, Fix
from ...edits import text_of
from ...ir import Call, ModelIR, Span, TorchConstruct, TorchModule, TorchOp, TorchSequential
from .model import TorchReplay, _short
from .ops import COMPARISONS, Tensor

NO_GRAD_FN = "RuntimeError: element 0 of tensors does not require grad and does not have a grad_fn"
NOT_SCALAR = "RuntimeError: grad can be implicitly created only for scalar outputs"
EMPTY_PARAMETERS = "ValueError: optimizer got an empty parameter list"
# Functions whose result never requires grad, whatever their inputs.
DETACHED = ("detach", "Tensor.detach", "torch.detach")
# ``pred.eq(y)``, ``torch.eq(pred, y)``: the comparisons as methods and functions.
COMPARING = ("eq", "ne", "lt", "le", "gt", "ge", *(f"torch.{n}" for n in ("eq", "ne", "lt", "le",
                                                                           "gt", "ge")))
# A model call's flag worked out only when a step reads flags (switchable for the tests).
FLAGS_WHEN_READ = True
# What modules a model may hold for layerlint to say it has no parameters at all.
PLAIN_CONTAINERS = ("ModuleList", "ModuleDict")


def parameter_count(model: ModelIR, source: str) -> int | None:
    """The model's parameter count; None when layerlint cannot tell it. Zero only for a tree of
    catalogue modules and containers (a class of the file may hold parameters the walk does
    not see; a lazy module holds uninitialized ones)."""
    root = next((e.root for e in model.events if isinstance(e, TorchConstruct)), None)
    if root is None:
        return None
    count = TorchReplay(model, source).static_params(root)
    if count == 0 and not _plain(root):
        return None
    return count


def _plain(node: Any) -> bool:
    if isinstance(node, Call):
        return not node.kind.startswith("Lazy")
    if isinstance(node, TorchSequential) or (
            isinstance(node, TorchModule) and node.class_name in PLAIN_CONTAINERS):
        return all(_plain(child) for _, child in node.children)
    return False


class Autograd:
    """``requires_grad`` of the trace's variables, and the steps that depend on it."""

    def __init__(self, source: str, model_name: str) -> None:
        self.source = source
        self.model_name = model_name
        self.flags: dict[str, bool | None] = {}
        self.enabled: list[bool] = [True]  # autograd on, innermost no_grad block last
        self.counts: dict[int, int | None] = {}  # id(ModelIR) -> parameter count
        self.ops: dict[str, TorchOp] = {}
        self.without_grad: set[str] = set()  # made in a no_grad block, or from such a tensor
        # Whether a step reads the flags (only ``backward`` does): when none does, a model
        # call's flag, which needs its parameter count, is not worked out.
        self.flags_read = True

    def params(self, model: ModelIR) -> int | None:
        if id(model) not in self.counts:
            self.counts[id(model)] = parameter_count(model, self.source)
        return self.counts[id(model)]

    def record(self, op: TorchOp, value: Any) -> None:
        """The flag of ``op``'s output, once it ran."""
        self.ops[op.out] = op
        inputs = [self.flags.get(v) for v in op.inputs]
        if op.kind not in ("tensor", "create", "raise") and (not self.enabled[-1] or any(
                v in self.without_grad for v in op.inputs)):
            self.without_grad.add(op.out)
        if op.kind in ("tensor", "create", "raise"):
            flag: bool | None = False
        elif not self.enabled[-1]:
            flag = False
        elif op.kind == "call" and not self.flags_read and FLAGS_WHEN_READ:
            flag = None
        elif op.kind == "call":
            count = self.params(op.args[0])
            flag = True if count else (_any(inputs) if count == 0 else None)
        elif op.kind in ("function", "method") and op.target in DETACHED:
            flag = False
        elif isinstance(value, Tensor) and (value.dtype or "float").startswith(
                ("int", "uint", "bool")):
            flag = False  # integer results have no gradient
        else:
            flag = _any(inputs)
        self.flags[op.out] = flag

    def step(self, op: TorchOp, inputs: list[Any]) -> Diagnostic | None:
        """A ``grad``, ``backward`` or ``optimizer`` step: torch's error there, if any."""
        if op.kind == "grad":
            if op.args[0] == "off":
                self.enabled.append(False)
            elif len(self.enabled) > 1:
                self.enabled.pop()
            return None
        if op.kind == "optimizer":
            if self.params(op.args[0]) == 0:
                return self.error("LL211", op, "construct", (
                    f"torch.optim.{op.target} is given the parameters of "
                    f"`{op.args[0].name}`, which has none"), EMPTY_PARAMETERS)
            return None
        tensor, flag = inputs[0], self.flags.get(op.inputs[0])
        if not isinstance(tensor, Tensor):
            return None
        if op.kind == "item":
            return self.item(op, tensor)
        shown = _short(text_of(self.source, op.span).removesuffix("()").removesuffix(
            ".backward").strip())
        if flag is False:
            why = "computed under torch.no_grad()" if op.inputs[0] in self.without_grad \
                else "computed from tensors none of which requires grad"
            return self.error("LL210", op, "fit", (
                f"backward() on `{shown}`, which has no grad_fn: it was {why}"), NO_GRAD_FN)
        sizes = [d for d in tensor.shape if isinstance(d, int)]
        if flag and len(sizes) == len(tensor.shape) and math.prod(sizes) != 1:
            return self.error("LL210", op, "fit", (
                f"backward() on `{shown}` of shape {list(tensor.shape)}: without a gradient "
                "argument it needs a single value (a reduced loss)"), NOT_SCALAR)
        return None

    def item(self, op: TorchOp, tensor: Tensor) -> Diagnostic | None:
        """``x.item()`` of a tensor of known size other than one value."""
        sizes = [d for d in tensor.shape if isinstance(d, int)]
        if len(sizes) != len(tensor.shape) or math.prod(sizes) == 1:
            return None
        count = math.prod(sizes)
        shown = _short(text_of(self.source, op.span).removesuffix("()").removesuffix(
            ".item").strip())
        return self.error("LL212", op, "forward", (
            f".item() on `{shown}` of shape {list(tensor.shape)}: it holds {count} values, not "
            "one (reduce it first: .sum(), .mean(), or reduction='mean' in the loss)"),
            f"RuntimeError: a Tensor with {count} elements cannot be converted to Scalar")

    def error(self, code: str, op: TorchOp, stage: str, message: str,
              framework: str) -> Diagnostic:
        return Diagnostic(code, "error", op.span, message, model=self.model_name, stage=stage,
                          framework_error=framework)


def _any(flags: list[bool | None]) -> bool | None:
    if any(flags):
        return True
    return None if None in flags else False


def comparison_broadcast(op: TorchOp, inputs: list[Any], ops: dict[str, TorchOp],
                         source: str, model_name: str) -> Diagnostic | None:
    """``pred == y`` with one tensor (N,) and the other (N, 1): LL408 (not when both come from
    one tensor: ``y == y.unsqueeze(1)`` is a pairwise mask on purpose)."""
    compares = op.target in COMPARISONS if op.kind == "binary" else (
        op.kind in ("method", "function") and op.target in COMPARING)
    if not compares or len(inputs) != 2 or not all(isinstance(t, Tensor) for t in inputs):
        return None
    a, b = (tuple(t.shape) for t in inputs)
    column, flat = (a, b) if len(a) == 2 else (b, a)
    if not (len(flat) == 1 and len(column) == 2 and column[1] == 1 and isinstance(flat[0], int)
            and flat[0] == column[0] and flat[0] > 1):
        return None
    if _root(op.inputs[0], ops) == _root(op.inputs[1], ops):
        return None
    n = flat[0]
    text = _short(text_of(source, op.span))
    column_at = 0 if len(a) == 2 else 1
    where = op.arg_spans.get(("left", "right")[column_at]) if op.kind == "binary" else (
        op.arg_spans.get(0) if column_at == 1 else None)
    return Diagnostic(
        "LL408", "warning", op.span,
        f"`{text}` compares a tensor of shape [{n}] with one of shape [{n}, 1]: broadcasting "
        f"gives [{n}, {n}], every value against every other, so a count or accuracy made from "
        f"it is wrong (torch raises nothing); make both [{n}] (`.squeeze(1)` or `.view(-1)` of "
        "the [N, 1] one)", model=model_name, stage="forward",
        fixes=[] if where is None else [squeeze_fix(source, where)])


def squeeze_fix(source: str, span: Span) -> Fix:
    """``y`` -> ``y.squeeze(1)`` (an operator expression in parentheses first)."""
    text = text_of(source, span)
    try:
        plain = isinstance(ast.parse(text.strip(), mode="eval").body, (
            ast.Name, ast.Attribute, ast.Call, ast.Subscript))
    except SyntaxError:
        plain = False
    operand = text if plain else f"({text})"
    return Fix(f"squeeze the (N, 1) operand: `{_short(operand)}.squeeze(1)`",
               [Edit.replace(span, f"{operand}.squeeze(1)")])


def _root(var: str, ops: dict[str, TorchOp]) -> str:
    """The tensor a chain of one-input steps starts from."""
    seen = 0
    while var in ops and len(ops[var].inputs) == 1 and ops[var].kind in (
            "method", "function", "getitem") and seen < 50:
        var, seen = ops[var].inputs[0], seen + 1
    return var
