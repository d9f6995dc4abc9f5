"""Names split into letters, code-style exponents, Unicode big operators and code indexing (session 22, task
rwords, issue 12: silent misreadings), by class.

* code's square-bracket index after a lower-case word (Karpathy's min-char-rnn ``hs[t]``, ``xs[t]``, ``ps[t]``;
  cs231n's ``scores[j]``) as the member ``hs_t`` (``bracket-index``), not a call ``hs(t)``; a second bracket
  (``ps[t][targets[t]]``) refused; code's weight names ``Wxh``, ``Why`` one name, ``np.dot(Wxh, xs[t])`` their
  product; ``lr0`` one name (``name-digits``);
* a Greek letter's name after ``^`` (``(1 - p_t)^gamma``, the focal loss typed as code) as that exponent, and a
  word after ``^`` on a parenthesis in code (``word-exponent``); ``e^xᵢ`` pasted as ``e^{x_i}``
  (``unicode-exponent``); TeX's ``x^ab`` unchanged;
* Σ (U+03A3) and Π (U+03A0) pasted for ∑ and ∏, and ``\\Sigma``/``\\Pi`` with a range under them
  (``unicode-sum``, ``unicode-product``); Σ as a value (a covariance) stays the matrix;
* the field's acronyms (``KL_{loss}``, ``MSE = ...``, ``FL``, ``IoU``) and three-letter names (``pos``,
  ``net_{pj}``) as one name (``field-acronym``, ``field-word``); ``KL(p, q)`` stays a call, ``AB + C`` a product.

Each row: the formula as its source prints it (cited), the statements it reads as (SymPy) and the reading notes by
rule with the text they point at; values are checked against plain numpy where the formula evaluates."""

from __future__ import annotations

import numpy as np
import pytest

import symdl


def _notes(formula: symdl.Formula) -> list[tuple[str, str]]:
    return [(n.rule, formula.source[n.span.start : n.span.end]) for n in formula.notes]


def _statements(formula: symdl.Formula) -> list[tuple[str, str, str]]:
    return [(s.kind, str(s.lhs), str(s.rhs)) for s in formula.statements]


def _value(latex: str, **args: object) -> np.ndarray:
    return np.asarray(symdl.lambdify(symdl.parse(latex))(**args), dtype=float)


MIN_CHAR_RNN_STEP = r"hs[t] = np.tanh(np.dot(Wxh, xs[t]) + np.dot(Whh, hs[t-1]) + bh)"
MIN_CHAR_RNN_SOFTMAX = r"ps[t] = np.exp(ys[t]) / np.sum(np.exp(ys[t]))"
FOCAL_CODE = r"FL(p_t) = -alpha * (1 - p_t)^gamma * log(p_t)"
SOFTMAX_PASTED = r"softmax(xᵢ) = e^xᵢ / Σⱼ e^xⱼ"
VAE_KL = r"KL_{loss} = -\frac{1}{2}\sum_{j=1}^{J}(1 + \log\sigma_j^2 - \mu_j^2 - \sigma_j^2)"

