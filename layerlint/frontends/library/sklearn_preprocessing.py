"""scikit-learn transformers: the scalers that keep the shape (``StandardScaler``,
``MinMaxScaler``, ...), ``LabelEncoder`` and ``OneHotEncoder``.

A transformer is a ``LibraryObject`` whose ``state`` holds the constructor's arguments
(``params``) and, once fitted, its number of input features (``n_features``, a Dim) — so
``transform`` of another feature count raises as sklearn does, and ``OneHotEncoder``'s output
width (``width``) is the one its fit found. Constructor arguments are checked where sklearn
checks them, at fit; a value layerlint cannot check (an unknown, an unusual option) leaves the
results unknown. Outputs are numpy arrays (sklearn's default ``set_output``); a method not
catalogued here may change the object (``set_output``, ``set_params``): what follows is unknown.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from ...shapes import UNKNOWN_DIM, Dim
from ..arrays import as_value, dtype_name, from_literal
from ..values import Data, LibraryObject
from .catalogue import Bound, LibraryError, Unmodelled, library_function
from .numpy_common import known

PREPROCESSING = "sklearn.preprocessing"
SPARSE = "scipy.sparse._csr.csr_matrix"
_FLOATS = ("float16", "float32", "float64")


# --- the objects --------------------------------------------------------------------------------


def estimator(a: Bound, name: str) -> LibraryObject:
    obj = a.self
    if not isinstance(obj, LibraryObject) or obj.kind != f"{PREPROCESSING}.{name}":
        raise Unmodelled(f"{a.function}: not a {name} layerlint follows")
    if obj.state.get("opaque"):
        raise Unmodelled(f"{name} changed by a method layerlint does not follow")
    return obj


def not_fitted(name: str) -> LibraryError:
    return LibraryError("NotFittedError", f"This {name} instance is not fitted yet. Call 'fit' "
                                          "with appropriate arguments before using this "
                                          "estimator.")


def _fitted_features(obj: LibraryObject, name: str) -> Dim:
    if "n_features" not in obj.state:
        raise not_fitted(name)
    return obj.state["n_features"]


def check_features(obj: LibraryObject, cols: Dim, name: str) -> None:
    expected = _fitted_features(obj, name)
    if known(expected) and known(cols) and expected != cols:
        raise LibraryError("ValueError", f"X has {cols} features, but {name} is expecting "
                                         f"{expected} features as input.")


def samples_matrix(value: Any, a: Bound, name: str, *, numeric: bool = True) -> Data:
    """sklearn's ``check_array`` of X: a 2-D array of at least one sample and one feature
    (its messages name the estimator when ``name`` is given)."""
    data = from_literal(value, a.origin) if isinstance(value, (list, tuple)) else value
    if not isinstance(data, Data) or data.shape is None or data.ragged:
        raise Unmodelled(f"{a.function}: X is not an array of known rank")
    if data.library_type not in (None, "pandas.DataFrame", "pandas.Series"):
        raise Unmodelled(f"{a.function}: X of a type not modelled")
    if numeric and data.dtype in ("object", "str"):
        raise Unmodelled(f"{a.function}: X holds strings")
    shape = data.shape
    if len(shape) < 2:
        raise LibraryError("ValueError", None)  # the message prints the array's values
    by = f" by {name}" if name else ""
    if len(shape) > 2:
        raise LibraryError("ValueError", f"Found array with dim {len(shape)}, while dim <= 2 "
                                         f"is required{by}.")
    shown = f"(shape=({shape[0]}, {shape[1]}))"
    for axis, what in ((0, "sample(s)"), (1, "feature(s)")):
        if shape[axis] == 0:
            raise LibraryError("ValueError", f"Found array with 0 {what} {shown} while a "
                               f"minimum of 1 is required{by}." if all(map(known, shape))
                               else None)
    return data


@contextmanager
def checked_after(data: Data) -> Iterator[None]:
    """Errors sklearn raises after checking X: when a size of X is unknown, X may be empty
    and fail that check first, so their messages are not claimed."""
    try:
        yield
    except LibraryError as error:
        if not all(map(known, data.shape or ())):
            raise LibraryError(error.kind, None) from None
        raise


def _float_dtype(dtype: str | None) -> str | None:
    if dtype is None:
        return None
    return dtype if dtype in _FLOATS else "float64"


# --- scalers ------------------------------------------------------------------------------------


def _flag(value: Any) -> bool:
    return isinstance(value, bool)


def _number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _feature_range(params: dict) -> None:
    value = params.get("feature_range", (0, 1))
    if not (isinstance(value, tuple) and len(value) == 2 and all(map(_number, value))):
        raise Unmodelled("MinMaxScaler(feature_range=) not modelled")
    if value[0] >= value[1]:
        raise LibraryError("ValueError", "Minimum of desired feature range must be smaller "
                                         f"than maximum. Got {value}.")


def _quantile_range(params: dict) -> None:
    value = params.get("quantile_range", (25.0, 75.0))
    if not (isinstance(value, tuple) and len(value) == 2 and all(map(_number, value))
            and 0 <= value[0] < value[1] <= 100):
        raise Unmodelled("RobustScaler(quantile_range=) not modelled")


# name -> (constructor signature, {parameter: valid value test}, extra checks at fit,
#          has inverse_transform, has partial_fit, keeps the input dtype)
SCALERS: dict[str, tuple[str, dict[str, Any], Any, bool, bool, bool]] = {
    "StandardScaler": ("*, copy=True, with_mean=True, with_std=True",
                       {"copy": _flag, "with_mean": _flag, "with_std": _flag},
                       None, True, True, False),
    "MinMaxScaler": ("feature_range=(0, 1), *, copy=True, clip=False",
                     {"copy": _flag, "clip": _flag, "feature_range": lambda v: True},
                     _feature_range, True, True, False),
    "MaxAbsScaler": ("*, copy=True", {"copy": _flag}, None, True, True, False),
    "RobustScaler": ("*, with_centering=True, with_scaling=True, quantile_range=(25.0, 75.0), "
                     "copy=True, unit_variance=False",
                     {"with_centering": _flag, "with_scaling": _flag, "copy": _flag,
                      "unit_variance": _flag, "quantile_range": lambda v: True},
                     _quantile_range, True, False, False),
    "Normalizer": ("norm='l2', *, copy=True",
                   {"norm": lambda v: v in ("l1", "l2", "max"), "copy": _flag},
                   None, False, False, False),
    "Binarizer": ("*, threshold=0.0, copy=True", {"threshold": _number, "copy": _flag},
                  None, False, False, True),
    "QuantileTransformer": ("*, n_quantiles=1000, output_distribution='uniform', "
                            "ignore_implicit_zeros=False, subsample=10000, random_state=None, "
                            "copy=True",
                            {"n_quantiles": lambda v: isinstance(v, int) and v >= 1,
                             "output_distribution": lambda v: v in ("uniform", "normal"),
                             "subsample": lambda v: isinstance(v, int) and v >= 1,
                             "random_state": lambda v: v is None or isinstance(v, int),
                             "copy": _flag}, None, True, False, False),
    "PowerTransformer": ("method='yeo-johnson', *, standardize=True, copy=True",
                         {"method": lambda v: v == "yeo-johnson", "standardize": _flag,
                          "copy": _flag}, None, True, False, False),
}


def _constructor(name: str):
    def rule(a: Bound) -> LibraryObject:
        params = {key: getattr(a, key) for key in a.given}
        return LibraryObject(f"{PREPROCESSING}.{name}", state={"params": params})
    return rule


def _validated(obj: LibraryObject, name: str) -> None:
    _, valid, extra_check, *_ = SCALERS[name]
    params = obj.state["params"]
    for key, value in params.items():
        if key not in valid or not valid[key](value):
            raise Unmodelled(f"{name}({key}=...) not modelled")
    if extra_check is not None:
        extra_check(params)


def _scaler_output(data: Data, a: Bound, keep_dtype: bool) -> Data:
    dtype = data.dtype if keep_dtype else _float_dtype(data.dtype)
    return Data(data.shape, dtype, a.origin)


_STATELESS = ("Normalizer", "Binarizer")  # transform works unfitted
_AFFINE = ("StandardScaler", "MinMaxScaler", "MaxAbsScaler", "RobustScaler")


def _scaler_methods(name: str) -> None:
    _, _, _, inverse, partial, keep_dtype = SCALERS[name]
    kind = f"{PREPROCESSING}.{name}"

    def fit(a: Bound) -> LibraryObject:
        obj = estimator(a, name)
        _validated(obj, name)
        data = samples_matrix(a.X, a, name)
        if a.function.endswith("partial_fit") and "n_features" in obj.state:
            with checked_after(data):
                check_features(obj, data.shape[1], name)  # type: ignore[index]
        obj.state["n_features"] = data.shape[1]  # type: ignore[index]
        return obj

    def fit_transform(a: Bound) -> Data:
        obj = estimator(a, name)
        _validated(obj, name)
        data = samples_matrix(a.X, a, name)
        obj.state["n_features"] = data.shape[1]  # type: ignore[index]
        return _scaler_output(data, a, keep_dtype)

    def transform(a: Bound) -> Data:
        obj = estimator(a, name)
        if name not in _STATELESS or "n_features" in obj.state:
            _fitted_features(obj, name)
        else:
            _validated(obj, name)
        data = samples_matrix(a.X, a, name)
        if "n_features" in obj.state:
            with checked_after(data):
                check_features(obj, data.shape[1], name)  # type: ignore[index]
        return _scaler_output(data, a, keep_dtype)

    def inverse_transform(a: Bound) -> Data:
        """Checks X without naming the estimator; the affine scalers do not check the feature
        count (numpy broadcasts the fitted statistics over X, or fails)."""
        obj = estimator(a, name)
        expected = _fitted_features(obj, name)
        data = samples_matrix(a.X, a, "")
        cols = data.shape[1]  # type: ignore[index]
        if name in _AFFINE and not (known(expected) and cols == expected):
            raise Unmodelled(f"{name}.inverse_transform of another feature count")
        with checked_after(data):
            check_features(obj, cols, name)
        return _scaler_output(data, a, keep_dtype)

    library_function(f"{kind}.fit", "self, X, y=None, sample_weight=None")(fit)
    library_function(f"{kind}.fit_transform", "self, X, y=None, **fit_params")(fit_transform)
    library_function(f"{kind}.transform", "self, X, copy=None")(transform)
    if inverse:
        library_function(f"{kind}.inverse_transform", "self, X, copy=None")(inverse_transform)
    if partial:
        library_function(f"{kind}.partial_fit", "self, X, y=None, sample_weight=None")(fit)


for _name, (_signature, *_rest) in SCALERS.items():
    library_function(f"{PREPROCESSING}.{_name}", _signature,
                     aliases=(f"sklearn.preprocessing._data.{_name}",))(_constructor(_name))
    _scaler_methods(_name)


# --- LabelEncoder -------------------------------------------------------------------------------

LABEL_ENCODER = f"{PREPROCESSING}.LabelEncoder"


@library_function(LABEL_ENCODER, "")
def label_encoder(a: Bound) -> LibraryObject:
    return LibraryObject(LABEL_ENCODER, state={"params": {}})


def _labels(value: Any, a: Bound) -> tuple[Data, list | None]:
    """sklearn's ``column_or_1d``: (n,) or (n, 1) labels; the literal values when plain."""
    literal = value if isinstance(value, list) and all(
        isinstance(v, (int, float, str)) and not isinstance(v, bool) for v in value) else None
    data = from_literal(value, a.origin) if isinstance(value, (list, tuple)) else value
    if not isinstance(data, Data) or data.shape is None or data.ragged or \
            data.library_type not in (None, "pandas.Series", "pandas.DataFrame"):
        raise Unmodelled(f"{a.function}: labels that are not an array of known rank")
    shape = data.shape
    if len(shape) > 2:
        raise LibraryError("ValueError", f"Found array with dim {len(shape)}, while dim <= 2 "
                                         "is required.")
    if len(shape) == 1 or len(shape) == 2 and shape[1] == 1:
        if literal is not None and len({type(v) for v in literal}) > 1 and \
                not all(isinstance(v, (int, float)) for v in literal):
            raise Unmodelled("labels of mixed types")
        return data, literal
    if len(shape) == 2 and not known(shape[1]):
        raise Unmodelled("labels of unknown width")
    shown = "()" if not shape else f"({', '.join(map(str, shape))})"
    raise LibraryError("ValueError", f"y should be a 1d array, got an array of shape {shown} "
                                     "instead." if all(map(known, shape)) else None)


