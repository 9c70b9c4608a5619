"""Data reaching a Keras 3 functional model: ``fit``/``evaluate``/``predict``/``model(x)`` with
one array, or a list or dict of arrays per input and per output.

Keras 3's checks, in order (measured on Keras 3.15, torch backend): sample counts of every array
("Data cardinality is ambiguous ... 'x' sizes: 10, 11"); the structure of x against the inputs
(a list by position, a dict by input name; "expects 2 named input(s)", "Missing data for
input"); each input's InputSpec for data of the input's rank ("Input 1 with name 'b' of layer
'functional' is incompatible with the layer: expected shape=(None, 3), found shape=(10, 4)"),
then the rank (``_adjust_input_rank``: "Invalid input shape"); then the structure of y against
the outputs and each output's loss on its targets.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ...diagnostics import Related
from ...ir import ArrayValue, DataCall
from ...shapes import format_shape
from . import backend_data, fit_validation, graph_data_keras2, losses
from .graph_data_keras2 import input_error

from .data import NEEDS_COMPILE, _adjust_rank, _first_batch, check_validation_targets, spec_mismatch
from .data import _cardinality as _data_cardinality
from .fit_validation import flatten
from .stack import STAGE_OF, WHOLE_BATCH, Stop

if TYPE_CHECKING:
    from .graph import GraphReplay


def check_graph_data(replay: GraphReplay, event: DataCall, keras2: bool = False) -> None:
    """``keras2``: tf.keras 2's rules (graph_data_keras2.py) where they differ."""
    validation = fit_validation.validation(event)
    _check(replay, fit_validation.training(event), "", keras2)
    if validation is not None:  # evaluated after the first epoch (fit_validation.py)
        _check(replay, validation, "validation_data: ", keras2)


def _check(replay: GraphReplay, event: DataCall, what: str, keras2: bool) -> None:
    """``what``: the prefix of messages about the validation data. tf.keras 2's
    ``train_on_batch`` checks sample counts first too; Keras 3's meets them in the loss."""
    stage = STAGE_OF[event.method]
    targets = event.method in NEEDS_COMPILE and event.y is not None
    if not what:
        _note_unknown(replay, event, targets)
    if event.method in ("fit", "evaluate", "predict") or (
            keras2 and event.method in ("train_on_batch", "test_on_batch")):
        _cardinality(replay, event, event.x, event.y if targets else None, stage, what)
    xs = _by_input(replay, event, event.x, stage, what, keras2)
    if xs is not None:
        if keras2:
            graph_data_keras2.check_inputs(replay, event, xs, stage, what)
        else:
            _inputs(replay, event, xs, stage, what)
    if what:
        check_validation_targets(replay, event, stage)
    if not keras2 and event.method in ("train_on_batch", "test_on_batch") and targets:
        _batch_cardinality(replay, event, stage, what)
    if targets and replay.compiled:  # type: ignore[attr-defined]
        if keras2:
            graph_data_keras2.check_targets(replay, event, stage, what)
        else:
            _targets(replay, event, event.x, event.y, stage, what)


def _arrays(value: Any) -> list[ArrayValue]:
    return [v for v in flatten(value) if isinstance(v, ArrayValue)]


def _note_unknown(replay: GraphReplay, event: DataCall, targets: bool) -> None:
    unknown = [what for what, value, needed in (("data", event.x, True),
                                                ("targets", event.y, targets))
               if needed and value is not None and any(
                   not isinstance(v, ArrayValue) or v.shape is None for v in flatten(value))]
    if unknown:
        call = "model(...)" if event.method == "__call__" else event.method
        replay.note("LL902", event.span,  # type: ignore[attr-defined]
                    f"the {' and '.join(unknown)} passed to {call} "
                    f"({replay.line(event.span.line)}) could not be evaluated; "  # type: ignore[attr-defined]
                    f"{'it is' if len(unknown) == 1 else 'they are'} not checked")


def _samples(array: ArrayValue) -> Any:
    return array.shape[0] if array.shape else None


def _cardinality(replay: GraphReplay, event: DataCall, x: Any, y: Any, stage: str,
                 what: str) -> None:
    xs, ys = [_samples(a) for a in _arrays(x)], [_samples(a) for a in _arrays(y)]
    counts = xs + ys
    if not counts or not all(isinstance(n, int) for n in counts) or len(set(counts)) == 1:
        return
    shown = ", ".join
    sizes = f"'x' sizes: {shown(map(str, xs))}\n" + (f"'y' sizes: {shown(map(str, ys))}\n"
                                                     if y is not None else "")
    framework = ("ValueError: Data cardinality is ambiguous. Make sure all arrays contain the "
                 f"same number of samples.{sizes}")
    if y is None and isinstance(x, dict):  # Keras 3.15 fails while wording that message
        framework = "AttributeError: 'str' object has no attribute 'shape'"
    replay.error(  # type: ignore[attr-defined]
        "LL203", event.span, stage,
        f"{what}the arrays passed hold different numbers of samples (x: {shown(map(str, xs))}"
        + (f"; y: {shown(map(str, ys))}" if y is not None else "") + "); Keras raises "
        f"{replay.where(stage, event.method, event.span)}",  # type: ignore[attr-defined]
        framework)


