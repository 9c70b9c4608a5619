"""Compare layerlint's view of a torch model with what really happened (runner.TorchRun).

Layerlint claims only what it knows: a finding at a module means torch raises in that module
(with the same message when layerlint quotes one); a known output shape or parameter count
must be torch's; silence where torch fails is allowed only where layerlint's shape was unknown.
"""

from __future__ import annotations

from dataclasses import dataclass

from layerlint.results import FileResult, ModelReport

from .runner import TorchRun

EVERY_INPUT = "(this fails for every input)"


@dataclass
class Claims:
    """What a comparison checked (for coverage: a suite that claims nothing proves nothing)."""

    shapes: int = 0
    params: int = 0
    errors: int = 0
    every_input: int = 0


def _known(shape: tuple | None) -> bool:
    return shape is not None and all(isinstance(d, int) for d in shape)


def _model(result: FileResult, name: str) -> ModelReport | None:
    return next((m for m in result.models if m.name == name and m.framework == "torch"), None)


def compare(result: FileResult, run: TorchRun, called: bool, name: str = "model",
            claims: Claims | None = None) -> list[str]:
    claims = claims or Claims()
    problems: list[str] = []
    report = _model(result, name)
    if report is None:
        return [f"layerlint found no torch model {name!r}"]
    errors = [d for d in result.diagnostics if d.model == name and d.severity == "error"
              and not d.code.startswith("LL9")]
    for d in errors:
        if d.stage == "construct":
            claims.errors += 1
            if run.error is None or run.calls:
                problems.append(f"layerlint: {d.code} at construction; torch: {run.error!r} "
                                f"after {len(run.calls)} calls")
            continue
        every = d.message.endswith(EVERY_INPUT)
        if not every and not called:
            problems.append(f"{d.code} reported on a model never called: {d.message}")
            continue
        rows = report.layers
        # layer None: an op in the model's own forward (torch fails in the model itself, "").
        where = "" if d.layer is None else rows[d.layer].name if d.layer < len(rows) else None
        if every and run.error is not None and where not in {c.name for c in run.calls}:
            continue  # torch stopped before reaching the contradiction: nothing to compare
        claims.every_input += every
        claims.errors += 1
        if run.error is None:
            problems.append(f"layerlint: {d.code} at {where!r} ({d.message}); torch ran cleanly")
            continue
        if run.failed_in != where:
            problems.append(f"layerlint: {d.code} at {where!r}; torch failed in "
                            f"{run.failed_in!r}: {run.error}")
        if d.framework_error and d.framework_error.splitlines()[0] != run.error:
            problems.append(f"message: layerlint {d.framework_error.splitlines()[0]!r}, "
                            f"torch {run.error!r}")
    if not called:  # the runner's own call sized any lazy module: compare the others only
        if any(r.type.startswith("Lazy") for r in report.layers):
            return problems
        return problems + _params(report, run, claims)
    if not errors:
        root = report.root
        if root is not None and _known(root.output_shape):
            claims.shapes += 1
            if run.error is not None:
                problems.append(f"layerlint: output {root.output_shape}; torch failed in "
                                f"{run.failed_in!r}: {run.error}")
            elif tuple(root.output_shape) != run.output_shape:
                problems.append(f"output: layerlint {root.output_shape}, torch "
                                f"{run.output_shape}")
    # A container the forward never calls (a ModuleList looped over) is a row with output ()
    # as torchinfo lists it; torch's hooks never see it.
    called_rows = [row for row in report.layers if row.output_shape != ()]
    by_index = list(zip(called_rows, run.calls))
    by_name = {c.name: c for c in reversed(run.calls)}  # a name's first call
    in_order = True
    for row, call in by_index:
        if in_order and row.name != call.name:
            if row.output_shape is not None:
                problems.append(f"call order: layerlint {row.name!r}, torch {call.name!r}")
                break
            # layerlint lost the value before here (an op it does not follow may call modules
            # it does not list): later rows are matched by name.
            in_order = False
        if not in_order:
            if row.name not in by_name:
                continue
            call = by_name[row.name]
        if _known(row.output_shape):
            claims.shapes += 1
            if call.output_shape is None and run.failed_in == call.name:
                problems.append(f"{row.name}: layerlint output {row.output_shape}; torch "
                                f"failed there: {run.error}")
            elif tuple(row.output_shape) != call.output_shape:
                problems.append(f"{row.name}: layerlint output {row.output_shape}, torch "
                                f"{call.output_shape}")
    return problems + _params(report, run, claims)


def _params(report: ModelReport, run: TorchRun, claims: Claims) -> list[str]:
    problems: list[str] = []
    torch_params = {c.name: c.params for c in run.calls}
    for row in report.layers:
        if row.params is not None and row.name in torch_params:
            claims.params += 1
            if row.params != torch_params[row.name]:
                problems.append(f"{row.name}: layerlint {row.params} params, torch "
                                f"{torch_params[row.name]}")
    root = report.root
    known = root is not None and root.params is not None and run.total_params is not None
    if known and root.params != run.total_params:  # type: ignore[union-attr]
        problems.append(f"total params: layerlint {root.params}, torch {run.total_params}")
    return problems
