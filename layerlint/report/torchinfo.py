"""torchinfo 1.8.0's default ``summary(model, input_size=...)`` table, computed without torch.

Reproduces torchinfo's formatting.py, layer_info.py and model_statistics.py for the default
settings (depth=3, col_width=25, columns Output Shape and Param #, row setting "depth"):

* Rows are torchinfo's summary list: the model itself (depth 0, ``ModelReport.root``) and then
  ``ModelReport.layers``, every module call in call order with its depth in the module tree (a
  nested ``nn.Sequential`` is a row followed by its children one level deeper). Rows deeper than
  3 are hidden but still counted. A row named like an earlier row is the same module called
  again: torchinfo marks it recursive and counts its parameters once.
* ``LayerReport.params`` of a container is all the parameters below it, as
  ``module.parameters()`` counts them; torchinfo shows a container's own ("leftover")
  parameters, or the whole count at the maximum depth.
* Total mult-adds follow torchinfo's per-parameter formulas (see :func:`mult_adds`), which
  layerlint knows for the module types in ``MACS_KIND``; for any other module with parameters
  the line says the count is unknown rather than print a wrong number.
* A container the forward never calls itself (a ``ModuleList`` whose modules are called one by
  one) is a row with ``output_shape=()``, printed ``--`` as torchinfo prints it; listed again
  when the forward comes back to it, every listing shows its last index, recursive.
* Sizes assume float32 parameters and outputs; the input's bytes come from
  ``ModelReport.input_dtype``.

Without an input (``ModelReport.input_shape`` None) the table is torchinfo's ``summary(model)``:
the Param # column only and no size estimates. Anything unknown to layerlint (a shape, a
parameter count) prints as ``?`` and makes the totals that depend on it ``?``, never a guess.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import Enum

from ..results import LayerReport, ModelReport
from ..shapes import Shape

NAME_WIDTH = 40  # FormattingOptions.layer_name_width, widened to fit the longest row
NAME_ALIGN = 5
COLUMN_WIDTH = 25
MAX_DEPTH = 3
FLOAT32_BYTES = 4
# sys.getsizeof(tensor.untyped_storage()) is the data plus this object overhead (torch 2.13).
STORAGE_OVERHEAD = 64
DTYPE_BYTES = {
    "float64": 8, "float32": 4, "float16": 2, "bfloat16": 2, "complex64": 8, "complex128": 16,
    "int64": 8, "int32": 4, "int16": 2, "int8": 1, "uint8": 1, "bool": 1,
}
UNKNOWN = "? (unknown to layerlint)"

# How torchinfo's LayerInfo.calculate_macs counts a leaf module's parameters, by the names
# torch gives them: "weight"/"bias" of a Conv* class (kernel parameters x output positions,
# channels excluded), "weight"/"bias" of anything else (parameters x first output dim), and the
# RNN family's "weight_ih_l0"... (parameters x the first two output dims).
MACS_KIND = {
    **dict.fromkeys(
        ("Conv1d", "Conv2d", "Conv3d", "ConvTranspose1d", "ConvTranspose2d", "ConvTranspose3d"),
        "conv",
    ),
    **dict.fromkeys(
        ("Linear", "Bilinear", "Embedding", "EmbeddingBag", "BatchNorm1d", "BatchNorm2d",
         "BatchNorm3d", "LayerNorm", "GroupNorm", "InstanceNorm1d", "InstanceNorm2d",
         "InstanceNorm3d", "PReLU", "RMSNorm"),
        "weight_bias",
    ),
    **dict.fromkeys(
        ("RNN", "LSTM", "GRU", "RNNCell", "LSTMCell", "GRUCell"), "recurrent"
    ),
}


class Units(str, Enum):
    """torchinfo.enums.Units, printed as torchinfo prints it: f"({units})" gives "M" before
    Python 3.11 and "Units.MEGABYTES" from 3.11 on, so the label follows the interpreter."""

    MEGABYTES = "M"
    GIGABYTES = "G"
    TERABYTES = "T"


class _Unknown(Exception):
    """A value a total depends on is unknown to layerlint."""


def _known(value: int | None) -> int:
    if value is None:
        raise _Unknown
    return value


def _known_shape(shape: Shape | None) -> list[int]:
    if shape is None or not all(isinstance(d, int) for d in shape):
        raise _Unknown
    return list(shape)  # type: ignore[arg-type]


def _or_none(compute: Callable[[], int]) -> int | None:
    try:
        return compute()
    except _Unknown:
        return None


@dataclass
class Row:
    """torchinfo's LayerInfo, with what the default table needs."""

    layer: LayerReport
    depth: int
    depth_index: int = 0
    recursive: bool = False
    # Every following row nested in this one, not only direct children (get_children_layers).
    descendants: list[Row] = field(default_factory=list)

    @property
    def is_leaf(self) -> bool:
        return not self.descendants

    @property
    def params(self) -> int:
        return _known(self.layer.params)

    @property
    def trainable(self) -> int:
        return self.params - _known(self.layer.non_trainable)

    def leftover_params(self) -> int:
        return self.params - sum(
            c.params if c.is_leaf else c.leftover_params()
            for c in self.descendants
            if not c.recursive
        )

    def leftover_trainable(self) -> int:
        return self.trainable - sum(
            c.trainable if c.is_leaf else c.leftover_trainable()
            for c in self.descendants
            if not c.recursive
        )

    def title(self) -> str:
        name = self.layer.type
        if self.depth > 0:
            name += f": {self.depth}-{self.depth_index}"
        return name


