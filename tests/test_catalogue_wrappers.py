"""Bidirectional / TimeDistributed entries against real Keras 3 (torch backend)."""

import inspect
import re

import pytest
from catalogue_harness import Outcome, keras_layer, layerlint_layer, parse_call, snake
from test_catalogue_recurrent import keras_error, layerlint_error

from layerlint.ir import UNKNOWN, Call, Span
from layerlint.layers.base import REQUIRED, Unmodelled, bind, lookup

pytestmark = pytest.mark.keras3

RNNS = ("SimpleRNN", "LSTM", "GRU")
MERGE_MODES = ("'concat'", "'sum'", "'mul'", "'ave'", "None")


def same(src: str, shape: tuple) -> None:
    assert layerlint_layer(src, shape) == keras_layer(src, shape)


def run(src: str, shape: tuple):
    call = parse_call(src)
    spec = lookup("keras", call.kind)
    args = bind(spec, call, snake(call.kind))
    if spec.validate:
        spec.validate(args)
    return spec.call(args, shape)


def _call(kind: str, *args, **kwargs) -> Call:
    return Call(kind, f"keras.layers.{kind}", args, kwargs, Span(1, 1, 1, 1))


# --- Bidirectional ------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", RNNS)
@pytest.mark.parametrize("merge_mode", MERGE_MODES)
@pytest.mark.parametrize("return_sequences", [False, True])
@pytest.mark.parametrize("return_state", [False, True])
@pytest.mark.parametrize("shape", [(None, 5, 3), (None, None, 4), (2, 1, 1)], ids=str)
def test_bidirectional_grid(kind, merge_mode, return_sequences, return_state, shape):
    inner = f"{kind}(3, return_sequences={return_sequences}, return_state={return_state})"
    same(f"Bidirectional({inner}, merge_mode={merge_mode})", shape)


@pytest.mark.parametrize(
    "src",
    [
        # a custom backward layer: params add up; output shapes follow the forward layer
        "Bidirectional(LSTM(4), backward_layer=LSTM(4, go_backwards=True))",
        "Bidirectional(LSTM(4), backward_layer=GRU(3, go_backwards=True))",
        "Bidirectional(GRU(4, reset_after=False), backward_layer=SimpleRNN(6, go_backwards=True))",
        (
            "Bidirectional(LSTM(4, return_sequences=True), "
            "backward_layer=GRU(3, go_backwards=True, return_sequences=True), merge_mode='sum')"
        ),
        (
            "Bidirectional(LSTM(4, return_state=True), "
            "backward_layer=GRU(3, go_backwards=True, return_state=True))"
        ),
        (
            "Bidirectional(LSTM(4, return_state=True), "
            "backward_layer=GRU(3, go_backwards=True, return_state=True), merge_mode=None)"
        ),
        "Bidirectional(LSTM(4, go_backwards=True), backward_layer=LSTM(4))",
        "Bidirectional(SimpleRNN(4, use_bias=False), backward_layer=SimpleRNN(4, go_backwards=1))",
        # the two directions must agree
        "Bidirectional(LSTM(4), backward_layer=LSTM(4))",
        "Bidirectional(LSTM(4, go_backwards=True))",
        "Bidirectional(LSTM(4, return_sequences=True), backward_layer=GRU(3, go_backwards=True))",
        "Bidirectional(LSTM(4), backward_layer=GRU(3, go_backwards=True, return_state=True))",
        "Bidirectional(LSTM(4), backward_layer=LSTM(3, go_backwards=True, stateful=True))",
        (
            "Bidirectional(LSTM(4, return_sequences=1), "
            "backward_layer=GRU(3, go_backwards=True, return_sequences=True))"
        ),
        # what Bidirectional and the wrapped layers reject when created
        "Bidirectional(LSTM(4), merge_mode='x')",
        "Bidirectional(LSTM(4), merge_mode='Concat')",
        "Bidirectional(LSTM(0))",
        "Bidirectional(LSTM(4), backward_layer=GRU(0, go_backwards=True))",
        "Bidirectional(LSTM(4, foo=1))",
        "Bidirectional(LSTM(4), foo=1)",
        "Bidirectional(LSTM(4), trainable=1)",
        "Bidirectional(4)",
        "Bidirectional('lstm')",
        "Bidirectional(LSTM(4), backward_layer=4)",
        "Bidirectional(Dense(4))",
        "Bidirectional(Flatten())",
        "Bidirectional(Bidirectional(LSTM(4)))",
        "Bidirectional(TimeDistributed(Dense(3)))",
        "Bidirectional(LSTM(4), backward_layer=Dense(4))",
        "Bidirectional()",
        # arguments that keep shapes
        "Bidirectional(LSTM(4), weights=None)",
        "Bidirectional(LSTM(4), name='bd', merge_mode='ave')",
        "Bidirectional(LSTM(4, trainable=False))",
        "Bidirectional(LSTM(4), trainable=False)",
        "Bidirectional(GRU(4, trainable=False), backward_layer=GRU(2, go_backwards=True))",
        "Bidirectional(LSTM(4, unroll=True, dropout=0.2))",
        "Bidirectional(LSTM(4.0))",
        "Bidirectional(LSTM(4, stateful=True))",
        "Bidirectional(GRU(2, stateful=True, return_state=True), merge_mode=None)",
    ],
)
@pytest.mark.parametrize(
    "shape", [(None, 5, 3), (None, None, 4), (4, 2, 3), (None, 7), (None, 3, None)], ids=str
)
def test_bidirectional_cases(src, shape):
    same(src, shape)


