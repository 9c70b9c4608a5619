"""Keras recurrent layers: SimpleRNN, LSTM, GRU, ConvLSTM1D/2D/3D (keras/src/layers/rnn/).

SimpleRNN, LSTM and GRU share keras.layers.RNN: ``InputSpec(ndim=3)`` on ``(batch, timesteps, features)``;
the cell's kernel is sized from the feature axis; the output is ``(batch, units)``, or
``(batch, timesteps, units)`` with ``return_sequences``; ``return_state`` appends one
``(batch, units)`` state per cell state (LSTM has two: h and c). ``stateful=True`` needs a fixed
batch size when the layer is built. ``go_backwards``, ``unroll`` and the dropouts do not change
shapes (``unroll`` over a free time axis is accepted when the model is built).

Parameter counts (F input features, u units, b = use_bias):
  SimpleRNN  F*u + u*u + b*u
  LSTM       4 * (F*u + u*u + b*u)
  GRU        3 * (F*u + u*u) + b * (6u if reset_after else 3u)   (reset_after: two bias rows)
"""

from __future__ import annotations

import math
from numbers import Real

from ...ir import UNKNOWN
from ...shapes import (
    Dim,
    Shape,
    channel_axis,
    conv_length,
    format_shape,
    is_known,
    spatial,
    with_spatial,
)
from ...shown import type_name, type_text
from ..base import (
    KERAS_BASE_KWARGS,
    Args,
    LayerError,
    Out,
    Unmodelled,
    keras_layer,
    require_defined,
    require_ndim,
    weights,
)
from .conv import conv_padding, data_format, run_checks, standardize_tuple, wrapped_call_error

# Keyword arguments the RNN base class accepts besides keras.layers.Layer's; LSTM and GRU also
# pop `implementation` from **kwargs (SimpleRNN rejects it as unrecognised).
_RNN_KWARGS = {**KERAS_BASE_KWARGS, "zero_output_for_mask": False}
_GATED_RNN_KWARGS = {**_RNN_KWARGS, "implementation": 2}

_RNN_ARGS = (
    "return_sequences=False, return_state=False, go_backwards=False, stateful=False, unroll=False"
)
_WEIGHT_ARGS = (
    "kernel_initializer='glorot_uniform', recurrent_initializer='orthogonal', "
    "bias_initializer='zeros'"
)
_REGULARIZER_ARGS = (
    "kernel_regularizer=None, recurrent_regularizer=None, bias_regularizer=None, "
    "activity_regularizer=None, kernel_constraint=None, recurrent_constraint=None, "
    "bias_constraint=None, dropout=0.0, recurrent_dropout=0.0"
)


# --- created: what the constructors reject ------------------------------------------------------


def _init_error(message: str, framework: str, arg: str) -> LayerError:
    return LayerError("LL105", message, framework, arg=arg)


def check_trainable(a: Args) -> None:
    """keras.layers.Layer.__init__ rejects a `trainable` that is not a bool."""
    trainable = a.raw("trainable")
    if trainable is not UNKNOWN and not isinstance(trainable, bool):
        raise _init_error(
            f"{a.layer_type}(trainable=...) must be True or False, got {trainable!r}",
            "ValueError: Expected `trainable` to be a boolean. "
            f"Received: trainable={trainable} (of type {type_text(trainable)})",
            "trainable",
        )


def _check_units(a: Args, single_state: bool) -> None:
    units = a.units
    if not isinstance(units, Real):
        # The cell compares `units <= 0` before anything else.
        raise _init_error(
            f"{a.layer_type} needs a positive integer number of units, got {units!r}",
            f"TypeError: '<=' not supported between instances of '{type_name(units)}' "
            "and 'int'",
            "units",
        )
    if units <= 0:
        raise _init_error(
            f"{a.layer_type} needs a positive integer number of units, got {units!r}",
            "ValueError: Received an invalid value for argument `units`, expected a positive "
            f"integer, got {units}.",
            "units",
        )
    if single_state and not isinstance(units, int):
        # GRU and SimpleRNN use `units` as their one state size, which must be an int.
        raise _init_error(
            f"{a.layer_type} needs an integer number of units, got {units!r}",
            "ValueError: state_size must be an integer, or a list/tuple of integers (one for "
            "each state tensor).",
            "units",
        )


