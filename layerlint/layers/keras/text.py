"""Keras TextVectorization (``output_mode="int"``), the same in Keras 3 and tf.keras 2.

Measured (tests/test_text_preprocessing.py): it has no weights (``count_params() == 0``); as the
first layer of a Sequential it takes strings of shape ``(batch,)`` or ``(batch, 1)`` and gives
``(batch, output_sequence_length)`` (``(batch, None)`` without it). Other input shapes, other
output modes and ``ragged=True`` are not modelled: Keras 3 accepts a ``(batch, 3)`` input when
the model is built and fails only at the call, tf.keras fails when the model is built.
"""

from __future__ import annotations

from ...shapes import Shape
from ..base import Args, Out, Unmodelled, keras_layer


@keras_layer(
    "TextVectorization",
    "max_tokens=None, standardize='lower_and_strip_punctuation', split='whitespace', "
    "ngrams=None, output_mode='int', output_sequence_length=None, pad_to_max_tokens=False, "
    "vocabulary=None, idf_weights=None, sparse=False, ragged=False, encoding='utf-8'",
)
def text_vectorization(a: Args, x: Shape) -> Out:
    if a.output_mode != "int" or a.ragged is not False:
        raise Unmodelled("TextVectorization(output_mode=...)")
    length = a.output_sequence_length
    if not (length is None or (isinstance(length, int) and not isinstance(length, bool))):
        raise Unmodelled("TextVectorization(output_sequence_length=...)")
    if not (len(x) == 1 or (len(x) == 2 and x[1] == 1)):
        raise Unmodelled("TextVectorization on this input shape")
    return Out((x[0], length), 0)
