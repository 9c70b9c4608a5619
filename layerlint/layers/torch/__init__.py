"""PyTorch module catalogue (torch.nn). Importing this package registers every entry."""

from . import conv, linear  # noqa: F401  (imported for their registrations)
