"""layerlint: static shape checking for sequential deep-learning models.

The Python API (``layerlint.api``): ``check_source(text, path)`` and ``check_paths(paths)``
return frozen, typed reports; loaded on first use so that ``import layerlint`` stays cheap.
``%load_ext layerlint`` loads the IPython extension (``layerlint.jupyter``), which imports
IPython only then.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

__all__ = [
    "Diagnostic",
    "Edit",
    "FileReport",
    "Fix",
    "Layer",
    "Model",
    "Shape",
    "__version__",
    "check_paths",
    "check_source",
]

if TYPE_CHECKING:
    from .api import (
        Diagnostic,
        Edit,
        FileReport,
        Fix,
        Layer,
        Model,
        Shape,
        check_paths,
        check_source,
    )


def load_ipython_extension(ipython: Any) -> None:
    """``%load_ext layerlint``: check each cell before it runs (``layerlint.jupyter``)."""
    from .jupyter.extension import load_ipython_extension as load

    load(ipython)


def unload_ipython_extension(ipython: Any) -> None:
    """``%unload_ext layerlint``: stop checking cells."""
    from .jupyter.extension import unload_ipython_extension as unload

    unload(ipython)


def __getattr__(name: str) -> Any:
    if name in __all__:
        from . import api

        return getattr(api, name)
    raise AttributeError(f"module 'layerlint' has no attribute {name!r}")
