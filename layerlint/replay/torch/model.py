"""The forward pass of a torch model, replayed on shapes: ``TorchReplay(model, source).run()``.

A value flowing through the model is a :class:`Tensor` (shape, dtype), a tuple of values (an RNN
returns ``(output, h_n)``), or None: unknown, which silences everything downstream. Each module
call is a row of the ModelReport (torchinfo's conventions: call order, depth, dotted names).

Two kinds of findings, both stage ``forward``:

* with an input that reaches ``model(x)`` (or ``summary``), the first module or op that raises,
  as the forward pass would stop there;
* without any input, contradictions of the model itself: the model is replayed on an input of
  every rank its first module accepts, with every dimension unknown; an error met at the same
  place for every such rank happens for every input (``Linear(784, 120)`` then
  ``Linear(80, 10)``). Unknown dimensions never raise, so only the model's own numbers can.
  The probe has no dtype, so an Embedding first takes it as indices; a rank some later module
  rejects (an LSTM after an Embedding of a 3-D input) is no valid input either.

Where the replay meets a module or a step it does not model, everything after it is unknown and
an LL901 (a module, a function) or LL903 (a forward or construct it cannot follow) note says so.
Where a value layerlint could not evaluate turns a known shape into an unknown one (a module
argument the entry needs, a ``view`` size, the size of the tensor the model is called on), an
LL902 note points at that value, once.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from ...diagnostics import Diagnostic, Edit, Fix, Related
from ...edits import text_of
from ...ir import (
    UNKNOWN,
    ArrayValue,
    Call,
    DataCall,
    ModelIR,
    Span,
    TorchConstruct,
    TorchModule,
    TorchSequential,
    TorchUnmodelled,
    Unfollowed,
    UnknownNumber,
)
from ...layers.base import Args, LayerError, Unmodelled, bind, lookup
from ...layers.torch.embedding import index_dtype_error, index_range_error
from ...layers.torch.input_dtype import FLOAT32, module_dtype
from ...results import LayerReport, ModelReport
from ...shapes import UNKNOWN_DIM
from . import bindings
from . import ops as torch_ops
from .flow import FlowRecorder, UnrecordedFlow, first_shape, op_label, unpacks
from .ops import Tensor
from .outputs import TUPLE_ERRORS, leaf_value, product, set_output, tuple_message

INPUT = "<input>"
PROBE_RANKS = range(1, 6)
# Work a check no longer repeats (issue 13), switchable for the tests that compare both ways.
SKIP_DECIDED_PROBES = True  # TorchReplay.probe_passes
REUSE_SCRIPT_PASSES = True  # TorchReplay.recall


class Failure(Exception):
    """The forward pass raises here."""

    def __init__(self, error: LayerError, span: Span, where: str, related: list[Related],
                 fixes: list[Fix], layer: int | None) -> None:
        super().__init__(error.message)
        self.error = error
        self.span = span
        self.where = where  # a stable name for the place: the row name or op variable
        self.related = related
        self.fixes = fixes
        self.layer = layer
        self.rejects_input = False  # the model's input itself has a rank this op rejects


@dataclass
class Note:
    """An LL9xx analysis note; one per cause."""

    code: str
    span: Span
    message: str


@dataclass
class Pass:
    """One replay of the forward: its rows and the first failure."""

    rows: list[LayerReport] = field(default_factory=list)
    failure: Failure | None = None
    output: Any = None
    # The row names enclosing the next row, by depth (to list containers never called).
    open_path: list[str] = field(default_factory=list)
    # LL902 notes met while probing, with the row count then: kept only if a module after
    # them was reached (an unknown value ending the model silences no check of a probe).
    pending: list[tuple[int, Note]] = field(default_factory=list)
    flow: FlowRecorder = field(default_factory=FlowRecorder)  # for the model's picture
    # A fix read where the data reaches the model (``x.origin.span``, the call's argument):
    # the script's tensor does not know it, so such a pass is not recalled (script.py).
    input_site_read: bool = False


class TorchReplay:
    def __init__(self, model: ModelIR, source: str) -> None:
        self.model = model
        self.source = source
        self.root: Any = UNKNOWN
        for event in model.events:
            if isinstance(event, TorchConstruct):
                self.root = event.root
                break
        self.diagnostics: list[Diagnostic] = []
        self.params: dict[int, int | None] = {}  # id(Call) -> parameter count
        self.bound: dict[int, Args | LayerError | None] = {}
        self.report_pass: Pass | None = None
        self.input: Any = None
        self.probe_input: Tensor | None = None
        self.probing = False
        self.current = Pass()
        self.notes: dict[tuple[str, str], Note] = {}
        # Where the forwards being run call the module now running (innermost last): a
        # module that raises is reported where a forward calls it, as torch's traceback shows.
        self.call_sites: list[Span] = []
        # A module called directly on a tensor (``conv(x)`` outside a model): a one-module model.
        self.direct = isinstance(self.root, Call)
        # The module's mode at the forward being run: True (training, torch's default), False
        # after ``model.eval()``, None when the walk cannot tell (``DataCall.kwargs``).
        self.training: bool | None = True
        self.without_sizes = False  # no module holds a size to resolve (script.py knows)

    # --- entry ------------------------------------------------------------------------------

    def run(self) -> None:
        forwards = [e for e in self.model.events if isinstance(e, DataCall)]
        recalled = self.recalled(forwards[0]) if forwards else None
        self.check_construction(self.root)
        if self.diagnostics and any(d.stage == "construct" for d in self.diagnostics):
            return
        seen: set[tuple[str, str]] = set()
        first_failure: Failure | None = None
        done: Pass | None = None  # the last forward run on data
        for call in forwards:
            if isinstance(call.x, ArrayValue) and call.x.shape is None:
                self.note_unevaluated_input(call.x)
            if not isinstance(call.x, ArrayValue) or call.x.shape is None:
                continue
            x = Tensor(tuple(call.x.shape), call.x.dtype, origin=call.x)
            self.training = call.kwargs.get("training", True)
            if self.direct:  # reported at the line calling it, as for a call in a forward
                self.call_sites.append(call.span)
            done = self.recall(recalled) if recalled and recalled[3] is call else None
            if done is None:
                done = self.forward(x, picture=self.report_pass is None)
            self.call_sites.clear()
            if self.report_pass is None:
                self.report_pass, self.input = done, call.x
            if done.failure and (key := (done.failure.where, done.failure.error.code)) not in seen:
                seen.add(key)
                first_failure = first_failure or done.failure
                self.add(done.failure, related_data=None if self.direct else call)
        if self.direct:  # one module, called: its input decides
            return
        if done is not None and SKIP_DECIDED_PROBES and self.probe_passes(done):
            return
        # A contradiction past the input's first failure is met once that one is fixed.
        contradiction = self.probe()
        if contradiction is not None and (first_failure is None or (
                contradiction.where != first_failure.where
                and (contradiction.layer or 0) > (first_failure.layer or 0))):
            self.add(contradiction, every_input=True)

    def recalled(self, call: DataCall) -> tuple[Any, ...] | None:
        """The script replay's pass of this model's first forward (script.forward_output),
        kept while no module's argument changed (bindings.recalled), its replay's bindings
        taken as this one's (the same objects ``args_of`` would give: the sizes it resolves
        were resolved there). The pass is taken at that forward (``recall``)."""
        if not REUSE_SCRIPT_PASSES or not isinstance(call.x, ArrayValue) or call.x.shape is None:
            return None
        held = bindings.recalled(self.model, call)
        if held is None or held[2] is not call.x:
            return None
        self.bound.update(held[0].bound)
        return (*held, call)

    def recall(self, recalled: tuple[Any, ...]) -> Pass | None:
        """The recalled pass, taken when it ran from this replay's state now (no note nor count
        yet, the same mode and call sites); it read nothing of the input's use site, the only
        fact of it the script's tensor lacks (Pass.input_site_read)."""
        replay, done = recalled[0], recalled[1]
        if self.notes or self.params or replay.training != self.training or \
                replay.call_sites != self.call_sites:
            return None
        self.params.update(replay.params)
        self.notes.update(replay.notes)
        self.current = done
        return done

    def probe_passes(self, done: Pass) -> bool:
        """Whether the probe finds nothing and changes nothing, known without running it: the
        last forward (in the probe's mode) went through a chain of catalogue modules with known
        arguments without failing, every output known. The probe of that rank then passes: its
        input differs in dims it leaves unknown (an entry raises on unknown dims only what every
        value raises: no false alarm; the data's passed), an unknown dtype (taken as float32:
        the shapes decide) and no origin (whose checks only raise). Ranks before it note nothing
        (no module or argument unknown) and count the same parameters (from the arguments; a
        lazy module's are not recorded while probing)."""
        if done.failure is not None or not isinstance(done.output, Tensor):
            return False
        return _known_chain(self.root)

    def probe(self) -> Failure | None:
        """The failure met at the same place for every rank of input (None if any passes).

        A rank the model's first consumer rejects is no valid input and does not count.
        """
        failures: list[Failure] = []
        for rank in PROBE_RANKS:
            x = Tensor((UNKNOWN_DIM,) * rank, None)
            self.probe_input = x
            done = self.forward(x, probing=True)
            if done.failure is None:
                return None
            if done.failure.rejects_input:
                continue
            failures.append(done.failure)
        if not failures:
            return None
        # A rank that a later module rejects (Embedding adds an axis to any rank; the LSTM
        # after it takes 2-D or 3-D) fails there, for every input of that rank: when the other
        # ranks all fail at one place for another reason, that is the model's contradiction.
        other = [f for f in failures if f.error.code != "LL101"]
        if other and len({f.where for f in other}) == 1:
            failures = other
        if len({f.where for f in failures}) != 1:
            return None
        # The same module fails for every input, maybe for different reasons by rank (an
        # unbatched input has no batch axis): say the one a batched input meets.
        not_rank = [f for f in failures if f.error.code != "LL101"]
        return not_rank[-1] if not_rank else failures[min(1, len(failures) - 1)]

    # --- construction -----------------------------------------------------------------------

    def check_construction(self, node: Any) -> None:
        if isinstance(node, Call):
            args = self.args_of(node)
            if isinstance(args, LayerError):
                self.diagnostics.append(Diagnostic(
                    args.code, "error", node.span, args.message, model=self.model.name,
                    stage="construct", framework_error=args.framework))
            return  # a module of the catalogue holds no other
        for _, child in getattr(node, "children", []) or []:
            self.check_construction(child)

    def args_of(self, call: Call) -> Args | LayerError | None:
        try:
            return self.bound[id(call)]
        except KeyError:
            pass
        if not self.without_sizes:
            torch_ops.resolve_sizes(call, {})  # a traced size no script replay resolved
        self.bound[id(call)] = bound = bindings.binding(call, _bind_module)
        return bound

    # --- the forward pass -------------------------------------------------------------------

    def forward(self, x: Tensor, probing: bool = False, picture: bool = True) -> Pass:
        """``picture``: the pass may be the report's (its flow recorded); a probe's never is."""
        done = Pass() if picture and not probing else Pass(flow=UnrecordedFlow())
        self.probing = probing
        self.current = done
        try:
            done.output = self.run_node(self.root, x, "", 0, None)
            done.flow.output(done.output)
        except Failure as failure:
            done.failure = failure
        for rows, note in done.pending:
            if len(done.rows) > rows:
                self.notes.setdefault((note.code, note.message), note)
        return done

    def row(self, node: Any, name: str, depth: int, line: int,
            deferred: bool = False, kind: str | None = None) -> LayerReport:
        rows, open_path = self.current.rows, self.current.open_path
        level = 0  # of the row's own name in the path
        if "." in name:
            parts = name.split(".")
            level = len(parts) - 1
            for up in range(1, len(parts)):
                # A container entered without being called (self.blocks[0](x), a loop over a
                # ModuleList): torchinfo lists it first, with no output.
                ancestor = ".".join(parts[:up])
                if open_path[up - 1:up] != [ancestor]:
                    container = _resolve(dict(getattr(self.root, "children", []) or []),
                                         ancestor)
                    rows.append(LayerReport(len(rows), _kind(container), ancestor,
                                            _line(container), None, (),
                                            self.static_params(container), 0, up))
                    open_path[up - 1:] = [ancestor]
        report = LayerReport(len(rows), _kind(node) if kind is None else kind, name, line, None,
                             None, None if deferred else self.static_params(node), 0, depth)
        rows.append(report)
        open_path[level:] = [name]
        return report

    def note(self, code: str, span: Span, message: str) -> None:
        self.notes.setdefault((code, message), Note(code, span, message))

    # --- LL902: values layerlint could not evaluate -------------------------------------------

    def note_unevaluated(self, span: Span, message: str) -> None:
        """LL902 where an unknown value made a known shape unknown; once per value (its
        span). A probe keeps it only if some module runs after it (see Pass.pending)."""
        note = Note("LL902", span, message)
        if any(n.code == "LL902" and n.span == span for n in self.notes.values()):
            return
        if self.probing:
            self.current.pending.append((len(self.current.rows), note))
        else:
            self.notes.setdefault(("LL902", message), note)

    def note_unknown_argument(self, call: Call, args: Args, unknown: Unmodelled) -> None:
        """The entry gave up on an argument it needs that could not be evaluated
        (``Args`` raises ``Unmodelled("Linear(in_features=...)")`` for it)."""
        match = re.fullmatch(rf"{re.escape(args.layer_type)}\((\w+)=\.\.\.\)", unknown.what)
        if match is None:
            return
        name = match.group(1)
        span = args.span(name) or _arg_span(call, name)
        if span is None:
            return
        self.note_unevaluated(span, f"`{_short(text_of(self.source, span))}` ({name} of "
                              f"{call.kind}) could not be evaluated; shapes after it are unknown")

    def note_unknown_op_argument(self, op: Any) -> bool:
        """A forward step given a value layerlint could not evaluate (``x.view(-1, k)``);
        True when the note was made."""
        unknown = [key for key, value in [*enumerate(op.args), *op.kwargs.items()]
                   if _has_unknown(value)]
        spans = [op.arg_spans[key] for key in unknown if key in op.arg_spans]
        if not spans:
            return False
        self.note_unevaluated(spans[0], f"`{_short(text_of(self.source, spans[0]))}` could not "
                              f"be evaluated; the shape of `{_short(text_of(self.source, op.span))}`"
                              " and shapes after it are unknown")
        return True

    def note_unevaluated_input(self, x: ArrayValue) -> None:
        """The model is called on a tensor sized by a value layerlint could not evaluate: the
        forward pass on it is not checked (the model itself may still be, without input)."""
        if x.origin is None or not isinstance(self.root, (TorchSequential, TorchModule)) or \
                not self.root.children:
            return
        self.note_unevaluated(x.origin, f"`{_short(text_of(self.source, x.origin))}` could not be "
                              "evaluated: the size of the tensor the model is called on is "
                              "unknown, so the forward pass on it is not checked")

    def run_node(self, node: Any, x: Any, name: str, depth: int, previous: Any) -> Any:
        # A module's count from its arguments alone is needed only when its run does not give
        # one (it fails, or is lazy while probing): asked after the run, not before it.
        leaf = isinstance(node, Call)
        deferred = depth > 0 and leaf and id(node) not in self.params
        line, kind = _line(node), _kind(node)
        report = self.row(node, name, depth, line, deferred, kind) if depth > 0 else None
        if report is not None and isinstance(x, Tensor):
            report.input_shape = x.shape
        box = None
        if not isinstance(node, (TorchSequential, TorchModule)):  # a box of the picture
            flow = self.current.flow
            lines = (self.call_sites[-1].line, line) if self.call_sites else (line,)
            box = flow.box(kind, name or kind, lines, report.index if report else None,
                           [(flow.sources, x)])
        if leaf:
            try:
                out = self.run_leaf(node, x, report, previous)
            finally:
                if deferred and id(node) not in self.params:  # the run gave no count
                    report.params = self.static_params(node)  # type: ignore[union-attr]
        elif isinstance(node, TorchSequential):
            out, prev = x, previous
            for child_name, child in node.children:
                path = f"{name}.{child_name}" if name else child_name
                out = self.run_node(child, out, path, depth + 1, prev)
                prev = child
        elif isinstance(node, TorchModule):
            out = self.run_forward(node, x, name, depth)
        else:
            if isinstance(node, TorchUnmodelled):
                self.note(node.code, node.span, f"{node.reason}; shapes after it are unknown")
            out = None
        if report is not None:
            set_output(report, out)
        if box is not None:
            self.current.flow.finish(box, out, report.params if report else None)
        return out

    def run_leaf(self, call: Call, x: Any, report: LayerReport | None, previous: Any) -> Any:
        args = self.args_of(call)
        if not isinstance(args, Args) or x is None:
            return None
        spec = lookup("torch", call.kind)
        assert spec is not None
        if isinstance(x, tuple):
            if call.kind == "Identity":
                return x
            self.fail(call, LayerError(
                "LL107", tuple_message(call, previous),
                TUPLE_ERRORS.get(call.kind, "")), previous, x)
            return None
        if call.kind in ("Embedding", "EmbeddingBag") and x.dtype not in ("int64", "int32") \
                and (x.dtype is not None or not self.probing):
            # Indices of another dtype: torch's error where measured (EmbeddingBag checks the
            # rank first), else not modelled; a probe claims nothing of it. A probe's input has
            # no dtype: it stands for the integer indices Embedding takes.
            return None if self.probing else self.index_dtype(call, spec, args, x, previous)
        if call.kind == "Embedding" and x.origin is not None and x.origin.bounds != "at_most" \
                and (ids := index_range_error(args, x.origin.min_value, x.origin.max_value)):
            self.fail(call, ids, previous, x)  # ids the data makes plain (LL302)
            return None
        kept = self.input_dtype(call, args, x)
        if isinstance(kept, LayerError):
            self.fail(call, kept, previous, x)
        if kept is None:  # data of another dtype: what torch does is not modelled
            return None
        try:
            out = spec.call(args, x.shape)
        except LayerError as error:
            if self.training is not True and "when training" in (error.framework or ""):
                # eval mode: BatchNorm uses its running statistics (any batch); unknown mode
                # or another norm: not claimed
                return x if self.training is False and call.kind.startswith("BatchNorm") \
                    else None
            self.fail(call, error, previous, x)
            return None
        except Unmodelled as unknown:
            self.note_unknown_argument(call, args, unknown)
            if self.probing and len(x.shape) >= 2 and not isinstance(x.shape[0], int):
                self.retry_with_batch(call, spec, args, x, previous)
            return None
        if isinstance(out.params, int) and not (self.probing and call.kind.startswith("Lazy")):
            self.params[id(call)] = out.params
            if report is not None:
                report.params = out.params
        value = leaf_value(call.kind, args, out)
        if isinstance(value, Tensor):  # one copy with every change
            flat_from = value.flat_from
            if call.kind == "Flatten" and len(x.shape) > 2 and len(value.shape) == 2:
                flat_from = x.shape[1:]
            elif value.shape == x.shape:  # activations, dropout, norms: still the same features
                flat_from = x.flat_from
            value = Tensor(value.shape, kept if kept != FLOAT32 else value.dtype,  # float64
                           value.origin, flat_from, value.contiguous, value.strides, call.kind)
        return value

    def index_dtype(self, call: Call, spec: Any, args: Args, x: Tensor, previous: Any) -> None:
        """An Embedding(Bag) on indices of another dtype than int64 / int32 (its output is
        unknown: torch raises, or layerlint does not know)."""
        error = index_dtype_error(call.kind, x.dtype)
        if error is None:
            return None
        if call.kind == "EmbeddingBag":
            try:
                spec.call(args, x.shape)
            except LayerError as rank:
                error = rank
            except Unmodelled:
                return None
        self.fail(call, error, previous, x)
        return None

    def input_dtype(self, call: Call, args: Args, x: Tensor) -> Any:
        """What the module does with data of another dtype than its float32 weights
        (layers/torch/input_dtype.py); None when the weights may not be float32 (the code may
        convert them, or the module is made with ``dtype=``) and that matters."""
        if x.dtype == FLOAT32 and self.model.torch_dtype == FLOAT32 and \
                "dtype" not in call.kwargs:
            return FLOAT32  # what module_dtype says of float32 data and weights
        return module_dtype(call, args.raw("bias"), x.dtype, len(x.shape),
                            self.model.torch_dtype)

    def retry_with_batch(self, call: Call, spec: Any, args: Args, x: Tensor,
                         previous: Any) -> None:
        """Some messages need the batch size (BatchNorm's running_mean count), so the entry
        declines an unknown one; a feature mismatch it finds for a batch of 2 is there for
        every batch. Only that kind of finding is taken, without torch's message."""
        try:
            spec.call(args, (2, *x.shape[1:]))
        except LayerError as error:
            if error.code == "LL102":
                self.fail(call, LayerError(error.code, error.message, "", error.arg,
                                           error.expected, error.found), previous, x)
        except Unmodelled:
            pass

    def fail(self, call: Call, error: LayerError, previous: Any, x: Tensor | tuple) -> None:
        error = self.explain(call, error, previous, x)
        related = []
        span = call.span
        if self.call_sites:  # the forward's line that calls it; the definition is related
            span = self.call_sites[-1]
            if (span.line, span.col) != (call.span.line, call.span.col):  # not nn.Linear(..)(x)
                related.append(Related(call.span, f"{_short(text_of(self.source, call.span))} "
                                       "is defined here"))
        if isinstance(previous, (Call, TorchSequential)):
            related.append(Related(previous.span, "the previous module produces this input"))
        elif isinstance(x, Tensor) and x.origin is not None and x.origin.origin is not None:
            related.append(Related(x.origin.origin, "the input is created here"))
        failure = Failure(error, span, self.where(call), related,
                          self.fixes_for(call, error, previous, x), self.layer_index())
        failure.rejects_input = error.code == "LL101" and x is self.probe_input
        raise failure

    def where(self, node: Any) -> str:
        rows = self.current.rows
        return rows[-1].name if rows else str(id(node))

    def layer_index(self) -> int | None:
        return len(self.current.rows) - 1 if self.current.rows else None

    # --- nn.Module forward ------------------------------------------------------------------

    def run_forward(self, module: TorchModule, x: Any, name: str, depth: int) -> Any:
        if module.forward is None or module.output is None:
            if module.unfollowed is not None:
                span, what = module.unfollowed
                self.note("LL903", span, f"the forward of {module.class_name} is not followed "
                          f"by layerlint ({what}); its output is unknown")
            return None
        env: dict[str, Any] = {INPUT: x}
        children = dict(module.children)
        last_module: dict[str, Any] = {INPUT: None}
        flow = self.current.flow
        made_by = {INPUT: flow.sources}  # variable -> the picture's boxes that made it
        for op in module.forward:
            inputs = [env.get(v) for v in op.inputs]
            previous = last_module.get(op.inputs[0]) if op.inputs else None
            if op.kind == "module":
                child = _resolve(children, op.target)
                path = f"{name}.{op.target}" if name else op.target
                flow.sources = made_by.get(op.inputs[0], ()) if op.inputs else ()
                self.call_sites.append(op.span)
                try:
                    env[op.out] = self.run_node(child, inputs[0], path,
                                                depth + op.target.count(".") + 1, previous)
                finally:
                    self.call_sites.pop()
                last_module[op.out] = child
                made_by[op.out] = flow.sources
                continue
            given = [(made_by.get(v, ()), value) for v, value in zip(op.inputs, inputs)]
            box = None
            if unpacks(op.kind, inputs):
                made_by[op.out] = tuple(s for sources, _ in given for s in sources)
            else:
                box = flow.box(op_label(op.kind, op.target), "", (op.span.line,), None, given, 0,
                               "op")
                made_by[op.out] = (box,)
            try:
                env[op.out] = torch_ops.apply(op, inputs, env)
                if box is not None:
                    flow.finish(box, env[op.out], 0)  # a step has no weights
                if env[op.out] is None and not (
                        inputs and all(isinstance(v, Tensor) for v in inputs)
                        and torch_ops.is_modelled(op) and self.note_unknown_op_argument(op)):
                    self.note_unmodelled_op(op, inputs, children)
            except LayerError as error:
                # The op runs in this module's own forward: torch's traceback is in it.
                owner = next((r.index for r in reversed(self.current.rows) if r.name == name),
                             None) if name else None
                failure = Failure(error, op.span, f"{op.target}@{op.span.line}:{op.span.col}",
                                  [], [], owner)
                failure.rejects_input = error.code == "LL101" and inputs[0] is self.probe_input
                raise failure from None
            last_module[op.out] = previous if op.kind in ("function", "method") and \
                torch_ops.keeps_features(op) else None
        flow.sources = made_by.get(module.output, ())
        return env.get(module.output)

    def note_unmodelled_op(self, op: Any, inputs: list[Any], children: dict[str, Any]) -> None:
        """A forward step layerlint does not model turned known tensors into an unknown."""
        if not inputs or not all(isinstance(v, Tensor) for v in inputs):
            return
        child = _resolve(children, op.target) if op.kind == "unknown" and op.target else None
        if isinstance(child, TorchUnmodelled):
            self.note(child.code, child.span, f"{child.reason}; shapes after it are unknown")
        elif op.kind == "unknown":
            self.note("LL903", op.span, f"`{_short(text_of(self.source, op.span))}` is not "
                      "followed by layerlint; shapes after it are unknown")
        elif not torch_ops.is_modelled(op):
            self.note("LL901", op.span, f"{op.target} is not modelled by layerlint; shapes "
                      "after it are unknown")

    # --- parameters -------------------------------------------------------------------------

    def static_params(self, node: Any) -> int | None:
        if isinstance(node, Call):
            if id(node) in self.params:
                return self.params[id(node)]
            if node.kind.startswith("Lazy"):
                return 0  # no parameters until a forward pass sizes them
            return _params_without_input(self.args_of(node))
        if isinstance(node, (TorchSequential, TorchModule)):
            total = 0
            for _, child in node.children:
                count = self.static_params(child)
                if count is None:
                    return None
                total += count
            return total
        return None

    # --- findings ---------------------------------------------------------------------------

    def explain(self, call: Call, error: LayerError, previous: Any, x: Any) -> LayerError:
        """Say which module produced the wrong number, and what a flatten multiplied."""
        message = error.message
        if isinstance(x, Tensor) and x.flat_from and error.code == "LL102" and call.kind in (
                "Linear",):
            factors = " x ".join(str(d) for d in x.flat_from)
            message = re.sub(r"receives (\d+) features", rf"receives \1 features ({factors})",
                             message, count=1)
        if error.code == "LL102" and self.whole_samples(call, x):
            head = message.split(" receives", 1)[0]
            features = self.args_of(call).raw("in_features")  # type: ignore[union-attr]
            message = (f"{head} receives a {len(x.shape)}-D input {list(x.shape)} and acts on its "
                       f"last axis ({x.shape[-1]} features); its in_features ({features}) are "
                       "the features of a whole sample: flatten each sample first "
                       "(nn.Flatten(), or x.view(x.size(0), -1))")
        if isinstance(previous, Call) and error.code == "LL102":
            shown = text_of(self.source, previous.span).strip()
            if len(shown) <= 60 and "\n" not in shown:
                message = message.replace("the data has", f"{shown} gives")
                if call.kind.startswith(("BatchNorm", "InstanceNorm")):
                    own = text_of(self.source, call.span).strip()
                    message = re.sub(r"receives \d+ \w+; use", f"follows {shown}: use", message,
                                     count=1) if len(own) < 60 else message
        if message == error.message:
            return error
        return LayerError(error.code, message, error.framework, error.arg, error.expected,
                          error.found)

    def whole_samples(self, call: Call, x: Any) -> bool:
        """A Linear whose in_features are the features of a whole sample of its N-D input
        (MNIST batches into Linear(784, ...)): the fix is a flatten, not its arguments."""
        args = self.args_of(call) if call.kind == "Linear" else None
        return isinstance(x, Tensor) and isinstance(args, Args) and len(x.shape) > 2 and all(
            isinstance(d, int) for d in x.shape) and product(x.shape[1:]) == args.raw(
                "in_features")

    def fixes_for(self, call: Call, error: LayerError, previous: Any, x: Any) -> list[Fix]:
        fixes: list[Fix] = []
        if error.code == "LL102" and self.whole_samples(call, x):
            return fixes  # the message says where to flatten
        if error.code == "LL102" and error.arg and error.found and error.found.isdigit():
            span = _arg_span(call, error.arg)
            if span is not None:
                old = text_of(self.source, span)
                fixes.append(Fix(f"change {error.arg} from {old} to {error.found}",
                                 [Edit.replace(span, error.found)], safe=False))
            if call.kind == "Linear" and call.func_span is not None:
                func = text_of(self.source, call.func_span)
                args = self.args_of(call)
                if func.endswith(".Linear") and isinstance(args, Args):
                    out = text_of(self.source, _arg_span(call, "out_features") or call.span)
                    fixes.append(Fix(f"use {func[:-6]}LazyLinear({out})",
                                     [Edit.replace(call.span, f"{func[:-6]}LazyLinear({out})")],
                                     safe=False))
            if "permute it" in error.message and isinstance(x, Tensor) and x.origin is not None:
                self.current.input_site_read = True  # where the model gets the data: recall
                if x.origin.span is not None and len(x.shape) == 3 and not isinstance(
                        previous, Call):
                    data = text_of(self.source, x.origin.span)
                    fixes.insert(0, Fix("permute the data to (batch, channels, length)", [
                        Edit.replace(x.origin.span, f"{data}.permute(0, 2, 1)")]))
        return fixes

    def add(self, failure: Failure, related_data: DataCall | None = None,
            every_input: bool = False) -> None:
        message = failure.error.message
        if every_input:
            message += " (this fails for every input)"
        related = list(failure.related)
        if related_data is not None:
            related.append(Related(related_data.span, "the forward pass runs here"))
        framework = failure.error.framework or None
        if framework and "?" in framework:  # the message would show sizes only the run
            framework = None  # knows (every input; a batch of a dataset of unknown size)
        self.diagnostics.append(Diagnostic(
            failure.error.code, "error", failure.span, message, model=self.model.name,
            layer=failure.layer, stage="forward", fixes=failure.fixes,
            framework_error=framework, related=related))

    # --- the report -------------------------------------------------------------------------

    def report(self) -> ModelReport:
        root_type = _kind(self.root)
        if self.report_pass is not None:
            rows = self.report_pass.rows
            output = self.report_pass.output
            shape = tuple(self.input.shape)
        else:
            self.current = Pass()
            self.list_modules(self.root, "", 0)
            rows, output, shape = self.current.rows, None, None
        root = LayerReport(-1, root_type, "", self.model.span.line, shape, first_shape(output),
                           self.static_params(self.root), 0, 0)
        flow = self.report_pass.flow.flow if self.report_pass is not None else None
        return ModelReport(
            self.model.name, "torch", "torch", self.model.span.line, shape, rows,
            display_name=root_type, built=True, root=root,
            input_dtype=self.input.dtype if self.input is not None else None,
            unfollowed=self.forward_not_followed(), flow=flow)

    def forward_not_followed(self) -> Unfollowed | None:
        """The model's own forward stopped the trace (its LL903 note): counted as not followed."""
        root = self.root
        if not isinstance(root, TorchModule) or root.forward is not None or \
                root.unfollowed is None:
            return None
        span, what = root.unfollowed
        return Unfollowed("torch nn.Module", self.model.name, self.model.span,
                          f"its forward could not be followed ({what}, line {span.line})",
                          framework="torch")

    def list_modules(self, node: Any, name: str, depth: int) -> None:
        if depth > 0:
            self.row(node, name, depth, _line(node))
        for child_name, child in getattr(node, "children", []) or []:
            self.list_modules(child, f"{name}.{child_name}" if name else child_name, depth + 1)


