"""``tf.data.Dataset`` pipelines as library entries: ``from_tensor_slices`` / ``from_tensors``,
``zip``, and the methods ``batch``, ``unbatch``, ``shuffle``, ``prefetch``, ``repeat``,
``take``, ``skip``, ``shard``, ``ignore_errors``, ``cache``, ``map`` (an unknown function: an
unknown element), ``filter``; and
``keras.utils.timeseries_dataset_from_array``.

A :class:`Dataset` holds its element as TensorFlow's ``element_spec`` says it (a structure of
``values.Data``: tuples, dicts), its cardinality, and, for a dataset batched once, the samples one
pass over it holds and the batch size: ``model.fit(dataset)`` then sees what ``fit(x, y,
batch_size=b)`` of arrays of those samples sees (keras_events.py), which is how both Keras 3 and
tf.keras 2 feed its batches (measured: the same errors at the same layers, the first batch's
shape in Keras 3's messages). An unbatched dataset's elements are each fed as one batch.
Pinned by tests/test_tf_data.py against real TensorFlow and Keras.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace
from typing import Any

from ...ir import UNKNOWN
from ...shapes import UNKNOWN_DIM, Dim
from ..arrays import from_literal
from ..values import Data, LibraryObject, as_int
from .catalogue import Bound, LibraryError, Unmodelled, library_function
from .numpy_common import known

INFINITE = "inf"  # tf.data.INFINITE_CARDINALITY


@dataclass(eq=False)
class Dataset(LibraryObject):
    """``element``: Data, a tuple/list or dict of them (UNKNOWN after an unknown ``map``);
    ``count``: the cardinality (int, ``"?"`` or INFINITE); ``samples`` / ``batch``: for a dataset
    batched once, the samples of one pass and the batch size (else ``"?"`` / None);
    ``batched``: how many times it was batched (-1: not known). The one model of a tf.data
    dataset: ``image_dataset_from_directory`` makes one too (keras_images.py), whose elements
    are its batches as they are."""

    kind: str = field(default="Dataset", init=False)  # its methods: the entries Dataset.<name>
    element: Any
    count: Any
    samples: Dim = UNKNOWN_DIM
    batch: int | None = None
    batched: int = 0
    drop_remainder: bool = False


def tensor(value: Any, a: Bound) -> Data:
    """A value as TensorFlow converts it: arrays keep their dtype; Python numbers and literal
    lists of them become float32 / int32 (TensorFlow's defaults, not numpy's)."""
    if isinstance(value, Data):
        return value
    if isinstance(value, bool):
        return Data((), "bool", a.origin)
    if isinstance(value, int):
        return Data((), "int32", a.origin, min_value=value, max_value=value, bounds="exact")
    if isinstance(value, float):
        return Data((), "float32", a.origin)
    if isinstance(value, (list, tuple)):
        data = from_literal(value, a.origin)
        if isinstance(data, Data) and not data.ragged:
            dtype = {"float64": "float32", "int64": "int32"}.get(data.dtype or "", data.dtype)
            return data.derived(data.shape, a.origin, dtype=dtype)
    raise Unmodelled(f"{a.function}: a tensor that is not known")


def _structure(value: Any, a: Bound, leaf: Any) -> Any:
    """Apply ``leaf`` to each tensor of a tuple / dict structure (a list is one tensor)."""
    if isinstance(value, tuple):
        return tuple(_structure(v, a, leaf) for v in value)
    if isinstance(value, dict):
        if not all(isinstance(k, str) for k in value):
            raise Unmodelled("a dict with keys that are not strings")
        return {k: _structure(v, a, leaf) for k, v in value.items()}
    return leaf(tensor(value, a))


def leaves(element: Any) -> list[Data]:
    if isinstance(element, (tuple, list)):
        return [leaf for e in element for leaf in leaves(e)]
    if isinstance(element, dict):
        return [leaf for e in element.values() for leaf in leaves(e)]
    return [element]


def _map(element: Any, leaf: Any) -> Any:
    if isinstance(element, tuple):
        return tuple(_map(e, leaf) for e in element)
    if isinstance(element, dict):
        return {k: _map(e, leaf) for k, e in element.items()}
    return leaf(element)


def _common(dims: list[Dim]) -> Dim:
    """The one first dimension of every sliced tensor (TensorFlow's message when two differ)."""
    ints = [d for d in dims if known(d)]
    for d in ints[1:]:
        if d != ints[0]:
            raise LibraryError("ValueError", f"Dimensions {ints[0]} and {d} are not compatible")
    if ints:
        return ints[0]
    first = dims[0]
    return first if first is not None and all(d == first for d in dims) else UNKNOWN_DIM


@library_function("tensorflow.data.Dataset.from_tensor_slices", "tensors, name=None")
def from_tensor_slices(a: Bound) -> Dataset:
    def slice_first(data: Data) -> Data:
        if data.shape is None:
            raise Unmodelled("from_tensor_slices of a tensor of unknown rank")
        if not data.shape:
            raise LibraryError("ValueError", "Unbatching a tensor is only supported for rank >= 1")
        # The bounds hold over all elements (one pass feeds them all: fit_arrays).
        return data.derived(data.shape[1:], a.origin)

    firsts: list[Dim] = []

    def leaf(data: Data) -> Data:
        if data.shape:
            firsts.append(data.shape[0])
        return slice_first(data)

    element = _structure(a.tensors, a, leaf)
    count = _common(firsts) if firsts else UNKNOWN_DIM
    return Dataset(element, count, samples=count)


@library_function("tensorflow.data.Dataset.from_tensors", "tensors, name=None")
def from_tensors(a: Bound) -> Dataset:
    return Dataset(_structure(a.tensors, a, lambda d: d.derived(d.shape, a.origin)), 1, 1)


def _dataset(value: Any) -> Dataset:
    if not isinstance(value, Dataset):
        raise Unmodelled("not a dataset layerlint follows")
    return value


@library_function("tensorflow.data.Dataset.zip", "*args, datasets=None, name=None")
def zip_(a: Bound) -> Dataset:
    given = a.datasets if a.datasets is not None else (a.args[0] if len(a.args) == 1 else a.args)
    if isinstance(given, Dataset):
        given = (given,)
    if not isinstance(given, (tuple, dict)) or not given:
        raise Unmodelled("Dataset.zip of a structure layerlint does not follow")
    parts = list(given.values()) if isinstance(given, dict) else list(given)
    datasets = [_dataset(d) for d in parts]
    element = {k: d.element for k, d in zip(given, datasets)} if isinstance(given, dict) \
        else tuple(d.element for d in datasets)
    counts = [d.count for d in datasets]
    finite = [c for c in counts if c != INFINITE]
    count = INFINITE if not finite else min(finite) if all(known(c) for c in finite) \
        else UNKNOWN_DIM
    if any(d.batched for d in datasets):  # batches of several datasets: not followed for fit
        return Dataset(element, count, batched=-1)
    return Dataset(element, count, samples=count)


# --- methods ------------------------------------------------------------------------------------


@library_function("Dataset.batch", "self, batch_size, drop_remainder=False, "
                  "num_parallel_calls=None, deterministic=None, name=None")
def batch(a: Bound) -> Dataset:
    ds = _dataset(a.self)
    if a.drop_remainder is True:
        ds = _some(ds)
    size = as_int(a.batch_size)
    if size is None or not isinstance(a.drop_remainder, bool):
        raise Unmodelled("Dataset.batch with a size that is not known")
    if size <= 0:
        raise LibraryError("InvalidArgumentError", None)
    axis = size if a.drop_remainder else None
    element = UNKNOWN if ds.element is UNKNOWN else _map(
        ds.element, lambda d: _rebatched(d, None if d.shape is None else (axis, *d.shape), a))
    count = ds.count
    if known(count):
        count = count // size if a.drop_remainder else math.ceil(count / size)
    elif count != INFINITE:
        count = UNKNOWN_DIM
    if ds.batched:
        return Dataset(element, count, batched=-1)
    samples = ds.samples
    if a.drop_remainder and known(samples):
        samples = samples // size * size
    elif a.drop_remainder:
        samples = UNKNOWN_DIM
    return Dataset(element, count, samples, size, 1, a.drop_remainder)


def _same(a: Bound) -> Dataset:
    ds = _dataset(a.self)
    return replace(ds)


@library_function("Dataset.shuffle", "self, buffer_size, seed=None, "
                  "reshuffle_each_iteration=True, name=None")
def shuffle(a: Bound) -> Dataset:
    """Shuffled batches: the first one fit meets may be the last, smaller one (which one is
    drawn at random), so the batch sizes stay known but the samples behind them do not."""
    ds = _dataset(a.self)
    if ds.batched == 1 and not ds.drop_remainder and not (known(ds.samples) and ds.batch and (
            ds.samples % ds.batch == 0 or ds.samples <= ds.batch)):  # one size of batch
        return replace(ds, samples=UNKNOWN_DIM)
    return replace(ds)


for _name, _signature in (
    ("prefetch", "self, buffer_size, name=None"),
    ("cache", "self, filename='', name=None"),
    ("with_options", "self, options, name=None"),
):
    library_function(f"Dataset.{_name}", _signature)(_same)


@library_function("Dataset.repeat", "self, count=None, name=None")
def repeat(a: Bound) -> Dataset:
    ds = _dataset(a.self)
    times = None if a.count is None else as_int(a.count)
    if a.count is not None and times is None:
        raise Unmodelled("Dataset.repeat(count=?)")
    if times is None or times < 0:
        count: Any = INFINITE if ds.count != 0 else 0
        samples: Dim = UNKNOWN_DIM
    else:
        count = ds.count * times if known(ds.count) else (
            ds.count if ds.count == INFINITE else UNKNOWN_DIM)
        samples = ds.samples * times if known(ds.samples) else UNKNOWN_DIM
    if ds.batched:  # the same batches again: the batch sizes fit sees are the same
        return replace(ds, count=count)
    return replace(ds, count=count, samples=samples)


def _some(ds: Dataset) -> Dataset:
    """Some of the elements: bounds that were the values themselves are now only limits."""
    if ds.element is UNKNOWN:
        return ds
    return replace(ds, element=_map(ds.element, lambda d: replace(d, bounds="at_most")
                                    if d.bounds == "exact" else d))


def _limit(a: Bound, taking: bool) -> Dataset:
    """``take(n)`` (n < 0: all) / ``skip(n)`` (n < 0: all skipped)."""
    ds = _some(_dataset(a.self))
    n = as_int(a.count)
    if n is None:
        raise Unmodelled("Dataset.take / skip of a count that is not known")
    count = ds.count
    if taking and n >= 0:
        count = min(n, count) if known(count) else n if count == INFINITE else UNKNOWN_DIM
    elif not taking:
        count = (0 if n < 0 else max(count - n, 0)) if known(count) else count
    if ds.batched:  # some of the batches: which sizes remain is not followed
        return replace(ds, count=count, samples=UNKNOWN_DIM, batched=-1)
    return replace(ds, count=count, samples=count if known(count) else UNKNOWN_DIM)


@library_function("Dataset.unbatch", "self, name=None")
def unbatch(a: Bound) -> Dataset:
    """Each element split along its first axis: a dataset batched once gives its samples
    back; elements that were batches as they came (a directory loader's) give samples of a
    count not known."""
    ds = _dataset(a.self)
    if ds.element is UNKNOWN:
        raise Unmodelled("Dataset.unbatch of an unknown element")
    _check_unbatch(ds.element)
    element = _map(ds.element, lambda d: _rebatched(d, d.shape[1:], a))  # type: ignore[index]
    if ds.batched == 1:  # TensorFlow's cardinality is unknown after unbatch (measured)
        samples = UNKNOWN_DIM if ds.samples == INFINITE else ds.samples
        return Dataset(element, UNKNOWN_DIM, samples=samples)
    if ds.batched == 0:
        return Dataset(element, UNKNOWN_DIM, samples=UNKNOWN_DIM)
    return Dataset(element, UNKNOWN_DIM, batched=-1)


def _check_unbatch(element: Any) -> None:
    """TensorFlow's checks, over the components in ``tf.nest`` order: none is a scalar, and
    their first axes agree."""
    flat = _nest_order(element)
    if any(d.shape == () for d in flat):
        raise LibraryError("ValueError", "Cannot unbatch an input with scalar components.")
    if any(d.shape is None for d in flat):
        raise Unmodelled("Dataset.unbatch of elements of unknown rank")
    merged: Any = None  # TensorFlow's Dimension(None), merged with each first axis in turn
    for d in flat:
        first = d.shape[0]  # type: ignore[index]
        if first is None:
            continue
        if merged is None:
            merged = first
        elif isinstance(first, int) and isinstance(merged, int):
            if first != merged:
                raise LibraryError("ValueError", "`unbatch()` is only supported for datasets of "
                                   "elements whose components have a matching leading "
                                   f"dimension. Encountered both {merged} and {first}.")
        elif first != merged or first == UNKNOWN_DIM:
            raise Unmodelled("Dataset.unbatch: first axes layerlint does not know")


def _nest_order(element: Any) -> list[Data]:
    """The leaves as ``tf.nest.flatten`` lists them (a dict's by sorted key)."""
    if isinstance(element, (tuple, list)):
        return [leaf for e in element for leaf in _nest_order(e)]
    if isinstance(element, dict):
        return [leaf for key in sorted(element) for leaf in _nest_order(element[key])]
    return [element]


def _rebatched(data: Data, shape: Any, a: Bound) -> Data:
    """An element batched or unbatched anew: no longer a directory loader's batch (the
    replay's loader checks read their batches' first axis as the batch)."""
    extra = {k: v for k, v in data.extra.items() if k != "loader"}
    return data.derived(shape, a.origin, extra=extra)


def _fewer(a: Bound, count: Any = UNKNOWN_DIM) -> Dataset:
    """``shard(n, i)``, ``ignore_errors()``: the same elements, fewer of them (``count``, when
    TensorFlow knows it)."""
    ds = _some(_dataset(a.self))
    if ds.batched:
        return replace(ds, count=count, samples=UNKNOWN_DIM, batched=-1)
    return replace(ds, count=count, samples=count if known(count) else UNKNOWN_DIM)


@library_function("Dataset.shard", "self, num_shards, index, name=None")
def shard(a: Bound) -> Dataset:
    """Every ``num_shards``-th element from ``index``: TensorFlow checks both when the dataset
    is made (InvalidArgumentError; its message carries the op's name) and counts them."""
    ds = _dataset(a.self)
    shards, index = as_int(a.num_shards), as_int(a.index)
    if shards is None or index is None:
        return _fewer(a)
    if shards <= 0 or not 0 <= index < shards:
        raise LibraryError("InvalidArgumentError", None)
    count = ds.count
    if known(count):
        count = count // shards + (1 if index < count % shards else 0)
    elif count != INFINITE:
        count = UNKNOWN_DIM
    return _fewer(a, count)


library_function("Dataset.ignore_errors", "self, log_warning=False, name=None")(_fewer)


@library_function("Dataset.take", "self, count, name=None")
def take(a: Bound) -> Dataset:
    return _limit(a, taking=True)


@library_function("Dataset.skip", "self, count, name=None")
def skip(a: Bound) -> Dataset:
    return _limit(a, taking=False)


@library_function("Dataset.map", "self, map_func, num_parallel_calls=None, deterministic=None, "
                  "synchronous=None, use_unbounded_threadpool=False, name=None")
def map_(a: Bound) -> Dataset:
    """The function is not followed: its elements are unknown (their count is kept)."""
    ds = _dataset(a.self)
    return Dataset(UNKNOWN, ds.count, batched=-1)


@library_function("Dataset.filter", "self, predicate, name=None")
def filter_(a: Bound) -> Dataset:
    ds = _some(_dataset(a.self))
    return Dataset(ds.element, INFINITE if ds.count == INFINITE else UNKNOWN_DIM,
                   batched=-1 if ds.batched else 0)


# --- keras.utils.timeseries_dataset_from_array --------------------------------------------------


@library_function("keras.utils.timeseries_dataset_from_array",
                  "data, targets, sequence_length, sequence_stride=1, sampling_rate=1, "
                  "batch_size=128, shuffle=False, seed=None, start_index=None, end_index=None, "
                  "format='tf'", aliases=("keras.preprocessing.timeseries_dataset_from_array",))
def timeseries_dataset_from_array(a: Bound) -> Dataset:
    """Windows of ``sequence_length`` steps taken every ``sequence_stride`` steps:
    ``num_seqs = end - start - (sequence_length - 1) * sampling_rate`` (at most
    ``len(targets)``), one window per ``sequence_stride`` of them, batched. TensorFlow's element
    spec leaves the window axis None; the batches have ``sequence_length`` steps."""
    data = tensor(a.data, a)
    if data.shape is None or not data.shape:
        raise Unmodelled("timeseries data of unknown rank")
    length, stride, rate = (as_int(v) for v in (a.sequence_length, a.sequence_stride,
                                                 a.sampling_rate))
    size = None if a.batch_size is None else as_int(a.batch_size)
    if None in (length, stride, rate) or a.batch_size is not None and size is None or \
            a.format != "tf":
        raise Unmodelled("timeseries_dataset_from_array arguments that are not known")
    n = data.shape[0]
    start = as_int(a.start_index) if a.start_index is not None else 0
    end = as_int(a.end_index) if a.end_index is not None else n
    if start is None or end is None:
        raise Unmodelled("timeseries_dataset_from_array(start_index / end_index=?)")
    if rate <= 0 or stride <= 0 or start < 0 or known(n) and (  # type: ignore[operator]
            rate >= n or stride >= n or start and start >= n or a.end_index and (  # type: ignore[operator]
                end >= n or end <= 0 or start and end <= start)):  # type: ignore[operator]
        raise LibraryError("ValueError", None)  # the argument checks of the Keras source
    targets = None if a.targets is None else tensor(a.targets, a)
    windows: Dim = UNKNOWN_DIM
    if known(end) and (targets is None or targets.shape and known(targets.shape[0])):
        num = end - start - (length - 1) * rate  # type: ignore[operator]
        if targets is not None:
            num = min(num, targets.shape[0])  # type: ignore[index]
        windows = len(range(0, num, stride))  # type: ignore[arg-type]
    axis = None
    x = data.derived((axis, length, *data.shape[1:]), a.origin)
    element: Any = x
    if targets is not None:
        if targets.shape is None or not targets.shape:
            raise Unmodelled("timeseries targets of unknown rank")
        element = (x, targets.derived((axis, *targets.shape[1:]), a.origin))
    if size is None:  # not batched: one window per element
        element = _map(element, lambda d: d.derived(d.shape[1:], a.origin))  # type: ignore
        return Dataset(element, windows, samples=windows)
    count = math.ceil(windows / size) if known(windows) else UNKNOWN_DIM
    return Dataset(element, count, windows, size, 1)


# --- what fit sees ------------------------------------------------------------------------------


def traced_batch(ds: Dataset) -> Any:
    """The batch axis of the element spec (what tf.keras 2 traces fit's step with): the batch
    size with ``drop_remainder``, else None; an unbatched dataset's elements have no such axis
    of their own, so their first axis is it."""
    if ds.batched == 1:
        return ds.batch if ds.drop_remainder else None
    first = [d.shape[0] for d in leaves(ds.element) if d.shape] if ds.element is not UNKNOWN \
        else []
    return first[0] if first and known(first[0]) else None


def fit_arrays(ds: Dataset) -> tuple[Any, Any, int | None] | None:
    """``(x, y, batch_size)`` as arrays of one pass's samples, fed by ``fit(x, y, batch_size)``
    the way Keras feeds the dataset's batches; None when the elements are not followed. ``x`` and
    ``y`` are Data or tuples / dicts of them (several inputs or outputs); ``y`` None when the
    elements hold no targets."""
    element = ds.element
    if element is UNKNOWN or ds.batched < 0 or ds.batched > 1:
        return None
    if isinstance(element, tuple):
        if not 1 <= len(element) <= 3:
            return None
        x, y = element[0], (element[1] if len(element) > 1 else None)
    else:
        x, y = element, None
    if ds.batched == 1 and ds.samples == 0:
        return None  # no batch at all: Keras fails in ways of its own
    if ds.batched == 0:  # each element is one batch, as it is
        first = [d.shape[0] for d in leaves(x) if d.shape]
        size = first[0] if first and known(first[0]) else None
        if y is not None and any(not d.shape or d.shape[0] != size for d in leaves(y)):
            # Keras compares no sample counts on a dataset: these targets meet the model's
            # output in the loss, which is not followed from here
            y = UNKNOWN
        return x, y, size
    samples = ds.samples
    whole = _map(x, lambda d: d.derived(None if d.shape is None else (samples, *d.shape[1:]),
                                        d.origin))
    targets = None if y is None else _map(
        y, lambda d: d.derived(None if d.shape is None else (samples, *d.shape[1:]), d.origin))
    return whole, targets, ds.batch
