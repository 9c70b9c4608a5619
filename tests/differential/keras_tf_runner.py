"""keras_runner.py's oracle on Keras 3's default backend, TensorFlow: a batch of scripts run
in ONE subprocess started with ``KERAS_BACKEND=tensorflow`` (the test process itself runs Keras
on torch, and a backend is fixed when Keras is imported).

``run_scripts_tf(sources)`` returns one :class:`KerasRun` per source, in order. The scripts run
as written (no tf.keras rewrite: ``from tensorflow import keras`` is Keras 3 here). Keras'
traceback filtering stays on, as users run it (TensorFlow's ``clear_session`` turns it back on
after keras_runner disables it): a layer's error raised in its own ``call`` comes wrapped in
"Exception encountered when calling X.call()", as layerlint quotes it.
``tf_backend()`` is the matching side of layerlint: check a file as it resolves the backend for
it with ``KERAS_BACKEND=tensorflow`` in the environment.
"""

from __future__ import annotations

import contextlib
import os
import pathlib
import pickle
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from typing import Any

from framework_env import framework_env

from .keras_runner import KerasRun

_ROOT = pathlib.Path(__file__).resolve().parents[2]


def run_scripts_tf(sources: list[str], *, timeout: int = 900) -> list[KerasRun]:
    """Each source run in real Keras 3 on the TensorFlow backend, one subprocess for all."""
    return _in_tensorflow("scripts", list(sources), timeout)


def run_layers_tf(cases: list[tuple[str, tuple]], *, timeout: int = 900) -> list[Any]:
    """catalogue_harness' single-layer cases on the TensorFlow backend: per ``(src, shape)``,
    ``(keras_layer's Outcome, keras_error's "Type: message" or None)``."""
    return _in_tensorflow("layers", list(cases), timeout)


def _in_tensorflow(kind: str, items: list[Any], timeout: int) -> Any:
    with tempfile.TemporaryDirectory() as folder:
        given, taken = pathlib.Path(folder, "in.pkl"), pathlib.Path(folder, "out.pkl")
        given.write_bytes(pickle.dumps((kind, items)))
        env = framework_env(backend="tensorflow", PYTHONPATH=os.pathsep.join(
            [str(_ROOT), str(_ROOT / "tests")]))
        done = subprocess.run(  # noqa: S603 - the suite's own scripts
            [sys.executable, "-m", "tests.differential.keras_tf_runner", str(given), str(taken)],
            cwd=_ROOT, env=env, capture_output=True, text=True, timeout=timeout, check=False)
        if done.returncode != 0:
            raise RuntimeError(f"TensorFlow runner failed:\n{done.stderr[-3000:]}")
        return pickle.loads(taken.read_bytes())  # noqa: S301 - written by the runner above


@contextlib.contextmanager
def tf_backend() -> Iterator[None]:
    """layerlint resolves KERAS_BACKEND=tensorflow for files that do not choose themselves."""
    old = os.environ.get("KERAS_BACKEND")
    os.environ["KERAS_BACKEND"] = "tensorflow"
    try:
        yield
    finally:
        os.environ["KERAS_BACKEND"] = old if old is not None else "torch"


def _main(given: str, taken: str) -> None:
    import keras

    assert keras.backend.backend() == "tensorflow", keras.backend.backend()
    from .keras_runner import run_script

    kind, items = pickle.loads(pathlib.Path(given).read_bytes())  # noqa: S301
    if kind == "scripts":
        runs: list[Any] = [run_script(source, rewrite=False) for source in items]
    else:
        runs = [_layer_case(src, shape) for src, shape in items]
    pathlib.Path(taken).write_bytes(pickle.dumps(runs))


def _layer_case(src: str, shape: tuple) -> tuple[Any, str | None]:
    import warnings

    from catalogue_harness import keras_error, keras_layer

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        outcome = keras_layer(src, shape)
        return outcome, keras_error(src, shape) if outcome.error else None


if __name__ == "__main__":
    _main(sys.argv[1], sys.argv[2])
