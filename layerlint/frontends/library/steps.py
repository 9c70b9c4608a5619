"""Where an array came from: each catalogue call that returns arrays records itself on them.

A result made from another array (its first array argument) continues that array's history;
one made from none (a loader, ``np.random.rand``, a literal) starts one. Messages about data
read it back (replay/data_origin.py): "x_train from mnist.load_data() (line 3), reshaped at
line 9". Every entry of the catalogue gets this through ``catalogue.evaluate``.
"""

from __future__ import annotations

from typing import Any

from ...ir import DataStep, Span
from ..values import Data

MAX_STEPS = 8  # the first step and the latest ones are kept
_NUMBERS = frozenset({int, float, bool})


def record(result: Any, function: str, args: Any, kwargs: dict[str, Any],
           origin: Span | None) -> Any:
    """``result`` with this call added to the history of each array in it."""
    if result.__class__ is not Data and not _has_array(result, 0):  # (a Data: it has one)
        return result
    parent = _first_array(list(args) + list(kwargs.values()), 0)
    return _mark(result, function, origin, parent, 0)


def _mark(value: Any, function: str, origin: Span | None, parent: Data | None,
          depth: int) -> Any:
    if isinstance(value, Data):
        history = parent.history if parent is not None else ()
        if len(history) >= MAX_STEPS:
            history = history[:1] + history[2 - MAX_STEPS:]
        step = DataStep(function, origin, source=parent is None,
                        reshaped=parent is None or _per_sample(parent) != _per_sample(value))
        marked = Data.__new__(Data)  # a copy (dataclasses.replace is slow): entries may hand
        marked.__dict__.update(value.__dict__)  # back an argument or a shared array as it is
        marked.history = (*history, step)
        return marked
    if isinstance(value, tuple) and depth < 3:
        return tuple(_mark(v, function, origin, parent, depth + 1) for v in value)
    return value


def _per_sample(data: Data) -> Any:
    """The shape past the sample axis (a slice of samples changes no sample's shape)."""
    return None if data.shape is None else (len(data.shape), data.shape[1:])


def _has_array(value: Any, depth: int) -> bool:
    if isinstance(value, Data):
        return True
    return isinstance(value, tuple) and depth < 3 and any(_has_array(v, depth + 1) for v in value)


def _first_array(values: list[Any], depth: int) -> Data | None:
    for value in values:
        if value.__class__ in _NUMBERS:  # most arguments: a size, an axis
            continue
        if isinstance(value, Data):
            return value
        if isinstance(value, (list, tuple)) and depth < 2 and len(value) <= 64:
            found = _first_array(list(value), depth + 1)
            if found is not None:
                return found
    return None
