r"""Session 49, from held-out set 54: classes of notation, each a rule with its note, checked by value against
plain numpy where the formula has a value, and by its reading and note where it states a relation.

* XLNet's ``\sum_{t=c+1}^{|\mathbf{z}|}``: bars around a whole vector in a sum's bound are its length
  (``bound-size``; before: the bars' variable taken for the size, an internal error in the chunk stage).
* M4's sMAPE ``y_{T+i}``: a capital no sum binds, added to an index, is a number, an offset (``offset-position``;
  before: refused).
* Movement pruning's ``\sum_{t<T}``: from 1 to T - 1 (``sum-below-count``; before: refused).
* VAT's ``D[p(y \mid x, \hat\theta), p(y \mid x + r, \hat\theta)]``: a divergence of the two distributions
  (``divergence-arguments``; before: D times a column of two numbers, silently).
* NoisyNet's ``\mathbf{W}_{noisy} \odot \epsilon^w``: the superscript of an operand of ``\odot`` is a label, and a lone
  name beside a matrix there is a matrix (``superscript-hadamard-label``; before: powers of a number, silently).
* The posterior predictive ``p(x_{new} \mid x) = \int p(x_{new} \mid z) p(z \mid x) dz``: an equation the density
  satisfies, not its definition (``function-equation``); GAE's ``\hat{A}_t = \delta_t + \gamma\lambda \hat{A}_{t+1}``: the next step's value of
  the same quantity, a recursion run backwards, no momentum (before: two unrelated names).
* The GPyTorch docs' ``x_{1,i}`` beside ``\mathbf{x_1}``: entry i of that vector (``labelled-vector-entry``; before:
  a family x of its own, so the kernel ignored its arguments).
* Learning from Data's ``y = s(\mathbf{w}^T\mathbf{x})`` before ``s(a) = \begin{cases}...``: a call of the function
  defined after it (before: s times w^T x, noted as a guess).
* Boyd & Vandenberghe's Newton step ``-\nabla^2 f(\mathbf{x})^{-1} \nabla f(\mathbf{x})``: the Hessian, an n × n
  matrix given by its spelling, and its inverse (before: refused).
* Ruder's ``\eta_t \nabla_\theta E(\boldsymbol{\theta}_t)`` beside bold vectors: the gradient at the iterate θ_t
  (before: the term dropped, silently).
* Hopfield/RBM energies' ``\sum_\mu b_\mu(h_\mu)``, ``\sum_{i\mu} W_{i\mu}``: a Greek index names a family of
  functions and joins a run of sum letters as a subscript; synaptic intelligence's ``t^{\nu-1}`` beside ``t^\nu``
  under ``\sum_{\nu<\mu}``: pattern ν - 1, not a power (before: refused, or a function that did not vary with μ).
* GraphSAGE's ``\mathbf{W}_1 \mathbf{x}_i + \mathbf{W}_2 \sum_j a_{ij} \mathbf{x}_j``: a matrix times a sum of
  members beside a matrix times a member, both read entry by entry (before: refused).
* GPyTorch's ``\frac{d\widehat{K}_{XX}}{d\theta}`` and a neural ODE's ``\frac{d\mathbf{h}(t)}{dt} = f(\mathbf{h}(t),
  t, \theta)``: the derivative of a matrix or vector by a number is an array of its shape, and a function set equal to
  it is vector-valued (``function-vector-value``; before: scalar derivatives, silently).
* A statement that starts with pseudo-code's keyword in a text box (``\text{while } ...``, ``\text{Store the
  transition } ...``) is refused by name (before: the words were factors of a product, silently).
"""

from __future__ import annotations

import numpy as np
import pytest

import symdl
from tests.real_sources import assert_refused_at, assert_shown_noted, assert_values_noted

RNG = np.random.default_rng(4954)
Z5 = RNG.normal(size=5)
PERM = np.array([3, 1, 5, 2, 4])
Y9 = 1.0 + RNG.random(size=9)
YH9 = Y9 + 0.3 * RNG.normal(size=9)
G6, W6 = RNG.normal(size=6), RNG.normal(size=6)
B3, EB3, X2 = RNG.normal(size=3), RNG.normal(size=3), RNG.normal(size=2)
W32, WN32, EW32 = RNG.normal(size=(3, 2)), RNG.normal(size=(3, 2)), RNG.normal(size=(3, 2))
H2 = np.array([[2.0, 0.5], [0.5, 1.0]])
DK2 = np.array([[0.5, 0.1], [0.1, 0.2]])
X43, A44 = RNG.normal(size=(4, 3)), RNG.random(size=(4, 4))

