"""The pictures' edges (``ModelReport.flow``) against the real frameworks: every tensor passed
from one layer to another, with its shape, as Keras 3 records it in its graph and as torch's
forward hooks see it (report_flow_runner.py, one subprocess per framework).

Seeded random functional graphs (differential/graph_generator.py) and composed torch modules
(torch_differential/composed.py, forwards.py), subclassed Keras models (subclass/generator.py,
call_generator.py: the layers ``call`` calls directly), the scripts that run without error in the
framework and where layerlint finds none: the edges between layers must be the same multiset
(producer, consumer, shape), batch axes included.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from framework_env import framework_env
from layerlint.pipeline import check_source
from layerlint.results import ModelReport

RUNNER = Path(__file__).with_name("report_flow_runner.py")
KERAS_SEEDS = range(160)
TORCH_SEEDS = range(120)
SUBCLASS_SEEDS = range(80)
BRANCH = "if training: (both paths)"  # the box joining both paths of `if training:`


def run_all(framework: str, sources: list[str]) -> list[dict]:
    done = subprocess.run([sys.executable, str(RUNNER), framework], input=json.dumps(sources),
                          capture_output=True, text=True, timeout=900, env=framework_env(),
                          check=False)
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def shape_key(shape: object) -> str:
    return json.dumps(None if shape is None else [d if isinstance(d, int) else None
                                                  for d in shape])  # type: ignore[union-attr]


def keras_flow_edges(model: ModelReport) -> Counter:
    assert model.flow is not None
    names = {n.key: n.name for n in model.flow.nodes}
    return Counter((names[e.source], names[e.target], shape_key(e.shape))
                   for e in model.flow.edges)


def torch_module_edges(model: ModelReport) -> Counter:
    """Edges between two module boxes (a tensor function in between is a box of its own)."""
    assert model.flow is not None
    modules = {n.key: n.name for n in model.flow.nodes if n.row is not None}
    return Counter((modules[e.source], modules[e.target], shape_key(e.shape))
                   for e in model.flow.edges if e.source in modules and e.target in modules)


def subclass_layer_edges(model: ModelReport) -> Counter:
    """Edges between two tracked layers of a subclassed model's call(), batch axis left out
    (layerlint traces call() on the batch size the data call uses; Keras may first build it
    symbolically)."""
    assert model.flow is not None
    tracked = {n.key: n.name for n in model.flow.nodes if n.row is not None}
    branches = {n.key for n in model.flow.nodes if n.type == BRANCH}
    edges = [(e.source, e.target, e.shape) for e in model.flow.edges]
    for b in branches:  # a run takes one path through `if training:`: bypass the join
        edges += [(e.source, out.target, e.shape) for e in model.flow.edges if e.target == b
                  for out in model.flow.edges if out.source == b]
    return Counter((tracked[s], tracked[t], shape_key(None if shape is None else shape[1:]))
                   for s, t, shape in edges if s in tracked and t in tracked)


def compare(framework: str, scripts: list[str], minimum: int) -> None:
    runs = run_all(framework, scripts)
    compared, mismatches = 0, []
    for i, (source, run) in enumerate(zip(scripts, runs, strict=True)):
        result = check_source(source, f"flow_{i}.py")
        errors = [d for d in result.diagnostics if d.severity == "error"]
        models = [m for m in result.models if m.name == "model"]
        if run["error"] or errors or not models or models[0].flow is None:
            continue
        model = models[0]
        mine = {"keras": keras_flow_edges, "torch": torch_module_edges,
                "keras-subclass": subclass_layer_edges}[framework](model)
        theirs = Counter((p, c, shape_key(s[1:] if framework == "keras-subclass" else s))
                         for p, c, s in run["edges"])
        if framework == "keras-subclass":  # Keras may run call() twice in its first call,
            # and a layer returning its input itself (Dropout at inference) links to itself
            mine, theirs = (Counter({e for e in edges if e[0] != e[1]})
                            for edges in (mine, theirs))
            if any(n.type == BRANCH for n in model.flow.nodes):  # both paths drawn, one run
                mine = mine & theirs if not theirs - mine else mine
        compared += 1
        if mine != theirs:
            mismatches.append(f"--- script {i}\n{source}\nlayerlint only: {mine - theirs}\n"
                              f"{framework} only: {theirs - mine}")
    print(f"{framework}: {compared} of {len(scripts)} scripts compared, "
          f"{len(mismatches)} mismatches")
    assert not mismatches, f"{len(mismatches)} of {compared}:\n" + "\n".join(mismatches[:3])
    assert compared >= minimum, f"only {compared} scripts compared"


@pytest.mark.keras3
def test_functional_graph_edges_are_keras_own() -> None:
    from differential.graph_generator import generate_graph

    compare("keras", [generate_graph(seed).source for seed in KERAS_SEEDS], minimum=60)


@pytest.mark.keras3
def test_subclassed_call_edges_are_the_tensors_layers_pass() -> None:
    from subclass.call_generator import generate_call
    from subclass.generator import generate

    scripts = [generate(seed).source for seed in SUBCLASS_SEEDS]
    scripts += [generate_call(seed).source for seed in SUBCLASS_SEEDS]
    compare("keras-subclass", scripts, minimum=60)


@pytest.mark.torch
def test_torch_forward_edges_are_the_tensors_modules_pass() -> None:
    from torch_differential.composed import generate_composed
    from torch_differential.forwards import generate_forward

    scripts = [generate_composed(seed).source for seed in TORCH_SEEDS]
    scripts += [generate_forward(seed).source for seed in TORCH_SEEDS]
    compare("torch", scripts, minimum=100)


@pytest.mark.keras3
@pytest.mark.torch
def test_hand_written_graph_and_composed_module() -> None:
    """The issue's two pictures: a two-input functional model and a residual torch model."""
    scripts = [(Path(__file__).parent / "report_scripts" / name).read_text()
               for name in ("functional_two_inputs.py", "torch_residual.py")]
    compare("keras", scripts[:1], minimum=1)
    compare("torch", scripts[1:], minimum=1)
