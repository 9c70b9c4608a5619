"""The catalogue's vocabulary: how one layer is described.

A catalogue entry is a function ``call(a, x) -> Out`` registered with its framework signature::

    @keras_layer("Dense", "units, activation=None, use_bias=True, ...")
    def dense(a: Args, x: Shape) -> Out:
        require_ndim(a, x, min_ndim=2)
        features = require_defined(a, x, -1)
        return Out(x[:-1] + (a.units,), params=features * a.units + a.units * a.use_bias)

* ``a`` holds the bound arguments. Reading one layerlint could not evaluate raises
  :class:`Unmodelled`; analysis then treats the layer's output as unknown (never an error).
* ``x`` is the input shape, batch axis first, never ``None`` (analysis does not call an entry
  on an input of unknown rank).
* Violations raise :class:`LayerError` carrying the rule code, layerlint's explanation and the
  framework's own message, so users recognise it.
* ``validate(a)`` (optional) runs when the layer object is *created*, the way the framework's
  ``__init__`` rejects bad arguments before any model exists.

Layers called on a *list* of tensors (Keras' merge layers: ``Add()([a, b])``,
``Concatenate()([a, b, c])``) are registered with ``inputs="list"``. Their ``x`` is then a
tuple of input shapes, one per tensor of the list in order (``()`` for an empty list); each is
a shape as above (batch axis first) or ``None`` when its rank is unknown. Such an entry checks
what it can and raises :class:`Unmodelled` for what it cannot follow. Callers pass
``spec.call(args, (shape_a, shape_b, ...))`` for them and ``spec.call(args, shape)`` for the
others (``LayerSpec.inputs`` says which).
"""

from __future__ import annotations

import ast
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any, NamedTuple

from ..ir import PLAIN_TYPES, UNKNOWN, Span
from ..shapes import Dim, Shape, format_shape, is_known
from ..shown import type_text


class Unmodelled(Exception):
    """A value the entry needs is unknown to layerlint: the output becomes unknown."""

    def __init__(self, what: str) -> None:
        super().__init__(what)
        self.what = what


@dataclass
class LayerError(Exception):
    """The framework would raise here.

    ``code``      rule code (LL101 rank, LL102 axis/feature mismatch, LL103 non-positive output
                  dim, LL104 reshape size, LL105 invalid argument, LL106 undefined dimension).
    ``message``   layerlint's explanation, in plain words, naming the numbers.
    ``framework`` the exception as the framework prints it, e.g.
                  "ValueError: Input 0 with name 'None' of layer 'lstm_1' is incompatible ...".
    ``arg``       the argument at fault, when there is one (fixes edit it).
    """

    code: str
    message: str
    framework: str
    arg: str | None = None
    expected: str | None = None
    found: str | None = None

    def __post_init__(self) -> None:
        Exception.__init__(self, self.message)


@dataclass(frozen=True)
class Out:
    """What a layer produces: output shape (None: unknown rank) and weight counts.

    ``params`` counts all weights (trainable and not), as ``count_params()`` does; None when
    unknown. ``non_trainable`` is the part of it that is not trainable (BatchNormalization's
    moving statistics). ``outputs`` is set when the layer returns several tensors (an RNN with
    ``return_state=True``); ``shape`` is then the first of them.
    """

    shape: Shape | None
    params: int | None = 0
    non_trainable: int | None = 0
    outputs: tuple[Shape, ...] | None = None
    # torch tensor functions: the result's strides when it is a view of its input (each output
    # of a tuple shares them); None: a new tensor, or a layout not followed
    strides: tuple[int, ...] | None = None
    # a warning the framework gives while it runs (torch's loss on a target of another size
    # than its input): code, layerlint's message and the warning's own text, as a LayerError
    warning: LayerError | None = None


# --- signatures ---------------------------------------------------------------------------------


REQUIRED: Any = object()  # the default of a parameter that has none
_UNSET: Any = object()


@dataclass(frozen=True)
class Param:
    name: str
    default: Any = REQUIRED
    keyword_only: bool = False

    @property
    def required(self) -> bool:
        return self.default is REQUIRED


