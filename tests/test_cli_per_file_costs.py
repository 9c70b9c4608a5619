"""What the CLI's per-file savings (issue 13, small scripts) must not change, and the work they
save, counted (never timed):

* a folder of seeded generated scripts (Keras and torch, findings with fixes, a pinned and a
  configured dialect, a symlink into another project) prints the same in every way it can be
  run: ``--jobs 1`` and ``2``, cached (cold and warm) or not, and each file alone;
* the dialect's project lookups run once per folder within a run (a symlink on its own);
* the pool gets the files in runs, in order;
* cache entries round-trip any value a result can hold, keys that look like the entry's marks
  included;
* a walk excludes exactly the entries ``Excluder.excluded`` excludes one by one.
"""

from __future__ import annotations

import io
import json
import random
from pathlib import Path

import pytest

from layerlint import cache, cli, jobs
from layerlint.discovery import discover, make_excluder
from layerlint.frontends import dialect, load_file

KERAS2_CODE = ("import tensorflow as tf\nmodel = tf.keras.Sequential([tf.keras.layers.Dense("
               "{units}, batch_input_shape=(4, 3)), tf.keras.layers.LSTM(3)])\n")


def run(argv: list[str]) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = cli.main(argv, out=out, err=err)
    return code, out.getvalue(), err.getvalue()


def script(rng: random.Random) -> str:
    """A small Keras or torch script, with a shape finding (and a fix) about half the time."""
    units, wrong = rng.randint(2, 20), rng.random() < 0.5
    if rng.random() < 0.4:
        width = units + 1 if wrong else units
        return ("import torch\nfrom torch import nn\n\n"
                f"model = nn.Sequential(nn.Linear({units}, 8), nn.ReLU(), nn.Linear(8, 2))\n"
                f"y = model(torch.randn(16, {width}))\nprint(y.shape)\n")
    features = rng.randint(3, 12)
    data = features + 1 if wrong else features
    flatten = "layers.Flatten(), " if rng.random() < 0.3 else ""
    return ("import keras\nimport numpy as np\nfrom keras import layers\n\n"
            f"model = keras.Sequential([keras.Input(shape=({features},)), {flatten}"
            f"layers.Dense({units}, activation='relu'), layers.Dense(1)])\n"
            "model.compile(optimizer='adam', loss='mse')\n"
            f"model.fit(np.zeros((32, {data})), np.zeros((32, 1)))\n")


