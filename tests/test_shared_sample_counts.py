"""Named sample counts shared between arrays (library/symbols.py) through whole scripts, and the
x/y sample-count check (LL203) on them: known counts are compared, the same name is equal, a
name against a count or another name is never a finding. Pandas objects changed in place
forget what may have changed."""

from __future__ import annotations

from typing import Any

import pytest

from layerlint.frontends import parse_source
from layerlint.frontends.library import symbols
from layerlint.ir import UNKNOWN, DataCall
from layerlint.pipeline import check_source

HEAD = ("import numpy as np\nimport pandas as pd\nimport keras\n"
        "from sklearn.model_selection import train_test_split\n")
MODEL = ("model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(1)])\n"
         "model.compile(optimizer='adam', loss='mse')\n")


def fits(source: str) -> list[DataCall]:
    ir = parse_source(HEAD + source)
    return [e for m in ir.models for e in m.events if isinstance(e, DataCall)]


def errors(source: str, dialect: str = "keras3") -> list[Any]:
    result = check_source(HEAD + source, "s.py", dialect=dialect)
    return [d for d in result.diagnostics if d.severity == "error"]


def test_a_split_of_unknown_rows_shares_one_name_per_part() -> None:
    (fit,) = fits("df = pd.read_csv('d.csv')\nX = df.iloc[:, :4].values\ny = df['y'].values\n"
                  "X_tr, X_te, y_tr, y_te = train_test_split(X, y, test_size=0.2)\n" + MODEL
                  + "model.fit(X_tr, y_tr, validation_data=(X_te, y_te))\n")
    x, y = fit.x.shape, fit.y.shape
    vx, vy = (v.shape for v in fit.validation_data)
    assert x[0] == y[0] == "train@8" and vx[0] == vy[0] == "test@8"
    assert symbols.is_minted(x[0]) and x[0] != vx[0]


def test_every_evaluation_mints_its_own_name() -> None:
    source = ("def load(path):\n    return pd.read_csv(path).values\n"
              "a = load('a.csv')\nb = load('b.csv')\n" + MODEL + "model.fit(a, b)\n")
    (fit,) = fits(source)
    assert fit.x.shape[0] == "rows@6" and fit.y.shape[0] == "rows@6#2"
    assert errors(source) == []  # two files' rows: perhaps equal, never a finding


def test_a_known_count_decides_the_split() -> None:
    (fit,) = fits("X = pd.read_csv('d.csv').values\ny = np.random.rand(50)\n"
                  "X_tr, X_te, y_tr, y_te = train_test_split(X, y)\n" + MODEL
                  + "model.fit(X_tr, y_te)\n")
    # sklearn raises unless the counts agree: the file has 50 rows if the script goes on
    assert fit.x.shape[0] == 37 and fit.y.shape[0] == 13


@pytest.mark.parametrize("x, y, found", [
    ("X_tr", "y_te", True),  # 80 vs 20: known counts differ
    ("X_tr", "y_tr", False),
    ("X_tr", "np.random.rand(80)", False),
    ("A_tr", "b_tr", False),  # the same name: equal
    ("A_tr", "b_te", False),  # two names: perhaps equal
    ("A_tr", "np.random.rand(3)", False),  # a name against a count: perhaps equal
    ("A_tr", "y_tr", False),
])
@pytest.mark.parametrize("dialect", ["keras3", "keras2"])
def test_sample_count_check_on_shared_names(x: str, y: str, found: bool, dialect: str) -> None:
    source = ("X = np.random.rand(100, 4)\ny = np.random.rand(100)\n"
              "X_tr, X_te, y_tr, y_te = train_test_split(X, y, test_size=0.2)\n"
              "df = pd.read_csv('d.csv')\nA = df.iloc[:, :4].to_numpy()\nb = df['t'].to_numpy()\n"
              "A_tr, A_te, b_tr, b_te = train_test_split(A, b, test_size=0.2)\n"
              + MODEL + f"model.fit({x}, {y}, epochs=1)\n")
    codes = [d.code for d in errors(source, dialect)]
    assert codes == (["LL203"] if found else []), codes


def test_functional_model_compares_known_counts_only() -> None:
    model = ("inp = keras.Input((4,))\nmodel = keras.Model(inp, keras.layers.Dense(1)(inp))\n"
             "model.compile(optimizer='adam', loss='mse')\n")
    split = ("X = np.random.rand(100, 4)\ny = np.random.rand(100)\n"
             "X_tr, X_te, y_tr, y_te = train_test_split(X, y, test_size=0.2)\n"
             "A = pd.read_csv('d.csv').values[:, :4]\n"
             "A_tr, A_te = train_test_split(A, test_size=0.2)\n")
    assert [d.code for d in errors(split + model + "model.fit(X_tr, y_te)\n")] == ["LL203"]
    assert errors(split + model + "model.fit(A_tr, y_te)\n") == []
    assert errors(split + model + "model.fit(A_te, y_te)\n") == []


# --- pandas objects changed in place ------------------------------------------------------------


def _fit_x(lines: str) -> Any:
    (fit,) = fits(lines + "\n" + MODEL + "model.fit(X)\n")
    return fit.x


FRAME = "df = pd.DataFrame(np.random.rand(10, 3), columns=['a', 'b', 'c'])\n"


@pytest.mark.parametrize("lines, shape", [
    (FRAME + "X = df.values", (10, 3)),
    (FRAME + "df.drop(columns=['a'], inplace=True)\nX = df.values", ("?", "?")),
    (FRAME + "df['d'] = 1\nX = df.values", ("?", "?")),
    (FRAME + "df['a'] = 0\nX = df.values", (10, 3)),  # an existing column replaced
    (FRAME + "y = df.pop('c')\nX = df.values", ("?", "?")),
    (FRAME + "df.loc[10] = [1, 2, 3]\nX = df.values", ("?", "?")),
    (FRAME + "del df['a']\nX = df.values", ("?", "?")),
    (FRAME + "df.columns = ['x', 'y', 'z']\nX = df[['x', 'y']].values", (10, 2)),
    (FRAME + "df.columns = names\nX = df[['a', 'b']].values", None),  # labels may repeat
    (FRAME + "X = (df / 255).values", (10, 3)),
    (FRAME + "X = df[df['a'] > 0.5].values", ("?", 3)),
    (FRAME + "X = df.describe().values", None),
])
def test_frames_changed_in_place(lines: str, shape: tuple | None) -> None:
    x = _fit_x(lines)
    assert (x is UNKNOWN and shape is None) or x.shape == shape


def test_columns_renamed_to_unknown_labels_are_not_claimed() -> None:
    x = _fit_x(FRAME + "df.columns = names\nX = df['a'].values")
    assert x is UNKNOWN  # the labels may now repeat: df['a'] may be a frame


def test_a_transformer_changed_by_an_unknown_method_is_not_followed() -> None:
    lines = ("from sklearn.preprocessing import StandardScaler\ns = StandardScaler()\n"
             "s.set_output(transform='pandas')\nX = s.fit_transform(np.random.rand(5, 4))")
    assert _fit_x(lines) is UNKNOWN
