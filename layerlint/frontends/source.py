"""Reading source files safely, and mapping ``ast`` positions to :class:`~layerlint.ir.Span`.

``ast`` columns are 0-based offsets in the UTF-8 encoding of a line; layerlint spans (like ruff's)
are 1-based *character* columns, end exclusive. :class:`SourceMap` converts between the two.
"""

from __future__ import annotations

import ast
import bisect
import codecs
import errno
import io
import os
import re
import stat
import tokenize

from ..diagnostics import Diagnostic
from ..ir import Span, new_span
from .literals import Literals

MAX_FILE_BYTES = 5 * 1024 * 1024

# Python ends a line at \r\n, \r or \n (not at the other characters str.splitlines() knows).
_NEWLINE = re.compile(r"\r\n|\r|\n")


def problem(message: str, span: Span | None = None) -> Diagnostic:
    """An LL900 diagnostic: the file (or a part of it) could not be analysed."""
    return Diagnostic(
        code="LL900",
        severity="error",
        span=span or Span(1, 1, 1, 1),
        message=" ".join(message.split()),  # always one line
    )


class UnreadableFile(OSError):
    """A path layerlint will not (or cannot) read; ``message`` is the one-line LL900 text."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


# What a path is when it is not a regular file: reading a FIFO blocks, a device may never end.
_SPECIAL_FILES = (
    (stat.S_ISFIFO, "a FIFO"), (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket"), (stat.S_ISDIR, "a directory"),
)


def _not_regular(mode: int) -> str | None:
    if stat.S_ISREG(mode):
        return None
    return next((what for test, what in _SPECIAL_FILES if test(mode)), "not a regular file")


def _over_limit(size_mb: float | None, limit: int) -> UnreadableFile:
    shown = f"{limit / (1024 * 1024):g} MB"
    if size_mb is None:  # stat said less than was there (a growing file, /proc)
        return UnreadableFile(f"cannot analyse: more than {shown} read from the file, "
                              f"over the {shown} limit")
    return UnreadableFile(f"cannot analyse: the file is {size_mb:.1f} MB, over the {shown} limit")


def read_source_bytes(path: str, limit: int | None = None) -> bytes:
    """The bytes of a regular file (symlinks followed), at most ``limit`` of them.

    Raises :class:`UnreadableFile` for FIFOs, devices, sockets (never opened: reading them may
    block or never end), a symlink loop, a file over the limit — enforced on the bytes actually
    read, not on what ``stat`` says — and any OS error, each with a one-line message.
    """
    limit = MAX_FILE_BYTES if limit is None else limit
    try:
        info = os.stat(path)
    except OSError as exc:
        raise _os_problem(path, exc) from None
    special = _not_regular(info.st_mode)
    if special is not None:
        raise UnreadableFile(f"cannot read: {special}, not a regular file; skipped")
    if info.st_size > limit:
        raise _over_limit(info.st_size / (1024 * 1024), limit)
    try:
        # O_NONBLOCK: should the path have become a FIFO since the stat, opening it cannot hang.
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    except OSError as exc:
        raise _os_problem(path, exc) from None
    try:  # plain descriptor calls: a file object costs three more system calls per file
        opened = os.fstat(fd)
        special = _not_regular(opened.st_mode)
        if special is not None:
            raise UnreadableFile(f"cannot read: {special}, not a regular file; skipped")
        data = _read_fd(fd, limit + 1, opened.st_size)
    except UnreadableFile:
        raise
    except OSError as exc:
        raise _os_problem(path, exc) from None
    finally:
        os.close(fd)
    if len(data) > limit:
        raise _over_limit(None, limit)
    return data


def _read_fd(fd: int, count: int, size: int) -> bytes:
    """Up to ``count`` bytes of an open regular file of ``size`` bytes (as ``stat`` said). A
    read that returns less than asked, having reached ``size``, is the end (one read for a
    small file); anything else reads on until an empty read (a growing file, /proc)."""
    chunks: list[bytes] = []
    left = count
    while left > 0:
        # what stat promised and one byte more (a buffer of 1 MB for 300 bytes costs two
        # mappings of memory); then chunks of 1 MB
        asked = min(left, size + 1 if not chunks and size else 1 << 20)
        chunk = os.read(fd, asked)
        if not chunk:
            break
        chunks.append(chunk)
        left -= len(chunk)
        if len(chunk) < asked and count - left == size:
            break
    return b"".join(chunks)


def read_at_most(handle: io.BufferedIOBase | io.RawIOBase, count: int) -> bytes:
    """Up to ``count`` bytes from a binary stream (whatever it claims its size is)."""
    chunks: list[bytes] = []
    left = count
    while left > 0:
        chunk = handle.read(min(left, 1 << 20))
        if not chunk:
            break
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)


def _os_problem(path: str, exc: OSError) -> UnreadableFile:
    if exc.errno == errno.ELOOP:
        return UnreadableFile("cannot read: a symlink loop (too many levels of symbolic links), "
                              "not followed")
    if exc.errno == errno.ENOENT and os.path.islink(path):
        return UnreadableFile("cannot read: a broken symlink (its target does not exist)")
    return UnreadableFile(f"cannot read: {exc.strerror or exc}")


def decode(data: bytes) -> tuple[str | None, Diagnostic | None]:
    """Decode Python source bytes as the interpreter would (BOM, PEP 263 cookie, else UTF-8)."""
    if len(data) > MAX_FILE_BYTES:
        size = len(data) / (1024 * 1024)
        return None, problem(f"cannot analyse: the file is {size:.1f} MB, over the 5 MB limit")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return None, problem("cannot decode: UTF-16 text is not Python source (save it as UTF-8)")
    if b"\x00" in data:
        return None, problem("cannot analyse: binary file (it contains NUL bytes)")
    try:
        encoding = source_encoding(data)
    except SyntaxError as exc:  # unknown codec in the cookie, or a BOM contradicting it
        message = str(exc.msg if hasattr(exc, "msg") else exc)
        if message.startswith("invalid or missing encoding declaration"):
            encoding = "utf-8"  # no cookie, not UTF-8 in the first lines: say where, below
        elif data.startswith(codecs.BOM_UTF8):
            return None, problem("cannot decode: the file starts with a UTF-8 byte order mark "
                                 "but its coding cookie names another encoding")
        else:
            return None, problem(f"cannot decode: {message}")
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as exc:
        line, col = _position_of_byte(data, exc.start)
        return None, problem(
            f"cannot decode as {encoding}: invalid byte 0x{data[exc.start]:02x} "
            f"at line {line}, column {col}",
            Span(line, col, line, col + 1),
        )
    except LookupError as exc:
        return None, problem(f"cannot decode: {exc}")
    # utf-8-sig leaves no BOM, but a cookie naming plain utf-8 would.
    return text.removeprefix("\ufeff"), None


_FIRST_LINES = re.compile(rb"\r\n|\r|\n")


def source_encoding(data: bytes) -> str:
    """The encoding Python reads ``data`` in: a BOM, a PEP 263 cookie in the first two lines,
    else UTF-8. Raises SyntaxError as ``tokenize.detect_encoding`` does.

    Lines end at \r too (as Python's tokenizer cuts them): ``detect_encoding`` alone would take
    a CR-only file for one long line and reject a latin-1 file whose cookie Python honours.
    """
    head = b"".join(line + b"\n" for line in _FIRST_LINES.split(data, maxsplit=2)[:2])
    return tokenize.detect_encoding(io.BytesIO(head).readline)[0]


def _position_of_byte(data: bytes, offset: int) -> tuple[int, int]:
    before = data[:offset]
    line_start = max(before.rfind(b"\n"), before.rfind(b"\r")) + 1
    line = len(_NEWLINE.findall(before.decode("latin-1"))) + 1
    col = len(before[line_start:].decode("utf-8", errors="replace")) + 1
    return line, col


def _wide_characters(line: str) -> tuple[list[int], list[int]]:
    starts: list[int] = []
    extra: list[int] = []
    more = 0
    for found in _NON_ASCII.finditer(line):
        starts.append(found.start() + more)  # its byte offset
        more += len(found.group().encode("utf-8", errors="surrogatepass")) - 1
        extra.append(more)
    return starts, extra


def split_lines(text: str) -> list[str]:
    """The lines of ``text`` as Python numbers them (without their line endings)."""
    return _NEWLINE.split(text)


_NON_ASCII = re.compile(r"[^\x00-\x7f]")


class SourceMap:
    """Converts ``ast`` node positions (UTF-8 byte columns) to character-column spans.

    ``literals``: the huge number literals the parsed text holds as placeholders
    (frontends/literals.py), for the evaluators to look up.
    """

    def __init__(self, text: str, literals: Literals | None = None) -> None:
        self.lines = split_lines(text)
        self.literals = literals or Literals()
        # Per non-ASCII line: the byte offsets where its multi-byte characters start and the
        # extra bytes before each one's end, so a column converts in O(log n), not O(line).
        self._wide: dict[int, tuple[list[int], list[int]]] = {}
        self._ascii = text.isascii()  # most files: no column to convert on any line
        # span() chosen once (ASCII: byte columns are character columns), not tested per node
        self.span = self._ascii_span if self._ascii else self._general_span  # type: ignore[method-assign]
        # A function is defined by the keyword ``def``: a text without it defines none.
        self.may_define_functions = "def" in text

    def _char_col(self, lineno: int, byte_col: int) -> int:
        if not 1 <= lineno <= len(self.lines):
            return byte_col + 1
        line = self.lines[lineno - 1]
        if line.isascii():
            return byte_col + 1
        wide = self._wide.get(lineno)
        if wide is None:
            wide = self._wide[lineno] = _wide_characters(line)
        starts, extra = wide
        # characters that start before byte_col: each wide one took `extra` bytes more
        index = bisect.bisect_right(starts, byte_col - 1)
        return byte_col - (extra[index - 1] if index else 0) + 1

    def _ascii_span(self, node: ast.AST) -> Span:
        """``span`` of an ASCII file (``span`` itself there)."""
        try:  # (no end column: None + 1, a TypeError)
            return new_span(node.lineno, node.col_offset + 1,  # type: ignore[attr-defined]
                            node.end_lineno or node.lineno,  # type: ignore[attr-defined]
                            node.end_col_offset + 1)  # type: ignore[attr-defined]
        except (AttributeError, TypeError):
            return self._general_span(node)

    def span(self, node: ast.AST) -> Span:  # (replaced per instance by one of these two)
        return self._ascii_span(node) if self._ascii else self._general_span(node)

    def _general_span(self, node: ast.AST) -> Span:
        try:  # the usual node: a position, on ASCII lines (no column conversion)
            lineno, end_lineno = node.lineno, node.end_lineno or node.lineno  # type: ignore[attr-defined]
            col, end_col = node.col_offset, node.end_col_offset  # type: ignore[attr-defined]
            lines = self.lines
            if end_col is not None and 1 <= lineno <= end_lineno <= len(lines) and \
                    lines[lineno - 1].isascii() and lines[end_lineno - 1].isascii():
                return new_span(lineno, col + 1, end_lineno, end_col + 1)
        except AttributeError:
            pass
        lineno = getattr(node, "lineno", 1)
        end_lineno = getattr(node, "end_lineno", None) or lineno
        col = getattr(node, "col_offset", 0)
        end_col = getattr(node, "end_col_offset", None)
        if end_col is None:
            end_col = col
        return Span(
            lineno,
            self._char_col(lineno, col),
            end_lineno,
            self._char_col(end_lineno, end_col),
        )

    def text(self, node: ast.AST, limit: int = 40) -> str | None:
        """The source text of a one-line node, if short (used to name unknown values)."""
        span = self.span(node)
        if span.line != span.end_line or span.end_col - span.col > limit:
            return None
        if not 1 <= span.line <= len(self.lines):
            return None
        return self.lines[span.line - 1][span.col - 1 : span.end_col - 1] or None
