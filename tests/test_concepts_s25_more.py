"""Session 25 (issue 14): concepts missed on real formulas, each named by a rule for its class.

* an affine map of two inputs (``W x + U h + b``, d2l's ``X_t W_{xh} + H_{t-1} W_{hh} + b_h``) is the linear layer
  of their concatenation: in RNN cells, GRU and LSTM gates (bias-free products of rows stay unnamed, as ``X W``
  alone is);
* a learning-rate schedule written with words: Keras' ``decay_rate ^ (step / decay_steps)`` (a word is a word:
  ``\\text{decay\\_rate}``'s head is ``decay``), the PyTorch docs' ``lr_{epoch} = lr_{epoch-1} × γ`` (a word
  subscript epoch/step/iter counts the iterations as k and n do), Keras' CosineDecay (``pi`` in a cosine is π);
* label smoothing towards a uniform value written as a number (Keras' binary ``y (1 − ls) + 0.5 ls``), the target
  spelled as one;
* the smoothed Dice coefficient (a smoothing term added above and below) and ``L = 1 − D`` of a Dice coefficient
  computed above (the Dice loss in two steps);
* binary cross-entropy by cases (−log p at y = 1, −log(1 − p) otherwise) and as numpy's mean of entries;
* which normalisation: batch norm when the statistics are the mini-batch's (bold vectors of statistics
  subscripted by \\mathcal{B}: d2l) or running estimates (Keras' moving_mean), layer/group norm when the prose
  beside the formula names it; otherwise only a normalisation;
* log-sum-exp and log-softmax of a vector written with a sum without an index (``x − log Σ exp(x)``): a definition
  ``\\text{log\\_softmax}(x) = …`` is named by its right side's form, never by its name alone;
* minus an entry picked by a class label (the old PyTorch NLLLoss docs' ``loss(x, class) = −x[class]``) is nll;
Each rule has must-not rows beside it: near misses that stay unnamed.
"""

from __future__ import annotations

import pytest

from tests.concept_cases import assert_concepts

