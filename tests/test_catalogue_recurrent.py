"""SimpleRNN / LSTM / GRU entries against real Keras 3 (torch backend)."""

import inspect
import itertools

import pytest
from catalogue_harness import (
    keras_error,
    keras_layer,
    layerlint_error,
    layerlint_layer,
    parse_call,
    snake,
    sorted_sets,
)

from layerlint.ir import UNKNOWN, Call, Span
from layerlint.layers.base import REQUIRED, Unmodelled, bind, lookup

pytestmark = pytest.mark.keras3

RNNS = ("SimpleRNN", "LSTM", "GRU")


def same(src: str, shape: tuple) -> None:
    assert layerlint_layer(src, shape) == keras_layer(src, shape)


# --- grids --------------------------------------------------------------------------------------

SHAPES = [(None, 5, 3), (None, None, 4), (2, 6, 3), (None, 1, 1)]


@pytest.mark.parametrize("kind", RNNS)
@pytest.mark.parametrize("units", [1, 7])
@pytest.mark.parametrize(
    "flags",
    [
        dict(zip(("return_sequences", "return_state", "go_backwards", "use_bias"), values))
        for values in itertools.product([False, True], repeat=4)
    ],
    ids=lambda f: "-".join(k for k, v in f.items() if v) or "defaults",
)
@pytest.mark.parametrize("shape", SHAPES, ids=str)
def test_rnn_grid(kind, units, flags, shape):
    args = ", ".join(f"{k}={v}" for k, v in flags.items())
    same(f"{kind}({units}, {args})", shape)


@pytest.mark.parametrize("reset_after", [True, False])
@pytest.mark.parametrize("use_bias", [True, False])
@pytest.mark.parametrize("units", [1, 3, 16])
@pytest.mark.parametrize("shape", [(None, 4, 1), (None, None, 9), (3, 2, 5)], ids=str)
def test_gru_reset_after_changes_params(reset_after, use_bias, units, shape):
    same(f"GRU({units}, reset_after={reset_after}, use_bias={use_bias})", shape)


WRONG_RANKS = [(None,), (None, 640), (None, 10), (None, 3, 5, 6), (None, 2, 3, 4, 5)]


@pytest.mark.parametrize("kind", RNNS)
@pytest.mark.parametrize("shape", WRONG_RANKS, ids=str)
def test_wrong_rank_fails_at_build(kind, shape):
    same(f"{kind}(8)", shape)
    assert layerlint_error(f"{kind}(8)", shape).code == "LL101"


@pytest.mark.parametrize("kind", RNNS)
@pytest.mark.parametrize("shape", [(None, 10, None), (None, None, None), (4, 3, None)], ids=str)
def test_free_feature_axis_fails_at_build(kind, shape):
    same(f"{kind}(32)", shape)
    error = layerlint_error(f"{kind}(32)", shape)
    assert error.code == "LL106"


def test_free_feature_axis_message_is_keras_3():
    error = layerlint_error("LSTM(32)", (None, 10, None))
    assert keras_error("LSTM(32)", (None, 10, None)).startswith(error.framework.rstrip("."))


@pytest.mark.parametrize("kind", RNNS)
@pytest.mark.parametrize(
    "shape", [(None, 3, 5), (None, None, 5), (8, 3, 5), (1, None, 2), (8, 3, None)], ids=str
)
@pytest.mark.parametrize("extra", ["", ", return_state=True", ", return_sequences=True"])
def test_stateful_needs_a_fixed_batch(kind, shape, extra):
    same(f"{kind}(4, stateful=True{extra})", shape)


@pytest.mark.parametrize("kind", RNNS)
def test_stateful_message_is_keras(kind):
    error = layerlint_error(f"{kind}(4, stateful=True)", (None, 3, 5))
    assert error.code == "LL106" and error.arg == "stateful"
    assert error.framework == keras_error(f"{kind}(4, stateful=True)", (None, 3, 5))


@pytest.mark.parametrize("kind", RNNS)
@pytest.mark.parametrize(
    "extra",
    [
        "unroll=True",
        "dropout=0.5",
        "recurrent_dropout=0.25",
        "dropout=2.0, recurrent_dropout=-1",  # clipped to [0, 1], never rejected
        "dropout=True",
        "activation='relu'",
        "seed=3",
        "zero_output_for_mask=True",
        "name='encoder'",
        "trainable=False",
        "trainable=False, return_state=True",
        "return_sequences=1",
        "dtype='float32'",
    ],
)
@pytest.mark.parametrize("shape", [(None, 4, 3), (None, None, 3)], ids=str)
def test_arguments_that_keep_shapes(kind, extra, shape):
    same(f"{kind}(5, {extra})", shape)


