"""PyTorch LL902: a value layerlint could not evaluate, on which a shape depends.

Where an unknown value makes a known shape unknown (a module argument, the size of the input,
a ``view`` size), one info note points at the value, once; layerlint is then silent past it,
which real torch (run with the environment's defaults) must not contradict. Values that are
modelled (``x.size(0)``) or that no shape depends on get no note.
"""

from __future__ import annotations

import json

import pytest
from torch_differential.compare import compare
from torch_differential.runner import run_script

from layerlint.pipeline import check_source
from layerlint.report import json_report

pytestmark = pytest.mark.torch

HEAD = "import os\nimport torch\nimport torch.nn as nn\n\n"
WIDTH = "n = int(os.environ.get('WIDTH', '8'))\n"


def check(source: str):
    return check_source(HEAD + source, "m.py", verify_fixes=False)


def unevaluated(source: str) -> list[tuple[int, str, str]]:
    """(line in ``source``, the text the note points at, message) of each LL902 note."""
    lines = (HEAD + source).splitlines()
    offset = HEAD.count("\n")
    out = []
    for d in check(source).diagnostics:
        if d.code == "LL902":
            assert d.severity == "info" and d.span.line == d.span.end_line
            text = lines[d.span.line - 1][d.span.col - 1:d.span.end_col - 1]
            out.append((d.span.line - offset, text, d.message))
    return out


def errors(source: str) -> list:
    return [d for d in check(source).diagnostics if d.severity == "error"]


def agrees_with_torch(source: str, called: bool = True) -> None:
    result = check(source)
    run = run_script(HEAD + source if called else HEAD + source + "model(torch.randn(2, 4))\n")
    assert compare(result, run, called=called) == []


# --- where the note appears -------------------------------------------------------------------


def test_a_module_argument() -> None:
    source = WIDTH + ("model = nn.Sequential(nn.Linear(n, 16), nn.ReLU(), nn.Linear(9, 1))\n"
                      "model(torch.randn(2, 8))\n")
    assert unevaluated(source) == [(2, "n", ("`n` (in_features of Linear) could not be "
                                             "evaluated; shapes after it are unknown"))]
    assert errors(source) == []  # Linear(9, 1) fails in torch: silence, not a claim
    assert run_script(HEAD + source).failed_in == "2"
    agrees_with_torch(source)


def test_a_keyword_argument_inside_a_class() -> None:
    source = ("class Net(nn.Module):\n    def __init__(self, hidden):\n"
              "        super().__init__()\n"
              "        self.conv = nn.Conv2d(3, out_channels=hidden, kernel_size=3)\n"
              "        self.pool = nn.AdaptiveAvgPool2d(1)\n\n    def forward(self, x):\n"
              "        return self.pool(self.conv(x))\n\n\n"
              "model = Net(int(os.environ.get('HIDDEN', '16')))\n"
              "model(torch.randn(2, 3, 32, 32))\n")
    found = unevaluated(source)
    assert [(line, text) for line, text, _ in found] == [(4, "hidden")]
    assert "(out_channels of Conv2d)" in found[0][2]
    agrees_with_torch(source)


def test_once_per_value() -> None:
    source = WIDTH + ("model = nn.Sequential(nn.Linear(4, n), nn.Linear(n, 2))\n"
                      "model(torch.randn(2, 4))\nmodel(torch.randn(5, 4))\n")
    assert [(line, text) for line, text, _ in unevaluated(source)] == [(2, "n")]
    agrees_with_torch(source)


def test_a_view_size() -> None:
    source = WIDTH + ("class Net(nn.Module):\n    def __init__(self):\n"
                      "        super().__init__()\n        self.fc = nn.Linear(7, 1)\n\n"
                      "    def forward(self, x):\n        x = x.view(-1, n)\n"
                      "        return self.fc(x)\n\n\nmodel = Net()\nmodel(torch.randn(2, 4, 2))\n")
    assert unevaluated(source) == [(8, "n", ("`n` could not be evaluated; the shape of "
                                             "`x.view(-1, n)` and shapes after it are unknown"))]
    assert errors(source) == []
    assert run_script(HEAD + source).failed_in == "fc"  # (2, 8) into Linear(7, 1)
    # The same view with a size layerlint knows: the failure is found, as torch raises it.
    known = source.replace("x.view(-1, n)", "x.view(-1, 8)")
    (error,) = errors(known)
    assert error.code == "LL102" and unevaluated(known) == []
    agrees_with_torch(known)


