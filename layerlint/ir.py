"""The model IR: what the front ends extract from source, and all that analysis reads.

Front ends turn source (or notebooks) into a :class:`FileIR`: for each model found, the ordered
list of *events* that happen to it (constructed with layers, a layer added, built, compiled, fed
data). Analysis replays those events the way the framework would and never looks at the source.

Values extracted from source are plain Python values (int, float, str, bool, None, tuple, list),
:class:`Call` objects (a layer, an ``Input``, a loss object), :class:`ArrayValue` (data whose shape
the code makes plain), or :data:`UNKNOWN` for anything layerlint could not evaluate.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from .shapes import Shape
from .shown import call_text, shown


class _Unknown:
    """A value layerlint could not evaluate statically; the single instance is UNKNOWN.

    It has no truth value on purpose: code must test ``is UNKNOWN``, never ``if value:``.
    """

    def __repr__(self) -> str:  # messages format values with !r, unknown ones inside too
        return "..."

    def __shown__(self, budget: int) -> str:
        return "..."

    def __bool__(self) -> bool:
        raise TypeError("UNKNOWN has no truth value; test `is UNKNOWN` instead")

    def __copy__(self) -> _Unknown:
        return self

    def __deepcopy__(self, memo: dict) -> _Unknown:
        return self


UNKNOWN: Any = _Unknown()

# The types of plain Python values (exact types: a subclass is not plain), as the front end
# keeps them and the catalogue compares them.
PLAIN_TYPES = frozenset({bool, int, float, str, type(None)})


@dataclass(frozen=True)
class UnknownNumber:
    """A Python number whose value layerlint could not evaluate (``math.sqrt(d)``,
    ``float(v)``): unlike UNKNOWN, it is known not to be a tensor, so ``x / math.sqrt(d)``
    keeps x's shape (a tensor operand may broadcast it larger). ``kind``: "int", "float", or
    None when either."""

    kind: str | None = None


@dataclass(frozen=True, order=True)
class Span:
    """A source range: 1-based lines and columns, end exclusive (as ruff reports them)."""

    line: int
    col: int
    end_line: int
    end_col: int


_new_object = object.__new__


def new_span(line: int, col: int, end_line: int, end_col: int) -> Span:
    """``Span(line, col, end_line, end_col)`` without the frozen dataclass's ``__init__`` (an
    ``object.__setattr__`` per field; the front end makes a span per argument of every call).
    The same object: equal, hashed, ordered, shown, copied and pickled as one ``Span`` makes."""
    span = _new_object(Span)
    fields = span.__dict__
    fields["line"] = line
    fields["col"] = col
    fields["end_line"] = end_line
    fields["end_col"] = end_col
    return span


@dataclass
class Call:
    """A call of a known framework object, e.g. ``keras.layers.LSTM(64, return_sequences=True)``.

    ``kind`` is the canonical short class name as the framework spells it (``"LSTM"``, ``"Input"``,
    ``"CategoricalCrossentropy"``); ``qualname`` is the resolved dotted name
    (``"keras.layers.LSTM"``). ``arg_spans`` maps positional indexes and keyword names to the span
    of the argument's value; ``kwarg_spans`` maps keyword names to the span of ``name=value``
    (used by fixes that remove an argument).
    """

    kind: str
    qualname: str
    args: tuple[Any, ...]
    kwargs: dict[str, Any]
    span: Span
    func_span: Span | None = None
    arg_spans: dict[int | str, Span] = field(default_factory=dict)
    kwarg_spans: dict[str, Span] = field(default_factory=dict)
    # Names of the variables behind UNKNOWN argument values, by path: the argument's position or
    # keyword, then indexes into tuples, e.g. {("input_shape", 1): "n_features"}. Analysis uses
    # them to name symbolic dimensions ("fixed but unknown") instead of "?".
    unknown_names: dict[tuple[int | str, ...], str] = field(default_factory=dict)
    # When the front end created this object in the run it followed (0, 1, 2, ...): a layer
    # written once but created several times (a loop, a function called twice) is several
    # Calls with the same span and different orders. None when not known.
    order: int | None = None
    # What the front end learnt about the object after creating it, e.g. a TextVectorization's
    # vocabulary once adapted on texts the file holds (frontends/text_data.py).
    facts: dict[str, Any] = field(default_factory=dict)

    def __shown__(self, budget: int) -> str:
        """How the call reads in a message: ``keras.layers.Dense(1)``, never its fields."""
        return call_text(self.qualname, self.args, self.kwargs, budget)

    def __repr__(self) -> str:  # messages format values with !r: the source-like text
        return shown(self)

    def __type_name__(self) -> str:
        return self.kind


@dataclass(frozen=True)
class Loader:
    """Batches a data loader yields to ``fit`` (``flow_from_directory``,
    ``image_dataset_from_directory``; frontends/library/keras_images.py): the array is one
    batch, its first axis the batch. ``sequence``: a Keras ``Sequence`` (ImageDataGenerator's
    iterators), whose batches tf.keras 2 traces with only their rank known. ``classes``: the
    name of the unknown number of a directory's classes when the targets depend on it, and
    ``labels`` how: "one_hot" (the targets' last axis is that number) or "index" (labels from
    0 to that number - 1). ``keywords``: the loader's arguments that decide the shapes, as the
    call gives them (fixes edit them at ``span``)."""

    function: str
    span: Span
    sequence: bool = False
    classes: str | None = None
    keywords: tuple[tuple[str, Any], ...] = ()
    labels: str | None = None


@dataclass(frozen=True)
class DataStep:
    """One library call that made or changed an array, for messages that say where data came
    from: its catalogue name (``numpy.reshape``, ``ndarray.__getitem__``,
    ``keras.datasets.mnist.load_data``), the call's span, whether it made the array from no
    other array (``source``) and whether it changed the shape."""

    function: str
    span: Span | None
    source: bool = False
    reshaped: bool = True


@dataclass
class ArrayValue:
    """An array whose shape the code makes plain (numpy constructors, reshape, slicing, ...).

    ``shape`` includes the sample axis first. ``span`` is where this value is used (e.g. the ``x``
    argument of ``fit``); ``origin`` is the expression that created it (the place a fix may edit)
    and ``name`` the variable it was bound to, if any.
    """

    shape: Shape | None
    dtype: str | None = None
    span: Span | None = None
    origin: Span | None = None
    name: str | None = None
    # For integer data: an upper bound of the values when the code makes it plain (randint high-1,
    # literal lists). Used by sequence checks (token ids vs vocabulary).
    max_value: int | float | None = None
    min_value: int | float | None = None
    ragged: bool = False
    # Token-id data whose literal sequences use 0 as a real token (not padding): LL305.
    zero_token: bool = False
    # How max_value/min_value were derived: "exact" (literal values), "uniform" (drawn from a
    # range, taken as reached), "at_most" (an upper bound the data may not reach: a Tokenizer's
    # num_words, a TextVectorization's max_tokens) or None.
    bounds: str | None = None
    # Literal texts (np.array(["...", ...])) for a TextVectorization first layer.
    texts: tuple[str, ...] | None = None
    # One batch of a data loader (fit(generator)), not the whole data: see Loader.
    loader: Loader | None = None

    def __shown__(self, budget: int) -> str:
        if self.shape is None:
            return "<array>"
        dims = ", ".join("None" if d is None else str(d) for d in self.shape)
        return f"<array of shape ({dims}{',' if len(self.shape) == 1 else ''})>"

    def __repr__(self) -> str:
        return shown(self)

    def __type_name__(self) -> str:
        return "ndarray"
    # The library calls that made it, first to last (bounded): where the data came from.
    history: tuple[DataStep, ...] = ()


@dataclass
class PythonList(ArrayValue):
    """A list/tuple of numbers used as data. ``shape`` is ``np.asarray``'s shape (None when the
    nesting is not rectangular); ``literal`` the value itself, for the framework's messages."""

    literal: Any = None

    def __shown__(self, budget: int) -> str:
        return shown(self.literal, budget)

    def __repr__(self) -> str:
        return shown(self)

    def __type_name__(self) -> str:
        return type(self.literal).__name__


