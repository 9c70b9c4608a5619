"""The values the front end computes with while reading a script.

Plain Python values (int, float, str, bool, None, tuple, list, dict) are themselves. Everything
else the evaluator meets is one of the small types below. Only plain values, ``ir.Call``,
``ir.ArrayValue`` and ``ir.UNKNOWN`` ever reach the IR (:func:`to_ir`).
"""

from __future__ import annotations

import ast
import math
import operator
from dataclasses import dataclass, field, replace
from typing import Any

from ..ir import PLAIN_TYPES, UNKNOWN, ArrayValue, Call, DataStep, ModelIR, Span, TensorRef
from ..shapes import Dim


@dataclass(frozen=True)
class Sym:
    """An unknown value that came from a variable: its name names a symbolic dimension."""

    name: str


class _AnyNumber:
    """A number whose value is unknown (``x.mean()``, ``len(unknown_list)``): arrays combined
    with it keep their shape, which is not true of an arbitrary unknown value."""

    def __repr__(self) -> str:
        return "ANY_NUMBER"


ANY_NUMBER: Any = _AnyNumber()


@dataclass(frozen=True)
class Ref:
    """An imported module or object, by canonical dotted name (``keras.layers.LSTM``)."""

    qualname: str


@dataclass(frozen=True)
class LocalClass:
    name: str
    # The class statement, the scope it was defined in and its evaluated bases (Ref or
    # LocalClass values): enough to follow a Keras subclass's methods (subclass.py).
    node: ast.ClassDef | None = field(default=None, compare=False)
    scope: Any = field(default=None, compare=False)
    bases: tuple[Any, ...] = field(default=(), compare=False)
    # Class-level constants, evaluated where the class is defined (plain_objects.py).
    constants: dict[str, Any] = field(default_factory=dict, compare=False)


@dataclass(eq=False)
class LocalFunction:
    node: ast.FunctionDef | ast.AsyncFunctionDef
    scope: Any  # the defining Scope (closures read it when the function runs)
    defaults: dict[str, Any] = field(default_factory=dict)  # evaluated where it was defined


class Rng:
    """``np.random.default_rng(...)``: a generator whose methods make arrays."""


@dataclass(eq=False)
class LibraryObject:
    """An object a catalogued library function makes that is not array-like: ``kind`` names
    its class, whose methods and attributes are catalogue entries ``<kind>.<name>`` (registered
    with ``self`` first; ``prop=True`` for attributes). This one (a scikit-learn scaler, a
    Bunch, a pandas ``.iloc`` indexer) keeps what they need in ``state``; library/ subclasses
    it for objects with fields of their own (a tf.data ``Dataset``, a Keras iterator's
    ``Batches``, an ``ImageDataGenerator``)."""

    kind: str
    state: dict[str, Any] = field(default_factory=dict, kw_only=True)


@dataclass(eq=False)
class Context:
    """A region of code that may run zero, one or several times (a branch, a loop body)."""

    reason: str


@dataclass(eq=False)
class ModelState:
    """A Sequential model being followed: its IR and the region of code it was created in."""

    ir: ModelIR
    context: Context


@dataclass(eq=False)
class Instance:
    """An object of a local ``keras.Model`` / ``keras.layers.Layer`` subclass being followed:
    its attributes as ``__init__`` set them; ``model`` is its ModelState for a Model subclass;
    ``layer`` the object as a layer of another model (a Call, ``facts["subclass"]`` its trace)."""

    cls: LocalClass
    role: str  # "model" | "layer"
    context: Context
    attrs: dict[str, Any] = field(default_factory=dict)
    model: ModelState | None = None
    layer: Call | None = None


@dataclass(frozen=True)
class BoundMethod:
    """``self.method`` of a followed instance: calling it follows the method's body."""

    instance: Any
    function: Any  # LocalFunction


class _Training:
    """The ``training`` argument of a traced ``call``: both values are followed."""

    def __repr__(self) -> str:
        return "TRAINING"


TRAINING: Any = _Training()


@dataclass(eq=False)
class Data:
    """An array with a plain shape. ``bounds`` says how the value bounds were derived: "exact"
    (literal values), "uniform" (every element drawn from the same range, so slices keep the
    bounds), "at_most" (an upper bound that may not be reached, e.g. ``Tokenizer(num_words=)``;
    slices keep it) or None (no bounds)."""

    shape: tuple[Dim, ...] | None
    dtype: str | None
    origin: Span | None
    name: str | None = None
    max_value: int | float | None = None
    min_value: int | float | None = None
    bounds: str | None = None
    ragged: bool = False
    extra: dict[str, Any] = field(default_factory=dict)
    # A library's array-like type whose methods are not ndarray's ("pandas.DataFrame",
    # "pandas.Series"); None for a numpy array. Its state (column labels) is in ``extra``.
    library_type: str | None = None
    history: tuple[DataStep, ...] = ()  # the library calls that made it (library/steps.py)

    def derived(self, shape: tuple[Dim, ...] | None, origin: Span | None, **changes: Any) -> Data:
        """A new array computed from this one (same values, new shape); a plain numpy array
        unless ``library_type`` says otherwise."""
        changes.setdefault("library_type", None)
        return replace(self, shape=shape, origin=origin, name=None, **changes)

    def without_bounds(self) -> Data:
        return replace(self, max_value=None, min_value=None, bounds=None)


