"""Calls in a script: layers and other framework objects become ``ir.Call``; numpy calls make
arrays; local functions are followed (their body runs where they are called); a model handed
to code that is not followed gets an ``Opaque`` event.

A mixin of the interpreter (which provides ``ev``, ``exec_block``, scopes and contexts).
"""

from __future__ import annotations

import ast
from dataclasses import replace
from typing import Any, NamedTuple

from ..ir import UNKNOWN, Call, Opaque, TensorRef
from ..layers.keras._tf_op import lookup_tf_op
from . import library, text_data, unfollowed
from .accumulation import Recorder, accumulated
from .keras_events import ModelEvents
from .keras_graph import MERGE_FUNCTIONS, TensorGraphs, takes_tensors
from .names import KERAS2_ONLY_NAMES, is_keras
from .plain_objects import PlainObjects
from .python_builtins import MATH, builtin_call, math_call
from .scopes import MISSING, Scope, dotted_name, walk, walk_local
from .ref_attributes import REF_ATTRIBUTES, ref_attribute
from .subclass import Subclasses, TraceStopped
from .values import (
    ANY_NUMBER,
    BoundMethod,
    Data,
    Instance,
    LibraryObject,
    LocalClass,
    LocalFunction,
    ModelState,
    Ref,
    Repeated,
    Rng,
    PLAIN_TYPES,
    Sym,
    as_int,
    contains_model,
    is_plain,
    same,
    to_ir,
    unknown_names,
)

MAX_INLINE_DEPTH = 6  # nested calls of local functions followed
# Statements executed in all (unrolled loops and followed calls included): this many plus twice
# the file's statements. Past it, loops run once and calls are not followed, so any file is read
# in time linear in its size.
BASE_STEPS = 10_000

# Builtins that may change an object passed to them.
_MUTATING_BUILTINS = {"setattr", "delattr"}
_NO_OPS = {
    "numpy.random.seed", "random.seed", "tensorflow.random.set_seed", "keras.utils.set_random_seed",
    "torch.manual_seed",
}  # fmt: skip
_CHANNELS_LAST_DATASETS = {"keras.datasets.cifar10.load_data", "keras.datasets.cifar100.load_data"}
# Keras functions whose results are not objects a model is made of.
_KERAS_NON_CALLS = (
    "keras.ops.",
    "keras.backend.",
    "keras.random.",
    "keras.models.",
    "keras.saving.",
)


class CallSite(NamedTuple):
    """A call expression with its evaluated arguments (a tuple: made in one step, its fields
    read without a bytecode of their own)."""

    node: ast.Call
    args: list[Any]
    kwargs: dict[str, Any]
    arg_nodes: list[ast.AST | None]
    kw_nodes: dict[str, ast.keyword]
    complete: bool  # False when a *args/**kwargs could not be expanded


_new_call_site = tuple.__new__  # CallSite(...) without the call of its __new__


_LIST_MUTATORS = {"append", "extend", "insert", "pop", "remove", "clear", "sort", "reverse"}
_CHANGING_METHODS = {
    "add", "pop", "build", "compile", "fit", "evaluate", "predict", "train_on_batch",
    "test_on_batch", "predict_on_batch", "fit_generator", "evaluate_generator",
    "predict_generator", "__call__",
}  # fmt: skip


