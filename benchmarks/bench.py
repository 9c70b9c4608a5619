"""Time layerlint against real Keras 3 on the same example scripts, in the same run.

    python benchmarks/bench.py [FILES ...]      (default: examples/*.py)

For each file: layerlint in-process (``pipeline.check_source``, best of ``--repeat`` runs after
a warm-up), layerlint as a command (``layerlint check FILE`` in a subprocess, import included),
and the script itself run by real Keras 3 in a subprocess (tf.keras imports rewritten as the
differential suite does, ``KERAS_BACKEND=torch``). Prints a table and the ratios
keras time / layerlint time. Timings only: nothing here asserts anything.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from differential.keras_runner import rewrite_tf_imports

from layerlint.pipeline import check_source


def time_in_process(source: str, path: str, repeat: int) -> float:
    check_source(source, path)  # warm-up: imports and caches
    best = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        check_source(source, path)
        best = min(best, time.perf_counter() - started)
    return best


def layerlint_command() -> list[str]:
    exe = shutil.which("layerlint")
    return [exe] if exe else [sys.executable, "-m", "layerlint"]


def time_command(command: list[str], env: dict[str, str] | None = None) -> tuple[float, int]:
    started = time.perf_counter()
    done = subprocess.run(command, check=False, capture_output=True, text=True, env=env, cwd=ROOT)
    return time.perf_counter() - started, done.returncode


def time_keras(source: str) -> tuple[float, int]:
    env = {**os.environ, "KERAS_BACKEND": "torch"}
    with tempfile.TemporaryDirectory() as folder:
        script = Path(folder) / "script.py"
        script.write_text(rewrite_tf_imports(source))
        return time_command([sys.executable, str(script)], env)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="*", type=Path)
    parser.add_argument("--repeat", type=int, default=20, help="in-process runs per file")
    args = parser.parse_args(argv)
    files = args.files or sorted((ROOT / "examples").glob("*.py"))
    command = layerlint_command()

    header = (
        f"{'file':32} {'layerlint':>11} {'cli':>9} {'keras':>9} "
        f"{'keras/layerlint':>16} {'keras/cli':>10}"
    )
    print(header)
    print("-" * len(header))
    totals = [0.0, 0.0, 0.0]
    for path in files:
        source = path.read_text()
        in_process = time_in_process(source, str(path), args.repeat)
        cli, cli_code = time_command([*command, "check", str(path)])
        keras, keras_code = time_keras(source)
        totals = [totals[0] + in_process, totals[1] + cli, totals[2] + keras]
        note = "" if cli_code in (0, 1) else f"  (layerlint exit {cli_code})"
        print(
            f"{path.name:32} {in_process * 1000:9.2f}ms {cli:8.2f}s {keras:8.2f}s "
            f"{keras / in_process:15.0f}x {keras / cli:9.1f}x{note}"
            + ("" if keras_code == 0 else "  (Keras raised)")
        )
    print("-" * len(header))
    print(
        f"{'total':32} {totals[0] * 1000:9.2f}ms {totals[1]:8.2f}s {totals[2]:8.2f}s "
        f"{totals[2] / totals[0]:15.0f}x {totals[2] / totals[1]:9.1f}x"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
