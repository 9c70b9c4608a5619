"""Model-like constructs the front ends meet but do not analyse: the "not followed" records.

Every model a script makes is either analysed (the front ends emit its events, analysis gives a
ModelReport) or recorded here as an :class:`~layerlint.ir.Unfollowed` with a reason, which
becomes an LL904 note and is counted in the summary line ("1 model not followed"). Never silent.

Two declarative catalogues:

* ``LOADERS``: functions that return a model built somewhere layerlint cannot read (a file, a
  library's own code);
* ``UNEVALUATED``: model styles layerlint follows, met where the construct itself could not be
  evaluated (its arguments are unknown), so there is no model to follow.
"""

from __future__ import annotations

import ast
from functools import lru_cache
from typing import Any

from ..ir import Span, Unfollowed

_FROM_FILE = "it is loaded from a file, so its layers are not in the source"
_FROM_CONFIG = "it is rebuilt from a saved configuration, so its layers are not in the source"
_FROM_LIBRARY = "{library} builds it in code layerlint does not read"

# Canonical names (frontends/names.py for Keras) -> (kind, reason, framework).
LOADERS: dict[str, tuple[str, str, str]] = {
    "keras.models.load_model": ("loaded model", _FROM_FILE, "keras"),
    "keras.saving.load_model": ("loaded model", _FROM_FILE, "keras"),
    "keras.models.model_from_json": ("loaded model", _FROM_CONFIG, "keras"),
    "keras.models.model_from_yaml": ("loaded model", _FROM_CONFIG, "keras"),
    "keras.models.model_from_config": ("loaded model", _FROM_CONFIG, "keras"),
    "torch.load": ("loaded model", _FROM_FILE, "torch"),
    "torch.jit.load": ("loaded model", _FROM_FILE, "torch"),
    "torch.export.load": ("loaded model", _FROM_FILE, "torch"),
    "torch.hub.load": ("downloaded model", _FROM_LIBRARY.format(library="torch.hub"), "torch"),
    "timm.create_model": ("library model", _FROM_LIBRARY.format(library="timm"), "torch"),
    "torchvision.models.get_model": ("library model",
                                     _FROM_LIBRARY.format(library="torchvision"), "torch"),
}
# torchvision.models functions that are not model factories.
_TORCHVISION_HELPERS = {"get_weight", "get_model_weights", "list_models", "get_model_builder"}
# torch.load also reads state dicts and checkpoints: only a result used as a module is a model.
MAYBE_NOT_A_MODEL = {"torch.load"}
CHECK_USE: Any = object()  # the ``value`` of a record kept only if the result is used as a module
_MODULE_METHODS = {"eval", "train", "forward", "parameters", "named_parameters", "modules",
                   "children", "named_modules", "state_dict", "zero_grad", "requires_grad_"}

# Model styles layerlint does not follow yet: kind -> (reason).
UNEVALUATED: dict[str, str] = {
    "functional model": "its inputs or outputs could not be evaluated",
    "subclassed keras.Model": "the arguments of its class could not be evaluated",
    "custom keras Layer": "the arguments of its class could not be evaluated",
}
_KERAS_MODEL_CLASSES = {"keras.Model", "keras.models.Model"}
_KERAS_LAYER_CLASSES = {"keras.Layer", "keras.layers.Layer"}


@lru_cache(maxsize=4096)  # a pure function of the name, asked for at every call of a name
def loader(qualname: str) -> tuple[str, str, str] | None:
    """(kind, reason, framework) when ``qualname`` returns a model layerlint cannot read."""
    if qualname in LOADERS:
        return LOADERS[qualname]
    parts = qualname.split(".")
    last = parts[-1]
    if qualname.startswith("keras.applications.") and last[:1].isupper():
        return ("library model", _FROM_LIBRARY.format(library="keras.applications"), "keras")
    if qualname.startswith("torchvision.models.") and last[:1].islower() and \
            not last.startswith("_") and last not in _TORCHVISION_HELPERS:
        return ("library model", _FROM_LIBRARY.format(library="torchvision"), "torch")
    if last == "from_pretrained" and len(parts) >= 2 and parts[0] == "transformers" and \
            ("Model" in parts[-2] or "For" in parts[-2]):
        framework = "keras" if parts[-2].startswith("TF") else "torch"
        return ("pretrained model", _FROM_LIBRARY.format(library="transformers"), framework)
    return None


def keras_class_kind(bases: tuple[Any, ...], qualname_of: Any, depth: int = 0) -> str | None:
    """The ``UNEVALUATED`` kind of a local class deriving from keras.Model / keras.layers.Layer
    (directly or through other local classes), or None. ``qualname_of(base)``: a base's
    canonical name, or its own bases when it is a local class (a tuple)."""
    if depth > 8:
        return None
    for base in bases:
        name = qualname_of(base)
        if isinstance(name, tuple):
            kind = keras_class_kind(name, qualname_of, depth + 1)
        elif name in _KERAS_MODEL_CLASSES:
            kind = "subclassed keras.Model"
        elif name in _KERAS_LAYER_CLASSES:
            kind = "custom keras Layer"
        else:
            kind = None
        if kind is not None:
            return kind
    return None


def record(kind: str, reason: str, span: Span, framework: str, value: Any = None,
           name: str = "") -> Unfollowed:
    return Unfollowed(kind, name, span, reason, framework, value)  # type: ignore[arg-type]


def unevaluated(kind: str, span: Span, value: Any = None) -> Unfollowed:
    return record(kind, UNEVALUATED[kind], span, "keras", value)


def name_records(records: list[Unfollowed], targets: list[ast.expr]) -> None:
    """Records made while evaluating an assignment's value are named by its single name
    (``model = load_model(...)``); records named already (deeper assignments) keep theirs."""
    names = [t.id for t in targets if isinstance(t, ast.Name)]
    if len(names) != 1:
        return
    for item in records:
        if not item.name:
            item.name = names[0]


def used_as_module(tree: ast.AST, name: str) -> bool:
    """Whether the code calls ``name(...)`` or a module method on it (``name.eval()``)."""
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        if isinstance(func, ast.Name) and func.id == name:
            return True
        if isinstance(func, ast.Attribute) and func.attr in _MODULE_METHODS and \
                isinstance(func.value, ast.Name) and func.value.id == name:
            return True
    return False


def finish(records: list[Unfollowed], tree: ast.AST, source: str) -> list[Unfollowed]:
    """The records of a file: unnamed ones named by their callee's text, ``torch.load``
    results kept only when used as a module (otherwise they are state dicts or checkpoints)."""
    kept = []
    lines = source.splitlines()
    for item in records:
        if item.value is CHECK_USE:
            if not (item.name and used_as_module(tree, item.name)):
                continue
            item.value = None
        if not item.name:
            item.name = _callee(lines, item.span)
        kept.append(item)
    return kept


def _callee(lines: list[str], span: Span) -> str:
    """``torch.hub.load(...)`` for a call's span: its text up to the first parenthesis."""
    text = lines[span.line - 1][span.col - 1:] if 0 < span.line <= len(lines) else ""
    head = text.split("(", 1)[0].strip()
    return f"{head}(...)" if head else "a model"
