"""torchvision entries (layerlint/frontends/library/torchvision.py) against real torchvision
0.28.0 and torch 2.13, offline (tests/torchvision_shim.py):

* transforms: seeded random chains on PIL images (L, RGB) and tensor images (1-3 channels,
  float or uint8) of random sizes, plus hand cases: the output's size and mode / shape and
  dtype, or the exception and its message;
* datasets: MNIST, FashionMNIST, KMNIST, CIFAR10, CIFAR100 and ImageFolder written as tiny fake
  files, with random transforms, through a real DataLoader (batch size, drop_last): the first
  batch's shapes and dtypes, or the error, against ``torch_data.first_batch``. A dimension
  layerlint leaves unknown (``"?"``: an ImageFolder's image size, its sample count) is not a
  claim and matches anything; every other one must be equal.
"""

from __future__ import annotations

import collections
import random
import warnings
from typing import Any

import pytest

from layerlint.frontends.library.catalogue import LibraryError, Unmodelled, lookup
from layerlint.frontends.library.torch_data import TORCH, first_batch
from layerlint.frontends.library.torchvision import PilImage, Transform
from layerlint.frontends.values import Data
from layerlint.ir import Span

from torchvision_shim import (
    MNIST_LIKE,
    import_torchvision,
    offline_cifar,
    write_cifar,
    write_image_folder,
    write_mnist,
)

pytestmark = pytest.mark.torch

torch = pytest.importorskip("torch")
np = pytest.importorskip("numpy")
torchvision = import_torchvision()
offline_cifar(torchvision)
T = torchvision.transforms
ORIGIN = Span(1, 1, 1, 2)


def entry(name: str, *args: Any, **kwargs: Any) -> Any:
    found = lookup(name)
    assert found is not None, name
    return found.call(list(args), kwargs, ORIGIN)


def layerlint_transform(name: str, args: tuple, kwargs: dict) -> Transform:
    return entry(f"torchvision.transforms.{name}", *args, **kwargs)


# --- transforms -----------------------------------------------------------------------------------


def random_transform(rng: random.Random) -> tuple[str, tuple, dict]:
    size = rng.choice([8, 12, 20, 33])
    kind = rng.choice(["ToTensor", "ToTensor", "Resize", "Resize", "CenterCrop", "RandomCrop",
                       "RandomCrop", "Grayscale", "Normalize", "Normalize", "RandomHorizontalFlip",
                       "RandomVerticalFlip", "ColorJitter", "RandomRotation",
                       "RandomResizedCrop", "PILToTensor"])
    if kind == "Resize":
        return kind, (rng.choice([size, (size, rng.choice([7, 16])), [size]]),), {}
    if kind in ("CenterCrop", "RandomResizedCrop"):
        return kind, (rng.choice([size, (size, rng.choice([5, 30]))]),), {}
    if kind == "RandomCrop":
        kwargs: dict = {}
        if rng.random() < 0.5:
            kwargs["padding"] = rng.choice([2, 4, (1, 3), (1, 2, 3, 4)])
        if rng.random() < 0.3:
            kwargs["pad_if_needed"] = True
        return kind, (rng.choice([size, (size, 10)]),), kwargs
    if kind == "Grayscale":
        return kind, (), {"num_output_channels": rng.choice([1, 3])}
    if kind == "Normalize":
        n = rng.choice([1, 1, 2, 3, 3])
        return kind, ((0.5,) * n, (0.25,) * n), {}
    if kind == "ColorJitter":
        return kind, (0.2,), {}
    if kind == "RandomRotation":
        return kind, (10,), {}
    return kind, (), {}


def real_image(rng: random.Random) -> tuple[Any, Any]:
    """(a real image, layerlint's view of it)."""
    from PIL import Image

    h, w = rng.choice([10, 28, 32, 45]), rng.choice([10, 28, 32, 60])
    if rng.random() < 0.6:
        mode = rng.choice(["L", "RGB"])
        pixels = np.zeros((h, w) if mode == "L" else (h, w, 3), np.uint8)
        return Image.fromarray(pixels).convert(mode), PilImage(h, w, 1 if mode == "L" else 3)
    c = rng.choice([1, 2, 3])
    dtype = rng.choice(["float32", "float32", "uint8"])
    tensor = torch.zeros(c, h, w, dtype=getattr(torch, dtype))
    return tensor, Data((c, h, w), dtype, None, extra={TORCH: True})


def describe(image: Any) -> Any:
    if isinstance(image, torch.Tensor):
        return ("tensor", tuple(image.shape), str(image.dtype).removeprefix("torch."))
    return ("pil", (image.size[1], image.size[0]), {"L": 1, "RGB": 3}[image.mode])


