"""Keras merge layers (Add, Subtract, Multiply, Average, Maximum, Minimum, Concatenate, Dot)
against real Keras 3: each case is the layer called on a list of Inputs in a functional Model.
Verdict and stage, output shape and weights, and Keras' own message (exactly, or up to Keras'
trailing "Arguments received" for the errors it wraps) on hand-picked and seeded random cases.
"""

from __future__ import annotations

import warnings

import pytest
from catalogue_harness import (
    keras_error,
    keras_layer,
    layerlint_error,
    layerlint_layer,
    parse_call,
)
from merge_cases import HAND, random_cases, unknown_sizes_never_raise

from layerlint.layers.base import Args, LayerError, Unmodelled, bind, lookup
from layerlint.layers.keras.merging import FUNCTIONAL_FORMS, called_on_one_tensor
from layerlint.pipeline import check_source

pytestmark = pytest.mark.keras3

RANDOM = random_cases(600, seed=20261206)
CASES = HAND + RANDOM


def _ids(cases: list) -> list[str]:
    return [f"{src}-{shapes}" for src, shapes in cases]


@pytest.mark.parametrize(("src", "shapes"), CASES, ids=_ids(CASES))
def test_merge_layer_matches_keras(src: str, shapes: list[tuple]) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ours, theirs = layerlint_layer(src, shapes), keras_layer(src, shapes)
        assert ours == theirs
        if ours.error is not None and not rejected_by_binding(src):
            assert_same_message(layerlint_error(src, shapes).framework, keras_error(src, shapes))


def rejected_by_binding(src: str) -> bool:
    """Binding messages are base.bind's (its own tests), e.g. Keras names the class defining
    ``__init__`` (``Merge.__init__() takes 1 positional argument``)."""
    call = parse_call(src)
    try:
        bind(lookup("keras", call.kind), call, "layer")
    except LayerError:
        return True
    return False


def assert_same_message(ours: str, theirs: str) -> None:
    """Keras' text, exactly; an error Keras wraps ("Exception encountered when calling
    Dot.call()") is followed by the call's arguments, which layerlint does not repeat."""
    if "Exception encountered when calling" in ours:
        assert theirs.startswith(ours) and theirs[len(ours):].startswith("\n\nArguments")
    else:
        assert ours == theirs


def test_the_random_cases_cover_every_outcome() -> None:
    """The generator is not one-sided: each layer both builds and fails, at either stage."""
    outcomes = {(src.split("(")[0], layerlint_layer(src, shapes).error)
                for src, shapes in RANDOM}
    for kind in ("Add", "Subtract", "Multiply", "Average", "Maximum", "Minimum",
                 "Concatenate", "Dot"):
        assert {(kind, None), (kind, "build")} <= outcomes, kind
    assert len(RANDOM) == 600
    errors = sum(layerlint_layer(src, shapes).error is not None for src, shapes in RANDOM)
    assert 100 < errors < 450


@pytest.mark.parametrize(("src", "shapes", "code"), [
    ("Add()", [(None, 3), (None, 4)], "LL102"),
    ("Add()", [(2, 3), (4, 3)], "LL102"),
    ("Subtract()", [(None, 3), (None, 3), (None, 3)], "LL101"),
    ("Concatenate()", [(None, 3), (None, 2, 3)], "LL101"),
    ("Concatenate()", [(None, 2, 3), (None, 5, 4)], "LL102"),
    ("Concatenate(axis=-4)", [(None, 3, 2), (None, 4, 2)], "LL105"),
    ("Dot(1)", [(None, 3), (None, 4)], "LL102"),
    ("Dot(1)", [(None, 3)], "LL101"),
    ("Dot(2)", [(None, 3), (None, 3)], "LL105"),
    ("Dot((1, 2, 3))", [(None, 3), (None, 3)], "LL105"),
])
def test_rule_codes(src: str, shapes: list[tuple], code: str) -> None:
    assert layerlint_error(src, shapes).code == code


