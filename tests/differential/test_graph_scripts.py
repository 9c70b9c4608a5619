"""Hand-written functional-API scripts (graph_scripts/*.py): the issue's examples and
tutorial-style models (ResNet blocks, U-Net, siamese, multi-input/-output, Inception, an
encoder-decoder with states), each run by real Keras 3 and checked by layerlint. The first line
says what Keras does (``# expect: clean`` or the stage); layerlint must agree on verdict, stage,
statement, message, and every layer's shape and parameters."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from layerlint.pipeline import check_source

from .compare import compare, coverage, first_error, keras_message
from .keras_runner import run_script

pytestmark = pytest.mark.keras3

SCRIPTS = sorted((Path(__file__).parent / "graph_scripts").glob("*.py"))
EXPECT = re.compile(r"^# expect: (clean|construct|build|fit|predict)$", re.MULTILINE)


@pytest.mark.parametrize("path", SCRIPTS, ids=lambda p: p.stem)
def test_graph_script_agrees_with_keras(path: Path) -> None:
    source = path.read_text()
    expected = EXPECT.search(source)
    assert expected, f"{path.name} must say what Keras does with it"
    run = run_script(source)
    assert (run.error.stage if run.error else "clean") == expected.group(1), run.error
    result = check_source(source, path.name, dialect="keras3")
    assert compare(result, run) == []
    cov = coverage(result, run)
    assert cov.known == cov.total, f"layerlint knew {cov.known} of {cov.total} shapes"
    mine = first_error(result)
    if run.error is not None:
        assert mine is not None
        if "Invalid input shape" not in run.error.message:
            assert mine.framework_error == keras_message(run.error)
    else:
        assert not [d for d in result.diagnostics if d.severity in ("error", "warning")], \
            result.diagnostics
