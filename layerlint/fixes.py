"""Fixes as text edits on the spans the front end provides, and their verification.

Analysis attaches *candidate* fixes to its diagnostics; ``verify`` keeps a candidate only if the
edited source, checked again (without fix verification), parses, no longer has the finding (one
fewer diagnostic of that code in that model) and has no new error. Edits use 1-based lines and
character columns, end exclusive (diagnostics.Edit).
"""

from __future__ import annotations

import ast
import re
from collections import Counter
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from .diagnostics import Diagnostic, Edit, Fix
from .ir import ArrayValue, Call, Span
from .shapes import Shape

if TYPE_CHECKING:
    from .keras_model import Layer, Replay
    from .losses import LossFinding
    from .results import FileResult

_LINE_BREAK = re.compile(r"\r\n|\r|\n")


# --- text ---------------------------------------------------------------------------------------


def _line_starts(source: str) -> list[int]:
    return [0] + [m.end() for m in _LINE_BREAK.finditer(source)]


def _offset(starts: list[int], source: str, line: int, col: int) -> int:
    if line > len(starts):
        return len(source)
    return min(starts[line - 1] + col - 1, len(source))


def text_of(source: str, span: Span) -> str:
    starts = _line_starts(source)
    return source[_offset(starts, source, span.line, span.col):
                  _offset(starts, source, span.end_line, span.end_col)]


def apply_edits(source: str, edits: list[Edit]) -> str:
    """Apply edits from the last to the first, so earlier positions stay valid."""
    starts = _line_starts(source)
    ordered = sorted(edits, key=lambda e: (e.line, e.col, e.end_line, e.end_col), reverse=True)
    for edit in ordered:
        begin = _offset(starts, source, edit.line, edit.col)
        end = _offset(starts, source, edit.end_line, edit.end_col)
        source = source[:begin] + edit.text + source[end:]
    return source


# --- verification -------------------------------------------------------------------------------


def verify(result: FileResult, recheck: Callable[[str], FileResult]) -> None:
    """Keep, on every diagnostic of ``result``, only the fixes that survive a re-check."""
    for diagnostic in result.diagnostics:
        diagnostic.fixes = [
            fix for fix in diagnostic.fixes if _fix_works(result, diagnostic, fix, recheck)
        ]


def _key(d: Diagnostic) -> tuple[str, str | None]:
    return (d.code, d.model)


def _fix_works(result: FileResult, finding: Diagnostic, fix: Fix,
               recheck: Callable[[str], FileResult]) -> bool:
    try:
        fixed = apply_edits(result.source, fix.edits)
        ast.parse(fixed)
        after = recheck(fixed)
    except Exception:  # noqa: BLE001 - a fix that breaks the file or the checker is dropped
        return False
    if any(d.code == "LL900" for d in after.diagnostics):
        return False
    before_all = Counter(_key(d) for d in result.diagnostics)
    after_all = Counter(_key(d) for d in after.diagnostics)
    if after_all[_key(finding)] >= before_all[_key(finding)]:
        return False
    before_errors = Counter(_key(d) for d in result.diagnostics if d.severity == "error")
    after_errors = Counter(_key(d) for d in after.diagnostics if d.severity == "error")
    if any(after_errors[key] > before_errors[key] for key in after_errors):
        return False
    return _analysed_as_far(result, after)


_STAGE_RANK = {"construct": 0, "build": 1, "fit": 2, "predict": 2}


def _analysed_as_far(before: FileResult, after: FileResult) -> bool:
    """A fix must not pass vacuously: every model must still be built as early as before and
    know as many layer shapes (removing the layer that declares the input leaves the model
    unbuilt, and its finding disappears only because nothing is checked any more)."""
    remaining = list(after.models)
    for model in before.models:
        match = next((m for m in remaining if m.name == model.name), None)
        if match is None:
            return False
        remaining.remove(match)
        if model.built and model.framework == "keras" and _built_later(model, match):
            return False
        if _known(match) < _known(model):
            return False
    return True


def _built_later(before: Any, after: Any) -> bool:
    rank = _STAGE_RANK.get
    return not after.built or rank(after.built_at or "", 3) > rank(before.built_at or "", 3)


