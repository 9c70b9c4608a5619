"""Checks and fixes for batches from a Keras image/text loader reaching ``fit`` (both dialects).

``watching(replay, event)`` wraps a data call's replay. When the call fails on a loader's
images (LL201), it offers the loader's own fix: the ``color_mode`` giving the channels the model
takes, or the ``target_size`` / ``image_size`` of its input. When it runs, it checks what the
files decide: the targets of ``class_mode="categorical"`` (``label_mode="categorical"``) have one
column per class of the directory, a number layerlint never reads. If the targets fit the
output for a single class only (a ``Dense(1)`` head), every real dataset of two or more classes
fails (Keras 3: "Arguments `target` and `output` must have the same shape") or is broadcast
silently (tf.keras 2's ``binary_crossentropy``): LL405, a warning since one class is possible,
with the fix ``class_mode="binary"``. Fixes are candidates; fixes.py keeps those that work.
"""

from __future__ import annotations

import ast
import contextlib
from collections.abc import Callable, Iterator
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from ...diagnostics import Diagnostic, Edit, Fix, Related
from ...edits import text_of
from ...ir import UNKNOWN, ArrayValue, DataCall, Loader, Span
from ...shapes import Shape
from . import losses
from .stack import Stop

if TYPE_CHECKING:
    from .model import Replay

_COLOR_MODES = {1: "grayscale", 3: "rgb", 4: "rgba"}
_SIZE_KEYWORD = {"flow_from_directory": "target_size", "flow_from_dataframe": "target_size",
                 "image_dataset_from_directory": "image_size"}
_BINARY = {"flow_from_directory": ("class_mode", "binary"),
           "flow_from_dataframe": ("class_mode", "binary"),
           "image_dataset_from_directory": ("label_mode", "binary"),
           "text_dataset_from_directory": ("label_mode", "binary")}
# Class counts tried for a directory's unknown number of classes, besides the output's units.
_COUNTS = (1, 2, 3, 5)


@contextlib.contextmanager
def watching(replay: Replay, event: DataCall) -> Iterator[DataCall]:
    """Yields the data call as the dialect checks it: tf.keras 2 checks a Sequence's targets
    only while it runs, where the outcome depends on TensorFlow's kernels (measured: many
    shapes broadcast silently, others fail deep in the loss or the optimizer), so they are not
    followed there (an LL903 note)."""
    before = len(replay.diagnostics)
    try:
        yield _as_checked(replay, event)
    except Stop:
        _fix_errors(replay, event, replay.diagnostics[before:])
        raise
    _fix_errors(replay, event, replay.diagnostics[before:])
    if replay.compiled and replay.layers:
        for x, y, what in _pairs(event):
            class_count(replay, event, y, what)


def _as_checked(replay: Replay, event: DataCall) -> DataCall:
    if replay.model.dialect != "keras2":
        return event
    unfollowed = [y for y in (event.y, *(event.validation_data or ())[1:2])
                  if _from_sequence(y)]
    if not unfollowed:
        return event
    replay.note("LL903", event.span, "tf.keras 2 sees only the rank of the targets of "
                f"{unfollowed[0].loader.function}() (line {unfollowed[0].loader.span.line}) "
                "and checks them only while it runs: their sizes are not checked against the loss")
    validation = event.validation_data
    if isinstance(validation, tuple) and len(validation) >= 2 and _from_sequence(validation[1]):
        validation = (validation[0], UNKNOWN, *validation[2:])
    return replace(event, y=UNKNOWN if _from_sequence(event.y) else event.y,
                   validation_data=validation)


def _from_sequence(value: Any) -> bool:
    return isinstance(value, ArrayValue) and value.loader is not None and value.loader.sequence


def _pairs(event: DataCall) -> list[tuple[Any, Any, str]]:
    pairs = [(event.x, event.y, "")]
    validation = event.validation_data
    if isinstance(validation, tuple) and len(validation) >= 2:
        pairs.append((validation[0], validation[1], "validation_data"))
    return pairs


# --- the images: colour mode and size -------------------------------------------------------------


