"""numpy entries that make arrays: literals, filled arrays, random draws, ranges, ``np.load``.

Value bounds are kept where the values make them plain (``values.Data``): literal integers are
"exact", integers drawn from a range "uniform" (every element from the same range).
"""

from __future__ import annotations

import math
from typing import Any

from ..arrays import from_literal, is_int_dtype
from ..values import ANY_NUMBER, Data, as_int
from .catalogue import Bound, LibraryError, Unmodelled, library_function
from .numpy_common import (
    dimension,
    dtype_argument,
    known,
    new_array,
    shape_argument,
    size_of,
    to_array,
)

# --- literals -----------------------------------------------------------------------------------


def _literal(a: Bound, value: Any, dtype: Any) -> Data:
    name = dtype_argument(dtype, a)
    if isinstance(value, Data):
        return value.derived(value.shape, a.origin, dtype=name if dtype is not None
                             else value.dtype)
    data = from_literal(value, a.origin, name)
    if not isinstance(data, Data):
        data = to_array(value, a)  # a Python number: a 0-d array
    if dtype is not None and data.dtype != name:  # the dtype asked for (None: unknown)
        data = data.derived(data.shape, a.origin, dtype=name).without_bounds()
    if data.ragged and name != "object":  # numpy's message counts the regular dimensions
        if dtype is not None and name is None:
            raise Unmodelled("a ragged literal with an unknown dtype")
        raise LibraryError("ValueError", None)
    return data


@library_function("numpy.array", "object, dtype=None, *, copy=True, order='K', subok=False, "
                  "ndmin=0, like=None")
def array(a: Bound) -> Data:
    data = _literal(a, a.object, a.dtype)
    ndmin = as_int(a.ndmin)
    if ndmin is None:
        raise Unmodelled("np.array(ndmin=?)")
    if data.shape is not None and len(data.shape) < ndmin:
        data = data.derived((1,) * (ndmin - len(data.shape)) + data.shape, a.origin)
    return data


@library_function("numpy.asarray", "a, dtype=None, order=None, *, device=None, copy=None, "
                  "like=None", aliases=("numpy.asanyarray", "numpy.ascontiguousarray"))
def asarray(a: Bound) -> Data:
    return _literal(a, a.a, a.dtype)


# --- filled arrays ------------------------------------------------------------------------------


def _scalar_dtype(value: Any) -> str | None:
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, int):
        return "int64"
    if isinstance(value, float):
        return "float64"
    return None


def _constant(data: Data, value: Any) -> Data:
    """An integer array filled with one known value: that value bounds it exactly."""
    if is_int_dtype(data.dtype) and isinstance(value, (int, float)) and value == int(value):
        data.min_value = data.max_value = int(value)
        data.bounds = "uniform"
    return data


def _filled(fill: Any):
    def rule(a: Bound) -> Data:
        shape = shape_argument(a.shape, a)
        dtype = dtype_argument(a.dtype, a, "float64")
        return _constant(new_array(shape, dtype, a), fill)

    return rule


for _name, _fill in (("zeros", 0), ("ones", 1), ("empty", None)):
    library_function(f"numpy.{_name}", "shape, dtype=None, order='C', *, device=None, "
                     "like=None")(_filled(_fill))


@library_function("numpy.full", "shape, fill_value, dtype=None, order='C', *, device=None, "
                  "like=None")
def full(a: Bound) -> Data:
    shape = shape_argument(a.shape, a)
    dtype = dtype_argument(a.dtype, a, _scalar_dtype(a.fill_value))
    if dtype is None:
        raise Unmodelled("np.full of a fill value that is not a known scalar")
    return _constant(new_array(shape, dtype, a), a.fill_value)


def _like(fill: Any):
    def rule(a: Bound) -> Data:
        template = to_array(a.a, a)
        value = a.fill_value if fill == "full" else fill
        dtype = dtype_argument(a.dtype, a, template.dtype)
        shape = template.shape if a.shape is None else shape_argument(a.shape, a)
        return _constant(new_array(shape, dtype, a), value)

    return rule


for _name, _fill in (("zeros_like", 0), ("ones_like", 1), ("empty_like", None)):
    library_function(f"numpy.{_name}", "a, dtype=None, order='K', subok=True, shape=None, *, "
                     "device=None")(_like(_fill))
library_function("numpy.full_like", "a, fill_value, dtype=None, order='K', subok=True, "
                 "shape=None, *, device=None")(_like("full"))


