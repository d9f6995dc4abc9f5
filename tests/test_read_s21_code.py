"""Formulas pasted as code or in Unicode (session 21, task rcode, issue 12), by class.

* Python's ``**`` as the power (``python-power``), ``a**b**c`` grouped to the right;
* code statements run together on one line (``code-statements``), ``+=`` and ``-=`` as updates, ``return``
  (``code-return``);
* library prefixes (``code-library``: ``np.sqrt``, ``torch.exp``, ``F.softmax``, ``tf.nn.softmax``, ``math.pi``,
  ``tf.matmul(..., transpose_b=True)``, ``torch.pow``), methods (``code-method``: ``.exp()``, ``.softmax(dim=-1)``,
  ``.log_softmax()``, ``.t()``) and reductions (``code-reduction``: ``.mean()``, ``.sum(-1)``, ``keepdim=True``);
  other methods, axes and library calls refused by name;
* in formulas without TeX commands: ``GELU_approx`` one identifier, ``pi`` beside a number π (``code-pi``),
  ``, where`` a clause;
* Unicode sub- and superscript runs (``xₜ``, ``x₁₀``, ``gₜ²``, ``wᵀ``, ``e⁻ˣ``), accented letters (``ᾱ``, ``ŷ``,
  ``x̂``), ``√``, ``∑``, ``∣∣u∣∣``, ``‖x‖``: read as their LaTeX spellings are (a Hypothesis property).

Each row: the formula as its source prints it (cited), the statements it reads as (SymPy) and the reading notes by
rule with the text they point at; values are checked against plain numpy where the formula evaluates."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import symdl
from tests.real_sources import assert_refused_at


def _notes(formula: symdl.Formula) -> list[tuple[str, str]]:
    return [(n.rule, formula.source[n.span.start : n.span.end]) for n in formula.notes]


def _statements(formula: symdl.Formula) -> list[tuple[str, str, str]]:
    return [(s.kind, str(s.lhs), str(s.rhs)) for s in formula.statements]


NAMES_AND_BETA = [("greek-word", "beta"), ("name-digits", "beta1")]
LAYER_NORM = "1/sqrt(eps + Trace(ones(1, n_1)*HadamardPower((-Trace(ones(1, n_1)*x)/n_1)*ones(n_1, 1) + x, 2))/n_1)*((-Trace(ones(1, n_1)*x)/n_1)*ones(n_1, 1) + x)"

# (id, formula, statements as (kind, lhs, rhs), notes as (rule, text))
READS = [
    # cs231n notes, neural-networks-3: Adam as numpy code (** and +=, np.sqrt)
    (
        "cs231n-adam",
        r"m = beta1*m + (1-beta1)*dx \\ v = beta2*v + (1-beta2)*(dx**2) \\ x += - learning_rate * m / "
        r"(np.sqrt(v) + eps)",
        [
            ("update", "m", "beta_1*m + dx*(1 - beta_1)"),
            ("update", "v", "beta_2*v + dx**2*(1 - beta_2)"),
            ("update", "x", "-learning_rate*m/(eps + sqrt(v)) + x"),
        ],
        [
            *NAMES_AND_BETA,
            ("python-power", "dx**2"),
            ("compound-assignment", "+="),
            ("word-name", "learning_rate"),
            ("code-library", "np.sqrt"),
            ("code-name", "eps"),
        ],
    ),
    # cs231n notes, neural-networks-3: RMSprop's cache
    (
        "cs231n-rmsprop-cache",
        r"cache = decay_rate * cache + (1 - decay_rate) * dx**2",
        [("update", "cache", "cache*decay_rate + dx**2*(1 - decay_rate)")],
        [("word-name", "cache"), ("word-name", "decay_rate"), ("python-power", "dx**2")],
    ),
    # Keras docs, Adam: the bias-corrected learning rate, ** with an identifier as the exponent
    (
        "keras-adam-lr",
        r"lr_t = learning_rate * sqrt(1 - beta_2**t) / (1 - beta_1**t)",
        [("assignment", "lr_t", "learning_rate*sqrt(1 - beta_2**t)/(1 - beta_1**t)")],
        [
            ("code-name", "lr"),
            ("word-name", "learning_rate"),
            ("greek-word", "beta"),
            ("python-power", "beta_2**t"),
            ("python-power", "beta_1**t"),
        ],
    ),
    # Python's reference, power operator: a signed exponent, and ** groups to the right
    (
        "python-power-grouping",
        r"y = x ** -1 + 2**k**2",
        [("assignment", "y", "2**(k**2) + 1/x")],
        [("python-power", "x ** -1"), ("python-power", "2**k**2"), ("python-power", "k**2")],
    ),
    # TensorFlow docs, tf.raw_ops.ApplyAdagradV2 (verbatim, two statements on one line)
    (
        "tf-adagrad-one-line",
        r"accum += grad * grad var -= lr * grad * (1 / sqrt(accum))",
        [("update", "accum", "accum + grad**2"), ("update", "var", "var - grad*lr/sqrt(accum)")],
        [
            ("word-name", "accum"),
            ("compound-assignment", "+="),
            ("word-name", "grad"),
            ("code-statements", "var"),
            ("code-name", "var"),
            ("compound-assignment", "-="),
            ("code-name", "lr"),
        ],
    ),
    # Adam's moments as a forum answer pastes them on one line: assignments run together
    (
        "adam-moments-one-line",
        r"m_t = beta1 * m + (1 - beta1) * g v_t = beta2 * v + (1 - beta2) * g * g",
        [("assignment", "m_t", "beta_1*m + g*(1 - beta_1)"), ("assignment", "v_t", "beta_2*v + g**2*(1 - beta_2)")],
        [*NAMES_AND_BETA, ("code-statements", "v_t")],
    ),
    # Karpathy's nanoGPT, model.py NewGELU: torch., math., math.pi and torch.pow
    (
        "nanogpt-new-gelu",
        r"0.5 * x * (1.0 + torch.tanh(math.sqrt(2.0 / math.pi) * (x + 0.044715 * torch.pow(x, 3.0))))",
        [("expression", "None", "0.5*x*(tanh(sqrt(2)*(0.044715*x**3 + x)/sqrt(pi)) + 1)")],  # 2.0, 3.0: integers
        [
            ("code-library", "torch.tanh"),
            ("code-library", "math.sqrt"),
            ("code-library", "math.pi"),
            ("code-library", "torch.pow"),
        ],
    ),
    # Karpathy's micrograd, engine.py Value.tanh
    (
        "micrograd-tanh",
        r"t = (math.exp(2*x) - 1)/(math.exp(2*x) + 1)",
        [("assignment", "t", "(exp(2*x) - 1)/(exp(2*x) + 1)")],
        [("code-library", "math.exp"), ("code-library", "math.exp")],
    ),
    # Karpathy's nanoGPT, model.py CausalSelfAttention: F.softmax over the last axis
    (
        "nanogpt-softmax",
        r"att = F.softmax(att, dim=-1)",
        [("update", "att", "softmax(att)")],
        [("code-name", "att"), ("code-library", "F.softmax"), ("softmax-argument", "att"),
         ("code-softmax-axis", "dim=-1")],  # att a vector of scores since session 32 (a number before, silently)
    ),
    # Hugging Face docs, a classifier's probabilities: the method with its axis
    (
        "hf-softmax-method",
        r"probs = logits.softmax(dim=-1)",
        [("assignment", "probs", "softmax(logits)")],
        [
            ("word-name", "probs"),
            ("word-name", "logits"),
            ("softmax-argument", "logits"),  # a vector of scores since session 32 (a number before, silently)
            ("code-method", ".softmax(dim=-1)"),
            ("code-softmax-axis", "dim=-1"),
        ],
    ),
    # PyTorch forums, LayerNorm written by hand: mean and var over the last axis, keepdim
    (
        "layer-norm-by-hand",
        r"y = (x - x.mean(-1, keepdim=True)) / torch.sqrt(x.var(-1, keepdim=True) + eps)",
        [("assignment", "y", LAYER_NORM)],
        [
            ("code-reduction", "x.mean(-1, keepdim=True)"),
            ("code-library", "torch.sqrt"),
            ("code-reduction", "x.var(-1, keepdim=True)"),
            ("code-name", "eps"),
        ],
    ),
    # dfdx crate docs, mse_loss: a method chain
    (
        "dfdx-mse",
        r"(pred - targ).square().mean()",
        [("expression", "None", "Trace(ones(1, n_1)*Lambda(_x, _x**2).(pred - targ))/n_1")],
        [
            ("code-reduction", "(pred - targ).square().mean()"),
            ("word-name", "pred"),
            ("word-name", "targ"),
            ("code-method", ".square()"),
        ],
    ),
    # dfdx crate docs, mae_loss
    (
        "dfdx-mae",
        r"(pred - targ).abs().mean()",
        [("expression", "None", "Trace(ones(1, n_1)*Lambda(_x, Abs(_x)).(pred - targ))/n_1")],
        [
            ("code-reduction", "(pred - targ).abs().mean()"),
            ("word-name", "pred"),
            ("word-name", "targ"),
            ("code-method", ".abs()"),
        ],
    ),
    # dfdx crate docs, cross_entropy_with_logits_loss (verbatim): sum over the classes, mean of one example
    (
        "dfdx-cross-entropy",
        r"-(logits.log_softmax() * target_probs).sum(-1).mean()",
        [("expression", "None", "-Trace(ones(1, n_1)*(HadamardProduct(Lambda(_x, log(_x)).(softmax(logits)), target_probs)))")],
        [
            ("code-reduction", "(logits.log_softmax() * target_probs).sum(-1)"),
            ("code-reduction", "(logits.log_softmax() * target_probs).sum(-1).mean()"),
            ("word-name", "logits"),
            ("code-method", ".log_softmax()"),
            ("star-elementwise", "*"),
            ("word-name", "target_probs"),
        ],
    ),
    # numpy docs, numpy.std: ", where" in a code formula, a.mean() and **
    (
        "numpy-std",
        r"std = sqrt(mean(x)), where x = abs(a - a.mean())**2",
        [
            ("assignment", "std", "sqrt(Trace(ones(1, n_1)*x))/sqrt(n_1)"),
            ("assignment", "x", "HadamardPower(Lambda(_x, Abs(_x)).((-Trace(ones(1, n_1)*a)/n_1)*ones(n_1, 1) + a), 2)"),
        ],
        [
            ("code-name", "std"),
            ("array-mean", "mean(x)"),
            ("python-power", "abs(a - a.mean())**2"),
            ("code-reduction", "a.mean()"),
        ],
    ),
    # Keras docs, Attention layer (Luong-style): tf.matmul with transpose_b, tf.nn.softmax, return
    (
        "keras-luong-attention",
        r"scores = tf.matmul(query, key, transpose_b=True) \\ distribution = tf.nn.softmax(scores) \\ "
        r"return tf.matmul(distribution, value)",
        [
            ("assignment", "scores", "query*key.T"),  # matrices since session 29 (tf.matmul's rank-2 operands)
            ("assignment", "distribution", "softmax_rows(scores)"),
            ("expression", "None", "distribution*value"),
        ],
        [
            ("word-name", "scores"),
            ("code-library", "tf.matmul"),
            ("word-name", "query"),
            ("code-matmul-operand", "query"),
            ("code-name", "key"),
            ("code-matmul-operand", "key"),
            ("word-name", "distribution"),
            ("code-library", "tf.nn.softmax"),
            ("softmax-rows", "softmax(scores)"),
            ("code-return", "return"),
            ("code-library", "tf.matmul"),
            ("code-matmul-operand", "distribution"),
            ("word-name", "value"),
            ("code-matmul-operand", "value"),
        ],
    ),
    # The same with capitals, as d2l names the queries and keys: the transpose of the second factor
    (
        "matmul-transpose-b",
        r"S = tf.matmul(Q, K, transpose_b=True)",
        [("assignment", "S", "Q*K.T")],
        [("code-library", "tf.matmul")],
    ),
    # PyTorch docs, torch.nn.SiLU as code
    (
        "torch-silu",
        r"y = x * torch.sigmoid(x)",
        [("assignment", "y", "x*sigmoid(x)")],
        [("code-library", "torch.sigmoid")],
    ),
    # d2l, softplus as numpy code
    (
        "numpy-softplus",
        r"y = np.log(1 + np.exp(x))",
        [("assignment", "y", "log(exp(x) + 1)")],
        [("code-library", "np.log"), ("code-library", "np.exp")],
    ),
    # PyTorch docs, a weight's transpose as a method, then @
    (
        "torch-t-method",
        r"y = W.t() @ x",
        [("assignment", "y", "W.T*x")],
        [("code-method", ".t()"), ("code-matmul", "@")],
    ),
    # burn crate docs, gelu_approximate (verbatim): GELU_approx one identifier, pi the constant
    (
        "burn-gelu-approx",
        r"GELU_approx(x) = 0.5 * x * (1 + tanh(sqrt(2/pi) * (x + 0.044715 * x^3)))",
        [("definition", "GELU_approx(x)", "0.5*x*(tanh(sqrt(2)*(0.044715*x**3 + x)/sqrt(pi)) + 1)")],
        [("code-pi", "pi")],
    ),
    # whitebox.ac quiz, DDPM (verbatim Unicode): subscripts, √ with and without parentheses, ᾱ, −, ε
    (
        "ddpm-unicode",
        "xₜ = √ᾱₜ x₀ + √(1−ᾱₜ) ε",
        [("assignment", "x_t", "sqrt(alphabar_t)*x_0 + varepsilon*sqrt(1 - alphabar_t)")],
        [],
    ),
    # Adam's moments as forum answers type them in Unicode (β₁, a subscript run ₜ₋₁, a square ²)
    (
        "adam-unicode-first",
        "mₜ = β₁ mₜ₋₁ + (1 − β₁) gₜ",
        [("update", "m_t", "beta_1*m_{t-1} + g_t*(1 - beta_1)")],
        [],
    ),
    (
        "adam-unicode-second",
        "vₜ = β₂ vₜ₋₁ + (1 − β₂) gₜ²",
        [("update", "v_t", "beta_2*v_{t-1} + g_t**2*(1 - beta_2)")],
        [],
    ),
    # logistic regression as a blog types it: ŷ, σ, ᵀ
    (
        "logistic-unicode",
        "ŷ = σ(wᵀx + b)",
        [("assignment", "yhat", "sigmoid(b + Trace(w.T*x))")],
        [],
    ),
    # cross-entropy in Unicode: −, ∑ᵢ, yᵢ, ŷᵢ
    (
        "cross-entropy-unicode",
        "L = −∑ᵢ yᵢ log ŷᵢ",
        [("assignment", "L", "-Sum(log(yhat[i])*y[i], (i, 1, N_y))")],
        [],
    ),
    # a gradient step in Unicode: the subscript run ₜ₊₁
    (
        "step-unicode",
        "θₜ₊₁ = θₜ − η gₜ",
        [("update", "theta_{t+1}", "-eta*g_t + theta_t")],
        [],
    ),
    # batch norm's normalisation in Unicode: x̂ with a combining circumflex, σ²
    (
        "batch-norm-unicode",
        "x̂ᵢ = (xᵢ − μ) / √(σ² + ε)",
        [("assignment", "xhat[i]", "(-mu + x[i])/sqrt(sigma**2 + varepsilon)")],
        [],
    ),
    # NT-Xent similarity (paperswithcode mirror) with ∣ (U+2223) for the norm's bars and ᵀ for the transpose
    (
        "cosine-divides-bars",
        "sim(u,v)=uᵀv/(∣∣u∣∣ ∣∣v∣∣)",
        [("definition", "sim(u, v)", "(1/(sqrt(Trace(u.T*u))*sqrt(Trace(v.T*v))))*u.T*v")],
        [],
    ),
    # superscript runs: e⁻ˣ (a blog's sigmoid), and a two-digit subscript x₁₀
    ("superscript-run", "y = e⁻ˣ", [("assignment", "y", "exp(-x)")], []),
    ("subscript-run", "y = x₁₀ + x₁", [("assignment", "y", "x_1 + x_{10}")], []),
]


@pytest.mark.parametrize(("latex", "statements", "notes"), [r[1:] for r in READS], ids=[r[0] for r in READS])
def test_reads(latex: str, statements: list[tuple[str, str, str]], notes: list[tuple[str, str]]) -> None:
    formula = symdl.parse(latex)
    assert _statements(formula) == statements
    assert _notes(formula) == notes


def _value(latex: str, **args: object) -> np.ndarray:
    return np.asarray(symdl.lambdify(symdl.parse(latex))(**args), dtype=float)


def test_new_gelu_values() -> None:
    """nanoGPT's NewGELU evaluates as PyTorch's tanh approximation."""
    latex = READS[6][1]
    for x in (-2.0, -0.3, 0.0, 1.7):
        expected = 0.5 * x * (1 + np.tanh(np.sqrt(2 / np.pi) * (x + 0.044715 * x**3)))
        np.testing.assert_allclose(_value(latex, x=x), expected, rtol=1e-12, atol=1e-15)


def test_bias_corrected_rate_values() -> None:
    """Keras's ``lr_t``: ``**`` is the power, not two products."""
    latex = r"lr_t = learning_rate * sqrt(1 - beta_2**t) / (1 - beta_1**t)"
    got = _value(latex, learning_rate=1e-3, beta_2=0.999, beta_1=0.9, t=7.0)
    np.testing.assert_allclose(got, 1e-3 * np.sqrt(1 - 0.999**7) / (1 - 0.9**7), rtol=1e-12)


