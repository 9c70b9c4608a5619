"""Differential harness for ``keras.ops`` entries (layerlint/layers/keras/ops.py).

A case is ``(call, inputs)``: one expression as written in Keras code, e.g.
``"ops.concatenate([t0, t1], axis=1)"``, ``"t0 + 2"``, ``"ops.split(t0, 2, axis=-1)"``, and
the symbolic tensors it uses, ``t0``, ``t1``, ... as ``(batch_shape, dtype)``
(``keras.Input(batch_shape=..., dtype=...)``). ``layerlint_op`` runs the catalogue entry;
``run_in_keras`` evaluates every case with real Keras 3 (torch backend) in ONE subprocess.
Both give an :class:`OpOutcome`: ``error`` None / ``"call"`` (Keras raises) / ``"unknown"``
(layerlint claims nothing), the output shapes and dtypes, the exception as ``Type: message``.
"""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from dataclasses import dataclass

from framework_env import framework_env

from layerlint.layers.base import LayerError, Unmodelled
from layerlint.layers.keras._op import KerasTensorArg, bind_op, lookup_op

OPERATORS = {ast.Add: "add", ast.Sub: "subtract", ast.Mult: "multiply", ast.Div: "true_divide",
             ast.MatMult: "matmul"}


@dataclass
class OpOutcome:
    error: str | None
    shapes: list[tuple] | None = None
    dtypes: list[str | None] | None = None
    message: str | None = None
    several: bool = False


def _value(node: ast.AST, inputs: list):
    if isinstance(node, ast.Name):
        shape, dtype = inputs[int(node.id[1:])]
        return KerasTensorArg(tuple(shape), dtype)
    if isinstance(node, (ast.List, ast.Tuple)):
        items = [_value(e, inputs) for e in node.elts]
        return items if isinstance(node, ast.List) else tuple(items)
    return ast.literal_eval(node)


def layerlint_op(call: str, inputs: list) -> OpOutcome:
    tree = ast.parse(call, mode="eval").body
    if isinstance(tree, ast.BinOp):
        name, args, kwargs = OPERATORS[type(tree.op)], (tree.left, tree.right), []
    elif isinstance(tree, ast.UnaryOp):
        name, args, kwargs = "negative", (tree.operand,), []
    else:
        assert isinstance(tree, ast.Call) and isinstance(tree.func, ast.Attribute)
        name, args, kwargs = tree.func.attr, tree.args, tree.keywords
    spec = lookup_op(f"keras.ops.{name}")
    assert spec is not None, name
    try:
        bound = bind_op(spec, tuple(_value(a, inputs) for a in args),
                        {k.arg: _value(k.value, inputs) for k in kwargs})
        out = spec.call(bound)
    except Unmodelled:
        return OpOutcome("unknown")
    except LayerError as error:
        return OpOutcome("call", message=error.framework)
    return OpOutcome(None, [tuple(s) for s in out.shapes], list(out.dtypes), several=out.several)


_ORACLE = r'''
import json, os, sys, warnings
os.environ["KERAS_BACKEND"] = "torch"
warnings.simplefilter("ignore")
import keras
from keras import ops
out = []
for call, inputs in json.load(sys.stdin):
    names = {f"t{i}": keras.Input(batch_shape=tuple(s), dtype=d) for i, (s, d) in enumerate(inputs)}
    names["ops"] = ops
    try:
        made = eval(call, names)
    except Exception as e:
        text = str(e)
        out.append({"error": "call", "message": f"{type(e).__name__}: {text}"})
        continue
    several = isinstance(made, (list, tuple))
    made = list(made) if several else [made]
    out.append({"error": None, "shapes": [list(m.shape) for m in made],
                "dtypes": [m.dtype for m in made], "several": several})
json.dump(out, sys.stdout)
'''


def run_in_keras(cases: list[tuple[str, list]]) -> list[OpOutcome]:
    """Every case evaluated by real Keras 3 in one subprocess (Keras imported once)."""
    env = framework_env()
    done = subprocess.run([sys.executable, "-c", _ORACLE], input=json.dumps(cases),
                          capture_output=True, text=True, timeout=900, env=env, check=True)
    return [OpOutcome(r["error"], [tuple(s) for s in r.get("shapes") or []] or None,
                      r.get("dtypes"), r.get("message"), r.get("several", False))
            for r in json.loads(done.stdout)]
