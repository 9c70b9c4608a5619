"""The file's own ``torch.utils.data.Dataset`` subclasses (``class DS(Dataset): __init__,
__len__, __getitem__``) as catalogue datasets, so that a ``DataLoader`` over one gives its
first batch (library/torch_data.py collates it as torch's ``default_collate`` does).

``DS(...)`` runs ``__init__`` as an ``nn.Module``'s is run (torch_classes.py: its attributes on
``self``), then ``__len__`` for the sample count and ``__getitem__`` with an index layerlint
does not know (the first batch's indices are 0..B-1, or random with ``shuffle``): what it
returns for every index is the sample. A sample is known only when every index gives the same
shapes: a dimension layerlint cannot read may differ between samples, so such a batch is not
claimed. Not followed (the dataset is unknown): a class with several bases, decorators or a
metaclass, an ``IterableDataset``, a ``__getitem__`` whose return depends on a condition
layerlint cannot decide.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from typing import Any

from ..ir import UNKNOWN, ArrayValue, UnknownNumber
from ..shapes import UNKNOWN_DIM
from .library.torch_data import VARIES, Scalar, TorchDataset
from .torch_library import NumpyArray, SampleIndex, to_library
from .torch_modules import LocalClass, SelfState, SelfView, bind_params, method_of
from .torch_values import Ref

DATASET_BASES = ("torch.utils.data.Dataset", "torch.utils.data.dataset.Dataset")
_MAX_FIELDS = 16
_ARITHMETIC = (ast.Add, ast.Sub, ast.Mult, ast.Div)


@dataclass
class DatasetClass(LocalClass):
    """A map-style ``Dataset`` subclass of the file (``base``: the Dataset Ref or such a
    class)."""


def dataset_class(stmt: ast.ClassDef, base: Any) -> DatasetClass | None:
    """The class, when it is a plain Dataset subclass layerlint can follow."""
    if len(stmt.bases) != 1 or stmt.keywords or stmt.decorator_list:
        return None
    if isinstance(base, DatasetClass) or isinstance(base, Ref) and base.dotted in DATASET_BASES:
        return DatasetClass(stmt, base)
    return None


class DatasetFollowing:
    """A mixin of ``TorchExtractor``: it uses ``follow_init``, ``call_function``, ``smap`` and
    the class depth of torch_classes.py."""

    # While a dataset's methods run: the first-axis lengths of what ``__getitem__`` indexes
    # with its index (each must hold every index below the dataset's length), and ``len()``
    # of a tensor is its first dimension. None otherwise.
    sample_lengths: list[Any] | None = None

    def sample_row(self, base: ArrayValue, node: ast.AST) -> ArrayValue | None:
        """``self.x[index]`` in ``__getitem__``: a row of x (its value bounds dropped: a row
        need not reach them)."""
        if self.sample_lengths is None or not base.shape:
            return None
        self.sample_lengths.append(base.shape[0])
        span = self.smap.span(node)  # type: ignore[attr-defined]
        return ArrayValue(tuple(base.shape[1:]), base.dtype, span, span)

    def indexed_rows(self, array: NumpyArray, index: Any) -> None:
        """A numpy array indexed with the sample index: its length must hold it too."""
        if isinstance(index, SampleIndex) and self.sample_lengths is not None:
            shape = array.data.shape
            self.sample_lengths.append(shape[0] if shape else UNKNOWN_DIM)

    def none_test(self, op: ast.cmpop, left: Any, right: Any) -> bool | None:
        """``x is None`` / ``x is not None`` while a dataset's methods run (an optional
        transform): known unless x is unknown. None when it is no such test."""
        if self.sample_lengths is None or not isinstance(op, (ast.Is, ast.IsNot)) or (
                left is not None and right is not None):
            return None
        other = right if left is None else left
        if other is UNKNOWN:
            return None
        return (other is None) == isinstance(op, ast.Is)

    def scalar_arithmetic(self, node: ast.BinOp, left: Any, right: Any) -> ArrayValue | None:
        """``x * 2``, ``x / 255.0`` of a tensor and a Python number while a dataset's methods
        run: x's shape; the dtype as torch promotes it (measured: an integer tensor stays
        integer with an int, becomes float32 with a float or ``/``). None otherwise."""
        if self.sample_lengths is None or not isinstance(node.op, _ARITHMETIC):
            return None
        tensor, number = (left, right) if isinstance(left, ArrayValue) else (right, left)
        if type(tensor) is not ArrayValue or tensor.shape is None or isinstance(
                number, bool) or not isinstance(number, (int, float)) or tensor.dtype is None \
                or tensor.dtype == "bool":
            return None
        dtype = tensor.dtype
        if not dtype.startswith(("float", "bfloat")) and (
                isinstance(number, float) or isinstance(node.op, ast.Div)):
            dtype = "float32"
        span = self.smap.span(node)  # type: ignore[attr-defined]
        return ArrayValue(tensor.shape, dtype, span, tensor.origin)

    def forget_attributes(self, stmt: ast.stmt, state: SelfState) -> None:
        """``self.x = ...`` in a loop or a branch of a dataset's method that may not run:
        afterwards ``self.x`` is not known (``if augment: self.transform = ...``)."""
        if self.sample_lengths is None:
            return
        for node in ast.walk(stmt):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target] if \
                isinstance(node, (ast.AnnAssign, ast.AugAssign)) else []
            for target in targets:
                for part in ast.walk(target):
                    if isinstance(part, ast.Attribute) and isinstance(part.value, ast.Name) \
                            and part.value.id == "self":
                        state.set(part.attr, UNKNOWN, False)

    def tensor_length(self, value: Any) -> Any:
        """``len(t)`` of a tensor while a dataset is followed: its first dimension."""
        if self.sample_lengths is None or type(value) is not ArrayValue or not value.shape:
            return None
        first = value.shape[0]
        return first if isinstance(first, int) else UnknownNumber("int")

    def make_dataset(self, cls: DatasetClass, args: list[Any], kwargs: dict[str, Any]) -> Any:
        init, length, getitem = (method_of(cls, name) for name in
                                 ("__init__", "__len__", "__getitem__"))
        if length is None or getitem is None:
            return UNKNOWN  # DataLoader's sampler needs len(); indexing needs __getitem__
        state = SelfState()
        view = SelfView(cls, state)
        self.script_off += 1  # type: ignore[attr-defined]  # no step of the script
        self.class_depth += 1  # type: ignore[attr-defined]
        outer, self.sample_lengths = self.sample_lengths, []
        lengths = self.sample_lengths
        try:
            if init is not None:
                local = bind_params(init, args, kwargs, self.module_env)  # type: ignore[attr-defined]
                if local is None:
                    return UNKNOWN
                local["self"] = view
                self.follow_init(init.body, local, state)  # type: ignore[attr-defined]
            elif args or kwargs:
                return UNKNOWN
            count = self.call_function(length, [], {}, view)  # type: ignore[attr-defined]
            lengths.clear()  # what __getitem__ indexes
            item = self.call_function(getitem, [SampleIndex("int")], {}, view)  # type: ignore[attr-defined]
        finally:
            self.sample_lengths = outer
            self.class_depth -= 1  # type: ignore[attr-defined]
            self.script_off -= 1  # type: ignore[attr-defined]
        if isinstance(count, bool) or not isinstance(count, int):
            count = UNKNOWN_DIM
        elif count < 0:
            return UNKNOWN  # len() raises ValueError
        if any(not isinstance(n, int) or not isinstance(count, int) or n < count
               for n in lengths):
            item = UNKNOWN  # an index may fall outside what it indexes: IndexError
        return TorchDataset(sample_of(item), count, kind=cls.node.name)


def sample_of(value: Any, depth: int = 0) -> Any:
    """What ``__getitem__`` returns, as the catalogue's collate takes it: tensors and numpy
    arrays as Data (marked VARIES where a dimension is not known), Python numbers as Scalars,
    tuples and lists field by field; UNKNOWN for anything else (dicts, strings, PIL images
    made by the code, values layerlint could not evaluate)."""
    if depth > 3:
        return UNKNOWN
    if isinstance(value, (tuple, list)):
        if not value or len(value) > _MAX_FIELDS:
            return UNKNOWN
        return tuple(sample_of(v, depth + 1) for v in value)
    if isinstance(value, bool):
        return Scalar("bool", value)
    if isinstance(value, int):
        return Scalar("int64", value)
    if isinstance(value, float):
        return Scalar("float64", value)
    if isinstance(value, UnknownNumber) and value.kind in ("int", "float"):
        return Scalar("int64" if value.kind == "int" else "float64", None)
    if isinstance(value, (ArrayValue, NumpyArray)):
        data = to_library(value)
        if data is UNKNOWN or data.shape is None:
            return UNKNOWN
        if not all(isinstance(d, int) for d in data.shape):
            data.extra = {**data.extra, VARIES: True}
        return data
    return UNKNOWN
