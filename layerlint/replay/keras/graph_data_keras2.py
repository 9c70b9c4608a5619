"""Data reaching a tf.keras 2 functional model where tf_keras 2.21 differs from Keras 3
(graph_data.py has the common flow), measured in tests/keras2/test_fit_data_keras2.py:

* sample counts are checked first for every call, ``train_on_batch`` too, in tf.keras' words
  ("Data cardinality is ambiguous:\\n  x sizes: 10, 11\\n  y sizes: 10\\n...");
* another number of arrays than inputs: 'Layer "model" expects 2 input(s), but it received 1
  input tensors. Inputs received: [<tf.Tensor 'IteratorGetNext:0' shape=(None, 8) ...>]';
* each input's InputSpec, the last axis squeezable, with the batch axis the step is traced
  with (free unless every batch is full; the whole batch for ``*_on_batch`` and ``model(x)``):
  'Input 1 of layer "model" is incompatible with the layer: expected shape=(None, 3), found
  shape=(None, 4)';
* then a trailing axis of 1 is added or dropped (``_conform_to_reference_input``) and data of
  another rank run through the layers: the first layer whose InputSpec rejects its input
  raises, wrapped "Exception encountered when calling layer 'model' (type Functional).";
* targets: a list of another length than the outputs raises "The two structures don't have
  the same sequence length", a dict whose keys name no output "Found unexpected losses or
  metrics"; one array for several outputs under one loss is every output's
  target; a dict without an output's key leaves that output without a loss; each output's loss
  by tf.keras 2's rules (losses_keras2.py).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ...diagnostics import Related
from ...ir import ArrayValue, DataCall, TensorRef
from ...shapes import Shape, format_shape
from . import losses, losses_keras2
from .fit_validation import flatten
from .data import conform_rank, spec_mismatch
from .keras2 import keras2_message
from .stack import WHOLE_BATCH

if TYPE_CHECKING:
    from .graph import GraphReplay

_TRACED = ("fit", "evaluate", "predict")


def per_output(loss: Any, names: list[str]) -> list[Any]:
    """compile's loss for each output: one for all, by position (a list), or by name (a dict)."""
    if isinstance(loss, dict):
        return [loss.get(name) for name in names]
    if isinstance(loss, list):
        return list(loss) if len(loss) == len(names) else [None] * len(names)
    return [loss] * len(names)


def input_error(replay: GraphReplay, event: DataCall, stage: str, what: str, layer: Any,
                shapes: str, framework: str) -> None:
    """LL201 for the data of one input (both dialects): ``shapes`` says how they differ."""
    replay.error(  # type: ignore[attr-defined]
        "LL201", event.span, stage,
        f"{what}the data for input {layer.name!r} has shape {shapes}; Keras raises "
        f"{replay.where(stage, event.method, event.span)}",  # type: ignore[attr-defined]
        framework, related=[Related(layer.span, f"the input {layer.name} is declared here")])


def _batch(event: DataCall, x: ArrayValue) -> Any:
    """The batch axis of the step's input signature."""
    return losses_keras2.traced_batch(event, x.shape[0] if x.shape else None)


def input_count_error(replay: GraphReplay, event: DataCall, given: list[Any]) -> str:
    """tf.keras 2's text for data with another number of arrays than the model has inputs; the
    tensors are listed where their names and dtypes are known (a step traced by fit/predict:
    float data become float32)."""
    text = (f'ValueError: Layer "{replay.display_name}" expects {len(replay.state.inputs)} '  # type: ignore[attr-defined]
            f"input(s), but it received {len(given)} input tensors. Inputs received: ")
    dtypes = [a.dtype for a in given if isinstance(a, ArrayValue)]
    if event.method not in _TRACED or len(dtypes) != len(given) or None in dtypes or \
            any(a.shape is None for a in given):
        return text
    tensors = [f"<tf.Tensor 'IteratorGetNext:{i}' shape="
               f"{format_shape((_batch(event, a), *a.shape[1:]))} dtype="
               f"{'float32' if a.dtype.startswith('float') else a.dtype}>"
               for i, a in enumerate(given)]
    return text + "[" + ", ".join(tensors) + "]"


