"""Statistics of a sample: variance, standard deviation and the expectation operator.

A variance is the mean of squared deviations from one value that does not vary over the summed index
(``1/N Σ_i (x_i − μ)²``; Bessel's ``1/(N−1)`` is told apart), or the reader's ``\\mathrm{Var}[x]`` (the mean of
``(x − mean(x))^{∘2}`` over a vector's entries), or ``\\mathbb{E}[(X − μ)²]``.  A mean of squared differences
of two quantities that both vary (``1/N Σ (y_i − ŷ_i)²``) is a mean squared error, not a variance.
"""

from __future__ import annotations

import re

import sympy
from sympy import Mul, Pow
from sympy.core.function import AppliedUndef
from sympy.matrices.expressions.matexpr import MatrixExpr

from symdl.chunk.algebra import cheap_cancel, count, difference, is_one, sqrt_arg, terms
from symdl.chunk.reductions import mean_scale, strip_reductions
from symdl.chunk.registry import Concept, Context, Match

#: how the expectation operator is written (the reader turns ``\mathbb{E}[(X-\mu)^2]`` into a call ``E(...)``)
_EXPECTATION_SPELLINGS = re.compile(
    r"\\mathbb\s*\{?\s*E|\\(?:mathrm|operatorname|mathsf|mathop)\s*\{\s*\\?(?:mathbb\s*\{?\s*)?E\s*\}"
)


def _deviation(body: sympy.Basic, indices: set[sympy.Basic]) -> tuple[sympy.Basic, sympy.Basic] | None:
    """``(x, c)`` if ``body`` is ``(x − c)²`` (either order) with ``x`` varying over ``indices`` and ``c`` not."""
    if not (isinstance(body, Pow) and body.exp == 2):
        return None
    diff = difference(body.base)
    if diff is None:
        return None
    for x, c in (diff, diff[::-1]):
        if x.free_symbols & indices and not c.free_symbols & indices and not c.is_number:
            return x, c
    return None


def trace_mean(expr: sympy.Basic) -> sympy.Basic | None:
    """``v`` if ``expr`` is the reader's mean of a vector's entries ``Trace(1ᵀ v)/n`` (``\\mathbb{E}[v]``)."""
    if not isinstance(expr, Mul):
        return None
    traces = [f for f in expr.args if isinstance(f, sympy.Trace)]
    if len(traces) != 1:
        return None
    k = Mul(*[f for f in expr.args if f is not traces[0]])
    inner = traces[0].arg
    if type(inner).__name__ != "MatMul" or not isinstance(inner.args[0], sympy.OneMatrix):
        return None
    rest = inner.args[1:]
    if rest and isinstance(rest[-1], sympy.OneMatrix) and len(rest) > 1:
        rest = rest[:-1]
    v = rest[0] if len(rest) == 1 else sympy.MatMul(*rest)
    rows, cols = v.shape
    return v if is_one(cheap_cancel(k * rows * cols)) else None


def last_axis_mean(ctx: Context, mean: sympy.Basic, x: sympy.Basic) -> bool:
    """The Annotated Transformer's ``x - \\mathrm{mean}(x, -1)``: the mean of the entries of x itself, read from a
    reduction over the last axis (the features of one example, in the (batch, features) layout)."""
    notes = ctx.formula.notes if ctx.formula is not None else []
    return trace_mean(mean) == x and any(n.rule in ("axis-argument", "keyword-axis") for n in notes)


def centred_by_mean(num: sympy.Basic) -> bool:
    """Is a vector minus the mean of its entries (``x − μ·1``, the code's ``x - x.mean(-1)``) inside ``num``?  Then
    the quotient is a standardisation, not a root-mean-square scale (Adagrad's ``G + ε`` adds a number: no mean)."""
    return any(isinstance(m, sympy.MatAdd) and any(
        isinstance(t, sympy.MatMul) and isinstance(t.args[-1], sympy.OneMatrix) and trace_mean(-sympy.Mul(*t.args[:-1]))
        is not None for t in m.args) for m in sympy.preorder_traversal(num))


