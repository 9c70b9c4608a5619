"""Never silent: every model-like construct is checked (a ModelReport) or noted as not followed
(LL904, FileResult.unfollowed), and the summary line counts both, as mypy counts files."""

from __future__ import annotations

import io
import json

import pytest

from layerlint.cli import main
from layerlint.pipeline import check_source
from layerlint.report.sarif import report_sarif

KERAS = "import keras\nfrom keras import layers\nimport numpy as np\n\n"
TORCH = "import torch\nimport torch.nn as nn\n\n"


def not_followed(source: str) -> list[tuple[str, str, int]]:
    """(kind, name, line) of each record; each has exactly one LL904 note at its span."""
    result = check_source(source, "m.py", verify_fixes=False)
    notes = [d for d in result.diagnostics if d.code == "LL904"]
    assert [(d.span, d.severity) for d in notes] == [(u.span, "info") for u in result.unfollowed]
    return [(u.kind, u.name, u.span.line) for u in result.unfollowed]


@pytest.mark.parametrize("source, expected", [
    (KERAS + "model = keras.models.load_model('m.keras')\n", ("loaded model", "model")),
    ("import tensorflow as tf\nmodel = tf.keras.models.load_model('m.h5')\n",
     ("loaded model", "model")),
    ("from tensorflow.keras.models import load_model\nclf = load_model('m.h5')\n",
     ("loaded model", "clf")),
    (KERAS + "m = keras.saving.load_model('m.keras')\n", ("loaded model", "m")),
    (KERAS + "m = keras.models.model_from_json(open('a.json').read())\n",
     ("loaded model", "m")),
    (KERAS + "base = keras.applications.ResNet50(weights=None)\n", ("library model", "base")),
    (TORCH + "model = torch.load('m.pt', weights_only=False)\nmodel.eval()\n",
     ("loaded model", "model")),
    (TORCH + "net = torch.load('m.pt')\nout = net(torch.randn(2, 3))\n", ("loaded model", "net")),
    (TORCH + "scripted = torch.jit.load('m.pt')\n", ("loaded model", "scripted")),
    (TORCH + "m = torch.hub.load('pytorch/vision', 'resnet18')\n", ("downloaded model", "m")),
    ("import torchvision\nnet = torchvision.models.resnet18(weights=None)\n",
     ("library model", "net")),
    ("from torchvision import models\nnet = models.vgg16()\n", ("library model", "net")),
    ("from torchvision.models import resnet50\nbackbone = resnet50()\n",
     ("library model", "backbone")),
    ("import timm\nnet = timm.create_model('resnet18')\n", ("library model", "net")),
    ("from transformers import AutoModelForSequenceClassification as A\n"
     "bert = A.from_pretrained('bert-base-uncased')\n", ("pretrained model", "bert")),
])
def test_each_construct_is_noted(source: str, expected: tuple[str, str]) -> None:
    (found,) = not_followed(source)
    assert found[:2] == expected
    assert found[2] == source.count("\n", 0, source.index(expected[1] + " =")) + 1


@pytest.mark.parametrize("source", [
    # a state dict or a checkpoint is no model
    TORCH + "model = nn.Linear(3, 2)\nmodel.load_state_dict(torch.load('w.pt'))\n",
    TORCH + "state = torch.load('w.pt')\nmodel = nn.Linear(3, 2)\nmodel.load_state_dict(state)\n",
    TORCH + "ckpt = torch.load('c.pt')\nepoch = ckpt['epoch']\n",
    # helpers that are not models
    "import torchvision\nw = torchvision.models.get_weight('ResNet18_Weights.DEFAULT')\n",
    KERAS + "x = keras.applications.resnet50.preprocess_input(np.zeros((1, 224, 224, 3)))\n",
    "from transformers import AutoTokenizer\ntok = AutoTokenizer.from_pretrained('bert')\n",
    # a torch module is the torch front end's, followed there
    TORCH + "class Net(nn.Module):\n    def __init__(self):\n        super().__init__()\n"
    "        self.fc = nn.Linear(3, 2)\n\n    def forward(self, x):\n        return self.fc(x)\n\n"
    "net = Net()\n",
    # a class never instantiated makes no model
    KERAS + "class Net(keras.Model):\n    pass\n",
])
def test_what_is_not_a_model_is_not_noted(source: str) -> None:
    assert not_followed(source) == []


