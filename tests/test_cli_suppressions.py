"""Inline suppressions: `# layerlint: ignore[...]`, `# noqa: ...`, on a finding's first/last line."""

from __future__ import annotations

import pytest

from layerlint.diagnostics import Diagnostic
from layerlint.ir import Span
from layerlint.suppressions import apply_suppressions, parse_comment


def finding(code: str, line: int, end_line: int | None = None) -> Diagnostic:
    return Diagnostic(code, "error", Span(line, 1, end_line or line, 5), "m")


@pytest.mark.parametrize(
    ("comment", "expected"),
    [
        ("# layerlint: ignore[LL101, LL201]", frozenset({"LL101", "LL201"})),
        ("#layerlint:ignore[ll101]", frozenset({"LL101"})),
        ("# layerlint: ignore", None),
        ("# noqa: LL101", frozenset({"LL101"})),
        ("# noqa:LL101,LL202", frozenset({"LL101", "LL202"})),
        ("# noqa", None),
        ("# NOQA", None),
        ("# a comment about noqa-like things", False),
        ("# layerlint is great", False),
    ],
)
def test_parse_comment(comment, expected):
    assert parse_comment(comment) == expected


def test_suppress_on_first_or_last_line_of_the_span():
    source = (
        "model = Sequential([  # layerlint: ignore[LL110]\n"
        "    Dense(3),\n"
        "])  # noqa: LL101\n"
        "model.fit(x)  # noqa\n"
        "other(x)\n"
    )
    kept = apply_suppressions(source, [
        finding("LL110", 1, 3),   # first line
        finding("LL101", 1, 3),   # last line
        finding("LL102", 2, 2),   # inner line: not silenced
        finding("LL201", 4),      # bare noqa silences everything
        finding("LL202", 5),
        finding("LL102", 1, 3),   # first line silences LL110 only, last line LL101 only
    ])
    assert [(d.code, d.span.line) for d in kept] == [("LL102", 2), ("LL202", 5), ("LL102", 1)]


def test_hash_inside_a_string_is_not_a_comment():
    source = 'x = "# noqa"\n'
    assert len(apply_suppressions(source, [finding("LL201", 1)])) == 1


def test_unparsable_source_still_honours_comments():
    source = "model.fit(x  # noqa: LL201\n"
    assert apply_suppressions(source, [finding("LL201", 1)]) == []
