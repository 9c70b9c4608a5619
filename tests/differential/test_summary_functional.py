"""``layerlint summary`` for functional models == real Keras 3 ``model.summary()``, character for
character: the "Connected to" column (node and tensor indexes, shared layers, several inputs)
for graphs that are not a plain chain, the three-column table for those that are; keras.ops
calls and nested models as rows. Scripts: the clean hand-written graph scripts and seeded random
graphs (graph_generator.py, ops_graph_generator.py, nested_generator.py), each executed in
this worker's process (the suite's own scripts only) at two terminal widths."""

from __future__ import annotations

import contextlib
import io
from pathlib import Path

import pytest

from layerlint.pipeline import check_source
from layerlint.report.summary import render_keras_summary

from .graph_generator import generate_graph
from .keras_runner import run_script
from .nested_generator import generate_nested
from .ops_graph_generator import generate_ops_graph

pytestmark = pytest.mark.keras3

SCRIPTS = sorted((Path(__file__).parent / "graph_scripts").glob("*.py"))
SEEDS = range(60)


def _keras_summary(source: str) -> str | None:
    """The summary real Keras prints for the script's functional model (None if it raised)."""
    import keras
    from keras.src.models.functional import Functional

    keras.utils.clear_session(free_memory=False)
    namespace: dict = {"__name__": "__main__"}
    try:
        with contextlib.redirect_stdout(io.StringIO()):
            exec(compile(source, "<summary-script>", "exec"), namespace)  # noqa: S102
    except Exception:  # noqa: BLE001 - scripts that raise have no summary to compare
        return None
    models = [v for v in namespace.values() if type(v) is Functional]
    if type(namespace.get("model")) is Functional:  # the generators' outer model
        models = [namespace["model"]]
    if len(models) != 1:
        return None
    captured: list[str] = []
    models[0].summary(print_fn=lambda text, **_: captured.append(text))
    return "".join(captured)


def _graph_only(source: str) -> str:
    """The script up to its first compile (training adds optimizer weights to the summary)."""
    lines = source.splitlines(keepends=True)
    cut = next((i for i, line in enumerate(lines) if ".compile(" in line), len(lines))
    return "".join(lines[:cut]).replace("model.summary()\n", "")


def _sources() -> list[tuple[str, str]]:
    named = [(p.stem, _graph_only(p.read_text())) for p in SCRIPTS]
    named += [(f"seed {s}", _graph_only(generate_graph(s).source)) for s in SEEDS]
    named += [(f"ops seed {s}", generate_ops_graph(s).source) for s in SEEDS]  # keras.ops rows
    named += [(f"nested seed {s}", generate_nested(s).source) for s in SEEDS]  # a model's row
    return named


@pytest.mark.parametrize("columns", ["200", "90"])
def test_functional_summaries_match_keras(columns: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", columns)
    compared, graphs, failures = 0, 0, []
    for name, source in _sources():
        if run_script(source).error is not None:
            continue
        theirs = _keras_summary(source)
        if theirs is None:
            continue
        result = check_source(source, "s.py", dialect="keras3")
        if any("inputs other than the ones it was built for" in d.message
               for d in result.diagnostics):
            continue  # a built model rerun on other shapes: not followed, and noted (LL902)
        models = [m for m in result.models if m.framework == "keras"]
        mine = render_keras_summary(models[-1])
        compared += 1
        graphs += "Connected to" in theirs
        if mine != theirs:
            failures.append(f"--- {name}\n{mine}\n--- Keras\n{theirs}")
    assert compared >= 30 and graphs >= 10, (compared, graphs)
    assert not failures, f"{len(failures)} of {compared} differ:\n" + "\n".join(failures[:1])
