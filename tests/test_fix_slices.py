"""Fix verification on slices of the file (layerlint/fix_slices.py) offers exactly the fixes
that verification on the whole file offers, and its work grows linearly with the models.

The equivalence is checked with slicing forced on every file (even the small ones, which are
verified whole by default), on every program of the suite that has a candidate fix: the rule
examples, the example scripts, the realistic/differential/tutorial scripts and the programs
written inline in the fix tests; then on generated files of many models, where slicing is
the default, and on programs built to defeat a slice (aliases, shared layers, a function
that changes a model, a global setting)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from work_count import counting_bytecodes

from layerlint import fix_slices, fixes, pipeline, rules
from layerlint.diagnostics import Edit

TESTS = Path(__file__).resolve().parent
ROOT = TESTS.parent


def verified(source: str, forced: bool | None) -> list:
    """Every finding with its verified fixes; ``forced``: slice every file (True), never
    (False), as by default (None)."""
    saved = fix_slices.MIN_UNITS, fix_slices.MAX_SHARE
    if forced is True:
        fix_slices.MIN_UNITS, fix_slices.MAX_SHARE = 0, 1.01
    elif forced is False:
        fix_slices.MIN_UNITS = 10**9
    try:
        result = pipeline.check_source(source, "program.py")
    finally:
        fix_slices.MIN_UNITS, fix_slices.MAX_SHARE = saved
    return [(d.code, d.model, d.span, [(f.title, f.edits, f.safe) for f in d.fixes])
            for d in result.diagnostics]


def inline_programs(path: Path) -> list[str]:
    """Python programs written as string literals in a test module."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and "\n" in node.value \
                and ("keras" in node.value or "torch" in node.value):
            try:
                ast.parse(node.value)
            except SyntaxError:
                continue
            found.append(node.value)
    return found


def corpus() -> list[tuple[str, str]]:
    programs = []
    for rule in rules.all_rules():
        for i, example in enumerate(rules.examples(rule)):
            programs += [(f"{rule.code}[{i}] bad", example.bad), (f"{rule.code}[{i}] good",
                                                                   example.good)]
    folders = ["examples", "tests/realistic/scripts", "tests/differential/scripts",
               "tests/differential/graph_scripts", "tests/torch_differential/scripts",
               "tests/tutorials"]
    for folder in folders:
        for path in sorted((ROOT / folder).glob("*.py")):
            programs.append((str(path.relative_to(ROOT)), path.read_text(encoding="utf-8")))
    for module in ("test_fixes.py", "test_cli_fixes.py", "test_cli_diff_applies.py",
                   "test_data_lists.py", "test_optimizers.py", "test_mask_loss.py"):
        if (TESTS / module).exists():
            programs += [(f"{module}:{i}", text)
                         for i, text in enumerate(inline_programs(TESTS / module))]
    return programs


def test_slices_offer_the_same_fixes_as_the_whole_file() -> None:
    programs = corpus()
    with_fixes = 0
    mismatches = []
    for name, source in programs:
        whole = verified(source, forced=False)
        with_fixes += any(fixes for *_, fixes in whole)
        if verified(source, forced=True) != whole:
            mismatches.append(name)
    assert not mismatches, mismatches
    assert len(programs) > 300 and with_fixes > 80, (len(programs), with_fixes)


def broken_models(count: int, shared_name: bool = False) -> str:
    """``count`` models, each with an input that does not fit its data (LL201: the verified
    fix sets the Input shape) and an LSTM on 2-D input (LL101: no fix survives)."""
    lines = ["import keras", "from keras import layers", "import numpy as np", ""]
    for i in range(count):
        name = "model" if shared_name else f"m{i}"
        lines += [f"{name} = keras.Sequential([keras.Input(shape=(8,)), layers.Dense(16)])",
                  f"x{i} = np.zeros((32, 7))",
                  f"{name}.compile(optimizer='adam', loss='mse')",
                  f"{name}.fit(x{i}, np.zeros((32, 16)))",
                  f"r{i} = keras.Sequential([keras.Input(shape=(8,)), layers.Dense(4), "
                  "layers.LSTM(2)])", ""]
    return "\n".join(lines)


