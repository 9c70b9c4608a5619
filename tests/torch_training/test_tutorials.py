"""Training scripts in the style of the PyTorch tutorials (tests/tutorials/torch_train_*.py:
quickstart, CIFAR-10, pytorch/examples mnist, text classification, transfer learning, GANs,
sequence models, ...): layerlint finds nothing (no error, no warning), and every one runs in
real torch without error and without a broadcasting comparison (one subprocess). Some have a
broken twin (one edit in the training step) where layerlint finds what torch does.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from layerlint.pipeline import check_source

from .compare import torch_outcomes

pytestmark = pytest.mark.torch

FILES = sorted((Path(__file__).parents[1] / "tutorials").glob("torch_train_*.py"))
# file -> (text replaced, replacement, the code layerlint gives at torch's line)
BROKEN = {
    "torch_train_quickstart_mlp.py": ("(pred.argmax(1) == y)", "(pred.argmax(1) == y.view(-1, 1))",
                                      "LL408"),
    "torch_train_cifar_cnn.py": ("        loss.backward()\n", "        loss.detach().backward()\n",
                                 "LL210"),
    "torch_train_lstm_classifier.py": ("            correct += (predicted == labels).sum().item()",
                                       "            correct += (predicted == labels).sum().item()\n"
                                       "            criterion(outputs, labels).backward()",
                                       "LL210"),
    "torch_train_bidirectional_gru_tagger.py": ("gold.view(-1))", "gold.view(-1, 1))", "LL202"),
    "torch_train_ordered_dict.py": ('("fc1", nn.Linear(10, 20)),\n    ("act1", nn.ReLU()),\n'
                                    '    ("fc2", nn.Linear(20, 20)),\n    ("act2", nn.ReLU()),\n'
                                    '    ("out", nn.Linear(20, 2)),',
                                    '("act1", nn.ReLU()),', "LL211"),
    "torch_train_batchnorm_mlp.py": ("model.eval()\n", "", "LL103"),
}


@pytest.fixture(scope="module")
def runs() -> dict[str, dict]:
    sources = [f.read_text() for f in FILES]
    sources += [_broken(name) for name in sorted(BROKEN)]
    outcomes = torch_outcomes(sources)
    names = [f.name for f in FILES] + [f"broken:{n}" for n in sorted(BROKEN)]
    return dict(zip(names, outcomes))


def _broken(name: str) -> str:
    old, new, _ = BROKEN[name]
    source = (FILES[0].parent / name).read_text()
    assert source.count(old) == 1, name
    return source.replace(old, new)


def test_there_are_thirty_tutorials() -> None:
    assert len(FILES) >= 30


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_tutorial_has_no_finding_and_runs(path: Path, runs: dict) -> None:
    found = [(d.code, d.span.line, d.message) for d in
             check_source(path.read_text(), path.name, verify_fixes=False).diagnostics
             if d.severity != "info"]
    assert found == []
    assert runs[path.name] == {"error": None, "line": None, "broadcasts": []}


@pytest.mark.parametrize("name", sorted(BROKEN))
def test_broken_twin_is_found_where_torch_fails(name: str, runs: dict) -> None:
    source, code = _broken(name), BROKEN[name][2]
    run = runs[f"broken:{name}"]
    found = [d for d in check_source(source, name, verify_fixes=False).diagnostics
             if d.code == code]
    assert found, (name, run)
    if code == "LL408":
        assert run["error"] is None and run["broadcasts"] == [found[0].span.line]
        return
    assert run["error"] == found[0].framework_error
    module_error = code == "LL103"  # reported at the module, the call a related location
    assert run["line"] == (found[0].related[-1].span.line if module_error
                           else found[0].span.line)
