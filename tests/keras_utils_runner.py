"""Run ``to_categorical`` / ``pad_sequences`` of Keras 3 or tf_keras on the cases of
tests/test_keras_utils.py: ``python keras_utils_runner.py keras3|keras2 < cases.json``.

An argument ``{"array": shape, "dtype": d, "values": flat}`` is a numpy array; anything else is
passed as it is (literal lists). A result is ``["ok", shape, dtype, min, max]`` or
``["error", type, message]``."""

from __future__ import annotations

import json
import sys

import numpy as np


def real(value):
    if isinstance(value, dict) and "array" in value:
        return np.array(value["values"], dtype=value["dtype"]).reshape(value["array"])
    return value


def main(dialect: str) -> None:
    if dialect == "keras2":
        import tf_keras as keras
    else:
        import keras
    functions = {"to_categorical": keras.utils.to_categorical,
                 "pad_sequences": keras.utils.pad_sequences}
    results = []
    for name, args, kwargs in json.load(sys.stdin):
        try:
            out = functions[name](*[real(a) for a in args], **{k: real(v) for k, v in kwargs.items()})
            out = np.asarray(out)
            bounds = [int(out.min()), int(out.max())] if out.size and out.dtype.kind in "iu" \
                else [None, None]
            results.append(["ok", list(out.shape), out.dtype.name, *bounds])
        except Exception as exc:  # noqa: BLE001 - the framework's failure is an outcome
            results.append(["error", type(exc).__name__, str(exc)])
    print(json.dumps(results))


if __name__ == "__main__":
    main(sys.argv[1])
