"""Per-model tables in the framework's own layout, computed without the framework.

Keras 3 ``model.summary()`` renders a ``rich`` table (keras/src/utils/summary_utils.py). This
module reproduces that rendering character for character for sequential models: the column
widths (including rich's way of shrinking fixed-width columns to fit), the word wrapping and
ellipsis of long cells, and the parameter totals with their memory size (and the optimizer's,
once fit has built it). tf.keras 2's plain-text layout is ``summary_keras2.py``, torchinfo's
``torchinfo.py``; :func:`render_model` chooses.
"""

from __future__ import annotations

import itertools
import re
import shutil

from ..results import LayerReport, ModelReport
from ..shapes import Shape
from ..layers.keras.backend_text import DEFAULT as DEFAULT_BACKEND
from ..layers.keras.backend_text import int_variable_bytes
from .common import readable_memory_size

# Keras' defaults for a sequential-like model: 88 characters, columns ending at these fractions.
KERAS_LINE_LENGTH = 88
KERAS_POSITIONS = (0.45, 0.80, 1.0)
KERAS_HEADER = ("Layer (type)", "Output Shape", "Param #")
KERAS_JUSTIFY = ("left", "left", "right")
# A functional model that is not a plain chain gets a fourth column (summary_utils.py).
KERAS_GRAPH_LINE_LENGTH = 108
KERAS_GRAPH_POSITIONS = (0.3, 0.56, 0.74, 1.0)
KERAS_GRAPH_HEADER = (*KERAS_HEADER, "Connected to")
KERAS_GRAPH_JUSTIFY = (*KERAS_JUSTIFY, "left")
# Keras counts memory from the weights' dtype; layerlint assumes the default float32.
BYTES_PER_PARAM = 4

# rich.box.HEAVY_HEAD, the box rich.table.Table uses by default.
_TOP = ("┏", "━", "┳", "┓")
_HEAD_ROW = ("┃", "┃", "┃")
_HEAD_RULE = ("┡", "━", "╇", "┩")
_ROW = ("│", "│", "│")
_ROW_RULE = ("├", "─", "┼", "┤")
_BOTTOM = ("└", "─", "┴", "┘")


def keras_line_length(default: int = KERAS_LINE_LENGTH) -> int:
    """Keras: ``min(88, terminal columns - 4)`` (108 with "Connected to"); the terminal size
    honours $COLUMNS."""
    # Keras raises "Insufficient console width" below ~20 columns; layerlint keeps a floor.
    return max(20, min(default, shutil.get_terminal_size().columns - 4))


def render_model(model: ModelReport, line_length: int | None = None) -> str:
    if model.framework == "keras" and model.dialect == "keras2":
        from .summary_keras2 import render_keras2_summary

        return render_keras2_summary(model)
    if model.framework == "keras":
        return render_keras_summary(model, line_length)
    if model.framework == "torch":
        from .torchinfo import render_torchinfo_summary

        return render_torchinfo_summary(model)
    raise NotImplementedError(f"no summary layout for framework {model.framework!r} yet")


# --- cell contents --------------------------------------------------------------------------


def keras_shape(shape: Shape | None) -> str:
    """``format_layer_shape``: ``(None, 64)``; note a 1-tuple prints as ``(None)``, no comma."""
    if shape is None:
        return "?"
    return "(" + ", ".join("None" if d is None else str(d) for d in shape) + ")"


def layer_output_cell(layer: LayerReport, built: bool) -> str:
    if layer.built is not None:  # a subclassed model's layer: the shape its build recorded
        return keras_shape(layer.shown_shape) if layer.built and layer.shown_shape else "?"
    if not built or layer.output_shape is None:
        return "?"
    if layer.outputs and len(layer.outputs) > 1:
        # Keras prints str() of the list of formatted shapes, quotes removed.
        return "[" + ", ".join(keras_shape(s) for s in layer.outputs) + "]"
    return keras_shape(layer.output_shape)


def layer_params_cell(layer: LayerReport, built: bool) -> str:
    if layer.built is not None:
        built = layer.built
    if not built:
        return "0 (unbuilt)"
    if layer.params is None:
        return "?"  # layerlint does not know; Keras would print a number here
    return f"{layer.params:,}"