# --- events -------------------------------------------------------------------------------------

Stage = Literal["construct", "build", "fit", "predict", "forward"]


@dataclass
class Construct:
    """``Sequential([...])`` / ``Sequential()``. ``layers`` may hold UNKNOWN entries."""

    layers: list[Any]
    span: Span
    kwargs: dict[str, Any] = field(default_factory=dict)
    # Span of the list literal, if any, so fixes can insert/remove elements.
    list_span: Span | None = None


@dataclass
class Add:
    """``model.add(layer)``; ``layer`` is a Call or UNKNOWN."""

    layer: Any
    span: Span


@dataclass
class Pop:
    """``model.pop()``."""

    span: Span


@dataclass
class Build:
    """``model.build(input_shape)``; the shape includes the batch axis."""

    input_shape: Any
    span: Span


@dataclass
class Compile:
    """``model.compile(loss=..., ...)``; ``loss`` is a str, a Call (loss object) or UNKNOWN."""

    loss: Any
    span: Span
    kwargs: dict[str, Any] = field(default_factory=dict)
    loss_span: Span | None = None


DataMethod = Literal[
    "fit", "evaluate", "predict", "train_on_batch", "test_on_batch", "predict_on_batch", "__call__"
]


@dataclass
class DataCall:
    """Data reaching the model: ``fit``/``evaluate``/``predict``/``train_on_batch``/``model(x)``.

    ``x`` and ``y`` are ArrayValue, UNKNOWN, or None when not passed; ``validation_data`` is a
    tuple ``(x, y)`` of those, UNKNOWN, or None.
    """

    method: DataMethod
    x: Any
    y: Any
    span: Span
    validation_data: Any = None
    kwargs: dict[str, Any] = field(default_factory=dict)


