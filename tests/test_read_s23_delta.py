"""``\\Delta`` before a name is the change of it, unless ``\\Delta`` stands alone elsewhere (issue 12).

S4 and Mamba (Gu & Dao 2023) discretise with a step ``\\Delta``: ``\\bar{B} = \\Delta B`` beside ``\\Delta =
\\tau_\\Delta(\\ldots)``; symdl read ``\\Delta B`` as one name (the change of B), silently unrelated to the ``\\Delta``
the formula defines.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

import symdl

# (id, source, latex, arguments, the value plain numpy gives for the source's meaning)
PRODUCTS: list[tuple[str, str, str, dict[str, Any], Any]] = [
    ("mamba-B-bar", "Gu & Dao 2023, the zero-order hold's simplified B", r"y = \Delta B + \Delta",
     {"\\Delta": 0.3, "B": 1.7}, 0.3 * 1.7 + 0.3),
    ("step-defined", "a step size defined and then used", r"\Delta = 0.5 s \\ y = \Delta x",
     {"s": 0.4, "x": 3.0}, 0.2 * 3.0),
    ("step-as-argument", "a discretisation error as a function of the step", r"e = \Delta h + f(\Delta)",
     None, None),
]

NAMES = [
    ("goodfellow-change", "Goodfellow et al. Alg. 8.1, the change of θ", r"\Delta \theta = -\epsilon g"),
    ("nielsen-change", "Nielsen ch. 1, ΔC ≈ ∇C · Δv", r"\Delta C = \nabla C \cdot \Delta v"),
]


@pytest.mark.parametrize(("latex", "args", "expected"), [c[2:] for c in PRODUCTS], ids=[c[0] for c in PRODUCTS])
def test_delta_alone_elsewhere_makes_a_product(latex: str, args: dict[str, Any] | None, expected: Any) -> None:
    f = symdl.parse(latex)
    assert any(n.rule == "delta-product" for n in f.notes)
    names = {str(s) for st in f.statements for s in st.rhs.free_symbols}
    assert not any(n.startswith("Delta") and n != "Delta" for n in names)
    if args is not None:
        got = symdl.lambdify(f)(**args)
        got = got[list(got)[-1]] if isinstance(got, dict) else got
        np.testing.assert_allclose(float(np.asarray(got)), expected, rtol=1e-12)


@pytest.mark.parametrize("latex", [c[2] for c in NAMES], ids=[c[0] for c in NAMES])
def test_delta_before_a_name_stays_the_change(latex: str) -> None:
    f = symdl.parse(latex)
    assert not any(n.rule == "delta-product" for n in f.notes)
    spelled = {str(s) for st in f.statements for s in [*st.rhs.free_symbols, *(st.lhs.free_symbols if st.lhs else [])]}
    assert any(n.startswith("Delta") and n != "Delta" for n in spelled)


def test_exponential_of_the_step_times_a_capital_stays_refused() -> None:
    """Mamba's Ā = exp(ΔA) beside Δ = softplus(...): the matrix exponential, refused as it was for ΔA one name."""
    with pytest.raises(symdl.NotSupported, match="matrix exponential"):
        symdl.parse(r"\bar{A} = \exp(\Delta A) \\ \Delta = \mathrm{softplus}(s)")
