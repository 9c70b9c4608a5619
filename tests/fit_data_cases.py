"""Data reaching Sequential, functional and subclassed Keras models at fit/evaluate/predict/
train_on_batch/model(x), validation data included, for the differential tests of both dialects
(test_fit_data.py, keras2/test_fit_data_keras2.py): hand-written cases and a seeded generator.

A case is a whole script: a model (``MODELS``: its style, inputs and outputs), ``compile`` with
a loss, and one data call. ``agree`` compares layerlint's result with a run of
subclass/runner.py: verdict, line, stage, names, and the framework's message.
"""

from __future__ import annotations

import functools
import random
from dataclasses import dataclass

from subclass.compare import _keras2_agree, _without_user_code, compare
from subclass.runner import run_batch

from layerlint.pipeline import check_source

from layerlint.results import FileResult

HEAD = "import numpy as np\nimport keras\nfrom keras import layers\n"


@dataclass(frozen=True)
class Model:
    source: str  # builds `model`; "{loss}" stands for compile's loss
    inputs: tuple[tuple[str, tuple[int, ...]], ...]  # (name, shape without the batch axis)
    outputs: tuple[tuple[str, int], ...]  # (name, units of the Dense it comes from)


MODELS = {
    "sequential": Model('''
model = keras.Sequential([keras.Input(shape=(8,)), layers.Dense(4), layers.Dense(3)])
model.compile(optimizer="adam", loss={loss})
''', (("a", (8,)),), (("out", 3),)),
    "functional": Model('''
inp = keras.Input(shape=(8,), name="a")
out = layers.Dense(3, name="out")(layers.Dense(4)(inp))
model = keras.Model(inp, out)
model.compile(optimizer="adam", loss={loss})
''', (("a", (8,)),), (("out", 3),)),
    "sequence": Model('''
inp = keras.Input(shape=(6, 8), name="a")
out = layers.Dense(3, name="out")(layers.LSTM(4)(inp))
model = keras.Model(inp, out)
model.compile(optimizer="adam", loss={loss})
''', (("a", (6, 8)),), (("out", 3),)),
    "two_in_two_out": Model('''
a = keras.Input(shape=(8,), name="a")
b = keras.Input(shape=(3,), name="b")
h = layers.Concatenate()([layers.Dense(4)(a), b])
o1 = layers.Dense(1, name="o1")(h)
o2 = layers.Dense(5, activation="softmax", name="o2")(h)
model = keras.Model([a, b], [o1, o2])
model.compile(optimizer="adam", loss={loss})
''', (("a", (8,)), ("b", (3,))), (("o1", 1), ("o2", 5))),
    "subclass": Model('''
class Net(keras.Model):
    def __init__(self):
        super().__init__()
        self.hidden = layers.Dense(4)
        self.head = layers.Dense(3)

    def call(self, x):
        return self.head(self.hidden(x))

model = Net()
model.compile(optimizer="adam", loss={loss})
''', (("a", (8,)),), (("out", 3),)),
}


def script(model: str, loss: str, call: str) -> str:
    return HEAD + MODELS[model].source.format(loss=loss) + call + "\n"


def _z(*shape: int) -> str:
    return f"np.zeros({shape})"


_OK_X = f"{_z(10, 8)}"
_OK_Y = f"{_z(10, 3)}"
_VALID = "validation_data=({vx}, {vy}), epochs={epochs}, verbose=0"
_TWO_X = f"[{_z(10, 8)}, {_z(10, 3)}]"
_TWO_Y = f"[{_z(10, 1)}, {_z(10, 5)}]"
_TWO_LOSS = '["mse", "categorical_crossentropy"]'

