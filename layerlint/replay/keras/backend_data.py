"""How the data stage of Keras 3 (fit / evaluate / predict / train_on_batch / ``model(x)``, the
loss) reads on the backend a model runs on (``ModelIR.keras_backend``).

Measured with Keras 3.15.1 on torch 2.13 and TensorFlow 2.21:

* TensorFlow traces ``fit``'s and ``evaluate``'s step over the data adapter's dataset, whose
  batch axis is ``None`` unless the batch size divides the sample count: every shape a layer or
  the loss prints there has ``None`` for the batch (``inputs.shape=[None 3 2]``,
  ``target.shape=(None, 4)``; ``(5, 3)`` for 10 samples in batches of 5), and only static
  shapes are checked then. ``predict``, ``model(x)`` and ``train_on_batch`` print the concrete batch, as
  torch does everywhere.
* The loss' own errors are the backend's: an element-wise loss that cannot broadcast is
  torch's "The size of tensor a ..." but TensorFlow's "Dimensions must be equal, but are 4 and
  3 for '{{node ...}}' ... with input shapes: [?,4], [?,3]."; a sparse categorical loss on
  targets of the output's rank is TensorFlow's "Argument `output` must have rank (ndim)
  `target.ndim - 1`"; shapes print as ``torch.Size([10, 4])`` or ``(None, 4)``.

For a backend layerlint does not model (jax, numpy, openvino) no backend text is quoted
(:func:`modelled`); the verdicts kept are those measured alike on torch and TensorFlow.
"""

from __future__ import annotations

import re
from typing import Any

from ...layers.keras.backend_text import backend_of, concrete_shape, modelled

__all__ = ["backend_of", "modelled", "traced", "traced_batch", "loss_batches", "TRACED_BATCH", "shape_text",
           "broadcast_text", "same_shape_text", "sparse_text", "label_range_text", "input_shape_text"]

# The batch axis of a traced step in the loss checks: a symbolic dimension (a str, so that the
# targets' and the output's compare equal) that prints as None. The layers see None itself.
TRACED_BATCH = "None"
_TRACED_METHODS = ("fit", "evaluate")


def traced(backend: str, method: str) -> bool:
    """Whether the call runs the model inside a step traced over a batch axis of None. A
    backend layerlint does not model is checked as TensorFlow traces: on static shapes only,
    which torch checks too (what neither raises on alike is not claimed)."""
    return backend != "torch" and method in _TRACED_METHODS


def traced_batch(samples: Any, size: Any) -> Any:
    """The static batch axis of a traced step: the batch size when every batch has it."""
    size = size if isinstance(size, int) and size > 0 else 32
    return size if isinstance(samples, int) and samples % size == 0 else None


class TracedBatches(list):
    """The batch axis of one traced step (``[TRACED_BATCH]`` or the static size), with the
    ``concrete`` batch sizes the step then runs on: an element-wise loss that only fails on
    those raises when the step runs (losses.check)."""

    concrete: list[Any]


def loss_batches(backend: str, method: str, batches: list[Any], samples: Any,
                 size: Any) -> list[Any]:
    """The batch sizes the loss meets: one traced step covers them all on TensorFlow."""
    if not traced(backend, method):
        return batches
    step = TracedBatches([traced_batch(samples, size) or TRACED_BATCH])
    step.concrete = batches
    return step


def runtime_broadcast_text(backend: str) -> str | None:
    """Targets that broadcast against the output statically (the traced batch axis meets
    another) but not on the batches the step runs on: TensorFlow's op fails in the step."""
    if backend != "tensorflow":
        return None
    return "InvalidArgumentError: Graph execution error: ... Incompatible shapes: [ ... ] vs. [ ... ]"


def shape_text(shape: Any, backend: str) -> str:
    """A data tensor's shape as the backend prints it (``None`` for a traced batch)."""
    return concrete_shape(["None" if d is None else d for d in shape], backend)


def _graph_shape(shape: Any) -> str:
    """A static shape as TensorFlow's shape inference prints it: ``[?,4]``."""
    return "[" + ",".join("?" if not isinstance(d, int) else str(d) for d in shape) + "]"


