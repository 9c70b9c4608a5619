"""Keras categorical preprocessing layers: CategoryEncoding, Discretization, Hashing,
StringLookup and IntegerLookup.

Measured on Keras 3.15 (tests/test_catalogue_preprocessing.py):

* None of them has weights (``count_params() == 0``, also TF-IDF's weights are a plain
  ``tf.Variable``). They take inputs of any rank; the output follows each layer's
  ``compute_output_shape`` / ``compute_output_spec``: ``output_mode="int"`` keeps the shape,
  ``"one_hot"`` appends the depth (replacing a last axis of size 1), ``"multi_hot"`` / ``"count"``
  / ``"tf_idf"`` replace the last axis by the depth (Discretization drops axis 1 instead, and a
  1-D input gives an output without batch axis, e.g. ``(None,)`` -> ``(3,)``).
* The depth of the lookup layers is the vocabulary size (mask and OOV indices included) or
  ``max_tokens`` with ``pad_to_max_tokens=True``. Without a literal vocabulary it is set by
  ``adapt()``, which layerlint does not follow: that axis is unknown ("?"), never guessed.
* Arguments are checked when the layer is created, in the order of Keras' ``__init__``, with its
  messages. ``sparse=True`` depends on the backend (torch and JAX reject it for Discretization and
  the lookups, TensorFlow takes it): not claimed.
* Discretization's ``__init__`` has no ``**kwargs`` (an unknown keyword, also ``input_shape=`` or
  ``trainable=``, is Python's TypeError); the lookup layers take only ``trainable=`` and
  ``dtype=`` besides their own and word unknown keywords their own way.

tf.keras 2 (tf_keras 2.21, tests/keras2/test_keras2_preprocessing.py) runs the layers' ``call``
on the symbolic input when the model is built:

* CategoryEncoding and Discretization encode with ``encode_categorical_inputs``, which rejects an
  output of rank above 2 (``"one_hot"`` first appends an axis unless the last one is 1), and
  otherwise gives ``(depth,)`` or ``(batch, depth)``. Discretization's depth is
  ``len(bin_boundaries) + 1``, set by ``adapt()`` when only ``num_bins`` is given. Arguments are
  checked in tf.keras' order with its messages (Discretization() without bins is accepted).
* Hashing, StringLookup and IntegerLookup run TensorFlow ops whose success depends on the input's
  dtype (Hashing on a float32 Input fails when built), which layerlint does not follow: their
  outputs are unknown there; only their signatures are checked.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ...ir import UNKNOWN
from ...shapes import UNKNOWN_DIM, Dim, Shape, format_shape
from ...shown import shown
from ..base import Args, LayerError, LayerSpec, Out, Unmodelled, keras_layer
from ._checks import known


def _keras2(a: Args) -> bool:
    """Bound for tf.keras 2: only its base layer takes ``dynamic=`` (so only it defaults it)."""
    return a.raw("dynamic") is not None


def _keras2_unknown_keyword(kwargs: dict[str, Any]) -> str:
    return f"TypeError: ('Keyword argument not understood:', '{next(iter(kwargs))}')"


def _keras2_string_choice(a: Args, arg: str, allowed: tuple[str, ...]) -> None:
    """tf_keras.src.utils.layer_utils.validate_string_arg (its spelling)."""
    value = known(a, arg)
    if value is UNKNOWN or (isinstance(value, str) and value in allowed):
        return
    raise _error(a, arg, f"{arg} must be one of {', '.join(allowed)}, got {value!r}",
                 f"Unkown value for `{arg}` argument of layer {a.layer_type}. Allowed values are: "
                 f"or one of the following values: {allowed}. Received: {value}")


def _keras2_encoded(a: Args, x: Shape, mode: str, depth: Dim) -> Out:
    """tf.keras 2's encode_categorical_inputs on a symbolic input of shape ``x``."""
    expanded = x
    if mode == "one_hot":
        if isinstance(x[-1], str):
            raise Unmodelled("one_hot output of an axis unknown to layerlint")
        if x[-1] != 1:
            expanded = (*x, 1)
    if len(expanded) > 2:
        raise LayerError(
            "LL101",
            f"{a.layer_type}(output_mode={mode!r}) in tf.keras 2 gives outputs of rank 2 at most, "
            f"but its {len(x)}-D input {format_shape(x)} would give rank {len(expanded)}",
            f'ValueError: Exception encountered when calling layer "{a.name}" (type '
            f"{a.layer_type}).\n\nWhen output_mode is not `'int'`, maximum supported output "
            f"rank is 2. Received output_mode {mode} and input shape {format_shape(x)}, which "
            f"would result in output rank {len(expanded)}.",
            expected="at most 2-D output", found=format_shape(x),
        )
    return Out((depth,) if len(expanded) == 1 else (expanded[0], depth))


