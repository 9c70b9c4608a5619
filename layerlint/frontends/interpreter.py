"""A small abstract interpreter for scripts: it follows straight-line code, never runs it.

It walks statements in execution order with known values where the code makes them plain
(constants, numpy shapes, imported Keras names) and unknown values elsewhere. Regions that may run
zero or several times (branches, loops, except handlers) run in a :class:`Context`; a model created
outside such a region and changed inside it gets an ``Opaque`` event instead of a guess.
Local functions are followed where they are called; functions never called are read on their own.
"""

from __future__ import annotations

import ast
from typing import Any

from ..ir import UNKNOWN, ModelIR, TensorRef, Unfollowed
from . import accumulation, library, text_data, unfollowed
from .library import symbols
from .literals import PREFIX as LITERAL_PREFIX
from .calls import BASE_STEPS
from .expressions import Expressions, iteration_values, truth_of
from .names import canonical, dialect_hint
from .plain_loops import (
    MAX_PLAIN_EVALUATIONS,
    MAX_PLAIN_TOTAL,
    is_plain_element,
    plain_loop_plan,
)
from .python_builtins import BUILTINS, star_name
from .scopes import (
    FALLS_THROUGH,
    MISSING,
    Outcome,
    Scope,
    assigned_names,
    count_statements,
    dotted_name,
    has_jump,
    kept_on,
    merge,
    walk_local,
)
from .source import SourceMap
from .subclass import Trace, TraceStopped
from .values import (
    ANY_NUMBER,
    Context,
    Data,
    Instance,
    LocalClass,
    LocalFunction,
    ModelState,
    Ref,
    Repeated,
    Sym,
    as_int,
    is_plain,
    named_value,
    NAMED_AS_THEY_ARE,
)

MAX_BLOCK_DEPTH = 100  # nested blocks followed, across followed calls
MAX_UNROLLED_STATEMENTS = 4_000
_EXITS = {"sys.exit", "builtins.exit", "builtins.quit", "os._exit"}


