"""Huge number literals are read without an AST node per element (frontends/literals.py), with
the same findings as when every element is parsed; work and memory are counted, not timed
(benchmarks/bench.py measures speed)."""

from __future__ import annotations

import ast
import random
import tracemalloc

import pytest
from work_count import counting_bytecodes

from layerlint import frontends
from layerlint.frontends import literals, parse_source
from layerlint.frontends.source import SourceMap
from layerlint.pipeline import check_source


def _lower_threshold(patch) -> None:
    """Small literals are read apart too, so that short programs exercise the placeholders."""
    patch.setattr(literals, "MIN_CHARACTERS", 30)
    patch.setattr(literals, "_RUN", literals.re.compile(r"\[[-+0-9.eE,\[\]\s]{29,}"))


def _result(source: str, compacting: bool, monkeypatch) -> list[tuple]:
    with monkeypatch.context() as patch:
        if compacting:
            _lower_threshold(patch)
        else:  # every element parsed, as before literals.py
            patch.setattr(frontends, "compact", lambda text: (text, literals.Literals()))
        result = check_source(source, "lit.py")
    return [(d.code, d.span, d.message, d.framework_error, [f.title for f in d.fixes])
            for d in result.diagnostics]


def _number(rng: random.Random, integers: bool) -> str:
    if integers:
        return str(rng.randint(-3, 40))
    return rng.choice(["1.0", "-2.5", "3e2", "0.125", "1E-3", "7", "-0.0"])


def _nested(rng: random.Random, shape: tuple[int, ...], integers: bool, ragged: bool) -> str:
    if not shape:
        return _number(rng, integers)
    count = shape[0] + (rng.randint(0, 1) if ragged and len(shape) > 1 else 0)
    sep = rng.choice([", ", ",", ",\n    ", " , "])
    return "[" + sep.join(_nested(rng, shape[1:], integers, ragged) for _ in range(count)) + "]"


def _program(rng: random.Random) -> str:
    shape = tuple(rng.randint(1, 9) for _ in range(rng.randint(1, 3)))
    integers = rng.random() < 0.5
    literal = _nested(rng, shape, integers, rng.random() < 0.2)
    kind = rng.choice(["np", "list", "torch", "embedding", "string", "subscript", "comment"])
    if kind == "np":
        return ("import numpy as np\nimport keras\n"
                f"x = np.array({literal})\n"
                f"model = keras.Sequential([keras.Input(({rng.randint(1, 6)},)), "
                "keras.layers.Dense(2)])\nmodel.compile('adam', 'mse')\nmodel.fit(x, x)\n")
    if kind == "list":
        return ("import keras\n"
                f"model = keras.Sequential([keras.Input(({rng.randint(1, 6)},)), "
                f"keras.layers.Dense(2)])\nmodel.compile('adam', 'mse')\n"
                f"model.fit({literal}, y=None)\n")
    if kind == "torch":
        return ("import torch\nimport torch.nn as nn\n"
                f"x = torch.tensor({literal})\n"
                f"m = nn.Linear({rng.randint(1, 6)}, 2)\ny = m(x)\n")
    if kind == "embedding":
        return ("import numpy as np\nimport keras\n"
                f"ids = np.array({literal})\n"
                "model = keras.Sequential([keras.layers.Embedding(20, 4), "
                "keras.layers.GlobalAveragePooling1D(), keras.layers.Dense(1)])\n"
                "model.compile('adam', 'mse')\nmodel.fit(ids, np.zeros((len(ids), 1)))\n")
    if kind == "string":  # a literal inside a string is text, not a list
        return ("import numpy as np\nimport keras\n"
                f"s = '''{literal}'''\nx = np.zeros((3, 4))\n"
                "model = keras.Sequential([keras.Input((5,)), keras.layers.Dense(2)])\n"
                "model.predict(x)\n")
    if kind == "subscript":  # a[...] is an index, not a list
        return ("import numpy as np\nimport keras\n"
                f"a = np.zeros((5, 5))\nb = a[{literal}]\n"
                "model = keras.Sequential([keras.Input((5,)), keras.layers.Dense(2)])\n"
                "model.predict(np.zeros((2, 4)))\n")
    return ("import numpy as np\nimport keras\n"
            f"# {literal}\nx = np.array([[1, 2]]) ; y = {literal}\n"
            "model = keras.Sequential([keras.Input((2,)), keras.layers.Dense(2)])\n"
            "model.predict(x)\nmodel.predict(np.array(y))\n")


