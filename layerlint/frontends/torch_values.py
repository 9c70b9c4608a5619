"""Plain values of the torch front end: imported names, tensors created from constructors and
data loaders, and the Python arithmetic / comparisons / builtins the walk evaluates."""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass
from typing import Any

import math

from ..ir import UNKNOWN, ArrayValue, UnknownNumber
from .literals import holds

MAX_UNROLL = 64  # list comprehensions over a literal range, and forward loops over containers
SNIPPET_NAMES = {"nn": "torch.nn", "F": "torch.nn.functional", "torch": "torch"}
CREATORS = {"torch.randn", "torch.rand", "torch.zeros", "torch.ones", "torch.empty"}
_DTYPES = {
    "float": "float32", "float32": "float32", "float64": "float64", "double": "float64",
    "float16": "float16", "half": "float16", "bfloat16": "bfloat16", "long": "int64",
    "int64": "int64", "int": "int32", "int32": "int32", "int16": "int16", "int8": "int8",
    "uint8": "uint8", "bool": "bool",
}
# Tensor methods that keep the shape (dtype/device moves, copies).
_SAME_SHAPE = {
    "to", "cuda", "cpu", "detach", "clone", "contiguous", "requires_grad_", "float", "double",
    "half", "long", "int", "bfloat16",
}
_METHOD_DTYPE = {"float": "float32", "double": "float64", "half": "float16", "long": "int64",
                 "int": "int32", "bfloat16": "bfloat16"}


def plain_range(bounds: list[Any]) -> list[int] | None:
    """``range(*bounds)`` as a list, when the bounds are plain ints and the loop is short
    enough to unroll."""
    if not (1 <= len(bounds) <= 3 and all(isinstance(b, int) and not isinstance(b, bool)
                                          for b in bounds) and (len(bounds) < 3 or bounds[2])):
        return None
    values = range(*bounds)
    return list(values) if len(values) <= MAX_UNROLL else None



@dataclass(frozen=True)
class Ref:
    """An imported (or snippet) name: ``torch.nn.Linear``."""

    dotted: str


# Code that may give a model's parameters another dtype than float32 (or run them in another).
DTYPE_CHANGES = re.compile(
    r"set_default_dtype|set_default_tensor_type|autocast|self\.(double|half|bfloat16|type|to)\(|"
    r"\w\.\w+\.(double|half|bfloat16)\(\s*\)|"
    r"\.to\([^)]*(torch\.(float64|double|half|float16|bfloat16)|dtype)")
# DTYPE_CHANGES without its second branch, which alone cost most of a search: its matches are
# found from their fixed part (``changes_dtypes``).
_DTYPE_CHANGES_ANCHORED = re.compile(
    r"set_default_dtype|set_default_tensor_type|autocast|self\.(double|half|bfloat16|type|to)\(|"
    r"\.to\([^)]*(torch\.(float64|double|half|float16|bfloat16)|dtype)")
_HALF_CALL = re.compile(r"\.(double|half|bfloat16)\(\s*\)")
_WORD = re.compile(r"\w")


def changes_dtypes(text: str) -> bool:
    r"""``DTYPE_CHANGES.search(text) is not None``, at a fifth of the cost: a match of the
    ``\w\.\w+\.(double|...)\(\s*\)`` branch is a ``.double()`` whose run of word characters
    before it is not empty and follows a word character and a dot."""
    if _DTYPE_CHANGES_ANCHORED.search(text):
        return True
    for match in _HALF_CALL.finditer(text):
        start = end = match.start()
        while start > 0 and _WORD.match(text, start - 1):
            start -= 1
        if start < end and start >= 2 and text[start - 1] == "." and _WORD.match(text, start - 2):
            return True
    return False


DTYPE_METHODS = ("double", "half", "bfloat16", "type")
DEVICE_NAMES = ("cpu", "cuda", "mps")


def is_device_name(node: ast.expr) -> bool:
    return isinstance(node, ast.Constant) and isinstance(node.value, str) and (
        node.value in DEVICE_NAMES or node.value.startswith("cuda:"))


@dataclass(frozen=True)
class Device:
    """``torch.device(...)`` or a device name chosen at run time (``"cuda" if ... else
    "cpu"``): moving a tensor or a model there keeps its dtype."""


DEVICE = Device()
# ``x.to(torch.float64)``: the cast method that does the same.
CAST_METHODS = {"float32": "float", "float64": "double", "float16": "half",
                "bfloat16": "bfloat16", "int64": "long", "int32": "int", "bool": "bool"}


