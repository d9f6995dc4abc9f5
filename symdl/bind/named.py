"""Unknown functions the user names as known ones: ``Config(functions={"H": "heaviside"})``, ``--function H=heaviside``.

:func:`known_function` checks a name against :data:`NAMEABLE` (the known functions of one number a user may name,
listed in the error when the name is not one); :func:`apply_named` replaces every call of a named function in a
bound :class:`~symdl.formula.Formula` (and the derivatives of those calls) by the known function, with a reading
note ``function-named`` at the first place the name is written.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Mapping

import sympy
from sympy.core.function import AppliedUndef

from symdl.config import Config
from symdl.errors import Span
from symdl.formula import Formula
from symdl.functions import NAMEABLE, known_function


def apply_named(formula: Formula, config: Config) -> Formula:
    """``formula`` with each call of a function ``config.functions`` names (checked there) replaced by the known
    function."""
    functions = config.functions
    if not functions or not isinstance(formula, Formula):
        return formula
    table = {name.strip().lstrip("\\"): NAMEABLE[known_function(name, known)] for name, known in functions.items()}
    used = sorted({c.func.__name__ for st in formula.statements for c in _calls(st.rhs)} & set(table))
    if not used:
        return formula
    statements = tuple(dataclasses.replace(st, rhs=_replaced(st.rhs, table)) for st in formula.statements)
    from symdl.read.notes import note

    notes = [note("function-named", _span(formula.source, name), {"name": name, "known": _known_of(name, functions)})
             for name in used]  # fmt: skip
    return dataclasses.replace(formula, statements=statements, notes=(*formula.notes, *notes))


def _calls(expr: object) -> set[AppliedUndef]:
    return expr.atoms(AppliedUndef) if isinstance(expr, sympy.Basic) else set()


def _replaced(expr: object, table: Mapping[str, Callable[..., sympy.Basic]]) -> object:
    if not isinstance(expr, sympy.Basic):
        return expr
    out = expr.replace(lambda e: isinstance(e, AppliedUndef) and e.func.__name__ in table,
                       lambda e: table[e.func.__name__](*e.args))  # fmt: skip
    return out.replace(lambda e: isinstance(e, sympy.Derivative | sympy.Subs) and not e.atoms(AppliedUndef),
                       lambda e: e.doit())  # fmt: skip


def _known_of(name: str, functions: Mapping[str, str]) -> str:
    return next(k.strip().lstrip("\\").lower() for n, k in functions.items() if n.strip().lstrip("\\") == name)


def _span(source: str, name: str) -> Span:
    """Where ``name`` is first written as a function (``H(``, ``\\phi(``, ``\\phi'``), else the whole source."""
    m = re.search(r"\\?" + re.escape(name) + r"(?![A-Za-z])", source)
    return Span(m.start(), m.end()) if m else Span(0, len(source))
