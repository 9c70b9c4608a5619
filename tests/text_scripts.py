"""Tutorial-style text scripts (Tokenizer / TextVectorization + Embedding + LSTM + fit) for
tests/test_text_preprocessing.py, and a runner that executes a batch of them in one fresh
process of real Keras 3 (torch backend, TensorFlow imported without TF_USE_LEGACY_KERAS so that
``tensorflow.keras`` is Keras 3) or real tf.keras 2 (tf_keras).

A fresh process per dialect because ``TF_USE_LEGACY_KERAS`` is read once, when TensorFlow is
first imported, and the keras2 runner sets it for the whole test process.
"""

from __future__ import annotations

import os
import pickle
import subprocess
import sys
import tempfile

from framework_env import framework_env

_TESTS = os.path.dirname(os.path.abspath(__file__))

HEADER = """\
import numpy as np
from tensorflow import keras
from tensorflow.keras.preprocessing.text import Tokenizer
from tensorflow.keras.preprocessing.sequence import pad_sequences

"""

LITERAL_TEXTS = ('texts = ["The cat sat on the mat.", "The dog ate my homework!", '
                 '"A cat, a dog, and a bird?"]\n')


def tokenizer_script(embedding: str, texts: str = LITERAL_TEXTS, tokenizer: str =
                     'Tokenizer(oov_token="<OOV>")', maxlen: int = 8) -> str:
    return HEADER + texts + f"""\
tokenizer = {tokenizer}
tokenizer.fit_on_texts(texts)
sequences = tokenizer.texts_to_sequences(texts)
x = pad_sequences(sequences, maxlen={maxlen}, padding="post")
vocab_size = len(tokenizer.word_index) + 1
model = keras.Sequential([
    keras.layers.{embedding},
    keras.layers.LSTM(4),
    keras.layers.Dense(1, activation="sigmoid"),
])
model.compile(optimizer="adam", loss="binary_crossentropy")
model.fit(x, np.ones((len(texts), 1)), epochs=1, verbose=0)
"""


def vectorizer_script(embedding: str, texts: str = LITERAL_TEXTS,
                      vectorizer: str = "max_tokens=1000, output_sequence_length=8") -> str:
    return HEADER + texts + f"""\
vectorizer = keras.layers.TextVectorization({vectorizer})
vectorizer.adapt(texts)
x = vectorizer(texts)
model = keras.Sequential([
    keras.layers.{embedding},
    keras.layers.LSTM(4),
    keras.layers.Dense(1, activation="sigmoid"),
])
model.compile(optimizer="adam", loss="binary_crossentropy")
model.fit(x, np.ones((len(texts), 1)), epochs=1, verbose=0)
"""


def vectorizer_model_script(embedding: str, texts: str = LITERAL_TEXTS,
                            vectorizer: str = "max_tokens=20, output_sequence_length=6",
                            shape: str = "(1,)", data: str = "np.array(texts)[:, None]") -> str:
    """TextVectorization as the first layer of the model."""
    return HEADER + texts + f"""\
vectorizer = keras.layers.TextVectorization({vectorizer})
vectorizer.adapt(texts)
model = keras.Sequential([
    keras.Input(shape={shape}, dtype="string"),
    vectorizer,
    keras.layers.{embedding},
    keras.layers.LSTM(4),
    keras.layers.Dense(1),
])
model.compile(optimizer="adam", loss="mse")
model.fit({data}, np.zeros((len(texts), 1)), verbose=0)
"""


# Texts layerlint cannot read (f-strings): a corpus of `words` distinct words.
def unknown_texts(words: int, count: int = 60) -> str:
    return f'texts = [f"w{{i % {words}}} w{{(i + 1) % {words}}} common" for i in range({count})]\n'


_BATCH = """
import pickle, sys
dialect, source, target = sys.argv[1:4]
if dialect == "keras2":
    from tf_keras_runner import run_script
else:
    from differential.keras_runner import run_script as run

    def run_script(text):
        return run(text, rewrite=False)
with open(source, "rb") as f:
    scripts = pickle.load(f)
runs = [run_script(text) for text in scripts]
with open(target, "wb") as f:
    pickle.dump(runs, f)
"""


def run_batch(scripts: list[str], dialect: str) -> list:
    """Run each script in real Keras ("keras3") or tf_keras ("keras2"); a KerasRun each."""
    env = framework_env(dialect, PYTHONPATH=os.pathsep.join(
        [_TESTS, os.path.join(_TESTS, "keras2"), os.environ.get("PYTHONPATH", "")]))
    with tempfile.TemporaryDirectory() as tmp:
        source, target = os.path.join(tmp, "in.pkl"), os.path.join(tmp, "out.pkl")
        with open(source, "wb") as f:
            pickle.dump(scripts, f)
        subprocess.run([sys.executable, "-c", _BATCH, dialect, source, target], env=env,
                       cwd=_TESTS, check=True, timeout=1800, capture_output=True)
        with open(target, "rb") as f:
            return pickle.load(f)
