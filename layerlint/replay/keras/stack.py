"""A Keras model's layer stack as layerlint replays it: the layers (``model.layers``), the shapes
one walk through them gives, and the words messages use for where Keras raises.

Shared by the Keras 3 replay (model.py), the tf.keras 2 replay (keras2.py) and the checks they run
(data, losses, masks, sequences)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ...ir import UNKNOWN, Call, Span
from ...layers.base import Args, LayerError, LayerSpec, Unmodelled, lookup
from ...layers.keras.merging import called_on_one_tensor
from ...results import LayerReport
from ...shapes import Shape, format_shape
from . import multi_output

if TYPE_CHECKING:
    from .model import Replay

INPUT_KINDS = ("Input", "InputLayer")


RNN_KINDS = ("LSTM", "GRU", "SimpleRNN")


FIT_METHODS = ("fit", "evaluate", "train_on_batch", "test_on_batch")


# Methods that take the whole input as one batch (no batch_size): shapes are fixed by the data.
WHOLE_BATCH = ("train_on_batch", "test_on_batch", "predict_on_batch", "__call__")
STAGE_OF = {
    "fit": "fit",
    "evaluate": "fit",
    "train_on_batch": "fit",
    "test_on_batch": "fit",
    "predict": "predict",
    "predict_on_batch": "predict",
    "__call__": "predict",
}


def plain_line(line: int) -> str:
    """How a message cites a line of the file (notebooks cite "cell 4, line 2" instead)."""
    return f"line {line}"


class Stop(Exception):
    """Keras raised: the replay of this model ends here."""


@dataclass
class Layer:
    """One entry of Keras' ``model.layers`` and what layerlint knows about it."""

    call: Any  # ir.Call or UNKNOWN
    kind: str
    name: str
    span: Span
    spec: LayerSpec | None = None
    # How it was added ("list" element of Sequential([...]) or "add") and that event's span.
    form: str = "list"
    event_span: Span | None = None
    args: Args | None = None
    input_shape: Shape | None = None
    output_shape: Shape | None = None
    params: int | None = None
    non_trainable: int | None = None
    outputs: tuple[Shape, ...] | None = None
    built: bool = False


@dataclass
class Tensor:
    """What layerlint knows of a tensor-graph node's result: its shape (None: unknown), or the shapes of the
    several tensors it returns (``return_state=True``)."""

    shape: Shape | None
    several: tuple[Shape, ...] | None = None
    dtype: str | None = None  # known for Inputs and keras.ops results
    dtypes: tuple[str | None, ...] | None = None  # of the several tensors


UNKNOWN_TENSOR = Tensor(None)


@dataclass
class Step:
    """The shapes one layer sees in a walk through the stack."""

    input_shape: Shape | None
    output_shape: Shape | None
    params: int | None
    non_trainable: int | None
    outputs: tuple[Shape, ...] | None = None


@dataclass
class WalkFailure:
    index: int
    error: LayerError
    deferred: bool = False  # the build succeeds; Keras raises when the model is called on data


@dataclass
class Note:
    """An LL9xx analysis note; one per cause."""

    code: str
    span: Span
    message: str


def walk(layers: list[Layer], shape: Shape | None, replay: Replay | None = None
         ) -> tuple[list[Step], WalkFailure | None]:
    """Call every layer on ``shape`` in turn; stop at the first LayerError.

    A failure marked ``deferred`` does not stop the build: Keras raises only when the model is
    called on data (multi_output.py).
    """
    steps: list[Step] = []
    x = shape
    several: tuple[Shape, ...] | None = None  # the tensors of a layer returning several
    for index, layer in enumerate(layers):
        if several is not None:
            verdict = multi_output.verdict(layer.kind) if layer.args is not None else None
            if verdict == "pass":
                steps.append(Step(x, x, 0, 0, several))
                continue
            steps.append(Step(x, None, None, None))
            if verdict is None:
                x = several = None
                continue
            producer = layers[index - 1].kind
            problem = multi_output.error(layer.kind, layer.name, len(several), producer)
            return steps, WalkFailure(index, problem, deferred=verdict == "call")
        if x is None or layer.spec is None or layer.args is None:
            steps.append(Step(x, None, None, None))
            x = None
            continue
        try:
            if layer.spec.inputs == "list":  # a merge layer handed the chain's single tensor
                raise called_on_one_tensor(layer.args, tuple(x))
            out = layer.spec.call(layer.args, tuple(x))
        except Unmodelled as unknown:
            if replay is not None:
                replay.note("LL902", layer.span, f"{unknown.what} could not be evaluated; shapes "
                            "after it are unknown")
            steps.append(Step(x, None, None, None))
            x = None
            continue
        except LayerError as problem:
            steps.append(Step(x, None, None, None))
            return steps, WalkFailure(index, problem)
        steps.append(Step(x, out.shape, out.params, out.non_trainable, out.outputs))
        x = out.shape
        if out.outputs is not None and len(out.outputs) > 1:
            several = out.outputs
    return steps, None


# Entries whose output keeps their input's batch axis as its first axis and whose weights,
# checks and errors never read that axis, on any input they accept (Dense needs 2-D at least):
# the same stack walked on another batch size only changes axis 0 of every shape
# (tests/test_batch_rescale.py runs each on free and sized batches).
BATCH_FREE = frozenset({"Dense", "Flatten", "Dropout", "Activation", "Identity"})


_BATCH_FREE_SPECS: set[int] = set()  # id() of the registered BATCH_FREE entries


