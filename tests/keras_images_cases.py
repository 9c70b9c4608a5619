"""Cases for the differential tests of Keras' image and text loaders (test_keras_images.py,
keras2/test_keras_images_keras2.py): generated directories of tiny images and text files, the
loader calls (hand-picked and a seeded grid) and whole training scripts (seeded), and how
layerlint's answers are compared with real runs.

Everything is written under one temporary directory per process (removed at exit); images are
12x10 PNGs of a few hundred bytes, texts a line each.
"""

from __future__ import annotations

import ast
import atexit
import functools
import os
import random
import re
import shutil
import tempfile
from typing import Any

from layerlint.frontends.interpreter import Interpreter
from layerlint.frontends.library import Batches
from layerlint.frontends.library.tf_data import Dataset
from layerlint.frontends.source import SourceMap
from layerlint.ir import UNKNOWN

HEADS = {
    "keras3": "import numpy as np\nimport keras\n"
              "from keras.src.legacy.preprocessing.image import ImageDataGenerator\n",
    "keras2": "import numpy as np\nimport tf_keras as keras\n"
              "from tf_keras.preprocessing.image import ImageDataGenerator\n",
}
CLASS_COUNTS = (1, 2, 3)
PER_CLASS = 3
DIRECTORY = "DIRECTORY"  # stands for a generated directory in scripts; replaced to run them
TEXTS = "TEXTS"


@functools.lru_cache(maxsize=1)
def root() -> str:
    path = tempfile.mkdtemp(prefix="layerlint_images_")
    atexit.register(shutil.rmtree, path, True)
    return path


@functools.lru_cache(maxsize=None)
def image_tree(classes: int) -> str:
    """``classes`` subfolders of PER_CLASS images each (RGB PNGs, 12x10 pixels)."""
    import numpy as np
    from PIL import Image

    top = os.path.join(root(), f"images_{classes}")
    rng = np.random.default_rng(classes)
    for c in range(classes):
        folder = os.path.join(top, f"class_{c}")
        os.makedirs(folder, exist_ok=True)
        for i in range(PER_CLASS):
            pixels = rng.integers(0, 255, (10, 12, 3), dtype=np.uint8)
            Image.fromarray(pixels, "RGB").save(os.path.join(folder, f"{i}.png"))
    return top


@functools.lru_cache(maxsize=None)
def text_tree(classes: int) -> str:
    top = os.path.join(root(), f"texts_{classes}")
    for c in range(classes):
        folder = os.path.join(top, f"class_{c}")
        os.makedirs(folder, exist_ok=True)
        for i in range(PER_CLASS):
            with open(os.path.join(folder, f"{i}.txt"), "w", encoding="utf-8") as handle:
                handle.write(f"text {i} of class {c}\n")
    return top


def concrete(source: str, classes: int) -> str:
    """The script as it runs: the placeholders replaced by generated directories."""
    return source.replace(f'"{DIRECTORY}"', repr(image_tree(classes))).replace(
        f'"{TEXTS}"', repr(text_tree(classes))).replace(
        "FILES", repr([os.path.join(image_tree(classes), f"class_{c}", f"{i}.png")
                       for c in range(classes) for i in range(PER_CLASS)])).replace(
        "LABELS", repr([f"class_{c}" for c in range(classes) for _ in range(PER_CLASS)]))


# --- loader calls ------------------------------------------------------------------------------

def loader_cases(dialect: str, seeds: range) -> dict[str, str]:
    """name -> script assigning ``obj``: hand-picked calls, then the seeded grid. tf_keras has
    no ``data_format`` argument in image_dataset_from_directory; the DataFrame cases need
    pandas."""
    import importlib.util

    head = HEADS[dialect]
    pandas = importlib.util.find_spec("pandas") is not None
    cases = {name: head + body for name, body in _HAND_LOADERS.items()
             if not (dialect == "keras2" and "data_format" in body)
             and (pandas or "pandas" not in body)}
    for seed in seeds:
        cases[f"seed{seed}"] = head + _random_loader(random.Random(seed), dialect)
    return cases


