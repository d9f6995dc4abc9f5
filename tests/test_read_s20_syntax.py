"""Readings of common notation that was refused for its syntax (session 20, task rsyn2, issue 12), by class.

* MathJax's and TeX's other spellings: ``\\gt``, ``\\lt``, ``\\geqslant``, ``\\leqslant`` and plain TeX's ``\\cr``
  (a row break, as ``\\\\``);
* rows of ``cases``/``array``: a column of punctuation only, or empty, between value and condition
  (``0 &, & \\text{if } x \\leq -3``), and a trailing ``;``;
* conditions: ``x \\in [a, b]`` and ``x \\in (a, b)`` as ranges, ``i \\text{ even}`` / ``\\text{ odd}`` as the
  remainder by 2; membership of a named set and conditions in words only stay refused, by name;
* pseudo-code: ``\\text{if } cond: \\quad statement`` (Python's colon, or a wide space alone) as the guard line and
  the statement;
* code: Python's binary ``@`` as the matrix product (``code-matmul``) and numpy's ``.T`` as the transpose
  (``code-transpose``); a Sphinx ``@gamma`` stays refused with a hint; ``log\\_sigmoid`` as one code name; C's
  ``y = cond ? a : b`` as a cases (``code-conditional``);
* a sign up on a bold name, or on a letter the formula writes with both signs: the positive and negative samples of
  triplet and contrastive losses, labels (``superscript-sample-label``); a lone ``x^+`` stays refused;
* a derivative operator before a thin space (``\\frac{d}{dx}\\, x\\sigma(x)``) or a ``\\max`` call.

Each row: the formula as its source prints it, the statements it reads as (SymPy) and the reading notes by rule
with the text they point at; values are checked against plain numpy where the formula evaluates."""

from __future__ import annotations

import numpy as np
import pytest

import symdl
from tests.real_sources import assert_refused_at


def _notes(formula: symdl.Formula) -> list[tuple[str, str]]:
    return [(n.rule, formula.source[n.span.start : n.span.end]) for n in formula.notes]


def _statements(formula: symdl.Formula) -> list[tuple[str, str, str, str]]:
    return [(s.kind, s.relation, str(s.lhs), str(s.rhs)) for s in formula.statements]


HARDSWISH = (  # PyTorch docs, torch.nn.Hardswish (array{cll}: a column holding the comma)
    r"hardswish(x)= \left\{ \begin{array}{cll} 0 &, & \text{if } x \leq -3 \\ x &, & \text{if } x \geq 3 \\ "
    r"\frac{x(x+3)}{6} &, & \text{otherwise} \end{array} \right."
)
ELU_MATHJAX = (  # a blog's ELU in MathJax (\gt for >)
    r"\text{ELU}(x)= \left\{ \begin{array}{align} \alpha(e^{x} - 1) & \text{if } x \le 0\\ x & \text{if } x \gt 0\\ "
    r"\end{array}\right."
)
PE_PARITY = (  # Keras-NLP docs, SinePositionEncoding: even and odd dimensions
    r"\mathrm{PE}(p, i) = \begin{cases} \sin\!\left(p / \text{max\_wavelength}^{\,i/d}\right) & i \text{ even} \\ "
    r"\cos\!\left(p / \text{max\_wavelength}^{\,(i-1)/d}\right) & i \text{ odd} \end{cases}"
)
CLIP_COLON = (  # Pascanu et al. 2013, Algorithm 1, as a blog writes it in Python's style
    r"\text{if } \|\hat{\mathbf{g}}\| \geq \text{threshold}: \quad \hat{\mathbf{g}} \leftarrow "
    r"\frac{\text{threshold}}{\|\hat{\mathbf{g}}\|}\hat{\mathbf{g}}"
)
GHAT = "sqrt(Trace(ghat.T*ghat))"

