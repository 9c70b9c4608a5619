"""Keras merge layers (keras/src/layers/merging/): Add, Subtract, Multiply, Average, Maximum,
Minimum, Concatenate, Dot. They are called on a list of tensors: registered with
``inputs="list"``, their ``x`` is the tuple of the input shapes.

Measured with Keras 3.15.1 (torch backend) and tf_keras 2.21 on
``Model([Input(batch_shape=s), ...], Layer(...)([...]))``:

* The shapes are checked when the layer is called on the symbolic tensors (its ``build``), so
  a functional model fails at the line calling the layer. What fails later, while Keras 3
  computes the output shape, is wrapped in "Exception encountered when calling Add.call()".
* A list of one tensor is accepted (``Add()([x])`` is ``x``); Subtract and Dot need exactly
  two. An empty list fails with whatever Python raises inside Keras.
* Element-wise layers broadcast the axes after the batch axis as NumPy does (trailing axes
  aligned, 1 stretches, None matches anything) and reject two different known batch sizes.
  Keras 3's output is None wherever one input is None; tf.keras 2 runs TensorFlow's broadcast,
  where a known size wins over None.
* Concatenate deletes ``axis`` from each shape exactly as written (a positive axis beyond the
  rank deletes nothing; a negative one beyond it raises IndexError) and compares the rest, None
  matching anything. Keras 3's output copies the first input except on the axis; tf.keras 2
  merges every input's known sizes (TensorFlow's concat).
* Dot compares the two summed axes strictly (None != 3 is an error). Keras 3 then only computes
  the output shape; tf.keras 2 runs ``batch_dot``, which also rejects rank-1 inputs, an axis 0
  and two different batch sizes.
* Where Keras trips over an argument (a float axis, an axis out of range), the entry performs
  the same list operations on the same value, so Python words the error as it does in Keras.

Sizes unknown to layerlint (str dims) never prove a mismatch; an input of unknown rank (None)
makes the output unknown (only Dot's count of inputs is checked without the ranks). A rank-0
input (no batch axis) is not followed either.

Functional forms (``keras.layers.add([a, b])``): :data:`FUNCTIONAL_FORMS`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ...shapes import UNKNOWN_DIM, Dim, Shape, format_shape
from ..base import Args, LayerError, Out, Unmodelled, keras_layer
from .conv import wrapped_call_error
from .image_keras2 import call_error as keras2_call_error

Shapes = tuple[Shape | None, ...]

# keras.layers.<function>(inputs, ...) -> (the layer class it calls, its extra parameters), the
# same in Keras 3.15 and tf_keras 2.21 except ``dot``, whose ``axes`` has a default in Keras 3
# only (tf_keras: ``dot(inputs, axes, normalize=False, **kwargs)``).
FUNCTIONAL_FORMS: dict[str, tuple[str, str]] = {
    "add": ("Add", ""),
    "subtract": ("Subtract", ""),
    "multiply": ("Multiply", ""),
    "average": ("Average", ""),
    "maximum": ("Maximum", ""),
    "minimum": ("Minimum", ""),
    "concatenate": ("Concatenate", "axis=-1"),
    "dot": ("Dot", "axes=-1"),
}
KERAS2_FUNCTIONAL_FORMS: dict[str, tuple[str, str]] = {
    **FUNCTIONAL_FORMS, "dot": ("Dot", "axes, normalize=False")}

# Argument values whose behaviour inside Keras' list operations Python reproduces exactly (Keras
# keeps a list or dict attribute as its own TrackedList / ListWrapper, worded otherwise).
_LITERAL_TYPES = (bool, int, float, str, type(None), tuple)


# --- shared pieces ------------------------------------------------------------------------------


def _listed(xs: Shapes) -> str:
    """A list of shapes as Keras prints ``input_shape`` (a Python list of tuples)."""
    return "[" + ", ".join(format_shape(s) for s in xs) + "]"


def _followed(a: Args, xs: Shapes) -> tuple[Shape, ...]:
    """The input shapes, or Unmodelled when one's rank is unknown or 0 (no batch axis)."""
    if any(s is None for s in xs):
        raise Unmodelled(f"{a.layer_type} of a tensor of unknown rank")
    if any(len(s) == 0 for s in xs):  # type: ignore[arg-type]
        raise Unmodelled(f"{a.layer_type} of a rank-0 tensor")
    return xs  # type: ignore[return-value]


