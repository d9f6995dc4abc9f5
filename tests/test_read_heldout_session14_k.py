r"""Refusals that should read (session 14, helper k, from a held-out measurement).

- A blackboard capital applied to arguments is a function, not a set (``blackboard-function``): Murphy's (PML1
  ch. 6) entropy ``\mathbb{H}(p)``, cross-entropy ``\mathbb{H}_{ce}(p, q)``, ``\mathbb{KL}(p \| q)`` (the KL known
  by its word, as ``\mathrm{KL}``) and mutual information ``\mathbb{I}(X;Y)`` were refused as "the set \mathbb{H}".
  Neighbours that keep their reading: Murphy's indicator ``\mathbb{I}(y = c)`` (a comparison inside), the WGAN's
  ``\mathbb{P}_r`` (a distribution), ``\mathbb{V}[x]`` (a variance), ``\mathbb{R}`` in a declaration.
- An expression, or a statement's value, followed by ``\in \mathbb{R}^{...}`` states its shape (no note: names
  alone before ``\in`` declare, anything else is asserted): d2l's (11.3) ``\mathrm{softmax}(\frac{\mathbf Q
  \mathbf K^\top}{\sqrt{d}}) \mathbf V \in \mathbb{R}^{n\times v}`` and additive attention ``a(\mathbf q,
  \mathbf k) = \mathbf w_v^\top \textrm{tanh}(...) \in \mathbb{R}`` were refused as "declaring <expression>".
  The stated shape unifies with the value's (the n and v name Q's rows and V's columns); a clash is an
  InvalidInput at the ``\in ...``.  Neighbours: ``\mathbf{x} \in \mathbb{R}^{5}`` and ``x, y \in \mathbb{R}`` stay
  declarations.
- A statement that opens with an arrow after another statement (``\\ \rightarrow \hspace{0.3in} ...``,
  ``\\ \Rightarrow``) is joined to it by the arrow: cs231n's sigmoid then its derivative was refused as "unknown
  command \rightarrow".  Neighbour: Nielsen's ``w \rightarrow w' = ...`` stays an update; an arrow opening the
  first statement is still refused.
- A product sign in braces between operands (MoCo's ``q{\cdot}k_+``, written for its spacing) is the product (was
  "unexpected '\cdot' where an operand was expected").  Neighbour: ``k_{\cdot}`` stays a subscript label.
- ``E[...]`` followed by a subscript (no sampling subscript) is the name of a running average indexed by it
  (``running-average-name``): Zeiler's Adadelta and Ruder's overview ``E[g^2]_t = \gamma E[g^2]_{t-1} + (1 -
  \gamma) g^2_t`` were refused ("a running average written E[g^2]_t"); now an update of the family over t.
  Neighbour: ``\mathbb{E}[x]`` stays an expectation over the population.
- In a formula written as code, ``^`` followed by a parenthesis or a call is the power of it (``code-power``): the
  Keras docs' ``initial_learning_rate * decay_rate ^ (step / decay_steps)`` was refused (TeX's ``^`` takes a braced
  group), its staircase ``^ floor(...)`` read silently as decay_rate to the power f times loor(...).  Neighbour:
  TeX's ``x^(2)`` stays refused.

Each row: the formula as its source writes it, seeded inputs and plain numpy's value (or the reading, where the
formula only relates unknown functions), and the notes by rule.
"""

from __future__ import annotations

import numpy as np
import pytest

import symdl
from tests.real_sources import assert_reads_as

RNG = np.random.default_rng(1411)
P = RNG.dirichlet(np.ones(5))
Q = RNG.dirichlet(np.ones(5))
QM, KM, VM = RNG.normal(size=(4, 3)), RNG.normal(size=(6, 3)), RNG.normal(size=(6, 2))
QV, KV, WV, WQ, WK = RNG.normal(size=3), RNG.normal(size=5), RNG.normal(size=7), RNG.normal(size=(7, 3)), \
    RNG.normal(size=(7, 5))
XM, WM, BV = RNG.normal(size=(4, 3)), RNG.normal(size=(3, 2)), RNG.normal(size=2)


