"""Issue 13's numbers, in one run: speed against ``ast.parse``, growth, memory.

    python benchmarks/bench_scale.py [--jobs N] [--scripts 1000] [--skip-real] [--sample K]

1. **Framework sources**: every ``.py`` file of the installed keras, tf_keras and torch
   packages (those present). ``ast.parse`` of every file in this process (files read first:
   the issue's baseline), then ``layerlint check`` of the same files (in this process, an
   empty cache, ``--jobs`` at its default unless given), then the same run again with the
   cache now warm. Wall-clock seconds, files/s, and the multiple of the ``ast.parse`` time;
   the CPU seconds of the run (this process and its workers: on a shared machine the steadier
   measure). A second line times reading and parsing in one process, the multiples against
   it beside: layerlint's time includes its own reading of the files.
2. **Small model scripts**: ``--scripts`` generated Keras and torch scripts of a few layers
   (some with a finding and a fix), the same measures.
3. **Growth**: CPU seconds of ``check_source`` (fixes verified) on one file of 2,000 and of
   20,000 small functions, and of 25 and of 250 broken models; the ratio of each pair (10x the
   input: linear is about 10x).
4. **Memory**: peak resident memory of this process and of the largest worker.
5. **Start-up**, apart: a fresh process importing the CLI, then its first checks
   (``pipeline.warm_up``: the replay modules and the catalogues' tables). The runs above are
   timed after this process's own warm-up, as ``ast.parse`` is timed after ``import ast``:
   the ratios are the cost per file, the start-up a fixed cost per run, printed beside them.

Ratios only: nothing here asserts anything (tests count work instead: tests/work_count.py).
"""

from __future__ import annotations

import argparse
import ast
import importlib.util
import io
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT)]

from layerlint import cli  # noqa: E402 - after the path set-up above
from layerlint.jobs import default_jobs  # noqa: E402
from layerlint.pipeline import check_source, warm_up  # noqa: E402

PACKAGES = ("keras", "tf_keras", "torch")


def framework_files() -> list[str]:
    files: list[str] = []
    for name in PACKAGES:
        spec = importlib.util.find_spec(name)
        if spec is None or not spec.submodule_search_locations:
            continue
        for folder in spec.submodule_search_locations:
            for directory, _, names in os.walk(folder):
                files += [os.path.join(directory, n) for n in sorted(names) if n.endswith(".py")]
    return sorted(files)


def parse_seconds(files: list[str], reading: bool = False) -> float:
    """``ast.parse`` of every file, the files read first (the issue's baseline); ``reading``:
    the reading timed too, as layerlint's time includes its own reading of the files."""
    started = time.perf_counter()
    data = []
    for path in files:
        try:
            data.append(Path(path).read_bytes())
        except OSError:
            pass
    if not reading:
        started = time.perf_counter()
    for source in data:
        try:
            ast.parse(source)
        except (SyntaxError, ValueError):
            pass
    return time.perf_counter() - started


def check_seconds(files: list[str], jobs: int, cache: Path | None) -> tuple[float, float]:
    """Wall-clock and CPU seconds (this process and its workers) of one ``layerlint check``."""
    options = ["--no-cache"] if cache is None else ["--cache-dir", str(cache)]
    cpu, started = cpu_seconds_so_far(), time.perf_counter()
    cli.main(["check", "--exit-zero", "-q", "--jobs", str(jobs), *options, *files],
             out=io.StringIO(), err=io.StringIO())
    return time.perf_counter() - started, cpu_seconds_so_far() - cpu


