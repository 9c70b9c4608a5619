"""Which project decides a file's dialect (issue 12, item 6): the nearest ``[tool.layerlint]`` /
requirements of the file's own project, never above the repository root, whatever the other
paths of the run; the LL905 note names the deciding file as seen from the checked one, so a
copy elsewhere that is checked differently is explained by the original's note."""

from __future__ import annotations

import io
import json
import shutil
import sys
from pathlib import Path

import pytest

import layerlint
from layerlint.cli import main
from layerlint.pipeline import check_file

TF = "from tensorflow import keras\n"
MODEL = "model = keras.Sequential([keras.layers.Embedding(10, 5), keras.layers.LSTM(4)])\n"
KERAS2 = '[tool.layerlint]\ndialect = "keras2"\n'


def project(folder: Path, files: dict[str, str]) -> Path:
    (folder / ".git").mkdir(parents=True)
    for name, text in files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def verdict(path: Path) -> tuple[set[str], list[str]]:
    result = check_file(str(path))
    return ({m.dialect for m in result.models if m.framework == "keras"},
            [d.message for d in result.diagnostics if d.code == "LL905"])


def test_the_configuration_of_the_files_project_decides_and_the_note_names_it(tmp_path):
    repo = project(tmp_path / "repo", {"pyproject.toml": KERAS2, "src/train.py": TF + MODEL})
    assert verdict(repo / "src" / "train.py") == ({"keras2"}, [
        'dialect keras2: dialect = "keras2" in [tool.layerlint] of ../pyproject.toml, '
        "the file's project"])
    elsewhere = project(tmp_path / "elsewhere", {})
    shutil.copy(repo / "src" / "train.py", elsewhere / "train.py")
    assert verdict(elsewhere / "train.py") == ({"keras3"}, [])


def test_nothing_above_the_repository_root_decides(tmp_path):
    (tmp_path / "pyproject.toml").write_text(KERAS2)
    (tmp_path / "requirements.txt").write_text("tensorflow==2.15.0\n")
    repo = project(tmp_path / "repo", {"train.py": TF + MODEL})
    assert verdict(repo / "train.py") == ({"keras3"}, [])


def test_the_nearest_pin_of_the_project_is_named_from_the_file(tmp_path):
    repo = project(tmp_path / "repo", {"requirements.txt": "numpy\ntensorflow==2.15.0\n",
                                        "a/b/train.py": TF + MODEL})
    assert verdict(repo / "a" / "b" / "train.py") == ({"keras2"}, [
        "dialect keras2: ../../requirements.txt pins tensorflow==2.15.0, the nearest pin of "
        "the file's project"])


def test_a_sub_project_has_its_own_pins(tmp_path):
    repo = project(tmp_path / "repo", {
        "requirements.txt": "tensorflow==2.15.0\n", "train.py": TF + MODEL,
        "sub/pyproject.toml": '[project]\nname = "sub"\ndependencies = ["tensorflow>=2.16"]\n',
        "sub/train.py": TF + MODEL})
    assert verdict(repo / "train.py")[0] == {"keras2"}
    assert verdict(repo / "sub" / "train.py") == ({"keras3"}, [])


def run(argv: list[str], stdin: str | None = None) -> tuple[int, dict]:
    out, err = io.StringIO(), io.StringIO()
    saved = sys.stdin
    if stdin is not None:
        sys.stdin = io.TextIOWrapper(io.BytesIO(stdin.encode()))
    try:
        code = main(argv, out=out, err=err)
    finally:
        sys.stdin = saved
    assert code in (0, 1), err.getvalue()
    return code, json.loads(out.getvalue())


def dialects(document: dict) -> dict[str, str]:
    return {Path(f["path"]).parent.name: f["models"][0]["dialect"] for f in document["files"]}


@pytest.fixture
def two_projects(tmp_path, monkeypatch):
    project(tmp_path / "a", {"pyproject.toml": KERAS2, "train.py": TF + MODEL})
    project(tmp_path / "b", {"train.py": TF + MODEL})
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_each_file_of_a_run_follows_its_own_project(two_projects):
    for order in (["a/train.py", "b/train.py"], ["b/train.py", "a/train.py"]):
        _, document = run(["check", "--format", "json", *order])
        assert dialects(document) == {"a": "keras2", "b": "keras3"}
    reports = layerlint.check_paths([two_projects / "b", two_projects / "a"])
    assert {Path(r.path).parent.name: r.models[0].dialect for r in reports} == {
        "a": "keras2", "b": "keras3"}


def test_a_dialect_for_the_run_is_imposed_on_every_file(two_projects):
    _, document = run(["check", "--format", "json", "--dialect", "keras3", "a", "b"])
    assert dialects(document) == {"a": "keras3", "b": "keras3"}
    _, document = run(["check", "--format", "json", "--config", "a/pyproject.toml", "a", "b"])
    assert dialects(document) == {"a": "keras2", "b": "keras2"}


def test_stdin_follows_the_project_of_its_name(two_projects, monkeypatch):
    _, document = run(["check", "--format", "json", "--stdin-filename", "a/train.py", "-"],
                      stdin=TF + MODEL)
    assert document["files"][0]["models"][0]["dialect"] == "keras2"
    monkeypatch.chdir(two_projects / "a")  # no name: the configuration of the folder
    _, document = run(["check", "--format", "json", "-"], stdin=TF + MODEL)
    assert document["files"][0]["models"][0]["dialect"] == "keras2"


def test_the_note_says_who_imposed_the_dialect(two_projects, monkeypatch):
    """--dialect, a --config file, the configuration of stdin without a name: each named."""
    def notes(document: dict) -> set[str]:
        return {d["message"] for f in document["files"] for d in f["diagnostics"]
                if d["code"] == "LL905"}

    _, document = run(["check", "--format", "json", "--show-info", "--dialect", "keras2", "b"])
    assert notes(document) == {"dialect keras2: chosen by --dialect"}
    _, document = run(["check", "--format", "json", "--show-info", "--config",
                       "a/pyproject.toml", "b"])
    assert notes(document) == {"dialect keras2: chosen by dialect in --config a/pyproject.toml"}
    monkeypatch.chdir(two_projects / "a")
    _, document = run(["check", "--format", "json", "--show-info", "-"], stdin=TF + MODEL)
    assert notes(document) == {
        f'dialect keras2: dialect = "keras2" in [tool.layerlint] of '
        f'{two_projects / "a" / "pyproject.toml"}'}
