"""A progress line on a terminal for runs that take a while (stderr; never in a pipe or a file,
never with ``-q``): ``[120/5512] checking torch/nn/modules/conv.py``."""

from __future__ import annotations

import os
import shutil
import time
from typing import TextIO

AFTER_SECONDS = 1.0  # a run shorter than this shows nothing
EVERY_SECONDS = 0.1  # at most ten redraws a second


class Progress:
    def __init__(self, stream: TextIO, total: int, enabled: bool) -> None:
        self.stream, self.total = stream, total
        self.enabled = enabled and _is_terminal(stream)
        self.start = time.monotonic()
        self.after = _after()
        self.last = 0.0
        self.done = 0
        self.shown = False

    def advance(self, path: str) -> None:
        """One more file done (``path``: the last one)."""
        self.done += 1
        if not self.enabled:
            return
        now = time.monotonic()
        if now - self.start < self.after or now - self.last < EVERY_SECONDS:
            return
        self.last = now
        width = shutil.get_terminal_size((80, 24)).columns - 1
        line = f"[{self.done}/{self.total}] checking {path}"
        if len(line) > width:
            line = line[:max(width - 1, 0)] + "…"
        self._write(f"\r\x1b[K{line}")
        self.shown = True

    def close(self) -> None:
        """Erase the line, so that the report starts on a clean one."""
        if self.shown:
            self._write("\r\x1b[K")
            self.shown = False

    def _write(self, text: str) -> None:
        try:
            self.stream.write(text)
            self.stream.flush()
        except (OSError, ValueError, UnicodeError):
            self.enabled = False


def _is_terminal(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError, OSError):
        return False


def _after() -> float:
    """``LAYERLINT_PROGRESS_AFTER`` (seconds) overrides the delay (tests use 0)."""
    try:
        return float(os.environ.get("LAYERLINT_PROGRESS_AFTER", AFTER_SECONDS))
    except ValueError:
        return AFTER_SECONDS
