"""Tokenizer and TextVectorization, statically (issue 4): the vocabularies layerlint recomputes
against the real classes, and tutorial-style scripts checked by layerlint and run in real Keras 3
(torch backend) and tf.keras 2 (tf_keras), with the same verdict at the same line.

LL302 (error) where the texts are literals in the file, so the ids are exact; LL307 (warning)
where only a limit (num_words, max_tokens) is known: shown by one corpus that reaches it (the
real run fails) and one that does not (it runs), with the same source otherwise.
"""

from __future__ import annotations

import dataclasses
import warnings

import pytest
from differential.compare import compare
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from text_scripts import (
    LITERAL_TEXTS,
    run_batch,
    tokenizer_script,
    unknown_texts,
    vectorizer_model_script,
    vectorizer_script,
)

from layerlint.edits import apply_edits
from layerlint.frontends import text_vocabulary as vocab
from layerlint.pipeline import check_source

# --- vocabulary replication ------------------------------------------------------------------

FIXED_TEXTS = [
    ["The cat sat on the mat.", "The dog ate my homework!", "A cat, a dog."],
    ["b a", "a b", "c"],  # ties: first seen (Tokenizer), bytes descending (TextVectorization)
    ["Hello,World", "hello world", "HELLO\tworld\nagain"],
    ["it's a dog's life", "don't stop", "x-ray e-mail", "100% [sure]"],
    ["  spaced   out  ", "", "\x0bvertical\x0ctab\rreturn"],
    ["Ünïcode wörds", "straße STRASSE", "ÄÖÜ äöü"],  # Tokenizer only (Python's lower)
]
TOKENIZER_OPTIONS = [
    {},
    {"num_words": 3},
    {"num_words": 3, "oov_token": "<OOV>"},
    {"oov_token": "the"},  # the OOV token is also a word: it is indexed twice, the last wins
    {"filters": "", "lower": False},
    {"split": "a"},
    {"char_level": True, "num_words": 5},
]

_TEXT = st.text(alphabet=st.sampled_from(list("aAbBcC éÉ\t\n\x0b\x0c\r\x1c.,!?'-[]_")),
                max_size=20)
_ASCII_TEXT = st.text(alphabet=st.sampled_from(list("aAbBcCz \t\n\x0b\x0c\r\x1c.,!?'-[]_09")),
                      max_size=20)


def mine_tokenizer(texts: list[str], options: dict, queries: list[str]):
    full = {"num_words": None, "filters": vocab.DEFAULT_FILTERS, "lower": True, "split": " ",
            "char_level": False, "oov_token": None, **options}
    counts: dict[str, int] = {}

    def words(text: str) -> list[str]:
        return vocab.tokenizer_words(text, full["lower"], full["filters"], full["split"],
                                     full["char_level"])

    for text in texts:
        for w in words(text):
            counts[w] = counts.get(w, 0) + 1
    index = vocab.tokenizer_word_index(counts, full["oov_token"])
    return index, vocab.tokenizer_sequences(index, [words(q) for q in queries],
                                            full["num_words"], full["oov_token"])


def real_tokenizer(cls, texts: list[str], options: dict, queries: list[str]):
    tokenizer = cls(**options)
    tokenizer.fit_on_texts(texts)
    return tokenizer.word_index, tokenizer.texts_to_sequences(queries)


def mine_vectorizer(texts: list[str], options: dict, queries: list[str]):
    standardize = options.get("standardize", "lower_and_strip_punctuation")
    tokens = [vocab.vectorizer_tokens(t, standardize) for t in texts]
    vocabulary = vocab.vectorizer_vocabulary(tokens, options.get("max_tokens"))
    query_tokens = [vocab.vectorizer_tokens(q, standardize) for q in queries]
    return vocabulary, vocab.vectorizer_ids(vocabulary, query_tokens,
                                            options.get("output_sequence_length"))