_HAND_LOADERS = {
    "directory_defaults": f'obj = ImageDataGenerator().flow_from_directory("{DIRECTORY}")\n',
    "directory_gray": f'obj = ImageDataGenerator(rescale=1/255).flow_from_directory('
                      f'"{DIRECTORY}", target_size=(8, 6), color_mode="grayscale", '
                      'batch_size=2)\n',
    "directory_binary": f'obj = ImageDataGenerator().flow_from_directory("{DIRECTORY}", '
                        'target_size=(8, 8), class_mode="binary")\n',
    "directory_input": f'obj = ImageDataGenerator().flow_from_directory("{DIRECTORY}", '
                       'target_size=(8, 8), color_mode="rgba", class_mode="input")\n',
    "directory_none": f'obj = ImageDataGenerator().flow_from_directory("{DIRECTORY}", '
                      'target_size=(8, 8), class_mode=None)\n',
    "directory_classes": f'obj = ImageDataGenerator().flow_from_directory("{DIRECTORY}", '
                         'target_size=(8, 8), classes=["class_0"])\n',
    "directory_channels_first": f'obj = ImageDataGenerator(data_format="channels_first")'
                                f'.flow_from_directory("{DIRECTORY}", target_size=(8, 6))\n',
    "directory_bad_color": f'obj = ImageDataGenerator().flow_from_directory("{DIRECTORY}", '
                           'color_mode="bgr")\n',
    "directory_bad_class_mode": f'obj = ImageDataGenerator().flow_from_directory('
                                f'"{DIRECTORY}", class_mode="multi")\n',
    "directory_subset": f'obj = ImageDataGenerator(validation_split=0.34).flow_from_directory('
                        f'"{DIRECTORY}", target_size=(8, 8), subset="validation")\n',
    "flow": "obj = ImageDataGenerator().flow(np.zeros((7, 8, 6, 3)), np.zeros((7, 4)), "
            "batch_size=3)\n",
    "flow_x_only": "obj = ImageDataGenerator().flow(np.zeros((7, 8, 6, 1)))\n",
    "flow_labels": "obj = ImageDataGenerator().flow(np.zeros((7, 8, 6, 3)), "
                   "np.arange(7), batch_size=3)\n",
    "flow_rank3": "obj = ImageDataGenerator().flow(np.zeros((7, 8, 6)), np.zeros(7))\n",
    "flow_counts": "obj = ImageDataGenerator().flow(np.zeros((7, 8, 6, 3)), np.zeros(6))\n",
    "dataframe": "import pandas as pd\ndf = pd.DataFrame({'filename': FILES, 'class': LABELS})\n"
                 "obj = ImageDataGenerator().flow_from_dataframe(df, target_size=(8, 8), "
                 "batch_size=4)\n",
    "dataframe_raw": "import pandas as pd\ndf = pd.DataFrame({'filename': FILES, 'a': 1.0, "
                     "'b': 2.0})\nobj = ImageDataGenerator().flow_from_dataframe(df, "
                     "target_size=(8, 8), y_col=['a', 'b'], class_mode='raw')\n",
    "dataset_defaults": f'obj = keras.utils.image_dataset_from_directory("{DIRECTORY}")\n',
    "dataset_categorical": f'obj = keras.utils.image_dataset_from_directory("{DIRECTORY}", '
                           'image_size=(8, 6), label_mode="categorical", batch_size=4)\n',
    "dataset_binary": f'obj = keras.utils.image_dataset_from_directory("{DIRECTORY}", '
                      'image_size=(8, 6), label_mode="binary")\n',
    "dataset_no_labels": f'obj = keras.utils.image_dataset_from_directory("{DIRECTORY}", '
                         'image_size=(8, 6), labels=None, color_mode="grayscale")\n',
    "dataset_unbatched": f'obj = keras.utils.image_dataset_from_directory("{DIRECTORY}", '
                         'image_size=(8, 6), batch_size=None, label_mode="categorical")\n',
    "dataset_both": f'obj = keras.utils.image_dataset_from_directory("{DIRECTORY}", '
                    'image_size=(8, 6), validation_split=0.34, subset="both", seed=1)\n',
    "dataset_prefetch": f'obj = keras.utils.image_dataset_from_directory("{DIRECTORY}", '
                        'image_size=(8, 6)).cache().shuffle(10).prefetch(2)\n',
    "dataset_unbatch": f'obj = keras.utils.image_dataset_from_directory("{DIRECTORY}", '
                       'image_size=(8, 6), label_mode="categorical").unbatch()\n',
    "dataset_rebatch": f'obj = keras.utils.image_dataset_from_directory("{DIRECTORY}", '
                       'image_size=(8, 6), batch_size=None).batch(4)\n',
    "dataset_channels_first": f'obj = keras.utils.image_dataset_from_directory("{DIRECTORY}",'
                              ' image_size=(8, 6), data_format="channels_first")\n',
    "dataset_bad_label_mode": f'obj = keras.utils.image_dataset_from_directory("{DIRECTORY}",'
                              ' label_mode="sparse")\n',
    "dataset_take_skip": f'obj = keras.utils.image_dataset_from_directory("{DIRECTORY}", '
                         'image_size=(8, 6)).skip(0).take(2).repeat(2).shard(1, 0)'
                         '.ignore_errors()\n',
    "dataset_options": "import tensorflow as tf\n"
                       f'obj = keras.utils.image_dataset_from_directory("{DIRECTORY}", '
                       "image_size=(8, 6)).with_options(tf.data.Options())\n",
    "dataset_preprocessing_name": 'obj = keras.preprocessing.image_dataset_from_directory('
                                  f'"{DIRECTORY}", image_size=(8, 6), label_mode="binary")\n',
    "iterator_numbers": f'it = ImageDataGenerator().flow_from_directory("{DIRECTORY}", '
                        'target_size=(8, 6), color_mode="rgba")\n'
                        "obj = (*it.image_shape, it.num_classes)\n",
    "iterator_listed_classes": f'it = ImageDataGenerator().flow_from_directory("{DIRECTORY}", '
                               'target_size=(8, 6), classes=["class_0"])\n'
                               "obj = (it.num_classes,)\n",
    "text_preprocessing_name": 'obj = keras.preprocessing.text_dataset_from_directory('
                               f'"{TEXTS}", label_mode="categorical")\n',
    "text_defaults": f'obj = keras.utils.text_dataset_from_directory("{TEXTS}")\n',
    "text_categorical": f'obj = keras.utils.text_dataset_from_directory("{TEXTS}", '
                        'label_mode="categorical", batch_size=2, max_length=4)\n',
    "text_no_labels": f'obj = keras.utils.text_dataset_from_directory("{TEXTS}", '
                      'labels=None)\n',
}


