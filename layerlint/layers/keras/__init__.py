"""Keras 3 layer catalogue. Importing this package registers every entry, family by family."""

from . import (  # noqa: F401  (imported for their registrations)
    activations,
    categorical,
    conv,
    core,
    embedding,
    merging,
    normalization,
    ops,
    padding,
    pooling,
    preprocessing,
    recurrent,
    regularization,
    reshaping,
    text,
    tf_ops,
    wrappers,
)
