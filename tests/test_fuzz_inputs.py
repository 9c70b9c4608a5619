"""Property-based fuzzing (hypothesis, a fixed budget) of what reaches layerlint from outside:
random notebooks and random layer arguments. Random source text and bytes are fuzzed in
tests/test_frontend_robustness.py and a folder of broken files through the CLI in
tests/test_cli_robustness.py.

Properties: nothing raises, nothing is an internal error, every LL900 message is one line, and
no message shows an internal object (tests/test_message_values.py has the patterns).
"""

from __future__ import annotations

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_message_values import INTERNAL, KERAS_PRELUDE, _texts

import layerlint.layers  # noqa: F401 - registers the catalogue
from layerlint.layers.base import all_specs
from layerlint.pipeline import check_file
from layerlint.shown import MESSAGE_LIMIT

# --- notebooks ------------------------------------------------------------------------------------

_any_text = st.text(alphabet=st.characters(codec=None), max_size=60)  # surrogates, NUL, ...
_code = st.one_of(
    _any_text,
    st.sampled_from([
        "import keras\n", "model = keras.Sequential([keras.layers.Dense(3)])\n", "%matplotlib\n",
        "!ls\n", "%%bash\nls\n", "x = (\n", "model.fit(", "\ud800", "def f(:\n", "\t\tpass\n",
        "model.add(keras.layers.LSTM(2))\n", "model?\n", "import torch\n",
    ]),
)
_json_value = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | _any_text,
    lambda children: st.lists(children, max_size=4) | st.dictionaries(_any_text, children,
                                                                     max_size=4),
    max_leaves=20,
)
_cell = st.one_of(
    st.fixed_dictionaries({
        "cell_type": st.sampled_from(["code", "markdown", "raw", 3]),
        "source": st.one_of(_code, st.lists(_code, max_size=5), _json_value),
    }),
    _json_value,
)
_notebook = st.one_of(
    st.fixed_dictionaries({"cells": st.lists(_cell, max_size=6), "nbformat": st.just(4)}),
    st.fixed_dictionaries({"worksheets": st.lists(
        st.fixed_dictionaries({"cells": st.lists(_cell, max_size=4)}), max_size=2)}),
    _json_value,
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                   HealthCheck.function_scoped_fixture])
@given(document=_notebook, cut=st.one_of(st.none(), st.integers(min_value=0, max_value=400)))
def test_random_notebooks(tmp_path_factory, document, cut):
    data = json.dumps(document).encode("utf-8", "surrogatepass")
    if cut is not None:
        data = data[:cut]
    path = tmp_path_factory.mktemp("nb") / "random.ipynb"
    path.write_bytes(data)
    result = check_file(str(path))
    for d in result.diagnostics:
        assert "internal error" not in d.message, d.message
        if d.code == "LL900":
            assert "\n" not in d.message and len(d.message) <= MESSAGE_LIMIT, d.message
        assert not INTERNAL.search(d.message), d.message


# --- layer arguments --------------------------------------------------------------------------

_KERAS_SPECS = sorted(all_specs("keras"), key=lambda s: s.name)
_leaf = st.one_of(
    st.integers(min_value=-3, max_value=70).map(str),
    st.sampled_from(["0.5", "-1.5", "1e9", "float('inf')", "None", "True", "False", "'same'",
                     "'valid'", "'channels_first'", "'relu'", "''", "undefined_name", "inp",
                     "np.zeros((2, 3))", "helper", "lambda t: t", "other", "keras.layers.Dense",
                     "Thing()", "arr.shape", "arr.shape[1]", "len(arr)"]),
)
_argument = st.recursive(
    _leaf,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4).map(lambda xs: "(" + ", ".join(xs) + ",)"),
        st.lists(inner, max_size=4).map(lambda xs: "[" + ", ".join(xs) + "]"),
        inner.map(lambda x: f"keras.layers.Dense({x})"),
        inner.map(lambda x: f"{{'k': {x}}}"),
    ),
    max_leaves=8,
)
_INPUTS = ["", "keras.Input((6, 6, 6, 3)), ", "keras.Input((5, 4)), ", "keras.Input((7,)), ",
           "keras.Input((8, 8, 3)), "]


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_random_layer_arguments(data):
    spec = data.draw(st.sampled_from(_KERAS_SPECS))
    params = [p.name for p in spec.signature]
    chosen = data.draw(st.lists(st.sampled_from(params), min_size=1, max_size=3, unique=True)) \
        if params else []
    arguments = ", ".join(f"{name}={data.draw(_argument)}" for name in chosen)
    first = data.draw(st.sampled_from(_INPUTS))
    source = (KERAS_PRELUDE + f"m = keras.Sequential([{first}keras.layers.{spec.name}"
              f"({arguments})])\nm.compile('adam', 'mse')\n")
    for _, text in _texts(source):
        assert "internal error" not in text, (source, text)
        assert not INTERNAL.search(text) and len(text) <= MESSAGE_LIMIT, (source, text)
