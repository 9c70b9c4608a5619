"""Every program in tests/tutorials/ (scripts and notebooks, written after the keras.io and
PyTorch tutorials' data sections) is correct, so layerlint must find nothing wrong in it: no
error, no warning (info notes about what it did not follow are allowed), and at least one model
checked. The values_* tutorials (values flowing through functions, loops, classes, notebooks)
also run in real Keras 3, all in one subprocess, to prove they are correct."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from layerlint.pipeline import check_file

FOLDER = Path(__file__).parent / "tutorials"
TUTORIALS = sorted([*FOLDER.glob("*.py"), *FOLDER.glob("*.ipynb")])
OWN = [path for path in TUTORIALS if path.name.startswith("values_")]

# Broken twins of our tutorials: one edit that real Keras rejects at fit; layerlint must report
# it there, with the values having flowed through the functions, loops and classes to it.
TWINS = {
    "values_config_class_keras.py": ('layers.Dense(CFG.num_classes, activation="softmax")',
                                     'layers.Dense(CFG.num_classes + 1, activation="softmax")',
                                     "LL202"),
    "values_synthetic_images_loop_keras.py": ("image = np.random.rand(32, 32, 3)",
                                              "image = np.random.rand(3, 32, 32)", "LL207"),
    "values_timeseries_windows_keras.py": ("(train_x.shape[0], train_x.shape[1], 1)",
                                           "(train_x.shape[0], 1, train_x.shape[1])", "LL201"),
    "values_dataset_class_keras.py": ("self.y_train, self.y_test = targets[:split], "
                                      "targets[split:]",
                                      "self.y_train, self.y_test = targets[:split - 1], "
                                      "targets[split:]", "LL203"),
    "values_load_function_keras.py": ("prediction = model.predict(x_test[:1], verbose=0)",
                                      "prediction = model.predict(x_test[0], verbose=0)",
                                      "LL206"),
}


def _twin(name: str) -> str:
    old, new, _ = TWINS[name]
    text = (FOLDER / name).read_text()
    assert text.count(old) == 1, name
    return text.replace(old, new)


_RUN_ALL = """
import json, runpy, sys, tempfile, warnings
warnings.simplefilter("ignore")
outcomes = {}
for path in json.loads(sys.stdin.read()):
    try:
        if path.endswith(".ipynb"):
            cells = json.load(open(path))["cells"]
            code = "\\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "code")
            code = "\\n".join(l for l in code.splitlines() if not l.lstrip().startswith("%"))
            exec(compile(code, path, "exec"), {"__name__": "__main__"})
        else:
            runpy.run_path(path, run_name="__main__")
        outcomes[path] = None
    except Exception as exc:  # the program's failure is the result
        outcomes[path] = f"{type(exc).__name__}: {exc}"
print(json.dumps(outcomes))
"""


def _findings(path: Path) -> tuple[list[str], int]:
    result = check_file(str(path))
    found = [f"{d.code} line {d.span.line}: {d.message}" for d in result.diagnostics
             if d.severity in ("error", "warning")]
    return found, len(result.models)


def test_there_are_tutorials_of_our_own() -> None:
    assert len(OWN) >= 10
    assert any(path.suffix == ".ipynb" for path in OWN)


@pytest.mark.parametrize("path", TUTORIALS, ids=lambda p: p.name)
def test_layerlint_finds_nothing_wrong(path: Path) -> None:
    found, models = _findings(path)
    assert not found, found
    assert models, "no model checked"


@pytest.mark.parametrize("name", sorted(TWINS))
def test_a_broken_twin_is_found(name: str, tmp_path: Path) -> None:
    path = tmp_path / name
    path.write_text(_twin(name))
    codes = [d.code for d in check_file(str(path)).diagnostics if d.severity == "error"]
    assert codes[:1] == [TWINS[name][2]], codes


@pytest.mark.keras3
def test_our_tutorials_run_in_keras3_and_their_twins_fail(tmp_path: Path) -> None:
    from framework_env import framework_env

    twins = []
    for name in sorted(TWINS):
        twin = tmp_path / f"twin_{name}"
        twin.write_text(_twin(name))
        twins.append(str(twin))
    done = subprocess.run([sys.executable, "-c", _RUN_ALL],
                          input=json.dumps([str(p) for p in OWN] + twins), capture_output=True,
                          text=True, timeout=900, cwd=tmp_path, env=framework_env("keras3"),
                          check=False)
    assert done.returncode == 0, done.stderr[-3000:]
    outcomes = json.loads(done.stdout.strip().splitlines()[-1])
    failed = {Path(p).name: error for p, error in outcomes.items()
              if error and not Path(p).name.startswith("twin_")}
    assert not failed, failed
    ran = [Path(p).name for p, error in outcomes.items() if Path(p).name.startswith("twin_")
           and error is None]
    assert not ran, f"broken twins that Keras runs: {ran}"
    assert len(outcomes) == len(OWN) + len(TWINS)
