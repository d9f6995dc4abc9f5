"""Ordinary LaTeX from papers, textbooks, course notes and library docs (issue 11), read with the meaning a
deep-learning reader intends.

Each row is a spelling found in a real source kind, named in its id: ``nielsen-`` (Nielsen, *Neural Networks
and Deep Learning*), ``d2l-`` (Dive into Deep Learning), ``goodfellow-`` (*Deep Learning*), ``cs231n-`` (course
notes), ``ng-`` (Andrew Ng's courses), ``pytorch-`` (PyTorch docs), ``paper-`` (papers: Adam, batch norm,
VAE, LSTM), ``wiki-`` (Wikipedia), ``notes-`` (course notes and blogs).  Every row asserts a meaning: two
spellings read to the same SymPy, a value at a point against numpy, a structure, or the exact refusal.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import numpy as np
import pytest
import sympy

import symdl
from symdl.errors import InvalidInput, NotSupported, SymdlError


def reading(latex: str) -> tuple[Any, ...]:
    """What a formula means, statement by statement: kind, left side, right side (printed: the dummies of an
    element-wise function differ between two readings)."""
    f = symdl.parse(latex)
    return tuple((s.kind, str(s.lhs), str(s.rhs)) for s in f.statements)


# (id, spelling, the other spelling it must read identically to)
SAME: list[tuple[str, str, str]] = [
    # --- scripts in either order ---
    ("issue-s2k", r"s^2_{k}", r"s_{k}^2"),
    ("paper-adam-gamma-t-2", r"\gamma^t_2", r"\gamma_2^t"),
    ("paper-adam-bias-correction", r"\hat m_t = \frac{m_t}{1 - \beta^t_1}", r"\hat m_t = \frac{m_t}{1 - \beta_1^t}"),
    ("ng-layer-then-index", r"W^{[l]}_{jk}", r"W_{jk}^{[l]}"),
    ("ng-sample-then-feature", r"x^{(i)}_j", r"x_j^{(i)}"),
    ("ng-sample-sum", r"\sum_j w_j x^{(i)}_j + b", r"\sum_j w_j x_j^{(i)} + b"),
    ("goodfellow-iterate-index", r"\theta^{(k)}_i", r"\theta_i^{(k)}"),
    (
        "paper-batchnorm-variance",
        r"\frac{x_i - \mu_B}{\sqrt{\sigma^2_B + \epsilon}}",
        r"\frac{x_i - \mu_B}{\sqrt{\sigma_B^2 + \epsilon}}",
    ),
    ("notes-prime-then-sub", r"h'_t", r"h_t'"),
    ("notes-power-with-time", r"v^2_{t-1} + v_t", r"v_{t-1}^2 + v_t"),
    # --- Nielsen's layer superscripts: w^l_{jk} is layer l, never a power ---
    ("nielsen-weight", r"w^l_{jk}", r"w^{[l]}_{jk}"),
    ("nielsen-weight-order", r"w^l_{jk}", r"w_{jk}^l"),
    ("nielsen-activation-prev", r"a^{l-1}_k", r"a^{[l-1]}_k"),
    ("nielsen-error-last", r"\delta^L_j", r"\delta^{[L]}_j"),
    (
        "nielsen-forward",
        r"a^l_j = \sigma\left(\sum_k w^l_{jk} a^{l-1}_k + b^l_j\right)",
        r"a^{[l]}_j = \sigma\left(\sum_k w^{[l]}_{jk} a^{[l-1]}_k + b^{[l]}_j\right)",
    ),
    ("goodfellow-parenthesised-layer", r"a^{(l)} = g(W^{(l)} a^{(l-1)} + b^{(l)})",
     r"a^{[l]} = g(W^{[l]} a^{[l-1]} + b^{[l]})"),
    # --- partial derivatives ---
    ("cs231n-frac-vs-slash", r"\partial L / \partial W", r"\frac{\partial L}{\partial W}"),
    ("nielsen-dC-dw", r"\partial C / \partial w^l_{jk}", r"\frac{\partial C}{\partial w^l_{jk}}"),
    ("nielsen-dC-db-tight", r"\partial C/\partial b^l_j", r"\frac{\partial C}{\partial b^l_j}"),
    ("notes-partial-sub", r"\partial_w L", r"\frac{\partial L}{\partial w}"),
    ("notes-partial-sub-call", r"\partial_{\theta} J(\theta)", r"\frac{\partial J(\theta)}{\partial \theta}"),
    ("d2l-partial-sub-braced", r"\partial_{x} f(x)", r"\frac{\partial}{\partial x} f(x)"),
    ("notes-second-slash", r"\partial^2 L / \partial w^2", r"\frac{\partial^{2} L}{\partial w^{2}}"),
    ("notes-second-operator", r"\frac{\partial^2}{\partial x^2} f(x)", r"\frac{\partial^2 f}{\partial x^2}"),
    ("notes-second-dfrac", r"\dfrac{d^2 y}{dx^2}", r"\frac{d^2 y}{d x^2}"),
    # --- \{ \} as brackets ---
    ("notes-brace-group", r"\{ x + y \}^2", r"(x + y)^2"),
    ("notes-left-brace-group", r"a \left\{ b - c \right\}", r"a (b - c)"),
    ("notes-lbrace", r"\lbrace x - 1 \rbrace z", r"(x - 1) z"),
    (
        "notes-left-brace-array-cases",
        r"f(x) = \left\{ \begin{array}{ll} x & x > 0 \\ 0 & \text{otherwise} \end{array} \right.",
        r"f(x) = \begin{cases} x & x > 0 \\ 0 & \text{otherwise} \end{cases}",
    ),
    # --- norms ---
    ("notes-double-bar", r"||x||", r"\|x\|"),
    ("d2l-double-bar-squared", r"\frac{\lambda}{2} ||\mathbf{w}||^2", r"\frac{\lambda}{2} \|\mathbf{w}\|^2"),
    ("notes-double-bar-sub", r"||\mathbf{w}||_2^2", r"\|\mathbf{w}\|_2^2"),
    ("goodfellow-lVert", r"\lVert \mathbf{w} \rVert_2^2", r"\|\mathbf{w}\|_2^2"),
    ("notes-Vert", r"\Vert \mathbf{x} - \mathbf{y} \Vert", r"\|\mathbf{x} - \mathbf{y}\|"),
    ("notes-left-norm", r"\left\| \mathbf{x} \right\|_2", r"\|\mathbf{x}\|_2"),
    ("notes-left-lVert", r"\left\lVert \mathbf{x} \right\rVert", r"\|\mathbf{x}\|"),
    # --- conditional bars ---
    ("goodfellow-mid", r"p(y \mid x)", r"p(y | x)"),
    ("paper-policy-mid", r"\pi_\theta(a \mid s)", r"\pi_\theta(a|s)"),
    ("goodfellow-mid-params", r"\log p(y \mid x; \theta)", r"\log p(y | x; \theta)"),
    ("paper-vae-mid", r"\log q_\phi(z \mid x)", r"\log q_\phi(z | x)"),
    ("notes-kl-parallel", r"KL(p \parallel q)", r"KL(p, q)"),
    ("goodfellow-kl-norm-bar", r"D_{KL}(P \| Q)", r"D_{KL}(P, Q)"),
    ("paper-kl-mathrm-parallel", r"D_{\mathrm{KL}}(q \parallel p)", r"D_{\mathrm{KL}}(q, p)"),
    # --- \circ as the Hadamard product (LSTM on Wikipedia) ---
    ("wiki-lstm-circ", r"\mathbf{o}_t \circ \tanh(\mathbf{c}_t)", r"\mathbf{o}_t \odot \tanh(\mathbf{c}_t)"),
    # --- spacing ---
    ("notes-hspace", r"a \hspace{1em} + b", r"a + b"),
    ("notes-hspace-star", r"a + \hspace*{2pt} b", r"a + b"),
    ("notes-mkern", r"a \mkern3mu + b", r"a + b"),
    ("notes-mkern-negative", r"a +\mkern-3mu b", r"a + b"),
    ("notes-kern-em", r"x\kern0.5em - y", r"x - y"),
    ("notes-tilde", r"a ~+~ b", r"a + b"),
    ("notes-enspace-thinspace", r"a \enspace + \thinspace b", r"a + b"),
    ("notes-phantom", r"a + \phantom{x} b", r"a + b"),
    ("d2l-mathop-softmax", r"\mathop{\mathrm{softmax}}(z)", r"\mathrm{softmax}(z)"),
    ("notes-operatorname-star", r"\operatorname*{softmax}(z)", r"\operatorname{softmax}(z)"),
    ("notes-mathop-text", r"\mathop{\text{ReLU}}(x)", r"\text{ReLU}(x)"),
    # --- cases rows with punctuation and ties ---
    (
        "notes-cases-commas",
        r"f(x) = \begin{cases} x, & \text{if } x > 0 \\ 0, & \text{otherwise} \end{cases}",
        r"f(x) = \begin{cases} x & x > 0 \\ 0 & \text{otherwise} \end{cases}",
    ),
    (
        "notes-cases-tie-period",
        r"f(x) = \begin{cases} x & \text{if~} x > 0 \\ 0 & \text{otherwise.} \end{cases}",
        r"f(x) = \begin{cases} x & x > 0 \\ 0 & \text{otherwise} \end{cases}",
    ),
    (
        "notes-cases-mbox",
        r"f(x) = \begin{cases} x & \mbox{if } x \ge 0 \\ 0 & \mbox{otherwise} \end{cases}",
        r"f(x) = \begin{cases} x & x \ge 0 \\ 0 & \text{otherwise} \end{cases}",
    ),
    (
        "notes-cases-math-in-text",
        r"f(x) = \begin{cases} x & \text{if $x > 0$} \\ 0 & \text{else} \end{cases}",
        r"f(x) = \begin{cases} x & x > 0 \\ 0 & \text{otherwise} \end{cases}",
    ),
    (
        "notes-cases-row-space",
        r"f(x) = \begin{cases} x & x > 0 \\[2pt] 0 & \text{otherwise}, \end{cases}",
        r"f(x) = \begin{cases} x & x > 0 \\ 0 & \text{otherwise} \end{cases}",
    ),
    (
        "notes-cases-quad-if",
        r"f(x) = \begin{cases} x, & \quad \textrm{if } x > 0, \\ 0, & \quad \textrm{otherwise}. \end{cases}",
        r"f(x) = \begin{cases} x & x > 0 \\ 0 & \text{otherwise} \end{cases}",
    ),
    # --- names ---
    ("pytorch-fan-escaped", r"\text{fan\_out}", r"\text{fan}_{\text{out}}"),
    ("pytorch-fan-mathrm-sub", r"\mathrm{fan}_{\mathrm{in}}", r"\text{fan\_in}"),
    ("notes-mathrm-inner-sub", r"\mathrm{layer_2}", r"\mathrm{layer}_2"),
    ("notes-mathrm-inner-braced-sub", r"\mathrm{layer_{2}}", r"\mathrm{layer}_{2}"),
    ("paper-d-model", r"\text{d\_model}", r"d_{\text{model}}"),
    # --- array as a matrix ---
    ("notes-array", r"\begin{array}{cc} a & b \\ c & d \end{array}", r"\begin{pmatrix} a & b \\ c & d \end{pmatrix}"),
    (
        "notes-left-paren-array",
        r"\left( \begin{array}{cc} a & b \\ c & d \end{array}\right)",
        r"\begin{pmatrix} a & b \\ c & d \end{pmatrix}",
    ),
    (
        "notes-array-bar-spec",
        r"\left[\begin{array}{c|c} a & b \\ c & d \end{array}\right]",
        r"\begin{bmatrix} a & b \\ c & d \end{bmatrix}",
    ),
    (
        "notes-array-hline",
        r"\begin{array}{rr} \hline 1 & 2 \\ 3 & 4 \\ \hline \end{array}",
        r"\begin{pmatrix} 1 & 2 \\ 3 & 4 \end{pmatrix}",
    ),
    (
        "notes-array-row-space",
        r"\begin{array}{cc} a & b \\[4pt] c & d \end{array}",
        r"\begin{pmatrix} a & b \\ c & d \end{pmatrix}",
    ),
    # --- starred names ---
    ("notes-star-braced", r"w^{*}", r"w^*"),
    ("notes-star-ast", r"w^\ast", r"w^*"),
    ("notes-star-index-order", r"w^*_i", r"w_i^*"),
    ("notes-star-transpose", r"\mathbf{x}^{*T} \mathbf{y}", r"(\mathbf{x}^*)^T \mathbf{y}"),
    # --- sizing, spacing, fractions and roots in every spelling ---
    ("notes-dfrac-tfrac", r"\dfrac{a}{b} + \tfrac{1}{2}", r"\frac{a}{b} + \frac{1}{2}"),
    ("notes-bigl-bigr", r"\bigl( a + b \bigr)^2", r"(a + b)^2"),
    ("notes-Bigl-bracket", r"\Bigl[ a + b \Bigr] c", r"(a + b) c"),
    ("notes-biggl", r"\biggl( x \biggr) + \Bigg( y \Bigg)", r"x + y"),
    ("notes-left-right-log", r"\log\left(1 + e^{x}\right)", r"\log(1 + e^{x})"),
    ("notes-thin-spaces", r"y = a\,x + b\;c\quad", r"y = a x + b c"),
    ("notes-times-ast", r"a \times b \ast c", r"a b c"),
    ("notes-limits", r"\sum\limits_{i=1}^{n} x_i", r"\sum_{i=1}^{n} x_i"),
    ("notes-max-limits", r"\max\limits_{k} s_k", r"\max_k s_k"),
    ("notes-substack-one-row", r"\sum_{\substack{i=1}}^{n} x_i", r"\sum_{i=1}^{n} x_i"),
    ("d2l-operatorname-relu", r"\operatorname{ReLU}(x)", r"\mathrm{ReLU}(x)"),
    ("notes-mathit-name", r"\mathit{loss} = (y - t)^2", r"\text{loss} = (y - t)^2"),
    ("notes-lvert", r"\lvert x \rvert", r"|x|"),
    ("notes-left-bars", r"\left| x - y \right|", r"|x - y|"),
    ("notes-comma-subscript", r"x_{i,j}", r"x_{ij}"),
    ("notes-intercal", r"\mathbf{W}^\intercal \mathbf{x}", r"\mathbf{W}^T \mathbf{x}"),
    ("notes-mathsf-T", r"\mathbf{W}^{\mathsf{T}} \mathbf{x}", r"\mathbf{W}^\top \mathbf{x}"),
    ("notes-bm-pmb", r"\bm{x} + \pmb{y}", r"\mathbf{x} + \mathbf{y}"),
    # --- relations ---
    ("notes-coloneq-update", r"\theta := \theta - \eta g", r"\theta \leftarrow \theta - \eta g"),
    ("notes-gets-update", r"\theta \gets \theta - \eta g", r"\theta \leftarrow \theta - \eta g"),
    ("nielsen-rightarrow-update", r"w \rightarrow w' = w - \eta g", r"w \leftarrow w - \eta g"),
    ("notes-approx", r"L \approx \frac{1}{2} x^2", r"L = \frac{1}{2} x^2"),
    ("notes-equiv", r"f(x) \equiv x^2", r"f(x) = x^2"),
    ("notes-comma-statements", r"a = 1, \; b = 2", r"a = 1 \\ b = 2"),
    ("paper-where-clause", r"y = w x + b \quad \text{where } w = 2", r"y = w x + b \\ w = 2"),
    # --- dots ---
    ("notes-cdots-dots", r"x_1 + \cdots + x_n", r"x_1 + \dots + x_n"),
    ("notes-ldots-dots", r"x_1 + x_2 + \ldots + x_n", r"x_1 + x_2 + \dots + x_n"),
]


@pytest.mark.parametrize(("spelling", "other"), [c[1:] for c in SAME], ids=[c[0] for c in SAME])
def test_same_reading(spelling: str, other: str) -> None:
    assert reading(spelling) == reading(other)


W3 = np.array([0.5, -1.0, 2.0])
X3 = np.array([1.0, 2.0, -0.5])


def relu_ref(d: dict[str, Any]) -> float:
    return max(d["x"], 0.0)


# (id, spelling, inputs keyed as formula.symbols, expected value)
VALUES: list[tuple[str, str, dict[str, Any], Callable[[dict[str, Any]], Any]]] = [
    ("paper-adam-gamma-power", r"\gamma^t_2", {r"\gamma_2": 0.9, "t": 3}, lambda d: 0.9**3),
    ("issue-s2-sub", r"s^2_{k} + 1", {"s": np.array([1.0, 2.0, 3.0])}, lambda d: d["s"] ** 2 + 1),
    (
        "paper-batchnorm",
        r"\frac{x - \mu_B}{\sqrt{\sigma^2_B + \epsilon}}",
        {"x": 1.5, r"\mu_B": 0.5, r"\sigma_B": 2.0, r"\epsilon": 0.0},
        lambda d: 0.5,
    ),
    (
        "d2l-weight-decay-bars",
        r"\frac{\lambda}{2} ||\mathbf{w}||^2",
        {r"\lambda": 0.1, r"\mathbf{w}": W3},
        lambda d: 0.05 * float(W3 @ W3),
    ),
    (
        "goodfellow-lVert-dist",
        r"\lVert \mathbf{x} - \mathbf{y} \rVert_2",
        {r"\mathbf{x}": X3, r"\mathbf{y}": W3},
        lambda d: float(np.linalg.norm(X3 - W3)),
    ),
    ("notes-star-distance-of-vectors", r"\|w - w^*\|^2", {"w": np.array([1.0, 2.0]), "w^*": np.array([0.3, 0.0])},
     lambda d: 4.49),
    ("notes-star-theta", r"(\theta - \theta^*)^2", {r"\theta": 2.0, r"\theta^*": 0.5}, lambda d: 2.25),
    (
        "pytorch-xavier",
        r"\text{gain} \times \sqrt{\frac{2}{\text{fan\_in} + \text{fan\_out}}}",
        {r"\text{gain}": 1.0, r"\text{fan\_in}": 3.0, r"\text{fan\_out}": 5.0},
        lambda d: math.sqrt(2 / 8),
    ),
    (
        "pytorch-kaiming-mathrm",
        r"\frac{\text{gain}}{\sqrt{\mathrm{fan}_{\mathrm{in}}}}",
        {r"\text{gain}": 2.0, r"\mathrm{fan}_{\mathrm{in}}": 4.0},
        lambda d: 1.0,
    ),
    ("notes-brace-square", r"\{ x + y \}^2", {"x": 0.5, "y": 1.0}, lambda d: 2.25),
    ("notes-hspace-value", r"x \hspace{0.5em} y + \mkern3mu 1", {"x": 2.0, "y": 3.0}, lambda d: 7.0),
    (
        "notes-relu-cases-pos",
        r"\begin{cases} x, & \text{if } x > 0 \\ 0, & \text{otherwise} \end{cases}",
        {"x": 0.7},
        relu_ref,
    ),
    (
        "notes-relu-cases-neg",
        r"\begin{cases} x, & \text{if } x > 0 \\ 0, & \text{otherwise} \end{cases}",
        {"x": -0.7},
        relu_ref,
    ),
    (
        "d2l-leaky-relu",
        r"\begin{cases} x & \text{if } x > 0 \\ \alpha x & \text{otherwise} \end{cases}",
        {"x": -2.0, r"\alpha": 0.1},
        lambda d: -0.2,
    ),
    (
        "wiki-huber-small",
        r"\begin{cases} \frac{1}{2} a^2, & \text{for } |a| \le \delta, \\ \delta (|a| - \frac12"
        r" \delta), & \text{otherwise.} \end{cases}",
        {"a": 0.5, r"\delta": 1.0},
        lambda d: 0.125,
    ),
    (
        "wiki-huber-large",
        r"\begin{cases} \frac{1}{2} a^2, & \text{for } |a| \le \delta, \\ \delta (|a| - \frac12"
        r" \delta), & \text{otherwise.} \end{cases}",
        {"a": -3.0, r"\delta": 1.0},
        lambda d: 2.5,
    ),
    (
        "notes-left-brace-array-piecewise",
        r"\left\{ \begin{array}{ll} x & x \geq 0 \\ 0 & \text{otherwise} "
        r"\end{array} \right.",
        {"x": -1.0},
        lambda d: 0.0,
    ),
    ("cs231n-max-over-index", r"\max_k s_k - \min_j s_j", {"s": X3}, lambda d: X3.max() - X3.min()),
    ("notes-shifted-logsumexp", r"\log \sum_j e^{z_j - \max_k z_k}", {"z": X3},
     lambda d: np.log(np.exp(X3 - X3.max()).sum())),
    ("cs231n-indicator-cross-entropy", r"L = -\sum_k \mathbb{1}[y = k] \log p_k", {"p": np.array([0.2, 0.5, 0.3]),
     "y": 2.0}, lambda d: -np.log(0.5)),
    ("notes-indicator-set-braces", r"g = \mathbb{1}\{x > 0\}", {"x": np.array([-1.0, 2.0])}, lambda d: [0.0, 1.0]),
    ("notes-indicator-subscript", r"g = \mathbb{1}_{x \le 1}", {"x": np.array([1.0, 2.0])}, lambda d: [1.0, 0.0]),
    ("notes-cube-root", r"\sqrt[3]{x}", {"x": 8.0}, lambda d: 2.0),
    ("notes-exp-left-right", r"\exp\left(-\frac{x^2}{2}\right)", {"x": 1.5}, lambda d: math.exp(-1.125)),
    ("notes-tanh-derivative", r"1 - \tanh^2(x)", {"x": 0.3}, lambda d: 1 - math.tanh(0.3) ** 2),
    ("notes-relu-max", r"\max(0, x)", {"x": -0.4}, lambda d: 0.0),
    ("notes-e-notation", r"x + 1e-8", {"x": 1.0}, lambda d: 1.0 + 1e-8),
    ("notes-ten-power", r"x + 10^{-8}", {"x": 1.0}, lambda d: 1.0 + 1e-8),
    ("notes-two-fracs", r"\frac{a}{b}\frac{c}{d}", {"a": 1.0, "b": 2.0, "c": 3.0, "d": 4.0}, lambda d: 0.375),
    ("notes-slash-chain", r"a / b / c", {"a": 1.0, "b": 2.0, "c": 4.0}, lambda d: 0.125),
    ("notes-norm-squared-lr", r"\left\| \mathbf{w} \right\|_2^2", {r"\mathbf{w}": W3}, lambda d: float(W3 @ W3)),
    (
        "paper-softmax-temperature",
        r"\frac{\exp(z_i / T)}{\sum_j \exp(z_j / T)}",
        {"z": X3, "T": 2.0},
        lambda d: np.exp(X3 / 2) / np.exp(X3 / 2).sum(),
    ),
    ("notes-cdots-sum", r"x_1 + x_2 + \cdots + x_n", {"x": np.array([1.0, 2.0, 4.0]), "n": 3}, lambda d: 7.0),
]


@pytest.mark.parametrize(("latex", "inputs", "ref"), [c[1:] for c in VALUES], ids=[c[0] for c in VALUES])
def test_value(latex: str, inputs: dict[str, Any], ref: Callable[[dict[str, Any]], Any]) -> None:
    formula = symdl.parse(latex)
    got = symdl.lambdify(formula)(**inputs)
    np.testing.assert_allclose(np.asarray(got, dtype=float).ravel(), np.ravel(ref(inputs)), rtol=1e-9)


def _x() -> sympy.Symbol:
    return sympy.Symbol("x", real=True)


def second_derivative(f: symdl.Formula) -> bool:
    d = f.rhs
    return isinstance(d, sympy.Derivative) and d.derivative_count == 2 and len(d.variables) == 2


def no_index(f: symdl.Formula) -> bool:
    return all(not isinstance(s, (sympy.Indexed, sympy.IndexedBase)) for s in f.symbols.values())


# (id, spelling, a property of what it reads to)
STRUCTURE: list[tuple[str, str, Callable[[symdl.Formula], bool]]] = [
    ("goodfellow-second-partial", r"\frac{\partial^2 f}{\partial x^2}", second_derivative),
    ("notes-second-d", r"\frac{d^2 y}{dx^2}", second_derivative),
    ("notes-second-slash", r"\partial^2 L / \partial w^2", second_derivative),
    ("notes-first-slash", r"\partial L / \partial w", lambda f: f.rhs.derivative_count == 1),
    ("pytorch-fan-in-one-name", r"\mathrm{fan}_{\mathrm{in}}", no_index),
    ("pytorch-fan-out-one-name", r"\text{fan\_out}", no_index),
    ("notes-star-not-power", r"w^*", lambda f: isinstance(f.rhs, sympy.Symbol) and f.rhs.name == "w^*"),
    ("notes-star-is-new-name", r"w - w^*", lambda f: len(f.rhs.free_symbols) == 2),
    ("nielsen-layer-not-power", r"w^l_{jk}", lambda f: not f.rhs.is_Pow),
    ("nielsen-z-L", r"\sigma(z^L)", lambda f: not any(p.is_Pow for p in sympy.preorder_traversal(f.rhs))),
    ("notes-array-column", r"\begin{array}{c} x_1 \\ x_2 \end{array}", lambda f: f.rhs.shape == (2, 1)),
    ("goodfellow-mid-two-args", r"p(y \mid x)", lambda f: len(f.rhs.args) == 2),
    ("paper-adam-rate-power", r"\beta^t_1", lambda f: f.rhs.is_Pow),
]


@pytest.mark.parametrize(("latex", "check"), [c[1:] for c in STRUCTURE], ids=[c[0] for c in STRUCTURE])
def test_structure(latex: str, check: Callable[[symdl.Formula], bool]) -> None:
    assert check(symdl.parse(latex))


# (id, spelling, the error class it is refused with): meaningful notation symdl does not read yet
REFUSED: list[tuple[str, str, type[SymdlError]]] = [
    ("goodfellow-mixed-partial", r"\frac{\partial^2 f}{\partial x \partial y}", NotSupported),
    ("notes-order-mismatch", r"\frac{\partial^2 f}{\partial x}", NotSupported),
    # notes-d-by-square, \frac{\partial L}{\partial x^2}: read since session 28 as the derivative by the variable x^2
    # (variance-variable; tests/test_read_s28_variance.py)
    ("notes-bare-partial", r"\partial L + 1", NotSupported),
    ("notes-set-braces", r"\{x_1, \dots, x_n\}", NotSupported),
    ("notes-set-builder", r"\{ x \mid x > 0 \}", NotSupported),
    ("notes-lone-mid", r"a \mid b", NotSupported),
    ("notes-lone-parallel", r"a \parallel b", NotSupported),
    ("otimes-matrix-vector", r"\mathbf{A} \otimes \mathbf{v}", NotSupported),  # (u ⊗ v: element-wise, session 42)
    ("notes-oplus", r"a \oplus b", NotSupported),
    # z \sim \mathcal{N}(0, 1), z \sim q(z \mid x) and Xavier's W \sim U[-a, a] alone are distribution statements
    # now (tests/test_read_session16_read2.py)
    ("notes-propto-chain", r"p(x) \propto q(x) \propto e^{-x}", NotSupported),
    # \arg\max_x f(x), \operatorname*{argmax}_\theta, \text{arg\,max}_x over a variable read as unevaluated optima
    # now (test_read_heldout_session13_h); \mathop{\mathrm{argmin}}_w L(w) too (test_read_heldout_session14_t)
    (
        "notes-cases-and-or",  # one connective per condition (x > 0 \text{ and } x < 1 reads: symdl.read.condjoin)
        r"\begin{cases} x & x > 0 \text{ and } x < 1 \text{ or } x > 2 \\ 0 & \text{otherwise} \end{cases}",
        NotSupported,
    ),
    ("notes-indicator-without-condition", r"\mathbb{1} + x", NotSupported),
    ("notes-indicator-two-comparisons", r"\mathbb{1}[0 < x < 1]", NotSupported),
    # (\min_G \max_D V(D, G) and \min_w L(w) at a statement's start are objectives set aside with a note:
    # tests/test_read_quotients_brackets_activations.py; an optimum's value stays refused)
    ("paper-gan-minimax-optimum-value", r"v = \min_G \max_D V(D, G)", NotSupported),
    # L^* = \min_w L(w) (an unevaluated optimum) and \max_\theta J(\theta) (the objective's prefix) read now
    # (test_read_heldout_session13_h)
    ("notes-unclosed-brace", r"\{ x + y", InvalidInput),
    ("notes-unclosed-double-bar", r"||x + y", InvalidInput),
    ("notes-mkern-no-unit", r"a \mkern3 b", InvalidInput),
    ("notes-composition-call", r"(f \circ \ldots \circ g)(x)", NotSupported),  # (f \circ g)(x) is f(g(x)) now
    # (beside a statement, \epsilon \sim \mathcal{N}(0, I) is set aside: tests/test_read_quotients_brackets_activations.py)
]


@pytest.mark.parametrize(("latex", "cls"), [c[1:] for c in REFUSED], ids=[c[0] for c in REFUSED])
def test_refused(latex: str, cls: type[SymdlError]) -> None:
    with pytest.raises(cls):
        symdl.parse(latex)


def test_enough_rows() -> None:
    assert len(SAME) + len(VALUES) + len(STRUCTURE) + len(REFUSED) >= 150
