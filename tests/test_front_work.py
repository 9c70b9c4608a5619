"""The Keras front end's work on a small script, counted (tests/work_count.py), never timed
(issue 13: small model scripts within 10x of ``ast.parse``). What such a script never needs is
not done: no walk of the file's statements before running, no dotted-name lookups before a
dotted name is bound, no build bookkeeping before a followed ``build()`` made layers, and a
named function's path through the call chain chosen once per name."""

from __future__ import annotations

import ast
import sys
from pathlib import Path
from types import FrameType
from typing import Any

import layerlint.frontends as frontends_package
from layerlint.frontends import calls, expressions, interpreter, parse_source
from layerlint.frontends.calls import BASE_STEPS
from layerlint.frontends.interpreter import Interpreter
from layerlint.frontends.source import SourceMap
from layerlint.ir import UNKNOWN
from layerlint.pipeline import check_source
from work_count import BENCH_KERAS_SCRIPT as SCRIPT
from work_count import counting_work

FRONT = str(Path(frontends_package.__file__).resolve().parent)


def keras_front_bytecodes(source: str) -> dict[str, int]:
    """Bytecodes executed per module of the Keras front end (frontends/ but torch_*.py) while
    the source is parsed, after a first parse (lazy imports and caches are not its work)."""
    parse_source(source)
    counts: dict[str, int] = {}

    def trace(frame: FrameType, event: str, arg: Any) -> Any:
        name = frame.f_code.co_filename
        if not name.startswith(FRONT) or Path(name).name.startswith("torch_"):
            return None
        frame.f_trace_opcodes = True
        if event == "opcode":
            module = name[len(FRONT) + 1:]
            counts[module] = counts.get(module, 0) + 1
        return trace

    previous = sys.gettrace()
    sys.settrace(trace)
    try:
        parse_source(source)
    finally:
        sys.settrace(previous)
    return counts


def test_a_small_script_costs_the_keras_front_end_few_bytecodes() -> None:
    counts = keras_front_bytecodes(SCRIPT)
    # 13,535 before session 9's savings, 8,837 after them (Python 3.11)
    assert 4_000 < sum(counts.values()) <= 10_000, counts
    assert counts.get("subclass.py", 0) <= 60, counts  # built_now: nothing waits to be built


def _calls_of(monkeypatch, module: Any, name: str) -> list[int]:
    seen: list[int] = []
    original = getattr(module, name)

    def counted(*args: Any, **kwargs: Any) -> Any:
        seen.append(1)
        return original(*args, **kwargs)

    monkeypatch.setattr(module, name, counted)
    return seen


def test_no_walk_of_the_statements_before_running(monkeypatch) -> None:
    walks = _calls_of(monkeypatch, interpreter, "_function_definitions")
    parse_source(SCRIPT)
    assert not walks  # the step budget's lower bound suffices; no `def`: no function to read
    parse_source(SCRIPT + "def unused(n):\n    return keras.layers.Dense(n)\n")
    assert len(walks) == 1  # the functions never called are read on their own


def test_the_exact_step_budget_is_counted_once_the_steps_pass_its_lower_bound() -> None:
    body = "\n".join(f"    v{i} = n + {i}" for i in range(200))
    source = (f"import keras\n\ndef f(n):\n{body}\n    return keras.layers.Dense(n)\n\n"
              "for i in range(60):\n    layer = f(i)\n")
    tree = ast.parse(source)
    run = Interpreter(tree, SourceMap(source))
    run.run()
    every = sum(isinstance(node, ast.stmt) for node in ast.walk(tree))  # nested ones too
    assert run.budget == BASE_STEPS + 2 * every and run.steps > BASE_STEPS + 2 * len(tree.body)
    flat = Interpreter(ast.parse(SCRIPT), SourceMap(SCRIPT))
    flat.run()
    assert flat.statements is None and flat.budget == BASE_STEPS + 2 * 8


def test_named_functions_are_routed_once(monkeypatch) -> None:
    routes = _calls_of(monkeypatch, calls, "_route")
    monkeypatch.setattr(calls, "_ROUTES", {})
    parse_source(SCRIPT)
    first = len(routes)
    parse_source(SCRIPT)
    assert first == 4 and len(routes) == first  # Sequential, Input, Dense, np.random.rand


def test_no_dotted_lookup_until_a_dotted_name_is_bound(monkeypatch) -> None:
    in_calls = _calls_of(monkeypatch, calls, "dotted_name")
    in_expressions = _calls_of(monkeypatch, expressions, "dotted_name")
    parse_source(SCRIPT)
    assert not in_calls and not in_expressions
    # the model bound by its path is still found (and its data still checked)
    source = SCRIPT.replace("model", "cfg.model").replace("import keras\n",
                                                          "import keras\ncfg = load()\n")
    result = check_source(source.replace("rand(64, 10)", "rand(64, 11)"), "a.py")
    assert [d.code for d in result.diagnostics] == ["LL201"]
    assert in_calls and in_expressions


