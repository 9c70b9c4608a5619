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
        "input_dim must be V + 1. PyTorch's nn.Embedding(num_embeddings, ...) raises the same "
        "IndexError for ids the code makes plain (literal tensors, torch.randint's range).",
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

rule(Rule(
    code="LL307",
    name="token-ids-may-exceed-vocabulary",
    severity="warning",
    summary="Token ids may reach a tokenizer's limit (Tokenizer num_words, TextVectorization "
            "max_tokens) that exceeds the Embedding's input_dim.",
    why="Tokenizer(num_words=N) keeps ids below N and TextVectorization(max_tokens=V) ids below "
        "V, but a small corpus may have fewer words, so whether an id >= input_dim occurs depends "
        "on the texts, which layerlint cannot see. If one does, Keras 3 (torch) raises "
        "`IndexError: index out of range in self` and tf.keras on CPU `indices[i,j] = id is not "
        "in [0, input_dim)` at fit; TensorFlow on GPU returns zero vectors silently. When the "
        "texts are literals in the file the ids are computed exactly and LL302 applies instead. "
        "Size the Embedding from the limit (input_dim = num_words, or max_tokens) or from the "
        "adapted vocabulary (vectorizer.vocabulary_size()).",
    bad="""\
import keras
import numpy as np

texts = [f"review number {i} was fine" for i in range(40)]
vectorizer = keras.layers.TextVectorization(max_tokens=1000, output_sequence_length=8)
vectorizer.adapt(texts)
x = vectorizer(texts)
model = keras.Sequential([keras.layers.Embedding(100, 8), keras.layers.LSTM(4),
                          keras.layers.Dense(1)])
model.compile(optimizer="adam", loss="mse")
model.fit(x, np.zeros((40, 1)), verbose=0)
""",
    good="""\
import keras
import numpy as np

texts = [f"review number {i} was fine" for i in range(40)]
vectorizer = keras.layers.TextVectorization(max_tokens=1000, output_sequence_length=8)
vectorizer.adapt(texts)
x = vectorizer(texts)
model = keras.Sequential([keras.layers.Embedding(1000, 8), keras.layers.LSTM(4),
                          keras.layers.Dense(1)])
model.compile(optimizer="adam", loss="mse")
model.fit(x, np.zeros((40, 1)), verbose=0)
""",
))

rule(Rule(
    code="LL308",
    name="mask-reaches-loss",
    severity="error",
    summary="A mask from Embedding(mask_zero=True) or Masking reaches the loss and does not fit "
            "the per-sample losses.",
    why="Layers that support masking pass the mask on to the model output, and the loss uses it "
        "as a sample weight: Keras 3 multiplies the per-sample losses by the mask, so targets "
        "per sequence (N, 1) against an output per step (N, T, 1) fail at fit with `The size of "
        "tensor a (N) must match the size of tensor b (T)` on torch, `Incompatible shapes: [N] vs. "
        "[N,T]` in TensorFlow's traced step (without the mask the same model only "
        "broadcasts, LL401); tf.keras 2 raises `Can not squeeze dim[1], expected a dimension of "
        "1, got T`. An RNN returning only its last output or GlobalAveragePooling1D uses the "
        "mask up; Flatten, Conv1D and GlobalMaxPooling1D drop it (LL306). Return one output per "
        "sequence (return_sequences=False on the last RNN), or give targets per step (N, T, 1).",
    bad="""\
import numpy as np
import keras

model = keras.Sequential([
    keras.layers.Embedding(10, 4, mask_zero=True),
    keras.layers.LSTM(8, return_sequences=True),
    keras.layers.Dense(1),
])
model.compile(optimizer="adam", loss="mse")
model.fit(np.random.randint(1, 10, (8, 5)), np.zeros((8, 1)), verbose=0)
""",
    good="""\
import numpy as np
import keras

model = keras.Sequential([
    keras.layers.Embedding(10, 4, mask_zero=True),
    keras.layers.LSTM(8),
    keras.layers.Dense(1),
])
model.compile(optimizer="adam", loss="mse")
model.fit(np.random.randint(1, 10, (8, 5)), np.zeros((8, 1)), verbose=0)
""",
))
