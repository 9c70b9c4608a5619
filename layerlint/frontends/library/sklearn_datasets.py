"""scikit-learn datasets: the toy loaders shipped with sklearn (``load_iris``, ``load_digits``,
``load_breast_cancer``, ``load_wine``) and the generators (``make_classification``,
``make_regression``, ``make_blobs``, ``make_moons``, ``make_circles``).

Shapes, dtypes and label bounds are those of sklearn 1.9 (measured, and pinned by
tests/test_sklearn_catalogue.py on the real files). A loader returns a ``Bunch`` (a
``LibraryObject``: ``.data`` / ``["data"]``, ``.target``, ...), ``(X, y)`` with
``return_X_y=True``, and pandas objects with ``as_frame=True``.
"""

from __future__ import annotations

import math
from typing import Any

from ...shapes import Dim
from ..values import Data, LibraryObject
from .catalogue import Bound, LibraryError, Unmodelled, library_function
from .pandas_frames import FRAME, SERIES
from .sklearn_split import invalid_parameter

DATASETS = "sklearn.datasets"
BUNCH = "sklearn.utils._bunch.Bunch"

# name -> (samples, features, classes); digits' counts per n_class (1..10) are below.
TOY = {"load_iris": (150, 4, 3), "load_digits": (1797, 64, 10),
       "load_breast_cancer": (569, 30, 2), "load_wine": (178, 13, 3)}
DIGITS_PER_CLASSES = (178, 360, 537, 720, 901, 1083, 1264, 1443, 1617, 1797)
_TARGET_NAMES_INT = ("load_digits",)  # the others name their classes with strings


def _labels(n: Dim, classes: int, a: Bound, bounds: str = "exact", **kw: Any) -> Data:
    return Data((n,), "int64", a.origin, min_value=0, max_value=classes - 1, bounds=bounds,
                **kw)


def _flag(value: Any, name: str, function: str) -> bool:
    if not isinstance(value, bool):
        if isinstance(value, (int, float, str)):
            raise invalid_parameter(name, function, "must be an instance of 'bool' or an "
                                    "instance of 'numpy.bool'. Got {!r} instead.", value)
        raise Unmodelled(f"{function}({name}=) not known")
    return value


def _loader(name: str, signature: str) -> None:
    n, features, classes = TOY[name]

    def rule(a: Bound) -> Any:
        samples, k = n, classes
        if name == "load_digits":
            k = a.n_class
            if not isinstance(k, int) or isinstance(k, bool):
                raise Unmodelled("load_digits(n_class=) not known")
            if not 1 <= k <= 10:
                raise invalid_parameter("n_class", name, "must be an int in the range [1, 10]. "
                                        "Got {!r} instead.", k)
            samples = DIGITS_PER_CLASSES[k - 1]
        return_xy = _flag(a.return_X_y, "return_X_y", name)
        as_frame = _flag(a.as_frame, "as_frame", name)
        if as_frame:
            data = Data((samples, features), None, a.origin, extra={"unique": True},
                        library_type=FRAME)
            target = _labels(samples, k, a, library_type=SERIES)
            frame = Data((samples, features + 1), None, a.origin, extra={"unique": True},
                         library_type=FRAME)
        else:
            data = Data((samples, features), "float64", a.origin)
            target = _labels(samples, k, a)
            frame = None
        if return_xy:
            return (data, target)
        names_dtype = "int64" if name in _TARGET_NAMES_INT else None
        state: dict[str, Any] = {
            "data": data, "target": target, "frame": frame,
            "target_names": Data((10 if name == "load_digits" else classes,), names_dtype,
                                 a.origin),
        }
        if name == "load_digits":
            state["images"] = Data((samples, 8, 8), "float64", a.origin)
        return LibraryObject(BUNCH, state=state)

    library_function(f"{DATASETS}.{name}", signature)(rule)


for _name in ("load_iris", "load_breast_cancer", "load_wine"):
    _loader(_name, "*, return_X_y=False, as_frame=False")
_loader("load_digits", "*, n_class=10, return_X_y=False, as_frame=False")


@library_function(f"{BUNCH}.__getattr__", "self, name")
def bunch_attribute(a: Bound) -> Any:
    if a.name not in a.self.state:
        raise Unmodelled(f"Bunch.{a.name} is not modelled")
    return a.self.state[a.name]


@library_function(f"{BUNCH}.__getitem__", "self, key")
def bunch_item(a: Bound) -> Any:
    if not isinstance(a.key, str) or a.key not in a.self.state:
        raise Unmodelled("a Bunch key not modelled")
    return a.self.state[a.key]


# --- generators ---------------------------------------------------------------------------------


def _count(value: Any, name: str, function: str, low: int, alternative: str = "") -> int:
    """An int parameter sklearn validates as ``Interval(Integral, low, None)`` (or another
    kind of value, named by ``alternative``)."""
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        raise Unmodelled(f"{function}({name}=) not known")
    if not isinstance(value, int) or value < low:
        raise invalid_parameter(name, function, f"must be an int in the range [{low}, inf)"
                                f"{alternative}. Got {{!r}} instead.", value)
    return value


def _squeezed(*dims: int) -> tuple[int, ...]:
    """``np.squeeze``: make_regression squeezes y and coef (one sample: y has no sample
    axis)."""
    return tuple(d for d in dims if d != 1)


