"""Weight initialisation: Xavier/Glorot and He/Kaiming.

Both are a variance (or a standard deviation, or a uniform bound) set from the layer's fan: Xavier's
``Var = 2/(n_in + n_out)`` (uniform bound ``√(6/(n_in + n_out))``), He's ``Var = 2/n_in`` (``σ = √(2/n_in)``).
A bare ``2/n`` means nothing by itself, so the variance forms are named only when the statement assigns them to a
variance (``\\mathrm{Var}(W)``, ``σ²``) or a standard deviation (``σ``); the uniform bound's ``6/(a + b)`` is
specific enough on its own.
"""

from __future__ import annotations

import sympy
from sympy import Mul, Pow
from sympy.core.function import AppliedUndef
from sympy.matrices.expressions.matexpr import MatrixExpr

from symdl.chunk.algebra import cheap_cancel, numer_denom, sqrt_arg, terms
from symdl.chunk.concepts_stats import trace_mean
from symdl.chunk.registry import Concept, Context, Match, undefined_name
from symdl.functions import Distribution, Uniform
from symdl.simplify import per_call

#: words that name a standard deviation (PyTorch's init docs write ``\text{std}``)
_STD_WORDS = ("std", "stddev", "sd")


def _target_spread(ctx: Context, expr: sympy.Basic) -> str | None:
    """``'variance'`` or ``'std'`` when ``expr`` is the right side of a statement assigning a variance or a std."""
    st = ctx.statement
    if st is None or st.rhs != expr or st.lhs is None:
        return None
    lhs = st.lhs
    if isinstance(lhs, AppliedUndef) and undefined_name(lhs) in ("var", "variance"):
        return "variance"
    if trace_mean(lhs) is not None:  # Var[W] read over a sample
        return "variance"
    if isinstance(lhs, Pow) and lhs.exp == 2 and ctx.is_greek(lhs.base):
        return "variance"
    if isinstance(lhs, sympy.Symbol) and ctx.word(lhs) in _STD_WORDS:
        return "std"  # PyTorch's init docs: \text{std} = \text{gain} \times \sqrt{2/(\text{fan\_in} + \text{fan\_out})}
    if isinstance(lhs, sympy.Symbol) and ctx.is_greek(lhs) and lhs.name.startswith(("sigma", "varsigma")):
        return "variance" if "^2" in ctx.spelling(lhs).replace("{", "").replace("}", "") else "std"
    return None  # T5's \eta_t = \eta_{\max}/\sqrt{\max(t, k)}: a rate, no spread of an initialisation


def _fan(v: sympy.Basic) -> tuple[sympy.Basic, sympy.Basic] | None:
    """``(numerator, fan)`` of ``c/fan`` with a number ``c`` and a fan free of numbers, else None."""
    if not _divides(v) or _kept_above(v):
        return None
    num, den = numer_denom(cheap_cancel(v))
    if not num.is_number or den.is_number:
        return None
    if any(t.is_number for t in terms(den)):
        return None
    return num, den


def _cancelled(v: sympy.Basic) -> sympy.Basic:
    """``cheap_cancel(v)``, or ``v`` itself when no cancelled form of it can have a number for numerator."""
    return v if _kept_above(v) else cheap_cancel(v)


def _kept_above(v: sympy.Basic) -> bool:
    """Does a factor of ``v``'s numerator stay there through ``together`` and ``cancel``: a polynomial as written
    (no negative power inside) in a name that ``v``'s denominator does not have?  They only divide out common
    factors, so no cancelled form of ``v`` is then a number over a fan; checked before the cancel, which a ratio
    of sums (the mean ``Σ(yᵢ − ŷᵢ)²/n`` squared) would otherwise pay, expanding inside the sums.  (A polynomial
    written so that it collapses to a number, ``(n + 1)² − n² − 2n``, is not a fan anyone writes.)"""
    num, den = numer_denom(v)
    names = den.free_symbols
    return any(not f.is_number and not f.free_symbols <= names and not _divides(f) for f in Mul.make_args(num))


def _rooted(v: sympy.Basic) -> bool:
    """Does ``v`` take a square root somewhere?  An initialisation's bound or standard deviation without a stated
    target is one (He's √(2/n), gain/√fan, Xavier's √(6/(a + b))): checked before the cancel, which every
    quotient of the formula (a softmax, a sigmoid) would otherwise pay."""
    return any(isinstance(p, Pow) and abs(p.exp) == sympy.Rational(1, 2) for p in sympy.preorder_traversal(v))


