"""tf.keras 2 fed by a Keras ``Sequence`` (ImageDataGenerator's iterators) with a declared input.

tf.keras 2 turns a Sequence into a dataset whose every dimension is unknown but its rank
(data_adapter.GeneratorDataAdapter), so no InputSpec sees the batch's sizes: each layer runs its
TensorFlow kernel with the weights it was built with, and fails, or runs, as that kernel does
(measured on tf_keras 2.21, CPU):

* ``Conv2D`` built for ``k`` channels given ``c``: TensorFlow reads a grouped convolution.
  ``c % k != 0`` raises "input depth must be evenly divisible by filter depth: c vs k";
  else ``filters % (c // k) != 0`` raises "output depth must be evenly divisible by number of
  groups: filters vs c//k"; else it trains silently (RGB images into a one-channel model with
  48 filters).
* ``Dense`` built for ``k`` features given ``d``: the MatMul raises "Matrix size-incompatible:
  In[0]: [rows,d], In[1]: [k,units]" (rows: the batch, times the other axes of a 3-D+ input).
* ``BatchNormalization`` (4-D): "scale must have the same number of elements as the channels of
  x, got k and c".
* Layers without weights run on any size (Flatten, pooling, Dropout, Rescaling, activations).

Anything else met with other sizes than it was built for is not followed: nothing is claimed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ...diagnostics import Related
from ...ir import ArrayValue, DataCall
from ...shapes import Shape, format_shape
from .stack import Layer, walk

if TYPE_CHECKING:
    from .keras2 import Keras2Replay

# Layers without weights whose kernels take any sizes the catalogue entry accepts (measured).
_ANY_SIZE = frozenset({
    "Flatten", "Dropout", "SpatialDropout2D", "GaussianNoise", "GaussianDropout", "Activation",
    "ReLU", "LeakyReLU", "ELU", "Softmax", "Rescaling", "MaxPooling2D", "AveragePooling2D",
    "GlobalAveragePooling2D", "GlobalMaxPooling2D",
})
_GRAPH = "InvalidArgumentError: Graph execution error: ... "


class _Runs:
    """A layer that runs silently on other sizes: ``warning`` says how, if it is worth saying."""

    def __init__(self, shape: Shape, warning: str | None = None) -> None:
        self.shape = shape
        self.warning = warning


class _Fails:
    def __init__(self, message: str, framework: str) -> None:
        self.message = message
        self.framework = framework


def feed_sequence(replay: Keras2Replay, event: DataCall, x: ArrayValue, fed: Shape, stage: str,
                  what: str) -> Shape | None:
    """The model's output on these batches, an error where a kernel fails, None if unknown."""
    expected = replay.input_shape
    assert expected is not None
    if tuple(fed[1:]) == tuple(expected[1:]):
        return replay.layers[-1].output_shape if replay.layers else None
    if len(fed) != len(expected) and (not replay.layers or replay.layers[0].kind != "Flatten"):
        return _unfollowed(replay, event, x, expected)
    shape: Shape = fed
    for index, layer in enumerate(replay.layers):
        built = layer.input_shape
        if built is not None and tuple(shape[1:]) == tuple(built[1:]):
            return replay.layers[-1].output_shape  # from here on, the sizes it was built for
        outcome = _as_built(layer, shape) or _run(layer, shape)
        if outcome is None:
            return _unfollowed(replay, event, x, expected)
        if isinstance(outcome, _Fails):
            prefix = f"{what}: " if what else ""
            replay.error(
                "LL201", event.span, stage,
                f"{prefix}the batches {_source(x)}have shape {format_shape(x.shape)} but the model "
                f"input is {format_shape(expected)}; tf.keras 2 sees only the rank of a "
                f"Sequence's batches, so {layer.kind} ({layer.name}) {outcome.message} while it "
                f"runs {replay.where(stage, _method(event), event.span)}",
                outcome.framework, layer=index,
                related=[Related(layer.span, f"{layer.kind} ({layer.name}) was built for "
                                 f"{format_shape(built)}")])
        if outcome.warning is not None:
            replay.warn("LL406", event.span, outcome.warning, layer=index, stage=stage)
        shape = outcome.shape
    return shape


def _method(event: DataCall) -> str:
    return event.kwargs.get("generator_method", event.method)


