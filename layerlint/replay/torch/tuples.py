"""A module of an ``nn.Sequential`` given the tuple an RNN returns: what torch raises, and what
layerlint says to do (the torch model replay's LL107)."""

from __future__ import annotations

from typing import Any

from ...ir import Call

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


