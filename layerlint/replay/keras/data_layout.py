"""Two common mistakes behind an LL201 (data that does not fit the model input), said by name.

* LL206: one sample passed to ``predict`` (or ``model(x)``) without its batch axis:
  ``model.predict(x_test[0])`` where the model takes ``(None, 28, 28, 1)`` and ``x_test[0]`` is
  ``(28, 28, 1)``. Keras reads the first axis as samples and fails (measured in Keras 3 and tf.keras
  2 for every first layer, tests/test_data_layout.py). Fix: ``x_test[0:1]``,
  ``np.expand_dims(x, 0)`` or ``x[None]``.
* LL207: channels-first images ``(N, 3, 32, 32)`` fed to a channels-last model ``(None, 32, 32,
  3)``. Fix: ``np.transpose(x, (0, 2, 3, 1))``.

The replay has already decided that the framework raises there and with which message (the
LL201 finding); this only renames the finding, says what went wrong, and offers the fix that
gives the data the layout the model expects. Whether the framework raises is never decided here.
"""

from __future__ import annotations

import ast
import re
from dataclasses import replace

from ... import edits
from ...diagnostics import Diagnostic, Fix
from ...edits import Edit, text_of
from ...ir import ArrayValue, DataCall, ModelIR, PythonList
from ...shapes import Shape, format_shape

ONE_SAMPLE_METHODS = ("predict", "predict_on_batch", "__call__")
_RAISES = re.compile(r"((?:tf\.keras|Keras) raises .*)$")


def refine(diagnostics: list[Diagnostic], model: ModelIR, input_shape: Shape | None,
           source: str) -> None:
    """Rename the LL201 findings that are LL206 or LL207 (in place)."""
    if not input_shape or not any(d.code == "LL201" for d in diagnostics) or \
            not all(isinstance(d, int) for d in input_shape[1:]):
        return
    calls = {event.span: event for event in model.events if isinstance(event, DataCall)}
    for index, finding in enumerate(diagnostics):
        event = calls.get(finding.span)
        if finding.code != "LL201" or event is None:
            continue
        x = event.x
        validation = finding.message.startswith("validation_data")
        if validation and isinstance(event.validation_data, tuple) and event.validation_data:
            x = event.validation_data[0]
        if not isinstance(x, ArrayValue) or isinstance(x, PythonList) or x.shape is None or \
                not all(isinstance(d, int) for d in x.shape):
            continue
        raises = _RAISES.search(finding.message)
        tail = f"; {raises.group(1)}" if raises else ""
        prefix = "validation_data: " if validation else ""
        name = _name(source, x)
        if event.method in ONE_SAMPLE_METHODS and one_sample(x.shape, input_shape):
            diagnostics[index] = replace(
                finding, code="LL206",
                message=f"{prefix}{name} is one sample {format_shape(x.shape)} without the "
                        f"batch axis of the model input {format_shape(input_shape)}: Keras reads "
                        f"its first axis as {x.shape[0]} samples{tail}",
                fixes=_first(one_sample_fixes(source, x), finding.fixes))
        elif channels_first(x.shape, input_shape):
            diagnostics[index] = replace(
                finding, code="LL207",
                message=f"{prefix}{name} {format_shape(x.shape)} has its channels first (axis 1) "
                        f"but the model input {format_shape(input_shape)} takes them last"
                        f"{tail}",
                fixes=_first(channels_last_fixes(source, x), finding.fixes))


def one_sample(shape: Shape, expected: Shape) -> bool:
    """A sample of the model input without the batch axis (and maybe without a trailing
    channel axis of size 1, which Keras 3 adds back once the batch axis is there)."""
    sample = tuple(expected[1:])
    return tuple(shape) == sample or (len(sample) > 1 and sample[-1] == 1 and
                                      tuple(shape) == sample[:-1])


def channels_first(shape: Shape, expected: Shape) -> bool:
    """Images (N, C, *spatial) for a model taking (None, *spatial, C), with C not a spatial
    size there (else the two layouts are the same data)."""
    if len(shape) < 4 or len(shape) != len(expected):
        return False
    channels, spatial = shape[1], tuple(shape[2:])
    return channels == expected[-1] and spatial == tuple(expected[1:-1]) and \
        tuple(shape[1:]) != tuple(expected[1:])


def one_sample_fixes(source: str, x: ArrayValue) -> list[Fix]:
    """``x_test[0:1]`` for ``x_test[0]``; ``np.expand_dims(x, 0)`` when numpy is imported as
    np; ``x[None]`` otherwise (every array takes it)."""
    fixes = edits.one_sample_batch(source, x)
    if fixes or x.span is None:
        return fixes
    text = f"{_operand(source, x)}[None]"
    return [Fix(f"Add the batch axis: {text}", [Edit.replace(x.span, text)])]


def channels_last_fixes(source: str, x: ArrayValue) -> list[Fix]:
    """Move the channels last: ``np.transpose(x, (0, 2, 3, 1))`` (edits.data_layout_fixes), or
    the array's own ``transpose`` when numpy is not imported as np."""
    if x.span is None or x.shape is None:
        return []
    order = (0, *range(2, len(x.shape)), 1)
    found = edits.data_layout_fixes(source, x, x.shape, (None, *x.shape[2:], x.shape[1]))
    if found:
        return found[:1]
    text = f"{_operand(source, x)}.transpose{order}"
    return [Fix(f"Transpose the channels-first data to channels-last: {text}",
                [Edit.replace(x.span, text)])]


def _first(ours: list[Fix], theirs: list[Fix]) -> list[Fix]:
    """Our fixes, then the LL201 finding's other ones (changing the model stays an option)."""
    return ours + [fix for fix in theirs if all(fix.edits != mine.edits for mine in ours)]


def _operand(source: str, x: ArrayValue) -> str:
    """The data's expression, parenthesised unless it is a name, attribute, call or subscript."""
    assert x.span is not None
    expression = text_of(source, x.span).strip()
    try:
        node = ast.parse(expression, mode="eval").body
    except SyntaxError:
        return f"({expression})"
    plain = isinstance(node, (ast.Name, ast.Attribute, ast.Call, ast.Subscript))
    return expression if plain else f"({expression})"


def _name(source: str, x: ArrayValue) -> str:
    if x.span is not None and x.span.line == x.span.end_line:
        text = text_of(source, x.span).strip()
        if 0 < len(text) <= 30:
            return text
    return x.name or "the data"