def _encoded(data: Data, classes: int | None, a: Bound) -> Data:
    out = Data(data.shape[:1], "int64", a.origin)  # type: ignore[index]
    if classes is not None and data.shape[0] != 0:  # type: ignore[index]
        out.min_value, out.max_value, out.bounds = 0, classes - 1, "exact"
    return out


def _fit_labels(a: Bound) -> tuple[LibraryObject, Data, int | None]:
    obj = a.self
    if not isinstance(obj, LibraryObject) or obj.kind != LABEL_ENCODER or \
            obj.state.get("opaque"):
        raise Unmodelled("not a LabelEncoder layerlint follows")
    data, literal = _labels(a.y, a)
    classes = len(set(literal)) if literal is not None else \
        0 if data.shape[0] == 0 else None  # type: ignore[index]
    label_dtype = data.dtype if data.dtype not in ("str", "object") else None
    obj.state.update(n_features=1, classes=classes, label_dtype=label_dtype)
    return obj, data, classes


@library_function(f"{LABEL_ENCODER}.fit", "self, y")
def label_fit(a: Bound) -> LibraryObject:
    return _fit_labels(a)[0]


@library_function(f"{LABEL_ENCODER}.fit_transform", "self, y")
def label_fit_transform(a: Bound) -> Data:
    _, data, classes = _fit_labels(a)
    return _encoded(data, classes, a)


