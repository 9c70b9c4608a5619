"""``check_source`` / ``check_file``: front end -> analysis -> verified fixes. Never raises."""

from __future__ import annotations

import traceback

from .diagnostics import Diagnostic
from .ir import Span
from .results import FileResult


def check_source(text: str, path: str = "<stdin>", *, verify_fixes: bool = True) -> FileResult:
    """Check one file's source. Internal errors become a single LL900 diagnostic."""
    try:
        from . import frontends

        return _finish(frontends.parse_source(text, path), verify_fixes)
    except Exception as error:  # noqa: BLE001 - the linter must never crash on a user's file
        return _internal_error(path, text, error)


def check_file(path: str, *, verify_fixes: bool = True) -> FileResult:
    try:
        from . import frontends

        return _finish(frontends.load_file(path), verify_fixes)
    except Exception as error:  # noqa: BLE001
        return _internal_error(path, "", error)


def _finish(file_ir, verify_fixes: bool) -> FileResult:  # type: ignore[no-untyped-def]
    from . import analysis, fixes

    result = analysis.analyze(file_ir)
    if verify_fixes:
        fixes.verify(result, lambda fixed: check_source(fixed, result.path, verify_fixes=False))
    else:
        for diagnostic in result.diagnostics:
            diagnostic.fixes = []
    return result


def _internal_error(path: str, source: str, error: BaseException) -> FileResult:
    frame = traceback.extract_tb(error.__traceback__)[-1:] if error.__traceback__ else []
    where = f" ({frame[0].filename.rsplit('/', 1)[-1]}:{frame[0].lineno})" if frame else ""
    message = (f"layerlint could not analyse this file: internal error "
               f"{type(error).__name__}: {error}{where}")
    return FileResult(path, source, diagnostics=[
        Diagnostic("LL900", "error", Span(1, 1, 1, 1), message)])
