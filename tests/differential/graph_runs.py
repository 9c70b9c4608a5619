"""Seeded random graphs compared with a real framework: one loop for every generator
(graph_generator.py, nested_generator.py, ops_graph_generator.py) and both dialects
(test_random_graphs.py, test_random_nested.py, test_random_ops_graphs.py and their keras2/
counterparts): each seed's script run by the framework and checked by layerlint, compare.py's
verdict, stage, statement and layers, the message, and the shapes layerlint knew."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from layerlint.pipeline import check_source
from layerlint.results import FileResult

from .compare import Coverage, compare, coverage, first_error, keras_message
from .graph_generator import GraphScript, generate_graph
from .keras_runner import KerasRun

MessageCheck = Callable[[FileResult, KerasRun], list[str]]


@dataclass
class GraphRuns:
    failures: list[str] = field(default_factory=list)
    outcomes: dict[str, int] = field(default_factory=dict)  # by stage Keras raised at / clean
    coverage: Coverage = field(default_factory=Coverage)
    unfollowed: int = 0  # scripts the framework rejects where layerlint said it did not follow


def same_message(result: FileResult, run: KerasRun) -> list[str]:
    """Keras 3: layerlint carries the framework's message verbatim."""
    mine = first_error(result)
    if run.error is None or mine is None or mine.framework_error == keras_message(run.error):
        return []
    return [f"message: layerlint {mine.framework_error!r}, Keras {keras_message(run.error)!r}"]


def keras2_message(result: FileResult, run: KerasRun) -> list[str]:
    """tf.keras 2: layerlint's text is tf.keras' up to the op's node definition or the call's
    arguments (subclass/compare.py), inside ``fit`` after "in user code:"."""
    from subclass.compare import _keras2_agree, _without_user_code

    mine = first_error(result)
    if run.error is None or mine is None or "Graph disconnected" in run.error.message:
        return []
    theirs = _without_user_code(keras_message(run.error))
    said = (mine.framework_error or "").split("\n\nCall arguments received by")[0]
    return [] if _keras2_agree(said, theirs) else \
        [f"message: layerlint {mine.framework_error!r}, tf.keras {theirs!r}"]


def compare_generated(generate: Callable[[int], GraphScript], seeds: range,
                      run_script: Callable[[str], KerasRun], dialect: str,
                      message_problems: MessageCheck = same_message, *,
                      full_coverage: bool = True,
                      not_followed: Callable[[FileResult], bool] | None = None) -> GraphRuns:
    """Each seed's script run by ``run_script`` and checked by layerlint in ``dialect``. A
    script the framework rejects where layerlint found no error but ``not_followed`` (its note
    says why) is counted apart; ``full_coverage``: every shape the framework built is known."""
    found = GraphRuns()
    for seed in seeds:
        script = generate(seed)
        run = run_script(script.source)
        result = check_source(script.source, f"graph_{seed}.py", dialect=dialect)
        if run.error is not None and first_error(result) is None and not_followed is not None \
                and not_followed(result):
            found.unfollowed += 1
            continue
        problems = compare(result, run) + message_problems(result, run)
        cov = coverage(result, run)
        found.coverage.add(cov)
        if full_coverage and cov.known < cov.total:
            problems.append(f"layerlint knew {cov.known} of the {cov.total} shapes Keras built")
        stage = (run.error.stage or "other") if run.error else "clean"
        found.outcomes[stage] = found.outcomes.get(stage, 0) + 1
        if problems:
            found.failures.append(f"--- seed {seed} ({script.intent}; {dialect}: "
                                  f"{run.error or 'clean'})\n" + script.source
                                  + "\n".join(f"  * {p}" for p in problems))
    return found


def compare_graphs(seeds: range, run_script: Callable[[str], KerasRun], dialect: str,
                   message_problems: MessageCheck) -> GraphRuns:
    """graph_generator.py's graphs (branches, merges, shared layers, data at fit)."""
    return compare_generated(generate_graph, seeds, run_script, dialect, message_problems)
