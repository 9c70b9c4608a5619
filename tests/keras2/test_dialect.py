"""Choosing the dialect (layerlint/dialect.py): the user's choice, the imports, the project's
pinned versions, Embedding(input_length=) in tf.keras code; shown as LL905 and in the JSON."""

from __future__ import annotations

import json
import pathlib

import pytest

from layerlint.frontends import dialect
from layerlint.pipeline import check_file, check_source
from layerlint.report.json_report import render_json

pytestmark = pytest.mark.keras2

MODEL = "model = keras.Sequential([keras.layers.Embedding(10, 5), keras.layers.LSTM(4)])\n"
TF = "from tensorflow import keras\n"


def chosen(source: str, path: str = "<stdin>", explicit: str | None = None):
    result = check_source(source, path, dialect=explicit)
    notes = [d for d in result.diagnostics if d.code == "LL905"]
    dialects = {m.dialect for m in result.models if m.framework == "keras"}
    return dialects, notes, result


def test_default_is_keras3_without_a_note():
    dialects, notes, result = chosen(TF + MODEL)
    assert dialects == {"keras3"} and notes == [] and result.dialect_reason == "default"


def test_explicit_choice_wins():
    dialects, [note], _ = chosen(TF + MODEL, explicit="keras2")
    assert dialects == {"keras2"} and note.message.startswith("dialect keras2: chosen by")
    assert chosen("import tf_keras as keras\n" + MODEL, explicit="keras3")[0] == {"keras3"}


@pytest.mark.parametrize("header", [
    "import tf_keras as keras\n",
    "from tf_keras import layers\nimport tf_keras as keras\n",
    "import os\nos.environ['TF_USE_LEGACY_KERAS'] = '1'\n" + TF,
])
def test_imports_select_keras2(header: str):
    dialects, [note], _ = chosen(header + MODEL)
    assert dialects == {"keras2"} and note.severity == "info"


def test_input_length_in_tf_keras_code_selects_keras2_at_the_argument():
    source = TF + "model = keras.Sequential([keras.layers.Embedding(10, 5, input_length=4)])\n"
    dialects, [note], _ = chosen(source)
    assert dialects == {"keras2"} and "input_length" in note.message
    assert (note.span.line, note.span.col) == (2, 57)


def test_input_length_with_standalone_keras_stays_keras3_with_ll404():
    source = "import keras\nmodel = keras.Sequential([keras.layers.Embedding(10, 5, " \
        "input_length=4)])\n"
    dialects, notes, result = chosen(source)
    assert dialects == {"keras3"} and notes == []
    assert [d.code for d in result.diagnostics] == ["LL404"]


@pytest.mark.parametrize(("line", "expected"), [
    ("tensorflow<2.16", "keras2"), ("tensorflow==2.15.0", "keras2"), ("tensorflow==2.12.*", "keras2"),
    ("tensorflow-cpu~=2.13.0", "keras2"), ("keras<3", "keras2"), ("keras==2.15.0", "keras2"),
    ("tensorflow>=2.10,<2.16", "keras2"), ("tensorflow<=2.15.1", "keras2"),
    ("tensorflow>=2.16", "keras3"), ("tensorflow==2.21.0", "keras3"), ("keras>=3.0", "keras3"),
    ("keras==3.15.1 ; python_version>'3.9'", "keras3"),
    ("tensorflow", None), ("numpy<2", None), ("keras-tuner<2", None), ("tensorflow<3", None),
])
def test_requirement_lines(line: str, expected: str | None):
    assert dialect.requirement_dialect(line) == expected


def test_requirements_found_upward_from_the_file(tmp_path: pathlib.Path):
    (tmp_path / ".git").mkdir()
    (tmp_path / "requirements-dev.txt").write_text("numpy\n# pinned\ntensorflow==2.15.1\n")
    script = tmp_path / "src" / "pkg" / "train.py"
    script.parent.mkdir(parents=True)
    script.write_text(TF + MODEL)
    result = check_file(str(script))
    assert {m.dialect for m in result.models} == {"keras2"}
    assert "requirements-dev.txt pins tensorflow==2.15.1" in result.dialect_reason
    document = json.loads(render_json([result]))
    assert document["files"][0]["models"][0]["dialect"] == "keras2"
    assert any(d["code"] == "LL905" for d in document["files"][0]["diagnostics"])