def _no_inputs(a: Args, framework: str) -> LayerError:
    return LayerError("LL101", f"{a.layer_type} is called on an empty list of tensors",
                      framework, expected="at least 1 input", found="0 inputs")


def _count_error(a: Args, xs: Shapes, framework: str) -> LayerError:
    return LayerError("LL101", f"{a.layer_type} takes exactly 2 tensors but is called on "
                      f"{len(xs)}: {_listed(xs)}", framework,
                      expected="2 inputs", found=f"{len(xs)} inputs")


def _literal(a: Args, arg: str) -> Any:
    """An argument Keras uses in list operations, when Python can replay them on it."""
    value = getattr(a, arg)
    if not isinstance(value, _LITERAL_TYPES) or (isinstance(value, str) and "%" in value):
        raise Unmodelled(f"{a.layer_type}({arg}={value!r})")  # '%' would format a string
    return value


def _python_error(a: Args, arg: str, error: Exception, framework: str) -> LayerError:
    return LayerError("LL105", f"{a.layer_type}: {arg}={getattr(a, arg)!r} does not fit its "
                      f"inputs ({type(error).__name__}: {error})", framework, arg=arg)


def _same(d1: Dim, d2: Dim) -> bool | None:
    """Whether two sizes are equal: None (the framework's free size) is a value of its own;
    a size unknown to layerlint (str) equals only itself, else undecided (None)."""
    if isinstance(d1, str) or isinstance(d2, str):
        if d1 == d2:
            return True
        return False if d1 is None or d2 is None else None
    return d1 == d2


def _either(d1: Dim, d2: Dim) -> Dim:
    """One of two sizes the framework has found equal (one unknown to layerlint may be either)."""
    if isinstance(d1, int) or d1 == d2:
        return d1
    if isinstance(d2, int):
        return d2
    return UNKNOWN_DIM


def _tf_merge(d1: Dim, d2: Dim) -> Dim:
    """TensorFlow's merge of two sizes known to be compatible: a known size wins over None."""
    if d1 is None:
        return d2
    if d2 is None:
        return d1
    return _either(d1, d2)


# --- element-wise: Add, Subtract, Multiply, Average, Maximum, Minimum --------------------------


class _Incompatible(Exception):
    pass


def _keras_dim(i: Dim, j: Dim) -> Dim:
    """One axis of Merge._compute_elemwise_op_output_shape."""
    if i is None or j is None:
        return None
    if isinstance(i, int) and isinstance(j, int):
        if i == 1:
            return j
        if j == 1 or i == j:
            return i
        raise _Incompatible
    if i == j:
        return i
    if i == 1:
        return j
    if j == 1:
        return i
    # a size unknown to layerlint against another size: equal unless Keras raises
    return i if isinstance(i, int) else j if isinstance(j, int) else UNKNOWN_DIM


def _elementwise_shape(a: Args, shape1: Shape, shape2: Shape) -> Shape:
    """Merge._compute_elemwise_op_output_shape: trailing axes aligned, the longer shape first."""
    if len(shape1) < len(shape2):
        return _elementwise_shape(a, shape2, shape1)
    if not shape2:
        return shape1
    try:
        tail = tuple(_keras_dim(i, j) for i, j in zip(shape1[-len(shape2):], shape2))
    except _Incompatible:
        raise LayerError(
            "LL102",
            f"{a.layer_type} cannot combine tensors of shapes {format_shape(shape1)} and "
            f"{format_shape(shape2)} (after the batch axis): their sizes differ and neither is 1",
            "ValueError: Inputs have incompatible shapes. Received shapes "
            f"{format_shape(shape1)} and {format_shape(shape2)}",
            expected=format_shape(shape1), found=format_shape(shape2)) from None
    return shape1[:-len(shape2)] + tail


def _batch_size(a: Args, xs: tuple[Shape, ...], words: str) -> Dim:
    """Merge.build's batch check; the batch size Keras 3 gives the output."""
    known = {s[0] for s in xs if isinstance(s[0], int)}
    if len(known) > 1:
        raise LayerError(
            "LL102", f"{a.layer_type} cannot merge tensors of different batch sizes "
            f"{', '.join(map(str, sorted(known)))}: {_listed(xs)}",
            f"ValueError: Cannot merge tensors with different batch sizes. {words} tensors with "
            f"shapes {_listed(xs)}", found=_listed(xs))
    unknown = {s[0] for s in xs if isinstance(s[0], str)}
    if known:
        return known.pop()
    return unknown.pop() if len(unknown) == 1 else UNKNOWN_DIM if unknown else None


