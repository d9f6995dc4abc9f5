"""Normalisation (standardisation, batch norm, sum-to-one, unit length) and permutation matrices."""

from __future__ import annotations

import re

import sympy
from sympy import MatMul, Sum
from sympy.core.function import AppliedUndef

from symdl.chunk.algebra import (
    cheap_cancel,
    difference,
    factors,
    index_rename,
    is_number,
    numer_denom,
    sqrt_arg,
    terms,
)
from symdl.chunk.concepts_linalg import _norm_arg
from symdl.chunk.norm_affine import per_feature_too
from symdl.chunk.norm_range import range_scaling
from symdl.chunk.prob_noise import greek_letter
from symdl.chunk.reductions import mean_scale, strip_reductions
from symdl.chunk.registry import Concept, Context, Match, undefined_name
from symdl.functions import MaxOver, MinOver
from symdl.untrusted import refuse_text

_ORDINALS = ("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth")


def standardization(num: sympy.Basic, den: sympy.Basic, ctx: Context) -> tuple | None:
    """``(x, μ, spread, ε)`` if ``num/den`` is ``(x − μ)/spread``: a centring by a mean AND a division by a spread.

    The subtracted term must be a mean (computed above as one, written as one, or a Greek/barred statistic) and
    the divisor a spread (σ, √(σ² + ε), √Var): Ng's ``(A − Y)/m`` is a difference over a batch size, not this.
    """
    refuse_text(num, "the numerator")
    refuse_text(den, "the denominator")
    diffs = [d for f in sympy.Mul.make_args(num) if (d := difference(f)) is not None]
    diff = diffs[0] if len(diffs) == 1 else None
    if diff is None or den == 1 or not is_centre(diff[1], ctx):
        return None
    spread = _root(den)
    eps: sympy.Basic = sympy.Integer(0)
    if spread is None:
        parts = terms(den)
        roots = [t for t in parts if _root(t) is not None]
        if len(parts) == 2 and len(roots) == 1:
            spread, eps = _root(roots[0]), next(t for t in parts if t is not roots[0])
            if sqrt_arg(roots[0]) is None and not _small(eps):  # std(x) + c: no stabiliser, no standardisation
                return None
        elif (den.is_Symbol or isinstance(den, sympy.Indexed)) and _is_statistic(den, ctx, ("standard_deviation",)):
            return diff[0], diff[1], den, eps
        elif _named_statistic(den, ctx, "std"):
            return diff[0], diff[1], den, eps
        elif len(parts) == 2 and any(_small(t) for t in parts) and any(_named_statistic(t, ctx, "std") for t in parts):
            eps = next(t for t in parts if _small(t))  # the Annotated Transformer's (x − mean)/(std + eps)
            return diff[0], diff[1], next(t for t in parts if t is not eps), eps
        else:
            return None
    sp = terms(spread)
    if len(sp) == 2 and any(t.is_Symbol and t.free_symbols and _small(t) for t in sp):
        eps = next(t for t in sp if _small(t))
        spread = next(t for t in sp if t is not eps)
    if not _is_variance(spread, ctx):
        return None
    return diff[0], diff[1], spread, eps


def _root(t: sympy.Basic) -> sympy.Basic | None:
    """``s`` if ``t`` is ``sqrt(s)``, SymPy's split ``sqrt(a)/sqrt(n)`` too (the std of an array's entries,
    ``\\operatorname{std}(x)``, read as the root of the mean squared deviation); else None."""
    if (root := sqrt_arg(t)) is not None or not isinstance(t, sympy.Mul):
        return root
    halves = [f for f in t.args if isinstance(f, sympy.Pow) and abs(f.exp) == sympy.Rational(1, 2)]
    if len(halves) != len(t.args):
        return None
    return sympy.Mul(*(f.base ** (2 * f.exp) for f in halves))


