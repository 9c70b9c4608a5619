"""Where each tensor of a torch forward comes from, for the model's picture (report/html.py).

The replay tells the recorder about each module call and each step of a forward; the recorder
keeps the boxes (``FlowNode``) and the tensors between them (``FlowEdge``) with the shapes the
replay computed. ``sources`` are the boxes that made the value now flowing (empty: the model's
input); a step that only unpacks the tuple an RNN returned is no box.
"""

from __future__ import annotations

from typing import Any

from ...results import Flow, FlowEdge, FlowNode
from ...shapes import Shape
from .ops import Tensor

Sources = tuple[int, ...]


class FlowRecorder:
    def __init__(self) -> None:
        self.flow = Flow()
        self.sources: Sources = ()

    def box(self, kind: str, name: str, lines: tuple[int, ...], row: int | None,
            inputs: list[tuple[Sources, Any]], params: int | None = None,
            role: str = "layer") -> int:
        """A new box taking each ``(sources, value)`` of ``inputs``; returns its key."""
        key = len(self.flow.nodes)
        self.flow.nodes.append(FlowNode(key, kind, name, lines, row, params=params, kind=role))
        for sources, value in inputs:
            if sources:
                shape = first_shape(value)
                self.flow.edges.extend([FlowEdge(s, key, shape) for s in sources])
        return key

    def finish(self, key: int, value: Any, params: int | None) -> None:
        node = self.flow.nodes[key]
        node.output_shape, node.params = first_shape(value), params
        self.sources = (key,)

    def output(self, value: Any) -> None:
        """The model returns ``value``, made by the current sources."""
        self.flow.outputs = [(s, first_shape(value)) for s in self.sources]


class UnrecordedFlow(FlowRecorder):
    """The recorder of a pass whose picture is never drawn (a probe, a forward run for its
    output only): it follows ``sources`` as the recorder does and keeps no box."""

    def __init__(self) -> None:  # no Flow
        self.sources: Sources = ()

    def box(self, kind: str, name: str, lines: tuple[int, ...], row: int | None,
            inputs: list[tuple[Sources, Any]], params: int | None = None,
            role: str = "layer") -> int:
        return 0

    def finish(self, key: int, value: Any, params: int | None) -> None:
        self.sources = (key,)

    def output(self, value: Any) -> None:
        pass


def first_shape(value: Any) -> Shape | None:
    if isinstance(value, Tensor):
        return value.shape
    if isinstance(value, tuple) and value:
        return first_shape(value[0])
    return None


def op_label(kind: str, target: str) -> str:
    """A forward step as the code writes it: ``F.relu``, ``.view``, ``Add``."""
    return f".{target}" if kind == "method" else target


def unpacks(kind: str, values: list[Any]) -> bool:
    """``out, _ = self.lstm(x)`` / ``self.lstm(x)[0]``: taking a tensor out of a tuple."""
    return kind in ("getitem", "tuple") and any(isinstance(v, tuple) for v in values)
