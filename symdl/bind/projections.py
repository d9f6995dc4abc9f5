r"""A capital times a projection labelled by a superscript: Vaswani et al.'s ``QW^Q_i``, ``KW^K_i``, ``VW^V_i`` (sec.
3.2.2), ``XW^O``.

``W^Q`` is a weight matrix named by its label (``superscript-word``); a plain capital written right before it (Q, K,
V, X) is the matrix it projects, so the product is a matrix product in the order written.  As numbers it read
``Q W^Q_i`` commuted, silently.  Noted ``capital-projection``.
"""

from __future__ import annotations

import itertools
from typing import TYPE_CHECKING

import sympy

from symdl.bind.capital_groups import capital_groups, refuse_exp_of_capital
from symdl.bind.letters import labelled_capital, plain_capital, touching
from symdl.bind.names import identity
from symdl.errors import NotSupported, Span
from symdl.read.syntax import placeholder_id

if TYPE_CHECKING:
    from symdl.bind.binder import Binder

Kinds = dict[tuple[object, ...], str]

def capital_projections(b: Binder, kinds: Kinds) -> None:
    """Read ``Q W^Q_i`` as a product of matrices (see the module)."""
    for e in b.exprs:
        for m in sympy.preorder_traversal(e):
            if not isinstance(m, sympy.Mul):
                continue
            placed = sorted((b.ph[k].span.start, k) for f in m.args
                            if (k := placeholder_id(f)) is not None and k in b.atoms)
            for (_, kp), (_, kn) in itertools.pairwise(placed):
                if not (plain_capital(b, kp) and b.atoms[kp].sub is None and labelled_capital(b, kn)
                        and touching(b, kp, kn)):
                    continue
                left, right = b.atoms[kp], b.atoms[kn]
                if identity(left) in kinds and identity(right) in kinds:
                    continue
                b._note("capital-projection", Span(b.ph[kp].span.start, b.ph[kn].span.end), left=left.spelling,
                        right=right.spelling)
                kinds.setdefault(identity(left), "matrix")
                kinds.setdefault(identity(right), "matrix")


def refuse_concat_times_capital(b: Binder) -> None:
    """Vaswani's ``\\text{Concat}(head_1, \\dots, head_h)W^O``: the concatenation of the heads (a matrix) times a
    capital is a matrix product symdl does not build from an unknown function's value; as numbers it commuted the
    product, silently.  Refused by name, with the spelling that reads."""
    for p in b.ph.values():
        callee = p.data.get("callee") if p.kind == "call" else None
        if callee is None or callee.base.lower() not in CONCATENATIONS:
            continue
        after = [k for k, a in b.atoms.items() if b.ph[k].span.start >= p.span.end and a.base[:1].isupper()
                 and not a.bold and not b.source[p.span.end : b.ph[k].span.start].strip()]
        if not after:
            continue
        cap = b.atoms[after[0]].spelling
        raise NotSupported(
            f"{b.source[p.span.start : b.ph[after[0]].span.end]}: the concatenation of the heads (a matrix) times the "
            f"matrix {cap} is not read yet; as numbers the product would commute",
            source=b.source, span=Span(p.span.start, b.ph[after[0]].span.end),
            hint=f"name the concatenation as a matrix and multiply it: H = {callee.spelling}(...), then H {cap}")


#: functions that concatenate their arguments (Vaswani's Concat, code's concat)
CONCATENATIONS = frozenset({"concat"})


def seed_capitals(b: Binder, kinds: Kinds) -> None:
    """The capitals' rules of this module and :mod:`symdl.bind.capital_groups`, before kinds propagate."""
    refuse_exp_of_capital(b)  # \exp(A)x: the matrix exponential or the entries' (refused by name)
    capital_groups(b, kinds)  # (A - I)x: a matrix around the identity times a vector (noted)
    capital_projections(b, kinds)  # Vaswani's QW^Q_i: a matrix times a labelled projection (noted)
    refuse_concat_times_capital(b)  # Vaswani's Concat(head_1, ..., head_h)W^O (refused by name)
