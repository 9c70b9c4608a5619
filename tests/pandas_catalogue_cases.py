"""Calls of catalogued pandas functions and methods for tests/test_pandas_catalogue.py:
hand-picked cases and a seeded random grid of chains (read a file or build a frame, then
select, drop, convert; library_harness.Case)."""

from __future__ import annotations

import random
from typing import Any

from library_harness import Arr, Case, Csv, Frame, Json, Ser, Step, attr, item, method

PD = "pandas"
CSV = Csv(6, ("a", "b", "c", "d", "e"))
F = Frame((6, 4), ("a", "b", "c", "d"))
ILOC, LOC = attr("iloc"), attr("loc")

HAND: list[Case] = [
    # readers
    Case(f"{PD}.read_csv", (CSV,)),
    Case(f"{PD}.read_csv", (CSV,), {}, (attr("values"),)),
    Case(f"{PD}.read_csv", (CSV,), {"usecols": ["a", "c"]}),
    Case(f"{PD}.read_csv", (CSV,), {"usecols": [0, 2, 2]}),
    Case(f"{PD}.read_csv", (CSV,), {"usecols": ["zz"]}),
    Case(f"{PD}.read_csv", (CSV,), {"names": ["p", "q", "r"]}),
    Case(f"{PD}.read_csv", (CSV,), {"names": ["p", "q", "r", "s", "t", "u"]}),
    Case(f"{PD}.read_csv", (CSV,), {}, (ILOC, item((slice(None), slice(0, 3))), attr("values"))),
    Case(f"{PD}.read_csv", (CSV,), {}, (ILOC, item((slice(None), -1)), attr("values"))),
    Case(f"{PD}.read_csv", (CSV,), {}, (ILOC, item((slice(None), slice(None, -1))),)),
    Case(f"{PD}.read_csv", (CSV,), {}, (item("b"),)),
    Case(f"{PD}.read_csv", (CSV,), {}, (item(["a", "b"]), method("to_numpy"))),
    Case(f"{PD}.read_csv", (CSV,), {}, (attr("c"), attr("values"))),
    Case(f"{PD}.read_csv", (CSV,), {}, (method("drop", columns=["e"]),)),
    Case(f"{PD}.read_csv", (CSV,), {}, (method("drop", "e", axis=1), attr("shape"))),
    Case(f"{PD}.read_csv", (CSV,), {}, (method("dropna"), attr("shape"))),
    Case(f"{PD}.read_csv", (CSV,), {}, (method("head", 3),)),
    Case(f"{PD}.read_csv", (CSV,), {}, (method("head"),)),
    Case(f"{PD}.read_csv", (CSV,), {}, (attr("shape"),)),
    Case(f"{PD}.read_csv", (CSV,), {}, (attr("columns"),)),
    Case(f"{PD}.read_csv", (CSV,), {"chunksize": 2}),
    Case(f"{PD}.read_table", (CSV,), {}, (attr("shape"),)),
    Case(f"{PD}.read_table", (CSV,), {"sep": ","}, (method("to_numpy"),)),
    Case(f"{PD}.read_json", (Json(5, ("a", "b", "c")),), {}, (item("b"),)),
    Case(f"{PD}.read_json", (Json(0, ("a",)),)),
    Case(f"{PD}.read_json", (Json(3, ("a", "b")),), {"typ": "series"}),
    Case(f"{PD}.get_dummies", (F,)),
    Case(f"{PD}.read_csv", (CSV,), {}, (item("a"),)),
    # constructors
    Case(f"{PD}.DataFrame", ({"a": [1, 2], "b": [1.0, 2.0]},)),
    Case(f"{PD}.DataFrame", ({"a": [1, 2], "b": [3, 4]},), {}, (attr("values"),)),
    Case(f"{PD}.DataFrame", ({"a": [1, 2], "b": [1]},)),
    Case(f"{PD}.DataFrame", ({"a": 1},)),
    Case(f"{PD}.DataFrame", ({"a": [1, 2], "b": 2},)),
    Case(f"{PD}.DataFrame", (Arr((3, 2)),), {"columns": ["a", "b", "c"]}),
    Case(f"{PD}.DataFrame", (Arr((3, 2)),), {"columns": ["a", "b"]}),
    Case(f"{PD}.DataFrame", (Arr((3,)),)),
    Case(f"{PD}.DataFrame", (Arr((2, 3, 4)),)),
    Case(f"{PD}.DataFrame", ([[1, 2], [3, 4]],)),
    Case(f"{PD}.DataFrame", (Arr((4, 2), "int32"),), {"dtype": "float32"}),
    Case(f"{PD}.Series", ([1, 2, 3],)),
    Case(f"{PD}.Series", (Arr((3, 2)),)),
    Case(f"{PD}.Series", ([1.0, 2],)),
    Case(f"{PD}.Series", (Arr((4,), "int32"),)),
    Case(f"{PD}.Series", ({"a": 1, "b": 2},)),
    # selections on a frame whose labels are known
    Case(f"{PD}.DataFrame", (F,), {}, (item("zz"),)),
    Case(f"{PD}.DataFrame", (F,), {}, (item(["a", "zz"]),)),
    Case(f"{PD}.DataFrame", (F,), {}, (item(["a", "a"]),)),
    Case(f"{PD}.DataFrame", (F,), {}, (item(slice(1, 3)),)),
    Case(f"{PD}.DataFrame", (F,), {}, (ILOC, item((slice(None), 7)))),
    Case(f"{PD}.DataFrame", (F,), {}, (ILOC, item((slice(None), [0, 9])))),
    Case(f"{PD}.DataFrame", (F,), {}, (ILOC, item(5))),
    Case(f"{PD}.DataFrame", (F,), {}, (ILOC, item(6))),
    Case(f"{PD}.DataFrame", (F,), {}, (ILOC, item((1, 2, 3)))),
    Case(f"{PD}.DataFrame", (F,), {}, (ILOC, item([0, 2]))),
    Case(f"{PD}.DataFrame", (F,), {}, (ILOC, item((slice(None), slice(1, 10))))),
    Case(f"{PD}.DataFrame", (F,), {}, (ILOC, item((slice(None), [True, False, True, True])))),
    Case(f"{PD}.DataFrame", (F,), {}, (LOC, item((slice(None), ["a", "zz"])))),
    Case(f"{PD}.DataFrame", (F,), {}, (LOC, item((slice(None), slice("a", "c"))))),
    Case(f"{PD}.DataFrame", (F,), {}, (LOC, item((slice(None), "b")))),
    Case(f"{PD}.DataFrame", (F,), {}, (LOC, item((slice(None), ["d", "a"])))),
    Case(f"{PD}.DataFrame", (F,), {}, (method("drop", columns=["zz"]),)),
    Case(f"{PD}.DataFrame", (F,), {}, (method("drop", columns=["zz"], errors="ignore"),)),
    Case(f"{PD}.DataFrame", (F,), {}, (method("drop", ["a", "b"], axis="columns"),)),
    Case(f"{PD}.DataFrame", (F,), {}, (method("drop", columns="a"),)),
    Case(f"{PD}.DataFrame", (F,), {}, (method("drop", [0]),)),
    Case(f"{PD}.DataFrame", (F,), {}, (method("drop", "a", columns="b"),)),
    Case(f"{PD}.DataFrame", (F,), {}, (method("reset_index"),)),
    Case(f"{PD}.DataFrame", (F,), {}, (method("reset_index", drop=True),)),
    Case(f"{PD}.DataFrame", (F,), {}, (method("head", -2),)),
    Case(f"{PD}.DataFrame", (F,), {}, (method("tail", 10),)),
    Case(f"{PD}.DataFrame", (F,), {}, (method("astype", "float32"), attr("values"))),
    Case(f"{PD}.DataFrame", (F,), {}, (attr("T"),)),
    Case(f"{PD}.DataFrame", (F,), {}, (attr("columns"), item(slice(None, -1)))),
    Case(f"{PD}.DataFrame", (F,), {}, (attr("zz"),)),
    Case(f"{PD}.DataFrame", (F,), {}, (attr("index"),)),
    Case(f"{PD}.DataFrame", (F,), {}, (method("pop", "a"),)),
    Case(f"{PD}.DataFrame", (F,), {}, (method("dropna", axis=1),)),
    Case(f"{PD}.DataFrame", (F,), {}, (method("copy"), method("fillna", 0))),
    Case(f"{PD}.DataFrame", (Frame((5, 2), (0, 1)),), {}, (item(0), method("to_frame"))),
    # series
    Case(f"{PD}.Series", (Arr((6,)),), {}, (method("astype", "int32"), attr("values"))),
    Case(f"{PD}.Series", (Arr((6,)),), {}, (method("head", 2),)),
    Case(f"{PD}.Series", (Arr((6,)),), {}, (item(slice(2, None)),)),
    Case(f"{PD}.Series", (Arr((6,)),), {}, (ILOC, item([0, 1, 1]))),
    Case(f"{PD}.Series", (Arr((6,)),), {}, (ILOC, item((0, 1)))),
    Case(f"{PD}.Series", (Arr((6,)),), {}, (method("map", {1.0: 0}),)),
    Case(f"{PD}.Series", (Arr((6,)),), {}, (method("unique"),)),
    Case(f"{PD}.Series", (Arr((6,)),), {}, (method("to_numpy", dtype="float32"),)),
    Case(f"{PD}.Series", (Arr((6,)),), {}, (method("drop_duplicates"),)),
    Case(f"{PD}.Series", (Arr((6,)),), {}, (method("dropna"),)),
    *[Case(f"{PD}.Series", (Arr((6,)),), {}, (method(name, *args),))
      for name, args in (("abs", ()), ("clip", (0, 1)), ("round", ()), ("fillna", (0,)),
                         ("replace", (1.0, 2.0)), ("copy", ()), ("tail", (-2,)),
                         ("drop_duplicates", ()))],
    Case(f"{PD}.Series", (Arr((6,)),), {}, (attr("index"),)),
    Case(f"{PD}.Series", (Arr((6,)),), {}, (attr("shape"),)),
    Case(f"{PD}.Series", (Arr((6,)),), {}, (LOC, item(slice(1, 3)))),
    Case(f"{PD}.Series", (Arr((6,)),), {}, (item(0),)),
    Case(f"{PD}.DataFrame", (F,), {}, (method("drop_duplicates"),)),
    Case(f"{PD}.DataFrame", (F,), {}, (LOC, item(slice(1, 3)))),
    Case(f"{PD}.DataFrame", (F,), {}, (LOC, item((slice(None), [True, False, True, False])))),
    Case(f"{PD}.get_dummies", (Ser(6, "int64"),)),
    Case(f"{PD}.get_dummies", (Ser(6, "int64"),), {"dtype": "float32"}),
    Case(f"{PD}.get_dummies", (F,), {"columns": ["a"]}),
    Case(f"{PD}.get_dummies", (F,), {"sparse": True}),
]