# --- helpers --------------------------------------------------------------------------------------


_KNOWN = frozenset((int, float, str, bool, type(None)))


def _known_chain(node: Any) -> bool:
    """Catalogue modules in (nested) Sequentials only, with no argument left unknown."""
    if type(node) is TorchSequential:
        for _, child in node.children:
            if not _known_chain(child):
                return False
        return True
    if type(node) is not Call:
        return False
    if _KNOWN.issuperset(map(type, node.args)) and (not node.kwargs or _KNOWN.issuperset(
            map(type, node.kwargs.values()))):
        return True  # plain values only (the common case, at C speed)
    return not _has_unknown(node.args) and not _has_unknown(tuple(node.kwargs.values()))


def _has_unknown(value: Any) -> bool:
    if value is UNKNOWN or isinstance(value, UnknownNumber):
        return True
    return isinstance(value, (tuple, list)) and any(_has_unknown(v) for v in value)


def _kind(node: Any) -> str:
    if isinstance(node, Call):
        return node.kind
    if isinstance(node, TorchSequential):
        return "Sequential"
    if isinstance(node, TorchModule):
        return node.class_name
    if isinstance(node, TorchUnmodelled) and node.kind:
        return node.kind
    return "?"


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= 40 else text[:37] + "..."


def _line(node: Any) -> int:
    span = getattr(node, "span", None)
    return span.line if span is not None else 0