def _source(x: ArrayValue) -> str:
    loader = x.loader
    return f"of {loader.function}() (line {loader.span.line}) " if loader is not None else ""


def _unfollowed(replay: Keras2Replay, event: DataCall, x: ArrayValue, expected: Shape) -> None:
    replay.note("LL903", event.span,
                f"the batches {_source(x)}have shape {format_shape(x.shape)} while the model "
                f"input is {format_shape(expected)}: tf.keras 2 sees only their rank and runs "
                "the layers' kernels on them, which layerlint does not follow here")
    return None


def _as_built(layer: Layer, shape: Shape) -> _Runs | None:
    """A shape the layer was built for (its free axes take any size): it runs as declared."""
    built = layer.input_shape
    if built is None or len(built) != len(shape) or any(
            b is not None and b != d for b, d in zip(built[1:], shape[1:])):
        return None
    steps, failure = walk([layer], shape)
    return None if failure is not None or steps[-1].output_shape is None else \
        _Runs(steps[-1].output_shape)


def _run(layer: Layer, shape: Shape) -> _Runs | _Fails | None:
    """What ``layer``'s kernel does on ``shape`` with the weights it was built with."""
    built = layer.input_shape
    if built is None or layer.args is None or not all(isinstance(d, int) for d in shape[1:]):
        return None
    if layer.kind in _ANY_SIZE:
        steps, failure = walk([layer], shape)
        return None if failure is not None or steps[-1].output_shape is None else \
            _Runs(steps[-1].output_shape)
    if layer.kind == "Conv2D":
        return _conv2d(layer, shape, built)
    if layer.kind == "Dense":
        return _dense(layer, shape, built)
    if layer.kind == "BatchNormalization":
        return _batch_norm(layer, shape, built)
    return None


def _conv2d(layer: Layer, shape: Shape, built: Shape) -> _Runs | _Fails | None:
    args = layer.args
    assert args is not None
    if args.raw("data_format") not in (None, "channels_last") or args.raw("groups") not in \
            (None, 1) or len(shape) != 4:
        return None
    depth, channels, filters = built[-1], shape[-1], args.raw("filters")
    if not all(isinstance(v, int) for v in (depth, channels, filters)):
        return None
    if channels % depth:
        return _Fails(f"gets {channels} channels for a kernel of depth {depth} and fails",
                      f"{_GRAPH}input depth must be evenly divisible by filter depth: "
                      f"{channels} vs {depth}")
    groups = channels // depth
    if filters % groups:
        return _Fails(f"gets {channels} channels for a kernel of depth {depth}, which TensorFlow "
                      f"reads as {groups} groups, and fails",
                      f"{_GRAPH}output depth must be evenly divisible by number of groups: "
                      f"{filters} vs {groups}")
    steps, failure = walk([layer], (*shape[:-1], depth))  # the kernel's own channels
    if failure is not None or steps[-1].output_shape is None:
        return None
    warning = None
    if groups > 1:
        warning = (f"{layer.kind} ({layer.name}) was built for {depth} channel(s) and gets "
                   f"{channels}: tf.keras 2 runs it as a grouped convolution ({groups} groups) "
                   "without an error, so the model does not see the images as it was meant to")
    return _Runs(steps[-1].output_shape, warning)


def _dense(layer: Layer, shape: Shape, built: Shape) -> _Runs | _Fails | None:
    args = layer.args
    assert args is not None
    features, given, units = built[-1], shape[-1], args.raw("units")
    if not all(isinstance(v, int) for v in (features, given, units)):
        return None
    if features != given:
        return _Fails(f"gets {given} features for a kernel of {features} and fails",
                      f"{_GRAPH}Matrix size-incompatible: In[0]: [ ... ,{given}], In[1]: "
                      f"[{features},{units}]")
    return _Runs((*shape[:-1], units))


def _batch_norm(layer: Layer, shape: Shape, built: Shape) -> _Runs | _Fails | None:
    args = layer.args
    assert args is not None
    if len(shape) != 4 or len(built) != 4 or args.raw("axis") not in (None, -1, 3):
        return None
    if shape[-1] != built[-1]:
        return _Fails(f"gets {shape[-1]} channels for {built[-1]} scales and fails",
                      f"{_GRAPH}scale must have the same number of elements as the channels "
                      f"of x, got {built[-1]} and {shape[-1]}")
    return _Runs(shape)

