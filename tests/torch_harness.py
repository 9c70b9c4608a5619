"""Differential harness for single PyTorch catalogue entries: one module, one input, both sides.

``layerlint_module(src, shape)`` runs the catalogue entry for ``src`` (a module call as written
in torch code without the ``nn.`` prefix, e.g. ``"Conv2d(3, 16, 3, padding=1)"``) on an input
of ``shape``. ``torch_module(src, shape)`` builds ``eval("nn." + src)`` from the test's own
literal source, runs a forward pass on ``torch.zeros(shape)`` (integer zeros for embeddings) in
the default training mode, and reports the same facts. Shapes have no free dims: every axis is
an int, batch included (or the input is unbatched).

Both return a :class:`TorchOutcome`; tests compare them with ``==``. An entry that declines to
model a case (``Unmodelled``) gives ``error="unknown"``: layerlint claims nothing there.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass

from catalogue_harness import parse_call, sorted_sets

from layerlint.layers.base import LayerError, Unmodelled, bind, lookup

# Modules whose input is a tensor of indices.
INDEX_INPUT = ("Embedding", "EmbeddingBag")


@dataclass(frozen=True)
class TorchOutcome:
    """``error``: None, ``"init"`` (the constructor raises), ``"forward"`` (the forward pass
    raises) or ``"unknown"`` (layerlint does not model the case). ``outputs`` lists every output
    tensor's shape, flattened in order, when the module returns a tuple (``is_tuple``).
    ``message`` is the first line of the framework's exception, ``"Type: text"``."""

    error: str | None
    shape: tuple | None = None
    params: int | None = None
    outputs: tuple | None = None
    message: str | None = None


def _first_line(text: str) -> str:
    """The first line, with printed sets of strings sorted: their order varies between runs."""
    return sorted_sets(text.splitlines()[0]) if text else text


def layerlint_module(src: str, shape: tuple) -> TorchOutcome:
    call = parse_call(src)
    spec = lookup("torch", call.kind)
    assert spec is not None, f"{call.kind} is not in the torch catalogue"
    try:
        args = bind(spec, call, call.kind)
        if spec.validate:
            spec.validate(args)
    except LayerError as e:
        return TorchOutcome("init", message=_first_line(e.framework))
    except Unmodelled:
        return TorchOutcome("unknown")
    try:
        out = spec.call(args, tuple(shape))
    except LayerError as e:
        return TorchOutcome("forward", message=_first_line(e.framework))
    except Unmodelled:
        return TorchOutcome("unknown")
    outputs = tuple(tuple(s) for s in out.outputs) if out.outputs is not None else None
    return TorchOutcome(None, tuple(out.shape), out.params, outputs)


def _flatten(value) -> list:
    if isinstance(value, (tuple, list)):
        return [t for v in value for t in _flatten(v)]
    return [tuple(value.shape)]


def torch_module(src: str, shape: tuple) -> TorchOutcome:
    import torch
    from torch import nn

    namespace = {"nn": nn}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            module = eval("nn." + src, namespace)  # the test's own literal source
        except Exception as e:  # noqa: BLE001 - any constructor error is the outcome
            return TorchOutcome("init", message=_first_line(f"{type(e).__name__}: {e}"))
        name = src.split("(", 1)[0]
        dtype = torch.long if name in INDEX_INPUT else torch.float32
        x = torch.zeros(tuple(shape), dtype=dtype)
        try:
            y = module(x)
        except Exception as e:  # noqa: BLE001 - any forward error is the outcome
            return TorchOutcome("forward", message=_first_line(f"{type(e).__name__}: {e}"))
    shapes = _flatten(y)
    params = sum(p.numel() for p in module.parameters())
    return TorchOutcome(
        None, shapes[0], params, tuple(shapes) if isinstance(y, (tuple, list)) else None
    )


def compare(src: str, shape: tuple) -> tuple[TorchOutcome, TorchOutcome]:
    """Both outcomes; when layerlint declines ("unknown"), the torch side is still returned."""
    return layerlint_module(src, shape), torch_module(src, shape)


def with_unknown_dim(shape: tuple, index: int, unknown) -> tuple:
    """``shape`` with one axis made unknown to layerlint (None: run-time batch; str: named)."""
    return shape[:index] + (unknown,) + shape[index + 1 :]


def unknown_dims_agree(src: str, shape: tuple, real: TorchOutcome) -> list[str]:
    """Problems found when any one axis of an input torch accepts becomes unknown.

    Unknown is never an error: layerlint must not raise; where it gives an output, the rank
    must be torch's and every dimension it still claims to know must be torch's.
    """
    problems = []
    for i in range(len(shape)):
        for unknown in (None, "n"):
            probe = with_unknown_dim(tuple(shape), i, unknown)
            ours = layerlint_module(src, probe)
            if ours.error == "unknown":
                continue
            if ours.error is not None:
                problems.append(f"{src} on {probe}: {ours.error} {ours.message}")
                continue
            if len(ours.shape) != len(real.shape) or any(
                isinstance(d, int) and d != t for d, t in zip(ours.shape, real.shape)
            ):
                problems.append(f"{src} on {probe}: {ours.shape} vs torch {real.shape}")
    return problems
