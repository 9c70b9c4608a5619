"""What a model's picture shows, before any drawing: boxes, the tensors between them, the
findings they carry, and the runs of identical blocks drawn once ("× 10").

The boxes are the replay's data flow (``ModelReport.flow``: functional graphs, torch forwards)
or, for a plain stack, its rows as a chain from the input. A model whose flow layerlint does not
know (a subclassed Keras model, a torch module no input reached) gets its boxes and no edges,
with a note saying so: no edge is ever guessed.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..diagnostics import Diagnostic
from ..results import ModelReport
from ..shapes import Shape

INPUT_KEY = -1
# A run of identical blocks is drawn once when it is at least this long.
MIN_REPEATS = 3
MIN_REPEATS_OF_BLOCKS = 2  # blocks of two boxes or more
MAX_BLOCK = 40


@dataclass
class PictureBox:
    key: int
    type: str
    name: str
    params: int | None
    lines: tuple[int, ...] = ()
    row: int | None = None
    role: str = "layer"  # "layer" | "op" | "input" | "output"
    findings: list[Diagnostic] = field(default_factory=list)


@dataclass
class PictureEdge:
    source: int
    target: int
    shape: Shape | None


@dataclass
class Repeat:
    """``boxes`` (the first block, drawn) stand for ``count`` identical blocks; ``first`` and
    ``last`` name the first box of the first block and the last box of the last block."""

    boxes: list[int]
    count: int
    first: str
    last: str


@dataclass
class Picture:
    boxes: list[PictureBox]
    edges: list[PictureEdge]
    repeats: list[Repeat] = field(default_factory=list)
    note: str | None = None  # why the data flow is not drawn
    unplaced: list[Diagnostic] = field(default_factory=list)  # findings on no box


def model_picture(model: ModelReport, diagnostics: list[Diagnostic]) -> Picture:
    picture = _from_flow(model) if model.flow is not None and model.flow.nodes else \
        _from_rows(model)
    findings = [d for d in diagnostics if d.model == model.name and d.severity != "info"]
    for d in findings:
        box = _box_for(picture, d)
        if box is None:
            picture.unplaced.append(d)
        else:
            box.findings.append(d)
    _collapse(picture)
    return picture


def _from_flow(model: ModelReport) -> Picture:
    flow = model.flow
    assert flow is not None
    boxes = [PictureBox(n.key, n.type, n.name, n.params, n.lines, n.row, n.kind)
             for n in flow.nodes]
    edges = [PictureEdge(e.source, e.target, e.shape) for e in flow.edges]
    if model.framework == "torch" and boxes:  # the tensor the model is called on
        boxes.insert(0, PictureBox(INPUT_KEY, "input", "", None, role="input"))
        fed = {e.target for e in flow.edges}
        firsts = [b for b in boxes[1:] if b.key not in fed and b.role != "op"][:1]
        edges[:0] = [PictureEdge(INPUT_KEY, b.key, model.input_shape) for b in firsts]
    _add_outputs(boxes, edges, flow.outputs)
    return Picture(boxes, edges)


def _from_rows(model: ModelReport) -> Picture:
    rows = model.layers
    if model.framework == "torch":  # the modules that compute (containers hold them)
        rows = [r for i, r in enumerate(rows)
                if i + 1 == len(rows) or rows[i + 1].depth <= r.depth]
    boxes = [PictureBox(r.index, r.type, r.name, r.params, (r.line,), r.index) for r in rows]
    chain = model.class_name is None and (model.framework == "keras" or
                                          model.display_name in ("", "Sequential"))
    if not chain or (model.framework == "torch" and model.input_shape is None):
        note = ("no data reaches call() (or it is not followed), so its data flow is not "
                "drawn: the layers are listed in the order the model tracks them"
                if model.framework == "keras" else
                "no input reaches this model, so its forward pass is not drawn: the modules "
                "are listed in the order they are registered" if model.input_shape is None else
                "its forward is not followed, so its data flow is not drawn: the modules are "
                "listed in the order they are registered")
        return Picture(boxes, [], note=note)
    first = rows[0].input_shape if rows else None
    given = model.input_shape if model.input_shape is not None else first
    boxes.insert(0, PictureBox(INPUT_KEY, "input", "", None, role="input"))
    edges = []
    previous, shape = INPUT_KEY, given
    for row in rows:
        edges.append(PictureEdge(previous, row.index, shape))
        previous, shape = row.index, row.output_shape
    if rows:
        _add_outputs(boxes, edges, [(rows[-1].index, shape)])
    return Picture(boxes, edges)


def _add_outputs(boxes: list[PictureBox], edges: list[PictureEdge],
                 outputs: list[tuple[int, Shape | None]]) -> None:
    for i, (source, shape) in enumerate(outputs):
        key = INPUT_KEY - 1 - i
        boxes.append(PictureBox(key, "output", "", None, role="output"))
        edges.append(PictureEdge(source, key, shape))


def _box_for(picture: Picture, d: Diagnostic) -> PictureBox | None:
    """The box a finding names: its layer (row) when that is a box, else the box called on
    the finding's line."""
    boxes = [b for b in picture.boxes if b.role in ("layer", "op")]
    if d.layer is not None:
        by_row = [b for b in boxes if b.row == d.layer]
        if by_row:
            return by_row[0]
    on_line = [b for b in boxes if d.span.line in b.lines[:1]] or \
        [b for b in boxes if d.span.line in b.lines]
    return on_line[-1] if on_line else None