def _error(a: Args, arg: str | None, message: str, framework: str) -> LayerError:
    return LayerError("LL105", f"{a.layer_type}: {message}", f"ValueError: {framework}", arg=arg)


def _number(a: Args, arg: str) -> Any:
    """A known int/float argument (bool excluded), or raise Unmodelled."""
    value = a.raw(arg)
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise Unmodelled(f"{a.layer_type}({arg}={shown(value)})")
    return value


def _count(a: Args, arg: str) -> int:
    value = _number(a, arg)
    if not isinstance(value, int):
        raise Unmodelled(f"{a.layer_type}({arg}={value!r})")
    return value


def _one_hot(x: Shape, depth: Dim, *, keep_rank_one: bool) -> Shape:
    """The "one_hot" output: a last axis of size 1 replaced by the depth, else the depth
    appended (CategoryEncoding also appends to a 1-D input whose only axis is 1)."""
    last = x[-1]
    if isinstance(last, str):
        raise Unmodelled("one_hot output of an axis unknown to layerlint")
    if last == 1 and (len(x) > 1 or not keep_rank_one):
        return (*x[:-1], depth)
    return (*x, depth)


def _string_choice(a: Args, arg: str, allowed: tuple[str, ...]) -> None:
    """keras.src.utils.argument_validation.validate_string_arg."""
    value = known(a, arg)
    if value is UNKNOWN or (isinstance(value, str) and value in allowed):
        return
    raise _error(a, arg, f"{arg} must be one of {', '.join(allowed)}, got {value!r}",
                 f"Unknown value for `{arg}` argument of {a.layer_type}. Allowed values are: "
                 f"{allowed}. Received: {arg}={value}")


def _sparse_claimed(a: Args) -> None:
    """``sparse=True`` is accepted or rejected by the backend in use: nothing is claimed."""
    sparse = known(a, "sparse")
    if sparse is UNKNOWN or sparse:
        raise Unmodelled(f"{a.layer_type}(sparse=...)")


# --- CategoryEncoding -----------------------------------------------------------------------


def _category_encoding_arguments(a: Args) -> None:
    mode = known(a, "output_mode")
    if mode is UNKNOWN:
        return
    if _keras2(a):
        a = a.with_values(output_mode="multi_hot" if mode == "binary" else mode)
        _keras2_string_choice(a, "output_mode", ("count", "one_hot", "multi_hot"))
    if mode not in ("count", "one_hot", "multi_hot", "binary"):
        raise _error(a, "output_mode", f"output_mode must be one of count, one_hot, multi_hot, "
                     f"got {mode!r}", f"Unknown arg for output_mode: {mode}")
    tokens = known(a, "num_tokens")
    if tokens is None:
        raise _error(a, "num_tokens", "num_tokens must be given",
                     "num_tokens must be set to use this layer. If the number of tokens is not "
                     "known beforehand, use the IntegerLookup layer instead.")
    if isinstance(tokens, str):
        raise LayerError("LL105", f"CategoryEncoding: num_tokens must be a number, got {tokens!r}",
                         "TypeError: '<' not supported between instances of 'str' and 'int'",
                         arg="num_tokens")
    if isinstance(tokens, (int, float)) and not isinstance(tokens, bool) and tokens < 1:
        raise _error(a, "num_tokens", f"num_tokens must be >= 1, got {tokens!r}",
                     f"`num_tokens` must be >= 1. Received: num_tokens={tokens}.")


def _unknown_keyword(keras3: Callable[[dict[str, Any]], str] | None = None):
    """The message for unknown keywords: tf.keras 2's base layer's, or Keras 3's (the layer's own
    wording when it has one)."""

    def message(spec: LayerSpec, kwargs: dict[str, Any]) -> str:
        if "dynamic" in spec.base_kwargs:  # the tf.keras 2 entry
            return _keras2_unknown_keyword(kwargs)
        if keras3 is not None:
            return keras3(kwargs)
        shown = "{" + ", ".join(f"'{k}': {v!r}" for k, v in kwargs.items()) + "}"
        return f"ValueError: Unrecognized keyword arguments passed to {spec.name}: {shown}"

    return message