def _trace_variance(expr: sympy.Basic) -> tuple[sympy.Basic, sympy.Basic] | None:
    """``(x, mean)`` if ``expr`` is the reader's ``\\mathrm{Var}[x]``: the mean of ``(x − c·1)^{∘2}``."""
    v = trace_mean(expr)
    if v is None or type(v).__name__ != "HadamardPower" or v.exp != 2:
        return None
    parts = list(v.base.args) if type(v.base).__name__ == "MatAdd" else []
    if len(parts) != 2:
        return None
    for x, shift in (parts, parts[::-1]):
        if type(shift).__name__ == "MatMul" and isinstance(shift.args[-1], sympy.OneMatrix):
            c = -Mul(*shift.args[:-1])
            if not isinstance(c, MatrixExpr):
                return x, c
    return None


def is_expectation_call(expr: sympy.Basic, ctx: Context) -> bool:
    """Is ``expr`` the expectation operator applied (``\\mathbb{E}[·]``, ``\\mathbb{E}_{x∼p}[·]`` read as a call)?"""
    if not isinstance(expr, AppliedUndef) or len(expr.args) != 1:
        return False
    name = type(expr).__name__
    if name != "E" and not name.startswith("E_"):
        return False
    source = ctx.formula.source if ctx.formula is not None else ""
    if name == "E" and _FONT_E.search(source) and _PLAIN_E_CALL.search(source):
        return False  # energy-based OOD's E(\mathbf{x}_{in}) beside \mathbb{E}_{...}[...]: the energy, a function
    return bool(_EXPECTATION_SPELLINGS.search(source)) and name not in _network_names(ctx)


#: the expectation in a font (\mathbb{E}, \mathrm{E}, \operatorname{E}), and a plain E applied to a parenthesis
_FONT_E = re.compile(r"\\(?:mathbb|mathrm|operatorname)\s*\{\s*E\s*\}")
_PLAIN_E_CALL = re.compile(r"(?<![\\{A-Za-z])E\s*(?:\\left\s*)?\(")


def _network_names(ctx: Context) -> set[str]:
    """The names the reader read as networks with their parameters as subscript (``call-parameterised``: an
    energy-based model's ``E_\\theta(\\mathbf{x})`` beside \\mathbb{E}_{p(x)}[\\dots]): functions, no expectation."""
    if ctx.formula is None:
        return set()
    source = ctx.formula.source
    return {"".join(source[n.span.start : n.span.end].partition("(")[0].split()) for n in ctx.formula.notes
            if n.rule == "call-parameterised"}


def written_expectation(expr: sympy.Basic, ctx: Context) -> bool:
    r"""Is an expectation operator written in ``expr`` (``\mathbb{E}_{x∼P}[·]`` read as a call, or read over a sample
    with the reader's expectation-mean note)?  A code mean (``np.mean``) is no expectation."""
    return any(is_expectation_call(n, ctx) for n in sympy.preorder_traversal(expr)) or (
        expr.has(sympy.Trace) and _expectation_noted(ctx, "expectation"))


def _expectation_noted(ctx: Context, word: str) -> bool:
    """Did the reader read an expectation (``word`` = expectation) or a variance as a mean over a sample?"""
    if ctx.formula is None:
        return False
    return any(n.rule == "expectation-mean" and n.message.startswith(f"read the {word}") for n in ctx.formula.notes)


def _spread_reduced(ctx: Context) -> bool:
    r"""Did the reader read a code reduction as the variance or std of an array's entries (``\operatorname{var}(x,
    -1)``, ``\mathrm{std}(x, -1)``, ``\operatorname{var}(\mathbf{x})``)?"""
    if ctx.formula is None:
        return False
    spread = ("the spread is", " as the variance of ", " as the std of ")
    return any(n.rule in ("axis-argument", "keyword-axis", "array-mean") and any(w in n.message for w in spread)
               for n in ctx.formula.notes)


def is_centre(c: sympy.Basic, ctx: Context) -> bool:
    """Is ``c`` a mean (see :func:`symdl.chunk.concepts_norm.is_centre`)?"""
    from symdl.chunk.concepts_norm import is_centre as centre

    return centre(c, ctx)


