"""The seeded random functional graphs (graph_generator.py) compared with a real framework, for
both dialects' tests (test_random_graphs.py, keras2/test_random_graphs_keras2.py)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

from layerlint.pipeline import check_source
from layerlint.results import FileResult

from .compare import Coverage, compare, coverage
from .graph_generator import generate_graph
from .keras_runner import KerasRun


@dataclass
class GraphRuns:
    failures: list[str] = field(default_factory=list)
    outcomes: dict[str, int] = field(default_factory=dict)  # by stage Keras raised at / clean
    coverage: Coverage = field(default_factory=Coverage)


def compare_graphs(seeds: range, run_script: Callable[[str], KerasRun], dialect: str,
                   message_problems: Callable[[FileResult, KerasRun], list[str]]) -> GraphRuns:
    """Each seed's graph run by ``run_script`` and checked by layerlint in ``dialect``:
    compare.py's verdict, stage, statement and layers, ``message_problems``, full coverage."""
    found = GraphRuns()
    for seed in seeds:
        script = generate_graph(seed)
        run = run_script(script.source)
        result = check_source(script.source, f"graph_{seed}.py", dialect=dialect)
        problems = compare(result, run) + message_problems(result, run)
        cov = coverage(result, run)
        found.coverage.add(cov)
        if cov.known < cov.total:
            problems.append(f"layerlint knew {cov.known} of the {cov.total} shapes Keras built")
        stage = (run.error.stage or "other") if run.error else "clean"
        found.outcomes[stage] = found.outcomes.get(stage, 0) + 1
        if problems:
            found.failures.append(f"--- seed {seed} ({script.intent}; {dialect}: "
                                  f"{run.error or 'clean'})\n" + script.source
                                  + "\n".join(f"  * {p}" for p in problems))
    return found
