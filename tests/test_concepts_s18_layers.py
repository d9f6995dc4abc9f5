"""Session 18, task layers: ReLU against the constructs that contain a max(0, ·), normalisation, layers, attention,
calculus and initialisation on real notation.

Each row is ``(case id, latex, must-name, must-not-name)`` through ``symdl.parse`` + ``symdl.chunk.explain``; the
comment on each row says where that notation is published.  The look-alikes beside each class keep it honest.
"""

from __future__ import annotations

import pytest

from tests.concept_cases import assert_concepts

RELU: list[tuple[str, str, set[str], set[str]]] = [
    # --- a max(0, ·) applied to an input is a ReLU, alone or inside a layer
    # Goodfellow et al. 2016, eq. 6.37 (g(z) = max{0, z})
    ("relu-goodfellow", r"g(z) = \max\{0, z\}", {"relu"}, {"hinge"}),
    # d2l 5.1 (MLP with a ReLU hidden layer)
    ("relu-d2l-layer", r"\mathbf{H} = \max(0, \mathbf{X}\mathbf{W} + \mathbf{b})", {"relu", "linear_layer"}, set()),
    # Vaswani et al. 2017, eq. 2 (position-wise FFN)
    ("relu-ffn", r"\mathrm{FFN}(x)=\max(0, xW_1 + b_1) W_2 + b_2", {"relu", "linear_layer"}, {"hinge"}),
    # cs231n neural networks 1 (two-layer net)
    ("relu-cs231n", r"s = W_2 \max(0, W_1 x)", {"relu"}, {"hinge"}),
    # PyTorch ReLU6
    ("relu-relu6", r"\mathrm{ReLU6}(x) = \min(\max(0, x), 6)", {"relu"}, {"hard_sigmoid"}),
    # --- a shifted output: max(0, x) + c is another function
    # dev18 trap (a ReLU shifted up by one)
    ("not-relu-shifted", r"f(x) = \max(0, x) + 1", set(), {"relu", "softplus", "hinge"}),
    # the same shift, written as [x]_+
    ("not-relu-shifted-plus", r"\phi(x) = [x]_+ + 1", set(), {"relu"}),
    # --- the threshold of a magnitude: soft thresholding, shrinkage, the epsilon-insensitive loss
    # Beck & Teboulle 2009 (ISTA), the proximal map of the l1 norm
    (
        "not-relu-soft-threshold",
        r"S_\lambda(x) = \operatorname{sign}(x)\max\left(|x| - \lambda, 0\right)",
        set(),
        {"relu", "hinge", "leaky_relu"},
    ),
    # Hastie et al., ESL eq. 12.37, the epsilon-insensitive error of support vector regression
    ("not-relu-eps-insensitive", r"V_\epsilon(r) = \max(0, |r| - \epsilon)", set(), {"relu"}),
    # the same threshold on a vector's length (the proximal map of the group lasso's norm, Parikh & Boyd 6.5.4)
    ("not-relu-norm-threshold", r"y = \max(0, \|\mathbf{v}\| - \lambda)", {"l2_norm"}, {"relu"}),
    # --- a margin term in a statement that defines a loss
    # double-margin contrastive loss (Lin et al. 2015; pytorch-metric-learning ContrastiveLoss)
    (
        "not-relu-contrastive-margins",
        r"L_{\text{contrastive}} = \left[d_p - m_{\text{pos}}\right]_+ + \left[m_{\text{neg}} - d_n\right]_+",
        set(),
        {"relu", "triplet_loss"},
    ),
    # margin ranking with a Latin margin (Weston et al. 2011, WSABIE's pairwise term)
    ("not-relu-ranking-m", r"\mathcal{L} = \max(0, m - s_p + s_n)", set(), {"relu"}),
    # --- a branch of cases chosen by a label
    # PyTorch HingeEmbeddingLoss with the margin written m (Latin)
    (
        "not-relu-hinge-embedding",
        r"l_n = \begin{cases} x_n, & \text{if}\; y_n = 1,\\ \max \{0, m - x_n\}, & \text{if}\; y_n = -1, \end{cases}",
        set(),
        {"relu"},
    ),
    # --- a guard on a denominator
    # PyTorch torch.std with a correction
    (
        "not-relu-std-correction",
        r"\sigma = \sqrt{\frac{1}{\max(0,~N - \delta N)}\sum_{i=0}^{N-1}(x_i-\bar{x})^2}",
        set(),
        {"relu"},
    ),
    # the ReLU's own cases (its condition on its input) stay a ReLU
    ("relu-cases", r"\sigma(z) = \begin{cases} z & z > 0 \\ 0 & z \le 0 \end{cases}", {"relu"}, {"indicator"}),
]

