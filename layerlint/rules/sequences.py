"""LL3xx: sequence models."""

from . import Rule, rule

rule(Rule(
    code="LL301",
    name="stacked-rnn-without-sequences",
    severity="error",
    summary="An RNN receives 2-D input because the previous RNN does not return sequences.",
    why="A recurrent layer returns only its last output unless return_sequences=True, so the "
        "next recurrent layer gets (batch, units) instead of (batch, timesteps, units) and Keras "
        "raises `expected ndim=3, found ndim=2`.",
    bad="""\
import keras

model = keras.Sequential([
    keras.Input((10, 5)),
    keras.layers.LSTM(16),
    keras.layers.LSTM(8),
])
""",
    good="""\
import keras

model = keras.Sequential([
    keras.Input((10, 5)),
    keras.layers.LSTM(16, return_sequences=True),
    keras.layers.LSTM(8),
])
""",
))

rule(Rule(
    code="LL302",
    name="token-id-out-of-vocabulary",
    severity="error",
    summary="The data holds a token id >= the Embedding's input_dim.",
    why="An Embedding looks ids up in a table of input_dim rows, so ids must lie in [0, "
        "input_dim). Keras 3 (torch) raises `IndexError: index out of range in self` and tf.keras "
        "on CPU `indices[i,j] = id is not in [0, input_dim)` when the model runs on the data; "
        "TensorFlow on GPU returns zero vectors for such ids without an error. With ids 1..V, "
        "input_dim must be V + 1.",
    bad="""\
import keras
import numpy as np
from keras.utils import pad_sequences

x = pad_sequences([[1, 2, 3], [4, 10]])
model = keras.Sequential([keras.layers.Embedding(10, 4), keras.layers.LSTM(8),
                          keras.layers.Dense(1)])
model.compile(optimizer="adam", loss="mse")
model.fit(x, np.zeros((2, 1)), verbose=0)
""",
    good="""\
import keras
import numpy as np
from keras.utils import pad_sequences

x = pad_sequences([[1, 2, 3], [4, 10]])
model = keras.Sequential([keras.layers.Embedding(11, 4), keras.layers.LSTM(8),
                          keras.layers.Dense(1)])
model.compile(optimizer="adam", loss="mse")
model.fit(x, np.zeros((2, 1)), verbose=0)
""",
))

rule(Rule(
    code="LL303",
    name="unpadded-sequences",
    severity="error",
    summary="A list of sequences of different lengths is passed to the model unpadded.",
    why="Keras takes arrays: a ragged list of token-id lists cannot become one tensor. Keras 3 "
        "raises `ValueError: Unrecognized data type: x=[...]` and tf.keras `Failed to find data "
        "adapter that can handle input` in fit. Pad the sequences to one length first.",
    bad="""\
import keras
import numpy as np
from keras.utils import pad_sequences

sequences = [[1, 2, 3], [4, 5]]
model = keras.Sequential([keras.layers.Embedding(10, 4), keras.layers.LSTM(8),
                          keras.layers.Dense(1)])
model.compile(optimizer="adam", loss="mse")
model.fit(sequences, np.zeros((2, 1)), verbose=0)
""",
    good="""\
import keras
import numpy as np
from keras.utils import pad_sequences

sequences = [[1, 2, 3], [4, 5]]
model = keras.Sequential([keras.layers.Embedding(10, 4), keras.layers.LSTM(8),
                          keras.layers.Dense(1)])
model.compile(optimizer="adam", loss="mse")
model.fit(pad_sequences(sequences), np.zeros((2, 1)), verbose=0)
""",
))

