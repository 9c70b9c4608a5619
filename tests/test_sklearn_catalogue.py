"""The scikit-learn catalogue entries (layerlint/frontends/library/sklearn_*.py) against real
scikit-learn 1.9, in this process: hand-picked cases and a seeded random grid per family
(tests/sklearn_catalogue_cases.py), then the same cases with sizes hidden (library_harness.py).
The toy datasets are the real files shipped with sklearn."""

from __future__ import annotations

from typing import Any

import pytest

pytest.importorskip("sklearn")

from layerlint.frontends.library.catalogue import all_entries  # noqa: E402
from library_harness import check, check_partial, run_layerlint  # noqa: E402
from sklearn_catalogue_cases import FAMILIES, HAND, grid  # noqa: E402


def test_hand_cases_agree_with_sklearn(tmp_path: Any) -> None:
    mismatches, unknown = check(HAND, tmp_path)
    assert not mismatches, "\n".join(mismatches)
    assert unknown <= 3, unknown


@pytest.mark.parametrize("family", sorted(FAMILIES))
def test_random_grid_agrees_with_sklearn(family: str, tmp_path: Any) -> None:
    cases = grid(family)
    mismatches, unknown = check(cases, tmp_path)
    assert not mismatches, f"{len(mismatches)} of {len(cases)}:\n" + "\n".join(mismatches[:30])
    assert unknown <= len(cases) // 10, f"{unknown} of {len(cases)} not modelled"


@pytest.mark.parametrize("family", ["hand", *sorted(FAMILIES)])
def test_partial_shapes_agree_with_sklearn(family: str, tmp_path: Any) -> None:
    cases = HAND if family == "hand" else grid(family)
    mismatches, compared = check_partial(cases, tmp_path, f"partial-sklearn-{family}")
    assert compared > 50 or family == "datasets"
    assert not mismatches, f"{len(mismatches)} of {compared}:\n" + "\n".join(mismatches[:30])


def test_every_sklearn_entry_is_compared_with_a_known_answer() -> None:
    answered: set[str] = set()
    for case in HAND + [c for f in FAMILIES for c in grid(f)]:
        outcomes = run_layerlint(case)
        names = [case.call] + [{"getitem": "__getitem__"}.get(s.kind, s.name)
                               for s in case.steps]
        for name, outcome in zip(names, outcomes):
            if outcome[0] != "unknown":
                answered.add(name.rsplit(".", 1)[-1])
    missing = sorted(e.name for e in all_entries() if e.name.startswith(("sklearn.", "scipy."))
                     and e.name.rsplit(".", 1)[-1] not in answered
                     and not e.name.endswith("__getattr__"))
    assert not missing, missing