@library_function(f"{DATASETS}.make_classification",
                  "n_samples=100, n_features=20, *, n_informative=2, n_redundant=2, "
                  "n_repeated=0, n_classes=2, n_clusters_per_class=2, weights=None, flip_y=0.01, "
                  "class_sep=1.0, hypercube=True, shift=0.0, scale=1.0, shuffle=True, "
                  "random_state=None, return_X_y=True")
def make_classification(a: Bound) -> Any:
    f = "make_classification"
    n = _count(a.n_samples, "n_samples", f, 1)
    features = _count(a.n_features, "n_features", f, 1)
    informative = _count(a.n_informative, "n_informative", f, 1)
    redundant = _count(a.n_redundant, "n_redundant", f, 0)
    repeated = _count(a.n_repeated, "n_repeated", f, 0)
    classes = _count(a.n_classes, "n_classes", f, 1)
    clusters = _count(a.n_clusters_per_class, "n_clusters_per_class", f, 1)
    if a.weights is not None or a.return_X_y is not True:
        raise Unmodelled("make_classification(weights= / return_X_y=False)")
    if informative + redundant + repeated > features:
        raise LibraryError("ValueError", "Number of informative, redundant and repeated features "
                                         "must sum to less than the number of total features")
    if informative < math.log2(classes * clusters):
        raise LibraryError("ValueError", f"n_classes({classes}) * n_clusters_per_class"
                           f"({clusters}) must be smaller or equal 2**n_informative"
                           f"({informative})={2 ** informative}")
    # flip_y relabels some samples at random: a class may be missing, none is out of range
    return (Data((n, features), "float64", a.origin), _labels(n, classes, a, "at_most"))


@library_function(f"{DATASETS}.make_regression",
                  "n_samples=100, n_features=100, *, n_informative=10, n_targets=1, bias=0.0, "
                  "effective_rank=None, tail_strength=0.5, noise=0.0, shuffle=True, coef=False, "
                  "random_state=None")
def make_regression(a: Bound) -> Any:
    f = "make_regression"
    n = _count(a.n_samples, "n_samples", f, 1)
    features = _count(a.n_features, "n_features", f, 1)
    _count(a.n_informative, "n_informative", f, 0)
    targets = _count(a.n_targets, "n_targets", f, 1)
    coef = _flag(a.coef, "coef", f)
    x = Data((n, features), "float64", a.origin)
    y = Data(_squeezed(n, targets), "float64", a.origin)
    if not coef:
        return (x, y)
    weights = Data(_squeezed(features, targets), "float64", a.origin)
    return (x, y, weights)


@library_function(f"{DATASETS}.make_blobs",
                  "n_samples=100, n_features=2, *, centers=None, cluster_std=1.0, "
                  "center_box=(-10.0, 10.0), shuffle=True, random_state=None, "
                  "return_centers=False")
def make_blobs(a: Bound) -> Any:
    f = "make_blobs"
    features = _count(a.n_features, "n_features", f, 1)
    centers = a.centers
    if isinstance(a.n_samples, list):
        counts = a.n_samples
        if centers is not None or not counts or not all(
                isinstance(c, int) and not isinstance(c, bool) and c >= 0 for c in counts):
            raise Unmodelled("make_blobs of sample counts per center with centers=")
        n, k = sum(counts), len(counts)
        bounds = "exact" if all(counts) else "at_most"
    else:
        n = _count(a.n_samples, "n_samples", f, 1, " or an array-like")
        if centers is None:
            k = 3
        elif isinstance(centers, int) and not isinstance(centers, bool) and centers >= 1:
            k = centers
        elif isinstance(centers, list) and centers and all(
                isinstance(c, list) and len(c) == len(centers[0]) and c for c in centers):
            k, features = len(centers), len(centers[0])
        else:
            raise Unmodelled("make_blobs(centers=) not modelled")
        bounds = "exact" if n >= k else "at_most"  # the first n % k centers get one more
    if bounds == "at_most" and not (n and k):
        raise Unmodelled("make_blobs with no samples")
    result = (Data((n, features), "float64", a.origin), _labels(n, k, a, bounds))
    if _flag(a.return_centers, "return_centers", f):
        return result + (Data((k, features), "float64", a.origin),)
    return result


def _two_halves(a: Bound, function: str) -> tuple[int, int]:
    value = a.n_samples
    if isinstance(value, tuple):
        if len(value) != 2 or not all(isinstance(v, int) and not isinstance(v, bool)
                                      and v >= 0 for v in value):
            raise Unmodelled(f"{function}(n_samples=) of another tuple")
        return value
    low = 0 if function == "make_circles" else 1
    n = _count(value, "n_samples", function, low, " or an instance of 'tuple'")
    return n // 2, n - n // 2


def _halves_rule(function: str):
    def rule(a: Bound) -> Any:
        if function == "make_circles" and not (isinstance(a.factor, (int, float)) and
                                               not isinstance(a.factor, bool) and
                                               0 <= a.factor < 1):
            raise Unmodelled("make_circles(factor=) not modelled")
        outer, inner = _two_halves(a, function)
        n = outer + inner
        y = Data((n,), "int64", a.origin)
        if n:
            y.min_value, y.max_value, y.bounds = 0 if outer else 1, 1 if inner else 0, "exact"
        return (Data((n, 2), "float64", a.origin), y)

    return rule


library_function(f"{DATASETS}.make_moons", "n_samples=100, *, shuffle=True, noise=None, "
                 "random_state=None")(_halves_rule("make_moons"))
library_function(f"{DATASETS}.make_circles", "n_samples=100, *, shuffle=True, noise=None, "
                 "random_state=None, factor=0.8")(_halves_rule("make_circles"))
