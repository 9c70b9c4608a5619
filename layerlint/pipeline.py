"""``check_source`` / ``check_file``: front end -> dialect -> analysis -> verified fixes.
Never raises."""

from __future__ import annotations

import errno
import functools
import gc
import os
import traceback
from collections.abc import Callable
from typing import Any

from .diagnostics import Diagnostic
from .ir import Span
from .results import FileResult


# A check allocates objects by the thousand, most freed at once by their last reference; a
# young collection every 700 allocations (Python's default) walks them again and again, and each
# full collection walks everything alive, the caller's objects included (a large file's check
# makes several): the collector cost 37% of a file of 20,000 functions against 17% of one of
# 2,000 (their checks 15.5x apart, 11x without it), more in a process holding more. During a
# check the young threshold is raised and what existed before it is frozen out of the
# collections (both put back after; a caller's own freeze is left alone). In a pool's workers
# this also keeps the collections off what they inherited (3-5% of their CPU: the pages a
# collection touches are copied).
_YOUNG_THRESHOLD = 10_000


def _spaced_collections(check: Callable[..., FileResult]) -> Callable[..., FileResult]:
    @functools.wraps(check)
    def spaced(*args: Any, **kwargs: Any) -> FileResult:
        young, *older = gc.get_threshold()
        if young == 0 or young >= _YOUNG_THRESHOLD:  # off, or spaced already (a re-check)
            return check(*args, **kwargs)
        freezing = gc.get_freeze_count() == 0
        gc.set_threshold(_YOUNG_THRESHOLD, *older)
        if freezing:
            gc.freeze()
        try:
            return check(*args, **kwargs)
        finally:
            if freezing:
                gc.unfreeze()
            if gc.get_threshold()[0] == _YOUNG_THRESHOLD:  # unless changed meanwhile
                gc.set_threshold(young, *older)

    return spaced


@_spaced_collections
def check_source(text: str, path: str = "<stdin>", *, verify_fixes: bool = True,
                 dialect: str | None = None, keras_backend: str | None = None,
                 dialect_reason: str | None = None) -> FileResult:
    """Check one file's source. Internal errors become a single LL900 diagnostic.

    ``dialect`` is "keras2" or "keras3"; None lets layerlint/dialect.py decide.
    ``dialect_reason``: who imposed ``dialect`` (the LL905 note says it).
    ``keras_backend`` imposes Keras 3's backend; None: as Keras picks it (keras_backend.py).
    """
    try:
        from . import frontends

        return _finish(frontends.parse_source(text, path), verify_fixes, dialect,
                       keras_backend=keras_backend, dialect_reason=dialect_reason)
    except Exception as error:  # noqa: BLE001 - the linter must never crash on a user's file
        return _internal_error(path, text, error)


@_spaced_collections
def check_file(path: str, *, verify_fixes: bool = True, dialect: str | None = None,
               keras_backend: str | None = None, data: bytes | None = None,
               dialect_reason: str | None = None) -> FileResult:
    """Check a file on disk; ``data``: its bytes, already read (read_source_bytes)."""
    try:
        from . import frontends

        return _finish(frontends.load_file(path, data), verify_fixes, dialect,
                       keras_backend=keras_backend, dialect_reason=dialect_reason)
    except Exception as error:  # noqa: BLE001
        return _internal_error(path, "", error)


@_spaced_collections
def check_notebook(data: bytes, path: str = "<stdin>.ipynb", *, verify_fixes: bool = True,
                   dialect: str | None = None,
                   verify_only: Callable[[FileResult, Diagnostic], bool] | None = None,
                   keras_backend: str | None = None,
                   dialect_reason: str | None = None) -> FileResult:
    """Check a notebook given as its JSON bytes (read from stdin, not from ``path``).
    ``verify_only``: the findings whose fixes are verified (the others get none), for callers
    that show some findings only (the IPython extension: the cell about to run)."""
    try:
        from . import frontends

        return _finish(frontends.parse_notebook(data, path), verify_fixes, dialect,
                       verify_only, keras_backend, dialect_reason)
    except Exception as error:  # noqa: BLE001
        return _internal_error(path, "", error)


