"""Stop-gradient operators and objectives over several variables (session 26, issue 12).

- The stop-gradient is one function record (symdl.activations): its argument in value, derivative 0, spelt
  ``\\text{stop\\_gradient}`` (BYOL), ``\\tt{stopgrad}`` / ``\\texttt{stopgrad}`` (SimSiam), ``\\mathrm{sg}[\\cdot]``
  (VQ-VAE), ``x.detach()`` (PyTorch), ``jax.lax.stop_gradient`` / ``tf.stop_gradient`` (JAX, TensorFlow);
- ``\\min_{w,b}``, ``\\max_{\\theta,\\phi}``, ``\\arg\\min_{w, b}`` over several variables (none an index of the body's
  entries) read as over one variable: the objective prefix, or the optimum as a whole right side.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
import sympy

import symdl
from symdl.activation_classes import stop_gradient
from symdl.activations import BY_KEY
from symdl.errors import NotSupported

RNG = np.random.default_rng(26)
Z = RNG.normal(size=4)
E = RNG.normal(size=4)
P = RNG.normal(size=4)

# (id, source, latex, arguments, the value plain numpy gives)
VALUES: list[tuple[str, str, str, dict[str, Any], Any]] = [
    ("byol-text-stop-gradient", "BYOL (Grill et al. 2020) eq. 2, with the projections as plain names",
     r"L = \|\mathbf{p} - \text{stop\_gradient}(\mathbf{z})\|_2^2",
     {r"\mathbf{p}": P, r"\mathbf{z}": Z}, np.sum((P - Z) ** 2)),
    ("simsiam-tt-stopgrad", "SimSiam (Chen & He 2021) eq. 4, D as the negative product",
     r"L = -\frac{1}{2} p_1 \tt{stopgrad}(z_2) - \frac{1}{2} p_2 \tt{stopgrad}(z_1)",
     {"p_1": 0.3, "p_2": -1.2, "z_1": 0.7, "z_2": 2.0}, -0.5 * 0.3 * 2.0 + 0.5 * 1.2 * 0.7),
    ("simsiam-texttt", "SimSiam's algorithm box, z.detach() written \\texttt{stopgrad}",
     r"y = \texttt{stopgrad}(x) + x", {"x": Z}, 2 * Z),
    ("vqvae-sg-brackets", "VQ-VAE (van den Oord et al. 2017) eq. 3, codebook and commitment terms",
     r"L = \|\mathrm{sg}[\mathbf{z}] - \mathbf{e}\|_2^2 + \beta \|\mathbf{z} - \mathrm{sg}[\mathbf{e}]\|_2^2",
     {r"\mathbf{z}": Z, r"\mathbf{e}": E, r"\beta": 0.25}, 1.25 * np.sum((Z - E) ** 2)),
    ("stopgrad-capitals", "StopGrad as papers capitalise it", r"y = \mathrm{StopGrad}(x)^2", {"x": Z}, Z**2),
    ("torch-detach", "PyTorch docs, Tensor.detach (SimSiam's pseudo-code z.detach())", r"y = x.detach() * 3",
     {"x": Z}, 3 * Z),
    ("jax-lax-stop-gradient", "JAX docs, jax.lax.stop_gradient", r"y = jax.lax.stop_gradient(x) + 1", {"x": Z}, Z + 1),
    ("tf-stop-gradient", "TensorFlow docs, tf.stop_gradient", r"y = tf.stop_gradient(x) * x", {"x": Z}, Z * Z),
    # must not change: a plain \tt name and a text label with an escaped underscore
    ("tt-switch-name", "older papers' {\\tt name} font switch", r"y = {\tt lr} \cdot g", {r"{\tt lr}": 0.1, "g": 2.0}, 0.2),
    ("fan-out-label", "He et al.'s fan\\_out (a label, not a function)", r"y = 2 / \mathrm{fan\_out}",
     {r"\mathrm{fan\_out}": 4.0}, 0.5),
]


@pytest.mark.parametrize(("latex", "args", "expected"), [c[2:] for c in VALUES], ids=[c[0] for c in VALUES])
def test_value(latex: str, args: dict[str, Any], expected: Any) -> None:
    f = symdl.parse(latex)
    got = symdl.lambdify(f)(**args)
    np.testing.assert_allclose(np.asarray(got, dtype=float), expected, rtol=1e-12)


# (id, source, latex, variable, the derivative through the stop-gradient, built from the formula's names)
DERIVATIVES: list[tuple[str, str, str, str, Any]] = [
    ("sg-derivative-zero", "the definition: sg is a constant to differentiation", r"y = \mathrm{sg}(x)", "x",
     lambda s: sympy.S.Zero),
    ("sg-one-side", "BYOL-like: only the online side carries a gradient", r"L = (w x - \mathrm{sg}(v x))^2", "w",
     lambda s: 2 * s["x"] * (s["w"] * s["x"] - stop_gradient(s["v"] * s["x"]))),
    ("detach-target", "a DQN target detached (PyTorch's target.detach())", r"L = (q - (r + g * q).detach())^2", "q",
     lambda s: 2 * (s["q"] - stop_gradient(s["g"] * s["q"] + s["r"]))),
]


@pytest.mark.parametrize(("latex", "wrt", "expected"), [c[2:] for c in DERIVATIVES], ids=[c[0] for c in DERIVATIVES])
def test_derivative(latex: str, wrt: str, expected: Any) -> None:
    got = symdl.diff(symdl.parse(latex), wrt).expr
    names = {s.name: s for s in got.free_symbols}
    assert sympy.expand(got - expected(names)) == 0


def test_vqvae_commitment_gradient() -> None:
    """VQ-VAE eq. 3: the encoder's gradient is the commitment term's alone, 2β(z − sg(e))."""
    f = symdl.parse(r"L = \|\mathrm{sg}[\mathbf{z}] - \mathbf{e}\|_2^2 + \beta \|\mathbf{z} - \mathrm{sg}[\mathbf{e}]\|_2^2")
    g = symdl.grad(f, r"\mathbf{z}")
    assert "sg(e)" in str(g) and "β" in str(g)


def test_record_and_check() -> None:
    record = BY_KEY["stop_gradient"]
    assert record.cls is stop_gradient and record.derivative(sympy.Symbol("u")) == 0
    np.testing.assert_array_equal(record.kernel(Z), Z)  # type: ignore[misc]
    assert record.kernel(Z + 1e-20j).imag.max() == 0  # type: ignore[misc,union-attr]
    assert symdl.check_gradient(r"L = (y - \mathrm{sg}(w x))^2 + w^2", "w", "2 w").verdict == "verified"
    assert symdl.check_gradient(r"L = (y - \mathrm{sg}(w x))^2 + w^2", "w", "2 w - 2 x (y - w x)").verdict == "refuted"


# (id, source, latex, the notes' rules that must be there, the statement's value kind)
OBJECTIVES: list[tuple[str, str, str, set[str]]] = [
    ("svm-primal", "cs229 notes, the SVM primal with slack (as the issue quotes it)",
     r"\min_{w,b} \frac{1}{2}\|w\|^2 + C\sum_{i=1}^{m}\xi_i \quad \text{s.t. } y^{(i)}(w^T x^{(i)} + b) \ge 1 - \xi_i",
     {"objective-prefix", "condition-clause"}),
    ("vae-theta-phi", "Kingma & Welling: the ELBO maximised over both parameter sets",
     r"\max_{\theta,\phi} \log p_\theta(x) + \log q_\phi(z)", {"objective-prefix"}),
    ("argmin-w-b", "an SVM's solution over both parameters", r"v = \arg\min_{w, b} \|w\|^2 + b^2",
     {"optimum-over-variable"}),
    # must not change
    ("gan-min-max", "Goodfellow et al. 2014, the GAN objective", r"\min_G \max_D V(D, G)", {"objective-prefix"}),
    ("min-w", "one variable", r"\min_w L(w)", {"objective-prefix"}),
    ("max-i-j-entries", "global max pooling over entries", r"\max_{i,j} A_{ij}", {"sum-several-indices"}),
    ("sum-i-j", "a double sum", r"\sum_{i,j} A_{ij}", {"sum-several-indices"}),
]


@pytest.mark.parametrize(("latex", "rules"), [c[2:] for c in OBJECTIVES], ids=[c[0] for c in OBJECTIVES])
def test_objective_notes(latex: str, rules: set[str]) -> None:
    f = symdl.parse(latex)
    assert rules <= {n.rule for n in f.notes}


def test_svm_primal_reads_as_over_w() -> None:
    """The SVM primal over (w, b) reads as the same primal over w alone (its evaluation is a separate limit: an
    indexed sum beside a norm's matrix product)."""
    over_w = OBJECTIVES[0][2].replace(r"\min_{w,b}", r"\min_w")
    assert str(symdl.parse(OBJECTIVES[0][2])) == str(symdl.parse(over_w))


def test_least_squares_over_w_b_evaluates() -> None:
    """Linear regression's objective over slope and intercept (d2l 3.1): the function being optimised, evaluated."""
    f = symdl.parse(r"\min_{w, b} \frac{1}{2}(w x + b - y)^2")
    assert "objective-prefix" in {n.rule for n in f.notes}
    np.testing.assert_allclose(symdl.lambdify(f)(w=0.5, x=2.0, b=-0.25, y=1.5), 0.5 * (1.0 - 0.25 - 1.5) ** 2)


def test_max_over_index_kept() -> None:
    f = symdl.parse(r"\max_{i} x_i")
    np.testing.assert_allclose(symdl.lambdify(f)(x=Z), Z.max())
    g = symdl.parse(r"\max_{i,j} A_{ij}")
    a = RNG.normal(size=(3, 2))
    np.testing.assert_allclose(symdl.lambdify(g)(A=a), a.max())


REFUSED = [
    ("several-inside-sum", "an optimum over two variables inside arithmetic", r"y = 1 + \min_{w,b} (w + b)"),
    ("max-pair-unused", "two letters nothing in the body uses", r"\max_{i,j} \|\mathbf{x} - \mathbf{y}\|"),
]


@pytest.mark.parametrize("latex", [c[2] for c in REFUSED], ids=[c[0] for c in REFUSED])
def test_refused(latex: str) -> None:
    with pytest.raises(NotSupported):
        symdl.parse(latex)


def test_several_actions_stay_refused() -> None:
    """RL's actions are a finite set (\\max_a is over them, evaluated): \\max_{s,a} Q(s,a) stays refused (s20)."""
    with pytest.raises(NotSupported, match="several indices at once"):
        symdl.parse(r"y = \max_{s,a} Q(s,a)")
