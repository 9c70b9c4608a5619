"""nn.ModuleList / nn.ModuleDict: which forms layerlint follows, compared with real torch.

Each model is checked by layerlint and run for real (runner.run_script: the modules torch calls,
their output shapes, where it fails); a form layerlint does not follow must leave the model
silent past it, with a note.
"""

from __future__ import annotations

import pytest
from torch_differential.compare import compare
from torch_differential.runner import run_script

from layerlint.frontends import parse_source
from layerlint.ir import TorchConstruct, TorchModule, TorchUnmodelled
from layerlint.pipeline import check_source

pytestmark = pytest.mark.torch

HEAD = "import torch\nimport torch.nn as nn\nimport torch.nn.functional as F\n"


def net(init: str, forward: str, call: str = "model(torch.randn(2, 8))") -> str:
    indent = "\n".join(f"        {line}" for line in init.strip().splitlines())
    body = "\n".join(f"        {line}" for line in forward.strip().splitlines())
    return (f"{HEAD}\n\nclass Net(nn.Module):\n    def __init__(self):\n"
            f"        super().__init__()\n{indent}\n\n    def forward(self, x):\n{body}\n\n\n"
            f"model = Net()\n{call}\n")


def root(source: str):
    (model,) = [m for m in parse_source(source, "m.py").models if m.name == "model"]
    return next(e.root for e in model.events if isinstance(e, TorchConstruct))


def agree(source: str) -> tuple:
    """layerlint's result and torch's run; they must not contradict each other."""
    result = check_source(source, "m.py", verify_fixes=False)
    run = run_script(source)
    assert compare(result, run, called=True) == []
    return result, run


def rows(result) -> list[tuple[str, str, tuple | None]]:
    (report,) = [m for m in result.models if m.name == "model"]
    return [(r.name, r.type, r.output_shape) for r in report.layers]


FOLLOWED = {
    "comprehension": ("self.blocks = nn.ModuleList([nn.Linear(8, 8) for _ in range(3)])",
                      "for block in self.blocks:\n    x = block(x)\nreturn x"),
    "widths": (("sizes = [8, 16, 4]\nself.blocks = nn.ModuleList(\n"
               "    [nn.Linear(sizes[i], sizes[i + 1]) for i in range(len(sizes) - 1)])"),
               "for block in self.blocks:\n    x = F.relu(block(x))\nreturn x"),
    "append": (("self.blocks = nn.ModuleList()\nself.blocks.append(nn.Linear(8, 4))\n"
               "self.blocks.extend([nn.ReLU(), nn.Linear(4, 2)])"),
               "for block in self.blocks:\n    x = block(x)\nreturn x"),
    "alias": ("blocks = nn.ModuleList()\nblocks.append(nn.Linear(8, 4))\nself.blocks = blocks",
              "for block in self.blocks:\n    x = block(x)\nreturn x"),
    "index": ("self.blocks = nn.ModuleList([nn.Linear(8, 4), nn.Linear(4, 2)])",
              "x = self.blocks[0](x)\nreturn self.blocks[-1](x)"),
    "dict": ("self.heads = nn.ModuleDict({'a': nn.Linear(8, 3), 'b': nn.Linear(8, 5)})",
             "return self.heads['b'](x)"),
    "dict_values": ("self.heads = nn.ModuleDict([('a', nn.Linear(8, 3)), ('b', nn.Linear(3, 5))])",
                    "for head in self.heads.values():\n    x = head(x)\nreturn x"),
    "nested": (("self.stages = nn.ModuleList([nn.Sequential(nn.Linear(8, 8), nn.ReLU()),\n"
               "                             nn.Sequential(nn.Linear(8, 2))])"),
               "for stage in self.stages:\n    x = stage(x)\nreturn x"),
    "sequential_append": (("self.body = nn.Sequential(nn.Linear(8, 4))\n"
                          "self.body.append(nn.Linear(4, 2))"),
                          "return self.body(x)"),
    # Loops with constant bounds, unrolled.
    "loop_append": (("self.blocks = nn.ModuleList()\nfor _ in range(2):\n"
                    "    self.blocks.append(nn.Linear(8, 8))"),
                    "x = self.blocks[0](x)\nx = self.blocks[1](x)\nreturn x"),
    "index_variable": ("self.blocks = nn.ModuleList([nn.Linear(8, 8), nn.Linear(8, 8)])",
                       "for i in range(2):\n    x = self.blocks[i](x)\nreturn x"),
    "index_len": ("self.blocks = nn.ModuleList([nn.Linear(8, 6), nn.Linear(6, 4)])",
                  "for i in range(len(self.blocks)):\n    x = self.blocks[i](x)\nreturn x"),
    "list_then_sequential": (("layers = []\nfor width in [16, 4]:\n"
                             "    layers.append(nn.Linear(8 if not layers else 16, width))\n"
                             "    layers.append(nn.ReLU())\nself.net = nn.Sequential(*layers)"),
                             "return self.net(x)"),
    "list_extend_in_loop": (("layers = []\nfor _ in range(3):\n"
                            "    layers += [nn.Linear(8, 8), nn.GELU()]\n"
                            "self.net = nn.Sequential(*layers)"),
                            "return self.net(x)"),
    "starred_comprehension": ("self.net = nn.Sequential(*[nn.Linear(8, 8) for _ in range(3)])",
                              "return self.net(x)"),
    "add_module_f_string": (("for i in range(3):\n"
                            "    self.add_module(f'fc{i}', nn.Linear(8, 8))"),
                            "x = self.fc0(x)\nx = self.fc1(x)\nreturn self.fc2(x)"),
    "setattr_f_string": (("for i, width in enumerate([8, 4]):\n"
                         "    setattr(self, f'fc{i}', nn.Linear(width, width // 2))"),
                         "return self.fc1(self.fc0(x))"),
    # Loops over enumerate / zip of containers, unrolled.
    "enumerate": (("self.blocks = nn.ModuleList([nn.Linear(8, 8), nn.Linear(8, 4)])\n"
                   "self.norms = nn.ModuleList([nn.LayerNorm(8), nn.LayerNorm(4)])"),
                  "for i, block in enumerate(self.blocks):\n    x = self.norms[i](block(x))\n"
                  "return x"),
    "zip": (("self.blocks = nn.ModuleList([nn.Linear(8, 8), nn.Linear(8, 4)])\n"
             "self.acts = nn.ModuleList([nn.ReLU(), nn.Tanh()])"),
            "for block, act in zip(self.blocks, self.acts):\n    x = act(block(x))\nreturn x"),
}