def _call(kind: str, shapes: tuple, **values) -> tuple:
    spec = lookup("keras", kind)
    assert spec is not None and spec.inputs == "list"
    defaults = {p.name: p.default for p in spec.signature}
    return spec.call(Args(kind, {**defaults, **values, "name": kind.lower()}), shapes).shape


def test_unknown_rank_is_unmodelled_but_dot_counts_its_inputs() -> None:
    with pytest.raises(Unmodelled):
        _call("Add", ((None, 3), None))
    with pytest.raises(Unmodelled):
        _call("Concatenate", (None, (None, 3)), axis=-1)
    with pytest.raises(LayerError) as info:
        _call("Dot", ((None, 3), None, (None, 3)), axes=1)
    assert info.value.code == "LL101"


def test_sizes_unknown_to_layerlint_never_prove_a_mismatch() -> None:
    assert _call("Add", ((None, "F"), (None, 4))) == (None, 4)
    assert _call("Add", ((None, "F"), (None, 1))) == (None, "F")
    assert _call("Add", ((None, "F"), (None, "G"))) == (None, "?")
    assert _call("Concatenate", ((None, "T", 3), (None, 5, 4)), axis=-1) == (None, "T", 7)
    assert _call("Concatenate", ((None, 3, "F"), (None, 3, 4)), axis=-1) == (None, 3, "?")
    assert _call("Dot", ((None, "F"), (None, 4)), axes=1) == (None, 1)
    with pytest.raises(LayerError):  # a fixed size is never Keras' free None
        _call("Dot", ((None, "F"), (None, None)), axes=1)


def test_in_a_sequential_a_merge_layer_gets_one_tensor() -> None:
    """Keras 3 rejects it when the Sequential is built; layerlint says so at that line."""
    import keras

    for src in ("Add()", "Concatenate()", "Dot(1)"):
        script = ("import keras\nmodel = keras.Sequential([keras.Input((3,)), "
                  f"keras.layers.{src}])\n")
        layer = eval(f"keras.layers.{src}")
        with pytest.raises(ValueError) as real:
            keras.Sequential([keras.Input((3,)), layer])
        errors = [d for d in check_source(script, "m.py").diagnostics if d.severity == "error"]
        assert [(d.code, d.span.line, d.stage) for d in errors] == [("LL101", 2, "construct")]
        assert errors[0].framework_error == f"ValueError: {real.value}"


def test_called_on_one_tensor_names_the_layer_kind() -> None:
    error = called_on_one_tensor(Args("Multiply", {"name": "multiply"}), (None, 3, 4))
    assert error.framework.endswith("input_shape=(None, 3, 4) (not a list of shapes)")


def test_a_list_or_dict_axis_is_not_followed() -> None:
    """Keras keeps them as TrackedList / TrackedDict, whose names its TypeError shows."""
    with pytest.raises(Unmodelled):
        _call("Concatenate", ((None, 3), (None, 4)), axis=[1])


def test_a_wrapped_merge_layer_is_not_followed() -> None:
    with pytest.raises(Unmodelled):
        layerlint_layer("TimeDistributed(Add())", (None, 3, 4))


@pytest.mark.parametrize("function", sorted(FUNCTIONAL_FORMS))
def test_functional_forms_are_keras_own(function: str) -> None:
    """``keras.layers.add(inputs, **kwargs)`` & co: the signature and the layer it calls."""
    import inspect

    import keras

    kind, params = FUNCTIONAL_FORMS[function]
    form = getattr(keras.layers, function)
    assert str(inspect.signature(form)) == f"(inputs, {params + ', ' if params else ''}**kwargs)"
    inputs = [keras.Input((3,)), keras.Input((3,))]
    assert type(form(inputs)._keras_history.operation).__name__ == kind


def test_a_size_unknown_to_layerlint_never_raises() -> None:
    """Unknown is never an error: on every random case Keras builds (the differential test
    pins layerlint's outcome to Keras'), any one known size made unknown gives no error and an
    output that agrees with Keras' wherever it is known."""
    assert unknown_sizes_never_raise(layerlint_layer, RANDOM) > 1000
