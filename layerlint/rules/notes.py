"""LL9xx: the file or parts of a model could not be analysed."""

from . import Rule, rule

rule(Rule(
    code="LL900",
    name="file-not-analysed",
    severity="error",
    summary="The file could not be analysed (cannot decode, syntax error, too deeply nested, "
            "not a regular file, over the size limit).",
    why="layerlint reads the source without running it; a file Python cannot parse cannot be "
        "checked (and would not run either). Only regular files are read: a FIFO, a socket or a "
        "device is reported and skipped (reading it could block or never end), a symlink loop "
        "is reported, not followed, and a file over 5 MB (counted on the bytes read) is not "
        "analysed.",
    bad="""\
import keras

model = keras.Sequential([
    keras.layers.Dense(4
""",
    good="""\
import keras

model = keras.Sequential([
    keras.layers.Dense(4),
])
""",
))

rule(Rule(
    code="LL901",
    name="layer-not-modelled",
    severity="info",
    summary="A layer layerlint does not model (Lambda, a custom class): shapes after it are "
            "unknown.",
    why="Without the layer's semantics layerlint cannot know its output, so it reports nothing "
        "downstream of it rather than guess.",
    bad="""\
import keras

model = keras.Sequential([
    keras.Input((8,)),
    keras.layers.Lambda(lambda t: t * 2),
    keras.layers.Dense(1),
])
""",
    good="""\
import keras

model = keras.Sequential([
    keras.Input((8,)),
    keras.layers.Rescaling(2.0),
    keras.layers.Dense(1),
])
""",
))

rule(Rule(
    code="LL902",
    name="value-not-evaluated",
    severity="info",
    summary="A value layerlint could not evaluate, on which a shape depends.",
    why="Values computed at run time (read from the command line, a file, a function) are "
        "unknown statically; shapes that depend on them are unknown and never reported. A "
        "literal of more than a million numbers is not read either (the note says so). On a Keras "
        "3 backend layerlint does not model (jax, numpy, openvino), an error text only that "
        "backend prints is not quoted, and the note says so.",
    bad="""\
import os
import keras

width = int(os.environ.get("WIDTH", "8"))
model = keras.Sequential([
    keras.Input((width,)),
    keras.layers.Dense(1),
])
""",
    good="""\
import keras

width = 8
model = keras.Sequential([
    keras.Input((width,)),
    keras.layers.Dense(1),
])
""",
))

rule(Rule(
    code="LL903",
    name="model-not-followed",
    severity="info",
    summary="The model is changed in a way layerlint cannot follow (loops, conditions, unknown "
            "calls).",
    why="Layers added in a loop or under a condition make the layer stack depend on run-time "
        "values, so layerlint stops checking that model rather than guess. The same holds for a "
        "subclassed model whose call() loops over run-time values, branches on data or "
        "recurses, or calls what layerlint does not follow (a keras.ops function outside its "
        "catalogue, a TensorFlow function in Keras 3; in tf.keras 2 a functional model or a "
        "custom layer's build() that creates layers): the note names the statement that "
        "stopped it. In a tf.keras 2 graph, "
        "TensorFlow functions outside its catalogue (tf.concat, tf.reduce_mean, tf.matmul, "
        "x[:, 0] and the like are followed) get it too. So does a file whose Keras 3 runs on a "
        "backend layerlint does not model (JAX, numpy, OpenVINO: only what torch and "
        "TensorFlow raise alike is reported), and keras.ops in a subclass's call() on the "
        "TensorFlow backend.",
    bad="""\
import os
import keras

model = keras.Sequential()
model.add(keras.Input((8,)))
for _ in range(int(os.environ.get("DEPTH", "2"))):
    model.add(keras.layers.Dense(8))
model.add(keras.layers.Dense(1))
""",
    good="""\
import keras

model = keras.Sequential()
model.add(keras.Input((8,)))
model.add(keras.layers.Dense(8))
model.add(keras.layers.Dense(8))
model.add(keras.layers.Dense(1))
""",
))

rule(Rule(
    code="LL904",
    name="model-not-checked",
    severity="info",
    summary="A model layerlint does not check at all: loaded from a file, built by a library's "
            "code, or made by arguments it cannot evaluate.",
    why="A model loaded with load_model / torch.load (or made by keras.applications, "
        "torchvision, timm, torch.hub) has its layers in a file or a library, not in the "
        "source, so nothing about it can be checked; a silent pass would read as \"checked and "
        "fine\". The summary line counts such models: \"1 model not followed\". Followed: "
        "Keras Sequential, functional and subclassed models, PyTorch nn.Sequential and "
        "nn.Module classes at any depth (a call or forward it "
        "cannot follow gets LL903); the README's model styles table lists them.",
    bad="""\
import os
import tempfile

import keras
import numpy as np

path = os.path.join(tempfile.mkdtemp(), "classifier.keras")
keras.Sequential([keras.Input((8,)), keras.layers.Dense(1)]).save(path)

model = keras.models.load_model(path)
model.predict(np.zeros((2, 8)), verbose=0)
""",
    good="""\
import os
import tempfile

import keras
import numpy as np

path = os.path.join(tempfile.mkdtemp(), "classifier.weights.h5")
keras.Sequential([keras.Input((8,)), keras.layers.Dense(1)]).save_weights(path)

model = keras.Sequential([keras.Input((8,)), keras.layers.Dense(1)])
model.load_weights(path)
model.predict(np.zeros((2, 8)), verbose=0)
""",
))

rule(Rule(
    code="LL906",
    name="io-error",
    severity="error",
    summary="A path named on the command line does not exist (as ruff's E902); the other "
            "paths are still checked.",
    why="A misspelt or deleted path in a CI or pre-commit command would otherwise pass as "
        "\"nothing found\". The finding is one line at the path, the run exits 1 as for any "
        "error, and `--ignore LL906` silences it. A command-line finding: its examples are "
        "commands, run by tests/test_cli_ruff_habits.py.",
    frameworks=("keras", "torch"),
    bad="""\
# $ layerlint check train.py modle.py
# modle.py:1:1: LL906 No such file or directory (os error 2)
""",
    good="""\
# $ layerlint check train.py model.py
""",
))
