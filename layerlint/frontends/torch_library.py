"""The torch front end's values to and from the library catalogue (library/): numpy arrays,
``torch.from_numpy`` & co., ``TensorDataset`` / ``DataLoader``, torchvision datasets and
transforms.

The torch walk keeps a tensor as an ``ir.ArrayValue``; the catalogue's entries take and give
``values.Data`` (a torch tensor marked ``extra["torch"]``). A numpy array is a
:class:`NumpyArray` in the walk: numpy's own functions, methods, attributes, subscripts and
operators apply to it (never torch's), until ``torch.from_numpy`` / ``torch.tensor`` make a
tensor of it. A loader is iterated through :func:`first_batch`: one iteration's batch.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from typing import Any

from ..ir import UNKNOWN, ArrayValue, DimExpr, Span, TensorDim, UnknownNumber
from . import library
from . import values as lib_values
from .library import catalogue
from .library.torch_data import (
    TORCH,
    Label,
    Scalar,
    TorchDataset,
    TorchLoader,
    dataset_item,
)
from .library.torch_data import first_batch as library_first_batch
from .torch_values import Device, Ref


@dataclass
class NumpyArray:
    """A numpy array of the script (``np.random.rand(100, 10)``, ``x.numpy()``)."""

    data: lib_values.Data


@dataclass
class NumpyMethod:
    """``a.reshape`` of a NumpyArray, to be called."""

    array: NumpyArray
    name: str


@dataclass
class LoaderIterator:
    """``iter(loader)``: its first ``next`` gives the first batch."""

    loader: TorchLoader
    taken: int = 0


@dataclass(frozen=True)
class SampleIndex(UnknownNumber):
    """The index a Dataset subclass's ``__getitem__`` is called with: any of the first
    batch's (an int below its length; torch_datasets.py). ``x[index]`` of a tensor or array
    is one row of it."""


@dataclass
class Raised:
    """A library call that raises where it runs (``TensorDataset`` of tensors with different
    sample counts): torch's exception and message, layerlint's words, the rule code."""

    code: str
    message: str
    framework: str
    stage: str | None = "construct"  # None: when a loop's first batch is loaded


def is_library_function(dotted: str) -> bool:
    return library.is_function(dotted)


_PLAIN = {int, float, bool, str}


def to_library(value: Any, depth: int = 0) -> Any:
    """A walk value as the catalogue's entries take it."""
    if depth > 20:
        return UNKNOWN
    if isinstance(value, NumpyArray):
        return value.data
    if isinstance(value, ArrayValue):
        if type(value) is not ArrayValue or value.shape is None:  # a TracedTensor: not known
            return UNKNOWN
        return lib_values.Data(tuple(value.shape), value.dtype, value.origin or value.span,
                               max_value=value.max_value, min_value=value.min_value,
                               bounds=value.bounds, extra={TORCH: True})
    if isinstance(value, Ref):
        return lib_values.Ref(value.dotted)
    if isinstance(value, UnknownNumber):
        return lib_values.ANY_NUMBER
    if isinstance(value, (TensorDim, DimExpr)):
        return UNKNOWN
    if isinstance(value, Device):
        return "cpu"
    if isinstance(value, (tuple, list)) and set(map(type, value)) <= _PLAIN:
        return value  # a literal's row of numbers: no Python work per number (huge literals)
    if isinstance(value, tuple):
        return tuple(to_library(v, depth + 1) for v in value)
    if isinstance(value, list):
        return [to_library(v, depth + 1) for v in value]
    if isinstance(value, slice):
        return slice(*(to_library(p, depth + 1) for p in (value.start, value.stop,
                                                           value.step)))
    return value


def from_library(value: Any, span: Span | None, depth: int = 0) -> Any:
    """A catalogue value as the walk keeps it: a torch tensor an ArrayValue (dims it does
    not know ``"?"``), a numpy array a NumpyArray."""
    if depth > 20:
        return UNKNOWN
    if isinstance(value, lib_values.Data):
        if not value.extra.get(TORCH):
            return NumpyArray(value)
        if value.shape is None:
            return UNKNOWN
        shape = tuple(d if isinstance(d, int) else "?" for d in value.shape)
        return ArrayValue(shape, value.dtype, span, value.origin or span,
                          max_value=value.max_value, min_value=value.min_value,
                          bounds=value.bounds)
    if isinstance(value, Label):
        return UnknownNumber("int")
    if isinstance(value, Scalar):
        if value.value is not None:
            return value.value
        return UnknownNumber("float" if value.dtype == "float64" else "int")
    if value is lib_values.ANY_NUMBER:
        return UnknownNumber(None)
    if isinstance(value, lib_values.Ref):
        return Ref(value.qualname)
    if isinstance(value, tuple):
        return tuple(from_library(v, span, depth + 1) for v in value)
    if isinstance(value, list):
        return [from_library(v, span, depth + 1) for v in value]
    if isinstance(value, (int, float, str, bool)) or value is None:
        return value
    if type(value).__module__.startswith("layerlint.frontends.library"):
        return value  # datasets, loaders, transforms
    return UNKNOWN


