"""The JSON report, field for field against DESIGN.md (a schema with additionalProperties false)."""

from __future__ import annotations

import ast
import json

import jsonschema
import pytest

from layerlint.diagnostics import Diagnostic, Edit, Fix
from layerlint.ir import Span
from layerlint.report.fixing import EditError, apply_edits, apply_fix, unified_diff
from layerlint.report.json_report import render_json
from layerlint.results import FileResult, LayerReport, ModelReport

DIM = {"type": ["integer", "string", "null"]}
SHAPE = {"type": ["array", "null"], "items": DIM}
POSITIVE = {"type": "integer", "minimum": 1}


def strict(properties: dict) -> dict:
    return {"type": "object", "properties": properties, "required": list(properties),
            "additionalProperties": False}


EDIT = strict({"line": POSITIVE, "col": POSITIVE, "end_line": POSITIVE, "end_col": POSITIVE,
               "text": {"type": "string"}})
FIX = strict({"title": {"type": "string"}, "safe": {"type": "boolean"},
              "edits": {"type": "array", "items": EDIT}})
DIAGNOSTIC = strict({
    "code": {"type": "string", "pattern": "^LL[0-9]{3}$"},
    "severity": {"enum": ["error", "warning", "info"]},
    "line": POSITIVE, "col": POSITIVE, "end_line": POSITIVE, "end_col": POSITIVE,
    "message": {"type": "string"},
    "model": {"type": ["string", "null"]},
    "layer": {"type": ["integer", "null"]},
    "stage": {"enum": ["construct", "build", "fit", "predict", "forward", None]},
    "fixes": {"type": "array", "items": FIX},
})
# A notebook's finding also says where it is in the notebook (optional: scripts have no cells).
DIAGNOSTIC["properties"].update(cell=POSITIVE, cell_line=POSITIVE)
LAYER = strict({
    "index": {"type": "integer", "minimum": 0}, "type": {"type": "string"}, "line": POSITIVE,
    "input_shape": SHAPE, "output_shape": SHAPE, "params": {"type": ["integer", "null"]},
})
# A layer returning several tensors lists them all (optional: most return one).
LAYER["properties"].update(outputs={"type": "array", "items": SHAPE})
MODEL = strict({
    "name": {"type": "string"}, "framework": {"enum": ["keras", "torch"]},
    "dialect": {"enum": ["keras3", "keras2", "torch"]}, "line": POSITIVE, "input_shape": SHAPE,
    "layers": {"type": "array", "items": LAYER}, "total_params": {"type": ["integer", "null"]},
})
UNFOLLOWED = strict({
    "kind": {"type": "string"}, "name": {"type": "string"},
    "framework": {"enum": ["keras", "torch"]},
    "line": POSITIVE, "col": POSITIVE, "end_line": POSITIVE, "end_col": POSITIVE,
    "reason": {"type": "string"},
})
FILE = strict({"path": {"type": "string"}, "models": {"type": "array", "items": MODEL},
               "diagnostics": {"type": "array", "items": DIAGNOSTIC},
               "unfollowed": {"type": "array", "items": UNFOLLOWED}})
# A file with Keras 3 models says which backend they run on, and why (optional: only then).
FILE["properties"]["keras_backend"] = strict({
    "name": {"enum": ["tensorflow", "torch", "jax", "numpy", "openvino"]},
    "reason": {"type": "string"}})
COUNT = {"type": "integer", "minimum": 0}
SUMMARY = strict({"files": COUNT, "models_checked": COUNT, "models_not_followed": COUNT})
SCHEMA = strict({"version": {"const": 1}, "summary": SUMMARY,
                 "files": {"type": "array", "items": FILE}})

SEED1 = """\
import numpy as np
from tensorflow import keras

model = keras.Sequential([
    keras.layers.LSTM(64, input_shape=(None, 10)),
    keras.layers.Dense(1)
])

data = np.random.rand(100, 10)
model.compile(optimizer='adam', loss='mse')
model.fit(data, np.random.rand(100,1))
"""


def seed1_result() -> FileResult:
    model = ModelReport(
        name="model", framework="keras", dialect="keras3", line=4, input_shape=(None, None, 10),
        layers=[
            LayerReport(0, "LSTM", "lstm", 5, (None, None, 10), (None, 64), 19200),
            LayerReport(1, "Dense", "dense", 6, (None, 64), (None, 1), 65),
        ],
        display_name="sequential", built=True,
    )
    fix = Fix("Reshape the data to (100, 1, 10)",
              [Edit(9, 8, 9, 31, "np.random.rand(100, 1, 10)")])
    finding = Diagnostic("LL201", "error", Span(11, 11, 11, 15),
                         "fit() receives x of shape (100, 10); the model expects (None, None, 10)",
                         model="model", layer=0, stage="fit", fixes=[fix],
                         framework_error="ValueError: Invalid input shape")
    note = Diagnostic("LL902", "info", Span(1, 1, 1, 5), "a note")
    unknown = ModelReport(name="m2", framework="keras", dialect="keras3", line=12,
                          input_shape=None,
                          layers=[LayerReport(0, "Lambda", "lambda", 13, ("?",), None, None)])
    return FileResult("seed1.py", SEED1, models=[model, unknown], diagnostics=[finding, note])


