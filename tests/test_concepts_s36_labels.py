"""Session 36: false labels on held-out set 36, each a class of look-alike that a recogniser took for its concept.

* d2l's GRU code ``H = Z * H + (1 - Z) * H_tilde``: a gate named by a capital is an array of gates, a GRU update, no
  EMA (an EMA's decay is a number, β);
* an RMS normalisation divides by the root of a mean square (a Sum, a running average, or an ε guard), not by any
  root of squares (EDM's ``σ_data / √(σ_data² + t²)``);
* a bias correction divides an estimate, not the decay's own power (RAdam's ``2tβ^t / (1 − β^t)``);
* a Bernoulli likelihood ``p y + (1 − p)(1 − y)`` is no label smoothing (p is a prediction);
* a second moment (AdaBelief's ``β₂ s + (1 − β₂)(g − m)² + ε``, Yogi's ``s + (1 − β₂) g² ⊙ sgn(g² − s)``) is no
  momentum and no descent step;
* SAC's ``log_prob -= log(...)`` moves no parameter.

Names added: the cross-entropy in its surprisal form ``\\sum_x q(x) \\log_2(1/p(x))``; attention's scores
``Q K^T / \\sqrt{d_k}`` alone (nanoGPT's ``q @ k.transpose(-2, -1) * (1.0 / math.sqrt(k.size(-1)))``).
"""

from __future__ import annotations

import pytest

from tests.concept_cases import assert_concepts

# (id, latex, must-name ids, must-not-name ids)
CASES = [
    ("d2l-gru-code", "H = Z * H + (1 - Z) * H_tilde", {"gru"}, {"ema"}),
    ("ema-kept", r"v_t = \beta_1 v_{t-1} + (1-\beta_1) g_t", {"ema"}, {"gru"}),
    ("edm-c-out", r"c_{\text{out}}(t) = \frac{\sigma_{\text{data}} (t - \epsilon)}{\sqrt{\sigma_{\text{data}}^2 + t^2}}",
     set(), {"rms_normalization"}),
    ("adam-denominator-kept", r"\theta = \theta - \eta \frac{m}{\sqrt{v} + \epsilon}", {"rms_normalization"}, set()),
    ("radam-rho", r"\rho_t \leftarrow \rho_{\infty} - 2 t \beta^t_2 /\big(1-\beta_2^t \big)", set(),
     {"bias_correction"}),
    ("adam-bias-correction-kept", r"\hat{m}_t = \frac{m_t}{1-\beta_1^t}", {"bias_correction"}, set()),
    ("flax-bernoulli-likelihood", "label_probs = preds * targets + (1 - preds) * (1 - targets)", set(),
     {"label_smoothing"}),
    ("binary-smoothing-kept", r"y_s = (1 - s) y + s (1 - y)", {"label_smoothing"}, set()),
    ("adabelief-second-moment", r"s_t \leftarrow \beta_2 \cdot s_{t-1} + (1-\beta_2) \cdot (g_t - m_t)^2 + "
     r"\bar{\varepsilon}", set(), {"momentum"}),
    ("yogi-second-moment", r"\mathbf{s}_t \leftarrow \mathbf{s}_{t-1} + (1 - \beta_2) \mathbf{g}_t^2 \odot "
     r"\mathop{\textrm{sgn}}(\mathbf{g}_t^2 - \mathbf{s}_{t-1})", set(), {"gradient_descent_step"}),
    ("momentum-kept", r"v = \mu v - \eta g", {"momentum"}, set()),
    ("sac-log-prob", "log_prob -= torch.log(self.action_scale * (1 - y_t.pow(2)) + epsilon)", set(),
     {"gradient_descent_step"}),
    ("sgd-code-kept", "w -= lr * dw", {"gradient_descent_step"}, set()),
    # names missing before: the surprisal form of the cross-entropy (in bits), attention's scores alone
    ("murphy-cross-entropy-bits", r"H_p(q) = \sum_x q(x)\log_2\left(\frac{1}{p(x)}\right)", {"cross_entropy"},
     {"entropy"}),
    ("entropy-surprisal", r"H(p) = \sum_x p(x) \log \frac{1}{p(x)}", {"entropy"}, {"cross_entropy"}),
    ("nanogpt-scores", "att = (q @ k.transpose(-2, -1)) * (1.0 / math.sqrt(k.size(-1)))",
     {"scaled_dot_product_attention"}, set()),
    ("scores-latex", r"S = \frac{Q K^T}{\sqrt{d_k}}", {"scaled_dot_product_attention"}, set()),
    ("gram-matrix-no-attention", r"G = X X^T", set(), {"scaled_dot_product_attention"}),
    ("robbins-monro-series", r"\sum_{t=1}^{\infty}\eta_t = \infty, \quad \sum_{t=1}^{\infty}\eta_t^2 < \infty", set(),
     {"l2_norm"}),
    ("d2l-lstm-code", "C = F * C + I * C_tilde", set(), {"momentum", "ema"}),
    ("vae-one-sample-elbo", r"L = \log p(x| z) + \log p(z) - \log q(z|x)", set(), {"nll", "cross_entropy"}),
    ("nll-kept", r"L = -\log p(y|x)", {"nll"}, set()),
]


@pytest.mark.parametrize(("latex", "must", "must_not"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_concepts(latex: str, must: set[str], must_not: set[str]) -> None:
    assert_concepts(latex, must, must_not)