def _known(model: Any) -> int:
    return sum(layer.output_shape is not None for layer in model.layers)


# --- builders -----------------------------------------------------------------------------------


def _never_fails(builder: Callable[..., list[Fix]]) -> Callable[..., list[Fix]]:
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


@_never_fails
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


@_never_fails
def input_shape_fixes(replay: Replay, data_shape: Shape) -> list[Fix]:
    """Declare the data's shape as the model input: ``Input(shape)`` or ``input_shape=``."""
    value = data_shape[1:]
    if not all(isinstance(d, int) for d in value):
        return []
    text = "(" + ", ".join(str(d) for d in value) + ("," if len(value) == 1 else "") + ")"
    span, name = None, "input_shape"
    if replay.input_call is not None:
        call = replay.input_call
        span = call.arg_spans.get(0) or call.arg_spans.get("shape")
        name = "Input shape"
    elif replay.layers and isinstance(replay.layers[0].call, Call):
        span = replay.layers[0].call.arg_spans.get("input_shape")
    if span is None:
        return []
    return [Fix(f"Set the {name} to {text} to match the data", [Edit.replace(span, text)],
                safe=False)]


@_never_fails
def one_axis_tuple(source: str, span: Span | None, value: Any) -> list[Fix]:
    """``input_shape=(10)`` / ``Input(shape=784)``: an int is not a shape; ``(10,)`` is."""
    if span is None or not isinstance(value, int) or isinstance(value, bool):
        return []
    return [Fix(f"Write the shape as a tuple: ({value},)", [Edit.replace(span, f"({value},)")])]


@_never_fails
def target_fixes(replay: Replay, finding: LossFinding) -> list[Fix]:
    candidates: list[Fix] = []
    if finding.suggested_loss and replay.compile_event is not None:
        candidates += _change_loss(replay.source, replay.compile_event, finding.suggested_loss)
    if finding.suggested_units is not None and replay.layers:
        last = replay.layers[-1]
        if last.kind == "Dense" and isinstance(last.call, Call):
            span = last.call.arg_spans.get(0) or last.call.arg_spans.get("units")
            if span is not None:
                edits = [Edit.replace(span, str(finding.suggested_units))]
                title = f"Set the units of {last.name} to {finding.suggested_units}"
                activation = _activation_edit(replay.source, last, finding.suggested_activation)
                if activation is None:
                    return candidates  # the activation needs changing but cannot be
                if activation:
                    edits += activation
                    title += f" with activation='{finding.suggested_activation}'"
                candidates.append(Fix(f"{title} to match the targets", edits, safe=False))
    return candidates


def _activation_edit(source: str, layer: Layer, wanted: str | None) -> list[Edit] | None:
    """Edits giving ``layer`` the activation ``wanted`` ([] when nothing to change, None when
    it cannot be written)."""
    if wanted is None or layer.args is None:
        return []
    current = layer.args.raw("activation")
    if isinstance(current, str) and current.rsplit(".", 1)[-1] == wanted:
        return []
    span = layer.call.arg_spans.get("activation")
    if span is not None:
        quote = text_of(source, span)[:1]
        quote = quote if quote in "'\"" else "'"
        return [Edit.replace(span, f"{quote}{wanted}{quote}")]
    units = layer.call.arg_spans.get(0) or layer.call.arg_spans.get("units")
    if units is None or current is not None:
        return None
    return [Edit.insert(units.end_line, units.end_col, f", activation='{wanted}'")]


_LOSS_CLASSES = {
    "binary_crossentropy": "BinaryCrossentropy",
    "sparse_categorical_crossentropy": "SparseCategoricalCrossentropy",
    "categorical_crossentropy": "CategoricalCrossentropy",
}


def _change_loss(source: str, compile_event: Any, loss: str) -> list[Fix]:
    value = compile_event.loss
    span = compile_event.loss_span
    if span is None:
        return []
    if isinstance(value, str):
        quote = text_of(source, span)[:1]
        quote = quote if quote in "'\"" else "'"
        return [Fix(f"Use loss='{loss}'", [Edit.replace(span, f"{quote}{loss}{quote}")])]
    if isinstance(value, Call) and value.func_span is not None:
        func = text_of(source, value.func_span)
        new = re.sub(r"\w+$", _LOSS_CLASSES[loss], func)
        return [Fix(f"Use {_LOSS_CLASSES[loss]}", [Edit.replace(value.func_span, new)])]
    return []


