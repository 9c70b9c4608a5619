"""Issue 11's examples of a training step's loss, as scripts, against real torch 2.13: what
layerlint says (code, severity, line, torch's message or warning) is what torch does, and every
fix it offers, applied to the script, removes the finding and runs in torch without the error
or the warning."""

from __future__ import annotations

import traceback
import warnings

import pytest

from layerlint.edits import apply_edits
from layerlint.pipeline import check_source

torch = pytest.importorskip("torch")

pytestmark = pytest.mark.torch

HEAD = "import torch\nimport torch.nn as nn\nimport torch.nn.functional as F\n"


def run_torch(source: str) -> tuple[str | None, int | None, list[str]]:
    """(error "Type: first line", its line, the warnings torch gave) of running ``source``."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            torch.manual_seed(0)
            exec(compile(source, "<script>", "exec"), {"__name__": "__main__"})  # noqa: S102
        except Exception as error:  # noqa: BLE001 - the outcome under test
            lines = [f.lineno for f in traceback.extract_tb(error.__traceback__)
                     if f.filename == "<script>"]
            return (f"{type(error).__name__}: {str(error).splitlines()[0]}", lines[-1],
                    [str(w.message) for w in caught])
    return None, None, [f"{w.category.__name__}: {w.message}" for w in caught
                        if "target size" in str(w.message) or "batchmean" in str(w.message)]


def findings(source: str, code: str):
    return [d for d in check_source(source, "train.py").diagnostics if d.code == code]


# (name, script body, code, severity, titles of the fixes offered)
EXAMPLES = [
    ("mse-sizes", "out = nn.Conv2d(3, 3, 3, padding=1)(torch.randn(16, 3, 10, 10))\n"
     "y = torch.randn(16, 3, 10, 12)\nloss = nn.MSELoss()(out, y)\n", "LL202", "error", []),
    ("mse-broadcast", "model = nn.Sequential(nn.Linear(8, 16), nn.ReLU(), nn.Linear(16, 1))\n"
     "y = torch.randn(32)\nout = model(torch.randn(32, 8))\ncriterion = nn.MSELoss()\n"
     "loss = criterion(out, y)\n", "LL403", "warning",
     ["`out.squeeze(-1)`", "`y.unsqueeze(1)`"]),
    ("l1-broadcast-functional", "out = nn.Linear(4, 1)(torch.randn(8, 4))\n"
     "loss = F.l1_loss(out, torch.rand(8))\n", "LL403", "warning",
     ["`out.squeeze(-1)`", "`torch.rand(8).unsqueeze(1)`"]),
    ("ce-column-targets", "model = nn.Sequential(nn.Linear(10, 4))\n"
     "y = torch.randint(0, 4, (8, 1))\nloss = nn.CrossEntropyLoss()(model(torch.randn(8, 10)), y)\n",
     "LL202", "error", ["`y.squeeze(1)`", "`y.view(-1)`"]),
    ("ce-float-indices", "model = nn.Sequential(nn.Linear(10, 4))\n"
     "y = torch.randint(0, 4, (8,)).float()\n"
     "loss = nn.CrossEntropyLoss()(model(torch.randn(8, 10)), y)\n", "LL202", "error",
     ["`y.long()`"]),
    ("ce-labels-out-of-range", "model = nn.Sequential(nn.Linear(10, 5))\n"
     "y = torch.randint(0, 10, (64,))\n"
     "loss = nn.CrossEntropyLoss()(model(torch.randn(64, 10)), y)\n", "LL208", "error", []),
    ("nll-literal-label", "logp = F.log_softmax(nn.Linear(6, 3)(torch.randn(4, 6)), dim=1)\n"
     "loss = F.nll_loss(logp, torch.tensor([0, 2, 3, 1]))\n", "LL208", "error", []),
    ("ce-one-hot-long", "model = nn.Sequential(nn.Linear(10, 3))\n"
     "y = torch.zeros(8, 3, dtype=torch.long)\n"
     "loss = nn.CrossEntropyLoss()(model(torch.randn(8, 10)), y)\n", "LL202", "error",
     ["`y.float()`"]),
    ("bce-target-shape", "model = nn.Sequential(nn.Linear(10, 1), nn.Sigmoid())\n"
     "y = torch.rand(8)\nloss = nn.BCELoss()(model(torch.randn(8, 10)), y)\n", "LL202",
     "error", ["`model(torch.randn(8, 10)).squeeze(-1)`", "`y.unsqueeze(1)`"]),
    ("bce-logits-int-targets", "logits = nn.Linear(10, 1)(torch.randn(8, 10))\n"
     "y = torch.randint(0, 2, (8, 1))\nloss = nn.BCEWithLogitsLoss()(logits, y)\n", "LL202",
     "error", ["`y.float()`"]),
    ("bce-int-targets", "p = torch.sigmoid(nn.Linear(10, 3)(torch.randn(8, 10)))\n"
     "loss = F.binary_cross_entropy(p, torch.randint(0, 2, (8, 3)))\n", "LL202", "error",
     ["`torch.randint(0, 2, (8, 3)).float()`"]),
    ("kl-div-mean", "log_probs = F.log_softmax(nn.Linear(6, 4)(torch.randn(8, 6)), dim=1)\n"
     "criterion = nn.KLDivLoss()\nloss = criterion(log_probs, torch.softmax(torch.randn(8, 4), 1))\n",
     "LL404", "warning", ["reduction='batchmean'"]),
    ("kl-div-mean-functional", "p = F.log_softmax(torch.randn(8, 4), dim=1)\n"
     "loss = F.kl_div(p, torch.rand(8, 4), reduction='mean')\n", "LL404", "warning",
     ["reduction='batchmean'"]),
    ("embedding-float-indices", "emb = nn.Embedding(100, 16)\n"
     "tokens = torch.rand(4, 12) * 100\nvectors = emb(tokens)\n", "LL201", "error", []),
    ("embedding-ids-out-of-range", "emb = nn.Embedding(100, 16)\n"
     "tokens = torch.randint(0, 120, (4, 12))\nvectors = emb(tokens)\n", "LL302", "error", []),
    ("embedding-literal-id-in-model", "model = nn.Sequential(nn.Embedding(5, 3), nn.Flatten(),"
     " nn.Linear(6, 1))\nmodel(torch.tensor([[1, 5]]))\n", "LL302", "error", []),
    ("embedding-float-in-model", "model = nn.Sequential(nn.Embedding(100, 16), nn.Flatten(),"
     " nn.Linear(192, 2))\nmodel(torch.rand(4, 12))\n", "LL201", "error", []),
]


@pytest.mark.parametrize("name, body, code, severity, titles", EXAMPLES,
                         ids=[e[0] for e in EXAMPLES])
def test_issue_examples_agree_with_torch(name, body, code, severity, titles) -> None:
    source = HEAD + body
    (finding,) = findings(source, code)
    error, line, said = run_torch(source)
    assert finding.severity == severity
    if severity == "error":
        assert error is not None and finding.framework_error is not None
        if "<a label" in finding.framework_error:  # torch names the first label it meets
            assert error.startswith("IndexError: Target ") and error.endswith(
                " is out of bounds.")
        else:
            assert finding.framework_error == error
        # a module of a Sequential is reported where it is made (the forward call: related)
        assert finding.span.line == line or name.endswith("-in-model")
    else:
        assert error is None and said == [finding.framework_error]
    assert [d for d in check_source(source, "train.py").diagnostics
            if d.severity == "error" and d.code != code] == []
    offered = [fix.title for fix in finding.fixes]
    assert [t for t in titles if not any(t in o for o in offered)] == [], offered
    for fix in finding.fixes:
        fixed = apply_edits(source, fix.edits)
        assert not findings(fixed, code), fix.title
        assert not [d for d in check_source(fixed, "train.py").diagnostics
                    if d.severity == "error"], fix.title
        assert run_torch(fixed)[0::2] == (None, []), (fix.title, fixed)


CLEAN = [
    "model = nn.Sequential(nn.Linear(8, 1))\nloss = nn.MSELoss()(model(torch.randn(4, 8)),"
    " torch.randn(4, 1))\n",
    "model = nn.Sequential(nn.Linear(8, 5))\ny = torch.randint(0, 5, (4,))\n"
    "loss = nn.CrossEntropyLoss(label_smoothing=0.1)(model(torch.randn(4, 8)), y)\n",
    "model = nn.Sequential(nn.Linear(8, 5))\ny = torch.randint(0, 6, (4,))\n"
    "loss = nn.CrossEntropyLoss(ignore_index=5)(model(torch.randn(4, 8)), y)\n",
    "out = nn.Conv2d(3, 4, 1)(torch.randn(2, 3, 5, 5))\ny = torch.randint(0, 4, (2, 5, 5))\n"
    "loss = F.cross_entropy(out, y, weight=torch.ones(4))\n",
    "out = nn.Linear(8, 3)(torch.randn(4, 8))\n"
    "loss = F.cross_entropy(out, F.softmax(torch.randn(4, 3), dim=1))\n",
    "logits = nn.Linear(8, 3)(torch.randn(4, 8))\n"
    "loss = nn.BCEWithLogitsLoss(pos_weight=torch.ones(3))(logits, torch.rand(4, 3))\n",
    "a = nn.Linear(8, 3)(torch.randn(4, 8))\nloss = nn.KLDivLoss(reduction='batchmean')("
    "F.log_softmax(a, dim=1), F.softmax(torch.randn(4, 3), dim=1))\n",
    "e = nn.Linear(8, 6)\nloss = nn.TripletMarginLoss()(e(torch.randn(4, 8)), "
    "e(torch.randn(4, 8)), e(torch.randn(4, 8)))\n",
    "s = nn.Linear(8, 1)\nloss = nn.MarginRankingLoss(margin=0.5)(s(torch.randn(4, 8)).squeeze(1),"
    " s(torch.randn(4, 8)).squeeze(1), torch.ones(4))\n",
    "e = nn.Linear(8, 6)\nloss = nn.CosineEmbeddingLoss()(e(torch.randn(4, 8)), "
    "e(torch.randn(4, 8)), torch.ones(4))\n",
    "loss = nn.SmoothL1Loss(beta=0.5)(nn.Linear(3, 2)(torch.randn(5, 3)), torch.randn(5, 2))\n",
    "loss = nn.HuberLoss(delta=2.0)(nn.Linear(3, 2)(torch.randn(5, 3)), torch.randn(5, 2))\n",
    "emb = nn.Embedding(10, 4)\nv = emb(torch.randint(0, 10, (2, 7)))\n",
    "emb = nn.Embedding(10, 4)\nv = emb(torch.tensor([[1, 2, 3]]).int())\n",
    # tutorial habits: targets reshaped to the output, labels cast, log_softmax in forward
    "model = nn.Sequential(nn.Linear(3, 16), nn.ReLU(), nn.Linear(16, 1))\n"
    "y = torch.randn(64)\nloss = nn.MSELoss()(model(torch.randn(64, 3)), y.view(-1, 1))\n"
    "value = loss.item()\n",
    "model = nn.Sequential(nn.Linear(3, 1))\ny = torch.randint(0, 2, (32,))\n"
    "loss = nn.BCEWithLogitsLoss()(model(torch.randn(32, 3)), y.float().unsqueeze(1))\n",
    "model = nn.Sequential(nn.Linear(3, 1), nn.Sigmoid())\ny = torch.randint(0, 2, (32, 1))\n"
    "loss = nn.BCELoss()(model(torch.randn(32, 3)), y.float())\n",
    "class Net(nn.Module):\n    def __init__(self):\n        super().__init__()\n"
    "        self.fc = nn.Linear(784, 10)\n\n    def forward(self, x):\n"
    "        return F.log_softmax(self.fc(x.view(-1, 784)), dim=1)\n\n\n"
    "net = Net()\nloss = F.nll_loss(net(torch.randn(16, 1, 28, 28)), torch.randint(0, 10, (16,)))\n",
    "conv = nn.Conv2d(3, 21, 1)\nmasks = torch.randint(0, 21, (2, 8, 8))\n"
    "loss = nn.CrossEntropyLoss(ignore_index=255)(conv(torch.randn(2, 3, 8, 8)), masks)\n",
    "teacher, student = nn.Linear(8, 5), nn.Linear(8, 5)\nx = torch.randn(4, 8)\n"
    "loss = F.kl_div(F.log_softmax(student(x) / 2.0, dim=1), F.softmax(teacher(x) / 2.0, dim=1),"
    " reduction='batchmean')\n",
]


@pytest.mark.parametrize("body", CLEAN, ids=range(len(CLEAN)))
def test_correct_losses_are_clean(body: str) -> None:
    source = HEAD + body
    assert run_torch(source)[0::2] == (None, [])
    found = [(d.code, d.message) for d in check_source(source, "ok.py").diagnostics
             if d.severity != "info"]
    assert found == []


def test_the_loss_module_keeps_its_arguments() -> None:
    """A module's keywords reach its function: a reduction torch rejects, a Huber delta."""
    source = HEAD + ("out = nn.Linear(3, 2)(torch.randn(5, 3))\n"
                     "loss = nn.HuberLoss(delta=0.0)(out, torch.randn(5, 2))\n")
    (finding,) = findings(source, "LL105")
    assert finding.framework_error == run_torch(source)[0]
    source = HEAD + ("out = nn.Linear(3, 2)(torch.randn(5, 3))\n"
                     "loss = nn.L1Loss(reduction='avg')(out, torch.randn(5, 2))\n")
    (finding,) = findings(source, "LL105")
    assert finding.framework_error == run_torch(source)[0]