@dataclass(frozen=True, eq=False)
class Repeated:
    """A list built by a loop or comprehension whose every element is ``element`` (the same
    shape and dtype in every iteration): ``count`` elements, an int or ``"?"`` when the number of
    iterations is unknown (``for path in os.listdir(d): xs.append(np.zeros((28, 28)))``)."""

    element: Any
    count: Dim


def is_unknown(value: Any) -> bool:
    return value is UNKNOWN or isinstance(value, Sym) or value is ANY_NUMBER


def is_plain(value: Any, depth: int = 0) -> bool:
    """True for literal-like values whose every part is known."""
    if depth > 20:
        return False
    if value is None or isinstance(value, (bool, int, float, str, complex, bytes)):
        return True
    if isinstance(value, (tuple, list)):
        return all(is_plain(v, depth + 1) for v in value)
    if isinstance(value, dict):
        return all(is_plain(k, depth + 1) and is_plain(v, depth + 1) for k, v in value.items())
    return False


def same(a: Any, b: Any) -> bool:
    """Whether two values computed on different paths are certainly the same value."""
    if a is b:
        return True
    if type(a) is not type(b):
        return False
    if isinstance(a, (Sym, Ref, LocalClass)):
        return a == b
    if is_plain(a) and is_plain(b):
        return bool(a == b)
    return False


def is_number_like(value: Any) -> bool:
    """A known number (not a bool), or a number whose value is unknown."""
    return value is ANY_NUMBER or (isinstance(value, (int, float)) and not isinstance(value, bool))


def as_int(value: Any) -> int | None:
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, int):
        return value
    return None


def contains_model(value: Any, depth: int = 0) -> list[ModelState]:
    """The followed models inside a value (e.g. a list passed to an unknown function)."""
    if isinstance(value, ModelState):
        return [value]
    if isinstance(value, Instance):
        return [value.model] if value.model is not None else []
    if depth > 10:
        return []
    if isinstance(value, (tuple, list)):
        return [m for v in value for m in contains_model(v, depth + 1)]
    if isinstance(value, dict):
        return [m for v in value.values() for m in contains_model(v, depth + 1)]
    return []


# --- arithmetic on known numbers ---------------------------------------------------------------

_LIMIT = 2**63  # results beyond this are not dimensions, and keep big-number work bounded
_SEQUENCE_LIMIT = 10_000

_BINARY = {
    ast.Add: operator.add,
    ast.Sub: operator.sub,
    ast.Mult: operator.mul,
    ast.Div: operator.truediv,
    ast.FloorDiv: operator.floordiv,
    ast.Mod: operator.mod,
    ast.Pow: operator.pow,
}


def _is_number(v: Any) -> bool:
    return isinstance(v, (int, float)) and not (isinstance(v, float) and not math.isfinite(v))


def binary(op: ast.operator, left: Any, right: Any) -> Any:
    """``left op right`` for known values; UNKNOWN when not computable or out of range."""
    fn = _BINARY.get(type(op))
    if fn is None:
        return UNKNOWN
    if _is_number(left) and _is_number(right):
        if isinstance(op, ast.Pow) and (abs(right) > 256 or (abs(left) > 1 and abs(right) > 64)):
            return UNKNOWN
        try:
            result = fn(left, right)
        except (ArithmeticError, ValueError, TypeError):
            return UNKNOWN
        if isinstance(result, complex):
            return UNKNOWN
        if isinstance(result, int) and abs(result) >= _LIMIT:
            return UNKNOWN
        if isinstance(result, float) and not math.isfinite(result):
            return UNKNOWN
        return result
    if (
        isinstance(op, ast.Add)
        and type(left) is type(right)
        and isinstance(left, (tuple, list, str))
    ):
        if len(left) + len(right) <= _SEQUENCE_LIMIT:
            return left + right
        return UNKNOWN
    if isinstance(op, ast.Mult):
        seq, count = (left, right) if isinstance(right, int) else (right, left)
        if (
            isinstance(seq, (tuple, list, str))
            and type(count) is int
            and len(seq) * max(count, 0) <= _SEQUENCE_LIMIT
        ):
            return seq * count
    return UNKNOWN


def unary(op: ast.unaryop, value: Any) -> Any:
    if isinstance(op, ast.Not):
        return not value if is_plain(value) else UNKNOWN
    if not _is_number(value):
        return UNKNOWN
    if isinstance(op, ast.USub):
        return -value
    if isinstance(op, ast.UAdd):
        return +value
    if isinstance(op, ast.Invert) and isinstance(value, int):
        return ~value
    return UNKNOWN


