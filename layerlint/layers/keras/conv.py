"""Keras 3 convolution layers: Conv1D/2D/3D, their transposes, SeparableConv1D/2D and
DepthwiseConv1D/2D (keras/src/layers/convolutional/).

Also the argument normalisers the pooling and padding families share (``standardize_tuple``,
``data_format``), ported from Keras with its exact messages.

Stages, as measured on Keras 3.15: argument errors are raised by ``__init__`` (``validate``);
the rank check (``InputSpec(min_ndim=rank + 2)``), undefined or indivisible channels and
non-positive output sizes are raised when the layer meets its input (``call``).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

from ...shapes import (
    Dim,
    Shape,
    arith,
    channel_axis,
    conv_length,
    conv_transpose_length,
    format_shape,
    is_known,
    spatial,
    with_spatial,
)
from ...shown import type_name
from ..base import (
    KERAS_BASE_KWARGS,
    Args,
    LayerError,
    Out,
    Unmodelled,
    keras_layer,
    require_ndim,
    weights,
)

# --- argument normalisers shared by the conv, pooling and padding families ----------------------


def init_error(a: Args, arg: str, framework: str, message: str = "") -> LayerError:
    """An argument the layer's ``__init__`` rejects (LL105)."""
    return LayerError(
        "LL105",
        message or f"{a.layer_type}: invalid `{arg}` argument ({framework.split(': ', 1)[-1]})",
        framework,
        arg=arg,
    )


def is_int(value: Any) -> bool:
    """Keras' ``isinstance(value, int)``: bools count as ints."""
    return isinstance(value, int)


def standardize_tuple(
    a: Args, arg: str, n: int, *, allow_zero: bool = False, label: str | None = None, value=None
) -> tuple[int, ...]:
    """Keras' ``argument_validation.standardize_tuple``: an int or ``n`` ints, each > 0 (>= 0).

    ``label`` is the name Keras prints (``"1st entry of padding"``); ``value`` overrides the
    argument's value (for entries of a nested argument). Values Keras would accept now but fail
    on later (float elements) are not modelled.
    """
    value = getattr(a, arg) if value is None else value
    name = label or arg
    message = f"The `{name}` argument must be a tuple of {n} integers. Received {name}={value}"
    if is_int(value):
        values = (value,) * n
    elif isinstance(value, (tuple, list)):
        if len(value) != n:
            raise init_error(a, arg, f"ValueError: {message}")
        if not all(is_int(v) for v in value):
            raise Unmodelled(f"{a.layer_type}({arg}={value!r})")
        values = tuple(value)
    elif isinstance(value, float) or value is None:
        raise init_error(a, arg, f"ValueError: {message}")
    else:
        raise Unmodelled(f"{a.layer_type}({arg}={value!r})")
    bad = {v for v in values if (v < 0 if allow_zero else v <= 0)}
    if bad:
        requirement = ">= 0" if allow_zero else "> 0"
        raise init_error(
            a,
            arg,
            f"ValueError: {message}, including values {bad} that do not satisfy "
            f"`value {requirement}`",
        )
    return values


def data_format(a: Args) -> str:
    """Keras' ``standardize_data_format`` (None: the default ``channels_last``)."""
    value = a.data_format
    if value is None:
        return "channels_last"
    fmt = str(value).lower()
    if fmt not in ("channels_first", "channels_last"):
        raise init_error(
            a,
            "data_format",
            "ValueError: The `data_format` argument must be one of "
            f"{{'channels_first', 'channels_last'}}. Received: data_format={fmt}",
        )
    return fmt


def run_checks(a: Args, *checks: Callable[[Args], object]) -> None:
    """Run ``__init__`` checks in Keras' order, skipping those that need an unknown value."""
    for check in checks:
        try:
            check(a)
        except Unmodelled:
            continue


def wrapped_call_error(a: Args, error: str, inner: str) -> str:
    """How Keras 3 reports an exception raised while computing a layer's output shape."""
    return f"{error}: Exception encountered when calling {a.layer_type}.call().\n\n{inner}"


def reject_negative(a: Args, shape: Shape) -> None:
    """A negative output dimension: Keras cannot even create the output tensor (LL103)."""
    if any(is_known(d) and d < 0 for d in shape):  # type: ignore[operator]
        shown = "(" + ", ".join("None" if d is None else str(d) for d in shape) + ")"
        raise LayerError(
            "LL103",
            f"{a.layer_type} would produce the negative output shape {format_shape(shape)}",
            wrapped_call_error(
                a,
                "ValueError",
                f"Cannot convert '{shown}' to a shape. Negative dimensions are not allowed.",
            ),
            found=format_shape(shape),
        )


