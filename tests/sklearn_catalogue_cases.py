"""Calls of catalogued scikit-learn functions and objects for tests/test_sklearn_catalogue.py:
hand-picked cases and a seeded random grid per family (library_harness.Case)."""

from __future__ import annotations

import random
from typing import Any

from library_harness import Arr, Case, Frame, Ser, Step, attr, item, method

SPLIT = "sklearn.model_selection.train_test_split"
PRE = "sklearn.preprocessing"
DATA = "sklearn.datasets"
SCALERS = ("StandardScaler", "MinMaxScaler", "MaxAbsScaler", "RobustScaler", "Normalizer",
           "Binarizer", "QuantileTransformer", "PowerTransformer")
DTYPES = ("float64", "float32", "float16", "int64", "int32", "int8", "uint8", "bool")
CLASSES = Step("attr", "classes_", on="root")
X = Arr((10, 3))
Y = Arr((10,), "int64", (0, 1, 2, 0, 1, 2, 0, 1, 2, 0))

HAND: list[Case] = [
    # train_test_split: sizes, rounding, errors
    Case(SPLIT, (X, Y)),
    Case(SPLIT, (X, Y), {"test_size": 0.2, "random_state": 42}),
    Case(SPLIT, (Arr((30, 2)),), {"test_size": 0.1}),  # 0.1 * 30 = 3.0000000000000004: 4
    Case(SPLIT, (Arr((100, 4)), Arr((100,))), {"test_size": 0.33}),
    Case(SPLIT, (X, Y), {"train_size": 0.5}),
    Case(SPLIT, (X, Y), {"train_size": 3}),
    Case(SPLIT, (X, Y, Arr((10, 2, 2))), {"test_size": 4}),
    Case(SPLIT, (X, Y), {"test_size": 10}),
    Case(SPLIT, (X, Y), {"test_size": 0}),
    Case(SPLIT, (X, Y), {"test_size": 1.0}),
    Case(SPLIT, (X, Y), {"test_size": True}),
    Case(SPLIT, (X, Y), {"test_size": False}),
    Case(SPLIT, (X, Y), {"test_size": "a"}),
    Case(SPLIT, (X, Y), {"train_size": 0.5, "test_size": 0.6}),
    Case(SPLIT, (X, Y), {"train_size": 7, "test_size": 4}),
    Case(SPLIT, (X, Y), {"train_size": 0.01}),
    Case(SPLIT, (X, Y), {"test_size": 0.99}),
    Case(SPLIT, (X, Arr((9,)))),
    Case(SPLIT, (X, Arr((9,)), Arr((8, 1)))),
    Case(SPLIT, ()),
    Case(SPLIT, (Arr((1, 3)),)),
    Case(SPLIT, (Arr((0, 3)),)),
    Case(SPLIT, (X, Y), {"shuffle": False, "stratify": Y}),
    Case(SPLIT, (X, Y), {"stratify": Y, "test_size": 0.3}),
    Case(SPLIT, (X, Y), {"shuffle": False}),
    Case(SPLIT, (Frame((10, 3), ("a", "b", "c")), Ser(10)), {"test_size": 0.2}),
    # scalers
    Case(f"{PRE}.StandardScaler", (), {}, (method("fit_transform", X),)),
    Case(f"{PRE}.StandardScaler", (), {}, (method("fit", X), method("transform", Arr((4, 3))))),
    Case(f"{PRE}.StandardScaler", (), {}, (method("fit", X), method("transform", Arr((4, 5))))),
    Case(f"{PRE}.StandardScaler", (), {}, (method("transform", X),)),
    Case(f"{PRE}.StandardScaler", (), {}, (method("fit_transform", Arr((10,))),)),
    Case(f"{PRE}.StandardScaler", (), {}, (method("fit_transform", Arr((2, 3, 4))),)),
    Case(f"{PRE}.StandardScaler", (), {}, (method("fit_transform", Arr((0, 3))),)),
    Case(f"{PRE}.StandardScaler", (), {}, (method("fit_transform", Arr((3, 0))),)),
    Case(f"{PRE}.StandardScaler", (), {}, (method("fit_transform", Arr((), "float64")),)),
    Case(f"{PRE}.StandardScaler", (), {}, (method("fit_transform", Arr((5, 2), "int8")),)),
    Case(f"{PRE}.StandardScaler", (), {"with_mean": False},
         (method("fit", Arr((5, 2), "float32")), method("inverse_transform", Arr((3, 2))))),
    Case(f"{PRE}.StandardScaler", (), {}, (method("fit_transform", Frame((6, 2))),)),
    Case(f"{PRE}.MinMaxScaler", (), {}, (method("fit_transform", Arr((5, 2), "float16")),)),
    Case(f"{PRE}.MinMaxScaler", ((1, 0),), {}, (method("fit_transform", X),)),
    Case(f"{PRE}.MinMaxScaler", ((-1, 1),), {}, (method("partial_fit", X),
                                                 method("partial_fit", Arr((2, 4))))),
    Case(f"{PRE}.Binarizer", (), {"threshold": 1.5}, (method("fit_transform", Arr((4, 3),
                                                                                   "int64")),)),
    Case(f"{PRE}.Binarizer", (), {}, (method("fit_transform", Arr((4, 3), "bool")),)),
    Case(f"{PRE}.Normalizer", ("l1",), {}, (method("fit", X), method("transform", X))),
    Case(f"{PRE}.RobustScaler", (), {"quantile_range": (10.0, 90.0)},
         (method("fit_transform", X),)),
    Case(f"{PRE}.QuantileTransformer", (), {"n_quantiles": 5}, (method("fit_transform", X),)),
    Case(f"{PRE}.PowerTransformer", (), {}, (method("fit_transform", Arr((8, 2))),
                                             method("inverse_transform", Arr((3, 2)), on="root"))),
    # LabelEncoder
    Case(f"{PRE}.LabelEncoder", (), {}, (method("fit_transform", Y),)),
    Case(f"{PRE}.LabelEncoder", (), {}, (method("fit_transform", ["b", "a", "b", "c"]),
                                         CLASSES)),
    Case(f"{PRE}.LabelEncoder", (), {}, (method("fit", [3, 1, 3]), method("transform", [1, 3]),
                                         CLASSES)),
    Case(f"{PRE}.LabelEncoder", (), {}, (method("fit", Y), method("inverse_transform",
                                                                  Arr((4,), "int64",
                                                                      (0, 1, 1, 2))))),
    Case(f"{PRE}.LabelEncoder", (), {}, (method("fit_transform", Arr((6, 1), "int64")),)),
    Case(f"{PRE}.LabelEncoder", (), {}, (method("fit_transform", Arr((3, 2), "int64")),)),
    Case(f"{PRE}.LabelEncoder", (), {}, (method("fit_transform", Arr((), "int64")),)),
    Case(f"{PRE}.LabelEncoder", (), {}, (method("fit_transform", Arr((2, 1, 1))),)),
    Case(f"{PRE}.LabelEncoder", (), {}, (method("transform", Y),)),
    Case(f"{PRE}.LabelEncoder", (), {}, (method("fit", Y), method("transform", Arr((0,))))),
    Case(f"{PRE}.LabelEncoder", (), {}, (method("fit_transform", Ser(7, "int64")),)),
    # OneHotEncoder
    Case(f"{PRE}.OneHotEncoder", (), {}, (method("fit_transform", Arr((3, 2), "int64")),
                                          method("toarray"))),
    Case(f"{PRE}.OneHotEncoder", (), {"sparse_output": False},
         (method("fit_transform", Arr((3, 2), "int64")),)),
    Case(f"{PRE}.OneHotEncoder", (), {"sparse_output": False,
                                      "categories": [[1, 2, 3, 4, 5], [1, 2, 3, 4, 5, 6]]},
         (method("fit_transform", Arr((3, 2), "int64")),)),
    Case(f"{PRE}.OneHotEncoder", (), {"sparse_output": False, "drop": "first",
                                      "categories": [[1, 2, 3, 4, 5], [1, 2, 3, 4, 5]]},
         (method("fit_transform", Arr((3, 2), "int64")),)),
    Case(f"{PRE}.OneHotEncoder", (), {"sparse_output": False, "drop": "if_binary",
                                      "categories": [[1, 2], [1, 2, 3, 4, 5]],
                                      "handle_unknown": "ignore"},
         (method("fit_transform", Arr((3, 2), "int64")),)),
    Case(f"{PRE}.OneHotEncoder", (), {"categories": [[1, 2, 3, 4, 5]]},
         (method("fit_transform", Arr((3, 2), "int64")),)),
    Case(f"{PRE}.OneHotEncoder", (), {"categories": [[2, 1, 3, 4, 5], [1, 2, 3, 4, 5]]},
         (method("fit_transform", Arr((3, 2), "int64")),)),
    Case(f"{PRE}.OneHotEncoder", (), {"categories": [[1, 1, 2, 3, 4, 5], [1, 2, 3, 4, 5]]},
         (method("fit_transform", Arr((3, 2), "int64")),)),
    Case(f"{PRE}.OneHotEncoder", (), {"sparse_output": False, "dtype": "numpy.float32",
                                      "categories": [[1, 2, 3, 4, 5], [1, 2, 3, 4, 5]]},
         (method("fit", Arr((3, 2), "int64")), method("transform", Arr((5, 2), "int64")))),
    Case(f"{PRE}.OneHotEncoder", (), {}, (method("fit", Arr((3, 2), "int64")),
                                          method("transform", Arr((3, 3), "int64")))),
    Case(f"{PRE}.OneHotEncoder", (), {}, (method("transform", Arr((3, 2), "int64")),)),
    Case(f"{PRE}.OneHotEncoder", (), {}, (method("fit_transform", Arr((3,), "int64")),)),
    Case(f"{PRE}.OneHotEncoder", (), {}, (method("fit_transform", Arr((3, 1, 1))),)),
    Case(f"{PRE}.OneHotEncoder", (), {}, (method("fit_transform", Arr((0, 2), "int64")),)),
    Case(f"{PRE}.OneHotEncoder", (), {}, (method("fit_transform", Arr((2, 0), "int64")),)),
    Case(f"{PRE}.OneHotEncoder", (), {}, (method("fit_transform", Arr((4, 2), "int64")),
                                          attr("shape"))),
    # toy datasets (real files shipped with sklearn)
    *[Case(f"{DATA}.{name}", (), kwargs, steps)
      for name in ("load_iris", "load_digits", "load_breast_cancer", "load_wine")
      for kwargs, steps in (({}, ()), ({}, (attr("data"),)), ({}, (item("target"),)),
                            ({"return_X_y": True}, ()), ({"as_frame": True}, ()),
                            ({"as_frame": True, "return_X_y": True}, ()),
                            ({"return_X_y": 1}, ()))],
    *[Case(f"{DATA}.load_digits", (), {"n_class": k, "return_X_y": True}) for k in range(12)],
    Case(f"{DATA}.load_digits", (), {}, (attr("images"),)),
    Case(f"{DATA}.load_digits", (), {"n_class": 4}),
    # generators
    Case(f"{DATA}.make_classification", ()),
    Case(f"{DATA}.make_classification", (10, 3)),
    Case(f"{DATA}.make_classification", (10, 3), {"n_informative": 3, "n_redundant": 0,
                                                   "n_classes": 5, "n_clusters_per_class": 1}),
    Case(f"{DATA}.make_classification", (), {"n_classes": 3, "n_informative": 1}),
    Case(f"{DATA}.make_classification", (0,)),
    Case(f"{DATA}.make_classification", (), {"n_features": 3, "n_informative": 1,
                                             "n_redundant": 1, "n_repeated": 1,
                                             "n_clusters_per_class": 1}),
    Case(f"{DATA}.make_regression", ()),
    Case(f"{DATA}.make_regression", (10, 3), {"n_targets": 2, "coef": True}),
    Case(f"{DATA}.make_regression", (10, 3), {"coef": True}),
    Case(f"{DATA}.make_blobs", ()),
    Case(f"{DATA}.make_blobs", ([3, 4],), {"n_features": 5}),
    Case(f"{DATA}.make_blobs", (10,), {"centers": [[0, 0], [1, 1]]}),
    Case(f"{DATA}.make_blobs", (10,), {"centers": 4, "return_centers": True}),
    Case(f"{DATA}.make_blobs", (2,), {"centers": 5}),
    Case(f"{DATA}.make_moons", ()),
    Case(f"{DATA}.make_moons", ((3, 5),)),
    Case(f"{DATA}.make_moons", (1,)),
    Case(f"{DATA}.make_moons", (0,)),
    Case(f"{DATA}.make_circles", (7,)),
    Case(f"{DATA}.make_circles", ((2, 9),), {"factor": 0.5}),
]