def _check_dropouts(a: Args) -> None:
    for name in ("dropout", "recurrent_dropout"):
        value = a.raw(name)  # an unknown rate changes no shape: skip it
        if value is not UNKNOWN and not isinstance(value, Real):
            # The cell clips it with min(1.0, max(0.0, value)); anything else is a TypeError.
            raise _init_error(
                f"{a.layer_type}({name}=...) must be a number, got {value!r}",
                f"TypeError: '>' not supported between instances of '{type_name(value)}' "
                "and 'float'",
                name,
            )


def _check_use_cudnn(a: Args) -> None:
    use_cudnn = a.raw("use_cudnn")
    if use_cudnn is not UNKNOWN and use_cudnn not in ("auto", True, False):
        raise _init_error(
            f"{a.layer_type}(use_cudnn=...) must be 'auto', True or False, got {use_cudnn!r}",
            "ValueError: Invalid valid received for argument `use_cudnn`. Expected one of "
            f"{{'auto', True, False}}. Received: use_cudnn={use_cudnn}",
            "use_cudnn",
        )


def _validate_simple_rnn(a: Args) -> None:
    _check_units(a, single_state=True)
    _check_dropouts(a)
    check_trainable(a)


def _validate_lstm(a: Args) -> None:
    _check_units(a, single_state=False)
    _check_dropouts(a)
    check_trainable(a)
    _check_use_cudnn(a)


def _validate_gru(a: Args) -> None:
    _check_units(a, single_state=True)
    _check_dropouts(a)
    check_trainable(a)
    _check_use_cudnn(a)


# --- built: what meeting the input does ---------------------------------------------------------


def _units_for_shapes(a: Args, gates: int, features: Dim) -> int:
    """The units as they size tensors; a float (accepted by LSTM's constructor) fails here."""
    units = a.units
    if isinstance(units, bool):
        if a.layer_type == "LSTM":
            # Keras builds LSTM(True) but the torch backend then rejects a bool state size;
            # what other backends do is not measured.
            raise Unmodelled("LSTM(units=True)")
        return 1  # GRU(True) / SimpleRNN(True) build as one unit
    if isinstance(units, float):
        raise LayerError(
            "LL105",
            f"{a.layer_type} needs an integer number of units, got {units!r}",
            f"ValueError: Cannot convert '({features}, {units * gates})' to a shape. Found "
            f"invalid dimension '{units * gates}' of type '<class 'float'>'. ",
            arg="units",
        )
    return units


def _recurrent(a: Args, x: Shape, gates: int, states: int, params) -> Out:
    """The shared RNN logic; ``params(features, units)`` counts the cell's weights."""
    require_ndim(a, x, 3)
    features = require_defined(a, x, -1)  # the cell's kernel is (features, gates * units)
    units = _units_for_shapes(a, gates, features)
    if x[0] is None and a.stateful:
        raise LayerError(
            "LL106",
            f"{a.layer_type}(stateful=True) keeps its state per sample, so it needs a fixed batch "
            f"size, but the batch axis is free (input {format_shape(x)}); give the model input a "
            "batch size",
            "ValueError: When using `stateful=True` in a RNN, the batch size must be static. "
            f"Found dynamic batch size: sequence.shape={format_shape(x)}",
            arg="stateful",
            found=format_shape(x),
        )
    batch, timesteps = x[0], x[1]
    output = (batch, timesteps, units) if a.return_sequences else (batch, units)
    count = weights(lambda f: params(f, units), features)
    if a.return_state:
        state = (batch, units)
        return Out(output, count, 0, (output,) + (state,) * states)
    return Out(output, count)


@keras_layer(
    "SimpleRNN",
    "units, activation='tanh', use_bias=True, "
    f"{_WEIGHT_ARGS}, {_REGULARIZER_ARGS}, {_RNN_ARGS}, seed=None",
    validate=_validate_simple_rnn,
    supports_masking=True,
    base_kwargs=_RNN_KWARGS,
)
def simple_rnn(a: Args, x: Shape) -> Out:
    bias = 1 if a.use_bias else 0
    return _recurrent(a, x, 1, 1, lambda f, u: f * u + u * u + bias * u)


