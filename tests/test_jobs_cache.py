"""``--jobs``, the result cache and the progress line (issue 13).

* ``--jobs 2`` prints exactly what ``--jobs 1`` prints, in every format, with fixes too.
* A cached run prints exactly what an uncached one prints; a changed file, configuration or
  layerlint version is analysed again; a corrupted entry is ignored; the folder holds a
  CACHEDIR.TAG and a .gitignore; ``--no-cache`` writes nothing; ``--cache-dir`` and the
  ``cache-dir`` key choose the folder.
* The progress line appears on a terminal (a pty), never in a pipe or with ``-q``.
"""

from __future__ import annotations

import io
import json
import os
import pty
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from layerlint import cache as cache_module
from layerlint import cli

ROOT = Path(__file__).resolve().parent.parent
SCRIPTS = ROOT / "tests" / "realistic" / "scripts"


def run(argv: list[str]) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = cli.main(argv, out=out, err=err)
    return code, out.getvalue(), err.getvalue()


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of 24 realistic scripts (findings, fixes, info notes) as the working folder."""
    folder = tmp_path / "project"
    folder.mkdir()
    for script in sorted(SCRIPTS.glob("*.py"))[:24]:
        shutil.copy(script, folder / script.name)
    monkeypatch.chdir(folder)
    return folder


@pytest.mark.parametrize("options", [
    [], ["--show-info"], ["--format", "json"], ["--format", "sarif"], ["--statistics"],
    ["--diff"], ["--unsafe-fixes", "--diff"],
])
def test_jobs_give_the_same_output(project: Path, options: list[str]) -> None:
    one = run(["check", ".", "--no-cache", "--jobs", "1", *options])
    two = run(["check", ".", "--no-cache", "--jobs", "2", *options])
    assert one == two
    assert one[1]  # something was reported


def test_jobs_fix_writes_the_same_files(project: Path, tmp_path: Path) -> None:
    twin = tmp_path / "twin"
    shutil.copytree(project, twin)
    one = run(["check", str(project), "--no-cache", "--jobs", "1", "--fix", "--unsafe-fixes"])
    two = run(["check", str(twin), "--no-cache", "--jobs", "2", "--fix", "--unsafe-fixes"])
    assert one[0] == two[0]
    assert one[1].replace(str(project), "") == two[1].replace(str(twin), "")
    changed = [p.name for p in sorted(project.glob("*.py"))
               if p.read_bytes() != (SCRIPTS / p.name).read_bytes()]
    assert changed
    assert all(p.read_bytes() == (twin / p.name).read_bytes() for p in project.glob("*.py"))


def test_summary_with_jobs(project: Path) -> None:
    assert run(["summary", ".", "--no-cache", "-j", "1"]) == \
        run(["summary", ".", "--no-cache", "-j", "2"])


def test_bad_jobs_value_is_a_usage_error(project: Path) -> None:
    code, _, _ = run(["check", ".", "--jobs", "0"])
    assert code == 2


@pytest.fixture
def caching(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("LAYERLINT_NO_CACHE", raising=False)


def packs(folder: Path) -> list[Path]:
    return sorted(folder.rglob("*.json"))


def entries(folder: Path) -> list[tuple[str, str]]:
    """Every (path, key) the cache folder holds, whatever pack it is in."""
    return sorted((path, stored[0]) for pack in packs(folder)
                  for path, stored in json.loads(pack.read_text()).items())


def test_cached_run_is_identical(project: Path, caching: None) -> None:
    for options in ([], ["--format", "json", "--show-info"], ["--diff"]):
        uncached = run(["check", ".", "--no-cache", *options])
        first = run(["check", ".", *options])
        second = run(["check", ".", *options])
        assert uncached == first == second
    cache = project / ".layerlint_cache"
    assert len(entries(cache)) == 24
    assert (cache / "CACHEDIR.TAG").read_text().startswith(
        "Signature: 8a477f597d28d172789f06886806bc55")
    assert (cache / ".gitignore").read_text().splitlines()[-1] == "*"
    assert run(["summary", "."]) == run(["summary", ".", "--no-cache"])


def test_cache_is_used(project: Path, caching: None, monkeypatch: pytest.MonkeyPatch) -> None:
    """A second run analyses nothing: every result comes from the cache."""
    run(["check", ".", "-j", "1"])
    analysed = []
    original = cli.Checker._pipeline

    def counting(self, source, path, *data):  # type: ignore[no-untyped-def]
        analysed.append(path)
        return original(self, source, path, *data)

    monkeypatch.setattr(cli.Checker, "_pipeline", counting)
    run(["check", ".", "-j", "1"])
    assert analysed == []
    target = project / sorted(os.listdir(project))[-1]
    target.write_text(target.read_text() + "\n# changed\n")
    run(["check", ".", "-j", "1"])
    assert [Path(p).name for p in analysed] == [target.name]


def test_changed_file_config_or_version_is_analysed_again(
        project: Path, caching: None, monkeypatch: pytest.MonkeyPatch) -> None:
    script = project / "one.py"
    script.write_text("import keras\nmodel = keras.Sequential([keras.Input((4,)), "
                      "keras.layers.LSTM(3)])\n")
    first = run(["check", "one.py"])
    assert "LL101" in first[1]
    script.write_text("import keras\nmodel = keras.Sequential([keras.Input((4, 2)), "
                      "keras.layers.LSTM(3)])\n")
    assert "LL101" not in run(["check", "one.py"])[1]  # the file changed
    count = len(entries(project / ".layerlint_cache"))
    (project / "pyproject.toml").write_text('[tool.layerlint]\ndialect = "keras2"\n')
    run(["check", "one.py"])
    assert len(entries(project / ".layerlint_cache")) == count + 1  # the configuration changed
    monkeypatch.setattr(cache_module, "__version__", "0.0.0-other")
    run(["check", "one.py"])
    assert len(entries(project / ".layerlint_cache")) == count + 2  # another version


def test_corrupted_entries_are_ignored(project: Path, caching: None) -> None:
    expected = run(["check", ".", "--format", "json", "--show-info"])
    (pack,) = packs(project / ".layerlint_cache")  # the one folder's entries
    stored = json.loads(pack.read_text())
    damage = ["", "{not json", json.dumps({"__t": "os:system", "f": {}}),
              json.dumps({"__t": "layerlint.cli:Checker", "f": {}}), "[1, 2]",
              json.dumps({"__t": "layerlint.results:FileResult", "f": {"path": 3}}), 7]
    for (path, item), data in zip(stored.items(), damage * len(stored)):
        item[1] = data
    stored[next(iter(stored))] = "not a [key, entry] pair"
    pack.write_text(json.dumps(stored))
    assert run(["check", ".", "--format", "json", "--show-info"]) == expected
    assert run(["check", ".", "--format", "json", "--show-info"]) == expected  # rewritten
    for data in (b"", b"{not json", b"[1, 2]", b"\xff\xfe", b'{"a": 1}'):  # a damaged pack
        pack.write_bytes(data)
        assert run(["check", ".", "--format", "json", "--show-info"]) == expected
    assert len(entries(project / ".layerlint_cache")) == 24


def test_no_cache_and_cache_dir(project: Path, caching: None, tmp_path: Path) -> None:
    run(["check", ".", "--no-cache"])
    assert not (project / ".layerlint_cache").exists()
    elsewhere = tmp_path / "elsewhere"
    run(["check", ".", "--cache-dir", str(elsewhere)])
    assert len(entries(elsewhere)) == 24 and not (project / ".layerlint_cache").exists()
    (project / "pyproject.toml").write_text('[tool.layerlint]\ncache-dir = "build/lint"\n')
    run(["check", "."])
    assert len(entries(project / "build" / "lint")) == 24


def test_unwritable_cache_folder_still_checks(project: Path, caching: None) -> None:
    (project / "blocker").write_text("a file where the cache folder would be")
    assert run(["check", ".", "--cache-dir", "blocker/cache"]) == run(["check", ".", "--no-cache"])


def test_environment_turns_the_cache_off(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LAYERLINT_NO_CACHE", "1")
    run(["check", "."])
    assert not (project / ".layerlint_cache").exists()


# --- progress -----------------------------------------------------------------------------------


def stderr_of(argv: list[str], cwd: Path, terminal: bool) -> bytes:
    """The command's stderr, written to a pty (a terminal) or to a pipe."""
    env = {**os.environ, "LAYERLINT_PROGRESS_AFTER": "0", "PYTHONPATH": str(ROOT)}
    command = [sys.executable, "-m", "layerlint", *argv]
    if not terminal:
        return subprocess.run(command, cwd=cwd, env=env, capture_output=True, timeout=300).stderr
    main, secondary = pty.openpty()
    try:
        subprocess.run(command, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=secondary,
                       timeout=300, check=False)
    finally:
        os.close(secondary)
    data = b""
    while True:
        try:
            chunk = os.read(main, 65536)
        except OSError:  # the other end is closed: everything was read
            break
        if not chunk:
            break
        data += chunk
    os.close(main)
    return data


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_progress_on_a_terminal(project: Path, jobs: str) -> None:
    shown = stderr_of(["check", ".", "--no-cache", "-j", jobs], project, terminal=True)
    assert b"/24] checking " in shown
    assert shown.endswith(b"\r\x1b[K")  # erased before the report


