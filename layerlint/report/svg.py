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
        if current and len(piece) > width:
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
    extra = 110.0 if picture.repeats else 0.0  # room for the "× n" labels
    sent: dict[int, int] = {}
    for edge in picture.edges:
        sent[edge.source] = sent.get(edge.source, 0) + 1
    edges = [_edge(edge, drawn.routes[i].points, ends.get(i), framework,
                   near_source=sent[edge.source] == 1) for i, edge in enumerate(picture.edges)]
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
          ends: tuple[float, float] | None, framework: str,
          near_source: bool) -> tuple[str, float, float]:
    """An arrow along the layout's route (the order of the picture's edges is the layout's),
    and the left and right ends of its label. The label sits by the arrow's first stretch when
    its source sends only this tensor, else by its last: the labels of arrows that merge or
    split are drawn apart."""
    points = list(route)
    if len(points) < 2:
        return "", 0.0, 0.0
    if ends is not None:
        points[0] = (ends[0], points[0][1])
        points[-1] = (ends[1], points[-1][1])
    unknown = edge.shape is None
    text = shape_text(edge.shape, framework)
    path = "M " + " L ".join(f"{x:.1f} {y:.1f}" for x, y in points)
    (x1, y1), (x2, y2) = points[-2], points[-1]
    arrow = _arrow(x1, y1, x2, y2)
    if near_source:
        (x1, y1), (x2, y2) = points[0], points[1]
    lines = ["? (unknown)"] if unknown else wrap_shape(text)
    left = x2 < x1 - 1  # on the side the stretch comes from
    lx, ly = (x1 + x2) / 2 + (-6 if left else 6), (y1 + y2) / 2 - (len(lines) - 1) * 6.5
    label = "".join(f'<tspan x="{lx:.1f}" dy="{0 if i == 0 else 13}">{escape(line)}</tspan>'
                    for i, line in enumerate(lines))
    anchor = ' text-anchor="end"' if left else ""
    kind = "ll-edge ll-unknown" if unknown else "ll-edge"
    extent = max(len(line) for line in lines) * LABEL_CHAR_WIDTH
    right = lx + extent if not left else lx
    start = lx - extent if left else lx
    return (f'<g class="{kind}" data-source="{edge.source}" data-target="{edge.target}" '
            f'data-shape="{escape(text)}"><path d="{path}"/><polygon points="{arrow}"/>'
            f'<text class="ll-shape"{anchor} x="{lx:.1f}" y="{ly:.1f}">{label}</text></g>',
            start, right)


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


def _frame(keys: list[int], count: int, first: str, last: str, drawn: Layout) -> str:
    placed = [drawn.boxes[k] for k in keys if k in drawn.boxes]
    if not placed:
        return ""
    left = min(p.x for p in placed) - FRAME_PAD
    top = min(p.y for p in placed) - FRAME_PAD
    right = max(p.x + p.width for p in placed) + FRAME_PAD
    bottom = max(p.y + p.height for p in placed) + FRAME_PAD
    return (f'<g class="ll-repeat" data-count="{count}"><rect x="{left:.1f}" y="{top:.1f}" '
            f'width="{right - left:.1f}" height="{bottom - top:.1f}" rx="10"/>'
            f'<text class="ll-times" x="{right + 8:.1f}" y="{top + 22:.1f}">\u00d7 {count}</text>'
            f'<text class="ll-range" x="{right + 8:.1f}" y="{top + 40:.1f}">{escape(_cut(first))}'
            f'</text><text class="ll-range" x="{right + 8:.1f}" y="{top + 54:.1f}">\u2026 '
            f"{escape(_cut(last))}</text></g>")
