"""The report's own graph layout (report/layout.py) and what a picture shows (picture.py, svg.py):
boxes never overlap, data flows down, barycentre ordering removes avoidable crossings, long
edges bend round ranks, cycles are drawn; repeated blocks collapse only when identical; shapes
print as the framework prints them and wrap. Seeded random graphs for the layout's invariants."""

from __future__ import annotations

import random
from pathlib import Path

from layerlint.pipeline import check_file, check_source
from layerlint.report.layout import Box, _crossings, layout
from layerlint.report.picture import model_picture
from layerlint.report.svg import render_svg, shape_text, wrap_shape

SCRIPTS = Path(__file__).parent / "report_scripts"


def overlapping(placed: dict) -> list:
    items = list(placed.items())
    return [(a, b) for i, (a, p) in enumerate(items) for b, q in items[i + 1:]
            if p.x < q.x + q.width and q.x < p.x + p.width and p.y < q.y + q.height
            and q.y < p.y + p.height]


def random_dag(seed: int) -> tuple[list[Box], list[tuple[int, int]]]:
    rng = random.Random(seed)
    n = rng.randint(2, 40)
    boxes = [Box(i, rng.choice((80.0, 120.0, 200.0)), rng.choice((40.0, 62.0))) for i in range(n)]
    edges = [(rng.randrange(i), i) for i in range(1, n)]  # connected
    edges += [(a, b) for a, b in ((rng.randrange(n), rng.randrange(n)) for _ in range(n // 3))
              if a < b]
    return boxes, edges


def test_random_dags_no_overlap_edges_go_down_routes_join_their_boxes() -> None:
    for seed in range(300):
        boxes, edges = random_dag(seed)
        drawn = layout(boxes, edges)
        assert not overlapping(drawn.boxes), seed
        assert all(p.x >= 0 and p.x + p.width <= drawn.width and p.y + p.height <= drawn.height
                   for p in drawn.boxes.values())
        for (s, t), route in zip(edges, drawn.routes, strict=True):
            assert drawn.ranks[t] > drawn.ranks[s]
            assert len(route.points) == drawn.ranks[t] - drawn.ranks[s] + 1
            source, target = drawn.boxes[s], drawn.boxes[t]
            assert route.points[0] == (source.centre, source.y + source.height)
            assert route.points[-1] == (target.centre, target.y)
            ys = [y for _, y in route.points]
            assert ys == sorted(ys)


def test_ranks_are_longest_paths_and_a_chain_is_straight() -> None:
    drawn = layout([Box(i, 100, 40) for i in range(5)], [(0, 1), (1, 2), (2, 3), (3, 4), (0, 4)])
    assert [drawn.ranks[i] for i in range(5)] == [0, 1, 2, 3, 4]
    chain = layout([Box(i, 100 + 20 * i, 40) for i in range(4)], [(0, 1), (1, 2), (2, 3)])
    assert len({round(p.centre, 6) for p in chain.boxes.values()}) == 1


def test_barycentre_ordering_removes_avoidable_crossings() -> None:
    # made in an order that crosses: 0->3, 1->2 with 2 before 3 in the next rank
    drawn = layout([Box(i, 100, 40) for i in range(4)], [(0, 3), (1, 2)])
    left = sorted(drawn.boxes, key=lambda k: drawn.boxes[k].x)
    top, bottom = [k for k in left if k < 2], [k for k in left if k >= 2]
    assert (top.index(0) < top.index(1)) == (bottom.index(3) < bottom.index(2))
    assert _crossings([[0, 1], [2, 3]], {0: [3], 1: [2]}) == 1
    assert _crossings([[0, 1], [3, 2]], {0: [3], 1: [2]}) == 0


def test_a_cycle_is_drawn_with_the_back_edge_reversed() -> None:
    drawn = layout([Box(i, 100, 40) for i in range(3)], [(0, 1), (1, 2), (2, 1)])
    back, one, two = drawn.routes[2], drawn.boxes[1], drawn.boxes[2]
    assert back.points[0] == (two.centre, two.y)  # from 2's top up to 1's bottom
    assert back.points[-1] == (one.centre, one.y + one.height)
    assert not overlapping(drawn.boxes)


def test_shapes_as_each_framework_prints_them_and_long_ones_wrap() -> None:
    assert shape_text((None, 10, 64), "keras") == "(None, 10, 64)"
    assert shape_text((5,), "keras") == "(5,)"
    assert shape_text((8, 16, "?"), "torch") == "[8, 16, ?]"
    assert shape_text(None, "torch") == "?"
    assert shape_text((None, "train@7", 3), "keras") == "(None, train@7, 3)"
    long = "(None, 128, 128, 64, 3, 7, 9)"
    lines = wrap_shape(long)
    assert len(lines) == 2 and "".join(lines).replace(",", ", ").replace(",  ", ", ") == long
    assert all(len(line) <= 22 for line in lines)


def test_identical_blocks_collapse_and_different_ones_do_not() -> None:
    result = check_file(str(SCRIPTS / "keras_repeated_blocks.py"))
    picture = model_picture(result.models[0], result.diagnostics)
    assert [(r.count, len(r.boxes)) for r in picture.repeats] == [(10, 2)]
    assert len([b for b in picture.boxes if b.role == "layer"]) == 4
    varied = "\n".join(["import keras", "from keras import layers", "model = keras.Sequential(["
                        "keras.Input(shape=(8,)),"] + [f"layers.Dense({n})," for n in
                                                      (4, 5, 6, 7, 8)] + ["])"])
    result = check_source(varied)
    assert model_picture(result.models[0], result.diagnostics).repeats == []
    three = varied.replace("(4)", "(8)").replace("(5)", "(8)").replace("(6)", "(8)")
    result = check_source(three)
    picture = model_picture(result.models[0], result.diagnostics)
    assert [r.count for r in picture.repeats] == [3]  # Dense(8) on 8 features, three times


def test_residual_torch_blocks_collapse_with_the_shortcut_kept() -> None:
    result = check_file(str(SCRIPTS / "torch_residual.py"))
    picture = model_picture(result.models[0], result.diagnostics)
    assert [(r.count, r.first) for r in picture.repeats] == [(4, "blocks.0.conv1")]
    kept = picture.repeats[0].boxes
    adds = [b for b in picture.boxes if b.type == "Add"]
    assert len(adds) == 1 and adds[0].key in kept
    into_add = [e for e in picture.edges if e.target == adds[0].key]
    assert len(into_add) == 2  # the block's output and the shortcut
    out_of_add = [e for e in picture.edges if e.source == adds[0].key]
    assert [picture.boxes[[b.key for b in picture.boxes].index(e.target)].type
            for e in out_of_add] == ["Flatten"]


def test_a_failing_layer_breaks_a_run_and_is_marked() -> None:
    source = (SCRIPTS / "keras_repeated_blocks.py").read_text().replace(
        "layers.Dense(10, activation=\"softmax\")", "layers.LSTM(10)")
    result = check_source(source)
    picture = model_picture(result.models[0], result.diagnostics)
    failing = [b for b in picture.boxes if b.findings]
    assert [(b.type, b.findings[0].code) for b in failing] == [("LSTM", "LL101")]
    svg = render_svg(picture, "keras", {})
    assert svg.count("ll-failing") == 1 and "\u2716 LL101" in svg


def test_subclassed_and_uncalled_models_have_no_guessed_edges() -> None:
    source = "\n".join([
        "import torch.nn as nn", "class Net(nn.Module):", "    def __init__(self):",
        "        super().__init__()", "        self.a = nn.Linear(4, 8)",
        "        self.b = nn.Linear(8, 2)", "    def forward(self, x):",
        "        return self.b(self.a(x))", "model = Net()"])
    result = check_source(source)
    picture = model_picture(result.models[0], result.diagnostics)
    assert picture.edges == [] and "no input reaches this model" in (picture.note or "")
    assert [b.name for b in picture.boxes] == ["a", "b"]


def test_subclassed_keras_model_is_drawn_from_its_call() -> None:
    result = check_file(str(SCRIPTS / "keras_subclassed.py"))
    model, broken = result.models
    picture = model_picture(model, result.diagnostics)
    types = [b.type for b in picture.boxes]
    assert types.count("Dense") == 3 and "keras.ops.add" in types and "Dropout" in types
    add = next(b for b in picture.boxes if b.type == "keras.ops.add")
    assert add.role == "op" and len([e for e in picture.edges if e.target == add.key]) == 2
    picture = model_picture(broken, result.diagnostics)
    assert [(b.type, [d.code for d in b.findings]) for b in picture.boxes if b.findings] == \
        [("LSTM", ["LL101"])]
