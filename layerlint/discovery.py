"""Which files to check: named files as given, folders walked for .py and .ipynb files.

Folders skip ruff's default excludes, the config's ``exclude``/``extend-exclude`` patterns, and
the patterns of the project root's .gitignore. A file named explicitly is always checked.
"""

from __future__ import annotations

import fnmatch
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

SOURCE_SUFFIXES = (".py", ".ipynb")

# ruff's default `exclude`.
DEFAULT_EXCLUDES = [
    ".bzr", ".direnv", ".eggs", ".git", ".git-rewrite", ".hg", ".ipynb_checkpoints",
    ".layerlint_cache", ".mypy_cache", ".nox", ".pants.d", ".pyenv", ".pytest_cache", ".pytype",
    ".ruff_cache", ".svn", ".tox", ".venv", ".vscode", "__pypackages__", "__pycache__", "_build",
    "buck-out", "build", "dist", "node_modules", "site-packages", "venv",
]


class PathNotFound(Exception):
    pass


@dataclass
class GitIgnore:
    """The patterns of one .gitignore file (the common subset of gitignore(5))."""

    base: Path
    rules: list[tuple[re.Pattern[str], bool, bool]] = field(default_factory=list)

    @classmethod
    def read(cls, folder: Path) -> GitIgnore:
        ignore = cls(folder.resolve())
        file = folder / ".gitignore"
        try:
            if not file.is_file():  # a FIFO would block the read
                return ignore
            text = file.read_text(encoding="utf-8", errors="replace")
        except OSError:
            return ignore
        for raw in text.splitlines():
            line = raw.rstrip()
            if not line or line.startswith("#"):
                continue
            negate = line.startswith("!")
            if negate:
                line = line[1:]
            dir_only = line.endswith("/")
            line = line.rstrip("/")
            if not line:
                continue
            anchored = "/" in line
            line = line.lstrip("/")
            regex = _glob_to_regex(line)
            if not anchored:
                regex = f"(?:.*/)?{regex}"
            ignore.rules.append((re.compile(f"^{regex}$"), negate, dir_only))
        return ignore

    def ignores(self, path: Path, is_dir: bool, located: Path | None = None) -> bool:
        try:
            relative = (located or _located(path)).relative_to(self.base).as_posix()
        except ValueError:
            return False
        ignored = False
        for regex, negate, dir_only in self.rules:
            if dir_only and not is_dir:
                continue
            if regex.match(relative):
                ignored = not negate
        return ignored


def _located(path: Path) -> Path:
    """The absolute path of ``path`` itself: its folder resolved, a symlink at its end not
    followed (excludes match where a file is, and a symlink loop must not be followed)."""
    try:
        return path.absolute().parent.resolve() / path.name
    except (OSError, RuntimeError):  # a loop in the folders (RuntimeError before Python 3.13)
        return path.absolute()


def _glob_to_regex(pattern: str) -> str:
    out, i = "", 0
    while i < len(pattern):
        if pattern.startswith("**/", i):
            out, i = out + "(?:.*/)?", i + 3
        elif pattern.startswith("/**", i) and i + 3 == len(pattern):
            out, i = out + "/.*", i + 3
        elif pattern[i] == "*":
            out, i = out + "[^/]*", i + 1
        elif pattern[i] == "?":
            out, i = out + "[^/]", i + 1
        elif pattern[i] == "[":
            end = pattern.find("]", i + 1)
            if end == -1:
                out, i = out + re.escape("["), i + 1
            else:
                out, i = out + pattern[i : end + 1], end + 1
        else:
            out, i = out + re.escape(pattern[i]), i + 1
    return out


@dataclass
class Excluder:
    patterns: list[str]
    root: Path
    gitignore: GitIgnore | None = None
    _compiled: tuple[tuple[str, ...], re.Pattern[str], re.Pattern[str]] | None = field(
        default=None, repr=False, compare=False)

    def excluded(self, path: Path, is_dir: bool) -> bool:
        return self.excluded_at(path, is_dir, _located(path), self.root.resolve())

    def excluded_at(self, path: Path, is_dir: bool, located: Path, root: Path) -> bool:
        """``excluded`` with ``_located(path)`` and the resolved root given (a walk resolves
        each folder once, not each file's)."""
        name = path.name
        try:
            relative = located.relative_to(root).as_posix()
        except ValueError:
            relative = path.as_posix()
        by_name, by_place = self._matchers()
        if by_name.match(os.path.normcase(name)) or by_place.match(os.path.normcase(relative)):
            return True
        return bool(self.gitignore and self.gitignore.ignores(path, is_dir, located))

    def _matchers(self) -> tuple[re.Pattern[str], re.Pattern[str]]:
        """The patterns as two regular expressions (what ``fnmatch`` of the name, and of the
        place under the root, matches), compiled once per list of patterns."""
        patterns = tuple(self.patterns)
        if self._compiled is None or self._compiled[0] != patterns:
            stripped = [p.rstrip("/") for p in patterns]  # as fnmatch: both sides normcased
            self._compiled = (patterns, _any_of([os.path.normcase(p) for p in stripped]),
                              _any_of([os.path.normcase(p.lstrip("./")) for p in stripped]))
        return self._compiled[1], self._compiled[2]


def _any_of(patterns: list[str]) -> re.Pattern[str]:
    return re.compile("|".join(fnmatch.translate(p) for p in patterns) or r"(?!)")


def force_excluded(excluder: Excluder, path: Path) -> bool:
    """A named file excluded by its own name or by a folder it is in, inside the project root
    (a folder above the root, e.g. /home/build, does not count)."""
    if excluder.excluded(path, is_dir=path.is_dir()):
        return True
    root = excluder.root.resolve()
    for parent in path.resolve().parents:
        if parent == root or root not in parent.parents:
            return False
        if excluder.excluded(parent, is_dir=True):
            return True
    return False


def make_excluder(root: Path, exclude: list[str] | None, extend_exclude: list[str]) -> Excluder:
    patterns = list(DEFAULT_EXCLUDES if exclude is None else exclude) + list(extend_exclude)
    return Excluder(patterns, root, GitIgnore.read(root))


def discover(paths: list[str], excluder: Excluder) -> list[str]:
    """The files to check, in a stable order. Raises PathNotFound for a missing named path."""
    found: list[str] = []
    for given in paths:
        path = Path(given)
        if path.is_dir():
            found += _walk(path, excluder)
        elif os.path.lexists(given):  # a symlink loop or a FIFO too: reading reports it
            found.append(given)
        else:
            raise PathNotFound(given)
    seen: set[str] = set()
    unique = []
    for f in found:
        key = os.path.normpath(f)
        if key not in seen:
            seen.add(key)
            unique.append(f)
    return unique


def _walk(folder: Path, excluder: Excluder) -> list[str]:
    files = []
    root = excluder.root.resolve()
    for directory, subdirs, names in os.walk(folder):
        here = Path(directory)
        located = _located_folder(here)

        def excluded(name: str, is_dir: bool) -> bool:
            path = here / name
            where = path.absolute() if located is None else located / name
            return excluder.excluded_at(path, is_dir, where, root)

        subdirs[:] = sorted(d for d in subdirs if not excluded(d, True))
        for name in sorted(names):
            if name.endswith(SOURCE_SUFFIXES) and not excluded(name, False):
                files.append(os.path.normpath(str(here / name)))
    return files


def _located_folder(folder: Path) -> Path | None:
    """The folder resolved, as ``_located`` resolves the folder of each of its entries; None
    where ``_located`` falls back to the entry's absolute path."""
    try:
        return folder.absolute().resolve()
    except (OSError, RuntimeError):
        return None
