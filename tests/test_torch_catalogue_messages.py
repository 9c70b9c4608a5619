"""What torch entries tell analysis: the rule code, the argument to edit and the numbers for
the fix, unknown values never turning into errors, tuple outputs, and the messages torch gives
for what the catalogue leaves to analysis (float indices, the implicit softmax axis)."""

from __future__ import annotations

import warnings

import pytest
import torch
from catalogue_harness import parse_call
from torch import nn

from layerlint.ir import UNKNOWN
from layerlint.layers.base import LayerError, Out, Unmodelled, bind, lookup
from layerlint.layers.torch.activation import implicit_dim_warning, softmax_axis
from layerlint.layers.torch.embedding import INDEX_MODULES, float_indices_error

pytestmark = pytest.mark.torch


def run(src: str, shape: tuple, **unknown_args) -> Out:
    call = parse_call(src)
    spec = lookup("torch", call.kind)
    names = [p.name for p in spec.signature]
    for key in unknown_args:  # make the argument UNKNOWN wherever it was written
        index = names.index(key)
        if index < len(call.args):
            call.args = call.args[:index] + (UNKNOWN,) + call.args[index + 1 :]
        else:
            call.kwargs[key] = UNKNOWN
    args = bind(spec, call, call.kind)
    if spec.validate:
        spec.validate(args)
    return spec.call(args, shape)


def error(src: str, shape: tuple) -> LayerError:
    with pytest.raises(LayerError) as info:
        run(src, shape)
    return info.value


@pytest.mark.parametrize(
    ("src", "shape", "code", "arg", "expected", "found", "says"),
    [
        (
            "Linear(4096, 10)",
            (8, 5408),
            "LL102",
            "in_features",
            "4096",
            "5408",
            "Linear(4096, 10) receives 5408 features; use Linear(5408, 10) or nn.LazyLinear(10)",
        ),
        (
            "Conv2d(3, 16, 3)",
            (4, 1, 32, 32),
            "LL102",
            "in_channels",
            "3",
            "1",
            "Conv2d expects 3 input channels; the data has 1",
        ),
        (
            "BatchNorm1d(30)",
            (8, 20),
            "LL102",
            "num_features",
            "30",
            "20",
            "BatchNorm1d(30) receives 20 channels; use BatchNorm1d(20)",
        ),
        ("LSTM(17, 64)", (10, 4, 16), "LL102", "input_size", "17", "16", "use input_size=16"),
        ("LayerNorm(28)", (4, 10, 27), "LL102", "normalized_shape", "[28]", "[27]", "LayerNorm"),
        ("Unflatten(1, (4, 1))", (8, 5), "LL104", "unflattened_size", "4", "5", "multiply"),
        ("Conv2d(3, 16, 5)", (4, 3, 4, 4), "LL103", None, None, "[4, 3, 4, 4]", "larger"),
        ("MaxPool2d(2)", (4, 16, 1, 1), "LL103", None, None, "[4, 16, 1, 1]", "no output"),
        ("BatchNorm2d(16)", (4, 16, 5), "LL101", None, "a 4D input", "[4, 16, 5]", "4D"),
        ("Conv1d(3, 8, 3)", (3,), "LL101", None, None, "[3]", "Conv1d expects"),
        ("Bilinear(3, 3, 2)", (4, 3), "LL107", None, None, None, "two inputs"),
    ],
)
def test_error_names_the_number_to_change(src, shape, code, arg, expected, found, says) -> None:
    e = error(src, shape)
    assert e.code == code
    assert e.arg == arg
    if expected is not None:
        assert e.expected == expected
    assert e.found == found
    assert says in e.message


def test_channels_last_data_gets_a_permute_hint() -> None:
    e = error("Conv1d(3, 16, 3)", (4, 50, 3))
    assert "looks like (batch, length, channels): permute it" in e.message
    assert "permute" not in error("Conv1d(3, 16, 3)", (4, 50, 7)).message


def test_constructor_errors_are_ll105_with_the_argument() -> None:
    call = parse_call("Conv2d(3, 16, 3, stride=2, padding='same')")
    spec = lookup("torch", "Conv2d")
    with pytest.raises(LayerError) as info:
        spec.validate(bind(spec, call, "Conv2d"))
    assert (info.value.code, info.value.arg) == ("LL105", "padding")
    assert info.value.framework == (
        "ValueError: padding='same' is not supported for strided convolutions"
    )


