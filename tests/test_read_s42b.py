r"""Session 38, from the silent readings and refusals of held-out set 42 (unseen, written this session):

* Haykin's and Hagan et al.'s iteration arguments ``\Delta w_{ji}(n-1)``, ``\mathbf{W}^m(k+1)``: the value at that
  step (``step-argument``; before: unknown functions of n, or products with n - 1, silently);
* Hagan et al.'s ``\mathbf{s}^m(\mathbf{a}^{m-1})^T``: an outer product (``product-before-transpose``; before: a
  function of a^{m-1}, transposed);
* Hagan et al.'s ``\partial \hat{F} / \partial n_i^m``: a letter up on a variable differentiated by is a layer, on
  every name (``superscript-differentiated``; before: refused, or s_i to the power m);
* Hinton's ``\langle v_i h_j \rangle_{\text{data}}``: the average of one thing in angle brackets (``angle-mean``;
  before: refused as an inner product);
* GRPO's ``\sum_{t=1}^{|o_i|}``: an absolute value bounding a sum is a size (``bound-size``; before: |o_i| of a
  number, silently);
* UFLDL's ``\sum_{l=1}^{n_l-1}``: a bound carrying the sum's own index is one number (``bound-label``; before:
  n[l] at the index being summed, silently);
* the RBF network's ``\|\mathbf{x} - \mathbf{x}_i\|``: a vector and a family of vectors of one letter are refused
  (before: one array x, silently);
* the moments accountant's ``\min_\lambda \exp(\alpha_{\mathcal{M}}(\lambda) - \dots)``: a name before the
  optimised variable in parentheses is a function of it (``call-of-optimised``; before: α·λ, silently);
* Goodfellow's ``sp(x) = \ln(1 + e^x)``: a two-letter name defined as a function is one name (before: s·p(x));
* Spinning Up's advantage ``A^{\pi_{\theta_k}}(s,a)``: a labelled function of its arguments (before: a tuple);
* Goodfellow's ``(K * X)_{ij}``: the convolution at the position (i, j) (before: at i·j, silently);
* Roberts & Yaida's ``z^{(\ell)}``: \ell in parentheses is a layer (before: refused as a Greek step);
* OpenAI Spinning Up's macro ``\underE{s \sim \pi}{f}``: the expectation (``macro-expectation``; before: unknown);
  its braced names ``{\mathcal D}_k``: the name \mathcal{D}_k (before: a subscript on nothing).
"""

from __future__ import annotations

import numpy as np
import pytest

import symdl
from tests.real_sources import assert_reads_as

RNG = np.random.default_rng(4242)
W32, A2, S3 = RNG.normal(size=(3, 2)), RNG.normal(size=2), RNG.normal(size=3)
D34, Y4 = RNG.normal(size=(3, 4)), RNG.normal(size=4)

# (id, source, latex, inputs, plain numpy's value, notes by rule)
READS = [
    ("haykin-momentum", "Haykin, Neural Networks and Learning Machines, eq. (4.41): the generalised delta rule",
     r"\Delta w_{ji}(n) = \alpha \Delta w_{ji}(n-1) + \eta \delta_j(n) y_i(n)",
     {"\\alpha": 0.9, "\\Delta w(n-1)": D34, "\\eta": 0.1, "\\delta": S3, "y": Y4},
     0.9 * D34 + 0.1 * np.outer(S3, Y4), ["step-argument", "step-argument"]),
    ("hagan-sgd-step", "Hagan et al., Neural Network Design, eq. (11.46)",
     r"\mathbf{W}^m(k+1) = \mathbf{W}^m(k) - \alpha\mathbf{s}^m(\mathbf{a}^{m-1})^T",
     {"\\mathbf{W}^m(k)": W32, "\\alpha": 0.1, "\\mathbf{s}^m": S3, "\\mathbf{a}^{m-1}": A2},
     W32 - 0.1 * np.outer(S3, A2),
     ["superscript-shared-step", "step-argument", "step-argument", "superscript-shared-step",
      "product-before-transpose", "superscript-offset-vector"]),
    ("roberts-yaida-layer", "a layer written with \\ell in parentheses (Roberts & Yaida's notation)",
     r"z^{(\ell+1)} = W^{(\ell+1)} a^{(\ell)}", {"W^{(\\ell+1)}": W32, "a^{(\\ell)}": A2}, W32 @ A2, []),
]


