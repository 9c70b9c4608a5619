"""Keras reshaping layers: Flatten, Reshape, Permute, RepeatVector."""

from __future__ import annotations

import math
from typing import Any

from ...ir import UNKNOWN
from ...shapes import UNKNOWN_DIM, Dim, Shape, format_shape, product
from ...shown import type_text
from ..base import Args, LayerError, Out, Unmodelled, keras_layer, require_ndim
from ._checks import (
    all_of,
    check_data_format,
    check_regularizers_and_constraints,
    known,
    not_iterable,
)


@keras_layer(
    "Flatten",
    "data_format=None",
    validate=all_of(check_data_format, check_regularizers_and_constraints),
)
def flatten(a: Args, x: Shape) -> Out:
    # data_format only reorders the elements. A free non-batch axis makes the result free
    # (None), and Keras builds fine; a layer sized from it fails later.
    rest = x[1:]
    return Out((x[0], product(rest) if rest else 1))


# --- Reshape ------------------------------------------------------------------------------------


def _reshape_arguments(a: Args) -> None:
    """tuple(target_shape) then operation_utils.validate_reshape_shape."""
    target = known(a, "target_shape")
    if target is UNKNOWN:
        return
    if isinstance(target, dict) or not isinstance(target, (tuple, list, str)):
        if isinstance(target, (int, float, type(None), bool)):
            raise not_iterable(a, "target_shape", target)
        return  # some other object: layerlint cannot tell
    target = tuple(target)
    if any(isinstance(d, int) and d < -1 for d in target):
        raise LayerError(
            "LL105",
            f"Reshape: target_shape {_show(target)} has a negative dimension other than -1",
            "ValueError: Each dimension in `target_shape` must be a non-negative integer, or `-1` "
            f"for a single unknown dimension. Received: target_shape={_show(target)}.",
            arg="target_shape",
        )
    if sum(1 for d in target if isinstance(d, int) and d == -1) > 1:
        raise LayerError(
            "LL105",
            f"Reshape: target_shape {_show(target)} has more than one -1",
            "ValueError: There must be at most one unknown dimension (-1) in `target_shape`. "
            f"Received: target_shape={_show(target)}.",
            arg="target_shape",
        )


def _show(dims: tuple) -> str:
    return repr(tuple("<unknown>" if d is UNKNOWN else d for d in dims))


@keras_layer(
    "Reshape",
    "target_shape",
    validate=all_of(_reshape_arguments, check_regularizers_and_constraints),
)
def reshape(a: Args, x: Shape) -> Out:
    target = a.target_shape
    if not isinstance(target, (tuple, list, str)):
        raise Unmodelled("Reshape(target_shape=...)")
    # Keras treats every element that is not an int as a free axis (None).
    new: list[Any] = [d if isinstance(d, int) else None for d in tuple(target)]
    rest = x[1:]
    if None in rest or None in new:
        return Out((x[0], *(None if d == -1 else d for d in new)))
    if any(isinstance(d, str) for d in rest):  # the input size is fixed but unknown to us
        return Out((x[0], *(UNKNOWN_DIM if d == -1 else d for d in new)))
    size = math.prod(rest)  # type: ignore[arg-type]
    if -1 not in new:
        if size != math.prod(new):
            raise _size_error(
                x,
                new,
                f"The total size of the tensor must be unchanged. Received: "
                f"input_shape={_tuple(rest)}, target_shape={_tuple(new)}",
            )
        return Out((x[0], *new))
    known_size = math.prod(d for d in new if d != -1)
    if known_size == 0 or size % known_size:
        raise _size_error(
            x,
            new,
            "The total size of the tensor must be unchanged, however, the input size "
            "cannot by divided by the specified dimensions in target_shape. Received: "
            f"input_shape={_tuple(rest)}, target_shape={_tuple(new)}",
        )
    return Out((x[0], *(size // known_size if d == -1 else d for d in new)))


def _tuple(dims: Any) -> str:
    return repr(tuple(dims))


def _size_error(x: Shape, target: list[Dim], framework: str) -> LayerError:
    size = math.prod(x[1:])  # type: ignore[arg-type]
    return LayerError(
        "LL104",
        f"Reshape cannot turn {format_shape(x)} ({size} values per sample) into "
        f"{format_shape((None, *target))}",
        f"ValueError: {framework}",
        arg="target_shape",
        expected=str(size),
        found=format_shape((None, *target)),
    )


# --- Permute, RepeatVector ----------------------------------------------------------------------


def _permute_arguments(a: Args) -> None:
    dims = known(a, "dims")
    if dims is UNKNOWN:
        return
    if isinstance(dims, (int, float, bool, type(None))):
        raise not_iterable(a, "dims", dims)
    if not isinstance(dims, (tuple, list)):
        raise Unmodelled("Permute(dims=...)")  # a layer, an array, a string: not modelled
    if any(d is UNKNOWN for d in dims):
        return
    if not all(isinstance(d, int) for d in dims):
        raise Unmodelled("Permute(dims=...)")  # sorted() of mixed types: not worth modelling
    if sorted(dims) != list(range(1, len(dims) + 1)):
        raise LayerError(
            "LL105",
            f"Permute dims {tuple(dims)} must be a permutation of 1..{len(dims)} "
            "(the batch axis 0 is never permuted)",
            "ValueError: Invalid permutation argument `dims` for Permute Layer. The set of "
            f"indices in `dims` must be consecutive and start from 1. Received dims={dims}",
            arg="dims",
        )


@keras_layer(
    "Permute", "dims", validate=all_of(_permute_arguments, check_regularizers_and_constraints)
)
def permute(a: Args, x: Shape) -> Out:
    dims = tuple(a.dims)
    require_ndim(a, x, len(dims) + 1)
    return Out((x[0], *(x[d] for d in dims)))


def _repeat_count(a: Args) -> None:
    n = known(a, "n")
    if n is UNKNOWN:
        return
    if not isinstance(n, int) or isinstance(n, bool):
        raise LayerError(
            "LL105",
            f"RepeatVector needs an integer n, got {n!r}",
            f"TypeError: Expected an integer value for `n`, got {type_text(n)}.",
            arg="n",
        )
    if n <= 0:
        raise LayerError(
            "LL105",
            f"RepeatVector needs a positive n, got {n}",
            f"ValueError: Argument `n` should be a positive integer. Received: n={n}",
            arg="n",
        )


@keras_layer(
    "RepeatVector", "n", validate=all_of(_repeat_count, check_regularizers_and_constraints)
)
def repeat_vector(a: Args, x: Shape) -> Out:
    require_ndim(a, x, 2)
    return Out((x[0], a.n, x[1]))
