"""numpy entries that compute values: element-wise functions and operators (broadcasting,
dtype promotion), where, clip, reductions with ``axis``/``keepdims``, argmax, astype."""

from __future__ import annotations

import ast
from typing import Any

from ..arrays import dtype_name
from ..values import ANY_NUMBER, Data
from .catalogue import Bound, LibraryError, Unmodelled, library_function
from .numpy_common import (
    array,
    axes,
    broadcast,
    dtype_argument,
    float_result,
    is_kind,
    known,
    result_dtype,
    scalar_kind,
    to_array,
)

_UFUNC = "/, out=None, *, where=True, casting='same_kind', order='K', dtype=None, subok=True"


def _no_extras(a: Bound) -> None:
    if a.out is not None or a.where is not True or a.dtype is not None:
        raise Unmodelled(f"{a.function}(out=/where=/dtype=)")


def _scalar_result(a: Bound, *names: str) -> bool:
    """Python numbers only (no array): the result is a number."""
    return all(scalar_kind(getattr(a, n)) is not None or getattr(a, n) is ANY_NUMBER
               for n in names)


# --- binary element-wise functions and the operators -------------------------------------------

_ARITHMETIC = ("add", "subtract", "multiply", "floor_divide", "remainder", "power", "maximum",
               "minimum")
_COMPARISONS = ("greater", "greater_equal", "less", "less_equal", "equal", "not_equal",
                "logical_and", "logical_or")
_BITWISE = ("bitwise_and", "bitwise_or", "bitwise_xor")  # integers and booleans only
# bool operands: numpy's loops for these give int8 (subtract refuses bools)
_INT8_ON_BOOLS = ("floor_divide", "remainder", "power")


def _binary(name: str):
    def rule(a: Bound) -> Any:
        _no_extras(a)
        if name in _BITWISE and (isinstance(a.x1, float) or isinstance(a.x2, float)):
            raise LibraryError("TypeError", _unsupported(name))
        if _scalar_result(a, "x1", "x2"):
            return ANY_NUMBER
        left, right = to_array(a.x1, a), to_array(a.x2, a)
        _numeric(left, right, a=a)
        shape = broadcast([left.shape, right.shape])
        if name in _COMPARISONS:
            dtype: str | None = "bool"
        else:
            dtype = result_dtype([a.x1 if isinstance(a.x1, Data) else _weak(a.x1, left),
                                  a.x2 if isinstance(a.x2, Data) else _weak(a.x2, right)])
            for value in (a.x1, a.x2):
                _fits(value, dtype)
            if dtype == "bool" and name == "subtract":
                raise LibraryError("TypeError", "numpy boolean subtract, the `-` operator, is "
                                   "not supported, use the bitwise_xor, the `^` operator, or "
                                   "the logical_xor function instead.")
            if dtype == "bool" and name in _INT8_ON_BOOLS:
                dtype = "int8"
            if name == "true_divide" and is_kind(dtype, "biu"):
                dtype = "float64"
            if name in _BITWISE and is_kind(dtype, "f"):
                raise LibraryError("TypeError", _unsupported(name))
        return Data(shape, dtype, a.origin)

    return rule


def _unsupported(name: str) -> str:
    return (f"ufunc '{name}' not supported for the input types, and the inputs could not be "
            "safely coerced to any supported types according to the casting rule ''safe''")


def _numeric(*arrays: Data, a: Bound) -> None:
    """Strings, objects and complex numbers: each ufunc accepts or refuses them its own way."""
    if any(x.dtype is not None and not is_kind(x.dtype, "biuf") for x in arrays):
        raise Unmodelled(f"{a.function} of non-numeric arrays")