@_never_fails
def remove_argument(source: str, call: Call, name: str) -> list[Fix]:
    """Remove ``name=value`` and the comma that separates it from its neighbour."""
    span = call.kwarg_spans.get(name)
    if span is None:
        return []
    starts = _line_starts(source)
    begin = _offset(starts, source, span.line, span.col)
    end = _offset(starts, source, span.end_line, span.end_col)
    before = source[:begin]
    after = source[end:]
    trailing = re.match(r"\s*,[ \t]*", after)
    leading = re.search(r",\s*$", before)
    if leading:
        begin -= len(leading.group(0))
    elif trailing:
        end += len(trailing.group(0))
    return [Fix(f"Remove the `{name}` argument",
                [_edit_offsets(source, starts, begin, end, "")])]


@_never_fails
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


@_never_fails
def rename_argument(source: str, call: Call, old: str, new: str) -> list[Fix]:
    """``old=value`` -> ``new=value`` (a keyword Keras 3 renamed)."""
    span, value = call.kwarg_spans.get(old), call.arg_spans.get(old)
    if span is None or value is None:
        return []
    return [Fix(f"Write {new}= instead of {old}=",
                [Edit.replace(span, f"{new}={text_of(source, value)}")])]


def _edit_offsets(source: str, starts: list[int], begin: int, end: int, text: str) -> Edit:
    def position(offset: int) -> tuple[int, int]:
        line = max(i for i, s in enumerate(starts) if s <= offset)
        return line + 1, offset - starts[line] + 1

    (line, col), (end_line, end_col) = position(begin), position(end)
    return Edit(line, col, end_line, end_col, text)


@_never_fails
def sigmoid_instead(source: str, layer: Layer) -> list[Fix]:
    call = layer.call
    if not isinstance(call, Call):
        return []
    span = call.arg_spans.get("activation")
    if span is None and layer.kind == "Activation":
        span = call.arg_spans.get(0)
    if span is None:
        return []
    quote = text_of(source, span)[:1]
    quote = quote if quote in "'\"" else "'"
    return [Fix("Use activation='sigmoid' for a single unit",
                [Edit.replace(span, f"{quote}sigmoid{quote}")], safe=False)]


# Layers without weights that only rearrange or subsample their input: removing one where it
# fails keeps the rest of the model as written.
_SHAPE_ONLY = ("Pooling", "Flatten", "Reshape", "Permute", "RepeatVector", "Dropout", "Cropping",
               "ZeroPadding", "UpSampling")


@_never_fails
def layer_fixes(replay: Replay, index: int, code: str, rnn: Layer | None) -> list[Fix]:
    """Candidates for a layer that rejects its input, best first: set return_sequences=True on
    the RNN that feeds it, make a Reshape and the Dense before it agree, remove a shape-only
    layer (the failing one, or the one that produced the shape), replace the failing RNN by
    Dense(units). Verification drops those that leave the model less analysed (pipeline)."""
    candidates: list[Fix] = without_batch_axis(replay) if index == 0 else []
    layer = replay.layers[index]
    received = _input_of(replay, index)
    if rnn is None and code == "LL101" and received is not None and len(received) == 2:
        rnn = replay.rnn_before(index)
    if rnn is not None:
        candidates += _return_sequences(replay.source, rnn)
    if code == "LL104" and layer.kind == "Reshape":
        candidates += _reshape_agreement(replay, index)
    producer = replay.layers[index - 1] if index > 0 else None
    if code in ("LL101", "LL102", "LL103") and _shape_only(layer) and not _shape_only(producer):
        candidates += remove_layer(replay.source, layer)
    if producer is not None and code in ("LL101", "LL102", "LL103", "LL104", "LL301") \
            and rnn is not producer:
        candidates += remove_layer(replay.source, producer)
    if code in ("LL101", "LL301") and layer.kind in ("LSTM", "GRU", "SimpleRNN"):
        candidates += _replace_by_dense(replay.source, layer)
    if code == "LL107" and index > 0:
        candidates += single_output(replay.source, replay.layers[index - 1])
    return candidates


