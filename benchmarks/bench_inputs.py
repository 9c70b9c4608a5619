"""Hostile inputs: work that must grow linearly with the input and stay light.

    python benchmarks/bench_inputs.py [--tree PATH] [--quick]

* ``np.array([...])`` literals of 90,000 to 720,000 numbers (the largest is the 3.6 MB file of
  issue 13), flat and as rows of 10;
* one ``Sequential([...])`` line of 5,000 to 20,000 layers ending in a layer that fails (so fixes
  are verified), with and without a non-ASCII character on the line;
* the first 150 modules of Python's standard library (files that name no framework: the fast
  path parses them and does not interpret them).

For each: CPU seconds of ``check_source`` (one run: these are long), the multiple of
``ast.parse`` of the same source measured in the same run, and the peak memory traced by
``tracemalloc`` during ``check_source`` (a second run). ``--tree`` imports layerlint from
another checkout (e.g. main) to measure before/after with the same script. Nothing is
asserted: tests count work instead (tests/test_bounded_literals.py, tests/test_linear_work.py).
"""

from __future__ import annotations

import argparse
import ast
import sys
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def literal(numbers: int, width: int | None) -> str:
    if width is None:
        body = "[" + "1.0, " * (numbers - 1) + "1.0]"
        features = 4
    else:
        row = "[" + ", ".join(["1.0"] * width) + "]"
        body = "[" + ", ".join([row] * (numbers // width)) + "]"
        features = width + 2
    return ("import numpy as np\nfrom tensorflow import keras\n"
            f"x = np.array({body})\n"
            f"model = keras.Sequential([keras.Input(({features},)), keras.layers.Dense(1)])\n"
            "model.compile('adam', 'mse')\nmodel.fit(x, x)\n")


def one_line_sequential(layers: int, wide: bool) -> str:
    body = ", ".join(["keras.layers.Dense(4)"] * layers)
    comment = "  # modèle" if wide else ""
    return (f"import keras\nmodel = keras.Sequential([keras.Input((4,)), {body}, "
            f"keras.layers.LSTM(3)]){comment}\n")


def measure(check, source: str) -> tuple[float, float, float, list[str]]:
    started = time.process_time()
    ast.parse(source)
    parse = time.process_time() - started
    started = time.process_time()
    result = check(source, "bench.py")
    seconds = time.process_time() - started
    tracemalloc.start()
    check(source, "bench.py")
    peak = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
    return seconds, seconds / parse, peak, sorted({d.code for d in result.diagnostics})


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tree", type=Path, default=ROOT, help="the layerlint checkout to time")
    parser.add_argument("--quick", action="store_true", help="the two smaller sizes only")
    parser.add_argument("--cases", default="literals,sequential,stdlib",
                        help="comma-separated: literals, sequential, stdlib")
    args = parser.parse_args(argv)
    sys.path.insert(0, str(args.tree.resolve()))
    from layerlint.pipeline import check_source

    check_source("import keras\n", "warm.py")
    sizes = [90_000, 180_000] if args.quick else [90_000, 180_000, 360_000, 720_000]
    print(f"layerlint from {args.tree}")
    print(f"  {'input':44} {'CPU s':>7} {'x parse':>8} {'peak MB':>8}  codes")
    wanted = set(args.cases.split(","))
    cases = [(f"np.array literal, {n:,} numbers{', rows of 10' if width else ''}",
              literal(n, width)) for width in (None, 10) for n in sizes
             if "literals" in wanted]
    layer_counts = [5_000, 10_000] if args.quick else [5_000, 10_000, 20_000]
    cases += [(f"Sequential line, {n:,} layers{', non-ASCII' if wide else ''}",
               one_line_sequential(n, wide)) for wide in (False, True) for n in layer_counts
              if "sequential" in wanted]
    for label, source in cases:
        seconds, ratio, peak, codes = measure(check_source, source)
        print(f"  {label:44} {seconds:7.2f} {ratio:7.1f}x {peak:8.0f}  {' '.join(codes)}")
    if "stdlib" in wanted:
        stdlib(check_source)
    return 0


def stdlib(check_source) -> None:
    import sysconfig

    files = sorted(Path(sysconfig.get_paths()["stdlib"]).glob("*.py"))[:150]
    sources = [(str(f), f.read_text(encoding="utf-8")) for f in files]
    for path, source in sources:  # warm the file cache and layerlint's own caches alike
        ast.parse(source)
    def parse_all() -> None:
        for _, source in sources:
            ast.parse(source)  # not kept: as check_source, one tree alive at a time

    def check_all() -> None:
        for path, source in sources:
            check_source(source, path)

    parse = best_of(3, parse_all)
    seconds = best_of(3, check_all)
    label = f"stdlib, {len(sources)} files"
    print(f"  {label:44} {seconds:7.2f} {seconds / parse:7.1f}x {'':>8}  "
          f"({len(sources) / seconds:.0f} files/s)")


def best_of(repeat: int, run) -> float:
    best = float("inf")
    for _ in range(repeat):
        started = time.process_time()
        run()
        best = min(best, time.process_time() - started)
    return best


if __name__ == "__main__":
    raise SystemExit(main())