# (script body, the fix's title or None) of a loss fed another kind of values (LL407)
KINDS = [
    ("model = nn.Sequential(nn.Linear(10, 1))\ncriterion = nn.BCELoss()\n"
     "y = torch.rand(8, 1)\nloss = criterion(model(torch.randn(8, 10)), y)\n",
     "Use BCEWithLogitsLoss"),
    ("logits = nn.Linear(10, 3)(torch.randn(8, 10))\n"
     "loss = F.binary_cross_entropy(logits.view(-1), torch.rand(24))\n",
     "Use binary_cross_entropy_with_logits"),
    ("model = nn.Sequential(nn.Linear(10, 4))\n"
     "loss = nn.NLLLoss()(model(torch.randn(8, 10)), torch.randint(0, 4, (8,)))\n",
     "Use CrossEntropyLoss"),
    ("model = nn.Sequential(nn.Linear(10, 4), nn.Softmax(dim=1))\n"
     "loss = nn.CrossEntropyLoss()(model(torch.randn(8, 10)), torch.randint(0, 4, (8,)))\n",
     None),
    ("p = torch.softmax(nn.Linear(10, 4)(torch.randn(8, 10)), dim=1)\n"
     "loss = F.nll_loss(p, torch.randint(0, 4, (8,)))\n", None),
    ("model = nn.Sequential(nn.Linear(10, 1), nn.Sigmoid())\n"
     "loss = nn.BCEWithLogitsLoss()(model(torch.randn(8, 10)), torch.rand(8, 1))\n", None),
]