class Calls(ModelEvents, TensorGraphs, Subclasses, PlainObjects):
    """Mixin: calls and what escapes them."""

    vectorizers: dict[int, text_data.VectorizerState]  # set by the interpreter
    # Whether any scope may hold a dotted key (``self.model``): until one is bound, no dotted
    # name is looked up (set by Interpreter.assign and note_keys).
    dotted_keys = False

    def note_keys(self, names: Any) -> None:
        """Names about to be bound in a scope's variables other than through ``assign``."""
        if not self.dotted_keys and any("." in name for name in names):
            self.dotted_keys = True
    unfollowed: list[Any]  # set by the interpreter

    # --- calls ----------------------------------------------------------------------------------

    def ev_Call(self, node: ast.Call) -> Any:
        func_node = node.func
        receiver: Any = MISSING
        # names and constants read as ev gives them (not at the depth bound), without ev
        leaves = self.depth < MAX_EXPRESSION_DEPTH
        if func_node.__class__ is _ATTRIBUTE:
            if self.dotted_keys and (dotted := dotted_name(func_node)) and \
                    (bound := self.scope.lookup(dotted)) is not MISSING:
                func = bound  # `self.model.fit(...)` on an unknown `self`: bound by its path
            else:
                owner = func_node.value  # a name (``np.zeros``): no dispatch through ev
                receiver = self.ev_Name(owner) if owner.__class__ is _NAME and leaves \
                    else self.ev(owner)  # type: ignore[attr-defined]
                if receiver.__class__ is Ref:  # attribute() of a module's name, inline
                    key = (receiver.qualname, func_node.attr)
                    known = REF_ATTRIBUTES.get(key)
                    if known is None:
                        known = REF_ATTRIBUTES[key] = ref_attribute(*key)
                    func, hints = known
                    for hint in hints:
                        self.hint(hint)  # type: ignore[attr-defined]
                else:
                    func = MISSING
        else:
            func = self.ev(func_node)
        # the arguments (a CallSite)
        args: list[Any] = []
        kwargs: dict[str, Any] = {}
        kw_nodes: dict[str, ast.keyword] = {}
        complete = True
        # read only: the call's own list of nodes while each argument is one of them
        arg_nodes: list[ast.AST | None] = node.args  # type: ignore[assignment]
        for arg in node.args:  # the usual call: no *args
            kind = arg.__class__
            if kind is _CONSTANT and leaves:  # most arguments
                args.append(arg.value)  # type: ignore[attr-defined]
                continue
            if kind is _STARRED:
                arg_nodes = list(node.args[:len(args)])
                complete = self.starred_arguments(node.args[len(args):], args, arg_nodes)
                break
            args.append(self.ev_Name(arg) if kind is _NAME and leaves  # type: ignore[attr-defined]
                        else self.ev(arg))
        for keyword in node.keywords:
            value = keyword.value
            value = value.value if value.__class__ is _CONSTANT and leaves else \
                self.ev(value)  # type: ignore[attr-defined]
            name = keyword.arg
            if name is None:
                if isinstance(value, dict) and all(isinstance(k, str) for k in value):
                    kwargs.update(value)
                else:
                    complete = False
            else:
                kwargs[name] = value
                kw_nodes[name] = keyword
        call = _new_call_site(CallSite, (node, args, kwargs, arg_nodes, kw_nodes, complete))
        if func is MISSING:
            return self.method_call(receiver, func_node.attr, call)  # type: ignore[attr-defined]
        if func.__class__ is not Ref:
            return self.function_call(func, call)
        qualname = func.qualname
        quiet = _UNACCOUNTED.get(qualname)
        if quiet is None:
            quiet = _unaccounted(qualname)
        if quiet is _ENVIRONMENT:  # os.environ.setdefault / update
            self.environment_call(qualname.rsplit(".", 1)[1], call)
        made = self.reference_call(func, call)  # function_call of a Ref, inline
        if not quiet:
            self.account(func, call, made)
        return made

    def environment_call(self, name: str, call: CallSite) -> None:
        """``os.environ.setdefault(key, value)`` / ``os.environ.update({...})``: what it sets
        about which Keras runs (``environment_hint``)."""
        if name == "update" and len(call.args) == 1 and isinstance(call.args[0], dict):
            for key, value in call.args[0].items():
                self.environment_hint(key, value)
        elif name == "setdefault" and len(call.args) == 2:
            self.environment_hint(call.args[0], call.args[1], default=True)

    def starred_arguments(self, rest: list[ast.expr], args: list[Any],
                          arg_nodes: list[ast.AST | None]) -> bool:
        """The positional arguments from the first ``*args`` on, added to ``args`` (each
        expanded item without a node of its own); False when a ``*args`` is not expanded."""
        complete = True
        for arg in rest:
            if isinstance(arg, ast.Starred):
                value = self.ev(arg.value)
                if isinstance(value, (tuple, list)) and len(value) <= 1000:
                    args.extend(value)
                    arg_nodes.extend([None] * len(value))
                else:
                    complete = False
            else:
                args.append(self.ev(arg))
                arg_nodes.append(arg)
        return complete

    def method_call(self, receiver: Any, name: str, call: CallSite) -> Any:
        node = call.node
        if isinstance(receiver, ModelState):
            return self.model_method(receiver, name, call)
        origin = self.span(node)
        handled = self.instance_method(receiver, name, call)
        if handled is not MISSING:
            return handled
        if isinstance(receiver, TensorRef):  # x.reshape(...), ...: not followed
            return self.unknown_on_tensors(f".{name}()", (receiver, *call.args), node)
        if isinstance(receiver, (Data, LibraryObject)):
            return library.method(receiver, name, call.args, call.kwargs, origin)
        if isinstance(receiver, Rng):
            return library.generator_method(name, call.args, call.kwargs, origin)
        if isinstance(receiver, list):
            return self.list_method(receiver, name, call)
        if isinstance(receiver, Repeated):  # a list a loop built
            return self.repeated_method(receiver, name, call)
        if isinstance(receiver, Recorder):  # an accumulator while a loop body runs once
            if name == "append" and call.complete and len(call.args) == 1 and not call.kwargs:
                receiver.appended.append(call.args[0])
                return None
            return UNKNOWN
        if isinstance(receiver, text_data.TokenizerState):
            return text_data.tokenizer_method(receiver, name, call.args, call.kwargs, origin,
                                              self.contexts[-1])
        vectorizer = self.vectorizer_of(receiver)
        if vectorizer is not None:
            return text_data.vectorizer_method(vectorizer, name, call.args, call.kwargs, origin,
                                               self.contexts[-1])
        if isinstance(receiver, dict) and name == "get" and call.args:
            key = call.args[0]
            default = call.args[1] if len(call.args) > 1 else None
            if is_plain(key) and not isinstance(key, (list, dict)):
                return receiver.get(key, default)
            return UNKNOWN
        func_node = node.func
        assert isinstance(func_node, ast.Attribute)
        if self.model_root(func_node.value) is not None and name in _LIST_MUTATORS:
            model = self.model_root(func_node.value)
            self.record_opaque(
                model, origin, f"{self.text(func_node)}() changes the model's layers"
            )
        self.models_escape(call, self.text(func_node))
        return UNKNOWN

    def list_method(self, receiver: list, name: str, call: CallSite) -> Any:
        if name in ("append", "extend", "insert") and call.complete:
            changed = list(receiver)
            try:
                if name == "append" and len(call.args) == 1:
                    changed.append(call.args[0])
                elif name == "extend" and len(call.args) == 1:
                    extra = call.args[0]
                    if not isinstance(extra, (list, tuple)):
                        raise TypeError
                    changed.extend(extra)
                elif name == "insert" and len(call.args) == 2 and as_int(call.args[0]) is not None:
                    changed.insert(as_int(call.args[0]), call.args[1])  # type: ignore[arg-type]
                else:
                    raise TypeError
            except TypeError:
                self.replace_everywhere(receiver, Sym("?"))
                return UNKNOWN
            self.replace_everywhere(receiver, changed)
            return None
        if name == "copy":
            return list(receiver)
        if name in ("index", "count"):  # an int (or index raises, which stops the program)
            return ANY_NUMBER
        if name in _LIST_MUTATORS:
            self.replace_everywhere(receiver, Sym("?"))
        return UNKNOWN

    def repeated_method(self, receiver: Repeated, name: str, call: CallSite) -> Any:
        if name == "append" and call.complete and len(call.args) == 1 and not call.kwargs:
            grown = accumulated(receiver, call.args[0], 1)
            self.replace_everywhere(receiver, Sym("?") if grown is None else grown)
            return None
        if name == "copy":
            return receiver
        if name in ("index", "count"):
            return ANY_NUMBER
        if name in _LIST_MUTATORS:  # pop, extend, ...: its length is no longer known
            self.replace_everywhere(receiver, Sym("?"))
        return UNKNOWN

    def function_call(self, func: Any, call: CallSite) -> Any:
        made = self._function_call(func, call)
        if func.__class__ is Ref:
            quiet = _UNACCOUNTED.get(func.qualname)
            if quiet is None:
                quiet = _unaccounted(func.qualname)
            if quiet:  # a call that makes no model-like construct (account)
                return made
        self.account(func, call, made)
        return made

    def account(self, func: Any, call: CallSite, made: Any) -> None:
        """Record a model-like construct this call makes that is not followed
        (frontends/unfollowed.py): a loaded model, or a functional / subclassed model whose
        construction could not be evaluated (followed ones are models of their own)."""
        if isinstance(func, LocalClass):
            kind = unfollowed.keras_class_kind(func.bases, _class_name)
            if kind is not None and not isinstance(made, Instance):
                self.unfollowed.append(unfollowed.unevaluated(kind, self.span(call.node), made))
            return
        if not isinstance(func, Ref):
            return
        if func.qualname in _MODEL_CLASSES:
            if not isinstance(made, ModelState):
                self.unfollowed.append(
                    unfollowed.unevaluated("functional model", self.span(call.node), made))
            return
        loaded = unfollowed.loader(func.qualname)
        if loaded is not None and loaded[2] == "keras":  # torch: the torch front end's
            kind, reason, framework = loaded
            self.unfollowed.append(
                unfollowed.record(kind, reason, self.span(call.node), framework, made))

    def _function_call(self, func: Any, call: CallSite) -> Any:
        if func.__class__ is Ref:  # most calls: a library or framework function
            return self.reference_call(func, call)
        node = call.node
        on_tensors = call.complete and takes_tensors(call.args, call.kwargs)
        if on_tensors and isinstance(func, Call) and self.vectorizer_of(func) is None:
            return self.layer_on_tensors(func, call)  # layer(x), the usual call on tensors
        if on_tensors and isinstance(func, Instance) and func.layer is not None:
            return self.layer_on_tensors(func.layer, call)  # a subclassed layer or model
        if isinstance(func, BoundMethod):
            return self.call_method(func.instance, func.function, call.args, call.kwargs, node)
        if isinstance(func, Instance):
            if func.model is not None:
                return self.model_method(func.model, "__call__", call)
            return UNKNOWN
        if isinstance(func, ModelState):
            if on_tensors:  # a model used as a layer of a tensor graph
                return self.model_on_tensors(func, call)
            return self.model_method(func, "__call__", call)
        if isinstance(func, LocalFunction):
            return self.call_function(func, call.args, call.kwargs, node, call=call)
        vectorizer = self.vectorizer_of(func)
        if vectorizer is not None:
            return text_data.vectorizer_method(vectorizer, "__call__", call.args, call.kwargs,
                                               self.span(node), self.contexts[-1])
        if isinstance(func, Call) and on_tensors:
            return self.layer_on_tensors(func, call)
        if isinstance(func, LocalClass):
            made = self.instantiate(func, call)
            if made is None:
                made = self.plain_instance(func, call)
            if made is not None:
                return made
            self.models_escape(call, func.name)
            return self.make_call(func.name, f"<local>.{func.name}", call)
        if not isinstance(func, Ref):
            self.models_escape(call, self.text(node.func))
            if on_tensors:
                return self.unknown_on_tensors(self.text(node.func), call.args, node)
            return UNKNOWN
        return self.reference_call(func, call)

    def reference_call(self, func: Ref, call: CallSite) -> Any:
        """A call of a named library or framework function or class. Whether it takes
        symbolic tensors is asked only where that decides (a walk of the arguments)."""
        node = call.node
        qualname = func.qualname
        route = _ROUTES.get(qualname)
        if route is None:
            route = _ROUTES[qualname] = _route(qualname)
        if route is _LIBRARY:  # (library.call, without its call)
            return library.evaluate(qualname, call.args, call.kwargs, self.span(node))
        if route is _SEQUENTIAL:
            return self.new_model(call)
        if route is _INPUT:
            return self.keras_input(self.make_call("Input", qualname, call), call)
        if route is not _GENERAL:  # a Keras class: its kind
            made = self.make_call(route, qualname, call)
            if route == text_data.VECTORIZER and isinstance(made, Call):
                self.vectorizers[id(made)] = text_data.VectorizerState(made, self.contexts[-1])
            return made
        if qualname.startswith("builtins."):
            return self.builtin(qualname[len("builtins.") :], call)
        if qualname == "keras.Sequential":
            return self.new_model(call)
        if qualname.endswith(".set_image_data_format") and is_keras(qualname):
            self.image_data_format = call.args[0] if call.args else UNKNOWN
            return None
        if (qualname in _CHANNELS_LAST_DATASETS or qualname in library.FOLLOW_DATA_FORMAT) and \
                self.image_data_format != "channels_last":
            return UNKNOWN  # their image shapes follow the configured data format
        if library.is_function(qualname) and not (  # symbolic tensors: graphs
                qualname.startswith(("keras.", "tensorflow.")) and self.on_tensors(call)):
            if qualname in KERAS2_ONLY_NAMES:  # ImageDataGenerator: Keras 3 removed it
                self.hint(qualname)
            return library.call(qualname, call.args, call.kwargs, self.span(node))
        if qualname == "numpy.random.default_rng":
            return Rng()
        if qualname in _NO_OPS:
            return None
        if qualname in MATH:
            return math_call(qualname, call.args)
        if qualname == text_data.TOKENIZER:
            if not call.complete:
                return UNKNOWN
            return text_data.new_tokenizer(call.args, call.kwargs, self.contexts[-1])
        if is_keras(qualname):
            kind = qualname.rsplit(".", 1)[-1]
            if qualname == "keras.Model" and (call.args or {"inputs", "outputs"} & set(call.kwargs)):
                return self.functional_model(call)
            if qualname == f"keras.layers.{kind}" and kind in MERGE_FUNCTIONS and \
                    self.on_tensors(call):
                return self.merge_function(kind, qualname, call)
            if qualname in ("keras.ops.shape", "keras.ops.core.shape") and \
                    self.on_tensors(call) and len(call.args) == 1 and \
                    isinstance(call.args[0], TensorRef):
                return self.tensor_shape(call.args[0])  # a tuple for a symbolic tensor
            if qualname.startswith("keras.ops.") and self.on_tensors(call):
                return self.op_on_tensors(qualname, call)
            if (qualname.startswith(_KERAS_NON_CALLS) or kind[:1].islower()) and \
                    self.on_tensors(call):
                return self.unknown_on_tensors(qualname, call.args, node)
            if qualname.startswith(_KERAS_NON_CALLS) or qualname.count(".") == 0:
                return UNKNOWN
            made = self.make_call("Input" if qualname == "keras.Input" else kind, qualname, call)
            if qualname == "keras.Input":
                return self.keras_input(made, call)
            if kind == text_data.VECTORIZER and isinstance(made, Call):
                self.vectorizers[id(made)] = text_data.VectorizerState(made, self.contexts[-1])
            return made
        self.models_escape(call, self.text(node.func))
        on_tensors = self.on_tensors(call)
        if on_tensors and lookup_tf_op(qualname) is not None:
            return self.tf_op_on_tensors(qualname, call)  # tf.concat([a, b], 1): tf_ops.py
        if on_tensors:  # other TensorFlow functions: not followed
            return self.unknown_on_tensors(qualname, call.args, node)
        last = qualname.rsplit(".", 1)[-1]
        if last[:1].isupper() and not qualname.startswith(("numpy.", "math.")):
            return self.make_call(last, qualname, call)
        return UNKNOWN

    @staticmethod
    def on_tensors(call: CallSite) -> bool:
        """Whether a call takes symbolic tensors (its arguments all known)."""
        return call.complete and takes_tensors(call.args, call.kwargs)

    def make_call(self, kind: str, qualname: str, call: CallSite) -> Any:
        """A ``Call`` of a framework (or user) class, with the spans of its arguments."""
        if not call.complete:
            return UNKNOWN
        node = call.node
        arg_spans: dict[int | str, Any] = {}
        kwarg_spans: dict[str, Any] = {}
        names: dict[tuple, str] = {}
        args = []
        span: Any
        for i, (value, arg_node) in enumerate(zip(call.args, call.arg_nodes)):
            if arg_node is not None:
                span = arg_spans[i] = self.span(arg_node)
            else:
                span = None
            if value.__class__ in PLAIN_TYPES:  # as to_ir keeps it; no unknown name inside
                args.append(value)
                continue
            args.append(to_ir(value, span))
            names.update(unknown_names(value, (i,)))
        kwargs = {}
        for key, value in call.kwargs.items():
            keyword = call.kw_nodes.get(key)
            span = self.span(keyword.value) if keyword is not None else None
            if keyword is not None:
                arg_spans[key] = span
                kwarg_spans[key] = self.span(keyword)
            if value.__class__ in PLAIN_TYPES:
                kwargs[key] = value
                continue
            kwargs[key] = to_ir(value, span)
            names.update(unknown_names(value, (key,)))
        made = Call(
            kind,
            qualname,
            tuple(args),
            kwargs,
            self.span(node),
            func_span=self.span(node.func),
            arg_spans=arg_spans,
            kwarg_spans=kwarg_spans,
            unknown_names=names,
            order=self.created + 1,  # next_order(), inline
        )
        self.created += 1
        if self.tracing is not None:  # type: ignore[attr-defined] - subclass.py
            self.note_build_arguments(made, call)  # type: ignore[attr-defined]
        return made

    def vectorizer_of(self, value: Any) -> text_data.VectorizerState | None:
        """The TextVectorization layer behind a Call, if it is one being followed."""
        if not isinstance(value, Call):
            return None
        return self.vectorizers.get(id(value))

    def next_order(self) -> int:
        self.created += 1
        return self.created

    def call_function(
        self,
        function: LocalFunction,
        args: list[Any],
        kwargs: dict[str, Any],
        node: ast.AST,
        standalone: bool = False,
        call: CallSite | None = None,
    ) -> Any:
        """Follow a call of a local function: its body runs here, with the arguments bound."""
        definition = function.node
        # A generator or coroutine function runs its body later (when iterated or awaited).
        deferred = isinstance(definition, ast.AsyncFunctionDef) or \
            _is_generator(definition, self.smap.lines)
        recursive = definition in self.call_stack
        too_deep = len(self.call_stack) >= MAX_INLINE_DEPTH or (
            self.steps > self.budget and self.steps > self.exact_budget())
        if recursive and self.tracing is not None:
            raise TraceStopped(self.span(node), f"{definition.name}() calls itself (recursion)")
        if recursive or (not standalone and (deferred or too_deep)):
            if call is not None:
                self.models_escape(call, definition.name)
            return UNKNOWN
        scope = Scope(function.scope, "function")
        if standalone:
            scope.vars = {name: Sym(name) for name in _parameter_names(definition.args)}
        elif not _bind_parameters(definition.args, args, kwargs, function.defaults, scope):
            if call is not None:
                self.models_escape(call, definition.name)
            return UNKNOWN
        self.executed_functions.add(id(definition))
        outer, self.scope = self.scope, scope
        self.call_stack.append(definition)
        if standalone:
            self.push(f"in {definition.name}()")
        try:
            outcome = self.exec_block(definition.body)
        finally:
            if standalone:
                self.pop()
            self.call_stack.pop()
            self.scope = outer
        if deferred:
            return UNKNOWN
        returns = list(scope.returns)
        if not outcome.exits:
            returns.append(None)
        if not returns:  # it always raises (or jumps out, which Python would reject)
            return UNKNOWN
        first = returns[0]
        if all(same(first, r) for r in returns[1:]):
            return first
        joined = self.join_returns(returns, node)
        return UNKNOWN if joined is MISSING else joined

    def builtin(self, name: str, call: CallSite) -> Any:
        args = call.args
        if name == "super":
            return self.make_super()
        if name in _MUTATING_BUILTINS:
            self.models_escape(call, name)
            return None
        if not call.complete or call.kwargs and name not in ("print", "sorted", "max", "min"):
            return UNKNOWN
        try:
            return builtin_call(name, args)
        except (TypeError, ValueError, OverflowError, ArithmeticError):
            return UNKNOWN

    # --- escapes --------------------------------------------------------------------------------

    def text(self, node: ast.AST) -> str:
        return self.smap.text(node, limit=60) or "a function"

    def model_root(self, node: ast.AST) -> ModelState | None:
        """The followed model at the root of ``model.layers[0].trainable``-like targets."""
        while isinstance(node, (ast.Attribute, ast.Subscript)):
            node = node.value
            dotted = dotted_name(node)
            if dotted:
                value = self.scope.lookup(dotted)
                if isinstance(value, ModelState):
                    return value
        return None

    def models_escape(self, call: CallSite, where: str) -> None:
        """Models handed to code layerlint does not follow may be changed there (and so may
        the attributes of plain objects)."""
        seen: list[ModelState] = []
        for value in list(call.args) + list(call.kwargs.values()):
            if isinstance(value, Instance) and value.role == "plain":
                value.attrs = dict.fromkeys(value.attrs, UNKNOWN)
            for model in contains_model(value):
                if model not in seen:
                    seen.append(model)
                    self.record_opaque(
                        model,
                        self.span(call.node),
                        f"{model.ir.name or 'the model'} is passed to {where}()",
                    )

    def escape_scan(self, node: ast.AST) -> None:
        """For code that is not evaluated (lambdas, f-strings, deep expressions): a model that is
        passed to a call, called, or has a changing method called there is no longer followed."""
        flagged: set[int] = set()
        for sub in walk(node):
            if not isinstance(sub, ast.Call):
                continue
            candidates = [sub.func] + list(sub.args) + [k.value for k in sub.keywords]
            if isinstance(sub.func, ast.Attribute) and sub.func.attr in _CHANGING_METHODS:
                candidates.append(sub.func.value)
            for candidate in candidates:
                name = dotted_name(candidate)
                value = self.scope.lookup(name) if name else MISSING
                if isinstance(value, ModelState) and id(value) not in flagged:
                    flagged.add(id(value))
                    self.record_opaque(
                        value, self.span(node), f"{name} is used in code layerlint does not follow"
                    )

    def record_opaque(self, model: ModelState, span, reason: str) -> None:
        model.ir.events.append(Opaque(span, reason))

    def opaque_attribute(self, target: ast.AST, statement: ast.AST) -> None:
        model = self.model_root(target)
        if model is not None:
            self.record_opaque(model, self.span(statement), f"{self.text(target)} is assigned")


