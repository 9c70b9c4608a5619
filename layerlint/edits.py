"""Fixes as text edits on the spans the front end provides (1-based lines, character columns,
end exclusive: diagnostics.Edit), and the builders that need only the source and the IR.

The replay attaches such edits to its findings as *candidates*; fixes.verify keeps those that work.
"""

from __future__ import annotations

import ast
import bisect
import functools
import itertools
import re
from collections.abc import Callable, Sequence
from typing import Any

from .diagnostics import Edit, Fix
from .ir import ArrayValue, Call, Span
from .shapes import Shape

_LINE_BREAK = re.compile(r"\r\n|\r|\n")
_OTHER_BREAKS = re.compile("[\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")


@functools.lru_cache(maxsize=4)
def line_starts(source: str) -> tuple[int, ...]:
    """Where each line starts; kept for the last few sources (every fix builder of a file
    asks for the same text: scanning it once per fix was (fixes x file size))."""
    if _OTHER_BREAKS.search(source) is not None:  # str.splitlines would split there too
        return (0, *(m.end() for m in _LINE_BREAK.finditer(source)))
    ends = list(itertools.accumulate(map(len, source.splitlines(True))))  # C speed
    if ends and not source.endswith(("\n", "\r")):
        ends.pop()  # the last line has no break: no line starts after it
    return (0, *ends)


def offset_of(starts: Sequence[int], source: str, line: int, col: int) -> int:
    if line > len(starts):
        return len(source)
    return min(starts[line - 1] + col - 1, len(source))


def text_of(source: str, span: Span) -> str:
    starts = line_starts(source)
    return source[offset_of(starts, source, span.line, span.col):
                  offset_of(starts, source, span.end_line, span.end_col)]


def apply_edits(source: str, edits: list[Edit]) -> str:
    """Apply edits from the last to the first, so earlier positions stay valid."""
    starts = line_starts(source)
    ordered = sorted(edits, key=lambda e: (e.line, e.col, e.end_line, e.end_col), reverse=True)
    for edit in ordered:
        begin = offset_of(starts, source, edit.line, edit.col)
        end = offset_of(starts, source, edit.end_line, edit.end_col)
        source = source[:begin] + edit.text + source[end:]
    return source


def never_fails(builder: Callable[..., list[Fix]]) -> Callable[..., list[Fix]]:
    """A builder that cannot make its edit (a span outside the text...) offers nothing."""

    def build(*args: Any, **kwargs: Any) -> list[Fix]:
        try:
            return builder(*args, **kwargs)
        except (IndexError, ValueError, AttributeError, TypeError):
            return []

    build.__name__ = builder.__name__
    build.__doc__ = builder.__doc__
    return build


def reshape_target(shape: Shape, expected: Shape) -> Shape | None:
    """The data shape the model input accepts, adding a length-1 axis where it is free.

    Seed example 1: data (100, 10) for input (None, None, 10) -> (100, 1, 10).
    """
    if len(shape) + 1 != len(expected):
        return None
    for axis in range(1, len(expected)):
        candidate = shape[:axis] + (1,) + shape[axis:]
        if all(e is None or e == c for c, e in zip(candidate[1:], expected[1:])):
            return candidate
    return None


@never_fails
def reshape_data(source: str, data: Any, target: Shape) -> list[Fix]:
    """Reshape the data where it is made (a plain assignment) or, else, where it is passed."""
    if not isinstance(data, ArrayValue):
        return []
    dims = [d if isinstance(d, int) else -1 for d in target]
    if dims.count(-1) > 1:
        return []
    where = data.origin or data.span
    if where is None:
        return []
    expression = text_of(source, where)
    try:
        node = ast.parse(expression.strip(), mode="eval").body
    except SyntaxError:
        return []
    plain = isinstance(node, (ast.Call, ast.Name, ast.Attribute, ast.Subscript))
    base = expression if plain else f"({expression})"
    shown = ", ".join(str(d) for d in dims)
    subject = data.name or "the data"
    return [Fix(f"Reshape {subject} to ({shown})",
                [Edit.replace(where, f"{base}.reshape({shown})")])]


@never_fails
def one_axis_tuple(source: str, span: Span | None, value: Any) -> list[Fix]:
    """``input_shape=(10)`` / ``Input(shape=784)``: an int is not a shape; ``(10,)`` is."""
    if span is None or not isinstance(value, int) or isinstance(value, bool):
        return []
    return [Fix(f"Write the shape as a tuple: ({value},)", [Edit.replace(span, f"({value},)")])]


@never_fails
def remove_argument(source: str, call: Call, name: str) -> list[Fix]:
    """Remove ``name=value`` and the comma that separates it from its neighbour."""
    span = call.kwarg_spans.get(name)
    if span is None:
        return []
    starts = line_starts(source)
    begin = offset_of(starts, source, span.line, span.col)
    end = offset_of(starts, source, span.end_line, span.end_col)
    before = source[:begin]
    after = source[end:]
    trailing = re.match(r"\s*,[ \t]*", after)
    leading = re.search(r",\s*$", before)
    if leading:
        begin -= len(leading.group(0))
    elif trailing:
        end += len(trailing.group(0))
    return [Fix(f"Remove the `{name}` argument",
                [edit_offsets(source, starts, begin, end, "")])]