# Element-wise losses: which operand TensorFlow's failing op takes first ("true" = targets),
# keras/src/losses/losses.py (mse: ``y_true - y_pred``; huber: ``y_pred - y_true``).
_FIRST_OPERAND = {
    "mean_squared_error": "true", "mean_absolute_error": "true",
    "mean_absolute_percentage_error": "true", "mean_squared_logarithmic_error": "pred",
    "huber": "pred", "log_cosh": "pred", "kl_divergence": "true", "poisson": "true",
    "hinge": "true", "squared_hinge": "true", "categorical_hinge": "true",
    "categorical_focal_crossentropy": "true",
}  # fmt: skip
# Losses whose shape rule is the backend's: on TensorFlow categorical focal cross-entropy is
# computed with element-wise ops (no same-shape check), so its targets broadcast.
_KIND_ON = {("tensorflow", "categorical_focal_crossentropy"): "elementwise"}


def loss_kind(backend: str, function: str, kind: str) -> str:
    return _KIND_ON.get((backend, function), kind)


def broadcast_text(backend: str, function: str, y_true: Any, y_pred: Any, axis: int,
                   a: Any, b: Any) -> str | None:
    """An element-wise loss whose targets and output do not broadcast (``a``/``b``: both
    aligned to the longer rank, ``axis`` the first failing one from the right)."""
    if backend == "torch":
        return (f"RuntimeError: The size of tensor a ({a[axis]}) must match the size of tensor "
                f"b ({b[axis]}) at non-singleton dimension {axis}")
    first = _FIRST_OPERAND.get(function)
    if backend != "tensorflow" or first is None:
        return None
    # TensorFlow's shape inference names the first (outermost) pair of sizes that conflict
    axis = next((i for i, (x, y) in enumerate(zip(a, b)) if isinstance(x, int)
                 and isinstance(y, int) and x != y and 1 not in (x, y)), axis)
    left, right = (y_true, y_pred) if first == "true" else (y_pred, y_true)
    left_dim, right_dim = (a[axis], b[axis]) if first == "true" else (b[axis], a[axis])
    return (f"ValueError: Dimensions must be equal, but are {left_dim} and {right_dim} for ... "
            f"with input shapes: {_graph_shape(left)}, {_graph_shape(right)}.")


def same_shape_text(backend: str, y_true: Any, y_pred: Any) -> str | None:
    """Binary / categorical cross-entropy on targets shaped unlike the output (TensorFlow
    checks the ranks first)."""
    if not modelled(backend):
        return None
    check = "rank (ndim)" if backend == "tensorflow" and len(y_true) != len(y_pred) else "shape"
    return (f"ValueError: Arguments `target` and `output` must have the same {check}. Received: "
            f"target.shape={shape_text(y_true, backend)}, "
            f"output.shape={shape_text(y_pred, backend)}")


def sparse_text(backend: str, y_true: Any, y_pred: Any) -> str | None:
    """Labels (squeezed of a trailing 1 at the output's rank) that do not fit the output."""
    if not modelled(backend):
        return None
    shapes = (f"target.shape={shape_text(y_true, backend)}, "
              f"output.shape={shape_text(y_pred, backend)}")
    if backend == "tensorflow" and len(y_true) != len(y_pred) - 1:
        return f"ValueError: Argument `output` must have rank (ndim) `target.ndim - 1`. Received: {shapes}"
    return ("ValueError: Arguments `target` and `output` must have the same shape up until the "
            f"last dimension: {shapes}")


def label_range_text(backend: str, single: int | None, classes: int) -> str | None:
    """Sparse labels outside ``[0, classes)`` (``single``: the one out-of-range value, when
    known): torch's nll_loss raises eagerly; TensorFlow's op while the traced step runs."""
    if backend == "torch":
        return (f"IndexError: Target {single} is out of bounds." if single is not None
                else "IndexError: Target ... is out of bounds. (torch reports the first label "
                "outside the classes)")
    if backend != "tensorflow":
        return None
    return ("InvalidArgumentError: Graph execution error: ... Received a label value of "
            f"{'...' if single is None else single} which is outside the valid range of "
            f"[0, {classes}).")


