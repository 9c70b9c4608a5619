"""Run a script's source in real Keras 3 (torch backend), in-process, and report what happened.

``run_script(source)`` executes the script as ``python script.py`` would (after rewriting
tf.keras imports to Keras 3, see :func:`rewrite_tf_imports`) and returns a :class:`KerasRun`:

* per ``Sequential`` model created, in creation order: whether it was built and, per layer of
  ``model.layers``, its type, name, output shape and ``count_params()`` once built;
* the first exception (the script stops there): type, message, the script line and the exact
  call that raised, the enclosing statement, the stage (construct / build / fit / predict) and
  the model it belongs to.

This is the oracle of the differential suite; it runs only the test's own scripts (generated or
hand-written), never user code.
"""

from __future__ import annotations

import ast
import contextlib
import io
import os
import re
import warnings
from dataclasses import dataclass, field
from typing import Any

os.environ.setdefault("KERAS_BACKEND", "torch")

SCRIPT_FILENAME = "<layerlint-differential-script>"

# Method name of the call that raised -> the stage layerlint reports for it.
_METHOD_STAGES = {
    "add": "construct",
    "build": "build",
    "fit": "fit",
    "evaluate": "fit",
    "train_on_batch": "fit",
    "test_on_batch": "fit",
    "predict": "predict",
    "predict_on_batch": "predict",
    "compile": "compile",
}


@dataclass(frozen=True)
class StatementSpan:
    """1-based lines and columns, end exclusive (as ``layerlint.ir.Span``)."""

    line: int
    col: int
    end_line: int
    end_col: int

    def contains(self, line: int, col: int, end_line: int, end_col: int) -> bool:
        return (self.line, self.col) <= (line, col) and (end_line, end_col) <= (
            self.end_line,
            self.end_col,
        )


@dataclass
class KerasLayer:
    type: str
    name: str
    output_shape: tuple | None  # None when the layer was never built
    params: int | None
    outputs: tuple[tuple, ...] | None = None  # every output when there are several


@dataclass
class KerasModel:
    name: str  # Keras' own name: "sequential", "sequential_1"
    built: bool
    input_shape: tuple | None
    layers: list[KerasLayer] = field(default_factory=list)


@dataclass
class KerasError:
    type: str
    message: str
    line: int  # the script line of the call that raised
    call: StatementSpan | None  # the call expression that raised (Python 3.11 positions)
    statement: StatementSpan  # the innermost statement around that call
    stage: str | None  # construct | build | fit | predict | compile | None (anything else)
    model: int | None  # index into KerasRun.models, when the error belongs to a model

    def __str__(self) -> str:
        first = self.message.strip().splitlines()[0] if self.message.strip() else ""
        return f"line {self.line} ({self.stage}): {self.type}: {first}"


@dataclass
class KerasRun:
    models: list[KerasModel]
    error: KerasError | None
    warnings: list[str]
    stdout: str

    @property
    def stage(self) -> str | None:
        return self.error.stage if self.error else None


# --- tf.keras -> Keras 3 ------------------------------------------------------------------------

_REWRITES = [
    # `from tensorflow import keras` (optionally aliased)
    (re.compile(r"\bfrom[ \t]+tensorflow[ \t]+import[ \t]+keras\b"), "import keras"),
    # `import tensorflow as tf` / `import tensorflow`: the script then says tf.keras
    (
        re.compile(
            r"^(?P<indent>[ \t]*)import[ \t]+tensorflow([ \t]+as[ \t]+\w+)?[ \t]*$", re.MULTILINE
        ),
        "import keras",
    ),
    (re.compile(r"\btensorflow\.keras\b"), "keras"),
    (re.compile(r"\btf\.keras\b"), "keras"),
]


def rewrite_tf_imports(source: str) -> str:
    """Rewrite a tf.keras script to Keras 3, keeping every line and column where it was.

    Each rewritten piece is padded with spaces to its old length (``tf.keras.layers`` becomes
    ``keras   .layers``, still valid Python), so positions in tracebacks are the original ones.
    A fake ``tensorflow`` module is never injected: Keras probes ``sys.modules`` for it.
    """

    def padded(replacement: str):  # type: ignore[no-untyped-def]
        def replace(match: re.Match[str]) -> str:
            indent = match.groupdict().get("indent") or ""
            return (indent + replacement).ljust(len(match.group(0)))

        return replace

    for pattern, replacement in _REWRITES:
        source = pattern.sub(padded(replacement), source)
    return source


# --- running ------------------------------------------------------------------------------------


