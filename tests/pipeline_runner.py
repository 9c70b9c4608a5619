"""Run generated data pipelines (pipeline_generator.py) in real numpy + Keras 3, one process for
all: ``python pipeline_runner.py`` reads a JSON list of sources on stdin and prints a JSON list
of outcomes: ``error`` (type, message, the script line where it was raised, the outermost script
line) or None, and ``shapes``: every numpy array the script bound to a name (and
``dataset.images``), as it was when the script stopped."""

from __future__ import annotations

import contextlib
import io
import json
import os
import subprocess
import sys
import warnings
from typing import Any

SCRIPT = "<layerlint-pipeline>"


def run_batch(sources: list[str], timeout: int = 2400) -> list[dict]:
    from framework_env import framework_env  # tests/ is on the path under pytest

    done = subprocess.run([sys.executable, __file__], input=json.dumps(sources),
                          capture_output=True, text=True, timeout=timeout,
                          env=framework_env("keras3"), check=False)
    if done.returncode != 0:
        raise RuntimeError(f"pipeline runner failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def run_one(source: str) -> dict:
    import keras
    import numpy as np

    keras.utils.clear_session(free_memory=False)
    namespace: dict[str, Any] = {"__name__": "__main__"}
    error = None
    with warnings.catch_warnings(), contextlib.redirect_stdout(io.StringIO()):
        warnings.simplefilter("ignore")
        try:
            exec(compile(source, SCRIPT, "exec"), namespace)  # noqa: S102 - generated scripts
        except Exception as exc:  # noqa: BLE001 - the failure is the outcome
            lines = [frame.lineno for frame in _frames(exc) if frame.filename == SCRIPT]
            error = {"type": type(exc).__name__, "message": str(exc)[:500],
                     "line": lines[-1] if lines else None, "outer": lines[0] if lines else None}
    shapes = {name: list(value.shape) for name, value in namespace.items()
              if isinstance(value, np.ndarray)}
    dataset = namespace.get("dataset")
    if isinstance(getattr(dataset, "images", None), np.ndarray):
        shapes["dataset.images"] = list(dataset.images.shape)
    return {"error": error, "shapes": shapes}


def _frames(exc: BaseException) -> list[Any]:
    import traceback

    return list(traceback.extract_tb(exc.__traceback__))


def main() -> None:
    os.environ.setdefault("KERAS_BACKEND", "torch")
    sources = json.loads(sys.stdin.read())
    print(json.dumps([run_one(source) for source in sources]))


if __name__ == "__main__":
    main()
