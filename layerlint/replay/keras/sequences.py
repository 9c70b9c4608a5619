"""Variable-length token sequences reaching a Keras model (LL302, LL303, LL304, LL305).

Measured on the seed's example 3 (tests/test_sequences.py runs each case in real Keras 3 with
the torch backend and in tf_keras):

* a ragged Python list passed to ``fit`` is rejected by the data adapter before anything else,
  in both dialects (LL303);
* a token id >= ``Embedding(input_dim)`` raises inside the Embedding when the model runs on the
  data: ``IndexError: index out of range in self`` (torch) or tf.keras' ``indices[i,j] = id is
  not in [0, input_dim)`` on CPU; TF on GPU returns zero vectors silently (LL302);
* tf.keras 2 declares the model input ``(None, input_length)`` from ``Embedding(input_length=)``
  and rejects data padded to another length (LL304); Keras 3 ignores ``input_length``.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from ... import edits
from ...diagnostics import Edit, Fix, Related
from ...edits import never_fails, text_of
from ...ir import ArrayValue, Call, DataCall
from . import backend_data
from .backend_data import backend_of

if TYPE_CHECKING:
    from .model import Replay
    from .stack import Layer


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def check_ragged(replay: Replay, event: DataCall, stage: str, keras2: bool) -> None:
    """LL303: Keras' data adapters take arrays, not a ragged list of lists. Keras 3 rejects any
    list (quoting ``str(x)``); tf.keras 2 rejects it next to an array argument and otherwise
    fails in ``np.asarray`` (data_lists.py)."""
    from . import data_lists

    x = event.x
    if not (isinstance(x, ArrayValue) and x.ragged and event.method != "__call__"):
        return
    if keras2:
        framework = data_lists.ragged_error_keras2(event)
    else:
        framework = f"ValueError: Unrecognized data type: {data_lists.shown_x(x)}"
    replay.error(
        "LL303", event.span, stage,
        "the data is a list of sequences of different lengths; pad them to one length (e.g. "
        "with pad_sequences) before passing them to the model; Keras raises "
        f"{replay.where(stage, event.method, event.span)}",
        framework, layer=None, fixes=_pad_list(replay.source, x))


# Keras 3 has no ``keras.preprocessing.text`` (ModuleNotFoundError at the import, measured): such
# a file stops there, so in the Keras 3 dialect its token ids reach no Embedding.
_KERAS2_TEXT_IMPORT = re.compile(
    r"^[ \t]*(from[ \t]+keras\.preprocessing\.text[ \t]+import\b"
    r"|import[ \t]+keras\.preprocessing\.text\b"
    r"|from[ \t]+keras\.preprocessing[ \t]+import[^\n#]*\btext\b)", re.MULTILINE)


def _stops_at_import(replay: Replay, keras2: bool) -> bool:
    return not keras2 and bool(_KERAS2_TEXT_IMPORT.search(replay.source))


def _embedding_first(replay: Replay) -> Layer | None:
    first = replay.layers[0] if replay.layers else None
    return first if first is not None and first.kind == "Embedding" else None


def check_token_ids(replay: Replay, event: DataCall, x: Any, stage: str, keras2: bool) -> None:
    """LL302: the largest token id the code makes plain against the first Embedding's
    ``input_dim`` (ids must lie in [0, input_dim))."""
    if keras2:
        _vectorized_ids(replay, event, x, stage)
    embedding = _embedding_first(replay)
    if embedding is None or embedding.args is None or not isinstance(x, ArrayValue):
        return
    if _stops_at_import(replay, keras2):  # (a search of the source: after the cheap tests)
        return
    _zero_token(replay, event, x, embedding, stage)
    input_dim = embedding.args.raw("input_dim")
    top = x.max_value
    if not isinstance(input_dim, int) or not isinstance(top, int) or top < input_dim:
        return
    if x.bounds == "at_most":
        _ids_may_exceed(replay, event, x, embedding, input_dim, stage, keras2)
        return
    if keras2:
        framework = (f"InvalidArgumentError: indices[...] = {top} is not in [0, {input_dim}) "
                     "(on CPU; on GPU TensorFlow returns zero vectors for such ids instead)")
    else:
        framework = backend_data.embedding_range_text(backend_of(replay.model), event.method,
                                                      input_dim)
    gpu = " on CPU (on GPU TensorFlow silently returns zeros for it instead)" \
        if keras2 or backend_of(replay.model) == "tensorflow" else ""
    replay.error(
        "LL302", event.span, stage,
        f"the data holds token id {top} but {embedding.kind} ({embedding.name}) has input_dim="
        f"{input_dim}, so ids must be below {input_dim}; Keras raises "
        f"{replay.where(stage, event.method, event.span)}{gpu}",
        framework, layer=0,
        related=[Related(embedding.span, f"{embedding.kind} ({embedding.name}) takes ids below "
                         f"{input_dim}")],
        fixes=_set_argument(replay.source, embedding.call, 0, "input_dim", top + 1,
                            f"Set input_dim={top + 1} (the largest token id + 1)", False))


def _vectorized_ids(replay: Replay, event: DataCall, x: Any, stage: str) -> None:
    """tf.keras 2: ``TextVectorization`` then ``Embedding`` in the model, fed strings. The ids
    are exact when the layer was adapted on texts in the file and the data are literal texts,
    at most vocabulary size - 1 (or max_tokens - 1) otherwise. (Keras 3 on the torch backend
    cannot feed strings to a model at all: "Invalid dtype: str..."; not reported.)"""
    from ...frontends import text_vocabulary as vocab

    layers = replay.layers
    if len(layers) < 2 or layers[0].kind != "TextVectorization" or layers[1].kind != "Embedding":
        return
    vectorizer, embedding = layers[0], layers[1]
    facts = vectorizer.call.facts if isinstance(vectorizer.call, Call) else {}
    input_dim = embedding.args.raw("input_dim") if embedding.args is not None else None
    if not facts or not isinstance(input_dim, int):
        return
    vocabulary, top, bounds = facts.get("vocabulary"), None, "at_most"
    tokens = None
    texts = x.texts if isinstance(x, ArrayValue) else None
    if vocabulary is not None and texts is not None and x.shape and x.shape[0] == len(texts):
        tokens = [vocab.vectorizer_tokens(t, facts["standardize"]) for t in texts]
    if vocabulary is not None and tokens is not None and all(t is not None for t in tokens):
        length = vectorizer.args.raw("output_sequence_length") if vectorizer.args else None
        ids = vocab.vectorizer_ids(vocabulary, tokens, length)  # type: ignore[arg-type]
        top, bounds = max((v for row in ids for v in row), default=None), "exact"
    elif vocabulary is not None:
        top = len(vocabulary) - 1
    elif isinstance(facts.get("max_tokens"), int):
        top = facts["max_tokens"] - 1
    if top is None or top < input_dim:
        return
    span = embedding.args.span("input_dim") if embedding.args is not None else None
    fixes = [Fix(f"Set input_dim={top + 1}", [Edit.replace(span, str(top + 1))], safe=False)] \
        if span is not None else []
    related = [Related(vectorizer.span, f"{vectorizer.kind} ({vectorizer.name}) gives ids up to "
                       f"{top}"),
               Related(embedding.span, f"{embedding.kind} ({embedding.name}) takes ids below "
                       f"{input_dim}")]
    where = replay.where(stage, event.method, event.span)
    if bounds == "exact":
        replay.error(
            "LL302", event.span, stage,
            f"{vectorizer.kind} ({vectorizer.name}) turns these texts into token id {top} but "
            f"{embedding.kind} ({embedding.name}) has input_dim={input_dim}, so ids must be "
            f"below {input_dim}; tf.keras raises {where} on CPU (on GPU TensorFlow silently "
            "returns zeros for it instead)",
            f"InvalidArgumentError: indices[...] = {top} is not in [0, {input_dim}) (on CPU)",
            layer=1, related=related, fixes=fixes)
        return
    diagnostic = replay.warn(
        "LL307", event.span,
        f"{vectorizer.kind} ({vectorizer.name}) may give token ids up to {top} but "
        f"{embedding.kind} ({embedding.name}) has input_dim={input_dim}, so ids must be below "
        f"{input_dim}; if the texts hold such words tf.keras raises InvalidArgumentError {where}",
        layer=1, stage=stage)
    diagnostic.related, diagnostic.fixes = related, fixes


def _ids_may_exceed(replay: Replay, event: DataCall, x: ArrayValue, embedding: Layer,
                    input_dim: int, stage: str, keras2: bool) -> None:
    """LL307 (warning): the ids are only known to lie below a bound (``Tokenizer(num_words=)``,
    ``TextVectorization(max_tokens=)``) that exceeds ``input_dim``; whether Keras fails depends on
    whether the corpus reaches an id >= input_dim."""
    top = int(x.max_value)  # type: ignore[arg-type]
    failure = ("InvalidArgumentError: indices[...] = ... is not in [0, "
               f"{input_dim})" if keras2 or backend_of(replay.model) == "tensorflow"
               else "IndexError: index out of range in self")
    diagnostic = replay.warn(
        "LL307", event.span,
        f"the token ids may reach {top} (the tokenizer's limit) but {embedding.kind} "
        f"({embedding.name}) has input_dim={input_dim}, so ids must be below {input_dim}; if the "
        f"corpus holds that many words Keras raises {failure} "
        f"{replay.where(stage, event.method, event.span)}",
        layer=0, stage=stage)
    diagnostic.related = [Related(embedding.span, f"{embedding.kind} ({embedding.name}) takes ids "
                                  f"below {input_dim}")]
    if x.origin is not None:
        diagnostic.related.append(Related(x.origin, f"ids here are at most {top}"))
    diagnostic.fixes = _set_argument(replay.source, embedding.call, 0, "input_dim", top + 1,
                                     f"Set input_dim={top + 1} (the tokenizer's limit)", False)


def _zero_token(replay: Replay, event: DataCall, x: ArrayValue, embedding: Layer,
                stage: str) -> None:
    """LL305 (warning): ``mask_zero=True`` masks every 0, so a literal sequence that uses 0 as a
    real token loses it (Keras runs without a word; the mask hides the step)."""

    assert embedding.args is not None
    if not x.zero_token or embedding.args.raw("mask_zero") is not True:
        return
    if any(d.code == "LL305" for d in replay.diagnostics):
        return
    diagnostic = replay.warn(
        "LL305", event.span,
        f"{embedding.kind} ({embedding.name}) has mask_zero=True, so token id 0 means padding "
        "and is masked, but the sequences use 0 as a real token; number the tokens from 1 "
        "(input_dim = largest id + 1) or drop mask_zero=True",
        layer=0, stage=stage)
    diagnostic.related = [Related(embedding.span, f"{embedding.kind} ({embedding.name}) masks "
                                  "id 0")]
    if x.origin is not None:
        diagnostic.related.append(Related(x.origin, "the sequences hold a 0 before padding"))
    if isinstance(embedding.call, Call):
        diagnostic.fixes = edits.remove_argument(replay.source, embedding.call, "mask_zero")
        for fix in diagnostic.fixes:  # the padding is no longer masked either: review it
            fix.safe = False


def padded_length(replay: Replay, event: DataCall, x: ArrayValue, stage: str,
                  framework: str) -> None:
    """LL304 (tf.keras 2): data padded to another length than ``Embedding(input_length=)``;
    returns without a finding when the model input is not declared that way."""
    embedding = _embedding_first(replay)
    expected = replay.input_shape
    if embedding is None or not isinstance(embedding.call, Call) or expected is None:
        return
    length = embedding.call.kwargs.get("input_length")
    shape = x.shape
    if not (isinstance(length, int) and shape is not None and len(shape) == 2
            and isinstance(shape[1], int) and shape[1] != length and len(expected) == 2):
        return
    padded = shape[1]
    candidates = _maxlen(replay.source, x, length)
    candidates += _set_argument(replay.source, embedding.call, None, "input_length", padded,
                                f"Set input_length={padded}, the padded length")
    related = [Related(embedding.call.kwarg_spans.get("input_length", embedding.span),
                       f"{embedding.kind} ({embedding.name}) declares the input (None, {length})")]
    if x.origin is not None:
        related.append(Related(x.origin, f"the data is made here, {padded} steps long"))
    replay.error(
        "LL304", event.span, stage,
        f"the sequences are {padded} steps long but {embedding.kind}(input_length={length}) "
        f"makes the model input (None, {length}); tf.keras raises "
        f"{replay.where(stage, event.method, event.span)}",
        framework, layer=0, related=related, fixes=candidates)


# --- fixes --------------------------------------------------------------------------------------


@never_fails
def _set_argument(source: str, call: Any, position: int | None, name: str, value: int,
                  title: str, safe: bool = True) -> list[Fix]:
    if not isinstance(call, Call):
        return []
    span = call.arg_spans.get(name)
    if span is None and position is not None:
        span = call.arg_spans.get(position)
    if span is None:
        return []
    return [Fix(title, [Edit.replace(span, str(value))], safe=safe)]


@never_fails
def _maxlen(source: str, x: ArrayValue, length: int) -> list[Fix]:
    """``pad_sequences(seqs, ...)`` -> ``pad_sequences(seqs, ..., maxlen=length)``."""
    origin = x.origin
    if origin is None:
        return []
    text = text_of(source, origin)
    if not re.match(r"[\w.]*pad_sequences\s*\(", text) or not text.endswith(")"):
        return []
    title = f"Pad to maxlen={length}, the Embedding's input_length (longer sequences are cut)"
    if re.search(r"\bmaxlen\s*=", text):
        fixed = re.sub(r"\bmaxlen\s*=\s*[^,()]+", f"maxlen={length}", text, count=1)
        return [Fix(title, [Edit.replace(origin, fixed)], safe=False)]
    inner = text[:-1].rstrip()
    separator = " " if inner.endswith(("(", ",")) else ", "
    return [Fix(title, [Edit.replace(origin, f"{inner}{separator}maxlen={length})")], safe=False)]


@never_fails
def _pad_list(source: str, x: ArrayValue) -> list[Fix]:
    """Wrap the ragged list in ``pad_sequences(...)`` when the file makes that name available."""
    if x.span is None:
        return []
    if re.search(r"^\s*from\s+[\w.]+\s+import\s+.*\bpad_sequences\b", source, re.MULTILINE):
        function = "pad_sequences"
    elif re.search(r"^\s*(import\s+keras\b|from\s+tensorflow\s+import\s+keras\b)", source,
                   re.MULTILINE):
        function = "keras.utils.pad_sequences"
    else:
        return []
    expression = text_of(source, x.span)
    return [Fix(f"Pad the sequences: {function}({expression})",
                [Edit.replace(x.span, f"{function}({expression})")], safe=False)]