# Validation data, for every single-input style (measured: checked after the first epoch, only
# when an epoch validates; validation_split cuts every array at floor(n * (1 - split))).
_VALIDATION = {
    "ok": f"model.fit({_OK_X}, {_OK_Y}, validation_data=({_z(5, 8)}, {_z(5, 3)}), verbose=0)",
    "x_last_axis": f"model.fit({_OK_X}, {_OK_Y}, validation_data=({_z(5, 9)}, {_z(5, 3)}), "
                   "verbose=0)",
    "x_rank": f"model.fit({_OK_X}, {_OK_Y}, validation_data=({_z(5, 8, 2)}, {_z(5, 3)}), "
              "verbose=0)",
    "counts": f"model.fit({_OK_X}, {_OK_Y}, validation_data=({_z(5, 8)}, {_z(6, 3)}), "
              "verbose=0)",
    "targets": f"model.fit({_OK_X}, {_OK_Y}, validation_data=({_z(5, 8)}, {_z(5, 4)}), "
               "verbose=0)",
    "x_only": f"model.fit({_OK_X}, {_OK_Y}, validation_data=({_z(5, 9)},), verbose=0)",
    "x_only_ok": f"model.fit({_OK_X}, {_OK_Y}, validation_data=({_z(5, 8)},), verbose=0)",
    "list_pair": f"model.fit({_OK_X}, {_OK_Y}, validation_data=[{_z(5, 9)}, {_z(5, 3)}], "
                 "verbose=0)",
    "freq_2_epochs_1": f"model.fit({_OK_X}, {_OK_Y}, validation_data=({_z(5, 9)}, {_z(5, 3)}), "
                       "validation_freq=2, verbose=0)",
    "freq_2_epochs_2": f"model.fit({_OK_X}, {_OK_Y}, validation_data=({_z(5, 9)}, {_z(5, 3)}), "
                       "epochs=2, validation_freq=2, verbose=0)",
    "freq_list": f"model.fit({_OK_X}, {_OK_Y}, validation_data=({_z(5, 9)}, {_z(5, 3)}), "
                 "epochs=2, validation_freq=[2], verbose=0)",
    "training_first": f"model.fit({_z(10, 9)}, {_OK_Y}, validation_data=({_z(5, 8)}, "
                      f"{_z(6, 3)}), verbose=0)",
    "batch_size": f"model.fit({_OK_X}, {_OK_Y}, validation_data=({_z(12, 9)}, {_z(12, 3)}), "
                  "batch_size=4, validation_batch_size=5, verbose=0)",
    "split_counts_agree": f"model.fit({_OK_X}, {_z(12, 3)}, validation_split=0.2, verbose=0)",
    "split_y_short": f"model.fit({_OK_X}, {_z(5, 3)}, validation_split=0.2, verbose=0)",
    "split_y_long_val": f"model.fit({_z(20, 8)}, {_z(12, 3)}, validation_split=0.5, verbose=0)",
    "split_batch": f"model.fit({_z(40, 9)}, {_z(40, 3)}, validation_split=0.5, verbose=0)",
    "split_targets": f"model.fit({_OK_X}, {_z(10, 4)}, validation_split=0.3, verbose=0)",
}
_TWO = {
    "ok_lists": f"model.fit({_TWO_X}, {_TWO_Y}, verbose=0)",
    "ok_dicts": f"model.fit({{'a': {_z(10, 8)}, 'b': {_z(10, 3)}}}, {{'o1': {_z(10, 1)}, "
                f"'o2': {_z(10, 5)}}}, verbose=0)",
    "one_input": f"model.fit({_z(10, 8)}, {_TWO_Y}, verbose=0)",
    "three_inputs": f"model.fit([{_z(10, 8)}, {_z(10, 3)}, {_z(10, 3)}], {_TWO_Y}, verbose=0)",
    "b_last_axis": f"model.fit([{_z(10, 8)}, {_z(10, 4)}], {_TWO_Y}, verbose=0)",
    "b_last_axis_predict": f"model.predict([{_z(10, 8)}, {_z(10, 4)}], verbose=0)",
    "b_last_axis_call": f"model([{_z(10, 8)}, {_z(10, 4)}])",
    "dict_missing": f"model.fit({{'a': {_z(10, 8)}}}, {_TWO_Y}, verbose=0)",
    "dict_extra": f"model.fit({{'a': {_z(10, 8)}, 'b': {_z(10, 3)}, 'c': {_z(10, 2)}}}, "
                  f"{_TWO_Y}, verbose=0)",
    "count_x": f"model.fit([{_z(10, 8)}, {_z(11, 3)}], {_TWO_Y}, verbose=0)",
    "count_y": f"model.fit({_TWO_X}, [{_z(10, 1)}, {_z(12, 5)}], verbose=0)",
    "count_predict": f"model.predict([{_z(10, 8)}, {_z(11, 3)}], verbose=0)",
    "count_predict_dict": f"model.predict({{'a': {_z(10, 8)}, 'b': {_z(11, 3)}}}, verbose=0)",
    "three_targets": f"model.fit({_TWO_X}, [{_z(10, 1)}, {_z(10, 5)}, {_z(10, 5)}], verbose=0)",
    "one_target_list": f"model.fit({_TWO_X}, [{_z(10, 1)}], verbose=0)",
    "o2_targets": f"model.fit({_TWO_X}, [{_z(10, 1)}, {_z(10, 4)}], verbose=0)",
    "o2_targets_dict": f"model.fit({_TWO_X}, {{'o1': {_z(10, 1)}, 'o2': {_z(10, 4)}}}, "
                       "verbose=0)",
    "targets_dict_missing": f"model.fit({_TWO_X}, {{'o1': {_z(10, 1)}}}, verbose=0)",
    "validation_b": f"model.fit({_TWO_X}, {_TWO_Y}, validation_data=([{_z(4, 8)}, "
                    f"{_z(4, 2)}], [{_z(4, 1)}, {_z(4, 5)}]), verbose=0)",
    "validation_counts": f"model.fit({_TWO_X}, {_TWO_Y}, validation_data=([{_z(4, 8)}, "
                         f"{_z(4, 3)}], [{_z(4, 1)}, {_z(5, 5)}]), verbose=0)",
    "validation_dict_missing": f"model.fit({_TWO_X}, {_TWO_Y}, validation_data=({{'a': "
                               f"{_z(4, 8)}}}, [{_z(4, 1)}, {_z(4, 5)}]), verbose=0)",
    "validation_o2": f"model.fit({_TWO_X}, {_TWO_Y}, validation_data=([{_z(4, 8)}, "
                     f"{_z(4, 3)}], [{_z(4, 1)}, {_z(4, 2)}]), verbose=0)",
    "validation_split_counts": f"model.fit([{_z(10, 8)}, {_z(12, 3)}], {_TWO_Y}, "
                               "validation_split=0.2, verbose=0)",
}
_ONE = {  # single-input functional models: data at every call
    "last_axis_fit": f"model.fit({_z(10, 9)}, {_OK_Y}, verbose=0)",
    "last_axis_predict": f"model.predict({_z(10, 9)}, verbose=0)",
    "last_axis_evaluate": f"model.evaluate({_z(10, 9)}, {_OK_Y}, verbose=0)",
    "last_axis_call": f"model({_z(10, 9)})",
    "last_axis_train_on_batch": f"model.train_on_batch({_z(10, 9)}, {_OK_Y})",
    "last_axis_predict_on_batch": f"model.predict_on_batch({_z(10, 9)})",
    "rank_up": f"model.fit({_z(10, 8, 2)}, {_OK_Y}, verbose=0)",
    "rank_up_batches": f"model.fit({_z(10, 8, 2)}, {_OK_Y}, batch_size=5, verbose=0)",
    "rank_up_call": f"model({_z(10, 8, 2)})",
    "rank_up_one": f"model.fit({_z(10, 8, 1)}, {_OK_Y}, verbose=0)",
    "rank_down": f"model.predict({_z(10)}, verbose=0)",
    "counts": f"model.fit({_OK_X}, {_z(11, 3)}, verbose=0)",
    "counts_evaluate": f"model.evaluate({_OK_X}, {_z(11, 3)}, verbose=0)",
    "counts_train_on_batch": f"model.train_on_batch({_OK_X}, {_z(11, 3)})",
    "list_of_one": f"model.fit([{_OK_X}], {_OK_Y}, verbose=0)",
    "list_of_two": f"model.fit([{_OK_X}, {_OK_X}], {_OK_Y}, verbose=0)",
    "dict": f"model.fit({{'a': {_OK_X}}}, {_OK_Y}, verbose=0)",
    "dict_wrong_key": f"model.fit({{'b': {_OK_X}}}, {_OK_Y}, verbose=0)",
    "targets_wide": f"model.fit({_OK_X}, {_z(10, 4)}, verbose=0)",
    "targets_dict": f"model.fit({_OK_X}, {{'out': {_OK_Y}}}, verbose=0)",
    "targets_dict_other_key": f"model.evaluate({_OK_X}, {{'output_x': {_OK_Y}}}, verbose=0)",
}
_SEQUENCE = {
    "rank_down": f"model.fit({_z(10, 8)}, {_OK_Y}, verbose=0)",
    "rank_down_one": f"model.predict({_z(10, 6)}, verbose=0)",
    "rank_up": f"model.predict({_z(10, 6, 8, 2)}, verbose=0)",
    "length": f"model.predict({_z(10, 7, 8)}, verbose=0)",
    "validation_length": f"model.fit({_z(10, 6, 8)}, {_OK_Y}, validation_data=({_z(4, 7, 8)}, "
                         f"{_z(4, 3)}), verbose=0)",
}