def test_no_progress_in_a_pipe_or_quiet(project: Path) -> None:
    assert b"checking" not in stderr_of(["check", ".", "--no-cache"], project, terminal=False)
    assert b"checking" not in stderr_of(["check", ".", "--no-cache", "-q"], project,
                                        terminal=True)


def test_requirements_listing_follows_the_folder(tmp_path: Path) -> None:
    """The dialect's requirements files are listed once per folder change (a folder of many
    scripts listed itself for each); a requirements file added later is seen."""
    from layerlint.pipeline import check_file

    script = tmp_path / "model.py"
    script.write_text("import tensorflow as tf\nmodel = tf.keras.Sequential("
                      "[tf.keras.layers.Dense(2)])\n")
    assert not [d for d in check_file(str(script)).diagnostics if d.code == "LL905"]
    (tmp_path / "requirements-dev.txt").write_text("tensorflow<2.16\n")
    os.utime(tmp_path, ns=(0, os.stat(tmp_path).st_mtime_ns + 1_000_000))  # a coarse clock
    notes = [d.message for d in check_file(str(script)).diagnostics if d.code == "LL905"]
    assert notes and "requirements-dev.txt pins tensorflow<2.16" in notes[0]


def test_packs_keep_one_entry_per_file(project: Path, caching: None) -> None:
    """One pack per folder; a changed file's entry replaces its old one; a run on some files
    keeps the entries of the others; a deleted file's entry goes when its pack is written."""
    (project / "sub").mkdir()
    script = project / "sub" / "one.py"
    script.write_text("import keras\nm = keras.Sequential([keras.Input((4,)), "
                      "keras.layers.LSTM(3)])\n")
    run(["check", "."])
    cache = project / ".layerlint_cache"
    assert len(packs(cache)) == 2 and len(entries(cache)) == 25
    before = dict(entries(cache))
    assert str(script) in before  # absolute: the same entry however the file is named
    script.write_text(script.read_text().replace("(4,)", "(4, 2)"))
    assert "LL101" not in run(["check", "sub/one.py"])[1]
    after = dict(entries(cache))
    assert len(after) == 25 and after[str(script)] != before[str(script)]
    assert {p: k for p, k in after.items() if p != str(script)} == \
        {p: k for p, k in before.items() if p != str(script)}
    gone, edited = sorted(project.glob("*.py"))[:2]
    gone.unlink()
    edited.write_text(edited.read_text() + "\n")  # its pack is written: the entry of gone goes
    run(["check", "."])
    assert str(gone) not in dict(entries(cache)) and len(entries(cache)) == 24


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_text_report_is_written_while_files_are_checked(
        project: Path, jobs: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """The text report of a file is written once its result is in, the summary at the end: the
    report of a run is the same text as before, and its first findings are out before the
    last file is checked (the main process does that work while the workers go on)."""
    from layerlint import jobs as jobs_module

    out = io.StringIO()
    written_when_last_ran: list[int] = []
    run_all = jobs_module.run_all

    def watched(check, paths, *args, **kwargs):  # type: ignore[no-untyped-def]
        each = kwargs["each"]
        assert each is not None  # the plain text report streams

        def each_then_note(result):  # type: ignore[no-untyped-def]
            each(result)
            if result.path == paths[-2]:
                written_when_last_ran.append(len(out.getvalue()))
        kwargs["each"] = each_then_note
        return run_all(check, paths, *args, **kwargs)

    monkeypatch.setattr(jobs_module, "run_all", watched)
    code = cli.main(["check", ".", "--no-cache", "-j", jobs], out=out, err=io.StringIO())
    monkeypatch.setattr(jobs_module, "run_all", run_all)
    whole = run(["check", ".", "--no-cache", "-j", jobs, "--output-file", "report.txt"])
    assert (code, whole[0]) == (1, 1)
    assert out.getvalue() == (project / "report.txt").read_text(encoding="utf-8")
    assert 0 < written_when_last_ran[0] < len(out.getvalue())