@pytest.mark.parametrize("source, name", [
    (KERAS + "i = keras.Input((4,))\nnet = keras.Model(i, layers.Dense(2)(i))\n", "net"),
    (KERAS + "i = keras.Input((4,))\nnet = keras.models.Model(inputs=i, outputs=i)\n", "net"),
    (KERAS + "class Net(keras.Model):\n    def call(self, x):\n        return x\n\nnet = Net()\n",
     "net"),
])
def test_functional_and_subclassed_models_are_followed(source: str, name: str) -> None:
    """They are models of their own (checked), so no LL904 record."""
    result = check_source(source, "m.py", verify_fixes=False)
    assert result.unfollowed == [] and name in [m.name for m in result.models]


def test_a_construct_inside_a_followed_model_is_that_models_note() -> None:
    source = KERAS + (
        "class Gate(layers.Layer):\n    pass\n\n"
        "base = keras.applications.MobileNetV2(include_top=False, weights=None)\n"
        "model = keras.Sequential([keras.Input((96, 96, 3)), base, Gate(), layers.Dense(2)])\n")
    result = check_source(source, "m.py", verify_fixes=False)
    assert result.unfollowed == [] and [m.name for m in result.models] == ["model"]
    # base: LL901; Gate() defines no call(): its trace stops, an LL903 note
    assert sorted(d.code for d in result.diagnostics) == ["LL901", "LL903"]


def test_a_torch_module_that_cannot_be_made_is_noted_unless_a_model_holds_it() -> None:
    source = TORCH + ("class Net(nn.Module):\n    def __init__(self, n):\n"
                      "        super().__init__()\n        self.fc = nn.Linear(n, 2)\n\n"
                      "    def forward(self, x):\n        return self.fc(x)\n\n"
                      "bad = Net(1, 2, 3)\nouter = nn.Sequential(Net(1, 2, 3), nn.Linear(2, 2))\n"
                      "outer(torch.randn(2, 3))\n")
    assert not_followed(source) == [("nn.Module", "bad", 12)]
    notes = {d.code: d.message for d in check_source(source).diagnostics}
    assert notes["LL904"] == ("nn.Module `bad` is not checked: the arguments of Net do not match "
                              "its __init__")
    assert set(notes) == {"LL901", "LL904"}  # the one inside `outer` is outer's LL901


def test_a_construct_made_twice_by_one_line_is_one_note() -> None:
    source = KERAS + ("def load():\n    return keras.models.load_model('m.keras')\n\n"
                      "a = load()\nb = load()\n")
    assert not_followed(source) == [("loaded model", "a", 6)]


def test_unnamed_constructs_are_named_by_their_call() -> None:
    source = KERAS + "keras.models.load_model('m.keras').summary()\n"
    assert not_followed(source) == [("loaded model", "keras.models.load_model(...)", 5)]


def test_the_note_says_what_and_why() -> None:
    result = check_source(TORCH + "model = torch.jit.load('m.pt')\nmodel(torch.randn(2, 3))\n")
    (note,) = result.diagnostics
    assert (note.code, note.severity, note.model) == ("LL904", "info", "model")
    assert note.message == ("loaded model `model` is not checked: it is loaded from a file, so "
                            "its layers are not in the source")


# --- the summary line ----------------------------------------------------------------------------

CHECKED = KERAS + "model = keras.Sequential([keras.Input((4,)), layers.Dense(2)])\n"
LOADED = KERAS + "model = keras.models.load_model('m.keras')\n"
BROKEN = KERAS + "model = keras.Sequential([keras.Input((4, 3)), layers.GRU(2), layers.GRU(2)])\n"


def run(tmp_path, files: dict[str, str], *args: str) -> tuple[int, str]:
    for name, text in files.items():
        (tmp_path / name).write_text(text)
    out, err = io.StringIO(), io.StringIO()
    code = main(["check", *args, *[str(tmp_path / n) for n in files]], out=out, err=err)
    return code, out.getvalue()


