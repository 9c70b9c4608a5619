"""Candidate fixes the Keras replay offers for a failing layer, loss or input: each built from
the replay's layers and the source, as text edits; fixes.verify keeps those that work."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from ...diagnostics import Edit, Fix
from ...edits import (
    add_keyword,
    class_reference,
    edit_offsets,
    line_starts,
    never_fails,
    offset_of,
    remove_argument,
    text_of,
)
from ...ir import Call
from ...shapes import Shape

if TYPE_CHECKING:
    from .losses import LossFinding
    from .model import Replay
    from .stack import Layer


_LOSS_CLASSES = {
    "binary_crossentropy": "BinaryCrossentropy",
    "sparse_categorical_crossentropy": "SparseCategoricalCrossentropy",
    "categorical_crossentropy": "CategoricalCrossentropy",
}
_SHAPE_ONLY = ("Pooling", "Flatten", "Reshape", "Permute", "RepeatVector", "Dropout", "Cropping",
               "ZeroPadding", "UpSampling")


@never_fails
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


@never_fails
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


@never_fails
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


@never_fails
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


@never_fails
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
    starts = line_starts(source)
    begin = offset_of(starts, source, span.line, span.col)
    end = offset_of(starts, source, span.end_line, span.end_col)
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
                [edit_offsets(source, starts, begin, end, "")], safe=False)]


def _return_sequences(source: str, rnn: Layer) -> list[Fix]:
    return return_sequences(source, rnn, True)


@never_fails
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


@never_fails
def insert_flatten(source: str, dense: Layer) -> list[Fix]:
    """Dense on a 4-D feature map acts on its last axis: insert Flatten() before it."""
    return insert_before(source, dense, "Flatten")


@never_fails
def insert_before(source: str, layer: Layer, sibling: str, why: str = "") -> list[Fix]:
    """``sibling()`` inserted before ``layer`` in the list (or ``model.add`` sequence) it is
    written in; ``why`` is appended to the title."""
    call = layer.call
    if not isinstance(call, Call):
        return []
    reference = class_reference(source, call, sibling)
    if reference is None:
        return []
    name, edits = reference
    starts = line_starts(source)
    if layer.form == "list" and call.span == layer.span:
        span = layer.span
        indent = source[starts[span.line - 1]:offset_of(starts, source, span.line, span.col)]
        text = f"{name}(),\n{indent}" if indent.strip() == "" else f"{name}(), "
    elif layer.form == "add" and layer.event_span is not None:
        span = layer.event_span
        statement = text_of(source, span)
        receiver = statement[:statement.find(".add(")] if ".add(" in statement else None
        indent = source[starts[span.line - 1]:offset_of(starts, source, span.line, span.col)]
        if not receiver or indent.strip():
            return []
        text = f"{receiver}.add({name}())\n{indent}"
    else:
        return []
    edits = [*edits, Edit.insert(span.line, span.col, text)]
    return [Fix(f"Insert {name}() before {layer.kind} ({layer.name}){why}", edits, safe=False)]


@never_fails
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
