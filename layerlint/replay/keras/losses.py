"""Targets against the model output under a Keras 3 loss (torch backend semantics).

What Keras 3 does with ``loss(y_true, y_pred)`` (keras/src/losses/loss.py, losses.py,
backend/torch/nn.py):

1. ``squeeze_or_expand_to_same_rank``: when the ranks differ by one and the longer shape ends in 1,
   that axis is squeezed (or a rank-1 shorter tensor is expanded instead).
2. Element-wise losses (mse, mae, hinge, ...) then broadcast ``y_true`` against ``y_pred`` like
   numpy: mismatches raise torch's "The size of tensor a (..) must match ...".
3. ``binary_crossentropy`` / ``categorical_crossentropy`` (and the focal variants) require equal
   shapes. ``sparse_categorical_crossentropy`` squeezes a trailing 1 from equal-rank labels and
   then requires labels shaped like the output without its last (class) axis.

Shapes here are concrete per batch: the batch axis is the batch size Keras feeds (``min(32, N)``
for fit, ``N`` for train_on_batch). Any dimension layerlint does not know makes the check give up.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from typing import Any, Literal

from ...ir import UNKNOWN, Call
from ...shapes import Dim, Shape
from . import backend_data

Kind = Literal["elementwise", "same_shape", "sparse"]

# Canonical loss function name -> how it treats shapes.
_KINDS: dict[str, Kind] = {
    "mean_squared_error": "elementwise",
    "mean_absolute_error": "elementwise",
    "mean_absolute_percentage_error": "elementwise",
    "mean_squared_logarithmic_error": "elementwise",
    "huber": "elementwise",
    "log_cosh": "elementwise",
    "kl_divergence": "elementwise",
    "poisson": "elementwise",
    "hinge": "elementwise",
    "squared_hinge": "elementwise",
    "categorical_hinge": "elementwise",
    "binary_crossentropy": "same_shape",
    "binary_focal_crossentropy": "same_shape",
    "categorical_crossentropy": "same_shape",
    "categorical_focal_crossentropy": "same_shape",
    "sparse_categorical_crossentropy": "sparse",
}

# Keras' string aliases (keras/src/losses/__init__.py ALL_OBJECTS_DICT): case matters.
_ALIASES = {
    "bce": "binary_crossentropy",
    "BCE": "binary_crossentropy",
    "kld": "kl_divergence",
    "KLD": "kl_divergence",
    "mae": "mean_absolute_error",
    "MAE": "mean_absolute_error",
    "mse": "mean_squared_error",
    "MSE": "mean_squared_error",
    "mape": "mean_absolute_percentage_error",
    "MAPE": "mean_absolute_percentage_error",
    "msle": "mean_squared_logarithmic_error",
    "MSLE": "mean_squared_logarithmic_error",
}

# Loss classes (strings naming them are accepted too) -> their function.
_CLASSES = {
    "MeanSquaredError": "mean_squared_error",
    "MeanAbsoluteError": "mean_absolute_error",
    "MeanAbsolutePercentageError": "mean_absolute_percentage_error",
    "MeanSquaredLogarithmicError": "mean_squared_logarithmic_error",
    "Huber": "huber",
    "LogCosh": "log_cosh",
    "KLDivergence": "kl_divergence",
    "Poisson": "poisson",
    "Hinge": "hinge",
    "SquaredHinge": "squared_hinge",
    "CategoricalHinge": "categorical_hinge",
    "BinaryCrossentropy": "binary_crossentropy",
    "BinaryFocalCrossentropy": "binary_focal_crossentropy",
    "CategoricalCrossentropy": "categorical_crossentropy",
    "CategoricalFocalCrossentropy": "categorical_focal_crossentropy",
    "SparseCategoricalCrossentropy": "sparse_categorical_crossentropy",
}


@dataclass(frozen=True)
class Loss:
    function: str  # canonical function name
    kind: Kind


def resolve(value: Any) -> Loss | None:
    """The loss ``compile(loss=...)`` was given, or None when layerlint does not model it."""
    if value is UNKNOWN or value is None:
        return None
    if isinstance(value, Call):
        name = _CLASSES.get(value.kind) or (value.kind if value.kind in _KINDS else None)
    elif isinstance(value, str):
        last = value.rsplit(".", 1)[-1]  # a dotted reference such as keras.losses.mse
        name = _ALIASES.get(last) or _CLASSES.get(last) or (last if last in _KINDS else None)
    else:
        return None
    return Loss(name, _KINDS[name]) if name else None


@dataclass(frozen=True)
class LossFinding:
    """``code`` LL202 (targets vs output), LL204 (labels of the wrong kind for the loss) or
    LL403 (a broadcast Keras accepts)."""

    code: str
    message: str
    framework: str | None
    # For fixes: the loss that would accept these targets, or the units the output should have.
    suggested_loss: str | None = None
    suggested_units: int | None = None
    suggested_activation: str | None = None  # with suggested_units: the activation to use


def batch_sizes(samples: Dim, batch_size: Any, whole: bool) -> list[Dim]:
    """The distinct batch sizes Keras feeds: ``whole`` for train_on_batch/test_on_batch."""
    if not isinstance(samples, int):
        return ["batch"]  # unknown: only comparisons that do not depend on it can conclude
    if whole:
        return [samples]
    size = batch_size if isinstance(batch_size, int) and batch_size > 0 else 32
    sizes = [min(size, samples)]
    if samples > size and samples % size:
        sizes.append(samples % size)
    return sizes


def check(loss: Loss, output: Shape, target: Shape, batches: list[Dim],
          backend: str = "torch") -> LossFinding | None:
    """The worst problem over the batch sizes Keras would feed, or None.

    Every batch size is checked: a broadcast that a full batch survives (a warning) may fail
    on the last, smaller batch (an error), e.g. output (32, 32) vs targets (32, 32, 32) then
    (4, 32) vs (4, 32, 32)."""
    findings = [
        _check_batch(loss, (batch,) + tuple(output[1:]), (batch,) + tuple(target[1:]), backend)
        for batch in batches
    ]
    if not any(findings):
        concrete = getattr(batches, "concrete", None)  # a traced step (loss_batches)
        if concrete is not None and \
                backend_data.loss_kind(backend, loss.function, loss.kind) == "elementwise":
            late = check(loss, output, target, list(concrete), backend)
            if late is not None and late.code == "LL202":
                return replace(late, framework=backend_data.runtime_broadcast_text(backend))
        return None
    for batch, finding in zip(batches, findings):
        if finding is not None and finding.code != "LL403":
            if batch != batches[0]:  # only the last, smaller batch fails: say so
                finding = replace(
                    finding, message=f"{finding.message} (in the last batch, of {batch} samples)"
                )
            return finding
    return next((f for f in findings if f is not None), None)


def _squeeze_or_expand(y_true: Shape, y_pred: Shape) -> tuple[Shape, Shape] | None:
    """Keras' squeeze_or_expand_to_same_rank; None when a dimension it tests is unknown."""
    if len(y_true) == len(y_pred) + 1:
        last = y_true[-1]
        if not isinstance(last, int):
            return None
        if last == 1:
            if len(y_pred) == 1:
                y_pred = y_pred + (1,)
            else:
                y_true = y_true[:-1]
    elif len(y_pred) == len(y_true) + 1:
        last = y_pred[-1]
        if not isinstance(last, int):
            return None
        if last == 1:
            if len(y_true) == 1:
                y_true = y_true + (1,)
            else:
                y_pred = y_pred[:-1]
    return y_true, y_pred


