"""Torch tensor functions that compute: broadcasting binary ops (``+``, ``*``, ``torch.add``),
matrix products (``@``/matmul, mm, bmm), reductions (mean, sum, amax, max with dim/keepdim),
softmax and the shape-keeping activations (messages measured on torch 2.13, CPU).
"""

from __future__ import annotations

from ...ir import UNKNOWN
from ...shapes import UNKNOWN_DIM, Dim, Shape, is_known
from ..base import Args, LayerError, Out, Unmodelled
from ._common import numel, tdim
from ._function import (
    TensorArg,
    bad_argument,
    bool_value,
    differ,
    int_value,
    rank_mismatch,
    size_mismatch,
    tensor,
    torch_function,
    wrap,
)
from .activation import softmax_axis

# --- broadcasting -------------------------------------------------------------------------------


def broadcast(a: Args, first: Shape, second: Shape) -> Shape:
    """ATen's ``infer_size``: axes aligned from the end, checked last axis first."""
    rank = max(len(first), len(second))
    out: list[Dim] = [UNKNOWN_DIM] * rank
    for i in range(rank - 1, -1, -1):
        d = first[i - rank + len(first)] if i - rank + len(first) >= 0 else 1
        e = second[i - rank + len(second)] if i - rank + len(second) >= 0 else 1
        if differ(d, e) and d != 1 and e != 1:
            raise size_mismatch(
                a, f"The size of tensor a ({d}) must match the size of tensor b ({e}) at "
                f"non-singleton dimension {i}",
                f"cannot broadcast {_shape(first)} with {_shape(second)}: axis {i} is {d} in "
                f"one and {e} in the other", d, e)
        if d == 1:
            out[i] = e
        elif e == 1 or (is_known(d) and not is_known(e)):
            out[i] = d
        elif is_known(e):
            out[i] = e
        else:
            out[i] = UNKNOWN_DIM  # neither is known: either may be 1
    return tuple(UNKNOWN_DIM if d is None else d for d in out)


def _shape(x: Shape) -> str:
    return "[" + ", ".join(tdim(d) for d in x) + "]"


def operand(a: Args, name: str) -> Shape:
    """A tensor operand's shape; a Python number broadcasts like a 0-D tensor."""
    value = getattr(a, name)
    if isinstance(value, TensorArg):
        return value.shape
    if isinstance(value, (int, float, complex)):  # bools too
        return ()
    raise Unmodelled(f"{a.layer_type}({name}={value!r})")


def _binary(a: Args, xs: tuple[Shape, ...]) -> Out:
    other = "exponent" if a.layer_type.endswith("pow") else "other"
    first = operand(a, "input")
    if not isinstance(a.input, TensorArg):
        raise Unmodelled(f"{a.layer_type} of a number")
    return Out(broadcast(a, first, operand(a, other)))


# name: (signature after input, function binding, method binding), as measured
_BINARY = {
    "add": (", *, alpha=1", "aten-keywords", "aten-keywords"),
    "sub": (", *, alpha=1", "aten-keywords", "aten-keywords"),
    "subtract": (", *, alpha=1", None, None),
    "mul": ("", "aten", "aten"),
    "multiply": ("", "aten-keywords", None),
    "div": (", *, rounding_mode=None", None, None),
    "divide": (", *, rounding_mode=None", None, None),
    "true_divide": ("", "aten-keywords", None),
    "floor_divide": ("", "aten-keywords", None),
    "remainder": ("", None, None),
    "fmod": ("", None, None),
    "maximum": ("", "aten", "aten"),
    "minimum": ("", "aten", "aten"),
    "atan2": ("", "aten", "aten"),
    "hypot": ("", "aten", "aten"),
    "logical_and": ("", "aten", "aten"),
    "logical_or": ("", "aten", "aten"),
    **{name: ("", None, None) for name in ("eq", "ne", "lt", "le", "gt", "ge")},
}
for _name, (_keyword, _binding, _method_binding) in _BINARY.items():
    torch_function(_name, f"input, other{_keyword}", method=True, binding=_binding,
                   method_binding=_method_binding)(_binary)
torch_function("pow", "input, exponent", method=True, binding=None)(_binary)


# --- matrix products ----------------------------------------------------------------------------


def _cannot_multiply(a: Args, rows: Dim, k: Dim, k2: Dim, cols: Dim) -> LayerError:
    return size_mismatch(
        a, f"mat1 and mat2 shapes cannot be multiplied ({tdim(rows)}x{tdim(k)} and "
        f"{tdim(k2)}x{tdim(cols)})",
        f"the left matrix has {k} columns but the right one has {k2} rows", k, k2)


