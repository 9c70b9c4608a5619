"""Latent contradictions of a Keras ``Sequential`` that nothing builds: a stack that fails for
every input (``Conv1D`` → ``Flatten`` → ``GRU``: Flatten always gives 2-D, GRU needs 3-D).

A model with no input shape, never built and never called has no shapes to check, yet its own
layers may contradict each other. As the torch replay does for a model it is never given an
input (replay/torch/model.py), the stack is walked on an input of every rank with every axis
fixed but unknown ("?"): an unknown dimension never raises, so only the layers' own ranks and
numbers can. (The batch axis too: Keras builds such a model from the first batch of data, whose
size is concrete; a free batch axis would make LayerNormalization on a 1-D input fail, which no
data does. Messages show it as None, as Keras prints built shapes.)

Every rank must fail. A rank that some layer rejects on the way (LL101: the first layer's
rank, or the rank a Dense or an Embedding hands on) is simply not an input the model takes; the
contradiction is where the other ranks fail, all at one layer, the furthest any input gets. Keras raises there whenever the model is built
(at ``build``, the first ``fit`` / ``predict`` or call), so the finding has no stage.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from ...diagnostics import Diagnostic, Related
from ...ir import Build, DataCall
from ...shapes import format_shape
from . import fix_builders
from .stack import WalkFailure, _defined, _from_producer, walk

if TYPE_CHECKING:
    from .model import Replay

PROBE_RANKS = range(1, 7)  # the batch axis included: (?,) ... (?, ?, ?, ?, ?, ?)
EVERY_INPUT = "(this fails for every input)"


def check(replay: Replay) -> None:
    """Report the stack's contradiction, if it has one and nothing else could show it."""
    if replay.built or replay.has_input_layer or replay.opaque or not replay.layers:
        return
    if any(isinstance(e, (Build, DataCall)) for e in replay.model.events):
        return
    if any(d.severity == "error" for d in replay.diagnostics):
        return
    found = probe(replay)
    if found is not None:
        _report(replay, *found)


def probe(replay: Replay) -> tuple[WalkFailure, list] | None:
    """The failure every input meets, with the walk's steps: every rank fails, at one layer
    or (LL101) earlier; None when some rank passes or cannot be told."""
    failures: list[tuple[WalkFailure, list, int]] = []
    for rank in PROBE_RANKS:
        steps, failure = walk(replay.layers, ("?",) * rank)
        if failure is None:
            return None  # it passes, or a shape became unknown: nothing to claim
        failures.append((failure, steps, rank))
    furthest = max(f.index for f, _, _ in failures)
    if not all(f.index == furthest or _rejects_input(f) for f, _, _ in failures):
        return None
    at = [(f, steps, rank) for f, steps, rank in failures if f.index == furthest]
    chosen = next((item for item in reversed(at) if item[0].error.code != "LL101"), at[-1])
    failure, steps, rank = chosen
    # The same walk with a free batch axis, for messages in Keras' own words (None, ...).
    shown_steps, shown = walk(replay.layers, (None,) + ("?",) * (rank - 1))
    if shown is not None and (shown.index, shown.error.code) == (failure.index,
                                                                  failure.error.code):
        return shown, shown_steps
    return failure, steps


def _rejects_input(failure: WalkFailure) -> bool:
    """A rank error before the furthest failure: inputs of this rank are not taken there (the
    first layer's rank, or the rank an Embedding or a Dense hands on)."""
    return failure.error.code == "LL101"


def _report(replay: Replay, failure: WalkFailure, steps: list) -> None:
    index, problem = failure.index, failure.error
    layers = replay.layers
    # The probe's shapes, for the message and the fixes only: the model is not built.
    probed = [replace(layer, input_shape=step.input_shape, output_shape=step.output_shape)
              for layer, step in zip(layers, steps)]
    producer = probed[index - 1] if index > 0 else None
    code = problem.code
    saved = replay.layers
    replay.layers = probed + layers[len(probed):]
    try:
        rnn = replay._rnn_without_sequences(index) if code == "LL101" else None
        fixes = fix_builders.layer_fixes(replay, index, "LL301" if rnn else code, rnn)
    finally:
        replay.layers = saved
    layer = layers[index]
    if rnn is not None:
        code = "LL301"
        message = (f"{layer.kind} expects 3-D input (batch, timesteps, features) but the "
                   f"{rnn.kind} at {replay.line(_defined(rnn).line)} returns only its last "
                   f"output (return_sequences=False)")
    else:
        message = _from_producer(problem.message, producer, replay.line)
    related = []
    if producer is not None:
        related.append(Related(_defined(producer), f"{producer.kind} produces "
                               f"{format_shape(producer.output_shape)}"))
    framework = problem.framework or None
    if framework and "?" in framework:
        framework = None  # it would show the sizes of the input that builds the model
    replay.diagnostics.append(Diagnostic(
        code, "error", layer.span, f"{message}; Keras raises when the model is built "
        f"{EVERY_INPUT}", model=replay.model.name, layer=index, stage=None,
        framework_error=framework, related=related, fixes=fixes))
