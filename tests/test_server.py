"""``layerlint server`` end to end: a scripted LSP client session against the real server
subprocess (tests/lsp_client.py), for scripts and notebooks. What the server says is compared
with what ``layerlint check`` / ``layerlint summary`` / the Python API say about the same text."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlparse

import pytest
from lsp_client import ROOT, Client, initialize

import layerlint
from layerlint import rules

pytest.importorskip("pygls")

STACK = """\
import numpy as np
from tensorflow import keras

model = keras.Sequential([
    keras.layers.LSTM(64, return_sequences=True, input_shape=(10, 5)),
    keras.layers.Flatten(),
    keras.layers.LSTM(32)
])
"""
# 2-D data fed to an LSTM: a safe fix (reshape x) on another line than the finding.
FEED = """\
import numpy as np
import keras

x = np.random.rand(50, 8)
y = np.random.rand(50, 1)
model = keras.Sequential([
    keras.Input(shape=(1, 8)),
    keras.layers.LSTM(4),
    keras.layers.Dense(1),
])
model.compile(loss='mse', optimizer='adam')
model.fit(x, y, epochs=1, verbose=0)
"""


@pytest.fixture
def session(tmp_path: Path):
    (tmp_path / ".git").mkdir()
    client = Client(tmp_path, env={"XDG_CACHE_HOME": str(tmp_path / "cache")})
    try:
        yield client, tmp_path
    finally:
        code = client.close()
        assert code == 0, client.stderr()


def open_file(client: Client, path: Path, text: str, version: int = 1) -> dict:
    path.write_text(text, encoding="utf-8")
    client.notify("textDocument/didOpen", {"textDocument": {
        "uri": path.as_uri(), "languageId": "python", "version": version, "text": text}})
    return client.wait_diagnostics(path.as_uri())


def apply_text_edits(text: str, edits: list[dict]) -> str:
    """Apply LSP text edits (ASCII text: characters are UTF-16 units) from the last one."""
    lines = text.splitlines(keepends=True)
    starts = [0]
    for line in lines:
        starts.append(starts[-1] + len(line))

    def offset(position: dict) -> int:
        line = position["line"]
        return len(text) if line >= len(lines) else starts[line] + position["character"]

    for edit in sorted(edits, key=lambda e: offset(e["range"]["start"]), reverse=True):
        lo, hi = offset(edit["range"]["start"]), offset(edit["range"]["end"])
        text = text[:lo] + edit["newText"] + text[hi:]
    return text


def api_findings(text: str, path: Path) -> list[tuple[str, int, int, int, int]]:
    report = layerlint.check_source(text, str(path))
    return [(d.code, d.line - 1, d.col - 1, d.end_line - 1, d.end_col - 1)
            for d in report.diagnostics if d.severity != "info"]


def lsp_findings(published: dict) -> list[tuple[str, int, int, int, int]]:
    return [(d["code"], d["range"]["start"]["line"], d["range"]["start"]["character"],
             d["range"]["end"]["line"], d["range"]["end"]["character"])
            for d in published["diagnostics"] if d["severity"] != 4]


def test_script_session_diagnostics_hover_actions_change_save(session) -> None:
    client, root = session
    result = initialize(client, root, debounceMs=600)  # the three edits come well within it
    capabilities = result["capabilities"]
    assert result["serverInfo"]["name"] == "layerlint"
    assert capabilities["hoverProvider"] is True
    assert set(capabilities["codeActionProvider"]["codeActionKinds"]) == {
        "quickfix", "source.fixAll.layerlint"}
    assert capabilities["notebookDocumentSync"]["notebookSelector"][0]["cells"] == [
        {"language": "python"}]

    path = root / "model.py"
    published = open_file(client, path, STACK)
    assert published["version"] == 1
    assert lsp_findings(published) == api_findings(STACK, path) == [("LL101", 6, 4, 6, 25)]
    [diagnostic] = published["diagnostics"]
    assert diagnostic["source"] == "layerlint" and diagnostic["severity"] == 1
    assert "Full shape received: (None, 640)" in diagnostic["message"]
    page = Path(urlparse(diagnostic["codeDescription"]["href"]).path)
    assert page.read_text(encoding="utf-8") == rules.document(rules.get("LL101"))
    [related] = diagnostic["relatedInformation"]
    assert related["location"]["uri"] == path.as_uri()
    assert related["location"]["range"]["start"] == {"line": 5, "character": 4}
    assert related["message"] == "Flatten produces (None, 640)"

    # Hover: a layer call shows its summary row; the model variable its whole table.
    uri = path.as_uri()
    hover = client.request("textDocument/hover", {
        "textDocument": {"uri": uri}, "position": {"line": 5, "character": 20}})
    value = hover["contents"]["value"]
    assert hover["contents"]["kind"] == "markdown"
    assert value.startswith("**Flatten** `flatten`") and "`model.layers[1]`" in value
    assert "| `(None, 10, 64)` | `(None, 640)` | 0 |" in value
    hover = client.request("textDocument/hover", {
        "textDocument": {"uri": uri}, "position": {"line": 3, "character": 2}})
    summary = subprocess.run(
        [sys.executable, "-m", "layerlint", "summary", str(path)], capture_output=True,
        text=True, timeout=120, env={**os.environ, "PYTHONPATH": str(ROOT)}, cwd=root)
    table = hover["contents"]["value"].split("```text\n", 1)[1].rsplit("```", 1)[0]
    assert table.strip() and table in summary.stdout
    assert client.request("textDocument/hover", {
        "textDocument": {"uri": uri}, "position": {"line": 0, "character": 0}}) is None

    # Code actions: each verified fix, unsafe ones labelled; applying one removes the finding.
    actions = client.request("textDocument/codeAction", {
        "textDocument": {"uri": uri}, "range": diagnostic["range"],
        "context": {"diagnostics": [diagnostic]}})
    titles = [a["title"] for a in actions]
    assert titles == ["Remove the Flatten layer (flatten) (unsafe fix) (LL101)",
                      "Replace LSTM (lstm_1) by keras.layers.Dense(32) (unsafe fix) (LL101)"]
    assert all(a["kind"] == "quickfix" and a["diagnostics"][0]["code"] == "LL101"
               for a in actions)
    fixed = apply_text_edits(STACK, actions[0]["edit"]["changes"][uri])
    assert "Flatten" not in fixed and api_findings(fixed, path) == []

    # Edits in quick succession: one check, after the last (debounced), for its version.
    before = len(client.notifications)
    lines = STACK.splitlines(keepends=True)
    for version, character in ((2, 0), (3, 1), (4, 2)):
        client.notify("textDocument/didChange", {
            "textDocument": {"uri": uri, "version": version},
            "contentChanges": [{"range": {"start": {"line": 5, "character": character},
                                          "end": {"line": 5, "character": character}},
                                "text": "#"}]})
    published = client.wait_diagnostics(uri, after=before)
    client.drain(0.6)
    assert [p["version"] for p in client.published(uri)[-1:]] == [4]
    assert len(client.published(uri)) == 2  # the open's, then one for the three edits
    assert published["version"] == 4 and published["diagnostics"] == []
    edited = "".join(lines[:5]) + "###" + "".join(lines[5:])
    assert api_findings(edited, path) == []

    # Save: checked again at once (the configuration may have changed meanwhile).
    other = root / "other.py"
    assert lsp_findings(open_file(client, other, STACK)) == [("LL101", 6, 4, 6, 25)]
    (root / "pyproject.toml").write_text('[tool.layerlint]\nignore = ["LL1"]\n')
    before = len(client.notifications)
    client.notify("textDocument/didSave", {"textDocument": {"uri": other.as_uri()}})
    assert client.wait_diagnostics(other.as_uri(), after=before)["diagnostics"] == []

    # Close: the file's diagnostics are cleared.
    before = len(client.notifications)
    client.notify("textDocument/didClose", {"textDocument": {"uri": uri}})
    assert client.wait_diagnostics(uri, after=before)["diagnostics"] == []


def test_fix_all_applies_the_safe_fixes(session) -> None:
    client, root = session
    initialize(client, root)
    path = root / "train.py"
    published = open_file(client, path, FEED)
    assert lsp_findings(published) == api_findings(FEED, path) == [("LL201", 11, 0, 11, 36)]
    uri = path.as_uri()
    actions = client.request("textDocument/codeAction", {
        "textDocument": {"uri": uri}, "range": published["diagnostics"][0]["range"],
        "context": {"diagnostics": published["diagnostics"]}})
    kinds = [(a["kind"], a["title"]) for a in actions]
    assert kinds == [("quickfix", "Reshape x to (50, 1, 8) (LL201)"),
                     ("source.fixAll.layerlint", "layerlint: apply all safe fixes")]
    assert actions[0]["isPreferred"] is True
    quick = apply_text_edits(FEED, actions[0]["edit"]["changes"][uri])
    whole = apply_text_edits(FEED, actions[1]["edit"]["changes"][uri])
    assert quick == whole == FEED.replace("(50, 8)\n", "(50, 8).reshape(50, 1, 8)\n")
    assert api_findings(whole, path) == []
    only = client.request("textDocument/codeAction", {
        "textDocument": {"uri": uri}, "range": {"start": {"line": 0, "character": 0},
                                               "end": {"line": 0, "character": 0}},
        "context": {"diagnostics": [], "only": ["source.fixAll"]}})
    assert [a["kind"] for a in only] == ["source.fixAll.layerlint"]


NOTEBOOK_CELLS = [
    ("markdown", "# An LSTM fed 2-D data\n"),
    ("python", "%matplotlib inline\nimport numpy as np\nimport keras\n"),
    ("python", "x = np.random.rand(50, 8)\ny = np.random.rand(50, 1)"),
    ("python", "model = keras.Sequential([\n    keras.Input(shape=(1, 8)),\n"
               "    keras.layers.LSTM(4),\n    keras.layers.Dense(1),\n])\n"
               "model.compile(loss='mse', optimizer='adam')"),
    ("python", "model.fit(x, y, epochs=1, verbose=0)\n"),
]


def test_notebook_cells_are_one_program_with_diagnostics_per_cell(session) -> None:
    client, root = session
    initialize(client, root, debounceMs=100)
    notebook = root / "nb.ipynb"
    uris = [f"vscode-notebook-cell:{notebook}#W{i}sZmlsZQ%3D%3D" for i in range(5)]
    client.notify("notebookDocument/didOpen", {
        "notebookDocument": {"uri": notebook.as_uri(), "notebookType": "jupyter-notebook",
                             "version": 1,
                             "cells": [{"kind": 1 if kind == "markdown" else 2, "document": uri}
                                       for (kind, _), uri in zip(NOTEBOOK_CELLS, uris)]},
        "cellTextDocuments": [{"uri": uri, "languageId": kind, "version": 1, "text": text}
                              for (kind, text), uri in zip(NOTEBOOK_CELLS, uris)]})
    published = {uri: client.wait_diagnostics(uri) for uri in uris}
    assert [len(p["diagnostics"]) for p in published.values()] == [0, 0, 0, 0, 1]
    [finding] = published[uris[4]]["diagnostics"]
    assert (finding["code"], finding["range"]) == ("LL201", {
        "start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 36}})
    # The same finding as `layerlint check` of the notebook file gives (cell 5, line 1).
    notebook.write_text(json.dumps({"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": [
        {"cell_type": "code" if kind == "python" else "markdown", "metadata": {}, "source": text,
         **({"outputs": [], "execution_count": None} if kind == "python" else {})}
        for kind, text in NOTEBOOK_CELLS]}))
    [d] = [d for d in layerlint.check_paths([notebook])[0].diagnostics if d.severity != "info"]
    assert (d.code, d.cell, d.cell_line, d.col) == ("LL201", 5, 1, 1)

    # The fix of a finding in cell 5 edits cell 3, where x is made.
    actions = client.request("textDocument/codeAction", {
        "textDocument": {"uri": uris[4]}, "range": finding["range"],
        "context": {"diagnostics": [finding]}})
    assert [a["title"] for a in actions] == ["Reshape x to (50, 1, 8) (LL201)",
                                             "layerlint: apply all safe fixes"]
    assert actions[0]["edit"]["changes"] == {uris[2]: [{
        "range": {"start": {"line": 0, "character": 4}, "end": {"line": 0, "character": 25}},
        "newText": "np.random.rand(50, 8).reshape(50, 1, 8)"}]}
    assert list(actions[1]["edit"]["changes"]) == [uris[2]]

    hover = client.request("textDocument/hover", {
        "textDocument": {"uri": uris[3]}, "position": {"line": 2, "character": 18}})
    assert "| `(None, 1, 8)` | `(None, 4)` | 208 |" in hover["contents"]["value"]

    # Editing cell 3 as the fix says: the finding in cell 5 goes (debounced re-check).
    before = len(client.notifications)
    client.notify("notebookDocument/didChange", {
        "notebookDocument": {"uri": notebook.as_uri(), "version": 2},
        "change": {"cells": {"textContent": [{
            "document": {"uri": uris[2], "version": 2},
            "changes": [{"range": {"start": {"line": 0, "character": 25},
                                   "end": {"line": 0, "character": 25}},
                         "text": ".reshape(50, 1, 8)"}]}]}}})
    assert client.wait_diagnostics(uris[4], after=before)["diagnostics"] == []

    # Removing the cell that makes x: its diagnostics are cleared, the notebook re-checked.
    before = len(client.notifications)
    client.notify("notebookDocument/didChange", {
        "notebookDocument": {"uri": notebook.as_uri(), "version": 3},
        "change": {"cells": {"structure": {
            "array": {"start": 2, "deleteCount": 1, "cells": []},
            "didClose": [{"uri": uris[2]}]}}}})
    assert client.wait_diagnostics(uris[2], after=before)["diagnostics"] == []
    before = len(client.notifications)
    client.notify("notebookDocument/didClose", {
        "notebookDocument": {"uri": notebook.as_uri()},
        "cellTextDocuments": [{"uri": uri} for uri in uris if uri != uris[2]]})
    assert client.wait_diagnostics(uris[4], after=before)["diagnostics"] == []


def test_workspace_configuration_suppressions_and_info_notes(session) -> None:
    client, root = session
    (root / "pyproject.toml").write_text('[tool.layerlint]\nshow-info = true\n')
    initialize(client, root)
    stack = STACK.replace("keras.layers.LSTM(32)", "keras.layers.LSTM(32)  # noqa: LL101")
    assert open_file(client, root / "quiet.py", stack)["diagnostics"] == []
    legacy = "import tf_keras as keras\n" + STACK.split("\n", 2)[2]
    published = open_file(client, root / "legacy.py", legacy)
    notes = [d for d in published["diagnostics"] if d["code"] == "LL905"]
    assert [d["severity"] for d in notes] == [3]  # show-info: Information, not a faint hint
    assert notes[0]["message"].startswith("dialect keras2: the file imports tf_keras")


def test_positions_are_utf16_code_units(session) -> None:
    client, root = session
    initialize(client, root)
    source = STACK.replace("keras.layers.Flatten(),\n    keras.layers.LSTM(32)",
                           "keras.layers.Flatten(name='\U0001F60B'), keras.layers.LSTM(32)")
    published = open_file(client, root / "emoji.py", source)
    [(code, line, start, _, end)] = lsp_findings(published)
    [(_, api_line, api_start, _, api_end)] = api_findings(source, root / "emoji.py")
    assert code == "LL101" and line == api_line == 5
    assert (start, end) == (api_start + 1, api_end + 1)  # the emoji is two UTF-16 units


def test_without_pygls_the_command_says_how_to_install_it(tmp_path: Path) -> None:
    shadow = tmp_path / "shadow" / "pygls"
    shadow.mkdir(parents=True)
    (shadow / "__init__.py").write_text("raise ImportError('no pygls here')\n")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(shadow.parent), str(ROOT)])}
    done = subprocess.run([sys.executable, "-m", "layerlint", "server"], capture_output=True,
                          text=True, timeout=60, env=env, stdin=subprocess.DEVNULL)
    assert done.returncode == 2
    assert "pip install 'layerlint[server]'" in done.stderr


TORCH = """\
import torch
from torch import nn


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.features = nn.Sequential(nn.Conv2d(1, 8, 3), nn.ReLU())
        self.fc1 = nn.Linear(8 * 26 * 26, 10)

    def forward(self, x):
        x = self.features(x)
        x = torch.flatten(x, 1)
        return self.fc1(x)


