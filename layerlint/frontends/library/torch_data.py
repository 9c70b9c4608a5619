"""torch data entries: tensors made from numpy arrays (``torch.from_numpy``, ``torch.tensor``,
``torch.as_tensor``, ``torch.Tensor`` & co., ``Variable``), ranges (``torch.arange``,
``linspace``, ``logspace``), ``TensorDataset`` and ``DataLoader``, and the batch one iteration
over a loader gives (:func:`first_batch`).

A torch tensor is a :class:`values.Data` marked ``extra["torch"]`` (a numpy array is not): the
torch front end turns one into the other. A dataset is a :class:`TorchDataset`: what
``dataset[i]`` returns (a tuple of per-sample values) and how many samples there are; a loader a
:class:`TorchLoader`. Measured on torch 2.13 and pinned by tests/test_torch_data_catalogue.py.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

from ...ir import UNKNOWN
from ...shapes import UNKNOWN_DIM
from ..values import Data, Ref
from .catalogue import Bound, LibraryError, Unmodelled, library_function

TORCH = "torch"  # Data.extra key of a torch tensor
VARIES = "varies"  # Data.extra key: a sample whose unknown dims may differ between samples
# torch.<name> -> the dtype (torch.float is float32, torch.int int32: unlike numpy's aliases)
TORCH_DTYPES = {
    "float32": "float32", "float": "float32", "float64": "float64", "double": "float64",
    "float16": "float16", "half": "float16", "bfloat16": "bfloat16", "int64": "int64",
    "long": "int64", "int32": "int32", "int": "int32", "int16": "int16", "short": "int16",
    "int8": "int8", "uint8": "uint8", "bool": "bool",
}
# numpy dtypes torch.from_numpy takes (the others: TypeError "can't convert np.ndarray ...")
FROM_NUMPY = {"float64", "float32", "float16", "int64", "int32", "int16", "int8", "uint8",
              "uint16", "uint32", "uint64", "bool"}
# torch.FloatTensor(...) & co.: the dtype they make, whatever the data's
TYPED_TENSORS = {"Tensor": "float32", "FloatTensor": "float32", "DoubleTensor": "float64",
                 "HalfTensor": "float16", "LongTensor": "int64", "IntTensor": "int32",
                 "ShortTensor": "int16", "CharTensor": "int8", "ByteTensor": "uint8",
                 "BoolTensor": "bool"}


def is_tensor(value: Any) -> bool:
    return isinstance(value, Data) and bool(value.extra.get(TORCH))


def as_tensor(data: Data, dtype: str | None, origin: Any) -> Data:
    """The torch tensor of ``data``'s shape (bounds kept when the dtype is)."""
    tensor = data.derived(data.shape, origin, dtype=dtype, extra={**data.extra, TORCH: True})
    return tensor if dtype == data.dtype else tensor.without_bounds()


def torch_dtype(value: Any) -> str | None:
    """``torch.float64`` (a Ref) as a dtype name; None when it is no torch dtype."""
    if isinstance(value, Ref) and value.qualname.startswith("torch."):
        return TORCH_DTYPES.get(value.qualname[len("torch."):])
    return None


def _data(value: Any, a: Bound) -> Data:
    if not isinstance(value, Data) or value.shape is None:
        raise Unmodelled(f"{a.function}: the data is not an array layerlint knows")
    return value


def _requested(a: Bound, data: Data) -> str | None:
    if "dtype" not in a.given or a.dtype is None:
        return data.dtype
    return torch_dtype(a.dtype)


# --- tensors --------------------------------------------------------------------------------------


@library_function("torch.from_numpy", "ndarray")
def from_numpy(a: Bound) -> Data:
    data = _data(a.ndarray, a)
    if is_tensor(data):
        raise LibraryError("TypeError", "expected np.ndarray (got Tensor)")
    if data.dtype not in FROM_NUMPY:
        raise Unmodelled(f"torch.from_numpy of {data.dtype}")
    return as_tensor(data, data.dtype, a.origin)  # numpy's float64 stays float64