# (id, formula, statements as (kind, lhs, rhs), notes as (rule, text))
READS = [
    # Karpathy, min-char-rnn.py (gist d4dee566867f8291f086), lossFun's forward pass
    (
        "min-char-rnn-step",
        MIN_CHAR_RNN_STEP,
        [("update", "hs_t", "Lambda(_x, tanh(_x)).(Whh*hs_{t-1} + Wxh*xs_t + bh)")],
        [
            ("code-name", "hs"),
            ("bracket-index", "hs[t]"),
            ("code-library", "np.tanh"),
            ("code-library", "np.dot"),
            ("code-name", "Wxh"),
            ("code-matmul-operand", "Wxh"),
            ("code-name", "xs"),
            ("bracket-index", "xs[t]"),
            ("code-matmul-operand", "xs[t]"),
            ("code-library", "np.dot"),
            ("code-name", "Whh"),
            ("code-matmul-operand", "Whh"),
            ("code-matmul-operand", "hs[t-1]"),
            ("code-name", "bh"),
        ],
    ),
    # Karpathy, min-char-rnn.py: the softmax of the output at step t (before: ps(t) = 1)
    (
        "min-char-rnn-softmax",
        MIN_CHAR_RNN_SOFTMAX,
        [("assignment", "ps_t", "1/Trace(ones(1, n_1)*Lambda(_x, exp(_x)).(ys_t))*Lambda(_x, exp(_x)).(ys_t)")],
        [
            ("code-name", "ps"),
            ("bracket-index", "ps[t]"),
            ("code-library", "np.exp"),
            ("code-name", "ys"),
            ("bracket-index", "ys[t]"),
            ("code-library", "np.sum"),
            ("code-reduction", "(np.exp(ys[t]))"),
            ("code-library", "np.exp"),
        ],
    ),
    # Karpathy, min-char-rnn.py, backprop through tanh
    (
        "min-char-rnn-dhraw",
        r"dhraw = (1 - hs[t] * hs[t]) * dh",
        [("assignment", "dhraw", "dh*(1 - hs_t**2)")],
        [("word-name", "dhraw"), ("code-name", "hs"), ("bracket-index", "hs[t]")],
    ),
    # cs231n assignment 1, svm_loss_naive
    (
        "cs231n-margin",
        r"margin = scores[j] - correct_class_score + 1",
        [("assignment", "margin", "-correct_class_score + scores[j] + 1")],
        [
            ("word-name", "margin"),
            ("word-name", "scores"),
            ("bracket-index", "scores[j]"),
            ("word-name", "correct_class_score"),
        ],
    ),
    # a word in a wrapper before an index, in TeX
    (
        "text-word-index",
        r"y = \text{hs}[t] + 1",
        [("assignment", "y", "hs_t + 1")],
        [("bracket-index", r"\text{hs}[t]")],
    ),
    # the Keras docs' decay typed with an initial rate lr0 (before: lr·0, so lr = 0)
    ("code-lr0", r"lr = 2 * lr0", [("assignment", "lr", "2*lr_0")], [("code-name", "lr"), ("name-digits", "lr0")]),
    # click4ai.perfionixai.com/problems/focal-loss: Lin et al.'s focal loss typed as code
    (
        "focal-code",
        FOCAL_CODE,
        [("definition", "FL(p_t)", "-alpha*(1 - p_t)**gamma*log(p_t)")],
        [("greek-word", "alpha"), ("word-exponent", "^gamma")],
    ),
    # daxpy.xyz notes, focal loss, with gamma typed as a word in a TeX formula
    (
        "focal-tex-gamma-word",
        r"FL(p_t) = -(1-p_t)^gamma \log(p_t)",
        [("definition", "FL(p_t)", "-(1 - p_t)**gamma*log(p_t)")],
        [("word-exponent", "^gamma")],
    ),
    # the focal loss with its name on the left, typed as code (focal-loss implementations' docstrings)
    (
        "focal-fl-name",
        r"FL = -alpha * (1 - p_t)^gamma * log(p_t)",
        [("assignment", "FL", "-alpha*(1 - p_t)**gamma*log(p_t)")],
        [("field-acronym", "FL"), ("greek-word", "alpha"), ("word-exponent", "^gamma")],
    ),
    # omkarchebale.vercel.app, "Softmax Demystified": Unicode subscripts and Σ pasted
    (
        "softmax-pasted",
        SOFTMAX_PASTED,
        [("definition", "softmax(x[i])", "exp(x[i])/Sum(exp(x[j]), (j, 1, N_x))")],
        [("unicode-exponent", "^xᵢ"), ("unicode-sum", "Σ"), ("unicode-exponent", "^xⱼ")],
    ),
    # Kingma & Welling 2014, Appendix B, as VAE tutorials name it (before: K·L_{loss}, silently)
    (
        "vae-kl-loss",
        VAE_KL,
        [("assignment", "KL_{loss}", "-Sum(log(sigma[j]**2) - mu[j]**2 - sigma[j]**2 + 1, (j, 1, J))/2")],
        [("field-acronym", "KL")],
    ),
    # scikit-learn user guide, mean squared error (before: E·M·S)
    (
        "mse-name",
        r"MSE = \frac{1}{n}\sum_{i=1}^{n}(y_i - \hat{y}_i)^2",
        [("assignment", "MSE", "Sum((y[i] - yhat[i])**2, (i, 1, n))/n")],
        [("field-acronym", "MSE")],
    ),
    # beta-VAE tutorials: the two terms by their names
    (
        "beta-vae-names",
        r"L = MSE + \beta \cdot KL",
        [("assignment", "L", "KL*beta + MSE")],
        [("field-acronym", "MSE"), ("field-acronym", "KL")],
    ),
    # RoPE as blog posts type it (Su et al. 2021): pos one name (before: p·o·s)
    (
        "rope-pos",
        r"x'_{2i} = x_{2i}\cos(pos \cdot \theta_i) - x_{2i+1}\sin(pos \cdot \theta_i)",
        [("assignment", "x'[2*i]", "-sin(pos*theta[i])*x[2*i + 1] + cos(pos*theta[i])*x[2*i]")],
        [("entry-definition", "x'_{2i}"), ("zero-based", "x_{2i}"), ("field-word", "pos")],
    ),
    # Rumelhart, Hinton & Williams 1986: the net input net_{pj} (before: n·e·t_{pj})
    (
        "rumelhart-net",
        r"o_{pj} = f_j(net_{pj})",
        [("assignment", "o_{pj}", "f_j(net_{pj})")],
        [("subscript-label", "o_{pj}"), ("field-word", "net"), ("subscript-label", "net_{pj}")],
    ),
    # the softmax pasted from a web page with Σ (before: Σ_k an entry of a family Σ, silently)
    (
        "softmax-sigma-k",
        r"p_i = \frac{\exp(x_i)}{Σ_k \exp(x_k)}",
        [("assignment", "p[i]", "exp(x[i])/Sum(exp(x[k]), (k, 1, N_x))")],
        [("unicode-sum", "Σ")],
    ),
    # Bahdanau et al. 2015's context vector, pasted
    (
        "bahdanau-context",
        r"c_i = Σ_j α_{ij} h_j",
        [("assignment", "c[i]", "Sum(alpha[i, j]*h[j], (j, 1, N_h))")],
        [("unicode-sum", "Σ")],
    ),
    # Ho et al. 2020 (DDPM)'s alpha-bar, pasted with Π (before: refused, an unexpected character)
    (
        "ddpm-alpha-bar",
        r"ᾱ_t = Π_{s=1}^{t} α_s",
        [("assignment", "alphabar_t", "Product(alpha[s], (s, 1, t))")],
        [("unicode-product", "Π")],
    ),
    # a blog writing \Sigma for the sum, with a range
    (
        "mse-tex-sigma",
        r"MSE = \frac{1}{N} \Sigma_{i=1}^{N} (y_i - \hat{y}_i)^2",
        [("assignment", "MSE", "Sum((y[i] - yhat[i])**2, (i, 1, N))/N")],
        [("field-acronym", "MSE"), ("unicode-sum", r"\Sigma")],
    ),
]