def _random_loader(rng: random.Random, dialect: str) -> str:
    size = rng.choice(((8, 8), (6, 10), (16, 12), (5, 7)))
    color = rng.choice(("rgb", "rgb", "grayscale", "rgba", "bgr"))
    batch = rng.choice((1, 2, 5, 64))
    kind = rng.choice(("directory", "directory", "dataset", "dataset", "flow", "text"))
    if kind == "directory":
        mode = rng.choice(("categorical", "binary", "sparse", "input", None, "other"))
        options = [f"target_size={size}", f'color_mode="{color}"', f"batch_size={batch}",
                   f"class_mode={mode!r}"]
        if rng.random() < 0.2:
            options.append('classes=["class_0"]')
        generator = "ImageDataGenerator(data_format='channels_first')" \
            if rng.random() < 0.15 else "ImageDataGenerator(rescale=1 / 255)"
        return f'obj = {generator}.flow_from_directory("{DIRECTORY}", {", ".join(options)})\n'
    if kind == "flow":
        x = (rng.choice((4, 7)), *size, rng.choice((1, 3, 4, 5)))
        if rng.random() < 0.15:
            x = x[:-1]
        y = rng.choice(("None", f"np.zeros(({x[0]},))", f"np.zeros(({x[0]}, 3))",
                        f"np.zeros(({x[0] + 1}, 2))"))
        return f"obj = ImageDataGenerator().flow(np.zeros({x}), {y}, batch_size={batch})\n"
    label = rng.choice(("int", "categorical", "binary", None, "other"))
    labels = rng.choice(('"inferred"', '"inferred"', '"inferred"', "None"))
    chain = rng.choice(("", "", ".prefetch(2)", ".cache().shuffle(8)", ".unbatch()"))
    batch_text = "None" if rng.random() < 0.15 else str(batch)
    if batch_text == "None" and chain == ".unbatch()":
        chain = ".batch(3)"
    if kind == "text":
        return (f'obj = keras.utils.text_dataset_from_directory("{TEXTS}", labels={labels}, '
                f"label_mode={label!r}, batch_size={batch_text}){chain}\n")
    options = [f"image_size={size}", f'color_mode="{color}"', f"labels={labels}",
               f"label_mode={label!r}", f"batch_size={batch_text}"]
    if dialect == "keras3" and rng.random() < 0.15:
        options.append('data_format="channels_first"')
    return (f'obj = keras.utils.image_dataset_from_directory("{DIRECTORY}", '
            f'{", ".join(options)}){chain}\n')


