"""Whole scripts whose data come from scikit-learn and pandas and reach a Keras model, for
tests/test_sklearn_pandas_fit.py: hand-written cases and a seeded generator, run in real Keras 3
and tf.keras 2 (subclass/runner.py, one subprocess per dialect) and compared with layerlint by
fit_data_cases.agree (verdict, line, stage, the framework's message).

A file's row count is unknown to layerlint: ``KNOWN_MISSES`` are scripts the framework rejects
where layerlint, knowing only that two counts are unknown, rightly claims nothing.
"""

from __future__ import annotations

import functools
import random
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from fit_data_cases import agree
from subclass.runner import run_batch

from layerlint.pipeline import check_source

DATA_DIR = Path(tempfile.mkdtemp(prefix="layerlint-skpd-"))
CSV = DATA_DIR / "diabetes.csv"
HEAD = ("import numpy as np\nimport pandas as pd\nimport keras\n"
        "from sklearn.model_selection import train_test_split\n")
WRITE_CSV = (f"pd.DataFrame(np.random.rand(40, 6), columns=list('abcdef'))"
             f".to_csv({str(CSV)!r}, index=False)\n")


def _model(inputs: str, units: int, loss: str, activation: str = "linear") -> str:
    return (f"model = keras.Sequential([keras.Input({inputs}), keras.layers.Dense(8, "
            f"activation='relu'), keras.layers.Dense({units}, activation={activation!r})])\n"
            f"model.compile(optimizer='adam', loss={loss!r})\n")


