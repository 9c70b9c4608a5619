"""The PyTorch front end: models, modules and inputs extracted from source (never run)."""

from __future__ import annotations

import pytest

from layerlint.frontends import parse_source
from layerlint.ir import (
    UNKNOWN,
    ArrayValue,
    Call,
    DataCall,
    ModelIR,
    TensorDim,
    TorchConstruct,
    TorchModule,
    TorchSequential,
    TorchUnmodelled,
)


def torch_models(source: str) -> dict[str, ModelIR]:
    return {m.name: m for m in parse_source(source).models if m.framework == "torch"}


def root(model: ModelIR):
    return next(e.root for e in model.events if isinstance(e, TorchConstruct))


def kinds(node) -> list[str]:
    return [c.kind if isinstance(c, Call) else type(c).__name__ for _, c in node.children]


def inputs(model: ModelIR) -> list:
    return [e.x for e in model.events if isinstance(e, DataCall)]


@pytest.mark.parametrize("imports, prefix", [
    ("import torch.nn as nn", "nn."),
    ("from torch import nn", "nn."),
    ("import torch", "torch.nn."),
    ("import torch.nn", "torch.nn."),
    ("from torch.nn import Linear, ReLU, Sequential", ""),
    ("", "nn."),  # a snippet without imports
])
def test_import_spellings(imports: str, prefix: str) -> None:
    source = (f"{imports}\nmodel = {prefix}Sequential({prefix}Linear(4, 8), {prefix}ReLU(), "
              f"{prefix}Linear(8, 2))\n")
    model = torch_models(source)["model"]
    assert kinds(root(model)) == ["Linear", "ReLU", "Linear"]
    assert root(model).children[0][1].args == (4, 8)


def test_a_bare_name_without_import_is_not_torch() -> None:
    assert torch_models("model = Sequential(Linear(4, 8))\n") == {}


def test_sequential_forms_name_children_like_torch() -> None:
    source = """
import torch.nn as nn
from collections import OrderedDict
a = nn.Sequential(OrderedDict([("fc", nn.Linear(4, 8)), ("act", nn.ReLU())]))
b = nn.Sequential()
b.append(nn.Linear(4, 8))
b.add_module("act", nn.ReLU())
b.append(nn.Linear(8, 1))
layers = [nn.Linear(4, 8)]
layers.append(nn.Tanh())
c = nn.Sequential(*layers)
"""
    models = torch_models(source)
    assert [n for n, _ in root(models["a"]).children] == ["fc", "act"]
    assert [n for n, _ in root(models["b"]).children] == ["0", "act", "2"]
    assert kinds(root(models["c"])) == ["Linear", "Tanh"]


def test_nested_sequential_is_one_model() -> None:
    source = """
import torch.nn as nn
features = nn.Sequential(nn.Conv2d(1, 4, 3), nn.ReLU())
head = nn.Sequential(nn.Flatten(), nn.LazyLinear(10))
model = nn.Sequential(features, head)
"""
    models = torch_models(source)
    assert list(models) == ["model"]
    assert kinds(root(models["model"])) == ["TorchSequential", "TorchSequential"]


def test_constants_and_arithmetic_reach_arguments() -> None:
    source = """
import torch.nn as nn
HIDDEN = 64
n_classes = 2 * 5
model = nn.Sequential(nn.Linear(16 * 5 * 5, HIDDEN), nn.Linear(HIDDEN, n_classes))
"""
    children = root(torch_models(source)["model"]).children
    assert children[0][1].args == (400, 64) and children[1][1].args == (64, 10)


def test_unknown_values_and_modules_stay_unknown() -> None:
    source = """
import torch.nn as nn
import transformers
width = int(input())
model = nn.Sequential(nn.Linear(4, width), transformers.AutoModel(), nn.Transformer())
"""
    children = root(torch_models(source)["model"]).children
    assert children[0][1].args == (4, UNKNOWN)
    unknown = children[1][1], children[2][1]
    assert all(isinstance(u, TorchUnmodelled) for u in unknown)
    assert [(u.kind, u.code) for u in unknown] == [("AutoModel", "LL901"), ("Transformer", "LL901")]


