"""LL206 (one sample without its batch axis) and LL207 (channels-first images for a
channels-last model): hand-written scripts and a seeded generator, for test_data_layout.py.

A case is a script: a model (Sequential with an Input, Sequential with ``input_shape=``,
functional), data made with numpy, and one data call. The intent says what the data is
("one_sample", "channels_first", or a correct "batch" / "channels_last" variant); the test
compares layerlint with real Keras 3 and tf.keras 2 (verdict, line, stage, message), checks the
code of the finding against the intent, and runs every offered fix in the framework.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

HEAD = "import numpy as np\nimport keras\nfrom keras import layers\n"


@dataclass(frozen=True)
class Case:
    name: str
    source: str
    intent: str  # "one_sample" | "channels_first" | "ok"


def _model(kind: str, shape: tuple[int, ...], style: str, units: int = 3) -> str:
    """Source that builds ``model`` taking samples of ``shape``."""
    body = {
        "dense": ["layers.Dense(8, activation='relu')", f"layers.Dense({units})"],
        "flat": ["layers.Flatten()", f"layers.Dense({units})"],
        "conv2d": ["layers.Conv2D(4, 3, padding='same', activation='relu')",
                   "layers.MaxPooling2D()", "layers.Flatten()", f"layers.Dense({units})"],
        "conv2d_gap": ["layers.Conv2D(4, 3, activation='relu')",
                       "layers.GlobalAveragePooling2D()", f"layers.Dense({units})"],
        "conv1d": ["layers.Conv1D(4, 3, activation='relu')", "layers.GlobalMaxPooling1D()",
                   f"layers.Dense({units})"],
        "lstm": ["layers.LSTM(4)", f"layers.Dense({units})"],
    }[kind]
    if style == "input_shape":
        first, *rest = body
        first = first[:-1] + (", " if not first.endswith("()") else "") + \
            f"input_shape={shape})"
        return f"model = keras.Sequential([{', '.join([first, *rest])}])\n"
    if style == "functional":
        lines = [f"inputs = keras.Input(shape={shape})", "h = inputs"]
        lines += [f"h = {layer}(h)" for layer in body]
        lines.append("model = keras.Model(inputs, h)")
        return "\n".join(lines) + "\n"
    return f"model = keras.Sequential([keras.Input(shape={shape}), {', '.join(body)}])\n"


def _script(model: str, data: str, call: str, loss: str = "mse") -> str:
    return (HEAD + data + model + f"model.compile(optimizer='adam', loss='{loss}')\n" + call
            + "\n")


HAND = [
    Case("issue: predict one test image", _script(
        _model("conv2d", (28, 28, 1), "sequential", 10),
        "x_test = np.random.rand(20, 28, 28, 1).astype('float32')\n",
        "model.predict(x_test[0])"), "one_sample"),
    Case("one image from a variable", _script(
        _model("conv2d_gap", (32, 32, 3), "sequential", 10),
        "images = np.random.rand(12, 32, 32, 3)\nimage = images[3]\n",
        "model.predict(image, verbose=0)"), "one_sample"),
    Case("one row for a dense model", _script(
        _model("dense", (13,), "input_shape", 1),
        "x_test = np.random.rand(30, 13)\n", "print(model.predict(x_test[5]))"), "one_sample"),
    Case("one sequence for an LSTM", _script(
        _model("lstm", (10, 4), "functional", 1),
        "windows = np.random.rand(40, 10, 4)\n", "model.predict(windows[-1])"), "one_sample"),
    Case("model called on one sample", _script(
        _model("flat", (28, 28), "sequential", 10),
        "x_test = np.random.rand(8, 28, 28)\n", "model(x_test[0])"), "one_sample"),
    Case("one grayscale image without its channel axis", _script(
        _model("conv2d", (28, 28, 1), "sequential", 10),
        "x_test = np.random.rand(16, 28, 28)\n", "model.predict(x_test[2])"), "one_sample"),
    Case("batch of one by slicing", _script(
        _model("conv2d", (28, 28, 1), "sequential", 10),
        "x_test = np.random.rand(20, 28, 28, 1)\n", "model.predict(x_test[0:1])"), "ok"),
    Case("batch of one by expand_dims", _script(
        _model("conv2d_gap", (32, 32, 3), "functional", 10),
        "x_test = np.random.rand(20, 32, 32, 3)\n",
        "model.predict(np.expand_dims(x_test[0], 0))"), "ok"),
    Case("batch of one by None", _script(
        _model("dense", (13,), "sequential", 1),
        "x_test = np.random.rand(30, 13)\n", "model.predict(x_test[0][None])"), "ok"),
    Case("issue: channels-first images", _script(
        _model("conv2d", (32, 32, 3), "sequential", 10),
        "x_train = np.random.rand(50, 3, 32, 32)\ny_train = np.random.rand(50, 10)\n",
        "model.fit(x_train, y_train, epochs=1, verbose=0)"), "channels_first"),
    Case("channels-first after a transpose", _script(
        _model("conv2d_gap", (32, 32, 3), "functional", 10),
        "x = np.random.rand(40, 32, 32, 3)\nx_cf = np.transpose(x, (0, 3, 1, 2))\n",
        "model.predict(x_cf, verbose=0)"), "channels_first"),
    Case("channels-first grayscale", _script(
        _model("conv2d", (28, 28, 1), "input_shape", 10),
        "x = np.random.rand(64, 1, 28, 28)\ny = np.random.rand(64, 10)\n",
        "model.evaluate(x, y, verbose=0)"), "channels_first"),
    Case("channels moved last", _script(
        _model("conv2d", (32, 32, 3), "sequential", 10),
        "x = np.random.rand(40, 3, 32, 32)\n",
        "model.predict(np.transpose(x, (0, 2, 3, 1)), verbose=0)"), "ok"),
]


SHAPES = {
    "dense": [(13,), (4,), (20,)],
    "flat": [(28, 28), (8, 8), (5, 6)],
    "conv2d": [(28, 28, 1), (32, 32, 3), (16, 16, 3), (12, 10, 2)],
    "conv2d_gap": [(28, 28, 1), (32, 32, 3), (10, 12, 3)],
    "conv1d": [(20, 1), (30, 2), (12, 3)],
    "lstm": [(10, 4), (6, 1), (12, 3)],
}


def generate(seed: int) -> Case:
    rng = random.Random(seed)
    kind = rng.choice(("conv2d", "conv2d_gap")) if rng.random() < 0.4 else rng.choice(
        sorted(SHAPES))
    shape = rng.choice(SHAPES[kind])
    style = rng.choice(("sequential", "sequential", "input_shape", "functional"))
    units = rng.choice((1, 3, 10))
    n = rng.choice((5, 8, 20, 32, 64, 40))
    images = kind.startswith("conv2d")
    roll = rng.random()
    data = f"x_test = np.random.rand({n}, {', '.join(map(str, shape))})\n"
    verbose = rng.choice(("", ", verbose=0"))
    if images and roll < 0.6:  # channels-first images, or their correct transpose
        cf = (n, shape[-1], *shape[:-1])
        way = rng.choice(("rand", "transpose", "reshape"))
        if way == "rand":
            data = f"x = np.random.rand({', '.join(map(str, cf))})\n"
        elif way == "transpose":
            data += "x = np.transpose(x_test, (0, 3, 1, 2))\n"
        else:
            data += f"x = x_test.reshape({', '.join(map(str, cf))})\n"
        intent = "channels_first"
        if rng.random() < 0.25:
            data += rng.choice(("x = np.transpose(x, (0, 2, 3, 1))\n",
                                "x = np.moveaxis(x, 1, -1)\n"))
            intent = "ok"
        method = rng.choice(("fit", "evaluate", "predict", "__call__"))
        y = f"np.random.rand({n}, {units})"
        call = {"fit": f"model.fit(x, {y}, epochs=1{verbose})",
                "evaluate": f"model.evaluate(x, {y}{verbose})",
                "predict": f"model.predict(x{verbose})", "__call__": "model(x)"}[method]
    else:  # one sample, or a batch of one
        index = rng.randrange(n)
        sample = rng.choice((f"x_test[{index}]", "sample"))
        if sample == "sample":
            data += f"sample = x_test[{index}]\n"
        intent = "one_sample"
        if rng.random() < 0.25:
            intent = "ok"
            sample = rng.choice((f"x_test[{index}:{index + 1}]", f"{sample}[None]",
                                 f"np.expand_dims({sample}, 0)", f"{sample}[np.newaxis]"))
        elif kind in ("conv2d", "conv2d_gap") and shape[-1] == 1 and rng.random() < 0.3:
            data = f"x_test = np.random.rand({n}, {', '.join(map(str, shape[:-1]))})\n" + (
                f"sample = x_test[{index}]\n" if sample == "sample" else "")
        method = rng.choice(("predict", "predict", "__call__", "predict_on_batch"))
        call = {"predict": f"model.predict({sample}{verbose})", "__call__": f"model({sample})",
                "predict_on_batch": f"model.predict_on_batch({sample})"}[method]
    source = _script(_model(kind, shape, style, units), data, call)
    return Case(f"seed {seed}: {kind} {shape} {style} {intent}", source, intent)


SEEDS = range(240)
EXPECTED_CODE = {"one_sample": "LL206", "channels_first": "LL207"}
