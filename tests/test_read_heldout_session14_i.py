r"""Unknown functions whose value is a vector, and entries of unknown functions' values (session 14, helper i, from a
held-out measurement).  Each was read silently wrong:

- a function symdl does not know, applied to numbers and added to a vector, is a vector of that length (Nielsen's
  quadratic cost, ch. 1 eq. 6, ``\frac{1}{2n}\sum_x \|y(x) - a\|^2``: y(x) was a number broadcast over a,
  silently) (``function-vector-beside``); under a sum over its argument it is refused (one vector per example);
- an entry of an unknown function's value, ``f(\mathbf{x})_j``, read silently as f(x_j): now refused with a hint
  (entry-wise f(x_j), or name the vector value first).

Neighbours that keep their reading: Goodfellow et al.'s ``f(\boldsymbol{x}) + \lambda \boldsymbol{x}^\top
\boldsymbol{x}`` (a number), Bishop's ``\mathbf{w}^T \phi(x)`` (function-dot-vector), the sigmoid's and tanh's
entries ``\sigma(\mathbf{z})_j``, ``\tanh(\mathbf{z})_k``, softmax's entry.
"""

from __future__ import annotations

import numpy as np
import pytest

import symdl
from tests.real_sources import assert_reads_as, assert_refused_at

RNG = np.random.default_rng(1409)
Y4, A4, Z4, W3, P3 = RNG.normal(size=4), RNG.normal(size=4), RNG.normal(size=4), RNG.normal(size=3), RNG.normal(
    size=3)

# (id, source, latex, functions given, inputs, numpy's value, notes by rule)
CASES = [
    ("nielsen-quadratic-cost-one-example", "Nielsen, NNDL ch. 1 eq. 6, the term of one training input x",
     r"C_x = \frac{1}{2} \| y(x) - a\|^2", None, {"y(x)": Y4, "a": A4}, 0.5 * np.sum((Y4 - A4) ** 2),
     ["function-vector-beside"]),
    ("vector-minus-function-of-number", "Nielsen ch. 1 eq. 6's difference with a bold output vector",
     r"\mathbf{a} - y(x)", None, {"y(x)": Y4, r"\mathbf{a}": A4}, A4 - Y4, ["function-vector-beside"]),
    # -- neighbours that keep their reading ------------------------------------------------------------------------
    ("goodfellow-lagrangian-number", "Goodfellow et al. sec. 4.4, a function of a vector added to a number",
     r"L = f(\boldsymbol{x}) + \lambda \boldsymbol{x}^\top \boldsymbol{x}", {"f": lambda x: float(np.sum(x ** 2))},
     {r"\boldsymbol{x}": Z4, r"\lambda": 0.3}, np.sum(Z4 ** 2) + 0.3 * Z4 @ Z4, ["function-number"]),
    ("bishop-linear-basis", "Bishop PRML eq. 3.3, the basis functions after a transposed vector",
     r"y = \mathbf{w}^T \phi(x)", None, {r"\mathbf{w}": W3, r"\phi(x)": P3}, W3 @ P3, ["function-dot-vector"]),
    ("sigmoid-entry", "Goodfellow et al. sec. 6.2.2.2, an entry of the sigmoid of a vector",
     r"\sigma(\mathbf{z})_j", None, {r"\mathbf{z}": Z4}, 1 / (1 + np.exp(-Z4)), ["sigma-distribution"]),
]


@pytest.mark.parametrize(("latex", "functions", "inputs", "want", "rules"),
                         [pytest.param(*c[2:], id=c[0]) for c in CASES])
def test_reads_as(latex: str, functions: dict | None, inputs: dict, want: object, rules: list[str]) -> None:
    assert_reads_as(symdl.parse(latex), inputs, want, rules, functions=functions)


REFUSED = [
    pytest.param(r"C(w,b) \equiv \frac{1}{2n} \sum_x \| y(x) - a\|^2", "a vector-valued function", "y(x)",
                 id="nielsen-quadratic-cost-sum"),  # Nielsen ch. 1 eq. 6: one desired vector per example
]


@pytest.mark.parametrize("latex", [r"f(\mathbf{x})_j", r"\hat{y}_j = g(\boldsymbol{z})_j"],
                         ids=["unknown-function-entry", "unknown-activation-entry"])
def test_entry_of_an_unknown_function_is_its_component(latex: str) -> None:
    """Entry j of an unknown function's value is its component function j (session 27, ``function-entry``, noted
    with the entry-wise reading as the other): it was refused as ambiguous."""
    formula = symdl.parse(latex)
    assert "function-entry" in [n.rule for n in formula.notes]
    assert "(j, " in str(formula.statements[-1].rhs)


@pytest.mark.parametrize(("latex", "what", "text"), REFUSED)
def test_refused(latex: str, what: str, text: str) -> None:
    assert_refused_at(latex, what, text)