# DataCall.kwargs key for data from a tf.data dataset: the batch axis of its element spec (an int
# with drop_remainder, else None), which tf.keras 2 traces fit's step with.
TRACED_BATCH = "_traced_batch"


@dataclass
class Opaque:
    """Something happened to the model that layerlint could not follow (passed to an unknown
    function, layers added in a loop or under a condition, attributes set). From here on the
    model's structure is unknown and nothing downstream is reported as an error."""

    span: Span
    reason: str


# --- tensor graphs -------------------------------------------------------------------------------
# Keras code that calls layers on symbolic tensors (the functional API, a layer applied to a
# ``keras.Input``, a subclassed model's ``call`` traced on placeholders) is a graph of Nodes. Each
# call the code makes is one Node, in the order the code makes them; a TensorRef names a tensor a
# Node returns. A layer object called twice (a shared layer) is one Call in two Nodes.


@dataclass(eq=False)
class Node:
    """One call on symbolic tensors.

    ``kind`` and ``target``:

    * ``"input"``: ``keras.Input(...)``; target is that Input Call; no inputs.
    * ``"layer"``: a layer object called; target is the layer's Call (where it was created).
    * ``"model"``: a model called on tensors (a nested model); target is that model's ModelIR.
    * ``"op"``: a tensor function; target is its canonical name (``"keras.ops.concatenate"``).
    * ``"unknown"``: anything layerlint does not follow; target says what, in a few words (for the
      LL9xx note). Shapes after it are unknown.

    ``inputs`` are the positional arguments and ``kwargs`` the keyword arguments as passed:
    TensorRef, plain values, or nested tuples/lists/dicts of them (a layer's tensor argument is
    ``inputs[0]``). ``span`` is the call expression (where Keras raises).
    """

    kind: Literal["input", "layer", "model", "op", "unknown"]
    target: Any
    inputs: tuple[Any, ...]
    span: Span
    kwargs: dict[str, Any] = field(default_factory=dict)
    order: int | None = None  # creation order among the file's objects (a model call builds)
    # "op" made by a Python operator ("add": ``x + y``, "neg": ``-x``, "getitem": ``x[:, 0]``):
    # tf.keras 2 names its layer apart from the function's (``tf.__operators__.add``)
    operator: str | None = None

    def __repr__(self) -> str:  # short: inputs refer to whole subgraphs
        target = getattr(self.target, "kind", None) or getattr(self.target, "name", self.target)
        return f"Node({self.kind} {target} line {self.span.line})"


