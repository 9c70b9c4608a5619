"""The vocabulary of torch tensor-function entries (``torch.cat``, ``F.relu``, ``x.view``).

An entry is ``call(a, xs) -> Out`` registered with the function's Python signature::

    @torch_function("cat", "tensors, dim=0", aliases=("concat", "concatenate"))
    def cat(a: Args, xs: tuple[Shape, ...]) -> Out: ...

* ``name`` ``"cat"`` registers ``torch.cat``; ``"F.relu"`` registers
  ``torch.nn.functional.relu``; ``"Tensor.view"`` only the method (its signature names the
  tensor itself first). ``method=True`` also registers the method ``Tensor.cat`` with the
  signature less its first parameter (the tensor itself); ``method="*shape"`` gives the method
  its own signature (``x.view(*shape)`` vs ``torch.reshape(input, shape)``).
* Tensors are passed as :class:`TensorArg` values (a list of them for ``tensors``); ``xs`` holds
  the shapes of every tensor argument in the order torch receives them (the method's tensor
  first). A Python number where torch accepts one stays a number.
* ``Out.outputs`` is set when the function returns a tuple (``split``, ``chunk``, ``max(dim)``).
* ``binding`` says whose words torch uses for a call that does not fit the signature (each
  measured): ``"python"`` (a Python function: CPython's TypeError), ``"aten"`` (the C++ argument
  parser of a function with one overload), ``"aten-keywords"`` (several overloads: only an
  unknown keyword is worded alike), ``"noargs"`` (a method taking nothing:
  ``TensorBase.relu() takes no arguments``), or None (not modelled: the result is unknown).
  ``method_binding`` is the method form's when it differs.
"""

from __future__ import annotations

import ast
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ...ir import UNKNOWN
from ...shapes import Dim, Shape, is_known
from ..base import REQUIRED, Args, LayerError, Out, Param, Unmodelled
from ._common import axis_range_error
from .strides import contiguous_strides, is_contiguous

FunctionEntry = Callable[[Args, tuple[Shape, ...]], Out]


@dataclass(frozen=True)
class TensorArg:
    """A tensor argument: its shape and the two facts some kernels choose a path by.

    ``requires_grad`` / ``contiguous`` / ``strides``: None when layerlint does not know (a
    message that depends on them is then not claimed).
    """

    shape: Shape
    requires_grad: bool | None = False
    contiguous: bool | None = True
    strides: tuple[int, ...] | None = None  # when known; they decide ``contiguous`` then
    dtype: str | None = None  # "float32", "int64", ...; None when not known
    # integer data's value range when the code makes it plain (literals, ``torch.randint``'s
    # draws, taken as reached): the class indices a loss checks against its class count
    min_value: int | None = None
    max_value: int | None = None
    # "exact": the values themselves (a literal); otherwise a range values are drawn from
    bounds: str | None = None

    def layout(self) -> tuple[int, ...] | None:
        """The strides, when known (a contiguous tensor's follow from its sizes)."""
        if self.strides is not None:
            return self.strides
        return contiguous_strides(self.shape) if self.contiguous else None

    def is_contiguous(self) -> bool | None:
        if self.strides is not None:
            return is_contiguous(self.shape, self.strides)
        return self.contiguous


@dataclass(frozen=True)
class FunctionSpec:
    name: str  # "torch.cat", "F.relu", "Tensor.view"
    signature: tuple[Param, ...]
    varargs: str | None  # the name of a ``*shape`` parameter
    call: FunctionEntry
    binding: str | None
    qualname: str  # the name torch's TypeErrors use ("split", "Tensor.split")
    method: bool
    # maps each element to one element (activations, dropout, dtype casts): the result is the
    # same features as its input (analysis names the module that made them)
    elementwise: bool = False


_FUNCTIONS: dict[str, FunctionSpec] = {}


def parse_function_signature(text: str) -> tuple[tuple[Param, ...], str | None]:
    """``"input, *shape"`` / ``"input, dim=None, *, keepdim=False"`` -> (params, varargs)."""
    if not text.strip():
        return (), None
    fn = ast.parse(f"def f({text}): pass").body[0]
    assert isinstance(fn, ast.FunctionDef)
    args = fn.args
    positional = args.posonlyargs + args.args
    defaults = [REQUIRED] * (len(positional) - len(args.defaults)) + [
        ast.literal_eval(d) for d in args.defaults
    ]
    params = [Param(arg.arg, default) for arg, default in zip(positional, defaults)]
    for arg, default in zip(args.kwonlyargs, args.kw_defaults):
        params.append(
            Param(arg.arg, REQUIRED if default is None else ast.literal_eval(default), True)
        )
    return tuple(params), (args.vararg.arg if args.vararg else None)


