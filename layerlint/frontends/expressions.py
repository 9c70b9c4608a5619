"""Expressions for the interpreter (a mixin): names, attributes, containers, operators,
subscripts, comprehensions; calls come from calls.py. Every ``ev_*`` returns a known value or
UNKNOWN, never raises for the user's code."""


from __future__ import annotations

import ast
from typing import Any

from ..ir import UNKNOWN, Call, TensorRef
from . import accumulation, library
from . import text_data
from .calls import MAX_EXPRESSION_DEPTH, Calls
from .literals import PREFIX as LITERAL_PREFIX
from .ref_attributes import REF_ATTRIBUTES, ref_attribute
from .plain_loops import (
    is_plain_element,
    is_pure,
)
from .scopes import (
    MISSING,
    Scope,
    assigned_names,
    dotted_name,
)
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
    Sym,
    as_int,
    binary,
    compare,
    is_number_like,
    is_plain,
    same,
    unary,
)

MAX_UNROLL = 64  # iterations of a loop over known values
_CONSTANT, _NAME, _STARRED = ast.Constant, ast.Name, ast.Starred


def _not_evaluated(self: Any, node: ast.AST) -> Any:
    """The handler of expressions not evaluated: what they do to models is scanned."""
    self.escape_scan(node)
    return UNKNOWN