# --- seeded random grids ------------------------------------------------------------------------


def _arr(rng: random.Random, n: int, low: int = 1, high: int = 3, dtypes=DTYPES) -> Arr:
    rest = tuple(rng.randint(1, 4) for _ in range(rng.randint(low, high) - 1))
    return Arr((n, *rest), rng.choice(dtypes))


def _size(rng: random.Random, n: int) -> Any:
    return rng.choice([None, None, round(rng.uniform(0.01, 0.99), 2), rng.choice([0.1, 0.2,
                       0.25, 0.3, 0.33, 0.5, 0.7, 0.9]), rng.randint(0, n + 1), rng.randint(1, 4),
                       1.0, 0.0, True, "x"])


def split_cases(rng: random.Random, count: int) -> list[Case]:
    cases = []
    for _ in range(count):
        n = rng.randint(0, 40)
        arrays: list[Any] = []
        for _ in range(rng.randint(1, 3)):
            m = n if rng.random() < 0.9 else rng.randint(0, 40)
            roll = rng.random()
            if roll < 0.15:
                arrays.append(Frame((m, rng.randint(1, 4))))
            elif roll < 0.25:
                arrays.append(Ser(m))
            else:
                arrays.append(_arr(rng, m, 1, 3))
        kwargs: dict[str, Any] = {}
        for key in ("test_size", "train_size"):
            value = _size(rng, n)
            if value is not None:
                kwargs[key] = value
        if rng.random() < 0.2:
            kwargs["shuffle"] = rng.choice([True, False])
        if rng.random() < 0.3:
            kwargs["random_state"] = rng.randint(0, 5)
        cases.append(Case(SPLIT, tuple(arrays), kwargs))
    return cases


