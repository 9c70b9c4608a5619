"""Legacy optimizer arguments in the tf.keras 2 dialect, against tf_keras 2.21: ``decay=`` raises
when a (new) optimizer is created (LL111); ``lr=`` is silently ignored, the learning rate stays
the default (LL404, whose fix makes the learning rate the one written); the legacy optimizers
take both and are not reported."""

from __future__ import annotations

import pytest

from layerlint.edits import apply_edits
from layerlint.pipeline import check_source
from layerlint.replay.keras.optimizers import OPTIMIZERS

from .tf_keras_runner import run_script

pytestmark = pytest.mark.keras2

MODEL = "model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(1)])\n"
RATE = "rate = float(model.optimizer.learning_rate.numpy())\n"


def script(kind: str, args: str, module: str = "keras.optimizers") -> str:
    return (f"from tensorflow import keras\n{MODEL}model.compile(optimizer={module}.{kind}("
            f"{args}), loss='mse')\n{RATE}")


def findings(source: str) -> list[tuple[str, int, str | None]]:
    return [(d.code, d.span.line, d.framework_error)
            for d in check_source(source, "k2.py", dialect="keras2").diagnostics
            if d.code in ("LL111", "LL404")]


@pytest.mark.parametrize("kind", sorted(OPTIMIZERS))
def test_decay_raises_where_written(kind: str) -> None:
    source = script(kind, "learning_rate=0.1, decay=1e-6")
    real = run_script(source).error
    assert real is not None and real.line == 3
    assert [(c, line, f) for c, line, f in findings(source) if c == "LL111"] == [
        ("LL111", 3, f"{real.type}: {real.message}")]


@pytest.mark.parametrize("kind", sorted(OPTIMIZERS))
def test_lr_is_ignored_and_the_fix_applies_it(kind: str) -> None:
    source = script(kind, "lr=0.25")
    default = script(kind, "")
    check = "assert abs(rate - {}) < 1e-6, rate\n"
    # tf.keras 2 keeps the default learning rate: the script runs, the value written is lost.
    ran_default = run_script(default + "import builtins; builtins._rate = rate\n")
    assert ran_default.error is None
    import builtins

    default_rate = builtins._rate  # type: ignore[attr-defined]
    assert default_rate != 0.25
    assert run_script(source + check.format(default_rate)).error is None
    [warning] = check_source(source, "k2.py", dialect="keras2").diagnostics[-1:]
    assert (warning.code, warning.severity, warning.span.line) == ("LL404", "warning", 3)
    [fix] = warning.fixes
    assert not fix.safe  # it changes the learning rate actually used
    fixed = apply_edits(source, fix.edits)
    assert findings(fixed) == []
    assert run_script(fixed + check.format(0.25)).error is None


@pytest.mark.parametrize("kind", sorted(OPTIMIZERS - {"AdamW", "Lion"}))
def test_legacy_optimizers_take_both(kind: str) -> None:
    source = script(kind, "lr=0.25, decay=1e-6", "keras.optimizers.legacy")
    assert run_script(source).error is None
    assert findings(source) == []
    imported = (f"from tensorflow.keras.optimizers.legacy import {kind}\n"
                + source.replace(f"keras.optimizers.legacy.{kind}", kind))
    assert run_script(imported).error is None
    assert findings(imported) == []
