"""The layer catalogue: one declarative entry per layer, per framework."""

from .base import Args, LayerError, LayerSpec, Out, Unmodelled, all_specs, lookup

__all__ = ["Args", "LayerError", "LayerSpec", "Out", "Unmodelled", "all_specs", "lookup"]
