r"""Products of plain names in a softmax's exponents, and row-wise reductions: what a reader may know are vectors.

- ``exponent-product`` (a note, the number reading kept): Covington et al.'s ``\frac{e^{v_i u}}{\sum_{j \in V}
  e^{v_j u}}``, word2vec's ``\frac{\exp(u_o v_c)}{\sum_w \exp(u_w v_c)}``: a member of a family the formula sums over,
  times another plain lower-case name, in an exponent, is often the dot product of two embeddings; nothing in the
  spelling says so (``e^{\beta x_i}``, ``e^{t z_i}`` are numbers), so the numbers' reading stays and the note says how
  to write the vectors' (``v_i^\top u``, or bold).
- ``row-reduction`` (a note): row-wise reductions (FlashAttention's ``\mathrm{rowmax}(S^{(j)})``,
  ``\mathrm{rowsum}(P)``) take a matrix to the vector of its rows' maxima or sums; symdl has no such function and
  reads them as unknown functions of what it reads (a number, silently before): noted, with the max or sum over a
  row's entries as the way to write them.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import sympy

from symdl.bind.names import identity, summed_families
from symdl.bind.shapes import promotable
from symdl.errors import Span
from symdl.read.syntax import AtomSpec, placeholder_id

if TYPE_CHECKING:
    from symdl.bind.binder import Binder

#: a word naming a reduction along rows or columns (rowmax, rowsum, row_mean, colsum, ...)
ROW_REDUCTION = re.compile(r"^(row|col|column)_?(max|min|sum|mean|norm|softmax)s?$")


def note_row_reductions(b: Binder) -> None:
    """``\\mathrm{rowmax}(S)``: a reduction along rows, read as an unknown function and noted (see the module)."""
    for p in b.ph.values():
        callee = p.data.get("callee") if p.kind == "call" else None
        if isinstance(callee, AtomSpec) and p.data.get("known") is None and ROW_REDUCTION.match(callee.base.lower()):
            b._note("row-reduction", p.span, name=callee.base)


def note_exponent_products(b: Binder) -> None:
    """Note each product of plain lower-case names in an exponent with a member of a summed family (see the
    module), once per product."""
    summed = summed_families(b.ph)
    seen: set[tuple[int, int]] = set()
    for arg in _exponents(b):
        factors = [f for f in sympy.Mul.make_args(arg) if not f.is_number]
        keys = sorted((b.ph[k].span.start, k) for f in factors if (k := placeholder_id(f)) is not None and k in b.atoms)
        if len(factors) != 2 or len(keys) != 2 or not all(_plain(b, k) for _, k in keys):
            continue
        if not any(b.roles[k].kind == "family" and b.atoms[k].family_key_parts() in summed for _, k in keys):
            continue
        (_, left), (_, right) = keys
        if (left, right) in seen or b.source[b.ph[left].span.end : b.ph[right].span.start].strip():
            continue  # written with an operator between (v_i \cdot u): said already
        seen.add((left, right))
        b._note(
            "exponent-product",
            Span(b.ph[left].span.start, b.ph[right].span.end),
            left=b.atoms[left].spelling,
            right=b.atoms[right].spelling,
        )


def _plain(b: Binder, k: int) -> bool:
    """A plain lower-case Latin name nothing makes a vector (no bold, no transpose, no declaration)."""
    a = b.atoms[k]
    return (
        promotable(a)
        and a.base[:1].islower()
        and not a.bold
        and not a.transpose
        and a.layer is None
        and identity(a) not in b.kinds
        and a.spelling not in b.declared
    )


def _exponents(b: Binder) -> list[sympy.Basic]:
    """The arguments of \\exp calls and the exponents of e, in every placeholder-level expression."""
    found: list[sympy.Basic] = []
    for p in b.ph.values():
        if p.kind == "call" and p.data.get("known") == "exp" and len(p.data.get("args", ())) == 1:
            found.append(p.data["args"][0].expr)
    for e in b.exprs:
        found.extend(m.exp for m in sympy.preorder_traversal(e) if isinstance(m, sympy.Pow) and m.base == sympy.E)
        found.extend(m.args[0] for m in sympy.preorder_traversal(e) if isinstance(m, sympy.exp))
    return found
