"""The Python API (layerlint.api): check_source / check_paths, typed frozen reports built on the
pipeline the command line uses; shapes and params compared with the real frameworks."""

from __future__ import annotations

import dataclasses
import json
import os
import shutil
import subprocess
import sys
import typing
import zipfile
from pathlib import Path

import nbformat
import pytest

import layerlint
from layerlint.cli import main

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"

FUNCTIONAL = """\
import keras
import numpy as np

inputs = keras.Input((32,))
x = keras.layers.Dense(16, activation="relu")(inputs)
outputs = keras.layers.Dense(4)(x)
model = keras.Model(inputs, outputs)
model.compile(optimizer="adam", loss="mse")
model.fit(np.zeros((10, 31)), np.zeros((10, 4)), verbose=0)
"""

TORCH_MODULE = """\
import torch
from torch import nn


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc1 = nn.Linear(8, 4)
        self.fc2 = nn.Linear(5, 2)

    def forward(self, x):
        return self.fc2(torch.relu(self.fc1(x)))


net = Net()
out = net(torch.randn(2, 8))
"""


def test_public_names_are_stable():
    assert layerlint.__all__ == ["Diagnostic", "Edit", "FileReport", "Fix", "Layer", "Model",
                                 "Shape", "__version__", "check_paths", "check_source"]
    for name in layerlint.__all__:
        assert getattr(layerlint, name) is not None
    with pytest.raises(AttributeError):
        layerlint.no_such_name  # noqa: B018


def test_typed_package():
    assert (ROOT / "layerlint" / "py.typed").is_file()
    hints = typing.get_type_hints(layerlint.check_source)
    assert hints["return"] is layerlint.FileReport
    assert layerlint.check_source.__doc__ and layerlint.check_paths.__doc__


def test_the_wheel_ships_py_typed(tmp_path):
    source = tmp_path / "source"  # a copy: building writes build/ and *.egg-info beside it
    shutil.copytree(ROOT / "layerlint", source / "layerlint",
                    ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, source / name)
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
                    "-q", "-w", str(tmp_path), str(source)], check=True, timeout=300,
                   capture_output=True, cwd=tmp_path)
    (wheel,) = tmp_path.glob("layerlint-*.whl")
    assert "layerlint/py.typed" in zipfile.ZipFile(wheel).namelist()


def test_seed_examples():
    reports = layerlint.check_paths([EXAMPLES / "seed_1_input_shape.py",
                                     str(EXAMPLES / "seed_2_layer_stack.py")])
    first, second = reports
    (d,) = first.diagnostics
    assert (d.code, d.severity, d.line, d.col, d.stage) == ("LL201", "error", 12, 1, "fit")
    assert "(100, 10)" in d.message and "ValueError" in d.message  # the framework's words too
    (fix,) = d.fixes
    assert fix.safe and fix.edits[0].text.endswith(".reshape(100, 1, 10)")
    (model,) = first.models
    assert [(layer.type, layer.input_shape, layer.output_shape, layer.params)
            for layer in model.layers] == [("LSTM", (None, None, 10), (None, 64), 19200),
                                           ("Dense", (None, 64), (None, 1), 65)]
    assert model.input_shape == (None, None, 10) and model.total_params == 19265
    assert [d.code for d in second.errors] == ["LL101"]
    assert second.errors[0].line == 7
    assert second.models[0].layers[2].input_shape is None  # after the error: unknown, not guessed


def test_results_are_frozen():
    report = layerlint.check_source(EXAMPLES.joinpath("seed_1_input_shape.py").read_text())
    assert report.path == "<string>"
    for value in (report, report.diagnostics[0], report.diagnostics[0].fixes[0],
                  report.models[0], report.models[0].layers[0]):
        with pytest.raises(dataclasses.FrozenInstanceError):
            value.line = 0  # type: ignore[misc]
    assert isinstance(report.diagnostics, tuple) and isinstance(report.models[0].layers, tuple)


def test_api_agrees_with_the_json_report(tmp_path, capsys):
    """A thin view: the same findings, shapes and params as `layerlint check --format json`."""
    paths = [str(p) for p in sorted(EXAMPLES.glob("seed_*.py"))]
    main(["check", "--format", "json", *paths])
    files = json.loads(capsys.readouterr().out)["files"]
    for report, entry in zip(layerlint.check_paths(paths), files, strict=True):
        assert report.path == entry["path"]
        assert [(d.code, d.line, d.col, d.message, len(d.fixes)) for d in report.diagnostics] == [
            (d["code"], d["line"], d["col"], d["message"], len(d["fixes"]))
            for d in entry["diagnostics"]]
        for model, listed in zip(report.models, entry["models"], strict=True):
            assert [(layer.input_shape, layer.output_shape, layer.params)
                    for layer in model.layers] == [
                (tuple(x["input_shape"]) if x["input_shape"] is not None else None,
                 tuple(x["output_shape"]) if x["output_shape"] is not None else None,
                 x["params"]) for x in listed["layers"]]