@dataclass(frozen=True)
class TensorRef:
    """A symbolic tensor: what ``node`` returned (``index`` None), or element ``index`` of the
    list/tuple it returned (``LSTM(return_state=True)``, unpacked or indexed)."""

    node: Node
    index: int | str | None = None  # str: ``inputs["x"]`` of a dict a traced call() takes

    def __shown__(self, budget: int) -> str:
        return "<KerasTensor>"  # what Keras prints of a symbolic tensor, without its shape

    def __repr__(self) -> str:
        return shown(self)

    def __type_name__(self) -> str:
        return "KerasTensor"


def has_tensor_ref(value: Any, depth: int = 0) -> bool:
    """Whether a call's arguments (lists, tuples, dicts of them) hold a symbolic tensor."""
    if isinstance(value, TensorRef):
        return True
    if depth > 5:
        return False
    if isinstance(value, (list, tuple)):
        return any(has_tensor_ref(v, depth + 1) for v in value)
    if isinstance(value, dict):
        return any(has_tensor_ref(v, depth + 1) for v in value.values())
    return False


@dataclass
class Graph:
    """``inputs``/``outputs`` as the code passes them (a TensorRef, or a list/tuple/dict of them);
    ``nodes`` every node the outputs depend on, in the order the code made them."""

    inputs: Any
    outputs: Any
    nodes: list[Node] = field(default_factory=list)


@dataclass
class Functional:
    """A model made from a tensor graph: ``keras.Model(inputs, outputs, name=...)`` (its construct
    event; ``kwargs`` the other arguments), or a subclassed model whose ``call`` was traced on
    placeholder inputs (``class_name`` its class; input shapes then come from the first build or
    data, as Keras builds such models)."""

    graph: Graph
    span: Span
    kwargs: dict[str, Any] = field(default_factory=dict)
    class_name: str | None = None



@dataclass
class Subclassed:
    """A ``keras.Model`` subclass instantiated (its construct event): the :class:`SubclassTrace`
    of the object and the arguments ``super().__init__`` received (``name=``)."""

    class_name: str
    span: Span
    trace: SubclassTrace
    kwargs: dict[str, Any] = field(default_factory=dict)


@dataclass
class SubclassTrace:
    """What the front end learnt of a ``keras.Model``/``keras.layers.Layer`` subclass instance:
    ``layers`` the layers ``__init__`` assigned to attributes, in tracking order (Keras'
    ``model.layers``; a subclassed layer is a Call whose ``facts["subclass"]`` is its own trace),
    and ``graph`` its ``call`` traced on a placeholder tensor (an ``"input"`` node whose target
    is the parameter's name). ``graph`` is None when ``call`` is not followed; ``unfollowed``
    then says where and why. Besides the Node kinds above, a traced graph has ``"op"`` nodes
    with target ``"branch"``: where the paths of ``if training:`` join."""

    class_name: str
    layers: list[tuple[str, Any]]
    graph: Graph | None
    unfollowed: tuple[Span, str] | None = None
    call_span: Span | None = None  # the ``def call`` statement
    parameters: tuple[str, ...] = ()  # of ``call``, without self
    # The source text of each parameter's default (``"None"``), as the framework prints them.
    defaults: dict[str, str] = field(default_factory=dict)
    has_build: bool = False  # the class defines build(input_shape)
    has_output_shape: bool = False  # the class defines compute_output_shape (summary shapes)
    # id of each graph node made on one path of ``if training:`` (whether it runs depends on
    # the stage) -> the training value it runs on (None: not known)
    conditional: dict[int, bool | None] = field(default_factory=dict)
    # A Layer's build(input_shape) followed before call(): its ``self.add_weight(shape=...)``
    # are ``"op"`` nodes with target ``"weight"`` at the head of ``graph`` (kwargs ``shape``: each
    # dim an int, ``"input:i"`` for ``input_shape[i]``, or None; ``trainable``). When it is not
    # followed, ``build_unfollowed`` says where and why.
    build_traced: bool = False
    build_unfollowed: tuple[Span, str] | None = None
    # The layers build() creates (in creation order): Keras names them when build runs, so
    # their ``order`` is None until the front end sees what builds the layer (the first data
    # call of the model holding it, a Sequential that builds, a call on symbolic tensors).
    made_in_build: list[Any] = field(default_factory=list)

