"""The Python API: ``check_source`` and ``check_paths``, typed frozen views of what the command
line reports (the same pipeline, suppressions and configuration; no second analysis).

Shapes are tuples: an ``int`` for a known dimension, ``None`` for one left free (batch, variable
timesteps) or unknown to layerlint, a ``str`` for a named symbolic one; a shape itself is
``None`` when even its rank is unknown. Lines and columns are 1-based, as in the JSON report.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from os import PathLike
from pathlib import Path
from typing import Literal, Union

from . import pipeline
from .config import Config, find_config, load_config
from .diagnostics import Diagnostic as _Diagnostic
from .discovery import PathNotFound, discover, make_excluder
from .report.common import cell_position
from .results import FileResult, LayerReport, ModelReport
from .shapes import Shape as _Shape
from .shapes import to_json
from .suppressions import apply_suppressions

__all__ = [
    "Diagnostic",
    "Edit",
    "FileReport",
    "Fix",
    "Layer",
    "Model",
    "Shape",
    "check_paths",
    "check_source",
]

Severity = Literal["error", "warning", "info"]
Dim = Union[int, str, None]
Shape = tuple[Dim, ...]


@dataclass(frozen=True)
class Edit:
    """Replace the text from (line, col) up to, not including, (end_line, end_col)."""

    line: int
    col: int
    end_line: int
    end_col: int
    text: str


@dataclass(frozen=True)
class Fix:
    """A verified fix: applying its edits removes the finding. ``safe`` is False when it also
    changes behaviour beyond the finding (``--unsafe-fixes``)."""

    title: str
    safe: bool
    edits: tuple[Edit, ...]


@dataclass(frozen=True)
class Diagnostic:
    """One finding. ``message`` includes the framework's own exception text, if any.
    ``cell`` / ``cell_line``: where the line is in a notebook (None for a script)."""

    code: str
    severity: Severity
    line: int
    col: int
    end_line: int
    end_col: int
    message: str
    model: str | None
    layer: int | None
    stage: str | None
    fixes: tuple[Fix, ...]
    cell: int | None = None
    cell_line: int | None = None


@dataclass(frozen=True)
class Layer:
    """A row of the model's summary: Keras ``model.layers`` / the modules torchinfo lists."""

    index: int
    type: str
    name: str
    line: int
    input_shape: Shape | None
    output_shape: Shape | None
    params: int | None
    # Every tensor a layer returning several gives (nn.LSTM: output, h_n, c_n), in order;
    # None for a layer returning one (output_shape, the first, is what torchinfo shows).
    outputs: tuple[Shape | None, ...] | None = None


@dataclass(frozen=True)
class Model:
    name: str  # the variable in the source
    framework: Literal["keras", "torch"]
    dialect: Literal["keras3", "keras2", "torch"]
    line: int
    input_shape: Shape | None
    layers: tuple[Layer, ...]
    total_params: int | None
    # What the picture is drawn from: the analysis' model and its file (findings as kept).
    _drawn_from: tuple[ModelReport, FileResult] | None = field(
        default=None, repr=False, compare=False)

    def _repr_html_(self) -> str:
        """The model's picture (``layerlint report``'s, for one model): Jupyter's rich display."""
        from html import escape

        from .report.html import model_fragment

        if self._drawn_from is None:
            return f"<p>model <code>{escape(self.name)}</code>: no picture</p>"
        return model_fragment(*self._drawn_from)


@dataclass(frozen=True)
class FileReport:
    """What layerlint found in one file (the ``files`` entry of the JSON report)."""

    path: str
    diagnostics: tuple[Diagnostic, ...]
    models: tuple[Model, ...]

    @property
    def errors(self) -> tuple[Diagnostic, ...]:
        """The error-severity findings: the command line exits 1 when there is one."""
        return tuple(d for d in self.diagnostics if d.severity == "error")