# --- random draws -------------------------------------------------------------------------------


def _draws(a: Bound, size: Any, dtype: str) -> Data | Any:
    """``size=None`` draws one number; otherwise an array of that shape."""
    if size is None:
        return ANY_NUMBER
    return new_array(shape_argument(size, a), dtype, a)


def _uniform_ints(data: Data | Any, low: int, high: int) -> Data | Any:
    """Integers drawn uniformly from [low, high): every element independently."""
    if isinstance(data, Data) and high > low:
        data.min_value, data.max_value, data.bounds = low, high - 1, "uniform"
        data.extra = {**data.extra, "draws": high - low}
    return data


@library_function("numpy.random.rand", "*args", aliases=("numpy.random.randn",))
def rand(a: Bound) -> Data | Any:
    if not a.args:
        return ANY_NUMBER
    return new_array(tuple(dimension(v, a) for v in a.args), "float64", a)


@library_function("numpy.random.random", "size=None", aliases=(
    "numpy.random.random_sample", "numpy.random.ranf", "numpy.random.sample",
    "numpy.random.standard_normal", "Generator.random", "Generator.standard_normal"))
def random(a: Bound) -> Data | Any:
    return _draws(a, a.size, "float64")


@library_function("numpy.random.uniform", "low=0.0, high=1.0, size=None", aliases=(
    "Generator.uniform",))
def uniform(a: Bound) -> Data | Any:
    return _draws(a, a.size, "float64")


@library_function("numpy.random.normal", "loc=0.0, scale=1.0, size=None", aliases=(
    "Generator.normal",))
def normal(a: Bound) -> Data | Any:
    return _draws(a, a.size, "float64")


def _int_range(a: Bound, draws: Data | Any) -> tuple[int, int]:
    low, high = as_int(a.low), as_int(a.high)
    if a.high is None:
        low, high = 0, low
    if low is None or high is None:
        raise Unmodelled(f"{a.function} of an unknown range")
    count = size_of(draws.shape) if isinstance(draws, Data) else 1
    if low >= high and count != 0:  # no draws at all is no error
        if not known(count):
            raise Unmodelled(f"{a.function} of an empty range, perhaps no draws")
        if a.function.startswith("Generator."):
            raise Unmodelled("integers() of an empty range")  # worded per generator
        raise LibraryError("ValueError", "high <= 0" if a.high is None else "low >= high")
    return low, high


@library_function("numpy.random.randint", "low, high=None, size=None, dtype=None")
def randint(a: Bound) -> Data | Any:
    draws = _draws(a, a.size, dtype_argument(a.dtype, a, "int64"))
    low, high = _int_range(a, draws)
    return _uniform_ints(draws, low, high)


@library_function("Generator.integers", "low, high=None, size=None, dtype='int64', "
                  "endpoint=False")
def integers(a: Bound) -> Data | Any:
    if a.endpoint is not False:
        raise Unmodelled("integers(endpoint=...)")
    draws = _draws(a, a.size, dtype_argument(a.dtype, a, "int64"))
    low, high = _int_range(a, draws)
    return _uniform_ints(draws, low, high)


_EMPTY_CHOICE = {  # (a generator's method, drawn from range(n)): the message
    (False, True): "a must be greater than 0 unless no samples are taken",
    (False, False): "'a' cannot be empty unless no samples are taken",
    (True, True): "a must be a positive integer unless no samples are taken",
    (True, False): "a cannot be empty unless no samples are taken",
}


@library_function("numpy.random.choice", "a, size=None, replace=True, p=None", aliases=(
    "Generator.choice",))
def choice(a: Bound) -> Data | Any:
    """``choice(n, size)`` draws from range(n); ``choice(seq, size)`` from a 1-D sequence."""
    n = as_int(a.a)
    if n is None or isinstance(a.a, bool):
        population = to_array(a.a, a)
        if population.shape is None or len(population.shape) != 1:
            raise Unmodelled("choice from an array that is not known to be 1-D")
        n = population.shape[0]
        dtype, bounds = population.dtype, population
    else:
        dtype, bounds = "int64", None
    generator = a.function.startswith("Generator.")
    if n == 0 and a.size is not None:
        raise LibraryError("ValueError", _EMPTY_CHOICE[generator, bounds is None])
    result = _draws(a, a.size, dtype)  # type: ignore[arg-type]
    if isinstance(result, Data) and a.replace is False and isinstance(n, int):
        total = 1
        for d in result.shape:  # type: ignore[union-attr]
            total = total * d if isinstance(d, int) else -1
        if total > n:
            raise LibraryError("ValueError", "Cannot take a larger sample than population when "
                               + ("replace is False" if generator else "'replace=False'"))
    if not isinstance(result, Data):
        return result
    if bounds is None:
        return _uniform_ints(result, 0, n) if isinstance(n, int) else result
    if bounds.bounds == "exact" and bounds.max_value is not None:
        result.min_value, result.max_value, result.bounds = (
            bounds.min_value, bounds.max_value, "uniform")
    return result


