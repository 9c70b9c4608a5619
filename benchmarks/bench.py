"""Time layerlint against real Keras 3 on the same example scripts, in the same run.

    python benchmarks/bench.py [FILES ...]      (default: examples/*.py)

For each file: layerlint in-process (``pipeline.check_source``, best of ``--repeat`` runs after
a warm-up), layerlint as a command (``layerlint check FILE`` in a subprocess, import included),
and the script itself run by real Keras 3 in a subprocess (tf.keras imports rewritten as the
differential suite does, ``KERAS_BACKEND=torch``). Prints a table and the ratios
keras time / layerlint time. Timings only: nothing here asserts anything.

Functional-API scripts (tests/differential/graph_scripts) are timed with the examples. Then a
per-layer comparison (``--per-layer-only`` for just that): the same long model written both
ways (a Sequential of N layers; the same N layers called on a keras.Input, one statement each),
for N = 100, 300, 1000 (``--layers``): front end, replay (graph vs chain) and the whole check,
in microseconds per layer and as a multiple of ``ast.parse`` of the same source.
"""

from __future__ import annotations

import argparse
import ast
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from differential.keras_runner import rewrite_tf_imports  # noqa: E402 - after the path set-up above

from layerlint import frontends  # noqa: E402
from layerlint.frontends import dialect as dialects  # noqa: E402
from layerlint.pipeline import check_source  # noqa: E402
from layerlint.replay import analysis  # noqa: E402


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


def long_model(layers: int, functional: bool) -> str:
    """One model of ``layers`` layers, as a Sequential list or as a functional chain."""
    body = [f"layers.Dense({8 + i % 5}, activation='relu')" for i in range(layers)]
    if not functional:
        items = ",\n    ".join(["keras.Input((16,))", *body])
        return f"import keras\nfrom keras import layers\nmodel = keras.Sequential([\n    {items},\n])\n"
    lines = ["import keras", "from keras import layers", "inputs = keras.Input((16,))", "x = inputs"]
    lines += [f"x = {layer}(x)" for layer in body]
    lines.append("model = keras.Model(inputs, x)")
    return "\n".join(lines) + "\n"


def best_of(repeat: int, run: Callable[[], object]) -> float:
    """CPU seconds of this process (other processes on a shared machine disturb it less than
    wall-clock time), best of ``repeat`` runs."""
    best = float("inf")
    for _ in range(repeat):
        started = time.process_time()
        run()
        best = min(best, time.process_time() - started)
    return best


def stage_times(source: str, repeat: int) -> dict[str, float]:
    """Seconds (best of ``repeat``) for ``ast.parse``, the front end (``parse_source``, its own
    ``ast.parse`` included), the replay (dialect choice and ``analyze`` of a fresh FileIR) and
    the whole ``check_source``."""
    check_source(source, "long.py")  # warm-up: imports and caches
    replay = float("inf")
    for _ in range(repeat):
        file_ir = frontends.parse_source(source, "long.py")
        started = time.process_time()
        dialects.apply(file_ir, None)
        analysis.analyze(file_ir)
        replay = min(replay, time.process_time() - started)
    return {
        "ast.parse": best_of(repeat, lambda: ast.parse(source)),
        "front end": best_of(repeat, lambda: frontends.parse_source(source, "long.py")),
        "replay": replay,
        "total": best_of(repeat, lambda: check_source(source, "long.py")),
    }


def per_layer(sizes: list[int], repeat: int) -> None:
    """Microseconds per layer of a Sequential and of the same functional chain, stage by stage,
    each next to ``ast.parse`` of the same source: flat columns down the sizes mean linear."""
    print(f"\nper layer, a model of N Dense layers (best of {repeat}), us/layer "
          "(x: times ast.parse of the same source)")
    print(f"  {'model':12} {'N':>5} {'ast.parse':>9} {'front end':>16} {'replay':>16} "
          f"{'total':>16}")
    for layers in sizes:
        times = {}
        for label, functional in (("Sequential", False), ("functional", True)):
            times[label] = stage_times(long_model(layers, functional), repeat)
            parse = times[label]["ast.parse"]
            cells = "".join(f" {times[label][stage] / layers * 1e6:8.1f}"
                            f" ({times[label][stage] / parse:4.1f}x)"
                            for stage in ("front end", "replay", "total"))
            print(f"  {label:12} {layers:5} {parse / layers * 1e6:9.1f}{cells}")
        ratios = "".join(f" {times['functional'][stage] / times['Sequential'][stage]:15.2f}x"
                         for stage in ("front end", "replay", "total"))
        print(f"  {'func/Seq':12} {layers:5} {'':9}{ratios}")


