"""Work a torch check no longer repeats (issue 13's small scripts), and the same results.

* The model's own replay takes the pass the script's replay ran for ``model(x)`` on the same
  data (``TorchReplay.recall``) instead of running that forward again;
* the probe (the model replayed on inputs of every rank) is skipped where its outcome is known:
  a chain of catalogue modules with known arguments that the data went through
  (``TorchReplay.probe_passes``);
* a model call's autograd flag, which needs the model's parameter count, is worked out only
  when a ``backward`` reads flags (``training.FLAGS_WHEN_READ``).

Each is compared with the analysis doing the work again (switched off), on seeded generated
torch programs of every kind (stacks with contradictions, forwards, containers, composed
models, script flows, training loops) and hand cases; the work itself is counted, not timed.
"""

from __future__ import annotations

import json

import pytest
from torch_differential.composed import generate_composed
from torch_differential.containers import generate_container
from torch_differential.forwards import generate_forward
from torch_differential.generator import generate
from torch_differential.script_flow import generate_program
from torch_training.generator import generate_training_program

from layerlint.frontends import dialect, keras_backend, parse_source
from layerlint.replay import analysis
from layerlint.replay.torch import model as torch_model
from layerlint.replay.torch import training
from layerlint.report.json_report import file_json

SEEDS = range(50)
IMPORTS = "import torch\nfrom torch import nn\n"
HAND = [IMPORTS + body for body in (
    # the benchmark's script, clean and with the data one feature off
    "model = nn.Sequential(nn.Linear(10, 16), nn.ReLU(), nn.Linear(16, 4))\n"
    "x = torch.randn(32, 10)\ny = model(x)\nprint(y.shape)\n",
    "model = nn.Sequential(nn.Linear(10, 16), nn.ReLU(), nn.Linear(16, 4))\n"
    "x = torch.randn(32, 11)\ny = model(x)\nprint(y.shape)\n",
    # a contradiction of the model itself, past the data's first failure or alone
    "model = nn.Sequential(nn.Linear(784, 120), nn.ReLU(), nn.Linear(80, 10))\n"
    "x = torch.randn(4, 784)\nmodel(x)\n",
    "model = nn.Sequential(nn.Linear(20, 120), nn.ReLU(), nn.Linear(80, 10))\n"
    "x = torch.randn(4, 784)\nmodel(x)\n",
    "model = nn.Sequential(nn.Linear(784, 120), nn.ReLU(), nn.Linear(80, 10))\n",
    # two inputs, modes, lazy and parameterless models, backward and optimizers
    "model = nn.Sequential(nn.Linear(10, 16), nn.Linear(16, 4))\n"
    "y = model(torch.randn(32, 10))\ny2 = model(torch.randn(32, 11))\n",
    "model = nn.Sequential(nn.Linear(4, 8), nn.BatchNorm1d(8), nn.Linear(8, 2))\nmodel.eval()\n"
    "y = model(torch.randn(1, 4))\nmodel.train()\nz = model(torch.randn(1, 4))\n",
    "model = nn.Sequential(nn.LazyLinear(16), nn.ReLU(), nn.Linear(16, 4))\n"
    "y = model(torch.randn(8, 7))\nopt = torch.optim.SGD(model.parameters(), lr=0.1)\n"
    "y.sum().backward()\n",
    "model = nn.Sequential(nn.ReLU(), nn.Flatten())\ny = model(torch.randn(8, 7))\n"
    "y.sum().backward()\nopt = torch.optim.Adam(model.parameters())\n",
    "model = nn.Sequential(nn.Linear(10, 1))\nwith torch.no_grad():\n"
    "    p = model(torch.randn(64, 10))\np.sum().backward()\n",
    # sizes the trace resolves, arguments not known, RNN tuples, float64 data, a direct call
    "y = torch.randn(8, 6)\nmodel = nn.Sequential(nn.Linear(y.shape[1], 4), nn.Linear(4, 2))\n"
    "out = model(y)\nout.sum().backward()\nmodel(torch.randn(8, 5))\n",
    "import sys\nmodel = nn.Sequential(nn.Linear(10, int(sys.argv[1])), nn.Linear(16, 4))\n"
    "y = model(torch.randn(32, 10))\n",
    "model = nn.Sequential(nn.LSTM(8, 16), nn.Linear(16, 2))\ny = model(torch.randn(5, 3, 8))\n",
    "import numpy as np\nmodel = nn.Sequential(nn.ReLU(), nn.Flatten(), nn.Linear(12, 4))\n"
    "y = model(torch.from_numpy(np.zeros((5, 3, 4))))\n",
    "fc = nn.Linear(10, 4)\ny = fc(torch.randn(3, 10))\nz = fc(torch.randn(3, 9))\n",
    # a fix that edits the data where the model gets it (``model(x.permute(0, 2, 1))``)
    "model = nn.Sequential(nn.Conv1d(8, 16, 3), nn.ReLU())\nx = torch.randn(4, 20, 8)\n"
    "y = model(x)\n",
    "enc = nn.Linear(12, 24)\nm1 = nn.Sequential(enc, nn.ReLU(), nn.Linear(24, 6))\n"
    "m2 = nn.Sequential(enc, nn.Linear(20, 6))\nx = torch.randn(2, 12)\na = m1(x)\nb = m2(x)\n",
)]
SWITCHES = ((torch_model, "REUSE_SCRIPT_PASSES"), (torch_model, "SKIP_DECIDED_PROBES"),
            (training, "FLAGS_WHEN_READ"))


