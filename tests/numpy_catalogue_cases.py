"""Calls of catalogued numpy functions for tests/test_numpy_catalogue.py: hand-picked cases and a
seeded random grid per family. A case names a catalogue entry and its arguments; an array
argument is an :class:`Arr` (a shape and dtype, and its values when they matter: index arrays),
made a real array for numpy and a ``values.Data`` for layerlint."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Arr:
    shape: tuple[int, ...]
    dtype: str = "float64"
    values: tuple | None = None  # flat values (index arrays, masks); else 0, 1, 2, ...


@dataclass
class Case:
    name: str  # catalogue entry: "numpy.reshape", "ndarray.reshape", "ndarray.T"
    args: tuple = ()
    kwargs: dict[str, Any] = field(default_factory=dict)

    def __str__(self) -> str:
        args = ", ".join([repr(a) for a in self.args]
                         + [f"{k}={v!r}" for k, v in self.kwargs.items()])
        return f"{self.name}({args})"


DTYPES = ("float64", "float32", "float16", "int64", "int32", "int8", "uint8", "uint16", "bool")


def _shape(rng: random.Random, low: int = 0, high: int = 4, small: int = 0) -> tuple[int, ...]:
    return tuple(rng.randint(small, 5) for _ in range(rng.randint(low, high)))


def _arr(rng: random.Random, low: int = 0, high: int = 4, small: int = 1) -> Arr:
    return Arr(_shape(rng, low, high, small), rng.choice(DTYPES))


def _axis(rng: random.Random, ndim: int) -> int:
    return rng.randint(-ndim - 1, ndim)


# --- hand-picked cases --------------------------------------------------------------------------

X = Arr((10, 3))
IMG = Arr((6, 32, 32))
HAND: list[Case] = [
    Case("numpy.array", ([[1, 2, 3], [4, 5, 6]],)),
    Case("numpy.array", ([[1.0, 2], [3, 4]],)),
    Case("numpy.array", ([[True, False]],)),
    Case("numpy.array", ([[1, 2], [3, 4]],), {"dtype": "float32"}),
    Case("numpy.array", ([[1, 2, 3], [4, 5]],)),  # ragged: ValueError
    Case("numpy.array", ([[1, 2, 3], [4, 5]],), {"dtype": "object"}),
    Case("numpy.array", ([1, 2],), {"ndmin": 3}),
    Case("numpy.array", ([Arr((2, 3)), Arr((2, 3))],)),
    Case("numpy.asarray", (Arr((4, 2), "int32"),), {"dtype": "float32"}),
    Case("numpy.zeros", ((32, 28, 28),)),
    Case("numpy.zeros", ((3, -1),)),
    Case("numpy.ones", (7,), {"dtype": "int32"}),
    Case("numpy.full", ((2, 5), 7)),
    Case("numpy.full", ((2, 5), 0.5)),
    Case("numpy.full_like", (Arr((3, 2), "int8"), 4)),
    Case("numpy.zeros_like", (Arr((3, 2)),), {"shape": (4, 1)}),
    Case("numpy.random.rand", (100, 10)),
    Case("numpy.random.rand", ()),
    Case("numpy.random.randn", (4, 3, 2)),
    Case("numpy.random.rand", (-1,)),
    Case("numpy.random.random", ((5, 7),)),
    Case("numpy.random.randint", (0, 10), {"size": (8, 4)}),
    Case("numpy.random.randint", (5,), {"size": 12}),
    Case("numpy.random.randint", (5, 3)),
    Case("numpy.random.randint", (0,)),
    Case("numpy.random.randint", (3, 9, (2, 2)), {"dtype": "int32"}),
    Case("numpy.random.uniform", (-1, 1), {"size": (10, 2)}),
    Case("numpy.random.normal", (0.0, 1.0, (10, 2, 2))),
    Case("numpy.random.choice", (4,), {"size": (6, 1)}),
    Case("numpy.random.choice", ([1.5, 2.5],), {"size": 3}),
    Case("numpy.random.choice", (5, 10), {"replace": False}),
    Case("numpy.random.choice", ([], 3)),
    Case("numpy.random.permutation", (7,)),
    Case("Generator.random", ((10, 3),)),
    Case("Generator.integers", (0, 5), {"size": (10,)}),
    Case("Generator.normal", (0, 1), {"size": (4, 2)}),
    Case("numpy.arange", (12,)),
    Case("numpy.arange", (2, 20, 3)),
    Case("numpy.arange", (0.0, 1.0, 0.25)),
    Case("numpy.arange", (0, 10, 0)),
    Case("numpy.arange", (10, 0, -3)),
    Case("numpy.linspace", (0, 1, 11)),
    Case("numpy.linspace", (0, 1, -1)),
    Case("numpy.eye", (3,)),
    Case("numpy.eye", (3, 5), {"dtype": "int32"}),
    Case("numpy.identity", (4,)),
    Case("ndarray.reshape", (X, 7, -1)),
    Case("ndarray.reshape", (X, 7, 5)),
    Case("ndarray.reshape", (X, -1, -1)),
    Case("ndarray.reshape", (X, (5, 2, 3))),
    Case("ndarray.reshape", (X, 30)),
    Case("ndarray.reshape", (X, 7)),
    Case("numpy.reshape", (X, (-1, 1))),
    Case("ndarray.reshape", (IMG, -1, 32, 32, 1)),
    Case("ndarray.reshape", (Arr((0, 3)), -1, 0)),
    Case("ndarray.flatten", (IMG,)),
    Case("numpy.ravel", (IMG,)),
    Case("numpy.expand_dims", (X, -1)),
    Case("numpy.expand_dims", (X, 3)),
    Case("numpy.expand_dims", (X, (0, 0))),
    Case("numpy.expand_dims", (X, (0, 3))),
    Case("ndarray.squeeze", (Arr((6, 1, 4)),), {"axis": 1}),
    Case("ndarray.squeeze", (X, 0)),
    Case("numpy.squeeze", (Arr((1, 3, 1)),)),
    Case("numpy.squeeze", (X,), {"axis": (0, 0)}),
    Case("ndarray.transpose", (Arr((2, 3, 4)), 0, 2, 1)),
    Case("ndarray.transpose", (Arr((2, 3, 4)), (2, 0, 1))),
    Case("ndarray.transpose", (X, 0, 0)),
    Case("ndarray.transpose", (X, 0)),
    Case("ndarray.T", (Arr((2, 3, 4)),)),
    Case("numpy.swapaxes", (X, 2, 0)),
    Case("ndarray.swapaxes", (X, 0, 2)),
    Case("numpy.moveaxis", (Arr((2, 3, 4)), 0, -1)),
    Case("numpy.moveaxis", (X, [0, 1], [0, 0])),
    Case("numpy.moveaxis", (X, [0], [0, 1])),
    Case("numpy.concatenate", ([X, Arr((4, 3))],)),
    Case("numpy.concatenate", ([X, Arr((4, 5))],)),
    Case("numpy.concatenate", ([X, Arr((3,))],)),
    Case("numpy.concatenate", ([X, X],), {"axis": 2}),
    Case("numpy.concatenate", ([X, X],), {"axis": None}),
    Case("numpy.concatenate", ([],)),
    Case("numpy.stack", ([X, X],), {"axis": -1}),
    Case("numpy.stack", ([X, Arr((4, 3))],)),
    Case("numpy.stack", ([X, X],), {"axis": 3}),
    Case("numpy.vstack", ([Arr((4,)), Arr((4,))],)),
    Case("numpy.vstack", ([X, Arr((4, 5))],)),
    Case("numpy.hstack", ([Arr((2, 3)), Arr((2, 1))],)),
    Case("numpy.hstack", ([Arr((2,)), Arr((3,))],)),
    Case("numpy.column_stack", ([Arr((5,)), Arr((5, 2))],)),
    Case("numpy.dstack", ([Arr((4,)), Arr((4,))],)),
    Case("numpy.dstack", ([X, Arr((4, 5))],)),
    Case("numpy.split", (X, 2)),
    Case("numpy.split", (X, 3)),
    Case("numpy.split", (X, [2, 5]), {"axis": 0}),
    Case("numpy.split", (X, 3), {"axis": 2}),
    Case("numpy.repeat", (X, 2)),
    Case("numpy.repeat", (X, 2), {"axis": 1}),
    Case("numpy.repeat", (X, [1, 2])),
    Case("numpy.repeat", (X, [1, 2, 3]), {"axis": 1}),
    Case("numpy.tile", (X, (2, 1, 3))),
    Case("numpy.tile", (X, -1)),
    Case("numpy.pad", (X, 1)),
    Case("numpy.pad", (X, ((1, 2), (0, 0)))),
    Case("numpy.pad", (X, ((1, 1), (1, 1), (1, 1)))),
    Case("numpy.pad", (X, -1)),
    Case("numpy.pad", (IMG, ((0, 0), (2, 2), (2, 2))), {"mode": "reflect"}),
    Case("ndarray.__getitem__", (X, slice(None, 8))),
    Case("ndarray.__getitem__", (X, (slice(None), slice(None, -1)))),
    Case("ndarray.__getitem__", (X, (Ellipsis, None))),
    Case("ndarray.__getitem__", (X, (slice(None), None))),
    Case("ndarray.__getitem__", (X, 10)),
    Case("ndarray.__getitem__", (X, (0, 0, 0))),
    Case("ndarray.__getitem__", (X, (Ellipsis, Ellipsis))),
    Case("ndarray.__getitem__", (X, [0, 2])),
    Case("ndarray.__getitem__", (X, [0, 11])),
    Case("ndarray.__getitem__", (X, (slice(None), [0, 1], None))),
    Case("ndarray.__getitem__", (X, (0, [0, 1]))),
    Case("ndarray.__getitem__", (X, [True, False, True])),
    Case("ndarray.__getitem__", (Arr((3, 3)), [True, False, True])),
    Case("ndarray.__getitem__", (Arr((10, 10)), Arr((50,), "int64", tuple(range(10)) * 5))),
    Case("ndarray.__getitem__", (Arr((9, 9)), Arr((50,), "int64", tuple(range(10)) * 5))),
    Case("ndarray.__getitem__", (Arr((4, 5, 6)), (Arr((2,), "int64", (0, 1)), slice(None),
                                                    Arr((2,), "int64", (1, 2))))),
    Case("ndarray.astype", (X, "float32")),
    Case("ndarray.astype", (Arr((3,), "int32"), "bool")),
    Case("numpy.add", (X, Arr((4, 3)))),
    Case("numpy.add", (X, Arr((2, 10, 1)))),
    Case("numpy.true_divide", (Arr((6, 4), "int64"), 255)),
    Case("numpy.multiply", (Arr((6, 4), "int64"), 2)),
    Case("numpy.subtract", (Arr((3,), "bool"), Arr((3,), "bool"))),
    Case("numpy.greater", (X, 0.5)),
    Case("numpy.sum", (X,), {"axis": 1, "keepdims": True}),
    Case("numpy.mean", (X,)),
    Case("ndarray.mean", (X,), {"axis": 0}),
    Case("ndarray.sum", (X,), {"axis": 2}),
    Case("numpy.max", (Arr((0, 3)),), {"axis": 0}),
    Case("numpy.argmax", (X,), {"axis": -1}),
    Case("ndarray.argmax", (Arr((0, 3)),), {"axis": 0}),
    Case("numpy.where", (Arr((10, 3), "bool"), X, Arr((4, 3)))),
    Case("numpy.where", (Arr((10, 3), "bool"), 1, 0)),
    Case("numpy.where", (Arr((10, 3), "bool"),)),
    Case("numpy.clip", (Arr((6,), "int64"), 1, 4)),
    Case("numpy.clip", (X, Arr((4, 3)), 1)),
    Case("ndarray.clip", (X, 0, 1)),
    Case("numpy.exp", (Arr((3,), "int8"),)),
    Case("numpy.log1p", (X,)),
    Case("numpy.round", (X, 2)),
    Case("numpy.abs", (Arr((2, 2), "int32"),)),
    Case("numpy.floor", (X,)),
    Case("ndarray.shape", (X,)),
    Case("ndarray.ndim", (IMG,)),
    Case("ndarray.size", (IMG,)),
    Case("ndarray.dtype", (Arr((2,), "int8"),)),
    Case("numpy.lib.stride_tricks.sliding_window_view", (Arr((20, 3)), 5), {"axis": 0}),
    Case("numpy.matmul", (Arr((2, 3)), Arr((3, 4)))),
    Case("numpy.matmul", (Arr((2, 3)), Arr((2, 3)))),
    Case("numpy.matmul", (Arr((5, 2, 3)), Arr((4, 3, 2)))),
    Case("numpy.matmul", (Arr((3,)), Arr((3,)))),
    Case("numpy.matmul", (Arr(()), Arr((3,)))),
    Case("numpy.dot", (Arr((2, 3)), Arr((2, 3)))),
    Case("numpy.dot", (Arr((2, 3, 4)), Arr((5, 4, 6)))),
    Case("ndarray.dot", (Arr((2, 3), "int32"), 2)),
    Case("numpy.diff", (Arr((2, 3)),), {"n": 4}),
    Case("numpy.diff", (Arr(()),)),
    Case("numpy.unique", (Arr((2, 3)),)),
    Case("numpy.atleast_2d", (Arr((3,)), Arr(()))),
]


# --- the seeded random grid ---------------------------------------------------------------------


def _nested(rng: random.Random, shape: tuple[int, ...], kind: str) -> Any:
    if not shape:
        return {"int": rng.randint(-3, 9), "float": rng.random(), "bool": rng.random() < 0.5}[kind]
    return [_nested(rng, shape[1:], kind) for _ in range(shape[0])]


def creation(rng: random.Random) -> Case:
    kind = rng.randrange(12)
    shape = _shape(rng, 0, 3)
    dtype = rng.choice((None, "float32", "int32", "uint8", "bool"))
    kw = {} if dtype is None else {"dtype": dtype}
    if kind == 0:
        return Case(f"numpy.{rng.choice(('zeros', 'ones', 'empty'))}", (shape,), kw)
    if kind == 1:
        return Case("numpy.full", (shape, rng.choice((3, -1, 0.5, True))), kw)
    if kind == 2:
        name = rng.choice(("zeros_like", "ones_like", "empty_like"))
        return Case(f"numpy.{name}", (_arr(rng),), kw)
    if kind == 3:
        leaves = rng.choice(("int", "float", "bool"))
        value = _nested(rng, _shape(rng, 0, 3, 1), leaves)
        if isinstance(value, list) and value and rng.random() < 0.15:
            value = value + [[0]]  # ragged
        extra = {"ndmin": rng.randint(0, 4)} if rng.random() < 0.3 else {}
        return Case(rng.choice(("numpy.array", "numpy.asarray", "numpy.asanyarray",
                                "numpy.ascontiguousarray")) if not extra else "numpy.array",
                    (value,), {**kw, **extra})
    if kind == 4:
        return Case(rng.choice(("numpy.random.rand", "numpy.random.randn")),
                    tuple(rng.randint(-1, 5) for _ in range(rng.randint(0, 3))))
    if kind == 5:
        size = rng.choice((None, rng.randint(0, 5), shape))
        name = rng.choice(("numpy.random.random", "numpy.random.random_sample",
                           "numpy.random.ranf", "numpy.random.sample",
                           "numpy.random.standard_normal", "numpy.random.uniform",
                           "numpy.random.normal", "Generator.random", "Generator.normal",
                           "Generator.standard_normal", "Generator.uniform"))
        return Case(name, (), {"size": size})
    if kind == 6:
        low, high = rng.randint(-3, 5), rng.choice((None, rng.randint(-3, 9)))
        size = rng.choice((None, rng.randint(0, 5), shape))
        name = rng.choice(("numpy.random.randint", "Generator.integers"))
        extra = {"dtype": rng.choice(("int32", "uint8", "int64"))} if rng.random() < 0.3 else {}
        return Case(name, (low, high, size), extra)
    if kind == 7:
        population = rng.choice((rng.randint(0, 6), [1, 2, 3], [0.5, 1.5]))
        return Case(rng.choice(("numpy.random.choice", "Generator.choice")), (population,),
                    {"size": rng.choice((None, rng.randint(0, 6), shape)),
                     "replace": rng.random() < 0.7})
    if kind == 8:
        values = [rng.choice((rng.randint(-5, 12), rng.randint(-5, 12) / 2)) for _ in
                  range(rng.randint(1, 3))]
        if rng.random() < 0.2:
            values.append(0)
        return Case("numpy.arange", tuple(values), {"dtype": dtype} if dtype not in (
            None, "bool") and rng.random() < 0.3 else {})
    if kind == 9:
        return Case("numpy.linspace", (rng.randint(-2, 2), rng.random() * 5, rng.randint(-1, 20)),
                    {"dtype": dtype} if dtype not in (None, "bool") else {})
    if kind == 10:
        return Case("numpy.eye", (rng.randint(0, 6), rng.choice((None, rng.randint(0, 6)))), kw)
    return Case(rng.choice(("numpy.random.permutation", "Generator.permutation")),
                (rng.choice((rng.randint(0, 6), _arr(rng, 1, 3))),))


def _factor_target(rng: random.Random, size: int) -> list[int]:
    target = []
    rest = size
    for _ in range(rng.randint(0, 3)):
        divisors = [d for d in range(1, rest + 1) if rest % d == 0] if rest else [0, 1, 2]
        d = rng.choice(divisors)
        target.append(d)
        rest = rest // d if d else 0
    target.append(rest)
    rng.shuffle(target)
    if rng.random() < 0.5:
        target[rng.randrange(len(target))] = -1
    if rng.random() < 0.15:
        target[rng.randrange(len(target))] += 1  # a size that does not fit
    return target


def shaping(rng: random.Random) -> Case:
    kind = rng.randrange(10)
    x = _arr(rng, 1, 4)
    ndim = len(x.shape)
    if kind == 0:
        size = 1
        for d in x.shape:
            size *= d
        target = _factor_target(rng, size)
        if rng.random() < 0.5:
            return Case("ndarray.reshape", (x, *target))
        return Case(rng.choice(("ndarray.reshape", "numpy.reshape")), (x, tuple(target)))
    if kind == 1:
        return Case(rng.choice(("numpy.ravel", "ndarray.ravel", "ndarray.flatten")), (x,))
    if kind == 2:
        ax: Any = _axis(rng, ndim + 1)
        if rng.random() < 0.3:
            ax = (ax, _axis(rng, ndim + 1))
        return Case("numpy.expand_dims", (x, ax))
    if kind == 3:
        x = Arr(tuple(rng.choice((1, d)) for d in x.shape), x.dtype)
        ax = rng.choice((None, _axis(rng, ndim), (_axis(rng, ndim), _axis(rng, ndim))))
        return Case(rng.choice(("numpy.squeeze", "ndarray.squeeze")), (x,), {"axis": ax})
    if kind == 4:
        order = list(range(ndim))
        rng.shuffle(order)
        if rng.random() < 0.2:
            order = order[:-1] or [0, 0]
        if rng.random() < 0.5:
            return Case("numpy.transpose", (x,), {"axes": tuple(order)})
        return Case(rng.choice(("ndarray.transpose", "ndarray.T")),
                    (x, *order) if rng.random() < 0.5 else (x,))
    if kind == 5:
        return Case(rng.choice(("numpy.swapaxes", "ndarray.swapaxes")),
                    (x, _axis(rng, ndim), _axis(rng, ndim)))
    if kind == 6:
        return Case("numpy.moveaxis", (x, _axis(rng, ndim), _axis(rng, ndim)))
    if kind == 7:
        count = rng.choice((rng.randint(1, 4), [rng.randint(0, 5) for _ in range(rng.randint(1, 3))]))
        extra = {"axis": _axis(rng, ndim)} if rng.random() < 0.6 else {}
        return Case(rng.choice(("numpy.repeat", "ndarray.repeat")), (x, count), extra)
    if kind == 8:
        reps = rng.choice((rng.randint(0, 3), tuple(rng.randint(0, 3) for _ in range(
            rng.randint(1, 4)))))
        return Case("numpy.tile", (x, reps))
    width = rng.choice((rng.randint(0, 2), (rng.randint(0, 2), rng.randint(0, 2)),
                        tuple((rng.randint(0, 2), rng.randint(0, 2)) for _ in range(
                            rng.choice((ndim, ndim, ndim + 1))))))
    return Case("numpy.pad", (x, width), {"mode": rng.choice(("constant", "edge", "wrap"))})


def joining(rng: random.Random) -> Case:
    kind = rng.randrange(5)
    base = _shape(rng, 0, 3, 1)
    arrays = []
    for _ in range(rng.randint(1, 3)):
        shape = list(base)
        if shape and rng.random() < 0.6:
            i = rng.randrange(len(shape))
            shape[i] = rng.randint(1, 5)
        if rng.random() < 0.1:
            shape = shape[:-1]
        arrays.append(Arr(tuple(shape), rng.choice(DTYPES)))
    if kind == 0:
        return Case(rng.choice(("numpy.concatenate", "numpy.concat")), (arrays,), {"axis": rng.choice(
            (0, 1, -1, None, len(base)))})
    if kind == 1:
        return Case("numpy.stack", (arrays,), {"axis": _axis(rng, len(base) + 1)})
    if kind == 2:
        return Case(rng.choice(("numpy.vstack", "numpy.row_stack", "numpy.hstack",
                                "numpy.column_stack", "numpy.dstack")), (arrays,))
    x = arrays[0]
    if not x.shape:
        x = Arr((rng.randint(1, 6),), x.dtype)
    if kind == 3:
        sections: Any = rng.choice((rng.randint(1, 4), sorted(rng.randint(-2, 6) for _ in range(2))))
        return Case("numpy.split", (x, sections), {"axis": _axis(rng, len(x.shape))})
    window = rng.randint(1, 3)
    return Case("numpy.lib.stride_tricks.sliding_window_view", (x, window), {"axis": 0})


def _broadcastable(rng: random.Random) -> tuple[tuple[int, ...], tuple[int, ...]]:
    a = _shape(rng, 0, 3, 1)
    b = list(a[rng.randint(0, len(a)):])
    b = [rng.choice((d, 1, d, rng.randint(1, 5))) for d in b]
    if rng.random() < 0.3:
        b = [rng.randint(1, 4)] + b
    return (a, tuple(b)) if rng.random() < 0.5 else (tuple(b), a)


def _operand(rng: random.Random, shape: tuple[int, ...]) -> Any:
    roll = rng.random()
    if roll < 0.15:
        return rng.choice((2, 0.5, True, 300, -1))
    if roll < 0.22 and shape:
        return [1.0] * shape[-1]
    return Arr(shape, rng.choice(DTYPES))


UFUNCS = ("add", "subtract", "multiply", "true_divide", "divide", "floor_divide", "remainder",
          "mod", "power", "maximum", "minimum", "greater", "greater_equal", "less", "less_equal",
          "equal", "not_equal", "logical_and", "logical_or", "bitwise_and", "bitwise_or",
          "bitwise_xor")
UNARY = ("exp", "expm1", "log", "log1p", "log2", "log10", "sqrt", "sin", "cos", "tan", "tanh",
         "arctan", "rint", "absolute", "abs", "negative", "square", "sign", "floor", "ceil",
         "trunc", "round", "around", "copy", "isnan", "isinf", "isfinite", "nan_to_num", "invert", "bitwise_not")
REDUCTIONS = ("sum", "prod", "mean", "std", "var", "max", "amax", "min", "amin", "any", "all",
              "argmax", "argmin")


def computing(rng: random.Random) -> Case:
    kind = rng.randrange(6)
    if kind == 0:
        a, b = _broadcastable(rng)
        return Case(f"numpy.{rng.choice(UFUNCS)}", (_operand(rng, a), _operand(rng, b)))
    if kind == 1:
        name = rng.choice(UNARY)
        owner = "ndarray" if name in ("round", "copy") and rng.random() < 0.5 else "numpy"
        return Case(f"{owner}.{name}", (rng.choice((_arr(rng), 2.0)) if owner == "numpy"
                                        else _arr(rng),))
    if kind == 2:
        x = _arr(rng, 0, 3, 0)
        ndim = len(x.shape)
        name = rng.choice(REDUCTIONS)
        ax: Any = rng.choice((None, _axis(rng, ndim), (0, _axis(rng, ndim))))
        kw = {"axis": ax}
        if rng.random() < 0.4:
            kw["keepdims"] = rng.random() < 0.5
        owner = "numpy" if name.startswith("am") or rng.random() < 0.5 else "ndarray"
        return Case(f"{owner}.{name}", (x,), kw)
    if kind == 3:
        a, b = _broadcastable(rng)
        if rng.random() < 0.2:
            return Case("numpy.where", (Arr(a, "bool"),))
        return Case("numpy.where", (Arr(a, "bool"), _operand(rng, b), _operand(rng, a)))
    if kind == 4:
        a, b = _broadcastable(rng)
        x = Arr(a, rng.choice(DTYPES[:-1]))
        low = rng.choice((0, 0.5, Arr(b, rng.choice(DTYPES[:-1]))))
        if rng.random() < 0.5:
            return Case("numpy.clip", (x, low, 3))
        return Case("ndarray.clip", (x, low, 3))
    return Case(rng.choice(("ndarray.astype", "numpy.asarray")), (_arr(rng), rng.choice(
        ("float32", "int32", "uint8", "bool", "float16"))))


def indexing(rng: random.Random) -> Case:
    x = _arr(rng, 1, 3, 1)
    key: list[Any] = []
    for d in x.shape:
        roll = rng.random()
        if roll < 0.3:
            key.append(slice(rng.choice((None, rng.randint(-6, 6))), rng.choice(
                (None, rng.randint(-6, 6))), rng.choice((None, None, rng.choice((-2, -1, 2))))))
        elif roll < 0.5:
            key.append(rng.randint(-d - 1, d))
        elif roll < 0.6:
            key.append(None)
        elif roll < 0.75:
            values = tuple(rng.randint(-d, d) for _ in range(rng.randint(1, 4)))
            key.append(list(values) if rng.random() < 0.5 else Arr((len(values),), "int64",
                                                                      values))
        elif roll < 0.85:
            key.append([rng.random() < 0.5 for _ in range(rng.choice((d, d, d + 1)))])
        else:
            key.append(slice(None))
    if rng.random() < 0.2:
        key.insert(rng.randint(0, len(key)), Ellipsis)
    if rng.random() < 0.1:
        key.append(0)
    key = key[: rng.randint(1, len(key))] if len(key) > 1 else key
    return Case("ndarray.__getitem__", (x, tuple(key) if len(key) > 1 else key[0]))


def _every_name() -> list[Case]:
    """One plain call of every element-wise function and reduction, in each form."""
    cases = [Case(f"numpy.{name}", (Arr((2, 3), "int32"), Arr((3,)))) for name in UFUNCS]
    cases += [Case(f"numpy.{name}", (Arr((2, 3), "float32"),)) for name in UNARY]
    cases += [Case(f"{owner}.{name}", (Arr((4, 3), "int16"),), {"axis": 0})
              for name in REDUCTIONS for owner in ("numpy", "ndarray")
              if not (owner == "ndarray" and name.startswith("am"))]
    cases += [Case(f"ndarray.{name}", (Arr((2, 3), "float32"),)) for name in ("round", "copy")]
    cases += [Case(f"numpy.{name}", ([[1, 2], [3, 4]],)) for name in (
        "asanyarray", "ascontiguousarray")]
    cases += [Case(f"numpy.random.{name}", ((2, 3),)) for name in (
        "ranf", "sample", "standard_normal", "random_sample")]
    return cases


HAND += _every_name()

def _matmul_shapes(rng: random.Random) -> tuple[tuple[int, ...], tuple[int, ...]]:
    n, k, m = rng.randint(1, 4), rng.randint(1, 4), rng.randint(1, 4)
    batch = _shape(rng, 0, 2, 1)
    left = (*batch[rng.randint(0, len(batch)):], n, k)
    right = (*batch, rng.choice((k, k, k, rng.randint(1, 4))), m)
    if rng.random() < 0.25:
        left = left[-1:]
    if rng.random() < 0.25:
        right = right[-2:-1]
    if rng.random() < 0.05:
        left = ()
    return left, right


def along(rng: random.Random) -> Case:
    kind = rng.randrange(9)
    x = _arr(rng, 0, 3, 0)
    ndim = len(x.shape)
    ax = rng.choice((None, _axis(rng, ndim), -1))
    if kind == 0:
        return Case(rng.choice(("numpy.sort", "numpy.argsort", "ndarray.argsort")), (x,),
                    {"axis": ax})
    if kind == 1:
        if rng.random() < 0.5:
            return Case("numpy.flip", (x,), {"axis": ax})
        return Case("numpy.roll", (x, 1), {"axis": ax})
    if kind == 2:
        name = rng.choice(("cumsum", "cumprod"))
        return Case(f"{rng.choice(('numpy', 'ndarray'))}.{name}", (x,), {"axis": ax})
    if kind == 3:
        return Case("numpy.diff", (x,), {"n": rng.randint(-1, 3), "axis": _axis(rng, ndim)})
    if kind == 4:
        return Case("numpy.unique", (x,))
    if kind == 5:
        return Case(rng.choice(("numpy.nonzero", "ndarray.nonzero", "numpy.argwhere")), (x,))
    if kind == 6:
        return Case(f"numpy.atleast_{rng.randint(1, 3)}d",
                    tuple(_arr(rng, 0, 3) for _ in range(rng.randint(1, 2))))
    if kind == 7:
        left, right = _matmul_shapes(rng)
        return Case("numpy.matmul", (Arr(left, rng.choice(DTYPES)), Arr(right, rng.choice(
            DTYPES))))
    left, right = _matmul_shapes(rng)
    if rng.random() < 0.3:
        right = (*_shape(rng, 0, 1, 1), *right)
    operand: Any = rng.choice((Arr(right, rng.choice(DTYPES)), 2, 0.5))
    return Case(rng.choice(("numpy.dot", "ndarray.dot")), (Arr(left, rng.choice(DTYPES)),
                                                            operand))


GENERATORS = {"creation": creation, "shaping": shaping, "joining": joining,
              "computing": computing, "indexing": indexing, "along": along}


def grid(family: str, count: int, seed: int = 0) -> list[Case]:
    rng = random.Random(f"{family}-{seed}")
    return [GENERATORS[family](rng) for _ in range(count)]
