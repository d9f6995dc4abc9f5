"""Real formulas, written as their sources write them, with values computed independently in numpy.

Sources:
- Michael Nielsen, "Neural Networks and Deep Learning" (2015), chapters 1-3 (equation numbers as on
  neuralnetworksanddeeplearning.com).
- Goodfellow, Bengio & Courville, "Deep Learning" (2016), chapters 3 and 5-8 (equation/algorithm numbers).
- Well-known papers: Adam (Kingma & Ba 2015), batch norm (Ioffe & Szegedy 2015), layer norm
  (Ba et al. 2016), RMSNorm (Zhang & Sennrich 2019), attention (Vaswani et al. 2017), GELU
  (Hendrycks & Gimpel 2016), Swish (Ramachandran et al. 2017), Mish (Misra 2019), ELU (Clevert
  et al. 2016), SELU (Klambauer et al. 2017), focal loss (Lin et al. 2017), distillation (Hinton et
  al. 2015), VAE (Kingma & Welling 2014), Huber (1964), smooth L1 (Girshick 2015), AdamW (Loshchilov &
  Hutter 2019), LSTM (Olah 2015 / Hochreiter & Schmidhuber 1997), GRU (Cho et al. 2014), momentum
  (Sutskever et al. 2013).

Each row: `expected` is the value of the formula (for a system: of its last statement) computed in
plain numpy from the same `inputs`, and `rules` is `[n.rule for n in symdl.parse(latex).notes]`,
each checked by hand to describe how symdl reads the formula.

Formulas that symdl reads wrongly without a note, or refuses, are not rows: they are listed in
`SILENT_MISREADINGS` and `REFUSALS` at the end of this file.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from math import erf as _erf
from typing import Any

import numpy as np

__all__ = ["CASES", "REFUSALS", "SILENT_MISREADINGS", "Row"]


@dataclass(frozen=True)
class Row:
    id: str
    source: str
    latex: str
    inputs: dict[str, Any]
    expected: Any
    rules: list[str] = field(default_factory=list)
    functions: dict[str, Any] = field(default_factory=dict)  # numpy functions for the formula's unknown functions


def _sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


def _dsigmoid(z):
    s = _sigmoid(z)
    return s * (1.0 - s)


def _softmax(z):
    e = np.exp(z - np.max(z))
    return e / e.sum()


def _softmax_rows(s):
    e = np.exp(s - s.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


def _softplus(x):
    return np.log1p(np.exp(x))


def _rng(seed: int) -> np.random.Generator:
    return np.random.default_rng(seed)


LAYER = "superscript-layer"
CASES: list[Row] = []


def _add(id: str, source: str, latex: str, inputs: dict[str, Any], expected: Any, rules: list[str] | None = None,
         functions: dict[str, Any] | None = None):
    CASES.append(Row(id, source, latex, inputs, expected, list(rules or []), dict(functions or {})))


# --------------------------------------------------------------------------------------------------
# Nielsen, "Neural Networks and Deep Learning", chapters 1-3
# --------------------------------------------------------------------------------------------------

r = _rng(101)
z = r.normal(size=6)
_add("nielsen-sigmoid", "Nielsen ch.1 eq. (3)", r"\sigma(z) \equiv \frac{1}{1+e^{-z}}", {"z": z}, _sigmoid(z))

r = _rng(102)
w, x, b = r.normal(size=4), r.normal(size=4), 0.3
_add("nielsen-sigmoid-neuron", "Nielsen ch.1 eq. (4)", r"\frac{1}{1+\exp(-\sum_j w_j x_j-b)}",
     {"w": w, "x": x, "b": b}, 1 / (1 + np.exp(-np.dot(w, x) - b)))

r = _rng(103)
v, mu, eta, grad = r.normal(size=5), 0.9, 0.1, r.normal(size=5)
_add("nielsen-delta-v", "Nielsen ch.1 eq. (10)", r"\Delta v = -\eta \nabla C",
     {r"\eta": eta, r"\nablaC": grad}, -eta * grad, ["bare-gradient"])

r = _rng(104)
a_prev, W, bl = r.normal(size=4), r.normal(size=(3, 4)), r.normal(size=3)
_add("nielsen-activation-component", "Nielsen ch.2 eq. (23)",
     r"a^{l}_j = \sigma\left( \sum_k w^{l}_{jk} a^{l-1}_k + b^l_j \right)",
     {"w^{l}": W, "a^{l-1}": a_prev, "b^l": bl}, _sigmoid(W @ a_prev + bl), [LAYER, "sigma-activation", LAYER, LAYER])
_add("nielsen-activation-vector", "Nielsen ch.2 eq. (25)", r"a^{l} = \sigma(w^l a^{l-1}+b^l)",
     {"w^l": W, "a^{l-1}": a_prev, "b^l": bl}, _sigmoid(W @ a_prev + bl), [LAYER, "sigma-activation", LAYER, LAYER])
_add("nielsen-weighted-input", "Nielsen ch.2, text before eq. (26)", r"z^l \equiv w^l a^{l-1}+b^l",
     {"w^l": W, "a^{l-1}": a_prev, "b^l": bl}, W @ a_prev + bl, [LAYER] * 4)
_add("nielsen-weighted-input-component", "Nielsen ch.2, text before eq. (26)",
     r"z^l_j = \sum_k w^l_{jk} a^{l-1}_k + b^l_j",
     {"w^l": W, "a^{l-1}": a_prev, "b^l": bl}, W @ a_prev + bl, [LAYER] * 4)

r = _rng(106)
a_last, y, z_last = r.uniform(size=4), r.uniform(size=4), r.normal(size=4)
_add("nielsen-bp1-quadratic", "Nielsen ch.2 eq. (30)", r"\delta^L = (a^L-y) \odot \sigma'(z^L)",
     {"a^L": a_last, "y": y, "z^L": z_last}, (a_last - y) * _dsigmoid(z_last), [LAYER] * 3)

r = _rng(107)
W1, d1, zl = r.normal(size=(4, 3)), r.normal(size=4), r.normal(size=3)
_add("nielsen-bp2", "Nielsen ch.2 eq. (BP2)", r"\delta^l = ((w^{l+1})^T \delta^{l+1}) \odot \sigma'(z^l)",
     {"w^{l+1}": W1, r"\delta^{l+1}": d1, "z^l": zl}, (W1.T @ d1) * _dsigmoid(zl), [LAYER] * 3)
_add("nielsen-bp2-component", "Nielsen ch.2 eq. (45)",
     r"\delta^l_j = \sum_k w^{l+1}_{kj} \delta^{l+1}_k \sigma'(z^l_j)",
     {"w^{l+1}": W1, r"\delta^{l+1}": d1, "z^l": zl}, (W1.T @ d1) * _dsigmoid(zl), [LAYER] * 3)

r = _rng(108)
dl, a_prev = r.normal(size=3), r.normal(size=5)
_add("nielsen-bp3", "Nielsen ch.2 eq. (BP3)", r"\frac{\partial C}{\partial b^l_j} = \delta^l_j",
     {r"\delta^l": dl}, dl, [LAYER] * 2)
_add("nielsen-bp4", "Nielsen ch.2 eq. (BP4)", r"\frac{\partial C}{\partial w^l_{jk}} = a^{l-1}_k \delta^l_j",
     {"a^{l-1}": a_prev, r"\delta^l": dl}, np.outer(dl, a_prev), [LAYER] * 3)

r = _rng(109)
W2, zl, b2 = r.normal(size=(3, 4)), r.normal(size=4), r.normal(size=3)
_add("nielsen-z-next-layer", "Nielsen ch.2 eq. (43)",
     r"z^{l+1}_k = \sum_j w^{l+1}_{kj} a^l_j +b^{l+1}_k = \sum_j w^{l+1}_{kj} \sigma(z^l_j) +b^{l+1}_k",
     {"w^{l+1}": W2, "z^l": zl, "b^{l+1}": b2, "a^l": _sigmoid(zl)}, W2 @ _sigmoid(zl) + b2,
     [LAYER, "chain-value", LAYER, LAYER, LAYER])  # the middle side's a^l is kept, σ(z^l) computes
_add("nielsen-dz-dz", "Nielsen ch.2 eq. (44)",
     r"\frac{\partial z^{l+1}_k}{\partial z^l_j} = w^{l+1}_{kj} \sigma'(z^l_j)",
     {"w^{l+1}": W2, "z^l": zl}, W2 * _dsigmoid(zl)[None, :], [LAYER] * 2)

r = _rng(110)
y1, a1, z1 = 0.0, 0.82, r.normal()
_add("nielsen-quadratic-cost-neuron", "Nielsen ch.3 eq. (54)", r"C = \frac{(y-a)^2}{2}",
     {"y": y1, "a": a1}, (y1 - a1) ** 2 / 2)
_add("nielsen-dC-dw-neuron", "Nielsen ch.3 eq. (55)",
     r"\frac{\partial C}{\partial w} = (a-y)\sigma'(z) x = a \sigma'(z)",
     {"a": a1, "z": z1}, a1 * _dsigmoid(z1), ["chain-value"])  # x = 1, y = 0 in the last side: noted
_add("nielsen-dC-db-neuron", "Nielsen ch.3 eq. (56)",
     r"\frac{\partial C}{\partial b} = (a-y)\sigma'(z) = a \sigma'(z)",
     {"a": a1, "z": z1}, a1 * _dsigmoid(z1), ["chain-value"])

r = _rng(111)
n = 6
y, a = r.integers(0, 2, size=n).astype(float), r.uniform(0.05, 0.95, size=n)
_add("nielsen-cross-entropy", "Nielsen ch.3 eq. (57)",
     r"C = -\frac{1}{n} \sum_x \left[y \ln a + (1-y ) \ln (1-a) \right]",
     {"n": n, "y": y, "a": a}, -np.mean(y * np.log(a) + (1 - y) * np.log(1 - a)),
     ["sum-per-example", "sum-per-example"])
zs = r.normal(size=n)
_add("nielsen-cross-entropy-dC-db", "Nielsen ch.3 eq. (62)", r"\frac{\partial C}{\partial b} = \frac{1}{n} \sum_x (\sigma(z)-y)",
     {"n": n, "z": zs, "y": y}, np.mean(_sigmoid(zs) - y), ["sum-per-example", "sum-per-example"])

r = _rng(112)
yj, a_lj = r.integers(0, 2, size=(3, 4)).astype(float), r.uniform(0.05, 0.95, size=(3, 4))  # (examples, outputs)
_add("nielsen-cross-entropy-layer", "Nielsen ch.3 eq. (63)",
     r"C = -\frac{1}{n} \sum_x \sum_j \left[y_j \ln a^L_j + (1-y_j) \ln (1-a^L_j) \right]",
     {"n": 3, "y": yj, "a^L": a_lj},
     -np.sum(yj * np.log(a_lj) + (1 - yj) * np.log(1 - a_lj)) / 3, ["sum-per-example", LAYER, "sum-per-example"])

r = _rng(113)
zz = r.normal(size=5)
_add("nielsen-sigmoid-prime", "Nielsen ch.3 eq. (72) (derivation)", r"\sigma'(z) = \sigma(z)(1-\sigma(z))",
     {"z": zz}, _dsigmoid(zz))

r = _rng(114)
z_last = r.normal(size=5)
_add("nielsen-softmax", "Nielsen ch.3 eq. (78)", r"a^L_j = \frac{e^{z^L_j}}{\sum_k e^{z^L_k}}",
     {"z^L": z_last}, _softmax(z_last), [LAYER] * 2)
_add("nielsen-softmax-c", "Nielsen ch.3, problem after eq. (79)", r"a^L_j = \frac{e^{c z^L_j}}{\sum_k e^{c z^L_k}}",
     {"z^L": z_last, "c": 2.5}, _softmax(2.5 * z_last), [LAYER] * 2)

r = _rng(115)
a_last, y, a_prev = _softmax(r.normal(size=4)), np.eye(4)[2], r.uniform(size=3)
_add("nielsen-loglik-dC-db", "Nielsen ch.3 eq. (81)", r"\frac{\partial C}{\partial b^L_j} = a^L_j-y_j",
     {"a^L": a_last, "y": y}, a_last - y, [LAYER] * 2)
_add("nielsen-loglik-dC-dw", "Nielsen ch.3 eq. (82)", r"\frac{\partial C}{\partial w^L_{jk}} = a^{L-1}_k (a^L_j-y_j)",
     {"a^L": a_last, "y": y, "a^{L-1}": a_prev}, np.outer(a_last - y, a_prev), [LAYER] * 2)
_add("nielsen-delta-L-cross-entropy", "Nielsen ch.3 eq. (84)", r"\delta^L = a^L-y",
     {"a^L": a_last, "y": y}, a_last - y, [LAYER] * 2)

r = _rng(116)
wts, C0, lam, n = r.normal(size=(3, 4)).ravel(), 0.7, 5.0, 100
_add("nielsen-l2-cost", "Nielsen ch.3 eq. (87)", r"C = C_0 + \frac{\lambda}{2n} \sum_w w^2",
     {"C_0": C0, r"\lambda": lam, "n": n, "w": wts}, C0 + lam / (2 * n) * np.sum(wts**2), ["sum-over-entries"])
_add("nielsen-l1-cost", "Nielsen ch.3 eq. (95)", r"C = C_0 + \frac{\lambda}{n} \sum_w |w|",
     {"C_0": C0, r"\lambda": lam, "n": n, "w": wts}, C0 + lam / n * np.sum(np.abs(wts)), ["sum-over-entries"])

r = _rng(117)
v, g, w = r.normal(size=5), r.normal(size=5), r.normal(size=5)
_add("nielsen-momentum-v", "Nielsen ch.3 eq. (107)", r"v \rightarrow v' = \mu v - \eta \nabla C",
     {"v": v, r"\mu": 0.9, r"\eta": 0.05, r"\nablaC": g}, 0.9 * v - 0.05 * g, ["bare-gradient"])
_add("nielsen-momentum-w", "Nielsen ch.3 eq. (108)", r"w \rightarrow w' = w+v'",
     {"w": w, "v'": v}, w + v)

r = _rng(118)
zz = r.normal(size=5)
_add("nielsen-tanh", "Nielsen ch.3 eq. (110)", r"\tanh(z) \equiv \frac{e^z-e^{-z}}{e^z+e^{-z}}", {"z": zz}, np.tanh(zz))
_add("nielsen-sigmoid-tanh", "Nielsen ch.3 eq. (111)", r"\sigma(z) = \frac{1+\tanh(z/2)}{2}", {"z": zz}, _sigmoid(zz))


# --------------------------------------------------------------------------------------------------
# Goodfellow, Bengio & Courville, "Deep Learning"
# --------------------------------------------------------------------------------------------------

r = _rng(201)
xx = r.normal(size=6)
_add("goodfellow-softplus", "Goodfellow 3.10 eq. (3.31)", r"\zeta(x) = \log(1 + \exp(x))", {"x": xx}, _softplus(xx),
     ["zeta-softplus"])
_add("goodfellow-sigmoid-exp", "Goodfellow 3.10 eq. (3.30)", r"\sigma(x) = \frac{\exp(x)}{\exp(x) + \exp(0)}",
     {"x": xx}, _sigmoid(xx))
_add("goodfellow-sigmoid-derivative", "Goodfellow 3.10 eq. (3.33)",
     r"\frac{d}{dx}\sigma(x) = \sigma(x)(1 - \sigma(x))", {"x": xx}, _dsigmoid(xx))
_add("goodfellow-sigmoid-symmetry", "Goodfellow 3.10 eq. (3.34)", r"1 - \sigma(x) = \sigma(-x)", {"x": xx}, _sigmoid(-xx))
pp = r.uniform(0.05, 0.95, size=6)
_add("goodfellow-logit", "Goodfellow 3.10 eq. (3.38)", r"\sigma^{-1}(x) = \log\left(\frac{x}{1-x}\right)",
     {"x": pp}, np.log(pp / (1 - pp)), ["inverse-function"])

r = _rng(202)
xx, mu, s = r.normal(size=5), 0.4, 1.7
_add("goodfellow-gaussian", "Goodfellow 3.9.3 eq. (3.21)",
     r"\mathcal{N}(x; \mu, \sigma^2) = \sqrt{\frac{1}{2\pi\sigma^2}} \exp\left(-\frac{1}{2\sigma^2}(x - \mu)^2\right)",
     {"x": xx, r"\mu": mu, r"\sigma": s}, np.sqrt(1 / (2 * np.pi * s**2)) * np.exp(-((xx - mu) ** 2) / (2 * s**2)))
_add("goodfellow-laplace", "Goodfellow 3.9.5 eq. (3.26)",
     r"\text{Laplace}(x; \mu, \gamma) = \frac{1}{2\gamma} \exp\left(-\frac{|x - \mu|}{\gamma}\right)",
     {"x": xx, r"\mu": mu, r"\gamma": s}, np.exp(-np.abs(xx - mu) / s) / (2 * s))

r = _rng(203)
w, x, b = r.normal(size=4), r.normal(size=4), 0.25
_add("goodfellow-linear-regression", "Goodfellow 5.1.4 eq. (5.3)", r"\hat{y} = \boldsymbol{w}^\top \boldsymbol{x}",
     {r"\boldsymbol{w}": w, r"\boldsymbol{x}": x}, np.dot(w, x))
_add("goodfellow-linear-regression-bias", "Goodfellow 5.1.4, text after eq. (5.12)",
     r"\hat{y} = \boldsymbol{w}^\top \boldsymbol{x} + b", {r"\boldsymbol{w}": w, r"\boldsymbol{x}": x, "b": b}, np.dot(w, x) + b)
_add("goodfellow-weight-decay-objective", "Goodfellow 5.2.2 eq. (5.18)",
     r"J(\boldsymbol{w}) = \text{MSE}_{\text{train}} + \lambda \boldsymbol{w}^\top \boldsymbol{w}",
     {r"\boldsymbol{w}": w, r"\text{MSE}_{\text{train}}": 1.3, r"\lambda": 0.01}, 1.3 + 0.01 * np.dot(w, w))

r = _rng(204)
X, yv, alpha = r.normal(size=(8, 3)), r.normal(size=8), 0.5
_add("goodfellow-normal-equations", "Goodfellow 7.1.1 eq. (7.16)",
     r"\boldsymbol{w} = (\boldsymbol{X}^\top \boldsymbol{X})^{-1} \boldsymbol{X}^\top \boldsymbol{y}",
     {r"\boldsymbol{X}": X, r"\boldsymbol{y}": yv}, np.linalg.solve(X.T @ X, X.T @ yv))
_add("goodfellow-ridge", "Goodfellow 7.1.1 eq. (7.17)",
     r"\boldsymbol{w} = (\boldsymbol{X}^\top \boldsymbol{X} + \alpha \boldsymbol{I})^{-1} \boldsymbol{X}^\top \boldsymbol{y}",
     {r"\boldsymbol{X}": X, r"\boldsymbol{y}": yv, r"\alpha": alpha, r"\boldsymbol{I}": np.eye(3)},
     np.linalg.solve(X.T @ X + alpha * np.eye(3), X.T @ yv))
A = r.normal(size=(3, 3))
H, wstar = A @ A.T + np.eye(3), r.normal(size=3)
_add("goodfellow-l2-rescaled-optimum", "Goodfellow 7.1.1 eq. (7.13)",
     r"\tilde{\boldsymbol{w}} = (\boldsymbol{H} + \alpha \boldsymbol{I})^{-1} \boldsymbol{H} \boldsymbol{w}^*",
     {r"\boldsymbol{H}": H, r"\boldsymbol{w}^*": wstar, r"\alpha": alpha, r"\boldsymbol{I}": np.eye(3)},
     np.linalg.solve(H + alpha * np.eye(3), H @ wstar))

r = _rng(205)
m, yi, yhat, sig = 7, r.normal(size=7), r.normal(size=7), 0.8
_add("goodfellow-gaussian-loglik", "Goodfellow 5.5.1 eq. (5.65)",
     r"\sum_{i=1}^m \log p(y^{(i)} \mid \boldsymbol{x}^{(i)}; \boldsymbol{\theta}) = -m \log \sigma - \frac{m}{2} \log(2\pi) - \sum_{i=1}^m \frac{\| \hat{y}^{(i)} - y^{(i)} \|^2}{2\sigma^2}",
     {"y": yi, r"\hat{y}": yhat, r"\sigma": sig},
     -m * np.log(sig) - m / 2 * np.log(2 * np.pi) - np.sum((yhat - yi) ** 2 / (2 * sig**2)), ["norm-of-number"])

r = _rng(206)
w, h, b = r.normal(size=5), r.normal(size=5), -0.2
_add("goodfellow-sigmoid-output", "Goodfellow 6.2.2.2 eq. (6.19)", r"\hat{y} = \sigma(\boldsymbol{w}^\top \boldsymbol{h} + b)",
     {r"\boldsymbol{w}": w, r"\boldsymbol{h}": h, "b": b}, _sigmoid(np.dot(w, h) + b))
yy, zv = np.array([0.0, 1.0, 1.0, 0.0]), r.normal(size=4)
_add("goodfellow-bernoulli-sigmoid", "Goodfellow 6.2.2.2 eq. (6.23)", r"P(y) = \sigma((2y-1)z)",
     {"y": yy, "z": zv}, _sigmoid((2 * yy - 1) * zv))
_add("goodfellow-unnormalized-p", "Goodfellow 6.2.2.2 eq. (6.21)", r"\tilde{P}(y) = \exp(yz)",
     {"y": yy, "z": zv}, np.exp(yy * zv))

r = _rng(207)
Wm, h, bv = r.normal(size=(5, 3)), r.normal(size=5), r.normal(size=3)
_add("goodfellow-softmax-logits", "Goodfellow 6.2.2.3 eq. (6.28)", r"\boldsymbol{z} = \boldsymbol{W}^\top \boldsymbol{h} + \boldsymbol{b}",
     {r"\boldsymbol{W}": Wm, r"\boldsymbol{h}": h, r"\boldsymbol{b}": bv}, Wm.T @ h + bv)
zv = r.normal(size=5)
_add("goodfellow-softmax", "Goodfellow 6.2.2.3 eq. (6.29)", r"\text{softmax}(\boldsymbol{z})_i = \frac{\exp(z_i)}{\sum_j \exp(z_j)}",
     {"z": zv}, _softmax(zv))
_add("goodfellow-log-softmax", "Goodfellow 6.2.2.3 eq. (6.30)", r"\log \text{softmax}(\boldsymbol{z})_i = z_i - \log \sum_j \exp(z_j)",
     {"z": zv}, zv - np.log(np.sum(np.exp(zv))))
# the book's solution of XOR (section 6.1): the four inputs give 0, 1, 1, 0
Wx, cx, wx = np.array([[1.0, 1.0], [1.0, 1.0]]), np.array([0.0, -1.0]), np.array([1.0, -2.0])
for k, xin in enumerate(([0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0])):
    _add(f"goodfellow-xor-network-{k}", "Goodfellow 6.1 eq. (6.3), the solution after eq. (6.7)",
         r"f(\boldsymbol{x}; \boldsymbol{W}, \boldsymbol{c}, \boldsymbol{w}, b) = \boldsymbol{w}^\top "
         r"\max\{0, \boldsymbol{W}^\top \boldsymbol{x} + \boldsymbol{c}\} + b",
         {r"\boldsymbol{x}": np.array(xin), r"\boldsymbol{W}": Wx, r"\boldsymbol{c}": cx, r"\boldsymbol{w}": wx,
          "b": 0.0}, float(xin[0] != xin[1]), ["max-elementwise"])
_add("goodfellow-tanh-sigmoid", "Goodfellow 6.3.2", r"\tanh(z) = 2\sigma(2z) - 1", {"z": zv}, np.tanh(zv))

r = _rng(208)
w = r.normal(size=6)
_add("goodfellow-l1-penalty", "Goodfellow 7.1.2 eq. (7.18)", r"\Omega(\boldsymbol{\theta}) = \|\boldsymbol{w}\|_1 = \sum_i |w_i|",
     {"w": w}, np.sum(np.abs(w)))
_add("goodfellow-l2-penalty", "Goodfellow 7.1.1 eq. (7.1), Omega = 1/2 ||w||^2",
     r"\Omega(\boldsymbol{\theta}) = \frac{1}{2} \|\boldsymbol{w}\|_2^2", {r"\boldsymbol{w}": w}, 0.5 * np.dot(w, w))

_add("goodfellow-lr-decay", "Goodfellow 8.3.1 eq. (8.14)", r"\epsilon_k = (1 - \alpha) \epsilon_0 + \alpha \epsilon_\tau",
     {r"\alpha": 0.3, r"\epsilon_0": 0.1, r"\epsilon_\tau": 0.001}, 0.7 * 0.1 + 0.3 * 0.001,
     ["left-index-unused"])  # the book's alpha = k / tau is said in prose: k is on the left only (noted)

r = _rng(209)
theta, v, g, rr = r.normal(size=5), r.normal(size=5), r.normal(size=5), r.uniform(0.1, 1.0, size=5)
eps, alpha = 0.01, 0.9
_add("goodfellow-sgd-step", "Goodfellow 8.3.1 Alg. 8.1", r"\boldsymbol{\theta} \leftarrow \boldsymbol{\theta} - \epsilon \hat{\boldsymbol{g}}",
     {r"\boldsymbol{\theta}": theta, r"\epsilon": eps, r"\hat{\boldsymbol{g}}": g}, theta - eps * g)
_add("goodfellow-momentum-velocity", "Goodfellow 8.3.2 Alg. 8.2", r"\boldsymbol{v} \leftarrow \alpha \boldsymbol{v} - \epsilon \boldsymbol{g}",
     {r"\boldsymbol{v}": v, r"\alpha": alpha, r"\epsilon": eps, r"\boldsymbol{g}": g}, alpha * v - eps * g)
_add("goodfellow-momentum-step", "Goodfellow 8.3.2 Alg. 8.2", r"\boldsymbol{\theta} \leftarrow \boldsymbol{\theta} + \boldsymbol{v}",
     {r"\boldsymbol{\theta}": theta, r"\boldsymbol{v}": v}, theta + v)
_add("goodfellow-terminal-velocity", "Goodfellow 8.3.2 eq. (8.17)", r"\frac{\epsilon \|\boldsymbol{g}\|}{1 - \alpha}",
     {r"\epsilon": eps, r"\boldsymbol{g}": g, r"\alpha": alpha}, eps * np.linalg.norm(g) / (1 - alpha))
_add("goodfellow-nesterov-interim", "Goodfellow 8.3.3 Alg. 8.3", r"\tilde{\boldsymbol{\theta}} \leftarrow \boldsymbol{\theta} + \alpha \boldsymbol{v}",
     {r"\boldsymbol{\theta}": theta, r"\alpha": alpha, r"\boldsymbol{v}": v}, theta + alpha * v)
_add("goodfellow-adagrad-accumulate", "Goodfellow 8.5.1 Alg. 8.4", r"\boldsymbol{r} \leftarrow \boldsymbol{r} + \boldsymbol{g} \odot \boldsymbol{g}",
     {r"\boldsymbol{r}": rr, r"\boldsymbol{g}": g}, rr + g * g)
_add("goodfellow-rmsprop-accumulate", "Goodfellow 8.5.2 Alg. 8.5",
     r"\boldsymbol{r} \leftarrow \rho \boldsymbol{r} + (1 - \rho) \boldsymbol{g} \odot \boldsymbol{g}",
     {r"\boldsymbol{r}": rr, r"\rho": 0.95, r"\boldsymbol{g}": g}, 0.95 * rr + 0.05 * g * g)
_add("goodfellow-rmsprop-nesterov-velocity", "Goodfellow 8.5.2 Alg. 8.6",
     r"\boldsymbol{v} \leftarrow \alpha \boldsymbol{v} - \frac{\epsilon}{\sqrt{\boldsymbol{r}}} \odot \boldsymbol{g}",
     {r"\boldsymbol{v}": v, r"\alpha": alpha, r"\epsilon": eps, r"\boldsymbol{r}": rr, r"\boldsymbol{g}": g},
     alpha * v - eps / np.sqrt(rr) * g)

r = _rng(210)
s, rr, g, t = r.normal(size=4), r.uniform(0.1, 1.0, size=4), r.normal(size=4), 7
_add("goodfellow-adam-first-moment", "Goodfellow 8.5.3 Alg. 8.7", r"\boldsymbol{s} \leftarrow \rho_1 \boldsymbol{s} + (1 - \rho_1) \boldsymbol{g}",
     {r"\boldsymbol{s}": s, r"\rho_1": 0.9, r"\boldsymbol{g}": g}, 0.9 * s + 0.1 * g)
_add("goodfellow-adam-second-moment", "Goodfellow 8.5.3 Alg. 8.7",
     r"\boldsymbol{r} \leftarrow \rho_2 \boldsymbol{r} + (1 - \rho_2) \boldsymbol{g} \odot \boldsymbol{g}",
     {r"\boldsymbol{r}": rr, r"\rho_2": 0.999, r"\boldsymbol{g}": g}, 0.999 * rr + 0.001 * g * g)
_add("goodfellow-adam-first-bias", "Goodfellow 8.5.3 Alg. 8.7", r"\hat{\boldsymbol{s}} \leftarrow \frac{\boldsymbol{s}}{1 - \rho_1^t}",
     {r"\boldsymbol{s}": s, r"\rho_1": 0.9, "t": t}, s / (1 - 0.9**t))
_add("goodfellow-adam-second-bias", "Goodfellow 8.5.3 Alg. 8.7", r"\hat{\boldsymbol{r}} \leftarrow \frac{\boldsymbol{r}}{1 - \rho_2^t}",
     {r"\boldsymbol{r}": rr, r"\rho_2": 0.999, "t": t}, rr / (1 - 0.999**t))
_add("goodfellow-adam-time", "Goodfellow 8.5.3 Alg. 8.7", r"t \leftarrow t + 1", {"t": t}, t + 1)

r = _rng(211)
g0, g1, rho0 = r.normal(size=4), r.normal(size=4), r.normal(size=4)
beta_t, theta_t, eps_star = 0.3, r.normal(size=4), 0.05
_add("goodfellow-cg-direction", "Goodfellow 8.6.2 Alg. 8.9", r"\boldsymbol{\rho}_t = -\boldsymbol{g}_t + \beta_t \boldsymbol{\rho}_{t-1}",
     {r"\boldsymbol{g}_t": g1, r"\beta_t": beta_t, r"\boldsymbol{\rho}_{t-1}": rho0}, -g1 + beta_t * rho0)
_add("goodfellow-cg-step", "Goodfellow 8.6.2 Alg. 8.9",
     r"\boldsymbol{\theta}_{t+1} = \boldsymbol{\theta}_t + \epsilon^* \boldsymbol{\rho}_t",
     {r"\boldsymbol{\theta}_t": theta_t, r"\epsilon^*": eps_star, r"\boldsymbol{\rho}_t": rho0}, theta_t + eps_star * rho0)
_add("goodfellow-polyak-average", "Goodfellow 8.7.3 eq. (8.39)",
     r"\hat{\boldsymbol{\theta}}^{(t)} = \alpha \hat{\boldsymbol{\theta}}^{(t-1)} + (1 - \alpha) \boldsymbol{\theta}^{(t)}",
     {r"\alpha": 0.99, r"\hat{\boldsymbol{\theta}}^{(t-1)}": g0, r"\boldsymbol{\theta}^{(t)}": theta_t},
     0.99 * g0 + 0.01 * theta_t)


# --------------------------------------------------------------------------------------------------
# Papers
# --------------------------------------------------------------------------------------------------

r = _rng(301)
m_prev, v_prev, g = r.normal(size=5), r.uniform(0.01, 1.0, size=5), r.normal(size=5)
theta_prev, t, a, b1, b2, eps = r.normal(size=5), 4, 0.001, 0.9, 0.999, 1e-8
m_t = b1 * m_prev + (1 - b1) * g
v_t = b2 * v_prev + (1 - b2) * g**2
mh, vh = m_t / (1 - b1**t), v_t / (1 - b2**t)
adam = {r"m_{t-1}": m_prev, r"v_{t-1}": v_prev, "g_t": g, r"\theta_{t-1}": theta_prev, "t": t,
        r"\alpha": a, r"\beta_1": b1, r"\beta_2": b2, r"\epsilon": eps}
_add("adam-first-moment", "Kingma & Ba 2015 Alg. 1", r"m_t \leftarrow \beta_1 \cdot m_{t-1} + (1 - \beta_1) \cdot g_t",
     {k: adam[k] for k in (r"\beta_1", r"m_{t-1}", "g_t")}, m_t)
_add("adam-second-moment", "Kingma & Ba 2015 Alg. 1", r"v_t \leftarrow \beta_2 \cdot v_{t-1} + (1 - \beta_2) \cdot g_t^2",
     {k: adam[k] for k in (r"\beta_2", r"v_{t-1}", "g_t")}, v_t)
_add("adam-first-bias", "Kingma & Ba 2015 Alg. 1", r"\widehat{m}_t \leftarrow m_t / (1 - \beta_1^t)",
     {"m_t": m_t, r"\beta_1": b1, "t": t}, mh)
_add("adam-second-bias", "Kingma & Ba 2015 Alg. 1", r"\widehat{v}_t \leftarrow v_t / (1 - \beta_2^t)",
     {"v_t": v_t, r"\beta_2": b2, "t": t}, vh)
_add("adam-step", "Kingma & Ba 2015 Alg. 1",
     r"\theta_t \leftarrow \theta_{t-1} - \alpha \cdot \widehat{m}_t / (\sqrt{\widehat{v}_t} + \epsilon)",
     {r"\theta_{t-1}": theta_prev, r"\alpha": a, r"\widehat{m}_t": mh, r"\widehat{v}_t": vh, r"\epsilon": eps},
     theta_prev - a * mh / (np.sqrt(vh) + eps))
_add("adam-algorithm", "Kingma & Ba 2015 Alg. 1 (all five updates)",
     r"m_t \leftarrow \beta_1 \cdot m_{t-1} + (1 - \beta_1) \cdot g_t \\ "
     r"v_t \leftarrow \beta_2 \cdot v_{t-1} + (1 - \beta_2) \cdot g_t^2 \\ "
     r"\widehat{m}_t \leftarrow m_t / (1 - \beta_1^t) \\ "
     r"\widehat{v}_t \leftarrow v_t / (1 - \beta_2^t) \\ "
     r"\theta_t \leftarrow \theta_{t-1} - \alpha \cdot \widehat{m}_t / (\sqrt{\widehat{v}_t} + \epsilon)",
     adam, theta_prev - a * mh / (np.sqrt(vh) + eps))
a_t = a * np.sqrt(1 - b2**t) / (1 - b1**t)
_add("adam-efficient-stepsize", "Kingma & Ba 2015 sec. 2", r"\alpha_t = \alpha \cdot \sqrt{1 - \beta_2^t} / (1 - \beta_1^t)",
     {r"\alpha": a, r"\beta_1": b1, r"\beta_2": b2, "t": t}, a_t)
_add("adam-efficient-step", "Kingma & Ba 2015 sec. 2",
     r"\theta_t \leftarrow \theta_{t-1} - \alpha_t \cdot m_t / (\sqrt{v_t} + \hat{\epsilon})",
     {r"\theta_{t-1}": theta_prev, r"\alpha_t": a_t, "m_t": m_t, "v_t": v_t, r"\hat{\epsilon}": 1e-7},
     theta_prev - a_t * m_t / (np.sqrt(v_t) + 1e-7))
u_prev = r.uniform(0.1, 1.0, size=5)
u_t = np.maximum(b2 * u_prev, np.abs(g))
_add("adamax-u", "Kingma & Ba 2015 Alg. 2", r"u_t \leftarrow \max(\beta_2 \cdot u_{t-1}, |g_t|)",
     {r"\beta_2": b2, r"u_{t-1}": u_prev, "g_t": g}, u_t)
_add("adamax-step", "Kingma & Ba 2015 Alg. 2",
     r"\theta_t \leftarrow \theta_{t-1} - (\alpha / (1 - \beta_1^t)) \cdot m_t / u_t",
     {r"\theta_{t-1}": theta_prev, r"\alpha": 0.002, r"\beta_1": b1, "t": t, "m_t": m_t, "u_t": u_t},
     theta_prev - (0.002 / (1 - b1**t)) * m_t / u_t)
gs = r.normal(size=6)
_add("adam-v-as-sum", "Kingma & Ba 2015 sec. 3 eq. (1)", r"v_t = (1 - \beta_2) \sum_{i=1}^t \beta_2^{t-i} \cdot g_i^2",
     {r"\beta_2": b2, "t": 6, "g": gs}, (1 - b2) * sum(b2 ** (6 - i) * gs[i - 1] ** 2 for i in range(1, 7)))
tb_prev, th = r.normal(size=5), r.normal(size=5)
_add("adam-temporal-average", "Kingma & Ba 2015 sec. 7.2",
     r"\bar{\theta}_t \leftarrow \beta_2 \cdot \bar{\theta}_{t-1} + (1 - \beta_2) \theta_t",
     {r"\beta_2": b2, r"\bar{\theta}_{t-1}": tb_prev, r"\theta_t": th}, b2 * tb_prev + (1 - b2) * th)
_add("adam-temporal-average-corrected", "Kingma & Ba 2015 sec. 7.2", r"\hat{\theta}_t = \bar{\theta}_t / (1 - \beta_2^t)",
     {r"\bar{\theta}_t": tb_prev, r"\beta_2": b2, "t": t}, tb_prev / (1 - b2**t))

r = _rng(302)
theta_prev, mh, vh = r.normal(size=5), r.normal(size=5), r.uniform(0.01, 1.0, size=5)
_add("adamw-step", "Loshchilov & Hutter 2019 Alg. 2 line 12",
     r"\boldsymbol{\theta}_t \leftarrow \boldsymbol{\theta}_{t-1} - \eta_t \left( \alpha \hat{\boldsymbol{m}}_t / (\sqrt{\hat{\boldsymbol{v}}_t} + \epsilon) + \lambda \boldsymbol{\theta}_{t-1} \right)",
     {r"\boldsymbol{\theta}_{t-1}": theta_prev, r"\eta_t": 0.5, r"\alpha": 0.001, r"\hat{\boldsymbol{m}}_t": mh,
      r"\hat{\boldsymbol{v}}_t": vh, r"\epsilon": 1e-8, r"\lambda": 0.01},
     theta_prev - 0.5 * (0.001 * mh / (np.sqrt(vh) + 1e-8) + 0.01 * theta_prev))

r = _rng(303)
th, vn = r.normal(size=4), r.normal(size=4)
_add("sutskever-momentum-step", "Sutskever et al. 2013 eq. (2)", r"\theta_{t+1} = \theta_t + v_{t+1}",
     {r"\theta_t": th, "v_{t+1}": vn}, th + vn)

r = _rng(304)
xb, gam, bet, eps = r.normal(size=8), 1.5, -0.2, 1e-5
mu_b, var_b = xb.mean(), xb.var()
_add("batchnorm-mean", "Ioffe & Szegedy 2015 Alg. 1", r"\mu_{\mathcal{B}} \leftarrow \frac{1}{m} \sum_{i=1}^m x_i",
     {"x": xb}, mu_b)
_add("batchnorm-normalize", "Ioffe & Szegedy 2015 Alg. 1",
     r"\widehat{x}_i \leftarrow \frac{x_i - \mu_{\mathcal{B}}}{\sqrt{\sigma^2_{\mathcal{B}} + \epsilon}}",
     {"x": xb, r"\mu_{\mathcal{B}}": mu_b, r"\sigma_{\mathcal{B}}": np.sqrt(var_b), r"\epsilon": eps},
     (xb - mu_b) / np.sqrt(var_b + eps))
xh = (xb - mu_b) / np.sqrt(var_b + eps)
_add("batchnorm-scale-shift", "Ioffe & Szegedy 2015 Alg. 1", r"y_i \leftarrow \gamma \widehat{x}_i + \beta",
     {r"\gamma": gam, r"\widehat{x}": xh, r"\beta": bet}, gam * xh + bet)
gk, bk = r.normal(size=8), r.normal(size=8)
_add("batchnorm-per-dimension", "Ioffe & Szegedy 2015 sec. 3",
     r"y^{(k)} = \gamma^{(k)} \widehat{x}^{(k)} + \beta^{(k)}",
     {r"\gamma": gk, r"\widehat{x}": xh, r"\beta": bk}, gk * xh + bk)

r = _rng(305)
av = r.normal(size=6)
_add("rmsnorm-rms", "Zhang & Sennrich 2019 eq. (4)", r"\text{RMS}(\mathbf{a}) = \sqrt{\frac{1}{n}\sum_{i=1}^n a_i^2}",
     {"a": av}, np.sqrt(np.mean(av**2)), ["own-definition"])  # the paper's own RMS, not the built-in

r = _rng(306)
Q, K, V = r.normal(size=(3, 4)), r.normal(size=(5, 4)), r.normal(size=(5, 2))
_add("transformer-attention", "Vaswani et al. 2017 eq. (1)",
     r"\mathrm{Attention}(Q, K, V) = \mathrm{softmax}(\frac{QK^T}{\sqrt{d_k}})V",
     {"Q": Q, "K": K, "V": V, "d_k": 4}, _softmax_rows(Q @ K.T / 2.0) @ V, ["softmax-rows", "subscript-label"])

r = _rng(307)
xx = r.normal(size=7)
_add("gelu-sigmoid-approx", "Hendrycks & Gimpel 2016 sec. 2", r"x\sigma(1.702x)", {"x": xx}, xx * _sigmoid(1.702 * xx))
_add("gelu-phi-erf", "Hendrycks & Gimpel 2016 sec. 2",
     r"\Phi(x) = \frac{1}{2}\left[1 + \text{erf}(x/\sqrt{2})\right]",
     {"x": xx}, np.array([0.5 * (1 + _erf(v / np.sqrt(2))) for v in xx]))
_add("swish", "Ramachandran et al. 2017 eq. (1)", r"f(x) = x \cdot \sigma(\beta x)",
     {"x": xx, r"\beta": 1.3}, xx * _sigmoid(1.3 * xx))
_add("swish-sigmoid", "Ramachandran et al. 2017 sec. 4", r"\sigma(z) = (1 + \exp(-z))^{-1}",
     {"z": xx}, _sigmoid(xx))
_add("mish", "Misra 2019 eq. (1)", r"f(x) = x\tanh(\mathrm{softplus}(x)) = x\tanh(\ln(1+e^{x}))",
     {"x": xx}, xx * np.tanh(_softplus(xx)))
_add("elu", "Clevert et al. 2016 eq. (15)",
     r"f(x) = \begin{cases} x & \text{if } x > 0 \\ \alpha(\exp(x) - 1) & \text{if } x \le 0 \end{cases}",
     {"x": xx, r"\alpha": 1.0}, np.where(xx > 0, xx, np.expm1(xx)))
lam_s, alp_s = 1.0507009873554805, 1.6732632423543772
_add("selu", "Klambauer et al. 2017 eq. (2)",
     r"\text{selu}(x) = \lambda \begin{cases} x & \text{if } x > 0 \\ \alpha e^x - \alpha & \text{if } x \leqslant 0 \end{cases}",
     {"x": xx, r"\lambda": lam_s, r"\alpha": alp_s}, lam_s * np.where(xx > 0, xx, alp_s * np.exp(xx) - alp_s))
_add("huber", "Huber 1964 (as in Wikipedia, 'Huber loss')",
     r"L_\delta(a) = \begin{cases} \frac{1}{2}a^2 & \text{for } |a| \le \delta, \\ \delta (|a| - \frac{1}{2}\delta), & \text{otherwise.} \end{cases}",
     {"a": 2 * xx, r"\delta": 1.0}, np.where(np.abs(2 * xx) <= 1.0, 0.5 * (2 * xx) ** 2, np.abs(2 * xx) - 0.5))
_add("smooth-l1", "Girshick 2015 (Fast R-CNN) eq. (3)",
     r"\text{smooth}_{L_1}(x) = \begin{cases} 0.5x^2 & \text{if } |x| < 1 \\ |x| - 0.5 & \text{otherwise,} \end{cases}",
     {"x": 2 * xx}, np.where(np.abs(2 * xx) < 1, 0.5 * (2 * xx) ** 2, np.abs(2 * xx) - 0.5))

r = _rng(308)
p, yl = r.uniform(0.05, 0.95, size=6), np.array([1.0, 0.0, 1.0, 1.0, 0.0, 0.0])
pt = np.where(yl == 1, p, 1 - p)
at = np.where(yl == 1, 0.25, 0.75)
_add("focal-ce", "Lin et al. 2017 eq. (1)",
     r"\text{CE}(p, y) = \begin{cases} -\log(p) & \text{if } y = 1 \\ -\log(1 - p) & \text{otherwise.} \end{cases}",
     {"p": p, "y": yl}, -np.log(pt))
_add("focal-pt", "Lin et al. 2017 eq. (2)", r"p_t = \begin{cases} p & \text{if } y = 1 \\ 1 - p & \text{otherwise} \end{cases}",
     {"p": p, "y": yl}, pt)
_add("focal-ce-pt", "Lin et al. 2017 sec. 3", r"\text{CE}(p_t) = -\log(p_t)", {"p_t": pt}, -np.log(pt))
_add("focal-loss", "Lin et al. 2017 eq. (4)", r"\text{FL}(p_t) = -(1 - p_t)^\gamma \log(p_t)",
     {"p_t": pt, r"\gamma": 2.0}, -((1 - pt) ** 2) * np.log(pt))
_add("focal-loss-alpha", "Lin et al. 2017 eq. (5)", r"\text{FL}(p_t) = -\alpha_t (1 - p_t)^\gamma \log(p_t)",
     {"p_t": pt, r"\alpha_t": at, r"\gamma": 2.0}, -at * (1 - pt) ** 2 * np.log(pt))

r = _rng(309)
sj, mj = r.uniform(0.3, 2.0, size=4), r.normal(size=4)
_add("vae-neg-kl", "Kingma & Welling 2014 appendix B",
     r"\frac{1}{2} \sum_{j=1}^J \left(1 + \log((\sigma_j)^2) - (\mu_j)^2 - (\sigma_j)^2\right)",
     {r"\sigma": sj, r"\mu": mj}, 0.5 * np.sum(1 + np.log(sj**2) - mj**2 - sj**2))
zt = r.normal(size=6)
_add("distillation-softmax", "Hinton et al. 2015 eq. (1)", r"q_i = \frac{\exp(z_i/T)}{\sum_j \exp(z_j/T)}",
     {"z": zt, "T": 3.0}, _softmax(zt / 3.0))

r = _rng(310)
ft, it, C_prev, Ct_tilde, ot = r.uniform(size=4), r.uniform(size=4), r.normal(size=4), np.tanh(r.normal(size=4)), r.uniform(size=4)
C_t = ft * C_prev + it * Ct_tilde
_add("lstm-cell", "Olah 2015 'Understanding LSTM Networks'", r"C_t = f_t * C_{t-1} + i_t * \tilde{C}_t",
     {"f_t": ft, "C_{t-1}": C_prev, "i_t": it, r"\tilde{C}_t": Ct_tilde}, C_t, ["star-product", "star-product"])  # gates at a step times by '*': noted
_add("lstm-hidden", "Olah 2015 'Understanding LSTM Networks'", r"h_t = o_t * \tanh(C_t)",
     {"o_t": ot, "C_t": C_t}, ot * np.tanh(C_t), ["star-product"])

r = _rng(311)
zt, hp, ht = r.uniform(size=5), r.normal(size=5), np.tanh(r.normal(size=5))
_add("gru-hidden", "Jozefowicz et al. 2015 (GRU)", r"h_t = z_t \odot h_{t-1} + (1 - z_t) \odot \tilde{h}_t",
     {"z_t": zt, "h_{t-1}": hp, r"\tilde{h}_t": ht}, zt * hp + (1 - zt) * ht)
Wz, Uz, xt = r.normal(size=(5, 3)), r.normal(size=(5, 5)), r.normal(size=3)
_add("gru-update-gate", "Chung et al. 2014 eq. (6), vector form",
     r"\mathbf{z}_t = \sigma(W_z \mathbf{x}_t + U_z \mathbf{h}_{t-1})",
     {"W_z": Wz, r"\mathbf{x}_t": xt, "U_z": Uz, r"\mathbf{h}_{t-1}": hp}, _sigmoid(Wz @ xt + Uz @ hp))



r = _rng(312)
a_out, hz, hp2, hh = _softmax(r.normal(size=4)), r.uniform(size=4), r.normal(size=4), np.tanh(r.normal(size=4))
_add("nielsen-log-likelihood-cost", "Nielsen ch.3 eq. (80)", r"C \equiv -\ln a^L_y", {"a^L": a_out, "y": 3},
     -np.log(a_out[2]), [LAYER, "layer-entry-label"])
_add("nielsen-relu-plain-letters", "Nielsen ch.3 (rectified linear unit)", r"\max(0, w \cdot x+b)",
     {"w": 1.5, "x": -0.4, "b": 0.5}, 0.0, ["dot-of-numbers"])
_add("nielsen-relu-bold-dot", "Nielsen ch.3, written with bold vectors", r"\max(0, \mathbf{w} \cdot \mathbf{x}+b)",
     {r"\mathbf{w}": hp2, r"\mathbf{x}": hh, "b": 0.1}, max(0.0, hp2 @ hh + 0.1))
_add("nielsen-step-size-norm", "Nielsen ch.1, text after eq. (10)", r"\eta = \epsilon / \|\nabla C\|",
     {r"\epsilon": 0.1, r"\nabla C": np.array([-0.3, 0.4])}, 0.2, ["bare-gradient"])
_add("ba-layer-norm-time-step-noted-power", "Ba et al. 2016 eq. (4), as written",
     r"\mu^t = \frac{1}{H} \sum_{i=1}^H a_i^t", {"a": hp2, "t": 2.0, "H": 4}, np.mean(hp2**2), ["superscript-power"])
_add("ba-layer-norm-time-step-parenthesised", "Ba et al. 2016 eq. (4), the note's other reading",
     r"\mu^{(t)} = \frac{1}{H} \sum_{i=1}^H a_i^{(t)}", {"a": np.stack([hp2, hh]), "H": 4}, np.stack([hp2, hh]).mean(1))
_add("gru-unit-superscript-noted-power", "Chung et al. 2014 eq. (5), as written",
     r"h_t^j = (1 - z_t^j) h_{t-1}^j + z_t^j \tilde{h}_t^j",
     {"z_t": 0.3, "j": 2.0, "h_{t-1}": 0.5, r"\tilde{h}_t": -1.5}, 0.91 * 0.25 + 0.09 * 2.25,
     ["superscript-power", "superscript-power"])
_add("gru-unit-superscript-parenthesised", "Chung et al. 2014 eq. (5), the note's other reading",
     r"h_t^{(j)} = (1 - z_t^{(j)}) h_{t-1}^{(j)} + z_t^{(j)} \tilde{h}_t^{(j)}",
     {"z_t": hz, "h_{t-1}": hp2, r"\tilde{h}_t": hh}, (1 - hz) * hp2 + hz * hh)

r = _rng(313)
v_dir, Xtr, ytr = r.normal(size=4), r.normal(size=(6, 3)), r.normal(size=6)
_add("salimans-weight-norm", "Salimans & Kingma 2016 eq. (2)", r"\mathbf{w} = \frac{g}{\|\mathbf{v}\|}\mathbf{v}",
     {"g": 1.7, r"\mathbf{v}": v_dir}, 1.7 * v_dir / np.linalg.norm(v_dir))
_add("goodfellow-normal-equations-train", "Goodfellow eq. (5.12)",
     r"\boldsymbol{w} = \left( \boldsymbol{X}^{(\text{train})\top} \boldsymbol{X}^{(\text{train})} \right)^{-1} "
     r"\boldsymbol{X}^{(\text{train})\top} \boldsymbol{y}^{(\text{train})}",
     {r"\boldsymbol{X}^{(\text{train})}": Xtr, r"\boldsymbol{y}^{(\text{train})}": ytr},
     np.linalg.solve(Xtr.T @ Xtr, Xtr.T @ ytr))
_add("cho-gru-hidden-angle-brackets", "Cho et al. 2014 eq. (7)",
     r"h_j^{\langle t \rangle} = z_j h_j^{\langle t-1 \rangle} + (1 - z_j) \tilde{h}_j^{\langle t \rangle}",
     {"z": hz, r"h^{\langle t-1 \rangle}": hp2, r"\tilde{h}^{\langle t \rangle}": hh}, hz * hp2 + (1 - hz) * hh)
_add("ng-rnn-angle-bracket-step", "Ng, Sequence Models (RNN forward step)",
     r"a^{<t>} = \tanh(W_{aa} a^{<t-1>} + W_{ax} x^{<t>} + b_a)",
     {"W_{aa}": np.outer(hz, hp2), "a^{<t-1>}": hp2, "W_{ax}": np.outer(hh, hz), "x^{<t>}": hh, "b_a": hz},
     np.tanh(np.outer(hz, hp2) @ hp2 + np.outer(hh, hz) @ hh + hz), ["capital-matrix", "capital-matrix"])
_add("szegedy-label-smoothing-cross-entropy", "Szegedy et al. 2016 sec. 7 (label smoothing)",
     r"H(q', p) = -\sum_{k=1}^K \log p(k) q'(k)", {"K": 4}, -(0.4 * np.log(0.1) + 0.6 * np.log(0.3)),
     ["log-of-first-call", "prime-name"],
     functions={"q'": lambda k: np.where(k == 1, 0.4, 0.2), "p": lambda k: np.where(k == 1, 0.1, 0.3)})
_add("nielsen-quadratic-cost-vector-and-entries", "Nielsen ch.2 eq. (27)",
     r"C = \frac{1}{2} \|y-a^L\|^2 = \frac{1}{2} \sum_j (y_j-a^L_j)^2", {"y": hz, "a^L": hh},
     0.5 * np.sum((hz - hh) ** 2), [LAYER])
r = _rng(314)
x_real, z_noise = r.normal(size=5), r.normal(size=5)
_add("gan-discriminator-objective", "Goodfellow et al. 2014 Alg. 1 (D(G(z)) a call: D(x) is one here)",
     r"\frac{1}{m} \sum_{i=1}^m \left[\log D\left(\boldsymbol{x}^{(i)}\right) + \log\left(1 - D\left(G\left("
     r"\boldsymbol{z}^{(i)}\right)\right)\right)\right]",
     {r"\boldsymbol{x}": x_real, r"\boldsymbol{z}": z_noise},
     np.mean(np.log(_sigmoid(x_real)) + np.log(1 - _sigmoid(2 * z_noise))),
     functions={"D": _sigmoid, "G": lambda v: 2 * v})
_add("d2l-entropy-bracket-call", "d2l 4.1 (information theory): entropy",
     r"H[P] = -\sum_j P(j) \log P(j)", {"N_j": 3}, -(0.5 * np.log(0.5) + 2 * 0.25 * np.log(0.25)), ["bracket-call"],
     functions={"P": lambda j: np.where(j == 1, 0.5, 0.25)})
r = _rng(315)
b_f, U_f, W_f, x_t, h_prev = r.normal(size=3), r.normal(size=(3, 4)), r.normal(size=(3, 3)), r.normal(size=4), r.normal(size=3)
_add("goodfellow-lstm-forget-gate", "Goodfellow 10.10.1 eq. (10.40)",
     r"f_i^{(t)} = \sigma\left(b_i^f + \sum_j U_{i,j}^f x_j^{(t)} + \sum_j W_{i,j}^f h_j^{(t-1)}\right)",
     {"b^f": b_f, "U^f": U_f, "W^f": W_f, "x^{(t)}": x_t, "h^{(t-1)}": h_prev},
     _sigmoid(b_f + U_f @ x_t + W_f @ h_prev), ["superscript-target"] * 3)

# --------------------------------------------------------------------------------------------------
# Not rows: what symdl still read wrongly without a note, or refused (open findings; the ones fixed since the
# table was written became rows above and of tests/test_read_names.py and tests/test_read_dl_meaning.py)
# --------------------------------------------------------------------------------------------------

# (latex, source, what symdl computes instead of what the source means): none open; the last four (layer norm's
# \mu^t, GRU's h_t^j, Nielsen's a^L_y and w \cdot x) became the rows above
SILENT_MISREADINGS: list[tuple[str, str, str]] = []

# (latex, source, first line of the error)
REFUSALS: list[tuple[str, str, str]] = [
    (r"D_{\mathrm{KL}}(p \| q) = \sum_i p_i \log \frac{p_i}{q_i}", "KL divergence (discrete)",
     "call with p=, q=: missing value for 'p' (the bare sum works)"),
    (r"C(w,b) \equiv \frac{1}{2n} \sum_x \| y(x) - a\|^2", "Nielsen ch.1 eq. (6)",
     "not supported yet: cannot evaluate the unknown function y() numerically"),
    (r"w^l \rightarrow w^l-\frac{\eta}{m} \sum_x \delta^{x,l} (a^{x,l-1})^T", "Nielsen ch.2 backprop algorithm",
     "invalid input: unexpected ','"),
    (r"C = -\frac{1}{n} \sum_{xj} \left[ y_j \ln a^L_j+(1-y_j) \ln (1-a^L_j)\right] + \frac{\lambda}{2n} \sum_w w^2",
     "Nielsen ch.3 eq. (85)", "not supported yet: 'xj' as the index of \\sum: an index is one Latin letter"),
    (r"C = \frac{1}{2n} \sum_x \|y-a^L\|^2 + \frac{\lambda}{2n} \sum_w w^2", "Nielsen ch.3 eq. (86)",
     "lambdify: not supported yet: mixing indexed sums with matrix products is not supported yet"),
    (r"\mbox{output} = \left\{ \begin{array}{ll} 0 & \mbox{if } \sum_j w_j x_j \leq \mbox{ threshold} \\ 1 & \mbox{if } \sum_j w_j x_j > \mbox{ threshold} \end{array} \right.",
     "Nielsen ch.1 eq. (1)", "not supported yet: the condition '\\mbox{if}\\sum_jw_jx_j\\leq\\mbox{threshold}'"),
    (r"\text{MSE}_{\text{test}} = \frac{1}{m} \sum_i (\hat{\boldsymbol{y}}^{(\text{test})} - \boldsymbol{y}^{(\text{test})})_i^2",
     "Goodfellow eq. (5.4)", "invalid input: a subscript with nothing to attach to"),
    (r"h_i = g(\boldsymbol{z}, \boldsymbol{\alpha})_i = \max(0, z_i) + \alpha_i \min(0, z_i)", "Goodfellow eq. (6.37)",
     "not supported yet: an entry of this function's value"),
    (r"\text{softmax}(\boldsymbol{z}) = \text{softmax}(\boldsymbol{z} + c)", "Goodfellow eq. (6.33)",
     "call with scalar c: invalid input: c is a matrix: give a 2-D array (got shape ())"),
    (r"\beta_t = \frac{(\boldsymbol{g}_t - \boldsymbol{g}_{t-1})^\top \boldsymbol{g}_t}{\boldsymbol{g}_{t-1}^\top \boldsymbol{g}_{t-1}}",
     "Goodfellow Alg. 8.9", "not supported yet: \\boldsymbol{g}_t is a vector, but here it would be a single number"),
    (r"\boldsymbol{H}' = \frac{\boldsymbol{H} - \boldsymbol{\mu}}{\boldsymbol{\sigma}}", "Goodfellow eq. (8.35)",
     "invalid input: cannot make sense of this formula (an element-wise division of a n_1xn_2 value by a n_1x1 one)"),
    (r"\boldsymbol{w}^\top \boldsymbol{x} + b = b + \sum_{i=1}^m \alpha_i \boldsymbol{x}^\top \boldsymbol{x}^{(i)}", "Goodfellow eq. (5.83)",
     "not supported yet: \\boldsymbol{w}^\\top is a vector, but here it would be a single number"),
    (r"\mu_{\mathcal{B}} = \frac{1}{m} \sum_{i=1}^m x_i \\ \sigma^2_{\mathcal{B}} = \frac{1}{m} \sum_{i=1}^m (x_i - \mu_{\mathcal{B}})^2 \\ \widehat{x}_i = \frac{x_i - \mu_{\mathcal{B}}}{\sqrt{\sigma^2_{\mathcal{B}} + \epsilon}} \\ y_i = \gamma \widehat{x}_i + \beta",
     "Ioffe & Szegedy 2015 Alg. 1 as a system", "call: missing value for '\\sigma_{\\mathcal{B}}', then for '\\widehat{x}'"),
    (r"\mathbf{h}^t = f\left[\frac{\mathbf{g}}{\sigma^t} \odot (\mathbf{a}^t - \mu^t) + \mathbf{b}\right]", "Ba et al. 2016 eq. (4)",
     "reads, with notes (^t as powers, f[...] a call), but f is an unknown function: lambdify cannot evaluate it"),
    (r"\bar{a}_i = \frac{a_i}{\text{RMS}(\mathbf{a})} g_i, \quad \text{where } \text{RMS}(\mathbf{a}) = \sqrt{\frac{1}{n}\sum_{i=1}^n a_i^2}",
     "Zhang & Sennrich 2019 eq. (4)", "lambdify: not supported yet: cannot evaluate the unknown function RMS() numerically"),
    (r"\text{GELU}(x) = xP(X \le x) = x\Phi(x)", "Hendrycks & Gimpel 2016",
     "not supported yet: \\le (a probability P(X \\le x) is not read; the hint says to write its value, \\Phi(x))"),
    (r"\text{GELU}(x) = x\Phi(x) \\ \Phi(x) = \frac{1}{2}\left[1 + \text{erf}(x/\sqrt{2})\right]", "Hendrycks & Gimpel 2016",
     "no error: the call returns {} (an empty dict)"),
    (r"\mathbf{y} = \mathcal{F}(\mathbf{x}, \{W_i\}) + \mathbf{x}", "He et al. 2016 eq. (1)",
     "invalid input: cannot make sense of this formula (noncommutative scalars in MatMul are not supported.)"),
    (r"lrate = d_{\text{model}}^{-0.5} \cdot \min({step\_num}^{-0.5}, {step\_num} \cdot {warmup\_steps}^{-1.5})",
     "Vaswani et al. 2017 eq. (3)", "invalid input: 'lrate' would read as a product of 5 letters"),
    (r"\mathrm{FFN}(x) = \max(0, xW_1 + b_1)W_2 + b_2", "Vaswani et al. 2017 eq. (2)",
     "all scalars; call with matrices: invalid input: cannot evaluate ...: operands could not be broadcast together"),
    (r"-D_{KL}(q_\phi(\mathbf{z}) || p_\theta(\mathbf{z})) = \frac{1}{2} \sum_{j=1}^J \left(1 + \log((\sigma_j)^2) - (\mu_j)^2 - (\sigma_j)^2\right)",
     "Kingma & Welling 2014 appendix B", "reads ('||' separates the distributions), but D_{KL} is an unknown "
     "function: lambdify cannot evaluate it"),
    (r"h^{(i)} = \begin{cases} w^{(i)T}x & w^{(i)T}x > 0 \\ 0.01 w^{(i)T}x & \text{else} \end{cases}", "Maas et al. 2013 (leaky ReLU)",
     "invalid input: cannot make sense of this formula (Invalid comparison of non-real w[i]*x)"),
    (r"f_t = \sigma(W_f \cdot [h_{t-1}, x_t] + b_f)", "Olah 2015 (LSTM)",
     "[h_{t-1}, x_t] is a 2-vector of scalars; call with vectors: 'W_f' should have shape (n_1, 2), got (3, 5)"),
]