def _same(a: Dim, b: Dim) -> bool | None:
    """True/False when decidable; None when a dimension is unknown to layerlint."""
    if isinstance(a, int) and isinstance(b, int):
        return a == b
    if isinstance(a, str) and a == b:
        return True
    return None


def _check_batch(loss: Loss, y_pred: Shape, y_true: Shape,
                 backend: str = "torch") -> LossFinding | None:
    shown_true, shown_pred = y_true, y_pred
    pair = _squeeze_or_expand(y_true, y_pred)
    if pair is None:
        return None
    y_true, y_pred = pair
    if not backend_data.modelled(backend) and \
            backend_data.loss_kind("tensorflow", loss.function, loss.kind) != loss.kind:
        return None  # torch and TensorFlow treat these shapes apart: nothing both would say
    if backend_data.loss_kind(backend, loss.function, loss.kind) == "elementwise":
        return _broadcast(loss, y_true, y_pred, shown_true, shown_pred, backend)
    if loss.kind == "sparse":
        return _sparse(loss, y_true, y_pred, backend)
    return _same_shape(loss, y_true, y_pred, backend)


def _broadcast(
    loss: Loss, y_true: Shape, y_pred: Shape, shown_true: Shape, shown_pred: Shape,
    backend: str = "torch",
) -> LossFinding | None:
    rank = max(len(y_true), len(y_pred))
    a = (1,) * (rank - len(y_true)) + tuple(y_true)
    b = (1,) * (rank - len(y_pred)) + tuple(y_pred)
    broadcast = len(y_true) != len(y_pred)
    for axis in range(rank - 1, -1, -1):
        same = _same(a[axis], b[axis])
        if same:
            continue
        if a[axis] == 1 or b[axis] == 1:
            broadcast = True
            continue
        if same is None:
            return None
        return LossFinding(
            "LL202",
            f"targets of shape {per_sample(shown_true)} cannot be compared with the output "
            f"{per_sample(shown_pred)} under {loss.function}: axis {axis} has {a[axis]} vs "
            f"{b[axis]}",
            backend_data.broadcast_text(backend, loss.function, y_true, y_pred, axis, a, b),
            suggested_units=_units_for(shown_true, shown_pred),
        )
    if broadcast:
        return LossFinding(
            "LL403",
            f"targets of shape {per_sample(shown_true)} are broadcast against the output "
            f"{per_sample(shown_pred)} by {loss.function}: Keras trains without an error but "
            "compares every output with every target",
            None,
            suggested_units=_units_for(shown_true, shown_pred),
        )
    return None


