"""Compare layerlint's result on a script against a real run (runner.py): verdict, the line and
stage of the first error, the framework's message, and per model its Keras name, built state and
``model.layers`` (type, name, parameters, output shapes where layerlint claims to know them) -
the subclassed models a script makes (``compare``), or every model it binds to a name
(``compare_stacks``: Sequential / functional models with custom layers)."""

from __future__ import annotations

import re
from typing import Any

from layerlint.results import FileResult


def compare(result: FileResult, run: dict, messages: str = "exact") -> list[str]:
    """A script's subclassed models (``run["models"]``) and its first error. ``messages``:
    "exact" compares the framework's whole text; "inner" stops before the "Arguments received
    by" list (a built-in layer's own call() lists arguments of its signature, which layerlint
    does not spell out); "keras2": tf.keras 2's text inside ``fit``/``predict`` follows "in
    user code:" and a traceback of its own frames (dropped here), and TensorFlow op errors end
    with the op's node definition: layerlint's text up to the argument list must be a prefix
    of the real one."""
    problems: list[str] = []
    mine_models = [m for m in result.models if m.class_name is not None]
    theirs_models = run["models"]
    error = run["error"]
    if len(mine_models) != len(theirs_models) and not (error and len(mine_models) >
                                                       len(theirs_models)):
        problems.append(f"layerlint follows {len(mine_models)} subclassed model(s), Keras made "
                        f"{len(theirs_models)}")
    for mine, theirs in zip(mine_models, theirs_models):
        where = f"model {mine.name} ({theirs['class']})"
        if mine.display_name != theirs["name"]:
            problems.append(f"{where}: named {mine.display_name!r}, Keras {theirs['name']!r}")
        if error is None and mine.built != theirs["built"]:
            problems.append(f"{where}: built={mine.built}, Keras {theirs['built']}")
        problems += _layers(where, mine, theirs)
    return problems + first_error(result, run, messages)


def compare_stacks(result: FileResult, run: dict, dialect: str = "keras3",
                   source: str = "", backend: str = "torch") -> list[str]:
    """A script whose Sequential / functional models use custom layers: every model the
    script binds to a name (``run["variables"]``: names, layers, parameters and output shapes
    where layerlint claims them) and its first error, the message up to its argument list
    (tf.keras 2: its heading and error both in the real text)."""
    problems: list[str] = []
    if run["error"] is None:
        mine_models = list(result.models)
        if len(mine_models) != len(run["variables"]):
            problems.append(f"layerlint checks {len(mine_models)} model(s), the script binds "
                            f"{len(run['variables'])}")
        for mine, theirs in zip(mine_models, run["variables"]):
            where = f"model {mine.display_name}"
            if mine.display_name != theirs["name"]:
                problems.append(f"{where}: Keras names it {theirs['name']!r}")
            problems += _layers(where, mine, theirs, shapes=True)
    return problems + first_error(result, run, "keras2-inside" if dialect == "keras2"
                                  else "inner-tf" if backend == "tensorflow" else "inner",
                                  source)


def _layers(where: str, mine: Any, theirs: dict, shapes: bool = False) -> list[str]:
    """``model.layers``: type and name, parameters (and output shapes) layerlint claims."""
    if len(mine.layers) != len(theirs["layers"]):
        return [f"{where}: {len(mine.layers)} layers, Keras {len(theirs['layers'])}"]
    problems = []
    for layer, keras_layer in zip(mine.layers, theirs["layers"]):
        if (layer.type, layer.name) != (keras_layer["type"], keras_layer["name"]):
            problems.append(f"{where}: layer {layer.type} {layer.name!r}, Keras "
                            f"{keras_layer['type']} {keras_layer['name']!r}")
            continue
        if layer.params is not None and layer.params != keras_layer["params"]:
            problems.append(f"{where}: {layer.name} has {layer.params} params, Keras "
                            f"{keras_layer['params']}")
        shape = keras_layer.get("output_shape") if shapes else None
        if shape is not None and layer.output_shape is not None and \
                list(layer.output_shape) != shape:
            problems.append(f"{where}: {layer.name} outputs {layer.output_shape}, Keras {shape}")
    return problems


