"""The training step of a torch script, as the walk meets it: ``with torch.no_grad():``,
``model.eval()`` / ``model.train()``, ``torch.optim.Adam(model.parameters())``,
``loss.backward()`` and comparisons of tensors (``pred == y``, an accuracy line).

The walk records them as steps of the script's trace (``replay/torch/script.py`` decides):

* ``grad`` steps open and close a ``no_grad`` block, so the replay knows which tensors torch
  gives a ``grad_fn``;
* ``backward`` asks for the graph of its tensor (torch's RuntimeError when it has none, or
  when it is not a scalar and no gradient is given);
* ``optimizer`` gets the parameters of a model (torch's ValueError when there are none);
* a module's mode is passed to its forward passes (``DataCall.kwargs["training"]``): BatchNorm
  takes a batch of one in eval mode.

A file that may change what requires grad in ways the walk does not follow
(``requires_grad``, ``nn.Parameter``, ``enable_grad`` / ``set_grad_enabled``,
``inference_mode``, ``.grad``) gets none of these steps: what torch does there is unknown.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass, replace
from typing import Any

from ..ir import UNKNOWN, ArrayValue, UnknownNumber
from .torch_modules import Model, ModelMethod

GRAD_UNKNOWN = re.compile(
    r"requires_grad|nn\.Parameter|Parameter\(|register_parameter|set_grad_enabled|enable_grad|"
    r"inference_mode|\.grad\b|torch\.func\b|functorch|utils\.checkpoint|checkpoint_sequential")
# ``with torch.no_grad():`` turns autograd off for its body.
NO_GRAD = ("torch.no_grad", "torch.autograd.no_grad", "torch.autograd.grad_mode.no_grad")
# Python's comparisons of tensors (ops.OPERATORS names their functions).
COMPARISONS = ("Eq", "NotEq", "Lt", "LtE", "Gt", "GtE")


@dataclass(frozen=True)
class Parameters:
    """``model.parameters()``: what an optimizer is given."""

    model: Model


@dataclass(frozen=True)
class RootMode:
    """``m.eval`` / ``m.train`` of a model's modules (a model passed to a function)."""

    root: Any
    attr: str


