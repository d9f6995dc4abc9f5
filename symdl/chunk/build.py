"""Build a :class:`~symdl.formula.Formula` from SymPy objects (for tests and programmatic use).

The reader produces formulas from LaTeX; this helper produces the same
structure from expressions already in SymPy, following the representation
contract, so the chunk stage can be used (and tested) without parsing.
"""

from __future__ import annotations

from collections.abc import Mapping

import sympy

from symdl.errors import Span
from symdl.formula import Formula, Statement


def statement(
    lhs: sympy.Basic | None,
    rhs: sympy.Basic,
    *,
    kind: str | None = None,
    previous: sympy.Basic | None = None,
    params: tuple[sympy.Basic, ...] = (),
    aliases: tuple[sympy.Basic, ...] = (),
    labels: Mapping[sympy.Basic, str] | None = None,
) -> Statement:
    """A statement ``lhs = rhs`` (or a bare expression when ``lhs`` is None).

    The kind defaults to ``update`` when ``previous`` is given or ``lhs`` occurs in
    ``rhs``, ``definition`` when ``params`` are given, else ``assignment``.
    """
    if lhs is None:
        kind = kind or "expression"
    elif kind is None:
        if previous is None and lhs in getattr(rhs, "free_symbols", set()):
            previous = lhs
        kind = "update" if previous is not None else "definition" if params else "assignment"
    if kind == "update" and previous is None:
        previous = lhs
    text = sympy.latex(rhs) if lhs is None else f"{sympy.latex(lhs)} = {sympy.latex(rhs)}"
    return Statement(
        kind=kind,
        lhs=lhs,
        rhs=rhs,
        latex=text,
        span=Span(0, len(text)),
        target=lhs,
        previous=previous,
        params=params,
        aliases=aliases,
        labels=dict(labels or {}),
    )


def formula(
    *statements: Statement | sympy.Basic,
    latex_names: Mapping[sympy.Basic, str] | None = None,
    source: str | None = None,
) -> Formula:
    """A formula from statements (bare SymPy expressions become expression statements)."""
    sts = tuple(s if isinstance(s, Statement) else statement(None, s) for s in statements)
    symbols: dict[str, sympy.Basic] = {}
    for st in sts:
        for e in (st.lhs, st.rhs):
            if e is None:
                continue
            for s in e.free_symbols | e.atoms(sympy.IndexedBase) | e.atoms(sympy.MatrixSymbol):
                key = str(s.label) if isinstance(s, sympy.IndexedBase) else str(getattr(s, "name", s))
                symbols.setdefault(key, s)
    src = source if source is not None else r" \\ ".join(st.latex for st in sts)
    kind = "system" if len(sts) > 1 else sts[0].kind
    return Formula(
        source=src, kind=kind, statements=sts, symbols=symbols, latex_names=dict(latex_names or {})
    )
