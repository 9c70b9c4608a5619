"""torch.nn.RNN, LSTM and GRU (torch/nn/modules/rnn.py).

Input ``(L, B, input_size)`` (``(B, L, input_size)`` with ``batch_first``) or unbatched
``(L, input_size)``. The module returns a tuple, which nn.Sequential passes on as is:
  RNN/GRU  (output, h_n)          LSTM  (output, (h_n, c_n))
with D = 2 if bidirectional, H_out = proj_size or hidden_size:
  output (L, B, D*H_out) [batch_first: (B, L, D*H_out)], h_n (D*num_layers, B, H_out),
  c_n (D*num_layers, B, hidden_size); unbatched results drop the B axis.
``Out.outputs`` lists the three (two) shapes flattened in order; ``Out.shape`` is ``output``.

Parameters per layer and direction, G gates (RNN 1, GRU 3, LSTM 4), H hidden, I the layer's
input (input_size, then D*H_out): G*H*(I + H_out) + 2*G*H*bias + proj_size*H. Torch keeps two
bias vectors per gate set, unlike Keras.
"""

from __future__ import annotations

from numbers import Number

from ...ir import UNKNOWN
from ...shapes import Shape, is_known
from ...shown import type_name
from ..base import Args, LayerError, Out
from ._common import int_arg, invalid, is_int, module, rank_error

_GATES = {"RNN": 1, "GRU": 3, "LSTM": 4}
_COMMON = "num_layers=1, bias=True, batch_first=False, dropout=0.0, bidirectional=False"


def _validate(a: Args) -> None:
    """RNNBase.__init__'s checks in order; stop at the first value layerlint does not know."""
    name = a.layer_type
    if name == "RNN":
        nonlinearity = a.raw("nonlinearity")
        if nonlinearity is UNKNOWN:
            return
        if nonlinearity not in ("tanh", "relu"):
            raise invalid(
                a,
                "nonlinearity",
                f"ValueError: Unknown nonlinearity '{nonlinearity}'. Select from 'tanh' or 'relu'.",
            )
    values = {
        k: a.raw(k)
        for k in ("dropout", "bias", "batch_first", "input_size", "hidden_size", "num_layers")
    }
    values["proj_size"] = a.raw("proj_size") if name == "LSTM" else 0
    if any(v is UNKNOWN for v in values.values()):
        return
    dropout = values["dropout"]
    if not isinstance(dropout, Number) or isinstance(dropout, bool) or not 0 <= dropout <= 1:
        raise invalid(
            a,
            "dropout",
            "ValueError: dropout should be a number in range [0, 1] representing the "
            "probability of an element being zeroed",
        )
    for flag in ("bias", "batch_first"):
        if not isinstance(values[flag], bool):
            raise invalid(
                a,
                flag,
                f"TypeError: {flag} should be of type bool, got: {type_name(values[flag])}",
            )
    for size in ("input_size", "hidden_size"):
        value = values[size]
        if not isinstance(value, int):
            raise invalid(
                a, size, f"TypeError: {size} should be of type int, got: {type_name(value)}"
            )
        if value <= 0:
            raise invalid(a, size, f"ValueError: {size} must be greater than zero")
    layers, proj = values["num_layers"], values["proj_size"]
    if not is_int(layers) or not is_int(proj):
        return
    if layers <= 0:
        raise invalid(a, "num_layers", "ValueError: num_layers must be greater than zero")
    if proj < 0:
        raise invalid(
            a,
            "proj_size",
            "ValueError: proj_size should be a positive integer or zero to disable projections",
        )
    if proj >= values["hidden_size"]:
        raise invalid(a, "proj_size", "ValueError: proj_size has to be smaller than hidden_size")


def _rnn(a: Args, x: Shape) -> Out:
    name = a.layer_type
    inputs, hidden = int_arg(a, "input_size"), int_arg(a, "hidden_size")
    layers = int_arg(a, "num_layers")
    proj = int_arg(a, "proj_size") if name == "LSTM" else 0
    directions = 2 if a.bidirectional else 1
    batch_first = bool(a.batch_first)
    if len(x) not in (2, 3):
        tensor = " tensor" if name == "RNN" else ""
        raise rank_error(
            a,
            x,
            "a 3-D (seq, batch, features) or 2-D unbatched input",
            f"ValueError: {name}: Expected input to be 2D or 3D, got {len(x)}D{tensor} instead",
        )
    features = x[-1]
    if is_known(features) and features != inputs:
        raise LayerError(
            "LL102",
            f"{name}(input_size={inputs}) receives {features} features per step; use "
            f"input_size={features}",
            "RuntimeError: input.size(-1) must be equal to input_size. Expected "
            f"{inputs}, got {features}",
            arg="input_size",
            expected=str(inputs),
            found=str(features),
        )
    h_out = proj or hidden
    states = directions * layers
    if len(x) == 3:
        batch = x[0] if batch_first else x[1]
        output = (*x[:2], directions * h_out)
        h_n, c_n = (states, batch, h_out), (states, batch, hidden)
    else:
        output = (x[0], directions * h_out)
        h_n, c_n = (states, h_out), (states, hidden)
    outputs = (output, h_n, c_n) if name == "LSTM" else (output, h_n)
    gates = _GATES[name] * hidden
    params = 0
    for layer in range(layers):
        layer_input = inputs if layer == 0 else directions * h_out
        per_direction = gates * (layer_input + h_out) + 2 * gates * bool(a.bias) + proj * hidden
        params += directions * per_direction
    return Out(output, params, 0, outputs)


module(
    "RNN",
    "input_size, hidden_size, num_layers=1, nonlinearity='tanh', bias=True, batch_first=False, "
    "dropout=0.0, bidirectional=False, device=None, dtype=None",
    validate=_validate,
)(_rnn)
module(
    "LSTM",
    f"input_size, hidden_size, {_COMMON}, proj_size=0, device=None, dtype=None",
    validate=_validate,
)(_rnn)
module("GRU", f"input_size, hidden_size, {_COMMON}, device=None, dtype=None", validate=_validate)(
    _rnn
)
