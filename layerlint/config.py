"""Configuration: ``[tool.layerlint]`` in the nearest pyproject.toml, and rule selection.

Keys (kebab-case, as ruff spells them): select, ignore, extend-select, exclude, extend-exclude,
per-file-ignores, dialect, keras-backend, show-info. Anything else, or a value of the wrong type, is a
:class:`ConfigError`, which the CLI turns into a one-line message and exit code 2.

Selection follows ruff: a code is enabled by the most specific matching selector (``LL101``
beats ``LL1`` beats ``ALL``); on a tie ``ignore`` wins.
"""

from __future__ import annotations

import fnmatch
import re
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10
    import tomli as tomllib  # type: ignore[no-redef]

DIALECTS = ("keras3", "keras2")
KERAS_BACKENDS = ("tensorflow", "torch", "jax", "numpy", "openvino")  # as Keras 3 names them
SELECTOR = re.compile(r"^(ALL|LL[0-9]{0,3})$")


class ConfigError(Exception):
    """The configuration cannot be used; the message is one line for the user."""


@dataclass
class Config:
    select: list[str] = field(default_factory=lambda: ["ALL"])
    ignore: list[str] = field(default_factory=list)
    extend_select: list[str] = field(default_factory=list)
    exclude: list[str] | None = None  # None: the defaults (DEFAULT_EXCLUDES in discovery)
    extend_exclude: list[str] = field(default_factory=list)
    per_file_ignores: dict[str, list[str]] = field(default_factory=dict)
    dialect: str | None = None  # None: let analysis decide (Keras 3 unless issue 4 says otherwise)
    show_info: bool = False
    # Read per file from the file's own project (frontends/keras_backend.py); kept here so a
    # run's configuration shows it and the cache keys on it.
    keras_backend: str | None = None
    # True when ``keras_backend`` holds for every file (the editor's setting).
    keras_backend_everywhere: bool = False
    cache_dir: str | None = None  # None: .layerlint_cache in the project root
    path: Path | None = None  # the file it was read from
    # True when ``dialect`` holds for every file of the run (--dialect, or a --config file);
    # otherwise each file's own project decides (frontends/dialect.py), whatever was found here.
    dialect_everywhere: bool = False
    dialect_origin: str | None = None  # who imposed it on the run, for the LL905 note

    @property
    def run_dialect(self) -> str | None:
        """The dialect to impose on every file, if the user gave one for the whole run."""
        return self.dialect if self.dialect_everywhere else None

    def impose_dialect(self, origin: str) -> None:
        """``dialect`` holds for every file of the run, as ``origin`` says ("--dialect")."""
        self.dialect_everywhere, self.dialect_origin = True, origin

    @property
    def dialect_reason(self) -> str | None:
        """Why ``dialect`` is this file's dialect when it is imposed: the LL905 note's words."""
        if self.dialect_origin is not None:
            return f"chosen by {self.dialect_origin}"
        if self.dialect is not None and self.path is not None:
            return f'dialect = "{self.dialect}" in [tool.layerlint] of {self.path}'
        return None

    @property
    def run_keras_backend(self) -> str | None:
        """The Keras 3 backend to impose on every file, if the user gave one for the run."""
        return self.keras_backend if self.keras_backend_everywhere else None

    @property
    def root(self) -> Path:
        """The project root: where the config lives, else the working directory."""
        return self.path.parent if self.path else Path.cwd()

    def is_enabled(self, code: str) -> bool:
        return selected(code, self.select + self.extend_select, self.ignore)

    def is_enabled_for(self, code: str, path: str) -> bool:
        if not self.is_enabled(code):
            return False
        for pattern, codes in self.per_file_ignores.items():
            if matches_path(pattern, path, self.root) and any(_matches(s, code) for s in codes):
                return False
        return True


def _matches(selector: str, code: str) -> bool:
    return selector == "ALL" or code.startswith(selector)


def _specificity(selector: str) -> int:
    return 0 if selector == "ALL" else len(selector)


def selected(code: str, select: list[str], ignore: list[str]) -> bool:
    best_select = max((_specificity(s) for s in select if _matches(s, code)), default=-1)
    best_ignore = max((_specificity(s) for s in ignore if _matches(s, code)), default=-1)
    return best_select > best_ignore


