"""PyTorch examples for the shared rule codes.

``Rule`` carries one bad/good pair (Keras); until it has a per-framework list, the torch pairs
live here, keyed by code. They are tests like the Rule examples (tests/test_torch_analysis.py,
tests/test_torch_notes.py): ``bad`` must produce the code and fail in real torch (run, for a
note), ``good`` must give neither the code nor an error and run.
"""

from __future__ import annotations

from dataclasses import dataclass

from . import Example, add_example


@dataclass(frozen=True)
class TorchExample:
    code: str
    bad: str
    good: str


_HEAD = "import torch\nimport torch.nn as nn\n\n"

TORCH_EXAMPLES: dict[str, TorchExample] = {
    example.code: example
    for example in (
        TorchExample(
            "LL101",
            _HEAD + "model = nn.Sequential(nn.Conv2d(3, 8, 3), nn.BatchNorm1d(8))\n"
            "model(torch.randn(4, 3, 32, 32))\n",
            _HEAD + "model = nn.Sequential(nn.Conv2d(3, 8, 3), nn.BatchNorm2d(8))\n"
            "model(torch.randn(4, 3, 32, 32))\n",
        ),
        TorchExample(
            "LL102",
            _HEAD + "model = nn.Sequential(\n    nn.Conv2d(1, 32, 3), nn.ReLU(), nn.MaxPool2d(2),\n"
            "    nn.Flatten(), nn.Linear(4096, 10),\n)\nmodel(torch.randn(8, 1, 28, 28))\n",
            _HEAD + "model = nn.Sequential(\n    nn.Conv2d(1, 32, 3), nn.ReLU(), nn.MaxPool2d(2),\n"
            "    nn.Flatten(), nn.Linear(5408, 10),\n)\nmodel(torch.randn(8, 1, 28, 28))\n",
        ),
        TorchExample(
            "LL103",
            _HEAD + "model = nn.Sequential(nn.Conv2d(3, 8, 7), nn.MaxPool2d(2))\n"
            "model(torch.randn(2, 3, 6, 6))\n",
            _HEAD + "model = nn.Sequential(nn.Conv2d(3, 8, 3, padding=1), nn.MaxPool2d(2))\n"
            "model(torch.randn(2, 3, 6, 6))\n",
        ),
        TorchExample(
            "LL104",
            _HEAD + "model = nn.Sequential(nn.Linear(12, 12), nn.Unflatten(1, (5, 3)))\n"
            "model(torch.randn(4, 12))\n",
            _HEAD + "model = nn.Sequential(nn.Linear(12, 12), nn.Unflatten(1, (4, 3)))\n"
            "model(torch.randn(4, 12))\n",
        ),
        TorchExample(
            "LL107",
            _HEAD + "model = nn.Sequential(nn.LSTM(8, 32, batch_first=True), nn.Linear(32, 1))\n"
            "model(torch.randn(16, 20, 8))\n",
            _HEAD + "class Regressor(nn.Module):\n"
            "    def __init__(self):\n"
            "        super().__init__()\n"
            "        self.lstm = nn.LSTM(8, 32, batch_first=True)\n"
            "        self.head = nn.Linear(32, 1)\n\n"
            "    def forward(self, x):\n"
            "        out, _ = self.lstm(x)\n"
            "        return self.head(out[:, -1])\n\n\n"
            "model = Regressor()\nmodel(torch.randn(16, 20, 8))\n",
        ),
        TorchExample(
            "LL201",
            _HEAD + "import numpy as np\n\nx = torch.from_numpy(np.random.rand(8, 10))\n"
            "model = nn.Sequential(nn.Linear(10, 1))\nmodel(x)\n",
            _HEAD + "import numpy as np\n\nx = torch.from_numpy(np.random.rand(8, 10)).float()\n"
            "model = nn.Sequential(nn.Linear(10, 1))\nmodel(x)\n",
        ),
        TorchExample(
            "LL203",
            _HEAD + "from torch.utils.data import TensorDataset\n\n"
            "dataset = TensorDataset(torch.randn(100, 10), torch.randint(0, 2, (90,)))\n",
            _HEAD + "from torch.utils.data import TensorDataset\n\n"
            "dataset = TensorDataset(torch.randn(100, 10), torch.randint(0, 2, (100,)))\n",
        ),
        TorchExample(
            "LL202",
            _HEAD + "model = nn.Sequential(nn.Linear(10, 1))\nlogits = model(torch.randn(8, 10))\n"
            "loss = nn.BCEWithLogitsLoss()(logits, torch.rand(8))\n",
            _HEAD + "model = nn.Sequential(nn.Linear(10, 1))\nlogits = model(torch.randn(8, 10))\n"
            "loss = nn.BCEWithLogitsLoss()(logits.squeeze(1), torch.rand(8))\n",
        ),
    )
}

