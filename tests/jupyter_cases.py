"""Seeded notebooks for the extension's differential test: the differential suites' random
scripts (Keras 3 ``Sequential`` stacks with their data and fit, torch stacks called on a tensor),
cut into cells at random statement boundaries, so models, data and the calls that meet them
land in different cells. Each case starts with ``%layerlint reset`` (the cases share a kernel).

The verdict of each cell is read from the notebook run: real Keras or torch raises in the cell
or not, and layerlint showed an error for that cell or not (``cell_verdicts``)."""

from __future__ import annotations

import ast
import random
from dataclasses import dataclass
from typing import Any

from layerlint import pipeline

from differential.generator import generate as generate_keras
from differential.keras_runner import rewrite_tf_imports
from torch_differential.generator import generate as generate_torch

RESET = "%layerlint reset"
EVERY_INPUT = "(this fails for every input)"  # a claim about a model, before any call


@dataclass
class NotebookCase:
    seed: int
    framework: str  # "keras" | "torch"
    cells: list[str]  # without the reset cell


def split_cells(source: str, rng: random.Random) -> list[str]:
    """The script's top-level statements, grouped into cells at random boundaries (imports
    always in a cell of their own at the top, as notebooks usually start)."""
    lines = source.splitlines()
    statements = ast.parse(source).body
    starts = [min([s.lineno, *(d.lineno for d in getattr(s, "decorator_list", []))])
              for s in statements]
    pieces = ["\n".join(lines[start - 1:(starts[i + 1] - 1 if i + 1 < len(starts) else None)])
              .strip("\n") for i, start in enumerate(starts)]
    cells: list[list[str]] = []
    for statement, piece in zip(statements, pieces):
        is_import = isinstance(statement, (ast.Import, ast.ImportFrom))
        joins = cells and (is_import == cells[-1][0].startswith(("import ", "from "))) and (
            is_import or rng.random() < 0.45)
        if joins:
            cells[-1].append(piece)
        else:
            cells.append([piece])
    return ["\n".join(cell) for cell in cells]


def keras_case(seed: int) -> NotebookCase:
    script = generate_keras(seed)
    source = rewrite_tf_imports(script.source)
    return NotebookCase(seed, "keras", split_cells(source, random.Random(seed)))


def torch_case(seed: int) -> NotebookCase:
    script = generate_torch(seed)
    return NotebookCase(seed, "torch", split_cells(script.source, random.Random(seed)))


def layerlint_errors(outputs: list[Any]) -> list[str]:
    """The error findings layerlint displayed for a cell (each finding's HTML block)."""
    shown = []
    for output in outputs:
        if output["output_type"] != "display_data":
            continue
        blocks = output["data"].get("text/html", "").split('<div class="layerlint-finding"')[1:]
        shown += [block for block in blocks if 'data-severity="error"' in block]
    return shown


def raised(outputs: list[Any]) -> str | None:
    return next((o["ename"] for o in outputs if o["output_type"] == "error"), None)


def script_errors(cells: list[str]) -> list[str]:
    """The errors layerlint finds in the cells joined as one script (the command line's view)."""
    result = pipeline.check_source("\n".join(cells) + "\n", "case.py", verify_fixes=False,
                                   dialect="keras3")
    return [f"{d.code} {d.message}" for d in result.diagnostics if d.severity == "error"]


@dataclass
class Verdicts:
    """What one case's notebook run says: the extension's disagreements with the framework, and
    errors the framework raised that layerlint's analysis misses on the script as well (not the
    extension's doing: the script-level suites own them)."""

    disagreements: list[str]
    missed: int = 0
    raised_after_context: bool = False  # raised in a cell that does not create the model


def verdicts(case: NotebookCase, outputs: list[list[Any]]) -> Verdicts:
    """Up to the first cell that raises (later cells meet what the error left): layerlint shows
    an error for a cell exactly when the framework raises in it — or earlier, for a model that
    fails for every input (a claim about the model, true before any call). A cell that raises
    unannounced is the extension's fault only if the joined script up to it has an error."""
    found = Verdicts([])
    for number, (source, cell_outputs) in enumerate(zip(case.cells, outputs), start=1):
        errors, error = layerlint_errors(cell_outputs), raised(cell_outputs)
        if error and not errors:
            if script_errors(case.cells[:number]):
                found.disagreements.append(
                    f"cell {number}: {error} raised, layerlint showed no error")
            else:
                found.missed += 1
        elif errors and not error and not all(EVERY_INPUT in block for block in errors):
            found.disagreements.append(
                f"cell {number}: layerlint showed an error, nothing raised:\n{errors[0]}")
        if error:
            found.raised_after_context = "model =" not in source
            break
    return found