def _tf_broadcast_dim(x: Dim, y: Dim) -> Dim:
    """TensorFlow's broadcast of two sizes Keras has found compatible."""
    for d, other in ((x, y), (y, x)):
        if isinstance(d, int) and d > 1:
            return d
    if x == 1:
        return y
    if y == 1:
        return x
    if x == 0 or y == 0:
        return 0
    if x is None and y is None:
        return None
    if x is None or y is None:  # free in TensorFlow, or the other's fixed size: cannot tell
        return UNKNOWN_DIM
    return _either(x, y)


def _tf_broadcast(xs: tuple[Shape, ...]) -> Shape:
    """tf_keras _Merge.call: ranks evened out with 1s after the batch axis, then TensorFlow's
    pairwise broadcast, left to right."""
    rank = max(len(s) for s in xs)
    padded = [(s[0], *(1,) * (rank - len(s)), *s[1:]) for s in xs]
    out = padded[0]
    for s in padded[1:]:
        out = tuple(_tf_broadcast_dim(x, y) for x, y in zip(out, s))
    return out


def _elementwise(exactly_two: bool = False, *, keras2: bool = False) -> Callable[[Args, Shapes],
                                                                                Out]:
    def call(a: Args, xs: Shapes) -> Out:
        if not xs:
            raise _no_inputs(a, "IndexError: tuple index out of range" if keras2
                             else "TypeError: 'NoneType' object is not subscriptable")
        xs = _followed(a, xs)
        batch = _batch_size(a, xs, "Got" if keras2 else "Received")
        out = xs[0][1:]
        for s in xs[1:]:
            out = _elementwise_shape(a, out, s[1:])
        if exactly_two and len(xs) != 2:
            raise _count_error(a, xs, "ValueError: A `Subtract` layer should be called on "
                               f"exactly 2 inputs. Received: input_shape={_listed(xs)}")
        return Out(_tf_broadcast(xs) if keras2 else (batch, *out))

    return call


for _name in ("Add", "Multiply", "Average", "Maximum", "Minimum"):
    keras_layer(_name, "", inputs="list", supports_masking=True)(_elementwise())
keras_layer("Subtract", "", inputs="list", supports_masking=True)(_elementwise(True))


# --- Concatenate --------------------------------------------------------------------------------


def _concatenate(keras2: bool) -> Callable[[Args, Shapes], Out]:
    def call(a: Args, xs: Shapes) -> Out:
        if not xs:
            raise _no_inputs(a, "ValueError: A `Concatenate` layer should be called on a list "
                             "of at least 1 input. Received: input_shape=()" if keras2
                             else "TypeError: object of type 'NoneType' has no len()")
        xs = _followed(a, xs)
        axis = _literal(a, "axis")
        reduced = [list(s) for s in xs]
        try:  # Concatenate.build, on the value as written
            for dims in reduced:
                if keras2:
                    del dims[axis]
                else:
                    axis % len(dims)  # noqa: B018 - Keras 3 computes it (and may raise here)
                    if len(dims) > axis:
                        del dims[axis]
        except (TypeError, IndexError, ZeroDivisionError) as error:
            raise _python_error(a, "axis", error, f"{type(error).__name__}: {error}") from None
        _check_concatenated(a, xs, reduced)
        if keras2:
            return Out(_tf_concat(xs, axis))
        out = list(xs[0])
        try:  # Concatenate.compute_output_shape
            for s in xs[1:]:
                if out[axis] is None or s[axis] is None:
                    out[axis] = None
                    break
                total = out[axis], s[axis]
                out[axis] = sum(total) if all(isinstance(d, int) for d in total) else UNKNOWN_DIM
        except (TypeError, IndexError) as error:
            raise _python_error(a, "axis", error, wrapped_call_error(
                a, type(error).__name__, str(error))) from None
        return Out(tuple(out))

    return call


