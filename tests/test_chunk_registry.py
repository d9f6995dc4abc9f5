"""The concept registry is data: every contract id exists, is documented and recognises something."""

from __future__ import annotations

import pytest
import sympy
from sympy import Piecewise, Symbol, erf, exp, sqrt

from symdl.chunk import REGISTRY, explain
from symdl.chunk.build import formula, statement
from symdl.chunk.registry import Concept

CONTRACT = (
    "ema momentum running_sum bias_correction rms_normalization gradient_descent_step sigmoid tanh relu "
    "leaky_relu elu selu softplus silu gelu softmax log_softmax logsumexp cross_entropy binary_cross_entropy "
    "mse squared_error mae hinge l2_penalty dot_product bilinear_form cosine_similarity l2_norm "
    "weighted_average weighted_sum linear_layer concatenation mean normalization permutation"
).split()


@pytest.mark.parametrize("cid", CONTRACT)
def test_contract_id_is_registered_and_documented(cid: str) -> None:
    c = REGISTRY[cid]
    assert isinstance(c, Concept) and c.id == cid
    assert c.name and c.what and len(c.explanation) > len(c.what)
    assert c.recognise is not None
    assert all(r in REGISTRY for r in c.related), [r for r in c.related if r not in REGISTRY]


def test_concepts_are_frozen() -> None:
    with pytest.raises(AttributeError):
        REGISTRY["ema"].name = "x"  # type: ignore[misc]


x = Symbol("x", real=True)
alpha, lam = Symbol("alpha", real=True), Symbol("lambda", real=True)

# Forms the reader cannot produce yet (or produces differently), built per the representation contract.
HAND_BUILT = [
    ("gelu-erf", x / 2 * (1 + erf(x / sqrt(2))), "gelu"),
    ("elu-lt-first", Piecewise((alpha * (exp(x) - 1), x < 0), (x, True)), "elu"),
    ("leaky-piecewise", Piecewise((x, x > 0), (sympy.Rational(1, 100) * x, True)), "leaky_relu"),
    ("relu-piecewise", Piecewise((x, x >= 0), (0, True)), "relu"),
    ("relu-abs", (x + sympy.Abs(x)) / 2, "relu"),
    ("selu-standard", 1.0507 * Piecewise((x, x > 0), (1.67326 * (exp(x) - 1), True)), "selu"),
    ("tanh-sinh-cosh", sympy.sinh(x) / sympy.cosh(x), "tanh"),
]


@pytest.mark.parametrize(("expr", "cid"), [c[1:] for c in HAND_BUILT], ids=[c[0] for c in HAND_BUILT])
def test_hand_built_forms(expr: sympy.Basic, cid: str) -> None:
    assert explain(formula(expr)).statements[0].concept == cid


def test_selu_standard_constants_are_noted() -> None:
    root = explain(formula(HAND_BUILT[5][1])).statements[0]
    assert "self-normalising" in root.note


def test_update_built_by_hand() -> None:
    v, g = Symbol("v", real=True), Symbol("g", real=True)
    expl = explain(formula(statement(v, sympy.Float("0.8") * v + sympy.Float("0.2") * g)))
    assert expl.statements[0].concept == "ema"
    assert dict(expl.statements[0].params)["decay"] == sympy.Float("0.8")
