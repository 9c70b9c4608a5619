"""Keras wrapper layers: Bidirectional and TimeDistributed (keras/src/layers/rnn/).

The wrapped layer arrives as a nested :class:`~layerlint.ir.Call`; it is looked up in the
catalogue and bound like any layer. A wrapped layer layerlint does not model (a custom class)
or cannot evaluate makes the wrapper's output unknown.
"""

from __future__ import annotations

from typing import Any

from ...ir import UNKNOWN, Call
from ...shapes import Shape, arith, format_shape
from ..base import Args, LayerError, LayerSpec, Out, Unmodelled, bind, keras_layer, lookup
from .naming import snake_case
from .recurrent import check_trainable

# --- the wrapped layer --------------------------------------------------------------------------


def _not_a_layer(wrapper: str, value: Any, what: str = "") -> LayerError:
    framework = (
        "ValueError: `backward_layer` need to be a `keras.layers.Layer` instance. "
        f"Received: {value}"
        if what == "backward_layer"
        else f"ValueError: Please initialize `{wrapper}` layer with a `keras.layers.Layer` "
        f"instance. Received: {value}"
    )
    return LayerError(
        "LL105",
        f"{wrapper}({what or 'layer'}=...) must be a Keras layer, got {value!r}",
        framework,
        arg=what or "layer",
    )


def _inner(wrapper: str, value: Any, what: str = "") -> tuple[LayerSpec, Args] | None:
    """Bind and validate a wrapped layer as Keras creates it (before the wrapper).

    Returns None when the layer is not one layerlint models (its output is then unknown);
    raises LayerError for what Keras rejects when the objects are created.
    """
    if value is UNKNOWN:
        return None
    if not isinstance(value, Call):
        raise _not_a_layer(wrapper, value, what)
    spec = lookup("keras", value.kind)
    if spec is None or spec.inputs != "one":  # a merge layer wrapped: not followed
        return None
    args = bind(spec, value, snake_case(value.kind))
    if spec.validate:
        spec.validate(args)
    return spec, args


def _require_inner(wrapper: str, value: Any, what: str = "") -> tuple[LayerSpec, Args]:
    inner = _inner(wrapper, value, what)
    if inner is None:
        raise Unmodelled(f"{wrapper}({what or 'layer'}=...)")
    return inner


# --- Bidirectional ------------------------------------------------------------------------------

_MERGE_MODES = ("sum", "mul", "ave", "concat", None)
# Attributes Keras requires to agree between the two directions (_verify_layer_config).
_COMMON_ATTRIBUTES = ("stateful", "return_sequences", "return_state")


def _directions(a: Args) -> tuple[LayerSpec, Args, LayerSpec, Args] | None:
    """The forward and backward layers as Bidirectional creates them, or None if unmodelled."""
    forward = _inner("Bidirectional", a.raw("layer"))
    backward_value = a.raw("backward_layer")
    backward = (
        None
        if backward_value is None
        else _inner("Bidirectional", backward_value, "backward_layer")
    )
    merge_mode = a.raw("merge_mode")
    if merge_mode is not UNKNOWN and merge_mode not in _MERGE_MODES:
        raise LayerError(
            "LL105",
            f"Bidirectional(merge_mode={merge_mode!r}) is not one of 'concat', 'sum', 'mul', "
            "'ave' or None",
            f"ValueError: Invalid merge mode. Received: {merge_mode}. Merge mode should be one "
            'of {"sum", "mul", "ave", "concat", None}',
            arg="merge_mode",
        )
    check_trainable(a)
    if forward is None or (backward_value is not None and backward is None):
        return None
    fspec, fargs = forward
    if not any(p.name == "go_backwards" for p in fspec.signature):
        # Keras re-creates the layer from its config with go_backwards=True for both
        # directions (a custom backward_layer does not avoid that), which fails for non-RNNs.
        kind = fspec.name
        prefix = (
            ""
            if kind in ("Bidirectional", "TimeDistributed")
            else (f"TypeError: <class '{kind}'> could not be deserialized properly. ... ")
        )
        raise LayerError(
            "LL105",
            f"Bidirectional wraps a recurrent layer (SimpleRNN, LSTM, GRU, ...), not {kind}",
            f"{prefix}ValueError: Unrecognized keyword arguments passed to {kind}: "
            "{'go_backwards': True}",
            arg="layer",
        )
    fargs = fargs.with_values(name=f"forward_{fargs.name}")
    if backward is None:
        bspec, bargs = fspec, fargs.with_values(go_backwards=True, name=f"backward_{fargs.name}")
    else:
        bspec, bargs = backward
    for attr in ("go_backwards", *_COMMON_ATTRIBUTES):
        f_value, b_value = fargs.raw(attr), bargs.raw(attr)
        if f_value is UNKNOWN or b_value is UNKNOWN:
            return None
        if (attr == "go_backwards") == (f_value != b_value):
            continue
        if attr == "go_backwards":
            framework = (
                "ValueError: Forward layer and backward layer should have different "
                f"`go_backwards` value. Received: forward_layer.go_backwards {f_value}, "
                f"backward_layer.go_backwards={b_value}"
            )
            message = "the forward and backward layers of Bidirectional both have " + (
                f"go_backwards={f_value}"
            )
        else:
            framework = (
                "ValueError: Forward layer and backward layer are expected to have the same "
                f'value for attribute "{attr}", got "{f_value}" for forward layer and '
                f'"{b_value}" for backward layer'
            )
            message = (
                f"the forward and backward layers of Bidirectional differ in {attr} "
                f"({f_value} and {b_value})"
            )
        raise LayerError("LL105", message, framework, arg="backward_layer")
    return fspec, fargs, bspec, bargs