@pytest.fixture
def scripts(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """``project/``: generated scripts at the top, a folder whose requirements pin Keras 2, a
    folder whose pyproject configures it, and beside them a symlink into the pinned folder."""
    rng = random.Random(13)
    root = tmp_path / "project"
    (root / ".git").mkdir(parents=True)  # the project's root: no pin above it counts
    for i in range(30):
        (root / f"s{i:02}.py").write_text(script(rng))
    pinned, configured = root / "pinned", root / "configured"
    pinned.mkdir()
    configured.mkdir()
    (pinned / "requirements.txt").write_text("tensorflow<2.16\n")
    (configured / "pyproject.toml").write_text('[tool.layerlint]\ndialect = "keras2"\n')
    for i in range(4):
        for folder in (pinned, configured):
            (folder / f"k{i}.py").write_text(KERAS2_CODE.format(units=i + 2))
    (root / "link.py").symlink_to(pinned / "k0.py")
    (root / "plain.py").write_text(KERAS2_CODE.format(units=2))
    monkeypatch.chdir(root)
    monkeypatch.delenv("LAYERLINT_NO_CACHE", raising=False)
    return root


def by_file(json_text: str) -> dict[str, object]:
    return {entry["path"]: entry for entry in json.loads(json_text)["files"]}


def test_every_way_of_running_prints_the_same(scripts: Path, tmp_path: Path) -> None:
    for options in (["--format", "json", "--show-info"], ["--show-info"],
                    ["--unsafe-fixes", "--diff"]):
        reference = run(["check", ".", "--no-cache", "-j", "1", *options])
        assert reference[1]
        assert run(["check", ".", "--no-cache", "-j", "2", *options]) == reference
        cache_dir = tmp_path / f"cache{len(options)}{options[0]}"
        for _ in ("cold", "warm"):
            for jobs_given in ("1", "2"):
                assert run(["check", ".", "--cache-dir", str(cache_dir), "-j", jobs_given,
                            *options]) == reference
    together = by_file(run(["check", ".", "--no-cache", "--format", "json", "--show-info"])[1])
    alone = {}
    for path in sorted(together):
        alone.update(by_file(run(["check", path, "--no-cache", "--format", "json",
                                  "--show-info"])[1]))
    assert alone == together
    notes = {path: [d["message"] for d in entry["diagnostics"] if d["code"] == "LL905"]
             for path, entry in together.items()}
    assert notes["pinned/k1.py"] == [
        "dialect keras2: requirements.txt pins tensorflow<2.16, the nearest pin of the file's "
        "project"]
    assert "[tool.layerlint] of pyproject.toml" in notes["configured/k1.py"][0]
    assert notes["link.py"] == notes["pinned/k1.py"]  # the project it points into
    assert "batch_input_shape" in notes["plain.py"][0]  # its own code decides, here


def test_dialect_lookups_once_per_folder(scripts: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    looked_up: list[tuple[str, str]] = []
    for name in ("project_table", "pinned_dialect"):
        original = getattr(dialect, name)

        def counting(path: str, original=original, name=name):  # type: ignore[no-untyped-def]
            looked_up.append((name, Path(path).name))
            return original(path)

        counting.__name__ = name
        monkeypatch.setattr(dialect, name, counting)
    run(["check", ".", "--no-cache", "-j", "1"])
    configured = [path for name, path in looked_up if name == "project_table"]
    pinned = [path for name, path in looked_up if name == "pinned_dialect"]
    # the top folder, pinned/, configured/, and the symlink on its own at each use (the
    # dialect and the Keras backend read the same table); no pins where the table decides
    assert len([p for p in configured if p != "link.py"]) == 3 and "link.py" in configured
    assert len([p for p in pinned if p != "link.py"]) == 2 and "link.py" in pinned
    looked_up.clear()
    dialect.choose(load_file("pinned/k1.py"))
    dialect.choose(load_file("pinned/k2.py"))
    assert len(looked_up) == 4  # outside a run: every file looks its project up


def test_pool_gets_the_files_in_runs() -> None:
    paths = [f"f{i}.py" for i in range(1000)]
    runs = jobs.chunks(paths, 2)
    assert [p for run_ in runs for p in run_] == paths
    sizes = [len(run_) for run_ in runs]
    assert len(runs) < 100  # messages each way, not 1,000
    assert sizes == sorted(sizes, reverse=True) and sizes[0] == jobs.MAX_CHUNK
    assert sizes[-2 * jobs.CHUNKS_PER_WORKER:] == [1] * 2 * jobs.CHUNKS_PER_WORKER
    assert jobs.chunks(paths[:5], 2) == [[p] for p in paths[:5]]
    results = jobs.run_all(str.upper, paths[:77], 2)
    assert results == [p.upper() for p in paths[:77]]


MARKS = ["__t", "__tuple", "__dict", "f", "path", ""]


def random_value(rng: random.Random, depth: int = 0) -> object:
    kinds = ["none", "bool", "int", "float", "str"] + (["list", "tuple", "dict"] if depth < 4
                                                       else [])
    kind = rng.choice(kinds)
    if kind in ("list", "tuple"):
        items = [random_value(rng, depth + 1) for _ in range(rng.randint(0, 4))]
        return items if kind == "list" else tuple(items)
    if kind == "dict":
        return {rng.choice(MARKS) + str(rng.randint(0, 2)) * rng.randint(0, 1):
                random_value(rng, depth + 1) for _ in range(rng.randint(0, 4))}
    return {"none": None, "bool": rng.random() < 0.5, "int": rng.randint(-5, 5),
            "float": rng.random(), "str": rng.choice(MARKS)}[kind]


def test_cache_entries_round_trip() -> None:
    from layerlint.diagnostics import Diagnostic
    from layerlint.ir import Span
    from layerlint.results import FileResult

    rng = random.Random(1313)
    for _ in range(300):
        value = random_value(rng)
        encoded = json.dumps(cache.encode(value), separators=(",", ":"))
        back = cache.decode_text(encoded)
        assert back == value and repr(back) == repr(value)  # tuples stay tuples
    result = FileResult("a.py", "x = 1\n", diagnostics=[
        Diagnostic("LL900", "error", Span(1, 1, 1, 2), "m")])
    result.cell_offsets = {"__t": ("layerlint.results:FileResult",)}  # type: ignore[assignment]
    back = cache.decode_text(json.dumps(cache.encode(result)))
    assert isinstance(back, FileResult) and vars(back) == vars(result)
    assert list(vars(back)) == list(vars(result))  # fields kept in their order
    assert '"f":["a.py",' in json.dumps(cache.encode(result), separators=(",", ":"))
    result.extra = [Span(2, 1, 2, 3)]  # type: ignore[attr-defined]  # not a field: names kept
    back = cache.decode_text(json.dumps(cache.encode(result)))
    assert vars(back) == vars(result) and back.extra == [Span(2, 1, 2, 3)]
    for damaged in ('{"__t": "os:system", "f": {}}', '{"__t": "layerlint.nope:X", "f": {}}',
                    '{"__t": "layerlint.results:FileResult", "f": {"path": "a"}}',
                    '{"__t": "layerlint.results:FileResult", "f": ["a.py", "x = 1"]}',
                    '{"__t": "layerlint.results:FileResult", "f": 7}'):
        with pytest.raises((ValueError, ImportError)):
            cache.decode_text(damaged)


def test_walk_excludes_what_excluded_excludes(tmp_path: Path) -> None:
    root = tmp_path / "tree"
    for folder in ("a/build", "a/b", ".venv/lib", "keep/gen_x", "keep/deep/c", "notes"):
        (root / folder).mkdir(parents=True)
    for file in ("a/x.py", "a/build/y.py", "a/b/z_pb2.py", "a/b/w.py", ".venv/lib/v.py",
                 "keep/gen_x/g.py", "keep/deep/c/d.py", "keep/deep/skip_me.py", "notes/n.ipynb",
                 "top.py"):
        (root / file).write_text("x = 1\n")
    (root / ".gitignore").write_text("*_pb2.py\n/notes/\n")
    excluder = make_excluder(root, None, ["gen_*", "keep/deep/skip_*.py"])
    found = discover([str(root)], excluder)

    def kept(path: Path) -> bool:  # neither the file nor a folder it is in (under the root)
        folders = [root / part for part in list(path.relative_to(root).parents)[:-1]]
        return not excluder.excluded(path, is_dir=False) and not any(
            excluder.excluded(folder, is_dir=True) for folder in folders)

    every = [p for p in root.rglob("*") if p.suffix in (".py", ".ipynb")]
    assert sorted(found) == sorted(str(p) for p in every if kept(p))
    assert str(root / "top.py") in found and str(root / "a/b/z_pb2.py") not in found
    assert str(root / "a/b/w.py") in found and str(root / "keep/deep/c/d.py") in found


def test_warm_up_runs_once_before_the_workers_fork(tmp_path: Path) -> None:
    """The main process warms up (the workers inherit it); none for a run checked here."""
    import os

    calls: list[int] = []
    paths = [f"f{i}.py" for i in range(40)]
    assert jobs.run_all(str.upper, paths, 2, warm_up=lambda: calls.append(os.getpid())) == \
        [p.upper() for p in paths]
    assert calls == [os.getpid()]
    jobs.run_all(str.upper, paths[:3], 2, warm_up=lambda: calls.append(0))  # one worker: here
    assert calls == [os.getpid()]



def test_reading_stops_at_the_end_a_stat_did_not_promise(tmp_path: Path) -> None:
    """A file read in one call when ``stat`` gave its size; a /proc file (size 0 by ``stat``)
    is read to its end; the limit holds on the bytes read."""
    from layerlint.frontends.source import UnreadableFile, read_source_bytes

    script = tmp_path / "a.py"
    script.write_bytes(b"x = 1\n" * 1000)
    assert read_source_bytes(str(script)) == b"x = 1\n" * 1000
    (tmp_path / "empty.py").write_bytes(b"")
    assert read_source_bytes(str(tmp_path / "empty.py")) == b""
    status = Path("/proc/self/status")
    if status.exists():
        assert b"Name:" in read_source_bytes(str(status))
        with pytest.raises(UnreadableFile, match="read from the file"):
            read_source_bytes(str(status), limit=10)