def test_reductions_values() -> None:
    """``(pred - targ).square().mean()`` is numpy's mean of the squares; LayerNorm by hand is numpy's."""
    rng = np.random.default_rng(0)
    pred, targ, x = rng.normal(size=(3, 5, 1))
    np.testing.assert_allclose(_value(READS[11][1], pred=pred, targ=targ), np.mean((pred - targ) ** 2), rtol=1e-12)
    got = _value(READS[10][1], x=x, eps=1e-5).ravel()
    np.testing.assert_allclose(got, ((x - x.mean()) / np.sqrt(x.var() + 1e-5)).ravel(), rtol=1e-10)


def test_cross_entropy_values() -> None:
    """The dfdx docs' cross-entropy of one example: minus the targets' weighted log-softmax, summed."""
    rng = np.random.default_rng(1)
    logits, target = rng.normal(size=(4, 1)), rng.dirichlet(np.ones(4)).reshape(4, 1)
    log_softmax = logits - np.log(np.exp(logits).sum())
    got = _value(READS[13][1], logits=logits, target_probs=target)
    np.testing.assert_allclose(got, -(log_softmax * target).sum(), rtol=1e-12)


def test_chains_are_not_split() -> None:
    """Only code (no TeX command, ``*`` for products) with an identifier after a complete value and a space starts
    another statement: a chain of equalities written as math stays one statement."""
    for latex in (r"f(x) = w x = z", r"y = w * x = z", r"E = m c^2 = 3"):
        formula = symdl.parse(latex)
        assert len(formula.statements) == 1
        assert "code-statements" not in [n.rule for n in formula.notes]


