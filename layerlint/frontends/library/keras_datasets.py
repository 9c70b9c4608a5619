"""``keras.datasets.<name>.load_data()``: the arrays Keras' built-in datasets load.

Nothing is downloaded: every fact comes from the loader's own source in the installed Keras 3
and tf_keras and its documentation (tests/test_keras_datasets.py says how each one is pinned, and
runs the real loaders on stand-in files of the documented format). Every spelling of the import
path (``tf.keras.datasets``, ``tf_keras.datasets``, ``from keras.datasets import mnist``) is
canonicalised to ``keras.datasets.<name>.load_data`` before the lookup (names.py).

Sample counts are known where the documentation states them and the arguments keep them;
``maxlen`` (a filter on sequence lengths) makes them unknown (``"?"``). Dtypes the files decide
and the documentation does not state are unknown (None).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ...shapes import UNKNOWN_DIM, Dim
from ..values import Data, as_int
from .catalogue import Bound, LibraryError, Unmodelled, library_function

Dims = tuple[Dim, ...]


@dataclass(frozen=True)
class ImageSet:
    """An image classification set: ``x`` uint8 pixels 0..255, integer class labels, every class
    present in both splits (so ``to_categorical(y)`` has ``classes`` columns)."""

    train: int
    test: int
    image: Dims  # channels_last (calls.py leaves cifar unknown under channels_first)
    labels: Dims  # per sample: () for mnist, (1,) for cifar
    label_dtype: str
    classes: int


MNIST = ImageSet(60000, 10000, (28, 28), (), "uint8", 10)
CIFAR10 = ImageSet(50000, 10000, (32, 32, 3), (1,), "uint8", 10)
# cifar100 labels are np.reshape of the pickle's Python list: int64 (the docstring's "uint8" is
# not what the code returns; cifar10 casts with astype, cifar100 does not).
CIFAR100 = ImageSet(50000, 10000, (32, 32, 3), (1,), "int64", 100)
CIFAR100_COARSE = 20
IMDB_SPLIT = 25000  # each of train and test (the documented (25000, 25000) split)
REUTERS_TOTAL, REUTERS_TOPICS = 11228, 46
BOSTON_TOTAL, BOSTON_FEATURES = 506, 13
# imdb ranks words "by how often they occur (in the training set)", and its docstring's example
# keeps "the top 10,000 most common words": every id below num_words occurs in the training split
# when num_words is at most this. Elsewhere (the test split, reuters, a maxlen filter) the ids are
# only bounded: "the maximum possible index value is num_words - 1".
WORDS_CERTAINLY_PRESENT = 10000


def _image_split(spec: ImageSet, classes: int, a: Bound) -> tuple:
    result = []
    for n in (spec.train, spec.test):
        x = Data((n, *spec.image), "uint8", a.origin, min_value=0, max_value=255,
                 bounds="uniform")
        y = Data((n, *spec.labels), spec.label_dtype, a.origin, min_value=0,
                 max_value=classes - 1, bounds="exact")
        result.append((x, y))
    return tuple(result)


@library_function("keras.datasets.mnist.load_data", "path='mnist.npz'")
def mnist(a: Bound) -> tuple:
    return _image_split(MNIST, MNIST.classes, a)


@library_function("keras.datasets.fashion_mnist.load_data", "")
def fashion_mnist(a: Bound) -> tuple:
    return _image_split(MNIST, MNIST.classes, a)


@library_function("keras.datasets.cifar10.load_data", "cache_dir=None")
def cifar10(a: Bound) -> tuple:
    return _image_split(CIFAR10, CIFAR10.classes, a)


@library_function("keras.datasets.cifar100.load_data", "label_mode='fine', cache_dir=None")
def cifar100(a: Bound) -> tuple:
    if not isinstance(a.label_mode, str):
        raise Unmodelled("cifar100.load_data(label_mode=?)")
    if a.label_mode not in ("fine", "coarse"):
        raise LibraryError("ValueError", '`label_mode` must be one of `"fine"`, `"coarse"`. '
                                         f"Received: label_mode={a.label_mode}.")
    classes = CIFAR100.classes if a.label_mode == "fine" else CIFAR100_COARSE
    return _image_split(CIFAR100, classes, a)


# --- word-index sequences -----------------------------------------------------------------------


def _word_ids(a: Bound, count: Dim, filtered: bool, ranked_here: bool = False) -> Data:
    """Lists of word ids, ``np.array(lists, dtype="object")``: a rank-1 array of lists when the
    lists differ in length (reviews and newswires do), but numpy makes a 2-D array of lists of
    one length: every list is empty when no id is kept (``oov_char=None``, ``skip_top >=
    num_words``), and after a ``maxlen`` filter the lengths left may all be one (the rank is then
    unknown). Every id is kept only when ``skip_top <= id < num_words``, else it becomes
    ``oov_char`` (or is dropped when that is None): with ``num_words`` given, the ids are
    bounded."""
    num_words, skip_top = as_int(a.num_words), as_int(a.skip_top)
    oov = a.oov_char
    if oov is None and num_words is not None and num_words > 0 and skip_top is not None and \
            skip_top >= num_words:
        return Data((count, 0), "object", a.origin)
    if filtered:
        x = Data(None, "object", a.origin, extra={"sequences": True, "count": count})
    else:
        x = Data((count,), "object", a.origin, ragged=True, extra={"sequences": True})
    if num_words is None or num_words <= 0 or skip_top is None or skip_top < 0:
        return x  # without num_words, ids reach the corpus' own (undocumented) vocabulary
    if oov is not None and (as_int(oov) is None or as_int(oov) < 0):
        return x
    high = num_words - 1 if oov is None else max(num_words - 1, as_int(oov))  # type: ignore[type-var]
    low = skip_top if oov is None else min(skip_top, as_int(oov))  # type: ignore[type-var]
    if high < low:
        return x
    x.min_value, x.max_value = low, high
    x.bounds = "uniform" if ranked_here and num_words <= WORDS_CERTAINLY_PRESENT and \
        skip_top < num_words else "at_most"
    return x


def _labels(a: Bound, count: Dim, classes: int, exact: bool) -> Data:
    """Integer labels: their dtype is the file's (not documented); their range is."""
    return Data((count,), None, a.origin, min_value=0, max_value=classes - 1,
                bounds="exact" if exact else "at_most")


