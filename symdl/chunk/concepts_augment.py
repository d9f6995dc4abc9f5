r"""Data augmentation by mixing examples: mixup (Zhang et al. 2018).

``mixup``: ``\tilde{x} = \lambda x_i + (1 - \lambda) x_j`` (and the labels alike): two examples of one family, at
two index letters (or two labels, ``x_A``, ``x_B``), mixed by ``\lambda`` and ``1 - \lambda``.  An average of a
value with its own earlier value is an EMA; an interpolation between a family's members at numbered positions
(rectified flow's ``t x_1 + (1 - t) x_0``) or with another weight than λ is only a weighted average.
"""

from __future__ import annotations

import sympy

from symdl.chunk.algebra import cheap_cancel
from symdl.chunk.registry import Concept, Context, Match


def _member(x: sympy.Basic) -> tuple[str, sympy.Basic] | None:
    """``(family, index)`` of ``x_i`` (an entry by one letter) or of a labelled name ``x_A`` (its label)."""
    if isinstance(x, sympy.Indexed) and len(x.indices) == 1 and isinstance(x.indices[0], sympy.Symbol):
        return str(x.base.label), x.indices[0]
    name = str(getattr(x, "name", ""))
    if "_" in name and isinstance(x, (sympy.Symbol, sympy.MatrixSymbol)):
        base, label = name.rsplit("_", 1)
        if len(label) == 1 and label.isupper():
            return base, sympy.Symbol(label)
    return None


def _mixup(expr: sympy.Basic, ctx: Context) -> Match | None:
    parts = list(sympy.Add.make_args(expr)) if isinstance(expr, sympy.Add) else list(getattr(expr, "args", ()))
    if len(parts) != 2 or not isinstance(expr, (sympy.Add, sympy.MatAdd)):
        return None
    weights, values = [], []
    for t in parts:
        fs = sympy.Mul.make_args(t) if not isinstance(t, sympy.MatrixExpr) else t.args
        members = [f for f in fs if _member(f) is not None]
        if len(members) != 1:
            return None
        values.append(members[0])
        weights.append(cheap_cancel(t / members[0]) if not isinstance(t, sympy.MatrixExpr) else sympy.Mul(
            *[f for f in fs if f is not members[0]]))
    (fa, ia), (fb, ib) = (_member(v) for v in values)  # type: ignore[misc]
    lam = [w for w in weights if isinstance(w, sympy.Symbol) and ctx.head(w).lstrip("\\") == "lambda"]
    if fa != fb or ia == ib or len(lam) != 1 or cheap_cancel(sum(weights) - 1) != 0:
        return None
    return Match("mixup", roles=(("first example", values[0]), ("second example", values[1])),
                 params=(("lambda", lam[0]),),
                 note=f"a new training example mixed from ${ctx.latex(values[0])}$ and ${ctx.latex(values[1])}$ "
                      f"with weights ${ctx.latex(weights[0])}$ and ${ctx.latex(weights[1])}$ (λ drawn from a Beta)")


CONCEPTS: tuple[Concept, ...] = (
    Concept(
        "mixup", "mixup", "makes a training example by mixing two examples (and their labels) with a weight λ",
        "x̃ = λ x_i + (1 − λ) x_j, ỹ = λ y_i + (1 − λ) y_j with λ ∼ Beta(α, α): training on convex combinations of "
        "pairs of examples and of their one-hot labels regularises the network to behave linearly between them "
        "(Zhang et al. 2018); CutMix pastes a patch instead of blending.",
        ("first example", "second example"), ("weighted_average",), "regularization", _mixup,
        heads=(sympy.Add, sympy.MatAdd),
    ),
)
