"""Merge-layer cases for the differential tests of both dialects (test_catalogue_merging,
keras2/test_catalogue_merging_keras2): hand-picked ones per layer and a seeded generator.

A case is ``(src, shapes)``: a layer call as written in Keras code and the list of input shapes
(batch axis first) it is called on, as catalogue_harness.apply does.
"""

from __future__ import annotations

import random

ELEMENTWISE = ["Add()", "Subtract()", "Multiply()", "Average()", "Maximum()", "Minimum()"]

HAND: list[tuple[str, list[tuple]]] = [
    *[(src, shapes) for src in ELEMENTWISE for shapes in (
        [(None, 3), (None, 3)], [(None, 3), (None, 4)], [(None, 3), (None, 1)],
        [(None, None), (None, 4)], [(None, 1), (None, None)], [(None, 2, None), (None, None, 3)],
    )],
    ("Add()", [(None, 3)]), ("Add()", []), ("Subtract()", []), ("Average()", [(None, 2, 3)]),
    ("Add()", [(None, 3), (None, 2, 3)]), ("Add()", [(None, 2, 3), (None, 3)]),
    ("Add()", [(None, 2, 3), (None, 2)]), ("Add()", [(None, 1, 3), (None, 2, 1)]),
    ("Add()", [(None,), (None, 3)]), ("Add()", [(None,), (None,)]),
    ("Add()", [(2, 3), (4, 3)]), ("Add()", [(2, 3), (None, 3)]), ("Add()", [(1, 3), (None, 3)]),
    ("Add()", [(None, 3), (1, 3)]), ("Multiply()", [(None, 3), (2, 3), (3, 3)]),
    ("Add()", [(None, 3), (None, 3), (None, 4)]),
    ("Add()", [(None, 5), (None, 1, 1), (None, 2, 1, 5)]),
    ("Add()", [(None, 2), (None, 3, 1), (None, 4, 1, 1)]),
    ("Add()", [(None, 2), (None, 3, 1), (None, 4, 1, 3)]),
    ("Maximum()", [(None, 4, 1), (None, 1, 5), (None, 4, 5, 1)]),
    ("Subtract()", [(None, 3), (None, 3), (None, 3)]), ("Subtract()", [(None, 3)]),
    ("Subtract()", [(None, 3), (None, 4), (None, 5)]), ("Subtract()", [(None, 3), (None, 1, 3)]),
    ("Add(foo=1)", [(None, 3), (None, 3)]), ("Add(1)", [(None, 3), (None, 3)]),
    ("Add(name='sum')", [(None, 3), (None, 3)]), ("Add(trainable=False)", [(None, 3), (None, 3)]),
    # Concatenate: the axis as written, None matching anything, ranks, the first input's sizes.
    ("Concatenate()", [(None, 3), (None, 4)]), ("Concatenate()", [(None, 3)]),
    ("Concatenate()", []), ("Concatenate()", [(None, 3, 2), (None, 4, 2)]),
    ("Concatenate(axis=1)", [(None, 3, 2), (None, 4, 2)]),
    ("Concatenate(1)", [(None, 3, 2), (None, 4, 3)]),
    ("Concatenate(axis=0)", [(None, 3), (None, 3)]), ("Concatenate(axis=0)", [(2, 3), (5, 3)]),
    ("Concatenate(axis=-2)", [(None, 3, 2), (None, 4, 2)]),
    *[(f"Concatenate(axis={axis})", [(None, 3, 2), (None, 4, 2)]) for axis in (5, 3, -3, -4)],
    *[(f"Concatenate(axis={axis})", [(None, 3, 2), (None, 3, 2)]) for axis in (5, 2, -3)],
    ("Concatenate(axis=2)", [(None, 3), (None, 3, 2)]),
    ("Concatenate(axis=2)", [(None, 3, 2), (None, 3)]),
    ("Concatenate(axis=-3)", [(None, 3, 2), (None, 3)]),
    ("Concatenate(axis=-2)", [(None, 3, 2), (None, 3)]),
    ("Concatenate(axis=5)", [(None, 3, 2)]), ("Concatenate(axis=-4)", [(None, 3, 2)]),
    ("Concatenate()", [(None, 3), (None, 2, 3)]),
    ("Concatenate()", [(None, None, 3), (None, 2, 4)]),
    ("Concatenate()", [(None, None, 3), (None, 2, None)]),
    ("Concatenate()", [(None, 2, 3), (None, 5, 4)]), ("Concatenate()", [(None, 2, 3), (None, 1, 4)]),
    ("Concatenate(axis=1)", [(None, 2, 1), (None, 3, 4)]),
    ("Concatenate()", [(2, 3), (None, 4)]), ("Concatenate()", [(None, 3), (2, 4)]),
    ("Concatenate()", [(2, 3), (4, 4)]),
    ("Concatenate(axis=0)", [(None, 3, 2), (None, 3, 2), (2, 3, 2)]),
    ("Concatenate(axis=1)", [(None, 3, 2), (None, None, 2), (None, 2, 2)]),
    ("Concatenate(axis=1)", [(None, None, 2), (None, 3, 2), (None, 2, 5)]),
    ("Concatenate(axis=1)", [(None, 3, 2), (None, 4, None), (None, 2, 5)]),
    ("Concatenate(axis=True)", [(None, 3, 2), (None, 3, 2)]),
    *[(f"Concatenate(axis={axis})", [(None, 3), (None, 4)])
      for axis in ("'a'", "1.0", "5.0", "None", "(1,)", "(1, 2)")],
    ("Concatenate(axis=5.0)", [(None, 3), (None, 3)]),
    ("Concatenate(-1, foo=2)", [(None, 3), (None, 4)]),
    # Dot: axes int or pair, strict about None, one pair of inputs.
    ("Dot(1)", [(None, 3), (None, 3)]), ("Dot(1)", [(None, 3), (None, 4)]),
    ("Dot(-1)", [(None, 3, 2), (None, 4, 2)]), ("Dot((1, 2))", [(None, 3, 2), (None, 4, 3)]),
    ("Dot(1)", [(None, 3)]), ("Dot(1)", [(None, 3), (None, 3), (None, 3)]), ("Dot(1)", []),
    ("Dot(0)", [(None, 3), (None, 3)]), ("Dot(0)", [(None, 3, 2), (None, 3, 2)]),
    ("Dot(2)", [(None, 3), (None, 3)]), ("Dot(1)", [(None, None), (None, 3)]),
    ("Dot(1)", [(None, None), (None, None)]),
    ("Dot((1, 2, 3))", [(None, 3), (None, 3)]), ("Dot('a')", [(None, 3), (None, 3)]),
    ("Dot(None)", [(None, 3), (None, 3)]), ("Dot(1.0)", [(None, 3), (None, 3)]),
    ("Dot((1, 'a'))", [(None, 3), (None, 3)]), ("Dot()", [(None, 3), (None, 3)]),
    ("Dot(1, normalize=True)", [(None, 3), (None, 3)]), ("Dot(axes=[1, 1])", [(None, 3), (None, 3)]),
    ("Dot(1)", [(None, 3, 4), (None, 3)]), ("Dot(1)", [(None, 3), (None, 3, 4)]),
    ("Dot(-1)", [(None,), (None,)]), ("Dot(1)", [(None,), (None,)]),
    ("Dot(1)", [(2, 3), (4, 3)]), ("Dot(1)", [(2, 3), (None, 3)]), ("Dot(1)", [(None, 3), (2, 3)]),
    ("Dot((-1, -1))", [(None, 3, 2), (None, 4, 2)]), ("Dot((-4, -1))", [(None, 3, 2), (None, 4, 2)]),
    ("Dot((1, 3))", [(None, 3, 2), (None, 4, 2)]), ("Dot((2, 1))", [(None, 3), (None, 3, 2)]),
    ("Dot((1, -3))", [(None, 3), (None, 3, 2)]), ("Dot(-3)", [(None, 3), (None, 3, 2)]),
    ("Dot((0, 1))", [(None, 3, 2), (None, 3, 2)]), ("Dot((1, 0))", [(None, 3, 2), (None, None, 2)]),
    ("Dot(True)", [(None, 3), (None, 3)]), ("Dot(1)", [(None, 3, 4, 5), (None, 3, 6)]),
    ("Dot(2)", [(None, 3, 4, 5), (None, 3, 4)]), ("Dot(1)", [(None, None, 4), (None, None, 2)]),
    ("Dot((2, 1), foo=1)", [(None, 3, 2), (None, 2)]),
]

