"""tf.keras 2 losses against generated targets (keras2_losses.py), each case run in tf_keras.

A seeded generator draws (output shape, output activation, loss as a string or an object,
target shape, label values); every case is a small script run once in real tf_keras (all in one
batched subprocess, tests/text_scripts.run_batch) and checked by layerlint in the keras2
dialect. Where tf_keras raises, layerlint's first error must be at the same statement and stage
and carry tf.keras' own message; where it trains, layerlint must report no error. The losses
layerlint leaves unknown (:data:`UNMODELLED`) must stay silent whatever tf_keras does.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

import pytest
from differential.compare import compare
from text_scripts import run_batch

from layerlint.pipeline import check_source

pytestmark = pytest.mark.keras2

SEED = 20260
CASES = 260

# Loss spellings tf_keras 2.21 accepts (tf_keras.losses.get, measured), as strings and objects.
STRINGS = [
    "mse", "MSE", "mae", "mape", "msle", "mean_squared_error", "huber", "huber_loss",
    "log_cosh", "logcosh", "kld", "kl_divergence", "poisson", "hinge", "squared_hinge",
    "categorical_hinge", "cosine_similarity", "binary_crossentropy", "bce", "BCE",
    "binary_focal_crossentropy", "categorical_crossentropy", "categorical_focal_crossentropy",
    "sparse_categorical_crossentropy",
]
OBJECTS = [
    "MeanSquaredError()", "MeanAbsoluteError()", "MeanAbsolutePercentageError()",
    "MeanSquaredLogarithmicError()", "Huber()", "Huber(delta=2.0)", "LogCosh()",
    "KLDivergence()", "Poisson()", "Hinge()", "SquaredHinge()", "CategoricalHinge()",
    "CosineSimilarity()", "BinaryCrossentropy()", "BinaryCrossentropy(from_logits=True)",
    "BinaryFocalCrossentropy()", "CategoricalCrossentropy()",
    "CategoricalCrossentropy(from_logits=True)", "CategoricalFocalCrossentropy()",
    "SparseCategoricalCrossentropy()", "SparseCategoricalCrossentropy(from_logits=True)",
    "SparseCategoricalCrossentropy(ignore_class=0)",
]
SPARSE = ("sparse_categorical_crossentropy", "SparseCategoricalCrossentropy")
# Losses layerlint does not model in tf.keras 2: it must never claim anything about them.
UNMODELLED = ("cosine_similarity", "CosineSimilarity", "ignore_class=")
ACTIVATIONS = [None, "relu", "sigmoid", "softmax", "tanh", "linear"]


@dataclass(frozen=True)
class Case:
    steps: int | None  # None: a 2-D output (N, units); else (N, steps, units)
    units: int
    activation: str | None
    head: str  # "dense": Dense(units, activation=); "layer": Dense(units) + Activation(); ...
    loss: str  # the source text of compile(loss=...)
    target: tuple[int, ...]  # per sample
    labels: str  # "zeros", "ones", "randint:LOW:HIGH" or "literal:LOW:HIGH"
    samples: int
    batch_size: int | None  # fit's batch_size (None: the default, 32); 0: train_on_batch
    seed: int

    @property
    def source(self) -> str:
        shape = (4,) if self.steps is None else (self.steps, 4)
        act = f'"{self.activation}"' if self.activation else "None"
        batch = f", batch_size={self.batch_size}" if self.batch_size else ""
        if self.head == "dense":
            layers = f"    keras.layers.Dense({self.units}, activation={act}),\n"
        elif self.head == "layer":
            layers = (f"    keras.layers.Dense({self.units}),\n"
                      f"    keras.layers.Activation({act}),\n")
        else:
            layers = f"    keras.layers.Dense({self.units}),\n    keras.layers.Softmax(),\n"
        return (
            "import numpy as np\nimport tf_keras as keras\n\n"
            f"np.random.seed({self.seed})\n"
            f"model = keras.Sequential([\n    keras.Input(shape={shape}),\n{layers}])\n"
            f"model.compile(optimizer=\"adam\", loss={self.loss})\n"
            f"x = np.zeros(({self.samples}, {', '.join(map(str, shape))}))\n"
            f"y = {self._labels()}\n"
            + ("model.train_on_batch(x, y)\n" if self.batch_size == 0 else
               f"model.fit(x, y, epochs=1, verbose=0{batch})\n")
        )

    def _labels(self) -> str:
        shape = (self.samples, *self.target)
        if self.labels in ("zeros", "ones"):
            # Integer labels for sparse losses: layerlint knows their values (not a float's).
            dtype = ', dtype="int64"' if any(name in self.loss for name in SPARSE) else ""
            return f"np.{self.labels}({shape}{dtype})"
        kind, low, high = self.labels.split(":")
        if kind == "randint":
            return f"np.random.randint({low}, {int(high) + 1}, size={shape})"
        rng = random.Random(self.seed)
        return f"np.array({_nested(rng, shape, int(low), int(high))})"


def _nested(rng: random.Random, shape: tuple[int, ...], low: int, high: int) -> list:
    if len(shape) == 1:
        return [rng.randint(low, high) for _ in range(shape[0])]
    return [_nested(rng, shape[1:], low, high) for _ in range(shape[0])]


def _targets(rng: random.Random, steps: int | None, units: int) -> tuple[int, ...]:
    if steps is None:
        options = [(), (1,), (units,), (units + 1,), (2,), (units, 1), (1, 1)]
    else:
        options = [(), (1,), (steps,), (steps, 1), (steps, units), (units,), (steps, 2),
                   (steps + 1,), (steps, units, 1), (1, units)]
    return rng.choice(options)


def generate(count: int = CASES, seed: int = SEED) -> list[Case]:
    rng = random.Random(seed)
    cases = []
    for index in range(count):
        steps = rng.choice([None, None, 1, 2, 3])
        units = rng.choice([1, 1, 2, 3, 4])
        activation = rng.choice(ACTIVATIONS)
        head = rng.choices(["dense", "layer", "softmax"], [6, 2, 1])[0]
        if head == "softmax":
            activation = None
        if rng.random() < 0.5:
            loss = f'"{rng.choice(STRINGS)}"'
        else:
            loss = f"keras.losses.{rng.choice(OBJECTS)}"
        sparse = any(name in loss for name in SPARSE)
        target = _targets(rng, steps, units)
        if sparse and rng.random() < 0.8:
            # Random labels only in amounts whose range is certainly reached (200 samples).
            kind = rng.choice(["randint", "literal", "literal"])
            low = rng.choice([0, 0, 0, -1])
            high = rng.choice([units - 1, units, units + 2, 1])
            samples = 200 if kind == "randint" else rng.choice([3, 6])
            labels = f"{kind}:{low}:{max(high, low)}"
        else:
            labels = rng.choice(["zeros", "ones"])
            samples = rng.choice([6, 6, 40])
        batch_size = rng.choice([None, None, None, 2, 4, 16, 0])
        cases.append(Case(steps, units, activation, head, loss, target, labels, samples,
                          batch_size, index))
    return cases


def script(layers: str, loss: str, y: str, samples: int = 8, shape: str = "(4,)",
           head: str = "") -> str:
    return ("import os\nimport numpy as np\nimport tf_keras as keras\n\n" + head +
            f"model = keras.Sequential([keras.Input(shape={shape}), {layers}])\n"
            f"model.compile(optimizer=\"adam\", loss={loss})\n"
            f"x = np.zeros(({samples}, *{shape}))\ny = {y}\n"
            "model.fit(x, y, epochs=1, verbose=0)\n")


SIGMOID, SOFTMAX = "keras.layers.Dense(1, activation=\"sigmoid\")", \
    "keras.layers.Dense(3, activation=\"softmax\")"
# Hand-written cases: the misses reported against the keras2 dialect, each with tf.keras' text.
NAMED = {
    "bce_targets_without_time_axis": (
        script(SIGMOID, '"binary_crossentropy"', "np.zeros((8,))", shape="(12, 4)"),
        ("ValueError: `logits` and `labels` must have the same shape, received "
        "((None, 12, 1) vs (None,)).")),
    "bce_after_softmax_1d": (
        script(SOFTMAX, '"binary_crossentropy"', "np.zeros((8,))"),
        ("ValueError: `logits` and `labels` must have the same shape, received "
        "((None, 3) vs (None, 1)).")),
    "bce_after_softmax_2d": (
        script(SOFTMAX, "keras.losses.BinaryCrossentropy()", "np.zeros((8, 1))"),
        ("ValueError: `logits` and `labels` must have the same shape, received "
        "((None, 3) vs (None, 1)).")),
    "scce_label_out_of_range": (
        script(SOFTMAX, '"sparse_categorical_crossentropy"', "np.array([0, 1, 2, 5, 1, 0, 2, 1])"),
        # Literal labels are known by their bounds: 3 or 4 might be there too.
        ("InvalidArgumentError: Received a label value of ... which is outside the valid range "
         "of [0, 3).")),
    "scce_label_equal_to_classes": (
        script(SOFTMAX, '"sparse_categorical_crossentropy"', "np.array([0, 1, 2, 3, 1, 0, 2, 1])"),
        ("InvalidArgumentError: Received a label value of 3 which is outside the valid range of "
         "[0, 3).")),
    "scce_negative_label": (
        script(SOFTMAX, "keras.losses.SparseCategoricalCrossentropy()",
               "np.array([0, 1, 2, -1, 1, 0, 2, 1])"),
        ("InvalidArgumentError: Received a label value of -1 which is outside the valid range of "
        "[0, 3).")),
    "scce_random_labels_out_of_range": (
        script(SOFTMAX, '"sparse_categorical_crossentropy"',
               "np.random.randint(0, 10, size=(200,))", samples=200),
        ("InvalidArgumentError: Received a label value of ... which is outside the valid range "
        "of [0, 3).")),
    "huber_object": (
        script("keras.layers.Dense(3)", "keras.losses.Huber()", "np.zeros((8, 2))"),
        ("ValueError: Dimensions must be equal, but are 3 and 2 for ... with input shapes: "
        "[?,3], [?,2].")),
    "huber_loss_string": (
        script("keras.layers.Dense(3)", '"huber_loss"', "np.zeros((8, 2))"),
        ("ValueError: Dimensions must be equal, but are 3 and 2 for ... with input shapes: "
        "[?,3], [?,2].")),
    "scce_labels_per_sequence_mismatch": (
        script("keras.layers.Dense(4, activation=\"softmax\")",
               '"sparse_categorical_crossentropy"', "np.zeros((6, 1), dtype=int)", samples=6,
               shape="(3, 4)"),
        ("InvalidArgumentError: assertion failed: [Condition x == y did not hold element-wise:] "
         "... [6 1] ... [6 3]")),
    "scce_labels_per_sequence_mismatch_traced": (
        script("keras.layers.Dense(4, activation=\"softmax\")",
               '"sparse_categorical_crossentropy"', "np.zeros((32, 1), dtype=int)",
               samples=32, shape="(3, 4)"),  # 32 samples: one full batch, traced as (32, ...)
        ("ValueError: `labels.shape` must equal `logits.shape` except for the last dimension. "
         "Received: labels.shape=(32, 1) and logits.shape=(32, 3, 4)")),
    "scce_labels_in_range": (
        script(SOFTMAX, '"sparse_categorical_crossentropy"', "np.array([0, 1, 2, 2, 1, 0, 2, 1])"),
        None),
    "bce_after_sigmoid_fits": (
        script(SIGMOID, '"binary_crossentropy"', "np.zeros((8, 1))", shape="(12, 4)"),
        None),
}
# Cases tf_keras fails on that layerlint cannot know: it must say nothing (no false claim).
UNKNOWN_CASES = {
    # from_logits unknown: with False the loss broadcasts (and fails here), with True it
    # compares logits; layerlint cannot tell which.
    "from_logits_unknown": script(
        "keras.layers.Dense(3)", "keras.losses.BinaryCrossentropy(from_logits=flag)",
        "np.zeros((8, 2))", head="flag = os.environ.get(\"LOGITS\") == \"1\"\n"),
    # Float labels: layerlint does not know their values (1.0 >= the 1 class).
    "float_labels": script("keras.layers.Dense(1)", '"sparse_categorical_crossentropy"',
                           "np.ones((8,))"),
    "cosine_similarity": script("keras.layers.Dense(3)", "keras.losses.CosineSimilarity()",
                                "np.zeros((8, 2))"),
}
LOSS_CLASSES = ("import tf_keras as keras\n"
                "print(sorted(c for c in dir(keras.losses) if c[0].isupper()))\n")

_RUNS: dict[str, list] = {}


def _all_runs() -> dict[str, list]:
    """Every generated and hand-written case run once in tf_keras, in one batch."""
    if not _RUNS:
        cases = generate()
        named = {**{k: v for k, (v, _) in NAMED.items()}, **UNKNOWN_CASES,
                 "loss_classes": LOSS_CLASSES}
        results = run_batch([c.source for c in cases] + list(named.values()), "keras2")
        _RUNS["generated"] = list(zip(cases, results))
        _RUNS["named"] = [dict(zip(named, results[len(cases):]))]
    return _RUNS


def runs() -> list:
    return _all_runs()["generated"]


def named_run(name: str):
    return _all_runs()["named"][0][name]


def _matches(mine: str, theirs: str) -> bool:
    """layerlint's framework text against tf.keras' message: ``...`` stands for any text.

    A batch's "Incompatible shapes: [6,2,4] vs. [6,4]" comes from whichever op fails first, the
    forward op or its gradient's BroadcastGradientArgs, which do not list the operands in the
    same order (measured, both for one script in two runs): either order is tf.keras' text."""
    if mine.startswith("Incompatible shapes: ") and mine not in theirs:
        first, _, second = mine.removeprefix("Incompatible shapes: ").partition(" vs. ")
        return f"Incompatible shapes: {second} vs. {first}" in theirs
    position = 0
    for part in mine.split("..."):
        found = theirs.find(part.strip(), position)
        if found < 0:
            return False
        position = found + len(part.strip())
    return True