def test_compacted_literals_give_the_same_findings(monkeypatch):
    """Seeded programs, each checked with every literal read apart (thresholds lowered) and
    with every element parsed: the same findings, spans, messages and fixes."""
    rng = random.Random(2026)
    compacted = 0
    for _ in range(250):
        source = _program(rng)
        expected = _result(source, False, monkeypatch)
        assert _result(source, True, monkeypatch) == expected, source
        with monkeypatch.context() as patch:
            _lower_threshold(patch)
            text, found = literals.compact(source)
            try:
                compacted += bool(found.found) and literals.restore(ast.parse(text), found)
            except SyntaxError:  # the product then parses the text as written
                pass
    assert compacted > 90  # many programs did go through the placeholders


def test_placeholders_keep_every_position():
    numbers = ", ".join(["1.5"] * 8000)
    source = f"import numpy as np\nx = np.array([{numbers}]); y = 'é'\nz = x\n"
    text, found = literals.compact(source)
    assert len(text) == len(source) and text.count("\n") == source.count("\n")
    assert text.endswith("); y = 'é'\nz = x\n") and len(found.found) == 1
    (literal,) = found.found.values()
    assert literal.elements == 8000 and literal.span.line == 2 and literal.span.col == 14
    ir = parse_source(source)
    assert not ir.problems


def test_a_literal_too_large_to_read_gets_a_note(monkeypatch):
    monkeypatch.setattr(literals, "MAX_ELEMENTS", 5000)
    numbers = ", ".join(["1.0"] * 8000)
    source = ("import numpy as np\nimport keras\n"
              f"x = np.array([{numbers}])\n"
              "model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(1)])\n"
              "model.compile('adam', 'mse')\nmodel.fit(x, x)\n")
    result = check_source(source, "big.py")
    notes = [d for d in result.diagnostics if d.code == "LL902" and "literal" in d.message]
    assert [n.message for n in notes] == [
        "a literal of 8,000 numbers is more than the 5,000 layerlint reads: its shape is not "
        "followed"]
    assert notes[0].span.line == 3 and notes[0].severity == "info"
    assert not [d for d in result.diagnostics if d.severity == "error"]  # unknown: silent


def _literal_source(elements: int, width: int = 10) -> str:
    rows = ", ".join("[" + ", ".join(["0.5"] * width) + "]" for _ in range(elements // width))
    return ("import numpy as np\nimport keras\n"
            f"x = np.array([{rows}])\n"
            f"model = keras.Sequential([keras.Input(({width + 2},)), keras.layers.Dense(1)])\n"
            "model.compile('adam', 'mse')\nmodel.fit(x, x)\n")


@pytest.mark.parametrize("width, most", [(1000, 2), (100, 10)])
def test_a_literal_costs_little_python_work_per_number(width, most):
    """Bytecodes in layerlint's code for 12,000 more numbers: work per row (the nesting: each
    row is a list), none per number. Before literals.py every number was a node the
    interpreter evaluated: 107 bytecodes per number in rows of 100, 158 in rows of 10."""
    small, large = _literal_source(4_000, width), _literal_source(16_000, width)
    parse_source(small)
    with counting_bytecodes() as few:
        parse_source(small)
    with counting_bytecodes() as many:
        parse_source(large)
    per_number = (many.executed - few.executed) / 12_000
    assert per_number <= most, (few.executed, many.executed)


def test_a_literal_is_not_held_as_nodes():
    """Peak memory of the front end on a 200,000-number literal: ast.parse alone would hold
    about 1 KB per number (200 MB); read apart, the numbers are a list of floats."""
    source = _literal_source(200_000)
    tracemalloc.start()
    try:
        file_ir = parse_source(source)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 40 * 2**20, peak / 2**20
    assert not file_ir.problems


@pytest.mark.parametrize("line", ["x = 'é€😀' + str([1, 2])  # ñ", "\tü = [é for é in 'aé']",
                                  "s = '\\u2028'  # 😀😀 x"])
def test_columns_of_wide_characters(line):
    """SourceMap converts UTF-8 byte columns with a per-line index (no re-decoding of the line
    for every node: that made one long non-ASCII line quadratic)."""
    smap = SourceMap(line + "\n")
    encoded = line.encode()
    for byte_col in range(len(encoded) + 1):
        try:
            expected = len(encoded[:byte_col].decode()) + 1
        except UnicodeDecodeError:
            continue  # inside a character: ast never points there
        assert smap._char_col(1, byte_col) == expected
