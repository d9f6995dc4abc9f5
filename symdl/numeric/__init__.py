"""The numeric stage: numpy functions from formulas, stable forms, and gradient checks.

Public API:

* :func:`lambdify` ``(formula_or_expr, symbols=None, *, functions=None, stable=True, config=DEFAULT)``
  → :class:`NumpyFunction` (keywords keyed like ``formula.symbols``; a system returns a dict);
* :func:`stabilize` and the rule table :data:`RULES` (softmax, log-sum-exp, log-sigmoid, ...);
* :func:`check_grads` ``(f, grad, x, *, wrt=None, directions=6, method="auto", kinks=None, rtol=None,
  config=DEFAULT)`` → :class:`DirectionalCheck` (the same function as ``symdl.check_grads``; ``directions=None``
  checks every coordinate);
* :func:`check_gradient` ``(f, wrt, claim, *, shapes=None, at=None, points=3, config=DEFAULT)``
  → :class:`Verdict` (``verified`` / ``refuted`` / ``undecided``);
* :func:`check_derivation` ``(HandDerivation, *, config=DEFAULT)`` → :class:`DerivationReport`
  naming the first wrong step.
"""

from __future__ import annotations

from symdl.numeric.check import Counterexample, Verdict, check_gradient
from symdl.numeric.directional import DirectionalCheck, check_grads
from symdl.numeric.fd import numeric_jacobian
from symdl.numeric.lambdify import NumpyFunction, evaluate, lambdify
from symdl.numeric.stable import RULES, RewriteRule, stabilize
from symdl.numeric.stepcheck import DerivationReport, StepResult, check_derivation
from symdl.numeric.steps import ClaimedStep, HandDerivation

__all__ = [
    "RULES",
    "ClaimedStep",
    "Counterexample",
    "DerivationReport",
    "DirectionalCheck",
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
