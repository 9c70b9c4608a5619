"""Library functions as declarative entries (catalogue.py): numpy (numpy_*.py), scikit-learn
(sklearn_*.py), pandas (pandas_*.py), Keras' datasets and utilities (keras_datasets.py,
keras_utils.py), tf.data pipelines (tf_data.py), TensorFlow and keras.ops functions on data
(tensor_ops.py), torch data (torch_data.py), torchvision (torchvision.py), Keras' image and text
loaders (keras_images.py, keras_batches.py).

The interpreter calls these: a function by its dotted name, an array's (or a library object's)
method, attribute, subscript or operator; each answers a value, or UNKNOWN where layerlint cannot
say. A value's methods are the entries ``<type>.<name>``: ``ndarray`` for a numpy array, else its
``Data.library_type`` / ``LibraryObject.kind`` (``pandas.DataFrame.to_numpy``).
"""

from __future__ import annotations

import ast
from typing import Any

from ...ir import UNKNOWN, Span
from ..values import Data, LibraryObject
from . import (  # noqa: F401 - registers the entries
    keras_batches,
    keras_datasets,
    keras_images,
    keras_utils,
    numpy_along_axis,
    numpy_create,
    numpy_indexing,
    numpy_math,
    numpy_shape,
    pandas_frames,
    pandas_indexing,
    sklearn_datasets,
    sklearn_preprocessing,
    sklearn_split,
    tensor_ops,
    tf_data,
    torch_data,
    torchvision,
)
from .catalogue import LibraryError, Unmodelled, evaluate, lookup
from .keras_batches import Batches
from .keras_images import FOLLOW_DATA_FORMAT
from .numpy_math import operator_function
from .pandas_frames import after_method, attribute_stored, stored
from .pandas_frames import operator as pandas_operator
from .sklearn_preprocessing import forget_object


def call(qualname: str, args: list[Any], kwargs: dict[str, Any], origin: Span) -> Any:
    """``numpy.reshape(...)``, ``numpy.random.rand(...)``."""
    return evaluate(qualname, args, kwargs, origin)


def is_function(qualname: str) -> bool:
    entry = lookup(qualname)
    return entry is not None and not entry.prop and \
        not qualname.startswith(("ndarray.", "Generator.", "Dataset."))


def type_of(value: Any) -> str | None:
    """The prefix of a value's method entries (``ndarray``, ``pandas.DataFrame``)."""
    if isinstance(value, Data):
        return value.library_type or "ndarray"
    if isinstance(value, LibraryObject):
        return value.kind
    return None


def method(value: Any, name: str, args: list[Any], kwargs: dict[str, Any], origin: Span) -> Any:
    """``x.reshape(...)``, ``df.to_numpy()``, ``scaler.fit_transform(x)``, ``ds.batch(32)``,
    ``generator.flow_from_directory(...)``; a method not catalogued is UNKNOWN (and an object
    it may change in place forgets what changed)."""
    entry = lookup(f"{type_of(value)}.{name}")
    if entry is None or entry.prop or name.startswith("_"):
        result: Any = UNKNOWN
    else:
        result = evaluate(entry.name, [value, *args], kwargs, origin)
    forget_object(value, name, catalogued=entry is not None)
    return after_method(value, name, kwargs, result, catalogued=entry is not None)


def generator_method(name: str, args: list[Any], kwargs: dict[str, Any], origin: Span) -> Any:
    """Methods of ``np.random.default_rng()``."""
    return evaluate(f"Generator.{name}", args, kwargs, origin)


def attribute(value: Any, name: str, origin: Span) -> Any:
    """``x.shape``, ``x.T``, ``df.values``; ``df.price`` / ``bunch.data`` through the type's
    ``__getattr__`` entry."""
    kind = type_of(value)
    entry = lookup(f"{kind}.{name}")
    if entry is not None and entry.prop:
        return evaluate(entry.name, [value], {}, origin)
    fallback = lookup(f"{kind}.__getattr__")
    if entry is None and fallback is not None and not name.startswith("_"):
        return evaluate(fallback.name, [value, name], {}, origin)
    return UNKNOWN


def subscript(value: Any, key: Any, origin: Span) -> Any:
    return evaluate(f"{type_of(value)}.__getitem__", [value, key], {}, origin)


def operator(op: ast.AST, left: Any, right: Any, origin: Span) -> Any:
    """``a + b``, ``a > 0.5`` with an array operand: the ufunc the operator calls (pandas
    objects: pandas_frames.operator)."""
    if any(isinstance(v, Data) and v.library_type is not None for v in (left, right)):
        return pandas_operator(op, left, right, origin)
    name = operator_function(op)
    return UNKNOWN if name is None else evaluate(name, [left, right], {}, origin)


__all__ = ["FOLLOW_DATA_FORMAT", "Batches", "LibraryError", "Unmodelled",
           "attribute", "attribute_stored", "call", "generator_method", "is_function",
           "method", "operator", "stored", "subscript", "type_of"]
