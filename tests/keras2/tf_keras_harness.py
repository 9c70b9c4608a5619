"""Single-layer differential harness for the Keras 2 dialect (as tests/catalogue_harness.py
for Keras 3): ``layerlint_keras2_layer(src, shape)`` runs the catalogue entry as the keras2
replay configures it; ``tf_keras_layer(src, shape)`` builds ``Sequential([Input(batch_shape=
shape), layer])`` in tf_keras (a merge layer: a functional Model on a list of Inputs, as
catalogue_harness.apply does). Both return catalogue_harness.Outcome, compared with ``==``."""

from __future__ import annotations

from catalogue_harness import Outcome, apply, entry_error, entry_outcome, parse_call

from layerlint.layers.base import LayerError
from layerlint.replay.keras.keras2 import Keras2Replay

from .tf_keras_runner import tf_keras


def layerlint_keras2_layer(src: str, shape: tuple) -> Outcome:
    call = parse_call(src)
    spec = Keras2Replay.layer_spec(None, call.kind)  # type: ignore[arg-type]
    assert spec is not None, f"{call.kind} is not a tf.keras 2 layer in the catalogue"
    return entry_outcome(spec, call, shape)


def tf_keras_layer(src: str, shape: tuple) -> Outcome:
    keras = tf_keras()
    namespace = {name: getattr(keras.layers, name) for name in dir(keras.layers)}
    try:
        layer = eval(src, namespace)  # the test's own literal source, never user code
    except Exception:  # noqa: BLE001 - any rejection at creation is the outcome measured
        return Outcome("init")
    try:
        out = apply(keras, layer, shape)
    except Exception:  # noqa: BLE001 - any rejection when built is the outcome measured
        return Outcome("build")
    outs = out if isinstance(out, (list, tuple)) else [out]
    shapes = tuple(tuple(o.shape) for o in outs)
    non_trainable = sum(int(w.numpy().size) for w in layer.non_trainable_weights)
    return Outcome(None, shapes[0], layer.count_params(), non_trainable,
                   shapes if len(shapes) > 1 else None)


def layerlint_keras2_error(src: str, shape: tuple) -> LayerError | None:
    """The LayerError the tf.keras 2 entry raises for ``src`` on ``shape``, if any."""
    call = parse_call(src)
    return entry_error(Keras2Replay.layer_spec(None, call.kind), call, shape)  # type: ignore[arg-type]


def tf_keras_error(src: str, shape: tuple) -> str | None:
    """What tf_keras raises for the same layer and input, as ``"Type: message"`` (layer names
    counted from a fresh session, as layerlint names them); None when it raises nothing."""
    keras = tf_keras()
    keras.backend.clear_session()
    namespace = {name: getattr(keras.layers, name) for name in dir(keras.layers)}
    try:
        apply(keras, eval(src, namespace), shape)  # the test's own literal source
    except Exception as error:  # noqa: BLE001 - any exception tf_keras raises is the reference
        return f"{type(error).__name__}: {error}"
    return None