# --- convolution arguments -------------------------------------------------------------------


def conv_padding(a: Args, allow_causal: bool) -> str | tuple:
    """Keras' ``standardize_padding``. A list/tuple passes ``__init__`` (and fails at build)."""
    value = a.padding
    if isinstance(value, (list, tuple)):
        return value
    if not isinstance(value, str):
        raise init_error(
            a,
            "padding",
            f"AttributeError: '{type_name(value)}' object has no attribute 'lower'",
        )
    padding = value.lower()
    allowed = ("valid", "same", "causal") if allow_causal else ("valid", "same")
    if padding not in allowed:
        shown = "{" + ", ".join(repr(p) for p in allowed) + "}"
        raise init_error(
            a,
            "padding",
            f"ValueError: The `padding` argument must be a list/tuple or one of {shown}. "
            f"Received: {padding}",
            f"{a.layer_type} does not support padding={value!r}; use one of {shown}",
        )
    return padding


def positive_count(a: Args, arg: str) -> int:
    """``filters`` / ``depth_multiplier``: a strictly positive int (others are not modelled)."""
    value = getattr(a, arg)
    if not is_int(value):
        raise Unmodelled(f"{a.layer_type}({arg}={value!r})")
    if value <= 0:
        raise init_error(
            a,
            arg,
            f"ValueError: Invalid value for argument `{arg}`. Expected a strictly positive "
            f"value. Received {arg}={value}.",
        )
    return value


def groups(a: Args) -> int:
    value = a.groups
    if not is_int(value):
        raise Unmodelled(f"{a.layer_type}(groups={value!r})")
    if value <= 0:
        raise init_error(
            a,
            "groups",
            "ValueError: The number of groups must be a positive integer. "
            f"Received: groups={value}.",
        )
    return value


def _check_filters_divisible(a: Args) -> None:
    filters, n = positive_count(a, "filters"), groups(a)
    if filters % n:
        raise init_error(
            a,
            "groups",
            "ValueError: The number of filters must be evenly divisible by the number of "
            f"groups. Received: groups={n}, filters={filters}.",
            f"{a.layer_type}: filters={filters} is not divisible by groups={n}",
        )


def _check_strides_dilation(rank: int) -> Callable[[Args], None]:
    def check(a: Args) -> None:
        strides = standardize_tuple(a, "strides", rank)
        dilation = standardize_tuple(a, "dilation_rate", rank)
        if max(strides) > 1 and max(dilation) > 1:
            raise init_error(
                a,
                "dilation_rate",
                "ValueError: `strides > 1` not supported in conjunction with "
                f"`dilation_rate > 1`. Received: strides={strides} and "
                f"dilation_rate={dilation}",
                f"{a.layer_type} cannot combine strides={strides} with dilation_rate={dilation}",
            )

    return check


def _check_output_padding(rank: int) -> Callable[[Args], None]:
    def check(a: Args) -> None:
        if a.output_padding is None:
            return
        output_padding = standardize_tuple(a, "output_padding", rank, allow_zero=True)
        strides = standardize_tuple(a, "strides", rank)
        for i, (op, s) in enumerate(zip(output_padding, strides)):
            if op >= s:
                raise init_error(
                    a,
                    "output_padding",
                    "ValueError: `output_padding` must be strictly less than `strides` for all "
                    f"dimensions. At dimension {i}, `output_padding` is {op} but `strides` is "
                    f"{s}. Received: output_padding={output_padding}, strides={strides}",
                )

    return check


def _tuple_check(arg: str, rank: int, **kw: Any) -> Callable[[Args], None]:
    return lambda a: standardize_tuple(a, arg, rank, **kw)


# Keras' __init__ order for each family (kernel_size, strides, dilation, padding, data_format,
# then the value checks).
def _validate_conv(rank: int) -> Callable[[Args], None]:
    return lambda a: run_checks(
        a,
        _tuple_check("kernel_size", rank),
        _tuple_check("strides", rank),
        _tuple_check("dilation_rate", rank),
        lambda a: conv_padding(a, allow_causal=rank == 1),
        data_format,
        lambda a: positive_count(a, "filters"),
        groups,
        _check_filters_divisible,
        _check_strides_dilation(rank),
    )


