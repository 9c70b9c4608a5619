"""PyTorch models built by loops with constant bounds: unrolled as Python runs them, each
compared with real torch (shapes, parameters, where and how it fails). Loops and conditions
layerlint cannot decide leave the model silent past them, with a note."""

from __future__ import annotations

import pytest
from torch_differential.compare import compare
from torch_differential.runner import run_script

from layerlint.pipeline import check_source

pytestmark = pytest.mark.torch

HEAD = "import os\nimport torch\nimport torch.nn as nn\n\n"


def agree(source: str):
    source = HEAD + source
    result = check_source(source, "m.py", verify_fixes=False)
    run = run_script(source)
    assert compare(result, run, called=True) == []
    return result, run


def errors(result) -> list:
    return [d for d in result.diagnostics if d.severity == "error"]


def notes(result) -> list[str]:
    return [d.code for d in result.diagnostics if d.code.startswith("LL9")]


def layer_types(result) -> list[str]:
    (report,) = [m for m in result.models if m.name == "model"]
    return [row.type for row in report.layers]


FOLLOWED = {
    # The tutorial form: a list, an activation between layers only, then nn.Sequential(*layers).
    "between": ("sizes = [8, 16, 16, 4]\nlayers = []\nfor i in range(len(sizes) - 1):\n"
                "    layers.append(nn.Linear(sizes[i], sizes[i + 1]))\n"
                "    if i < len(sizes) - 2:\n        layers.append(nn.ReLU())\n"
                "model = nn.Sequential(*layers)\n"),
    "zip_extend": ("sizes = [8, 12, 4]\nlayers = []\n"
                   "for a, b in zip(sizes[:-1], sizes[1:]):\n"
                   "    layers += [nn.Linear(a, b), nn.Tanh()]\nmodel = nn.Sequential(*layers)\n"),
    "alias": ("blocks = []\nsame = blocks\nfor _ in range(3):\n    same.append(nn.Linear(8, 8))\n"
              "model = nn.Sequential(*blocks)\n"),
    "nested": ("layers = []\nfor stage in range(2):\n    for _ in range(2):\n"
               "        layers.append(nn.Linear(8, 8))\n    layers.append(nn.LayerNorm(8))\n"
               "model = nn.Sequential(*layers)\n"),
    "append_to_model": ("model = nn.Sequential()\nfor i, width in enumerate([16, 4]):\n"
                        "    model.add_module(f'fc{i}', nn.Linear(8 if i == 0 else 16, width))\n"),
    "init_if_flag": ("class Net(nn.Module):\n    def __init__(self, depth=2, norm=True):\n"
                     "        super().__init__()\n        self.blocks = nn.ModuleList()\n"
                     "        for _ in range(depth):\n"
                     "            self.blocks.append(nn.Linear(8, 8))\n"
                     "            if norm and depth > 1:\n"
                     "                self.blocks.append(nn.BatchNorm1d(8))\n\n"
                     "    def forward(self, x):\n        for i in range(len(self.blocks)):\n"
                     "            x = self.blocks[i](x)\n        return x\n\n\nmodel = Net()\n"),
}


@pytest.mark.parametrize("name", FOLLOWED)
def test_loop_built_models_agree_with_torch(name: str) -> None:
    source = FOLLOWED[name] + "model(torch.randn(3, 8))\n"
    result, run = agree(source)
    assert run.error is None and notes(result) == [] and errors(result) == []
    (report,) = [m for m in result.models if m.name == "model"]
    assert report.root.output_shape == run.output_shape  # type: ignore[union-attr]
    assert report.root.params == run.total_params  # type: ignore[union-attr]
    assert [row.type for row in report.layers if row.output_shape != ()] == [
        c.type for c in run.calls]


@pytest.mark.parametrize("name", ["between", "zip_extend", "nested", "init_if_flag"])
def test_a_wrong_width_after_the_loop_is_found(name: str) -> None:
    source = FOLLOWED[name] + "model(torch.randn(3, 7))\n"
    result, run = agree(source)
    (error,) = [d for d in errors(result) if not d.message.endswith("(this fails for every input)")]
    assert run.error is not None and error.code in ("LL102", "LL101")
    assert error.framework_error.splitlines()[0] == run.error


def test_a_training_loop_replays_the_forward_once() -> None:
    source = ("model = nn.Sequential(nn.Linear(8, 4), nn.Linear(5, 1))\n"
              "for epoch in range(3):\n    for step in range(2):\n"
              "        out = model(torch.randn(2, 8))\n")
    result, run = agree(source)
    (error,) = errors(result)
    assert error.code == "LL102" and run.failed_in == "1"


def test_imported_names_survive_a_loop_not_unrolled() -> None:
    """A loop layerlint reads once (unknown bounds) calls nn.Linear: nn is still torch.nn."""
    source = ("depth = int(os.environ.get('DEPTH', '2'))\nfor _ in range(depth):\n"
              "    probe = nn.Linear(8, 8)\n"
              "model = nn.Sequential(nn.Linear(8, 4), nn.Linear(5, 1))\nmodel(torch.randn(2, 8))\n")
    result, run = agree(source)
    assert [d.code for d in errors(result)] == ["LL102"] and run.failed_in == "1"


@pytest.mark.parametrize("loop", [
    "for _ in range(int(os.environ.get('DEPTH', '2'))):",
    "for _ in range(2):\n    if torch.cuda.is_available():\n        continue",
    "while len(layers) < 2:",
    "for _ in range(2):\n    if torch.cuda.is_available() or True:",
])
def test_loops_it_cannot_decide_leave_a_note(loop: str) -> None:
    body = "\n".join(("    " * (loop.count("\n") + 1)) + line for line in (
        "layers.append(nn.Linear(8, 8))",))
    if "continue" in loop:
        body = "    layers.append(nn.Linear(8, 8))"
    source = (f"layers = []\n{loop}\n{body}\n"
              "model = nn.Sequential(*layers, nn.Linear(7, 1))\nmodel(torch.randn(2, 8))\n")
    result, run = agree(source)
    assert run.error is not None  # Linear(7, 1) gets 8 features: torch fails ...
    assert errors(result) == []  # ... where layerlint could not follow: silent, with a note
    assert notes(result) == ["LL903"]
    assert layer_types(result) == ["?"]


def test_modules_named_by_f_strings_and_setattr() -> None:
    source = ("class Net(nn.Module):\n    def __init__(self):\n        super().__init__()\n"
              "        for i, width in enumerate([8, 6, 4]):\n"
              "            setattr(self, f'fc{i}', nn.Linear(width, width - 2))\n\n"
              "    def forward(self, x):\n        return self.fc2(self.fc1(self.fc0(x)))\n\n\n"
              "model = Net()\nmodel(torch.randn(2, 8))\n")
    result, run = agree(source)
    assert run.error is None and notes(result) == []
    (report,) = result.models
    assert [row.name for row in report.layers] == ["fc0", "fc1", "fc2"]
    assert report.root.output_shape == (2, 2)  # type: ignore[union-attr]