_SCALER_ARGS = {
    "StandardScaler": [{}, {"with_mean": False}, {"with_std": False, "copy": False}],
    "MinMaxScaler": [{}, {"feature_range": (-1, 1)}, {"clip": True}, {"feature_range": (2, 2)}],
    "MaxAbsScaler": [{}],
    "RobustScaler": [{}, {"with_centering": False}, {"unit_variance": True}],
    "Normalizer": [{}, {"norm": "max"}, {"norm": "l1"}],
    "Binarizer": [{}, {"threshold": 2}],
    "QuantileTransformer": [{"n_quantiles": 4}, {"n_quantiles": 3,
                                                 "output_distribution": "normal"}],
    "PowerTransformer": [{}, {"standardize": False}],
}


def _matrix(rng: random.Random, features: int | None = None) -> Any:
    roll = rng.random()
    n = rng.randint(0, 8) if rng.random() < 0.1 else rng.randint(2, 8)
    f = features if features is not None else (
        rng.randint(0, 3) if rng.random() < 0.1 else rng.randint(1, 4))
    if roll < 0.08:
        return Arr((n,), rng.choice(DTYPES))
    if roll < 0.14:
        return Arr((n, f, 2), "float64")
    if roll < 0.22:
        return Frame((n, f))
    return Arr((n, f), rng.choice(DTYPES))


