"""Torch data reaching a model (issue 10): numpy arrays made tensors, TensorDataset, DataLoader,
torchvision datasets with transforms, and the loop over the loader, against real torch 2.13 and
torchvision 0.28 (fake dataset files, offline): verdict, line, message and every shape layerlint
gives a variable.

Hand-written scripts (the issue's example first) and 400 seeded programs
(``data_flow.generate_data_program``).
"""

from __future__ import annotations

import collections
import sys

import pytest

from layerlint.pipeline import check_source

from .data_flow import generate_data_program
from .script_flow import FlowProgram, compare_program, torch_outcome

pytestmark = pytest.mark.torch

sys.path.insert(0, __file__.rsplit("/", 2)[0])  # tests/: the torchvision shim
from torchvision_shim import (  # noqa: E402
    import_torchvision,
    offline_cifar,
    write_cifar,
    write_image_folder,
    write_mnist,
)

offline_cifar(import_torchvision())


@pytest.fixture(autouse=True, scope="module")
def one_thread():
    """Tiny tensors: one thread runs them ten times faster on a shared machine (measured)."""
    import torch

    before = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(before)


@pytest.fixture(scope="module")
def root(tmp_path_factory: pytest.TempPathFactory) -> str:
    where = str(tmp_path_factory.mktemp("data"))
    write_mnist(where)
    write_mnist(where, "FashionMNIST")
    write_cifar(where)
    write_cifar(where, hundred=True)
    write_image_folder(f"{where}/folder", [(40, 30), (24, 24), (50, 60)] * 4)
    return where


ISSUE = """\
import torch
import torch.nn as nn
from torch.utils.data import DataLoader
from torchvision import datasets, transforms

train_data = datasets.MNIST(root=ROOT, train=True, download=True,
                            transform=transforms.ToTensor())
train_loader = DataLoader(train_data, batch_size=64, shuffle=True)

model = nn.Sequential(
    nn.Linear(784, 128),
    nn.ReLU(),
    nn.Linear(128, 10),
)
criterion = nn.CrossEntropyLoss()
optimizer = torch.optim.Adam(model.parameters())

for images, labels in train_loader:
    optimizer.zero_grad()
    outputs = model(images)
    loss = criterion(outputs, labels)
    loss.backward()
    optimizer.step()
"""
NET = """\
import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.utils.data import DataLoader
from torchvision import datasets, transforms

class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc1 = nn.Linear(784, 128)
        self.fc2 = nn.Linear(128, 10)

    def forward(self, x):
        x = F.relu(self.fc1(x))
        return self.fc2(x)

transform = transforms.Compose([transforms.ToTensor(), transforms.Normalize((0.1307,), (0.3081,))])
test_loader = DataLoader(datasets.FashionMNIST(ROOT, train=False, transform=transform),
                         batch_size=50)
net = Net()
for batch_idx, (data, target) in enumerate(test_loader):
    output = net(data)
    loss = F.nll_loss(F.log_softmax(output, dim=1), target)
"""
PIL_IMAGES = """\
import torch.nn as nn
from torch.utils.data import DataLoader
from torchvision import datasets
data = datasets.CIFAR10(ROOT, train=True, download=True)
loader = DataLoader(data, batch_size=8)
model = nn.Sequential(nn.Conv2d(3, 6, 5), nn.ReLU())
for x, y in loader:
    out = model(x)
"""
# name -> (source, the line torch raises at, or None, lines layerlint may report for it)
CASES: dict[str, tuple[str, int | None, set[int]]] = {
    "issue_sequential": (ISSUE, 20, {11}),
    "issue_fixed_with_flatten": (ISSUE.replace("    nn.Linear(784, 128),",
                                               "    nn.Flatten(), nn.Linear(784, 128),"),
                                 None, set()),
    "issue_fixed_with_view": (ISSUE.replace("outputs = model(images)",
                                            "outputs = model(images.view(-1, 28 * 28))"),
                              None, set()),
    "issue_module_class": (NET, 14, set()),
    "issue_module_class_fixed": (NET.replace("output = net(data)",
                                             "output = net(data.view(data.size(0), -1))"),
                                 None, set()),
    "normalize_three_means_on_gray": (NET.replace("Normalize((0.1307,), (0.3081,))",
                                                  "Normalize((0.5, 0.5, 0.5), (0.5, 0.5, 0.5))"),
                                      21, set()),
    "pil_images_not_batched": (PIL_IMAGES, 7, set()),
    "pil_images_to_tensor": (PIL_IMAGES.replace(
        "train=True, download=True)", "train=True, download=True,\n"
        "                        transform=__import__('torchvision').transforms.ToTensor())"),
        None, set()),
    "tensor_dataset_sizes_differ": ("""\
import torch
from torch.utils.data import TensorDataset, DataLoader
x = torch.randn(100, 20)
y = torch.randint(0, 2, (90,))
dataset = TensorDataset(x, y)
""", 5, set()),
    "from_numpy_float64": ("""\
import numpy as np
import torch
import torch.nn as nn
from torch.utils.data import TensorDataset, DataLoader
X = np.random.rand(200, 8)
y = np.random.randint(0, 3, 200)
loader = DataLoader(TensorDataset(torch.from_numpy(X), torch.from_numpy(y)), batch_size=32)
model = nn.Sequential(nn.Linear(8, 3))
xb, yb = next(iter(loader))
logits = model(xb)
""", 10, {8}),
    "from_numpy_cast": ("""\
import numpy as np
import torch
import torch.nn as nn
from torch.utils.data import TensorDataset, DataLoader
X = np.random.rand(200, 8)
y = np.random.randint(0, 3, 200)
loader = DataLoader(TensorDataset(torch.from_numpy(X).float(), torch.from_numpy(y)),
                    batch_size=32, drop_last=True)
model = nn.Sequential(nn.Linear(8, 3))
xb, yb = next(iter(loader))
logits = model(xb)
loss = nn.CrossEntropyLoss()(logits, yb)
""", None, set()),
    "float_labels_in_the_loop": ("""\
import torch
import torch.nn as nn
from torch.utils.data import TensorDataset, DataLoader
loader = DataLoader(TensorDataset(torch.randn(50, 4), torch.randint(0, 2, (50,)).float()),
                    batch_size=16, shuffle=True)
model = nn.Sequential(nn.Linear(4, 2))
criterion = nn.CrossEntropyLoss()
for epoch in range(3):
    for xb, yb in loader:
        loss = criterion(model(xb), yb)
""", 10, set()),
    "image_folder_grayscale_into_rgb_conv": ("""\
import torch.nn as nn
from torch.utils.data import DataLoader
from torchvision import datasets, transforms
tf = transforms.Compose([transforms.Resize((32, 32)), transforms.Grayscale(),
                         transforms.ToTensor()])
loader = DataLoader(datasets.ImageFolder(ROOT + "/folder", transform=tf), batch_size=4)
model = nn.Sequential(nn.Conv2d(3, 8, 3), nn.ReLU(), nn.Flatten(), nn.Linear(8 * 30 * 30, 2))
for images, labels in loader:
    outputs = model(images)
""", 9, {7}),
    "image_folder_rgb_ok": ("""\
import torch.nn as nn
from torch.utils.data import DataLoader
from torchvision import datasets, transforms
tf = transforms.Compose([transforms.Resize(36), transforms.CenterCrop(32),
                         transforms.ToTensor()])
loader = DataLoader(datasets.ImageFolder(ROOT + "/folder", transform=tf), batch_size=4)
model = nn.Sequential(nn.Conv2d(3, 8, 3), nn.ReLU(), nn.Flatten(), nn.Linear(8 * 30 * 30, 2))
for images, labels in loader:
    outputs = model(images)
""", None, set()),
}


