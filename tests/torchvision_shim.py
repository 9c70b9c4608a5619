"""Real torchvision for the differential tests, offline.

Why a shim: the only torchvision 0.28.0 wheel our package index offers is a CUDA build; its C
ops cannot load with the CPU torch 2.13.0, and ``import torchvision`` then fails in
``torchvision._meta_registrations`` ("operator torchvision::nms does not exist"). The datasets
and transforms the tests use are pure Python, so an empty module stands in for that one before
torchvision is imported (the detection ops it registers are never used here).

Why fake files: no network. ``write_mnist`` / ``write_cifar`` / ``write_image_folder`` write tiny
datasets in torchvision's own formats (idx files, CIFAR pickles, PNG folders); CIFAR's md5
checks are switched off for those files (``offline_cifar``).
"""

from __future__ import annotations

import os
import pickle
import struct
import sys
import types
from typing import Any

import numpy as np

MNIST_LIKE = ("MNIST", "FashionMNIST", "KMNIST")


def import_torchvision() -> Any:
    if "torchvision" not in sys.modules:
        sys.modules.setdefault("torchvision._meta_registrations",
                               types.ModuleType("torchvision._meta_registrations"))
    import torchvision

    return torchvision


def write_mnist(root: str, name: str = "MNIST", count: int = 70, seed: int = 0) -> None:
    """``count`` 28x28 images and labels, for train and test, in ``root/<name>/raw``."""
    rng = np.random.default_rng(seed)
    raw = os.path.join(root, name, "raw")
    os.makedirs(raw, exist_ok=True)
    for split in ("train", "t10k"):
        images = rng.integers(0, 256, (count, 28, 28), dtype=np.uint8)
        labels = rng.integers(0, 10, count, dtype=np.uint8)
        with open(os.path.join(raw, f"{split}-images-idx3-ubyte"), "wb") as handle:
            handle.write(struct.pack(">IIII", 2051, count, 28, 28) + images.tobytes())
        with open(os.path.join(raw, f"{split}-labels-idx1-ubyte"), "wb") as handle:
            handle.write(struct.pack(">II", 2049, count) + labels.tobytes())


def write_cifar(root: str, hundred: bool = False, count: int = 70, seed: int = 0) -> None:
    """CIFAR-10 (or -100) pickles of ``count`` images per batch file."""
    rng = np.random.default_rng(seed)
    folder = os.path.join(root, "cifar-100-python" if hundred else "cifar-10-batches-py")
    os.makedirs(folder, exist_ok=True)
    files = ("train", "test") if hundred else tuple(
        f"data_batch_{i}" for i in range(1, 6)) + ("test_batch",)
    key = "fine_labels" if hundred else "labels"
    for name in files:
        entry = {"data": rng.integers(0, 256, (count, 3072), dtype=np.uint8),
                 key: [int(v) for v in rng.integers(0, 100 if hundred else 10, count)]}
        with open(os.path.join(folder, name), "wb") as handle:
            pickle.dump(entry, handle)
    meta = {"fine_label_names": [str(i) for i in range(100)]} if hundred else {
        "label_names": [str(i) for i in range(10)]}
    with open(os.path.join(folder, "meta" if hundred else "batches.meta"), "wb") as handle:
        pickle.dump(meta, handle)


def offline_cifar(torchvision: Any) -> None:
    """Accept the fake CIFAR files (their md5 differs from the real ones)."""
    from torchvision.datasets import cifar

    cifar.check_integrity = lambda *args, **kwargs: True
    cifar.CIFAR10._check_integrity = lambda self: True


def write_image_folder(root: str, sizes: list[tuple[int, int]], mode: str = "RGB",
                       classes: int = 2, seed: int = 0) -> None:
    """PNG images of the given (height, width), spread over ``classes`` class folders."""
    from PIL import Image

    rng = np.random.default_rng(seed)
    for i, (height, width) in enumerate(sizes):
        folder = os.path.join(root, f"class{i % classes}")
        os.makedirs(folder, exist_ok=True)
        shape = (height, width) if mode == "L" else (height, width, 3)
        pixels = rng.integers(0, 256, shape, dtype=np.uint8)
        Image.fromarray(pixels, mode=None).convert(mode).save(
            os.path.join(folder, f"img{i}.png"))