def real_vectorizer(cls, texts: list[str], options: dict, queries: list[str]):
    import numpy as np

    layer = cls(**options)
    layer.adapt(texts)
    vocabulary = [str(v) for v in layer.get_vocabulary()]
    if len(vocabulary) <= 2:  # nothing learnt: the lookup table is never initialised
        return vocabulary, None
    return vocabulary, np.asarray(layer(queries)).tolist()


def keras3_tokenizer():
    # What `tensorflow.keras.preprocessing.text.Tokenizer` is with Keras 3 (TF >= 2.16).
    from keras.src.legacy.preprocessing.text import Tokenizer

    return Tokenizer


def tf_keras_tokenizer():
    from tf_keras.preprocessing.text import Tokenizer

    return Tokenizer


def keras3_vectorizer():
    import keras

    return keras.layers.TextVectorization


def tf_keras_vectorizer():
    import tf_keras

    return tf_keras.layers.TextVectorization


TOKENIZERS = [pytest.param(keras3_tokenizer, marks=pytest.mark.keras3, id="keras3"),
              pytest.param(tf_keras_tokenizer, marks=pytest.mark.keras2, id="tf_keras")]
VECTORIZERS = [pytest.param(keras3_vectorizer, marks=pytest.mark.keras3, id="keras3"),
               pytest.param(tf_keras_vectorizer, marks=pytest.mark.keras2, id="tf_keras")]


@pytest.mark.parametrize("make", TOKENIZERS)
@pytest.mark.parametrize("options", TOKENIZER_OPTIONS, ids=str)
@pytest.mark.parametrize("texts", FIXED_TEXTS, ids=lambda t: t[0][:12])
def test_tokenizer_vocabulary_and_sequences_match_the_real_class(make, options, texts):
    queries = [*texts, "unseen words and the cat"]
    assert mine_tokenizer(texts, options, queries) == real_tokenizer(make(), texts, options,
                                                                     queries)


@pytest.mark.parametrize("make", TOKENIZERS)
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                  HealthCheck.function_scoped_fixture])
@given(texts=st.lists(_TEXT, max_size=6), queries=st.lists(_TEXT, max_size=3),
       options=st.fixed_dictionaries({}, optional={
           "num_words": st.sampled_from([None, 1, 2, 4, 50]),
           "oov_token": st.sampled_from([None, "<OOV>", "a", "oov"]),
           "lower": st.booleans(), "char_level": st.booleans(),
           "filters": st.sampled_from([vocab.DEFAULT_FILTERS, "", ".,", "aé"]),
           "split": st.sampled_from([" ", "\t", "b"])}))
def test_tokenizer_matches_on_generated_texts(make, texts, queries, options):
    assert mine_tokenizer(texts, options, texts + queries) == real_tokenizer(
        make(), texts, options, texts + queries)


VECTORIZER_OPTIONS = [
    {},
    {"max_tokens": 4},
    {"max_tokens": 6, "output_sequence_length": 3},
    {"standardize": "lower", "output_sequence_length": 10},
    {"standardize": "strip_punctuation"},
    {"standardize": None, "max_tokens": 100},
]


@pytest.mark.parametrize("make", VECTORIZERS)
@pytest.mark.parametrize("options", VECTORIZER_OPTIONS, ids=str)
@pytest.mark.parametrize("texts", FIXED_TEXTS[:5], ids=lambda t: t[0][:12])
def test_vectorizer_vocabulary_and_ids_match_the_real_layer(make, options, texts):
    queries = [*texts, "unseen words and the cat"]
    vocabulary, ids = real_vectorizer(make(), texts, options, queries)
    mine_vocabulary, mine_ids = mine_vectorizer(texts, options, queries)
    assert mine_vocabulary == vocabulary
    if ids is not None:
        assert mine_ids == ids