def _fits(value: Any, dtype: str | None) -> None:
    """numpy 2 refuses a Python integer its integer array's dtype cannot hold."""
    if scalar_kind(value) != "int" or not is_kind(dtype, "iu"):
        return
    bits = int(dtype.removeprefix("u").removeprefix("int"))  # type: ignore[union-attr]
    low, high = (0, 2**bits - 1) if dtype.startswith("u") else (  # type: ignore[union-attr]
        -(2 ** (bits - 1)), 2 ** (bits - 1) - 1)
    if not low <= value <= high:
        raise LibraryError("OverflowError", f"Python integer {value} out of bounds for {dtype}")


def _weak(value: Any, data: Data) -> Any:
    """A Python number stays weak in promotion; a literal list is an array of its own dtype."""
    return value if scalar_kind(value) is not None or value is ANY_NUMBER else data


for _name in (*_ARITHMETIC, *_COMPARISONS, *_BITWISE, "true_divide"):
    library_function(f"numpy.{_name}", f"x1, x2, {_UFUNC}",
                     aliases=(("numpy.divide",) if _name == "true_divide" else
                              ("numpy.mod",) if _name == "remainder" else ()))(_binary(_name))

_OPERATORS = {
    ast.Add: "add", ast.Sub: "subtract", ast.Mult: "multiply", ast.Div: "true_divide",
    ast.FloorDiv: "floor_divide", ast.Mod: "remainder", ast.Pow: "power",
    ast.Gt: "greater", ast.GtE: "greater_equal", ast.Lt: "less", ast.LtE: "less_equal",
    ast.Eq: "equal", ast.NotEq: "not_equal", ast.MatMult: "matmul",
    ast.BitAnd: "bitwise_and", ast.BitOr: "bitwise_or", ast.BitXor: "bitwise_xor",
}


def operator_function(op: ast.AST) -> str | None:
    """The numpy function an operator on arrays calls (``a + b`` is ``np.add(a, b)``)."""
    name = _OPERATORS.get(type(op))
    return None if name is None else f"numpy.{name}"


# --- unary element-wise functions ---------------------------------------------------------------

_TO_FLOAT = ("exp", "expm1", "log", "log1p", "log2", "log10", "sqrt", "sin", "cos", "tan",
             "tanh", "arctan", "rint")
_SAME = ("absolute", "negative", "square", "sign")
# numpy >= 2.1 keeps integers as integers, older versions made floats: unknown for integers
_VERSIONED = ("floor", "ceil", "trunc")
_TESTS = ("isnan", "isinf", "isfinite")  # a bool per element


def _unary(kind: str):
    def rule(a: Bound) -> Any:
        _no_extras(a)
        if kind == "bits" and isinstance(a.x, float):
            raise LibraryError("TypeError", _unsupported("invert"))
        if _scalar_result(a, "x"):
            return ANY_NUMBER
        data = to_array(a.x, a)
        _numeric(data, a=a)
        if data.dtype == "bool" and kind not in ("float", "test", "bits"):
            raise Unmodelled(f"{a.function} of booleans")  # each ufunc treats them its own way
        dtype = data.dtype
        if kind == "float":
            dtype = float_result(dtype)
        elif kind == "test":
            dtype = "bool"
        elif kind == "bits" and is_kind(dtype, "f"):
            raise LibraryError("TypeError", _unsupported("invert"))
        elif kind == "versioned" and not is_kind(dtype, "f"):
            dtype = None
        return data.derived(data.shape, a.origin, dtype=dtype).without_bounds()

    return rule


for _name in _TO_FLOAT:
    library_function(f"numpy.{_name}", f"x, {_UFUNC}")(_unary("float"))
for _name in _SAME:
    library_function(f"numpy.{_name}", f"x, {_UFUNC}",
                     aliases=("numpy.abs",) if _name == "absolute" else ())(_unary("same"))
for _name in _VERSIONED:
    library_function(f"numpy.{_name}", f"x, {_UFUNC}")(_unary("versioned"))
for _name in _TESTS:
    library_function(f"numpy.{_name}", f"x, {_UFUNC}")(_unary("test"))
library_function("numpy.invert", f"x, {_UFUNC}", aliases=("numpy.bitwise_not",))(
    _unary("bits"))


