"""Realistic Keras scripts, written as tutorials and Q&A answers write them, vs real Keras 3.

Each ``scripts/*.py`` says in its header what real Keras does with it and, optionally, which
rule layerlint must report::

    # expect: clean | construct | build | fit | predict
    # code: LL301

For a failing script the code is that of layerlint's first error; for a clean one it is a
warning layerlint must give (e.g. LL402 for Dense(1) + softmax). ``# unmodelled: ...`` marks a
script using layers outside the catalogue (layerlint must then note LL901). Each script is run by real
Keras (which pins the header) and checked by layerlint; ``compare`` must find no disagreement.
Known layerlint bugs are listed in ``KNOWN_BUGS`` (ids from the QA findings) as strict xfails.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import pytest
from differential.compare import compare, coverage, first_error
from differential.keras_runner import KerasRun, run_script

from layerlint.pipeline import check_source
from layerlint.report.fixing import apply_fix
from layerlint.results import FileResult

pytestmark = pytest.mark.keras3

SCRIPTS = sorted((Path(__file__).parent / "scripts").glob("*.py"))
EXPECT = re.compile(r"^# expect: (clean|construct|build|fit|predict)$", re.MULTILINE)
CODE = re.compile(r"^# code: (LL\d{3})$", re.MULTILINE)

# script stem -> bug id in the QA findings; the lead removes an entry when the bug is fixed.
KNOWN_BUGS: dict[str, str] = {
}


def _header(path: Path) -> tuple[str, str | None]:
    text = path.read_text()
    expect = EXPECT.search(text)
    assert expect, f"{path.name} must say what Keras does with it (# expect: ...)"
    code = CODE.search(text)
    return expect.group(1), code.group(1) if code else None


@cache
def _keras(path: Path) -> KerasRun:
    return run_script(path.read_text())


def _layerlint(path: Path) -> FileResult:
    return check_source(path.read_text(), str(path))


def _with_known_bugs(paths: list[Path]) -> list:  # type: ignore[type-arg]
    return [
        pytest.param(p, id=p.stem, marks=pytest.mark.xfail(strict=True, reason=KNOWN_BUGS[p.stem]))
        if p.stem in KNOWN_BUGS
        else pytest.param(p, id=p.stem)
        for p in paths
    ]


def test_enough_scripts_of_both_kinds() -> None:
    outcomes = [_header(p)[0] for p in SCRIPTS]
    assert len(outcomes) >= 60
    assert outcomes.count("clean") >= 25 and len(outcomes) - outcomes.count("clean") >= 25


@pytest.mark.parametrize("path", SCRIPTS, ids=lambda p: p.stem)
def test_script_does_in_keras_what_it_says(path: Path) -> None:
    expect, _ = _header(path)
    run = _keras(path)
    assert (run.error.stage if run.error else "clean") == expect, run.error


@pytest.mark.parametrize("path", _with_known_bugs(SCRIPTS))
def test_layerlint_agrees_with_keras(path: Path) -> None:
    expect, code = _header(path)
    run = _keras(path)
    result = _layerlint(path)
    problems = compare(result, run)
    assert not problems, f"{path.name} (Keras: {run.error or 'clean'}):\n" + "\n".join(problems)
    if code is None:
        return
    if expect == "clean":
        found = sorted({d.code for d in result.diagnostics})
        assert code in found, f"{path.name}: expected {code}, layerlint reports {found}"
    else:
        error = first_error(result)
        assert error is not None and error.code == code, f"{path.name}: expected {code}: {error}"


# Scripts use catalogue layers with plain values, so layerlint must know every shape Keras built
# (compare only checks the shapes layerlint claims; this catches a silent "unknown"). A script
# marked `# unmodelled: ...` uses layers outside the catalogue: layerlint must then say so (LL901).
UNMODELLED = re.compile(r"^# unmodelled: ", re.MULTILINE)


@pytest.mark.parametrize("path", SCRIPTS, ids=lambda p: p.stem)
def test_layerlint_knows_every_shape_keras_built(path: Path) -> None:
    result = _layerlint(path)
    if UNMODELLED.search(path.read_text()):
        assert any(d.code == "LL901" for d in result.diagnostics), path.name
        return
    cov = coverage(result, _keras(path))
    assert cov.known == cov.total, f"{path.name}: {cov.known} of {cov.total} shapes known"


# --- the fixes layerlint offers ----------------------------------------------------------------


def _fixed_versions(path: Path) -> list[tuple[str, str]]:
    """(fix title, fixed source) for every fix offered on layerlint's first error."""
    source = path.read_text()
    error = first_error(_layerlint(path))
    return [(fix.title, apply_fix(source, fix)) for fix in (error.fixes if error else [])]


FAILING = [p for p in SCRIPTS if _header(p)[0] != "clean"]


@pytest.mark.parametrize("path", FAILING, ids=lambda p: p.stem)
def test_every_offered_fix_makes_keras_run(path: Path) -> None:
    for title, fixed in _fixed_versions(path):
        run = run_script(fixed)
        assert run.error is None, f"{path.name}: after {title!r}, Keras raised at {run.error}"


# A fix must not silently drop the model's declared input (removing the layer that carries
# `input_shape=`): the finding then disappears only because the model is no longer built.
FIX_KEEPS_INPUT_BUGS: dict[str, str] = {
}


def _input_shapes(result: FileResult) -> list:  # type: ignore[type-arg]
    return [m.input_shape for m in result.models]


@pytest.mark.parametrize(
    "path",
    [
        pytest.param(
            p, id=p.stem,
            marks=[pytest.mark.xfail(strict=True, reason=FIX_KEEPS_INPUT_BUGS[p.stem])]
            if p.stem in FIX_KEEPS_INPUT_BUGS else [],
        )
        for p in FAILING
    ],
)
def test_offered_fixes_keep_the_declared_input(path: Path) -> None:
    before = _input_shapes(_layerlint(path))
    for title, fixed in _fixed_versions(path):
        after = _input_shapes(check_source(fixed, str(path)))
        for shape_before, shape_after in zip(before, after):
            if shape_before is not None:
                assert shape_after is not None, f"{path.name}: {title!r} drops the model input"