# (id, latex, statements as (kind, relation, lhs, rhs), notes as (rule, text))
READS = [
    (
        "mathjax-gt",
        ELU_MATHJAX,
        [("definition", "", "ELU(x)", "Piecewise((alpha*(exp(x) - 1), x <= 0), (x, True))")],
        [],
    ),
    (
        "mathjax-lt-geqslant",
        r"f(x) = \begin{cases} 1 & \text{if } x \lt 0 \\ 0 & \text{if } x \geqslant 0 \end{cases}",
        [("definition", "", "f(x)", "Piecewise((1, x < 0), (0, True))")],
        [],
    ),
    (
        "tex-cr-leqslant",
        r"f(x) = \begin{cases} x & x \leqslant 1 \cr 1 & x \gt 1 \end{cases}",
        [("definition", "", "f(x)", "Piecewise((x, x <= 1), (1, True))")],
        [],
    ),
    (
        "cr-rows-trailing-semicolon",  # PyTorch docs, torch.nn.ELU (\cr between rows, ; after the condition)
        r"ELU(x) = \begin{cases} x, &\text{if } x \geq 0; \cr \alpha * (\exp(x) - 1), &\text{otherwise.} \end{cases}",
        [("definition", "", "ELU(x)", "Piecewise((x, x >= 0), (alpha*(exp(x) - 1), True))")],
        [],
    ),
    (
        "punctuation-column",
        HARDSWISH,
        [("definition", "", "hardswish(x)", "Piecewise((0, x <= -3), (x, x >= 3), (x*(x + 3)/6, True))")],
        [],
    ),
    (
        "empty-column",
        r"f(x) = \begin{cases} 0 & & x < 0 \\ x & & \text{otherwise} \end{cases}",
        [("definition", "", "f(x)", "Piecewise((0, x < 0), (x, True))")],
        [],
    ),
    (
        "closed-interval",
        r"f(x) = \begin{cases} 1 & \text{if } x \in [0, 1] \\ 0 & \text{otherwise} \end{cases}",
        [("definition", "", "f(x)", "Piecewise((1, (x >= 0) & (x <= 1)), (0, True))")],
        [],
    ),
    (
        "open-interval",
        r"f(x) = \begin{cases} x & x \in (-1, 1), \\ 0 & \text{otherwise} \end{cases}",
        [("definition", "", "f(x)", "Piecewise((x, (x > -1) & (x < 1)), (0, True))")],
        [],
    ),
    (
        "indicator-of-a-range",
        r"f(x) = \begin{cases} 1 & -1 \le x \le 1 \\ 0 & \text{otherwise} \end{cases}",
        [("definition", "", "f(x)", "Piecewise((1, (x >= -1) & (x <= 1)), (0, True))")],
        [],
    ),
    (
        "parity",
        PE_PARITY,
        [
            (
                "definition",
                "",
                "PE(p, i)",
                "Piecewise((sin(p/max_wavelength**(i/d)), Eq(Mod(i, 2), 0)), "
                "(cos(p/max_wavelength**((i - 1)/d)), Eq(Mod(i, 2), 1)))",
            )
        ],
        [],
    ),
    (
        "parity-is-even",
        r"f(k) = \begin{cases} 1 & \text{if } k \text{ is even} \\ 0 & \text{otherwise} \end{cases}",
        [("definition", "", "f(k)", "Piecewise((1, Eq(Mod(k, 2), 0)), (0, True))")],
        [],
    ),
    (
        "guard-colon",
        CLIP_COLON,
        [("inequality", ">=", GHAT, "threshold"), ("update", "", "ghat", f"(threshold/{GHAT})*ghat")],
        [("guard-line", r"\text{if } \|\hat{\mathbf{g}}\| \geq \text{threshold}")],
    ),
    (
        "guard-quad",  # the same guard with a wide space alone: 'if' was read as a factor (if*|g| = c)
        r"\text{if } \|g\| > c \quad g \leftarrow \frac{c}{\|g\|} g",
        [("inequality", ">", "sqrt(Trace(g.T*g))", "c"), ("update", "", "g", "(c/sqrt(Trace(g.T*g)))*g")],
        [("guard-line", r"\text{if } \|g\| > c")],
    ),
    (
        "matmul-and-code-transpose",  # PyTorch docs, scaled_dot_product_attention's reference code
        r"A = \mathrm{softmax}(Q @ K.T / \sqrt{d}) @ V",
        [("assignment", "", "A", "softmax_rows(1/sqrt(d)*Q*K.T)*V")],
        [
            ("softmax-rows", r"\mathrm{softmax}(Q @ K.T / \sqrt{d})"),
            ("code-matmul", "@"),
            ("code-transpose", ".T"),
            ("code-matmul", "@"),
        ],
    ),
    # x @ W reads as x W does (session 23): x a row times the weight matrix W, b a row (it was a product of numbers)
    ("matmul-no-spaces", r"y = x@W + b", [("assignment", "", "y", "b + x*W")],
     [("vector-row", "x"), ("code-matmul", "@"), ("bias-row", "b")]),
    (
        "triplet-bold-samples",  # Schroff et al. 2015 (FaceNet) / Lil'Log's contrastive-learning post
        r"\mathcal{L}(\mathbf{a}, \mathbf{x}^+, \mathbf{x}^-) = \max(0, \|\mathbf{a} - \mathbf{x}^+\|^2 - "
        r"\|\mathbf{a} - \mathbf{x}^-\|^2 + m)",
        [
            (
                "definition",
                "",
                "Lcal(a, x^+, x^-)",
                "Max(0, m + Trace((a - x^+).T*(a - x^+)) - Trace((a - x^-).T*(a - x^-)))",
            )
        ],
        [("superscript-sample-label", r"\mathbf{x}^+"), ("superscript-sample-label", r"\mathbf{x}^-")],
    ),
    (
        "triplet-both-signs",  # the triplet loss with a distance d, plain letters written with both signs
        r"L = \max(0, d(a, x^+) - d(a, x^-) + m)",
        [("assignment", "", "L", "Max(0, m + d(a, x^+) - d(a, x^-))")],
        [("superscript-sample-label", "x^+"), ("superscript-sample-label", "x^-")],
    ),
    (
        "derivative-thin-space",  # the SiLU's derivative (Hendrycks & Gimpel 2016; Elfwing et al. 2018)
        r"\frac{d}{dx}\,x\sigma(x) = \sigma(x)\bigl(1 + x(1-\sigma(x))\bigr)",
        [("equation", "", "Derivative(x*sigmoid(x), x)", "(x*(1 - sigmoid(x)) + 1)*sigmoid(x)")],
        [("derivative-reach", r"\frac{d}{dx}\,x\sigma(x)")],
    ),
    (
        "derivative-of-max",
        r"\frac{d}{dx}\max(0, x) = \mathbb{1}[x > 0]",  # cs231n, the ReLU's gradient
        [("equation", "", "Derivative(Max(0, x), x)", "Piecewise((1, x > 0), (0, True))")],
        [],
    ),
    (
        "escaped-underscore-name",
        r"log\_sigmoid(x) = \log \frac{1}{1 + e^{-x}}",  # PyTorch docs, LogSigmoid
        [("definition", "", "log_sigmoid(x)", "log(1/(1 + exp(-x)))")],
        [],
    ),
    (
        "escaped-underscore-function-words",  # PyTorch's Adam source: exp_avg; torch.nn.utils.clip_grad_norm_'s max_norm
        r"c = \frac{max\_norm}{exp\_avg + \epsilon}",
        [("assignment", "", "c", "max_norm/(epsilon + exp_avg)")],
        [],
    ),
]


