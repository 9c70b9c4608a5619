"""Keras' image and text loaders as catalogue entries: ``ImageDataGenerator`` (tf.keras 2;
Keras 3 keeps it only as ``keras.src.legacy``) with ``.flow`` / ``.flow_from_directory`` /
``.flow_from_dataframe``, and ``image_dataset_from_directory`` / ``text_dataset_from_directory``.

Each makes the shape of one batch: :class:`keras_batches.Batches` for ``ImageDataGenerator``'s
iterators, a tf.data :class:`tf_data.Dataset` of such batches for the ``*_from_directory``. What the files decide is
never guessed (layerlint does not read the user's disk): the batch axis is free and the number
of classes of a directory is a named unknown dimension (``classes@<line>``); the image size, the
channels (``color_mode``: grayscale 1, rgb 3, rgba 4), ranks and dtypes come from the arguments.
Pinned by tests/test_keras_images.py against tf_keras 2 and Keras 3 on generated directories.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ...ir import UNKNOWN, Loader
from ...shapes import UNKNOWN_DIM
from ..arrays import dtype_name
from ..values import ANY_NUMBER, Data, LibraryObject, Sym, as_int
from .catalogue import Bound, LibraryError, Unmodelled, library_function
from .keras_batches import SEQUENCE, Batches, batch_of, tagged
from .tf_data import Dataset

GENERATOR = "keras.ImageDataGenerator"
CHANNELS = {"grayscale": 1, "rgb": 3, "rgba": 4}
# Loaders whose image axes follow Keras' configured image data format (calls.py gives UNKNOWN
# when the script sets another one).
FOLLOW_DATA_FORMAT = frozenset({
    "keras.preprocessing.image.ImageDataGenerator",
    "keras.legacy.preprocessing.image.ImageDataGenerator",
    "keras.utils.image_dataset_from_directory",
    "keras.preprocessing.image_dataset_from_directory",
})


@dataclass(eq=False)
class ImageGenerator(LibraryObject):
    """``ImageDataGenerator(...)``: what its arguments say about the batches it makes."""

    kind: str = field(default=GENERATOR, init=False)
    data_format: str
    dtype: str | None
    given: dict[str, Any] = field(default_factory=dict)


_GENERATOR_SIGNATURE = (
    "featurewise_center=False, samplewise_center=False, featurewise_std_normalization=False, "
    "samplewise_std_normalization=False, zca_whitening=False, zca_epsilon=1e-06, "
    "rotation_range=0, width_shift_range=0.0, height_shift_range=0.0, brightness_range=None, "
    "shear_range=0.0, zoom_range=0.0, channel_shift_range=0.0, fill_mode='nearest', cval=0.0, "
    "horizontal_flip=False, vertical_flip=False, rescale=None, preprocessing_function=None, "
    "data_format=None, validation_split=0.0, interpolation_order=1, dtype=None")


@library_function("keras.preprocessing.image.ImageDataGenerator", _GENERATOR_SIGNATURE,
                  aliases=("keras.legacy.preprocessing.image.ImageDataGenerator",))
def image_data_generator(a: Bound) -> ImageGenerator:
    data_format = "channels_last" if a.data_format is None else a.data_format
    if data_format not in ("channels_last", "channels_first"):
        raise Unmodelled("ImageDataGenerator(data_format=?)")
    dtype = "float32" if a.dtype is None else dtype_name(a.dtype)
    return ImageGenerator(data_format, dtype, {k: getattr(a, k) for k in a.given})


def _generator(a: Bound) -> ImageGenerator:
    if not isinstance(a.self, ImageGenerator):
        raise Unmodelled(f"{a.function}: not an ImageDataGenerator layerlint follows")
    return a.self


def _image(size: Any, color_mode: Any, data_format: str, a: Bound) -> tuple[Any, ...]:
    """One image: ``target_size`` (height, width) and the channels of ``color_mode``."""
    if color_mode not in CHANNELS:
        if isinstance(color_mode, str):  # the loaders reject it (messages differ by loader)
            raise LibraryError("ValueError", None)
        raise Unmodelled(f"{a.function}: color_mode is not known")
    if not isinstance(size, (tuple, list)) or len(size) != 2:
        raise Unmodelled(f"{a.function}: the image size is not a known pair")
    height, width = (_size(v, a) for v in size)
    channels = CHANNELS[color_mode]
    return (channels, height, width) if data_format == "channels_first" else \
        (height, width, channels)


def _size(value: Any, a: Bound) -> Any:
    n = as_int(value)
    if n is not None:
        return n
    if isinstance(value, Sym):
        return value.name
    if value is UNKNOWN or value is ANY_NUMBER:
        return "?"
    raise Unmodelled(f"{a.function}: an image size is not a number")


def _classes_dim(classes: Any, a: Bound) -> Any:
    """The number of classes: known when the classes are listed, else a named unknown."""
    if isinstance(classes, (list, tuple)) and classes:
        return len(classes)
    line = a.origin.line if a.origin is not None else 0
    return f"classes@{line}"


def _loader(a: Bound, function: str, sequence: bool, classes: Any, labels: str | None,
            *names: str) -> Loader:
    """Where the batches come from; ``classes`` and ``labels`` only when the targets depend on
    a class count layerlint does not know."""
    keywords = tuple((n, getattr(a, n)) for n in names
                     if isinstance(getattr(a, n), (str, type(None))))
    unknown = isinstance(classes, str) and labels is not None
    return Loader(function, a.origin, sequence, classes if unknown else None,  # type: ignore[arg-type]
                  keywords, labels if unknown else None)


def _labels_of(mode: Any) -> str | None:
    """How targets depend on the number of classes, per class_mode / label_mode."""
    return {"categorical": "one_hot", "binary": "index", "sparse": "index",
            "int": "index"}.get(mode) if isinstance(mode, str) else None


def _batch_size(value: Any, a: Bound) -> None:
    n = as_int(value)
    if value is not UNKNOWN and not isinstance(value, Sym) and (n is None or n <= 0):
        raise Unmodelled(f"{a.function}: batch_size is not a positive number")


# --- ImageDataGenerator's iterators ---------------------------------------------------------------

_DIRECTORY_TARGETS = ("categorical", "binary", "sparse", "input", None)


def _directory_targets(class_mode: Any, x: Data, classes: Any, a: Bound) -> Data | None:
    """DirectoryIterator / DataFrameIterator targets per ``class_mode`` (floatx labels)."""
    if class_mode == "categorical":
        return batch_of((classes,), x.dtype, a.origin)
    if class_mode in ("binary", "sparse"):
        return batch_of((), x.dtype, a.origin)
    if class_mode == "input":
        return Data(x.shape, x.dtype, a.origin)
    if class_mode is None:
        return None
    raise Unmodelled(f"{a.function}: class_mode {class_mode!r} is not modelled")


@library_function(f"{GENERATOR}.flow_from_directory",
                  "self, directory, target_size=(256, 256), color_mode='rgb', classes=None, "
                  "class_mode='categorical', batch_size=32, shuffle=True, seed=None, "
                  "save_to_dir=None, save_prefix='', save_format='png', follow_links=False, "
                  "subset=None, interpolation='nearest', keep_aspect_ratio=False")
def flow_from_directory(a: Bound) -> Batches:
    generator = _generator(a)
    _batch_size(a.batch_size, a)
    if a.class_mode not in _DIRECTORY_TARGETS:
        if isinstance(a.class_mode, str):
            raise LibraryError("ValueError", f"Invalid class_mode: {a.class_mode}; expected one "
                               "of \"categorical\", \"binary\", \"sparse\", \"input\" or None.")
        raise Unmodelled("flow_from_directory(class_mode=?)")
    x = batch_of(_image(a.target_size, a.color_mode, generator.data_format, a), generator.dtype,
                 a.origin)
    classes = _classes_dim(a.classes, a)
    y = _directory_targets(a.class_mode, x, classes, a)
    loader = _loader(a, "flow_from_directory", True, classes, _labels_of(a.class_mode),
                     "color_mode", "class_mode")
    return Batches(SEQUENCE, x, y, loader)


@library_function(f"{GENERATOR}.flow_from_dataframe",
                  "self, dataframe, directory=None, x_col='filename', y_col='class', "
                  "weight_col=None, target_size=(256, 256), color_mode='rgb', classes=None, "
                  "class_mode='categorical', batch_size=32, shuffle=True, seed=None, "
                  "save_to_dir=None, save_prefix='', save_format='png', subset=None, "
                  "interpolation='nearest', validate_filenames=True, **kwargs")
def flow_from_dataframe(a: Bound) -> Batches:
    generator = _generator(a)
    _batch_size(a.batch_size, a)
    if a.kwargs or a.weight_col is not None:
        raise Unmodelled("flow_from_dataframe with sample weights or deprecated arguments")
    x = batch_of(_image(a.target_size, a.color_mode, generator.data_format, a), generator.dtype,
                 a.origin)
    classes = _classes_dim(a.classes, a)
    if a.class_mode == "raw":  # the y_col values as they are: one column or several
        if isinstance(a.y_col, str):
            y: Data | None = batch_of((), None, a.origin)
        elif isinstance(a.y_col, (list, tuple)) and all(isinstance(c, str) for c in a.y_col):
            y = batch_of((len(a.y_col),), None, a.origin)
        else:
            raise Unmodelled("flow_from_dataframe(y_col=?)")
    elif a.class_mode in _DIRECTORY_TARGETS:
        y = _directory_targets(a.class_mode, x, classes, a)
    else:  # "multi_output" (a list of targets) or not known
        raise Unmodelled(f"flow_from_dataframe(class_mode={a.class_mode!r})")
    labels = None if a.class_mode == "raw" else _labels_of(a.class_mode)
    loader = _loader(a, "flow_from_dataframe", True, classes, labels, "color_mode", "class_mode")
    return Batches(SEQUENCE, x, y, loader)


@library_function(f"{GENERATOR}.flow",
                  "self, x, y=None, batch_size=32, shuffle=True, sample_weight=None, seed=None, "
                  "save_to_dir=None, save_prefix='', save_format='png', ignore_class_split=False, "
                  "subset=None")
def flow(a: Bound) -> Batches:
    """NumpyArrayIterator: batches of x (rank 4, cast to the generator's dtype) and y as is."""
    generator = _generator(a)
    _batch_size(a.batch_size, a)
    if not isinstance(a.x, Data) or a.x.shape is None or a.sample_weight is not None:
        raise Unmodelled("flow() of data layerlint does not know (or with sample weights)")
    if len(a.x.shape) != 4:
        raise LibraryError("ValueError", "Input data in `NumpyArrayIterator` should have rank 4. "
                           f"You passed an array with shape {a.x.shape}")
    y = None
    if a.y is not None:
        if not isinstance(a.y, Data) or a.y.shape is None or not a.y.shape:
            raise Unmodelled("flow() of targets layerlint does not know")
        if isinstance(a.x.shape[0], int) and isinstance(a.y.shape[0], int) and \
                a.x.shape[0] != a.y.shape[0]:
            raise LibraryError("ValueError", None)
        y = batch_of(a.y.shape[1:], a.y.dtype, a.origin)
    x = batch_of(a.x.shape[1:], generator.dtype, a.origin)
    return Batches(SEQUENCE, x, y, Loader("flow", a.origin, True))  # type: ignore[arg-type]


# --- what the iterators tell ----------------------------------------------------------------------


@library_function(f"{SEQUENCE}.num_classes", "self", prop=True)
def num_classes(a: Bound) -> Any:
    """The number of classes found: the targets' class dimension, known or named."""
    batches = a.self
    if not isinstance(batches, Batches) or batches.loader.function == "flow":
        raise Unmodelled("num_classes of an iterator not followed")
    if batches.loader.classes is not None:
        return Sym(batches.loader.classes)
    y = batches.y
    if y is not None and y.shape is not None and len(y.shape) == 2 and isinstance(y.shape[1], int):
        return y.shape[1]  # one-hot targets of listed classes
    raise Unmodelled("num_classes of classes layerlint does not know")


@library_function(f"{SEQUENCE}.image_shape", "self", prop=True)
def image_shape(a: Bound) -> Any:
    batches = a.self
    if not isinstance(batches, Batches) or batches.loader.function == "flow" or \
            batches.x.shape is None:
        raise Unmodelled("image_shape of an iterator not followed")
    dims = batches.x.shape[1:]
    if not all(isinstance(d, int) for d in dims):
        raise Unmodelled("image_shape with sizes layerlint does not know")
    return tuple(dims)


# --- tf.data loaders ------------------------------------------------------------------------------

_LABEL_MODES = ("int", "categorical", "binary", None)


def _labels(a: Bound, dtype_of_int: str = "int32") -> tuple[Data | None, Any]:
    """The label batch per ``labels`` / ``label_mode`` (keras/src/utils/dataset_utils.py)."""
    if a.label_mode not in _LABEL_MODES:  # checked first, with labels=None too (measured)
        if isinstance(a.label_mode, str):
            raise LibraryError("ValueError", None)
        raise Unmodelled(f"{a.function}(label_mode=?)")
    if a.labels is None or a.label_mode is None:
        return None, None
    if a.labels != "inferred" and not isinstance(a.labels, (list, tuple)):
        raise Unmodelled(f"{a.function}(labels=?)")
    classes = _classes_dim(a.class_names, a) if a.labels == "inferred" else \
        f"classes@{a.origin.line if a.origin is not None else 0}"
    if a.label_mode == "int":
        return batch_of((), dtype_of_int, a.origin), classes
    if a.label_mode == "binary":  # the loader checks there are two classes: labels 0 and 1
        return batch_of((1,), "float32", a.origin), "classes@2"
    return batch_of((classes,), "float32", a.origin), classes


def _dataset(a: Bound, function: str, element: tuple[Any, ...], dtype: str) -> Any:
    y, classes = _labels(a)
    labels = _labels_of(a.label_mode)
    if a.batch_size is not None:
        _batch_size(a.batch_size, a)
    x = batch_of(element, dtype, a.origin)
    names = ("color_mode", "label_mode") if function == "image_dataset_from_directory" else \
        ("label_mode",)
    loader = _loader(a, function, False, classes, labels, *names)
    if a.batch_size is None:  # elements are single samples, each fed to fit as one batch
        x = Data(element, dtype, a.origin)
        y = None if y is None else Data(y.shape[1:], y.dtype, a.origin)  # type: ignore[index]
    else:  # elements are batches of the loader's
        x, y = tagged(x, loader), None if y is None else tagged(y, loader)
    made = Dataset(x if y is None else (x, y), UNKNOWN_DIM, samples=UNKNOWN_DIM)
    if a.subset == "both":
        return made, Dataset(made.element, UNKNOWN_DIM, samples=UNKNOWN_DIM)
    if a.subset not in (None, "training", "validation"):
        raise Unmodelled(f"{function}(subset=?)")
    return made


@library_function("keras.utils.image_dataset_from_directory",
                  "directory, labels='inferred', label_mode='int', class_names=None, "
                  "color_mode='rgb', batch_size=32, image_size=(256, 256), shuffle=True, "
                  "seed=None, validation_split=None, subset=None, interpolation='bilinear', "
                  "follow_links=False, crop_to_aspect_ratio=False, pad_to_aspect_ratio=False, "
                  "data_format=None, format='tf', verbose=True",
                  aliases=("keras.preprocessing.image_dataset_from_directory",))
def image_dataset_from_directory(a: Bound) -> Any:
    if a.format != "tf":
        raise Unmodelled("image_dataset_from_directory(format='grain')")
    data_format = "channels_last" if a.data_format is None else a.data_format
    if data_format not in ("channels_last", "channels_first"):
        raise Unmodelled("image_dataset_from_directory(data_format=?)")
    element = _image(a.image_size, a.color_mode, data_format, a)
    return _dataset(a, "image_dataset_from_directory", element, "float32")


@library_function("keras.utils.text_dataset_from_directory",
                  "directory, labels='inferred', label_mode='int', class_names=None, "
                  "batch_size=32, max_length=None, shuffle=True, seed=None, "
                  "validation_split=None, subset=None, follow_links=False, format='tf', "
                  "verbose=True",
                  aliases=("keras.preprocessing.text_dataset_from_directory",))
def text_dataset_from_directory(a: Bound) -> Any:
    if a.format != "tf":
        raise Unmodelled("text_dataset_from_directory(format='grain')")
    return _dataset(a, "text_dataset_from_directory", (), "str")
