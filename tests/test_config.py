"""[tool.layerlint] configuration, rule selection, and the CLI's exit 2 on a bad config."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from layerlint.cli import main
from layerlint.config import Config, ConfigError, find_config, load_config, selected


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_all_keys_are_read(tmp_path):
    pyproject = write(tmp_path / "pyproject.toml", """
[project]
name = "x"

[tool.layerlint]
select = ["LL1", "ll201"]
ignore = ["LL101"]
extend-select = ["LL4"]
exclude = ["data"]
extend-exclude = ["legacy/*.py"]
dialect = "keras2"
show-info = true

[tool.layerlint.per-file-ignores]
"tests/*.py" = ["LL2"]
""")
    config = load_config(pyproject)
    assert config.select == ["LL1", "LL201"]
    assert config.ignore == ["LL101"]
    assert config.extend_select == ["LL4"]
    assert config.exclude == ["data"]
    assert config.extend_exclude == ["legacy/*.py"]
    assert config.dialect == "keras2"
    assert config.show_info is True
    assert config.per_file_ignores == {"tests/*.py": ["LL2"]}
    assert config.root == tmp_path
    assert config.is_enabled("LL102")
    assert not config.is_enabled("LL101")
    assert config.is_enabled("LL401")
    assert not config.is_enabled("LL301")
    assert not config.is_enabled_for("LL201", str(tmp_path / "tests" / "test_a.py"))
    assert config.is_enabled_for("LL201", str(tmp_path / "src" / "a.py"))


@pytest.mark.parametrize(
    ("table", "message"),
    [
        ("colour = true", "unknown key `colour`"),
        ('select = "LL1"', "`select` must be a list of strings"),
        ('select = ["E501"]', "invalid rule code provided to `select`: E501"),
        ('dialect = "keras4"', "`dialect` must be one of keras3, keras2"),
        ('show-info = "yes"', "`show-info` must be true or false"),
        ('per-file-ignores = ["a"]', "`per-file-ignores` must be a table"),
        ('exclude = [1]', "`exclude` must be a list of strings"),
    ],
)
def test_bad_values_are_one_line_errors(tmp_path, table, message):
    pyproject = write(tmp_path / "pyproject.toml", f"[tool.layerlint]\n{table}\n")
    with pytest.raises(ConfigError) as info:
        load_config(pyproject)
    assert message in str(info.value)
    assert "\n" not in str(info.value)


def test_invalid_toml(tmp_path):
    pyproject = write(tmp_path / "pyproject.toml", "[tool.layerlint\nselect = 1\n")
    with pytest.raises(ConfigError, match="invalid TOML"):
        load_config(pyproject)


def test_selection_prefers_the_most_specific_selector():
    assert selected("LL101", ["ALL"], [])
    assert not selected("LL101", ["ALL"], ["LL1"])
    assert selected("LL101", ["LL101"], ["LL1"])  # more specific select wins
    assert not selected("LL101", ["LL1"], ["LL101"])
    assert not selected("LL101", ["LL1"], ["LL1"])  # a tie: ignore wins
    assert not selected("LL201", ["LL1"], [])


def test_find_config_walks_up_to_the_nearest_layerlint_table(tmp_path):
    write(tmp_path / "pyproject.toml", "[tool.layerlint]\nselect = ['LL1']\n")
    write(tmp_path / "pkg" / "pyproject.toml", "[project]\nname = 'inner'\n")  # no table
    nested = tmp_path / "pkg" / "sub"
    nested.mkdir(parents=True)
    assert find_config(nested) == (tmp_path / "pyproject.toml").resolve()
    write(tmp_path / "pkg" / "pyproject.toml", "[tool.layerlint]\n")
    assert find_config(nested) == (tmp_path / "pkg" / "pyproject.toml").resolve()


def test_defaults():
    config = Config()
    assert config.is_enabled("LL901")
    assert config.dialect is None and config.show_info is False


def run(argv: list[str]) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(argv, out=out, err=err)
    return code, out.getvalue(), err.getvalue()


def test_cli_exits_2_on_a_bad_config(tmp_path, monkeypatch):
    write(tmp_path / "pyproject.toml", "[tool.layerlint]\nselct = ['LL1']\n")
    write(tmp_path / "a.py", "x = 1\n")
    monkeypatch.chdir(tmp_path)
    code, out, err = run(["check", "a.py"])
    assert code == 2
    assert out == ""
    assert err.startswith("layerlint: error: [tool.layerlint] in ")
    assert "unknown key `selct`" in err
    assert err.count("\n") == 1


def test_cli_exits_2_on_a_missing_or_unreadable_config(tmp_path):
    code, _, err = run(["check", "--config", str(tmp_path / "nope.toml"), str(tmp_path)])
    assert code == 2 and "config file not found" in err
    bad = write(tmp_path / "layerlint.toml", "select = [")
    code, _, err = run(["check", "--config", str(bad), str(tmp_path)])
    assert code == 2 and "invalid TOML" in err


def test_cli_rejects_unknown_codes_on_the_command_line(tmp_path):
    code, _, err = run(["check", "--select", "LL1,XYZ", str(tmp_path)])
    assert code == 2
    assert "invalid rule code provided to `--select`: XYZ" in err


def test_layerlint_toml_via_config_option(tmp_path):
    cfg = write(tmp_path / "layerlint.toml", "ignore = ['LL4']\ndialect = 'keras3'\n")
    config = load_config(cfg)
    assert config.ignore == ["LL4"] and config.dialect == "keras3"