def parse_signature(text: str) -> tuple[Param, ...]:
    """Parse ``"units, activation=None, *, seed=None"`` into Params (defaults are literals)."""
    if not text.strip():
        return ()
    fn = ast.parse(f"def f({text}): pass").body[0]
    assert isinstance(fn, ast.FunctionDef)
    args = fn.args
    params: list[Param] = []
    positional = args.posonlyargs + args.args
    defaults = [REQUIRED] * (len(positional) - len(args.defaults)) + [
        ast.literal_eval(d) for d in args.defaults
    ]
    for arg, default in zip(positional, defaults):
        params.append(Param(arg.arg, default))
    for arg, default in zip(args.kwonlyargs, args.kw_defaults):
        params.append(Param(arg.arg, REQUIRED if default is None else ast.literal_eval(default), True))
    return tuple(params)


# Keyword arguments every Keras 3 layer accepts (keras.layers.Layer.__init__).
KERAS_BASE_KWARGS: dict[str, Any] = {
    "activity_regularizer": None,
    "trainable": True,
    "dtype": None,
    "autocast": True,
    "name": None,
    "input_shape": None,
    "input_dim": None,
}


# --- bound arguments ----------------------------------------------------------------------------


class Args:
    """The arguments of one layer call, bound to the entry's signature.

    ``a.units`` returns the value or raises :class:`Unmodelled` when it is unknown.
    ``a.raw("units")`` returns it even if UNKNOWN; ``a.given("units")`` says whether the user
    passed it; ``a.span("units")`` is where its value is written (for fixes).
    ``a.name`` is always the layer's name as the framework would name it (e.g. ``lstm_1``).
    """

    def __init__(
        self,
        layer_type: str,
        values: dict[str, Any],
        given: set[str] | None = None,
        spans: dict[str, Span] | None = None,
    ) -> None:
        self._type = layer_type
        self._values = values
        self._given = given or set()
        self._spans = spans or {}
        self._key: Any = _UNSET  # what the entries' runs depend on (_plain_key), once read

    @property
    def layer_type(self) -> str:
        return self._type

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):
            raise AttributeError(name)
        try:
            value = self._values[name]
        except KeyError:
            raise AttributeError(f"{self._type} has no argument {name!r}") from None
        if value is UNKNOWN or isinstance(value, (tuple, list)) and _contains_unknown(value):
            raise Unmodelled(f"{self._type}({name}=...)")
        return value

    def raw(self, name: str) -> Any:
        return self._values.get(name)

    def any_set(self, names: frozenset[str]) -> bool:
        """Whether any of ``names`` has a value other than None (one set operation for checks
        of many optional arguments that are seldom given)."""
        values = self._values
        for name in names & values.keys():
            if values[name] is not None:
                return True
        return False

    def given(self, name: str) -> bool:
        return name in self._given

    def span(self, name: str) -> Span | None:
        return self._spans.get(name)

    def with_values(self, **changes: Any) -> Args:
        """A copy with some values replaced (wrappers use it to configure the inner layer)."""
        return Args(self._type, {**self._values, **changes}, self._given, self._spans)

    def __repr__(self) -> str:
        return f"Args({self._type}, {self._values!r})"


def _contains_unknown(value: Any) -> bool:
    if value is UNKNOWN:
        return True
    if isinstance(value, (tuple, list)):  # a plain loop: this runs at every argument read
        for item in value:
            if item is UNKNOWN or isinstance(item, (tuple, list)) and _contains_unknown(item):
                return True
    return False


# --- the registry -------------------------------------------------------------------------------


