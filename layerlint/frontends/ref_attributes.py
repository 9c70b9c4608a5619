"""``module.attr`` of an imported name (``np.random``, ``keras.layers.Dense``): its value and
the dialect hints it gives, a pure function of the module's name and the attribute, kept per
pair (asked at every attribute of a module and at every call of a module's function)."""

from __future__ import annotations

import math
from typing import Any

from .names import canonical, keras3_module
from .values import Ref

REF_ATTRIBUTES: dict[tuple[str, str], tuple[Any, tuple[str, ...]]] = {}


def ref_attribute(module: str, attr: str) -> tuple[Any, tuple[str, ...]]:
    raw = f"{module}.{attr}"
    hints: list[str | None] = []
    if raw.startswith(("tensorflow.keras", "tensorflow.python.keras")):
        hints.append("tensorflow.keras")
    qualname = canonical(raw)
    hints.append(keras3_module(qualname))  # keras.ops.mean(...) without importing keras.ops
    shown = tuple(hint for hint in hints if hint)  # (hint(None) adds nothing)
    if qualname == "numpy.newaxis":
        return None, shown
    if qualname in ("numpy.pi", "math.pi"):
        return math.pi, shown
    return Ref(qualname), shown
