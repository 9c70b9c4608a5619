"""The pandas catalogue entries (layerlint/frontends/library/pandas_*.py) against real pandas
3.1, in this process: hand-picked cases and seeded random chains (read a CSV file or build a
frame, select, drop, convert; tests/pandas_catalogue_cases.py), then the same with sizes and
column labels hidden (library_harness.py)."""

from __future__ import annotations

from typing import Any

import pytest

pd = pytest.importorskip("pandas")

from layerlint.frontends.library.catalogue import all_entries  # noqa: E402
from layerlint.frontends.library.pandas_names import FRAME_ATTRIBUTES  # noqa: E402
from library_harness import check, check_partial, run_layerlint  # noqa: E402
from pandas_catalogue_cases import FAMILIES, HAND, grid  # noqa: E402


def test_hand_cases_agree_with_pandas(tmp_path: Any) -> None:
    mismatches, unknown = check(HAND, tmp_path)
    assert not mismatches, "\n".join(mismatches)
    assert unknown <= 3, unknown


@pytest.mark.parametrize("family", sorted(FAMILIES))
def test_random_chains_agree_with_pandas(family: str, tmp_path: Any) -> None:
    cases = grid(family)
    mismatches, unknown = check(cases, tmp_path)
    assert not mismatches, f"{len(mismatches)} of {len(cases)}:\n" + "\n".join(mismatches[:30])
    assert unknown <= len(cases) // 10, f"{unknown} of {len(cases)} not modelled"


@pytest.mark.parametrize("family", ["hand", *sorted(FAMILIES)])
def test_partial_shapes_agree_with_pandas(family: str, tmp_path: Any) -> None:
    cases = HAND if family == "hand" else grid(family)
    mismatches, compared = check_partial(cases, tmp_path, f"partial-pandas-{family}")
    assert compared > 50
    assert not mismatches, f"{len(mismatches)} of {compared}:\n" + "\n".join(mismatches[:30])


def test_frame_attribute_names_are_pandas_own() -> None:
    """``df.name`` is a column only when pandas has no attribute of that name."""
    assert FRAME_ATTRIBUTES == {n for n in dir(pd.DataFrame) if not n.startswith("_")}


_NO_ENGINE = ("pandas.read_excel", "pandas.read_parquet", "pandas.read_feather")


@pytest.mark.parametrize("name", _NO_ENGINE)
def test_readers_without_an_engine_bind_as_pandas_does(name: str) -> None:
    """No Excel / parquet engine is installed: these entries claim only a frame of unknown
    size; their parameters (names, order, keyword-only) are pandas' own."""
    import inspect

    from layerlint.frontends.library.catalogue import lookup

    ours = lookup(name).signature.parameters
    theirs = inspect.signature(getattr(pd, name.rsplit(".", 1)[1])).parameters
    for key, parameter in ours.items():
        if parameter.kind is inspect.Parameter.VAR_KEYWORD:
            continue
        assert key in theirs, key
        assert parameter.kind == theirs[key].kind, key
        if theirs[key].default is not pd.api.extensions.no_default:
            assert parameter.default == theirs[key].default, key
    positional = [k for k, p in ours.items() if p.kind is p.POSITIONAL_OR_KEYWORD]
    real = [k for k, p in theirs.items() if p.kind is p.POSITIONAL_OR_KEYWORD]
    assert positional == real[:len(positional)]
    value = lookup(name).call(["data.file"], {}, None)
    assert value.library_type == "pandas.DataFrame" and value.shape[1] == "?"
    assert "unique" not in value.extra


def test_every_pandas_entry_is_compared_with_a_known_answer() -> None:
    answered: set[str] = set()
    for case in HAND + [c for f in FAMILIES for c in grid(f)]:
        outcomes = run_layerlint(case)
        kinds = ["call"] + [s.kind for s in case.steps]
        names = [case.call] + [{"getitem": "__getitem__"}.get(s.kind, s.name) for s in
                               case.steps]
        previous = None
        for kind, name, outcome in zip(kinds, names, outcomes):
            if outcome[0] != "unknown":
                owner = getattr(previous, "library_type", None) or getattr(previous, "kind", "")
                answered.add(name if kind == "call" else f"{owner}.{name}")
                if kind == "attr" and owner == "pandas.DataFrame" and \
                        name not in FRAME_ATTRIBUTES:
                    answered.add("pandas.DataFrame.__getattr__")
            previous = outcome[1]
    missing = sorted(e.name for e in all_entries() if e.name.startswith("pandas")
                     and e.name not in answered and e.name not in _NO_ENGINE)
    assert not missing, missing
