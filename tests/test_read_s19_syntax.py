"""Readings of real notation that was refused for its syntax (session 19, task read-syntax), by class.

* a statement whose relations are of different kinds, an equality beside a bound or an update beside a name for its
  value, as the statements between neighbours (rule ``relation-chain``); a chain of ``=`` and ``:=`` as one chain;
* a chain of comparisons alone that bounds a computed value (the log-sum-exp's bounds) as its comparisons;
* a relation with a word stacked over it (``\\stackrel{\\textrm{def}}{=}``) as the relation;
* a row of an aligned block that carries on the row before it (the PyTorch docs' MaxPool2d), and ``={}``;
* pseudo-code's ``\\textbf{if } ... \\textbf{ then } ... \\textbf{ end if}`` and a guard with ``\\neq``;
* a wrapped remark in parentheses (``\\text{(AdamW)}``) as prose, and ``\\text{vs}`` between statements;
* ``\\text{stride[0]}`` as an entry; the Keras docs' typeset ``\\text{axis}=-1``;
* ``P(X \\le x)`` as the distribution function ``F_X(x)`` (rule ``event-probability``).

Each row: the formula as its source prints it, the statements it reads as (SymPy) and the reading notes by rule
with the text they point at; what stays refused is refused by name, pointing at the part that is not read."""

from __future__ import annotations

import numpy as np
import pytest

import symdl
from tests.real_sources import assert_refused_at


def _notes(formula: symdl.Formula) -> list[tuple[str, str]]:
    return [(n.rule, formula.source[n.span.start : n.span.end]) for n in formula.notes]


def _statements(formula: symdl.Formula) -> list[tuple[str, str, str, str]]:
    return [(s.kind, s.relation, str(s.lhs), str(s.rhs)) for s in formula.statements]


