"""Core Keras layers (Dense, Activation, Identity), the model input declaration, and the checks
every entry of the core/activation/regularization/reshaping/embedding/normalization families
shares: same signature as the real class, same ``supports_masking``."""

from __future__ import annotations

import inspect
import itertools
import warnings

import pytest
from catalogue_harness import keras_layer, layerlint_layer, parse_call

from layerlint.ir import UNKNOWN, Call, Span
from layerlint.layers.base import KERAS_BASE_KWARGS, REQUIRED, LayerError, Unmodelled, lookup
from layerlint.layers.keras.core import input_batch_shape

pytestmark = pytest.mark.keras3

# Every entry these families register, and the input each can be built on for the masking test.
FAMILY_ENTRIES = {
    "Dense": ("Dense(3)", (None, 4)),
    "Activation": ("Activation('relu')", (None, 4)),
    "Identity": ("Identity()", (None, 4)),
    "ReLU": ("ReLU()", (None, 4)),
    "LeakyReLU": ("LeakyReLU()", (None, 4)),
    "PReLU": ("PReLU()", (None, 4)),
    "ELU": ("ELU()", (None, 4)),
    "Softmax": ("Softmax()", (None, 4)),
    "Dropout": ("Dropout(0.5)", (None, 4)),
    "SpatialDropout1D": ("SpatialDropout1D(0.5)", (None, 3, 4)),
    "SpatialDropout2D": ("SpatialDropout2D(0.5)", (None, 3, 4, 5)),
    "SpatialDropout3D": ("SpatialDropout3D(0.5)", (None, 3, 4, 5, 6)),
    "GaussianDropout": ("GaussianDropout(0.5)", (None, 4)),
    "GaussianNoise": ("GaussianNoise(0.5)", (None, 4)),
    "AlphaDropout": ("AlphaDropout(0.5)", (None, 4)),
    "ActivityRegularization": ("ActivityRegularization()", (None, 4)),
    "Flatten": ("Flatten()", (None, 3, 4)),
    "Reshape": ("Reshape((2, 2))", (None, 4)),
    "Permute": ("Permute((2, 1))", (None, 3, 4)),
    "RepeatVector": ("RepeatVector(2)", (None, 4)),
    "Embedding": ("Embedding(10, 3)", (None, 4)),
    "Masking": ("Masking()", (None, 3, 4)),
    "BatchNormalization": ("BatchNormalization()", (None, 4)),
    "LayerNormalization": ("LayerNormalization()", (None, 4)),
    "RMSNormalization": ("RMSNormalization()", (None, 4)),
    "UnitNormalization": ("UnitNormalization()", (None, 4)),
    "GroupNormalization": ("GroupNormalization(2)", (None, 4)),
    "Rescaling": ("Rescaling(0.5)", (None, 4)),
}

# Keyword arguments an entry accepts on top of its signature and Keras' base Layer arguments,
# because the real class reads them from **kwargs (each pinned by a differential case too).
LEGACY_KWARGS = {
    "Embedding": {"input_length"},
    "LeakyReLU": {"alpha"},
    "LayerNormalization": {"rms_scaling"},
}


def _keras():
    import keras

    return keras


@pytest.mark.parametrize("name", sorted(FAMILY_ENTRIES))
def test_signature_matches_keras(name):
    spec = lookup("keras", name)
    assert spec is not None
    real = inspect.signature(getattr(_keras().layers, name).__init__).parameters
    real_params = [p for p in real.values() if p.name != "self" and p.kind != p.VAR_KEYWORD]
    assert [p.name for p in spec.signature] == [p.name for p in real_params]
    for ours, theirs in zip(spec.signature, real_params):
        if theirs.default is inspect.Parameter.empty:
            assert ours.default is REQUIRED, name
        else:
            assert ours.default == theirs.default and type(ours.default) is type(theirs.default)
    has_var_kwargs = any(p.kind == p.VAR_KEYWORD for p in real.values())
    extra = set(spec.base_kwargs) - set(KERAS_BASE_KWARGS)
    assert extra == LEGACY_KWARGS.get(name, set())
    if has_var_kwargs:
        assert set(KERAS_BASE_KWARGS) - {"activity_regularizer"} <= set(spec.base_kwargs)
    else:
        assert spec.base_kwargs == {}


