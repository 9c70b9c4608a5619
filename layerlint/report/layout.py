"""A layered drawing of a directed graph (Sugiyama's method), for the model pictures.

1. Cycles (a shared layer called on its own descendants) are broken by reversing the edges a
   depth-first search finds going back; they are drawn in their own direction again.
2. Ranks: each box one rank below the lowest box feeding it (longest path from the inputs),
   data flowing top to bottom, then moved down to just above its first consumer; an edge
   spanning several ranks gets a point per rank between.
3. Order within a rank: barycentre sweeps, down then up, keeping the order with the fewest
   crossings seen.
4. Coordinates: each box pulled towards the mean position of its neighbours, ranks kept in
   order with a gap between boxes: an isotonic regression (pool adjacent violators) per rank,
   alternating down and up sweeps, then the whole drawing shifted to start at the margin.

No external tool: the page is produced by layerlint alone (issue 14).
"""

from __future__ import annotations

from collections import defaultdict, deque
from dataclasses import dataclass, field

BOX_GAP = 36.0  # horizontal space between boxes of a rank
RANK_GAP = 64.0  # vertical space between ranks, where the edge labels go
MARGIN = 16.0
SWEEPS = 12


@dataclass
class Box:
    key: int
    width: float
    height: float


@dataclass
class Placed:
    x: float  # left
    y: float  # top
    width: float
    height: float

    @property
    def centre(self) -> float:
        return self.x + self.width / 2


@dataclass
class Route:
    """An edge's path: points from the source box's bottom to the target box's top."""

    source: int
    target: int
    points: list[tuple[float, float]] = field(default_factory=list)


@dataclass
class Layout:
    boxes: dict[int, Placed]
    routes: list[Route]  # one per edge given, in that order
    width: float
    height: float
    ranks: dict[int, int]  # box key -> rank


def layout(boxes: list[Box], edges: list[tuple[int, int]]) -> Layout:
    keys = [b.key for b in boxes]
    size = {b.key: b for b in boxes}
    known = [(s, t) for s, t in edges if s in size and t in size and s != t]
    forward = _acyclic(keys, known)
    rank = _ranks(keys, forward)
    # Long edges become chains of points (dummy boxes of no width), one per rank crossed.
    dummy_key = max(keys, default=0) + 1
    chains: dict[int, list[int]] = {}  # index in ``known`` -> the keys along it
    layer_edges: list[tuple[int, int]] = []
    widths = {k: size[k].width for k in keys}
    for i, (s, t) in enumerate(forward):
        chain = [s]
        for r in range(rank[s] + 1, rank[t]):
            rank[dummy_key] = r
            widths[dummy_key] = 0.0
            chain.append(dummy_key)
            dummy_key += 1
        chain.append(t)
        chains[i] = chain
        layer_edges += list(zip(chain, chain[1:]))
    layers = _order(rank, layer_edges)
    x = _coordinates(layers, layer_edges, widths)
    heights = [max((size[k].height for k in layer if k in size), default=0.0)
               for layer in layers]
    tops, y = [], MARGIN
    for h in heights:
        tops.append(y)
        y += h + RANK_GAP
    placed = {}
    for r, layer in enumerate(layers):
        for k in layer:
            if k in size:
                placed[k] = Placed(x[k] - size[k].width / 2, tops[r], size[k].width,
                                   size[k].height)
    routes = [Route(s, t) for s, t in edges]
    # Each given edge takes the chain of the first unused known edge equal to it.
    pending: dict[tuple[int, int], list[int]] = defaultdict(list)
    for i, e in enumerate(known):
        pending[e].append(i)
    for route in routes:
        queue = pending.get((route.source, route.target))
        if not queue:
            continue
        i = queue.pop(0)
        chain = chains[i]
        flipped = forward[i] != known[i]
        points = []
        for j, k in enumerate(chain):
            r = rank[k]
            if k in placed:
                box = placed[k]
                going_down = j == 0
                points.append((box.centre, box.y + (box.height if going_down else 0.0)))
            else:
                points.append((x[k], tops[r] + heights[r] / 2))
        route.points = points[::-1] if flipped else points
    width = max((p.x + p.width for p in placed.values()), default=0.0) + MARGIN
    height = max(y - RANK_GAP + MARGIN, MARGIN * 2)
    return Layout(placed, routes, width, height, {k: rank[k] for k in keys})