def _same_shape(loss: Loss, y_true: Shape, y_pred: Shape,
                backend: str = "torch") -> LossFinding | None:
    if len(y_true) == len(y_pred):
        verdicts = [_same(a, b) for a, b in zip(y_true, y_pred)]
        if all(verdicts):
            return None
        if None in verdicts:
            return None
    elif any(not isinstance(d, int) for d in y_true[1:] + y_pred[1:]):
        return None
    framework = backend_data.same_shape_text(backend, y_true, y_pred)
    classes = y_pred[-1] if y_pred else None
    looks_like_labels = loss.function == "categorical_crossentropy" and (
        len(y_true) == len(y_pred) - 1 or (len(y_true) == len(y_pred) and y_true[-1] == 1)
    )
    if looks_like_labels and isinstance(classes, int) and classes > 1:
        return LossFinding(
            "LL204",
            f"categorical_crossentropy needs one-hot targets shaped like the output "
            f"{per_sample(y_pred)}, but the targets {per_sample(y_true)} look like integer "
            "class labels",
            framework,
            suggested_loss="sparse_categorical_crossentropy",
        )
    return LossFinding(
        "LL202",
        f"{loss.function} needs targets shaped like the output {per_sample(y_pred)}, but they "
        f"are {per_sample(y_true)}",
        framework,
        suggested_units=_units_for(y_true, y_pred),
    )


def _sparse(loss: Loss, y_true: Shape, y_pred: Shape,
            backend: str = "torch") -> LossFinding | None:
    if len(y_true) == len(y_pred):
        last = y_true[-1]
        if not isinstance(last, int):
            return None
        if last == 1:
            y_true = y_true[:-1]
    expected = y_pred[:-1]
    if len(y_true) == len(expected):
        verdicts = [_same(a, b) for a, b in zip(y_true, expected)]
        if all(verdicts) or None in verdicts:
            return None
    framework = backend_data.sparse_text(backend, y_true, y_pred)
    if tuple(y_true) == tuple(y_pred):
        return LossFinding(
            "LL204",
            f"sparse_categorical_crossentropy needs integer class labels shaped "
            f"{per_sample(expected)} for the output {per_sample(y_pred)}, but the targets "
            f"{per_sample(y_true)} look one-hot encoded",
            framework,
            suggested_loss="categorical_crossentropy",
        )
    return LossFinding(
        "LL202",
        f"sparse_categorical_crossentropy needs integer class labels shaped "
        f"{per_sample(expected)} (or with a trailing 1) for the output {per_sample(y_pred)}, "
        f"but they are {per_sample(y_true)}",
        framework,
    )