def torch_function(
    name: str,
    signature: str,
    *,
    aliases: tuple[str, ...] = (),
    method: bool | str = False,
    binding: str | None = "aten",
    method_binding: Any = "same",
    elementwise: bool = False,
) -> Callable[[FunctionEntry], FunctionEntry]:
    """Register a tensor function (and its method form); see the module docstring."""
    functional = name.startswith("F.")
    method_only = name.startswith("Tensor.")
    short = name.removeprefix("F.").removeprefix("Tensor.")

    def decorate(call: FunctionEntry) -> FunctionEntry:
        params, varargs = parse_function_signature(signature)
        if method_only:
            for alias in (short, *aliases):
                qualname = _qualname(alias, binding)
                _register(FunctionSpec(f"Tensor.{alias}", params, varargs, call, binding,
                                       qualname, True, elementwise))
            return call
        for alias in (short, *aliases):
            key = f"F.{alias}" if functional else f"torch.{alias}"
            _register(FunctionSpec(key, params, varargs, call, binding, alias, False,
                                   elementwise))
        if method is not False:
            if isinstance(method, str):
                own, own_varargs = parse_function_signature(method)
            else:
                own, own_varargs = params[1:], varargs
            own_binding = binding if method_binding == "same" else method_binding
            for alias in (short, *aliases):
                qualname = _qualname(alias, own_binding)
                _register(FunctionSpec(f"Tensor.{alias}", (params[0], *own), own_varargs,
                                       call, own_binding, qualname, True, elementwise))
        return call

    return decorate


def _qualname(name: str, binding: str | None) -> str:
    """How a method's TypeError names it: Python methods and no-argument C methods by class."""
    return {"python": f"Tensor.{name}", "noargs": f"TensorBase.{name}"}.get(binding or "", name)


def _register(spec: FunctionSpec) -> None:
    if spec.name in _FUNCTIONS:
        raise ValueError(f"torch function {spec.name!r} registered twice")
    _FUNCTIONS[spec.name] = spec


def lookup_function(name: str) -> FunctionSpec | None:
    """``"torch.cat"``, ``"F.relu"`` or ``"Tensor.view"`` (the package's import registers
    every entry: layers/torch/__init__.py)."""
    return _FUNCTIONS.get(name)


def all_functions() -> list[FunctionSpec]:
    return list(_FUNCTIONS.values())


# --- binding ------------------------------------------------------------------------------------


def bind_function(spec: FunctionSpec, args: tuple, kwargs: dict[str, Any]) -> Args:
    """Bind like torch; a call torch rejects raises LayerError (LL105) with torch's TypeError.

    For a method, ``args[0]`` is the tensor itself. A Python function checks in CPython's order
    (unknown or repeated keywords, too many positional arguments, missing ones); the C++ parser
    counts positional arguments first and, for a method, does not count the tensor.
    """
    positional = [p for p in spec.signature if not p.keyword_only]
    values: dict[str, Any] = {}
    given = list(args)
    if spec.varargs is not None:
        extra = given[len(positional):]
        given = given[: len(positional)]
        if not extra and spec.varargs not in kwargs and spec.binding == "aten":
            # x.permute() / x.reshape(): the C++ parser's wording (measured, torch 2.13); an
            # empty tuple, x.permute(()), is a size and fails later
            _binding_error(spec, f'missing 1 required positional arguments: "{spec.varargs}"')
        if len(extra) == 1 and isinstance(extra[0], (tuple, list)):
            extra = list(extra[0])  # x.view((2, 3)) is x.view(2, 3)
        values[spec.varargs] = tuple(extra)
    names = {p.name for p in spec.signature}
    if spec.binding == "noargs" and (kwargs or len(given) > 1):
        _binding_error(spec, "takes no keyword arguments" if kwargs
                       else f"takes no arguments ({len(given) - 1} given)")
    if spec.binding != "python":  # the C++ parser counts positional arguments first
        _check_count(spec, positional, given)
    for key in kwargs:
        if key not in names:
            _binding_error(spec, f"got an unexpected keyword argument '{key}'", key)
    _check_count(spec, positional, given)
    for param, value in zip(positional, given):
        values[param.name] = value
    for key, value in kwargs.items():
        if key in values:
            _binding_error(spec, f"got multiple values for argument '{key}'", key,
                           python_only=True)
        values[key] = value
    missing = [p.name for p in spec.signature if p.required and p.name not in values]
    if missing:
        if spec.binding == "python":
            quoted = [f"'{m}'" for m in missing]
            listed = " and ".join(quoted) if len(quoted) <= 2 else (
                ", ".join(quoted[:-1]) + ", and " + quoted[-1])
            plural = "s" if len(missing) > 1 else ""
            _binding_error(spec, f"missing {len(missing)} required positional argument{plural}: "
                           f"{listed}")
        if len(missing) == 1 and spec.binding == "aten":  # the C++ parser's wording (measured)
            _binding_error(spec, f'missing 1 required positional arguments: "{missing[0]}"')
        raise Unmodelled(f"{spec.name}() missing {', '.join(missing)}")
    for param in spec.signature:
        values.setdefault(param.name, param.default)
    return Args(spec.name, values, set(kwargs) | {p.name for p in positional[: len(given)]})


