r"""Names that are one symbol, and calls beside calls (session 14, fifth part, from a held-out measurement).  Each
was read silently wrong or refused for the wrong reason:

- a small delta right before a name (Nocedal & Wright's L-BFGS ``V_k = I - \rho_k \delta u_k \delta w_k^\top``,
  LeCun et al.'s Optimal Brain Damage, Hassibi & Stork's Optimal Brain Surgeon, Bishop's ``\delta\mathbf{w}``) was δ
  times the name: it is the change in it, one name (``delta-change``), where δ is never a name of its own (Nielsen's
  ``\delta^l_j``, the Kronecker ``\delta_{ij}``, Huber's δ stay);
- the imaginary unit of RoPE's ``e^{im\theta}`` (Su et al.), FNet's DFT (Lee-Thorp et al.), S4's roots of unity (Gu et
  al.) and numpy's FFT docs was a real variable i: refused by name, with the rotation in cos and sin as the hint;
- AdaGrad per coordinate (Duchi et al., as Ruder writes it) ``\nu_t(i)`` beside ``w_t(i)``, ``g_t(i)`` was ν_t·i:
  a subscripted Greek name applied to the argument the Latin functions take is a call (``call-shared-argument``),
  and so in RMSprop (Tieleman & Hinton), Adadelta (Zeiler) and delta-bar-delta's per-weight rates (Jacobs);
- label smoothing's ``q'(k|x) = (1 - \epsilon) \delta_{k,y} + \epsilon u(k)`` (Szegedy et al.) was refused as the
  derivative of a function of several arguments: q' is a new function (``prime-definition``), and so is Sutton &
  Barto's improved policy ``\pi'(s)`` (before: "a prime with nothing before it"); ``\sigma'(z)``, Bishop's
  ``|g'(y)|`` beside ``g(y)`` and ``f'(x)`` beside ``f(x) = ...`` stay derivatives.

Each row: the formula as its source writes it, seeded inputs and plain numpy's value, and the notes by rule;
refusals name the construct and its span.
"""

from __future__ import annotations

import numpy as np
import pytest
import sympy

import symdl
from tests.real_sources import assert_reads_as, assert_refused_at

RNG = np.random.default_rng(1405)
U3, W3, G3, X3 = RNG.normal(size=(4, 3))
G5, U5 = RNG.normal(size=(2, 5))
H5, H3 = RNG.normal(size=(5, 5)), RNG.normal(size=(3, 3))
A, B, C = RNG.uniform(0.1, 0.9, size=3)
I2 = 2  # a coordinate
ADAGRAD = {"w_t": np.sin, "g_t": np.cos, "nu_t": np.exp}