def _check_concatenated(a: Args, xs: tuple[Shape, ...], reduced: list[list[Dim]]) -> None:
    """The shapes without the concatenation axis must agree: same rank, and no two different
    known sizes on any axis (None, and sizes unknown to layerlint, match anything)."""
    framework = ("ValueError: A `Concatenate` layer requires inputs with matching shapes except "
                 f"for the concatenation axis. Received: input_shape={_listed(xs)}")
    ranks = {len(dims) for dims in reduced}
    if len(ranks) > 1:
        raise LayerError("LL101", f"Concatenate needs tensors of the same rank but receives "
                         f"{_listed(xs)}", framework, found=_listed(xs))
    for position in range(ranks.pop()):
        sizes = {dims[position] for dims in reduced if isinstance(dims[position], int)}
        if len(sizes) > 1:
            raise LayerError(
                "LL102", f"Concatenate needs the same sizes on every axis but the one it joins "
                f"(axis={a.axis}); it receives {_listed(xs)}", framework,
                expected=str(min(sizes)), found=_listed(xs))


def _tf_concat(xs: tuple[Shape, ...], axis: int) -> Shape:
    """TensorFlow's concat: the joined axis adds up, the others merge their known sizes."""
    rank = len(xs[0])
    axis = axis % rank if axis < 0 else int(axis)
    out: list[Dim] = []
    for position in range(rank):
        sizes = [s[position] for s in xs]
        if position == axis:
            out.append(None if None in sizes else sum(sizes)  # type: ignore[arg-type]
                       if all(isinstance(d, int) for d in sizes) else UNKNOWN_DIM)
        else:
            merged = sizes[0]
            for d in sizes[1:]:
                merged = _tf_merge(merged, d)
            out.append(merged)
    return tuple(out)


keras_layer("Concatenate", "axis=-1", inputs="list",
            supports_masking=True)(_concatenate(keras2=False))


# --- Dot ----------------------------------------------------------------------------------------


def _dot_arguments(a: Args) -> None:
    """Dot.__init__'s checks of ``axes`` (the same in Keras 3 and tf.keras 2)."""
    try:
        axes = a.axes
    except Unmodelled:
        return
    if isinstance(axes, int):
        return
    if not isinstance(axes, (list, tuple)):
        raise LayerError("LL105", f"Dot: axes must be an int or a pair of ints, got {axes!r}",
                         "TypeError: Invalid type for argument `axes`: it should be a list or an "
                         f"int. Received: axes={axes}", arg="axes")
    if len(axes) != 2:
        raise LayerError("LL105", f"Dot: axes must name one axis of each input, got {axes!r}",
                         "ValueError: Invalid format for argument `axes`: it should contain two "
                         f"elements. Received: axes={axes}", arg="axes")
    if not all(isinstance(axis, int) for axis in axes):
        raise LayerError("LL105", f"Dot: axes must be integers, got {axes!r}",
                         "ValueError: Invalid format for argument `axes`: list elements should "
                         f"be integers. Received: axes={axes}", arg="axes")


def _dot_axes(axes: Any, shape1: Shape, shape2: Shape) -> list[int]:
    """Dot.build / compute_output_shape: a negative int counts from each input's end; a pair is
    used as written."""
    if isinstance(axes, int):
        return [axes % len(shape1), axes % len(shape2)] if axes < 0 else [axes] * 2
    return list(axes)


def _dot(keras2: bool) -> Callable[[Args, Shapes], Out]:
    def call(a: Args, xs: Shapes) -> Out:
        if not xs:
            raise _no_inputs(a, "IndexError: tuple index out of range" if keras2
                             else "TypeError: 'NoneType' object is not subscriptable")
        if len(xs) != 2:
            raise _count_error(a, xs, "ValueError: A `Dot` layer should be called on a list of "
                               f"2 inputs. Received: input_shape={_listed(xs)}")
        shape1, shape2 = _followed(a, xs)
        axes = _dot_axes(a.axes, shape1, shape2)
        try:  # Dot.build
            d1, d2 = shape1[axes[0]], shape2[axes[1]]
        except IndexError as error:
            raise _python_error(a, "axes", error, f"IndexError: {error}") from None
        if _same(d1, d2) is False:
            raise LayerError(
                "LL102", f"Dot sums axis {axes[0]} of {format_shape(shape1)} against axis "
                f"{axes[1]} of {format_shape(shape2)}, whose sizes differ ({d1} and {d2})",
                f"ValueError: Incompatible input shapes: axis values {d1} (at axis {axes[0]}) != "
                f"{d2} (at axis {axes[1]}). Full input shapes: {format_shape(shape1)}, "
                f"{format_shape(shape2)}", expected=str(d1), found=str(d2))
        if keras2:
            return Out(_batch_dot(a, shape1, shape2))
        out1, out2 = list(shape1), list(shape2)
        try:  # Dot.compute_output_shape
            out1.pop(axes[0])
            out2.pop(axes[1])
            out2.pop(0)
        except IndexError as error:
            raise _python_error(a, "axes", error,
                                wrapped_call_error(a, "IndexError", str(error))) from None
        out = out1 + out2
        return Out(tuple(out) if len(out) != 1 else (*out, 1))

    return call