def rescaled_output(layers: list[Layer], built: BuiltWalk | None, fed: Shape) -> Shape | None:
    """The output ``walk(layers, fed)`` gives, read from the build's walk (``built``, kept by the
    replay until its layers change), when nothing else could differ there: ``fed`` differs from
    the build's input in the batch axis only, that axis was free in every shape of the build,
    and every layer is a registered BATCH_FREE entry that returned one tensor. Each layer then
    takes ``fed`` as it was built (the same input but for the batch axis, the same weights) and
    none fails. None when the stack must be walked."""
    if built is None or not layers:
        return None
    shape, walked, count, steps = built
    if walked is not layers or count != len(layers) or len(steps) != count or \
            len(shape) != len(fed) or shape[0] is not None or shape[1:] != fed[1:]:
        return None
    if not _BATCH_FREE_SPECS:
        specs = [lookup("keras", kind) for kind in BATCH_FREE]
        if None in specs:
            return None
        _BATCH_FREE_SPECS.update(id(spec) for spec in specs)
    for layer, step in zip(layers, steps):
        after = step.output_shape
        if id(layer.spec) not in _BATCH_FREE_SPECS or after is None or after[0] is not None \
                or step.outputs is not None:
            return None
    return (fed[0], *after[1:])  # type: ignore[index]


# A build's walk as the replay keeps it: its input shape, the layer list walked and its length
# then, the steps (a success: one per layer).
BuiltWalk = tuple[Shape, list[Layer], int, list[Step]]


def rnn_kind(layer: Layer) -> str | None:
    """The recurrent class of a layer (an RNN itself or a Bidirectional of one), or None."""
    if layer.kind in RNN_KINDS:
        return layer.kind
    if layer.kind == "Bidirectional" and isinstance(layer.call, Call) and layer.call.args:
        inner = layer.call.args[0]
        if isinstance(inner, Call) and inner.kind in RNN_KINDS:
            return inner.kind
    return None


def _passes_sequences(layer: Layer) -> bool:
    """Whether a layer would hand a 3-D sequence on unchanged (Dropout, BatchNormalization...),
    unlike Flatten, which also keeps a 2-D shape but would flatten a sequence."""
    if layer.spec is None or layer.args is None or layer.input_shape is None:
        return False
    probe = (None, 7, layer.input_shape[-1])
    try:
        return layer.spec.call(layer.args, probe).shape == probe
    except Exception:  # noqa: BLE001 - any failure means it does not pass sequences through
        return False


def _returns_sequences(layer: Layer) -> bool:
    shape = layer.output_shape
    return shape is None or len(shape) != 2


def _has_unknown(values: Any) -> bool:
    return any(v is UNKNOWN for v in values)


def _defined(layer: Layer) -> Span:
    """Where the layer object is created (its call), even when it is used elsewhere."""
    return layer.call.span if isinstance(layer.call, Call) else layer.span


def _from_producer(message: str, producer: Layer | None, line: Callable[[int], str]) -> str:
    """Say where the failing layer's input comes from, next to that input's shape: "receives
    (None, 64) from Dense (line 7)", "cannot turn (None, 32) from Dense (line 10) into ..."."""
    if producer is None:
        return message
    source = f" from {producer.kind} ({line(_defined(producer).line)})"
    shown = format_shape(producer.output_shape) if producer.output_shape is not None else None
    if shown and shown in message:
        return message.replace(shown, shown + source, 1)
    if shown:
        return f"{message} (its input {shown} comes{source})"
    return message + source


def _overlaps(edit: Any, span: Span) -> bool:
    """Whether a text edit changes something inside ``span``."""
    return (edit.line, edit.col) < (span.end_line, span.end_col) and \
        (span.line, span.col) < (edit.end_line, edit.end_col)


def _inside(inner: Span, outer: Span) -> Span:
    """``inner`` when it lies within ``outer`` (a layer written inside the call), else ``outer``."""
    starts_after = (inner.line, inner.col) >= (outer.line, outer.col)
    ends_before = (inner.end_line, inner.end_col) <= (outer.end_line, outer.end_col)
    return inner if starts_after and ends_before else outer


def _where(stage: str, form: str, span: Span, line: Callable[[int], str] = plain_line) -> str:
    if stage == "construct" and form == "list":
        return "when the model is built at Sequential(...)"
    if stage == "construct":
        return f"at model.{form}(...) ({line(span.line)})"
    if stage == "build":
        return f"at model.build(...) ({line(span.line)})"
    call = "model(...)" if form == "__call__" else f"model.{form}(...)"
    return f"at {call} ({line(span.line)})"


def layer_row(index: int, layer: Layer) -> LayerReport:
    """The summary row of one of ``model.layers``: shapes and weights only once it is built."""
    built = layer.built
    return LayerReport(
        index=index, type=layer.kind, name=layer.name, line=layer.span.line,
        input_shape=layer.input_shape if built else None,
        output_shape=layer.output_shape if built else None,
        params=layer.params if built else None,
        non_trainable=layer.non_trainable if built else None,
        outputs=layer.outputs if built else None,
    )


def input_spec_mismatch(expected: Shape, found: Shape) -> Shape | None:
    """Keras' InputSpec check of what a built model receives (``allow_last_axis_squeeze``): a
    last axis of size 1 dropped on both sides, then every size both know compared pairwise,
    the ranks not at all. The received shape as Keras prints it when they differ, else None."""
    found, wanted = tuple(found), tuple(expected)
    if found and found[-1] == 1:
        found = found[:-1]
    if wanted and wanted[-1] == 1:
        wanted = wanted[:-1]
    if any(isinstance(e, int) and isinstance(g, int) and e != g for e, g in zip(wanted, found)):
        return found
    return None
