"""Front ends: source text or files → :class:`~layerlint.ir.FileIR`, never running user code.

``parse_source`` reads Python text; ``load_file`` reads a ``.py`` file or a notebook from disk,
decoding it as Python would. Neither raises: any problem with the input becomes an LL900
diagnostic in ``FileIR.problems``.
"""

from __future__ import annotations

import ast
import re
import sys
import warnings

from ..ir import FileIR, Span
from . import unfollowed
from .interpreter import Interpreter
from .library import symbols
from .literals import Literals, compact, restore, too_large_notes
from .notebook import cell_position, notebook_source
from .source import SourceMap, UnreadableFile, decode, problem, read_source_bytes
from .torch_events import extract_torch_models

__all__ = ["cell_position", "load_file", "parse_source"]


def parse_source(text: str, path: str = "<stdin>") -> FileIR:
    """Extract the models of a Python source text."""
    file_ir = FileIR(path=path, source=text)
    _analyse(file_ir)
    return file_ir


def load_file(path: str, data: bytes | None = None) -> FileIR:
    """Read, decode and analyse a ``.py`` file or an ``.ipynb`` notebook; ``data``: its bytes,
    when the caller has just read them (the CLI reads a file once, for its cache key too)."""
    if data is None:
        try:
            data = read_source_bytes(path)
        except UnreadableFile as exc:
            return FileIR(path=path, source="", problems=[problem(exc.message)])
    if path.endswith(".ipynb"):
        return _load_notebook(path, data)
    text, error = decode(data)
    if error is not None:
        return FileIR(path=path, source="", problems=[error])
    return parse_source(text or "", path)


def _load_notebook(path: str, data: bytes) -> FileIR:
    if b"\x00" in data:
        return FileIR(
            path, "", problems=[problem("cannot analyse: binary file (it contains NUL bytes)")]
        )
    source, offsets, problems = notebook_source(data)
    file_ir = FileIR(path=path, source=source, problems=list(problems), cell_offsets=offsets)
    if problems and not source.strip():
        return file_ir
    _analyse(file_ir)
    return file_ir


# Import names of what layerlint checks (models, tensors, models loaded or built by a library).
# A file that contains none of them can hold nothing to check: it is parsed, for its syntax
# errors, and not interpreted (most files of a project). A front end that checks code of
# another library without these must add its import name here. ``nn.``: a torch snippet
# without imports (torch_values.SNIPPET_NAMES).
FRAMEWORK_WORDS = ("keras", "tensorflow", "tf_keras", "torch", "timm", "transformers", r"\bnn\.")
_FRAMEWORK = re.compile("|".join(FRAMEWORK_WORDS))


def may_hold_models(text: str) -> bool:
    """Whether ``text`` names a framework at all (one regex scan: C speed, no false no)."""
    return _FRAMEWORK.search(text) is not None


# Each front end makes something only from names its canonical spellings start with; a name
# can only be spelled from words of the text. The Keras interpreter: keras / tensorflow /
# tf_keras names, transformers' TF models, ``os.environ`` (TF_USE_LEGACY_KERAS / KERAS_BACKEND,
# whatever spells the key: dialect hints, in the reason every file's report gives); it also reads
# pandas and sklearn data whose named sizes (library/symbols.py) the torch walk then numbers on:
# those run it too. The torch walk: torch / torchvision / torchinfo / torchsummary, timm,
# transformers, and the snippet names ``nn`` and ``F`` (torch_values.SNIPPET_NAMES). A file
# without a front end's words is not read by it (on torch's own sources the Keras interpreter
# was 40% of the time, and made nothing). A front end that learns another name adds it here.
# Substring tests: a regex alternation tries each word at every position (twice the time).
KERAS_WORDS = ("keras", "tensorflow", "transformers", "environ", "pandas", "sklearn")
TORCH_WORDS = ("torch", "timm", "transformers")
# ``\b(?:nn|F)\b``, searched from its literal part (a pattern that starts with ``\b`` is tried
# at every position: ten times the time on a Keras file).
_TORCH_SNIPPET_ENDS = (re.compile(r"nn\b"), re.compile(r"F\b"))
_WORD = re.compile(r"\w")


def may_hold_keras(text: str) -> bool:
    return any(map(text.__contains__, KERAS_WORDS))  # (no Python step per word)


