"""Seeded random functional graphs that call a model as a layer: a Sequential (with or without
an Input), a functional ``keras.Model``, or a model a function builds, sometimes nested two
deep, sometimes called twice (shared), followed by a layer. Layers are drawn without regard to
ranks, so some calls fail inside the nested model, at it (its Input), or after it.

``generate_nested(seed)`` returns the script; Keras is the oracle."""

from __future__ import annotations

import random

from .graph_generator import GraphScript


def _layer(rng: random.Random) -> str:
    units = rng.randint(1, 6)
    return rng.choice([
        f"layers.Dense({units})", f"layers.Dense({units}, activation='relu')",
        "layers.Flatten()", f"layers.LSTM({units})",
        f"layers.LSTM({units}, return_sequences=True)",
        f"layers.Conv1D({units}, {rng.randint(1, 3)})", "layers.GlobalAveragePooling1D()",
        "layers.Dropout(0.2)", "layers.BatchNormalization()", "layers.Permute((1,))",
    ])


def _shape(rng: random.Random) -> tuple[int, ...]:
    rank = rng.choice([1, 1, 2, 2])
    return tuple(rng.choice([2, 4, 6, 8]) for _ in range(rank))


def _inner(rng: random.Random, lines: list[str], name: str, shape: tuple[int, ...],
           indent: str = "") -> None:
    """Define ``name`` as a model taking ``shape`` (when it declares one)."""
    chain = [_layer(rng) for _ in range(rng.randint(1, 3))]
    style = rng.choice(["sequential", "sequential_input", "functional", "functional_named"])
    if style == "sequential":
        lines.append(f"{indent}{name} = keras.Sequential([{', '.join(chain)}])")
    elif style == "sequential_input":
        lines.append(f"{indent}{name} = keras.Sequential([keras.Input({shape!r}), "
                     f"{', '.join(chain)}])")
    else:
        lines.append(f"{indent}{name}_in = keras.Input({shape!r})")
        lines.append(f"{indent}{name}_t = {name}_in")
        for layer in chain:
            lines.append(f"{indent}{name}_t = {layer}({name}_t)")
        named = f", name={name!r}" if style == "functional_named" else ""
        lines.append(f"{indent}{name} = keras.Model({name}_in, {name}_t{named})")


def generate_nested(seed: int) -> GraphScript:
    rng = random.Random(seed)
    lines = ["import keras", "from keras import layers", ""]
    shape = _shape(rng)
    intent = []
    if rng.random() < 0.25:  # a model-building function
        lines.append("def build():")
        _inner(rng, lines, "made", shape, "    ")
        lines.append("    return made")
        lines.append("")
        lines.append("inner = build()")
        intent.append("built by a function")
    else:
        _inner(rng, lines, "inner", shape)
    if rng.random() < 0.3:  # two deep: inner inside a functional middle model
        lines.append(f"mid_in = keras.Input({shape!r})")
        lines.append(f"mid_out = {_layer(rng)}(inner(mid_in))")
        lines.append("inner = keras.Model(mid_in, mid_out)")
        intent.append("two deep")
    fed = shape if rng.random() < 0.75 else _shape(rng)
    lines.append(f"x = keras.Input({fed!r})")
    lines.append("h = inner(x)")
    inputs = "x"
    if rng.random() < 0.3:  # shared: called again
        other = fed if rng.random() < 0.7 else _shape(rng)
        lines.append(f"x2 = keras.Input({other!r})")
        lines.append("h2 = inner(x2)")
        lines.append(f"h = layers.{rng.choice(['Concatenate', 'Add'])}()([h, h2])")
        inputs = "[x, x2]"
        intent.append("shared")
    lines.append(f"y = {_layer(rng)}(h)")
    lines.append(f"model = keras.Model({inputs}, y)")
    return GraphScript("\n".join(lines) + "\n", ", ".join(intent) or "nested once")
