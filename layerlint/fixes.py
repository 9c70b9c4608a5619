"""Verification of candidate fixes.

The replay attaches *candidate* fixes to its diagnostics; ``verify`` keeps a candidate only if the
edited source, checked again (without fix verification), parses, no longer has the finding (one
fewer diagnostic of that code in that model) and has no new error.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from .diagnostics import Diagnostic, Fix
from .edits import apply_edits

if TYPE_CHECKING:
    from .results import FileResult


def verify(result: FileResult, recheck: Callable[[str], FileResult],
           only: Callable[[Diagnostic], bool] | None = None) -> None:
    """Keep, on every diagnostic of ``result``, only the fixes that survive a re-check; with
    ``only``, the diagnostics it rejects lose their (unverified) candidates."""
    for diagnostic in result.diagnostics:
        if only is not None and not only(diagnostic):
            diagnostic.fixes = []
            continue
        diagnostic.fixes = [
            fix for fix in diagnostic.fixes if _fix_works(result, diagnostic, fix, recheck)
        ]

_STAGE_RANK = {"construct": 0, "build": 1, "fit": 2, "predict": 2}


def _key(d: Diagnostic) -> tuple[str, str | None]:
    return (d.code, d.model)


def _fix_works(result: FileResult, finding: Diagnostic, fix: Fix,
               recheck: Callable[[str], FileResult]) -> bool:
    try:
        fixed = apply_edits(result.source, fix.edits)
        after = recheck(fixed)  # a fix that breaks the syntax gets LL900 ("cannot parse")
    except Exception:  # noqa: BLE001 - a fix that breaks the file or the checker is dropped
        return False
    if any(d.code == "LL900" for d in after.diagnostics):
        return False
    before_all = Counter(_key(d) for d in result.diagnostics)
    after_all = Counter(_key(d) for d in after.diagnostics)
    if after_all[_key(finding)] >= before_all[_key(finding)]:
        return False
    before_errors = Counter(_key(d) for d in result.diagnostics if d.severity == "error")
    after_errors = Counter(_key(d) for d in after.diagnostics if d.severity == "error")
    if any(after_errors[key] > before_errors[key] for key in after_errors):
        return False
    return _analysed_as_far(result, after)


def _analysed_as_far(before: FileResult, after: FileResult) -> bool:
    """A fix must not pass vacuously: every model must still be built as early as before and
    know as many layer shapes (removing the layer that declares the input leaves the model
    unbuilt, and its finding disappears only because nothing is checked any more)."""
    remaining = list(after.models)
    for model in before.models:
        match = next((m for m in remaining if m.name == model.name), None)
        if match is None:
            return False
        remaining.remove(match)
        if model.built and model.framework == "keras" and _built_later(model, match):
            return False
        if _known(match) < _known(model):
            return False
    return True


def _built_later(before: Any, after: Any) -> bool:
    rank = _STAGE_RANK.get
    return not after.built or rank(after.built_at or "", 3) > rank(before.built_at or "", 3)


def _known(model: Any) -> int:
    return sum(layer.output_shape is not None for layer in model.layers)