def first_error(result: FileResult, run: dict, messages: str, source: str = "") -> list[str]:
    """The first error: Keras raised it or not, at which line (inside call()), stage, text."""
    error = run["error"]
    errors = [d for d in result.diagnostics if d.severity == "error"]
    first = min(errors, key=lambda d: (d.span.line, d.span.col), default=None)
    if error is None:
        if first is not None:
            return [f"Keras ran cleanly, layerlint reports {first.code} at line "
                    f"{first.span.line}: {first.message}"]
        return []
    said = f"{error['type']} at line {error['line']} ({error['stage']}): " \
        f"{error['message'].splitlines()[0] if error['message'] else ''}"
    if first is None:
        return [f"Keras raised {said}; layerlint reports no error"]
    problems = []
    # fit/evaluate build an unbuilt model first and re-raise a non-ValueError from call() as a
    # new RuntimeError ("Unable to automatically build the model"): its traceback ends at the
    # fit line, while layerlint points at the line inside call() and relates the fit line.
    # Likewise when the traceback does not reach into call() at all (tf.keras 2's build, a
    # layer of a Sequential built where the statement that makes it starts).
    rebuilt = error["message"].startswith("Unable to automatically build the model") or \
        error["line"] == error["outer"]
    lines = {first.span.line} | ({r.span.line for r in first.related} if rebuilt else set())
    if rebuilt and source:
        lines |= {_statement_line(source, line) for line in set(lines)}
    if error["line"] not in lines:
        problems.append(f"Keras raised {said}; layerlint's error is at line {first.span.line}: "
                        f"{first.message}")
    if first.stage != error["stage"]:
        problems.append(f"Keras raised {said}; layerlint says stage {first.stage}")
    theirs = f"{error['type']}: {error['message']}"
    mine = first.framework_error or ""
    if messages == "keras2":
        theirs = _without_user_code(theirs)
        mine = mine.split("\n\nCall arguments received by")[0]
        agree = _keras2_agree(mine, theirs)
    elif messages == "keras2-inside":
        agree = _keras2_inside(mine, theirs)
    else:
        if messages in ("inner", "inner-tf"):
            theirs, mine = (text.split("\n\nArguments received by")[0]
                            for text in (theirs, mine))
        if messages == "inner-tf":
            theirs = without_tf_node(theirs)
            # the variable's path (model/layer/kernel): layerlint quotes up to it (both backends)
            theirs = _VARIABLE_PATH.sub(".", theirs)
        agree = mine == theirs
    if not agree:
        problems.append(f"message differs:\n  Keras:     {theirs!r}\n  layerlint: {mine!r}")
    return problems


# A TensorFlow graph op's error ends with its node, whose operand names (``Placeholder``,
# ``dense_1_2/BiasAdd``) follow TensorFlow's graph naming; layerlint quotes up to the node.
_TF_NODE = re.compile(r" for '\{\{node [^}]*\}\}[^']*' with input shapes: [^\n]*?\.(?=\n|$)")


_VARIABLE_PATH = re.compile(r"\. Received: shape=\([^)]*\) for variable path='[^']*'$")


def without_tf_node(text: str) -> str:
    """TensorFlow's "Dimensions must be equal, but are 8 and 4 for '{{node add}} = ...' with
    input shapes: [?,8], [?,4]." up to the node (custom_layer.py)."""
    return _TF_NODE.sub("", text)


def _without_user_code(text: str) -> str:
    """tf.keras 2 inside a tf.function: "ValueError: in user code: <frames> <the error>",
    the error indented by four spaces; the error alone, as raised eagerly."""
    if not text.startswith("ValueError: in user code:"):
        return text
    lines = text.splitlines()
    start = max((i for i, line in enumerate(lines) if re.match(r"    \w+Error: ", line)),
                default=0)
    return "\n".join(line[4:] if line.startswith("    ") else line.strip()
                     for line in lines[start:]).strip()


def _keras2_agree(mine: str, theirs: str) -> bool:
    """layerlint's text is a prefix of tf.keras 2's; " ... " in it stands for TensorFlow's node
    definition; a "Graph execution error" (raised while the step runs) names the op's error
    after its traceback."""
    if theirs.startswith(mine):
        return True
    if " ... " in mine:
        head, tail = mine.split(" ... ", 1)
        return theirs.startswith(head) and tail in theirs
    if theirs.startswith("InvalidArgumentError: Graph execution error"):
        if mine.partition(": ")[2] in theirs:
            return True
        # the traced step names the two operands the other way round
        pattern = r"Incompatible shapes: (\[[^\]]*\]) vs. (\[[^\]]*\])"
        said, real = re.search(pattern, mine), re.search(pattern, theirs)
        return bool(said and real and {said.group(1), said.group(2)} ==
                    {real.group(1), real.group(2)})
    return False


def _keras2_inside(mine: str, theirs: str) -> bool:
    """tf.keras 2 words an error inside a custom layer's call() as "Exception encountered when
    calling layer "block" (type Block)." then (inside fit/predict) "in user code:" and frames,
    and the error, TensorFlow's op errors ending with the op's node definition: layerlint's
    heading and error must both be in the real text (indentation aside)."""
    head, _, inner = mine.partition(").\n\n")
    flat = " ".join(theirs.split())
    if not inner or "(type " not in head:
        text = mine.partition(": ")[2] or mine
        return _keras2_agree(mine, _without_user_code(theirs)) or " ".join(text.split()) in flat
    head_text = head.partition(": ")[2] + ")."
    return " ".join(head_text.split()) in flat and " ".join(inner.split()) in flat


def _statement_line(source: str, line: int) -> int:
    """The first line of the top-level statement holding ``line`` (a multi-line
    ``Sequential([...])``: Python's traceback names the statement's first line)."""
    import ast

    for statement in ast.parse(source).body if source else []:
        if statement.lineno <= line <= (statement.end_lineno or statement.lineno):
            return statement.lineno
    return line