# (id, formula, what the message says, the text it points at)
REFUSED = [
    # nanoGPT model.py: k.transpose(-2, -1) is read since session 23 (code-transpose-axes), k.size(-1) since session
    # 32 (code-size-last); the heads put back side by side, y.transpose(1, 2), are not
    (
        "nanogpt-transpose-heads",
        r"y = y.transpose(1, 2).contiguous().view(B, T, C)",
        "code's method .transpose(1, 2) (on y)",
        ".transpose(1, 2)",
    ),
    # a uniform draw, not a function (cs231n's normal draw np.random.randn is read since session 26:
    # tests/test_read_s26_draws.py)
    (
        "uniform-rand",
        r"w = np.random.rand(n) * sqrt(2.0/n)",
        "code's library call 'np.random.rand'",
        "np.random.rand",
    ),
    # a sum over two axes at once (x.sum(0) alone is read since session 29: tests/test_read_s29_axes.py)
    ("axes-0-2", r"loss = x.sum(axis=(0, 2))", "code's .sum() over the axes (0,2)", "x.sum(axis=(0, 2))"),
    # the size along axis 1 (x.nelement(), x.size(0) are the length of x since session 25: code-size,
    # tests/test_read_s25_code.py)
    ("size-axis-1", r"y = x.size(1)", "code's method .size(1) (on x)", ".size(1)"),
]


