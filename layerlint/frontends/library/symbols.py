"""Fresh named dimensions: one size layerlint does not know, shared by the arrays that have it.

``train_test_split(x, y)`` of data with an unknown number of rows returns an ``x_train`` and a
``y_train`` whose sample counts are unknown but certainly equal (sklearn raised otherwise). Such a
size is a named dimension (``shapes.py``: a ``str`` other than ``"?"``), equal to itself wherever
it appears and possibly equal to any other unknown size — the checks compare only known ints.

A name says where the size was made: ``"train@7"`` is the training part's sample count of the
split on line 7. Each evaluation mints a new name (``"train@7#2"`` the second time line 7 runs, in
a loop or a function called twice), so two values the script makes separately never share one.
The count restarts with every file the interpreter reads (:func:`start_file`).
"""

from __future__ import annotations

from contextvars import ContextVar

from ...ir import Span

_minted: ContextVar[dict[str, int] | None] = ContextVar("layerlint_minted_dims", default=None)


def start_file() -> None:
    """A new file: names start again from their first spelling."""
    _minted.set({})


def fresh(stem: str, origin: Span | None) -> str:
    """A named dimension no other value of this file has: ``<stem>@<line>`` (``#n`` after the
    first one minted there)."""
    counts = _minted.get()
    if counts is None:
        counts = {}
        _minted.set(counts)
    base = f"{stem}@{origin.line if origin is not None else '?'}"
    n = counts.get(base, 0) + 1
    counts[base] = n
    return base if n == 1 else f"{base}#{n}"


def is_minted(d: object) -> bool:
    """Whether a dimension is a name made here (not a variable's name)."""
    return isinstance(d, str) and "@" in d