@never_fails
def rewrite_arguments(source: str, call: Call, changes: dict[str, str | None],
                      safe: bool) -> list[Fix]:
    """One fix for the keywords a dialect rejects: each renamed (``name -> new``) or removed
    (``name -> None``), so that re-checking finds none of them left."""
    edits: list[Edit] = []
    said: list[str] = []
    for old, new in changes.items():
        if new is None:
            removal = remove_argument(source, call, old)
            if not removal:
                return []
            edits += removal[0].edits
            said.append(f"remove `{old}`")
        else:
            renaming = rename_argument(source, call, old, new)
            if not renaming:
                return []
            edits += renaming[0].edits
            said.append(f"write {new}= instead of {old}=")
    if not edits:
        return []
    title = "; ".join(said)
    return [Fix(title[0].upper() + title[1:], edits, safe=safe)]


@never_fails
def rename_argument(source: str, call: Call, old: str, new: str) -> list[Fix]:
    """``old=value`` -> ``new=value`` (a keyword Keras 3 renamed)."""
    span, value = call.kwarg_spans.get(old), call.arg_spans.get(old)
    if span is None or value is None:
        return []
    return [Fix(f"Write {new}= instead of {old}=",
                [Edit.replace(span, f"{new}={text_of(source, value)}")])]


def edit_offsets(source: str, starts: Sequence[int], begin: int, end: int, text: str) -> Edit:
    def position(offset: int) -> tuple[int, int]:
        line = bisect.bisect_right(starts, offset) - 1
        return line + 1, offset - starts[line] + 1

    (line, col), (end_line, end_col) = position(begin), position(end)
    return Edit(line, col, end_line, end_col, text)


@never_fails
def add_keyword(source: str, call: Call, name: str, value: str, title: str,
                safe: bool = True) -> list[Fix]:
    """``name=value`` added as the last argument of ``call`` (which must not have it)."""
    if name in call.kwargs:
        return []
    inside = text_of(source, call.span)
    if not inside.endswith(")"):
        return []
    head = inside[:-1].rstrip()
    text = f"{name}={value}" if head.endswith(("(", ",")) else f", {name}={value}"
    return [Fix(title, [Edit.insert(call.span.end_line, call.span.end_col - 1, text)], safe=safe)]


def class_reference(source: str, call: Call, sibling: str) -> tuple[str, list[Edit]] | None:
    """How to write the layer class ``sibling`` where ``call`` is written (``layers.Flatten``
    beside ``layers.Dense``), with the import edit it needs (``Flatten`` added to a one-line
    ``from keras.layers import Dense``), or None."""
    if call.func_span is None:
        return None
    func = text_of(source, call.func_span)
    if "." in func:
        return re.sub(r"\w+$", sibling, func), []
    if re.search(rf"^\s*from\s+\S+\s+import\s+[^\n]*\b{sibling}\b", source, re.MULTILINE):
        return sibling, []
    found = re.search(rf"^[ \t]*from[ \t]+\S+[ \t]+import[ \t]+[^\n(#]*\b{re.escape(func)}\b",
                      source, re.MULTILINE)
    if found is None:
        return None
    line = source.count("\n", 0, found.end()) + 1
    col = found.end() - (source.rfind("\n", 0, found.end()) + 1) + 1
    return sibling, [Edit.insert(line, col, f", {sibling}")]


@never_fails
def one_sample_batch(source: str, data: Any) -> list[Fix]:
    """``model.predict(image)`` on one sample: give it the batch axis Keras expects."""
    if not isinstance(data, ArrayValue) or data.span is None:
        return []
    expression = text_of(source, data.span)
    node = ast.parse(expression.strip(), mode="eval").body
    if isinstance(node, ast.Subscript) and isinstance(node.slice, ast.Constant) and isinstance(
            node.slice.value, int) and node.slice.value >= 0:
        index = node.slice.value
        text = f"{ast.unparse(node.value)}[{index}:{index + 1}]"
        title = f"Pass {text}: a batch of one sample"
    elif re.search(r"^\s*import\s+numpy\s+as\s+np\b", source, re.MULTILINE):
        text = f"np.expand_dims({expression}, 0)"
        title = f"Add the batch axis: {text}"
    else:
        return []
    return [Fix(title, [Edit.replace(data.span, text)])]


@never_fails
def data_layout_fixes(source: str, data: Any, shape: Shape, expected: Shape) -> list[Fix]:
    """Data whose axes are in another order than the model's input: channels-first images for a
    channels-last model (transpose them), or a sequence reshaped to (N, features, timesteps)
    (reshape it to the model's (N, timesteps, features))."""
    if not isinstance(data, ArrayValue) or len(shape) != len(expected) or len(shape) < 3:
        return []
    inner, wanted = tuple(shape[1:]), tuple(expected[1:])
    if not all(isinstance(d, int) for d in inner + wanted) or sorted(inner) != sorted(wanted):
        return []
    if inner == wanted:
        return []
    moved = inner[1:] + inner[:1]
    if len(shape) >= 4 and moved == wanted and data.span is not None:
        expression = text_of(source, data.span)
        if not re.search(r"^\s*import\s+numpy\s+as\s+np\b", source, re.MULTILINE):
            return []
        order = ", ".join(str(axis) for axis in (0, *range(2, len(shape)), 1))
        return [Fix(f"Transpose the channels-first data to channels-last: "
                    f"np.transpose({expression}, ({order}))",
                    [Edit.replace(data.span, f"np.transpose({expression}, ({order}))")])]
    if len(shape) == 3 and inner == wanted[::-1]:
        return reshape_data(source, data, (shape[0], *wanted))
    return []