def _finish(file_ir, verify_fixes: bool, dialect: str | None,  # type: ignore[no-untyped-def]
            verify_only: Callable[[FileResult, Diagnostic], bool] | None = None,
            keras_backend: str | None = None, dialect_reason: str | None = None) -> FileResult:
    from . import fixes
    from .frontends import dialect as dialects
    from .frontends import keras_backend as backends
    from .layers.keras.backend_text import modelled
    from .replay import analysis

    choice = dialects.apply(file_ir, dialect, dialect_reason)
    backend = backends.apply(file_ir, keras_backend)
    result = analysis.analyze(file_ir)
    result.dialect_reason = choice.reason
    if backend is not None:
        result.keras_backend, result.keras_backend_reason = backend.backend, backend.reason
        if not modelled(backend.backend):
            result.diagnostics.append(Diagnostic(
                "LL903", "info", Span(1, 1, 1, 1),
                f"Keras runs on the {backend.backend} backend ({backend.reason}), which layerlint "
                "does not model: the data stage is checked only where torch and TensorFlow "
                "raise alike, and no backend's error text is quoted"))
            result.diagnostics.sort(key=lambda d: d.sort_key)
    if choice.dialect == "keras2" and any(m.framework == "keras" for m in file_ir.models):
        result.diagnostics.append(Diagnostic(
            "LL905", "info", choice.span or Span(1, 1, 1, 1),
            f"dialect keras2: {choice.reason}"))
        result.diagnostics.sort(key=lambda d: d.sort_key)
    if verify_fixes:
        # A fix is re-checked in the dialect chosen here (an edit must not switch it).
        chosen = None if verify_only is None else (lambda d: verify_only(result, d))
        fixes.verify(result, lambda fixed: check_source(
            fixed, result.path, verify_fixes=False, dialect=choice.dialect,
            keras_backend=backend and backend.backend), only=chosen, tree=file_ir.tree)
    else:
        for diagnostic in result.diagnostics:
            diagnostic.fixes = []
    file_ir.tree = None  # the slicer's: not kept past the check
    return result


# One small model per framework, with a finding and a fix: their check imports and fills what
# every later check uses (the replay modules, the catalogues' tables, cached name lookups).
_WARM_UP = (
    "import keras\nfrom keras import layers\nimport numpy as np\n"
    "m = keras.Sequential([keras.Input((12, 3)), layers.Flatten(), layers.Dense(4)])\n"
    "m.compile(optimizer='adam', loss='mse')\nm.fit(np.zeros((8, 9)), np.zeros((8, 4)))\n",
    "import torch\nfrom torch import nn\n"
    "net = nn.Sequential(nn.Linear(8, 4), nn.ReLU(), nn.Linear(4, 2))\ny = net(torch.randn(2, 9))\n",
)


def warm_up() -> None:
    """Check two small models, so that processes forked afterwards (the CLI's workers) start
    with everything a check imports and caches instead of each paying for it (0.15 s)."""
    for source in _WARM_UP:
        check_source(source, "<warm-up>", dialect="keras3", keras_backend="torch")


def _internal_error(path: str, source: str, error: BaseException) -> FileResult:
    frame = traceback.extract_tb(error.__traceback__)[-1:] if error.__traceback__ else []
    where = f" ({frame[0].filename.rsplit('/', 1)[-1]}:{frame[0].lineno})" if frame else ""
    message = (f"layerlint could not analyse this file: internal error "
               f"{type(error).__name__}: {error}{where}")
    return FileResult(path, source, diagnostics=[
        Diagnostic("LL900", "error", Span(1, 1, 1, 1), message)])


def missing_path(path: str) -> FileResult:
    """A named path that does not exist: one LL906 finding (as ruff's E902); the run goes on."""
    message = f"{os.strerror(errno.ENOENT)} (os error {errno.ENOENT})"
    return FileResult(path, "", diagnostics=[
        Diagnostic("LL906", "error", Span(1, 1, 1, 1), message)])