class Interpreter(Expressions):
    # statement class -> its handler (``Interpreter.exec_Assign``), one table per class
    exec_handlers: dict[type, Any] = {}

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        cls.exec_handlers = {}

    # Counters and settings every run starts with (class attributes: set per run only once
    # changed; the methods rebind them, never change them in place).
    depth = 0  # nested expressions being evaluated (ev)
    block_depth = 0
    steps = 0
    statements: list[ast.stmt] | None = None  # every statement, once counted (exact_budget)
    created = 0  # objects created so far (Call.order)
    image_data_format: Any = "channels_last"  # Keras' default, unless the code sets it
    plain_evaluations = 0  # by plain loops and comprehensions (plain_loops.py)

    def __init__(self, tree: ast.Module, smap: SourceMap) -> None:
        self.tree = tree
        self.smap = smap
        self.span = smap.span  # type: ignore[method-assign] - the method below, one call less
        self.models: list[ModelState] = []
        self.hints: list[str] = []
        self.contexts: list[Context] = [Context("at top level")]
        self.module = Scope(None, "module", {"__name__": "__main__"})
        self.scope = self.module
        self.call_stack: list[ast.AST] = []
        self.executed_functions: set[int] = set()
        # BASE_STEPS + twice the file's statements; until the steps pass this lower bound (the
        # module's own statements), the statements of nested blocks need no count (exact_budget)
        self.budget = BASE_STEPS + 2 * len(tree.body)
        # TextVectorization layers by id of their Call (text_data.py); the state keeps it alive.
        self.vectorizers: dict[int, text_data.VectorizerState] = {}
        symbols.start_file()  # named sizes the library entries make (library/symbols.py)
        # Keras subclasses (subclass.py): instances followed, the methods being followed (for
        # super()), and the graph of the ``call`` being traced.
        self.instances: list[Instance] = []
        self.method_owners: list[tuple[Instance, LocalClass]] = []
        self.tracing: Trace | None = None
        self.init_graphs()
        # Model-like constructs met but not followed (frontends/unfollowed.py).
        self.unfollowed: list[Unfollowed] = []
        # (old, new) objects replaced in place while a loop body or a branch runs, one frame per
        # such region: what it changed in outer scopes is unknown afterwards (forget_changes).
        self.change_log: list[list[tuple[Any, Any]]] = []

    # --- entry points ---------------------------------------------------------------------------

    def run(self) -> list[ModelIR]:
        self.exec_block(self.tree.body)
        self._read_uncalled_functions()
        for state in self.models:
            state.ir.name = state.ir.name or "<unnamed>"
        tensors = self.tensors_model()
        return [state.ir for state in self.models] + ([tensors] if tensors else [])

    def _read_uncalled_functions(self) -> None:
        """Functions never called from followed code are read on their own: parameters unknown,
        module variables as the module leaves them (such functions run, if at all, after the
        module has loaded), except models: when such a function would change a module-level
        model is unknown, so that is no event of the model."""
        if not self.smap.may_define_functions:  # no `def` in the text: no function to read
            return
        if self.statements is None:
            defined = _function_definitions(self.tree.body)
        else:
            defined = [node for node in self.statements
                       if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))]
        snapshot = Scope(None, "module")
        for name, value in self.module.vars.items():
            snapshot.vars[name] = Sym(name) if isinstance(value, ModelState) else value
        snapshot.star_imports = list(self.module.star_imports)
        for node in defined:
            if id(node) in self.executed_functions:
                continue
            known = {_signature(m) for m in self.models}
            before = len(self.models)
            self.call_function(LocalFunction(node, snapshot), [], {}, node, standalone=True)
            # A function read on its own may call one already followed: same model, same events.
            self.models[before:] = [m for m in self.models[before:] if _signature(m) not in known]

    def exact_budget(self) -> int:
        """The step budget, BASE_STEPS plus twice every statement of the file (nested ones
        included), counted when the steps first pass its lower bound."""
        if self.statements is None:
            self.statements = _function_definitions(self.tree.body, statements=True)
            self.budget = BASE_STEPS + 2 * len(self.statements)
        return self.budget

    # --- helpers ----------------------------------------------------------------------------------

    def span(self, node: ast.AST):
        return self.smap.span(node)

    def hint(self, value: str | None) -> None:
        if value and value not in self.hints:
            self.hints.append(value)

    def environment_hint(self, key: Any, value: Any, default: bool = False) -> None:
        """``os.environ[key] = value`` (``setdefault`` when ``default``) that decides which Keras
        runs: TF_USE_LEGACY_KERAS, or KERAS_BACKEND while Keras is not imported yet (Keras reads
        it once, at import; frontends/keras_backend.py)."""
        if key == "TF_USE_LEGACY_KERAS":
            self.hint("TF_USE_LEGACY_KERAS")
        elif key == "KERAS_BACKEND" and isinstance(value, str) and not any(
                h in ("keras", "tensorflow.keras", "tf_keras") or h.startswith("keras.")
                for h in self.hints):
            self.hint(("KERAS_BACKEND?=" if default else "KERAS_BACKEND=") + value)

    def push(self, reason: str) -> Context:
        context = Context(reason)
        self.contexts.append(context)
        return context

    def pop(self) -> None:
        self.contexts.pop()

    def lookup(self, name: str) -> Any:
        value = self.scope.lookup(name)
        return self.unbound(name) if value is MISSING else value

    def unbound(self, name: str) -> Any:
        """A name no scope binds: from a star import, a builtin, else unknown."""
        for scope in self.scope.chain():
            for module in reversed(scope.star_imports):
                ref = star_name(module, name)
                if ref is not None:
                    return ref
        if name in BUILTINS:
            return Ref(f"builtins.{name}")
        return Sym(name)

    def assign(self, name: str, value: Any) -> None:
        if "." in name:
            self._assign_dotted(name, value)
            return
        scope = self.scope
        if scope.declared_global and name in scope.declared_global:
            scope = scope.module()
        if value.__class__ not in NAMED_AS_THEY_ARE:
            value = named_value(name, value)
        scope.vars[name] = value
        if scope.dotted_roots and name in scope.dotted_roots:
            # `self = ...` forgets what was known of `self.model`
            prefix = name + "."
            for key in [key for key in scope.vars if key.startswith(prefix)]:
                del scope.vars[key]

    def _assign_dotted(self, name: str, value: Any) -> None:
        """``assign`` of a dotted key (``self.model``): bound by its path."""
        scope = self.scope
        root = name.split(".")[0]
        if scope.declared_global and root in scope.declared_global:
            scope = scope.module()
        if value.__class__ not in NAMED_AS_THEY_ARE:
            value = named_value(name, value)
        scope.vars[name] = value
        scope.dotted_roots.add(root)
        self.dotted_keys = True

    def replace_everywhere(self, old: Any, new: Any) -> None:
        """An object changed in place: every name bound to it, and every container holding it
        (``d["a"].append(x)``), now sees the new value."""
        memo: dict[int, Any] = {}
        for scope in self.scope.chain():
            for key, value in scope.vars.items():
                if value is old:
                    scope.vars[key] = new if not isinstance(new, Sym) else Sym(key)
                elif isinstance(value, (list, tuple, dict)):
                    scope.vars[key] = _substitute(value, old, new, memo, 0)
        for instance in self.instances:  # `self.blocks.append(layer)` in __init__
            for key, value in instance.attrs.items():
                if value is old:
                    instance.attrs[key] = new if not isinstance(new, Sym) else UNKNOWN
                elif isinstance(value, (list, tuple, dict)):
                    instance.attrs[key] = _substitute(value, old, new, memo, 0)
        for frame in self.change_log:
            frame.append((old, new))

    def forget_changes(self, changed: list[tuple[Any, Any]]) -> None:
        """Objects a loop body or a branch changed in place may or may not have changed
        afterwards (the body ran any number of times, the branch maybe not at all): unknown."""
        for _, new in changed:
            if isinstance(new, (list, dict, Repeated)):
                self.replace_everywhere(new, Sym("?"))

    # --- statements -----------------------------------------------------------------------------

    def exec_block(self, body: list[ast.stmt]) -> Outcome:
        if self.block_depth >= MAX_BLOCK_DEPTH:
            return self.skip_block(body)
        self.block_depth += 1
        try:
            return self._exec_block(body)
        finally:
            self.block_depth -= 1

    def skip_block(self, body: list[ast.stmt]) -> Outcome:
        """A block nested too deeply (counting followed calls) is not followed: what it assigns
        becomes unknown and models it uses are no longer followed."""
        rebound, mutated = assigned_names(body)
        for name in rebound | mutated:
            self.assign(name, Sym(name))
        for statement in body:
            self.escape_scan(statement)
        returns = any(isinstance(n, ast.Return) for n in walk_local(body))
        return Outcome(may=frozenset({"return"} if returns else ()))

    def _exec_block(self, body: list[ast.stmt]) -> Outcome:
        may: set[str] = set()
        pushed = 0
        exits = False
        handlers = self.exec_handlers  # statement class -> handler, dispatched here
        for statement in body:
            self.steps += 1
            handler = handlers.get(statement.__class__) or self.statement_handler(statement)
            outcome = handler(self, statement)
            if outcome is FALLS_THROUGH:  # most statements
                continue
            may |= outcome.may
            if outcome.exits:
                exits = True
                break
            if outcome.may and not pushed:
                reason = "after an early " + min(outcome.may)
                self.push(reason)
                pushed += 1
        for _ in range(pushed):
            self.pop()
        if not exits and not may:
            return FALLS_THROUGH
        return Outcome(exits, frozenset(may))

    def statement_handler(self, node: ast.stmt) -> Any:
        """The handler of a statement's class (``exec_Assign``), kept in ``exec_handlers``."""
        kind = node.__class__
        self.exec_handlers[kind] = getattr(type(self), f"exec_{kind.__name__}", _not_followed)
        return self.exec_handlers.get(kind)  # (as the table gives it: tests/work_count.py's)

    def exec_Expr(self, node: ast.Expr) -> Outcome:
        value = node.value
        if value.__class__ is _CALL and not self._model_method(value.func) and \
                dotted_name(value.func):  # `sys.exit()`: no side effects
            func = self.ev(value.func)
            if isinstance(func, Ref) and func.qualname in _EXITS:
                return Outcome(exits=True)
        self.ev(value)
        return FALLS_THROUGH

    def _model_method(self, func: ast.expr) -> bool:
        """Whether ``func`` is ``model.fit``-like on a followed model's name: evaluated alone,
        it is UNKNOWN (no exit), with no side effect (no dotted key may bind it otherwise)."""
        return func.__class__ is _ATTRIBUTE and func.value.__class__ is _NAME and \
            not self.dotted_keys and not func.value.id.startswith(LITERAL_PREFIX) and \
            isinstance(self.lookup(func.value.id), ModelState)  # type: ignore[attr-defined]

    def exec_Assign(self, node: ast.Assign) -> Outcome:
        before = len(self.unfollowed)
        value = self.ev(node.value)
        if len(self.unfollowed) > before:
            unfollowed.name_records(self.unfollowed[before:], node.targets)
        for target in node.targets:
            if target.__class__ is _NAME:  # bind() of a name, inline
                self.assign(target.id, value)  # type: ignore[attr-defined]
            else:
                self.bind(target, value, node)
        return FALLS_THROUGH

    def exec_AnnAssign(self, node: ast.AnnAssign) -> Outcome:
        if node.value is not None:
            before = len(self.unfollowed)
            value = self.ev(node.value)
            unfollowed.name_records(self.unfollowed[before:], [node.target])
            self.bind(node.target, value, node)
        return FALLS_THROUGH

    def exec_AugAssign(self, node: ast.AugAssign) -> Outcome:
        target = node.target
        if isinstance(target, ast.Name):
            old = self.lookup(target.id)
            new = self.binop(node.op, old, self.ev(node.value), node)
            if isinstance(old, list):  # `+=` on a list changes it in place
                self.replace_everywhere(old, new)
            self.assign(target.id, new)
            return FALLS_THROUGH
        self.ev(node.value)
        if self.model_root(target) is not None:
            self.opaque_attribute(target, node)
        elif isinstance(target, ast.Attribute) and dotted_name(target):
            self.assign(dotted_name(target), Sym(dotted_name(target)))  # type: ignore[arg-type]
        return FALLS_THROUGH

    def exec_Return(self, node: ast.Return) -> Outcome:
        value = self.ev(node.value) if node.value is not None else None
        self.scope.returns.append(value)
        return Outcome(exits=True, may=frozenset({"return"}))

    def exec_Raise(self, node: ast.Raise) -> Outcome:
        if node.exc is not None:
            self.escape_scan(node.exc)
        return Outcome(exits=True)

    def exec_Break(self, node: ast.Break) -> Outcome:
        return Outcome(exits=True, may=frozenset({"break"}))

    def exec_Continue(self, node: ast.Continue) -> Outcome:
        return Outcome(exits=True, may=frozenset({"continue"}))

    def exec_Delete(self, node: ast.Delete) -> Outcome:
        for target in node.targets:
            name = dotted_name(target)
            if isinstance(target, (ast.Name, ast.Attribute)) and name:
                if isinstance(target, ast.Attribute) and self.model_root(target) is not None:
                    self.opaque_attribute(target, node)
                    continue
                self.scope.vars.pop(name, None)
            else:
                self.bind(target, UNKNOWN, node)
        return FALLS_THROUGH

    def exec_Global(self, node: ast.Global) -> Outcome:
        self.scope.declared_global.update(node.names)
        return FALLS_THROUGH

    def exec_Import(self, node: ast.Import) -> Outcome:
        for alias in node.names:
            self.hint(dialect_hint(alias.name))
            if alias.asname:
                self.assign(alias.asname, Ref(canonical(alias.name)))
            else:
                top = alias.name.split(".")[0]
                self.assign(top, Ref(canonical(top)))
        return FALLS_THROUGH

    def exec_ImportFrom(self, node: ast.ImportFrom) -> Outcome:
        module = node.module or ""
        if node.level:
            module = "<relative>." + module if module else "<relative>"
        for alias in node.names:
            if alias.name == "*":
                self.hint(dialect_hint(module))
                self.scope.star_imports.append(canonical(module))
                continue
            full = f"{module}.{alias.name}" if module else alias.name
            self.hint(dialect_hint(full))
            self.assign(alias.asname or alias.name, Ref(canonical(full)))
        return FALLS_THROUGH

    def exec_FunctionDef(self, node: ast.FunctionDef | ast.AsyncFunctionDef) -> Outcome:
        for decorator in node.decorator_list:
            self.escape_scan(decorator)
        self.assign(node.name, LocalFunction(node, self.scope, self._defaults(node)))
        return FALLS_THROUGH

    exec_AsyncFunctionDef = exec_FunctionDef

    def _defaults(self, node: ast.FunctionDef | ast.AsyncFunctionDef) -> dict[str, Any]:
        """Default values, evaluated where the function is defined (as Python does)."""
        args = node.args
        values = {}
        positional = args.posonlyargs + args.args
        for arg, default in zip(positional[len(positional) - len(args.defaults) :], args.defaults):
            values[arg.arg] = self.ev(default)
        for arg, default in zip(args.kwonlyargs, args.kw_defaults):
            if default is not None:
                values[arg.arg] = self.ev(default)
        return values

    def exec_ClassDef(self, node: ast.ClassDef) -> Outcome:
        # Bases name the framework class it derives from (a call there is not evaluated).
        bases = tuple(self.ev(base) if isinstance(base, (ast.Name, ast.Attribute)) else UNKNOWN
                      for base in node.bases)
        cls = LocalClass(node.name, node, self.scope, bases)
        self.read_constants(cls)  # class-level constants, as Python evaluates them here
        self.assign(node.name, cls)
        return FALLS_THROUGH

    def exec_Assert(self, node: ast.Assert) -> Outcome:
        self.ev(node.test)
        return FALLS_THROUGH

    def exec_With(self, node: ast.With | ast.AsyncWith) -> Outcome:
        for item in node.items:
            self.ev(item.context_expr)
            if item.optional_vars is not None:
                self.bind(item.optional_vars, UNKNOWN, node)
        return self.exec_block(node.body)

    exec_AsyncWith = exec_With

    def exec_If(self, node: ast.If) -> Outcome:
        condition = truth_of(self.ev(node.test))
        if condition is True:
            return self.exec_block(node.body)
        if condition is False:
            return self.exec_block(node.orelse)
        if self.tracing is not None:
            self.traced_condition(node)  # `if training:`: both paths, else not followed
        return self.branches([node.body, node.orelse], "under a condition", node)

    def branches(self, blocks: list[list[ast.stmt]], reason: str,
                 node: ast.AST | None = None) -> Outcome:
        """Run each block as an alternative; variables afterwards are what all paths agree on."""
        base = self.scope.vars
        paths: list[dict[str, Any]] = []
        may: set[str] = set()
        self.change_log.append([])
        for block in blocks:
            self.scope.vars = dict(base)
            self.push(reason)
            outcome = self.exec_block(block)
            self.pop()
            may |= outcome.may
            if not outcome.exits:
                paths.append(self.scope.vars)
        changed = self.change_log.pop()
        if not paths:
            self.scope.vars = base
            self.forget_changes(changed)
            return Outcome(exits=True, may=frozenset(may))
        merged = merge(paths)
        if node is not None:
            merged = self.join_paths(paths, merged, node)
        self.scope.vars = merged
        self.forget_changes(changed)
        return Outcome(may=frozenset(may))

    def exec_Match(self, node: ast.Match) -> Outcome:
        self.ev(node.subject)
        blocks = [case.body for case in node.cases] + [[]]
        names, _ = assigned_names([c.pattern for c in node.cases])  # type: ignore[misc]
        for name in names:
            self.assign(name, Sym(name))
        return self.branches(blocks, "in a match case")

    def exec_For(self, node: ast.For | ast.AsyncFor) -> Outcome:
        iterable = self.ev(node.iter)
        items = iteration_values(iterable)
        size = kept_on(node, "_layerlint_statements", lambda: count_statements(node.body))
        if (
            items is not None
            and not isinstance(node, ast.AsyncFor)
            and not kept_on(node, "_layerlint_jump", lambda: has_jump(node.body))
            and len(items) * size <= MAX_UNROLLED_STATEMENTS
            and (self.steps + len(items) * size < self.budget
                 or self.steps + len(items) * size < self.exact_budget())
        ):
            for item in items:
                # nested loops multiply: stop unrolling
                if self.steps > self.budget and self.steps > self.exact_budget():
                    return self.loop(node, node.body, node.orelse, node.target, iterable)
                self.bind(node.target, item, node)
                outcome = self.exec_block(node.body)
                if outcome.exits:
                    return outcome
            return self.exec_block(node.orelse)
        if self.tracing is not None:
            raise TraceStopped(self.span(node.iter), "a loop over run-time values")
        if isinstance(node, ast.For) and self.plain_loop(node, iterable):
            return FALLS_THROUGH
        return self.loop(node, node.body, node.orelse, node.target, iterable)

    exec_AsyncFor = exec_For

    def may_evaluate(self, evaluations: int) -> bool:
        """Whether a plain loop or comprehension may evaluate this many expressions."""
        if evaluations > MAX_PLAIN_EVALUATIONS:
            return False
        if self.plain_evaluations + evaluations > MAX_PLAIN_TOTAL:
            return False
        self.plain_evaluations += evaluations
        return True

    def plain_loop(self, node: ast.For, iterable: Any) -> bool:
        """Run a long loop that only assigns names and appends to lists (see plain_loops);
        False, with nothing changed, when it is not one or an element is not plain."""
        plan = plain_loop_plan(node)
        if plan is None or not isinstance(iterable, range):
            return False
        receivers = {name: self.lookup(name) for kind, name, _ in plan if kind == "append"}
        if not all(isinstance(value, list) for value in receivers.values()):
            return False
        names = {node.target.id} | {name for kind, name, _ in plan if kind == "assign"}  # type: ignore[attr-defined]
        if names & self.scope.declared_global or not self.may_evaluate(len(iterable) * len(plan)):
            return False
        saved = {name: self.scope.vars.get(name, MISSING) for name in names}
        appended: dict[str, list[Any]] = {name: [] for name in receivers}
        for item in iterable:
            self.assign(node.target.id, item)  # type: ignore[attr-defined]
            for kind, name, expression in plan:
                value = self.ev(expression)
                if kind == "assign":
                    self.assign(name, value)
                elif is_plain_element(value):
                    appended[name].append(value)
                else:
                    for key, old in saved.items():  # leave the loop to the general rule
                        if old is MISSING:
                            self.scope.vars.pop(key, None)
                        else:
                            self.scope.vars[key] = old
                    return False
        for name, receiver in receivers.items():
            self.replace_everywhere(receiver, receiver + appended[name])
        return True

    def exec_While(self, node: ast.While) -> Outcome:
        if truth_of(self.ev(node.test)) is False:
            return self.exec_block(node.orelse)
        if self.tracing is not None:
            raise TraceStopped(self.span(node.test), "a while loop")
        return self.loop(node, node.body, node.orelse, None)

    def loop(self, node: ast.AST, body: list[ast.stmt], orelse: list[ast.stmt], target,
             iterable: Any = None) -> Outcome:
        """A loop run an unknown number of times: its body runs once, with every variable it
        changes unknown (it may hold the value of any earlier iteration); lists it only appends
        to are built as accumulation.py says."""
        rebound, mutated = _assigned_in(node, "body", body)
        if target is not None:
            rebound |= assigned_names([ast.Assign(targets=[target], value=ast.Constant(None))])[0]
        base = self.scope.vars
        self.scope.vars = dict(base)
        self.note_keys(rebound)
        for name in rebound:
            self.scope.vars[name] = Sym(name)
        for name in mutated:
            if isinstance(self.scope.vars.get(name), (list, dict)):
                self.scope.vars[name] = Sym(name)
        recorders = self.start_accumulating(body, base)
        item = accumulation.item_of(iterable) if target is not None else None
        if item is not None and (recorders or item is not ANY_NUMBER):
            # every row of an array has the same shape; a range gives a number each time (a
            # name, kept where no list is built, names an unknown value in notes)
            self.bind(target, item, node)
        self.change_log.append([])
        self.push("inside a loop")
        outcome = self.exec_block(body)
        self.pop()
        changed = self.change_log.pop()
        self.scope.vars = merge([base, self.scope.vars])
        for name in rebound | mutated:  # a `break` may leave any value of an iteration behind
            if name in rebound or isinstance(self.scope.vars.get(name), (list, dict)):
                self.scope.vars[name] = Sym(name)
        self.forget_changes(changed)
        trips = accumulation.trip_count(iterable) if target is not None else "?"
        self.finish_accumulating(recorders, trips, changed)
        may = outcome.may - {"break", "continue"}
        if orelse:
            after = self.branches([orelse, []], "in a loop's else clause")
            may |= after.may
        return Outcome(may=frozenset(may))

    def start_accumulating(self, body: list[ast.stmt], base: dict[str, Any]) -> dict[str, Any]:
        """Put a Recorder in place of each list the body only appends to."""
        recorders: dict[str, Any] = {}
        originals: list[Any] = []
        for name, once in accumulation.accumulators(body).items():
            owner = next((s for s in self.scope.chain()
                          if name in (base if s is self.scope else s.vars)), None)
            if owner is None:
                continue
            original = (base if owner is self.scope else owner.vars)[name]
            if not isinstance(original, (list, Repeated)) or any(original is o for o in originals):
                continue
            originals.append(original)
            recorder = accumulation.Recorder(original)
            owner.vars[name] = recorder
            recorders[name] = (recorder, once, owner)
        return recorders

    def finish_accumulating(self, recorders: dict[str, Any], trips: Any,
                            changed: list[tuple[Any, Any]]) -> None:
        touched = [old for old, _ in changed]
        for name, (recorder, once, owner) in recorders.items():
            original = recorder.initial
            if not recorder.appended:
                result: Any = original  # never reached: the list is as it was
            elif any(original is old for old in touched):
                result = None  # also changed another way (through an alias)
            else:
                item = accumulation.uniform_item(recorder.appended)
                appended = accumulation.times(trips, 1 if once else "?")
                result = None if item is None else accumulation.accumulated(original, item,
                                                                            appended)
            owner.vars[name] = Sym(name) if result is None else result
            if result is not None and result is not original and isinstance(original, list):
                self.replace_everywhere(original, result)  # names bound to the same list

    def exec_Try(self, node: ast.Try) -> Outcome:
        base = dict(self.scope.vars)
        outcome = self.exec_block(node.body)
        if not outcome.exits:
            outcome = Outcome(outcome.exits, outcome.may | self.exec_block(node.orelse).may)
        paths = [] if outcome.exits else [self.scope.vars]
        may = set(outcome.may)
        rebound, _ = _assigned_in(node, "body", node.body)
        self.note_keys(rebound)
        for handler in node.handlers:
            self.scope.vars = dict(base)
            for name in rebound:
                self.scope.vars[name] = Sym(name)
            if handler.name:
                self.assign(handler.name, UNKNOWN)
            self.push("in an except handler")
            handled = self.exec_block(handler.body)
            self.pop()
            may |= handled.may
            if not handled.exits:
                paths.append(self.scope.vars)
        self.scope.vars = merge(paths) if paths else base
        final = self.exec_block(node.finalbody)
        if not paths or final.exits:
            return Outcome(exits=True, may=frozenset(may | final.may))
        return Outcome(may=frozenset(may | final.may))

    exec_TryStar = exec_Try

    # --- binding --------------------------------------------------------------------------------

    def bind(self, target: ast.AST, value: Any, statement: ast.AST) -> None:
        if isinstance(target, ast.Name):
            self.assign(target.id, value)
        elif isinstance(target, (ast.Tuple, ast.List)):
            self.unpack(target.elts, value, statement)
        elif isinstance(target, ast.Starred):
            self.bind(target.value, value, statement)
        elif isinstance(target, ast.Attribute):
            owner_name = dotted_name(target.value)
            owner = self.scope.lookup(owner_name) if owner_name else MISSING
            if isinstance(owner, Instance):
                self.set_instance_attribute(owner, target.attr, value, statement)
                return
            if self.model_root(target) is not None:
                self.opaque_attribute(target, statement)
                return
            owner_name = dotted_name(target.value)
            owner = self.scope.lookup(owner_name) if owner_name else MISSING
            if isinstance(owner, text_data.TokenizerState):
                text_data.set_tokenizer_attribute(owner, target.attr, value, self.contexts[-1])
            library.attribute_stored(owner, target.attr, value)  # df.columns = [...]
            dotted = dotted_name(target)
            if dotted:
                self.assign(dotted, value)
            else:
                self.ev(target.value)
        elif isinstance(target, ast.Subscript):
            self.store_item(target, value, statement)

    def unpack(self, targets: list[ast.expr], value: Any, statement: ast.AST) -> None:
        starred = [i for i, t in enumerate(targets) if isinstance(t, ast.Starred)]
        values: list[Any] | None = None
        if isinstance(value, TensorRef) and value.index is None and not starred:
            values = [TensorRef(value.node, i) for i in range(len(targets))]  # return_state=True
        if isinstance(value, (tuple, list)):
            if not starred and len(value) == len(targets):
                values = list(value)
            elif len(starred) == 1 and len(value) >= len(targets) - 1:
                at = starred[0]
                tail = len(targets) - at - 1
                values = (
                    list(value[:at])
                    + [list(value[at : len(value) - tail])]
                    + list(value[len(value) - tail :])
                )
        for i, target in enumerate(targets):
            name = dotted_name(target.value if isinstance(target, ast.Starred) else target)
            item = values[i] if values is not None else Sym(name) if name else UNKNOWN
            self.bind(target, item, statement)

    def store_item(self, target: ast.Subscript, value: Any, statement: ast.AST) -> None:
        if self.model_root(target) is not None:
            self.opaque_attribute(target, statement)
            return
        container = self.ev(target.value)
        key = self.ev_index(target.slice)
        if dotted_name(target.value) == "os.environ":
            self.environment_hint(key, value)
        # a pandas frame may gain or lose a column (``del df[key]``: lose it)
        library.stored(container, key, deleted=isinstance(statement, ast.Delete))
        if isinstance(container, Data):
            container.max_value = container.min_value = container.bounds = None
            container.extra = {k: v for k, v in container.extra.items() if k != "texts"}
        elif isinstance(container, dict) and is_plain(key) and not isinstance(key, (list, dict)):
            self.replace_everywhere(container, {**container, key: value})
        elif isinstance(container, list):
            n = as_int(key)
            if n is not None and -len(container) <= n < len(container):
                changed = list(container)
                changed[n] = value
                self.replace_everywhere(container, changed)
            else:
                self.replace_everywhere(container, Sym("?"))


