"""``keras.datasets.<name>.load_data()`` entries (library/keras_datasets.py) against the real
loaders of Keras 3 and tf_keras, without a network (the real files cannot be downloaded here and
no copy is cached under ~/.keras/datasets). How each fact is pinned:

* **Sample counts, image shapes, dtypes, label ranges, class counts** the documentation states:
  read from the installed loaders' own docstrings (both frameworks), built from the entry's
  constants so that a changed constant fails here (``test_documented_facts``). Two counts are not
  in the docstrings and come from the documentation found with the search tool: boston_housing's
  506 samples (404 train / 102 test, "Deep Learning with Python"), imdb's 25,000 + 25,000 split
  (TensorFlow's loader notes: ``imdb.load_data() --> (25000, 25000)``).
* **What the loader's code does** with the file's arrays (shapes it builds, reshapes, casts,
  transposes, the ``test_split`` cut, ``num_words`` / ``skip_top`` / ``oov_char`` / ``maxlen``
  filtering and the ids' bounds, argument errors): the real loaders run on stand-in files of the
  documented format (tests/keras_datasets_runner.py, one subprocess per framework), hand-picked and
  seeded random arguments, compared with the entry run with its documented counts set to the
  stand-ins' (``test_loaders_on_stand_in_files``).
* **Facts of the real data only** (each class present in each split; imdb's training split holds
  every id below ``num_words``, its words being ranked on that split): the docstrings (class
  ranges, "ranked by how often they occur (in the training set)") and, for reuters, the documented
  use ``to_categorical(train_labels)`` / ``(test_labels)`` with ``Dense(46)``; the stand-ins are
  built to have the same property, so the comparison checks the entries' bounds are consistent.
"""

from __future__ import annotations

import dataclasses
import importlib.util
import json
import os
import random
import subprocess
import sys
from typing import Any

import pytest

from framework_env import framework_env
from layerlint.frontends.library import keras_datasets as kd
from layerlint.frontends.library.catalogue import LibraryError, Unmodelled, lookup
from layerlint.frontends.values import Data

HERE = os.path.dirname(__file__)
sys.path.insert(0, HERE)
from keras_datasets_runner import STAND_IN  # noqa: E402

DATASETS = ("mnist", "fashion_mnist", "cifar10", "cifar100", "imdb", "reuters", "boston_housing")


# --- documented facts -----------------------------------------------------------------------------


def _loader_text(dialect: str, name: str) -> str:
    """The installed loader's source (docstring included), found without importing it."""
    package = "tf_keras" if dialect == "keras2" else "keras"
    spec = importlib.util.find_spec(package)
    assert spec is not None and spec.submodule_search_locations
    root = list(spec.submodule_search_locations)[0]
    with open(os.path.join(root, "src", "datasets", f"{name}.py"), encoding="utf-8") as f:
        return " ".join(f.read().split())


def _documented() -> dict[str, list[str]]:
    m, c10, c100 = kd.MNIST, kd.CIFAR10, kd.CIFAR100

    def shape(*dims: int) -> str:
        return f"({', '.join(map(str, dims))}{',' if len(dims) == 1 else ''})"

    image = ["uint8", f"range 0-{m.classes - 1}"]
    return {
        "mnist": image + [shape(m.train, *m.image), shape(m.test, *m.image), shape(m.train),
                          shape(m.test), "Pixel values range from 0 to 255"],
        "fashion_mnist": image + [shape(m.train, *m.image), shape(m.test, *m.image),
                                  shape(m.train), shape(m.test)],
        "cifar10": ["uint8", f"range 0-{c10.classes - 1}", shape(c10.train, *c10.image),
                    shape(c10.test, *c10.image), shape(c10.train, *c10.labels),
                    shape(c10.test, *c10.labels), "Pixel values range from 0 to 255"],
        # The labels' dtype is not the docstring's "uint8": np.reshape of the pickle's list
        # (measured on the stand-ins, whose labels are lists as the CIFAR format says).
        "cifar100": [f"range 0-{c100.classes - 1}", shape(c100.train, *c100.image),
                     shape(c100.test, *c100.image), shape(c100.train, *c100.labels),
                     f"{c100.classes} fine-grained classes",
                     f"{kd.CIFAR100_COARSE} coarse-grained classes"],
        "imdb": [f"{kd.IMDB_SPLIT:,} movies reviews", "num_words - 1",
                 "ranked by how often they occur (in the training set)",
                 f"top {kd.WORDS_CERTAINLY_PRESENT:,} most common words"],
        "reuters": [f"{kd.REUTERS_TOTAL:,} newswires", f"{kd.REUTERS_TOPICS} topics",
                    "num_words - 1", "test_split"],
        "boston_housing": [f"{kd.BOSTON_FEATURES} attributes",
                           f"(num_samples, {kd.BOSTON_FEATURES})", "(num_samples,)"],
    }


