"""A custom ``keras.layers.Layer`` subclass used as a layer of a ``Sequential`` model or of a
functional graph: its traced ``call`` (ir.SubclassTrace) made into a catalogue-like entry, so
the stack walk and the graph replay run it like any other layer.

* Output shape and weights come from evaluating the traced ``call`` (subclass_graph.py); the
  layer's parameters are the sum of its tracked layers' (``count_params()``), one summary row.
* Keras 3 builds such a model symbolically: the backend runs ``call`` on stand-in tensors
  whose free axes are 83 (keras/src/backend/torch/core.py ``compute_output_spec``), so a
  layer raising inside ``call`` names 83 for the batch, and Keras wraps the error:
  "Exception encountered when calling Block.call(). Could not automatically infer the output
  shape / dtype of 'block' (of type Block). ... Error encountered: <error>" (measured).
  tf.keras 2 wraps it as "Exception encountered when calling layer "block" (type Block)." then
  (for a script on disk) "in user code:" with the frames of ``call`` (not reproduced) and the
  error, TensorFlow's for ``x + y`` ("Dimensions must be equal, but are 8 and 4 for <node>");
  inside ``fit``/``predict`` (a tf.function) the layer's name is in single quotes.
* On the TensorFlow backend Keras traces ``call`` on placeholders that keep the free axes
  unknown (keras/src/backend/tensorflow/core.py): an inner error names ``None``, and ``x + y``
  raises TensorFlow's ValueError "Dimensions must be equal, but are 8 and 4 for '{{node add}}
  = AddV2[...](...)' with input shapes: [?,8], [?,4]." — quoted up to the node, whose operand
  names layerlint does not reproduce (as for tf.keras 2). A ValueError passes fit's symbolic
  build unwrapped. Another backend (jax, ...) traces on stand-ins of its own: the error is
  reported (torch and TensorFlow agree on it), its text not quoted (an LL902 note says so).
* The error sits at the line inside ``call`` (``InsideCall.inside``); a ``call`` that is not
  followed leaves the output unknown, with the LL903 note of what stopped it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from ...ir import Call, Node, Span, SubclassTrace
from ...layers.base import Args, LayerError, LayerSpec, Out, Unmodelled
from ...layers.keras.backend_text import backend_of, modelled
from ...layers.keras.ops_eager import PassesOnMeta
from .subclass_graph import Failure, GraphEvaluator, _Raised

# Keras 3 fit/evaluate build an unbuilt model symbolically first (Trainer._symbolic_build): a
# ValueError passes through, any other error is re-raised as this RuntimeError.
_SYMBOLIC_BUILD = ("fit", "evaluate", "train_on_batch", "test_on_batch")
_AUTO_BUILD = (
    "RuntimeError: Unable to automatically build the model. Please build it yourself before "
    "calling fit/evaluate/predict. A model is 'built' when its variables have been created and "
    "its `self.built` attribute is True. Usually, calling the model on a batch of data is the "
    "right way to build it.\nException encountered:\n'{inner}'"
)


_TORCH_BROADCAST = re.compile(r"The size of tensor a \((\d+)\) must match the size of tensor b "
                              r"\((\d+)\)")
# Keras 3 (torch backend) fills free axes with this size when it runs a layer's call()
# symbolically (compute_output_spec).
SYMBOLIC_FILL = 83


@dataclass
class InsideCall(LayerError):
    """A LayerError raised by a layer inside a custom layer's ``call``: ``inside`` is that
    line (where the error is reported), ``owner`` the custom layer's class."""

    inside: Span | None = None
    owner: str | None = None


def custom_spec(call: Call, trace: SubclassTrace, name: str, evaluator: GraphEvaluator,
                dialect: str, backend: str = "torch") -> tuple[LayerSpec, Args]:
    """The entry and bound arguments that run ``trace`` as the layer ``call``."""

    def run(_: Args, x: Any) -> Out:
        state = evaluator.state(call)
        node = Node("layer", call, (), trace.call_span or call.span)
        try:
            shape = evaluator.nested_output(node, state, trace, tuple(x))
        except _Raised as raised:
            if isinstance(raised.failure.error, PassesOnMeta):  # Keras' symbolic build passes
                raise Unmodelled(f"{trace.class_name}.call(), which fails only on data "
                                 f"({raised.failure.error.message})") from None
            if dialect == "keras3" and not modelled(backend):
                evaluator.note("LL902", raised.failure.node.span, f"what Keras prints for this "
                               f"error depends on the {backend} backend, which layerlint does "
                               "not model: its text is not quoted")
            raise _error(raised.failure, call, trace, name, evaluator, tuple(x), dialect,
                         backend) from None
        return Out(shape, state.params, state.non_trainable)

    spec = LayerSpec("keras", trace.class_name, (), run)
    return spec, Args(trace.class_name, {"name": name})


