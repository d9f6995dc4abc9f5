"""Session 19, task read-struct: structures symdl refused (issue 12) now read, and the concepts they are get named.

Each row is ``(case id, latex, must-name, must-not-name)`` through ``symdl.parse`` + ``symdl.chunk.explain``; the
comment on each row says where that notation is published.  The look-alikes beside each class keep it honest.
"""

from __future__ import annotations

import pytest

from tests.concept_cases import assert_concepts

ATTENTION: list[tuple[str, str, set[str], set[str]]] = [
    # Vaswani et al. 2017, sec. 3.2.2 (multi-head attention, the heads' concatenation times W^O)
    (
        "mha-vaswani",
        r"\mathrm{MultiHead}(Q, K, V) = \mathrm{Concat}(\mathrm{head_1}, ..., \mathrm{head_h})W^O \\ "
        r"\text{where}~\mathrm{head_i} = \mathrm{Attention}(QW^Q_i, KW^K_i, VW^V_i)",
        {"multi_head_attention"},
        {"concatenation"},
    ),
    # The PyTorch docs, nn.MultiheadAttention
    (
        "mha-pytorch",
        r"\text{MultiHead}(Q, K, V) = \text{Concat}(head_1,\dots,head_h)W^O, \quad head_i = "
        r"\text{Attention}(QW_i^Q, KW_i^K, VW_i^V)",
        {"multi_head_attention"},
        set(),
    ),
    # Vaswani et al. 2017, sec. 3.2.2, the first line alone
    (
        "mha-first-line",
        r"\mathrm{MultiHead}(Q, K, V) = \mathrm{Concat}(\mathrm{head}_1, \dots, \mathrm{head}_h)W^O",
        {"multi_head_attention"},
        set(),
    ),
]

REDUCTIONS: list[tuple[str, str, set[str], set[str]]] = [
    # The PyTorch docs, torch.logsumexp (over dim 1)
    ("logsumexp-rows", r"\text{logsumexp}(x)_{i} = \log \sum_j \exp(x_{ij})", {"logsumexp"}, {"softmax"}),
    # The Annotated Transformer (Rush 2018), LayerNorm
    (
        "layernorm-annotated",
        r"\mathrm{LayerNorm}(x) = a_2 \odot \frac{x - \mathrm{mean}(x, -1)}{\mathrm{std}(x, -1) + "
        r"\epsilon} + b_2",
        {"layer_norm"},
        {"batch_norm", "group_norm"},
    ),
    (
        "layernorm-annotated-sub",
        r"\mathrm{LayerNorm}(x) = a_2 \odot \frac{x - \operatorname{mean}_{-1}(x)}"
        r"{\operatorname{std}_{-1}(x) + \epsilon} + b_2",
        {"layer_norm"},
        {"batch_norm"},
    ),
]

REDUCTIONS += [
    # Zhang & Sennrich 2019, RMSNorm (eq. 4, as the T5/LLaMA code computes it)
    (
        "rmsnorm-mean",
        r"\mathbf{y} = \mathbf{w} \odot \mathbf{x} \cdot \left(\operatorname{mean}(\mathbf{x}^2) + \varepsilon\right)^{-1/2}",
        {"rms_norm"},
        {"layer_norm", "batch_norm"},
    ),
    # PyTorch docs, nn.LayerNorm written with plain mean/var of the input (a look-alike: no array, stays opaque)
    (
        "normalization-opaque-mean",
        r"\frac{x - \mathrm{mean}(x)}{\sqrt{\mathrm{var}(x) + \epsilon}}",
        {"normalization"},
        {"rms_norm"},
    ),
]

CASES = ATTENTION + REDUCTIONS


@pytest.mark.parametrize(("latex", "want", "avoid"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_concepts(latex: str, want: set[str], avoid: set[str]) -> None:
    assert_concepts(latex, want, avoid)