def layerlint_describe(image: Any) -> Any:
    if isinstance(image, PilImage):
        return ("pil", (image.height, image.width), image.channels)
    return ("tensor", tuple(image.shape), image.dtype)


def run_real(steps: list, image: Any) -> tuple[Any, str | None]:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            for name, args, kwargs in steps:
                image = getattr(T, name)(*args, **kwargs)(image)
    except Exception as error:  # noqa: BLE001 - the outcome under test
        return None, f"{type(error).__name__}: {str(error).splitlines()[0]}"
    return describe(image), None


def run_layerlint(steps: list, image: Any) -> tuple[Any, Any]:
    """(the description, the LibraryError) or (None, None) when not modelled."""
    try:
        made = [layerlint_transform(name, args, kwargs) for name, args, kwargs in steps]
        composed = entry("torchvision.transforms.Compose", made)
        return layerlint_describe(composed.apply(image)), None
    except LibraryError as error:
        return None, error
    except Unmodelled:
        return None, None


def compare_chain(steps: list, real: Any, ours: Any, counts: collections.Counter) -> str | None:
    want, error = run_real(steps, real)
    got, raised = run_layerlint(steps, ours)
    counts["cases"] += 1
    if got is None and raised is None:
        counts["not_modelled"] += 1
        return None
    if raised is not None:
        counts["errors"] += 1
        if error is None:
            return f"{steps}: layerlint raises {raised}, torchvision gives {want}"
        if raised.message is not None and f"{raised.kind}: {raised.message}" != error:
            return f"{steps}: layerlint {raised.kind}: {raised.message}, torchvision {error}"
        return None
    if error is not None:
        return f"{steps}: torchvision raises {error}, layerlint gives {got}"
    counts["outputs"] += 1
    return None if got == want else f"{steps}: layerlint {got}, torchvision {want}"


HAND = [
    ([("ToTensor", (), {})], "RGB", (30, 40)),
    ([("Resize", (20,), {}), ("Grayscale", (), {}), ("ToTensor", (), {})], "RGB", (30, 40)),
    ([("Resize", ((10, 12),), {})], "RGB", (30, 40)),
    ([("Normalize", ((0.5,), (0.5,)), {})], "L", (28, 28)),  # a PIL image: TypeError
    ([("ToTensor", (), {}), ("Normalize", ((0.5, 0.5, 0.5), (0.5, 0.5, 0.5)), {})], "L",
     (28, 28)),  # 3 means for 1 channel
    ([("ToTensor", (), {}), ("ToTensor", (), {})], "L", (28, 28)),
    ([("RandomCrop", (32,), {"padding": 4}), ("RandomHorizontalFlip", (), {}),
      ("ToTensor", (), {})], "RGB", (32, 32)),
    ([("RandomCrop", (50,), {})], "RGB", (30, 40)),
    ([("Resize", (256,), {}), ("CenterCrop", (224,), {}), ("ToTensor", (), {})], "RGB",
     (375, 500)),
]


@pytest.mark.parametrize("index", range(len(HAND)))
def test_hand_chains_agree_with_torchvision(index: int) -> None:
    from PIL import Image

    steps, mode, (h, w) = HAND[index]
    real = Image.fromarray(np.zeros((h, w, 3), np.uint8)).convert(mode)
    counts: collections.Counter = collections.Counter()
    assert compare_chain(steps, real, PilImage(h, w, 1 if mode == "L" else 3), counts) is None
    assert counts["not_modelled"] == 0


def test_random_chains_agree_with_torchvision() -> None:
    rng = random.Random(2026)
    counts: collections.Counter = collections.Counter()
    problems = []
    for _ in range(600):
        steps = [random_transform(rng) for _ in range(rng.randint(1, 4))]
        real, ours = real_image(rng)
        problem = compare_chain(steps, real, ours, counts)
        if problem:
            problems.append(problem)
    assert not problems, "\n".join(problems[:8])
    assert counts["outputs"] > 250 and counts["errors"] > 60, counts
    assert counts["not_modelled"] < 0.2 * counts["cases"], counts


def test_unknown_transforms_are_not_modelled() -> None:
    lam = entry("torchvision.transforms.Lambda", lambda x: x) if lookup(
        "torchvision.transforms.Lambda") else object()
    with pytest.raises(Unmodelled):
        entry("torchvision.transforms.Compose", [entry("torchvision.transforms.ToTensor"), lam])
    dataset = entry("torchvision.datasets.MNIST", "data", transform=lam)
    assert first_batch(entry("torch.utils.data.DataLoader", dataset, batch_size=4)) is not None
    batch = first_batch(entry("torch.utils.data.DataLoader", dataset, batch_size=4))
    from layerlint.ir import UNKNOWN

    assert batch[0] is UNKNOWN and batch[1].shape == (4,)


