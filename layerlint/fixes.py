"""Verification of candidate fixes.

The replay attaches *candidate* fixes to its diagnostics; ``verify`` keeps a candidate only if the
edited source, checked again (without fix verification), parses, no longer has the finding (one
fewer diagnostic of that code in that model) and has no new error. In a file of many statements
the check runs on the slice of the file the edit can change, before and after the edit
(fix_slices.py): the rest of the file adds the same counts to both sides. A slice's statements
are packed one after another (its lines are never compared).
"""

from __future__ import annotations

import ast
from collections import Counter
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from .diagnostics import Diagnostic, Fix
from . import fix_slices
from .edits import apply_edits, line_starts

if TYPE_CHECKING:
    from .results import FileResult


def verify(result: FileResult, recheck: Callable[[str], FileResult],
           only: Callable[[Diagnostic], bool] | None = None, slices: bool = True,
           tree: ast.Module | None = None) -> None:
    """Keep, on every diagnostic of ``result``, only the fixes that survive a re-check; with
    ``only``, the diagnostics it rejects lose their (unverified) candidates. ``slices``:
    re-check the slice of the file an edit can change, when there is one. ``tree``: the
    module the check parsed from ``result.source`` (parsed here again when not given)."""
    if not any(d.fixes for d in result.diagnostics):
        return
    slicer = _Slicer(result, recheck, tree) if slices else None
    for diagnostic in result.diagnostics:
        if only is not None and not only(diagnostic):
            diagnostic.fixes = []
            continue
        diagnostic.fixes = [
            fix for fix in diagnostic.fixes
            if (slicer.works(diagnostic, fix) if slicer is not None and slicer.usable
                else _fix_works(result, diagnostic, fix, recheck))
        ]


class _Slicer:
    """Verifies fixes on slices of one file; a fix whose slice cannot be made is verified on
    the whole file."""

    def __init__(self, result: FileResult, recheck: Callable[[str], FileResult],
                 tree: ast.Module | None = None) -> None:
        self.result, self.recheck = result, recheck
        self.before: dict[str, FileResult] = {}
        self.usable = False
        if result.source.count("\n") < fix_slices.MIN_UNITS:
            return  # too few statements to slice: not worth building the graph
        try:
            if tree is None:
                from .frontends import _parse

                tree, _ = _parse(result.source, result.path)
            self.lines = _source_lines(result.source)
            self.graph = fix_slices.FileSlices(tree, len(self.lines))
            self.usable = True
        except (fix_slices.NoSlice, SyntaxError, ValueError, RecursionError, MemoryError):
            pass

    def works(self, finding: Diagnostic, fix: Fix) -> bool:
        try:
            touched = self.graph.units_for(fix.edits)
            # the names the edit writes (np in `np.reshape(x, ...)`) need their definitions
            chosen = self.graph.slice_of(touched, fix_slices.names_in(fix.edits))
            text, shifts = fix_slices.slice_text(self.lines, self.graph.units, chosen)
            edits = fix_slices.moved_edits(fix.edits, self.graph.unit_of_line, shifts)
            if edits is None:  # an edit across lines the packed slice leaves out
                text, _ = fix_slices.slice_text(self.lines, self.graph.units, chosen, False)
                edits = fix.edits
            edited = apply_edits(text, edits)
        except fix_slices.NoSlice:
            return _fix_works(self.result, finding, fix, self.recheck)
        except Exception:  # noqa: BLE001 - as _fix_works: an edit that cannot apply is dropped
            return False
        if text not in self.before:  # fixes of one slice share its check before the edit
            self.before[text] = self.recheck(text)
        before = self.before[text]
        if any(d.code == "LL900" for d in before.diagnostics) or \
                not any(_key(d) == _key(finding) for d in before.diagnostics):
            # the slice does not show the file as it is: the whole file decides
            return _fix_works(self.result, finding, fix, self.recheck)
        try:
            after = self.recheck(edited)
        except Exception:  # noqa: BLE001
            return False
        return _compare(before, finding, after)


def _source_lines(source: str) -> list[str]:
    """The source's lines with their ends, split where ``ast`` and the spans split them."""
    starts = line_starts(source)
    return [source[a:b] for a, b in zip(starts, [*starts[1:], len(source)])]

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
    return _compare(result, finding, after)


def _compare(result: FileResult, finding: Diagnostic, after: FileResult) -> bool:
    """Whether ``after`` (the source of ``result`` with the fix applied) lost the finding,
    gained no error and is analysed as far."""
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
