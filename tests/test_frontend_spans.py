"""Spans: 1-based lines, 1-based character columns, end exclusive (ruff's convention).

Every test reads back the text a span covers and compares it with the expression it should cover,
so byte/character confusions (non-ASCII text before a call) show up as wrong text.
"""

from __future__ import annotations

import re

import pytest

from layerlint.frontends import parse_source
from layerlint.ir import Span


def text_at(source: str, span: Span) -> str:
    lines = re.split(r"\r\n|\r|\n", source)
    if span.line == span.end_line:
        return lines[span.line - 1][span.col - 1 : span.end_col - 1]
    parts = [lines[span.line - 1][span.col - 1 :]]
    parts += lines[span.line : span.end_line - 1]
    parts.append(lines[span.end_line - 1][: span.end_col - 1])
    return "\n".join(parts)


PREFIXES = [
    "",
    'note = "naïve café"; ',
    'note = "日本語のテキスト"; ',
    'note = "emoji 🤖🧠 here"; ',
    "\t",
]


@pytest.mark.parametrize("prefix", PREFIXES)
def test_spans_cover_their_text_after_non_ascii(prefix: str) -> None:
    indent = "if True:\n" if prefix == "\t" else ""
    source = (
        "import numpy as np\nfrom tensorflow import keras\n"
        f"{indent}{prefix}model = keras.Sequential([keras.layers.Dense(4, activation='relu')])\n"
        f"{indent}{prefix}data = np.random.rand(8, 3)\n"
        f"{indent}{prefix}model.compile(optimizer='adam', loss='mse')\n"
        f"{indent}{prefix}model.fit(data, np.zeros((8, 4)), epochs=2)\n"
    )
    ir = parse_source(source)
    assert not ir.problems
    (model,) = ir.models
    construct, compile_, fit = model.events
    dense = construct.layers[0]
    assert text_at(source, model.span) == (
        "keras.Sequential([keras.layers.Dense(4, activation='relu')])"
    )
    assert text_at(source, construct.list_span) == "[keras.layers.Dense(4, activation='relu')]"
    assert text_at(source, dense.span) == "keras.layers.Dense(4, activation='relu')"
    assert text_at(source, dense.func_span) == "keras.layers.Dense"
    assert text_at(source, dense.arg_spans[0]) == "4"
    assert text_at(source, dense.arg_spans["activation"]) == "'relu'"
    assert text_at(source, dense.kwarg_spans["activation"]) == "activation='relu'"
    assert text_at(source, compile_.span) == "model.compile(optimizer='adam', loss='mse')"
    assert text_at(source, compile_.loss_span) == "'mse'"
    assert text_at(source, fit.span) == "model.fit(data, np.zeros((8, 4)), epochs=2)"
    assert text_at(source, fit.x.span) == "data"
    assert text_at(source, fit.x.origin) == "np.random.rand(8, 3)"
    assert text_at(source, fit.y.span) == "np.zeros((8, 4))"
    assert fit.y.origin == fit.y.span


def test_columns_count_characters_not_bytes() -> None:
    source = 'é = "ü"; import keras; m = keras.Sequential()\n'
    (model,) = parse_source(source).models
    assert model.span.col == source.index("keras.Sequential") + 1
    assert model.span.end_col == len(source.rstrip("\n")) + 1


def test_multi_line_spans() -> None:
    source = (
        "import keras\n"
        "model = keras.Sequential([\n"
        "    keras.layers.LSTM(\n"
        "        64,\n"
        "        return_sequences=True,\n"
        "    ),\n"
        "])\n"
    )
    (model,) = parse_source(source).models
    lstm = model.events[0].layers[0]
    assert (lstm.span.line, lstm.span.end_line) == (3, 6)
    assert text_at(source, lstm.span).startswith("keras.layers.LSTM(") and text_at(
        source, lstm.span
    ).endswith(")")
    assert text_at(source, lstm.kwarg_spans["return_sequences"]) == "return_sequences=True"
    assert model.events[0].list_span == Span(2, 26, 7, 2)


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
def test_line_endings(newline: str) -> None:
    source = newline.join(
        ["import keras", "", "model = keras.Sequential()", "model.add(keras.layers.Dense(2))", ""]
    )
    (model,) = parse_source(source).models
    construct, add = model.events
    assert construct.span.line == 3 and add.span.line == 4
    assert text_at(source, add.layer.span) == "keras.layers.Dense(2)"


def test_opaque_and_validation_spans() -> None:
    source = (
        "import numpy as np, keras\n"
        "xv, yv = np.zeros((5, 3)), np.zeros((5, 1))\n"
        "model = keras.Sequential([keras.layers.Dense(1)])\n"
        "model.fit(np.zeros((9, 3)), np.zeros((9, 1)), validation_data=(xv, yv))\n"
        "tune(model)\n"
    )
    (model,) = parse_source(source).models
    fit, opaque = model.events[1:]
    xv, yv = fit.validation_data
    assert (text_at(source, xv.span), text_at(source, yv.span)) == ("xv", "yv")
    assert text_at(source, xv.origin) == "np.zeros((5, 3))"
    assert text_at(source, opaque.span) == "tune(model)"


def test_problem_span_points_at_the_syntax_error() -> None:
    source = "import keras\nmodel = keras.Sequential([\n    keras.layers.Dense(1) keras.layers.Dense(2)\n])\n"
    (problem,) = parse_source(source).problems
    assert problem.code == "LL900" and problem.severity == "error"
    assert problem.span.line == 3
    assert "\n" not in problem.message
    assert problem.message.startswith("cannot parse: invalid syntax")
