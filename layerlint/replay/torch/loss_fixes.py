"""Candidate fixes for a loss's findings in the script (``criterion(out, y)``,
``F.mse_loss(out, y)``): edits of the output or target argument as written in the call.

* class-index targets of shape (N, 1) (CrossEntropyLoss / NLLLoss): ``y.squeeze(1)``,
  ``y.view(-1)``;
* class-index targets of another dtype: ``y.long()``; float targets as integers
  (BCE losses, one-hot probabilities): ``y.float()``;
* a target one axis of size 1 off the output (MSELoss' broadcasting warning, BCE's size
  error): ``out.squeeze(-1)`` or ``y.unsqueeze(1)`` (and the other way round).
* ``KLDivLoss`` / ``F.kl_div`` with reduction='mean': ``reduction='batchmean'`` where the loss
  is made.

Each is a candidate: ``fixes.verify`` keeps it only when the re-checked program no longer has
the finding.
"""

from __future__ import annotations

import ast
from typing import Any

from ...diagnostics import Edit, Fix
from ...edits import text_of
from ...frontends.torch_script import LOSS_MODULE_SPAN
from ...ir import Span, TorchOp
from ...layers.base import LayerError
from .ops import Tensor

# losses whose targets are class indices (or probabilities shaped like the input)
CLASS_LOSSES = ("F.cross_entropy", "F.nll_loss")
BINARY_LOSSES = ("F.binary_cross_entropy", "F.binary_cross_entropy_with_logits")
REGRESSION_LOSSES = ("F.mse_loss", "F.l1_loss", "F.smooth_l1_loss", "F.huber_loss",
                     "F.kl_div")
# the loss call's own words that say what is wrong with the targets
_MULTI_TARGET = "0D or 1D target tensor expected, multi-target not supported"
_SPATIAL = "only batches of spatial targets supported (3D tensors)"
_INDEX_DTYPE = "expected target dtype to be Long or Byte"
_FLOAT_TARGET = ("Found dtype Long but expected Float", "can't be cast to the desired output "
                 "type", "Expected floating point type for target with class probabilities")
_SIZE = ("Using a target size", "must be the same as input size")
_KL_MEAN = "'mean' will be changed to behave the same as 'batchmean'"


def loss_fixes(op: TorchOp, finding: LayerError, inputs: list[Any], source: str) -> list[Fix]:
    """The candidate fixes of a loss op's finding (none for any other op)."""
    if op.kind != "function" or op.target not in (*CLASS_LOSSES, *BINARY_LOSSES,
                                                  *REGRESSION_LOSSES):
        return []
    if len(inputs) < 2 or not all(isinstance(t, Tensor) for t in inputs[:2]):
        return []
    try:
        spans = _argument_spans(source, op.span)
    except (SyntaxError, ValueError):
        return []
    if spans is None:
        return []
    out, target = inputs[0].shape, inputs[1].shape
    framework = finding.framework
    (out_span, out_text), (y_span, y_text) = spans
    fixes: list[Fix] = []

    def method(span: Span, text: str, call: str, title: str, safe: bool = True) -> None:
        fixes.append(Fix(title, [Edit.replace(span, f"{_operand(text)}.{call}")], safe=safe))

    if op.target in CLASS_LOSSES and (_MULTI_TARGET in framework or _SPATIAL in framework) \
            and len(target) == len(out) and len(target) >= 2 and target[1] == 1:
        method(y_span, y_text, "squeeze(1)", f"Squeeze the targets' class axis: "
               f"`{_operand(y_text)}.squeeze(1)`")
        if len(target) == 2:
            method(y_span, y_text, "view(-1)", f"Flatten the targets: "
                   f"`{_operand(y_text)}.view(-1)`")
    elif op.target in CLASS_LOSSES and _INDEX_DTYPE in framework:
        method(y_span, y_text, "long()", f"Make the class indices integers: "
               f"`{_operand(y_text)}.long()`")
    elif any(words in framework for words in _FLOAT_TARGET):
        method(y_span, y_text, "float()", f"Make the targets floats: "
               f"`{_operand(y_text)}.float()`")
    elif _KL_MEAN in framework:
        span = op.arg_spans.get(LOSS_MODULE_SPAN, op.span)
        edit = set_keyword(source, span, "reduction", "'batchmean'")
        if edit is not None:
            fixes.append(Fix("Use reduction='batchmean' (the KL divergence's batch mean)",
                             [edit], safe=False))
    elif any(words in framework for words in _SIZE):
        safe = finding.code != "LL403"  # the loss the program computed changes
        for axis, inserted in _one_axis_apart(out, target):
            longer = out if inserted else target
            shown = -1 if axis == len(longer) - 1 else axis  # squeeze's axis of the longer
            if inserted:  # the output has an extra axis of size 1
                method(out_span, out_text, f"squeeze({shown})", f"Drop the output's axis of "
                       f"size 1: `{_operand(out_text)}.squeeze({shown})`", safe)
                method(y_span, y_text, f"unsqueeze({axis})", f"Give the targets the output's "
                       f"shape: `{_operand(y_text)}.unsqueeze({axis})`", safe)
            else:
                method(y_span, y_text, f"squeeze({shown})", f"Drop the targets' axis of size "
                       f"1: `{_operand(y_text)}.squeeze({shown})`", safe)
                method(out_span, out_text, f"unsqueeze({axis})", f"Give the output the "
                       f"targets' shape: `{_operand(out_text)}.unsqueeze({axis})`", safe)
    return fixes