def test_missing_path_and_folders(tmp_path):
    (tmp_path / "pkg").mkdir()
    (tmp_path / "pkg" / "a.py").write_text("x = 1\n")
    (tmp_path / "pkg" / "notes.txt").write_text("not python\n")
    missing, found = layerlint.check_paths([tmp_path / "missing.py", tmp_path / "pkg"])
    assert [d.code for d in missing.diagnostics] == ["LL906"]
    assert found.path.endswith("a.py") and found.diagnostics == ()


def test_suppressions_and_configuration_apply(tmp_path):
    source = EXAMPLES.joinpath("seed_1_input_shape.py").read_text()
    suppressed = source.replace("# This will raise a ValueError", "# noqa: LL201")
    assert layerlint.check_source(suppressed).diagnostics == ()
    (tmp_path / "pyproject.toml").write_text('[tool.layerlint]\nignore = ["LL2"]\n')
    (tmp_path / "train.py").write_text(source)
    assert layerlint.check_paths([tmp_path / "train.py"])[0].diagnostics == ()
    assert [d.code for d in layerlint.check_source(source).diagnostics] == ["LL201"]


def test_notebook_cells():
    document = nbformat.v4.new_notebook()
    document.cells = [nbformat.v4.new_markdown_cell("# Model"),
                      nbformat.v4.new_code_cell("import numpy as np"),
                      nbformat.v4.new_code_cell(EXAMPLES.joinpath("seed_2_layer_stack.py")
                                                .read_text())]
    report = layerlint.check_source(nbformat.writes(document), "model.ipynb")
    (error,) = report.errors
    assert (error.code, error.cell, error.cell_line, error.line) == ("LL101", 3, 7, 8)


def run_in_subprocess(code: str) -> dict:
    env = {**os.environ, "KERAS_BACKEND": "torch"}
    env.pop("TF_USE_LEGACY_KERAS", None)
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=600, env=env)
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout.splitlines()[-1])


@pytest.mark.keras3
def test_functional_model_against_keras():
    report = layerlint.check_source(FUNCTIONAL, "functional.py")
    (error,) = report.errors
    assert (error.code, error.line, error.stage) == ("LL201", 9, "fit")
    (model,) = report.models
    ours = [[layer.type, list(layer.output_shape or ()), layer.params] for layer in model.layers]
    keras_rows = run_in_subprocess(
        FUNCTIONAL.split("model.compile")[0]
        + "import json\n"
        + "rows = [[l.__class__.__name__, list(l.output.shape), l.count_params()] "
        "for l in model.layers]\n"
        + "try:\n    model.compile(optimizer='adam', loss='mse')\n"
        "    model.fit(np.zeros((10, 31)), np.zeros((10, 4)), verbose=0)\n    raised = None\n"
        "except ValueError as e:\n    raised = type(e).__name__\n"
        "print(json.dumps({'rows': rows, 'raised': raised}))\n"
    )
    assert ours == keras_rows["rows"]
    assert keras_rows["raised"] == "ValueError"


@pytest.mark.torch
def test_torch_module_against_torch():
    import torch

    report = layerlint.check_source(TORCH_MODULE, "net.py")
    (error,) = report.errors
    assert (error.code, error.line, error.stage) == ("LL102", 12, "forward")
    (model,) = report.models
    fc1, fc2 = model.layers
    namespace: dict = {}
    with pytest.raises(RuntimeError) as raised:
        exec(compile(TORCH_MODULE, "net.py", "exec"), namespace)  # noqa: S102 - our own source
    assert str(raised.value) in error.message
    net = namespace["net"]
    assert fc1.output_shape == tuple(net.fc1(torch.randn(2, 8)).shape)
    assert (fc1.params, fc2.params) == (sum(p.numel() for p in net.fc1.parameters()),
                                        sum(p.numel() for p in net.fc2.parameters()))
    assert fc2.output_shape is None  # it raises: no output
    assert {f.title for f in error.fixes} == {"change in_features from 5 to 4",
                                              "use nn.LazyLinear(2)"}
