"""Tutorial-style programs using the Keras datasets, tf.data, tf.* and keras.ops on data
(tests/tutorials/keras_*.py, modelled on the keras.io and TensorFlow tutorials' data sections):
each runs cleanly in real Keras 3 (the loaders stand in arrays of the documented shapes:
loader_scripts_runner.py, one subprocess) and layerlint reports no error or warning on it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from framework_env import framework_env
from layerlint.pipeline import check_source

TUTORIALS = sorted((Path(__file__).parent / "tutorials").glob("keras_*.py"))


def test_tutorials_give_no_finding() -> None:
    assert len(TUTORIALS) >= 8
    found = {}
    for path in TUTORIALS:
        result = check_source(path.read_text(), path.name)
        loud = [f"{d.code} line {d.span.line}: {d.message}" for d in result.diagnostics
                if d.severity in ("error", "warning")]
        unchecked = [d.message for d in result.diagnostics if d.code == "LL902"]
        if loud or unchecked:
            found[path.name] = loud + unchecked
    assert not found, found


@pytest.mark.keras3
def test_tutorials_run_cleanly_in_keras() -> None:
    sources = [[path.read_text(), False] for path in TUTORIALS]
    done = subprocess.run(
        [sys.executable, os.path.join(os.path.dirname(__file__), "loader_scripts_runner.py"),
         "keras3"], input=json.dumps(sources), capture_output=True, text=True, timeout=1200,
        env=framework_env("keras3"), check=False)
    assert done.returncode == 0, done.stderr[-3000:]
    outcomes = json.loads(done.stdout.strip().splitlines()[-1])
    failed = {p.name: o["error"] for p, o in zip(TUTORIALS, outcomes) if o["error"]}
    assert not failed, failed