@pytest.mark.parametrize(("latex", "inputs", "want", "rules"), [r[2:] for r in READS], ids=[r[0] for r in READS])
def test_reads_with_its_notes(latex: str, inputs: dict, want: object, rules: list[str]) -> None:
    assert_reads_as(symdl.parse(latex), inputs, want, rules)


# (id, latex, the right side as read)
SHAPES = [
    ("haykin-induced-field", r"v_j(n) = \sum_{i=0}^{m} w_{ji}(n) y_i(n)", "Sum(w[n, j, i]*y[n, i], (i, 0, m))"),
    ("lista-recursion", r"Z(k+1) = h_\theta\left(W_e X + S Z(k)\right)", "h_{\\theta}(S*Z^(k) + W_e*X)"),
    ("spinning-up-expectation", r"J = \underE{\tau \sim \pi}{R(\tau)}", "E_{\\tau \\sim \\pi}(R(tau))"),
    ("grpo-length-bound", r"L = \frac{1}{\sum_{i=1}^G |o_i|} \sum_{i=1}^G \sum_{t=1}^{|o_i|} l_{i,t}",
     "Sum(l[i, t], (t, 1, |o|[i]), (i, 1, G))/Sum(|o|[i], (i, 1, G))"),
    ("ufldl-weight-decay-bound", r"J = \frac{\lambda}{2} \sum_{l=1}^{n_l-1} \sum_{i=1}^{s_l} \sum_{j=1}^{s_{l+1}} "
     r"\left( W^{(l)}_{ji} \right)^2", "lambda*Sum(W^[l][j, i]**2, (j, 1, s[l + 1]), (i, 1, s[l]), (l, 1, n_l - 1))/2"),
    ("rbm-contrastive-divergence", r"\Delta w_{ij} = \epsilon\left(\langle v_i h_j \rangle_{\text{data}} - "
     r"\langle v_i h_j \rangle_{\text{recon}}\right)",
     "epsilon*(E_{\\text{data}}(h[j]*v[i]) - E_{\\text{recon}}(h[j]*v[i]))"),
    ("hagan-sensitivity", r"s_i^m \equiv \frac{\partial \hat{F}}{\partial n_i^m}",
     "Derivative(Fhat(n^[m][i]), n^[m][i])"),
    ("hagan-weight-step", r"w_{i,j}^{m}(k+1) = w_{i,j}^{m}(k) - \alpha \frac{\partial \hat{F}}{\partial w_{i,j}^{m}}",
     "-alpha*Derivative(Fhat(w^[m][i, j]), w^[m][i, j]) + w^[m]^(k)[i, j]"),
    ("moments-accountant", r"\delta = \min_\lambda \exp(\alpha_{\mathcal{M}}(\lambda) - \lambda\varepsilon)",
     "min_{lambda}(exp(-lambda*varepsilon + alpha_{\\mathcal{M}}(lambda)))"),
    ("softplus-two-letter-name", r"sp(x) = \ln(1 + e^x) \\ y = sp(2 z)", "log(exp(x) + 1)"),
    ("spinning-up-advantage", r"L = A^{\pi_{\theta_k}}(s,a)", "A^pi_{theta_k}(s, a)"),
    ("convolution-at-two-positions", r"(K * X)_{ij} = \sum_{p}\sum_{q} K_{pq}\,X_{i+p,\,j+q}",
     "Sum(K[p, q]*X[i + p, j + q], (q, 1, N_X4), (p, 1, N_X2))"),
    ("spinning-up-braced-set", r"y = \frac{1}{|{\mathcal D}_k|} \sum_{\tau \in {\mathcal D}_k} R(\tau)",
     "Sum(R(tau), (tau, 1, N_tau))/N_tau"),
]


