"""Canonical dotted names for what a script imports.

Every spelling of a Keras object maps to one name: ``tf.keras.layers.LSTM``,
``tensorflow.keras.layers.LSTM``, ``keras.layers.recurrent.LSTM`` (Keras 2 module path),
``keras.src.layers.rnn.lstm.LSTM`` and ``tf_keras.layers.LSTM`` all become ``keras.layers.LSTM``;
``keras.models.Sequential`` becomes ``keras.Sequential`` and ``keras.layers.Input`` ``keras.Input``.
"""

from __future__ import annotations

from functools import lru_cache

# Prefixes that are other names of the `keras` package.
_KERAS_ALIASES = (
    "tensorflow.python.keras",
    "tensorflow.keras",
    "tensorflow.compat.v2.keras",
    "tensorflow.compat.v1.keras",
    "tf_keras",
    "keras.api._v2.keras",
    "keras.api",
)

# Functions that live in several Keras modules.
_UTILS = {
    "to_categorical": "keras.utils.to_categorical",
    "pad_sequences": "keras.utils.pad_sequences",
    "plot_model": "keras.utils.plot_model",
}

# Keras 2 and keras.src submodules that are only a *place* for a public name.
_SUBPACKAGES = ("layers", "losses", "models", "utils", "optimizers", "activations", "metrics")


@lru_cache(maxsize=4096)  # a pure function of the name, asked for at every attribute
def canonical(dotted: str) -> str:
    """The canonical form of a dotted name (see the module docstring)."""
    name = dotted
    for alias in _KERAS_ALIASES:
        if name == alias or name.startswith(alias + "."):
            name = "keras" + name[len(alias) :]
            break
    if not name.startswith("keras."):
        return name
    parts = name.split(".")
    if parts[1] == "src" and len(parts) > 2:  # keras.src.layers.rnn.lstm.LSTM
        parts = ["keras"] + parts[2:]
    if len(parts) > 3 and parts[1] in _SUBPACKAGES:  # keras.layers.recurrent.LSTM
        parts = parts[:2] + parts[-1:]
    if len(parts) > 2 and parts[1] in ("engine", "preprocessing", "saving"):
        # keras.engine.sequential.Sequential, keras.preprocessing.sequence.pad_sequences
        last = parts[-1]
        if last == "Sequential":
            return "keras.Sequential"
        if last in ("Model", "Functional"):  # keras.engine.training.Model
            return "keras.Model"
        if last in _UTILS:
            return _UTILS[last]
    name = ".".join(parts)
    if name in ("keras.models.Sequential", "keras.Sequential"):
        return "keras.Sequential"
    if name in ("keras.layers.Input", "keras.Input"):
        return "keras.Input"
    if name in ("keras.models.Model", "keras.Model"):
        return "keras.Model"
    if len(parts) == 3 and parts[1] == "utils" and parts[2] in _UTILS:
        return _UTILS[parts[2]]
    return name


def is_keras(name: str) -> bool:
    return name == "keras" or name.startswith("keras.")


# Standalone-keras modules that Keras 3 removed and Keras 2 has (measured on keras 3.15 and
# tf_keras 2.21): importing one is Keras 2 code.
KERAS2_ONLY_MODULES = ("keras.preprocessing.text", "keras.layers.experimental")
# Names Keras 3 removed from a module it still has (canonical spelling; measured the same way).
KERAS2_ONLY_NAMES = ("keras.preprocessing.image.ImageDataGenerator",)
# Keras 3 modules that neither tf_keras 2.21 nor standalone Keras 2 has (measured): using one is
# Keras 3 code, also when spelled ``tensorflow.keras.ops`` (TensorFlow >= 2.16).
KERAS3_ONLY_MODULES = ("keras.ops", "keras.config", "keras.random", "keras.tree",
                       "keras.dtype_policies", "keras.quantizers", "keras.visualization",
                       "keras.distribution")


@lru_cache(maxsize=4096)
def keras3_module(dotted: str) -> str | None:
    """The Keras 3-only module ``dotted`` names or lies in (any spelling of ``keras``)."""
    name = canonical(dotted)
    for only in KERAS3_ONLY_MODULES:
        if name == only or name.startswith(only + "."):
            return only
    return None


@lru_cache(maxsize=4096)  # a pure function of the name, asked at every import
def dialect_hint(module: str) -> str | None:
    """What an imported module says about the Keras flavour in use."""
    for only in KERAS2_ONLY_MODULES:
        if module == only or module.startswith(only + "."):
            return only
    if canonical(module) in KERAS2_ONLY_NAMES:
        return canonical(module)
    keras3 = keras3_module(module)
    if keras3 is not None:
        return keras3
    if module == "tf_keras" or module.startswith("tf_keras."):
        return "tf_keras"
    if module.startswith(("tensorflow.keras", "tensorflow.python.keras")):
        return "tensorflow.keras"
    if module == "tensorflow" or module.startswith("tensorflow."):
        return "tensorflow"
    if module == "keras" or module.startswith("keras."):
        return "keras"
    return None
