"""The front end never raises and never runs user code, whatever the input."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from work_count import counting_work

from layerlint import frontends
from layerlint.frontends import load_file, parse_source
from layerlint.frontends.source import MAX_FILE_BYTES

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
SCRIPTS = [p.read_text(encoding="utf-8") for p in sorted(EXAMPLES.glob("*.py"))] + [
    """
import numpy as np
from keras import Sequential, layers, Input
def build(n=8, hidden=(32, 16)):
    model = Sequential([Input((n,))])
    for h in hidden:
        model.add(layers.Dense(h, activation="relu"))
    model.add(layers.Dense(3, activation="softmax"))
    model.compile(loss="categorical_crossentropy", optimizer="adam")
    return model
X = np.random.rand(64, 8).astype("float32")
y = keras.utils.to_categorical(np.random.randint(0, 3, (64,)), 3)
if __name__ == "__main__":
    m = build()
    try:
        m.fit(X[:48], y[:48], validation_data=(X[48:], y[48:]), epochs=2)
    except ValueError as e:
        print(e)
    with open("log.txt") as f:
        m.evaluate(X, y)
""",
    """
import numpy as np
from keras.models import Sequential
from keras.layers import LSTM, Dense
data = np.random.rand(200, 2)
look_back = 5
X = np.array([data[i:i + look_back] for i in range(len(data) - look_back)])
Z, y = [], []
for i in range(len(data) - look_back - 1):
    a = data[i:(i + look_back), 0]
    Z.append(a)
    y.append(data[i + look_back, 0])
