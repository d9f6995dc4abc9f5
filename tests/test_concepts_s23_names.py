"""Session 23, helper names: concepts named right, no false label (issue 14).

Every row is a real formula (its source in the comment above it) or a constructed must-not row (said so).
"""

from __future__ import annotations

import pytest

from tests.concept_cases import assert_concepts

SCHEDULES: list[tuple[str, str, set[str], set[str]]] = [
    # --- exponential decay names a learning-rate schedule: the decayed quantity is a rate by its spelling
    # d2l 12.11 (learning-rate scheduling), the exponential schedule
    ("exp-decay-d2l", r"\eta_t = \eta_0 e^{-\lambda t}", {"exponential_decay"}, set()),
    # PyTorch docs, torch.optim.lr_scheduler.ExponentialLR, written closed-form with lr
    ("exp-decay-lr-power", r"\mathrm{lr}_t = \mathrm{lr}_0 \cdot 0.95^t", {"exponential_decay"}, set()),
    # Kingma & Ba 2015's step size α decayed (α_t = α_0 γ^t, as in Ruder's overview of schedules)
    ("exp-decay-alpha", r"\alpha_t = \alpha_0 \gamma^t", {"exponential_decay"}, set()),
    # Keras docs, ExponentialDecay: a word target
    (
        "exp-decay-keras-words",
        r"\text{decayed\_learning\_rate} = \text{initial\_learning\_rate} \cdot "
        r"\text{decay\_rate}^{\,\text{step} / \text{decay\_steps}}",
        {"exponential_decay"},
        set(),
    ),
    # must-not: Wikipedia, "Exponential decay": a quantity N, not a rate
    ("not-exp-decay-radioactive", r"N(t) = N_0 e^{-\lambda t}", set(), {"exponential_decay"}),
    # must-not: Sutton & Barto eq. 3.8's discount applied to a reward at step t (γ^t R_t): a discounted reward
    ("not-exp-decay-discount", r"w_t = \gamma^t r_t", set(), {"exponential_decay"}),
    # must-not: a discounted value carried back one step (constructed from Sutton & Barto's G_t = R + γ G_{t+1})
    ("not-exp-decay-discount-recursive", r"R_t = \gamma R_{t-1}", set(), {"exponential_decay"}),
    # must-not: epsilon-greedy exploration decayed over steps (PyTorch DQN tutorial, EPS_DECAY), a kernel width
    # shrinking over training (Kohonen's self-organising map, σ(t) = σ_0 exp(−t/λ)), a temperature annealed
    # (Jang et al. 2017, Gumbel-softmax τ = τ_0 e^{−rt}), simulated annealing's geometric cooling T_k = α T_{k−1}
    ("not-exp-decay-epsilon-greedy", r"\epsilon_t = \epsilon_0 e^{-t/\tau}", set(), {"exponential_decay"}),
    ("not-exp-decay-som-width", r"\sigma(t) = \sigma_0 \exp(-t/\lambda)", set(), {"exponential_decay"}),
    ("not-exp-decay-temperature", r"\tau = \tau_0 e^{-r t}", set(), {"exponential_decay"}),
    ("not-exp-decay-cooling", r"T_k = \alpha T_{k-1}", set(), {"exponential_decay"}),
    # must-not: an EMA-like shrink of a velocity without input (constructed)
    ("not-exp-decay-velocity", r"v_t = \gamma^t v_0", set(), {"exponential_decay"}),
]

CASES = SCHEDULES


@pytest.mark.parametrize(("latex", "want", "avoid"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_concepts(latex: str, want: set[str], avoid: set[str]) -> None:
    assert_concepts(latex, want, avoid)
