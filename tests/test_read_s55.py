r"""Session 50, from held-out set 55: classes of notation, each a rule with its note, checked by value against
plain numpy where the formula has a value, and by its reading and note where it states a relation.

* Barber's transpose ``^{\textsf{T}}`` (and every upright font: ``\textup``, ``\textnormal``, ``\mathup``); a label in
  ``\textrm{old}`` keeps its word (before: "rmold", and ``x^{\textsf{T}} y`` refused as two columns side by side).
* CS4780's ``\phi(\mathbf{x}) = \sigma(U\mathbf{x}) \\ h(\mathbf{x}) = \mathbf{w}^\top\phi(\mathbf{x})``: a function the
  formula defines on a vector is that vector where it is called (``function-defined-vector``; before: φ applied to
  each entry of x, silently).
* The VAE's ``\boldsymbol{\mu} + \boldsymbol{\sigma}\cdot\boldsymbol{\epsilon}``: a ``\cdot`` product of two vectors
  added to a vector is entry by entry (``cdot-beside-vector``; before: their dot product broadcast, silently).
* statsmodels' ``Y = X\beta + \mu``, kernel ridge's ``K\alpha``: a design, kernel or feature capital right before a
  Greek parameter letter is a matrix times the parameter vector (``greek-after-matrix``; before: numbers, silently).
* Ng's ``J(\theta_0, \theta_1)`` beside ``\theta_j := \theta_j - \alpha\frac{\partial}{\partial\theta_j}J``: the
  numbered parameters are entries of the family the update runs over, indexed from 0 (``family-number-member``,
  ``zero-based``; before: names of their own, so the derivative was by an unrelated name).
* CS234's Bellman backup ``\max_a R(s,a) + \gamma\sum_{s'} p(s'|s,a)V(s')``: the max reaches over a later term that
  applies a function to its variable again (``max-extent``; before: a left free, silently).
* ISL's ``E(y_0 - \hat{f}(x_0))^2``: a plain E before a parenthesis holding a difference is the expectation
  (``expectation-plain-parenthesis``; before: E times the square, silently).
* The Paperspace blog's ``\nabla_w L(W, X, y)``: the gradient by the argument W, the subscript's case a slip
  (``nabla-case``; before: by a lower-case w the function does not take, silently).
* LapSRN's ``\rho(\hat{y} - y)``: ρ of a residual is the robust penalty (``call-penalty``); MaskGIT's
  ``\gamma(\frac{t}{T})``: a Greek letter of the time over its count is a schedule (``call-schedule``; before: both
  products, silently).
* WAE-MMD's U-statistic ``\sum_{\ell \neq j} k(z_\ell, z_j)``: the sum over pairs of different indices when nothing
  binds j, with \ell as one of the letters (``sum-over-distinct-pairs``; before: j free, silently); node2vec's ``\alpha_{pq}(t, x) = ... d_{tx}``: the entry of d at
  the function's parameters (before: one name d_{tx}, silently).
* Megatron's router z-loss ``\mathrm{logsumexp}(logits)``: the argument of a log-sum-exp is a vector of scores
  (``softmax-argument``); NeMo's ensemble ``P(y_t | \dots; \theta_1 \ldots \theta_k)``: the run of parameters, no
  product (``argument-sequence``); CS285's ``p(\mathbf{s}_1)`` beside ``\prod_t p(\mathbf{s}_{t+1}|\mathbf{s}_t, \dots)``:
  the first state of the family (``family-number-member``); DeepFM's ``W^{|H|+1}`` beside ``W^{(l)}``: a layer
  (``superscript-count-member``) — before: all silent.
* CMU 10-601's ``\frac{\partial J(\boldsymbol{\theta})}{\partial\theta_m}``: the partial derivative by entry m of the
  bold θ the function takes, m an index (``partial-by-entry``; before: the whole gradient vector set equal to one
  entry's value, θ_m a name of its own, silently).
* Elgendy's ``\Delta w_i = -\alpha\frac{dE}{dw_i}`` then ``w + \Delta w``: entry i of the change, i an index (before: the
  Δ's capital letter made i a label, one name Δw_i, silently).
* The Gymnasium tutorial's ``(\text{not } terminated)``: 1 - terminated (``code-not``; before: a name "not" times it,
  silently); SimCTG's ``\frac{1}{|\boldsymbol{x}|(|\boldsymbol{x}| - 1)}\sum_{i=1}^{|\boldsymbol{x}|}``: the bars that
  bound the sum are the length in the prefactor too (``bound-size``; before: absolute values there, silently).
* RevIN's ``\mathbb{E}_t[x_{kt}] = \frac{1}{T_x}\sum_{j=1}^{T_x} x_{kj}``: t stands where the sum's j does, an index of
  the same axis (before: t a label, x_t another family, silently).
* SVRG's ``\nabla\psi_{i_t}(w_{t-1})`` beside ``\sum_i \nabla\psi_i(\tilde{w})``: the member of the family at the drawn
  index (``function-sampled-member``; before: a function of its own, silently); statsmodels' ``Y = X\beta + \mu``: the
  error letter added to a matrix times a vector, read as a number, says so (``scalar-broadcast``; before: silent).
* SpeechBrain's ``SI\text{-}SNR`` and ``ROUGE\text{-}N``: a hyphen set upright between letter runs joins one name,
  as ``\text{SI-SNR}`` (before: refused).
* Elgendy's ``\sigma(x_j) = \frac{e^{x_j}}{\sum_i e^{x_i}}``: σ defined as the softmax is the formula's own σ, not the
  sigmoid; ``\text{GELU}\left(x\right)`` is named GELU (before: "GELUleft"); ``x{P}\left(X\leq{x}\right)`` is the CDF
  (before: refused).
"""

