"""scikit-learn's ``train_test_split`` (numpy, Keras' datasets and utilities are catalogue
entries: library/).

Each function takes already-evaluated arguments and returns a :class:`Data`, a plain value, or
UNKNOWN. A shape is never guessed: when any part is not plain, the answer is UNKNOWN (or a
symbolic dimension when only that dimension's value is unknown).
"""

from __future__ import annotations

from typing import Any

from ..ir import UNKNOWN, Span
from ..shapes import UNKNOWN_DIM
from .values import Data


def loader_call(name: str, args: list[Any], kwargs: dict[str, Any], origin: Span) -> Any:
    """Evaluate a loader or utility in FUNCTIONS; UNKNOWN for anything not modelled."""
    try:
        return FUNCTIONS[name](args, kwargs, origin)
    except (TypeError, ValueError, IndexError, KeyError, ArithmeticError):
        return UNKNOWN


def _train_test_split(args, kwargs, origin):
    """``sklearn.model_selection.train_test_split(*arrays)``: a train and a test part of each
    array, in that order; only the number of samples of each part is left unknown."""
    if not args or not all(isinstance(a, Data) and a.shape for a in args):
        return UNKNOWN
    parts: list[Any] = []
    for a in args:
        for _ in range(2):
            part = a.derived((UNKNOWN_DIM, *a.shape[1:]), origin)
            parts.append(part if a.bounds in ("uniform", "at_most") else part.without_bounds())
    return parts


FUNCTIONS: dict[str, Any] = {
    "sklearn.model_selection.train_test_split": _train_test_split,
}

