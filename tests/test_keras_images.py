"""Keras' image and text loaders against real Keras 3 (torch backend; the tf.data loaders run on
TensorFlow): each loader call (hand-picked and 300 seeded) on generated directories of 1, 2 and
3 classes, the shapes and dtypes of what it yields; whole training scripts (the issue's examples,
their neighbours and 80 seeded), verdict, statement, stage and message at fit; every fix offered
applied and run again. Keras 3 keeps ImageDataGenerator only as keras.src.legacy: the scripts
import it from there (layerlint reads the public spelling as tf.keras 2 code, keras2/)."""

from __future__ import annotations

import pytest
from keras_images_cases import CLASS_COUNTS, concrete, hand_scripts, loader_cases
from keras_images_checks import generated, loader_results, script_results
from subclass.runner import run_batch

from layerlint.pipeline import check_source
from layerlint.rules import all_rules

pytestmark = pytest.mark.keras3
DIALECT = "keras3"
LOADER_SEEDS = 300
SCRIPT_SEEDS = 80


def test_loaders_agree_with_keras3() -> None:
    outcomes, problems = loader_results(DIALECT, LOADER_SEEDS)
    print(f"loader calls: {dict(outcomes)}")
    assert outcomes["value"] >= 150 and outcomes["error"] >= 50  # not vacuous
    assert not problems, f"{len(problems)} disagree:\n" + "\n".join(problems[:5])


def test_every_loader_entry_is_called_by_a_case() -> None:
    from layerlint.frontends.library.catalogue import all_entries

    sources = "\n".join(loader_cases(DIALECT, range(LOADER_SEEDS)).values())
    names = [e.name for e in all_entries()
             if e.rule.__module__.rsplit(".", 1)[-1] == "keras_images"]
    assert len(names) >= 10  # the directory datasets' methods are tf_data.py's (its own test)
    assert not [n for n in names if n.rsplit(".", 1)[-1] not in sources]


def test_hand_training_scripts_agree_with_keras3() -> None:
    scripts = hand_scripts(DIALECT)
    outcomes, problems, fixed = script_results(DIALECT, tuple(scripts.values()))
    print(f"hand scripts: {dict(outcomes)}, {fixed} fixed scripts")
    assert outcomes["error"] >= 7 and outcomes["LL405"] >= 3 and fixed >= 10
    assert not problems, f"{len(problems)} disagree:\n" + "\n\n".join(problems[:3])


def test_generated_training_scripts_agree_with_keras3() -> None:
    outcomes, problems, fixed = script_results(DIALECT, generated(DIALECT, SCRIPT_SEEDS))
    print(f"generated scripts: {dict(outcomes)}, {fixed} fixed scripts")
    assert outcomes["error"] >= 20 and outcomes["clean"] >= 10 and outcomes["LL405"] >= 5
    assert not problems, f"{len(problems)} disagree:\n" + "\n\n".join(problems[:3])


def test_issue_examples_are_found_with_their_fixes() -> None:
    scripts = hand_scripts(DIALECT)
    rgb = check_source(scripts["rgb_into_gray"], "rgb.py", dialect=DIALECT)
    [error] = [d for d in rgb.diagnostics if d.severity == "error"]
    assert (error.code, error.stage) == ("LL201", "fit")
    assert 'color_mode="grayscale"' in error.fixes[0].title
    head = check_source(scripts["categorical_binary_head"], "head.py", dialect=DIALECT)
    [warning] = [d for d in head.diagnostics if d.severity == "warning"]
    assert warning.code == "LL405" and "single class" in warning.message
    assert [f.title for f in warning.fixes] == ['Load two classes as binary labels: '
                                                'class_mode="binary"']


def test_loader_rule_example_runs_on_one_class_and_fails_on_two() -> None:
    """LL405's examples (a Keras 3 program): the bad one trains on a directory of one class
    only; the good one trains on two."""
    rule = next(r for r in all_rules() if r.code == "LL405")
    bad, good = (rule.bad.replace('"images/"', '"DIRECTORY"'),
                 rule.good.replace('"images/"', '"DIRECTORY"'))
    done = run_batch([concrete(bad, 1), concrete(bad, 2), concrete(good, 2)], DIALECT)
    assert done[0]["error"] is None
    assert done[1]["error"] is not None and done[1]["error"]["stage"] == "fit"
    assert done[2]["error"] is None
    assert CLASS_COUNTS == (1, 2, 3)
