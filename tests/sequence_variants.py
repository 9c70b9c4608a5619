"""The seed's example 3 and the variations that break it (shared by the Keras 3 and tf.keras 2
sequence tests)."""

from __future__ import annotations

import pathlib

SEED_3 = (pathlib.Path(__file__).resolve().parent.parent / "examples"
          / "seed_3_padded_sequences.py").read_text()

VARIANTS = {
    # (a) padded to 5 while Embedding(input_length=4)
    "maxlen_5": SEED_3.replace("padding='post')", "padding='post', maxlen=5)"),
    # (b) a token id of 10 with Embedding(10, ...)
    "token_10": SEED_3.replace("[6, 7, 8, 9]]", "[6, 7, 8, 10]]"),
    # (c) the ragged list passed to fit unpadded
    "unpadded": SEED_3.replace("model.fit(padded_sequences", "model.fit(sequences"),
}
