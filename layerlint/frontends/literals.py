"""Huge literal lists of numbers, read without an AST node per element.

``ast.parse`` of a 3.6 MB ``np.array([1.0, 1.0, ...])`` takes seconds and about 1 KB per
element (785 MB for 720,000 elements). An array literal's shape needs its length and nesting,
not every element as a node: before parsing, each long run ``[...]`` that holds only numbers,
commas, brackets and white space (in code, not in a string or a subscript) is read by the JSON
decoder (the same Python ints and floats) and replaced, in the text handed to ``ast.parse``, by
a placeholder name padded to the same length with its line breaks kept, so every other position
is unchanged. The evaluators look the placeholder up (:meth:`Literals.value`); the placeholder's
``Name`` node gets the literal's full extent, so spans and fixes cover the literal.

If anything is unexpected (the text with placeholders does not parse, a placeholder is not a
``Name`` where the literal began), the original text is parsed as before.
"""

from __future__ import annotations

import ast
import bisect
import json
import re
from dataclasses import dataclass, field
from typing import Any

from ..diagnostics import Diagnostic
from ..ir import Span

PREFIX = "_layerlint_literal_"
MIN_CHARACTERS = 20_000  # shorter literals are parsed as written
MAX_ELEMENTS = 1_000_000  # numbers read from one literal (arrays.MAX_LITERAL_ELEMENTS)
MAX_DEPTH = 32  # nesting read (arrays' literal shapes go as deep)

# A run that may be a literal of numbers: '[' then only JSON-number characters, commas,
# brackets and white space. JSON's number grammar is a subset of Python's.
_RUN = re.compile(r"\[[-+0-9.eE,\[\]\s]{%d,}" % (MIN_CHARACTERS - 1))
_ONLY_NUMBERS = re.compile(r"[-+0-9.eE,\[\]\s]*")
_DECODER = json.JSONDecoder()


@dataclass
class Literal:
    value: Any  # the list, or None when it has more than MAX_ELEMENTS numbers
    elements: int
    start: tuple[int, int]  # (line, column) of '[' as ast has them: column in UTF-8 bytes
    end: tuple[int, int]  # just after ']'
    span: Span  # the same extent as layerlint spans count (characters, 1-based)


@dataclass
class Literals:
    """The literals taken out of a source, by placeholder name."""

    found: dict[str, Literal] = field(default_factory=dict)

    def value(self, name: str) -> Any:
        """A fresh copy of the literal's lists (as evaluating the literal again would make);
        None when ``name`` is no placeholder or the literal was too large to read."""
        literal = self.found.get(name)
        return None if literal is None or literal.value is None else _fresh(literal.value)


def compact(text: str) -> tuple[str, Literals]:
    """``text`` with its huge number literals replaced by placeholders, and those literals."""
    literals = Literals()
    pieces: list[str] = []
    done = position = 0
    line_starts: list[int] | None = None
    while (match := _RUN.search(text, position)) is not None:
        start, run_end = match.start(), match.end()
        # Candidates inside one run need no new search: the run is maximal.
        while start != -1 and run_end - start >= MIN_CHARACTERS:
            decoded = _decode_list(text, start, run_end)
            if decoded is None:  # not one JSON list here: try the next '['
                start = text.find("[", start + 1, run_end)
                continue
            value, end = decoded
            if end - start < MIN_CHARACTERS:
                value = None
            elements = _count(value, 0) if value is not None else None
            if elements is None or not _starts_a_display(text, start) or \
                    not _first_line_fits(text, start, end):
                start = text.find("[", end if value is None else start + 1, run_end)
                continue
            if line_starts is None:
                line_starts = [0] + [m.end() for m in re.finditer(r"\r\n|\r|\n", text)]
            name = f"{PREFIX}{len(literals.found)}"
            (line, col), (end_line, end_col) = (
                _position(text, line_starts, start), _position(text, line_starts, end))
            literals.found[name] = Literal(
                value if elements <= MAX_ELEMENTS else None, elements, (line, col[1]),
                (end_line, end_col[1]), Span(line, col[0] + 1, end_line, end_col[0] + 1))
            pieces += [text[done:start], _placeholder(name, text[start:end])]
            done = end
            start = text.find("[", end, run_end)
        position = run_end
    if not literals.found:
        return text, literals
    pieces.append(text[done:])
    return "".join(pieces), literals


