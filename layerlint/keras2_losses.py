"""Targets against the model output under a tf.keras 2 loss, as measured with tf_keras 2.21.

Keras 2 first turns 1-D targets into ``(N, 1)`` when the output is 2-D, then drops a
trailing axis of size 1 from whichever of target and output has one axis more
(``losses_utils.squeeze_or_expand_dimensions``); then:

* mean squared error and the other element-wise losses broadcast (an error only when the shapes
  cannot broadcast: "Dimensions must be equal, but are 2 and 3");
* ``binary_crossentropy`` broadcasts too, except after a sigmoid, where it works on the logits
  and needs equal shapes ("`logits` and `labels` must have the same shape") unless the output
  was squeezed (the squeezed tensor has no logits attached; measured: output (N, 8, 1) with
  targets (N, 1) trains);
* ``categorical_crossentropy`` needs compatible shapes ("Shapes (None, 2) and (None, 1) are
  incompatible", the targets first);
* ``sparse_categorical_crossentropy`` flattens the labels and needs one label per output row
  (an InvalidArgumentError while training otherwise).

Any other loss is not modelled in this dialect (None: nothing claimed).
"""

from __future__ import annotations

from math import prod

from .losses import Loss, LossFinding, per_sample
from .shapes import Dim, Shape, format_shape

_ELEMENTWISE = ("mean_squared_error", "mean_absolute_error")


def check(loss: Loss, output: Shape, target: Shape, batches: list[Dim],
          sigmoid_output: bool | None) -> LossFinding | None:
    """The problem tf.keras 2 raises on, or None (also when layerlint cannot tell)."""
    if any(isinstance(d, str) for d in (*output[1:], *target[1:])):
        return None
    y_true = _expand_1d(target, output)
    y_pred, y_true = _squeeze_or_expand(output, y_true)
    function = loss.function
    if function == "binary_crossentropy":
        if sigmoid_output is None:
            return None
        # A squeezed output is a new tensor without the sigmoid's logits: it broadcasts.
        logits = sigmoid_output and len(y_pred) == len(output)
        function = "binary_crossentropy (logits)" if logits else "mean_squared_error"
    if function in _ELEMENTWISE:
        for batch in batches:
            if not isinstance(batch, int):
                continue
            if not _broadcastable((batch, *y_pred[1:]), (batch, *y_true[1:])):
                return _finding(loss, output, target,
                                f"ValueError: Dimensions must be equal ({format_shape(y_pred)} "
                                f"vs {format_shape(y_true)})")
        return None
    if function in ("binary_crossentropy (logits)", "categorical_crossentropy"):
        if _compatible(y_pred[1:], y_true[1:]):
            return None
        if function == "categorical_crossentropy":
            framework = (f"ValueError: Shapes {format_shape((None, *y_true[1:]))} and "
                         f"{format_shape((None, *y_pred[1:]))} are incompatible")
        else:
            framework = ("ValueError: `logits` and `labels` must have the same shape, received "
                         f"({format_shape((None, *y_pred[1:]))} vs "
                         f"{format_shape((None, *y_true[1:]))}).")
        return _finding(loss, output, target, framework)
    if function == "sparse_categorical_crossentropy":
        if any(d is None for d in (*y_pred[1:-1], *y_true[1:])):
            return None
        if prod(y_true[1:]) == prod(y_pred[1:-1]):
            return None
        return _finding(loss, output, target,
                        "InvalidArgumentError: logits and labels must have the same first "
                        "dimension (sparse_softmax_cross_entropy_with_logits)")
    return None


def _expand_1d(target: Shape, output: Shape) -> Shape:
    """``compile_utils.match_dtype_and_rank``: 1-D targets get an axis only for a 2-D output
    (measured: targets (N,) against an output (N, 4, 1) stay (N,))."""
    return (*target, 1) if len(target) == 1 and len(output) == 2 else target


def _squeeze_or_expand(y_pred: Shape, y_true: Shape) -> tuple[Shape, Shape]:
    if len(y_pred) == len(y_true) + 1 and y_pred[-1] == 1:
        return y_pred[:-1], y_true
    if len(y_true) == len(y_pred) + 1 and y_true[-1] == 1:
        return y_pred, y_true[:-1]
    return y_pred, y_true


def _broadcastable(a: Shape, b: Shape) -> bool:
    for x, y in zip(reversed(a), reversed(b)):
        if isinstance(x, int) and isinstance(y, int) and x != y and 1 not in (x, y):
            return False
    return True


def _compatible(a: Shape, b: Shape) -> bool:
    return len(a) == len(b) and all(
        x is None or y is None or x == y for x, y in zip(a, b))


def _finding(loss: Loss, output: Shape, target: Shape, framework: str) -> LossFinding:
    return LossFinding(
        "LL202",
        f"targets {per_sample(target)} do not fit the model output {per_sample(output)} under "
        f"{loss.function} in tf.keras 2",
        framework)


def check_mask(loss: Loss, output: Shape, target: Shape, mask: Shape,
               sigmoid_output: bool | None) -> LossFinding | None:
    """tf.keras 2: the output's mask becomes the sample weight (``compile_utils`` and
    ``Loss.__call__``); ``compute_weighted_loss`` squeezes the weight's last axis when it has one
    axis more than the per-sample losses, which raises unless that axis is 1 (measured:
    "Can not squeeze dim[1], expected a dimension of 1, got 5"). Only that case is claimed."""
    if any(not isinstance(d, int) for d in (output[-1], *target[1:], mask[-1])):
        return None
    y_true = _expand_1d(target, output)
    y_pred, y_true = _squeeze_or_expand(output, y_true)
    function = loss.function
    if function == "binary_crossentropy":
        if sigmoid_output is None:
            return None
        same_shape = sigmoid_output and len(y_pred) == len(output)
        function = "categorical_crossentropy" if same_shape else "mean_squared_error"
    if function in _ELEMENTWISE:
        if not _broadcastable(y_pred, y_true):
            return None
        rank = max(len(y_pred), len(y_true)) - 1  # without the batch axis
        a = (1,) * (rank - len(y_pred) + 1) + tuple(y_pred[1:])
        b = (1,) * (rank - len(y_true) + 1) + tuple(y_true[1:])
        values: Shape = (None, *(y if x == 1 else x for x, y in zip(a, b)))[:-1]
    elif function in ("categorical_crossentropy", "sparse_categorical_crossentropy"):
        values = y_pred[:-1]
    else:
        return None
    if len(mask) - len(values) != 1 or mask[-1] == 1:
        return None
    return LossFinding(
        "LL308",
        f"the mask on the model output {per_sample(output)} has shape {per_sample(mask)}, one "
        f"axis more than the per-sample losses of {loss.function} "
        f"{per_sample(values) if values else '()'} for targets {per_sample(target)}; tf.keras "
        "squeezes that axis, which is not 1",
        f"ValueError: Can not squeeze dim[{len(mask) - 1}], expected a dimension of 1, got "
        f"{mask[-1]}")