def raises_on_data(backend: str, method: str, code: str, kind: str = "",
                   message: str = "") -> bool:
    """Whether a layer whose output would have a size of 0 or less on the data (LL103: a pool or
    kernel larger than the data's free axis) raises. TensorFlow runs ``model(x)`` eagerly and
    its convolutions and average pools return empty tensors there (max pools abort, depending
    on the CPU library); a convolution whose output would be negative raises. Traced calls
    raise; torch raises everywhere."""
    if code != "LL103" or backend == "torch":
        return True
    if backend != "tensorflow":
        return False
    return method != "__call__" or (kind.startswith("Conv") and _negative_output(message))


def _negative_output(message: str) -> bool:
    """layerlint's LL103 message names the sizes: "the output would have size (-1,) ..."."""
    sizes = re.search(r"would have size \(([^)]*)\)", message)
    return bool(sizes and "-" in sizes.group(1))


def layer_on_data_text(backend: str, kind: str, error: Any, method: str = "") -> str | None:
    """A layer raising on the data: Keras' own check reads alike on both backends (torch's is
    wrapped in the model's call); an output size of 0 is TensorFlow's shape inference."""
    if backend == "torch":
        return ("ValueError: Exception encountered when calling Sequential.call(). "
                + error.framework.removeprefix("ValueError: "))
    if backend != "tensorflow":
        return None
    if error.code == "LL103" and method == "__call__":
        return None  # an eager convolution's own error, worded by the CPU library
    if error.code == "LL103":
        return (f"ValueError: Exception encountered when calling {kind}.call(). Negative "
                "dimension size caused by subtracting ... .")
    return ("ValueError: Exception encountered when calling Sequential.call(). "
            + error.framework.removeprefix("ValueError: "))


def embedding_range_text(backend: str, method: str, input_dim: int) -> str | None:
    """A token id of ``input_dim`` or more reaching an Embedding: torch's index error; on
    TensorFlow (on CPU) the gather's, eagerly in ``model(x)``, else in the traced step (its
    first offending position, which the text leaves out)."""
    if backend == "torch":
        return ("IndexError: Exception encountered when calling Embedding.call().\n\n"
                "index out of range in self")
    if backend != "tensorflow":
        return None
    if method == "__call__":
        return ("InvalidArgumentError: Exception encountered when calling Embedding.call(). ... "
                f"is not in [0, {input_dim}) [Op:GatherV2]")
    return f"InvalidArgumentError: Graph execution error: ... is not in [0, {input_dim})"


def dict_targets_text(backend: str, keys: list[str]) -> str | None:
    """A single-output model given its targets as a dict: Keras makes an array of the keys."""
    if backend == "torch":
        return f"ValueError: Invalid dtype: str{32 * max(len(k) for k in keys)}"
    if backend != "tensorflow":
        return None
    return f"TypeError: Expected float32, but got {keys[0]} of type 'str'."


def no_targets_text(backend: str) -> str | None:
    """``validation_data=(x,)`` under a compiled loss, once evaluated (the targets are None)."""
    return {"torch": "ValueError: Invalid dtype: object",
            "tensorflow": "ValueError: None values not supported."}.get(backend)


def target_list(backend: str, count: int) -> str:
    """A list of ``count`` target arrays as Keras prints its structure (TensorFlow's data
    adapter made it a tuple)."""
    return str(("*",) * count) if backend == "tensorflow" else str(["*"] * count)


def input_shape_text(backend: str, model: str, expected: str, fed: Any) -> str | None:
    """Keras' "Invalid input shape" for data of another rank than the model input (``model``:
    Sequential / Functional, whose call() raises)."""
    if not modelled(backend):
        return None
    return (f"ValueError: Exception encountered when calling {model}.call(). Invalid input "
            f"shape for input ... Expected shape {expected}, but input has incompatible shape "
            f"{shape_text(fed, backend)}")
