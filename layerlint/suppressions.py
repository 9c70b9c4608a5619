"""Inline suppressions, applied after analysis.

``# layerlint: ignore[LL101, LL201]`` and ``# noqa: LL101, LL201`` silence those codes;
``# layerlint: ignore`` and a bare ``# noqa`` silence every code. The comment may sit on the
first or the last line of the finding's span (a finding on a multi-line ``Sequential([...])``
can be silenced on either end).
"""

from __future__ import annotations

import io
import re
import tokenize
from dataclasses import dataclass

from .diagnostics import Diagnostic

ALL = None  # a suppression without codes

_LAYERLINT = re.compile(
    r"#\s*layerlint\s*:\s*ignore\b(?:\s*\[(?P<codes>[^\]]*)\])?", re.IGNORECASE
)
_NOQA = re.compile(
    r"#\s*noqa\b(?:\s*:\s*(?P<codes>[A-Z]+[0-9]+(?:[\s,]+[A-Z]+[0-9]+)*))?", re.IGNORECASE
)
_CODE = re.compile(r"[A-Za-z]+[0-9]+")
_ODD_BREAKS = re.compile("[\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")


@dataclass(frozen=True)
class Suppression:
    line: int
    codes: frozenset[str] | None  # None: every code

    def covers(self, code: str) -> bool:
        return self.codes is None or code in self.codes


def _comments(source: str) -> list[tuple[int, str]]:
    """(line, comment text) of every comment; falls back to a plain scan if tokenizing fails."""
    try:
        tokens = tokenize.generate_tokens(io.StringIO(source).readline)
        return [(t.start[0], t.string) for t in tokens if t.type == tokenize.COMMENT]
    except (tokenize.TokenError, SyntaxError, ValueError, RecursionError, MemoryError):
        out = []
        for number, line in enumerate(source.splitlines(), start=1):
            if "#" in line:
                out.append((number, line[line.index("#"):]))
        return out


def parse_comment(comment: str) -> frozenset[str] | None | bool:
    """The codes a comment suppresses, ALL (None) for all codes, or False if it suppresses none."""
    for pattern in (_LAYERLINT, _NOQA):
        match = pattern.search(comment)
        if match:
            codes = match.group("codes")
            if codes is None or not codes.strip():
                return ALL
            return frozenset(c.upper() for c in _CODE.findall(codes))
    return False


def find_suppressions(source: str) -> dict[int, list[Suppression]]:
    by_line: dict[int, list[Suppression]] = {}
    for line, comment in _comments(source):
        codes = parse_comment(comment)
        if codes is not False:
            by_line.setdefault(line, []).append(Suppression(line, codes))  # type: ignore[arg-type]
    return by_line


def is_suppressed(d: Diagnostic, suppressions: dict[int, list[Suppression]]) -> bool:
    for line in {d.span.line, d.span.end_line}:
        if any(s.covers(d.code) for s in suppressions.get(line, ())):
            return True
    return False


def apply_suppressions(source: str, diagnostics: list[Diagnostic]) -> list[Diagnostic]:
    """The diagnostics that no inline comment silences."""
    if "#" not in source or not diagnostics or not _may_suppress(source, diagnostics):
        return list(diagnostics)
    suppressions = find_suppressions(source)
    return [d for d in diagnostics if not is_suppressed(d, suppressions)]


def _may_suppress(source: str, diagnostics: list[Diagnostic]) -> bool:
    """Whether a line a finding starts or ends on holds the text of a suppression: a comment
    is part of its line, so tokenizing (the file's whole Python-level scan) is needed only
    then."""
    if _LAYERLINT.search(source) is None and _NOQA.search(source) is None:
        return False
    if _ODD_BREAKS.search(source):  # tokenize or its fallback may number such lines apart
        return True
    lines = source.split("\n")
    wanted = {n for d in diagnostics for n in (d.span.line, d.span.end_line)}
    return any(1 <= n <= len(lines) and (_LAYERLINT.search(lines[n - 1])
                                         or _NOQA.search(lines[n - 1])) for n in wanted)