@dataclass(frozen=True)
class LayerSpec:
    """One catalogue entry."""

    framework: str  # "keras" | "torch"
    name: str
    signature: tuple[Param, ...]
    call: Callable[[Args, Any], Out]  # Any: a Shape, or a tuple of them (see ``inputs``)
    validate: Callable[[Args], None] | None = None
    # Keras: whether the layer supports masking (passes or consumes a mask without a warning).
    supports_masking: bool = False
    # Keras: whether the layer can produce a mask from its input (Embedding(mask_zero), Masking).
    produces_mask: bool = False
    # Names of arguments holding a nested layer (Bidirectional's `layer`, TimeDistributed's).
    wrapped: tuple[str, ...] = ()
    base_kwargs: dict[str, Any] = field(default_factory=dict)
    # Dialects the entry applies to; empty = all dialects of the framework.
    dialects: tuple[str, ...] = ()
    # Keras: the framework's message for unrecognised keywords when the layer words it otherwise
    # than the base layer: (the entry as bound, ``{name: value}`` of them) -> "Type: message".
    unknown_keyword: Callable[[LayerSpec, dict[str, Any]], str] | None = None
    # What ``call``'s second argument is: "one" = the shape of the single input tensor; "list" =
    # a tuple of input shapes (each possibly None: unknown rank) for a layer called on a list of
    # tensors (Keras merge layers).
    inputs: str = "one"


_REGISTRY: dict[tuple[str, str], LayerSpec] = {}


def register(spec: LayerSpec, aliases: tuple[str, ...] = ()) -> LayerSpec:
    for name in (spec.name, *aliases):
        key = (spec.framework, name)
        if key in _REGISTRY:
            raise ValueError(f"layer {name!r} registered twice for {spec.framework}")
        _REGISTRY[key] = spec
    return spec


def keras_layer(
    name: str,
    signature: str,
    *,
    aliases: tuple[str, ...] = (),
    validate: Callable[[Args], None] | None = None,
    supports_masking: bool = False,
    produces_mask: bool = False,
    wrapped: tuple[str, ...] = (),
    base_kwargs: dict[str, Any] | None = None,
    unknown_keyword: Callable[[LayerSpec, dict[str, Any]], str] | None = None,
    dialects: tuple[str, ...] = (),
    inputs: str = "one",
) -> Callable[[Callable[[Args, Any], Out]], Callable[[Args, Any], Out]]:
    """Register a Keras layer entry (decorator on its ``call``).

    ``inputs="list"``: the layer is called on a list of tensors and ``call`` receives a tuple
    of their shapes (see the module docstring).
    """
    if inputs not in ("one", "list"):
        raise ValueError(f"inputs must be 'one' or 'list', not {inputs!r}")

    def decorate(call: Callable[[Args, Any], Out]) -> Callable[[Args, Any], Out]:
        register(
            LayerSpec(
                "keras",
                name,
                parse_signature(signature),
                _respect_trainable(call),
                _remembering_success(validate) if validate is not None else None,
                supports_masking,
                produces_mask,
                wrapped,
                KERAS_BASE_KWARGS if base_kwargs is None else base_kwargs,
                dialects=dialects,
                unknown_keyword=unknown_keyword,
                inputs=inputs,
            ),
            aliases,
        )
        return call

    return decorate


def torch_layer(
    name: str,
    signature: str,
    *,
    aliases: tuple[str, ...] = (),
    validate: Callable[[Args], None] | None = None,
) -> Callable[[Callable[[Args, Shape], Out]], Callable[[Args, Shape], Out]]:
    """Register a PyTorch module entry (decorator on its ``call``: the forward pass's shapes).

    The signature is the module's ``__init__`` (torch modules take no base keyword arguments
    beyond their own, e.g. ``device=None, dtype=None``). ``Out.params`` counts parameters, not
    buffers, as ``sum(p.numel() for p in m.parameters())`` does.
    """

    def decorate(call: Callable[[Args, Shape], Out]) -> Callable[[Args, Shape], Out]:
        register(
            LayerSpec("torch", name, parse_signature(signature), call, validate, base_kwargs={}),
            aliases,
        )
        return call

    return decorate


# A Keras entry is a pure function of its arguments' values (the names given among them) and
# its input shape: the outcome of a run that succeeded is remembered, for plain values and
# dimensions only (ints, floats, strings, bools, None: compared with their types, so 1, 1.0 and
# True stay apart), and reused for the same ones — a file's layers repeat, a fix's re-check
# repeats the file, the files of a run repeat their layers. Errors are computed every time.
_DIMS = frozenset({int, str, type(None)})
_REMEMBERED_AT_MOST = 512  # outcomes per entry (a long-lived server stays small); then forgotten
_REMEMBERED: list[dict[Any, Any]] = []  # every entry's memory (forget_remembered)