@pytest.mark.parametrize(
    "src",
    [
        "Bidirectional(LSTM(4), merge_mode='x')",
        "Bidirectional(LSTM(4), backward_layer=LSTM(4))",
        "Bidirectional(LSTM(4, go_backwards=True))",
        "Bidirectional(LSTM(4, return_sequences=True), backward_layer=GRU(3, go_backwards=True))",
        "Bidirectional(LSTM(4), backward_layer=LSTM(3, go_backwards=True, stateful=True))",
        "Bidirectional(LSTM(4), backward_layer=GRU(3, go_backwards=True, return_state=True))",
        "Bidirectional(4)",
        "Bidirectional(LSTM(4), backward_layer=4)",
        "Bidirectional(Bidirectional(LSTM(4)))",
        "Bidirectional(TimeDistributed(Dense(3)))",
    ],
)
def test_bidirectional_init_messages_are_keras(src):
    error = layerlint_error(src, (None, 5, 3))
    assert error.code == "LL105"
    assert error.framework == keras_error(src, (None, 5, 3))


@pytest.mark.parametrize("kind", RNNS)
def test_bidirectional_stateful_return_state_fails_like_keras(kind):
    # A Keras 3.15 defect (Bidirectional.compute_mask), raised once the batch size is fixed.
    src = f"Bidirectional({kind}(2, stateful=True, return_state=True))"
    error = layerlint_error(src, (4, 2, 3))
    assert error.code == "LL105"
    assert error.framework == keras_error(src, (4, 2, 3))
    assert layerlint_error(src, (None, 2, 3)).code == "LL106"  # the free batch comes first


def test_bidirectional_of_a_plain_layer_names_the_keras_cause():
    error = layerlint_error("Bidirectional(Dense(4))", (None, 5, 3))
    assert error.code == "LL105" and error.arg == "layer"
    keras_text = keras_error("Bidirectional(Dense(4))", (None, 5, 3))
    assert keras_text.startswith("TypeError: <class 'keras.src.layers.core.dense.Dense'> could")
    cause = "Unrecognized keyword arguments passed to Dense: {'go_backwards': True}"
    assert keras_text.endswith(cause) and error.framework.endswith(cause)


def test_bidirectional_rank_error_names_the_wrapper():
    src, shape = "Bidirectional(LSTM(4))", (None, 7)
    error = layerlint_error(src, shape)
    assert error.code == "LL101"
    pattern = r"layer ['\"]bidirectional['\"] is incompatible with the layer: expected ndim=3"
    assert re.search(pattern, keras_error(src, shape))
    assert re.search(pattern, error.framework)


def test_bidirectional_return_state_outputs():
    # Keras 3: (merged output, forward h, forward c, backward h, backward c); with merge_mode
    # None the two outputs come first. Every shape is the forward layer's.
    out = run("Bidirectional(LSTM(8, return_state=True))", (None, 5, 3))
    assert out.outputs == ((None, 16),) + ((None, 8),) * 4
    out = run("Bidirectional(LSTM(8, return_state=True), merge_mode=None)", (None, 5, 3))
    assert out.outputs == ((None, 8),) * 6
    assert out.params == 2 * 4 * (3 * 8 + 8 * 8 + 8)


