"""Keras core layers: Dense, Activation, Identity, and the model input declaration.

``Lambda`` is deliberately not an entry: it runs arbitrary code, so its output stays unknown.
"""

from __future__ import annotations

from typing import Any

from ...ir import PLAIN_TYPES, UNKNOWN, Call
from ...shapes import UNKNOWN_DIM, Shape
from ...shown import type_text
from ..base import (
    Args,
    LayerError,
    Out,
    Unmodelled,
    keras_layer,
    memory,
    remember,
    require_defined,
    require_ndim,
    weights,
)
from ._checks import all_of, check_regularizers_and_constraints
from .activations import check_activation


def _positive_units(a: Args) -> None:
    units = a.units
    # Keras tests `isinstance(units, int)`, so True passes (as one unit).
    if not isinstance(units, int) or units <= 0:
        raise LayerError(
            "LL105",
            f"Dense needs a positive integer number of units, got {units!r}",
            "ValueError: Received an invalid value for `units`, expected a positive integer. "
            f"Received: units={units}",
            arg="units",
        )
    check_activation(a)


@keras_layer(
    "Dense",
    "units, activation=None, use_bias=True, kernel_initializer='glorot_uniform', "
    "bias_initializer='zeros', kernel_regularizer=None, bias_regularizer=None, "
    "activity_regularizer=None, kernel_constraint=None, bias_constraint=None, "
    "lora_rank=None, lora_alpha=None, quantization_config=None",
    validate=all_of(_positive_units, check_regularizers_and_constraints),
    supports_masking=True,
)
def dense(a: Args, x: Shape) -> Out:
    if len(x) < 2:
        require_ndim(a, x, min_ndim=2)
    features = x[-1]
    if features is None:
        require_defined(a, x, -1)
    units = a.units
    bias = units if a.use_bias else 0
    rank = lora_rank(a, "kernel_constraint", "kernel") if a.raw("lora_rank") is not None else 0
    if rank:
        # LoRA adds kernels (features, rank) and (rank, units) and freezes the kernel.
        return Out(
            x[:-1] + (units,),
            weights(lambda f: f * units + bias + rank * (f + units), features),
            weights(lambda f: f * units, features) or 0,
        )
    # (weights(): the count when the features are known)
    return Out(x[:-1] + (units,), features * units + bias if isinstance(features, int) else None)


def lora_rank(a: Args, constraint: str, weight: str) -> int:
    """``lora_rank=`` of Dense/Embedding: Keras enables LoRA when the layer is built."""
    rank = a.lora_rank
    if not rank:
        return 0
    if not isinstance(rank, int):
        raise Unmodelled(f"{a.layer_type}(lora_rank={rank!r})")
    if a.raw(constraint) is not None:
        raise LayerError(
            "LL105",
            f"{a.layer_type}: lora_rank cannot be combined with {constraint}",
            f"ValueError: Lora is incompatible with {weight} constraints. In order to enable "
            f"lora on this layer, remove the `{constraint}` argument.",
            arg="lora_rank",
        )
    return rank


@keras_layer(
    "Activation",
    "activation",
    validate=all_of(check_activation, check_regularizers_and_constraints),
    supports_masking=True,
)
def activation(a: Args, x: Shape) -> Out:
    return Out(x)


@keras_layer(
    "Identity",
    "",
    supports_masking=True,
    validate=check_regularizers_and_constraints,
)
def identity(a: Args, x: Shape) -> Out:
    return Out(x)


# --- the model input: keras.Input(...) / keras.layers.InputLayer(...) ----------------------------

# fmt: off
# keras.Input is a function with exactly these parameters (no **kwargs).
_INPUT_PARAMS = (
    "shape", "batch_size", "dtype", "sparse", "ragged", "batch_shape", "name", "tensor", "optional",
)
# InputLayer.__init__; it also reads the legacy `input_shape` (deprecation warning) and
# `batch_input_shape` (silently) from **kwargs, and silently ignores any other keyword.
_INPUT_LAYER_PARAMS = (
    "shape", "batch_size", "dtype", "sparse", "ragged", "batch_shape", "input_tensor", "optional",
    "name",
)
# keras.backend.standardize_dtype accepts these names (and Python types, which are not strings).
_DTYPES = frozenset((
    "float16", "float32", "float64", "uint8", "uint16", "uint32", "uint64", "int8", "int16",
    "int32", "int64", "bfloat16", "bool", "string", "float8_e4m3fn", "float8_e5m2", "complex64",
    "complex128", "int",
))
# fmt: on


_DECLARED: dict[Any, Shape] = memory()  # the shapes of Input calls of plain arguments


def input_batch_shape(call: Call) -> Shape:
    """:func:`declared_batch_shape`, remembered for calls whose arguments are plain values or
    tuples of them (compared with their types: ``(1,)`` and ``(True,)`` stay apart); an error
    is computed every time."""
    key: Any = [call.kind, call.args, tuple(call.kwargs.items())]
    for value in (*call.args, *call.kwargs.values()):
        kind = type(value)
        if kind is tuple:
            kinds = tuple(map(type, value))
            if not PLAIN_TYPES.issuperset(kinds):
                return declared_batch_shape(call)
            key.append(kinds)
        elif kind in PLAIN_TYPES:
            key.append(kind)
        else:
            return declared_batch_shape(call)
    key = tuple(key)
    shape = _DECLARED.get(key)
    if shape is None:
        shape = declared_batch_shape(call)
        remember(_DECLARED, key, shape)
    return shape