@pytest.mark.parametrize("make", VECTORIZERS)
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                 HealthCheck.function_scoped_fixture])
@given(texts=st.lists(_ASCII_TEXT, min_size=1, max_size=5),
       options=st.fixed_dictionaries({}, optional={
           "max_tokens": st.sampled_from([None, 3, 5, 8]),
           "output_sequence_length": st.sampled_from([None, 1, 4]),
           "standardize": st.sampled_from([None, "lower", "strip_punctuation",
                                           "lower_and_strip_punctuation"])}))
def test_vectorizer_matches_on_generated_ascii_texts(make, texts, options):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        vocabulary, ids = real_vectorizer(make(), texts, options, texts)
    mine_vocabulary, mine_ids = mine_vectorizer(texts, options, texts)
    assert mine_vocabulary == vocabulary
    if ids is not None:
        assert mine_ids == ids


def test_vectorizer_tokens_are_not_claimed_for_non_ascii_text():
    # tf.strings.lower leaves non-ASCII letters alone; Python would lower them.
    assert vocab.vectorizer_tokens("Ünïcode", "lower") is None
    assert vocab.vectorizer_tokens("Plain Text.", "lower_and_strip_punctuation") == ["plain",
                                                                                     "text"]


# --- scripts: layerlint vs the real frameworks -------------------------------------------------

def line_of(source: str, text: str) -> int:
    return next(i for i, line in enumerate(source.splitlines(), 1) if text in line)


# Each case: the verdict (clean, LL302, or LL307 with the real outcome depending on the corpus).
AGREE = {
    "tokenizer_sized_from_word_index": tokenizer_script("Embedding(vocab_size, 8)"),
    "tokenizer_embedding_too_small": tokenizer_script("Embedding(10, 8)"),
    "tokenizer_num_words_caps_ids": tokenizer_script("Embedding(6, 8)",
                                                     tokenizer="Tokenizer(num_words=6)"),
    "tokenizer_oov_keeps_ids_below_num_words": tokenizer_script(
        "Embedding(5, 8)", tokenizer='Tokenizer(num_words=5, oov_token="<OOV>")'),
    "tokenizer_custom_filters_make_more_words": tokenizer_script(
        "Embedding(14, 8)", tokenizer='Tokenizer(filters="", lower=False)'),
    "tokenizer_pads_short": tokenizer_script("Embedding(vocab_size, 8)", maxlen=3),
    "vectorizer_sized_from_vocabulary": vectorizer_script(
        "Embedding(vectorizer.vocabulary_size(), 8)"),
    "vectorizer_embedding_too_small": vectorizer_script("Embedding(8, 8)"),
    "vectorizer_max_tokens_caps_ids": vectorizer_script(
        "Embedding(5, 8)", vectorizer="max_tokens=5, output_sequence_length=8"),
    "vectorizer_without_length": vectorizer_script("Embedding(20, 8)",
                                                   vectorizer="max_tokens=1000"),
    "vectorizer_lower_only": vectorizer_script(
        "Embedding(15, 8)", vectorizer='standardize="lower", output_sequence_length=8'),
}
# Keras 3 on the torch backend cannot feed strings to a model (measured: "ValueError: Invalid
# dtype: str..." at fit); tf.keras runs these, so they are compared in keras2 only.
MODEL_AGREE = {
    "model_vectorizer_sized": vectorizer_model_script("Embedding(vectorizer.vocabulary_size(), 4)"),
    "model_vectorizer_too_small": vectorizer_model_script("Embedding(13, 4)"),
    "model_vectorizer_rank1_input": vectorizer_model_script("Embedding(15, 4)", shape="()",
                                                            data="np.array(texts)"),
    "model_vectorizer_max_tokens_plus_one": vectorizer_model_script(
        "Embedding(21, 4)", vectorizer="max_tokens=20"),
}
# name -> (source, the real run fails): the same code, one corpus reaching the limit, one not.
MAY_FAIL = {
    "tokenizer_limit_reached": (tokenizer_script(
        "Embedding(20, 8)", texts=unknown_texts(80), tokenizer="Tokenizer(num_words=50)"), True),
    "tokenizer_limit_not_reached": (tokenizer_script(
        "Embedding(20, 8)", texts=unknown_texts(5), tokenizer="Tokenizer(num_words=50)"), False),
    "vectorizer_limit_reached": (vectorizer_script(
        "Embedding(30, 8)", texts=unknown_texts(150),
        vectorizer="max_tokens=100, output_sequence_length=8"), True),
    "vectorizer_limit_not_reached": (vectorizer_script(
        "Embedding(30, 8)", texts=unknown_texts(5),
        vectorizer="max_tokens=100, output_sequence_length=8"), False),
}
MODEL_MAY_FAIL = {
    "model_vectorizer_limit_reached": (vectorizer_model_script(
        "Embedding(30, 4)", texts=unknown_texts(150), vectorizer="max_tokens=100"), True),
    "model_vectorizer_limit_not_reached": (vectorizer_model_script(
        "Embedding(30, 4)", texts=unknown_texts(5), vectorizer="max_tokens=100"), False),
}
DIALECTS = [pytest.param("keras3", marks=pytest.mark.keras3),
            pytest.param("keras2", marks=pytest.mark.keras2)]