def variance_of(expr: sympy.Basic, ctx: Context) -> Match | None:
    """The variance match of ``expr``, or None (shared with the standard deviation)."""
    k, limits, body = strip_reductions(expr)
    if limits:
        dev = _deviation(body, {lim[0] for lim in limits})
        if dev is None or k.could_extract_minus_sign():
            return None
        x, c = dev
        if not is_centre(c, ctx):  # Σ (w_i − w*)² is a distance to a target, not a spread about the mean
            return None
        n = Mul(*[count(lim) for lim in limits])
        if is_one(cheap_cancel(k * n)):
            how = "the population (biased) variance, divided by the number of terms"
        elif is_one(cheap_cancel(k * (n - 1))):
            how = "the sample variance with Bessel's correction 1/(N−1) (unbiased)"
        elif isinstance(k, Pow) and k.exp == -1 and k.base.is_Symbol:
            how = "divided by a count (assumed the number of terms: the population variance)"
        elif (ddof := _ddof(k, n)) is not None:
            how = f"divided by N − {ddof} (numpy's var with ddof = {ddof}; 1 gives Bessel's correction)"
        else:
            return None
        fact = ctx.facts.get(c)
        about = " (the mean computed above)" if fact is not None and fact.concept == "mean" else ""
        return Match("variance", roles=(("value", x), ("mean", c)),
                     note=f"mean squared deviation of {ctx.latex(x)} from {ctx.latex(c)}{about}: {how}")
    tv = _trace_variance(expr)
    if tv is not None and (_expectation_noted(ctx, "variance") or _expectation_noted(ctx, "expectation")
                           or _expectation_noted(ctx, "mean") or _spread_reduced(ctx)):
        return Match("variance", roles=(("value", tv[0]),),
                     note="Var[x] read over a sample: the mean squared deviation from the mean (biased, 1/n)")
    if is_expectation_call(expr, ctx):
        body = expr.args[0]
        diff = difference(body.base) if isinstance(body, Pow) and body.exp == 2 else None
        if diff is not None and not diff[1].is_number and is_centre(diff[1], ctx):
            x, c = diff
            return Match("variance", roles=(("value", x), ("mean", c)), also=("expectation",),
                         note=f"E[({ctx.latex(x)} − {ctx.latex(c)})²]: the expected squared deviation from the mean")
    return None


def _ddof(k: sympy.Basic, n: sympy.Basic) -> sympy.Basic | None:
    """``δN`` if ``k`` is ``1/max(0, n − δN)`` or ``1/(n − ddof)``: numpy's divisor ``N − ddof`` (a count less a
    number or a name; unfloored, a name: ``n − 1`` is Bessel's, read before)."""
    if not (isinstance(k, Pow) and k.exp == -1):
        return None
    base = k.base
    if isinstance(base, sympy.Max) and len(base.args) == 2 and 0 in base.args:
        base = next(a for a in base.args if a != 0)
    elif not isinstance(base, sympy.Add):
        return None
    d = cheap_cancel(n - base)
    floored = base is not k.base
    ok = d != 0 and not d.could_extract_minus_sign() and not d.has(*n.free_symbols)
    return d if ok and (floored or isinstance(d, sympy.Symbol)) else None


def _root(sq: sympy.Basic) -> sympy.Basic | None:
    """``m`` if ``sq`` is ``m²`` written as a power or a product of even powers (``(Σ x)²/N²``)."""
    fs = sq.args if isinstance(sq, Mul) else (sq,)
    if not all(isinstance(f, Pow) and f.exp.is_integer and f.exp.is_even for f in fs):
        return None
    return Mul(*[f.base ** (f.exp / 2) for f in fs])


def _shortcut(expr: sympy.Basic, ctx: Context) -> Match | None:
    """``E[u²] − E[u]²`` (or ``1/N Σ x_i² − (1/N Σ x_i)²``): the variance as mean square minus squared mean."""
    parts = terms(expr) if isinstance(expr, sympy.Add) else []
    if len(parts) != 2:
        return None
    for a, b in (parts, parts[::-1]):
        m = _root(-b)
        if m is None:
            continue
        va, vm = trace_mean(a), trace_mean(m)
        if va is not None and vm is not None and type(va).__name__ == "HadamardPower" and va.exp == 2 \
                and va.base == vm and _expectation_noted(ctx, "expectation"):
            return Match("variance", roles=(("value", vm),), also=("expectation",),
                         note="E[x²] − E[x]² read over a sample: the mean square minus the squared mean")
        if is_expectation_call(a, ctx) and is_expectation_call(m, ctx) and type(a) is type(m):
            u = m.args[0]
            if a.args[0] == u**2:
                return Match("variance", roles=(("value", u),), also=("expectation",),
                             note=f"E[{ctx.latex(u)}²] − E[{ctx.latex(u)}]²: the mean square minus the squared mean "
                             "(the same as the expected squared deviation from the mean)")
        k1, lim1, body1 = strip_reductions(a)
        k2, lim2, body2 = strip_reductions(m)
        if lim1 and lim1 == lim2 and k1 == k2 and mean_scale(k1, lim1) and body1 == body2**2:
            return Match("variance", roles=(("value", body2),),
                         note=f"the mean of {ctx.latex(body2)}² minus the square of its mean (the population "
                         "variance, divided by the number of terms)")
    return None