def _validate_transpose(rank: int) -> Callable[[Args], None]:
    return lambda a: run_checks(
        a,
        _tuple_check("kernel_size", rank),
        _tuple_check("strides", rank),
        _tuple_check("dilation_rate", rank),
        lambda a: conv_padding(a, allow_causal=False),
        lambda a: (
            a.output_padding is None
            or standardize_tuple(a, "output_padding", rank, allow_zero=True)
        ),
        data_format,
        lambda a: positive_count(a, "filters"),
        _check_output_padding(rank),
        _check_strides_dilation(rank),
    )


def _validate_depthwise(rank: int) -> Callable[[Args], None]:
    return lambda a: run_checks(
        a,
        _tuple_check("kernel_size", rank),
        _tuple_check("strides", rank),
        _tuple_check("dilation_rate", rank),
        lambda a: conv_padding(a, allow_causal=False),
        data_format,
        lambda a: positive_count(a, "depth_multiplier"),
    )


def _validate_separable(rank: int) -> Callable[[Args], None]:
    return lambda a: run_checks(
        a,
        _tuple_check("kernel_size", rank),
        _tuple_check("strides", rank),
        _tuple_check("dilation_rate", rank),
        lambda a: conv_padding(a, allow_causal=False),
        data_format,
        lambda a: positive_count(a, "depth_multiplier"),
        lambda a: positive_count(a, "filters"),
    )


# --- build-time checks -----------------------------------------------------------------------


def _undefined_channels(a: Args, x: Shape, framework: str) -> LayerError:
    return LayerError(
        "LL106",
        f"{a.layer_type} sizes its kernel from the channel axis of its input, which is not "
        f"defined (input {format_shape(x)})",
        framework,
        found=format_shape(x),
    )


def _require_rank(a: Args, x: Shape, rank: int, kernel_shape: tuple) -> None:
    """``compute_conv_output_shape`` rejects inputs with more axes than the kernel."""
    if len(x) != rank + 2:
        raise LayerError(
            "LL101",
            f"{a.layer_type} expects {rank + 2}-D input but receives {len(x)}-D input "
            f"{format_shape(x)}",
            "ValueError: Kernel shape must have the same length as input, but received kernel "
            f"of shape {_tuple_str(kernel_shape)} and input of shape {format_shape(x)}.",
            expected=f"{rank + 2}-D input",
            found=format_shape(x),
        )


def _tracked_type(value: Any) -> str:
    """The class name Keras reports for an attribute value (lists become TrackedList)."""
    return "TrackedList" if isinstance(value, list) else type_name(value)


def _tuple_str(values: tuple) -> str:
    return "(" + ", ".join(str(v) for v in values) + (",)" if len(values) == 1 else ")")


def _conv_spatial(
    a: Args,
    x: Shape,
    fmt: str,
    kernel_shape: tuple,
    kernel: tuple[int, ...],
    strides: tuple[int, ...],
    dilation: tuple[int, ...],
    padding: str | tuple,
) -> list[Dim]:
    """``compute_conv_output_shape`` for the spatial axes, with its padding and size checks."""
    if not isinstance(padding, str):
        raise init_error(
            a,
            "padding",
            f"ValueError: `padding` must be either `'valid'` or `'same'`. Received {padding}.",
        )
    lengths = [
        conv_length(n, k, s, padding, d)
        for n, k, s, d in zip(spatial(x, fmt), kernel, strides, dilation)
    ]
    # Keras checks only `valid` padding (`same` on an empty axis gives 0, silently).
    if padding == "valid" and any(is_known(n) and n <= 0 for n in lengths):  # type: ignore
        raise LayerError(
            "LL103",
            f"{a.layer_type}: the kernel {kernel} (dilation {dilation}, strides {strides}) is "
            f"larger than the input {format_shape(x)}; the output would have size "
            f"{format_shape(tuple(lengths))} along the spatial axes",
            "ValueError: Computed output size would be zero or negative. Received "
            f"`inputs shape={format_shape(x)}`, `kernel shape={_tuple_str(kernel_shape)}`, "
            f"`dilation_rate=[{' '.join(map(str, dilation))}]`, `strides={strides}`, "
            f"`padding={padding}`.",
            arg="kernel_size",
            found=format_shape(x),
        )
    return lengths


def _common(a: Args, rank: int) -> tuple[str, tuple[int, ...], tuple[int, ...], tuple[int, ...]]:
    return (
        data_format(a),
        standardize_tuple(a, "kernel_size", rank),
        standardize_tuple(a, "strides", rank),
        standardize_tuple(a, "dilation_rate", rank),
    )


# --- entries ---------------------------------------------------------------------------------


