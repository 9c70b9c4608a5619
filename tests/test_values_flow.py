"""Values through the program (issue 10, item 3): lists built by loops and comprehensions,
plain classes, containers changed in place, loops and branches that may change outer lists.

Each case is a program that makes ``x``. The front end's shape of ``x`` is compared with real
Python + numpy running the same program, in which ``PATHS`` (a list layerlint cannot know:
``os.listdir``) is a concrete list: every dimension layerlint claims must be the real one, and a
dimension it cannot know (the number of files) must be unknown ("?"), never a guess.
"""

from __future__ import annotations

import ast

import numpy as np
import pytest

from layerlint.frontends.interpreter import Interpreter
from layerlint.frontends.source import SourceMap
from layerlint.frontends.values import Data

HEAD = "import os\nimport numpy as np\n"
UNKNOWN_PATHS = "PATHS = os.listdir('images')\n"
REAL_PATHS = "PATHS = ['a.png', 'b.png', 'c.png']\n"

# (program, the shape layerlint must give x: ints it must know, "?" it cannot know, None: x
# stays unknown)
CASES = {
    "append, known trip count over the unroll limit": (
        "xs = []\nfor i in range(100):\n    xs.append(np.zeros((28, 28)))\nx = np.array(xs)",
        (100, 28, 28)),
    "append, unknown trip count": (
        "xs = []\nfor p in PATHS:\n    xs.append(np.zeros((28, 28, 3)))\nx = np.array(xs)",
        ("?", 28, 28, 3)),
    "append two lists in one loop": (
        "xs, ys = [], []\nfor p in PATHS:\n    xs.append(np.ones((8, 8)))\n    ys.append(1)\n"
        "x = np.array(ys)",
        ("?",)),
    "append of numbers, known count": (
        "ys = []\nfor i in range(70):\n    ys.append(i * 2)\nx = np.array(ys)", (70,)),
    "append under a condition: count unknown": (
        "xs = []\nfor i in range(100):\n    if i % 3:\n        xs.append(np.zeros(5))\n"
        "x = np.array(xs)",
        ("?", 5)),
    "append after a continue: count unknown": (
        "xs = []\nfor i in range(100):\n    if i % 3 == 0:\n        continue\n"
        "    xs.append(np.zeros(5))\nx = np.array(xs)",
        ("?", 5)),
    "item depends on the iteration: unknown": (
        "xs = []\nfor i in range(1, 100):\n    xs.append(np.zeros(i))\nx = np.array(xs, dtype=object)",
        None),
    "item depends on a name the loop changes: unknown": (
        "xs = []\nn = 3\nfor p in PATHS:\n    xs.append(np.zeros((n, 2)))\n    n = 3\nx = np.array(xs)",
        None),
    "list appended to before the loop": (
        "xs = [np.zeros(4)]\nfor i in range(80):\n    xs.append(np.ones(4))\nx = np.stack(xs)",
        (81, 4)),
    "rows of an array": (
        "data = np.random.rand(90, 6)\nxs = []\nfor row in data:\n    xs.append(row[:3])\n"
        "x = np.array(xs)",
        (90, 3)),
    "while loop": (
        "xs = []\nwhile len(xs) < 10:\n    xs.append(np.zeros((2, 2)))\nx = np.array(xs)",
        ("?", 2, 2)),
    "loop in a function filling a module list": (
        "xs = []\ndef load(paths):\n    for p in paths:\n        xs.append(np.zeros(3))\n"
        "load(PATHS)\nx = np.array(xs)",
        ("?", 3)),
    "conditional append in a function: unknown": (
        "xs = []\ndef add(flag):\n    if flag:\n        xs.append(np.zeros(3))\n"
        "add(len(PATHS) > 5)\nx = np.array(xs)",
        None),
    "append into a dict's list in a loop: unknown": (
        "d = {'a': []}\nfor p in PATHS:\n    d['a'].append(np.zeros(4))\nx = np.array(d['a'])",
        None),
    "append into a dict's list": (
        "d = {'a': []}\nd['a'].append(np.zeros(4))\nd['a'].append(np.zeros(4))\n"
        "x = np.array(d['a'])",
        (2, 4)),
    "a built list grows by one more append": (
        "xs = []\nfor p in PATHS:\n    xs.append(np.zeros(6))\nxs.append(np.ones(6))\n"
        "x = np.array(xs)", ("?", 6)),
    "a built list popped: unknown": (
        "xs = []\nfor i in range(100):\n    xs.append(np.zeros(6))\nxs.pop()\nx = np.array(xs)",
        None),
    "an item of a built list": (
        "xs = []\nfor p in PATHS:\n    xs.append(np.zeros((5, 2)))\nx = xs[-1]", (5, 2)),
    "comprehension over unknown paths": (
        "x = np.array([np.zeros((32, 32, 3)) for p in PATHS])", ("?", 32, 32, 3)),
    "comprehension with a call over a long range": (
        "x = np.array([np.full((4,), i, dtype='float32') for i in range(200)])", (200, 4)),
    "comprehension with a filter": (
        "x = np.array([np.zeros(7) for p in PATHS if p.endswith('.png')])", ("?", 7)),
    "function called in a loop": (
        "def load_image(path):\n    return np.zeros((64, 64, 3), dtype='float32') / 255.0\n"
        "images = []\nfor p in PATHS:\n    images.append(load_image(p))\nx = np.asarray(images)",
        ("?", 64, 64, 3)),
    "plain class attributes": (
        "class Dataset:\n    def __init__(self, n):\n        self.x = np.zeros((n, 10))\n"
        "        self.y = np.zeros(n)\n"
        "data = Dataset(50)\nx = data.x",
        (50, 10)),
    "plain class method returning a tuple": (
        "class Loader:\n    def __init__(self, path):\n        self.path = path\n"
        "    def load(self):\n        self.images = np.zeros((12, 28, 28))\n"
        "        return self.images, np.zeros(12)\n"
        "loader = Loader('data')\nimages, labels = loader.load()\nx = loader.images.reshape(-1, 784)",
        (12, 784)),
    "plain class attribute set under a condition: unknown": (
        "class Holder:\n    def __init__(self, big):\n        if big:\n"
        "            self.x = np.zeros((100, 4))\n        else:\n            self.x = np.zeros((5, 4))\n"
        "h = Holder(len(PATHS) > 2)\nx = h.x",
        None),
    "plain object passed to unknown code: unknown": (
        "class Box:\n    def __init__(self):\n        self.x = np.zeros((3, 3))\n"
        "b = Box()\nsetattr(b, 'x', np.zeros(2))\nx = b.x",
        None),
    "class-level constants": (
        "N = 6\nclass Config:\n    size = 28\n    channels = 1\n    samples = N * 2\n"
        "N = 50\nx = np.zeros((Config.samples, Config.size, Config.size, Config.channels))",
        (12, 28, 28, 1)),
    "class constant read through an instance": (
        "class Settings:\n    width = 16\n    def __init__(self):\n        self.height = 8\n"
        "s = Settings()\nx = np.zeros((s.height, s.width))",
        (8, 16)),
    "dataclass fields": (
        "from dataclasses import dataclass\n@dataclass\nclass Split:\n    x: np.ndarray\n"
        "    y: np.ndarray\n    name: str = 'train'\n"
        "train = Split(np.zeros((30, 4)), np.zeros(30))\nx = train.x",
        (30, 4)),
    "a class with another decorator is not followed": (
        "import functools\n@functools.total_ordering\nclass Box:\n    def __init__(self):\n"
        "        self.x = np.zeros(3)\n    def __lt__(self, other):\n        return False\n"
        "x = Box().x",
        None),
    "nested tuples and starred unpacking": (
        "def load():\n    return (np.zeros((20, 5)), np.zeros(20)), (np.zeros((4, 5)), np.zeros(4))\n"
        "(x_train, y_train), *rest = load()\nx = x_train",
        (20, 5)),
    "with block and main guard": (
        "def main():\n    with open(__file__) as handle:\n        data = np.zeros((9, 2))\n"
        "    return data\nif __name__ == '__main__':\n    x = main()",
        (9, 2)),
}