def _check_count(spec: FunctionSpec, positional: list[Param], given: list) -> None:
    if len(given) <= len(positional):
        return
    if spec.binding == "aten-keywords":  # several overloads: "invalid combination"
        raise Unmodelled(f"{spec.name}() with {len(given)} positional arguments")
    offset = 1 if spec.method and spec.binding != "python" else 0
    most = len(positional) - offset
    least = sum(p.required for p in positional) - offset
    takes = (f"{most} positional argument{'s' if most != 1 else ''}" if least == most
             else f"from {least} to {most} positional arguments")
    _binding_error(spec, f"takes {takes} but {len(given) - offset} were given")


def _binding_error(spec: FunctionSpec, text: str, arg: str | None = None,
                   python_only: bool = False) -> None:
    if spec.binding is None or (python_only and spec.binding != "python"):
        raise Unmodelled(f"{spec.name}(): {text}")
    framework = f"{spec.qualname}() {text}"
    raise LayerError("LL105", f"{spec.name.replace('Tensor.', 'x.')}: {framework}",
                     f"TypeError: {framework}", arg=arg)


def run_function(spec: FunctionSpec, args: tuple, kwargs: dict[str, Any]) -> Out:
    """Bind and apply ``spec``; tensors in ``args``/``kwargs`` are TensorArg values.

    Raises LayerError where torch raises, Unmodelled where layerlint claims nothing (a value it
    does not know, an argument type torch would reject with its long overload listing, a
    zero-sized tensor: torch's kernels treat empty axes each in their own way).
    """
    a = bind_function(spec, args, kwargs)
    shapes = tuple(t.shape for t in tensors_of(args, kwargs, spec))
    if any(d == 0 for s in shapes for d in s if is_known(d)):
        raise Unmodelled(f"{spec.name} on a zero-sized tensor")
    return spec.call(a, shapes)


def tensors_of(args: tuple, kwargs: dict[str, Any], spec: FunctionSpec) -> list[TensorArg]:
    """The tensor arguments in the order of the signature (lists flattened)."""
    bound: dict[str, Any] = {}
    positional = [p for p in spec.signature if not p.keyword_only]
    for param, value in zip(positional, args):
        bound[param.name] = value
    rest = list(args[len(positional):])
    bound.update(kwargs)
    out: list[TensorArg] = []
    for param in spec.signature:
        out.extend(_tensors(bound.get(param.name)))
    for value in rest:
        out.extend(_tensors(value))
    return out


def _tensors(value: Any) -> list[TensorArg]:
    if isinstance(value, TensorArg):
        return [value]
    if isinstance(value, (tuple, list)):
        return [v for v in value if isinstance(v, TensorArg)]
    return []


# --- the layout of a result -----------------------------------------------------------------------

# new tensors whatever their inputs' layout (``x.transpose(1, 2).contiguous()``, matmul's output)
ALWAYS_CONTIGUOUS = frozenset(("contiguous", "cat", "concat", "concatenate", "stack", "matmul",
                               "mm", "bmm", "linear", "conv1d", "conv2d", "conv3d"))