def to_target(args: list[Any], kwargs: dict[str, Any]) -> str | None:
    """What ``.to(...)`` converts to: ``"device"`` (devices only), a dtype name, or None when
    layerlint cannot tell (another tensor, a value it could not evaluate)."""
    dtypes = [_DTYPES.get(v.dotted[len("torch."):]) if isinstance(v, Ref) and
              v.dotted.startswith("torch.") else None
              for v in [*args, kwargs.get("dtype")] if v is not None and not (
                  isinstance(v, (str, Device)))]
    if set(kwargs) - {"dtype", "device", "non_blocking", "copy"}:
        return None
    if not dtypes:
        return "device"
    return dtypes[0] if len(dtypes) == 1 and dtypes[0] is not None else None


# torch.FloatTensor & co. (and their names as strings) as the dtypes they hold.
TENSOR_TYPES = {"FloatTensor": "float32", "DoubleTensor": "float64", "HalfTensor": "float16",
                "BFloat16Tensor": "bfloat16", "LongTensor": "int64", "IntTensor": "int32",
                "ShortTensor": "int16", "CharTensor": "int8", "ByteTensor": "uint8",
                "BoolTensor": "bool"}


def tensor_type(value: Any) -> str | None:
    """``x.type(torch.FloatTensor)`` / ``x.type("torch.LongTensor")`` / ``x.type(torch.int64)``:
    the dtype it converts to; None when not known."""
    name = value.dotted if isinstance(value, Ref) else value if isinstance(value, str) else ""
    short = name[len("torch."):] if name.startswith("torch.") else None
    if short is None:
        return None
    return TENSOR_TYPES.get(short) or _DTYPES.get(short)


@dataclass
class Pairs:
    """An ``OrderedDict([...])`` of (name, value) pairs."""

    items: list[tuple[Any, Any]]


@dataclass
class Dataset:
    tensors: list[Any]


@dataclass
class Loader:
    dataset: Any
    batch_size: Any


class Layered(dict):
    """A function's locals over the module's variables (reads fall through, writes stay local)."""

    def __init__(self, local: dict[str, Any], outer: dict[str, Any]) -> None:
        super().__init__(local)
        self.outer = outer

    def __missing__(self, key: str) -> Any:
        return self.outer[key]

    def __contains__(self, key: object) -> bool:
        return super().__contains__(key) or key in self.outer

    def copy(self) -> Layered:
        return Layered(dict(self), self.outer)



SEQUENCE_BUILTINS = ("enumerate", "zip", "reversed", "list", "tuple")


def sequence_builtin(name: str, args: list[Any]) -> Any:
    """``enumerate`` / ``zip`` / ``reversed`` / ``list`` / ``tuple`` of plain sequences, as the
    lists a loop would go through (module objects inside are shared, as in Python)."""
    if not args or not all(isinstance(a, (list, tuple)) for a in args):
        return UNKNOWN
    if name == "enumerate" and len(args) == 1:
        return [(i, item) for i, item in enumerate(args[0])]
    if name == "zip":
        return [tuple(items) for items in zip(*args)]
    if name == "reversed" and len(args) == 1:
        return list(reversed(args[0]))
    if name in ("list", "tuple") and len(args) == 1:
        return list(args[0]) if name == "list" else tuple(args[0])
    return UNKNOWN


def truth_of(value: Any) -> bool | None:
    """Python's truth of a plain value; None when layerlint cannot tell."""
    if isinstance(value, (bool, int, float, str, list, tuple, dict)) or value is None:
        return bool(value) if value is not None else False
    return None


_COMPARE = {ast.Eq: lambda a, b: a == b, ast.NotEq: lambda a, b: a != b,
            ast.Lt: lambda a, b: a < b, ast.LtE: lambda a, b: a <= b,
            ast.Gt: lambda a, b: a > b, ast.GtE: lambda a, b: a >= b}


def compare(op: ast.cmpop, left: Any, right: Any) -> Any:
    """A comparison of two numbers or two strings; anything else is unknown."""
    plain = (is_number(left) and is_number(right)) or (
        isinstance(left, str) and isinstance(right, str))
    if not plain or type(op) not in _COMPARE:
        return UNKNOWN
    return _COMPARE[type(op)](left, right)


