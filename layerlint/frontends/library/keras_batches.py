"""Batches a Keras ``Sequence`` yields to ``fit`` (``ImageDataGenerator().flow_from_directory``
& co., keras_images.py).

A :class:`Batches` holds the shape of one batch of inputs and of targets, the batch axis first
and free (how many samples a batch holds depends on files layerlint never reads).
``image_dataset_from_directory(...)`` makes a tf.data ``Dataset`` (tf_data.py) whose elements
are such batches, tagged the same way.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from ...ir import Loader
from ..values import Data, LibraryObject

SEQUENCE = "keras.Iterator"  # ImageDataGenerator's iterators (keras.utils.Sequence / PyDataset)


@dataclass(eq=False)
class Batches(LibraryObject):
    """``x`` one batch of inputs; ``y`` one batch of targets, None when the loader yields
    inputs only."""

    kind: str
    x: Data
    y: Data | None
    loader: Loader

    def arrays(self) -> tuple[Data, Data | None]:
        """The batch as fit takes it: arrays that say which loader made them."""
        return tagged(self.x, self.loader), None if self.y is None else tagged(self.y,
                                                                                self.loader)


def tagged(data: Data, loader: Loader) -> Data:
    """An array of a loader's batches, marked with the loader (the replay's checks and fixes
    of loaders read it from ``ArrayValue.loader``)."""
    return replace(data, extra={**data.extra, "loader": loader})


def batch_of(shape: tuple[Any, ...], dtype: str | None, origin: Any) -> Data:
    """One batch: a free batch axis, then ``shape``."""
    return Data((None, *shape), dtype, origin)
