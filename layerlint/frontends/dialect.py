"""Which Keras a file is written for: ``keras3`` (the default) or ``keras2`` (tf.keras of
TensorFlow <= 2.15, or ``tf_keras``), and why.

In order: the user's choice for the run (``--dialect``, or ``dialect =`` of a ``--config``
file); ``dialect =`` in the ``[tool.layerlint]`` of the file's own project (the nearest
pyproject.toml with the table, searching upward from the file, not above the repository root:
a folder with ``.git``); the code's own imports (``tf_keras``, ``TF_USE_LEGACY_KERAS``); the
project's pinned versions (the nearest ``requirements*.txt`` or ``pyproject.toml`` pinning
them, searching upward from the file to its project root — the first folder with a
pyproject.toml or ``.git``:
``tensorflow<2.16`` / ``tensorflow==2.15.*`` / ``keras<3`` mean Keras 2, ``tensorflow>=2.16`` /
``keras>=3`` mean Keras 3); imports of standalone-keras modules only Keras 2 has
(``keras.preprocessing.text``, ``keras.layers.experimental``) or a call of
``ImageDataGenerator`` however spelled (Keras 3 keeps it only as ``keras.src.legacy``); imports
of modules only Keras 3 has (``keras.ops``, ``keras.config``, ...) mean Keras 3 for what follows. Then the Keras 2
spellings of a layer's arguments: ``batch_input_shape=`` / ``batch_size=`` on a layer and
``Input(batch_input_shape=)`` (stateful RNN examples), which Keras 3 rejects (measured on 3.15:
"Unrecognized keyword arguments passed to LSTM", ``Input()`` a TypeError) and tf.keras 2 reads,
are Keras 2 code however Keras is imported; ``Embedding(input_length=...)`` in code that imports
Keras through TensorFlow is Keras 2 code too (Keras 3 deprecates the argument). Standalone
``import keras`` with ``input_length`` stays Keras 3, where LL404 says the argument is ignored.
"""

from __future__ import annotations

import contextlib
import os
import stat
import pathlib
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any, TypeVar

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10
    import tomli as tomllib  # type: ignore[no-redef]

from ..ir import Add, Call, Construct, FileIR, Span
from .names import KERAS2_ONLY_MODULES, KERAS2_ONLY_NAMES, KERAS3_ONLY_MODULES

DIALECTS = ("keras2", "keras3")
DEFAULT = "keras3"

# Keras 3 became the Keras of TensorFlow 2.16.
_KERAS2_BELOW = {"tensorflow": (2, 16), "keras": (3,)}
_PACKAGES = {
    "tensorflow": "tensorflow", "tensorflow-cpu": "tensorflow", "tensorflow-gpu": "tensorflow",
    "tensorflow-macos": "tensorflow", "tensorflow-intel": "tensorflow", "keras": "keras",
}
_REQUIREMENT = re.compile(
    r"^\s*['\"]?(?P<name>[A-Za-z0-9][A-Za-z0-9._-]*)\s*(?:\[[^\]]*\])?\s*(?P<spec>[^;#'\"]*)")
_CLAUSE = re.compile(r"(?P<op>===|==|~=|<=|>=|!=|<|>)\s*(?P<version>[0-9][0-9.]*(?:\.\*)?)")
_MAX_PARENTS = 12
T = TypeVar("T")


@dataclass(frozen=True)
class Choice:
    dialect: str
    reason: str
    span: Span | None = None  # where the code says so (an import, an argument), if it does


def choose(file_ir: FileIR, explicit: str | None = None, reason: str | None = None) -> Choice:
    """The dialect for every Keras model of ``file_ir``; ``explicit``: imposed, as ``reason``
    says (who imposed it)."""
    if explicit in DIALECTS:
        return Choice(explicit, reason or "chosen by the caller (dialect=)")
    configured = configured_dialect(file_ir.path)
    if configured is not None:
        return configured
    hints = list(getattr(file_ir, "dialect_hints", []) or [])
    if "tf_keras" in hints:
        return Choice("keras2", "the file imports tf_keras (Keras 2)")
    if "TF_USE_LEGACY_KERAS" in hints:
        return Choice("keras2", "the file sets TF_USE_LEGACY_KERAS (tf.keras is Keras 2)")
    pinned = _per_folder(pinned_dialect, file_ir.path)
    if pinned is not None:
        return pinned
    for only in KERAS2_ONLY_MODULES + KERAS2_ONLY_NAMES:
        if only in hints:
            return Choice("keras2", f"the file imports {only}, which only Keras 2 has (Keras 3 "
                          "removed it)")
    for only in KERAS3_ONLY_MODULES:
        if only in hints:
            return Choice(DEFAULT, f"the file uses {only}, which only Keras 3 has")
    calls = _model_calls(file_ir)
    batch = _keras2_batch_argument(calls)
    if batch is not None:
        kind, argument, span = batch
        return Choice("keras2", f"{kind}({argument}=...) is Keras 2 usage (Keras 3 rejects the "
                      "argument, tf.keras 2 fixes the batch size with it)", span)
    length = _input_length(calls)
    via_tensorflow = any(h in ("tensorflow", "tensorflow.keras") for h in hints)
    if length is not None and via_tensorflow:
        return Choice("keras2", "Embedding(input_length=...) in tf.keras code is Keras 2 usage "
                      "(Keras 3 ignores the argument)", length)
    return Choice(DEFAULT, "default")


