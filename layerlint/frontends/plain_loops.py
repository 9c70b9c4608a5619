"""Long data-building loops whose every iteration can be evaluated without side effects.

The windowing idioms of time-series tutorials run over far more items than the interpreter
unrolls in general::

    X = np.array([data[i:i + k] for i in range(len(data) - k)])

    for i in range(len(data) - k):
        a = data[i:i + k, 0]
        X.append(a)
        y.append(data[i + k, 0])

When the body only reads names, subscripts and arithmetic (no calls, so nothing outside the loop
changes), each iteration is evaluated exactly; the result is kept only when every element is an
array of fully known shape or a number, so a window whose length varies (numpy's ragged error)
or depends on something unknown stays unknown.
"""

from __future__ import annotations

import ast
from typing import Any

from .values import ANY_NUMBER, Data

MAX_PLAIN_EVALUATIONS = 25_000  # expressions evaluated for one loop or comprehension (~0.5 s)
MAX_PLAIN_TOTAL = 100_000  # for all of them in one file (a function may be called often)

# Expression nodes that only read: no calls, no assignment expressions, no comprehensions.
_PURE_NODES = (
    ast.Name,
    ast.Constant,
    ast.Subscript,
    ast.Slice,
    ast.Tuple,
    ast.BinOp,
    ast.UnaryOp,
    ast.operator,
    ast.unaryop,
    ast.expr_context,
)
_PURE_ATTRIBUTES = {"shape", "ndim", "size", "T"}


def is_pure(node: ast.AST) -> bool:
    """Whether evaluating ``node`` can change nothing (names, subscripts, arithmetic)."""
    for sub in ast.walk(node):
        if isinstance(sub, ast.Attribute):
            if sub.attr not in _PURE_ATTRIBUTES:
                return False
        elif isinstance(sub, ast.Name):
            if not isinstance(sub.ctx, ast.Load):
                return False
        elif not isinstance(sub, _PURE_NODES):
            return False
    return True


def is_plain_element(value: Any) -> bool:
    """An element numpy stacks into a known shape: a fully known array or a number."""
    if isinstance(value, Data):
        return value.shape is not None and all(isinstance(d, int) for d in value.shape)
    return value is ANY_NUMBER or isinstance(value, (int, float))


# A step of a plain loop body: ("assign", name, expr) or ("append", list name, expr).
Step = tuple[str, str, ast.expr]


def plain_loop_plan(node: ast.For) -> list[Step] | None:
    """The steps of ``for i in ...:`` whose body only assigns names and appends to lists."""
    if not isinstance(node.target, ast.Name) or node.orelse or not node.body:
        return None
    steps: list[Step] = []
    assigned = {node.target.id}
    for statement in node.body:
        if (
            isinstance(statement, ast.Assign)
            and len(statement.targets) == 1
            and isinstance(statement.targets[0], ast.Name)
            and is_pure(statement.value)
        ):
            assigned.add(statement.targets[0].id)
            steps.append(("assign", statement.targets[0].id, statement.value))
            continue
        call = statement.value if isinstance(statement, ast.Expr) else None
        if (
            isinstance(call, ast.Call)
            and isinstance(call.func, ast.Attribute)
            and call.func.attr == "append"
            and isinstance(call.func.value, ast.Name)
            and len(call.args) == 1
            and not call.keywords
            and not isinstance(call.args[0], ast.Starred)
            and is_pure(call.args[0])
        ):
            steps.append(("append", call.func.value.id, call.args[0]))
            continue
        return None
    appended = {name for kind, name, _ in steps if kind == "append"}
    if not appended or appended & assigned:
        return None
    return steps
