"""Readings of a held-out sweep of the PyTorch docs, Goodfellow et al. and d2l: a fraction's denominator that is a
product is divided by whole (Goodfellow's step size gᵀg / gᵀHg was g^{T,-1} H^{-1} g^{-1} times gᵀg), ``\\mathbf{1}^\\top``
is the row of ones, square brackets right after a name index it (the PyTorch docs' ``x[class]``; it was a product),
a superscript that names a number is a power (``\\text{input}_i^{\\text{exponent}}`` was a label), spaces before
``^`` are TeX's (``|x_i| ^ p`` was refused), ``\\log_2`` is the logarithm to base 2, and the PyTorch activations
with no parameters are their definitions.  Each row: the formula as its source writes it, seeded inputs, plain
numpy's value and the reading notes."""

from __future__ import annotations

import math

import numpy as np
import pytest

import symdl
from tests.real_sources import assert_reads_as

RNG = np.random.default_rng(12)
G4, X4, Y4 = RNG.normal(size=4), RNG.normal(size=4), RNG.normal(size=4)
H44 = RNG.normal(size=(4, 4))
W34 = RNG.normal(size=(3, 4))
P4 = RNG.uniform(0.1, 1.0, size=4)
WIDE = np.array([-40.0, -3.5, -1.0, 0.3, 2.0, 40.0])
ERF = np.vectorize(math.erf)


def _sigmoid(z: np.ndarray) -> np.ndarray:
    return 1 / (1 + np.exp(-z))


def _softplus(z: np.ndarray) -> np.ndarray:
    return np.logaddexp(0, z)


# (id, source, latex, inputs, numpy's value, notes by rule)
QUOTIENTS = [
    ("goodfellow-optimal-step-size", "Goodfellow et al., eq. 4.10", r"\epsilon^* = \frac{g^T g}{g^T H g}",
     {"g": G4, "H": H44}, G4 @ G4 / (G4 @ H44 @ G4), []),
    ("bold-step-size", "the same, bold", r"\alpha = \frac{\mathbf{g}^\top \mathbf{g}}{\mathbf{g}^\top \mathbf{H} \mathbf{g}}",
     {r"\mathbf{g}": G4, r"\mathbf{H}": H44}, G4 @ G4 / (G4 @ H44 @ G4), []),
    ("rayleigh-quotient", "the Rayleigh quotient (Goodfellow et al., sec. 4.3.1)",
     r"r = \frac{x^T H x}{x^T x}", {"x": X4, "H": H44}, X4 @ H44 @ X4 / (X4 @ X4), []),
    ("one-over-a-squared-norm", "a vector scaled by 1/xᵀx", r"\mathbf{y} = \frac{\mathbf{a}}{\mathbf{x}^\top \mathbf{x}}",
     {r"\mathbf{a}": Y4, r"\mathbf{x}": X4}, Y4 / (X4 @ X4), []),
    ("over-a-matrix-product-entrywise", "a vector divided entry by entry by W x",
     r"\mathbf{y} = \frac{\mathbf{x}}{W \mathbf{x}}", {r"\mathbf{x}": X4, "W": H44}, X4 / (H44 @ X4), []),
    ("scalars-over-a-product", "a number over a product of numbers", r"y = \frac{a}{b c}", {"a": 3.0, "b": 2.0, "c": 5.0},
     0.3, []),
    ("slash-over-a-product", "the same with a slash", r"y = a / (b c)", {"a": 3.0, "b": 2.0, "c": 5.0}, 0.3, []),
    ("ones-row-sums-entries", "the row of ones, 1ᵀx", r"s = \mathbf{1}^\top \mathbf{x}", {r"\mathbf{x}": X4}, X4.sum(),
     []),
    ("normalise-by-ones", "x / 1ᵀx (a distribution from positive scores)",
     r"\mathbf{p} = \frac{\mathbf{x}}{\mathbf{1}^T \mathbf{x}}", {r"\mathbf{x}": P4}, P4 / P4.sum(), []),
    ("cross-entropy-with-ones", "cross-entropy as 1ᵀ(y ⊙ log ŷ)",
     r"L = -\mathbf{1}^\top (\mathbf{y} \odot \log \hat{\mathbf{y}})", {r"\mathbf{y}": P4, r"\hat{\mathbf{y}}": P4[::-1]},
     -(P4 * np.log(P4[::-1])).sum(), []),
]