def data_heavy_sources() -> list[tuple[str, str]]:
    """Scripts whose work is mostly data: the tutorials, the realistic scripts and 100 generated
    data pipelines (tests/pipeline_generator.py)."""
    from pipeline_generator import generate

    paths = sorted((ROOT / "tests" / "tutorials").glob("*.py")) + sorted(
        (ROOT / "tests" / "realistic" / "scripts").glob("*.py"))
    sources = [(str(path), path.read_text()) for path in paths]
    return sources + [(f"pipeline_{seed}.py", generate(seed).source) for seed in range(100)]


# Timed in a subprocess whose layerlint is the given tree's (``--tree``): the same sources, CPU
# time, best of ``repeat`` passes over all of them after a warm-up pass.
_RATE = r"""
import json, sys, time
sys.path.insert(0, sys.argv[1])
from layerlint import frontends
from layerlint.pipeline import check_source
sources, repeat = json.load(sys.stdin), int(sys.argv[2])
def best(run):
    for path, source in sources:
        run(source, path)
    times = []
    for _ in range(repeat):
        started = time.process_time()
        for path, source in sources:
            run(source, path)
        times.append(time.process_time() - started)
    return min(times)
print(json.dumps([best(frontends.parse_source), best(check_source)]))
"""


def front_end_rate(repeat: int, trees: list[Path]) -> None:
    """Files per second of the front end (``parse_source``) and of the whole check on
    data-heavy scripts, for each tree (``--tree``, default this one)."""
    import json

    sources = data_heavy_sources()
    parse = best_of(repeat, lambda: [ast.parse(source) for _, source in sources])
    lines = sum(source.count("\n") for _, source in sources)
    print(f"{len(sources)} data-heavy files ({lines} lines); ast.parse alone "
          f"{len(sources) / parse:.0f} files/s")
    for tree in trees:
        done = subprocess.run([sys.executable, "-c", _RATE, str(tree), str(repeat)],
                              input=json.dumps(sources), capture_output=True, text=True,
                              check=True, cwd=tempfile.gettempdir(),
                              env={**os.environ, "PYTHONPATH": str(tree)})
        front, whole = json.loads(done.stdout.strip().splitlines()[-1])
        print(f"  {str(tree):40} front end {len(sources) / front:6.0f} files/s "
              f"({front * 1000 / len(sources):.2f} ms per file), whole check "
              f"{len(sources) / whole:6.0f} files/s ({whole * 1000 / len(sources):.2f} ms)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="*", type=Path)
    parser.add_argument("--repeat", type=int, default=20, help="in-process runs per file")
    parser.add_argument("--layers", type=int, nargs="+", default=[100, 300, 1000],
                        help="sizes of the per-layer models")
    parser.add_argument("--per-layer-only", action="store_true",
                        help="only the per-layer comparison (no Keras, no subprocesses)")
    parser.add_argument("--front-end-only", action="store_true",
                        help="only the front end's files per second on data-heavy scripts")
    parser.add_argument("--tree", type=Path, action="append",
                        help="with --front-end-only: a checkout to time (repeatable; default "
                        "this one), on the same sources")
    args = parser.parse_args(argv)
    if args.front_end_only:
        front_end_rate(max(3, args.repeat // 4), args.tree or [ROOT])
        return 0
    files = args.files or sorted((ROOT / "examples").glob("*.py")) + sorted(
        (ROOT / "tests" / "differential" / "graph_scripts").glob("*.py"))
    if args.per_layer_only:
        per_layer(args.layers, max(3, args.repeat // 4))
        return 0
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
    per_layer(args.layers, max(3, args.repeat // 4))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