def test_pyproject_dependencies_pin_keras3_over_input_length(tmp_path: pathlib.Path):
    (tmp_path / "pyproject.toml").write_text(
        '[project]\nname = "x"\ndependencies = [\n  "tensorflow>=2.16",\n]\n')
    script = tmp_path / "train.py"
    script.write_text(TF + "model = keras.Sequential([keras.layers.Embedding(10, 5, "
                      "input_length=4)])\n")
    result = check_file(str(script))
    assert {m.dialect for m in result.models} == {"keras3"}
    assert [d.code for d in result.diagnostics] == ["LL404"]


def test_the_search_stops_at_the_project_root(tmp_path: pathlib.Path):
    (tmp_path / "requirements.txt").write_text("tensorflow==2.15.0\n")
    project = tmp_path / "project"
    (project / ".git").mkdir(parents=True)
    (project / "train.py").write_text(TF + MODEL)
    result = check_file(str(project / "train.py"))
    assert {m.dialect for m in result.models} == {"keras3"}


def test_fixes_are_verified_in_the_chosen_dialect():
    """The reshape fix of seed example 1 is offered in Keras 2 too (re-checked as Keras 2)."""
    source = (pathlib.Path(__file__).resolve().parents[2] / "examples" /
              "seed_1_input_shape.py").read_text()
    result = check_source(source, dialect="keras2")
    [error] = [d for d in result.diagnostics if d.severity == "error"]
    assert any("(100, 1, 10)" in f.title for f in error.fixes)


@pytest.mark.parametrize("header", [
    "import keras\nfrom keras.preprocessing.text import Tokenizer\n",
    "import keras\nfrom keras.layers.experimental import preprocessing\n",
    "import keras\nimport keras.preprocessing.text\n",
])
def test_a_module_only_keras2_has_selects_keras2(header: str):
    dialects, [note], _ = chosen(header + MODEL)
    assert dialects == {"keras2"} and "only Keras 2 has" in note.message


@pytest.mark.parametrize("header", [
    "import keras\nfrom keras.preprocessing.image import ImageDataGenerator\n",
    "import keras\nfrom tensorflow.keras.preprocessing.image import ImageDataGenerator\n"
    "gen = ImageDataGenerator()\n",
    "import keras\nimport tensorflow as tf\ngen = tf.keras.preprocessing.image.ImageDataGenerator()\n",
])
def test_image_data_generator_selects_keras2(header: str):
    dialects, [note], _ = chosen(header + MODEL)
    assert dialects == {"keras2"} and "ImageDataGenerator" in note.message


def test_the_legacy_image_data_generator_of_keras3_stays_keras3():
    header = "import keras\nfrom keras.src.legacy.preprocessing.image import ImageDataGenerator\n"
    dialects, _, _ = chosen(header + "gen = ImageDataGenerator()\n" + MODEL)
    assert dialects == {"keras3"}


def test_keras2_only_modules_are_missing_from_keras3_and_present_in_tf_keras():
    """The premise of the rule above, measured on the installed frameworks."""
    import importlib

    from layerlint.frontends.names import KERAS2_ONLY_MODULES, KERAS2_ONLY_NAMES

    for module in KERAS2_ONLY_MODULES:
        with pytest.raises(ModuleNotFoundError):
            importlib.import_module(module)  # keras 3
        importlib.import_module("tf_keras" + module.removeprefix("keras"))
    for name in KERAS2_ONLY_NAMES:  # a name Keras 3 removed from a module it keeps
        module, _, attribute = name.rpartition(".")
        assert not hasattr(importlib.import_module(module), attribute)  # keras 3
        assert hasattr(importlib.import_module("tf_keras" + module.removeprefix("keras")),
                       attribute)