def _plain_key(a: Args) -> tuple | None:
    """What a run of an entry depends on, when every value is plain; else None. Kept on the
    arguments (never changed once bound) for the next entry run on them."""
    key = a._key
    if key is _UNSET:
        values = a._values
        kinds = tuple(map(type, values.values()))
        key = a._key = (a._type, tuple(values.items()), kinds, frozenset(a._given)) \
            if PLAIN_TYPES.issuperset(kinds) else None
    return key


def memory() -> dict[Any, Any]:
    """A new memory of remembered outcomes, emptied by ``forget_remembered``."""
    made: dict[Any, Any] = {}
    _REMEMBERED.append(made)
    return made


def remember(made: dict[Any, Any], key: Any, value: Any) -> None:
    """``made[key] = value``; a memory full already is emptied first."""
    if len(made) >= _REMEMBERED_AT_MOST:
        made.clear()
    made[key] = value


def forget_remembered() -> None:
    """Forget every remembered outcome (tests counting the entries' runs)."""
    for made in _REMEMBERED:
        made.clear()


def _respect_trainable(call: Callable[[Args, Any], Out]) -> Callable[[Args, Any], Out]:
    """Keras lists every weight of a layer created with ``trainable=False`` as non-trainable."""
    remembered: dict[Any, Out] = memory()

    def call_respecting_trainable(a: Args, x: Any) -> Out:
        key = a._key  # (_plain_key once per arguments: read here without a call after)
        if key is _UNSET:
            key = _plain_key(a)
        if key is not None and type(x) is tuple and _DIMS.issuperset(map(type, x)):
            key = (key, x)
            known = remembered.get(key)
            if known is not None:
                return known
        else:
            key = None
        out = call(a, x)
        if a.raw("trainable") is False:
            out = replace(out, non_trainable=out.params)
        if key is not None:
            remember(remembered, key, out)
        return out

    call_respecting_trainable.__wrapped__ = call  # type: ignore[attr-defined]
    return call_respecting_trainable


def _remembering_success(validate: Callable[[Args], None]) -> Callable[[Args], None]:
    """A creation check that passed for plain values passes for the same ones again."""
    passed: dict[Any, bool] = memory()

    def validate_remembering(a: Args) -> None:
        key = a._key  # (_plain_key once per arguments: read here without a call after)
        if key is _UNSET:
            key = _plain_key(a)
        if key is not None and key in passed:
            return
        validate(a)
        if key is not None:
            remember(passed, key, True)

    validate_remembering.__wrapped__ = validate  # type: ignore[attr-defined]
    return validate_remembering


def lookup(framework: str, name: str) -> LayerSpec | None:
    return _REGISTRY.get((framework, name))


def all_specs(framework: str | None = None) -> list[LayerSpec]:
    seen: dict[int, LayerSpec] = {}
    for (fw, _), spec in _REGISTRY.items():
        if framework is None or fw == framework:
            seen[id(spec)] = spec
    return list(seen.values())




# --- helpers entries share: one uniform wording per kind of violation -------------------------