model = Net()
out = model(torch.randn(4, 1, 28, 28))
"""


def test_hover_on_torch_modules_shows_their_torchinfo_rows(session) -> None:
    client, root = session
    initialize(client, root)
    path = root / "net.py"
    assert open_file(client, path, TORCH)["diagnostics"] == []
    report = layerlint.check_source(TORCH, str(path))
    rows = {layer.name: layer for layer in report.models[0].layers}

    def hover(line: int, word: str) -> str | None:
        character = TORCH.splitlines()[line].index(word) + 1
        answer = client.request("textDocument/hover", {
            "textDocument": {"uri": path.as_uri()},
            "position": {"line": line, "character": character}})
        return answer and answer["contents"]["value"]

    conv = rows["features.0"]
    assert conv.input_shape == (4, 1, 28, 28) and conv.output_shape == (4, 8, 26, 26)
    assert "| `[4, 1, 28, 28]` | `[4, 8, 26, 26]` | 80 |" in hover(7, "Conv2d(")
    assert hover(7, "Sequential(").startswith("**Sequential** `features`")
    assert hover(7, "self") is None  # three modules on the line, none under the cursor
    assert "| `[4, 5408]` | `[4, 10]` | 54,090 |" in hover(13, "fc1")  # called in forward
    assert rows["fc1"].params == 54090
    assert "Total params: 54,170" in hover(16, "model")


def test_an_unusable_configuration_is_shown_once_and_the_defaults_apply(session) -> None:
    client, root = session
    (root / "pyproject.toml").write_text('[tool.layerlint]\ncolour = "red"\n')
    initialize(client, root)
    assert lsp_findings(open_file(client, root / "a.py", STACK)) == [("LL101", 6, 4, 6, 25)]
    assert lsp_findings(open_file(client, root / "b.py", STACK)) == [("LL101", 6, 4, 6, 25)]
    shown = [m["params"] for m in client.notifications if m["method"] == "window/showMessage"]
    assert [(m["type"], "unknown key `colour`" in m["message"]) for m in shown] == [(2, True)]


HEADER = "import keras\nfrom keras import layers\n\nmodel = keras.Sequential([\n" \
    "    keras.Input((10, 5)),\n"
LAYER_LINES = [
    "    layers.LSTM(8, return_sequences=True),", "    layers.LSTM(4),", "    layers.Flatten(),",
    "    layers.Dense(3),", "    layers.Dense(2, name='\U0001F60B'),", "    # \u00e9t\u00e9 \U0001F642",
    "    layers.Conv1D(4, 3),", "    layers.Reshape((5, 10)),",
]


def utf16(line: str, column: int) -> int:
    return len(line[:column].encode("utf-16-le")) // 2


def test_seeded_random_edits_match_the_api_in_utf16(session) -> None:
    """Incremental edits drawn by a seeded generator (lines added, removed, retyped from a
    random column, emoji included): after each, the server's findings are the API's on the
    text the client holds, at the same places in UTF-16 units, with the same messages."""
    import random

    client, root = session
    initialize(client, root, debounceMs=0)
    generator = random.Random(12)
    body = [generator.choice(LAYER_LINES) for _ in range(3)]
    text = HEADER + "".join(line + "\n" for line in body) + "])\n"
    path = root / "random_edits.py"
    open_file(client, path, text)
    first = HEADER.count("\n")
    compared = with_findings = 0
    for version in range(2, 62):
        index = first + generator.randrange(len(body) + 1)
        operation = generator.choice(["insert", "delete", "retype"]) if body else "insert"
        if operation == "insert":
            new = generator.choice(LAYER_LINES)
            change = {"range": {"start": {"line": index, "character": 0},
                                "end": {"line": index, "character": 0}}, "text": new + "\n"}
            body.insert(index - first, new)
        else:
            index = min(index, first + len(body) - 1)
            old = body[index - first]
            if operation == "delete":
                change = {"range": {"start": {"line": index, "character": 0},
                                    "end": {"line": index + 1, "character": 0}}, "text": ""}
                del body[index - first]
            else:  # retype the line from a random column (kept: the indentation)
                column = generator.randrange(4, len(old) + 1)
                new = generator.choice(LAYER_LINES)
                change = {"range": {"start": {"line": index, "character": utf16(old, column)},
                                    "end": {"line": index, "character": utf16(old, len(old))}},
                          "text": new[4:]}
                body[index - first] = old[:column] + new[4:]
        text = HEADER + "".join(line + "\n" for line in body) + "])\n"
        before = len(client.notifications)
        client.notify("textDocument/didChange", {
            "textDocument": {"uri": path.as_uri(), "version": version}, "contentChanges": [change]})
        published = client.wait_diagnostics(path.as_uri(), after=before)
        while published.get("version") != version:
            before = len(client.notifications)
            published = client.wait_diagnostics(path.as_uri(), after=before)
        lines = text.split("\n")
        report = layerlint.check_source(text, str(path))
        expected = [(d.code, d.line - 1, utf16(lines[d.line - 1], d.col - 1), d.end_line - 1,
                     utf16(lines[d.end_line - 1], d.end_col - 1), d.message)
                    for d in report.diagnostics if d.severity != "info"]
        got = [(d["code"], d["range"]["start"]["line"], d["range"]["start"]["character"],
                d["range"]["end"]["line"], d["range"]["end"]["character"], d["message"])
               for d in published["diagnostics"] if d["severity"] != 4]
        assert got == expected, (version, text)
        compared += 1
        with_findings += bool(expected)
    assert compared == 60 and with_findings >= 20  # the generator reaches errors often


def test_seeded_random_notebooks_match_the_api_cell_by_cell(session) -> None:
    """Programs drawn by a seeded generator, cut into cells at random lines, with markdown
    cells and IPython magics between: each finding is published to the cell and line that
    `layerlint.check_source` of the same notebook names, at the same UTF-16 columns."""
    import random

    client, root = session
    initialize(client, root, debounceMs=0)
    generator = random.Random(7)
    compared = with_findings = 0
    for number in range(40):
        body = [generator.choice(LAYER_LINES) for _ in range(generator.randrange(1, 5))]
        lines = (HEADER + "".join(line + "\n" for line in body) + "])\n").splitlines()
        lines += ["import numpy as np", "model.predict(np.zeros((2, 10, 5)))"]
        cuts = sorted(generator.sample(range(1, len(lines)), generator.randrange(1, 4)))
        cells: list[tuple[str, str]] = []
        for start, stop in zip([0, *cuts], [*cuts, len(lines)]):
            if generator.random() < 0.4:
                cells.append(("markdown", "# notes \U0001F642\n"))
            magic = ["%matplotlib inline"] if generator.random() < 0.3 else []
            cells.append(("python", "\n".join(magic + lines[start:stop])))
        notebook = root / f"random_{number}.ipynb"
        uris = [f"vscode-notebook-cell:{notebook}#C{i}" for i in range(len(cells))]
        client.notify("notebookDocument/didOpen", {
            "notebookDocument": {"uri": notebook.as_uri(), "notebookType": "jupyter-notebook",
                                 "version": 1, "cells": [
                                     {"kind": 1 if kind == "markdown" else 2, "document": uri}
                                     for (kind, _), uri in zip(cells, uris)]},
            "cellTextDocuments": [{"uri": uri, "languageId": kind, "version": 1, "text": text}
                                  for (kind, text), uri in zip(cells, uris)]})
        got = []
        for index, uri in enumerate(uris):
            for d in client.wait_diagnostics(uri)["diagnostics"]:
                if d["severity"] != 4:
                    got.append((d["code"], index + 1, d["range"]["start"]["line"] + 1,
                                d["range"]["start"]["character"], d["message"]))
        document = {"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": [
            {"cell_type": "code" if kind == "python" else "markdown", "metadata": {},
             "source": text, **({"outputs": [], "execution_count": None}
                                if kind == "python" else {})} for kind, text in cells]}
        report = layerlint.check_source(json.dumps(document), str(notebook))
        expected = []
        for d in report.diagnostics:
            if d.severity == "info":
                continue
            cell_line = cells[d.cell - 1][1].split("\n")[d.cell_line - 1]
            expected.append((d.code, d.cell, d.cell_line, utf16(cell_line, d.col - 1),
                             d.message))
        assert sorted(got) == sorted(expected), (number, cells)
        client.notify("notebookDocument/didClose", {
            "notebookDocument": {"uri": notebook.as_uri()},
            "cellTextDocuments": [{"uri": uri} for uri in uris]})
        compared += 1
        with_findings += bool(expected)
    assert compared == 40 and with_findings >= 10


def test_excluded_files_and_installed_libraries_are_not_checked(session) -> None:
    client, root = session
    (root / "pyproject.toml").write_text('[tool.layerlint]\nextend-exclude = ["legacy"]\n')
    initialize(client, root)
    library = root / "env" / "lib" / "python3.11" / "site-packages" / "pkg" / "m.py"
    for path in (root / "legacy" / "old.py", root / "build" / "m.py", library):
        path.parent.mkdir(parents=True, exist_ok=True)
        assert open_file(client, path, STACK)["diagnostics"] == [], path
    (root / "src").mkdir()
    assert lsp_findings(open_file(client, root / "src" / "m.py", STACK)) == [
        ("LL101", 6, 4, 6, 25)]


def test_an_unsaved_buffer_gets_the_workspace_configuration(session) -> None:
    client, root = session
    initialize(client, root)
    for name, expected in (("untitled:Untitled-1", [("LL101", 6, 4, 6, 25)]),
                           ("untitled:Untitled-2", [])):
        if not expected:
            (root / "pyproject.toml").write_text('[tool.layerlint]\nignore = ["LL101"]\n')
        client.notify("textDocument/didOpen", {"textDocument": {
            "uri": name, "languageId": "python", "version": 1, "text": STACK}})
        assert lsp_findings(client.wait_diagnostics(name)) == expected
