"""Replay of a subclassed ``keras.Model`` as tf.keras 2 (``tf_keras``) runs one: the Keras 3
subclass replay (subclass.py) with what tf.keras 2 does differently, measured with tf_keras
2.21 (tests/subclass/):

* ``model.build(shape)`` runs ``call`` on a placeholder whose batch axis is free: a layer that
  cannot take its input raises there (stage build), with the layer's own message, unwrapped.
* ``fit``/``predict``/``evaluate`` trace ``call`` in a ``tf.function`` on the first batch: its
  batch axis is the batch size when every batch is full (samples divisible by it), else free;
  ``model(x)`` runs eagerly on the whole input.
* The error names the innermost subclass by its layer name: "Exception encountered when calling
  layer 'net' (type Net). <message> Call arguments received by layer 'net' (type Net): ..."
  (inside ``fit``/``predict`` that text follows "in user code:" and a traceback of tf_keras'
  own frames, which layerlint does not reproduce). Messages are tf.keras 2's (keras2.py), and
  ``x + y`` of mismatched tensors is TensorFlow's "Dimensions must be equal, but are 8 and 16"
  (followed by the op's node definition, which layerlint does not reproduce).
* Layers and losses follow the tf.keras 2 catalogue and loss rules (keras2.py).
"""

from __future__ import annotations

import re
from typing import Any

from ...diagnostics import Related
from ...ir import ArrayValue, Build, Call, DataCall
from ...layers.keras._tf_op import lookup_tf_op
from ...shapes import Shape, format_shape
from . import losses_keras2 as keras2_losses
from .keras2 import Keras2Replay, keras2_message
from .stateful_keras2 import traced_batch
from .stack import Layer
from .subclass import SubclassReplay
from .subclass_graph import Failure, Several, _is_shape


class Keras2SubclassReplay(SubclassReplay, Keras2Replay):
    def _subclass_build(self, event: Build) -> None:
        assert self.trace is not None and self.evaluator is not None
        self.built = True
        self.built_at = self.built_at or "build"
        shape = event.input_shape
        if not isinstance(shape, (tuple, list)) or not shape or self.trace.has_build:
            return
        self.ran(event, "build", {})
        evaluation = self.evaluator.evaluate(self.trace, (None, *tuple(shape)[1:]))
        self.drawn = getattr(self, "drawn", None) or evaluation  # the picture's run
        self.called = True
        self._record_layers()
        if evaluation.failure is not None:
            failure = evaluation.failure
            text = self._keras2_text(failure)
            self._raise(failure, event.span, "build", "build", text,
                        f"{self.model.name}.build(...)")

    def batch_axis(self, event: DataCall, x: Any) -> Any:
        """The traced batch: of a list or dict of arrays, their (common) sample count's."""
        items = list(x.values()) if isinstance(x, dict) else list(x) \
            if isinstance(x, (list, tuple)) else [x]
        first = items[0] if items and isinstance(items[0], ArrayValue) else None
        return traced_batch(event, first.shape[0] if first is not None and first.shape else None)

    def _call_failure(self, failure: Failure, event: DataCall, stage: str, x: Any) -> None:
        inner = self._keras2_text(failure)
        if failure.sequential is not None and inner.startswith("ValueError: Input 0 of layer"):
            model, received = failure.sequential  # a Sequential called in call() wraps it
            head = f"layer '{self.names.get(id(model), '?')}' (type Sequential)"
            self._raise(failure, event.span, stage, event.method,
                        f"ValueError: Exception encountered when calling {head}.\n\n"
                        f"{inner.removeprefix('ValueError: ')}\n\nCall arguments received by "
                        f"{head}:\n  • inputs={_received(received)}", self._called(event))
            return
        if inner.startswith("ValueError: Exception encountered when calling layer "):
            # the layer's own call() raised: inside a subclass tf.keras quotes its name with '
            inner = re.sub(r'calling layer "([^"]*)"', r"calling layer '\1'", inner)
            inner = re.sub(r'received by layer "([^"]*)"', r"received by layer '\1'", inner)
            self._raise(failure, event.span, stage, event.method, inner, self._called(event))
            return
        if inner.startswith("RuntimeError: The size of tensor a"):  # TF's words for x + y
            inner = _tf_broadcast_error(failure, inner, eager=event.method == "__call__")
        kind, _, text = inner.partition(": ")
        trace = failure.classes[-1]
        name = self._layer_name(failure)
        shape = failure.inputs[-1]
        head = f"layer '{name}' (type {trace.class_name})"
        if failure.tf_op and event.method == "__call__":
            # run eagerly, TensorFlow's kernel raises its own InvalidArgumentError (its text
            # names the device and the op's kernel): only its kind and wrapper are claimed
            self._raise(failure, event.span, stage, event.method, "InvalidArgumentError: "
                        f"Exception encountered when calling {head}.", self._called(event))
            return
        parameter = trace.parameters[0] if trace.parameters else "inputs"
        framework = (f"{kind}: Exception encountered when calling {head}.\n\n{text}\n\n"
                     f"Call arguments received by {head}:\n  • {parameter}={_received(shape)}")
        self._raise(failure, event.span, stage, event.method, framework, self._called(event))

    def _called(self, event: DataCall) -> str:
        if event.method == "__call__":
            return f"{self.model.name}(...)"
        return f"{self.model.name}.{event.method}(...)"

    def _keras2_text(self, failure: Failure) -> str:
        """The catalogue's Keras 3 text as tf.keras 2 words it, for the failing layer."""
        call = failure.node.target
        layer = None
        if isinstance(call, Call) and self.evaluator is not None:
            state = self.evaluator.state(call)
            layer = Layer(call, state.spec.name if state.spec else call.kind,
                          self.evaluator.name(call), call.span, state.spec, args=state.args)
        shape = failure.received if _is_shape(failure.received) else None
        return keras2_message(failure.error.framework, layer, shape) or failure.error.framework

    def _record_layers(self) -> None:
        """tf.keras 2 builds a weightless layer (Dropout, ReLU) only when a call reaches it,
        which for an ``if training:`` path depends on the stage: such counts are not claimed."""
        super()._record_layers()
        for layer in self.layers:
            if layer.params == 0:
                layer.params = layer.non_trainable = None

    def _layer_name(self, failure: Failure) -> str:
        """The Keras name of the innermost subclass whose call() raised."""
        if len(failure.classes) == 1 or failure.owner is None:
            return self.display_name
        assert self.evaluator is not None
        return self.evaluator.name(failure.owner)

    def _raise(self, failure: Failure, span: Any, stage: str, method: str, framework: str,
               where_called: str) -> None:
        assert self.trace is not None
        node, error = failure.node, failure.error
        related = [Related(span, f"{where_called} runs {self.trace.class_name}.call()")]
        call = node.target if isinstance(node.target, Call) else None
        if call is not None:
            related.insert(0, Related(call.span, f"{call.kind} is defined here"))
        index = next((i for i, layer in enumerate(self.layers) if layer.call is call), None)
        self.error(error.code, node.span, stage,
                   f"{error.message}; Keras raises {self.where(stage, method, span)}",
                   framework, layer=index, related=related)

    def loss_check(self, event: DataCall, x: Any, output: Shape, target: Shape,
                   batches: list[Any]) -> tuple[str, Any] | None:
        """tf.keras 2's loss rules (losses_keras2.py), traced on the batch the step sees."""
        loss = keras2_losses.resolve(self.loss)
        if loss is None:
            return None
        finding = keras2_losses.check(loss, output, target, batches, None,
                                      traced=self.batch_axis(event, x))
        return (loss.function, finding) if finding is not None else None


