"""What analysis hands to the reports: per-model layer tables and the diagnostics of a file."""

from __future__ import annotations

from dataclasses import dataclass, field

from .diagnostics import Diagnostic
from .ir import Unfollowed
from .shapes import Shape


@dataclass
class LayerReport:
    """One row of ``model.summary()``: a layer as the framework lists it in ``model.layers``.

    Shapes are None when unknown to layerlint (or when the framework would not have built the
    layer yet); ``params`` is None when unknown.
    """

    index: int
    type: str  # class name, e.g. "LSTM", "Bidirectional"
    name: str  # framework name, e.g. "lstm_1"
    line: int
    input_shape: Shape | None
    output_shape: Shape | None
    params: int | None
    non_trainable: int | None = 0
    # torchinfo rows: nesting depth and index within the parent (1-based), for "Linear: 1-3".
    depth: int = 1
    # Extra outputs (an RNN with return_state=True); output_shape is the first.
    outputs: tuple[Shape, ...] | None = None
    # Keras functional models that are not a plain chain: the summary's "Connected to" cell
    # ("dense[0][0], input_layer[0][0]", "-" for an InputLayer). None: no such column.
    connected_to: str | None = None
    # Subclassed Keras models: whether this layer is built (None: as the model), and the
    # output shape the framework's summary shows for it (Keras 3: the first call's, batch
    # size included; None: "?").
    built: bool | None = None
    shown_shape: Shape | None = None


@dataclass
class FlowNode:
    """A box of the model's picture (report/html.py): a layer or module call (``row``: its
    index in ``ModelReport.operations`` when set, else ``ModelReport.layers``), or a step of a
    forward that is no row (``F.relu``, ``x + y``: ``row`` None)."""

    key: int
    type: str
    name: str
    lines: tuple[int, ...]  # where it is called (a finding on such a line is this box's)
    row: int | None = None
    output_shape: Shape | None = None
    params: int | None = None
    kind: str = "layer"  # "layer" | "op" (a function or operator) | "input"


@dataclass
class FlowEdge:
    """A tensor from one box to another, as the replay saw it (``shape`` None: unknown)."""

    source: int  # FlowNode.key
    target: int
    shape: Shape | None


@dataclass
class Flow:
    """How data flows through a model that is not a plain chain of its rows: Keras functional
    graphs, torch forwards. None on a ModelReport: the rows are the chain (Sequential)."""

    nodes: list[FlowNode] = field(default_factory=list)
    edges: list[FlowEdge] = field(default_factory=list)
    # What the model returns: (the box that made it, its shape).
    outputs: list[tuple[int, Shape | None]] = field(default_factory=list)


@dataclass
class ModelReport:
    name: str  # the variable name in the source
    framework: str  # "keras" | "torch"
    dialect: str  # "keras3" | "keras2" | "torch"
    line: int
    input_shape: Shape | None
    layers: list[LayerReport] = field(default_factory=list)
    # The framework's own model name ("sequential", "sequential_1") for summary headers.
    display_name: str = ""
    # Whether the framework would have built the model (summary prints "?" otherwise).
    built: bool = False
    # Keras: the stage at which the model was first built ("construct", "build", "fit",
    # "predict"); fix verification checks a fix does not leave the model less analysed.
    built_at: str | None = None
    # torch: the model object itself, torchinfo's depth-0 row: its class name, the forward's
    # output shape, and all its parameters (including modules forward never calls). None when
    # not given: derived from the rows for a plain nn.Sequential, unknown otherwise.
    root: LayerReport | None = None
    # torch: dtype of the input tensor ("float32", "int64"), for torchinfo's input size.
    input_dtype: str | None = "float32"
    # Keras: the class of a subclassed model (keras.Model subclass), None for Sequential.
    class_name: str | None = None
    # Set when the model's call()/forward could not be followed at all: its table is still
    # printed (the layers __init__ made), but reports count it as not followed, not checked.
    unfollowed: Unfollowed | None = None
    # Keras 3: whether fit/evaluate built the optimizer (the summary's "Optimizer params" line)
    # and its variable count (None: unknown to layerlint).
    optimizer_params: int | None = None
    optimizer_built: bool = False
    # Keras 3: the backend the model runs on (its optimizer's step counter is an int64 on
    # TensorFlow, an int32 on torch: the summary's bytes differ).
    keras_backend: str | None = None
    # Keras functional: the summary's rows when they are not ``layers`` (keras.ops calls are
    # rows too: Functional._operations); None otherwise.
    operations: list[LayerReport] | None = None
    # The data flow for the model's picture (functional graphs, torch forwards); None: a chain.
    flow: Flow | None = None

    @property
    def total_params(self) -> int | None:
        if self.framework == "torch" and self.root is not None:
            return self.root.params  # rows nest (containers count their children)
        if any(layer.params is None for layer in self.layers):
            return None
        return sum(layer.params or 0 for layer in self.layers)

    @property
    def non_trainable_params(self) -> int | None:
        if self.framework == "torch" and self.root is not None:
            return self.root.non_trainable
        if any(layer.non_trainable is None for layer in self.layers):
            return None
        return sum(layer.non_trainable or 0 for layer in self.layers)


@dataclass
class FileResult:
    path: str
    source: str
    models: list[ModelReport] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    # Why this dialect was chosen, for the text and JSON outputs (issue 4 fills this in).
    dialect_reason: str | None = None
    # The backend the file's Keras 3 models run on, and why (frontends/keras_backend.py); None
    # when the file has no Keras 3 model.
    keras_backend: str | None = None
    keras_backend_reason: str | None = None
    # For notebooks: FileIR.cell_offsets (0-based joined-source line at which each cell starts),
    # so reports print `nb.ipynb:cell 3:2:5`. None for scripts.
    cell_offsets: list[int] | None = None
    # Model-like constructs met but not analysed (each an LL904 note; a model whose call() is
    # not followed is also in ``models``, for its table, with its LL903 note): a model is
    # checked or not followed, never both.
    unfollowed: list[Unfollowed] = field(default_factory=list)
    # Checked but not listed (tensors outside any model, a module called directly): the
    # framework of each, by model name, for the words around their findings.
    unlisted: dict[str, str] = field(default_factory=dict)
