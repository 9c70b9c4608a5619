"""Run tf.data pipelines and TensorFlow / keras.ops functions on concrete arrays, for
tests/test_tf_data.py and tests/test_tensor_ops.py: ``python tensor_data_runner.py tf|keras <
cases.json``. One subprocess per framework and test file.

Values in a case: ``{"array": shape, "dtype": d}`` (an array of that shape: small integers, so
labels stay in range), ``{"tuple": [...]}``, ``{"dict": {...}}``, ``{"dtype": name}`` (a
framework dtype object), anything else as it is (numbers, literal lists).

A pipeline case ``["pipeline", source, ops]``: the source ``["slices", value]``,
``["tensors", value]``, ``["zip", [pipeline...]]`` or ``["timeseries", kwargs]``; each op
``[method, kwargs]`` (``map`` applies the identity). Result: ``["ok", spec, cardinality]`` (spec:
``{"shape": [...], "dtype": d}`` leaves in the same structure; cardinality -1 infinite, -2
unknown) or ``["error", type, message]``. A function case ``["call", name, args, kwargs]``
(``tf.one_hot``, ``keras.ops.reshape``): ``["ok", shape, dtype]``.
"""

from __future__ import annotations

import json
import os
import sys

import numpy as np

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")


def build(value, dtypes):
    if isinstance(value, dict):
        if "array" in value:
            shape = tuple(value["array"])
            n = int(np.prod(shape)) if shape else 1
            return (np.arange(n) % 3).astype(value["dtype"]).reshape(shape)
        if "tuple" in value:
            return tuple(build(v, dtypes) for v in value["tuple"])
        if "dict" in value:
            return {k: build(v, dtypes) for k, v in value["dict"].items()}
        if "dtype" in value:
            return dtypes(value["dtype"])
    return value


def spec(element):
    if isinstance(element, tuple):
        return {"tuple": [spec(e) for e in element]}
    if isinstance(element, dict):
        return {"dict": {k: spec(e) for k, e in element.items()}}
    return {"shape": None if element.shape.rank is None else list(element.shape),
            "dtype": element.dtype.name}


def pipeline(tf, source, ops):
    kind, arg = source
    if kind == "slices":
        ds = tf.data.Dataset.from_tensor_slices(build(arg, tf.as_dtype))
    elif kind == "tensors":
        ds = tf.data.Dataset.from_tensors(build(arg, tf.as_dtype))
    elif kind == "zip":
        ds = tf.data.Dataset.zip(tuple(pipeline(tf, *part) for part in arg))
    else:
        import keras

        kwargs = {k: build(v, tf.as_dtype) for k, v in arg.items()}
        ds = keras.utils.timeseries_dataset_from_array(**kwargs)
    for method, kwargs in ops:
        if method == "map":
            ds = ds.map(lambda *t: t if len(t) > 1 else t[0])
        else:
            ds = getattr(ds, method)(**kwargs)
    return ds


def main(framework: str) -> None:
    import tensorflow as tf

    if framework == "keras":
        import keras

        namespace = {"keras": keras, "dtype": lambda d: d}
    results = []
    for case in json.load(sys.stdin):
        try:
            if case[0] == "pipeline":
                ds = pipeline(tf, case[1], case[2])
                count = int(ds.cardinality())
                first = None
                try:  # its own shapes (a spec may leave axes None); iterating may fail
                    for element in ds.take(1):
                        first = spec(tf.nest.map_structure(
                            lambda t: tf.TensorSpec(t.shape, t.dtype), element))
                except Exception as exc:  # noqa: BLE001 - uneven batches batched again
                    first = {"error": type(exc).__name__}
                results.append(["ok", spec(ds.element_spec), count, first])
                continue
            _, name, args, kwargs = case
            if framework == "keras":
                target = namespace["keras"]
                dtypes = namespace["dtype"]
            else:
                target, dtypes = tf, tf.as_dtype
            for part in name.split(".")[1:]:
                target = getattr(target, part)
            out = target(*[build(a, dtypes) for a in args],
                         **{k: build(v, dtypes) for k, v in kwargs.items()})
            dtype = out.dtype.name if hasattr(out.dtype, "name") and framework == "tf" else None
            if dtype is None:
                import keras

                dtype = keras.backend.standardize_dtype(out.dtype)
            results.append(["ok", [int(d) for d in out.shape], dtype])
        except Exception as exc:  # noqa: BLE001 - the framework's failure is an outcome
            results.append(["error", type(exc).__name__, str(exc)])
    print(json.dumps(results))


if __name__ == "__main__":
    main(sys.argv[1])