# --- torch --------------------------------------------------------------------------------------
# A torch model is a tree of modules built once (TorchConstruct) and then called (DataCall with
# method "__call__", also for torchinfo/torchsummary ``summary`` calls, kwargs["via"] naming it).


@dataclass
class TensorDim:
    """``x.size(1)`` / ``x.shape[1]`` inside a forward: a dimension of tensor variable ``var``."""

    var: str
    axis: int


@dataclass(frozen=True)
class DimExpr:
    """Python arithmetic on traced sizes (``y.size(1) - 1``, ``2 * n``): ``op`` the ast
    operator's name (``"Add"``, ``"Sub"``, ``"Mult"``, ``"FloorDiv"``, ``"Mod"``), each operand
    an int, a TensorDim or a DimExpr; the replay computes it once it knows the sizes."""

    op: str
    left: Any
    right: Any


@dataclass(frozen=True)
class OpOperand:
    """A tensor argument of a forward op besides its first (``torch.matmul(a, b)``'s ``b``,
    ``F.linear(x, w, b)``'s ``w`` and ``b``): the op's ``inputs[index]``."""

    index: int


@dataclass
class TorchSequential:
    """``nn.Sequential(...)``: children ``(name, module)`` in registration order; a module is a
    Call (a torch.nn leaf), a nested TorchSequential / TorchModule, or UNKNOWN."""

    children: list[tuple[str, Any]]
    span: Span


@dataclass
class TorchOp:
    """One step of a straight-line ``forward``: ``out = <kind target>(inputs..., args)``.

    ``kind``: ``module`` (``self.<target>(x)``, target a dotted attribute path), ``function``
    (``torch.flatten``, ``F.relu``: target the canonical name), ``method`` (``x.view``), ``getitem``
    (``x[0]``, ``x[:, -1]``: args hold the index), ``binary`` (``a + b``), ``tuple``, ``unknown``.
    Tensor operands are variable names in ``inputs``; ``args``/``kwargs`` hold plain values,
    TensorDim, TensorRef (another tensor argument) or UNKNOWN. The forward's parameter is
    variable ``"<input>"``.
    """

    out: str
    kind: str
    target: str
    inputs: tuple[str, ...]
    span: Span
    args: tuple[Any, ...] = ()
    kwargs: dict[str, Any] = field(default_factory=dict)
    # Where each plain argument is written: index into ``args`` or keyword (for LL902 notes).
    arg_spans: dict[int | str, Span] = field(default_factory=dict)


@dataclass
class TorchModule:
    """An ``nn.Module`` subclass: the modules ``__init__`` assigns to ``self.<name>`` in order,
    and ``forward`` as TorchOps ending with ``output`` (None: not followed, e.g. loops)."""

    class_name: str
    children: list[tuple[str, Any]]
    span: Span
    forward: list[TorchOp] | None = None
    output: str | None = None
    # Why ``forward`` is not followed (None when it is, or when there is none): the statement or
    # construct and a few words, for the LL903 note.
    unfollowed: tuple[Span, str] | None = None


@dataclass
class TorchUnmodelled:
    """A module of a torch model that layerlint does not model: a torch.nn class outside the
    catalogue, a class it cannot follow, a value it could not evaluate, a container changed in a
    way it cannot follow. Analysis treats it as unknown (its output silences everything after
    it) and says so once: ``code`` is LL901 (a module) or LL903 (a construct); ``kind`` is the
    class name when known (shown in the table)."""

    kind: str | None
    span: Span
    reason: str
    code: str = "LL901"


