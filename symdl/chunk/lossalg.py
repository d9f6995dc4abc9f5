"""Algebra shared by the loss and divergence recognisers: reductions of every notation, log terms.

A loss is read as ``k · (reduction) body``: a sum ``Σ_i``, a mean, or an expectation.  The reader
turns ``\\mathbb{E}_{x∼p}[f(x)]`` into the mean of ``f`` over a vector of samples
(``tr(1ᵀ f.(x))/n``) or, next to a call it cannot map, into a call ``E_{...}(f)``; both are
turned back into a scalar body here, so one recogniser serves sums, vectors and expectations.
"""

from __future__ import annotations

import sympy
from sympy import log
from sympy.core.function import AppliedUndef
from sympy.matrices.expressions.applyfunc import ElementwiseApplyFunction
from sympy.matrices.expressions.matexpr import MatrixExpr

from symdl.chunk.algebra import bounded, cheap_cancel, is_number, terms
from symdl.chunk.reductions import _over, strip_reductions
from symdl.chunk.registry import Context, Match, vector_call
from symdl.formula import Formula
from symdl.read.probability import compact_name
from symdl.untrusted import refuse_text


def to_scalar(m: sympy.Basic) -> sympy.Basic | None:
    """The scalar body of an element-wise matrix expression (``log.(p.(x))`` → ``log(p(x))``), else None."""
    if not isinstance(m, MatrixExpr):
        return m
    name = type(m).__name__
    if isinstance(m, ElementwiseApplyFunction):
        inner = to_scalar(m.expr)
        lam = m.function
        return None if inner is None else lam.expr.xreplace({lam.variables[0]: inner})
    if name == "MatrixSymbol":
        return sympy.Symbol(str(m.name), real=True)
    if name == "OneMatrix":
        return sympy.Integer(1)
    if name in ("HadamardProduct", "MatMul", "MatAdd"):
        parts = [to_scalar(a) for a in m.args]
        if any(p is None for p in parts):
            return None
        if name == "MatMul" and sum(isinstance(a, MatrixExpr) for a in m.args) > 1:
            return None
        return sympy.Add(*parts) if name == "MatAdd" else sympy.Mul(*parts)
    if name == "HadamardPower":
        base = to_scalar(m.base)
        return None if base is None else base**m.exp
    return None


def _expectation(expr: sympy.Basic) -> tuple[sympy.Basic, sympy.Basic] | None:
    """``(k, body)`` if ``expr`` is ``k · tr(1ᵀ f.(x))/n`` (a mean over samples) or ``k · E_{...}(body)``."""
    fs = list(sympy.Mul.make_args(expr))
    for f in fs:
        rest = sympy.Mul(*[g for g in fs if g is not f])
        if isinstance(f, AppliedUndef) and len(f.args) == 1 and _is_expectation_name(type(f).__name__):
            return rest, f.args[0]
        if isinstance(f, sympy.Trace) and type(f.arg).__name__ == "MatMul":
            scal = sympy.Mul(*[a for a in f.arg.args if not isinstance(a, MatrixExpr)])
            mats = [a for a in f.arg.args if isinstance(a, MatrixExpr)]  # tr(−1·1ᵀ f.(x)): the sign is a scale
            if len(mats) != 2:
                return None
            ones, vec = mats
            rest = rest * scal
            if type(ones).__name__ != "OneMatrix" or ones.shape[0] != 1:
                return None
            body = to_scalar(vec)
            if body is None:
                return None
            return sympy.cancel(rest * ones.shape[1]), body
    return None


def _is_expectation_name(name: str) -> bool:
    return name == "E" or name.startswith(("E_", "E^", "\\mathbb{E}"))


def unreduce(expr: sympy.Basic) -> tuple[sympy.Basic, list[tuple], sympy.Basic, str]:
    """``(k, limits, body, how)``: ``expr`` as ``k`` times a reduction of ``body``.

    ``how`` is ``"sum"`` (Σ or a mean over indices, ``limits`` says which), ``"integral"`` (Bishop's
    ``∫ p(x) ln(q(x)/p(x)) dx``: a sum over a continuous variable, ``limits`` its variable and bounds),
    ``"expectation"`` (a mean over samples or ``\\mathbb{E}``) or ``""`` (no reduction: ``k = 1``,
    ``body = expr``).  Sums over the same
    index added together (``Σ_i a_i − Σ_j b_j``) are one sum of ``a − b``.
    """
    refuse_text(expr, "the expression")
    k, limits, body = strip_reductions(expr)
    if limits:
        return k, limits, body, "sum"
    logged = _log_of_product(expr)
    if logged is not None:  # Goodfellow 5.57's −log Π_i p(y_i | x_i): the sum of the logs
        return logged[0], logged[1], logged[2], "sum"
    integral = integral_reduction(expr)
    if integral is not None:
        k, whole = integral
        body = whole.function
        if body.could_extract_minus_sign():
            k, body = -k, -body
        return k, list(whole.limits), body, "integral"
    got = _expectation(expr)
    if got is not None:
        return got[0], [], got[1], "expectation"
    if isinstance(expr, sympy.Add) and len(expr.args) >= 2:
        merged = _merge_sums(expr)
        if merged is not None:
            return sympy.Integer(1), merged[0], merged[1], "sum"
    return sympy.Integer(1), [], expr, ""