def _batch_dot(a: Args, shape1: Shape, shape2: Shape) -> Shape:
    """tf_keras Dot._merge_function and backend.batch_dot: their checks, TensorFlow's shape."""
    axes = a.axes
    if isinstance(axes, int):
        axes = [axes % len(shape1), axes % len(shape2)] if axes < 0 else [axes] * 2
    else:
        axes = [ax % len(s) if ax < 0 else ax for ax, s in zip(axes, (shape1, shape2))]
    shown = f"{format_shape(shape1)} and {format_shape(shape2)}"
    if len(shape1) < 2 or len(shape2) < 2:
        raise LayerError(
            "LL101", f"Dot in tf.keras 2 needs inputs of at least 2 axes; it receives {shown}",
            keras2_call_error(a, "Cannot do batch_dot on inputs with rank < 2. Received inputs "
                              f"with shapes {shown}."), expected="at least 2-D inputs",
            found=shown)
    if isinstance(shape1[0], int) and isinstance(shape2[0], int) and shape1[0] != shape2[0]:
        raise LayerError(
            "LL102", f"Dot cannot combine batches of {shape1[0]} and {shape2[0]} samples",
            keras2_call_error(a, "Cannot do batch_dot on inputs with different batch sizes. "
                              f"Received inputs with shapes {shown}."),
            expected=str(shape1[0]), found=str(shape2[0]))
    if 0 in axes:
        raise LayerError(
            "LL105", f"Dot cannot sum over the batch axis (axes={a.axes!r})",
            keras2_call_error(a, "Cannot perform batch_dot over axis 0. If your inputs are not "
                              "batched, add a dummy batch dimension to your inputs using "
                              "K.expand_dims(x, 0)"), arg="axes")
    rest1 = [d for i, d in enumerate(shape1) if i != axes[0]][1:]
    rest2 = [d for i, d in enumerate(shape2) if i != axes[1]][1:]
    out = [_tf_broadcast_dim(shape1[0], shape2[0]), *rest1, *rest2]  # matmul's batch axes
    return tuple(out) if len(out) != 1 else (*out, 1)


keras_layer("Dot", "axes, normalize=False", inputs="list", validate=_dot_arguments,
            supports_masking=True)(_dot(keras2=False))


def called_on_one_tensor(a: Args, x: Shape) -> LayerError:
    """A merge layer handed one tensor instead of a list (in a Sequential): Merge.build's,
    Concatenate.build's or Dot.build's rejection, worded alike in Keras 3 and tf.keras 2."""
    shown = format_shape(x)
    if a.layer_type == "Concatenate":
        framework = ("ValueError: A `Concatenate` layer should be called on a list of at least 1 "
                     f"input. Received: input_shape={shown}")
    elif a.layer_type == "Dot":
        framework = ("ValueError: A `Dot` layer should be called on a list of 2 inputs. "
                     f"Received: input_shape={shown}")
    else:
        framework = ("ValueError: A merge layer should be called on a list of inputs. Received: "
                     f"input_shape={shown} (not a list of shapes)")
    return LayerError("LL101", f"{a.layer_type} combines a list of tensors but receives the "
                      f"single tensor {shown}", framework, expected="a list of tensors",
                      found=shown)


# tf.keras 2's calls, by layer (replay/keras/keras2.py gives the entries these calls in that dialect).
KERAS2_CALLS: dict[str, Callable[[Args, Shapes], Out]] = {
    **{name: _elementwise(keras2=True) for name in ("Add", "Multiply", "Average", "Maximum",
                                                     "Minimum")},
    "Subtract": _elementwise(True, keras2=True),
    "Concatenate": _concatenate(keras2=True),
    "Dot": _dot(keras2=True),
}