@pytest.mark.parametrize("dialect", ["keras3", "keras2"])
@pytest.mark.parametrize("name", DATASETS)
def test_documented_facts(dialect: str, name: str) -> None:
    text = _loader_text(dialect, name)
    missing = [phrase for phrase in _documented()[name] if phrase not in text]
    assert not missing, missing


def test_every_spelling_reaches_the_entry() -> None:
    from layerlint.frontends import parse_source
    from layerlint.ir import DataCall

    spellings = [
        "import keras\n(x, y), _ = keras.datasets.mnist.load_data()",
        "from tensorflow import keras\n(x, y), _ = keras.datasets.mnist.load_data()",
        "import tensorflow as tf\n(x, y), _ = tf.keras.datasets.mnist.load_data()",
        "import tf_keras\n(x, y), _ = tf_keras.datasets.mnist.load_data()",
        "from keras.datasets import mnist\n(x, y), _ = mnist.load_data()",
        "from tensorflow.keras.datasets import mnist\n(x, y), _ = mnist.load_data()",
        "from tensorflow.keras.datasets.mnist import load_data\n(x, y), _ = load_data()",
    ]
    for lines in spellings:
        ir = parse_source(lines + "\nimport keras\nmodel = keras.Sequential([keras.layers.Dense(1)])"
                          "\nmodel.fit(x, y)\n")
        (event,) = [e for e in ir.models[0].events if isinstance(e, DataCall)]
        assert event.x.shape == (60000, 28, 28) and event.y.shape == (60000,), lines


# --- the loaders' code on stand-in files ---------------------------------------------------------

HAND: list[tuple[str, dict]] = [
    ("mnist", {}), ("mnist", {"path": "mnist.npz"}), ("fashion_mnist", {}), ("cifar10", {}),
    ("cifar100", {}), ("cifar100", {"label_mode": "coarse"}), ("cifar100", {"label_mode": "x"}),
    ("imdb", {}), ("imdb", {"num_words": 50}), ("imdb", {"num_words": 10, "skip_top": 5}),
    ("imdb", {"maxlen": 15}), ("imdb", {"num_words": 100, "maxlen": 20}),
    ("imdb", {"num_words": 50, "oov_char": None}), ("imdb", {"maxlen": 1}),
    ("reuters", {}), ("reuters", {"num_words": 100}), ("reuters", {"test_split": 0.3}),
    ("reuters", {"num_words": 60, "maxlen": 10, "test_split": 0.1}),
    ("boston_housing", {}), ("boston_housing", {"test_split": 0.33}),
    ("boston_housing", {"test_split": 1.0}), ("boston_housing", {"test_split": -0.2}),
]


def _grid(n: int) -> list[tuple[str, dict]]:
    rng = random.Random("keras-datasets")
    words = {"num_words": [None, 0, 3, 10, 50, 150, 1000], "skip_top": [0, 5, 60],
             "maxlen": [None, 0, 5, 15, 1000], "oov_char": [2, None, 7],
             "start_char": [1, None, 5], "index_from": [3, 0, 10], "seed": [113, 1]}
    cases: list[tuple[str, dict]] = []
    for _ in range(n):
        name = rng.choice(["imdb", "reuters", "reuters", "imdb", "boston_housing", "cifar100"])
        if name == "boston_housing":
            kwargs: dict = {"test_split": rng.choice([0.2, 0.0, 0.1, 0.25, 0.5, 0.99, 1.0]),
                            "seed": rng.choice([113, 7])}
        elif name == "cifar100":
            kwargs = {"label_mode": rng.choice(["fine", "coarse", "medium"])}
        else:
            kwargs = {k: rng.choice(v) for k, v in words.items() if rng.random() < 0.6}
            if name == "reuters" and rng.random() < 0.5:
                kwargs["test_split"] = rng.choice([0.2, 0.1, 0.5, 0.0, 0.33, -0.1])
        cases.append((name, kwargs))
    return cases


