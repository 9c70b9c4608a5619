"""The torch walk's steps on data before a model: numpy arrays, tensors made from them,
datasets and loaders (values in torch_library.py, rules in library/).

A loop over a loader (``for x, y in loader``, ``for i, (x, y) in enumerate(loader)``) runs its
first iteration as plain code: the loader's first batch is known and certain to come when the
dataset is known (and not empty), so the body's statements are steps of the script, checked on
that batch (``model(x)``, the loss); the later iterations are not followed, and what the loop
assigns or changes is unknown after it. ``next(iter(loader))`` gives the same batch.
"""

from __future__ import annotations

import ast
import itertools
from typing import Any

from ..ir import UNKNOWN, ArrayValue, UnknownNumber
from . import torch_library as data
from .library.torch_data import EMPTY, TorchDataset, TorchLoader, batch_dim
from .torch_modules import assigned_names
from .torch_values import dtype_of

NOT_DATA = object()  # a hook's answer when the value is none of the data kinds
NO_ITEM = object()  # a loop whose first item is not known to come
TQDM = ("tqdm.tqdm", "tqdm.auto.tqdm", "tqdm.notebook.tqdm", "tqdm.std.tqdm")


class Enumerated:
    """``enumerate(loader)``: its first item is ``(0, first batch)``."""

    def __init__(self, loader: TorchLoader, start: Any) -> None:
        self.loader, self.start = loader, start


