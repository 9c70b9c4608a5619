"""The environment of a subprocess that runs a real framework for a differential test.

Built from scratch for the dialect rather than copied as is: a test module imported earlier in
the same pytest worker may have set ``TF_USE_LEGACY_KERAS`` (the tf.keras 2 runner must, before
TensorFlow is imported), and under it Keras 3 scripts that import TensorFlow raise, so they would
silently drop out of the comparison."""

from __future__ import annotations

import os


def framework_env(dialect: str = "keras3", *, backend: str = "torch",
                  **extra: str) -> dict[str, str]:
    """``backend``: the Keras 3 backend the subprocess runs on (tests/differential/
    keras_tf_runner.py runs the construction corpora on ``"tensorflow"``)."""
    env = dict(os.environ, KERAS_BACKEND=backend, TF_CPP_MIN_LOG_LEVEL="3", **extra)
    if dialect == "keras2":
        env["TF_USE_LEGACY_KERAS"] = "1"
    else:
        env.pop("TF_USE_LEGACY_KERAS", None)
    return env
