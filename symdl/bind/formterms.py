"""Terms of a sum that are 1×1 products (a dot product ``b^T x``, a quadratic form ``x^T A x``): a lone plain name
added to them is a number (Bishop's and Boyd's ``x^T A x + b^T x + c``), not a vector (:mod:`symdl.bind.kinds`)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import sympy

from symdl.bind.names import identity

if TYPE_CHECKING:
    from symdl.bind.binder import Binder


def form_term(b: Binder, t: sympy.Basic) -> str:
    """Is this term a row times ... times a column, a number: its first name a transposed lower-case vector name, its
    last a lower-case name, not transposed (``x^T A x``, ``b^T x``)?  "sure" for a dot product or a quadratic form
    (the same vector first and last), "bilinear" for another form (``x_1^T A x_2``), "" otherwise."""
    atoms = [b.atom_of(f) for f in sympy.Mul.make_args(t) if not f.is_number]
    if len(atoms) < 2 or any(a is None for a in atoms):
        return ""
    first, last = atoms[0], atoms[-1]
    assert first is not None and last is not None
    if not (first.transpose and first.base[:1].islower() and last.base[:1].islower() and not last.transpose
            and first.layer is None and last.layer is None):
        return ""
    return "sure" if len(atoms) == 2 or identity(first) == identity(last) else "bilinear"