@pytest.mark.parametrize(("latex", "statements", "notes"), [r[1:] for r in READS], ids=[r[0] for r in READS])
def test_reads(latex: str, statements: list[tuple[str, str, str, str]], notes: list[tuple[str, str]]) -> None:
    formula = symdl.parse(latex)
    assert _statements(formula) == statements
    assert _notes(formula) == notes


def test_code_conditional_values() -> None:
    """The TensorFlow.js docs' ELU in C's conditional, ``y = x > 0 ? x : slope * (exp(x)-1)``: the rows of a cases."""
    latex = r"y = x > 0 ? x : slope * (exp(x)-1)"
    formula = symdl.parse(latex)
    assert _statements(formula) == [("assignment", "", "y", "Piecewise((x, x > 0), (slope*(exp(x) - 1), True))")]
    assert _notes(formula) == [("code-conditional", "x > 0 ? x : slope * (exp(x)-1)"), ("word-name", "slope")]
    for x in (-1.5, 0.0, 2.0):
        np.testing.assert_allclose(_value(latex, x=x, slope=0.3), x if x > 0 else 0.3 * np.expm1(x), rtol=1e-12)
    with pytest.raises(symdl.InvalidInput, match="code's conditional"):
        symdl.parse(r"y = a ? b")


def _value(latex: str, **args: object) -> np.ndarray:
    return np.asarray(symdl.lambdify(symdl.parse(latex))(**args), dtype=float)