def declared_batch_shape(call: Call) -> Shape:
    """The batch shape a ``keras.Input(...)`` / ``keras.layers.InputLayer(...)`` call declares.

    Raises LayerError LL105 with Keras 3's own message for what it rejects, and Unmodelled when a
    value the shape depends on is unknown. An UNKNOWN dimension becomes ``"?"`` (fixed, unknown
    to layerlint). ``sparse``/``ragged=True`` are accepted: whether they are supported depends on
    the backend, which layerlint does not know.

    Spellings measured on Keras 3.15: ``Input(shape, batch_size, dtype, ...)`` positionally;
    ``Input(input_shape=...)`` is a TypeError (unexpected keyword). ``InputLayer`` accepts the
    Keras 2 ``input_shape=`` (warning "Argument `input_shape` is deprecated. Use `shape`
    instead.", and it wins over ``shape=``) and ``batch_input_shape=`` (silently, conflicts with
    ``shape=`` like ``batch_shape=`` does); any other unknown keyword (``input_dim=``,
    ``trainable=``) is silently ignored. Zero-sized dims are legal; negative, float and string
    dims are not; ``True`` counts as 1.
    """
    is_layer = call.kind == "InputLayer"
    params = _INPUT_LAYER_PARAMS if is_layer else _INPUT_PARAMS
    who = "InputLayer.__init__()" if is_layer else "Input()"
    if len(call.args) > len(params):
        lo, hi = (1, len(params) + 1) if is_layer else (0, len(params))
        given = len(call.args) + (1 if is_layer else 0)
        raise _input_error(
            f"{call.kind} takes at most {len(params)} positional arguments",
            f"TypeError: {who} takes from {lo} to {hi} positional arguments but {given} were given",
        )
    values: dict[str, Any] = dict(zip(params, call.args))
    for key, value in call.kwargs.items():
        if key in values:
            raise _input_error(
                f"{call.kind} got two values for {key!r}",
                f"TypeError: {who} got multiple values for argument '{key}'",
            )
        if key in params or (is_layer and key in ("input_shape", "batch_input_shape")):
            values[key] = value
        elif not is_layer:
            raise _input_error(
                f"Input does not take the argument {key!r}"
                + (" (write shape= instead)" if key == "input_shape" else ""),
                f"TypeError: Input() got an unexpected keyword argument '{key}'",
            )
    if is_layer and "input_shape" in values:
        values["shape"] = values.pop("input_shape")
    if is_layer and "batch_input_shape" in values:
        values["batch_shape"] = values.pop("batch_input_shape")

    tensor = values.get("input_tensor" if is_layer else "tensor")
    if tensor is not None:
        raise Unmodelled(f"{call.kind}(tensor=...)")  # the shape comes from another tensor
    shape, batch_size = values.get("shape"), values.get("batch_size")
    batch_shape = values.get("batch_shape")
    for name in ("shape", "batch_shape"):
        if values.get(name) is UNKNOWN:
            raise Unmodelled(f"{call.kind}({name}=...)")
    if batch_size is UNKNOWN and batch_shape is not None:
        raise Unmodelled(f"{call.kind}(batch_size=...)")  # may be None: no conflict then
    if shape is not None and batch_shape is not None:
        raise _input_error(
            f"{call.kind} takes shape= or batch_shape=, not both",
            "ValueError: You cannot pass both `shape` and `batch_shape` at the same time.",
        )
    if batch_size is not None and batch_shape is not None:
        raise _input_error(
            f"{call.kind} takes batch_size= or batch_shape=, not both",
            "ValueError: You cannot pass both `batch_size` and `batch_shape` at the same time.",
        )
    if shape is None and batch_shape is None:
        raise _input_error(
            f"{call.kind} needs a shape", "ValueError: You must pass a `shape` argument."
        )
    if shape is not None:
        result = (batch_size,) + standardize_shape(shape)
        if batch_size is not None and (type(batch_size) is not int or batch_size < 0):
            result = standardize_shape(result)  # (a standardized shape stays as it is)
    else:
        result = standardize_shape(batch_shape)  # (standardizing it again changes nothing)
    dtype = values.get("dtype")
    if isinstance(dtype, str) and dtype not in _DTYPES:
        raise _input_error(
            f"{call.kind}: {dtype!r} is not a dtype Keras knows",
            f"ValueError: Invalid dtype: {dtype}",
        )
    return result


def standardize_shape(shape: Any) -> Shape:
    """keras.backend.standardize_shape: an iterable of non-negative ints (bools count) or None."""
    if isinstance(shape, str):
        shape = tuple(shape)  # Keras iterates a string character by character
    if not isinstance(shape, (tuple, list)):
        raise _input_error(
            f"the input shape must be a tuple, got {shape!r}"
            + (f" (write ({shape},) for one axis)" if isinstance(shape, int) else ""),
            f"ValueError: Cannot convert '{shape}' to a shape.",
        )
    shape = tuple(shape)
    dims: list[Any] = []
    for d in shape:
        if d is UNKNOWN:
            dims.append(UNKNOWN_DIM)
        elif d is None or (isinstance(d, str) and d == UNKNOWN_DIM):
            dims.append(d)
        elif not isinstance(d, int):
            raise _input_error(
                f"the input shape {_show(shape)} has a dimension that is not an integer: {d!r}",
                f"ValueError: Cannot convert '{_show(shape)}' to a shape. Found invalid "
                f"dimension '{d}' of type '{type_text(d)}'. ",
            )
        elif d < 0:
            raise _input_error(
                f"the input shape {_show(shape)} has a negative dimension",
                f"ValueError: Cannot convert '{_show(shape)}' to a shape. Negative dimensions "
                "are not allowed.",
            )
        else:
            dims.append(int(d))
    return tuple(dims)


def _show(shape: tuple) -> str:
    return repr(tuple("<unknown>" if d is UNKNOWN else d for d in shape))


def _input_error(message: str, framework: str) -> LayerError:
    return LayerError("LL105", message, framework, arg="shape")