def is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def is_dim(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


# math's functions by the type they return, whatever their argument.
MATH_FLOAT = {"sqrt", "exp", "log", "log2", "log10", "sin", "cos", "tan", "tanh", "fabs",
              "pow"}
MATH_INT = {"floor", "ceil"}
NUMBER_TYPES = {"float": "float", "int": "int"}


def python_number(func: str, args: list[Any]) -> Any:
    """``math.sqrt(d)`` (func ``"math.sqrt"``), ``float(v)`` / ``int(v)`` (``"float"``):
    the number when the arguments are known, else an UnknownNumber of the result's type;
    UNKNOWN for anything else."""
    module, _, name = func.rpartition(".")
    kind = NUMBER_TYPES.get(func) if not module else (
        "float" if name in MATH_FLOAT else "int" if name in MATH_INT else None)
    if kind is None or module not in ("", "math") or not args:
        return UNKNOWN
    if all(is_number(a) for a in args):
        try:
            return getattr(math, name)(*args) if module else (float if kind == "float" else int)(
                *args)
        except (ValueError, TypeError, OverflowError):
            return UNKNOWN
    # math's functions convert any argument (a 1-element tensor too) to a Python number, or
    # raise (measured, torch 2.13: math.floor(torch.tensor(2.5)) is an int)
    return UnknownNumber(kind)


def as_unknown(value: Any) -> Any:
    """UnknownNumbers (inside tuples and lists too) as UNKNOWN: what a callee sees."""
    if isinstance(value, UnknownNumber):
        return UNKNOWN
    if isinstance(value, (tuple, list)) and holds(value, (UnknownNumber, tuple, list)):
        return type(value)(as_unknown(v) for v in value)
    return value


def is_numeric(value: Any) -> bool:
    """A Python number, known or not."""
    return is_number(value) or isinstance(value, UnknownNumber)


def arith(op: ast.operator, left: Any, right: Any) -> Any:
    if (isinstance(left, UnknownNumber) or isinstance(right, UnknownNumber)) and \
            is_numeric(left) and is_numeric(right):
        kinds = {v.kind if isinstance(v, UnknownNumber) else type(v).__name__
                 for v in (left, right)}
        if isinstance(op, ast.Div) or "float" in kinds:
            return UnknownNumber("float")
        return UnknownNumber("int" if kinds == {"int"} and not isinstance(op, ast.Pow)
                             else None)
    if not (is_number(left) and is_number(right)):
        if isinstance(op, ast.Add) and isinstance(left, (tuple, list)) and type(left) is type(
                right):
            return left + right
        return UNKNOWN
    try:
        if isinstance(op, ast.Add):
            return left + right
        if isinstance(op, ast.Sub):
            return left - right
        if isinstance(op, ast.Mult):
            return left * right
        if isinstance(op, ast.FloorDiv):
            return left // right
        if isinstance(op, ast.Div):
            return left / right
        if isinstance(op, ast.Mod):
            return left % right
        if isinstance(op, ast.Pow) and abs(right) < 64:
            return left**right
    except (ZeroDivisionError, OverflowError):
        return UNKNOWN
    return UNKNOWN



def ordered_dict(args: list[Any]) -> Any:
    if not args:
        return Pairs([])
    items = args[0]
    if isinstance(items, (list, tuple)) and all(
            isinstance(p, tuple) and len(p) == 2 for p in items):
        return Pairs(list(items))
    return UNKNOWN


def dtype_of(kwargs: dict[str, Any], default: str | None) -> str | None:
    value = kwargs.get("dtype")
    if value is None:
        return default
    if isinstance(value, Ref) and value.dotted.startswith("torch."):
        return _DTYPES.get(value.dotted[len("torch."):])
    return None


def _size_args(args: list[Any], kwargs: dict[str, Any]) -> tuple | None:
    size = args
    if len(args) == 1 and isinstance(args[0], (tuple, list)):
        size = list(args[0])
    if not args and isinstance(kwargs.get("size"), (tuple, list)):
        size = list(kwargs["size"])
    if size and all(is_dim(d) for d in size):
        return tuple(size)
    return None


def created_tensor(args: list[Any], kwargs: dict[str, Any], span: Any, dtype: str) -> Any:
    """The tensor ``torch.randn(...)`` & co. create; None when its size is not known."""
    shape = _size_args(args, kwargs)
    if shape is None:
        return None
    return ArrayValue(shape, dtype_of(kwargs, dtype), span, span)


def randint_tensor(args: list[Any], kwargs: dict[str, Any], span: Any) -> Any:
    size = kwargs.get("size", args[-1] if args else None)
    numbers = [a for a in args if not isinstance(a, (tuple, list))]
    if not isinstance(size, (tuple, list)) or not all(is_dim(d) for d in size) or not size:
        return None
    high = numbers[-1] if numbers else kwargs.get("high")
    low = numbers[0] if len(numbers) == 2 else kwargs.get("low", 0)
    value = ArrayValue(tuple(size), dtype_of(kwargs, "int64"), span, span)
    if isinstance(high, int):
        value.max_value = high - 1
    if isinstance(low, int):
        value.min_value = low
    return value


def literal_tensor(args: list[Any], kwargs: dict[str, Any], span: Any) -> Any:
    if not args:
        return UNKNOWN
    shape: list[int] = []
    data = args[0]
    kinds: set[type] = set()

    def walk(value: Any, depth: int) -> bool:
        if isinstance(value, (list, tuple)):
            if len(shape) <= depth:
                shape.append(len(value))
            elif shape[depth] != len(value):
                return False
            return all(walk(v, depth + 1) for v in value)
        if not is_number(value) and not isinstance(value, bool):
            return False
        if len(shape) != depth:
            return False
        kinds.add(type(value))
        return True

    if not walk(data, 0):
        return UNKNOWN
    default = "float32" if float in kinds else ("bool" if kinds == {bool} else "int64")
    value = ArrayValue(tuple(shape), dtype_of(kwargs, default), span, span)
    if kinds == {int} and value.dtype == "int64" and len(shape) <= 2:
        # the values of small literal label tensors (class indices against a loss)
        flat = [v for row in data for v in row] if len(shape) == 2 else (
            list(data) if shape else [data])
        if flat:
            value.min_value, value.max_value, value.bounds = min(flat), max(flat), "exact"
    return value


def first_batch(loader: Loader) -> Any:
    dataset, batch = loader.dataset, loader.batch_size
    if not isinstance(dataset, Dataset) or not is_dim(batch) or not batch:
        return UNKNOWN
    out: list[Any] = []
    for tensor in dataset.tensors:
        if isinstance(tensor, ArrayValue) and tensor.shape and isinstance(tensor.shape[0], int):
            first = min(batch, tensor.shape[0])
            out.append(ArrayValue((first, *tensor.shape[1:]), tensor.dtype, tensor.span,
                                  tensor.origin))
        else:
            out.append(UNKNOWN)
    return out


def tensor_method(x: ArrayValue, attr: str, args: list[Any], kwargs: dict[str, Any],
                   span: Any) -> Any:
    """Shape-plain methods on data before it reaches a model."""
    shape = x.shape
    if shape is None and x.origin is not None:  # still sized by the value it could not evaluate
        return ArrayValue(None, None, span, x.origin, x.name)
    if shape is None or not all(isinstance(d, int) for d in shape):
        return UNKNOWN
    dtype = _METHOD_DTYPE.get(attr, x.dtype)
    if attr == "to":  # a device keeps the dtype; a dtype (or an unknown value) may change it
        target = to_target(args, kwargs)
        dtype = x.dtype if target == "device" else target
    if attr in _SAME_SHAPE:
        return ArrayValue(shape, dtype, span, x.origin)
    if attr == "unsqueeze" and len(args) == 1 and isinstance(args[0], int):
        d = args[0] if args[0] >= 0 else args[0] + len(shape) + 1
        if 0 <= d <= len(shape):
            return ArrayValue(shape[:d] + (1,) + shape[d:], dtype, span, x.origin)
    if attr == "permute":
        dims = tuple(args[0]) if len(args) == 1 and isinstance(args[0], (tuple, list)) else tuple(
            args)
        if sorted(d % len(shape) for d in dims if isinstance(d, int)) == list(range(len(shape))) \
                and len(dims) == len(shape):
            return ArrayValue(tuple(shape[d] for d in dims), dtype, span, x.origin)
    if attr == "transpose" and len(args) == 2 and all(isinstance(a, int) for a in args):
        a, b = (d % len(shape) for d in args)
        dims = list(shape)
        dims[a], dims[b] = dims[b], dims[a]
        return ArrayValue(tuple(dims), dtype, span, x.origin)
    if attr == "flatten" and len(args) <= 2 and all(isinstance(a, int) for a in args) \
            and not kwargs:  # Tensor.flatten(start_dim=0, end_dim=-1)
        rank = max(len(shape), 1)
        wanted = (args[0] if args else 0, args[1] if len(args) > 1 else -1)
        start, end = (a % rank if -rank <= a < rank else None for a in wanted)
        if start is not None and end is not None and start <= end:
            dims = shape or (1,)
            flat = (*dims[:start], _prod(dims[start:end + 1]), *dims[end + 1:])
            return ArrayValue(flat, dtype, span, x.origin)
    if attr in ("view", "reshape"):
        size = list(args[0]) if len(args) == 1 and isinstance(args[0], (tuple, list)) else args
        total = 1
        for d in shape:
            total *= d  # type: ignore[operator]
        if all(isinstance(d, int) for d in size) and size.count(-1) <= 1:
            known = 1
            for d in size:
                if d != -1:
                    known *= d
            if -1 in size and known and total % known == 0:
                size = [total // known if d == -1 else d for d in size]
            if all(d >= 0 for d in size) and _prod(size) == total:
                return ArrayValue(tuple(size), dtype, span, x.origin)
    return UNKNOWN


def _prod(values: list[int]) -> int:
    out = 1
    for v in values:
        out *= v
    return out