BRACKETS_AND_POWERS = [
    ("pytorch-cross-entropy-class-index", "PyTorch docs, torch.nn.CrossEntropyLoss (older versions)",
     r"\text{loss} = -x[c] + \log\left(\sum_j \exp(x[j])\right)", {"x": X4},
     -X4 + np.log(np.exp(X4).sum()), ["bracket-index", "family-entry"]),
    ("pytorch-soft-margin", "PyTorch docs, torch.nn.SoftMarginLoss",
     r"\text{loss}(x, y) = \sum_i \frac{\log(1 + \exp(-y[i]*x[i]))}{n}", {"x": X4, "y": np.sign(Y4), "n": 4},
     np.log1p(np.exp(-np.sign(Y4) * X4)).sum() / 4, ["bracket-index", "bracket-index"]),
    ("bracket-index-offset", "a recurrence in code's notation", r"h[t] = a h[t-1]", {"a": 0.5, "h[t-1]": 2.0}, 1.0,
     ["bracket-index"]),
    ("bracket-after-space-is-a-product", "PyTorch docs, torch.nn.BCELoss",
     r"l_n = - w_n \left[ y_n \cdot \log x_n + (1 - y_n) \cdot \log (1 - x_n) \right]",
     {"w": [0.5, 1.0], "y": [1.0, 0.0], "x": [0.25, 0.5]}, [-0.5 * math.log(0.25), -math.log(0.5)],
     ["entry-statement"]),  # l_n, w_n, ...: entry n of each (session 18)
    ("pytorch-pow-exponent-word", "PyTorch docs, torch.pow",
     r"\text{out}_i = x_i^{\text{exponent}}", {"x": P4, r"\text{exponent}": 1.5}, P4**1.5, []),
    ("pytorch-normalize-p-norm-spaced", "PyTorch docs, torch.nn.functional.normalize (spaces before ^)",
     r"\Vert x \Vert _p = \left( \sum_{i=1}^n  \vert x_i \vert ^ p \right) ^ {1/p}", {"x": X4, "n": 4, "p": 3.0},
     (np.abs(X4) ** 3).sum() ** (1 / 3), []),
    ("spaced-power-of-a-bracket", "a space before ^ after a bracket", r"y = (x + 1) ^ 2", {"x": X4}, (X4 + 1) ** 2, []),
    ("entropy-in-bits", "Shannon entropy in bits (Goodfellow et al., sec. 3.13)", r"H = -\sum_i p_i \log_2 p_i",
     {"p": P4 / P4.sum()}, -(P4 / P4.sum() * np.log2(P4 / P4.sum())).sum(), []),
    ("log-base-ten", "a decibel-style log", r"y = 10 \log_{10}(x)", {"x": P4}, 10 * np.log10(P4), []),
    ("log-base-e-is-ln", "PyTorch docs, torch.log", r"\text{out}_{i} = \log_{e}(x_{i})", {"x": P4}, np.log(P4), []),
]