def layerlint_value(source: str) -> Any:
    """What layerlint's front end makes of ``obj`` (never importing anything)."""
    tree = ast.parse(source)
    interpreter = Interpreter(tree, SourceMap(source))
    interpreter.run()
    return interpreter.module.vars.get("obj", UNKNOWN)


def _shape_agrees(mine: Any, theirs: list) -> bool:
    if mine is None:
        return True  # rank unknown: no claim
    if len(mine) != len(theirs):
        return False
    return all(not isinstance(a, int) or a == b for a, b in zip(mine, theirs))


def _parts(mine: Any) -> tuple[Any, Any] | None:
    """A loader's inputs and targets: a Sequence's batches, a dataset's element (x or (x, y))."""
    if isinstance(mine, Batches):
        return mine.x, mine.y
    if isinstance(mine, Dataset) and mine.element is not UNKNOWN:
        element = mine.element
        if isinstance(element, tuple):
            return (element[0], element[1]) if len(element) == 2 else None
        return element, None
    return None


def _agrees(mine: Any, theirs: Any) -> list[str]:
    if isinstance(theirs, dict) and "ints" in theirs:  # numbers the iterator tells
        if not isinstance(mine, tuple) or len(mine) != len(theirs["ints"]) or any(
                isinstance(m, int) and m != t for m, t in zip(mine, theirs["ints"])):
            return [f"layerlint {mine!r}, real {theirs['ints']}"]
        return []
    if isinstance(theirs, list):  # subset="both"
        if not isinstance(mine, tuple) or len(mine) != len(theirs):
            return [f"layerlint {mine!r}, real {len(theirs)} datasets"]
        return [p for m, t in zip(mine, theirs) for p in _agrees(m, t)]
    parts = _parts(mine)
    if parts is None:
        return [f"layerlint made {type(mine).__name__}, the real loader batches"]
    problems = []
    for part, data in zip(("x", "y"), parts):
        real = theirs[part]
        if (data is None) != (real is None):
            problems.append(f"{part}: layerlint {data}, real {real}")
            continue
        if data is None:
            continue
        if not _shape_agrees(data.shape, real[0]):
            problems.append(f"{part} shape: layerlint {data.shape}, real {real[0]}")
        if data.dtype is not None and data.dtype != real[1]:
            problems.append(f"{part} dtype: layerlint {data.dtype}, real {real[1]}")
    return problems


# The loaders' errors that depend on the directory's content (layerlint never reads it).
DIRECTORY_ERRORS = ("there must be exactly 2 class_names",)


def loader_outcome(source: str, runs: dict[int, dict]) -> tuple[str, list[str]]:
    """How layerlint's value for ``obj`` compares with the real runs (one per class count):
    ("value" | "unknown" | "error" | "directory", problems)."""
    mine = layerlint_value(source)
    if not isinstance(mine, (Batches, Dataset, tuple)) or isinstance(
            mine, Dataset) and mine.element is UNKNOWN:
        mine = UNKNOWN  # an unknown value (the interpreter names it after its variable)
    problems: list[str] = []
    outcome = "value"
    for classes, run in runs.items():
        if "error" in run:
            if any(m in run["error"]["message"] for m in DIRECTORY_ERRORS):
                outcome = "directory"
                continue
            if mine is not UNKNOWN:
                problems.append(f"{classes} classes: the loader raises {run['error']}, "
                                f"layerlint made a value")
            outcome = "error"
            continue
        if mine is UNKNOWN:
            outcome = "unknown"
            continue
        problems += [f"{classes} classes: {p}" for p in _agrees(mine, run["value"])]
    return outcome, problems