def call(dotted: str, args: list[Any], kwargs: dict[str, Any], span: Span) -> Any:
    """A catalogued function called from the torch walk: its value, or a :class:`Raised`
    when a torch data entry raises (numpy's errors are not claimed here: UNKNOWN)."""
    entry = catalogue.lookup(dotted)
    if entry is None:
        return UNKNOWN
    try:
        value = entry.call([to_library(a) for a in args],
                           {k: to_library(v) for k, v in kwargs.items()}, span)
    except catalogue.LibraryError as error:
        if dotted.startswith("torch.") and error.message is not None:
            return Raised("LL203" if "Size mismatch" in error.message else "LL201",
                          _words(dotted, error), f"{error.kind}: {error.message}")
        return UNKNOWN
    except (catalogue.Unmodelled, TypeError, ValueError, IndexError, KeyError,
            ArithmeticError, AttributeError):
        return UNKNOWN
    return from_library(value, span)


def _words(dotted: str, error: catalogue.LibraryError) -> str:
    if "Size mismatch" in (error.message or ""):
        return ("the tensors of this TensorDataset have different numbers of samples (their "
                "first axis)")
    return f"{dotted.rsplit('.', 1)[-1]} raises here ({error.kind})"


def numpy_attribute(array: NumpyArray, name: str, span: Span) -> Any:
    found = catalogue.lookup(f"ndarray.{name}")
    if found is None or not found.prop:  # a method (or one not catalogued: UNKNOWN if called)
        return NumpyMethod(array, name) if not name.startswith("_") else UNKNOWN
    value = library.attribute(array.data, name, span)
    if name == "shape" and isinstance(value, tuple):
        return tuple(d if isinstance(d, int) else UNKNOWN for d in value)
    return from_library(value, span)


def numpy_method(method: NumpyMethod, args: list[Any], kwargs: dict[str, Any],
                 span: Span) -> Any:
    value = library.method(method.array.data, method.name, [to_library(a) for a in args],
                           {k: to_library(v) for k, v in kwargs.items()}, span)
    return from_library(value, span)


def numpy_subscript(array: NumpyArray, key: Any, span: Span) -> Any:
    return from_library(library.subscript(array.data, to_library(key), span), span)


def numpy_operator(op: ast.AST, left: Any, right: Any, span: Span) -> Any:
    value = library.operator(op, to_library(left), to_library(right), span)
    return from_library(value, span)


def tensor_to_numpy(tensor: ArrayValue) -> Any:
    """``t.numpy()``: the array (a dtype numpy has; bfloat16 raises in torch)."""
    if tensor.shape is None or tensor.dtype == "bfloat16":
        return UNKNOWN
    return NumpyArray(lib_values.Data(tuple(tensor.shape), tensor.dtype,
                                      tensor.origin or tensor.span))


def first_batch(loader: TorchLoader, span: Span | None) -> Any:
    """One iteration's batch (a list, one value per field of the sample), UNKNOWN when not
    known, or Raised when loading or collating it raises."""
    try:
        batch = library_first_batch(loader)
    except catalogue.LibraryError as error:
        if error.message is None:
            return UNKNOWN
        return Raised("LL201", _batch_words(error), f"{error.kind}: {error.message}", None)
    return from_library(batch, span)


def _batch_words(error: catalogue.LibraryError) -> str:
    if "default_collate" in (error.message or ""):
        return ("the dataset returns PIL images, which the DataLoader cannot batch; add "
                "transforms.ToTensor() to its transform")
    return ("the dataset's transform rejects its images: torch raises when the loop loads the "
            "first batch")


def item(dataset: TorchDataset, span: Span | None) -> Any:
    """``dataset[i]``: one sample."""
    return from_library(dataset_item(dataset), span)
