"""Stage ``differentiate``: symbolic derivatives and backprop chains with the rule used at each step.

Public API:

* :func:`diff` ``(formula_or_expr, wrt, *, config=DEFAULT) -> Derivation`` — scalars,
  indexed families (Kronecker deltas resolved), matrices in the ML layout;
* :func:`hessian` ``(formula_or_expr, wrt, *, config=DEFAULT) -> Derivation`` — ∂²f/∂x_i∂x_j by a vector;
* :func:`backprop` ``(formula, *, loss=None, params=None, convention="ng", config=DEFAULT)
  -> Backprop`` — dJ/d(every intermediate and parameter) through the named intermediates.
"""

from __future__ import annotations

from symdl.differentiate.backprop import Backprop, BackpropStep, backprop
from symdl.differentiate.core import Derivation, diff, hessian
from symdl.differentiate.scalar import Step

__all__ = ["Backprop", "BackpropStep", "Derivation", "Step", "backprop", "diff", "hessian"]