def _mv_mismatch(a: Args, rows: Dim, k: Dim, vec: Dim) -> LayerError:
    return size_mismatch(
        a, f"size mismatch, got input ({tdim(rows)}), mat ({tdim(rows)}x{tdim(k)}), vec "
        f"({tdim(vec)})", f"the matrix has {k} columns but the vector has {vec} elements",
        k, vec)


def _bmm_mismatch(a: Args, batch: Dim, k: Dim, batch2: Dim, k2: Dim) -> LayerError:
    return size_mismatch(
        a, f"Expected size for first two dimensions of batch2 tensor to be: [{tdim(batch)}, "
        f"{tdim(k)}] but got: [{tdim(batch2)}, {tdim(k2)}].",
        f"the left batch of matrices has {k} columns but the right one {k2} rows"
        + (f" (and {batch2} matrices, not {batch})" if differ(batch, batch2) else ""), k, k2)


def matmul_shape(a: Args, left: TensorArg, right: TensorArg) -> Shape:
    """``torch.matmul`` as ATen's ``_matmul_impl`` runs it: dot, mv, mm, a folded mm/mv, or a
    broadcast bmm. Which kernel runs (and so the message) may depend on autograd and strides;
    where layerlint does not know them, both paths are followed and must agree."""
    x, y = left.shape, right.shape
    d1, d2 = len(x), len(y)
    if d1 == 0 or d2 == 0:
        raise rank_mismatch(a, f"RuntimeError: both arguments to matmul need to be at least 1D, "
                            f"but they are {d1}D and {d2}D",
                            f"needs tensors of at least 1-D, got {d1}-D and {d2}-D")
    if d1 == 1 and d2 == 1:
        if differ(x[0], y[0]):
            raise size_mismatch(
                a, f"inconsistent tensor size, expected tensor [{x[0]}] and src [{y[0]}] to "
                f"have the same number of elements, but got {x[0]} and {y[0]} elements "
                "respectively", f"the vectors have {x[0]} and {y[0]} elements", x[0], y[0])
        return ()
    if d1 == 2 and d2 == 1:
        if differ(x[1], y[0]):
            raise _mv_mismatch(a, x[0], x[1], y[0])
        return (x[0],)
    if d1 == 1 and d2 == 2:
        if differ(x[0], y[0]):
            raise _cannot_multiply(a, 1, x[0], y[0], y[1])
        return (y[1],)
    if d1 == 2 and d2 == 2:
        if differ(x[1], y[0]):
            raise _cannot_multiply(a, x[0], x[1], y[0], y[1])
        return (x[0], y[1])
    fold = _should_fold(left, right)
    if fold is None:
        return _either(lambda: _folded(a, left, right), lambda: _batched(a, left, right))
    return _folded(a, left, right) if fold else _batched(a, left, right)


def _should_fold(left: TensorArg, right: TensorArg) -> bool | None:
    """ATen's ``should_fold``: fold the larger operand into a matrix when that copies nothing
    (or when the smaller one requires grad). None: it depends on what layerlint does not know."""
    x, y = left.shape, right.shape
    larger = len(x) >= len(y)
    if not (max(len(x), len(y)) >= 3 and min(len(x), len(y)) <= 2):
        return False
    grad = right.requires_grad if larger else left.requires_grad
    if grad:
        return True
    if len(x) == 2:
        return None if grad is None else False
    # the larger operand (the right one transposed) must fold without a copy
    t1 = left if larger else right
    strides, shape = t1.layout(), t1.shape
    if strides is not None and not larger:
        shape = shape[:-2] + (shape[-1], shape[-2])
        strides = strides[:-2] + (strides[-1], strides[-2])
    if strides is None or not all(is_known(d) for d in shape[1:]):
        return None
    folds = all(strides[i] == strides[i + 1] * shape[i + 1] for i in range(len(shape) - 2))
    if not folds and grad is None:
        return None
    return folds


def _folded(a: Args, left: TensorArg, right: TensorArg) -> Shape:
    x, y = left.shape, right.shape
    transpose = len(y) > len(x)
    t1 = (y[:-2] + (y[-1], y[-2])) if transpose else x
    t2 = ((x[1], x[0]) if len(x) == 2 else x) if transpose else y
    out = t1[:-1]
    rows, k = numel(out), t1[-1]
    if len(t2) == 2:
        if differ(k, t2[0]):
            raise _cannot_multiply(a, rows, k, t2[0], t2[1])
        out = out + (t2[1],)
        return out[:-2] + (out[-1], out[-2]) if transpose else out
    if differ(k, t2[0]):
        raise _mv_mismatch(a, rows, k, t2[0])
    return out


