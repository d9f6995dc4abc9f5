"""The Python API: every function that takes text takes parse()'s options too (``lenient``, ``shapes``) and they
change the reading as they do in parse(); an unknown option is Python's TypeError, never an InternalError."""

from __future__ import annotations

import numpy as np
import pytest

import symdl

STRIPPED_EMA = "v = beta v + (1-beta) g"  # backslashes lost in a copy-paste: \beta read only with lenient


def test_explain_lenient_repairs_and_names() -> None:
    repaired = symdl.explain(STRIPPED_EMA, lenient=True)
    assert "ema" in repaired.concepts
    assert [w.message for w in repaired.formula.warnings] == ["read 'beta' as \\beta"] * 2
    assert not symdl.explain(STRIPPED_EMA).formula.warnings  # without lenient nothing is repaired


def test_compare_lenient() -> None:
    assert symdl.compare(STRIPPED_EMA, r"m = b m + (1-b) x", lenient=True).same


@pytest.mark.parametrize(
    ("how", "kwargs"),
    [
        pytest.param("keyword", {"shapes": {"W": (2, 3), "x": 3}}, id="shapes-keyword"),
        pytest.param("config", {"config": symdl.Config(shapes={"W": (2, 3), "x": (3,)})}, id="shapes-in-config"),
    ],
)
def test_diff_takes_shapes_either_way(how: str, kwargs: dict[str, object]) -> None:
    """d/dW ‖W x‖² = 2 W x xᵀ: the matrix answer, checked on numbers."""
    d = symdl.diff(r"\|W x\|^2", "W", **kwargs)
    f = symdl.lambdify(d.expr, symbols=None)
    rng = np.random.default_rng(0)
    w, x = rng.normal(size=(2, 3)), rng.normal(size=(3, 1))
    got = np.asarray(f(W=w, x=x)).reshape(2, 3)
    np.testing.assert_allclose(got, 2 * w @ x @ x.T, rtol=1e-12)


def test_check_gradient_and_derivation_take_parse_options() -> None:
    assert symdl.check_gradient("x^2", "x", "2x", lenient=True).verdict == "verified"
    stripped = r"z = w x \\ a = sigma(z) \\ L = (a - y)^2 \\ dz = 2(a - y) a (1-a)"  # \sigma lost its backslash
    assert symdl.check_derivation(stripped, lenient=True).verdict == "verified"


@pytest.mark.parametrize(
    ("call", "args", "kwargs"),
    [
        pytest.param(symdl.explain, ("x",), {"bogus": 1}, id="explain-unknown-option"),
        pytest.param(symdl.diff, ("x^2",), {}, id="diff-without-wrt"),
        pytest.param(symdl.check_derivation, ("x",), {"wrt": "x"}, id="check-derivation-unknown-option"),
    ],
)
def test_a_wrong_call_is_a_type_error(call: object, args: tuple[object, ...], kwargs: dict[str, object]) -> None:
    with pytest.raises(TypeError, match=r"symdl\.\w+\(\)"):
        call(*args, **kwargs)  # type: ignore[operator]
