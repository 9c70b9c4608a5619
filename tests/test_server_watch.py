"""``layerlint server`` when the project or the editor's settings change (issue 12): the project
files a check reads are watched (``workspace/didChangeWatchedFiles``) and the ``layerlint``
settings are pulled or pushed (``workspace/configuration``, ``workspace/didChangeConfiguration``);
either re-checks the open scripts and notebooks. Scripted LSP client sessions against the real
server subprocess (tests/lsp_client.py); verdicts compared with the Python API's."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
from lsp_client import Client, initialize

import layerlint
from layerlint.config import Config
from layerlint.server.settings import EditorSettings, affected, parse, watched

pytest.importorskip("pygls")

# lr= is Keras 2's spelling: Keras 3 raises (LL111), tf.keras 2 ignores it (LL404).
HEAD = "from tensorflow import keras\n"
BUILD = "model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(2)])\n"
COMPILE = "model.compile(optimizer=keras.optimizers.Adam(lr=0.01), loss='mse')\n"
LEGACY_LR = HEAD + "\n" + BUILD + COMPILE
STACK = """\
from tensorflow import keras

model = keras.Sequential([
    keras.layers.LSTM(64, return_sequences=True, input_shape=(10, 5)),
    keras.layers.Flatten(),
    keras.layers.LSTM(32)
])
"""
WATCHING = {"didChangeWatchedFiles": {"dynamicRegistration": True}}
PULLING = {"configuration": True, "didChangeConfiguration": {"dynamicRegistration": True}}


@pytest.fixture
def session(tmp_path: Path):
    root = tmp_path / "repo"
    (root / ".git").mkdir(parents=True)
    client = Client(root, env={"XDG_CACHE_HOME": str(tmp_path / "cache")})
    try:
        yield client, root
    finally:
        code = client.close()
        assert code == 0, client.stderr()


def open_script(client: Client, path: Path, text: str) -> dict:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    client.notify("textDocument/didOpen", {"textDocument": {
        "uri": path.as_uri(), "languageId": "python", "version": 1, "text": text}})
    return client.wait_diagnostics(path.as_uri())


def open_notebook(client: Client, path: Path, cells: list[str]) -> list[str]:
    """A notebook of code cells, on disk (its project decides its dialect) and in the editor."""
    path.write_text(json.dumps({"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": [
        {"cell_type": "code", "metadata": {}, "source": text, "outputs": [],
         "execution_count": None} for text in cells]}), encoding="utf-8")
    uris = [f"vscode-notebook-cell:{path}#C{i}" for i in range(len(cells))]
    client.notify("notebookDocument/didOpen", {
        "notebookDocument": {"uri": path.as_uri(), "notebookType": "jupyter-notebook",
                             "version": 1, "cells": [{"kind": 2, "document": u} for u in uris]},
        "cellTextDocuments": [{"uri": u, "languageId": "python", "version": 1, "text": t}
                              for u, t in zip(uris, cells)]})
    for uri in uris:
        client.wait_diagnostics(uri)
    return uris


def codes(published: dict) -> list[tuple[str, int]]:
    """(code, 0-based line) of the findings shown as problems (not the faint info notes)."""
    return [(d["code"], d["range"]["start"]["line"]) for d in published["diagnostics"]
            if d["severity"] != 4]


def api_codes(path: Path, text: str) -> list[tuple[str, int]]:
    return [(d.code, d.line - 1) for d in layerlint.check_source(text, str(path)).diagnostics
            if d.severity != "info"]


def changed(client: Client, events: list[tuple[Path, int]]) -> int:
    """Tell the server project files changed (1 created, 2 changed, 3 deleted); the index of
    the next notification, to wait for what it publishes."""
    before = len(client.notifications)
    client.notify("workspace/didChangeWatchedFiles", {
        "changes": [{"uri": path.as_uri(), "type": kind} for path, kind in events]})
    return before


def test_a_changed_pin_or_table_re_checks_the_scripts_and_notebooks_it_decides(session) -> None:
    client, root = session
    initialize(client, root, workspace=WATCHING, debounceMs=50)
    script = root / "src" / "train.py"
    assert codes(open_script(client, script, LEGACY_LR)) == [("LL111", 3)]
    notebook = root / "nb.ipynb"
    cells = open_notebook(client, notebook, [HEAD, BUILD, COMPILE])
    [registration] = [r for r in client.requests if r["method"] == "client/registerCapability"]
    [watch] = registration["params"]["registrations"]
    assert watch["method"] == "workspace/didChangeWatchedFiles"
    assert [w["globPattern"] for w in watch["registerOptions"]["watchers"]] == [
        "**/pyproject.toml", "**/requirements*.txt", "**/.git"]
    outside = root.parent / "elsewhere" / "train.py"  # another project: no change decides it
    assert codes(open_script(client, outside, LEGACY_LR)) == [("LL111", 3)]

    requirements, pyproject = root / "requirements.txt", root / "pyproject.toml"
    steps = [  # (what changes on disk, the events, the verdict of the lr= line)
        (lambda: requirements.write_text("numpy\ntensorflow==2.15.0\n"),
         [(requirements, 1)], "LL404"),
        (lambda: requirements.write_text("tensorflow>=2.16\n"), [(requirements, 2)], "LL111"),
        (lambda: (requirements.unlink(), pyproject.write_text(
            '[tool.layerlint]\ndialect = "keras2"\n')),
         [(requirements, 3), (pyproject, 1)], "LL404"),
        (lambda: pyproject.unlink(), [(pyproject, 3)], "LL111"),
    ]
    for change, events, verdict in steps:
        change()
        before = changed(client, events)
        published = client.wait_diagnostics(script.as_uri(), after=before)
        assert codes(published) == api_codes(script, LEGACY_LR) == [(verdict, 3)], events
        in_cell = client.wait_diagnostics(cells[2], after=before)
        assert codes(in_cell) == [(verdict, 0)], events
        notes = [d["message"] for d in published["diagnostics"] if d["code"] == "LL905"]
        assert bool(notes) == (verdict == "LL404"), notes
    client.drain(0.5)
    assert len(client.published(outside.as_uri())) == 1  # its open only

    # A file no check reads: nothing is checked again.
    before = changed(client, [(root / "notes.txt", 1), (root / "src" / "setup.py", 2)])
    client.drain(0.5)
    assert [m for m in client.notifications[before:]
            if m["method"] == "textDocument/publishDiagnostics"] == []


def test_a_new_repository_root_re_checks_what_it_decides(session) -> None:
    """A ``.git`` made in a sub-folder makes it a repository of its own: the pins above it no
    longer decide its scripts; removed, they do again."""
    client, root = session
    initialize(client, root, workspace=WATCHING, debounceMs=50)
    (root / "requirements.txt").write_text("tensorflow==2.15.0\n")
    script = root / "src" / "train.py"
    assert codes(open_script(client, script, LEGACY_LR)) == [("LL404", 3)]
    repository = root / "src" / ".git"
    for change, kind, verdict in ((repository.mkdir, 1, "LL111"), (repository.rmdir, 3, "LL404")):
        change()
        before = changed(client, [(repository, kind)])
        published = client.wait_diagnostics(script.as_uri(), after=before)
        assert codes(published) == api_codes(script, LEGACY_LR) == [(verdict, 3)]


def test_a_client_that_does_not_register_watchers_still_has_its_events_heard(session) -> None:
    client, root = session
    initialize(client, root, debounceMs=0)
    script = root / "train.py"
    assert codes(open_script(client, script, LEGACY_LR)) == [("LL111", 3)]
    assert [r for r in client.requests if r["method"] == "client/registerCapability"] == []
    (root / "requirements-dev.txt").write_text("keras<3\n")
    before = changed(client, [(root / "requirements-dev.txt", 1)])
    assert codes(client.wait_diagnostics(script.as_uri(), after=before)) == [("LL404", 3)]


FEED_CELLS = [
    "import numpy as np\nimport keras\nx = np.random.rand(50, 8)\ny = np.random.rand(50, 1)\n",
    "model = keras.Sequential([keras.Input(shape=(1, 8)), keras.layers.LSTM(4), "
    "keras.layers.Dense(1)])\nmodel.compile(loss='mse', optimizer='adam')\n",
    "model.fit(x, y, epochs=1, verbose=0)\n",
]


def test_settings_pulled_and_pushed_re_publish_scripts_and_notebooks(session) -> None:
    client, root = session
    settings: dict = {}
    client.answers["workspace/configuration"] = lambda params: [
        settings if item["section"] == "layerlint" else None for item in params["items"]]
    initialize(client, root, workspace=PULLING, debounceMs=50)
    script = root / "model.py"
    assert codes(open_script(client, script, STACK)) == [("LL101", 5)]
    cells = open_notebook(client, root / "feed.ipynb", FEED_CELLS)
    assert codes(client.published(cells[2])[-1]) == [("LL201", 0)]
    [registration] = [r for r in client.requests if r["method"] == "client/registerCapability"]
    assert registration["params"]["registrations"] == [{
        "id": "layerlint-configuration", "method": "workspace/didChangeConfiguration",
        "registerOptions": {"section": "layerlint"}}]

    def reconfigured(pushed: dict | None) -> tuple[dict, dict]:
        before = len(client.notifications)
        client.notify("workspace/didChangeConfiguration", {"settings": pushed})
        return (client.wait_diagnostics(script.as_uri(), after=before),
                client.wait_diagnostics(cells[2], after=before))

    # Pulled (the client sends no settings, as VS Code does): ruff's names.
    settings.update({"lint": {"ignore": ["LL101"]}})
    in_script, in_cell = reconfigured(None)
    assert codes(in_script) == [] and codes(in_cell) == [("LL201", 0)]
    pulls = [r for r in client.requests if r["method"] == "workspace/configuration"]
    assert len(pulls) == 2 and pulls[-1]["params"]["items"] == [
        {"scopeUri": root.as_uri(), "section": "layerlint"}]
    # Pushed: the client's own section wins over a pull.
    in_script, in_cell = reconfigured({"layerlint": {"lint.extendSelect": [],
                                                     "lint.ignore": ["LL2"]}})
    assert codes(in_script) == [("LL101", 5)] and codes(in_cell) == []
    # Off: nothing shown, no fixes offered; on again: back.
    actions = {"textDocument": {"uri": script.as_uri()}, "range": {
        "start": {"line": 5, "character": 0}, "end": {"line": 5, "character": 10}},
        "context": {"diagnostics": in_script["diagnostics"]}}
    assert client.request("textDocument/codeAction", actions)
    in_script, in_cell = reconfigured({"layerlint": {"lint": {"enable": False}}})
    assert in_script["diagnostics"] == [] and in_cell["diagnostics"] == []
    assert client.request("textDocument/codeAction", actions) is None
    hover = client.request("textDocument/hover", {  # the shapes are still shown
        "textDocument": {"uri": script.as_uri()}, "position": {"line": 4, "character": 20}})
    assert hover["contents"]["value"].startswith("**Flatten**")
    in_script, in_cell = reconfigured({"layerlint": {}})
    assert codes(in_script) == [("LL101", 5)] and codes(in_cell) == [("LL201", 0)]


def test_table_keys_as_settings_and_the_preference_between_editor_and_project(session) -> None:
    client, root = session
    (root / "pyproject.toml").write_text('[tool.layerlint]\nignore = ["LL111"]\n')
    initialize(client, root, debounceMs=0,
               settings={"dialect": "keras2", "showInfo": "yes", "path": ["/usr/bin/x"]})
    [shown] = [m["params"] for m in client.notifications if m["method"] == "window/showMessage"]
    assert shown["type"] == 2 and "`show-info` must be true or false" in shown["message"]
    script = root / "train.py"
    published = open_script(client, script, LEGACY_LR)
    assert codes(published) == [("LL404", 3)]  # the editor's dialect, for every file
    [note] = [d for d in published["diagnostics"] if d["code"] == "LL905"]
    assert note["message"] == "dialect keras2: chosen by the editor's dialect setting"

    def reconfigured(section: dict) -> list[tuple[str, int]]:
        before = len(client.notifications)
        client.notify("workspace/didChangeConfiguration", {"settings": {"layerlint": section}})
        return codes(client.wait_diagnostics(script.as_uri(), after=before))

    assert reconfigured({}) == []  # the project ignores LL111
    assert reconfigured({"lint": {"select": ["LL1"], "ignore": []}}) == [("LL111", 3)]
    assert reconfigured({"lint": {"ignore": []},
                         "configurationPreference": "filesystemFirst"}) == []
    assert reconfigured({"configurationPreference": "editorOnly"}) == [("LL111", 3)]
    assert reconfigured({"perFileIgnores": {"train.py": ["LL111"]},
                         "configurationPreference": "editorOnly"}) == []


def test_a_configuration_file_or_object_from_the_editor(session) -> None:
    """ruff's ``configuration``: a file used instead of each project's (as ``--config``), by the
    preference; an object of table keys; a file that cannot be read is said and not used."""
    client, root = session
    (root / "pyproject.toml").write_text('[tool.layerlint]\nignore = ["LL404"]\n')
    (root / "lint").mkdir()
    (root / "lint" / "layerlint.toml").write_text('dialect = "keras2"\n')
    initialize(client, root, debounceMs=0, settings={"configuration": "lint/layerlint.toml"})
    script = root / "train.py"
    published = open_script(client, script, LEGACY_LR)
    assert codes(published) == [("LL404", 3)]  # the file's keras2, not the project's ignore
    [note] = [d for d in published["diagnostics"] if d["code"] == "LL905"]
    assert note["message"] == ("dialect keras2: chosen by dialect in the editor's configuration "
                               f"{root / 'lint' / 'layerlint.toml'}")

    def reconfigured(section: dict) -> list[tuple[str, int]]:
        before = len(client.notifications)
        client.notify("workspace/didChangeConfiguration", {"settings": {"layerlint": section}})
        return codes(client.wait_diagnostics(script.as_uri(), after=before))

    assert reconfigured({"configuration": "lint/layerlint.toml",
                         "configurationPreference": "filesystemFirst"}) == [("LL111", 3)]
    assert reconfigured({"configuration": {"dialect": "keras2", "lint": {"ignore": []}},
                         "configurationPreference": "editorOnly"}) == [("LL404", 3)]
    assert reconfigured({"configuration": "lint/missing.toml"}) == [("LL111", 3)]
    shown = [m["params"]["message"] for m in client.notifications
             if m["method"] == "window/showMessage"]
    assert any("`configuration`: cannot read" in m and "missing.toml" in m for m in shown), shown
    assert parse({"configuration": 3}).problems == (
        "`configuration` must be a path or an object, got 3",)


def test_settings_are_the_tables_keys_in_camel_or_kebab_case() -> None:
    settings = parse({"lint": {"select": ["ll1"], "extendSelect": ["LL2"], "enable": True},
                      "show-info": True, "extendExclude": ["legacy"], "trace": "off",
                      "perFileIgnores": {"tests/*": ["LL101"]}, "dialect": "keras9"})
    assert settings.keys == ("select", "extend-select", "show-info", "extend-exclude",
                             "per-file-ignores")
    assert settings.problems == (
        "the editor's settings: `dialect` must be one of keras3, keras2, got 'keras9'",)
    config = settings.apply(Config(ignore=["LL101"], exclude=["x"]))
    assert (config.select, config.extend_select, config.ignore) == (["LL1"], ["LL2"], ["LL101"])
    assert (config.show_info, config.extend_exclude, config.exclude) == (True, ["legacy"], ["x"])
    assert not config.is_enabled_for("LL101", "tests/a.py") and config.run_dialect is None
    assert parse(None) == parse([]) == EditorSettings()
    assert parse({"lint.enable": "no"}).problems == (
        "`lint.enable` must be true or false, got 'no'",)
    assert parse({"configurationPreference": "mine"}).preference == "editorFirst"


def test_which_changes_can_decide_a_document(tmp_path: Path) -> None:
    (tmp_path / "a" / "b").mkdir(parents=True)
    document = tmp_path / "a" / "b" / "m.py"
    document.write_text("")
    assert watched(str(tmp_path / "requirements-gpu.txt")) and watched("x/pyproject.toml")
    assert not watched("x/setup.py") and not watched("requirements.in")
    assert watched(str(tmp_path / "a" / ".git")) and not watched("x/.github")
    assert affected(str(document), [str(tmp_path / "pyproject.toml")])
    assert affected(str(document), [str(tmp_path / "a" / "b" / "requirements.txt")])
    assert not affected(str(document), [str(tmp_path / "c" / "requirements.txt")])
    assert affected("untitled:Untitled-1", [str(tmp_path / "c" / "pyproject.toml")])


def test_a_change_during_a_check_is_not_lost(session) -> None:
    """The settings change while the file's check is still running (3,000 layers: seconds);
    the re-check, later than that check ends, must not take its result (made with the old
    settings, for the same version) as its own."""
    client, root = session
    initialize(client, root, debounceMs=6000)
    text = HEAD + "\nmodel = keras.Sequential([\n    keras.Input((8,)),\n" + \
        "    keras.layers.Dense(8),\n" * 3000 + "    keras.layers.LSTM(4),\n])\n"
    script = root / "big.py"
    script.write_text(text, encoding="utf-8")
    client.notify("textDocument/didOpen", {"textDocument": {
        "uri": script.as_uri(), "languageId": "python", "version": 1, "text": text}})
    time.sleep(0.5)  # the check has started
    client.notify("workspace/didChangeConfiguration", {
        "settings": {"layerlint": {"lint": {"ignore": ["LL101"]}}}})
    first = client.wait_diagnostics(script.as_uri())
    assert codes(first) == [("LL101", 3004)]  # the old settings' check, published as it ends
    before = len(client.notifications)
    assert client.wait_diagnostics(script.as_uri(), after=before)["diagnostics"] == []