@pytest.mark.parametrize("name", FOLLOWED)
def test_followed_forms_agree_with_torch(name: str) -> None:
    init, forward = FOLLOWED[name]
    result, run = agree(net(init, forward))
    assert run.error is None
    (report,) = [m for m in result.models if m.name == "model"]
    assert report.root.output_shape == run.output_shape  # type: ignore[union-attr]
    assert report.root.params == run.total_params  # type: ignore[union-attr]
    assert not [d for d in result.diagnostics if d.code.startswith("LL9")]


def test_containers_are_listed_as_torchinfo_lists_them() -> None:
    init, forward = FOLLOWED["index"]
    result, _ = agree(net(init, forward))
    assert rows(result) == [("blocks", "ModuleList", ()), ("blocks.0", "Linear", (2, 4)),
                            ("blocks.1", "Linear", (2, 2))]


@pytest.mark.parametrize("name", ["comprehension", "append", "dict_values"])
def test_a_wrong_width_inside_a_container_is_found(name: str) -> None:
    init, forward = FOLLOWED[name]
    broken = init.replace("nn.Linear(8,", "nn.Linear(7,", 1).replace("nn.Linear(3, 5)",
                                                                     "nn.Linear(4, 5)")
    result, run = agree(net(broken, forward))
    first = [d for d in result.diagnostics if d.severity == "error"
             and not d.message.endswith("(this fails for every input)")]
    assert run.error is not None and len(first) == 1 and first[0].code == "LL102"
    assert first[0].framework_error.splitlines()[0] == run.error


def test_a_contradiction_inside_a_container_needs_no_input() -> None:
    source = net("self.blocks = nn.ModuleList([nn.Linear(8, 16), nn.Linear(8, 2)])",
                 "for block in self.blocks:\n    x = block(x)\nreturn x", call="")
    (d,) = [d for d in check_source(source, "m.py").diagnostics if d.severity == "error"]
    assert d.message.endswith("(this fails for every input)")
    run = run_script(source + "model(torch.randn(2, 8))\n")
    assert run.failed_in == "blocks.1" and d.framework_error is None or (
        d.framework_error.splitlines()[0] == run.error)


NOT_FOLLOWED = {
    "keys": ("self.heads = nn.ModuleDict({'a': nn.Linear(8, 3)})",
             "for key in self.heads:\n    x = self.heads[key](x)\nreturn x"),
    "loop_append_unknown_depth": (("self.blocks = nn.ModuleList()\n"
                                  "for _ in range(int('2')):\n"
                                  "    self.blocks.append(nn.Linear(8, 8))"),
                                  "x = self.blocks[0](x)\nx = self.blocks[1](x)\nreturn x"),
    "loop_with_break": (("self.blocks = nn.ModuleList()\nfor i in range(4):\n"
                        "    if i == 2:\n        break\n"
                        "    self.blocks.append(nn.Linear(8, 8))"),
                        "for block in self.blocks:\n    x = block(x)\nreturn x"),
    "insert": (("self.blocks = nn.ModuleList([nn.Linear(4, 2)])\n"
               "self.blocks.insert(0, nn.Linear(8, 4))"),
               "for block in self.blocks:\n    x = block(x)\nreturn x"),
    "index_unknown_range": ("self.blocks = nn.ModuleList([nn.Linear(8, 8), nn.Linear(8, 8)])",
                            "for i in range(x.dim()):\n    x = self.blocks[i](x)\nreturn x"),
    "break": ("self.blocks = nn.ModuleList([nn.Linear(8, 8), nn.Linear(8, 3)])",
              "for block in self.blocks:\n    x = block(x)\n    break\nreturn x"),
}


@pytest.mark.parametrize("name", NOT_FOLLOWED)
def test_other_forms_are_silent_with_a_note(name: str) -> None:
    init, forward = NOT_FOLLOWED[name]
    # A width no input can satisfy after the container: torch fails, layerlint cannot know.
    source = net(init + "\nself.tail = nn.Linear(99, 1)",
                 forward.replace("return x", "return self.tail(x)"))
    result, run = agree(source)
    assert run.error is not None
    assert not [d for d in result.diagnostics if d.severity == "error"]
    assert {d.code for d in result.diagnostics} & {"LL901", "LL903"}


def test_insert_makes_the_container_unknown_in_the_ir() -> None:
    init, forward = NOT_FOLLOWED["insert"]
    blocks = dict(root(net(init, forward)).children)["blocks"]
    assert isinstance(blocks, TorchUnmodelled) and blocks.code == "LL903"


def test_module_list_ir() -> None:
    init, forward = FOLLOWED["widths"]
    blocks = dict(root(net(init, forward)).children)["blocks"]
    assert isinstance(blocks, TorchModule) and blocks.class_name == "ModuleList"
    assert [(n, m.kind, m.args) for n, m in blocks.children] == [
        ("0", "Linear", (8, 16)), ("1", "Linear", (16, 4))]