HAND: dict[str, str] = {}
for _style in ("sequential", "functional", "subclass"):
    for _name, _call in _VALIDATION.items():
        for _loss in ('"mse"', '"categorical_crossentropy"'):
            HAND[f"{_style}:validation:{_name}:{_loss.strip(chr(34))}"] = script(
                _style, _loss, _call)
for _name, _call in _TWO.items():
    HAND[f"two_in_two_out:{_name}"] = script("two_in_two_out", _TWO_LOSS, _call)
    HAND[f"two_in_two_out:{_name}:mse"] = script("two_in_two_out", '"mse"', _call)
for _name, _call in _ONE.items():
    for _loss in ('"mse"', '"categorical_crossentropy"', '"sparse_categorical_crossentropy"'):
        HAND[f"functional:{_name}:{_loss.strip(chr(34))}"] = script("functional", _loss, _call)
for _name, _call in _SEQUENCE.items():
    HAND[f"sequence:{_name}"] = script("sequence", '"mse"', _call)

# Keras 3's train_on_batch meets x and y of other batch sizes in the loss, whose error
# layerlint models only for mse, mae and huber: elsewhere it must stay silent.
KERAS3_UNFOLLOWED = {"functional:counts_train_on_batch:categorical_crossentropy",
                     "functional:counts_train_on_batch:sparse_categorical_crossentropy"}