def require_ndim(
    a: Args,
    x: Shape,
    ndim: int | None = None,
    *,
    min_ndim: int | None = None,
    max_ndim: int | None = None,
    what: str = "",
) -> None:
    """Keras ``InputSpec(ndim=..)`` / ``min_ndim`` / ``max_ndim`` check, Keras 3 wording."""
    n = len(x)
    bad = (
        (ndim is not None and n != ndim)
        or (min_ndim is not None and n < min_ndim)
        or (max_ndim is not None and n > max_ndim)
    )
    if not bad:
        return
    if ndim is not None:
        spec, expected = f"ndim={ndim}", f"{ndim}-D input"
    elif min_ndim is not None and n < min_ndim:
        spec, expected = f"min_ndim={min_ndim}", f"at least {min_ndim}-D input"
    else:
        spec, expected = f"max_ndim={max_ndim}", f"at most {max_ndim}-D input"
    hint = f" {what}" if what else ""
    # Keras 3 (layers/input_spec.py): the max_ndim form has no "Full shape received".
    full = "" if spec.startswith("max_ndim") else f". Full shape received: {format_shape(x)}"
    raise LayerError(
        "LL101",
        f"{a.layer_type} expects {expected}{hint} but receives {n}-D input {format_shape(x)}",
        f"ValueError: Input 0 with name 'None' of layer '{a.name}' is incompatible with the "
        f"layer: expected {spec}, found ndim={n}{full}",
        expected=expected,
        found=format_shape(x),
    )


def require_axis(a: Args, x: Shape, axis: int, value: int) -> None:
    """Keras ``InputSpec(axes={axis: value})`` check."""
    d = x[axis]
    if is_known(d) and d != value:
        raise LayerError(
            "LL102",
            f"{a.layer_type} was built for {value} features on axis {axis} but receives {d} "
            f"(input {format_shape(x)})",
            f"ValueError: Input 0 with name 'None' of layer '{a.name}' is incompatible with the "
            f"layer: expected axis {axis} of input shape to have value {value}, but received "
            f"input with shape {format_shape(x)}",
            expected=str(value),
            found=str(d),
        )


def require_defined(a: Args, x: Shape, axis: int) -> Dim:
    """A dimension that must not be free (``None``) because weights are sized from it.

    Returns the dimension (an int, or a str when only unknown to layerlint).
    """
    d = x[axis]
    if d is None:
        raise LayerError(
            "LL106",
            f"{a.layer_type} sizes its weights from axis {axis} of its input, which is not "
            f"defined (input {format_shape(x)})",
            "ValueError: Shapes used to initialize variables must be fully-defined "
            "(no `None` dimensions).",
            found=format_shape(x),
        )
    return d


def weights(fn: Callable[..., int], *dims: Dim) -> int | None:
    """A parameter count computed from dimensions, or None if any is not known to layerlint.

    ``weights(lambda f: f * a.units + a.units, x[-1])``
    """
    if all(isinstance(d, int) for d in dims):
        return fn(*dims)
    return None


# --- binding a call to its entry ----------------------------------------------------------------


# A framework whose objects bind their arguments otherwise than Keras layers do registers its
# binder here when its catalogue loads (layers/torch/__init__.py).
_BINDERS: dict[str, Callable[[LayerSpec, Any], Args]] = {}


def register_binder(framework: str, binder: Callable[[LayerSpec, Any], Args]) -> None:
    _BINDERS[framework] = binder


class SignatureParts(NamedTuple):
    positional: list[Param]  # the parameters a positional argument can fill, in order
    names: set[str]  # every parameter's name
    required: tuple[str, ...]  # the parameters without a default, in order
    # every parameter's default, then the base keyword arguments' the signature does not name,
    # in order: what ``values.setdefault`` of each, in that order, would add
    defaults: dict[str, Any]


_SIGNATURE_PARTS: dict[int, SignatureParts] = {}  # id(spec) -> its signature's parts


def signature_parts(spec: LayerSpec) -> SignatureParts:
    """A signature's positional parameters, names, required ones and defaults. Kept for the
    registered entries (they live as long as the process; ``bind`` runs for every layer of every
    model), computed each time for entries a dialect derives on the fly."""
    parts = _SIGNATURE_PARTS.get(id(spec))
    if parts is None:
        defaults = {p.name: p.default for p in spec.signature}
        for key, default in spec.base_kwargs.items():
            defaults.setdefault(key, default)
        parts = SignatureParts([p for p in spec.signature if not p.keyword_only],
                               {p.name for p in spec.signature},
                               tuple(p.name for p in spec.signature if p.required), defaults)
        if _REGISTRY.get((spec.framework, spec.name)) is spec:
            _SIGNATURE_PARTS[id(spec)] = parts
    return parts


