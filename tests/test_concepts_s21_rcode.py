"""Session 21, task rcode: concepts named in formulas pasted as code or in Unicode, now that they are read (issue 12).

Each row: (id, the formula as its cited source prints it, ids that must be named, ids that must not be named).
The rule a row settles beyond reading: a schedule's step is its target's one-letter (or braced) subscript, never the
second word of a code identifier (``normalized_lr`` is one name, not a rate indexed by ``lr``), so a bias-corrected
rate is no warm-up in the learning rate.
"""

from __future__ import annotations

import pytest

from tests.concept_cases import assert_concepts

CASES: list[tuple[str, str, set[str], set[str]]] = [
    # TensorFlow Federated docs, build_adam (verbatim): Python's ** and a snake_case target
    (
        "tff-adam-normalized-lr",
        r"normalized_lr = lr * sqrt(1 - beta_2**t) / (1 - beta_1**t)",
        {"bias_correction"},
        {"warmup", "exponential_decay"},
    ),
    # Keras docs, Adam: the same rate under another identifier
    (
        "keras-adam-lr-t",
        r"lr_t = learning_rate * sqrt(1 - beta_2**t) / (1 - beta_1**t)",
        {"bias_correction"},
        {"warmup"},
    ),
    # TensorFlow docs, tf.raw_ops.ApplyAdagradV2 (verbatim): two statements on one line
    (
        "tf-adagrad-one-line",
        r"accum += grad * grad var -= lr * grad * (1 / (sqrt(accum) + epsilon))",
        {"adagrad"},
        {"rmsprop", "ema"},
    ),
    # cs231n notes, neural-networks-3: RMSprop's cache with **
    (
        "cs231n-rmsprop",
        r"cache = decay_rate * cache + (1 - decay_rate) * dx**2 \\ x += - learning_rate * dx / (np.sqrt(cache) + eps)",
        {"rmsprop"},
        {"adagrad"},
    ),
    # Karpathy's nanoGPT, model.py NewGELU: library prefixes, math.pi, torch.pow
    (
        "nanogpt-new-gelu-tanh",
        r"0.5 * x * (1 + torch.tanh(math.sqrt(2 / math.pi) * (x + 0.044715 * torch.pow(x, 3))))",
        {"gelu_tanh"},
        {"swiglu"},
    ),
    # burn crate docs, gelu_approximate (verbatim): GELU_approx one identifier, pi the constant
    (
        "burn-gelu-approx",
        r"GELU_approx(x) = 0.5 * x * (1 + tanh(sqrt(2/pi) * (x + 0.044715 * x^3)))",
        {"gelu_tanh"},
        {"swiglu"},
    ),
    # Keras docs, Attention layer (Luong-style): tf.matmul, tf.nn.softmax, return
    (
        "keras-luong-attention",
        r"scores = tf.matmul(query, key, transpose_b=True) \\ distribution = tf.nn.softmax(scores) \\ "
        r"return tf.matmul(distribution, value)",
        {"softmax"},
        {"additive_attention", "bilinear_form"},
    ),
    # Hugging Face docs: a classifier's probabilities as a method
    ("hf-softmax-method", r"probs = logits.softmax(dim=-1)", {"softmax"}, {"log_softmax"}),
    # dfdx crate docs, mse_loss and mae_loss: method chains
    ("dfdx-mse", r"(pred - targ).square().mean()", {"mse"}, {"mae"}),
    ("dfdx-mae", r"(pred - targ).abs().mean()", {"mae"}, {"mse"}),
    # PyTorch docs, torch.nn.SiLU as code
    ("torch-silu", r"y = x * torch.sigmoid(x)", {"silu"}, {"swiglu"}),
    # Adam's moments as a forum answer types them in Unicode
    ("adam-unicode-first", "mₜ = β₁ mₜ₋₁ + (1 − β₁) gₜ", {"ema"}, {"weighted_average"}),
    # logistic regression in Unicode
    ("logistic-unicode", "ŷ = σ(wᵀx + b)", {"sigmoid"}, {"softmax"}),
    # cross-entropy in Unicode
    ("cross-entropy-unicode", "L = −∑ᵢ yᵢ log ŷᵢ", {"cross_entropy"}, {"binary_cross_entropy", "kl_divergence"}),
]


@pytest.mark.parametrize(("latex", "want", "avoid"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_concepts(latex: str, want: set[str], avoid: set[str]) -> None:
    assert_concepts(latex, want, avoid)
