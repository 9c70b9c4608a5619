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
from ...ir import UNKNOWN, ArrayValue, DataCall, Functional, Loader, Span
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
           "text_dataset_from_directory": ("label_mode", "binary")}  # the keyword of labels
# Class counts tried for a directory's unknown number of classes, besides the output's units.
_COUNTS = (1, 2, 3, 5)


@contextlib.contextmanager
def watching(replay: Replay, event: DataCall) -> Iterator[DataCall | None]:
    """Yields the data call as the dialect checks it: tf.keras 2 checks a Sequence's targets
    only while it runs, where the outcome depends on TensorFlow's kernels (measured: many
    shapes broadcast silently, others fail deep in the loss or the optimizer), so they are not
    followed there (an LL903 note)."""
    before = len(replay.diagnostics)
    checked = _as_checked(replay, event)
    try:
        yield checked
    except Stop:
        _stopped(replay, event, checked, before)
        raise
    _went_through(replay, event, checked, before)


def run_watched(replay: Replay, event: DataCall, run: Callable[[DataCall], None]) -> None:
    """``with watching(replay, event) as checked:`` running ``run(checked)`` when the dialect
    has the call, without a generator (the Sequential replay's every data call)."""
    before = len(replay.diagnostics)
    checked = _as_checked(replay, event)
    try:
        if checked is not None:
            run(checked)
    except Stop:
        _stopped(replay, event, checked, before)
        raise
    _went_through(replay, event, checked, before)


def _stopped(replay: Replay, event: DataCall, checked: DataCall | None, before: int) -> None:
    """The data call stopped the replay: its findings' fixes, and the training targets' class
    checks when validation data is what failed."""
    found = replay.diagnostics[before:]
    _fix_errors(replay, event, found)
    if checked is not None and replay.compiled and replay.layers and \
            any(d.message.startswith("validation_data") for d in found):
        _before_validation(replay, event, before)


def _went_through(replay: Replay, event: DataCall, checked: DataCall | None,
                  before: int) -> None:
    """The data call went through: its findings' fixes, then the targets' class checks."""
    _fix_errors(replay, event, replay.diagnostics[before:])
    if checked is not None and replay.compiled and replay.layers:
        for _, y, what in _pairs(event):
            if _class_checks(replay, event, y, what):
                raise Stop  # Keras raised there: the replay of this model ends


def _before_validation(replay: Replay, event: DataCall, before: int) -> None:
    """The training targets' class checks, which Keras meets before the validation data that
    failed: an error there replaces the validation error (Keras never gets that far)."""
    failed = len(replay.diagnostics)
    _class_checks(replay, event, event.y, "")
    added = replay.diagnostics[failed:]
    if any(d.severity == "error" for d in added):
        replay.diagnostics[before:] = [d for d in replay.diagnostics[before:failed]
                                       if d.severity != "error"] + added


def _class_checks(replay: Replay, event: DataCall, y: Any, what: str) -> bool:
    """True when the targets fail for every class count (an error is reported)."""
    try:
        class_count(replay, event, y, what)
        batch_size(replay, event, y)
    except Stop:
        return True
    return False


