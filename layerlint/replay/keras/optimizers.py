"""Legacy optimizer arguments: ``Adam(lr=0.001)``, ``SGD(decay=1e-6)`` from Keras 2 tutorials.

Measured on keras 3.15.1 and tf_keras 2.21 for SGD, Adam, RMSprop, Adagrad, Adadelta, Adamax,
Nadam, AdamW, Ftrl and Lion (tests/test_optimizers.py):

* Keras 3: ``lr=`` raises ``ValueError: Argument(s) not recognized: {'lr': 0.01}`` when the
  optimizer is created (LL111); ``decay=`` is accepted with the warning "Argument `decay` is no
  longer supported and will be ignored." (LL404; Keras 3 has no direct equivalent: a
  ``keras.optimizers.schedules.InverseTimeDecay`` reproduces it, but per step, not per epoch
  as users often assume, so layerlint offers no fix).
* tf.keras 2 (its default, "new" optimizers): ``lr=`` is *ignored* — the learning rate stays the
  default, with only an absl log line (LL404); ``decay=`` raises ``ValueError: decay is
  deprecated in the new TF-Keras optimizer, ...`` (LL111). ``tf.keras.optimizers.legacy.*``
  still take both (``lr`` with a deprecation warning) and are not reported.
* Keras 3 has no legacy optimizers: ``keras.optimizers.legacy.Adam(...)`` raises ImportError
  at the call (AttributeError for Adadelta, Adamax, Nadam, AdamW, Lion), LL111.

The finding belongs to the optimizer, not to a model: layerlint still replays the model, whose
own findings remain true once the optimizer is fixed (in real Keras the script stops at the
optimizer's line, so those findings would only appear then).
"""

from __future__ import annotations

import re
from typing import Any

from ...diagnostics import Diagnostic, Edit, Fix
from ...ir import UNKNOWN, Call, Compile, Span

OPTIMIZERS = frozenset({"SGD", "Adam", "RMSprop", "Adagrad", "Adadelta", "Adamax", "Nadam",
                        "AdamW", "Ftrl", "Lion"})
# The names keras.optimizers.legacy still defines in Keras 3 (each raises ImportError when used).
LEGACY_IN_KERAS3 = frozenset({"SGD", "Adam", "RMSprop", "Adagrad", "Ftrl"})


def optimizer_diagnostics(models: list[Any], source: str) -> list[Diagnostic]:
    """Findings for every optimizer object passed to a Keras model's ``compile``, once each."""
    seen: set[Span] = set()
    found: list[Diagnostic] = []
    for model in models:
        for event in model.events:
            if not isinstance(event, Compile):
                continue
            call = event.kwargs.get("optimizer")
            if not _is_optimizer(call) or call.span in seen:
                continue
            seen.add(call.span)
            legacy = _legacy(call, source)
            if legacy and model.dialect == "keras3":
                found.extend(_legacy_in_keras3(call, legacy, source, model.name))
            elif not legacy:
                found.extend(check(call, model.dialect, model.name))
    return found


def _is_optimizer(call: Any) -> bool:
    return (isinstance(call, Call) and call.kind in OPTIMIZERS
            and call.qualname == f"keras.optimizers.{call.kind}")


def _legacy(call: Call, source: str) -> str | None:
    """``optimizers.legacy.Adam`` (names resolve it to ``keras.optimizers.Adam``): "looked up"
    through ``legacy`` where it is called, "imported" by name from a ``legacy`` module."""
    from ...edits import text_of

    if call.func_span is not None and ".legacy." in text_of(source, call.func_span):
        return "looked up"
    imported = rf"from\s+[\w.]*optimizers\.legacy\s+import\s[^\n]*\b{call.kind}\b"
    return "imported" if re.search(imported, source) else None


