"""Python builtins, ``math`` and star imports, evaluated on known values only."""

from __future__ import annotations

import math
from typing import Any

from ..ir import UNKNOWN
from . import arrays
from . import library
from .names import canonical
from .values import (
    ANY_NUMBER,
    Data,
    Ref,
    Repeated,
    as_int,
    is_number_like,
    is_plain,
    is_unknown,
)

BUILTINS = {
    "len", "range", "int", "float", "bool", "str", "max", "min", "abs", "round", "sum", "list",
    "tuple", "dict", "print", "isinstance", "type", "id", "repr", "zip", "enumerate", "sorted",
    "reversed", "hasattr", "getattr", "setattr", "delattr", "open", "input", "exit", "quit",
    "super", "format", "vars", "dir", "object", "set", "frozenset", "map", "filter", "any",
    "all", "divmod", "pow", "iter", "next", "hash", "callable", "Exception", "ValueError",
    "TypeError", "RuntimeError", "KeyError", "ImportError", "NotImplementedError",
}  # fmt: skip
_KERAS_STAR = {"Sequential", "Input", "Model", "layers", "models", "losses", "utils", "optimizers"}
MATH = {
    "math.ceil": math.ceil,
    "math.floor": math.floor,
    "math.sqrt": math.sqrt,
    "math.prod": None,
}


def star_name(module: str, name: str) -> Ref | None:
    if module == "keras.layers" and name[:1].isupper():
        return Ref(canonical(f"keras.layers.{name}"))
    if module in ("keras", "keras.models") and name in _KERAS_STAR:
        return Ref(canonical(f"keras.{name}"))
    if module == "numpy" and (library.is_function(f"numpy.{name}") or name in ("random", "newaxis")):
        return Ref(f"numpy.{name}")
    if module == "math" and f"math.{name}" in MATH:
        return Ref(f"math.{name}")
    return None


def math_call(qualname: str, args: list[Any]) -> Any:
    if qualname == "math.prod":
        values = args[0] if len(args) == 1 else None
        if isinstance(values, (list, tuple)) and all(isinstance(v, int) for v in values):
            product = math.prod(values)
            return product if abs(product) < 2**63 else UNKNOWN
        return UNKNOWN
    if len(args) == 1 and isinstance(args[0], (int, float)) and not isinstance(args[0], bool):
        try:
            return MATH[qualname](args[0])
        except (ValueError, OverflowError):
            return UNKNOWN
    return ANY_NUMBER if len(args) == 1 and args[0] is ANY_NUMBER else UNKNOWN


def builtin_call(name: str, args: list[Any]) -> Any:
    if name == "len" and len(args) == 1:
        value = args[0]
        if isinstance(value, (tuple, list, str, dict, range)):
            return len(value)
        if isinstance(value, Data):
            if value.shape:
                return arrays.as_value(value.shape[0])
            return UNKNOWN
        if isinstance(value, Repeated):
            return arrays.as_value(value.count)
        return ANY_NUMBER if is_unknown(value) else UNKNOWN
    if name == "range" and 1 <= len(args) <= 3 and all(as_int(a) is not None for a in args):
        result = range(*[as_int(a) for a in args])  # type: ignore[misc]
        return result
    if name in ("int", "float") and len(args) == 1:
        value = args[0]
        if value is ANY_NUMBER:
            return ANY_NUMBER
        if isinstance(value, (int, float, str)) and not isinstance(value, bool):
            converted = int(value) if name == "int" else float(value)
            if isinstance(converted, float) and not math.isfinite(converted):
                return UNKNOWN
            return converted
        return UNKNOWN
    if name in ("max", "min", "sum", "abs", "round"):
        values = list(args[0]) if len(args) == 1 and isinstance(args[0], (list, tuple)) else args
        if name in ("abs", "round") and len(args) >= 1:
            values = args[:1]
        if not values:
            return UNKNOWN
        if any(v is ANY_NUMBER for v in values) and all(is_number_like(v) for v in values):
            return ANY_NUMBER
        if not all(is_number_like(v) for v in values):
            return UNKNOWN
        if name == "round" and len(args) == 2:
            return round(values[0], as_int(args[1]) or 0)
        return {
            "max": max,
            "min": min,
            "sum": sum,
            "abs": lambda v: abs(v[0]),
            "round": lambda v: round(v[0]),
        }[name](values)
    if name in ("list", "tuple") and len(args) <= 1:
        value = args[0] if args else []
        if isinstance(value, (tuple, list, range, str)) and len(value) <= 10_000:
            return list(value) if name == "list" else tuple(value)
        return UNKNOWN
    if name == "enumerate" and len(args) == 1 and isinstance(args[0], (tuple, list, range)):
        return list(enumerate(args[0]))
    if name == "zip" and args and all(isinstance(a, (tuple, list, range)) for a in args):
        return list(zip(*args))
    if name in ("sorted", "reversed") and len(args) == 1 and isinstance(args[0], (tuple, list)):
        if name == "reversed":
            return list(reversed(args[0]))
        if all(is_number_like(v) and v is not ANY_NUMBER for v in args[0]):
            return sorted(args[0])
        return UNKNOWN
    if name == "dict" and not args:
        return {}
    if name == "bool" and len(args) == 1 and is_plain(args[0]):
        return bool(args[0])
    if name == "print":
        return None
    return UNKNOWN