@pytest.mark.parametrize("body, title", KINDS, ids=range(len(KINDS)))
def test_a_loss_on_another_kind_of_values(body: str, title: str | None) -> None:
    """A warning (the program runs, or BCELoss raises once a score leaves [0, 1]); its fix
    renames the loss, and the fixed program runs."""
    source = HEAD + body
    (finding,) = findings(source, "LL407")
    error = run_torch(source)[0]
    assert error is None or error == (
        "RuntimeError: all elements of input should be between 0 and 1")
    assert [f.title.split(",")[0] for f in finding.fixes] == ([title] if title else [])
    for fix in finding.fixes:
        fixed = apply_edits(source, fix.edits)
        assert not findings(fixed, "LL407")
        assert run_torch(fixed)[0::2] == (None, [])


def test_probabilities_and_log_probabilities_are_what_the_losses_expect() -> None:
    source = HEAD + (
        "h = nn.Linear(10, 4)(torch.randn(8, 10))\ny = torch.randint(0, 4, (8,))\n"
        "a = nn.NLLLoss()(F.log_softmax(h, dim=1), y)\n"
        "b = nn.NLLLoss()(nn.LogSoftmax(dim=1)(h), y)\n"
        "c = nn.BCELoss()(torch.sigmoid(h), torch.rand(8, 4))\n"
        "d = nn.BCELoss()(nn.Sigmoid()(h).squeeze(), torch.rand(8, 4))\n"
        "e = nn.CrossEntropyLoss()(h, y)\nf = nn.BCEWithLogitsLoss()(h, torch.rand(8, 4))\n"
        "g = nn.BCELoss()(torch.relu(h).clamp(0, 1), torch.rand(8, 4))\n")
    assert run_torch(source)[0] is None
    assert [d.code for d in check_source(source, "ok.py").diagnostics] == []