def _as_checked(replay: Replay, event: DataCall) -> DataCall | None:
    """None for a call the dialect does not have (Keras 3 removed ``fit_generator``)."""
    if replay.model.dialect != "keras2":
        if event.kwargs.get("generator_method"):
            replay.note("LL903", event.span, f"{event.kwargs['generator_method']}() does not "
                        "exist in Keras 3 (tf.keras 2 only): the data it gets are not checked")
            return None
        return event
    functional = any(isinstance(e, Functional) for e in replay.model.events)
    if functional and any(_from_sequence(x) for x in (event.x, *(event.validation_data or ())[:1])):
        replay.note("LL903", event.span, "tf.keras 2 sees only the rank of a Sequence's batches "
                    "and runs a functional model's kernels on them, which layerlint does not "
                    "follow: the data are not checked")
        return replace(event, x=UNKNOWN, y=UNKNOWN, validation_data=None)
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
    """Targets that depend on a directory's unknown class count ``n`` (one-hot: their last
    axis; index labels: their values 0..n-1), tried for n = 1, 2, 3, 5, the output's units and
    one more: LL405 when only n = 1 fits, LL202 when none does, an LL902 note when it depends."""
    if not isinstance(y, ArrayValue) or y.loader is None or y.loader.classes is None or \
            not y.shape:
        return
    loader = y.loader
    one_hot = loader.labels == "one_hot"
    if one_hot and y.shape[-1] != loader.classes:
        return
    output = _output(replay)
    check = _target_check(replay, event, what)
    if loader.sequence and replay.model.dialect == "keras2":
        check = _sequence_keras2  # every loss: measured on tf_keras with Sequence batches
    if output is None or check is None or not isinstance(output[-1], int):
        return
    batch = y.shape[:-1] if one_hot else y.shape

    def outcome(n: int) -> str:
        target = (*batch, n) if one_hot else batch
        low, high = ((0 if n > 1 else 1), 1) if one_hot else (0, n - 1)
        return check(output, target, low, high)

    if loader.classes == "classes@2":  # image_dataset_from_directory(label_mode="binary")
        if outcome(2) == "error":
            _every_count_fails(replay, event, y, output, what)
        return
    outcomes = {n: outcome(n) for n in {*_COUNTS, output[-1], output[-1] + 1}}
    more = {outcomes[n] for n in outcomes if n != 1}
    if "ok" not in outcomes.values() and "unknown" not in outcomes.values() and \
            more == {"error"}:
        _every_count_fails(replay, event, y, output, what)
    elif outcomes[1] == "ok" and not more & {"ok", "unknown"}:
        _one_class_only(replay, event, y, output, what, more, check)
    elif len(set(outcomes.values())) > 1:
        replay.note("LL902", event.span,
                    f"whether the targets of {loader.function}() (line {loader.span.line}) fit "
                    f"the output {losses.per_sample(output)} depends on the number of classes "
                    "in the directory, which layerlint does not read: not checked")


def batch_size(replay: Replay, event: DataCall, y: Any) -> None:
    """An LL902 note when the loss meets the batch axis of a loader's targets (labels (N,)
    against an output (N, 2) under mse fit only batches of 1 or 2): the files decide the sizes
    of the batches."""
    if not isinstance(y, ArrayValue) or y.loader is None or not y.shape or \
            replay.model.dialect == "keras2":
        return
    output = _output(replay)
    loss = losses.resolve(replay.loss)
    if output is None or loss is None or not all(isinstance(d, int) for d in y.shape[1:]):
        return
    found = {_kind(losses.check(loss, output, y.shape, [b])) for b in (1, 2, 3, 5, 32)}
    if "error" in found and len(found) > 1:
        replay.note("LL902", event.span,
                    f"whether the targets of {y.loader.function}() (line {y.loader.span.line}) "
                    f"fit the output {losses.per_sample(output)} depends on the size of each "
                    "batch, which the files decide: not checked")


def _output(replay: Replay) -> Shape | None:
    """The model's output on the data: a subclassed model's from its traced call(), else its
    last layer's (a Sequential's, a one-output functional model's)."""
    traced = getattr(replay, "model_output", None)
    return traced if traced is not None else replay.layers[-1].output_shape


def _kind(finding: Any) -> str:
    return "ok" if finding is None else "broadcast" if finding.code == "LL403" else "error"


def _targets_said(y: ArrayValue) -> str:
    loader = y.loader
    assert loader is not None
    mode = dict(loader.keywords).get("class_mode", dict(loader.keywords).get("label_mode"))
    keyword, _ = _BINARY.get(loader.function, ("class_mode", None))
    if loader.labels == "one_hot":
        kind = "one-hot, one column per class of the directory"
    else:
        kind = "class indices, from 0 to the number of classes of the directory - 1"
    return (f"the targets of {loader.function}() (line {loader.span.line}) are {kind} "
            f"({keyword}={mode!r})").replace("'", '"')


def _related(replay: Replay, y: ArrayValue, output: Shape) -> list[Related]:
    last, loader = replay.layers[-1], y.loader
    assert loader is not None
    targets = Related(loader.span, f"the targets come from {loader.function}()")
    if getattr(replay, "model_output", None) is not None:  # a subclass: its call() decides
        return [targets]
    return [Related(last.span, f"the model output {losses.per_sample(output)} comes from "
                    f"{last.kind} ({last.name})"), targets]


def _every_count_fails(replay: Replay, event: DataCall, y: ArrayValue, output: Shape,
                       what: str) -> None:
    prefix = f"{what}: " if what else ""
    replay.error(
        "LL202", event.span, "fit",
        f"{prefix}{_targets_said(y)}: against the output {losses.per_sample(output)} under "
        f"{_loss_name(replay)} they fail whatever that number is; Keras raises "
        f"{replay.where('fit', event.method, event.span)}",
        None, layer=len(replay.layers) - 1, related=_related(replay, y, output))


