"""Every program in tests/tutorials/ (scripts and notebooks after the keras.io, TensorFlow and
PyTorch tutorials' data sections: Keras datasets, tf.data, image/text loaders, scikit-learn,
pandas, torchvision, values through functions, loops and classes) is correct:

* layerlint finds nothing wrong in it: no error, no warning (info notes about what it did not
  follow are allowed), in the default dialect and in the one it is written for (``*_tf2``:
  tf.keras 2), and it checks a model;
* it runs to the end in its framework (Keras 3 on torch and on TensorFlow, tf.keras 2 or torch;
  one subprocess per framework, tutorials_runner.py, on offline stand-in files:
  tutorial_data.py), and on TensorFlow layerlint (its backend chosen so) finds nothing wrong;
* its broken twin (one edit) fails in that framework, and layerlint finds the error there: the
  expected code, at the framework's line (or the line given), with its message when it gives one.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from tutorial_data import with_data_dir, write_all

from layerlint.pipeline import check_file, check_source

FOLDER = Path(__file__).parent / "tutorials"
TUTORIALS = sorted([*FOLDER.glob("*.py"), *FOLDER.glob("*.ipynb")])
RUNNER = Path(__file__).parent / "tutorials_runner.py"


def framework(path: Path) -> str:
    if path.stem.startswith("tdata_") or path.stem.endswith("_torch"):
        return "torch"
    return "keras2" if path.stem.endswith("_tf2") else "keras3"


# name -> (text replaced, replacement, layerlint's first error code, lines it may be reported
# at besides the framework's own: a torch module's definition, say)
TWINS = {
    "values_config_class_keras.py": ('layers.Dense(CFG.num_classes, activation="softmax")',
                                     'layers.Dense(CFG.num_classes + 1, activation="softmax")',
                                     "LL202", set()),
    "values_synthetic_images_loop_keras.py": ("image = np.random.rand(32, 32, 3)",
                                              "image = np.random.rand(3, 32, 32)", "LL207", set()),
    "values_timeseries_windows_keras.py": ("(train_x.shape[0], train_x.shape[1], 1)",
                                           "(train_x.shape[0], 1, train_x.shape[1])", "LL201",
                                           set()),
    "values_dataset_class_keras.py": ("self.y_train, self.y_test = targets[:split], "
                                      "targets[split:]",
                                      "self.y_train, self.y_test = targets[:split - 1], "
                                      "targets[split:]", "LL203", set()),
    "values_load_function_keras.py": ("prediction = model.predict(x_test[:1], verbose=0)",
                                      "prediction = model.predict(x_test[0], verbose=0)",
                                      "LL206", set()),
    "tdata_quickstart_fashion_mnist_torch.py": ("nn.Linear(28 * 28, 512)",
                                                "nn.Linear(28 * 28, 256)", None, {38, 52}),
    "tdata_cifar10_classifier_torch.py": ("nn.Linear(16 * 5 * 5, 120)",
                                          "nn.Linear(16 * 4 * 4, 120)", None, {50}),
    "tdata_mnist_cnn_examples_torch.py": ("nn.Linear(9216, 128)", "nn.Linear(9215, 128)", None,
                                          {31}),
    "tdata_tensordataset_regression_torch.py": ("nn.Linear(3, 1)", "nn.Linear(4, 1)", None,
                                                {23}),
    "tdata_datasets_dataloaders_torch.py": ("train_features.view(train_features.size(0), -1)",
                                            "train_features.view(train_features.size(0), 28)",
                                            None, {36}),
    "tdata_image_folder_cnn_torch.py": ("transforms.ToTensor(),\n    transforms.Normalize",
                                        "transforms.Grayscale(),\n    transforms.ToTensor(),\n"
                                        "    transforms.Normalize", None, {22, 40}),
    "tdata_logistic_regression_variable_torch.py": ("input_size = 28 * 28",
                                                    "input_size = 28 * 27", None, {33}),
    "tdata_cifar_augment_resnet_block_torch.py": ("transforms.ToTensor(),\n", "", None, {20}),
    "tdata_custom_dataset_class_torch.py": ("nn.Linear(12, 32)", "nn.Linear(10, 32)", None,
                                            {29}),
    "tdata_grayscale_cifar_to_mnist_net_torch.py": ("transforms.Resize(28)",
                                                    "transforms.Resize(32)", None, {21}),
    "torch_train_linear_regression.py": ("torch.linspace(0, 10, 50).unsqueeze(1)",
                                         "torch.linspace(0, 10, 50)", "LL102", {15}),
}
# Tutorials whose data layerlint follows all the way: no "data not checked" note either.
FULLY_FOLLOWED = ("keras_", "values_")
# Tutorials whose data layerlint does not follow yet, so no model is checked: the LL902 note
# must say so (when the catalogue learns the function, this test fails: remove the entry).
NOT_FOLLOWED: dict[str, str] = {}


def program(path: Path) -> str:
    """The source a tutorial runs: a notebook's code cells in order, without magics."""
    if path.suffix != ".ipynb":
        return path.read_text()
    cells = json.loads(path.read_text())["cells"]
    code = "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "code")
    return "\n".join(line for line in code.splitlines() if not line.lstrip().startswith("%"))


