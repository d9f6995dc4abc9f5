"""A derivative of order 1 by a squared name (``\\frac{\\partial\\ell}{\\partial\\sigma_B^2}``,
``\\frac{\\partial \\hat{x}_{i,j}}{\\partial \\sigma^2_j}``) is the derivative by the square as a variable of its own,
as batch normalisation's backward pass writes the variance (Ioffe & Szegedy 2015, section 3; cs231n's and
Kratzert's derivations): a variable ``v`` spelled ``\\sigma_B^2``, every square of the name in the formula is ``v``
and the name written alone its square root, ``\\sqrt{v}``, so the formula keeps its values (noted
``variance-variable``).  A plain Latin ``\\partial f / \\partial x^2`` is the same class (the variable ``x^2``);
the order written on both sides (``\\partial^2 f / \\partial x^2``) stays the second derivative
(:mod:`symdl.read.calculus`).

The square of a vector or matrix is no variable of its own: refused.
"""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING

import sympy

from symdl.bind import build
from symdl.errors import NotSupported

if TYPE_CHECKING:
    from symdl.bind.binder import Binder
    from symdl.formula import Statement
    from symdl.read.syntax import Placeholder


def squared_name(b: Binder, p: Placeholder, of: sympy.Basic, wrt: sympy.Basic) -> tuple[sympy.Basic, sympy.Basic]:
    """``(of, wrt)`` with a squared scalar name ``wrt`` (``sigma_B**2``, ``sigma[j]**2``) its variable (noted), the
    name in ``of`` its square root; any other ``wrt`` as it is.  A squared vector or matrix is refused."""
    if build.is_mat(wrt) and wrt.has(sympy.MatPow, sympy.HadamardPower):
        raise NotSupported(
            f"a derivative by the square of the vector or matrix {b.source[p.span.start : p.span.end]}",
            source=b.source, span=p.span,
            hint="for the second derivative, write the order on top too: \\frac{\\partial^2 f}{\\partial x^2}")
    if not (isinstance(wrt, sympy.Pow) and wrt.exp == 2 and isinstance(wrt.base, (sympy.Symbol, sympy.Indexed))):
        return of, wrt
    base = wrt.base
    key = base.base if isinstance(base, sympy.Indexed) else base
    variable = _variable(b, key)
    v = variable[base.indices] if isinstance(base, sympy.Indexed) else variable
    b._note("variance-variable", p.span, name=b.latex_names.get(key, str(key)) + "^2",
            base=b.latex_names.get(key, str(key)))
    return _as_roots(of, key, variable), v


def _variable(b: Binder, key: sympy.Basic) -> sympy.Basic:
    """The variable standing for the square of ``key`` (a Symbol or an IndexedBase), made once per formula."""
    squares = b.squares
    if key not in squares:
        if isinstance(key, sympy.IndexedBase):
            squares[key] = sympy.IndexedBase(f"{key.label}^2", real=True)
        else:
            squares[key] = sympy.Symbol(f"{key}^2", real=True)
        tex = b.latex_names.get(key, str(key))
        b.latex_names[squares[key]] = f"{{{tex}}}^2"
        spelling = next((s for s, obj in b.symbols.items() if obj == key), tex)
        b.symbols[spelling + "^2"] = squares[key]
    return squares[key]


def _as_roots(e: sympy.Basic, key: sympy.Basic, variable: sympy.Basic) -> sympy.Basic:
    """``e`` with the name ``key`` the square root of ``variable`` (its square: the variable itself)."""
    if isinstance(key, sympy.IndexedBase):
        return e.replace(lambda x: isinstance(x, sympy.Indexed) and x.base == key,
                         lambda x: sympy.sqrt(variable[x.indices]))
    return e.xreplace({key: sympy.sqrt(variable)})


def variance_variables(b: Binder, statements: list[Statement]) -> list[Statement]:
    """``statements`` with each name a derivative was taken by the square of written by that variable: its square
    is the variable, the name alone its square root.  A derivative by the name itself as well is refused."""
    for key, variable in b.squares.items():
        for st in statements:
            for side in (st.lhs, st.rhs):
                if isinstance(side, sympy.Basic) and any(_by_name(d, key) for d in side.atoms(sympy.Derivative)):
                    raise NotSupported(
                        f"derivatives by both {b.latex_names.get(key, key)} and its square in one formula",
                        source=b.source, span=st.span,
                        hint="write them in two formulas, or the one by the square with the chain rule: "
                        "\\frac{\\partial \\ell}{\\partial \\sigma} = 2\\sigma \\frac{\\partial \\ell}{\\partial "
                        "\\sigma^2}")
        statements = [dataclasses.replace(
            st, lhs=_as_roots(st.lhs, key, variable) if isinstance(st.lhs, sympy.Basic) else st.lhs,
            rhs=_as_roots(st.rhs, key, variable),
            aliases=tuple(_as_roots(a, key, variable) for a in st.aliases)) for st in statements]
        for spelling in [s for s, obj in b.symbols.items() if obj == key]:
            del b.symbols[spelling]
    return statements


def _by_name(d: sympy.Derivative, key: sympy.Basic) -> bool:
    """Is ``d`` a derivative by the name ``key`` itself (or one of its entries)?"""
    return any(x == key or (isinstance(x, sympy.Indexed) and x.base == key) for x in d.variables)