def _count_line(label: str, count: int | None, size: int | None | bool = True) -> str:
    """``size``: the bytes Keras prints (True: ``count`` float32 weights; None: unknown)."""
    if count is None:
        return f" {label}: ? (unknown to layerlint)"
    if size is None:
        return f" {label}: {count:,} (size depends on the Keras backend)"
    shown = count * BYTES_PER_PARAM if size is True else size
    return f" {label}: {count:,} ({readable_memory_size(shown)})"


def _optimizer_bytes(model: ModelReport, count: int) -> int | None:
    """An optimizer's variables are float32 but its step counter, Keras' ``dtype="int"``,
    whose width is the backend's (layers/keras/backend_text.py)."""
    if not count:
        return 0
    width = int_variable_bytes(model.keras_backend or DEFAULT_BACKEND)
    return None if width is None else count * BYTES_PER_PARAM + width - BYTES_PER_PARAM


# --- rich's table layout --------------------------------------------------------------------


def _ratio_reduce(total: int, ratios: list[int], maximums: list[int], values: list[int]) -> list[int]:
    """rich._ratio.ratio_reduce, verbatim in behaviour (Python's round, half to even)."""
    ratios = [r if m else 0 for r, m in zip(ratios, maximums)]
    total_ratio = sum(ratios)
    if not total_ratio:
        return values[:]
    remaining = total
    result = []
    for ratio, maximum, value in zip(ratios, maximums, values):
        if ratio and total_ratio > 0:
            distributed = min(maximum, round(ratio * remaining / total_ratio))
            result.append(value - distributed)
            remaining -= distributed
            total_ratio -= ratio
        else:
            result.append(value)
    return result


def column_widths(line_length: int, positions: tuple[float, ...] = KERAS_POSITIONS) -> list[int]:
    """Content widths of the three columns, as rich lays out Keras' fixed-width columns.

    Keras asks for widths summing to ``line_length``; rich adds one space of padding on each
    side and the borders, finds the table too wide and shrinks all columns evenly.
    """
    widths, current = [], 0
    for pos in positions:
        width = int(pos * line_length) - current
        widths.append(width)
        current += width
    padded = [w + 2 for w in widths]
    max_width = line_length - (len(widths) + 1)  # minus the vertical borders
    padded = [min(w, max_width) for w in padded]
    if sum(padded) > max_width:
        padded = _ratio_reduce(sum(padded) - max_width, [1] * len(padded), padded, padded)
    return [w - 2 for w in padded]


_WORD = re.compile(r"\s*\S+\s*")


def wrap_cell(text: str, width: int, fold: bool = False) -> list[str]:
    """rich's Text.wrap: break at spaces; a word longer than the width is cropped with '…'
    (table cells, overflow="ellipsis") or folded over several lines (console.print)."""
    lines: list[str] = []
    for paragraph in text.split("\n"):
        breaks: list[int] = []
        offset = 0
        for match in _WORD.finditer(paragraph):
            start, word = match.start(), match.group(0)
            length = len(word.rstrip())
            if width - offset >= length:
                offset += len(word)
            elif length > width and fold:
                pieces = [word[i : i + width] for i in range(0, len(word), width)]
                for i, piece in enumerate(pieces):
                    if start:
                        breaks.append(start)
                    if i == len(pieces) - 1:
                        offset = len(piece)
                    else:
                        start += len(piece)
            elif length > width:
                if start:
                    breaks.append(start)
                offset = len(word)
            elif offset and start:
                breaks.append(start)
                offset = len(word)
        bounds = [0, *breaks, len(paragraph)]
        for begin, end in itertools.pairwise(bounds):
            line = paragraph[begin:end]
            if len(line) > width:  # rstrip_end: drop trailing whitespace beyond the width
                line = line[: max(len(line.rstrip()), width)]
            if len(line) > width:
                line = line[:width] if fold else line[: width - 1] + "…"
            lines.append(line)
    return lines


def console_lines(text: str) -> list[str]:
    """A line as rich's console.print writes it: wrapped at the terminal width."""
    return wrap_cell(text, shutil.get_terminal_size().columns, fold=True)


