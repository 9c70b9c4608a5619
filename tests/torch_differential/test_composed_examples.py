"""The issue's torch examples and tutorial-style composed models, against real torch.

CLEAN models (a ResNet with BasicBlocks and a _make_layer helper, a small VGG, a U-Net with a
torch.cat skip connection, an LSTM classifier unpacking ``out, (h, c)``, stages in a ModuleDict
of ModuleLists of custom blocks, a model-building function) must run in torch and get no
finding and no note from layerlint, with torch's output shape and parameter count. BROKEN
scripts fail in torch; layerlint must report it with torch's message, at the line the issue
asks for: the forward's line that calls the failing module (its definition a related
location), or the line calling a module directly on a tensor.
"""

from __future__ import annotations

import pytest

from layerlint.pipeline import check_source

from .compare import compare
from .composed_examples import ATTENTION, BROKEN, CLEAN
from .runner import run_script

pytestmark = pytest.mark.torch


@pytest.mark.parametrize("name", sorted(CLEAN))
def test_tutorial_models_pass_cleanly(name: str) -> None:
    source = CLEAN[name]
    result = check_source(source, f"{name}.py")
    run = run_script(source)
    assert run.error is None, run.error
    assert compare(result, run, True) == []
    assert [(d.code, d.message) for d in result.diagnostics] == []
    (report,) = [m for m in result.models if m.name == "model"]
    assert report.root is not None
    assert report.root.output_shape == run.output_shape
    assert report.root.params == run.total_params


def test_an_attention_block_gets_a_note_and_no_false_alarm() -> None:
    result = check_source(ATTENTION, "encoder.py")
    run = run_script(ATTENTION)
    assert run.error is None
    assert [d.code for d in result.diagnostics] == ["LL901"]
    assert "MultiheadAttention" in result.diagnostics[0].message


@pytest.mark.parametrize("name", sorted(BROKEN))
def test_issue_examples_are_found_at_the_call_site(name: str) -> None:
    source, line = BROKEN[name]
    result = check_source(source, f"{name}.py")
    run = run_script(source)
    assert run.error is not None
    errors = [d for d in result.diagnostics if d.severity == "error"]
    assert len(errors) == 1, [d.message for d in result.diagnostics]
    (d,) = errors
    assert d.stage == "forward"
    assert d.framework_error is not None and d.framework_error.splitlines()[0] == run.error
    assert d.span.line == line
    if not name.startswith("builder"):  # a Sequential's own module: torch's frame is model(x)
        assert line == run.error_line
    if any(m.name == "model" for m in result.models):
        assert compare(result, run, True) == []
    if name.startswith(("direct_", "builder")):
        return
    # The module's definition in __init__ is a related location.
    defined = [r for r in d.related if r.message.endswith("is defined here")]
    assert defined and defined[0].span.line != d.span.line


def test_the_definition_keeps_the_fix() -> None:
    """The finding sits on the call; the fix still edits the definition's in_features."""
    source, _ = BROKEN["resnet_fc"]
    (d,) = [d for d in check_source(source, "r.py").diagnostics if d.severity == "error"]
    (fix,) = [f for f in d.fixes if "in_features" in f.title]
    (edit,) = fix.edits
    assert source.splitlines()[edit.line - 1].strip().startswith("self.fc = nn.Linear(")