def _fix_errors(replay: Replay, event: DataCall, found: list[Diagnostic]) -> None:
    for diagnostic in found:
        if diagnostic.code != "LL201" or diagnostic.severity != "error":
            continue
        for x in (event.x, *(event.validation_data or ())[:1]):
            if isinstance(x, ArrayValue) and x.loader is not None:
                diagnostic.fixes = image_fixes(replay, x) + diagnostic.fixes


def image_fixes(replay: Replay, x: ArrayValue) -> list[Fix]:
    """The loader's arguments that give the images the model input takes."""
    loader, shape, expected = x.loader, x.shape, replay.input_shape
    if loader is None or shape is None or expected is None or len(shape) != len(expected) or \
            len(shape) != 4:
        return []
    fixes = []
    size_keyword = _SIZE_KEYWORD.get(loader.function)
    if shape[-1] != expected[-1] and tuple(shape[1:3]) == tuple(expected[1:3]) and \
            expected[-1] in _COLOR_MODES and loader.function != "flow":
        mode = _COLOR_MODES[expected[-1]]  # type: ignore[index]
        fixes += keyword_fix(replay.source, loader, "color_mode", f'"{mode}"',
                             f'Load the images with color_mode="{mode}" ({expected[-1]} '
                             "channel(s), as the model input)")
    if size_keyword and shape[-1] == expected[-1] and tuple(shape[1:3]) != tuple(expected[1:3]) \
            and all(isinstance(d, int) for d in expected[1:3]):
        size = f"({expected[1]}, {expected[2]})"
        fixes += keyword_fix(replay.source, loader, size_keyword, size,
                             f"Load the images at {size_keyword}={size}, the model input's size")
    return fixes


# --- the targets: a directory's class count -------------------------------------------------------


def class_count(replay: Replay, event: DataCall, y: Any, what: str = "") -> None:
    """LL405 when targets with a directory's class count fit the output for one class only."""
    if not isinstance(y, ArrayValue) or y.loader is None or y.loader.classes is None or \
            not y.shape or y.shape[-1] != y.loader.classes:
        return
    output = replay.layers[-1].output_shape
    check = _target_check(replay, event, what)
    if y.loader.sequence and replay.model.dialect == "keras2":
        check = _sequence_keras2  # every loss: measured on tf_keras with Sequence batches
    if output is None or check is None or not isinstance(output[-1], int):
        return
    outcomes = {n: check(output, (*y.shape[:-1], n)) for n in {*_COUNTS, output[-1]}}
    if outcomes[1] != "ok" or any(outcomes[n] == "ok" for n in outcomes if n != 1):
        return
    loader = y.loader
    fails = all(outcomes[n] == "error" for n in outcomes if n != 1)
    if loader.sequence and replay.model.dialect == "keras2":
        outcome = ("tf.keras 2, which sees only the rank of a Sequence's batches, broadcasts "
                   "them against it or fails while it runs")
    elif fails:
        outcome = f"Keras raises {replay.where('fit', event.method, event.span)}"
    elif all(outcomes[n] == "broadcast" for n in outcomes if n != 1):
        outcome = ("Keras broadcasts them against it and trains without an error, comparing "
                   "every output with every class column")
    else:
        outcome = "Keras fails or broadcasts them, depending on the number"
    mode, _ = _BINARY.get(loader.function, ("class_mode", None))
    prefix = f"{what}: " if what else ""
    warning = replay.warn(
        "LL405", event.span,
        f"{prefix}the targets of {loader.function}() (line {loader.span.line}) are one-hot, "
        f"one column per class of the directory ({mode}=\"categorical\"); against the output {losses.per_sample(output)} under "
        f"{_loss_name(replay)}, with 2 or more classes {outcome}; only a directory with a "
        "single class would fit", layer=len(replay.layers) - 1, stage="fit")
    last = replay.layers[-1]
    warning.related = [Related(last.span, f"the model output {losses.per_sample(output)} comes "
                               f"from {last.kind} ({last.name})"),
                       Related(loader.span, f"the targets come from {loader.function}()")]
    binary = _BINARY.get(loader.function)
    if binary is not None and output[-1] == 1:
        keyword, value = binary
        warning.fixes = keyword_fix(replay.source, loader, keyword, f'"{value}"',
                                    f'Load two classes as binary labels: {keyword}="{value}"')


