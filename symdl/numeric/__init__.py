"""The numeric stage: numpy functions from formulas, stable forms, and gradient checks.

Public API:

* :func:`lambdify` ``(formula_or_expr, symbols=None, *, functions=None, stable=True, config=DEFAULT)``
  → :class:`NumpyFunction` (keywords keyed like ``formula.symbols``; a system returns a dict);
* :func:`stabilize` and the rule table :data:`RULES` (softmax, log-sum-exp, log-sigmoid, ...);
* :func:`check_grads` ``(f, grad, point, *, wrt=None, method="auto", analytic=False, kinks=None,
  rtol=None, atol=None, config=DEFAULT)`` → :class:`GradCheckResult`;
* :func:`check_gradient` ``(f, wrt, claim, *, shapes=None, at=None, points=3, config=DEFAULT)``
  → :class:`Verdict` (``verified`` / ``refuted`` / ``undecided``);
* :func:`check_derivation` ``(HandDerivation, *, config=DEFAULT)`` → :class:`DerivationReport`
  naming the first wrong step.
"""

from __future__ import annotations

from symdl.numeric.check import Counterexample, Verdict, check_gradient
from symdl.numeric.fd import GradCheckResult, check_grads, numeric_jacobian
from symdl.numeric.lambdify import NumpyFunction, evaluate, lambdify
from symdl.numeric.stable import RULES, RewriteRule, stabilize
from symdl.numeric.steps import ClaimedStep, DerivationReport, HandDerivation, StepResult, check_derivation

__all__ = [
    "RULES",
    "ClaimedStep",
    "Counterexample",
    "DerivationReport",
    "GradCheckResult",
    "HandDerivation",
    "NumpyFunction",
    "RewriteRule",
    "StepResult",
    "Verdict",
    "check_derivation",
    "check_gradient",
    "check_grads",
    "evaluate",
    "lambdify",
    "numeric_jacobian",
    "stabilize",
]
