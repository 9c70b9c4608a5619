"""A folder of hostile files: one line per bad file, the good one still checked, no traceback."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

GOOD_BAD_MODEL = """\
from tensorflow import keras

model = keras.Sequential([
    keras.layers.LSTM(64, return_sequences=True, input_shape=(10, 5)),
    keras.layers.Flatten(),
    keras.layers.LSTM(32)
])
"""

LATIN1_TEXT = "# Modèle séquentiel, données prêtes\nx = 'é'\n"


@pytest.fixture
def hostile(tmp_path):
    folder = tmp_path / "hostile"
    folder.mkdir()
    (folder / "binary.py").write_bytes(bytes(range(256)) * 4)
    (folder / "empty.py").write_bytes(b"")
    (folder / "syntax.py").write_text("model = keras.Sequential([\n    Dense(3)\n\ndef (:\n")
    (folder / "latin1_cookie.py").write_bytes(
        ("# -*- coding: latin-1 -*-\n" + LATIN1_TEXT).encode("latin-1"))
    (folder / "latin1_no_cookie.py").write_bytes(LATIN1_TEXT.encode("latin-1"))
    (folder / "deep.py").write_text("x = " + "(" * 100_000 + "1" + ")" * 100_000 + "\n")
    (folder / "broken.ipynb").write_text('{"cells": [{"cell_type": "code", "source": ')
    (folder / "zz_model.py").write_text(GOOD_BAD_MODEL)
    return folder


def run_cli(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "NO_COLOR": "1"}
    return subprocess.run([sys.executable, "-m", "layerlint", *args], cwd=cwd, env=env,
                          check=False, capture_output=True, text=True, timeout=300)


def test_hostile_folder(hostile):
    proc = run_cli("check", "hostile", cwd=hostile.parent)
    output = proc.stdout + proc.stderr
    assert "Traceback" not in output
    assert proc.returncode == 1
    lines = proc.stdout.splitlines()

    def lines_for(name: str) -> list[str]:
        return [line for line in lines if line.startswith(f"hostile/{name}:")]

    for bad in ("binary.py", "syntax.py", "latin1_no_cookie.py", "deep.py", "broken.ipynb"):
        found = lines_for(bad)
        assert len(found) == 1, (bad, proc.stdout)
        assert " LL900 " in found[0]
    # empty files and properly declared encodings are fine
    assert lines_for("empty.py") == []
    assert lines_for("latin1_cookie.py") == []
    # the model file is still checked and its error found where Keras raises it
    assert any(line.startswith(("hostile/zz_model.py:6:", "hostile/zz_model.py:7:"))
               for line in lines), proc.stdout


def test_hostile_folder_json_and_summary(hostile):
    import json

    proc = run_cli("check", "--format", "json", "hostile", cwd=hostile.parent)
    assert "Traceback" not in proc.stderr
    data = json.loads(proc.stdout)
    assert len(data["files"]) == 8
    proc = run_cli("summary", "hostile", cwd=hostile.parent)
    assert "Traceback" not in proc.stdout + proc.stderr
    assert proc.returncode == 0
    assert 'Model: "sequential"' in proc.stdout