HAND: dict[str, str] = {
    "split_x_train_y_test": HEAD + """
X = np.random.rand(100, 4)
y = np.random.randint(0, 2, 100)
X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.2, random_state=0)
""" + _model("(4,)", 1, "binary_crossentropy", "sigmoid")
    + "model.fit(X_train, y_test, epochs=1, verbose=0)\n",
    "split_validation_swapped": HEAD + """
X = np.random.rand(50, 3)
y = np.random.rand(50)
X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.3)
""" + _model("(3,)", 1, "mse")
    + "model.fit(X_train, y_train, validation_data=(X_test, y_train), epochs=1, verbose=0)\n",
    "split_ok": HEAD + """
X = np.random.rand(64, 5)
y = np.random.rand(64)
X_train, X_test, y_train, y_test = train_test_split(X, y, train_size=0.75)
""" + _model("(5,)", 1, "mse")
    + "model.fit(X_train, y_train, validation_data=(X_test, y_test), epochs=1, verbose=0)\n",
    "frame_columns_vs_input": HEAD + """
df = pd.DataFrame(np.random.rand(30, 5), columns=list("abcde"))
X = df[["a", "b", "c"]].values
y = df["e"].values
X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.25)
""" + _model("(4,)", 1, "mse") + "model.fit(X_train, y_train, epochs=1, verbose=0)\n",
    "frame_iloc_ok": HEAD + """
df = pd.DataFrame(np.random.rand(30, 5), columns=list("abcde"))
X = df.iloc[:, :-1].to_numpy()
y = df.iloc[:, -1]
""" + _model("(4,)", 1, "mse") + "model.fit(X, y, epochs=1, verbose=0)\n",
    "frame_drop_ok": HEAD + """
df = pd.DataFrame({"a": [1.0, 2, 3, 4], "b": [0.5, 1, 2, 3], "label": [0, 1, 0, 1]})
X = df.drop(columns=["label"])
y = df["label"]
""" + _model("(2,)", 1, "binary_crossentropy", "sigmoid")
    + "model.fit(X, y, epochs=1, verbose=0)\n",
    "frame_drop_wrong_input": HEAD + """
df = pd.DataFrame({"a": [1.0, 2, 3, 4], "b": [0.5, 1, 2, 3], "label": [0, 1, 0, 1]})
X = df.drop("label", axis=1).values
y = df.label.values
""" + _model("(3,)", 1, "binary_crossentropy", "sigmoid")
    + "model.fit(X, y, epochs=1, verbose=0)\n",
    "csv_ok": HEAD + WRITE_CSV + f"""
df = pd.read_csv({str(CSV)!r})
X = df.iloc[:, 0:5].values
y = df.iloc[:, 5].values
X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.2, random_state=1)
""" + _model("(5,)", 1, "mse")
    + "model.fit(X_train, y_train, validation_data=(X_test, y_test), epochs=1, verbose=0)\n",
    "csv_train_vs_test": HEAD + WRITE_CSV + f"""
df = pd.read_csv({str(CSV)!r})
X = df.drop(columns=["f"]).values
y = df["f"].values
X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.2)
""" + _model("(5,)", 1, "mse") + "model.fit(X_train, y_test, epochs=1, verbose=0)\n",
    "csv_usecols_wrong_input": HEAD + WRITE_CSV + f"""
X = pd.read_csv({str(CSV)!r}, usecols=["a", "b", "c"]).values
y = pd.read_csv({str(CSV)!r}, usecols=["f"]).values
""" + _model("(4,)", 1, "mse") + "model.fit(X, y, epochs=1, verbose=0)\n",
    "iris_ok": HEAD + """
from sklearn.datasets import load_iris
from sklearn.preprocessing import StandardScaler
X, y = load_iris(return_X_y=True)
X = StandardScaler().fit_transform(X)
X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.2, stratify=y)
""" + _model("(4,)", 3, "sparse_categorical_crossentropy", "softmax")
    + "model.fit(X_train, y_train, epochs=1, verbose=0)\n",
    "iris_bunch_wrong_input": HEAD + """
from sklearn import datasets
iris = datasets.load_iris()
X, y = iris.data, iris.target
""" + _model("(3,)", 3, "sparse_categorical_crossentropy", "softmax")
    + "model.fit(X, y, epochs=1, verbose=0)\n",
    "digits_images_into_dense": HEAD + """
from sklearn.datasets import load_digits
digits = load_digits()
""" + _model("(64,)", 10, "sparse_categorical_crossentropy", "softmax")
    + "model.fit(digits.images, digits.target, epochs=1, verbose=0)\n",
    "one_hot_categories_vs_units": HEAD + """
from sklearn.preprocessing import OneHotEncoder
X = np.random.rand(20, 4)
labels = np.random.randint(0, 3, (20, 1))
Y = OneHotEncoder(categories=[[0, 1, 2]], sparse_output=False).fit_transform(labels)
""" + _model("(4,)", 2, "categorical_crossentropy", "softmax")
    + "model.fit(X, Y, epochs=1, verbose=0)\n",
    "label_encoder_ok": HEAD + """
from sklearn.preprocessing import LabelEncoder, MinMaxScaler
X = MinMaxScaler().fit_transform(np.random.rand(12, 3))
y = LabelEncoder().fit_transform(["a", "b", "c", "a", "b", "c", "a", "b", "c", "a", "b", "c"])
""" + _model("(3,)", 3, "sparse_categorical_crossentropy", "softmax")
    + "model.fit(X, y, epochs=1, verbose=0)\n",
    "make_classification_split_mismatch": HEAD + """
from sklearn.datasets import make_classification
X, y = make_classification(n_samples=200, n_features=10, random_state=0)
X_train, X_test, y_train, y_test = train_test_split(X, y)
""" + _model("(10,)", 1, "binary_crossentropy", "sigmoid")
    + "model.fit(X_test, y_train, epochs=1, verbose=0)\n",
    "make_moons_ok": HEAD + """
from sklearn.datasets import make_moons
X, y = make_moons(n_samples=101, noise=0.1)
X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.33)
""" + _model("(2,)", 1, "binary_crossentropy", "sigmoid")
    + "model.fit(X_train, y_train, validation_data=(X_test, y_test), epochs=1, verbose=0)\n",
    "scaled_test_of_other_width": HEAD + """
from sklearn.preprocessing import StandardScaler
scaler = StandardScaler().fit(np.random.rand(30, 6))
X = scaler.transform(np.random.rand(30, 6))
""" + _model("(5,)", 1, "mse") + "model.fit(X, np.random.rand(30), epochs=1, verbose=0)\n",
}

# The framework raises, layerlint claims nothing: two sample counts it does not know (a split
# of a file's rows), which may be equal as far as layerlint can tell.
KNOWN_MISSES = {"csv_train_vs_test"}


# --- a seeded generator -------------------------------------------------------------------------


@dataclass(frozen=True)
class Generated:
    seed: int
    source: str


