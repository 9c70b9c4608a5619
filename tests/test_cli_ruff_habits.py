"""The command line as ruff users expect it (issue 12, item 5): a missing path is one LL906 line
(ruff's E902) and the rest is checked; a notebook on stdin; --statistics laid out as
`ruff check --statistics` prints it (measured with ruff 0.8.6); -o/--output-file; notebook
findings in JSON carry `cell` and `cell_line`."""

from __future__ import annotations

import io
import json
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from layerlint import rules
from layerlint.cli import main

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"


def run(argv: list[str], stdin: bytes | None = None, monkeypatch=None) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    if stdin is not None:
        monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(stdin)))
    code = main(argv, out=out, err=err)
    return code, out.getvalue(), err.getvalue()


def notebook_bytes(*cells: str) -> bytes:
    document = nbformat.v4.new_notebook()
    document.cells = [nbformat.v4.new_markdown_cell("# A model")]
    document.cells += [nbformat.v4.new_code_cell(cell) for cell in cells]
    return nbformat.writes(document).encode()


@pytest.fixture
def project(tmp_path, monkeypatch):
    for seed in EXAMPLES.glob("seed_*.py"):
        shutil.copy(seed, tmp_path / seed.name)
    (tmp_path / "clean.py").write_text("x = 1\n")
    (tmp_path / "pyproject.toml").write_text("[tool.layerlint]\n")  # this folder is the project
    monkeypatch.chdir(tmp_path)
    return tmp_path


# --- a missing path ---------------------------------------------------------------------------


def test_missing_path_is_one_line_and_the_other_paths_are_checked(project):
    code, out, err = run(["check", "missing.py", "seed_1_input_shape.py", "clean.py"])
    assert code == 1 and err == ""
    lines = out.splitlines()
    assert lines[0] == "missing.py:1:1: LL906 No such file or directory (os error 2)"
    assert lines[1].startswith("seed_1_input_shape.py:12:1: LL201")
    assert "Found 2 errors." in out


def test_missing_path_alone_exits_1_as_ruff_and_can_be_ignored(project):
    assert run(["check", "missing.py"])[0] == 1
    code, out, _ = run(["check", "--ignore", "LL906", "missing.py", "clean.py"])
    assert code == 0 and "LL906" not in out


def test_missing_path_in_json_and_summary(project):
    code, out, _ = run(["check", "--format", "json", "missing.py", "clean.py"])
    files = json.loads(out)["files"]
    assert code == 1
    assert [f["path"] for f in files] == ["missing.py", "clean.py"]
    assert [d["code"] for d in files[0]["diagnostics"]] == ["LL906"]
    code, out, err = run(["summary", "missing.py", "seed_2_layer_stack.py"])
    assert code == 1
    assert err.startswith("missing.py:1:1: LL906 No such file or directory")
    assert "seed_2_layer_stack.py:4: model" in out  # the other table is still printed


def test_ll906_rule_examples_are_what_the_command_prints(project):
    rule = rules.get("LL906")
    command, printed = (line.removeprefix("# ") for line in rule.bad.splitlines())
    argv = command.removeprefix("$ layerlint ").split()
    (project / "train.py").write_text("x = 1\n")
    code, out, _ = run(argv)
    assert code == 1 and out.splitlines()[0] == printed
    good = rule.good.splitlines()[0].removeprefix("# $ layerlint ").split()
    (project / "model.py").write_text("y = 2\n")
    assert run(good)[0] == 0


# --- a notebook on stdin ----------------------------------------------------------------------


def test_notebook_on_stdin_is_read_as_a_notebook(project, monkeypatch):
    data = notebook_bytes("import numpy as np", (EXAMPLES / "seed_2_layer_stack.py").read_text())
    code, out, _ = run(["check", "--stdin-filename", "model.ipynb", "-"], data, monkeypatch)
    assert code == 1
    assert out.startswith("model.ipynb:cell 3:7:5: LL101 LSTM expects 3-D input")


def test_notebook_on_stdin_json_carries_cell_and_cell_line(project, monkeypatch):
    data = notebook_bytes("import numpy as np", (EXAMPLES / "seed_2_layer_stack.py").read_text())
    (project / "model.ipynb").write_bytes(data)
    _, out, _ = run(["check", "--format", "json", "--stdin-filename", "model.ipynb", "-"],
                    data, monkeypatch)
    from_stdin = json.loads(out)["files"][0]["diagnostics"]
    _, out, _ = run(["check", "--format", "json", "model.ipynb"])
    from_file = json.loads(out)["files"][0]["diagnostics"]
    assert from_stdin == from_file
    (finding,) = [d for d in from_file if d["code"] == "LL101"]
    # joined source: cell 2 is one line, then cell 3 starts; `line` stays the joined line
    assert (finding["cell"], finding["cell_line"], finding["line"]) == (3, 7, 8)


def test_script_json_has_no_cell_fields(project):
    _, out, _ = run(["check", "--format", "json", "seed_1_input_shape.py"])
    (finding,) = json.loads(out)["files"][0]["diagnostics"]
    assert "cell" not in finding and "cell_line" not in finding


