"""LL905: which Keras dialect the file is checked against, and why (layerlint/dialect.py)."""

from . import Rule, rule

rule(Rule(
    code="LL905",
    name="dialect-keras2",
    severity="info",
    summary="The file is checked with Keras 2 (tf.keras / tf_keras) semantics; says why.",
    why="Keras 2 and Keras 3 differ in when a Sequential model is built, which shapes fit "
        "accepts and how errors read (e.g. Keras 2 builds a model at construction when its "
        "first layer is an Embedding; Keras 3 ignores input_length). layerlint picks Keras 2 "
        "when asked (--dialect keras2, dialect = \"keras2\" in the [tool.layerlint] of the "
        "file's own project), when the code imports tf_keras or sets TF_USE_LEGACY_KERAS, when "
        "the file's project pins tensorflow<2.16 or keras<3 (the nearest requirements*.txt / "
        "pyproject.toml above the file, never above the repository root; the note names it, so "
        "a copy of the file checked in another project is explained), for Keras 2 batch arguments Keras 3 rejects (LSTM(batch_input_shape=...), "
        "Dense(batch_size=...), Input(batch_input_shape=...): stateful RNN examples) unless "
        "the file uses a module only Keras 3 has (keras.ops, keras.config, ...), or for "
        "Embedding(input_length=...) in tf.keras code.",
    bad="""\
import os

os.environ["TF_USE_LEGACY_KERAS"] = "1"
from tensorflow import keras

model = keras.Sequential([keras.Input((8,)), keras.layers.Dense(1)])
""",
    good="""\
from tensorflow import keras

model = keras.Sequential([keras.Input((8,)), keras.layers.Dense(1)])
""",
))
