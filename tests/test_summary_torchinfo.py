"""Differential tests: layerlint's torchinfo table == real torchinfo 1.8.0 ``summary()``, exactly.

Each real torch model is described to the renderer as analysis would describe it (module calls,
depths, output shapes, parameter counts read off the live model by tests/torch_models.py); the
rendered text must equal what torchinfo prints for the same model and input, character for
character.
"""

from __future__ import annotations

import difflib
import random
from dataclasses import replace

import pytest
import torch
from torch import nn
from torch.nn import functional as F
from torch_models import model_report

from layerlint.report.summary import render_model
from layerlint.report.torchinfo import render_torchinfo_summary
from layerlint.results import LayerReport, ModelReport

torchinfo = pytest.importorskip("torchinfo")  # the oracle: pip install torchinfo==1.8.0

pytestmark = pytest.mark.torch


def torchinfo_text(model: nn.Module, x=None, by_size: bool = False) -> str:
    """What torchinfo prints; ``by_size`` passes ``input_size=`` instead of the tensor."""
    if x is None:
        stats = torchinfo.summary(model, verbose=0)
    elif by_size:
        stats = torchinfo.summary(model, input_size=tuple(x.shape), verbose=0, device="cpu")
    else:
        stats = torchinfo.summary(model, input_data=x, verbose=0)
    return str(stats) + "\n"


def assert_same(expected: str, got: str) -> None:
    if expected != got:
        diff = "\n".join(
            difflib.unified_diff(
                expected.splitlines(), got.splitlines(), "torchinfo", "layerlint", lineterm=""
            )
        )
        pytest.fail("tables differ:\n" + diff)


def check(model: nn.Module, x=None, by_size: bool = False) -> None:
    torch.manual_seed(0)
    expected = torchinfo_text(model, x, by_size)
    assert_same(expected, render_model(model_report(model, x)))


# --- models ---------------------------------------------------------------------------------


