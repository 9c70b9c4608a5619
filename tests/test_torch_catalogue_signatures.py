"""Each torch entry's signature is its module's ``__init__`` (for RNN/LSTM/GRU: the documented
overload; for modules declared ``(*args, **kwargs)``: what nn.Module accepts), and binding a
call fails exactly where Python fails, with Python's message."""

from __future__ import annotations

import inspect
import typing

import pytest
from torch import nn
from torch_harness import compare

from layerlint.layers.base import REQUIRED, all_specs, lookup
from layerlint.layers.torch._binding import ACCEPTS_ANYTHING, INIT_OWNER, MODULE_INIT

pytestmark = pytest.mark.torch

TORCH_SPECS = sorted(all_specs("torch"), key=lambda s: s.name)


def _torch_parameters(name: str) -> list[tuple[str, object, bool]]:
    cls = getattr(nn, name)
    init = cls.__init__
    overloads = typing.get_overloads(init)
    if overloads:  # RNN, LSTM, GRU document their arguments in an @overload
        init = overloads[0]
    params = []
    for p in list(inspect.signature(init).parameters.values())[1:]:
        if p.kind in (p.VAR_POSITIONAL, p.VAR_KEYWORD):
            continue
        default = REQUIRED if p.default is p.empty else p.default
        params.append((p.name, default, p.kind == p.KEYWORD_ONLY))
    return params


@pytest.mark.parametrize("spec", TORCH_SPECS, ids=lambda s: s.name)
def test_signature_is_torchs(spec) -> None:
    ours = [(p.name, p.default, p.keyword_only) for p in spec.signature]
    assert ours == _torch_parameters(spec.name)


def test_module_init_and_identity_lists_match_torch() -> None:
    for name in MODULE_INIT:
        assert getattr(nn, name).__init__ is nn.Module.__init__, name
    for name in ACCEPTS_ANYTHING:
        params = inspect.signature(getattr(nn, name).__init__).parameters.values()
        assert {p.kind for p in params} >= {inspect.Parameter.VAR_POSITIONAL}
    for name, owner in INIT_OWNER.items():
        if owner == "RNNBase":  # LSTM/GRU forward *args to RNNBase: the binding cases pin it
            continue
        assert getattr(nn, name).__init__.__qualname__.split(".")[0] == owner


def test_every_torch_module_with_an_own_init_owner_is_listed() -> None:
    for spec in TORCH_SPECS:
        owner = getattr(nn, spec.name).__init__.__qualname__.split(".")[0]
        if owner not in (spec.name, "Module"):
            assert INIT_OWNER.get(spec.name) == owner, spec.name


BINDING_CASES = [
    "Linear()",
    "Linear(3)",
    "Linear(1, 2, 3, 4, 5, 6)",
    "Linear(3, 4, foo=1)",
    "Linear(3, 4, in_features=3)",
    "Linear(3, 4, 5, 6, 7, 8, bias=False)",
    "Conv2d(3, 4)",
    "Conv2d()",
    "BatchNorm1d()",
    "BatchNorm2d(3, momentum=0.1, foo=2)",
    "InstanceNorm2d(3, 1e-5, 0.1, True, True, None, None, True)",
    "MaxPool2d()",
    "MaxPool2d(2, stride=2, pool=3)",
    "AdaptiveAvgPool2d()",
    "AvgPool1d(2, 2, 0, False, True, None)",
    "Dropout(0.1, False, 3)",
    "Dropout(rate=0.1)",
    "LSTM(5)",
    "LSTM(input_size=5)",
    "LSTM(5, 4, 1, True, False, 0.0, False, 0, None, None, 3)",
    "LSTM(5, 4, foo=3)",
    "GRU(5, 4, foo=3)",
    "GRU(5, 4, proj_size=2)",
    "RNN(5, 4, proj_size=2)",
    "Sigmoid(3)",
    "Tanh(3, 4)",
    "Softsign(k=1)",
    "Identity(1, 2, k=3)",
    "PixelShuffle(2, 3)",
    "PixelShuffle()",
    "ConstantPad2d(1)",
    "Embedding(10)",
    "Threshold()",
    "Unflatten(1)",
    "LayerNorm()",
    "GroupNorm(2, 4, 1e-5, True, None, None, True)",
]


@pytest.mark.parametrize("src", BINDING_CASES)
def test_binding_errors_match_python(src: str) -> None:
    ours, real = compare(src, (2, 4, 5, 5))
    assert ours.error != "unknown"
    if real.error == "init":
        assert ours == real
    else:  # bound fine: the forward pass then decides; only the stage is compared here
        assert ours.error != "init"


def test_lookup_finds_torch_entries_by_class_name() -> None:
    assert lookup("torch", "Conv2d") is not None
    assert lookup("torch", "Dense") is None
