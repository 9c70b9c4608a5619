"""PyTorch: LL901/LL903 notes where layerlint stops following a model, the torch examples of
every rule, and the no-input check of Embedding-first models, each against real torch."""

from __future__ import annotations

import json
import warnings

import pytest
import torch
from torch_differential.runner import run_script

from layerlint import rules
from layerlint.pipeline import check_source
from layerlint.report import json_report

pytestmark = pytest.mark.torch

HEAD = "import torch\nimport torch.nn as nn\nimport torch.nn.functional as F\n\n"
EVERY_INPUT = "(this fails for every input)"


def diagnostics(source: str):
    return check_source(HEAD + source, "m.py").diagnostics


def notes(source: str) -> list[tuple[str, int, str]]:
    """(code, line in ``source``, message) of the LL901/LL903 notes."""
    offset = HEAD.count("\n")
    return [(d.code, d.span.line - offset, d.message) for d in diagnostics(source)
            if d.code in ("LL901", "LL903")]


def torch_error(source: str) -> str | None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            exec(compile(source, "<test>", "exec"), {"__name__": "__main__"})  # noqa: S102
        except Exception as error:  # noqa: BLE001 - the oracle
            return f"{type(error).__name__}: {str(error).splitlines()[0]}"
    return None


# --- the torch examples of every rule ------------------------------------------------------

TORCH_PAIRS = [(r, e) for r in rules.all_rules() for e in rules.examples(r) if e.framework == "torch"]


def test_notes_have_torch_examples() -> None:
    assert {"LL901", "LL903"} <= {r.code for r, _ in TORCH_PAIRS}
    assert "torch" in rules.frameworks(rules.get("LL901"))


@pytest.mark.parametrize("rule, example", TORCH_PAIRS, ids=[r.code for r, _ in TORCH_PAIRS])
def test_torch_examples(rule, example) -> None:
    bad = check_source(example.bad, "bad.py").diagnostics
    good = check_source(example.good, "good.py").diagnostics
    assert rule.code in [d.code for d in bad]
    assert rule.code not in [d.code for d in good]
    assert not [d for d in good if d.severity == "error"]
    if rule.severity == "error":
        assert torch_error(example.bad) is not None
    else:  # a note: layerlint is silent past it, and the program runs
        assert torch_error(example.bad) is None
        assert not [d for d in bad if d.severity == "error"]
    assert torch_error(example.good) is None


# --- where notes appear ----------------------------------------------------------------------


def test_unknown_torch_class_in_sequential() -> None:
    found = notes("model = nn.Sequential(\n    nn.Linear(4, 8),\n    nn.MultiheadAttention(8, 2),"
                  "\n    nn.Linear(3, 1),\n)\nmodel(torch.randn(2, 4))\n")
    assert found == [("LL901", 3, ("nn.MultiheadAttention is not modelled by layerlint; shapes "
                                  "after it are unknown"))]


def test_module_from_elsewhere_and_from_a_function() -> None:
    # make() returns under a condition layerlint cannot decide (WIDE is not known).
    found = notes("from mylib import Block\n\n"
                  "def make(wide):\n    if wide:\n        return nn.Linear(8, 8)\n"
                  "    return nn.Identity()\n\n"
                  "model = nn.Sequential(nn.Linear(4, 8), Block(8), make(WIDE), nn.Linear(99, 1))\n"
                  "model(torch.randn(2, 4))\n")
    assert [(c, line) for c, line, _ in found] == [("LL901", 8), ("LL901", 8)]
    assert sorted(m.split(" is ")[0] for _, _, m in found) == ["`Block(8)`", "`make(WIDE)`"]
    assert not [d for d in diagnostics("from mylib import Block\n" + (
        "model = nn.Sequential(nn.Linear(4, 8), Block(8), nn.Linear(99, 1))\n"
        "model(torch.randn(2, 4))\n")) if d.severity == "error"]


