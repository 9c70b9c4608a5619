"""Keras 3 layer catalogue. Importing this package registers every entry."""

from . import core  # noqa: F401