# views that keep their input's strides in another order or over a part of it
REARRANGED = frozenset(("permute", "transpose", "swapaxes", "swapdims", "split", "chunk"))


def result_layout(spec: FunctionSpec, out: Out, inputs: list[TensorArg]
                  ) -> tuple[bool | None, tuple[int, ...] | None]:
    """(contiguous, strides) of a function's result (each output of a tuple alike).

    A view reports its strides (``Out.strides``); otherwise the result of contiguous inputs is
    contiguous (torch's kernels lay a new tensor out like their inputs), and anything else is
    not known.
    """
    shape = out.shape or ()
    if out.strides is not None:
        return is_contiguous(shape, out.strides), out.strides
    name = spec.name.rsplit(".", 1)[-1]
    if name in ALWAYS_CONTIGUOUS or (name not in REARRANGED
                                     and all(t.is_contiguous() for t in inputs)):
        return True, contiguous_strides(shape)
    return None, None


# --- helpers entries share ----------------------------------------------------------------------


def wrap(a: Args, x: Shape, dim: int, arg: str = "dim", rank: int | None = None) -> int:
    """``maybe_wrap_dim(dim, rank)`` or torch's IndexError (``rank`` defaults to x's)."""
    r = max(len(x) if rank is None else rank, 1)
    if -r <= dim < r:
        return dim % r
    if rank is not None:
        x = (0,) * rank  # only the range matters to the message
    raise axis_range_error(a, x, dim, arg)


def size_mismatch(a: Args, framework: str, message: str, expected: Dim = None,
                  found: Dim = None) -> LayerError:
    return LayerError("LL102", f"{shown_name(a)}: {message}", f"RuntimeError: {framework}",
                      expected=None if expected is None else str(expected),
                      found=None if found is None else str(found))


def rank_mismatch(a: Args, framework: str, message: str) -> LayerError:
    return LayerError("LL101", f"{shown_name(a)}: {message}", framework)


def bad_argument(a: Args, arg: str, framework: str, message: str) -> LayerError:
    return LayerError("LL105", f"{shown_name(a)}: {message}", framework, arg=arg)


def differ(d: Dim, e: Dim) -> bool:
    return is_known(d) and is_known(e) and d != e


def tensor(a: Args, name: str) -> TensorArg:
    """A parameter that must be a tensor (anything else: torch's overload TypeError, unmodelled)."""
    value = getattr(a, name)
    if not isinstance(value, TensorArg):
        raise Unmodelled(f"{a.layer_type}({name}={value!r})")
    return value


def tensor_list(a: Args, name: str) -> list[TensorArg]:
    value = getattr(a, name)
    if not isinstance(value, (tuple, list)) or not all(isinstance(v, TensorArg) for v in value):
        raise Unmodelled(f"{a.layer_type}({name}=...)")
    return list(value)


def int_value(a: Args, name: str, value: Any = None) -> int:
    value = getattr(a, name) if value is None else value
    if value is UNKNOWN or not isinstance(value, int) or isinstance(value, bool):
        raise Unmodelled(f"{a.layer_type}({name}={value!r})")
    return value


def int_list(a: Args, name: str, value: Any = None) -> tuple[int, ...]:
    """An int or a tuple/list of ints, as a tuple (anything else: not modelled)."""
    value = getattr(a, name) if value is None else value
    if isinstance(value, int) and not isinstance(value, bool):
        return (value,)
    if isinstance(value, (tuple, list)) and all(
            isinstance(v, int) and not isinstance(v, bool) for v in value):
        return tuple(value)
    raise Unmodelled(f"{a.layer_type}({name}={value!r})")


def bool_value(a: Args, name: str) -> bool:
    value = getattr(a, name)
    if not isinstance(value, bool):
        raise Unmodelled(f"{a.layer_type}({name}={value!r})")
    return value


def shown_name(a: Args) -> str:
    """``torch.cat``, ``F.pad``, ``x.view``: how layerlint's own messages name the function."""
    return a.layer_type.replace("Tensor.", "x.", 1)


def short_name(a: Args) -> str:
    """``cat`` for ``torch.cat``, ``view`` for ``Tensor.view``: how messages name the function."""
    return a.layer_type.rsplit(".", 1)[-1]