def factored(expr: sympy.Basic) -> sympy.Basic:
    """``expr`` cancelled and factored (exact, bounded): ``μ² − 2μy + y²`` → ``(μ − y)²``."""
    e = cheap_cancel(expr)
    return bounded(lambda: sympy.factor(e), e, 0.2) if sympy.count_ops(e) <= 60 else e


def _where(limits: list[tuple], how: str, ctx: Context) -> str:
    """Where :func:`unreduce` found the reduction, for a note: "summed over i", "integrated over x", "an expectation
    over samples", or "" for none."""
    if how == "expectation":
        return "an expectation over samples"
    if how == "integral":
        return f"integrated over {_over(limits, ctx)}"
    return f"summed over {_over(limits, ctx)}" if limits else ""


def _log_of_product(expr: sympy.Basic) -> tuple[sympy.Basic, list[tuple], sympy.Basic] | None:
    """``(k, limits, log f)`` if ``expr`` is ``k · log Π f`` (``k`` free of the product's indices)."""
    fs = sympy.Mul.make_args(expr)
    logs = [f for f in fs if isinstance(f, log) and isinstance(f.args[0], sympy.Product)]
    if len(logs) != 1:
        return None
    prod = logs[0].args[0]
    k = sympy.Mul(*[f for f in fs if f is not logs[0]])
    if k.has(*prod.variables):
        return None
    return k, list(prod.limits), log(prod.function)


def _merge_sums(expr: sympy.Add) -> tuple[list[tuple], sympy.Basic] | None:
    parts = [strip_reductions(t) for t in expr.args]
    if any(len(p[1]) != 1 for p in parts):
        return None
    first = parts[0][1][0]
    body = []
    for k, (lim,), b in parts:
        if lim[1:] != first[1:] and not (lim[2] != first[2] and str(lim[2]).startswith("N_")):
            return None
        body.append(k * b.xreplace({lim[0]: first[0]}))
    return [first], sympy.Add(*body)


def log_parts(body: sympy.Basic) -> tuple[dict[sympy.Basic, sympy.Basic], sympy.Basic]:
    """``({log argument: coefficient}, rest)`` with ``body = Σ coef·log(arg) + rest``.

    Logs of products and quotients are split (``log(p/q)`` → ``log p − log q``); numbers stay in ``rest``.
    """
    refuse_text(body, "the expression")
    out: dict[sympy.Basic, sympy.Basic] = {}
    rest: list[sympy.Basic] = []
    expanded = bounded(lambda: sympy.expand(body, log=False), body, 0.2)
    for t in terms(expanded):
        logs = [f for f in sympy.Mul.make_args(t) if isinstance(f, log)]
        if len(logs) != 1:
            rest.append(t)
            continue
        coef = sympy.Mul(*[f for f in sympy.Mul.make_args(t) if f is not logs[0]])
        for arg, c in _split_log(logs[0].args[0]):
            if is_number(arg):
                rest.append(coef * c * log(arg))
            else:
                out[arg] = sympy.expand(out.get(arg, 0) + coef * c)
    return {a: c for a, c in out.items() if c != 0}, sympy.Add(*rest)


def _split_log(arg: sympy.Basic) -> list[tuple[sympy.Basic, sympy.Basic]]:
    """``log(arg)`` as ``Σ c · log(factor)``."""
    out: list[tuple[sympy.Basic, sympy.Basic]] = []
    for f in sympy.Mul.make_args(arg):
        if isinstance(f, sympy.Pow) and f.exp == -1:
            out.append((f.base, sympy.Integer(-1)))
        else:
            out.append((f, sympy.Integer(1)))
    return out


def positive_number(expr: sympy.Basic) -> bool:
    """A number known to be positive."""
    return is_number(expr) and bool(expr.is_positive)


def negative_number(expr: sympy.Basic) -> bool:
    """A number known to be negative."""
    return is_number(expr) and bool(expr.is_negative)