@pytest.mark.parametrize(
    "src",
    [
        f"{kind}(5, {extra})"
        for kind in ("LSTM", "GRU")
        for extra in ("implementation=1", "use_cudnn=False", "use_cudnn=True", "use_cudnn=1")
    ]
    + ["LSTM(5, unit_forget_bias=False)", "LSTM(5, unit_forget_bias=False, use_bias=False)"],
)
def test_gated_rnn_arguments(src):
    same(src, (None, 4, 3))


@pytest.mark.parametrize(
    "src",
    [f"{kind}({units})" for kind in RNNS for units in (0, -1, False, "'4'", None, 4.0, 4.5, "(4,)")]
    + [
        f"{kind}(4, {extra})"
        for kind in RNNS
        for extra in (
            "time_major=True",
            "trainable=1",
            "dropout=None",
            "recurrent_dropout='x'",
            "return_sequences=True, foo=1",
        )
    ]
    + [
        "LSTM(4, use_cudnn='x')",
        "GRU(4, use_cudnn=None)",
        "SimpleRNN(4, use_cudnn=False)",
        "SimpleRNN(4, implementation=1)",
        "SimpleRNN(4, reset_after=True)",
        "LSTM(4, reset_after=True)",
        "GRU(4, unit_forget_bias=True)",
        "GRU(4.0, reset_after=False)",
        "SimpleRNN(True)",
        "GRU(True)",
        "LSTM(4, 'relu', 'sigmoid', False)",
        "SimpleRNN(4, 'relu', False)",
        (
            "SimpleRNN(4, 'relu', True, 'glorot_uniform', 'orthogonal', 'zeros', None, None, None, "
            "None, None, None, None, 0.0, 0.0, False, False, False, False, False, None, 1)"
        ),
    ],
)
@pytest.mark.parametrize("shape", [(None, 3, 5), (None, 2)], ids=str)
def test_invalid_arguments(src, shape):
    same(src, shape)


@pytest.mark.parametrize(
    "src",
    [
        "LSTM(0)",
        "GRU(-3)",
        "SimpleRNN('4')",
        "GRU(4.0)",
        "SimpleRNN(2.5)",
        "LSTM(None)",
        "LSTM(4, use_cudnn='x')",
        "GRU(4, trainable=1)",
        "LSTM(4, dropout=None)",
    ],
)
def test_init_messages_are_keras(src):
    error = layerlint_error(src, (None, 3, 5))
    assert error.code == "LL105"
    assert error.framework == keras_error(src, (None, 3, 5))


def test_float_units_lstm_fails_at_build_with_keras_message():
    error = layerlint_error("LSTM(4.0)", (None, 3, 5))
    assert error.code == "LL105" and error.arg == "units"
    assert error.framework == keras_error("LSTM(4.0)", (None, 3, 5))


def test_bool_units_lstm_is_unmodelled():
    # The torch backend rejects it when building, for a reason of its own; other backends are
    # not measured, so layerlint stays silent.
    assert keras_layer("LSTM(True)", (None, 3, 5)).error == "build"
    call = parse_call("LSTM(True)")
    spec = lookup("keras", "LSTM")
    with pytest.raises(Unmodelled):
        spec.call(bind(spec, call, "lstm"), (None, 3, 5))


# --- the seed's example 2 and the Keras 3 wording -----------------------------------------------


def test_seed_example_2_lstm_after_flatten():
    shape = (None, 640)  # LSTM(64, return_sequences=True) on (10, 5), then Flatten
    same("LSTM(32)", shape)
    error = layerlint_error("LSTM(32)", shape)
    assert error.code == "LL101"
    assert keras_error("LSTM(32)", shape) == (
        "ValueError: Input 0 with name 'None' of layer 'lstm' is incompatible with the layer: "
        "expected ndim=3, found ndim=2. Full shape received: (None, 640)"
    )


def test_rank_message_is_keras_3():
    assert layerlint_error("LSTM(32)", (None, 640)).framework == keras_error(
        "LSTM(32)", (None, 640)
    )


# --- what the entries claim about Sequential ----------------------------------------------------