# --- datasets through a DataLoader --------------------------------------------------------------


@pytest.fixture(scope="module")
def roots(tmp_path_factory: Any) -> dict[str, str]:
    root = str(tmp_path_factory.mktemp("datasets"))
    for name in MNIST_LIKE:
        write_mnist(root, name)
    write_cifar(root)
    write_cifar(root, hundred=True)
    folder = str(tmp_path_factory.mktemp("folder"))
    write_image_folder(folder, [(30, 40), (30, 40), (50, 20), (24, 24)] * 5)
    return {"root": root, "folder": folder}


def random_dataset_case(rng: random.Random) -> tuple[str, dict, list, int, bool]:
    kind = rng.choice([*MNIST_LIKE, "CIFAR10", "CIFAR100", "ImageFolder", "ImageFolder"])
    steps = [random_transform(rng) for _ in range(rng.randint(0, 2))]
    if rng.random() < 0.85:
        steps.append(("ToTensor", (), {}))
    if rng.random() < 0.4:
        n = rng.choice([1, 1, 3])
        steps.append(("Normalize", ((0.5,) * n, (0.5,) * n), {}))
    kwargs = {} if kind == "ImageFolder" else {"train": rng.choice([True, False])}
    return kind, kwargs, steps, rng.choice([1, 4, 8, 16]), rng.choice([False, False, True])


def real_batch(kind: str, kwargs: dict, steps: list, batch: int, drop: bool,
               roots: dict[str, str]) -> tuple[Any, str | None]:
    transform = T.Compose([getattr(T, n)(*a, **k) for n, a, k in steps]) if steps else None
    where = roots["folder"] if kind == "ImageFolder" else roots["root"]
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            dataset = getattr(torchvision.datasets, kind)(where, transform=transform, **kwargs)
            loader = torch.utils.data.DataLoader(dataset, batch_size=batch, drop_last=drop,
                                                 shuffle=True)
            items = next(iter(loader))
    except Exception as error:  # noqa: BLE001 - the outcome under test
        return None, f"{type(error).__name__}: {str(error).splitlines()[0]}"
    return [(tuple(t.shape), str(t.dtype).removeprefix("torch.")) for t in items], None


def layerlint_batch(kind: str, kwargs: dict, steps: list, batch: int, drop: bool) -> Any:
    transform = None
    if steps:
        try:
            transform = entry("torchvision.transforms.Compose", [
                layerlint_transform(n, a, k) for n, a, k in steps])
        except Unmodelled:
            transform = object()  # a transform layerlint does not model
    dataset = entry(f"torchvision.datasets.{kind}", "data", transform=transform, **kwargs)
    loader = entry("torch.utils.data.DataLoader", dataset, batch_size=batch, drop_last=drop,
                   shuffle=True)
    try:
        items = first_batch(loader)
    except LibraryError as error:
        return error
    if not isinstance(items, list):
        return None
    return [(tuple(t.shape), t.dtype) if isinstance(t, Data) else None for t in items]


def matches(ours: Any, real: Any) -> bool:
    if ours is None:
        return True
    shape, dtype = ours
    return dtype == real[1] and len(shape) == len(real[0]) and all(
        d == "?" or d == r for d, r in zip(shape, real[0]))


def test_datasets_through_a_dataloader_agree(roots: dict[str, str]) -> None:
    rng = random.Random(10)
    counts: collections.Counter = collections.Counter()
    problems = []
    for _ in range(160):
        kind, kwargs, steps, batch, drop = random_dataset_case(rng)
        want, error = real_batch(kind, kwargs, steps, batch, drop, roots)
        got = layerlint_batch(kind, kwargs, steps, batch, drop)
        counts["cases"] += 1
        where = f"{kind} {kwargs} {steps} batch={batch} drop_last={drop}"
        if isinstance(got, LibraryError):
            counts["errors"] += 1
            if error is None or (got.message is not None and
                                 f"{got.kind}: {got.message}" != error):
                problems.append(f"{where}: layerlint {got}, torch {error or want}")
        elif got is None:
            counts["not_modelled"] += 1
        elif error is not None:
            problems.append(f"{where}: torch raises {error}, layerlint gives {got}")
        else:
            counts["batches"] += 1
            counts["claimed"] += sum(1 for g in got if g is not None)
            if len(got) != len(want) or not all(matches(g, w) for g, w in zip(got, want)):
                problems.append(f"{where}: layerlint {got}, torch {want}")
    assert not problems, "\n".join(problems[:8])
    assert counts["batches"] > 80 and counts["errors"] > 10, counts
