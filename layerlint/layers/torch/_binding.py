"""Binding a module call to its ``__init__`` the way Python does, with Python's own messages.

Torch modules are plain Python classes, so a wrong call raises Python's TypeError naming the
function that really receives the arguments: often a base class (``_BatchNorm.__init__()``,
``RNNBase.__init__()``, which also takes a hidden leading ``mode``), or ``nn.Module.__init__``
for modules declared ``(*args, **kwargs)`` (``Sigmoid(3)``). ``Identity`` swallows anything.

CPython checks, in order: unexpected / repeated keywords, too many positional arguments,
missing required ones.
"""

from __future__ import annotations

from typing import Any

from ...ir import Span
from ..base import Args, LayerError, LayerSpec, Unmodelled, lookup, signature_parts

# Modules whose arguments reach another class's __init__ (measured: cls.__init__.__qualname__).
INIT_OWNER = {
    "BatchNorm1d": "_BatchNorm",
    "BatchNorm2d": "_BatchNorm",
    "BatchNorm3d": "_BatchNorm",
    "InstanceNorm1d": "_InstanceNorm",
    "InstanceNorm2d": "_InstanceNorm",
    "InstanceNorm3d": "_InstanceNorm",
    "AdaptiveAvgPool1d": "_AdaptiveAvgPoolNd",
    "AdaptiveAvgPool2d": "_AdaptiveAvgPoolNd",
    "AdaptiveAvgPool3d": "_AdaptiveAvgPoolNd",
    "AdaptiveMaxPool1d": "_AdaptiveMaxPoolNd",
    "AdaptiveMaxPool2d": "_AdaptiveMaxPoolNd",
    "AdaptiveMaxPool3d": "_AdaptiveMaxPoolNd",
    "MaxPool1d": "_MaxPoolNd",
    "MaxPool2d": "_MaxPoolNd",
    "MaxPool3d": "_MaxPoolNd",
    "LPPool1d": "_LPPoolNd",
    "LPPool2d": "_LPPoolNd",
    "LPPool3d": "_LPPoolNd",
    "Dropout": "_DropoutNd",
    "Dropout1d": "_DropoutNd",
    "Dropout2d": "_DropoutNd",
    "Dropout3d": "_DropoutNd",
    "AlphaDropout": "_DropoutNd",
    "FeatureAlphaDropout": "_DropoutNd",
    "LSTM": "RNNBase",
    "GRU": "RNNBase",
}
# RNNBase.__init__(self, mode, input_size, ...): one hidden positional argument.
HIDDEN_POSITIONAL = {"LSTM": 1, "GRU": 1}
# Declared (*args, **kwargs) and handed to nn.Module.__init__, which accepts neither.
MODULE_INIT = frozenset(("Sigmoid", "Tanh", "Softsign", "Tanhshrink", "LogSigmoid", "Softmax2d"))
ACCEPTS_ANYTHING = frozenset(("Identity",))