def bind(spec: LayerSpec, call: Any, layer_name: str) -> Args:
    """Bind a :class:`~layerlint.ir.Call` to ``spec``'s signature, as Python would.

    Raises LayerError (LL105) for what the framework rejects when the object is created:
    too many positional arguments, a missing required one, an unrecognised keyword.
    """
    framework_binder = _BINDERS.get(spec.framework)
    if framework_binder is not None:  # torch: plain Python classes, Python's own messages
        return framework_binder(spec, call)
    values: dict[str, Any] = {}
    spans: dict[str, Span] = {}
    given: set[str] = set()
    positional, names, required, defaults = \
        _SIGNATURE_PARTS.get(id(spec)) or signature_parts(spec)  # (kept: read without a call)
    if len(call.args) > len(positional):
        raise LayerError(
            "LL105",
            f"{spec.name} takes {len(positional)} positional arguments but {len(call.args)} "
            "were given",
            f"TypeError: {spec.name}.__init__() takes {_positional_range(positional)} positional "
            f"argument{'' if not positional else 's'} but {len(call.args) + 1} were given",
        )
    arg_spans = call.arg_spans
    for i, (param, value) in enumerate(zip(positional, call.args)):
        name = param.name
        values[name] = value
        given.add(name)
        if i in arg_spans:
            spans[name] = arg_spans[i]
    unrecognised = {}
    base_kwargs = spec.base_kwargs
    for key, value in call.kwargs.items():
        if key in given:
            raise LayerError(
                "LL105",
                f"{spec.name} got two values for argument {key!r}",
                f"TypeError: {spec.name}.__init__() got multiple values for argument '{key}'",
                arg=key,
            )
        if key in names or key in base_kwargs:
            values[key] = value
            given.add(key)
            if key in arg_spans:
                spans[key] = arg_spans[key]
        else:
            unrecognised[key] = value
    if unrecognised:
        shown = "{" + ", ".join(f"'{k}': {_py_repr(v)}" for k, v in unrecognised.items()) + "}"
        first = next(iter(unrecognised))
        framework_message = (
            f"TypeError: {spec.name}.__init__() got an unexpected keyword argument '{first}'"
            if spec.framework == "torch"
            else spec.unknown_keyword(spec, unrecognised) if spec.unknown_keyword is not None
            else f"ValueError: Unrecognized keyword arguments passed to {spec.name}: {shown}"
        )
        raise LayerError(
            "LL105",
            f"{spec.name} does not take the argument(s) {', '.join(unrecognised)}",
            framework_message,
            arg=first,
        )
    missing = [name for name in required if name not in values] if required else None
    if missing:
        raise LayerError(
            "LL105",
            f"{spec.name} is missing the required argument(s) {', '.join(missing)}",
            f"TypeError: {spec.name}.__init__() missing {len(missing)} required positional "
            f"argument{'s' if len(missing) > 1 else ''}: "
            + " and ".join(f"'{m}'" for m in missing),
        )
    trainable = values.get("trainable", True)
    if type(trainable) is not bool and trainable is not UNKNOWN and spec.framework == "keras":
        raise LayerError(
            "LL105",
            f"{spec.name}(trainable=...) must be True or False, got {trainable!r}",
            f"ValueError: Expected `trainable` to be a boolean. Received: trainable={trainable} "
            f"(of type {type_text(trainable)})",
            arg="trainable",
        )
    # each default where no value is given, after the given ones (dict order), as setdefault
    values = {**values, **defaults, **values}
    if spec.framework == "keras":
        name = values.get("name")
        if name is None or name is UNKNOWN:
            values["name"] = layer_name
    return Args(spec.name, values, given, spans)


def _positional_range(positional: list[Param]) -> str:
    """How Python words the number of positional arguments ``__init__`` takes (self included)."""
    most = len(positional) + 1
    least = sum(p.required for p in positional) + 1
    return str(most) if least == most else f"from {least} to {most}"


def _py_repr(value: Any) -> str:
    return "<unknown>" if value is UNKNOWN else repr(value)
