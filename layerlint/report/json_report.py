"""``--format json``: one object, field for field as DESIGN.md specifies (a stable contract)."""

from __future__ import annotations

import json
from typing import Any

from ..diagnostics import Diagnostic, Edit, Fix
from ..ir import Unfollowed
from ..results import FileResult, LayerReport, ModelReport
from ..shapes import to_json
from .common import cell_position, model_counts

JSON_VERSION = 1


def edit_json(e: Edit) -> dict[str, Any]:
    return {"line": e.line, "col": e.col, "end_line": e.end_line, "end_col": e.end_col,
            "text": e.text}


def fix_json(f: Fix) -> dict[str, Any]:
    return {"title": f.title, "safe": f.safe, "edits": [edit_json(e) for e in f.edits]}


def diagnostic_json(d: Diagnostic) -> dict[str, Any]:
    return {
        "code": d.code,
        "severity": d.severity,
        "line": d.span.line,
        "col": d.span.col,
        "end_line": d.span.end_line,
        "end_col": d.span.end_col,
        "message": d.full_message,
        "model": d.model,
        "layer": d.layer,
        "stage": d.stage,
        "fixes": [fix_json(f) for f in d.fixes],
    }


def layer_json(layer: LayerReport) -> dict[str, Any]:
    # A torch container that is never called itself (ModuleList/ModuleDict) has no output; the
    # table prints "--" for it, JSON null rather than [] (which would read as a scalar).
    uncalled = layer.input_shape is None and layer.output_shape == ()
    entry = {
        "index": layer.index,
        "type": layer.type,
        "line": layer.line,
        "input_shape": to_json(layer.input_shape),
        "output_shape": None if uncalled else to_json(layer.output_shape),
        "params": layer.params,
    }
    # A layer returning several tensors (nn.LSTM's output, h_n, c_n; Keras return_state):
    # output_shape is the first, as torchinfo and model.summary() show it; every one, in order.
    if layer.outputs and len(layer.outputs) > 1:
        entry["outputs"] = [to_json(shape) for shape in layer.outputs]
    return entry


def model_json(model: ModelReport) -> dict[str, Any]:
    return {
        "name": model.name,
        "framework": model.framework,
        "dialect": model.dialect,
        "line": model.line,
        "input_shape": to_json(model.input_shape),
        "layers": [layer_json(layer) for layer in model.layers],
        "total_params": model.total_params,
    }


def unfollowed_json(item: Unfollowed) -> dict[str, Any]:
    return {"kind": item.kind, "name": item.name, "framework": item.framework,
            "line": item.span.line, "col": item.span.col, "end_line": item.span.end_line,
            "end_col": item.span.end_col, "reason": item.reason}


def file_json(result: FileResult) -> dict[str, Any]:
    entry = {
        "path": result.path,
        # a model whose call() is not followed is listed under "unfollowed" only
        "models": [model_json(m) for m in result.models if m.unfollowed is None],
        "diagnostics": [_in_cell(result, diagnostic_json(d))
                        for d in sorted(result.diagnostics, key=_order)],
        "unfollowed": [unfollowed_json(u) for u in getattr(result, "unfollowed", [])],
    }
    if result.keras_backend is not None:  # a file with Keras 3 models: which backend, and why
        entry["keras_backend"] = {"name": result.keras_backend,
                                  "reason": result.keras_backend_reason}
    return entry


def report_json(results: list[FileResult]) -> dict[str, Any]:
    return {"version": JSON_VERSION, "summary": model_counts(results),
            "files": [file_json(r) for r in results]}


def render_json(results: list[FileResult]) -> str:
    return json.dumps(report_json(results), indent=2, ensure_ascii=False) + "\n"


def _in_cell(result: FileResult, entry: dict[str, Any]) -> dict[str, Any]:
    """A notebook's finding also carries ``cell`` and ``cell_line`` (DESIGN.md); ``line``
    stays the line of the joined source, which the fixes' edits use."""
    position = cell_position(result, entry["line"])
    if position is not None:
        entry["cell"], entry["cell_line"] = position
    return entry


def _order(d: Diagnostic) -> tuple:
    return d.sort_key
