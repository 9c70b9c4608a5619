"""How much work the front end does, counted instead of timed (speed itself is measured by
benchmarks/bench.py): statements executed and expressions evaluated by the interpreter."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

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
