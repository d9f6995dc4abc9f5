"""Session 21, task names3: the concepts the last blind set missed, and its false labels (issue 14), by class.

Each row: (id, LaTeX as printed in the cited source, ids that must be named, ids that must not be named).
The rules the rows settle:

* a descent step that also shrinks the weights by a rate spelled as a word (``w − lr·(u + λw)``) is a step with
  decoupled weight decay, never momentum (an EMA "up to scale" of the weights); with a hatted moment over the root
  of another it is AdamW in one line;
* two independent factors spelled as Latin letters on the previous value and on a new one (the PyTorch docs'
  ``c' = f * c + i * g``) are gates, not a velocity's decay and rate; an LSTM's cell when a later line reads the cell
  out through its tanh (``h' = o * tanh(c')``);
* ``h'`` updated from ``h`` (the PyTorch docs' next state) and ``h`` from ``h_prev`` (TF) are one state at two
  steps: the GRU's interpolation and the LSTM's gates are read there as with ``h_t``, ``h_{t-1}``; Nielsen's
  ``a' = σ(wa + b)`` (the next layer) stays a unit;
* a tanh whose recurrent term passes through a data factor first, ``tanh(W x + r ⊙ (U h + b))``, is a GRU's
  candidate; a gate entry per unit ``z_j`` beside ``h_j^{⟨t⟩}`` (Cho et al.) is a gate, not a decay;
* the step's denominator says what it divides by even without a line for it: Ruder's ``E[g²]_t`` (RMSProp),
  ``RMS[g]_t`` (RMSProp; AdaDelta with ``RMS[Δθ]`` on top), Duchi's ``Σ_{τ ≤ t} g_τ²`` and PyTorch's
  ``state\\_sum`` (Adagrad), and PyTorch's ``ṽ_t`` beside an updated ``v_t`` (RMSProp);
* Lion's interpolation may be defined one step ahead (MLX's ``c_{t+1} = …``, ``sign(c_t)``);
* a mean plus ``exp(½ v)`` times a name is a reparameterised sample without its draw declared (a standard
  deviation from a log-variance); DDPM's ``√(1 − β) x + √β ε`` stays unnamed without its draw (the older tables'
  rule), and is never an LSTM cell (the gates would be a noise schedule of Greek letters);
* InfoNCE also when the anchor is excluded by ``1 − δ_{ik}``, when the positive is written beside the negatives'
  sum (MoCo), and as CLIP's mean of both directions; a class logit ``s·cos θ_j`` is no pair score;
* attention written on several lines (``scores``, ``p = softmax(scores)``, ``out = p V``) is attention;
* ``y log(1 + e^{−x}) + (1 − y) log(1 + e^{x})``, logs of reciprocal probabilities, is binary cross-entropy;
* He's gain spelled as PyTorch's and PaddlePaddle's docs spell it (``gain/√fan_in``; the leaky gain
  ``√(2/(1 + negative_slope²))``); a product of the two fans is no fan;
* an equation the check refutes (``d/dx tanh x ≟ 1 − tanh x``) does not name its left side's concept.
"""

from __future__ import annotations

import pytest

from tests.concept_cases import assert_concepts

