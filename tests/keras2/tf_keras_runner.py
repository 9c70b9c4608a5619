"""Run a script's source in real tf.keras 2 (``tf_keras``), in-process: the Keras 2 oracle.

The script runs unchanged: ``TF_USE_LEGACY_KERAS=1`` makes ``tf.keras`` and ``tensorflow.keras``
tf_keras, and while it runs the standalone ``keras`` modules it imports are tf_keras' (Keras 3
stays loaded for the rest of the process and is put back afterwards). What is reported is what
``differential.keras_runner`` reports for Keras 3, so ``differential.compare`` compares both.
Only the suite's own scripts (generated or hand-written) are run, never user code.
"""

from __future__ import annotations

import contextlib
import io
import os
import sys
import warnings
from typing import Any

from differential.keras_runner import (
    SCRIPT_FILENAME,
    KerasLayer,
    KerasModel,
    KerasRun,
    _describe_error,
)

os.environ["TF_USE_LEGACY_KERAS"] = "1"  # before tensorflow is first imported
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

# Standalone-keras module names the scripts import -> their tf_keras counterparts.
_ALIASES = ("", ".layers", ".models", ".losses", ".optimizers", ".utils", ".preprocessing",
            ".preprocessing.sequence", ".activations")


def tf_keras() -> Any:
    import tf_keras as module

    return module


@contextlib.contextmanager
def _keras_is_tf_keras():  # type: ignore[no-untyped-def]
    import importlib

    saved = {f"keras{s}": sys.modules.get(f"keras{s}") for s in _ALIASES}
    try:
        for suffix in _ALIASES:
            sys.modules[f"keras{suffix}"] = importlib.import_module(f"tf_keras{suffix}")
        yield
    finally:
        for name, module in saved.items():
            if module is None:
                sys.modules.pop(name, None)
            else:
                sys.modules[name] = module


def run_script(source: str) -> KerasRun:
    """Execute ``source`` with tf_keras and report models and the first exception."""
    keras = tf_keras()
    import tensorflow as tf  # noqa: F401  (tf.keras must resolve to tf_keras)
    from tf_keras.src.engine.functional import Functional
    from tf_keras.src.engine.sequential import Sequential

    keras.backend.clear_session()  # layer names as in a fresh process
    code = compile(source, SCRIPT_FILENAME, "exec")
    created: list[Any] = []
    original_init = Sequential.__init__

    def recording_init(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        created.append(self)
        original_init(self, *args, **kwargs)

    namespace: dict[str, Any] = {"__name__": "__main__"}
    out = io.StringIO()
    exception: BaseException | None = None
    original_functional = Functional.__init__

    def recording_functional(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        # keras.Model(inputs, outputs), not a Sequential; tf_keras runs this __init__ twice.
        if type(self) is Functional and not any(self is m for m in created):
            created.append(self)
        original_functional(self, *args, **kwargs)

    Sequential.__init__ = recording_init  # type: ignore[method-assign]
    Functional.__init__ = recording_functional  # type: ignore[method-assign]
    try:
        with warnings.catch_warnings(record=True) as caught, contextlib.redirect_stdout(out), \
                _keras_is_tf_keras():
            warnings.simplefilter("always")
            try:
                exec(code, namespace)  # noqa: S102 - the suite's own test scripts
            except Exception as e:  # noqa: BLE001 - any failure of the script is the result
                exception = e
    finally:
        Sequential.__init__ = original_init  # type: ignore[method-assign]
        Functional.__init__ = original_functional  # type: ignore[method-assign]
    error = _describe_error(exception, source, created) if exception else None
    return KerasRun(
        models=[_describe_model(m) for m in created],
        error=error,
        warnings=[str(w.message) for w in caught],
        stdout=out.getvalue(),
    )


def _describe_model(model: Any) -> KerasModel:
    from tf_keras.src.engine.input_layer import InputLayer

    layers = [_describe_layer(layer) for layer in model.layers]
    tracked = getattr(model, "_self_tracked_trackables", None)
    first = tracked[0] if tracked else None
    input_shape = None
    if isinstance(first, InputLayer):
        input_shape = tuple(first._batch_input_shape)
    elif model.built and getattr(model, "_build_input_shape", None) is not None:
        input_shape = tuple(model._build_input_shape)
    return KerasModel(name=model.name, built=bool(model.built), input_shape=input_shape,
                      layers=layers)


def _describe_layer(layer: Any) -> KerasLayer:
    outputs: tuple[tuple, ...] | None = None
    try:
        out = layer.output
    except (AttributeError, ValueError, RuntimeError):  # never called on a symbolic input
        out = None
        nodes = getattr(layer, "_inbound_nodes", None)
        if nodes and len(nodes) > 1:  # a shared layer: the output of its first call
            out = nodes[0].outputs
    if out is not None:
        outs = out if isinstance(out, (list, tuple)) else [out]
        outputs = tuple(tuple(o.shape) for o in outs)
    params = layer.count_params() if layer.built else None
    return KerasLayer(
        type=type(layer).__name__,
        name=layer.name,
        output_shape=outputs[0] if outputs else None,
        params=params,
        outputs=outputs if outputs and len(outputs) > 1 else None,
    )
