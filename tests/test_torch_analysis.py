"""Findings, fixes and reports for PyTorch models, each pinned against real torch 2.13."""

from __future__ import annotations

import warnings

import pytest
import torch
from torch import nn

from layerlint.diagnostics import Diagnostic
from layerlint.edits import apply_edits
from layerlint.pipeline import check_source
from layerlint.replay.torch.outputs import TUPLE_ERRORS
from layerlint.rules.torch import TORCH_EXAMPLES

pytestmark = pytest.mark.torch

HEAD = "import torch\nimport torch.nn as nn\nimport torch.nn.functional as F\n"


def errors(source: str) -> list[Diagnostic]:
    return [d for d in check_source(HEAD + source, "m.py").diagnostics if d.severity == "error"]


def torch_error(source: str) -> str | None:
    """Run our own literal test source for real; the first line of what it raises."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            exec(compile(HEAD + source, "<test>", "exec"), {"__name__": "__main__"})  # noqa: S102
        except Exception as error:  # noqa: BLE001 - the oracle
            return f"{type(error).__name__}: {str(error).splitlines()[0]}"
    return None


def single(source: str) -> Diagnostic:
    found = errors(source)
    assert len(found) == 1, [d.message for d in found]
    return found[0]


# --- the errors, as a new user writes them ----------------------------------------------


def test_linear_after_flatten_names_the_features_and_the_fix() -> None:
    source = ("model = nn.Sequential(nn.Conv2d(1, 32, 3), nn.ReLU(), nn.MaxPool2d(2), "
              "nn.Flatten(), nn.Linear(4096, 10))\nout = model(torch.randn(8, 1, 28, 28))\n")
    d = single(source)
    assert d.code == "LL102" and d.stage == "forward"
    assert ("Linear(4096, 10) receives 5408 features (32 x 13 x 13); use Linear(5408, 10) or "
            "nn.LazyLinear(10)") in d.message
    assert d.framework_error == torch_error(source)
    assert [f.safe for f in d.fixes] == [False, False]  # both change the parameter count
    for fix in d.fixes:
        fixed = apply_edits(HEAD + source, fix.edits)
        assert torch_error(fixed[len(HEAD):]) is None
        assert not errors(fixed[len(HEAD):])


def test_conv_channels_from_the_data() -> None:
    source = ("model = nn.Sequential(nn.Conv2d(3, 16, 3), nn.ReLU())\n"
              "model(torch.randn(4, 1, 32, 32))\n")
    d = single(source)
    assert "Conv2d expects 3 input channels; the data has 1" in d.message
    assert d.framework_error == torch_error(source)
    assert d.span.line == 4  # the module to change


def test_batchnorm_after_linear_says_which_module() -> None:
    source = ("model = nn.Sequential(nn.Linear(10, 20), nn.BatchNorm1d(30))\n"
              "model(torch.randn(4, 10))\n")
    d = single(source)
    assert "BatchNorm1d(30) follows nn.Linear(10, 20): use BatchNorm1d(20)" in d.message
    assert d.framework_error == torch_error(source) == (
        "RuntimeError: running_mean should contain 20 elements not 30")
    fixed = apply_edits(HEAD + source, d.fixes[0].edits)[len(HEAD):]
    assert "BatchNorm1d(20)" in fixed and torch_error(fixed) is None


def test_lstm_tuple_in_sequential() -> None:
    source = ("model = nn.Sequential(nn.LSTM(8, 32, batch_first=True), nn.Linear(32, 1))\n"
              "model(torch.randn(16, 20, 8))\n")
    d = single(source)
    assert d.code == "LL107"
    assert "nn.LSTM returns (output, (h, c)); nn.Sequential passes the tuple to Linear" in d.message
    assert d.framework_error == torch_error(source)


def test_conv1d_on_time_major_data_suggests_permute_and_the_fix_is_safe() -> None:
    source = ("model = nn.Sequential(nn.Conv1d(6, 16, 5), nn.ReLU())\n"
              "signals = torch.randn(32, 100, 6)\nout = model(signals)\n")
    d = single(source)
    assert "permute it" in d.message and d.framework_error == torch_error(source)
    safe = [f for f in d.fixes if f.safe]
    assert len(safe) == 1
    fixed = apply_edits(HEAD + source, safe[0].edits)[len(HEAD):]
    assert "signals.permute(0, 2, 1)" in fixed
    assert torch_error(fixed) is None and not errors(fixed)


def test_view_with_a_hardcoded_batch() -> None:
    source = """