def _program(source: str, accept: dict[int, set[int]]) -> FlowProgram:
    return FlowProgram(-1, source, accept)


@pytest.mark.parametrize("name", sorted(CASES))
def test_hand_written_scripts_agree_with_torch(name: str, root: str) -> None:
    template, line, also = CASES[name]
    source = template.replace("ROOT", repr(root))
    run = torch_outcome(source)
    assert run.line == line, (run.error, run.line)
    claims: collections.Counter = collections.Counter()
    accept = {line: {line, *also}} if line else {}
    assert compare_program(_program(source, accept), claims, verbose=True) == []
    if line is not None:
        assert claims["found"] == 1, claims


def test_the_issue_example(root: str) -> None:
    """MNIST + ToTensor + DataLoader(batch_size=64) into Linear(784, ...) without a flatten:
    torch raises at the forward pass; layerlint said nothing before issue 10."""
    source = ISSUE.replace("ROOT", repr(root))
    (d,) = [d for d in check_source(source, "issue.py").diagnostics if d.severity == "error"]
    assert (d.code, d.stage, d.span.line) == ("LL102", "forward", 11)
    assert d.framework_error == ("RuntimeError: mat1 and mat2 shapes cannot be multiplied "
                                 "(1792x28 and 784x128)")
    assert d.framework_error == torch_outcome(source).error
    assert any(r.span.line == 20 for r in d.related)  # the forward pass in the loop
    assert "[64, 1, 28, 28]" in d.message and "nn.Flatten()" in d.message
    assert d.fixes == []  # Linear(28, 128) would hide the error, not fix the program


CHUNKS = 4
PER_CHUNK = 100
TOTALS: collections.Counter = collections.Counter()


@pytest.mark.parametrize("chunk", range(CHUNKS))
def test_random_pipelines_agree_with_torch(chunk: int, root: str) -> None:
    problems: list[str] = []
    for seed in range(chunk * PER_CHUNK, (chunk + 1) * PER_CHUNK):
        program = generate_data_program(seed, root)
        found = compare_program(program, TOTALS)
        problems += [f"seed {seed}: {p}\n{program.source}" for p in found]
    assert not problems, "\n".join(problems[:3])


def test_the_pipelines_claim_enough() -> None:
    """After the chunks (file order): both outcomes occur and errors are found at torch's line
    (a miss only where a value decides: a target out of range, an empty loader)."""
    if TOTALS["programs"] < CHUNKS * PER_CHUNK:
        pytest.skip("run with the chunks")
    assert TOTALS["clean"] > 150 and TOTALS["raised"] > 100, TOTALS
    assert TOTALS["found"] >= 0.9 * TOTALS["raised"], TOTALS
    assert TOTALS["shapes"] > 400, TOTALS