def integral_reduction(expr: sympy.Basic) -> tuple[sympy.Basic, sympy.Integral] | None:
    """``(k, Integral(...))`` if ``expr`` is ``k`` times one integral over one variable (``k`` free of it)."""
    if isinstance(expr, sympy.Integral):
        k, whole = sympy.Integer(1), expr
    elif isinstance(expr, sympy.Mul) and len(found := [f for f in expr.args if isinstance(f, sympy.Integral)]) == 1:
        whole = found[0]
        k = sympy.Mul(*[f for f in expr.args if f is not whole])
    else:
        return None
    if len(whole.limits) != 1 or k.has(whole.limits[0][0]):
        return None
    return k, whole


def sampled_from(expr: sympy.Basic, formula: Formula | None) -> set[str]:
    """The distributions the expectations in ``expr`` draw from (``\\mathbb{E}_{x∼p(x)}`` → ``{"p"}``), compacted.

    Read off the reading (:attr:`Formula.sampled`, kept by the reader with each expectation's value): the
    distributions of the expectations whose value ``expr`` holds, never those of other terms of the formula.
    """
    if formula is None or not formula.sampled:
        return set()
    inside = {name for value, name in formula.sampled.items() if expr.has(value)}
    return inside


def distribution_name(p: sympy.Basic) -> str:
    """The compacted name of a probability ``p(x)`` / ``p_θ(x)`` / ``P``, '' when it has none."""
    if isinstance(p, AppliedUndef):
        return compact_name(type(p).__name__)
    if isinstance(p, sympy.Symbol):
        return compact_name(p.name)
    return ""


def smoothing_prior(expr: sympy.Basic, ctx: Context) -> Match | None:
    """Szegedy et al. (2016) §7's ``q'(k) = (1 − ε) δ_{k,y} + ε u(k)``: the one-hot target (a Kronecker delta
    over the class index) mixed with a prior ``u`` over the same index (uniform: ``u(k) = 1/K``)."""
    for keep, spread in (expr.args, expr.args[::-1]):
        for delta in (f for f in sympy.Mul.make_args(keep) if isinstance(f, sympy.KroneckerDelta)):
            rest = cheap_cancel(keep / delta)
            eps = cheap_cancel(1 - rest)
            prior = cheap_cancel(spread / eps)
            if is_number(eps) or prior.has(*eps.free_symbols) or prior.has(delta) or is_number(prior):
                continue
            index = [i for i in delta.free_symbols if prior.has(i)]
            if len(index) != 1:
                continue
            return Match(
                "label_smoothing",
                roles=(("target", delta), ("smoothing", eps), ("prior", prior)),
                params=(("epsilon", eps),),
                note=f"keeps 1 − {ctx.latex(eps)} of the one-hot target and gives {ctx.latex(eps)} to the "
                f"prior {ctx.latex(prior)} over the classes (uniform: 1/K each)",
            )
    return None


def smoothing_to_number(expr: sympy.Basic, ctx: Context) -> Match | None:
    """Keras' binary ``y (1 − label_smoothing) + 0.5 label_smoothing``: the target mixed with the uniform value 1/K
    written as a number (K = 2: 0.5).  A number alone would also fit a blend ``x (1 − t) + 0.5 t``, so the target is
    required to be spelled as one (``y``, ``t`` or a word holding label/target/true)."""
    for keep, spread in (expr.args, expr.args[::-1]):
        share, eps = spread.as_coeff_Mul()
        k = round(1 / float(share)) if 0 < share < 1 else 0
        if is_number(eps) or k < 2 or abs(k * float(share) - 1) > 1e-9:
            continue
        y = cheap_cancel(keep / (1 - eps))
        if not isinstance(y, (sympy.Symbol, sympy.Indexed)) or y.has(*eps.free_symbols) or not _spelled_target(y, ctx):
            continue
        return Match("label_smoothing", roles=(("target", y), ("smoothing", eps)), params=(("epsilon", eps), ("K", k)),
                     note=f"keeps 1 − {ctx.latex(eps)} of the target and spreads {ctx.latex(eps)} uniformly over "
                     f"{k} classes ({share} = 1/{k} each)")
    return None