# Notes (info): both programs run in real torch; ``bad`` uses a module or a forward layerlint
# does not follow, so it says so; ``good`` is the same model in a form it follows.
TORCH_NOTE_EXAMPLES: dict[str, TorchExample] = {
    example.code: example
    for example in (
        TorchExample(
            "LL901",
            _HEAD + "model = nn.Sequential(\n    nn.Linear(8, 16),\n"
            "    nn.TransformerEncoderLayer(16, 2, batch_first=True),\n    nn.Linear(16, 1),\n)\n"
            "model(torch.randn(4, 5, 8))\n",
            _HEAD + "model = nn.Sequential(\n    nn.Linear(8, 16),\n    nn.LayerNorm(16),\n"
            "    nn.Linear(16, 1),\n)\nmodel(torch.randn(4, 5, 8))\n",
        ),
        TorchExample(
            "LL902",
            "import os\n" + _HEAD + "width = int(os.environ.get('WIDTH', '8'))\n"
            "model = nn.Sequential(nn.Linear(width, 16), nn.ReLU(), nn.Linear(16, 1))\n"
            "model(torch.randn(4, 8))\n",
            _HEAD + "width = 8\n"
            "model = nn.Sequential(nn.Linear(width, 16), nn.ReLU(), nn.Linear(16, 1))\n"
            "model(torch.randn(4, 8))\n",
        ),
        TorchExample(
            "LL903",
            _HEAD + "class Tower(nn.Module):\n"
            "    def __init__(self):\n"
            "        super().__init__()\n"
            "        self.blocks = nn.ModuleList([nn.Linear(8, 8) for _ in range(3)])\n\n"
            "    def forward(self, x):\n"
            "        for i, block in enumerate(self.blocks):\n"
            "            x = block(x) if i % 2 else torch.relu(block(x))\n"
            "        return x\n\n\n"
            "model = Tower()\nmodel(torch.randn(4, 8))\n",
            _HEAD + "class Tower(nn.Module):\n"
            "    def __init__(self):\n"
            "        super().__init__()\n"
            "        self.blocks = nn.ModuleList([nn.Linear(8, 8) for _ in range(3)])\n\n"
            "    def forward(self, x):\n"
            "        for block in self.blocks:\n"
            "            x = torch.relu(block(x))\n"
            "        return x\n\n\n"
            "model = Tower()\nmodel(torch.randn(4, 8))\n",
        ),
        TorchExample(
            "LL904",
            "import os\nimport tempfile\n\n" + _HEAD +
            "path = os.path.join(tempfile.mkdtemp(), 'classifier.pt')\n"
            "torch.save(nn.Sequential(nn.Linear(8, 1)), path)\n\n"
            "model = torch.load(path, weights_only=False)\n"
            "model.eval()\nmodel(torch.randn(2, 8))\n",
            "import os\nimport tempfile\n\n" + _HEAD +
            "path = os.path.join(tempfile.mkdtemp(), 'classifier.pt')\n"
            "torch.save(nn.Sequential(nn.Linear(8, 1)).state_dict(), path)\n\n"
            "model = nn.Sequential(nn.Linear(8, 1))\n"
            "model.load_state_dict(torch.load(path))\n"
            "model.eval()\nmodel(torch.randn(2, 8))\n",
        ),
    )
}

for _example in [*TORCH_EXAMPLES.values(), *TORCH_NOTE_EXAMPLES.values()]:
    add_example(_example.code, Example("torch", _example.bad, _example.good))
