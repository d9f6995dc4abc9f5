"""The gate between values a caller passes and SymPy: text is never evaluated.

``sympy.sympify`` (and everything that calls it without ``strict=True``: ``S(...)``, ``Function(...)(x)``,
``count_ops``, ``cancel``, ``Matrix``, ``lambdify``'s expression argument) runs Python's ``eval`` on a
string, so ``__import__('os').system(...)`` would run.  symdl reads text only with its own reader
(:func:`symdl.pipeline.parse`); a stage that takes SymPy objects passes what it is given through
:func:`expression`, which converts numbers and SymPy objects and refuses text with
:class:`~symdl.errors.InvalidInput`.
"""

from __future__ import annotations

from collections.abc import Mapping

import sympy

from symdl.errors import InvalidInput

#: what to do with text instead
READ_FIRST = "read text with symdl.parse(...) first (or pass it to symdl.lambdify / symdl.diff / symdl.check_gradient)"


def refuse_text(value: object, what: str) -> None:
    """Raise :class:`InvalidInput` if ``value`` is text (``str`` or ``bytes``): it would be evaluated."""
    if isinstance(value, str | bytes | bytearray):
        shown = value if len(value) <= 60 else value[:57] + "..."
        raise InvalidInput(
            f"{what} is text ({shown!r}); this function takes a SymPy expression or a Formula", hint=READ_FIRST
        )


def expression(value: object, what: str) -> sympy.Basic:
    """``value`` as a SymPy object, converted with ``sympify(strict=True)``: numbers and SymPy objects pass,
    text and anything holding text are refused with :class:`InvalidInput`."""
    refuse_text(value, what)
    try:
        return sympy.sympify(value, strict=True)
    except sympy.SympifyError:
        raise InvalidInput(
            f"{what} must be a SymPy expression or a Formula, not {type(value).__name__}", hint=READ_FIRST
        ) from None


def check_point(at: Mapping[str, object] | None) -> None:
    """A point maps names as written to numbers or arrays of numbers; anything else is refused."""
    for key, value in (at or {}).items():
        if not isinstance(key, str):
            raise InvalidInput(f"a point is keyed by names as written, not {type(key).__name__}", hint="at={'z': 0.0}")
        import numpy as np  # here: reading and explaining never import numpy (cold start)

        try:
            np.asarray(value, dtype=float)
        except (TypeError, ValueError):
            raise InvalidInput(
                f"the point's value for {key!r} is not a number or an array of numbers ({type(value).__name__})",
                hint="pass numbers or numpy arrays, e.g. at={'z': 0.0}",
            ) from None