class LSTMOutput(nn.Module):
    """The usual wrapper that keeps only the output of an nn.LSTM inside nn.Sequential."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__()
        self.lstm = nn.LSTM(*args, **kwargs)

    def forward(self, x):
        out, _ = self.lstm(x)
        return out[:, -1]


class LeNet(nn.Module):
    """A straight-line forward with functional ops, a nested Sequential and an unused module."""

    def __init__(self) -> None:
        super().__init__()
        self.features = nn.Sequential(
            nn.Conv2d(1, 6, 5), nn.ReLU(), nn.MaxPool2d(2), nn.Conv2d(6, 16, 5), nn.ReLU()
        )
        self.pool = nn.MaxPool2d(2)
        self.fc1 = nn.Linear(16 * 4 * 4, 120)
        self.fc2 = nn.Linear(120, 84)
        self.fc3 = nn.Linear(84, 10)
        self.unused = nn.Linear(7, 7)

    def forward(self, x):
        x = self.pool(self.features(x))
        x = torch.flatten(x, 1)
        x = F.relu(self.fc1(x))
        x = F.relu(self.fc2(x))
        return F.log_softmax(self.fc3(x), dim=1)


class SharedModules(nn.Module):
    """One ReLU and one Linear called twice (torchinfo marks the second calls recursive), a
    frozen layer and a parameter owned by the model itself."""

    def __init__(self) -> None:
        super().__init__()
        self.scale = nn.Parameter(torch.ones(16))
        self.inp = nn.Linear(12, 16)
        self.hidden = nn.Linear(16, 16)
        self.act = nn.ReLU()
        self.frozen = nn.Linear(16, 4)
        for p in self.frozen.parameters():
            p.requires_grad = False

    def forward(self, x):
        x = self.act(self.inp(x)) * self.scale
        x = self.act(self.hidden(x))
        x = self.act(self.hidden(x))
        return self.frozen(x).flatten()


class AVeryLongNameForACustomContainerModule(nn.Module):
    def __init__(self, inner: nn.Module) -> None:
        super().__init__()
        self.inner = inner

    def forward(self, x):
        return self.inner(x)


def mlp() -> nn.Module:
    return nn.Sequential(
        nn.Linear(784, 120), nn.ReLU(), nn.Dropout(0.2), nn.Linear(120, 84), nn.ReLU(),
        nn.Linear(84, 10), nn.Softmax(dim=1),
    )


def cnn() -> nn.Module:
    return nn.Sequential(
        nn.Conv2d(1, 32, 3), nn.BatchNorm2d(32), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(32, 64, 3, padding=1), nn.ReLU(), nn.AdaptiveAvgPool2d(1), nn.Flatten(),
        nn.Linear(64, 10),
    )


def nested(levels: int) -> nn.Module:
    """Sequentials nested ``levels`` deep, with layers at every level."""
    inner: nn.Module = nn.Sequential(nn.Linear(8, 8), nn.Tanh())
    for level in range(levels - 1):
        inner = nn.Sequential(nn.Linear(8, 8), inner, nn.LayerNorm(8), nn.Dropout(0.1 * level))
    return inner


def recurrent_zoo() -> list[tuple[str, nn.Module, torch.Tensor]]:
    return [
        ("embedding_lstm",
         nn.Sequential(nn.Embedding(1000, 64, padding_idx=0),
                       LSTMOutput(64, 128, batch_first=True), nn.Linear(128, 1), nn.Sigmoid()),
         torch.randint(0, 1000, (32, 50))),
        ("gru_bidirectional_layers",
         nn.Sequential(nn.GRU(10, 20, num_layers=2, bidirectional=True)),
         torch.zeros(7, 3, 10)),
        ("lstm_proj", nn.Sequential(nn.LSTM(10, 20, proj_size=5, batch_first=True)),
         torch.zeros(4, 9, 10)),
        ("rnn_unbatched", nn.Sequential(nn.RNN(6, 12)), torch.zeros(5, 6)),
        ("lstm_cell", nn.Sequential(nn.LSTMCell(6, 12)), torch.zeros(3, 6)),
        ("embedding_bag", nn.Sequential(nn.EmbeddingBag(50, 8), nn.Linear(8, 2)),
         torch.randint(0, 50, (6, 4))),
    ]


def conv_zoo() -> list[tuple[str, nn.Module, torch.Tensor]]:
    return [
        ("conv1d", nn.Sequential(nn.Conv1d(4, 8, 3, stride=2), nn.BatchNorm1d(8), nn.PReLU(),
                                 nn.AvgPool1d(2), nn.Flatten(), nn.Linear(8 * 6, 3)),
         torch.zeros(5, 4, 27)),
        ("conv3d", nn.Sequential(nn.Conv3d(2, 4, 3, padding=1), nn.BatchNorm3d(4),
                                 nn.MaxPool3d(2), nn.InstanceNorm3d(4, affine=True)),
         torch.zeros(2, 2, 8, 8, 8)),
        ("conv_transpose", nn.Sequential(nn.ConvTranspose2d(16, 8, 4, stride=2, padding=1),
                                         nn.GroupNorm(2, 8), nn.Identity(), nn.PixelShuffle(2)),
         torch.zeros(3, 16, 7, 7)),
        ("conv_unbatched", nn.Sequential(nn.Conv2d(3, 6, 3), nn.ReLU(), nn.Flatten(0)),
         torch.zeros(3, 10, 10)),
        ("linear_unbatched", nn.Sequential(nn.Linear(10, 5), nn.LayerNorm(5)), torch.zeros(10)),
        ("lazy", nn.Sequential(nn.LazyConv2d(4, 3), nn.Flatten(), nn.LazyLinear(10)),
         torch.zeros(2, 3, 9, 9)),
    ]


# --- the differential tests ------------------------------------------------------------------


@pytest.mark.parametrize("batch", [1, 8, 64, 1000])
def test_mlp_batch_sizes(batch: int) -> None:
    check(mlp(), torch.zeros(batch, 784), by_size=True)


@pytest.mark.parametrize("batch", [1, 4, 128])
def test_cnn_batch_sizes(batch: int) -> None:
    check(cnn(), torch.zeros(batch, 1, 28, 28), by_size=True)


@pytest.mark.parametrize("levels", [1, 2, 3, 4, 6])
@pytest.mark.parametrize("batch", [2, 16])
def test_nesting_depths(levels: int, batch: int) -> None:
    """Rows deeper than torchinfo's depth 3 are hidden but counted; depth 3 shows the total."""
    check(nested(levels), torch.zeros(batch, 8))


def case_id(value: object) -> str:
    return value if isinstance(value, str) else ""


@pytest.mark.parametrize("name,model,x", recurrent_zoo(), ids=case_id)
def test_recurrent_and_embedding(name: str, model: nn.Module, x) -> None:
    check(model, x)


@pytest.mark.parametrize("name,model,x", conv_zoo(), ids=case_id)
def test_conv_norm_and_shapes(name: str, model: nn.Module, x) -> None:
    check(model, x)


@pytest.mark.parametrize("batch", [1, 10])
def test_straight_line_module(batch: int) -> None:
    check(LeNet(), torch.zeros(batch, 1, 28, 28))


def test_recursive_frozen_and_own_parameters() -> None:
    check(SharedModules(), torch.zeros(3, 12))