# (id, source, latex, statements as (kind, relation, lhs, rhs), notes as (rule, text))
READS = [
    (
        "sigmoid-derivative-bound",  # Nielsen, Neural Networks and Deep Learning ch. 5: σ'(z) ≤ 1/4
        r"\sigma'(z_j) = \sigma(z_j)\left(1 - \sigma(z_j)\right) \le \frac{1}{4}",
        [
            ("equation", "", "Subs(Derivative(sigmoid(_u), _u), _u, z[j])", "(1 - sigmoid(z[j]))*sigmoid(z[j])"),
            ("inequality", "<=", "(1 - sigmoid(z[j]))*sigmoid(z[j])", "1/4"),
        ],
        [("relation-chain", r"\sigma'(z_j) = \sigma(z_j)\left(1 - \sigma(z_j)\right) \le \frac{1}{4}")],
    ),
    (
        "step-size-bound",  # AdaGrad-style decaying step, η_t = η/√t ≤ η (Duchi et al. 2011)
        r"\eta_t = \frac{\eta}{\sqrt{t}} \le \eta",
        [("assignment", "", "eta_t", "eta/sqrt(t)"), ("inequality", "<=", "eta/sqrt(t)", "eta")],
        [("relation-chain", r"\eta_t = \frac{\eta}{\sqrt{t}} \le \eta")],
    ),
    (
        "batch-norm-update-and-name",  # Ioffe & Szegedy 2015, Algorithm 1, last line
        r"y_i \leftarrow \gamma \widehat{x}_i + \beta \equiv \mathrm{BN}_{\gamma,\beta}(x_i)",
        [
            ("update", "", "y[i]", "beta + gamma*xhat[i]"),
            ("equation", "", "beta + gamma*xhat[i]", r"BN_{\gamma,\beta}(x[i])"),
        ],
        [("relation-chain", r"y_i \leftarrow \gamma \widehat{x}_i + \beta \equiv \mathrm{BN}_{\gamma,\beta}(x_i)")],
    ),
    (
        "bound-then-equality",  # Higgins et al. 2017 (β-VAE), eq. 4: F ≥ L = ..., in letters
        r"F \geq L = a - \beta b",
        [("inequality", ">=", "F", "L"), ("assignment", "", "L", "a - b*beta")],
        [("relation-chain", r"F \geq L = a - \beta b")],
    ),
    (
        "nielsen-91-arrow-then-equality",  # Nielsen ch. 3, eq. (91): the L2-regularised update, rescaled
        r"w \rightarrow w-\eta \frac{\partial C_0}{\partial w}-\frac{\eta \lambda}{n} w = \left(1-\frac{\eta "
        r"\lambda}{n}\right) w -\eta \frac{\partial C_0}{\partial w}",
        [
            ("update", "", "w", "-eta*lambda*w/n - eta*Derivative(C_0(w), w) + w"),
            (
                "equation",
                "",
                "-eta*lambda*w/n - eta*Derivative(C_0(w), w) + w",
                "-eta*Derivative(C_0(w), w) + w*(-eta*lambda/n + 1)",
            ),
        ],
        [
            (
                "relation-chain",
                r"w \rightarrow w-\eta \frac{\partial C_0}{\partial w}-\frac{\eta \lambda}{n} w = \left(1-\frac{\eta "
                r"\lambda}{n}\right) w -\eta \frac{\partial C_0}{\partial w}",
            )
        ],
    ),
    (
        "define-chain",  # Wikipedia, Cosine similarity: "cosine similarity = S_C(A, B) := cos(θ) = ...", in letters
        r"S = s(a) := \cos(a) = 1 - 2a",
        [("assignment", "", "S", "1 - 2*a")],
        [],
    ),
    (
        "stacked-def",  # d2l 11.2, attention pooling: \stackrel{\textrm{def}}{=}
        r"\textrm{Attention}(q, D) \stackrel{\textrm{def}}{=} \sum_{i=1}^m \alpha_i v_i",
        [("definition", "", "Attention(q, D)", "Sum(alpha[i]*v[i], (i, 1, m))")],
        [],
    ),
    ("overset-def", r"f(x) \overset{\mathrm{def}}{=} x^2", [("definition", "", "f(x)", "x**2")], []),
    (
        "aligned-row-carries-on",  # PyTorch docs, MaxPool2d: the max's body on the next row, after ={}
        r"\begin{aligned} y ={} & \max_{m=0, \ldots, k-1} \\ & \text{input}(h + m) \end{aligned}",
        [("assignment", "", "y", "MaxOver(input(h + m), (m, 0, k - 1))")],
        [("max-over-argument", "\\max_{m=0, \\ldots, k-1} \\\\ & ")],
    ),
    (
        "aligned-row-opens-with-plus",
        r"\begin{aligned} L &= a + b \\ &+ c \end{aligned}",
        [("assignment", "", "L", "a + b + c")],
        [],
    ),
    (
        "aligned-rows-stay-statements",
        r"\begin{aligned} L &= a + b \\ M &= c \end{aligned}",
        [("assignment", "", "L", "a + b"), ("assignment", "", "M", "c")],
        [],
    ),
    (
        "if-then-end-if",  # Pascanu et al. 2013, Algorithm 1 (gradient clipping), as Lil'Log prints it
        r"\textbf{if } \|\hat{\mathbf{g}}\| \geq v \textbf{ then } \hat{\mathbf{g}} \leftarrow "
        r"\frac{v}{\|\hat{\mathbf{g}}\|}\hat{\mathbf{g}} \textbf{ end if}",
        [
            ("inequality", ">=", "sqrt(Trace(ghat.T*ghat))", "v"),
            ("update", "", "ghat", "(v/sqrt(Trace(ghat.T*ghat)))*ghat"),
        ],
        [("guard-line", r"\textbf{if } \|\hat{\mathbf{g}}\| \geq v"), ("prose-clause", r"\textbf{ end if}")],
    ),
    (
        "if-then-after-a-statement",  # Pascanu et al. 2013, Algorithm 1, on one line
        r"\hat{\mathbf{g}} \leftarrow \frac{\partial \mathcal{E}}{\partial \theta}; \quad \textbf{if } "
        r"\|\hat{\mathbf{g}}\| \geq v \textbf{ then } \hat{\mathbf{g}} \leftarrow \frac{v}{\|\hat{\mathbf{g}}\|} "
        r"\hat{\mathbf{g}}",
        [
            ("update", "", "ghat", "Derivative(Ecal(theta), theta)"),
            ("inequality", ">=", "sqrt(Trace(ghat.T*ghat))", "v"),
            ("update", "", "ghat", "(v/sqrt(Trace(ghat.T*ghat)))*ghat"),
        ],
        [("guard-line", r"\textbf{if } \|\hat{\mathbf{g}}\| \geq v")],
    ),
    (
        "guard-not-equal",  # PyTorch docs, torch.optim.SGD algorithm box
        r"\textbf{if} \: \lambda \neq 0 \\ \hspace{10mm} g_t \leftarrow g_t + \lambda \theta_{t-1}",
        [("update", "", "g_t", "g_t + lambda*theta_{t-1}")],
        [("condition-clause", r"\textbf{if} \: \lambda \neq 0")],
    ),
    (
        "remark-and-vs",  # Loshchilov & Hutter (AdamW), as a blog contrasts the two updates
        r"g_t \leftarrow \nabla f_t(\theta_{t-1}) + \lambda \theta_{t-1} \quad \text{(Adam + L2)} \qquad \text{vs} "
        r"\qquad \theta_t \leftarrow \theta_t - \eta \lambda \theta_{t-1} \quad \text{(AdamW)}",
        [
            ("update", "", "g_t", "lambda*theta_{t-1} + Derivative(f_t(theta_{t-1}), theta_{t-1})"),
            ("update", "", "theta_t", "-eta*lambda*theta_{t-1} + theta_t"),
        ],
        [("nabla-number", r"\nabla f_t(\theta_{t-1})"), ("prose-clause", r"\text{(Adam + L2)}"),
         ("prose-clause", r"\text{(AdamW)}")],
    ),
    (
        "wrapped-bracket-entry",  # PyTorch docs, MaxPool2d: stride[0] × h + m
        r"y = \text{stride[0]} \times h + m",
        [("assignment", "", "y", "h*stride_0 + m")],
        [("bracket-index", r"\text{stride[0]}")],
    ),
    (
        "gelu-event",  # Hendrycks & Gimpel 2016, section 2
        r"\text{GELU}(x) = xP(X \le x) = x\Phi(x)",
        [("definition", "", "GELU(x)", "x*(erf(sqrt(2)*x/2)/2 + 1/2)")],
        [("chain-value", r"\text{GELU}(x) = xP(X \le x) = x\Phi(x)"), ("event-probability", r"P(X \le x)"),
         ("call-capital-greek", r"\Phi(x)"), ("phi-normal-cdf", r"\Phi(x)")],
    ),
    ("pr-event", r"y = \Pr(X \leq x)", [("assignment", "", "y", "F_X(x)")], [("event-probability", r"\Pr(X \leq x)")]),
    (
        "sgdr-condition-beside",  # Loshchilov & Hutter 2017 (SGDR), eq. 5 and the condition after it, in letters
        r"\begin{aligned} \eta_t & = a + \frac{1}{2}(b - a)\left(1 + \cos\left(\frac{T}{M}\pi\right)\right), & T \neq "
        r"(2k+1)M; \end{aligned}",
        [("assignment", "", "eta_t", "a + (-a + b)*(cos(pi*T/M) + 1)/2")],
        [("condition-clause", "T \\neq (2k+1)M")],
    ),
    (
        "projection-onto-interval",  # a projected step onto the box [-c, c] (WGAN's clipping, as a projection)
        r"w \leftarrow \Pi_{[-c, c]}\left(w - \eta g\right)",
        [("update", "", "w", "Min(c, Max(-c, -eta*g + w))")],
        [("projection-interval", r"\Pi_{[-c, c]}\left(w - \eta g\right)")],
    ),
    (
        "dpo-preference",  # Rafailov et al. 2023 (DPO), eq. 1
        r"p^*(y_1 \succ y_2 \mid x) = \frac{\exp(r^*(x, y_1))}{\exp(r^*(x, y_1)) + \exp(r^*(x, y_2))}",
        [("definition", "", "p^*(y_1, y_2, x)", "exp(r^*(x, y_1))/(exp(r^*(x, y_1)) + exp(r^*(x, y_2)))")],
        [("preference-event", r"(y_1 \succ y_2 \mid x)")],
    ),
    (
        "poisson-factorial-in-text",  # PyTorch docs, PoissonNLLLoss
        r"l = \text{input} - \text{target} * \log(\text{input}) + \log(\text{target!})",
        [("assignment", "", "l", "input - target*log(input) + log(factorial(target))")],
        [],
    ),
]


