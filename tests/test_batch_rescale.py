"""The data stage of a built Keras 3 Sequential reads its layers' shapes from the build's walk
when only the batch axis differs (replay/keras/stack.py rescaled_walk): each BATCH_FREE entry,
run on a free and on sized batches, gives the same result but for axis 0 (seeded arguments and
shapes); and the entries then run once per layer, counted, not twice."""

from __future__ import annotations

import random
import sys

import pytest

from layerlint.ir import Call, Span
from layerlint.layers.base import LayerError, Unmodelled, bind, forget_remembered, lookup
from layerlint.pipeline import check_source
from layerlint.replay.keras.stack import BATCH_FREE
from work_count import BENCH_KERAS_SCRIPT as SMALL_SCRIPT

SPAN = Span(1, 1, 1, 2)


def _random_call(kind: str, rng: random.Random) -> Call:
    kwargs: dict = {}
    if kind == "Dense":
        kwargs = {"units": rng.choice([1, 3, 16]), "use_bias": rng.choice([True, False]),
                  "activation": rng.choice([None, "relu", "softmax"])}
        if rng.random() < 0.3:
            kwargs["lora_rank"] = rng.choice([1, 2])
    elif kind == "Flatten":
        kwargs = {"data_format": rng.choice([None, "channels_first", "channels_last"])}
    elif kind == "Dropout":
        kwargs = {"rate": rng.choice([0.0, 0.5])}
    elif kind == "Activation":
        kwargs = {"activation": rng.choice(["relu", "tanh"])}
    if rng.random() < 0.3:
        kwargs["trainable"] = False
    return Call(kind, f"keras.layers.{kind}", (), kwargs, SPAN)


def _outcome(spec, args, shape):  # noqa: ANN001, ANN202
    try:
        out = spec.call(args, shape)
    except LayerError as error:
        return ("error", error.code, error.message, error.framework)
    except Unmodelled as unknown:
        return ("unmodelled", unknown.what)
    return ("out", out)


@pytest.mark.parametrize("kind", sorted(BATCH_FREE))
def test_batch_free_entries_only_rescale_the_batch_axis(kind: str) -> None:
    spec = lookup("keras", kind)
    assert spec is not None
    rng = random.Random(f"rescale-{kind}")
    compared = 0
    for _ in range(150):
        args = bind(spec, _random_call(kind, rng), kind.lower())
        rest = tuple(rng.choice([1, 2, 5, "steps", None]) for _ in range(rng.randint(0, 3)))
        free = _outcome(spec, args, (None, *rest))
        if free[0] != "out" or free[1].shape is None or free[1].shape[0] is not None or \
                free[1].outputs is not None:
            continue  # the replay reuses successful walks with a free batch axis only
        for batch in (1, 7, 32, "train@3", "?"):
            sized = _outcome(spec, args, (batch, *rest))
            assert sized[0] == "out", (kind, args, rest, batch, sized)
            out, want = sized[1], free[1]
            assert out.shape == (batch, *want.shape[1:])
            assert (out.params, out.non_trainable, out.outputs) == \
                (want.params, want.non_trainable, want.outputs)
            compared += 1
    assert compared >= 300


SCRIPT = """import keras
import numpy as np
from keras import layers

model = keras.Sequential([keras.Input(shape=(12, 3)), layers.Flatten(), layers.Dense(8),
                          layers.Dropout(0.2), layers.Activation('relu'), layers.Dense(1)])
model.compile(optimizer='adam', loss='mse')
model.fit(np.zeros((64, 12, 3)), np.zeros((64, 1)), batch_size=16)
model.predict(np.zeros((5, 12, 3)))
"""


def _entry_runs(source: str) -> int:
    """How many times the BATCH_FREE entries run in one check (nothing remembered before)."""
    forget_remembered()
    codes = {lookup("keras", kind).call.__wrapped__.__code__  # type: ignore[union-attr]
             for kind in BATCH_FREE}
    runs = [0]

    def profile(frame, event, arg):  # noqa: ANN001, ANN202
        if event == "call" and frame.f_code in codes:
            runs[0] += 1

    sys.setprofile(profile)
    try:
        check_source(source, "a.py", verify_fixes=False, dialect="keras3",
                     keras_backend="torch")
    finally:
        sys.setprofile(None)
    return runs[0]


def test_a_built_stack_fed_data_runs_each_layer_once() -> None:
    result = check_source(SCRIPT, "a.py", dialect="keras3", keras_backend="torch")
    assert not result.diagnostics
    assert [row.output_shape for row in result.models[0].layers] == \
        [(None, 36), (None, 8), (None, 8), (None, 8), (None, 1)]
    assert _entry_runs(SCRIPT) == 5  # the build; fit and predict rescale its walk
    # another feature size is walked again (and fails there, as Keras does)
    wrong = SCRIPT.replace("np.zeros((5, 12, 3))", "np.zeros((5, 12, 4))")
    assert _entry_runs(wrong) > 5
    codes = [d.code for d in check_source(wrong, "a.py", dialect="keras3",
                                          keras_backend="torch").diagnostics]
    assert codes == ["LL201"]



def test_the_replay_of_a_small_keras_script_counts_its_work() -> None:
    """The Keras naming, replay and analysis of an 8-line script, in bytecodes (deterministic):
    8,766 before session 9's pass over it; 6,522 after with nothing remembered, 5,844 when its
    layers' runs are remembered (a fix's re-check, the files of a run). The bounds leave room
    for small changes, not for a stage run twice again."""
    from work_count import counting_bytecodes

    from layerlint.frontends import dialect as dialects
    from layerlint.frontends import keras_backend as backends
    from layerlint.frontends import parse_source
    from layerlint.replay import analysis

    def analysed(forget: bool) -> tuple[int, object]:
        file_ir = parse_source(SMALL_SCRIPT, "a.py")
        dialects.apply(file_ir, "keras3", None)
        backends.apply(file_ir, "torch")
        if forget:
            forget_remembered()
        with counting_bytecodes() as work:
            result = analysis.analyze(file_ir)
        return work.executed, result

    analysed(False)  # first use: lazy imports and caches are not the script's work
    cold, result = analysed(True)
    warm, _ = analysed(False)
    assert not result.diagnostics  # type: ignore[attr-defined]
    rows = result.models[0].layers  # type: ignore[attr-defined]
    assert [row.output_shape for row in rows] == [(None, 9), (None, 1)]
    assert 3_000 < cold <= 7_000, cold
    assert warm <= cold - 400, (cold, warm)


def test_remembered_outcomes_equal_fresh_ones() -> None:
    """The catalogue's remembered runs (layers/base.py ``_plain_key``) change nothing: seeded
    stacks and graphs (with their fixes verified), each checked with nothing remembered and
    again after every program was checked once, give the same JSON report."""
    from differential.generator import generate
    from differential.graph_generator import generate_graph

    from layerlint.report.json_report import render_json

    sources = [generate(seed).source for seed in range(90)] + \
        [generate_graph(seed).source for seed in range(30)]

    def report(source: str) -> str:
        return render_json([check_source(source, "g.py", dialect="keras3",
                                         keras_backend="torch")])

    fresh = []
    for source in sources:
        forget_remembered()
        fresh.append(report(source))
    for source in sources:  # every entry run of these programs is remembered now
        report(source)
    assert [report(source) for source in sources] == fresh
    assert sum('"LL' in text for text in fresh) > 30  # findings (and fixes) were compared too
