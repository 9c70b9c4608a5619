"""The Keras 3 layer catalogue on the TensorFlow backend: a seeded sample of every entry's cases
from the catalogue suites (test_catalogue_*.py: hand-picked lists, grids, seeded random cases),
each layer built in real Keras 3 on TensorFlow (differential/keras_tf_runner.py, one subprocess)
as ``Sequential([Input(batch_shape), layer])`` (catalogue_harness.py) against the entry: the
outcome (error at creation / when built, output shape, parameters) and Keras' message."""

from __future__ import annotations

import functools
import importlib
import itertools
import random
import re
from pathlib import Path

import pytest
from catalogue_harness import (
    Outcome,
    layerlint_error,
    layerlint_layer,
    parse_call,
    snake,
    sorted_sets,
)
from differential.keras_tf_runner import run_layers_tf

from layerlint.layers.base import LayerError, Unmodelled, bind, lookup

pytestmark = pytest.mark.keras3

PER_LAYER = 4  # cases per catalogue entry, drawn by a seeded Random
SUITES = sorted(p.stem for p in Path(__file__).parent.glob("test_catalogue_*.py")
                if p.stem not in ("test_catalogue_tf_backend", "test_catalogue_messages"))


def _in_catalogue(src: str, shape: object) -> bool:
    try:
        return isinstance(shape, tuple) and lookup("keras", parse_call(src).kind) is not None
    except (SyntaxError, ValueError, AssertionError, AttributeError):
        return False


def _suite_cases(module: object) -> set[tuple[str, tuple]]:
    """(src, shape) pairs of a suite: its lists of cases, and its lists of layer sources
    crossed with its SHAPES."""
    found: set[tuple[str, tuple]] = set()
    shapes = [s for s in getattr(module, "SHAPES", []) if isinstance(s, tuple)]
    for name, value in vars(module).items():
        if not name.isupper() or not isinstance(value, list) or not value:
            continue
        if all(isinstance(v, tuple) and len(v) >= 2 and isinstance(v[0], str) for v in value):
            found |= {(v[0], v[1]) for v in value if _in_catalogue(v[0], v[1])}
        elif all(isinstance(v, str) for v in value):
            found |= {(s, shape) for s, shape in itertools.product(value, shapes)
                      if _in_catalogue(s, shape)}
    return found


@functools.lru_cache(maxsize=1)
def _cases() -> list[tuple[str, tuple]]:
    every: set[tuple[str, tuple]] = set()
    for suite in SUITES:
        every |= _suite_cases(importlib.import_module(suite))
    by_layer: dict[str, list[tuple[str, tuple]]] = {}
    for src, shape in sorted(every, key=repr):
        by_layer.setdefault(parse_call(src).kind, []).append((src, shape))
    rng = random.Random(20261207)
    return [case for kind in sorted(by_layer)
            for case in rng.sample(by_layer[kind], min(PER_LAYER, len(by_layer[kind])))]


@functools.lru_cache(maxsize=1)
def _runs() -> list[tuple[Outcome, str | None]]:
    return run_layers_tf(_cases())


def _unnamed(message: str) -> str:
    message = sorted_sets(re.sub(r"\x1b\[[0-9;]*m", "", message))  # sets print in hash order
    return re.sub(r"(of layer |of ')'?[a-z_]+?(_\d+)?'", r"\1'<name>'", message)


def _binds(src: str) -> bool:
    """Messages of argument binding (base.bind) are left to its own tests, as
    test_catalogue_messages.py leaves them: those are the entries' messages compared."""
    call = parse_call(src)
    try:
        bind(lookup("keras", call.kind), call, snake(call.kind))
    except LayerError:
        return False
    return True


def test_tf_backend_catalogue_agrees_with_keras() -> None:
    failures = []
    kinds = set()
    for (src, shape), (theirs, message) in zip(_cases(), _runs()):
        kinds.add(parse_call(src).kind)
        try:
            mine = layerlint_layer(src, shape)
        except Unmodelled:
            continue  # layerlint claims nothing (the catalogue suites pin that it says so)
        if mine != theirs:
            failures.append(f"{src} on {shape}: layerlint {mine}, TensorFlow {theirs}")
        elif message is not None and _binds(src):
            ours = layerlint_error(src, shape).framework
            kind, _, text = ours.partition(": ")
            if not (message.startswith(kind) and _unnamed(text) in _unnamed(message)):
                failures.append(f"{src} on {shape}: layerlint {ours!r}\n  TensorFlow {message!r}")
    print(f"{len(_cases())} catalogue cases of {len(kinds)} entries compared on TensorFlow")
    assert len(kinds) >= 60 and len(_cases()) >= 200, (len(kinds), len(_cases()))
    assert not failures, f"{len(failures)} disagree:\n" + "\n".join(failures[:8])
