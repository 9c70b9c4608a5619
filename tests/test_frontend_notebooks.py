"""Notebooks: code cells joined, IPython syntax blanked, lines mapped back to (cell, line)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from layerlint.frontends import cell_position, load_file
from layerlint.frontends.notebook import cell_position as cell_position_direct
from layerlint.ir import DataCall


def write_notebook(tmp_path: Path, cells: list[tuple[str, str | list[str]]], **extra) -> str:
    document = {
        "cells": [
            {"cell_type": kind, "metadata": {}, "source": source}
            | ({"outputs": [], "execution_count": None} if kind == "code" else {})
            for kind, source in cells
        ],
        "metadata": {"kernelspec": {"language": "python", "name": "python3"}},
        "nbformat": 4,
        "nbformat_minor": 5,
    } | extra
    path = tmp_path / "train.ipynb"
    path.write_text(json.dumps(document), encoding="utf-8")
    return str(path)


CELLS = [
    ("markdown", "# Training an LSTM\nSome text."),
    ("code", ["%matplotlib inline\n", "import numpy as np\n", "from tensorflow import keras\n"]),
    ("code", "!pip install keras\nx = np.random.rand(100, 10)\nfiles = !ls\n"),
    ("markdown", "## Model"),
    (
        "code",
        (
            "model = keras.Sequential([\n"
            "    keras.layers.LSTM(64, input_shape=(None, 10)),\n"
            "    keras.layers.Dense(1),\n"
            "])\n"
            "model.summary()\n"
            "model?"
        ),
    ),
    (
        "code",
        "%%time\nmodel.compile(optimizer='adam', loss='mse')\nmodel.fit(x, np.zeros((100, 1)))",
    ),
    ("code", "%%bash\necho this is not python\nls -la"),
    ("code", "for i in range(2):\n    %time print(i)\n"),
]


def test_cells_are_joined_and_magics_blanked(tmp_path: Path) -> None:
    ir = load_file(write_notebook(tmp_path, CELLS))
    assert ir.problems == []
    (model,) = ir.models
    construct, _compile, fit = model.events
    assert [layer.kind for layer in construct.layers] == ["LSTM", "Dense"]
    assert isinstance(fit, DataCall) and fit.x.shape == (100, 10)
    assert "%matplotlib" not in ir.source and "!pip" not in ir.source and "echo" not in ir.source
    assert "tensorflow.keras" in ir.dialect_hints


def test_python_cells_are_not_touched(tmp_path: Path) -> None:
    cells = [
        ("code", 'import keras\nmsg = ("units: %d"\n       % 3)\nflag = ("a"\n        != "b")')
    ]
    ir = load_file(write_notebook(tmp_path, cells))
    assert ir.problems == [] and "% 3)" in ir.source


def test_lines_map_back_to_cells(tmp_path: Path) -> None:
    ir = load_file(write_notebook(tmp_path, CELLS))
    (model,) = ir.models
    construct, compile_, fit = model.events
    # Cells are numbered 1.. in notebook order, markdown cells included.
    assert cell_position(ir, model.span.line) == (5, 1)
    assert cell_position(ir, construct.layers[0].span.line) == (5, 2)
    assert cell_position(ir, compile_.span.line) == (6, 2)
    assert cell_position(ir, fit.span.line) == (6, 3)
    assert cell_position(ir, fit.x.origin.line) == (3, 2)
    assert cell_position_direct is cell_position
    assert len(ir.cell_offsets) == len(CELLS)


def test_a_broken_cell_is_reported_and_the_rest_analysed(tmp_path: Path) -> None:
    cells = [
        ("code", "import keras\nmodel = keras.Sequential()"),
        ("code", "def broken(:\n    pass"),
        ("code", "model.add(keras.layers.Dense(3))"),
    ]
    ir = load_file(write_notebook(tmp_path, cells))
    (problem,) = ir.problems
    assert problem.code == "LL900" and "cell 2" in problem.message
    assert cell_position(ir, problem.span.line) == (2, 1)
    (model,) = ir.models
    assert [type(e).__name__ for e in model.events] == ["Construct", "Add"]
    assert cell_position(ir, model.events[1].span.line) == (3, 1)


def test_a_lone_surrogate_is_an_encoding_error_not_nesting(tmp_path: Path) -> None:
    """JSON may hold "\\ud800"; Python source cannot: the cell is reported for what it is."""
    cells = [
        ("code", "import keras\nmodel = keras.Sequential()"),
        ("code", "x = 1\ny = 2  # \ud800 here"),
        ("code", "model.add(keras.layers.Dense(3))"),
    ]
    ir = load_file(write_notebook(tmp_path, cells))
    (problem,) = ir.problems
    assert problem.message == (
        "cannot parse cell 2: invalid text: a lone surrogate \\ud800 (not a character; the "
        "cell cannot be encoded as UTF-8) at line 2, column 10")
    assert cell_position(ir, problem.span.line) == (2, 2) and problem.span.col == 10
    (model,) = ir.models  # the other cells are still analysed
    assert [type(e).__name__ for e in model.events] == ["Construct", "Add"]


def test_a_nul_in_a_cell_is_reported_as_such(tmp_path: Path) -> None:
    ir = load_file(write_notebook(tmp_path, [("code", "x = '\x00'")]))
    (problem,) = ir.problems
    assert "null bytes" in problem.message and "nested" not in problem.message


@pytest.mark.parametrize(
    "content, message",
    [
        (b"{not json", "invalid JSON at line 1, column 2"),
        (b'{"cells": 3}', "no list of cells"),
        (b"[]", "no list of cells"),
        (b"\xff\xfe{}", "not UTF-8"),
        (b"", "invalid JSON"),
    ],
)
def test_unreadable_notebooks(tmp_path: Path, content: bytes, message: str) -> None:
    path = tmp_path / "bad.ipynb"
    path.write_bytes(content)
    ir = load_file(str(path))
    (problem,) = ir.problems
    assert problem.code == "LL900" and message in problem.message
    assert ir.models == []


def test_nbformat_3(tmp_path: Path) -> None:
    document = {
        "nbformat": 3,
        "worksheets": [
            {
                "cells": [
                    {"cell_type": "code", "input": ["import keras\n", "m = keras.Sequential()"]},
                    {"cell_type": "markdown", "source": ["text"]},
                    {"cell_type": "code", "input": "m.add(keras.layers.Dense(1))"},
                ]
            }
        ],
    }
    path = tmp_path / "old.ipynb"
    path.write_text(json.dumps(document))
    ir = load_file(str(path))
    (model,) = ir.models
    assert [type(e).__name__ for e in model.events] == ["Construct", "Add"]
    assert cell_position(ir, model.events[1].span.line) == (3, 1)


def test_plain_files_have_no_cells(tmp_path: Path) -> None:
    path = tmp_path / "a.py"
    path.write_text("import keras\nm = keras.Sequential()\n")
    ir = load_file(str(path))
    assert ir.cell_offsets is None
    assert cell_position(ir, 2) == (1, 2)