@pytest.mark.parametrize(("latex", "statements", "notes"), [r[1:] for r in READS], ids=[r[0] for r in READS])
def test_reads(latex: str, statements: list[tuple[str, str, str]], notes: list[tuple[str, str]]) -> None:
    formula = symdl.parse(latex)
    assert _statements(formula) == statements
    assert _notes(formula) == notes


# (id, formula, a note rule that must not be given) -- the other readings kept
KEPT = [
    ("tex-two-letter-exponent", r"y = x^ab", "word-exponent"),  # TeX's x^a b
    ("gaussian-covariance", r"p(x) = \mathcal{N}(x; μ_k, Σ_k)", "unicode-sum"),  # Σ_k an argument: a matrix
    ("covariance-inverse", r"d = Σ_k^{-1} x", "unicode-sum"),  # raised to -1: the matrix
    ("quadratic-form", r"q = w^T Σ w", "unicode-sum"),  # no index: the matrix
    ("tex-sigma-k", r"y = \Sigma_k x", "unicode-sum"),  # TeX's \Sigma_k with no range: a matrix
    ("kl-call", r"KL(p, q) = 1", "field-acronym"),  # before a parenthesis: a call
    ("matrix-pair", r"y = AB + C", "field-acronym"),  # AB no acronym: the product
    ("spaced-bracket", r"y = x[i] [j]", "bracket-index-word"),
]


@pytest.mark.parametrize(("latex", "rule"), [r[1:] for r in KEPT], ids=[r[0] for r in KEPT])
def test_other_readings_kept(latex: str, rule: str) -> None:
    assert rule not in [n.rule for n in symdl.parse(latex).notes]