@pytest.mark.parametrize("shared_name", [False, True])
def test_many_models_sliced_by_default_same_fixes(shared_name: bool) -> None:
    source = broken_models(30, shared_name)
    default, whole = verified(source, None), verified(source, False)
    assert default == whole
    offered = [fixes for code, *_, fixes in default if code == "LL201"]
    assert len(offered) == 30 and all(offered)  # every LL201 keeps its fix


ADVERSARIAL = {
    # a layer object shared by two models: the second builds it on other data
    "shared layer": """
shared = layers.Dense(4)
a = keras.Sequential([keras.Input((8,)), shared])
b = keras.Sequential([keras.Input((6,)), shared, layers.Dense(2)])
b.compile(optimizer="adam", loss="mse")
b.fit(np.zeros((4, 6)), np.zeros((4, 3)))
""",
    # a model changed through an alias and through a function
    "alias and function": """
base = keras.Sequential([keras.Input((8,)), layers.Dense(4)])
alias = base
def grow(model):
    model.add(layers.Dense(3))
grow(alias)
base.compile(optimizer="adam", loss="mse")
base.fit(np.zeros((4, 7)), np.zeros((4, 3)))
""",
    # a global setting between a model and its data
    "global setting": """
keras.config.set_floatx("float64")
m = keras.Sequential([keras.Input((8,)), layers.Dense(4)])
m.compile(optimizer="adam", loss="mse")
m.fit(np.zeros((4, 7)), np.zeros((4, 4)))
""",
    # a global setting made by a function of the file when it is called
    "global setting in a function": """
def setup():
    keras.config.set_floatx("float64")
m = keras.Sequential([keras.Input((8,)), layers.Dense(4)])
setup()
m.compile(optimizer="adam", loss="mse")
m.fit(np.zeros((4, 7)), np.zeros((4, 4)))
""",
    # a model reached through a list, then nested in another model
    "nested through a list": """
inner = keras.Sequential([keras.Input((8,)), layers.Dense(5)])
parts = [inner, layers.Dense(2)]
outer = keras.Sequential([keras.Input((8,))] + parts)
outer.compile(optimizer="adam", loss="mse")
outer.fit(np.zeros((4, 7)), np.zeros((4, 2)))
inner.fit(np.zeros((4, 8)), np.zeros((4, 4)))
""",
}


@pytest.mark.parametrize("name", sorted(ADVERSARIAL))
def test_programs_built_to_defeat_a_slice(name: str) -> None:
    """Each tricky part sits among 40 unrelated models, so that the file is sliced."""
    filler = broken_models(20)
    source = filler + ADVERSARIAL[name] + "\n" + broken_models(20).split("\n", 4)[4]
    assert verified(source, None) == verified(source, False)
    assert verified(source, True) == verified(source, False)


def test_the_checked_tree_serves_the_slices(monkeypatch: pytest.MonkeyPatch) -> None:
    """The slicer reads the module the check parsed: the file is parsed once (then each
    re-checked slice once), and the fixes are those a slicer parsing the file again keeps."""
    source = broken_models(45)
    parsed: list[str] = []
    parse = ast.parse

    def counted(text, *args, **kwargs):  # type: ignore[no-untyped-def]
        parsed.append(text)
        return parse(text, *args, **kwargs)

    monkeypatch.setattr(ast, "parse", counted)
    with_tree = verified(source, None)
    assert parsed.count(source) == 1
    slices = [text for text in parsed if text != source]
    # sliced, and packed: a model's statements and the imports, wherever the model is
    assert slices and max(text.count("\n") for text in slices) <= 8 < source.count("\n")
    original = fixes.verify  # as before: no tree handed over, the slicer parses the file
    monkeypatch.setattr(fixes, "verify", lambda *a, tree=None, **k: original(*a, **k))
    parsed.clear()
    assert verified(source, None) == with_tree
    assert parsed.count(source) == 2
    assert sum(bool(f) for code, *_, f in with_tree if code == "LL201") == 45


