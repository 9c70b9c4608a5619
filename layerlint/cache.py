"""A cache of analysis results, as ruff's ``.ruff_cache``: a folder that is safe to delete.

An entry is the pipeline's result for one file (before suppressions and rule selection, which
are cheap and applied on every run), keyed by the file's bytes, its path, layerlint's version
and code, and the configuration. It is JSON, not pickle: a cache folder that came with a
project must never run code. An entry that cannot be read, parsed or rebuilt is ignored (and
written again).
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
    """Entries under ``<dir>/<fingerprint of code and configuration>/``."""

    def __init__(self, directory: Path, configuration: str) -> None:
        self.root = directory
        key = hashlib.sha256(f"{code_fingerprint()}\0{configuration}".encode()).hexdigest()
        self.folder = directory / key[:16]
        self.ready: bool | None = None

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

    def get(self, key: str) -> FileResult | None:
        try:
            text = (self.folder / f"{key}.json").read_text(encoding="utf-8")
            result = decode_text(text)
        except (OSError, ValueError, TypeError, KeyError, AttributeError, RecursionError,
                ImportError):
            return None  # missing or corrupted: analysed again
        if isinstance(result, FileResult) and isinstance(result.path, str) \
                and isinstance(result.source, str) and isinstance(result.diagnostics, list):
            return result
        return None

    def put(self, key: str, result: FileResult) -> None:
        if not self._prepare():
            return
        try:
            text = json.dumps(encode(result), separators=(",", ":"))
        except (TypeError, ValueError, RecursionError):
            return  # a value the cache cannot hold: not cached
        # Written under a name of this process's own (no other process writes it; one left by
        # a dead process of the same id is overwritten), then renamed: readers see all of an
        # entry or none. A damaged entry would only be analysed again.
        temporary = self.folder / f"{key}.{os.getpid()}.tmp"
        try:
            handle = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
            with os.fdopen(handle, "wb") as out:
                out.write(text.encode("utf-8"))
            os.replace(temporary, self.folder / f"{key}.json")
        except OSError:
            try:
                os.unlink(temporary)
            except OSError:
                pass

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
# ``json.loads`` with a hook (at C speed but for the hook), not a walk of the decoded tree.

_TYPE, _FIELDS, _TUPLE, _DICT = "__t", "f", "__tuple", "__dict"


def encode(value: Any) -> Any:
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
    cls = type(value)
    if dataclasses.is_dataclass(value) and cls.__module__.startswith("layerlint."):
        fields = {k: encode(v) for k, v in vars(value).items()}
        return {_TYPE: f"{cls.__module__}:{cls.__qualname__}", _FIELDS: fields}
    raise TypeError(f"cannot cache a {cls.__name__}")


def decode_text(text: str) -> Any:
    return json.loads(text, object_hook=_decoded)


def _decoded(marked: dict[str, Any]) -> Any:
    if _TYPE in marked:
        return _instance(marked[_TYPE], marked[_FIELDS])
    if _TUPLE in marked:
        return tuple(marked[_TUPLE])
    if _DICT in marked:
        return {key: item for key, item in marked[_DICT]}
    return marked  # the fields of a dataclass (their names are never a mark)


_CLASSES: dict[str, tuple[type, tuple[str, ...]]] = {}


def _instance(name: str, fields: dict[str, Any]) -> Any:
    """A layerlint dataclass, rebuilt field by field (no __init__ or other code runs)."""
    known = _CLASSES.get(name)
    if known is None:
        known = _CLASSES[name] = _result_class(name)
    cls, required = known
    if not isinstance(fields, dict):
        raise ValueError(f"a damaged {name}")
    if any(field not in fields for field in required):
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