def _conv_call(rank: int) -> Callable[[Args, Shape], Out]:
    def call(a: Args, x: Shape) -> Out:
        require_ndim(a, x, min_ndim=rank + 2)
        fmt, kernel, strides, dilation = _common(a, rank)
        padding = conv_padding(a, allow_causal=rank == 1)
        filters, n_groups = positive_count(a, "filters"), groups(a)
        channels = x[channel_axis(fmt)]
        if channels is None:
            raise _undefined_channels(
                a, x, "TypeError: unsupported operand type(s) for %: 'NoneType' and 'int'"
            )
        if is_known(channels) and channels % n_groups:  # type: ignore[operator]
            raise LayerError(
                "LL102",
                f"{a.layer_type}: the input's {channels} channels are not divisible by "
                f"groups={n_groups}",
                "ValueError: The number of input channels must be evenly divisible by the "
                f"number of groups. Received groups={n_groups}, but the input has {channels} "
                f"channels (full input shape is {format_shape(x)}).",
                arg="groups",
                found=str(channels),
            )
        kernel_shape = kernel + (channels, filters)
        _require_rank(a, x, rank, kernel_shape)
        lengths = _conv_spatial(a, x, fmt, kernel_shape, kernel, strides, dilation, padding)
        bias = filters if a.use_bias else 0
        lora = a.lora_rank or 0

        def kernel_size(c: int) -> int:
            return math.prod(kernel) * (c // n_groups) * filters

        def count(c: int) -> int:
            return kernel_size(c) + bias + lora * (kernel_size(c) // filters + filters)

        # LoRA freezes the kernel and trains two low-rank factors instead.
        frozen = weights(kernel_size, channels) if lora else 0
        return Out(with_spatial(x, lengths, filters, fmt), weights(count, channels), frozen or 0)

    return call


def _transpose_call(rank: int) -> Callable[[Args, Shape], Out]:
    def call(a: Args, x: Shape) -> Out:
        require_ndim(a, x, min_ndim=rank + 2)
        fmt, kernel, strides, dilation = _common(a, rank)
        padding = conv_padding(a, allow_causal=False)
        filters = positive_count(a, "filters")
        output_padding = a.output_padding
        if output_padding is not None:
            output_padding = standardize_tuple(a, "output_padding", rank, allow_zero=True)
        channels = x[channel_axis(fmt)]
        if channels is None:
            raise _undefined_channels(
                a,
                x,
                "ValueError: Shapes used to initialize variables must be fully-defined (no "
                f"`None` dimensions). Received: shape={_tuple_str(kernel + (filters, None))} "
                f"for variable path='{a.name}/kernel'",
            )
        if len(x) != rank + 2:  # compute_output_shape indexes the kernel per input axis
            raise LayerError(
                "LL101",
                f"{a.layer_type} expects {rank + 2}-D input but receives {len(x)}-D input "
                f"{format_shape(x)}",
                wrapped_call_error(a, "IndexError", "tuple index out of range"),
                expected=f"{rank + 2}-D input",
                found=format_shape(x),
            )
        dims = spatial(x, fmt)
        if not isinstance(padding, str):
            # Keras calls padding.lower() only for axes whose length is not None.
            if any(n is not None for n in dims):
                raise init_error(
                    a,
                    "padding",
                    wrapped_call_error(
                        a,
                        "AttributeError",
                        f"'{_tracked_type(padding)}' object has no attribute 'lower'",
                    ),
                )
            lengths: list[Dim] = [None] * rank
        else:
            lengths = [
                conv_transpose_length(n, k, s, padding, None if output_padding is None else op, d)
                for n, k, s, d, op in zip(
                    dims, kernel, strides, dilation, output_padding or (0,) * rank
                )
            ]
        out = with_spatial(x, lengths, filters, fmt)
        reject_negative(a, out)
        bias = filters if a.use_bias else 0
        return Out(out, weights(lambda c: math.prod(kernel) * filters * c + bias, channels))

    return call


def _depthwise_call(rank: int) -> Callable[[Args, Shape], Out]:
    def call(a: Args, x: Shape) -> Out:
        require_ndim(a, x, min_ndim=rank + 2)
        fmt, kernel, strides, dilation = _common(a, rank)
        padding = conv_padding(a, allow_causal=False)
        multiplier = positive_count(a, "depth_multiplier")
        channels = x[channel_axis(fmt)]
        if channels is None:
            raise _undefined_channels(
                a, x, "TypeError: unsupported operand type(s) for *: 'int' and 'NoneType'"
            )
        out_channels = arith(lambda c: multiplier * c, channels)
        kernel_shape = kernel + (channels, out_channels)
        _require_rank(a, x, rank, kernel_shape)
        lengths = _conv_spatial(a, x, fmt, kernel_shape, kernel, strides, dilation, padding)
        bias = 1 if a.use_bias else 0
        return Out(
            with_spatial(x, lengths, out_channels, fmt),
            weights(lambda c: math.prod(kernel) * c * multiplier + bias * multiplier * c, channels),
        )

    return call


def _separable_call(rank: int) -> Callable[[Args, Shape], Out]:
    def call(a: Args, x: Shape) -> Out:
        require_ndim(a, x, min_ndim=rank + 2)
        fmt, kernel, strides, dilation = _common(a, rank)
        padding = conv_padding(a, allow_causal=False)
        multiplier = positive_count(a, "depth_multiplier")
        filters = positive_count(a, "filters")
        channels = x[channel_axis(fmt)]
        if channels is None:
            raise _undefined_channels(
                a, x, "TypeError: unsupported operand type(s) for *: 'int' and 'NoneType'"
            )
        kernel_shape = kernel + (channels, filters)
        _require_rank(a, x, rank, kernel_shape)
        lengths = _conv_spatial(a, x, fmt, kernel_shape, kernel, strides, dilation, padding)
        bias = filters if a.use_bias else 0

        def count(c: int) -> int:
            return math.prod(kernel) * c * multiplier + c * multiplier * filters + bias

        return Out(with_spatial(x, lengths, filters, fmt), weights(count, channels))

    return call


# --- signatures (Keras 3.15, inspect.signature of each class) ----------------------------------


def _ones(rank: int) -> str:
    return "1" if rank == 1 else repr((1,) * rank)


_BIAS_TAIL = (
    "activation=None, use_bias=True, kernel_initializer='glorot_uniform', "
    "bias_initializer='zeros', kernel_regularizer=None, bias_regularizer=None, "
    "activity_regularizer=None, kernel_constraint=None, bias_constraint=None"
)

# BaseConv takes LoRA arguments through **kwargs (they add weights once the layer is built).
_CONV_KWARGS = {**KERAS_BASE_KWARGS, "lora_rank": None, "lora_alpha": None}

for _rank in (1, 2, 3):
    _ones_r = _ones(_rank)
    keras_layer(
        f"Conv{_rank}D",
        f"filters, kernel_size, strides={_ones_r}, padding='valid', data_format=None, "
        f"dilation_rate={_ones_r}, groups=1, {_BIAS_TAIL}",
        aliases=(f"Convolution{_rank}D",),
        validate=_validate_conv(_rank),
        base_kwargs=_CONV_KWARGS,
    )(_conv_call(_rank))

    # Conv3DTranspose lists data_format before output_padding; the others after.
    _formats = (
        "data_format=None, output_padding=None"
        if _rank == 3
        else "output_padding=None, data_format=None"
    )
    keras_layer(
        f"Conv{_rank}DTranspose",
        f"filters, kernel_size, strides={_ones_r}, padding='valid', {_formats}, "
        f"dilation_rate={_ones_r}, {_BIAS_TAIL}",
        aliases=(f"Convolution{_rank}DTranspose",),
        validate=_validate_transpose(_rank),
    )(_transpose_call(_rank))

for _rank in (1, 2):
    _ones_r = _ones(_rank)
    keras_layer(
        f"SeparableConv{_rank}D",
        f"filters, kernel_size, strides={_ones_r}, padding='valid', data_format=None, "
        f"dilation_rate={_ones_r}, depth_multiplier=1, activation=None, use_bias=True, "
        "depthwise_initializer='glorot_uniform', pointwise_initializer='glorot_uniform', "
        "bias_initializer='zeros', depthwise_regularizer=None, pointwise_regularizer=None, "
        "bias_regularizer=None, activity_regularizer=None, depthwise_constraint=None, "
        "pointwise_constraint=None, bias_constraint=None",
        aliases=(f"SeparableConvolution{_rank}D",),
        validate=_validate_separable(_rank),
    )(_separable_call(_rank))

    keras_layer(
        f"DepthwiseConv{_rank}D",
        f"kernel_size, strides={_ones_r}, padding='valid', depth_multiplier=1, "
        f"data_format=None, dilation_rate={_ones_r}, activation=None, use_bias=True, "
        "depthwise_initializer='glorot_uniform', bias_initializer='zeros', "
        "depthwise_regularizer=None, bias_regularizer=None, activity_regularizer=None, "
        "depthwise_constraint=None, bias_constraint=None",
        validate=_validate_depthwise(_rank),
    )(_depthwise_call(_rank))