def _variance(expr: sympy.Basic, ctx: Context) -> Match | None:
    return variance_of(expr, ctx) or _shortcut(expr, ctx)


def _under_root(expr: sympy.Basic) -> sympy.Basic | None:
    """``s`` if ``expr`` is ``√s``, also as a product of roots (``√(Var[x])`` prints as ``√Trace(...)/√n``)."""
    inner = sqrt_arg(expr)
    if inner is None and isinstance(expr, Mul):
        half = (sympy.Rational(1, 2), sympy.Rational(-1, 2))
        inner = cheap_cancel(expr**2) if all(isinstance(f, Pow) and f.exp in half for f in expr.args) else None
    return inner


def _standard_deviation(expr: sympy.Basic, ctx: Context) -> Match | None:
    inner = _under_root(expr)
    if inner is None:
        return None
    var = variance_of(inner, ctx) or variance_of(sympy.expand_mul(inner), ctx)
    if var is None:
        return None
    return Match("standard_deviation", roles=(("variance", inner),), also=("variance",),
                 note="the square root of the variance (same units as the data); " + var.note)


def _expectation(expr: sympy.Basic, ctx: Context) -> Match | None:
    if is_expectation_call(expr, ctx):
        name = type(expr).__name__
        over = name[2:].strip("{}") if name.startswith("E_") else ""
        return Match("expectation", roles=(("quantity", expr.args[0]),),
                     note=f"the average of {ctx.latex(expr.args[0])}" + (f" over {over}" if over else "")
                     + ", weighted by the probability of each outcome")
    weighted = _density_weighted(expr)
    if weighted is not None:  # Bishop's E[f] = \int p(x) f(x) dx
        p, f = weighted
        return Match("expectation", roles=(("quantity", f),),
                     note=f"an integral of {f} times the density {p}: the average of {f} over the values of "
                     f"{p.args[0]}, each weighted by its density")
    v = trace_mean(expr)
    if v is None and isinstance(expr, Mul) and expr.args[0].is_Rational and _expectation_noted(ctx, "expectation"):
        v = trace_mean(expr.as_coeff_Mul()[1])  # −E_{z∼p}[D(G(z))], ½E[(D(x) − b)²]: a number times the expectation
    if v is not None and _expectation_noted(ctx, "expectation"):
        return Match("expectation", roles=(("quantity", v),),
                     note="read over a sample: the expectation is estimated by the mean of the sampled values")
    if v is not None and _expectation_noted(ctx, "mean"):  # code's mean[x]: the mean of the entries, no expectation
        return Match("mean", roles=(("values", v),), note="the mean of the entries (code's mean[x])")
    return None


#: names of a density weighting an integral (p(x), q(x), p_\theta(x))
_DENSITIES = ("p", "q")


def _density_weighted(expr: sympy.Basic) -> tuple[sympy.Basic, sympy.Basic] | None:
    """``(p(x), f)`` when ``expr`` is ``∫ p(x) f dx``: a density of the integral's variable times what it weights
    (no other factor, and f no log of the density: ∫ p log p dx is an entropy)."""
    if not isinstance(expr, sympy.Integral) or len(expr.limits) != 1:
        return None
    x = expr.limits[0][0]
    factors = Mul.make_args(expr.function)
    dens = [f for f in factors if isinstance(f, AppliedUndef) and f.args == (x,)
            and re.split(r"[_{]", type(f).__name__)[0] in _DENSITIES]
    if len(dens) != 1:
        return None
    rest = Mul(*[f for f in factors if f is not dens[0]])
    if rest == 1 or rest.has(dens[0]) or rest.has(sympy.log):
        return None
    return dens[0], rest


