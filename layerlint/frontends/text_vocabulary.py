"""The vocabularies of Keras' text preprocessing, recomputed from literal texts.

Two pure functions per class, written from the framework sources and pinned against the real
classes by tests/test_text_preprocessing.py (fixed and hypothesis-generated corpora):

* ``Tokenizer`` (Keras 2 ``keras.preprocessing.text``, tf_keras): plain Python, so any option
  but ``analyzer`` is replicated exactly: ``text_to_word_sequence`` (lower-case, replace each
  filter character by ``split``, split, drop empty words), counts in first-seen order, a stable
  sort by count (ties keep first-seen order), ids from 1 with ``oov_token`` first;
  ``texts_to_sequences`` keeps ids below ``num_words`` (others become the OOV id or vanish).
* ``TextVectorization`` (``output_mode="int"``): TensorFlow string ops. Replicated only for ASCII
  texts (``tf.strings.lower`` lower-cases ASCII only, TF splits on ASCII whitespace) and the
  built-in ``standardize`` / ``split="whitespace"`` options without ``ngrams``; anything else is
  None (not modelled). Vocabulary: ``""`` (padding, id 0), ``"[UNK]"`` (id 1), then tokens by
  count, ties by the token's bytes, both descending (``np.lexsort(...)[::-1]``), cut to
  ``max_tokens - 2``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

DEFAULT_FILTERS = '!"#$%&()*+,-./:;<=>?@[\\]^_`{|}~\t\n'

# --- Tokenizer ------------------------------------------------------------------------------


def tokenizer_words(text: str | list[str], lower: bool, filters: str, split: str,
                    char_level: bool) -> list[str]:
    """The tokens of one text as ``Tokenizer.fit_on_texts`` / ``texts_to_sequences`` see them."""
    if char_level or isinstance(text, list):
        if lower:
            text = [t.lower() for t in text] if isinstance(text, list) else text.lower()
        return list(text)
    if lower:
        text = text.lower()
    text = text.translate(str.maketrans({c: split for c in filters}))
    return [w for w in text.split(split) if w]


def tokenizer_word_index(counts: dict[str, int], oov_token: str | None) -> dict[str, int]:
    """``Tokenizer.word_index`` from the word counts in first-seen order."""
    ordered = sorted(counts.items(), key=lambda item: item[1], reverse=True)  # stable
    vocabulary = ([] if oov_token is None else [oov_token]) + [w for w, _ in ordered]
    return dict(zip(vocabulary, range(1, len(vocabulary) + 1)))


def tokenizer_sequences(word_index: dict[str, int], words: Sequence[list[str]],
                        num_words: int | None, oov_token: str | None) -> list[list[int]]:
    """``Tokenizer.texts_to_sequences`` for texts already split into words."""
    oov = word_index.get(oov_token) if oov_token is not None else None
    sequences = []
    for seq in words:
        ids = []
        for w in seq:
            i = word_index.get(w)
            if i is not None:
                if num_words and i >= num_words:
                    if oov is not None:
                        ids.append(oov)
                else:
                    ids.append(i)
            elif oov_token is not None:
                ids.append(oov)  # type: ignore[arg-type]  # None only if never fitted, as Keras
        sequences.append(ids)
    return sequences


# --- TextVectorization ----------------------------------------------------------------------

_PUNCTUATION = re.compile(r'[!"#$%&()\*\+,-\./:;<=>?@\[\\\]^_`{|}~\']')
_ASCII_SPACE = re.compile(r"[ \t\n\v\f\r]+")
_STANDARDIZE = (None, "lower", "strip_punctuation", "lower_and_strip_punctuation")
PAD, OOV = "", "[UNK]"


def vectorizer_supported(standardize: object, split: object, ngrams: object) -> bool:
    return standardize in _STANDARDIZE and split == "whitespace" and ngrams is None


def vectorizer_tokens(text: str, standardize: str | None) -> list[str] | None:
    """The tokens ``TextVectorization`` makes of one text; None when not replicated."""
    if not text.isascii():
        return None
    if standardize in ("lower", "lower_and_strip_punctuation"):
        text = text.lower()  # ASCII text: the same as tf.strings.lower
    if standardize in ("strip_punctuation", "lower_and_strip_punctuation"):
        text = _PUNCTUATION.sub("", text)
    return [t for t in _ASCII_SPACE.split(text) if t]


def vectorizer_vocabulary(tokens: Sequence[list[str]], max_tokens: int | None) -> list[str]:
    """``TextVectorization.get_vocabulary()`` after ``adapt`` on texts with these tokens."""
    counts: dict[str, int] = {}
    for seq in tokens:
        for t in seq:
            counts[t] = counts.get(t, 0) + 1
    counts.pop(PAD, None)
    counts.pop(OOV, None)
    ordered = sorted(counts, key=lambda t: (counts[t], t.encode()), reverse=True)
    if max_tokens:
        ordered = ordered[: max(max_tokens - 2, 0)]
    return [PAD, OOV, *ordered]


def vectorizer_ids(vocabulary: Sequence[str], tokens: Sequence[list[str]],
                   length: int | None) -> list[list[int]]:
    """The padded id matrix of ``vectorizer(texts)`` (pads with 0 at the end, cuts at the end;
    without ``output_sequence_length`` to the longest text)."""
    index = {t: i for i, t in enumerate(vocabulary)}
    rows = [[index.get(t, 1) for t in seq] for seq in tokens]
    width = length if length is not None else max((len(r) for r in rows), default=0)
    return [(r + [0] * width)[:width] for r in rows]
