"""A module call's binding (its ``Args``, or the ``LayerError`` its ``__init__`` raises), shared
by the replays of one file's analysis.

The script's replay runs a model's forward for its output, the autograd steps count its
parameters, and the model's own replay checks it: each is a ``TorchReplay`` that bound every
module again (a third of a small torch script's replay). Within ``shared()`` (the analysis of a
file) a binding is reused when the call still holds the very same argument objects (the size
resolutions keep them when nothing changes); outside it, or for arguments that changed, the
module is bound again, as before.

The same scope keeps the forward pass the script's replay ran for ``model(x)`` (``remember`` /
``recalled``): the model's own replay then runs that very forward on the same input, and takes
the pass instead while nothing its result depends on has changed since (``changed()`` counts
every argument a size resolution replaced).
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from typing import Any

_SHARED: dict[int, tuple[Any, Any, Any, Any, Any]] | None = None  # id(call) -> what it held
# (id(model), id(data call)) -> (model, call, what was remembered, the change count then)
_PASSES: dict[tuple[int, int], tuple[Any, Any, Any, int]] | None = None
_CHANGES = [0]  # arguments of modules and forward steps replaced by size resolutions


@contextlib.contextmanager
def shared() -> Iterator[None]:
    global _SHARED, _PASSES
    previous, _SHARED = _SHARED, {}
    previous_passes, _PASSES = _PASSES, {}
    try:
        yield
    finally:
        _SHARED, _PASSES = previous, previous_passes


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


def changed() -> None:
    """A module's or a forward step's arguments were replaced (a size resolved in place)."""
    _CHANGES[0] += 1


def remember(model: Any, call: Any, what: Any) -> bool:
    """Keep ``what`` (a replay's pass of ``model`` for the data ``call``) for the model's own
    replay, within a file's analysis; False outside one (nothing is kept)."""
    if _PASSES is None:
        return False
    _PASSES[(id(model), id(call))] = (model, call, what, _CHANGES[0])
    return True


def recalled(model: Any, call: Any) -> Any:
    """What was remembered for ``model`` and ``call`` (once), if no argument changed since."""
    if not _PASSES:
        return None
    held = _PASSES.pop((id(model), id(call)), None)
    if held is None or held[0] is not model or held[1] is not call or held[3] != _CHANGES[0]:
        return None
    return held[2]