class Expressions(Calls):
    # node class -> its handler (``Expressions.ev_Call``), one table per class (its overrides)
    ev_handlers: dict[type, Any] = {}

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        cls.ev_handlers = {}

    # --- expressions ----------------------------------------------------------------------------

    def ev(self, node: ast.AST) -> Any:
        depth = self.depth
        if depth >= MAX_EXPRESSION_DEPTH:  # this one would be nested one too deep
            self.escape_scan(node)
            return UNKNOWN
        kind = node.__class__
        if kind is _CONSTANT:  # the leaves: nothing nested, no depth to count
            return node.value  # type: ignore[attr-defined]
        if kind is _NAME:
            return self.ev_Name(node)  # type: ignore[arg-type]
        handler = self.ev_handlers.get(kind)
        if handler is None:
            handler = self.ev_handlers[kind] = getattr(type(self), f"ev_{kind.__name__}",
                                                       _not_evaluated)
        self.depth = depth + 1
        try:
            return handler(self, node)
        finally:
            self.depth = depth

    def ev_Constant(self, node: ast.Constant) -> Any:
        return node.value

    def ev_Name(self, node: ast.Name) -> Any:
        name = node.id
        if name.startswith(LITERAL_PREFIX):  # a huge literal read apart (literals.py)
            value = self.smap.literals.value(name)
            return UNKNOWN if value is None else value
        scope: Scope | None = self.scope  # the scopes of lookup() walked inline
        while scope is not None:
            value = scope.vars.get(name, MISSING)
            if value is not MISSING:
                return value
            scope = scope.parent
        return self.unbound(name)  # type: ignore[attr-defined]  # star imports, builtins

    def ev_NamedExpr(self, node: ast.NamedExpr) -> Any:
        value = self.ev(node.value)
        self.assign(node.target.id, value)
        return value

    def ev_Attribute(self, node: ast.Attribute) -> Any:
        if self.dotted_keys:  # `self.model = ...` on an unknown object: bound by its path
            dotted = dotted_name(node)
            if dotted and "." in dotted:
                value = self.scope.lookup(dotted)
                if value is not MISSING:
                    return value
        owner = node.value  # a name (``np.random``): no dispatch through ev
        base = self.ev_Name(owner) if owner.__class__ is _NAME and \
            self.depth < MAX_EXPRESSION_DEPTH else self.ev(owner)  # type: ignore[arg-type]
        return self.attribute(base, node.attr, node)

    def attribute(self, base: Any, attr: str, node: ast.AST) -> Any:
        if base.__class__ is Ref:
            key = (base.qualname, attr)
            known = REF_ATTRIBUTES.get(key)
            if known is None:
                known = REF_ATTRIBUTES[key] = ref_attribute(*key)
            value, hints = known
            for hint in hints:
                self.hint(hint)
            return value
        if isinstance(base, (Data, LibraryObject)):
            return library.attribute(base, attr, self.span(node))
        if isinstance(base, Instance):
            return self.instance_attribute(base, attr)
        if isinstance(base, LocalClass):  # Config.size: a plain class's constant
            return self.class_attribute(base, attr)
        if isinstance(base, text_data.TokenizerState):
            return text_data.tokenizer_attribute(base, attr)
        if isinstance(base, TensorRef) and attr == "shape":  # a symbolic tensor's x.shape
            return self.tensor_shape(base)
        if isinstance(base, Sym):
            name = f"{base.name}.{attr}"
            return Sym(name) if len(name) <= 40 else UNKNOWN
        return UNKNOWN

    def ev_Tuple(self, node: ast.Tuple) -> Any:
        items = self.ev_items(node.elts)
        return UNKNOWN if items is None else tuple(items)

    def ev_List(self, node: ast.List) -> Any:
        items = self.ev_items(node.elts)
        return UNKNOWN if items is None else items

    def ev_Set(self, node: ast.Set) -> Any:
        self.ev_items(node.elts)
        return UNKNOWN

    def ev_items(self, elements: list[ast.expr]) -> list[Any] | None:
        items: list[Any] = []
        known = True
        for element in elements:
            if element.__class__ is _STARRED:
                value = self.ev(element.value)
                if isinstance(value, (tuple, list, range)) and len(value) <= 10_000:
                    items.extend(value)
                else:
                    known = False
            else:
                items.append(self.ev(element))
        return items if known else None

    def ev_Dict(self, node: ast.Dict) -> Any:
        result: dict[Any, Any] = {}
        known = True
        for key_node, value_node in zip(node.keys, node.values):
            value = self.ev(value_node)
            if key_node is None:
                if isinstance(value, dict):
                    result.update(value)
                else:
                    known = False
                continue
            key = self.ev(key_node)
            if is_plain(key) and not isinstance(key, (list, dict)):
                result[key] = value
            else:
                known = False
        return result if known else UNKNOWN

    def ev_BinOp(self, node: ast.BinOp) -> Any:
        return self.binop(node.op, self.ev(node.left), self.ev(node.right), node)

    def binop(self, op: ast.operator, left: Any, right: Any, node: ast.AST) -> Any:
        if isinstance(left, TensorRef) or isinstance(right, TensorRef):
            return self.operator_on_tensors(op, left, right, node)
        if isinstance(left, Data) or isinstance(right, Data):
            return library.operator(op, left, right, self.span(node))
        result = binary(op, left, right)
        if (
            result is UNKNOWN
            and is_number_like(left)
            and is_number_like(right)
            and ANY_NUMBER in (left, right)
        ):
            return ANY_NUMBER
        return result

    def ev_UnaryOp(self, node: ast.UnaryOp) -> Any:
        value = self.ev(node.operand)
        if isinstance(value, TensorRef):
            what = "keras.ops.negative" if isinstance(node.op, ast.USub) else None
            if what is None:
                return self.unknown_on_tensors(f"the operator {type(node.op).__name__}",
                                               (value,), node)
            return self.new_node("op", what, None, node, (value,), operator="neg")
        if isinstance(value, Data) and isinstance(node.op, (ast.USub, ast.Invert)):
            function = "numpy.negative" if isinstance(node.op, ast.USub) else "numpy.invert"
            return library.call(function, [value], {}, self.span(node))
        if isinstance(value, Data) and isinstance(node.op, ast.UAdd):
            return value.derived(value.shape, self.span(node))
        if value is ANY_NUMBER and isinstance(node.op, (ast.USub, ast.UAdd)):
            return ANY_NUMBER
        return unary(node.op, value)

    def ev_BoolOp(self, node: ast.BoolOp) -> Any:
        value = self.ev(node.values[0])
        for i, operand in enumerate(node.values[1:], start=1):
            truth = truth_of(value)
            if truth is None:
                self.push("in a conditional expression")
                for rest in node.values[i:]:
                    self.ev(rest)
                self.pop()
                return UNKNOWN
            if (isinstance(node.op, ast.And) and not truth) or (
                isinstance(node.op, ast.Or) and truth
            ):
                return value
            value = self.ev(operand)
        return value

    def ev_Compare(self, node: ast.Compare) -> Any:
        left = self.ev(node.left)
        rights = [self.ev(c) for c in node.comparators]
        if len(rights) == 1 and (isinstance(left, Data) or isinstance(rights[0], Data)):
            if isinstance(node.ops[0], (ast.Is, ast.IsNot, ast.In, ast.NotIn)):
                return UNKNOWN
            return library.operator(node.ops[0], left, rights[0], self.span(node))
        result: Any = True
        for op, right in zip(node.ops, rights):
            outcome = compare(op, left, right)
            if outcome is UNKNOWN:
                return UNKNOWN
            result = result and outcome
            left = right
        return result

    def ev_IfExp(self, node: ast.IfExp) -> Any:
        truth = truth_of(self.ev(node.test))
        if truth is True:
            return self.ev(node.body)
        if truth is False:
            return self.ev(node.orelse)
        if self.tracing is not None:
            self.traced_condition(node)  # `x if training else y`: both, else not followed
        self.push("in a conditional expression")
        body, orelse = self.ev(node.body), self.ev(node.orelse)
        self.pop()
        if same(body, orelse):
            return body
        joined = self.join_returns([body, orelse], node)
        return UNKNOWN if joined is MISSING else joined

    def ev_Subscript(self, node: ast.Subscript) -> Any:
        base = self.ev(node.value)
        key = self.ev_index(node.slice)
        if isinstance(base, (Data, LibraryObject)):
            return library.subscript(base, key, self.span(node))
        if isinstance(base, TensorRef):  # out[0] of a layer returning several tensors, or x[:, 0]
            if base.index is None and as_int(key) is not None and not isinstance(key, bool):
                return TensorRef(base.node, as_int(key))
            if base.index is None and isinstance(key, str) and \
                    getattr(self, "tracing", None) is not None:
                return TensorRef(base.node, key)  # inputs["x"] of a dict a traced call() takes
            return self.subscript_on_tensor(base, key, node)  # in a traced call() too
        if isinstance(base, (tuple, list, str, range)):
            if isinstance(key, slice) and all(
                p is None or isinstance(p, int) for p in (key.start, key.stop, key.step)
            ):
                return base[key] if key.step != 0 else UNKNOWN
            n = as_int(key)
            if n is not None and -len(base) <= n < len(base):
                return base[n]
            return UNKNOWN
        if isinstance(base, dict) and is_plain(key) and not isinstance(key, (list, dict)):
            return base.get(key, UNKNOWN)
        if isinstance(base, Repeated) and as_int(key) is not None:
            return base.element  # every item is the same (or Python raises: no later line)
        if isinstance(base, Sym) and isinstance(key, (int, str)):
            name = f"{base.name}[{key!r}]"
            return Sym(name) if len(name) <= 40 else UNKNOWN
        return UNKNOWN

    def ev_index(self, node: ast.AST) -> Any:
        if isinstance(node, ast.Slice):
            parts = [
                self.ev(p) if p is not None else None for p in (node.lower, node.upper, node.step)
            ]
            return slice(*[as_int(p) if as_int(p) is not None else p for p in parts])
        if isinstance(node, ast.Tuple):
            return tuple(self.ev_index(e) for e in node.elts)
        return self.ev(node)

    def ev_JoinedStr(self, node: ast.JoinedStr) -> Any:
        self.escape_scan(node)
        return UNKNOWN

    def ev_Lambda(self, node: ast.Lambda) -> Any:
        self.escape_scan(node)
        return UNKNOWN

    def ev_ListComp(self, node: ast.ListComp | ast.GeneratorExp) -> Any:
        """``[Dense(n) for n in (64, 32)]`` over known values; anything else is UNKNOWN."""
        generators = node.generators
        if len(generators) != 1 or generators[0].is_async:
            self.escape_scan(node)
            return UNKNOWN
        generator = generators[0]
        iterable = self.ev(generator.iter)
        items = iteration_values(iterable)
        if items is None:
            result = self.plain_comprehension(node, iterable)
            if result is None:
                result = self.uniform_comprehension(node, iterable)
            if result is None:
                self.escape_scan(node)
                return UNKNOWN
            return result
        outer = self.scope
        self.scope = Scope(outer, "comprehension")
        result: list[Any] | None = []
        try:
            for item in items:
                self.bind(generator.target, item, node)
                conditions = [truth_of(self.ev(test)) for test in generator.ifs]
                if any(c is None for c in conditions):
                    result = None
                    break
                if all(conditions):
                    result.append(self.ev(node.elt))
        finally:
            self.scope = outer
        if result is None:
            self.escape_scan(node)
            return UNKNOWN
        return result

    ev_GeneratorExp = ev_ListComp

    def plain_comprehension(self, node: ast.ListComp | ast.GeneratorExp, iterable: Any):
        """``[data[i:i + k] for i in range(n)]`` over a long range, element by element (see
        plain_loops); None unless every element is plain."""
        generator = node.generators[0]
        if (
            not isinstance(node, ast.ListComp)
            or not isinstance(iterable, range)
            or generator.ifs
            or not isinstance(generator.target, ast.Name)
            or not is_pure(node.elt)
            or not self.may_evaluate(len(iterable))
        ):
            return None
        outer = self.scope
        self.scope = Scope(outer, "comprehension")
        result = []
        try:
            for item in iterable:
                self.assign(generator.target.id, item)
                value = self.ev(node.elt)
                if not is_plain_element(value):
                    return None
                result.append(value)
        finally:
            self.scope = outer
        return result


    def uniform_comprehension(self, node: ast.ListComp | ast.GeneratorExp, iterable: Any):
        """``[np.zeros((28, 28)) for path in paths]`` over an unknown or long iterable: the
        element evaluated once (the target unknown, or a row of an array); a list of that item
        when it has a fully known shape (accumulation.py), else None."""
        generator = node.generators[0]
        if not isinstance(node, ast.ListComp):
            return None
        outer = self.scope
        self.scope = Scope(outer, "comprehension")
        self.change_log.append([])
        self.push("in a comprehension")
        try:
            names, _ = assigned_names([ast.Assign(targets=[generator.target],
                                                  value=ast.Constant(None))])
            self.note_keys(names)
            for name in names:
                self.scope.vars[name] = Sym(name)
            item = accumulation.item_of(iterable)
            if item is not None:
                self.bind(generator.target, item, node)
            for test in generator.ifs:
                self.ev(test)
            value = self.ev(node.elt)
        finally:
            self.pop()
            changed = self.change_log.pop()
            self.scope = outer
        self.forget_changes(changed)
        item = accumulation.uniform_item([value])
        if item is None:
            return None
        count = "?" if generator.ifs else accumulation.trip_count(iterable)
        return accumulation.accumulated([], item, count)


def truth_of(value: Any) -> bool | None:
    if isinstance(value, range):
        return len(value) > 0
    if is_plain(value):
        return bool(value)
    if isinstance(value, (ModelState, Call, LocalFunction, LocalClass, Ref, Instance,
                          BoundMethod)):
        return True
    return None


def iteration_values(value: Any) -> list[Any] | None:
    if isinstance(value, (tuple, list, range)) and len(value) <= MAX_UNROLL:
        return list(value)
    if isinstance(value, dict) and len(value) <= MAX_UNROLL:
        return list(value)
    return None
