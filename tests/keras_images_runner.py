"""Run Keras image/text loader calls for real and describe what they yield (one process for all).

``python keras_images_runner.py keras3|keras2`` reads a JSON list of script sources on stdin;
each script assigns the loader's result to ``obj``. It prints a JSON list, one entry per script:
``{"error": {"type", "message"}}`` when the script raises, else ``{"value": ...}`` where a
value is ``{"x": [shape, dtype], "y": [shape, dtype] | None}`` for one loader (the first batch
of an ImageDataGenerator iterator, ``obj[0]``; the first element of a ``tf.data.Dataset``), or
a list of values for a tuple (``subset="both"``). Only the suite's own scripts are run.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import sys
import warnings
from typing import Any


def run_batch(sources: list[str], dialect: str, timeout: int = 900) -> list[dict]:
    import subprocess

    from framework_env import framework_env  # tests/ is on the path under pytest

    done = subprocess.run([sys.executable, __file__, dialect], input=json.dumps(sources),
                          capture_output=True, text=True, timeout=timeout,
                          env=framework_env(dialect), check=False)
    if done.returncode != 0:
        raise RuntimeError(f"runner failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def _array(value: Any) -> list:
    dtype = getattr(value.dtype, "name", str(value.dtype))
    return [list(value.shape), {"string": "str"}.get(dtype, dtype)]


def _describe(obj: Any) -> Any:
    if isinstance(obj, tuple) and all(isinstance(v, int) for v in obj):
        return {"ints": list(obj)}  # an iterator's image_shape, (num_classes,)
    if isinstance(obj, (tuple, list)):  # subset="both": a list in both dialects
        return [_describe(o) for o in obj]
    if hasattr(obj, "element_spec"):  # tf.data: the first element (a batch, or one sample)
        element = next(iter(obj))
    else:  # a Keras Sequence / PyDataset: its first batch
        element = obj[0]
    if isinstance(element, tuple):
        x, y = element[0], element[1] if len(element) > 1 else None
    else:
        x, y = element, None
    return {"x": _array(x), "y": None if y is None else _array(y)}


def run_one(source: str) -> dict:
    namespace: dict[str, Any] = {"__name__": "__main__"}
    try:
        with warnings.catch_warnings(), contextlib.redirect_stdout(io.StringIO()):
            warnings.simplefilter("ignore")
            exec(compile(source, "<loader>", "exec"), namespace)  # noqa: S102 - own scripts
            return {"value": _describe(namespace["obj"])}
    except Exception as exc:  # noqa: BLE001 - the loader's failure is the result
        return {"error": {"type": type(exc).__name__, "message": str(exc)}}


def main() -> None:
    dialect = sys.argv[1]
    if dialect == "keras2":
        os.environ["TF_USE_LEGACY_KERAS"] = "1"
    sources = json.loads(sys.stdin.read())
    out = [run_one(source) for source in sources]
    sys.stdout.write("\n" + json.dumps(out) + "\n")


if __name__ == "__main__":
    main()