def _softmax_rows(z: np.ndarray) -> np.ndarray:
    e = np.exp(z - z.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


# (id, source, latex, functions given, inputs, numpy's value, notes by rule)
CASES = [
    # -- a blackboard capital applied to arguments: a function ----------------------------------------------------
    ("murphy-cross-entropy", "Murphy PML1 eq. 6.13 (cross entropy)",
     r"\mathbb{H}_{ce}(p, q) \triangleq -\sum_{k=1}^K p_k \log q_k", None, {"p": P, "q": Q, "K": 5},
     -np.sum(P * np.log(Q)), ["blackboard-function"]),
    ("murphy-entropy", "Murphy PML1 eq. 6.1 (entropy of a discrete distribution, natural log)",
     r"\mathbb{H}(p) = -\sum_{k=1}^K p_k \log p_k", None, {"p": P, "K": 5}, -np.sum(P * np.log(P)),
     ["blackboard-function"]),
    ("murphy-kl-divergence", "Murphy PML1 eq. 6.29 (KL divergence of discrete distributions)",
     r"\mathbb{KL}(p \| q) \triangleq \sum_{k=1}^K p_k \log \frac{p_k}{q_k}", None, {"p": P, "q": Q, "K": 5},
     np.sum(P * np.log(P / Q)), ["blackboard-function"]),
    ("bishop-cross-entropy-decomposition", "Bishop PRML sec. 1.6.1 / Murphy eq. 6.32, cross entropy = H + KL",
     r"\mathbb{H}_{ce}(p, q) = \mathbb{H}(p) + \mathbb{KL}(p \| q)",
     {"Hmathbb": lambda p: -np.sum(p * np.log(p)), "KL": lambda p, q: np.sum(p * np.log(p / q))},
     {"p": P, "q": Q}, -np.sum(P * np.log(Q)), ["blackboard-function"] * 3),
    # -- a value followed by \in \mathbb{R}^{...}: its stated shape ------------------------------------------------
    ("d2l-scaled-dot-product-attention", "d2l 11.3.3 eq. (11.3.5), the shape stated inline",
     r"\mathrm{softmax}\left(\frac{\mathbf Q \mathbf K^\top }{\sqrt{d}}\right) \mathbf V \in \mathbb{R}^{n\times v}", None,
     {r"\mathbf Q": QM, r"\mathbf K": KM, r"\mathbf V": VM, "d": 3}, _softmax_rows(QM @ KM.T / np.sqrt(3)) @ VM,
     ["softmax-rows"]),
    ("d2l-additive-attention", "d2l 11.3.2 eq. (11.3.3) (Bahdanau et al.'s additive attention score)",
     r"a(\mathbf q, \mathbf k) = \mathbf w_v^\top \textrm{tanh}(\mathbf W_q\mathbf q + \mathbf W_k \mathbf k) \in \mathbb{R}",
     None, {r"\mathbf q": QV, r"\mathbf k": KV, r"\mathbf w_v": WV, r"\mathbf W_q": WQ, r"\mathbf W_k": WK},
     WV @ np.tanh(WQ @ QV + WK @ KV), []),
    ("d2l-softmax-regression-outputs", "d2l 4.1.1 (vectorised softmax regression, O in R^{n x q})",
     r"\mathbf{O} = \mathbf{X} \mathbf{W} + \mathbf{b} \in \mathbb{R}^{n \times q}", None,
     {r"\mathbf{X}": XM, r"\mathbf{W}": WM, r"\mathbf{b}": BV}, XM @ WM + BV, ["bias-row"]),
    ("bishop-linear-model-number", "Bishop PRML eq. 3.3 (y(x, w) = w^T phi(x), a number)",
     r"y = \mathbf{w}^\top \boldsymbol{\phi} \in \mathbb{R}", None,
     {r"\mathbf{w}": WV, r"\boldsymbol{\phi}": WQ[:, 0]}, WV @ WQ[:, 0], []),
    # -- a braced product sign between operands: the product ------------------------------------------------------
    ("moco-positive-logit", "He et al. 2020 (MoCo) eq. (1), the positive pair's logit",
     r"\exp(q{\cdot}k_+/\tau)", None, {"q": 0.3, "k_+": 0.5, r"\tau": 0.07}, np.exp(0.3 * 0.5 / 0.07), []),
    ("moco-similarity", "He et al. 2020 (MoCo) sec. 3.1, the similarity of q and its positive key",
     r"q{\cdot}k_+", None, {"q": 0.3, "k_+": -1.5}, 0.3 * -1.5, []),
    ("braced-times", "a braced \\times for spacing (the same idiom)", r"a {\times} b", None,
     {"a": 2.0, "b": 3.5}, 7.0, []),
    # -- E[...]_t: a running average's name indexed by the step ---------------------------------------------------
    ("ruder-adadelta-gradient-average", "Ruder 2016, An overview of gradient descent optimization algorithms, Adadelta",
     r"E[g^2]_t = \gamma E[g^2]_{t-1} + (1 - \gamma) g^2_t", None,
     {"E[g^2]_{t-1}": 0.5, r"\gamma": 0.9, "g_t": 2.0}, 0.9 * 0.5 + 0.1 * 4.0, ["running-average-name"]),
    ("ruder-adadelta-decimal-rates", "Ruder 2016, Adadelta with gamma = 0.9 (was test_read_errors' refusal row)",
     r"E[g^2]_t = 0.9 E[g^2]_{t-1} + 0.1 g^2_t", None, {"E[g^2]_{t-1}": 0.5, "g_t": 2.0}, 0.9 * 0.5 + 0.1 * 4.0,
     ["running-average-name"]),
    ("zeiler-adadelta-gradient-average", "Zeiler 2012, ADADELTA, eq. (8)",
     r"E[g^2]_t = \rho E[g^2]_{t-1} + (1 - \rho) g_t^2", None,
     {"E[g^2]_{t-1}": 0.25, r"\rho": 0.95, "g_t": -1.5}, 0.95 * 0.25 + 0.05 * 2.25, ["running-average-name"]),
    ("zeiler-adadelta-update-average", "Zeiler 2012, ADADELTA, Algorithm 1 (accumulate updates)",
     r"E[\Delta x^2]_t = \rho E[\Delta x^2]_{t-1} + (1 - \rho) \Delta x_t^2", None,
     {r"E[\Delta x^2]_{t-1}": 0.1, r"\rho": 0.95, r"\Delta x_t": 0.3}, 0.95 * 0.1 + 0.05 * 0.09,
     ["running-average-name"]),
    ("ruder-rmsprop-step", "Ruder 2016, RMSprop's parameter update",
     r"\theta_{t+1} = \theta_{t} - \dfrac{\eta}{\sqrt{E[g^2]_t + \epsilon}} g_{t}", None,
     {r"\theta_{t}": 1.0, r"\eta": 0.01, "g_{t}": 2.0, "E[g^2]_t": 0.5, r"\epsilon": 1e-8},
     1.0 - 0.01 / np.sqrt(0.5 + 1e-8) * 2.0, ["running-average-name"]),
    # -- code-style ^ (...): the power of the parenthesis ---------------------------------------------------------
    ("keras-exponential-decay", "Keras docs, keras.optimizers.schedules.ExponentialDecay",
     r"initial_learning_rate * decay_rate ^ (step / decay_steps)", None,
     {"initial_learning_rate": 0.1, "decay_rate": 0.96, "step": 250.0, "decay_steps": 100.0}, 0.1 * 0.96 ** 2.5,
     ["word-name", "word-name", "code-power", "word-name", "word-name"]),
    ("keras-exponential-decay-staircase", "Keras docs, ExponentialDecay with staircase=True",
     r"initial_learning_rate * decay_rate ^ floor(step / decay_steps)", None,
     {"initial_learning_rate": 0.1, "decay_rate": 0.96, "step": 250.0, "decay_steps": 100.0}, 0.1 * 0.96 ** 2,
     ["word-name", "word-name", "code-power", "word-name", "word-name"]),
    ("tf-v1-exponential-decay", "TensorFlow docs, tf.compat.v1.train.exponential_decay",
     r"decayed_learning_rate = learning_rate * decay_rate ^ (global_step / decay_steps)", None,
     {"learning_rate": 0.1, "decay_rate": 0.5, "global_step": 30.0, "decay_steps": 10.0}, 0.1 * 0.5 ** 3,
     ["word-name", "word-name", "word-name", "code-power", "word-name", "word-name"]),
    ("keras-polynomial-decay", "Keras docs, keras.optimizers.schedules.PolynomialDecay",
     r"decayed_learning_rate = (initial_learning_rate - end_learning_rate) * (1 - step / decay_steps) ^ (power) "
     r"+ end_learning_rate", None,
     {"initial_learning_rate": 0.1, "end_learning_rate": 0.01, "step": 40.0, "decay_steps": 100.0, "power": 2.0},
     0.09 * 0.6 ** 2 + 0.01, ["word-name"] * 5 + ["code-power", "word-name"]),
    # must not change: the indicator of a comparison; a variance; the WGAN's distribution name
    ("murphy-indicator-kept", "Murphy PML1 eq. 2.3 (the indicator \\mathbb{I}(y = c))",
     r"\mathbb{I}(y = c)", None, {"y": 2.0, "c": 2.0}, 1.0, []),
]


@pytest.mark.parametrize(("latex", "functions", "inputs", "want", "rules"), [c[2:] for c in CASES],
                         ids=[c[0] for c in CASES])
def test_refusals_that_read(latex: str, functions: dict | None, inputs: dict, want: object,
                            rules: list[str]) -> None:
    assert_reads_as(symdl.parse(latex), inputs, want, rules, functions=functions)


# (id, source, latex, the reading printed (lhs := rhs, or the expression), notes by rule)
READINGS = [
    ("murphy-mutual-information", "Murphy PML1 eq. 6.49 (mutual information as a drop in entropy)",
     r"\mathbb{I}(X;Y) = \mathbb{H}(X) - \mathbb{H}(X|Y)", "Imathbb(X, Y) := Hmathbb(X) - Hmathbb_{cond}(X, Y)",
     ["blackboard-function", "blackboard-function", "conditional-functional", "blackboard-function"]),
    ("moco-infonce", "He et al. 2020 (MoCo) eq. (1), the InfoNCE loss",
     r"\mathcal{L}_q = -\log \frac{\exp(q{\cdot}k_+/\tau)}{\sum_{i=0}^{K} \exp(q{\cdot}k_i/\tau)}",
     "Lcal_q := -log(exp(k_+*q/tau)/Sum(exp(q*k[i]/tau), (i, 0, K)))", ["zero-based"]),  # k_0 .. k_K: K+1 keys
    ("cs231n-sigmoid-derivative", "cs231n optimization-2 (sigmoid, then its local gradient)",
     r"\sigma(x) = \frac{1}{1+e^{-x}} \\ \rightarrow \hspace{0.3in} \frac{d\sigma(x)}{dx} = (1 - \sigma(x)) \sigma(x)",
     "Derivative(sigmoid(x), x) := (1 - sigmoid(x))*sigmoid(x)", []),
    ("cs231n-add-gate", "cs231n optimization-2 (the add gate and its local gradient, on two lines)",
     r"f(x,y) = x + y \\ \rightarrow \hspace{0.5in} \frac{\partial f}{\partial x} = 1",
     "Derivative(f(x, y), x) := 1", []),
    ("cs231n-max-gate", "cs231n optimization-2 (the max gate's local gradient)",
     r"f(x,y) = \max(x, y) \\ \rightarrow \hspace{0.5in} \frac{\partial f}{\partial x} = \mathbb{1}(x >= y)",
     "Derivative(f(x, y), x) := Piecewise((1, x >= y), (0, True))", []),
    ("bishop-squared-error-implies", "Bishop PRML sec. 3.1.1 style: a loss, then => its derivative",
     r"L = \frac{1}{2} (y - w x)^2 \\ \Rightarrow \frac{\partial L}{\partial w} = -(y - w x) x",
     "Derivative(L(w), w) := -x*(-w*x + y)", []),
    # must not change
    ("moco-subscript-dot-label", "a \\cdot as a subscript label (k_{\\cdot}: any key)", r"k_{\cdot}",
     r"k_{\cdot}", []),
    ("wgan-distribution-name", "Arjovsky et al. 2017 (WGAN), a distribution's name",
     r"\mathbb{P}_r(x) = 2 x", "Pmathbb_r(x) := 2*x", ["distribution-name"]),
    ("kingma-ba-expectation-kept", "Kingma & Ba 2015 sec. 3 (an expectation, no step after it)",
     r"\mathbb{E}[v_t] = \mathbb{E}[g_t^2]", "E(v_t) := E(g_t**2)", ["expectation-population"] * 2),
    ("murphy-variance-kept", "Murphy PML1 sec. 2.2 (variance)", r"\mathbb{V}[x] = 3", "Var(x) := 3",
     ["expectation-population"]),
]


@pytest.mark.parametrize(("latex", "reading", "rules"), [c[2:] for c in READINGS], ids=[c[0] for c in READINGS])
def test_refusals_that_read_readings(latex: str, reading: str, rules: list[str]) -> None:
    f = symdl.parse(latex)
    st = f.statements[-1]
    assert (f"{st.lhs} := {st.rhs}" if st.lhs is not None else str(st.rhs)) == reading
    assert [n.rule for n in f.notes] == rules


def test_arrow_joins_only_after_a_statement() -> None:
    """Nielsen's w \\rightarrow w' = w - \\eta \\nabla C stays an update; an arrow opening the first statement is
    still refused."""
    assert symdl.parse(r"w \rightarrow w' = w - \eta \nabla C").statements[0].kind == "update"
    with pytest.raises(symdl.InvalidInput):
        symdl.parse(r"\rightarrow \frac{\partial f}{\partial x} = 1")


def test_tex_power_of_a_bracket_now_noted() -> None:
    """Outside code, x^(2) was refused (TeX's superscript takes a braced group); since session 23 (issue 12) the
    parenthesis is the superscript's group, as plain-text pastes write it: the power, noted paren-superscript."""
    f = symdl.parse(r"x^(2)")
    assert str(f.statements[0].rhs) == "x**2"
    assert [n.rule for n in f.notes] == ["paren-superscript"]


def test_number_set_declaration_kept() -> None:
    """Names before \\in stay a declaration (Murphy's x \\in \\mathbb{R}^D; cs229's \\theta, b \\in \\mathbb{R})."""
    assert symdl.parse(r"\mathbf{x} \in \mathbb{R}^{5} \\ y = \mathbf{x}^\top \mathbf{x}").shapes == {"x": (5, 1)}
    assert symdl.parse(r"a, b \in \mathbb{R} \\ y = a b").statements[0].kind == "assignment"


def test_stated_shape_names_dimensions() -> None:
    """d2l's n and v name the attention output's rows (Q's) and columns (V's)."""
    shapes = symdl.parse(r"\mathrm{softmax}\left(\frac{\mathbf Q \mathbf K^\top }{\sqrt{d}}\right) \mathbf V "
                         r"\in \mathbb{R}^{n\times v}").shapes
    assert str(shapes["Q"][0]) == "n" and str(shapes["V"][1]) == "v"


@pytest.mark.parametrize(("latex", "what", "text"), [
    # cs231n linear classifier, W in R^{10 x 3072}: the scores W x_i are stated with the input's length
    (r"\mathbf{W} \in \mathbb{R}^{10 \times 3072} \\ \mathbf{W} \mathbf{x} \in \mathbb{R}^{3072}",
     "stated to be in \\mathbb{R}^{3072} but reads as a value of shape 10", r"\in \mathbb{R}^{3072}"),
    # a vector stated to be a number (d2l's additive score without the w_v^T)
    (r"\tanh(\mathbf W_q\mathbf q + \mathbf W_k \mathbf k) \in \mathbb{R}", "stated to be a number",
     r"\in \mathbb{R}"),
    # a number stated to be a vector
    (r"\frac{1}{1 + e^{-x}} \in \mathbb{R}^n", "reads as a number", r"\in \mathbb{R}^n"),
], ids=["cs231n-scores-wrong-length", "vector-stated-number", "number-stated-vector"])
def test_stated_shape_clash(latex: str, what: str, text: str) -> None:
    with pytest.raises(symdl.InvalidInput) as err:
        symdl.parse(latex)
    assert what in str(err.value)
    assert latex[err.value.span.start : err.value.span.end] == text
