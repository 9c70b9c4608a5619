"""Token-id data made by Keras' text preprocessing: ``Tokenizer`` and ``TextVectorization``.

What a script makes plain becomes :class:`~.values.Data` (or plain lists of ids):

* literal texts (a list of string literals, or ``np.array`` of one) give the exact vocabulary and
  exact ids (text_vocabulary.py replicates the classes), so LL302 applies;
* otherwise ``Tokenizer(num_words=N)`` guarantees ids < N and ``TextVectorization(max_tokens=V)``
  ids < V: bounds "at_most" (an upper bound the data may not reach: LL307 warns);
* anything else (``analyzer=``, a callable ``standardize``, ``ngrams``, another ``output_mode``,
  non-ASCII texts for TextVectorization) leaves the ids unknown.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..ir import UNKNOWN, Call, Span
from ..shapes import UNKNOWN_DIM, Dim
from . import text_vocabulary as vocab
from .values import Data, as_int, is_plain

TOKENIZER = "keras.preprocessing.text.Tokenizer"
VECTORIZER = "TextVectorization"
_TOKENIZER_PARAMETERS = ("num_words", "filters", "lower", "split", "char_level", "oov_token",
                         "analyzer")


# --- literal texts ------------------------------------------------------------------------------


def literal_texts(value: Any) -> list[Any] | None:
    """The texts of a list of string literals (or of token lists), or of ``np.array`` of one."""
    if isinstance(value, Data):
        texts = value.extra.get("texts")
        if texts is None or not value.shape or value.shape[0] != len(texts):
            return None  # a slice of the array holds only some of them
        return list(texts)
    if not isinstance(value, (list, tuple)):
        return None
    if all(isinstance(t, str) for t in value):
        return list(value)
    if all(isinstance(t, list) and all(isinstance(w, str) for w in t) for t in value):
        return [list(t) for t in value]
    return None


def text_count(value: Any) -> Dim:
    if isinstance(value, (list, tuple)):
        return len(value)
    if isinstance(value, Data) and value.shape:
        return value.shape[0]
    return UNKNOWN_DIM


def texts_of_array(leaves: list[Any], shape: list[Any]) -> tuple[str, ...] | None:
    """``np.array(["a b", "c"])`` (or of shape (n, 1)): the texts, for the vectorizer."""
    if leaves and all(isinstance(v, str) for v in leaves) and (
            len(shape) == 1 or (len(shape) == 2 and shape[1] == 1)):
        return tuple(leaves)
    return None


def _sequences(count: Dim, origin: Span | None, top: int | None) -> Data:
    """Sequences of unknown lengths (texts_to_sequences on texts not in the file): no shape, so
    nothing checks them, but pad_sequences knows how many there are and their bound."""
    data = Data(None, None, origin, extra={"sequences": True, "count": count})
    if top is not None and top >= 1:
        data.min_value, data.max_value, data.bounds = 1, top, "at_most"
    return data


# --- Tokenizer ----------------------------------------------------------------------------------


@dataclass(eq=False)
class TokenizerState:
    """A ``Tokenizer`` being followed. ``counts`` are its word counts in first-seen order while
    every text it was fitted on is known; None once it was fitted on texts that are not."""

    options: dict[str, Any]
    context: Any = None  # the region of code it was created in (values.Context)
    counts: dict[str, int] | None = field(default_factory=dict)

    @property
    def num_words(self) -> int | None:
        n = self.options.get("num_words")
        return n if isinstance(n, int) and not isinstance(n, bool) and n > 0 else None

    @property
    def modelled(self) -> bool:
        """Options known and replicated (any but ``analyzer``)."""
        o = self.options
        return (o.get("analyzer") is None and isinstance(o.get("filters"), str)
                and isinstance(o.get("split"), str) and o.get("split") != ""
                and isinstance(o.get("lower"), bool) and isinstance(o.get("char_level"), bool)
                and (o.get("oov_token") is None or isinstance(o.get("oov_token"), str))
                and (o.get("num_words") is None or self.num_words is not None))

    def words(self, text: Any) -> list[str]:
        o = self.options
        return vocab.tokenizer_words(text, o["lower"], o["filters"], o["split"], o["char_level"])

    def word_index(self) -> dict[str, int] | None:
        if self.counts is None or not self.modelled:
            return None
        return vocab.tokenizer_word_index(self.counts, self.options["oov_token"])


def new_tokenizer(args: list[Any], kwargs: dict[str, Any], context: Any) -> TokenizerState:
    options: dict[str, Any] = {"num_words": None, "filters": vocab.DEFAULT_FILTERS, "lower": True,
                               "split": " ", "char_level": False, "oov_token": None,
                               "analyzer": None}
    for name, value in zip(_TOKENIZER_PARAMETERS, args):
        options[name] = value
    for name, value in kwargs.items():
        if name in options:
            options[name] = value
    for name, value in options.items():
        if not is_plain(value):
            options[name] = UNKNOWN
    return TokenizerState(options, context)


def tokenizer_method(state: TokenizerState, name: str, args: list[Any], kwargs: dict[str, Any],
                     origin: Span, context: Any) -> Any:
    """``context``: the region of code the call is in. Fitting in another region than the
    tokenizer was made in (a branch, a loop) may happen zero or several times: unknown."""
    texts_arg = args[0] if args else kwargs.get("texts", UNKNOWN)
    if name == "texts_to_sequences":
        return _texts_to_sequences(state, texts_arg, origin)
    if name in _READ_ONLY_METHODS:
        return UNKNOWN
    texts = literal_texts(texts_arg) if name == "fit_on_texts" else None
    if texts is None or context is not state.context or state.counts is None or \
            not state.modelled:
        state.counts = None  # anything else may change the vocabulary in ways not followed
        return UNKNOWN if name != "fit_on_texts" else None
    counts = dict(state.counts)
    for text in texts:
        for w in state.words(text):
            counts[w] = counts.get(w, 0) + 1
    state.counts = counts
    return None


_READ_ONLY_METHODS = {"texts_to_matrix", "sequences_to_texts", "sequences_to_matrix",
                      "get_config", "to_json", "texts_to_sequences_generator",
                      "sequences_to_texts_generator", "fit_on_sequences"}


def set_tokenizer_attribute(state: TokenizerState, name: str, value: Any, context: Any) -> None:
    """``tokenizer.num_words = 5`` (a common idiom after fitting) changes what follows."""
    if name in state.options and name != "analyzer":
        known = context is state.context and is_plain(value)
        state.options[name] = value if known else UNKNOWN
    else:  # word_index, word_counts, ...: the vocabulary is no longer the computed one
        state.counts = None


def _texts_to_sequences(state: TokenizerState, texts_arg: Any, origin: Span) -> Any:
    word_index = state.word_index()
    texts = literal_texts(texts_arg)
    num_words = state.num_words if state.modelled else None
    if word_index is not None and texts is not None:
        words = [state.words(t) for t in texts]
        return vocab.tokenizer_sequences(word_index, words, num_words,
                                         state.options["oov_token"])
    tops = [n - 1 for n in (num_words,) if n is not None]
    if word_index is not None:
        tops.append(len(word_index))  # the largest id the vocabulary has
    return _sequences(text_count(texts_arg), origin, min(tops) if tops else None)


def tokenizer_attribute(state: TokenizerState, name: str) -> Any:
    if name == "word_index":
        index = state.word_index()
        return UNKNOWN if index is None else index
    if name in ("num_words", "oov_token") and state.modelled:
        return state.options[name]
    return UNKNOWN


# --- TextVectorization --------------------------------------------------------------------------


@dataclass(eq=False)
class VectorizerState:
    """A ``TextVectorization`` layer (its Call stays the layer a model is made of)."""

    call: Call
    context: Any = None  # the region of code it was created in (values.Context)
    vocabulary: list[str] | None = None  # once adapted on known texts

    def option(self, name: str, default: Any) -> Any:
        return self.call.kwargs.get(name, default)

    @property
    def max_tokens(self) -> int | None:
        value = self.option("max_tokens", self.call.args[0] if self.call.args else None)
        return value if isinstance(value, int) and not isinstance(value, bool) else None

    @property
    def length(self) -> Any:
        return self.option("output_sequence_length", None)

    @property
    def modelled(self) -> bool:
        """``output_mode="int"`` with options whose tokens text_vocabulary replicates."""
        return (len(self.call.args) <= 1 and self.option("output_mode", "int") == "int"
                and self.option("vocabulary", None) is None
                and not self.option("ragged", False)
                and vocab.vectorizer_supported(
                    self.option("standardize", "lower_and_strip_punctuation"),
                    self.option("split", "whitespace"), self.option("ngrams", None))
                and (self.length is None or as_int(self.length) is not None))

    def tokens(self, texts: list[Any]) -> list[list[str]] | None:
        standardize = self.option("standardize", "lower_and_strip_punctuation")
        result = []
        for text in texts:
            tokens = vocab.vectorizer_tokens(text, standardize) if isinstance(text, str) else None
            if tokens is None:
                return None
            result.append(tokens)
        return result


def vectorizer_method(state: VectorizerState, name: str, args: list[Any],
                      kwargs: dict[str, Any], origin: Span, context: Any) -> Any:
    if name in ("adapt", "set_vocabulary", "load_own_variables", "set_weights"):
        texts = literal_texts(args[0] if args else kwargs.get("data"))
        if name != "adapt" or context is not state.context:
            texts = None  # adapted in a branch or loop, or given a vocabulary: not followed
        tokens = state.tokens(texts) if texts is not None and state.modelled else None
        vocabulary = None if tokens is None else vocab.vectorizer_vocabulary(
            tokens, state.max_tokens)
        # An adapt that learns nothing leaves the lookup table uninitialised (calls then raise).
        state.vocabulary = vocabulary if vocabulary and len(vocabulary) > 2 else None
        # For the layer inside a model (sequences.py checks the ids it gives the Embedding).
        state.call.facts = {"vocabulary": state.vocabulary, "max_tokens": state.max_tokens,
                            "standardize": state.option("standardize",
                                                        "lower_and_strip_punctuation"),
                            } if state.modelled else {}
        return None
    if name == "vocabulary_size" and state.vocabulary is not None:
        return len(state.vocabulary)
    if name == "get_vocabulary" and state.vocabulary is not None:
        return list(state.vocabulary)
    if name == "__call__":
        return vectorize(state, args[0] if args else kwargs.get("inputs", UNKNOWN), origin)
    return UNKNOWN


def vectorize(state: VectorizerState, texts_arg: Any, origin: Span) -> Any:
    """``vectorizer(texts)``: an int64 id matrix (n, output_sequence_length)."""
    if not state.modelled:
        return UNKNOWN
    if isinstance(texts_arg, Data) and (texts_arg.shape is None or len(texts_arg.shape) > 2 or (
            len(texts_arg.shape) == 2 and texts_arg.shape[1] != 1)):
        return UNKNOWN
    length = as_int(state.length)
    texts = literal_texts(texts_arg)
    tokens = state.tokens(texts) if texts is not None else None
    if state.vocabulary is not None and tokens is not None:
        ids = vocab.vectorizer_ids(state.vocabulary, tokens, length)
        width = length if length is not None else len(ids[0]) if ids else 0
        data = Data((len(ids), width), "int64", origin)
        values = [v for row in ids for v in row]
        if values:
            data.min_value, data.max_value, data.bounds = min(values), max(values), "exact"
        return data
    data = Data((text_count(texts_arg), UNKNOWN_DIM if length is None else length), "int64",
                origin)
    top = len(state.vocabulary) - 1 if state.vocabulary is not None else (
        state.max_tokens - 1 if state.max_tokens else None)
    if top is not None and top >= 1:
        data.min_value, data.max_value, data.bounds = 0, top, "at_most"
    return data
