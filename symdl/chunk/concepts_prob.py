"""Probability: the logit, indicators, argmax, the Gaussian density and the reparameterisation trick.

Each is recognised by structure: ``log(p/(1 − p))`` with the same ``p`` twice; a piecewise 1-or-0 of a condition;
the reader's ``ArgMaxOver``; a ``c·exp(−(x − μ)²/(2s))`` whose constant is exactly ``1/√(2π s)``; and
``μ + σ ⊙ ε`` only where the formula itself says ``ε ∼ \\mathcal{N}(0, I)`` (without the draw it is any scale
and shift).
"""

from __future__ import annotations

import re

import sympy
from sympy import Add, Mul, Piecewise, Pow, exp, log
from sympy.core.function import AppliedUndef
from sympy.matrices.expressions.matexpr import MatrixExpr

from symdl.chunk.algebra import cheap_cancel, difference, factors, numer_denom, terms
from symdl.chunk.prob_noise import undeclared_noise
from symdl.chunk.registry import Concept, Context, Match, undefined_name
from symdl.functions import ArgMaxOver, OptimumOver
from symdl.read.lexer import fold

#: how an indicator is written: cs229's ``1\{y = k\}``, ``\mathbb{1}[·]``, ``\mathbb{I}(·)``, ``\mathds{1}_{·}``
_INDICATOR_SPELLINGS = re.compile(
    r"(?<![\w.}])1\s*(?:\\left\s*)?\\\{"
    r"|\\(?:mathbb|mathds|mathbf|bm|boldsymbol)\s*\{?\s*(?:1|I)\s*\}?\s*(?:\\left\s*)?(?:[\[(_]|\\\{)|\\mathbb\s*\{?\s*1"
)


# ---------------------------------------------------------------- logit
def _one_minus(den: sympy.Basic, p: sympy.Basic) -> bool:
    return not p.is_number and cheap_cancel(den + p - 1) == 0


def _logit(expr: sympy.Basic, ctx: Context) -> Match | None:
    p = None
    if isinstance(expr, log):
        num, den = numer_denom(expr.args[0])
        p = num if _one_minus(den, num) else None
    elif isinstance(expr, Add) and len(expr.args) == 2:
        diff = difference(expr)
        if diff and isinstance(diff[0], log) and isinstance(diff[1], log):
            a, b = diff[0].args[0], diff[1].args[0]
            p = a if _one_minus(b, a) else None
    if p is None:
        return None
    note = "the log-odds of probability " + ctx.latex(p)
    if type(p).__name__ == "sigmoid":
        note += f": the logit undoes the sigmoid, so this is just {ctx.latex(p.args[0])}"
    return Match("logit", roles=(("probability", p),), note=note)


# ---------------------------------------------------------------- indicator
def _indicator(expr: sympy.Basic, ctx: Context) -> Match | None:
    if not isinstance(expr, Piecewise) or len(expr.args) != 2 or expr.args[1].cond != sympy.true:
        return None
    (v1, cond), (v0, _) = expr.args
    if not isinstance(cond, (sympy.core.relational.Relational, sympy.And, sympy.Or, sympy.Not)):
        return None
    if (v1, v0) == (1, 0):
        return Match("indicator", roles=(("condition", cond),),
                     note=f"1 when {ctx.latex(cond)}, else 0")
    if (v1, v0) == (0, 1):
        return Match("indicator", roles=(("condition", cond),),
                     note=f"1 unless {ctx.latex(cond)} (the indicator of its negation)")
    source = ctx.formula.source if ctx.formula is not None else ""
    if isinstance(cond, sympy.core.relational.Relational) and _INDICATOR_SPELLINGS.search(source):
        # the reader multiplied the written 1{cond} into what it scales: v0 + (v1 − v0)·1{cond}
        picked = "selects" if v0 == 0 else "switches between"
        kept = (("value", v1),) + ((("otherwise", v0),) if v0 != 0 else ())
        return Match("indicator", roles=(("condition", cond), *kept),
                     note=f"the indicator 1{{{ctx.latex(cond)}}} {picked} the terms: {ctx.latex(v1)} when "
                     f"{ctx.latex(cond)}, else {ctx.latex(v0)}")
    return None


