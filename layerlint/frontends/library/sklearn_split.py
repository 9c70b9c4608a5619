"""``sklearn.model_selection.train_test_split(*arrays, test_size, train_size, ...)``.

Every array is cut into a train and a test part, in that order. The sizes follow sklearn
(``_validate_shuffle_split``): a float ``test_size`` takes ``ceil(test_size * n)`` samples, a
float ``train_size`` ``floor(train_size * n)``, the other part the rest; 0.25 when neither is
given. When ``n`` is unknown, each part's sample count is a fresh named size (symbols.py) that
all arrays' parts share: ``x_train`` and ``y_train`` certainly have the same number of samples.
The errors are sklearn's: its parameter validation, inconsistent sample counts, sizes that do not
fit. A ``stratify`` split fails for some label values (a class with one member); layerlint does
not know the values and claims nothing about that.
"""

from __future__ import annotations

import math
from typing import Any

from ...shapes import Dim
from ..values import ANY_NUMBER, Data, Sym
from . import symbols
from .catalogue import Bound, LibraryError, Unmodelled, library_function
from .numpy_common import known

_SIZE_RULE = ("must be a float in the range (0.0, 1.0), an int in the range [1, inf) or None. "
              "Got {!r} instead.")


def invalid_parameter(name: str, function: str, rule: str, value: Any) -> LibraryError:
    """sklearn's ``InvalidParameterError`` (its ``validate_params`` decorator)."""
    return LibraryError("InvalidParameterError",
                        f"The {name!r} parameter of {function} {rule.format(value)}")


def _is_unknown(value: Any) -> bool:
    return isinstance(value, Sym) or value is ANY_NUMBER


def _check_size(value: Any, name: str) -> None:
    if value is None or _is_unknown(value):
        return
    if isinstance(value, float) and 0 < value < 1:
        return
    if isinstance(value, int) and value >= 1:  # True passes here (an Integral >= 1)
        return
    if isinstance(value, (int, float, str)):
        raise invalid_parameter(name, "train_test_split", _SIZE_RULE, value)
    raise Unmodelled(f"train_test_split({name}=) of a value not modelled")


def _samples(value: Any, a: Bound) -> Dim:
    if not isinstance(value, Data) or value.shape is None:
        raise Unmodelled("train_test_split of a value that is not an array of known rank")
    if value.library_type not in (None, "pandas.DataFrame", "pandas.Series"):
        raise Unmodelled("train_test_split of an object not modelled")
    if not value.shape:
        raise LibraryError("TypeError", None)  # the message shows the scalar's value
    return value.shape[0]


def split_sizes(n: Dim, test_size: Any, train_size: Any, a: Bound) -> tuple[Dim, Dim]:
    """(n_train, n_test) as sklearn computes them; a part's count that depends on an unknown
    is a fresh name."""
    if test_size is None and train_size is None:
        test_size = 0.25
    if _is_unknown(test_size) or _is_unknown(train_size):
        return symbols.fresh("train", a.origin), symbols.fresh("test", a.origin)
    for value, name in ((test_size, "test_size"), (train_size, "train_size")):
        if _integer(value) and known(n) and value >= n:  # type: ignore[operator]
            raise LibraryError("ValueError", f"{name}={value} should be either positive and "
                               f"smaller than the number of samples {n} or a float in the "
                               "(0, 1) range")
    for value, name in ((train_size, "train_size"), (test_size, "test_size")):
        if isinstance(value, bool):
            raise LibraryError("ValueError", f"Invalid value for {name}: {value}")
    if isinstance(train_size, float) and isinstance(test_size, float) and \
            train_size + test_size > 1:
        raise LibraryError("ValueError", "The sum of test_size and train_size = "
                           f"{train_size + test_size}, should be in the (0, 1) range. Reduce "
                           "test_size and/or train_size.")
    if not known(n):  # only an int size is known without n
        n_train: Dim = train_size if isinstance(train_size, int) else \
            symbols.fresh("train", a.origin)
        n_test: Dim = test_size if isinstance(test_size, int) else symbols.fresh("test", a.origin)
        return n_train, n_test
    count: int = n  # type: ignore[assignment]
    test = _part(test_size, count, math.ceil)
    train = _part(train_size, count, math.floor)
    if train_size is None:
        train = count - test  # type: ignore[operator]
    elif test_size is None:
        test = count - train  # type: ignore[operator]
    if train + test > count:  # type: ignore[operator]
        raise LibraryError("ValueError", "The sum of train_size and test_size = %d, should be "
                           "smaller than the number of samples %d. Reduce test_size and/or "
                           "train_size." % (train + test, count))  # type: ignore[operator]
    if int(train) == 0:  # type: ignore[arg-type]
        raise LibraryError("ValueError", f"With n_samples={count}, test_size={test_size} and "
                           f"train_size={train_size}, the resulting train set will be empty. "
                           "Adjust any of the aforementioned parameters.")
    return int(train), int(test)  # type: ignore[arg-type]


def _integer(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _part(size: Any, n: int, rounding: Any) -> float | None:
    if isinstance(size, float):
        return rounding(size * n)
    if isinstance(size, int):
        return float(size)
    return None


@library_function("sklearn.model_selection.train_test_split",
                  "*arrays, test_size=None, train_size=None, random_state=None, shuffle=True, "
                  "stratify=None")
def train_test_split(a: Bound) -> list[Data]:
    _check_size(a.test_size, "test_size")
    _check_size(a.train_size, "train_size")
    if not (isinstance(a.shuffle, bool) or _is_unknown(a.shuffle)):
        raise Unmodelled("train_test_split(shuffle=) of a value not modelled")
    if not (a.random_state is None or isinstance(a.random_state, int)
            or _is_unknown(a.random_state)):
        raise Unmodelled("train_test_split(random_state=) of a value not modelled")
    if not a.arrays:
        raise LibraryError("ValueError", "At least one array required as input")
    counts = [_samples(v, a) for v in a.arrays]
    ints = [n for n in counts if known(n)]
    if len(set(ints)) > 1:
        raise LibraryError("ValueError", "Found input variables with inconsistent numbers of "
                           f"samples: {counts}" if len(ints) == len(counts) else None)
    # If the counts differed, sklearn raised: the one known count (or the one name) is n.
    n: Dim = ints[0] if ints else counts[0] if len(set(counts)) == 1 else "?"
    try:
        n_train, n_test = split_sizes(n, a.test_size, a.train_size, a)
    except LibraryError as error:
        if len(ints) < len(counts):  # counts that may differ raise first
            raise LibraryError(error.kind, None) from None
        raise
    if a.shuffle is False and a.stratify is not None:
        raise LibraryError("ValueError", "Stratified train/test split is not implemented for "
                                         "shuffle=False")
    parts: list[Data] = []
    for array in a.arrays:
        for count in (n_train, n_test):
            part = array.derived((count, *array.shape[1:]), a.origin,
                                 library_type=array.library_type)
            if array.bounds not in ("uniform", "at_most"):
                part = part.without_bounds()  # a part may miss the extreme values
            parts.append(part)
    return parts
