r"""Square-bracket function calls and probability events (session 27, task prince, issue 12).

Prince's *Understanding Deep Learning* (2023) writes every application with square brackets and the probability
function as ``Pr``; other texts write events inside probabilities.  Each was refused or misread:

- a lower-case name touching square brackets that hold a comma list, a bold expression or another such call is the
  function applied (``\mathbf{f}[\mathbf{x}, \boldsymbol\phi]``, ``\mathbf{a}[\boldsymbol\beta_0 +
  \boldsymbol\Omega_0\mathbf{x}]``: "two column vectors side by side") (``bracket-call-form``); a bold function word
  is a call too (``\mathbf{Softmax}[...]``, ``\mathbf{Sa}[\mathbf{X}]``), and a capital touching the same bracket a
  name of the formula is applied to (``\mathbf{V}[\mathbf{X}]`` beside ``\mathbf{Sa}[\mathbf{X}]``) is a call
  (``bracket-call-shared``);
- ``\mathrm{softmax}_k[\mathbf{z}]`` is entry k of the softmax ("a power or subscript on a function name")
  (``softmax-entry``);
- ``Pr(y \mid \lambda)`` was P·r(y, λ), silently; ``\Pr`` was an unknown command (``probability-Pr``);
- ``p(X=k)``, ``Pr(y=k \mid \mathbf{x})`` typed without spaces were "the keyword argument X= in a call of p"; with a
  bar and a value an operator runs over, ``p(y = k \mid x)`` is member k of a family of functions, not one function
  ``p_{y=k}`` that ignores the sum (``probability-event``).

Must-not-change rows: code's ``x[i]``, ``x[class]``, ``weights[i]``; ``\mathbb{E}[x]``, ``\mathrm{Var}[x]``;
``[a; b]``; ``W[h; x]``, Olah's ``W_o[h_{t-1}, x_t]`` (a matrix times a concatenation); ``W[x]``, ``L [q]``;
``P(y = 1 \mid x)`` (event-name); ``Pr + 1`` (a product); ``mean(x, axis=-1)``; GAT's ``\mathrm{softmax}_j(e_{ij})``.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
import sympy

import symdl
from tests.real_sources import assert_reads_as

RNG = np.random.default_rng(27)
B3, X4, Z4 = RNG.normal(size=3), RNG.normal(size=4), RNG.normal(size=4)
O34 = RNG.normal(size=(3, 4))
S22 = np.array([[2.0, 0.5], [0.5, 3.0]])
P3 = np.array([0.2, 0.3, 0.5])
Y3 = np.array([0.0, 1.0, 0.0])


def _softmax(z: np.ndarray) -> np.ndarray:
    e = np.exp(z - z.max())
    return e / e.sum()


def _p(k: Any, x: Any) -> Any:
    return (np.asarray(k) + 1) * x / 6


# (id, source, latex, inputs, functions, numpy's value, notes by rule)
VALUES: list[tuple[str, str, str, dict[str, Any], dict[str, Any] | None, Any, list[str]]] = [
    ("relu-bracket", "Prince UDL eq. 4.1 with a[.] = ReLU[.] (eq. 3.1)",
     r"\mathbf{h}_1 = \mathrm{ReLU}[\boldsymbol\beta_0 + \boldsymbol\Omega_0 \mathbf{x}]",
     {r"\boldsymbol\beta_0": B3, r"\boldsymbol\Omega_0": O34, r"\mathbf{x}": X4}, None, np.maximum(B3 + O34 @ X4, 0),
     []),
    ("softmax-entry", "Prince UDL eq. 5.22: softmax_k[z], entry k of the softmax", r"y = \mathrm{softmax}_k[\mathbf{z}]",
     {r"\mathbf{z}": Z4}, None, _softmax(Z4), ["softmax-entry"]),
    ("softmax-entry-paren", "the same entry with parentheses", r"y = \mathrm{softmax}_k(\mathbf{z})",
     {r"\mathbf{z}": Z4}, None, _softmax(Z4), ["softmax-entry"]),
    ("bold-softmax", "Prince UDL ch. 12: \\mathbf{Softmax}[.] in bold", r"\mathbf{p} = \mathbf{Softmax}[\mathbf{z}]",
     {r"\mathbf{z}": Z4}, None, _softmax(Z4), []),
    ("pr-bernoulli", "Prince UDL eq. 5.18: the Bernoulli distribution", r"Pr(y \mid \lambda) = (1-\lambda)^{1-y} \cdot "
     r"\lambda^{y}", {"y": 1.0, r"\lambda": 0.3}, None, 0.3, ["probability-Pr"]),
    ("pr-bernoulli-zero", "Prince UDL eq. 5.18 at y = 0", r"Pr(y \mid \lambda) = (1-\lambda)^{1-y} \cdot \lambda^{y}",
     {"y": 0.0, r"\lambda": 0.3}, None, 0.7, ["probability-Pr"]),
    ("entropy-unspaced", "the entropy of a discrete variable typed without spaces (Murphy PML 1 6.1)",
     r"H = -\sum_k p(X=k)\log_2 p(X=k)", {"p": P3}, None, -(P3 * np.log2(P3)).sum(), ["event-entry", "event-entry"]),
    ("cross-entropy-event", "cross-entropy with the class probability written as an event (Bishop 4.3.4)",
     r"L = -\sum_k y_k \log p(y = k \mid x)", {"y": Y3, "x": 0.5}, {"p_k": _p},
     -(Y3 * np.log(_p(np.arange(1, 4), 0.5))).sum(), ["probability-event", "function-family"]),
    ("exp-log-bracket", "Prince UDL writes exp[.] and log[.] as calls", r"y = \exp[x] + \log\big[ x^2 \big]", {"x": 0.7},
     None, np.exp(0.7) + np.log(0.49), []),
    ("det-tr-bracket", "Prince UDL writes det[.] and Tr[.] as calls",
     r"y = \det[\boldsymbol\Sigma] + \mathrm{Tr}[\boldsymbol\Sigma]", {r"\boldsymbol\Sigma": S22}, None,
     np.linalg.det(S22) + np.trace(S22), []),
]


@pytest.mark.parametrize(("latex", "inputs", "functions", "want", "rules"), [c[2:] for c in VALUES],
                         ids=[c[0] for c in VALUES])
def test_value(latex: str, inputs: dict[str, Any], functions: dict[str, Any] | None, want: Any,
               rules: list[str]) -> None:
    assert_reads_as(symdl.parse(latex), inputs, want, rules, functions=functions)


# (id, source, latex, the statements as SymPy prints them, notes by rule)
READINGS = [
    ("activation", "Prince UDL eq. 4.1: the activation a[.] applied entry-wise",
     r"\mathbf{h}_1 = \mathbf{a}[\boldsymbol\beta_0 + \boldsymbol\Omega_0 \mathbf{x}]", ["a(Omega_0*x + beta_0)"],
     ["bracket-call-form", "function-vector"]),
    ("network", "Prince UDL eq. 4.17: the network f with parameters phi",
     r"\mathbf{f}[\mathbf{x}, \boldsymbol\phi] = \boldsymbol\beta_K + \boldsymbol\Omega_K \mathbf{h}_K",
     ["Omega_K*h_K + beta_K"], ["bracket-call-form"]),
    ("residual", "Prince UDL eq. 11.1: a residual connection", r"\mathbf{h}' = \mathbf{h} + \mathbf{f}[\mathbf{h}, "
     r"\boldsymbol\phi]", ["f(h, phi) + h"], ["bracket-call-form", "function-vector"]),
    ("generator", "Prince UDL ch. 16: a flow's generator", r"\mathbf{x} = \mathbf{f}[\mathbf{z}, \boldsymbol\phi]",
     ["f(z, phi)"], ["bracket-call-form", "function-vector"]),
    ("nested", "Prince UDL ch. 15: a GAN discriminator on a generator's output",
     r"y = \mathrm{sig}[\mathrm{f}[\mathbf{g}[\mathbf{z},\boldsymbol\theta],\boldsymbol\phi]]",
     ["sig(f(g(z, theta), phi))"], ["bracket-call-form", "function-vector"]),
    ("loss-of-parameters", "Prince UDL eq. 2.5: the least-squares loss as a function of the parameters",
     r"L[\boldsymbol\phi] = \sum_i (y_i - f[x_i, \boldsymbol\phi])^2", ["Sum((y[i] - f(x[i], phi))**2, (i, 1, N_y))"],
     ["functional-bracket", "bracket-call"]),
    ("softmax-definition", "Prince UDL eq. 5.22: the softmax's definition",
     r"\mathrm{softmax}_k[\mathbf{z}] = \frac{\exp[z_k]}{\sum_{k'=1}^{K} \exp[z_{k'}]}",
     ["exp(z[k])/Sum(exp(z[k']), (k', 1, K))"], ["softmax-entry"]),
    ("pr-event", "Prince UDL eq. 5.20: the probability of class k given x", r"z = Pr(y=k \mid \mathbf{x})",
     ["Pr_{y=k}(x)"], ["probability-Pr", "event-name"]),
    ("latex-pr", "LaTeX's \\Pr (Goodfellow et al. 3.3)", r"z = \Pr(y \mid x)", ["Pr(y, x)"], []),
    ("argmax-event", "the classifier's decision, argmax_k p(y = k | x): over the classes, evaluated (session 28)",
     r"\hat{y} = \arg\max_k\ p(y=k\mid x)", ["ArgMaxOver(p_k(k, x), (k, 1, N_k))"],
     ["probability-event", "function-family"]),
    ("self-attention", "Prince UDL eq. 12.7: self-attention, V[X], K[X], Q[X] beside Sa[X]",
     r"\mathbf{Sa}[\mathbf{X}] = \mathbf{V}[\mathbf{X}]", ["V(X)"], ["bracket-call-form", "bracket-call-shared", "function-vector"]),
]  # fmt: skip


@pytest.mark.parametrize(("latex", "want", "rules"), [c[2:] for c in READINGS], ids=[c[0] for c in READINGS])
def test_reading(latex: str, want: list[str], rules: list[str]) -> None:
    f = symdl.parse(latex)
    assert [sympy.sstr(s.rhs) for s in f.statements] == want
    assert [n.rule for n in f.notes] == rules


def test_the_call_is_on_the_left() -> None:
    f = symdl.parse(r"\mathbf{f}[\mathbf{x}, \boldsymbol\phi] = \boldsymbol\beta_K + \boldsymbol\Omega_K \mathbf{h}_K")
    assert sympy.sstr(f.statements[0].lhs) == "f(x, phi)" and f.statements[0].kind == "definition"


def test_self_attention_with_matrix_valued_calls_is_refused() -> None:
    """Prince's whole self-attention needs matrix-valued unknown functions: a clear error, no longer the silent
    V X softmax(K X^T Q X) with (K X)^T read as K X^T."""
    with pytest.raises(symdl.NotSupported, match="unknown function of a vector"):
        symdl.parse(r"\mathbf{Sa}[\mathbf{X}] = \mathbf{V}[\mathbf{X}]\cdot\mathbf{Softmax}[\mathbf{K}[\mathbf{X}]^T"
                    r"\mathbf{Q}[\mathbf{X}]]")


# must-not-change rows: (id, source, latex, the first statement's right side as SymPy prints it, notes by rule)
KEPT = [
    ("code-entry", "the PyTorch docs' x[i]", r"y = x[i]", "x[i]", ["bracket-index"]),
    ("code-word-entry", "the PyTorch docs' x[class]", r"y = x[class]", "x_{class}", ["bracket-index"]),
    ("code-list-entry", "code's weights[i]", r"y = weights[i]", "weights[i]", ["word-name", "bracket-index"]),
    ("expectation", "LayerNorm's E[x]", r"m = \mathbb{E}[x]", "Trace(ones(1, n_1)*x)/n_1", ["expectation-mean"]),
    ("concatenation", "a stacked column", r"v = [a; b]", "Matrix([\n[a],\n[b]])", []),
    ("weight-concat", "Olah's LSTM, W[h; x]", r"y = W[h; x]", "W*Matrix([\n[h],\n[x]])", ["bracket-concat"]),
    ("weight-concat-comma", "Olah's LSTM, W_o[h_{t-1}, x_t]", r"y = W_o[h_{t-1}, x_t]",
     "W_o*Matrix([\n[h_{t-1}],\n[    x_t]])", ["bracket-concat"]),
    ("capital-times", "a capital times a bracket (noted: code's lookup)", r"y = W[x]", "W*x", ["bracket-lookup"]),
    ("spaced-letter", "a space before the bracket keeps the product", r"y = a [\mathbf{b} + \mathbf{c}]", None, None),
    ("event-number", "with a bar and a number the event names the function", r"z = P(y = 1 \mid x)", "P_{y=1}(x)",
     ["event-name"]),
    ("event-free-letter", "a letter no operator runs over keeps event-name", r"L = \log p(y = c | x)",
     "log(p_{y=c}(x))", ["event-name"]),
    ("pr-alone", "Pr with no bracket stays a product", r"z = Pr + 1", "P*r + ones(n_1, 1)", ["capital-matrix"]),
    ("keyword-axis", "Keras's mean(x, axis=-1)", r"q = mean(x, axis=-1)", "Trace(ones(1, n_1)*x)/n_1", ["keyword-axis"]),
    ("softmax-over", "GAT's softmax_j(e_ij): over j", r"\alpha_{ij} = \mathrm{softmax}_j(e_{ij})",
     "exp(e[i, j])/Sum(exp(e[i, j']), (j', 1, N_alpha2))", ["softmax-over-index"]),
]  # fmt: skip


@pytest.mark.parametrize(("latex", "want", "rules"), [c[2:] for c in KEPT], ids=[c[0] for c in KEPT])
def test_kept(latex: str, want: str | None, rules: list[str] | None) -> None:
    f = symdl.parse(latex)
    got = [n.rule for n in f.notes]
    assert "bracket-call-form" not in got and "bracket-call-shared" not in got and "probability-Pr" not in got
    if want is not None:
        assert sympy.sstr(f.statements[0].rhs) == want
    if rules is not None:
        assert got == rules


def test_pr_inside_a_word_is_no_probability() -> None:
    f = symdl.parse(r"z = xPr(y)")
    assert "probability-Pr" not in [n.rule for n in f.notes]


def test_two_variables_under_one_name_stay_refused() -> None:
    with pytest.raises(symdl.NotSupported, match="events of two variables"):
        symdl.parse(r"H = -\sum_k p(X=k) \log p(Y=k)")
