"""The image/text loader tutorials (tests/tutorials/images_*.py, after keras.io and TensorFlow
tutorials) are correct programs: layerlint finds no error and no warning in them, in the default
dialect and in the one they are written for (``*_tf2.py``: tf.keras 2), and each runs to the end
in that framework on generated folders of tiny images and texts (one subprocess per dialect,
in a temporary working directory)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from layerlint.pipeline import check_file

FOLDER = Path(__file__).parent / "tutorials"
OWN = sorted(FOLDER.glob("images_*.py"))
_RUN_ALL = """
import json, os, runpy, sys, warnings
warnings.simplefilter("ignore")
outcomes = {}
for path in json.loads(sys.stdin.read()):
    try:
        runpy.run_path(path, run_name="__main__")
        outcomes[path] = None
    except Exception as exc:  # the program's failure is the result
        outcomes[path] = f"{type(exc).__name__}: {str(exc)[-800:]}"
print(json.dumps(outcomes))
"""


def _dialect(path: Path) -> str:
    return "keras2" if path.stem.endswith("_tf2") else "keras3"


def test_there_are_loader_tutorials() -> None:
    assert len(OWN) >= 6
    assert {_dialect(p) for p in OWN} == {"keras2", "keras3"}


@pytest.mark.parametrize("path", OWN, ids=lambda p: p.name)
def test_layerlint_finds_nothing_wrong(path: Path) -> None:
    for dialect in (None, _dialect(path)):
        result = check_file(str(path), dialect=dialect)
        found = [f"{d.code} line {d.span.line}: {d.message}" for d in result.diagnostics
                 if d.severity in ("error", "warning")]
        assert not found, (dialect, found)
        assert result.models, "no model checked"


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


def _data(root: Path) -> None:
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


@pytest.mark.parametrize("dialect", [pytest.param("keras3", marks=pytest.mark.keras3),
                                     pytest.param("keras2", marks=pytest.mark.keras2)])
def test_tutorials_run_in_their_framework(dialect: str, tmp_path: Path) -> None:
    from framework_env import framework_env

    _data(tmp_path)
    paths = [str(p) for p in OWN if _dialect(p) == dialect]
    done = subprocess.run([sys.executable, "-c", _RUN_ALL], input=json.dumps(paths),
                          capture_output=True, text=True, timeout=1200, cwd=tmp_path,
                          env=framework_env(dialect), check=False)
    assert done.returncode == 0, done.stderr[-3000:]
    outcomes = json.loads(done.stdout.strip().splitlines()[-1])
    failed = {Path(p).name: error for p, error in outcomes.items() if error}
    assert not failed, failed
    assert len(outcomes) == len(paths) >= 3
    assert os.listdir(tmp_path)
