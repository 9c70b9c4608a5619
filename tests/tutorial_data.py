"""The files the tutorial programs (tests/tutorials/) read, written into one working folder,
offline: CSV files shaped as their real-world namesakes, folders of tiny images and texts for
the Keras loaders, and torchvision's MNIST / FashionMNIST / CIFAR / image-folder formats
(torchvision_shim.py). Torch tutorials name their folder in a ``DATA_DIR = ...`` line, which
``with_data_dir`` points at this folder."""

from __future__ import annotations

import re
from pathlib import Path


def write_all(folder: Path) -> None:
    _csv_files(folder)
    _loader_folders(folder)
    _torchvision_files(folder)


def with_data_dir(source: str, folder: Path) -> str:
    return re.sub(r"^DATA_DIR = .*$", f"DATA_DIR = {str(folder)!r}", source, count=1,
                  flags=re.M)


def _csv_files(folder: Path) -> None:
    import numpy as np
    import pandas as pd

    rng = np.random.default_rng(0)
    columns = ["Pregnancies", "Glucose", "BloodPressure", "SkinThickness", "Insulin", "BMI",
               "DiabetesPedigreeFunction", "Age"]
    diabetes = pd.DataFrame(rng.random((120, 8)) * 100, columns=columns)
    diabetes["Outcome"] = rng.integers(0, 2, 120)
    diabetes.to_csv(folder / "diabetes.csv", index=False)
    housing = pd.DataFrame(rng.random((80, 5)), columns=["rooms", "area", "age", "tax", "dist"])
    housing.loc[3, "tax"] = np.nan
    housing["price"] = rng.random(80) * 500
    housing.to_csv(folder / "housing.csv", index=False)
    penguins = pd.DataFrame(rng.random((60, 4)) * 50, columns=[
        "bill_length_mm", "bill_depth_mm", "flipper_length_mm", "body_mass_g"])
    penguins.insert(0, "species", rng.choice(["Adelie", "Gentoo", "Chinstrap"], 60))
    penguins.loc[5, "body_mass_g"] = np.nan
    penguins.to_csv(folder / "penguins.csv", index=False)


def _images(folder: Path, classes: list[str], count: int = 4) -> list[str]:
    import numpy as np
    from PIL import Image

    rng = np.random.default_rng(len(classes))
    made = []
    for name in classes:
        (folder / name).mkdir(parents=True, exist_ok=True)
        for i in range(count):
            file = folder / name / f"{i}.png"
            Image.fromarray(rng.integers(0, 255, (16, 20, 3), dtype=np.uint8)).save(file)
            made.append(f"{name}/{i}.png")
    return made


def _loader_folders(root: Path) -> None:
    _images(root / "PetImages", ["Cat", "Dog"], 5)
    _images(root / "flower_photos", ["daisy", "roses", "tulips"], 5)
    _images(root / "digits", ["0", "1", "2"])
    for part in ("train", "validation"):
        _images(root / "data" / part, ["cats", "dogs"], 10 if part == "train" else 8)
    files = _images(root / "data", ["a", "b"])
    rows = ["filename,label"] + [f"{f},{f.split('/')[0]}" for f in files]
    (root / "data" / "labels.csv").write_text("\n".join(rows) + "\n")
    for label in ("neg", "pos"):
        (root / "aclImdb" / "train" / label).mkdir(parents=True)
        for i in range(10):
            (root / "aclImdb" / "train" / label / f"{i}.txt").write_text(
                f"a {label} review number {i} of a film\n")


def _torchvision_files(root: Path) -> None:
    from torchvision_shim import write_cifar, write_image_folder, write_mnist

    where = str(root)
    for name in ("MNIST", "FashionMNIST"):
        write_mnist(where, name)
    write_cifar(where, count=20)  # 100 training images: a few batches of each tutorial
    write_image_folder(str(root / "folder"), [(300, 260), (240, 320), (256, 256)] * 3)
