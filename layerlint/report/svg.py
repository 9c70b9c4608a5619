"""A model's picture as inline SVG: boxes (type, name, parameters), an arrow per tensor labelled
with its shape, failing boxes outlined in red and linked to their finding, dashed frames round
blocks drawn once for several ("× 10"). Only SVG and the page's CSS: nothing is fetched."""

from __future__ import annotations

from html import escape

from ..shapes import Shape
from .layout import Box, Layout, Placed, layout
from .picture import Picture, PictureBox, PictureEdge

FONT_SIZE = 12.0
CHAR_WIDTH = 7.0  # a generous average width of a 12 px sans-serif character
LABEL_CHAR_WIDTH = 6.6  # 11 px monospace
LINE_HEIGHT = 16.0
MIN_BOX_WIDTH = 120.0
MAX_BOX_CHARS = 34  # longer names are cut with "…" (the whole text is the box's tooltip)
SHAPE_WRAP = 22  # shapes longer than this wrap after a comma
FRAME_PAD = 12.0
Rect = tuple[float, float, float, float]  # left, top, right, bottom


def shape_text(shape: Shape | None, framework: str) -> str:
    """As the framework prints it: Keras ``(None, 10, 64)``, torch ``[8, 16, 32]``; unknown to
    layerlint: ``?``."""
    if shape is None:
        return "?"
    dims = ["?" if d == "?" else ("None" if framework != "torch" else "?") if d is None else str(d)
            for d in shape]
    if framework == "torch":
        return "[" + ", ".join(dims) + "]"
    return "(" + ", ".join(dims) + (",)" if len(dims) == 1 else ")")


def wrap_shape(text: str, width: int = SHAPE_WRAP) -> list[str]:
    lines, current = [], ""
    for part in text.split(", "):
        piece = part if not current else f"{current}, {part}"
        if current and len(piece) + 1 > width:  # the line keeps its comma
            lines.append(current + ",")
            current = part
        else:
            current = piece
    lines.append(current)
    return lines


def params_text(count: int | None) -> str:
    if count is None:
        return "? params"
    return f"{count:,} param" + ("" if count == 1 else "s")


def box_lines(box: PictureBox) -> list[tuple[str, str]]:
    """(css class, text) per line of a box."""
    if box.role == "output" or (box.role == "input" and not box.name):
        return [("ll-type", box.type)]
    if box.role == "input":
        return [("ll-type", box.type), ("ll-name", box.name)]
    lines = [("ll-type", box.type)]
    if box.name and box.name != box.type:
        lines.append(("ll-name", box.name))
    lines.append(("ll-params", params_text(box.params)))
    codes = sorted({d.code for d in box.findings})
    if codes:
        error = any(d.severity == "error" for d in box.findings)
        lines.append(("ll-badge" if error else "ll-badge ll-warn",
                      ("\u2716 " if error else "\u26a0 ") + ", ".join(codes)))
    return lines


def _cut(text: str) -> str:
    return text if len(text) <= MAX_BOX_CHARS else text[:MAX_BOX_CHARS - 1] + "\u2026"


def box_size(box: PictureBox) -> tuple[float, float]:
    lines = box_lines(box)
    longest = max(len(_cut(t)) for _, t in lines)
    width = max(MIN_BOX_WIDTH if box.role in ("layer", "op") else 80.0,
                longest * CHAR_WIDTH + 24)
    return width, len(lines) * LINE_HEIGHT + 14


def render_svg(picture: Picture, framework: str, anchor: dict[int, str]) -> str:
    """``anchor``: the id of a finding's card, by the id() of the Diagnostic."""
    sizes = {b.key: box_size(b) for b in picture.boxes}
    drawn = layout([Box(b.key, *sizes[b.key]) for b in picture.boxes],
                   [(e.source, e.target) for e in picture.edges])
    ends = _endpoints(picture, drawn)
    extra = max((max(len(_cut(r.first)), len(_cut(r.last)) + 2) * CHAR_WIDTH + 20
                 for r in picture.repeats), default=0.0)  # room for the "× n" labels
    sent: dict[int, int] = {}
    for edge in picture.edges:
        sent[edge.source] = sent.get(edge.source, 0) + 1
    taken = Taken()
    for p in drawn.boxes.values():
        taken.add((p.x - 2, p.y - 2, p.x + p.width + 2, p.y + p.height + 2))
    for i, route in enumerate(drawn.routes):
        spread = ends.get(i)
        points = list(route.points)
        if spread is not None and points:
            points[0], points[-1] = (spread[0], points[0][1]), (spread[1], points[-1][1])
        taken.add_line(points)
    for repeat in picture.repeats:  # the frame's border and its "× n"
        rect = _frame_rect(repeat.boxes, drawn)
        if rect is not None:
            x0, y0, x1, y1 = rect
            taken.add_line([(x0, y0), (x1, y0), (x1, y1), (x0, y1), (x0, y0)])
            taken.add((x1, y0, x1 + extra, y0 + 60))
    edges = [_edge(edge, drawn.routes[i].points, ends.get(i), framework,
                   sent[edge.source] == 1, taken) for i, edge in enumerate(picture.edges)]
    shift = max(0.0, 4 - min((start for _, start, _ in edges), default=0.0))  # labels' room
    labels = max((right for _, _, right in edges), default=0.0)
    width, height = max(drawn.width + extra, labels + 8) + shift, drawn.height
    parts = [f'<svg class="ll-graph" xmlns="http://www.w3.org/2000/svg" '
             f'width="{width:.0f}" height="{height:.0f}" viewBox="{-shift:.0f} 0 {width:.0f} '
             f'{height:.0f}" role="img">']
    for repeat in picture.repeats:
        parts.append(_frame(repeat.boxes, repeat.count, repeat.first, repeat.last, drawn))
    parts += [text for text, _, _ in edges]
    for box in picture.boxes:
        if box.key in drawn.boxes:
            parts.append(_box(box, drawn.boxes[box.key], anchor))
    parts.append("</svg>")
    return "".join(parts)