NORM: list[tuple[str, str, set[str], set[str]]] = [
    # --- a standardisation whose statistics are NAMED by words (mean, std, var), as in library docs
    # torchvision.transforms.Normalize
    (
        "norm-torchvision",
        r"\text{output}[c] = \frac{\text{input}[c] - \text{mean}[c]}{\text{std}[c]}",
        {"normalization"},
        {"batch_norm", "rms_normalization"},
    ),
    # PyTorch LayerNorm / BatchNorm docs, the statistics written as calls
    (
        "norm-named-calls",
        r"y = \frac{x - \mathrm{mean}(x)}{\sqrt{\mathrm{var}(x) + \epsilon}}",
        {"normalization"},
        {"rms_normalization"},
    ),
    # PyTorch InstanceNorm/BatchNorm docs in words
    ("norm-words", r"\frac{\text{input} - \text{mean}}{\sqrt{\text{var}}}", {"normalization"}, {"rms_normalization"}),
    # --- weight normalisation applied to an input
    # Salimans & Kingma 2016, eq. 2 inside the unit y = phi(w.x + b)
    (
        "wn-applied",
        r"y = \phi\left(\frac{g}{\|\mathbf{v}\|}\,\mathbf{v}\cdot\mathbf{x} + b\right)",
        {"weight_norm"},
        {"cosine_similarity", "lp_normalization"},
    ),
    # the same with a transpose
    ("wn-transpose", r"y = \frac{g}{\|\mathbf{v}\|}\mathbf{v}^\top\mathbf{x}", {"weight_norm"}, {"cosine_similarity"}),
    # look-alike: SimCLR's u^T v/||u|| ||v|| read left to right: a norm times a dot product over a norm, no gain
    (
        "not-wn-cosine-slash",
        r"\mathrm{sim}(\boldsymbol{u}, \boldsymbol{v}) = \boldsymbol{u}^\top \boldsymbol{v} / \lVert \boldsymbol{u} \rVert \lVert \boldsymbol{v} \rVert",
        set(),
        {"weight_norm", "lp_normalization"},
    ),
    # look-alike: without a gain, v^T x/||v|| is the scalar projection of x on v
    ("not-wn-projection", r"s = \frac{\mathbf{v}^\top\mathbf{x}}{\|\mathbf{v}\|}", set(), {"weight_norm"}),
    # look-alike: letters m and s are not named statistics (a difference over a scale)
    ("not-norm-letters", r"y = \frac{x - m}{s}", set(), {"normalization", "batch_norm"}),
]