from __future__ import annotations

import numpy as np
import pytest

import symdl
from tests.real_sources import assert_shown_noted, assert_values_noted

RNG = np.random.default_rng(5055)
X2, X3, W3, M3 = RNG.normal(size=2), RNG.normal(size=3), RNG.normal(size=3), RNG.normal(size=3)
U32, A33, X43, Y4 = RNG.normal(size=(3, 2)), RNG.normal(size=(3, 3)), RNG.normal(size=(4, 3)), RNG.normal(size=4)
TH2, G2 = RNG.normal(size=2), RNG.normal(size=2)


def _sigmoid(z: np.ndarray) -> np.ndarray:
    return 1 / (1 + np.exp(-z))


VALUES = [
    # Barber, BRML 8.4: the Gaussian's quadratic form with the transpose set in \textsf
    ("barber-textsf-transpose", r"q = (\mathbf{x}-\boldsymbol{\mu})^{\textsf{T}}A(\mathbf{x}-\boldsymbol{\mu})",
     {r"\mathbf{x}": X3, r"\boldsymbol{\mu}": M3, "A": A33}, {"": (X3 - M3) @ A33 @ (X3 - M3)}, ()),
    # a label word in \textrm, beside one in \text
    ("textrm-label-word", r"y = \theta^{\textrm{old}} - 2\theta^{\text{new}}",
     {r"\theta^{\textrm{old}}": 1.5, r"\theta^{\text{new}}": 0.25}, {"": 1.0}, ()),
    # Weinberger, CS4780 lecture 20: a network as a linear model on learned features
    ("defined-feature-map", r"\phi(\mathbf{x}) = \sigma(U\mathbf{x}) \\ h(\mathbf{x}) = \mathbf{w}^\top\phi(\mathbf{x})",
     {"U": U32, r"\mathbf{x}": X2, r"\mathbf{w}": W3}, {"h": W3 @ _sigmoid(U32 @ X2)}, ("function-defined-vector",)),
    # Tomczak, Deep Generative Modeling 4.3: the reparameterisation trick
    ("vae-reparameterisation", r"\mathbf{z} = \boldsymbol{\mu} + \boldsymbol{\sigma}\cdot\boldsymbol{\epsilon}",
     {r"\boldsymbol{\mu}": M3, r"\boldsymbol{\sigma}": np.exp(W3), r"\boldsymbol{\epsilon}": X3},
     {"": M3 + np.exp(W3) * X3}, ("cdot-beside-vector",)),
    # statsmodels' regression page: least squares with the design matrix X and the coefficients beta
    ("design-matrix-residual", r"L = \|y - X\beta\|^2", {"y": Y4, "X": X43, r"\beta": W3},
     {"": np.sum((Y4 - X43 @ W3) ** 2)}, ("greek-after-matrix",)),
    # Kim et al.'s RevIN: each variable k standardised over the time steps t of its window (its mean removed)
    ("revin-time-index", r"z_{kt} = x_{kt} - \frac{1}{T}\sum_{j=1}^{T} x_{kj}", {"x": X43, "T": 3},
     {"": X43 - X43.mean(axis=1, keepdims=True)}, ()),
    # Ng's linear regression: the hypothesis with theta_0, theta_1 and the simultaneous update of every theta_j
    ("ng-parameters-from-zero", r"y = \theta_0 + \theta_1 x \\ \theta_j := \theta_j - \alpha g_j",
     {r"\theta": TH2, "x": 3.0, r"\alpha": 0.1, "g": G2}, {"y": TH2[0] + 3.0 * TH2[1], r"\theta": TH2 - 0.1 * G2},
     ("family-number-member", "zero-based")),
]


