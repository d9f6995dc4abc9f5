"""symdl: read deep-learning LaTeX, chunk it into concepts, differentiate, verify, render.

The public API; each function runs the pipeline stages it needs (see :mod:`symdl.pipeline`).
"""

from __future__ import annotations

from typing import Any

from symdl.config import Config
from symdl.errors import InvalidInput, NotSupported, ResourceLimit, SymdlError
from symdl.formula import Formula, Statement
from symdl.pipeline import parse

__version__ = "0.1.0"


def _formula(f: str | Formula, **kw: Any) -> Formula:
    return f if isinstance(f, Formula) else parse(f, **kw)


def lambdify(formula: str | Formula | Any, **kwargs: Any) -> Any:
    """A numpy function of ``formula``, taking keyword arguments keyed like ``formula.symbols``."""
    from symdl.numeric import lambdify as _lambdify

    return _lambdify(_formula(formula) if isinstance(formula, str) else formula, **kwargs)


def explain(latex_or_formula: str | Formula, **kwargs: Any) -> Any:
    """Chunk a formula into named concepts and say what each does."""
    from symdl.chunk import explain as _explain

    return _explain(_formula(latex_or_formula), **kwargs)


def compare(a: str | Formula, b: str | Formula, **kwargs: Any) -> Any:
    """Are two formulas the same concept, and under which mapping of symbols?"""
    from symdl.chunk import compare as _compare

    return _compare(_formula(a), _formula(b), **kwargs)


def diff(formula: str | Formula | Any, wrt: Any, **kwargs: Any) -> Any:
    """Differentiate symbolically, step by step."""
    from symdl.differentiate import diff as _diff

    return _diff(_formula(formula) if isinstance(formula, str) else formula, wrt, **kwargs)


def check_gradient(f: str | Formula | Any, wrt: Any, claim: str | Formula | Any, **kwargs: Any) -> Any:
    """Verify a hand-derived gradient: symbolically first, then by finite differences."""
    from symdl.numeric import check_gradient as _check

    return _check(
        _formula(f) if isinstance(f, str) else f,
        wrt,
        _formula(claim) if isinstance(claim, str) else claim,
        **kwargs,
    )


__all__ = [
    "Config",
    "Formula",
    "InvalidInput",
    "NotSupported",
    "ResourceLimit",
    "Statement",
    "SymdlError",
    "__version__",
    "check_gradient",
    "compare",
    "diff",
    "explain",
    "lambdify",
    "parse",
]