def _fitted_encoder(a: Bound) -> LibraryObject:
    obj = a.self
    if not isinstance(obj, LibraryObject) or obj.kind != LABEL_ENCODER or \
            obj.state.get("opaque"):
        raise Unmodelled("not a LabelEncoder layerlint follows")
    if "classes" not in obj.state:
        raise not_fitted("LabelEncoder")
    return obj


@library_function(f"{LABEL_ENCODER}.transform", "self, y")
def label_transform(a: Bound) -> Data:
    obj = _fitted_encoder(a)
    data, _ = _labels(a.y, a)
    if data.shape[0] == 0:  # type: ignore[index]
        return Data((0,), "float64", a.origin)  # sklearn returns np.array([]) for no labels
    if obj.state["classes"] == 0 and known(data.shape[0]):  # type: ignore[index]
        raise LibraryError("ValueError", None)  # every label is unseen; the message lists them
    # int64 codes, but float64 when there are no labels (a length layerlint may not know)
    out = Data(data.shape[:1], "int64" if known(data.shape[0]) else None,  # type: ignore
               a.origin)
    if obj.state["classes"] is not None:  # unseen labels raise: the codes stay below k
        out.min_value, out.max_value, out.bounds = 0, obj.state["classes"] - 1, "at_most"
    return out


