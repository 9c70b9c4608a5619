"""How the Keras 3 backend a model runs on prints what layerlint quotes from its errors.

Keras' own checks (``Input 0 of layer ... is incompatible``) read the same on every backend,
but a message that shows a concrete tensor is the backend's: torch prints
``torch.Size([32, 5])`` where TensorFlow prints ``(32, 5)`` (measured, Keras 3.15.1 with
torch 2.13 and TensorFlow 2.21). ``model.keras_backend`` (frontends/keras_backend.py) says which
one; layerlint models ``torch`` and ``tensorflow`` and quotes neither for another backend
(:func:`modelled`).
"""

from __future__ import annotations

from typing import Any

MODELLED = frozenset({"torch", "tensorflow"})
DEFAULT = "torch"  # what a model the pipeline did not resolve runs on (ir.ModelIR)


def backend_of(model: Any) -> str:
    """The backend of a Keras 3 model (or anything carrying ``keras_backend``)."""
    return getattr(model, "keras_backend", None) or DEFAULT


def modelled(backend: str) -> bool:
    """Whether layerlint knows this backend's own texts and behaviour (torch, tensorflow)."""
    return backend in MODELLED


def int_variable_bytes(backend: str) -> int | None:
    """The width of Keras' ``dtype="int"`` variables (an optimizer's step counter): int64 on
    TensorFlow, int32 on torch (keras/src/optimizers/base_optimizer.py; measured in summaries).
    None for a backend layerlint does not model."""
    return {"torch": 4, "tensorflow": 8}.get(backend)


def concrete_shape(shape: Any, backend: str) -> str:
    """A concrete tensor's shape as the backend prints it: ``torch.Size([32, 5])`` (torch),
    ``(32, 5)`` (TensorFlow's TensorShape, a Python tuple's text: ``(4,)`` for rank 1)."""
    dims = [str(d) for d in shape]
    if backend == "tensorflow":
        return "(" + ", ".join(dims) + ("," if len(dims) == 1 else "") + ")"
    return "torch.Size([" + ", ".join(dims) + "])"


def tensor_text(shape: Any, dtype: str, backend: str) -> str:
    """A concrete tensor as Keras lists it under "Arguments received by X.call()":
    ``torch.Tensor(shape=torch.Size([4, 10]), dtype=float32)`` /
    ``tf.Tensor(shape=(4, 10), dtype=float32)``."""
    kind = "tf.Tensor" if backend == "tensorflow" else "torch.Tensor"
    return f"{kind}(shape={concrete_shape(shape, backend)}, dtype={dtype})"