@library_function("torch.tensor", "data, *, dtype=None, device=None, requires_grad=False, "
                  "pin_memory=False")
def tensor(a: Bound) -> Data:
    data = _data(a.data, a)
    if not is_tensor(data) and data.dtype not in FROM_NUMPY:
        raise Unmodelled(f"torch.tensor of {data.dtype}")
    return as_tensor(data, _requested(a, data), a.origin)


@library_function("torch.as_tensor", "data, dtype=None, device=None")
def as_tensor_entry(a: Bound) -> Data:
    return tensor(a)


def _typed(name: str) -> None:
    @library_function(f"torch.{name}", "*args, device=None")
    def typed(a: Bound) -> Data:
        if len(a.args) != 1 or not isinstance(a.args[0], Data) or not a.args[0].shape:
            # sizes, lists; a 0-d integer array is taken as a size (measured)
            raise Unmodelled(f"torch.{name}(...)")
        return as_tensor(_data(a.args[0], a), TYPED_TENSORS[name], a.origin)


for _name in TYPED_TENSORS:
    _typed(_name)


@library_function("torch.autograd.Variable", "data, requires_grad=False, volatile=False",
                  aliases=("torch.autograd.variable.Variable",))
def variable(a: Bound) -> Data:
    data = _data(a.data, a)
    if not is_tensor(data):
        raise LibraryError("TypeError", "Variable data has to be a tensor, but got "
                           "numpy.ndarray")
    return data  # a Variable is the tensor itself since torch 0.4


# --- ranges -------------------------------------------------------------------------------------
# Measured on torch 2.13: linspace / logspace make the default dtype (float32) whatever their
# bounds; arange makes int64 from ints (bools too), float32 when a bound is a float, and its
# length is ceil((end - start) / step) in double (float32 / float64 / int64 results; half's is
# counted in float: not modelled). torch raises where numpy gives an empty range.

_REAL_DTYPES = ("float32", "float64", "int64", "int32", "int16", "int8", "uint8", "float16",
                "bfloat16")


_INT_RANGES = {"int8": (-128, 127), "uint8": (0, 255), "int16": (-32768, 32767)}


def _range_dtype(a: Bound, default: str, values: int = 2) -> str | None:
    """The dtype asked for (None: one layerlint does not know); bool: torch's error when the
    kernel has ``values`` (> 1) to compute."""
    if "dtype" not in a.given or a.dtype is None:
        return default
    dtype = torch_dtype(a.dtype)
    if dtype == "bool" and values > 1:
        kernel = a.function.rsplit(".", 1)[-1]
        raise LibraryError("NotImplementedError", f'"{kernel}_cpu" not implemented for \'Bool\'')
    return dtype if dtype in (*_REAL_DTYPES, "bool") else None


def _number(value: Any, a: Bound) -> int | float:
    if isinstance(value, (int, float)) and math.isfinite(value):
        return value
    raise Unmodelled(f"{a.function}: a bound is not a known finite number")


def _spaced(a: Bound) -> Data:
    steps = a.steps
    if not isinstance(steps, int) or isinstance(steps, bool):
        raise Unmodelled(f"{a.function}: steps is not a known int")  # torch's TypeError
    _number(a.start, a), _number(a.end, a)
    if steps < 0:
        raise LibraryError("RuntimeError", "number of steps must be non-negative")
    dtype = _range_dtype(a, "float32", steps)
    if dtype is not None and dtype[0] in "iu" and (a.function == "torch.logspace" or not all(
            low <= v <= high for v in (a.start, a.end) for low, high in [_INT_RANGES.get(
                dtype, (-2**31, 2**31 - 1))])):
        raise Unmodelled(f"{a.function}: values that may overflow {dtype}")  # torch checks
    return Data((steps,), dtype, a.origin, extra={TORCH: True})


@library_function("torch.linspace", "start, end, steps, *, out=None, dtype=None, layout=None, "
                  "device=None, requires_grad=False")
def linspace(a: Bound) -> Data:
    return _spaced(a)