@pytest.mark.parametrize(("latex", "statements", "notes"), [r[1:] for r in READS], ids=[r[0] for r in READS])
def test_reads(latex: str, statements: list[tuple[str, str, str, str]], notes: list[tuple[str, str]]) -> None:
    formula = symdl.parse(latex)
    assert _statements(formula) == statements
    assert _notes(formula) == notes


def test_log_sum_exp_bounds_read() -> None:
    """The log-sum-exp's bounds (Boyd & Vandenberghe 3.1.5): a chain alone that bounds a computed value."""
    latex = (
        r"\max\{x_1, \ldots, x_n\} \le \log\left(e^{x_1} + \cdots + e^{x_n}\right) \le \max\{x_1, \ldots, x_n\} "
        r"+ \log n"
    )
    formula = symdl.parse(latex)
    assert [(s.kind, s.relation) for s in formula.statements] == [("inequality", "<="), ("inequality", "<=")]
    assert [n.rule for n in formula.notes] == ["comparison-chain", "argument-sequence", "argument-sequence"]


def test_keras_typeset_axis_is_the_mean_of_entries() -> None:
    """The Keras docs' MAE, typeset: ``\\text{axis}=-1`` as ``axis=-1``, the mean over the entries."""
    latex = (
        r"\mathrm{loss} = \operatorname{mean}\left(\operatorname{abs}(y_{\text{true}} - y_{\text{pred}}), "
        r"\text{axis}=-1\right)"
    )
    formula = symdl.parse(latex)
    assert [n.rule for n in formula.notes] == ["keyword-axis"]
    a, b = np.array([1.0, -2.0, 3.0]), np.array([0.5, 0.0, 1.0])
    got = symdl.lambdify(formula)(**{r"y_{\text{true}}": a, r"y_{\text{pred}}": b})
    np.testing.assert_allclose(float(np.asarray(got, dtype=float).ravel()[0]), np.mean(np.abs(a - b)), rtol=1e-12)