def generate(seed: int) -> Generated:
    """A random pipeline: a source of data (random arrays, a DataFrame, a sklearn dataset or
    generator), maybe a split and a scaler, a model whose input width and head may not fit,
    and a fit whose x and y may come from different parts."""
    rng = random.Random(f"skpd-fit-{seed}")
    n = rng.choice([40, 50, 64, 99])
    source = rng.choice(["arrays", "frame", "classification", "iris", "blobs"])
    lines = []
    if source == "arrays":
        f = rng.randint(2, 6)
        lines += [f"X = np.random.rand({n}, {f})", f"y = np.random.randint(0, 2, {n})"]
        classes = 2
    elif source == "frame":
        f = rng.randint(2, 5)
        cols = list("abcdefg"[: f + 1])
        lines += [f"df = pd.DataFrame(np.random.rand({n}, {f + 1}), columns={cols!r})",
                  rng.choice([f"X = df.drop(columns=[{cols[-1]!r}]).values",
                              "X = df.iloc[:, :-1].values",
                              f"X = df[{cols[:-1]!r}].to_numpy()"]),
                  rng.choice([f"y = (df[{cols[-1]!r}] > 0.5).astype('int64').values",
                              "y = np.random.randint(0, 2, len(df))"])]
        classes = 2
    elif source == "classification":
        f = rng.randint(4, 8)
        classes = rng.choice([2, 3])
        lines += ["from sklearn.datasets import make_classification",
                  f"X, y = make_classification(n_samples={n}, n_features={f}, n_informative=3, "
                  f"n_redundant=0, n_classes={classes}, random_state={seed})"]
    elif source == "iris":
        n, f, classes = 150, 4, 3
        lines += ["from sklearn.datasets import load_iris", "X, y = load_iris(return_X_y=True)"]
    else:
        f = rng.randint(2, 4)
        classes = 3
        lines += ["from sklearn.datasets import make_blobs",
                  f"X, y = make_blobs(n_samples={n}, n_features={f}, random_state={seed})"]
    if rng.random() < 0.5:
        scaler = rng.choice(["StandardScaler", "MinMaxScaler", "RobustScaler"])
        lines += [f"from sklearn.preprocessing import {scaler}", f"X = {scaler}().fit_transform(X)"]
    xs, ys = "X", "y"
    if rng.random() < 0.7:
        size = rng.choice(["test_size=0.2", "test_size=0.25", "test_size=0.33", "train_size=0.6",
                           "test_size=10", ""])
        lines.append(f"X_train, X_test, y_train, y_test = train_test_split(X, y{', ' if size else ''}"
                     f"{size})")
        xs, ys = "X_train", rng.choice(["y_train"] * 4 + ["y_test"])
    width = f if rng.random() < 0.8 else f + rng.choice([-1, 1])
    sparse = rng.random() < 0.7
    units = classes if sparse or rng.random() < 0.8 else classes + 1
    loss = "sparse_categorical_crossentropy" if sparse else "mse"
    activation = "softmax" if sparse else "linear"
    target = ys if sparse else f"keras.utils.to_categorical({ys}, {classes})"
    body = "\n".join(lines) + "\n" + _model(f"({width},)", units, loss, activation)
    body += f"model.fit({xs}, {target}, epochs=1, verbose=0)\n"
    return Generated(seed, HEAD + body)


SEEDS = range(100)


_BATCH = re.compile(r"(received input with shape \(|found shape=\(|torch\.Size\(\[)(\d+|None)")


def _agree(result: Any, run: dict, dialect: str) -> list[str]:
    """fit_data_cases.agree; where the first batch's size depends on a sample count layerlint
    does not know (min(batch_size, rows of a file)), its message shows None for it: that one
    number is not compared (a known imprecision of the replay's messages)."""
    problems = agree(result, run, dialect)
    rest = [p for p in problems if not p.startswith("message differs")]
    if rest or not problems:
        return problems
    errors = [d for d in result.diagnostics if d.severity == "error"]
    mine = min(errors, key=lambda d: (d.span.line, d.span.col)).framework_error or ""
    if "(None, " not in mine and "[None, " not in mine:
        return problems
    masked = [_BATCH.sub(r"\1N", p) for p in problems]
    head, _, tail = masked[0].partition("\n  layerlint: ")
    keras = head.partition("Keras:     ")[2]
    return [] if keras.strip() == tail.strip() else problems


@functools.lru_cache(maxsize=2)
def runs(dialect: str) -> tuple[dict, list]:
    names = sorted(HAND)
    generated = [generate(seed) for seed in SEEDS]
    done = run_batch([HAND[n] for n in names] + [g.source for g in generated], dialect)
    return dict(zip(names, done)), list(zip(generated, done[len(names):]))


def hand_problems(name: str, dialect: str) -> list[str]:
    result = check_source(HAND[name], f"{name}.py", dialect=dialect)
    run = runs(dialect)[0][name]
    if name in KNOWN_MISSES:
        errors = [d for d in result.diagnostics if d.severity == "error"]
        return [] if run["error"] is not None and not errors else \
            [f"known miss: framework {run['error']}, layerlint {errors}"]
    return _agree(result, run, dialect)


def generated_problems(dialect: str) -> tuple[list[str], dict]:
    failures, outcomes = [], {}
    for case, run in runs(dialect)[1]:
        result = check_source(case.source, f"skpd_{case.seed}.py", dialect=dialect)
        stage = run["error"]["stage"] if run["error"] else "clean"
        outcomes[stage] = outcomes.get(stage, 0) + 1
        problems = _agree(result, run, dialect)
        if problems:
            failures.append(f"--- seed {case.seed}\n{case.source}"
                            + "\n".join(f"  * {p}" for p in problems))
    return failures, outcomes
