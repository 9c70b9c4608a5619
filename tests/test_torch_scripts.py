"""``layerlint summary`` on PyTorch scripts prints what torchinfo prints for the same model.

Each correct script of tests/torch_differential/scripts is run for real and summarised by real
torchinfo 1.8.0 with the input the script passes to its model; layerlint's table (computed from
the source alone) must be the same text, totals and size estimates included. Scripts calling
``torchinfo.summary`` / torchsummary ``summary`` themselves give layerlint the input that way.
"""

from __future__ import annotations

import runpy
from pathlib import Path

import pytest
import torch

torchinfo = pytest.importorskip("torchinfo")

from layerlint.pipeline import check_source  # noqa: E402 - after the importorskip
from layerlint.report.torchinfo import render_torchinfo_summary  # noqa: E402

pytestmark = pytest.mark.torch

SCRIPTS = Path(__file__).parent / "torch_differential" / "scripts"
CLEAN = sorted(p for p in SCRIPTS.glob("*.py") if "# expect: clean" in p.read_text())


def _torchinfo_table(model: torch.nn.Module, shape: tuple, dtype: str | None) -> str:
    dtypes = [getattr(torch, dtype)] if dtype and dtype != "float32" else None
    stats = torchinfo.summary(model, input_size=shape, dtypes=dtypes, verbose=0)
    return str(stats) + "\n"


@pytest.mark.parametrize("path", CLEAN, ids=lambda p: p.stem)
def test_summary_matches_torchinfo(path: Path) -> None:
    result = check_source(path.read_text(), path.name)
    report = next(m for m in result.models if m.name == "model")
    assert report.input_shape is not None
    torch.manual_seed(0)
    model = runpy.run_path(str(path))["model"]
    expected = _torchinfo_table(model, tuple(report.input_shape), report.input_dtype)
    assert render_torchinfo_summary(report) == expected


def test_summary_call_gives_the_input() -> None:
    source = (
        "import torch.nn as nn\nfrom torchinfo import summary\n"
        "model = nn.Sequential(nn.Conv2d(1, 8, 3), nn.ReLU(), nn.Flatten(),"
        " nn.Linear(8 * 26 * 26, 10))\n"
        "summary(model, input_size=(2, 1, 28, 28))\n"
    )
    report = next(m for m in check_source(source).models if m.name == "model")
    assert report.input_shape == (2, 1, 28, 28)
    namespace: dict = {}
    script = source.rsplit("summary(", 1)[0].replace("from torchinfo import summary\n", "")
    exec(script, namespace)  # noqa: S102 - our own literal source
    expected = _torchinfo_table(namespace["model"], (2, 1, 28, 28), "float32")
    assert render_torchinfo_summary(report) == expected


def test_torchsummary_input_excludes_the_batch() -> None:
    """torchsummary's ``summary(model, (1, 28, 28))`` runs the model on a batch of 2."""
    source = (
        "import torch.nn as nn\nfrom torchsummary import summary\n"
        "model = nn.Sequential(nn.Flatten(), nn.Linear(784, 10))\n"
        "summary(model, (1, 28, 28))\n"
    )
    report = next(m for m in check_source(source).models if m.name == "model")
    assert report.input_shape == (2, 1, 28, 28)
    assert report.root is not None and report.root.output_shape == (2, 10)