def check_source(text: str, path: str = "<string>", *, dialect: str | None = None) -> FileReport:
    """Check one file's source without running it. ``path`` names it in the findings; a path
    ending in ``.ipynb`` reads ``text`` as a notebook's JSON. ``dialect``: "keras3" or "keras2"
    (None: decided from the file, as the command line does). Inline suppressions apply."""
    if path.endswith(".ipynb"):
        result = pipeline.check_notebook(text.encode("utf-8"), path, dialect=dialect)
    else:
        result = pipeline.check_source(text, path, dialect=dialect)
    return _report(result, None)


def check_paths(paths: Iterable[str | PathLike[str]]) -> list[FileReport]:
    """Check files and folders (``.py`` and ``.ipynb``, folders walked with the excludes) as
    ``layerlint check`` does, with each path's ``[tool.layerlint]`` configuration. A path that
    does not exist gives a report with one LL906 finding; the others are still checked."""
    reports = []
    for given in map(str, paths):
        config = _config_for(Path(given))
        excluder = make_excluder(config.root, config.exclude, config.extend_exclude)
        try:
            files = discover([given], excluder)
        except PathNotFound:
            reports.append(_report(pipeline.missing_path(given), config))
            continue
        for file in files:
            reports.append(_report(pipeline.check_file(file, dialect=config.run_dialect), config))
    return reports


def _config_for(path: Path) -> Config:
    found = find_config(path if path.exists() else Path.cwd())
    return load_config(found) if found else Config()


def _report(result: FileResult, config: Config | None) -> FileReport:
    kept = apply_suppressions(result.source, result.diagnostics)
    if config is not None:
        kept = [d for d in kept if config.is_enabled_for(d.code, result.path)]
    shown = replace(result, diagnostics=kept)
    return FileReport(
        path=result.path,
        diagnostics=tuple(_diagnostic(result, d) for d in sorted(kept, key=lambda d: d.sort_key)),
        models=tuple(_model(m, shown) for m in result.models if m.unfollowed is None),
    )


def _diagnostic(result: FileResult, d: _Diagnostic) -> Diagnostic:
    cell = cell_position(result, d.span.line)
    fixes = tuple(
        Fix(f.title, f.safe, tuple(Edit(e.line, e.col, e.end_line, e.end_col, e.text)
                                   for e in f.edits))
        for f in d.fixes
    )
    return Diagnostic(
        code=d.code, severity=d.severity, line=d.span.line, col=d.span.col,
        end_line=d.span.end_line, end_col=d.span.end_col, message=d.full_message,
        model=d.model, layer=d.layer, stage=d.stage, fixes=fixes,
        cell=cell[0] if cell else None, cell_line=cell[1] if cell else None,
    )


def _shape(shape: _Shape | None) -> Shape | None:
    listed = to_json(shape)  # the JSON report's reading: anonymous dims are None
    return None if listed is None else tuple(listed)


def _layer(layer: LayerReport) -> Layer:
    uncalled = layer.input_shape is None and layer.output_shape == ()  # as the JSON report
    return Layer(index=layer.index, type=layer.type, name=layer.name, line=layer.line,
                 input_shape=_shape(layer.input_shape),
                 output_shape=None if uncalled else _shape(layer.output_shape),
                 params=layer.params,
                 outputs=tuple(_shape(o) for o in layer.outputs)
                 if layer.outputs and len(layer.outputs) > 1 else None)


def _model(model: ModelReport, result: FileResult) -> Model:
    return Model(name=model.name, framework=model.framework,  # type: ignore[arg-type]
                 dialect=model.dialect,  # type: ignore[arg-type]
                 line=model.line, input_shape=_shape(model.input_shape),
                 layers=tuple(_layer(layer) for layer in model.layers),
                 total_params=model.total_params, _drawn_from=(model, result))


def model_view(model: ModelReport, result: FileResult) -> Model:
    """The API's view of one analysed model (the notebook extension's ``%layerlint summary``
    shows it, so its rich display — the model's picture — is the API's)."""
    return _model(model, result)
