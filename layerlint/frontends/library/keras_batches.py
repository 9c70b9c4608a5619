"""Batches a Keras data loader yields to ``fit``, and the ``tf.data.Dataset`` methods that keep
them as they are (``prefetch``, ``cache``, ``shuffle``, ...).

A :class:`Batches` is what ``ImageDataGenerator.flow_from_directory(...)`` (a Keras ``Sequence``)
or ``image_dataset_from_directory(...)`` (a ``tf.data.Dataset``) makes: the shape of one batch
of inputs and of targets, the batch axis first and free (how many samples a batch holds depends
on files layerlint never reads). The loaders themselves are in keras_images.py.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from ...ir import UNKNOWN, Loader
from ..values import Data, as_int
from .catalogue import Bound, CatalogueObject, Unmodelled, library_function

SEQUENCE = "keras.Iterator"  # ImageDataGenerator's iterators (keras.utils.Sequence / PyDataset)
DATASET = "tf.data.Dataset"


@dataclass(eq=False)
class Batches(CatalogueObject):
    """``x`` one batch of inputs; ``y`` one batch of targets, None when the loader yields
    inputs only; ``batched`` False after ``unbatch()`` (elements are single samples)."""

    kind: str
    x: Data
    y: Data | None
    loader: Loader
    batched: bool = True

    def arrays(self) -> tuple[Data, Data | None]:
        """The batch as fit takes it: arrays that say which loader made them."""
        return self._tagged(self.x), None if self.y is None else self._tagged(self.y)

    def _tagged(self, data: Data) -> Data:
        return replace(data, extra={**data.extra, "loader": self.loader})


def batch_of(shape: tuple[Any, ...], dtype: str | None, origin: Any) -> Data:
    """One batch: a free batch axis, then ``shape``."""
    return Data((None, *shape), dtype, origin)


def _same(a: Bound) -> Batches:
    dataset = a.self
    if not isinstance(dataset, Batches):
        raise Unmodelled(f"{a.function}: not a dataset layerlint follows")
    return dataset


# Dataset methods that change neither the elements' shapes nor their structure.
_KEEPING = {
    "prefetch": "self, buffer_size, name=None",
    "cache": "self, filename='', name=None",
    "shuffle": "self, buffer_size, seed=None, reshuffle_each_iteration=None, name=None",
    "repeat": "self, count=None, name=None",
    "take": "self, count, name=None",
    "skip": "self, count, name=None",
    "shard": "self, num_shards, index, name=None",
    "with_options": "self, options, name=None",
    "ignore_errors": "self, log_warning=False, name=None",
}


def _register_keeping(method: str, signature: str) -> None:
    @library_function(f"{DATASET}.{method}", signature)
    def keeping(a: Bound) -> Batches:
        return _same(a)


for _method, _signature in _KEEPING.items():
    _register_keeping(_method, _signature)


@library_function(f"{DATASET}.unbatch", "self, name=None")
def unbatch(a: Bound) -> Batches:
    dataset = _same(a)
    if not dataset.batched:
        raise Unmodelled("unbatch() of elements that are not batches")
    return replace(dataset, x=_drop_batch(dataset.x), batched=False,
                   y=None if dataset.y is None else _drop_batch(dataset.y))


@library_function(f"{DATASET}.batch", "self, batch_size, drop_remainder=False, "
                  "num_parallel_calls=None, deterministic=None, name=None")
def batch(a: Bound) -> Batches:
    dataset = _same(a)
    if as_int(a.batch_size) is None and a.batch_size is not UNKNOWN:
        raise Unmodelled("batch() of a size that is not a number")
    return replace(dataset, x=_add_batch(dataset.x), batched=True,
                   y=None if dataset.y is None else _add_batch(dataset.y))


def _drop_batch(data: Data) -> Data:
    if not data.shape:
        raise Unmodelled("unbatch() of scalars")
    return replace(data, shape=data.shape[1:])


def _add_batch(data: Data) -> Data:
    if data.shape is None:
        raise Unmodelled("batch() of elements of unknown rank")
    return replace(data, shape=(None, *data.shape))