def _divides(v: sympy.Basic) -> bool:
    """Does ``v`` divide by anything (a negative power somewhere)?  Without one, no cancelled form of it has a fan
    under a number: checked before the cancel, which each product of the formula would otherwise pay."""
    return any(isinstance(p, Pow) and p.exp.is_negative for p in sympy.preorder_traversal(v))


def _two_sides(fan: sympy.Basic, ctx: Context) -> bool:
    """Whether ``fan`` multiplies two counts of one family (``n_{in} n_{out}``, ``\\text{fan\\_in}·\\text{fan\\_out}``):
    the fans of a layer's two sides, whose product no initialisation uses (Glorot sums them), not He's one fan
    ``n_l`` (which may itself be a product of different quantities, He et al.'s ``k² c``)."""
    heads = [ctx.head(f) for f in Mul.make_args(fan) if isinstance(f, (sympy.Symbol, sympy.Indexed))]
    return len(heads) != len(set(heads))


def _defined(expr: sympy.Basic, ctx: Context) -> sympy.Basic:
    """``expr`` with the names its formula assigns put in (the PyTorch docs' ``\\mathcal{N}(0, \\text{std}^2),
    \\qquad \\text{std} = \\sqrt{2}/\\sqrt{\\text{fan\\_in}}``)."""
    for st in ctx.formula.statements if ctx.formula is not None else ():
        if st.kind == "assignment" and isinstance(st.target, sympy.Symbol) and expr.has(st.target):
            expr = expr.xreplace({st.target: st.rhs})
    return expr


def _drawn(dist: Distribution, ctx: Context) -> Match | None:
    """``W \\sim U[-a, a]``, ``w \\sim \\mathcal{N}(0, 2/n_l)``: the distribution's variance (U[−a, a]: a²/3) read as
    Xavier's 2/(fan_in + fan_out) or He's 2/fan_in."""
    var = dist.variance()
    if var is None or (isinstance(dist, Uniform) and cheap_cancel(dist.args[0] + dist.args[1]) != 0):
        return None  # only the centred U[-a, a] and any N(mean, var) are initialisations
    got = _fan(_defined(var, ctx))
    if got is None or got[0] != 2 or len(terms(got[1])) > 2:
        return None
    how = (f"a draw from {ctx.latex(dist)} has variance "
           + ("a²/3 with a its bound: " if isinstance(dist, Uniform) else "its second parameter, "))
    if len(terms(got[1])) == 2:
        return _xavier(got[1], how + "2/(fan_in + fan_out)", ctx)
    if _two_sides(got[1], ctx):
        return None
    return Match("he_init", roles=(("fan", got[1]),),
                 note=how + f"2/{ctx.latex(got[1])} (He et al. 2015): twice Xavier's 1/fan_in, making up for ReLU "
                 "zeroing half the inputs")


