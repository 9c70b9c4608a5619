"""Files that name no framework are parsed (syntax errors are still reported) and not
interpreted: the same findings as the full front end, for none of its work."""

from __future__ import annotations

import sysconfig
from pathlib import Path

import pytest
from work_count import counting_work

from layerlint import frontends
from layerlint.pipeline import check_source

STDLIB = Path(sysconfig.get_paths()["stdlib"])


def _findings(source: str, path: str, monkeypatch, fast: bool) -> list[tuple]:
    with monkeypatch.context() as patch:
        if not fast:
            patch.setattr(frontends, "may_hold_models", lambda text: True)
        result = check_source(source, path)
    return [(d.code, d.span, d.message) for d in result.diagnostics]


def _stdlib_sources() -> list[tuple[str, str]]:
    files = sorted(STDLIB.glob("*.py"))[:60]
    return [(str(f), f.read_text(encoding="utf-8")) for f in files]


def test_the_same_findings_without_the_interpreter(monkeypatch):
    sources = _stdlib_sources() + [
        ("broken.py", "def f(:\n    pass\n"),
        ("deep.py", "x = " + "(" * 300 + ")" * 300 + "\n"),
        ("plain.py", "import numpy as np\nx = np.zeros((3, 4)) @ np.zeros((5, 6))\n"),
    ]
    sources = [(p, s) for p, s in sources if not frontends.may_hold_models(s)]
    assert len(sources) > 50
    with counting_work() as work:
        fast = [_findings(s, p, monkeypatch, True) for p, s in sources]
    assert work.statements == 0 and work.expressions == 0  # nothing was interpreted
    full = [_findings(s, p, monkeypatch, False) for p, s in sources]
    assert fast == full
    assert [f[0][0] for f in fast[-3:-1]] == ["LL900", "LL900"]  # syntax errors still found


@pytest.mark.parametrize("source", [
    "import keras\nm = keras.Sequential([keras.Input((3,)), keras.layers.LSTM(2)])\n",
    "from tensorflow import keras as k\nm = k.Sequential([k.Input((3,)), k.layers.LSTM(2)])\n",
    "import torch.nn as nn\nimport torch\nm = nn.Linear(3, 2)\ny = m(torch.zeros(4, 5))\n",
    "m = nn.Sequential(nn.Linear(3, 2), nn.Linear(4, 2))\n",  # a torch snippet, no imports
])
def test_files_naming_a_framework_are_interpreted(source):
    assert frontends.may_hold_models(source)
    assert [d.code for d in check_source(source, "m.py").diagnostics if d.severity == "error"]


# --- each front end reads only files that can name what it follows ------------------------------

ROOT = Path(__file__).resolve().parent.parent


def _programs() -> list[tuple[str, str]]:
    """Keras, torch and mixed programs of the suite, and every 40th installed framework source
    file (keras, tf_keras, torch: most name only one of the two families)."""
    from layerlint import rules

    programs = [(f"{r.code}-{i}-{kind}.py", getattr(e, kind)) for r in rules.all_rules()
                for i, e in enumerate(rules.examples(r)) for kind in ("bad", "good")]
    for folder in ("examples", "tests/realistic/scripts", "tests/torch_differential/scripts",
                   "tests/tutorials"):
        programs += [(str(p), p.read_text(encoding="utf-8"))
                     for p in sorted((ROOT / folder).glob("*.py"))]
    installed = [Path(m.__file__).parent for m in _installed("keras", "tf_keras", "torch")]
    sources = sorted(p for folder in installed for p in folder.rglob("*.py"))[::40]
    programs += [(str(p), p.read_text(encoding="utf-8", errors="replace")) for p in sources]
    return programs


def _installed(*names: str) -> list:
    import importlib.util

    found = []
    for name in names:
        spec = importlib.util.find_spec(name)
        if spec is not None and spec.origin:
            found.append(type("M", (), {"__file__": spec.origin}))
    return found


def _report(source: str, path: str, monkeypatch, gated: bool) -> str:
    from layerlint.report.json_report import file_json

    with monkeypatch.context() as patch:
        if not gated:
            patch.setattr(frontends, "may_hold_keras", lambda text: True)
            patch.setattr(frontends, "may_hold_torch", lambda text: True)
        result = check_source(source, path)
    return repr((file_json(result), result.dialect_reason))


