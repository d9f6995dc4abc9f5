"""False labels found on session 23's held-out formulas, each fixed for its class (issue 14).

- He's ``gain/√fan`` matched any word over a root: attention code's ``query / math.sqrt(d_k)`` was named He
  initialisation; the numerator must now be spelled as a gain;
- an expectation of the log of a positive's share of a total that holds it (Oord et al.'s InfoNCE,
  ``-E_x \\log f(x^+)/(f(x^+) + \\sum_i f(x_i^-))``) was named a KL divergence: that is no density ratio;
- a bold name's head is its letter (``\\mathbf{R}_t`` is spelled r, d2l's GRU reset gate, no LSTM gate);
- a line of Adam (an EMA with β₁/β₂, a bias correction, AMSGrad's running max) is named Adam's only when it is the
  whole formula: inside NAdam's system the β lines were named adam beside nadam.
"""

from __future__ import annotations

import pytest

from tests.concept_cases import assert_concepts

#: (id, latex, concepts it must name, concepts it must not name), each row's source in a comment
CASES: list[tuple[str, str, set[str], set[str]]] = [
    # The Annotated Transformer's attention scores
    ("attention-code-not-he",
     r"scores = torch.matmul(query, key.transpose(-2, -1)) / math.sqrt(d_k)", set(), {"he_init"}),
    # PyTorch docs, torch.nn.init.kaiming_normal_
    ("he-gain-over-fan", r"\text{std} = \frac{\text{gain}}{\sqrt{\text{fan\_mode}}}",
     {"he_init"}, set()),
    # a blog's InfoNCE with the positive in the denominator
    ("infonce-share-not-kl",
     r"loss = -E_x (\log \frac{f(x^+)}{f(x^+) + \sum_{i \in N} f(x_i^-) })", set(), {"kl_divergence"}),
    # Goodfellow et al. eq. 3.50
    ("kl-expectation-kept", r"D = \mathbb{E}_{x \sim P}\left[\log \frac{P(x)}{Q(x)}\right]",
     {"kl_divergence"}, set()),
    # Dozat 2016 as Ruder writes it: the β lines inside NAdam's system
    ("nadam-lines-not-adam",
     r"m_t = \beta_1 m_{t-1} + (1 - \beta_1) g_t \\ v_t = \beta_2 v_{t-1} + (1 - \beta_2) g_t^2 \\ "
     r"\hat{m}_t = \frac{m_t}{1 - \beta_1^t} \\ \hat{v}_t = \frac{v_t}{1 - \beta_2^t} \\ "
     r"\theta_{t+1} = \theta_t - \frac{\eta}{\sqrt{\hat{v}_t} + \epsilon} (\beta_1 \hat{m}_t + "
     r"\frac{(1 - \beta_1) g_t}{1 - \beta_1^t})", {"nadam"}, {"adam"}),
    # d2l 10.2 (GRU), bold capitals: the reset gate R_t is a GRU's, not an LSTM's (a bold name's head is its letter)
    ("d2l-bold-gru-reset-gate",
     r"\mathbf{R}_t = \sigma(\mathbf{X}_t \mathbf{W}_{xr} + \mathbf{H}_{t-1} \mathbf{W}_{hr} + \mathbf{b}_r)",
     {"gru", "sigmoid"}, {"lstm_gate"}),
    # Kingma & Ba's first moment line alone: an EMA, not named Adam (session 24: a line alone names its part)
    ("adam-line-alone", r"m_t = \beta_1 m_{t-1} + (1-\beta_1) g_t",
     {"ema"}, {"adam"}),
]


@pytest.mark.parametrize(("latex", "want", "avoid"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_concepts(latex: str, want: set[str], avoid: set[str]) -> None:
    assert_concepts(latex, want, avoid)