ACTIVATIONS = [
    ("pytorch-gelu-named", "PyTorch docs, torch.nn.GELU", r"y = \mathrm{GELU}(x)", {"x": WIDE},
     WIDE / 2 * (1 + ERF(WIDE / math.sqrt(2))), ["activation-default"]),
    ("pytorch-silu-named", "PyTorch docs, torch.nn.SiLU", r"y = \text{SiLU}(x)", {"x": WIDE}, WIDE * _sigmoid(WIDE), []),
    ("swish-named", "Ramachandran et al. 2017", r"y = \text{Swish}(x)", {"x": WIDE}, WIDE * _sigmoid(WIDE),
     ["activation-default"]),
    ("pytorch-mish-named", "PyTorch docs, torch.nn.Mish", r"y = \text{Mish}(x)", {"x": WIDE},
     WIDE * np.tanh(_softplus(WIDE)), []),
    ("pytorch-softsign-named", "PyTorch docs, torch.nn.Softsign", r"y = \text{Softsign}(x)", {"x": WIDE},
     WIDE / (1 + np.abs(WIDE)), []),
    ("pytorch-hardtanh-named", "PyTorch docs, torch.nn.Hardtanh", r"y = \text{Hardtanh}(x)", {"x": WIDE},
     np.clip(WIDE, -1, 1), []),
    ("pytorch-hardsigmoid-named", "PyTorch docs, torch.nn.Hardsigmoid", r"y = \text{Hardsigmoid}(x)", {"x": WIDE},
     np.clip(WIDE / 6 + 0.5, 0, 1), []),
    ("pytorch-hardswish-named", "PyTorch docs, torch.nn.Hardswish", r"y = \text{Hardswish}(x)", {"x": WIDE},
     WIDE * np.clip(WIDE + 3, 0, 6) / 6, []),
    ("pytorch-logsigmoid-named", "PyTorch docs, torch.nn.LogSigmoid", r"y = \text{LogSigmoid}(x)", {"x": WIDE},
     -np.logaddexp(0, -WIDE), []),
    ("wgan-weight-clipping", "Arjovsky et al. 2017, algorithm 1", r"w \leftarrow \text{clip}(w, -c, c)",
     {"w": WIDE, "c": 0.01}, np.clip(WIDE, -0.01, 0.01), []),
    ("clamp-of-a-vector", "PyTorch docs, torch.clamp", r"\mathbf{y} = \mathrm{clamp}(\mathbf{x}, a, b)",
     {r"\mathbf{x}": WIDE, "a": -1.0, "b": 2.0}, np.clip(WIDE, -1.0, 2.0), []),
]


@pytest.mark.parametrize(("latex", "inputs", "want", "rules"), [r[2:] for r in QUOTIENTS], ids=[r[0] for r in QUOTIENTS])
def test_quotients_and_ones(latex: str, inputs: dict, want: object, rules: list[str]) -> None:
    assert_reads_as(symdl.parse(latex), inputs, want, rules)


@pytest.mark.parametrize(("latex", "inputs", "want", "rules"), [r[2:] for r in BRACKETS_AND_POWERS],
                         ids=[r[0] for r in BRACKETS_AND_POWERS])
def test_brackets_and_powers(latex: str, inputs: dict, want: object, rules: list[str]) -> None:
    assert_reads_as(symdl.parse(latex), inputs, want, rules)


@pytest.mark.parametrize(("latex", "inputs", "want", "rules"), [r[2:] for r in ACTIVATIONS], ids=[r[0] for r in ACTIVATIONS])
def test_named_activations(latex: str, inputs: dict, want: object, rules: list[str]) -> None:
    assert_reads_as(symdl.parse(latex), inputs, want, rules)


def test_bracket_index_note_names_the_entry_and_the_product() -> None:
    note = symdl.parse(r"y = x[i] + 1").notes[0]
    assert note.rule == "bracket-index" and (note.span.start, note.span.end) == (4, 8)
    assert "entry x_{i}" in note.message and "\\cdot" in note.alternative


def test_ones_row_is_not_called_a_linear_map() -> None:
    """1ᵀx is a sum of entries: the linear-map concept needs a weight matrix, not a constant one."""
    assert "linear_layer" not in symdl.explain(r"s = \mathbf{1}^\top \mathbf{x}").concepts


@pytest.mark.parametrize(("latex", "words"), [
    (r"y = \log_{x+1} y", r"logarithm to base x\+1"),
    (r"\mathbf{y} = \mathrm{clip}(\mathbf{x}, \mathbf{a}, b)", "vector or matrix after its first argument"),
], ids=["log-base-expression", "clip-bound-vector"])
def test_refused_where_written(latex: str, words: str) -> None:
    with pytest.raises(symdl.NotSupported, match=words):
        symdl.parse(latex)


def test_activations_differentiate() -> None:
    """A named activation is its definition, so symdl differentiates it: d/dx SiLU(x) = σ(x)(1 + x(1 − σ(x)))."""
    d = symdl.diff(r"y = \mathrm{SiLU}(x)", "x")
    f = symdl.lambdify(d.expr)
    s = _sigmoid(WIDE)
    np.testing.assert_allclose(f(x=WIDE), s * (1 + WIDE * (1 - s)), rtol=1e-12)


