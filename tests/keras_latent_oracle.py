"""The oracle of the Keras latent-contradiction tests: build each stack in the real framework
and call it on a concrete input of every rank, in one subprocess per dialect.

``outcomes(stacks, dialect)`` -> per stack, per rank (1..6, batch axis included): None when the
model runs, else (index of the layer that raises, "Type: message"). The stacks are the tests' own
literal layer expressions (``layers.Conv1D(4, 3)``), never user code.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile

RANKS = range(1, 7)
# Concrete inputs: batch 2, every other axis the same size (big enough for two 3-wide kernels
# and a pooling, small enough for a 6-D tensor).
SIDE = {1: 12, 2: 12, 3: 12, 4: 12, 5: 8, 6: 8}


def concrete_shape(rank: int) -> tuple[int, ...]:
    return (2,) + (SIDE[rank],) * (rank - 1)


def outcomes(stacks: list[list[str]], dialect: str = "keras3") -> list[list]:
    from framework_env import framework_env  # tests/ is on the path under pytest

    env = framework_env(dialect, CUDA_VISIBLE_DEVICES="")
    with tempfile.TemporaryDirectory() as tmp:
        source, target = os.path.join(tmp, "in.json"), os.path.join(tmp, "out.json")
        with open(source, "w") as f:
            json.dump(stacks, f)
        subprocess.run([sys.executable, os.path.abspath(__file__), dialect, source, target],
                       env=env, check=True, timeout=1500, capture_output=True)
        with open(target) as f:
            return json.load(f)


def _run(dialect: str, source: str, target: str) -> None:
    import warnings

    import numpy as np

    warnings.simplefilter("ignore")
    if dialect == "keras2":
        import tf_keras as keras
    else:
        import keras
    layers = keras.layers
    scope = {"keras": keras, "layers": layers}

    def make(stack: list[str]) -> list:
        return [eval(expression, scope) for expression in stack]  # noqa: S307 - our literals

    def error(exc: BaseException) -> str:
        return f"{type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}"

    with open(source) as f:
        stacks = json.load(f)
    results = []
    for stack in stacks:
        per_rank = []
        for rank in RANKS:
            x = np.zeros(concrete_shape(rank), dtype="float32")
            try:
                keras.Sequential(make(stack))(x)
                per_rank.append(None)
                continue
            except Exception as exc:  # noqa: BLE001 - the outcome measured
                message = error(exc)
            # Which layer raises: the same layers, called one after the other on the input.
            index, y = len(stack), x
            for i, layer in enumerate(make(stack)):
                try:
                    y = layer(y)
                except Exception:  # noqa: BLE001
                    index = i
                    break
            per_rank.append([index, message])
        results.append(per_rank)
    with open(target, "w") as f:
        json.dump(results, f)


if __name__ == "__main__":
    _run(*sys.argv[1:4])