def test_a_custom_class_not_followed_names_itself() -> None:
    source = ("class Gate(nn.Module):\n    def __init__(self, n):\n        super().__init__()\n"
              "        self.fc = nn.Linear(n, n)\n\n    def forward(self, x):\n"
              "        if x.sum() > 0:\n            return self.fc(x)\n        return x\n\n\n"
              "model = nn.Sequential(nn.Linear(4, 8), Gate(8), nn.Linear(3, 1))\n"
              "model(torch.randn(2, 4))\n")
    assert notes(source) == [("LL903", 7, ("the forward of Gate is not followed by layerlint (an "
                                          "if statement); its output is unknown"))]
    assert not [d for d in diagnostics(source) if d.severity == "error"]
    assert torch_error(HEAD + source) is not None  # Linear(3, 1) fails: silence, not a claim


def test_container_changed_in_a_loop() -> None:
    source = ("class Tower(nn.Module):\n    def __init__(self, depth):\n"
              "        super().__init__()\n        self.blocks = nn.ModuleList()\n"
              "        for _ in range(depth):\n            self.blocks.append(nn.Linear(8, 8))\n"
              "        self.head = nn.Linear(8, 1)\n\n    def forward(self, x):\n"
              "        for block in self.blocks:\n            x = block(x)\n"
              "        return self.head(x)\n\n\nmodel = Tower(3)\nmodel(torch.randn(2, 8))\n")
    assert notes(source) == []  # a constant depth: the loop is unrolled
    assert notes(source.replace("Tower(3)", "Tower(int(input()))")) == [
        ("LL903", 10, ("the forward of Tower is not followed by layerlint (a for loop other than "
                       "`for layer in self.<ModuleList>` or over a constant range); its output "
                       "is unknown"))]


def test_ops_layerlint_does_not_model() -> None:
    source = ("class Net(nn.Module):\n    def __init__(self):\n        super().__init__()\n"
              "        self.lstm = nn.LSTM(8, 16, batch_first=True)\n"
              "        self.fc = nn.Linear(16, 1)\n\n    def forward(self, x):\n"
              "        x = torch.cumsum(x, 1)\n        out, _ = self.lstm(x, None)\n"
              "        return self.fc(out)\n\n\nmodel = Net()\nmodel(torch.randn(2, 5, 8))\n")
    assert notes(source) == [
        ("LL901", 8, "torch.cumsum is not modelled by layerlint; shapes after it are unknown")]
    assert notes(source.replace("torch.cumsum(x, 1)", "torch.relu(x)")) == [
        ("LL903", 9, ("`self.lstm(x, None)` is not followed by layerlint; shapes after it are "
                     "unknown"))]


def test_no_note_for_what_is_modelled() -> None:
    source = ("class Net(nn.Module):\n    def __init__(self):\n        super().__init__()\n"
              "        self.blocks = nn.ModuleList([nn.Linear(8, 8) for _ in range(2)])\n"
              "        self.heads = nn.ModuleDict({'a': nn.Linear(8, 2), 'b': nn.Linear(8, 3)})\n"
              "        self.unused = nn.MultiheadAttention(8, 2)\n\n"
              "    def forward(self, x):\n        for block in self.blocks:\n"
              "            x = F.relu(block(x))\n        x = x.view(x.size(0), -1)\n"
              "        return self.heads['b'](x)\n\n\n"
              "model = Net()\nmodel(torch.randn(2, 8))\n")
    assert notes(source) == []
    assert torch_error(HEAD + source) is None
    # Values layerlint cannot evaluate are not modules it does not model: no LL901/LL903.
    assert notes("import os\nwidth = int(os.environ.get('W', '8'))\n"
                 "model = nn.Sequential(nn.Linear(4, width), nn.ReLU())\n"
                 "model(torch.randn(2, 4))\n") == []


def test_notes_in_json_and_text() -> None:
    source = HEAD + ("model = nn.Sequential(nn.Linear(4, 8), nn.TransformerEncoderLayer(8, 2))\n"
                     "model(torch.randn(3, 2, 4))\n")
    result = check_source(source, "m.py")
    data = json.loads(json_report.render_json([result]))
    (note,) = [d for d in data["files"][0]["diagnostics"] if d["code"] == "LL901"]
    assert note["severity"] == "info" and note["model"] == "model"
    assert (note["line"], note["col"]) == (5, 40)
    (model,) = data["files"][0]["models"]
    assert [(row["type"], row["output_shape"]) for row in model["layers"]] == [
        ("Linear", [3, 2, 8]), ("TransformerEncoderLayer", None)]
    assert torch_error(source) is None


