"""Whether two checkouts of layerlint print the same thing, byte for byte: the proof a change
meant only for speed must give (issue 13's per-check work was checked this way).

    python benchmarks/same_output.py BEFORE AFTER [--corpus DIR] [--seeds 40]

BEFORE and AFTER are layerlint checkouts (folders holding ``layerlint/``). The corpus (made in a
temporary folder unless ``--corpus`` names one to make or reuse) holds this checkout's examples,
every ``.py`` and ``.ipynb`` of its tests, bench_scale.py's 1,000 small scripts and ``--seeds``
programs of each seeded generator of the test suites. Each checkout checks it in six ways: the
JSON report, the text report with info notes, ``--diff --unsafe-fixes``, ``--statistics``,
``--dialect keras2`` (JSON), and the model summaries of a sample. Exits 1, naming the outputs
that differ, if any does.
"""

from __future__ import annotations

import argparse
import importlib
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TIMEOUT = 3000

# (module of the tests, function(seed) -> a program or an object holding one)
GENERATORS = [
    ("torch_training.generator", "generate_training_program"),
    ("torch_differential.script_flow", "generate_program"),
    ("torch_differential.containers", "generate_container"),
    ("torch_differential.containers", "generate_loop_container"),
    ("torch_differential.forwards", "generate_forward"),
    ("torch_differential.generator", "generate"),
    ("torch_differential.composed", "generate_composed"),
    ("data_layout_cases", "generate"), ("sklearn_pandas_fit_cases", "generate"),
    ("torch_dataset_cases", "generate"), ("test_tf_data", "generated_fit"),
    ("differential.nested_generator", "generate_nested"),
    ("differential.graph_generator", "generate_graph"),
    ("differential.generator", "generate"),
    ("differential.ops_graph_generator", "generate_ops_graph"),
    ("differential.ops_graph_generator", "generate_tf_ops_graph"),
    ("data_tf_cases", "generate"), ("pipeline_generator", "generate"),
    ("subclass.call_generator", "generate_call"),
    ("subclass.build_layers_generator", "generate_build_layers"),
    ("subclass.custom_generator", "generate_custom"), ("subclass.generator", "generate"),
    ("subclass.ops_call_generator", "generate_ops_call"),
    ("subclass.functional_call_generator", "generate_functional_call"),
    ("test_mask_loss", "generated"), ("keras2.test_nested_own_raise_keras2", "generate"),
    ("fit_data_cases", "generate"),
]
WAYS = {
    "json": ["--output-format", "json", "."],
    "text": ["--show-info", "."],
    "diff": ["--diff", "--unsafe-fixes", "."],
    "statistics": ["--statistics", "."],
    "keras2": ["--dialect", "keras2", "--output-format", "json", "."],
}
SUMMARIES = """
import sys
from pathlib import Path
from layerlint.pipeline import check_source
from layerlint.report.summary import render_model
for path in sorted(Path('.').glob('examples/*.py')) + sorted(Path('.').glob('small/*.py'))[:200] \\
        + sorted(Path('.').glob('gen/*/g00[0-4].py')):
    for model in check_source(path.read_text(), str(path)).models:
        try:
            print(render_model(model))
        except Exception as error:
            print(f"{path}: {type(error).__name__}")
"""


def make_corpus(folder: Path, seeds: int) -> int:
    """Write the corpus into ``folder`` (emptied first); the number of files."""
    if folder.exists():
        shutil.rmtree(folder)
    for sub in ("examples", "tests"):
        for path in (ROOT / sub).rglob("*"):
            if path.suffix in (".py", ".ipynb") and path.is_file() \
                    and "__pycache__" not in path.parts:
                target = folder / sub / path.relative_to(ROOT / sub)
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(path, target)
    sys.path[:0] = [str(ROOT), str(ROOT / "tests"), str(ROOT / "benchmarks")]
    os.environ.setdefault("KERAS_BACKEND", "torch")
    from bench_scale import small_script

    (folder / "small").mkdir()
    for i in range(1000):
        (folder / "small" / f"s{i:04}.py").write_text(small_script(i))
    for module, name in GENERATORS:
        make = getattr(importlib.import_module(module), name)
        target = folder / "gen" / f"{module.replace('.', '_')}__{name}"
        target.mkdir(parents=True)
        for seed in range(seeds):
            made = make(seed)
            text = made if isinstance(made, str) else made.source
            (target / f"g{seed:03}.py").write_text(text)
    return sum(1 for p in folder.rglob("*") if p.is_file())


def outputs(tree: Path, corpus: Path) -> dict[str, bytes]:
    """What the checkout at ``tree`` prints on the corpus, each way (stdout, stderr, code)."""
    env = {**os.environ, "PYTHONPATH": str(tree), "KERAS_BACKEND": "torch"}
    found = {}
    for way, options in WAYS.items():
        done = subprocess.run(
            [sys.executable, "-m", "layerlint", "check", "--no-cache", "--exit-zero", *options],
            cwd=corpus, env=env, capture_output=True, timeout=TIMEOUT)
        found[way] = done.stdout + b"\n--- stderr\n" + done.stderr + bytes([done.returncode])
    done = subprocess.run([sys.executable, "-c", SUMMARIES], cwd=corpus, env=env,
                          capture_output=True, timeout=TIMEOUT)
    found["summaries"] = done.stdout + done.stderr
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("before", type=Path)
    parser.add_argument("after", type=Path)
    parser.add_argument("--corpus", type=Path)
    parser.add_argument("--seeds", type=int, default=40)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as scratch:
        corpus = args.corpus or Path(scratch) / "corpus"
        if not corpus.exists():
            print(f"corpus: {make_corpus(corpus, args.seeds)} files in {corpus}")
        before, after = outputs(args.before.resolve(), corpus), outputs(args.after.resolve(),
                                                                        corpus)
    differ = [way for way in before if before[way] != after[way]]
    for way in before:
        print(f"{way:11} {len(before[way]):>9} bytes  {'DIFFERENT' if way in differ else 'same'}")
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main())
