"""What ``model.summary()`` shows for a subclassed model's layers, in the state the script left
it (measured with keras 3.15 on torch and tf_keras 2.21; tests/subclass/test_subclass_summary.py).

Keras 3 lists ``model.layers``; a layer's row shows

* its output shape only if ``build()`` recorded the shapes of its first call (the first batch's
  concrete size included: ``(32, 8)``), else ``?``; a layer built when it is created (no
  ``build``: Dropout, ReLU, pooling, summary_state.BUILT_WHEN_MADE) and a custom layer without
  ``compute_output_shape`` always show ``?``;
* ``0 (unbuilt)`` until its first call, then its weights; a layer built when made shows ``0``;
  a functional model its own output shape (batch None) and weights, in every state.

``model.build(shape)`` runs nothing (the rows stay unbuilt); ``fit``/``evaluate``/``*_on_batch``
build the model on the first batch with ``training=False``, then build the optimizer.

tf.keras 2 shows ``multiple`` for every layer of a subclassed model (but a Sequential: the
output shape of the graph its first call built, batch as traced) and ``0 (unused)`` for a layer
no call has reached; ``build(shape)`` runs ``call``.

A layer first called on one path of ``if training:`` runs or not depending on the stage, and a
layer reached with a shape layerlint does not know has unknown weights: their rows are not
claimed (params unknown, shape ``?``), nor are the totals.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ...ir import Call, ModelIR
from ...results import LayerReport
from .summary_state import BUILT_WHEN_MADE

if TYPE_CHECKING:
    from .subclass import SubclassReplay

def annotate_rows(replay: SubclassReplay, rows: list[LayerReport], keras2: bool) -> None:
    """Set each row's ``built`` and ``shown_shape`` as the framework's summary would show them."""
    known_run = replay.called and not replay.shapes_unknown
    for row, layer in zip(rows, replay.layers):
        call = layer.call
        if not keras2 and layer.kind in BUILT_WHEN_MADE:
            row.built, row.params, row.non_trainable, row.shown_shape = True, 0, 0, None
            continue
        made = getattr(replay, "built_models", {}).get(id(call))
        if made is not None:  # a functional model: built with its weights when it was made
            row.built, row.params, row.non_trainable = True, made.params, made.non_trainable
            row.shown_shape = made.output
            continue
        row.shown_shape = None
        if not replay.built or (not replay.called and not replay.shapes_unknown
                                and not replay.opaque and not _has_build(replay)):
            row.built = False  # nothing ran call(): Keras 3 build(shape), or no build at all
            continue
        first = _first_run(replay, call) if known_run and isinstance(call, (Call, ModelIR)) \
            else UNSURE
        if first is None:
            row.built = False  # no run of call() reaches it
            continue
        row.built = True
        state = replay.evaluator.states.get(id(call)) if replay.evaluator else None
        if first is UNSURE or state is None or not state.built:
            row.params = row.non_trainable = None  # not claimed
            continue
        row.params, row.non_trainable = state.params, state.non_trainable
        trace = call.facts.get("subclass") if isinstance(call, Call) else None
        custom_shape = trace is not None and not getattr(trace, "has_output_shape", False)
        same_batch = first == replay.runs[0][0]
        if not keras2 and not custom_shape and same_batch and _concrete(state.output_shape):
            row.shown_shape = state.output_shape
        elif keras2 and isinstance(call, ModelIR) and same_batch and state.output_shape:
            row.shown_shape = state.output_shape  # its graph's output, built by that call


UNSURE = -1


def _first_run(replay: SubclassReplay, call: Call | ModelIR) -> int | None:
    """The event (its index in ``replay.runs``' first column) whose run of call() first calls
    this layer, as layerlint's evaluator did (its first node in the graph); None: no run calls
    it; UNSURE: a path on ``training`` layerlint cannot decide, or another node first."""
    trace = replay.trace
    if trace is None or trace.graph is None:
        return UNSURE
    nodes = [n for n in trace.graph.nodes if n.kind in ("layer", "model") and n.target is call]
    if not nodes:
        return None
    for event, training in replay.runs:
        for position, node in enumerate(nodes):
            if id(node) not in trace.conditional:
                return event if position == 0 else UNSURE
            runs_on = trace.conditional[id(node)]
            if runs_on is None or training is None:
                return UNSURE
            if runs_on == training:
                return event if position == 0 else UNSURE
    return None


def training_runs(method: str, kwargs: dict[str, Any], defaults: dict[str, str],
                  keras2: bool) -> list[bool | None]:
    """The ``training`` value of each run of call() a data call (or tf.keras 2's build) makes:
    Keras 3 ``fit`` builds on the first batch with training=False, then trains; ``model(x)``
    passes ``training=`` or leaves call()'s default (None reads as False)."""
    if method in ("fit", "train_on_batch"):
        return [True] if keras2 else [False, True]
    if method in ("__call__", "build"):
        value = kwargs.get("training", _DEFAULT) if method == "__call__" else _DEFAULT
        if value is _DEFAULT:
            value = {"True": True, "False": False, "None": False}.get(
                defaults.get("training", "None"), _DEFAULT)
        return [value if isinstance(value, bool) else None]
    return [False]  # predict, evaluate, *_on_batch


_DEFAULT = object()


def _has_build(replay: SubclassReplay) -> bool:
    return replay.trace is not None and replay.trace.has_build


def _concrete(shape: Any) -> bool:
    return isinstance(shape, tuple) and bool(shape) and all(isinstance(d, int) for d in shape)
