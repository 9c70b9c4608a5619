"""The ``layerlint`` command: ``check``, ``summary``, ``report``, ``rules`` and ``rule``.

Exit codes (as ruff and mypy): 0 no error-severity finding, 1 at least one (or, with ``--diff``,
fixes to apply; a named path that does not exist is an LL906 finding, as ruff's E902, and the
other paths are still checked), 2 layerlint itself could not run (bad arguments, unusable
configuration).
"""

from __future__ import annotations

import argparse
import functools
import os
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

from . import __version__, pipeline
from .config import DIALECTS, Config, ConfigError, find_config, load_config, validate_selectors
from .cache import ResultCache
from .diagnostics import Diagnostic
from .discovery import PathNotFound, discover, force_excluded, make_excluder
from .ir import Span
from .report import FORMATS, render_github, render_json, render_model, render_sarif
from .report.common import (
    location,
    use_colour,
)
from .report.fixing import EditError, apply_edits, choose_fixes, unified_diff_bytes
from .report.notebook_fixing import EditableNotebook
from .report.text import counted, format_diagnostic, is_fixable
from .report.text_report import TextOptions, TextPart, TextReport, text_part
from .results import FileResult
from .rules import document as rule_doc
from .suppressions import apply_suppressions

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2


class UsageError(Exception):
    """layerlint cannot run as asked: a one-line message and exit code 2."""


# --- running the analysis on one file --------------------------------------------------------

STDIN = "-"
MAX_FIX_ROUNDS = 10  # fixes are re-applied until stable, as ruff does


def problem_result(path: str, source: str, message: str) -> FileResult:
    """A file layerlint could not analyse: one LL900 finding at its first line."""
    d = Diagnostic("LL900", "error", Span(1, 1, 1, 1), message)
    return FileResult(path=path, source=source, diagnostics=[d])


def decode_source(data: bytes) -> str:
    """PEP 263 decoding (a coding cookie or UTF-8), as Python itself reads a script."""
    from .frontends.source import source_encoding

    return data.decode(source_encoding(data))


def read_file(path: str) -> bytes:
    """A checked file's bytes: a regular file within the size limit, else UnreadableFile (an
    OSError) with a one-line message; FIFOs and devices are never opened."""
    from .frontends.source import read_source_bytes

    return read_source_bytes(path)


def notebook_cell_offsets(path: str) -> list[int] | None:
    """Where each cell starts in the joined source, for `nb.ipynb:cell 3:2:5` locations."""
    try:
        from .frontends.notebook import notebook_source

        return notebook_source(read_file(path))[1] or None
    except Exception:  # noqa: BLE001 - only locations degrade; the findings are kept
        return None


@dataclass
class FileOutcome:
    path: str
    result: FileResult
    original: str = ""  # the source before fixes
    fixed_source: str | None = None
    fixed: int = 0
    fix_titles: list[str] = field(default_factory=list)
    fixed_by_severity: dict[str, int] = field(default_factory=dict)
    from_stdin: bool = False
    notebook: EditableNotebook | None = None  # a notebook whose cells fixes can edit
    fixed_notebook: EditableNotebook | None = None
    raw: bytes | None = None  # source read from stdin, as read
    cache_entry: tuple[str, str, str] | None = None  # made by a worker, saved by the main process
    text_part: TextPart | None = None  # made by a worker for a streamed text report

    def diff(self) -> bytes:
        """The fixes as a unified diff, in the file's own encoding and line ends (so that
        ``patch`` applies it); a notebook's per-cell diff in UTF-8."""
        if self.fixed_source is None or self.fixed_source == self.original:
            return b""
        if self.notebook is not None and self.fixed_notebook is not None:
            text = self.notebook.cell_diff(self.path, self.fixed_notebook)
            return text.encode("utf-8", "surrogateescape")
        encoding = self.encoding()
        try:
            before, after = self.original.encode(encoding), self.fixed_source.encode(encoding)
        except (TypeError, UnicodeError, LookupError):  # `write` would not write it either
            return b""
        return unified_diff_bytes(self.path, before, after)

    def encoding(self) -> str | None:
        """The source's encoding (PEP 263) as read, for writing it back; None if unknown."""
        if self.from_stdin and self.raw is None:
            return "utf-8"  # stdin had no bytes (a text stream)
        try:
            raw = self.raw if self.from_stdin else read_file(self.path)
            from .frontends.source import source_encoding

            return source_encoding(raw or b"")
        except (OSError, SyntaxError):
            return None

    def write(self, out: TextIO) -> None:
        """Write the fixed source back: to the file, or to stdout for source read from stdin."""
        if self.from_stdin and self.notebook is not None:  # the notebook back, as JSON
            out.write((self.fixed_notebook or self.notebook).to_bytes().decode("utf-8"))
            return
        if self.from_stdin:
            text = self.fixed_source if self.fixed_source is not None else self.original
            try:
                _write_bytes(out, text.encode(self.encoding() or "utf-8"))
            except (UnicodeError, LookupError):
                out.write(text)
            return
        if self.notebook is not None:
            if self.fixed_notebook is not None and self.fixed_source != self.original:
                Path(self.path).write_bytes(self.fixed_notebook.to_bytes())
            return
        if self.fixed_source is None or self.fixed_source == self.original:
            return
        try:
            data = self.fixed_source.encode(self.encoding())  # type: ignore[arg-type]
        except (TypeError, UnicodeError, LookupError):  # TypeError: no encoding known
            return
        Path(self.path).write_bytes(data)


