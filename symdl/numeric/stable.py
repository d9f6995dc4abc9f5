"""Numerically stable forms: a table of rewrite rules applied before printing.

Each :class:`RewriteRule` recognises one unstable pattern in a SymPy tree and replaces
it by an equal expression whose float64 evaluation stays finite and accurate
(|z| = 1000, probabilities 1e-300 and 1 - 1e-16).  :func:`stabilize` applies the
table until nothing changes.  The rules only ever produce equal expressions, so they
are safe on any tree; :class:`IndexMax` is the constant shift of log-sum-exp.
"""

from __future__ import annotations

import sympy
from sympy.codegen.cfunctions import expm1, log1p

from symdl.activation_forms import RewriteRule, is_one_plus, rest_after_one
from symdl.activations import STABLE_RULES
from symdl.numeric.stable_logs import RULES as LOG_RULES

_MAX_SWEEPS = 8


class IndexMax(sympy.Function):
    """``max_j a_j`` over a sum's range: ``IndexMax(a, Tuple(j, lo, hi))``.

    Only a shift constant for exp-sums (the math does not depend on its value), so it
    is never differentiated.
    """

    nargs = 2

    def _eval_is_real(self) -> bool:
        return True

    def _eval_is_finite(self) -> bool:
        return True

    def fdiff(self, argindex: int = 1) -> sympy.Expr:
        return sympy.S.Zero

    @property
    def free_symbols(self) -> set[sympy.Basic]:
        body, (j, lo, hi) = self.args
        return (body.free_symbols - {j}) | lo.free_symbols | hi.free_symbols


from symdl.numeric.stable_softmax import fold_family_softmax, is_family_softmax  # noqa: E402  (needs IndexMax)


def _exp_factor(body: sympy.Expr) -> sympy.exp | None:
    factors = body.args if isinstance(body, sympy.Mul) else (body,)
    exps = [f for f in factors if isinstance(f, sympy.exp)]
    return exps[0] if len(exps) == 1 else None


def _is_exp_sum(e: sympy.Basic) -> bool:
    if not isinstance(e, sympy.Sum) or e.has(IndexMax):
        return False
    x = _exp_factor(e.function)
    if x is None:
        return False
    bound = {lim[0] for lim in e.limits}
    return bool(x.args[0].free_symbols & bound)


def _shift_exp_sum(e: sympy.Sum) -> sympy.Expr:
    x = _exp_factor(e.function)
    assert x is not None
    a = x.args[0]
    shift = a
    for lim in e.limits:
        shift = IndexMax(shift, sympy.Tuple(*lim))
    body = e.function.xreplace({x: sympy.exp(a - shift)})
    return sympy.exp(shift) * sympy.Sum(body, *e.limits)


def _has_shift_exp(e: sympy.Basic) -> bool:
    return any(isinstance(f, sympy.exp) and f.has(IndexMax) for f in e.args)


def _log_of_shifted(e: sympy.Basic) -> bool:
    return isinstance(e, sympy.log) and isinstance(e.args[0], sympy.Mul) and _has_shift_exp(e.args[0])


def _split_log(e: sympy.log) -> sympy.Expr:
    shifted = [f for f in e.args[0].args if isinstance(f, sympy.exp) and f.has(IndexMax)]
    rest = [f for f in e.args[0].args if f not in shifted]
    return sympy.Add(*[f.args[0] for f in shifted]) + sympy.log(sympy.Mul(*rest))


def _positive_by_form(f: sympy.Basic) -> bool:
    """exp(x), a power of something built from exps, or a sum of exps: positive whatever x is."""
    if isinstance(f, sympy.exp) or f.is_positive is True:
        return True
    if isinstance(f, sympy.Pow):
        return _positive_by_form(f.base)
    if isinstance(f, sympy.Sum):
        return _positive_by_form(f.function)
    if isinstance(f, (sympy.Mul, sympy.Add)):
        return all(_positive_by_form(a) for a in f.args)
    return False


def _log_of_exp_product(e: sympy.Basic) -> bool:
    if not (isinstance(e, sympy.log) and isinstance(e.args[0], sympy.Mul)):
        return False
    factors = e.args[0].args
    return any(isinstance(f, (sympy.exp, sympy.Pow)) and f.has(sympy.exp) for f in factors) and all(
        _positive_by_form(f) for f in factors
    )


def _split_log_product(e: sympy.log) -> sympy.Expr:
    out: list[sympy.Expr] = []
    for f in e.args[0].args:
        if isinstance(f, sympy.exp):
            out.append(f.args[0])
        elif isinstance(f, sympy.Pow):
            out.append(f.exp * sympy.log(f.base))
        else:
            out.append(sympy.log(f))
    return sympy.Add(*out)


def _combinable_exps(e: sympy.Basic) -> bool:
    if not isinstance(e, sympy.Mul) or not _has_shift_exp(e):
        return False
    return sum(isinstance(f, sympy.exp) for f in e.args) > 1


def _combine_exps(e: sympy.Mul) -> sympy.Expr:
    exps = [f for f in e.args if isinstance(f, sympy.exp)]
    rest = [f for f in e.args if not isinstance(f, sympy.exp)]
    return sympy.Mul(*rest) * sympy.exp(sympy.Add(*[f.args[0] for f in exps]))