Z, y = np.array(Z), np.array(y)
W = np.lib.stride_tricks.sliding_window_view(data, look_back, axis=0)
model = Sequential()
model.add(LSTM(4, input_shape=(look_back, 2)))
model.add(Dense(1))
model.compile(loss='mean_squared_error', optimizer='adam')
model.fit(X, y[:len(X)], epochs=1, batch_size=16, verbose=0)
model.predict(Z.reshape(-1, look_back, 1))
""",
]


def assert_clean_result(ir) -> None:
    """No exception reached us; any problem is a one-line LL900, never an internal error."""
    for problem in ir.problems:
        assert problem.code == "LL900"
        assert "\n" not in problem.message
        assert "internal error" not in problem.message, problem.message


def check_text(text: str) -> None:
    """The whole front end on ``text``, even when it names no framework (the fast path would
    only parse it): these inputs are here to exercise the interpreter."""
    may_hold_models = frontends.may_hold_models
    frontends.may_hold_models = lambda text: True
    try:
        assert_clean_result(parse_source(text, "fuzz.py"))
    finally:
        frontends.may_hold_models = may_hold_models


def check_bytes(tmp_path: Path, data: bytes, suffix: str = ".py") -> None:
    path = tmp_path / f"fuzz{suffix}"
    path.write_bytes(data)
    assert_clean_result(load_file(str(path)))


FAST = settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@FAST
@given(st.text())
def test_random_text(text: str) -> None:
    check_text(text)


@FAST
@given(st.text(alphabet=st.sampled_from(list("()[]{}:=,.+-*/ \n\tnpx0123456789'\"#@\\ifor"))))
def test_random_python_like_text(text: str) -> None:
    check_text(text)


@FAST
@given(st.binary(max_size=2000))
def test_random_bytes(tmp_path_factory, data: bytes) -> None:
    tmp_path = tmp_path_factory.mktemp("bytes")
    check_bytes(tmp_path, data)
    check_bytes(tmp_path, data, ".ipynb")


@st.composite
def mutated_script(draw) -> str:
    """A valid model script with lines deleted, duplicated, swapped or re-indented, or
    characters replaced: mostly still Python, exercising the interpreter on odd code."""
    lines = draw(st.sampled_from(SCRIPTS)).splitlines()
    for _ in range(draw(st.integers(1, 6))):
        if not lines:
            break
        i = draw(st.integers(0, len(lines) - 1))
        action = draw(st.sampled_from(["delete", "duplicate", "swap", "indent", "dedent", "char"]))
        if action == "delete":
            del lines[i]
        elif action == "duplicate":
            lines.insert(i, lines[i])
        elif action == "swap":
            j = draw(st.integers(0, len(lines) - 1))
            lines[i], lines[j] = lines[j], lines[i]
        elif action == "indent":
            lines[i] = "    " + lines[i]
        elif action == "dedent":
            lines[i] = lines[i].lstrip()
        elif lines[i]:
            k = draw(st.integers(0, len(lines[i]) - 1))
            char = draw(st.sampled_from(list("()[],.:=0-1*x\"'")))
            lines[i] = lines[i][:k] + char + lines[i][k + 1 :]
    return "\n".join(lines) + "\n"


@settings(max_examples=500, deadline=None)
@given(mutated_script())
def test_mutated_model_scripts(text: str) -> None:
    check_text(text)


# --- decoding --------------------------------------------------------------------------------

SCRIPT = "import keras\nmodel = keras.Sequential([keras.layers.Dense(1)])  # café\n"


@pytest.mark.parametrize(
    "data",
    [
        SCRIPT.encode("utf-8"),
        codecs.BOM_UTF8 + SCRIPT.encode("utf-8"),
        ("# -*- coding: latin-1 -*-\n" + SCRIPT).encode("latin-1"),
        ("# vim: set fileencoding=cp1252 :\n" + SCRIPT).encode("cp1252"),
        SCRIPT.replace("\n", "\r\n").encode("utf-8"),
    ],
)
def test_encodings_python_accepts(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "enc.py"
    path.write_bytes(data)
    ir = load_file(str(path))
    assert ir.problems == []
    assert len(ir.models) == 1
    assert "café" in ir.source and not ir.source.startswith("\ufeff")


@pytest.mark.parametrize(
    "data, message",
    [
        (b"x = 1\ny = '\xff'\n", "cannot decode as utf-8: invalid byte 0xff at line 2, column 6"),
        (b"# coding: klingon\nx = 1\n", "cannot decode"),
        (codecs.BOM_UTF16_LE + SCRIPT.encode("utf-16-le"), "UTF-16"),
        (b"\x7fELF\x02\x01\x01\x00\x00\x00", "binary file"),
        (b"x = 1\x00\n", "binary file"),
    ],
)
def test_undecodable_files_are_problems(tmp_path: Path, data: bytes, message: str) -> None:
    path = tmp_path / "bad.py"
    path.write_bytes(data)
    ir = load_file(str(path))
    (problem,) = ir.problems
    assert problem.code == "LL900" and message in problem.message, problem.message
    assert ir.models == []


def test_decode_error_position_counts_characters(tmp_path: Path) -> None:
    path = tmp_path / "bad.py"
    path.write_bytes("é = 1\nü = 'ä".encode() + b"\xff'\n")
    (problem,) = load_file(str(path)).problems
    assert problem.span.line == 2 and problem.span.col == 7


def test_huge_files_are_problems(tmp_path: Path) -> None:
    path = tmp_path / "huge.py"
    path.write_bytes(b"x = 1\n" * (MAX_FILE_BYTES // 6 + 1))
    (problem,) = load_file(str(path)).problems
    assert "over the 5 MB limit" in problem.message


def test_missing_file_is_a_problem(tmp_path: Path) -> None:
    (problem,) = load_file(str(tmp_path / "nope.py")).problems
    assert problem.message.startswith("cannot read")


@pytest.mark.parametrize(
    "text",
    [
        "",
        "\n\n\n",
        "# only a comment",
        "x = (" * 300 + ")" * 300,
        "x = " + "+".join(["1"] * 20000),
        "x = " + "-" * 5000 + "1",
        "x = a" + ".b" * 20000,
        "x = f" + "(1)" * 5000,
        "x = [" * 150 + "]" * 150,
        "import keras\nm = keras.Sequential([" + "keras.layers.Dense(" * 90 + "1" + ")" * 90 + "])",
        "\n".join(" " * i + f"if c{i}:" for i in range(99)) + "\n" + " " * 99 + "pass",
        "def f():\n    return f()\nf()\n",
        "x = '\ud800'",
        "x = 1\x00",
        "import keras\nmodel = keras.Sequential()\nmodel.add(model)\nmodel(model)\n",
        "x = [1] * 10**12\ny = 'a' * 10**12\nz = 10**10**10\nw = 2**64 * 2**64",
        "import numpy as np\nx = np.zeros((10**9, 10**9, 10**9))\ny = np.arange(10**15)\n",
        "import numpy as np\nx = np.zeros((3, 4)).reshape(0, -1)\ny = np.zeros(()).T[None]\n",
        "for x in range(10**9):\n    pass\nwhile True:\n    pass\n",
        "class A:\n    def f(self):\n        self.m = keras.Sequential()\n        self.m.add(1)\n",
        "async def f():\n    async for x in y:\n        await z\n    async with a as b:\n        pass\n",
        "match x:\n    case [a, *rest]:\n        pass\n    case {'k': v, **kw}:\n        pass\n",
        "try:\n    pass\nexcept* ValueError:\n    pass\n",
        "del a.b, c[0], d\nglobal q\nx: int\ny: int = 3\n",
    ],
)
def test_pathological_sources(text: str) -> None:
    check_text(text)


def test_the_users_code_is_never_run(tmp_path: Path) -> None:
    marker = tmp_path / "ran"
    text = (
        f"open({str(marker)!r}, 'w').write('x')\n"
        f"import os\nos.system('touch {marker}')\n"
        "import keras\nmodel = keras.Sequential()\n"
    )
    check_text(text)
    assert not marker.exists()


@pytest.mark.parametrize(
    "text",
    [
        # Nested loops over known ranges: unrolling them all would run 60**5 bodies.
        "import keras\nm = keras.Sequential()\nn = 0\n"
        + "".join("    " * i + f"for i{i} in range(60):\n" for i in range(5))
        + "    " * 5
        + "n = n + 1\nm.add(keras.layers.Dense(n))\n",
        # Calls that fan out: following them all would run 4**30 bodies.
        "def f0(): pass\n"
        + "".join(
            f"def f{i}():\n    f{i - 1}(); f{i - 1}(); f{i - 1}(); f{i - 1}()\n"
            for i in range(1, 30)
        )
        + "f29()\n",
    ],
)
def test_work_is_bounded(text: str) -> None:
    """Counted, not timed: unbounded, these would execute ~10**8 statements."""
    with counting_work() as work:
        check_text(text)
    assert work.statements <= 20_000 and work.expressions <= 100_000, work