def _one_class_only(replay: Replay, event: DataCall, y: ArrayValue, output: Shape, what: str,
                    more: set[str], check: Callable[..., str]) -> None:
    loader = y.loader
    assert loader is not None
    if loader.sequence and replay.model.dialect == "keras2":
        outcome = ("tf.keras 2, which sees only the rank of a Sequence's batches, broadcasts "
                   "them against it or fails while it runs")
    elif more == {"error"}:
        outcome = f"Keras raises {replay.where('fit', event.method, event.span)}"
    elif more == {"broadcast"}:
        outcome = ("Keras broadcasts them against it and trains without an error, comparing "
                   "every output with every class column")
    else:
        outcome = "Keras fails or broadcasts them, depending on the number"
    prefix = f"{what}: " if what else ""
    warning = replay.warn(
        "LL405", event.span,
        f"{prefix}{_targets_said(y)}; against the output {losses.per_sample(output)} under "
        f"{_loss_name(replay)}, with 2 or more classes {outcome}; only a directory with a "
        "single class would fit", layer=len(replay.layers) - 1, stage="fit")
    warning.related = _related(replay, y, output)
    batch = y.shape[:-1] if loader.labels == "one_hot" else y.shape  # type: ignore[index]
    warning.fixes = _label_fixes(replay, loader, output, batch, check)


def _label_fixes(replay: Replay, loader: Loader, output: Shape, batch: Shape,
                 check: Callable[..., str]) -> list:
    """The class_mode / label_mode whose labels fit the output: binary labels (two classes)
    for a one-unit head, class indices for a sparse loss (as many classes as units)."""
    keyword, _ = _BINARY.get(loader.function, ("class_mode", None))
    choices = (("binary", (*batch, 1)), ("int", batch)) if keyword == "label_mode" else \
        (("binary", batch), ("sparse", batch))
    units = output[-1] if isinstance(output[-1], int) else 1
    for mode, target in choices:
        if mode == "binary" and units != 1:
            continue
        high = 1 if mode == "binary" else units - 1
        if mode == dict(loader.keywords).get(keyword) or check(output, target, 0, high) != "ok":
            continue
        what = "two classes as binary labels" if mode == "binary" else \
            "the classes as integer labels"
        return keyword_fix(replay.source, loader, keyword, f'"{mode}"',
                           f'Load {what}: {keyword}="{mode}"')
    return []


def _loss_name(replay: Replay) -> str:
    loss = losses.resolve(replay.loss)
    return loss.function if loss is not None else "the compiled loss"


def _target_check(replay: Replay, event: DataCall, what: str) -> Callable[..., str] | None:
    """``check(output, target, low, high)``: "ok", "broadcast" or "error" as the dialect's loss
    does with targets of that shape whose values go from ``low`` to ``high``."""
    if replay.model.dialect == "keras2":
        from . import losses_keras2

        loss2 = losses_keras2.resolve(replay.loss)
        last = replay.layers[-1]
        if loss2 is None:
            return None

        def keras2(output: Shape, target: Shape, low: int, high: int) -> str:
            # one batch of 4 labels taking every value from low to high: a verdict, no message
            y = ArrayValue((4, *target[1:]), "float32", min_value=low, max_value=high,
                           bounds="exact")
            finding = losses_keras2.check_targets(replay.loss, last, output, y, [4], event, what)
            if finding is not None:
                return "error"
            sparse = "sparse" in loss2.function
            return "broadcast" if not sparse and _broadcasts(output, target) else "ok"

        return keras2
    resolved = losses.resolve(replay.loss)
    if resolved is None:
        return None

    def keras3(output: Shape, target: Shape, low: int, high: int) -> str:
        finding = losses.check(resolved, output, target, ["batch"]) or losses.label_range(
            resolved, output, target, low, high, 1, exact=True)
        if finding is None and resolved.function == "binary_crossentropy" and high > 1:
            return "error"  # torch: "all elements of target should be between 0 and 1"
        if finding is None:
            sparse = resolved.kind == "sparse"
            return "broadcast" if not sparse and _broadcasts(output, target) else "ok"
        return "broadcast" if finding.code == "LL403" else "error"

    return keras3


def _sequence_keras2(output: Shape, target: Shape, low: int, high: int) -> str:
    """tf.keras 2 on a Sequence's targets against an output (N, 1): one-hot (N, n) trains for
    n = 1, every other n fails or broadcasts, whatever the loss; labels (N,) train (measured);
    else not claimed."""
    if output[-1] != 1:
        return "unknown"
    if len(target) == len(output) - 1:
        return "ok"  # labels (N,): trains (measured)
    if len(target) != len(output):
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