VALUES = [
    # XLNet (Yang et al. 2019), eq. 3's inner sum: the bound |z| is the permutation's length
    ("vector-length-bound", r"L = \sum_{t=c+1}^{|\mathbf{z}|} \log x_{z_t}", {"z": PERM, "x": np.exp(Z5), "c": 2},
     {"": Z5[PERM[2:] - 1].sum()}, ("bound-size",)),
    # Makridakis et al.'s M4 competition: sMAPE over the horizon after the forecast origin T
    ("smape-after-origin", r"\text{sMAPE} = \frac{200}{H}\sum_{i=1}^{H}\frac{|y_{T+i} - \hat{y}_{T+i}|}{|y_{T+i}| + "
     r"|\hat{y}_{T+i}|}", {"y": Y9, r"\hat{y}": YH9, "T": 4, "H": 5},
     {"": 200 / 5 * (np.abs(Y9[4:9] - YH9[4:9]) / (np.abs(Y9[4:9]) + np.abs(YH9[4:9]))).sum()}, ("offset-position",)),
    # Hyndman & Koehler's MASE as M4 uses it: the seasonal naive forecast's error, lag m, in the denominator
    ("mase-seasonal-lag", r"\text{MASE} = \frac{1}{H}\sum_{i=1}^{H}\frac{|y_{T+i} - \hat{y}_{T+i}|}{\frac{1}{T-m}"
     r"\sum_{j=m+1}^{T}|y_j - y_{j-m}|}", {"y": Y9, r"\hat{y}": YH9, "T": 5, "m": 2, "H": 3},
     {"": np.mean(np.abs(Y9[5:8] - YH9[5:8])) / np.mean(np.abs(Y9[2:5] - Y9[:3]))}, ("offset-position",)),
    # Sanh et al.'s movement pruning: the scores accumulated over the training steps before T
    ("movement-pruning-steps-before", r"S = -\alpha_S \sum_{t<T} g_t w_t", {"g": G6, "w": W6, r"\alpha_S": 0.5, "T": 5},
     {"": -0.5 * (G6[:4] * W6[:4]).sum()}, ("sum-below-count",)),
    # Fortunato et al.'s NoisyNet linear layer: the noise of the bias and of the weights, labelled
    ("noisynet-layer", r"\boldsymbol{y} = (\boldsymbol{b} + \mathbf{W}\boldsymbol{x}) + (\boldsymbol{b}_{noisy} \odot "
     r"\epsilon^b + (\mathbf{W}_{noisy} \odot \epsilon^w)\boldsymbol{x})",
     {r"\boldsymbol{b}": B3, r"\mathbf{W}": W32, r"\boldsymbol{x}": X2, r"\boldsymbol{b}_{noisy}": B3 * 0.1,
      r"\epsilon^b": EB3, r"\mathbf{W}_{noisy}": WN32, r"\epsilon^w": EW32},
     {"": B3 + W32 @ X2 + B3 * 0.1 * EB3 + (WN32 * EW32) @ X2}, ("superscript-hadamard-label",)),
    # the GPyTorch docs' periodic kernel: x_{1,i} is entry i of \mathbf{x_1}
    ("periodic-kernel-entries", r"k_{\text{Periodic}}(\mathbf{x_1}, \mathbf{x_2}) = \theta_{s} \exp \left( -2 \sum_i "
     r"\frac{\sin ^2 \left( \frac{\pi}{p} ({x_{1,i}} - {x_{2,i}} ) \right)}{\lambda} \right)",
     {r"\mathbf{x_1}": Y9[:3], r"\mathbf{x_2}": YH9[:3], r"\theta_{s}": 1.5, "p": 2.0, r"\lambda": 0.7},
     {"": 1.5 * np.exp(-2 * (np.sin(np.pi / 2.0 * (Y9[:3] - YH9[:3])) ** 2).sum() / 0.7)},
     ("labelled-vector-entry",)),
    # Learning from Data: the perceptron's output through the sign-like step function defined after it
    ("function-defined-after-use", r"y = s(\mathbf{w}^T \mathbf{x}) \\ s(a) = \begin{cases} 1 & \text{if } a > 0 \\ 0 & "
     r"\text{otherwise} \end{cases}", {r"\mathbf{w}": W6[:3], r"\mathbf{x}": G6[:3]},
     {"y": float(W6[:3] @ G6[:3] > 0)}, ()),
    # Boyd & Vandenberghe 9.5.1: the Newton step, the Hessian and the gradient given by their spellings
    ("newton-step-hessian", r"\Delta \mathbf{x}_{nt} = -\nabla^2 f(\mathbf{x})^{-1} \nabla f(\mathbf{x})",
     {r"\nabla^2f(\mathbf{x})": H2, r"\nablaf(\mathbf{x})": X2}, {"": -np.linalg.solve(H2, X2)}, ()),
    # GPyTorch's marginal log likelihood gradient: the derivative of the kernel matrix, a matrix given by its spelling
    ("kernel-matrix-derivative", r"g = \mathbf{y}^{\top}K^{-1}\frac{dK}{d\theta}K^{-1}\mathbf{y}",
     {"K": H2, r"\mathbf{y}": X2, r"\frac{dK}{d\theta}": DK2},
     {"": X2 @ np.linalg.solve(H2, DK2 @ np.linalg.solve(H2, X2))}, ()),
    # GraphSAGE-style update: a node's own features and the weighted sum of the others', through two matrices
    ("own-and-neighbour-images", r"\mathbf{h}_i = \mathbf{W}_1 \mathbf{x}_i + \mathbf{W}_2 \sum_{j} a_{ij} \mathbf{x}_j",
     {r"\mathbf{x}": X43, r"\mathbf{W}_1": W32.T, r"\mathbf{W}_2": WN32.T, "a": A44},
     {"": X43 @ W32 + A44 @ X43 @ WN32}, ("family-rows",)),
]