# (id, source, latex, inputs, numpy's value, notes by rule): steps of a recurrent network, Kronecker deltas, code names
STEPS_AND_DELTAS = [
    ("goodfellow-rnn-output", "Goodfellow et al., eq. 10.10",
     r"\boldsymbol{o}^{(t)} = \boldsymbol{c} + \boldsymbol{V}\boldsymbol{h}^{(t)}",
     {r"\boldsymbol{c}": G4[:3], r"\boldsymbol{V}": W34, r"\boldsymbol{h}^{(t)}": X4}, G4[:3] + W34 @ X4,
     ["superscript-label", "superscript-label"]),
    ("goodfellow-rnn-system", "Goodfellow et al., eqs. 10.8-10.10",
     r"\boldsymbol{a}^{(t)} = \boldsymbol{b} + \boldsymbol{W}\boldsymbol{h}^{(t-1)} + \boldsymbol{U}\boldsymbol{x}^{(t)} \\ "
     r"\boldsymbol{h}^{(t)} = \tanh(\boldsymbol{a}^{(t)}) \\ \boldsymbol{o}^{(t)} = \boldsymbol{c} + \boldsymbol{V}\boldsymbol{h}^{(t)}",
     {r"\boldsymbol{b}": X4, r"\boldsymbol{W}": H44, r"\boldsymbol{h}^{(t-1)}": Y4, r"\boldsymbol{U}": H44.T,
      r"\boldsymbol{x}^{(t)}": G4, r"\boldsymbol{c}": G4[:3], r"\boldsymbol{V}": W34},
     G4[:3] + W34 @ np.tanh(X4 + H44 @ Y4 + H44.T @ G4), []),
    ("least-squares-over-samples", "d2l 3.1, the loss summed over examples",
     r"L = \sum_i (\mathbf{w}^\top \mathbf{x}^{(i)} - y^{(i)})^2",
     {r"\mathbf{w}": X4, r"\mathbf{x}": W34, "y": G4[:3]}, ((W34 @ X4 - G4[:3]) ** 2).sum(), []),
    ("label-smoothing-delta", "Szegedy et al. 2016, label smoothing (with a uniform prior)",
     r"q_k = (1-\epsilon)\delta_{k,y} + \epsilon p_k", {r"\epsilon": 0.1, "y": 2, "p": np.full(4, 0.25)},
     0.9 * (np.arange(1, 5) == 2) + 0.025, ["kronecker-delta"]),
    ("softmax-jacobian-delta", "the softmax Jacobian", r"J_{ij} = p_i(\delta_{ij} - p_j)", {"p": P4},
     np.diag(P4) - np.outer(P4, P4), []),
    ("cs231n-adam-code-names", "cs231n, neural networks part 3 (Adam, as code)", r"m = beta1*m + (1-beta1)*dx",
     {"m": X4, "beta1": 0.9, "dx": G4}, 0.9 * X4 + 0.1 * G4, ["greek-word", "name-digits"]),
]


@pytest.mark.parametrize(("latex", "inputs", "want", "rules"), [r[2:] for r in STEPS_AND_DELTAS],
                         ids=[r[0] for r in STEPS_AND_DELTAS])
def test_steps_and_deltas(latex: str, inputs: dict, want: object, rules: list[str]) -> None:
    assert_reads_as(symdl.parse(latex), inputs, want, rules)


@pytest.mark.parametrize("latex", [  # w - η Σ_i x^{(i)} r^{(i)} reads by entries now (test_read_heldout_session12_g)
    r"\mathbf{z} = \mathbf{x}^{(i)} - \boldsymbol{\mu}",
    r"y = \frac{1}{m}\sum_i \mathbf{x}^{(i)} + b",  # the mean alone reads now (family-vector-sum, s27 vecfam)
], ids=["sample-minus-mean", "mean-of-sample-vectors-plus-number"])
def test_one_vector_of_a_family_outside_a_dot_is_refused(latex: str) -> None:
    """Before, x^{(i)} was a number there: w - η Σ x^{(i)} r^{(i)} subtracted a number from every entry of w."""
    with pytest.raises(symdl.NotSupported, match="one vector of a family of vectors") as info:
        symdl.parse(latex)
    assert latex[info.value.span.start : info.value.span.end].startswith(r"\mathbf{x}^{(i)}")


