"""Compare what layerlint says about a script with what real Keras 3 did when it ran it.

``compare(result, run)`` returns a readable list of mismatches (empty when they agree):

* models, in creation order: layerlint's Keras models against the ``Sequential`` models Keras
  created; per layer, type and name, and the output shape and parameter count wherever
  layerlint's value is not None (what layerlint claims to know);
* errors: if Keras raised, layerlint's first error-severity diagnostic (in execution order) must
  lie inside the statement that raised and carry the same stage; if Keras ran cleanly, layerlint
  must report no error.

``coverage(result, run)`` counts the layers Keras built and how many of them layerlint knew the
output shape of.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from layerlint.diagnostics import Diagnostic
from layerlint.replay.keras.latent import EVERY_INPUT
from layerlint.results import FileResult, LayerReport

from .keras_runner import KerasLayer, KerasRun


def compare(result: FileResult, run: KerasRun) -> list[str]:
    """Every disagreement between layerlint's result and Keras' run, as readable lines."""
    problems: list[str] = []
    models = [m for m in result.models if m.framework == "keras"]
    # A script that raised may stop before creating every model layerlint sees in the source.
    if len(models) != len(run.models) and not (run.error and len(models) > len(run.models)):
        problems.append(
            f"models: layerlint found {len(models)} Keras model(s), Keras created {len(run.models)}"
        )
    for index, (mine, theirs) in enumerate(zip(models, run.models)):
        where = f"model {index} ({mine.name})"
        if mine.display_name and mine.display_name != theirs.name:
            problems.append(f"{where}: named {mine.display_name!r}, Keras {theirs.name!r}")
        if run.error is None:
            if len(mine.layers) != len(theirs.layers):
                problems.append(
                    f"{where}: {len(mine.layers)} layers, Keras has {len(theirs.layers)}"
                )
            if mine.built != theirs.built:
                problems.append(f"{where}: built={mine.built}, Keras built={theirs.built}")
        for layer, keras_layer in zip(mine.layers, theirs.layers):
            problems += _compare_layer(f"{where} layer {layer.index}", layer, keras_layer, run)
    problems += _compare_errors(result, run)
    return problems


def _compare_layer(where: str, mine: LayerReport, theirs: KerasLayer, run: KerasRun) -> list[str]:
    problems = []
    if mine.type != theirs.type:
        problems.append(f"{where}: type {mine.type}, Keras {theirs.type}")
        return problems
    if mine.name != theirs.name:
        problems.append(f"{where} ({mine.type}): named {mine.name!r}, Keras {theirs.name!r}")
    if mine.output_shape is not None:
        if theirs.output_shape is None:
            if run.error is None:  # after an error, Keras never reached the layer: no claim
                problems.append(
                    f"{where} ({mine.type}): output {_fmt(mine.output_shape)}, but Keras never "
                    "built the layer"
                )
        elif not shapes_agree(mine.output_shape, theirs.output_shape):
            problems.append(
                f"{where} ({mine.type}): output {_fmt(mine.output_shape)}, "
                f"Keras {_fmt(theirs.output_shape)}"
            )
    if mine.params is not None:
        if theirs.params is None:
            if run.error is None:
                problems.append(
                    f"{where} ({mine.type}): {mine.params} params, but Keras never built the layer"
                )
        elif mine.params != theirs.params:
            problems.append(f"{where} ({mine.type}): {mine.params} params, Keras {theirs.params}")
    return problems


def shapes_agree(mine: tuple, theirs: tuple) -> bool:
    """layerlint's shape against Keras' (batch axis first).

    A str dimension is unknown to layerlint and agrees with anything. A free batch axis (None)
    agrees with the concrete batch Keras shows when the model was built from data (the first
    batch, ``min(batch_size, samples)``). Everything else must be equal.
    """
    if len(mine) != len(theirs):
        return False
    for axis, (a, b) in enumerate(zip(mine, theirs)):
        if isinstance(a, str):
            continue
        if axis == 0 and a is None:
            continue
        if a != b:
            return False
    return True


def keras_message(error: Any) -> str:
    """Keras' exception as layerlint carries it: "Type: message", without terminal colours; an
    exception raised inside ``Model.call`` keeps its first line and the bold inner message
    (not the arguments Keras prints after it)."""
    text = error.message
    inner = re.search("\x1b\\[1m(.*?)\x1b\\[0m", text, re.S)
    if text.startswith("Exception encountered when calling") and inner:
        text = f"{text.splitlines()[0]} {inner.group(1)}"
    return f"{error.type}: {_COLOURS.sub('', text)}"


_COLOURS = re.compile("\x1b\\[[0-9;]*m")


def first_error(result: FileResult) -> Diagnostic | None:
    """layerlint's first error-severity diagnostic in execution (source) order. A latent
    contradiction of a model nothing builds ("fails for every input") is no claim about this
    run: tests/test_keras_latent.py checks those against Keras on inputs of every rank."""
    errors = [d for d in result.diagnostics if d.severity == "error"
              and not (d.stage is None and d.message.endswith(EVERY_INPUT))]
    return min(errors, key=lambda d: (d.span.line, d.span.col), default=None)


def _compare_errors(result: FileResult, run: KerasRun) -> list[str]:
    mine = first_error(result)
    theirs = run.error
    if theirs is None:
        if mine is None:
            return []
        return [f"Keras ran cleanly, layerlint reports {_diag(mine)}"]
    if mine is None:
        return [f"Keras raised at {theirs}; layerlint reports no error"]
    problems = []
    s = mine.span
    if not theirs.statement.contains(s.line, s.col, s.end_line, s.end_col):
        st = theirs.statement
        problems.append(
            f"Keras raised in the statement at {st.line}:{st.col}-{st.end_line}:{st.end_col} "
            f"({theirs}); layerlint's first error is outside it: {_diag(mine)}"
        )
    if mine.stage != theirs.stage:
        problems.append(
            f"Keras raised at stage {theirs.stage} ({theirs}); layerlint says stage "
            f"{mine.stage}: {_diag(mine)}"
        )
    return problems


@dataclass
class Coverage:
    known: int = 0  # layers Keras built whose output shape layerlint knew
    total: int = 0  # layers Keras built

    def add(self, other: Coverage) -> None:
        self.known += other.known
        self.total += other.total

    @property
    def share(self) -> float:
        return self.known / self.total if self.total else 1.0


def coverage(result: FileResult, run: KerasRun) -> Coverage:
    """How many of the layers Keras built layerlint knew the output shape of."""
    cov = Coverage()
    models = [m for m in result.models if m.framework == "keras"]
    for index, theirs in enumerate(run.models):
        mine = models[index].layers if index < len(models) else []
        for i, layer in enumerate(theirs.layers):
            if layer.output_shape is None:
                continue
            cov.total += 1
            if i < len(mine) and mine[i].output_shape is not None:
                cov.known += 1
    return cov


def _fmt(shape: tuple | None) -> str:
    if shape is None:
        return "?"
    inner = ", ".join("None" if d is None else str(d) for d in shape)
    return f"({inner},)" if len(shape) == 1 else f"({inner})"


def _diag(d: Diagnostic) -> str:
    s = d.span
    return f"{d.code} at {s.line}:{s.col}-{s.end_line}:{s.end_col} (stage {d.stage}): {d.message}"