@pytest.mark.parametrize("name", sorted(FAMILY_ENTRIES))
def test_supports_masking_matches_keras(name):
    keras = _keras()
    src, shape = FAMILY_ENTRIES[name]
    layer = eval(src, {n: getattr(keras.layers, n) for n in dir(keras.layers)})
    keras.Sequential([keras.Input(batch_shape=shape), layer])
    assert lookup("keras", name).supports_masking == layer.supports_masking


def test_embedding_supports_masking_follows_mask_zero():
    # A per-call property in Keras 3; the registered flag is the default (mask_zero=False).
    keras = _keras()
    assert keras.layers.Embedding(5, 2, mask_zero=True).supports_masking is True
    assert keras.layers.Embedding(5, 2).supports_masking is False


def test_every_entry_of_these_families_is_pinned_here():
    import re
    from pathlib import Path

    import layerlint.layers.keras as package

    registered = set()
    for module in ("core", "activations", "regularization", "reshaping", "embedding",
                   "normalization"):
        text = (Path(package.__file__).parent / f"{module}.py").read_text()
        registered |= set(re.findall(r'@keras_layer\(\s*"(\w+)"', text))
    assert registered == set(FAMILY_ENTRIES)


@pytest.mark.parametrize(
    "package", ["activations", "regularization", "normalization", "core"]
)
def test_every_keras_layer_of_the_family_is_an_entry(package):
    keras = _keras()
    # Wrappers and layers that run user code or hold other layers belong elsewhere or stay
    # unknown on purpose.
    elsewhere = {"SpectralNormalization", "Lambda", "InputLayer", "Wrapper", "EinsumDense",
                 "ReversibleEmbedding"}
    exported = {
        name for name in dir(keras.layers)
        if isinstance(getattr(keras.layers, name), type)
        and getattr(keras.layers, name).__module__.startswith(f"keras.src.layers.{package}.")
        and getattr(keras.layers, name).__name__ == name
    }
    assert exported - elsewhere <= set(FAMILY_ENTRIES)


def test_identifier_names_are_keras_own():
    from keras.src.activations import ALL_OBJECTS_DICT as activations
    from keras.src.constraints import ALL_OBJECTS_DICT as constraints
    from keras.src.regularizers import ALL_OBJECTS_DICT as regularizers

    from layerlint.layers.keras import _checks
    from layerlint.layers.keras.activations import ACTIVATION_NAMES

    assert ACTIVATION_NAMES == set(activations)
    assert _checks._REGULARIZERS == set(regularizers)
    assert _checks._CONSTRAINTS == set(constraints)


def test_lambda_is_not_an_entry():
    assert lookup("keras", "Lambda") is None


# --- Dense, Activation, Identity ------------------------------------------------------------------

SHAPES = [(None,), (None, 5), (None, 1), (None, None), (2, 5), (None, 3, 5), (None, None, 5),
          (None, 5, None), (None, 2, 3, 4), (4, 0)]

DENSE = [f"Dense({u})" for u in (1, 4)] + [
    "Dense(3, use_bias=False)", "Dense(units=2, activation='relu')", "Dense(0)", "Dense(-1)",
    "Dense(2.5)", "Dense('3')", "Dense(None)", "Dense(True)", "Dense(2, activation='foo')",
    "Dense(2, activation=3)", "Dense(2, activation='softmax', name='out')", "Dense()",
    "Dense(2, 'relu', False)", "Dense(2, foo=1)", "Dense(2, input_shape=(5,))",
    "Dense(2, input_dim=5)", "Dense(2, lora_rank=2)", "Dense(2, units=3)",
    "Dense(3, lora_rank=1, use_bias=False)", "Dense(2, lora_rank=0)",
    "Dense(2, lora_rank=2, kernel_constraint='non_neg')", "Dense(2, lora_rank=2, lora_alpha=4)",
    "Dense(2, kernel_regularizer='l2')", "Dense(2, kernel_regularizer='l3')",
    "Dense(2, bias_constraint='max_norm')", "Dense(2, kernel_constraint='MaxNorm')",
    "Dense(2, kernel_constraint='foo')", "Dense(2, activity_regularizer='l1l2')",
    "Dense(2, activity_regularizer=0.1)", "Dense(2, bias_regularizer={'class_name': 'L2'})",
]
ACTIVATION = [
    f"Activation({a!r})" for a in ("relu", "softmax", "linear", "swish", "hard_swish", "gelu",
                                   "tanh", "leaky_relu", "sparsemax", "threshold")
] + ["Activation(None)", "Activation('Relu')", "Activation('foo')", "Activation(1)",
     "Activation()", "Activation('relu', foo=2)"]