@pytest.mark.parametrize("index", range(CASES))
def test_generated_case_agrees_with_tf_keras(index: int):
    case, run = runs()[index]
    result = check_source(case.source, "train.py", dialect="keras2")
    errors = [d for d in result.diagnostics if d.severity == "error"]
    if any(name in case.loss for name in UNMODELLED):
        assert errors == [], case.source
        return
    assert compare(result, run) == [], case.source + "\n" + str(run.error)
    if run.error is not None:
        first = min(errors, key=lambda d: (d.span.line, d.span.col))
        assert first.framework_error, case.source
        kind, _, text = first.framework_error.partition(": ")
        assert kind == run.error.type, (first.framework_error, run.error.message)
        assert _matches(text, run.error.message), (first.framework_error, run.error.message)


@pytest.mark.parametrize("name", sorted(NAMED))
def test_named_case_has_tf_keras_outcome_and_message(name: str):
    source, framework = NAMED[name]
    run = named_run(name)
    result = check_source(source, "train.py", dialect="keras2")
    assert compare(result, run) == []
    errors = [d for d in result.diagnostics if d.severity == "error"]
    if framework is None:
        assert run.error is None and errors == []
        return
    [d] = errors
    assert (d.code, d.stage, d.span.line) == ("LL202" if "label value" not in framework
                                              else "LL204", "fit", 9)
    assert d.framework_error == framework
    kind, _, text = framework.partition(": ")
    assert run.error.type == kind and _matches(text, run.error.message)