def front_end_value(program: str):
    source = HEAD + UNKNOWN_PATHS + program + "\n"
    interpreter = Interpreter(ast.parse(source), SourceMap(source))
    interpreter.run()
    return interpreter.module.vars.get("x")


def real_value(program: str):
    namespace: dict = {"__name__": "__main__", "__file__": __file__}
    exec(compile(HEAD + REAL_PATHS + program + "\n", "<case>", "exec"), namespace)  # noqa: S102
    return namespace["x"]


@pytest.mark.parametrize("name", sorted(CASES))
def test_value_flows_as_in_python(name: str) -> None:
    program, expected = CASES[name]
    value = front_end_value(program)
    real = np.asarray(real_value(program))
    if expected is None:
        assert not isinstance(value, Data) or value.shape is None or not all(
            isinstance(d, int) for d in value.shape), value
        return
    assert isinstance(value, Data), value
    assert value.shape == expected
    assert len(real.shape) == len(expected)
    for mine, theirs in zip(value.shape, real.shape):
        assert mine == "?" or mine == theirs


def test_the_unknown_count_cases_depend_on_the_count() -> None:
    """Where layerlint says "?", another list of files really gives another count."""
    for name, (program, expected) in CASES.items():
        if expected is None or "?" not in expected or "PATHS" not in program:
            continue
        other = np.asarray(real_value(program.replace("PATHS", "(PATHS + PATHS)")))
        assert other.shape != np.asarray(real_value(program)).shape, name
