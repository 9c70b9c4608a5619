"""pipeline.check_source never raises, whatever the text; analysis isolates a failing model."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from layerlint.ir import Construct, FileIR, ModelIR, Span
from layerlint.pipeline import check_source
from layerlint.replay import analysis
from layerlint.results import FileResult

FRAGMENTS = [
    "import keras\n", "from tensorflow import keras\n", "import numpy as np\n",
    "model = keras.Sequential([", "keras.layers.LSTM(8", ", return_sequences=True", ")", "]",
    "keras.layers.Dense(", "keras.Input((10, 5))", ", ", "\n", "model.add(", "model.fit(",
    "np.random.rand(4, 3)", "model.compile(loss='mse')\n", "(", "*", "lambda x: x", "for i in",
    ":\n    ", "if x", "0", "-1", "None", "'s'", "keras.layers.Flatten()",
]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(FRAGMENTS), max_size=30))
def test_check_source_never_raises_on_fragments(parts):
    result = check_source("".join(parts), "random.py")
    assert isinstance(result, FileResult)


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=200))
def test_check_source_never_raises_on_text(text):
    assert isinstance(check_source(text), FileResult)


def test_a_model_whose_replay_fails_is_reported_and_the_others_analysed(monkeypatch):
    span = Span(1, 1, 1, 10)
    models = [ModelIR("broken", "keras", "keras3", span, [Construct(["not a call"], span)]),
              ModelIR("fine", "keras", "keras3", Span(2, 1, 2, 10), [Construct([], span)])]

    def explode(self):
        if self.model.name == "broken":
            raise RuntimeError("boom")

    monkeypatch.setattr(analysis.Replay, "run", explode)
    result = analysis.analyze(FileIR("f.py", "", models))
    assert [m.name for m in result.models] == ["fine"]
    [d] = result.diagnostics
    assert d.code == "LL900" and "boom" in d.message and d.model == "broken"