_ATTRIBUTE, _CONSTANT, _NAME, _STARRED = ast.Attribute, ast.Constant, ast.Name, ast.Starred
MAX_EXPRESSION_DEPTH = 80  # nested expressions evaluated; deeper ones are UNKNOWN (ev)
_MODEL_CLASSES = ("keras.Model", "keras.models.Model")
_UNACCOUNTED: dict[str, bool | str] = {}  # qualname -> whether ``account`` records nothing for it


_ENVIRONMENT = "environment"  # quiet, and what it sets is read (environment_call)


def _unaccounted(qualname: str) -> bool | str:
    loaded = unfollowed.loader(qualname)
    quiet: bool | str = qualname not in _MODEL_CLASSES and (
        loaded is None or loaded[2] != "keras")
    if quiet and qualname in ("os.environ.setdefault", "os.environ.update"):
        quiet = _ENVIRONMENT
    _UNACCOUNTED[qualname] = quiet
    return quiet
# How reference_call handles a name, decided by the name alone (the chain of tests in
# reference_call, run once per name): _LIBRARY: a library function on data; a class kind
# (``"Dense"``): a Keras object made by make_call; _SEQUENTIAL, _INPUT: keras.Sequential,
# keras.Input; _GENERAL: the whole chain, at every call.
_LIBRARY, _GENERAL, _SEQUENTIAL, _INPUT = object(), object(), object(), object()
_ROUTES: dict[str, Any] = {}


