"""A cache of analysis results, as ruff's ``.ruff_cache``: a folder that is safe to delete.

An entry is the pipeline's result for one file (before suppressions and rule selection, which
are cheap and applied on every run), keyed by the file's bytes, its path, layerlint's version
and code, and the configuration. It is JSON, not pickle: a cache folder that came with a
project must never run code. An entry that cannot be read, parsed or rebuilt is ignored (and
written again).

As ruff keeps one cache file per package, the entries of the files of one folder live in one
pack (``<folder hash>.json``: absolute path -> [key, entry]), read once per run and written once
at its end by the main process: a file per entry cost more than the check of a small script
(creating 1,000 files took 0.2 s of CPU). A pack keeps one entry per file, the latest, and
drops the entries of deleted files when it is written.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
from pathlib import Path
from typing import Any

from . import __version__
from .frontends import keras_backend
from .results import FileResult

DEFAULT_DIR = ".layerlint_cache"
# Settings applied to a cached result on every run (selection, suppressions, what is shown) or
# that choose files: not part of the key. Any other setting (the dialect, any new one) is.
APPLIED_AFTER = frozenset({"select", "ignore", "extend_select", "per_file_ignores", "show_info",
                           "exclude", "extend_exclude", "cache_dir", "path"})
TAG = ("Signature: 8a477f597d28d172789f06886806bc55\n"
       "# This file is a cache directory tag created by layerlint.\n"
       "# For information about cache directory tags see https://bford.info/cachedir/\n")


def code_fingerprint() -> str:
    """layerlint's version and the size and time of each of its modules: a development tree
    that changes its code without a new version does not reuse old results."""
    package = Path(__file__).resolve().parent
    digest = hashlib.sha256(__version__.encode())
    for path in sorted(package.rglob("*.py")):
        try:
            stat = path.stat()
        except OSError:
            continue
        digest.update(f"{path.relative_to(package)}:{stat.st_size}:{stat.st_mtime_ns}\n".encode())
    return digest.hexdigest()[:16]


class ResultCache:
    """Packs under ``<dir>/<fingerprint of code and configuration>/``. Workers of a run look
    entries up in the packs the main process loaded before they forked (``preload``), and send
    their new entries back with their results (``take``); the main process ``save``s them."""

    def __init__(self, directory: Path, configuration: str) -> None:
        self.root = directory
        key = hashlib.sha256(f"{code_fingerprint()}\0{configuration}".encode()).hexdigest()
        self.folder = directory / key[:16]
        self.ready: bool | None = None
        self._packs: dict[str, dict[str, Any]] = {}  # pack file -> {abspath: [key, entry]}
        self._new: dict[str, tuple[str, str]] = {}  # path -> (key, entry), made here
        self._pack_files: dict[str, str] = {}  # a folder as named -> its pack

    @classmethod
    def for_run(cls, cache_dir: Path | None, config: Any) -> ResultCache:
        """The run's cache: ``--cache-dir``, else ``cache-dir`` of the configuration (from the
        project root), else ``.layerlint_cache`` in the project root. The settings the
        analysis may use are part of the key."""
        directory = cache_dir or config.root / (config.cache_dir or DEFAULT_DIR)
        settings = {k: v for k, v in sorted(vars(config).items()) if k not in APPLIED_AFTER}
        settings["keras_backend_outside"] = keras_backend.environment_key()
        return cls(Path(directory), repr(settings))

    def key(self, path: str, data: bytes) -> str:
        digest = hashlib.sha256(path.encode("utf-8", "surrogateescape") + b"\0")
        digest.update(data)
        return digest.hexdigest()

    def pack_of(self, path: str) -> str:
        """The pack holding the entries of ``path``'s folder."""
        folder = os.path.dirname(path)
        pack = self._pack_files.get(folder)
        if pack is None:
            named = os.path.abspath(folder or os.curdir).encode("utf-8", "surrogateescape")
            pack = os.path.join(self.folder, f"{hashlib.sha256(named).hexdigest()[:16]}.json")
            self._pack_files[folder] = pack
        return pack

    def preload(self, paths: list[str]) -> None:
        """Read the packs of ``paths`` (before a pool forks: its workers share them)."""
        for path in paths:
            self._pack(self.pack_of(path))

    def get(self, key: str, path: str) -> FileResult | None:
        stored = self._pack(self.pack_of(path)).get(os.path.abspath(path))
        if stored is None or stored[0] != key:
            return None
        try:
            result = decode_text(stored[1])
        except (ValueError, TypeError, KeyError, AttributeError, RecursionError, ImportError):
            return None  # corrupted: analysed again
        if isinstance(result, FileResult) and isinstance(result.path, str) \
                and isinstance(result.source, str) and isinstance(result.diagnostics, list):
            return result
        return None

    def put(self, key: str, path: str, result: FileResult) -> None:
        try:
            entry = json.dumps(encode(result), separators=(",", ":"))
        except (TypeError, ValueError, RecursionError):
            return  # a value the cache cannot hold: not cached
        self._new[path] = (key, entry)

    def take(self, path: str) -> tuple[str, str, str] | None:
        """The entry made here for ``path`` (to send to the main process), forgotten here."""
        made = self._new.pop(path, None)
        return None if made is None else (path, *made)

    def save(self, entries: list[tuple[str, str, str]]) -> None:
        """Write the new ``(path, key, entry)``s into their packs: each pack read again (another
        run may have written it meanwhile), updated, written under a name of this process's
        own and renamed, so that readers see a whole pack or the old one."""
        by_pack: dict[str, list[tuple[str, str, str]]] = {}
        for entry in entries:
            by_pack.setdefault(self.pack_of(entry[0]), []).append(entry)
        if not by_pack or not self._prepare():
            return
        for pack_file, new in by_pack.items():
            pack = {file: item for file, item in _read_pack(pack_file).items()
                    if os.path.exists(file)}  # a file deleted since: its entry goes
            for path, key, entry in new:
                pack[os.path.abspath(path)] = [key, entry]
            temporary = f"{pack_file}.{os.getpid()}.tmp"
            try:
                _write(temporary, json.dumps(pack, separators=(",", ":")).encode("utf-8"))
                os.replace(temporary, pack_file)
            except (OSError, ValueError):
                try:
                    os.unlink(temporary)
                except OSError:
                    pass

    def _pack(self, pack_file: str) -> dict[str, Any]:
        pack = self._packs.get(pack_file)
        if pack is None:
            pack = self._packs[pack_file] = _read_pack(pack_file)
        return pack

    def _prepare(self) -> bool:
        """Create the folder with its CACHEDIR.TAG and .gitignore (once); False if it cannot
        be written (a read-only project is checked without a cache)."""
        if self.ready is None:
            try:
                self.folder.mkdir(parents=True, exist_ok=True)
                for name, text in (("CACHEDIR.TAG", TAG),
                                   (".gitignore", "# Automatically created by layerlint.\n*\n")):
                    if not (self.root / name).exists():
                        (self.root / name).write_text(text, encoding="utf-8")
                self.ready = True
            except OSError:
                self.ready = False
        return self.ready


