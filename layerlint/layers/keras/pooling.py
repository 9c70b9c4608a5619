"""Keras pooling layers (catalogue entries)."""

from __future__ import annotations