def _is_statistic(e: sympy.Basic, ctx: Context, concepts: tuple[str, ...]) -> bool:
    """A named statistic: computed above as one of ``concepts``, or a Greek or barred name (μ, σ, x̄)."""
    key = e.base if isinstance(e, sympy.Indexed) else e
    fact = ctx.facts.get(e) or ctx.facts.get(key)
    if fact is not None:
        return fact.concept in concepts or any(c in concepts for c in fact.also)
    defined = _definition(e, ctx) or _definition(key, ctx)
    if defined is not None:  # σ_B² = 1/m Σ (x_i − μ_B), the square forgotten: the formula says what it is
        return _defines(defined, ctx, concepts)
    if isinstance(key, sympy.IndexedBase):
        key = key.label
    if not isinstance(key, sympy.Symbol):
        return False
    # a Greek letter under an estimate's hat or in bold counts too (d2l's \\hat{\\boldsymbol{\\mu}}_\\mathcal{B})
    return greek_letter(key, ctx) or ctx.spelling(key).startswith(("\\bar", "\\overline"))


#: how a statistic is spelled as a word (torchvision's Normalize: ``mean[c]``, ``std[c]``; ``\mathrm{var}(x)``)
_WORDS = {"mean": ("mean", "avg", "average"), "std": ("std", "stddev", "sd", "stdev"), "var": ("var", "variance")}


def _definition(e: sympy.Basic, ctx: Context) -> sympy.Basic | None:
    """The right side of the statement of the formula that sets ``e`` (``σ_B^2 = ...``), earlier or later."""
    if ctx.formula is None:
        return None
    found = next((st.rhs for st in ctx.formula.statements if st.target == e or st.lhs == e), None)
    if found is None and isinstance(e, sympy.Indexed):  # d2l's \hat{\boldsymbol{\mu}}_\mathcal{B}, read entry by
        found = next((st.rhs for st in ctx.formula.statements  # entry at another letter: the same vector's entry
                      if isinstance(st.lhs, sympy.Indexed) and st.lhs.base == e.base
                      and len(st.lhs.indices) == len(e.indices)), None)
    return found


def _defines(rhs: sympy.Basic, ctx: Context, concepts: tuple[str, ...]) -> bool:
    """Is ``rhs``, a statistic's definition in this formula, one of ``concepts`` by its structure (a later statement
    has no fact yet)?  A definition by other names (``σ = \\sqrt{v}``) is taken at its word, as before."""
    from symdl.chunk.concepts_stats import variance_of

    if any(isinstance(n, (MaxOver, MinOver)) or isinstance(n, (sympy.Max, sympy.Min))
           for n in sympy.preorder_traversal(rhs)):
        return False  # a quantiser's β = \min_i w_i: the range's end, no mean or spread
    if not any(isinstance(n, sympy.Sum) for n in sympy.preorder_traversal(rhs)):
        return True  # σ_t = \sqrt{v_t}: named by what it is built from, not written out here
    if "mean" in concepts or "expectation" in concepts:
        k, limits, _ = strip_reductions(rhs)
        return bool(limits and mean_scale(k, limits))
    root = sqrt_arg(rhs)
    return variance_of(root if "standard_deviation" in concepts and root is not None else rhs, ctx) is not None


def _named_statistic(e: sympy.Basic, ctx: Context, kind: str) -> bool:
    """Is ``e`` a statistic NAMED by a word of ``kind`` (``mean``, ``std``, ``var``): a call ``mean(x)``,
    ``mean[c]`` or a worded symbol ``\text{mean}``?  A letter (``m``, ``s``) is not a name."""
    words = _WORDS[kind]
    if isinstance(e, AppliedUndef):
        return undefined_name(e) in words
    key = e.base.label if isinstance(e, sympy.Indexed) else e
    return isinstance(key, sympy.Symbol) and (ctx.word(key) in words or running_word(key, ctx) in words)


#: the words that say a statistic is a running estimate over the training batches (Keras' ``moving_mean``,
#: PyTorch's ``running_var``)
RUNNING = ("moving", "running")


def running_word(key: sympy.Basic, ctx: Context) -> str:
    """The statistic's word of a running estimate's name (``\\text{moving\\_mean}`` → ``mean``), else ``""``."""
    if ctx.word(key) not in RUNNING:
        return ""
    parts = re.split(r"\\?_", re.sub(r"\\[a-z]+\{|[{}]", "", ctx.spelling(key)))
    return parts[1].lower() if len(parts) == 2 else ""


