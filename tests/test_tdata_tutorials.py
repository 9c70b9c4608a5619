"""Tutorial-style torch programs that load data (tests/tutorials/tdata_*.py: the pytorch.org
tutorials' data sections, pytorch/examples, older Variable-style code): layerlint finds nothing
in them, and each runs in real torch / torchvision on fake dataset files (offline). Each also
has a broken twin (one edit): layerlint finds torch's error there, at torch's line (or the
module's definition), with torch's message — so the data did reach the model in layerlint's
view. (A shared test over every file of tests/tutorials/ may replace the first part.)
"""

from __future__ import annotations

import os
import re
import sys
import warnings
from pathlib import Path

import pytest

from layerlint.pipeline import check_source

from torch_differential.script_flow import torch_outcome
from torchvision_shim import (
    import_torchvision,
    offline_cifar,
    write_cifar,
    write_image_folder,
    write_mnist,
)

pytestmark = pytest.mark.torch

TUTORIALS = Path(__file__).parent / "tutorials"
FILES = sorted(TUTORIALS.glob("tdata_*.py"))
offline_cifar(import_torchvision())

# file -> (text replaced, replacement, lines layerlint may report torch's error at)
BROKEN = {
    "tdata_quickstart_fashion_mnist_torch.py": ("nn.Linear(28 * 28, 512)",
                                                "nn.Linear(28 * 28, 256)", {38, 52}),
    "tdata_cifar10_classifier_torch.py": ("nn.Linear(16 * 5 * 5, 120)", "nn.Linear(16 * 4 * 4, "
                                          "120)", {50}),
    "tdata_mnist_cnn_examples_torch.py": ("nn.Linear(9216, 128)", "nn.Linear(9215, 128)", {31}),
    "tdata_tensordataset_regression_torch.py": ("nn.Linear(3, 1)", "nn.Linear(4, 1)", {23}),
    "tdata_datasets_dataloaders_torch.py": ("train_features.view(train_features.size(0), -1)",
                                            "train_features.view(train_features.size(0), 28)",
                                            {36}),
    "tdata_image_folder_cnn_torch.py": ("transforms.ToTensor(),\n    transforms.Normalize",
                                        "transforms.Grayscale(),\n    transforms.ToTensor(),\n"
                                        "    transforms.Normalize", {22, 40}),
    "tdata_logistic_regression_variable_torch.py": ("input_size = 28 * 28",
                                                    "input_size = 28 * 27", {33}),
    "tdata_cifar_augment_resnet_block_torch.py": ("transforms.ToTensor(),\n", "", {20}),
    "tdata_grayscale_cifar_to_mnist_net_torch.py": ("transforms.Resize(28)",
                                                    "transforms.Resize(32)", {21}),
}


@pytest.fixture(autouse=True, scope="module")
def one_thread():
    """Tiny tensors: one thread runs them ten times faster on a shared machine (measured)."""
    import torch

    before = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(before)


@pytest.fixture(scope="module")
def root(tmp_path_factory: pytest.TempPathFactory) -> str:
    where = str(tmp_path_factory.mktemp("tutorial_data"))
    for name in ("MNIST", "FashionMNIST"):
        write_mnist(where, name)
    write_cifar(where, count=20)  # 100 training images: a few batches of each tutorial
    write_image_folder(os.path.join(where, "folder"), [(300, 260), (240, 320), (256, 256)] * 3)
    return where


def _with_data(source: str, root: str) -> str:
    return re.sub(r'^DATA_DIR = .*$', f"DATA_DIR = {root!r}", source, count=1, flags=re.M)


def test_every_tutorial_has_a_broken_twin() -> None:
    assert len(FILES) >= 8
    assert {f.name for f in FILES} == set(BROKEN)


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_tutorial_has_no_finding_and_runs(path: Path, root: str) -> None:
    source = path.read_text()
    found = [d for d in check_source(source, path.name).diagnostics
             if d.severity in ("error", "warning")]
    assert found == [], [(d.code, d.span.line, d.message) for d in found]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        run = torch_outcome(_with_data(source, root))
    assert run.error is None, (run.error, run.line)


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_broken_twin_is_found_where_torch_raises(path: Path, root: str) -> None:
    old, new, lines = BROKEN[path.name]
    source = path.read_text()
    assert old in source
    broken = _with_data(source.replace(old, new, 1), root)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        run = torch_outcome(broken)
    assert run.error is not None
    errors = [d for d in check_source(broken, path.name).diagnostics if d.severity == "error"]
    assert errors, run.error
    first = min(errors, key=lambda d: d.span.line)
    assert first.span.line in lines | {run.line}, (first.span.line, run.line, run.error)
    assert first.framework_error in (None, run.error), (first.framework_error, run.error)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(pytest.main([__file__]))