# --- seeded random chains -----------------------------------------------------------------------


def _start(rng: random.Random) -> Case:
    roll = rng.random()
    if roll < 0.4:
        header = tuple("abcdefg"[: rng.randint(1, 7)])
        kwargs: dict[str, Any] = {}
        if rng.random() < 0.2:
            kwargs["usecols"] = rng.sample(header, rng.randint(1, len(header)))
        elif rng.random() < 0.1:
            kwargs["names"] = list("pqrstuvw"[: rng.randint(1, 8)])
        return Case(f"{PD}.read_csv", (Csv(rng.randint(0, 8), header),), kwargs)
    if roll < 0.7:
        cols = rng.randint(1, 5)
        labels = tuple("abcde"[:cols]) if rng.random() < 0.7 else None
        shape = (rng.randint(0, 8), cols)
        dtype = rng.choice(["float64", "int64", "float32"])
        return Case(f"{PD}.DataFrame", (Arr(shape, dtype),),
                    {"columns": list(labels)} if labels else {})
    n = rng.randint(0, 6)
    data = {k: [rng.randint(0, 3) for _ in range(n)] for k in "abcd"[: rng.randint(1, 4)]}
    return Case(f"{PD}.DataFrame", (data,))


def _frame_step(rng: random.Random, labels: list) -> list[Step]:
    some = labels or ["a", "b"]
    pos = rng.randint(-4, 5)
    roll = rng.random()
    if roll < 0.1:
        return [item(rng.choice(some + ["zz"]))]
    if roll < 0.2:
        return [item(rng.sample(some, rng.randint(1, len(some))))]
    if roll < 0.35:
        a, b = rng.choice([None, 0, 1, -1, 2]), rng.choice([None, -1, 2, 3, 9])
        return [ILOC, item((slice(None), slice(a, b)))]
    if roll < 0.42:
        return [ILOC, item((slice(None), pos))]
    if roll < 0.5:
        return [ILOC, item((slice(rng.choice([None, 1, 2]), rng.choice([None, 3, -1])),
                            [p for p in range(3) if rng.random() < 0.6] or [0]))]
    if roll < 0.56:
        return [LOC, item((slice(None), rng.sample(some, rng.randint(1, len(some)))))]
    if roll < 0.64:
        return [method("drop", columns=rng.sample(some + ["zz"], rng.randint(1, 2)))]
    if roll < 0.68:
        return [method("drop", rng.choice(some), axis=1)]
    if roll < 0.72:
        return [method("dropna")]
    if roll < 0.78:
        return [method(rng.choice(["head", "tail"]), rng.randint(-3, 8))]
    if roll < 0.82:
        return [method("astype", rng.choice(["float32", "int64", "float64"]))]
    if roll < 0.86:
        return [method("reset_index", drop=rng.random() < 0.5)]
    if roll < 0.9:
        return [item(slice(rng.choice([None, 1]), rng.choice([None, 4, -1])))]
    if roll < 0.95:
        return [method("copy")]
    return [attr(rng.choice(some))]


def _end(rng: random.Random) -> list[Step]:
    return rng.choice([[attr("values")], [method("to_numpy")], [attr("shape")], []])


def chain_cases(rng: random.Random, count: int) -> list[Case]:
    cases = []
    for _ in range(count):
        start = _start(rng)
        labels: list = []
        if start.call.endswith("read_csv"):
            labels = list(start.kwargs.get("names") or start.args[0].header)
        elif isinstance(start.args[0], dict):
            labels = list(start.args[0])
        else:
            labels = list(start.kwargs.get("columns", []))
        steps: list[Step] = []
        for _ in range(rng.randint(1, 3)):
            steps += _frame_step(rng, labels)
        steps += _end(rng)
        cases.append(Case(start.call, start.args, start.kwargs, tuple(steps)))
    return cases


FAMILIES = {"chains": (chain_cases, 500)}


def grid(family: str) -> list[Case]:
    make, count = FAMILIES[family]
    return make(random.Random(f"pandas-{family}"), count)
