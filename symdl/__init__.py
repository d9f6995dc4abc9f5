"""symdl: read deep-learning LaTeX, chunk it into concepts, differentiate, verify, render.

The public API; each function runs the pipeline stages it needs (see :mod:`symdl.pipeline`).
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, TypeVar

from symdl.config import DEFAULT, Config
from symdl.errors import InternalError, InvalidInput, NotSupported, ResourceLimit, SymdlError
from symdl.formula import Formula, Statement
from symdl.pipeline import parse as _parse
from symdl.simplify import within

__version__ = "0.1.0"


F = TypeVar("F", bound=Callable[..., Any])


def guarded(stage: str) -> Callable[[F], F]:
    """Let only :class:`SymdlError` leave a public function: anything else is a bug, reported as one.

    The safety net behind every entry point; the stages raise positioned errors themselves.  The call
    also runs under ``config.time_limit`` and raises :class:`ResourceLimit` past it.
    """

    def wrap(fn: F) -> F:
        @functools.wraps(fn)
        def inner(*args: Any, **kwargs: Any) -> Any:
            source = next((a if isinstance(a, str) else a.source for a in args if isinstance(a, str | Formula)), "")
            limit = (kwargs.get("config") or DEFAULT).time_limit
            try:
                result, timed_out = within(functools.partial(fn, *args, **kwargs), seconds=limit)
            except SymdlError:
                raise
            except (KeyboardInterrupt, SystemExit, MemoryError):
                raise
            except Exception as exc:
                where = _where(exc)
                raise InternalError(
                    f"the {stage} stage failed on this input ({type(exc).__name__}: {exc})"[:300] + where,
                    source=source,
                    hint="this is a bug in symdl; please report the formula",
                ) from exc
            if timed_out:
                raise ResourceLimit(
                    f"the {stage} stage took longer than its time limit of {limit:g} s on this input",
                    source=source,
                    hint="split the formula into named parts, or allow more time: Config(time_limit=...) in Python, "
                    "--time-limit SECONDS on the command line (None or 0: no limit)",
                )
            return result

        return inner  # type: ignore[return-value]

    return wrap


def _where(exc: BaseException) -> str:
    tb = exc.__traceback__
    last = None
    while tb is not None:
        if "/symdl/" in tb.tb_frame.f_code.co_filename:
            last = tb
        tb = tb.tb_next
    if last is None:
        return ""
    path = last.tb_frame.f_code.co_filename.split("/symdl/")[-1]
    return f" at symdl/{path}:{last.tb_lineno}"


parse = guarded("read")(_parse)


def _formula(f: str | Formula, **kw: Any) -> Formula:
    return f if isinstance(f, Formula) else parse(f, **kw)


@guarded("numeric")
def lambdify(formula: str | Formula | Any, **kwargs: Any) -> Any:
    """A numpy function of ``formula``, taking keyword arguments keyed like ``formula.symbols``."""
    from symdl.numeric import lambdify as _lambdify

    return _lambdify(_formula(formula) if isinstance(formula, str) else formula, **kwargs)


@guarded("chunk")
def explain(latex_or_formula: str | Formula, **kwargs: Any) -> Any:
    """Chunk a formula into named concepts and say what each does."""
    from symdl.chunk import explain as _explain

    return _explain(_formula(latex_or_formula), **kwargs)


@guarded("chunk")
def compare(a: str | Formula, b: str | Formula, **kwargs: Any) -> Any:
    """Are two formulas the same concept, and under which mapping of symbols?"""
    from symdl.chunk import compare as _compare

    return _compare(_formula(a), _formula(b), **kwargs)


@guarded("differentiate")
def diff(formula: str | Formula | Any, wrt: Any, **kwargs: Any) -> Any:
    """Differentiate symbolically, step by step."""
    from symdl.differentiate import diff as _diff

    return _diff(_formula(formula) if isinstance(formula, str) else formula, wrt, **kwargs)


@guarded("check")
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
    "InternalError",
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