@keras_layer(
    "LSTM",
    "units, activation='tanh', recurrent_activation='sigmoid', use_bias=True, "
    f"{_WEIGHT_ARGS}, unit_forget_bias=True, {_REGULARIZER_ARGS}, seed=None, {_RNN_ARGS}, "
    "use_cudnn='auto'",
    validate=_validate_lstm,
    supports_masking=True,
    base_kwargs=_GATED_RNN_KWARGS,
)
def lstm(a: Args, x: Shape) -> Out:
    bias = 1 if a.use_bias else 0
    return _recurrent(a, x, 4, 2, lambda f, u: 4 * (f * u + u * u + bias * u))


@keras_layer(
    "GRU",
    "units, activation='tanh', recurrent_activation='sigmoid', use_bias=True, "
    f"{_WEIGHT_ARGS}, {_REGULARIZER_ARGS}, seed=None, {_RNN_ARGS}, reset_after=True, "
    "use_cudnn='auto'",
    validate=_validate_gru,
    supports_masking=True,
    base_kwargs=_GATED_RNN_KWARGS,
)
def gru(a: Args, x: Shape) -> Out:
    # reset_after keeps separate input and recurrent biases: a (2, 3u) bias instead of (3u,).
    bias = (6 if a.reset_after else 3) if a.use_bias else 0
    return _recurrent(a, x, 3, 1, lambda f, u: 3 * (f * u + u * u) + bias * u)


# --- ConvLSTM1D/2D/3D ---------------------------------------------------------------------------
# A convolutional LSTM cell over (batch, time, *spatial, channels) (or channels first). The cell
# is built on one time step; its output and both states have the shape of a convolution of the
# step with `filters` output channels. Params: prod(kernel) * (C + filters) * 4 * filters
# + 4 * filters bias.


def _check_strides_dilation(a: Args, rank: int) -> None:
    strides = standardize_tuple(a, "strides", rank, allow_zero=True)
    dilation = standardize_tuple(a, "dilation_rate", rank)
    if max(strides) > 1 and max(dilation) > 1:
        raise _init_error(
            f"{a.layer_type}: strides > 1 cannot be combined with dilation_rate > 1",
            "ValueError: Specifying `strides > 1` is not compatible with `dilation_rate > 1`. "
            "Please provide `strides=1` or `dilation_rate=1`. "
            f"Received: strides={strides} and dilation_rate={dilation}",
            "strides",
        )


def _validate_conv_lstm(rank: int):
    # ConvLSTMCell.__init__'s order; checks needing an unknown value are skipped.
    return lambda a: run_checks(
        a,
        lambda a: standardize_tuple(a, "kernel_size", rank),
        lambda a: standardize_tuple(a, "strides", rank, allow_zero=True),
        lambda a: conv_padding(a, allow_causal=False),
        data_format,
        lambda a: standardize_tuple(a, "dilation_rate", rank),
        lambda a: _check_strides_dilation(a, rank),
        _check_dropouts,
        check_trainable,
    )


