"""Checking many files: a process pool over the files (``--jobs``), the results in the order
of the files whatever order the workers finish in, and the progress line."""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any

from .progress import Progress

MIN_FILES_PER_WORKER = 2  # fewer files than this per worker: checked in this process
CHUNKS_PER_WORKER = 4
MAX_CHUNK = 32


def default_jobs() -> int:
    """The cores this process may run on."""
    try:
        return max(len(os.sched_getaffinity(0)), 1)
    except (AttributeError, OSError):
        return os.cpu_count() or 1


_worker_check: Callable[[str], Any] | None = None


def _init_worker(check: Callable[[str], Any]) -> None:
    global _worker_check
    _worker_check = check


def _run_chunk(paths: list[str]) -> list[Any]:
    assert _worker_check is not None
    return [_worker_check(path) for path in paths]


def chunks(paths: list[str], workers: int) -> list[list[str]]:
    """The files in consecutive runs, one message each way per run instead of per file (on
    small scripts a message cost as much as the check). Each run takes a share of what is left
    (at most MAX_CHUNK files), so the runs shrink to single files at the end and no worker
    waits long for another's last run (framework files differ a hundredfold in cost)."""
    runs, start = [], 0
    while start < len(paths):
        left = len(paths) - start
        size = max(1, min(MAX_CHUNK, left // (workers * CHUNKS_PER_WORKER)))
        runs.append(paths[start:start + size])
        start += size
    return runs


def run_all(check: Callable[[str], Any], paths: list[str], jobs: int,
            progress: Progress | None = None,
            warm_up: Callable[[], None] | None = None,
            each: Callable[[Any], None] | None = None) -> list[Any]:
    """``check(path)`` for every path, in ``jobs`` processes; results in the order of
    ``paths``. ``check`` and its results must be picklable when the platform cannot fork.
    ``warm_up``: run here once before the workers fork, for what they would each redo.
    ``each``: called with every result, in order, while the workers go on."""
    results = []
    try:
        for path, result in zip(paths, _results(check, paths, jobs, warm_up)):
            results.append(result)
            if each is not None:
                each(result)
            if progress is not None:
                progress.advance(path)
    finally:
        if progress is not None:
            progress.close()
    return results


def _results(check: Callable[[str], Any], paths: list[str], jobs: int,
             warm_up: Callable[[], None] | None) -> Iterator[Any]:
    workers = min(jobs, len(paths) // MIN_FILES_PER_WORKER)
    if workers <= 1:
        yield from map(check, paths)
        return
    methods = multiprocessing.get_all_start_methods()
    forking = "fork" in methods
    context = multiprocessing.get_context("fork" if forking else None)
    if forking and warm_up is not None:
        warm_up()
    done = 0
    try:
        with ProcessPoolExecutor(workers, mp_context=context, initializer=_init_worker,
                                 initargs=(check,)) as pool:
            runs = chunks(paths, workers)
            futures = [pool.submit(_run_chunk, run) for run in runs]
            for run, future in zip(runs, futures):
                try:
                    found = future.result()
                except BrokenProcessPool:
                    raise
                except Exception:  # noqa: BLE001 - e.g. a result that cannot be pickled back
                    found = [check(path) for path in run]  # checked here: the same results
                for result in found:
                    done += 1
                    yield result
    except (BrokenProcessPool, OSError):  # a worker died (or none could start): go on here
        yield from map(check, paths[done:])