# tf.keras 2 raises on these where layerlint does not follow it (TensorFlow's concat on inputs
# of another rank): layerlint must stay silent there, never claim another error.
KERAS2_UNFOLLOWED = {"two_in_two_out:dict_b_rank", "two_in_two_out:b_rank_down"}
HAND["two_in_two_out:dict_b_rank"] = script(
    "two_in_two_out", '"mse"', f"model.fit({{'a': {_z(10, 8)}, 'b': {_z(10, 3, 2)}}}, {_TWO_Y}, "
    "verbose=0)")
HAND["two_in_two_out:b_rank_down"] = script(
    "two_in_two_out", '"mse"', f"model.predict([{_z(10, 8)}, {_z(10)}], verbose=0)")


# --- the seeded generator ---------------------------------------------------------------------

LOSSES = ('"mse"', '"categorical_crossentropy"', '"sparse_categorical_crossentropy"',
          '"mae"')
METHODS = ("fit", "fit", "fit", "evaluate", "predict", "train_on_batch", "__call__")


@dataclass(frozen=True)
class Generated:
    seed: int
    source: str
    intent: str


def _shape_variant(rng: random.Random, n: int, shape: tuple[int, ...],
                   changes: list[str], counts: bool = True) -> tuple[int, ...]:
    """A batch of ``n`` for an input or output of ``shape``, sometimes changed."""
    roll = rng.random()
    if roll < 0.7:
        return (n, *shape)
    change = rng.choice(("last", "add_one", "add_two", "drop", "count"))
    if not shape and change in ("last", "drop"):
        change = "add_two"
    changes.append(change)
    if change == "last":
        return (n, *shape[:-1], shape[-1] + rng.choice((-1, 1, 2) if shape[-1] > 1 else (1, 2)))
    if change == "add_one":
        return (n, *shape, 1)
    if change == "add_two":
        return (n, *shape, 2)
    if change == "drop":
        return (n, *shape[:-1])
    if not counts:  # sample counts meet in the loss there: KERAS3_UNFOLLOWED
        return (n, *shape, 2)
    return (n + rng.choice((-1, 1, 3)), *shape)


