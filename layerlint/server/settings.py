"""What the editor says about layerlint: its ``layerlint`` settings (``workspace/configuration``,
``workspace/didChangeConfiguration`` or ``initializationOptions.settings``) and the project files
whose change may change a verdict (``workspace/didChangeWatchedFiles``).

Settings are named as ruff's server names its own: ``lint.enable``, ``lint.select``,
``lint.extendSelect``, ``lint.ignore``, ``configurationPreference`` (``editorFirst``, the
default: the editor's keys win over the file's ``[tool.layerlint]``; ``filesystemFirst``: a
project's table wins, the editor's keys apply where there is none; ``editorOnly``: the tables
are not read). Every other key is a ``[tool.layerlint]`` key in camelCase or as written there
(``dialect``, ``showInfo``, ``perFileIgnores``, ...), read by the same parser as the table, so a
key the table learns is a setting too. A ``dialect`` setting holds for every file, as
``--dialect`` does. ``configuration``, as ruff's: the path of a ``pyproject.toml`` (its
``[tool.layerlint]``) or ``layerlint.toml`` to use instead of each project's (as ``--config``;
relative to the workspace folder, ``~`` expanded), or an object of table keys (as the other
settings).
"""

from __future__ import annotations

import fnmatch
import re
from dataclasses import dataclass, field, replace
from pathlib import Path, PurePath
from typing import Any

from ..config import Config, ConfigError, _parse_table, load_config

# The project files a check reads (config.find_config, frontends/dialect.py): watched. A new or
# removed ``.git`` moves a repository's root, where the search for a project's files stops.
WATCHED = ("pyproject.toml", "requirements*.txt", ".git")
PREFERENCES = ("editorFirst", "filesystemFirst", "editorOnly")
_LINT_ALIASES = {"lint.select": "select", "lint.extendSelect": "extend-select",
                 "lint.ignore": "ignore", "lint.perFileIgnores": "per-file-ignores"}
_UPPER = re.compile(r"(?<=[a-z0-9])([A-Z])")


def watched(path: str) -> bool:
    """Whether a changed file is one a check reads."""
    name = PurePath(path).name
    return any(fnmatch.fnmatch(name, pattern) for pattern in WATCHED)


def watchers_globs() -> list[str]:
    return [f"**/{pattern}" for pattern in WATCHED]


@dataclass(frozen=True)
class EditorSettings:
    """The editor's settings, validated: the ``[tool.layerlint]`` keys it sets (parsed into a
    Config) and how they combine with the project's table."""

    enabled: bool = True
    preference: str = "editorFirst"
    keys: tuple[str, ...] = ()  # the table keys the editor sets (kebab-case)
    given: Config = field(default_factory=Config)
    problems: tuple[str, ...] = ()  # values that could not be used (each key ignored)
    configuration: str | None = None  # a configuration file for every file (as --config)

    def configured(self, config: Config, root: Path | None) -> tuple[Config, str | None]:
        """``config`` (the file's project's) or the ``configuration`` file, by the preference
        (a project's table first only with ``filesystemFirst``); then ``apply``. Returns the
        problem too when the file cannot be used (the project's is used instead)."""
        if self.configuration is None or (self.preference == "filesystemFirst"
                                          and config.path is not None):
            return self.apply(config), None
        path = Path(self.configuration).expanduser()
        if not path.is_absolute() and root is not None:
            path = root / path
        try:
            chosen = load_config(path)
        except ConfigError as error:
            unread = Config() if self.preference == "editorOnly" else config
            return self.apply(unread), f"layerlint: `configuration`: {error}; not used"
        chosen.impose_dialect(f"dialect in the editor's configuration {path}")
        return self.apply(chosen), None

    def apply(self, config: Config) -> Config:
        """The configuration for a file whose project gives ``config``."""
        if self.preference == "editorOnly" and self.configuration is None:
            base = Config()
        elif self.preference == "filesystemFirst" and config.path is not None:
            return config
        else:
            base = replace(config)
        for key in self.keys:
            attribute = key.replace("-", "_")
            if hasattr(base, attribute):
                setattr(base, attribute, getattr(self.given, attribute))
        if "dialect" in self.keys:
            base.impose_dialect("the editor's dialect setting")  # as --dialect: every file
        if "keras-backend" in self.keys:
            base.keras_backend_everywhere = True
        return base


def parse(raw: Any) -> EditorSettings:
    """The ``layerlint`` section as the client sends it (nested or dotted keys)."""
    if not isinstance(raw, dict):
        return EditorSettings()
    flat = _flatten(raw)
    problems = []
    configuration = flat.pop("configuration", None)
    if isinstance(configuration, dict):  # inline: table keys, under the explicit ones
        flat = {**_flatten(configuration), **flat}
        configuration = None
    elif configuration is not None and not isinstance(configuration, str):
        problems.append(f"`configuration` must be a path or an object, got {configuration!r}")
        configuration = None
    enabled = flat.pop("lint.enable", True)
    preference = flat.pop("configurationPreference", "editorFirst")
    if not isinstance(enabled, bool):
        problems.append(f"`lint.enable` must be true or false, got {enabled!r}")
        enabled = True
    if preference not in PREFERENCES:
        problems.append(f"`configurationPreference` must be one of {', '.join(PREFERENCES)}, "
                        f"got {preference!r}")
        preference = "editorFirst"
    table: dict[str, Any] = {}
    for name, value in flat.items():
        key = _LINT_ALIASES.get(name) or _kebab(name)
        try:
            _parse_table({key: value}, "the editor's settings")
        except ConfigError as error:
            if "unknown key" not in str(error):  # a client's own keys (path, trace) are not ours
                problems.append(str(error).replace("[tool.layerlint] in ", ""))
            continue
        table[key] = value
    given = _parse_table(table, "the editor's settings")
    return EditorSettings(enabled, preference, tuple(table), given, tuple(problems),
                          configuration or None)


def _flatten(raw: dict, prefix: str = "") -> dict[str, Any]:
    """``{"lint": {"select": [...]}}`` and ``{"lint.select": [...]}`` alike; the table keys that
    are tables themselves (``perFileIgnores``) stay whole."""
    flat: dict[str, Any] = {}
    for name, value in raw.items():
        dotted = f"{prefix}{name}"
        if isinstance(value, dict) and dotted == "lint":
            flat.update(_flatten(value, "lint."))
        else:
            flat[dotted] = value
    return flat


def _kebab(name: str) -> str:
    """``showInfo`` -> ``show-info``; ``lint.showInfo`` -> ``show-info``."""
    name = name.removeprefix("lint.")
    return _UPPER.sub(r"-\1", name).lower().replace("_", "-")


def affected(document_path: str, changed: list[str]) -> bool:
    """Whether a changed project file can decide a document's configuration or dialect: it is
    in the document's folder or above it (a buffer not on disk takes the workspace's)."""
    path = Path(document_path)
    if not path.exists():
        return True
    for file in changed:
        folder = Path(file).parent
        try:
            path.resolve().relative_to(folder.resolve())
        except (ValueError, OSError, RuntimeError):
            continue
        return True
    return False