def test_the_size_of_the_input() -> None:
    source = WIDTH + ("model = nn.Sequential(nn.Linear(8, 4), nn.ReLU(), nn.Linear(4, 1))\n"
                      "x = torch.randn(32, n).float()\nmodel(x)\n")
    assert unevaluated(source) == [(3, "n", ("`n` could not be evaluated: the size of the "
                                             "tensor the model is called on is unknown, so the "
                                             "forward pass on it is not checked"))]
    assert run_script(HEAD + source).error is None
    for call in ("torch.randn((32, n))", "torch.zeros(size=(32, n))",
                 "torch.randint(0, 5, (32, n)).float()"):
        assert [text for _, text, _ in unevaluated(source.replace(
            "torch.randn(32, n).float()", call))] == ["n"], call


def test_a_model_never_called() -> None:
    """The no-input check of the model itself is silenced only if a module comes after."""
    silenced = WIDTH + "model = nn.Sequential(nn.Linear(4, n), nn.Linear(8, 1))\n"
    assert [text for _, text, _ in unevaluated(silenced)] == ["n"]
    agrees_with_torch(silenced, called=False)
    last = WIDTH + "model = nn.Sequential(nn.Linear(4, 8), nn.Linear(8, n))\n"
    assert unevaluated(last) == []


# --- where it does not ------------------------------------------------------------------------


@pytest.mark.parametrize("source", [
    # Sizes read off the tensor are modelled.
    ("class Net(nn.Module):\n    def __init__(self):\n        super().__init__()\n"
     "        self.fc = nn.Linear(12, 2)\n\n    def forward(self, x):\n"
     "        return self.fc(x.view(x.size(0), -1))\n\n\nmodel = Net()\n"
     "model(torch.randn(2, 3, 4))\n"),
    # No shape depends on the device or the dropout rate.
    ("device = torch.device('cuda' if torch.cuda.is_available() else 'cpu')\n"
     "p = float(os.environ.get('P', '0.1'))\n"
     "model = nn.Sequential(nn.Linear(4, 8, device=device), nn.Dropout(p), nn.Linear(8, 1))\n"
     "model(torch.randn(2, 4, device=device))\n"),
    # Past a module layerlint does not model, the unknown width silences nothing more.
    (WIDTH + "model = nn.Sequential(nn.Linear(4, 8), nn.TransformerEncoderLayer(8, 2), "
     "nn.Linear(n, 1))\nmodel(torch.randn(2, 3, 4))\n"),
    # Literal values, and constants computed from them.
    ("hidden = 4 * 2\nmodel = nn.Sequential(nn.Linear(4, hidden), nn.Linear(hidden, 1))\n"
     "model(torch.randn(2, 4))\n"),
])
def test_no_note_where_nothing_is_silenced(source: str) -> None:
    assert unevaluated(source) == []
    run = run_script(HEAD + source)
    assert run.error is None
    agrees_with_torch(source)


def test_the_note_in_json() -> None:
    source = WIDTH + "model = nn.Sequential(nn.Linear(n, 16))\nmodel(torch.randn(2, 8))\n"
    data = json.loads(json_report.render_json([check(source)]))
    (note,) = [d for d in data["files"][0]["diagnostics"] if d["code"] == "LL902"]
    assert note["severity"] == "info" and note["model"] == "model" and note["stage"] is None
    assert (note["line"], note["col"], note["end_col"]) == (6, 33, 34)
    (model,) = data["files"][0]["models"]
    assert model["layers"][0]["output_shape"] is None and model["total_params"] is None
