"""Compare layerlint's result on a script whose Sequential / functional models use custom
layers against a real run (runner.py, ``variables``: the models the script binds to names):
verdict, the line and stage of the first error, the framework's message up to its argument
list, and per model its name and layers (type, name, parameters and output shape where
layerlint claims to know them)."""

from __future__ import annotations

from layerlint.results import FileResult

from .compare import _keras2_agree, _without_user_code


def compare_stacks(result: FileResult, run: dict, dialect: str = "keras3",
                   source: str = "") -> list[str]:
    problems: list[str] = []
    error = run["error"]
    mine_models = list(result.models)
    if error is None:
        if len(mine_models) != len(run["variables"]):
            problems.append(f"layerlint checks {len(mine_models)} model(s), the script binds "
                            f"{len(run['variables'])}")
        for mine, theirs in zip(mine_models, run["variables"]):
            problems += _layers(mine, theirs)
    errors = [d for d in result.diagnostics if d.severity == "error"]
    first = min(errors, key=lambda d: (d.span.line, d.span.col), default=None)
    if error is None:
        if first is not None:
            problems.append(f"Keras ran cleanly, layerlint reports {first.code} at line "
                            f"{first.span.line}: {first.message}")
        return problems
    said = f"{error['type']} at line {error['line']} ({error['stage']}): " \
        f"{error['message'].splitlines()[0] if error['message'] else ''}"
    if first is None:
        return problems + [f"Keras raised {said}; layerlint reports no error"]
    lines = {first.span.line}
    if error["line"] == error["outer"]:  # the traceback stops at the statement's first line
        lines |= {r.span.line for r in first.related}
        lines |= {_statement_line(source, line) for line in set(lines)}
    if error["line"] not in lines:
        problems.append(f"Keras raised {said}; layerlint's error is at line {first.span.line}: "
                        f"{first.message}")
    if first.stage != error["stage"]:
        problems.append(f"Keras raised {said}; layerlint says stage {first.stage}")
    theirs = f"{error['type']}: {error['message']}"
    mine = first.framework_error or ""
    if dialect == "keras2":
        agree = _keras2_inside(mine, theirs)
    else:
        theirs, mine = (text.split("\n\nArguments received by")[0] for text in (theirs, mine))
        agree = mine == theirs
    if not agree:
        problems.append(f"message differs:\n  Keras:     {theirs!r}\n  layerlint: {mine!r}")
    return problems


def _layers(mine, theirs: dict) -> list[str]:
    problems = []
    where = f"model {mine.display_name}"
    if mine.display_name != theirs["name"]:
        problems.append(f"{where}: Keras names it {theirs['name']!r}")
    if len(mine.layers) != len(theirs["layers"]):
        return problems + [f"{where}: {len(mine.layers)} layers, Keras {len(theirs['layers'])}"]
    for row, keras_layer in zip(mine.layers, theirs["layers"]):
        if (row.type, row.name) != (keras_layer["type"], keras_layer["name"]):
            problems.append(f"{where}: layer {row.type} {row.name!r}, Keras "
                            f"{keras_layer['type']} {keras_layer['name']!r}")
            continue
        if row.params is not None and row.params != keras_layer["params"]:
            problems.append(f"{where}: {row.name} has {row.params} params, Keras "
                            f"{keras_layer['params']}")
        shape = keras_layer.get("output_shape")
        if shape is not None and row.output_shape is not None and \
                list(row.output_shape) != shape:
            problems.append(f"{where}: {row.name} outputs {row.output_shape}, Keras {shape}")
    return problems


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