def _batch_cardinality(replay: GraphReplay, event: DataCall, stage: str, what: str) -> None:
    """Keras 3 ``train_on_batch``/``test_on_batch``: no adapter, the loss meets x's batch and
    y's (data.py; several arrays: not modelled)."""
    if isinstance(event.x, ArrayValue) and isinstance(event.y, ArrayValue):
        _data_cardinality(replay, event, event.x, event.y, stage,  # type: ignore[arg-type]
                          what.removesuffix(": "))
    counts = {_samples(a) for a in _arrays(event.x) + _arrays(event.y)}
    if len(counts) > 1:
        raise Stop  # several batch sizes meet inside the model or its losses: not modelled


def _by_input(replay: GraphReplay, event: DataCall, x: Any, stage: str, what: str,
              keras2: bool) -> list[Any] | None:
    """The array fed to each input (None where unknown); Keras' structure errors raised."""
    inputs = replay.state.inputs
    names = [layer.name for layer in inputs]
    if x is None or not inputs:
        return None
    where = replay.where(stage, event.method, event.span)  # type: ignore[attr-defined]
    if isinstance(x, dict):
        missing = [name for name in names if name not in x]
        if missing:
            replay.error(  # type: ignore[attr-defined]
                "LL201", event.span, stage,
                f"{what}the data has no array for input {missing[0]!r} (keys {sorted(x)}); Keras "
                f"raises {where}",
                f'ValueError: Missing data for input "{missing[0]}". You passed a data '
                f"dictionary with keys {list(x)}. Expected the following keys: {names}",
                related=[Related(inputs[names.index(missing[0])].span, "the input")])
        return [x[name] for name in names]
    given = list(x) if isinstance(x, (list, tuple)) else [x]
    if len(given) != len(inputs):
        if not all(isinstance(v, ArrayValue) for v in given):
            return None
        keys = ", ".join(f"'{name}': ..." for name in names)
        framework = (
            f'ValueError: Layer "{replay.display_name}" expects {len(inputs)} named input(s) '  # type: ignore[attr-defined]
            f"with keys {names}, but it received {len(given)} input tensors. Pass inputs as a "
            f"dict, e.g. `layer({{{keys}}})`.")
        if keras2:
            framework = graph_data_keras2.input_count_error(replay, event, given)
        replay.error(  # type: ignore[attr-defined]
            "LL201", event.span, stage,
            f"{what}the model has {len(inputs)} input{'s' if len(inputs) != 1 else ''} but "
            f"receives {len(given)} array{'s' if len(given) != 1 else ''}; Keras raises {where}",
            framework)
    return given


def _inputs(replay: GraphReplay, event: DataCall, xs: list[Any], stage: str,
            what: str) -> None:
    """Each input's InputSpec (``allow_last_axis_squeeze``: a trailing 1 is dropped on either
    side, then the common axes compared), then ``_adjust_input_rank``, then the layers run on
    the data's shapes (weights built for other sizes fail)."""
    where = replay.where(stage, event.method, event.span)  # type: ignore[attr-defined]
    model = replay.display_name  # type: ignore[attr-defined]
    backend = backend_data.backend_of(replay.model)  # type: ignore[attr-defined]
    pairs = [(i, layer, x) for i, (layer, x) in enumerate(zip(replay.state.inputs, xs))
             if isinstance(x, ArrayValue) and x.shape is not None
             and layer.output_shape is not None]
    for index, layer, x in pairs:
        expected, shape = layer.output_shape, x.shape
        assert expected is not None and shape is not None
        spec = (None, *expected[1:])
        found = (_first_batch(event, x, backend=backend), *shape[1:])
        found_squeezed = found[:-1] if found and found[-1] == 1 else found
        if spec_mismatch(spec, found):  # Keras shows the data's shape squeezed
            input_error(replay, event, stage, what, layer,
                        f"{format_shape(shape)} but the input is {format_shape(expected)}",
                        f"ValueError: Input {index} with name '{layer.name}' of layer '{model}' "
                        f"is incompatible with the layer: expected shape={format_shape(spec)}, "
                        f"found shape={format_shape(found_squeezed)}")
    for index, layer, x in pairs:
        expected, shape = layer.output_shape, x.shape
        assert expected is not None and shape is not None
        if _adjust_rank(shape, expected) is not False:
            continue
        input_error(replay, event, stage, what, layer,
                    f"{format_shape(shape)} ({len(shape)}-D) but the input is "
                    f"{format_shape(expected)} ({len(expected)}-D)",
                    backend_data.input_shape_text(
                        backend, "Functional", format_shape(expected),
                        (_first_batch(event, x, backend=backend), *shape[1:])))
    fed_shapes = {}
    for _, layer, x in pairs:
        adjusted = _adjust_rank(x.shape, layer.output_shape)  # type: ignore[arg-type]
        if not isinstance(adjusted, tuple) or tuple(adjusted[1:]) == tuple(
                layer.output_shape[1:]):  # type: ignore[index]
            continue
        fed_shapes[id(layer.call)] = (_first_batch(event, x, backend=backend), *adjusted[1:])
    if fed_shapes:
        failure = replay.run_on(fed_shapes)
        if failure is not None:
            layer, problem = failure
            replay.error(  # type: ignore[attr-defined]
                "LL201", event.span, stage,
                f"{what}the data differs from the model input, and {problem.message}; Keras raises "
                f"{where}",
                "ValueError: Exception encountered when calling Functional.call(). "
                + problem.framework.removeprefix("ValueError: "),
                related=[Related(layer.span, f"{layer.kind} ({layer.name})")])


