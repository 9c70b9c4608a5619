"""SARIF 2.1.0 and GitHub Actions annotations."""

from __future__ import annotations

import json

from layerlint import rules
from layerlint.diagnostics import Diagnostic, Edit, Fix, Related
from layerlint.ir import Span
from layerlint.report.github import render_github
from layerlint.report.sarif import render_sarif
from layerlint.results import FileResult


def result() -> FileResult:
    d = Diagnostic("LL101", "error", Span(7, 5, 7, 26), "LSTM expects 3-D, got (None, 640)",
                   framework_error="ValueError: expected ndim=3, found ndim=2",
                   related=[Related(Span(6, 5, 6, 27), "Flatten produces (None, 640)")],
                   fixes=[Fix("Remove the Flatten layer", [Edit(6, 1, 7, 1, "")])])
    w = Diagnostic("LL401", "warning", Span(3, 1, 3, 9), "Dense on a 3-D tensor, 50%\nsecond")
    n = Diagnostic("LL901", "info", Span(2, 1, 2, 4), "Lambda is not modelled")
    return FileResult("src/m,odel.py", "x\n" * 8, diagnostics=[d, w, n])


def test_sarif_structure():
    data = json.loads(render_sarif([result()]))
    assert data["version"] == "2.1.0"
    run = data["runs"][0]
    driver = run["tool"]["driver"]
    assert driver["name"] == "layerlint"
    ids = [r["id"] for r in driver["rules"]]
    assert ids == sorted(ids)
    assert {"LL101", "LL401", "LL901"} <= set(ids)
    assert {r.code for r in rules.all_rules()} <= set(ids)
    levels = [r["level"] for r in run["results"]]
    assert levels == ["note", "warning", "error"]  # sorted by line; info is a SARIF note
    first = run["results"][2]
    assert first["ruleId"] == "LL101"
    assert driver["rules"][first["ruleIndex"]]["id"] == "LL101"
    assert first["locations"][0]["physicalLocation"] == {
        "artifactLocation": {"uri": "src/m,odel.py"},
        "region": {"startLine": 7, "startColumn": 5, "endLine": 7, "endColumn": 26},
    }
    assert "ValueError" in first["message"]["text"]
    assert first["relatedLocations"][0]["message"]["text"] == "Flatten produces (None, 640)"
    replacement = first["fixes"][0]["artifactChanges"][0]["replacements"][0]
    assert replacement["deletedRegion"] == {"startLine": 6, "startColumn": 1, "endLine": 7,
                                            "endColumn": 1}
    assert replacement["insertedContent"] == {"text": ""}


def test_sarif_rules_carry_their_documentation():
    data = json.loads(render_sarif([]))
    for descriptor in data["runs"][0]["tool"]["driver"]["rules"]:
        r = rules.get(descriptor["id"])
        assert descriptor["shortDescription"]["text"] == r.summary
        assert r.bad.strip() in descriptor["help"]["markdown"]


def test_github_annotations():
    lines = render_github([result()]).splitlines()
    assert lines[2] == (
        "::error file=src/m%2Codel.py,line=7,col=5,endLine=7,endColumn=26,title=LL101::"
        "src/m,odel.py:7:5: LL101 LSTM expects 3-D, got (None, 640)"
        " — ValueError: expected ndim=3, found ndim=2"
    )
    assert lines[1].startswith("::warning file=src/m%2Codel.py,line=3,")
    assert lines[1].endswith("Dense on a 3-D tensor, 50%25%0Asecond")
    assert lines[0].startswith("::notice ")
    assert len(lines) == 3
