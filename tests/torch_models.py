"""The oracle side of the torchinfo tests: a live torch model + input -> results.ModelReport.

Describes a real model the way layerlint's analysis describes one, read off the live modules:
each module call in call order (forward pre-hooks), its depth in the module tree and its dotted
name, the shape of its output (its first tensor, for a module returning a tuple), and its
parameters from ``parameters()`` (a container counts everything below it). The model object
itself is ``ModelReport.root``. Without an input, the rows are the modules in registration
order with no shapes, as ``torchinfo.summary(model)`` lists them. Test code only.
"""

from __future__ import annotations

from dataclasses import replace

import torch
from torch import nn
from torch.nn.parameter import is_lazy

from layerlint.results import LayerReport, ModelReport


def first_tensor_shape(value: object) -> tuple[int, ...] | None:
    if isinstance(value, torch.Tensor):
        return tuple(value.shape)
    if isinstance(value, (list, tuple)) and value:
        return first_tensor_shape(value[0])
    return None


def materialized(module: nn.Module) -> list[nn.Parameter]:
    """The parameters that exist: a lazy module has none until its first call."""
    return [p for p in module.parameters() if not is_lazy(p)]


def layer_report(name: str, module: nn.Module, index: int, output) -> LayerReport:
    params = materialized(module)
    return LayerReport(
        index=index,
        type=type(module).__name__,
        name=name,
        line=index + 1,
        input_shape=None,
        output_shape=first_tensor_shape(output) if output is not None else None,
        params=sum(p.numel() for p in params),
        non_trainable=sum(p.numel() for p in params if not p.requires_grad),
        depth=name.count(".") + 1,
    )


def with_containers(
    model: nn.Module, calls: list[tuple[str, nn.Module]], outputs: list[object]
) -> list[LayerReport]:
    """The calls as rows, each preceded by the containers it sits in that are not open yet (a
    ModuleList is never called itself): those rows have no output, ``output_shape=()``."""
    modules = dict(model.named_modules())
    rows: list[LayerReport] = []
    open_path: list[str] = []  # the row names currently enclosing, by depth
    for (name, module), output in zip(calls, outputs, strict=True):
        parts = name.split(".")
        for depth in range(1, len(parts)):
            ancestor = ".".join(parts[:depth])
            if open_path[depth - 1 : depth] != [ancestor]:
                row = layer_report(ancestor, modules[ancestor], len(rows), None)
                rows.append(replace(row, output_shape=()))
                open_path[depth - 1 :] = [ancestor]
        rows.append(layer_report(name, module, len(rows), output))
        open_path[len(parts) - 1 :] = [name]
    return rows


def model_report(model: nn.Module, x: torch.Tensor | None = None) -> ModelReport:
    """``x`` is the input the code passes to the model (None: the model is never called)."""
    names = {id(m): name for name, m in model.named_modules() if name}
    if x is None:
        rows = [layer_report(n, m, i, None) for i, (n, m) in enumerate(model.named_modules()) if n]
        output = None
    else:
        calls: list[tuple[str, nn.Module]] = []
        outputs: list[object] = []
        slots: dict[int, list[int]] = {}  # module id -> its pending calls, innermost last

        def pre_hook(module: nn.Module, _inputs: object) -> None:
            slots.setdefault(id(module), []).append(len(calls))
            calls.append((names[id(module)], module))
            outputs.append(None)

        def hook(module: nn.Module, _inputs: object, out: object) -> None:
            outputs[slots[id(module)].pop()] = out

        handles = []
        for module in model.modules():
            if module is not model:
                handles.append(module.register_forward_pre_hook(pre_hook))
                handles.append(module.register_forward_hook(hook))
        model.eval()
        try:
            with torch.no_grad():
                output = model(x)
        finally:
            for handle in handles:
                handle.remove()
        rows = with_containers(model, calls, outputs)
    own = materialized(model)
    root = LayerReport(
        index=-1, type=type(model).__name__, name="", line=1,
        input_shape=None if x is None else tuple(x.shape),
        output_shape=first_tensor_shape(output) if output is not None else None,
        params=sum(p.numel() for p in own),
        non_trainable=sum(p.numel() for p in own if not p.requires_grad),
        depth=0,
    )
    return ModelReport(
        name="model", framework="torch", dialect="torch", line=1,
        input_shape=None if x is None else tuple(x.shape),
        layers=rows, display_name=type(model).__name__, built=True, root=root,
        input_dtype=None if x is None else str(x.dtype).removeprefix("torch."),
    )
