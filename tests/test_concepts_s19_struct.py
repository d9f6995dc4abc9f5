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

REDUCTIONS += [
    # Ba et al. 2016 as code writes it, x.mean(-1) and x.var(-1): layer norm, and not the RMS of a centred vector
    (
        "layernorm-code-var",
        r"y = \gamma \odot \frac{x - \operatorname{mean}(x, -1)}{\sqrt{\operatorname{var}(x, -1) + \epsilon}} + \beta",
        {"layer_norm"},
        {"rms_norm", "rms_normalization", "batch_norm"},
    ),
    # the same standardisation without the gain: a spread, not a root-mean-square scale
    (
        "standardise-code-var",
        r"y = \frac{x - \operatorname{mean}(x, -1)}{\sqrt{\operatorname{var}(x, -1) + \epsilon}}",
        {"variance"},
        {"rms_norm", "rms_normalization"},
    ),
    # a mean of a whole vector with no axis does not say features or batch (a look-alike: no layer norm claimed)
    (
        "standardise-vector-no-axis",
        r"\mathbf{y} = \frac{\mathbf{x} - \operatorname{mean}(\mathbf{x})}{\sqrt{\operatorname{var}(\mathbf{x}) + "
        r"\epsilon}}",
        {"variance"},
        {"layer_norm", "batch_norm", "rms_norm"},
    ),
]

REDUCTIONS += [
    # tf.keras.metrics.mean_absolute_error on whole vectors: a mean of entries, not a penalty on weights
    (
        "mean-abs-vector-no-penalty",
        r"\text{loss} = \text{mean}(|\mathbf{y} - \hat{\mathbf{y}}|)",
        set(),
        {"l1_penalty"},
    ),
    # tf.keras.metrics.mean_squared_error on whole vectors (the reduction of the entries)
    (
        "mean-square-vector",
        r"\text{loss} = \operatorname{mean}\left((\mathbf{y} - \hat{\mathbf{y}})^2\right)",
        {"mse"},
        {"rms_norm", "variance"},
    ),
    # Hinton et al. 2015, softmax at a temperature (Stanton et al.'s notation)
    (
        "softmax-temperature-entry",
        r"\mathcal{S}(\mathbf{a}/T)_c = \frac{\exp(a_c/T)}{\sum_{c'=1}^{C} \exp(a_{c'}/T)}",
        {"softmax"},
        {"logsumexp"},
    ),
]

CASES = ATTENTION + REDUCTIONS


@pytest.mark.parametrize(("latex", "want", "avoid"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_concepts(latex: str, want: set[str], avoid: set[str]) -> None:
    assert_concepts(latex, want, avoid)