def too_large_notes(literals: Literals) -> list[Diagnostic]:
    """An LL902 note for each literal too large to read: its value is unknown."""
    return [
        Diagnostic("LL902", "info", literal.span,
                   f"a literal of {literal.elements:,} numbers is more than the "
                   f"{MAX_ELEMENTS:,} layerlint reads: its shape is not followed")
        for literal in literals.found.values() if literal.value is None
    ]


def restore(tree: ast.AST, literals: Literals) -> bool:
    """Give each placeholder ``Name`` the literal's extent; False if one is not where its
    literal began (it was inside a string, a comment...): then the text must be parsed as is."""
    if not literals.found:
        return True
    seen = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and node.id.startswith(PREFIX):
            literal = literals.found.get(node.id)
            if literal is None or (node.lineno, node.col_offset) != literal.start:
                return False
            node.end_lineno, node.end_col_offset = literal.end
            seen.add(node.id)
    return len(seen) == len(literals.found)


def _decode_list(text: str, start: int, run_end: int) -> tuple[Any, int] | None:
    """The JSON list starting at ``start`` and where it ends, if it is one, of numbers only."""
    try:
        value, end = _DECODER.raw_decode(text, start)
    except (ValueError, RecursionError):  # a trailing comma, `.5`, too deep: as written
        return None
    if end > run_end or not _ONLY_NUMBERS.fullmatch(text, start, end):
        return None
    return value, end


def _first_line_fits(text: str, start: int, end: int) -> bool:
    """The placeholder name must fit in the literal and not cover a line break of it."""
    room = len(PREFIX) + 12
    return end - start >= room and not re.search(r"[\r\n]", text[start:start + room])


def _starts_a_display(text: str, start: int) -> bool:
    """'[' begins a list display, not a subscript (``a[...]``, ``f(x)[...]``, ``"s"[...]``)
    and not a word's continuation (``return[...]`` is left to the parser)."""
    before = text[max(0, start - 200):start].rstrip()
    return not before or before[-1] not in "])}\"'_" and not before[-1].isalnum()


# Every character a number literal run may hold, but line breaks, becomes a space.
_BLANK = str.maketrans({c: " " for c in "-+0123456789.eE,[]\t\f\v"})


def _placeholder(name: str, literal: str) -> str:
    """``name`` padded with spaces to the literal's length, its line breaks kept in place."""
    return name + literal[len(name):].translate(_BLANK)


def _position(text: str, line_starts: list[int], offset: int) -> tuple[int, tuple[int, int]]:
    """1-based line, and the 0-based column in characters and in UTF-8 bytes (as ``ast``)."""
    index = bisect.bisect_right(line_starts, offset) - 1
    before = text[line_starts[index]:offset]
    in_bytes = len(before) if before.isascii() else len(before.encode("utf-8", "surrogatepass"))
    return index + 1, (len(before), in_bytes)


def holds(values: Any, kinds: type | tuple[type, ...]) -> bool:
    """``any(isinstance(v, kinds) for v in values)`` over the types present, so a list of a
    million numbers costs one C loop, not a million Python steps."""
    return any(issubclass(t, kinds) for t in set(map(type, values)))


def _count(value: Any, depth: int) -> int | None:
    """The number of numbers in the nested lists; None past the nesting arrays follow."""
    if not isinstance(value, list):
        return 1
    if depth > MAX_DEPTH:
        return None
    if not holds(value, list):
        return len(value)
    total = 0
    for item in value:
        counted = _count(item, depth + 1)
        if counted is None:
            return None
        total += counted
    return total


def _fresh(value: Any) -> Any:
    if not isinstance(value, list):
        return value
    if not holds(value, list):
        return list(value)
    return [_fresh(v) for v in value]
