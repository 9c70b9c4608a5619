"""PyTorch catalogue: torch.nn modules and tensor functions (torch.*, F.*, Tensor methods).
Importing this package registers every entry."""

from ..base import register_binder
from . import (  # noqa: F401  (imported for their registrations)
    activation,
    conv,
    dropout,
    embedding,
    functions,
    functions_loss,
    functions_loss_pointwise,
    functions_math,
    functions_nn,
    linear,
    normalization,
    padding,
    pooling,
    recurrent,
    resampling,
)
from ._binding import bind_torch

register_binder("torch", bind_torch)