class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(3, 8, 3)
        self.fc = nn.Linear(8 * 30 * 30, 10)

    def forward(self, x):
        x = self.conv(x)
        x = x.view(16, 7200)
        return self.fc(x)

model = Net()
model(torch.randn(4, 3, 32, 32))
"""
    d = single(source)
    assert d.code == "LL104" and d.framework_error == torch_error(source)
    assert "each of the 4 samples has 7200 elements (8 x 30 x 30)" in d.message


# --- contradictions without any input ---------------------------------------------------------


@pytest.mark.parametrize("modules, where, code", [
    ("nn.Linear(784, 120), nn.ReLU(), nn.Linear(80, 10)", "nn.Linear(80, 10)", "LL102"),
    ("nn.Conv2d(3, 16, 3), nn.BatchNorm2d(32)", "nn.BatchNorm2d(32)", "LL102"),
    ("nn.LSTM(4, 8), nn.ReLU()", "nn.ReLU()", "LL107"),
    ("nn.Flatten(), nn.BatchNorm2d(3)", "nn.BatchNorm2d(3)", "LL101"),
])
def test_contradictions_need_no_input(modules: str, where: str, code: str) -> None:
    source = f"model = nn.Sequential({modules})\n"
    d = single(source)
    assert d.code == code and d.stage == "forward" and "fails for every input" in d.message
    line = (HEAD + source).splitlines()[d.span.line - 1]
    assert line[d.span.col - 1: d.span.end_col - 1] == where
    for shape in [(2, 784), (3, 3, 16, 16), (5, 7, 4), (2, 3, 4, 5)]:  # some inputs: all fail
        assert torch_error(source + f"model(torch.zeros{shape})\n") is not None


@pytest.mark.parametrize("modules", [
    "nn.Linear(10, 20), nn.BatchNorm1d(30)",  # valid for a (batch, 30, 10) input
    "nn.Conv2d(3, 16, 3), nn.Flatten(), nn.Linear(400, 10)",  # the image size decides
    "nn.Linear(4, 8), nn.Unflatten(1, (2, 4))",
])
def test_no_contradiction_when_some_input_fits(modules: str) -> None:
    assert errors(f"model = nn.Sequential({modules})\n") == []


def test_batchnorm_after_linear_is_valid_for_3d_input() -> None:
    source = "model = nn.Sequential(nn.Linear(10, 20), nn.BatchNorm1d(30))\n"
    assert torch_error(source + "model(torch.zeros(4, 30, 10))\n") is None


# --- unknown is never an error ------------------------------------------------------------------


@pytest.mark.parametrize("source", [
    ("import mylib\nmodel = nn.Sequential(mylib.Block(), nn.Linear(5, 2))\n"
     "model(torch.randn(3, 4))\n"),
    ("n = int(input())\nmodel = nn.Sequential(nn.Linear(4, n), nn.Linear(7, 2))\n"
     "model(torch.randn(3, 4))\n"),
    "x = torch.load('x.pt')\nmodel = nn.Sequential(nn.Linear(4, 2))\nmodel(x)\n",
    ("import mylib\nmodel = nn.Sequential(nn.Linear(4, 8))\nfor w in mylib.WIDTHS:\n"
     "    model.append(nn.Linear(w, 2))\nmodel(torch.randn(3, 4))\n"),
])
def test_unknown_silences_downstream(source: str) -> None:
    assert errors(source) == []


def test_unknown_user_module_in_a_forward() -> None:
    source = """