def _error(failure: Failure, call: Call, trace: SubclassTrace, name: str,
           evaluator: GraphEvaluator, x: tuple, dialect: str, backend: str) -> InsideCall:
    inner = failure.error
    framework = inner.framework
    tensorflow = dialect == "keras2" or backend == "tensorflow"
    if dialect == "keras3" and backend == "torch" and any(d is None for d in x):
        filled = _filled_text(call, trace, evaluator, x)
        if filled is not None and filled.split(": ", 1)[0] == framework.split(": ", 1)[0]:
            framework = filled
    kind, _, text = framework.partition(": ")
    if not text:
        kind, text = "ValueError", framework
    sizes = _TORCH_BROADCAST.search(framework) if tensorflow else None
    if sizes:  # TensorFlow's words for x + y traced in a graph (then the op, not reproduced)
        kind = "ValueError"
        text = f"Dimensions must be equal, but are {sizes.group(1)} and {sizes.group(2)}"
    owner = failure.classes[-1].class_name if failure.classes else trace.class_name
    if dialect == "keras3" and not modelled(backend):  # its stand-in tensors, its own texts
        wrapped = ""
    elif dialect == "keras3":
        wrapped = (f"{kind}: Exception encountered when calling {trace.class_name}.call().\n\n"
                   f"Could not automatically infer the output shape / dtype of '{name}' (of "
                   f"type {trace.class_name}). Either the `{trace.class_name}.call()` method is "
                   f"incorrect, or you need to implement the `{trace.class_name}."
                   "compute_output_spec() / compute_output_shape()` method. Error encountered:"
                   f"\n\n{text}\n\nArguments received by {trace.class_name}.call():")
    else:  # the tf.keras 2 replay words the inner error as tf.keras does (keras2_message)
        wrapped = (f'ValueError: Exception encountered when calling layer "{name}" (type '
                   f"{trace.class_name}).\n\n{text}")
    return InsideCall(inner.code, f"{inner.message} (inside {owner}.call())", wrapped,
                      inside=failure.node.span, owner=owner)


def _filled_text(call: Call, trace: SubclassTrace, evaluator: GraphEvaluator,
                 x: tuple) -> str | None:
    """The inner error as Keras 3 words it: raised on stand-in tensors whose free axes are 83.
    Evaluated apart, so the layers' recorded shapes stay those of the real input."""
    apart = GraphEvaluator(evaluator.names, lambda *_: None, evaluator.spec_for,
                           keras2=evaluator.keras2)
    filled = tuple(SYMBOLIC_FILL if d is None else d for d in x)
    node = Node("layer", call, (), trace.call_span or call.span)
    try:
        apart.nested_output(node, apart.state(call), trace, filled)
    except _Raised as raised:
        return raised.failure.error.framework
    return None


def make(replay: Any, call: Call, layer: Any) -> Any:
    """``replay._make`` for a custom layer: its entry, or (``call`` not followed) no entry and
    the LL903 note saying what stopped the trace."""
    trace = call.facts["subclass"]
    explicit = call.kwargs.get("name")
    if isinstance(explicit, str):
        layer.name = explicit
    if trace.graph is None:
        span, reason = trace.unfollowed or (call.span, "call() could not be followed")
        replay.note("LL903", span, f"{trace.class_name}.call() is not followed ({reason}); "
                    "shapes after it are unknown")
        return layer
    evaluator = getattr(replay, "custom_evaluator", None)
    if evaluator is None:
        evaluator = GraphEvaluator(replay.names, replay.note, replay.layer_spec,
                                   keras2=replay.model.dialect == "keras2")
        evaluator.backend = backend_of(replay.model)
        evaluator.symbolic = True
        replay.custom_evaluator = evaluator
    layer.spec, layer.args = custom_spec(call, trace, layer.name, evaluator,
                                         replay.model.dialect, backend_of(replay.model))
    return layer


def symbolic_build_text(framework: str, method: str) -> str:
    """The text of an error raised while ``fit``/``evaluate`` build an unbuilt model."""
    if method not in _SYMBOLIC_BUILD or not framework or framework.startswith("ValueError: "):
        return framework
    return _AUTO_BUILD.format(inner=framework.split(": ", 1)[-1])


def in_tf_function(framework: str) -> str:
    """Inside a tf.function tf.keras 2 names the custom layer that raised in single quotes."""
    return re.sub(r'^ValueError: Exception encountered when calling layer "([^"]*)"',
                  r"ValueError: Exception encountered when calling layer '\1'", framework)
