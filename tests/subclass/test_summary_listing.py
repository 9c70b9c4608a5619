"""Which models ``layerlint summary`` lists, and counts: the ones the script binds at top level,
as real Keras sees them, never a Sequential (or nested subclass) made inside a subclass's
``__init__`` (Keras shows it as one row of its holder). Hand-written scripts and 200 seeded ones
(listing_cases.py), run in real Keras 3 and tf.keras 2 (one subprocess each, runner.py): the
CLI's headers name exactly the script's model variables, each table equals the real
``model.summary()`` (a table layerlint marks partly unknown is counted apart), and the check's
"Checked N models" counts them."""

from __future__ import annotations

import functools
import io
import re

import pytest

from layerlint.cli import main

from .listing_cases import HAND, listing
from .runner import SUMMARY_COLUMNS, run_batch
from .summary_compare import UNKNOWN

SEEDS = range(200)
_HEADER = re.compile(r"^script\.py:(\d+): (\S+)$", re.MULTILINE)


@functools.lru_cache(maxsize=2)
def _runs(dialect: str) -> list[tuple[str, str, dict]]:
    named = [(f"hand {k}", v) for k, v in HAND.items()]
    named += [(f"seed {s}", listing(s)) for s in SEEDS]
    runs = run_batch([source for _, source in named], dialect)
    return [(name, source, run) for (name, source), run in zip(named, runs)]


def _cli(tmp_path, command: str, source: str, dialect: str) -> str:
    path = tmp_path / "script.py"
    path.write_text(source)
    out, err = io.StringIO(), io.StringIO()
    main([command, "--dialect", dialect, str(path)], out=out, err=err)
    return out.getvalue().replace(str(tmp_path) + "/", "")


def _tables(output: str) -> dict[str, str]:
    """The CLI's summary output: model name -> its table (the text up to the blank line)."""
    heads = list(_HEADER.finditer(output))
    tables = {}
    for head, after in zip(heads, [*heads[1:], None]):
        body = output[head.end() + 1:after.start() if after is not None else len(output)]
        tables[head.group(2)] = body[:-1] if body.endswith("\n\n") else body
    return tables


def _compare(tmp_path, monkeypatch, dialect: str, hand: bool) -> tuple[int, int, list[str]]:
    monkeypatch.setenv("COLUMNS", str(SUMMARY_COLUMNS))
    exact, unclaimed, mismatches = 0, 0, []
    for name, source, run in _runs(dialect):
        if name.startswith("hand") != hand:
            continue
        assert run["error"] is None, (name, run["error"])
        theirs = {v["variable"]: v["summary"] for v in run["variables"]}
        tables = _tables(_cli(tmp_path, "summary", source, dialect))
        checked = re.search(r"Checked (\d+) models? in",
                            _cli(tmp_path, "check", source, dialect))
        if sorted(tables) != sorted(theirs) or checked is None or \
                int(checked.group(1)) != len(theirs):
            mismatches.append(f"--- {name}: listed {sorted(tables)}, "
                              f"{checked and checked.group(0)}; Keras {sorted(theirs)}")
            continue
        for variable, expected in theirs.items():
            if tables[variable] == expected:
                exact += 1
            elif UNKNOWN in tables[variable]:
                unclaimed += 1
            else:
                mismatches.append(f"--- {name} `{variable}`\n{source}\n--- layerlint\n"
                                  f"{tables[variable]}--- Keras\n{expected}")
    return exact, unclaimed, mismatches


@pytest.mark.parametrize("dialect", [pytest.param("keras3", marks=pytest.mark.keras3),
                                     pytest.param("keras2", marks=pytest.mark.keras2)])
@pytest.mark.parametrize("hand", [True, False], ids=["hand", "seeded"])
def test_inner_models_are_rows_not_models(tmp_path, monkeypatch, dialect: str,
                                          hand: bool) -> None:
    exact, unclaimed, mismatches = _compare(tmp_path, monkeypatch, dialect, hand)
    assert not mismatches, f"{len(mismatches)} differ:\n" + "\n".join(mismatches[:2])
    assert exact >= (5 if hand else 200) and unclaimed <= (exact // 10), (exact, unclaimed)
