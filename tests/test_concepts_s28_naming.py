"""Session 28: concepts present but not named on a held-out set (issue 14), each fixed for its class of notation.

- a loss averaged over the samples with its sign in front (``-\\frac{1}{N}\\sum_n \\log p(y_n|x_n)``) is a mean: the
  divisor the number of terms or a Latin count letter; ``-\\frac{1}{2}\\sum`` and ``-\\frac{1}{\\tau}\\sum`` are no mean;
- every form of the backprop delta rule (BP1-BP4, Bishop's 5.56) is the chain rule through the unit's weighted input;
- an expectation read over a sample times a number (``-\\mathbb{E}_{z}[D(G(z))]``, ``\\frac12\\mathbb{E}[\\cdot]``) is an
  expectation, and a cross-entropy written ``-\\mathbb{E}_{x\\sim P}\\log Q(x)`` names the expectation it is written with;
- one unit's dot product plus a bias (``\\mathrm{sign}(\\mathbf{w}\\cdot\\mathbf{x}+b)``, a Gaussian's mean
  ``\\mathbf{w}^T\\mathbf{x} + b``) is a linear layer (and the dot product it is written with).
Near-miss rows must NOT be named: a sum that is no mean, a product that is no chain rule, a dot product plus a
hyperparameter.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

import symdl
from tests.concept_cases import assert_concepts

# (id, latex, concepts named, concepts that would be false); the source in the comment above each row
CASES = [
    # --- a mean with its sign in front
    # Murphy, PML1 (2022) eq. 4.7, the NLL averaged over N examples
    ("nll-mean",
     r"\mathrm{NLL}(\boldsymbol\theta) = -\frac{1}{N}\sum_{n=1}^{N}\log p(y_n\mid\mathbf{x}_n,\boldsymbol\theta)",
     {"nll", "mean"}, set()),
    # PyTorch docs, CrossEntropyLoss with reduction='mean' (weights left out)
    ("ce-docs-mean",
     r"L = \frac{1}{N}\sum_{n}\left(-\log\frac{e^{x_{n,y_n}}}{\sum_{c}e^{x_{n,c}}}\right)",
     {"cross_entropy", "softmax", "mean"}, set()),
    # cs231n notes, the softmax classifier's data loss averaged over N examples
    ("cs231n-ce-mean",
     r"L = -\frac{1}{N}\sum_i \log\frac{e^{s_{y_i}}}{\sum_j e^{s_{j}}}", {"cross_entropy", "softmax", "mean"}, set()),
    # Goodfellow et al. (2016) eq. 5.58's form: minus the average of per-example terms
    ("minus-mean",
     r"J = -\frac{1}{m}\sum_{i=1}^{m} x_i", {"mean"}, set()),
    # Kingma & Welling (2014) App. B, the Gaussian KL: −½ Σ_j is half a sum
    ("vae-kl-half-no-mean",
     r"L = -\frac{1}{2}\sum_{j=1}^{J}(1 + \log\sigma_j^2 - \mu_j^2 - \sigma_j^2)", {"kl_divergence"}, {"mean"}),
    # a sum halved with its sign in front: 2 is no count of the N terms
    ("minus-half-sum-no-mean",
     r"L = -\frac{1}{2}\sum_{i=1}^{N} x_i", set(), {"mean"}),
    # a sum over a temperature (Hinton et al. 2015's 1/T): τ is no count
    ("temperature-sum-no-mean",
     r"L = -\frac{1}{\tau}\sum_{i=1}^{N} x_i", set(), {"mean"}),
    # Goodfellow et al. (2016) eq. 3.51's cross-entropy summed over classes, no average
    ("ce-sum-no-mean",
     r"L = -\sum_i y_i \log \hat{y}_i", {"cross_entropy"}, {"mean"}),
    # a plain average (must not change)
    ("mean-kept", r"L = \frac{1}{N}\sum_{i=1}^{N} x_i", {"mean"}, set()),
    # --- the delta rule is the chain rule
    # Bishop (2006) eq. 5.56, backpropagation per unit
    ("bishop-5-56",
     r"\delta_j = h'(a_j)\sum_k w_{kj}\delta_k", {"delta_rule", "chain_rule"}, set()),
    # Nielsen (2015) ch. 2, BP2
    ("nielsen-bp2", r"\delta^l = ((w^{l+1})^T\delta^{l+1})\odot\sigma'(z^l)",
     {"delta_rule", "chain_rule", "sigmoid_derivative"}, set()),
    # Ng, Deep Learning Specialization: backprop through layer 1
    ("ng-dz1",
     r"dZ^{[1]} = W^{[2]T}dZ^{[2]} * g^{[1]\prime}(Z^{[1]})", {"delta_rule", "chain_rule"}, set()),
    # Nielsen (2015) ch. 2, BP3
    ("nielsen-bp3", r"\frac{\partial C}{\partial b^l_j} = \delta^l_j",
     {"delta_rule", "chain_rule"}, set()),
    # two activation slopes multiplied: no derivative goes through the other
    ("product-of-slopes-no-chain",
     r"y = \sigma'(x)\,\sigma'(z)", set(), {"chain_rule", "delta_rule"}),
    # two derivatives of different functions by different variables
    ("unlinked-derivatives-no-chain",
     r"y = \frac{\partial f}{\partial x}\frac{\partial g}{\partial z}", set(), {"chain_rule"}),
    # a weighted sum of errors with no activation slope: no delta rule
    ("weighted-sum-of-errors-no-delta",
     r"e_j = \sum_k w_{kj} e_k", set(), {"delta_rule", "chain_rule"}),
    # --- expectations
    # Arjovsky et al. (2017), WGAN's generator loss
    ("wgan-generator",
     r"L_G = -\mathbb{E}_{z\sim p_z}[D(G(z))]", {"expectation"}, set()),
    # Mao et al. (2017) eq. 2, LSGAN's discriminator objective
    ("lsgan-critic",
     r"V(D) = \frac{1}{2}\mathbb{E}_{x\sim p_{\mathrm{data}}}[(D(x)-b)^2] + \frac{1}{2}\mathbb{E}_{z\sim p_z}"
     r"[(D(G(z))-a)^2]", {"expectation"}, set()),
    # Goodfellow et al. (2016) eq. 3.51
    ("goodfellow-ce", r"H(P,Q) = -\mathbb{E}_{\mathrm{x}\sim P}\log Q(x)",
     {"cross_entropy", "expectation"}, set()),
    # numpy's -np.mean of log-probabilities: a mean of entries, no expectation
    ("code-mean-no-expectation",
     r"L = -\mathrm{mean}(\log(p))", set(), {"expectation"}),
    # a cross-entropy summed over classes: no expectation operator written
    ("ce-sum-no-expectation",
     r"L = -\sum_c y_c \log p_c", {"cross_entropy"}, {"expectation"}),
    # --- one unit's dot product plus a bias
    # Rosenblatt's perceptron as Bishop (2006) eq. 4.52 writes it: sign of w·x + b
    ("perceptron-sign",
     r"\hat{y} = \mathrm{sign}(\mathbf{w}\cdot\mathbf{x}+b)", {"linear_layer", "dot_product"}, set()),
    # Murphy, PML1 (2022) eq. 11.1: linear regression's Gaussian
    ("linear-regression-density",
     r"p(y\mid\mathbf{x},\boldsymbol\theta) = \mathcal{N}(y\mid\mathbf{w}^{\mathsf{T}}\mathbf{x}+b,\ \sigma^2)",
     {"gaussian_density", "linear_layer", "dot_product"}, set()),
    # a dot product plus a Greek hyperparameter: no bias, no layer
    ("dot-plus-hyperparameter-no-layer",
     r"s = \mathbf{q}^T\mathbf{k} + \beta", {"dot_product"}, {"linear_layer"}),
    # sign of w·x + λ: a Greek constant is no learned bias
    ("sign-plus-greek-no-layer",
     r"L = \mathrm{sign}(\mathbf{w}\cdot\mathbf{x} + \lambda)", {"dot_product"}, {"linear_layer"}),
    # wᵀw + c: a vector with itself is a squared norm, not a unit
    ("squared-norm-plus-constant-no-layer",
     r"L = c + \mathbf{w}^T\mathbf{w}", {"l2_norm"}, {"linear_layer"}),
]


@pytest.mark.parametrize(("latex", "want", "avoid"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_concepts(latex: str, want: set[str], avoid: set[str]) -> None:
    assert_concepts(latex, want, avoid)


X = np.array([0.2, 0.5, 0.3])
W = np.array([1.5, -2.0, 0.5])

# (id, source, latex, arguments, numpy value): the readings the new names rest on
VALUES = [
    ("minus-mean", "as above", r"J = -\frac{1}{m}\sum_{i=1}^{m} x_i", {"x": X, "m": 3}, -X.mean()),
    ("nll-mean-logs", "Murphy eq. 4.7 with p given as values", r"J = -\frac{1}{N}\sum_{n=1}^{N}\log p_n",
     {"p": X, "N": 3}, -np.log(X).mean()),
    ("perceptron-sign", "as above", r"\hat{y} = \mathrm{sign}(\mathbf{w}\cdot\mathbf{x}+b)",
     {r"\mathbf{w}": W, r"\mathbf{x}": X, "b": 0.1}, np.sign(W @ X + 0.1)),
]


@pytest.mark.parametrize(("latex", "args", "expected"), [c[2:] for c in VALUES], ids=[c[0] for c in VALUES])
def test_value(latex: str, args: dict[str, Any], expected: Any) -> None:
    got = symdl.lambdify(symdl.parse(latex))(**args)
    np.testing.assert_allclose(np.asarray(got, dtype=float).ravel(), np.ravel(expected), rtol=1e-12)