# ---------------------------------------------------------------- argmax
def _argmax(expr: sympy.Basic, ctx: Context) -> Match | None:
    if isinstance(expr, OptimumOver) and expr.op == "argmax":
        over = expr.args[1]
        what = str(over) if isinstance(over, sympy.core.symbol.Str) else ctx.latex(over)
        return Match("argmax", roles=(("score", expr.body),),
                     note=f"the {what} at which {ctx.latex(expr.body)} is largest (the maximiser, not the maximum)")
    if not isinstance(expr, ArgMaxOver):
        return None
    body, lims = expr.args[0], expr.args[1]
    index = lims[0] if isinstance(lims, sympy.Tuple) and lims else None
    return Match("argmax", roles=(("score", body),),
                 note=f"the {ctx.latex(index) if index is not None else 'index'} whose {ctx.latex(body)} is largest"
                 " (the position, not the value)")


# ---------------------------------------------------------------- Gaussian density
def _centred(d: sympy.Basic) -> tuple[sympy.Basic, sympy.Basic] | None:
    """``(x, μ)`` of a vector difference ``x − μ`` (a MatAdd of two terms, one negated)."""
    parts = list(d.args) if type(d).__name__ == "MatAdd" else []
    if len(parts) != 2:
        return None
    neg = [t for t in parts if type(t).__name__ == "MatMul" and t.args[0] == -1]
    if len(neg) != 1:
        return None
    return next(t for t in parts if t is not neg[0]), -neg[0]


def _matrix_quadratic(m: sympy.Basic) -> tuple[sympy.Basic, sympy.Basic, sympy.Basic] | None:
    """``(x, μ, s)`` of ``c (x−μ)ᵀ (x−μ)`` (``s = −1/(2c)``) or ``−½ (x−μ)ᵀ Σ⁻¹ (x−μ)`` (``s = Σ``)."""
    if type(m).__name__ != "MatMul":
        return None
    coef = Mul(*[f for f in m.args if not isinstance(f, MatrixExpr)])
    mats = [f for f in m.args if isinstance(f, MatrixExpr)]
    if len(mats) not in (2, 3) or not isinstance(mats[0], sympy.Transpose) or mats[0].arg != mats[-1]:
        return None
    got = _centred(mats[-1])
    if got is None:
        return None
    if len(mats) == 2:
        return got[0], got[1], cheap_cancel(-1 / (2 * coef))
    inv = mats[1]
    if coef != sympy.Rational(-1, 2) or not isinstance(inv, sympy.Inverse):
        return None
    return got[0], got[1], inv.arg


def _quadratic(arg: sympy.Basic) -> tuple[sympy.Basic, sympy.Basic, sympy.Basic] | None:
    """``(x, μ, s)`` if ``arg`` is ``−(x − μ)²/(2s)`` (or ``−½β(x − μ)²``, ``s = 1/β``) or ``−½ (x−μ)ᵀ Σ⁻¹ (x−μ)``."""
    if isinstance(arg, sympy.Trace):
        return _matrix_quadratic(arg.arg)
    num, den = numer_denom(-2 * arg)
    squares = [f for f in factors(num) if isinstance(f, Pow) and f.exp == 2
               and (difference(f.base) is not None or isinstance(f.base, (sympy.Symbol, sympy.Indexed)))]
    if len(squares) != 1:
        return None
    precision = cheap_cancel(num / squares[0])
    if precision.has(*squares[0].free_symbols) or precision.could_extract_minus_sign():
        return None
    diff = difference(squares[0].base) or (squares[0].base, sympy.Integer(0))  # e^{−x²/2}: the mean is 0
    return diff[0], diff[1], cheap_cancel(den / precision)


def _normal_call(expr: sympy.Basic, ctx: Context) -> Match | None:
    r"""``\mathcal{N}(x; μ, Σ)``: the normal density evaluated at x (Bishop's and the diffusion papers'
    ``q(x_t | x_{t−1}) = N(x_t; √(1 − β_t) x_{t−1}, β_t I)``).  Two arguments, ``N(μ, σ²)``, name the distribution
    (noise drawn from it), no density value: not this."""
    if undefined_name(expr) not in ("n", "ncal") or len(expr.args) != 3:
        return None
    x, mu, s = expr.args
    return Match("gaussian_density", roles=(("input", x), ("mean", mu), ("variance", s)),
                 params=(("mean", mu), ("variance", s)),
                 note=f"the normal density at ${ctx.latex(x)}$ with mean ${ctx.latex(mu)}$ and (co)variance "
                 f"${ctx.latex(s)}$, written with the point before the semicolon")


