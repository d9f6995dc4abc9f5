"""Rendering of symdl results for people: terminal text, Markdown, LaTeX, JSON."""

from __future__ import annotations

from symdl.render.explanation import (
    comparison_to_json,
    comparison_to_markdown,
    comparison_to_text,
    to_json,
    to_latex,
    to_markdown,
    to_text,
)

__all__ = [
    "comparison_to_json",
    "comparison_to_markdown",
    "comparison_to_text",
    "to_json",
    "to_latex",
    "to_markdown",
    "to_text",
]