# --- JSON for results: layerlint's own dataclasses only ----------------------------------------
# Every JSON object of an entry is one of three marked forms; a dict of the results is a list of
# [key, value] pairs, so that no key of the user's can be taken for a mark. Decoding is then one
# ``json.loads`` with a hook (at C speed but for the hook), not a walk of the decoded tree. A
# dataclass's fields are a list in the order of its declaration (names would make an entry 60%
# larger and slower to write and read); an object whose attributes are not exactly its fields
# keeps their names.

_TYPE, _FIELDS, _TUPLE, _DICT = "__t", "f", "__tuple", "__dict"


def encode(value: Any) -> Any:
    kind = type(value)
    if kind in _PLAIN:  # the exact types first: most values are (a subclass goes below)
        return value
    if kind is list:
        return [v if type(v) in _PLAIN else encode(v) for v in value]
    if kind is tuple:
        return {_TUPLE: [v if type(v) in _PLAIN else encode(v) for v in value]}
    known = _NAMES.get(kind)
    if known is not None:
        name, names = known
        attributes = vars(value)
        if tuple(attributes) == names:
            return {_TYPE: name, _FIELDS: [v if type(v) in _PLAIN else encode(v)
                                           for v in attributes.values()]}
        return {_TYPE: name, _FIELDS: {k: encode(v) for k, v in attributes.items()}}
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, list):
        return [encode(v) for v in value]
    if isinstance(value, tuple):
        return {_TUPLE: [encode(v) for v in value]}
    if isinstance(value, dict):
        if not all(isinstance(k, str) for k in value):
            raise TypeError("a dict with keys other than strings")
        return {_DICT: [[k, encode(v)] for k, v in value.items()]}
    if dataclasses.is_dataclass(value) and kind.__module__.startswith("layerlint."):
        _NAMES[kind] = (f"{kind.__module__}:{kind.__qualname__}",
                        tuple(f.name for f in dataclasses.fields(kind)))
        return encode(value)
    raise TypeError(f"cannot cache a {kind.__name__}")