def _received(value: Any) -> str:
    """What call() received as tf.keras 2 lists it: a tensor; a list of arrays became a tuple,
    listed (like a dict) as the repr of its tensors' texts (measured)."""
    if isinstance(value, Several):
        return repr(tuple(_received(v) for v in value.shapes))
    if isinstance(value, dict):
        return repr({k: _received(v) for k, v in value.items()})
    return f"tf.Tensor(shape={format_shape(value)}, dtype=float32)"


def _tf_broadcast_error(failure: Failure, torch_text: str, eager: bool) -> str:
    """``x + y`` of tensors that do not broadcast, as TensorFlow says it: traced in a
    tf.function, "Dimensions must be equal, but are 8 and 16" (then the op's node, not
    reproduced); run eagerly (``model(x)``), the op's InvalidArgumentError with both shapes."""
    a, b = (failure.received or ((), ()))[:2]
    axis = torch_text.rsplit(" ", 1)[-1]
    position = int(axis) if axis.isdigit() else -1
    if eager:
        def dims(shape: Shape) -> str:
            return "[" + ",".join(str(d) for d in shape) + "]"

        # the operator's TensorFlow op (``*`` is Mul, measured; the tf_ops entries know each)
        spec = lookup_tf_op(f"operator.{failure.node.operator}")
        op = spec.op if spec is not None and spec.op else "AddV2"
        return (f"InvalidArgumentError: {{{{function_node __wrapped__{op}_device_/job:localhost/"
                f"replica:0/task:0/device:CPU:0}}}} Incompatible shapes: {dims(a)} vs. {dims(b)} "
                f"[Op:{op}] name: ")
    sizes = [s[position] if 0 <= position < len(s) else "?" for s in (a, b)]
    return f"ValueError: Dimensions must be equal, but are {sizes[0]} and {sizes[1]}"
