"""A TensorFlow function, a Python operator or a subscript applied to symbolic tensors in a
tf.keras 2 graph (``tf.concat([a, b], 1)``, ``x * 2``, ``x[:, 0]``), through its catalogue
entry (layers/keras/tf_ops.py).

tf.keras 2 wraps each such call in a layer of its own (``TFOpLambda`` / ``SlicingOpLambda``),
listed in ``model.layers`` and the summary with no weights, named after the function with one
zero-based counter per name (:func:`tf_op_names`); the op's shape inference raises at that
call. Arguments layerlint does not know make the output unknown, with a note.
"""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING

from ...diagnostics import Related
from ...ir import UNKNOWN, ModelIR, Node
from ...layers.base import LayerError, Unmodelled
from ...layers.keras._op import bind_op
from ...layers.keras._tf_op import FLOATS, TfOpSpec, lookup_tf_op, wrapped
from ...shapes import format_shape
from .graph_ops import _refs, resolved
from .stack import UNKNOWN_TENSOR, Layer, Tensor, _defined

if TYPE_CHECKING:
    from .graph import GraphReplay


def tf_op_spec(node: Node) -> TfOpSpec | None:
    """The entry of an op node: a TensorFlow function by its name, an operator by its own."""
    if node.operator is not None:
        return lookup_tf_op(f"operator.{node.operator}")
    return lookup_tf_op(str(node.target))


def tf_op_names(models: list[ModelIR]) -> dict[tuple[str, int], str]:
    """tf.keras 2's name for every op node of the file's graphs, by ``("op", id(node))``: the
    entry's symbol, then ``_1``, ``_2``... per symbol in the order the calls are made."""
    nodes: dict[int, Node] = {}
    for model in models:
        for event in model.events:
            graph = getattr(event, "graph", None)
            for node in getattr(graph, "nodes", None) or ():
                if node.kind == "op" and node.order is not None:
                    nodes[id(node)] = node
    counts: dict[str, int] = defaultdict(int)
    names = {}
    for node in sorted(nodes.values(), key=lambda n: n.order):  # type: ignore[arg-type,return-value]
        spec = tf_op_spec(node)
        if spec is None:
            continue
        count = counts[spec.symbol]
        counts[spec.symbol] += 1
        names[("op", id(node))] = spec.symbol if count == 0 else f"{spec.symbol}_{count}"
    return names


def tf_op_output(replay: GraphReplay, node: Node) -> Tensor:
    spec = tf_op_spec(node)
    if spec is None:
        what = "a tensor subscript" if node.operator == "getitem" else f"{node.target}(...)"
        replay.note("LL903", node.span, f"{what} is not followed by layerlint in tf.keras 2; "  # type: ignore[attr-defined]
                    "shapes after it are unknown")
        return UNKNOWN_TENSOR
    name = replay.names.get(("op", id(node)), spec.symbol)  # type: ignore[attr-defined]
    arguments = resolved(replay, node)
    if arguments is None:
        return UNKNOWN_TENSOR
    try:
        out = spec.call(bind_op(spec, *arguments, "tf."))
    except Unmodelled as unknown:
        replay.note("LL902", node.span, f"{unknown.what} could not be evaluated; shapes "  # type: ignore[attr-defined]
                    "after it are unknown")
        return UNKNOWN_TENSOR
    except LayerError as problem:
        _failure(replay, node, spec, problem, name)
        return UNKNOWN_TENSOR
    row = Layer(UNKNOWN, spec.class_name, name, node.span, built=True, params=0,
                non_trainable=0)
    row.output_shape = out.shape
    row.outputs = list(out.shapes) if out.several else None
    replay.state.op_rows[id(node)] = row
    if out.several:
        return Tensor(out.shapes[0], out.shapes, out.dtypes[0], out.dtypes)
    return Tensor(out.shape, None, out.dtypes[0])


def _failure(replay: GraphReplay, node: Node, spec: TfOpSpec, problem: LayerError,
             name: str) -> None:
    producers = [replay._producer(ref) for ref in _refs((node.inputs, node.kwargs))]
    related = [Related(_defined(p), f"{p.kind} ({p.name}) produces "
                       f"{format_shape(p.output_shape)}")
               for p in producers[:3] if p is not None and p.output_shape is not None]
    raising = spec.raising or name
    replay.error(problem.code, node.span, "construct",  # type: ignore[attr-defined]
                 f"{problem.message}; tf.keras raises at this call "
                 f"({replay.line(node.span.line)})",  # type: ignore[attr-defined]
                 wrapped(problem.framework, raising, spec.class_name), related=related)


# Layers that make float32 of any input in tf.keras 2 (they cast it); every other catalogue
# layer makes float32 of a float input (autocast to its float32 policy) and keeps an integer
# one, or rejects it (measured on tf_keras 2.21).
_FLOAT32_OF_ANY = frozenset({"Dense", "Embedding", "BatchNormalization", "LayerNormalization"})


def layer_output_dtype(layer: Layer, inputs: list[Tensor]) -> str | None:
    """The dtype of a catalogue layer's output in tf.keras 2; None when not known (a layer
    given its own ``dtype=``, an integer input, an input of unknown dtype)."""
    if layer.args is None or layer.args.raw("dtype") is not None or not inputs:
        return None
    if layer.kind in _FLOAT32_OF_ANY or all(t.dtype in FLOATS for t in inputs):
        return "float32"
    return None
