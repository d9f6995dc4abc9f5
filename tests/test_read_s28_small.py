"""Session 28's small reading fixes, each from a blind judge's silent row.

- ``\\nabla_\\theta \\pi_\\theta(\\tau)`` (the log-derivative trick, Williams 1992 as Spinning Up writes it) was read as
  the derivative of π_θ(θ): the trajectory τ replaced by θ, because a one-argument function differentiated by a
  variable it does not contain was made a function of that variable (right for ``\\frac{\\partial}{\\partial
  \\theta_j} J(\\theta)``).  A network whose name carries the parameter as its subscript keeps its argument.
"""

from __future__ import annotations

import pytest
import sympy

import symdl

GRADIENT_BY_PARAMETER = [
    ("log-derivative-trick", "OpenAI Spinning Up, 'Deriving the simplest policy gradient'",
     r"g = \nabla_{\theta}\pi_{\theta}(\tau)", "tau", "theta"),
    ("vae-encoder", "Kingma & Welling (2014), the encoder q_phi's gradient by phi",
     r"g = \nabla_{\phi} q_{\phi}(z)", "z", "phi"),
]


@pytest.mark.parametrize(("source", "latex", "argument", "by"), [c[1:] for c in GRADIENT_BY_PARAMETER],
                         ids=[c[0] for c in GRADIENT_BY_PARAMETER])
def test_gradient_by_a_networks_parameter_keeps_its_argument(source: str, latex: str, argument: str, by: str) -> None:
    rhs = symdl.parse(latex).statements[0].rhs
    (d,) = rhs.atoms(sympy.Derivative)
    assert [str(v) for v in d.variables] == [by]
    (call,) = d.expr.atoms(sympy.core.function.AppliedUndef)
    assert [str(a) for a in call.args] == [argument]


def test_derivative_by_an_entry_still_makes_the_function_of_it() -> None:
    """Must not change: ∂/∂θ_j J(θ) is J as a function of θ_j (the entry of its argument)."""
    rhs = symdl.parse(r"g = \frac{\partial}{\partial \theta_j} J(\theta)").statements[0].rhs
    (d,) = rhs.atoms(sympy.Derivative)
    assert str(d.expr) == "J(theta[j])"