@pytest.mark.parametrize(("latex", "what", "text"), [r[1:] for r in REFUSED], ids=[r[0] for r in REFUSED])
def test_refused_by_name(latex: str, what: str, text: str) -> None:
    assert_refused_at(latex, what, text)


def test_refusals_have_hints() -> None:
    for _, latex, _, _ in REFUSED:
        with pytest.raises(symdl.NotSupported) as err:
            symdl.parse(latex)
        assert err.value.hint


# --- Unicode spellings read as their LaTeX spellings ----------------------------------------------------------------

SUB_DIGITS = "₀₁₂₃₄₅₆₇₈₉"
SUP_DIGITS = "⁰¹²³⁴⁵⁶⁷⁸⁹"
SUB_LETTERS = {"ᵢ": "i", "ⱼ": "j", "ₖ": "k", "ₜ": "t", "ₙ": "n"}
GREEK = {"α": r"\alpha", "β": r"\beta", "θ": r"\theta", "μ": r"\mu", "σ": r"\sigma"}
BASES = {"x": "x", "w": "w", "g": "g", **GREEK}


@st.composite
def _term(draw: st.DrawFn) -> tuple[str, str]:
    """One term in Unicode and in LaTeX: a base with an optional subscript run and an optional square or cube."""
    uni, tex = draw(st.sampled_from(sorted(BASES.items())))
    tex += " " if tex.startswith("\\") else ""
    kind = draw(st.sampled_from(["none", "digits", "letter", "shifted"]))
    if kind == "digits":
        digits = draw(st.text(alphabet="0123456789", min_size=1, max_size=2))
        uni, tex = uni + "".join(SUB_DIGITS[int(d)] for d in digits), tex + "_{" + digits + "}"
    elif kind in ("letter", "shifted"):
        sub, letter = draw(st.sampled_from(sorted(SUB_LETTERS.items())))
        more = "₋₁" if kind == "shifted" else ""
        uni, tex = uni + sub + more, tex + "_{" + letter + ("-1" if more else "") + "}"
    if power := draw(st.sampled_from(["", "2", "3"])):
        uni, tex = uni + SUP_DIGITS[int(power)], tex + "^{" + power + "}"
    if draw(st.booleans()):
        uni, tex = "√(" + uni + ")", r"\sqrt{" + tex + "}"
    return uni, tex