@keras_layer("CategoryEncoding", "num_tokens=None, output_mode='multi_hot', sparse=False",
             validate=_category_encoding_arguments, unknown_keyword=_unknown_keyword())
def category_encoding(a: Args, x: Shape) -> Out:
    depth = _count(a, "num_tokens")
    if _keras2(a):
        if known(a, "sparse") is not False:
            raise Unmodelled("CategoryEncoding(sparse=...) in tf.keras 2")
        mode = a.output_mode
        return _keras2_encoded(a, x, "multi_hot" if mode == "binary" else mode, depth)
    if a.output_mode == "one_hot":
        return Out(_one_hot(x, depth, keep_rank_one=True))
    return Out((*x[:-1], depth))


# --- Discretization -------------------------------------------------------------------------


def _keras2_discretization_arguments(a: Args) -> None:
    """tf_keras Discretization.__init__'s checks, in order."""
    if a.raw("dtype") is not None:
        raise Unmodelled("Discretization(dtype=...) in tf.keras 2")
    mode = known(a, "output_mode")
    _keras2_string_choice(a, "output_mode", ("int", "one_hot", "multi_hot", "count"))
    sparse = known(a, "sparse")
    if UNKNOWN in (mode, sparse):
        return
    if sparse and mode == "int":
        raise _error(a, "sparse", "sparse=True needs output_mode one_hot, multi_hot or count",
                     "`sparse` may only be true if `output_mode` is `'one_hot'`, `'multi_hot'`, "
                     f"or `'count'`. Received: sparse={sparse} and output_mode={mode}")
    bins, boundaries = known(a, "num_bins"), known(a, "bin_boundaries")
    if bins is UNKNOWN or boundaries is UNKNOWN:
        return
    if isinstance(bins, str):
        raise LayerError("LL105", f"Discretization: num_bins must be a number, got {bins!r}",
                         "TypeError: '<' not supported between instances of 'str' and 'int'",
                         arg="num_bins")
    if isinstance(bins, (int, float)) and bins < 0:
        raise _error(a, "num_bins", f"num_bins must be >= 0, got {bins!r}",
                     f"`num_bins` must be greater than or equal to 0. You passed `num_bins={bins}`")
    if bins is not None and boundaries is not None:
        raise _error(a, "num_bins", "num_bins and bin_boundaries exclude each other",
                     "Both `num_bins` and `bin_boundaries` should not be set. You passed "
                     f"`num_bins={bins}` and `bin_boundaries={boundaries}`")


def _discretization_arguments(a: Args) -> None:
    if _keras2(a):
        _keras2_discretization_arguments(a)
        return
    _sparse_claimed(a)
    _string_choice(a, "output_mode", ("int", "one_hot", "multi_hot", "count"))
    bins, boundaries = known(a, "num_bins"), known(a, "bin_boundaries")
    if bins is UNKNOWN or boundaries is UNKNOWN:
        return
    if isinstance(bins, (int, float)) and not isinstance(bins, bool) and bins < 0:
        raise _error(a, "num_bins", f"num_bins must be >= 0, got {bins!r}",
                     "`num_bins` must be greater than or equal to 0. Received: "
                     f"`num_bins={bins}`")
    if bins is not None and not isinstance(bins, (int, float)):
        raise Unmodelled(f"Discretization(num_bins={bins!r})")
    if bins is not None and boundaries is not None:
        raise _error(a, "num_bins", "num_bins and bin_boundaries exclude each other",
                     "Both `num_bins` and `bin_boundaries` should not be set. Received: "
                     f"`num_bins={bins}` and `bin_boundaries={boundaries}`")
    if bins is None and boundaries is None:
        raise _error(a, None, "either num_bins or bin_boundaries must be given",
                     "You need to set either `num_bins` or `bin_boundaries`.")


@keras_layer("Discretization",
             "bin_boundaries=None, num_bins=None, epsilon=0.01, output_mode='int', sparse=False, "
             "dtype=None, name=None",
             validate=_discretization_arguments, base_kwargs={},
             unknown_keyword=_unknown_keyword(lambda kwargs: "TypeError: Discretization.__init__() "
                                              f"got an unexpected keyword argument "
                                              f"'{next(iter(kwargs))}'"))
