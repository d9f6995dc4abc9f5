"""Real formulas from Dive into Deep Learning (d2l.ai), the Stanford cs231n notes and the PyTorch docs.

Each row holds the LaTeX as the source writes it, seeded inputs, the value computed in plain numpy from the
same inputs (written independently of symdl), and the reading-note rules symdl is expected to report.

Sources (checked against the sources' own text):
- d2l: github.com/d2l-ai/d2l-en (chapter files named in each row's ``source``).
- cs231n: github.com/cs231n/cs231n.github.io (note pages named in each row's ``source``); the parameter-update
  rows of neural-networks-3 are the notes' Python lines written as math with the same names, and the
  Nesterov rows are the 2017 lecture 7 slides.
- PyTorch: the docstrings of torch/nn/modules/activation.py, loss.py, linear.py and torch/optim/*.py.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class Row:
    id: str
    source: str
    latex: str
    inputs: dict
    expected: object
    rules: list[str]


RNG = np.random.default_rng(20260311)

# shared seeded draws
V5 = RNG.normal(size=5)
U5 = RNG.normal(size=5)
P5 = RNG.uniform(0.05, 0.95, size=5)
Q5 = RNG.uniform(0.05, 0.95, size=5)
Y01 = np.array([0.0, 1.0, 1.0, 0.0, 1.0])
X7 = np.array([-4.0, -2.5, -0.3, 0.0, 0.7, 2.9, 5.0])
G4 = RNG.normal(size=4)
S4 = RNG.uniform(0.1, 2.0, size=4)
M4 = RNG.normal(size=4)
X_NM = RNG.normal(size=(4, 3))
W_MK = RNG.normal(size=(3, 2))
B_K = RNG.normal(size=2)
W_KQ = RNG.normal(size=(2, 3))
B_Q = RNG.normal(size=3)
W_HH = RNG.normal(size=(2, 2))
H_PREV = RNG.normal(size=(4, 2))
R_T = RNG.uniform(size=(4, 2))
Z_T = RNG.uniform(size=(4, 2))
H_TILDE = RNG.normal(size=(4, 2))
C_PREV = RNG.normal(size=(4, 2))
C_TILDE = RNG.normal(size=(4, 2))
Q_M = RNG.normal(size=(3, 4))
K_M = RNG.normal(size=(5, 4))
V_M = RNG.normal(size=(5, 2))
SQ3 = RNG.normal(size=(3, 3))
SPD3 = SQ3 @ SQ3.T + 3 * np.eye(3)
V3 = RNG.normal(size=3)
V3B = RNG.normal(size=3)
W43 = RNG.normal(size=(4, 3))
LABEL = 3  # 1-based class label y_i


def _sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


def _softmax(z):
    e = np.exp(z - z.max())
    return e / e.sum()


def _softmax_rows(z):
    e = np.exp(z - z.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


def _softplus(z, beta=1.0):
    return np.log1p(np.exp(beta * z)) / beta


D2L = [
    Row("d2l-linreg-price", "d2l 3.1 linear-regression (house price)",
        r"\textrm{price} = w_{\textrm{area}} \cdot \textrm{area} + w_{\textrm{age}} \cdot \textrm{age} + b.",
        {r"w_{\textrm{area}}": 0.3, r"\textrm{area}": 120.0, r"w_{\textrm{age}}": -1.5, r"\textrm{age}": 12.0,
         "b": 7.0},
        0.3 * 120.0 - 1.5 * 12.0 + 7.0, []),
    Row("d2l-linreg-cdots", "d2l 3.1 linear-regression",
        r"\hat{y} = w_1  x_1 + \cdots + w_d  x_d + b.",
        {"w": V5, "x": U5, "d": 5, "b": 0.25}, V5 @ U5 + 0.25, []),
    Row("d2l-linreg-dot", "d2l 3.1 linear-regression",
        r"\hat{y} = \mathbf{w}^\top \mathbf{x} + b.",
        {r"\mathbf{w}": V5, r"\mathbf{x}": U5, "b": -0.5}, V5 @ U5 - 0.5, []),
    Row("d2l-linreg-minibatch", "d2l 3.1 linear-regression (a design matrix, a scalar bias)",
        r"{\hat{\mathbf{y}}} = \mathbf{X} \mathbf{w} + b", {r"\mathbf{X}": X_NM, r"\mathbf{w}": B_Q, "b": 0.5},
        X_NM @ B_Q + 0.5, ["scalar-beside-bold"]),
    Row("d2l-linreg-squared-loss", "d2l 3.1 linear-regression (squared error)",
        r"l^{(i)}(\mathbf{w}, b) = \frac{1}{2} \left(\hat{y}^{(i)} - y^{(i)}\right)^2.",
        {r"\hat{y}": V5, "y": U5}, 0.5 * (V5 - U5) ** 2, ["function-family"]),
    Row("d2l-linreg-normal-equation", "d2l 3.1 linear-regression (analytic solution)",
        r"\mathbf{w}^* = (\mathbf X^\top \mathbf X)^{-1}\mathbf X^\top \mathbf{y}",
        {r"\mathbf X": W43, r"\mathbf{y}": G4}, np.linalg.solve(W43.T @ W43, W43.T @ G4), []),
    Row("d2l-normal-density", "d2l 3.1 linear-regression (normal distribution)",
        r"p(x) = \frac{1}{\sqrt{2 \pi \sigma^2}} \exp\left(-\frac{1}{2 \sigma^2} (x - \mu)^2\right).",
        {"x": V5, r"\mu": 0.4, r"\sigma": 1.7},
        np.exp(-((V5 - 0.4) ** 2) / (2 * 1.7**2)) / np.sqrt(2 * np.pi * 1.7**2), []),
    Row("d2l-softmax-outputs", "d2l 4.1 softmax-regression (three outputs)",
        r"\begin{aligned} o_1 &= x_1 w_{11} + x_2 w_{12} + x_3 w_{13} + x_4 w_{14} + b_1,\\ "
        r"o_2 &= x_1 w_{21} + x_2 w_{22} + x_3 w_{23} + x_4 w_{24} + b_2,\\ "
        r"o_3 &= x_1 w_{31} + x_2 w_{32} + x_3 w_{33} + x_4 w_{34} + b_3. \end{aligned}",
        {**{f"x_{j + 1}": G4[j] for j in range(4)},
         **{f"w_{{{i + 1}{j + 1}}}": W43.T[i, j] for i in range(3) for j in range(4)},
         **{f"b_{i + 1}": V3[i] for i in range(3)}},
        W43.T[2] @ G4 + V3[2], []),
    Row("d2l-softmax-entry", "d2l 4.1 softmax-regression",
        r"\hat{y}_i = \frac{\exp(o_i)}{\sum_j \exp(o_j)}.",
        {"o": V5}, _softmax(V5), []),
    Row("d2l-softmax-where", "d2l 4.1 softmax-regression",
        r"\hat{\mathbf{y}} = \mathrm{softmax}(\mathbf{o}) \quad \textrm{where}\quad "
        r"\hat{y}_i = \frac{\exp(o_i)}{\sum_j \exp(o_j)}.",
        {r"\mathbf{o}": V5, "o": V5}, _softmax(V5), []),
    Row("d2l-softmax-argmax", "d2l 4.1 softmax-regression",
        r"\operatorname*{argmax}_j \hat y_j = \operatorname*{argmax}_j o_j.",
        {r"\hat y": _softmax(V5), "o": V5}, np.argmax(V5) + 1, []),
    Row("d2l-softmax-minibatch", "d2l 4.1 softmax-regression (vectorization)",
        r"\begin{aligned} \mathbf{O} &= \mathbf{X} \mathbf{W} + \mathbf{b}, \\ "
        r"\hat{\mathbf{Y}} & = \mathrm{softmax}(\mathbf{O}). \end{aligned}",
        {r"\mathbf{X}": X_NM, r"\mathbf{W}": W_MK, r"\mathbf{b}": B_K},
        _softmax_rows(X_NM @ W_MK + B_K), ["bias-row", "softmax-rows"]),
    Row("d2l-cross-entropy", "d2l 4.1 softmax-regression (log-likelihood)",
        r"l(\mathbf{y}, \hat{\mathbf{y}}) = - \sum_{j=1}^q y_j \log \hat{y}_j.",
        {"y": Y01 / Y01.sum(), r"\hat{y}": _softmax(U5), "q": 5},
        -(Y01 / Y01.sum()) @ np.log(_softmax(U5)), []),
    Row("d2l-cross-entropy-logits", "d2l 4.1 softmax-regression (softmax and cross-entropy loss)",
        r"l(\mathbf{y}, \hat{\mathbf{y}}) =  - \sum_{j=1}^q y_j \log \frac{\exp(o_j)}{\sum_{k=1}^q \exp(o_k)}",
        {"y": Y01 / Y01.sum(), "o": V5, "q": 5}, -(Y01 / Y01.sum()) @ np.log(_softmax(V5)), []),
    Row("d2l-cross-entropy-logsumexp", "d2l 4.1 softmax-regression (softmax and cross-entropy loss)",
        r"l(\mathbf{y}, \hat{\mathbf{y}}) = \log \sum_{k=1}^q \exp(o_k) - \sum_{j=1}^q y_j o_j.",
        {"y": Y01 / Y01.sum(), "o": V5, "q": 5},
        np.log(np.exp(V5).sum()) - (Y01 / Y01.sum()) @ V5, []),
    Row("d2l-cross-entropy-gradient", "d2l 4.1 softmax-regression (softmax and cross-entropy loss)",
        r"\partial_{o_j} l(\mathbf{y}, \hat{\mathbf{y}}) = \frac{\exp(o_j)}{\sum_{k=1}^q \exp(o_k)} - y_j "
        r"= \mathrm{softmax}(\mathbf{o})_j - y_j.",
        {"o": V5, "y": Y01 / Y01.sum(), "q": 5}, _softmax(V5) - Y01 / Y01.sum(), []),
    Row("d2l-mlp-affine", "d2l 5.1 mlp (hidden layers)",
        r"\begin{aligned} \mathbf{H} & = \mathbf{X} \mathbf{W}^{(1)} + \mathbf{b}^{(1)}, \\ "
        r"\mathbf{O} & = \mathbf{H}\mathbf{W}^{(2)} + \mathbf{b}^{(2)}. \end{aligned}",
        {r"\mathbf{X}": X_NM, r"\mathbf{W}^{(1)}": W_MK, r"\mathbf{b}^{(1)}": B_K,
         r"\mathbf{W}^{(2)}": W_KQ, r"\mathbf{b}^{(2)}": B_Q},
        (X_NM @ W_MK + B_K) @ W_KQ + B_Q, ["bias-row", "bias-row"]),
    Row("d2l-mlp-sigmoid", "d2l 5.1 mlp (from linear to nonlinear)",
        r"\begin{aligned} \mathbf{H} & = \sigma(\mathbf{X} \mathbf{W}^{(1)} + \mathbf{b}^{(1)}), \\ "
        r"\mathbf{O} & = \mathbf{H}\mathbf{W}^{(2)} + \mathbf{b}^{(2)}.\\ \end{aligned}",
        {r"\mathbf{X}": X_NM, r"\mathbf{W}^{(1)}": W_MK, r"\mathbf{b}^{(1)}": B_K,
         r"\mathbf{W}^{(2)}": W_KQ, r"\mathbf{b}^{(2)}": B_Q},
        _sigmoid(X_NM @ W_MK + B_K) @ W_KQ + B_Q, ["sigma-activation", "bias-row", "bias-row"]),
    Row("d2l-relu", "d2l 5.1 mlp (ReLU)", r"\operatorname{ReLU}(x) = \max(x, 0).",
        {"x": X7}, np.maximum(X7, 0), []),
    Row("d2l-prelu", "d2l 5.1 mlp (pReLU)", r"\operatorname{pReLU}(x) = \max(0, x) + \alpha \min(0, x).",
        {"x": X7, r"\alpha": 0.2}, np.maximum(0, X7) + 0.2 * np.minimum(0, X7), []),
    Row("d2l-sigmoid", "d2l 5.1 mlp (sigmoid)", r"\operatorname{sigmoid}(x) = \frac{1}{1 + \exp(-x)}.",
        {"x": X7}, _sigmoid(X7), []),
    Row("d2l-sigmoid-derivative", "d2l 5.1 mlp (sigmoid)",
        r"\frac{d}{dx} \operatorname{sigmoid}(x) = \frac{\exp(-x)}{(1 + \exp(-x))^2} = "
        r"\operatorname{sigmoid}(x)\left(1-\operatorname{sigmoid}(x)\right).",
        {"x": X7}, np.exp(-X7) / (1 + np.exp(-X7)) ** 2, []),
    Row("d2l-tanh", "d2l 5.1 mlp (tanh)", r"\operatorname{tanh}(x) = \frac{1 - \exp(-2x)}{1 + \exp(-2x)}.",
        {"x": X7}, np.tanh(X7), []),
    Row("d2l-tanh-derivative", "d2l 5.1 mlp (tanh)",
        r"\frac{d}{dx} \operatorname{tanh}(x) = 1 - \operatorname{tanh}^2(x).",
        {"x": X7}, 1 - np.tanh(X7) ** 2, []),
    Row("d2l-xavier-sigma", "d2l 5.4 numerical-stability-and-init (Xavier)",
        r"\sigma = \sqrt{\frac{2}{n_\textrm{in} + n_\textrm{out}}}.",
        {r"n_\textrm{in}": 256, r"n_\textrm{out}": 64}, np.sqrt(2 / (256 + 64)), []),
    Row("d2l-init-output", "d2l 5.4 numerical-stability-and-init",
        r"o_{i} = \sum_{j=1}^{n_\textrm{in}} w_{ij} x_j.",
        {"w": W43, "x": V3, r"n_\textrm{in}": 3}, W43 @ V3, []),
    Row("d2l-backprop-z", "d2l 5.3 backprop (forward propagation)", r"\mathbf{z}= \mathbf{W}^{(1)} \mathbf{x},",
        {r"\mathbf{W}^{(1)}": W43, r"\mathbf{x}": V3}, W43 @ V3, []),
    Row("d2l-rnn-output", "d2l 9.4 rnn (RNNs with hidden states)",
        r"\mathbf{O}_t = \mathbf{H}_t \mathbf{W}_{\textrm{hq}} + \mathbf{b}_\textrm{q}.",
        {r"\mathbf{H}_t": X_NM, r"\mathbf{W}_{\textrm{hq}}": W_MK, r"\mathbf{b}_\textrm{q}": B_K},
        X_NM @ W_MK + B_K, ["bias-row"]),
    Row("d2l-bptt-linear-rnn", "d2l 9.7 bptt (gradients in detail)",
        r"\begin{aligned}\mathbf{h}_t &= \mathbf{W}_\textrm{hx} \mathbf{x}_t + \mathbf{W}_\textrm{hh} \mathbf{h}_{t-1},"
        r"\\ \mathbf{o}_t &= \mathbf{W}_\textrm{qh} \mathbf{h}_{t},\end{aligned}",
        {r"\mathbf{W}_\textrm{hx}": W_KQ, r"\mathbf{x}_t": V3, r"\mathbf{W}_\textrm{hh}": W_HH,
         r"\mathbf{h}_{t-1}": B_K, r"\mathbf{W}_\textrm{qh}": W_MK},
        W_MK @ (W_KQ @ V3 + W_HH @ B_K), []),
    Row("d2l-gru-gates", "d2l 10.2 gru (reset gate and update gate)",
        r"\begin{aligned} \mathbf{R}_t = \sigma(\mathbf{X}_t \mathbf{W}_{\textrm{xr}} + \mathbf{H}_{t-1} "
        r"\mathbf{W}_{\textrm{hr}} + \mathbf{b}_\textrm{r}),\\ \mathbf{Z}_t = \sigma(\mathbf{X}_t "
        r"\mathbf{W}_{\textrm{xz}} + \mathbf{H}_{t-1} \mathbf{W}_{\textrm{hz}} + \mathbf{b}_\textrm{z}), \end{aligned}",
        {r"\mathbf{X}_t": X_NM, r"\mathbf{W}_{\textrm{xr}}": W_MK, r"\mathbf{H}_{t-1}": H_PREV,
         r"\mathbf{W}_{\textrm{hr}}": W_HH, r"\mathbf{b}_\textrm{r}": B_K, r"\mathbf{W}_{\textrm{xz}}": W_MK[::-1],
         r"\mathbf{W}_{\textrm{hz}}": W_HH.T, r"\mathbf{b}_\textrm{z}": -B_K},
        _sigmoid(X_NM @ W_MK[::-1] + H_PREV @ W_HH.T - B_K), ["bias-row", "bias-row"]),
    Row("d2l-gru-candidate", "d2l 10.2 gru (candidate hidden state)",
        r"\tilde{\mathbf{H}}_t = \tanh(\mathbf{X}_t \mathbf{W}_{\textrm{xh}} + \left(\mathbf{R}_t \odot "
        r"\mathbf{H}_{t-1}\right) \mathbf{W}_{\textrm{hh}} + \mathbf{b}_\textrm{h}),",
        {r"\mathbf{X}_t": X_NM, r"\mathbf{W}_{\textrm{xh}}": W_MK, r"\mathbf{R}_t": R_T, r"\mathbf{H}_{t-1}": H_PREV,
         r"\mathbf{W}_{\textrm{hh}}": W_HH, r"\mathbf{b}_\textrm{h}": B_K},
        np.tanh(X_NM @ W_MK + (R_T * H_PREV) @ W_HH + B_K), ["bias-row"]),
    Row("d2l-gru-hidden", "d2l 10.2 gru (hidden state)",
        r"\mathbf{H}_t = \mathbf{Z}_t \odot \mathbf{H}_{t-1}  + (1 - \mathbf{Z}_t) \odot \tilde{\mathbf{H}}_t.",
        {r"\mathbf{Z}_t": Z_T, r"\mathbf{H}_{t-1}": H_PREV, r"\tilde{\mathbf{H}}_t": H_TILDE},
        Z_T * H_PREV + (1 - Z_T) * H_TILDE, []),
    Row("d2l-lstm-gates", "d2l 10.1 lstm (input gate, forget gate, and output gate)",
        r"\begin{aligned} \mathbf{I}_t &= \sigma(\mathbf{X}_t \mathbf{W}_{\textrm{xi}} + \mathbf{H}_{t-1} "
        r"\mathbf{W}_{\textrm{hi}} + \mathbf{b}_\textrm{i}),\\ \mathbf{F}_t &= \sigma(\mathbf{X}_t "
        r"\mathbf{W}_{\textrm{xf}} + \mathbf{H}_{t-1} \mathbf{W}_{\textrm{hf}} + \mathbf{b}_\textrm{f}),\\ "
        r"\mathbf{O}_t &= \sigma(\mathbf{X}_t \mathbf{W}_{\textrm{xo}} + \mathbf{H}_{t-1} \mathbf{W}_{\textrm{ho}} + "
        r"\mathbf{b}_\textrm{o}), \end{aligned}",
        {r"\mathbf{X}_t": X_NM, r"\mathbf{H}_{t-1}": H_PREV,
         r"\mathbf{W}_{\textrm{xi}}": W_MK, r"\mathbf{W}_{\textrm{hi}}": W_HH, r"\mathbf{b}_\textrm{i}": B_K,
         r"\mathbf{W}_{\textrm{xf}}": -W_MK, r"\mathbf{W}_{\textrm{hf}}": W_HH.T, r"\mathbf{b}_\textrm{f}": -B_K,
         r"\mathbf{W}_{\textrm{xo}}": 0.5 * W_MK, r"\mathbf{W}_{\textrm{ho}}": -W_HH,
         r"\mathbf{b}_\textrm{o}": B_K[::-1]},
        _sigmoid(X_NM @ (0.5 * W_MK) - H_PREV @ W_HH + B_K[::-1]), ["bias-row", "bias-row", "bias-row"]),
    Row("d2l-lstm-input-node", "d2l 10.1 lstm (input node)",
        r"\tilde{\mathbf{C}}_t = \textrm{tanh}(\mathbf{X}_t \mathbf{W}_{\textrm{xc}} + \mathbf{H}_{t-1} "
        r"\mathbf{W}_{\textrm{hc}} + \mathbf{b}_\textrm{c}),",
        {r"\mathbf{X}_t": X_NM, r"\mathbf{W}_{\textrm{xc}}": W_MK, r"\mathbf{H}_{t-1}": H_PREV,
         r"\mathbf{W}_{\textrm{hc}}": W_HH, r"\mathbf{b}_\textrm{c}": B_K},
        np.tanh(X_NM @ W_MK + H_PREV @ W_HH + B_K), ["bias-row"]),
    Row("d2l-lstm-cell", "d2l 10.1 lstm (memory cell internal state)",
        r"\mathbf{C}_t = \mathbf{F}_t \odot \mathbf{C}_{t-1} + \mathbf{I}_t \odot \tilde{\mathbf{C}}_t.",
        {r"\mathbf{F}_t": Z_T, r"\mathbf{C}_{t-1}": C_PREV, r"\mathbf{I}_t": R_T, r"\tilde{\mathbf{C}}_t": C_TILDE},
        Z_T * C_PREV + R_T * C_TILDE, []),
    Row("d2l-lstm-hidden", "d2l 10.1 lstm (hidden state)",
        r"\mathbf{H}_t = \mathbf{O}_t \odot \tanh(\mathbf{C}_t).",
        {r"\mathbf{O}_t": R_T, r"\mathbf{C}_t": C_PREV}, R_T * np.tanh(C_PREV), []),
    Row("d2l-scaled-dot-product-attention", "d2l 11.3 attention-scoring-functions (scaled dot product)",
        r"\mathrm{softmax}\left(\frac{\mathbf Q \mathbf K^\top }{\sqrt{d}}\right) \mathbf V",
        {r"\mathbf Q": Q_M, r"\mathbf K": K_M, r"\mathbf V": V_M, "d": 4},
        _softmax_rows(Q_M @ K_M.T / 2.0) @ V_M, ["softmax-rows"]),
    Row("d2l-additive-attention", "d2l 11.3 attention-scoring-functions (additive attention)",
        r"a(\mathbf q, \mathbf k) = \mathbf w_v^\top \textrm{tanh}(\mathbf W_q\mathbf q + \mathbf W_k \mathbf k)",
        {r"\mathbf q": V3, r"\mathbf k": G4, r"\mathbf w_v": B_K, r"\mathbf W_q": W_KQ, r"\mathbf W_k": W43.T[:2]},
        B_K @ np.tanh(W_KQ @ V3 + W43.T[:2] @ G4), []),
    # d2l's positional encoding p_{i,2j} = \sin(...) reads as entry definitions since session 14 (it was two
    # fixed names, silently): tests/test_read_heldout_session14_b.py
    Row("d2l-gd-decay-rate", "d2l 12.6 momentum (scalar functions)",
        r"x_{t+1} = x_t - \eta \lambda x_t = (1 - \eta \lambda) x_t.",
        {"x_t": 2.5, r"\eta": 0.1, r"\lambda": 3.0}, 2.5 * (1 - 0.3), []),
    Row("d2l-momentum-leaky-average", "d2l 12.6 momentum (leaky averages)",
        r"\mathbf{v}_t = \beta \mathbf{v}_{t-1} + \mathbf{g}_{t, t-1}",
        {r"\beta": 0.9, r"\mathbf{v}_{t-1}": M4, r"\mathbf{g}_{t,t-1}": G4}, 0.9 * M4 + G4, []),
    Row("d2l-momentum", "d2l 12.6 momentum (the momentum method)",
        r"\begin{aligned} \mathbf{v}_t &\leftarrow \beta \mathbf{v}_{t-1} + \mathbf{g}_{t, t-1}, \\ "
        r"\mathbf{x}_t &\leftarrow \mathbf{x}_{t-1} - \eta_t \mathbf{v}_t. \end{aligned}",
        {r"\beta": 0.9, r"\mathbf{v}_{t-1}": M4, r"\mathbf{g}_{t,t-1}": G4, r"\mathbf{x}_{t-1}": S4, r"\eta_t": 0.05},
        S4 - 0.05 * (0.9 * M4 + G4), []),
    Row("d2l-momentum-quadratic", "d2l 12.6 momentum (quadratic convex functions)",
        r"\mathbf{z}_t = \mathbf{z}_{t-1} - \boldsymbol{\Lambda} \mathbf{z}_{t-1} = (\mathbf{I} - "
        r"\boldsymbol{\Lambda}) \mathbf{z}_{t-1}.",
        {r"\mathbf{z}_{t-1}": V3, r"\boldsymbol{\Lambda}": np.diag(S4[:3]), r"\mathbf{I}": np.eye(3)},
        V3 - S4[:3] * V3, []),
    Row("d2l-momentum-quadratic-velocity", "d2l 12.6 momentum (quadratic convex functions)",
        r"\begin{aligned} \mathbf{v}_t & = \beta \mathbf{v}_{t-1} + \boldsymbol{\Lambda} \mathbf{z}_{t-1} \\ "
        r"\mathbf{z}_t & = \mathbf{z}_{t-1} - \eta \left(\beta \mathbf{v}_{t-1} + \boldsymbol{\Lambda} "
        r"\mathbf{z}_{t-1}\right) \end{aligned}",
        {r"\beta": 0.8, r"\mathbf{v}_{t-1}": V3B, r"\boldsymbol{\Lambda}": np.diag(S4[:3]),
         r"\mathbf{z}_{t-1}": V3, r"\eta": 0.3},
        V3 - 0.3 * (0.8 * V3B + S4[:3] * V3), []),
    Row("d2l-adagrad", "d2l 12.7 adagrad (the algorithm)",
        r"\begin{aligned} \mathbf{s}_t & = \mathbf{s}_{t-1} + \mathbf{g}_t^2, \\ \mathbf{w}_t & = \mathbf{w}_{t-1} - "
        r"\frac{\eta}{\sqrt{\mathbf{s}_t + \epsilon}} \cdot \mathbf{g}_t. \end{aligned}",
        {r"\mathbf{s}_{t-1}": S4, r"\mathbf{g}_t": G4, r"\mathbf{w}_{t-1}": M4, r"\eta": 0.1, r"\epsilon": 1e-6},
        M4 - 0.1 / np.sqrt(S4 + G4**2 + 1e-6) * G4, []),
    Row("d2l-rmsprop", "d2l 12.8 rmsprop (the algorithm)",
        r"\begin{aligned} \mathbf{s}_t & \leftarrow \gamma \mathbf{s}_{t-1} + (1 - \gamma) \mathbf{g}_t^2, \\ "
        r"\mathbf{x}_t & \leftarrow \mathbf{x}_{t-1} - \frac{\eta}{\sqrt{\mathbf{s}_t + \epsilon}} \odot "
        r"\mathbf{g}_t. \end{aligned}",
        {r"\gamma": 0.9, r"\mathbf{s}_{t-1}": S4, r"\mathbf{g}_t": G4, r"\mathbf{x}_{t-1}": M4, r"\eta": 0.01,
         r"\epsilon": 1e-6},
        M4 - 0.01 / np.sqrt(0.9 * S4 + 0.1 * G4**2 + 1e-6) * G4, []),
    Row("d2l-rmsprop-reordered", "d2l 12.8 rmsprop (the algorithm)",
        r"\mathbf{s}_t = (1 - \gamma) \mathbf{g}_t^2 + \gamma \mathbf{s}_{t-1}",
        {r"\gamma": 0.9, r"\mathbf{s}_{t-1}": S4, r"\mathbf{g}_t": G4}, 0.1 * G4**2 + 0.9 * S4, []),
    Row("d2l-adadelta-state", "d2l 12.9 adadelta (the algorithm)",
        r"\begin{aligned} \mathbf{s}_t & = \rho \mathbf{s}_{t-1} + (1 - \rho) \mathbf{g}_t^2. \end{aligned}",
        {r"\rho": 0.9, r"\mathbf{s}_{t-1}": S4, r"\mathbf{g}_t": G4}, 0.9 * S4 + 0.1 * G4**2, []),
    Row("d2l-adadelta-update", "d2l 12.9 adadelta (the algorithm)",
        r"\begin{aligned} \mathbf{x}_t  & = \mathbf{x}_{t-1} - \mathbf{g}_t'. \\ \end{aligned}",
        {r"\mathbf{x}_{t-1}": M4, r"\mathbf{g}_t'": G4}, M4 - G4, []),
    Row("d2l-adam-moments", "d2l 12.10 adam (the algorithm)",
        r"\begin{aligned} \mathbf{v}_t & \leftarrow \beta_1 \mathbf{v}_{t-1} + (1 - \beta_1) \mathbf{g}_t, \\ "
        r"\mathbf{s}_t & \leftarrow \beta_2 \mathbf{s}_{t-1} + (1 - \beta_2) \mathbf{g}_t^2. \end{aligned}",
        {r"\beta_1": 0.9, r"\mathbf{v}_{t-1}": M4, r"\mathbf{g}_t": G4, r"\beta_2": 0.999, r"\mathbf{s}_{t-1}": S4},
        0.999 * S4 + 0.001 * G4**2, []),
    Row("d2l-adam-bias-correction", "d2l 12.10 adam (the algorithm)",
        r"\hat{\mathbf{v}}_t = \frac{\mathbf{v}_t}{1 - \beta_1^t} \textrm{ and } "
        r"\hat{\mathbf{s}}_t = \frac{\mathbf{s}_t}{1 - \beta_2^t}.",
        {r"\mathbf{v}_t": M4, r"\beta_1": 0.9, "t": 3, r"\mathbf{s}_t": S4, r"\beta_2": 0.999},
        S4 / (1 - 0.999**3), []),
    Row("d2l-adam-step", "d2l 12.10 adam (the algorithm)",
        r"\mathbf{g}_t' = \frac{\eta \hat{\mathbf{v}}_t}{\sqrt{\hat{\mathbf{s}}_t} + \epsilon}.",
        {r"\eta": 0.001, r"\hat{\mathbf{v}}_t": M4, r"\hat{\mathbf{s}}_t": S4, r"\epsilon": 1e-8},
        0.001 * M4 / (np.sqrt(S4) + 1e-8), []),
    Row("d2l-adam-update", "d2l 12.10 adam (the algorithm)",
        r"\mathbf{x}_t \leftarrow \mathbf{x}_{t-1} - \mathbf{g}_t'.",
        {r"\mathbf{x}_{t-1}": M4, r"\mathbf{g}_t'": G4}, M4 - G4, []),
    Row("d2l-yogi-rewrite", "d2l 12.10 adam (yogi)",
        r"\mathbf{s}_t \leftarrow \mathbf{s}_{t-1} + (1 - \beta_2) \left(\mathbf{g}_t^2 - \mathbf{s}_{t-1}\right).",
        {r"\mathbf{s}_{t-1}": S4, r"\beta_2": 0.999, r"\mathbf{g}_t": G4}, S4 + 0.001 * (G4**2 - S4), []),
    Row("d2l-lr-exponential-decay", "d2l 12.4 sgd (dynamic learning rate)",
        r"\eta(t) = \eta_0 \cdot e^{-\lambda t}", {"t": 4.0, r"\eta_0": 0.5, r"\lambda": 0.1},
        0.5 * np.exp(-0.4), []),
    Row("d2l-lr-polynomial-decay", "d2l 12.4 sgd (dynamic learning rate)",
        r"\eta(t) = \eta_0 \cdot (\beta t + 1)^{-\alpha}", {"t": 4.0, r"\eta_0": 0.5, r"\beta": 2.0, r"\alpha": 0.5},
        0.5 * 9.0**-0.5, []),
]

CS231N = [
    Row("cs231n-l2-regularization-definition", "cs231n linear-classify (L2 regularization)",
        r"R(W) = \sum_k\sum_l W_{k,l}^2", {"W": W_MK}, (W_MK**2).sum(), []),
    Row("cs231n-svm-loss", "cs231n linear-classify (multiclass SVM loss)",
        r"L_i = \sum_{j\neq y_i} \max(0, s_j - s_{y_i} + \Delta)",
        {"s": V5, "y_i": LABEL, r"\Delta": 1.0},
        sum(max(0.0, V5[j] - V5[LABEL - 1] + 1.0) for j in range(5) if j != LABEL - 1), ["label-entry"]),
    Row("cs231n-softmax-loss", "cs231n linear-classify (softmax classifier)",
        r"L_i = -\log\left(\frac{e^{f_{y_i}}}{ \sum_j e^{f_j} }\right)",
        {"f": V5, "y_i": LABEL}, -np.log(_softmax(V5)[LABEL - 1]), ["label-entry"]),
    Row("cs231n-softmax-loss-logsumexp", "cs231n linear-classify (softmax classifier)",
        r"L_i = -f_{y_i} + \log\sum_j e^{f_j}",
        {"f": V5, "y_i": LABEL}, -V5[LABEL - 1] + np.log(np.exp(V5).sum()), ["label-entry"]),
    Row("cs231n-softmax-probability", "cs231n linear-classify (probabilistic interpretation)",
        r"P(y_i \mid x_i; W) = \frac{e^{f_{y_i}}}{\sum_j e^{f_j} }",
        {"f": V5, "y_i": LABEL}, _softmax(V5)[LABEL - 1], ["label-entry"]),
    Row("cs231n-softmax-stability", "cs231n linear-classify (numeric stability)",
        r"\frac{e^{f_{y_i}}}{\sum_j e^{f_j}} = \frac{Ce^{f_{y_i}}}{C\sum_j e^{f_j}} = "
        r"\frac{e^{f_{y_i} + \log C}}{\sum_j e^{f_j + \log C}}",
        {"f": V5, "y_i": LABEL, "C": 2.5}, _softmax(V5)[LABEL - 1], ["label-entry", "label-entry", "label-entry"]),
    Row("cs231n-svm-average", "cs231n optimization-1 (SVM loss of three examples)",
        r"L = & (L_0 + L_1 + L_2)/3", {"L_0": 2.9, "L_1": 0.0, "L_2": 12.9}, (2.9 + 0.0 + 12.9) / 3, []),
    Row("cs231n-neuron-circuit", "cs231n optimization-2 (sigmoid example)",
        r"f(w,x) = \frac{1}{1+e^{-(w_0x_0 + w_1x_1 + w_2)}}",
        {"w_0": 2.0, "x_0": -1.0, "w_1": -3.0, "x_1": -2.0, "w_2": -3.0}, _sigmoid(1.0), []),
    Row("cs231n-sigmoid", "cs231n optimization-2 (sigmoid example)", r"\sigma(x) = \frac{1}{1+e^{-x}}",
        {"x": X7}, _sigmoid(X7), []),
    Row("cs231n-sigmoid-derivative", "cs231n optimization-2 (sigmoid example)",
        r"\frac{d\sigma(x)}{dx} = \frac{e^{-x}}{(1+e^{-x})^2} = \left( \frac{1 + e^{-x} - 1}{1 + e^{-x}} \right) "
        r"\left( \frac{1}{1+e^{-x}} \right) = \left( 1 - \sigma(x) \right) \sigma(x)",
        {"x": X7}, (1 - _sigmoid(X7)) * _sigmoid(X7), []),
    Row("cs231n-staged-example", "cs231n optimization-2 (staged computation)",
        r"f(x,y) = \frac{x + \sigma(y)}{\sigma(x) + (x+y)^2}", {"x": 3.0, "y": -4.0},
        (3 + _sigmoid(-4.0)) / (_sigmoid(3.0) + 1.0), []),
    Row("cs231n-circuit", "cs231n optimization-2 (simple expressions)", r"f(x,y,z) = (x + y) z",
        {"x": -2.0, "y": 5.0, "z": -4.0}, -12.0, []),
    Row("cs231n-tanh-as-sigmoid", "cs231n neural-networks-1 (tanh)", r"\tanh(x) = 2 \sigma(2x) -1",
        {"x": X7}, np.tanh(X7), []),
    Row("cs231n-maxout", "cs231n neural-networks-1 (maxout)", r"\max(w_1^Tx+b_1, w_2^Tx + b_2)",
        {"w_1": V3, "x": V3B, "b_1": 0.3, "w_2": -V3, "b_2": -0.2},
        max(V3 @ V3B + 0.3, -V3 @ V3B - 0.2), []),
    Row("cs231n-neuron", "cs231n neural-networks-1 (single neuron as a linear classifier)",
        r"\sigma(\sum_iw_ix_i + b)", {"w": V5, "x": U5, "b": 0.1}, _sigmoid(V5 @ U5 + 0.1), []),
    Row("cs231n-svm-loss-f", "cs231n neural-networks-2 (loss functions)",
        r"L_i = \sum_{j\neq y_i} \max(0, f_j - f_{y_i} + 1)", {"f": V5, "y_i": 2},
        sum(max(0.0, V5[j] - V5[1] + 1.0) for j in range(5) if j != 1), ["label-entry"]),
    Row("cs231n-squared-hinge", "cs231n neural-networks-2 (squared hinge loss)",
        r"\max(0, f_j - f_{y_i} + 1)^2", {"f": V5, "y_i": 2}, np.maximum(0, V5 - V5[1] + 1) ** 2, ["label-entry"]),
    Row("cs231n-attribute-hinge", "cs231n neural-networks-2 (attribute classification)",
        r"L_i = \sum_j \max(0, 1 - y_{ij} f_j)", {"y_i": 2 * Y01 - 1, "f": V5},
        np.maximum(0, 1 - (2 * Y01 - 1) * V5).sum(), []),
    Row("cs231n-leaky-relu-indicators", "cs231n neural-networks-1 (Leaky ReLU)",
        r"f(x) = \mathbb{1}(x < 0) (\alpha x) + \mathbb{1}(x>=0) (x)", {"x": X7, r"\alpha": 0.01},
        np.where(X7 < 0, 0.01 * X7, X7), []),
    Row("cs231n-attribute-logistic", "cs231n neural-networks-2 (attribute classification)",
        r"L_i = -\sum_j y_{ij} \log(\sigma(f_j)) + (1 - y_{ij}) \log(1 - \sigma(f_j))", {"y_i": Y01, "f": V5},
        -(Y01 * np.log(_sigmoid(V5)) + (1 - Y01) * np.log(1 - _sigmoid(V5))).sum(), ["sum-reach"]),
    Row("cs231n-init-variance", "cs231n neural-networks-2 (weight initialization)",
        r"\text{Var}(w) = 2/(n_{in} + n_{out})", {"n_{in}": 300, "n_{out}": 100}, 2 / 400, ["subscript-label"]),
    Row("cs231n-l2-term", "cs231n neural-networks-2 (L2 regularization)", r"\frac{1}{2} \lambda w^2",
        {r"\lambda": 0.01, "w": V5}, 0.005 * V5**2, []),
    Row("cs231n-init-scale", "cs231n neural-networks-2 (calibrating the variances)", r"\sqrt{2/n}", {"n": 512},
        np.sqrt(2 / 512), []),
    Row("cs231n-weighted-sum", "cs231n neural-networks-2 (calibrating the variances)", r"s = \sum_i^n w_i x_i",
        {"w": V5, "x": U5, "n": 4}, V5[:4] @ U5[:4], []),
    Row("cs231n-lr-1-over-t", "cs231n neural-networks-3 (annealing the learning rate)", r"\alpha = \alpha_0 / (1 + k t )",
        {r"\alpha_0": 0.1, "k": 0.5, "t": 6.0}, 0.1 / 4.0, []),
    Row("cs231n-lr-exponential", "cs231n neural-networks-3 (annealing the learning rate)", r"\alpha = \alpha_0 e^{-k t}",
        {r"\alpha_0": 0.1, "k": 0.5, "t": 6.0}, 0.1 * np.exp(-3.0), []),
    Row("cs231n-attention-weights", "cs231n attention (attention layer)", r"\mathbf{a} = \text{softmax}(\mathbf{e})",
        {r"\mathbf{e}": V5}, _softmax(V5), []),
    Row("cs231n-sgd-code", "cs231n neural-networks-3 (vanilla update, Python line as math)",
        r"x = x - \text{learning\_rate} \cdot dx", {"x": M4, r"\text{learning\_rate}": 0.01, "dx": G4},
        M4 - 0.01 * G4, []),
    Row("cs231n-momentum-code", "cs231n neural-networks-3 (momentum update, Python line as math)",
        r"v = \mu v - \text{learning\_rate} \cdot dx", {"v": M4, r"\mu": 0.9, r"\text{learning\_rate}": 0.01, "dx": G4},
        0.9 * M4 - 0.01 * G4, []),
    Row("cs231n-momentum-position-code", "cs231n neural-networks-3 (momentum update, Python line as math)",
        r"x = x + v", {"x": M4, "v": G4}, M4 + G4, []),
    Row("cs231n-nesterov-code", "cs231n neural-networks-3 (Nesterov momentum, Python line as math)",
        r"x = x - \mu v_{prev} + (1 + \mu) v", {"x": M4, r"\mu": 0.9, "v_{prev}": S4, "v": G4},
        M4 - 0.9 * S4 + 1.9 * G4, []),
    Row("cs231n-adagrad-cache-code", "cs231n neural-networks-3 (Adagrad, Python line as math)",
        r"\text{cache} = \text{cache} + dx^2", {r"\text{cache}": S4, "dx": G4}, S4 + G4**2, []),
    Row("cs231n-adagrad-step-code", "cs231n neural-networks-3 (Adagrad, Python line as math)",
        r"x = x - \text{learning\_rate} \cdot \frac{dx}{\sqrt{\text{cache}} + \text{eps}}",
        {"x": M4, r"\text{learning\_rate}": 0.01, "dx": G4, r"\text{cache}": S4, r"\text{eps}": 1e-8},
        M4 - 0.01 * G4 / (np.sqrt(S4) + 1e-8), []),
    Row("cs231n-rmsprop-cache-code", "cs231n neural-networks-3 (RMSprop, Python line as math)",
        r"\text{cache} = \text{decay\_rate} \cdot \text{cache} + (1 - \text{decay\_rate}) \cdot dx^2",
        {r"\text{cache}": S4, r"\text{decay\_rate}": 0.99, "dx": G4}, 0.99 * S4 + 0.01 * G4**2, []),
    Row("cs231n-adam-code", "cs231n neural-networks-3 (Adam, Python lines as math)",
        r"m = \beta_1 m + (1-\beta_1) dx \\ v = \beta_2 v + (1-\beta_2) dx^2 \\ "
        r"x = x - \text{learning\_rate} \cdot \frac{m}{\sqrt{v} + \text{eps}}",
        {"m": M4, r"\beta_1": 0.9, "dx": G4, "v": S4, r"\beta_2": 0.999, "x": V5[:4],
         r"\text{learning\_rate}": 0.001, r"\text{eps}": 1e-8},
        V5[:4] - 0.001 * (0.9 * M4 + 0.1 * G4) / (np.sqrt(0.999 * S4 + 0.001 * G4**2) + 1e-8), []),
    Row("cs231n-momentum-slides", "cs231n lecture 7 slides 2017 (SGD+Momentum)",
        r"x_{t+1} = x_t - \alpha v_{t+1}", {"x_t": M4, r"\alpha": 0.1, "v_{t+1}": G4}, M4 - 0.1 * G4, []),
    Row("cs231n-nesterov-slides", "cs231n lecture 7 slides 2017 (Nesterov momentum)",
        r"x_{t+1} = x_t + v_{t+1}", {"x_t": M4, "v_{t+1}": G4}, M4 + G4, []),
    Row("cs231n-nesterov-change-of-variables", "cs231n lecture 7 slides 2017 (Nesterov momentum)",
        r"\tilde{x}_{t+1} = \tilde{x}_t - \rho v_t + (1 + \rho) v_{t+1}",
        {r"\tilde{x}_t": M4, r"\rho": 0.9, "v_t": S4, "v_{t+1}": G4}, M4 - 0.9 * S4 + 1.9 * G4, []),
]

# PyTorch constants
SELU_ALPHA = 1.6732632423543772848170429916717
SELU_SCALE = 1.0507009873554804934193349852946

PYTORCH = [
    Row("torch-relu", "PyTorch docs torch.nn.ReLU (0.4)", r"\text{ReLU}(x)= \max(0, x)", {"x": X7},
        np.maximum(0, X7), []),
    Row("torch-rrelu", "PyTorch docs torch.nn.RReLU",
        r"\text{RReLU}(x) = \begin{cases} x & \text{if } x \geq 0 \\ ax & \text{ otherwise } \end{cases}",
        {"x": X7, "a": 0.2}, np.where(X7 >= 0, X7, 0.2 * X7), []),
    Row("torch-relu6", "PyTorch docs torch.nn.ReLU6", r"\text{ReLU6}(x) = \min(\max(0,x), 6)",
        {"x": 2 * X7}, np.minimum(np.maximum(0, 2 * X7), 6), []),
    Row("torch-sigmoid", "PyTorch docs torch.nn.Sigmoid",
        r"\text{Sigmoid}(x) = \sigma(x) = \frac{1}{1 + \exp(-x)}", {"x": X7}, _sigmoid(X7), []),
    Row("torch-hardsigmoid", "PyTorch docs torch.nn.Hardsigmoid",
        r"\text{Hardsigmoid}(x) = \begin{cases} 0 & \text{if~} x \le -3, \\ 1 & \text{if~} x \ge +3, \\ "
        r"x / 6 + 1 / 2 & \text{otherwise} \end{cases}",
        {"x": X7}, np.clip(X7 / 6 + 0.5, 0, 1), []),
    Row("torch-tanh", "PyTorch docs torch.nn.Tanh",
        r"\text{Tanh}(x) = \tanh(x) = \frac{\exp(x) - \exp(-x)} {\exp(x) + \exp(-x)}", {"x": X7}, np.tanh(X7), []),
    Row("torch-silu", "PyTorch docs torch.nn.SiLU",
        r"\text{silu}(x) = x * \sigma(x), \text{where } \sigma(x) \text{ is the logistic sigmoid.}",
        {"x": X7}, X7 * _sigmoid(X7), ["prose-clause"]),
    Row("torch-mish", "PyTorch docs torch.nn.Mish", r"\text{Mish}(x) = x * \text{Tanh}(\text{Softplus}(x))",
        {"x": X7}, X7 * np.tanh(_softplus(X7)), []),
    Row("torch-hardswish", "PyTorch docs torch.nn.Hardswish",
        r"\text{Hardswish}(x) = \begin{cases} 0 & \text{if~} x \le -3, \\ x & \text{if~} x \ge +3, \\ "
        r"x \cdot (x + 3) /6 & \text{otherwise} \end{cases}",
        {"x": X7}, X7 * np.clip(X7 + 3, 0, 6) / 6, []),
    Row("torch-elu", "PyTorch docs torch.nn.ELU",
        r"\text{ELU}(x) = \begin{cases} x, & \text{ if } x > 0\\ \alpha * (\exp(x) - 1), & \text{ if } x \leq 0 "
        r"\end{cases}",
        {"x": X7, r"\alpha": 1.3}, np.where(X7 > 0, X7, 1.3 * (np.exp(X7) - 1)), []),
    Row("torch-celu", "PyTorch docs torch.nn.CELU",
        r"\text{CELU}(x) = \max(0,x) + \min(0, \alpha * (\exp(x/\alpha) - 1))",
        {"x": X7, r"\alpha": 0.7}, np.maximum(0, X7) + np.minimum(0, 0.7 * (np.exp(X7 / 0.7) - 1)), []),
    Row("torch-selu", "PyTorch docs torch.nn.SELU",
        r"\text{SELU}(x) = \text{scale} * (\max(0,x) + \min(0, \alpha * (\exp(x) - 1)))",
        {"x": X7, r"\text{scale}": SELU_SCALE, r"\alpha": SELU_ALPHA},
        SELU_SCALE * np.where(X7 > 0, X7, SELU_ALPHA * (np.exp(X7) - 1)), []),
    Row("torch-gelu-tanh", "PyTorch docs torch.nn.GELU (approximate='tanh')",
        r"\text{GELU}(x) = 0.5 * x * (1 + \text{Tanh}(\sqrt(2 / \pi) * (x + 0.044715 * x^3)))",
        {"x": X7}, 0.5 * X7 * (1 + np.tanh(np.sqrt(2 / np.pi) * (X7 + 0.044715 * X7**3))),
        ["own-definition-differs"]),  # the tanh approximation: said to differ from the built-in (exact) GELU
    Row("torch-hardshrink", "PyTorch docs torch.nn.Hardshrink",
        r"\text{HardShrink}(x) = \begin{cases} x, & \text{ if } x > \lambda \\ x, & \text{ if } x < -\lambda \\ "
        r"0, & \text{ otherwise } \end{cases}",
        {"x": X7 / 4, r"\lambda": 0.5}, np.where(np.abs(X7 / 4) > 0.5, X7 / 4, 0.0), []),
    Row("torch-leaky-relu", "PyTorch docs torch.nn.LeakyReLU",
        r"\text{LeakyReLU}(x) = \max(0, x) + \text{negative\_slope} * \min(0, x)",
        {"x": X7, r"\text{negative\_slope}": 0.01}, np.where(X7 >= 0, X7, 0.01 * X7), []),
    Row("torch-leaky-relu-cases", "PyTorch docs torch.nn.LeakyReLU",
        r"\text{LeakyReLU}(x) = \begin{cases} x, & \text{ if } x \geq 0 \\ \text{negative\_slope} \times x, & "
        r"\text{ otherwise } \end{cases}",
        {"x": X7, r"\text{negative\_slope}": 0.1}, np.where(X7 >= 0, X7, 0.1 * X7), []),
    Row("torch-logsigmoid", "PyTorch docs torch.nn.LogSigmoid",
        r"\text{LogSigmoid}(x) = \log\left(\frac{ 1 }{ 1 + \exp(-x)}\right)", {"x": X7}, -np.log1p(np.exp(-X7)), []),
    Row("torch-softplus", "PyTorch docs torch.nn.Softplus",
        r"\text{Softplus}(x) = \frac{1}{\beta} * \log(1 + \exp(\beta * x))", {"x": X7, r"\beta": 2.0},
        _softplus(X7, 2.0), ["own-variant"]),
    Row("torch-softshrink", "PyTorch docs torch.nn.Softshrink",
        r"\text{SoftShrinkage}(x) = \begin{cases} x - \lambda, & \text{ if } x > \lambda \\ x + \lambda, & "
        r"\text{ if } x < -\lambda \\ 0, & \text{ otherwise } \end{cases}",
        {"x": X7 / 4, r"\lambda": 0.5}, np.sign(X7 / 4) * np.maximum(np.abs(X7 / 4) - 0.5, 0), []),
    Row("torch-prelu", "PyTorch docs torch.nn.PReLU", r"\text{PReLU}(x) = \max(0,x) + a * \min(0,x)",
        {"x": X7, "a": 0.25}, np.where(X7 >= 0, X7, 0.25 * X7), []),
    Row("torch-softsign", "PyTorch docs torch.nn.Softsign", r"\text{SoftSign}(x) = \frac{x}{ 1 + |x|}",
        {"x": X7}, X7 / (1 + np.abs(X7)), []),
    Row("torch-tanhshrink", "PyTorch docs torch.nn.Tanhshrink", r"\text{Tanhshrink}(x) = x - \tanh(x)",
        {"x": X7}, X7 - np.tanh(X7), []),
    Row("torch-softmin", "PyTorch docs torch.nn.Softmin",
        r"\text{Softmin}(x_{i}) = \frac{\exp(-x_i)}{\sum_j \exp(-x_j)}", {"x": V5}, _softmax(-V5), []),
    Row("torch-softmax", "PyTorch docs torch.nn.Softmax",
        r"\text{Softmax}(x_{i}) = \frac{\exp(x_i)}{\sum_j \exp(x_j)}", {"x": V5}, _softmax(V5), []),
    Row("torch-log-softmax", "PyTorch docs torch.nn.LogSoftmax",
        r"\text{LogSoftmax}(x_{i}) = \log\left(\frac{\exp(x_i) }{ \sum_j \exp(x_j)} \right)", {"x": V5},
        V5 - np.log(np.exp(V5).sum()), []),
    Row("torch-l1-loss", "PyTorch docs torch.nn.L1Loss (reduction='none')", r"l_n = \left| x_n - y_n \right|",
        {"x": V5, "y": U5}, np.abs(V5 - U5), ["entry-statement"]),
    Row("torch-mse-loss", "PyTorch docs torch.nn.MSELoss (reduction='none')", r"l_n = \left( x_n - y_n \right)^2",
        {"x": V5, "y": U5}, (V5 - U5) ** 2, ["entry-statement"]),
    Row("torch-bce-loss", "PyTorch docs torch.nn.BCELoss (reduction='none')",
        r"l_n = - w_n \left[ y_n \cdot \log x_n + (1 - y_n) \cdot \log (1 - x_n) \right]",
        {"w": Q5, "y": Y01, "x": P5}, -Q5 * (Y01 * np.log(P5) + (1 - Y01) * np.log(1 - P5)), ["entry-statement"]),
    Row("torch-bce-with-logits-loss", "PyTorch docs torch.nn.BCEWithLogitsLoss (reduction='none')",
        r"l_n = - w_n \left[ y_n \cdot \log \sigma(x_n) + (1 - y_n) \cdot \log (1 - \sigma(x_n)) \right]",
        {"w": Q5, "y": Y01, "x": V5},
        -Q5 * (Y01 * np.log(_sigmoid(V5)) + (1 - Y01) * np.log(1 - _sigmoid(V5))), ["entry-statement"]),
    Row("torch-cross-entropy-probabilities", "PyTorch docs torch.nn.CrossEntropyLoss (class probabilities)",
        r"l_n = - \sum_{c=1}^C w_c \log \frac{\exp(x_{n,c})}{\sum_{i=1}^C \exp(x_{n,i})} y_{n,c}",
        {"w": Q5, "x_n": V5, "y_n": _softmax(U5), "C": 5},
        -(Q5 * np.log(_softmax(V5)) * _softmax(U5)).sum(), []),
    Row("torch-kl-div-pointwise", "PyTorch docs torch.nn.KLDivLoss",
        r"L(y_{\text{pred}},\ y_{\text{true}}) = y_{\text{true}} \cdot \log \frac{y_{\text{true}}}{y_{\text{pred}}} "
        r"= y_{\text{true}} \cdot (\log y_{\text{true}} - \log y_{\text{pred}})",
        {r"y_{\text{pred}}": P5, r"y_{\text{true}}": Q5}, Q5 * (np.log(Q5) - np.log(P5)), []),
    Row("torch-linear", "PyTorch docs torch.nn.Linear", r"y = xA^T + b",
        {"x": V3, "A": W43, "b": G4}, V3[None, :] @ W43.T + G4, ["vector-row", "bias-row"]),
    Row("torch-lstmcell-cell", "PyTorch docs torch.nn.LSTMCell (fifth line)", r"c' = f * c + i * g",
        {"f": Q5, "c": V5, "i": P5, "g": U5}, Q5 * V5 + P5 * U5, ["star-product", "star-product"]),
    Row("torch-lstmcell-hidden", "PyTorch docs torch.nn.LSTMCell (last line)", r"h' = o * \tanh(c')",
        {"o": P5, "c'": V5}, P5 * np.tanh(V5), ["star-product"]),
    Row("torch-grucell-hidden", "PyTorch docs torch.nn.GRUCell (last line)", r"h' = (1 - z) * n + z * h",
        {"z": P5, "n": V5, "h": U5}, (1 - P5) * V5 + P5 * U5, ["star-product", "star-product"]),
    Row("torch-sgd-weight-decay", "PyTorch docs torch.optim.SGD (algorithm)",
        r"g_t \leftarrow g_t + \lambda  \theta_{t-1}", {"g_t": G4, r"\lambda": 1e-2, r"\theta_{t-1}": M4},
        G4 + 1e-2 * M4, []),
    Row("torch-sgd-momentum-buffer", "PyTorch docs torch.optim.SGD (algorithm)",
        r"\textbf{b}_t \leftarrow \mu \textbf{b}_{t-1} + (1-\tau) g_t",
        {r"\mu": 0.9, r"\textbf{b}_{t-1}": M4, r"\tau": 0.1, "g_t": G4}, 0.9 * M4 + 0.9 * G4, []),
    Row("torch-sgd-nesterov", "PyTorch docs torch.optim.SGD (algorithm)",
        r"g_t \leftarrow g_{t} + \mu \textbf{b}_t", {"g_t": G4, r"\mu": 0.9, r"\textbf{b}_t": M4},
        G4 + 0.9 * M4, []),
    Row("torch-sgd-step", "PyTorch docs torch.optim.SGD (algorithm)",
        r"\theta_t \leftarrow \theta_{t-1} - \gamma g_t", {r"\theta_{t-1}": M4, r"\gamma": 0.1, "g_t": G4},
        M4 - 0.1 * G4, []),
    Row("torch-adam-first-moment", "PyTorch docs torch.optim.Adam (algorithm)",
        r"m_t \leftarrow \beta_1 m_{t-1} + (1 - \beta_1) g_t", {r"\beta_1": 0.9, "m_{t-1}": M4, "g_t": G4},
        0.9 * M4 + 0.1 * G4, []),
    Row("torch-adam-second-moment", "PyTorch docs torch.optim.Adam (algorithm)",
        r"v_t \leftarrow \beta_2 v_{t-1} + (1-\beta_2) g^2_t", {r"\beta_2": 0.999, "v_{t-1}": S4, "g_t": G4},
        0.999 * S4 + 0.001 * G4**2, []),
    Row("torch-adam-bias-correction", "PyTorch docs torch.optim.Adam (algorithm)",
        r"\widehat{m_t} \leftarrow m_t/\big(1-\beta_1^t \big)", {"m_t": M4, r"\beta_1": 0.9, "t": 5},
        M4 / (1 - 0.9**5), []),
    Row("torch-adam-step", "PyTorch docs torch.optim.Adam (algorithm)",
        r"\theta_t \leftarrow \theta_{t-1} - \gamma \widehat{m_t}/ \big(\sqrt{\widehat{v_t}} + \epsilon \big)",
        {r"\theta_{t-1}": M4, r"\gamma": 1e-3, r"\widehat{m_t}": G4, r"\widehat{v_t}": S4, r"\epsilon": 1e-8},
        M4 - 1e-3 * G4 / (np.sqrt(S4) + 1e-8), []),
    Row("torch-adam", "PyTorch docs torch.optim.Adam (algorithm, the update lines)",
        r"m_t \leftarrow \beta_1 m_{t-1} + (1 - \beta_1) g_t \\ v_t \leftarrow \beta_2 v_{t-1} + (1-\beta_2) g^2_t \\ "
        r"\widehat{m_t} \leftarrow m_t/\big(1-\beta_1^t \big) \\ \widehat{v_t} \leftarrow v_t/\big(1-\beta_2^t \big)"
        r" \\ \theta_t \leftarrow \theta_{t-1} - \gamma \widehat{m_t}/ \big(\sqrt{\widehat{v_t}} + \epsilon \big)",
        {r"\beta_1": 0.9, "m_{t-1}": M4, "g_t": G4, r"\beta_2": 0.999, "v_{t-1}": S4, "t": 3,
         r"\theta_{t-1}": V5[:4], r"\gamma": 1e-3, r"\epsilon": 1e-8},
        V5[:4] - 1e-3 * ((0.9 * M4 + 0.1 * G4) / (1 - 0.9**3))
        / (np.sqrt((0.999 * S4 + 0.001 * G4**2) / (1 - 0.999**3)) + 1e-8), []),
    Row("torch-adamw-decay", "PyTorch docs torch.optim.AdamW (algorithm)",
        r"\theta_t \leftarrow \theta_{t-1} - \gamma \lambda \theta_{t-1}",
        {r"\theta_{t-1}": M4, r"\gamma": 1e-3, r"\lambda": 1e-2}, M4 * (1 - 1e-5), []),
    Row("torch-rmsprop-square-average", "PyTorch docs torch.optim.RMSprop (algorithm)",
        r"v_t \leftarrow \alpha v_{t-1} + (1 - \alpha) g^2_t", {r"\alpha": 0.99, "v_{t-1}": S4, "g_t": G4},
        0.99 * S4 + 0.01 * G4**2, []),
    Row("torch-rmsprop-step", "PyTorch docs torch.optim.RMSprop (algorithm)",
        r"\theta_t \leftarrow \theta_{t-1} - \gamma g_t/ \big(\sqrt{\tilde{v_t}} + \epsilon \big)",
        {r"\theta_{t-1}": M4, r"\gamma": 1e-2, "g_t": G4, r"\tilde{v_t}": S4, r"\epsilon": 1e-8},
        M4 - 1e-2 * G4 / (np.sqrt(S4) + 1e-8), []),
    Row("torch-smooth-l1-loss", "PyTorch docs torch.nn.SmoothL1Loss",
        r"l_n = \begin{cases} 0.5 (x_n - y_n)^2 / beta, & \text{if } |x_n - y_n| < beta \\ "
        r"|x_n - y_n| - 0.5 * beta, & \text{otherwise } \end{cases}", {"x": V5, "y": U5, "beta": 0.7},
        np.where(np.abs(V5 - U5) < 0.7, 0.5 * (V5 - U5) ** 2 / 0.7, np.abs(V5 - U5) - 0.35),
        ["entry-statement", "greek-word"]),
    Row("torch-huber-loss", "PyTorch docs torch.nn.HuberLoss",
        r"l_n = \begin{cases} 0.5 (x_n - y_n)^2, & \text{if } |x_n - y_n| < delta \\ "
        r"delta * (|x_n - y_n| - 0.5 * delta), & \text{otherwise } \end{cases}", {"x": V5, "y": U5, "delta": 0.7},
        np.where(np.abs(V5 - U5) < 0.7, 0.5 * (V5 - U5) ** 2, 0.7 * (np.abs(V5 - U5) - 0.35)),
        ["entry-statement", "greek-word"]),
    Row("torch-hinge-embedding-loss", "PyTorch docs torch.nn.HingeEmbeddingLoss",
        r"l_n = \begin{cases} x_n, & \text{if}\; y_n = 1,\\ \max \{0, margin - x_n\}, & \text{if}\; y_n = -1, "
        r"\end{cases}", {"x": np.abs(V5), "y": 2 * Y01 - 1, "margin": 1.0},
        np.where(Y01 == 1, np.abs(V5), np.maximum(0, 1.0 - np.abs(V5))), ["entry-statement", "word-name"]),
    Row("torch-threshold", "PyTorch docs torch.nn.Threshold",
        r"y = \begin{cases} x, &\text{ if } x > \text{threshold} \\ \text{value}, &\text{ otherwise } \end{cases}",
        {"x": X7, r"\text{threshold}": 0.5, r"\text{value}": -9.0}, np.where(X7 > 0.5, X7, -9.0), []),
    Row("torch-hardtanh", "PyTorch docs torch.nn.Hardtanh",
        r"\text{HardTanh}(x) = \begin{cases} \text{max\_val} & \text{ if } x > \text{ max\_val } \\ "
        r"\text{min\_val} & \text{ if } x < \text{ min\_val } \\ x & \text{ otherwise } \\ \end{cases}",
        {"x": X7, r"\text{max\_val}": 1.0, r"\text{min\_val}": -1.0}, np.clip(X7, -1, 1), ["own-variant"]),
    Row("torch-adagrad-state-sum", "PyTorch docs torch.optim.Adagrad (algorithm)",
        r"state\_sum_t \leftarrow state\_sum_{t-1} + g^2_t", {r"state\_sum_{t-1}": S4, "g_t": G4}, S4 + G4**2,
        ["word-name"]),
    Row("torch-adagrad-step", "PyTorch docs torch.optim.Adagrad (algorithm)",
        r"\theta_t \leftarrow \theta_{t-1}- \tilde{\gamma} \frac{g_t}{\sqrt{state\_sum_t}+\epsilon}",
        {r"\theta_{t-1}": M4, r"\tilde{\gamma}": 0.1, "g_t": G4, r"state\_sum_t": S4, r"\epsilon": 1e-10},
        M4 - 0.1 * G4 / (np.sqrt(S4) + 1e-10), ["word-name"]),
    Row("torch-adagrad-lr-decay", "PyTorch docs torch.optim.Adagrad (algorithm)",
        r"\tilde{\gamma}    \leftarrow \gamma / (1 +(t-1) \eta)", {r"\gamma": 0.01, "t": 11, r"\eta": 0.1},
        0.01 / 2.0, []),
]

CASES: list[Row] = D2L + CS231N + PYTORCH
