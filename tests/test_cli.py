"""End-to-end: the `layerlint` command on real files (front end, analysis and reports together)."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
from test_report_json import SCHEMA

from layerlint.cli import main

ROOT = Path(__file__).resolve().parent.parent

SEED1 = """\
import numpy as np
from tensorflow import keras

# Incorrect: Input data is 2D, but the LSTM layer expects 3D
model = keras.Sequential([
    keras.layers.LSTM(64, input_shape=(None, 10)), # Expecting (batch_size, timesteps, 10)
    keras.layers.Dense(1)
])

data = np.random.rand(100, 10) # 100 samples, 10 features (2D)
model.compile(optimizer='adam', loss='mse')
model.fit(data, np.random.rand(100,1)) # This will raise a ValueError
"""

SEED2 = """\
import numpy as np
from tensorflow import keras

model = keras.Sequential([
    keras.layers.LSTM(64, return_sequences=True, input_shape=(10, 5)),
    keras.layers.Flatten(),
    keras.layers.LSTM(32)
])
"""

GOOD = """\
import keras
from keras import layers

model = keras.Sequential([
    keras.Input((28, 28, 1)),
    layers.Conv2D(32, 3, activation="relu"),
    layers.BatchNormalization(),
    layers.MaxPooling2D(),
    layers.Flatten(),
    layers.Dense(10, activation="softmax"),
])
"""


def run(argv: list[str], stdin: str | None = None, monkeypatch=None) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    if stdin is not None:
        monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(stdin.encode())))
    code = main(argv, out=out, err=err)
    return code, out.getvalue(), err.getvalue()


@pytest.fixture
def project(tmp_path, monkeypatch):
    (tmp_path / "seed1.py").write_text(SEED1)
    (tmp_path / "seed2.py").write_text(SEED2)
    (tmp_path / "good.py").write_text(GOOD)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_check_reports_the_seed_errors_where_keras_raises(project):
    code, out, _ = run(["check", "seed1.py", "seed2.py", "good.py"])
    assert code == 1
    headers = [line for line in out.splitlines() if line.startswith(("seed", "good"))]
    assert any(h.startswith("seed1.py:12:") for h in headers), out  # at the fit() call
    assert any(h.startswith("seed2.py:7:") for h in headers), out  # at the second LSTM
    assert not any(h.startswith("good.py") for h in headers), out
    assert out.rstrip().splitlines()[-1].startswith(("Found", "[*]", "("))


def test_clean_file_passes(project):
    code, out, _ = run(["check", "good.py"])
    assert code == 0
    assert "All checks passed!" in out


def test_folder_default_is_current_directory(project):
    code, out, _ = run(["check"])
    assert code == 1
    assert "seed1.py:12:" in out and "seed2.py:7:" in out


def test_ignore_and_select(project):
    code, out, _ = run(["check", "seed1.py", "--ignore", "LL2"])
    assert code == 0, out
    code, out, _ = run(["check", "seed1.py", "--select", "LL1"])
    assert code == 0, out
    code, _, _ = run(["check", "seed1.py", "--select", "LL1", "--extend-select", "LL201"])
    assert code == 1


def test_inline_suppression(project):
    (project / "seed1.py").write_text(SEED1.replace(
        "# This will raise a ValueError", "# layerlint: ignore[LL201, LL203]"))
    code, out, _ = run(["check", "seed1.py"])
    assert "seed1.py:12:" not in out
    assert code == 0, out


def test_per_file_ignores_from_pyproject(project):
    (project / "pyproject.toml").write_text(
        '[tool.layerlint]\n[tool.layerlint.per-file-ignores]\n"seed*.py" = ["LL"]\n')
    code, out, _ = run(["check", "."])
    assert code == 0, out


def test_json_output_validates_and_lists_models(project):
    code, out, _ = run(["check", "--format", "json", "seed1.py", "good.py"])
    assert code == 1
    data = json.loads(out)
    jsonschema.validate(data, SCHEMA)
    seed1 = data["files"][0]
    assert seed1["path"] == "seed1.py"
    assert seed1["models"][0]["name"] == "model"
    assert seed1["models"][0]["total_params"] == 19265
    assert any(d["line"] == 12 and d["severity"] == "error" for d in seed1["diagnostics"])
    good = data["files"][1]
    assert [layer["type"] for layer in good["models"][0]["layers"]] == [
        "Conv2D", "BatchNormalization", "MaxPooling2D", "Flatten", "Dense"]


def test_json_fixes_apply_to_valid_python(project):
    import ast

    from layerlint.diagnostics import Edit
    from layerlint.report.fixing import apply_edits

    code, out, _ = run(["check", "--output-format", "json", "seed1.py", "seed2.py"])
    assert code == 1
    data = json.loads(out)
    fixes = 0
    for file in data["files"]:
        source = (project / file["path"]).read_text()
        for d in file["diagnostics"]:
            for fix in d["fixes"]:
                ast.parse(apply_edits(source, [Edit(**e) for e in fix["edits"]]))
                fixes += 1
    assert fixes >= 2


def test_sarif_and_github_formats(project):
    code, out, _ = run(["check", "--format", "sarif", "seed1.py"])
    assert code == 1
    results = json.loads(out)["runs"][0]["results"]
    assert any(r["locations"][0]["physicalLocation"]["region"]["startLine"] == 12
               for r in results)
    code, out, _ = run(["check", "--format", "github", "seed2.py"])
    assert code == 1
    assert any(line.startswith("::error file=seed2.py,line=7,") for line in out.splitlines())


def test_stdin(project, monkeypatch):
    code, out, _ = run(["check", "-", "--stdin-filename", "mine.py"], stdin=SEED2,
                       monkeypatch=monkeypatch)
    assert code == 1
    assert "mine.py:7:" in out


def test_fix_writes_the_file_and_the_finding_is_gone(project):
    code, out, _ = run(["check", "--fix", "seed1.py"])
    fixed = (project / "seed1.py").read_text()
    assert fixed != SEED1
    assert "fixed, 0 remaining)." in out, out
    assert code == 0
    code, out, _ = run(["check", "seed1.py"])
    assert code == 0, out


def test_diff_writes_nothing_and_exits_1(project):
    code, out, err = run(["check", "--diff", "seed1.py"])
    assert code == 1
    assert out.startswith("--- a/seed1.py\n+++ b/seed1.py\n")
    assert (project / "seed1.py").read_text() == SEED1
    assert "Would fix" in err


def test_fix_on_stdin_prints_the_fixed_source(project, monkeypatch):
    code, out, err = run(["check", "--fix", "-", "--stdin-filename", "x.py"], stdin=SEED1,
                         monkeypatch=monkeypatch)
    assert out != SEED1 and out.startswith("import numpy as np\n")  # only the source
    assert "Found" not in out
    assert "fixed" in err
    assert code == 0


def test_missing_path_is_an_ll906_finding(project):
    # as ruff's E902: one line, exit 1, the other paths still checked (tests/test_cli_ruff_habits.py)
    code, out, err = run(["check", "nope.py"])
    assert code == 1 and err == ""
    assert out.startswith("nope.py:1:1: LL906 No such file or directory (os error 2)\n")


def test_bad_arguments_exit_2(project, capsys):
    assert run(["check", "--format", "xml"])[0] == 2
    assert run(["check", "--dialect", "keras4"])[0] == 2
    assert run(["check", "--dialect", "keras2", "good.py"])[0] == 0  # accepted, passed down


def test_notebook_locations_name_the_cell(project):
    def cell(kind: str, text: str) -> dict:
        return {"cell_type": kind, "metadata": {}, "source": text.splitlines(keepends=True),
                **({"outputs": [], "execution_count": None} if kind == "code" else {})}

    nb = {"cells": [cell("code", "import numpy as np\nfrom tensorflow import keras\n"),
                    cell("markdown", "# The model\n"),
                    cell("code", SEED2.split("\n", 3)[3])],
          "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
    (project / "nb.ipynb").write_text(json.dumps(nb))
    code, out, _ = run(["check", "nb.ipynb"])
    assert code == 1
    assert "nb.ipynb:cell 3:4:5: LL101" in out, out  # 4th line of the 3rd cell
    assert "(nb.ipynb:cell 3:3:5)" in out  # the related Flatten


def test_rules_and_rule(project):
    code, out, _ = run(["rules"])
    assert code == 0
    assert out.splitlines()[0].split() == ["code", "severity", "name", "summary"]
    assert any(line.startswith("LL101 ") for line in out.splitlines())
    code, out, _ = run(["rule", "ll101"])
    assert code == 0
    assert out.startswith("# ") and "(LL101)" in out.splitlines()[0]
    assert "## Example" in out and "Use instead:" in out
    assert run(["rule", "LL999"])[0] == 2


def test_python_dash_m_entry_point(project):
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.run([sys.executable, "-m", "layerlint", "check", "seed2.py"],
                          check=False, capture_output=True, text=True, env=env, timeout=120)
    assert proc.returncode == 1
    assert "seed2.py:7:" in proc.stdout
    proc = subprocess.run([sys.executable, "-m", "layerlint", "--version"],
                          check=False, capture_output=True, text=True, env=env, timeout=60)
    assert proc.stdout.strip() == "layerlint 0.1.0"


LAMBDA = """\
import keras
model = keras.Sequential([keras.Input((4,)), keras.layers.Lambda(lambda x: x),
                          keras.layers.Dense(2)])
"""


def test_info_notes_hidden_in_text_by_default_but_always_in_json(project):
    (project / "lam.py").write_text(LAMBDA)
    code, out, _ = run(["check", "lam.py"])
    assert code == 0
    assert "LL901" not in out
    assert out.splitlines() == ["All checks passed! Checked 1 model in 1 file.",
                                "1 info note hidden (show with `--show-info`)."]
    code, out, _ = run(["check", "lam.py", "--show-info"])
    assert code == 0 and "lam.py:2:46: LL901 " in out and "Found 1 note." in out
    (project / "pyproject.toml").write_text("[tool.layerlint]\nshow-info = true\n")
    assert "LL901" in run(["check", "lam.py"])[1]
    assert "LL901" not in run(["check", "lam.py", "--no-info"])[1]
    data = json.loads(run(["check", "lam.py", "--format", "json", "--no-info"])[1])
    assert [d["code"] for d in data["files"][0]["diagnostics"]] == ["LL901"]


def test_quiet_prints_findings_only(project):
    code, out, _ = run(["check", "-q", "seed2.py"])
    assert code == 1
    assert "Found" not in out and "seed2.py:7:5:" in out
    assert run(["check", "-q", "good.py"])[1] == ""
