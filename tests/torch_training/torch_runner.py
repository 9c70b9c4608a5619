"""Runs training scripts in real torch, many per process (``python torch_runner.py`` reads a
JSON list of sources on stdin, writes one JSON outcome per source on stdout).

An outcome: torch's error (``"Type: first line"``) and the script's line it was raised at (the
innermost frame of the script), and the lines where a comparison of two tensors broadcast
both of them (``pred == y`` of (N,) and (N, 1) giving (N, N)): measured with a
``TorchFunctionMode`` that sees every comparison torch runs.
"""

from __future__ import annotations

import contextlib
import io
import json
import sys
import traceback
import warnings

import torch
from torch.overrides import TorchFunctionMode

torch.set_num_threads(1)
SCRIPT = "<script>"
COMPARISONS = {torch.Tensor.__eq__, torch.Tensor.__ne__, torch.Tensor.__lt__,
               torch.Tensor.__le__, torch.Tensor.__gt__, torch.Tensor.__ge__, torch.eq, torch.ne,
               torch.Tensor.eq, torch.Tensor.ne}


class Comparisons(TorchFunctionMode):
    def __init__(self) -> None:
        super().__init__()
        self.broadcasts: list[int] = []

    def __torch_function__(self, func, types, args=(), kwargs=None):  # noqa: ANN001
        out = func(*args, **(kwargs or {}))
        if func in COMPARISONS and len(args) == 2 and all(
                isinstance(a, torch.Tensor) for a in args) and isinstance(out, torch.Tensor):
            if all(tuple(out.shape) != tuple(a.shape) for a in args):
                frames = [f.lineno for f in traceback.extract_stack() if f.filename == SCRIPT]
                if frames:
                    self.broadcasts.append(frames[-1])
        return out


def run(source: str) -> dict:
    outcome: dict = {"error": None, "line": None, "broadcasts": []}
    mode = Comparisons()
    try:
        with warnings.catch_warnings(), contextlib.redirect_stdout(io.StringIO()), mode:
            warnings.simplefilter("ignore")
            torch.manual_seed(0)
            exec(compile(source, SCRIPT, "exec"), {"__name__": "__main__"})  # noqa: S102
    except Exception as error:  # noqa: BLE001 - the outcome measured
        text = str(error).splitlines()[0] if str(error) else ""
        outcome["error"] = f"{type(error).__name__}: {text}"
        lines = [f.lineno for f in traceback.extract_tb(error.__traceback__)
                 if f.filename == SCRIPT]
        outcome["line"] = lines[-1] if lines else None
    outcome["broadcasts"] = sorted(set(mode.broadcasts))
    return outcome


if __name__ == "__main__":
    sources = json.load(sys.stdin)
    json.dump([run(s) for s in sources], sys.stdout)