def _validate_bidirectional(a: Args) -> None:
    _directions(a)


@keras_layer(
    "Bidirectional",
    "layer, merge_mode='concat', weights=None, backward_layer=None",
    validate=_validate_bidirectional,
    supports_masking=True,
    wrapped=("layer", "backward_layer"),
)
def bidirectional(a: Args, x: Shape) -> Out:
    directions = _directions(a)
    if directions is None:
        raise Unmodelled("Bidirectional(layer=...)")
    fspec, fargs, bspec, bargs = directions
    merge_mode = a.merge_mode
    # Bidirectional takes over the wrapped layer's InputSpec, so a rank error names the wrapper.
    forward = fspec.call(fargs.with_values(name=a.name), x)
    backward = bspec.call(bargs, x)
    params = (
        None
        if forward.params is None or backward.params is None
        else (forward.params + backward.params)
    )
    # Keras derives every output shape from the forward layer alone (compute_output_shape).
    outputs = forward.outputs or (forward.shape,)
    output, states = outputs[0], outputs[1:]
    if output is None:
        return Out(None, params)
    if merge_mode == "concat":
        merged: tuple[Shape, ...] = (output[:-1] + (arith(lambda d: d * 2, output[-1]),),)
    elif merge_mode is None:
        merged = (output, output)
    else:
        merged = (output,)
    if fargs.return_state:
        if fargs.stateful:
            # Bidirectional.compute_mask multiplies a generator by 2 when both directions hold
            # state variables (Keras 3.15), so Keras fails as the layer is added.
            raise LayerError(
                "LL105",
                "Keras cannot build Bidirectional over a stateful layer with return_state=True "
                "(a Keras 3 defect); drop return_state or stateful",
                "TypeError: unsupported operand type(s) for *: 'generator' and 'int'",
                arg="layer",
            )
        merged = merged + states + states
    non_trainable = forward.non_trainable + backward.non_trainable
    return Out(merged[0], params, non_trainable, merged if len(merged) > 1 else None)


# --- TimeDistributed ----------------------------------------------------------------------------


def _validate_time_distributed(a: Args) -> None:
    _inner("TimeDistributed", a.raw("layer"))
    check_trainable(a)


@keras_layer(
    "TimeDistributed",
    "layer",
    validate=_validate_time_distributed,
    supports_masking=True,
    wrapped=("layer",),
)
def time_distributed(a: Args, x: Shape) -> Out:
    spec, inner_args = _require_inner("TimeDistributed", a.raw("layer"))
    if len(x) < 3:
        raise LayerError(
            "LL101",
            f"TimeDistributed expects at least 3-D input (batch, time, ...) but receives "
            f"{len(x)}-D input {format_shape(x)}",
            "ValueError: `TimeDistributed` Layer should be passed an `input_shape` with at least "
            f"3 dimensions, received: {format_shape(x)}",
            expected="at least 3-D input",
            found=format_shape(x),
        )
    step = (x[0], *x[2:])
    try:
        inner = spec.call(inner_args, step)
    except LayerError as error:
        # A nested TimeDistributed's own rank test is in its build, which Keras does run.
        if error.code == "LL101" and spec.name != "TimeDistributed":
            # Keras builds and runs the wrapped layer directly, skipping its InputSpec: a rank it
            # would reject alone gives a layer-specific result (an error, or an output shape that
            # fails only later), which layerlint does not model.
            raise Unmodelled(f"TimeDistributed({spec.name}) on {len(step)}-D time steps") from None
        raise
    if inner.outputs is not None and len(inner.outputs) > 1:
        # compute_output_shape splices the time axis into what it takes for one shape.
        reason = (
            "Undefined shapes are not supported."
            if x[1] is None
            else f"Cannot convert '{x[1]}' to a shape."
        )
        raise LayerError(
            "LL107",
            f"TimeDistributed cannot wrap {spec.name}, which returns {len(inner.outputs)} tensors",
            f"ValueError: Exception encountered when calling TimeDistributed.call().\n\n{reason}",
            arg="layer",
        )
    out_shape = None if inner.shape is None else (inner.shape[0], x[1], *inner.shape[1:])
    return Out(out_shape, inner.params, inner.non_trainable)