class Checker:
    """Runs the pipeline on one path, filters by suppressions and selection, applies fixes."""

    def __init__(self, config: Config, stdin_filename: str | None = None,
                 cache: ResultCache | None = None) -> None:
        self.config = config
        self.stdin_filename = stdin_filename
        self.cache = cache
        self._stdin: str | bytes | None = None

    def _analyse(
        self, source: str | None, path: str, cell_offsets: list[int] | None = None
    ) -> FileResult:
        result = self._run_pipeline(source, path)
        if cell_offsets is not None:  # a fixed notebook's joined source
            result.cell_offsets = cell_offsets
        return self.filter(result)

    def dialect_for(self, path: str, on_disk: bool | None = None) -> str | None:
        """The dialect imposed on a file: the run's (--dialect, --config); for source that is
        not a file on disk (stdin), the configuration's; else None: the file's own project
        decides (frontends/dialect.py), so a file copied elsewhere follows its new project.
        ``on_disk``: whether the caller knows the path is a file on disk (it just read it)."""
        if on_disk is None:
            on_disk = os.path.exists(path)
        if self.config.dialect_everywhere or not on_disk:
            return self.config.dialect
        return None

    def _run_pipeline(self, source: str | None, path: str) -> FileResult:
        """A file's result, its bytes read once (for the cache key and the check alike); from
        the cache when it holds them, else analysed (and stored)."""
        if source is not None:
            return self._pipeline(source, path)
        try:
            data = read_file(path)
        except OSError:  # not a regular file, over the limit...: the pipeline says so
            return self._pipeline(None, path)
        if self.cache is None:
            return self._pipeline(None, path, data)
        key = self.cache.key(path, data)
        result = self.cache.get(key, path)
        if result is None:
            result = self._pipeline(None, path, data)
            self.cache.put(key, path, result)
        return result

    def _pipeline(self, source: str | None, path: str, data: bytes | None = None) -> FileResult:
        """``data``: the file's bytes, just read (so the path is a file on disk)."""
        try:
            from . import pipeline

            if source is None:
                dialect = self.dialect_for(path, on_disk=True if data is not None else None)
                result = pipeline.check_file(path, dialect=dialect, data=data,
                                             dialect_reason=self.config.dialect_reason)
            else:
                result = pipeline.check_source(source, path, dialect=self.dialect_for(path),
                                               dialect_reason=self.config.dialect_reason)
        except RecursionError:
            return problem_result(path, "", "could not analyse: the code is nested too deeply")
        except MemoryError:
            return problem_result(path, "", "could not analyse: out of memory")
        except Exception as exc:  # noqa: BLE001 - never a traceback; the other files go on
            return problem_result(path, "", f"internal error: {type(exc).__name__}: {exc}")
        return result

    def filter(self, result: FileResult) -> FileResult:
        if result.path.endswith(".ipynb") and getattr(result, "cell_offsets", None) is None:
            result.cell_offsets = notebook_cell_offsets(result.path)
        kept = apply_suppressions(result.source, result.diagnostics)
        result.diagnostics = [d for d in kept if self.config.is_enabled_for(d.code, result.path)]
        return result

    def _read_stdin(self) -> str | bytes:
        if self._stdin is None:
            from .frontends.source import MAX_FILE_BYTES, read_at_most

            # At most one byte over the limit: `layerlint check - < /dev/zero` must end.
            buffer = getattr(sys.stdin, "buffer", None)
            if buffer is not None:
                self._stdin = read_at_most(buffer, MAX_FILE_BYTES + 1)
            else:
                self._stdin = sys.stdin.read(MAX_FILE_BYTES + 1)
        return self._stdin

    def check(self, path: str, fix: bool = False, unsafe_fixes: bool = False) -> FileOutcome:
        if path == STDIN:
            name = self.stdin_filename or STDIN
            data = self._read_stdin()
            from .frontends.source import MAX_FILE_BYTES

            if len(data) > MAX_FILE_BYTES:
                result = problem_result(name, "", "cannot analyse: more than 5 MB read from "
                                        "stdin, over the 5 MB limit")
                return FileOutcome(name, result, from_stdin=True)
            if name.endswith(".ipynb"):
                return self._check_stdin_notebook(name, data, fix, unsafe_fixes)
            try:
                text = decode_source(data) if isinstance(data, bytes) else data
            except (SyntaxError, UnicodeDecodeError, LookupError) as exc:
                result = problem_result(name, "", f"cannot decode: {exc}")
                return FileOutcome(name, result, from_stdin=True)
            outcome = FileOutcome(name, self._analyse(text, name), original=text, from_stdin=True,
                                  raw=data if isinstance(data, bytes) else None)
        else:
            result = self._analyse(None, path)
            outcome = FileOutcome(path, result, original=result.source,
                                  cache_entry=self.cache and self.cache.take(path))
            if path.endswith(".ipynb"):
                outcome.notebook = self._editable_notebook(outcome)
        if outcome.path.endswith(".ipynb") and outcome.notebook is None:
            return outcome  # notebook fixes are only written into cells that can take them
        if fix:
            self._fix(outcome, unsafe_fixes)
        return outcome

    def _check_stdin_notebook(self, name: str, data: str | bytes, fix: bool,
                              unsafe_fixes: bool) -> FileOutcome:
        """A notebook piped on stdin (``--stdin-filename x.ipynb``): read as the notebook it is."""
        from . import pipeline

        raw = data.encode("utf-8") if isinstance(data, str) else data
        result = pipeline.check_notebook(raw, name, dialect=self.dialect_for(name),
                                         dialect_reason=self.config.dialect_reason)
        outcome = FileOutcome(name, self.filter(result), original=result.source, from_stdin=True)
        outcome.notebook = self._editable_notebook(outcome, raw)
        if fix and outcome.notebook is not None:
            self._fix(outcome, unsafe_fixes)
        return outcome

    @staticmethod
    def _editable_notebook(outcome: FileOutcome, raw: bytes | None = None) -> EditableNotebook | None:
        """The notebook, if its cells can be edited; fixes it cannot take are no longer offered
        (so the text output advertises only fixes `--fix` writes). ``raw``: its bytes when
        they were not read from ``outcome.path`` (stdin)."""
        try:
            notebook = EditableNotebook.read(raw if raw is not None else read_file(outcome.path))
        except OSError:
            notebook = None
        if notebook is not None and notebook.source != outcome.original:
            notebook = None  # the file changed since it was analysed
        for d in outcome.result.diagnostics:
            d.fixes = [f for f in d.fixes if notebook is not None and notebook.can_apply(f)]
        return notebook

    def _fix(self, outcome: FileOutcome, unsafe_fixes: bool) -> None:
        text = outcome.original
        result = outcome.result
        notebook = outcome.notebook
        for _ in range(MAX_FIX_ROUNDS):
            if any(d.code == "LL900" for d in result.diagnostics):
                break
            usable = notebook.can_apply if notebook is not None else None
            pairs = choose_fixes(text, result.diagnostics, unsafe_fixes, usable)
            if not pairs:
                break
            chosen = [fix for _, fix in pairs]
            edits = [e for fix in chosen for e in fix.edits]
            offsets = None
            if notebook is not None:
                notebook = notebook.with_edits(edits)
                if notebook is None:
                    break
                text, offsets = notebook.source, notebook.cell_offsets()
            else:
                try:
                    text = apply_edits(text, edits)
                except EditError:
                    break
            outcome.fixed += len(chosen)
            outcome.fix_titles += [fix.title for fix in chosen]
            for d, _ in pairs:
                severities = outcome.fixed_by_severity
                severities[d.severity] = severities.get(d.severity, 0) + 1
            outcome.fixed_notebook = notebook
            result = self._analyse(text, outcome.path, offsets)
        if outcome.fixed:
            outcome.fixed_source = text
            outcome.result = result