PT = "PyTorch docs, torch.nn."
Q4 = RNG.uniform(0.1, 0.9, size=4)
# (id, source, latex, inputs, numpy's value, notes by rule): the PyTorch docs' unreduced losses, L = {l_1, ..., l_N}^T
UNREDUCED = [
    ("pytorch-l1loss", PT + "L1Loss",
     r"\ell(x, y) = L = \{l_1,\dots,l_N\}^\top, \quad l_n = \left| x_n - y_n \right|", {"x": X4, "y": Y4},
     np.abs(X4 - Y4), ["family-list"]),
    ("pytorch-mseloss", PT + "MSELoss",
     r"\ell(x, y) = L = \{l_1,\dots,l_N\}^\top, \quad l_n = \left( x_n - y_n \right)^2", {"x": X4, "y": Y4},
     (X4 - Y4) ** 2, ["family-list"]),
    ("pytorch-bceloss", PT + "BCELoss",
     r"\ell(x, y) = L = \{l_1,\dots,l_N\}^\top, \quad l_n = - w_n \left[ y_n \cdot \log x_n + (1 - y_n) \cdot \log (1 - x_n) \right]",
     {"x": Q4, "y": P4.round(), "w": np.ones(4)}, -(P4.round() * np.log(Q4) + (1 - P4.round()) * np.log(1 - Q4)),
     ["family-list"]),
    ("pytorch-huberloss-three-dots", PT + "HuberLoss",
     r"\ell(x, y) = L = \{l_1, ..., l_N\}^T, \quad l_n = \begin{cases} 0.5 (x_n - y_n)^2, & \text{if } |x_n - y_n| < delta "
     r"\\ delta * (|x_n - y_n| - 0.5 * delta), & \text{otherwise } \end{cases}", {"x": 3 * X4, "y": Y4, "delta": 1.0},
     np.where(np.abs(3 * X4 - Y4) < 1, 0.5 * (3 * X4 - Y4) ** 2, np.abs(3 * X4 - Y4) - 0.5),
     ["family-list", "greek-word"]),
    ("bracket-list-of-entries", "a vector of a family's entries in brackets", r"L = [l_1, \dots, l_N], \quad l_n = 2 x_n",
     {"x": X4}, 2 * X4, ["family-list"]),
]


@pytest.mark.parametrize(("latex", "inputs", "want", "rules"), [r[2:] for r in UNREDUCED], ids=[r[0] for r in UNREDUCED])
def test_pytorch_unreduced_losses(latex: str, inputs: dict, want: object, rules: list[str]) -> None:
    assert_reads_as(symdl.parse(latex), inputs, want, rules)


def test_a_family_list_names_nothing_it_cannot_check() -> None:
    """The chain ℓ(x, y) = L = {l_1, ..., l_N}ᵀ names L; it was "checked: L = l_n does NOT hold"."""
    text = str(symdl.explain(r"\ell(x, y) = L = \{l_1,\dots,l_N\}^\top, \quad l_n = \left| x_n - y_n \right|"))
    assert "does NOT hold" not in text


def test_a_list_to_a_lower_case_bound_is_the_vector() -> None:
    """Once refused; now the list's pattern x_i over i = 1 to n (the index a letter the formula does not use)."""
    formula = symdl.parse(r"x = [x_1, \dots, x_n]")
    assert [n.rule for n in formula.notes] == ["family-list"]
    np.testing.assert_allclose(symdl.lambdify(formula)(x=X4), X4, rtol=1e-12)


def _gan_value(x: np.ndarray, z: np.ndarray) -> float:
    return float(np.mean(np.log(_sigmoid(x))) + np.mean(np.log(1 - _sigmoid(2 * z))))


GAN = (r"\min_G \max_D V(D, G) = \mathbb{E}_{x \sim p_{data}(x)}[\log D(x)] + "
       r"\mathbb{E}_{z \sim p_z(z)}[\log(1 - D(G(z)))]")
XS, ZS = RNG.normal(size=5), RNG.normal(size=3)