class DataSteps:
    """A mixin of ``TorchExtractor``: it uses ``self.eval``, ``self.bind``, ``self.trace``,
    ``self.tracing``, ``self.smap`` and ``self.index_of``."""

    def library_value(self, dotted: str, node: ast.Call, args: list[Any],
                      kwargs: dict[str, Any]) -> Any:
        """A function of the library catalogue (numpy, torch data, torchvision): its value;
        NOT_DATA when it is none."""
        if dotted in TQDM and args:  # a progress bar iterates what it wraps
            return args[0]
        if not data.is_library_function(dotted):
            return NOT_DATA
        value = data.call(dotted, args, kwargs, self.smap.span(node))  # type: ignore[attr-defined]
        return self.raised(value, node) if isinstance(value, data.Raised) else value

    def raised(self, raised: data.Raised, node: ast.AST) -> Any:
        """Where a library call surely raises (a step of the script): the replay reports it."""
        if self.tracing:  # type: ignore[attr-defined]
            self.trace.emit("raise", "", (), node,  # type: ignore[attr-defined]
                            (raised.code, raised.message, raised.framework, raised.stage))
        return UNKNOWN

    def data_attribute(self, base: Any, attr: str, node: ast.Attribute) -> Any:
        if isinstance(base, data.NumpyArray):
            return data.numpy_attribute(base, attr, self.smap.span(node))  # type: ignore
        if isinstance(base, TorchLoader):
            return base.dataset if attr == "dataset" else UNKNOWN
        if isinstance(base, (TorchDataset, data.LoaderIterator, Enumerated)):
            return UNKNOWN
        return NOT_DATA

    def data_subscript(self, base: Any, node: ast.Subscript, env: dict[str, Any]) -> Any:
        span = self.smap.span(node)  # type: ignore[attr-defined]
        if isinstance(base, data.NumpyArray):
            index = self.index_of(node.slice, env)  # type: ignore[attr-defined]
            self.indexed_rows(base, index)  # type: ignore[attr-defined]  # torch_datasets.py
            return data.numpy_subscript(base, index, span)
        if isinstance(base, TorchDataset):
            return data.item(base, span)
        return NOT_DATA

    def data_binary(self, node: ast.BinOp, left: Any, right: Any) -> Any:
        """numpy's operators on a numpy array (with a tensor: not followed)."""
        if not any(isinstance(v, data.NumpyArray) for v in (left, right)):
            return NOT_DATA
        if any(isinstance(v, ArrayValue) for v in (left, right)):
            return UNKNOWN
        return data.numpy_operator(node.op, left, right, self.smap.span(node))  # type: ignore

    def data_builtin(self, name: str, node: ast.Call, args: list[Any]) -> Any:
        """``len``, ``iter``, ``next``, ``enumerate`` of datasets and loaders."""
        if name == "len" and len(args) == 1 and \
                (length := self.tensor_length(args[0])) is not None:  # type: ignore[attr-defined]
            return length
        if len(args) not in (1, 2) or not isinstance(args[0], (
                TorchDataset, TorchLoader, data.LoaderIterator, data.NumpyArray)):
            return NOT_DATA
        value = args[0]
        if name == "len" and isinstance(value, TorchDataset):
            return value.count if isinstance(value.count, int) else UnknownNumber("int")
        if name == "len" and isinstance(value, data.NumpyArray):
            shape = value.data.shape
            return shape[0] if shape and isinstance(shape[0], int) else UnknownNumber("int")
        if name == "len":
            return UnknownNumber("int")
        if name == "iter" and isinstance(value, TorchLoader):
            return data.LoaderIterator(value)
        if name == "next" and isinstance(value, data.LoaderIterator):
            value.taken += 1
            return self.batch_of(value.loader, node) if value.taken == 1 else UNKNOWN
        if name == "enumerate" and isinstance(value, TorchLoader):
            return Enumerated(value, args[1] if len(args) == 2 else 0)
        return UNKNOWN

    def batch_of(self, loader: TorchLoader, node: ast.AST) -> Any:
        batch = data.first_batch(loader, self.smap.span(node))  # type: ignore[attr-defined]
        return self.raised(batch, node) if isinstance(batch, data.Raised) else batch

    def first_item(self, stmt: ast.For, env: dict[str, Any]) -> Any:
        """The first item of a loop known to run at least once (a loader's first batch,
        ``enumerate`` of it, a ``range`` too long to unroll); NO_ITEM otherwise."""
        node = stmt.iter
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and \
                node.func.id == "range" and "range" not in env and not node.keywords:
            bounds = [self.eval(a, env) for a in node.args]  # type: ignore[attr-defined]
            if len(bounds) in (1, 2) and all(isinstance(b, int) and not isinstance(b, bool)
                                             for b in bounds):
                values = range(*bounds)
                return values[0] if len(values) else NO_ITEM
            return NO_ITEM
        iterated = self.eval(node, env)  # type: ignore[attr-defined]
        if isinstance(iterated, Enumerated):
            loader, start = iterated.loader, iterated.start
        elif isinstance(iterated, TorchLoader):
            loader, start = iterated, None
        else:
            return NO_ITEM
        if batch_dim(loader) in (None, EMPTY):
            return NO_ITEM
        batch = self.batch_of(loader, stmt.iter)
        return batch if start is None else (start, batch)

    def bind_loop_target(self, target: ast.expr, iterated: Any, env: dict[str, Any]) -> None:
        """A loop read once as uncertain: a loader's batch is still its first one's shape."""
        batch: Any = UNKNOWN
        if isinstance(iterated, TorchLoader):
            batch = data.first_batch(iterated, None)
        elif isinstance(iterated, Enumerated) and isinstance(target, (ast.Tuple, ast.List)) \
                and len(target.elts) == 2:
            for name in assigned_names(target.elts[0]):  # the index: any
                env[name] = UNKNOWN
            target, batch = target.elts[1], data.first_batch(iterated.loader, None)
        if isinstance(batch, list) and isinstance(target, (ast.Tuple, ast.List)):
            for elt, item in itertools.zip_longest(target.elts, batch, fillvalue=UNKNOWN):
                if isinstance(elt, ast.Name):
                    env[elt.id] = item
                elif elt is not UNKNOWN:
                    for name in assigned_names(elt):
                        env[name] = UNKNOWN
            return
        if isinstance(batch, list) and isinstance(target, ast.Name):
            env[target.id] = batch
            return
        for name in assigned_names(target):
            env[name] = UNKNOWN

    def unevaluated(self, node: ast.Call, args: list[Any], kwargs: dict[str, Any]) -> Any:
        """A tensor whose size uses a value layerlint could not evaluate: an ArrayValue of
        unknown shape whose ``origin`` is that value (where the LL902 note points); UNKNOWN
        when the size is unknown for another reason."""
        randint = isinstance(node.func, ast.Attribute) and node.func.attr == "randint"
        candidates: list[tuple[ast.expr, Any]] = list(zip(node.args, args))
        if randint:  # low and high do not size it
            candidates = candidates[-1:] if "size" not in kwargs else []
        candidates += [(k.value, kwargs.get(k.arg)) for k in node.keywords if k.arg == "size"]
        for arg_node, value in candidates:
            if value is UNKNOWN:
                where = arg_node
            elif isinstance(value, (tuple, list)) and isinstance(arg_node, (ast.Tuple, ast.List)) \
                    and UNKNOWN in value and len(arg_node.elts) == len(value):
                where = arg_node.elts[value.index(UNKNOWN)]
            else:
                continue
            if any(isinstance(a, ast.Starred) for a in node.args):
                return UNKNOWN
            dtype = dtype_of(kwargs, "int64" if randint else "float32")
            return ArrayValue(None, dtype, self.smap.span(node),  # type: ignore[attr-defined]
                              self.smap.span(where), ast.unparse(where))  # type: ignore
        return UNKNOWN