def may_hold_torch(text: str) -> bool:
    return any(map(text.__contains__, TORCH_WORDS)) or names_torch_snippet(text)


def names_torch_snippet(text: str) -> bool:
    """Whether ``re.search(r"\b(?:nn|F)\b", text)`` finds a torch snippet name."""
    for pattern in _TORCH_SNIPPET_ENDS:
        for match in pattern.finditer(text):
            start = match.start()
            if start == 0 or not _WORD.match(text, start - 1):
                return True
    return False


def _parse(text: str, path: str) -> tuple[ast.Module, Literals]:
    """The tree of ``text``, huge number literals read without a node per element
    (literals.py); as written when anything about them is unexpected."""
    compacted, literals = compact(text)
    with warnings.catch_warnings():  # e.g. invalid escape sequences: the user's business
        warnings.simplefilter("ignore")
        if literals.found:
            try:
                tree = ast.parse(compacted, filename=path)
                if restore(tree, literals):
                    return tree, literals
            except (SyntaxError, ValueError, RecursionError, MemoryError):
                pass
            del compacted
        return ast.parse(text, filename=path), Literals()


def _analyse(file_ir: FileIR) -> None:
    text = file_ir.source
    try:
        tree, literals = _parse(text, file_ir.path)
    except SyntaxError as exc:
        line, col = exc.lineno or 1, exc.offset or 1
        where = Span(line, col, line, col + 1)
        file_ir.problems.append(
            problem(f"cannot parse: {exc.msg} at line {line}, column {col}", where)
        )
        return
    except (RecursionError, MemoryError):
        file_ir.problems.append(problem("cannot parse: the code is nested too deeply"))
        return
    except ValueError as exc:  # e.g. lone surrogates that cannot be encoded
        file_ir.problems.append(problem(f"cannot parse: {exc}"))
        return
    file_ir.tree = tree
    if not may_hold_models(text):
        return  # parsed for its syntax errors; nothing in it to interpret
    smap = SourceMap(text, literals)  # both front ends' (a pure function of the text)
    if may_hold_keras(text):
        _add_keras_models(file_ir, tree, smap)
    else:
        symbols.start_file()  # as the interpreter does: the torch walk's library data names
    if may_hold_torch(text):
        _add_torch_models(file_ir, tree, smap)
    file_ir.unfollowed = unfollowed.finish(file_ir.unfollowed, tree, text)
    file_ir.notes += too_large_notes(literals)


def _add_keras_models(file_ir: FileIR, tree: ast.Module, smap: SourceMap) -> None:
    limit = sys.getrecursionlimit()
    try:
        # The interpreter's nesting is bounded (blocks, expressions, followed calls); this
        # leaves it room however deep the caller's own stack already is.
        sys.setrecursionlimit(max(limit, 4000))
        interpreter = Interpreter(tree, smap)
        file_ir.models = interpreter.run()
        file_ir.dialect_hints = interpreter.hints
        file_ir.tensor_nodes = interpreter.tensor_nodes
        file_ir.unfollowed = interpreter.unfollowed
    except (RecursionError, MemoryError):
        file_ir.models = []
        file_ir.problems.append(problem("cannot analyse: the code is nested too deeply"))
    except Exception as exc:  # noqa: BLE001 - never crash on a user's file; say what went wrong
        file_ir.models = []
        file_ir.problems.append(problem(f"internal error: {type(exc).__name__}: {exc}"))
    finally:
        sys.setrecursionlimit(limit)


def _add_torch_models(file_ir: FileIR, tree: ast.Module, smap: SourceMap) -> None:
    """PyTorch models come from their own front end, independent of the Keras interpreter."""
    limit = sys.getrecursionlimit()
    try:
        sys.setrecursionlimit(max(limit, 4000))
        file_ir.models.extend(extract_torch_models(tree, smap, file_ir.unfollowed))
    except (RecursionError, MemoryError):
        file_ir.problems.append(problem("cannot analyse: the code is nested too deeply"))
    except Exception as exc:  # noqa: BLE001 - never crash on a user's file
        file_ir.problems.append(problem(f"internal error (torch): {type(exc).__name__}: {exc}"))
    finally:
        sys.setrecursionlimit(limit)


def parse_notebook(data: bytes, path: str = "<stdin>.ipynb") -> FileIR:
    """Extract the models of a notebook given as bytes (a notebook piped on stdin)."""
    return _load_notebook(path, data)
