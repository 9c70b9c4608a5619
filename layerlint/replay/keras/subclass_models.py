"""A functional model (``keras.Model(inputs, outputs)``, made at top level, in ``__init__`` or
by a function) that a subclass's ``call()`` runs, as Keras 3 does on data (measured with
keras 3.15 on torch; tests/subclass/test_functional_in_call.py):

* it was built when made: its own replay (its construction only) gives its Input, what it
  returns and its weights, and its summary row shows them in every state of the subclass;
* called on a tensor it checks it against its Input (keras' InputSpec), then runs its layers
  on it (subclass_graph.GraphEvaluator.functional_output); its layers are run through the
  catalogue on the concrete shape (nested._rerun), anything else is not followed (LL903).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ...ir import Compile, DataCall, ModelIR
from .graph import FunctionalReplay
from .nested import Inner, _outputs, _rerun, _total, model_kind
from .stack import Stop
from .subclass_graph import BuiltModel

if TYPE_CHECKING:
    from .subclass import SubclassReplay


def built_functional(outer: SubclassReplay, model: ModelIR) -> BuiltModel | None:
    if model_kind(model) != "Functional":
        return None
    name = outer.names.get(id(model), "?")
    replay: Any = FunctionalReplay(model, name, outer.names, outer.source, line=outer.line)
    try:
        for event in model.events:
            if not isinstance(event, (Compile, DataCall)):
                replay._event(event)
    except Stop:
        return None
    if replay.opaque or any(d.severity == "error" for d in replay.diagnostics):
        return None
    inputs = replay.state.inputs
    if len(inputs) != 1 or inputs[0].output_shape is None:
        return None
    made = _outputs(replay)
    inner = Inner(replay, True)

    def run(shape: Any) -> Any:
        out = _rerun(inner, [shape])
        return None if out is None else out.shape

    return BuiltModel(
        name, inputs[0].name, tuple(inputs[0].output_shape),
        made.shape if made is not None and made.several is None else None,
        _total([layer.params for layer in replay.layers]),
        _total([layer.non_trainable for layer in replay.layers]), run)