@dataclass
class TorchScript:
    """Tensors computed outside any model, as the script runs (a ``ModelIR(kind="tensors")``):
    TorchOps over trace variables. Besides the forward's kinds, ``tensor`` (a tensor the front
    end sized: ``args[0]`` its ArrayValue) and ``call`` (a model or a module called directly:
    ``args`` the called ModelIR and its DataCall, whose unknown input the replay fills in)."""

    ops: list[TorchOp]
    span: Span
    # The module trees of the file's models: sizes of the trace passed to the file's classes
    # and functions (``Net(y.shape[-1])``) sit in their modules until the replay resolves them.
    roots: list[Any] = field(default_factory=list)


@dataclass
class TorchConstruct:
    """The model object: ``root`` is a TorchSequential or TorchModule."""

    root: Any
    span: Span


Event = (
    Construct | Add | Pop | Build | Compile | DataCall | Opaque | Functional | TorchConstruct
    | Subclassed | TorchScript
)


@dataclass
class Unfollowed:
    """A model-like construct the front end met but does not analyse: a loaded model, a model
    built by code layerlint does not read, a model style not followed (yet). Analysis turns
    each into an LL904 note and the reports count it ("1 model not followed").

    ``kind`` names the construct for messages ("loaded model", "subclassed keras.Model");
    ``name`` the variable it is bound to (or the call's text); ``reason`` says why, as a clause
    ("it is loaded from a file, so its layers are not in the source"). ``value`` is the IR
    object the construct became, if any (a Call): a construct used inside a followed model is
    that model's business (its LL901 note), not a model of its own.
    """

    kind: str
    name: str
    span: Span
    reason: str
    framework: Literal["keras", "torch"] = "keras"
    value: Any = field(default=None, compare=False, repr=False)


@dataclass
class ModelIR:
    name: str  # the variable the model is bound to
    framework: Literal["keras", "torch"]
    dialect: str  # "keras3" | "keras2" | "torch"
    span: Span  # the constructor call
    events: list[Event] = field(default_factory=list)
    # When the model object was created among the front end's objects (as Call.order).
    order: int | None = None
    # "model": a model object of the code; "tensors": layers applied to symbolic tensors outside
    # any model (one Functional event), checked like a model but not listed as one; "part": a
    # model made while a Keras subclass is created (``self.block = Sequential([...])`` in
    # ``__init__``): one layer of that subclass, checked but not listed (Keras shows it as a row).
    kind: Literal["model", "tensors", "part"] = "model"
    # A torch model's parameter dtype: float32 unless the code may convert it (None).
    torch_dtype: str | None = "float32"
    # The backend a Keras 3 model runs on (frontends/keras_backend.py sets it for every file the
    # pipeline checks; "torch", the backend the catalogue was first measured on, until then).
    keras_backend: str = "torch"


@dataclass
class FileIR:
    path: str
    source: str
    models: list[ModelIR] = field(default_factory=list)
    # Problems with the file itself (cannot decode, cannot parse, too deep): LL900 diagnostics
    # with a one-line message. Typed loosely to keep ir free of the diagnostics module.
    problems: list[Any] = field(default_factory=list)
    # Offset of each cell for notebooks: maps a line of `source` back to (cell, line) if needed.
    # One entry per notebook cell (markdown cells too): the 0-based line at which it starts.
    cell_offsets: list[int] | None = None
    # What the imports say about the Keras flavour in use, in order of first appearance:
    # "keras", "tensorflow", "tensorflow.keras", "tf_keras", "TF_USE_LEGACY_KERAS".
    dialect_hints: list[str] = field(default_factory=list)
    # Every tensor-graph Node the file makes, in order (models' graphs hold the ones they use;
    # the others are layers applied to tensors outside any model, checked all the same).
    tensor_nodes: list[Node] = field(default_factory=list)
    # Model-like constructs not analysed, in source order (frontends append, see Unfollowed).
    unfollowed: list[Unfollowed] = field(default_factory=list)
    # Info notes of the front end about the file (LL9xx Diagnostics): a bound that cut reading
    # short, e.g. a literal too large to read (frontends/literals.py).
    notes: list[Any] = field(default_factory=list)
    # The module the front end parsed (ast.Module): fix verification's slicer reads it instead
    # of parsing the file again; the pipeline drops it once the fixes are verified.
    tree: Any = field(default=None, repr=False, compare=False)