# Report an out-of-range label only when it is certainly present: the labels are assumed
# spread uniformly over their known bounds (the least certain case) and must miss every
# out-of-range value with at most this probability (as library.keras_utils.top_value_drawn).
MISS_PROBABILITY = 1e-9


def label_range(loss: Loss, output: Shape, target: Shape, low: Any, high: Any,
                count: Any, exact: bool = False, backend: str = "torch") -> LossFinding | None:
    """sparse_categorical_crossentropy with labels outside ``[0, classes)``: torch's
    ``nll_loss`` raises "IndexError: Target 1 is out of bounds." at fit (measured, torch
    backend; TF raises an InvalidArgumentError, JAX gives NaN silently).

    The classes are counted after Keras' squeeze_or_expand_to_same_rank: labels (N, 1) against
    an output (N, T, 1) squeeze the output to (N, T), so T is the number of classes (measured:
    such a model trains). ``low``/``high`` are the labels' known bounds
    (ArrayValue.min_value/max_value), ``exact`` whether they are the values themselves (a
    literal) rather than the range random labels are drawn from, and ``count`` how many labels
    there are."""
    ranked = _squeeze_or_expand(target, output)
    if ranked is None:
        return None
    classes = ranked[1][-1] if ranked[1] else None
    if loss.kind != "sparse" or not isinstance(classes, int) or classes < 1:
        return None
    if not all(isinstance(v, int) and not isinstance(v, bool) for v in (low, high, count)):
        return None
    if low >= 0 and high < classes or high < low or count < 1:
        return None
    total = high - low + 1
    inside = max(0, min(high, classes - 1) - max(low, 0) + 1)
    if not exact and inside and count * math.log(inside / total) > math.log(MISS_PROBABILITY):
        return None  # an out-of-range label is likely but not certain: say nothing
    single = high if low >= 0 and high == classes else low if high < classes and low == -1 \
        else None
    framework = backend_data.label_range_text(backend, single, classes)
    where = f"reach {high}" if high >= classes else f"go down to {low}"
    squeezed = len(ranked[1]) < len(output)
    binary = classes == 1 and low >= 0 and high == 1 and not squeezed
    counted = f"{classes} class{'es' if classes > 1 else ''}"
    if squeezed:
        counted += f": Keras squeezes it to {per_sample(ranked[1])} against labels " \
            f"{per_sample(target)}"
    return LossFinding(
        "LL204",
        f"sparse_categorical_crossentropy needs class labels from 0 to {classes - 1} for the "
        f"output {per_sample(output)} ({counted}), but the labels {where}",
        framework,
        suggested_loss="binary_crossentropy" if binary else None,
        suggested_units=high + 1 if low >= 0 and not squeezed else None,
        suggested_activation="softmax",
    )


def _units_for(y_true: Shape, y_pred: Shape) -> int | None:
    """Dense units that would make the output match the targets, when that is the only gap."""
    same_rank = len(y_true) == len(y_pred) and len(y_true) >= 2
    if same_rank and isinstance(y_true[-1], int) and all(
        _same(a, b) for a, b in zip(y_true[:-1], y_pred[:-1])
    ):
        return y_true[-1]
    return None


def per_sample(shape: Shape) -> str:
    """A batch shape shown with ``N`` for the batch axis, e.g. ``(N, 20, 1)``."""
    inner = ", ".join(["N", *("None" if d is None else str(d) for d in shape[1:])])
    return f"({inner},)" if len(shape) == 1 else f"({inner})"


# --- a mask on the model output (Embedding(mask_zero=True), Masking) ----------------------------