@pytest.mark.parametrize(("code", "args", "want", "rules"), [c[1:] for c in VALUES], ids=[c[0] for c in VALUES])
def test_values(code: str, args: dict, want: dict, rules: tuple[str, ...]) -> None:
    assert_values_noted(code, args, want, rules)


#: (id, latex, text of the reading shown by ``symdl parse``, a note it carries or '')
READINGS = [
    ("ng-cost-and-update", r"J(\theta_0,\theta_1) = \frac{1}{2m}\sum_{i=1}^{m}(h_\theta(x^{(i)})-y^{(i)})^2 \\ "
     r"\theta_j := \theta_j-\alpha\frac{\partial}{\partial\theta_j}J(\theta_0,\theta_1)",
     "Derivative(J(theta[0], theta[1]), theta[j])", "family-number-member"),
    ("bellman-backup-max", r"BV(s) = \max_aR(s,a)+\gamma\sum_{s'\in S}p(s'|s,a)V(s')",
     "MaxOver(gamma*Sum(V(s')*p(s', s, a), (s', 1, N_s)) + R(s, a), (a, 1, N_a))", "max-extent"),
    ("isl-expected-test-error", r"E\left(y_0-\hat{f}(x_0)\right)^2 = \text{Var}(\hat{f}(x_0)) + "
     r"[\text{Bias}(\hat{f}(x_0))]^2 + \text{Var}(\epsilon)", "E((y_0 - fhat(x_0))**2)",
     "expectation-plain-parenthesis"),
    ("paperspace-momentum-gradient", r"V_t = \beta V_{t-1}+(1-\beta)\nabla_wL(W,X,y) \\ W = W-\alpha V_t",
     "Derivative(L(W, X, y), W)", "nabla-case"),
    ("maskgit-schedule", r"n = \lceil \gamma(\frac{t}{T}) N \rceil", "ceiling(N*gamma(t/T))", "call-schedule"),
    ("lapsrn-charbonnier-penalty", r"L = \sum_{s=1}^{S}\rho\left( \hat{y}_s - y_s \right)", "Sum(rho(",
     "call-penalty"),
    ("sigma-defined-as-softmax", r"\sigma(x_j) = \frac{e^{x_j}}{\sum_ie^{x_i}}", "Eq(sigma(x[j])", ""),
    ("gelu-sized-parentheses", r"\text{GELU}\left(x\right) = x{P}\left(X\leq{x}\right) = x\Phi\left(x\right)",
     "Eq(GELU(x)", "event-probability"),
    ("kernel-ridge-prediction", r"\hat{\mathbf{y}} = K\alpha", "Eq(yhat, K*alpha)", "greek-after-matrix"),
    ("gradcam-weights-overbrace", r"\alpha_k^c = \overbrace{\frac{1}{Z}\sum_i\sum_j}^{\text{global average pooling}} "
     r"\underbrace{\frac{\partial y^c}{\partial A_{ij}^k}}_{\text{gradients via backprop}}", "Sum(Derivative(",
     "label-in-place"),
    ("gradcam-relu-underbrace", r"L^c = ReLU \underbrace{\left(\sum_k \alpha_k A^k\right)}_{\text{linear combination}}",
     "relu(Sum(", "label-in-place"),
    ("ppo-log-ratio-policy", r"ratios = \exp(\log\pi - \log\pi_{old})", "Eq(ratios, pi/pi_{old})", "pi-policy"),
    ("perceptron-margin-over-pairs", r"\gamma = \min_{(\mathbf{x}_i,y_i)\in D}|\mathbf{x}_i^\top\mathbf{w}^*|",
     "MinOver(Abs(Sum(w^*[j]*x[i, j], (j, 1, n_1))), (i, 1, N_mathbfx))", "sum-over-indexed-members"),
    ("wae-mmd-pairs", r"L = \frac{\lambda}{n(n-1)}\sum_{\ell \neq j} k(z_\ell, z_j)",
     "Sum(Piecewise((k(z[ell], z[j]), Ne(ell, j)), (0, True)), (j, 1, N_z), (ell, 1, N_z))",
     "sum-over-distinct-pairs"),
    ("node2vec-distance-entry", r"\alpha_{pq}(t, x) = \begin{cases} \frac{1}{p} & \text{if } d_{tx} = 0 \\ 1 & "
     r"\text{if } d_{tx} = 1 \\ \frac{1}{q} & \text{if } d_{tx} = 2 \end{cases}", "Eq(d[t, x], 0)", ""),
    ("logsumexp-of-scores", r"z = \mathrm{logsumexp}(s / T)", "logsumexp(1/T*s)", "softmax-argument"),
    ("nemo-ensemble-parameters", r"P(y_t|y_{<t},x;\theta_{1} \ldots \theta_{k}) = \frac{1}{k} \sum_{i=1}^k "
     r"P(y_t|y_{<t},x;\theta_{i})", "theta_1, ..., theta_k", "argument-sequence"),
    ("cs285-trajectory-first-state", r"p = p(\mathbf{s}_1)\prod_{t=1}^{T}\pi_\theta(\mathbf{a}_t|\mathbf{s}_t)"
     r"p(\mathbf{s}_{t+1}|\mathbf{s}_t,\mathbf{a}_t)", "p(s[1])*Product(", "family-number-member"),
    ("deepfm-last-layer", r"a^{(l+1)} = \sigma(W^{(l)} a^{(l)} + b^{(l)}) \\ y_{DNN} = \sigma(W^{|H|+1} \cdot a^H + "
     r"b^{|H|+1})", "W^[|H|+1]*a^[H] + b^[|H|+1]", "superscript-count-member"),
    ("cmu-partial-by-entry", r"\frac{\partial J(\boldsymbol{\theta})}{\partial\theta_m} = x_m (p - y)",
     "Eq(Derivative(J(theta[m]), theta[m]), (p - y)*x[m])", "partial-by-entry"),
    ("cs229-partial-bold-theta", r"\frac{\partial J(\boldsymbol\theta)}{\partial\theta_j} = \frac{1}{m}\sum_{i=1}^m "
     r"(h(x^{(i)}) - y^{(i)}) x_j^{(i)}", "Derivative(J(theta[j]), theta[j])", "partial-by-entry"),
    ("elgendy-change-per-weight", r"\Delta w_i = -\alpha\frac{dE}{dw_i} \\ w_{next} = w_{current}+\Delta w",
     "Eq(Deltaw[i], -alpha*Derivative(E(w[i]), w[i]))", ""),
    ("gymnasium-not-terminated", r"future\_q\_value = (\text{not } terminated) \cdot \max_a Q(s', a)",
     "(1 - terminated)*MaxOver(", "code-not"),
    ("simctg-length-prefactor", r"\mathcal{L} = \frac{1}{|\boldsymbol{x}| \times (|\boldsymbol{x}| - 1)}\sum_{i=1}^"
     r"{|\boldsymbol{x}|}\sum_{j=1, j \neq i}^{|\boldsymbol{x}|} s(h_{x_i}, h_{x_j})", "/(N_x*(N_x - 1))", "bound-size"),
    ("svrg-drawn-member", r"\tilde{\mu} = \frac{1}{n}\sum_{i=1}^{n}\nabla\psi_i(\tilde{w}) \\ w_t = w_{t-1} - "
     r"\eta(\nabla\psi_{i_t}(w_{t-1}) - \nabla\psi_{i_t}(\tilde{w}) + \tilde{\mu})", "psi_i(i[t], w_{t-1})",
     "function-sampled-member"),
    ("regression-error-term", r"Y = X\beta + \mu", "mu*ones(n_1, 1) + X*beta", "scalar-broadcast"),
    ("implicit-item-pair-label", r"s_u^{ij} = (y_i^t W^u) y_j", "Eq(s^ij_u,", "superscript-index-letters"),
    ("si-snr-hyphen-name", r"SI\text{-}SNR = 10 \log_{10}(a/b)", "Eq(SISNR, ", ""),
    ("rouge-n-hyphen-name", r"ROUGE\text{-}N = \frac{a}{b}", "Eq(ROUGEN, a/b)", ""),
    ("integrated-gradients-bnf", r"\text{IG}_i(x) ::= (x_i - x'_i) \times \int_{\alpha=0}^{1} \frac{\partial F(x' + "
     r"\alpha \times (x - x'))}{\partial x_i} d\alpha", "(alpha, 0, 1)", ""),
]