def test_a_standardisation_with_angle_brackets_evaluates() -> None:
    """A docs page's x_std = (x - <x>) / sqrt(<(x - <x>)^2> + eps): the mean of the entries (before: refused)."""
    f = symdl.parse(r"x_{std} = \frac{x - \langle x\rangle}{\sqrt{\langle(x - \langle x\rangle)^2\rangle + \epsilon}}")
    got = symdl.lambdify(f)(x=Y4, **{"\\epsilon": 1e-5})
    np.testing.assert_allclose(np.ravel(got), (Y4 - Y4.mean()) / np.sqrt(Y4.var() + 1e-5), rtol=1e-12)
    assert [n.rule for n in f.notes].count("angle-mean") == 3


@pytest.mark.parametrize(("latex", "rhs"), [r[1:] for r in SHAPES], ids=[r[0] for r in SHAPES])
def test_reading(latex: str, rhs: str) -> None:
    f = symdl.parse(latex)
    assert str(f.statements[0].rhs) == rhs
    assert f.statements[0].kind == "definition" or {n.rule for n in f.notes} & {
        "step-argument", "macro-expectation", "sum-over-set", "call-of-optimised", "superscript-differentiated",
        "angle-mean", "bound-label", "bound-size", "superscript-word", "star-convolution", "superscript-policy"}


def test_a_vector_and_a_family_of_one_letter_are_refused() -> None:
    with pytest.raises(symdl.NotSupported, match="read both as one vector"):
        symdl.parse(r"F(\mathbf{x}) = \sum_{i=1}^{N} w_i \varphi(\|\mathbf{x} - \mathbf{x}_i\|)")


# must not change: t stays a function's variable; a lone n once is an argument; a sum over k keeps k an index
KEPT = [
    ("ode-state", r"\frac{d\mathbf{h}(t)}{dt} = f(\mathbf{h}(t), t, \theta)"),
    ("one-call-of-n", r"y = f(n) + 1"),
    ("sum-over-k", r"y = \sum_k g(k) + g(k+1)"),
    ("gamma-function", r"y = \Gamma(n+1) / \Gamma(n)"),
    ("function-letter-recursion", r"f(n) = f(n-1) + f(n-2)"),
]


@pytest.mark.parametrize("latex", [r[1] for r in KEPT], ids=[r[0] for r in KEPT])
def test_no_step_argument(latex: str) -> None:
    f = symdl.parse(latex)
    assert "step-argument" not in {n.rule for n in f.notes}


# (id, code, the right side as read): Stable-Baselines3's and CleanRL's spellings
CODE = [
    ("sb3-th-log1p", "y = th.log1p(x)", "log(x + 1)"),
    ("cleanrl-clamp-trailing-comma", "v = torch.clamp(n - b, -c, c,)", "Max(-c, Min(c, -b + n))"),
    ("python-trailing-comma", "y = f(x, z,)", "f(x, z)"),
    ("cleanrl-minibatch-entry", "v = b_values[mb_inds] + 1", "b_{values[mb_inds]} + 1"),
    ("diffusers-plain-step", "σ_t = sqrt((1 − α_t−1)/(1 − α_t))", "sqrt((1 - alpha_{t-1})/(1 - alpha_t))"),
    ("plain-spaced-difference-kept", "y = x_t - 1", "x_t - 1"),
]


@pytest.mark.parametrize(("code", "rhs"), [r[1:] for r in CODE], ids=[r[0] for r in CODE])
def test_code_spellings(code: str, rhs: str) -> None:
    assert str(symdl.parse(code).statements[0].rhs) == rhs