def _checked(source: str) -> str:
    file_ir = parse_source(source, "script.py")
    dialect.apply(file_ir)
    keras_backend.apply(file_ir)
    return json.dumps(file_json(analysis.analyze(file_ir)), sort_keys=True, default=repr)


def _programs() -> list[str]:
    return (HAND + [generate(seed).source for seed in range(150)]
            + [generate_program(seed).source for seed in SEEDS]
            + [generate_forward(seed).source for seed in SEEDS]
            + [generate_container(seed).source for seed in SEEDS]
            + [generate_composed(seed).source for seed in SEEDS]
            + [generate_training_program(seed).source for seed in SEEDS])


@pytest.mark.parametrize("switch", [*SWITCHES, None], ids=lambda s: s[1] if s else "all")
def test_work_not_repeated_gives_the_same_results(switch, monkeypatch) -> None:
    programs = _programs()
    saving = [_checked(source) for source in programs]
    with monkeypatch.context() as patch:
        for module, name in [switch] if switch else SWITCHES:
            patch.setattr(module, name, False)
        differ = [source for source, saved in zip(programs, saving) if _checked(source) != saved]
    assert not differ, differ[0]


def test_the_switches_matter_on_these_programs(monkeypatch) -> None:
    """Each saving is taken on the compared programs (the comparison is not vacuous)."""
    taken = {"recalled": 0, "skipped": 0, "probed": 0}
    recall, passes = torch_model.TorchReplay.recall, torch_model.TorchReplay.probe_passes

    def counted_recall(self, call):  # type: ignore[no-untyped-def]
        done = recall(self, call)
        taken["recalled"] += done is not None
        return done

    def counted_passes(self, done):  # type: ignore[no-untyped-def]
        skipped = passes(self, done)
        taken["skipped" if skipped else "probed"] += 1
        return skipped

    monkeypatch.setattr(torch_model.TorchReplay, "recall", counted_recall)
    monkeypatch.setattr(torch_model.TorchReplay, "probe_passes", counted_passes)
    for source in _programs():
        _checked(source)
    assert min(taken.values()) > 20, taken


def _forwards(source: str, monkeypatch: pytest.MonkeyPatch) -> tuple[int, int]:
    """Forward passes run and parameter counts worked out in one check of ``source``."""
    counted = {"forwards": 0, "counts": 0}
    forward, count = torch_model.TorchReplay.forward, training.parameter_count

    def counted_forward(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        counted["forwards"] += 1
        return forward(self, *args, **kwargs)

    def counted_count(*args):  # type: ignore[no-untyped-def]
        counted["counts"] += 1
        return count(*args)

    with monkeypatch.context() as patch:
        patch.setattr(torch_model.TorchReplay, "forward", counted_forward)
        patch.setattr(training, "parameter_count", counted_count)
        _checked(source)
    return counted["forwards"], counted["counts"]


def test_a_clean_small_script_runs_its_forward_once(monkeypatch) -> None:
    clean, off_by_one = HAND[0], HAND[1]
    assert _forwards(clean, monkeypatch) == (1, 0)  # was 3 forwards and a parameter count
    # the data fails: the model's replay reports the script's pass, and the probe still runs
    # (it may find a contradiction past the failure: one pass here, rank 1 runs)
    assert _forwards(off_by_one, monkeypatch) == (2, 0)
    # a fix edits the data where the model gets it, which the script's tensor does not know:
    # the model's replay runs its forward itself
    permuted = IMPORTS + ("model = nn.Sequential(nn.Conv1d(8, 16, 3), nn.ReLU())\n"
                          "x = torch.randn(4, 20, 8)\ny = model(x)\n")
    # the script's pass, the model's own, the probe's ranks 1 (rejected) and 2 (passes)
    assert _forwards(permuted, monkeypatch)[0] == 4
    assert "x.permute(0, 2, 1)" in _checked(permuted)
    with_backward = clean + "y.sum().backward()\n"
    assert _forwards(with_backward, monkeypatch) == (1, 1)
    for module, name in SWITCHES:
        monkeypatch.setattr(module, name, False)
    assert _forwards(clean, monkeypatch) == (3, 1)
