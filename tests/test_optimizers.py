"""Legacy optimizer arguments (layerlint/optimizers.py) against real Keras 3: ``lr=`` raises
when the optimizer is created (LL111, fixed by renaming it learning_rate=), ``decay=`` is
ignored with a warning (LL404), for every optimizer class and the ways scripts create them."""

from __future__ import annotations

import pytest
from differential.keras_runner import run_script

from layerlint.edits import apply_edits
from layerlint.pipeline import check_source
from layerlint.replay.keras.optimizers import OPTIMIZERS

pytestmark = pytest.mark.keras3

MODEL = "model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(1)])\n"
FIT = "import numpy as np\nmodel.fit(np.zeros((8, 4)), np.zeros((8, 1)), verbose=0)\n"


def inline(kind: str, args: str) -> str:
    return (f"import keras\n{MODEL}model.compile(optimizer=keras.optimizers.{kind}({args}), "
            f"loss='mse')\n{FIT}")


def assigned_first(kind: str, args: str) -> str:
    return (f"from tensorflow.keras.optimizers import {kind}\nimport keras\nopt = {kind}({args})\n"
            f"{MODEL}model.compile(optimizer=opt, loss='mse')\n{FIT}")


def module_alias(kind: str, args: str) -> str:
    return (f"import keras\nfrom keras import optimizers\n{MODEL}"
            f"model.compile(loss='mse', optimizer=optimizers.{kind}({args}))\n{FIT}")


FORMS = [inline, assigned_first, module_alias]
ARGS = ["lr=0.01", "decay=0.1", "lr=0.01, decay=0.1", "learning_rate=0.01", "0.01, lr=0.5",
        "learning_rate=0.01, decay=1e-6"]


def errors(script: str) -> list:
    return [d for d in check_source(script, "opt.py").diagnostics if d.severity == "error"]


@pytest.mark.parametrize("kind", sorted(OPTIMIZERS))
@pytest.mark.parametrize("args", ARGS)
@pytest.mark.parametrize("form", FORMS, ids=lambda f: f.__name__)
def test_optimizer_arguments_match_keras(kind: str, args: str, form) -> None:
    script = form(kind, args)
    real = run_script(script)
    found = check_source(script, "opt.py").diagnostics
    mine = [(d.code, d.span.line, d.framework_error) for d in found if d.severity == "error"]
    if real.error is None:
        assert mine == []
    else:
        assert mine == [("LL111", real.error.line, f"{real.error.type}: {real.error.message}")]
    warned = any("Argument `decay` is no longer supported" in w for w in real.warnings)
    assert warned == any(d.code == "LL404" and "decay" in d.message for d in found)


@pytest.mark.parametrize("kind", sorted(OPTIMIZERS))
@pytest.mark.parametrize("form", FORMS, ids=lambda f: f.__name__)
def test_fix_renames_lr_and_the_fixed_script_trains(kind: str, form) -> None:
    script = form(kind, "lr=0.25")
    [error] = errors(script)
    [fix] = error.fixes
    assert fix.safe
    fixed = apply_edits(script, fix.edits)
    assert "learning_rate=0.25" in fixed and "lr=" not in fixed
    assert errors(fixed) == []
    run = run_script(fixed + "assert abs(float(model.optimizer.learning_rate) - 0.25) < 1e-6\n")
    assert run.error is None


@pytest.mark.parametrize("args", ["learning_rate=0.1, lr=0.2", "0.1, lr=0.2"])
def test_both_spellings_give_no_fix(args: str) -> None:
    [error] = errors(inline("Adam", args))
    assert error.fixes == []


def test_an_optimizer_compiled_twice_is_reported_once() -> None:
    script = ("import keras\nopt = keras.optimizers.Adam(lr=0.1)\n" + MODEL
              + "model.compile(optimizer=opt, loss='mse')\nmodel.compile(optimizer=opt, "
              "loss='mae')\n")
    assert [(d.code, d.span.line) for d in errors(script)] == [("LL111", 2)]


def test_unknown_optimizer_and_strings_are_silent() -> None:
    script = ("import keras, mylib\n" + MODEL + "model.compile(optimizer=mylib.Adam(lr=0.1), "
              "loss='mse')\nmodel.compile(optimizer='adam', loss='mse')\n")
    assert [d for d in check_source(script, "opt.py").diagnostics
            if d.code in ("LL111", "LL404")] == []


def test_the_model_is_still_analysed() -> None:
    script = ("import keras\n" + MODEL + "model.compile(optimizer=keras.optimizers.SGD(lr=0.1), "
              "loss='mse')\nimport numpy as np\nmodel.fit(np.zeros((8, 5)), np.zeros((8, 1)))\n")
    assert sorted(d.code for d in errors(script)) == ["LL111", "LL201"]


LEGACY = [
    "import keras\n" + MODEL + "opt = keras.optimizers.legacy.{kind}(learning_rate=0.1)\n"
    "model.compile(optimizer=opt, loss='mse')\n",
    "from tensorflow import keras\n" + MODEL
    + "model.compile(optimizer=keras.optimizers.legacy.{kind}(0.1), loss='mse')\n",
    "from keras.optimizers.legacy import {kind}\nimport keras\n" + MODEL
    + "model.compile(optimizer={kind}(0.1), loss='mse')\n",
]


@pytest.mark.parametrize("kind", sorted(OPTIMIZERS))
@pytest.mark.parametrize("template", LEGACY)
def test_legacy_optimizers_fail_in_keras3(kind: str, template: str) -> None:
    script = template.format(kind=kind)
    real = run_script(script).error
    assert real is not None
    mine = [(d.code, d.span.line, d.framework_error) for d in errors(script)]
    if real.line == 1:  # importing a class legacy never had: the import fails, not a call
        assert real.type == "ImportError" and mine == []
        return
    assert mine == [("LL111", real.line, f"{real.type}: {real.message}")]
    fixes = errors(script)[0].fixes
    if "legacy import" in script:
        assert fixes == []
        return
    [fix] = fixes
    fixed = apply_edits(script, fix.edits)
    assert errors(fixed) == [] and run_script(fixed + FIT).error is None