@pytest.mark.parametrize(("code", "args", "want", "rules"), [c[1:] for c in VALUES], ids=[c[0] for c in VALUES])
def test_values(code: str, args: dict, want: dict, rules: tuple[str, ...]) -> None:
    assert_values_noted(code, args, want, rules)


#: (id, latex, text of the reading shown by ``symdl parse``, a note it carries or '')
READINGS = [
    ("xlnet-permutation-objective", r"\max_{\theta} \; \mathbb{E}_{\mathbf{z} \sim \mathcal{Z}_T} \left[ "
     r"\sum_{t=1}^{|\mathbf{z}|} \log p_{\theta}(x_{z_t} \mid \mathbf{x}_{\mathbf{z}_{<t}}) \right]",
     "(t, 1, N_z)", "bound-size"),
    ("vat-divergence", r"r_{\text{vadv}} := \underset{r; \|r\|_2 \leq \epsilon}{\arg\max} \; D\left[p(y \mid x_*, "
     r"\hat{\theta}), p(y \mid x_* + r)\right]", "D(p(y, x_*, thetahat), p(y, r + x_*))", "divergence-arguments"),
    ("divergence-of-gaussians", r"L = D\left[\mathcal{N}(\mu, \sigma^2), \mathcal{N}(0, 1)\right]",
     "Eq(L, D(", "divergence-arguments"),
    ("posterior-predictive", r"p(x_{\text{new}} \mid x) = \int p(x_{\text{new}} \mid z)\, p(z \mid x)\, dz",
     "[equation] Eq(p(x_{new}, x)", "function-equation"),
    ("gae-backward-recursion", r"\hat{A}_t = \delta_t + \gamma\lambda(1 - d_{t+1})\hat{A}_{t+1}",
     "Ahat_{t+1} is the value one step later, computed first: Ahat_t runs backwards", ""),
    ("gradient-at-bold-iterate", r"\mathbf{v}_t = \gamma \mathbf{v}_{t-1} + \eta_t \nabla_\theta E(\boldsymbol{\theta}_t) "
     r"\\ \boldsymbol{\theta}_{t+1} = \boldsymbol{\theta}_t - \mathbf{v}_t", "eta_t*nabla_{theta_t} E(theta_t)", ""),
    ("greek-family-of-functions", r"E(\mathbf{v}, \mathbf{h}) = -\sum_i a_i(v_i) - \sum_\mu b_\mu(h_\mu) - \sum_{i\mu} "
     r"W_{i\mu} v_i h_\mu", "Sum(b_{\\mu}(mu, h[mu]), (mu, 1, N_h)) - Sum(W[i, mu]*h[mu]*v[i]", "function-family"),
    ("task-before-superscript", r"\Omega_k^\mu = \sum_{\nu < \mu} \frac{\omega_k^\nu}{(\Delta_k^\nu)^2 + \xi}, \quad "
     r"\Delta_k^\nu \equiv \theta_k(t^\nu) - \theta_k(t^{\nu-1})", "-theta_k(t[nu - 1]) + theta_k(t[nu])",
     "sum-below-count"),
    ("neural-ode-dynamics", r"\frac{d\mathbf{h}(t)}{dt} = f(\mathbf{h}(t), t, \theta)", "Eq(dh(t)/dt, f(h(t), t, theta))",
     "function-vector-value"),
    ("statement-after-proportionality", "-\\mathcal{L}(\\theta) \\propto \\log |K| + \\mathbf{y}^{\\top}K^{-1}\\mathbf{y}\n"
     "\\frac{d\\mathcal{L}}{d\\theta} = c", "[equation] Eq(Derivative(Lcal(theta), theta), c)", ""),
]