_BATCH = re.compile(r"(\(|torch\.Size\(\[|In\[0\]: \[)(\d+|None|batch|N)(?=[,)\]])")


def normalized(message: str) -> str:
    """A message with the batch size (the first size of each shape) written as B: a loader's
    first batch holds an unknown number of samples."""
    return _BATCH.sub(r"\1B", message)


# --- whole training scripts ----------------------------------------------------------------------

LOSSES = ("binary_crossentropy", "categorical_crossentropy", "sparse_categorical_crossentropy",
          "mse")
_SIZES = ((8, 8), (10, 10), (9, 7))
_CHANNELS = {"grayscale": 1, "rgb": 3, "rgba": 4}


def training_script(seed: int, dialect: str) -> str:
    """A loader, a Sequential model whose input agrees with the images or not, compile, fit."""
    rng = random.Random(seed)
    size = rng.choice(_SIZES)
    color = rng.choice(("rgb", "rgb", "grayscale", "rgba"))
    kind = rng.choice(("directory", "directory", "dataset", "dataset", "flow"))
    batch = rng.choice((2, 4, 32))
    if kind == "directory":
        mode = rng.choice(("categorical", "categorical", "binary", "sparse"))
        options = [f"target_size={size}", f'color_mode="{color}"', f'class_mode="{mode}"',
                   f"batch_size={batch}"]
        loader = (f'train = ImageDataGenerator(rescale=1 / 255).flow_from_directory('
                  f'"{DIRECTORY}", {", ".join(rng.sample(options, rng.randint(1, 4)))})\n')
        if "target_size" not in loader:
            size = (256, 256)
        if "color_mode" not in loader:
            color = "rgb"
    elif kind == "flow":
        labels = rng.choice(("np.zeros((6,))", "np.zeros((6, 1))", "np.zeros((6, 3))"))
        loader = (f"train = ImageDataGenerator().flow(np.random.rand(6, {size[0]}, {size[1]}, "
                  f"{_CHANNELS[color]}), {labels}, batch_size={batch})\n")
    else:
        mode = rng.choice(("int", "categorical", "categorical", "binary"))
        loader = (f'train = keras.utils.image_dataset_from_directory("{DIRECTORY}", '
                  f'image_size={size}, color_mode="{color}", label_mode="{mode}", '
                  f"batch_size={batch}){rng.choice(('', '.prefetch(2)', '.cache()'))}\n")
    if size == (256, 256):
        size = (8, 8)  # the model's own guess of a size, below: kept small
        loader = loader.replace('"DIRECTORY", ', '"DIRECTORY", target_size=(8, 8), ')
    height, width = size if rng.random() < 0.7 else rng.choice(_SIZES)
    channels = _CHANNELS[color] if rng.random() < 0.6 else rng.choice((1, 3, 4))
    first, rest = _body(rng)
    declare = rng.choice(("input", "input", "input_shape", "none"))
    if declare == "input" and rng.random() < 0.15:
        height = width = None  # type: ignore[assignment]  # any image size
    layers = [f"keras.Input(({height}, {width}, {channels}))"] if declare == "input" else []
    if declare == "input_shape":
        comma = "" if first.endswith("()") else ", "
        first = first[:-1] + f"{comma}input_shape=({height}, {width}, {channels}))"
    layers += [first, *rest]
    units = rng.choice((1, 1, 2, 3))
    activation = rng.choice(('"sigmoid"', '"softmax"', "None"))
    layers.append(f"keras.layers.Dense({units}, activation={activation})")
    loss = rng.choice(LOSSES)
    body = ",\n    ".join(layers)
    return (HEADS[dialect] + loader + f"model = keras.Sequential([\n    {body},\n])\n"
            f'model.compile(optimizer="adam", loss="{loss}")\n'
            "model.fit(train, epochs=1, verbose=0)\n")