def run_script(source: str, *, rewrite: bool = True) -> KerasRun:
    """Execute ``source`` with real Keras 3 and report models and the first exception."""
    import sys

    import keras
    from keras.src.models.functional import Functional
    from keras.src.models.sequential import Sequential

    keras.config.disable_traceback_filtering()  # keep the frames that name the failing model
    keras.utils.clear_session(free_memory=False)  # layer names as in a fresh process
    text = rewrite_tf_imports(source) if rewrite else source
    code = compile(text, SCRIPT_FILENAME, "exec")
    created: list[Any] = []
    original_init = Sequential.__init__

    def recording_init(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        created.append(self)
        original_init(self, *args, **kwargs)

    original_functional = Functional.__init__

    def recording_functional(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        # keras.Model(inputs, outputs); not the Functional a Sequential builds inside itself.
        if type(self) is Functional and "sequential" not in sys._getframe(1).f_code.co_filename:
            created.append(self)
        original_functional(self, *args, **kwargs)

    namespace: dict[str, Any] = {"__name__": "__main__"}
    out = io.StringIO()
    exception: BaseException | None = None
    Sequential.__init__ = recording_init  # type: ignore[method-assign]
    Functional.__init__ = recording_functional  # type: ignore[method-assign]
    try:
        with warnings.catch_warnings(record=True) as caught, contextlib.redirect_stdout(out):
            warnings.simplefilter("always")
            try:
                exec(code, namespace)  # noqa: S102 - the suite's own test scripts
            except Exception as e:  # noqa: BLE001 - any failure of the script is the result
                exception = e
    finally:
        Sequential.__init__ = original_init  # type: ignore[method-assign]
        Functional.__init__ = original_functional  # type: ignore[method-assign]
    error = _describe_error(exception, text, created) if exception else None
    return KerasRun(
        models=[_describe_model(m) for m in created],
        error=error,
        warnings=[str(w.message) for w in caught],
        stdout=out.getvalue(),
    )


def _describe_model(model: Any) -> KerasModel:
    from keras.src.layers.core.input_layer import InputLayer

    first = model._layers[0] if getattr(model, "_layers", None) else None
    input_shape = tuple(first.batch_shape) if isinstance(first, InputLayer) else None
    return KerasModel(
        name=model.name,
        built=bool(model.built),
        input_shape=input_shape,
        layers=[_describe_layer(layer) for layer in model.layers],
    )


def _describe_layer(layer: Any) -> KerasLayer:
    outputs: tuple[tuple, ...] | None = None
    try:
        out = layer.output
    except (AttributeError, ValueError):  # never called on a symbolic input: not built
        out = None
        nodes = getattr(layer, "_inbound_nodes", None)
        if nodes and len(nodes) > 1:  # a shared layer: the output of its first call
            out = nodes[0].outputs
    if out is not None:
        outs = out if isinstance(out, (list, tuple)) else [out]
        outputs = tuple(tuple(o.shape) for o in outs)
    params = layer.count_params() if layer.built else None
    return KerasLayer(
        type=type(layer).__name__,
        name=layer.name,
        output_shape=outputs[0] if outputs else None,
        params=params,
        outputs=outputs if outputs and len(outputs) > 1 else None,
    )


# --- where and at which stage the script raised -------------------------------------------------

# Calls that build a tensor graph: Keras raises there at construct stage.
_GRAPH_CALLS = {
    "Model", "Input", "add", "subtract", "multiply", "average", "maximum", "minimum",
    "concatenate", "dot",
}  # fmt: skip


def _on_symbolic(frame: Any, call: ast.Call) -> bool:
    """Whether a call's first argument is a KerasTensor (a model called as a layer)."""
    import keras

    if not call.args:
        return False
    try:
        value = eval(compile(ast.Expression(call.args[0]), "<arg>", "eval"),  # noqa: S307
                     frame.f_globals, frame.f_locals)
    except Exception:  # noqa: BLE001 - not evaluable again: not symbolic
        return False
    values = value if isinstance(value, (list, tuple)) else [value]
    # keras is tf_keras while tf_keras_runner runs a script: its KerasTensor is not Keras 3's
    return any(isinstance(v, keras.KerasTensor) or type(v).__name__ == "KerasTensor"
               for v in values)


def _describe_error(exc: BaseException, text: str, created: list[Any]) -> KerasError:
    frames = []
    tb = exc.__traceback__
    while tb is not None:
        frames.append((tb.tb_frame, tb.tb_lasti))
        tb = tb.tb_next
    script = [i for i, (f, _) in enumerate(frames) if f.f_code.co_filename == SCRIPT_FILENAME]
    tree = ast.parse(text)
    lines = text.splitlines()
    if not script:  # a compile error of the script itself cannot happen here; be safe
        whole = StatementSpan(1, 1, len(lines) + 1, 1)
        return KerasError(type(exc).__name__, str(exc), 1, None, whole, None, None)
    index = script[-1]
    frame, lasti = frames[index]
    positions = list(frame.f_code.co_positions())[lasti // 2]
    line = positions[0] or frame.f_lineno
    call = None
    if None not in positions:
        ln, end_ln, col, end_col = positions  # type: ignore[misc]
        call = StatementSpan(
            ln, _char_col(lines, ln, col) + 1, end_ln, _char_col(lines, end_ln, end_col) + 1
        )
    statement = _innermost_statement(tree, lines, call, line)
    call_node = _call_node(tree, lines, call) if call else None
    model = _model_of(frames[index:], created)
    stage = _stage(call_node, frame, statement, tree, lines, created)
    return KerasError(type(exc).__name__, str(exc), line, call, statement, stage, model)


def _char_col(lines: list[str], line: int, byte_col: int) -> int:
    """ast / code positions count UTF-8 bytes; layerlint counts characters."""
    text = lines[line - 1] if 0 < line <= len(lines) else ""
    return len(text.encode("utf-8")[:byte_col].decode("utf-8", errors="ignore"))


def _span(node: ast.AST, lines: list[str]) -> StatementSpan:
    return StatementSpan(
        node.lineno,  # type: ignore[attr-defined]
        _char_col(lines, node.lineno, node.col_offset) + 1,  # type: ignore[attr-defined]
        node.end_lineno,  # type: ignore[attr-defined]
        _char_col(lines, node.end_lineno, node.end_col_offset) + 1,  # type: ignore[attr-defined]
    )


def _innermost_statement(
    tree: ast.AST, lines: list[str], call: StatementSpan | None, line: int
) -> StatementSpan:
    best: StatementSpan | None = None
    for node in ast.walk(tree):
        if not isinstance(node, ast.stmt):
            continue
        span = _span(node, lines)
        inside = (
            span.contains(call.line, call.col, call.end_line, call.end_col)
            if call
            else span.line <= line <= span.end_line
        )
        if inside and (
            best is None or best.contains(span.line, span.col, span.end_line, span.end_col)
        ):
            best = span
    return best or StatementSpan(line, 1, line + 1, 1)


def _call_node(tree: ast.AST, lines: list[str], call: StatementSpan) -> ast.Call | None:
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and _span(node, lines) == call:
            return node
    return None


def _model_of(frames: list[tuple[Any, int]], created: list[Any]) -> int | None:
    """The outermost model whose method is on the stack below the script's frame."""
    for frame, _ in frames[1:]:
        owner = frame.f_locals.get("self")
        for i, model in enumerate(created):
            if owner is model:
                return i
    return None


def _stage(
    call: ast.Call | None,
    frame: Any,
    statement: StatementSpan,
    tree: ast.AST,
    lines: list[str],
    created: list[Any],
) -> str | None:
    if call is not None:
        func = call.func
        name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)
        if name in _METHOD_STAGES:
            return _METHOD_STAGES[name]
        if name and name.endswith("Sequential"):
            return "construct"
        if isinstance(func, ast.Call) or name in _GRAPH_CALLS:  # layer(...)(x), keras.Model(...)
            return "construct"
        if isinstance(func, ast.Attribute) and func.attr[:1].isupper() and \
                ast.unparse(func.value).split(".")[-1] == "layers":
            return "construct"  # layers.Dense(None) inside a graph statement: its __init__
        if ".ops." in f".{ast.unparse(func)}" and _on_symbolic(frame, call):
            return "construct"  # keras.ops.reshape(x, ...): an Operation on symbolic tensors
        if ast.unparse(func).startswith("tf.") and _on_symbolic(frame, call):
            return "construct"  # tf.concat([a, b], 1) in tf.keras 2: a TFOpLambda layer
        if isinstance(func, ast.Name):
            value = frame.f_locals.get(name, frame.f_globals.get(name))
            if any(value is m for m in created):
                if _on_symbolic(frame, call):
                    return "construct"  # a model used as a layer on tensors
                return "predict"  # model(x)
            import keras

            if isinstance(value, keras.layers.Layer):
                return "construct"  # a layer object called on symbolic tensors
    # A layer rejecting its arguments inside a Sequential([...]) / model.add(...) statement.
    for node in ast.walk(tree):
        if isinstance(node, ast.stmt) and _span(node, lines) == statement:
            for inner in ast.walk(node):  # x * y on KerasTensors: keras.ops.multiply
                sides = (inner.left, inner.right) if isinstance(inner, ast.BinOp) else \
                    (inner.operand,) if isinstance(inner, ast.UnaryOp) else \
                    (inner.value,) if isinstance(inner, ast.Subscript) else ()  # x[:, 0]
                if any(_on_symbolic(frame, ast.Call(ast.Name("f"), [side], []))
                       for side in sides):
                    return "construct"
            for inner in ast.walk(node):
                if isinstance(inner, ast.Call):
                    f = inner.func
                    n = f.attr if isinstance(f, ast.Attribute) else getattr(f, "id", "")
                    if n.endswith("Sequential") or n == "add":
                        return "construct"
    return None