def _acyclic(keys: list[int], edges: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The edges, those closing a cycle reversed (an iterative depth-first search)."""
    out: dict[int, list[int]] = defaultdict(list)
    for s, t in edges:
        out[s].append(t)
    state: dict[int, int] = {}
    back: set[tuple[int, int]] = set()
    for start in keys:
        if start in state:
            continue
        state[start] = 1
        stack = [(start, iter(out[start]))]
        while stack:
            node, targets = stack[-1]
            for t in targets:
                if state.get(t) == 1:
                    back.add((node, t))
                elif t not in state:
                    state[t] = 1
                    stack.append((t, iter(out[t])))
                    break
            else:
                state[node] = 2
                stack.pop()
    return [(t, s) if (s, t) in back else (s, t) for s, t in edges]


def _ranks(keys: list[int], edges: list[tuple[int, int]]) -> dict[int, int]:
    """Longest path from the sources (Kahn's order)."""
    incoming: dict[int, int] = dict.fromkeys(keys, 0)
    out: dict[int, list[int]] = defaultdict(list)
    for s, t in edges:
        out[s].append(t)
        incoming[t] += 1
    rank = dict.fromkeys(keys, 0)
    ready = deque(k for k in keys if incoming[k] == 0)
    order = []
    while ready:
        node = ready.popleft()
        order.append(node)
        for t in out[node]:
            rank[t] = max(rank[t], rank[node] + 1)
            incoming[t] -= 1
            if incoming[t] == 0:
                ready.append(t)
    # Then each box as low as its consumers allow: a branch joining late (a second Input, a
    # side chain) sits just above where it is used, not at the top with a long arrow down.
    for node in reversed(order):
        if out[node]:
            rank[node] = max(rank[node], min(rank[t] for t in out[node]) - 1)
    return rank


def _order(rank: dict[int, int], edges: list[tuple[int, int]]) -> list[list[int]]:
    """Boxes per rank, ordered by barycentre sweeps (fewest crossings kept)."""
    count = max(rank.values(), default=-1) + 1
    layers: list[list[int]] = [[] for _ in range(count)]
    for k in sorted(rank):  # keys are in the order the code made them
        layers[rank[k]].append(k)
    up: dict[int, list[int]] = defaultdict(list)
    down: dict[int, list[int]] = defaultdict(list)
    for s, t in edges:
        down[s].append(t)
        up[t].append(s)
    best, best_crossings = [list(layer) for layer in layers], _crossings(layers, down)
    for sweep in range(SWEEPS):
        indices = range(1, count) if sweep % 2 == 0 else range(count - 2, -1, -1)
        neighbours = up if sweep % 2 == 0 else down
        for r in indices:
            other = layers[r - 1] if sweep % 2 == 0 else layers[r + 1]
            position = {k: i for i, k in enumerate(other)}
            current = {k: i for i, k in enumerate(layers[r])}

            def barycentre(k: int) -> float:
                linked = [position[n] for n in neighbours[k] if n in position]
                return sum(linked) / len(linked) if linked else current[k]  # noqa: B023

            layers[r].sort(key=lambda k: (barycentre(k), current[k]))
        crossings = _crossings(layers, down)
        if crossings < best_crossings:
            best, best_crossings = [list(layer) for layer in layers], crossings
        if best_crossings == 0:
            break
    return best


def _crossings(layers: list[list[int]], down: dict[int, list[int]]) -> int:
    total = 0
    for upper, lower in zip(layers, layers[1:]):
        position = {k: i for i, k in enumerate(lower)}
        pairs = sorted((i, position[t]) for i, s in enumerate(upper) for t in down[s]
                       if t in position)
        seen: list[int] = []  # lower ends so far; count those to the right of each new one
        for _, end in pairs:
            total += sum(1 for e in seen if e > end)
            seen.append(end)
    return total


def _coordinates(layers: list[list[int]], edges: list[tuple[int, int]],
                 widths: dict[int, float]) -> dict[int, float]:
    """Centre x of every box: neighbours' mean, order and gaps kept (see the docstring)."""
    x: dict[int, float] = {}
    for layer in layers:  # each rank centred on 0 to start with
        left = -sum(widths[k] + _gap(widths[k]) for k in layer) / 2
        for k in layer:
            x[k] = left + widths[k] / 2
            left += widths[k] + _gap(widths[k])
    up: dict[int, list[int]] = defaultdict(list)
    down: dict[int, list[int]] = defaultdict(list)
    for s, t in edges:
        down[s].append(t)
        up[t].append(s)
    for sweep in range(SWEEPS):
        order = layers if sweep % 2 == 0 else layers[::-1]
        for layer in order:
            wanted = []
            for k in layer:
                linked = [x[n] for n in up[k] + down[k]]
                wanted.append(sum(linked) / len(linked) if linked else x[k])
            for k, centre in zip(layer, _isotonic(layer, wanted, widths)):
                x[k] = centre
    shift = MARGIN - min((x[k] - widths[k] / 2 for k in x), default=0.0)
    return {k: v + shift for k, v in x.items()}


def _gap(width: float) -> float:
    return BOX_GAP if width else BOX_GAP / 3


def _isotonic(layer: list[int], wanted: list[float], widths: dict[int, float]) -> list[float]:
    """Centres as close as possible (least squares) to ``wanted`` with the rank's order and
    gaps kept: subtract each box's offset from the first, then pool adjacent violators."""
    offsets, offset = [], 0.0
    for i, k in enumerate(layer):
        if i:
            previous = layer[i - 1]
            offset += widths[previous] / 2 + max(_gap(widths[previous]), _gap(widths[k])) + \
                widths[k] / 2
        offsets.append(offset)
    blocks: list[list[float]] = []  # [mean, count]
    for target, off in zip(wanted, offsets):
        blocks.append([target - off, 1.0])
        while len(blocks) > 1 and blocks[-2][0] > blocks[-1][0]:
            mean, n = blocks.pop()
            blocks[-1][0] = (blocks[-1][0] * blocks[-1][1] + mean * n) / (blocks[-1][1] + n)
            blocks[-1][1] += n
    values = [mean for mean, n in blocks for _ in range(int(n))]
    return [v + off for v, off in zip(values, offsets)]
