"""Following user code of the torch front end: ``nn.Module`` subclasses (``__init__`` with the
call's arguments, the modules it registers, its ``forward`` as TorchOps) and the file's own
functions and methods (``make_model(10)``, ``self._make_layer(...)``), run where they are called."""

from __future__ import annotations

import ast
from typing import TYPE_CHECKING, Any

from ..ir import UNKNOWN, TorchModule, TorchUnmodelled
from .interpreter import MAX_UNROLLED_STATEMENTS
from .scopes import count_statements, kept_on, mentioned_names
from .torch_forward import ForwardBuilder
from .torch_modules import (
    FELL_THROUGH,
    BoundMethod,
    LocalClass,
    Model,
    SelfState,
    SelfView,
    SeqMethod,
    assigns_self,
    bind_params,
    child_at,
    container_changes,
    creates_module,
    forget,
    is_container,
    is_module,
    is_self_call,
    is_setattr_self,
    is_super_init,
    kind_of,
    method_of,
    replace_child,
    returns,
    self_attr,
    stmt_blocks,
)
from .torch_values import Layered, Pairs

if TYPE_CHECKING:
    pass

MAX_CLASS_DEPTH = 8  # nested user modules and functions followed


class ClassFollowing:
    """The part of :class:`~layerlint.frontends.torch_events.TorchExtractor` that runs the
    file's classes and functions (a mixin: it uses the extractor's statements and values)."""

    # --- functions and methods ------------------------------------------------------------------

    def call_function(self, fn: ast.FunctionDef, args: list[Any], kwargs: dict[str, Any],
                      view: SelfView | None) -> Any:
        """A local function (or a method called from ``__init__``, ``view`` being ``self``)
        run with the call's arguments: its value is what its ``return`` gives. Where the call
        may not run (a loop, a condition), a method is not followed and what it sets on
        ``self`` becomes unknown."""
        if view is not None and self.in_uncertain:
            if assigns_self(fn):
                view.state.set(f"<unknown {len(view.state.children)}>", TorchUnmodelled(
                    None, self.smap.span(fn), f"modules registered by self.{fn.name}() in a "
                    "loop or a condition", "LL903"), True)
            return UNKNOWN
        cost = kept_on(fn, "_layerlint_statements", lambda: count_statements(fn.body)) + 16
        # (the budget of unrolled loops, shared)
        if self.class_depth >= MAX_CLASS_DEPTH or \
                self.unrolled + cost > 4 * MAX_UNROLLED_STATEMENTS:
            return UNKNOWN
        self.unrolled += cost
        args = [a.root if isinstance(a, Model) else a for a in args]
        local = bind_params(fn, args, kwargs, self.module_env, method=view is not None)
        if local is None:
            return UNKNOWN
        # As where it is defined: a model of the file is not followed into a function, unless
        # the call is a step of the script (it runs here, once: `def predict(x): return
        # model(x)`, called at top level).
        for name in mentioned_names(fn):  # only these can be read in it
            if name in self.module_env.keys() and isinstance(self.module_env[name], Model) \
                    and not dict.__contains__(local, name) and not self.tracing:
                local[name] = UNKNOWN
        if view is not None:
            local["self"] = view
        self.followed.add(id(fn))
        self.class_depth += 1
        try:
            value = self.without_grad(  # type: ignore[attr-defined]
                self.no_grad_decorated(fn, self.module_env), fn,  # type: ignore[attr-defined]
                lambda: self.follow_body(fn.body, local, view.state if view else None))
        finally:
            self.class_depth -= 1
        return None if value is FELL_THROUGH else value

    def follow_body(self, body: list[ast.stmt], env: dict[str, Any],
                    state: SelfState | None) -> Any:
        """Run a function's statements up to its ``return``; FELL_THROUGH without one; UNKNOWN
        when a return sits in a loop or a condition layerlint cannot decide."""
        for stmt in body:
            if isinstance(stmt, ast.Return):
                return self.eval(stmt.value, env) if stmt.value is not None else None
            if isinstance(stmt, ast.If) and (branch := self.taken(stmt, env)) is not None:
                value = self.follow_body(branch, env, state)
                if value is not FELL_THROUGH:
                    return value
                continue
            if returns(stmt):
                return UNKNOWN
            if state is not None:
                self.follow_init([stmt], env, state)
            else:
                self.exec_stmt(stmt, env, uncertain=False)
        return FELL_THROUGH

    def self_attribute(self, view: SelfView, attr: str) -> Any:
        """``self.<attr>`` while ``__init__`` is followed."""
        children = dict(view.state.children)
        if attr in children:
            return children[attr]
        if attr in view.state.attrs:
            return view.state.attrs[attr]
        method = method_of(view.cls, attr)
        return BoundMethod(view, method) if method is not None else UNKNOWN

    # --- nn.Module subclasses -------------------------------------------------------------------

    def instantiate(self, cls: LocalClass, node: ast.Call, args: list[Any],
                    kwargs: dict[str, Any]) -> Any:
        span = self.smap.span(node)
        name = cls.node.name
        if self.class_depth >= MAX_CLASS_DEPTH:
            return TorchUnmodelled(name, span, f"{name} is nested too deeply for layerlint")
        init = method_of(cls, "__init__")
        forward = method_of(cls, "forward")
        state = SelfState()
        self.class_depth += 1
        self.script_off += 1  # tensors made in __init__ are no step of the script
        try:
            if init is not None:
                local = bind_params(init, args, kwargs, self.module_env)
                if local is None:
                    return TorchUnmodelled(name, span, f"the arguments of {name} do not match "
                                           "its __init__")
                local["self"] = SelfView(cls, state)
                self.follow_init(init.body, local, state)
        finally:
            self.class_depth -= 1
            self.script_off -= 1
        module = TorchModule(cls.node.name, state.children, span)
        if forward is not None:
            builder = ForwardBuilder(self, state, forward, cls)
            steps = builder.build()
            if steps is not None:
                module.forward, module.output = steps
            else:
                module.unfollowed = builder.stopped or (self.smap.span(forward),
                                                        "it could not be read")
        return module

    def follow_init(self, body: list[ast.stmt], env: dict[str, Any], state: SelfState) -> None:
        for stmt in body:
            if isinstance(stmt, ast.For) and (items := self.unrollable(stmt, env)) is not None:
                for item in items:  # each iteration's statements, in order, as plain code
                    self.bind(stmt.target, item, env, stmt.iter, make_models=False)
                    self.follow_init(stmt.body, env, state)
                self.follow_init(stmt.orelse, env, state)
                continue
            if isinstance(stmt, ast.If) and (branch := self.taken(stmt, env)) is not None:
                self.follow_init(branch, env, state)
                continue
            if self.change_container(stmt, env, state):
                continue
            if isinstance(stmt, (ast.Assign, ast.AnnAssign)) and stmt.value is not None:
                value = self.eval(stmt.value, env)
                targets = stmt.targets if isinstance(stmt, ast.Assign) else [stmt.target]
                if isinstance(value, Model):
                    value = value.root
                for target in targets:
                    attr = self_attr(target)
                    if attr is not None:
                        module = is_module(value) or creates_module(stmt.value, env, self)
                        if module and not is_module(value):
                            value = self.module_or_unmodelled(value, stmt.value)
                        state.set(attr, value, module)
                    else:
                        self.bind(target, value, env, stmt.value, make_models=False)
            elif isinstance(stmt, ast.Expr):
                call = stmt.value
                if isinstance(call, ast.Call) and is_self_call(call, "add_module"):
                    args = [self.eval(a, env) for a in call.args]
                    if len(args) == 2 and isinstance(args[0], str):
                        state.set(args[0], self.module_or_unmodelled(args[1], call.args[1]), True)
                    else:
                        state.set(f"<unknown {len(state.children)}>", TorchUnmodelled(
                            None, self.smap.span(stmt), "a module registered under a name "
                            "layerlint could not evaluate", "LL903"), True)
                elif isinstance(call, ast.Call) and is_setattr_self(call):
                    name = self.eval(call.args[1], env)
                    value = self.eval(call.args[2], env)
                    value = value.root if isinstance(value, Model) else value
                    module = is_module(value) or creates_module(call.args[2], env, self)
                    if not isinstance(name, str):
                        state.set(f"<unknown {len(state.children)}>", TorchUnmodelled(
                            None, self.smap.span(stmt), "an attribute set under a name "
                            "layerlint could not evaluate", "LL903"), True)
                    else:
                        if module and not is_module(value):
                            value = self.module_or_unmodelled(value, call.args[2])
                        state.set(name, value, module)
                elif not is_super_init(call):
                    self.eval(call, env, uncertain=False)
            elif isinstance(stmt, (ast.For, ast.While, ast.If, ast.With, ast.Try)):
                if assigns_self(stmt):  # modules registered under conditions or in loops
                    state.set(f"<unknown {len(state.children)}>", TorchUnmodelled(
                        None, self.smap.span(stmt), "modules registered in a loop or a "
                        "condition", "LL903"), True)
                inner = dict(env) if not isinstance(env, Layered) else env.copy()
                for block in stmt_blocks(stmt):
                    self.exec_block(block, inner, uncertain=True)
                forget(stmt, env)
                self.forget_attributes(stmt, state)  # type: ignore[attr-defined]
            elif isinstance(stmt, ast.AugAssign):
                attr = self_attr(stmt.target)
                if attr is not None:
                    state.set(attr, UNKNOWN, False)
                else:
                    self.augmented(stmt, env, uncertain=False)


    def change_container(self, stmt: ast.stmt, env: dict[str, Any], state: SelfState) -> bool:
        """``self.<container>.append(...)`` and the like in ``__init__``: followed when it is a
        plain statement of a known method; a container changed in any other way (in a loop, a
        condition, by another method) becomes unknown. True when ``stmt`` was handled."""
        changed = container_changes(stmt)
        if not changed:
            return False
        plain = isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Call) and len(
            changed) == 1 and changed[0][1] is stmt.value
        handled = False
        for path, call in changed:
            target = child_at(state, path)
            if not is_container(target):
                continue
            handled = plain
            method = call.func.attr if isinstance(call, ast.Call) and isinstance(
                call.func, ast.Attribute) else "__setitem__"
            if plain and method in ("append", "extend", "add_module", "update"):
                args = [self.eval(a, env) for a in call.args]  # type: ignore[union-attr]
                if method == "update" and len(args) == 1 and isinstance(args[0], (dict, Pairs)):
                    pairs = list(args[0].items()) if isinstance(args[0], dict) else args[0].items
                    args = [item for pair in pairs for item in pair]
                    method = "add_module" if len(pairs) == 1 else method
                if method != "update":
                    SeqMethod(target, method).call(args, False, self.smap.span(call))
                    continue
            replace_child(state, path, TorchUnmodelled(
                kind_of(target), self.smap.span(stmt), f"self.{path} is changed in a way "
                "layerlint cannot follow", "LL903"))
        return handled
