"""Targets against the model output under a tf.keras 2 loss, as measured with tf_keras 2.21.

What ``compile_utils.LossesContainer`` and ``LossFunctionWrapper.call`` do with
``loss(y_true, y_pred)``, in order:

1. ``match_dtype_and_rank``: 1-D targets get an axis only for a 2-D output (targets (N,) against
   an output (N, 12, 1) stay (N,));
2. ``squeeze_or_expand_dimensions``: a trailing axis of size 1 is dropped from whichever of
   target and output has one axis more (a squeezed output is a new tensor: the logits a sigmoid
   or softmax attached to it are gone);
3. the loss function. TensorFlow checks shapes twice: when ``fit`` traces the step, with a free
   batch axis ("ValueError: Dimensions must be equal, but are 4 and 5 for ..."), then on each
   batch ("InvalidArgumentError: Incompatible shapes: [6,2,4] vs. [6,4]", when the batch axis of
   one operand meets a known axis of the other). Each loss compares its operands in its own
   order (``_TRUE_FIRST``).

* Element-wise losses (mse, mae, mape, msle, huber, log_cosh, kld, poisson, hinge,
  squared_hinge, categorical_hinge) broadcast.
* ``binary_crossentropy`` works on the logits when the output comes from a sigmoid or softmax
  (``backend._get_logits`` reads ``_keras_logits``) or ``from_logits=True``: then the shapes must
  be compatible ("`logits` and `labels` must have the same shape"); otherwise it broadcasts.
  ``binary_focal_crossentropy`` broadcasts first (``target * output``), then does the same.
* ``categorical_crossentropy`` and ``categorical_focal_crossentropy`` need compatible shapes
  ("Shapes (None, 2) and (None, 1) are incompatible", the targets first).
* ``sparse_categorical_crossentropy`` flattens labels and logits unless the labels have one axis
  less than the output, then needs one label per row of logits; labels outside ``[0, classes)``
  raise on CPU ("Received a label value of 5 which is outside the valid range of [0, 3)").

Not modelled (None: nothing claimed): ``cosine_similarity``, a loss object given ``axis=`` or
``ignore_class=``, arguments layerlint cannot evaluate that the shapes depend on, and any loss
``losses.resolve`` does not know.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from math import prod
from typing import Any

from ...ir import TRACED_BATCH, UNKNOWN, ArrayValue, Call, DataCall
from ...shapes import Dim, Shape, format_shape
from . import losses
from .losses import Loss, LossFinding, per_sample
from .stack import WHOLE_BATCH

# Element-wise losses -> whether their first broadcasting operation takes y_true first
# (tf_keras/src/losses.py: ``y_true * y_pred`` in hinge, ``y_pred - y_true`` in mse, ...).
_TRUE_FIRST = {
    "mean_squared_error": False, "mean_absolute_error": False,
    "mean_squared_logarithmic_error": False, "huber": False, "log_cosh": False,
    "mean_absolute_percentage_error": True, "kl_divergence": True, "poisson": True,
    "hinge": True, "squared_hinge": True, "categorical_hinge": True,
    "binary_crossentropy": True, "binary_focal_crossentropy": True,
}
_SAME_SHAPE = ("categorical_crossentropy", "categorical_focal_crossentropy")
# Element-wise losses (mean over the last axis) whose masked case is measured in
# tests/test_mask_loss.py.
_MASK_ELEMENTWISE = ("mean_squared_error", "mean_absolute_error", "huber")
# tf.keras 2 spellings Keras 3 does not have (tf_keras.losses.get, measured).
_KERAS2_ALIASES = {"huber_loss": "huber", "logcosh": "log_cosh",
                   "kullback_leibler_divergence": "kl_divergence"}
# Loss classes whose first positional argument is from_logits.
_FROM_LOGITS_FIRST = ("BinaryCrossentropy", "CategoricalCrossentropy",
                      "SparseCategoricalCrossentropy")
# Activations that attach their logits to the output (tf_keras backend.sigmoid / softmax).
_LOGITS_ACTIVATIONS = ("sigmoid", "softmax")
_NO_ACTIVATION = ("ReLU", "LeakyReLU", "ELU", "PReLU", "ThresholdedReLU")


@dataclass(frozen=True)
class Keras2Loss(Loss):
    from_logits: bool | None = False  # None: not known


def resolve(value: Any) -> Loss | None:
    """The loss ``compile(loss=...)`` was given, as tf.keras 2 reads it; None when not modelled."""
    if isinstance(value, str) and value.rsplit(".", 1)[-1] in _KERAS2_ALIASES:
        name = _KERAS2_ALIASES[value.rsplit(".", 1)[-1]]
        return Keras2Loss(name, losses._KINDS[name])
    loss = losses.resolve(value)
    if loss is None or not isinstance(value, Call):
        return None if loss is None else Keras2Loss(loss.function, loss.kind)
    kwargs = value.kwargs
    if kwargs.get("axis", -1) != -1 or kwargs.get("ignore_class") is not None:
        return None  # another class axis, or labels masked out: not modelled
    from_logits = kwargs.get("from_logits", False)
    if value.args:
        from_logits = value.args[0] if value.kind in _FROM_LOGITS_FIRST else \
            from_logits if value.kind != "BinaryFocalCrossentropy" else UNKNOWN
    return Keras2Loss(loss.function, loss.kind,
                      from_logits if isinstance(from_logits, bool) else None)


def output_activation(last: Any) -> str | None:
    """The activation ending the model (a keras_model.Layer), "linear" when none; None when
    layerlint cannot tell."""
    if last is None or last.args is None:
        return None
    if last.kind == "Softmax":
        return "softmax"
    if last.kind in _NO_ACTIVATION:
        return "other"
    if last.spec is None or "activation" not in {p.name for p in last.spec.signature}:
        return None
    activation = last.args.raw("activation")
    if activation is None:
        return "linear"
    return activation.rsplit(".", 1)[-1] if isinstance(activation, str) else None


def check_targets(value: Any, last: Any, output: Shape, y: ArrayValue, batches: list[Dim],
                  event: DataCall, what: str = "") -> LossFinding | None:
    """What tf.keras 2 raises on at ``event`` (fit, train_on_batch, ...; ``what`` names
    validation data) for targets ``y`` against the model output under the compiled loss
    ``value`` (compile's argument) after the layer ``last``; None when it trains or layerlint
    cannot tell."""
    loss = resolve(value)
    if loss is None or y.shape is None:
        return None
    activation = output_activation(last)
    attached = None if activation is None else activation in _LOGITS_ACTIVATIONS
    from_logits = loss.from_logits if isinstance(loss, Keras2Loss) else False
    size = _batch_size(event, what)
    if size is not None and not (isinstance(size, int) and size > 0):
        batches = ["batch"]  # a batch size layerlint cannot evaluate: no per-batch claims
    finding = check(loss, output, y.shape, batches, attached, from_logits,
                    traced_batch(event, y.shape[0], what))
    return finding or label_range(loss, output, y)


def traced_batch(event: DataCall, samples: Dim, what: str = "") -> Dim:
    """The batch size ``fit`` traces its step with: fixed when every batch has the same size
    (numpy data split in full batches, or ``train_on_batch``), else None (measured: N = 40,
    batch_size=4 traces (4, ...); N = 6 or 40 with the default 32 traces (None, ...))."""
    if TRACED_BATCH in event.kwargs and not what:  # a dataset: its element spec's batch axis
        return event.kwargs[TRACED_BATCH]
    if not isinstance(samples, int):
        return None
    if event.method in WHOLE_BATCH:
        return samples
    size = _batch_size(event, what)
    size = size if isinstance(size, int) and size > 0 else 32 if size is None else None
    return size if size is not None and samples % size == 0 else None


def _batch_size(event: DataCall, what: str) -> Any:
    """fit's batch size argument for the data (``what``: validation data); None: the default."""
    size = event.kwargs.get("validation_batch_size") if what else None
    return event.kwargs.get("batch_size") if size is None else size


def check(loss: Loss, output: Shape, target: Shape, batches: list[Dim],
          sigmoid_output: bool | None, from_logits: bool | None = False,
          traced: Dim = None) -> LossFinding | None:
    """The problem tf.keras 2 raises on, or None (also when layerlint cannot tell).
    ``sigmoid_output``: whether the output carries the logits of a sigmoid or softmax;
    ``from_logits`` the loss argument (None: not known); ``traced`` the batch size TensorFlow
    traces the step with (None: free)."""
    if len(output) < 2 or any(isinstance(d, str) for d in (*output[1:], *target[1:])):
        return None
    y_true = _expand_1d(target, output)
    y_pred, y_true = _squeeze_or_expand(output, y_true)
    function = loss.function
    if function in _TRUE_FIRST:
        logits = None
        if function in ("binary_crossentropy", "binary_focal_crossentropy"):
            # A squeezed output is a new tensor without the activation's logits; with
            # from_logits=True the (squeezed) output itself is the logits (measured).
            logits = True if from_logits else None if from_logits is None else \
                None if sigmoid_output is None else sigmoid_output and len(y_pred) == len(output)
            if logits is None:
                return None
        if function != "binary_crossentropy" or not logits:
            finding = _static_broadcast(loss, output, target, y_pred, y_true, traced)
            if finding is not None:
                return finding
        if logits and not _compatible(y_pred[1:], y_true[1:]):
            return _finding(loss, output, target, _logits_message(y_pred, y_true, traced))
        return _runtime_broadcast(loss, output, target, y_pred, y_true, batches)
    if function in _SAME_SHAPE:
        if _compatible(y_pred[1:], y_true[1:]):
            return None
        return _finding(loss, output, target,
                        f"ValueError: Shapes {format_shape((traced, *y_true[1:]))} and "
                        f"{format_shape((traced, *y_pred[1:]))} are incompatible")
    if function == "sparse_categorical_crossentropy":
        return _sparse(loss, output, target, y_pred, y_true, batches, traced)
    return None


def _operands(loss: Loss, y_pred: Shape, y_true: Shape) -> tuple[Shape, Shape]:
    return (y_true, y_pred) if _TRUE_FIRST[loss.function] else (y_pred, y_true)


def _aligned(a: Shape, b: Shape) -> list[tuple[Dim, Dim]]:
    rank = max(len(a), len(b))
    return list(zip((1,) * (rank - len(a)) + tuple(a), (1,) * (rank - len(b)) + tuple(b)))


def _static_broadcast(loss: Loss, output: Shape, target: Shape, y_pred: Shape,
                      y_true: Shape, traced: Dim) -> LossFinding | None:
    """The shape check while ``fit`` traces the step: TensorFlow's
    BroadcastBinaryOpOutputShapeFn, axes aligned from the right, checked from the left."""
    first, second = _operands(loss, (traced, *y_pred[1:]), (traced, *y_true[1:]))
    for x, y in _aligned(first, second):
        if isinstance(x, int) and isinstance(y, int) and x != y and 1 not in (x, y):
            return _finding(loss, output, target,
                            f"ValueError: Dimensions must be equal, but are {x} and {y} for ... "
                            f"with input shapes: {_tf_shape(first)}, {_tf_shape(second)}.")
    return None


def _runtime_broadcast(loss: Loss, output: Shape, target: Shape, y_pred: Shape,
                       y_true: Shape, batches: list[Dim]) -> LossFinding | None:
    """The shapes on each batch: the batch axis of one operand may meet a known axis of the
    other (targets (N, 4) against an output (N, 2, 4) broadcast only when N is 2 or 1)."""
    if any(d is None for d in (*y_pred[1:], *y_true[1:])):
        return None
    for batch in batches:
        if not isinstance(batch, int):
            return None
        first, second = _operands(loss, (batch, *y_pred[1:]), (batch, *y_true[1:]))
        if any(x != y and 1 not in (x, y) for x, y in _aligned(first, second)):
            return _finding(loss, output, target,
                            f"InvalidArgumentError: Incompatible shapes: {_tf_shape(first)} vs. "
                            f"{_tf_shape(second)}", batch if batch != batches[0] else None)
    return None


def _sparse(loss: Loss, output: Shape, target: Shape, y_pred: Shape, y_true: Shape,
            batches: list[Dim], traced: Dim) -> LossFinding | None:
    """``backend.sparse_categorical_crossentropy``: labels with one axis less than the output
    are compared with the output's leading axes; others are flattened and need one label per
    row of logits. With a traced batch size TensorFlow checks while tracing (ValueError), else
    on the first batch (measured)."""
    if any(d is None for d in (*y_pred[1:], *y_true[1:])) or not isinstance(batches[0], int):
        return None
    batch = batches[0] if traced is None else traced
    flattened = len(y_true) != len(y_pred) - 1
    if flattened:
        labels, logits = (batch * prod(y_true[1:]),), (batch * prod(y_pred[1:-1]), y_pred[-1])
    else:
        labels, logits = (batch, *y_true[1:]), (batch, *y_pred[1:])
    if labels == logits[:-1]:
        return None
    if traced is not None:
        return _finding(loss, output, target,
                        "ValueError: `labels.shape` must equal `logits.shape` except for the last "
                        f"dimension. Received: labels.shape={format_shape(labels)} and "
                        f"logits.shape={format_shape(logits)}")
    if flattened:
        return _finding(loss, output, target,
                        "InvalidArgumentError: logits and labels must have the same first "
                        f"dimension, got logits shape {_tf_shape(logits)} and labels shape "
                        f"{_tf_shape(labels)}")
    return _finding(loss, output, target,
                    "InvalidArgumentError: assertion failed: [Condition x == y did not hold "
                    f"element-wise:] ... [{' '.join(map(str, labels))}] ... "
                    f"[{' '.join(map(str, logits[:-1]))}]")


def label_range(loss: Loss, output: Shape, y: ArrayValue) -> LossFinding | None:
    """Sparse labels outside ``[0, classes)``: the classes and the certainty rule are Keras 3's
    (losses.label_range: tf.keras squeezes the same axes), the message TensorFlow's on CPU."""
    if loss.function != "sparse_categorical_crossentropy" or y.shape is None:
        return None
    high = None if y.bounds == "at_most" else y.max_value
    count = prod(y.shape) if all(isinstance(d, int) for d in y.shape) else None
    finding = losses.label_range(loss, output, y.shape, y.min_value, high, count,
                                 exact=y.bounds == "exact")
    if finding is None:
        return None
    classes = _squeeze_or_expand(output, _expand_1d(y.shape, output))[0][-1]
    low = y.min_value
    single = high if low >= 0 and high == classes else low if high < classes and low == -1 \
        else "..."
    return replace(finding, framework=(
        f"InvalidArgumentError: Received a label value of {single} which is outside the valid "
        f"range of [0, {classes})."))


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


def _tf_shape(shape: Shape) -> str:
    """A shape as TensorFlow prints it in shape errors: ``[?,2,4]``."""
    return "[" + ",".join("?" if d is None else str(d) for d in shape) + "]"


def _logits_message(y_pred: Shape, y_true: Shape, traced: Dim) -> str:
    return ("ValueError: `logits` and `labels` must have the same shape, received "
            f"({format_shape((traced, *y_pred[1:]))} vs {format_shape((traced, *y_true[1:]))}).")


def _finding(loss: Loss, output: Shape, target: Shape, framework: str,
             last_batch: Dim = None) -> LossFinding:
    where = f" (in the last batch, of {last_batch} samples)" if last_batch is not None else ""
    return LossFinding(
        "LL202",
        f"targets {per_sample(target)} do not fit the model output {per_sample(output)} under "
        f"{loss.function} in tf.keras 2{where}",
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
    if function in _MASK_ELEMENTWISE:
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