def discretization(a: Args, x: Shape) -> Out:
    mode = a.output_mode
    if mode == "int":
        return Out(x)
    boundaries = a.raw("bin_boundaries")
    if _keras2(a):
        if known(a, "sparse") is not False:
            raise Unmodelled("Discretization(sparse=...) in tf.keras 2")
        if boundaries is None:  # set by adapt()
            return _keras2_encoded(a, x, mode, UNKNOWN_DIM)
        if not isinstance(boundaries, (list, tuple)):
            raise Unmodelled("Discretization(bin_boundaries=...)")
        return _keras2_encoded(a, x, mode, len(boundaries) + 1)
    if boundaries is None:
        depth: int = _count(a, "num_bins")
    elif isinstance(boundaries, (list, tuple)):
        depth = len(boundaries) + 1
    else:
        raise Unmodelled("Discretization(bin_boundaries=...)")
    if mode == "one_hot":
        return Out(_one_hot(x, depth, keep_rank_one=False))
    if len(x) >= 2:
        return Out((x[0], *x[2:], depth))
    return Out((depth,))


# --- Hashing --------------------------------------------------------------------------------

_INTEGER_DTYPES = ("int32", "int64")
_FLOAT_DTYPES = ("float16", "bfloat16", "float32", "float64")


def _hashing_arguments(a: Args) -> None:
    mode, dtype = known(a, "output_mode"), known(a, "dtype")
    bins = known(a, "num_bins")
    if bins is UNKNOWN:
        return
    if bins is None or (isinstance(bins, (int, float)) and not isinstance(bins, bool)
                        and bins <= 0):
        raise _error(a, "num_bins", f"num_bins must be a positive number, got {bins!r}",
                     "The `num_bins` for `Hashing` cannot be `None` or non-positive values. "
                     f"Received: num_bins={bins}.")
    if mode is UNKNOWN or dtype is UNKNOWN:
        return
    if mode == "int" and dtype is not None and dtype not in _INTEGER_DTYPES:
        if dtype not in _FLOAT_DTYPES:
            raise Unmodelled(f"Hashing(dtype={dtype!r})")
        raise _error(a, "dtype", f"output_mode='int' needs an integer dtype, got {dtype!r}",
                     "When `output_mode=\"int\"`, `dtype` should be an integer type, 'int32' or "
                     f"'in64'. Received: dtype={dtype}")
    modes = ("int", "one_hot", "multi_hot", "count")
    if mode not in modes:
        raise _error(a, "output_mode", f"output_mode must be one of {', '.join(modes)}, "
                     f"got {mode!r}", "Invalid value for argument `output_mode`. Expected one of "
                     f"{modes}. Received: output_mode={mode}")
    sparse = known(a, "sparse")
    if sparse is not UNKNOWN and sparse and mode == "int":
        raise _error(a, "sparse", "sparse=True needs output_mode one_hot, multi_hot or count",
                     "`sparse` may only be true if `output_mode` is `\"one_hot\"`, "
                     f"`\"multi_hot\"`, or `\"count\"`. Received: sparse={sparse} and "
                     f"output_mode={mode}")
    _salt(a, "Hashing")


def _salt(a: Args, owner: str) -> None:
    salt = known(a, "salt")
    if salt is UNKNOWN or salt is None or isinstance(salt, int):
        return
    if isinstance(salt, (tuple, list)) and len(salt) == 2:
        return
    size = "size 2 integers" if owner == "Hashing" else "2 integers"
    raise _error(a, "salt", f"salt must be an integer or a pair of integers, got {salt!r}",
                 f"The `salt` argument for `{owner}` can only be a tuple of {size}, or a single "
                 f"integer. Received: salt={salt}.")


@keras_layer("Hashing", "num_bins, mask_value=None, salt=None, output_mode='int', sparse=False",
             validate=_hashing_arguments, unknown_keyword=_unknown_keyword())
def hashing(a: Args, x: Shape) -> Out:
    if _keras2(a):
        raise Unmodelled("Hashing in tf.keras 2 (its output depends on the input's dtype)")
    if a.output_mode == "int":
        return Out(x)
    return Out((*x[:-1], _count(a, "num_bins")))


# --- StringLookup, IntegerLookup ------------------------------------------------------------

_LOOKUP_KWARGS = {"trainable": True, "dtype": None}
_LOOKUP_MODES = ("int", "one_hot", "multi_hot", "count", "tf_idf")
_DEPRECATED_MODES = {"binary": "multi_hot", "tf-idf": "tf_idf"}


def _lookup_keras3_unknown_keyword(kwargs: dict[str, Any]) -> str:
    return f"ValueError: Unrecognized keyword argument(s): {kwargs}"


