"""The negative log-likelihood recognisers: of a label's probability (``−log p(y|x)``, summed, averaged or an
expectation, also weighted per class) and of a Gaussian (``½(log σ² + (y − μ)²/σ²)``), with the tests that tell a
probability's log from a log of something else (a count, a policy's entropy bonus, a part of a log-ratio).

Their records are in :mod:`symdl.chunk.concepts_divergence`.
"""

from __future__ import annotations

import re

import sympy
from sympy import exp, log
from sympy.core.function import AppliedUndef

from symdl.chunk.algebra import cheap_cancel, difference, is_number, terms
from symdl.chunk.concepts_stats import written_expectation
from symdl.chunk.lossalg import _where, distribution_name, factored, log_parts, negative_number, sampled_from, unreduce
from symdl.chunk.lossforms import softmax_quotient, squared_term
from symdl.chunk.nll_forms import given_the_draw, label_picked, no_label_likelihood, poisson
from symdl.chunk.reductions import mean_scale
from symdl.chunk.registry import Context, Match
from symdl.functions import VectorSoftmax, softmax


def _gaussian_nll(expr: sympy.Basic, ctx: Context) -> Match | None:
    k, limits, body, how = unreduce(expr)
    logs, rest = log_parts(body)
    if len(logs) != 1:
        return None
    (arg, c), = logs.items()
    var, alpha = arg, k * c
    parts = [t for t in terms(k * rest) if not is_number(t)]
    others = set().union(arg.free_symbols, *[t.free_symbols for t in parts if not t.is_Symbol])
    offset = [t for t in parts if t.is_Symbol and t not in others]  # PyTorch's "+ const.": an additive constant
    sq = [cheap_cancel(sympy.Add(*[t for t in parts if t not in offset[:1]]))]
    if sq[0] == 0 or (cheap_cancel(alpha - sympy.Rational(1, 2)) != 0 and cheap_cancel(alpha - 1) != 0):
        return None
    if alpha == 1 and not isinstance(arg, sympy.Pow):  # log σ + (y − μ)²/(2σ²)
        var, alpha = arg**2, sympy.Rational(1, 2)
    d2 = factored(sq[0] * var / alpha)
    if not (isinstance(d2, sympy.Pow) and d2.exp == 2 and difference(d2.base)):
        return None
    y, mu = difference(d2.base)
    note = "½(log σ² + (y − μ)²/σ²): the negative log-density of a Gaussian, up to ½ log 2π"
    if limits:
        note += "; " + _where(limits, how, ctx)
    return Match("gaussian_nll", roles=(("target", y), ("mean", mu), ("variance", var)), note=note,
                 also=("nll",))


#: the names of functions whose values are probabilities (with decorations: phat, ptilde)
_DENSITY_NAMES = frozenset({"p", "q", "P", "Q", "pi", "Pr", "D", "phat", "qhat", "ptilde", "qtilde", "pbar",
                            "Phat", "Qhat", "pihat", "likelihood", "prob", "Prob"})


#: Greek letters of parameters and statistics: an entry of one is no probability
_NO_PROBABILITIES = frozenset({"sigma", "mu", "lambda", "theta", "beta", "gamma", "alpha", "eta", "epsilon", "tau",
                               "rho", "nu", "kappa", "omega", "xi"})


def _probability_like(p: sympy.Basic) -> bool:
    if isinstance(p, sympy.Indexed) and str(p.base.label).split("_")[0] in _NO_PROBABILITIES:
        return False  # the Gaussian KL's ... - \log \sigma_j: a standard deviation, no probability
    if isinstance(p, (sympy.Indexed, softmax, VectorSoftmax)) or softmax_quotient(p) is not None:
        return True
    if isinstance(p, AppliedUndef):  # p(y|x), \pi_\theta(a|s), P(x), D(x); not TF's reduce_sum(exp(logits))
        root = re.match(r"\\?[A-Za-z]+", p.func.__name__)
        return root is not None and root.group(0).lstrip("\\") in _DENSITY_NAMES
    return isinstance(p, sympy.Symbol) and "_" in p.name


def _softmax_log(body: sympy.Basic) -> tuple[dict[sympy.Basic, sympy.Basic], sympy.Basic] | None:
    """``({q: c}, 0)`` if ``body`` is ``c · log q`` with ``q = e^{u_k} / Σ_j e^{u_j}`` a softmax probability
    (UFLDL's softmax regression cost), kept whole rather than split into ``u_k − log Σ_j e^{u_j}``."""
    logs = list(body.atoms(log))
    if len(logs) != 1 or softmax_quotient(logs[0].args[0]) is None:
        return None
    c = cheap_cancel(body / logs[0])
    return ({logs[0].args[0]: c}, sympy.Integer(0)) if not c.has(logs[0]) and not c.has(exp) else None


