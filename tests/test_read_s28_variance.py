"""Derivatives by a squared name, batch normalisation's variance (issue 12, session 28; ``variance-variable``).

Batch normalisation's backward pass (Ioffe & Szegedy 2015, section 3; cs231n's and Kratzert's derivations)
differentiates by the mini-batch variance written as a square, ``\\frac{\\partial\\ell}{\\partial\\sigma_B^2}``.  It
was refused ("a derivative of order 1 by '\\sigma_B^2'").  A derivative of order 1 by a squared scalar name now is
the derivative by the square as a variable of its own: every square of the name in the formula is that variable
and the name alone its square root (noted ``variance-variable``).  A plain Latin ``\\partial f/\\partial x^2`` is
the same class (the variable x²); the order written above and below (``\\partial^2 f/\\partial x^2``) stays the
second derivative; the square of a vector or matrix, or a derivative by the name and by its square in one formula,
is refused.

The values are checked against plain numpy: finite differences of the batch-norm forward pass give the true
∂ℓ/∂σ² (σ² an input of its own) and ∂ℓ/∂μ (σ² computed from μ), which the paper's formulas must match.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
import sympy

import symdl
from symdl.errors import NotSupported

RNG = np.random.default_rng(28)
M, N, EPS = 6, 3, 1e-5
X = RNG.normal(size=M) * 2 + 1
GAMMA, BETA = 1.7, -0.3
UP = RNG.normal(size=M)  # ∂ℓ/∂y_i, the upstream gradient
MU = X.mean()
VAR = X.var()
H = 1e-6


def loss(x: np.ndarray, mu: float, var: float) -> float:
    """ℓ = Σ_i up_i y_i of the batch-norm forward pass y = γ (x - μ)/√(σ² + ε) + β, μ and σ² given."""
    return float(np.sum(UP * (GAMMA * (x - mu) / np.sqrt(var + EPS) + BETA)))


def central(f: Any, at: float) -> float:
    return (f(at + H) - f(at - H)) / (2 * H)


D_XHAT = UP * GAMMA  # ∂ℓ/∂x̂_i
D_VAR = central(lambda v: loss(X, MU, v), VAR)  # σ² a variable of its own
# μ: the direct path and the one through σ² = mean((x - μ)²)
D_MU = central(lambda m: loss(X, m, float(np.mean((X - m) ** 2))), MU)

X2 = RNG.normal(size=(M, N)) * 3  # a batch of M samples of N features (cs182's x_{i,j})
MU2 = X2.mean(axis=0)
VAR2 = X2.var(axis=0)


def xhat_by_var(j: int) -> np.ndarray:
    """∂x̂_{i,j}/∂σ²_j for all i, by finite differences of x̂_{i,j} = (x_{i,j} - μ_j)/√(σ²_j + ε)."""
    return central(lambda v: (X2[:, j] - MU2[j]) / np.sqrt(v + EPS), VAR2[j])


BN_VAR = (r"\frac{\partial\ell}{\partial\sigma_B^2} = \sum_{i=1}^m\frac{\partial\ell}{\partial\hat x_i}\cdot"
          r"(x_i-\mu_B)\cdot\frac{-1}{2}(\sigma_B^2+\epsilon)^{-3/2}")
BN_MU = (r"\frac{\partial\ell}{\partial\mu_B} = \left(\sum_{i=1}^m\frac{\partial\ell}{\partial\hat x_i}\cdot"
         r"\frac{-1}{\sqrt{\sigma_B^2+\epsilon}}\right) + \frac{\partial\ell}{\partial\sigma_B^2}\cdot"
         r"\frac{\sum_{i=1}^m -2(x_i-\mu_B)}{m}")
CS182 = (r"\frac{\partial \hat{x}_{i,j}}{\partial \sigma^2_j} = (x_{i,j} - \mu_j) \cdot \left(-\frac{1}{2}\right)"
         r"(\sigma^2_j + \epsilon)^{-3/2}")

# Ioffe & Szegedy's rows: (id, source, latex, arguments by name, the value plain numpy gives).  A derivative the
# formula names as a value is one input, not one per member, so ∂ℓ/∂x̂_i, the upstream gradient of each sample, is
# given here as the family g_i (the derivative replaced by g[i] in the read formula).
BATCH_NORM: list[tuple[str, str, str, dict[str, Any], float]] = [
    ("h28-274-bn-variance", "Ioffe & Szegedy 2015, Batch Normalization, section 3: ∂ℓ/∂σ_B²", BN_VAR,
     {"x": X, "mu_B": MU, "sigma_B^2": VAR, "epsilon": EPS, "g": D_XHAT, "m": M}, D_VAR),
    ("h28-275-bn-mean", "Ioffe & Szegedy 2015, section 3: ∂ℓ/∂μ_B, the direct path plus the one through σ_B²", BN_MU,
     {"x": X, "mu_B": MU, "sigma_B^2": VAR, "epsilon": EPS, "g": D_XHAT, "m": M,
      r"\frac{\partial\ell}{\partial\sigma_B^2}": D_VAR}, D_MU),
]


@pytest.mark.parametrize(("latex", "args", "expected"), [c[2:] for c in BATCH_NORM], ids=[c[0] for c in BATCH_NORM])
def test_batch_norm_backward(latex: str, args: dict[str, Any], expected: float) -> None:
    f = symdl.parse(latex)
    rhs = f.statements[0].rhs
    g, i = sympy.IndexedBase("g", real=True), f.indices[0]
    dvar = f.symbols.get(r"\frac{\partial\ell}{\partial\sigma_B^2}")
    upstream = {d: g[i] for d in rhs.atoms(sympy.Derivative) if d != dvar}
    named = {d: sympy.Symbol("dvar", real=True)} if (d := dvar) in rhs.atoms(sympy.Derivative) else {}
    expr = rhs.xreplace({**upstream, **named})
    values = {("dvar" if k.startswith(r"\frac") else k): v for k, v in args.items()}
    got = symdl.lambdify(expr)(**values)
    assert float(got) == pytest.approx(expected, rel=1e-6)
    assert "variance-variable" in [n.rule for n in f.notes]
    by = r"\sigma_B^2" if "sigma_B^2} =" in latex else r"\mu_B"  # the left side: by the variance, or by the mean
    assert f.statements[0].lhs.variables == (f.symbols[by],)


# (id, source, latex, arguments, the value plain numpy gives for the meaning the source has)
VALUES: list[tuple[str, str, str, dict[str, Any], Any]] = [
    ("h28-067-cs182-feature", "cs182 (fa25) batch-norm backward derivation: ∂x̂_{i,j}/∂σ²_j per feature j", CS182,
     {"x": X2, r"\mu": MU2, r"\sigma^2": VAR2, r"\epsilon": EPS},
     np.stack([xhat_by_var(j) for j in range(N)], axis=1)),
    ("sigma-alone-is-root", "a standard deviation beside the variance it is the root of: σ_B(σ_B² + 1)",
     r"\frac{\partial\ell}{\partial\sigma_B^2} = \sigma_B (\sigma_B^2 + 1)", {r"\sigma_B^2": 2.25}, 1.5 * 3.25),
]


@pytest.mark.parametrize(("latex", "args", "expected"), [c[2:] for c in VALUES], ids=[c[0] for c in VALUES])
def test_value(latex: str, args: dict[str, Any], expected: Any) -> None:
    f = symdl.parse(latex)
    got = symdl.lambdify(f)(**args)
    np.testing.assert_allclose(np.asarray(got, dtype=float), expected, rtol=1e-6)
    assert "variance-variable" in [n.rule for n in f.notes]


# (id, source, latex, the variable's spelling, its value, the true derivative by plain numpy)
DERIVATIVES: list[tuple[str, str, str, str, float, float]] = [
    ("xhat-by-variance", "Kratzert's batch-norm backward pass: x̂ = (x - μ)/√(σ² + ε) by σ²",
     r"\frac{\partial}{\partial \sigma^2} \frac{x - \mu}{\sqrt{\sigma^2 + \epsilon}}", r"\sigma^2", 0.8,
     central(lambda v: (2.0 - 0.5) / np.sqrt(v + EPS), 0.8)),
    ("inverse-std-by-variance", "cs231n's staged backward pass: 1/σ by σ² (σ alone: the variance's root)",
     r"\frac{\partial}{\partial \sigma^2} \frac{1}{\sigma}", r"\sigma^2", 0.8, central(lambda v: 1 / np.sqrt(v), 0.8)),
    ("latin-x-squared", "∂f/∂x² of order 1 by a plain Latin x: the variable x² (x⁴ = (x²)², so 2x²)",
     r"\frac{d}{dx^2} x^4", "x^2", 1.3, central(lambda v: v**2, 1.3)),
    ("inline-slash", "the inline spelling ∂(σ²+ε)^{-1/2} / ∂σ² as slides write it",
     r"\partial (\sigma^2 + \epsilon)^{-1/2} / \partial \sigma^2", r"\sigma^2", 0.8,
     central(lambda v: (v + EPS) ** -0.5, 0.8)),
]


@pytest.mark.parametrize(("latex", "name", "at", "expected"), [c[2:] for c in DERIVATIVES],
                         ids=[c[0] for c in DERIVATIVES])
def test_derivative_by_the_square(latex: str, name: str, at: float, expected: float) -> None:
    f = symdl.parse(latex)
    expr = f.statements[0].rhs.doit()
    values = {f.symbols[name]: at, **{f.symbols[k]: v for k, v in ((r"\mu", 0.5), ("x", 2.0), (r"\epsilon", EPS))
                                       if k in f.symbols}}
    assert float(expr.xreplace(values)) == pytest.approx(expected, rel=1e-6)
    assert [n.rule for n in f.notes].count("variance-variable") == 1


def test_latin_square_was_refused() -> None:
    """The notes' \\frac{\\partial L}{\\partial x^2} (refused before, tests/test_read_syntax.py's notes-d-by-square):
    the derivative of L by the variable x², noted with the second derivative as the other reading."""
    f = symdl.parse(r"\frac{\partial L}{\partial x^2}")
    assert str(f.statements[0].rhs) == "Derivative(L(x^2), x^2)"
    (n,) = [n for n in f.notes if n.rule == "variance-variable"]
    assert r"\frac{\partial^2 f}{\partial x^2}" in (n.alternative or "")


def test_note_span_and_names() -> None:
    f = symdl.parse(BN_VAR)
    (n,) = [n for n in f.notes if n.rule == "variance-variable"]
    assert BN_VAR[n.span.start : n.span.end] == r"\frac{\partial\ell}{\partial\sigma_B^2}"
    assert r"\sigma_B" in f"{n.message} {n.alternative}" and r"\partial^2" in (n.alternative or "")
    assert r"\sigma_B^2" in f.symbols and r"\sigma_B" not in f.symbols  # the variance is the input


# must not change: (id, source, latex, the reading as a string)
KEPT = [
    ("second-derivative", "d2l 'Calculus': the second derivative, its order written above and below",
     r"\frac{\partial^2 f}{\partial x^2}", "Derivative(f(x), (x, 2))"),
    ("second-derivative-greek", "a second derivative by σ, order written on both sides",
     r"\frac{\partial^2 \ell}{\partial \sigma^2}", "Derivative(ell(sigma), (sigma, 2))"),
    ("second-derivative-d", "Goodfellow et al. 4.3: d²f/dx²", r"\frac{d^2}{dx^2} x^4", "Derivative(x**4, (x, 2))"),
    ("variance-beside-std-no-derivative", "batch norm's forward pass: σ² beside σ, no derivative by it",
     r"y = \frac{x-\mu}{\sqrt{\sigma^2+\epsilon}} + \sigma", "Eq(y, sigma + (-mu + x)/sqrt(epsilon + sigma**2))"),
    ("derivative-by-std", "a derivative by σ itself keeps σ", r"\frac{\partial}{\partial \sigma} \sigma^2",
     "Derivative(sigma**2, sigma)"),
]


@pytest.mark.parametrize(("latex", "reading"), [c[2:] for c in KEPT], ids=[c[0] for c in KEPT])
def test_kept(latex: str, reading: str) -> None:
    f = symdl.parse(latex)
    st = f.statements[0]
    got = st.rhs if st.lhs is None else sympy.Eq(st.lhs, st.rhs, evaluate=False)
    assert str(got) == reading
    assert "variance-variable" not in [n.rule for n in f.notes]


def test_second_derivative_value_kept() -> None:
    """d2l: d²/dx² x⁴ = 12x², not the derivative by x² (2x²)."""
    f = symdl.parse(r"\frac{d^2}{dx^2} x^4")
    x = f.symbols["x"]
    assert f.statements[0].rhs.doit().xreplace({x: 1.3}) == pytest.approx(12 * 1.3**2)


# (id, source, latex, a piece of the message)
REFUSED = [
    ("vector-squared", "the square of a bold vector is no variable of its own",
     r"\frac{\partial f}{\partial \mathbf{x}^2}", "square of the vector or matrix"),
    ("cube", "order 1 by a cube: neither a variance nor an order", r"\frac{\partial f}{\partial x^3}",
     "a derivative of order 1 by 'x^3'"),
    ("order-mismatch", "order 3 on top, 2 below", r"\frac{\partial^3 f}{\partial x^2}", "of order 3"),
    ("by-std-and-variance", "derivatives by σ and by σ² in one formula (σ would be both √v and a variable)",
     r"\frac{\partial\ell}{\partial\sigma} + \frac{\partial\ell}{\partial\sigma^2}", "derivatives by both"),
]


@pytest.mark.parametrize(("latex", "message"), [c[2:] for c in REFUSED], ids=[c[0] for c in REFUSED])
def test_refused(latex: str, message: str) -> None:
    with pytest.raises(NotSupported) as err:
        symdl.parse(latex)
    assert message in str(err.value)


# explain's equality checks: (id, source, latex, the verdict said, or None for no check)
CHECKS = [
    ("cs182-member-derivative-unknown", "cs182's ∂x̂_{i,j}/∂σ²_j: x̂ is not written in σ², so its derivative is no "
     "value (it was 0: 'does NOT hold')", CS182, None),
    ("cs182-by-std-unknown", "the same row by σ_j (read before this session): no check either",
     CS182.replace(r"\partial \sigma^2_j}", r"\partial \sigma_j}"), None),
    ("tanh-derivative-kept", "d2l: d/dx tanh x = 1 - tanh² x still checked", r"\frac{d}{dx} \tanh x = 1 - \tanh^2 x",
     "holds"),
    ("constant-derivative-kept", "a derivative of an expression without the variable is still 0, checked",
     r"\frac{\partial}{\partial y} x^2 = 1", "does NOT hold"),
]


@pytest.mark.parametrize(("latex", "verdict"), [c[2:] for c in CHECKS], ids=[c[0] for c in CHECKS])
def test_explain_checks(latex: str, verdict: str | None) -> None:
    checks = [r.text for r in symdl.explain(latex).relations if r.text.startswith("checked:")]
    assert [c.rsplit("$ ", 1)[1] for c in checks] == ([] if verdict is None else [verdict])


def test_variable_shown_as_the_square() -> None:
    """The variable prints as the square it stands for (σ_B², σ²[j]), not as its SymPy name sigma_B^2."""
    from symdl.render.unicode import unicode_name

    assert [unicode_name(n) for n in ("sigma_B^2", "sigma^2", "x^2")] == ["σ_B²", "σ²", "x²"]
    assert "σ_B²" in str(symdl.explain(BN_VAR))
