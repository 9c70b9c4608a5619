"""Keras Embedding and Masking.

Keras 3 ``Embedding`` still accepts the Keras 2 keyword ``input_length`` but only warns
("Argument `input_length` is deprecated. Just remove it.") and drops it: it neither sets the
model's input shape nor checks the sequence length (measured). Analysis reports it as LL404 via
``a.given("input_length")``. ``Embedding`` accepts an input of any rank and appends
``output_dim``; its weights do not depend on the input shape.

``supports_masking`` of a Keras 3 Embedding equals its ``mask_zero`` argument (False by default,
which is the registered flag); it produces a mask only when ``mask_zero=True``.
"""

from __future__ import annotations

from ...ir import UNKNOWN
from ...shapes import Shape
from ...shown import type_name
from ..base import KERAS_BASE_KWARGS, Args, LayerError, Out, keras_layer
from ._checks import all_of, check_regularizers_and_constraints, known
from .core import lora_rank

_EMBEDDING_KWARGS = {**KERAS_BASE_KWARGS, "input_length": None}


def _positive_dims(a: Args) -> None:
    for arg in ("input_dim", "output_dim"):
        value = known(a, arg)
        if value is UNKNOWN:
            continue
        if not isinstance(value, int) or isinstance(value, bool) or value <= 0:
            raise LayerError(
                "LL105",
                f"Embedding needs a positive integer {arg}, got {value!r}",
                f"ValueError: `{arg}` must be a positive integer. Received: {arg}={value} "
                f"(of type {type_name(value)}).",
                arg=arg,
            )


@keras_layer(
    "Embedding",
    "input_dim, output_dim, embeddings_initializer='uniform', embeddings_regularizer=None, "
    "embeddings_constraint=None, mask_zero=False, weights=None, lora_rank=None, "
    "lora_alpha=None, quantization_config=None",
    validate=all_of(_positive_dims, check_regularizers_and_constraints),
    produces_mask=True,
    base_kwargs=_EMBEDDING_KWARGS,
)
def embedding(a: Args, x: Shape) -> Out:
    output_dim = a.output_dim
    input_dim = a.raw("input_dim")
    if input_dim is UNKNOWN:
        return Out((*x, output_dim), None)
    rank = lora_rank(a, "embeddings_constraint", "embedding")
    table = input_dim * output_dim
    if rank:  # LoRA: two trainable factors, the table itself frozen
        return Out((*x, output_dim), table + rank * (input_dim + output_dim), table)
    return Out((*x, output_dim), table)


@keras_layer(
    "Masking",
    "mask_value=0.0",
    supports_masking=True,
    produces_mask=True,
    validate=check_regularizers_and_constraints,
)
def masking(a: Args, x: Shape) -> Out:
    return Out(x)
