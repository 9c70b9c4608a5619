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
