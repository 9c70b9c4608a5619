"""Partial shapes for the library differential tests: a real shape with some dimensions hidden
as layerlint may know them — ``?``, a name per size (equal sizes share it), or the whole rank
unknown (None)."""

from __future__ import annotations

import random
from typing import Any


def hider(rng: random.Random) -> tuple[Any, dict[str, int]]:
    """``hide(shape)`` and the sizes its names stand for."""
    names: dict[str, int] = {}

    def hide(shape: tuple) -> tuple | None:
        if rng.random() < 0.1:
            return None
        out: list[Any] = []
        for d in shape:
            roll = rng.random()
            if roll < 0.25:
                out.append("?")
            elif roll < 0.45:
                names[f"n{d}"] = d
                out.append(f"n{d}")
            else:
                out.append(d)
        return tuple(out)

    return hide, names