def check(source: str, dialect: str):
    return check_source(source, "train.py", dialect=dialect)


def errors(result):
    return [d for d in result.diagnostics if d.severity == "error"]


# Keras 3 has no keras.preprocessing.text: the script stops at the import (measured). That is
# no shape error, so layerlint reports none (its model of the Tokenizer is Keras 2's).
STANDALONE_KERAS3 = tokenizer_script("Embedding(vocab_size, 8)").replace(
    "from tensorflow import keras", "import keras").replace(
    "from tensorflow.keras.preprocessing.text", "from keras.preprocessing.text")
STANDALONE_TOO_SMALL = STANDALONE_KERAS3.replace("Embedding(vocab_size, 8)", "Embedding(10, 8)")


def cases(dialect: str) -> dict[str, str]:
    sources = dict(AGREE)
    if dialect == "keras3":
        sources["standalone_tokenizer_import"] = STANDALONE_KERAS3
        sources["standalone_tokenizer_too_small"] = STANDALONE_TOO_SMALL
    sources.update({name: source for name, (source, _) in MAY_FAIL.items()})
    sources.update(MODEL_AGREE)
    sources.update({name: source for name, (source, _) in MODEL_MAY_FAIL.items()})
    # Every fix layerlint offers, applied: the fixed script must run.
    for name, source in list(sources.items()):
        for d in check(source, dialect).diagnostics:
            for i, fix in enumerate(d.fixes):
                sources[f"{name}:fix{i}:{d.code}"] = apply_edits(source, fix.edits)
    return sources


_RUNS: dict[str, dict] = {}


def runs(dialect: str) -> dict:
    """Every case (and every fixed case) run once per dialect, in one batch."""
    if dialect not in _RUNS:
        sources = cases(dialect)
        _RUNS[dialect] = dict(zip(sources, zip(sources.values(),
                                               run_batch(list(sources.values()), dialect))))
    return _RUNS[dialect]


@pytest.mark.parametrize("dialect", DIALECTS)
@pytest.mark.parametrize("name", sorted(AGREE))
def test_script_agrees_with_the_real_run(dialect, name):
    source, run = runs(dialect)[name]
    result = check(source, dialect)
    assert compare(result, run) == []
    if run.error is not None:
        [d] = errors(result)
        assert (d.code, d.stage, d.span.line) == ("LL302", "fit", line_of(source, "model.fit("))
        assert run.error.type == ("IndexError" if dialect == "keras3" else "InvalidArgumentError")


@pytest.mark.keras3
@pytest.mark.parametrize("name", ["standalone_tokenizer_import", "standalone_tokenizer_too_small"])
def test_keras3_tokenizer_import_failure_is_no_shape_error(name):
    source, run = runs("keras3")[name]
    assert (run.error.type, run.error.line) == ("ModuleNotFoundError", 3)
    assert "keras.preprocessing.text" in run.error.message
    assert not errors(check(source, "keras3"))