rule(Rule(
    code="LL304",
    name="padded-length-vs-input-length",
    severity="error",
    summary="tf.keras 2: sequences padded to another length than Embedding(input_length=).",
    why="In tf.keras 2 `Embedding(input_length=n)` declares the model input (None, n), and fit "
        "rejects data of another length: `Input 0 of layer \"sequential\" is incompatible with the "
        "layer: expected shape=(None, n), found shape=(None, m)`. Keras 3 ignores input_length "
        "(LL404). Pad with maxlen=n, or set input_length to the padded length.",
    bad="""\
import numpy as np
import tf_keras as keras
from tf_keras.preprocessing.sequence import pad_sequences

x = pad_sequences([[1, 2, 3], [4, 5]], maxlen=5)
model = keras.Sequential([keras.layers.Embedding(10, 4, input_length=4), keras.layers.LSTM(8),
                          keras.layers.Dense(1)])
model.compile(optimizer="adam", loss="mse")
model.fit(x, np.zeros((2, 1)), verbose=0)
""",
    good="""\
import numpy as np
import tf_keras as keras
from tf_keras.preprocessing.sequence import pad_sequences

x = pad_sequences([[1, 2, 3], [4, 5]], maxlen=4)
model = keras.Sequential([keras.layers.Embedding(10, 4, input_length=4), keras.layers.LSTM(8),
                          keras.layers.Dense(1)])
model.compile(optimizer="adam", loss="mse")
model.fit(x, np.zeros((2, 1)), verbose=0)
""",
))

rule(Rule(
    code="LL305",
    name="zero-token-masked",
    severity="warning",
    summary="Embedding(mask_zero=True) while the sequences use 0 as a real token.",
    why="With mask_zero=True id 0 means padding: every 0 is masked, so a real token numbered 0 "
        "is skipped by the layers after the Embedding without any message (in both dialects). "
        "Reported when literal sequences hold a 0 that pad_sequences keeps. Number the tokens "
        "from 1 (and set input_dim to the largest id + 1), or drop mask_zero=True.",
    bad="""\
import keras
import numpy as np
from keras.utils import pad_sequences

x = pad_sequences([[0, 2, 3], [4, 5]], padding="post")
model = keras.Sequential([keras.layers.Embedding(10, 4, mask_zero=True), keras.layers.LSTM(8),
                          keras.layers.Dense(1)])
model.compile(optimizer="adam", loss="mse")
model.fit(x, np.zeros((2, 1)), verbose=0)
""",
    good="""\
import keras
import numpy as np
from keras.utils import pad_sequences

x = pad_sequences([[1, 2, 3], [4, 5]], padding="post")
model = keras.Sequential([keras.layers.Embedding(10, 4, mask_zero=True), keras.layers.LSTM(8),
                          keras.layers.Dense(1)])
model.compile(optimizer="adam", loss="mse")
model.fit(x, np.zeros((2, 1)), verbose=0)
""",
))

rule(Rule(
    code="LL306",
    name="mask-dropped",
    severity="warning",
    summary="A mask from Embedding(mask_zero=True) or Masking reaches a layer that does not "
            "support masking.",
    why="Flatten, Conv1D, GlobalMaxPooling1D and other layers without masking support drop the "
        "mask, so padded steps count as data from there on. Keras 3 warns (\"Layer 'flatten' (of "
        "type Flatten) was passed an input with a mask attached to it. However, this layer does "
        "not support masking and will therefore destroy the mask information.\"); tf.keras 2 "
        "drops it silently. Dense, Dropout and RNNs with return_sequences=True pass the mask on; "
        "an RNN returning its last output and GlobalAveragePooling1D use it up. Remove "
        "mask_zero=True (or Masking), or use a layer that takes masks.",
    bad="""\
import keras

model = keras.Sequential([
    keras.Input((20,)),
    keras.layers.Embedding(1000, 16, mask_zero=True),
    keras.layers.Flatten(),
    keras.layers.Dense(1, activation="sigmoid"),
])
""",
    good="""\
import keras

model = keras.Sequential([
    keras.Input((20,)),
    keras.layers.Embedding(1000, 16, mask_zero=True),
    keras.layers.GlobalAveragePooling1D(),
    keras.layers.Dense(1, activation="sigmoid"),
])
""",
))