from mylib import Attention
class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.attn = Attention(64)
        self.fc = nn.Linear(17, 2)
    def forward(self, x):
        return self.fc(self.attn(x))
model = Net()
model(torch.randn(2, 10, 64))
"""
    assert errors(source) == []


# --- correct models give no error (as nn.Sequential and as nn.Module) -------------------------

CORRECT = [
    ("model = nn.Sequential(nn.Linear(784, 128), nn.ReLU(), nn.Dropout(0.2), nn.Linear(128, 10))"
     "\nmodel(torch.randn(64, 784))\n"),
    ("model = nn.Sequential(nn.Conv2d(1, 32, 3, 1), nn.ReLU(), nn.Conv2d(32, 64, 3, 1), nn.ReLU(),"
     " nn.MaxPool2d(2), nn.Dropout(0.25), nn.Flatten(), nn.Linear(9216, 128), nn.ReLU(),"
     " nn.Linear(128, 10), nn.LogSoftmax(dim=1))\nmodel(torch.randn(2, 1, 28, 28))\n"),
    ("model = nn.Sequential(nn.Embedding(100, 8), nn.Flatten(), nn.Linear(80, 1), nn.Sigmoid())"
     "\nmodel(torch.randint(0, 100, (4, 10)))\n"),
    ("model = nn.Sequential(nn.Conv1d(4, 8, 3, padding=1), nn.BatchNorm1d(8), nn.ReLU(),"
     " nn.AdaptiveMaxPool1d(1), nn.Flatten(), nn.Linear(8, 2))\nmodel(torch.randn(5, 4, 50))\n"),
    """
class MLP(nn.Module):
    def __init__(self, d_in=20, hidden=64, d_out=3):
        super().__init__()
        self.fc1 = nn.Linear(d_in, hidden)
        self.bn = nn.BatchNorm1d(hidden)
        self.fc2 = nn.Linear(hidden, d_out)
    def forward(self, x):
        h = F.relu(self.bn(self.fc1(x)))
        h = F.dropout(h, p=0.5, training=self.training)
        return F.softmax(self.fc2(h), dim=-1)
model = MLP()
model(torch.randn(8, 20))
""",
    """
class TextRNN(nn.Module):
    def __init__(self):
        super().__init__()
        self.emb = nn.Embedding(5000, 32)
        self.rnn = nn.GRU(32, 64, batch_first=True, bidirectional=True)
        self.out = nn.Linear(128, 2)
    def forward(self, ids):
        x = self.emb(ids)
        x, _ = self.rnn(x)
        x = x.mean(dim=1)
        return self.out(x)
model = TextRNN()
model(torch.randint(0, 5000, (16, 40)))
""",
    """
class Seq2One(nn.Module):
    def __init__(self):
        super().__init__()
        self.lstm = nn.LSTM(input_size=3, hidden_size=16, num_layers=2)
        self.fc = nn.Linear(16, 1)
    def forward(self, x):
        out, (h, c) = self.lstm(x)
        return self.fc(h[-1])
model = Seq2One()
model(torch.randn(25, 8, 3))
""",
    """