def _mean_square_of(inner: sympy.Basic) -> sympy.Basic | None:
    """``x`` if ``inner`` is the mean of the squares of ``x``'s entries: ``1/n Σ_i x_i²`` (Zhang & Sennrich 2019's
    RMS(a)), ``\\mathrm{mean}(x^2)`` or ``xᵀx/n`` with n the length of x; a squared difference (an RMSE) or a deviation
    from a mean (a standard deviation) is not read here."""
    k, limits, body = strip_reductions(inner)
    if limits and mean_scale(k, limits) and isinstance(body, Pow) and body.exp == 2:
        return body.base if difference(body.base) is None and not centred_by_mean(body.base) else None
    v = trace_mean(inner)
    if v is not None and type(v).__name__ == "HadamardPower" and v.exp == 2 and isinstance(v.base, sympy.MatrixSymbol):
        return v.base
    tr = [f for f in Mul.make_args(inner) if isinstance(f, sympy.Trace)]
    if len(tr) == 1 and type(tr[0].arg).__name__ == "MatMul" and len(tr[0].arg.args) == 2:
        a, x = tr[0].arg.args
        if a == sympy.Transpose(x) and x.shape[1] == 1 and is_one(cheap_cancel(inner / tr[0] * x.shape[0])):
            return x
    return None


def _rms(expr: sympy.Basic, ctx: Context) -> Match | None:
    inner = _under_root(expr)
    x = _mean_square_of(inner) if inner is not None else None
    if x is None:
        return None
    return Match("rms", roles=(("values", x),),
                 note="the root of the mean square: a typical size of the entries, not a length (the L2 norm "
                 "divided by the root of the count)")


CONCEPTS: tuple[Concept, ...] = (
    Concept(
        "rms",
        "root mean square",
        "the square root of the mean of the squares: a typical size of the entries",
        "RMS(x) = √(1/n Σ_i x_i²) = ||x||₂/√n: unlike the L2 norm it does not grow with the number of entries; "
        "RMSNorm and RMSProp divide by it.",
        ("values",),
        ("l2_norm", "rms_norm", "rms_normalization", "standard_deviation"),
        "statistics",
        _rms,
        heads=(Pow, Mul),
    ),
    Concept(
        "standard_deviation",
        "standard deviation",
        "the typical distance of values from their mean: the square root of the variance",
        "σ = √(1/N Σ_i (x_i − μ)²): the root of the mean squared deviation, in the data's own units. "
        "Standardisation divides by it (usually √(σ² + ε) so it never divides by zero); a Gaussian's width is σ.",
        ("variance",),
        ("variance", "mean", "normalization", "batch_norm"),
        "statistics",
        _standard_deviation,
        heads=(Pow, Mul),
        names=("std", "stddev"),  # GRPO's std({r_1, …, r_G}), code's x.std()
    ),
    Concept(
        "variance",
        "variance",
        "the mean squared deviation of values from their mean",
        "Var(x) = 1/N Σ_i (x_i − μ)² = E[(X − μ)²]: how spread out values are.  Dividing by N gives the "
        "population (biased) estimate, which batch and layer norm use; dividing by N − 1 (Bessel's correction) "
        "gives the unbiased sample variance.",
        ("value", "mean"),
        ("mean", "standard_deviation", "expectation", "mse"),
        "statistics",
        _variance,
        heads=(Mul, sympy.Sum, AppliedUndef, sympy.Add),
        names=("var", "variance"),
    ),
    Concept(
        "expectation",
        "expectation",
        "the probability-weighted average of a quantity",
        "E_{x∼p}[f(x)] = Σ_x p(x) f(x) (or ∫ p(x) f(x) dx): the long-run average of f over draws from p. "
        "In training it is estimated by the mean over a mini-batch of samples, which is how losses such as "
        "the ELBO or the GAN objective are computed.",
        ("quantity",),
        ("mean", "variance", "elbo"),
        "probability",
        _expectation,
        heads=(AppliedUndef, Mul, sympy.Integral),
    ),
)

__all__ = ["CONCEPTS", "is_expectation_call", "trace_mean", "variance_of"]
