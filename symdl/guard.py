"""The guard behind every public entry point: only :class:`SymdlError` leaves, and one account of budgets.

``symdl/__init__`` wraps the pipeline's functions with it, and :mod:`symdl.derive` its
``check_file``; a guarded call nested in another one shares the outer account (:func:`symdl.budget.metered`).
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable
from typing import Any, TypeVar

from symdl.budget import metered, out_of_memory
from symdl.config import DEFAULT
from symdl.errors import InternalError, Span, SymdlError
from symdl.formula import Formula

F = TypeVar("F", bound=Callable[..., Any])


def guarded(stage: str) -> Callable[[F], F]:
    """Let only :class:`SymdlError` leave a public function: anything else is a bug, reported as one.

    The safety net behind every entry point; the stages raise positioned errors themselves.  The call
    opens one account of counted budgets (``config.budgets``, :mod:`symdl.budget`) shared by everything
    it does, with ``config.time_limit`` as its wall-clock backstop; a call nested inside another public
    call shares the outer account.
    """

    def wrap(fn: F) -> F:
        signature = inspect.signature(fn)

        @functools.wraps(fn)
        def inner(*args: Any, **kwargs: Any) -> Any:
            try:
                signature.bind(*args, **kwargs)
            except TypeError as exc:  # the caller's mistake (an unknown option): Python's own error, not a bug
                raise TypeError(f"symdl.{fn.__name__}(): {exc}") from None
            source = next((a if isinstance(a, str) else a.source for a in args if isinstance(a, str | Formula)), "")
            config = kwargs.get("config") or DEFAULT
            try:
                with metered(config.budgets, config.time_limit):
                    return fn(*args, **kwargs)
            except SymdlError as err:
                if not err.source and source:  # a budget refused deep inside: show it against the input
                    err.source, err.span = source, Span(0, len(source))
                raise
            except MemoryError:
                raise out_of_memory(source) from None
            except (KeyboardInterrupt, SystemExit):
                raise
            except Exception as exc:
                where = _where(exc)
                raise InternalError(
                    f"the {stage} stage failed on this input ({type(exc).__name__}: {exc})"[:300] + where,
                    source=source,
                    hint="this is a bug in symdl; please report the formula",
                ) from exc

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
