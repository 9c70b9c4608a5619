"""Per-check costs (issue 13): work one check of a file no longer repeats gives the same results.

Within a file's analysis a torch module is bound once (replay/torch/bindings.py): the script's
forward, the parameter count of the autograd steps and the model's own replay each bound every
module again. The shared binding is reused only while the call holds the very same argument
objects; a traced size resolved in between (``nn.Linear(y.shape[1], 4)``) binds it again. The
whole analysis with sharing is compared with the analysis that binds every time, on seeded
generated torch programs (script flows, composed models, training loops) and hand cases.
"""

from __future__ import annotations

import contextlib
import json

import pytest
from torch_differential.composed import generate_composed
from torch_differential.script_flow import generate_program
from torch_training.generator import generate_training_program

from layerlint.frontends import dialect, keras_backend, parse_source
from layerlint.replay import analysis
from layerlint.replay.torch import bindings
from layerlint.replay.torch import model as torch_model
from layerlint.replay.torch import ops as torch_ops
from layerlint.report.json_report import file_json

SEEDS = range(60)
RESOLVED_LATER = (
    "import torch\nfrom torch import nn\n\n"
    "y = torch.randn(8, 6)\n"
    "model = nn.Sequential(nn.Linear(y.shape[1], 4), nn.ReLU(), nn.Linear(4, 2))\n"
    "out = model(y)\nloss = out.sum()\nloss.backward()\n"
    "z = torch.randn(8, 5)\nmodel(z)\n"
)


def _checked(source: str) -> str:
    file_ir = parse_source(source, "script.py")
    dialect.apply(file_ir)
    keras_backend.apply(file_ir)
    return json.dumps(file_json(analysis.analyze(file_ir)), sort_keys=True, default=repr)


def _both(source: str, monkeypatch: pytest.MonkeyPatch) -> tuple[str, str]:
    shared = _checked(source)
    with monkeypatch.context() as patch:  # every replay binds every module itself
        patch.setattr(bindings, "shared", contextlib.nullcontext)
        alone = _checked(source)
    return shared, alone


def _programs() -> list[str]:
    return ([generate_program(seed).source for seed in SEEDS]
            + [generate_composed(seed).source for seed in SEEDS]
            + [generate_training_program(seed).source for seed in SEEDS])


def test_shared_bindings_give_the_results_of_binding_each_time(monkeypatch) -> None:
    differ = []
    for source in [RESOLVED_LATER, *_programs()]:
        shared, alone = _both(source, monkeypatch)
        if shared != alone:
            differ.append(source)
    assert not differ, differ[0]


def test_a_module_is_bound_once_per_analysis(monkeypatch) -> None:
    bound: list[str] = []
    real = torch_model._bind_module

    def counted(call):  # type: ignore[no-untyped-def]
        bound.append(call.kind)
        return real(call)

    monkeypatch.setattr(torch_model, "_bind_module", counted)
    source = ("import torch\nfrom torch import nn\n\n"
              "model = nn.Sequential(nn.Linear(10, 16), nn.ReLU(), nn.Linear(16, 4))\n"
              "x = torch.randn(32, 10)\ny = model(x)\ny.sum().backward()\n")
    _checked(source)
    assert sorted(bound) == ["Linear", "Linear", "ReLU"]
    bound.clear()
    with monkeypatch.context() as patch:  # outside a file's analysis: each replay binds
        patch.setattr(bindings, "shared", contextlib.nullcontext)
        _checked(source)
    assert len(bound) > 3


def test_a_size_resolved_later_binds_the_module_again(monkeypatch) -> None:
    """The script's replay resolves ``y.shape[1]`` in place: the model's replay binds the
    resolved arguments, not what an earlier replay bound."""
    shared, alone = _both(RESOLVED_LATER, monkeypatch)
    assert shared == alone
    assert "Linear(6, 4)" in shared and "LL102" in shared  # z has 5 features


def test_arguments_are_kept_only_when_every_item_is_the_same_object() -> None:
    args, kwargs = (1, (2, 3), "a"), {"bias": True}
    assert torch_ops.kept_if_same(args, tuple(args)) is args
    assert torch_ops.kept_if_same(kwargs, dict(kwargs)) is kwargs
    changed = (1, (2, 3), "b")
    assert torch_ops.kept_if_same(args, changed) is changed
    assert torch_ops.kept_if_same(args, (1, (2, 3))) == (1, (2, 3))
    as_list = [1, (2, 3), "a"]
    assert torch_ops.kept_if_same(as_list, list(as_list)) is not as_list  # lists: always new
    assert torch_ops.kept_if_same([1], (1,)) == (1,)  # a list becomes a tuple, as before


def test_arguments_changed_in_between_bind_the_module_again() -> None:
    file_ir = parse_source("import torch\nfrom torch import nn\nmodel = nn.Sequential("
                           "nn.Linear(6, 4))\nmodel(torch.randn(2, 6))\n", "script.py")
    model = next(m for m in file_ir.models if m.kind == "model")
    call = model.events[0].root.children[0][1]
    with bindings.shared():
        first = torch_model.TorchReplay(model, file_ir.source).args_of(call)
        again = torch_model.TorchReplay(model, file_ir.source).args_of(call)
        call.args = (7, 4)  # as a size resolution does: new objects
        changed = torch_model.TorchReplay(model, file_ir.source).args_of(call)
    assert again is first and first.raw("in_features") == 6
    assert changed is not first and changed.raw("in_features") == 7