def root_row(model: ModelReport) -> LayerReport:
    """The depth-0 row: given, or for a plain nn.Sequential what it returns and holds."""
    if model.root is not None:
        return model.root
    top = [layer for layer in model.layers if layer.depth == 1]
    unique = {layer.name: layer for layer in top}.values()  # a module called twice counts once
    sequential = model.display_name in ("", "Sequential")

    def total(count: Callable[[LayerReport], int | None]) -> int | None:
        counts = [count(layer) for layer in unique]
        return None if not sequential or None in counts else sum(counts)  # type: ignore[arg-type]

    return LayerReport(
        index=-1, type=model.display_name or "Sequential", name="", line=model.line,
        input_shape=model.input_shape,
        output_shape=top[-1].output_shape if sequential and top else None,
        params=total(lambda layer: layer.params),
        non_trainable=total(lambda layer: layer.non_trainable),
        depth=0,
    )


def summary_rows(model: ModelReport) -> list[Row]:
    rows = [Row(root_row(model), 0)]
    rows += [Row(layer, layer.depth) for layer in model.layers]
    seen: set[str] = set()
    counters: dict[int, int] = {}
    for i, row in enumerate(rows):
        counters[row.depth] = counters.get(row.depth, 0) + 1
        row.depth_index = counters[row.depth]
        if i:
            row.recursive = row.layer.name in seen
            seen.add(row.layer.name)
        for later in rows[i + 1 :]:
            if later.depth <= row.depth:
                break
            row.descendants.append(later)
    # A container never called itself is one torchinfo row object, listed again each time the
    # forward comes back to it (convs[i], norms[i] in turn): every listing then shows its last
    # index and "(recursive)".
    listings: dict[str, list[Row]] = {}
    for row in rows[1:]:
        if row.layer.output_shape == ():
            listings.setdefault(row.layer.name, []).append(row)
    for same in listings.values():
        if len(same) > 1:
            for row in same:
                row.depth_index, row.recursive = same[-1].depth_index, True
    return rows


# --- cells ----------------------------------------------------------------------------------


def shape_cell(shape: Shape | None) -> str:
    """``str(list(tensor.size()))``, ``--`` for an empty size; unknown dims print ``?``."""
    if shape is None:
        return "?"
    if not shape:
        return "--"
    return "[" + ", ".join("?" if d is None else str(d) for d in shape) + "]"


def params_cell(row: Row, reached_max_depth: bool) -> str:
    """LayerInfo.num_params_to_str."""
    try:
        if row.params == 0:
            return "--"
        if row.recursive:
            return "(recursive)"
        if reached_max_depth or row.is_leaf:
            count = f"{row.params:,}"
            return count if row.trainable else f"({count})"
        leftover = row.leftover_params()
        return f"{leftover:,}" if leftover > 0 else "--"
    except _Unknown:
        return "?"


def start_str(depth: int) -> str:
    if depth == 0:
        return ""
    if depth == 1:
        return "├─"
    return "│    " * (depth - 1) + "└─"


def name_width(rows: list[Row]) -> int:
    """FormattingOptions.set_layer_name_width, over every row (hidden ones included)."""
    longest = max(len(row.title()) + row.depth * NAME_ALIGN + 1 for row in rows)
    if longest >= NAME_WIDTH:
        return math.ceil(longest / NAME_ALIGN) * NAME_ALIGN
    return NAME_WIDTH


def format_row(name: str, cells: list[str], width: int) -> str:
    line = f"{name:<{width}} " + "".join(f"{cell:<{COLUMN_WIDTH}} " for cell in cells)
    return line.rstrip()


# --- totals ---------------------------------------------------------------------------------


def mult_adds(row: Row) -> int:
    """LayerInfo.calculate_macs for a leaf row (batch included, as torchinfo counts it)."""
    if row.params == 0:
        return 0
    kind = MACS_KIND.get(row.layer.type)
    if kind is None:
        raise _Unknown
    out = _known_shape(row.layer.output_shape)
    if not out:  # torchinfo itself fails on a 0-d output here
        raise _Unknown
    if kind == "conv":
        return row.params * math.prod(out[:1] + out[2:])
    if kind == "recurrent":
        return row.params * math.prod(out[:2])
    return row.params * out[0]