@library_function("numpy.random.permutation", "x", aliases=("Generator.permutation",))
def permutation(a: Bound) -> Data:
    n = as_int(a.x)
    if n is not None and not isinstance(a.x, bool):
        return _uniform_ints(new_array((dimension(n, a),), "int64", a), 0, n)
    data = to_array(a.x, a)
    if data.shape == ():
        raise Unmodelled("permutation of a 0-d array")
    return data.derived(data.shape, a.origin)


# --- ranges -------------------------------------------------------------------------------------


@library_function("numpy.arange", "*args, start=None, stop=None, step=None, dtype=None, "
                  "device=None, like=None")
def arange(a: Bound) -> Data:
    values = list(a.args)
    if len(values) > 3:
        raise Unmodelled("arange with more than 3 positional arguments")
    if not values:
        values = [0 if a.start is None else a.start, a.stop]
    elif len(values) == 1 and a.stop is not None:
        values.append(a.stop)
    if len(values) == 1:
        values = [0, values[0]]
    if len(values) == 2:
        values.append(1 if a.step is None else a.step)
    start, stop, step = values
    if not all(isinstance(v, (int, float)) for v in values):
        raise Unmodelled("arange of unknown bounds")
    if step == 0:  # numpy divides (stop - start) by step in Python first
        floats = any(isinstance(v, float) for v in values)
        raise LibraryError("ZeroDivisionError", "float division by zero" if floats
                           else "division by zero")
    n = max(0, math.ceil((stop - start) / step))
    if n > 2**40:
        raise Unmodelled("arange too long to be data")
    integral = all(isinstance(v, int) for v in values)
    data = new_array((n,), dtype_argument(a.dtype, a, "int64" if integral else "float64"), a)
    if integral and n and is_int_dtype(data.dtype):
        last = start + (n - 1) * step
        data.min_value, data.max_value, data.bounds = min(start, last), max(start, last), "exact"
    return data


@library_function("numpy.linspace", "start, stop, num=50, endpoint=True, retstep=False, "
                  "dtype=None, axis=0, *, device=None")
def linspace(a: Bound) -> Data:
    if a.retstep is not False:
        raise Unmodelled("linspace(retstep=...)")
    num = as_int(a.num)
    if num is not None and num < 0:
        raise LibraryError("ValueError", f"Number of samples, {num}, must be non-negative.")
    if not all(isinstance(v, (int, float)) for v in (a.start, a.stop)):
        raise Unmodelled("linspace of array or unknown bounds")
    return new_array((dimension(a.num, a),), dtype_argument(a.dtype, a, "float64"), a)


@library_function("numpy.eye", "N, M=None, k=0, dtype=None, order='C', *, device=None, "
                  "like=None")
def eye(a: Bound) -> Data:
    n = dimension(a.N, a)
    m = n if a.M is None else dimension(a.M, a)
    data = new_array((n, m), dtype_argument(a.dtype, a, "float64"), a)
    return data


@library_function("numpy.identity", "n, dtype=None, *, like=None")
def identity(a: Bound) -> Data:
    n = dimension(a.n, a)
    return new_array((n, n), dtype_argument(a.dtype, a, "float64"), a)


# --- files --------------------------------------------------------------------------------------


@library_function("numpy.load", "file, mmap_mode=None, allow_pickle=False, fix_imports=True, "
                  "encoding='ASCII', *, max_header_size=10000")
def load(a: Bound) -> Data:
    """An array whose shape and dtype are in the file: unknown rank, unknown dtype. Only a
    path that names a ``.npy`` file is an array (a ``.npz`` archive is a mapping)."""
    if not isinstance(a.file, str) or not a.file.lower().endswith(".npy"):
        raise Unmodelled("np.load of a file that may not be an array")
    return new_array(None, None, a)