IDENTITY = ["Identity()", "Identity(name='x')", "Identity(1)", "Identity(foo=1)"]


@pytest.mark.parametrize("src, shape", itertools.product(DENSE + ACTIVATION + IDENTITY, SHAPES))
def test_core_layers_match_keras(src, shape):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        assert layerlint_layer(src, shape) == keras_layer(src, shape)


# --- symbolic (fixed but unknown) dims --------------------------------------------------------------


def _run(src: str, shape: tuple):
    from catalogue_harness import snake

    from layerlint.layers.base import bind

    call = parse_call(src)
    spec = lookup("keras", call.kind)
    args = bind(spec, call, snake(call.kind))
    if spec.validate:
        spec.validate(args)
    return spec.call(args, shape)


def test_dense_on_symbolic_features_has_unknown_params():
    out = _run("Dense(4)", (None, "n_features"))
    assert out.shape == (None, 4) and out.params is None


def test_dense_keeps_symbolic_leading_axes():
    assert _run("Dense(4)", (None, "T", 3)).shape == (None, "T", 4)


def test_dense_with_unknown_units_is_unmodelled():
    call = Call("Dense", "keras.layers.Dense", (UNKNOWN,), {}, Span(1, 1, 1, 1))
    from layerlint.layers.base import bind

    spec = lookup("keras", "Dense")
    args = bind(spec, call, "dense")
    with pytest.raises(Unmodelled):
        spec.validate(args)


def test_unknown_activation_is_not_an_error():
    call = Call("Activation", "keras.layers.Activation", (UNKNOWN,), {}, Span(1, 1, 1, 1))
    from layerlint.layers.base import bind

    spec = lookup("keras", "Activation")
    args = bind(spec, call, "activation")
    spec.validate(args)
    assert spec.call(args, (None, "T", 3)).shape == (None, "T", 3)


# --- the model input: keras.Input / keras.layers.InputLayer -----------------------------------

INPUTS = [
    "Input((10,))", "Input(10)", "Input([10, None])", "Input(shape=(10,), batch_size=32)",
    "Input(batch_shape=(4, 10))", "Input(shape=(10,), batch_shape=(None, 10))",
    "Input(batch_size=3, batch_shape=(None, 10))", "Input()", "Input(input_shape=(10,))",
    "Input((10,), 4)", "Input(('a', 3))", "Input((2.0, 3))", "Input((-1, 3))", "Input((0, 3))",
    "Input(shape=(10,), batch_size='a')", "Input(shape=(10,), batch_size=-2)",
    "Input(shape=(10,), batch_size=2.0)", "Input(shape=None)", "Input(shape=(10,), dtype='foo')",
    "Input(shape=(10,), dtype='int32')", "Input(shape=(10,), dtype='int')", "Input(shape='ab')",
    "Input(batch_shape=5)", "Input(())", "Input(batch_shape=())", "Input((True, 3))",
    "Input((10,), None, 'float32', None, None, None, 'x', None, False, 1)",
    "Input((5, 3), name='x')", "Input(shape=(None, None, 3))", "Input(batch_shape=[None, 3])",
    "Input((3,), shape=(3,))", "Input((28, 28, 1), 16, 'float32')",
    "InputLayer(input_shape=(10,))", "InputLayer(batch_input_shape=(None, 10))",
    "InputLayer((10,))", "InputLayer(foo=3, shape=(4,))", "InputLayer(input_dim=3, shape=(4,))",
    "InputLayer(shape=(4,), input_shape=(5,))", "InputLayer(batch_input_shape=(2,5), shape=(5,))",
    "InputLayer(input_shape=(5,), batch_input_shape=(2,5))",
    "InputLayer(input_shape=(5,), batch_size=2)", "InputLayer(trainable=False, shape=(5,))",
    "InputLayer()", "InputLayer((3,), 2, 'float32', None, None, None, None, False, 'n', 3)",
    "InputLayer((3,), 2, 'float32', None, None, None, None, False, 'n')",
    "InputLayer(batch_shape=(7, 2, 3))", "InputLayer(shape=5)", "InputLayer(shape=(5,), dtype='x')",
]


def _keras_input(src: str):
    keras = _keras()
    ns = {"Input": keras.Input, "InputLayer": keras.layers.InputLayer}
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            result = eval(src, ns)
    except (TypeError, ValueError) as e:
        return f"{type(e).__name__}: {e}"
    return tuple(result.batch_shape if hasattr(result, "batch_shape") else result.shape)