@library_function(f"{LABEL_ENCODER}.inverse_transform", "self, y")
def label_inverse(a: Bound) -> Data:
    obj = _fitted_encoder(a)
    data, _ = _labels(a.y, a)
    if data.shape[0] == 0:  # type: ignore[index]
        raise Unmodelled("inverse_transform of no labels")
    if obj.state["classes"] == 0:
        if not known(data.shape[0]):  # type: ignore[index]
            raise Unmodelled("inverse_transform of labels that may be none")
        raise LibraryError("ValueError", None)  # every label is unseen; the message lists them
    return Data(data.shape[:1], obj.state["label_dtype"], a.origin)  # type: ignore[index]


@library_function(f"{LABEL_ENCODER}.classes_", "self", prop=True)
def label_classes(a: Bound) -> Data:
    obj = _fitted_encoder(a)
    classes = obj.state["classes"]
    return Data((UNKNOWN_DIM if classes is None else classes,), obj.state["label_dtype"],
                a.origin)


# --- OneHotEncoder ------------------------------------------------------------------------------

ONE_HOT = f"{PREPROCESSING}.OneHotEncoder"
_HANDLE_UNKNOWN = ("error", "ignore", "infrequent_if_exist", "warn")


@library_function(ONE_HOT, "*, categories='auto', drop=None, sparse_output=True, dtype=None, "
                  "handle_unknown='error', min_frequency=None, max_categories=None, "
                  "feature_name_combiner='concat'")
def one_hot_encoder(a: Bound) -> LibraryObject:
    return LibraryObject(ONE_HOT, state={"params": {key: getattr(a, key) for key in a.given}})


def _literal_categories(value: Any) -> list[list] | None:
    if not isinstance(value, list) or not all(isinstance(c, list) and c for c in value):
        return None
    if not all(isinstance(v, (int, float, str)) and not isinstance(v, bool)
               for c in value for v in c):
        return None
    return value


