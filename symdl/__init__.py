"""symdl: read deep-learning LaTeX, chunk it into concepts, differentiate, verify, render.

The public API: the functions of :mod:`symdl.pipeline`, each wrapped by :func:`guarded`.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, TypeVar

from symdl import pipeline
from symdl.config import DEFAULT, Config
from symdl.errors import InternalError, InvalidInput, NotSupported, ResourceLimit, SymdlError
from symdl.formula import Formula, Statement
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


# The public API: each pipeline function behind one guard (one account of limits per user call).
parse = guarded("read")(pipeline.parse)
lambdify = guarded("numeric")(pipeline.lambdify)
explain = guarded("chunk")(pipeline.explain)
compare = guarded("chunk")(pipeline.compare)
diff = guarded("differentiate")(pipeline.diff)
check_gradient = guarded("check")(pipeline.check_gradient)


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
