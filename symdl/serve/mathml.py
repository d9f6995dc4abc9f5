"""Sanitized MathML for the page: :mod:`symdl.render.mathml` (the render stage makes it for notebooks too)."""

from __future__ import annotations

from symdl.render.mathml import ATTRIBUTES, ELEMENTS, MAX_CHARS, to_mathml

__all__ = ["ATTRIBUTES", "ELEMENTS", "MAX_CHARS", "to_mathml"]