@library_function("numpy.nan_to_num", "x, copy=True, nan=0.0, posinf=None, neginf=None")
def nan_to_num(a: Bound) -> Any:
    if scalar_kind(a.x) is not None:
        return ANY_NUMBER
    data = to_array(a.x, a)
    return data.derived(data.shape, a.origin)


@library_function("numpy.round", "a, decimals=0, out=None", aliases=("numpy.around",),
                  method="self, decimals=0, out=None")
def round_(a: Bound) -> Any:
    if a.out is not None:
        raise Unmodelled("round(out=...)")
    value = a.self if a.function.startswith("ndarray.") else a.a
    if scalar_kind(value) is not None:
        return ANY_NUMBER
    data = to_array(value, a)
    if data.dtype == "bool":
        raise Unmodelled("round of booleans")
    return data.derived(data.shape, a.origin).without_bounds()


@library_function("numpy.copy", "a, order='K', subok=False", method="self, order='C'")
def copy(a: Bound) -> Data:
    data = a.self if a.function.startswith("ndarray.") else array(a, "a")
    return data.derived(data.shape, a.origin)


@library_function("ndarray.astype", "self, dtype, order='K', casting='unsafe', subok=True, "
                  "copy=True")
def astype(a: Bound) -> Data:
    dtype = dtype_name(a.dtype)  # None (unknown): the shape still flows
    data = a.self.derived(a.self.shape, a.origin, dtype=dtype)
    return data.without_bounds() if dtype == "bool" else data  # casts keep small integers


# --- where and clip -----------------------------------------------------------------------------


@library_function("numpy.where", "condition, x=None, y=None, /")
def where(a: Bound) -> Any:
    if (a.x is None) != (a.y is None):
        raise LibraryError("ValueError", "either both or neither of x and y should be given")
    condition = to_array(a.condition, a)
    if a.x is None:  # the indices of the true elements: one 1-D array per axis
        if condition.shape is None:
            raise Unmodelled("np.where of an array of unknown rank")
        if not condition.shape:
            raise LibraryError("ValueError", "Calling nonzero on 0d arrays is not allowed. Use "
                               "np.atleast_1d(scalar).nonzero() instead. If the context of this "
                               "error is of the form `arr[nonzero(cond)]`, just use `arr[cond]`.")
        count = len(condition.shape)
        return tuple(Data(("?",), "int64", a.origin) for _ in range(count))
    x, y = to_array(a.x, a), to_array(a.y, a)
    shape = broadcast([condition.shape, x.shape, y.shape])
    dtype = result_dtype([_weak(a.x, x), _weak(a.y, y)])
    return Data(shape, dtype, a.origin)


@library_function("numpy.clip", "a, a_min=None, a_max=None, out=None, *, min=None, max=None, "
                  "**kwargs", method="self, min=None, max=None, out=None, **kwargs")
def clip(a: Bound) -> Any:
    method = a.function.startswith("ndarray.")
    value = a.self if method else a.a
    low = a.min if method or a.a_min is None else a.a_min
    high = a.max if method or a.a_max is None else a.a_max
    if a.out is not None or a.kwargs or (low is None and high is None):
        raise Unmodelled("clip without bounds or with out=/kwargs")
    if scalar_kind(value) is not None:
        return ANY_NUMBER
    data = to_array(value, a)
    operands = [data] + [b for b in (low, high) if b is not None]
    arrays = [to_array(b, a) for b in operands]
    shape = broadcast([x.shape for x in arrays] if low is not None and high is not None
                      else [arrays[0].shape, arrays[1].shape, ()])
    dtype = result_dtype([_weak(b, x) for b, x in zip(operands, arrays)])
    return Data(shape, dtype, a.origin)


# --- reductions ---------------------------------------------------------------------------------

