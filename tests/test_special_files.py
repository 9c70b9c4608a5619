"""Paths that are not regular files: FIFOs, sockets, devices behind symlinks, symlink loops.

Each is one LL900 line and is never opened for reading (a FIFO blocks, /dev/zero never ends);
the other files are still checked. Every special file is made inside pytest's tmp folder, and
the CLI runs in a subprocess with a timeout and a memory cap, so a regression fails the test
instead of hanging or exhausting the machine.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from layerlint.frontends import load_file
from layerlint.frontends import source as source_module
from layerlint.frontends.source import UnreadableFile, read_at_most, read_source_bytes

ROOT = Path(__file__).resolve().parent.parent
MEMORY_CAP = 2 * 1024**3  # address space for the CLI subprocess: far below what /dev/zero eats

pytestmark = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="POSIX special files")

MODEL = """\
from tensorflow import keras

model = keras.Sequential([
    keras.layers.LSTM(64, input_shape=(10, 5)),
    keras.layers.LSTM(32),
])
"""


def _cap_memory() -> None:
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_CAP, MEMORY_CAP))


def run_cli(*args: str, cwd: Path, stdin=None) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "NO_COLOR": "1"}
    return subprocess.run(
        ["timeout", "-s", "KILL", "100", sys.executable, "-m", "layerlint", *args],
        cwd=cwd, env=env, check=False, capture_output=True, text=True, timeout=120,
        stdin=stdin if stdin is not None else subprocess.DEVNULL, preexec_fn=_cap_memory,
    )


@pytest.fixture
def special(tmp_path):
    folder = tmp_path / "special"
    folder.mkdir()
    os.mkfifo(folder / "fifo.py")
    os.mkfifo(folder / "fifo.ipynb")
    (folder / "zero.py").symlink_to("/dev/zero")  # a character device behind a symlink
    (folder / "self_loop.py").symlink_to("self_loop.py")
    (folder / "loop_a.py").symlink_to("loop_b.py")
    (folder / "loop_b.py").symlink_to("loop_a.py")
    (folder / "broken.py").symlink_to("missing.py")
    (folder / "zz_model.py").write_text(MODEL)
    (folder / "link_to_model.py").symlink_to("zz_model.py")  # a symlink to a file is read
    server = socket.socket(socket.AF_UNIX)
    try:
        server.bind(str(folder / "sock.py"))
    except OSError:  # a tmp path too long for a socket address
        pass
    yield folder
    server.close()


EXPECTED = {
    "fifo.py": "cannot read: a FIFO, not a regular file; skipped",
    "fifo.ipynb": "cannot read: a FIFO, not a regular file; skipped",
    "zero.py": "cannot read: a character device, not a regular file; skipped",
    "self_loop.py": "cannot read: a symlink loop (too many levels of symbolic links), not followed",
    "loop_a.py": "cannot read: a symlink loop (too many levels of symbolic links), not followed",
    "loop_b.py": "cannot read: a symlink loop (too many levels of symbolic links), not followed",
    "broken.py": "cannot read: a broken symlink (its target does not exist)",
    "sock.py": "cannot read: a socket, not a regular file; skipped",
}


def test_special_files_in_a_folder_are_one_line_each(special):
    proc = run_cli("check", "special", cwd=special.parent)
    assert proc.returncode == 1, proc.stdout + proc.stderr  # unreadable files are errors (ruff)
    assert "Traceback" not in proc.stdout + proc.stderr
    lines = proc.stdout.splitlines()
    for name, message in EXPECTED.items():
        if not (special / name).exists() and not (special / name).is_symlink():
            continue  # the socket could not be made here
        found = [line for line in lines if line.startswith(f"special/{name}:")]
        assert found == [f"special/{name}:1:1: LL900 {message}"], (name, proc.stdout)
    # the model is checked, directly and through the symlink
    for name in ("zz_model.py", "link_to_model.py"):
        assert any(line.startswith(f"special/{name}:5:") and " LL301 " in line
                   for line in lines), proc.stdout


def test_special_files_json_and_summary(special):
    proc = run_cli("check", "--format", "json", "special", cwd=special.parent)
    assert proc.returncode == 1
    files = {Path(f["path"]).name: f for f in json.loads(proc.stdout)["files"]}
    assert files["fifo.py"]["diagnostics"][0]["code"] == "LL900"
    proc = run_cli("summary", "special", cwd=special.parent)
    assert proc.returncode == 0, proc.stderr
    assert "special/fifo.py:1:1: LL900 cannot read: a FIFO" in proc.stderr
    assert 'Model: "sequential"' in proc.stdout


def test_special_files_named_on_the_command_line(special):
    proc = run_cli("check", "special/fifo.py", "special/loop_a.py", "special/zero.py",
                   "special/zz_model.py", cwd=special.parent)
    assert proc.returncode == 1
    lines = proc.stdout.splitlines()
    assert "special/fifo.py:1:1: LL900 " + EXPECTED["fifo.py"] in lines
    assert "special/loop_a.py:1:1: LL900 " + EXPECTED["loop_a.py"] in lines
    assert "special/zero.py:1:1: LL900 " + EXPECTED["zero.py"] in lines
    assert any(line.startswith("special/zz_model.py:5:") for line in lines)


def test_fix_and_diff_leave_special_files_alone(special):
    proc = run_cli("check", "--diff", "special", cwd=special.parent)
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    assert "+++ b/special/zz_model.py" in proc.stdout
    assert "fifo" not in proc.stdout


def test_endless_stdin_is_cut_at_the_limit(tmp_path):
    with open("/dev/zero", "rb") as endless:
        proc = run_cli("check", "-", cwd=tmp_path, stdin=endless)
    assert proc.returncode == 1
    assert proc.stdout.splitlines()[0] == (
        "-:1:1: LL900 cannot analyse: more than 5 MB read from stdin, over the 5 MB limit")


def test_size_limit_is_on_the_bytes_read(tmp_path, monkeypatch):
    path = tmp_path / "grows.py"
    path.write_bytes(b"x = 1\n" * 20)
    assert read_source_bytes(str(path), limit=120) == b"x = 1\n" * 20
    with pytest.raises(UnreadableFile, match="the file is 0.0 MB, over the .* MB limit"):
        read_source_bytes(str(path), limit=119)
    # stat may say less than the file holds (a file still growing, /proc): the read decides
    real_stat = os.stat

    def small_stat(p, *args, **kwargs):
        info = real_stat(p, *args, **kwargs)
        if str(p) != str(path):
            return info
        return os.stat_result((info.st_mode, *info[1:6], 0, *info[7:]))

    monkeypatch.setattr(source_module.os, "stat", small_stat)
    with pytest.raises(UnreadableFile, match="more than .* read from the file"):
        read_source_bytes(str(path), limit=100)


def test_read_at_most_stops_on_an_endless_stream():
    read_end, write_end = os.pipe()
    try:
        with os.fdopen(read_end, "rb") as reader:
            os.write(write_end, b"x" * 5000)  # more than asked; the writer never closes
            assert read_at_most(reader, 1001) == b"x" * 1001
    finally:
        os.close(write_end)


def test_load_file_reports_special_files(special):
    # (in process: only paths that cannot hang if this regresses; the CLI tests cover the rest)
    (problem,) = load_file(str(special / "broken.py")).problems
    assert problem.message == EXPECTED["broken.py"]
    (problem,) = load_file(str(special / "loop_a.py")).problems
    assert problem.message == EXPECTED["loop_a.py"]