def _justify(line: str, width: int, how: str) -> str:
    return line.rstrip().rjust(width) if how == "right" else line.ljust(width)


def _rule(parts: tuple[str, str, str, str], widths: list[int]) -> str:
    left, fill, mid, right = parts
    return left + mid.join(fill * (w + 2) for w in widths) + right


def _row(
    cells: tuple[str, ...], widths: list[int], bars: tuple[str, str, str], header: bool = False,
    justify: tuple[str, ...] = KERAS_JUSTIFY,
) -> list[str]:
    left, mid, right = bars
    wrapped = [wrap_cell(cell, w) for cell, w in zip(cells, widths)]
    height = max(len(c) for c in wrapped)
    if header:  # rich aligns header cells to the bottom, body cells to the top
        wrapped = [[""] * (height - len(c)) + c for c in wrapped]
    out = []
    for i in range(height):
        parts = []
        for lines, width, how in zip(wrapped, widths, justify):
            line = lines[i] if i < len(lines) else ""
            parts.append(" " + _justify(line, width, how) + " ")
        out.append(left + mid.join(parts) + right)
    return out


def render_keras_summary(model: ModelReport, line_length: int | None = None) -> str:
    """The text Keras 3 ``model.summary()`` prints for this model (ending with a newline)."""
    rows = model.operations if model.operations is not None else model.layers
    graph = any(layer.connected_to is not None for layer in rows)
    header, justify = (KERAS_GRAPH_HEADER, KERAS_GRAPH_JUSTIFY) if graph else \
        (KERAS_HEADER, KERAS_JUSTIFY)
    length = line_length or keras_line_length(KERAS_GRAPH_LINE_LENGTH if graph
                                              else KERAS_LINE_LENGTH)
    widths = column_widths(length, KERAS_GRAPH_POSITIONS if graph else KERAS_POSITIONS)
    lines = console_lines(f'Model: "{model.display_name or "sequential"}"')
    lines.append(_rule(_TOP, widths))
    lines += _row(header, widths, _HEAD_ROW, header=True, justify=justify)
    lines.append(_rule(_HEAD_RULE, widths))
    for i, layer in enumerate(rows):
        if i:
            lines.append(_rule(_ROW_RULE, widths))
        name = f"{layer.name} ({layer.type})"
        cells = (name, layer_output_cell(layer, model.built), layer_params_cell(layer, model.built))
        if graph:
            cells += (layer.connected_to or "-",)
        lines += _row(cells, widths, _ROW, justify=justify)
    lines.append(_rule(_BOTTOM, widths))
    weights, non_trainable = _totals(model)
    trainable = None if weights is None or non_trainable is None else weights - non_trainable
    optimizer = model.optimizer_params if model.optimizer_built else 0
    total = None if weights is None or optimizer is None else weights + optimizer
    optimizer_size = _optimizer_bytes(model, optimizer) if optimizer is not None else None
    total_size = None if total is None or optimizer_size is None else \
        (total - optimizer) * BYTES_PER_PARAM + optimizer_size
    lines += console_lines(_count_line("Total params", total, total_size))
    lines += console_lines(_count_line("Trainable params", trainable))
    lines += console_lines(_count_line("Non-trainable params", non_trainable))
    if model.optimizer_built:  # fit/evaluate built the optimizer: Keras counts its variables
        lines += console_lines(_count_line("Optimizer params", optimizer, optimizer_size))
    return "\n".join(lines) + "\n"


def _totals(model: ModelReport) -> tuple[int | None, int | None]:
    """The model's weights and its non-trainable ones (None when unknown)."""
    if any(layer.built is not None for layer in model.layers):  # per layer (subclassed)
        built = [layer for layer in model.layers if layer.built]
        params = [layer.params for layer in built]
        frozen = [layer.non_trainable for layer in built]
        return (None if None in params else sum(params),  # type: ignore[arg-type]
                None if None in frozen else sum(frozen))  # type: ignore[arg-type]
    if not model.built:
        return 0, 0  # an unbuilt model has no weights yet
    return model.total_params, model.non_trainable_params