def _maxlen(a: Bound) -> bool:
    """Whether sequences are filtered by length (``if maxlen:``): sample counts are unknown."""
    if a.maxlen is None or a.maxlen == 0:
        return False
    if as_int(a.maxlen) is None:
        raise Unmodelled("load_data(maxlen=?)")
    return True


@library_function("keras.datasets.imdb.load_data",
                  "path='imdb.npz', num_words=None, skip_top=0, maxlen=None, seed=113, "
                  "start_char=1, oov_char=2, index_from=3, cache_dir=None, **kwargs")
def imdb(a: Bound) -> tuple:
    if a.start_char is None and not a.index_from:
        # tf_keras 2 then adds the two object arrays element by element (`x_train + x_test`):
        # 25,000 joined reviews for training and none for testing; Keras 3 keeps the lists.
        raise Unmodelled("imdb.load_data(start_char=None, index_from=0) differs by dialect")
    filtered = _maxlen(a)
    count: Dim = UNKNOWN_DIM if filtered else IMDB_SPLIT
    # Sentiment labels 0/1, both in each full split (12,500 each: the documented balance).
    return tuple((_word_ids(a, count, filtered, ranked_here=not filtered and split == "train"),
                  _labels(a, count, 2, not filtered)) for split in ("train", "test"))


def _split(total: int, test_split: Any, a: Bound) -> tuple[int, int]:
    """The loaders' own cut: ``x[:idx]``, ``x[idx:]`` with ``idx = int(len(x) * (1 - test_split))``
    (Python's slices: a negative or too large ``idx`` is clipped)."""
    if isinstance(test_split, bool) or not isinstance(test_split, (int, float)):
        raise Unmodelled(f"{a.function}(test_split=?)")
    idx = int(total * (1 - test_split))
    samples = range(total)
    return len(samples[:idx]), len(samples[idx:])


@library_function("keras.datasets.reuters.load_data",
                  "path='reuters.npz', num_words=None, skip_top=0, maxlen=None, test_split=0.2, "
                  "seed=113, start_char=1, oov_char=2, index_from=3, cache_dir=None, **kwargs")
def reuters(a: Bound) -> tuple:
    filtered = _maxlen(a)
    if filtered:
        counts: tuple[Dim, Dim] = (UNKNOWN_DIM, UNKNOWN_DIM)
    else:
        counts = _split(REUTERS_TOTAL, a.test_split, a)
    default_cut = not filtered and a.test_split == 0.2
    # 46 topics; every topic in both default splits (the documented to_categorical(labels) with
    # Dense(46) runs on both): another cut may leave one out.
    return tuple((_word_ids(a, n, filtered), _labels(a, n, REUTERS_TOPICS, default_cut))
                 for n in counts)


@library_function("keras.datasets.boston_housing.load_data",
                  "path='boston_housing.npz', test_split=0.2, seed=113, cache_dir=None")
def boston_housing(a: Bound) -> tuple:
    test_split = a.test_split
    if isinstance(test_split, (int, float)) and not isinstance(test_split, bool) and \
            not 0 <= test_split < 1:
        # Keras 3's message; tf_keras 2 asserts (AssertionError without a message).
        raise LibraryError("ValueError", f"Invalid `test_split` argument: {test_split}. "
                                         "It must be between 0 and 1 (exclusive of 1).")
    counts = _split(BOSTON_TOTAL, test_split, a)
    return tuple((Data((n, BOSTON_FEATURES), None, a.origin), Data((n,), None, a.origin))
                 for n in counts)