def _legacy_in_keras3(call: Call, how: str, source: str, model: str | None) -> list[Diagnostic]:
    """Keras 3 has no legacy optimizers: ``keras.optimizers.legacy.X(...)`` raises ImportError
    at the call (AttributeError for a class legacy never had); importing a class it never had
    fails at the import, which is not this call's finding."""
    from ...edits import text_of

    if call.kind not in LEGACY_IN_KERAS3:
        if how == "imported":
            return []
        framework = (f"AttributeError: module 'keras.optimizers.legacy' has no attribute "
                     f"'{call.kind}'")
    else:
        framework = ("ImportError: `keras.optimizers.legacy` is not supported in Keras 3. When "
                     "using `tf.keras`, to continue using a `tf.keras.optimizers.legacy` "
                     "optimizer, you can install the `tf_keras` package (Keras 2) and set the "
                     "environment variable `TF_USE_LEGACY_KERAS=True` to configure TensorFlow "
                     "to use `tf_keras` when accessing `tf.keras`.")
    fixes = []
    if how == "looked up" and call.func_span is not None and not {"lr", "decay"} & call.kwargs.keys():
        span = call.func_span
        fixes.append(Fix(f"use the Keras 3 {call.kind} (not the legacy one)",
                         [Edit(span.line, span.col, span.end_line, span.end_col,
                               text_of(source, span).replace(".legacy.", "."))],
                         safe=False))  # another implementation: training may differ slightly
    return [Diagnostic(
        "LL111", "error", call.span,
        f"Keras 3 has no legacy optimizers; {call.kind} from optimizers.legacy raises where it is "
        "created", model=model, stage="construct", fixes=fixes, framework_error=framework)]


def check(call: Call, dialect: str, model: str | None = None) -> list[Diagnostic]:
    """The findings for one optimizer call in ``dialect`` ("keras3" or "keras2")."""
    found = []
    if "lr" in call.kwargs:
        found.append(_lr(call, dialect, model))
    if "decay" in call.kwargs:
        found.append(_decay(call, dialect, model))
    return found


def _lr(call: Call, dialect: str, model: str | None) -> Diagnostic:
    value = call.kwargs["lr"]
    span = call.kwarg_spans.get("lr", call.span)
    shown = "<unknown>" if value is UNKNOWN else repr(value)
    if "learning_rate" in call.kwargs or call.args:
        # learning_rate is every optimizer's first parameter: given twice, the user chooses.
        fixes: list[Fix] = []
    else:
        fixes = [_rename(call, dialect == "keras3")]
    if dialect == "keras2":
        return Diagnostic(
            "LL404", "warning", span,
            f"tf.keras 2 ignores {call.kind}(lr={shown}): the learning rate stays the default "
            "(write learning_rate=)", model=model, stage="construct", fixes=fixes,
            framework_error=f"WARNING:absl:`lr` is deprecated in TF-Keras optimizer, please use "
            f"`learning_rate` or use the legacy optimizer, e.g.,tf.keras.optimizers.legacy."
            f"{call.kind}.")
    return Diagnostic(
        "LL111", "error", span,
        f"Keras 3 optimizers take learning_rate=, not lr=; {call.kind}(lr={shown}) raises "
        "when the optimizer is created", model=model, stage="construct", fixes=fixes,
        framework_error=f"ValueError: Argument(s) not recognized: {{'lr': {shown}}}")


def _decay(call: Call, dialect: str, model: str | None) -> Diagnostic:
    span = call.kwarg_spans.get("decay", call.span)
    if dialect == "keras2":
        return Diagnostic(
            "LL111", "error", span,
            f"tf.keras 2's {call.kind} does not take decay= (only "
            f"tf.keras.optimizers.legacy.{call.kind} does); it raises when the optimizer is "
            "created", model=model, stage="construct",
            framework_error="ValueError: decay is deprecated in the new TF-Keras optimizer, "
            "please check the docstring for valid arguments, or use the legacy optimizer, "
            f"e.g., tf.keras.optimizers.legacy.{call.kind}.")
    return Diagnostic(
        "LL404", "warning", span,
        f"Keras 3 ignores {call.kind}(decay=...): the learning rate does not decay (use a "
        "keras.optimizers.schedules learning-rate schedule)", model=model, stage="construct",
        framework_error="UserWarning: Argument `decay` is no longer supported and will be "
                        "ignored.")


def _rename(call: Call, safe: bool) -> Fix:
    """``lr=`` -> ``learning_rate=`` (the keyword's name only)."""
    span = call.kwarg_spans["lr"]
    return Fix("rename lr= to learning_rate=",
               [Edit(span.line, span.col, span.line, span.col + len("lr"), "learning_rate")],
               safe=safe)
