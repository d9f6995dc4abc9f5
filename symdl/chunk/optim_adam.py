"""Adam's lines read alone, by Kingma & Ba's notation (issue 14).

``m_t = β_1 m_{t-1} + (1 − β_1) g_t`` is an EMA, and its note says it is the shape of Adam's first moment
estimate: the decays β_1 and β_2 are Adam's names (Kingma & Ba 2015, Alg. 1; PyTorch's Adam docs; d2l 12.10 with
``v_t, s_t``).  The line alone is NOT named Adam (session 24, issue 14): RMSProp, AdamW, NAdam, AMSGrad and AdaBelief
share these lines, so a line names the part it is (ema, bias_correction); Adam needs its update or both moments
(:mod:`symdl.chunk.relations_moments`).  The note is for the pair as Adam uses it: β_1 averages the gradient
itself, β_2 its square; so Lion's ``m_t = β_2 m_{t-1} + (1 − β_2) g_t`` (β_2 on the plain gradient) and AdaBelief's
``(g_t − m_t)^2`` (a squared difference, no squared gradient) get no such note.
AMSGrad's running maximum ``\\hat{v}_t = \\max(\\hat{v}_{t-1}, v_t)`` of a
second-moment estimate (Reddi et al. 2018, Alg. 2) is named AMSGrad.
"""

from __future__ import annotations

import re

import sympy

from symdl.chunk.registry import Context, Match

_BETA = re.compile(r"\\beta_\{?([12])\}?|β_?\{?([12])\}?")
_ORDINAL = {1: "first", 2: "second"}


def beta_index(decay: sympy.Basic, ctx: Context) -> int | None:
    """1 or 2 when ``decay`` is spelled β_1 or β_2 (Adam's decays), else None."""
    if not isinstance(decay, sympy.Symbol):
        return None
    m = _BETA.fullmatch(ctx.spelling(decay).replace(" ", ""))
    return int(m.group(1) or m.group(2)) if m else None


def _plain(x: sympy.Basic) -> bool:
    """A gradient written as one quantity (``g_t``, ``\\mathbf{g}_t``, ``∇f``), not a sum, power or number."""
    return not x.is_number and not isinstance(x, (sympy.Add, sympy.MatAdd, sympy.Pow, sympy.MatPow, sympy.Mul))


def _squared(x: sympy.Basic) -> bool:
    """The square of a plain quantity: ``g_t^2``, ``g_t \\odot g_t``."""
    if isinstance(x, (sympy.Pow, sympy.MatPow)) or type(x).__name__ == "HadamardPower":
        return x.args[1] == 2 and _plain(x.args[0])
    if type(x).__name__ == "HadamardProduct":
        return len(x.args) == 2 and x.args[0] == x.args[1] and _plain(x.args[0])
    return False


def _alone(ctx: Context) -> bool:
    """The line is the whole formula: in a system, the system's own relations name the optimiser (Adam, NAdam,
    AMSGrad, AdamW share these lines), and naming one of its lines Adam would be a false label."""
    return ctx.formula is None or len(ctx.formula.statements) == 1


def _used_later(ctx: Context) -> bool:
    """Does another statement of the formula use this statement's target (an update step that divides by it)?"""
    st, f = ctx.statement, ctx.formula
    if st is None or f is None or st.target is None:
        return False
    return any(o is not st and o.rhs.has(st.target) for o in f.statements)


def adam_moment(decay: sympy.Basic, x: sympy.Basic, ctx: Context) -> int | None:
    """1 (first moment) or 2 (second moment) when an EMA of ``x`` with ``decay`` is Adam's, else None."""
    if not _alone(ctx):
        return None
    k = beta_index(decay, ctx)
    if k == 1 and _plain(x):
        return 1
    if k == 2 and _squared(x):
        return 2
    return None


def adam_ema(decay: sympy.Basic, x: sympy.Basic, ctx: Context) -> tuple[tuple[str, ...], str]:
    """``(also, note suffix)`` for an EMA: no further id (a line alone is not Adam), and the moment of Adam's it has
    the shape of when its decay is spelled as Adam's."""
    k = adam_moment(decay, x, ctx)
    if k is None:
        return (), ""
    return (), (f"; the shape of Adam's {_ORDINAL[k]} moment estimate (decay written $\\beta_{k}$, Kingma & Ba's "
                "notation); a line alone does not say which optimiser")


def adam_correction(decay: sympy.Basic, ctx: Context) -> tuple[tuple[str, ...], str]:
    """``(also, note suffix)`` for a bias correction by ``1 − β_k^t``: no further id (Adam, NAdam, AdamW, RAdam all
    correct so), the note naming the moment when the decay is spelled as Adam's."""
    k = beta_index(decay, ctx) if _alone(ctx) else None
    if k is None:
        return (), ""
    return (), f"; the shape of Adam's bias-corrected {_ORDINAL[k]} moment estimate"


def _second_moment(x: sympy.Basic, ctx: Context) -> bool:
    """Is ``x`` a second-moment estimate: known as an EMA of squares, or spelled ``v`` (Adam's and Reddi's name)?"""
    fact = ctx.facts.get(x)
    if fact is not None and fact.concept in ("ema", "momentum"):
        new = fact.role("new value")
        return new is not None and _squared(new)
    return isinstance(x, (sympy.Symbol, sympy.Indexed)) and ctx.head(x) == "v"


def running_max(expr: sympy.Basic, ctx: Context) -> Match | None:
    """AMSGrad's ``\\hat{v}_t = \\max(\\hat{v}_{t-1}, v_t)``: the running maximum of a second-moment estimate."""
    st = ctx.statement
    if not isinstance(expr, sympy.Max) or len(expr.args) != 2 or st is None or st.previous is None:
        return None
    if _used_later(ctx):  # a step divides by it: the system's AMSGrad relation names it (Adam's moments beside)
        return None
    if st.previous not in expr.args:
        return None
    x = next(a for a in expr.args if a != st.previous)
    if not _second_moment(x, ctx):
        return None
    return Match(
        "amsgrad",
        roles=(("running maximum", st.previous), ("second moment", x)),
        note=f"keeps the largest second-moment estimate seen so far (AMSGrad's $\\max$ of ${ctx.latex(x)}$): "
        "the step size never grows back",
    )