_COMPARE = {
    ast.Eq: operator.eq,
    ast.NotEq: operator.ne,
    ast.Lt: operator.lt,
    ast.LtE: operator.le,
    ast.Gt: operator.gt,
    ast.GtE: operator.ge,
    ast.Is: operator.is_,
    ast.IsNot: operator.is_not,
    ast.In: lambda a, b: operator.contains(b, a),
    ast.NotIn: lambda a, b: not operator.contains(b, a),
}


def compare(op: ast.cmpop, left: Any, right: Any) -> Any:
    if not (is_plain(left) and is_plain(right)):
        return UNKNOWN
    if isinstance(op, (ast.Is, ast.IsNot)) and left is not None and right is not None:
        return UNKNOWN  # only `x is None` is meaningful on values computed statically
    try:
        return bool(_COMPARE[type(op)](left, right))
    except (TypeError, ValueError):  # `1 < "a"`, `1 in 2`: Python raises, the value is unknown
        return UNKNOWN


# --- leaving the front end ---------------------------------------------------------------------


def to_ir(value: Any, span: Span | None = None, depth: int = 0) -> Any:
    """Convert an evaluator value to an IR value (plain, Call, ArrayValue or UNKNOWN)."""
    if depth > 20:
        return UNKNOWN
    if type(value) in PLAIN_TYPES:  # the usual argument: kept as it is (the last test below)
        return value
    if isinstance(value, (Call, TensorRef)):
        return value
    if isinstance(value, Data):
        return to_array(value, span)
    if isinstance(value, ModelState):
        return model_placeholder(value, span)
    if isinstance(value, Instance):
        return value.layer if value.layer is not None else UNKNOWN
    if isinstance(value, tuple):
        if PLAIN_TYPES.issuperset(map(type, value)):  # (10,): each item kept, one C pass
            return (*value,)  # a new tuple, as the conversion below makes
        return tuple(to_ir(v, None, depth + 1) for v in value)
    if isinstance(value, list):
        if PLAIN_TYPES.issuperset(map(type, value)):
            return list(value)
        return [to_ir(v, None, depth + 1) for v in value]
    if isinstance(value, dict):
        return {k: to_ir(v, None, depth + 1) for k, v in value.items() if is_plain(k)}
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    return UNKNOWN


def to_array(data: Data, span: Span | None) -> ArrayValue | Any:
    if data.shape is None and not (data.ragged or data.extra or data.max_value is not None):
        return UNKNOWN  # an array of unknown rank (np.load) and nothing else known about it
    extra = data.extra  # most arrays: nothing extra
    return ArrayValue(
        shape=data.shape,
        dtype=data.dtype,
        span=span,
        origin=data.origin,
        name=data.name,
        max_value=data.max_value,
        min_value=data.min_value,
        ragged=data.ragged,
        zero_token=bool(extra.get("zero_token")) if extra else False,
        bounds=data.bounds if data.max_value is not None else None,
        texts=extra.get("texts") if extra else None,
        loader=extra.get("loader") if extra else None,
        history=data.history,
    )


def model_placeholder(model: ModelState, span: Span | None) -> Call:
    """A followed model used as a layer of another model: not modelled as a layer."""
    where = span or model.ir.span
    return Call("Sequential", "keras.Sequential", (), {}, where, order=None)


def unknown_names(value: Any, path: tuple = (), depth: int = 0) -> dict[tuple, str]:
    """Names of the Sym values inside an argument value, by path (used for Call.unknown_names)."""
    if isinstance(value, Sym):
        return {path: value.name}
    if depth > 5 or not isinstance(value, (tuple, list)) or \
            PLAIN_TYPES.issuperset(map(type, value)):  # no Sym inside
        return {}
    names: dict[tuple, str] = {}
    for i, v in enumerate(value):
        names.update(unknown_names(v, path + (i,), depth + 1))
    return names


# Values assign() binds as they are (no model to name, no array to copy with its name, not
# unknown): the classes most assignments bind.
NAMED_AS_THEY_ARE = frozenset({int, float, str, bool, type(None), tuple, list, dict, Ref})
_NAMING: dict[type, type] = {}  # a value's class -> which of assign()'s cases it takes


def named_value(name: str, value: Any) -> Any:
    """``value`` as ``assign`` binds it to ``name``: a model (or a subclass's) named after the
    first name it gets, an array copied with its name, an unknown value named."""
    cls = value.__class__
    naming = _NAMING.get(cls)
    if naming is None:
        naming = _NAMING[cls] = _naming(cls)
    if naming is ModelState:
        if not value.ir.name:
            value.ir.name = name
    elif naming is Instance:
        if value.model is not None and not value.model.ir.name:
            value.model.ir.name = name
    elif naming is Data:
        if value.name is None:
            named = cls.__new__(cls)  # dataclasses.replace, faster
            named.__dict__.update(value.__dict__)
            named.name = name
            return named
    elif naming is Sym or value is UNKNOWN:
        return Sym(name)  # still unknown, but named as the code that uses it names it
    return value


def _naming(cls: type) -> type:
    return next((kind for kind in (ModelState, Instance, Data, Sym) if issubclass(cls, kind)),
                object)  # none of them
