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


@contextmanager
def counting_work() -> Iterator[Work]:
    work = Work()
    exec_statement, ev = Interpreter.exec_statement, Expressions.ev

    def counted_statement(self, node):  # type: ignore[no-untyped-def]
        work.statements += 1
        return exec_statement(self, node)

    def counted_ev(self, node):  # type: ignore[no-untyped-def]
        work.expressions += 1
        return ev(self, node)

    Interpreter.exec_statement, Expressions.ev = counted_statement, counted_ev  # type: ignore[method-assign]
    try:
        yield work
    finally:
        Interpreter.exec_statement, Expressions.ev = exec_statement, ev  # type: ignore[method-assign]


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