_FOLDERS: dict[tuple[str, str], Any] | None = None  # see looked_up_per_folder


@contextlib.contextmanager
def looked_up_per_folder() -> Iterator[None]:
    """For the length of a command-line run (the files and their projects do not change under
    it): the project's ``[tool.layerlint]`` table and pins looked up once per folder, not once
    per file (a folder of 1,000 scripts read its parents' pyproject.toml 2,000 times), and
    ``once_per_run`` values once."""
    global _FOLDERS
    previous, _FOLDERS = _FOLDERS, {}
    try:
        yield
    finally:
        _FOLDERS = previous


def _per_folder(lookup: Callable[[str], T], path: str) -> T:
    """``lookup(path)``, shared by the files of a folder within a run. A symlink (its project
    is where it points) or a path that is not a file on disk is looked up on its own."""
    if _FOLDERS is None or not _plain_file(path):
        return lookup(path)
    key = (lookup.__name__, os.path.dirname(os.path.abspath(path)))
    if key not in _FOLDERS:
        _FOLDERS[key] = lookup(path)
    return _FOLDERS[key]  # type: ignore[no-any-return]


def _plain_file(path: str) -> bool:
    """A regular file that is not a symlink (one ``lstat``, remembered for the run: the
    dialect and the backend ask about the same file)."""
    assert _FOLDERS is not None
    key = ("plain file", path)
    if key not in _FOLDERS:
        try:
            _FOLDERS[key] = stat.S_ISREG(os.lstat(path).st_mode)
        except (OSError, ValueError):
            _FOLDERS[key] = False
    return _FOLDERS[key]  # type: ignore[no-any-return]


def once_per_run(compute: Callable[[], T]) -> T:
    """``compute()``, once within a run (``looked_up_per_folder``), else every time."""
    if _FOLDERS is None:
        return compute()
    key = (compute.__module__, compute.__name__)
    if key not in _FOLDERS:
        _FOLDERS[key] = compute()
    return _FOLDERS[key]  # type: ignore[no-any-return]


def configured_dialect(path: str) -> Choice | None:
    """``dialect =`` in the ``[tool.layerlint]`` of the file's project."""
    found = project_setting(path, "dialect", DIALECTS)
    if found is None:
        return None
    value, shown = found
    return Choice(value, f'dialect = "{value}" in [tool.layerlint] of {shown}, the file\'s project')


def project_setting(path: str, key: str, allowed: tuple[str, ...]) -> tuple[str, str] | None:
    """``key``'s value in the ``[tool.layerlint]`` of the file's project when it is one of
    ``allowed``, and where the table is as seen from the file."""
    found = _per_folder(project_table, path)
    if found is None:
        return None
    table, shown = found
    value = table.get(key)
    return (value, shown) if isinstance(value, str) and value in allowed else None


def project_table(path: str) -> tuple[dict[str, Any], str] | None:
    """The ``[tool.layerlint]`` table of the file's project (as ``find_config`` finds it, but
    not above the repository root), and where it is as seen from the file. A table that cannot
    be read is left to the command line, which reports it."""
    from ..config import find_config

    try:
        if not pathlib.Path(path).exists():
            return None
        found = find_config(pathlib.Path(path), within_repository=True)
        if found is None:
            return None
        data = tomllib.loads(found.read_text(encoding="utf-8"))
    except (OSError, ValueError, RuntimeError):  # ValueError: TOML or text that cannot be read
        return None
    table = data.get("tool", {}).get("layerlint", {}) if isinstance(data.get("tool"), dict) \
        else {}
    return (table, _shown(found, path)) if isinstance(table, dict) else None


def _shown(found: pathlib.Path, path: str) -> str:
    """A project file as seen from the checked file's folder (``../requirements.txt``)."""
    try:
        return os.path.relpath(found, pathlib.Path(path).resolve().parent)
    except ValueError:  # another drive (Windows)
        return str(found)