def _arrays(rng: random.Random, model: Model, n: int, targets: bool, loss: str,
            changes: list[str], structure: str, counts: bool = True,
            keras2: bool = False) -> tuple[str, str]:
    xs = [_z(*_shape_variant(rng, n, shape, changes, counts)) for _, shape in model.inputs]
    if keras2 and len(xs) > 1:  # input b keeps its rank there (see generate())
        xs[1] = _z(n + (rng.choice((0, 0, 0, 1)) if counts else 0), rng.choice((3, 3, 3, 4)))
    ys = []
    for _, units in model.outputs:
        sparse = "sparse" in loss and len(model.outputs) == 1
        ys.append(_z(*_shape_variant(rng, n, () if sparse and rng.random() < 0.5 else
                                     (1,) if sparse else (units,), changes, counts)))
    names_x = [name for name, _ in model.inputs]
    names_y = [name for name, _ in model.outputs]
    if structure == "dict":
        x = "{" + ", ".join(f"'{k}': {v}" for k, v in zip(names_x, xs)) + "}"
        y = "{" + ", ".join(f"'{k}': {v}" for k, v in zip(names_y, ys)) + "}"
    elif len(xs) == 1 and structure != "list":
        x, y = xs[0], ys[0]
    else:
        x, y = f"[{', '.join(xs)}]", f"[{', '.join(ys)}]"
    if structure == "drop_one" and len(xs) > 1:
        x = f"[{', '.join(xs[:-1])}]"
        changes.append("drop_input")
    return x, (y if targets else "")


def generate(seed: int, keras2: bool = False) -> Generated:
    """``keras2``: leaves out what tf.keras 2 does that layerlint does not follow (TensorFlow's
    Concatenate on an input of another rank, Sequential models' traced batch axis)."""
    rng = random.Random(seed)
    # tf.keras 2 Sequential models: their replay shows a free batch axis where a full-batch
    # step is traced with a fixed one (keras2.py), so they are left to the hand cases there
    style = rng.choice(tuple(m for m in MODELS if not (keras2 and m == "sequential")))
    model = MODELS[style]
    loss = _TWO_LOSS if style == "two_in_two_out" and rng.random() < 0.5 else \
        rng.choice(LOSSES[:2] + LOSSES[3:]) if style == "two_in_two_out" else rng.choice(LOSSES)
    method = rng.choice(METHODS)
    n = rng.choice((6, 8, 10, 12, 20, 40))
    structure = "plain"
    if style == "two_in_two_out":
        structure = rng.choice(("list", "list", "dict", "drop_one"))
    elif style in ("functional", "sequence") and rng.random() < 0.2:
        structure = rng.choice(("list", "dict"))
    changes: list[str] = []
    targets = method in ("fit", "evaluate", "train_on_batch")
    x, y = _arrays(rng, model, n, targets, loss, changes, structure,
                   counts=method != "train_on_batch" and not (keras2 and method == "__call__"),
                   keras2=keras2)
    arguments = [x] + ([y] if targets else [])
    if method in ("fit", "evaluate", "predict"):
        if rng.random() < 0.4:
            arguments.append(f"batch_size={rng.choice((4, 5, 8, 32))}")
        arguments.append("verbose=0")
    if method == "fit":
        roll = rng.random()
        if roll < 0.45:
            vn = rng.choice((3, 4, 5, 8))
            vx, vy = _arrays(rng, model, vn, True, loss, changes, structure if structure !=
                             "drop_one" else "list", keras2=keras2)
            pair = f"({vx}, {vy})" if rng.random() < 0.85 else f"({vx},)"
            arguments.append(f"validation_data={pair}")
            changes.append("validation")
        elif roll < 0.65:
            arguments.append(f"validation_split={rng.choice((0.2, 0.25, 0.5))}")
            changes.append("split")
        if rng.random() < 0.3:
            arguments.append(f"epochs={rng.choice((1, 2))}")
            arguments.append(f"validation_freq={rng.choice((1, 2, '[2]'))}")
    call = f"model({x})" if method == "__call__" else f"model.{method}({', '.join(arguments)})"
    intent = f"{style} {method} {loss} {structure} {changes}"
    return Generated(seed, script(style, loss, call), intent)


# --- comparing ------------------------------------------------------------------------------