def _loss_name(replay: Replay) -> str:
    loss = losses.resolve(replay.loss)
    return loss.function if loss is not None else "the compiled loss"


def _target_check(replay: Replay, event: DataCall, what: str
                  ) -> Callable[[Shape, Shape], str] | None:
    """``check(output, target)``: "ok", "broadcast" or "error" as the dialect's loss does."""
    if replay.model.dialect == "keras2":
        from . import losses_keras2

        loss = losses_keras2.resolve(replay.loss)
        last = replay.layers[-1]
        if loss is None:
            return None

        def keras2(output: Shape, target: Shape) -> str:
            y = ArrayValue(target, "float32")
            finding = losses_keras2.check_targets(replay.loss, last, output, y, ["batch"], event,
                                                  what)
            if finding is not None:
                return "error"
            return "broadcast" if _broadcasts(output, target) else "ok"

        return keras2
    resolved = losses.resolve(replay.loss)
    if resolved is None:
        return None

    def keras3(output: Shape, target: Shape) -> str:
        finding = losses.check(resolved, output, target, ["batch"])
        if finding is None:
            return "broadcast" if _broadcasts(output, target) else "ok"
        return "broadcast" if finding.code == "LL403" else "error"

    return keras3


def _sequence_keras2(output: Shape, target: Shape) -> str:
    """tf.keras 2 on a Sequence's one-hot targets (N, n) against an output (N, 1): n = 1 trains,
    every other n fails or broadcasts, whatever the loss (measured); else not claimed."""
    if output[-1] != 1 or len(target) != len(output):
        return "unknown"
    return "ok" if target[-1] == 1 else "error"


def _broadcasts(output: Shape, target: Shape) -> bool:
    """Whether an element-wise loss that accepted them would broadcast one against the other."""
    if len(output) != len(target):
        return not (len(target) == len(output) - 1 and output[-1] == 1) and \
            not (len(output) == len(target) - 1 and target[-1] == 1)
    return any(a != b for a, b in zip(output[1:], target[1:]))


# --- editing the loader's call ----------------------------------------------------------------------


def keyword_fix(source: str, loader: Loader, keyword: str, value: str, title: str,
                safe: bool = True) -> list[Fix]:
    """``keyword=value`` in the loader's call: replacing the value given, or added last."""
    call = _parse_call(source, loader.span)
    if call is None:
        return []
    node, first_line, first_col = call
    for given in node.keywords:
        if given.arg == keyword:
            span = _span(given.value, first_line, first_col)
            return [Fix(title, [Edit.replace(span, value)], safe=safe)]
    if any(k.arg is None for k in node.keywords) or any(
            isinstance(a, ast.Starred) for a in node.args):
        return []  # **options or *args may already hold it
    text = text_of(source, loader.span)
    head = text[:-1].rstrip()
    if not text.endswith(")"):
        return []
    insert = f"{keyword}={value}" if head.endswith(("(", ",")) else f", {keyword}={value}"
    end = loader.span
    return [Fix(title, [Edit.insert(end.end_line, end.end_col - 1, insert)], safe=safe)]


def _parse_call(source: str, span: Span) -> tuple[ast.Call, int, int] | None:
    text = text_of(source, span)
    if not text.isascii():  # ast's columns count bytes; spans count characters
        return None
    try:
        tree = ast.parse(f"({text}\n)", mode="eval")
    except SyntaxError:
        return None
    node = tree.body
    if not isinstance(node, ast.Call):
        return None
    return node, span.line, span.col


def _span(node: ast.AST, first_line: int, first_col: int) -> Span:
    """A node's span in the file, from its position in the call's text parsed as ``(text)``."""

    def position(line: int, col: int) -> tuple[int, int]:
        if line == 1:  # the parenthesis added before the text shifts the first line by one
            return first_line, first_col + col - 1
        return first_line + line - 1, col + 1

    line, col = position(node.lineno, node.col_offset)  # type: ignore[attr-defined]
    end_line, end_col = position(node.end_lineno, node.end_col_offset)  # type: ignore[attr-defined]
    return Span(line, col, end_line, end_col)