def pinned_dialect(path: str) -> Choice | None:
    """What the file's project pins: the nearest requirements*.txt / pyproject.toml that pins
    tensorflow or keras, searching upward from ``path``'s folder to the project root."""
    try:
        start = pathlib.Path(path).resolve().parent
    except (OSError, ValueError, RuntimeError):  # RuntimeError: a symlink loop (Python < 3.13)
        return None
    if not pathlib.Path(path).exists():
        return None
    for folder in [start, *start.parents][:_MAX_PARENTS]:
        for candidate in _requirement_files(folder) + [folder / "pyproject.toml"]:
            found = _pins_in(candidate)
            if found is not None:
                dialect, line = found
                return Choice(dialect, f"{_shown(candidate, path)} pins {line}, the nearest pin "
                              "of the file's project")
        if (folder / ".git").exists() or (folder / "pyproject.toml").exists():
            break  # the project's root: requirements above it belong to something else
    return None


_LISTINGS: dict[str, tuple[int, list[pathlib.Path]]] = {}


def _requirement_files(folder: pathlib.Path) -> list[pathlib.Path]:
    """The folder's requirements*.txt, listed again only when the folder changes (its mtime):
    every file of a folder of 1,000 scripts listed the whole folder, (files)² in all."""
    try:
        stamp = folder.stat().st_mtime_ns
    except OSError:
        return []
    known = _LISTINGS.get(str(folder))
    if known is not None and known[0] == stamp:
        return list(known[1])
    if len(_LISTINGS) > 10_000:
        _LISTINGS.clear()
    files = sorted(folder.glob("requirements*.txt"))
    _LISTINGS[str(folder)] = (stamp, files)
    return list(files)


def forget_listings() -> None:
    """Drop the folder listings (the language server, told that a project file changed: a
    folder's mtime may not move within its resolution)."""
    _LISTINGS.clear()


def _pins_in(file: pathlib.Path) -> tuple[str, str] | None:
    try:
        if not file.is_file() or file.stat().st_size > 1_000_000:
            return None
        text = file.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return None
    for raw in text.splitlines():
        line = raw.split("#", 1)[0].strip().rstrip(",").strip()
        dialect = requirement_dialect(line)
        if dialect is not None:
            return dialect, line.strip("'\"")
    return None


def requirement_dialect(line: str) -> str | None:
    """``keras2`` / ``keras3`` for a requirement that decides it, e.g. ``tensorflow<2.16``."""
    match = _REQUIREMENT.match(line)
    if match is None:
        return None
    package = _PACKAGES.get(match.group("name").lower().replace("_", "-"))
    if package is None:
        return None
    threshold = _KERAS2_BELOW[package]
    clauses = [(c.group("op"), c.group("version")) for c in _CLAUSE.finditer(match["spec"])]
    for op, version in clauses:
        numbers = _version(version)
        if op in ("==", "===", "~=", "<=") and numbers < threshold:
            return "keras2"
        if op == "<" and numbers <= threshold:
            return "keras2"
    for op, version in clauses:
        numbers = _version(version)
        if op in ("==", "===", ">=", "~=") and numbers >= threshold:
            return "keras3"
        if op == ">" and numbers >= threshold:
            return "keras3"
    return None


def _version(text: str) -> tuple[int, ...]:
    return tuple(int(part) for part in text.split(".") if part.isdigit())


def _model_calls(file_ir: FileIR) -> list[Call]:
    """The layer calls of the file's Keras models, in event order."""
    calls = []
    for model in file_ir.models:
        if model.framework != "keras":
            continue
        for event in model.events:
            if isinstance(event, Construct):
                calls += [value for value in event.layers if isinstance(value, Call)]
            elif isinstance(event, Add) and isinstance(event.layer, Call):
                calls.append(event.layer)
    return calls


def _input_length(calls: list[Call]) -> Span | None:
    """Where an Embedding of a Keras model is given ``input_length``, if one is."""
    for call in calls:
        if call.kind == "Embedding" and "input_length" in call.kwargs:
            return call.kwarg_spans.get("input_length", call.span)
    return None


def _keras2_batch_argument(calls: list[Call]) -> tuple[str, str, Span] | None:
    """A batch argument only Keras 2 takes: ``batch_input_shape=`` / ``batch_size=`` on a layer,
    ``Input(batch_input_shape=)``. ``InputLayer`` takes both in Keras 3 too (measured)."""
    for call in calls:
        if call.kind == "InputLayer":
            continue
        names = ("batch_input_shape",) if call.kind == "Input" else (
            "batch_input_shape", "batch_size")
        for name in names:
            if name in call.kwargs:
                return call.kind, name, call.kwarg_spans.get(name, call.span)
    return None


def apply(file_ir: FileIR, explicit: str | None = None, reason: str | None = None) -> Choice:
    """Choose the dialect and set it on every Keras model of the file."""
    choice = choose(file_ir, explicit, reason)
    for model in file_ir.models:
        if model.framework == "keras":
            model.dialect = choice.dialect
    return choice