def _init(expr: sympy.Basic, ctx: Context) -> Match | None:
    if isinstance(expr, Distribution):
        return _drawn(expr, ctx)
    if not isinstance(expr, (Mul, Pow)) or not expr.free_symbols or expr.has(MatrixExpr):
        return None  # a spread is a number of fans (Var[W] read as a matrix statistic is the variance's side)
    if expr.atoms(AppliedUndef):
        return None  # a fan is a count, no unknown function's value (float(fan_in + fan_out) read so was "He")
    target = _target_spread(ctx, expr)
    if target is None:
        drawn = _scaled_draw(expr, ctx)
        if drawn is not None:
            return from_variance(drawn, "a standard normal draw times a scale whose square (the variance) is ", ctx)
        gain, bound = _gain(expr, ctx)
        got = _fan(_cancelled(bound**2)) if _divides(bound) and _rooted(bound) else None
        if got is None and gain == 1 and (slope := _leaky_gain(expr, ctx)) is not None:
            a = ctx.latex(slope)
            return Match("he_init", roles=(("negative slope", slope),), params=(("gain", expr),),
                         note=f"the gain √(2/(1 + {a}²)) of He et al.'s initialisation for a leaky ReLU of negative "
                         f"slope {a} (PyTorch's calculate_gain): a ReLU passes half the variance, a leaky one "
                         "(1 + a²)/2 of it")
        if (got and got[0] == 1 and len(terms(got[1])) == 1 and ctx.is_word(gain) and "gain" in str(gain).lower()
                and not _two_sides(got[1], ctx)):  # gain/√fan; not attention's query/√d_k
            return _kaiming(got[1], gain, "the standard deviation gain/√fan (PaddlePaddle's KaimingNormal, PyTorch's "
                            "kaiming_normal_)", ctx)
        if got and got[0] == 3 and len(terms(got[1])) == 1 and gain != 1 and not _two_sides(got[1], ctx):
            return _kaiming(got[1], gain, "the uniform bound gain·√(3/fan) (PyTorch's kaiming_uniform_)", ctx)
        if got and got[0] == 6 and gain == 1 and isinstance(got[1], (sympy.Symbol, sympy.Indexed)):
            return _kaiming_uniform(got[1], ctx)
        if got and got[0] == 6 and len(terms(got[1])) == 2:
            times = "" if gain == 1 else f", times the gain ${ctx.latex(gain)}$ (PyTorch's xavier_uniform_)"
            return _xavier(got[1], "the uniform bound √(6/(fan_in + fan_out)): W ∼ U[−a, a] has variance a²/3 "
                           f"= 2/(fan_in + fan_out){times}", ctx)
        return None
    gain = sympy.Integer(1)
    if target == "std":  # std = gain × √(2/(fan_in + fan_out)): the gain (1 for a linear layer) scales it
        gain, expr = _gain(expr, ctx)
    square = cheap_cancel(expr**2)
    if gain != 1:
        got = _fan(square)
        if got and got[0] == 1 and len(terms(got[1])) == 1 and not _two_sides(got[1], ctx):
            return _kaiming(got[1], gain, "the standard deviation gain/√fan (PyTorch's kaiming_normal_)", ctx)
    if target == "std" and sqrt_arg(expr) is not None:
        got = _fan(square)
        if got is not None and got[0] == 6 and len(terms(got[1])) == 2:
            return _xavier(got[1], "the uniform bound √(6/(fan_in + fan_out))", ctx)
    word = "variance" if target == "variance" else "standard deviation"
    return from_variance(expr if target == "variance" else square, f"{word} from ", ctx)


def _leaky_gain(expr: sympy.Basic, ctx: Context) -> sympy.Basic | None:
    """The slope ``a`` of ``√(2/(1 + a²))``, He et al.'s gain for a leaky ReLU (PyTorch's ``calculate_gain``), the
    slope spelled as a hyperparameter (``\\text{negative\\_slope}``, ``α``)."""
    if not _divides(expr):
        return None
    num, den = numer_denom(_cancelled(expr**2))
    if num != 2 or not isinstance(den, sympy.Add) or len(den.args) != 2 or 1 not in den.args:
        return None
    sq = next(t for t in den.args if t != 1)
    ok = isinstance(sq, Pow) and sq.exp == 2 and isinstance(sq.base, sympy.Symbol)
    return sq.base if ok and (ctx.is_word(sq.base) or ctx.is_greek(sq.base)) else None  # a hyperparameter, no variable


def _gain(expr: sympy.Basic, ctx: Context) -> tuple[sympy.Basic, sympy.Basic]:
    """``(g, rest)`` of ``g · rest`` with ``g`` one symbol spelled as a hyperparameter (a word or a Greek letter)
    beside roots of numbers and fans (PyTorch's ``gain × √(6/(fan_in + fan_out))``); ``(1, expr)`` otherwise."""
    if not isinstance(expr, Mul):
        return sympy.Integer(1), expr
    syms = [f for f in expr.args if isinstance(f, sympy.Symbol) and (ctx.is_word(f) or ctx.is_greek(f))]
    if len(syms) != 1:
        return sympy.Integer(1), expr
    rest = cheap_cancel(expr / syms[0])
    roots = all(f.is_number or (isinstance(f, Pow) and abs(f.exp) == sympy.Rational(1, 2)) for f in Mul.make_args(rest))
    if rest.has(syms[0]) or not roots:
        return sympy.Integer(1), expr
    return syms[0], rest


def _scaled_draw(expr: sympy.Basic, ctx: Context) -> sympy.Basic | None:
    """The variance ``s²`` of ``s · z`` where the formula says ``z ∼ N(0, 1)`` (He's ``w_i = z_i √(2/n)``)."""
    from symdl.chunk.concepts_prob import is_standard_draw, standard_normal_draws

    fs = list(expr.args) if isinstance(expr, Mul) else [expr]
    draws = standard_normal_draws(ctx)
    hits = [f for f in fs if is_standard_draw(f, draws)]
    if len(hits) != 1:
        return None
    scale = cheap_cancel(expr / hits[0])
    return None if scale.has(hits[0]) else cheap_cancel(scale**2)


