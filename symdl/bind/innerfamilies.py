r"""Plain family members that an inner product makes vectors.

``inner-members``: a plain family member written as an argument of an inner product (CLIP's and InfoNCE's
``\langle u_i, v_j \rangle``, Rendle's ``\langle v_i, v_j \rangle`` without bold) is a vector, one of the family's rows:
an inner product is of vectors, so the family is an array with a vector per row, as a bold one is (noted).  It was
read as the product of two numbers ``u_i v_j``."""

from __future__ import annotations

import itertools
from typing import TYPE_CHECKING

import sympy

from symdl.errors import Span
from symdl.read.syntax import placeholder_id

if TYPE_CHECKING:
    from symdl.bind.binder import Binder


def inner_product_members(b: Binder) -> None:
    """Make the plain families whose members are whole arguments of ``\\langle ·, · \\rangle`` families of vectors."""
    for p in b.ph.values():
        if p.kind != "call" or p.data.get("known") != "inner" or len(p.data.get("args", ())) != 2:
            continue
        for arg in p.data["args"]:
            k = placeholder_id(arg.expr)
            if k is not None and _plain_member(b, k):
                _promote(b, "inner-members", b.ph[k].span, k)


def dot_members(b: Binder) -> None:
    r"""``cdot-members``: two members of one plain family at different indices joined by ``\cdot`` (SupCon's and
    SimCLR's ``z_i \cdot z_p``, ``z_i \cdot z_a``) are vectors of a family of vectors, and the product their dot
    product, as ``\mathbf{z}_i \cdot \mathbf{z}_p`` is (noted; it was a product of two numbers).  Members of two
    families (``w_i \cdot x_i``) or at one index stay numbers."""
    for e in b.exprs:
        for m in sympy.preorder_traversal(e):
            if not isinstance(m, sympy.Mul):
                continue
            members = sorted((k for f in m.args if (k := placeholder_id(f)) is not None and _plain_member(b, k)),
                             key=lambda k: b.ph[k].span.start)  # in written order: the sign between neighbours
            for first, second in itertools.pairwise(members):
                rx, ry = b.roles[first], b.roles[second]
                gap = b.source[b.ph[first].span.end : b.ph[second].span.start].strip()
                if rx.name != ry.name or rx.indices == ry.indices or gap != "\\cdot":
                    continue
                _promote(b, "cdot-members", Span(b.ph[first].span.start, b.ph[second].span.end), first)


def _plain_member(b: Binder, k: int) -> bool:
    """Atom ``k`` is one member of a plain family with one index (``u_i``, not ``\\mathbf{u}_i`` nor ``s_{y_i}``)."""
    a, r = b.atoms.get(k), b.roles.get(k)
    return a is not None and r is not None and not a.bold and r.kind == "family" and len(r.indices) == 1 \
        and r.entry is None


def _promote(b: Binder, rule: str, span: Span, k: int) -> None:
    """Make the family of member ``k`` a family of vectors, noted ``rule`` at ``span`` (once per family)."""
    name = b.roles[k].name
    if name in b.vector_families:
        return
    b._note(rule, span, name=b.atoms[k].base_latex)
    b.vector_families.add(name)
    b.promoted_families.add(name)


def matrix_members(b: Binder) -> None:
    r"""A plain family member written right after a matrix (Hamilton's GNN layer ``B_l h_v^{(l)}``, GAT's
    ``W^{(l)} h_u^{(l-1)}``) is a vector of a family of vectors, from the start of the reading: a sum of its members
    elsewhere in the statement (``W_l \sum_{u \in N(v)} h_u^{(l)}``) is then a sum of vectors, not of numbers."""
    from symdl.bind.names import identity

    for e in b.exprs:
        for m in sympy.preorder_traversal(e):
            if not isinstance(m, sympy.Mul):
                continue
            ks = sorted((k for f in m.args if (k := placeholder_id(f)) is not None and k in b.ph),
                        key=lambda k: b.ph[k].span.start)
            for first, second in itertools.pairwise(ks):
                if first not in b.atoms or b.kinds.get(identity(b.atoms[first])) != "matrix":
                    continue
                if _plain_member(b, second) and not b.source[b.ph[first].span.end : b.ph[second].span.start].strip():
                    b.vector_families.add(b.roles[second].name)
                    b.promoted_families.add(b.roles[second].name)