def _loss_values(loss: Loss, y_pred: Shape, y_true: Shape) -> Shape | None:
    """The shape of ``loss.call(y_true, y_pred)``: every modelled loss reduces the last axis of
    the squeezed (and, for element-wise losses, broadcast) shapes; sparse keeps the labels."""
    pair = _squeeze_or_expand(y_true, y_pred)
    if pair is None:
        return None
    y_true, y_pred = pair
    if loss.kind == "sparse":
        return y_pred[:-1]
    if loss.kind == "same_shape":
        return y_pred[:-1]
    rank = max(len(y_true), len(y_pred))
    a = (1,) * (rank - len(y_true)) + tuple(y_true)
    b = (1,) * (rank - len(y_pred)) + tuple(y_pred)
    broadcast = []
    for x, y in zip(a, b):
        if not (isinstance(x, int) and isinstance(y, int)):
            return None
        broadcast.append(max(x, y))
    return tuple(broadcast[:-1])


def _weights_to_same_rank(values: Shape, weights: Shape) -> tuple[Shape, Shape]:
    """``squeeze_or_expand_to_same_rank(values, sample_weight)`` in reduce_weighted_values."""
    if len(values) == len(weights) + 1 and values[-1] == 1:
        if len(weights) == 1:
            weights = (*weights, 1)
        else:
            values = values[:-1]
    if len(weights) == len(values) + 1 and weights[-1] == 1:
        if len(values) == 1:
            values = (*values, 1)
        else:
            weights = weights[:-1]
    return values, weights


def check_mask(loss: Loss, output: Shape, target: Shape, mask: Shape,
               batches: list[Dim], backend: str = "torch") -> LossFinding | None:
    """Keras 3 (``Loss.__call__``): a mask on ``y_pred`` becomes the sample weight of the
    per-sample losses, ``values * mask`` after squeezing a trailing 1; the backend raises when
    the shapes do not broadcast. ``mask`` has the batch axis first, like ``output``.

    On TensorFlow the step is traced: a static batch fails the trace ("Dimensions must be
    equal"); a batch axis of None passes it, and the step fails on the batches it runs
    ("Incompatible shapes", the first batch that does not broadcast)."""
    concrete = getattr(batches, "concrete", None)
    runtime = backend == "tensorflow" and concrete is not None and not isinstance(batches[0], int)
    sizes = list(concrete) if runtime else batches
    for batch in sizes:
        if not isinstance(batch, int):
            return None
        y_pred = (batch, *output[1:])
        values = _loss_values(loss, y_pred, (batch, *target[1:]))
        weights = (batch, *mask[1:])
        if values is None or any(not isinstance(d, int) for d in weights):
            return None
        values, weights = _weights_to_same_rank(values, weights)
        rank = max(len(values), len(weights))
        a = (1,) * (rank - len(values)) + tuple(values)
        b = (1,) * (rank - len(weights)) + tuple(weights)
        for axis in range(rank - 1, -1, -1):
            if a[axis] == b[axis] or 1 in (a[axis], b[axis]):
                continue
            last = f" (in the last batch, of {batch} samples)" if batch != sizes[0] else ""
            return LossFinding(
                "LL308",
                f"the mask on the model output {per_sample(y_pred)} has shape "
                f"{per_sample(weights)} and weighs the per-sample losses of {loss.function}, "
                f"shaped {per_sample(values) if values else '()'} for targets "
                f"{per_sample((batch, *target[1:]))}; they do not broadcast{last}",
                _mask_error_text(backend, runtime, values, weights, a[axis], b[axis], axis),
            )
    return None


def _mask_error_text(backend: str, runtime: bool, values: Shape, weights: Shape, a: int, b: int,
                     axis: int) -> str:
    """``values * mask`` failing, as the backend says it (measured: Keras 3.15 on torch 2.13
    and TensorFlow 2.21, 124 masked stacks)."""
    if backend == "torch":
        return (f"RuntimeError: The size of tensor a ({a}) must match the size of tensor b "
                f"({b}) at non-singleton dimension {axis}")
    shapes = (f"[{','.join(map(str, values))}]", f"[{','.join(map(str, weights))}]")
    if runtime:
        return (f"InvalidArgumentError: Graph execution error: ... Incompatible shapes: "
                f"{shapes[0]} vs. {shapes[1]}")
    return (f"ValueError: Dimensions must be equal, but are {a} and {b} for ... with input "
            f"shapes: {shapes[0]}, {shapes[1]}.")
