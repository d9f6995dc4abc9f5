"""The numeric facts of the activations' records (:mod:`symdl.activations`): the numpy kernels of the activations
with a class, and the stable-form rewrites (``symdl.numeric.stable``) that produce them from unstable elementary
patterns (``log(1 + e^x)`` → ``softplus(x)``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

import sympy
from sympy import S

from symdl.activation_classes import sigmoid, softplus
from symdl.simplify import expand_within, rewrite_within

if TYPE_CHECKING:
    import numpy as np


# -- numpy kernels (``symdl.numeric.kernels``' namespace takes them by record) ----------------------------------------
# numpy is imported inside each kernel: reading and explaining never call one (cold start); a kernel's first call
# pays it once
def _real(x: np.ndarray) -> np.ndarray:
    import numpy as np

    return x.real if np.iscomplexobj(x) else x


def sigmoid_kernel(x: object) -> np.ndarray:
    """Logistic function, finite and accurate for any real ``x`` (and complex-safe)."""
    import numpy as np

    x = np.asarray(x)
    with np.errstate(over="ignore", invalid="ignore"):
        neg = _real(x) < 0
        z = np.exp(np.where(neg, x, -x))
        return np.where(neg, z / (1 + z), 1 / (1 + z))


def softplus_kernel(x: object) -> np.ndarray:
    """``log(1 + e^x)`` without overflow (and complex-safe)."""
    import numpy as np

    x = np.asarray(x)
    if not np.iscomplexobj(x):
        return np.logaddexp(0.0, x)
    with np.errstate(over="ignore", invalid="ignore"):
        pos = x.real > 0
        return np.where(pos, x, 0) + np.log1p(np.exp(np.where(pos, -x, x)))


def relu_kernel(x: object) -> np.ndarray:
    """``max(0, x)``."""
    import numpy as np

    return np.maximum(x, 0.0)


def stop_gradient_kernel(x: object) -> np.ndarray:
    """``x`` itself, the stop-gradient's value; of a complex ``x`` its real part, so that the gradient check's complex
    step (an imaginary perturbation carries the derivative) sees through it a constant, as autodiff does."""
    import numpy as np

    return np.real(np.asarray(x))


# -- stable forms: the rewrites ``symdl.numeric.stable`` applies, each kept with the activation it produces ----------
@dataclass(frozen=True)
class RewriteRule:
    """One stable-form rewrite.

    Attributes:
        name: short name, used in tests and reports.
        why: what goes wrong without it.
        applies: does the rule match this node?
        rewrite: the equal, stable replacement for a matching node.
        whole_first: tried before every rule without it (a quotient's own form before its parts' forms).
    """

    name: str
    why: str
    applies: Callable[[sympy.Basic], bool]
    rewrite: Callable[[sympy.Basic], sympy.Basic]
    whole_first: bool = False


def is_one_plus(e: sympy.Basic) -> bool:
    """Is ``e`` a sum with a term 1?"""
    return isinstance(e, sympy.Add) and S.One in e.args


def rest_after_one(e: sympy.Add) -> sympy.Expr:
    """The terms of a sum other than 1."""
    return sympy.Add(*[a for a in e.args if a != S.One])


def one_plus_exp(e: sympy.Basic) -> sympy.Expr | None:
    """``a`` if ``e`` is ``1 + exp(a)``, else None."""
    if is_one_plus(e) and len(e.args) == 2:
        rest = rest_after_one(e)
        if isinstance(rest, sympy.exp):
            return rest.args[0]
    return None


def _sigmoid_power(f: sympy.Basic) -> tuple[sympy.Expr, sympy.Expr] | None:
    """(argument, exponent) of ``sigmoid(a)**k`` (k=1 for a bare sigmoid)."""
    if isinstance(f, sigmoid):
        return f.args[0], S.One
    if isinstance(f, sympy.Pow) and isinstance(f.base, sigmoid) and f.exp.is_Integer and f.exp > 0:
        return f.base.args[0], f.exp
    return None


def _exp_sigmoid_pair(e: sympy.Basic) -> tuple[sympy.Basic, sympy.Basic, sympy.Expr, sympy.Expr] | None:
    """Factors ``exp(a)`` and ``sigmoid(-a)**k`` of a product, if both are there."""
    if not isinstance(e, sympy.Mul):
        return None
    exps = [f for f in e.args if isinstance(f, sympy.exp)]
    for f in e.args:
        sp = _sigmoid_power(f)
        if sp is None:
            continue
        for x in exps:
            if expand_within(x.args[0] + sp[0]) == 0:
                return x, f, x.args[0], sp[1]
    return None


def _rewrite_exp_sigmoid(e: sympy.Mul) -> sympy.Expr:
    x, f, a, k = _exp_sigmoid_pair(e)  # type: ignore[misc]
    rest = [g for g in e.args if g is not x and g is not f]
    return sympy.Mul(*rest) * sigmoid(a) * sigmoid(-a) ** (k - 1)


SOFTPLUS_RULES = (
    RewriteRule(
        "softplus",
        "log(1 + exp(x)) overflows for x = 1000",
        lambda e: isinstance(e, sympy.log) and one_plus_exp(e.args[0]) is not None,
        lambda e: softplus(one_plus_exp(e.args[0])),
    ),
)
SIGMOID_RULES = (
    RewriteRule(
        "sigmoid-from-exp",
        "1/(1 + exp(-x)) overflows for x = -1000",
        lambda e: isinstance(e, sympy.Pow) and e.exp.is_negative is True and one_plus_exp(e.base) is not None,
        lambda e: sigmoid(-one_plus_exp(e.base)) ** (-e.exp),
    ),
    RewriteRule(
        "exp-times-sigmoid",
        "exp(x) sigmoid(-x) is inf * 0 at x = 1000; it equals sigmoid(x)",
        lambda e: _exp_sigmoid_pair(e) is not None,
        _rewrite_exp_sigmoid,
    ),
    RewriteRule(
        "one-minus-sigmoid",
        "1 - sigmoid(x) rounds to 0 for x > 37; sigmoid(-x) keeps the digits",
        lambda e: (
            isinstance(e, sympy.Add)
            and len(e.args) == 2
            and S.One in e.args
            and isinstance(-rest_after_one(e), sigmoid)
        ),
        lambda e: sigmoid(-(-rest_after_one(e)).args[0]),
    ),
)
def _tanh_argument(e: sympy.Basic) -> sympy.Expr | None:
    """``u`` when ``e`` is tanh(u) written with exponentials: ``(e^u − e^{−u})/(e^u + e^{−u})``,
    ``(e^{2u} − 1)/(e^{2u} + 1)``, ``(1 − e^{−2u})/(1 + e^{−2u})`` (exactly: as a rational function of t = e^u)."""
    if (not isinstance(e, sympy.Mul) or e.is_Matrix or e.has(sympy.MatrixSymbol)
            or not any(isinstance(f, sympy.Pow) and f.exp.is_negative for f in e.args)):
        return None  # (an entry of a matrix expression is left to the matrix rules)
    exps = {x.args[0] for x in e.atoms(sympy.exp)}
    if not exps or len(exps) > 2:
        return None
    t = sympy.Dummy("t", positive=True)
    for a in sorted(exps, key=sympy.default_sort_key):
        for u in (a, -a, a / 2, -a / 2):
            ratios = {x: sympy.simplify(x.args[0] / u) for x in e.atoms(sympy.exp)}
            if not all(k.is_integer for k in ratios.values()):
                continue
            powers = {x: t**k for x, k in ratios.items()}
            if sympy.cancel(e.xreplace(powers) - (t**2 - 1) / (t**2 + 1)) == 0:
                return u
    return None


TANH_RULES = (
    RewriteRule(
        "one-minus-tanh-squared",
        "1 − tanh(x)² (tanh's derivative) is 0 for |x| ≥ 20, where the truth is 4e^{−2|x|}; 1/cosh(x)² keeps it",
        lambda e: (isinstance(e, sympy.Add) and len(e.args) == 2 and S.One in e.args
                   and isinstance(p := -rest_after_one(e), sympy.Pow) and p.exp == 2
                   and isinstance(p.base, sympy.tanh)),
        lambda e: sympy.cosh((-rest_after_one(e)).base.args[0]) ** -2,
    ),
    RewriteRule(
        "tanh-from-exp",
        "(e^x − e^{−x})/(e^x + e^{−x}) is inf/inf = nan at x = 1000; it equals tanh(x)",
        lambda e: _tanh_argument(e) is not None,
        lambda e: sympy.tanh(_tanh_argument(e)),
        whole_first=True,  # before sigmoid-from-exp takes its denominator 1/(1 + e^{2x})
    ),
)
LOG_SIGMOID_RULES = (
    RewriteRule(
        "log-sigmoid",
        "log(sigmoid(x)) is log(0) = -inf at x = -1000; it equals -softplus(-x)",
        lambda e: isinstance(e, sympy.log) and isinstance(e.args[0], sigmoid),
        lambda e: -softplus(-e.args[0].args[0]),
    ),
)


# -- a derivative expressed through the activation (``symdl.differentiate.scalar``'s concept rewrites) -----------
def _sigmoid_arguments(source: sympy.Basic) -> set[sympy.Basic]:
    """Arguments ``u`` of the logistic function written out as ``1/(1 + e^{-u})`` in ``source``."""
    found = {f.args[0] for f in source.atoms(sigmoid)}
    for add in source.atoms(sympy.Add):
        if getattr(add, "is_Matrix", False):  # MatAdd counts as an Add: 1 + e^{-u} is a scalar
            continue
        rest = add - 1
        if add.has(sympy.S.One) and isinstance(rest, sympy.exp):
            found.add(-rest.args[0])
    return found


def via_sigmoid(result: sympy.Basic, source: sympy.Basic) -> sympy.Basic | None:
    """Replace ``e^{-u}`` by ``(1 − σ(u))/σ(u)`` where ``source`` wrote ``σ(u)`` out with exp."""
    args = _sigmoid_arguments(source)
    subs = {}
    for e in result.atoms(sympy.exp):
        u = e.args[0]
        if -u in args:
            subs[e] = (1 - sigmoid(-u)) / sigmoid(-u)
        elif u in args:
            subs[e] = sigmoid(u) / (1 - sigmoid(u))
    if not subs:
        return None
    out = rewrite_within(lambda e: sympy.factor(sympy.cancel(e)), result.xreplace(subs))
    return None if out is None or out.has(sympy.exp) else out