def test_standalone_keras_tokenizer_is_modelled_in_keras2():
    # Keras 2's own `keras` package has keras.preprocessing.text: the ids are checked there.
    [d] = errors(check(STANDALONE_TOO_SMALL, "keras2"))
    assert (d.code, d.span.line) == ("LL302", line_of(STANDALONE_TOO_SMALL, "model.fit("))


@pytest.mark.keras2
@pytest.mark.parametrize("name", sorted(MODEL_AGREE))
def test_vectorizer_first_layer_agrees_with_tf_keras(name):
    source, run = runs("keras2")[name]
    result = check(source, "keras2")
    assert compare(result, run) == []
    assert [layer.params for layer in result.models[0].layers][:2] == [
        layer.params for layer in run.models[0].layers][:2]


@pytest.mark.keras3
@pytest.mark.parametrize("name", sorted(MODEL_AGREE))
def test_vectorizer_first_layer_in_keras3_has_the_real_shapes_and_no_error(name):
    source, run = runs("keras3")[name]
    result = check(source, "keras3")
    # Measured: Keras 3 (torch) builds the model but cannot take strings at fit.
    assert (run.error.type, run.error.stage) == ("ValueError", "fit")
    assert run.error.message.startswith("Invalid dtype: str")
    assert not errors(result)
    assert compare(result, dataclasses.replace(run, error=None)) == []


@pytest.mark.parametrize("dialect", DIALECTS)
@pytest.mark.parametrize("name", sorted(MAY_FAIL))
def test_limit_above_input_dim_is_a_warning_whatever_the_corpus(dialect, name):
    source, run = runs(dialect)[name]
    fails = MAY_FAIL[name][1]
    result = check(source, dialect)
    assert not errors(result)
    [d] = [d for d in result.diagnostics if d.code == "LL307"]
    fit = line_of(source, "model.fit(")
    assert (d.severity, d.span.line, d.stage) == ("warning", fit, "fit")
    assert (run.error is not None) == fails
    if fails:
        assert run.error.line == fit and run.error.stage == "fit"


@pytest.mark.keras2
@pytest.mark.parametrize("name", sorted(MODEL_MAY_FAIL))
def test_vectorizer_first_layer_limit_is_a_warning_in_tf_keras(name):
    source, run = runs("keras2")[name]
    result = check(source, "keras2")
    assert not errors(result)
    [d] = [d for d in result.diagnostics if d.code == "LL307"]
    assert d.span.line == line_of(source, "model.fit(") and d.layer == 1
    assert (run.error is not None) == MODEL_MAY_FAIL[name][1]
    if run.error is not None:
        assert run.error.type == "InvalidArgumentError" and run.error.line == d.span.line


@pytest.mark.parametrize("dialect", DIALECTS)
def test_every_fix_removes_the_finding_and_the_fixed_script_runs(dialect):
    fixed = {name: value for name, value in runs(dialect).items() if ":fix" in name}
    assert any(name.endswith("LL302") for name in fixed)
    assert any(name.endswith("LL307") for name in fixed)
    for name, (source, run) in fixed.items():
        if name.startswith("model_") and dialect == "keras3":
            continue  # strings cannot reach a Keras 3 (torch) model at all
        code = name.rsplit(":", 1)[1]
        assert code not in {d.code for d in check(source, dialect).diagnostics}, name
        assert run.error is None, (name, run.error)


# --- what layerlint infers, in detail ----------------------------------------------------------

def test_exact_ids_name_the_largest_id_and_offer_input_dim_plus_one():
    source = AGREE["tokenizer_embedding_too_small"]
    [d] = errors(check(source, "keras3"))
    # the OOV token and 12 words: ids 1..13
    assert "token id 13" in d.message and "input_dim=10" in d.message
    [fix] = d.fixes
    assert "Embedding(14, 8)" in apply_edits(source, fix.edits) and fix.safe is False