def _spare_shift(e: sympy.Basic) -> tuple[sympy.exp, sympy.Basic, sympy.Add] | None:
    """In ``exp(a - n·m) · (... + exp(b) ...)`` (n ≥ 1, m an IndexMax): the exp factor, m, and the sum."""
    if not isinstance(e, sympy.Mul):
        return None
    for f in e.args:
        if not isinstance(f, sympy.exp):
            continue
        for m in f.args[0].atoms(IndexMax):
            coeff = f.args[0].coeff(m)
            if not (coeff.is_number and coeff <= -1):
                continue
            for total in e.args:
                if isinstance(total, sympy.Add) and any(_unshifted_exp(t, m) for t in total.args):
                    return f, m, total
    return None


def _unshifted_exp(term: sympy.Basic, m: sympy.Basic) -> bool:
    return any(isinstance(f, sympy.exp) and not f.has(m) for f in sympy.Mul.make_args(term))


def _move_shift_into_sum(e: sympy.Mul) -> sympy.Expr:
    f, m, total = _spare_shift(e)  # type: ignore[misc]
    rest = [a for a in e.args if a is not f and a is not total]
    inside = sympy.Add(*(t * sympy.exp(-m) for t in total.args))  # exp(m) exp(-m) and exp(z_k) exp(-m) combine
    return sympy.Mul(*rest) * sympy.exp(f.args[0] + m) * inside


def _sum_constant_factors(e: sympy.Basic) -> bool:
    if not isinstance(e, sympy.Sum) or not isinstance(e.function, sympy.Mul):
        return False
    bound = {lim[0] for lim in e.limits}
    return any(not (f.free_symbols & bound) for f in e.function.args)


def _pull_constant_factors(e: sympy.Sum) -> sympy.Expr:
    bound = {lim[0] for lim in e.limits}
    inside = [f for f in e.function.args if f.free_symbols & bound]
    outside = [f for f in e.function.args if not (f.free_symbols & bound)]
    return sympy.Mul(*outside) * sympy.Sum(sympy.Mul(*inside), *e.limits)


RULES: tuple[RewriteRule, ...] = (
    RewriteRule(
        "constant-out-of-sum",
        "exp(z_k) Σ_j t_j exp(-m)/S is inf * 0 at z = 1000; Σ_j c f_j = c Σ_j f_j brings exp(-m) next to exp(z_k)",
        _sum_constant_factors,
        _pull_constant_factors,
    ),
    RewriteRule(
        "log-of-exp-product",
        "log(exp(z_i) / sum_j exp(z_j)) is log(0) at z = 1000; log of positive factors is the sum of their logs "
        "(before family-softmax, which would fold the quotient)",
        _log_of_exp_product,
        _split_log_product,
    ),
    RewriteRule(
        "family-softmax",
        "exp(z_k) / Σ_j exp(z_j) is two exps over the batch (k's axis and j's), and Σ_j t_j scales the whole array; "
        "one node: the max-shifted softmax along j once, scaled per row, moved onto k's axis "
        "(symdl.numeric.stable_softmax); before the max-shift rules",
        is_family_softmax,
        fold_family_softmax,
    ),
    RewriteRule(
        "logsumexp",
        "sum_j exp(a_j) overflows for a_j = 1000; shift by max_j a_j",
        _is_exp_sum,
        _shift_exp_sum,
    ),
    RewriteRule(
        "log-of-shifted-sum",
        "log(exp(m) S) = m + log S keeps the shift out of exp",
        _log_of_shifted,
        _split_log,
    ),
    RewriteRule(
        "combine-shifted-exp",
        "exp(z_i) exp(-m) overflows, exp(z_i - m) does not (softmax)",
        _combinable_exps,
        _combine_exps,
    ),
    RewriteRule(
        "shift-into-sum",
        "exp(z_i - 2m) (exp(m) δ_ik S - exp(z_k)) (softmax's Jacobian) is 0 * inf at z = 1000; moving one exp(-m) "
        "into the sum gives exp(z_i - m) (δ_ik S - exp(z_k - m))",
        lambda e: _spare_shift(e) is not None,
        _move_shift_into_sum,
    ),
    *STABLE_RULES,  # softplus, sigmoid-from-exp, ...: the activations' stable forms, from their records
    RewriteRule(
        "log1p",
        "log(1 + x) loses every digit of x below 1e-16",
        lambda e: isinstance(e, sympy.log) and is_one_plus(e.args[0]),
        lambda e: log1p(rest_after_one(e.args[0])),
    ),
    RewriteRule(
        "expm1",
        "exp(x) - 1 loses the digits of small x",
        lambda e: (
            isinstance(e, sympy.Add)
            and len(e.args) == 2
            and sympy.S.NegativeOne in e.args
            and any(isinstance(a, sympy.exp) for a in e.args)
        ),
        lambda e: expm1(next(a for a in e.args if isinstance(a, sympy.exp)).args[0]),
    ),
    *LOG_RULES,  # log(e^a + e^b), 0 · log 0: after the rest (symdl.numeric.stable_logs)
)
"""The rule table, applied in order on every sweep."""


def stabilize(expr: sympy.Basic, rules: tuple[RewriteRule, ...] = RULES) -> sympy.Basic:
    """Rewrite ``expr`` into numerically stable forms (an equal expression).

    Args:
        expr: any SymPy expression (scalar, indexed or matrix).
        rules: the rule table to apply.

    Returns:
        The rewritten expression; ``expr`` itself when no rule applies.
    """
    for _ in range(_MAX_SWEEPS):
        before = expr
        for rule in rules:
            expr = expr.replace(rule.applies, rule.rewrite)
        if expr == before:
            break
    return expr