def is_centre(mu: sympy.Basic, ctx: Context) -> bool:
    """Is ``mu`` a mean: computed above as one, written as one (``1/n Σ``, ``E[x]``), or a Greek/barred name?"""
    from symdl.chunk.concepts_stats import is_expectation_call, trace_mean

    if _is_statistic(mu, ctx, ("mean", "expectation")) or is_expectation_call(mu, ctx):
        return True
    if _named_statistic(mu, ctx, "mean"):
        return True
    k, limits, _ = strip_reductions(mu)
    return bool(limits and mean_scale(k, limits)) or trace_mean(mu) is not None


def _is_variance(s: sympy.Basic, ctx: Context) -> bool:
    from symdl.chunk.concepts_stats import is_expectation_call, variance_of

    if isinstance(s, sympy.Pow) and s.exp == 2 and _is_statistic(s.base, ctx, ("standard_deviation",)):
        return True
    if _is_statistic(s, ctx, ("variance",)) or is_expectation_call(s, ctx):
        return True
    if _named_statistic(s, ctx, "var"):  # Ioffe's √Var[x^(k)], PyTorch's \sqrt{\text{var}}
        return True
    return variance_of(s, ctx) is not None


def _small(t: sympy.Basic) -> bool:
    name = getattr(t, "name", "")
    return name.startswith(("epsilon", "varepsilon", "eps")) or (is_number(t) and 0 < float(t) < 1e-2)


def written_with(den: sympy.Basic) -> tuple[str, ...]:
    """The statistics a standardisation ``(x − μ)/σ`` is written with: the mean it subtracts and the standard
    deviation it divides by, or the variance under the root (``√(σ² + ε)``, ``√(Var[x] + ε)``).  StandardScaler's
    ``(x − μ)/σ``, AdaIN's ``(x − μ(x))/σ(x)``, GRPO's ``(r_i − mean(r))/std(r)``, batch norm's ``√(σ_B² + ε)``."""
    return ("mean", "variance" if sqrt_arg(den) is not None else "standard_deviation")


def _affine_standardization(expr: sympy.Basic, ctx: Context) -> Match | None:
    """``γ·(x − μ)/√(σ² + ε) + β``: batch/layer normalisation's scale and shift."""
    parts = terms(expr)
    if len(parts) != 2:
        return None
    for t, shift in (parts, parts[::-1]):
        num, den = numer_denom(t)
        st = standardization(num, den, ctx)
        if st and not shift.has(*st[0].free_symbols):
            scale = cheap_cancel(num / (st[0] - st[1]))
            inner = (st[0] - st[1]) / den
            return Match(
                "normalization",
                also=written_with(den),
                roles=(("standardised input", inner), ("scale", scale), ("shift", shift)),
                name="normalisation with learned scale and shift",
                note="standardise, then scale and shift: batch norm if the mean and variance run over the examples "
                "of a mini-batch, layer norm if over the features of one example (this line does not say which)",
            )
    return None


def _normalization(expr: sympy.Basic, ctx: Context) -> Match | None:
    if type(expr).__name__ == "MatMul":  # a vector over a scalar: only a scaling by its own entries' range here
        return range_scaling(expr, ctx)
    affine = _affine_standardization(expr, ctx) or range_scaling(expr, ctx)
    if affine is not None:
        return affine
    num, den = numer_denom(expr)
    st = standardization(num, den, ctx)
    if st:
        x, mu, spread, eps = st
        roles = (("input", x), ("mean", mu), ("variance" if sqrt_arg(den) or eps != 0 else "spread", spread))
        return Match(
            "normalization",
            also=written_with(den),
            roles=roles + ((("epsilon", eps),) if eps != 0 else ()),
            name="standardisation",
            note="subtract the mean, divide by the standard deviation",
        )
    linear = not any(isinstance(f, sympy.exp) for f in factors(num))  # C e^{f}/Σ C e^{f}: a softmax's values
    if (
        linear
        and isinstance(den, Sum)
        and len(den.limits) == 1
        and index_rename(num, den.function, den.limits[0][0])
    ):
        return Match(
            "normalization",
            roles=(("value", num), ("total", den)),
            name="sum-to-one normalisation",
            note="divides each value by the total, so the results sum to 1",
        )
    if _norm_arg(den) is not None and _norm_arg(den) == num:
        return Match(
            "normalization",
            roles=(("vector", num), ("norm", den)),
            name="L2 normalisation",
            note="scales the vector to unit length",
        )
    return None


