"""Run whole scripts that load ``keras.datasets`` in real Keras 3 or tf_keras without a network:
every ``load_data`` returns zeros of the documented shapes and dtypes (library/keras_datasets.py,
pinned by tests/test_keras_datasets.py), labels covering every class. ``full`` keeps the
documented sample counts (for scripts that fail at their first batch); otherwise each split
holds ``SMALL`` samples, so a clean script trains in seconds.

``python loader_scripts_runner.py keras3|keras2 < [[source, full], ...]``: one outcome per script,
``{"error": None}`` or ``{"error": {"type", "message", "line"}}`` (the innermost script line).
"""

from __future__ import annotations

import json
import os
import re
import sys
import traceback

import numpy as np

SMALL = 96
SCRIPT = "<loader-script>"
_ANSI = re.compile(r"\x1b\[[0-9;]*m")

IMAGES = {  # name: (train, test, image, labels, label dtype, classes)
    "mnist": (60000, 10000, (28, 28), (), "uint8", 10),
    "fashion_mnist": (60000, 10000, (28, 28), (), "uint8", 10),
    "cifar10": (50000, 10000, (32, 32, 3), (1,), "uint8", 10),
    "cifar100": (50000, 10000, (32, 32, 3), (1,), "int64", 100),
}


def _sequences(n, num_words, rng):
    top = (num_words or 5000) - 1
    out = np.empty(n, dtype=object)
    out[:] = [[1] + list(rng.integers(2, top + 1, size=rng.integers(5, 40))) + [top]
              for _ in range(n)]
    return out


def stand_ins(full: bool):
    rng = np.random.default_rng(0)

    def images(name):
        train, test, image, labels, dtype, classes = IMAGES[name]

        def load_data(*args, label_mode="fine", **kwargs):
            count = classes if label_mode == "fine" else 20
            split = []
            for n in ((train, test) if full else (SMALL, SMALL)):
                y = (np.arange(n) % count).astype(dtype).reshape((n, *labels))
                split.append((np.zeros((n, *image), "uint8"), y))
            return tuple(split)
        return load_data

    def words(train, test, classes):
        def load_data(*args, num_words=None, test_split=0.2, **kwargs):
            sizes = (train, test) if test is not None else (
                int(train * (1 - test_split)), train - int(train * (1 - test_split)))
            sizes = sizes if full else (SMALL, SMALL)
            return tuple((_sequences(n, num_words, rng), np.arange(n) % classes) for n in sizes)
        return load_data

    def boston(*args, test_split=0.2, **kwargs):
        cut = int(506 * (1 - test_split))
        sizes = (cut, 506 - cut)
        return tuple((np.zeros((n, 13)), np.zeros(n)) for n in sizes)

    loaders = {name: images(name) for name in IMAGES}
    loaders.update(imdb=words(25000, 25000, 2), reuters=words(11228, None, 46),
                   boston_housing=boston)
    return loaders


def patch(dialect: str, full: bool) -> None:
    package = "tf_keras.src.datasets" if dialect == "keras2" else "keras.src.datasets"
    import importlib

    for name, loader in stand_ins(full).items():
        importlib.import_module(f"{package}.{name}").load_data = loader
        publics = [f"tf_keras.datasets.{name}"] if dialect == "keras2" else [
            f"keras.datasets.{name}", f"keras._tf_keras.keras.datasets.{name}"]  # tf.keras
        for public in publics:
            importlib.import_module(public).load_data = loader


def run_one(source: str, dialect: str, full: bool) -> dict:
    patch(dialect, full)
    if dialect == "keras2":  # layer names count from zero again, as in a fresh script
        import tf_keras

        tf_keras.backend.clear_session()
    else:
        import keras

        keras.utils.clear_session(free_memory=False)
    try:
        exec(compile(source, SCRIPT, "exec"), {"__name__": "__main__"})  # noqa: S102
    except Exception as exc:  # noqa: BLE001 - the script's failure is the outcome
        lines = [f.lineno for f in traceback.extract_tb(exc.__traceback__)
                 if f.filename == SCRIPT]
        return {"error": {"type": type(exc).__name__, "message": _ANSI.sub("", str(exc)),
                          "line": lines[-1] if lines else None}}
    return {"error": None}


if __name__ == "__main__":
    dialect = sys.argv[1]
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    outcomes = [run_one(source, dialect, full) for source, full in json.load(sys.stdin)]
    print(json.dumps(outcomes))