def test_gan_minimax_reads_its_value_function() -> None:
    """Goodfellow et al. 2014, eq. 1: the objective is set aside (noted), V is read with D and G applied to each
    sample the expectations draw, and evaluates to the means over the samples given."""
    formula = symdl.parse(GAN)
    assert [n.rule for n in formula.notes] == ["objective-prefix", "objective-prefix", "expectation-mean",
                                               "expectation-mean"]
    assert "maximise it over D" in formula.notes[1].message
    got = symdl.lambdify(formula, functions={"D": _sigmoid, "G": lambda u: 2 * u})(x=XS, z=ZS)
    np.testing.assert_allclose(got, _gan_value(XS, ZS), rtol=1e-12)


# (id, source, latex, inputs, numpy's value, notes by rule): expectations over drawn samples, objectives
EXPECTATIONS = [
    ("expectation-of-a-log", "an expectation over drawn x", r"J = \mathbb{E}_{x \sim p}[\log x]", {"x": P4},
     np.log(P4).mean(), ["expectation-mean"]),
    ("expectation-without-brackets", "Goodfellow et al., eq. 5.96 style",
     r"J = \mathbb{E}_{x \sim p} \log x + c", {"x": P4, "c": 0.5}, np.log(P4).mean() + 0.5,
     ["expectation-reach", "expectation-mean"]),
    ("objective-before-a-ridge-loss", "ridge regression's objective",
     r"\min_w \frac{1}{n}\sum_{i=1}^n (w x_i - y_i)^2 + \lambda w^2",
     {"w": 0.5, "x": X4, "y": Y4, "n": 4, r"\lambda": 0.1}, ((0.5 * X4 - Y4) ** 2).mean() + 0.025,
     ["objective-prefix"]),
]


@pytest.mark.parametrize(("latex", "inputs", "want", "rules"), [r[2:] for r in EXPECTATIONS],
                         ids=[r[0] for r in EXPECTATIONS])
def test_expectations_and_objectives(latex: str, inputs: dict, want: object, rules: list[str]) -> None:
    assert_reads_as(symdl.parse(latex), inputs, want, rules)


def test_an_optimum_inside_a_sum_stays_refused() -> None:
    with pytest.raises(symdl.NotSupported, match="optimisation objective"):
        symdl.parse(r"y = a + \max_D V(D)")


def test_an_optimum_value_is_read_not_evaluated() -> None:
    """``L = \\min_w f(w)``: the optimum of the objective, read and explained (was refused), never evaluated."""
    formula = symdl.parse(r"L = \min_w f(w)")
    assert [n.rule for n in formula.notes] == ["optimum-over-variable"]
    with pytest.raises(symdl.NotSupported, match="an optimum over a variable"):
        symdl.lambdify(formula)(w=1.0)


# (id, source, latex, inputs, numpy's value, notes by rule): metrics' acronyms, a vector's extreme entries, titles
NAMES_AND_EXTREMES = [
    ("precision-acronyms", "precision, as every ML course writes it", r"\text{Precision} = \frac{TP}{TP + FP}",
     {"TP": 8.0, "FP": 2.0}, 0.8, ["acronym-name", "acronym-name"]),
    ("accuracy-acronyms", "accuracy from the confusion matrix", r"\text{Acc} = \frac{TP + TN}{TP + TN + FP + FN}",
     {"TP": 8.0, "TN": 5.0, "FP": 2.0, "FN": 5.0}, 0.65, ["acronym-name"] * 4),
    ("matrix-product-written-once", "two capitals once beside a lone capital: matrices (LoRA's W + BA), noted",
     r"y = AB + C", {"A": np.arange(6.0).reshape(2, 3), "B": np.arange(6.0).reshape(3, 2), "C": np.eye(2)},
     np.arange(6.0).reshape(2, 3) @ np.arange(6.0).reshape(3, 2) + np.eye(2), ["letters-product", "capital-pair-matrix"]),
    ("range-of-a-vector", "the spread of a vector's entries", r"r = \max(\mathbf{x}) - \min(\mathbf{x})",
     {r"\mathbf{x}": X4}, X4.max() - X4.min(), []),
    ("titled-statement", "an algorithm box's line with its title", r"\text{Adam: } m_t = \beta_1 m_{t-1} + (1-\beta_1) g_t",
     {r"\beta_1": 0.9, "m_{t-1}": X4, "g_t": Y4}, 0.9 * X4 + 0.1 * Y4, ["prose-clause"]),
]


