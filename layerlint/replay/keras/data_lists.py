"""Python lists (and tuples) of numbers passed as data to a Keras model (LL205).

Measured (tests/test_data_lists.py) on Keras 3.15 (torch backend) and tf_keras 2.21:

* Keras 3 takes no list of numbers anywhere: ``fit``/``evaluate``/``predict`` raise
  ``ValueError: Unrecognized data type: x=<str(x)> (of type <class 'list'>)`` — always naming
  ``x``, even when the list is ``y`` or in ``validation_data`` (then the validation x), and
  quoting ``str(x)`` in full however long; ``train_on_batch``/``test_on_batch`` raise
  ``AttributeError: '<type>' object has no attribute 'shape'`` (the first number of x, y);
  ``predict_on_batch`` and ``model(x)`` raise "Only input tensors may be passed as positional
  arguments ... <first number> (of type <class '...'>)".
* tf.keras 2 accepts lists of numbers when every data argument is one (``ListsOfScalarsDataAdapter``
  tests only the first element at each depth): ``fit(list, list)``, ``evaluate(list, list)``,
  ``predict(list)``, ``validation_data=(list, list)``; it converts them with ``np.asarray``, so
  they are checked as arrays of their literal shape. A list next to an array raises
  ``Failed to find data adapter that can handle input: <types of x>, <types of y>``; the
  ``*_on_batch`` methods raise the AttributeError above; ``model(list)`` sees one input per
  number ("expects 1 input(s), but it received N input tensors").

A list of arrays is several inputs (Keras 3 accepts it for a built model): not modelled here.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from ...diagnostics import Edit, Fix
from ...edits import never_fails, text_of
from ...ir import ArrayValue, DataCall, PythonList

if TYPE_CHECKING:
    from .model import Replay

SHOWN_CHARACTERS = 400  # a longer str(x) is cut in layerlint's copy of the framework message


def first_number(value: Any) -> Any:
    while isinstance(value, (list, tuple)):
        value = value[0]
    return value


def _leaf_count(value: Any) -> int:
    if isinstance(value, (list, tuple)):
        return sum(_leaf_count(v) for v in value)
    return 1


def _class(value: Any) -> str:
    return f"<class '{type(value).__name__}'>"


def shown_x(x: Any) -> str:
    """``str(x)`` as Keras 3 puts it in its message (an array's values are not known)."""
    if isinstance(x, PythonList):
        text = str(x.literal)
        cut = text if len(text) <= SHOWN_CHARACTERS else text[:SHOWN_CHARACTERS] + "..."
        return f"x={cut} (of type {_class(x.literal)})"
    if isinstance(x, ArrayValue):
        return "x=... (of type <class 'numpy.ndarray'>)"
    return "x=... (of type ...)"  # x unknown to layerlint


def _type_name(x: Any) -> str:
    """tf_keras' ``data_adapter._type_name`` (a set of several types prints in any order)."""
    if isinstance(x, PythonList):
        return _literal_type_name(x.literal)
    return "<class 'numpy.ndarray'>"


def _literal_type_name(value: Any) -> str:
    if isinstance(value, (list, tuple)):
        types = {_literal_type_name(v) for v in value}
        return f"({type(value)} containing values of types {types})"
    return str(type(value))


def _is_list_of_scalars(value: Any) -> bool:
    """tf_keras' ``ListsOfScalarsDataAdapter._is_list_of_scalars`` on the literal."""
    if isinstance(value, PythonList):
        return _is_list_of_scalars(value.literal)
    if isinstance(value, (float, int, str, bytes, bytearray)):
        return True
    if isinstance(value, (list, tuple)) and value:
        return _is_list_of_scalars(value[0])
    return False


# --- the checks ---------------------------------------------------------------------------------

_ADAPTER_METHODS = ("fit", "evaluate", "predict")
_BATCH_METHODS = ("train_on_batch", "test_on_batch")


def check_call(replay: Replay, event: DataCall, stage: str, keras2: bool) -> None:
    """LL205 for x and y of a data call (validation data: :func:`check_validation`)."""
    x = event.x
    y = event.y if event.method in ("fit", "evaluate", *_BATCH_METHODS) else None
    if not isinstance(x, PythonList) and not isinstance(y, PythonList):
        return
    lists = [v for v in (x, y) if isinstance(v, PythonList)]
    method = event.method
    framework: str | None = None
    if method in _ADAPTER_METHODS:
        framework = _adapter_error(x, y, keras2)
    elif method in _BATCH_METHODS or (keras2 and method == "predict_on_batch"):
        # The first number of x, then of y; an unknown x may hold the first one itself.
        known = x is None or isinstance(x, ArrayValue)
        kind = type(first_number(lists[0].literal)).__name__ if known else "..."
        framework = f"AttributeError: '{kind}' object has no attribute 'shape'"
    elif isinstance(x, PythonList):  # predict_on_batch / model(x)
        framework = _positional_error(replay, x, keras2)
    if framework is None:
        return
    _report(replay, event, stage, lists, framework, keras2, "")


def check_validation(replay: Replay, event: DataCall, stage: str, keras2: bool) -> None:
    """LL205 for ``validation_data=(x, y)``: the adapter sees them after the first epoch."""
    if event.method != "fit" or not isinstance(event.validation_data, tuple):
        return
    vx, vy = (tuple(event.validation_data) + (None, None))[:2]
    lists = [v for v in (vx, vy) if isinstance(v, PythonList)]
    if not lists:
        return
    framework = _adapter_error(vx, vy, keras2)
    if framework is not None:
        _report(replay, event, stage, lists, framework, keras2, "validation_data: ")


def ragged_error_keras2(event: DataCall) -> str:
    """tf.keras 2 on a ragged list x: the adapter's verdict, then ``np.asarray``'s error."""
    x, y = event.x, event.y if event.method in ("fit", "evaluate") else None
    rejected = _adapter_error(x, y, keras2=True)
    if rejected is not None:
        return rejected
    if y is not None and not isinstance(y, ArrayValue):
        return ("ValueError: Failed to find data adapter that can handle input: (<class 'list'> "
                "containing values of types {...}), ...")
    length = len(x.literal) if isinstance(x, PythonList) else "..."
    return ("ValueError: setting an array element with a sequence. The requested array has an "
            f"inhomogeneous shape after 1 dimensions. The detected shape was ({length},) + "
            "inhomogeneous part.")


def _adapter_error(x: Any, y: Any, keras2: bool) -> str | None:
    if not keras2:
        return f"ValueError: Unrecognized data type: {shown_x(x)}"
    known = all(v is None or isinstance(v, ArrayValue) for v in (x, y))
    if not known:
        return None  # an unknown argument may be a list too: the adapter's choice is unknown
    if all(v is None or _is_list_of_scalars(v) for v in (x, y)):
        return None  # ListsOfScalarsDataAdapter: np.asarray, checked as arrays downstream
    return ("ValueError: Failed to find data adapter that can handle input: "
            f"{_type_name(x)}, {_type_name(y) if y is not None else str(type(None))}")


def _positional_error(replay: Replay, x: PythonList, keras2: bool) -> str | None:
    if not keras2:
        number = first_number(x.literal)
        return ("ValueError: Only input tensors may be passed as positional arguments. The "
                "following argument value should be passed as a keyword argument: "
                f"{number!r} (of type {_class(number)})")
    count = _leaf_count(x.literal)
    if count < 2:
        return None  # one number is one (scalar) input: another error, not modelled
    layer = replay.display_name if replay.has_input_layer or not replay.layers \
        else replay.layers[0].name
    return (f'ValueError: Layer "{layer}" expects 1 input(s), but it received {count} input '
            "tensors.")


def _report(replay: Replay, event: DataCall, stage: str, lists: list[PythonList],
            framework: str, keras2: bool, prefix: str) -> None:
    x = event.x if not prefix else (tuple(event.validation_data) + (None,))[0]
    names = " and ".join("x" if v is x else "y" for v in lists)
    verb = "is a Python list" if len(lists) == 1 else "are Python lists"
    if not keras2:
        accepts = "Keras 3 takes arrays, not lists"
    elif event.method in _ADAPTER_METHODS:
        accepts = "tf.keras takes lists only when x and y both are lists of numbers"
    else:
        accepts = f"tf.keras {_call_name(event)} takes arrays, not lists"
    replay.error(
        "LL205", event.span, stage,
        f"{prefix}{names} {verb} of numbers; {accepts}. Convert with np.array(...); Keras "
        f"raises {replay.where(stage, event.method, event.span)}",
        framework, layer=None, fixes=_wrap_in_array(replay.source, lists))


def _call_name(event: DataCall) -> str:
    return "model(...)" if event.method == "__call__" else event.method


@never_fails
def _wrap_in_array(source: str, lists: list[PythonList]) -> list[Fix]:
    """``np.array(<list>)`` around each list argument, when numpy is imported as a name."""
    match = re.search(r"^\s*import\s+numpy(?:\s+as\s+(\w+))?\s*$", source, re.MULTILINE)
    if match is None or any(v.span is None for v in lists):
        return []
    numpy = match.group(1) or "numpy"
    edits = [Edit.replace(v.span, f"{numpy}.array({text_of(source, v.span)})") for v in lists]
    title = f"Convert to an array: {numpy}.array(...)"
    return [Fix(title, edits)]