def _body(rng: random.Random) -> tuple[str, list[str]]:
    filters = rng.choice((2, 3, 4, 6, 8, 12))
    conv = f'keras.layers.Conv2D({filters}, 3, activation="relu")'
    pool = rng.choice(("keras.layers.GlobalAveragePooling2D()", "keras.layers.Flatten()"))
    shapes = {
        "conv": (conv, [pool]),
        "rescaling": ("keras.layers.Rescaling(1 / 255)", [conv, pool]),
        "flatten": ("keras.layers.Flatten()", ["keras.layers.Dense(4)"]),
        "pooling": ("keras.layers.MaxPooling2D(2)", [conv, "keras.layers.Flatten()"]),
        "batch_norm": ("keras.layers.BatchNormalization()", [conv, pool]),
        "dense": ("keras.layers.Dense(4)", ["keras.layers.Flatten()"]),
    }
    return shapes[rng.choice(tuple(shapes))]


def _keras_text(error: dict, dialect: str) -> str:
    from fit_data_cases import _joined
    from subclass.compare import _without_user_code

    text = f"{error['type']}: {error['message']}"
    return _joined(_without_user_code(text) if dialect == "keras2" else text)


def messages_agree(mine: str, theirs: str, dialect: str) -> bool:
    from fit_data_cases import _in_graph_error, _joined
    from subclass.compare import _keras2_agree

    if not mine:
        return True  # no message claimed: it depends on what layerlint does not know
    mine, theirs = normalized(_joined(mine)), normalized(theirs)
    if dialect == "keras2":
        return _keras2_agree(mine, theirs) or _in_graph_error(mine, theirs)
    head, dots, tail = mine.partition(" ... ")
    # a prefix: the catalogue's construction messages stop before the variable's path
    return theirs.startswith(mine) or bool(dots and theirs.startswith(head) and
                                           theirs.endswith(tail))


def _in_statement(source: str, first: int | None, line: int) -> bool:
    """Whether ``line`` is in the top-level statement Keras raised in (which starts at
    ``first``): a layer's line inside ``Sequential([...])``."""
    for statement in ast.parse(source).body:
        if statement.lineno == first:
            return first <= line <= (statement.end_lineno or first)
    return first == line


def _stage(error: dict, source: str) -> str | None:
    """The runner's stage; fit_generator (unknown to it) is fit."""
    line = source.splitlines()[error["outer"] - 1] if error["outer"] else ""
    return "fit" if ".fit_generator(" in line else error["stage"]


def fit_outcome(result: Any, runs: dict[int, dict], dialect: str) -> tuple[str, list[str]]:
    """layerlint's result on a training script against its real runs, one per class count.

    An error must be Keras' (statement, stage, message) for every class count that reaches
    fit. Without one, Keras must run, but where layerlint said why it might not: an LL405
    warning (then one class runs, two or more do not train as meant) or a note that the data
    is not followed. LL406 (tf.keras 2 runs a layer silently) must be a clean run."""
    errors = [d for d in result.diagnostics if d.severity == "error"]
    mine = min(errors, key=lambda d: (d.span.line, d.span.col), default=None)
    codes = {d.code for d in result.diagnostics}
    problems: list[str] = []
    category = "error" if mine else "LL405" if "LL405" in codes else "clean"
    # targets whose fit depends on the class count: Keras may fail on them before the error
    # layerlint finds later in the same fit (validation data), with another message
    depends = any(d.code == "LL902" and "depends on the number of classes" in d.message or
                  d.code == "LL903" and "only the rank of the targets" in d.message
                  for d in result.diagnostics)
    for classes, run in runs.items():
        error = run["error"]
        where = f"{classes} classes"
        if error is not None and any(m in error["message"] for m in DIRECTORY_ERRORS):
            continue  # the loader itself refuses this directory (layerlint cannot know)
        if mine is not None:
            if error is None:
                problems.append(f"{where}: Keras ran cleanly, layerlint reports {mine.code} "
                                f"{mine.message}")
            elif _stage(error, result.source) != mine.stage or not _in_statement(
                    result.source, error["outer"], mine.span.line):
                problems.append(f"{where}: Keras raised at line {error['outer']} "
                                f"({error['stage']}), layerlint at {mine.span.line} "
                                f"({mine.stage}): {error['type']}: {error['message'][:300]}")
            elif not messages_agree(mine.framework_error or "", _keras_text(error, dialect),
                                    dialect) and not depends:
                problems.append(f"{where}: message differs:\n  Keras:     "
                                f"{_keras_text(error, dialect)[:600]!r}\n  layerlint: "
                                f"{mine.framework_error!r}")
            continue
        if "LL405" in codes:
            if classes == 1 and error is not None:
                problems.append(f"LL405 says one class fits, Keras raised: {error['message']}")
            continue
        noted = codes & {"LL902", "LL903"}
        if "LL406" in codes and error is not None and not noted:
            problems.append(f"LL406 says tf.keras runs, it raised: {error['message'][:300]}")
        if error is not None:
            if not noted:
                problems.append(f"{where}: Keras raised {error['type']} at line "
                                f"{error['outer']}: {error['message'][:400]}; layerlint says "
                                "nothing")
            category = "noted"
    return category, problems


