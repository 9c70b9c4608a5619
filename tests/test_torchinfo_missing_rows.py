"""A torchinfo table of a model whose forward layerlint cannot follow lacks the rows torchinfo
lists from the modules the forward calls: the table says so and why, and only then. Seeded
models (sizes, block counts, the statement that stops the trace) run through real torchinfo
1.8.0: every row layerlint lists is torchinfo's, the rows it lacks are announced; followed
variants of the same models print exactly torchinfo's table, with no such line."""

from __future__ import annotations

import random

import pytest

from layerlint.pipeline import check_source
from layerlint.report.summary import render_model

torch = pytest.importorskip("torch")
torchinfo = pytest.importorskip("torchinfo")

pytestmark = pytest.mark.torch

TEMPLATE = """\
import torch
from torch import nn


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc1 = nn.Linear({features}, {hidden})
        self.blocks = nn.ModuleList([nn.Linear({hidden}, {hidden}) for _ in range({blocks})])
        self.fc2 = nn.Linear({hidden}, {classes})

    def forward(self, x):
        x = self.fc1(x)
{body}
        return self.fc2(x)


steps = {steps}
net = Net()
out = net(torch.randn({batch}, {features}))
"""
# Statements that stop layerlint's trace of a forward (each an LL903 note), and the plain loop
# it follows.
STOPPERS = {
    "if": "        if x.sum() > -1e9:\n            x = self.blocks[0](x)",
    "while": "        i = 0\n        while i < steps:\n            x = self.blocks[i](x)\n"
             "            i += 1",
    "for over a variable range": "        for i in range(steps):\n            x = self.blocks[i](x)",
    "try": "        try:\n            x = self.blocks[0](x)\n        except RuntimeError:\n"
           "            pass",
    "with": "        with torch.no_grad():\n            x = self.blocks[0](x)",
    "break": "        for i, block in enumerate(self.blocks):\n            x = block(x)\n"
             "            if i + 1 == steps:\n                break",
}
FOLLOWED = "        for block in self.blocks:\n            x = block(x)"
CASES = 80


def script(seed: int) -> tuple[str, str, bool]:
    rng = random.Random(seed)
    name = "followed" if rng.random() < 0.25 else rng.choice(list(STOPPERS))
    blocks = rng.randint(1, 4)
    body = FOLLOWED if name == "followed" else STOPPERS[name]
    source = TEMPLATE.format(features=rng.randint(1, 12), hidden=rng.randint(1, 16),
                             classes=rng.randint(1, 5), blocks=blocks, body=body,
                             steps=rng.randint(1, blocks), batch=rng.randint(1, 4))
    if name != "followed":  # the input decides at run time
        source = source.replace("steps = ", "steps = int(input()) or ")
    return name, source, name == "followed"


def torchinfo_table(source: str) -> str:
    namespace: dict = {"input": lambda: "0"}
    torch.manual_seed(0)
    exec(compile(source, "<case>", "exec"), namespace)
    x = torch.randn(*namespace["out"].shape[:1], namespace["net"].fc1.in_features)
    return str(torchinfo.summary(namespace["net"], input_data=x, verbose=0)) + "\n"


def rows(table: str) -> list[str]:
    """The module rows (below the model's own), by their titles ("Linear: 1-1")."""
    lines = [line for line in table.splitlines() if line.startswith(("├", "│", "└"))]
    return [line.split("  ")[0].strip() for line in lines]


def stopping_line(source: str) -> int:
    """The forward's first statement layerlint does not follow (after ``x = self.fc1(x)``)."""
    lines = source.splitlines()
    start = lines.index("        x = self.fc1(x)") + 1
    for number, text in enumerate(lines[start:], start=start + 1):
        if text.strip().startswith(("if ", "while ", "for ", "try:", "with ")):
            return number
    raise AssertionError(source)


@pytest.mark.parametrize("seed", range(CASES))
def test_missing_rows_are_announced(seed: int) -> None:
    name, source, followed = script(seed)
    result = check_source(source, "case.py", verify_fixes=False)
    (model,) = result.models
    mine = render_model(model)
    real = torchinfo_table(source)
    note = [line for line in mine.splitlines() if line.startswith("layerlint: ")]
    if followed:
        assert mine == real and note == [], name
        return
    assert set(rows(mine)) <= set(rows(real)), (name, mine, real)
    assert len(rows(real)) > len(rows(mine)), (name, mine, real)
    (line,) = note
    assert line.startswith("layerlint: no rows below the model: its forward could not be "
                           "followed (") and line.endswith(
        f", line {stopping_line(source)}); torchinfo lists the modules the forward calls"), line