def scaler_cases(rng: random.Random, count: int) -> list[Case]:
    cases = []
    for _ in range(count):
        name = rng.choice(SCALERS)
        kwargs = rng.choice(_SCALER_ARGS[name])
        first = _matrix(rng)
        steps = [method(rng.choice(["fit_transform", "fit", "fit"]), first)]
        features = first.shape[1] if len(first.shape) == 2 else None
        for _ in range(rng.randint(0, 2)):
            names = ["transform"]
            if name not in ("Normalizer", "Binarizer"):
                names.append("inverse_transform")
            if name in ("StandardScaler", "MinMaxScaler", "MaxAbsScaler"):
                names.append("partial_fit")
            other = features if rng.random() < 0.8 else None
            steps.append(method(rng.choice(names), _matrix(rng, other), on="root"))
        if rng.random() < 0.05:
            steps = [method("transform", first)]
        cases.append(Case(f"{PRE}.{name}", (), dict(kwargs), tuple(steps)))
    return cases


def _labels(rng: random.Random) -> Any:
    n = rng.randint(0, 9)
    roll = rng.random()
    if roll < 0.25:
        pool = rng.choice([[0, 1, 2, 5], ["a", "b", "c"], [1.5, 2.5]])
        return [rng.choice(pool) for _ in range(max(n, 1))]
    if roll < 0.35:
        return Arr((n, rng.choice([1, 2])), "int64")
    if roll < 0.4:
        return Arr(() if rng.random() < 0.5 else (2, 2, 1), "int64")
    if roll < 0.5:
        return Ser(n, "int64")
    return Arr((n,), rng.choice(["int64", "int32", "float64", "uint8"]))


