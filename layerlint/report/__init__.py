"""Report formats: text (ruff-like), json (DESIGN.md), sarif, github, and summary tables."""

from __future__ import annotations

from .github import render_github
from .json_report import render_json
from .sarif import render_sarif
from .summary import render_model

FORMATS = ("text", "json", "sarif", "github")

__all__ = ["FORMATS", "render_github", "render_json", "render_model", "render_sarif"]
