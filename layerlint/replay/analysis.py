"""``analyze(file_ir) -> FileResult``: every model of a file replayed as its framework would.

Front-end problems pass through as diagnostics. Each Keras model is replayed on its own
(keras_model.Replay for Keras 3, keras2_model.Keras2Replay for tf.keras 2): an error stops that model only, as the exception would stop a script that
built just that model, so a linter still reports the others. Layer names are computed file-wide
because Keras' name counters are shared by every object the script creates.

Fixes on the returned diagnostics are *candidates*; pipeline.check_source verifies them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, NamedTuple

from ..diagnostics import Diagnostic
from ..ir import (
    Add,
    Call,
    Construct,
    FileIR,
    Functional,
    ModelIR,
    Subclassed,
    SubclassTrace,
    TorchScript,
)
from ..layers.base import lookup
from ..layers.keras._op import lookup_op
from ..layers.keras.naming import NameCounter
from ..results import FileResult
from . import data_origin, unfollowed
from .keras import data_layout
from .keras.model import INPUT_KINDS, Replay, plain_line
from .keras.optimizers import optimizer_diagnostics


def analyze(file_ir: FileIR) -> FileResult:
    if any(model.framework == "torch" for model in file_ir.models):
        from .torch import bindings  # the file's torch replays bind each module once

        with bindings.shared():
            return _analyze(file_ir)
    return _analyze(file_ir)


def _analyze(file_ir: FileIR) -> FileResult:
    result = FileResult(file_ir.path, file_ir.source)
    result.cell_offsets = getattr(file_ir, "cell_offsets", None)
    result.diagnostics.extend(_problems(file_ir))
    result.diagnostics.extend(file_ir.notes)
    keras_models = [m for m in file_ir.models
                    if m.framework == "keras" and m.dialect in ("keras3", "keras2")]
    kinds = {id(m): model_kind(m) for m in keras_models}
    names, model_names = keras_names(keras_models, kinds)
    names.update(model_names)  # a model used as a layer (in a graph, in a subclass's call())
    built_by_calls: dict[int, Any] = {}  # id(Sequential) -> its report once a graph built it
    seen = {_identity(d) for d in result.diagnostics}  # grows with them: not rebuilt per model
    for model in file_ir.models:  # in source order, so reports list models as written
        kind = kinds.get(id(model))
        if kind is not None:
            replay: Any = _replay_class(model, kind)(
                model, model_names[id(model)], names, file_ir.source, line=_line_format(file_ir)
            )
        elif model.framework == "torch" and any(isinstance(e, TorchScript) for e in model.events):
            from .torch.script import ScriptReplay  # listed first: it gives models their inputs

            replay = ScriptReplay(model, file_ir.source)
        elif model.framework == "torch":
            from .torch.model import TorchReplay

            replay = TorchReplay(model, file_ir.source)
        else:
            continue
        start = len(result.diagnostics)
        _run(replay, model, result, seen)
        if len(result.diagnostics) > start:
            seen.update(_identity(d) for d in result.diagnostics[start:])
        built_by_calls.update(getattr(replay, "built_sequentials", dict)())
    _built_by_calls(result, file_ir, built_by_calls)
    data_origin.annotate(keras_models, result.diagnostics, file_ir.source,
                         _line_format(file_ir))
    result.diagnostics.extend(optimizer_diagnostics(keras_models, file_ir.source))
    unfollowed.account(file_ir, result)
    result.diagnostics.sort(key=lambda d: d.sort_key)
    return result


def _identity(d: Diagnostic) -> tuple[str, Any, str]:
    return (d.code, d.span, d.message)


def _run(replay: Any, model: ModelIR, result: FileResult, seen: set[tuple[str, Any, str]]) -> None:
    """Replay one model into ``result``; one model's internal bug must not hide the others.
    ``seen``: the identities of the findings already in ``result``."""
    try:
        replay.run()
        report = replay.report()
        if model.framework == "keras":
            data_layout.refine(replay.diagnostics, model, report.input_shape, replay.source)
    except Exception as error:  # noqa: BLE001 - reported as LL900, never a traceback
        result.diagnostics.append(Diagnostic(
            "LL900", "error", model.span,
            f"layerlint could not analyse model {model.name!r}: internal error "
            f"{type(error).__name__}: {error}", model=model.name))
        return
    if model.kind == "model":  # not tensors outside any model, nor a part of a subclass
        result.models.append(report)
    else:
        result.unlisted[model.name] = model.framework
    if report.unfollowed is not None and model.kind != "part":  # not checked (a part: the
        # subclass holding it is counted, with a note where it is not followed)
        result.unfollowed.append(report.unfollowed)
    # A node two models share (an encoder in an autoencoder) fails once, not once per model.
    if replay.diagnostics:
        result.diagnostics.extend(d for d in replay.diagnostics if _identity(d) not in seen)
    # A node two models share (a tensor graph and the free tensors after it) is noted once.
    notes = getattr(replay, "notes", None)
    if notes:
        result.diagnostics.extend(
            Diagnostic(note.code, "info", note.span, note.message, model=model.name)
            for note in notes.values()
            if (note.code, note.span, note.message) not in seen
        )


def _built_by_calls(result: FileResult, file_ir: FileIR, built: dict[int, Any]) -> None:
    """A Sequential with no Input that a tensor graph calls is built by that call (its layers
    get their shapes and weights there): its own report shows it built."""
    for model in file_ir.models:
        if id(model) not in built:
            continue
        for report in result.models:
            if report.name == model.name and report.line == model.span.line and not report.built:
                made = built[id(model)]
                report.layers, report.built, report.built_at = made.layers, True, "construct"


def _line_format(file_ir: FileIR) -> Callable[[int], str]:
    """How messages cite a line: "line 12", or "cell 4, line 2" in a notebook."""
    if not file_ir.cell_offsets:
        return plain_line
    from ..frontends.notebook import cell_position

    def cell_line(line: int) -> str:
        cell, inside = cell_position(file_ir, line)
        return f"cell {cell}, line {inside}"

    return cell_line


def _replay_class(model: ModelIR, kind: ModelKind) -> type[Replay]:
    """Keras 2 models replay with tf.keras semantics (keras/keras2.py); tensor graphs with the
    graph replay (keras/graph.py)."""
    functional = kind.functional
    if kind.subclassed is not None:  # subclassed models (keras/subclass*.py)
        if model.dialect == "keras2":
            from .keras.subclass_keras2 import Keras2SubclassReplay

            return Keras2SubclassReplay
        from .keras.subclass import SubclassReplay

        return SubclassReplay
    if model.dialect == "keras2":
        from .keras.keras2 import Keras2Replay

        if functional:
            from .keras.graph import GraphReplay

            return type("Keras2FunctionalReplay", (GraphReplay, Keras2Replay),
                        {"keras3_semantics": False})
        return Keras2Replay
    if functional:
        from .keras.graph import FunctionalReplay

        return FunctionalReplay
    return Replay


def _problems(file_ir: FileIR) -> list[Diagnostic]:
    """Front-end problems are Diagnostics already (LL900); anything else is wrapped."""
    out = []
    for problem in file_ir.problems:
        out.append(problem if isinstance(problem, Diagnostic) else _as_diagnostic(problem))
    return out


def _as_diagnostic(problem: Any) -> Diagnostic:
    from ..ir import Span

    span = getattr(problem, "span", None) or Span(1, 1, 1, 1)
    message = getattr(problem, "message", None) or str(problem)
    return Diagnostic(getattr(problem, "code", "LL900"), "error", span, message)


def keras_names(models: list[ModelIR], kinds: dict[int, ModelKind] | None = None
                ) -> tuple[dict[int, str], dict[int, str]]:
    """Keras' automatic names for every layer call (by ``id``) and every model.

    Objects are named when they are created: a call's object exists once its closing
    parenthesis is evaluated, so ordering calls by where they end gives creation order (an inner
    ``LSTM`` in ``Bidirectional(LSTM(8))`` before its wrapper, the layers of ``Sequential([...])``
    before the model). Explicit ``name=`` arguments do not advance the counters. ``kinds``: each
    model's :func:`model_kind`, when the caller has them.
    """
    if not models:  # a file without Keras models (torch, plain Python): nothing to name
        return {}, {}
    if kinds is None:
        kinds = {id(m): model_kind(m) for m in models}
    created: dict[tuple, tuple[Any, str]] = {}  # creation key -> (object, class name)
    # one walk per model; a layer a custom layer's build() would create, never built, is never
    # made (frontends/subclass.py built_now); tf.keras 2 (not followed there) names such layers
    # in a scope of their own when it traces the build
    keras2 = any(m.dialect == "keras2" for m in models)
    calls_of: dict[int, list[Call]] = {}
    # The front end's creation order is exact (a function called twice creates its objects
    # twice); source position is the fallback when an object has none.
    by_order = True
    for model in models:
        calls, ordered = _layer_calls(model, keras2)
        calls_of[id(model)] = calls
        if not ordered or model.order is None:
            by_order = False
    for model in models:
        if model.kind == "tensors":
            pass
        elif "name" not in kinds[id(model)].kwargs:
            key = (model.order,) if by_order else _end(model.span) + (0,)
            created[key] = (model, kinds[id(model)].class_name)
        setdefault = created.setdefault
        if by_order:
            for call in calls_of[id(model)]:
                setdefault((call.order,), (call, call.kind))
        else:
            for call in calls_of[id(model)]:
                span = call.span
                setdefault((span.end_line, span.end_col, 1, span.line, span.col, _order(call)),
                           (call, call.kind))
    _hidden_builds(models, created, by_order, kinds)
    take = NameCounter().take
    # tf.keras 2 names an InputLayer input_1, input_2, ... (one-based; engine/input_layer.py)
    inputs_seen = 0
    layer_names: dict[int, str] = {}
    model_names: dict[int, str] = {}
    by_span: dict[tuple, str] = {}
    for _, (obj, kind) in sorted(created.items()):  # (keys are unique: values never compared)
        if not isinstance(obj, Call):
            if isinstance(obj, tuple):  # an object a Sequential makes when it builds
                layer_names[obj] = take(kind)  # type: ignore[index]
            else:  # a model
                model_names[id(obj)] = take("Model" if keras2 and kind == "Functional" else kind)
            continue
        explicit = obj.kwargs.get("name")
        ident = _ident(obj)
        if explicit is None:
            pass
        elif isinstance(explicit, str):
            by_span[ident] = explicit
            continue
        else:  # named by a value layerlint cannot evaluate: no counter used
            by_span[ident] = "?"
            continue
        if kind in INPUT_KINDS:
            if keras2:
                inputs_seen += 1
                by_span[ident] = f"input_{inputs_seen}"
            else:
                by_span[ident] = take("InputLayer")
        else:
            spec = lookup("keras", kind)
            by_span[ident] = take(spec.name if spec else kind)
    if keras2:  # TensorFlow functions on tensors: TFOpLambda layers, named apart
        from .keras.graph_tf_ops import tf_op_names

        layer_names.update(tf_op_names(models))  # type: ignore[arg-type]
    for model in models:
        kind_of = kinds[id(model)]
        explicit = kind_of.kwargs.get("name")
        if isinstance(explicit, str):
            model_names[id(model)] = explicit
        functional = "model" if model.dialect == "keras2" else "functional"
        model_names.setdefault(id(model), functional if kind_of.class_name == "Functional"
                               else "sequential")
    # A subclassed model held by another (``self.inner = Inner()``) is created once: its Call
    # in the holder's layers shares the model's creation order, and so its name.
    subclassed: dict[Any, ModelIR] | None = None
    for model in models:
        for call in calls_of[id(model)]:
            ident = _ident(call)
            name = by_span.get(ident)
            if name is None:
                if subclassed is None:
                    subclassed = {m.order: m for m in models
                                  if m.order is not None and kinds[id(m)].subclassed}
                held = subclassed.get(call.order)
                name = model_names[id(held)] if held is not None else by_span[ident]
            layer_names[id(call)] = name
    return layer_names, model_names


def _hidden_builds(models: list[ModelIR], created: dict[tuple, tuple[Any, str]],
                   by_order: bool, kinds: dict[int, ModelKind]) -> None:
    """A Keras 3 Sequential that builds makes an InputLayer (unless an Input call is its first
    layer) and a Functional of its own, which take names ("input_layer_1", "functional_1";
    measured on 3.15): when it is created with an Input or ``input_shape=``, or when it is first
    called on a symbolic tensor."""
    if not by_order or any(m.dialect != "keras3" for m in models):
        return
    called: dict[int, int] = {}  # id(Sequential) -> order of its first call on tensors
    for model in models:
        if not kinds[id(model)].functional:
            continue
        for event in model.events:
            if isinstance(event, Functional):
                for node in event.graph.nodes:
                    if node.kind == "op" and node.order is not None and str(
                            node.target).startswith("keras.ops."):  # an Operation: named
                        created.setdefault((node.order,), (("op", id(node)), _op_class(node)))
                    if node.kind == "model" and node.order is not None and \
                            _model_class(node.target) == "Sequential":
                        called[id(node.target)] = min(node.order,
                                                      called.get(id(node.target), node.order))
    for model in models:
        if kinds[id(model)].class_name != "Sequential" or model.order is None:
            continue
        first = None
        for event in model.events:
            if isinstance(event, Construct):
                first = event.layers[0] if event.layers else None
                break
        declared = isinstance(first, Call) and (first.kind in INPUT_KINDS or (
            "input_shape" in first.kwargs or "input_dim" in first.kwargs)
            and first.kind != "Embedding")
        at = model.order if declared else called.get(id(model))
        if at is None:
            continue
        if not (isinstance(first, Call) and first.kind in INPUT_KINDS):
            created[(at, 1)] = (("input", id(model)), "InputLayer")
        created[(at, 2)] = (("functional", id(model)), "functional")


def _op_class(node: Any) -> str:
    """The Operation class a keras.ops function makes (``expand_dims`` -> ``ExpandDims``)."""
    spec = lookup_op(str(node.target))
    if spec is not None:
        return spec.class_name
    return "".join(part.title() for part in str(node.target).rsplit(".", 1)[-1].split("_"))


class ModelKind(NamedTuple):
    """What a model's events say of its class, read in one pass over them."""

    class_name: str  # the class Keras 3 names the model after (Sequential, Functional, a subclass)
    subclassed: Subclassed | None  # its first Subclassed event
    functional: bool  # any Functional event
    kwargs: dict[str, Any]  # its constructor's other arguments (name=...)