def _endpoints(picture: Picture, drawn: Layout) -> dict[int, tuple[float, float]]:
    """Edges into (out of) one box end (start) at points spread along its top (bottom), in the
    order of the other ends, so that their labels do not overlap."""
    starts: dict[int, list[int]] = {}
    finishes: dict[int, list[int]] = {}
    for i, route in enumerate(drawn.routes):
        if len(route.points) >= 2:
            starts.setdefault(route.source, []).append(i)
            finishes.setdefault(route.target, []).append(i)
    spread: dict[int, tuple[float, float]] = {}
    for i in range(len(drawn.routes)):
        spread[i] = (drawn.routes[i].points[0][0], drawn.routes[i].points[-1][0]) \
            if drawn.routes[i].points else (0.0, 0.0)
    for key, indices in finishes.items():
        box = drawn.boxes.get(key)
        if box is None or len(indices) < 2:
            continue
        indices.sort(key=lambda i: drawn.routes[i].points[-2][0])
        for n, i in enumerate(indices):
            spread[i] = (spread[i][0], box.x + box.width * (n + 1) / (len(indices) + 1))
    for key, indices in starts.items():
        box = drawn.boxes.get(key)
        if box is None or len(indices) < 2:
            continue
        indices.sort(key=lambda i: drawn.routes[i].points[1][0])
        for n, i in enumerate(indices):
            spread[i] = (box.x + box.width * (n + 1) / (len(indices) + 1), spread[i][1])
    return spread


def _edge(edge: PictureEdge, route: list[tuple[float, float]],
          ends: tuple[float, float] | None, framework: str, near_source: bool,
          taken: Taken) -> tuple[str, float, float]:
    """An arrow along the layout's route (the order of the picture's edges is the layout's),
    and the left and right ends of its label. The label goes by the arrow's first stretch when
    its source sends only this tensor, else by its last (the labels of arrows that merge or
    split are drawn apart), on the side the stretch comes from; where that spot is ``taken``
    (a box, another label), the next free one along the arrow."""
    points = list(route)
    if len(points) < 2:
        return "", 0.0, 0.0
    if ends is not None:
        points[0] = (ends[0], points[0][1])
        points[-1] = (ends[1], points[-1][1])
    unknown = edge.shape is None
    text = shape_text(edge.shape, framework)
    path = "M " + " L ".join(f"{x:.1f} {y:.1f}" for x, y in points)
    arrow = _arrow(*points[-2], *points[-1])
    lines = ["? (unknown)"] if unknown else wrap_shape(text)
    extent = max(len(line) for line in lines) * LABEL_CHAR_WIDTH
    height = 13.0 * len(lines)
    stretches = list(zip(points, points[1:]))
    if not near_source:
        stretches.reverse()
    spots = []
    for (x1, y1), (x2, y2) in stretches:
        comes_left = x2 < x1 - 10
        for t in (0.5, 0.3, 0.7, 0.15, 0.85):
            for left in (comes_left, not comes_left):
                x, y = x1 + (x2 - x1) * t, y1 + (y2 - y1) * t
                lx = x - 6 - extent if left else x + 6
                spots.append((lx, y - height / 2, left))
    lx, top, left = next((spot for spot in spots if not taken.meets(
        (spot[0], spot[1], spot[0] + extent, spot[1] + height))), spots[0])
    taken.add((lx, top, lx + extent, top + height))
    label = "".join(f'<tspan x="{lx:.1f}" dy="{0 if i == 0 else 13}">{escape(line)}</tspan>'
                    for i, line in enumerate(lines))
    kind = "ll-edge ll-unknown" if unknown else "ll-edge"
    return (f'<g class="{kind}" data-source="{edge.source}" data-target="{edge.target}" '
            f'data-shape="{escape(text)}"><path d="{path}"/><polygon points="{arrow}"/>'
            f'<text class="ll-shape" x="{lx:.1f}" y="{top + 10:.1f}">{label}</text></g>',
            lx, lx + extent)