# (id, latex, what the message says, the text it points at)
REFUSED = [
    ("equality-before-update", r"a = b \leftarrow c", "an update with more relations", r"\leftarrow"),
    ("define-named-again", r"x := x + 1 = y", "an update with more relations", "="),
    ("range-alone", r"0 \le p \le 1", "a chain of comparisons", r"\le"),
    ("propto-chain", r"p(x) \propto q(x) \propto e^{-x}", "a chain of comparisons", r"\propto"),
    # PyTorch docs, GLU: the two halves of the input as code slices
    (
        "glu-code-slices",
        r"\mathrm{glu}(x) = x\left[\ldots, 0:n\right] \cdot \sigma\left(x\left[\ldots, n:2n\right]\right)",
        "a ':' between two values",
        ":",
    ),
    # cs231n notes (weight initialisation): a library call typeset as a name
    ("numpy-call", r"w = \text{np.random.randn}(n) \cdot \sqrt{2.0/n}", "code's library call", r"{np.random.randn}"),
    # Reddi et al. 2018 (AMSGrad), Algorithm 2: the projection onto the feasible set
    (
        "projection-onto-a-set",
        r"x_{t+1} = \Pi_{\mathcal{F}}\left(x_t - \alpha g_t\right)",
        "a projection onto the set",
        r"\Pi_{\mathcal{F}}\left(x_t - \alpha g_t\right)",
    ),
    # CLIP (Radford et al. 2021), Figure 3's pseudo-code: the loss over rows, then columns
    (
        "clip-axis-0",
        r"\mathcal{L} = \mathrm{CE}(\text{logits}, \text{labels}, \text{axis}{=}0)",
        "the keyword argument axis=",
        r"\text{axis}{=}0",
    ),
    # Keras docs, squared_hinge, typeset with \cdot: the dot product of the two arrays
    (
        "keras-cdot-in-axis-mean",
        r"\text{loss} = \operatorname{mean}\left(\operatorname{square}\left(\max(1 - y_{\text{true}} \cdot "
        r"y_{\text{pred}}, 0)\right), \text{axis}=-1\right)",
        "reads as a number",
        r"\operatorname{mean}\left(\operatorname{square}\left(\max(1 - y_{\text{true}} \cdot y_{\text{pred}}, 0)\right), "
        r"\text{axis}=-1\right)",
    ),
]


@pytest.mark.parametrize(("latex", "what", "text"), [r[1:] for r in REFUSED], ids=[r[0] for r in REFUSED])
def test_refused_by_name(latex: str, what: str, text: str) -> None:
    assert_refused_at(latex, what, text)