_ATTRIBUTE, _CALL, _NAME = ast.Attribute, ast.Call, ast.Name
def _not_followed(self: Interpreter, node: ast.stmt) -> Outcome:
    """The handler of statements not followed: what they do to models is scanned."""
    self.escape_scan(node)
    return FALLS_THROUGH


def _function_definitions(body: list[ast.stmt], statements: bool = False) -> list[Any]:
    """Every function defined in a block, nested ones included, in source order (statements
    only: a function can only be defined by a statement). ``statements``: every statement."""
    found = []
    stack = list(reversed(body))
    while stack:
        node = stack.pop()
        if statements or isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            found.append(node)
        fields = _BLOCK_FIELDS.get(type(node))
        if fields is None:  # the fields of this node class that hold statements
            fields = _BLOCK_FIELDS[type(node)] = tuple(
                name for name in ("body", "orelse", "finalbody", "handlers", "cases")
                if name in getattr(type(node), "_fields", ()))
        if not fields:  # a simple statement (most of them): no blocks inside
            continue
        children: list[ast.AST] = []
        for name in fields:
            children.extend(getattr(node, name, None) or [])
        stack.extend(reversed(children))
    return found


_BLOCK_FIELDS: dict[type, tuple[str, ...]] = {}
_MAX_SUBSTITUTED = 256  # items of a container searched for an object changed in place