def twin(name: str) -> str:
    old, new, _, _ = TWINS[name]
    text = (FOLDER / name).read_text()
    assert text.count(old) == 1, name
    return text.replace(old, new)


def test_there_are_tutorials_of_every_kind() -> None:
    assert len(TUTORIALS) >= 40
    assert {framework(p) for p in TUTORIALS} == {"keras3", "keras2", "torch"}
    assert any(p.suffix == ".ipynb" for p in TUTORIALS)
    assert set(TWINS) <= {p.name for p in TUTORIALS}
    tdata = {p.name for p in TUTORIALS if p.name.startswith("tdata_")}
    assert tdata <= set(TWINS), "every torch data tutorial has a broken twin"


@pytest.mark.parametrize("path", TUTORIALS, ids=lambda p: p.name)
def test_layerlint_finds_nothing_wrong(path: Path) -> None:
    dialects = [None] + (["keras2"] if framework(path) == "keras2" else [])
    for dialect in dialects:
        result = check_file(str(path), dialect=dialect)
        found = [f"{d.code} line {d.span.line}: {d.message}" for d in result.diagnostics
                 if d.severity in ("error", "warning")]
        if path.name.startswith(FULLY_FOLLOWED):
            found += [d.message for d in result.diagnostics if d.code == "LL902"]
        assert not found, (dialect, found)
        if path.name in NOT_FOLLOWED:
            notes = [d.message for d in result.diagnostics if d.code == "LL902"]
            assert any(NOT_FOLLOWED[path.name] in n for n in notes), notes
            continue
        # a torch script without a model class is checked through its twin
        assert result.models or path.name in TWINS, "no model checked"


@pytest.mark.parametrize("name", sorted(TWINS))
def test_layerlint_finds_the_broken_twin(name: str) -> None:
    errors = sorted((d for d in check_source(twin(name), name).diagnostics
                     if d.severity == "error"), key=lambda d: d.span.line)
    assert errors, "nothing found"
    code = TWINS[name][2]
    if code is not None:
        assert errors[0].code == code, [(d.code, d.message) for d in errors]


@pytest.fixture(scope="module")
def data_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("tutorial_data")
    write_all(folder)
    return folder


def run_all(dialect: str, folder: Path, backend: str | None = None) -> dict[str, dict | None]:
    """Every tutorial of one framework and its twins, in one subprocess: {name: outcome};
    ``backend``: Keras 3's backend when not torch."""
    from framework_env import framework_env

    chosen = [p for p in TUTORIALS if framework(p) == dialect]
    programs = [[p.name, with_data_dir(program(p), folder)] for p in chosen]
    programs += [[f"twin_{p.name}", with_data_dir(twin(p.name), folder)]
                 for p in chosen if p.name in TWINS]
    env = framework_env(dialect)
    if backend is not None:
        env["KERAS_BACKEND"] = backend
    done = subprocess.run([sys.executable, str(RUNNER), dialect], input=json.dumps(programs),
                          capture_output=True, text=True, timeout=1800, cwd=folder,
                          env=env, check=False)
    assert done.returncode == 0, done.stderr[-3000:]
    ran = json.loads(done.stdout.strip().splitlines()[-1])
    assert len(ran) == len(programs) >= 3
    return ran


@pytest.mark.parametrize("dialect, backend", [
    pytest.param("keras3", None, marks=pytest.mark.keras3),
    pytest.param("keras3", "tensorflow", marks=pytest.mark.keras3, id="keras3-tensorflow"),
    pytest.param("keras2", None, marks=pytest.mark.keras2),
    pytest.param("torch", None, marks=pytest.mark.torch)])
def test_tutorials_run_and_twins_fail(dialect: str, backend: str | None,
                                      data_folder: Path) -> None:
    ran = run_all(dialect, data_folder, backend)
    failed = {name: outcome for name, outcome in ran.items()
              if outcome is not None and not name.startswith("twin_")}
    assert not failed, failed
    if backend is not None:  # and layerlint finds nothing wrong on that backend either
        for path in (p for p in TUTORIALS if framework(p) == dialect):
            result = check_source(program(path), path.name, keras_backend=backend)
            assert not [d.message for d in result.diagnostics
                        if d.severity in ("error", "warning")], path.name
    for name in (n for n in ran if n.startswith("twin_")):
        original = name.removeprefix("twin_")
        outcome = ran[name]
        assert outcome is not None, f"the broken twin of {original} runs"
        errors = sorted((d for d in check_source(twin(original), original,
                                                 keras_backend=backend).diagnostics
                         if d.severity == "error"), key=lambda d: d.span.line)
        assert errors, outcome
        first = errors[0]
        lines = TWINS[original][3]
        if lines:  # torch: at torch's line or the module's definition, with torch's message
            assert first.span.line in lines | {outcome["line"]}, (first.span.line, outcome)
            assert first.framework_error in (None, outcome["error"]), (first.framework_error,
                                                                        outcome)