def check_inputs(replay: GraphReplay, event: DataCall, xs: list[Any], stage: str,
                 what: str) -> None:
    model = replay.display_name  # type: ignore[attr-defined]
    where = replay.where(stage, event.method, event.span)  # type: ignore[attr-defined]
    pairs = [(i, layer, x) for i, (layer, x) in enumerate(zip(replay.state.inputs, xs))
             if isinstance(x, ArrayValue) and x.shape and layer.output_shape is not None]
    for index, layer, x in pairs:
        spec: Shape = (None, *layer.output_shape[1:])  # type: ignore[index]
        found: Shape = (_batch(event, x), *x.shape[1:])  # type: ignore[index]
        if spec_mismatch(spec, found):
            input_error(replay, event, stage, what, layer,
                        f"{format_shape(x.shape)} but the input is "
                        f"{format_shape(layer.output_shape)}",
                        f'ValueError: Input {index} of layer "{model}" is incompatible with the '
                        f"layer: expected shape={format_shape(spec)}, found "
                        f"shape={format_shape(found)}")
    fed = {}
    for _, layer, x in pairs:
        conformed = conform_rank((_batch(event, x), *x.shape[1:]),  # type: ignore[index]
                             layer.output_shape)  # type: ignore[arg-type]
        if conformed is None:
            return  # a size layerlint does not know decides the rank: nothing claimed
        if tuple(conformed[1:]) != tuple(layer.output_shape[1:]):  # type: ignore[index]
            fed[id(layer.call)] = conformed
    failure = replay.run_on(fed, layer_errors=True) if fed else None
    if failure is None:
        return
    layer, problem = failure
    inner = (keras2_message(problem.framework, layer) or "").removeprefix("ValueError: ")
    replay.error(  # type: ignore[attr-defined]
        "LL201", event.span, stage,
        f"{what}the data differs from the model input, and {problem.message}; Keras raises "
        f"{where}",
        f"ValueError: Exception encountered when calling layer '{model}' (type Functional)."
        f"\n\n{inner}",
        related=[Related(layer.span, f"{layer.kind} ({layer.name})")])


def check_targets(replay: GraphReplay, event: DataCall, stage: str, what: str) -> None:
    refs = flatten(replay.graph.outputs)
    outputs = replay.output_tensors()
    names = replay.output_names()
    y = event.y
    where = replay.where(stage, event.method, event.span)  # type: ignore[attr-defined]
    if isinstance(y, dict):
        if y and not any(key in names for key in y):
            replay.error(  # type: ignore[attr-defined]
                "LL202", event.span, stage,
                f"{what}no target key names an output (keys {list(y)}, outputs {names}); Keras "
                f"raises {where}",
                "ValueError: Found unexpected losses or metrics that do not correspond to any "
                f"Model output: dict_keys({list(y)}). Valid mode output names: {names}. "
                "Received struct is: ")
        ys = [y.get(name) for name in names]
    elif isinstance(y, (list, tuple)):
        if len(y) != len(outputs):
            if len(outputs) > 1:
                replay.error(  # type: ignore[attr-defined]
                    "LL202", event.span, stage,
                    f"{what}the model has {len(outputs)} outputs but receives {len(y)} target "
                    f"array{'s' if len(y) != 1 else ''}; Keras raises {where}",
                    "ValueError: The two structures don't have the same sequence length. Input "
                    f"structure has length {len(y)}, while shallow structure has length "
                    f"{len(outputs)}.")
            return
        ys = list(y)
    elif len(outputs) > 1 and isinstance(replay.loss, (list, dict)):  # type: ignore[attr-defined]
        return  # one array for losses per output: not modelled
    else:
        ys = [y] * len(outputs)
    samples = next((a.shape[0] for a in flatten((event.x, y))
                    if isinstance(a, ArrayValue) and a.shape and isinstance(a.shape[0], int)),
                   None)
    batches = losses.batch_sizes(samples, event.kwargs.get("batch_size"),
                                 event.method in WHOLE_BATCH)
    values = per_output(replay.loss, names)  # type: ignore[attr-defined]
    for ref, name, output, target, value in zip(refs, names, outputs, ys, values):
        last = replay._producer(ref) if isinstance(ref, TensorRef) else None
        if value is None or last is None or output.shape is None \
                or not isinstance(target, ArrayValue) or target.shape is None:
            continue
        finding = losses_keras2.check_targets(value, last, output.shape, target, batches, event)
        if finding is None:
            continue
        related = [Related(replay.compile_event.span, "the loss is compiled here")] \
            if replay.compile_event is not None else []  # type: ignore[attr-defined]
        replay.error(finding.code, event.span, stage,  # type: ignore[attr-defined]
                     f"{what}output {name!r}: {finding.message}; Keras raises {where}",
                     finding.framework, related=related)
