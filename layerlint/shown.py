"""How messages show a value: short, one line, never an internal object's fields.

Plain values (numbers, strings, None, tuples, lists, dicts of them) read as Python writes them;
an object that knows how it reads in source (``__shown__``: a layer call reads
``keras.layers.Dense(1)``, an array ``<array of shape (3, 4)>``) says so; anything else is
``<TypeName>``. Every text is cut at a length bound, so a nested or huge value cannot flood a
message.
"""

from __future__ import annotations

from dataclasses import is_dataclass
from typing import Any

VALUE_LIMIT = 80  # characters of one value in a message
MESSAGE_LIMIT = 1_000  # characters of one message or framework error (a last guard; real ones: < 300)
ELLIPSIS = "..."


def clip(text: str, limit: int) -> str:
    """``text`` on one line, cut to ``limit`` characters (the cut marked with "...")."""
    if "\n" in text or "\r" in text:
        text = " ".join(text.split())
    if len(text) <= limit:
        return text
    return text[: max(limit - len(ELLIPSIS), 0)] + ELLIPSIS


def cut(text: str, limit: int = MESSAGE_LIMIT) -> str:
    """``text`` cut to ``limit`` characters, its lines kept (a framework's message may have
    several)."""
    return text if len(text) <= limit else text[: limit - len(ELLIPSIS)] + ELLIPSIS


def shown(value: Any, limit: int = VALUE_LIMIT) -> str:
    """The value as a message shows it, at most ``limit`` characters."""
    return clip(_text(value, limit, 0), limit)


def type_name(value: Any) -> str:
    """``type(value).__name__`` as the user's program would print it: a layer call is its
    class (``Dense``), an array an ``ndarray``, never a layerlint class."""
    name = getattr(type(value), "__type_name__", None)
    if name is not None:
        return name(value)
    return type(value).__name__


def type_text(value: Any) -> str:
    """``str(type(value))`` as the user's program would print it (``<class 'int'>``)."""
    name = getattr(type(value), "__type_name__", None)
    if name is None:
        return str(type(value))
    qualname = getattr(value, "qualname", None)
    return f"<class '{qualname if isinstance(qualname, str) else name(value)}'>"


def _text(value: Any, budget: int, depth: int) -> str:
    """The value's text, about ``budget`` characters at most (the caller clips it): every
    nested value gets only what is left of the budget, so the work is bounded too."""
    if value is None or isinstance(value, (bool, int, float, complex)):
        return repr(value)
    if isinstance(value, (str, bytes)):
        return repr(value[: max(budget, 0) + 1])  # no need to quote more than is shown
    if budget <= 0 or depth > 12:
        return ELLIPSIS
    if isinstance(value, tuple):
        inner = _items(value, budget - 2, depth)
        return f"({inner},)" if len(value) == 1 else f"({inner})"
    if isinstance(value, list):
        return f"[{_items(value, budget - 2, depth)}]"
    if isinstance(value, dict):
        return "{" + _items(value.items(), budget - 2, depth, pairs=True) + "}"
    if isinstance(value, (set, frozenset)):
        return "{" + _items(value, budget - 2, depth) + "}"
    describe = getattr(type(value), "__shown__", None)
    if describe is not None:
        return describe(value, budget)
    if is_dataclass(value) or not type(value).__module__.startswith("layerlint"):
        return f"<{type(value).__name__}>"
    return repr(value)  # layerlint's own markers (UNKNOWN, ANY_NUMBER) read as they are


def _items(values: Any, budget: int, depth: int, pairs: bool = False) -> str:
    """Comma-separated texts of ``values``, each given what is left of ``budget``."""
    out: list[str] = []
    left = budget
    for value in values:
        if left <= 0:
            out.append(ELLIPSIS)
            break
        if pairs:
            key = _text(value[0], left, depth + 1)
            text = f"{key}: {_text(value[1], left - len(key) - 2, depth + 1)}"
        else:
            text = _text(value, left, depth + 1)
        out.append(text)
        left -= len(text) + 2
    return ", ".join(out)


def call_text(qualname: str, args: tuple[Any, ...], kwargs: dict[str, Any], budget: int,
              depth: int = 0) -> str:
    """``keras.layers.Dense(4, activation='relu')``, its arguments shown within ``budget``."""
    left = budget - len(qualname) - 2
    if left <= 0:
        return clip(qualname + "(...)", max(budget, len(qualname) + 5))
    named = [f"{k}=" for k in kwargs]
    values = list(args) + list(kwargs.values())
    out: list[str] = []
    for i, value in enumerate(values):
        prefix = named[i - len(args)] if i >= len(args) else ""
        if left - len(prefix) <= 0:
            out.append(ELLIPSIS)
            break
        text = prefix + _text(value, left - len(prefix), depth + 1)
        out.append(text)
        left -= len(text) + 2
    return f"{qualname}({', '.join(out)})"
