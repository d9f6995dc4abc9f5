r"""``inner-members``: a plain family member written as an argument of an inner product (CLIP's and InfoNCE's
``\langle u_i, v_j \rangle``, Rendle's ``\langle v_i, v_j \rangle`` without bold) is a vector, one of the family's rows:
an inner product is of vectors, so the family is an array with a vector per row, as a bold one is (noted).  It was
read as the product of two numbers ``u_i v_j``."""

from __future__ import annotations

from typing import TYPE_CHECKING

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
            a = b.atoms.get(k) if k is not None else None
            r = b.roles.get(k) if k is not None else None
            if a is None or r is None or a.bold or r.kind != "family" or len(r.indices) != 1 or r.entry is not None:
                continue
            if r.name not in b.vector_families:
                b._note("inner-members", b.ph[k].span, name=a.base_latex)
                b.vector_families.add(r.name)
                b.promoted_families.add(r.name)