def matches_path(pattern: str, path: str, root: Path) -> bool:
    """Glob ``pattern`` against the path relative to the project root, or its file name."""
    posix = PurePosixPath(Path(path).as_posix())
    try:
        relative = PurePosixPath(Path(path).resolve().relative_to(root.resolve()).as_posix())
    except (ValueError, OSError, RuntimeError):  # RuntimeError: a symlink loop (Python < 3.13)
        relative = posix
    candidates = {str(posix), str(relative), posix.name}
    return any(fnmatch.fnmatch(c, pattern) for c in candidates)


# --- validation -------------------------------------------------------------------------------


def validate_selectors(selectors: list[str], where: str) -> list[str]:
    """Upper-case codes/prefixes; reject what could never match a layerlint code."""
    from . import rules

    known = [r.code for r in rules.all_rules()]
    out = []
    for raw in selectors:
        code = raw.strip().upper()
        if not code:
            continue
        if not SELECTOR.match(code):
            raise ConfigError(f"invalid rule code provided to {where}: {raw}")
        if known and code != "ALL" and not any(k.startswith(code) for k in known):
            raise ConfigError(f"unknown rule code provided to {where}: {raw}")
        out.append(code)
    return out


def _str_list(value: object, key: str) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(f"`{key}` must be a list of strings, got {value!r}")
    return value


def _parse_table(table: dict, source: str) -> Config:
    config = Config()
    where = f"[tool.layerlint] in {source}"
    for key, value in table.items():
        try:
            if key in ("select", "ignore", "extend-select"):
                codes = validate_selectors(_str_list(value, key), f"`{key}`")
                setattr(config, key.replace("-", "_"), codes)
            elif key in ("exclude", "extend-exclude"):
                setattr(config, key.replace("-", "_"), _str_list(value, key))
            elif key == "per-file-ignores":
                if not isinstance(value, dict):
                    raise ConfigError(f"`{key}` must be a table of glob = [codes], got {value!r}")
                config.per_file_ignores = {
                    str(pattern): validate_selectors(_str_list(codes, f"{key}.{pattern}"),
                                                     f"`{key}`")
                    for pattern, codes in value.items()
                }
            elif key == "dialect":
                if value not in DIALECTS:
                    raise ConfigError(f"`dialect` must be one of {', '.join(DIALECTS)}, got {value!r}")
                config.dialect = value
            elif key == "keras-backend":
                if value not in KERAS_BACKENDS:
                    raise ConfigError(f"`keras-backend` must be one of {', '.join(KERAS_BACKENDS)}, "
                                      f"got {value!r}")
                config.keras_backend = value
            elif key == "cache-dir":
                if not isinstance(value, str):
                    raise ConfigError(f"`cache-dir` must be a string, got {value!r}")
                config.cache_dir = value
            elif key == "show-info":
                if not isinstance(value, bool):
                    raise ConfigError(f"`show-info` must be true or false, got {value!r}")
                config.show_info = value
            else:
                raise ConfigError(f"unknown key `{key}`")
        except ConfigError as exc:
            raise ConfigError(f"{where}: {exc}") from None
    return config


def load_config(path: Path) -> Config:
    """Read a pyproject.toml (its [tool.layerlint]) or a layerlint.toml (top level)."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ConfigError(f"cannot read {path}: {exc.strerror or exc}") from None
    except UnicodeDecodeError:
        raise ConfigError(f"cannot read {path}: not UTF-8") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"invalid TOML in {path}: {exc}") from None
    if path.name == "pyproject.toml":
        tool = data.get("tool", {})
        table = tool.get("layerlint", {}) if isinstance(tool, dict) else {}
    else:
        table = data
    if not isinstance(table, dict):
        raise ConfigError(f"[tool.layerlint] in {path} must be a table")
    config = _parse_table(table, str(path))
    config.path = path
    return config


def find_config(start: Path, within_repository: bool = False) -> Path | None:
    """The nearest pyproject.toml with a [tool.layerlint] table, walking up from ``start``;
    ``within_repository``: not above the repository root (the first folder with ``.git``)."""
    start = start.resolve()
    directory = start if start.is_dir() else start.parent
    for folder in (directory, *directory.parents):
        candidate = folder / "pyproject.toml"
        if candidate.is_file() and _has_layerlint_table(candidate):
            return candidate
        if within_repository and (folder / ".git").exists():
            break
    return None


def _has_layerlint_table(path: Path) -> bool:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return False
    # A cheap test first; a malformed file that mentions the table is reported by load_config.
    return "tool.layerlint" in text