class IndexedContainers(nn.Module):
    """Modules of a ModuleList / ModuleDict called one by one: torchinfo lists the container,
    which is never called itself, with no output."""

    def __init__(self) -> None:
        super().__init__()
        self.blocks = nn.ModuleList([nn.Linear(4, 4), nn.ReLU(), nn.Linear(4, 2)])
        self.head = nn.ModuleDict({"out": nn.Linear(2, 2)})

    def forward(self, x):
        x = self.blocks[1](self.blocks[0](x))
        return self.head["out"](self.blocks[2](x))


def test_containers_that_are_never_called() -> None:
    check(IndexedContainers(), torch.zeros(3, 4))


def test_same_module_twice_in_sequential() -> None:
    shared = nn.Linear(6, 6)
    check(nn.Sequential(shared, nn.ReLU(), shared), torch.zeros(2, 6))


def test_long_names_widen_the_first_column() -> None:
    model = nested(2)
    for _ in range(4):
        model = AVeryLongNameForACustomContainerModule(model)
    check(model, torch.zeros(3, 8))


def test_giga_mult_adds() -> None:
    model = nn.Sequential(nn.Conv2d(3, 64, 3, padding=1), nn.ReLU(), nn.Conv2d(64, 64, 3))
    check(model, torch.zeros(4, 3, 128, 128), by_size=True)


@pytest.mark.parametrize(
    "model",
    [mlp(), cnn(), nested(5), LeNet(), SharedModules(), recurrent_zoo()[0][1],
     IndexedContainers(), conv_zoo()[-1][1]],
    ids=["mlp", "cnn", "nested5", "lenet", "shared", "embedding_lstm", "containers", "lazy"],
)
def test_without_input(model: nn.Module) -> None:
    """A model the code never calls: torchinfo's summary(model), Param # only, no sizes."""
    check(model)


def random_stack(rng: random.Random, width: int, depth: int) -> tuple[nn.Module, int]:
    """A random valid nn.Sequential on (batch, width) inputs, possibly nested."""
    modules: list[nn.Module] = []
    for _ in range(rng.randint(1, 5)):
        choice = rng.choice(["linear", "act", "norm", "dropout", "nest", "frozen"])
        if choice == "linear":
            out = rng.randint(1, 40)
            modules.append(nn.Linear(width, out, bias=rng.random() < 0.7))
            width = out
        elif choice == "act":
            modules.append(rng.choice([nn.ReLU(), nn.GELU(), nn.Tanh(), nn.Softmax(dim=-1)]))
        elif choice == "norm":
            modules.append(rng.choice([nn.BatchNorm1d(width), nn.LayerNorm(width)]))
        elif choice == "dropout":
            modules.append(nn.Dropout(0.5))
        elif choice == "frozen":
            layer = nn.Linear(width, width)
            layer.weight.requires_grad = False
            modules.append(layer)
        elif depth < 6:
            inner, width = random_stack(rng, width, depth + 1)
            modules.append(inner)
    return nn.Sequential(*modules), width


@pytest.mark.parametrize("seed", range(40))
def test_random_stacks(seed: int) -> None:
    rng = random.Random(seed)
    width = rng.randint(1, 30)
    model, _ = random_stack(rng, width, 1)
    check(model, torch.zeros(rng.choice([2, 3, 17, 256]), width))


# --- what layerlint does not know --------------------------------------------------------------


def differing_lines(expected: str, got: str) -> dict[str, str]:
    """torchinfo's line -> layerlint's line, for the lines that differ (same line count)."""
    want, have = expected.splitlines(), got.splitlines()
    assert len(want) == len(have), (expected, got)
    return {w: h for w, h in zip(want, have, strict=True) if w != h}


def mlp_case(batch: int = 8) -> tuple[str, ModelReport]:
    model, x = mlp(), torch.zeros(batch, 784)
    return torchinfo_text(model, x), model_report(model, x)


def test_sequential_root_is_derived_from_its_children() -> None:
    for model, x in [(mlp(), torch.zeros(8, 784)), (nested(5), torch.zeros(3, 8)),
                     (recurrent_zoo()[0][1], torch.randint(0, 1000, (4, 9)))]:
        report = model_report(model, x)
        assert_same(torchinfo_text(model, x), render_model(replace(report, root=None)))


UNKNOWN = "? (unknown to layerlint)"


def line_of(text: str, prefix: str) -> str:
    """torchinfo's line starting with ``prefix`` (its numbers come from torchinfo itself)."""
    (line,) = [line for line in text.splitlines() if line.startswith(prefix)]
    return line


def unknown_totals(expected: str, *labels: str) -> dict[str, str]:
    """torchinfo's total lines -> layerlint's honest "?" version of them."""
    honest = {
        "Total mult-adds": f"Total mult-adds: {UNKNOWN}",
    }
    return {
        line_of(expected, label): honest.get(label, f"{line_of(expected, label).split(':')[0]}: "
                                                    f"{UNKNOWN}")
        for label in labels
    }


