"""layerlint: static shape checking for sequential deep-learning models."""

__version__ = "0.1.0"
