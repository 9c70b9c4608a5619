"""The data flow of a subclassed Keras model's ``call`` for its picture (report/html.py): the
traced graph's calls as boxes (a tracked layer is its ``model.layers`` row), every tensor one
takes as an edge with the shape the first evaluation gave it (the one that built the model), up
to the call where Keras raised."""

from __future__ import annotations

from typing import Any

from ...ir import Call, SubclassTrace, TensorRef
from ...results import Flow, FlowEdge, FlowNode
from ...shapes import Shape
from .fit_validation import flatten
from .stack import Layer
from .subclass_graph import Evaluation, _gather

# The trace joins the two paths of ``if training:`` (frontends/subclass.py): both are drawn.
BRANCH = "if training: (both paths)"


def subclass_flow(trace: SubclassTrace | None, evaluation: Evaluation | None,
                  layers: list[Layer]) -> Flow | None:
    if trace is None or trace.graph is None or evaluation is None:
        return None
    row_of = {id(layer.call): i for i, layer in enumerate(layers)}
    shapes = evaluation.shapes
    flow = Flow()
    key_of: dict[int, int] = {}
    for node in trace.graph.nodes:
        if node.kind == "op" and node.target == "weight":
            continue  # a weight build() made: no box
        key = key_of[id(node)] = len(flow.nodes)
        row = row_of.get(id(node.target))  # a tracked layer or model (a Sequential)
        if node.kind == "input":
            box = FlowNode(key, "input", "", (node.span.line,), kind="input")
        elif row is not None:
            layer = layers[row]
            box = FlowNode(key, layer.kind, layer.name, (node.span.line,), row,
                           params=layer.params)
        else:
            kind = "layer" if isinstance(node.target, Call) else "op"
            label = BRANCH if node.target == "branch" else \
                getattr(node.target, "kind", None) or str(node.target)
            box = FlowNode(key, label, "", (node.span.line,), kind=kind,
                           params=0 if kind == "op" else None)
        box.output_shape = _first(shapes.get(id(node)))
        flow.nodes.append(box)
        for ref in flatten((node.inputs, node.kwargs)):
            if isinstance(ref, TensorRef) and id(ref.node) in key_of:
                flow.edges.append(FlowEdge(key_of[id(ref.node)], key,
                                           _first(_gather(ref, shapes))))
        if id(node) not in shapes:  # Keras raised here: nothing after it runs
            return flow
    for ref in flatten(trace.graph.outputs):
        if isinstance(ref, TensorRef) and id(ref.node) in key_of:
            flow.outputs.append((key_of[id(ref.node)], _first(_gather(ref, shapes))))
    return flow


def _first(value: Any) -> Shape | None:
    if isinstance(value, tuple) and all(d is None or isinstance(d, (int, str)) for d in value):
        return value
    return None