def test_kept_readings_meaning() -> None:
    """Σ as a value stays the matrix Σ; TeX's ``x^ab`` is x^a·b; ``KL(p, q)`` is a call."""
    assert _statements(symdl.parse(r"y = x^ab")) == [("assignment", "y", "b*x**a")]
    assert _statements(symdl.parse(r"q = w^T Σ w"))[0][2] == "w.T*Sigma*w"
    assert _statements(symdl.parse(r"y = \Sigma_k x"))[0][2] == "x*Sigma[k]"
    assert _statements(symdl.parse(r"KL(p, q) = 1")) == [("definition", "KL(p, q)", "1")]
    assert _statements(symdl.parse(r"p(x) = \mathcal{N}(x; μ_k, Σ_k)"))[0][2] == "Ncal(x, mu[k], Sigma[k])"


REFUSED = [
    # Karpathy, min-char-rnn.py: the target's probability, an entry of an entry (before: ps_t·targets_t)
    ("min-char-rnn-loss", r"loss = -np.log(ps[t][targets[t]])", "a second index in square brackets"),
    ("entry-of-entry", r"y = x[i][j]", "a second index in square brackets"),
    # GAT's pasted h'_i = σ(Σ α_{ij} h_j) now reads (over j, the letter the left side does not carry): s27_pastes
]


@pytest.mark.parametrize(("latex", "what"), [r[1:] for r in REFUSED], ids=[r[0] for r in REFUSED])
def test_refused(latex: str, what: str) -> None:
    with pytest.raises(symdl.NotSupported) as err:
        symdl.parse(latex)
    assert what in str(err.value)
    assert err.value.hint


def test_min_char_rnn_softmax_values() -> None:
    """``ps[t] = np.exp(ys[t]) / np.sum(np.exp(ys[t]))`` is numpy's softmax of the vector ys[t]."""
    ys = np.random.default_rng(0).normal(size=(5, 1))
    got = _value(MIN_CHAR_RNN_SOFTMAX, **{"ys[t]": ys}).ravel()
    np.testing.assert_allclose(got, (np.exp(ys) / np.exp(ys).sum()).ravel(), rtol=1e-12)


def test_min_char_rnn_step_values() -> None:
    """The hidden step evaluates as numpy's: np.dot's first arguments are matrices, the second and the bias vectors
    (session 24, code-matmul-operand; they were numbers, one unit)."""
    rng = np.random.default_rng(22)
    wxh, whh, x, h, bh = rng.normal(size=(3, 4)), rng.normal(size=(3, 3)), rng.normal(size=4), rng.normal(size=3), \
        rng.normal(size=3)
    args = {"Wxh": wxh, "xs[t]": x, "Whh": whh, "hs[t-1]": h, "bh": bh}
    np.testing.assert_allclose(np.ravel(_value(MIN_CHAR_RNN_STEP, **args)), np.tanh(wxh @ x + whh @ h + bh),
                               rtol=1e-12)


def test_focal_loss_values() -> None:
    """click4ai's worked example: alpha = 0.25, gamma = 2, p_t = 0.7 gives 0.25 · 0.09 · 0.3567 ≈ 0.008."""
    got = _value(FOCAL_CODE, alpha=0.25, gamma=2.0, p_t=0.7)
    np.testing.assert_allclose(got, -0.25 * (1 - 0.7) ** 2 * np.log(0.7), rtol=1e-12)


def test_pasted_softmax_values() -> None:
    """``e^xᵢ / Σⱼ e^xⱼ`` is numpy's softmax."""
    x = np.random.default_rng(1).normal(size=4)
    formula = symdl.parse(r"p_i = e^xᵢ / Σⱼ e^xⱼ")
    assert _statements(formula) == [("assignment", "p[i]", "exp(x[i])/Sum(exp(x[j]), (j, 1, N_x))")]
    got = np.asarray(symdl.lambdify(formula)(x=x), dtype=float).ravel()
    np.testing.assert_allclose(got, np.exp(x) / np.exp(x).sum(), rtol=1e-12)


def test_vae_kl_values() -> None:
    """Kingma & Welling's KL term, summed over J latent units, as numpy computes it."""
    rng = np.random.default_rng(2)
    mu, sigma = rng.normal(size=3), rng.uniform(0.5, 2.0, size=3)
    got = _value(VAE_KL, **{r"\mu": mu, r"\sigma": sigma, "J": 3})
    np.testing.assert_allclose(got, -0.5 * np.sum(1 + np.log(sigma**2) - mu**2 - sigma**2), rtol=1e-12)