def test_hardswish_values() -> None:
    for x in (-4.0, -3.0, -1.5, 0.0, 2.0, 3.0, 5.0):
        expected = x * min(max(x + 3, 0), 6) / 6  # PyTorch's x * ReLU6(x + 3) / 6
        np.testing.assert_allclose(_value(HARDSWISH, x=x), expected, rtol=1e-12, atol=1e-15)


def test_elu_with_gt_values() -> None:
    for x in (-2.0, 0.0, 1.5):
        expected = x if x > 0 else 0.7 * (np.exp(x) - 1)
        np.testing.assert_allclose(_value(ELU_MATHJAX, x=x, **{r"\alpha": 0.7}), expected, rtol=1e-12)


def test_parity_values() -> None:
    wave = {r"\text{max\_wavelength}": 10000.0}
    for i in range(6):
        angle = 3.0 / 10000.0 ** ((i - i % 2) / 8.0)
        expected = np.sin(angle) if i % 2 == 0 else np.cos(angle)
        np.testing.assert_allclose(_value(PE_PARITY, p=3.0, i=i, d=8.0, **wave), expected, rtol=1e-12)


def test_matmul_values() -> None:
    rng = np.random.default_rng(0)
    q, k = rng.normal(size=(2, 3)), rng.normal(size=(4, 3))
    np.testing.assert_allclose(_value(r"A = Q @ K.T", Q=q, K=k), q @ k.T, rtol=1e-12)
    np.testing.assert_allclose(_value(r"A = Q@K^\top", Q=q, K=k), q @ k.T, rtol=1e-12)


def test_interval_values() -> None:
    latex = r"f(x) = \begin{cases} 1 & \text{if } x \in [0, 1] \\ 0 & \text{otherwise} \end{cases}"
    for x in (-0.5, 0.0, 0.5, 1.0, 1.5):
        np.testing.assert_allclose(_value(latex, x=x), float(0.0 <= x <= 1.0))


def test_log_sigmoid_values() -> None:
    for x in (-3.0, 0.0, 0.3, 4.0):
        np.testing.assert_allclose(
            _value(r"log\_sigmoid(x) = \log \frac{1}{1 + e^{-x}}", x=x), -np.log1p(np.exp(-x)), rtol=1e-12
        )


# (id, latex, what the message says, the text it points at)
REFUSED = [
    # Lil'Log / Wikipedia, the indicator of a set A: no set is read as a value
    (
        "membership-of-a-set",
        r"\mathbb{1}_A(x) = \begin{cases} 1 & \text{if } x \in A, \\ 0 & \text{if } x \notin A. "
        r"\end{cases}",
        "the condition 'x \\in A': membership of a set",
        r"\begin{cases} 1 & \text{if } x \in A, \\ 0 & \text{if } x \notin A. \end{cases}",
    ),
    # Luong et al. 2015, eq. 8: the score's variants named in the rows
    (
        "variant-words",
        r"s(h, g) = \begin{cases} h^\top g & \text{dot} \\ h^\top W g & \text{general} \end{cases}",
        "the condition '\\text{dot}' in words only",
        r"\begin{cases} h^\top g & \text{dot} \\ h^\top W g & \text{general} \end{cases}",
    ),
    # (Ioffe & Szegedy 2015, Algorithm 1's minibatch mean \mu = \frac{1}{m}\sum_{\mathbf{x} \in \mathcal{B}} \mathbf{x}, refused here
    # before, reads since session 27 with a plain \mu too: tests/test_read_s27_vecfam.py, family-vector-sum)
    ("lone-plus-stays-refused", r"y = x^+ + x", "the superscript + on a name", "x"),
]


@pytest.mark.parametrize(("latex", "what", "text"), [r[1:] for r in REFUSED], ids=[r[0] for r in REFUSED])
def test_refused_by_name(latex: str, what: str, text: str) -> None:
    assert_refused_at(latex, what, text)


def test_sphinx_at_name_refused_with_hint() -> None:
    """The PyTorch docs' StepLR docstring, ``base_lr * @gamma ** ...``: ``@gamma`` names a parameter, no product."""
    latex = r"base_lr * @gamma ** (@last_epoch / @step_size).floor"
    with pytest.raises(symdl.InvalidInput) as err:
        symdl.parse(latex)
    assert "'@' before a name" in str(err.value)
    assert latex[err.value.span.start : err.value.span.end] == "@"
    assert "without @" in (err.value.hint or "")