# --- second round (session 9) ---------------------------------------------------------------------


def test_the_calls_of_a_small_script_cost_few_bytecodes() -> None:
    counts = keras_front_bytecodes(SCRIPT)
    # calls and expressions: 3,475 before the second round (Python 3.11), all 7,625
    assert counts.get("calls.py", 0) + counts.get("expressions.py", 0) <= 3_250, counts
    assert sum(counts.values()) <= 7_000, counts


def test_constant_arguments_are_read_without_ev(monkeypatch) -> None:
    work = _calls_of(monkeypatch, Interpreter, "ev")
    parse_source("import keras\nlayer = keras.layers.Dense(9, activation='relu', use_bias=True)\n")
    assert len(work) == 2  # the call and `keras.layers`; its three constants read inline
    # at the depth bound a constant is still ev's: UNKNOWN (a call bound by its dotted path)
    for nesting, units in ((78, 4), (79, UNKNOWN)):
        source = ("import keras\ncfg = load()\ncfg.layer = keras.layers.Dense\nx = " +
                  "(" * nesting + "cfg.layer(4, activation='relu')" + ",)" * nesting + "\n")
        run = Interpreter(ast.parse(source), SourceMap(source))
        run.run()
        made = run.module.vars["x"]
        for _ in range(nesting):
            made = made[0]
        assert made.args == (units,) and made.kwargs["activation"] == (
            "relu" if units == 4 else UNKNOWN)


def test_ascii_spans_are_made_without_a_test_per_node() -> None:
    tree = ast.parse("x = f(1)\n")
    node = tree.body[0].value  # type: ignore[attr-defined]
    assert SourceMap("x = f(1)\n").span.__func__ is SourceMap._ascii_span  # type: ignore[attr-defined]
    assert SourceMap("x = f(1)  # é\n").span.__func__ is SourceMap._general_span  # type: ignore[attr-defined]
    assert SourceMap("x = f(1)\n").span(node) == SourceMap("x = f(1)\n")._general_span(node)


def test_catalogue_binding_is_inspects_without_inspect() -> None:
    """The catalogue's own binding (library/catalogue.py: _bind) against inspect's
    Signature.bind on every entry's signature, seeded random calls: same names given, same
    values in the same order, or left to inspect."""
    import random

    from layerlint.frontends.library.catalogue import _bind, all_entries

    rng = random.Random(13)
    names = ["a", "x", "axis", "shape", "dtype", "size", "order", "n", "copy", "zzz", "y"]
    bound_here = 0
    for entry in all_entries():
        signature = entry.signature
        keys = list(signature.parameters) + names
        for _ in range(30):
            args = [rng.randint(0, 5) for _ in range(rng.randint(0, 4))]
            kwargs = {k: rng.randint(0, 5) for k in rng.sample(keys, rng.randint(0, 2))}
            got = _bind(entry._plan, args, kwargs)  # type: ignore[attr-defined]
            try:
                found = signature.bind(*args, **kwargs)
            except TypeError:
                assert got is None, (entry.name, args, kwargs)
                continue
            if got is None:
                continue
            bound_here += 1
            given = set(found.arguments)
            found.apply_defaults()
            assert list(got[0]) == list(given), (entry.name, args, kwargs)
            assert list(got[1].items()) == list(found.arguments.items()), (entry.name, args)
    assert bound_here > 1_000


def test_a_span_made_without_its_init_is_a_span() -> None:
    import copy
    import dataclasses
    import json
    import pickle

    import pytest

    from layerlint.cache import decode_text, encode
    from layerlint.ir import Span, new_span

    made, usual = new_span(3, 5, 4, 9), Span(3, 5, 4, 9)
    assert type(made) is Span and made == usual and hash(made) == hash(usual)
    assert repr(made) == repr(usual) and list(vars(made)) == list(vars(usual))
    assert not made < usual and made < Span(3, 6, 0, 0) and sorted([Span(9, 1, 9, 2), made])[0] is made
    assert dataclasses.replace(made, col=1) == Span(3, 1, 4, 9)
    assert dataclasses.asdict(made) == dataclasses.asdict(usual)
    assert pickle.loads(pickle.dumps(made)) == usual and copy.deepcopy(made) == usual
    assert encode(made) == encode(usual)  # the results cache's entry, field by field
    assert decode_text(json.dumps(encode(made))) == usual
    with pytest.raises(dataclasses.FrozenInstanceError):
        made.line = 1  # type: ignore[misc]


def test_statements_are_dispatched_without_a_call_per_statement() -> None:
    counts = keras_front_bytecodes(SCRIPT)
    assert counts.get("interpreter.py", 0) <= 1_100, counts  # 1,323 before the second round
    with counting_work() as work:  # the work counter still sees every statement run
        parse_source(SCRIPT + "for i in range(3):\n    print(i)\n")
    assert work.statements == 8 + 1 + 3  # the loop's body runs once per known item