def _output_mode(a: Args) -> Any:
    mode = known(a, "output_mode")
    return _DEPRECATED_MODES.get(mode, mode) if isinstance(mode, str) else mode


def _integer_lookup_own(a: Args) -> None:
    """IntegerLookup.__init__'s checks, before IndexLookup's."""
    tokens, oov = known(a, "max_tokens"), known(a, "num_oov_indices")
    if isinstance(tokens, (int, float)) and not isinstance(tokens, bool) and tokens <= 1:
        raise _error(a, "max_tokens", f"max_tokens must be > 1, got {tokens!r}",
                     "If `max_tokens` is set for `IntegerLookup`, it must be greater than 1. "
                     f"Received: max_tokens={tokens}")
    if isinstance(oov, (int, float)) and not isinstance(oov, bool) and oov < 0:
        raise _error(a, "num_oov_indices", f"num_oov_indices must be >= 0, got {oov!r}",
                     "The value of `num_oov_indices` argument for `IntegerLookup` must >= 0. "
                     f"Received: num_oov_indices={oov}")
    _sparse_claimed(a)
    dtype = known(a, "vocabulary_dtype")
    if dtype is not UNKNOWN and dtype != "int64":
        raise _error(a, "vocabulary_dtype", f"vocabulary_dtype must be 'int64', got {dtype!r}",
                     "Only `vocabulary_dtype='int64'` is supported at this time. Received: "
                     f"vocabulary_dtype={dtype}")


def _index_lookup_arguments(a: Args) -> None:
    """IndexLookup.__init__'s checks, in order (then set_vocabulary's, see _vocabulary_size)."""
    values = {k: known(a, k) for k in ("max_tokens", "num_oov_indices", "pad_to_max_tokens",
                                         "invert", "sparse", "idf_weights", "salt")}
    if UNKNOWN in values.values():
        raise Unmodelled(f"{a.layer_type}(...)")
    tokens, oov = values["max_tokens"], values["num_oov_indices"]
    if tokens is not None and not isinstance(tokens, int) or not isinstance(oov, int):
        raise Unmodelled(f"{a.layer_type}(max_tokens=..., num_oov_indices=...)")
    if tokens is not None and tokens <= 1:
        raise _error(a, "max_tokens", f"max_tokens must be > 1, got {tokens!r}",
                     f"If set, `max_tokens` must be greater than 1. Received: max_tokens={tokens}")
    if values["pad_to_max_tokens"] and tokens is None:
        raise _error(a, "pad_to_max_tokens", "pad_to_max_tokens=True needs max_tokens",
                     "If pad_to_max_tokens is True, must set `max_tokens`. Received: "
                     f"max_tokens={tokens}")
    if oov < 0:
        raise _error(a, "num_oov_indices", f"num_oov_indices must be >= 0, got {oov!r}",
                     "`num_oov_indices` must be greater than or equal to 0. Received: "
                     f"num_oov_indices={oov}")
    _string_choice(a, "oov_method", ("floormod", "farmhash"))
    if values["salt"] is not None:
        method = a.oov_method
        if a.layer_type == "IntegerLookup" and method != "farmhash":
            raise _error(a, "salt", "salt needs oov_method='farmhash'",
                         "`salt` can only be used when `oov_method='farmhash'`. Received: "
                         f"oov_method={method}")
        _salt(a, "IndexLookup")
    mode = _output_mode(a)
    if mode is UNKNOWN:
        raise Unmodelled(f"{a.layer_type}(output_mode=...)")
    if not isinstance(mode, str) or mode not in _LOOKUP_MODES:
        a = a.with_values(output_mode=mode)
        _string_choice(a, "output_mode", _LOOKUP_MODES)
    if values["invert"] and mode != "int":
        raise _error(a, "output_mode", "invert=True needs output_mode='int'",
                     "`output_mode` must be `'int'` when `invert` is true. Received: "
                     f"output_mode={mode}")
    if values["sparse"] and mode == "int":
        raise _error(a, "sparse", "sparse=True needs a counting output_mode",
                     "`sparse` may only be true if `output_mode` is `'one_hot'`, `'multi_hot'`, "
                     f"`'count'` or `'tf_idf'`. Received: sparse={values['sparse']} and "
                     f"output_mode={mode}")
    if values["idf_weights"] is not None and mode != "tf_idf":
        raise _error(a, "idf_weights", "idf_weights goes with output_mode='tf_idf' only",
                     "`idf_weights` should only be set if `output_mode` is `'tf_idf'`. "
                     f"Received: idf_weights={values['idf_weights']} and output_mode={mode}")
    _vocabulary_size(a, mode)


