"""A claim that writes a family of numbers whole (``2 w \\odot x`` for ``\\sum_i w_i x_i^2`` by x, Parr & Howard;
``\\sigma(z) - y`` for ``-\\sum_j [y_j \\ln \\sigma(z_j) + \\dots]``): the formula's ``x_i`` are the entries of the
vector x, so the claim's whole ``x`` is that vector and the gradient is compared entry by entry, at the entry k
the variable ``x[k]`` stands for."""

from __future__ import annotations

from collections.abc import Mapping

import sympy
from sympy.matrices.expressions.applyfunc import ElementwiseApplyFunction

from symdl.formula import Formula


def family_names(f: object) -> set[str]:
    """The names of ``f``'s families of real numbers (``x`` of ``x_i``), never also a number or matrix of ``f``."""
    if not isinstance(f, Formula):
        return set()
    exprs = [st.rhs for st in f.statements if isinstance(st.rhs, sympy.Basic)]
    families = {str(b.label) for e in exprs for b in e.atoms(sympy.IndexedBase) if not b.is_integer}
    labels = {b.label for e in exprs for b in e.atoms(sympy.IndexedBase)}
    taken = {s.name for e in exprs for s in e.free_symbols if isinstance(s, sympy.Symbol) and s not in labels}
    taken |= {m.name for e in exprs for m in e.atoms(sympy.MatrixSymbol)}
    return families - taken


def without_families(shapes: Mapping[str, tuple] | None, f: object) -> dict[str, tuple] | None:
    """``shapes`` without the formula's families of numbers: a declared ``x=4`` whose formula writes ``x_i`` gives
    the family's length, and the claim reads its whole ``x`` as a number per entry (:func:`entries_of_whole_names`)."""
    if not shapes:
        return None
    families = family_names(f)
    return {k: v for k, v in shapes.items() if k not in families}


def entries_of_whole_names(f: object, var: sympy.Basic, claim: sympy.Basic) -> tuple[sympy.Basic, list[str]]:
    """The claim with each whole name of one of the formula's families of numbers (a number, or a vector in an
    entry-by-entry expression: ``2 w \\odot x``, ``\\sigma(z) - y``) made the family's entry at the variable's index:
    ``(claim, notes)``; unchanged unless the variable is a whole family's entry ``x[k]``, or when a vector of the
    claim is used otherwise than entry by entry (then the numbers find the shapes do not fit)."""
    if not isinstance(var, sympy.Indexed) or not isinstance(f, Formula):
        return claim, []
    names = family_names(f)
    families = {str(b.label): b for st in f.statements if isinstance(st.rhs, sympy.Basic)
                for b in st.rhs.atoms(sympy.IndexedBase) if str(b.label) in names}
    k = var.indices[0]
    written = sorted({m.name for m in claim.atoms(sympy.MatrixSymbol) if m.name in families}
                     | {s.name for s in _whole_numbers(claim, families)})
    if not written:
        return claim, []
    entry = _entry(claim, families, k)
    if entry is None:
        return claim, []
    return entry, [
        f"read the claim's whole {', '.join(written)} as the vector of the formula's entries "
        f"({', '.join(n + '_i' for n in written)}): the claim is compared entry by entry"]


def _entry(e: sympy.Basic, families: Mapping[str, sympy.IndexedBase], k: sympy.Basic) -> sympy.Basic | None:
    """Entry ``k`` of the entry-by-entry expression ``e`` (sums, Hadamard products and powers, numbers times a
    vector, functions applied to each entry); None for anything else (a matrix product, a transpose)."""
    if isinstance(e, sympy.MatrixSymbol):
        return families[e.name][k] if e.name in families and e.shape[1] == 1 else None
    if not isinstance(e, sympy.MatrixExpr):
        if e.atoms(sympy.MatrixSymbol):
            return None
        return e.xreplace({s: families[s.name][k] for s in _whole_numbers(e, families)})
    if isinstance(e, sympy.OneMatrix | sympy.ZeroMatrix):
        return sympy.S.One if isinstance(e, sympy.OneMatrix) else sympy.S.Zero
    if isinstance(e, ElementwiseApplyFunction):
        inner = _entry(e.expr, families, k)
        return None if inner is None else e.function(inner)
    if isinstance(e, sympy.HadamardPower):
        base = _entry(e.base, families, k)
        return None if base is None else base ** e.exp
    parts = [_entry(a, families, k) for a in e.args]
    if any(p is None for p in parts):
        return None
    if isinstance(e, sympy.MatAdd):
        return sympy.Add(*parts)
    if isinstance(e, sympy.HadamardProduct):
        return sympy.Mul(*parts)
    if isinstance(e, sympy.MatMul) and sum(isinstance(a, sympy.MatrixExpr) for a in e.args) == 1:
        return sympy.Mul(*parts)
    return None


def _whole_numbers(e: sympy.Basic, families: Mapping[str, sympy.IndexedBase]) -> set[sympy.Symbol]:
    """The plain numbers of ``e`` named as one of the families (never the label of an ``x[j]`` of ``e``)."""
    labels = {b.label for b in e.atoms(sympy.IndexedBase)}
    return {s for s in e.free_symbols if isinstance(s, sympy.Symbol) and s.name in families and not s.is_integer
            and s not in labels}
