"""The vocabulary of ``keras.ops`` entries: functions on symbolic (Keras) tensors.

An entry is ``call(a: Args) -> OpOut`` registered with the function's Python signature and the
``Operation`` class Keras 3 makes for it (it names the op: ``reshape_1`` in a summary)::

    @keras_op("reshape", "x, newshape", "Reshape")
    def reshape(a: Args) -> OpOut: ...

Tensors are passed as :class:`KerasTensorArg` (shape and dtype; a list of them for
``concatenate``); Python numbers stay numbers. Keras computes a symbolic op's output with the
op's ``compute_output_spec`` (keras/src/ops/*.py, 3.15): the entries follow it, messages and
all. A call that does not fit the signature is not modelled (Unmodelled: the output is
unknown). Dtypes follow ``keras.backend.result_type`` on the torch backend (measured: 64-bit
results are canonicalized to 32-bit, Python numbers are weak).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ...ir import TensorRef
from ...shapes import Shape
from ..base import REQUIRED, Args, LayerError, Param, Unmodelled
from ..torch._function import parse_function_signature


@dataclass(frozen=True)
class KerasTensorArg:
    """A symbolic tensor: its shape (batch None) and dtype (None when not known)."""

    shape: Shape
    dtype: str | None = "float32"


@dataclass(frozen=True)
class OpOut:
    """The tensor an op returns, or several (``split``): shapes and dtypes, in order."""

    shapes: tuple[Shape, ...]
    dtypes: tuple[str | None, ...]
    several: bool = False

    @property
    def shape(self) -> Shape:
        return self.shapes[0]


OpEntry = Callable[[Args], OpOut]


@dataclass(frozen=True)
class OpSpec:
    name: str  # "reshape": keras.ops.reshape (also keras.ops.numpy/nn.reshape)
    signature: tuple[Param, ...]
    class_name: str  # the Operation class: "Reshape"
    call: OpEntry


_OPS: dict[str, OpSpec] = {}


def keras_op(name: str, signature: str, class_name: str, *,
             aliases: tuple[str, ...] = ()) -> Callable[[OpEntry], OpEntry]:
    def decorate(call: OpEntry) -> OpEntry:
        params, varargs = parse_function_signature(signature)
        assert varargs is None, name
        for alias in (name, *aliases):
            if alias in _OPS:
                raise ValueError(f"keras op {alias!r} registered twice")
            _OPS[alias] = OpSpec(alias, params, class_name, call)
        return call

    return decorate


def lookup_op(qualname: str) -> OpSpec | None:
    """``"keras.ops.reshape"``, ``"keras.ops.numpy.reshape"``, ``"keras.ops.nn.relu"``."""
    if not qualname.startswith("keras.ops."):
        return None
    return _OPS.get(qualname.rsplit(".", 1)[-1])


def all_ops() -> list[OpSpec]:
    return list(_OPS.values())


def bind_op(spec: Any, args: tuple[Any, ...], kwargs: dict[str, Any],
            prefix: str = "keras.ops.") -> Args:
    """Bind like Python; a call that does not fit (a TypeError in Keras) is not modelled.
    ``spec`` has a ``name`` and a ``signature`` (also the tf.keras 2 entries of tf_ops.py)."""
    what = f"{prefix}{spec.name}"
    positional = [p for p in spec.signature if not p.keyword_only]
    if len(args) > len(positional):
        raise Unmodelled(f"{what}(...) with these arguments")
    values = {p.name: v for p, v in zip(positional, args)}
    names = {p.name for p in spec.signature}
    for key, value in kwargs.items():
        if key not in names or key in values:
            raise Unmodelled(f"{what}(...) with these arguments")
        values[key] = value
    for param in spec.signature:
        if param.name not in values:
            if param.default is REQUIRED:
                raise Unmodelled(f"{what}(...) with these arguments")
            values[param.name] = param.default
    return Args(what, values, given=set(values) & (set(kwargs) | {
        p.name for p in positional[:len(args)]}))


def op_arguments(inputs: tuple[Any, ...], kwargs: dict[str, Any],
                 tensor: Callable[[TensorRef], Any]) -> tuple[tuple[Any, ...], dict[str, Any]]:
    """A node's arguments as an entry takes them: each TensorRef (in lists and tuples too)
    made a KerasTensorArg by ``tensor`` (which may raise to give up), plain values kept."""

    def convert(value: Any, depth: int = 0) -> Any:
        if isinstance(value, TensorRef):
            return tensor(value)
        if isinstance(value, (list, tuple)) and depth < 5:
            items = [convert(v, depth + 1) for v in value]
            return items if isinstance(value, list) else tuple(items)
        return value

    return tuple(convert(v) for v in inputs), {k: convert(v) for k, v in kwargs.items()}


def value_error(code: str, message: str, framework: str, arg: str | None = None) -> LayerError:
    return LayerError(code, message, f"ValueError: {framework}", arg=arg)


# --- dtypes (keras.backend.result_type, torch backend) ------------------------------------------

_FLOATS = ("float16", "bfloat16", "float32", "float64")
_INTS = ("int8", "int16", "int32", "int64")
_CANONICAL = {"int64": "int32", "float64": "float32"}  # no 64-bit results (x64 disabled)


def dtype_of(value: Any) -> str | None:
    """A tensor's dtype, or "pyint"/"pyfloat"/"pybool" for a Python number (weakly typed)."""
    if isinstance(value, KerasTensorArg):
        return value.dtype
    if isinstance(value, bool):
        return "pybool"
    if isinstance(value, int):
        return "pyint"
    if isinstance(value, float):
        return "pyfloat"
    return None


def result_type(*kinds: str | None) -> str | None:
    """The promoted dtype of tensors and Python numbers (None: not known / not modelled)."""
    if any(k is None for k in kinds):
        return None
    strong = [k for k in kinds if not k.startswith("py")]  # type: ignore[union-attr]
    weak = {k for k in kinds if k.startswith("py")}  # type: ignore[union-attr]
    if any(k not in _FLOATS + _INTS + ("bool",) for k in strong):
        return None  # unsigned, complex, strings: not modelled
    floats = [k for k in strong if k in _FLOATS]
    if floats:
        if "bfloat16" in floats and "float16" in floats:
            return "float32"
        widest = max(floats, key=_FLOATS.index)
        return _CANONICAL.get(widest, widest)
    ints = [k for k in strong if k in _INTS]
    if "pyfloat" in weak:
        return "float32"
    if ints:
        widest = max(ints, key=_INTS.index)
        return _CANONICAL.get(widest, widest)
    if strong:  # only bools
        return "int32" if "pyint" in weak else "bool"
    return "int32" if "pyint" in weak else "bool" if weak == {"pybool"} else None