def test_return_state_outputs_reach_the_next_layer_as_a_list():
    """Keras 3: a layer after an RNN with return_state=True receives all its outputs and rejects
    them (LL107). The entry reports every output so analysis can say so."""
    import keras

    keras.backend.clear_session()
    with pytest.raises(ValueError) as info:
        keras.Sequential(
            [keras.Input((3, 5)), keras.layers.LSTM(4, return_state=True), keras.layers.Dense(2)]
        )
    assert str(info.value).startswith(
        'Layer "dense" expects 1 input(s), but it received 3 input tensors. Inputs received: '
        "[<KerasTensor shape=(None, 4), dtype=float32"
    )
    out = lookup("keras", "LSTM").call(
        bind(lookup("keras", "LSTM"), parse_call("LSTM(4, return_state=True)"), "lstm"),
        (None, 3, 5),
    )
    assert out.outputs == ((None, 4), (None, 4), (None, 4))


# --- symbolic and unknown values ----------------------------------------------------------------


def _run(src: str, shape: tuple):
    call = parse_call(src)
    spec = lookup("keras", call.kind)
    args = bind(spec, call, snake(call.kind))
    if spec.validate:
        spec.validate(args)
    return spec.call(args, shape)


@pytest.mark.parametrize("kind", RNNS)
def test_symbolic_dims_propagate(kind):
    out = _run(f"{kind}(64)", (None, "T", "F"))
    assert out.shape == (None, 64) and out.params is None
    out = _run(f"{kind}(64, return_sequences=True, return_state=True)", (None, "T", "F"))
    assert out.shape == (None, "T", 64) and out.params is None
    assert out.outputs[1:] == ((None, 64),) * (2 if kind == "LSTM" else 1)
    # Only the feature axis sizes weights: an unknown time axis keeps the count.
    assert _run(f"{kind}(4)", ("B", "T", 5)).params == _run(f"{kind}(4)", (None, 3, 5)).params
    # A batch size unknown to layerlint is fixed in Keras: stateful is fine.
    assert _run(f"{kind}(4, stateful=True)", ("B", 3, 5)).shape == ("B", 4)


def test_unknown_arguments_are_unmodelled():
    spec = lookup("keras", "LSTM")
    unknown_units = Call("LSTM", "keras.layers.LSTM", (UNKNOWN,), {}, Span(1, 1, 1, 1))
    with pytest.raises(Unmodelled):
        spec.validate(bind(spec, unknown_units, "lstm"))
    # Values no shape depends on are skipped, not unmodelled.
    quiet = Call(
        "LSTM",
        "keras.layers.LSTM",
        (4,),
        {"dropout": UNKNOWN, "use_cudnn": UNKNOWN, "trainable": UNKNOWN, "stateful": UNKNOWN},
        Span(1, 1, 1, 1),
    )
    args = bind(spec, quiet, "lstm")
    spec.validate(args)
    assert spec.call(args, (2, 3, 5)).shape == (2, 4)
    with pytest.raises(Unmodelled):  # stateful matters only when the batch is free
        spec.call(args, (None, 3, 5))
    unknown_flag = Call(
        "LSTM", "keras.layers.LSTM", (4,), {"return_sequences": UNKNOWN}, Span(1, 1, 1, 1)
    )
    with pytest.raises(Unmodelled):
        spec.call(bind(spec, unknown_flag, "lstm"), (None, 3, 5))


# --- declarations -------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", RNNS)
def test_signature_matches_keras(kind):
    import keras

    real = inspect.signature(getattr(keras.layers, kind).__init__).parameters.values()
    expected = [
        (p.name, REQUIRED if p.default is inspect.Parameter.empty else p.default)
        for p in real
        if p.name != "self" and p.kind is not inspect.Parameter.VAR_KEYWORD
    ]
    spec = lookup("keras", kind)
    assert [(p.name, p.default) for p in spec.signature] == expected


@pytest.mark.parametrize("kind", RNNS)
def test_supports_masking_matches_keras(kind):
    import keras

    assert lookup("keras", kind).supports_masking == getattr(keras.layers, kind)(2).supports_masking


# --- ConvLSTM1D/2D/3D ---------------------------------------------------------------------------

CONV_LSTMS = ("ConvLSTM1D", "ConvLSTM2D", "ConvLSTM3D")
CONV_SHAPES = {
    1: [(None, 5, 8, 2), (None, None, 6, 3), (2, 3, 4, 1), (None, 4, 2, 2)],
    2: [(None, 5, 8, 7, 2), (None, None, 6, 6, 3), (2, 3, 4, 5, 1), (None, 4, 2, 9, 2)],
    3: [(None, 2, 5, 4, 3, 2), (None, None, 3, 3, 3, 1), (2, 3, 2, 4, 4, 1)],
}