# (id, source, latex, functions given, inputs, numpy's value, notes by rule)
CASES = [
    # -- a small delta right before a name: the change in it -------------------------------------------------------
    ("nocedal-wright-lbfgs-v", "Nocedal & Wright, Numerical Optimization eq. 7.16's V_k, the steps written δu, δw",
     r"V_k = I - \rho_k \delta u_k \delta w_k^\top", {},
     {r"\rho_k": A, r"\delta u_k": U3, r"\delta w_k": W3, "I": np.eye(3)}, np.eye(3) - A * np.outer(U3, W3),
     ["delta-change", "delta-change"]),
    ("nocedal-wright-bfgs-h", "Nocedal & Wright eq. 6.17: the BFGS inverse-Hessian update, the step written δu",
     r"H_{k+1} = V_k^\top H_k V_k + \rho_k \delta u_k \delta u_k^\top", {},
     {"V_k": H3, "H_k": H3.T @ H3, r"\rho_k": B, r"\delta u_k": U3},
     H3.T @ (H3.T @ H3) @ H3 + B * np.outer(U3, U3), ["delta-change"]),
    ("lecun-obd-diagonal", "LeCun, Denker & Solla, Optimal Brain Damage (1990), eq. 1's first and diagonal terms",
     r"\delta E = \sum_i g_i \delta u_i + \frac{1}{2} \sum_i h_{ii} \delta u_i^2", {},
     {"g": G5, r"\delta u": U5, "h": H5}, G5 @ U5 + 0.5 * (np.diag(H5) * U5**2).sum(), ["delta-change", "delta-change"]),
    ("hassibi-stork-obs", "Hassibi & Stork, Optimal Brain Surgeon (1993), eq. 1 at a minimum (the gradient term zero)",
     r"\delta E = \frac{1}{2} \delta\mathbf{w}^T \mathbf{H} \delta\mathbf{w}", {},
     {r"\delta \mathbf{w}": W3, r"\mathbf{H}": H3}, 0.5 * W3 @ H3 @ W3, ["delta-change", "delta-change"]),
    ("bishop-5.2-step", "Bishop, PRML sec. 5.2: a small step in weight space from w to w + δw",
     r"\boldsymbol{\theta} \leftarrow \boldsymbol{\theta} + \delta\boldsymbol{\theta}", {},
     {r"\boldsymbol{\theta}": X3, r"\delta \boldsymbol{\theta}": G3}, X3 + G3, ["delta-change"]),
    # must not change: δ as a name of its own keeps δ, and Δ before a name reads without a note
    ("huber-delta", "Huber (1964): the loss beyond the threshold δ", r"L = \delta (|a| - \frac{1}{2} \delta)", {},
     {r"\delta": A, "a": -3.0}, A * (3.0 - A / 2), []),
    ("kronecker-picks", "the Kronecker delta picks an entry", r"y_i = \sum_j \delta_{ij} x_j", {}, {"x": X3}, X3, []),
    ("nielsen-bp4", "Nielsen, NNDL ch. 2, BP4 for one weight: the error δ^l_j times an activation",
     r"g = a^{l-1}_k \delta^l_j", {}, {"a^{l-1}": U3, r"\delta^l": W3}, np.outer(W3, U3), ["superscript-layer"] * 2),
    ("nielsen-delta-w", "Nielsen, NNDL ch. 1: the change Δw in a weight", r"w' = w - \eta \Delta w", {},
     {"w": A, r"\eta": B, r"\Delta w": C}, A - B * C, []),
    # -- a Greek name applied to the argument Latin functions take: a call -----------------------------------------
    ("adagrad-per-coordinate", "AdaGrad (Duchi et al. 2011) per coordinate i, as Ruder's overview writes it",
     r"w_{t+1}(i) \leftarrow w_t(i) - \eta \frac{g_t(i)}{\sqrt{\nu_t(i)}}", ADAGRAD, {r"\eta": A, "i": I2},
     np.sin(I2) - A * np.cos(I2) / np.sqrt(np.exp(I2)), ["call-shared-argument"]),
    ("rmsprop-per-coordinate", "RMSprop (Tieleman & Hinton, lecture 6e) per coordinate, as Ruder writes it",
     r"w_{t+1}(i) = w_t(i) - \frac{\eta}{\sqrt{\nu_t(i) + \epsilon}} g_t(i)", ADAGRAD,
     {r"\eta": A, r"\epsilon": 1e-8, "i": I2}, np.sin(I2) - A / np.sqrt(np.exp(I2) + 1e-8) * np.cos(I2),
     ["call-shared-argument"]),
    ("adadelta-per-coordinate", "Adadelta (Zeiler 2012), eq. 14 per coordinate: the two running RMS",
     r"x_{t+1}(i) = x_t(i) - \frac{\sqrt{s_{t-1}(i) + \epsilon}}{\sqrt{\nu_t(i) + \epsilon}} g_t(i)",
     {"x_t": np.sin, "s_{t-1}": np.exp, "g_t": np.cos, "nu_t": np.cosh}, {r"\epsilon": 1e-6, "i": I2},
     np.sin(I2) - np.sqrt(np.exp(I2) + 1e-6) / np.sqrt(np.cosh(I2) + 1e-6) * np.cos(I2), ["call-shared-argument"]),
    ("jacobs-per-weight-rate", "Jacobs (1988), delta-bar-delta: a learning rate ε_t(i) for each weight",
     r"w_{t+1}(i) = w_t(i) - \epsilon_t(i) g_t(i)", {"w_t": np.sin, "g_t": np.cos, "epsilon_t": np.exp}, {"i": I2},
     np.sin(I2) - np.exp(I2) * np.cos(I2), ["call-shared-argument"]),
    # must not change: a coefficient before a bracketed sum stays a product
    ("weight-decay-per-coordinate", "SGD with L2 weight decay per coordinate (Krogh & Hertz 1992)",
     r"w_{t+1}(i) = w_t(i) - \eta (g_t(i) + \lambda w_t(i))", {"w_t": np.sin, "g_t": np.cos},
     {r"\eta": A, r"\lambda": B, "i": I2}, np.sin(I2) - A * (np.cos(I2) + B * np.sin(I2)), []),
    # must not change: exponentials with no imaginary unit
    ("softmax", "the softmax (Goodfellow et al. eq. 6.29)", r"p_i = \frac{e^{z_i}}{\sum_j e^{z_j}}", {}, {"z": X3},
     np.exp(X3) / np.exp(X3).sum(), []),
    ("d2l-exponential-decay", "d2l sec. 12.11: an exponentially decaying learning rate",
     r"\eta_t = \eta_0 e^{-\lambda t}", {}, {r"\eta_0": A, r"\lambda": B, "t": 3.0}, A * np.exp(-B * 3.0), []),
]


@pytest.mark.parametrize(("latex", "functions", "inputs", "want", "rules"), [r[2:] for r in CASES],
                         ids=[r[0] for r in CASES])
def test_reads_as_its_source_means(latex: str, functions: dict, inputs: dict, want: object, rules: list[str]) -> None:
    assert_reads_as(symdl.parse(latex), inputs, want, rules, functions=functions)


