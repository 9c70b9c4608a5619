"""An RNN that returns one output per step where the model's head wanted only its last step.

Flagged only where that is certain (measured with Keras 3.15 and tf_keras 2.21,
tests/test_sequence_head.py), never on the shape of the stack alone:

* ``RNN(return_sequences=True) -> Flatten -> Dense`` over a time axis of unknown length: the
  Dense cannot create its weights (LL106, at the build; in tf.keras 2 an Embedding without
  ``input_length`` declares that unknown length). With a known length Flatten over the whole
  sequence is a legitimate design and nothing is said.
* ``RNN(return_sequences=True) -> [Dense/Dropout...]`` as the model output, with targets that
  lack the time axis and fit the output of the last step exactly under the compiled loss: the
  loss raises (LL202/LL204, e.g. sparse_categorical_crossentropy with labels (N,) against
  (N, T, C)) or broadcasts silently (LL401, e.g. mse with targets (N, 1) against (N, T, 1)).
  Targets shaped for neither are a data problem: the loss finding stays as it is.

The fix sets ``return_sequences=False`` on that RNN (and removes the Flatten it leaves
pointless); fixes.verify re-checks each before it is offered.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ...diagnostics import Edit, Fix
from ...shapes import Shape
from . import fix_builders
from .losses import LossFinding, per_sample
from .stack import Layer, rnn_kind, walk

if TYPE_CHECKING:
    from .model import Replay

# Layers that act on each step alone (on the last axis), so the same stack runs on the last step.
PER_STEP = frozenset({
    "Dense", "Dropout", "Activation", "GaussianNoise", "GaussianDropout", "AlphaDropout",
    "ActivityRegularization", "LayerNormalization", "BatchNormalization", "ReLU", "LeakyReLU",
    "ELU", "Softmax",
})
# Layers between a Flatten and the Dense it feeds that keep a 2-D shape as it is.
_KEEPS_SHAPE = frozenset({"Dropout", "GaussianNoise", "GaussianDropout", "AlphaDropout",
                          "Activation", "ActivityRegularization"})


@dataclass(frozen=True)
class Head:
    """The RNN returning sequences, what its output becomes, and the candidate fixes."""

    rnn: Layer
    clause: str  # appended to the finding's message
    fixes: list[Fix]
    short: str = ""  # for a message that already says the time axis stays


def returns_one_per_step(rnn: Layer) -> str:
    return f"{rnn.kind} ({rnn.name}) returns one output per step (return_sequences=True)"


def sequence_rnn(layers: list[Layer], end: int) -> int | None:
    """The index of the RNN returning a 3-D sequence that reaches layer ``end`` (exclusive)
    through per-step layers only, or None."""
    for index in range(end - 1, -1, -1):
        layer = layers[index]
        if rnn_kind(layer) is not None:
            shape = layer.output_shape
            return index if shape is not None and len(shape) == 3 else None
        if layer.kind not in PER_STEP or layer.args is None:
            return None
    return None


def last_step_output(layers: list[Layer], rnn_index: int) -> Shape | None:
    """The model output if the RNN returned its last step only: the rest of the stack walked
    on (batch, units); None when a layer fails or is unknown there."""
    shape = layers[rnn_index].output_shape
    if shape is None or len(shape) != 3:
        return None
    steps, failure = walk(layers[rnn_index + 1:], (shape[0], shape[2]))
    if failure is not None or any(step.output_shape is None for step in steps):
        return None
    return steps[-1].output_shape if steps else (shape[0], shape[2])


def for_targets(replay: Replay, output: Shape, target: Shape,
                check: Callable[[Shape], LossFinding | None]) -> Head | None:
    """The head that makes a loss finding: the model output keeps the RNN's time axis, the
    targets do not, and ``check`` (the loss on the last step's output) finds nothing wrong."""
    if not replay.layers or len(output) != 3 or len(target) >= len(output):
        return None
    index = sequence_rnn(replay.layers, len(replay.layers))
    if index is None:
        return None
    last = last_step_output(replay.layers, index)
    if last is None or check((output[0], *last[1:])) is not None:
        return None
    rnn = replay.layers[index]
    fits = f"the targets fit the output of its last step, {per_sample(last)}"
    clause = f": {returns_one_per_step(rnn)}, so the model output keeps the time axis; {fits}"
    return Head(rnn, clause, fix_builders.return_sequences(replay.source, rnn, False),
                short=f": {returns_one_per_step(rnn)} and {fits}")


def for_flatten(replay: Replay, index: int) -> Head | None:
    """LL106 at Dense ``index`` whose input size is unknown because a Flatten flattened the
    sequence of an RNN over a time axis of unknown length."""
    layers = replay.layers
    if layers[index].kind != "Dense":
        return None
    at = index - 1
    while at >= 0 and layers[at].kind in _KEEPS_SHAPE:
        at -= 1
    if at < 0 or layers[at].kind != "Flatten":
        return None
    flatten = layers[at]
    rnn_index = sequence_rnn(layers, at)
    if rnn_index is None:
        return None
    rnn = layers[rnn_index]
    shape = rnn.output_shape
    if shape is None or shape[1] is not None:
        return None  # a known (or unknown to layerlint) length: not this case
    clause = (f": {flatten.kind} ({flatten.name}) flattens the whole sequence of {rnn.kind} "
              f"({rnn.name}), which returns one output per step (return_sequences=True), over a "
              "time axis of unknown length, so the flattened size is unknown")
    candidates: list[Fix] = []
    last_only = fix_builders.return_sequences(replay.source, rnn, False)
    removed = fix_builders.remove_layer(replay.source, flatten)
    if last_only and removed:
        candidates.append(Fix(f"{last_only[0].title} and remove the Flatten ({flatten.name})",
                              _combined(last_only[0].edits, removed[0].edits)))
    return Head(rnn, clause, candidates + last_only)


def _combined(*groups: list[Edit]) -> list[Edit]:
    return [edit for group in groups for edit in group]
