"""The cost of one check of a small script, in process: what issue 13's small-script target is
made of once the CLI's own work is taken out.

    python benchmarks/bench_check.py [--scripts 1000] [--repeat 5]

Prints the CPU seconds (best of ``--repeat``) of ``check_source`` with fixes verified on the
first ``--scripts`` of bench_scale.py's small scripts, ``ast.parse`` of the same sources beside
it, and the Python bytecodes layerlint executes on scripts 0-5 (0 and 4: Keras with a finding
and its fix verified; 1 and 3: Keras, clean; 2 and 5: torch, clean). The bytecodes are exact and
repeatable (tests/work_count.py counts the same way); CPU moves by 5-10% on a shared machine.
Nothing here asserts anything.
"""

from __future__ import annotations

import argparse
import ast
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests"), str(ROOT / "benchmarks")]

from bench import best_of  # noqa: E402 - after the path set-up above
from bench_scale import small_script  # noqa: E402
from layerlint.pipeline import check_source, warm_up  # noqa: E402
from work_count import counting_bytecodes  # noqa: E402


def check_all(sources: list[str]) -> None:
    for source in sources:
        check_source(source, "script.py", dialect="keras3", keras_backend="torch")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scripts", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args(argv)
    warm_up()
    sources = [small_script(i) for i in range(args.scripts)]
    parse = best_of(args.repeat, lambda: [ast.parse(s) for s in sources])
    check = best_of(args.repeat, lambda: check_all(sources))
    counts = []
    for source in sources[:6]:
        with counting_bytecodes() as count:
            check_all([source])
        counts.append(count.executed)
    print(f"{args.scripts} small scripts, in process, CPU best of {args.repeat}: check_source "
          f"{check:.3f} s ({check / parse:.1f}x ast.parse {parse:.3f} s)")
    print(f"bytecodes per check, scripts 0-5: {counts} (sum {sum(counts)})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