_PLAIN = frozenset({str, int, float, bool, type(None)})
# layerlint's dataclasses met so far -> their names in entries, and their fields' names
_NAMES: dict[type, tuple[str, tuple[str, ...]]] = {}


def decode_text(text: str | bytes) -> Any:
    return json.loads(text, object_hook=_decoded)


def _read_pack(pack_file: str) -> dict[str, Any]:
    """A pack's entries; an empty pack if it is missing or damaged (analysed again)."""
    try:
        fd = os.open(pack_file, os.O_RDONLY)
    except OSError:
        return {}
    try:
        chunks = []
        while chunk := os.read(fd, 1 << 20):
            chunks.append(chunk)
        pack = json.loads(b"".join(chunks))
    except (OSError, ValueError, RecursionError):
        return {}
    finally:
        os.close(fd)
    if not isinstance(pack, dict):
        return {}
    return {path: item for path, item in pack.items()  # damaged items dropped
            if type(item) is list and len(item) == 2 and all(type(i) is str for i in item)}


def _write(path: str, data: bytes) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view):]
    finally:
        os.close(fd)


def _decoded(marked: dict[str, Any]) -> Any:
    if _TYPE in marked:
        return _instance(marked[_TYPE], marked[_FIELDS])
    if _TUPLE in marked:
        return tuple(marked[_TUPLE])
    if _DICT in marked:
        return {key: item for key, item in marked[_DICT]}
    return marked  # the fields of a dataclass (their names are never a mark)


_CLASSES: dict[str, tuple[type, tuple[str, ...]]] = {}


def _instance(name: str, fields: list[Any] | dict[str, Any]) -> Any:
    """A layerlint dataclass, rebuilt field by field (no __init__ or other code runs)."""
    known = _CLASSES.get(name)
    if known is None:
        known = _CLASSES[name] = _result_class(name)
    cls, required = known
    if type(fields) is list:
        if len(fields) != len(required):
            raise ValueError(f"a damaged {name}")
        fields = dict(zip(required, fields))
    elif not isinstance(fields, dict) or any(field not in fields for field in required):
        raise ValueError(f"an incomplete {name}")  # a damaged entry
    instance = object.__new__(cls)
    for key, item in fields.items():
        object.__setattr__(instance, key, item)
    return instance


def _result_class(name: str) -> tuple[type, tuple[str, ...]]:
    import importlib

    module_name, _, qualname = name.partition(":")
    if not module_name.startswith("layerlint.") or "." in qualname:
        raise ValueError(f"not a layerlint result type: {name}")
    cls = getattr(importlib.import_module(module_name), qualname)
    if not (isinstance(cls, type) and dataclasses.is_dataclass(cls)):
        raise ValueError(f"not a layerlint result type: {name}")
    return cls, tuple(f.name for f in dataclasses.fields(cls))