def _batched(a: Args, left: TensorArg, right: TensorArg) -> Shape:
    x, y = left.shape, right.shape
    d1, d2 = len(x), len(y)
    if d1 == 3 and d2 == 3 and not (is_known(x[0]) and is_known(y[0]) and x[0] == y[0]):
        # a batch of one that requires grad is squeezed to a matrix (when the batches differ)
        for one, squeezed in ((left, lambda: (_squeezed(left), right)),
                              (right, lambda: (left, _squeezed(right)))):
            if one.shape[0] != 1 or one.requires_grad is False:
                continue
            if one.requires_grad and differ(x[0], y[0]):
                return matmul_shape(a, *squeezed())
            return _either(lambda s=squeezed: matmul_shape(a, *s()),
                           lambda: _bmm_path(a, x, y))
    return _bmm_path(a, x, y)


def _squeezed(t: TensorArg) -> TensorArg:
    return TensorArg(t.shape[1:], t.requires_grad, t.contiguous)


def _bmm_path(a: Args, x: Shape, y: Shape) -> Shape:
    d1, d2 = len(x), len(y)
    m1, m2 = x[-1], (y[-2] if d2 >= 2 else y[0])
    batch = broadcast(a, x[:-2], y[:-2])
    if differ(m1, m2):
        product = numel(batch)
        raise _bmm_mismatch(a, product, m1, product, m2)
    return batch + ((x[-2],) if d1 >= 2 else ()) + ((y[-1],) if d2 >= 2 else ())


def _either(first, second) -> Shape:
    """Two paths torch may take: their common outcome, or unknown if they differ."""
    outcomes = []
    for path in (first, second):
        try:
            outcomes.append(("shape", path()))
        except LayerError as error:
            outcomes.append(("error", error))
    (kind1, v1), (kind2, v2) = outcomes
    if kind1 == kind2 == "shape" and v1 == v2:
        return v1
    if kind1 == kind2 == "error" and v1.framework == v2.framework:
        raise v1
    raise Unmodelled("matmul: which kernel runs depends on autograd or strides")


@torch_function("matmul", "input, other", method=True)
def matmul(a: Args, xs: tuple[Shape, ...]) -> Out:
    return Out(tuple(UNKNOWN_DIM if d is None else d
                     for d in matmul_shape(a, tensor(a, "input"), tensor(a, "other"))))


@torch_function("mm", "input, mat2", method=True, binding=None, method_binding="aten")
def mm(a: Args, xs: tuple[Shape, ...]) -> Out:
    x, y = tensor(a, "input").shape, tensor(a, "mat2").shape
    if len(x) != 2:
        raise rank_mismatch(a, "RuntimeError: self must be a matrix",
                            f"the first operand must be 2-D, got {len(x)}-D")
    if len(y) != 2:
        raise rank_mismatch(a, "RuntimeError: mat2 must be a matrix",
                            f"the second operand must be 2-D, got {len(y)}-D")
    if differ(x[1], y[0]):
        raise _cannot_multiply(a, x[0], x[1], y[0], y[1])
    return Out(tuple(UNKNOWN_DIM if d is None else d for d in (x[0], y[1])))


@torch_function("bmm", "input, mat2", method=True, binding=None, method_binding="aten")
def bmm(a: Args, xs: tuple[Shape, ...]) -> Out:
    x, y = tensor(a, "input").shape, tensor(a, "mat2").shape
    if len(x) != 3:
        raise rank_mismatch(a, "RuntimeError: batch1 must be a 3D tensor",
                            f"the first operand must be 3-D, got {len(x)}-D")
    if len(y) != 3:
        raise rank_mismatch(a, "RuntimeError: batch2 must be a 3D tensor",
                            f"the second operand must be 3-D, got {len(y)}-D")
    if differ(x[0], y[0]) or differ(x[2], y[1]):
        raise _bmm_mismatch(a, x[0], x[2], y[0], y[1])
    return Out(tuple(UNKNOWN_DIM if d is None else d for d in (x[0], x[1], y[2])))


# --- reductions ---------------------------------------------------------------------------------


