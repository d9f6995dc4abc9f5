"""The arrays an evaluation allocates are sized before they exist by the axes each sum's body can span (issue 15).

A sum's body spans its own index's axis and the axes of the outer indices it uses; nothing else. Sizing every
evaluation by its batch times every range it lays out refused the softmax-cross-entropy gradient of a 4096×1000
batch as 4·10⁹ entries (the benchmark of issue 15), though no array in it is larger than its input.
"""

from __future__ import annotations

import numpy as np
import pytest
import sympy

from symdl.budget import Budgets, metered
from symdl.differentiate import diff
from symdl.errors import ResourceLimit
from symdl.numeric import lambdify

RNG = np.random.default_rng(23)
j, i = sympy.symbols("j i", integer=True)
z, t, x, y = (sympy.IndexedBase(n, real=True) for n in "ztxy")
N = sympy.Symbol("N_z", integer=True, positive=True)
M = sympy.Symbol("M", integer=True, positive=True)


def _softmax(a: np.ndarray) -> np.ndarray:
    e = np.exp(a - a.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


CE = -sympy.Sum(t[j] * sympy.log(sympy.exp(z[j]) / sympy.Sum(sympy.exp(z[j]), (j, 1, N))), (j, 1, N))


@pytest.mark.parametrize(("batch", "classes"), [(50, 100), (8, 600)], ids=["50x100", "8x600"])
def test_softmax_ce_gradient_fits_a_budget_of_its_input(batch: int, classes: int) -> None:
    grad = lambdify(diff(CE, z).expr)
    zz = RNG.normal(size=(batch, classes))
    tt = np.eye(classes)[RNG.integers(0, classes, batch)]
    with metered(Budgets(elements=batch * classes), None):  # no array larger than z: it must pass
        got = grad(z=zz, t=tt)
    np.testing.assert_allclose(got, _softmax(zz) - tt, atol=1e-14)


def test_an_outer_product_inside_a_double_sum_is_still_sized_and_refused() -> None:
    """Σ_i Σ_j x_i y_j spans both axes at once: 400 × 500 entries per batch row, past a budget of 10 000."""
    f = lambdify(sympy.Sum(sympy.Sum(x[i] * y[j] * sympy.exp(x[i] - y[j]), (j, 1, M)), (i, 1, N)))
    with metered(Budgets(elements=10_000), None), pytest.raises(ResourceLimit) as err:
        f(x=RNG.normal(size=400), y=RNG.normal(size=500), N_z=400, M=500)
    assert err.value.budget == "elements"


def test_full_range_gathers_do_not_write_into_the_callers_array() -> None:
    zz = RNG.normal(size=(3, 7))
    before = zz.copy()
    grad = lambdify(diff(CE, z).expr)
    grad(z=zz, t=np.eye(7)[[0, 3, 6]])
    np.testing.assert_array_equal(zz, before)
