"""What Keras 3's ``model.summary()`` shows beyond the layers' shapes (measured with keras 3.15;
tests/subclass/test_subclass_summary.py, tests/differential/test_summary_trained.py):

* a layer built when it is created (:data:`BUILT_WHEN_MADE`: no ``build``) shows ``0``
  parameters, not ``0 (unbuilt)``, in a model not built yet;
* once ``fit``/``evaluate``/``train_on_batch``/``test_on_batch`` has built the optimizer on the
  model's trainable weights, an "Optimizer params" line counts its variables: slot variables
  shaped like every trainable weight, plus scalars (``iterations``, ``learning_rate``: none for
  a schedule). An optimizer or argument not measured here is unknown (the line shows ``?``).

tf.keras 2's summary has neither.
"""

from __future__ import annotations

from typing import Any

from ...ir import Call, Compile, DataCall
from ...results import LayerReport, ModelReport

# Keras 3 layers that are built when created (no build(): no recorded shapes), measured by
# constructing each catalogue layer.
BUILT_WHEN_MADE = frozenset({
    "Activation", "ActivityRegularization", "AlphaDropout", "AveragePooling1D",
    "AveragePooling2D", "AveragePooling3D", "Dropout", "ELU", "GaussianDropout", "GaussianNoise",
    "GlobalAveragePooling1D", "GlobalAveragePooling2D", "GlobalAveragePooling3D",
    "GlobalMaxPooling1D", "GlobalMaxPooling2D", "GlobalMaxPooling3D", "Identity", "LeakyReLU",
    "Masking", "MaxPooling1D", "MaxPooling2D", "MaxPooling3D", "ReLU", "Reshape", "Softmax",
    "SpatialDropout1D", "SpatialDropout2D", "SpatialDropout3D", "UnitNormalization",
})

# Slots per trainable weight with the default arguments, and the extra scalars.
_SLOTS = {"SGD": 0, "Adam": 2, "AdamW": 2, "RMSprop": 1, "Adagrad": 1, "Adadelta": 2,
          "Adamax": 2, "Nadam": 2, "Ftrl": 2, "Lion": 1}
_SCALARS = {"Nadam": 3}  # iterations, learning_rate, u_product
# compile(optimizer="adam"): the names keras.optimizers.get() knows, lower-cased.
_BY_NAME = {name.lower(): name for name in _SLOTS}
# Arguments that add a slot per weight when true / nonzero.
_EXTRA_SLOT = {("SGD", "momentum"), ("Adam", "amsgrad"), ("AdamW", "amsgrad"),
               ("RMSprop", "momentum"), ("RMSprop", "centered")}
_EVERY = ("use_ema", "gradient_accumulation_steps")  # a slot per weight for every optimizer
# Arguments that change no variable count.
_NEUTRAL = frozenset({"beta_1", "beta_2", "epsilon", "weight_decay", "clipnorm", "clipvalue",
                      "global_clipnorm", "name", "rho", "nesterov", "initial_accumulator_value",
                      "ema_momentum", "ema_overwrite_frequency", "loss_scale_factor",
                      "learning_rate_power", "l1_regularization_strength",
                      "l2_regularization_strength", "l2_shrinkage_regularization_strength",
                      "beta", "jit_compile"})
# Events after which the optimizer is built (Trainer._symbolic_build).
BUILDS_OPTIMIZER = ("fit", "evaluate", "train_on_batch", "test_on_batch")


def optimizer_built(events: list[Any]) -> bool:
    """Whether the last ``compile``'s optimizer has been built by a later training call."""
    built = compiled = False
    for event in events:
        if isinstance(event, Compile):
            built, compiled = False, True  # a new optimizer object
        elif isinstance(event, DataCall) and event.method in BUILDS_OPTIMIZER:
            built = True
    return built and compiled


def optimizer_variables(compile_event: Compile | None, trainable: int | None) -> int | None:
    """The count Keras 3 prints as "Optimizer params", or None when unknown."""
    if compile_event is None or trainable is None:
        return None
    value = compile_event.kwargs.get("optimizer", "rmsprop")  # compile()'s default
    if isinstance(value, str):
        kind = _BY_NAME.get(value.lower())
        kwargs: dict[str, Any] = {}
    elif isinstance(value, Call) and value.qualname == f"keras.optimizers.{value.kind}" \
            and not value.args:
        kind, kwargs = (value.kind if value.kind in _SLOTS else None), dict(value.kwargs)
    else:
        return None
    if kind is None:
        return None
    slots, scalars = _SLOTS[kind], _SCALARS.get(kind, 2)
    for key, argument in kwargs.items():
        if key == "learning_rate":
            if isinstance(argument, Call):
                scalars -= 1  # a schedule: no learning-rate variable
            elif not isinstance(argument, (int, float)) or isinstance(argument, bool):
                return None
        elif (kind, key) in _EXTRA_SLOT or key in _EVERY:
            if not isinstance(argument, (bool, int, float)) and argument is not None:
                return None
            slots += 1 if argument and not (key == "gradient_accumulation_steps"
                                            and argument == 1) else 0
        elif key not in _NEUTRAL:
            return None
    return slots * trainable + scalars


def finish_keras3_report(report: ModelReport, events: list[Any],
                         compile_event: Compile | None) -> None:
    """The summary's Keras 3 details for a Sequential or functional model: unbuilt rows of
    layers built when made, and the optimizer's variables once training built it."""
    if not report.built:
        for row in report.layers:
            if row.type in BUILT_WHEN_MADE:
                row.built, row.params, row.non_trainable = True, 0, 0
    if optimizer_built(events):
        report.optimizer_built = True
        report.optimizer_params = optimizer_variables(compile_event, sum_trainable(report.layers))


def sum_trainable(rows: list[LayerReport]) -> int | None:
    """The trainable weights of the built rows (None when one is unknown)."""
    total = 0
    for row in rows:
        if row.built is False:
            continue
        if row.params is None or row.non_trainable is None:
            return None
        total += row.params - row.non_trainable
    return total