def reduced(a: Args, x: Shape, dims: tuple[int, ...] | None, keep: bool) -> Shape:
    """The shape after reducing ``dims`` (None or empty: every axis)."""
    if not dims:
        return tuple(1 for _ in x) if keep else ()
    axes: list[int] = []
    for d in dims:
        axis = wrap(a, x, d)
        if axis in axes:
            raise bad_argument(a, "dim", f"RuntimeError: dim {axis} appears multiple times in "
                               "the list of dims", f"axis {axis} is listed twice")
        axes.append(axis)
    out = tuple((1 if i in axes else d) for i, d in enumerate(x) if keep or i not in axes)
    return tuple(UNKNOWN_DIM if d is None else d for d in out)


def _dims(a: Args) -> tuple[int, ...] | None:
    dim = a.dim
    if dim is None:
        return None
    if isinstance(dim, int) and not isinstance(dim, bool):
        return (dim,)
    if isinstance(dim, (tuple, list)) and all(
            isinstance(d, int) and not isinstance(d, bool) for d in dim):
        return tuple(dim)
    raise Unmodelled(f"{a.layer_type}(dim={dim!r})")


def _reduce(a: Args, xs: tuple[Shape, ...]) -> Out:
    if a.raw("dtype") is not None:
        raise Unmodelled(f"{a.layer_type}(dtype=...)")
    return Out(reduced(a, xs[0], _dims(a), bool_value(a, "keepdim")))


for _name, _binding, _method_binding in (("mean", None, "aten-keywords"),
                                         ("sum", "aten-keywords", "aten-keywords"),
                                         ("nansum", "aten", "aten"), ("nanmean", "aten", "aten")):
    torch_function(_name, "input, dim=None, keepdim=False, *, dtype=None", method=True,
                   binding=_binding, method_binding=_method_binding)(_reduce)
for _name in ("amax", "amin"):
    torch_function(_name, "input, dim=(), keepdim=False", method=True)(_reduce)


def _arg_reduce(a: Args, xs: tuple[Shape, ...]) -> Out:
    if a.dim is None:
        if a.keepdim is not False:
            raise Unmodelled(f"{a.layer_type}(keepdim=...) without dim")
        return Out(())
    return Out(reduced(a, xs[0], (int_value(a, "dim"),), bool_value(a, "keepdim")))


for _name in ("argmax", "argmin"):
    torch_function(_name, "input, dim=None, keepdim=False", method=True)(_arg_reduce)


def _max(a: Args, xs: tuple[Shape, ...]) -> Out:
    """max/min: the whole tensor, (values, indices) along ``dim``, or elementwise with a tensor."""
    dim = a.dim
    if isinstance(dim, TensorArg):
        if a.given("keepdim"):
            raise Unmodelled(f"{a.layer_type}(input, other, keepdim)")
        return Out(broadcast(a, xs[0], dim.shape))
    if dim is None:
        if a.given("keepdim") or a.given("dim"):
            raise Unmodelled(f"{a.layer_type}(keepdim=) without dim")
        return Out(())
    shape = reduced(a, xs[0], (int_value(a, "dim"),), bool_value(a, "keepdim"))
    return Out(shape, outputs=(shape, shape))


for _name in ("max", "min"):
    torch_function(_name, "input, dim=None, keepdim=False", method=True, binding=None)(_max)


# --- same shape ---------------------------------------------------------------------------------


def _softmax(a: Args, xs: tuple[Shape, ...]) -> Out:
    x, dim = xs[0], a.dim
    if a.dtype is not None:
        raise Unmodelled(f"{a.layer_type}(dtype=...)")
    if dim is None and not a.layer_type.startswith("F."):
        raise Unmodelled(f"{a.layer_type} without dim")  # an overload TypeError in torch
    axis = softmax_axis(None if dim is None else int_value(a, "dim"), len(x))
    wrap(a, x, axis)
    return Out(_same(x))


for _name in ("softmax", "log_softmax", "softmin"):
    torch_function(f"F.{_name}", "input, dim=None, _stacklevel=3, dtype=None",
                   binding="python")(_softmax)
for _name in ("softmax", "log_softmax"):
    torch_function(_name, "input, dim, dtype=None", method=True)(_softmax)


def _same(x: Shape) -> Shape:
    return tuple(UNKNOWN_DIM if d is None else d for d in x)


def _elementwise(a: Args, xs: tuple[Shape, ...]) -> Out:
    return Out(_same(xs[0]))


def _keeps_shape(name: str, signature: str, **options) -> None:
    torch_function(name, signature, elementwise=True, **options)(_elementwise)