def test_layers_appended_in_a_loop_over_unknown_values_are_unknown() -> None:
    source = """
import torch.nn as nn
from config import WIDTHS
model = nn.Sequential()
for width in WIDTHS:
    model.append(nn.Linear(width, width))
"""
    last = root(torch_models(source)["model"]).children[-1][1]
    assert isinstance(last, TorchUnmodelled) and last.code == "LL903"


def test_layers_appended_in_a_loop_over_a_literal_list_are_followed() -> None:
    source = """
import torch.nn as nn
model = nn.Sequential()
for width in [8, 16, 4]:
    model.append(nn.Linear(width, width))
"""
    children = root(torch_models(source)["model"]).children
    assert [(name, m.kind, m.args) for name, m in children] == [
        ("0", "Linear", (8, 8)), ("1", "Linear", (16, 16)), ("2", "Linear", (4, 4))]


@pytest.mark.parametrize("expr, shape, dtype", [
    ("torch.randn(8, 1, 28, 28)", (8, 1, 28, 28), "float32"),
    ("torch.rand((4, 10))", (4, 10), "float32"),
    ("torch.zeros(2, 3, dtype=torch.float64)", (2, 3), "float64"),
    ("torch.ones([5, 7])", (5, 7), "float32"),
    ("torch.empty(3, 4)", (3, 4), "float32"),
    ("torch.randint(0, 100, (16, 20))", (16, 20), "int64"),
    ("torch.randint(100, size=(4, 5))", (4, 5), "int64"),
    ("torch.tensor([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]])", (3, 2), "float32"),
    ("torch.tensor([[1, 2, 3]])", (1, 3), "int64"),
    ("torch.randn(4, 20, 8).permute(0, 2, 1)", (4, 8, 20), "float32"),
    ("torch.randn(28, 28).unsqueeze(0).unsqueeze(0)", (1, 1, 28, 28), "float32"),
    ("torch.randn(6, 784).view(6, 1, 28, 28)", (6, 1, 28, 28), "float32"),
    ("torch.randn(6, 784).to('cpu').float()", (6, 784), "float32"),
])
def test_inputs_reaching_the_model(expr: str, shape: tuple, dtype: str) -> None:
    source = f"import torch\nimport torch.nn as nn\nmodel = nn.Sequential(nn.ReLU())\nx = {expr}\n" \
             "y = model(x)\n"
    (x,) = inputs(torch_models(source)["model"])
    assert isinstance(x, ArrayValue) and x.shape == shape and x.dtype == dtype


def test_dataloader_batches() -> None:
    source = """
import torch
import torch.nn as nn
from torch.utils.data import DataLoader, TensorDataset
X = torch.randn(100, 12)
y = torch.randint(0, 3, (100,))
loader = DataLoader(TensorDataset(X, y), batch_size=32, shuffle=True)
model = nn.Sequential(nn.Linear(12, 3))
for epoch in range(3):
    for xb, yb in loader:
        out = model(xb)
"""
    (x,) = inputs(torch_models(source)["model"])
    assert x.shape == (32, 12)


def test_summary_calls_give_the_input() -> None:
    source = """
import torch.nn as nn
import torchinfo
from torchsummary import summary
model = nn.Sequential(nn.Flatten(), nn.Linear(784, 10))
torchinfo.summary(model, input_size=(16, 1, 28, 28))
summary(model, (1, 28, 28))
"""
    shapes = [x.shape for x in inputs(torch_models(source)["model"])]
    assert shapes == [(16, 1, 28, 28), (2, 1, 28, 28)]