# --- hand-written training scripts: the examples and their neighbours ------------------------

def _model(input_shape: str, *layers: str, loss: str = "categorical_crossentropy") -> str:
    body = ",\n    ".join((f"keras.Input({input_shape})", *layers))
    return (f"model = keras.Sequential([\n    {body},\n])\n"
            f'model.compile(optimizer="adam", loss="{loss}")\n')


_DIRECTORY_LOADER = ('gen = ImageDataGenerator(rescale=1 / 255)\ntrain = gen.flow_from_directory('
                     f'"{DIRECTORY}", target_size=(8, 8), batch_size=4{{}})\n')
_DATASET_LOADER = (f'train = keras.utils.image_dataset_from_directory("{DIRECTORY}", '
                   'image_size=(8, 8), batch_size=4{})\n')
_CONV_HEAD = ('keras.layers.Conv2D(16, 3, activation="relu")', "keras.layers.Flatten()")
_FIT = "model.fit(train, epochs=1, verbose=0)\n"

HAND_SCRIPTS = {
    # flow_from_directory loads RGB by default; the model says one channel
    "rgb_into_gray": _DIRECTORY_LOADER.format("") + _model(
        "(8, 8, 1)", *_CONV_HEAD, 'keras.layers.Dense(3, activation="softmax")') + _FIT,
    "rgb_into_gray_12_filters": _DIRECTORY_LOADER.format(', class_mode="binary"') + _model(
        "(8, 8, 1)", 'keras.layers.Conv2D(12, 3, activation="relu")', "keras.layers.Flatten()",
        'keras.layers.Dense(1, activation="sigmoid")', loss="binary_crossentropy") + _FIT,
    "gray_into_rgb": _DIRECTORY_LOADER.format(', color_mode="grayscale"') + _model(
        "(8, 8, 3)", *_CONV_HEAD, 'keras.layers.Dense(3, activation="softmax")') + _FIT,
    "rgba_into_rgb_dataset": _DATASET_LOADER.format(', color_mode="rgba", '
                                                    'label_mode="categorical"') + _model(
        "(8, 8, 3)", *_CONV_HEAD, 'keras.layers.Dense(3, activation="softmax")') + _FIT,
    "rgb_into_gray_dataset": _DATASET_LOADER.format("") + _model(
        "(8, 8, 1)", *_CONV_HEAD, "keras.layers.Dense(3)",
        loss="sparse_categorical_crossentropy") + _FIT,
    "size_into_dense": _DIRECTORY_LOADER.format("").replace("(8, 8)", "(10, 10)") + _model(
        "(8, 8, 3)", "keras.layers.Flatten()", 'keras.layers.Dense(3, activation="softmax")')
        + _FIT,
    # the default class_mode="categorical" against a one-unit binary head
    "categorical_binary_head": _DIRECTORY_LOADER.format("") + _model(
        "(8, 8, 3)", *_CONV_HEAD, 'keras.layers.Dense(1, activation="sigmoid")',
        loss="binary_crossentropy") + _FIT,
    "categorical_binary_head_dataset": _DATASET_LOADER.format(', label_mode="categorical"')
        + _model("(8, 8, 3)", *_CONV_HEAD, 'keras.layers.Dense(1, activation="sigmoid")',
                 loss="binary_crossentropy") + _FIT,
    "categorical_sparse_loss": _DIRECTORY_LOADER.format("") + _model(
        "(8, 8, 3)", *_CONV_HEAD, "keras.layers.Dense(3)",
        loss="sparse_categorical_crossentropy") + _FIT,
    "binary_labels_softmax": _DIRECTORY_LOADER.format(', class_mode="binary"') + _model(
        "(8, 8, 3)", *_CONV_HEAD, 'keras.layers.Dense(3, activation="softmax")') + _FIT,
    "num_classes_head": _DIRECTORY_LOADER.format("") + _model(
        "(8, 8, 3)", *_CONV_HEAD,
        'keras.layers.Dense(train.num_classes, activation="softmax")') + _FIT,
    "validation_gray": _DIRECTORY_LOADER.format(', color_mode="grayscale", class_mode="sparse"')
        + f'val = gen.flow_from_directory("{DIRECTORY}", target_size=(8, 8), '
          'class_mode="sparse")\n'
        + _model("(8, 8, 1)", *_CONV_HEAD, "keras.layers.Dense(5)",
                 loss="sparse_categorical_crossentropy")
        + "model.fit(train, epochs=1, verbose=0, validation_data=val)\n",
    "validation_gray_one_hot": _DIRECTORY_LOADER.format(', color_mode="grayscale"')
        + f'val = gen.flow_from_directory("{DIRECTORY}", target_size=(8, 8))\n'
        + _model("(8, 8, 1)", *_CONV_HEAD, 'keras.layers.Dense(3, activation="softmax")')
        + "model.fit(train, epochs=1, verbose=0, validation_data=val)\n",
    "correct": _DIRECTORY_LOADER.format(', class_mode="binary"') + _model(
        "(8, 8, 3)", *_CONV_HEAD, 'keras.layers.Dense(1, activation="sigmoid")',
        loss="binary_crossentropy") + _FIT,
    "correct_dataset": _DATASET_LOADER.format(', label_mode="int"').replace(
        "batch_size=4)", "batch_size=4).cache().prefetch(2)") + _model(
        "(8, 8, 3)", "keras.layers.Rescaling(1 / 255)", *_CONV_HEAD, "keras.layers.Dense(5)",
        loss="sparse_categorical_crossentropy") + _FIT,
}
HAND_SCRIPTS["subclass_binary_head"] = _DATASET_LOADER.format(', label_mode="categorical"') + """
class Net(keras.Model):
    def __init__(self):
        super().__init__()
        self.conv = keras.layers.Conv2D(4, 3)
        self.pool = keras.layers.GlobalAveragePooling2D()
        self.head = keras.layers.Dense(1, activation="sigmoid")

    def call(self, x):
        return self.head(self.pool(self.conv(x)))


model = Net()
model.compile(optimizer="adam", loss="binary_crossentropy")
""" + _FIT
HAND_SCRIPTS["functional_binary_head"] = _DIRECTORY_LOADER.format("") + """
inputs = keras.Input((8, 8, 3))
x = keras.layers.Conv2D(4, 3, activation="relu")(inputs)
x = keras.layers.GlobalAveragePooling2D()(x)
model = keras.Model(inputs, keras.layers.Dense(1, activation="sigmoid")(x))
model.compile(optimizer="adam", loss="binary_crossentropy")
""" + _FIT
_FUNCTIONAL_GRAY = """
inputs = keras.Input((8, 8, 1))
x = keras.layers.Conv2D(4, 3, activation="relu")(inputs)
x = keras.layers.GlobalAveragePooling2D()(x)
model = keras.Model(inputs, keras.layers.Dense(3)(x))
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
""" + _FIT
HAND_SCRIPTS["functional_rgb_into_gray"] = _DATASET_LOADER.format("") + _FUNCTIONAL_GRAY
HAND_SCRIPTS["functional_sequence_rgb_into_gray"] = _DIRECTORY_LOADER.format(
    ', class_mode="sparse"') + _FUNCTIONAL_GRAY
# tf.keras 2 only: fit_generator (Keras 3 removed it)
KERAS2_HAND_SCRIPTS = {
    "fit_generator_rgb_into_gray": HAND_SCRIPTS["rgb_into_gray"].replace(
        "model.fit(", "model.fit_generator("),
    "fit_generator_correct": HAND_SCRIPTS["correct"].replace("model.fit(", "model.fit_generator("),
}


def hand_scripts(dialect: str) -> dict[str, str]:
    scripts = dict(HAND_SCRIPTS, **(KERAS2_HAND_SCRIPTS if dialect == "keras2" else {}))
    return {name: HEADS[dialect] + body for name, body in scripts.items()}
