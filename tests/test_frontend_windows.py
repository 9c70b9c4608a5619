"""Windowed data (the time-series idioms) built by long loops and comprehensions.

Each case runs the data lines with real numpy and compares the true shape and dtype with what the
front end extracted without running anything (QA-4).
"""

from __future__ import annotations


import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from test_frontend_data import fit_x, run_numpy
from work_count import counting_work

from layerlint.frontends import plain_loops
from layerlint.ir import UNKNOWN, ArrayValue

WINDOWS = [
    # the comprehension of every LSTM tutorial, over more items than loops are unrolled
    "data = np.random.rand(200)\nk = 5\nx = np.array([data[i:i + k] for i in range(len(data) - k)])",
    "data = np.random.rand(300, 3)\nx = np.array([data[i:i + 10] for i in range(len(data) - 10)])",
    "data = np.random.rand(500)\nx = np.array([data[i - 7:i] for i in range(7, len(data))])",
    "data = np.random.rand(120, 4)\nx = np.array([data[i:i + 6, 0] for i in range(0, 110, 3)])",
    "data = np.random.rand(90)\nx = np.array([data[i + 4] for i in range(80)])",
    # the append loop (create_dataset of the Machine Learning Mastery tutorials)
    (
        "dataset = np.random.rand(144, 1).astype('float32')\nlook_back = 3\nX = []\n"
        "for i in range(len(dataset) - look_back - 1):\n"
        "    a = dataset[i:(i + look_back), 0]\n"
        "    X.append(a)\n"
        "x = np.array(X)"
    ),
    (
        "series = np.sin(np.arange(100) / 5.0)\nX, y = [], []\n"
        "for i in range(len(series) - 6):\n"
        "    X.append(series[i:i + 6])\n"
        "    y.append(series[i + 6])\n"
        "x = np.array(X)"
    ),
    (
        "series = np.sin(np.arange(100) / 5.0)\nX, y = [], []\n"
        "for i in range(len(series) - 6):\n"
        "    X.append(series[i:i + 6])\n"
        "    y.append(series[i + 6])\n"
        "x = np.array(y)"
    ),
    (
        "data = np.random.rand(400, 2)\nX = [data[0:8]]\nfor start in range(1, 300, 2):\n"
        "    X.append(data[start:start + 8])\nx = np.stack(X)"
    ),
    (
        "data = np.random.rand(1000)\nX = []\nfor i in range(len(data) - 50):\n"
        "    X.append(data[i:i + 50])\nx = np.array(X).reshape(-1, 50, 1)"
    ),
    # numpy's own sliding windows
    "x = np.lib.stride_tricks.sliding_window_view(np.arange(100.0), 8)",
    "x = np.lib.stride_tricks.sliding_window_view(np.random.rand(60, 3), 5, axis=0)",
    "x = np.lib.stride_tricks.sliding_window_view(np.random.rand(20, 30), (4, 5))",
    (
        "from numpy.lib.stride_tricks import sliding_window_view\n"
        "x = sliding_window_view(np.random.rand(7, 50, 2), window_shape=3, axis=1)"
    ),
]


@pytest.mark.parametrize("lines", WINDOWS)
def test_window_shapes_match_numpy(lines: str) -> None:
    value = fit_x(lines)
    real = run_numpy(lines)
    assert isinstance(value, ArrayValue), lines
    assert value.shape == real.shape, lines
    assert value.dtype == str(real.dtype), lines


NOT_PLAIN = [
    # windows running past the end have different lengths: numpy raises (inhomogeneous shape)
    "data = np.random.rand(100)\nx = np.array([data[i:i + 5] for i in range(len(data))])",
    # an element whose shape changes with the iteration (evaluated once, its size is unknown)
    "x = np.array([np.zeros(i) for i in range(90)])",
    # a loop doing anything but assigning names and appending
    (
        "data = np.random.rand(100)\nX = []\nfor i in range(90):\n"
        "    print(i)\n    X.append(data[i:i + 5])\nx = np.array(X)"
    ),
    # a filter
    "data = np.random.rand(100)\nx = np.array([data[i:i + 5] for i in range(90) if i % 2])",
    # the data itself is unknown
    "data = np.load('d.npy')\nx = np.array([data[i:i + 5] for i in range(90)])",
    # too many items to evaluate one by one
    "data = np.random.rand(100_000)\nx = np.array([data[i:i + 5] for i in range(99_000)])",
    # a window larger than the axis: numpy raises
    "x = np.lib.stride_tricks.sliding_window_view(np.arange(5.0), 8)",
]