def test_bidirectional_symbolic_and_unknown():
    out = run("Bidirectional(LSTM(8, return_sequences=True))", (None, "T", "F"))
    assert out.shape == (None, "T", 16) and out.params is None
    assert run("Bidirectional(GRU(2))", ("B", "T", 3)).params == 2 * (3 * (3 * 2 + 4) + 6 * 2)
    spec = lookup("keras", "Bidirectional")
    for call in (
        _call("Bidirectional", UNKNOWN),
        _call("Bidirectional", _call("MyRNN", 4)),
        _call("Bidirectional", _call("LSTM", 4), backward_layer=_call("MyRNN", 4)),
        _call("Bidirectional", _call("LSTM", 4, go_backwards=UNKNOWN)),
        _call("Bidirectional", _call("LSTM", 4), merge_mode=UNKNOWN),
    ):
        args = bind(spec, call, "bidirectional")
        spec.validate(args)  # nothing known to be wrong
        with pytest.raises(Unmodelled):
            spec.call(args, (None, 5, 3))
    with pytest.raises(Unmodelled):
        spec.validate(bind(spec, _call("Bidirectional", _call("LSTM", UNKNOWN)), "b"))


# --- TimeDistributed ----------------------------------------------------------------------------

INNER = [
    "Dense(4)",
    "Dense(3, use_bias=False, trainable=False)",
    "LSTM(4)",
    "GRU(3, return_sequences=True)",
    "SimpleRNN(2, trainable=False)",
    "LSTM(4, stateful=True)",
    "LSTM(4, return_state=True)",
    "Bidirectional(LSTM(2))",
    "Bidirectional(GRU(2), merge_mode=None)",
    "TimeDistributed(Dense(2))",
    "Conv1D(4, 3)",
    "Conv2D(4, 3)",
    "Conv2D(2, 3, padding='same', strides=2)",
    "MaxPooling1D()",
    "MaxPooling2D()",
    "AveragePooling2D(3)",
    "GlobalAveragePooling1D()",
    "GlobalMaxPooling2D()",
    "Flatten()",
    "Dropout(0.5)",
    "Reshape((2, -1))",
    "Reshape((3, 2))",
    "Embedding(10, 4)",
    "BatchNormalization()",
    "LayerNormalization()",
    "Activation('relu')",
    "RepeatVector(2)",
    "Permute((2, 1))",
    "UpSampling1D()",
    "ZeroPadding1D()",
    "Cropping1D(1)",
    "Masking()",
]
TD_SHAPES = [
    (None, 3),
    (None, 3, 6),
    (None, None, 6),
    (2, 3, 8, 2),
    (None, 3, 8, 8, 2),
    (None, 3, 2, 2, 2),
    (None, 3, 4, None),
    (None, 4, 6, 6),
]


def _layerlint_or_unmodelled(src: str, shape: tuple) -> Outcome | str:
    try:
        return layerlint_layer(src, shape)
    except Unmodelled:
        return "unmodelled"


@pytest.mark.parametrize("inner", INNER)
@pytest.mark.parametrize("shape", TD_SHAPES, ids=str)
def test_time_distributed_grid(inner, shape):
    kind = parse_call(inner).kind
    if lookup("keras", kind) is None:
        pytest.skip(f"{kind} is not in the catalogue yet")
    src = f"TimeDistributed({inner})"
    ours = _layerlint_or_unmodelled(src, shape)
    if ours == "unmodelled":
        # Only where Keras skips the wrapped layer's InputSpec: the layer alone rejects the rank
        # of one time step, so what TimeDistributed does with it is layer-specific.
        step = (shape[0], *shape[2:])
        assert len(shape) >= 3
        assert keras_layer(inner, step).error == "build"
        assert layerlint_layer(inner, step).error == "build"
    else:
        assert ours == keras_layer(src, shape)


@pytest.mark.parametrize(
    "src",
    [
        "TimeDistributed(Dense(0))",
        "TimeDistributed(Dense(4), foo=1)",
        "TimeDistributed(Dense(4, foo=1))",
        "TimeDistributed(Dense(4), trainable=1)",
        "TimeDistributed(Dense(4), trainable=False)",
        "TimeDistributed(Dense(4), name='td')",
        "TimeDistributed(LSTM(0))",
        "TimeDistributed(4)",
        "TimeDistributed(None)",
        "TimeDistributed()",
        "TimeDistributed(TimeDistributed(Dense(4)))",
        "TimeDistributed(Bidirectional(LSTM(4), merge_mode='x'))",
    ],
)
@pytest.mark.parametrize("shape", [(None, 3, 5), (None, 2, 3, 5), (None, 5)], ids=str)
def test_time_distributed_cases(src, shape):
    same(src, shape)


