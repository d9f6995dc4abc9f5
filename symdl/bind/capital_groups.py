r"""Capitals around the identity, and the exponential of a capital, written before a vector.

* ``y = (A - I)x``: a parenthesised sum of plain capitals, one of them a plain ``I``, written right before a plain
  lower-case name is a matrix times a vector (the capitals matrices, ``I`` the identity, the name a vector; noted
  ``capital-group-matrix``).  As numbers it read ``x (A - I)``, silently.
* So is such a group right before a parenthesised difference of lower-case names (Goodfellow's early stopping
  ``(I - \epsilon H)(w^{(t-1)} - w^*)``: the names vectors; as numbers it commuted), and a change of a capital
  ``\Delta A`` is a capital of the group (S4's ``(I + \Delta A)x``, ``\Delta A`` one matrix's name).
* A plain ``I`` (no subscript) read as a matrix, or ``\mathbf{I}``, is the identity: square (Nocedal & Wright's BFGS
  ``V_k = I - \rho_k \delta u_k \delta w_k^\top``: its size unifies both sides; :func:`identity_square`).
* ``y = \exp(A)x``: the exponential of a lone plain capital times a vector is the matrix exponential (a linear
  system's ``e^{At}x_0``) or the capital's entries' exponentials; neither is read: refused by name.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import sympy

from symdl.bind.build import span_of
from symdl.bind.letters import family_vector, plain_capital, plain_lower
from symdl.bind.names import identity
from symdl.bind.shapes import declared_shape
from symdl.errors import NotSupported, Span
from symdl.read.syntax import placeholder_id

if TYPE_CHECKING:
    from symdl.bind.binder import Binder

Kinds = dict[tuple[object, ...], str]


def plain_identity(b: Binder, k: int) -> bool:
    """A plain ``I`` with nothing attached: the identity when the formula makes it a matrix."""
    a = b.atoms[k]
    return a.base == "I" and a.sub is None and plain_capital(b, k) and not a.transpose


def _next_name(b: Binder, m: sympy.Mul, group: sympy.Basic) -> int | None:
    """The name written right after the parenthesised ``group`` in the product ``m``."""
    span = span_of(group, b.ph)
    close = b.source.find(")", span.end) if span is not None else -1
    if close < 0 or b.source[span.end : close].strip():
        return None
    for f in m.args:
        k = placeholder_id(f)
        if k is not None and k in b.atoms and not b.source[close + 1 : b.ph[k].span.start].strip():
            return k
    return None


def _group_capitals(b: Binder, group: sympy.Add) -> list[int] | None:
    """The capitals of ``A - I``, ``I - \\eta A``, ``A - \\lambda I``: each term one plain capital, times numbers or
    lower-case Greek names (rates, eigenvalues); one of them a plain ``I``.  None if ``group`` is not one."""
    caps = []
    for t in group.args:
        keys = [placeholder_id(f) for f in sympy.Mul.make_args(t) if not f.is_number]
        if any(k is None or k not in b.atoms for k in keys):
            return None
        found = [k for k in keys if plain_capital(b, k) or _capital_change(b, k)]
        rest = [b.atoms[k] for k in keys if k not in found]
        if len(found) != 1 or any(not a.greek or not a.base[:1].islower() or a.bold for a in rest):
            return None
        caps += found
    return caps if len(caps) > 1 and any(plain_identity(b, k) for k in caps) else None


def _capital_change(b: Binder, k: int) -> bool:
    """S4's ``\\Delta A`` (one name, the change or step of a capital): a plain capital's kind, undeclared."""
    a = b.atoms[k]
    return (a.d_of is not None and len(a.d_of) == 1 and a.d_of.isupper() and a.base.startswith("Delta")
            and not (a.bold or a.transpose) and b.roles[k].kind != "family" and declared_shape(a, b.declared) is None)


def _next_group(b: Binder, m: sympy.Mul, group: sympy.Basic, kinds: Kinds) -> list[int] | None:
    """The names of a parenthesised difference written right after ``group`` (Goodfellow's ``(I - \\epsilon
    H)(w^{(t-1)} - w^*)``): each term one lower-case name (times numbers), none a family's; else None."""
    span = span_of(group, b.ph)
    close = b.source.find(")", span.end) if span is not None else -1
    if close < 0 or b.source[span.end : close].strip():
        return None
    for f in m.args:
        fs = span_of(f, b.ph) if isinstance(f, sympy.Add) and f is not group else None
        if fs is None or b.source[close + 1 : fs.start].strip() != "(":
            continue
        keys = [placeholder_id(g) for t in f.args for g in sympy.Mul.make_args(t) if not g.is_number]
        if len(keys) == len(f.args) and all(k is not None and k in b.atoms and _vector_term(b, k, kinds) for k in keys):
            return keys  # type: ignore[return-value]
    return None