_REDUCTIONS = {
    # name: (signature after the array, result dtype rule, empty-axis error)
    "sum": ("axis=None, dtype=None, out=None, keepdims=False, initial=None, where=True",
            "accumulate", None),
    "prod": ("axis=None, dtype=None, out=None, keepdims=False, initial=None, where=True",
             "accumulate", None),
    "mean": ("axis=None, dtype=None, out=None, keepdims=False, *, where=True", "float", None),
    "std": ("axis=None, dtype=None, out=None, ddof=0, keepdims=False, *, where=True, "
            "mean=None, correction=None", "float", None),
    "var": ("axis=None, dtype=None, out=None, ddof=0, keepdims=False, *, where=True, "
            "mean=None, correction=None", "float", None),
    "max": ("axis=None, out=None, keepdims=False, initial=None, where=True", "same",
            "zero-size array to reduction operation maximum which has no identity"),
    "min": ("axis=None, out=None, keepdims=False, initial=None, where=True", "same",
            "zero-size array to reduction operation minimum which has no identity"),
    "any": ("axis=None, out=None, keepdims=False, *, where=True", "bool", None),
    "all": ("axis=None, out=None, keepdims=False, *, where=True", "bool", None),
    "argmax": ("axis=None, out=None, *, keepdims=False", "index",
               "attempt to get argmax of an empty sequence"),
    "argmin": ("axis=None, out=None, *, keepdims=False", "index",
               "attempt to get argmin of an empty sequence"),
}


def _reduction(name: str, result: str, empty: str | None):
    def rule(a: Bound) -> Any:
        data = a.self if a.function.startswith("ndarray.") else array(a, "a")
        if a.out is not None or getattr(a, "where", True) is not True or getattr(
                a, "initial", None) is not None or a.keepdims not in (True, False):
            raise Unmodelled(f"{a.function}(out=/where=/initial=)")
        dtype = _reduced_dtype(data.dtype, result, getattr(a, "dtype", None), a)
        if data.shape is None:
            if a.axis is None and not a.keepdims:
                return ANY_NUMBER
            raise Unmodelled(f"{a.function} of an array of unknown rank")
        shape = data.shape
        if result == "index" and isinstance(a.axis, (list, tuple)):
            raise Unmodelled("argmax over several axes")  # numpy's TypeError
        if not shape and a.axis is not None:
            raise Unmodelled("a reduction of a 0-d array along an axis")  # numpy allows 0, -1
        positions = list(range(len(shape))) if a.axis is None else axes(
            a.axis, len(shape), a, "duplicate value in 'axis'")
        if empty is not None and any(shape[p] == 0 for p in positions):
            raise LibraryError("ValueError", empty)
        if a.keepdims:
            new = tuple(1 if i in positions else d for i, d in enumerate(shape))
        else:
            new = tuple(d for i, d in enumerate(shape) if i not in positions)
            if not new:
                return ANY_NUMBER
        out = Data(new, dtype, a.origin)
        if result == "index" and a.axis is not None:
            n = shape[positions[0]]
            if known(n) and n > 0:  # type: ignore[operator]
                out.min_value, out.max_value, out.bounds = 0, n - 1, "uniform"
        return out

    return rule


def _reduced_dtype(dtype: str | None, result: str, requested: Any, a: Bound) -> str | None:
    if requested is not None:
        return dtype_argument(requested, a)
    if result == "index":
        return "int64"
    if result == "bool":
        return "bool"
    if dtype is None:
        return None
    if result == "accumulate" and is_kind(dtype, "bi"):
        return "int64"
    if result == "accumulate" and is_kind(dtype, "u"):
        return "uint64"
    if result == "float":
        return "float64" if is_kind(dtype, "biu") else float_result(dtype)
    return dtype if is_kind(dtype, "biuf") else None


for _name, (_signature, _result, _empty) in _REDUCTIONS.items():
    library_function(f"numpy.{_name}", f"a, {_signature}",
                     aliases=(f"numpy.a{_name}",) if _name in ("max", "min") else (),
                     method=f"self, {_signature}")(_reduction(_name, _result, _empty))

