"""The IPython extension (``%load_ext layerlint``) in a real Jupyter kernel: notebooks executed
by nbclient on ipykernel, every cell's outputs asserted. The cells really run (real Keras 3 on
the torch backend, real torch), so what layerlint shows before a cell is compared with what the
framework then raises, and its summary tables with the framework's own."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import nbclient
import nbformat
import pytest

ROOT = Path(__file__).resolve().parent.parent
ANSI = re.compile(r"\x1b\[[0-9;]*m")
CELL_TIMEOUT = 180  # seconds for one cell (importing Keras and torch in a fresh kernel)

pytestmark = pytest.mark.jupyter


def execute(cells: list[str], folder: Path) -> list[Any]:
    """Run the cells in a fresh python3 kernel (errors do not stop the run); their outputs."""
    notebook = nbformat.v4.new_notebook(
        cells=[nbformat.v4.new_code_cell(source) for source in cells])
    env = dict(os.environ, KERAS_BACKEND="torch", OMP_NUM_THREADS="1", NO_COLOR="1",
               PYTHONPATH=os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]),
               IPYTHONDIR=str(folder / ".ipython"))  # a history database of its own
    client = nbclient.NotebookClient(
        notebook, timeout=CELL_TIMEOUT, startup_timeout=120, kernel_name="python3",
        allow_errors=True, resources={"metadata": {"path": str(folder)}})
    client.execute(env=env)
    return [cell.outputs for cell in notebook.cells]


def shown(outputs: list[Any]) -> list[dict[str, str]]:
    """The rich displays of a cell (layerlint's findings, summaries)."""
    return [dict(o["data"]) for o in outputs if o["output_type"] == "display_data"]


def errors(outputs: list[Any]) -> list[tuple[str, str]]:
    return [(o["ename"], ANSI.sub("", o["evalue"])) for o in outputs if o["output_type"] == "error"]


def printed(outputs: list[Any], stream: str = "stdout") -> str:
    return "".join(o["text"] for o in outputs
                   if o["output_type"] == "stream" and o["name"] == stream)


def quoted(display: dict[str, str], framework: str) -> str:
    """The framework's own message as layerlint quotes it (``= keras: ValueError: ...``)."""
    found = re.search(rf"^  = {framework}: (\w+): (.*)$", display["text/plain"], re.MULTILINE)
    assert found, display["text/plain"]
    return found.group(2)


KERAS_CELLS = [
    "%load_ext layerlint",
    "import numpy as np\nimport keras",
    "model = keras.Sequential([keras.Input((8,)), keras.layers.Dense(4, activation='relu'),\n"
    "                          keras.layers.Dense(1)])\nmodel.compile('adam', 'mse')",
    "x = np.zeros((10, 7))\ny = np.zeros((10, 1))",
    "model.fit(x, y, epochs=1, verbose=0)",  # 4: the model of cell 3 meets the data of cell 4
    "%layerlint summary model",
    "captured = []\nmodel.summary(print_fn=lambda text, **_: captured.append(text))\n"
    "print(''.join(captured), end='')",
    "%layerlint strict",
    "bad = keras.Sequential([keras.Input((8,)), keras.layers.Dense(1)])\n"
    "bad.compile('adam', 'mse')\nbad.fit(x, y, verbose=0)\nprint('ran')",
    "bad",  # 9: strict mode did not run cell 8
    "%layerlint off",
    "model.fit(x, y, verbose=0)",
    "%layerlint warn",
    "%%layerlint\nmodel.fit(x, y, verbose=0)\nprint('ran')",
    "%%layerlint\nmodel.predict(np.zeros((2, 8)), verbose=0)",
    "print(model.predict(np.zeros((2, 8)), verbose=0).shape)",
]


@pytest.fixture(scope="module")
def keras_outputs(tmp_path_factory: pytest.TempPathFactory) -> list[Any]:
    return execute(KERAS_CELLS, tmp_path_factory.mktemp("keras_notebook"))


@pytest.mark.keras3
def test_good_cells_show_nothing(keras_outputs: list[Any]) -> None:
    for index in (0, 1, 2, 3):
        assert keras_outputs[index] == [], (index, keras_outputs[index])
    assert shown(keras_outputs[15]) == [] and errors(keras_outputs[15]) == []
    assert printed(keras_outputs[15]) == "(2, 1)\n"


@pytest.mark.keras3
def test_a_bad_fit_is_shown_in_context_and_then_runs(keras_outputs: list[Any]) -> None:
    """warn mode: the model (cell 3) and the data (cell 4) meet at fit (cell 5); the finding is
    shown in cell 5, which then runs and raises Keras' own error, the one layerlint quoted."""
    (display,) = shown(keras_outputs[4])
    text = display["text/plain"]
    assert text.startswith("layerlint: 1 error in In [5]\nIn [5], line 1, col 1: LL201 ")
    assert "1 | model.fit(x, y, epochs=1, verbose=0)" in text
    assert "(In [3], line 1, col " in text  # the layer that cannot take the data, in cell 3
    assert "+ model = keras.Sequential([keras.Input((7,))" in text  # the fix, in cell 3
    html = display["text/html"]
    assert 'data-code="LL201"' in html and "<pre" in html and "In [3], line 1:" in html
    ((name, message),) = errors(keras_outputs[4])
    assert name == "ValueError"
    expected = quoted(display, "keras").split("Sequential.call(). ", 1)[1]
    assert expected in message


@pytest.mark.keras3
def test_summary_is_the_keras_table(keras_outputs: list[Any]) -> None:
    """``%layerlint summary model`` is Keras' own ``model.summary()`` (printed in cell 7), in
    the state the failed fit left the model (no optimizer built)."""
    (display,) = shown(keras_outputs[5])
    header, table = display["text/plain"].split("\n", 1)
    assert header == "model (In [3], line 1)"
    assert table == printed(keras_outputs[6])
    assert "Total params: 41" in table and "Optimizer params" not in table
    assert display["text/html"].strip()  # the API model's rich display, or the table


@pytest.mark.keras3
def test_strict_mode_does_not_run_a_cell_with_an_error(keras_outputs: list[Any]) -> None:
    assert "strict mode" in printed(keras_outputs[7])
    (display,) = shown(keras_outputs[8])
    assert "In [9], line 3, col 1: LL201" in display["text/plain"]
    ((name, message),) = errors(keras_outputs[8])
    assert name == "CellRejected"
    assert message.startswith("layerlint strict mode: In [9] was not run: 1 error (LL201 ")
    assert printed(keras_outputs[8]) == ""
    assert errors(keras_outputs[9]) == [("NameError", "name 'bad' is not defined")]
    assert shown(keras_outputs[9]) == []


@pytest.mark.keras3
def test_off_checks_nothing(keras_outputs: list[Any]) -> None:
    assert shown(keras_outputs[11]) == []
    assert [name for name, _ in errors(keras_outputs[11])] == ["ValueError"]  # Keras raised


@pytest.mark.keras3
def test_cell_magic_checks_without_running(keras_outputs: list[Any]) -> None:
    (display,) = shown(keras_outputs[13])
    assert "In [14], line 1, col 1: LL201" in display["text/plain"]
    assert errors(keras_outputs[13]) == [] and printed(keras_outputs[13]) == ""
    assert printed(keras_outputs[14]) == "layerlint: no findings in In [15] (not run).\n"


TORCH_CELLS = [
    "import torch\nfrom torch import nn",
    "net = nn.Sequential(nn.Linear(8, 16), nn.ReLU(), nn.Linear(16, 2))",
    "%load_ext layerlint",  # loaded after the model: the cells before are context too
    "out = net(torch.randn(4, 8))",
    "wrong = net(torch.randn(4, 7))",
    "%layerlint summary net",
    "import torchinfo\nprint(torchinfo.summary(net, input_data=torch.randn(4, 8), verbose=0))",
    "%layerlint summary missing",
    "%layerlint sideways",
    "%layerlint summary",  # 9: every model
    "%unload_ext layerlint",
    "wrong = net(torch.randn(4, 7))",  # 11: not checked any more
]


@pytest.fixture(scope="module")
def torch_outputs(tmp_path_factory: pytest.TempPathFactory) -> list[Any]:
    return execute(TORCH_CELLS, tmp_path_factory.mktemp("torch_notebook"))


@pytest.mark.torch
def test_torch_cells_before_loading_are_context(torch_outputs: list[Any]) -> None:
    for index in (0, 1, 2, 3):
        assert torch_outputs[index] == [], (index, torch_outputs[index])
    (display,) = shown(torch_outputs[4])
    text = display["text/plain"]
    assert "In [2], line 1, col 21: LL102" in text.splitlines()[1]
    ((name, message),) = errors(torch_outputs[4])
    assert name == "RuntimeError" and message == quoted(display, "torch")


@pytest.mark.torch
def test_torch_summary_is_torchinfo(torch_outputs: list[Any]) -> None:
    (display,) = shown(torch_outputs[5])
    header, table = display["text/plain"].split("\n", 1)
    assert header == "net (In [2], line 1)"
    assert table == printed(torch_outputs[6])
    assert printed(torch_outputs[7]) == (
        "layerlint: no model named 'missing' in the cells run so far (models: net).\n")
    # IPython prints a magic's UsageError (no traceback, no error output)
    assert printed(torch_outputs[8], "stderr").startswith(
        "UsageError: unknown arguments 'sideways'\nusage: %layerlint [warn | strict | off")



@pytest.mark.torch
def test_summary_of_every_model_and_unloading(torch_outputs: list[Any]) -> None:
    (display,) = shown(torch_outputs[9])
    assert display["text/plain"] == shown(torch_outputs[5])[0]["text/plain"]
    assert torch_outputs[10] == []
    assert shown(torch_outputs[11]) == []
    assert [name for name, _ in errors(torch_outputs[11])] == ["RuntimeError"]

def test_import_layerlint_does_not_import_ipython() -> None:
    code = ("import sys, layerlint\nassert callable(layerlint.load_ipython_extension)\n"
            "assert 'IPython' not in sys.modules, 'IPython imported'\n")
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 0, done.stderr


@pytest.mark.torch
def test_terminal_ipython_shows_text(tmp_path: Path) -> None:
    """A terminal IPython (its own REPL, one line a cell) prints the findings as text."""
    cells = ["%load_ext layerlint", "import torch; from torch import nn",
             "net = nn.Sequential(nn.Linear(8, 16), nn.ReLU(), nn.Linear(16, 2))",
             "out = net(torch.randn(4, 8))", "out = net(torch.randn(4, 7))"]
    env = dict(os.environ, IPYTHONDIR=str(tmp_path / ".ipython"),
               PYTHONPATH=os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]))
    done = subprocess.run(
        [sys.executable, "-m", "IPython", "--simple-prompt", "--no-banner", "--colors=NoColor"],
        input="\n".join(cells) + "\n", env=env, capture_output=True, text=True, timeout=300,
        cwd=tmp_path)
    out = done.stdout
    assert out.count("layerlint: ") == 1, out  # nothing for the good cells
    assert ("In [5]: layerlint: 1 error in In [5]\n"
            "In [3], line 1, col 21: LL102 Linear(8, 16) receives 7 features") in out
    assert "= torch: RuntimeError: mat1 and mat2 shapes cannot be multiplied (4x7 and 8x16)" in out
    assert "<div" not in out
    # then the cell ran, and torch raised
    assert out.index("layerlint: 1 error") < out.index("Traceback (most recent call last)")