CASES: list[tuple[str, str, set[str], set[str]]] = [
    # --- weight decay with a worded rate: no momentum
    # TensorFlow Federated docs, build_adamw (verbatim)
    (
        "tff-adamw-no-momentum",
        r"w = w - lr * (normalization * acc / (sqrt(s) + eps) + lambda * w)",
        {"gradient_descent_step", "weight_decay"},
        {"momentum", "l2_penalty"},
    ),
    # ngme2 R docs, adamW update (verbatim)
    (
        "ngme2-adamw",
        r"x_{t+1} = x_t - \text{stepsize} * \left( \lambda x_t + \frac{\hat{m_t}}{\sqrt{\hat{v_t}} + "
        r"\epsilon} \right)",
        {"adamw", "weight_decay"},
        {"momentum", "rmsprop", "l2_penalty"},
    ),
    # Hugging Face transformers docs, AdamW (paraphrased): a worded decay "wd"
    (
        "hf-adamw-wd",
        r"w \leftarrow w - \text{lr}\cdot\left(\frac{\hat m}{\sqrt{\hat v}+\varepsilon} + "
        r"\text{wd}\cdot w\right)",
        {"adamw"},
        {"momentum", "rmsprop"},
    ),
    # --- LSTM in the PyTorch docs' notation (primes for the next state)
    # PyTorch docs, torch.nn.LSTMCell (verbatim)
    (
        "pytorch-lstmcell",
        r"\begin{array}{ll} i = \sigma(W_{ii} x + b_{ii} + W_{hi} h + b_{hi}) \\ f = \sigma(W_{if} x +"
        r" b_{if} + W_{hf} h + b_{hf}) \\ g = \tanh(W_{ig} x + b_{ig} + W_{hg} h + b_{hg}) \\ o = \sigma(W_{io} x + b_{io}"
        r" + W_{ho} h + b_{ho}) \\ c' = f \odot c + i \odot g \\ h' = o \odot \tanh(c') \\ \end{array}",
        {"lstm_cell", "lstm_gate", "tanh"},
        {"gru", "momentum"},
    ),
    # PyTorch 1.8 docs, torch.nn.LSTMCell, star notation (verbatim)
    ("pytorch18-lstm-star", r"c' = f * c + i * g \\ h' = o * \tanh(c')", {"lstm_cell"}, {"momentum", "gru"}),
    # must-not: the cell line alone with star products is not momentum (gates, not a decay)
    ("pytorch-cell-line-not-momentum", r"c' = f * c + i * g", set(), {"momentum", "ema"}),
    # must-not: Nielsen, Neural Networks and Deep Learning ch. 1, a' = σ(wa + b): the next layer, a unit
    ("nielsen-next-layer", r"a' = \sigma(w a + b)", {"linear_layer"}, {"lstm_gate", "rnn_cell"}),  # σ guessed
    # --- GRU
    # PyTorch docs, torch.nn.GRUCell (verbatim)
    ("pytorch-grucell", r"h' = (1 - z) \odot n + z \odot h", {"gru"}, {"lstm_cell", "ema"}),
    # TensorFlow docs, tf.raw_ops.GRUBlockCell (verbatim)
    ("tf-grublockcell", r"h = (1-u) \circ c + u \circ h_prev", {"gru"}, {"lstm_cell", "ema"}),
    # PyTorch docs, torch.nn.GRUCell, the whole box (primes): the gates read the previous state h
    (
        "pytorch-grucell-box",
        r"\begin{array}{ll} r = \sigma(W_{ir} x + b_{ir} + W_{hr} h + b_{hr}) \\ z = \sigma(W_{iz} x + b_{iz} + W_{hz} h "
        r"+ b_{hz}) \\ n = \tanh(W_{in} x + b_{in} + r \odot (W_{hn} h + b_{hn})) \\ h' = (1 - z) \odot n + z \odot h "
        r"\end{array}",
        {"gru", "sigmoid"},
        {"lstm_cell", "rnn_cell", "lstm_gate"},  # r and z are a GRU's gates (session 23, issue 14)
    ),
    # Cho et al. 2014, eq. 7: a gate entry per unit
    (
        "cho-gru-unit",
        r"h_j^{\langle t\rangle} = z_j h_j^{\langle t-1\rangle} + (1 - z_j)\tilde{h}_j^{\langle t\rangle}",
        {"gru"},
        {"lstm_cell", "ema"},
    ),
    # R torch docs, nn_gru candidate (no Hadamard symbol)
    (
        "rtorch-gru-candidate",
        r"n_t = \tanh(W_{in} x_t + b_{in} + r_t (W_{hn} h_{(t-1)}+ b_{hn}))",
        {"gru", "tanh"},
        {"rnn_cell", "lstm_cell"},
    ),
    # d2l.ai §10.2 (GRU), the candidate hidden state with the reset gate on H before W_hh
    (
        "d2l-gru-candidate",
        r"\tilde{\mathbf{H}}_t = \tanh(\mathbf{X}_t \mathbf{W}_{xh} + \left(\mathbf{R}_t \odot "
        r"\mathbf{H}_{t-1}\right) \mathbf{W}_{hh} + \mathbf{b}_h)",
        {"gru"},
        {"rnn_cell", "lstm_cell"},
    ),
    # must-not: a plain RNN cell has no reset gate (Goodfellow et al. eq. 10.8 style)
    ("rnn-cell-not-gru", r"h_t = \tanh(W x_t + U h_{t-1} + b)", {"rnn_cell"}, {"gru"}),
    # must-not: a second layer on the state is no gate (constructed look-alike)
    ("two-layers-not-gru", r"h_t = \tanh(W x_t + V (U h_{t-1} + b))", set(), {"gru"}),
    # --- RMSProp / Adagrad / AdaDelta read off the denominator
    # Ruder 2016 overview, RMSprop rule
    (
        "ruder-rmsprop",
        r"\theta_{t+1} = \theta_{t} - \dfrac{\eta}{\sqrt{E[g^2]_{t} + \epsilon}} g_{t}",
        {"rmsprop"},
        {"adagrad", "adadelta", "adam"},
    ),
    # PyTorch docs, torch.optim.RMSprop algorithm box, without the copy line ṽ_t ← v_t (verbatim excerpt)
    (
        "pytorch-rmsprop-tilde",
        r"v_t \leftarrow \alpha v_{t-1} + (1 - \alpha) g^2_t \\ \theta_t \leftarrow "
        r"\theta_{t-1} - \gamma g_t/ \big(\sqrt{\tilde{v_t}} + \epsilon \big)",
        {"rmsprop", "ema"},
        {"adagrad", "adam"},
    ),
    # PyTorch docs, torch.optim.Adagrad update (verbatim)
    (
        "pytorch-adagrad-state-sum",
        r"\theta_t \leftarrow \theta_{t-1}- \tilde{\gamma} \frac{g_t}{\sqrt{state\_sum_t}"
        r"+\epsilon}",
        {"adagrad"},
        {"rmsprop", "adam"},
    ),
    # Duchi et al. 2011 / Orabona's notes: the sum of squared gradients written out
    (
        "duchi-adagrad-sum",
        r"x_{t+1,i} = x_{t,i} - \frac{\eta}{\sqrt{\sum_{\tau=1}^{t} g_{\tau,i}^2}}\, g_{t,i}",
        {"adagrad"},
        {"rmsprop"},
    ),
    # Ruder 2016 overview, AdaDelta's final rule: the step's own RMS on top, not RMSProp
    (
        "ruder-adadelta",
        r"\theta_{t+1} = \theta_t - \dfrac{RMS[\Delta \theta]_{t-1}}{RMS[g]_{t}} g_{t}",
        {"adadelta"},
        {"rmsprop", "adam"},
    ),
    # Zeiler 2012 / Ruder, AdaDelta as one line of expectations: not RMSProp
    (
        "ruder-adadelta-e",
        r"\Delta x_t = -\frac{\sqrt{E[\Delta x^2]_{t-1} + \epsilon}}{\sqrt{E[g^2]_t + \epsilon}} \, "
        r"g_t",
        {"adadelta"},
        {"rmsprop", "adagrad"},
    ),
    # --- Lion, MLX's indexing
    # MLX docs, mlx.optimizers.Lion (verbatim)
    (
        "mlx-lion",
        r"c_{t + 1} &= \beta_1 m_t + (1 - \beta_1) g_t \\ m_{t + 1} &= \beta_2 m_t + (1 - \beta_2) g_t \\ "
        r"w_{t + 1} &= w_t - \eta (\text{sign}(c_t) + \lambda w_t)",
        {"lion", "ema"},
        {"adamw", "adam"},
    ),
    # Chen et al. 2023 (Lion), Algorithm 2 with decoupled weight decay: the interpolation on the step's own index
    (
        "chen-lion",
        r"c_t \leftarrow \beta_1 m_{t-1} + (1 - \beta_1) g_t \\ \theta_t \leftarrow \theta_{t-1} - \eta_t "
        r"(\mathrm{sign}(c_t) + \lambda \theta_{t-1}) \\ m_t \leftarrow \beta_2 m_{t-1} + (1 - \beta_2) g_t",
        {"lion"},
        {"adamw", "adam"},
    ),
    # --- reparameterisation: the noise's draw is declared, or the scale is a std from a log-variance
    # Keras VAE example, sampling layer (as a formula)
    (
        "keras-vae-sampling",
        r"z = z_{\text{mean}} + \exp\left(0.5 \cdot z_{\text{log\_var}}\right) \cdot \varepsilon",
        {"reparameterization"},
        {"softplus"},
    ),
    # the same printed with e^{½ v} (Keras' VAE tutorial's z = z_mean + exp(½ z_log_var) ε, as a fraction)
    ("vae-log-var-fraction", r"z = z_{mean} + e^{\frac{1}{2} z_{logvar}} \epsilon", {"reparameterization"}, set()),
    # must-not: DDPM's step without its draw stays unnamed, and is never an LSTM cell (Wenxin Pan blog, verbatim)
    (
        "ddpm-step-bold",
        r"\boldsymbol{X}_t &:= \sqrt{1-\beta_t} \cdot \boldsymbol{X}_{t-1}+ \sqrt{\beta_t} \cdot "
        r"\boldsymbol{\mathcal{E}}_t",
        set(),
        {"lstm_cell", "ema", "momentum"},
    ),
    # must-not: an exponential that is not of half a quantity is no standard deviation (constructed)
    ("exp-not-half", r"z = \mu + \exp(v) \epsilon", set(), {"reparameterization"}),
    # --- InfoNCE
    # neuroide.com contrastive notes (verbatim): NT-Xent with k ≠ i
    (
        "ntxent-k-neq-i",
        r"\ell_{i,j} = -\log \frac{\exp(\mathrm{sim}(z_i, z_j)/\tau)}{\sum_{k \neq i} "
        r"\exp(\mathrm{sim}(z_i, z_k)/\tau)}",
        {"infonce"},
        {"contrastive_loss", "triplet_loss"},
    ),
    # He et al. 2020 (MoCo) as in Lil'Log: the positive beside the negatives' sum
    (
        "moco-positive-beside",
        r"\mathcal{L}_{q,k_+} = -\log \frac{\exp\left(q \cdot k_+ / \tau\right)}{\exp\left(q "
        r"\cdot k_+ / \tau\right) + \sum_{i=1}^{K} \exp\left(q \cdot k_i / \tau\right)}",
        {"infonce"},
        {"contrastive_loss", "triplet_loss"},
    ),
    # Radford et al. 2021 (CLIP), the symmetric loss written with inner products
    (
        "clip-symmetric",
        r"\mathcal{L} = -\frac{1}{2N}\sum_{i=1}^{N}\left[\log\frac{e^{\langle I_i, T_i\rangle/\tau}}"
        r"{\sum_{j} e^{\langle I_i, T_j\rangle/\tau}} + \log\frac{e^{\langle I_i, T_i\rangle/\tau}}{\sum_{j} "
        r"e^{\langle I_j, T_i\rangle/\tau}}\right]",
        {"infonce"},
        {"contrastive_loss", "triplet_loss"},
    ),
    # must-not: ArcFace's class logits s·cos θ_j (Deng et al. 2019) are no pair scores
    (
        "arcface-not-infonce",
        r"\mathcal{L} = -\log\frac{e^{s\cos(\theta_{y}+m)}}{e^{s\cos(\theta_{y}+m)}+"
        r"\sum_{j=1}^{n} e^{s\cos\theta_j}}",
        set(),
        {"infonce"},
    ),
    # --- attention on several lines
    # HuggingFace docs, eager attention (as a formula)
    (
        "hf-eager-attention",
        r"\text{attn\_weights} = \operatorname{softmax}\left(\frac{Q K^\top}{\sqrt{d_{head}}} + "
        r"M\right), \quad \text{out} = \text{attn\_weights}\, V",
        {"scaled_dot_product_attention", "softmax"},
        set(),
    ),
    # Karpathy's minGPT style: scores, weights and output on three lines
    (
        "three-line-attention",
        r"\mathrm{scores} = \frac{Q K^{\top}}{\sqrt{d_k}}, \quad p = \operatorname{softmax}("
        r"\mathrm{scores}), \quad \mathrm{out} = p V",
        {"scaled_dot_product_attention"},
        set(),
    ),
    # must-not: a product of scores with values and no softmax (constructed)
    ("no-softmax-not-attention", r"P = QK^T, \quad O = P V", set(), {"scaled_dot_product_attention"}),
    # --- binary cross-entropy with the logs of reciprocal probabilities
    # CSDN blog, BCEWithLogitsLoss formula (verbatim)
    (
        "csdn-bce-logits",
        r"loss=y⋅log(1+exp(−x))+(1−y)⋅log(exp(x)+1)",
        {"binary_cross_entropy"},
        {"hinge", "cross_entropy"},
    ),
    # the same written with 1/p (Murphy PML1 §10.2.3 style)
    ("bce-reciprocal", r"y \log(1/p) + (1-y) \log(1/(1-p))", {"binary_cross_entropy"}, {"entropy"}),
    # must-not: the same log twice is no pair of complementary probabilities (constructed)
    ("same-log-not-bce", r"y \log(1 + e^{-x}) + (1 - y) \log(1 + e^{-x})", set(), {"binary_cross_entropy"}),
    # --- He's initialisation as the frameworks spell it
    # PaddlePaddle docs, KaimingNormal initializer (verbatim)
    ("paddle-kaiming-normal", r"\frac{gain}{\sqrt{{fan\_in}}}", {"he_init"}, {"xavier_init"}),
    # PyTorch docs, torch.nn.init.calculate_gain (leaky ReLU) (verbatim)
    ("pytorch-leaky-gain", r"\sqrt{\frac{2}{1 + \text{negative\_slope}^2}}", {"he_init"}, {"xavier_init"}),
    # must-not: a plain variable in the same shape is no slope (constructed)
    ("leaky-gain-variable", r"\frac{\sqrt{2}}{\sqrt{1 + x^2}}", set(), {"he_init"}),
    # must-not: Xavier's near miss with the product of the fans (constructed trap)
    (
        "xavier-product-fans",
        r"W \sim \mathcal{U}\left[-\sqrt{\frac{6}{n_{in} n_{out}}}, \sqrt{\frac{6}{n_{in} "
        r"n_{out}}}\right]",
        set(),
        {"he_init", "xavier_init"},
    ),
    # He et al. 2015, eq. 10 with the fan a product of kernel size and channels: still He
    ("he-fan-k2c", r"\sigma = \sqrt{\frac{2}{k^2 c}}", {"he_init"}, {"xavier_init"}),
    # --- a refuted equation names nothing on its left
    # constructed near miss of the tanh derivative (the square missing)
    (
        "tanh-derivative-refuted",
        r"\frac{d}{dx}\tanh(x) \overset{?}{=} 1 - \tanh(x)",
        {"tanh"},
        {"tanh_derivative", "sigmoid_derivative"},
    ),
    # Goodfellow et al. §6.3.2 / any text: the true identity keeps its name
    ("tanh-derivative-true", r"\frac{d}{dx}\tanh(x) = 1 - \tanh^2(x)", {"tanh_derivative"}, set()),
    # constructed near miss of the sigmoid derivative
    ("sigmoid-derivative-refuted", r"\frac{d}{dx}\sigma(x) = 1 - \sigma(x)", set(), {"sigmoid_derivative"}),
]


@pytest.mark.parametrize(("latex", "want", "avoid"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_concepts(latex: str, want: set[str], avoid: set[str]) -> None:
    assert_concepts(latex, want, avoid)
