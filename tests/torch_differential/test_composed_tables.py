"""layerlint's torchinfo table of analysed composed models == real torchinfo 1.8 ``summary()``.

Scripts of nested modules (composed.py's seeded models that run cleanly, and the tutorial
models of test_composed_examples.py) go through the whole analysis (pipeline.check_source);
the table rendered from its report must equal what torchinfo prints for the real model on the
script's input, character for character: nesting (``├─`` / ``│    └─``), depth-index, output
shapes, parameter counts (recursive ones too), totals, mult-adds and sizes.
"""

from __future__ import annotations

import difflib
import warnings

import pytest
import torch
from torch import nn

from layerlint.pipeline import check_source
from layerlint.report.summary import render_model

from .composed import generate_composed
from .composed_examples import CLEAN

torchinfo = pytest.importorskip("torchinfo")

pytestmark = pytest.mark.torch


def _real_table(source: str) -> str | None:
    namespace: dict = {"__name__": "__main__"}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        torch.manual_seed(0)
        try:
            exec(compile(source, "<script>", "exec"), namespace)  # noqa: S102 - test scripts
        except Exception:  # noqa: BLE001 - only clean scripts are compared
            return None
        model, x = namespace["model"], namespace["x"]
        assert isinstance(model, nn.Module)
        return str(torchinfo.summary(model, input_data=x, verbose=0)) + "\n"


def _compare(source: str) -> str | None:
    expected = _real_table(source)
    if expected is None:
        return None
    result = check_source(source, "script.py", verify_fixes=False)
    (report,) = [m for m in result.models if m.name == "model"]
    got = render_model(report)
    if got == expected:
        return ""
    return "\n".join(difflib.unified_diff(expected.splitlines(), got.splitlines(), "torchinfo",
                                          "layerlint", lineterm=""))


def test_composed_tables_match_torchinfo() -> None:
    compared, problems = 0, []
    for seed in range(120):
        diff = _compare(generate_composed(seed).source)
        if diff is None:
            continue
        compared += 1
        if diff:
            problems.append(f"seed {seed}:\n{diff}")
    assert not problems, "\n".join(problems[:3])
    assert compared > 60


@pytest.mark.parametrize("name", sorted(CLEAN))
def test_tutorial_tables_match_torchinfo(name: str) -> None:
    diff = _compare(CLEAN[name])
    assert diff == "", diff