# torch.<name>(input) with a method form: shape-keeping math (the methods take no arguments)
for _name in ("relu", "sigmoid", "tanh", "exp", "log", "abs", "sqrt", "rsqrt", "neg", "sin",
              "cos", "square", "sign", "floor", "ceil", "reciprocal", "erf", "log1p", "expm1"):
    _keeps_shape(_name, "input", method=True, method_binding="noargs")
_keeps_shape("round", "input, *, decimals=0", method=True, binding=None)
for _name in ("sigmoid_", "relu_", "tanh_", "exp_", "abs_", "neg_", "detach", "zero_"):
    _keeps_shape(f"Tensor.{_name}", "input", binding="noargs")

# methods that keep the shape (dtype and device conversions, copies)
for _name in ("contiguous", "float", "double", "half", "bfloat16", "long", "int", "bool",
              "clone", "cpu"):
    _keeps_shape(f"Tensor.{_name}", "input, *, memory_format=None")
_keeps_shape("Tensor.requires_grad_", "input, requires_grad=True")
_keeps_shape("Tensor.type_as", "input, other")
_keeps_shape("Tensor.fill_", "input, value", binding=None)
for _name in ("clamp", "clamp_"):
    _keeps_shape(f"Tensor.{_name}", "input, min=None, max=None", binding=None)


@torch_function("Tensor.to", "input, *args", binding=None, elementwise=True)
def to(a: Args, xs: tuple[Shape, ...]) -> Out:
    """``x.to(device)`` / ``x.to(dtype)``: only a device string is checked against torch here;
    values layerlint cannot evaluate (a ``device`` variable, ``torch.float16``) keep the shape."""
    for value in a.raw("args"):
        if value is not UNKNOWN and value not in ("cpu",):
            raise Unmodelled(f"x.to({value!r})")
    return Out(_same(xs[0]))


# F.<name>: Python functions (CPython's binding messages) unless noted
_FUNCTIONAL = {
    "relu": "input, inplace=False",
    "relu6": "input, inplace=False",
    "elu": "input, alpha=1.0, inplace=False",
    "selu": "input, inplace=False",
    "celu": "input, alpha=1.0, inplace=False",
    "leaky_relu": "input, negative_slope=0.01, inplace=False",
    "silu": "input, inplace=False",
    "mish": "input, inplace=False",
    "hardswish": "input, inplace=False",
    "hardsigmoid": "input, inplace=False",
    "hardtanh": "input, min_val=-1.0, max_val=1.0, inplace=False",
    "sigmoid": "input",
    "tanh": "input",
    "softsign": "input",
    "tanhshrink": "input",
}
for _name, _signature in _FUNCTIONAL.items():
    _keeps_shape(f"F.{_name}", _signature, binding="python")
_keeps_shape("F.softplus", "input, beta=1.0, threshold=20.0")
_keeps_shape("F.logsigmoid", "input", binding=None)  # C++ words it log_sigmoid


@torch_function("F.gelu", "input, *, approximate='none'", elementwise=True)
def gelu(a: Args, xs: tuple[Shape, ...]) -> Out:
    approximate = a.approximate
    if not isinstance(approximate, str):
        raise Unmodelled(f"F.gelu(approximate={approximate!r})")
    if approximate not in ("none", "tanh"):
        raise bad_argument(a, "approximate", "RuntimeError: approximate argument must be either "
                           "none or tanh.", f"approximate={approximate!r} is not 'none' or 'tanh'")
    return Out(_same(xs[0]))


def _dropout(a: Args, xs: tuple[Shape, ...]) -> Out:
    p = a.p
    for flag in (a.raw("training"), a.raw("inplace")):  # `training=self.training`: any bool
        if flag is not UNKNOWN and not isinstance(flag, bool):
            raise Unmodelled(f"{a.layer_type}(training=, inplace=) not booleans")
    if not isinstance(p, (int, float)) or isinstance(p, bool):
        raise Unmodelled(f"{a.layer_type}(p={p!r})")
    if p < 0 or p > 1:
        raise bad_argument(a, "p", f"ValueError: dropout probability has to be between 0 and 1, "
                           f"but got {p}", f"p={p} is not a probability")
    return Out(_same(xs[0]))


for _name in ("dropout", "alpha_dropout"):
    torch_function(f"F.{_name}", "input, p=0.5, training=True, inplace=False",
                   binding="python", elementwise=True)(_dropout)