def _input_of(replay: Replay, index: int) -> Shape | None:
    """The shape layer ``index`` received (its own is cleared when it fails)."""
    return replay.layers[index - 1].output_shape if index > 0 else replay.input_shape


def _shape_only(layer: Layer | None) -> bool:
    return layer is not None and any(part in layer.kind for part in _SHAPE_ONLY)


def _reshape_agreement(replay: Replay, index: int) -> list[Fix]:
    """A Reshape whose target size differs from its input: give the Dense before it as many
    units as the target holds, or change one axis of the target to take the whole input."""
    layer = replay.layers[index]
    target = layer.args.raw("target_shape") if layer.args is not None else None
    received = _input_of(replay, index)
    size = _size(received[1:]) if received else None
    if not isinstance(target, (tuple, list)) or not all(
            isinstance(d, int) and d > 0 for d in target) or size is None:
        return []
    candidates: list[Fix] = []
    producer = replay.layers[index - 1] if index > 0 else None
    if producer is not None and producer.kind == "Dense" and isinstance(producer.call, Call):
        span = producer.call.arg_spans.get(0) or producer.call.arg_spans.get("units")
        if span is not None:
            units = _size(tuple(target))
            candidates.append(Fix(
                f"Set the units of {producer.name} to {units} to fill the Reshape target",
                [Edit.replace(span, str(units))], safe=False))
    span = layer.call.arg_spans.get(0) or layer.call.arg_spans.get("target_shape") \
        if isinstance(layer.call, Call) else None
    for axis in (len(target) - 1, 0):
        rest = _size(tuple(target[:axis]) + tuple(target[axis + 1:]))
        if span is None or not rest or size % rest:
            continue
        new = list(target)
        new[axis] = size // rest
        text = "(" + ", ".join(str(d) for d in new) + ("," if len(new) == 1 else "") + ")"
        candidates.append(Fix(f"Reshape to {text}, the size of its input",
                              [Edit.replace(span, text)], safe=False))
        break
    return candidates


def _size(dims: tuple[Any, ...]) -> int | None:
    total = 1
    for dim in dims:
        if not isinstance(dim, int):
            return None
        total *= dim
    return total


@_never_fails
def single_output(source: str, layer: Layer) -> list[Fix]:
    """Make a layer return one tensor: drop return_state, or merge Bidirectional's outputs."""
    call = layer.call
    if not isinstance(call, Call):
        return []
    if "return_state" in call.kwargs:
        return remove_argument(source, call, "return_state")
    span = call.arg_spans.get("merge_mode")
    if layer.kind == "Bidirectional" and span is not None:
        return [Fix("Use merge_mode='concat' (the default)", [Edit.replace(span, "'concat'")],
                    safe=False)]
    return []


def remove_layer(source: str, layer: Layer) -> list[Fix]:
    """Remove a list element (with its comma) or the ``model.add(...)`` statement."""
    span = layer.span if layer.form == "list" else layer.event_span
    written_inline = isinstance(layer.call, Call) and layer.call.span == layer.span
    if span is None or (layer.form == "list" and not written_inline):
        return []  # a list element that names a variable: its own span is not known
    starts = _line_starts(source)
    begin = _offset(starts, source, span.line, span.col)
    end = _offset(starts, source, span.end_line, span.end_col)
    line_begin = starts[span.line - 1]
    rest = re.match(r"[ \t]*,?[ \t]*(#[^\r\n]*)?(\r\n|\r|\n|$)", source[end:])
    if source[line_begin:begin].strip() == "" and rest:
        begin, end = line_begin, end + rest.end()  # the element owns its lines: drop them
    else:
        trailing = re.match(r"[ \t]*,[ \t]*", source[end:])
        if trailing:
            end += trailing.end()
        elif layer.form == "list":
            leading = re.search(r",\s*$", source[:begin])
            if leading:
                begin -= len(leading.group(0))
    return [Fix(f"Remove the {layer.kind} layer ({layer.name})",
                [_edit_offsets(source, starts, begin, end, "")], safe=False)]


def _return_sequences(source: str, rnn: Layer) -> list[Fix]:
    return return_sequences(source, rnn, True)