_SIZES = [None, 1, 2, 3, 4]


def _dim(rng: random.Random) -> int | None:
    return rng.choice(_SIZES)


def _batch(rng: random.Random) -> int | None:
    return rng.choice([None] * 12 + [1, 2, 2, 3])


def _elementwise_case(rng: random.Random) -> tuple[str, list[tuple]]:
    src = rng.choice(ELEMENTWISE)
    count = rng.choice([2, 2, 3, 4] if src != "Subtract()" else [2, 2, 2, 2, 1, 3])
    rank = rng.randint(2, 5)
    base = [_dim(rng) for _ in range(rank - 1)]
    shapes = []
    for _ in range(count):
        dims = [d if rng.random() < 0.8 else rng.choice([1, None, 2, 3, 4]) for d in base]
        if rng.random() < 0.25:  # a lower rank, aligned on the trailing axes
            dims = dims[rng.randint(1, len(dims)):] if len(dims) > 1 else dims
        shapes.append((_batch(rng), *dims))
    return src, shapes


def _concatenate_case(rng: random.Random) -> tuple[str, list[tuple]]:
    rank = rng.randint(2, 5)
    axis = rng.choice([-1, -1, 1, rng.randint(-rank - 1, rank)])
    written = rng.choice(["Concatenate()", "Concatenate(axis=-1)"]) if axis == -1 else \
        rng.choice([f"Concatenate(axis={axis})", f"Concatenate({axis})"])
    base = [_batch(rng)] + [_dim(rng) for _ in range(rank - 1)]
    shapes = []
    for _ in range(rng.choice([1, 2, 2, 3, 4])):
        dims = list(base)
        if -rank <= axis < rank:
            dims[axis] = _dim(rng)  # the joined axis may differ
        if rng.random() < 0.2:  # a mismatch elsewhere, or a free size that matches anything
            position = rng.randrange(rank)
            dims[position] = rng.choice([None, _dim(rng)])
        if rng.random() < 0.08:  # another rank
            dims = dims[:-1] if rank > 2 and rng.random() < 0.5 else [*dims, _dim(rng)]
        shapes.append(tuple(dims))
    return written, shapes


