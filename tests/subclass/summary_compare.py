"""Compare layerlint's summary tables for a script's subclassed models with the text real
``model.summary()`` printed (runner.py, at COLUMNS=runner.SUMMARY_COLUMNS)."""

from __future__ import annotations

from dataclasses import dataclass, field

from layerlint.pipeline import check_source
from layerlint.report.summary import render_model

UNKNOWN = "unknown to layerlint"


@dataclass
class Tally:
    exact: int = 0
    unclaimed: int = 0  # layerlint says it does not know part of the table
    mismatches: list[str] = field(default_factory=list)
    states: dict[str, int] = field(default_factory=dict)

    @property
    def compared(self) -> int:
        return self.exact + self.unclaimed + len(self.mismatches)


def tally_script(tally: Tally, name: str, source: str, run: dict, dialect: str) -> None:
    """Add one script's models (only scripts the framework ran without an error)."""
    if run["error"] is not None:
        return
    result = check_source(source, f"{name}.py", verify_fixes=False, dialect=dialect)
    mine = [m for m in result.models if m.class_name is not None]
    if len(mine) != len(run["models"]):
        tally.mismatches.append(f"--- {name}: {len(mine)} models, Keras {len(run['models'])}")
        return
    for model, theirs in zip(mine, run["models"]):
        text = render_model(model)
        expected = theirs["summary"]
        state = _state(expected)
        tally.states[state] = tally.states.get(state, 0) + 1
        if text == expected:
            tally.exact += 1
        elif UNKNOWN in text:
            tally.unclaimed += 1
        else:
            tally.mismatches.append(f"--- {name}\n{source}\n--- layerlint\n{text}--- Keras\n"
                                    f"{expected}")


def _state(summary: str) -> str:
    if "Optimizer params" in summary:
        return "trained"
    if "has not yet been built" in summary or "(unbuilt)" in summary and "(None" not in summary \
            and not any(ch.isdigit() for ch in summary.split("Total params: ")[1][:1].replace(
                "0", "")):
        return "unbuilt"
    return "built"