LAYERS: list[tuple[str, str, set[str], set[str]]] = [
    # --- a unit's weighted sum plus a bias: a linear layer AND the weighted sum written out
    # Nielsen ch. 1 / Goodfellow 6.1 (one unit)
    ("unit-weighted-sum", r"z = \sum_{i=1}^{n} w_i x_i + b", {"weighted_sum", "linear_layer"}, {"weighted_average"}),
    # cs231n neural networks 1 (one neuron, entries of W)
    ("unit-matrix-entries", r"z_j = \sum_{k} w_{jk} x_k + b_j", {"weighted_sum", "linear_layer"}, {"mean"}),
    # --- cosine similarity with each norm floored (PyTorch's CosineSimilarity docs) or the product floored
    (
        "cos-floored-each",
        r"\text{similarity} = \dfrac{x_1 \cdot x_2}{\max(\Vert x_1 \Vert _2, \epsilon) \cdot \max(\Vert x_2 \Vert _2, \epsilon)}",
        {"cosine_similarity"},
        {"lp_normalization", "clip_by_norm"},
    ),
    # d2l 14.4 (word similarity), no floor
    (
        "cos-d2l",
        r"\cos(\theta) = \frac{\mathbf{x}^\top\mathbf{y}}{\|\mathbf{x}\|\|\mathbf{y}\|}",
        {"cosine_similarity"},
        set(),
    ),
    # look-alike: one floored norm is an Lp normalisation of a dot product, not a cosine
    (
        "not-cos-one-norm",
        r"s = \frac{\mathbf{a}^\top\mathbf{b}}{\max(\|\mathbf{a}\|, \epsilon)}",
        set(),
        {"cosine_similarity"},
    ),
    # --- concatenation written with brackets around vectors or matrices
    # d2l 10.4 (bidirectional RNN)
    (
        "concat-birnn",
        r"\mathbf{H}_t = [\overrightarrow{\mathbf{H}}_t, \overleftarrow{\mathbf{H}}_t] \in \mathbb{R}^{n \times 2h}",
        {"concatenation"},
        {"residual"},
    ),
    # d2l 10.1 (LSTM input: the previous state beside the input)
    ("concat-state-input", r"\mathbf{z}_t = [\mathbf{h}_{t-1}, \mathbf{x}_t]", {"concatenation"}, set()),
    # look-alike: brackets around two numbers are a vector of entries, not a concatenation
    ("not-concat-scalars", r"v = [a, b]", set(), {"concatenation"}),
    # --- max pooling over a region attached to the output position
    # Goodfellow et al. 9.3 / Zhang et al. (d2l 7.5) region notation
    ("maxpool-region", r"y_{i,j} = \max_{(p,q) \in \mathcal{R}_{i,j}} x_{p,q}", {"max_pool"}, {"argmax", "relu"}),
    ("maxpool-region-omega", r"z_{ij} = \max_{(m,n) \in \Omega_{ij}} a_{mn}", {"max_pool"}, {"argmax"}),
    # look-alike: a max over a neighbourhood set not attached to output indices (GraphSAGE's aggregator, over v)
    ("not-maxpool-fixed-set", r"y_{i} = \max_{k \in S} x_k", set(), {"max_pool"}),
    # --- embedding lookup: a table times a one-hot vector
    # cs224n lecture notes (word vectors)
    (
        "embed-cs224n",
        r"\mathbf{e}_t = \mathbf{E}\,\mathbf{x}^{(t)}, \qquad \mathbf{x}^{(t)} \in \{0,1\}^{|V|}",
        {"embedding_lookup"},
        {"indicator", "permutation"},
    ),
    # Rong 2014, word2vec parameter learning explained (h = W^T x, x one-hot)
    (
        "embed-word2vec",
        r"\mathbf{h} = \mathbf{W}^\top \mathbf{x}, \quad \mathbf{x} \in \{0,1\}^{V}",
        {"embedding_lookup"},
        set(),
    ),
    # look-alike: a real input vector is a linear layer's input, no lookup
    (
        "not-embed-real",
        r"\mathbf{h} = \mathbf{W}\mathbf{x}, \quad \mathbf{x} \in \mathbb{R}^{n}",
        {"linear_layer"},
        {"embedding_lookup"},
    ),
    # --- attention for one query written as a sum over positions
    # Goodfellow-style index notation (dev18's source) with a scale
    (
        "attn-sum-scaled",
        r"\tilde{\boldsymbol{v}} = \sum_{t} \frac{\exp\left(\boldsymbol{q}^\top \boldsymbol{k}_t/\sqrt{d_{\text{attn}}}\right)}"
        r"{\sum_u \exp\left(\boldsymbol{q}^\top \boldsymbol{k}_u/\sqrt{d_{\text{attn}}}\right)} \boldsymbol{v}_t",
        {"scaled_dot_product_attention"},
        {"additive_attention", "logsumexp"},
    ),
    # d2l 11.3 (attention pooling with dot-product scores)
    (
        "attn-sum-d2l",
        r"o = \sum_{i=1}^{n} \frac{\exp(q^\top k_i)}{\sum_{j=1}^{n} \exp(q^\top k_j)} v_i",
        {"scaled_dot_product_attention"},
        set(),
    ),
    # look-alike: the total sums other scores (not a softmax over the same keys)
    (
        "not-attn-other-total",
        r"y = \sum_t \frac{\exp(q^\top k_t)}{\sum_u \exp(q^\top w_u)} v_t",
        set(),
        {"scaled_dot_product_attention"},
    ),
]

CALCULUS: list[tuple[str, str, set[str], set[str]]] = [
    # --- the slope of tanh and sigmoid written as a derivative or in exponentials
    # Wikipedia / Goodfellow 6.3.2 (tanh' = sech^2 = 4/(e^x + e^-x)^2)
    (
        "tanh-deriv-exp",
        r"\frac{d}{dx}\tanh x = \operatorname{sech}^2 x = \frac{4}{\left(e^{x}+e^{-x}\right)^2}",
        {"tanh_derivative"},
        {"sigmoid_derivative"},
    ),
    ("tanh-deriv-exp-only", r"f'(x) = \frac{4}{(e^x + e^{-x})^2}", {"tanh_derivative"}, {"sigmoid_derivative"}),
    # Bishop 5.3 / Nielsen ch. 3 (the sigmoid's slope stated with the derivative on the left)
    (
        "sigmoid-deriv-left",
        r"\frac{d}{dx}\sigma(x) = \sigma(x)(1-\sigma(x))",
        {"sigmoid_derivative"},
        {"tanh_derivative"},
    ),
    # look-alike: without the square, 4/(e^x + e^-x) is 2 sech x, not the slope of tanh
    ("not-tanh-deriv-sech", r"y = \frac{4}{e^x + e^{-x}}", set(), {"tanh_derivative"}),
]

CASES = RELU + NORM + LAYERS + CALCULUS


@pytest.mark.parametrize(("latex", "want", "avoid"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_concepts(latex: str, want: set[str], avoid: set[str]) -> None:
    assert_concepts(latex, want, avoid)
