"""Library functions as declarative entries (catalogue.py): numpy (numpy_*.py), Keras' image
and text loaders (keras_images.py, keras_batches.py).

The interpreter calls these: a function by its dotted name, an array's method, attribute,
subscript or operator; each answers a value, or UNKNOWN where layerlint cannot say.
"""

from __future__ import annotations

import ast
from typing import Any

from ...ir import UNKNOWN, Span
from . import (  # noqa: F401 - registers the entries
    keras_batches,
    keras_images,
    numpy_along_axis,
    numpy_create,
    numpy_indexing,
    numpy_math,
    numpy_shape,
)
from .catalogue import LibraryError, LibraryObject, Unmodelled, evaluate, lookup
from .keras_batches import Batches
from .keras_images import FOLLOW_DATA_FORMAT
from .numpy_math import operator_function


def call(qualname: str, args: list[Any], kwargs: dict[str, Any], origin: Span) -> Any:
    """``numpy.reshape(...)``, ``numpy.random.rand(...)``."""
    return evaluate(qualname, args, kwargs, origin)


def is_function(qualname: str) -> bool:
    return lookup(qualname) is not None and not qualname.startswith(("ndarray.", "Generator."))


def method(array: Any, name: str, args: list[Any], kwargs: dict[str, Any], origin: Span) -> Any:
    """``x.reshape(...)``, ``x.astype(...)``; a method not catalogued is UNKNOWN."""
    entry = lookup(f"ndarray.{name}")
    if entry is None or entry.prop or name.startswith("_"):
        return UNKNOWN
    return evaluate(entry.name, [array, *args], kwargs, origin)


def generator_method(name: str, args: list[Any], kwargs: dict[str, Any], origin: Span) -> Any:
    """Methods of ``np.random.default_rng()``."""
    return evaluate(f"Generator.{name}", args, kwargs, origin)


def attribute(array: Any, name: str, origin: Span) -> Any:
    """``x.shape``, ``x.T``."""
    entry = lookup(f"ndarray.{name}")
    if entry is None or not entry.prop:
        return UNKNOWN
    return evaluate(entry.name, [array], {}, origin)


def object_method(obj: LibraryObject, name: str, args: list[Any], kwargs: dict[str, Any],
                  origin: Span) -> Any:
    """``generator.flow_from_directory(...)``, ``dataset.prefetch(...)``: UNKNOWN when the
    object's kind has no such entry."""
    entry = lookup(f"{obj.kind}.{name}")
    if entry is None or entry.prop or name.startswith("_"):
        return UNKNOWN
    return evaluate(entry.name, [obj, *args], kwargs, origin)


def object_attribute(obj: LibraryObject, name: str, origin: Span) -> Any:
    """``iterator.num_classes``, ``iterator.image_shape``."""
    entry = lookup(f"{obj.kind}.{name}")
    if entry is None or not entry.prop:
        return UNKNOWN
    return evaluate(entry.name, [obj], {}, origin)


def subscript(array: Any, key: Any, origin: Span) -> Any:
    return evaluate("ndarray.__getitem__", [array, key], {}, origin)


def operator(op: ast.AST, left: Any, right: Any, origin: Span) -> Any:
    """``a + b``, ``a > 0.5`` with an array operand: the ufunc the operator calls."""
    name = operator_function(op)
    return UNKNOWN if name is None else evaluate(name, [left, right], {}, origin)


__all__ = ["FOLLOW_DATA_FORMAT", "Batches", "LibraryError", "LibraryObject", "Unmodelled",
           "attribute", "call", "generator_method", "is_function", "method", "object_attribute",
           "object_method", "operator", "subscript"]
