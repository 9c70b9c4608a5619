"""Run the real ``keras.datasets`` loaders (Keras 3 or tf_keras) on small stand-in files of the
documented format, without a network: each loader's ``get_file`` is replaced by one that returns
the stand-in's path, so the loader's own code (shuffling, index shifting, ``num_words`` /
``skip_top`` / ``oov_char`` / ``maxlen`` filtering, the ``test_split`` cut, label reshapes and
casts, channels_last transposes) runs as it does on the real files.

Usage: ``python keras_datasets_runner.py keras3|keras2 < calls.json > results.json``; a call is
``[dataset, kwargs]``; a result is ``["error", type, message]`` or ``["ok", tree]`` where every
array is described by :func:`describe`.

The stand-ins (sizes in STAND_IN, shared with the test) follow the documented formats: mnist an
npz of uint8 arrays; fashion_mnist four idx gzip files; CIFAR pickles of a uint8 ``data`` matrix
(rows of 3072) and Python lists of labels; imdb / reuters npz files of object arrays of word-rank
lists; boston_housing an npz of float64 ``x`` (n, 13) and ``y``.
"""

from __future__ import annotations

import gzip
import importlib
import json
import os
import pickle
import sys
import tempfile

import numpy as np

# Sample counts (mnist and cifar100 train, test), word ranks 1..vocabulary-1. Every class is in
# every split of the image sets, as in the real ones.
STAND_IN = {"mnist": (12, 10), "imdb": 40, "reuters": 300, "boston_housing": 50,
            "cifar100": (120, 100), "vocabulary": 200}


def describe(value):
    if isinstance(value, tuple):
        return {"tuple": [describe(v) for v in value]}
    if isinstance(value, np.ndarray):
        out = {"shape": list(value.shape), "dtype": value.dtype.name}
        if value.dtype == object:
            flat = [w for seq in value.ravel() for w in seq]
            out["lists"] = all(isinstance(s, list) for s in value.ravel())
            if flat:
                out["min"], out["max"] = int(min(flat)), int(max(flat))
            out["longest"] = max((len(s) for s in value.ravel()), default=0)
        elif value.size and value.dtype.kind in "iub":
            out["min"], out["max"] = int(value.min()), int(value.max())
        return out
    return {"other": repr(value)}


def _ranks(rng, n, cover=False):
    """Word-rank lists; ``cover``: the first one holds every rank (imdb ranks words by their
    frequency in the training split, so each rank occurs there)."""
    lengths = rng.integers(1, 30, size=n)
    lists = [list(rng.integers(1, STAND_IN["vocabulary"], size=k).tolist()) for k in lengths]
    if cover:
        lists[0] = list(range(1, STAND_IN["vocabulary"]))
    arr = np.empty(n, dtype=object)
    arr[:] = lists
    return arr


def make_files(root: str) -> dict[str, str]:
    rng = np.random.default_rng(0)
    paths = {}
    train, test = STAND_IN["mnist"]
    paths["mnist"] = os.path.join(root, "mnist.npz")
    np.savez(paths["mnist"], x_train=rng.integers(0, 256, (train, 28, 28), dtype=np.uint8),
             y_train=(np.arange(train) % 10).astype(np.uint8),
             x_test=rng.integers(0, 256, (test, 28, 28), dtype=np.uint8),
             y_test=(np.arange(test) % 10).astype(np.uint8))
    fashion = os.path.join(root, "fashion")
    os.makedirs(fashion)
    for name, n, images in (("train", train, True), ("train", train, False),
                            ("t10k", test, True), ("t10k", test, False)):
        kind = "images-idx3" if images else "labels-idx1"
        body = (rng.integers(0, 256, n * 784, dtype=np.uint8) if images
                else (np.arange(n) % 10).astype(np.uint8)).tobytes()
        with gzip.open(os.path.join(fashion, f"{name}-{kind}-ubyte.gz"), "wb") as f:
            f.write(bytes(16 if images else 8) + body)
    paths["fashion_mnist"] = fashion
    cifar = os.path.join(root, "cifar100")
    os.makedirs(os.path.join(cifar, "cifar-100-python"))
    for split, n in zip(("train", "test"), STAND_IN["cifar100"]):
        batch = {b"data": rng.integers(0, 256, (n, 3072), dtype=np.uint8),
                 b"fine_labels": [i % 100 for i in range(n)],
                 b"coarse_labels": [i % 20 for i in range(n)]}
        for folder in (cifar, os.path.join(cifar, "cifar-100-python")):  # tf_keras, Keras 3
            with open(os.path.join(folder, split), "wb") as f:
                pickle.dump(batch, f)
    paths["cifar100"] = cifar
    n = STAND_IN["imdb"]
    paths["imdb"] = os.path.join(root, "imdb.npz")
    np.savez(paths["imdb"], x_train=_ranks(rng, n, cover=True), y_train=np.arange(n) % 2,
             x_test=_ranks(rng, n), y_test=np.arange(n) % 2)
    n = STAND_IN["reuters"]
    paths["reuters"] = os.path.join(root, "reuters.npz")
    np.savez(paths["reuters"], x=_ranks(rng, n), y=np.arange(n) % 46)
    n = STAND_IN["boston_housing"]
    paths["boston_housing"] = os.path.join(root, "boston_housing.npz")
    np.savez(paths["boston_housing"], x=rng.random((n, 13)), y=rng.random(n) * 40 + 10)
    return paths


def _cifar10_batches(fpath, label_key="labels"):
    """The documented CIFAR-10 batch (10000 rows of 3072 uint8, a list of labels 0-9), made in
    memory: five real batches would be 150 MB of stand-in files."""
    pixels = (np.arange(10000 * 3072) % 256).astype(np.uint8)
    return pixels.reshape(10000, 3072).reshape(10000, 3, 32, 32), [i % 10 for i in range(10000)]


def run(dialect: str, calls: list) -> list:
    package = "tf_keras.src.datasets" if dialect == "keras2" else "keras.src.datasets"
    root = tempfile.mkdtemp()
    paths = make_files(root)
    results = []
    for dataset, kwargs in calls:
        module = importlib.import_module(f"{package}.{dataset}")
        module.get_file = lambda *a, _p=paths.get(dataset, root), **k: \
            os.path.join(_p, k.get("fname") or a[0]) if dataset == "fashion_mnist" else _p
        if dataset == "cifar10":
            module.load_batch = _cifar10_batches
        try:
            results.append(["ok", describe(module.load_data(**kwargs))])
        except Exception as exc:  # noqa: BLE001 - the loader's failure is an outcome
            results.append(["error", type(exc).__name__, str(exc)])
    return results


if __name__ == "__main__":
    print(json.dumps(run(sys.argv[1], json.load(sys.stdin))))
