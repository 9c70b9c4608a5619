"""layerlint: static shape checking for sequential deep-learning models.

The Python API (``layerlint.api``): ``check_source(text, path)`` and ``check_paths(paths)``
return frozen, typed reports; loaded on first use so that ``import layerlint`` stays cheap.
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


def __getattr__(name: str) -> Any:
    if name in __all__:
        from . import api

        return getattr(api, name)
    raise AttributeError(f"module 'layerlint' has no attribute {name!r}")