def test_module_subclass_children_and_forward() -> None:
    source = """
import torch
import torch.nn as nn
import torch.nn.functional as F

class Net(nn.Module):
    def __init__(self, n_classes=10):
        super().__init__()
        self.conv = nn.Conv2d(1, 8, 3)
        self.head = nn.Sequential(nn.Flatten(), nn.Linear(8 * 26 * 26, n_classes))
        self.scale = 2

    def forward(self, x):
        x = F.relu(self.conv(x))
        x = x.view(x.size(0), -1)
        return self.head(x)

model = Net(n_classes=5)
model(torch.randn(2, 1, 28, 28))
"""
    module = root(torch_models(source)["model"])
    assert isinstance(module, TorchModule) and module.class_name == "Net"
    assert [n for n, _ in module.children] == ["conv", "head"]
    assert module.children[1][1].children[1][1].args == (5408, 5)
    steps = [(op.kind, op.target) for op in module.forward]
    assert steps == [("module", "conv"), ("function", "F.relu"), ("method", "view"),
                     ("module", "head")]
    assert module.forward[2].args == (TensorDim(module.forward[1].out, 0), -1)


def test_forward_with_a_branch_is_not_followed() -> None:
    source = """
import torch.nn as nn
class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(4, 2)
    def forward(self, x):
        if x.shape[0] > 1:
            x = x * 2
        return self.fc(x)
model = Net()
"""
    module = root(torch_models(source)["model"])
    assert module.forward is None and [n for n, _ in module.children] == ["fc"]


def test_modules_registered_in_a_loop_of_unknown_length_are_unknown() -> None:
    source = """
import torch.nn as nn
class Net(nn.Module):
    def __init__(self, depth):
        super().__init__()
        self.first = nn.Linear(4, 8)
        for i in range(depth):
            setattr(self, f"fc{i}", nn.Linear(8, 8))
model = Net(int(input()))
"""
    module = root(torch_models(source)["model"])
    assert module.children[0][1].kind == "Linear"
    assert isinstance(module.children[1][1], TorchUnmodelled)
    assert module.children[1][1].code == "LL903"
    followed = root(torch_models(source.replace("int(input())", "3"))["model"])
    assert [name for name, _ in followed.children] == ["first", "fc0", "fc1", "fc2"]


def test_models_inside_functions_and_main_guard() -> None:
    source = """
import torch
import torch.nn as nn

def main():
    net = nn.Sequential(nn.Linear(3, 1))
    net(torch.zeros(5, 3))

if __name__ == "__main__":
    model = nn.Sequential(nn.Linear(2, 1))
"""
    models = torch_models(source)
    assert set(models) == {"net", "model"}
    assert inputs(models["net"])[0].shape == (5, 3)


def test_keras_files_have_no_torch_models() -> None:
    source = "import keras\nmodel = keras.Sequential([keras.layers.Dense(3)])\n"
    assert torch_models(source) == {}
    assert isinstance(TorchSequential, type)


def test_moving_the_model_keeps_it() -> None:
    source = """
import torch
import torch.nn as nn
class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(4, 2)
    def forward(self, x):
        return self.fc(x)
device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
model = Net().to(device)
seq = nn.Sequential(nn.Linear(3, 1)).cuda()
seq.eval()
model(torch.randn(2, 4).to(device))
seq(torch.randn(5, 3))
"""
    models = torch_models(source)
    assert isinstance(root(models["model"]), TorchModule)
    assert inputs(models["seq"])[0].shape == (5, 3)
    x = inputs(models["model"])[0]  # .to(torch.device(...)): a device keeps the dtype
    assert x.shape == (2, 4) and x.dtype == "float32"
    unknown = source.replace('torch.device("cuda" if torch.cuda.is_available() else "cpu")',
                             "get_device()")
    x = inputs(torch_models(unknown)["model"])[0]  # .to(v): v may be a dtype
    assert x.shape == (2, 4) and x.dtype is None


def test_a_builder_function_is_followed_but_not_outer_models() -> None:
    source = """
import torch.nn as nn
model = nn.Sequential(nn.Linear(4, 8))

def build():
    net = nn.Sequential()
    net.append(nn.Linear(4, 8))
    net.append(nn.ReLU())
    return net

def grow():
    model.append(nn.Linear(8, 2))  # maybe never called: not an event of `model`
"""
    models = torch_models(source)
    assert kinds(root(models["net"])) == ["Linear", "ReLU"]
    assert kinds(root(models["model"])) == ["Linear"]
