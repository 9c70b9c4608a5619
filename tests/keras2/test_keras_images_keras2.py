"""Keras' image and text loaders against tf.keras 2 (tf_keras): as test_keras_images.py, on
tf.keras 2's own loaders, ImageDataGenerator (a Sequence, whose batches TensorFlow sees only by
their rank) and fit_generator."""

from __future__ import annotations

import pytest
from keras_images_cases import concrete, hand_scripts
from keras_images_checks import generated, loader_results, script_results
from subclass.runner import run_batch

from layerlint.pipeline import check_source
from layerlint.rules import all_rules

pytestmark = pytest.mark.keras2
DIALECT = "keras2"
LOADER_SEEDS = 200
SCRIPT_SEEDS = 30


def test_loaders_agree_with_tf_keras() -> None:
    outcomes, problems = loader_results(DIALECT, LOADER_SEEDS)
    print(f"loader calls: {dict(outcomes)}")
    assert outcomes["value"] >= 100 and outcomes["error"] >= 30
    assert not problems, f"{len(problems)} disagree:\n" + "\n".join(problems[:5])


def test_hand_training_scripts_agree_with_tf_keras() -> None:
    scripts = hand_scripts(DIALECT)
    outcomes, problems, fixed = script_results(DIALECT, tuple(scripts.values()))
    print(f"hand scripts: {dict(outcomes)}, {fixed} fixed scripts")
    assert outcomes["error"] >= 6 and outcomes["LL405"] >= 2 and fixed >= 7
    assert not problems, f"{len(problems)} disagree:\n" + "\n\n".join(problems[:3])


def test_generated_training_scripts_agree_with_tf_keras() -> None:
    outcomes, problems, fixed = script_results(DIALECT, generated(DIALECT, SCRIPT_SEEDS))
    print(f"generated scripts: {dict(outcomes)}, {fixed} fixed scripts")
    assert outcomes["error"] >= 8 and outcomes["clean"] >= 3
    assert not problems, f"{len(problems)} disagree:\n" + "\n\n".join(problems[:3])


def test_rgb_batches_into_a_grayscale_model_fail_in_the_first_kernel() -> None:
    """tf.keras 2 sees only the rank of a Sequence's batches: the Conv2D kernel fails (16
    filters in 3 groups), or runs silently as a grouped convolution (12 filters): LL406."""
    scripts = hand_scripts(DIALECT)
    result = check_source(scripts["rgb_into_gray"], "rgb.py", dialect=DIALECT)
    [error] = [d for d in result.diagnostics if d.severity == "error"]
    assert error.framework_error.endswith("number of groups: 16 vs 3")
    silent = check_source(scripts["rgb_into_gray_12_filters"], "rgb.py", dialect=DIALECT)
    assert [d.code for d in silent.diagnostics if d.severity != "info"] == ["LL406"]


@pytest.mark.parametrize("code", ["LL405", "LL406"])
def test_loader_rule_examples_in_tf_keras(code: str) -> None:
    """LL406's examples both train (the bad one silently as a grouped convolution); LL405's
    bad example trains on any directory in tf.keras 2 (binary_crossentropy broadcasts one-hot
    targets of a Sequence... or of a tf.data dataset, which fails on two classes)."""
    rule = next(r for r in all_rules() if r.code == code)
    bad, good = (rule.bad.replace('"images/"', '"DIRECTORY"'),
                 rule.good.replace('"images/"', '"DIRECTORY"'))
    done = run_batch([concrete(bad, 1), concrete(bad, 2), concrete(good, 2)], DIALECT)
    assert done[0]["error"] is None and done[2]["error"] is None
    if code == "LL406":
        assert done[1]["error"] is None
    assert code in {d.code for d in check_source(bad, "bad.py").diagnostics}


def test_fit_generator_signature_is_tf_keras() -> None:
    import inspect

    import tf_keras

    from layerlint.frontends.keras_events import FIT_GENERATOR_SIGNATURE

    params = list(inspect.signature(tf_keras.Sequential.fit_generator).parameters)[1:]
    assert ("x", *params[1:]) == FIT_GENERATOR_SIGNATURE and params[0] == "generator"