CASES = HAND + _grid(150)


def _run_real(dialect: str) -> list:
    env = framework_env(dialect)
    done = subprocess.run(
        [sys.executable, os.path.join(HERE, "keras_datasets_runner.py"), dialect],
        input=json.dumps(CASES), capture_output=True, text=True, timeout=600, env=env,
        check=False)
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.fixture
def stand_in_counts(monkeypatch: pytest.MonkeyPatch) -> None:
    """The entries' documented counts replaced by the stand-in files' own."""
    train, test = STAND_IN["mnist"]
    monkeypatch.setattr(kd, "MNIST", dataclasses.replace(kd.MNIST, train=train, test=test))
    train, test = STAND_IN["cifar100"]
    monkeypatch.setattr(kd, "CIFAR100", dataclasses.replace(kd.CIFAR100, train=train, test=test))
    monkeypatch.setattr(kd, "IMDB_SPLIT", STAND_IN["imdb"])
    monkeypatch.setattr(kd, "REUTERS_TOTAL", STAND_IN["reuters"])
    monkeypatch.setattr(kd, "BOSTON_TOTAL", STAND_IN["boston_housing"])
    # The stand-in vocabulary has ranks 1..199, shifted by index_from (at most 10 here).
    monkeypatch.setattr(kd, "WORDS_CERTAINLY_PRESENT", STAND_IN["vocabulary"])


def _ours(name: str, kwargs: dict) -> tuple[str, Any]:
    entry = lookup(f"keras.datasets.{name}.load_data")
    assert entry is not None
    try:
        return "ok", entry.call([], kwargs, None)
    except LibraryError as exc:
        return "error", exc
    except Unmodelled as exc:
        return "unknown", str(exc)


# A loader failure that depends on what the file holds, where the entry's count is unknown:
# imdb with a maxlen no sequence is shorter than; reuters then finding no largest word.
_DATA_DEPENDENT = ("no sequence was kept", "max() arg is an empty sequence",
                   "max() iterable argument is empty")


def _compare_array(mine: Data, real: dict, labels_exact: bool) -> str | None:
    if mine.shape is not None and len(mine.shape) != len(real["shape"]):
        return f"shape {mine.shape} vs {real['shape']}"
    for d, e in zip(mine.shape or (), real["shape"]):
        if isinstance(d, int) and d != e:
            return f"shape {mine.shape} vs {real['shape']}"
    if mine.dtype is not None and mine.dtype != real["dtype"]:
        return f"dtype {mine.dtype} vs {real['dtype']}"
    if mine.ragged and not (len(real["shape"]) == 1 and real.get("lists")):
        return f"ragged {mine.ragged} vs {real}"
    if mine.max_value is None or "max" not in real:
        return None
    low, high = real["min"], real["max"]
    if not mine.min_value <= low or not high <= mine.max_value:  # type: ignore[operator]
        return f"bounds {(mine.min_value, mine.max_value)} vs {(low, high)}"
    if mine.bounds == "uniform" and high != mine.max_value:
        return f"the top value {mine.max_value} is taken as reached; the data's is {high}"
    if mine.bounds == "exact" and labels_exact and (low, high) != (mine.min_value, mine.max_value):
        return f"exact bounds {(mine.min_value, mine.max_value)} vs {(low, high)}"
    return None


def compare(name: str, ours: tuple[str, Any], theirs: list, dialect: str) -> str | None:
    kind, value = ours
    if kind == "unknown":
        return None
    if kind == "error":
        if theirs[0] != "error":
            return f"layerlint raises {value.kind}; the loader returns"
        # tf_keras 2 asserts the boston test_split (AssertionError, no message).
        expected = "AssertionError" if dialect == "keras2" and name == "boston_housing" \
            else value.kind
        if theirs[1] != expected:
            return f"{value.kind} vs the loader's {theirs[1]}"
        if dialect == "keras3" and value.message is not None and value.message != theirs[2]:
            return f"message {value.message!r} vs {theirs[2]!r}"
        return None
    if theirs[0] == "error":
        counts = [a.shape[0] if a.shape else "?" for split in value for a in split]
        if any(m in theirs[2] for m in _DATA_DEPENDENT) and "?" in counts:
            return None
        return f"the loader raises {theirs[1:]}; layerlint returns"
    real = theirs[1]["tuple"]
    if len(value) != 2 or len(real) != 2:
        return "not two splits"
    for split, real_split in zip(value, real):
        for i, (mine, r) in enumerate(zip(split, real_split["tuple"])):
            # reuters: each topic in each split is a fact of the real data (see the module
            # docstring); the stand-in's random cut need not have it.
            problem = _compare_array(mine, r, labels_exact=not (name == "reuters" and i == 1))
            if problem:
                return problem
    return None


