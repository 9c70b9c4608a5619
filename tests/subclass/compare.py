"""Compare layerlint's result on a script with subclassed models against a real run
(runner.py): verdict, the line and stage of the first error, the framework's message, and per
model its Keras name, built state and ``model.layers`` (type, name, parameters where layerlint
claims to know them)."""

from __future__ import annotations

from layerlint.results import FileResult


def compare(result: FileResult, run: dict, messages: str = "exact") -> list[str]:
    """``messages``: "exact" compares the framework's whole text; "inner" stops before the
    "Arguments received by" list (a built-in layer's own call() lists arguments of its
    signature, which layerlint does not spell out)."""
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
        if len(mine.layers) != len(theirs["layers"]):
            problems.append(f"{where}: {len(mine.layers)} layers, Keras "
                            f"{len(theirs['layers'])}")
        for layer, keras_layer in zip(mine.layers, theirs["layers"]):
            if (layer.type, layer.name) != (keras_layer["type"], keras_layer["name"]):
                problems.append(f"{where}: layer {layer.type} {layer.name!r}, Keras "
                                f"{keras_layer['type']} {keras_layer['name']!r}")
            elif layer.params is not None and layer.params != keras_layer["params"]:
                problems.append(f"{where}: {layer.name} has {layer.params} params, Keras "
                                f"{keras_layer['params']}")
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
    # fit/evaluate build an unbuilt model first and re-raise a non-ValueError from call() as a
    # new RuntimeError ("Unable to automatically build the model"): its traceback ends at the
    # fit line, while layerlint points at the line inside call() and relates the fit line.
    rebuilt = error["message"].startswith("Unable to automatically build the model")
    lines = {first.span.line} | ({r.span.line for r in first.related} if rebuilt else set())
    if error["line"] not in lines:
        problems.append(f"Keras raised {said}; layerlint's error is at line {first.span.line}: "
                        f"{first.message}")
    if first.stage != error["stage"]:
        problems.append(f"Keras raised {said}; layerlint says stage {first.stage}")
    theirs = f"{error['type']}: {error['message']}"
    mine = first.framework_error or ""
    if messages == "inner":
        theirs, mine = (text.split("\n\nArguments received by")[0] for text in (theirs, mine))
    if mine != theirs:
        problems.append(f"message differs:\n  Keras:     {theirs!r}\n  layerlint: {mine!r}")
    return problems