def test_ll307_names_the_limit_and_offers_it_as_input_dim():
    source = MAY_FAIL["tokenizer_limit_reached"][0]
    [d] = [d for d in check(source, "keras2").diagnostics if d.code == "LL307"]
    assert "may reach 49" in d.message and "input_dim=20" in d.message
    [fix] = d.fixes
    assert "Embedding(50, 8)" in apply_edits(source, fix.edits) and fix.safe is False


def test_padded_shapes_follow_maxlen_and_output_sequence_length():
    from layerlint.frontends import parse_source

    def x_of(source: str):
        ir = parse_source(source, "t.py")
        fit = next(e for e in ir.models[0].events if getattr(e, "method", None) == "fit")
        return fit.x

    x = x_of(AGREE["tokenizer_sized_from_word_index"])
    assert (x.shape, x.bounds, x.max_value) == ((3, 8), "exact", 13)
    x = x_of(MAY_FAIL["tokenizer_limit_reached"][0])
    assert (x.shape, x.bounds, x.max_value) == ((60, 8), "at_most", 49)
    x = x_of(AGREE["vectorizer_without_length"])
    assert (x.shape, x.bounds) == ((3, 7), "exact")  # the longest text has 7 tokens
    x = x_of(MAY_FAIL["vectorizer_limit_reached"][0])
    assert (x.shape, x.bounds, x.max_value) == ((60, 8), "at_most", 99)


@pytest.mark.parametrize("code", [
    # slicing and a split keep an upper bound
    "x = pad_sequences(sequences, maxlen=8)[:40]",
    "x = pad_sequences(sequences, maxlen=8)\nx = x[10:]",
])
def test_at_most_bounds_survive_slicing(code):
    source = HEADER_UNKNOWN + code + "\n" + MODEL_TAIL
    [d] = [d for d in check(source, "keras2").diagnostics if d.code == "LL307"]
    assert d.span.line == line_of(source, "model.fit(")


HEADER_UNKNOWN = ("from tensorflow import keras\nimport numpy as np\n"
                  "from tensorflow.keras.preprocessing.text import Tokenizer\n"
                  "from tensorflow.keras.preprocessing.sequence import pad_sequences\n"
                  + unknown_texts(80) + "tokenizer = Tokenizer(num_words=50)\n"
                  "tokenizer.fit_on_texts(texts)\nsequences = tokenizer.texts_to_sequences(texts)\n")
MODEL_TAIL = ("model = keras.Sequential([keras.layers.Embedding(20, 8), keras.layers.LSTM(4), "
              "keras.layers.Dense(1)])\nmodel.compile(optimizer='adam', loss='mse')\n"
              "model.fit(x, np.zeros((len(x), 1)), verbose=0)\n")


@pytest.mark.parametrize("tokenizer", [
    "Tokenizer()",  # no num_words: no bound at all
    "Tokenizer(num_words=50, analyzer=str.split)",  # an analyzer is not replicated
])
def test_no_bound_means_no_finding(tokenizer):
    source = HEADER_UNKNOWN.replace("Tokenizer(num_words=50)", tokenizer) + \
        "x = pad_sequences(sequences, maxlen=8)\n" + MODEL_TAIL
    codes = {d.code for d in check(source, "keras2").diagnostics}
    assert not codes & {"LL302", "LL307"}


def test_unpadded_tokenizer_output_of_literal_texts_is_ll303():
    source = tokenizer_script("Embedding(vocab_size, 8)").replace("model.fit(x,",
                                                                   "model.fit(sequences,")
    [d] = errors(check(source, "keras2"))
    assert d.code == "LL303"