@dataclass
class Totals:
    params: int | None
    trainable: int | None
    mult_adds: int | None
    output_bytes: int | None  # forward and backward: twice the outputs of layers with weights
    param_bytes: int | None  # leaf layers only, as torchinfo counts them


def totals(rows: list[Row]) -> Totals:
    """ModelStatistics.__init__, one total at a time so that an unknown stays local."""

    def params() -> int:
        return sum(
            max(row.params if row.is_leaf else row.leftover_params(), 0)
            for row in rows
            if not row.recursive
        )

    def trainable() -> int:
        return sum(
            max(row.trainable if row.is_leaf else row.leftover_trainable(), 0)
            for row in rows
            if not row.recursive
        )

    def macs() -> int:
        return sum(mult_adds(row) for row in rows if row.is_leaf)

    def output_bytes() -> int:
        return sum(
            2 * FLOAT32_BYTES * math.prod(_known_shape(row.layer.output_shape))
            for row in rows
            if row.is_leaf and row.params > 0
        )

    def param_bytes() -> int:
        return sum(
            FLOAT32_BYTES * row.params for row in rows if row.is_leaf and not row.recursive
        )

    return Totals(*(_or_none(f) for f in (params, trainable, macs, output_bytes, param_bytes)))


def input_bytes(model: ModelReport) -> int | None:
    """get_total_memory_used: sys.getsizeof of the input tensor's storage."""
    itemsize = DTYPE_BYTES.get(model.input_dtype or "")
    if itemsize is None:
        return None
    try:
        return STORAGE_OVERHEAD + itemsize * math.prod(_known_shape(model.input_shape))
    except _Unknown:
        return None


def count_line(label: str, count: int | None) -> str:
    """ModelStatistics.format_output_num with Units.NONE: ``Total params: 1,234``."""
    return f"{label}: {UNKNOWN if count is None else f'{count:,}'}"


def mult_adds_line(count: int | None) -> str:
    if count is None:
        return f"Total mult-adds: {UNKNOWN}"
    if count >= 1e12:
        units, value = Units.TERABYTES, count / 1e12
    elif count >= 1e9:
        units, value = Units.GIGABYTES, count / 1e9
    else:
        units, value = Units.MEGABYTES, count / 1e6
    number = f"{int(value):,d}" if value.is_integer() else f"{value:,.2f}"
    return f"Total mult-adds ({units}): {number}"


def megabytes_line(label: str, count: int | None) -> str:
    return f"{label} (MB): {UNKNOWN if count is None else f'{count / 1e6:0.2f}'}"


def _sum(*counts: int | None) -> int | None:
    return None if None in counts else sum(counts)  # type: ignore[arg-type]


# --- the table ------------------------------------------------------------------------------


def render_torchinfo_summary(model: ModelReport) -> str:
    """The text torchinfo 1.8.0 ``summary()`` prints for this model (ending with a newline)."""
    rows = summary_rows(model)
    with_input = model.input_shape is not None
    headers = ["Output Shape", "Param #"] if with_input else ["Param #"]
    width = name_width(rows)
    divider = "=" * (width + COLUMN_WIDTH * len(headers))
    lines = [divider, format_row("Layer (type:depth-idx)", headers, width), divider]
    for row in rows:
        if row.depth > MAX_DEPTH:
            continue
        params = params_cell(row, reached_max_depth=row.depth == MAX_DEPTH)
        cells = [shape_cell(row.layer.output_shape), params] if with_input else [params]
        lines.append(format_row(start_str(row.depth) + row.title(), cells, width))
    total = totals(rows)
    non_trainable = None if total.trainable is None else _sum(total.params, -total.trainable)
    lines += [
        divider,
        count_line("Total params", total.params),
        count_line("Trainable params", total.trainable),
        count_line("Non-trainable params", non_trainable),
    ]
    if with_input:
        inputs = input_bytes(model)
        lines += [
            mult_adds_line(total.mult_adds),
            divider,
            megabytes_line("Input size", inputs),
            megabytes_line("Forward/backward pass size", total.output_bytes),
            megabytes_line("Params size", total.param_bytes),
            megabytes_line(
                "Estimated Total Size", _sum(inputs, total.output_bytes, total.param_bytes)
            ),
        ]
    lines.append(divider)
    lines += missing_rows_note(model, rows)
    return "\n".join(lines) + "\n"


def missing_rows_note(model: ModelReport, rows: list[Row]) -> list[str]:
    """A table of a model whose forward layerlint could not follow lacks the rows torchinfo
    lists from the modules the forward calls: a closing line says so, and why (never a table
    that merely looks short)."""
    if model.unfollowed is None:
        return []
    listed = sum(row.depth > 0 for row in rows)
    what = "no rows below the model" if not listed else "rows may be missing"
    return [f"layerlint: {what}: {model.unfollowed.reason}; torchinfo lists the modules "
            "the forward calls"]