def _substitute(value: Any, old: Any, new: Any, memo: dict[int, Any], depth: int) -> Any:
    """``value`` with ``old`` replaced by ``new`` inside its containers (a new container when
    something changed; the same object otherwise). ``memo`` keeps aliases aliased."""
    if value is old:
        return UNKNOWN if isinstance(new, Sym) else new
    if depth > 3 or not isinstance(value, (list, tuple, dict)) or len(value) > _MAX_SUBSTITUTED:
        return value
    if id(value) in memo:
        return memo[id(value)]
    if isinstance(value, dict):
        items = {k: _substitute(v, old, new, memo, depth + 1) for k, v in value.items()}
        changed = any(items[k] is not v for k, v in value.items())
        result: Any = items if changed else value
    else:
        parts = [_substitute(v, old, new, memo, depth + 1) for v in value]
        changed = any(p is not v for p, v in zip(parts, value))
        result = (type(value)(parts) if changed else value)
    memo[id(value)] = result
    return result


def _signature(model: ModelState) -> tuple:
    return tuple((type(e).__name__, e.span) for e in model.ir.events)


def _assigned_in(node: ast.AST, field: str, body: list[ast.stmt]) -> tuple[set[str], set[str]]:
    """``assigned_names`` of a block of ``node``, kept on the node (a loop in a function
    called from many places was walked at each call); fresh sets for the caller to change."""
    rebound, mutated = kept_on(node, f"_layerlint_assigned_{field}", lambda: tuple(
        frozenset(names) for names in assigned_names(body)))
    return set(rebound), set(mutated)