def _route(qualname: str) -> Any:
    if qualname == "keras.Sequential":
        return _SEQUENTIAL
    if qualname.startswith("builtins.") or \
            qualname.endswith(".set_image_data_format") or \
            qualname in _CHANNELS_LAST_DATASETS or qualname in library.FOLLOW_DATA_FORMAT:
        return _GENERAL
    if library.is_function(qualname):
        if qualname.startswith(("keras.", "tensorflow.")) or qualname in KERAS2_ONLY_NAMES:
            return _GENERAL  # on symbolic tensors: graphs
        return _LIBRARY
    if qualname in ("numpy.random.default_rng", text_data.TOKENIZER, "keras.Model",
                    "keras.ops.shape", "keras.ops.core.shape") or qualname in _NO_OPS or \
            qualname in MATH or not is_keras(qualname):
        return _GENERAL
    kind = qualname.rsplit(".", 1)[-1]
    if kind in MERGE_FUNCTIONS or qualname.startswith(_KERAS_NON_CALLS) or \
            kind[:1].islower() or qualname.count(".") == 0:
        return _GENERAL  # (``keras.ops.`` is one of the _KERAS_NON_CALLS)
    return _INPUT if qualname == "keras.Input" else kind


def _class_name(base: Any) -> Any:
    """A class base for unfollowed.keras_class_kind: a local class's own bases, or a name."""
    if isinstance(base, LocalClass):
        return base.bases
    return base.qualname if isinstance(base, Ref) else None


