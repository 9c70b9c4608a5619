"""Which backend Keras 3 runs a file's models on, and why: the same resolution Keras makes when
it is imported, read without importing it.

Keras 3 reads ``KERAS_BACKEND`` from the environment, else ``"backend"`` of
``$KERAS_HOME/keras.json`` (``~/.keras/keras.json`` without ``KERAS_HOME``), else uses
``tensorflow``. How Keras is imported does not matter: ``from tensorflow import keras`` under
``KERAS_BACKEND=torch`` runs on torch (measured, Keras 3.15.1 with TensorFlow 2.21). So, in
order:

1. the code's own ``os.environ["KERAS_BACKEND"] = "..."`` made before Keras is imported
   (``os.environ.setdefault`` only when the environment does not set it);
2. ``keras-backend =`` in the ``[tool.layerlint]`` of the file's own project — the backend the
   code runs on where it runs, which may not be the environment layerlint runs in;
3. ``KERAS_BACKEND`` in layerlint's own environment;
4. ``keras.json`` as Keras finds it;
5. Keras' default, ``tensorflow``.

tf.keras 2 (the ``keras2`` dialect) has no backend choice: it is TensorFlow.
"""

from __future__ import annotations

import json
import os
import pathlib
from dataclasses import dataclass

from ..ir import FileIR

DEFAULT = "tensorflow"
# The front end's hint for an assignment in the code: "KERAS_BACKEND=<name>" (set) or
# "KERAS_BACKEND?=<name>" (setdefault), recorded only before the first Keras import.
HINT = "KERAS_BACKEND="
DEFAULT_HINT = "KERAS_BACKEND?="


@dataclass(frozen=True)
class BackendChoice:
    backend: str
    reason: str


def choose(file_ir: FileIR, explicit: str | None = None) -> BackendChoice:
    """The backend Keras 3 would use for ``file_ir``'s models; ``explicit``: the user's choice
    for the run (the editor's setting), which decides, as ``--dialect`` does."""
    if explicit is not None:
        return _checked(explicit, "chosen for the run (the editor's kerasBackend setting)")
    hints = list(getattr(file_ir, "dialect_hints", []) or [])
    environment = _environment()
    for hint in hints:
        if hint.startswith(HINT):
            return _checked(hint[len(HINT):], "the file sets os.environ['KERAS_BACKEND']")
        if hint.startswith(DEFAULT_HINT) and environment is None:
            return _checked(hint[len(DEFAULT_HINT):],
                            "the file sets os.environ.setdefault('KERAS_BACKEND', ...)")
    configured = configured_backend(file_ir.path)
    if configured is not None:
        return configured
    if environment is not None:
        return _checked(environment, "KERAS_BACKEND in the environment")
    from .dialect import once_per_run

    stored = once_per_run(_keras_json)
    if stored is not None:
        return _checked(stored[0], f'"backend" in {stored[1]}')
    return BackendChoice(DEFAULT, "Keras' default (no KERAS_BACKEND, no keras.json)")


def _checked(name: str, reason: str) -> BackendChoice:
    """Keras lower-cases the name; an unknown one is not modelled (Keras itself refuses it)."""
    name = name.strip().lower()
    return BackendChoice(name, f"{reason}: {name}")


def _environment() -> str | None:
    value = os.environ.get("KERAS_BACKEND")
    return value if value else None


def keras_home() -> pathlib.Path:
    """Keras' config folder: ``KERAS_HOME``, else ``~/.keras`` (keras/src/backend/config.py)."""
    home = os.environ.get("KERAS_HOME")
    if home:
        return pathlib.Path(home)
    return pathlib.Path(os.path.expanduser("~")) / ".keras"


def _keras_json() -> tuple[str, str] | None:
    path = keras_home() / "keras.json"
    try:
        if not path.is_file() or path.stat().st_size > 100_000:
            return None
        data = json.loads(path.read_text(encoding="utf-8", errors="replace"))
    except (OSError, ValueError, RecursionError):
        return None  # Keras ignores a config it cannot read, too
    backend = data.get("backend") if isinstance(data, dict) else None
    return (backend, str(path)) if isinstance(backend, str) and backend else None


def configured_backend(path: str) -> BackendChoice | None:
    """``keras-backend =`` in the ``[tool.layerlint]`` of the file's project."""
    from ..config import KERAS_BACKENDS
    from .dialect import project_setting

    found = project_setting(path, "keras-backend", KERAS_BACKENDS)
    if found is None:
        return None
    value, shown = found
    return BackendChoice(value, f'keras-backend = "{value}" in [tool.layerlint] of {shown}, '
                         "the file's project")


def environment_key() -> str:
    """What outside the files decides the backend, for the results cache's key."""
    stored = _keras_json()
    return f"{_environment()}|{stored[0] if stored else None}"


def apply(file_ir: FileIR, explicit: str | None = None) -> BackendChoice | None:
    """Choose the backend and set it on every Keras 3 model of the file; None (nothing looked
    up) for a file without one. After the dialect's choice (``dialect.apply``)."""
    models = [m for m in file_ir.models if m.framework == "keras" and m.dialect == "keras3"]
    if not models:
        return None
    choice = choose(file_ir, explicit)
    for model in models:
        model.keras_backend = choice.backend
    return choice