def test_two_names_with_powers_are_each_noted() -> None:
    """DANN's ∂L_y^i/∂θ_f and ∂L_d^i/∂θ_f: each power reading noted (before: only the first name's); DANN's target
    statistic μ_j^t beside σ_j^t too (a member μ_j is no rate)."""
    f = symdl.parse(r"\theta_f \longleftarrow \theta_f - \mu\left(\frac{\partial\mathcal{L}_y^i}{\partial\theta_f} - "
                    r"\lambda\frac{\partial\mathcal{L}_d^i}{\partial\theta_f}\right)")
    assert [n.rule for n in f.notes].count("superscript-power") == 2
    g = symdl.parse(r"y_j = \gamma_j\frac{x_j - \mu_j^t}{\sigma_j^t} + \beta_j")
    assert [n.rule for n in g.notes].count("superscript-power") == 2


def test_a_capital_only_dividing_is_a_number() -> None:
    """LISTA's W_e = (1/L) W_d^T, S = I - (1/L) W_d^T W_d: L divides, a number (before: a matrix, element-wise)."""
    f = symdl.parse(r"W_e = \frac{1}{L}W_d^T, \quad S = I - \frac{1}{L}W_d^T W_d")
    assert "L" not in {str(k) for k in f.shapes}
    got = symdl.lambdify(f)(L=2.0, W_d=W32, I=np.eye(2))
    np.testing.assert_allclose(got["W_e"], W32.T / 2.0, rtol=1e-12)
    np.testing.assert_allclose(got["S"], np.eye(2) - W32.T @ W32 / 2.0, rtol=1e-12)


def test_a_temperature_in_code_stays_a_number() -> None:
    """CleanRL's SAC alpha_loss = (-log_alpha.exp() * (log_pi + target_entropy)).mean(): α one number."""
    f = symdl.parse("alpha_loss = (-log_alpha.exp() * (log_pi + target_entropy)).mean()")
    assert "log_alpha" not in {str(k) for k in f.shapes}
    assert [n.rule for n in f.notes].count("setting-number") == 1
    got = symdl.lambdify(f)(log_alpha=0.3, log_pi=Y4, target_entropy=-2.0 * np.ones(4))
    np.testing.assert_allclose(float(np.ravel(got)[0]), np.mean(-np.exp(0.3) * (Y4 - 2.0)), rtol=1e-12)


def test_a_bold_one_of_a_comparison_is_the_indicator() -> None:
    """Guo et al.'s calibration accuracy acc(B_m) = (1/|B_m|) Σ_{i∈B_m} 1(ŷ_i = y_i) (before: refused at '=')."""
    f = symdl.parse(r"y = \sum_i \mathbf{1}(\hat{y}_i = y_i)")
    got = symdl.lambdify(f)(**{"\\hat{y}": np.array([1, 2, 3, 1]), "y": np.array([1, 2, 1, 2])})
    assert float(np.ravel(got)[0]) == 2.0


def test_code_indexing_at_several_positions_is_refused() -> None:
    """A MoE loop's y[token_idx] += probs[token_idx, expert_idx, None] * expert(x[token_idx]) (before: a call)."""
    latex = "y[token_idx] += probs[token_idx, expert_idx, None] * expert(x[token_idx])"
    with pytest.raises(symdl.NotSupported, match="indexed at several positions") as err:
        symdl.parse(latex)
    assert latex[err.value.span.start : err.value.span.end] == "probs[token_idx, expert_idx, None]"


def test_a_semicolon_subscript_is_refused() -> None:
    """Roberts & Yaida's z_{i;α} = b_i + Σ_j W_ij x_{j;α}: x_{j;α} was one fixed name (silently); refused by name."""
    latex = r"z^{(1)}_{i;\alpha} \equiv b^{(1)}_i + \sum_{j=1}^{n_0} W^{(1)}_{ij}\, x_{j;\alpha}"
    with pytest.raises(symdl.NotSupported, match="with ';'"):
        symdl.parse(latex)
    assert str(symdl.parse(r"y = f(x;\theta)").statements[0].rhs) == "f(x, theta)"  # a call's ';' stays

