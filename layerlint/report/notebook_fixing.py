"""Fixes applied to the cells of a Jupyter notebook.

Findings and fixes are located in the notebook's joined source (frontends.notebook). A fix is
applied to a notebook only when it maps exactly onto one code cell: every edit lies inside one
cell, on lines the joining left as written (not a blanked IPython line), and re-joining the edited
notebook gives exactly the joined source with the fix applied. The notebook is written back with
the JSON layout it was read with when that layout is recognised (so only the edited cell sources
change, byte for byte); otherwise in nbformat's own layout.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ..diagnostics import Edit, Fix
from ..frontends.notebook import notebook_source
from .fixing import EditError, apply_edits, unified_diff

_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+$")
_BOM = "\ufeff"


def _layouts() -> list[Callable[[Any], str]]:
    """json.dumps settings a notebook may have been written with; nbformat's first."""
    layouts = []
    for indent in (1, 2, 4, None):
        for sort_keys in (True, False):
            for ensure_ascii in (False, True):
                for end in ("\n", ""):
                    layouts.append(
                        lambda doc, i=indent, s=sort_keys, a=ensure_ascii, e=end: (
                            json.dumps(doc, indent=i, sort_keys=s, ensure_ascii=a) + e
                        )
                    )
    return layouts


LAYOUTS = _layouts()


@dataclass
class CodeCell:
    index: int  # in the notebook's list of cells
    first_line: int  # 1-based line of the joined source where the cell starts
    lines: list[str]  # the cell's own lines, as written


@dataclass
class EditableNotebook:
    document: dict[str, Any]
    dump: Callable[[Any], str]
    bom: str
    source: str  # the joined source the findings refer to
    offsets: list[int]  # as FileIR.cell_offsets
    cells: list[CodeCell]

    @classmethod
    def read(cls, raw: bytes) -> EditableNotebook | None:
        """An nbformat 4 notebook whose cells can be edited; None for anything else."""
        try:
            text = raw.decode("utf-8")
            bom = _BOM if text.startswith(_BOM) else ""
            document = json.loads(text[len(bom) :])
        except (UnicodeDecodeError, ValueError, RecursionError):
            return None
        if not isinstance(document, dict) or not isinstance(document.get("cells"), list):
            return None
        dump = next((d for d in LAYOUTS if _dumps(d, document) == text[len(bom) :]), LAYOUTS[0])
        return cls._joined(document, dump, bom)

    @classmethod
    def _joined(cls, document: dict, dump: Callable[[Any], str], bom: str) -> EditableNotebook:
        raw = (bom + dump(document)).encode("utf-8")
        source, offsets, _ = notebook_source(raw)
        cells = []
        for index, cell in enumerate(document["cells"]):
            text = _cell_text(cell)
            if text and index < len(offsets):
                lines = re.split(r"\r\n|\r|\n", text)
                cells.append(CodeCell(index, offsets[index] + 1, lines))
        return cls(document, dump, bom, source, offsets, cells)

    def cell_offsets(self) -> list[int]:
        return self.offsets

    def to_bytes(self) -> bytes:
        return (self.bom + self.dump(self.document)).encode("utf-8")

    def cell_of(self, edit: Edit) -> CodeCell | None:
        """The code cell an edit lies in, if it touches only lines written as they are joined."""
        joined = self.source.split("\n")
        for cell in self.cells:
            last = cell.first_line + len(cell.lines) - 1
            if not cell.first_line <= edit.line <= edit.end_line <= last:
                continue
            for n in range(edit.line, edit.end_line + 1):
                if n > len(joined) or joined[n - 1] != cell.lines[n - cell.first_line]:
                    return None
            return cell
        return None

    def can_apply(self, fix: Fix) -> bool:
        return bool(fix.edits) and self.with_edits(fix.edits) is not None

    def with_edits(self, edits: list[Edit]) -> EditableNotebook | None:
        """The notebook with the edits made in its cells; None unless that is exact."""
        by_cell: dict[int, list[Edit]] = {}
        cells = {}
        for edit in edits:
            cell = self.cell_of(edit)
            if cell is None:
                return None
            cells[cell.index] = cell
            shift = cell.first_line - 1
            by_cell.setdefault(cell.index, []).append(
                Edit(edit.line - shift, edit.col, edit.end_line - shift, edit.end_col, edit.text)
            )
        document = json.loads(json.dumps(self.document))
        try:
            for index, cell_edits in by_cell.items():
                cell = document["cells"][index]
                new_text = apply_edits(_cell_text(cell), cell_edits)
                cell["source"] = _lines(new_text) if isinstance(cell["source"], list) else new_text
            expected = apply_edits(self.source, edits)
        except EditError:
            return None
        edited = self._joined(document, self.dump, self.bom)
        return edited if edited.source == expected else None

    def cell_diff(self, path: str, after: EditableNotebook) -> str:
        """A unified diff of each changed cell, headed ``a/nb.ipynb:cell 3``."""
        out = []
        for index, (old, new) in enumerate(zip(self.document["cells"], after.document["cells"])):
            before, changed = _cell_text(old), _cell_text(new)
            if before != changed:
                where = f"{path}:cell {index + 1}"
                out.append(unified_diff(where, before, changed))
        return "".join(out)


def _dumps(dump: Callable[[Any], str], document: Any) -> str | None:
    try:
        return dump(document)
    except (TypeError, ValueError, RecursionError):
        return None


def _cell_text(cell: Any) -> str:
    if not isinstance(cell, dict) or cell.get("cell_type") != "code":
        return ""
    source = cell.get("source", "")
    if isinstance(source, list):
        return "".join(s for s in source if isinstance(s, str))
    return source if isinstance(source, str) else ""


def _lines(text: str) -> list[str]:
    """A cell source as nbformat stores it in a list: lines with their line breaks."""
    return _LINE.findall(text)