def from_variance(var: sympy.Basic, how: str, ctx: Context) -> Match | None:
    """He (``2/n``) or Xavier (``2/(a + b)``) from the weights' variance ``var``; ``how`` starts the note."""
    got = _fan(var)
    if got is None:
        return None
    c, fan = got
    parts = terms(fan)
    if c == 2 and len(parts) == 2:
        return _xavier(fan, how + "2/(fan_in + fan_out)", ctx)
    if c == 2 and len(parts) == 1 and not _two_sides(fan, ctx):
        return Match("he_init", roles=(("fan", fan),),
                     note=f"{how}2/{ctx.latex(fan)} (He et al. 2015): twice Xavier's 1/fan_in, making up for ReLU "
                     "zeroing half the inputs")
    return None


def _kaiming(fan: sympy.Basic, gain: sympy.Basic, how: str, ctx: Context) -> Match:
    """He initialisation as PyTorch's docs write it: the variance gain²/fan, the gain carrying the 2 (√2 for ReLU)."""
    return Match("he_init", roles=(("fan", fan),), params=(("gain", gain),),
                 note=f"{how}: variance ${ctx.latex(gain)}^2/{ctx.latex(fan)}$, He's 2/fan with the ReLU gain √2")


def _kaiming_uniform(fan: sympy.Basic, ctx: Context) -> Match:
    """He initialisation's uniform bound √(6/fan) (Keras' he_uniform ``limit = sqrt(6 / fan_in)``; PyTorch's
    kaiming_uniform_ with the ReLU gain, √2·√(3/fan)): U[−a, a] has variance a²/3 = 2/fan."""
    return Match("he_init", roles=(("fan", fan),),
                 note=f"the uniform bound √(6/{ctx.latex(fan)}): W ∼ U[−a, a] has variance a²/3 = 2/{ctx.latex(fan)} "
                 "(He et al. 2015), twice Xavier's 1/fan_in, making up for ReLU zeroing half the inputs")


def _xavier(fan: sympy.Basic, how: str, ctx: Context) -> Match:
    a, b = terms(fan)
    return Match("xavier_init", roles=(("fan in", a), ("fan out", b)),
                 note=f"{how} with fans {ctx.latex(a)} and {ctx.latex(b)} (Glorot & Bengio 2010): keeps the variance "
                 "of activations and of gradients about the same from layer to layer")


def _he(expr: sympy.Basic, ctx: Context) -> Match | None:
    m = _init_once(expr, ctx)
    return m if m is not None and m.concept == "he_init" else None


def _glorot(expr: sympy.Basic, ctx: Context) -> Match | None:
    m = _init_once(expr, ctx)
    return m if m is not None and m.concept == "xavier_init" else None


def _init_once(expr: sympy.Basic, ctx: Context) -> Match | None:
    """:func:`_init` of a node, worked out once per call for both initialisations' recognisers
    (:func:`symdl.simplify.per_call`); the statement and what is known so far decide it too."""
    return per_call(("initialisation", expr, id(ctx.statement), len(ctx.facts)), lambda: _init(expr, ctx))


CONCEPTS: tuple[Concept, ...] = (
    Concept(
        "xavier_init",
        "Xavier (Glorot) initialisation",
        "draws initial weights with variance 2/(fan_in + fan_out)",
        "Glorot & Bengio (2010) pick the weights' variance so that a layer neither grows nor shrinks the "
        "variance of activations (forward, needs 1/fan_in) or of gradients (backward, needs 1/fan_out): the "
        "compromise is 2/(fan_in + fan_out), e.g. W ∼ U[−√(6/(fan_in + fan_out)), +√(6/(fan_in + fan_out))].",
        ("fan in", "fan out"),
        ("he_init", "variance"),
        "initialisation",
        _glorot,
        heads=(Mul, Pow, Distribution),
        names=("xavier", "glorot", "xavieruniform", "xaviernormal", "glorotuniform", "glorotnormal"),
    ),
    Concept(
        "he_init",
        "He (Kaiming) initialisation",
        "draws initial weights with variance 2/fan_in, for ReLU networks",
        "He et al. (2015): a ReLU zeroes half its inputs, halving the variance each layer, so the weights get "
        "variance 2/fan_in (σ = √(2/fan_in)), twice Xavier's forward choice; deep ReLU nets then keep the scale "
        "of their activations.",
        ("fan",),
        ("xavier_init", "variance", "relu"),
        "initialisation",
        _he,
        heads=(Mul, Pow, Distribution),
        names=("kaiming", "kaimingnormal", "kaiminguniform", "henormal", "heuniform"),
    ),
)
