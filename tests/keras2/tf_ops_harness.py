"""Differential harness for the TensorFlow functions on symbolic tensors of tf.keras 2
(layerlint/layers/keras/tf_ops.py).

A case is ``(call, inputs)``: one expression as written in tf.keras 2 code, e.g.
``"tf.concat([t0, t1], axis=1)"``, ``"t0 + 2"``, ``"t0[:, 0]"``, and the symbolic tensors it
uses, ``t0``, ``t1``, ... as ``(batch_shape, dtype)``. ``layerlint_tf_op`` runs the catalogue
entry; ``run_in_tf_keras`` evaluates every case with real tf_keras 2.21 in ONE subprocess (a
fresh session per case, so each layer has its first name). Both give a :class:`TfOpOutcome`:
``error`` None / ``"call"`` (tf.keras raises) / ``"unknown"`` (layerlint claims nothing), the
output shapes and dtypes, the layer's name and class, the exception up to "Call arguments".
"""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from dataclasses import dataclass

from framework_env import framework_env
from keras_ops_harness import OpOutcome
from keras_ops_harness import _value as keras_value

from layerlint.layers.base import LayerError, Unmodelled
from layerlint.layers.keras._op import bind_op
from layerlint.layers.keras._tf_op import lookup_tf_op, wrapped

OPERATORS = {ast.Add: "add", ast.Sub: "sub", ast.Mult: "mul", ast.Div: "truediv",
             ast.MatMult: "matmul"}


@dataclass
class TfOpOutcome(OpOutcome):
    layer: str | None = None  # "tf.concat (TFOpLambda)"


def _value(node: ast.AST, inputs: list):
    """keras_ops_harness's values, and slices, ``tf.newaxis``, ``tf.float16``."""
    if isinstance(node, (ast.List, ast.Tuple)):
        items = [_value(e, inputs) for e in node.elts]
        return items if isinstance(node, ast.List) else tuple(items)
    if isinstance(node, ast.Slice):
        return slice(*(None if p is None else _value(p, inputs)
                       for p in (node.lower, node.upper, node.step)))
    if isinstance(node, ast.Attribute) and ast.unparse(node) == "tf.newaxis":
        return None
    if isinstance(node, ast.Attribute):  # tf.float16
        return ast.unparse(node).replace("tf.", "")
    return keras_value(node, inputs)


def _qualname(func: ast.AST) -> str:
    return "tensorflow." + ast.unparse(func).removeprefix("tf.")


def layerlint_tf_op(call: str, inputs: list) -> TfOpOutcome:
    tree = ast.parse(call, mode="eval").body
    if isinstance(tree, ast.BinOp):
        name, args, kwargs = f"operator.{OPERATORS[type(tree.op)]}", (tree.left, tree.right), []
    elif isinstance(tree, ast.UnaryOp):
        name, args, kwargs = "operator.neg", (tree.operand,), []
    elif isinstance(tree, ast.Subscript):
        name, args, kwargs = "operator.getitem", (tree.value, tree.slice), []
    else:
        assert isinstance(tree, ast.Call), call
        name, args, kwargs = _qualname(tree.func), tree.args, tree.keywords
    spec = lookup_tf_op(name)
    assert spec is not None, name
    try:
        bound = bind_op(spec, tuple(_value(a, inputs) for a in args),
                        {k.arg: _value(k.value, inputs) for k in kwargs}, "tf.")
        out = spec.call(bound)
    except Unmodelled:
        return TfOpOutcome("unknown")
    except LayerError as error:
        return TfOpOutcome("call", message=wrapped(error.framework, spec.raising or spec.symbol,
                                                    spec.class_name))
    return TfOpOutcome(None, [tuple(s) for s in out.shapes], list(out.dtypes),
                       layer=f"{spec.symbol} ({spec.class_name})")


_ORACLE = r'''
import json, os, sys, warnings
warnings.simplefilter("ignore")
import tensorflow as tf
import tf_keras as keras
out = []
for call, inputs in json.load(sys.stdin):
    keras.backend.clear_session()
    names = {f"t{i}": keras.Input(batch_shape=tuple(s), dtype=d) for i, (s, d) in enumerate(inputs)}
    names["tf"] = tf
    try:
        made = eval(call, names)
    except Exception as e:
        text = str(e).split("\n\nCall arguments received by")[0]
        out.append({"error": "call", "message": f"{type(e).__name__}: {text}"})
        continue
    made = list(made) if isinstance(made, (list, tuple)) else [made]
    layer = made[0]._keras_history.layer
    out.append({"error": None, "shapes": [list(m.shape) for m in made],
                "dtypes": [m.dtype.name for m in made],
                "layer": f"{layer.name} ({type(layer).__name__})"})
json.dump(out, sys.stdout)
'''


def run_in_tf_keras(cases: list[tuple[str, list]]) -> list[TfOpOutcome]:
    """Every case evaluated by real tf_keras 2 in one subprocess (TensorFlow imported once)."""
    done = subprocess.run([sys.executable, "-c", _ORACLE], input=json.dumps(cases),
                          capture_output=True, text=True, timeout=900,
                          env=framework_env("keras2"), check=True)
    return [TfOpOutcome(r["error"], [tuple(s) for s in r.get("shapes") or []] or None,
                        r.get("dtypes"), r.get("message"), layer=r.get("layer"))
            for r in json.loads(done.stdout)]


def agree(mine: str, theirs: str) -> bool:
    """layerlint's text is tf.keras' up to the op's node definition (" ... " in layerlint's
    text), and what follows it is in tf.keras' text too."""
    if " ... " not in mine:
        return mine == theirs
    head, tail = mine.split(" ... ", 1)
    return theirs.startswith(head) and tail in theirs
