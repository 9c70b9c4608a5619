"""nn.LSTM / nn.GRU return a tuple ((output, (h_n, c_n)) / (output, h_n)): the JSON report and
the API list every tensor of it (``outputs``, flattened in torch's order) and keep
``output_shape`` the first, as torchinfo 1.8 shows it (its ``calculate_size`` takes
``inputs[0]`` of a tuple). Both against real torch and torchinfo, in one subprocess."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

import layerlint
from layerlint.pipeline import check_source
from layerlint.report.json_report import report_json

pytestmark = pytest.mark.torch

MODELS = {
    "lstm_then_gru": ("class Net(nn.Module):\n"
                      "    def __init__(self):\n"
                      "        super().__init__()\n"
                      "        self.lstm = nn.LSTM(8, 16, batch_first=True)\n"
                      "        self.gru = nn.GRU(16, 4, num_layers=2, batch_first=True)\n"
                      "        self.fc = nn.Linear(4, 2)\n\n"
                      "    def forward(self, x):\n"
                      "        out, (h, c) = self.lstm(x)\n"
                      "        o2, h2 = self.gru(out)\n"
                      "        return self.fc(o2[:, -1])\n", "(3, 5, 8)"),
    "bidirectional_lstm": ("class Net(nn.Module):\n"
                           "    def __init__(self):\n"
                           "        super().__init__()\n"
                           "        self.rnn = nn.LSTM(6, 10, num_layers=2, bidirectional=True)\n"
                           "        self.head = nn.Linear(20, 3)\n\n"
                           "    def forward(self, x):\n"
                           "        out, _ = self.rnn(x)\n"
                           "        return self.head(out[-1])\n", "(7, 2, 6)"),
    "projected_lstm": ("class Net(nn.Module):\n"
                       "    def __init__(self):\n"
                       "        super().__init__()\n"
                       "        self.rnn = nn.LSTM(5, 12, proj_size=4, batch_first=True)\n\n"
                       "    def forward(self, x):\n"
                       "        out, (h, c) = self.rnn(x)\n"
                       "        return h[-1]\n", "(2, 9, 5)"),
    "gru_hidden_head": ("class Net(nn.Module):\n"
                        "    def __init__(self):\n"
                        "        super().__init__()\n"
                        "        self.rnn = nn.GRU(4, 6, num_layers=3, batch_first=True,\n"
                        "                          bidirectional=True)\n"
                        "        self.fc = nn.Linear(6, 1)\n\n"
                        "    def forward(self, x):\n"
                        "        _, h = self.rnn(x)\n"
                        "        return self.fc(h[-1])\n", "(4, 3, 4)"),
}
HEAD = "import torch\nimport torch.nn as nn\n\n"
RUNNER = """
import json, sys
import torch, torch.nn as nn
from torchinfo import summary
torch.set_num_threads(1)

def shapes(value):
    if isinstance(value, torch.Tensor):
        return [list(value.shape)]
    return [s for item in value for s in shapes(item)]

out = {}
for name, (source, size) in json.load(sys.stdin).items():
    space = {}
    exec(source, space)
    model = space["Net"]()
    seen = []
    for module in model.modules():
        if isinstance(module, (nn.LSTM, nn.GRU)):
            module.register_forward_hook(lambda m, i, o: seen.append(shapes(o)))
    model(torch.randn(*size))
    outputs = list(seen)  # before torchinfo runs the model again
    rows = summary(model, input_size=size, verbose=0).summary_list
    out[name] = {"outputs": outputs,
                 "torchinfo": [r.output_size for r in rows if r.class_name in ("LSTM", "GRU")]}
json.dump(out, sys.stdout)
"""


@pytest.fixture(scope="module")
def measured() -> dict:
    sources = {name: (HEAD + text, eval(size)) for name, (text, size) in MODELS.items()}  # noqa: S307
    done = subprocess.run([sys.executable, "-c", RUNNER], input=json.dumps(sources),
                          capture_output=True, text=True, timeout=600, check=True)
    return json.loads(done.stdout)


def _script(name: str) -> str:
    text, size = MODELS[name]
    return HEAD + text + f"\nmodel = Net()\nmodel(torch.randn{size})\n"


@pytest.mark.parametrize("name", sorted(MODELS))
def test_rnn_tuples_in_json_and_api_as_torch(name: str, measured: dict) -> None:
    source = _script(name)
    report = report_json([check_source(source, "rnn.py", verify_fixes=False)])
    (model,) = report["files"][0]["models"]
    rows = [row for row in model["layers"] if row["type"] in ("LSTM", "GRU")]
    assert [row["outputs"] for row in rows] == measured[name]["outputs"]
    # the first tensor, as torchinfo's table shows it
    assert [row["output_shape"] for row in rows] == measured[name]["torchinfo"]
    api_rows = [layer for layer in layerlint.check_source(source, "rnn.py").models[0].layers
                if layer.type in ("LSTM", "GRU")]
    assert [[list(s) for s in layer.outputs] for layer in api_rows] == measured[name]["outputs"]


def test_one_tensor_layers_have_no_outputs_field() -> None:
    report = report_json([check_source(_script("lstm_then_gru"), "rnn.py",
                                       verify_fixes=False)])
    linear = [row for row in report["files"][0]["models"][0]["layers"]
              if row["type"] == "Linear"]
    assert linear and all("outputs" not in row for row in linear)