# --- runs of identical blocks ---------------------------------------------------------------


def _collapse(picture: Picture) -> None:
    """Runs of identical consecutive blocks (same types, parameters and shapes in, wired the
    same way to the block before) are drawn once; edges leaving the last block leave the
    drawn one."""
    order = [b for b in picture.boxes if b.role != "output"]  # inputs count in the offsets
    position = {b.key: i for i, b in enumerate(order)}
    inputs = [i for i, b in enumerate(order) if b.role == "input"]
    incoming: dict[int, list[PictureEdge]] = {}
    outgoing: dict[int, list[PictureEdge]] = {}
    for e in picture.edges:
        incoming.setdefault(e.target, []).append(e)
        outgoing.setdefault(e.source, []).append(e)

    def signature(i: int) -> tuple:
        box = order[i]
        ins = sorted((i - position.get(e.source, -10**6), str(e.shape))
                     for e in incoming.get(box.key, []))
        return box.role, box.type, box.params, bool(box.findings), tuple(ins)

    signatures = [signature(i) for i in range(len(order))]
    i, runs = 0, []
    while i < len(order):
        best: tuple[int, int] | None = None
        for p in range(1, min(MAX_BLOCK, (len(order) - i) // 2) + 1):
            k = 1
            while i + (k + 1) * p <= len(order) and \
                    signatures[i + k * p:i + (k + 1) * p] == signatures[i + (k - 1) * p:i + k * p]:
                k += 1
            enough = k >= (MIN_REPEATS if p == 1 else MIN_REPEATS_OF_BLOCKS) and \
                not any(i <= j < i + k * p for j in inputs)
            if enough and _closed(order, position, outgoing, i, p, k) and \
                    (best is None or k * p > best[0] * best[1]):
                best = (p, k)
        if best is None:
            i += 1
            continue
        runs.append((i, *best))
        i += best[0] * best[1]
    for start, p, k in runs:
        kept = [order[start + j].key for j in range(p)]
        dropped = {order[start + j].key for j in range(p, p * k)}
        last = {order[start + (k - 1) * p + j].key: kept[j] for j in range(p)}
        edges = []
        for e in picture.edges:
            if e.target in dropped or (e.source in kept and e.target in dropped):
                continue
            if e.source in dropped:
                if e.source not in last:
                    continue
                e = PictureEdge(last[e.source], e.target, e.shape)
            edges.append(e)
        picture.edges = edges
        picture.boxes = [b for b in picture.boxes if b.key not in dropped]
        picture.repeats.append(Repeat(kept, k, _label(order[start]),
                                      _label(order[start + p * k - 1])))


def _closed(order: list[PictureBox], position: dict[int, int],
            outgoing: dict[int, list[PictureEdge]], start: int, p: int, k: int) -> bool:
    """Every block but the last feeds only boxes of the run."""
    end = start + p * k
    for i in range(start, end - p):
        for e in outgoing.get(order[i].key, []):
            if not start <= position.get(e.target, -1) < end:
                return False
    return True


def _label(box: PictureBox) -> str:
    return box.name or box.type
