"""Run scripts with subclassed Keras models in real Keras 3 (or tf.keras 2), one process for all.

``python runner.py keras3|keras2`` reads a JSON list of script sources on stdin and prints a JSON
list of outcomes, one per script:

* ``models``: every subclassed ``keras.Model`` created, in creation order: class, Keras name,
  built, ``model.layers`` (type, name, ``count_params()`` once the layer is built) and the
  text ``model.summary()`` prints once the script has run (or the error it raises);
* ``variables``: every model the script's globals hold (any model class), as ``models`` and
  with its ``variable`` name and each layer's output shape;
* ``error`` (the script stops at the first exception): type, message (terminal colours removed),
  ``line`` = the innermost line of the script in the traceback (inside ``call`` when a layer
  raises there), ``outer`` = the outermost script line, and ``stage`` = the method of the
  outermost call that raised (fit, predict, ...; ``model(x)`` is predict, a class instantiation
  is construct).

The tests call it once per framework per test file (``run_batch``); it only ever runs the
suite's own scripts.
"""

from __future__ import annotations

import ast
import contextlib
import io
import json
import os
import re
import subprocess
import sys
import warnings
from typing import Any

SCRIPT = "<layerlint-subclass-script>"
_STAGES = {
    "fit": "fit", "evaluate": "fit", "train_on_batch": "fit", "test_on_batch": "fit",
    "predict": "predict", "predict_on_batch": "predict", "build": "build",
}  # fmt: skip
_ANSI = re.compile(r"\x1b\[[0-9;]*m")


def run_batch(sources: list[str], dialect: str = "keras3", timeout: int = 1500, *,
              backend: str = "torch") -> list[dict]:
    """Run every source in one subprocess of the given framework (Keras 3 on ``backend``)."""
    from framework_env import framework_env  # tests/ is on the path under pytest

    env = framework_env(dialect, backend=backend)
    done = subprocess.run(
        [sys.executable, __file__, dialect], input=json.dumps(sources), capture_output=True,
        text=True, timeout=timeout, env=env, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"runner failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def _model_class(dialect: str) -> Any:
    if dialect == "keras2":
        import tf_keras

        return tf_keras.Model
    import keras

    return keras.Model


def run_one(source: str, dialect: str) -> dict:
    model_class = _model_class(dialect)
    if dialect == "keras2":
        import tf_keras

        tf_keras.backend.clear_session()
    else:
        import keras

        keras.utils.clear_session(free_memory=False)
    created: list[Any] = []
    original = model_class.__init__

    def recording(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        if type(self).__module__ == "__main__" and all(m is not self for m in created):
            created.append(self)
        original(self, *args, **kwargs)

    model_class.__init__ = recording
    namespace: dict[str, Any] = {"__name__": "__main__"}
    error = None
    aliases = contextlib.nullcontext()
    if dialect == "keras2":  # `import keras` in the script is tf_keras, as in a Keras 2 setup
        sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
        from keras2.tf_keras_runner import _keras_is_tf_keras

        aliases = _keras_is_tf_keras()
    try:
        with warnings.catch_warnings(), contextlib.redirect_stdout(io.StringIO()), aliases:
            warnings.simplefilter("ignore")
            try:
                exec(compile(source, SCRIPT, "exec"), namespace)  # noqa: S102 - own scripts
            except Exception as exc:  # noqa: BLE001 - the script's failure is the result
                error = _describe_error(exc, source)
    finally:
        model_class.__init__ = original
    bound = [(k, v) for k, v in namespace.items() if isinstance(v, model_class)]
    return {"models": [_describe_model(m) for m in created], "error": error,
            "variables": [dict(_describe_model(m, shapes=True), variable=k) for k, m in bound]}


def _describe_model(model: Any, shapes: bool = False) -> dict:
    """``shapes``: each layer's output shape too (None when it has no single symbolic output:
    a model built on data only, several outputs)."""
    layers = []
    for layer in model.layers:
        params = None
        if layer.built:
            try:
                params = int(layer.count_params())
            except Exception:  # noqa: BLE001 - a layer built without weights being known
                params = None
        row = {"type": type(layer).__name__, "name": layer.name, "params": params}
        if shapes:
            try:
                row["output_shape"] = list(layer.output.shape)
            except Exception:  # noqa: BLE001 - no symbolic output
                row["output_shape"] = None
        layers.append(row)
    return {"class": type(model).__name__, "name": model.name, "built": bool(model.built),
            "layers": layers, "summary": _summary(model)}


def _summary(model: Any) -> str:
    """What ``model.summary()`` prints (at COLUMNS=SUMMARY_COLUMNS), or the error it raises."""
    captured: list[str] = []
    try:
        model.summary(print_fn=lambda text, **_: captured.append(text))
    except Exception as exc:  # noqa: BLE001 - tf.keras 2 raises for an unbuilt model
        return f"{type(exc).__name__}: {exc}\n"
    if captured and captured[0].endswith("\n"):
        return "".join(captured)  # Keras 3: the whole table in one piece
    return "".join(line + "\n" for line in captured)  # tf.keras 2: one line per call


def _describe_error(exc: BaseException, source: str) -> dict:
    lines = []
    tb = exc.__traceback__
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == SCRIPT:
            lines.append((tb.tb_lineno, tb.tb_frame, tb.tb_lasti))
        tb = tb.tb_next
    inner = lines[-1][0] if lines else None
    outer = lines[0][0] if lines else None
    stage = None
    if lines:
        stage = _stage(source, lines[0][1], lines[0][2])
    return {"type": type(exc).__name__, "message": _ANSI.sub("", str(exc)), "line": inner,
            "outer": outer, "stage": stage}


def _stage(source: str, frame: Any, lasti: int) -> str | None:
    positions = list(frame.f_code.co_positions())[lasti // 2]
    if None in positions:
        return None
    line, end_line, col, end_col = positions
    tree = ast.parse(source)
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and (node.lineno, node.end_lineno, node.col_offset,
                                           node.end_col_offset) == (line, end_line, col, end_col):
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)
            if name in _STAGES:
                return _STAGES[name]
            value = _resolve(func, frame)
            if isinstance(value, type) or isinstance(func, ast.Call):
                return "construct"  # a class instantiated, or a new layer called on tensors
            if value is not None and not hasattr(value, "fit") and hasattr(value, "built"):
                return "construct"  # a layer object called on symbolic tensors
            return "predict"  # model(x)
    return None


SUMMARY_COLUMNS = 100  # the terminal width Keras 3 lays its summary out for


def _resolve(func: ast.AST, frame: Any) -> Any:
    """The object a called name or attribute chain (``keras.Sequential``) refers to."""
    if isinstance(func, ast.Name):
        return frame.f_locals.get(func.id, frame.f_globals.get(func.id))
    if isinstance(func, ast.Attribute):
        owner = _resolve(func.value, frame)
        return getattr(owner, func.attr, None) if owner is not None else None
    return None


def main() -> None:
    os.environ["COLUMNS"] = str(SUMMARY_COLUMNS)
    dialect = sys.argv[1]
    sources = json.loads(sys.stdin.read())
    out = [run_one(source, dialect) for source in sources]
    sys.stdout.write("\n" + json.dumps(out) + "\n")


if __name__ == "__main__":
    main()
