"""The data ``fit`` feeds a Keras model besides x and y, for every model style and both dialects
(measured with Keras 3.15 on torch and tf_keras 2.21, tests/test_fit_validation.py):

* ``validation_split=f`` (when no ``validation_data`` is given) cuts every array of x and y at
  ``floor(n * (1 - f))``, ``n`` the first array's sample count (``tree.flatten`` order: x then y,
  dict keys sorted), before training: the training data are ``a[:at]`` and the validation data
  ``a[at:n]``, so x and y of other lengths may agree once cut (10 and 12 samples: 8 and 8).
* The validation data are checked only when a validation runs: after an epoch ``e`` (1-based)
  with ``e % validation_freq == 0`` (or ``e in validation_freq``), from ``initial_epoch`` to
  ``epochs``; ``validation_data=(x,)`` feeds x without targets. They are then fed as
  ``evaluate(vx, vy, batch_size=validation_batch_size or batch_size)`` would, after the whole
  first epoch of training, so a training error comes first.
"""

from __future__ import annotations

import math
from dataclasses import replace
from typing import Any

from ...ir import TRACED_BATCH, UNKNOWN, ArrayValue, DataCall

MAX_DEPTH = 10


def training(event: DataCall) -> DataCall:
    """The fit call with x and y as the training loop sees them (after ``validation_split``)."""
    cut = _split(event)
    if cut is None:
        return event
    (x, y), _ = cut
    return replace(event, x=x, y=y)


def validation(event: DataCall) -> DataCall | None:
    """The validation data as an evaluate-like call at the fit statement (``kwargs`` batch size
    the validation batch size); None when fit validates nothing, or when it cannot be told."""
    data = event.validation_data
    if event.method != "fit" or data is None and not event.kwargs.get("validation_split") or \
            not _validates(event.kwargs):  # (no data and no split: _split cuts nothing)
        return None
    if data is None:
        cut = _split(event)
        if cut is None:
            return None
        _, (vx, vy) = cut
    elif isinstance(data, tuple) and 1 <= len(data) <= 3:
        vx, vy = (data + (None,))[:2]
    else:
        return None
    kwargs = {k: v for k, v in event.kwargs.items() if k not in ("validation_batch_size",
                                                                 "validation_split", TRACED_BATCH)}
    size = event.kwargs.get("validation_batch_size")
    if size is not None:
        kwargs["batch_size"] = size
    return replace(event, x=vx, y=vy, validation_data=None, kwargs=kwargs)


def _validates(kwargs: dict[str, Any]) -> bool:
    """Whether some epoch of this fit runs the validation (Keras' ``_should_eval``)."""
    epochs, first = kwargs.get("epochs", 1), kwargs.get("initial_epoch", 0)
    frequency = kwargs.get("validation_freq", 1)
    if not isinstance(epochs, int) or not isinstance(first, int):
        return False
    if isinstance(frequency, int) and not isinstance(frequency, bool) and frequency > 0:
        return epochs // frequency > first // frequency
    if isinstance(frequency, (list, tuple)) and all(isinstance(f, int) for f in frequency):
        return any(first < f <= epochs for f in frequency)
    return False


def _split(event: DataCall) -> tuple[tuple[Any, Any], tuple[Any, Any]] | None:
    """(training x, y), (validation x, y) of ``validation_split``; None when not split. Arrays
    whose sample count is unknown make every count unknown ("?") after the cut."""
    fraction = event.kwargs.get("validation_split")
    if event.method != "fit" or event.validation_data is not None or \
            not isinstance(fraction, (int, float)) or isinstance(fraction, bool) or not fraction:
        return None
    leaves = [leaf for leaf in flatten((event.x, event.y)) if leaf is not None]
    first = leaves[0] if leaves else None
    total = first.shape[0] if isinstance(first, ArrayValue) and first.shape else None
    at = math.floor(total * (1.0 - fraction)) if isinstance(total, int) else None
    if at is not None and not 0 < at < total:  # type: ignore[operator]
        at = None  # Keras raises "not sufficient to split": not modelled, no count claimed

    def cut(value: Any, start: bool) -> Any:
        return _map(value, lambda a: _slice(a, at, total, start))

    return (cut(event.x, True), cut(event.y, True)), (cut(event.x, False), cut(event.y, False))


def _slice(array: Any, at: int | None, total: Any, start: bool) -> Any:
    """``a[:at]`` (start) or ``a[at:total]`` of one array."""
    if not isinstance(array, ArrayValue) or array.shape is None or not array.shape:
        return array
    n = array.shape[0]
    if at is None or not isinstance(n, int):
        count: Any = "?"
    else:
        count = min(n, at) if start else max(0, min(n, total) - at)
    bounds = "at_most" if array.bounds == "exact" else array.bounds
    return replace(array, shape=(count, *array.shape[1:]), bounds=bounds, texts=None)


def flatten(value: Any, depth: int = 0) -> list[Any]:
    """Keras' ``tree.flatten`` (and ``tf.nest.flatten``): lists and tuples in order, dicts by
    sorted key; what lies deeper than ``MAX_DEPTH`` is UNKNOWN."""
    if depth > MAX_DEPTH:
        return [UNKNOWN]
    if not isinstance(value, (list, tuple, dict)):
        return [value]
    leaves: list[Any] = []
    _flatten_into(value, depth, leaves)
    return leaves


def _flatten_into(value: list | tuple | dict, depth: int, leaves: list[Any]) -> None:
    # One list for the whole walk and no call per leaf: the graph replay flattens every node's
    # arguments.
    items = [value[key] for key in sorted(value, key=str)] if isinstance(value, dict) else value
    if depth + 1 > MAX_DEPTH:
        leaves.extend(UNKNOWN for _ in items)
        return
    for item in items:
        if isinstance(item, (list, tuple, dict)):
            _flatten_into(item, depth + 1, leaves)
        else:
            leaves.append(item)


def _map(value: Any, function: Any, depth: int = 0) -> Any:
    if depth > MAX_DEPTH:
        return value
    if isinstance(value, (list, tuple)):
        return type(value)(_map(item, function, depth + 1) for item in value)
    if isinstance(value, dict):
        return {key: _map(item, function, depth + 1) for key, item in value.items()}
    return function(value)