def _gaussian_density(expr: sympy.Basic, ctx: Context) -> Match | None:
    if isinstance(expr, AppliedUndef):
        return _normal_call(expr, ctx)
    exps = [f for f in factors(expr) if isinstance(f, exp)]
    if len(exps) != 1:
        return None
    q = _quadratic(exps[0].args[0])
    if q is None:
        return None
    x, mu, s = q
    rest = cheap_cancel(expr / exps[0])
    dims = [(-2 * f.exp) for f in factors(rest) if isinstance(f, Pow) and f.base in (sympy.pi, 2 * sympy.pi)]
    d = dims[0] if dims else sympy.Integer(1)
    size = sympy.Determinant(s) if isinstance(s, MatrixExpr) else sympy.Abs(s)
    if cheap_cancel(rest**2 * (2 * sympy.pi) ** d * size) != 1:
        if rest.is_number or not (rest.free_symbols & s.free_symbols):
            return None
        return Match("gaussian_density", roles=(("input", x), ("mean", mu), ("variance", s)),
                     name="Gaussian-like bump", near_miss="the exponent is a Gaussian's but the constant in front "
                     "is not 1/√(2πσ²), so it does not integrate to 1",
                     fix=exps[0] / sympy.sqrt(2 * sympy.pi * s))
    multi = "" if d == 1 else f", in {ctx.latex(d)} dimensions"
    return Match("gaussian_density", roles=(("input", x), ("mean", mu), ("variance", s)),
                 params=(("mean", mu), ("variance", s)),
                 note=f"the normal density N({ctx.latex(x)}; {ctx.latex(mu)}, {ctx.latex(s)}){multi}: "
                 "highest at the mean, width set by the variance, normalised to integrate to 1")


# ---------------------------------------------------------------- reparameterisation
#: ``\mathcal{N}(0, I)`` (or ``(0, 1)``, bold I) with spaces and ``\left``/``\right`` removed
_STANDARD_NORMAL = re.compile(
    r"\\mathcal\{?N\}?\((0|\\(?:mathbf|boldsymbol|bm)\{0\}),(1|I|\\(?:mathbf|boldsymbol|bm)\{I\}|\\mathbf\{1\})\)")
def standard_normal_draws(ctx: Context) -> set[sympy.Basic]:
    """The symbols the formula says are drawn from a standard normal (``\\epsilon \\sim \\mathcal{N}(0, I)``)."""
    f = ctx.formula
    if f is None:
        return set()
    found: set[sympy.Basic] = set()
    for n in f.notes:
        if n.rule != "distribution-clause":
            continue
        clause = fold(f.source[n.span.start : n.span.end])[0]  # a pasted ε∼\mathcal{N}(0,I) as its commands
        drawn, sim, dist = clause.partition("\\sim")
        compact = re.sub(r"\s|\\left|\\right", "", dist)
        if not sim or not _STANDARD_NORMAL.match(compact):
            continue
        name = re.sub(r"\\(?:mathbf|boldsymbol|bm)\s*\{?\s*(\\?[A-Za-z]+)\s*\}?", r"\1", drawn).strip()
        entry = re.sub(r"_\s*(\{[^{}]*\}|[A-Za-z0-9])$", "", name).strip()  # z_i ∼ N(0, 1): every entry of z
        for spelled, sym in f.symbols.items():
            plain = re.sub(r"\\(?:mathbf|boldsymbol|bm)\s*\{?\s*(\\?[A-Za-z]+)\s*\}?", r"\1", fold(spelled)[0]).strip()
            if plain == name or (plain == entry and entry != name):
                found.add(sym)
    return found


def is_standard_draw(e: sympy.Basic, draws: set[sympy.Basic]) -> bool:
    """Is ``e`` one of ``draws`` (or an entry ``z_i`` of a drawn family ``z``)?"""
    if e in draws:
        return True
    return isinstance(e, sympy.Indexed) and (e.base in draws or e.base.label in draws)