def label_cases(rng: random.Random, count: int) -> list[Case]:
    cases = []
    for _ in range(count):
        y = _labels(rng)
        steps = [method(rng.choice(["fit_transform", "fit"]), y)]
        for _ in range(rng.randint(0, 2)):
            steps.append(rng.choice([method("transform", y, on="root"),
                                     method("inverse_transform", Arr((3,), "int64", (0, 0, 0)),
                                            on="root"),
                                     CLASSES]))
        cases.append(Case(f"{PRE}.LabelEncoder", (), {}, tuple(steps)))
    return cases


def one_hot_cases(rng: random.Random, count: int) -> list[Case]:
    cases = []
    for _ in range(count):
        f = rng.randint(1, 3)
        n = rng.randint(1, 6) if rng.random() < 0.9 else 0
        x = Arr((n, f), rng.choice(["int64", "int32", "float64"]))
        kwargs: dict[str, Any] = {}
        if rng.random() < 0.6:
            k = f if rng.random() < 0.85 else f + 1
            cats = [[1, 2, 3, 4, 5][: rng.randint(1, 5)] + [5] for _ in range(k)]
            cats = [sorted(set(c)) if rng.random() < 0.9 else c[::-1] for c in cats]
            if rng.random() < 0.7:
                cats = [sorted(set(c) | {1, 2, 3, 4, 5}) for c in cats]  # the data's values
            kwargs["categories"] = cats
            kwargs["handle_unknown"] = rng.choice(["error", "ignore"])
        if rng.random() < 0.5:
            kwargs["sparse_output"] = False
        if rng.random() < 0.3:
            kwargs["drop"] = rng.choice(["first", "if_binary"])
        if rng.random() < 0.2:
            kwargs["dtype"] = rng.choice(["numpy.float32", "numpy.int64", "numpy.uint8"])
        steps = [method(rng.choice(["fit_transform", "fit"]), x)]
        if rng.random() < 0.5:
            g = f if rng.random() < 0.8 else f + 1
            steps.append(method("transform", Arr((rng.randint(1, 5), g), x.dtype), on="root"))
        if kwargs.get("sparse_output", True) and rng.random() < 0.6:
            steps.append(method("toarray") if steps[-1].name != "fit" else attr("shape"))
        cases.append(Case(f"{PRE}.OneHotEncoder", (), kwargs, tuple(steps)))
    return cases


def dataset_cases(rng: random.Random, count: int) -> list[Case]:
    cases = []
    for _ in range(count):
        kind = rng.choice(["classification", "regression", "blobs", "moons", "circles"])
        n = rng.choice([0, 1, 2, 5, 7, 20, 33])
        if kind == "classification":
            kwargs = {"n_samples": n, "n_features": rng.randint(1, 8),
                      "n_informative": rng.randint(1, 4), "n_redundant": rng.randint(0, 2),
                      "n_repeated": rng.randint(0, 1), "n_classes": rng.randint(1, 5),
                      "n_clusters_per_class": rng.randint(1, 2), "random_state": 0}
        elif kind == "regression":
            kwargs = {"n_samples": n, "n_features": rng.randint(1, 6),
                      "n_informative": rng.randint(0, 4), "n_targets": rng.randint(1, 3),
                      "coef": rng.random() < 0.3, "random_state": 0}
        elif kind == "blobs":
            samples: Any = n if rng.random() < 0.7 else [rng.randint(0, 5) for _ in range(
                rng.randint(1, 4))]
            kwargs = {"n_samples": samples, "n_features": rng.randint(1, 4), "random_state": 0}
            if not isinstance(samples, list) and rng.random() < 0.5:
                kwargs["centers"] = rng.randint(1, 6)
            if rng.random() < 0.3:
                kwargs["return_centers"] = True
        else:
            samples = n if rng.random() < 0.7 else (rng.randint(0, 4), rng.randint(0, 4))
            kwargs = {"n_samples": samples, "random_state": 0}
        cases.append(Case(f"{DATA}.make_{kind}", (), kwargs))
    return cases


FAMILIES = {"split": (split_cases, 400), "scalers": (scaler_cases, 300),
            "labels": (label_cases, 150), "one_hot": (one_hot_cases, 200),
            "datasets": (dataset_cases, 150)}


def grid(family: str) -> list[Case]:
    make, count = FAMILIES[family]
    return make(random.Random(f"sklearn-{family}"), count)