@pytest.mark.parametrize(
    ("src", "shape"),
    [
        ("Linear(4096, 10)", (None, 5408)),
        ("Linear(4096, 10)", ("batch", 5408)),
        ("Conv2d(3, 16, 3)", (None, 1, 32, 32)),
        ("BatchNorm1d(30)", ("?", 20)),
    ],
)
def test_unknown_batch_still_reports_a_definite_mismatch(src: str, shape: tuple) -> None:
    assert error(src, shape).code == "LL102"


@pytest.mark.parametrize(
    ("src", "shape", "expected"),
    [
        ("Linear(4096, 10)", (None, "features"), (None, 10)),
        ("Conv2d(3, 16, 3)", (None, "c", "h", 32), (None, 16, "?", 30)),
        ("Conv2d(3, 16, 3)", (None, 3, None, 32), (None, 16, "?", 30)),
        ("MaxPool2d(2)", (None, 3, "h", 2), (None, 3, "?", 1)),
        ("Flatten()", (None, 32, "h", 13), (None, "?")),
        ("Unflatten(1, (-1, 7))", (None, "n"), (None, "?", 7)),
        ("LSTM(17, 64)", ("t", None, "f"), ("t", None, 64)),
        ("LayerNorm((10, 28))", (None, "a", 28), (None, "a", 28)),
        ("Embedding(10, 3)", (None, "t"), (None, "t", 3)),
    ],
)
def test_unknown_dims_are_never_errors(src: str, shape: tuple, expected) -> None:
    assert run(src, shape).shape == expected


def test_a_too_small_known_axis_is_an_error_even_next_to_unknown_ones() -> None:
    assert error("MaxPool2d(2)", (None, 3, "h", 1)).code == "LL103"


@pytest.mark.parametrize(
    ("src", "unknown"),
    [
        ("Linear(4096, 10)", "in_features"),
        ("Conv2d(3, 16, 3)", "kernel_size"),
        ("LSTM(5, 64)", "hidden_size"),
        ("Unflatten(1, (2, 5))", "unflattened_size"),
        ("Upsample(scale_factor=2)", "scale_factor"),
        ("Flatten(1)", "start_dim"),
    ],
)
def test_unknown_arguments_make_the_output_unknown(src: str, unknown: str) -> None:
    with pytest.raises(Unmodelled):
        run(src, (4, 10, 8, 8), **{unknown: None})


def test_rnn_outputs_are_a_flattened_tuple() -> None:
    out = run("LSTM(5, 64, batch_first=True, bidirectional=True)", (4, 10, 5))
    assert out.shape == (4, 10, 128)
    assert out.outputs == ((4, 10, 128), (2, 4, 64), (2, 4, 64))
    assert run("GRU(5, 8)", (10, 5)).outputs == ((10, 8), (1, 8))
    assert run("MaxPool2d(2, return_indices=True)", (3, 8, 8)).outputs == ((3, 4, 4),) * 2
    assert run("Linear(5, 2)", (4, 5)).outputs is None


def test_lazy_parameters_are_known_once_the_input_is() -> None:
    assert run("LazyLinear(10)", (8, 5408)).params == 54090
    assert run("LazyLinear(10)", (8, "f")).params is None
    assert run("LazyConv2d(16, 3)", (4, "c", 8, 8)).params is None


@pytest.mark.parametrize("name", sorted(INDEX_MODULES))
def test_float_indices_error_is_torchs(name: str) -> None:
    module = getattr(nn, name)(10, 3)
    with pytest.raises(Exception) as info:
        module(torch.zeros(4, 7))
    real = f"{type(info.value).__name__}: {info.value}"
    assert float_indices_error(name).framework == real
    assert float_indices_error(name).code == "LL201"


@pytest.mark.parametrize("name", ["Softmax", "LogSoftmax", "Softmin"])
@pytest.mark.parametrize("rank", [0, 1, 2, 3, 4])
def test_implicit_softmax_axis_and_warning_are_torchs(name: str, rank: int) -> None:
    x = torch.arange(float(2**rank)).reshape((2,) * rank)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        implicit = getattr(nn, name)()(x)
    axis = softmax_axis(None, rank)
    explicit = getattr(nn, name)(dim=axis)(x)
    assert torch.equal(implicit, explicit)
    texts = [f"{w.category.__name__}: {w.message}" for w in caught]
    assert implicit_dim_warning(name) in texts