@pytest.mark.parametrize("dialect", [
    pytest.param("keras3", marks=pytest.mark.keras3),
    pytest.param("keras2", marks=pytest.mark.keras2),
])
def test_loaders_on_stand_in_files(dialect: str, stand_in_counts: None) -> None:
    results = _run_real(dialect)
    assert len(results) == len(CASES)
    mismatches, unknown, errors = [], 0, 0
    for (name, kwargs), theirs in zip(CASES, results):
        ours = _ours(name, kwargs)
        unknown += ours[0] == "unknown"
        errors += theirs[0] == "error"
        problem = compare(name, ours, theirs, dialect)
        if problem:
            mismatches.append(f"{name}.load_data(**{kwargs}): {problem}")
    assert not mismatches, f"{len(mismatches)} of {len(CASES)}:\n" + "\n".join(mismatches[:30])
    assert unknown <= 10, unknown  # imdb(start_char=None, index_from=0): see the entry
    assert 5 <= errors <= len(CASES) // 3, errors  # the grid reaches the loaders' errors too


# --- through a script ---------------------------------------------------------------------------


def _fit(lines: str) -> Any:
    from layerlint.frontends import parse_source
    from layerlint.ir import DataCall

    ir = parse_source("import numpy as np\nimport keras\n" + lines +
                      "\nmodel = keras.Sequential([keras.layers.Dense(1)])\nmodel.fit(x, y)\n")
    (event,) = [e for e in ir.models[0].events if isinstance(e, DataCall)]
    return event.x, event.y


def test_ragged_sequences_are_rank_1_lists_with_bounded_ids() -> None:
    x, y = _fit("(x, y), _ = keras.datasets.imdb.load_data(num_words=10000)")
    assert x.shape == (25000,) and x.ragged and x.dtype == "object"
    assert (x.min_value, x.max_value, x.bounds) == (0, 9999, "uniform")  # ranked on this split
    assert y.shape == (25000,) and (y.min_value, y.max_value) == (0, 1)
    x, _ = _fit("_, (x, y) = keras.datasets.imdb.load_data(num_words=10000)")
    assert (x.max_value, x.bounds) == (9999, "at_most")  # the test split may miss a word
    x, y = _fit("(x, y), _ = keras.datasets.reuters.load_data(num_words=5000, maxlen=200)")
    assert x.shape is None and y.shape == ("?",) and x.bounds == "at_most"  # rank: see _word_ids
    x, _ = _fit("(x, y), _ = keras.datasets.imdb.load_data()")
    assert x.shape == (25000,) and x.max_value is None  # the corpus' own vocabulary


def test_counts_follow_test_split() -> None:
    x, y = _fit("(x, y), _ = keras.datasets.boston_housing.load_data()")
    assert x.shape == (404, 13) and y.shape == (404,)
    x, y = _fit("_, (x, y) = keras.datasets.boston_housing.load_data(test_split=0.1)")
    assert x.shape == (51, 13)  # 506 - int(506 * 0.9)
    x, y = _fit("(x, y), _ = keras.datasets.reuters.load_data(num_words=10000)")
    assert x.shape == (8982,) and (y.min_value, y.max_value, y.bounds) == (0, 45, "exact")
    x, y = _fit("_, (x, y) = keras.datasets.reuters.load_data(test_split=0.5)")
    assert x.shape == (5614,) and y.bounds == "at_most"


def test_padded_imdb_has_a_known_count() -> None:
    x, _ = _fit("(x, y), _ = keras.datasets.imdb.load_data(num_words=5000)\n"
                "x = keras.utils.pad_sequences(x, maxlen=200)")
    assert x.shape == (25000, 200) and x.dtype == "int32"
    assert (x.min_value, x.max_value) == (0, 4999)
