"""The Keras 3 backend layerlint assumes for a file is the one real Keras picks: each script is
checked with a given environment and keras.json, then run by Python with the same environment,
printing ``keras.backend.backend()`` (frontends/keras_backend.py)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from layerlint.pipeline import check_file, check_source
from layerlint.report.json_report import render_json
from tests.framework_env import framework_env

pytestmark = pytest.mark.keras3

MODEL = "m = keras.Sequential([keras.Input((4,)), keras.layers.Dense(2)])\n"
SCRIPTS = {
    "set_before": 'import os\nos.environ["KERAS_BACKEND"] = "{other}"\nimport keras\n',
    "set_after": 'import os\nimport keras\nos.environ["KERAS_BACKEND"] = "{other}"\n',
    "setdefault": 'import os\nos.environ.setdefault("KERAS_BACKEND", "{other}")\nimport keras\n',
    "update": 'import os\nos.environ.update({{"KERAS_BACKEND": "{other}"}})\nimport keras\n',
    "via_tensorflow": "from tensorflow import keras\n",
    "plain": "import keras\n",
}
# (KERAS_BACKEND in the environment or None, keras.json's backend or None)
SETTINGS = [(None, None), (None, "torch"), ("torch", "tensorflow")]


def _other(environment: str | None, stored: str | None) -> str:
    """A backend the script sets that differs from what the outside says."""
    return "tensorflow" if (environment or stored) == "torch" else "torch"


def _cases(tmp_path: Path) -> list[tuple[Path, dict[str, str]]]:
    cases = []
    for i, (environment, stored) in enumerate(SETTINGS):
        home = tmp_path / f"home{i}"
        home.mkdir()
        if stored is not None:
            (home / "keras.json").write_text(json.dumps({"backend": stored}))
        env = framework_env()
        env.pop("KERAS_BACKEND", None)
        env["KERAS_HOME"] = str(home)
        if environment is not None:
            env["KERAS_BACKEND"] = environment
        for name, head in SCRIPTS.items():
            script = tmp_path / f"{name}_{i}.py"
            script.write_text(head.format(other=_other(environment, stored)) + MODEL
                              + "print('BACKEND', keras.backend.backend())\n")
            cases.append((script, env))
    return cases


def _claimed(script: Path, env: dict[str, str]) -> str | None:
    saved = {k: os.environ.get(k) for k in ("KERAS_BACKEND", "KERAS_HOME")}
    try:
        for key in saved:
            if key in env:
                os.environ[key] = env[key]
            else:
                os.environ.pop(key, None)
        return check_file(str(script)).keras_backend
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def _run(script: Path, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(script)], env=env, capture_output=True, text=True,
                          timeout=300, cwd=script.parent)


def test_backend_is_the_one_keras_picks(tmp_path: Path) -> None:
    cases = _cases(tmp_path)
    with ThreadPoolExecutor(max_workers=2) as pool:  # each run imports Keras: ~5 s
        runs = list(pool.map(lambda case: _run(*case), cases))
    mismatches = []
    for (script, env), run in zip(cases, runs):
        printed = [line.split()[1] for line in run.stdout.splitlines()
                   if line.startswith("BACKEND ")]
        assert printed, (script.name, run.stderr[-2000:])
        claimed = _claimed(script, env)
        if claimed != printed[0]:
            mismatches.append((script.name, env.get("KERAS_BACKEND"), claimed, printed[0]))
    assert not mismatches
    assert len(cases) == len(SETTINGS) * len(SCRIPTS)


def test_project_setting_decides_over_the_environment(tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "pyproject.toml").write_text('[tool.layerlint]\nkeras-backend = "torch"\n')
    (tmp_path / ".git").mkdir()
    script = tmp_path / "model.py"
    script.write_text("import keras\n" + MODEL)
    monkeypatch.setenv("KERAS_BACKEND", "tensorflow")
    result = check_file(str(script))
    assert result.keras_backend == "torch"
    assert "[tool.layerlint]" in (result.keras_backend_reason or "")
    entry = json.loads(render_json([result]))["files"][0]["keras_backend"]
    assert entry == {"name": "torch", "reason": result.keras_backend_reason}
    script.write_text('import os\nos.environ["KERAS_BACKEND"] = "tensorflow"\nimport keras\n'
                      + MODEL)
    assert check_file(str(script)).keras_backend == "tensorflow"  # the code's own setting wins


def test_the_editors_setting_decides_for_every_file(tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    """The language server's ``kerasBackend`` setting imposes the backend, as ``dialect`` does,
    over the code's own os.environ; without it the file decides."""
    from layerlint.config import Config
    from layerlint.server import checking, settings

    monkeypatch.setenv("KERAS_BACKEND", "torch")
    script = tmp_path / "model.py"
    source = 'import os\nos.environ["KERAS_BACKEND"] = "tensorflow"\nimport keras\n' + MODEL
    script.write_text(source)
    editor = settings.parse({"kerasBackend": "jax"})
    assert not editor.problems
    checked = checking.check_script(source, str(script), editor.apply(Config()))
    assert checked.result.keras_backend == "jax"
    assert "setting" in (checked.result.keras_backend_reason or "")
    plain = checking.check_script(source, str(script), settings.parse({}).apply(Config()))
    assert plain.result.keras_backend == "tensorflow"


def test_a_backend_layerlint_does_not_model_gets_one_note(monkeypatch: pytest.MonkeyPatch) -> None:
    """jax: one LL903 note per file says the backend is not modelled; a file with no Keras 3
    model chooses no backend at all."""
    monkeypatch.setenv("KERAS_BACKEND", "jax")
    result = check_source("import keras\n" + MODEL + MODEL.replace("m =", "n ="), "two.py")
    notes = [d for d in result.diagnostics if d.code == "LL903"]
    assert result.keras_backend == "jax" and len(notes) == 1
    assert "jax backend" in notes[0].message
    monkeypatch.setenv("KERAS_BACKEND", "torch")
    assert not [d for d in check_source("import keras\n" + MODEL, "m.py").diagnostics]
    torch_only = check_source("import torch\nx = torch.zeros(3)\n", "t.py")
    assert torch_only.keras_backend is None and torch_only.keras_backend_reason is None
