"""Tutorial-style programs whose data come from scikit-learn and pandas
(tests/tutorials/skpd_*.py): layerlint finds nothing wrong in them (no error, no warning), and
they are correct — each runs in real Keras 3 / PyTorch (one subprocess for all, in a folder
where the CSV files they read exist)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from layerlint.pipeline import check_source

TUTORIALS = sorted((Path(__file__).parent / "tutorials").glob("skpd_*.py"))

_RUN_ALL = """
import json, runpy, sys, traceback, warnings
warnings.simplefilter("ignore")
outcomes = {}
for path in json.loads(sys.stdin.read()):
    try:
        runpy.run_path(path, run_name="__main__")
        outcomes[path] = None
    except Exception as exc:  # the program's failure is the result
        outcomes[path] = f"{type(exc).__name__}: {exc}"
print(json.dumps(outcomes))
"""


def _write_data(folder: Path) -> None:
    """The CSV files the tutorials read, shaped as their real-world namesakes."""
    import numpy as np
    import pandas as pd

    rng = np.random.default_rng(0)
    columns = ["Pregnancies", "Glucose", "BloodPressure", "SkinThickness", "Insulin", "BMI",
               "DiabetesPedigreeFunction", "Age"]
    diabetes = pd.DataFrame(rng.random((120, 8)) * 100, columns=columns)
    diabetes["Outcome"] = rng.integers(0, 2, 120)
    diabetes.to_csv(folder / "diabetes.csv", index=False)
    housing = pd.DataFrame(rng.random((80, 5)), columns=["rooms", "area", "age", "tax", "dist"])
    housing.loc[3, "tax"] = np.nan
    housing["price"] = rng.random(80) * 500
    housing.to_csv(folder / "housing.csv", index=False)
    penguins = pd.DataFrame(rng.random((60, 4)) * 50, columns=[
        "bill_length_mm", "bill_depth_mm", "flipper_length_mm", "body_mass_g"])
    penguins.insert(0, "species", rng.choice(["Adelie", "Gentoo", "Chinstrap"], 60))
    penguins.loc[5, "body_mass_g"] = np.nan
    penguins.to_csv(folder / "penguins.csv", index=False)


def test_there_are_enough_tutorials() -> None:
    assert len(TUTORIALS) >= 8


@pytest.mark.parametrize("path", TUTORIALS, ids=lambda p: p.stem)
def test_layerlint_finds_nothing_wrong(path: Path) -> None:
    result = check_source(path.read_text(), str(path))
    found = [f"{d.code} line {d.span.line}: {d.message}" for d in result.diagnostics
             if d.severity in ("error", "warning")]
    assert not found, found
    assert result.models, "no model checked"


@pytest.mark.keras3
@pytest.mark.torch
def test_the_tutorials_run(tmp_path: Any) -> None:
    pytest.importorskip("sklearn")
    from framework_env import framework_env

    _write_data(tmp_path)
    done = subprocess.run([sys.executable, "-c", _RUN_ALL], input=json.dumps(
        [str(p) for p in TUTORIALS]), capture_output=True, text=True, timeout=900,
        cwd=tmp_path, env=framework_env("keras3"), check=False)
    assert done.returncode == 0, done.stderr[-3000:]
    outcomes = json.loads(done.stdout.strip().splitlines()[-1])
    failed = {Path(p).stem: error for p, error in outcomes.items() if error}
    assert not failed, failed
