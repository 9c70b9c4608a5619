"""Stateful RNNs in tf.keras 2: the batch size the model input fixes (``batch_input_shape=``,
``batch_size=``, ``Input(batch_shape=)``) against the batches ``fit`` / ``evaluate`` /
``predict`` feed.

Measured with tf_keras 2.21 (tests/keras2/test_stateful_keras2.py): a stateful RNN built for
batches of B samples keeps its states as (B, units) variables. Once built it runs on a free
batch axis, so data of any size are traced; every batch must then hold exactly B samples:

* when every batch has the same size b (the sample count is a multiple of ``batch_size``, 32
  by default), the batch axis is static and b != B fails the RNN's input spec when the step is
  traced: ``Input 0 of layer "lstm" is incompatible with the layer: expected shape=(B, None, F),
  found shape=(b, T, F)``; unless that tf.function was traced before for another batch size,
  which relaxed its batch axis to dynamic;
* otherwise the batch axis is dynamic and a batch of another size fails when it runs
  (``InvalidArgumentError: Graph execution error: ... Incompatible shapes``), except a batch of
  one sample, which broadcasts against the states.

Without a fixed batch size the RNN cannot be built at all (the Keras 3 check's tf.keras 2 text is
:data:`NEEDS_BATCH_SIZE`). A model without an input built by ``fit`` / ``evaluate`` / ``predict``
is built for the static batch size when there is one (:func:`built_batch`), so a stateful RNN
then works. ``train_on_batch``/``model(x)`` and friends are not modelled here.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from ...ir import TRACED_BATCH, ArrayValue, Call, DataCall
from ...layers.base import Args
from ...shapes import Shape, format_shape
from . import losses
from .stack import RNN_KINDS, Layer, _where

KERAS3_STATIC_BATCH = "ValueError: When using `stateful=True` in a RNN, the batch size must be"
NEEDS_BATCH_SIZE = (
    "ValueError: If a RNN is stateful, it needs to know its batch size. Specify the batch size "
    "of your input tensors: \n- If using a Sequential model, specify the batch size by passing a "
    "`batch_input_shape` argument to your first layer.\n- If using the functional API, specify "
    "the batch size by passing a `batch_shape` argument to your Input layer.")
_FED_IN_BATCHES = ("fit", "evaluate", "predict")


def _stateful(layer: Layer) -> bool:
    return layer.kind in RNN_KINDS and layer.args is not None \
        and layer.args.raw("stateful") is True


def built_batch(replay: Any, event: DataCall, shape: Shape) -> int | None:
    """The batch axis a model holding a stateful RNN is built for by the first data it gets:
    the batch size when every batch has it (the sample count is a multiple), else free. Other
    models are left with a free batch axis (as layerlint always shows it)."""
    samples = shape[0] if shape else None
    if event.method not in _FED_IN_BATCHES or not isinstance(samples, int) or samples <= 0 \
            or not any(_stateful(layer) for layer in replay.layers):
        return None
    given = event.kwargs.get("batch_size")
    size = given if isinstance(given, int) and not isinstance(given, bool) and given > 0 else 32
    return size if samples % size == 0 else None


def fixed_batch(replay: Any) -> tuple[int, Layer] | None:
    """The batch size the model input fixes and the first stateful RNN needing it, if both."""
    shape = replay.input_shape
    if not replay.input_known or not shape or not isinstance(shape[0], int) \
            or isinstance(shape[0], bool):
        return None
    return next(((shape[0], layer) for layer in replay.layers if _stateful(layer)), None)


def fed_shape(replay: Any, event: DataCall, x: ArrayValue, fed: Shape, stage: str,
              what: str) -> Shape | None:
    """The shape the layers see for ``x`` (the batch axis the states fix), or None after an
    error: a batch of another size than the states'."""
    found = fixed_batch(replay)
    if found is None or event.method not in _FED_IN_BATCHES:
        return fed
    size, rnn = found
    samples = x.shape[0] if x.shape else None
    key = "validation_batch_size" if what else "batch_size"
    given = event.kwargs.get(key, event.kwargs.get("batch_size"))
    batches = losses.batch_sizes(samples, given, whole=False)
    step = given if isinstance(given, int) and not isinstance(given, bool) and given > 0 else 32
    static = isinstance(samples, int) and samples % step == 0
    # Keras traces one tf.function per kind of call (reduce_retracing=True): a second static
    # batch size relaxes its batch axis to None for good (measured).
    function = "test" if what or event.method == "evaluate" else event.method
    spec = step if static else None
    if replay.traced_batches.get(function, spec) != spec:
        spec = None
    replay.traced_batches[function] = spec
    static = spec is not None
    # A dynamic batch of 1 broadcasts against the states (measured: no error).
    wrong = [b for b in batches if isinstance(b, int) and b != size and (static or b != 1)]
    if not wrong:
        return (size, *fed[1:])
    rnn_input = rnn.input_shape
    if static and rnn_input is not None and len(rnn_input) == 3:
        expected = (size, None, rnn_input[2])
        framework = (f'ValueError: Input 0 of layer "{rnn.name}" is incompatible with the layer: '
                     f"expected shape={format_shape(expected)}, found shape="
                     f"{format_shape((wrong[0], *rnn_input[1:]))}")
    else:
        framework = ("InvalidArgumentError: Graph execution error: ... Incompatible shapes: a "
                     f"batch of {wrong[0]} samples meets states kept for {size}")
    prefix = f"{what}: " if what else ""
    sizes = " and ".join(str(b) for b in batches)
    replay.error(
        "LL201", event.span, stage,
        f"{prefix}{rnn.kind}(stateful=True) ({rnn.name}) keeps its states for batches of {size} "
        f"samples (the model input is {format_shape(replay.input_shape)}), but {event.method} "
        f"feeds {samples} samples in batches of {sizes} (batch_size={given!r}); every batch must "
        f"hold {size}; Keras raises {_where(stage, event.method, event.span)}",
        framework, layer=replay.layers.index(rnn))
    return None


def declared_batch(args: Args) -> Any:
    """The batch axis ``batch_size=`` gives an input declared by a layer's ``input_shape=``:
    None (free) when not given, ``"?"`` when layerlint cannot tell."""
    size = args.raw("batch_size")
    if size is None or (isinstance(size, int) and not isinstance(size, bool) and size > 0):
        return size
    return "?"


def keras2_input(call: Call) -> Call:
    """tf.keras 2's ``Input(**kwargs)`` reads ``batch_input_shape=`` (or else ``batch_shape=``)
    and then ignores ``batch_size=``: the same call in Keras 3 words."""
    kwargs = dict(call.kwargs)
    batch_shape = kwargs.pop("batch_input_shape", None)
    other = kwargs.pop("batch_shape", None)
    kwargs.pop("batch_size", None)
    kwargs["batch_shape"] = batch_shape if batch_shape is not None else other
    return replace(call, kwargs=kwargs)


def traced_batch(event: DataCall, samples: Any) -> Any:
    """The batch axis tf.keras 2 runs call() with (a Sequential built by data shows it in its
    summary): ``model(x)`` and ``*_on_batch`` the whole input; fit/predict/evaluate trace it in
    a tf.function, with the batch size when every batch is full (samples divisible by it), else
    free (None)."""
    if event.method == "__call__" or event.method.endswith("_on_batch"):
        return samples
    if TRACED_BATCH in event.kwargs:  # a dataset: its element spec's batch axis
        return event.kwargs[TRACED_BATCH]
    size = event.kwargs.get("batch_size", 32)
    if isinstance(samples, int) and isinstance(size, int) and size > 0:
        return size if samples % size == 0 else None
    return None