def test_word_index_and_vocabulary_size_are_known_from_literal_texts():
    from layerlint.frontends import parse_source

    source = HEADER_UNKNOWN.replace(unknown_texts(80), LITERAL_TEXTS) + (
        "vectorizer = keras.layers.TextVectorization()\nvectorizer.adapt(texts)\n"
        "model = keras.Sequential([keras.layers.Embedding(len(tokenizer.word_index) + 1, 4),"
        " keras.layers.Embedding(vectorizer.vocabulary_size(), 4)])\n")
    ir = parse_source(source, "t.py")
    first, second = ir.models[0].events[0].layers
    assert (first.args[0], second.args[0]) == (13, 14)


@pytest.mark.parametrize("change", [
    # fitted in a branch: it may not happen (or the other branch does)
    ("if np.random.rand() > 0.5:\n    tokenizer.fit_on_texts(texts)\nelse:\n"
     "    tokenizer.fit_on_texts(['a'])"),
    # fitted in a loop over texts layerlint cannot read
    "for chunk in open('corpus.txt'):\n    tokenizer.fit_on_texts([chunk])",
    # the limit set after fitting, as tutorials do: ids stay below 5
    "tokenizer.fit_on_texts(texts)\ntokenizer.num_words = 5",
    # the vocabulary replaced by hand
    "tokenizer.fit_on_texts(texts)\ntokenizer.word_index = {'the': 1}",
])
def test_vocabulary_changes_not_followed_are_never_an_error(change):
    source = (HEADER_LITERAL + change + "\nsequences = tokenizer.texts_to_sequences(texts)\n"
              "x = pad_sequences(sequences, maxlen=8)\n" + MODEL_TAIL.replace("Embedding(20",
                                                                               "Embedding(5"))
    assert not errors(check(source, "keras2"))


def test_the_same_script_without_the_change_is_ll302():
    source = (HEADER_LITERAL + "tokenizer.fit_on_texts(texts)\n"
              "sequences = tokenizer.texts_to_sequences(texts)\n"
              "x = pad_sequences(sequences, maxlen=8)\n" + MODEL_TAIL.replace("Embedding(20",
                                                                               "Embedding(5"))
    [d] = errors(check(source, "keras2"))
    assert d.code == "LL302" and "token id 12" in d.message


def test_a_vectorizer_adapted_in_a_branch_gives_only_its_limit():
    source = (HEADER_LITERAL.replace("tokenizer = Tokenizer()\n", "")
              + "vectorizer = keras.layers.TextVectorization(max_tokens=100)\n"
              "if np.random.rand() > 0.5:\n    vectorizer.adapt(texts)\nx = vectorizer(texts)\n"
              + MODEL_TAIL.replace("Embedding(20", "Embedding(5"))
    result = check(source, "keras2")
    assert not errors(result)
    assert [d.code for d in result.diagnostics if d.code == "LL307"] == ["LL307"]
    # the same without the branch: exact ids
    assert [d.code for d in errors(check(source.replace("if np.random.rand() > 0.5:\n    ", ""),
                                         "keras2"))] == ["LL302"]


def test_changed_literal_texts_are_not_read_as_before():
    source = (HEADER_LITERAL.replace("tokenizer = Tokenizer()\n", "")
              + "vectorizer = keras.layers.TextVectorization()\nvectorizer.adapt(texts)\n"
              "data = np.array(texts)\ndata[0] = 'new words never seen'\nx = vectorizer(data)\n"
              + MODEL_TAIL.replace("Embedding(20", "Embedding(13"))
    result = check(source, "keras2")
    assert not errors(result)  # ids up to 13 are possible, not certain: a warning
    assert "LL307" in {d.code for d in result.diagnostics}
    # without the change the ids are exact: id 13 occurs
    assert [d.code for d in errors(check(source.replace(
        "data[0] = 'new words never seen'\n", ""), "keras2"))] == ["LL302"]


HEADER_LITERAL = HEADER_UNKNOWN.replace(unknown_texts(80), LITERAL_TEXTS).replace(
    "tokenizer = Tokenizer(num_words=50)\ntokenizer.fit_on_texts(texts)\n"
    "sequences = tokenizer.texts_to_sequences(texts)\n", "tokenizer = Tokenizer()\n")
