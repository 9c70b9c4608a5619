"""``--fix`` / ``--diff``: fixes written into notebook cells (U-7) and the fix summary (U-8)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from differential.keras_runner import run_script
from test_cli import run

from layerlint.diagnostics import Edit
from layerlint.frontends.notebook import notebook_source
from layerlint.report.notebook_fixing import EditableNotebook

# An LSTM fed 2-D data (the QA notebook): layerlint offers "Reshape x to (50, 1, 8)" in cell 3.
CELLS = [
    {"cell_type": "markdown", "id": "a1", "metadata": {}, "source": ["# LSTM\n", "Text é.\n"]},
    {
        "cell_type": "code",
        "id": "c1",
        "execution_count": 1,
        "metadata": {"tags": ["setup"]},
        "outputs": [],
        "source": ["%matplotlib inline\n", "import numpy as np\n", "import keras\n"],
    },
    {
        "cell_type": "code",
        "id": "c2",
        "execution_count": 2,
        "metadata": {},
        "outputs": [],
        "source": ["x = np.random.rand(50, 8)\n", "y = np.random.rand(50, 1)"],
    },
    {
        "cell_type": "code",
        "id": "c3",
        "execution_count": 3,
        "metadata": {},
        "outputs": [{"name": "stdout", "output_type": "stream", "text": ["héllo ✓\n"]}],
        "source": (
            "model = keras.Sequential([\n    keras.Input(shape=(1, 8)),\n"
            "    keras.layers.LSTM(4),\n    keras.layers.Dense(1),\n])\n"
            "model.compile(loss='mse', optimizer='adam')"
        ),
    },
    {
        "cell_type": "code",
        "id": "c4",
        "execution_count": 4,
        "metadata": {},
        "outputs": [],
        "source": ["model.fit(x, y, epochs=1, verbose=0)\n"],
    },
]
DOCUMENT = {
    "cells": CELLS,
    "metadata": {"kernelspec": {"display_name": "Python 3", "language": "python", "name": "py3"}},
    "nbformat": 4,
    "nbformat_minor": 5,
}
BROKEN = "x = np.random.rand(50, 8)\n"
FIXED = "x = np.random.rand(50, 8).reshape(50, 1, 8)\n"


def nbformat_layout(document: dict) -> str:
    """How Jupyter (nbformat) writes a notebook."""
    return json.dumps(document, indent=1, sort_keys=True, ensure_ascii=False) + "\n"


@pytest.fixture
def notebook(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    path = tmp_path / "nb.ipynb"
    path.write_text(nbformat_layout(DOCUMENT), encoding="utf-8")
    return path


def test_check_advertises_the_notebook_fix(notebook: Path) -> None:
    code, out, _ = run(["check", "nb.ipynb"])
    assert code == 1
    assert "nb.ipynb:cell 5:1:1: LL201 [*]" in out
    assert "[*] 1 fixable with the `--fix` option." in out


def test_fix_edits_only_the_cell_line(notebook: Path) -> None:
    before = notebook.read_bytes()
    code, out, _ = run(["check", "--fix", "nb.ipynb"])
    assert code == 0, out
    assert out.endswith("Found 1 error (1 fixed, 0 remaining). Checked 1 model in 1 file.\n")
    after = notebook.read_bytes()
    # byte for byte the same file but for the one source line (JSON-escaped as written)
    old_line, new_line = (json.dumps(s, ensure_ascii=False).encode() for s in (BROKEN, FIXED))
    assert before.count(old_line) == 1
    assert after == before.replace(old_line, new_line)
    document = json.loads(after)
    assert document["cells"][2]["source"] == [FIXED, "y = np.random.rand(50, 1)"]
    assert run(["check", "nb.ipynb"])[0] == 0


def test_fixed_notebook_is_valid_nbformat(notebook: Path) -> None:
    nbformat = pytest.importorskip("nbformat")
    run(["check", "--fix", "nb.ipynb"])
    nbformat.validate(nbformat.reads(notebook.read_text(encoding="utf-8"), as_version=4))


@pytest.mark.keras3
def test_fixed_notebook_runs_in_keras(notebook: Path) -> None:
    assert run_script(notebook_source(notebook.read_bytes())[0]).stage == "fit"
    run(["check", "--fix", "nb.ipynb"])
    fixed = run_script(notebook_source(notebook.read_bytes())[0])
    assert fixed.error is None, fixed.error


def test_diff_shows_the_cell_and_writes_nothing(notebook: Path) -> None:
    before = notebook.read_bytes()
    code, out, err = run(["check", "--diff", "nb.ipynb"])
    assert code == 1
    assert out.splitlines()[:2] == ["--- a/nb.ipynb:cell 3", "+++ b/nb.ipynb:cell 3"]
    assert f"-{BROKEN}" in out and f"+{FIXED}" in out
    assert err == "Would fix 1 error.\n"
    assert notebook.read_bytes() == before


@pytest.mark.parametrize(
    "layout",
    [
        lambda doc: json.dumps(doc, indent=2),  # no trailing newline, keys as written, \u escapes
        lambda doc: "\ufeff" + json.dumps(doc, indent=4, ensure_ascii=False) + "\n",
    ],
)
def test_other_layouts_are_kept(notebook: Path, layout) -> None:
    notebook.write_text(layout(DOCUMENT), encoding="utf-8")
    run(["check", "--fix", "nb.ipynb"])
    expected = json.loads(json.dumps(DOCUMENT))
    expected["cells"][2]["source"][0] = FIXED
    assert notebook.read_text(encoding="utf-8") == layout(expected)


def test_unknown_layout_is_written_as_nbformat_does(notebook: Path) -> None:
    notebook.write_text(json.dumps(DOCUMENT, indent=3), encoding="utf-8")
    run(["check", "--fix", "nb.ipynb"])
    expected = json.loads(json.dumps(DOCUMENT))
    expected["cells"][2]["source"][0] = FIXED
    assert notebook.read_text(encoding="utf-8") == nbformat_layout(expected)


def test_string_sources_stay_strings(notebook: Path) -> None:
    document = json.loads(json.dumps(DOCUMENT))
    document["cells"][2]["source"] = "".join(document["cells"][2]["source"])
    notebook.write_text(nbformat_layout(document), encoding="utf-8")
    run(["check", "--fix", "nb.ipynb"])
    source = json.loads(notebook.read_text(encoding="utf-8"))["cells"][2]["source"]
    assert source == FIXED + "y = np.random.rand(50, 1)"


def test_nbformat3_notebook_offers_no_fix_and_is_left_alone(notebook: Path) -> None:
    cells = [
        {"cell_type": "code", "input": cell["source"], "language": "python", "outputs": []}
        for cell in CELLS
        if cell["cell_type"] == "code"
    ]
    text = json.dumps({"worksheets": [{"cells": cells}], "metadata": {}, "nbformat": 3})
    notebook.write_text(text, encoding="utf-8")
    code, out, _ = run(["check", "nb.ipynb"])
    assert code == 1 and "LL201" in out
    assert "[*]" not in out and "fixable" not in out
    assert run(["check", "--fix", "nb.ipynb"])[1].endswith(
        "Found 1 error (0 fixed, 1 remaining). Checked 1 model in 1 file.\n"
    )
    assert notebook.read_text(encoding="utf-8") == text


def editable() -> EditableNotebook:
    notebook = EditableNotebook.read(nbformat_layout(DOCUMENT).encode())
    assert notebook is not None
    return notebook


def test_edits_map_onto_cells_exactly() -> None:
    notebook = editable()
    lines = notebook.source.split("\n")
    at = lines.index(BROKEN.rstrip("\n")) + 1  # line of the joined source
    edited = notebook.with_edits([Edit(at, 1, at, 2, "z"), Edit(at + 1, 1, at + 1, 2, "w")])
    assert edited is not None
    assert edited.document["cells"][2]["source"] == [
        "z" + BROKEN[1:],
        "w = np.random.rand(50, 1)",
    ]
    assert edited.document["cells"][3] == notebook.document["cells"][3]


def test_edits_that_do_not_map_exactly_are_refused() -> None:
    notebook = editable()
    lines = notebook.source.split("\n")
    magic = lines.index("") + 1  # the blanked `%matplotlib inline` line of cell 2
    assert notebook.with_edits([Edit(magic, 1, magic, 1, "x = 1")]) is None
    last_of_cell_3 = lines.index("y = np.random.rand(50, 1)") + 1
    across = Edit(last_of_cell_3, 1, last_of_cell_3 + 1, 6, "")  # into the next cell
    assert notebook.with_edits([across]) is None
    past_the_end = Edit(len(lines) + 5, 1, len(lines) + 5, 1, "x")
    assert notebook.with_edits([past_the_end]) is None


# --- the summary of --fix counts errors and warnings as the plain check does (U-8) ----------

ERROR_AND_WARNING = """\
import numpy as np
import keras

x = np.random.randint(0, 100, size=(40, 10))
y = np.random.rand(40, 1)
model = keras.Sequential()
model.add(keras.layers.Embedding(100, 8, input_length=10))
model.add(keras.layers.Flatten())
model.add(keras.layers.Dense(1))
model.compile(loss='mse', optimizer='adam')
model.fit(x, y, epochs=1, verbose=0)

other = keras.Sequential()
other.add(keras.layers.Dense(4, input_shape=(10)))
other.add(keras.layers.Dense(1))
"""


def test_fix_summary_counts_errors_and_warnings(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.py").write_text(ERROR_AND_WARNING)
    plain = run(["check", "a.py"])[1]
    assert plain.splitlines()[-2:] == [
        "Found 1 error and 1 warning. Checked 2 models in 1 file.",
        "[*] 2 fixable with the `--fix` option.",
    ]
    assert run(["check", "--diff", "a.py"])[2] == "Would fix 1 error and 1 warning.\n"
    code, out, _ = run(["check", "--fix", "--show-fixes", "a.py"])
    assert code == 0
    assert "Fixed 1 error and 1 warning:\n" in out
    assert out.endswith(
        "Found 1 error and 1 warning (2 fixed, 0 remaining). Checked 2 models in 1 file.\n")