def cpu_seconds_so_far() -> float:
    """User and system CPU seconds of this process and of its ended workers."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    workers = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + workers.ru_utime + workers.ru_stime


def report_speed(label: str, files: list[str], jobs: int) -> None:
    parse = parse_seconds(files)
    read_parse = parse_seconds(files, reading=True)
    with tempfile.TemporaryDirectory() as cache:
        # an empty cache: analysed and stored; then warm
        (cold, cold_cpu), (warm, warm_cpu) = (check_seconds(files, jobs, Path(cache))
                                              for _ in range(2))
    n = len(files)
    print(f"{label}: {n} files, --jobs {jobs}")
    print(f"  ast.parse        {parse:7.2f} s  {n / parse:8.0f} files/s  (the baseline)")
    print(f"  layerlint        {cold:7.2f} s  {n / cold:8.0f} files/s  {cold / parse:5.1f}x ast.parse"
          f"   CPU {cold_cpu:.2f} s")
    print(f"  layerlint cached {warm:7.2f} s  {n / warm:8.0f} files/s  {warm / parse:5.1f}x ast.parse"
          f"   CPU {warm_cpu:.2f} s")
    print(f"  read + ast.parse {read_parse:7.2f} s  {n / read_parse:8.0f} files/s  "
          f"(layerlint {cold / read_parse:.1f}x, cached {warm / read_parse:.1f}x)")


def small_script(i: int) -> str:
    units = 8 + i % 7
    if i % 3 == 2:
        return ("import torch\nfrom torch import nn\n\n"
                f"model = nn.Sequential(nn.Linear({units}, 16), nn.ReLU(), nn.Linear(16, 4))\n"
                f"x = torch.randn(32, {units + (i % 4 == 0)})\n"
                "y = model(x)\nprint(y.shape)\n")
    head = "keras.Input(shape=(10,))" if i % 2 else "keras.Input(shape=(12, 3))"
    body = "layers.Flatten(), " if i % 2 == 0 else ""
    data = "(64, 10)" if i % 5 else "(64, 9)"
    return ("import keras\nimport numpy as np\nfrom keras import layers\n\n"
            f"model = keras.Sequential([{head}, {body}layers.Dense({units}, activation='relu'), "
            "layers.Dense(1)])\nmodel.compile(optimizer='adam', loss='mse')\n"
            f"x = np.random.rand{data}\ny = np.random.rand(64, 1)\n"
            "model.fit(x, y, epochs=1)\n")


def functions(count: int) -> str:
    return "import keras\n" + "".join(f"def f{i}(x):\n    y = x + {i}\n    return y * 2\n\n"
                                      for i in range(count))


def broken_models(count: int) -> str:
    lines = ["import keras", "from keras import layers", "import numpy as np", ""]
    for i in range(count):
        lines += [f"m{i} = keras.Sequential([keras.Input(shape=(8,)), layers.Dense(16)])",
                  f"x{i} = np.zeros((32, 7))", f"m{i}.compile(optimizer='adam', loss='mse')",
                  f"m{i}.fit(x{i}, np.zeros((32, 16)))",
                  f"r{i} = keras.Sequential([keras.Input(shape=(8,)), layers.Dense(4), "
                  "layers.LSTM(2)])", ""]
    return "\n".join(lines)


def cpu_seconds(source: str) -> float:
    started = time.process_time()
    check_source(source, "scale.py")
    return time.process_time() - started


def report_growth() -> None:
    check_source(broken_models(2))  # imports and caches
    print("growth (CPU s of check_source, fixes verified; 10x the input)")
    for label, make, small, large in (("small functions", functions, 2000, 20000),
                                      ("broken models", broken_models, 25, 250)):
        a, b = cpu_seconds(make(small)), cpu_seconds(make(large))
        pa = parse_cpu(make(small))
        pb = parse_cpu(make(large))
        print(f"  {label:16} {small:6}: {a:6.2f} s ({a / pa:4.1f}x parse)   {large:6}: "
              f"{b:6.2f} s ({b / pb:4.1f}x parse)   ratio {b / a:5.1f}")


def parse_cpu(source: str) -> float:
    started = time.process_time()
    ast.parse(source)
    return time.process_time() - started


STARTUP = """
import sys, time
started = time.perf_counter()
from layerlint import cli, pipeline
imported = time.perf_counter()
pipeline.warm_up()
print(imported - started, time.perf_counter() - imported)
"""


def report_startup() -> None:
    import subprocess

    done = subprocess.run([sys.executable, "-c", STARTUP], capture_output=True, text=True,
                          timeout=300, cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)})
    try:
        imports, first = map(float, done.stdout.split())
    except ValueError:
        print(f"start-up: not measured ({done.stderr.strip()[-200:]})")
        return
    print(f"start-up of a run, a fixed cost not in the ratios: importing the CLI {imports:.2f} s, "
          f"the first checks (warm-up) {first:.2f} s")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--jobs", type=int, default=default_jobs())
    parser.add_argument("--scripts", type=int, default=1000)
    parser.add_argument("--skip-real", action="store_true")
    parser.add_argument("--sample", type=int, default=1,
                        help="every Nth framework file only (a loaded machine)")
    args = parser.parse_args(argv)
    os.environ.pop("LAYERLINT_NO_CACHE", None)
    report_startup()
    warm_up()  # this process's own start-up, apart from the runs (see the docstring)
    if not args.skip_real:
        files = framework_files()[::args.sample]
        if files:
            report_speed("framework sources (" + ", ".join(
                p for p in PACKAGES if importlib.util.find_spec(p)) + ")", files, args.jobs)
    with tempfile.TemporaryDirectory() as folder:
        paths = []
        for i in range(args.scripts):
            path = Path(folder) / f"script_{i:04}.py"
            path.write_text(small_script(i))
            paths.append(str(path))
        report_speed("small model scripts", paths, args.jobs)
    report_growth()
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    workers = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"peak memory: this process {own:.0f} MB, largest worker {workers:.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
