"""How much work layerlint does, counted instead of timed (speed itself is measured by
benchmarks/bench.py): statements executed and expressions evaluated by the interpreter, and
Python bytecodes executed in layerlint's own code (any stage)."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from types import FrameType
from typing import Any

import layerlint
from layerlint.frontends.expressions import Expressions
from layerlint.frontends.interpreter import Interpreter


@dataclass
class Work:
    statements: int = 0
    expressions: int = 0


class _CountedHandlers(dict):
    """The interpreter's table of statement handlers (it dispatches each statement through
    ``exec_handlers.get``), each handler counting the statements it runs."""

    def __init__(self, work: Work) -> None:
        super().__init__()
        self.work = work

    def get(self, kind, default=None):  # type: ignore[no-untyped-def, override]
        handler = super().get(kind)
        if handler is None:
            return default

        def counted(interpreter, node):  # type: ignore[no-untyped-def]
            self.work.statements += 1
            return handler(interpreter, node)

        return counted


@contextmanager
def counting_work() -> Iterator[Work]:
    work = Work()
    handlers, ev = Interpreter.exec_handlers, Expressions.ev

    def counted_ev(self, node):  # type: ignore[no-untyped-def]
        work.expressions += 1
        return ev(self, node)

    Interpreter.exec_handlers = _CountedHandlers(work)
    Expressions.ev = counted_ev  # type: ignore[method-assign]
    try:
        yield work
    finally:
        Interpreter.exec_handlers, Expressions.ev = handlers, ev  # type: ignore[method-assign]


PACKAGE = str(Path(layerlint.__file__).resolve().parent)  # wherever it is imported from


@dataclass
class Bytecodes:
    executed: int = 0


@contextmanager
def counting_bytecodes() -> Iterator[Bytecodes]:
    """Bytecodes executed in layerlint's modules while the block runs (a deterministic measure
    of work: the same code and input always give the same count)."""
    count = Bytecodes()

    def trace(frame: FrameType, event: str, arg: Any) -> Any:
        if not frame.f_code.co_filename.startswith(PACKAGE):
            return None  # not layerlint's code: not counted, nor what it calls line by line
        frame.f_trace_opcodes = True
        if event == "opcode":
            count.executed += 1
        return trace

    previous = sys.gettrace()
    sys.settrace(trace)
    try:
        yield count
    finally:
        sys.settrace(previous)


# benchmarks/bench_scale.py small_script(1): the benchmark's clean Keras script, whose work the
# per-check tests count
BENCH_KERAS_SCRIPT = """import keras
import numpy as np
from keras import layers

model = keras.Sequential([keras.Input(shape=(10,)), layers.Dense(9, activation='relu'), layers.Dense(1)])
model.compile(optimizer='adam', loss='mse')
x = np.random.rand(64, 10)
y = np.random.rand(64, 1)
model.fit(x, y, epochs=1)
"""

