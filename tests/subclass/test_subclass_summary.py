"""``layerlint summary`` for subclassed models == real Keras 3 ``model.summary()``, character
for character, in every state the script leaves the model in (summary_cases.py): hand-written
scripts and 400 seeded random ones, all run in one subprocess of real Keras 3 (runner.py).
A table layerlint marks as partly unknown is counted apart ("unclaimed"); every other must be
exact."""

from __future__ import annotations

import functools

import pytest

from .runner import SUMMARY_COLUMNS, run_batch
from .summary_cases import HAND, variant
from .summary_compare import Tally, tally_script

pytestmark = pytest.mark.keras3
SEEDS = range(400)


@functools.lru_cache(maxsize=1)
def _runs() -> list[tuple[str, str, dict]]:
    named = [(f"hand {k}", v) for k, v in HAND.items()]
    named += [(f"seed {s}", variant(s)) for s in SEEDS]
    runs = run_batch([source for _, source in named], "keras3")
    return [(name, source, run) for (name, source), run in zip(named, runs)]


def _tally(monkeypatch: pytest.MonkeyPatch, hand: bool) -> Tally:
    monkeypatch.setenv("COLUMNS", str(SUMMARY_COLUMNS))
    tally = Tally()
    for name, source, run in _runs():
        if name.startswith("hand") == hand:
            tally_script(tally, name, source, run, "keras3")
    return tally


def test_hand_written_states_match_keras3(monkeypatch: pytest.MonkeyPatch) -> None:
    tally = _tally(monkeypatch, hand=True)
    assert not tally.mismatches, "\n".join(tally.mismatches[:2])
    assert tally.exact >= 15 and tally.unclaimed <= 2, (tally.exact, tally.unclaimed)
    assert tally.states.get("trained", 0) >= 5 and tally.states.get("unbuilt", 0) >= 3


def test_generated_models_match_keras3(monkeypatch: pytest.MonkeyPatch) -> None:
    tally = _tally(monkeypatch, hand=False)
    assert not tally.mismatches, f"{len(tally.mismatches)} of {tally.compared} differ:\n" + \
        "\n".join(tally.mismatches[:2])
    assert tally.compared >= 230 and tally.unclaimed <= tally.compared // 10, \
        (tally.compared, tally.exact, tally.unclaimed)
    assert min(tally.states.get(s, 0) for s in ("unbuilt", "built", "trained")) >= 25, tally.states