def _nll(expr: sympy.Basic, ctx: Context) -> Match | None:
    if isinstance(expr, sympy.Add):  # λ − y log λ: the Poisson likelihood (an Add only for it)
        return poisson(expr, ctx)
    return _nll_of_log(expr, ctx) or label_picked(expr, ctx) or poisson(expr, ctx)


def _log_ratio_term(expr: sympy.Basic, ctx: Context) -> bool:
    """Is ``expr`` the subtracted log of a sum that also adds the log of a density (the VAE's one-sample ELBO
    ``\\log p(x|z) + \\log p(z) - \\log q(z|x)``, a log-likelihood ratio): a log-ratio's part, no label's NLL?"""
    st = ctx.statement
    rhs = st.rhs if st is not None else None
    if not isinstance(rhs, sympy.Add) or expr not in rhs.args:
        return False
    return any(isinstance(t, log) and _probability_like(t.args[0]) for t in rhs.args if t is not expr)


def _entropy_bonus(p: sympy.Basic, weight: sympy.Basic) -> bool:
    """Is ``−weight·log p`` a policy's log-probability scaled by a temperature α (SAC's ``Q(s, ã) − α \\log
    π(ã|s)``): an entropy bonus, no negative log-likelihood of labels?"""
    name = str(getattr(getattr(p, "func", None), "__name__", "")).lstrip("\\")
    heads = [re.sub(r"[^A-Za-z].*$", "", str(a).lstrip("\\")) for a in getattr(p, "args", ())]
    of_action = heads[:2] == ["a", "s"]  # CleanRL's Q(s, a) − α log p(a|s): an action's probability given the state
    return (name.startswith("pi") or of_action) and any(
        str(x).lstrip("\\").startswith("alpha") for x in weight.free_symbols)


def _nll_of_log(expr: sympy.Basic, ctx: Context) -> Match | None:
    k, limits, body, how = unreduce(expr)
    picked: tuple[tuple[str, sympy.Basic], ...] = ()
    if isinstance(body, sympy.Piecewise) and len(body.args) == 2 and body.args[1].expr == 0:
        cond = body.args[0].cond
        if isinstance(cond, sympy.Eq) and limits and limits[-1][0] in cond.free_symbols:
            picked = (("label indicator", body),)  # its chunk names the indicator
            body = body.args[0].expr  # Σ_k 1{y = k} log p_k: picks the label's log-probability
    logs, rest = _softmax_log(body) or log_parts(body)
    if rest != 0 or len(logs) != 1:
        return None
    (p, c), = logs.items()
    weight = cheap_cancel(-k * c)
    weighted = not is_number(weight) and not weight.has(p) and not weight.could_extract_minus_sign() and (
        not limits and not how)
    averaged = bool(limits) and mean_scale(weight, limits) is not None  # −(1/N) Σ_n log p(y_n|x_n): the mean NLL
    if not (negative_number(-weight) or weighted or averaged) or not _probability_like(p):
        return None
    if how == "expectation" and distribution_name(p) in sampled_from(expr, ctx.formula):
        return None  # −E_{x∼p}[log p(x)] is the entropy of p, not a likelihood of labels
    if squared_term(expr, ctx):
        return None  # GloVe's (wᵀw̃ + b + b̃ − log X_ij)²: the log of a count is a regression target, no likelihood
    if no_label_likelihood(expr, p, weight, ctx) or _log_ratio_term(expr, ctx):
        return None
    if _entropy_bonus(p, weight):
        return None  # SAC's −α log π(ã|s): the policy's entropy bonus at a sampled action, no label's likelihood
    note = "−log of the probability given to the observed label"
    if weighted:  # PyTorch's NLLLoss −w_{y_n} x_{n,y_n}; RetinaNet's α-balanced CE −α_t log p_t
        note += f", weighted by {ctx.latex(weight)} (a per-class weight)"
    if averaged:
        note += f"; averaged over {', '.join(ctx.latex(lim[0]) for lim in limits)}"
    elif limits or how:
        note += "; " + _where(limits, how, ctx)
    if how == "expectation" and given_the_draw(expr, p, ctx):  # a VAE's −E_{z∼q} log p(x|z): a reconstruction
        return Match("nll", roles=(("probability", p), *picked), note=note + " (of the data given the draw)")
    said = ("expectation",) if how == "expectation" and written_expectation(expr, ctx) else ()  # −E_{x∼P} log Q(x)
    return Match("nll", roles=(("probability", p), *picked), note=note, also=("cross_entropy", *said))
