r"""A capital times a projection labelled by a superscript: Vaswani et al.'s ``QW^Q_i``, ``KW^K_i``, ``VW^V_i`` (sec.
3.2.2), ``XW^O``; a layer's weight too (Kipf & Welling's GCN ``\hat{A}XW^{(0)}``, d2l's ``XW^{(1)}``).

``W^Q`` is a weight matrix named by its label (``superscript-word``); a plain capital written right before it (Q, K,
V, X) is the matrix it projects, so the product is a matrix product in the order written.  As numbers it read
``Q W^Q_i`` commuted, silently.  Noted ``capital-projection``.
"""

from __future__ import annotations

import itertools
from typing import TYPE_CHECKING

import sympy

from symdl.bind.capital_groups import capital_groups, refuse_exp_of_capital
from symdl.bind.letters import WEIGHT_CAPITALS, labelled_capital, plain_capital, touching
from symdl.bind.names import identity
from symdl.bind.shapes import declared_shape
from symdl.bind.sums import reachable
from symdl.errors import Span
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
                if not (plain_capital(b, kp) and b.atoms[kp].sub is None and touching(b, kp, kn)
                        and (labelled_capital(b, kn) or _layer_weight(b, kn))):
                    continue
                left, right = b.atoms[kp], b.atoms[kn]
                if identity(left) in kinds and identity(right) in kinds:
                    continue
                b._note("capital-projection", Span(b.ph[kp].span.start, b.ph[kn].span.end), left=left.spelling,
                        right=right.spelling)
                kinds.setdefault(identity(left), "matrix")
                kinds.setdefault(identity(right), "matrix")


def _layer_weight(b: Binder, k: int) -> bool:
    """A weight's letter with a parenthesised label or layer (Kipf & Welling's and d2l's ``W^{(0)}``, ``W^{(1)}``),
    nothing declaring it and no sum running over its label."""
    a = b.atoms[k]
    return (a.base in WEIGHT_CAPITALS and (a.sample is not None or a.layer is not None) and not a.bold
            and not a.transpose and not a.decorations and b.roles[k].kind != "family"
            and declared_shape(a, b.declared) is None)


def concat_projections(b: Binder, kinds: Kinds) -> None:
    """Vaswani's ``\\text{Concat}(head_1, \\dots, head_h)W^O`` (sec. 3.2.2): the concatenation of the heads, written
    right before a capital (``W^O``, ``W_o``), is a matrix (the heads side by side) and the capital the matrix it is
    multiplied by, in the order written; as numbers the product commuted, silently.  The call is recorded in
    ``b.concat_calls`` (its value a matrix of its own shape, :mod:`symdl.bind.calls`) and noted ``concat-matrix``."""
    for p in b.ph.values():
        callee = p.data.get("callee") if p.kind == "call" else None
        if callee is None or callee.base.lower() not in CONCATENATIONS or p.data.get("known") is not None:
            continue
        after = sorted((b.ph[k].span.start, k) for k, a in b.atoms.items() if b.ph[k].span.start >= p.span.end
                       and a.base[:1].isupper() and not a.bold and not a.transpose
                       and not b.source[p.span.end : b.ph[k].span.start].replace("\\,", "").strip())
        if not after or not (plain_capital(b, after[0][1]) or labelled_capital(b, after[0][1])):
            continue
        cap = b.atoms[after[0][1]]
        b.concat_calls.add(p.id)
        kinds.setdefault(identity(cap), "matrix")
        b._note("concat-matrix", Span(p.span.start, b.ph[after[0][1]].span.end),
                call=b.source[p.span.start : p.span.end], right=cap.spelling)
        _matrix_parameters(b, p.id, kinds)


def _matrix_parameters(b: Binder, call: int, kinds: Kinds) -> None:
    """``\\text{MultiHead}(Q, K, V) = \\text{Concat}(...)W^O``: a function defined as the heads' concatenation times a
    matrix has a matrix value, so its plain capital parameters are matrices, as in ``\\text{Attention}(Q, K, V)``."""
    for st in b.rr.statements:
        k = placeholder_id(st.sides[0].expr) if len(st.sides) > 1 and st.relation in ("=", "define") else None
        if k is None or b.ph[k].kind != "call" or not any(call in reachable(b.ph, side.expr) for side in st.sides[1:]):
            continue
        for arg in b.ph[k].data.get("args", ()):
            a = placeholder_id(arg.expr)
            if a is not None and a in b.atoms and plain_capital(b, a):
                kinds.setdefault(identity(b.atoms[a]), "matrix")


#: functions that concatenate their arguments (Vaswani's Concat, code's concat)
CONCATENATIONS = frozenset({"concat"})


def seed_capitals(b: Binder, kinds: Kinds) -> None:
    """The capitals' rules of this module and :mod:`symdl.bind.capital_groups`, before kinds propagate."""
    refuse_exp_of_capital(b)  # \exp(A)x: the matrix exponential or the entries' (refused by name)
    capital_groups(b, kinds)  # (A - I)x: a matrix around the identity times a vector (noted)
    capital_projections(b, kinds)  # Vaswani's QW^Q_i: a matrix times a labelled projection (noted)
    concat_projections(b, kinds)  # Vaswani's Concat(head_1, ..., head_h)W^O: a matrix times W^O (noted)
