"""tf.keras 2 (``tf_keras``) ``model.summary()``: plain text, fixed width, character for character
(tf_keras/src/utils/layer_utils.py ``print_summary``, measured with tf_keras 2.21;
tests/keras2/test_summary_keras2.py).

Unlike Keras 3 the width does not follow the terminal: 65 characters (98 with "Connected to",
for a functional model that is not a plain chain); cells are cut at the column width and
continued on the next line, breaking early after ``),`` / ``],`` / ``',``. Shapes are Python's
``str`` of the tuple (``(None,)``), an InputLayer's a list (``[(None, 4)]``); "Connected to" is
the list of ``'layer[node][tensor]'`` strings. A subclassed model's layers show ``multiple``,
and ``0 (unused)`` until a call reaches them. An unbuilt model has no summary: tf_keras raises.
"""

from __future__ import annotations

from ..results import LayerReport, ModelReport
from ..shapes import Shape
from .common import readable_memory_size

LINE_LENGTH = 65
POSITIONS = (0.45, 0.85, 1.0)
GRAPH_LINE_LENGTH = 98
GRAPH_POSITIONS = (0.3, 0.6, 0.70, 1.0)
HEADER = ("Layer (type)", "Output Shape", "Param #")
GRAPH_HEADER = (*HEADER, "Connected to")
UNBUILT = ("ValueError: This model has not yet been built. Build the model first by calling "
           "`build()` or by calling the model on a batch of data.")
_BREAKS = ("),", "},", "],", "',")


def python_shape(shape: Shape) -> str:
    """``str(tuple)``: ``(None, 3)``, ``(None,)``; a name layerlint does not know stays a name."""
    dims = ["None" if d is None else str(d) for d in shape]
    return "(" + dims[0] + ",)" if len(dims) == 1 else "(" + ", ".join(dims) + ")"


def output_cell(layer: LayerReport, subclassed: bool) -> str:
    if subclassed:  # a nested Sequential shows the shape its graph was built for
        return python_shape(layer.shown_shape) if layer.shown_shape is not None else "multiple"
    if layer.shown_shape is not None:  # built by data: the traced batch size
        return python_shape(layer.shown_shape)
    if layer.output_shape is None:
        return "?"  # unknown to layerlint
    if layer.outputs and len(layer.outputs) > 1:
        return "[" + ", ".join(python_shape(s) for s in layer.outputs) + "]"
    if layer.type == "InputLayer":
        return "[" + python_shape(layer.output_shape) + "]"
    return python_shape(layer.output_shape)


def params_cell(layer: LayerReport, subclassed: bool) -> str:
    if subclassed and layer.built is False:
        return "0 (unused)"
    return "?" if layer.params is None else str(layer.params)


def connections_cell(layer: LayerReport) -> str:
    """tf_keras prints the list itself: ``['dense[0][0]', 'input_1[0][0]']``, ``[]``."""
    text = layer.connected_to or "-"
    names = [] if text == "-" else text.split(", ")
    return "[" + ", ".join(f"'{name}'" for name in names) + "]"


def _row(fields: list[str], positions: list[int]) -> list[str]:
    """``print_row``: each column cut to its width (or earlier after a closing bracket)."""
    left = list(fields)
    lines = []
    while any(left):
        line = ""
        for col, text in enumerate(left):
            start = positions[col - 1] if col > 0 else 0
            end = positions[col]
            last = col == len(positions) - 1
            space = 0 if last else 2
            cutoff = end - start - space - (0 if last else 1)
            fit = text[:cutoff]
            early = [fit.find(b) + len(b) for b in _BREAKS if fit.find(b) >= 0]
            if early:
                cutoff = min(early)
                fit = fit[:cutoff]
            if col == 0:
                line += " "
            line += fit + " " * space
            left[col] = text[cutoff:]
            line += " " * (positions[col] - len(line))
        lines.append(line)
    return lines


def render_keras2_summary(model: ModelReport) -> str:
    """The text tf_keras ``model.summary()`` prints (ending with a newline)."""
    subclassed = model.class_name is not None
    if not model.built and (subclassed or not any(layer.type == "InputLayer"
                                                  for layer in model.layers)):
        return UNBUILT + "\n"
    graph = not subclassed and any(layer.connected_to is not None for layer in model.layers)
    length = GRAPH_LINE_LENGTH if graph else LINE_LENGTH
    positions = [int(length * p) for p in (GRAPH_POSITIONS if graph else POSITIONS)]
    lines = [f'Model: "{model.display_name or "sequential"}"', "_" * length]
    lines += _row(list(GRAPH_HEADER if graph else HEADER), positions)
    lines.append("=" * length)
    for layer in model.layers:
        fields = [f"{layer.name} ({layer.type})", output_cell(layer, subclassed),
                  params_cell(layer, subclassed)]
        if graph:
            fields.append(connections_cell(layer))
        lines += _row(fields, positions)
        lines.append(" " * length)
    lines.append("=" * length)
    total, frozen = _totals(model, subclassed)
    trainable = None if total is None or frozen is None else total - frozen
    lines.append(f"Total params: {_count(total)}")
    lines.append(f"Trainable params: {_count(trainable)}")
    lines.append(f"Non-trainable params: {_count(frozen)}")
    lines.append("_" * length)
    return "\n".join(lines) + "\n"


def _totals(model: ModelReport, subclassed: bool) -> tuple[int | None, int | None]:
    rows = [layer for layer in model.layers if not (subclassed and layer.built is False)]
    params = [layer.params for layer in rows]
    frozen = [layer.non_trainable for layer in rows]
    return (None if None in params else sum(params),  # type: ignore[arg-type]
            None if None in frozen else sum(frozen))  # type: ignore[arg-type]


def _count(count: int | None) -> str:
    if count is None:
        return "? (unknown to layerlint)"
    return f"{count} ({readable_memory_size(count * 4, 'Byte')})"
