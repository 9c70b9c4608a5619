"""``layerlint summary`` for subclassed models == real tf.keras 2 (``tf_keras``) ``model.summary()``,
character for character (its plain-text layout: ``multiple``, ``0 (unused)``, and the error an
unbuilt model raises), on the states of summary_cases.py: hand-written scripts and 300 seeded
random ones, in one subprocess of tf_keras (runner.py; ``import keras`` is tf_keras there)."""

from __future__ import annotations

import functools

import pytest

from .runner import run_batch
from .summary_cases import HAND, variant
from .summary_compare import Tally, tally_script

pytestmark = pytest.mark.keras2
SEEDS = range(300)


@functools.lru_cache(maxsize=1)
def _runs() -> list[tuple[str, str, dict]]:
    named = [(f"hand {k}", v) for k, v in HAND.items()]
    named += [(f"seed {s}", variant(s, keras2=True)) for s in SEEDS]
    runs = run_batch([source for _, source in named], "keras2")
    return [(name, source, run) for (name, source), run in zip(named, runs)]


def _tally(hand: bool) -> Tally:
    tally = Tally()
    for name, source, run in _runs():
        if name.startswith("hand") == hand:
            tally_script(tally, name, source, run, "keras2")
    return tally


def test_hand_written_states_match_tf_keras() -> None:
    tally = _tally(hand=True)
    assert not tally.mismatches, "\n".join(tally.mismatches[:2])
    assert tally.exact >= 15 and tally.unclaimed <= 2, (tally.exact, tally.unclaimed)
    assert tally.states.get("unbuilt", 0) >= 2, tally.states


def test_generated_models_match_tf_keras() -> None:
    tally = _tally(hand=False)
    assert not tally.mismatches, f"{len(tally.mismatches)} of {tally.compared} differ:\n" + \
        "\n".join(tally.mismatches[:2])
    assert tally.compared >= 150 and tally.unclaimed <= tally.compared // 10, \
        (tally.compared, tally.exact, tally.unclaimed)
    assert min(tally.states.get(s, 0) for s in ("unbuilt", "built")) >= 25, tally.states
