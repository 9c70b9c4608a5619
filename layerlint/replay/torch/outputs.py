"""What a module's call gives the torch model replay: its output's value (an RNN's tuple, laid
out as torch lays it), the shapes its row shows, and what torch raises when such a tuple reaches
another module of an ``nn.Sequential`` (LL107, with what layerlint says to do)."""

from __future__ import annotations

from typing import Any

from ...ir import Call
from ...layers.base import Args, Out
from ...layers.torch.strides import is_contiguous
from ...results import LayerReport
from ...shapes import Shape
from .flow import first_shape
from .ops import Tensor

# What torch raises when a module receives the tuple an RNN returned (measured, torch 2.13):
# the functional the module calls, or the attribute it reads first. Identity passes it on.
TUPLE_ERRORS = {
    **{name: f"TypeError: {fn}(): argument 'input' (position 1) must be Tensor, not tuple"
       for name, fn in {
           "Linear": "linear", "ReLU": "relu", "Dropout": "dropout", "Tanh": "tanh",
           "Sigmoid": "sigmoid", "GELU": "gelu", "LeakyReLU": "leaky_relu", "ELU": "elu",
           "LayerNorm": "layer_norm", "MaxPool1d": "max_pool1d", "AvgPool1d": "avg_pool1d",
           "MaxPool2d": "max_pool2d", "AdaptiveAvgPool1d": "adaptive_avg_pool1d", "SiLU": "silu",
           "Softplus": "softplus", "Mish": "mish", "Hardtanh": "hardtanh", "ReLU6": "hardtanh",
           "PReLU": "prelu", "SELU": "selu", "CELU": "celu", "Hardswish": "hardswish",
           "Hardsigmoid": "hardsigmoid", "LogSigmoid": "log_sigmoid", "Threshold": "threshold",
           "Softshrink": "softshrink", "Hardshrink": "hardshrink", "ZeroPad1d": "pad",
           "AlphaDropout": "alpha_dropout", "PixelShuffle": "pixel_shuffle",
           "ChannelShuffle": "channel_shuffle", "ConstantPad1d": "pad",
           "ReflectionPad1d": "pad", "ReplicationPad1d": "pad",
       }.items()},
    **{name: f"AttributeError: 'tuple' object has no attribute '{attr}'" for name, attr in {
        "Flatten": "flatten", "Softmax": "softmax", "LogSoftmax": "log_softmax",
        "BatchNorm1d": "dim", "BatchNorm2d": "dim", "LSTM": "dim", "GRU": "dim", "RNN": "dim",
        "Dropout1d": "dim", "Unflatten": "unflatten", "Softsign": "abs", "Tanhshrink": "tanh",
        "GLU": "dim", "Upsample": "dim", "InstanceNorm1d": "dim", "GroupNorm": "dim",
        "LazyLinear": "shape", "AdaptiveAvgPool2d": "size", "LPPool1d": "pow",
    }.items()},
    "Embedding": "TypeError: embedding(): argument 'indices' (position 2) must be Tensor, not "
                 "tuple",
    "Softmin": "TypeError: bad operand type for unary -: 'tuple'",
}
RNN_KINDS = ("RNN", "LSTM", "GRU")


def tuple_message(call: Call, previous: Any) -> str:
    rnn = previous.kind if isinstance(previous, Call) and previous.kind in RNN_KINDS else "RNN"
    returned = "(output, (h, c))" if rnn == "LSTM" else "(output, h)"
    return (f"nn.{rnn} returns {returned}; nn.Sequential passes the tuple to {call.kind}: wrap "
            f"the {rnn} in a module whose forward returns only the output (e.g. "
            f"`out, _ = self.rnn(x)`), or use a custom forward")


def flat_shapes(value: Any) -> list[Shape] | None:
    if isinstance(value, Tensor):
        return [value.shape]
    if isinstance(value, tuple):
        out: list[Shape] = []
        for item in value:
            shapes = flat_shapes(item)
            if shapes is None:
                return None
            out.extend(shapes)
        return out
    return None


def set_output(report: LayerReport, value: Any) -> None:
    report.output_shape = first_shape(value)
    if isinstance(value, tuple):
        shapes = flat_shapes(value)
        report.outputs = tuple(shapes) if shapes else None


def product(dims: tuple) -> int:
    total = 1
    for d in dims:
        total *= d
    return total


def leaf_value(kind: str, args: Args, out: Out) -> Any:
    if out.shape is None:
        return None
    if out.outputs and kind in RNN_KINDS:
        tensors = [Tensor(s, "float32") for s in out.outputs]
        first = out.outputs[0]
        if args.batch_first is True and len(first) == 3 and all(
                isinstance(d, int) for d in first):
            # batch_first: the output is laid out time-major, a transposed view (measured,
            # torch 2.13: (3, 5, 12) has strides (12, 36, 1)); so x.view(...) may fail on it
            b, _, f = first
            strides = (f, b * f, 1)
            tensors[0] = Tensor(first, "float32", contiguous=is_contiguous(first, strides),
                                strides=strides)
        if kind == "LSTM" and len(tensors) == 3:
            return (tensors[0], (tensors[1], tensors[2]))
        return tuple(tensors)
    return Tensor(out.shape, "float32")
