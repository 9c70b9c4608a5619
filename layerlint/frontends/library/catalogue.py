"""The vocabulary of library-function entries (``np.reshape``, ``x.reshape``, ``x.T``).

An entry is ``rule(a) -> value`` registered with the function's Python signature::

    @library_function("numpy.expand_dims", "a, axis", method=None)
    def expand_dims(a: Bound) -> Any: ...

* ``name`` is the dotted name the interpreter resolves (``numpy.random.rand``); a method of
  arrays is registered as ``ndarray.<name>`` (``method="self, *shape, order='C'"`` registers it
  beside the function, with its own signature: the array itself first). ``prop=True`` registers
  an attribute (``x.T``, ``x.shape``): its rule gets the array as ``a.self``.
* ``a`` holds the arguments bound like CPython binds them (``inspect.Signature.bind``), each an
  evaluated value: a :class:`values.Data` for an array, plain Python values, ``ANY_NUMBER``,
  ``UNKNOWN``. ``a.origin`` is the call's span (the new array's origin).
* An object a function returns whose own methods and attributes are entries (an
  ``ImageDataGenerator``, a ``tf.data.Dataset``, a scaler) is a :class:`values.LibraryObject`: its entries are
  named ``<kind>.<name>`` and get the object as their first argument (``self``).
* A rule returns a ``Data`` (shape: a tuple of ``shapes`` dims, ``None`` when the rank is
  unknown), a tuple of them, or a plain value; raises :class:`LibraryError` where the library
  raises (its exception type and message, the message None when it would print dimensions
  layerlint does not know), and :class:`Unmodelled` when a value it needs is unknown (the call's
  result is then UNKNOWN: never a guess).

Every entry is pinned by tests/test_numpy_catalogue.py against the real library.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ...ir import UNKNOWN, Span
from . import steps


class Unmodelled(Exception):
    """A value the rule needs is unknown (or an argument type it does not model)."""


class LibraryError(Exception):
    """The library raises here: ``kind`` is its exception type (``ValueError``, ``AxisError``,
    ``IndexError``), ``message`` its text, None when that text names dimensions layerlint does
    not know."""

    def __init__(self, kind: str, message: str | None) -> None:
        super().__init__(f"{kind}: {message}")
        self.kind = kind
        self.message = message


class Bound:
    """The bound arguments of one call, as attributes; ``given`` the names the call passed."""

    def __init__(self, name: str, values: dict[str, Any], given: set[str], origin: Span | None):
        self.__dict__.update(values)
        self.function = name
        self.given = given
        self.origin = origin


Rule = Callable[[Bound], Any]


@dataclass(frozen=True)
class LibraryFunction:
    name: str  # "numpy.reshape", "ndarray.reshape", "ndarray.T"
    signature: inspect.Signature
    rule: Rule
    prop: bool = False

    def __post_init__(self) -> None:
        object.__setattr__(self, "_plan", _binding_plan(self.signature))  # not a field

    def call(self, args: list[Any] | tuple, kwargs: dict[str, Any], origin: Span | None) -> Any:
        """Bind and apply; a call Python would reject is Unmodelled (the library's TypeError is
        not claimed)."""
        bound = _bind(self._plan, args, kwargs)  # type: ignore[attr-defined]
        if bound is None:  # a call _bind leaves to inspect (an error, a name for **kwargs)
            try:
                found = self.signature.bind(*args, **kwargs)
            except TypeError as exc:
                raise Unmodelled(f"{self.name}: {exc}") from None
            given = set(found.arguments)
            found.apply_defaults()
            values = dict(found.arguments)
        else:
            given, values = bound
        return self.rule(Bound(self.name, values, given, origin))


_EMPTY, _VAR_POSITIONAL, _VAR_KEYWORD = (
    inspect.Parameter.empty, inspect.Parameter.VAR_POSITIONAL, inspect.Parameter.VAR_KEYWORD)
_POSITIONAL = (inspect.Parameter.POSITIONAL_ONLY, inspect.Parameter.POSITIONAL_OR_KEYWORD)


def _binding_plan(signature: inspect.Signature) -> tuple:
    """What ``_bind`` needs of a signature: its positional names, the names a keyword may give,
    whether it takes ``*args``, and per parameter (name, position or None, kind, default)."""
    positional = [p.name for p in signature.parameters.values() if p.kind in _POSITIONAL]
    by_keyword = frozenset(p.name for p in signature.parameters.values() if p.kind in (
        inspect.Parameter.POSITIONAL_OR_KEYWORD, inspect.Parameter.KEYWORD_ONLY))
    parameters = tuple(
        (p.name, positional.index(p.name) if p.kind in _POSITIONAL else None, p.kind, p.default)
        for p in signature.parameters.values())
    varying = any(p.kind is _VAR_POSITIONAL for p in signature.parameters.values())
    return len(positional), varying, by_keyword, parameters


def _bind(plan: tuple, args: list[Any] | tuple,
          kwargs: dict[str, Any]) -> tuple[set[str], dict[str, Any]] | None:
    """``signature.bind(*args, **kwargs)``'s names and, defaults applied, its values (in the
    signature's order, as inspect gives them) without inspect's general machinery; None for
    any call it would reject and any keyword a ``**kwargs`` parameter would take (inspect
    decides those)."""
    count, varying, by_keyword, parameters = plan
    n = len(args)
    if n > count and not varying:
        return None  # too many positional arguments
    if kwargs and not by_keyword.issuperset(kwargs):
        return None  # a keyword no parameter takes by name
    given: dict[str, Any] = {}
    values: dict[str, Any] = {}
    for name, index, kind, default in parameters:
        if index is not None and index < n:
            if name in kwargs:
                return None  # given twice
            given[name] = values[name] = args[index]
        elif kind is _VAR_POSITIONAL:
            if n > count:
                given[name] = values[name] = tuple(args[count:])
            else:
                values[name] = ()
        elif kind is _VAR_KEYWORD:
            values[name] = {}
        elif name in kwargs:
            given[name] = values[name] = kwargs[name]
        elif default is _EMPTY:
            return None  # a required argument is missing
        else:
            values[name] = default
    return set(given), values


_CATALOGUE: dict[str, LibraryFunction] = {}


def parse_signature(text: str) -> inspect.Signature:
    """``"a, newshape=None, *, order='C'"`` -> a Python signature (defaults are literals)."""
    namespace: dict[str, Any] = {}
    exec(f"def f({text}): pass", namespace)  # noqa: S102 - our own catalogue's signatures
    return inspect.signature(namespace["f"])


def library_function(
    name: str,
    signature: str,
    *,
    aliases: tuple[str, ...] = (),
    method: str | None = None,
    methods: tuple[str, ...] = (),
    prop: bool = False,
) -> Callable[[Rule], Rule]:
    """Register ``name`` (and ``aliases``, dotted names alike); ``method`` also registers
    ``ndarray.<short name>`` (and ``ndarray.<m>`` for each of ``methods``) with that signature."""

    def decorate(rule: Rule) -> Rule:
        parsed = parse_signature(signature)
        for key in (name, *aliases):
            _register(LibraryFunction(key, parsed, rule, prop))
        if method is not None:
            own = parse_signature(method)
            short = name.rsplit(".", 1)[-1]
            for alias in (short, *methods):
                _register(LibraryFunction(f"ndarray.{alias}", own, rule))
        return rule

    return decorate


def _register(entry: LibraryFunction) -> None:
    if entry.name in _CATALOGUE:
        raise ValueError(f"library function {entry.name!r} registered twice")
    _CATALOGUE[entry.name] = entry


def lookup(name: str) -> LibraryFunction | None:
    return _CATALOGUE.get(name)


def all_entries() -> list[LibraryFunction]:
    return list(_CATALOGUE.values())


def evaluate(name: str, args: list[Any] | tuple, kwargs: dict[str, Any],
             origin: Span | None) -> Any:
    """The value of a call to a catalogued function, or UNKNOWN where layerlint cannot say
    (a value it needs is unknown, or the library raises: nothing flows on from there)."""
    entry = _CATALOGUE.get(name)
    if entry is None:
        return UNKNOWN
    try:
        return steps.record(entry.call(args, kwargs, origin), name, args, kwargs, origin)
    except (Unmodelled, LibraryError):
        return UNKNOWN
    except (TypeError, ValueError, IndexError, KeyError, ArithmeticError, AttributeError):
        return UNKNOWN  # values of kinds no entry expects (the differential tests call entries
        # directly, so a rule's own slip still fails there)