@pytest.mark.parametrize("name", sorted(UNKNOWN_CASES))
def test_unknown_cases_fail_in_tf_keras_and_layerlint_claims_nothing(name: str):
    run = named_run(name)
    assert run.error is not None and run.error.stage == "fit"
    result = check_source(UNKNOWN_CASES[name], "train.py", dialect="keras2")
    assert [d for d in result.diagnostics if d.severity == "error"] == []


def test_every_tf_keras_loss_class_is_modelled_or_explicitly_unknown():
    import ast

    from layerlint.ir import Call, Span
    from layerlint.replay.keras import losses_keras2 as keras2_losses

    classes = ast.literal_eval(named_run("loss_classes").stdout.strip())
    assert "Huber" in classes and "CosineSimilarity" in classes
    span = Span(1, 1, 1, 1)
    unknown = set()
    for name in set(classes) - {"Loss", "Reduction"}:
        call = Call(name, f"keras.losses.{name}", (), {}, span)
        if keras2_losses.resolve(call) is None and keras2_losses.resolve(name) is None:
            unknown.add(name)
    assert unknown == {"CosineSimilarity"}
    for kwargs in ({"ignore_class": 0}, {"axis": 1}):
        call = Call("SparseCategoricalCrossentropy", "keras.losses.X", (), kwargs, span)
        assert keras2_losses.resolve(call) is None


def test_generated_cases_exercise_every_outcome():
    """The generated and named cases reach each tf.keras failure family layerlint models (at
    least once), and clean runs."""
    families = {"clean": 0}
    named = [(None, run) for name, run in _all_runs()["named"][0].items() if name in NAMED]
    for _, run in runs() + named:
        if run.error is None:
            families["clean"] += 1
            continue
        for family in ("Dimensions must be equal", "Incompatible shapes", "`logits` and `labels`",
                       "are incompatible", "outside the valid range", "same first dimension",
                       "`labels.shape` must equal", "assertion failed"):
            if family in run.error.message:
                families[family] = families.get(family, 0) + 1
    assert len(families) == 9, families