def _vocabulary_size(a: Args, mode: str) -> Dim:
    """IndexLookup.set_vocabulary for a literal list: the vocabulary size, mask and OOV indices
    included. A vocabulary layerlint cannot read (an array, a file, ``adapt()``) gives "?"."""
    vocabulary = a.raw("vocabulary")
    if vocabulary is None or vocabulary is UNKNOWN or isinstance(vocabulary, str):
        return UNKNOWN_DIM
    if not isinstance(vocabulary, (list, tuple)) or any(
            isinstance(v, bool) or not isinstance(v, (int, str)) for v in vocabulary):
        raise Unmodelled(f"{a.layer_type}(vocabulary=...)")
    weights = a.raw("idf_weights")
    if mode == "tf_idf" and not (isinstance(weights, (list, tuple)) and len(weights) == len(
            vocabulary) and all(isinstance(w, (int, float)) for w in weights)):
        raise Unmodelled(f"{a.layer_type}(output_mode='tf_idf', idf_weights=...)")
    if not vocabulary:
        raise _error(a, "vocabulary", "the vocabulary is empty",
                     f"Cannot set an empty vocabulary. Received: vocabulary={list(vocabulary)}")
    special = {a.raw("mask_token"), a.raw("oov_token")}
    if special & set(vocabulary) or len(set(vocabulary)) != len(vocabulary):
        # Special tokens at the start are dropped, elsewhere an error, repeated terms an error
        # worded with numpy's reprs: not modelled.
        raise Unmodelled(f"{a.layer_type}(vocabulary=...) with special or repeated tokens")
    mask = 1 if a.raw("mask_token") is not None and mode == "int" else 0
    size = mask + a.num_oov_indices + len(vocabulary)
    tokens = a.max_tokens
    if tokens is not None and size > tokens:
        raise _error(a, "vocabulary", f"the vocabulary has {size} entries (mask and OOV indices "
                     f"included), more than max_tokens={tokens}",
                     "Attempted to set a vocabulary larger than the maximum vocab size. Received "
                     f"vocabulary size is {size}; `max_tokens` is {tokens}.")
    return size


def _lookup_call(a: Args, x: Shape) -> Out:
    if _keras2(a):
        raise Unmodelled(f"{a.layer_type} in tf.keras 2 (its output depends on the input's dtype)")
    mode = _output_mode(a)
    if mode == "int":
        return Out(x)
    depth = a.max_tokens if a.pad_to_max_tokens else _vocabulary_size(a, mode)
    if mode == "one_hot":
        return Out(_one_hot(x, depth, keep_rank_one=False))
    return Out((*x[:-1], depth))


def _string_lookup_arguments(a: Args) -> None:
    """StringLookup passes IndexLookup its default ``oov_method``."""
    _index_lookup_arguments(a.with_values(oov_method="floormod"))


def _lookup_validate(*checks: Callable[[Args], None]) -> Callable[[Args], None]:
    def validate(a: Args) -> None:
        for check in checks:
            check(a)

    return validate


@keras_layer("StringLookup",
             "max_tokens=None, num_oov_indices=1, mask_token=None, oov_token='[UNK]', "
             "vocabulary=None, idf_weights=None, invert=False, output_mode='int', "
             "pad_to_max_tokens=False, sparse=False, encoding='utf-8', name=None, salt=None",
             validate=_lookup_validate(_sparse_claimed, _string_lookup_arguments),
             base_kwargs=_LOOKUP_KWARGS,
             unknown_keyword=_unknown_keyword(_lookup_keras3_unknown_keyword))
def string_lookup(a: Args, x: Shape) -> Out:
    return _lookup_call(a.with_values(oov_method="floormod"), x)


@keras_layer("IntegerLookup",
             "max_tokens=None, num_oov_indices=1, mask_token=None, oov_token=-1, "
             "vocabulary=None, vocabulary_dtype='int64', idf_weights=None, invert=False, "
             "output_mode='int', sparse=False, pad_to_max_tokens=False, oov_method='floormod', "
             "salt=None, name=None",
             validate=_lookup_validate(_integer_lookup_own, _index_lookup_arguments),
             base_kwargs=_LOOKUP_KWARGS,
             unknown_keyword=_unknown_keyword(_lookup_keras3_unknown_keyword))
def integer_lookup(a: Args, x: Shape) -> Out:
    return _lookup_call(a, x)