class CNN(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(3, 32, 3, padding=1)
        self.conv2 = nn.Conv2d(32, 64, 3, padding=1)
        self.pool = nn.MaxPool2d(2)
        self.fc = nn.Linear(64 * 8 * 8, 10)
    def forward(self, x):
        x = self.pool(F.relu(self.conv1(x)))
        x = self.pool(F.relu(self.conv2(x)))
        x = x.reshape(x.shape[0], -1)
        return self.fc(x)
model = CNN()
model(torch.rand(4, 3, 32, 32))
""",
    """
class Unet1(nn.Module):
    def __init__(self):
        super().__init__()
        self.down = nn.Conv2d(1, 8, 3, padding=1)
        self.up = nn.ConvTranspose2d(8, 8, 2, stride=2)
        self.pool = nn.MaxPool2d(2)
        self.out = nn.Conv2d(16, 1, 1)
    def forward(self, x):
        d = F.relu(self.down(x))
        u = self.up(self.pool(d))
        x = torch.cat([d, u], dim=1)
        return torch.sigmoid(self.out(x))
model = Unet1()
model(torch.zeros(2, 1, 16, 16))
""",
]


@pytest.mark.parametrize("source", CORRECT)
def test_correct_models_have_no_error(source: str) -> None:
    assert torch_error(source) is None
    assert errors(source) == []
    result = check_source(HEAD + source)
    model = next(m for m in result.models if m.name == "model")
    assert model.root is not None and model.root.output_shape is not None
    namespace: dict = {}
    exec(compile(HEAD + source, "<test>", "exec"), namespace)  # noqa: S102
    real = namespace["model"]
    assert model.root.params == sum(p.numel() for p in real.parameters())


# --- torch facts the replay relies on -----------------------------------------------------------


@pytest.mark.parametrize("kind", sorted(TUPLE_ERRORS))
def test_tuple_messages_are_torchs(kind: str) -> None:
    """What each module raises when an RNN's tuple reaches it inside nn.Sequential."""
    args = {"Linear": "(8, 2)", "LayerNorm": "(8,)", "BatchNorm1d": "(8)", "BatchNorm2d": "(8)",
            "LSTM": "(8, 2)", "GRU": "(8, 2)", "RNN": "(8, 2)", "Embedding": "(10, 2)",
            "Unflatten": "(1, (2, 4))", "GroupNorm": "(2, 8)", "InstanceNorm1d": "(8)",
            "LazyLinear": "(2)", "AdaptiveAvgPool1d": "(1)", "AdaptiveAvgPool2d": "(1)",
            "MaxPool1d": "(2)", "AvgPool1d": "(2)", "MaxPool2d": "(2)", "PixelShuffle": "(2)",
            "ChannelShuffle": "(2)", "Threshold": "(0.1, 0.0)", "ZeroPad1d": "(1)",
            "ConstantPad1d": "(1, 0.0)", "ReflectionPad1d": "(1)", "ReplicationPad1d": "(1)",
            "LPPool1d": "(2, 2)", "Softmax": "(dim=-1)", "LogSoftmax": "(dim=-1)",
            "Softmin": "(dim=-1)", "Upsample": "(scale_factor=2)"}.get(kind, "()")
    model = nn.Sequential(nn.LSTM(8, 8, batch_first=True), eval(f"nn.{kind}{args}"))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with pytest.raises(Exception) as caught:
            model(torch.zeros(2, 3, 8))
    assert f"{type(caught.value).__name__}: {str(caught.value).splitlines()[0]}" == (
        TUPLE_ERRORS[kind])


@pytest.mark.parametrize("code", sorted(TORCH_EXAMPLES))
def test_torch_rule_examples(code: str) -> None:
    example = TORCH_EXAMPLES[code]
    bad = [d.code for d in check_source(example.bad).diagnostics if d.severity == "error"]
    good = [d.code for d in check_source(example.good).diagnostics if d.severity == "error"]
    assert bad == [code] and good == []
    assert torch_error(example.bad[len("import torch\nimport torch.nn as nn\n\n"):]) is not None
    assert torch_error(example.good[len("import torch\nimport torch.nn as nn\n\n"):]) is None


def test_json_and_summary_carry_the_torch_model() -> None:
    result = check_source(HEAD + "model = nn.Sequential(nn.Linear(4, 8), nn.ReLU())\n"
                          "model(torch.zeros(2, 4))\n")
    (report,) = [m for m in result.models if m.framework == "torch"]
    assert report.dialect == "torch" and report.input_shape == (2, 4)
    assert [(r.name, r.type, r.output_shape, r.params) for r in report.layers] == [
        ("0", "Linear", (2, 8), 40), ("1", "ReLU", (2, 8), 0)]
