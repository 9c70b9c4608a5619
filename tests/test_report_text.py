"""The text report: ruff's layout, code frames, notes, help, closing lines, notebooks, colours."""

from __future__ import annotations

import io

from layerlint.diagnostics import Diagnostic, Edit, Fix, Related
from layerlint.ir import Span
from layerlint.report.common import Style, location, use_colour
from layerlint.report.text import format_diagnostic, summary_lines
from layerlint.results import FileResult

SEED2 = """\
import numpy as np
from tensorflow import keras

model = keras.Sequential([
    keras.layers.LSTM(64, return_sequences=True, input_shape=(10, 5)),
    keras.layers.Flatten(),
    keras.layers.LSTM(32)
])
"""


def seed2_finding() -> Diagnostic:
    return Diagnostic(
        code="LL101",
        severity="error",
        span=Span(7, 5, 7, 26),
        message="LSTM expects a 3-D input (batch, timesteps, features) but receives (None, 640)",
        model="model",
        layer=2,
        stage="construct",
        framework_error="ValueError: Input 0 of layer \"lstm_1\" is incompatible with the layer:\n"
        "expected ndim=3, found ndim=2. Full shape received: (None, 640)",
        related=[Related(Span(6, 5, 6, 27), "Flatten produces (None, 640) here")],
        fixes=[
            Fix("Remove the Flatten layer", [Edit(6, 1, 7, 1, "")], safe=True),
            Fix("Replace LSTM(32) by Dense(32)", [Edit(7, 5, 7, 26, "keras.layers.Dense(32)")],
                safe=False),
        ],
    )


def test_diagnostic_block_has_ruff_layout():
    result = FileResult("seed2.py", SEED2, diagnostics=[seed2_finding()])
    text = format_diagnostic(result, result.diagnostics[0])
    assert text == (
        "seed2.py:7:5: LL101 [*] LSTM expects a 3-D input (batch, timesteps, features) but "
        "receives (None, 640)\n"
        "  |\n"
        "5 |     keras.layers.LSTM(64, return_sequences=True, input_shape=(10, 5)),\n"
        "6 |     keras.layers.Flatten(),\n"
        "7 |     keras.layers.LSTM(32)\n"
        "  |     ^^^^^^^^^^^^^^^^^^^^^ LL101\n"
        "8 | ])\n"
        "  |\n"
        '  = keras: ValueError: Input 0 of layer "lstm_1" is incompatible with the layer:\n'
        "           expected ndim=3, found ndim=2. Full shape received: (None, 640)\n"
        "  = note: Flatten produces (None, 640) here (seed2.py:6:5)\n"
        "  = help: Remove the Flatten layer\n"
        "  = help: Replace LSTM(32) by Dense(32) (unsafe fix)\n"
    )


def test_multiline_span_underlines_every_line_and_gutter_widens():
    source = "\n" * 8 + "model = Sequential([\n    Dense(3),\n])\nx = 1\n"
    d = Diagnostic("LL110", "error", Span(9, 9, 11, 3), "no layers")
    text = format_diagnostic(FileResult("m.py", source, diagnostics=[d]), d)
    lines = text.splitlines()
    assert lines[0] == "m.py:9:9: LL110 no layers"
    assert lines[1:8] == [
        "   |",
        " 9 | model = Sequential([",
        "   |         ^^^^^^^^^^^^",
        "10 |     Dense(3),",
        "   |     ^^^^^^^^^",
        "11 | ])",
        "   | ^^ LL110",
    ]


def test_only_unsafe_fix_is_not_marked_fixable_unless_unsafe_fixes():
    d = Diagnostic("LL102", "error", Span(1, 1, 1, 2), "m",
                   fixes=[Fix("change units", [Edit(1, 1, 1, 2, "y")], safe=False)])
    result = FileResult("a.py", "x = 1\n", diagnostics=[d])
    assert "[*]" not in format_diagnostic(result, d).splitlines()[0]
    assert "[*]" in format_diagnostic(result, d, unsafe_fixes=True).splitlines()[0]


def test_tabs_are_expanded_and_carets_follow():
    d = Diagnostic("LL401", "warning", Span(2, 2, 2, 7), "m")
    result = FileResult("a.py", "if x:\n\tDense(3)\n", diagnostics=[d])
    lines = format_diagnostic(result, d).splitlines()
    assert lines[3] == "2 |     Dense(3)"
    assert lines[4] == "  |     ^^^^^ LL401"


