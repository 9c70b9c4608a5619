"""The layer catalogue: one declarative entry per layer, per framework.

Importing the package registers every entry (each framework's package registers its families),
so ``lookup`` sees the whole catalogue whichever module is imported first."""

from . import keras, torch  # noqa: F401  (imported for their registrations)
from .base import Args, LayerError, LayerSpec, Out, Unmodelled, all_specs, lookup

__all__ = ["Args", "LayerError", "LayerSpec", "Out", "Unmodelled", "all_specs", "lookup"]
