"""The comparison itself must catch every kind of disagreement (no vacuous agreement)."""

from __future__ import annotations

from layerlint.diagnostics import Diagnostic
from layerlint.ir import Span
from layerlint.results import FileResult, LayerReport, ModelReport

from .compare import compare, coverage, first_error, shapes_agree
from .keras_runner import KerasError, KerasLayer, KerasModel, KerasRun, StatementSpan


def _result(shapes, params=(10, 5), diagnostics=(), built=True) -> FileResult:
    layers = [
        LayerReport(i, "Dense", name, 5 + i, None, shape, p)
        for i, (name, shape, p) in enumerate(zip(["dense", "dense_1"], shapes, params))
    ]
    model = ModelReport("model", "keras", "keras3", 4, None, layers, "sequential", built)
    return FileResult("s.py", "", [model], list(diagnostics))


def _run(error: KerasError | None = None, built=True) -> KerasRun:
    layers = [
        KerasLayer("Dense", "dense", (None, 4), 20),
        KerasLayer("Dense", "dense_1", (None, 1), 5),
    ]
    return KerasRun([KerasModel("sequential", built, (None, 4), layers)], error, [], "")


def _error(stage: str = "fit") -> KerasError:
    statement = StatementSpan(9, 1, 9, 30)
    return KerasError("ValueError", "boom", 9, statement, statement, stage, 0)


def _diag(line: int, stage: str | None, severity: str = "error", code: str = "LL201"):
    return Diagnostic(code, severity, Span(line, 1, line, 20), "msg", stage=stage)  # type: ignore[arg-type]


def test_agreement_and_each_kind_of_disagreement() -> None:
    assert compare(_result([(None, 4), (None, 1)], (20, 5)), _run()) == []
    # Unknown to layerlint (None shape / params, str dims): no claim, no mismatch.
    assert compare(_result([None, (None, "?")], (None, None)), _run()) == []

    problems = compare(_result([(None, 3), (None, 1)], (20, 6)), _run())
    assert len(problems) == 2
    assert "output (None, 3), Keras (None, 4)" in problems[0]
    assert "6 params, Keras 5" in problems[1]

    assert "built=False" in compare(_result([None, None], (None, None), built=False), _run())[0]


def test_batch_axis_and_symbolic_dims() -> None:
    assert shapes_agree((None, 4), (32, 4))  # built from data: Keras shows the first batch
    assert shapes_agree(("n", 4), (None, 4))
    assert not shapes_agree((None, None), (None, 4))  # a free axis Keras knows is a claim
    assert not shapes_agree((None, 4), (None, 4, 1))
    assert not shapes_agree((8, 4), (32, 4))


def test_errors_must_match_statement_and_stage() -> None:
    shapes = [(None, 4), (None, 1)]
    inside = _result(shapes, (20, 5), [_diag(9, "fit")])
    assert compare(inside, _run(_error("fit"))) == []

    silent = compare(_result(shapes, (20, 5)), _run(_error("fit")))
    assert silent and "layerlint reports no error" in silent[0]

    outside = compare(_result(shapes, (20, 5), [_diag(7, "fit")]), _run(_error("fit")))
    assert outside and "outside" in outside[0]

    stage = compare(inside, _run(_error("predict")))
    assert stage and "stage predict" in stage[0]

    false_alarm = compare(inside, _run())
    assert false_alarm and "Keras ran cleanly" in false_alarm[0]


def test_first_error_ignores_warnings_and_goes_by_position() -> None:
    result = _result(
        [None, None],
        (None, None),
        [_diag(12, "fit"), _diag(3, None, "warning", "LL401"), _diag(9, "construct")],
    )
    first = first_error(result)
    assert first is not None and first.span.line == 9
    assert compare(result, _run()) != []  # Keras clean, layerlint has errors
    assert compare(_result([None, None], (None, None), [_diag(3, None, "warning")]), _run()) == []


def test_coverage_counts_layers_keras_built() -> None:
    cov = coverage(_result([(None, 4), None], (20, None)), _run())
    assert (cov.known, cov.total) == (1, 2)
    unbuilt = _run()
    unbuilt.models[0].layers[1].output_shape = None
    cov = coverage(_result([(None, 4), None], (20, None)), unbuilt)
    assert (cov.known, cov.total) == (1, 1)