def _dot_case(rng: random.Random) -> tuple[str, list[tuple]]:
    ranks = [rng.randint(2, 5), rng.randint(2, 5)]
    if rng.random() < 0.5:
        axis = rng.randint(-max(ranks), max(ranks) - 1)
        axes = [axis % r if axis < 0 else axis for r in ranks]
        src = rng.choice([f"Dot({axis})", f"Dot(axes={axis})"])
    else:
        axes = [rng.randint(-r, r - 1) for r in ranks]
        if rng.random() < 0.1:
            axes[0] = rng.randint(-ranks[0] - 1, ranks[0])  # possibly out of range
        src = f"Dot(({axes[0]}, {axes[1]}))"
    shapes = [[_batch(rng)] + [_dim(rng) for _ in range(r - 1)] for r in ranks]
    try:
        if rng.random() < 0.7:  # mostly summing matching axes
            shapes[1][axes[1]] = shapes[0][axes[0]]
    except IndexError:
        pass
    if rng.random() < 0.1:
        shapes.append(list(shapes[0]))
    if rng.random() < 0.05:
        shapes = shapes[:1]
    if src.startswith("Dot(") and rng.random() < 0.15:
        src = src[:-1] + ", normalize=True)"
    return src, [tuple(s) for s in shapes]


def random_cases(count: int, seed: int) -> list[tuple[str, list[tuple]]]:
    """``count`` cases, reproducible from ``seed``: element-wise merges, Concatenate and Dot
    on 1-4 inputs of rank 2-5 with sizes from None, 1 and small numbers, batch sizes mostly
    free, axes in and out of range."""
    rng = random.Random(seed)
    makers = [_elementwise_case] * 3 + [_concatenate_case] * 2 + [_dot_case] * 2
    return [rng.choice(makers)(rng) for _ in range(count)]


def with_one_size_unknown(shapes: list[tuple]) -> list[list[tuple]]:
    """Every variant of ``shapes`` where one known size is a size unknown to layerlint (a str:
    fixed in the framework, its value not computed)."""
    variants = []
    for i, shape in enumerate(shapes):
        for j, d in enumerate(shape):
            if isinstance(d, int):
                changed = (*shape[:j], f"s{i}_{j}", *shape[j + 1:])
                variants.append([*shapes[:i], changed, *shapes[i + 1:]])
    return variants


def agrees(found: tuple | None, real: tuple) -> bool:
    """An output computed with some sizes unknown agrees with the real one: same rank, every
    size the same or unknown (a str)."""
    return found is not None and len(found) == len(real) and all(
        f == r or isinstance(f, str) for f, r in zip(found, real))


def unknown_sizes_never_raise(layer, cases) -> int:  # type: ignore[no-untyped-def]
    """On every case ``layer(src, shapes)`` (a dialect's layerlint harness) builds, any one known
    size made unknown gives no error and an output agreeing with the known one wherever it is
    known (unknown is never an error); the number of variants checked."""
    from layerlint.layers.base import Unmodelled

    checked = 0
    for src, shapes in cases:
        real = layer(src, shapes)
        if real.error is not None:
            continue
        for variant in with_one_size_unknown(shapes):
            try:
                found = layer(src, variant)
            except Unmodelled:
                continue
            assert found.error is None, (src, variant)
            assert agrees(found.shape, real.shape), (src, variant, found.shape, real.shape)
            checked += 1
    return checked