def _joined(text: str) -> str:
    """The text with the inner message of "Exception encountered when calling X.call()." (or
    tf.keras' "... layer 'x' (type X).") on the same line and without the arguments it lists
    (layerlint's Sequential and functional replays word it so; the subclass replay keeps the
    framework's paragraphs)."""
    head, separator, rest = text.partition("\n\n")
    if not separator or "Exception encountered when calling" not in head:
        return text
    for marker in ("\n\nArguments received by", "\n\nCall arguments received by"):
        rest = rest.split(marker)[0]
    return f"{head} {rest}"


def _in_graph_error(mine: str, theirs: str) -> bool:
    """An op's error raised while the traced step runs ("Graph execution error:", then the op's
    traceback): layerlint's pieces around " ... " stand in it, in order."""
    if not theirs.startswith("InvalidArgumentError: Graph execution error"):
        return False
    at = 0
    for piece in mine.partition(": ")[2].split(" ... "):
        at = theirs.find(piece, at)
        if at < 0:
            return False
    return True


def agree(result: FileResult, run: dict, dialect: str) -> list[str]:
    """Verdict, line, stage and names (subclass/compare.py), and the framework's message: Keras
    3's to the letter but for the data it prints ("Invalid input shape for input tensor(...)",
    which layerlint writes "..."); tf.keras 2's as compare.py's "keras2" allows."""
    keras2 = dialect == "keras2"
    problems = [p for p in compare(result, run, messages="keras2" if keras2 else "exact")
                if not p.startswith("message differs")]
    error = run["error"]
    errors = [d for d in result.diagnostics if d.severity == "error"]
    first = min(errors, key=lambda d: (d.span.line, d.span.col), default=None)
    if error is None or first is None:
        return problems
    theirs = f"{error['type']}: {error['message']}"
    mine = first.framework_error or ""
    if keras2:
        mine, theirs = _joined(mine), _joined(_without_user_code(theirs))
        same = _keras2_agree(mine, theirs) or _in_graph_error(mine, theirs)
    else:
        mine, theirs = _joined(mine), _joined(theirs)
        head, dots, tail = mine.partition(" ... ")
        same = mine == theirs or bool(dots and theirs.startswith(head) and theirs.endswith(
            tail)) or _in_graph_error(mine, theirs)  # the TensorFlow backend's traced step
    if not same:
        problems.append(f"message differs:\n  Keras:     {theirs!r}\n  layerlint: {mine!r}")
    return problems


# --- running both dialects' tests ---------------------------------------------------------------

SEEDS = range(400)
UNFOLLOWED = {"keras3": KERAS3_UNFOLLOWED, "keras2": KERAS2_UNFOLLOWED}


@functools.lru_cache(maxsize=2)
def runs(dialect: str) -> tuple[dict, list]:
    """Every hand case and generated script run in one subprocess of the dialect's framework."""
    names = sorted(HAND)
    generated = [generate(seed, keras2=dialect == "keras2") for seed in SEEDS]
    done = run_batch([HAND[n] for n in names] + [g.source for g in generated], dialect)
    return dict(zip(names, done)), list(zip(generated, done[len(names):]))


def hand_problems(name: str, dialect: str) -> list[str]:
    result = check_source(HAND[name], f"{name}.py", dialect=dialect)
    run = runs(dialect)[0][name]
    if name in UNFOLLOWED[dialect]:  # the framework raises; layerlint claims nothing there
        errors = [d for d in result.diagnostics if d.severity == "error"]
        return [] if run["error"] is not None and not errors else \
            [f"unfollowed case: framework {run['error']}, layerlint {errors}"]
    return agree(result, run, dialect)


def generated_problems(chunk: int, chunks: int, dialect: str) -> tuple[list[str], dict]:
    """The disagreements on one chunk of the generated scripts, and their outcomes by stage."""
    failures, outcomes = [], {}
    for case, run in runs(dialect)[1][chunk::chunks]:
        result = check_source(case.source, f"data_{case.seed}.py", dialect=dialect)
        stage = run["error"]["stage"] if run["error"] else "clean"
        outcomes[stage] = outcomes.get(stage, 0) + 1
        problems = agree(result, run, dialect)
        if problems:
            failures.append(f"--- seed {case.seed} ({case.intent})\n{case.source}"
                            + "\n".join(f"  * {p}" for p in problems))
    return failures, outcomes