@settings(max_examples=60, deadline=None, derandomize=True)
@given(
    terms=st.lists(_term(), min_size=1, max_size=3), signs=st.lists(st.sampled_from(["+", "−"]), min_size=2, max_size=2)
)
def test_unicode_reads_as_latex(terms: list[tuple[str, str]], signs: list[str]) -> None:
    uni, tex = "y = " + terms[0][0], "y = " + terms[0][1]
    for (u, t), sign in zip(terms[1:], signs, strict=False):
        uni, tex = f"{uni} {sign} {u}", f"{tex} {'-' if sign == '−' else '+'} {t}"
    a, b = symdl.parse(uni), symdl.parse(tex)
    assert [(s.lhs, s.rhs) for s in a.statements] == [(s.lhs, s.rhs) for s in b.statements]
    assert sorted(n.rule for n in a.notes) == sorted(n.rule for n in b.notes)


def test_unicode_spans_point_at_the_characters() -> None:
    """An error in a Unicode formula points at what was pasted: the subscript run, not the folded text."""
    source = "y = x₁₀ + ⊂"
    with pytest.raises(symdl.InvalidInput) as err:
        symdl.parse(source)
    assert source[err.value.span.start : err.value.span.end] == "⊂"
    formula = symdl.parse("yₜ = x₁₀")
    assert "x₁₀" in formula.symbols and "yₜ" in formula.symbols