def test_json_matches_the_contract_exactly():
    data = json.loads(render_json([seed1_result()]))
    jsonschema.validate(data, SCHEMA)
    model = data["files"][0]["models"][0]
    assert model["input_shape"] == [None, None, 10]
    assert model["total_params"] == 19265
    assert model["layers"][0] == {"index": 0, "type": "LSTM", "line": 5,
                                  "input_shape": [None, None, 10], "output_shape": [None, 64],
                                  "params": 19200}
    # an anonymous unknown dim is null, an unknown total is null, never a guess
    unknown = data["files"][0]["models"][1]
    assert unknown["layers"][0]["input_shape"] == [None]
    assert unknown["total_params"] is None
    diagnostic = data["files"][0]["diagnostics"][0]
    assert diagnostic["code"] == "LL902"  # sorted by position; JSON always has info notes
    assert data["files"][0]["diagnostics"][1]["stage"] == "fit"


def test_schema_rejects_an_extra_field():
    data = json.loads(render_json([seed1_result()]))
    data["files"][0]["diagnostics"][0]["extra"] = 1
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(data, SCHEMA)


def test_each_fix_applies_to_valid_python():
    data = json.loads(render_json([seed1_result()]))
    for diagnostic in data["files"][0]["diagnostics"]:
        for fix in diagnostic["fixes"]:
            edits = [Edit(**e) for e in fix["edits"]]
            fixed = apply_edits(SEED1, edits)
            ast.parse(fixed)
            assert "np.random.rand(100, 1, 10)" in fixed


def test_apply_edits_semantics():
    text = "abc\ndef\n"
    assert apply_edits(text, [Edit(1, 2, 1, 3, "X")]) == "aXc\ndef\n"
    assert apply_edits(text, [Edit(2, 1, 2, 1, ">")]) == "abc\n>def\n"  # insertion
    assert apply_edits(text, [Edit(1, 4, 2, 1, "")]) == "abcdef\n"  # join lines
    assert apply_edits(text, [Edit(1, 1, 1, 2, "1"), Edit(2, 3, 2, 4, "2")]) == "1bc\nde2\n"
    assert apply_edits(text, [Edit(3, 1, 3, 1, "tail\n")]) == "abc\ndef\ntail\n"
    with pytest.raises(EditError):
        apply_edits(text, [Edit(1, 1, 1, 3, "x"), Edit(1, 2, 1, 4, "y")])
    with pytest.raises(EditError):
        apply_edits(text, [Edit(7, 1, 7, 1, "x")])
    assert apply_fix("é=1\n", Fix("t", [Edit(1, 2, 1, 3, " = ")])) == "é = 1\n"


def test_unified_diff():
    diff = unified_diff("a.py", "x = 1\n", "x = 2\n")
    assert diff.splitlines()[:2] == ["--- a/a.py", "+++ b/a.py"]
    assert "-x = 1" in diff and "+x = 2" in diff


def test_json_message_carries_the_framework_error():
    from layerlint.diagnostics import Diagnostic
    from layerlint.ir import Span
    from layerlint.report.json_report import diagnostic_json

    d = Diagnostic("LL101", "error", Span(7, 5, 7, 26), "LSTM expects 3-D input",
                   framework_error="ValueError: expected ndim=3, found ndim=2")
    assert diagnostic_json(d)["message"] == (
        "LSTM expects 3-D input \u2014 ValueError: expected ndim=3, found ndim=2"
    )
    assert diagnostic_json(Diagnostic("LL404", "warning", Span(1, 1, 1, 2), "m"))["message"] == "m"


def test_a_torch_container_that_is_never_called_has_no_output_shape():
    """ModuleList/ModuleDict rows (torchinfo prints "--") are null, not [] (a scalar's shape)."""
    from pathlib import Path

    from layerlint.pipeline import check_file

    script = Path(__file__).parent / "torch_differential/scripts/moduledict_heads_ok.py"
    document = json.loads(render_json([check_file(str(script))]))
    layers = document["files"][0]["models"][0]["layers"]
    containers = [layer for layer in layers if layer["type"] in ("ModuleList", "ModuleDict")]
    assert len(containers) == 2
    assert all(layer["output_shape"] is None for layer in containers)
    assert [layer["output_shape"] for layer in layers if layer["type"] == "Linear"][-1] == [4, 5]
