"""CELU, a concept of its own (issue 14): ``max(0, x) + min(0, α(e^{x/α} − 1))`` (Barron 2017, PyTorch's
``torch.nn.CELU``) divides by α inside the exponential, so it is ``α·ELU(x/α)``, not ELU (the two agree only at
α = 1, where the form is read as ELU).  It is registered before the activations so the ELU recogniser never sees it.
"""

from __future__ import annotations

import sympy

from symdl.chunk.act_forms import max_min_celu
from symdl.chunk.registry import Concept, Context, Match


def _celu(expr: sympy.Basic, ctx: Context) -> Match | None:
    parts = max_min_celu(expr) if isinstance(expr, sympy.Add) else None
    if parts is None:
        return None
    x, alpha = parts
    note = (f"α·ELU(x/α) with α = ${ctx.latex(alpha)}$: the exponential is stretched by α so the slope is 1 at 0 for "
            "every α (an ELU only when α = 1)")
    return Match("celu", roles=(("input", x),), params=(("alpha", alpha),), note=note)


CONCEPTS: tuple[Concept, ...] = (
    Concept(
        "celu",
        "CELU",
        "a continuously differentiable ELU: the exponential stretched by α",
        "CELU(x) = max(0, x) + min(0, α(e^{x/α} − 1)) = α·ELU(x/α) (Barron 2017): unlike ELU its slope at 0 is 1 "
        "for every α; it equals ELU only for α = 1.",
        ("input",),
        ("elu", "selu"),
        "activation",
        _celu,
        heads=(sympy.Add,),
        names=("celu",),
    ),
)