@pytest.mark.parametrize(("latex", "inputs", "want", "rules"), [r[2:] for r in NAMES_AND_EXTREMES],
                         ids=[r[0] for r in NAMES_AND_EXTREMES])
def test_names_and_extremes(latex: str, inputs: dict, want: object, rules: list[str]) -> None:
    assert_reads_as(symdl.parse(latex), inputs, want, rules)


def test_min_max_scaling_reads_the_extreme_entries() -> None:
    """x' = (x - min x)/(max x - min x): the extremes are the vector's entries (it was refused); evaluating it beside
    the vector is refused clearly (indexed reductions and matrices do not mix in symdl's numeric stage yet)."""
    formula = symdl.parse(r"\mathbf{x}' = \frac{\mathbf{x} - \min(\mathbf{x})}{\max(\mathbf{x}) - \min(\mathbf{x})}")
    text = str(formula.statements[0].rhs)
    assert "MaxOver(x[" in text and "MinOver(x[" in text
    with pytest.raises(symdl.NotSupported, match="mixing indexed sums with matrix products"):
        symdl.lambdify(formula)(**{r"\mathbf{x}": X4})


def test_mixup_of_two_examples_is_refused_where_written() -> None:
    """Zhang et al.'s mixup λx_i + (1 − λ)x_j mixed two numbers x[i], x[j] into a vector, silently."""
    latex = r"\tilde{\mathbf{x}} = \lambda \mathbf{x}_i + (1 - \lambda) \mathbf{x}_j"
    with pytest.raises(symdl.NotSupported, match="one vector of a family of vectors") as info:
        symdl.parse(latex)
    assert latex[info.value.span.start : info.value.span.end] == r"\mathbf{x}_i"


def test_a_list_of_bold_vectors_is_their_concatenation() -> None:
    """An LSTM gate with bold names: W_i [h_{t-1}, x_t] stacks the vectors (it took W_i as n×2, silently)."""
    h, x, w, bias = Y4[:2], G4[:3], RNG.normal(size=(3, 5)), X4[:3]
    formula = symdl.parse(r"\mathbf{i}_t = \sigma(\mathbf{W}_{i}[\mathbf{h}_{t-1}, \mathbf{x}_t] + \mathbf{b}_i)")
    assert [n.rule for n in formula.notes] == ["bracket-concat"]
    got = symdl.lambdify(formula)(**{r"\mathbf{W}_{i}": w, r"\mathbf{h}_{t-1}": h, r"\mathbf{x}_t": x,
                                     r"\mathbf{b}_i": bias})
    np.testing.assert_allclose(got, _sigmoid(w @ np.concatenate([h, x]) + bias), rtol=1e-12)


@pytest.mark.parametrize(("claim", "verdict"), [
    (r"\frac{2g}{g^T H g} - \frac{g^Tg (H + H^T) g}{(g^T H g)^2}", "verified"),
    (r"\frac{2g}{g^T H g} - \frac{g^Tg H g}{(g^T H g)^2}", "refuted"),  # H not symmetric: H + H^T, not H
], ids=["right", "symmetric-only"])
def test_gradient_of_the_optimal_step_size(claim: str, verdict: str) -> None:
    """d/dg gᵀg/gᵀHg: the claim's g(H + H^T) was the function g applied, and (gᵀHg)² an element-wise square of a
    1×1 matrix dividing a vector (refused); now g is the vector it is written as elsewhere (noted)."""
    assert symdl.check_gradient(r"\alpha = \frac{g^T g}{g^T H g}", "g", claim).verdict == verdict
    assert [n.rule for n in symdl.parse(claim).notes] == (["product-of-a-vector"] if "H + H^T" in claim else [])


def test_two_lone_capitals_are_a_noted_product() -> None:
    """BLEU's BP · exp(...) is one name; AB a product: two capitals seen nowhere else are read as the product, noted."""
    formula = symdl.parse(r"\text{BLEU} = BP \cdot \exp\left(\sum_{n=1}^N w_n \log p_n\right)")
    assert [n.rule for n in formula.notes] == ["letters-product"]
    assert r"\text{BP}" in formula.notes[0].alternative
    assert [n.rule for n in symdl.parse(r"Y = AB \\ Z = A + B").notes] == []  # A and B are written alone too


