"""Weight decay written as the gradient's definition: ``g_t ← ∇f_t(θ_{t-1}) + λθ_{t-1}`` (see :mod:`concepts_optim2`).

Loshchilov & Hutter's Algorithm 2 (line 6, "Adam with L2 regularization") and the PyTorch SGD/Adam pseudocode
define the gradient the step uses as the loss's gradient at θ plus λ times θ itself, the gradient of the penalty
(λ/2)‖θ‖².  The gradient's point and the decayed name must be the same quantity, so ``∇f(θ) + λ v`` (a momentum's
velocity, another name) is not this.
"""

from __future__ import annotations

import sympy

from symdl.chunk.algebra import factors, is_one, terms
from symdl.chunk.optim_shapes import gradient_at, is_hyper
from symdl.chunk.registry import Context, Match


def decay_added_to_gradient(expr: sympy.Basic, ctx: Context) -> Match | None:
    """``∇f(θ) + λθ`` (the module's docstring): the gradient plus the decay term of the point it is taken at."""
    parts = terms(expr)
    if len(parts) != 2:
        return None
    for grad, decay in (parts, parts[::-1]):
        at = gradient_at(grad, ctx)
        if at is None or decay.could_extract_minus_sign():
            continue
        points = set(at.args) if isinstance(at, sympy.Tuple) else {at}
        for x in factors(decay):
            coef = sympy.Mul(*[f for f in factors(decay) if f is not x])
            if x in points and x != grad and not is_one(coef) and is_hyper(coef, ctx):
                lx = ctx.latex
                return Match(
                    "weight_decay",
                    roles=(("gradient", grad), ("decay term", decay)),
                    params=(("decay", coef),),
                    note=f"adds ${lx(decay)}$ to the gradient ${lx(grad)}$ taken at ${lx(x)}$: the gradient of the "
                    f"L2 penalty $\\frac{{{lx(coef)}}}{{2}}\\|{lx(x)}\\|^2$, so every step also pulls the weights "
                    "towards 0",
                )
    return None