# (id, latex, concepts named, concepts that would be false); the source in the comment above each row
CASES = [
    # Keras docs, tf.keras.optimizers.schedules.ExponentialDecay
    (
        "keras-exponential-decay",
        r"decayed_learning_rate = initial_learning_rate * decay_rate ^ (step / decay_steps)",
        {"exponential_decay"},
        set(),
    ),
    # must not: a growth factor to a progress is no decay (constructed near miss)
    ("growth-not-decay", r"decayed_learning_rate = initial_learning_rate * growth ^ (step / decay_steps)", set(),
     {"exponential_decay"}),
    # PyTorch docs, torch.optim.lr_scheduler.ExponentialLR
    ("pytorch-exponential-lr", r"\text{lr}_{epoch} = \text{lr}_{epoch-1} \times \gamma", {"exponential_decay"}, set()),
    # must not: a count over epochs growing by a factor is no learning rate (constructed near miss)
    ("epoch-count-not-lr", r"N_{epoch} = N_{epoch-1} \times \gamma", set(), {"exponential_decay"}),
    # Keras docs, tf.keras.optimizers.schedules.CosineDecay
    (
        "keras-cosine-decay",
        r"cosine_decay = 0.5 * (1 + cos(pi * step / decay_steps)); decayed = (1 - alpha) * cosine_decay + alpha",
        {"cosine_schedule"},
        set(),
    ),
    # must not: Hann's window alone, written as code (nothing uses it as a decay factor)
    ("hann-window-code", r"w = 0.5 * (1 - cos(2 * pi * n / N))", set(), {"cosine_schedule"}),
    # Keras docs, tf.keras.losses.BinaryCrossentropy(label_smoothing=...)
    (
        "keras-binary-label-smoothing",
        r"y_{smooth} = y \cdot (1 - \text{label\_smoothing}) + 0.5 \cdot \text{label\_smoothing}",
        {"label_smoothing"},
        set(),
    ),
    # Szegedy et al. 2016 §7 with K classes
    ("label-smoothing-k", r"y_{smooth} = y (1 - \alpha) + \alpha / K", {"label_smoothing"}, set()),
    # must not: a blend of a hidden state towards 0.5 (a GRU-like gate) is no smoothing of a target
    ("blend-not-smoothing", r"h = h (1 - z) + 0.5 z", set(), {"label_smoothing"}),
    # a segmentation blog's smoothed soft Dice, then the loss
    (
        "dice-smooth-system",
        r"\text{Dice} = \frac{2\sum_i p_i\,t_i + \text{smooth}}{\sum_i p_i + \sum_i t_i + \text{smooth}}, \qquad "
        r"\mathcal{L} = 1 - \text{Dice}",
        {"dice_coefficient", "dice_loss"},
        set(),
    ),
    # Keras blogs' dice then loss = 1 - dice
    (
        "dice-keras-system",
        r"dice = \frac{2 \cdot \sum y_{true} y_{pred}}{\sum y_{true} + \sum y_{pred}}, \; loss = 1 - dice",
        {"dice_coefficient", "dice_loss"},
        set(),
    ),
    # must not: the smoothing term only above is no smoothed Dice (constructed near miss)
    ("dice-smooth-above-only", r"D = \frac{2\sum_i p_i t_i + s}{\sum_i p_i + \sum_i t_i}", set(),
     {"dice_coefficient", "dice_loss"}),
    # must not: one minus the Jaccard index is no Dice loss (Jaccard 1912, as segmentation blogs write it)
    ("jaccard-not-dice", r"J = \frac{\sum_i p_i t_i}{\sum_i p_i + \sum_i t_i - \sum_i p_i t_i}, \qquad L = 1 - J",
     set(), {"dice_coefficient", "dice_loss"}),
    # must not: one minus a probability computed above is no Dice loss
    ("one-minus-sigmoid", r"a = \sigma(z), \quad L = 1 - a", set(), {"dice_loss"}),
    # the old PyTorch NLLLoss docs (0.3): loss(x, class) = -x[class]
    ("pytorch-old-nll", r"loss(x, class) = -x[class]", {"nll"}, set()),
    # the same docs, with class weights
    ("pytorch-old-nll-weighted", r"loss(x, class) = -weights[class] * x[class]", {"nll"}, set()),
    # must not: minus an entry at a plain index is no loss (constructed near miss)
    ("negated-entry-index", r"f(x, i) = -x[i]", set(), {"nll"}),
    # must not: the weight at another index than the entry's label
    ("weight-other-index", r"loss(x, class) = -weights[i] * x[class]", set(), {"nll"}),
    # must not: a label letter that the statement does not take as an argument
    ("negated-entry-y", r"l = -x[y]", set(), {"nll"}),
    # Lin et al. 2017 (focal loss), eq. 1
    ("focal-paper-ce-cases", r"CE(p,y_t)=\begin{cases}-\log(p)&y_t=1 \\ -\log(1-p)&else\end{cases}",
     {"binary_cross_entropy"}, set()),
    # must not: the same paper's p_t by cases is a probability, no loss (eq. 2)
    ("focal-paper-pt", r"p_t = \begin{cases}p&y=1 \\ 1-p&\text{otherwise}\end{cases}", set(),
     {"binary_cross_entropy"}),
    # must not: two unrelated probabilities by cases (constructed near miss)
    ("cases-unrelated", r"L = \begin{cases}-\log(p)&y=1 \\ -\log(q)&\text{otherwise}\end{cases}", set(),
     {"binary_cross_entropy"}),
    # must not: labels 1 and 2 are no 0/1 pair
    ("cases-labels-1-2", r"L = \begin{cases}-\log(p)&y=1 \\ -\log(1-p)&y=2\end{cases}", set(),
     {"binary_cross_entropy"}),
    # numpy, as blogs write binary cross-entropy
    ("numpy-bce-mean", r"loss = -np.mean(y*np.log(p) + (1-y)*np.log(1-p))", {"binary_cross_entropy", "mean"}, set()),
    # must not: a sum over entries is no mean
    ("numpy-bce-sum", r"loss = -np.sum(y*np.log(p) + (1-y)*np.log(1-p))", {"binary_cross_entropy"}, {"mean"}),
    # must not: numpy's binary entropy of p itself (p against p) is no cross-entropy
    ("numpy-binary-entropy", r"loss = -np.mean(p*np.log(p) + (1-p)*np.log(1-p))", set(), {"binary_cross_entropy"}),
    # a PyTorch tutorial's definition of log_softmax, the sum written without an index
    ("log-softmax-defined", r"\text{log\_softmax}(x) = x - \log \sum \exp(x)", {"log_softmax", "logsumexp"}, set()),
    # must not: the log-sum-exp of another vector subtracted is no log-softmax of x
    ("lse-of-other-vector", r"y = x - \log \sum \exp(z)", {"logsumexp"}, {"log_softmax"}),
    # must not: a definition by the name alone, its right side another form, is not named by the name
    ("log-softmax-name-only", r"\text{log\_softmax}(x) = x - \log(x)", set(), {"log_softmax", "logsumexp"}),
    # must not: the log of a total without exponentials
    ("log-of-total", r"y = \log \sum x", set(), {"logsumexp"}),
    # d2l §8.5 (batch normalisation), eq. 8.5.1, in bold: vectors of statistics
    (
        "d2l-batch-norm-vectors",
        r"\hat{\mathbf{x}} = \frac{\mathbf{x} - \hat{\boldsymbol{\mu}}_\mathcal{B}}{\hat{\boldsymbol{\sigma}}_"
        r"\mathcal{B}} \odot \boldsymbol{\gamma} + \boldsymbol{\beta}",
        {"batch_norm", "normalization"},
        set(),
    ),
    # must not: the same without the batch subscript says no layer (constructed near miss)
    (
        "vector-norm-no-batch",
        r"\hat{\mathbf{x}} = \frac{\mathbf{x} - \boldsymbol{\mu}}{\boldsymbol{\sigma}} \odot \boldsymbol{\gamma} "
        r"+ \boldsymbol{\beta}",
        {"normalization"},
        {"batch_norm", "layer_norm", "group_norm"},
    ),
    # must not: only the mean subscripted by the batch says too little
    (
        "vector-norm-mean-only-batch",
        r"\hat{\mathbf{x}} = \frac{\mathbf{x} - \boldsymbol{\mu}_\mathcal{B}}{\boldsymbol{\sigma}} \odot "
        r"\boldsymbol{\gamma} + \boldsymbol{\beta}",
        {"normalization"},
        {"batch_norm"},
    ),
    # must not: a difference over a vector of Latin letters is no standardisation
    ("vector-ratio-no-stats", r"\hat{\mathbf{x}} = \frac{\mathbf{x} - \mathbf{a}}{\mathbf{b}} \odot "
     r"\boldsymbol{\gamma} + \boldsymbol{\beta}", set(), {"normalization", "batch_norm"}),
    # Ioffe & Szegedy 2015, Algorithm 1
    ("ioffe-batch-norm", r"y_i = \gamma \frac{x_i - \mu_B}{\sqrt{\sigma_B^2 + \epsilon}} + \beta",
     {"batch_norm"}, set()),
    # Keras docs, BatchNormalization at inference
    (
        "keras-batch-norm-moving",
        r"outputs = gamma * (batch - self.moving_mean) / sqrt(self.moving_var+epsilon) + beta",
        {"batch_norm", "normalization"},
        set(),
    ),
    # Keras docs, LayerNormalization, with its prose
    (
        "keras-layer-norm-words",
        r"y = \frac{x - \mu}{\sqrt{\sigma^2 + \epsilon}} \gamma + \beta \quad \text{(LayerNormalization, axis=-1)}",
        {"layer_norm", "normalization"},
        {"batch_norm", "group_norm"},
    ),
    # PyTorch docs, GroupNorm's formula with its name beside it
    (
        "groupnorm-words",
        r"y = \frac{x - \mu}{\sqrt{\sigma^2 + \epsilon}} \gamma + \beta \quad \text{(GroupNorm)}",
        {"group_norm", "normalization"},
        {"batch_norm", "layer_norm"},
    ),
    # must not: prose naming two layers says neither
    (
        "two-layers-words",
        r"y = \frac{x - \mu}{\sqrt{\sigma^2 + \epsilon}} \gamma + \beta \quad \text{(BatchNorm or LayerNorm)}",
        {"normalization"},
        {"batch_norm", "layer_norm", "group_norm"},
    ),
    # must not: PyTorch's LayerNorm/BatchNorm formula without words stays only a normalisation
    (
        "pytorch-norm-no-words",
        r"y = \frac{x - \mathrm{E}[x]}{\sqrt{\mathrm{Var}[x] + \epsilon}} * \gamma + \beta",
        {"normalization"},
        {"batch_norm", "layer_norm", "group_norm"},
    ),
    # d2l §9.4 (RNN with hidden state), eq. 9.4.5
    (
        "d2l-rnn-affine",
        r"\mathbf{H}_t = \phi(\mathbf{X}_t \mathbf{W}_{\textrm{xh}} + \mathbf{H}_{t-1} \mathbf{W}_{\textrm{hh}}  + "
        r"\mathbf{b}_\textrm{h})",
        {"rnn_cell", "linear_layer"},
        set(),
    ),
    # d2l §10.2 (GRU), the reset gate
    (
        "d2l-gru-reset-affine",
        r"\mathbf{R}_t = \sigma(\mathbf{X}_t \mathbf{W}_{\textrm{xr}} + \mathbf{H}_{t-1} \mathbf{W}_{\textrm{hr}} + "
        r"\mathbf{b}_\textrm{r})",
        {"gru", "linear_layer"},
        set(),
    ),
    # d2l §10.1 (LSTM), the input gate
    (
        "d2l-lstm-input-affine",
        r"\mathbf{I}_t = \sigma(\mathbf{X}_t \mathbf{W}_{\textrm{xi}} + \mathbf{H}_{t-1} \mathbf{W}_{\textrm{hi}} + "
        r"\mathbf{b}_\textrm{i})",
        {"lstm_gate", "linear_layer"},
        set(),
    ),
    # must not: matrices times matrices on both sides with a matrix added (a Sylvester-like sum) is no layer
    ("sylvester-not-layer", r"\mathbf{Y} = \mathbf{A}\mathbf{X} + \mathbf{X}\mathbf{B} + \mathbf{C}", set(),
     {"linear_layer"}),
    # must not: two row products with no bias: bias-free XW is no layer today, so neither is their sum
    ("rows-no-bias", r"\mathbf{O} = \mathbf{H}\mathbf{W}_{\textrm{hq}} + \mathbf{X}\mathbf{W}_{\textrm{xq}}", set(),
     {"linear_layer"}),
    # Shazeer 2020 (GLU variants), SwiGLU's FFN: bias-free xW, xV are not named, as bias-free XW is not elsewhere
    ("shazeer-swiglu-no-bias", r"(\mathrm{Swish}_1(xW) \otimes xV)W_2", set(), {"linear_layer"}),
]


@pytest.mark.parametrize(("latex", "want", "avoid"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_concepts(latex: str, want: set[str], avoid: set[str]) -> None:
    assert_concepts(latex, want, avoid)