class Taken:
    """Where a label may not go: boxes, arrows (as points every few pixels), labels placed;
    in a grid of cells, so that a model of a thousand layers stays quick to draw."""

    CELL = 32.0

    def __init__(self) -> None:
        self.cells: dict[tuple[int, int], list[Rect]] = {}

    def _cells(self, rect: Rect) -> list[tuple[int, int]]:
        c = self.CELL
        return [(i, j) for i in range(int(rect[0] // c), int(rect[2] // c) + 1)
                for j in range(int(rect[1] // c), int(rect[3] // c) + 1)]

    def add(self, rect: Rect) -> None:
        for cell in self._cells(rect):
            self.cells.setdefault(cell, []).append(rect)

    def add_line(self, points: list[tuple[float, float]]) -> None:
        for (x1, y1), (x2, y2) in zip(points, points[1:]):
            steps = max(int(max(abs(x2 - x1), abs(y2 - y1)) // 6), 1)
            for k in range(steps + 1):
                x, y = x1 + (x2 - x1) * k / steps, y1 + (y2 - y1) * k / steps
                self.add((x - 2, y - 2, x + 2, y + 2))

    def meets(self, rect: Rect) -> bool:
        return any(r[0] < rect[2] and rect[0] < r[2] and r[1] < rect[3] and rect[1] < r[3]
                   for cell in self._cells(rect) for r in self.cells.get(cell, ()))


def _arrow(x1: float, y1: float, x2: float, y2: float) -> str:
    dx, dy = x2 - x1, y2 - y1
    length = max((dx * dx + dy * dy) ** 0.5, 1e-6)
    ux, uy = dx / length, dy / length
    bx, by = x2 - 8 * ux, y2 - 8 * uy
    return (f"{x2:.1f},{y2:.1f} {bx - 4 * uy:.1f},{by + 4 * ux:.1f} "
            f"{bx + 4 * uy:.1f},{by - 4 * ux:.1f}")


def _box(box: PictureBox, at: Placed, anchor: dict[int, str]) -> str:
    classes = f"ll-box ll-{box.role}"
    if any(d.severity == "error" for d in box.findings):
        classes += " ll-failing"
    elif box.findings:
        classes += " ll-warned"
    lines = box_lines(box)
    title = " \u00b7 ".join(t for _, t in lines)
    if box.findings:
        title += "\n" + "\n".join(f"{d.code}: {d.message}" for d in box.findings)
    texts = "".join(
        f'<text class="{css}" x="{at.centre:.1f}" y="{at.y + 7 + LINE_HEIGHT * (i + 0.75):.1f}">'
        f"{escape(_cut(text))}</text>" for i, (css, text) in enumerate(lines))
    shape = (f'<rect x="{at.x:.1f}" y="{at.y:.1f}" width="{at.width:.1f}" '
             f'height="{at.height:.1f}" rx="{14 if box.role in ("input", "output") else 6}"/>')
    body = (f'<g class="{classes}" data-key="{box.key}" data-type="{escape(box.type)}" '
            f'data-name="{escape(box.name)}"><title>{escape(title)}</title>{shape}{texts}</g>')
    target = next((anchor[id(d)] for d in box.findings if id(d) in anchor), None)
    return f'<a href="#{target}">{body}</a>' if target else body


def _frame_rect(keys: list[int], drawn: Layout) -> Rect | None:
    placed = [drawn.boxes[k] for k in keys if k in drawn.boxes]
    if not placed:
        return None
    return (min(p.x for p in placed) - FRAME_PAD, min(p.y for p in placed) - FRAME_PAD,
            max(p.x + p.width for p in placed) + FRAME_PAD,
            max(p.y + p.height for p in placed) + FRAME_PAD)


def _frame(keys: list[int], count: int, first: str, last: str, drawn: Layout) -> str:
    rect = _frame_rect(keys, drawn)
    if rect is None:
        return ""
    left, top, right, bottom = rect
    return (f'<g class="ll-repeat" data-count="{count}"><rect x="{left:.1f}" y="{top:.1f}" '
            f'width="{right - left:.1f}" height="{bottom - top:.1f}" rx="10"/>'
            f'<text class="ll-times" x="{right + 8:.1f}" y="{top + 22:.1f}">\u00d7 {count}</text>'
            f'<text class="ll-range" x="{right + 8:.1f}" y="{top + 40:.1f}">{escape(_cut(first))}'
            f'</text><text class="ll-range" x="{right + 8:.1f}" y="{top + 54:.1f}">\u2026 '
            f"{escape(_cut(last))}</text></g>")