@pytest.mark.parametrize("rank", [1, 2, 3])
@pytest.mark.parametrize(
    "extra",
    [
        "",
        "return_sequences=True",
        "return_state=True",
        "return_sequences=True, return_state=True, go_backwards=True",
        "padding='same'",
        "padding='SAME', strides=2",
        "strides=2",
        "dilation_rate=2",
        "use_bias=False, unit_forget_bias=False",
        "data_format='channels_first'",
        "data_format='channels_last', kernel_size=1",
        "trainable=False",
        "unroll=True, zero_output_for_mask=True",
    ],
)
def test_conv_lstm_grid(rank, extra):
    for shape in CONV_SHAPES[rank]:
        args = "3, 2" if "kernel_size" not in extra else "3"
        same(f"ConvLSTM{rank}D({args}, {extra})", shape)


@pytest.mark.parametrize("rank", [1, 2])
@pytest.mark.parametrize(
    "src_args",
    [
        "4, 3, padding='causal'",
        "4, 3, padding=(1, 1)",
        "4, 3, padding=3",
        "4, 0",
        "4, (3, 3, 3, 3)",
        "4, 3, strides=0",
        "4, 3, strides=-1",
        "4, 3, dilation_rate=0",
        "4, 3, strides=2, dilation_rate=2",
        "4, 3, data_format='x'",
        "4, 3, dropout='a'",
        "4, 3, trainable=1",
        "4, 3, implementation=1",
        "4, 3, stateful=True",
        "4, 3, stateful=True, return_state=True",
        "-1, 3",
        "0, 3",
        "4, 3, foo=1",
        "4",
    ],
)
def test_conv_lstm_errors(rank, src_args):
    for shape in CONV_SHAPES[rank] + [
        (None, 5, None, *(4,) * (rank - 1), 2),
        (None, 5, *(8,) * rank, None),
        (3, 5, *(8,) * rank, 2),
        (None, 5, *(8,) * rank),
    ]:
        same(f"ConvLSTM{rank}D({src_args})", shape)


@pytest.mark.parametrize(
    "src, shape",
    [
        ("ConvLSTM1D(4, 3)", (None, 5, None, 2)),
        ("ConvLSTM1D(4, 3, data_format='channels_first')", (None, 5, None, 8)),
        ("ConvLSTM1D(4, 3)", (None, 5, 2, 2)),
        ("ConvLSTM2D(4, 3, strides=(1, 2))", (None, 5, 8, 2, 2)),
        ("ConvLSTM1D(4, 3, padding=(1,))", (None, 5, 8, 2)),
        ("ConvLSTM1D(4, 3, strides=0)", (None, 5, 8, 2)),
        ("ConvLSTM1D(-1, 3)", (None, 5, 8, 2)),
        ("ConvLSTM2D(4, 3, stateful=True)", (None, 5, 8, 8, 2)),
        ("ConvLSTM2D(4, 3, padding='full')", (None, 5, 8, 8, 2)),
        ("ConvLSTM2D(4, 3, strides=2, dilation_rate=2)", (None, 5, 8, 8, 2)),
    ],
)
def test_conv_lstm_messages_are_keras(src, shape):
    ours = sorted_sets(layerlint_error(src, shape).framework)
    keras_text = sorted_sets(keras_error(src, shape))
    # Exceptions raised while computing the output shape carry Keras' argument report after.
    assert keras_text == ours or keras_text.startswith(ours + "\n")


def test_conv_lstm_symbolic_and_bidirectional():
    out = _run("ConvLSTM2D(4, 3, return_state=True)", (None, "T", 8, "W", "C"))
    assert out.shape == (None, 6, "?", 4) and out.params is None
    assert out.outputs == (out.shape, out.shape, out.shape)
    assert _run("ConvLSTM1D(4, 3)", ("B", "T", 8, 2)).params == 304
    same("Bidirectional(ConvLSTM2D(4, 3), merge_mode='concat')", (None, 5, 8, 8, 2))
    same("Bidirectional(ConvLSTM1D(2, 3, return_state=True), merge_mode=None)", (None, 5, 8, 2))
    same("TimeDistributed(ConvLSTM1D(2, 3))", (None, 5, 4, 8, 2))


@pytest.mark.parametrize("kind", CONV_LSTMS)
def test_conv_lstm_declarations_match_keras(kind):
    test_signature_matches_keras(kind)
    import keras

    assert (
        lookup("keras", kind).supports_masking == getattr(keras.layers, kind)(2, 3).supports_masking
    )