class TrainingSteps:
    """A mixin of ``TorchExtractor``: it uses ``self.eval``, ``self.exec_block``,
    ``self.trace``, ``self.tracing`` and ``self.smap``."""

    _grad_known: bool | None = None
    _modes: dict[int, bool | None] | None = None

    @property
    def grad_known(self) -> bool:
        """Whether the file leaves autograd as torch's defaults and ``no_grad`` set it."""
        if self._grad_known is None:
            text = "\n".join(self.smap.lines)  # type: ignore[attr-defined]
            self._grad_known = not GRAD_UNKNOWN.search(text)
        return self._grad_known

    def with_block(self, stmt: ast.With | ast.AsyncWith, env: dict[str, Any],
                   uncertain: bool) -> None:
        """``with torch.no_grad():``: its body as steps of a block without autograd; any other
        ``with``: its body."""
        scoped = self.tracing and self.grad_known and any(  # type: ignore[attr-defined]
            isinstance(item.context_expr, ast.Call) and not item.context_expr.args
            and self.dotted(item.context_expr.func, env) in NO_GRAD for item in stmt.items)
        self.without_grad(scoped, stmt, lambda: self.exec_block(  # type: ignore[attr-defined]
            stmt.body, env, uncertain))

    def without_grad(self, scoped: bool, node: ast.AST, run: Any) -> Any:
        """``run()``'s steps in a block without autograd when ``scoped``."""
        if scoped:
            self.trace.emit("grad", "", (), node, ("off",))  # type: ignore[attr-defined]
        try:
            return run()
        finally:
            if scoped:
                self.trace.emit("grad", "", (), node, ("restore",))  # type: ignore[attr-defined]

    def no_grad_decorated(self, fn: ast.FunctionDef, env: dict[str, Any]) -> bool:
        """``@torch.no_grad()`` or ``@torch.no_grad`` (both turn autograd off for the call,
        measured on torch 2.13) on a function the script's trace runs."""
        return self.tracing and self.grad_known and any(  # type: ignore[attr-defined]
            self.dotted(d.func if isinstance(d, ast.Call) and not d.args and not d.keywords
                        else d, env) in NO_GRAD for d in fn.decorator_list)

    def dotted(self, node: ast.expr, env: dict[str, Any]) -> str | None:
        """The imported name (``torch.no_grad``) a name or attribute chain stands for; None
        for anything else (the walk runs no call of a ``with`` item)."""
        inner = node
        while isinstance(inner, ast.Attribute):
            inner = inner.value
        if not isinstance(inner, ast.Name):
            return None
        value = self.eval(node, env)  # type: ignore[attr-defined]
        return getattr(value, "dotted", None)

    def mutated_objects(self, stmt: ast.stmt, env: dict[str, Any]) -> set[str]:
        """The names whose object a statement's method calls may change (``layers.append``),
        but a tensor's out-of-place methods (``correct += (pred.argmax(1) == y).sum()``)."""
        names: set[str] = set()
        for node in ast.walk(stmt):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and \
                    isinstance(node.func.value, ast.Name):
                name, attr = node.func.value.id, node.func.attr
                try:
                    value = env[name]
                except KeyError:
                    value = None
                if not (isinstance(value, ArrayValue) and not attr.endswith("_")):
                    names.add(name)
        return names

    # --- the model's mode and parameters ----------------------------------------------------

    def model_method(self, method: ModelMethod, args: list[Any], kwargs: dict[str, Any],
                     uncertain: bool) -> Any:
        """``model.eval()`` / ``model.train(mode)`` set the mode its next forwards run in
        (unknown in a statement that may not run); ``model.parameters()`` is a Parameters.
        None for the other methods."""
        if method.attr == "parameters" and not args and not kwargs:
            return Parameters(method.model)
        if method.attr not in ("eval", "train"):
            return None
        self.set_mode(method.model.root, method.attr, args, kwargs, uncertain)
        return None

    def set_mode(self, root: Any, attr: str, args: list[Any], kwargs: dict[str, Any],
                 uncertain: bool) -> Any:
        """``eval()`` / ``train(mode)`` of a model's modules (keyed by its root: a model
        passed to a function is its root there); returns the modules, as torch."""
        mode: bool | None = attr == "train"
        if attr == "train" and (args or kwargs):
            flag = args[0] if args else kwargs.get("mode", UNKNOWN)
            mode = flag if isinstance(flag, bool) else None
        if uncertain or self.in_uncertain:  # type: ignore[attr-defined]
            mode = None
        self.modes()[id(root)] = mode
        return root

    def modes(self) -> dict[int, bool | None]:
        if self._modes is None:
            self._modes = {}
        return self._modes

    def mode_kwargs(self, model: Model) -> dict[str, Any]:
        """A forward pass's DataCall keywords: the model's mode when not training."""
        mode = self.modes().get(id(model.root), True)
        return {} if mode is True else {"training": mode}

    def optimizer_call(self, dotted: str, node: ast.Call, args: list[Any],
                       kwargs: dict[str, Any]) -> Any:
        """``torch.optim.<Name>(model.parameters(), ...)``: a step that checks the model has
        parameters; None when the call is not of that form."""
        parts = dotted.split(".")
        params = args[0] if args else kwargs.get("params")
        if len(parts) != 3 or parts[:2] != ["torch", "optim"] or not parts[2][:1].isupper() \
                or not isinstance(params, Parameters) or not self.tracing \
                or not self.grad_known:  # type: ignore[attr-defined]
            return None
        self.trace.emit("optimizer", parts[2], (), node,  # type: ignore[attr-defined]
                        (params.model.ir,))
        return UNKNOWN

    # --- tensors ------------------------------------------------------------------------------

    def training_step(self, node: ast.Call, attr: str, tensor: ArrayValue, args: list[Any],
                      kwargs: dict[str, Any]) -> Any:
        """``loss.backward()`` (None, as torch) and ``loss.item()`` (a number only the run
        knows): steps of the trace, checked by the replay."""
        if self.tracing and not args and not kwargs and (  # type: ignore[attr-defined]
                attr == "item" or self.grad_known):
            var = self.trace.var_of(tensor)  # type: ignore[attr-defined]
            if var is not None:
                self.trace.emit(attr, "", (var,), node)  # type: ignore[attr-defined]
        if attr == "item":
            return UnknownNumber("float") if (tensor.dtype or "").startswith(
                ("float", "bfloat")) else UNKNOWN
        return None

    def tensor_data(self, node: ast.Attribute, tensor: ArrayValue) -> Any:
        """``outputs.data``: the same tensor without its graph (as ``detach()``)."""
        trace = self.trace  # type: ignore[attr-defined]
        # a new value (the trace names values by identity): the tensor itself keeps its graph
        known = None if getattr(tensor, "var", None) else replace(tensor)
        if not self.tracing or trace.var_of(tensor) is None:  # type: ignore[attr-defined]
            return known if known is not None else UNKNOWN
        return trace.emit("method", "detach", (trace.var_of(tensor),), node, known=known)

    def tensor_compare(self, node: ast.Compare, left: Any, right: Any) -> Any:
        """``pred == y``: the comparison's function on the tensors (a bool tensor)."""
        name = type(node.ops[0]).__name__
        if not self.tracing or name not in COMPARISONS:  # type: ignore[attr-defined]
            return UNKNOWN
        trace = self.trace  # type: ignore[attr-defined]
        tensors = [trace.var_of(v) for v in (left, right) if isinstance(v, ArrayValue)]
        if None in tensors:
            return UNKNOWN
        others = tuple(v for v in (left, right) if not isinstance(v, ArrayValue))
        if not all(isinstance(v, (int, float)) for v in others):
            return UNKNOWN  # a value only the run knows (after a loop): as before, unknown
        # where each operand is written: LL408's fix edits the (N, 1) one
        sides = {"left": node.left, "right": node.comparators[0]}
        return trace.emit("binary", name, tuple(tensors), node, others, arg_nodes=sides)
