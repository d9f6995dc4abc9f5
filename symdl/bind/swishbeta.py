"""``\\text{Swish}_\\beta(x)``: Swish with its parameter β written as a subscript (Ramachandran et al. 2017,
``\\text{Swish}_\\beta(x) = x \\sigma(\\beta x)``; Shazeer 2020's ``\\text{SwiGLU}(x, W, V, b, c, \\beta) =
\\text{Swish}_\\beta(xW + b) \\otimes (xV + c)``).

The reader keeps a subscript other than 1 as the call's ``beta`` (:func:`symdl.read.calls._swish_beta`); the value
is ``u σ(β u)`` entry by entry of the argument u, β a number (noted ``swish-beta``).  ``\\text{Swish}_1`` and
``\\text{Swish}`` stay Swish with β = 1.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import sympy

from symdl.bind.build import elementwise, is_mat, scalar_if_1x1
from symdl.errors import NotSupported
from symdl.functions import sigmoid
from symdl.read.notes import quote

if TYPE_CHECKING:
    from symdl.bind.binder import Binder
    from symdl.read.syntax import Placeholder


def swish_beta(b: Binder, p: Placeholder, args: list[sympy.Basic]) -> sympy.Basic | None:
    """``u σ(β u)`` of the call ``p`` when its subscript gave β, entry by entry; else None."""
    parsed = p.data.get("beta")
    if parsed is None:
        return None
    beta = scalar_if_1x1(b.conv(parsed))
    if is_mat(beta) or len(args) != 1:
        raise NotSupported(
            "Swish with a vector or matrix as its beta, or with several arguments",
            source=b.source,
            span=p.span,
            hint="symdl reads \\text{Swish}_\\beta(x) = x \\sigma(\\beta x) with a number beta",
        )
    b._note("swish-beta", p.span, beta=quote(b.source[parsed.span.start : parsed.span.end]))
    u = sympy.Dummy("u", real=True)
    f = sympy.Lambda(u, u * sigmoid(beta * u))
    return elementwise(f, args[0]) if is_mat(args[0]) else f(args[0])
