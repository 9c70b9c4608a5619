"""The pre-commit hook (.pre-commit-hooks.yaml), run by the real pre-commit: `pre-commit try-repo`
installs layerlint from a copy of this tree into its own virtualenv (offline: pip reads the
machine's package index configuration) and runs the hook on a scratch repository's files."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"

pytest.importorskip("pre_commit", reason="pre-commit is in the test extra (pip install -e .[test])")

GIT_IDENTITY = ["-c", "user.name=layerlint tests", "-c", "user.email=tests@layerlint.invalid"]


def git(cwd: Path, *args: str) -> None:
    subprocess.run(["git", *GIT_IDENTITY, *args], cwd=cwd, check=True, capture_output=True,
                   timeout=60)


def hook_repository(tmp: Path) -> Path:
    """This working tree (uncommitted edits included) as a one-commit repository: what users get
    from `repo: <layerlint's repository>`."""
    repo = tmp / "layerlint-hook"
    shutil.copytree(ROOT / "layerlint", repo / "layerlint",
                    ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    for name in ("pyproject.toml", "README.md", ".pre-commit-hooks.yaml"):
        shutil.copy(ROOT / name, repo / name)
    git(repo, "init", "-q", ".")
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "layerlint")
    return repo


def user_repository(tmp: Path) -> Path:
    """A project with a bad script, a bad notebook, a clean script and an excluded bad script."""
    import nbformat

    project = tmp / "project"
    (project / "generated").mkdir(parents=True)
    shutil.copy(EXAMPLES / "seed_1_input_shape.py", project / "bad.py")
    shutil.copy(EXAMPLES / "seed_1_input_shape.py", project / "generated" / "bad_copy.py")
    notebook = nbformat.v4.new_notebook()
    notebook.cells = [nbformat.v4.new_markdown_cell("# model"),
                      nbformat.v4.new_code_cell((EXAMPLES / "seed_2_layer_stack.py").read_text())]
    nbformat.write(notebook, project / "bad.ipynb")
    (project / "clean.py").write_text("import keras\n\nmodel = keras.Sequential([\n"
                                      "    keras.Input((8,)),\n    keras.layers.Dense(1),\n])\n")
    (project / "pyproject.toml").write_text('[tool.layerlint]\nextend-exclude = ["generated"]\n')
    git(project, "init", "-q", ".")
    git(project, "add", ".")
    return project


@pytest.fixture(scope="module")
def repos(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("pre-commit")
    return hook_repository(tmp), user_repository(tmp), tmp / "pre-commit-home"


def try_repo(repos, *files: str) -> subprocess.CompletedProcess:
    hook, project, home = repos
    env = {**os.environ, "PRE_COMMIT_HOME": str(home)}
    env.pop("PYTHONPATH", None)  # the hook's own virtualenv must provide layerlint
    return subprocess.run(
        [sys.executable, "-m", "pre_commit", "try-repo", str(hook), "layerlint", "--verbose",
         "--files", *files],
        cwd=project, env=env, capture_output=True, text=True, timeout=900,
    )


def test_bad_files_fail_the_hook(repos):
    run = try_repo(repos, "bad.py", "bad.ipynb", "clean.py")
    assert run.returncode == 1, run.stdout + run.stderr
    assert "layerlint" in run.stdout and "Failed" in run.stdout
    assert "bad.py:12:1: LL201" in run.stdout
    assert "bad.ipynb:cell 2:7:5: LL101" in run.stdout  # jupyter files reach the hook
    assert "clean.py" not in run.stdout


def test_clean_and_excluded_files_pass(repos):
    # generated/ is excluded in [tool.layerlint]: pre-commit names the file, --force-exclude
    # keeps it out, as ruff's hook does.
    run = try_repo(repos, "clean.py", "generated/bad_copy.py")
    assert run.returncode == 0, run.stdout + run.stderr
    assert "Passed" in run.stdout
    assert "LL201" not in run.stdout


def test_a_file_pre_commit_does_not_type_as_python_is_not_passed(repos):
    hook, project, _ = repos
    (project / "notes.txt").write_text("keras.layers.LSTM(64)\n")
    git(project, "add", "notes.txt")
    run = try_repo(repos, "notes.txt")
    assert run.returncode == 0, run.stdout + run.stderr
    assert "no files to check" in run.stdout.lower()