# (id, source, latex, the defined function's name, values of the right side's names, its value, notes by rule)
PRIMED = [
    ("szegedy-label-smoothing", "Szegedy et al., Rethinking the Inception Architecture (2016), sec. 7",
     r"q'(k|x) = (1 - \epsilon) \delta_{k,y} + \epsilon u(k)", "q'", {"epsilon": A, "k": 2, "y": 2},
     (1 - A) + A * 0.25, ["prime-definition", "index-value", "kronecker-delta", "index-value"]),
    ("szegedy-uniform-prior", "Szegedy et al., sec. 7: the smoothing with the uniform prior u(k) = 1/K",
     r"q'(k) = (1 - \epsilon) \delta_{k,y} + \frac{\epsilon}{K}", "q'", {"epsilon": A, "k": 1, "y": 2, "K": 4},
     A / 4, ["prime-definition", "index-value", "kronecker-delta"]),
    # read, not evaluated: an arg max, and a policy of unknown action values
    ("sutton-barto-4.9", "Sutton & Barto, RL: An Introduction, eq. 4.9: the greedy policy improved from q_π",
     r"\pi'(s) = \arg\max_a q_\pi(s, a)", "pi'", None, None, ["prime-definition", "optimum-over-variable"]),
    ("sutton-barto-13.2-improved", "Sutton & Barto eq. 13.2's soft-max in action preferences, as a new policy π'",
     r"\pi'(a|s) = \frac{e^{h(s, a)}}{\sum_b e^{h(s, b)}}", "pi'", None, None, ["prime-definition"]),
]


@pytest.mark.parametrize(("latex", "name", "values", "want", "rules"), [r[2:] for r in PRIMED],
                         ids=[r[0] for r in PRIMED])
def test_a_primed_definition_names_a_new_function(latex: str, name: str, values: dict | None, want: float | None,
                                                  rules: list[str]) -> None:
    """The primed name on the left is the function defined (not a derivative); the right side is read as written."""
    f = symdl.parse(latex)
    assert [n.rule for n in f.notes] == rules
    [st] = f.statements
    assert type(st.lhs).__name__ == name and not st.lhs.atoms(sympy.Derivative)
    if values is None:
        return
    rhs = st.rhs.replace(sympy.Function("u"), lambda _k: sympy.Rational(1, 4))
    got = rhs.subs({s: values[s.name] for s in rhs.free_symbols})
    assert float(got) == pytest.approx(want, rel=1e-12)


@pytest.mark.parametrize(("latex", "derivative"), [
    pytest.param(r"f(x) = x^2 \\ f'(x) = 2 x", True, id="defined-f-prime"),  # f is written: f' its derivative
    pytest.param(r"\sigma'(z) = \sigma(z)(1 - \sigma(z))", True, id="nielsen-sigma-prime"),  # Nielsen, ch. 2
    pytest.param(r"p_y(y) = p_x(g(y)) |g'(y)|", True, id="bishop-1.27"),  # Bishop's change of variables: g written
])
def test_a_primed_name_of_a_written_function_stays_its_derivative(latex: str, derivative: bool) -> None:
    f = symdl.parse(latex)
    st = f.statements[-1]
    assert bool((st.lhs + st.rhs).atoms(sympy.Derivative)) is derivative
    assert "prime-definition" not in [n.rule for n in f.notes]


REFUSED = [
    ("su-rope", "Su et al., RoFormer (2021), eq. 12: the query rotated by mθ",
     r"f_q(\boldsymbol{x}_m, m) = (\boldsymbol{W}_q \boldsymbol{x}_m) e^{im\theta}", "the imaginary unit i", "i"),
    ("su-rope-2d", "Su et al., RoFormer, the 2D case: a vector q at position m",
     r"f(\boldsymbol{q}, m) = \boldsymbol{q} e^{i m \theta}", "the imaginary unit i", "i"),
    ("fnet-dft", "Lee-Thorp et al., FNet (2022), eq. 1: the discrete Fourier transform",
     r"X_k = \sum_{n=0}^{N-1} x_n e^{-\frac{2\pi i}{N} nk}", "the imaginary unit i", "i"),
    ("numpy-fft", "the numpy.fft docs: the DFT, written with \\exp and a fraction",
     r"A_k = \sum_{m=0}^{n-1} a_m \exp\left(-2\pi i \frac{mk}{n}\right)", "the imaginary unit i", "i"),
    ("s4-roots-of-unity", "Gu et al., S4 (2022), Lemma C.3: the roots of unity the kernel is evaluated at",
     r"\omega_k = \exp(-2\pi i k / L)", "the imaginary unit i", "i"),
]


@pytest.mark.parametrize(("latex", "what", "text"), [r[2:] for r in REFUSED], ids=[r[0] for r in REFUSED])
def test_refused_by_name(latex: str, what: str, text: str) -> None:
    assert_refused_at(latex, what, text)
