"""What a torch module with float32 parameters does with an input of another dtype.

Data often reaches a model in another dtype than its float32 weights: ``torch.from_numpy`` of a
float64 array, ``torch.tensor`` of integers, images as uint8. Measured on torch 2.13 (CPU),
pinned by tests/test_torch_input_dtype.py:

* ``Linear`` checks the dtype before the shapes (any rank >= 1): ``mat1 and mat2 must have the
  same dtype, but got Double and Float`` (with a bias; without one ``expected m1 and m2 to have
  the same dtype, but got: double != float``);
* ``Conv1d/2d/3d`` with a bias: ``Input type (double) and bias type (float) should be the same``,
  before any shape check;
* ``RNN`` / ``LSTM`` / ``GRU``: the rank first, then a ValueError naming both dtypes;
* activations, pooling, dropout, flatten and softmax keep a float64 / float16 input's dtype.

Anything else (other modules, integer data through them, norms whose order of checks depends on
the dtype) is not claimed: the module's output is unknown.
"""

from __future__ import annotations

from typing import Any

from ...ir import Call
from ..base import LayerError

FLOAT32 = "float32"
# torch's names of a dtype: the scalar type name (``Double``) and the C++ type (``double``).
SCALAR = {"float64": "Double", "float16": "Half", "bfloat16": "BFloat16", "int64": "Long",
          "int32": "Int", "int16": "Short", "int8": "Char", "uint8": "Byte", "bool": "Bool"}
CPP = {"float64": "double", "float16": "c10::Half", "int64": "long int", "int32": "int",
       "uint8": "unsigned char", "bool": "bool"}
# Modules without parameters that run on a float64 / float16 input and keep its dtype.
FLOAT_KEEPING = frozenset((
    "ReLU", "Sigmoid", "Tanh", "LeakyReLU", "GELU", "ELU", "Softplus", "Flatten", "Identity",
    "Dropout", "Dropout2d", "MaxPool1d", "MaxPool2d", "AvgPool1d", "AvgPool2d",
    "AdaptiveAvgPool2d", "Softmax", "LogSoftmax",
))
CONVS = ("Conv1d", "Conv2d", "Conv3d")
RNNS = ("RNN", "LSTM", "GRU")


def input_dtype(kind: str, bias: Any, dtype: str | None, rank: int) -> LayerError | str | None:
    """A module ``kind`` (its ``bias`` argument as written) with float32 parameters, called on a
    tensor of ``dtype`` and ``rank``: the error torch raises, the output's dtype when it runs,
    or None when layerlint does not know. A float32 (or unknown) input is the catalogue's."""
    if dtype is None or dtype == FLOAT32:
        return FLOAT32
    scalar, cpp = SCALAR.get(dtype), CPP.get(dtype)
    if kind == "Linear" and rank >= 1 and scalar is not None:
        if bias is True:
            return _error(kind, dtype, f"RuntimeError: mat1 and mat2 must have the same dtype, "
                          f"but got {scalar} and Float")
        if bias is False and cpp is not None:
            return _error(kind, dtype, "RuntimeError: expected m1 and m2 to have the same "
                          f"dtype, but got: {cpp} != float")
        return None
    if kind in CONVS and bias is True and cpp is not None:
        return _error(kind, dtype, f"RuntimeError: Input type ({cpp}) and bias type (float) "
                      "should be the same")
    if kind in RNNS and rank in (2, 3):
        return _error(kind, dtype, f"ValueError: RNN input dtype (torch.{dtype}) does not match "
                      "weight dtype (torch.float32). Convert input: input.to(torch.float32), or "
                      f"convert model: model.to(torch.{dtype})")
    if kind in FLOAT_KEEPING and dtype in ("float64", "float16"):
        return dtype
    return None


def module_dtype(call: Call, bias: Any, dtype: str | None, rank: int,
                 weights: str | None) -> LayerError | str | None:
    """``input_dtype`` for a module of a model whose parameters are ``weights`` (None: the code
    may convert them, ``model.double()``): then, as for a module made with ``dtype=``, data of
    a known dtype is claimed only by a module without parameters."""
    if call.kind in ("Embedding", "EmbeddingBag") or dtype is None:  # indices: the
        return FLOAT32  # replay's own check; a dtype not known (a probe): the shapes decide
    if (weights != FLOAT32 or "dtype" in call.kwargs) and call.kind not in FLOAT_KEEPING:
        return None
    return input_dtype(call.kind, bias, dtype, rank)


# Tensor functions that run on integer / bool tensors (measured on int64, uint8 and bool); the
# others (softmax, mean, F.* of the nn family) raise for some: not claimed on such tensors.
SHAPE_AND_CAST = frozenset((
    "view", "reshape", "permute", "transpose", "flatten", "unsqueeze", "squeeze", "cat",
    "concat", "concatenate", "stack", "split", "chunk", "float", "double", "half", "bfloat16",
    "long", "int", "bool", "to", "contiguous", "clone", "detach", "cpu", "swapaxes", "swapdims",
    "type_as", "sum", "amax", "amin", "max", "min", "eq", "ne", "lt", "le", "gt", "ge", "add",
    "mul", "multiply",
))
INTEGER_ARITHMETIC = frozenset((
    "argmax", "argmin", "sub", "subtract", "abs", "neg", "relu", "remainder", "floor_divide",
    "div", "divide", "true_divide", "matmul", "mm", "bmm", "sign", "square", "pow", "maximum",
    "minimum",
))


def function_claimed(name: str, dtype: str | None) -> bool:
    """Whether the function ``name`` (short: ``"softmax"``) on a tensor of ``dtype`` runs as
    the catalogue says (float or unknown dtypes: the catalogue's business)."""
    if dtype is None or dtype.startswith(("float", "bfloat")):
        return True
    return name in SHAPE_AND_CAST or (dtype != "bool" and name in INTEGER_ARITHMETIC)


def _error(kind: str, dtype: str, framework: str) -> LayerError:
    return LayerError(
        "LL201", f"{kind} has float32 weights but receives {dtype} data; convert the data "
        "with .float()", framework, expected="float32", found=dtype)