def _bind_parameters(
    spec: ast.arguments,
    args: list[Any],
    kwargs: dict[str, Any],
    defaults: dict[str, Any],
    scope: Scope,
) -> bool:
    """Bind call arguments to parameters as Python does; False if Python would raise."""
    positional = [a.arg for a in spec.posonlyargs + spec.args]
    values: dict[str, Any] = {}
    for name, value in zip(positional, args):
        values[name] = value
    extra = args[len(positional) :]
    if extra and spec.vararg is None:
        return False
    if spec.vararg is not None:
        values[spec.vararg.arg] = tuple(extra)
    leftover: dict[str, Any] = {}
    posonly = {a.arg for a in spec.posonlyargs}
    keyword_names = [n for n in positional if n not in posonly] + [a.arg for a in spec.kwonlyargs]
    for key, value in kwargs.items():
        if key in keyword_names:
            if key in values:
                return False
            values[key] = value
        elif spec.kwarg is not None:
            leftover[key] = value
        else:
            return False
    if spec.kwarg is not None:
        values[spec.kwarg.arg] = leftover
    for name in positional + [a.arg for a in spec.kwonlyargs]:
        if name not in values:
            if name not in defaults:
                return False
            values[name] = defaults[name]
    for name, value in values.items():
        if value is UNKNOWN:
            value = Sym(name)  # unknown to us: at least it has the parameter's name
        elif isinstance(value, Data) and value.name is None:
            value = replace(value, name=name)
        scope.vars[name] = value
    return True


def _parameter_names(spec: ast.arguments) -> list[str]:
    names = [a.arg for a in spec.posonlyargs + spec.args + spec.kwonlyargs]
    names += [a.arg for a in (spec.vararg, spec.kwarg) if a is not None]
    return names


def _is_generator(definition: ast.FunctionDef | ast.AsyncFunctionDef, lines: list[str]) -> bool:
    """Whether the function yields; kept on the node (a function called at many places was
    walked at each call: half the front end's time on framework sources). Code without the
    word ``yield`` in its text cannot yield: most functions are decided by one search."""
    known = definition.__dict__.get("_layerlint_generator")
    if known is None:
        text = "".join(lines[definition.lineno - 1:definition.end_lineno or definition.lineno])
        known = "yield" in text and any(
            isinstance(n, (ast.Yield, ast.YieldFrom)) for n in walk_local(definition.body))
        definition.__dict__["_layerlint_generator"] = known
    return known