def test_fixing_a_notebook_on_stdin_writes_the_notebook(project, monkeypatch):
    data = notebook_bytes((EXAMPLES / "seed_1_input_shape.py").read_text())
    code, out, err = run(["check", "--fix", "--stdin-filename", "m.ipynb", "-"], data, monkeypatch)
    fixed = nbformat.reads(out, as_version=4)
    assert fixed.cells[0].source == "# A model"  # the notebook, cells and all
    assert "data = np.random.rand(100, 10).reshape(100, 1, 10) #" in fixed.cells[1].source
    assert "fixed" in err
    again = run(["check", "--stdin-filename", "m.ipynb", "-"], out.encode(), monkeypatch)
    assert again[0] == 0


# --- --statistics and --output-file -----------------------------------------------------------


def test_statistics_as_ruff_prints_them(project):
    code, out, _ = run(["check", "--statistics", "missing.py", "seed_1_input_shape.py",
                        "seed_2_layer_stack.py", "seed_1_input_shape.py", "clean.py"])
    assert code == 1
    # count right-aligned, code padded, tab-separated, [*] when every finding has a fix
    assert out == (
        "1\tLL101\t[ ] wrong-input-rank\n"
        "1\tLL201\t[*] input-data-mismatch\n"
        "1\tLL906\t[ ] io-error\n"
        "[*] fixable with `layerlint check --fix`\n"
    )


def test_statistics_order_and_widths(project):
    for n in range(10):
        shutil.copy(project / "seed_1_input_shape.py", project / f"copy_{n}.py")
    _, out, _ = run(["check", "--statistics", "."])
    lines = out.splitlines()
    assert lines[0] == "11\tLL201\t[*] input-data-mismatch"  # most frequent first
    assert lines[1] == " 1\tLL101\t[ ] wrong-input-rank"


def test_statistics_without_findings_prints_nothing(project):
    assert run(["check", "--statistics", "clean.py"]) == (0, "", "")


def test_statistics_json(project):
    _, out, _ = run(["check", "--statistics", "--format", "json", "missing.py",
                     "seed_1_input_shape.py"])
    assert json.loads(out) == [
        {"code": "LL201", "name": "input-data-mismatch", "count": 1, "fixable": True},
        {"code": "LL906", "name": "io-error", "count": 1, "fixable": False},
    ]


def test_output_file(project):
    code, out, _ = run(["check", "-o", "reports/out.json", "--format", "json",
                        "seed_1_input_shape.py"])
    assert code == 1 and out == ""
    report = json.loads((project / "reports" / "out.json").read_text())
    assert report["files"][0]["diagnostics"][0]["code"] == "LL201"
    code, out, _ = run(["check", "--output-file", "out.txt", "clean.py"])
    assert code == 0 and out == ""
    assert (project / "out.txt").read_text().startswith("All checks passed!")


def test_output_file_that_cannot_be_written_is_a_usage_error(project):
    (project / "a_file").write_text("")
    code, _, err = run(["check", "-o", "a_file/out.txt", "clean.py"])
    assert code == 2 and err.startswith("layerlint: error: cannot write a_file/out.txt")


def test_force_exclude_applies_excludes_to_named_files(project):
    (project / "pyproject.toml").write_text('[tool.layerlint]\nextend-exclude = ["gen"]\n')
    (project / "gen").mkdir()
    shutil.copy(project / "seed_1_input_shape.py", project / "gen" / "bad.py")
    assert run(["check", "gen/bad.py"])[0] == 1  # named: checked, as ruff does
    code, out, _ = run(["check", "--force-exclude", "gen/bad.py", "clean.py"])
    assert code == 0 and "LL201" not in out


def test_the_installed_command_end_to_end(project):
    """The real process: stdin notebook, missing path, statistics in one run."""
    data = notebook_bytes((EXAMPLES / "seed_1_input_shape.py").read_text())
    proc = subprocess.run(
        [sys.executable, "-m", "layerlint", "check", "--statistics", "--stdin-filename",
         "nb.ipynb", "-", "missing.py"],
        input=data, capture_output=True, timeout=120, cwd=project,
        env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"},
    )
    assert proc.returncode == 1, proc.stderr
    assert proc.stdout.decode().splitlines()[:2] == ["1\tLL201\t[*] input-data-mismatch",
                                                     "1\tLL906\t[ ] io-error"]


def test_output_file_with_fix_on_stdin_keeps_stdout_for_the_source(project, monkeypatch):
    source = (EXAMPLES / "seed_1_input_shape.py").read_bytes()
    code, out, err = run(["check", "--fix", "-o", "report.txt", "--stdin-filename", "t.py", "-"],
                         source, monkeypatch)
    assert code == 0 and err == ""
    assert out.startswith("import numpy as np\n") and ".reshape(100, 1, 10)" in out
    assert "1 fixed" in (project / "report.txt").read_text()
