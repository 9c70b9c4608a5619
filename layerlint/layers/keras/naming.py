"""Keras' automatic object names (``lstm``, ``lstm_1``, ``sequential_2``).

Keras 3 names an object when it is created, from its class name in snake case, with one counter
per prefix shared by the whole process (keras/src/utils/naming.py). An explicit ``name=`` does not
advance the counter. So a file's layer names follow the order in which its layer objects are
created, across all its models.
"""

from __future__ import annotations

import re
from functools import lru_cache


@lru_cache(maxsize=1024)  # a file names many objects of few classes
def snake_case(class_name: str) -> str:
    """Keras' ``to_snake_case``: ``Conv2DTranspose`` -> ``conv2d_transpose``, ``ReLU`` -> ``re_lu``."""
    name = re.sub(r"\W+", "", class_name)
    name = re.sub("(.)([A-Z][a-z]+)", r"\1_\2", name)
    return re.sub("([a-z])([A-Z])", r"\1_\2", name).lower()


class NameCounter:
    """Hands out names as Keras' ``uniquify`` does: ``dense``, ``dense_1``, ``dense_2``..."""

    def __init__(self) -> None:
        self._uses: dict[str, int] = {}

    def take(self, class_name: str) -> str:
        prefix = snake_case(class_name)
        uses = self._uses
        count = uses.get(prefix, 0)
        uses[prefix] = count + 1
        return f"{prefix}_{count}" if count else prefix