def smoothing_flip(expr: sympy.Basic, ctx: Context) -> Match | None:
    """Binary label smoothing towards the other class: ``(1 − s) y + s (1 − y)`` (Luxonis' SmoothBCEWithLogitsLoss;
    a label 1 becomes 1 − s, a 0 becomes s), the target spelled as one (``y``, ``t``, ``labels``)."""
    for keep, spread in (expr.args, expr.args[::-1]):
        for flip in (f for f in sympy.Mul.make_args(spread) if isinstance(f, sympy.Add)):
            y, eps = cheap_cancel(1 - flip), cheap_cancel(spread / flip)
            if not isinstance(y, (sympy.Symbol, sympy.Indexed)) or is_number(eps) or eps.has(y):
                continue
            if (cheap_cancel(keep - (1 - eps) * y) == 0 and _spelled_target(y, ctx)
                    and not _spelled_prediction(eps, ctx)):
                return Match("label_smoothing", roles=(("target", y), ("smoothing", eps)), params=(("epsilon", eps),),
                             note=f"moves the binary target {ctx.latex(y)} towards the other class by "
                             f"{ctx.latex(eps)}: a 1 becomes 1 − {ctx.latex(eps)}, a 0 becomes {ctx.latex(eps)}")
    return None


def _spelled_prediction(x: sympy.Basic, ctx: Context) -> bool:
    """Is ``x`` spelled as a model's prediction (``preds``, ``probs``, ``\\hat{y}``, ``p``): a Bernoulli likelihood's
    p y + (1 − p)(1 − y) (Flax's docs' ``label_probs``), no smoothing of the target?"""
    for sym in (s.base.label if isinstance(s, sympy.Indexed) else s for s in x.atoms(sympy.Symbol, sympy.Indexed)):
        spelled = ctx.spelling(sym).lower() if isinstance(sym, sympy.Symbol) else ""
        if isinstance(sym, sympy.Symbol) and (ctx.head(sym) in ("p", "q") or any(
                w in spelled for w in ("pred", "prob", "hat", "output", "logit"))):
            return True
    return False


def _spelled_target(y: sympy.Basic, ctx: Context) -> bool:
    """Is ``y`` spelled as a target (``y``, ``t``, ``y_{true}``, ``\\text{labels}``)?"""
    sym = y.base.label if isinstance(y, sympy.Indexed) else y
    head, spelled = ctx.head(sym), ctx.spelling(sym).lower()
    return head in ("y", "t") or any(w in spelled for w in ("label", "target", "true"))


def expected_squared_error(expr: sympy.Basic, ctx: Context) -> Match | None:
    """The mean squared error written as an expectation: DDPM's ``E_{t,x₀,ε}[‖ε − ε_θ(…)‖²]``, the statistics
    texts' ``E[(Y − Ŷ)²]``; a constant on either side (a penalty towards it) is not a prediction error.
    ``E[(X − μ)²]``, ``E[(X − E[X])²]`` (the subtracted side a mean) is a variance."""
    from symdl.chunk.concepts_stats import is_expectation_call
    from symdl.chunk.loss_squares import _centred, _squared_error

    if not is_expectation_call(expr, ctx):
        return None
    err = _squared_error(expr.args[0], ctx)
    if err is None or err.param("scale") != 1:
        return None
    a, b = err.role("first"), err.role("second")
    if is_number(a) or is_number(b):
        return None  # WGAN-GP's E[(‖∇D(x̂)‖ − 1)²]: a penalty pulling a quantity to a constant, no prediction error
    if vector_call(b) is None and (_centred(b, ctx) or is_expectation_call(b, ctx)):
        return None  # a network's output ε_θ(x_t, t) is a prediction even when its name is Greek
    return Match(
        "mse",
        roles=(("squared error", expr.args[0]), ("target", a), ("prediction", b)),
        note="the expected squared error: the mean over the data distribution (estimated by the batch mean)",
        also=("expectation",),
    )


#: how a regulariser is spelled on the left of its statement: cs231n's R(W), Goodfellow's Ω(θ) (sec. 7.1)
_REGULARISER_HEADS = frozenset({"r", "omega", "\\omega"})


def regulariser_squares(expr: sympy.Basic, ctx: Context) -> sympy.Basic | None:
    """The weights ``W_{k,l}`` of cs231n's ``R(W) = Σ_k Σ_l W_{k,l}²``: a bare sum of the squared entries of one
    family over all its indices, the whole right side of a statement that defines a regulariser (``R``, ``Ω``).
    The L2 penalty before its λ, not a norm; None for anything else."""
    st = ctx.statement
    if st is None or expr != st.rhs or st.target is None or not isinstance(expr, sympy.Sum):
        return None
    target = type(st.target) if isinstance(st.target, AppliedUndef) else st.target
    if isinstance(target, sympy.FunctionClass):
        target = sympy.Symbol(target.__name__)
    if not isinstance(target, sympy.Symbol | sympy.Indexed) or ctx.head(target) not in _REGULARISER_HEADS:
        return None
    body = expr.function
    if not (isinstance(body, sympy.Pow) and body.exp == 2 and isinstance(body.base, sympy.Indexed)):
        return None
    return body.base if set(expr.variables) <= set(body.base.indices) else None
