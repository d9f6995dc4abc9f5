"""Session 28, second round of issue 14: false labels removed and concepts named where they are written.

- a ``−log`` that scores no observed label is no negative log-likelihood: Gumbel noise ``−log(−log u)``, the
  policy's surprise at its own draw inside ``E_{a∼π}`` (SAC's temperature loss), a log-probability weighted by a
  return (the policy-gradient estimator);
- an "average" of a number is no EMA (binary label smoothing ``(1 − s)y + s(1 − y)``, which is named as such), and
  a trace decayed by a discount γ times λ (TD(λ)'s eligibility trace, GAE) is neither an EMA nor momentum;
- the middle sides of a derivation ``a = b = c`` are chunked: a chain rule written in the middle is named;
- a standardisation ``(x − μ)/σ`` names the mean and the standard deviation (or the variance under a root) it is
  written with; code's ``mean(·)`` and ``std(·)`` are named by their names;
- a Unicode-pasted ``a = μ(s) + σ(s) ⊙ ε, ε∼N(0, I)`` reads as its TeX does: a reparameterisation, not a sigmoid.
Near-miss rows must NOT be named.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

import symdl
from tests.concept_cases import assert_concepts

# (id, latex, concepts named, concepts that would be false); the source in the comment above each row
CASES = [
    # --- a −log that scores no label
    # Jang et al. (2017) eq. 2, Gumbel-softmax: the noise g_i = −log(−log u_i)
    ("gumbel-noise-no-nll",
     r"g_i = -\log(-\log u_i),\ u_i\sim U(0,1)", set(), {"nll", "cross_entropy"}),
    # Haarnoja et al. (2018b) eq. 18, SAC's temperature loss: the policy's own draw
    # Spinning Up's SAC target, the next action drawn from the policy in a clause: its own draw, not a label
    ("sac-target-clause-no-nll",
     r"y = r + \gamma(1-d)\left(\min_{j=1,2}Q_{\phi_{\text{targ},j}}(s',\tilde a') - \alpha\log\pi_\theta(\tilde a'|s')"
     r"\right), \quad \tilde a'\sim\pi_\theta(\cdot|s')", set(), {"nll", "cross_entropy"}),
    ("sac-pseudocode-no-nll", "a' ~ π_θ(·|s') ; y = r + γ (min_i Q_i(s',a') - α log π_θ(a'|s'))",
     set(), {"nll", "cross_entropy"}),
    ("sac-temperature-no-nll",
     r"J(\alpha) = \mathbb{E}_{a_t\sim\pi_t}\left[-\alpha\log\pi_t(a_t|s_t) - \alpha\bar{\mathcal{H}}\right]",
     {"expectation"}, {"nll", "cross_entropy"}),
    # OpenAI Spinning Up, reward-to-go with a baseline: weighted by a return, not a per-class weight
    ("policy-gradient-no-nll",
     r"\hat{g} = \frac{1}{N}\sum_{i=1}^{N}\sum_{t=0}^T \nabla_\theta\log\pi_\theta(a_t|s_t)"
     r"\left(\sum_{t'=t}^T r_{t'} - b(s_t)\right)", {"mean"}, {"nll", "cross_entropy"}),
    # PyTorch docs, NLLLoss with class weights (must not change)
    ("nll-class-weight-kept",
     r"L = -\frac{1}{N}\sum_{n=1}^{N} w_{y_n}\log p_{n,y_n}", {"cross_entropy", "mean"}, set()),
    # Lin et al. (2017), α-balanced cross-entropy (must not change)
    ("alpha-balanced-kept", r"\mathrm{CE}(p_t) = -\alpha_t \log p_t", {"nll"}, set()),
    # Goodfellow et al. (2016) eq. 3.51: the draw from P, the log of Q (must not change)
    ("goodfellow-ce-kept", r"H(P,Q) = -\mathbb{E}_{x\sim P}\log Q(x)", {"cross_entropy", "expectation"}, set()),
    # Kingma & Welling (2014): a reconstruction −E_{z∼q} log p(x|z) (must not change)
    ("vae-reconstruction-kept", r"L = -\mathbb{E}_{z\sim q(z|x)}\log p(x|z)", {"nll"}, set()),
    # --- no EMA of a number; no momentum with a γλ trace decay
    # Luxonis-train docs, SmoothBCEWithLogitsLoss: binary label smoothing towards the other class
    ("binary-smoothing-flip", r"y' = (1 - s) y + s (1 - y)", {"label_smoothing"}, {"ema", "momentum"}),
    # the same mix of a value that is no target: no smoothing, no EMA of a number
    ("flip-of-no-target", r"x' = (1 - s) x + s (1 - x)", set(), {"label_smoothing", "ema"}),
    # Keras' binary label smoothing y(1 − ε) + ε/2 (must not change)
    ("keras-smoothing-kept", r"y_{ls} = y(1-\epsilon) + \epsilon/K", {"label_smoothing"}, set()),
    # Sutton & Barto (2018) §12.2, semi-gradient TD(λ)'s eligibility trace
    ("eligibility-trace-no-momentum",
     r"\mathbf{z}_t = \gamma\lambda\mathbf{z}_{t-1} + \nabla\hat{v}(S_t,\mathbf{w}_t), \quad "
     r"\mathbf{w}_{t+1} = \mathbf{w}_t + \alpha\delta_t\mathbf{z}_t", set(), {"momentum", "ema"}),
    # rsl_rl's compute_returns (GAE), in code
    ("gae-code-no-momentum",
     "advantage = delta + next_is_not_terminal * gamma * lam * advantage", set(), {"momentum", "ema"}),
    # Adam's first moment (must not change)
    ("adam-ema-kept", r"m_t = \beta_1 m_{t-1} + (1-\beta_1) g_t", {"ema"}, set()),
    # Sutskever et al. (2013)'s velocity with a γ alone (must not change)
    ("gamma-momentum-kept", r"v_t = \gamma v_{t-1} + \eta \nabla_\theta J(\theta)", {"momentum"}, set()),
    # --- a derivation's middle sides
    # CompPhysics ML lecture notes, week 42: the chain rule written in the middle
    ("middle-chain-rule",
     r"\delta_j^l =\sum_k \frac{\partial {\cal C}}{\partial z_k^{l+1}}\frac{\partial z_k^{l+1}}{\partial z_j^{l}}"
     r"=\sum_k \delta_k^{l+1}\frac{\partial z_k^{l+1}}{\partial z_j^{l}}", {"chain_rule"}, set()),
    # cs182 batch-norm backward, step 2
    ("middle-chain-rule-bn",
     r"\frac{\partial \mathcal{L}}{\partial \gamma_j} = \sum_{i=1}^N \frac{\partial \mathcal{L}}{\partial y_{i,j}} "
     r"\cdot \frac{\partial y_{i,j}}{\partial \gamma_j} = \sum_{i=1}^N dy_{i,j} \cdot \hat{x}_{i,j}",
     {"chain_rule"}, set()),
    # Wikipedia, Backpropagation: three factors linked in the middle
    ("middle-three-factors",
     r"\frac{\partial E}{\partial w_{ij}} = \frac{\partial E}{\partial o_j}\frac{\partial o_j}{\partial net_j}"
     r"\frac{\partial net_j}{\partial w_{ij}} = (o_j - t_j)\,o_j(1-o_j)\,o_i", {"chain_rule"}, set()),
    # two unlinked derivatives in the middle: no chain
    ("middle-unlinked-no-chain",
     r"g = \frac{\partial f}{\partial x}\frac{\partial h}{\partial y} = 3", set(), {"chain_rule"}),
    # --- a sigmoid unit's delta rule, its slope written in its output
    # CompPhysics MachineLearningMSU notes, NeuralNet chapter: the output weight's gradient
    ("sigmoid-output-weight-gradient",
     r"\frac{\partial{\cal C}(\hat{W^L})}{\partial w_{jk}^L} = \left(a_j^L - t_j\right)a_j^L(1-a_j^L)a_k^{L-1}",
     {"delta_rule", "chain_rule", "sigmoid_derivative"}, set()),
    # the same notes: δ^L_j = a(1 − a)(a − t) = f'(z) ∂C/∂a, the output form in the middle
    ("sigmoid-output-delta-middle",
     r"\delta_j^L = a_j^L(1-a_j^L)\left(a_j^L - t_j\right) = f'(z_j^L)\frac{\partial {\cal C}}{\partial (a_j^L)}",
     {"delta_rule", "chain_rule", "sigmoid_derivative"}, set()),
    # the same product assigned to a name that is no error or gradient: nothing said
    ("output-form-no-gradient-no-delta", r"v_j = (a_j - t_j) a_j (1 - a_j)", set(),
     {"delta_rule", "sigmoid_derivative"}),
    # a Bernoulli variance p(1 − p) as a gradient, with no error beside it
    ("bernoulli-variance-no-delta", r"\frac{\partial L}{\partial p} = p(1-p)", set(),
     {"delta_rule", "sigmoid_derivative"}),
    # --- a standardisation's statistics
    # scikit-learn's StandardScaler
    ("standard-scaler", r"z = \frac{x - \mu}{\sigma}", {"normalization", "mean", "standard_deviation"}, set()),
    # Shao et al. (2024), GRPO's group-relative advantage with mean() and std()
    ("grpo-advantage",
     r"A_i = \frac{r_i - \operatorname{mean}(\{r_1,\dots,r_G\})}{\operatorname{std}(\{r_1,\dots,r_G\})}",
     {"normalization", "mean", "standard_deviation"}, set()),
    # PyTorch docs, LayerNorm: the variance under the root
    ("pytorch-norm-variance",
     r"y = \frac{x - \mathrm{E}[x]}{\sqrt{\mathrm{Var}[x] + \epsilon}} * \gamma + \beta",
     {"normalization", "mean", "variance"}, set()),
    # a min-max scaling divides by a range, no standard deviation
    ("min-max-no-std", r"y = \frac{x - \min(x)}{\max(x) - \min(x)}", {"normalization"},
     {"standard_deviation", "mean"}),
    # a sum-to-one normalisation has no mean
    ("sum-to-one-no-mean", r"p_i = \frac{x_i}{\sum_j x_j}", {"normalization"}, {"mean", "standard_deviation"}),
    # sanowl.github.io DPO note: code's -mean(log_sigmoid(z))
    ("code-mean-call", "loss = -mean(log_sigmoid(z))", {"mean", "log_sigmoid"}, set()),
    # --- a Unicode-pasted reparameterisation
    # sanowl.github.io SAC note, mixed Unicode/TeX
    ("unicode-reparameterization", r"a = μ(s) + σ(s) ⊙ ε,\; ε∼\mathcal{N}(0,I)", {"reparameterization"},
     {"sigmoid"}),
    # the TeX spelling (must not change)
    ("tex-reparameterization-kept", r"z = \mu(x) + \sigma(x) \odot \epsilon,\ \epsilon \sim \mathcal{N}(0, I)",
     {"reparameterization"}, {"sigmoid"}),
    # σ(z)(1 − σ(z)) pasted in Unicode stays the sigmoid's slope (no other Greek function beside it)
    ("unicode-sigmoid-kept", "y = σ(z)(1 − σ(z))", {"sigmoid_derivative"}, set()),
]


@pytest.mark.parametrize(("latex", "want", "avoid"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_concepts(latex: str, want: set[str], avoid: set[str]) -> None:
    assert_concepts(latex, want, avoid)


S = np.array([0.5, -1.0, 2.0])
E = np.array([0.1, 0.2, -0.3])

# (id, source, latex, arguments, numpy value): the readings the new names rest on
VALUES = [
    ("binary-smoothing-flip", "Luxonis-train docs", r"y' = (1 - s) y + s (1 - y)", {"y": 1.0, "s": 0.1}, 0.9),
    ("standard-scaler", "as above", r"z = \frac{x - \mu}{\sigma}", {"x": 3.0, "\\mu": 1.0, "\\sigma": 4.0}, 0.5),
]


@pytest.mark.parametrize(("latex", "args", "expected"), [c[2:] for c in VALUES], ids=[c[0] for c in VALUES])
def test_value(latex: str, args: dict[str, Any], expected: Any) -> None:
    got = symdl.lambdify(symdl.parse(latex))(**args)
    np.testing.assert_allclose(np.asarray(got, dtype=float).ravel(), np.ravel(expected), rtol=1e-12)


def test_unicode_reparameterization_value() -> None:
    """sanowl.github.io SAC note: μ(s) and σ(s) are networks applied to the state (given here as tanh and exp),
    not μ times s and a sigmoid."""
    f = symdl.lambdify(symdl.parse("a = μ(s) + σ(s) ⊙ ε"), functions={"mu": np.tanh, "sigma": np.exp})
    np.testing.assert_allclose(f(s=S, **{"ε": E}), np.tanh(S) + np.exp(S) * E, rtol=1e-12)


def test_unicode_greek_function_is_noted() -> None:
    """The Unicode μ(s) beside σ(s) is read by the call-beside-function rule, noted as for ``\\mu(s)``."""
    rules = {n.rule for n in symdl.parse(r"a = μ(s) + σ(s) ⊙ ε").notes}
    assert "call-beside-function" in rules