def _reparameterization(expr: sympy.Basic, ctx: Context) -> Match | None:
    parts = terms(expr)
    if len(parts) != 2 or ctx.noted("differential-name"):
        return None  # an SDE's drift dt + diffusion dw: increments, no sample of a normal written from its noise
    draws = standard_normal_draws(ctx)
    if not draws:
        return undeclared_noise(expr, ctx)  # DDPM's √ᾱ x_0 + √(1 − ᾱ) ε, Keras' z_mean + exp(0.5 z_log_var) ε
    for scaled, mu in (parts, parts[::-1]):
        fs = list(scaled.args) if isinstance(scaled, Mul) or type(scaled).__name__ in (
            "HadamardProduct", "MatMul") else [scaled]
        eps = [f for f in fs if is_standard_draw(f, draws)]
        if len(eps) != 1 or mu.has(eps[0]) or len(fs) < 2:
            continue
        scale = [f for f in fs if f is not eps[0]]
        sigma = scale[0] if len(scale) == 1 else Mul(*scale)
        if sigma.has(eps[0]) or sigma.is_number:
            continue
        return Match("reparameterization", roles=(("mean", mu), ("scale", sigma), ("noise", eps[0])),
                     note=f"a sample of N({ctx.latex(mu)}, {ctx.latex(sigma)}²) written as a deterministic function "
                     f"of the parameters and the noise {ctx.latex(eps[0])} ∼ N(0, I), so gradients flow to "
                     f"{ctx.latex(mu)} and {ctx.latex(sigma)}")
    return None


CONCEPTS: tuple[Concept, ...] = (
    Concept(
        "gaussian_density",
        "Gaussian (normal) density",
        "the bell-shaped probability density N(x; μ, σ²)",
        "N(x; μ, σ²) = (2πσ²)^{-1/2} exp(−(x − μ)²/(2σ²)): largest at the mean μ, falling off with the squared "
        "distance measured in units of σ; the constant makes it integrate to 1.  The multivariate form uses "
        "(x − μ)ᵀ Σ⁻¹ (x − μ) and (2π)^{-D/2} |Σ|^{-1/2}.",
        ("input", "mean", "variance"),
        ("gaussian_nll", "reparameterization", "variance"),
        "probability",
        _gaussian_density,
        heads=(Mul, AppliedUndef),
    ),
    Concept(
        "reparameterization",
        "reparameterisation trick",
        "draws z = μ + σ ⊙ ε with ε ∼ N(0, I) so the sample is differentiable in μ and σ",
        "Instead of sampling z ∼ N(μ, σ²) directly (no gradient through a random draw), the VAE samples fixed "
        "noise ε ∼ N(0, I) and computes z = μ + σ ⊙ ε; the randomness is an input, so backpropagation reaches "
        "the encoder's μ and σ (Kingma & Welling 2013).",
        ("mean", "scale", "noise"),
        ("gaussian_density", "elbo"),
        "probability",
        _reparameterization,
        heads=(Add, sympy.MatAdd),
    ),
    Concept(
        "logit",
        "logit (log-odds)",
        "log(p/(1 − p)): turns a probability into a real-valued score",
        "logit(p) = log(p/(1 − p)) = log p − log(1 − p), the inverse of the sigmoid: 0 at p = ½, large positive "
        "as p → 1.  A binary classifier's pre-sigmoid score is a logit.",
        ("probability",),
        ("sigmoid", "binary_cross_entropy"),
        "probability",
        _logit,
        heads=(log, Add),
        names=("logit",),
    ),
    Concept(
        "indicator",
        "indicator",
        "1 when a condition holds, 0 otherwise",
        "𝟙[condition] (Iverson's bracket [condition]) is 1 if the condition is true and 0 if not; "
        "𝟙{y = k} picks out the true class in a loss, 𝟙[x > 0] is ReLU's slope.",
        ("condition",),
        ("cross_entropy", "argmax"),
        "probability",
        _indicator,
        heads=(Piecewise,),
    ),
    Concept(
        "argmax",
        "argmax",
        "the position of the largest value, not the value itself",
        "argmax_k s_k is the index k at which s_k is largest; a classifier predicts argmax_k p_k.  It is "
        "piecewise constant (no useful gradient), which is why training uses softmax instead.",
        ("score",),
        ("softmax", "indicator"),
        "probability",
        _argmax,
        heads=(ArgMaxOver, OptimumOver),
        names=("argmax",),
    ),
)
