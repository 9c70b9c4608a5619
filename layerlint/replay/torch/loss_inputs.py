"""LL407: a loss fed another kind of values than it expects, told by what computed its input
(``Tensor.made_by``: the module or function, shape changes aside).

* ``BCELoss`` / ``F.binary_cross_entropy`` on raw scores (straight from a Linear or a
  convolution): torch raises "all elements of input should be between 0 and 1" as soon as one
  score leaves [0, 1], so whether a run fails depends on the values; ``BCEWithLogitsLoss``
  takes the scores (fix: the loss renamed);
* ``NLLLoss`` / ``F.nll_loss`` on raw scores or on probabilities: it expects log-probabilities
  and runs on anything, unbounded below (fix for raw scores: ``CrossEntropyLoss``);
* ``CrossEntropyLoss`` on a softmax's output, ``BCEWithLogitsLoss`` on a sigmoid's: the loss
  applies it again (the gradients shrink; training slows or stalls).

Each is legal, so a warning; an input of unknown origin is never flagged.
"""

from __future__ import annotations

from typing import Any

from ...diagnostics import Edit, Fix
from ...edits import text_of
from ...frontends.torch_script import LOSS_MODULE_SPAN
from ...ir import TorchOp
from ...layers.base import LayerError
from ...layers.torch.functions_loss import LOSS_MODULES
from .ops import Tensor

RAW_SCORES = frozenset(("Linear", "LazyLinear", "Bilinear", "Conv1d", "Conv2d", "Conv3d",
                        "linear", "matmul", "conv1d", "conv2d", "conv3d"))
SOFTMAX = frozenset(("Softmax", "softmax"))
SIGMOID = frozenset(("Sigmoid", "sigmoid"))
LOG_SOFTMAX = frozenset(("LogSoftmax", "log_softmax"))
# the function a loss module calls -> (its module, the module / function to use instead)
_RENAMES = {"F.binary_cross_entropy": ("BCELoss", "BCEWithLogitsLoss",
                                       "binary_cross_entropy_with_logits"),
            "F.nll_loss": ("NLLLoss", "CrossEntropyLoss", "cross_entropy")}


def input_kind(op: TorchOp, inputs: list[Any], source: str) -> tuple[LayerError, list[Fix]] | None:
    """The LL407 warning of a loss op (and its fixes), or None."""
    if op.kind != "function" or not inputs or not isinstance(inputs[0], Tensor):
        return None
    made_by = inputs[0].made_by
    if made_by is None:
        return None
    loss = _loss_name(op)
    if op.target == "F.binary_cross_entropy" and made_by in RAW_SCORES:
        return _warning(loss, f"expects probabilities in [0, 1] but its input comes straight "
                        f"from {made_by} (raw scores, any real number); torch raises as soon "
                        "as one leaves [0, 1]. BCEWithLogitsLoss takes the scores and applies "
                        "the sigmoid itself", "RuntimeError: all elements of input should be "
                        "between 0 and 1 (once a score leaves [0, 1])"), _rename(op, source)
    if op.target == "F.binary_cross_entropy" and made_by in LOG_SOFTMAX:
        return _warning(loss, f"expects probabilities in [0, 1] but its input comes from "
                        f"{made_by} (log-probabilities, at most 0); torch raises once one is "
                        "below 0. Use Softmax or Sigmoid before it, or BCEWithLogitsLoss on "
                        "the scores", "RuntimeError: all elements of input should be between 0 "
                        "and 1 (once a value is below 0)"), []
    if op.target == "F.nll_loss" and made_by in RAW_SCORES:
        return _warning(loss, f"expects log-probabilities but its input comes straight from "
                        f"{made_by} (raw scores): the loss is unbounded below. "
                        "CrossEntropyLoss applies log_softmax itself", ""), _rename(op, source)
    if op.target == "F.nll_loss" and made_by in SOFTMAX | SIGMOID:
        return _warning(loss, f"expects log-probabilities but its input comes from {made_by} "
                        "(probabilities): use log_softmax instead", ""), []
    if op.target == "F.cross_entropy" and made_by in SOFTMAX:
        return _warning(loss, f"applies log_softmax itself but its input already comes from "
                        f"{made_by}: the scores are squashed twice and training slows or "
                        "stalls; give it the raw scores", ""), []
    if op.target == "F.binary_cross_entropy_with_logits" and made_by in SIGMOID:
        return _warning(loss, f"applies the sigmoid itself but its input already comes from "
                        f"{made_by}: give it the raw scores (or use BCELoss)", ""), []
    return None


def as_written(op: TorchOp, message: str) -> str:
    """A loss entry's message named as the code calls it: ``MSELoss: ...`` for a module's call
    (the entries name the function they are, ``F.mse_loss: ...``)."""
    name = _loss_name(op)
    if name != op.target and message.startswith(f"{op.target}:"):
        return name + message[len(op.target):]
    return message


def _loss_name(op: TorchOp) -> str:
    """``BCELoss`` for a module's call, ``F.binary_cross_entropy`` for the function's."""
    if LOSS_MODULE_SPAN in op.arg_spans:
        modules = [m for m, (function, _) in LOSS_MODULES.items() if function == op.target]
        return modules[0] if modules else op.target
    return op.target


def _warning(loss: str, message: str, framework: str) -> LayerError:
    return LayerError("LL407", f"{loss} {message}", framework)


def _rename(op: TorchOp, source: str) -> list[Fix]:
    """``nn.BCELoss()`` -> ``nn.BCEWithLogitsLoss()`` where the module is made, or the
    function's name in the call (``F.binary_cross_entropy(`` -> ``..._with_logits(``)."""
    module, replacement, function = _RENAMES[op.target]
    span = op.arg_spans.get(LOSS_MODULE_SPAN)
    if span is not None:
        text = text_of(source, span)
        if module not in text:
            return []
        fixed = text.replace(module, replacement, 1)
    else:
        span = op.span
        text = text_of(source, span)
        name = op.target.removeprefix("F.")
        at = text.find(name + "(")
        if at < 0:
            return []
        fixed = text[:at] + function + text[at + len(name):]
    return [Fix(f"Use {replacement if op.arg_spans.get(LOSS_MODULE_SPAN) else function}, "
                "which takes the raw scores", [Edit.replace(span, fixed)], safe=False)]