def test_all_checks_passed_counts_models_and_files(tmp_path) -> None:
    code, out = run(tmp_path, {"a.py": CHECKED, "b.py": CHECKED + CHECKED})
    assert code == 0 and out == "All checks passed! Checked 3 models in 2 files.\n"


def test_all_checks_passed_never_stands_alone_when_a_model_is_not_followed(tmp_path) -> None:
    code, out = run(tmp_path, {"a.py": CHECKED, "b.py": LOADED})
    assert code == 0
    assert out.splitlines() == [
        "All checks passed! Checked 1 model in 2 files; 1 model not followed (--show-info).",
        "1 info note hidden (show with `--show-info`).",
    ]
    code, out = run(tmp_path, {"a.py": CHECKED, "b.py": LOADED}, "--show-info")
    assert "LL904 loaded model `model` is not checked" in out
    assert out.endswith("Found 1 note. Checked 1 model in 2 files; 1 model not followed.\n")


def test_errors_line_counts_too_and_quiet_prints_findings_only(tmp_path) -> None:
    code, out = run(tmp_path, {"a.py": BROKEN, "b.py": LOADED})
    assert code == 1
    assert out.splitlines()[-3:] == [
        "Found 1 error. Checked 1 model in 2 files; 1 model not followed (--show-info).",
        "[*] 1 fixable with the `--fix` option.",
        "1 info note hidden (show with `--show-info`).",
    ]
    code, out = run(tmp_path, {"a.py": BROKEN, "b.py": LOADED}, "--quiet")
    assert code == 1 and "Checked" not in out and "LL301" in out


def test_json_and_sarif_carry_the_counts(tmp_path) -> None:
    _, out = run(tmp_path, {"a.py": CHECKED, "b.py": LOADED}, "--format", "json")
    data = json.loads(out)
    assert data["summary"] == {"files": 2, "models_checked": 1, "models_not_followed": 1}
    assert [f["unfollowed"] for f in data["files"]] == [[], [{
        "kind": "loaded model", "name": "model", "framework": "keras", "line": 5, "col": 9,
        "end_line": 5, "end_col": 43,
        "reason": "it is loaded from a file, so its layers are not in the source"}]]
    assert data["files"][1]["models"] == []  # not followed: no models entry, a note instead
    results = [check_source(CHECKED, "a.py"), check_source(LOADED, "b.py")]
    run_ = report_sarif(results)["runs"][0]
    assert run_["properties"] == data["summary"]
    assert [(r["ruleId"], r["level"]) for r in run_["results"]] == [("LL904", "note")]


def test_github_format_annotates_the_note(tmp_path) -> None:
    _, out = run(tmp_path, {"b.py": LOADED}, "--format", "github")
    assert out.startswith("::notice file=") and "LL904" in out


def test_summary_says_which_models_have_no_table(tmp_path) -> None:
    (tmp_path / "b.py").write_text(LOADED)
    out, err = io.StringIO(), io.StringIO()
    assert main(["summary", str(tmp_path / "b.py")], out=out, err=err) == 0
    assert out.getvalue() == ""
    assert err.getvalue() == (f"{tmp_path / 'b.py'}:5:9: loaded model `model` is not followed: it "
                              "is loaded from a file, so its layers are not in the source\n")


# --- a model whose call() stops the trace (LL903) is not followed, not checked ----------------

UNFOLLOWED_CALL = KERAS + '''
class Gate(keras.Model):
    def __init__(self):
        super().__init__()
        self.a = layers.Dense(2)
        self.b = layers.Dense(2)

    def call(self, inputs):
        if keras.ops.mean(inputs) > 0:
            return self.a(inputs)
        return self.b(inputs)

gate = Gate()
gate.compile(loss="mse")
gate.fit(np.ones((4, 3)), np.zeros((4, 2)), verbose=0)
'''
FOLLOWED_CALL = UNFOLLOWED_CALL.replace("if keras.ops.mean(inputs) > 0:", "if True:")