def _width(params: dict, data: Data, a: Bound) -> Dim:
    """The number of output columns: known when the categories are literal."""
    n_features = data.shape[1]  # type: ignore[index]
    if params.get("min_frequency") is not None or params.get("max_categories") is not None:
        return UNKNOWN_DIM
    categories = params.get("categories", "auto")
    if categories == "auto":
        return UNKNOWN_DIM
    literal = _literal_categories(categories)
    if literal is None:
        raise Unmodelled("OneHotEncoder(categories=) not literal")
    if known(n_features) and len(literal) != n_features:
        raise LibraryError("ValueError", "Shape mismatch: if categories is an array, it has to "
                                         "be of shape (n_features,).")
    numeric = data.dtype is not None and data.dtype.startswith(("int", "uint", "float"))
    _check_categories(literal, numeric)  # after the feature count: checked_after
    drop = params.get("drop")
    sizes = [len(c) for c in literal]
    if drop == "first":
        sizes = [n - 1 for n in sizes]
    elif drop == "if_binary":
        sizes = [n - 1 if n == 2 else n for n in sizes]
    elif drop is not None:
        raise Unmodelled("OneHotEncoder(drop=) of categories")
    return sum(sizes)


def _check_categories(literal: list[list], numeric: bool) -> None:
    for i, cats in enumerate(literal):
        strings = [isinstance(v, str) for v in cats]
        if any(strings) and not all(strings) or not numeric and not all(strings):
            raise Unmodelled("categories whose kind may not match the data")
        if len(set(cats)) != len(cats):
            raise LibraryError("ValueError", f"In column {i}, the predefined categories "
                                             "contain duplicate elements.")
        if numeric and sorted(cats) != cats:
            raise LibraryError("ValueError", "Unsorted categories are not supported for "
                                             "numerical categories")


def _one_hot(a: Bound) -> LibraryObject:
    obj = a.self
    if not isinstance(obj, LibraryObject) or obj.kind != ONE_HOT or obj.state.get("opaque"):
        raise Unmodelled("not a OneHotEncoder layerlint follows")
    params = obj.state["params"]
    if not isinstance(params.get("sparse_output", True), bool) or \
            params.get("handle_unknown", "error") not in _HANDLE_UNKNOWN or \
            params.get("drop") not in (None, "first", "if_binary"):
        raise Unmodelled("OneHotEncoder arguments not modelled")
    return obj


def _encoded_matrix(obj: LibraryObject, rows: Dim, a: Bound) -> Any:
    params = obj.state["params"]
    dtype = "float64" if params.get("dtype") is None else dtype_name(params["dtype"])
    shape = (rows, obj.state["width"])
    if params.get("sparse_output", True):
        return LibraryObject(SPARSE, state={"shape": shape, "dtype": dtype})
    return Data(shape, dtype, a.origin)


def _fit_one_hot(a: Bound) -> tuple[LibraryObject, Data]:
    obj = _one_hot(a)
    data = samples_matrix(a.X, a, "", numeric=False)
    with checked_after(data):
        obj.state["width"] = _width(obj.state["params"], data, a)
    obj.state["n_features"] = data.shape[1]  # type: ignore[index]
    return obj, data


@library_function(f"{ONE_HOT}.fit", "self, X, y=None")
def one_hot_fit(a: Bound) -> LibraryObject:
    return _fit_one_hot(a)[0]


@library_function(f"{ONE_HOT}.fit_transform", "self, X, y=None, **fit_params")
def one_hot_fit_transform(a: Bound) -> Any:
    obj, data = _fit_one_hot(a)
    return _encoded_matrix(obj, data.shape[0], a)  # type: ignore[index]


@library_function(f"{ONE_HOT}.transform", "self, X")
def one_hot_transform(a: Bound) -> Any:
    obj = _one_hot(a)
    _fitted_features(obj, "OneHotEncoder")
    data = samples_matrix(a.X, a, "", numeric=False)
    with checked_after(data):
        check_features(obj, data.shape[1], "OneHotEncoder")  # type: ignore[index]
    return _encoded_matrix(obj, data.shape[0], a)  # type: ignore[index]


# --- scipy sparse matrices (OneHotEncoder's default output) -------------------------------------


@library_function(f"{SPARSE}.toarray", "self, order=None, out=None")
def toarray(a: Bound) -> Data:
    if a.out is not None:
        raise Unmodelled("toarray(out=)")
    return Data(a.self.state["shape"], a.self.state["dtype"], a.origin)


@library_function(f"{SPARSE}.shape", "self", prop=True)
def sparse_shape(a: Bound) -> tuple:
    return tuple(as_value(d) for d in a.self.state["shape"])


def forget_object(obj: Any, name: str, catalogued: bool) -> None:
    """A method layerlint does not follow may change a transformer (``set_output``)."""
    if isinstance(obj, LibraryObject) and obj.kind.startswith(PREPROCESSING) and not catalogued:
        obj.state["opaque"] = True