def _resolve(children: dict[str, Any], path: str) -> Any:
    node: Any = None
    current = children
    for part in path.split("."):
        node = current.get(part, UNKNOWN)
        current = dict(getattr(node, "children", []) or [])
    return node


def _bind_module(call: Call) -> Args | LayerError | None:
    """The module's arguments as its ``__init__`` binds and validates them; None when it is not
    modelled or an argument it needs could not be evaluated."""
    spec = lookup("torch", call.kind)
    try:
        args = bind(spec, call, call.kind) if spec else None
        if spec and spec.validate and args is not None:
            spec.validate(args)
        return args
    except LayerError as error:
        return error
    except Unmodelled:
        return None


def _params_without_input(args: Any) -> int | None:
    """Parameters of a module never called: the count its arguments fix alone."""
    if not isinstance(args, Args):
        return None
    spec = lookup("torch", args.layer_type)
    if spec is None:
        return None
    for rank in range(1, 6):  # the count does not depend on the input's unknown sizes
        try:
            out = spec.call(args, (UNKNOWN_DIM,) * rank)
        except (LayerError, Unmodelled):
            continue
        return out.params if isinstance(out.params, int) else None
    return None


def _arg_span(call: Call, name: str) -> Span | None:
    spec = lookup("torch", call.kind)
    if spec is None:
        return None
    if name in call.arg_spans:
        return call.arg_spans[name]
    positional = [p.name for p in spec.signature if not p.keyword_only]
    if name in positional and positional.index(name) in call.arg_spans:
        return call.arg_spans[positional.index(name)]
    return None
