"""LL306 in tf.keras 2: tf_keras drops a mask silently at a layer without masking support (no
warning, no error: its ``_set_mask_metadata`` returns early, so the "does not support masking"
TypeError of ``compute_mask`` is never reached). Each stack runs in real tf_keras; LL306 must name
exactly the layers whose input tensor carries a mask and whose output does not."""

from __future__ import annotations

import pytest
from differential.compare import compare
from mask_stacks import STACKS, source_of

from layerlint.pipeline import check_source

from .tf_keras_runner import run_script, tf_keras

pytestmark = pytest.mark.keras2


def dropped_kinds(name: str) -> set[str]:
    """Build the stack functionally in tf_keras and read the masks on its symbolic tensors."""
    import numpy as np

    keras = tf_keras()
    _, layers = STACKS[name]
    if not layers.startswith("keras.Input"):
        pytest.skip("needs an Input to read symbolic masks")
    model = eval(f"keras.Sequential([{layers}])",  # our own literal stacks
                 {"keras": keras, "L": keras.layers, "np": np})
    out = set()
    for layer in model.layers:
        had = getattr(layer.input, "_keras_mask", None) is not None
        if had and getattr(layer.output, "_keras_mask", None) is None \
                and not layer.supports_masking:
            out.add(type(layer).__name__)
    return out


@pytest.mark.parametrize("name", sorted(STACKS))
def test_ll306_names_the_layers_tf_keras_drops_the_mask_at(name: str):
    source = source_of(name)
    result, run = check_source(source, "example.py", dialect="keras2"), run_script(source)
    assert compare(result, run) == []
    if run.error is not None:  # tf.keras 2 cannot build Flatten on (None, None): LL1xx agrees
        return
    assert not [w for w in run.warnings if "mask" in w]  # silent in tf.keras 2
    found = [d for d in result.diagnostics if d.code == "LL306"]
    assert all(d.severity == "warning" and d.framework_error is None for d in found)
    assert all("tf.keras drops the mask silently" in d.message for d in found)
    assert {d.message.split(" ")[0] for d in found} == dropped_kinds(name)


def test_ll305_in_tf_keras_too():
    source = ("import numpy as np\nimport tf_keras as keras\n"
              "from tf_keras.preprocessing.sequence import pad_sequences\n\n"
              "x = pad_sequences([[0, 2, 3], [4, 5]], padding='post')\n"
              "m = keras.Sequential([keras.layers.Embedding(10, 4, mask_zero=True), "
              "keras.layers.LSTM(3), keras.layers.Dense(1)])\n"
              "m.compile(optimizer='adam', loss='mse')\nm.fit(x, np.zeros((2, 1)), verbose=0)\n")
    result, run = check_source(source, "example.py", dialect="keras2"), run_script(source)
    assert run.error is None and compare(result, run) == []
    [d] = [d for d in result.diagnostics if d.code == "LL305"]
    assert (d.severity, d.span.line) == ("warning", 8)
    x = tf_keras().preprocessing.sequence.pad_sequences([[0, 2, 3], [4, 5]], padding="post")
    mask = tf_keras().layers.Embedding(10, 4, mask_zero=True).compute_mask(x)
    assert mask.numpy().tolist() == [[False, True, True], [True, True, False]]