def model_kind(model: ModelIR) -> ModelKind:
    subclassed: Subclassed | None = None
    functional = False
    kwargs: dict[str, Any] | None = None
    for event in model.events:
        kind = type(event)  # (no event class has subclasses)
        if kind is Subclassed:
            if subclassed is None:
                subclassed = event
        elif kind is Functional:
            functional = True
        elif kind is not Construct:
            continue
        if kwargs is None:
            kwargs = event.kwargs
    class_name = subclassed.class_name if subclassed is not None else \
        "Functional" if functional else "Sequential"
    return ModelKind(class_name, subclassed, functional, {} if kwargs is None else kwargs)


def _model_class(model: ModelIR) -> str:
    """The class Keras 3 names the model after (``sequential``, ``functional``, a subclass)."""
    return model_kind(model).class_name


def _end(span: Any) -> tuple[int, int]:
    return (span.end_line, span.end_col)


def _ident(call: Call) -> tuple:
    return (call.kind, call.span, _order(call))


def _order(call: Call) -> int:
    """Creation order from the front end: one span may create several layers (a loop)."""
    return -1 if getattr(call, "order", None) is None else call.order


def _layer_calls(model: ModelIR, keras2: bool) -> tuple[list[Call], bool]:
    """Every layer call of a model's events, nested ones (wrapped layers) included, but a layer
    a custom layer's build() would create when it has no creation order or the file is
    tf.keras 2's (keras_names); and whether every call listed has its creation order."""
    found: list[Call] = []
    unordered = [False]

    def visit_call(call: Call) -> None:
        for arg in call.args:
            if isinstance(arg, (Call, list, tuple)):  # (a plain value holds no layer)
                visit(arg)
        for arg in call.kwargs.values():
            if isinstance(arg, (Call, list, tuple)):
                visit(arg)
        facts = call.facts
        if not facts or not facts.get("made_in_build") or \
                call.order is not None and not keras2:
            found.append(call)  # Inputs too: Keras names their InputLayer
            if call.order is None:
                unordered[0] = True
        if facts:
            trace = facts.get("subclass")
            if isinstance(trace, SubclassTrace):  # a subclassed layer's own layers
                for _, layer in trace.layers:
                    visit(layer)

    def visit(value: Any) -> None:
        if isinstance(value, Call):
            visit_call(value)
        elif isinstance(value, (list, tuple)):
            for item in value:
                if isinstance(item, Call):
                    visit_call(item)
                elif isinstance(item, (list, tuple)):
                    visit(item)

    for event in model.events:
        if isinstance(event, Construct):
            visit(event.layers)
        elif isinstance(event, Add):
            visit(event.layer)
        elif isinstance(event, Subclassed):
            visit([layer for _, layer in event.trace.layers])
        elif isinstance(event, Functional):
            for node in event.graph.nodes:
                if node.kind in ("input", "layer") and isinstance(node.target, Call):
                    visit_call(node.target)
    return found, not unordered[0]