def test_text_output_shows_the_note_with_show_info(tmp_path, capsys) -> None:
    from layerlint.cli import main

    path = tmp_path / "m.py"
    path.write_text(HEAD + "model = nn.Sequential(nn.Linear(4, 8), nn.Transformer())\n")
    assert main(["check", "--show-info", str(path)]) == 0
    out = capsys.readouterr().out
    assert "LL901 nn.Transformer is not modelled by layerlint" in out


# --- Embedding-first models never called -----------------------------------------------------

EMBEDDING_FIRST = [
    # (modules, the module that fails for every input or None, code)
    ("nn.Embedding(100, 16), nn.LSTM(16, 32), nn.Linear(64, 1)", "2", "LL107"),
    ("nn.Embedding(100, 16), nn.GRU(16, 8, batch_first=True), nn.ReLU()", "2", "LL107"),
    ("nn.Embedding(50, 8), nn.LSTM(8, 16, batch_first=True), nn.Flatten()", "2", "LL107"),
    ("nn.Embedding(500, 32), nn.ReLU(), nn.Linear(64, 2)", "2", "LL102"),
    ("nn.Embedding(100, 16), nn.Dropout(0.1), nn.LayerNorm(8)", "2", "LL102"),
    ("nn.Embedding(100, 16), nn.Linear(16, 8), nn.LSTM(16, 4)", "2", "LL102"),
    ("nn.Embedding(100, 16), nn.Flatten(), nn.Linear(160, 1)", None, None),  # length 10 works
    ("nn.Embedding(100, 16), nn.Conv1d(16, 8, 3)", None, None),  # (16, 16) unbatched works
    ("nn.Embedding(100, 16), nn.LSTM(16, 32)", None, None),
]


@pytest.mark.parametrize("modules, where, code", EMBEDDING_FIRST)
def test_embedding_first_contradictions_match_torch(modules: str, where: str | None,
                                                    code: str | None) -> None:
    source = HEAD + f"model = nn.Sequential({modules})\n"
    found = [d for d in check_source(source, "m.py").diagnostics if d.severity == "error"]
    shapes = [(7,), (4, 10), (4, 10, 3), (2, 16), (16,)]
    runs = [run_script(source + f"model(torch.randint(0, 8, {s}))\n") for s in shapes]
    if where is None:
        assert found == []
        assert any(run.error is None for run in runs)  # some integer input works
        return
    (d,) = found
    assert d.code == code and d.message.endswith(EVERY_INPUT) and d.stage == "forward"
    assert all(run.error is not None for run in runs)  # every input fails ...
    batched = runs[1]  # ... and a batch of sequences fails where layerlint says, as it says
    assert batched.failed_in == where
    if d.framework_error:
        assert d.framework_error.splitlines()[0] == batched.error


def test_embedding_after_a_float_module_is_not_probed_as_indices() -> None:
    """A float tensor reaching Embedding fails in torch on its dtype, which layerlint does not
    model: it must not claim a failure further on."""
    source = HEAD + "model = nn.Sequential(nn.Linear(4, 8), nn.Embedding(10, 4), nn.Linear(9, 1))\n"
    assert not [d for d in check_source(source, "m.py").diagnostics if d.severity == "error"]
    run = run_script(source + "model(torch.randn(2, 4))\n")
    assert run.failed_in == "1" and "Expected tensor for argument #1 'indices'" in (run.error or "")


def test_long_indices_reach_the_embedding() -> None:
    source = HEAD + ("model = nn.Sequential(nn.Embedding(100, 16), nn.Flatten(), "
                     "nn.Linear(150, 1))\nmodel(torch.randint(0, 100, (4, 10)))\n")
    (d,) = [d for d in check_source(source, "m.py").diagnostics if d.severity == "error"]
    run = run_script(source)
    assert d.code == "LL102" and run.failed_in == "2"
    assert d.framework_error.splitlines()[0] == run.error
    assert torch.Size([4, 160]) == torch.Size([4, 10 * 16])