def _targets(replay: GraphReplay, event: DataCall, x: Any, y: Any, stage: str,
             what: str) -> None:
    outputs = [t.shape for t in replay.output_tensors()]
    names = replay.output_names()
    where = replay.where(stage, event.method, event.span)  # type: ignore[attr-defined]
    one_loss = not isinstance(replay.loss, (list, dict))  # type: ignore[attr-defined]
    fewer = isinstance(y, dict) and any(name not in y for name in names) or \
        isinstance(y, (list, tuple)) and len(y) < len(outputs)
    if len(outputs) > 1 and one_loss and fewer:
        replay.error(  # type: ignore[attr-defined]
            "LL202", event.span, stage,
            f"{what}the model has {len(outputs)} outputs but fewer target arrays; Keras raises "
            f"{where}", _NO_PATH)
    if len(outputs) == 1 and isinstance(y, dict) and y and all(isinstance(k, str) for k in y):
        replay.error(  # type: ignore[attr-defined]
            "LL202", event.span, stage,
            f"{what}the targets of a single-output model are a dict, which Keras 3 converts to "
            f"an array of its keys; Keras raises {where}",
            backend_data.dict_targets_text(backend_data.backend_of(replay.model), list(y)))  # type: ignore[attr-defined]
    if isinstance(y, dict):
        missing = [name for name in names if name not in y]
        if missing and isinstance(replay.graph.outputs, list) and len(outputs) > 1:
            replay.error(  # type: ignore[attr-defined]
                "LL202", event.span, stage,
                f"{what}the targets have no array for output {missing[0]!r} (keys {sorted(y)}); "
                f"Keras raises {where}",
                "ValueError: y_true and y_pred have different structures.\n"
                f"y_true: { {key: '*' for key in sorted(y)} }\ny_pred: {['*'] * len(outputs)}\n")
        ys = [y.get(name) for name in names]
    else:
        ys = list(y) if isinstance(y, (list, tuple)) else [y]
        if len(ys) != len(outputs):
            if len(outputs) > 1 and len(ys) == 1 and isinstance(y, ArrayValue):
                replay.error(  # type: ignore[attr-defined]
                    "LL204", event.span, stage,
                    f"{what}the model has {len(outputs)} outputs but fit gets one target array, so the "
                    f"loss cannot pair them; Keras raises {where}",
                    _NO_PATH)
            if isinstance(y, (list, tuple)) and len(outputs) > 1:
                replay.error(  # type: ignore[attr-defined]
                    "LL202", event.span, stage,
                    f"{what}the model has {len(outputs)} outputs but receives {len(ys)} target arrays; "
                    f"Keras raises {where}",
                    "ValueError: y_true and y_pred have different structures.\n"
                    f"y_true: {backend_data.target_list(backend_data.backend_of(replay.model), len(ys))}"  # type: ignore[attr-defined]
                    f"\ny_pred: {['*'] * len(outputs)}\n")
            return
    per_output = _losses(replay.loss, names)  # type: ignore[attr-defined]
    samples = next((_samples(a) for a in _arrays(x) + _arrays(y)
                    if isinstance(_samples(a), int)), None)
    backend = backend_data.backend_of(replay.model)  # type: ignore[attr-defined]
    batches = backend_data.loss_batches(backend, event.method, losses.batch_sizes(
        samples, event.kwargs.get("batch_size"), event.method in WHOLE_BATCH), samples,
        event.kwargs.get("batch_size"))
    for name, output, target, loss in zip(names, outputs, ys, per_output):
        if loss is None or output is None or not isinstance(target, ArrayValue) \
                or target.shape is None:
            continue
        finding = losses.check(loss, output, target.shape, batches, backend)
        if finding is None or finding.code == "LL403":
            continue  # broadcasts Keras accepts are not reported per output here
        related = [Related(replay.compile_event.span, f"the loss is {loss.function}")] \
            if replay.compile_event is not None else []  # type: ignore[attr-defined]
        replay.error(finding.code, event.span, stage,  # type: ignore[attr-defined]
                     f"{what}output {name!r}: {finding.message}; Keras raises {where}",
                     finding.framework, related=related)


_NO_PATH = ("KeyError: \"The path: (0,) in the `loss` argument, can't be found in either the "
            "model's output (`y_pred`) or in the labels (`y_true`).\"")


def _losses(loss: Any, names: list[str]) -> list[losses.Loss | None]:
    """The loss of each output: one for all, by position (a list), or by name (a dict)."""
    return [losses.resolve(value) for value in graph_data_keras2.per_output(loss, names)]
