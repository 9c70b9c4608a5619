"""Differential tests of the Sequential replay (keras_model / keras_data / losses) against real
Keras 3, built from hand-made IR so they pin the analysis independently of the front end.

A scenario is a list of models, each a list of events. ``layerlint_outcome`` builds the IR (one
event per line, in file order) and analyses it; ``keras_outcome`` runs the same events in real
Keras. Both report, per model: the index of the event at which Keras raises (None if none), the
Keras layer names, and the layers' output shapes when the model is built.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass

import numpy as np
import pytest
from catalogue_harness import parse_call

from layerlint.ir import (
    UNKNOWN,
    Add,
    ArrayValue,
    Build,
    Call,
    Compile,
    Construct,
    DataCall,
    FileIR,
    ModelIR,
    Pop,
    Span,
)
from layerlint.replay.analysis import analyze

pytestmark = pytest.mark.keras3


@dataclass
class Outcome:
    failed_at: int | None
    names: list[str] | None
    shapes: list[tuple | None] | None
    model_name: str


# --- building the IR ----------------------------------------------------------------------------


def _spanned(call: Call, line: int, col: int, end: int) -> Call:
    """Give a parsed call (and the calls nested in it) spans inside [col, end) on ``line``."""
    call.span = Span(line, col, line, end)
    call.func_span = Span(line, col, line, col + 1)
    inner_end = end - 1
    for value in (*call.args, *call.kwargs.values()):
        if isinstance(value, Call):
            _spanned(value, line, col + 1, inner_end)
            inner_end -= 1
    return call


def _layer(src: str, line: int, col: int) -> Call:
    if src.startswith("Lambda("):  # a function argument: the front end gives UNKNOWN
        return _spanned(Call("Lambda", "keras.layers.Lambda", (UNKNOWN,), {}, Span(1, 1, 1, 1)),
                        line, col, col + 200)
    return _spanned(parse_call(src), line, col, col + 200)


def _array(shape: tuple | None, line: int) -> ArrayValue:
    return ArrayValue(shape, span=Span(line, 1, line, 5))


def build_ir(models: list[list[tuple]]) -> FileIR:
    line = 1
    irs = []
    for number, events in enumerate(models):
        model_events = []
        first = line
        for event in events:
            kind = event[0]
            span = Span(line, 1, line, 1000)
            if kind == "seq":
                layers = [_layer(src, line, 10 + 210 * i) for i, src in enumerate(event[1])]
                model_events.append(Construct(layers, span, dict(event[2]) if len(event) > 2
                                              else {}))
            elif kind == "seq_empty":
                model_events.append(Construct([], span))
            elif kind == "add":
                model_events.append(Add(_layer(event[1], line, 10), span))
            elif kind == "build":
                model_events.append(Build(event[1], span))
            elif kind == "pop":
                model_events.append(Pop(span))
            elif kind == "compile":
                model_events.append(Compile(event[1], span))
            else:
                x = _array(event[1], line)
                y = _array(event[2], line) if len(event) > 2 and event[2] is not None else None
                kwargs = dict(event[3]) if len(event) > 3 else {}
                validation = kwargs.pop("validation_data", None)
                if validation is not None:
                    validation = (_array(validation[0], line), _array(validation[1], line))
                model_events.append(DataCall(kind, x, y, span, validation, kwargs))
            line += 1
        irs.append(ModelIR(f"model{number}", "keras", "keras3", Span(first, 1, first, 1000),
                           model_events))
    return FileIR("scenario.py", "", irs)


def layerlint_outcome(models: list[list[tuple]]) -> tuple[list[Outcome], list]:
    ir = build_ir(models)
    result = analyze(ir)
    outcomes = []
    for model_ir, report in zip(ir.models, result.models):
        errors = [d for d in result.diagnostics if d.model == model_ir.name
                  and d.severity == "error"]
        failed = None
        if errors:
            failed = errors[0].span.line - model_ir.span.line
        shapes = ([row.output_shape for row in report.layers] if report.built and not errors
                  else None)
        names = [row.name for row in report.layers]
        name = report.display_name
        if failed is not None and models[len(outcomes)][failed][0] == "seq":
            names = None  # Sequential([...]) raised: Keras leaves no model to list
            if errors[0].code == "LL105":
                name = "?"  # a layer's constructor raised before the Sequential existed
        outcomes.append(Outcome(failed, names, shapes, name))
    return outcomes, result.diagnostics


# --- running it in Keras ------------------------------------------------------------------------


def keras_outcome(models: list[list[tuple]]) -> list[Outcome]:
    import keras

    keras.backend.clear_session()  # fresh name counters, as in a new script
    namespace = {name: getattr(keras.layers, name) for name in dir(keras.layers)}
    namespace["Input"] = keras.Input
    outcomes = []
    for events in models:
        model = None
        failed = None
        for index, event in enumerate(events):
            try:
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")
                    model = _keras_event(keras, namespace, model, event)
            except Exception:  # noqa: BLE001 - the failing event is what we measure
                failed = index
                break
        layers = model.layers if model is not None else []
        names = [layer.name for layer in layers] if model is not None else None
        shapes = None
        if model is not None and model.built and failed is None:
            shapes = [tuple(_first(layer.output).shape) for layer in layers]
        outcomes.append(Outcome(failed, names, shapes,
                                model.name if model is not None else _failed_model_name(keras)))
    return outcomes


def _first(output):
    """The first tensor of a layer's output (layerlint's output_shape for several outputs)."""
    return output[0] if isinstance(output, (list, tuple)) else output


def _failed_model_name(keras) -> str:
    """The name the Sequential that raised in its constructor got (the latest one)."""
    probe = keras.Sequential()
    number = int(probe.name.rsplit("_", 1)[1]) - 1 if "_" in probe.name else -1
    return "sequential" if number == 0 else f"sequential_{number}" if number > 0 else "?"


def _data(shape: tuple) -> np.ndarray:
    return np.random.rand(*shape).astype("float32")


def _keras_event(keras, namespace, model, event):
    kind = event[0]
    if kind == "seq":
        layers = [eval(src, namespace) for src in event[1]]  # the test's own literals
        return keras.Sequential(layers, **(dict(event[2]) if len(event) > 2 else {}))
    if kind == "seq_empty":
        return keras.Sequential()
    if kind == "add":
        model.add(eval(event[1], namespace))
    elif kind == "build":
        model.build(event[1])
    elif kind == "pop":
        model.pop()
    elif kind == "compile":
        model.compile(optimizer="sgd", loss=event[1])
    elif kind == "__call__":
        model(_data(event[1]))
    else:
        x = _data(event[1])
        kwargs = dict(event[3]) if len(event) > 3 else {}
        if "validation_data" in kwargs:
            vx, vy = kwargs["validation_data"]
            kwargs["validation_data"] = (_data(vx), _data(vy))
        if kind in ("predict", "predict_on_batch"):
            getattr(model, kind)(x, **({"verbose": 0} if kind == "predict" else {}))
        elif kind in ("train_on_batch", "test_on_batch"):
            getattr(model, kind)(x, _data(event[2]))
        else:
            getattr(model, kind)(x, _data(event[2]), verbose=0, **kwargs)
    return model


def _seq(*layers: str, **kwargs) -> tuple:
    return ("seq", list(layers), kwargs)


SCENARIOS = {
    "seed1": [[_seq("LSTM(64, input_shape=(None, 10))", "Dense(1)"), ("compile", "mse"),
               ("fit", (100, 10), (100, 1))]],
    "seed1_fixed": [[_seq("LSTM(64, input_shape=(None, 10))", "Dense(1)"), ("compile", "mse"),
                     ("fit", (100, 1, 10), (100, 1))]],
    "seed2": [[_seq("LSTM(64, return_sequences=True, input_shape=(10, 5))", "Flatten()",
                    "LSTM(32)"), ("compile", "mse"), ("fit", (100, 10, 5), (100, 1))]],
    "seed2_first_rnn_no_sequences": [[
        _seq("LSTM(64, return_sequences=False, input_shape=(10, 5))", "Flatten()", "LSTM(32)")]],
    "unbuilt_then_fit": [[_seq("Dense(3)", "Dense(1)"), ("compile", "mse"),
                          ("fit", (100, 10), (100, 1))]],
    "unbuilt_predict": [[_seq("Dense(3)", "Dense(1)"), ("predict", (10, 4))]],
    "unbuilt_call": [[_seq("Dense(3)", "Dense(1)"), ("__call__", (7, 4))]],
    "unbuilt_train_on_batch": [[_seq("Dense(3)"), ("compile", "mse"),
                                ("train_on_batch", (50, 4), (50, 3))]],
    "unbuilt_lstm_2d_data": [[_seq("LSTM(3)", "Dense(1)"), ("compile", "mse"),
                              ("fit", (64, 10), (64, 1))]],
    "unbuilt_error_deep": [[_seq("Dense(3)", "LSTM(3)"), ("compile", "mse"),
                            ("fit", (64, 10), (64, 1))]],
    "add_rebuilds": [[("seq_empty",), ("add", "Input((10, 5))"), ("add", "LSTM(4)"),
                      ("add", "LSTM(4)"), ("add", "Dense(1)")]],
    "add_unbuilt_then_build": [[("seq_empty",), ("add", "Dense(4)"), ("add", "Dense(2)"),
                                ("build", (None, 6))]],
    "pop_then_add": [[("seq_empty",), ("add", "Input((10, 5))"),
                      ("add", "LSTM(4, return_sequences=True)"), ("add", "Dense(2)"), ("pop",),
                      ("add", "LSTM(3)")]],
    "pop_then_add_wrong_rank": [[("seq_empty",), ("add", "Input((10, 5))"), ("add", "LSTM(4)"),
                                 ("add", "Dense(2)"), ("pop",), ("add", "Flatten()"),
                                 ("add", "LSTM(3)")]],
    "build_contradicts_input": [[_seq("Input((10,))", "Dense(1)"), ("build", (None, 12))]],
    "build_empty": [[("seq_empty",), ("build", (None, 3))]],
    "duplicate_names": [[_seq("Dense(2, name='x')", "Dense(2, name='x')")]],
    "second_input": [[_seq("Input((10,))", "Dense(2)"), ("add", "Input((3,))")]],
    "creation_error": [[_seq("Input((10,))", "Dense(0)")]],
    "rank_adjust_trailing_one": [[_seq("Input((28, 28, 1))", "Flatten()", "Dense(1)"),
                                  ("compile", "mse"), ("fit", (64, 28, 28), (64, 1))]],
    "rank_adjust_extra_one": [[_seq("Input((28, 28))", "Flatten()", "Dense(1)"),
                               ("compile", "mse"), ("fit", (64, 28, 28, 1), (64, 1))]],
    "rank_mismatch_extra_three": [[_seq("Input((28, 28))", "Flatten()", "Dense(1)"),
                                   ("compile", "mse"), ("fit", (64, 28, 28, 3), (64, 1))]],
    "features_differ_dense": [[_seq("Input((10,))", "Dense(1)"), ("compile", "mse"),
                               ("fit", (64, 12), (64, 1))]],
    "timesteps_differ_lstm_runs": [[_seq("Input((10, 5))", "LSTM(3)", "Dense(1)"),
                                    ("compile", "mse"), ("fit", (64, 12, 5), (64, 1))]],
    "timesteps_differ_flatten_fails": [[_seq("Input((10, 5))", "Flatten()", "Dense(1)"),
                                        ("compile", "mse"), ("fit", (64, 12, 5), (64, 1))]],
    "features_differ_lstm": [[_seq("Input((10, 5))", "LSTM(3)", "Dense(1)"),
                              ("compile", "mse"), ("fit", (64, 10, 6), (64, 1))]],
    "cardinality": [[_seq("Input((10,))", "Dense(1)"), ("compile", "mse"),
                     ("fit", (64, 10), (60, 1))]],
    "cardinality_evaluate": [[_seq("Input((10,))", "Dense(1)"), ("compile", "mse"),
                              ("evaluate", (64, 10), (60, 1))]],
    "cardinality_train_on_batch": [[_seq("Input((10,))", "Dense(1)"), ("compile", "mse"),
                                    ("train_on_batch", (64, 10), (60, 1))]],
    "validation_cardinality": [[_seq("Dense(3)"), ("compile", "mse"),
                                ("fit", (100, 10), (100, 3),
                                 {"validation_data": ((20, 10), (21, 3))})]],
    "validation_targets": [[_seq("Dense(3)"), ("compile", "categorical_crossentropy"),
                            ("fit", (100, 10), (100, 3),
                             {"validation_data": ((20, 10), (20, 1))})]],
    "names_across_models": [
        [_seq("LSTM(4, input_shape=(3, 2))", "Dense(1)")],
        [_seq("Input((3, 2))", "Bidirectional(LSTM(4))", "Dense(1)")],
        [_seq("Input((3, 2))", "TimeDistributed(Dense(4))", "LSTM(2)", "Dense(1)")],
        [_seq("Input((4,))", "Dense(2, name='dense_9')", "Dense(1)"), ("compile", "mse")],
        [_seq("Input((4,))", "Dense(1)", name="mine")],
    ],
    "several_outputs_then_dense": [[_seq("Input((3, 2))", "LSTM(4, return_state=True)",
                                         "Dense(2)")]],
    "several_outputs_then_flatten_unbuilt": [[
        _seq("Bidirectional(LSTM(4), merge_mode=None)", "Flatten()"), ("predict", (4, 3, 2))]],
    "several_outputs_then_relu_builds": [[
        _seq("Input((3, 2))", "Bidirectional(GRU(4), merge_mode=None)", "ReLU()")]],
    "several_outputs_then_relu_predict": [[
        _seq("Input((3, 2))", "Bidirectional(GRU(4), merge_mode=None)", "ReLU()"),
        ("predict", (4, 3, 2))]],
    "several_outputs_dropout_predict_then_fit": [[
        _seq("Input((3, 2))", "GRU(4, return_state=True)", "Dropout(0.1)"),
        ("predict", (4, 3, 2)), ("compile", "mse"), ("fit", (4, 3, 2), (4, 4))]],
    "several_outputs_dropout_then_dense": [[
        _seq("Input((3, 2))", "GRU(4, return_state=True)", "Dropout(0.1)", "Dense(1)")]],
    "several_outputs_last_fit": [[
        _seq("Input((3, 2))", "Bidirectional(LSTM(4), merge_mode=None)"), ("compile", "mse"),
        ("fit", (4, 3, 2), (4, 4))]],
    "stacked_rnn": [[_seq("Input((10, 5))", "LSTM(16)", "LSTM(8)")]],
    "stacked_rnn_dropout_between": [[_seq("Input((10, 5))", "GRU(16)", "Dropout(0.2)",
                                          "SimpleRNN(8)")]],
    "bidirectional_stacked": [[_seq("Input((10, 5))", "Bidirectional(LSTM(16))", "LSTM(8)")]],
}

LOSS_CASES = [
    # (units, target shape, loss)
    (1, (64, 1), "mse"), (1, (64, 1), "MSE"), (1, (64, 1), "mean_squared_error"),
    (1, (64, 20, 1), "mse"), (1, (64,), "mse"), (3, (64,), "mse"), (3, (64, 2), "mse"),
    (3, (64, 1), "mse"), (1, (64, 3), "mae"), (3, (64, 3, 1), "mse"), (3, (64, 5, 3), "mse"),
    (3, (3,), "mse"), (1, (64,), "binary_crossentropy"), (1, (64, 3), "binary_crossentropy"),
    (2, (64, 1), "bce"), (3, (64, 3), "categorical_crossentropy"),
    (3, (64, 1), "categorical_crossentropy"), (3, (64,), "categorical_crossentropy"),
    (3, (64, 4), "categorical_crossentropy"), (3, (64,), "sparse_categorical_crossentropy"),
    (3, (64, 1), "sparse_categorical_crossentropy"), (3, (64, 2), "sparse_categorical_crossentropy"),
    (3, (64, 3), "sparse_categorical_crossentropy"),
    (3, (64, 1, 1), "sparse_categorical_crossentropy"), (1, (64, 3), "huber"),
    (4, (64, 2), "kld"), (3, (64, 3), "CategoricalCrossentropy"),
]


@pytest.mark.parametrize("name", sorted(SCENARIOS))
def test_replay_matches_keras(name):
    models = SCENARIOS[name]
    ours, _ = layerlint_outcome(models)
    theirs = keras_outcome(models)
    assert len(ours) == len(theirs)
    for mine, real in zip(ours, theirs):
        assert (mine.failed_at, mine.names, mine.model_name) == (
            real.failed_at, real.names, real.model_name)
        assert (mine.shapes is None) == (real.shapes is None)
        # A shape layerlint does not know (None) is no claim; every known one must be Keras'.
        known = [(a, b) for a, b in zip(mine.shapes or [], real.shapes or []) if a is not None]
        assert all(a == b for a, b in known), (mine.shapes, real.shapes)
        assert len(known) == len(mine.shapes or []) or name.startswith("several_outputs")


@pytest.mark.parametrize("units, target, loss", LOSS_CASES)
def test_targets_under_loss_match_keras(units, target, loss):
    models = [[_seq("Input((5,))", f"Dense({units})"), ("compile", loss),
               ("fit", (target[0], 5), target)]]
    ours, _ = layerlint_outcome(models)
    theirs = keras_outcome(models)
    assert ours[0].failed_at == theirs[0].failed_at


def test_unknown_layer_silences_everything_after_it():
    """Keras fails here (Lambda(identity) feeds 2-D data to the LSTM), but layerlint cannot know
    what the Lambda returns: no error, one LL901 note."""
    models = [[_seq("Input((10,))", "Lambda(lambda t: t)", "LSTM(8)")]]
    outcome, diagnostics = layerlint_outcome(models)
    assert [d.code for d in diagnostics] == ["LL901"]
    assert outcome[0].shapes == [None, None]


@pytest.mark.parametrize("target, loss", [
    ((64, 5), "sparse_categorical_crossentropy"), ((64, 5, 1), "sparse_categorical_crossentropy"),
    ((64,), "sparse_categorical_crossentropy"), ((64, 1), "sparse_categorical_crossentropy"),
    ((64, 5, 3), "sparse_categorical_crossentropy"), ((64, 5, 3), "categorical_crossentropy"),
    ((64, 3), "categorical_crossentropy"), ((64, 5, 1), "mse"), ((64, 3), "mse"),
    ((64, 5), "mse"), ((64, 1), "binary_crossentropy"), ((64, 5, 3), "binary_crossentropy"),
])
def test_targets_for_sequence_outputs_match_keras(target, loss):
    models = [[_seq("Input((5, 4))", "Dense(3)"), ("compile", loss),
               ("fit", (target[0], 5, 4), target)]]
    ours, _ = layerlint_outcome(models)
    assert ours[0].failed_at == keras_outcome(models)[0].failed_at