def bind_torch(spec: LayerSpec, call: Any) -> Args:
    """Bind like Python; raise LayerError LL105 with Python's TypeError where it would."""
    name = spec.name
    if name in ACCEPTS_ANYTHING:
        return Args(name, {}, set(), {})
    if name in ("RNN", "GRU") and "proj_size" in call.kwargs:
        raise LayerError(
            "LL105",
            f"{name} does not take proj_size (only LSTM projects its output)",
            "ValueError: proj_size argument is only supported for LSTM, not RNN or GRU",
            arg="proj_size",
        )
    if name == "RNN":
        _rnn_arguments(call)
    if name in MODULE_INIT:
        if call.kwargs:
            raise _type_error(
                spec,
                f"{name}.__init__() got an unexpected keyword argument '{next(iter(call.kwargs))}'",
                next(iter(call.kwargs)),
            )
        if call.args:
            raise _type_error(
                spec,
                f"{name}.__init__() takes 1 positional argument but "
                f"{len(call.args) + 1} were given",
            )
        return Args(name, {}, set(), {})

    positional, names, required_names, defaults = signature_parts(spec)
    positional_names, required = _names_of(spec, positional, required_names)
    given_positional = positional_names[: len(call.args)]
    values: dict[str, Any] = dict(zip(positional_names, call.args))
    spans: dict[str, Span] = {}
    arg_spans = call.arg_spans
    for i, param_name in enumerate(given_positional):
        if i in arg_spans:
            spans[param_name] = arg_spans[i]
    for key, value in call.kwargs.items():
        if key not in names:
            raise _type_error(
                spec,
                f"{_owner(name)} got an unexpected keyword argument '{key}'",
                key,
                f"{name} does not take the argument {key!r}",
            )
        if key in values:
            raise _type_error(spec, f"{_owner(name)} got multiple values for argument '{key}'", key)
        values[key] = value
        if key in call.arg_spans:
            spans[key] = call.arg_spans[key]
    if name == "GRU" and len(call.args) > 7:
        # RNNBase's 8th slot is proj_size, which GRU does not document: its own rules apply.
        raise Unmodelled(f"GRU with {len(call.args)} positional arguments")
    if len(call.args) > len(positional):
        hidden = 1 + HIDDEN_POSITIONAL.get(name, 0)  # self (and RNNBase's mode)
        required = sum(1 for p in positional if p.required)
        low, high = hidden + required, hidden + len(positional)
        given = hidden + len(call.args)
        takes = (
            f"{high} positional argument{'s' if high > 1 else ''}"
            if low == high
            else (f"from {low} to {high} positional arguments")
        )
        raise _type_error(spec, f"{_owner(name)} takes {takes} but {given} were given")
    missing = [] if required <= values.keys() else [
        name for name in required_names if name not in values]
    if missing:
        quoted = [f"'{m}'" for m in missing]
        listed = (
            quoted[0]
            if len(quoted) == 1
            else " and ".join(quoted)
            if len(quoted) == 2
            else ", ".join(quoted[:-1]) + ", and " + quoted[-1]
        )
        plural = "s" if len(missing) > 1 else ""
        raise _type_error(
            spec, f"{_owner(name)} missing {len(missing)} required positional argument{plural}: {listed}"
        )
    values = {**values, **defaults, **values}  # each default where no value is given
    return Args(
        name,
        values,
        set(values) & (set(call.kwargs) | set(given_positional)),
        spans,
    )


_NAMES: dict[int, tuple[LayerSpec, tuple[str, ...], frozenset[str]]] = {}


def _names_of(spec: LayerSpec, positional: list[Any],
              required_names: tuple[str, ...]) -> tuple[tuple[str, ...], frozenset[str]]:
    """The names of a signature's positional parameters, and its required names as a set;
    kept for the registered entries (as ``signature_parts`` keeps their parts)."""
    held = _NAMES.get(id(spec))
    if held is not None and held[0] is spec:
        return held[1], held[2]
    names = (tuple(p.name for p in positional), frozenset(required_names))
    if lookup("torch", spec.name) is spec:
        _NAMES[id(spec)] = (spec, *names)
    return names


def _owner(name: str) -> str:
    """The function Python's TypeError names (made only when there is an error to word)."""
    return f"{INIT_OWNER.get(name, name)}.__init__()"


def _rnn_arguments(call: Any) -> None:
    """nn.RNN's own __init__ pops ``nonlinearity`` (4th positional) before RNNBase sees the rest."""
    if len(call.args) > 7 or set(call.kwargs) - {
        "input_size",
        "hidden_size",
        "num_layers",
        "nonlinearity",
        "bias",
        "batch_first",
        "dropout",
        "bidirectional",
        "device",
        "dtype",
    }:
        # RNNBase's own binding (a hidden `mode`, a `proj_size` slot) decides these messages.
        raise Unmodelled("RNN with unusual arguments")


def _type_error(
    spec: LayerSpec, framework: str, arg: str | None = None, message: str = ""
) -> LayerError:
    return LayerError(
        "LL105", message or f"{spec.name}: {framework}", f"TypeError: {framework}", arg=arg
    )
