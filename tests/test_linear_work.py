"""Checking a model costs work in proportion to its size, in every stage: counted in bytecodes
(tests/work_count.py), never timed (benchmarks/bench.py measures speed).

Four times the layers must cost at most about four times the bytecodes. The guard catches a
per-layer scan of all the layers: the Sequential replay's duplicate-name check compared each
new layer's name with every earlier one (x4.7 here), and the summary's "Connected to" scanned
every node for every layer (x7 on the residual graph); both were removed."""

from __future__ import annotations

import pytest
from work_count import counting_bytecodes

from layerlint.frontends import dialect as dialects
from layerlint.frontends import parse_source
from layerlint.replay import analysis

SMALL, LARGE = 40, 160
LINEAR = 4.3  # LARGE / SMALL = 4, plus what does not grow with the model (imports, headers)


def sequential(layers: int) -> str:
    body = ",\n    ".join(f"layers.Dense({8 + i % 5}, activation='relu')" for i in range(layers))
    return ("import keras\nfrom keras import layers\nmodel = keras.Sequential([\n"
            f"    keras.Input((16,)),\n    {body},\n])\nmodel.summary()\n")


def functional(layers: int) -> str:
    lines = ["import keras", "from keras import layers", "inputs = keras.Input((16,))",
             "x = inputs"]
    lines += [f"x = layers.Dense({8 + i % 5}, activation='relu')(x)" for i in range(layers)]
    return "\n".join([*lines, "model = keras.Model(inputs, x)", "model.summary()"]) + "\n"


def residual(layers: int) -> str:
    """A graph that is not a chain: its summary has a "Connected to" column."""
    lines = ["import keras", "from keras import layers", "inputs = keras.Input((8, 8, 4))",
             "x = inputs"]
    for _ in range(layers // 2):
        lines += ["y = layers.Conv2D(4, 3, padding='same')(x)", "x = layers.Add()([x, y])"]
    return "\n".join([*lines, "model = keras.Model(inputs, x)", "model.summary()"]) + "\n"


def stage_work(source: str) -> tuple[int, int]:
    """Bytecodes of the front end and of the replay (dialect choice and analysis)."""
    parse_source(source)  # first use: lazy imports and caches are not the model's work
    with counting_bytecodes() as front:
        file_ir = parse_source(source)
    with counting_bytecodes() as replay:
        dialects.apply(file_ir, None)
        result = analysis.analyze(file_ir)
    assert not [d for d in result.diagnostics if d.severity == "error"], result.diagnostics
    assert front.executed > 0 and replay.executed > 0  # layerlint's own code was counted
    return front.executed, replay.executed


@pytest.mark.parametrize("write", [sequential, functional, residual])
def test_work_grows_linearly_with_the_layers(write) -> None:  # type: ignore[no-untyped-def]
    small, large = stage_work(write(SMALL)), stage_work(write(LARGE))
    assert large[0] <= LINEAR * small[0], ("front end", small, large)
    assert large[1] <= LINEAR * small[1], ("replay", small, large)


def test_a_chain_of_a_thousand_layers_is_checked() -> None:
    """Deep graphs are walked without recursion (1,000 layers used to exhaust Python's stack:
    an internal error, LL900); Keras builds this model."""
    result = analysis.analyze(parse_source(functional(1000)))
    assert [d.code for d in result.diagnostics] == []
    assert len(result.models[0].layers) == 1001


def test_collections_are_spaced_during_a_check_and_restored_after(monkeypatch) -> None:
    """pipeline._spaced_collections: the young-generation threshold is raised and what existed
    before is frozen while a check runs (re-checks of fixes included), both put back after it,
    even when the check fails; a caller's own freeze is left alone."""
    import gc

    from layerlint import frontends, pipeline

    seen: list[tuple[int, bool]] = []
    parse = frontends.parse_source

    def recording(*args, **kwargs):  # type: ignore[no-untyped-def]
        seen.append((gc.get_threshold()[0], gc.get_freeze_count() > 0))
        return parse(*args, **kwargs)

    monkeypatch.setattr(frontends, "parse_source", recording)
    before = gc.get_threshold()
    source = ("import torch\nfrom torch import nn\nnet = nn.Sequential(nn.Linear(8, 4))\n"
              "y = net(torch.randn(2, 9))\n")
    assert [d.code for d in pipeline.check_source(source, "a.py").diagnostics] == ["LL102"]
    assert len(seen) == 3 and set(seen) == {(pipeline._YOUNG_THRESHOLD, True)}  # + 2 fixes
    assert gc.get_threshold() == before and gc.get_freeze_count() == 0
    monkeypatch.setattr(frontends, "parse_source", lambda *a: 1 / 0)
    assert pipeline.check_source(source, "a.py").diagnostics[0].code == "LL900"
    assert gc.get_threshold() == before and gc.get_freeze_count() == 0
    monkeypatch.setattr(frontends, "parse_source", recording)
    gc.freeze()
    try:
        frozen = gc.get_freeze_count()
        pipeline.check_source(source, "a.py")
        assert gc.get_freeze_count() > frozen // 2  # not thawed by the check
    finally:
        gc.unfreeze()
