"""Where the data of a finding came from, said at the end of its message.

The front end records on every array the library calls that made it (``ArrayValue.history``,
frontends/library/steps.py). A finding about the data passed to ``fit``/``evaluate``/``predict``
(LL2xx, LL3xx at a data call) then ends with, for example::

    ...; Keras raises at model.fit(...) (line 12); x_train from mnist.load_data() (line 3),
    reshaped at line 9

The call that made the array (when it made it from no other array) and the calls after it that
changed the shape of a sample (not the ones that only picked samples, converted the dtype or
scaled the values) are named; steps on the finding's own line are already in sight and left out.
"""

from __future__ import annotations

import ast
from collections.abc import Callable, Iterable
from functools import lru_cache
from typing import Any

from ..diagnostics import Diagnostic
from ..edits import text_of
from ..ir import ArrayValue, DataCall, DataStep, ModelIR, PythonList
from .keras.stack import plain_line

# What each finding is about: the data (x), the targets (y) or both.
_OPERANDS = {
    "LL201": ("x",), "LL202": ("y",), "LL203": ("x", "y"), "LL204": ("y",), "LL206": ("x",),
    "LL207": ("x",), "LL302": ("x",), "LL303": ("x",), "LL304": ("x",), "LL305": ("x",),
    "LL403": ("y",),
}  # fmt: skip
_PARTICIPLES = {
    "reshape": "reshaped", "ravel": "flattened", "flatten": "flattened",
    "expand_dims": "given a new axis", "squeeze": "squeezed", "transpose": "transposed",
    "T": "transposed", "swapaxes": "transposed", "moveaxis": "transposed", "rollaxis": "transposed",
    "__getitem__": "indexed", "concatenate": "concatenated", "stack": "stacked",
    "vstack": "stacked", "hstack": "stacked", "column_stack": "stacked", "dstack": "stacked",
    "repeat": "repeated", "tile": "tiled", "pad": "padded", "pad_sequences": "padded",
    "to_categorical": "one-hot encoded", "one_hot": "one-hot encoded", "argmax": "reduced by argmax",
    "broadcast_to": "broadcast", "atleast_2d": "given a new axis", "atleast_3d": "given new axes",
}  # fmt: skip
_MAX_NAME = 30
_MAX_CALLEE = 40
_MAX_TRANSFORMS = 2


def annotate(models: Iterable[ModelIR], diagnostics: list[Diagnostic], source: str,
             line: Callable[[int], str] = plain_line) -> None:
    """Add the data's origin to each data finding made at a data call of these models;
    ``line`` cites a line as the other messages do ("line 3", "cell 2, line 1")."""
    if not any(diagnostic.code in _OPERANDS for diagnostic in diagnostics):
        return  # no data finding to annotate
    calls: dict[Any, DataCall] = {}
    for model in models:
        for event in model.events:
            if isinstance(event, DataCall):
                calls.setdefault(event.span, event)
    if not calls:
        return
    for diagnostic in diagnostics:
        operands = _OPERANDS.get(diagnostic.code)
        event = calls.get(diagnostic.span)
        if operands is None or event is None:
            continue
        x, y = event.x, event.y
        if diagnostic.message.startswith("validation_data") and \
                isinstance(event.validation_data, tuple) and len(event.validation_data) == 2:
            x, y = event.validation_data
        values = {"x": x, "y": y}
        said = [text for text in (describe(source, values[o], diagnostic.span.line, line)
                                  for o in operands) if text]
        if said:
            diagnostic.message = f"{diagnostic.message}; {'; '.join(said)}"


def describe(source: str, array: Any, at_line: int,
             line: Callable[[int], str] = plain_line) -> str | None:
    """``x_train from mnist.load_data() (line 3), reshaped at line 9``; None when the history
    says nothing the finding's own line does not show."""
    if not isinstance(array, ArrayValue) or isinstance(array, PythonList) or not array.history:
        return None
    history = array.history
    first = history[0]
    name = _name(source, array)
    made = None
    seen_lines = {at_line}
    if first.source and first.span is not None and first.span.line != at_line:
        made = f"{name} from {_callee(source, first)} ({line(first.span.line)})"
        seen_lines.add(first.span.line)
    changes: list[str] = []
    for step in reversed(history[1:] if first.source else history):
        if not step.reshaped or step.span is None or step.span.line in seen_lines:
            continue
        said = f"{_participle(step.function)} at {line(step.span.line)}"
        if said not in changes:
            changes.insert(0, said)
        if len(changes) == _MAX_TRANSFORMS:
            break
    if made is None and not changes:
        return None
    if made is None:
        return f"{name} {', '.join(changes)}"
    return ", ".join([made, *changes])


def _name(source: str, array: ArrayValue) -> str:
    """The data as the call passes it (``x_train``, ``x_test[0]``), else its variable."""
    if array.span is not None and array.span.line == array.span.end_line:
        text = text_of(source, array.span).strip()
        if 0 < len(text) <= _MAX_NAME:
            return text
    return array.name or "the data"


def _callee(source: str, step: DataStep) -> str:
    """``mnist.load_data()``, ``np.random.rand()``: the function as the code names it."""
    short = step.function.rsplit(".", 1)[-1]
    if step.span is None or step.span.line != step.span.end_line:
        return f"{short}()"
    return _callee_written(text_of(source, step.span).strip(), short)


@lru_cache(maxsize=1024)  # a pure function of the text: parsed once per spelling, not per finding
def _callee_written(text: str, short: str) -> str:
    try:
        node = ast.parse(text, mode="eval").body
    except SyntaxError:
        return f"{short}()"
    if isinstance(node, ast.Call):
        callee = ast.unparse(node.func)
        if len(callee) > _MAX_CALLEE:
            callee = ".".join(callee.rsplit(".", 2)[-2:])
        return f"{callee}()"
    return f"{short}()"


def _participle(function: str) -> str:
    short = function.rsplit(".", 1)[-1]
    return _PARTICIPLES.get(short, f"passed through {short}()")
