r"""Capital letters as matrices by what is written on them: a negative power (``\Sigma^{-1}\mu``, a graph's
``D^{-1/2} A D^{-1/2}``) or a Greek capital after a matrix (Kipf & Welling's ``X\Theta``)."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import sympy

from symdl.bind.letters import capital, lower_name, matrix_greek, plain_capital
from symdl.bind.names import identity
from symdl.bind.newton import refuse_gradient_at_point
from symdl.bind.valuekind import value_kind
from symdl.errors import NotSupported, Span
from symdl.read.power import Power
from symdl.read.syntax import AtomSpec, placeholder_id

if TYPE_CHECKING:
    from symdl.bind.binder import Binder

Kinds = dict[tuple[object, ...], str]


def greek_capital(a: AtomSpec) -> bool:
    """A plain Greek capital that may be a matrix (\\Theta, \\Phi, \\Omega; not \\Delta, a change)."""
    return a.greek and a.base[:1].isupper() and a.base != "Delta" and not a.word and not a.bold


def factor_key(b: Binder, f: sympy.Basic) -> int | None:
    """The placeholder a factor is: a name, or a name to the power -1 (``\\Sigma^{-1}``), or a capital to another
    negative power (a graph's degree matrix ``\\tilde{D}^{-1/2}``; not the ``\\sqrt{d_k}`` attention divides by)."""
    if isinstance(f, (sympy.Pow, Power)) and (e := f.args[1]).is_Rational and e < 0:
        k = placeholder_id(f.args[0])
        return k if k is not None and (e == -1 or (k in b.atoms and (capital(b, k) or (  # GPyTorch's \Theta^{-2}
            e.is_integer and matrix_greek(b, k))))) else None
    return placeholder_id(f)


def power_before_capital(b: Binder, left: tuple[int, sympy.Basic], kn: int) -> bool:
    """A capital letter to a negative power written right before another capital (``D^{-1/2} A``, ``D^{-1}A``)."""
    kp, fp = left
    if not (isinstance(fp, (sympy.Pow, Power)) and (e := fp.args[1]).is_Rational and e < 0):
        return False
    if not (capital(b, kp) and capital(b, kn) and not b.atoms[kp].bold and not b.atoms[kn].bold):
        return False
    end = _power_end(b.source, b.ph[kp].span.end)
    return end is not None and not b.source[end : b.ph[kn].span.start].strip()


def capital_power_pair(b: Binder, left: tuple[int, sympy.Basic], right: tuple[int, sympy.Basic], kinds: Kinds) -> bool:
    """Kipf & Welling's ``D^{-1/2} A``: a capital's power right before a capital, both matrices (noted
    ``capital-power-matrix``); or a capital's power right after a matrix (:func:`power_after_matrix`)."""
    (kp, fp), (kn, _) = left, right
    prev, nxt = b.atoms[kp], b.atoms[kn]
    if power_before_capital(b, (kp, fp), kn) and identity(prev) not in kinds:
        b._note("capital-power-matrix", Span(b.ph[kp].span.start, b.ph[kn].span.end), left=prev.spelling,
                right=nxt.spelling)  # Kipf & Welling's D^{-1/2} A D^{-1/2}: a degree matrix's power times a matrix
        kinds[identity(prev)] = "matrix"
        kinds.setdefault(identity(nxt), "matrix")
        return True
    return power_after_matrix(b, left, right, kinds)


def power_before_group(b: Binder, m: sympy.Mul, kinds: Kinds) -> None:
    """Kipf & Welling's renormalisation written with the self-loops, ``D^{-1/2}(A + I)D^{-1/2}``: a capital's negative
    power written right before a parenthesis whose terms are each a plain capital: all matrices (noted
    ``capital-power-matrix``; I is the identity by its own rule)."""
    powers = [(k, f) for f in m.args if isinstance(f, (sympy.Pow, Power)) and (e := f.args[1]).is_Rational and e < 0
              and (k := placeholder_id(f.args[0])) is not None and k in b.atoms and capital(b, k)
              and not b.atoms[k].bold and b.atoms[k].base != "N" and identity(b.atoms[k]) not in kinds]
    for s in m.args:
        terms = [placeholder_id(t) for t in sympy.Add.make_args(s)] if isinstance(s, sympy.Add) else []
        if len(terms) < 2 or not all(k is not None and k in b.atoms and capital(b, k) and not b.atoms[k].bold
                                     for k in terms):
            continue
        first = min(b.ph[k].span.start for k in terms)  # type: ignore[index]
        for kp, _ in powers:
            end = _power_end(b.source, b.ph[kp].span.end)
            if end is None or re.fullmatch(r"\s*(?:\\left)?\s*\(\s*", b.source[end:first]) is None:
                continue
            close = b.source.find(")", first)
            b._note("capital-power-matrix", Span(b.ph[kp].span.start, close + 1 if close > 0 else first),
                    left=b.atoms[kp].spelling, right=b.source[first : close if close > 0 else first])
            kinds[identity(b.atoms[kp])] = "matrix"
            for k in terms:
                kinds.setdefault(identity(b.atoms[k]), "matrix")  # type: ignore[index]


def power_after_matrix(b: Binder, left: tuple[int, sympy.Basic], right: tuple[int, sympy.Basic], kinds: Kinds) -> bool:
    """A capital to a negative power written right after a capital read as a matrix (Shampoo's ``L_t^{-1/4} G_t
    R_t^{-1/4}``: the last factor a matrix's root too, not a number dividing the product); noted."""
    (kp, _), (kn, fn) = left, right
    if not (isinstance(fn, (sympy.Pow, Power)) and (e := fn.args[1]).is_Rational and e < 0):
        return False
    prev, nxt = b.atoms.get(kp), b.atoms.get(kn)
    if prev is None or nxt is None or kinds.get(identity(prev)) != "matrix" or identity(nxt) in kinds:
        return False
    if not (capital(b, kp) and capital(b, kn) and not prev.bold and not nxt.bold and not prev.transpose):
        return False
    if b.source[b.ph[kp].span.end : b.ph[kn].span.start].strip():
        return False
    end = _power_end(b.source, b.ph[kn].span.end)
    b._note("capital-power-after-matrix", Span(b.ph[kp].span.start, end or b.ph[kn].span.end), left=prev.spelling,
            right=nxt.spelling)
    kinds[identity(nxt)] = "matrix"
    return True


def _power_end(source: str, at: int) -> int | None:
    """Where the superscript written at ``at`` ends (``^{-1/2}``, ``^{-\\frac{1}{2}}``, ``^2``), or None."""
    m = re.match(r"\s*\^\s*", source[at:])
    if m is None:
        return None
    i = at + m.end()
    if i >= len(source) or source[i] not in "{(":  # a plain-text paste's D^(-1/2) too
        return i + 1 if i < len(source) else None
    pair = {"{": 1, "}": -1} if source[i] == "{" else {"(": 1, ")": -1}
    depth = 0
    for j in range(i, len(source)):
        depth += pair.get(source[j], 0)
        if depth == 0:
            return j + 1
    return None


def inverse_capital(b: Binder, kp: int, fn: sympy.Basic, kinds: Kinds) -> bool:
    """A capital's inverse right before a plain lower-case name (Bishop's ``\\Sigma^{-1}\\mu``, ``W^{-1} x``), or
    before a gradient by one (Newton's method in cs229, ``H^{-1} \\nabla_\\theta \\ell(\\theta)``): a matrix's
    inverse times a vector, the name (or the name the gradient is by) a vector (noted ``capital-matrix``)."""
    kn = placeholder_id(fn)
    if kn is None or kn not in b.ph or kp not in b.atoms:
        return False
    vector = kn if kn in b.atoms else _gradient_by(b, kn)
    prev = b.atoms[kp]
    if not re.match(r"\s*\^\s*\{\s*-\s*1\s*\}", b.source[b.ph[kp].span.end :]):
        return False
    kn_start = b.source.index("}", b.ph[kp].span.end) + 1
    if vector is None and plain_capital(b, kp) and not b.source[kn_start : b.ph[kn].span.start].strip():
        refuse_gradient_at_point(b, kp, kn)
    if vector is None:
        return False
    if not ((plain_capital(b, kp) or matrix_greek(b, kp)) and lower_name(b, vector)
            and not b.source[kn_start : b.ph[kn].span.start].strip()):
        return False
    if identity(prev) not in kinds:
        b.capital_products.append((b.ph[kp].span.start, b.ph[kn].span.end, prev.spelling + "^{-1}",
                                   b.atoms[kn].spelling if kn in b.atoms
                                   else b.source[b.ph[kn].span.start : b.ph[kn].span.end].strip()))
    kinds.setdefault(identity(prev), "matrix")
    kinds.setdefault(identity(b.atoms[vector]), "vector")
    return True


def _gradient_by(b: Binder, k: int) -> int | None:
    """The name a gradient placeholder is by, when it is taken at that name itself (``\\nabla_\\theta
    \\ell(\\theta)``: θ; not Goodfellow's ``\\nabla_\\theta J(\\theta_0)``, whose point is another name)."""
    p = b.ph[k]
    wrt, of = (p.data.get("wrt"), p.data.get("of")) if p.kind == "grad" else (None, None)
    kw = placeholder_id(wrt.expr) if wrt is not None else None
    kc = placeholder_id(of.expr) if of is not None else None
    if kw is None or kw not in b.atoms or kc is None or b.ph[kc].kind != "call":
        return None
    args = [b.atom_of(a.expr) for a in b.ph[kc].data.get("args", ())]
    if not args or any(a is None or identity(a) != identity(b.atoms[kw]) for a in args):
        return None
    root = b.atoms[kw].base.split("^")[0]  # a superscript word joins the base: w^{(old)}'s is w^old
    same = [k2 for k2, a in b.atoms.items() if a.base.split("^")[0] == root]  # w^{(old)}: entries of a family, or
    # the name written with a label beside it, the point the gradient is taken at: not read
    mine = identity(b.atoms[kw])
    return None if any(b.roles[k2].kind == "family" or identity(b.atoms[k2]) != mine for k2 in same) else kw


def refuse_fractional_matrix_power(b: Binder, kinds: Kinds) -> None:
    """ZCA whitening's ``\\mathbf{U}\\Lambda^{-1/2}\\mathbf{U}^\\top``: a Greek capital that names a matrix raised to a
    fraction, beside a matrix in a product, is the matrix's fractional power, which symdl does not compute; as a
    number it was pulled out of the product (``U U^T / \\sqrt{\\Lambda}``), silently.  Refused, naming it."""
    for e in b.exprs:
        for m in (n for n in sympy.preorder_traversal(e) if isinstance(n, sympy.Mul)):
            powers = [f for f in m.args if isinstance(f, sympy.Pow | Power) and f.args[1].is_Rational
                      and not f.args[1].is_integer and (k := placeholder_id(f.args[0])) is not None and k in b.atoms
                      and matrix_greek(b, k)]
            if not powers or not any(value_kind(b, f, kinds) == "matrix" for f in m.args if f not in powers):
                continue
            k = placeholder_id(powers[0].args[0])
            raise NotSupported(
                f"{b.atoms[k].spelling} to the power {powers[0].args[1]} beside a matrix: the fractional power of a "
                "matrix (whitening's \\Lambda^{-1/2}, \\Sigma^{-1/2})", source=b.source, span=b.ph[k].span,
                hint="for a diagonal matrix, write the power of its entries, "
                     "\\mathrm{diag}(\\boldsymbol{\\lambda}^{-1/2}); or name the result (W = ...) and use W")