@pytest.mark.parametrize(("code", "shown", "rule"), [c[1:] for c in READINGS], ids=[c[0] for c in READINGS])
def test_readings(code: str, shown: str, rule: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert_shown_noted(code, shown, rule, capsys)


def test_xlnet_objective_explains() -> None:
    """The whole objective, both sides, is explained (before: an internal error in the chunk stage)."""
    f = symdl.parse(r"\max_{\theta} \; \mathbb{E}_{\mathbf{z} \sim \mathcal{Z}_T} \left[ \log p_{\theta}("
                    r"\mathbf{x}_{\mathbf{z}_{>c}} \mid \mathbf{x}_{\mathbf{z}_{\leq c}}) \right] = "
                    r"\mathbb{E}_{\mathbf{z} \sim \mathcal{Z}_T} \left[ \sum_{t=c+1}^{|\mathbf{z}|} \log p_{\theta}("
                    r"x_{z_t} \mid \mathbf{x}_{\mathbf{z}_{<t}}) \right]")
    assert "expectation" in symdl.explain(f).concepts


def test_returns_and_advantages_run_backwards() -> None:
    """Sutton & Barto's return is named so; GAE's advantage, a sum of later TD errors, is no momentum."""
    assert "discounted_return" in symdl.explain(symdl.parse(r"G_t = R_{t+1} + \gamma G_{t+1}")).concepts
    gae = symdl.explain(symdl.parse(r"\hat{A}_t = \delta_t + \gamma\lambda(1 - d_{t+1})\hat{A}_{t+1}")).concepts
    assert not {"momentum", "ema"} & gae


@pytest.mark.parametrize(("latex", "what", "text"), [
    pytest.param(r"t := 1 \\ \text{while } f(x + t \Delta x) > f(x) + \alpha t \nabla f(x)^T \Delta x, \quad t := "
                 r"\beta t", "pseudo-code's step", r"\text{while }", id="backtracking-while"),
    pytest.param(r"r' := r(s_t, a_t, g') \\ \text{Store the transition } (s_t \| g', a_t, r', s_{t+1} \| g') "
                 r"\text{ in } R", "pseudo-code's step", r"\text{Store the transition }", id="her-store-step"),
    pytest.param(r"p_k^N = -(\nabla^2 f_k)^{-1} \nabla f_k", "names no variable", r"\nabla^2 f_k",
                 id="hessian-of-a-member"),
])
def test_refused_by_name(latex: str, what: str, text: str) -> None:
    assert_refused_at(latex, what, text)


def test_a_condition_after_the_formula_still_reads() -> None:
    """\\text{for } after a formula is its condition, no pseudo-code."""
    f = symdl.parse(r"x_i = 0 \quad \text{for } i > n")
    assert f.statements
