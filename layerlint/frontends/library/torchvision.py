"""torchvision entries: the image datasets (MNIST, FashionMNIST, KMNIST, CIFAR10, CIFAR100,
ImageFolder) and the transforms that give their samples a shape (``ToTensor``, ``Resize``,
``CenterCrop``, ``RandomCrop``, ``Grayscale``, ``Normalize``, ``Compose``, ...).

A dataset is a :class:`torch_data.TorchDataset` whose sample is ``(image, Label())``: the image
as its ``transform`` leaves it — a :class:`PilImage` without one, a torch tensor (C, H, W) after
``ToTensor``. A transform is a :class:`Transform` whose ``apply`` does to one image what
torchvision does (measured on torchvision 0.28.0, pinned by
tests/test_torchvision_catalogue.py); a transform layerlint does not model (``Lambda``, the
user's own) makes the image UNKNOWN. A transform that raises on the image raises when the
sample is loaded, at the first iteration (a ``SampleError``).

Sample counts are the datasets' documented ones (MNIST 60,000 / 10,000, CIFAR 50,000 /
10,000); an ImageFolder's class count and image size are not known.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ...ir import UNKNOWN
from ...shapes import UNKNOWN_DIM
from ..values import Data
from .catalogue import Bound, LibraryError, Unmodelled, library_function
from .torch_data import TORCH, VARIES, Label, SampleError, TorchDataset, is_tensor


@dataclass(frozen=True)
class PilImage:
    """A PIL image: height, width (ints or ``"?"``) and channels (L: 1, RGB: 3)."""

    height: Any
    width: Any
    channels: int
    is_pil_image = True


@dataclass
class Transform:
    name: str
    apply: Callable[[Any], Any]  # image -> image; raises LibraryError as torchvision does


_PIL_TYPE = "<class 'PIL.Image.Image'>"
_TENSOR_TYPE = "<class 'torch.Tensor'>"


def _known(*dims: Any) -> bool:
    return all(isinstance(d, int) for d in dims)


def _hw(image: Any) -> tuple[Any, Any]:
    if isinstance(image, PilImage):
        return image.height, image.width
    return image.shape[-2], image.shape[-1]


def _resized(image: Any, height: Any, width: Any) -> Any:
    if isinstance(image, PilImage):
        return PilImage(height, width, image.channels)
    return tensor_image((*image.shape[:-2], height, width), image.dtype)


def tensor_image(shape: tuple, dtype: str | None) -> Data:
    """A tensor image; one of unknown height or width may differ from sample to sample (an
    ImageFolder's files), so a batch of several cannot be told (collate may fail)."""
    varies = not _known(*shape[-2:])
    return Data(shape, dtype, None, extra={TORCH: True, VARIES: True} if varies else {
        TORCH: True})


def _image(value: Any, name: str, rank: int = 2) -> Any:
    """The image a transform gets: a PilImage or a tensor of rank >= ``rank``; Unmodelled
    otherwise (an image layerlint does not know, a numpy array)."""
    if isinstance(value, PilImage):
        return value
    if is_tensor(value) and value.shape is not None and len(value.shape) >= rank:
        return value
    raise Unmodelled(f"{name} of an image layerlint does not know")


def _size(value: Any, name: str) -> tuple[int, ...]:
    """A size argument: an int or a sequence of one or two ints."""
    sizes = (value,) if isinstance(value, int) and not isinstance(value, bool) else value
    if not isinstance(sizes, (tuple, list)) or not 1 <= len(sizes) <= 2 or not all(
            isinstance(s, int) and not isinstance(s, bool) for s in sizes):
        raise Unmodelled(f"{name}(size=?)")
    return tuple(sizes)


def transform(name: str, signature: str) -> Callable:
    """Register ``torchvision.transforms.<name>``: the rule makes the Transform's apply."""
    def decorate(make: Callable[[Bound], Callable[[Any], Any]]) -> Callable:
        @library_function(f"torchvision.transforms.{name}", signature,
                          aliases=(f"torchvision.transforms.transforms.{name}",))
        def entry(a: Bound) -> Transform:
            return Transform(name, make(a))
        return entry
    return decorate


@transform("ToTensor", "")
def to_tensor(a: Bound) -> Callable[[Any], Any]:
    def apply(image: Any) -> Any:
        if is_tensor(image):
            raise LibraryError("TypeError", f"pic should be PIL Image or ndarray. Got "
                               f"{_TENSOR_TYPE}")
        image = _image(image, "ToTensor")
        return tensor_image((image.channels, image.height, image.width), "float32")
    return apply


@transform("PILToTensor", "")
def pil_to_tensor(a: Bound) -> Callable[[Any], Any]:
    def apply(image: Any) -> Any:
        if not isinstance(image, PilImage):
            raise Unmodelled("PILToTensor of a tensor")
        return tensor_image((image.channels, image.height, image.width), "uint8")
    return apply


@transform("Resize", "size, interpolation=None, max_size=None, antialias=True")
def resize(a: Bound) -> Callable[[Any], Any]:
    size = _size(a.size, "Resize")
    if a.max_size is not None:
        raise Unmodelled("Resize(max_size=...)")

    def apply(image: Any) -> Any:
        image = _image(image, "Resize", rank=3)
        h, w = _hw(image)
        if len(size) == 2:
            new_h, new_w = size
        elif _known(h, w):  # the shorter edge to size, the other keeping the aspect ratio
            short, long = (w, h) if w <= h else (h, w)
            new_short, new_long = size[0], int(size[0] * long / short)
            new_w, new_h = (new_short, new_long) if w <= h else (new_long, new_short)
        else:
            new_h = new_w = UNKNOWN_DIM
        if _known(new_h, new_w) and (new_h <= 0 or new_w <= 0):
            raise LibraryError("ValueError", "height and width must be > 0")
        return _resized(image, new_h, new_w)
    return apply


def _crop_size(value: Any, name: str) -> tuple[int, int]:
    size = _size(value, name)
    return (size[0], size[0]) if len(size) == 1 else (size[0], size[1])


@transform("CenterCrop", "size")
def center_crop(a: Bound) -> Callable[[Any], Any]:
    th, tw = _crop_size(a.size, "CenterCrop")

    def apply(image: Any) -> Any:  # a crop larger than the image is padded to the size
        return _resized(_image(image, "CenterCrop"), th, tw)
    return apply


@transform("RandomCrop", "size, padding=None, pad_if_needed=False, fill=0, "
           "padding_mode='constant'")
def random_crop(a: Bound) -> Callable[[Any], Any]:
    th, tw = _crop_size(a.size, "RandomCrop")
    pad = a.padding
    if pad is None:
        left = top = right = bottom = 0
    elif isinstance(pad, int) and not isinstance(pad, bool):
        left = top = right = bottom = pad
    elif isinstance(pad, (tuple, list)) and len(pad) == 2 and _known(*pad):
        left = right = pad[0]
        top = bottom = pad[1]
    elif isinstance(pad, (tuple, list)) and len(pad) == 4 and _known(*pad):
        left, top, right, bottom = pad
    else:
        raise Unmodelled("RandomCrop(padding=?)")
    if a.pad_if_needed not in (True, False):
        raise Unmodelled("RandomCrop(pad_if_needed=?)")

    def apply(image: Any) -> Any:
        image = _image(image, "RandomCrop")
        h, w = _hw(image)
        if _known(h, w):
            h, w = h + top + bottom, w + left + right
            if a.pad_if_needed:
                h, w = max(h, th), max(w, tw)
            if h < th or w < tw:
                raise LibraryError("ValueError", f"Required crop size {(th, tw)} is larger "
                                   f"than input image size {(h, w)}")
        elif not a.pad_if_needed:
            raise Unmodelled("RandomCrop of an image of unknown size")  # may raise
        return _resized(image, th, tw)
    return apply


@transform("RandomResizedCrop", "size, scale=(0.08, 1.0), ratio=(0.75, 1.3333333333333333), "
           "interpolation=None, antialias=True")
def random_resized_crop(a: Bound) -> Callable[[Any], Any]:
    th, tw = _crop_size(a.size, "RandomResizedCrop")

    def apply(image: Any) -> Any:
        return _resized(_image(image, "RandomResizedCrop", rank=3), th, tw)
    return apply


@transform("Grayscale", "num_output_channels=1")
def grayscale(a: Bound) -> Callable[[Any], Any]:
    channels = a.num_output_channels
    if channels not in (1, 3):
        raise Unmodelled("Grayscale(num_output_channels=?)")

    def apply(image: Any) -> Any:
        image = _image(image, "Grayscale", rank=3)
        if isinstance(image, PilImage):
            return PilImage(image.height, image.width, channels)
        c = image.shape[-3]
        if not isinstance(c, int):
            raise Unmodelled("Grayscale of a tensor of unknown channels")
        if c not in (1, 3):
            raise LibraryError("TypeError", f"Input image tensor permitted channel values are "
                               f"[1, 3], but found {c}")
        # a 1-channel tensor is returned as it is, even for num_output_channels=3
        return image if c == 1 else image.derived((*image.shape[:-3], channels,
                                                   *image.shape[-2:]), image.origin)
    return apply


@transform("Normalize", "mean, std, inplace=False")
def normalize(a: Bound) -> Callable[[Any], Any]:
    lengths = [len(v) if isinstance(v, (tuple, list)) else None for v in (a.mean, a.std)]

    def apply(image: Any) -> Any:
        if isinstance(image, PilImage):
            raise LibraryError("TypeError", f"img should be Tensor Image. Got {_PIL_TYPE}")
        if not is_tensor(image) or image.shape is None:
            raise Unmodelled("Normalize of an image layerlint does not know")
        if image.dtype is not None and not image.dtype.startswith(("float", "bfloat")):
            raise LibraryError("TypeError", f"Input tensor should be a float tensor. Got "
                               f"torch.{image.dtype}.")
        shape = image.shape
        if len(shape) < 3:
            size = ", ".join(str(d) for d in shape)
            raise LibraryError("ValueError", "Expected tensor to be a tensor image of size "
                               f"(..., C, H, W). Got tensor.size() = torch.Size([{size}])")
        c = shape[-3]
        for n in lengths:
            if n is None or not isinstance(c, int):
                raise Unmodelled("Normalize: lengths not known")
            if n in (1, c):
                continue
            if len(shape) != 3:
                raise Unmodelled("Normalize of a batch")
            if c == 1:  # the in-place subtraction cannot broadcast its output
                dims = ", ".join(str(d) for d in shape[1:])
                message = (f"output with shape [{c}, {dims}] doesn't match the broadcast "
                           f"shape [{n}, {dims}]") if _known(*shape) else None
                raise LibraryError("RuntimeError", message)
            raise LibraryError("RuntimeError", f"The size of tensor a ({c}) must match the size "
                               f"of tensor b ({n}) at non-singleton dimension 0")
        return image
    return apply


def _keeps(name: str, signature: str) -> None:
    @transform(name, signature)
    def keeps(a: Bound) -> Callable[[Any], Any]:
        return lambda image: _image(image, name)


_keeps("RandomHorizontalFlip", "p=0.5")
_keeps("RandomVerticalFlip", "p=0.5")


def _channels_1_or_3(image: Any) -> None:
    """Colour transforms of tensor images take 1 or 3 channels."""
    if isinstance(image, PilImage):
        return
    c = image.shape[-3] if len(image.shape) >= 3 else None
    if not isinstance(c, int):
        raise Unmodelled("a colour transform of a tensor of unknown channels")
    if c not in (1, 3):
        raise LibraryError("TypeError", f"Input image tensor permitted channel values are "
                           f"[1, 3], but found {c}")


@transform("ColorJitter", "brightness=0, contrast=0, saturation=0, hue=0")
def color_jitter(a: Bound) -> Callable[[Any], Any]:
    if any(getattr(a, name) != 0 for name in ("contrast", "saturation", "hue")):
        raise Unmodelled("ColorJitter of contrast, saturation or hue")

    def apply(image: Any) -> Any:
        image = _image(image, "ColorJitter", rank=3)
        if a.brightness:
            _channels_1_or_3(image)
        return image
    return apply


@transform("RandomRotation", "degrees, interpolation=None, expand=False, center=None, "
           "fill=0")
def random_rotation(a: Bound) -> Callable[[Any], Any]:
    if a.expand is not False:
        raise Unmodelled("RandomRotation(expand=...)")
    return lambda image: _image(image, "RandomRotation", rank=3)


@transform("Compose", "transforms")
def compose(a: Bound) -> Callable[[Any], Any]:
    steps = a.transforms
    if not isinstance(steps, (list, tuple)) or not all(isinstance(s, Transform) for s in steps):
        raise Unmodelled("Compose of transforms layerlint does not know (Lambda, your own)")

    def apply(image: Any) -> Any:
        for step in steps:
            image = step.apply(image)
        return image
    return apply


# --- datasets -------------------------------------------------------------------------------


def transformed(image: Any, how: Any) -> Any:
    """The sample's image after ``transform=how``: UNKNOWN when ``how`` is not a Transform
    layerlint models, a SampleError when it raises on the image."""
    if how is None:
        return image
    if not isinstance(how, Transform):
        return UNKNOWN
    try:
        return how.apply(image)
    except LibraryError as error:
        return SampleError(error)
    except Unmodelled:
        return UNKNOWN


def _sample(image: Any, a: Bound, classes: int | None) -> Any:
    image = transformed(image, a.transform)
    if isinstance(image, SampleError):
        return image
    return (image, Label(classes) if a.target_transform is None else UNKNOWN)


# name -> (image height, width, channels, samples in train, samples in test, classes)
_DATASETS = {
    "MNIST": (28, 28, 1, 60000, 10000, 10), "FashionMNIST": (28, 28, 1, 60000, 10000, 10),
    "KMNIST": (28, 28, 1, 60000, 10000, 10), "CIFAR10": (32, 32, 3, 50000, 10000, 10),
    "CIFAR100": (32, 32, 3, 50000, 10000, 100),
}


def _dataset(name: str) -> None:
    height, width, channels, train, test, classes = _DATASETS[name]

    @library_function(f"torchvision.datasets.{name}", "root, train=True, transform=None, "
                      "target_transform=None, download=False")
    def entry(a: Bound) -> TorchDataset:
        count: Any = {True: train, False: test}.get(a.train, UNKNOWN_DIM)
        sample = _sample(PilImage(height, width, channels), a, classes)
        return TorchDataset(sample, count, at_least=min(train, test), kind=name)


for _name in _DATASETS:
    _dataset(_name)


@library_function("torchvision.datasets.ImageFolder", "root, transform=None, "
                  "target_transform=None, loader=None, is_valid_file=None, allow_empty=False")
def image_folder(a: Bound) -> TorchDataset:
    """RGB images of any size (default loader: PIL ``convert("RGB")``); at least one, or it
    raises when made (unless ``allow_empty``)."""
    if a.loader is not None:
        return TorchDataset(UNKNOWN, UNKNOWN_DIM, kind="ImageFolder")
    sample = _sample(PilImage(UNKNOWN_DIM, UNKNOWN_DIM, 3), a, None)
    return TorchDataset(sample, UNKNOWN_DIM, at_least=0 if a.allow_empty else 1,
                        kind="ImageFolder")
