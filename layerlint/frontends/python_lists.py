"""Python lists of numbers used as data (``model.fit([[1, 2], [3, 4]], ...)``).

The front end records them as :class:`~layerlint.ir.PythonList` with ``np.asarray``'s shape;
the replay decides what each dialect makes of them (LL205, LL303).
"""

from __future__ import annotations

from typing import Any

from ..ir import PythonList
from ..shapes import Dim

MAX_LEAVES = 100_000
MAX_DEPTH = 8


def _is_number(value: Any) -> bool:
    return isinstance(value, (bool, int, float))


def python_list(value: Any, span: Any) -> PythonList | None:
    """The list as data, or None when it is not a plain (nested) list of numbers."""
    if not isinstance(value, (list, tuple)) or not value:
        return None
    leaves: list[Any] = []
    if not _collect(value, leaves, 0):
        return None
    shape = _rectangular_shape(value)
    numbers = [v for v in leaves if not isinstance(v, bool)]
    integers = numbers and all(isinstance(v, int) for v in numbers)
    dtype = "bool" if not numbers else "int64" if integers else "float64"
    return PythonList(
        shape, dtype, span, span,
        max_value=max(numbers) if integers else None,
        min_value=min(numbers) if integers else None,
        literal=value,
    )


def _collect(value: Any, leaves: list[Any], depth: int) -> bool:
    if depth > MAX_DEPTH or len(leaves) > MAX_LEAVES:
        return False
    if _is_number(value):
        leaves.append(value)
        return True
    if isinstance(value, (list, tuple)) and value:
        return all(_collect(v, leaves, depth + 1) for v in value)
    return False


def _rectangular_shape(value: Any) -> tuple[Dim, ...] | None:
    if _is_number(value):
        return ()
    shapes = {_rectangular_shape(v) for v in value}
    if len(shapes) != 1 or None in shapes:
        return None
    (inner,) = shapes
    assert inner is not None
    return (len(value), *inner)


def ragged_list(value: Any) -> bool:
    """A literal list of token-id lists of different lengths (what pad_sequences is for)."""
    if not isinstance(value, list) or len(value) < 2:
        return False
    if not all(isinstance(s, list) and all(_is_id_number(v) for v in s) for s in value):
        return False
    return len({len(s) for s in value}) > 1


def _is_id_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)
