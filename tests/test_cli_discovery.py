"""File discovery: folders recursively, default excludes, config excludes, the root .gitignore."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from layerlint.discovery import PathNotFound, discover, make_excluder


def touch(root: Path, *names: str) -> None:
    for name in names:
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("x = 1\n")


def rel(files: list[str], root: Path) -> list[str]:
    return [Path(os.path.relpath(f, root)).as_posix() for f in files]


def test_walks_py_and_ipynb_skipping_default_excludes(tmp_path):
    touch(tmp_path, "a.py", "nb.ipynb", "notes.txt", "pkg/b.py", ".git/c.py", ".venv/lib/d.py",
          "venv/e.py", "pkg/__pycache__/f.py", "build/g.py", "dist/h.py",
          "node_modules/i.py", "x/site-packages/j.py", ".tox/k.py", ".mypy_cache/l.py")
    files = discover([str(tmp_path)], make_excluder(tmp_path, None, []))
    assert rel(files, tmp_path) == ["a.py", "nb.ipynb", "pkg/b.py"]


def test_config_exclude_and_extend_exclude(tmp_path):
    touch(tmp_path, "a.py", "legacy/old.py", "data/gen.py", "build/g.py")
    excluder = make_excluder(tmp_path, None, ["legacy", "data/*.py"])
    assert rel(discover([str(tmp_path)], excluder), tmp_path) == ["a.py"]
    # `exclude` replaces the defaults
    excluder = make_excluder(tmp_path, ["legacy"], [])
    assert rel(discover([str(tmp_path)], excluder), tmp_path) == ["a.py", "build/g.py",
                                                                  "data/gen.py"]


def test_root_gitignore(tmp_path):
    touch(tmp_path, "a.py", "gen/x.py", "src/keep.py", "src/tmp_1.py", "deep/er/tmp_2.py",
          "notebooks/n.ipynb", "only_root.py", "sub/only_root.py", "src/important_tmp.py")
    (tmp_path / ".gitignore").write_text(
        "# comment\n\ngen/\ntmp_*.py\n*.ipynb\n/only_root.py\n!src/important_tmp.py\n"
    )
    files = rel(discover([str(tmp_path)], make_excluder(tmp_path, None, [])), tmp_path)
    assert files == ["a.py", "src/important_tmp.py", "src/keep.py", "sub/only_root.py"]


def test_named_files_are_checked_even_if_excluded_and_missing_paths_raise(tmp_path):
    touch(tmp_path, "build/g.py")
    named = str(tmp_path / "build" / "g.py")
    assert discover([named], make_excluder(tmp_path, None, [])) == [named]
    with pytest.raises(PathNotFound):
        discover([str(tmp_path / "missing.py")], make_excluder(tmp_path, None, []))


def test_duplicates_are_checked_once(tmp_path):
    touch(tmp_path, "a.py")
    files = discover([str(tmp_path), str(tmp_path / "a.py")], make_excluder(tmp_path, None, []))
    assert len(files) == 1