@pytest.mark.parametrize("shape", [(None, 5), (None,), (3, 4)], ids=str)
def test_time_distributed_rank_message_is_keras(shape):
    error = layerlint_error("TimeDistributed(Dense(4))", shape)
    assert error.code == "LL101"
    assert error.framework == keras_error("TimeDistributed(Dense(4))", shape)


@pytest.mark.parametrize(
    "src, shape",
    [
        ("TimeDistributed(LSTM(4, return_state=True))", (None, 3, 5, 6)),
        ("TimeDistributed(LSTM(4, return_state=True))", (None, None, 5, 6)),
        ("TimeDistributed(Bidirectional(LSTM(4), merge_mode=None))", (None, 3, 5, 6)),
    ],
)
def test_time_distributed_of_several_outputs_message_is_keras(src, shape):
    error = layerlint_error(src, shape)
    assert error.code == "LL107"
    assert keras_error(src, shape).startswith(error.framework)


def test_time_distributed_inner_errors_are_the_inner_layers():
    # Keras reports the wrapped layer's own exception (here Reshape's) under TimeDistributed.
    error = layerlint_error("TimeDistributed(Reshape((3, 2)))", (None, 3, 4))
    assert error.code == "LL104"
    assert "The total size of the tensor must be unchanged" in keras_error(
        "TimeDistributed(Reshape((3, 2)))", (None, 3, 4)
    )


def test_time_distributed_skips_the_inner_input_spec_in_keras():
    """Why an inner rank error makes the output unknown instead of an error: Keras builds the
    wrapped layer directly and accepts ranks the layer alone rejects."""
    assert keras_layer("GlobalAveragePooling1D()", (None, 5)).error == "build"
    assert keras_layer("TimeDistributed(GlobalAveragePooling1D())", (None, 3, 5)).error is None
    assert keras_layer("LSTM(4)", (None, 5, 6, 7)).error == "build"
    assert keras_layer("TimeDistributed(LSTM(4))", (None, 3, 5, 6, 7)).error is None
    with pytest.raises(Unmodelled):
        run("TimeDistributed(GlobalAveragePooling1D())", (None, 3, 5))


def test_time_distributed_symbolic_and_unknown():
    out = run("TimeDistributed(Dense(4))", (None, "T", "F"))
    assert out.shape == (None, "T", 4) and out.params is None
    assert run("TimeDistributed(Dense(4))", ("B", "T", 5)).params == 24
    out = run("TimeDistributed(LSTM(4, return_sequences=True))", (None, "T", "S", 3))
    assert out.shape == (None, "T", "S", 4) and out.params == 4 * (3 * 4 + 4 * 4 + 4)
    spec = lookup("keras", "TimeDistributed")
    for call in (_call("TimeDistributed", UNKNOWN), _call("TimeDistributed", _call("MyLayer"))):
        args = bind(spec, call, "time_distributed")
        spec.validate(args)
        with pytest.raises(Unmodelled):
            spec.call(args, (None, 3, 5))


# --- declarations -------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["Bidirectional", "TimeDistributed"])
def test_signature_matches_keras(kind):
    import keras

    real = inspect.signature(getattr(keras.layers, kind).__init__).parameters.values()
    expected = [
        (p.name, REQUIRED if p.default is inspect.Parameter.empty else p.default)
        for p in real
        if p.name != "self" and p.kind is not inspect.Parameter.VAR_KEYWORD
    ]
    assert [(p.name, p.default) for p in lookup("keras", kind).signature] == expected


@pytest.mark.parametrize("kind", ["Bidirectional", "TimeDistributed"])
def test_supports_masking_matches_keras(kind):
    import keras

    real = getattr(keras.layers, kind)(keras.layers.LSTM(2))
    assert lookup("keras", kind).supports_masking == real.supports_masking


def test_wrapped_layers_are_named_like_keras():
    """Keras names the directions forward_<inner> / backward_<inner> (explicit names that do not
    advance the counters); the wrapped layer object itself takes the next automatic name."""
    import keras

    keras.backend.clear_session()
    model = keras.Sequential(
        [
            keras.Input((3, 5)),
            keras.layers.Bidirectional(keras.layers.LSTM(4)),
            keras.layers.Dense(2),
        ]
    )
    layer = model.layers[0]
    assert (layer.name, layer.forward_layer.name, layer.backward_layer.name) == (
        "bidirectional",
        "forward_lstm",
        "backward_lstm",
    )
    keras.backend.clear_session()
    lstm = keras.layers.LSTM(4)
    assert (lstm.name, keras.layers.LSTM(2).name) == ("lstm", "lstm_1")