def test_notebook_location_names_the_cell():
    # cells: 1 code (2 lines), 2 markdown, 3 code (3 lines): offsets [0, 2, 2]
    source = "import keras\nx = 1\nmodel = keras.Sequential()\nmodel.add(1)\nmodel.fit(x)\n"
    result = FileResult("nb.ipynb", source, cell_offsets=[0, 2, 2])
    assert location(result, 4, 5) == "nb.ipynb:cell 3:2:5"
    assert location(result, 2, 1) == "nb.ipynb:cell 1:2:1"
    d = Diagnostic("LL201", "error", Span(4, 1, 4, 13), "bad")
    lines = format_diagnostic(result, d).splitlines()
    assert lines[0] == "nb.ipynb:cell 3:2:1: LL201 bad"
    # the frame stays inside the cell and numbers lines as the cell does
    assert lines[2:4] == ["1 | model = keras.Sequential()", "2 | model.add(1)"]
    assert not any("x = 1" in line for line in lines)


def test_summary_lines_like_ruff():
    assert summary_lines({"error": 0, "warning": 0, "info": 0}) == ["All checks passed!"]
    assert summary_lines({"error": 1, "warning": 0, "info": 0}) == ["Found 1 error."]
    assert summary_lines({"error": 2, "warning": 1, "info": 0}, fixable=2) == [
        "Found 2 errors and 1 warning.",
        "[*] 2 fixable with the `--fix` option.",
    ]
    assert summary_lines({"error": 0, "warning": 0, "info": 0}, fixed=2) == [
        "Found 2 errors (2 fixed, 0 remaining).",
    ]
    assert summary_lines({"error": 0, "warning": 0, "info": 0}, hidden_info=3) == [
        "All checks passed!",
        "3 info notes hidden (show with `--show-info`).",
    ]
    assert summary_lines({"error": 1, "warning": 0, "info": 0}, hidden_unsafe=1)[1] == (
        "(1 hidden fix can be enabled with the `--unsafe-fixes` option)."
    )
    assert summary_lines({"error": 1, "warning": 0, "info": 0}, hidden_unsafe=19)[1] == (
        "(19 hidden fixes can be enabled with the `--unsafe-fixes` option)."
    )


def test_fix_summary_counts_each_severity():
    # errors and warnings found = remaining + fixed, worded as the plain check words them
    counts = {"error": 2, "warning": 0, "info": 0}
    assert summary_lines(counts, fixed={"error": 3, "warning": 1}) == [
        "Found 5 errors and 1 warning (4 fixed, 2 remaining).",
    ]
    assert summary_lines({"error": 0, "warning": 1, "info": 0}, fixed={"warning": 1}) == [
        "Found 2 warnings (1 fixed, 1 remaining).",
    ]
    assert summary_lines({"error": 0, "warning": 0, "info": 0}, fixed={}) == ["All checks passed!"]


class FakeTTY(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_colours_only_on_a_tty_and_env_overrides(monkeypatch):
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.delenv("FORCE_COLOR", raising=False)
    monkeypatch.setenv("TERM", "xterm")
    assert use_colour(FakeTTY()) is True
    assert use_colour(io.StringIO()) is False
    monkeypatch.setenv("NO_COLOR", "1")
    assert use_colour(FakeTTY()) is False
    monkeypatch.delenv("NO_COLOR")
    monkeypatch.setenv("FORCE_COLOR", "1")
    assert use_colour(io.StringIO()) is True


def test_coloured_output_has_the_same_text_without_escapes():
    result = FileResult("seed2.py", SEED2, diagnostics=[seed2_finding()])
    plain = format_diagnostic(result, result.diagnostics[0])
    coloured = format_diagnostic(result, result.diagnostics[0], Style(True))
    assert "\x1b[" in coloured
    import re

    assert re.sub(r"\x1b\[[0-9;]*m", "", coloured) == plain


def test_the_count_line_lists_three_severities_with_a_comma():
    from layerlint.report.text import counted

    assert counted({"error": 1, "warning": 1, "info": 1}) == "1 error, 1 warning and 1 note"
    assert counted({"error": 2, "warning": 3}) == "2 errors and 3 warnings"
    assert counted({"info": 2}) == "2 notes"