def test_a_model_class_without_call_has_its_table_but_is_not_followed() -> None:
    source = KERAS + "class Base(keras.Model):\n    pass\n\nclass Net(Base):\n    pass\n\nnet = Net()\n"
    result = check_source(source, "m.py", verify_fixes=False)
    assert [m.name for m in result.models] == ["net"]
    assert [(u.kind, u.name, u.reason) for u in result.unfollowed] == [
        ("subclassed keras.Model", "net", "its call() could not be followed (Net defines no "
         "call(), line 8)")]


@pytest.mark.parametrize("dialect_head", ["", "import tf_keras as keras\n"])
def test_a_model_whose_call_is_not_followed_counts_as_not_followed(tmp_path,
                                                                    dialect_head) -> None:
    source = UNFOLLOWED_CALL.replace("import keras\n", dialect_head or "import keras\n")
    code, out = run(tmp_path, {"a.py": CHECKED, "b.py": source})
    assert code == 0
    assert out.splitlines()[0] == ("All checks passed! Checked 1 model in 2 files; 1 model not "
                                   "followed (--show-info).")
    _, out = run(tmp_path, {"a.py": CHECKED, "b.py": source}, "--show-info")
    assert "LL903 Gate.call() is not followed (a data-dependent branch" in out
    assert out.endswith("Checked 1 model in 2 files; 1 model not followed.\n")
    _, out = run(tmp_path, {"a.py": CHECKED, "b.py": source}, "--format", "json")
    data = json.loads(out)
    assert data["summary"] == {"files": 2, "models_checked": 1, "models_not_followed": 1}
    assert data["files"][1]["models"] == []
    assert [(u["kind"], u["name"], u["line"]) for u in data["files"][1]["unfollowed"]] == [
        ("subclassed keras.Model", "gate", 17)]
    assert data["files"][1]["unfollowed"][0]["reason"].startswith(
        "its call() could not be followed (a data-dependent branch")
    assert data["files"][1]["unfollowed"][0]["reason"].endswith(", line 13)")
    results = [check_source(CHECKED, "a.py"), check_source(source, "b.py")]
    assert report_sarif(results)["runs"][0]["properties"] == data["summary"]


def test_the_same_model_followed_counts_as_checked(tmp_path) -> None:
    code, out = run(tmp_path, {"a.py": CHECKED, "b.py": FOLLOWED_CALL}, "--format", "json")
    data = json.loads(out)
    assert data["summary"] == {"files": 2, "models_checked": 2, "models_not_followed": 0}
    assert data["files"][1]["unfollowed"] == []
    assert [m["name"] for m in data["files"][1]["models"]] == ["gate"]


def test_summary_prints_the_table_and_says_the_call_is_not_followed(tmp_path) -> None:
    (tmp_path / "b.py").write_text(UNFOLLOWED_CALL)
    out, err = io.StringIO(), io.StringIO()
    assert main(["summary", str(tmp_path / "b.py")], out=out, err=err) == 0
    assert 'Model: "gate"' in out.getvalue()
    assert err.getvalue() == (f"{tmp_path / 'b.py'}:17:8: subclassed keras.Model `gate` is not "
                              "followed: its call() could not be followed (a data-dependent "
                              "branch: a condition layerlint cannot evaluate, line 13)\n")


def test_a_torch_model_whose_forward_is_not_followed_counts_as_not_followed(tmp_path) -> None:
    source = TORCH + '''class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(4, 2)

    def forward(self, x):
        while x.sum() > 0:
            x = x - 1
        return self.fc(x)

net = Net()
out = net(torch.randn(3, 4))
'''
    code, out = run(tmp_path, {"t.py": source}, "--format", "json")
    data = json.loads(out)
    assert data["summary"] == {"files": 1, "models_checked": 0, "models_not_followed": 1}
    assert [(u["kind"], u["name"], u["framework"], u["reason"])
            for u in data["files"][0]["unfollowed"]] == [
        ("torch nn.Module", "net", "torch", "its forward could not be followed (a while loop, "
         "line 10)")]
    _, out = run(tmp_path, {"t.py": source})
    assert out.splitlines()[0] == ("All checks passed! Checked 0 models in 1 file; 1 model not "
                                   "followed (--show-info).")
