"""The identity matrix written after a vector: ``\\boldsymbol{\\sigma}^2 \\mathbf{I}`` (Kingma & Welling's VAE,
eq. 9, ``\\mathcal{N}(\\mathbf{z}; \\boldsymbol{\\mu}^{(i)}, \\boldsymbol{\\sigma}^{2(i)}\\mathbf{I})``).

Beside a number, ``\\sigma^2 \\mathbf{I}`` is the number times the identity; beside a vector it is conventionally the
diagonal matrix of the vector, ``\\mathrm{diag}(\\boldsymbol{\\sigma}^2)``, which a matrix product cannot give (it
would make the identity a row and the value an outer product).  Refused by name, with that spelling as the hint.
"""

from __future__ import annotations

import itertools
from typing import TYPE_CHECKING

import sympy

from symdl.bind.build import span_of
from symdl.bind.names import identity
from symdl.errors import NotSupported, Span
from symdl.read.syntax import AtomSpec

if TYPE_CHECKING:
    from symdl.bind.binder import Binder


def plain_i(a: AtomSpec) -> bool:
    """A capital I with nothing attached but maybe a subscript (no transpose, layer, sample, accent or prime)."""
    return (a.base == "I" and not a.transpose and not a.greek and not a.word and a.layer is None
            and a.sample is None and not a.decorations and not a.primes)


def is_square_identity(a: AtomSpec) -> bool:
    """``I`` or ``\\mathbf{I}`` with nothing attached (not a family's entry, not I_n: its size is written): read as a
    matrix, the identity, square."""
    return plain_i(a) and a.sub is None


def has_identity_term(b: Binder, terms: tuple[sympy.Basic, ...]) -> bool:
    """Is one of a sum's ``terms`` the plain identity ``I``, alone or scaled (``c_0 I``, ``\\lambda I``)?"""
    return any(a is not None and is_square_identity(a)
               for t in terms for a in (b.atom_of(f) for f in sympy.Mul.make_args(t)))


def is_identity_matrix(a: AtomSpec) -> bool:
    """``\\mathbf{I}``, ``\\boldsymbol{I}``: a bold capital I with nothing attached (``I`` alone may be a count)."""
    return a.bold and is_square_identity(a)


def _is_vector(b: Binder, f: sympy.Basic, kinds: dict[tuple[object, ...], str]) -> bool:
    """A factor that is surely a vector: a bold lower-case name (a family's member too) or one the kinds made a
    vector, or its power entry by entry (``\\boldsymbol{\\sigma}^2``)."""
    base = f.args[0] if isinstance(f, sympy.Pow) else f
    a = b.atom_of(base)
    return a is not None and not a.transpose and (
        (a.bold and a.base[:1].islower()) or kinds.get(identity(a)) == "vector")


def _closed_group_before(source: str, left: Span | None, right_start: int) -> bool:
    """Is a parenthesis closed between the vector and the identity, opened before the vector with more than the
    vector inside (``(\\mathbf{a}^\\top\\mathbf{x}) \\mathbf{I}``)?"""
    if left is None:
        return False
    close = source.find(")", left.end, right_start)
    if close < 0:
        return False
    depth = 0
    for i in range(close - 1, -1, -1):
        depth += {")": 1, "(": -1}.get(source[i], 0)
        if depth < 0:
            return source[i + 1 : close].strip() != source[left.start : left.end].strip()
    return False


def refuse_vector_times_identity(b: Binder, kinds: dict[tuple[object, ...], str]) -> None:
    """Refuse a vector written right before the identity matrix (see the module)."""
    for e in b.exprs:
        for m in sympy.preorder_traversal(e):
            if not isinstance(m, sympy.Mul):
                continue
            placed = sorted(((s.start, s.end, f) for f in m.args if (s := span_of(f, b.ph)) is not None),
                            key=lambda t: t[:2])
            for (start, _, left), (right_start, end, right) in itertools.pairwise(placed):
                a = b.atom_of(right)
                if a is None or not is_identity_matrix(a) or not _is_vector(b, left, kinds):
                    continue
                if _closed_group_before(b.source, span_of(left, b.ph), right_start):
                    continue  # (\mathbf{a}^\top\mathbf{x}) \mathbf{I}: the group's value, a number, scales I
                written = b.source[start:end]
                raise NotSupported(
                    f"{written}: a vector times the identity matrix, conventionally the diagonal matrix of the vector "
                    "(a covariance diag(\\sigma^2)), is not read as a matrix product (it would be an outer product)",
                    source=b.source, span=Span(start, end),
                    hint="write the diagonal matrix: \\mathrm{diag}(\\boldsymbol{\\sigma}^2), or a number times "
                         "\\mathbf{I} for an isotropic covariance")
