"""The GAN minimax objective (Goodfellow et al. 2014): the discriminator's log-likelihood of real data and of the
generator's samples, read from a sum, a mean or expectations of two logs."""

from __future__ import annotations

import sympy
from sympy.core.function import AppliedUndef

from symdl.chunk.algebra import cheap_cancel, is_number, terms
from symdl.chunk.lossalg import log_parts, unreduce
from symdl.chunk.registry import Context, Match


def gan_minimax(expr: sympy.Basic, ctx: Context) -> Match | None:
    """Goodfellow et al.'s E_x[log D(x)] + E_z[log(1 − D(G(z)))] (as a sum, a mean or two expectations), its
    negative (the discriminator's loss), or the generator's term alone."""
    k, _limits, body, how = unreduce(expr)
    reduced = [unreduce(t) for t in terms(expr)] if how != "sum" else []
    sign = -1 if k.could_extract_minus_sign() else 1  # the scale of a mean (1/m) is not a weight of a log
    parts = [(sign, body)] if how == "sum" else [r[::2] for r in reduced]
    also = ("expectation",) if any(r[3] == "expectation" for r in reduced) else ()
    args: list[tuple[sympy.Basic, sympy.Basic]] = []
    for kk, b in parts:
        logs, rest = log_parts(b)
        if rest != 0:
            return None
        args.extend((a, cheap_cancel(kk * c)) for a, c in logs.items())
    if len(args) == 1 and is_number(args[0][1]) and args[0][1] != 0:
        return _generator_term(1 - args[0][0], also)
    if len(args) != 2 or not all(is_number(c) and c != 0 for _, c in args):
        return None
    real = [a for a, _ in args if isinstance(a, AppliedUndef)]
    fake = [a for a, _ in args if isinstance(-a + 1, AppliedUndef)]
    if len(real) != 1 or len(fake) != 1:
        return None
    d_real, d_fake = real[0], 1 - fake[0]
    if d_real.func != d_fake.func or d_real.args == d_fake.args or not d_fake.args[0].has(AppliedUndef):
        return None
    sign = "the discriminator's objective (maximised by D, minimised by G)"
    if all(c.could_extract_minus_sign() for _, c in args):
        sign = "the discriminator's loss (the negative of the minimax value)"
    return Match(
        "gan_minimax",
        roles=(("D on data", d_real), ("D on generated", d_fake)),
        also=also,
        note=sign + "; the reading keeps the objective, not the min over G and max over D",
    )


def _generator_term(d_fake: sympy.Basic, also: tuple[str, ...]) -> Match | None:
    """``log(1 − D(G(z)))`` alone: the generator's term of the minimax objective (Goodfellow's Algorithm 1)."""
    if not isinstance(d_fake, AppliedUndef) or len(d_fake.args) != 1:
        return None
    inner = d_fake.args[0]
    if not isinstance(inner, AppliedUndef) or inner.func == d_fake.func:
        return None
    return Match(
        "gan_minimax",
        roles=(("D on generated", d_fake),),
        also=also,
        name="GAN generator objective",
        note="only the generated-data term log(1 − D(G(z))): the part of the minimax objective the "
        "generator can change, which it minimises",
    )
