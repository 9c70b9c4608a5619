"""The rule catalogue: every code layerlint emits, documented by itself.

Each :class:`Rule` says what it finds, why it matters, and carries a *bad* and a *good* example
(complete little programs). The examples are tests: ``bad`` must produce the rule's code, ``good``
must not (tests/test_rule_examples.py).

Families: LL1xx layer-to-layer, LL2xx data and model, LL3xx sequences, LL4xx suspicious but legal
(warnings), LL9xx analysis notes (info).
"""

from __future__ import annotations

from dataclasses import dataclass

from ..diagnostics import Severity


@dataclass(frozen=True)
class Rule:
    code: str
    name: str  # kebab-case, like ruff's rule names
    severity: Severity
    summary: str  # one line: what it finds
    why: str  # why it is a problem / what the framework does
    bad: str  # a program that triggers the rule
    good: str  # the same program, fixed
    frameworks: tuple[str, ...] = ("keras",)


@dataclass(frozen=True)
class Example:
    """A bad program and the same program fixed, for one framework."""

    framework: str
    bad: str
    good: str


RULES: dict[str, Rule] = {}
# Pairs for frameworks beyond a rule's own (e.g. the PyTorch form of LL102), by code.
_MORE_EXAMPLES: dict[str, list[Example]] = {}


def rule(r: Rule) -> Rule:
    if r.code in RULES:
        raise ValueError(f"rule {r.code} defined twice")
    RULES[r.code] = r
    return r


def add_example(code: str, example: Example) -> None:
    _MORE_EXAMPLES.setdefault(code, []).append(example)


def examples(r: Rule) -> list[Example]:
    """Every bad/good pair of a rule: its own first, then those of other frameworks."""
    _load()
    return [Example(r.frameworks[0], r.bad, r.good), *_MORE_EXAMPLES.get(r.code, [])]


def frameworks(r: Rule) -> list[str]:
    """The frameworks a rule applies to, with those its extra examples cover."""
    return list(dict.fromkeys([*r.frameworks, *(e.framework for e in examples(r))]))


def document(r: Rule) -> str:
    """A rule's documentation in markdown, laid out like ``ruff rule`` (``layerlint rule``,
    the language server's rule pages)."""
    pairs = examples(r)
    text = (
        f"# {r.name} ({r.code})\n\n"
        f"Severity: {r.severity}. Frameworks: {', '.join(frameworks(r))}.\n\n"
        f"## What it does\n{r.summary}\n\n"
        f"## Why is this bad?\n{r.why}\n"
    )
    for pair in pairs:
        heading = "Example" if len(pairs) == 1 else f"Example ({pair.framework})"
        text += (
            f"\n## {heading}\n```python\n{pair.bad.rstrip()}\n```\n\n"
            f"Use instead:\n```python\n{pair.good.rstrip()}\n```\n"
        )
    return text


def get(code: str) -> Rule:
    _load()
    return RULES[code]


def all_rules() -> list[Rule]:
    _load()
    return sorted(RULES.values(), key=lambda r: r.code)


_loaded = False


def _load() -> None:
    global _loaded
    if not _loaded:
        _loaded = True
        import importlib
        import pkgutil

        for info in pkgutil.iter_modules(__path__):
            importlib.import_module(f"{__name__}.{info.name}")