def _permutation_of(m: sympy.Basic) -> list[int] | None:
    """For a 0/1 matrix with one 1 per row and column, the source column of each row."""
    if not isinstance(m, sympy.MatrixBase) or m.rows != m.cols or m.rows < 2:
        return None
    if any(e not in (0, 1) for e in m):
        return None
    cols = [[j for j in range(m.cols) if m[i, j] == 1] for i in range(m.rows)]
    if any(len(c) != 1 for c in cols) or len({c[0] for c in cols}) != m.rows:
        return None
    return [c[0] for c in cols]


def permutation_action(perm: list[int], what: str = "A") -> str:
    """ "P·A puts A's third row first, ..." for a permutation given as source rows."""
    if len(perm) > len(_ORDINALS):
        return f"P·{what} reorders {what}'s rows: row i of the result is row perm[i] of {what}"
    parts = [f"its {_ORDINALS[src]} row {_ORDINALS[dst] if dst else 'first'}" for dst, src in enumerate(perm)]
    parts[0] = parts[0].replace("its ", f"{what}'s ", 1)
    return "multiplied on the left, it puts " + ", ".join(parts[:-1]) + " and " + parts[-1]


#: the letters a permutation is named with (π, σ: ``P_π``, ``x_{σ(i)}``): ``1 if j = y(i)`` with any other function
#: is a one-hot matrix of labels, one 1 per row but not a reordering
_PERMUTATION_LETTERS = ("pi", "sigma")


def _permutation_entry(expr: sympy.Basic, ctx: Context) -> Match | None:
    """``P_{ij} = 1 if j = π(i) else 0`` (or ``δ_{j, π(i)}``): the entry of a permutation matrix defined by a
    function of the row index; the left side must be the entry at exactly those two indices."""
    if isinstance(expr, sympy.Piecewise) and len(expr.args) == 2 and (expr.args[0][0], expr.args[1][0]) == (1, 0):
        cond = expr.args[0][1]
        pair = cond.args if isinstance(cond, sympy.Eq) else ()
    elif isinstance(expr, sympy.KroneckerDelta):
        pair = expr.args
    else:
        return None
    st = ctx.statement
    lhs = st.lhs if st is not None else None
    if len(pair) != 2 or not isinstance(lhs, sympy.Indexed) or len(lhs.indices) != 2:
        return None
    for a, f in (pair, pair[::-1]):
        if not (isinstance(f, AppliedUndef) and type(f).__name__ in _PERMUTATION_LETTERS and len(f.args) == 1):
            continue
        if {a, f.args[0]} == set(lhs.indices) and a != f.args[0]:
            return Match("permutation", roles=(("matrix", lhs.base),), params=(("order", f.func(sympy.Symbol("i"))),),
                         note=f"row ${ctx.latex(f.args[0])}$ has its single 1 in column ${ctx.latex(f)}$: "
                         f"multiplied on the left it reorders the rows by ${ctx.latex(f.func(f.args[0]))}$")
    return None


def _permutation(expr: sympy.Basic, ctx: Context) -> Match | None:
    perm = _permutation_of(expr)
    if perm is None:
        return _permutation_entry(expr, ctx)
    name = "identity (trivial permutation)" if perm == sorted(perm) else ""
    return Match(
        "permutation",
        roles=(("matrix", expr),),
        note=permutation_action(perm),
        params=(("order", sympy.Tuple(*[p + 1 for p in perm])),),
        name=name,
    )


CONCEPTS: tuple[Concept, ...] = (
    Concept(
        "normalization",
        "normalisation",
        "rescales values to a standard range or total",
        "Standardisation (x − μ)/√(σ² + ε) centres and scales (batch/layer norm); dividing by the total "
        "makes values sum to 1; dividing by the norm makes a unit vector.",
        ("input", "mean", "variance"),
        ("mean", "rms_normalization", "softmax"),
        "statistics",
        per_feature_too(_normalization),
        heads=(sympy.Mul, sympy.Add, sympy.Pow, MatMul),
    ),
    Concept(
        "permutation",
        "permutation matrix",
        "reorders rows (on the left) or columns (on the right)",
        "A 0/1 matrix with one 1 in every row and column; P·A picks, for row i, the row of A where "
        "row i of P has its 1.",
        ("matrix",),
        (),
        "linear algebra",
        _permutation,
        heads=(sympy.MatrixBase, sympy.Piecewise, sympy.KroneckerDelta),
    ),
)
