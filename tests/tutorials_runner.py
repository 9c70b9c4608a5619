"""Run tutorial programs (tests/tutorials/) in one real framework, offline, all in one process:
``python tutorials_runner.py keras3|keras2|torch < [[name, source], ...]`` in a working folder
that holds the files they read (test_tutorials.py writes them). Keras dataset loaders return
arrays of their documented shapes (loader_scripts_runner.py); torchvision is imported through
its shim and accepts the fake CIFAR files. Prints ``{name: None | {"error", "line"}}``: the
exception as ``Type: first line`` and the innermost line of the program where it was raised.
"""

from __future__ import annotations

import contextlib
import json
import os
import sys
import traceback
import warnings
from typing import Any


def _prepare(dialect: str) -> None:
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    if dialect == "torch":
        import torch

        from torchvision_shim import import_torchvision, offline_cifar

        torch.set_num_threads(1)  # tiny tensors: ten times faster on a shared machine
        offline_cifar(import_torchvision())


def _fresh(dialect: str) -> None:
    """Layer names and random draws as in a fresh process for each program."""
    from loader_scripts_runner import patch

    if dialect == "torch":
        import torch

        torch.manual_seed(0)
        return
    patch(dialect, full=False)
    if dialect == "keras2":
        import tf_keras

        tf_keras.backend.clear_session()
    else:
        import keras

        keras.utils.clear_session(free_memory=False)


def run_one(name: str, source: str, dialect: str) -> dict[str, Any] | None:
    _fresh(dialect)
    # A file of its own: TensorFlow's AutoGraph reads a mapped function's source from it.
    path = os.path.abspath(os.path.join("programs", name))
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as file:
        file.write(source)
    try:
        with warnings.catch_warnings(), contextlib.redirect_stdout(sys.stderr):
            warnings.simplefilter("ignore")
            exec(compile(source, path, "exec"), {"__name__": "__main__"})  # noqa: S102
    except Exception as exc:  # noqa: BLE001 - the program's failure is the outcome
        lines = [f.lineno for f in traceback.extract_tb(exc.__traceback__) if f.filename == path]
        text = str(exc).splitlines()[0] if str(exc) else ""
        return {"error": f"{type(exc).__name__}: {text}", "line": lines[-1] if lines else None}
    return None


def main() -> None:
    dialect = sys.argv[1]
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    programs = json.load(sys.stdin)
    _prepare(dialect)
    print(json.dumps({name: run_one(name, source, dialect) for name, source in programs}))


if __name__ == "__main__":
    main()