@pytest.mark.parametrize("latex", [r"z_i = \sum_{j=1}^n \alpha_{ij}(x_j W^V)", r"y = x_j W"],
                         ids=["shaw-relative-attention", "row-of-a-family-times-a-matrix"])
def test_a_family_entry_times_a_matrix_is_refused(latex: str) -> None:
    with pytest.raises(symdl.NotSupported, match="one vector of a family of vectors times a matrix") as info:
        symdl.parse(latex)
    assert latex[info.value.span.start : info.value.span.end].startswith("x_j")


def test_a_draw_beside_a_statement_is_set_aside() -> None:
    """Kingma & Welling's reparameterisation: ε ∼ N(0, I) says how ε is drawn; z is computed from it (the
    whole formula was refused for its \\sim)."""
    formula = symdl.parse(r"\mathbf{z} = \boldsymbol{\mu} + \boldsymbol{\sigma} \odot \boldsymbol{\epsilon}, \quad "
                          r"\boldsymbol{\epsilon} \sim \mathcal{N}(0, \mathbf{I})")
    assert [n.rule for n in formula.notes] == ["distribution-clause"]
    got = symdl.lambdify(formula)(**{r"\boldsymbol{\mu}": X4, r"\boldsymbol{\sigma}": P4, r"\boldsymbol{\epsilon}": G4})
    np.testing.assert_allclose(got, X4 + P4 * G4, rtol=1e-12)
    # a formula of draws only is a distribution statement now (tests/test_read_session16_read2.py)
    assert symdl.parse(r"W \sim \mathcal{N}\left(0, \frac{2}{n_{in}}\right)").statements[0].kind == "distribution"


SIGNS = np.sign(Y4)


@pytest.mark.parametrize(("latex", "want"), [
    (r"\text{loss}(x, y) = \sum_i \frac{\max(0, 1 - y[i] * x[i])}{\text{x.size}(0)}", np.maximum(0, 1 - SIGNS * X4).mean()),
    (r"\text{loss}(x, y) = \sum_i \frac{\log(1 + \exp(-y[i]*x[i]))}{\text{x.nelement}()}",
     np.log1p(np.exp(-SIGNS * X4)).mean()),
], ids=["pytorch-hinge-embedding-size", "pytorch-soft-margin-nelement"])
def test_code_sizes_are_lengths(latex: str, want: float) -> None:
    """The PyTorch docs divide by \\text{x.size}(0) and \\text{x.nelement}(): the number of entries of x (refused)."""
    formula = symdl.parse(latex)
    np.testing.assert_allclose(symdl.lambdify(formula)(x=X4, y=SIGNS), want, rtol=1e-12)


def test_an_empirical_expectation_is_an_expectation() -> None:
    """PPO's \\hat{\\mathbb{E}}_t[...] (Schulman et al. 2017) was refused ('\\mathbb cannot start a name')."""
    ppo = symdl.parse(r"L^{CLIP}(\theta) = \hat{\mathbb{E}}_t[\min(r_t(\theta)\hat{A}_t, "
                      r"\text{clip}(r_t(\theta), 1-\epsilon, 1+\epsilon)\hat{A}_t)]")
    assert [n.rule for n in ppo.notes] == []  # of a number: an expectation kept as written, no mean guessed
    assert "clip" not in str(ppo.statements[0].rhs)  # clip is its definition, min(max(r, 1 - ε), 1 + ε)
    assert_reads_as(symdl.parse(r"L = \hat{\mathbb{E}}[x^2]"), {"x": X4}, (X4**2).mean(), ["expectation-mean"])


def test_a_named_activation_with_a_choice_states_it() -> None:
    """GELU has an exact form and a tanh approximation, Swish a β: the reading taken is noted, with the other."""
    gelu, swish = (symdl.parse(t).notes[0] for t in (r"y = \mathrm{GELU}(x)", r"y = \text{Swish}(x)"))
    assert "exact GELU" in gelu.message and r"\tanh" in gelu.alternative
    assert r"\beta = 1" in swish.message and r"\sigma(\beta x)" in swish.alternative
    assert symdl.parse(r"y = \text{SiLU}(x)").notes == ()  # SiLU has no parameter
