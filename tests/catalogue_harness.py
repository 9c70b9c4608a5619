"""Differential harness for single catalogue entries: one layer, one input shape, both sides.

``layerlint_layer(src, shape)`` runs the catalogue entry on ``src`` (a layer call as written in
Keras code, e.g. ``"LSTM(64, return_sequences=True)"`` or ``"Bidirectional(LSTM(8))"``) for an
input of ``shape`` (batch axis first). ``keras_layer(src, shape)`` builds the same layer in real
Keras 3 as ``Sequential([Input(shape[1:]), layer])`` and reports the same facts. Both return an
:class:`Outcome` so tests compare them with ``==``.

Merge layers (catalogue entries with ``inputs="list"``) take a list of shapes instead of one:
``layerlint_layer("Add()", [(None, 3), (None, 1)])`` against Keras' functional
``Model([Input(batch_shape=s1), Input(batch_shape=s2)], Add()([a, b]))`` (see :func:`apply`).

Only literal arguments are supported here (numbers, strings, tuples, nested layer calls): this
harness pins the catalogue, not the front end.
"""

from __future__ import annotations

import ast
import os
import re
from dataclasses import dataclass
from typing import Any

from layerlint.ir import Call, Span
from layerlint.layers.base import LayerError, bind, lookup

os.environ.setdefault("KERAS_BACKEND", "torch")

_SPAN = Span(1, 1, 1, 1)


@dataclass(frozen=True)
class Outcome:
    """``error`` is None, or ``"init"`` (rejected when the layer is created) or ``"build"``
    (rejected when it meets its input). ``outputs`` holds every output shape (several for
    ``return_state``)."""

    error: str | None
    shape: tuple | None = None
    params: int | None = None
    non_trainable: int | None = None
    outputs: tuple | None = None


def parse_call(src: str) -> Call:
    """A literal layer call -> Call (nested calls become nested Call objects)."""
    node = ast.parse(src, mode="eval").body
    return _to_call(node)


def _to_value(node: ast.AST):
    if isinstance(node, ast.Call):
        return _to_call(node)
    return ast.literal_eval(node)


def _to_call(node: ast.AST) -> Call:
    assert isinstance(node, ast.Call), ast.dump(node)
    func = node.func
    name = func.attr if isinstance(func, ast.Attribute) else func.id  # type: ignore[union-attr]
    return Call(
        kind=name,
        qualname=f"keras.layers.{name}",
        args=tuple(_to_value(a) for a in node.args),
        kwargs={k.arg: _to_value(k.value) for k in node.keywords if k.arg},
        span=_SPAN,
    )


def snake(name: str) -> str:
    """Keras' default layer name for a class name (``Conv2DTranspose`` -> ``conv2d_transpose``)."""
    name = re.sub(r"\W+", "", name)
    name = re.sub("(.)([A-Z][a-z]+)", r"\1_\2", name)
    return re.sub("([a-z])([A-Z])", r"\1_\2", name).lower()


def sorted_sets(text: str) -> str:
    """Keras prints Python sets of strings, whose order changes with the hash seed."""
    return re.sub(
        r"\{('[^']*'(?:, '[^']*')*)\}",
        lambda m: "{" + ", ".join(sorted(m.group(1).split(", "))) + "}",
        text,
    )


def layerlint_layer(src: str, shape: tuple) -> Outcome:
    call = parse_call(src)
    spec = lookup("keras", call.kind)
    assert spec is not None, f"{call.kind} is not in the catalogue"
    return entry_outcome(spec, call, shape)


def entry_outcome(spec: Any, call: Call, shape: tuple) -> Outcome:
    """What a catalogue entry (of either dialect) does with ``call`` on ``shape``."""
    try:
        args = bind(spec, call, snake(call.kind))
        if spec.validate:
            spec.validate(args)
    except LayerError:
        return Outcome("init")
    try:
        out = spec.call(args, tuple(shape))
    except LayerError:
        return Outcome("build")
    return Outcome(None, out.shape, out.params, out.non_trainable, out.outputs)


def apply(keras: Any, layer: Any, shape: Any) -> Any:
    """The layer applied to symbolic inputs of ``shape`` in ``keras`` (Keras 3 or tf_keras), as
    users write it; returns its output. One input: ``Sequential([Input(batch_shape=shape),
    layer])``. A merge layer (``inputs="list"``), ``shape`` being a list of shapes: the layer
    called on a list of Inputs, in a functional ``Model(inputs, output)``."""
    spec = lookup("keras", type(layer).__name__)
    if spec is not None and spec.inputs == "list":
        inputs = [keras.Input(batch_shape=tuple(s)) for s in shape]
        out = layer(inputs)
        keras.Model(inputs, out)
        return out
    model = keras.Sequential([keras.Input(batch_shape=tuple(shape)), layer])
    return model.layers[-1].output


def keras_layer(src: str, shape: tuple) -> Outcome:
    import keras

    namespace = {name: getattr(keras.layers, name) for name in dir(keras.layers)}
    try:
        layer = eval(src, namespace)  # the test's own literal source, never user code
    except Exception:  # noqa: BLE001 - whatever Keras raises is the outcome
        return Outcome("init")
    try:
        out = apply(keras, layer, shape)
    except Exception:  # noqa: BLE001 - whatever Keras raises is the outcome
        return Outcome("build")
    outs = out if isinstance(out, (list, tuple)) else [out]
    shapes = tuple(tuple(o.shape) for o in outs)
    non_trainable = sum(int(w.numpy().size) for w in layer.non_trainable_weights)
    return Outcome(
        None,
        shapes[0],
        layer.count_params(),
        non_trainable,
        shapes if len(shapes) > 1 else None,
    )


def real_layer(name: str):
    """The real Keras 3 class of that name."""
    import keras

    return getattr(keras.layers, name)


def layerlint_error(src: str, shape: tuple) -> LayerError:
    """The LayerError the entry raises, at creation or when it meets ``shape``."""
    call = parse_call(src)
    error = entry_error(lookup("keras", call.kind), call, shape)
    if error is None:
        raise AssertionError(f"{src} on {shape}: no error")
    return error


def entry_error(spec: Any, call: Call, shape: tuple) -> LayerError | None:
    """The LayerError a catalogue entry (of either dialect) raises for ``call`` on ``shape``."""
    try:
        args = bind(spec, call, snake(call.kind))
        if spec.validate:
            spec.validate(args)
        spec.call(args, shape)
    except LayerError as error:
        return error
    return None


def keras_error(src: str, shape: tuple) -> str:
    """What real Keras raises for the same layer and input, as ``"Type: message"``, with Keras'
    name counters reset so the layer is named as layerlint names it."""
    import keras

    keras.backend.clear_session()
    namespace = {name: getattr(keras.layers, name) for name in dir(keras.layers)}
    try:
        layer = eval(src, namespace)
        apply(keras, layer, shape)
    except Exception as error:  # noqa: BLE001 - any exception Keras raises is the reference
        text = re.sub(r"\x1b\[[0-9;]*m", "", str(error))
        return f"{type(error).__name__}: {text}"
    raise AssertionError(f"{src} on {shape}: Keras raised nothing")
