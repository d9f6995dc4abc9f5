"""Gradient lines by a declared vector whose forward lines write its entries (a derivation file with
``x \\in \\mathbb{R}^5``, ``\\mu = \\frac{1}{5}\\sum_{i=1}^5 x_i`` and ``dx = \\dots``): ``dx`` is the gradient by the
family of the entries ``x_i``, and the claim's whole ``x`` is the vector of them."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import numpy as np
import sympy


def entry_families(written: Iterable[sympy.Basic], forward: Iterable[tuple[sympy.Basic, sympy.Basic]]
                   ) -> dict[str, sympy.Basic]:
    """The families of real numbers the forward lines as ``written`` read (``x`` of ``x_i``), by name, each as the
    forward system holds it: the family itself, or the row its sums over the entries were made (``X``, 1×5, of
    ``\\sum_{i=1}^5 x_i``: :func:`symdl.differentiate.backprop.vectorise_sum`).  A family written with two indices
    (``A_{ki}``) is a matrix's entries (:mod:`symdl.numeric.stepfamilies`), not a vector's."""
    forward = list(forward)
    held = {b for _, rhs in forward for b in rhs.atoms(sympy.IndexedBase)}
    rows = {m.name: m for _, rhs in forward for m in rhs.atoms(sympy.MatrixSymbol) if m.shape[0] == 1}
    out: dict[str, sympy.Basic] = {}
    written = list(written)
    two = {e.base for rhs in written for e in rhs.atoms(sympy.Indexed) if len(e.indices) != 1}  # A_{ki}: a matrix's
    for b in {b for rhs in written for b in rhs.atoms(sympy.IndexedBase) if not b.is_integer and b not in two}:
        label = str(b.label)
        found = b if b in held else rows.get(label) or rows.get(label.upper())
        if found is not None:
            out[label] = found
    return out


def as_family(e: sympy.Basic, families: Mapping[str, sympy.Basic]) -> sympy.Basic:
    """``e`` (a step's variable) as the family its name is, when it is a whole name of one (``x`` for ``x_i``)."""
    if isinstance(e, sympy.IndexedBase) and not e.is_integer:
        return families.get(str(e.label), e)
    if isinstance(e, sympy.Symbol | sympy.MatrixSymbol) and not getattr(e, "is_integer", False):
        return families.get(e.name, e)
    return e


def wholes_of(claim: sympy.Basic, families: Mapping[str, sympy.Basic]) -> dict[sympy.Basic, sympy.Basic]:
    """The claim's whole names of families (``x`` in ``dx = x - \\mu``) → the family: given its entries' values."""
    if not isinstance(claim, sympy.Basic) or not isinstance(families, Mapping):
        return {}
    labels = {b.label for b in claim.atoms(sympy.IndexedBase)}
    found = [s for s in claim.free_symbols if isinstance(s, sympy.Symbol) and s not in labels and not s.is_integer]
    found += [m for m in claim.atoms(sympy.MatrixSymbol) if m.shape[1] == 1]
    return {s: families[s.name] for s in found if s.name in families}


def whole_values(wholes: Mapping[sympy.Basic, sympy.Basic], env: Mapping[sympy.Basic, object]) -> dict:
    """The values of the claims' whole names: their family's entries (a column for a vector's name)."""
    out: dict[sympy.Basic, object] = {}
    for whole, family in wholes.items():
        if family in env:
            value = np.asarray(env[family])
            out[whole] = value.reshape(whole.shape) if isinstance(whole, sympy.MatrixSymbol) and value.size == \
                np.prod(whole.shape) else value.reshape(-1)
    return out