def _conv_lstm_call(rank: int):
    def call(a: Args, x: Shape) -> Out:
        require_ndim(a, x, rank + 3)
        fmt = data_format(a)
        kernel = standardize_tuple(a, "kernel_size", rank)
        strides = standardize_tuple(a, "strides", rank, allow_zero=True)
        dilation = standardize_tuple(a, "dilation_rate", rank)
        padding = conv_padding(a, allow_causal=False)
        filters = a.filters
        if not isinstance(filters, int) or isinstance(filters, bool):
            raise Unmodelled(f"{a.layer_type}(filters={filters!r})")
        step = (x[0], *x[2:])  # the cell is built on one time step
        step_spatial, channels = spatial(step, fmt), step[channel_axis(fmt)]
        if None in step_spatial:
            raise LayerError(
                "LL106",
                f"{a.layer_type} needs fixed spatial dimensions, but its input "
                f"{format_shape(x)} leaves one free",
                "ValueError: ConvLSTM layers only support static input shapes for the spatial "
                f"dimension. Received invalid input shape: input_shape={format_shape(step)}",
                found=format_shape(x),
            )
        if channels is None:
            raise LayerError(
                "LL106",
                f"{a.layer_type} sizes its kernel from the channel axis of its input, which is "
                f"not defined (input {format_shape(x)})",
                "ValueError: The channel dimension of the inputs (last axis) should be defined. "
                f"Found None. Full input shape received: input_shape={format_shape(step)}",
                found=format_shape(x),
            )
        if filters < 0:
            kernel_shape = (*kernel, channels, 4 * filters)
            raise LayerError(
                "LL105",
                f"{a.layer_type} needs a non-negative number of filters, got {filters}",
                f"ValueError: Cannot convert '{_tuple(kernel_shape)}' to a shape. Negative "
                "dimensions are not allowed.",
                arg="filters",
            )
        if x[0] is None and a.stateful:
            raise LayerError(
                "LL106",
                f"{a.layer_type}(stateful=True) keeps its state per sample, so it needs a fixed "
                f"batch size, but the batch axis is free (input {format_shape(x)}); give the "
                "model input a batch size",
                "ValueError: When using `stateful=True` in a RNN, the batch size must be "
                f"static. Found dynamic batch size: sequence.shape={format_shape(x)}",
                arg="stateful",
                found=format_shape(x),
            )
        if not isinstance(padding, str):
            raise LayerError(
                "LL105",
                f"{a.layer_type}(padding=...) must be 'valid' or 'same', got {padding!r}",
                wrapped_call_error(
                    a,
                    "ValueError",
                    f"`padding` must be either `'valid'` or `'same'`. Received {padding}.",
                ),
                arg="padding",
            )
        if 0 in strides:
            raise LayerError(
                "LL105",
                f"{a.layer_type}(strides=...) must be positive, got {strides}",
                wrapped_call_error(a, "OverflowError", "cannot convert float infinity to integer"),
                arg="strides",
            )
        lengths = tuple(
            conv_length(n, k, s, padding, d)
            for n, k, s, d in zip(step_spatial, kernel, strides, dilation)
        )
        if padding == "valid" and any(is_known(n) and n <= 0 for n in lengths):  # type: ignore
            kernel_shape = (*kernel, channels, filters)
            raise LayerError(
                "LL103",
                f"{a.layer_type}: the kernel {kernel} is larger than the input "
                f"{format_shape(x)}; the output would have size {format_shape(lengths)} along "
                "the spatial axes",
                wrapped_call_error(
                    a,
                    "ValueError",
                    "Computed output size would be zero or negative. Received `inputs "
                    f"shape={format_shape(step)}`, `kernel shape={_tuple(kernel_shape)}`, "
                    f"`dilation_rate=[{' '.join(map(str, dilation))}]`, `strides={strides}`, "
                    f"`padding={padding}`.",
                ),
                arg="kernel_size",
                found=format_shape(x),
            )
        state = with_spatial(step, lengths, filters, fmt)
        output = (x[0], x[1], *state[1:]) if a.return_sequences else state
        bias = 4 * filters if a.use_bias else 0
        window = math.prod(kernel)
        count = weights(lambda c: window * (c + filters) * 4 * filters + bias, channels)
        if a.return_state:
            return Out(output, count, 0, (output, state, state))
        return Out(output, count)

    return call


def _tuple(values: tuple) -> str:
    return "(" + ", ".join(str(v) for v in values) + (",)" if len(values) == 1 else ")")


_CONV_LSTM_SIGNATURE = (
    "filters, kernel_size, strides=1, padding='valid', data_format=None, dilation_rate=1, "
    "activation='tanh', recurrent_activation='sigmoid', use_bias=True, "
    f"{_WEIGHT_ARGS}, unit_forget_bias=True, {_REGULARIZER_ARGS}, seed=None, "
    "return_sequences=False, return_state=False, go_backwards=False, stateful=False"
)
# The RNN base class also takes `unroll` from **kwargs (ignored by ConvLSTM's own loop).
_CONV_RNN_KWARGS = {**_RNN_KWARGS, "unroll": False}

for _rank in (1, 2, 3):
    keras_layer(
        f"ConvLSTM{_rank}D",
        _CONV_LSTM_SIGNATURE,
        validate=_validate_conv_lstm(_rank),
        supports_masking=True,
        base_kwargs=_CONV_RNN_KWARGS,
    )(_conv_lstm_call(_rank))