def set_keyword(source: str, span: Span, name: str, value: str) -> Edit | None:
    """The call written at ``span`` with keyword ``name`` set to ``value`` (replaced, or
    added last); None when the call's text is not a plain call."""
    text = text_of(source, span)
    try:
        call = ast.parse(text, mode="eval").body
    except SyntaxError:
        return None
    if not isinstance(call, ast.Call) or not text.isascii() or not text.endswith(")"):
        return None
    for keyword in call.keywords:
        if keyword.arg == name:
            node = keyword.value
            assert node.end_lineno is not None and node.end_col_offset is not None
            start = _absolute(span, node.lineno, node.col_offset)
            end = _absolute(span, node.end_lineno, node.end_col_offset)
            return Edit(start[0], start[1], end[0], end[1], value)
    if any(k.arg is None for k in call.keywords):
        return None  # **kwargs may hold it
    given = bool(call.args or call.keywords)
    return Edit(span.end_line, span.end_col - 1, span.end_line, span.end_col - 1,
                f"{', ' if given else ''}{name}={value}")


def _one_axis_apart(out: tuple, target: tuple) -> list[tuple[int, bool]]:
    """Where one shape is the other with an axis of size 1 inserted: (axis, True when the
    output has it)."""
    found: list[tuple[int, bool]] = []
    for longer, shorter, inserted in ((out, target, True), (target, out, False)):
        if len(longer) != len(shorter) + 1:
            continue
        for axis in range(len(longer)):
            if longer[axis] == 1 and tuple(longer[:axis]) + tuple(longer[axis + 1:]) == tuple(
                    shorter):
                found.append((axis, inserted))
                break
    return found[:1]


def _operand(text: str) -> str:
    """``y`` / ``batch[1]`` / ``model(x)`` as they are; anything else in parentheses."""
    try:
        node = ast.parse(text, mode="eval").body
    except SyntaxError:
        return f"({text})"
    plain = (ast.Name, ast.Attribute, ast.Call, ast.Subscript)
    return text if isinstance(node, plain) else f"({text})"


def _argument_spans(source: str, span: Span) -> tuple[tuple[Span, str], tuple[Span, str]] | None:
    """The spans and texts of a call's first two positional arguments, found by parsing the
    call's own text (None when they are not plain positional arguments)."""
    text = text_of(source, span)
    if not text.isascii():
        return None  # ast's offsets are bytes: columns are characters
    call = ast.parse(text, mode="eval").body
    if not isinstance(call, ast.Call) or len(call.args) < 2 or any(
            isinstance(a, ast.Starred) for a in call.args[:2]):
        return None
    found = []
    for node in call.args[:2]:
        assert node.end_lineno is not None and node.end_col_offset is not None
        start = _absolute(span, node.lineno, node.col_offset)
        end = _absolute(span, node.end_lineno, node.end_col_offset)
        found.append((Span(start[0], start[1], end[0], end[1]),
                      ast.get_source_segment(text, node) or ""))
    return found[0], found[1]


def _absolute(span: Span, line: int, col: int) -> tuple[int, int]:
    """A position in the call's text (1-based line, 0-based column) in the file."""
    if line == 1:
        return span.line, span.col + col
    return span.line + line - 1, col + 1