@pytest.mark.parametrize("lines", NOT_PLAIN)
def test_windows_that_are_not_plain_stay_unknown(lines: str) -> None:
    value = fit_x(lines)
    assert value is UNKNOWN or (isinstance(value, ArrayValue) and value.shape is None), lines


def test_a_call_in_the_element_is_evaluated_once() -> None:
    """The element does not depend on the iteration's size: every item is one number."""
    lines = "data = np.random.rand(100)\nx = np.array([np.mean(data[i:i + 5]) for i in range(90)])"
    value = fit_x(lines)
    assert isinstance(value, ArrayValue) and value.shape == run_numpy(lines).shape == (90,)


def test_the_ragged_cases_really_fail_in_numpy() -> None:
    with pytest.raises(ValueError):
        run_numpy(NOT_PLAIN[0])
    with pytest.raises(ValueError):
        run_numpy(NOT_PLAIN[-1])


def test_an_abandoned_loop_leaves_its_names_unknown() -> None:
    lines = (
        "import sys\nn = int(sys.argv[1])\ndata = np.random.rand(100)\nX = []\n"
        "for i in range(95):\n    w = data[i:i + 3]\n    X.append(data[i:i + n])\n"
        "x = np.zeros((len(X), i, w.shape[0]))"
    )
    value = fit_x(lines)  # an element of unknown length: the general rule for loops applies
    assert isinstance(value, ArrayValue) and value.shape == ("?", "i", "w.shape[0]")


def test_the_loop_variable_keeps_its_last_value() -> None:
    lines = "data = np.random.rand(100)\nX = []\nfor i in range(95):\n"
    lines += "    X.append(data[i:i + 5])\nx = np.zeros((2, i))"
    assert fit_x(lines).shape == run_numpy(lines).shape == (2, 94)


def test_the_largest_loop_evaluated_stays_fast() -> None:
    n = plain_loops.MAX_PLAIN_EVALUATIONS
    lines = f"data = np.random.rand({n + 10})\nx = np.array([data[i:i + 5] for i in range({n})])"
    with counting_work() as work:
        value = fit_x(lines)
    assert value.shape == (n, 5)
    assert work.expressions <= 7 * n, work  # a few evaluations per element, none per leaf


@st.composite
def windowing(draw) -> str:
    """A windowing comprehension or append loop with random sizes (windows may run past the
    end, making numpy raise), over 1-D or 2-D data."""
    n = draw(st.integers(0, 150))
    k = draw(st.integers(0, 12))
    features = draw(st.sampled_from(["", ", 3"]))
    start = draw(st.integers(-3, 5))
    stop = draw(st.sampled_from(["len(data) - k", "len(data)", "len(data) - k + 1", "n // 2"]))
    step = draw(st.integers(1, 3))
    window = draw(st.sampled_from(["data[i:i + k]", "data[i - k:i]", "data[i + 1:i + k + 1]"]))
    head = f"n = {n}\nk = {k}\ndata = np.random.rand(n{features})\n"
    loop = f"range({start}, {stop}, {step})"
    if draw(st.booleans()):
        return head + f"x = np.array([{window} for i in {loop}])"
    return head + f"X = []\nfor i in {loop}:\n    w = {window}\n    X.append(w)\nx = np.array(X)"


@settings(max_examples=150, deadline=None)
@given(windowing())
def test_random_windowing_agrees_with_numpy(lines: str) -> None:
    value = fit_x(lines)
    try:
        real = run_numpy(lines)
    except ValueError:  # ragged windows: numpy refuses, layerlint must not know a shape
        assert value is UNKNOWN or value.shape is None or "?" in value.shape, lines
        return
    assert isinstance(value, ArrayValue) and value.shape == real.shape, lines


def test_all_plain_loops_of_a_file_share_one_budget() -> None:
    calls = plain_loops.MAX_PLAIN_TOTAL // plain_loops.MAX_PLAIN_EVALUATIONS
    lines = (
        "data = np.random.rand(30_000)\n"
        "def windows():\n"
        f"    return np.array([data[i:i + 5] for i in range({plain_loops.MAX_PLAIN_EVALUATIONS})])\n"
        + "".join(f"w{n} = windows()\n" for n in range(calls))
    )
    assert fit_x(lines + f"x = w{calls - 1}").shape == (plain_loops.MAX_PLAIN_EVALUATIONS, 5)
    assert fit_x(lines + "x = windows()") is UNKNOWN
