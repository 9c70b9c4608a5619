"""Run a torch script for real and report what happened to its model, the way layerlint would.

``run_script(source)`` executes the script (our own generated or hand-written test scripts) with
global module hooks that record, in call order, every module call of the model named ``model``
(or the only nn.Module the script leaves): its dotted name, its output's first tensor shape, and
the module that was running when an exception escaped (the innermost one entered and not left).
Parameters are read off the live modules afterwards (``parameters()``, lazy ones excluded).
"""

from __future__ import annotations

import traceback
import warnings
from dataclasses import dataclass, field

import torch
from torch import nn
from torch.nn.parameter import is_lazy


@dataclass
class TorchCall:
    name: str
    type: str
    output_shape: tuple | None
    params: int


@dataclass
class TorchRun:
    calls: list[TorchCall] = field(default_factory=list)
    error: str | None = None  # "Type: first line"
    failed_in: str | None = None  # dotted name of the module that raised ("" for none)
    output_shape: tuple | None = None
    total_params: int | None = None
    model_type: str | None = None
    # The script's line that raised: its innermost frame (a forward's line calling the failing
    # module, an op's line, a direct call's line).
    error_line: int | None = None


def _first_shape(value: object) -> tuple | None:
    if isinstance(value, torch.Tensor):
        return tuple(value.shape)
    if isinstance(value, (tuple, list)) and value:
        return _first_shape(value[0])
    return None


def _params(module: nn.Module) -> int:
    return sum(p.numel() for p in module.parameters() if not is_lazy(p))


def run_script(source: str, model_var: str = "model") -> TorchRun:
    entered: list[tuple[nn.Module, int]] = []
    events: list[tuple[nn.Module, object]] = []  # (module, output) in call order (pre-order)
    stack: list[int] = []
    done: list[bool] = []

    def pre_hook(module: nn.Module, _inputs: object) -> None:
        if done:  # only the first forward pass of the script is described
            stack.append(-1)
            return
        stack.append(len(events))
        events.append((module, None))
        entered.append((module, len(events) - 1))

    def hook(module: nn.Module, _inputs: object, output: object) -> None:
        index = stack.pop()
        if index < 0:
            return
        events[index] = (module, output)
        entered.pop()
        if not stack:
            done.append(True)

    handles = [
        nn.modules.module.register_module_forward_pre_hook(pre_hook),
        nn.modules.module.register_module_forward_hook(hook),
    ]
    # Snippets pasted without their imports use these names as torch's own.
    namespace: dict[str, object] = {"__name__": "__main__", "torch": torch, "nn": nn,
                                    "F": nn.functional}
    run = TorchRun()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            torch.manual_seed(0)
            exec(compile(source, "<script>", "exec"), namespace)  # noqa: S102 - test scripts
    except Exception as error:  # noqa: BLE001 - the outcome under test
        run.error = f"{type(error).__name__}: {str(error).splitlines()[0] if str(error) else ''}"
        lines = [f.lineno for f in traceback.extract_tb(error.__traceback__)
                 if f.filename == "<script>"]
        run.error_line = lines[-1] if lines else None
        failing = entered[-1][0] if entered else None
    else:
        failing = None
    finally:
        for handle in handles:
            handle.remove()
    model = namespace.get(model_var)
    if not isinstance(model, nn.Module):
        return run
    names = {id(m): name for name, m in model.named_modules()}
    run.model_type = type(model).__name__
    run.failed_in = names.get(id(failing)) if failing is not None else None
    for module, output in events:
        if id(module) not in names:
            continue
        name = names[id(module)]
        if name == "":
            run.output_shape = _first_shape(output)
            continue
        run.calls.append(TorchCall(name, type(module).__name__, _first_shape(output),
                                   _params(module)))
    run.total_params = _params(model)
    return run