@library_function("torch.logspace", "start, end, steps, base=10.0, *, out=None, dtype=None, "
                  "layout=None, device=None, requires_grad=False")
def logspace(a: Bound) -> Data:
    return _spaced(a)


@library_function("torch.arange", "*args, start=None, end=None, step=None, out=None, "
                  "dtype=None, layout=None, device=None, requires_grad=False")
def arange(a: Bound) -> Data:
    values = list(a.args)
    if len(values) > 3 or (values and a.start is not None) or (
            len(values) == 1 and a.end is None and a.step is not None) or (
            len(values) >= 2 and a.end is not None) or (len(values) == 3 and a.step is not None):
        raise Unmodelled("torch.arange: this mix of arguments")  # torch's TypeError
    if not values:
        values = [0 if a.start is None else a.start, a.end]
    elif len(values) == 1:
        values = [values[0], a.end] if a.end is not None else [0, values[0]]
    if len(values) == 2:
        values.append(1 if a.step is None else a.step)
    start, end, step = (_number(v, a) for v in values)
    integral = not any(isinstance(v, float) for v in (start, end, step))
    dtype = _range_dtype(a, "int64" if integral else "float32")
    if dtype in ("float16", "bfloat16") and not integral or \
            dtype is not None and dtype[0] in "iu" and not integral:
        raise Unmodelled("torch.arange: a float range of a half or integer dtype")
    if step == 0:
        raise LibraryError("RuntimeError", "step must be nonzero")
    if (step > 0 and end < start) or (step < 0 and end > start):
        raise LibraryError("RuntimeError", "upper bound and lower bound inconsistent with step "
                           "sign")
    n = -((start - end) // step) if integral else math.ceil((float(end) - start) / step)
    tensor = Data((n,), dtype, a.origin, extra={TORCH: True})
    if dtype == "int64" and n:
        last = start + (n - 1) * step
        tensor.min_value, tensor.max_value, tensor.bounds = min(start, last), max(start, last), \
            "exact"
    return tensor


# --- datasets and loaders -----------------------------------------------------------------------


@dataclass(frozen=True)
class Label:
    """A Python int a dataset returns per sample (a class index below ``classes``, when
    known): collated to int64."""

    classes: int | None = None


@dataclass(frozen=True)
class Scalar:
    """A Python (or numpy) number a dataset returns per sample: collated to a tensor of
    ``dtype`` (int64 for an int, float64 for a float, bool: default_collate, measured); its
    ``value`` when the code makes it plain."""

    dtype: str
    value: Any = None


@dataclass
class SampleError:
    """Loading a sample raises (a transform rejects the image): at the first iteration."""

    error: LibraryError


@dataclass
class TorchDataset:
    """A map-style dataset: ``sample`` is what ``dataset[i]`` returns (a tuple of Data per
    sample, Label, a PIL image of torchvision.py, UNKNOWN, or a SampleError), ``count`` the
    number of samples (an int, or ``"?"``), ``at_least`` a bound when it is not known."""

    sample: Any
    count: int | str
    at_least: int = 0
    kind: str = "Dataset"


@dataclass
class TorchLoader:
    dataset: Any
    batch_size: Any
    drop_last: Any
    custom: bool = False  # a collate_fn / sampler of the user's: batches not known
    origin: Any = field(default=None, compare=False)


@library_function("torch.utils.data.TensorDataset", "*tensors",
                  aliases=("torch.utils.data.dataset.TensorDataset",))
def tensor_dataset(a: Bound) -> TorchDataset:
    tensors = list(a.tensors)
    if not tensors or not all(is_tensor(t) and t.shape for t in tensors):
        raise Unmodelled("TensorDataset of values that are not tensors of known rank")
    counts = {t.shape[0] for t in tensors}
    if len(counts) > 1 and all(isinstance(c, int) for c in counts):
        raise LibraryError("AssertionError", "Size mismatch between tensors")
    count = tensors[0].shape[0] if len(counts) == 1 else UNKNOWN_DIM
    sample = tuple(t.derived(t.shape[1:], t.origin) for t in tensors)
    return TorchDataset(sample, count if isinstance(count, int) else UNKNOWN_DIM,
                        kind="TensorDataset")


@library_function(
    "torch.utils.data.DataLoader",
    "dataset, batch_size=1, shuffle=None, sampler=None, batch_sampler=None, num_workers=0, "
    "collate_fn=None, pin_memory=False, drop_last=False, timeout=0, worker_init_fn=None, "
    "multiprocessing_context=None, generator=None, *, prefetch_factor=None, "
    "persistent_workers=False, pin_memory_device='', in_order=True",
    aliases=("torch.utils.data.dataloader.DataLoader",))
def data_loader(a: Bound) -> TorchLoader:
    custom = any(getattr(a, name) is not None for name in ("sampler", "batch_sampler",
                                                            "collate_fn"))
    return TorchLoader(a.dataset, a.batch_size, a.drop_last, custom, a.origin)


EMPTY = object()  # a loader that yields no batch (drop_last with fewer samples than a batch)


def batch_dim(loader: TorchLoader) -> Any:
    """How many samples the first batch holds: an int, ``"?"``, EMPTY, or None (not known)."""
    dataset, size = loader.dataset, loader.batch_size
    if not isinstance(dataset, TorchDataset) or loader.custom or loader.drop_last not in (
            True, False) or not isinstance(size, int) or isinstance(size, bool) or size < 1:
        return None
    count = dataset.count
    if isinstance(count, int):
        if count < size:
            return EMPTY if loader.drop_last or count == 0 else count
        return size
    if dataset.at_least >= size:
        return size
    return size if loader.drop_last else UNKNOWN_DIM  # a batch, if any, is full


def first_batch(loader: TorchLoader) -> Any:
    """What one iteration over the loader gives (the default collate of the first samples): a
    list per field of the sample; UNKNOWN when layerlint cannot say; raises LibraryError where
    loading or collating the first batch raises."""
    size = batch_dim(loader)
    if size is None or size is EMPTY:
        return UNKNOWN
    try:
        return collate(loader.dataset.sample, size, loader.origin)
    except _MayFail:
        return UNKNOWN


class _MayFail(Exception):
    """Collating the batch may raise (images of several sizes): nothing of it is known."""


def collate(sample: Any, size: Any, origin: Any) -> Any:
    if isinstance(sample, SampleError):
        raise sample.error
    if isinstance(sample, (tuple, list)):
        return [collate(s, size, origin) for s in sample]  # default_collate makes a list
    if isinstance(sample, Label):
        top = sample.classes - 1 if sample.classes else None
        return Data((size,), "int64", origin, max_value=top, min_value=0 if top else None,
                    bounds="uniform" if top else None, extra={TORCH: True})
    if isinstance(sample, Scalar):
        exact = sample.value if sample.dtype == "int64" and isinstance(sample.value, int) else None
        return Data((size,), sample.dtype, origin, max_value=exact, min_value=exact,
                    bounds="exact" if exact is not None else None, extra={TORCH: True})
    if isinstance(sample, Data) and sample.shape is not None:
        if sample.extra.get(VARIES) and size != 1:
            raise _MayFail  # images of several sizes: stacking them may fail
        if not is_tensor(sample) and sample.dtype not in FROM_NUMPY:
            return UNKNOWN
        return as_tensor(sample.derived((size, *sample.shape), origin), sample.dtype, origin)
    if getattr(sample, "is_pil_image", False):
        raise LibraryError("TypeError", "default_collate: batch must contain tensors, numpy "
                           "arrays, numbers, dicts or lists; found <class "
                           "'PIL.Image.Image'>")
    return UNKNOWN


def dataset_item(dataset: TorchDataset) -> Any:
    """``dataset[0]``: one sample (a tuple), UNKNOWN when not known."""
    sample = dataset.sample
    if isinstance(sample, SampleError):
        return UNKNOWN
    if isinstance(dataset.count, int) and dataset.count == 0:
        return UNKNOWN
    return sample