@pytest.mark.parametrize("src", INPUTS)
def test_input_batch_shape_matches_keras(src):
    expected = _keras_input(src)
    try:
        ours = input_batch_shape(parse_call(src))
    except LayerError as e:
        assert e.code == "LL105"
        assert isinstance(expected, str), f"Keras accepts {src}: {expected}"
        assert e.framework == expected.rstrip() or e.framework == expected
        return
    assert ours == expected


def _input(*args, **kwargs) -> Call:
    return Call("Input", "keras.Input", args, kwargs, Span(1, 1, 1, 1))


def test_input_with_unknown_dimension_gives_symbolic_dim():
    assert input_batch_shape(_input((UNKNOWN, 10))) == (None, "?", 10)


def test_input_with_unknown_shape_is_unmodelled():
    with pytest.raises(Unmodelled):
        input_batch_shape(_input(UNKNOWN))
    with pytest.raises(Unmodelled):
        input_batch_shape(_input(batch_shape=UNKNOWN))


def test_input_unknown_batch_size():
    assert input_batch_shape(_input((10,), UNKNOWN)) == ("?", 10)
    # it may be None in reality, and then batch_shape= is legal: no conflict is reported
    with pytest.raises(Unmodelled):
        input_batch_shape(_input(batch_size=UNKNOWN, batch_shape=(None, 10)))


def test_input_from_a_tensor_is_unmodelled():
    with pytest.raises(Unmodelled):
        input_batch_shape(_input(tensor=Call("Input", "keras.Input", ((3,),), {}, Span(1, 1, 1, 1))))


def test_input_sparse_and_ragged_are_backend_dependent_so_accepted():
    # Keras on torch rejects both; on TensorFlow they are legal. layerlint does not know the
    # backend, so it must not report them.
    assert input_batch_shape(_input((10,), sparse=True)) == (None, 10)
    assert input_batch_shape(_input((10,), ragged=True)) == (None, 10)


# --- unknown is never an error --------------------------------------------------------------


def _unknown_cases():
    for name, (src, shape) in sorted(FAMILY_ENTRIES.items()):
        spec = lookup("keras", name)
        for param in [p.name for p in spec.signature] + ["activity_regularizer"]:
            yield name, src, shape, param


@pytest.mark.parametrize("name, src, shape, param", list(_unknown_cases()))
def test_an_unknown_argument_is_never_an_error(name, src, shape, param):
    from catalogue_harness import snake

    from layerlint.layers.base import bind

    spec = lookup("keras", name)
    call = parse_call(src)
    positional = [p.name for p in spec.signature if not p.keyword_only]
    kwargs = {**dict(zip(positional, call.args)), **call.kwargs, param: UNKNOWN}
    if param not in {p.name for p in spec.signature} | set(spec.base_kwargs):
        pytest.skip(f"{name} does not take {param}")
    call = Call(call.kind, call.qualname, (), kwargs, call.span)
    args = bind(spec, call, snake(name))
    try:
        if spec.validate:
            spec.validate(args)
        out = spec.call(args, shape)
    except Unmodelled:
        return
    assert out.shape is not None


@pytest.mark.parametrize("name", sorted(FAMILY_ENTRIES))
def test_symbolic_dims_are_never_an_error(name):
    src, shape = FAMILY_ENTRIES[name]
    symbolic = (shape[0], *("?" for _ in shape[1:]))
    try:
        out = _run(src, symbolic)
    except Unmodelled:
        return
    assert out.shape is not None and len(out.shape) >= 1


@pytest.mark.parametrize(
    "src, shape, code",
    [
        ("Dense(4)", (None, 3, None), "LL106"),
        ("Dense(4)", (None,), "LL101"),
        ("RepeatVector(2)", (None, 3, 4), "LL101"),
        ("Permute((2, 1))", (None, 3), "LL101"),
        ("SpatialDropout2D(0.5)", (None, 3, 4), "LL101"),
        ("Reshape((5, -1))", (None, 12), "LL104"),
        ("BatchNormalization(axis=3)", (None, 3, 4), "LL105"),
        ("GroupNormalization(3)", (None, 8), "LL102"),
        ("GroupNormalization(2)", (None, None), "LL106"),
        ("PReLU()", (None, None, 4), "LL106"),
    ],
)
def test_rule_codes(src, shape, code):
    with pytest.raises(LayerError) as info:
        _run(src, shape)
    assert info.value.code == code
