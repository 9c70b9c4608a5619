"""Keras 3 pooling layers: Max/AveragePooling1D/2D/3D and GlobalMax/AveragePooling1D/2D/3D
(keras/src/layers/pooling/).

These layers are built when created, so the shape arithmetic runs in ``compute_output_spec``
and Keras wraps its errors in "Exception encountered when calling MaxPooling2D.call()". Unlike
the conv layers, ``padding`` is not checked by ``__init__`` and is case-sensitive.
"""

from __future__ import annotations

from collections.abc import Callable

from ...shapes import Shape, format_shape, is_known, pool_length, spatial, with_spatial
from ..base import Args, LayerError, Out, keras_layer, require_ndim
from .conv import data_format, run_checks, standardize_tuple, wrapped_call_error


def _pool_size(a: Args, rank: int) -> tuple[int, ...]:
    return standardize_tuple(a, "pool_size", rank)


def _strides(a: Args, rank: int) -> tuple[int, ...]:
    """``strides`` defaults to ``pool_size``; zero passes ``__init__`` (and fails at build)."""
    strides = a.strides
    value = a.pool_size if strides is None else strides
    return standardize_tuple(a, "strides", rank, allow_zero=True, value=value)


def _validate_pooling(rank: int) -> Callable[[Args], None]:
    return lambda a: run_checks(
        a, lambda a: _pool_size(a, rank), lambda a: _strides(a, rank), data_format
    )


def _numpy_str(values) -> str:
    """How numpy prints a 1-D array of dims, as Keras' message shows it: ``[None 2 -1 3]``."""
    return "[" + " ".join(str(v) for v in values) + "]"


def _pooling_call(rank: int) -> Callable[[Args, Shape], Out]:
    def call(a: Args, x: Shape) -> Out:
        require_ndim(a, x, rank + 2)
        fmt = data_format(a)
        pool, strides = _pool_size(a, rank), _strides(a, rank)
        padding = a.padding
        if padding not in ("valid", "same"):  # compared as written: "SAME" is rejected
            raise LayerError(
                "LL105",
                f"{a.layer_type} takes padding='valid' or 'same', got {padding!r}",
                wrapped_call_error(
                    a,
                    "ValueError",
                    "Argument `padding` must be either 'valid' or 'same'. "
                    f"Received: padding={padding}",
                ),
                arg="padding",
            )
        if 0 in strides:
            raise LayerError(
                "LL105",
                f"{a.layer_type} cannot use a stride of 0 (strides={strides})",
                wrapped_call_error(a, "ZeroDivisionError", "division by zero"),
                arg="strides",
            )
        lengths = [pool_length(n, p, s, padding) for n, p, s in zip(spatial(x, fmt), pool, strides)]
        if padding == "valid" and any(is_known(n) and n <= 0 for n in lengths):  # type: ignore
            # Keras prints its numpy copy of the input shape, free spatial axes set to -1.
            first = 1 if fmt == "channels_last" else 2
            shown = [-1 if d is None and first <= i < first + rank else d for i, d in enumerate(x)]
            raise LayerError(
                "LL103",
                f"{a.layer_type}: the pool {pool} (strides {strides}) is larger than the input "
                f"{format_shape(x)}; the output would have size {format_shape(tuple(lengths))} "
                "along the spatial axes",
                wrapped_call_error(
                    a,
                    "ValueError",
                    "Computed output size would be zero or negative. Received: "
                    f"`inputs.shape={_numpy_str(shown)}`, `pool_size={_numpy_str(pool)}`, "
                    f"`strides={strides}`, `padding={padding}`.",
                ),
                arg="pool_size",
                found=format_shape(x),
            )
        channels = x[-1] if fmt == "channels_last" else x[1]
        return Out(with_spatial(x, lengths, channels, fmt))

    return call


def _global_pooling_call(rank: int) -> Callable[[Args, Shape], Out]:
    def call(a: Args, x: Shape) -> Out:
        require_ndim(a, x, rank + 2)
        fmt = data_format(a)
        channels = x[-1] if fmt == "channels_last" else x[1]
        if a.keepdims:
            return Out(with_spatial(x, (1,) * rank, channels, fmt))
        return Out((x[0], channels))

    return call


for _rank in (1, 2, 3):
    _default_pool = "2" if _rank == 1 else repr((2,) * _rank)
    _tail = "strides=None, padding='valid', data_format=None, name=None"
    for _kind, _short, _signature in (
        ("Max", "Max", f"pool_size={_default_pool}, {_tail}"),
        ("Average", "Avg", f"pool_size, {_tail}"),
    ):
        keras_layer(
            f"{_kind}Pooling{_rank}D",
            _signature,
            aliases=(f"{_short}Pool{_rank}D",),
            validate=_validate_pooling(_rank),
        )(_pooling_call(_rank))
        keras_layer(
            f"Global{_kind}Pooling{_rank}D",
            "data_format=None, keepdims=False",
            aliases=(f"Global{_short}Pool{_rank}D",),
            validate=lambda a: run_checks(a, data_format),
            # Only GlobalAveragePooling1D averages over a mask (Keras 3.15).
            supports_masking=_kind == "Average" and _rank == 1,
        )(_global_pooling_call(_rank))