# --- arguments --------------------------------------------------------------------------------


def _codes(value: str) -> list[str]:
    return [c.strip() for c in value.split(",") if c.strip()]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="layerlint",
        description="Find shape errors in sequential deep-learning models, statically.",
    )
    parser.add_argument("--version", action="version", version=f"layerlint {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    commands.required = True

    check = commands.add_parser("check", help="check files and folders (the default: .)")
    _add_common(check)
    check.add_argument("--format", "--output-format", dest="format", choices=FORMATS,
                       default="text", help="output format (default: text)")
    check.add_argument("--select", type=_codes, help="codes or prefixes to enable (LL1, LL201)")
    check.add_argument("--extend-select", type=_codes, default=[],
                       help="codes or prefixes to enable in addition")
    check.add_argument("--ignore", type=_codes, default=[], help="codes or prefixes to disable")
    check.add_argument("--fix", action="store_true", help="apply safe fixes to the files")
    check.add_argument("--unsafe-fixes", action="store_true",
                       help="also apply fixes that change behaviour beyond the finding")
    check.add_argument("--diff", action="store_true",
                       help="print the fixes as a unified diff; write nothing")
    check.add_argument("--show-fixes", action="store_true", help="list the fixes applied")
    check.add_argument("--statistics", action="store_true",
                       help="print the number of findings per rule, as ruff does")
    check.add_argument("-o", "--output-file", type=Path,
                       help="write the report to this file instead of standard output")
    check.add_argument("-q", "--quiet", action="store_true",
                       help="print the findings only, no summary line")
    check.add_argument("--exit-zero", action="store_true", help="exit 0 even with errors")
    info = check.add_mutually_exclusive_group()
    info.add_argument("--show-info", dest="show_info", action="store_true", default=None,
                      help="show LL9xx info notes in text output (JSON always has them)")
    info.add_argument("--no-info", dest="show_info", action="store_false",
                      help="hide LL9xx info notes in text output (the default)")

    summary = commands.add_parser("summary", help="print each model's table, as the framework does")
    _add_common(summary)

    report = commands.add_parser("report", help="write one HTML page drawing every model")
    _add_common(report)
    report.add_argument("-o", "--output-file", type=Path, default=Path("layerlint-report.html"),
                        help="the page to write (default: layerlint-report.html; - for stdout)")

    commands.add_parser("rules", help="list every rule code")
    rule = commands.add_parser("rule", help="explain one rule, with examples")
    rule.add_argument("code")
    server = commands.add_parser("server", help="run the language server (LSP over stdio)")
    server.add_argument("--stdio", action="store_true",
                        help="talk over stdin/stdout (the only transport; for clients that ask)")
    return parser


def _add_common(sub: argparse.ArgumentParser) -> None:
    sub.add_argument("paths", nargs="*", metavar="PATH", help="files or folders; - for stdin")
    sub.add_argument("--stdin-filename", help="the name to report for source read from stdin")
    sub.add_argument("--dialect", choices=DIALECTS, help="framework dialect (default: keras3)")
    sub.add_argument("--config", type=Path, help="a pyproject.toml (or layerlint.toml) to use")
    sub.add_argument("--force-exclude", action="store_true",
                     help="apply the excludes to files named on the command line too (pre-commit)")
    sub.add_argument("--jobs", "-j", type=_positive, metavar="N",
                     help="check files in N processes (default: the number of cores)")
    sub.add_argument("--no-cache", action="store_true", help="neither read nor write the cache")
    sub.add_argument("--cache-dir", type=Path, metavar="PATH",
                     help="the cache folder (default: .layerlint_cache in the project root)")


def _positive(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        number = 0
    if number < 1:
        raise argparse.ArgumentTypeError(f"must be a whole number of at least 1, got {value!r}")
    return number


# --- shared set-up ----------------------------------------------------------------------------


@dataclass
class Run:
    config: Config
    files: list[str]
    checker: Checker
    missing: list[str] = field(default_factory=list)  # named paths that do not exist


def prepare(args: argparse.Namespace) -> Run:
    paths = args.paths or ["."]
    if args.config is not None:
        if not args.config.is_file():
            raise UsageError(f"config file not found: {args.config}")
        config = load_config(args.config)
        config.impose_dialect(f"dialect in --config {args.config}")
    else:
        first = Path(paths[0])
        if paths[0] == STDIN:  # as ruff: the configuration of the name given to stdin
            first = Path(args.stdin_filename) if args.stdin_filename else Path.cwd()
        found = find_config(first if first.exists() else Path.cwd())
        config = load_config(found) if found else Config()
    if getattr(args, "select", None) is not None:
        config.select = validate_selectors(args.select, "`--select`")
    config.extend_select += validate_selectors(getattr(args, "extend_select", []), "`--extend-select`")
    config.ignore += validate_selectors(getattr(args, "ignore", []), "`--ignore`")
    if args.dialect:
        config.dialect = args.dialect
        config.impose_dialect("--dialect")
    if getattr(args, "show_info", None) is not None:
        config.show_info = args.show_info
    files = [p for p in paths if p == STDIN]
    excluder = make_excluder(config.root, config.exclude, config.extend_exclude)
    missing: list[str] = []
    seen = set()
    for given in paths:
        if given == STDIN:
            continue
        if getattr(args, "force_exclude", False) and force_excluded(excluder, Path(given)):
            continue  # as ruff's --force-exclude: a hook's file list obeys the excludes
        try:
            found = discover([given], excluder)
        except PathNotFound:
            missing.append(given)
            continue
        for f in found:
            if os.path.normpath(f) not in seen:
                seen.add(os.path.normpath(f))
                files.append(f)
    files.sort(key=lambda p: (p != STDIN,))  # stdin first, the rest in discovery order
    checker = Checker(config, stdin_filename=args.stdin_filename,
                      cache=None if no_cache(args) else ResultCache.for_run(args.cache_dir, config))
    return Run(config, files, checker, missing)


def check_files(run: Run, check: Callable[[str], FileOutcome], args: argparse.Namespace,
                err: TextIO, each: Callable[[FileOutcome], None] | None = None
                ) -> list[FileOutcome]:
    """Every file of the run checked, in the run's order: stdin here, the files by ``--jobs``
    processes, with a progress line on a terminal. ``each``: called with every outcome, in
    that order, as soon as it is there (a report written while the workers go on)."""
    from . import pipeline
    from .frontends.dialect import looked_up_per_folder
    from .jobs import default_jobs, run_all
    from .progress import Progress

    cache = run.checker.cache
    with looked_up_per_folder():  # forked workers inherit it
        stdin = [check(p) for p in run.files if p == STDIN]
        files = [p for p in run.files if p != STDIN]
        if cache is not None:
            cache.preload(files)  # read once here; forked workers share what was read
        progress = Progress(err, len(files), enabled=not getattr(args, "quiet", False))
        if each is not None:
            for outcome in stdin:
                each(outcome)
        outcomes = stdin + run_all(check, files, args.jobs or default_jobs(), progress,
                                   warm_up=pipeline.warm_up, each=each)
    if cache is not None:
        cache.save([o.cache_entry for o in outcomes if o.cache_entry is not None])
    return outcomes


def no_cache(args: argparse.Namespace) -> bool:
    """``--no-cache``, or ``LAYERLINT_NO_CACHE`` set to anything but "" / "0" (as RUFF_NO_CACHE)."""
    return args.no_cache or os.environ.get("LAYERLINT_NO_CACHE", "") not in ("", "0")


# --- check ------------------------------------------------------------------------------------


def command_check(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    run = prepare(args)
    fixing = args.fix or args.diff
    check = functools.partial(run.checker.check, fix=fixing, unsafe_fixes=args.unsafe_fixes)
    missing = [FileOutcome(p, run.checker.filter(pipeline.missing_path(p))) for p in run.missing]
    if _streams_text(args, err):  # written as the files are checked, not all at the end
        return _streamed_text(run, args, check, missing, out, err)
    outcomes = missing + check_files(run, check, args, err)
    results = [o.result for o in outcomes]

    if args.diff:
        return _report_diff(outcomes, out, err)
    if args.fix:
        for o in outcomes:
            o.write(out)  # source read from stdin goes back to stdout, fixed
    stream = err if args.fix and any(o.from_stdin for o in outcomes) else out
    if args.output_file is None:
        return _report(args, run, outcomes, results, stream)
    try:
        args.output_file.parent.mkdir(parents=True, exist_ok=True)
        report = args.output_file.open("w", encoding="utf-8")
    except OSError as exc:
        raise UsageError(f"cannot write {args.output_file}: {exc.strerror}") from None
    with report:
        return _report(args, run, outcomes, results, report)


def _streams_text(args: argparse.Namespace, err: TextIO) -> bool:
    """The text report to stdout, with nothing written before it (fixed sources, a diff) and
    no progress line beside it: each file's findings can be written once it is checked."""
    from .progress import Progress

    return (args.format == "text" and not args.statistics and not args.fix and not args.diff
            and args.output_file is None
            and not Progress(err, 0, enabled=not getattr(args, "quiet", False)).enabled)


def _streamed_text(run: Run, args: argparse.Namespace, check: Callable[[str], FileOutcome],
                   missing: list[FileOutcome], out: TextIO, err: TextIO) -> int:
    """The text report written file by file; each file's part made where it was checked (a
    worker sends its text and counts, not the whole result)."""
    options = _text_options(run.config, args, out)
    report = TextReport(out, options)
    for outcome in missing:
        report.add(text_part(outcome.result, options))
    check_files(run, functools.partial(_with_text_part, check, options), args, err,
                lambda outcome: report.add(outcome.text_part))  # type: ignore[arg-type]
    if not args.quiet:
        out.writelines(line + "\n" for line in report.closing())
    return EXIT_OK if args.exit_zero or not report.errors else EXIT_FINDINGS


def _with_text_part(check: Callable[[str], FileOutcome], options: TextOptions,
                    path: str) -> FileOutcome:
    """``check(path)`` with its text part, and without what only the part needed."""
    outcome = check(path)
    outcome.text_part = text_part(outcome.result, options)
    outcome.result = FileResult(outcome.result.path, "")
    outcome.original = ""
    return outcome


def _text_options(config: Config, args: argparse.Namespace, out: TextIO) -> TextOptions:
    return TextOptions(config.show_info, args.unsafe_fixes, use_colour(out))


def _report(args: argparse.Namespace, run: Run, outcomes: list[FileOutcome],
            results: list[FileResult], stream: TextIO) -> int:
    """The findings in the chosen format; the exit code."""
    if args.statistics:
        stream.write(render_statistics(outcomes, run.config, args))
    elif args.format == "json":
        stream.write(render_json(results))
    elif args.format == "sarif":
        stream.write(render_sarif(results))
    elif args.format == "github":
        stream.write(render_github(results))
    else:
        _report_text(outcomes, run.config, args, stream)
    if args.exit_zero:
        return EXIT_OK
    errors = any(d.severity == "error" for r in results for d in r.diagnostics)
    return EXIT_FINDINGS if errors else EXIT_OK


def _report_text(outcomes: list[FileOutcome], config: Config, args, out: TextIO) -> None:
    options = _text_options(config, args, out)
    report = TextReport(out, options)
    for o in outcomes:
        report.add(text_part(o.result, options))
    if args.quiet:
        return
    if args.fix and args.show_fixes:
        _report_fixes(outcomes, out)
    fixed = _fixed_by_severity(outcomes) if args.fix else None
    out.writelines(line + "\n" for line in report.closing(fixed))


def render_statistics(outcomes: list[FileOutcome], config: Config, args) -> str:
    """``--statistics``: findings per rule, laid out as ``ruff check --statistics`` prints them
    (most frequent first; ``[*]`` marks a rule whose findings all have an applicable fix)."""
    from . import rules

    counts: dict[str, list[Diagnostic]] = {}
    for o in outcomes:
        for d in o.result.diagnostics:
            if d.severity != "info" or config.show_info:
                counts.setdefault(d.code, []).append(d)
    if args.format == "json":
        import json

        rows = [{"code": code, "name": rules.get(code).name, "count": len(found),
                 "fixable": all(is_fixable(d, args.unsafe_fixes) for d in found)}
                for code, found in _by_count(counts)]
        return json.dumps(rows, indent=2) + "\n"
    if not counts:
        return ""
    count_width = len(str(max(len(found) for found in counts.values())))
    code_width = max(len(code) for code in counts)
    fixable = {code: all(is_fixable(d, args.unsafe_fixes) for d in found)
               for code, found in counts.items()}
    any_fixable = any(fixable.values())
    lines = []
    for code, found in _by_count(counts):
        marker = ("[*] " if fixable[code] else "[ ] ") if any_fixable else ""
        lines.append(f"{len(found):>{count_width}}\t{code:<{code_width}}\t{marker}"
                     f"{rules.get(code).name}\n")
    if any_fixable:
        lines.append("[*] fixable with `layerlint check --fix`\n")
    return "".join(lines)


def _by_count(counts: dict[str, list[Diagnostic]]) -> list[tuple[str, list[Diagnostic]]]:
    return sorted(counts.items(), key=lambda item: (-len(item[1]), item[0]))


def _fixed_by_severity(outcomes: list[FileOutcome]) -> dict[str, int]:
    fixed: dict[str, int] = {}
    for o in outcomes:
        for severity, n in o.fixed_by_severity.items():
            fixed[severity] = fixed.get(severity, 0) + n
    return fixed


def _report_fixes(outcomes: list[FileOutcome], out: TextIO) -> None:
    applied = [(o.path, title) for o in outcomes for title in o.fix_titles]
    if not applied:
        return
    out.write(f"Fixed {counted(_fixed_by_severity(outcomes))}:\n")
    current = None
    for path, title in applied:
        if path != current:
            out.write(f"- {path}:\n")
            current = path
        out.write(f"    {title}\n")
    out.write("\n")


def _report_diff(outcomes: list[FileOutcome], out: TextIO, err: TextIO) -> int:
    changed = []
    for o in outcomes:
        diff = o.diff()
        if diff:
            _write_bytes(out, diff)
            changed.append(o)
    if changed:
        err.write(f"Would fix {counted(_fixed_by_severity(changed))}.\n")
        return EXIT_FINDINGS
    err.write("No errors would be fixed.\n")
    return EXIT_OK


def _write_bytes(out: TextIO, data: bytes) -> None:
    """Bytes as they are (a diff in a latin-1 file's encoding) to a stream that has a binary
    buffer; a text-only stream gets them decoded."""
    buffer = getattr(out, "buffer", None)
    if buffer is None:
        out.write(data.decode("utf-8", "surrogateescape"))
        return
    out.flush()
    buffer.write(data)
    buffer.flush()


# --- summary ----------------------------------------------------------------------------------


def command_summary(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    run = prepare(args)
    for path in run.missing:
        result = pipeline.missing_path(path)
        err.writelines(format_diagnostic(result, d).splitlines()[0] + "\n"
                       for d in result.diagnostics)
    for outcome in check_files(run, run.checker.check, args, err):
        result = outcome.result
        problems = [d for d in result.diagnostics if d.code == "LL900"]
        err.writelines(format_diagnostic(result, d).splitlines()[0] + "\n" for d in problems)
        for item in getattr(result, "unfollowed", []):  # never silent: say what has no table
            err.write(f"{location(result, item.span.line, item.span.col)}: {item.kind} "
                      f"`{item.name}` is not followed: {item.reason}\n")
        if not result.models and not problems and not getattr(result, "unfollowed", []):
            err.write(f"{result.path}: no models found\n")
        for model in result.models:
            out.write(summary_header(result, model.name, model.line) + "\n")
            try:
                out.write(render_model(model))
            except NotImplementedError as exc:
                out.write(f"({exc})\n")
            errors = [d for d in result.diagnostics if d.model == model.name
                      and d.severity == "error" and d.stage in ("construct", "build")]
            if errors:  # the framework would raise instead of printing this table
                out.write("layerlint: the framework raises while building this model:\n")
                out.writelines(
                    f"  {location(result, d.span.line, d.span.col)}: {d.code} {d.message}\n"
                    for d in errors
                )
            out.write("\n")
    return EXIT_FINDINGS if run.missing else EXIT_OK


def command_report(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    """The HTML page of report/html.py for every file; exit 1 if a path is missing, else 0."""
    from .report.html import render_html

    run = prepare(args)
    results = [run.checker.filter(pipeline.missing_path(p)) for p in run.missing]
    results += [run.checker.check(path).result for path in run.files]
    page = render_html(results)
    if str(args.output_file) == STDIN:
        out.write(page)
    else:
        args.output_file.write_text(page, encoding="utf-8")
        err.write(f"layerlint: wrote {args.output_file}\n")
    return EXIT_FINDINGS if run.missing else EXIT_OK


def summary_header(result: FileResult, name: str, line: int) -> str:
    where = location(result, line, 1).rsplit(":", 1)[0]
    return f"{where}: {name}"


# --- rules ------------------------------------------------------------------------------------


def command_rules(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from . import rules

    all_rules = rules.all_rules()
    name_width = max((len(r.name) for r in all_rules), default=4)
    out.write(f"{'code':<6}  {'severity':<8}  {'name':<{name_width}}  summary\n")
    out.writelines(
        f"{r.code:<6}  {r.severity:<8}  {r.name:<{name_width}}  {r.summary}\n" for r in all_rules
    )
    return EXIT_OK


def command_rule(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from . import rules

    try:
        r = rules.get(args.code.upper())
    except KeyError:
        raise UsageError(f"unknown rule code: {args.code}") from None
    out.write(rule_doc(r))
    return EXIT_OK


def command_server(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from . import server

    if not server.available():
        raise UsageError(server.MISSING)
    server.serve()
    return EXIT_OK


# --- entry point ------------------------------------------------------------------------------

def _tolerant(stream: TextIO) -> None:
    """A terminal that cannot show box characters or a user's names gets '?', not a crash."""
    reconfigure = getattr(stream, "reconfigure", None)
    if reconfigure is not None:
        try:
            reconfigure(errors="replace")
        except (ValueError, OSError):
            pass


COMMANDS = {"check": command_check, "summary": command_summary, "report": command_report,
            "rules": command_rules, "rule": command_rule, "server": command_server}


def main(argv: Sequence[str] | None = None, out: TextIO | None = None,
         err: TextIO | None = None) -> int:
    if out is None:
        out = sys.stdout
        _tolerant(out)
    err = err or sys.stderr
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse has printed its message
        return int(exc.code or 0) and EXIT_USAGE
    try:
        return COMMANDS[args.command](args, out, err)
    except (UsageError, ConfigError) as exc:
        err.write(f"layerlint: error: {exc}\n")
        return EXIT_USAGE
    except BrokenPipeError:  # e.g. `layerlint check | head`
        return EXIT_OK
    except KeyboardInterrupt:
        err.write("layerlint: interrupted\n")
        return 130


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
