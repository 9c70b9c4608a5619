"""`--diff` prints a patch the real tools apply, whatever the file's encoding and line ends.

Each variant is checked twice: `--fix` on one copy, `--diff` on another copy then applied with
`patch -p1` (and `git apply --check`); both copies must end up byte for byte the same.
"""

from __future__ import annotations

import itertools
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

BODY = """\
# Modèle séquentiel — {note}
from tensorflow import keras

model = keras.Sequential([
    keras.layers.LSTM(64, input_shape=(10, 5)),
    keras.layers.LSTM(32),  # é
])
other = keras.Sequential([
    keras.layers.GRU(8, input_shape=(4, 3)),
    keras.layers.GRU(2),
])
"""

# (file name part, coding cookie line or None, the codec the bytes are written in)
ENCODINGS = [
    ("utf8", None, "utf-8"),
    ("bom", None, "utf-8-sig"),
    ("latin1", "# -*- coding: latin-1 -*-", "latin-1"),
    ("cp1252", "# coding: cp1252", "cp1252"),
]
LINE_ENDS = [("lf", "\n"), ("crlf", "\r\n"), ("cr", "\r")]


def variant(cookie: str | None, codec: str, end: str, final_newline: bool) -> bytes:
    text = BODY.format(note="cp1252" if codec == "cp1252" else "x")
    if codec == "latin-1":
        text = text.replace("—", "-")  # not in latin-1
    if cookie:
        text = cookie + "\n" + text
    if not final_newline:
        text = text.rstrip("\n")
    return text.replace("\n", end).encode(codec)


@pytest.fixture
def variants(tmp_path):
    folder = tmp_path / "src"
    folder.mkdir()
    for (name, cookie, codec), (end_name, end), final in itertools.product(
        ENCODINGS, LINE_ENDS, (True, False)
    ):
        data = variant(cookie, codec, end, final)
        (folder / f"{name}_{end_name}_{'nl' if final else 'nonl'}.py").write_bytes(data)
    return folder


def run_cli(*args: str, cwd: Path, stdin: bytes | None = None) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "NO_COLOR": "1"}
    return subprocess.run([sys.executable, "-m", "layerlint", *args], cwd=cwd, env=env,
                          input=stdin, check=False, capture_output=True, timeout=300)


def apply_patch(patch: bytes, cwd: Path) -> None:
    if shutil.which("git"):
        check = subprocess.run(["git", "apply", "--check", "-"], input=patch, cwd=cwd,
                               capture_output=True, timeout=60, check=False)
        assert check.returncode == 0, check.stderr.decode(errors="replace")
    if shutil.which("patch"):
        done = subprocess.run(["patch", "-p1", "--batch", "--no-backup-if-mismatch"],
                              input=patch, cwd=cwd, capture_output=True, timeout=60, check=False)
        assert done.returncode == 0, done.stdout.decode(errors="replace")
    else:  # git alone: apply for real
        done = subprocess.run(["git", "apply", "-"], input=patch, cwd=cwd, capture_output=True,
                              timeout=60, check=False)
        assert done.returncode == 0, done.stderr.decode(errors="replace")


@pytest.mark.skipif(not (shutil.which("patch") or shutil.which("git")),
                    reason="needs patch or git to apply the diff")
def test_diff_applies_as_fix_writes(variants, tmp_path):
    by_fix = tmp_path / "by_fix"
    by_diff = tmp_path / "by_diff"
    shutil.copytree(variants, by_fix / "src")
    shutil.copytree(variants, by_diff / "src")

    fixed = run_cli("check", "--fix", "src", cwd=by_fix)
    assert b"Traceback" not in fixed.stderr + fixed.stdout
    diff = run_cli("check", "--diff", "src", cwd=by_diff)
    assert diff.returncode == 1, diff.stderr
    assert diff.stderr.decode() == f"Would fix {2 * len(list(variants.iterdir()))} errors.\n"
    apply_patch(diff.stdout, by_diff)

    for original in sorted(variants.iterdir()):
        expected = (by_fix / "src" / original.name).read_bytes()
        assert expected != original.read_bytes(), original.name  # --fix changed it
        assert (by_diff / "src" / original.name).read_bytes() == expected, original.name


def test_latin1_diff_is_in_the_file_encoding(variants):
    diff = run_cli("check", "--diff", "src/latin1_lf_nl.py", cwd=variants.parent).stdout
    assert "# é".encode("latin-1") in diff
    assert "é".encode() not in diff


def test_cr_only_file_is_one_line_to_diff(variants):
    """diff(1) and patch(1) cut lines at \\n only: a CR-only file is a single line."""
    diff = run_cli("check", "--diff", "src/utf8_cr_nl.py", cwd=variants.parent).stdout
    assert diff.count(b"\n") == 7  # headers, hunk header, -line, marker, +line, marker
    assert b"@@ -1 +1 @@" in diff


def test_stdin_fix_keeps_the_encoding(variants):
    data = (variants / "latin1_crlf_nl.py").read_bytes()
    proc = run_cli("check", "--fix", "-", cwd=variants.parent, stdin=data)
    assert b"return_sequences=True" in proc.stdout
    assert b"# \xe9\r\n" in proc.stdout  # latin-1 é, CRLF kept


@pytest.mark.parametrize("end", ["\n", "\r\n", "\r"])
def test_a_coding_cookie_is_read_with_any_line_end(end):
    """Python honours the cookie of a CR-only latin-1 file; so does layerlint's decoding."""
    from layerlint.frontends.source import decode

    data = variant("# -*- coding: latin-1 -*-", "latin-1", end, True)
    compile(data, "x.py", "exec")  # Python reads it
    text, problem = decode(data)
    assert problem is None and "# é" in text
