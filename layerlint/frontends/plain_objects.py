"""Objects of the file's plain classes: ``class Dataset:`` with no framework base.

An instance is an ``Instance(role="plain")``: its ``__init__`` runs where the object is made
(a ``@dataclass`` without arguments binds its fields instead), and its attributes are what the
code sets unconditionally (``data.x``, ``self.x``; set under a condition or in a loop they are
unknown, subclass.set_instance_attribute). Class-level constants (``class Config: size = 28``)
are read from the class body when they are plain expressions. An object handed to code that is
not followed loses every attribute (calls.models_escape). A class with another base, a
metaclass or another decorator is not followed (its behaviour is not all in the file).

A mixin of the interpreter (``ev``, ``call_method``, scopes and contexts).
"""

from __future__ import annotations

import ast
from typing import Any

from ..ir import UNKNOWN
from .plain_loops import is_pure
from .scopes import MISSING, Scope
from .subclass import find_method
from .values import Instance, LocalClass, Ref, Sym

_MAX_PLAIN_BASES = 10
_DATACLASS = Ref("dataclasses.dataclass")


class PlainObjects:
    """Mixin: plain local classes and their instances."""

    instances: list[Instance]

    def plain_instance(self, cls: LocalClass, call: Any) -> Instance | None:
        """An object of a plain local class; None for any other class (or a call Python
        would reject)."""
        if not call.complete or not self.plain_class(cls):
            return None
        instance = Instance(cls, "plain", self.contexts[-1])  # type: ignore[attr-defined]
        init = find_method(cls, "__init__")
        if init is not None:
            self.instances.append(instance)
            self.call_method(instance, init, call.args, call.kwargs, call.node)  # type: ignore[attr-defined]
            return instance
        fields = self.dataclass_fields(cls)
        if fields is None:
            if call.args or call.kwargs:
                return None  # object() takes no arguments: Python raises
        else:
            bound = _bind_fields(fields, call.args, call.kwargs)
            if bound is None:
                return None
            instance.attrs.update(bound)
        self.instances.append(instance)
        return instance

    def plain_class(self, cls: LocalClass, depth: int = 0) -> bool:
        """Defined in the file, its bases such classes or ``object``, no metaclass, no
        decorator but a bare ``@dataclass``: its behaviour is all in the file."""
        node = cls.node
        if node is None or depth > _MAX_PLAIN_BASES or node.keywords:
            return False
        if node.decorator_list and (len(node.decorator_list) > 1 or
                                    self._decorator(cls) != _DATACLASS):
            return False
        for base in cls.bases:
            if isinstance(base, LocalClass):
                if not self.plain_class(base, depth + 1) or base.node.decorator_list:  # type: ignore[union-attr]
                    return False
            elif base != Ref("builtins.object"):
                return False
        return True

    def _decorator(self, cls: LocalClass) -> Any:
        decorator = cls.node.decorator_list[0]  # type: ignore[union-attr]
        if not isinstance(decorator, (ast.Name, ast.Attribute)) or cls.scope is None:
            return None
        outer, self.scope = self.scope, cls.scope  # type: ignore[has-type]
        try:
            return self.ev(decorator)  # type: ignore[attr-defined]
        finally:
            self.scope = outer

    def dataclass_fields(self, cls: LocalClass) -> list[tuple[str, Any]] | None:
        """A bare ``@dataclass``'s fields in order, each with its default (MISSING if none)."""
        if not cls.node or not cls.node.decorator_list or cls.bases:
            return None
        fields: list[tuple[str, Any]] = []
        constants = self.class_constants(cls)
        for statement in cls.node.body:
            if isinstance(statement, ast.AnnAssign) and isinstance(statement.target, ast.Name):
                name = statement.target.id
                if statement.value is None:
                    fields.append((name, MISSING))
                elif name in constants:
                    fields.append((name, constants[name]))
                else:
                    return None  # a default layerlint cannot evaluate (field(...), a call)
        return fields

    def read_constants(self, cls: LocalClass) -> None:
        """``name = value`` at the top of the class body, for plain expressions (names,
        constants, arithmetic, tuples), evaluated in order where the class is defined."""
        if cls.node is None:
            return
        scope = Scope(self.scope, "class")  # type: ignore[has-type]
        outer, self.scope = self.scope, scope
        try:
            for statement in cls.node.body:
                target = statement.target if isinstance(statement, ast.AnnAssign) else (
                    statement.targets[0] if isinstance(statement, ast.Assign) and
                    len(statement.targets) == 1 else None)
                value = getattr(statement, "value", None)
                if not isinstance(target, ast.Name) or value is None:
                    continue
                scope.vars[target.id] = self.ev(value) if is_pure(value) else Sym(target.id)  # type: ignore[attr-defined]
        finally:
            self.scope = outer
        cls.constants.update({k: v for k, v in scope.vars.items() if not isinstance(v, Sym)})

    def class_constants(self, cls: LocalClass) -> dict[str, Any]:
        return cls.constants

    def class_attribute(self, cls: LocalClass, attr: str) -> Any:
        """``Config.size`` of a plain class: its constant, else UNKNOWN."""
        if not self.plain_class(cls):
            return UNKNOWN
        return self.class_constants(cls).get(attr, UNKNOWN)


def _bind_fields(fields: list[tuple[str, Any]], args: list[Any],
                 kwargs: dict[str, Any]) -> dict[str, Any] | None:
    """A dataclass's generated ``__init__``: positional then keyword, defaults last; None where
    Python would raise."""
    if len(args) > len(fields):
        return None
    values: dict[str, Any] = {}
    for (name, _), value in zip(fields, args):
        values[name] = value
    for key, value in kwargs.items():
        if key in values or key not in dict(fields):
            return None
        values[key] = value
    for name, default in fields:
        if name not in values:
            if default is MISSING:
                return None
            values[name] = default
    return values