@_never_fails
def return_sequences(source: str, rnn: Layer, value: bool) -> list[Fix]:
    """Set ``return_sequences=value`` on an RNN (inside a Bidirectional too): replace the
    argument, or, for True, add it. False is only ever written over an explicit True (inserting
    it next to a positional one would pass the argument twice)."""
    call = rnn.call
    if isinstance(call, Call) and call.kind == "Bidirectional" and call.args:
        call = call.args[0]
    if not isinstance(call, Call):
        return []
    title = f"Set return_sequences={value} on {rnn.kind} ({rnn.name})"
    span = call.arg_spans.get("return_sequences")
    if span is not None:
        return [Fix(title, [Edit.replace(span, str(value))])]
    if not value:
        return []
    return add_keyword(source, call, "return_sequences", "True", title)


@_never_fails
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


def _replace_by_dense(source: str, layer: Layer) -> list[Fix]:
    call = layer.call
    if not isinstance(call, Call) or call.func_span is None or layer.args is None:
        return []
    units = layer.args.raw("units")
    if not isinstance(units, int):
        return []
    func = text_of(source, call.func_span)
    if "." in func:
        dense = re.sub(r"\w+$", "Dense", func)
    elif re.search(r"^\s*from\s+\S+\s+import\s+[^\n]*\bDense\b", source, re.MULTILINE):
        dense = "Dense"
    else:
        return []
    return [Fix(f"Replace {layer.kind} ({layer.name}) by {dense}({units})",
                [Edit.replace(layer.span if layer.span == call.span else call.span,
                              f"{dense}({units})")], safe=False)]


# --- the classic fixes for shapes that are off by one axis --------------------------------------


def _class_reference(source: str, call: Call, sibling: str) -> tuple[str, list[Edit]] | None:
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


@_never_fails
def insert_flatten(source: str, dense: Layer) -> list[Fix]:
    """Dense on a 4-D feature map acts on its last axis: insert Flatten() before it."""
    return insert_before(source, dense, "Flatten")


@_never_fails
def insert_before(source: str, layer: Layer, sibling: str, why: str = "") -> list[Fix]:
    """``sibling()`` inserted before ``layer`` in the list (or ``model.add`` sequence) it is
    written in; ``why`` is appended to the title."""
    call = layer.call
    if not isinstance(call, Call):
        return []
    reference = _class_reference(source, call, sibling)
    if reference is None:
        return []
    name, edits = reference
    starts = _line_starts(source)
    if layer.form == "list" and call.span == layer.span:
        span = layer.span
        indent = source[starts[span.line - 1]:_offset(starts, source, span.line, span.col)]
        text = f"{name}(),\n{indent}" if indent.strip() == "" else f"{name}(), "
    elif layer.form == "add" and layer.event_span is not None:
        span = layer.event_span
        statement = text_of(source, span)
        receiver = statement[:statement.find(".add(")] if ".add(" in statement else None
        indent = source[starts[span.line - 1]:_offset(starts, source, span.line, span.col)]
        if not receiver or indent.strip():
            return []
        text = f"{receiver}.add({name}())\n{indent}"
    else:
        return []
    edits = [*edits, Edit.insert(span.line, span.col, text)]
    return [Fix(f"Insert {name}() before {layer.kind} ({layer.name}){why}", edits, safe=False)]


@_never_fails
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


@_never_fails
def without_batch_axis(replay: Replay) -> list[Fix]:
    """``input_shape=x_train.shape`` includes the sample axis: ``x_train.shape[1:]``."""
    if replay.input_call is not None:
        span = replay.input_call.arg_spans.get(0) or replay.input_call.arg_spans.get("shape")
    elif replay.layers and isinstance(replay.layers[0].call, Call):
        span = replay.layers[0].call.arg_spans.get("input_shape")
    else:
        return []
    if span is None:
        return []
    text = text_of(replay.source, span)
    if not re.fullmatch(r"[A-Za-z_][\w.]*\.shape", text):
        return []
    return [Fix(f"Use {text}[1:]: the input shape excludes the batch axis",
                [Edit.replace(span, f"{text}[1:]")], safe=False)]


@_never_fails
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
