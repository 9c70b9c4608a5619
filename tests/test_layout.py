"""The package's layout: imports flow one way (no cycles, lazy imports included) and modules
stay small enough to read. Type-only imports (``if TYPE_CHECKING:``) are not imports at run time
and are left out."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "layerlint"
MAX_LINES = 850  # "about 800": a module longer than this is split by what it does
# Being split now (issue 9); remove the entry with the split.
SPLIT_PENDING: set[str] = set()


def _modules() -> dict[str, Path]:
    found = {}
    for path in PACKAGE.rglob("*.py"):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        if parts[-1] == "__init__":
            parts = parts[:-1]
        found[".".join(parts)] = path
    return found


def _type_checking_blocks(tree: ast.AST) -> set[int]:
    skipped = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            for inner in node.body:
                skipped.update(id(n) for n in ast.walk(inner))
    return skipped


def _imports(name: str, path: Path, modules: dict[str, Path]) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skipped = _type_checking_blocks(tree)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(tree):
        if id(node) in skipped:
            continue
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name in modules)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            for alias in node.names:
                if f"{target}.{alias.name}" in modules:
                    found.add(f"{target}.{alias.name}")
                elif target in modules:
                    found.add(target)
    found.discard(name)
    return found


def _cycle(graph: dict[str, set[str]]) -> list[str] | None:
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                return stack[stack.index(nxt):] + [nxt]
            if nxt not in state:
                found = visit(nxt)
                if found:
                    return found
        stack.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state:
            found = visit(node)
            if found:
                return found
    return None


def _graph() -> dict[str, set[str]]:
    modules = _modules()
    graph = {name: _imports(name, path, modules) for name, path in modules.items()}
    return graph


def test_no_import_cycles() -> None:
    cycle = _cycle(_graph())
    assert cycle is None, " -> ".join(cycle or [])


@pytest.mark.parametrize("stage, later", [
    ("layerlint.frontends", ("layerlint.replay", "layerlint.fixes", "layerlint.report",
                             "layerlint.cli", "layerlint.pipeline", "layerlint.server",
                             "layerlint.jupyter")),
    ("layerlint.layers", ("layerlint.replay", "layerlint.frontends", "layerlint.fixes",
                          "layerlint.report", "layerlint.cli", "layerlint.pipeline",
                          "layerlint.server", "layerlint.jupyter")),
    ("layerlint.replay", ("layerlint.fixes", "layerlint.report", "layerlint.cli",
                          "layerlint.pipeline", "layerlint.server", "layerlint.jupyter")),
    ("layerlint.report", ("layerlint.cli", "layerlint.server", "layerlint.jupyter")),
    # entry points side by side: each uses the pipeline, never another entry point
    ("layerlint.server", ("layerlint.cli", "layerlint.jupyter")),
    ("layerlint.jupyter", ("layerlint.cli", "layerlint.server")),
    ("layerlint.cli", ("layerlint.jupyter",)),  # `layerlint server` starts the server
])
def test_stages_import_only_earlier_stages(stage: str, later: tuple[str, ...]) -> None:
    """Data flows front ends -> replay -> fixes -> reports -> entry points; imports follow it."""
    wrong = sorted(
        f"{name} imports {target}"
        for name, targets in _graph().items() if name == stage or name.startswith(stage + ".")
        for target in targets if target.startswith(later)
    )
    assert not wrong, wrong


def test_modules_stay_small() -> None:
    long = {name: n for name, path in _modules().items() if name not in SPLIT_PENDING
            if (n := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES}
    assert not long, long
