"""A module call's binding (its ``Args``, or the ``LayerError`` its ``__init__`` raises), shared
by the replays of one file's analysis.

The script's replay runs a model's forward for its output, the autograd steps count its
parameters, and the model's own replay checks it: each is a ``TorchReplay`` that bound every
module again (a third of a small torch script's replay). Within ``shared()`` (the analysis of a
file) a binding is reused when the call still holds the very same argument objects (the size
resolutions keep them when nothing changes); outside it, or for arguments that changed, the
module is bound again, as before.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from typing import Any

_SHARED: dict[int, tuple[Any, Any, Any, Any, Any]] | None = None  # id(call) -> what it held


@contextlib.contextmanager
def shared() -> Iterator[None]:
    global _SHARED
    previous, _SHARED = _SHARED, {}
    try:
        yield
    finally:
        _SHARED = previous


def binding(call: Any, bind: Callable[[Any], Any]) -> Any:
    """``bind(call)``, or what it gave for this call with the same argument objects."""
    if _SHARED is None:
        return bind(call)
    held = _SHARED.get(id(call))
    if held is not None and held[0] is call and held[1] is call.args and \
            held[2] is call.kwargs and held[3] is call.arg_spans:
        return held[4]
    result = bind(call)
    _SHARED[id(call)] = (call, call.args, call.kwargs, call.arg_spans, result)
    return result
