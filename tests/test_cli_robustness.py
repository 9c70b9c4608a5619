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
                          check=False, capture_output=True, text=True, timeout=600)


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


# --- a seeded fuzzed folder: every kind of broken input at once -------------------------------

def _fuzzed_files(seed: int) -> dict[str, bytes]:
    """Broken inputs of every kind, each named for what it is; the good model file appears
    several times among them (it must still be checked wherever it sits)."""
    import json
    import random

    rng = random.Random(seed)
    good = GOOD_BAD_MODEL.encode()
    files: dict[str, bytes] = {}
    for i in range(6):
        files[f"bytes_{i}.py"] = bytes(rng.randrange(256) for _ in range(rng.randint(1, 3000)))
        files[f"truncated_{i}.py"] = good[: rng.randint(1, len(good) - 2)]
        files[f"good_{i}.py"] = good
    depth = rng.randint(200, 5000)
    files["deep_parens.py"] = b"x = " + b"(" * depth + b"1" + b")" * depth + b"\n"
    files["deep_lists.py"] = b"x = " + b"[" * depth + b"]" * depth + b"\n"
    files["deep_blocks.py"] = b"".join(b" " * i + b"if x:\n" for i in range(120)) + b" " * 120 \
        + b"pass\n"
    files["deep_calls.py"] = b"import keras\nm = keras.Sequential([" + \
        b"keras.layers.Dense(" * 300 + b"1" + b")" * 300 + b"])\n"
    files["utf16.py"] = "\ufeffx = 1\n".encode("utf-16")
    files["latin1_no_cookie.py"] = LATIN1_TEXT.encode("latin-1")
    files["unknown_codec.py"] = b"# -*- coding: klingon -*-\nx = 1\n"
    files["bom_and_latin1_cookie.py"] = b"\xef\xbb\xbf# coding: latin-1\nx = 1\n"
    files["cr_only_latin1.py"] = ("# coding: latin-1\rx = 'é'\r").encode("latin-1")
    files["mixed_endings.py"] = b"import keras\r\nx = 1\ry = 2\nz = (\r\n3)\n"
    files["nul.py"] = b"x = 1\x00\n"
    files["lone_cr_in_string.py"] = b"x = '''a\rb'''\n"
    cells = [{"cell_type": "code", "source": GOOD_BAD_MODEL}]
    notebook = json.dumps({"cells": cells, "metadata": {}, "nbformat": 4, "nbformat_minor": 5})
    files["good.ipynb"] = notebook.encode()
    for i in range(4):
        files[f"truncated_{i}.ipynb"] = notebook.encode()[: rng.randint(1, len(notebook) - 2)]
    odd_cells = [
        {"cell_type": "code", "source": "x = 1  # \ud800"},
        {"cell_type": "code", "source": "y = '\x00'"},
        {"cell_type": "code", "source": 42},
        {"cell_type": "code", "source": ["a = (", None, 3]},
        {"cell_type": "code"},
        "not a cell",
        {"cell_type": "code", "source": "%%bash\nls\n"},
        {"cell_type": "code", "source": "(" * 3000},
    ]
    files["odd_cells.ipynb"] = json.dumps({"cells": odd_cells, "nbformat": 4}).encode()
    files["deep_json.ipynb"] = b'{"cells": ' + b"[" * 100_000 + b"]" * 100_000 + b"}"
    files["not_utf8.ipynb"] = b'{"cells": [{"cell_type": "code", "source": "\xff"}]}'
    files["list_document.ipynb"] = b"[1, 2, 3]"
    return files


@pytest.mark.parametrize("seed", [1, 2])
def test_fuzzed_folder(tmp_path, seed):
    import json

    folder = tmp_path / "fuzz"
    folder.mkdir()
    files = _fuzzed_files(seed)
    for name, data in files.items():
        (folder / name).write_bytes(data)
    proc = run_cli("check", "fuzz", cwd=tmp_path)
    output = proc.stdout + proc.stderr
    assert "Traceback" not in output and "internal error" not in output, output[-3000:]
    assert proc.returncode == 1
    lines = proc.stdout.splitlines()
    # an LL900 is one line, and a file has at most one per cause it names
    problem_lines = [line for line in lines if " LL900 " in line]
    assert problem_lines
    for line in problem_lines:
        assert line.startswith("fuzz/") and len(line) < 400, line
    for name in ("deep_json.ipynb", "not_utf8.ipynb", "list_document.ipynb", "utf16.py",
                 "unknown_codec.py", "nul.py", "bytes_0.py"):
        assert sum(line.startswith(f"fuzz/{name}:") for line in problem_lines) == 1, name
    # the good files are checked wherever they sit among the broken ones
    for name in [n for n in files if n.startswith("good_")] + ["good.ipynb"]:
        assert any(line.startswith(f"fuzz/{name}:") and " LL101 " in line for line in lines), \
            (name, proc.stdout[-2000:])
    assert not any(line.startswith(("fuzz/cr_only_latin1.py:", "fuzz/mixed_endings.py:",
                                    "fuzz/lone_cr_in_string.py:")) for line in lines)
    # every file has its entry in the JSON report
    report = json.loads(run_cli("check", "--format", "json", "fuzz", cwd=tmp_path).stdout)
    assert len(report["files"]) == len(files)