def test_a_loss_layerlint_does_not_model_is_noted() -> None:
    source = HEAD + ("log_probs = F.log_softmax(torch.randn(50, 4, 20), dim=2)\n"
                     "targets = torch.randint(1, 20, (4, 10))\n"
                     "lengths = torch.full((4,), 50, dtype=torch.long)\n"
                     "loss = nn.CTCLoss()(log_probs, targets, lengths, torch.full((4,), 10))\n")
    assert run_torch(source)[0] is None
    found = [(d.code, d.span.line, d.message) for d in check_source(source, "ctc.py").diagnostics]
    assert found == [("LL901", 7, "nn.CTCLoss is not modelled by layerlint; its value is "
                      "unknown")]


def test_targets_layerlint_cannot_evaluate_leave_the_loss_unknown() -> None:
    """torch.LongTensor of a list is not followed: the loss is silent, never LL900; a
    torch.arange is (its values too): checked as torch runs it."""
    for target in ("torch.arange(8)", "torch.LongTensor([0, 1, 2, 0, 1, 2, 0, 1])"):
        for loss in ("nn.CrossEntropyLoss()", "nn.MSELoss()", "nn.MarginRankingLoss()"):
            args = "out[:, 0], out[:, 1], t" if "Margin" in loss else "out, t"
            source = HEAD + (f"out = nn.Linear(4, 3)(torch.randn(8, 4))\nt = {target}\n"
                             f"loss = {loss}({args})\n")
            found = [d for d in check_source(source, "t.py").diagnostics if d.severity != "info"]
            if "arange" not in target:
                assert found == [], source
                continue
            error, line, _ = run_torch(source)
            assert [(d.code, d.span.line) for d in found] == (
                [] if error is None else [("LL208" if "Entropy" in loss else "LL202", line)])
            assert [d.framework_error for d in found if "Entropy" not in loss] == (
                [error] if error and "Entropy" not in loss else []), (source, error)


def test_the_modules_arguments_are_their_init_parameters_in_order() -> None:
    """LOSS_MODULES lists each module's ``__init__`` parameters (positional arguments bind to
    them): a positional class weight is followed like a keyword one."""
    import inspect

    from layerlint.layers.torch.functions_loss import LOSS_MODULES

    for name, (_, passed) in LOSS_MODULES.items():
        assert list(inspect.signature(getattr(torch.nn, name).__init__).parameters)[1:] == list(
            passed), name
    source = HEAD + ("out = nn.Linear(4, 3)(torch.randn(64, 4))\n"
                     "loss = nn.CrossEntropyLoss(torch.ones(3))(out, torch.randint(0, 5, (64,)))\n")
    (finding,) = findings(source, "LL208")
    assert finding.framework_error.startswith("IndexError: Target ")
    assert run_torch(source)[0].startswith("IndexError: Target ")