PARAM_TOTALS = ("Total params", "Trainable params", "Non-trainable params")


def test_module_root_is_unknown_unless_given() -> None:
    model, x = LeNet(), torch.zeros(2, 1, 28, 28)
    expected = torchinfo_text(model, x)
    changed = differing_lines(expected, render_model(replace(model_report(model, x), root=None)))
    assert changed == {
        "LeNet                                    [2, 10]                   56":
        "LeNet                                    ?                         ?",
        **unknown_totals(expected, *PARAM_TOTALS),
    }


def test_unknown_parameter_count() -> None:
    expected, report = mlp_case()
    report.layers[3] = replace(report.layers[3], params=None)
    report.root = replace(report.root, params=None)
    changed = differing_lines(expected, render_torchinfo_summary(report))
    assert changed == {
        "├─Linear: 1-4                            [8, 84]                   10,164":
        "├─Linear: 1-4                            [8, 84]                   ?",
        # the model's own parameters are what is left after its children's
        "Sequential                               [8, 10]                   --":
        "Sequential                               [8, 10]                   ?",
        **unknown_totals(expected, *PARAM_TOTALS, "Total mult-adds", "Forward/backward",
                         "Params size", "Estimated Total Size"),
    }


def test_unknown_shapes() -> None:
    """An unknown output shape prints ?; unknown dims print ? inside the list."""
    expected, report = mlp_case()
    report.layers[1] = replace(report.layers[1], output_shape=None)  # ReLU: no weights
    report.layers[3] = replace(report.layers[3], output_shape=(None, 84))  # Linear
    report.layers[5] = replace(report.layers[5], output_shape=("n", 10))
    changed = differing_lines(expected, render_torchinfo_summary(report))
    assert changed == {
        "├─ReLU: 1-2                              [8, 120]                  --":
        "├─ReLU: 1-2                              ?                         --",
        "├─Linear: 1-4                            [8, 84]                   10,164":
        "├─Linear: 1-4                            [?, 84]                   10,164",
        "├─Linear: 1-6                            [8, 10]                   850":
        "├─Linear: 1-6                            [n, 10]                   850",
        **unknown_totals(expected, "Total mult-adds", "Forward/backward", "Estimated Total Size"),
    }


def test_mult_adds_of_an_unknown_module_type_are_not_guessed() -> None:
    expected, report = mlp_case()
    report.layers[0] = replace(report.layers[0], type="MyDense")
    changed = differing_lines(expected, render_torchinfo_summary(report))
    assert changed == {
        "├─Linear: 1-1                            [8, 120]                  94,200":
        "├─MyDense: 1-1                           [8, 120]                  94,200",
        **unknown_totals(expected, "Total mult-adds"),
    }
    # A module without weights has no mult-adds, whatever its type.
    report = mlp_case()[1]
    report.layers[1] = replace(report.layers[1], type="MyActivation")
    assert line_of(expected, "Total mult-adds") in render_torchinfo_summary(report)


def test_unknown_input() -> None:
    expected, report = mlp_case()
    report.input_dtype = None
    changed = differing_lines(expected, render_torchinfo_summary(report))
    assert changed == unknown_totals(expected, "Input size", "Estimated Total Size")
    report.input_dtype, report.input_shape = "float32", (None, 784)
    assert differing_lines(expected, render_torchinfo_summary(report)) == changed


def test_integer_input_bytes() -> None:
    """The input's dtype sets its size: int64 token ids take twice a float32's bytes."""
    model = nn.Sequential(nn.Embedding(10, 4))
    x = torch.randint(0, 10, (100, 500))
    text = render_model(model_report(model, x))
    assert "Input size (MB): 0.40" in text
    assert_same(torchinfo_text(model, x), text)


def test_empty_and_unknown_models_do_not_crash() -> None:
    empty = ModelReport(name="m", framework="torch", dialect="torch", line=1,
                        input_shape=(4, 3))
    assert_same(torchinfo_text(nn.Sequential(), torch.zeros(4, 3)),
                render_model(replace(empty, root=LayerReport(
                    -1, "Sequential", "", 1, (4, 3), (4, 3), 0, depth=0))))
    rows = [LayerReport(i, "Mystery", f"m{i}", i, None, None, None, None, depth=d)
            for i, d in enumerate([1, 2, 2, 3, 4, 1])]
    text = render_model(replace(empty, layers=rows, display_name="Net"))
    assert "│    │    └─Mystery: 3-1" in text and "Mystery: 4-1" not in text
    assert "Total params: ? (unknown to layerlint)" in text
    assert text.count("?") > 10