def test_packed_slices_decide_every_fix_as_slices_at_their_own_lines(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """A slice's statements are packed one after another (no blank line per line of the file
    before them): with slicing forced on every program of the suite, the fixes kept are those
    the slices at their own lines kept."""
    packed = {name: verified(source, True) for name, source in corpus()}
    slice_text = fix_slices.slice_text
    monkeypatch.setattr(fix_slices, "slice_text",
                        lambda lines, units, chosen, packed=True: slice_text(lines, units, chosen,
                                                                             False))
    padded = {name: verified(source, True) for name, source in corpus()}
    assert packed == padded
    assert sum(any(f for *_, f in found) for found in packed.values()) > 80


def test_an_edit_across_lines_a_packed_slice_leaves_out() -> None:
    """An edit from one statement to another across a comment between them is applied to the
    slice at its own lines (the packed one has no place for the comment's line)."""
    source = "import keras\nm = keras.Sequential([])\n# a comment\nm.summary()\n"
    saved = fix_slices.MIN_UNITS, fix_slices.MAX_SHARE
    fix_slices.MIN_UNITS, fix_slices.MAX_SHARE = 0, 1.01
    try:
        graph = fix_slices.FileSlices(ast.parse(source), source.count("\n") + 1)
        across, inside = Edit(2, 5, 4, 2, "x"), Edit(4, 1, 4, 2, "n")
        chosen = graph.slice_of(graph.units_for([across]))
    finally:
        fix_slices.MIN_UNITS, fix_slices.MAX_SHARE = saved
    lines = source.splitlines(keepends=True)
    text, shifts = fix_slices.slice_text(lines, graph.units, chosen)
    assert text == "import keras\nm = keras.Sequential([])\nm.summary()\n"
    assert fix_slices.moved_edits([across], graph.unit_of_line, shifts) is None
    assert fix_slices.moved_edits([inside], graph.unit_of_line, shifts) == [Edit(3, 1, 3, 2, "n")]
    padded, _ = fix_slices.slice_text(lines, graph.units, chosen, packed=False)
    assert padded == source.replace("# a comment", "")


def walked_roots(unit: fix_slices.Unit) -> list[str | None]:
    """The base variables of the calls made as statements in a unit, its functions' bodies
    included, as a walk of its statements finds them (the names visitor collects them on its
    own walk; a barrier is one of them naming an imported module)."""
    return [fix_slices._root(node.value.func) for top in unit.nodes for node in ast.walk(top)
            if isinstance(node, ast.Expr) and isinstance(node.value, ast.Call)]


def test_statement_calls_are_those_a_walk_finds() -> None:
    programs = [text for _, text in corpus()]
    programs += [broken_models(5) + text for text in ADVERSARIAL.values()]
    saved = fix_slices.MIN_UNITS
    fix_slices.MIN_UNITS = 0
    graphs, calls, barriers = 0, 0, 0
    try:
        for text in programs:
            try:
                graph = fix_slices.FileSlices(ast.parse(text), text.count("\n") + 1)
            except (fix_slices.NoSlice, SyntaxError):  # rule examples of unparsable files
                continue
            for unit in graph.units:
                assert sorted(unit.effect_roots, key=str) == sorted(walked_roots(unit), key=str)
            graphs += 1
            calls += sum(len(unit.effect_roots) for unit in graph.units)
            barriers += len(graph.barriers)
    finally:
        fix_slices.MIN_UNITS = saved
    assert graphs > 300 and calls > 300 and barriers > 10, (graphs, calls, barriers)


def test_fix_verification_work_is_linear_in_models() -> None:
    """4x the broken models cost at most ~4x the bytecodes (the whole-file verification cost
    (models)²: 250 models took 60 s against 4.7 s for 80)."""
    pipeline.check_source(broken_models(3))  # imports and caches
    counts = []
    for count in (15, 60):
        with counting_bytecodes() as work:
            pipeline.check_source(broken_models(count))
        counts.append(work.executed)
    assert counts[1] <= 4.3 * counts[0], counts


def many_functions(count: int) -> str:
    return "import keras\n" + "".join(f"def f{i}(x):\n    y = x + {i}\n    return y * 2\n\n"
                                      for i in range(count))


def test_work_is_linear_in_functions() -> None:
    """The torch walk shadowed every model of the scope in each function: (functions)²
    (20,000 small functions took 38x the time of 2,000)."""
    pipeline.check_source(many_functions(3))
    counts = []
    for count in (300, 1200):
        with counting_bytecodes() as work:
            pipeline.check_source(many_functions(count))
        counts.append(work.executed)
    assert counts[1] <= 4.3 * counts[0], counts