def _vector_term(b: Binder, k: int, kinds: Kinds) -> bool:
    """A lower-case Latin name however marked (w, w^*, w^{(t-1)}): a vector beside a matrix around the identity."""
    a = b.atoms[k]
    return (a.base[:1].islower() and a.base[:1].isascii() and not (a.greek or a.transpose or a.word)
            and b.roles[k].kind != "family" and declared_shape(a, b.declared) is None
            and kinds.get(identity(a)) != "matrix")


def _vector_name(b: Binder, k: int, kinds: Kinds) -> bool:
    """A name that may be the vector after a matrix: a plain lower-case letter, a bold one, or a vector already."""
    a = b.atoms[k]
    return b.roles[k].kind != "family" and not a.transpose and (
        plain_lower(b, k) or (a.bold and a.base[:1].islower()) or kinds.get(identity(a)) == "vector")


def capital_groups(b: Binder, kinds: Kinds) -> None:
    """``(A - I)x``, ``(I - \\eta A)x``: the capitals of the group matrices, the name after it a vector (noted); a
    family's member after it (``(I - \\eta A)x_k``) is refused, as cs231n's ``W x_i`` is."""
    for e in b.exprs:
        for m in sympy.preorder_traversal(e):
            groups = [g for g in m.args if isinstance(g, sympy.Add)] if isinstance(m, sympy.Mul) else []
            for group in groups:
                caps = _group_capitals(b, group)
                kn = _next_name(b, m, group) if caps else None
                if caps and kn is None and (names := _next_group(b, m, group, kinds)):
                    _matrix_times_group(b, group, caps, names, kinds)
                if kn is None or all(identity(b.atoms[k]) in kinds for k in caps):
                    continue
                start = b.source.rfind("(", 0, span_of(group, b.ph).start)
                span = Span(start, b.ph[kn].span.end)
                if family_vector(b, kn):
                    raise NotSupported(
                        f"{b.source[span.start : span.end]}: a matrix around the identity times one vector of a "
                        "family (an iterate x_k) is not read yet, and as numbers it would scale the family",
                        source=b.source, span=span,
                        hint="give the iterate a name of its own (x_{\\text{next}} = (I - \\eta A) x), or write the "
                             "product by entries (\\sum_j (I - \\eta A)_{ij} x_j)")
                if not _vector_name(b, kn, kinds):
                    continue
                b._note("capital-group-matrix", span, right=b.atoms[kn].spelling)
                for k in caps:
                    kinds.setdefault(identity(b.atoms[k]), "matrix")
                kinds.setdefault(identity(b.atoms[kn]), "vector")


def _matrix_times_group(b: Binder, group: sympy.Basic, caps: list[int], names: list[int], kinds: Kinds) -> None:
    """``(I - \\epsilon H)(w^{(t-1)} - w^*)``: the capitals matrices, the names of the difference vectors (noted)."""
    if all(identity(b.atoms[k]) in kinds for k in caps):
        return
    start = b.source.rfind("(", 0, span_of(group, b.ph).start)
    end = b.source.find(")", max(b.ph[k].span.end for k in names)) + 1
    right = b.source[b.source.find("(", span_of(group, b.ph).end) : end]
    b._note("capital-group-matrix", Span(start, end), right=right)
    for k in caps:
        kinds.setdefault(identity(b.atoms[k]), "matrix")
    for k in names:
        kinds.setdefault(identity(b.atoms[k]), "vector")


def refuse_exp_of_capital(b: Binder) -> None:
    """``\\exp(A)x``: refused by name (see the module)."""
    for p in b.ph.values():
        args = p.data.get("args", ()) if p.kind == "call" else ()
        if p.data.get("known") != "exp" or len(args) != 1:
            continue
        ka = placeholder_id(args[0].expr)
        if ka is None or ka not in b.atoms or not plain_capital(b, ka):
            continue
        after = [kn for kn, a in b.atoms.items() if plain_lower(b, kn) and b.ph[kn].span.start >= p.span.end
                 and not b.source[p.span.end : b.ph[kn].span.start].strip()]
        if not after:
            continue
        cap = b.atoms[ka].spelling
        raise NotSupported(
            f"{b.source[p.span.start : b.ph[after[0]].span.end]}: the exponential of a capital {cap} times a vector "
            f"is the matrix exponential (a linear system's e^{{At}}x_0) or {cap}'s entries' exponentials, and is not "
            "read; as numbers it would scale the vector",
            source=b.source, span=Span(p.span.start, b.ph[after[0]].span.end),
            hint=f"for the matrix exponential write its series \\sum_{{k=0}}^{{K}} \\frac{{1}}{{k!}} {cap}^k x; for "
                 f"a number declare {cap} \\in \\mathbb{{R}}")