@pytest.mark.parametrize(("code", "shown", "rule"), [c[1:] for c in READINGS], ids=[c[0] for c in READINGS])
def test_readings(code: str, shown: str, rule: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert_shown_noted(code, shown, rule, capsys)


#: (id, latex, a note that must NOT be given): the near misses of each rule
NEAR_MISSES = [
    ("gradient-by-its-own-argument", r"g = \nabla_w L(w)", "nabla-case"),
    ("count-times-greek", r"y = N\beta", "greek-after-matrix"),
    ("dot-product-plus-number", r"y = \mathbf{w}\cdot\mathbf{x} + b", "cdot-beside-vector"),
    ("error-function-taylor", r"E(\mathbf{w} + \Delta\mathbf{w}) \approx E(\mathbf{w}) + \Delta\mathbf{w}^T\mathbf{b}",
     "expectation-plain-parenthesis"),
    ("dqn-target-max", r"y = r + \gamma \max_{a'} Q(s', a')", "max-extent"),
    ("bias-beside-sum", r"y = w_0 + \sum_{i=1}^{n} w_i x_i", "family-number-member"),
    ("scale-of-a-residual", r"\mathbf{r} = \lambda(\hat{y} - y)", "call-penalty"),
    ("rate-of-a-time-difference", r"y = \gamma(t - T)", "call-schedule"),
    ("sigmoid-defined", r"\sigma(z_i) = \frac{1}{1+e^{-z_i}}", "function-defined-vector"),
    ("hopfield-fixed-index", r"h_i = \sum_{j \neq i} w_{ij} s_j", "sum-over-distinct-pairs"),
    ("svm-other-classes", r"L = \sum_{j \neq y_i} \max(0, s_j - s_{y_i} + 1)", "sum-over-distinct-pairs"),
    ("transpose-beside-layers", r"y = W^{(1)} x + W^T x", "superscript-count-member"),
    ("product-of-members", r"y = x_1 x_2 \cdots x_n", "argument-sequence"),
    ("whole-value-label", r"L = \underbrace{\sum_i x_i}_{\text{total}} + 1", "label-in-place"),
    ("mixture-weight-beside-constant", r"p = \pi_{\theta} \mathcal{N}(x) + 2\pi", "pi-policy"),
]


def test_integral_bound_names_another_variable() -> None:
    """\\int_{s=0}^{1} ... dt names s under the integral and t in its differential: refused, pointing at it."""
    with pytest.raises(symdl.NotSupported, match="lower bound names s"):
        symdl.parse(r"y = \int_{s=0}^{1} t^2 dt")


def test_integral_bound_with_its_variable_reads_as_the_bare_bound() -> None:
    """\\int_{t=0}^{1} t^2 dt is the same integral as \\int_0^1 t^2 dt."""
    named, bare = symdl.parse(r"y = \int_{t=0}^{1} t^2 dt"), symdl.parse(r"y = \int_{0}^{1} t^2 dt")
    assert str(named.statements[0].rhs) == str(bare.statements[0].rhs) == "Integral(t**2, (t, 0, 1))"


@pytest.mark.parametrize(("code", "rule"), [c[1:] for c in NEAR_MISSES], ids=[c[0] for c in NEAR_MISSES])
def test_near_misses(code: str, rule: str) -> None:
    assert rule not in {n.rule for n in symdl.parse(code).notes}


def test_sigmoid_defined_stays_the_sigmoid() -> None:
    """σ defined by the logistic formula keeps its name: only a definition that is no sigmoid makes σ the formula's
    own function."""
    assert "sigmoid(z[i])" in str(symdl.parse(r"\sigma(z_i) = \frac{1}{1+e^{-z_i}}").statements[0].lhs)


def test_mean_negative_log_likelihood_is_named() -> None:
    """Murphy's -\\frac{1}{N}\\sum_n \\log p(y_n|x_n) is a negative log-likelihood, averaged (before: a 'negated mean')."""
    concepts = symdl.explain(symdl.parse(r"\mathcal{L} = -\frac{1}{N}\sum_{n=1}^N \log p(y_n | x_n)")).concepts
    assert "nll" in concepts