def test_front_ends_skip_files_without_their_names_with_the_same_reports(monkeypatch):
    """Full JSON reports (models, findings, fixes, notes, the dialect's reason) are the same
    with each front end run on every file; the gates do skip files in both directions."""
    programs = [(p, s) for p, s in _programs() if frontends.may_hold_models(s)]
    keras_only = [p for p, s in programs if not frontends.may_hold_torch(s)]
    torch_only = [p for p, s in programs if not frontends.may_hold_keras(s)]
    assert len(keras_only) > 50 and len(torch_only) > 50
    for path, source in programs:
        assert _report(source, path, monkeypatch, True) == \
            _report(source, path, monkeypatch, False), path


def test_a_torch_script_is_not_read_by_the_keras_interpreter():
    source = ("import torch\nimport torch.nn as nn\n"
              "model = nn.Sequential(nn.Linear(3, 8), nn.Linear(4, 2))\n"
              "y = model(torch.zeros(5, 3))\n")
    assert not frontends.may_hold_keras(source)
    with counting_work() as work:
        result = check_source(source, "t.py")
    assert work.statements == 0 and work.expressions == 0
    assert [d.code for d in result.diagnostics if d.severity == "error"] == ["LL102"]


@pytest.mark.parametrize("source", [
    # named sizes of pandas / sklearn data are numbered per file, by both front ends in turn
    "import torch\nimport pandas as pd\ndf = pd.read_csv('x.csv')\n",
    "import torch\nfrom sklearn.model_selection import train_test_split\n",
    "import torch\nfrom transformers import TFAutoModel\n",  # a Keras model of transformers
    "from tensorflow import keras\n", "import tf_keras\n",
    # dialect hints: the reason every file's report gives for its dialect
    "import os\nimport torch\nos.environ['TF_USE_LEGACY_KERAS'] = '1'\n",
    "import os\nimport torch\nos.environ.setdefault('KERAS_BACKEND', 'jax')\n",
])
def test_keras_words_that_run_the_interpreter(source, monkeypatch):
    assert frontends.may_hold_keras(source)
    assert _report(source, "k.py", monkeypatch, True) == _report(source, "k.py", monkeypatch, False)


@pytest.mark.parametrize("source", [
    "import torchvision\n", "import timm\n", "from transformers import AutoModel\n",
    "m = nn.Linear(3, 2)\n", "y = F.relu(x)\n", "from torchinfo import summary\n",
])
def test_torch_words_that_run_the_torch_walk(source):
    assert frontends.may_hold_torch(source)


def test_the_walks_visit_what_the_ast_module_visits():
    """scopes.walk / child_nodes replace ast.walk / iter_child_nodes in the hot walks: the same
    nodes (but operator and context tokens) in the same order, on every syntax the grammar and
    pattern-matching tests use."""
    import ast

    from layerlint.frontends.scopes import TOKEN_NODES, child_nodes, walk

    files = [STDLIB / "test" / name for name in ("test_grammar.py", "test_patma.py",
                                                  "test_fstring.py")]
    files = [f for f in files if f.exists()] + sorted(STDLIB.glob("*.py"))[:20]
    assert len(files) > 20
    for file in files:
        tree = ast.parse(file.read_bytes())
        nodes = [n for n in ast.walk(tree) if not isinstance(n, TOKEN_NODES)]
        assert walk(tree) == nodes, file
        assert all(child_nodes(n) == [c for c in ast.iter_child_nodes(n)
                                      if not isinstance(c, TOKEN_NODES)] for n in nodes), file


def test_the_dtype_search_finds_what_its_regex_finds():
    """torch_values.changes_dtypes is DTYPE_CHANGES.search without its slow branch: the same
    answer on seeded random text built from the pieces the regex looks at."""
    import random

    from layerlint.frontends.torch_values import DTYPE_CHANGES, changes_dtypes

    pieces = ["a", "b.", ".", "x.y", "self", ".double()", ".half( )", ".bfloat16(\n)", "\u00e9",
              "_", "1", " ", "\n", "(", ")", ".to(", "torch.float64", "dtype", ".double(", "m.fc"]
    rng = random.Random(13)
    found = 0
    for _ in range(20_000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 8)))
        expected = DTYPE_CHANGES.search(text) is not None
        assert changes_dtypes(text) == expected, text
        found += expected
    assert 1_000 < found < 19_000


def test_the_snippet_name_search_finds_what_its_regex_finds():
    import random
    import re

    regex = re.compile(r"\b(?:nn|F)\b")
    pieces = ["nn", "F", "n", "a", "_", ".", " ", "\n", "\u00e9", "1", "(", "Fn", "nnn"]
    rng = random.Random(7)
    found = 0
    for _ in range(20_000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 6)))
        expected = regex.search(text) is not None
        assert frontends.names_torch_snippet(text) == expected, text
        found += expected
    assert 1_000 < found < 19_000
