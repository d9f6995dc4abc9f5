"""Small reading classes of session 27 (issue 12), each a rule for its class, with must-not-change rows:

1. three letters right after ``\\partial`` are one name there and wherever the formula writes them
   (``partial-word``; Matt Mazur's step-by-step backprop example, ``\\frac{\\partial out_{o1}}{\\partial net_{o1}}``,
   was refused "a mixed partial derivative"); a word written as a value in its own parenthesis is a product
   (``out_{o1}(1 - out_{o1})``, ``product-of-itself``); ``\\partial x \\partial y`` stays a mixed derivative;
2. a pasted Σ after a log written without its parenthesis starts log's argument (the log-sum-exp's
   ``log Σ exp(x − max(x))``, ``unicode-sum``);
3. ``\\longleftarrow`` is ``\\leftarrow``; ``\\xleftarrow{\\text{def}}`` is the update arrow, its label dropped
   (``arrow-label``); ``\\Longleftarrow`` stays refused;
7. Markdown's escaped ``\\_`` after a closing parenthesis is the subscript (``\\sigma(x)\\_i``, ``markdown-escape``),
   and the family ``x\\_i`` is the family x.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
import sympy

import symdl
from symdl.errors import InvalidInput, NotSupported, SymdlError

X = np.array([0.3, -1.2, 2.5, 0.7])

MAZUR = "Matt Mazur, A Step by Step Backpropagation Example (2015)"

# (id, source, latex, the derivative's variable, the rules noted)
PARTIAL_WORDS = [
    ("mazur-dE-dout", MAZUR + ": the error's derivative by the output", r"\frac{\partial E_{total}}{\partial out_{o1}}",
     "out_{o1}", {"field-word"}),
    ("mazur-dout-dnet", MAZUR + ": the logistic's derivative", r"\frac{\partial out_{o1}}{\partial net_{o1}} = "
     r"out_{o1}(1 - out_{o1})", "net_{o1}", {"field-word", "product-of-itself"}),
    ("mazur-dnet-dw", MAZUR + ": the net input's derivative by a weight", r"\frac{\partial net_{o1}}{\partial w_5} = "
     r"out_{h1}", "w_5", {"field-word"}),
    ("three-letters-any", "the same class with letters that are no field word (a made-up activation name)",
     r"\frac{\partial act}{\partial inp_{o1}} = act", "inp_{o1}", {"partial-word", "field-word"}),
    ("total-word", MAZUR + ": a longer word after \\partial (word-name already)",
     r"\frac{\partial E}{\partial total}", "total", {"word-name"}),
]


@pytest.mark.parametrize(("latex", "wrt", "rules"), [c[2:] for c in PARTIAL_WORDS], ids=[c[0] for c in PARTIAL_WORDS])
def test_partial_word(latex: str, wrt: str, rules: set[str]) -> None:
    f = symdl.parse(latex)
    derivative = f.statements[0].lhs if f.statements[0].lhs is not None else f.statements[0].rhs
    assert isinstance(derivative, sympy.Derivative)
    assert [str(v) for v in derivative.variables] == [wrt]
    assert {n.rule for n in f.notes} == rules


def test_partial_word_value() -> None:
    """Mazur's out_{o1}(1 - out_{o1}) is the logistic's derivative: out times (1 - out), as numpy computes it."""
    f = symdl.parse(r"\frac{\partial out_{o1}}{\partial net_{o1}} = out_{o1}(1 - out_{o1})")
    out = f.symbols["out_{o1}"]
    assert float(f.statements[0].rhs.subs(out, 0.75136507)) == pytest.approx(0.75136507 * (1 - 0.75136507), rel=1e-12)
    g = symdl.lambdify(symdl.parse(r"y = out_{o1}(1 - out_{o1})"))
    np.testing.assert_allclose(g(**{"out_{o1}": X}), X * (1 - X), rtol=1e-12)


def test_partial_word_elsewhere() -> None:
    """The word after \\partial is one name where the formula writes it again (not a·c·t)."""
    f = symdl.parse(r"\frac{\partial act}{\partial w} = act \cdot w")
    assert "act" in f.symbols and "partial-word" in {n.rule for n in f.notes}


MIXED_KEPT = [
    ("mixed-two", "a mixed second derivative (Goodfellow 4.3's Hessian entries)", r"\frac{\partial^2 f}{\partial x \partial y}"),
    ("two-letters", "two letters after \\partial: a product, refused as before", r"\frac{\partial f}{\partial xy}"),
    ("spaced-letters", "three letters with spaces between them stay letters", r"\frac{\partial f}{\partial x y z}"),
]


@pytest.mark.parametrize("latex", [c[2] for c in MIXED_KEPT], ids=[c[0] for c in MIXED_KEPT])
def test_mixed_partial_still_refused(latex: str) -> None:
    with pytest.raises(NotSupported, match="a mixed partial derivative"):
        symdl.parse(latex)


def test_call_of_itself_kept() -> None:
    """A word applied to a call of itself stays a call (composition)."""
    assert str(symdl.parse(r"y = out(out(x))").statements[0].rhs) == "out(out(x))"


# item 2: (id, source, latex, arguments, numpy's value)
LOG_SUMS: list[tuple[str, str, str, dict[str, Any], Any]] = [
    ("log-sigma-exp", "log-sum-exp pasted from a web page (no index, no parentheses)", "y = log Σ exp(x)", {"x": X},
     np.log(np.exp(X).sum())),
    ("tex-log-sigma-exp", "the same with TeX's \\log", r"y = \log Σ exp(x)", {"x": X}, np.log(np.exp(X).sum())),
    ("log-sigma-index", "the same with an index under Σ (already read)", "y = log Σ_j exp(x_j)", {"x": X},
     np.log(np.exp(X).sum())),
    ("tex-log-sum", "TeX's \\log \\sum_j e^{x_j} (d2l 4.1, the log-partition)", r"y = \log \sum_j e^{x_j}", {"x": X},
     np.log(np.exp(X).sum())),
]


@pytest.mark.parametrize(("latex", "args", "expected"), [c[2:] for c in LOG_SUMS], ids=[c[0] for c in LOG_SUMS])
def test_log_sum_value(latex: str, args: dict[str, Any], expected: Any) -> None:
    got = symdl.lambdify(symdl.parse(latex))(**args)
    np.testing.assert_allclose(np.asarray(got, dtype=float), expected, rtol=1e-12)


def test_lse_max_shift_read() -> None:
    """The stable log-sum-exp as a chat answer pastes it: log of the sum of exp(x - max(x)), plus max(x)."""
    f = symdl.parse("LSE(x) = max(x) + log Σ exp(x − max(x))")
    rhs = f.statements[0].rhs
    logs = list(rhs.atoms(sympy.log))
    assert len(logs) == 1 and "exp" in str(logs[0]) and "MaxOver" in str(logs[0])
    assert "unicode-sum" in {n.rule for n in f.notes}


LOG_KEPT = [
    ("log-of-matrix", "Σ after log with nothing to sum stays the matrix (a log-determinant's shorthand)", "y = log Σ",
     "log(Sigma)"),
    ("catalog-word", "Σ after a word that only ends in log (catalog) keeps its reading", "y = catalog Σ_k^{-1}",
     None),
]


@pytest.mark.parametrize(("latex", "shown"), [c[2:] for c in LOG_KEPT], ids=[c[0] for c in LOG_KEPT])
def test_log_sigma_kept(latex: str, shown: str | None) -> None:
    try:
        f = symdl.parse(latex)
    except SymdlError:
        return  # refused as before is kept too
    assert "unicode-sum" not in {n.rule for n in f.notes}
    if shown is not None:
        assert str(f.statements[0].rhs) == shown


# item 3: (id, source, latex, the rules noted)
ARROWS = [
    ("longleftarrow", "an algorithm box's update drawn with the long arrow (Sutton & Barto style pseudocode)",
     r"w \longleftarrow w - \eta g", set()),
    ("xleftarrow-def", "a definition arrow with 'def' written over it", r"w \xleftarrow{\text{def}} w - \eta g",
     {"arrow-label"}),
    ("xleftarrow-below", "a labelled arrow with a label below it too", r"w \xleftarrow[t]{} w - \eta g", {"arrow-label"}),
    ("gets", "TeX's \\gets (kept)", r"w \gets w - \eta g", set()),
    ("leftarrow", "TeX's \\leftarrow (kept)", r"w \leftarrow w - \eta g", set()),
]


@pytest.mark.parametrize(("latex", "rules"), [c[2:] for c in ARROWS], ids=[c[0] for c in ARROWS])
def test_arrow(latex: str, rules: set[str]) -> None:
    f = symdl.parse(latex)
    (st,) = f.statements
    assert st.kind == "update" and str(st.lhs) == "w"
    assert {n.rule for n in f.notes} == rules
    w, eta, g = f.symbols["w"], f.symbols[r"\eta"], f.symbols["g"]
    assert float(st.rhs.subs({w: 1.5, eta: 0.1, g: 2.0})) == pytest.approx(1.5 - 0.1 * 2.0)


def test_long_implication_refused() -> None:
    """\\Longleftarrow is an implication, not an update: refused as before."""
    with pytest.raises(InvalidInput, match="Longleftarrow"):
        symdl.parse(r"y \Longleftarrow x")


# item 7: (id, source, latex, arguments, numpy's value, the rules noted)
ESCAPES: list[tuple[str, str, str, dict[str, Any], Any]] = [
    ("softmax-escaped", "a blog's Markdown source of softmax, escaped underscores everywhere",
     r"softmax(x)\_i = \frac{e^{x\_i}}{\sum\_j e^{x\_j}}", {"x": X}, np.exp(X) / np.exp(X).sum()),
    ("escaped-family", "the same right side alone: the family x, not x\\ (argument name x)",
     r"y = \frac{e^{x\_i}}{\sum\_j e^{x\_j}}", {"x": X}, np.exp(X) / np.exp(X).sum()),
]


@pytest.mark.parametrize(("latex", "args", "expected"), [c[2:] for c in ESCAPES], ids=[c[0] for c in ESCAPES])
def test_markdown_escape_value(latex: str, args: dict[str, Any], expected: Any) -> None:
    f = symdl.parse(latex)
    assert "markdown-escape" in {n.rule for n in f.notes}
    np.testing.assert_allclose(np.asarray(symdl.lambdify(f)(**args), dtype=float), expected, rtol=1e-12)


def test_sigma_escaped_as_tex() -> None:
    """\\sigma(x)\\_i reads as \\sigma(x)_i does: no longer 'unknown command \\_'; since session 28 both read as the
    definition of softmax's entry i (defined-entry; tests/test_read_s28_fnentry.py), no longer refused."""
    escaped = symdl.parse(r"\sigma(x)\_i = \frac{e^{x\_i}}{\sum\_j e^{x\_j}}")
    tex = symdl.parse(r"\sigma(x)_i = \frac{e^{x_i}}{\sum_j e^{x_j}}")
    assert str(escaped.statements[0].lhs) == str(tex.statements[0].lhs)
    assert str(escaped.statements[0].rhs) == str(tex.statements[0].rhs)


def test_escaped_word_after_paren_kept() -> None:
    """A code name's underscore after a parenthesis (f(x)\\_list) is no subscript: refused as before."""
    with pytest.raises(InvalidInput, match=r"\\_"):
        symdl.parse(r"y = f(x)\_list")


# item 4: (id, source, with \limits, as written without it)
LIMITS = [
    ("wgan-gp-mathop", "Gulrajani et al. 2017 (WGAN-GP), the critic's loss as typeset in its source",
     r"L = \mathop{\mathbb{E}}\limits_{\tilde x \sim \mathbb{P}_g} [D(\tilde x)] - "
     r"\mathop{\mathbb{E}}\limits_{x \sim \mathbb{P}_r} [D(x)]",
     r"L = \mathbb{E}_{\tilde x \sim \mathbb{P}_g} [D(\tilde x)] - \mathbb{E}_{x \sim \mathbb{P}_r} [D(x)]"),
    ("bb-limits", "an expectation with \\limits straight after \\mathbb{E}", r"L = \mathbb{E}\limits_{x \sim p} [f(x)]",
     r"L = \mathbb{E}_{x \sim p} [f(x)]"),
    ("operatorname-star", "\\operatorname*{E} (amsmath's operator with limits), \\limits too",
     r"L = \operatorname*{E}\limits_{x \sim p} [f(x)]", r"L = \operatorname*{E}_{x \sim p} [f(x)]"),
    ("mathop-sum", "\\mathop{\\sum}\\limits (a template's big operator)", r"y = \mathop{\sum}\limits_{i=1}^n x_i",
     r"y = \sum_{i=1}^n x_i"),
    ("sum-nolimits", "\\nolimits after \\sum (inline scripts)", r"y = \sum\nolimits_{i=1}^n x_i", r"y = \sum_{i=1}^n x_i"),
    ("max-limits-kept", "\\max\\limits_i (read before)", r"y = \max\limits_{i} x_i", r"y = \max_{i} x_i"),
]


@pytest.mark.parametrize(("latex", "plain"), [c[2:] for c in LIMITS], ids=[c[0] for c in LIMITS])
def test_limits_only_place_scripts(latex: str, plain: str) -> None:
    assert [str(s.rhs) for s in symdl.parse(latex).statements] == [str(s.rhs) for s in symdl.parse(plain).statements]


def test_limits_sum_value() -> None:
    got = symdl.lambdify(symdl.parse(r"y = \mathop{\sum}\limits_{i=1}^n x_i^2"))(x=X, n=4)
    assert float(got) == pytest.approx(float(np.sum(X**2)), rel=1e-12)


def test_mean_over_sample_with_limits_value() -> None:
    """E over a sample, \\limits written: the mean of the sampled values (as \\mathbb{E}_{x \\sim p}[x^2] reads)."""
    got = symdl.lambdify(symdl.parse(r"L = \mathop{\mathbb{E}}\limits_{x \sim p} [x^2]"))(x=X)
    assert float(got) == pytest.approx(float(np.mean(X**2)), rel=1e-12)


EPOCHS = np.arange(5)

# item 5: (id, source, latex, arguments, numpy's value, the rules noted)
COUNTER_POWERS: list[tuple[str, str, str, dict[str, Any], Any, set[str]]] = [
    ("exponential-lr", "PyTorch docs, torch.optim.lr_scheduler.ExponentialLR, closed form",
     r"lr_{epoch} = lr_{initial} * \gamma^{epoch}", {"lr_{initial}": 0.1, r"\gamma": 0.9, "epoch": EPOCHS},
     0.1 * 0.9**EPOCHS, {"field-word", "counter-power"}),
    ("text-step", "a decay written per step with \\text (TF-style schedules)", r"\eta_t = \eta_0 \beta^{\text{step}}",
     {r"\eta_0": 0.5, r"\beta": 0.99, r"\text{step}": EPOCHS}, 0.5 * 0.99**EPOCHS, {"counter-power"}),
    ("iteration", "a momentum decayed per iteration", r"m = \rho^{iteration}", {r"\rho": 0.5, "iteration": EPOCHS},
     0.5**EPOCHS, {"counter-power", "word-name"}),
]


@pytest.mark.parametrize(("latex", "args", "expected", "rules"), [c[2:] for c in COUNTER_POWERS],
                         ids=[c[0] for c in COUNTER_POWERS])
def test_counter_power(latex: str, args: dict[str, Any], expected: Any, rules: set[str]) -> None:
    f = symdl.parse(latex)
    assert rules <= {n.rule for n in f.notes}
    np.testing.assert_allclose(np.asarray(symdl.lambdify(f)(**args), dtype=float), expected, rtol=1e-12)


COUNTER_KEPT = [
    ("theta-step-label", "a parameter at a step: \\theta^{step} stays a labelled name", r"y = \theta^{step}",
     r"\theta^{step}"),
    ("gamma-old-label", "a word that counts nothing stays a label", r"y = \gamma^{old}", r"\gamma^{old}"),
    ("bold-beta-word", "a bold β is a vector: its superscript word stays a label", r"y = \boldsymbol\beta^{step}",
     r"\boldsymbol\beta^{step}"),
]


@pytest.mark.parametrize(("latex", "name"), [c[2:] for c in COUNTER_KEPT], ids=[c[0] for c in COUNTER_KEPT])
def test_counter_word_label_kept(latex: str, name: str) -> None:
    f = symdl.parse(latex)
    assert name in f.symbols and "counter-power" not in {n.rule for n in f.notes}


def test_spaced_l_r_stays_product() -> None:
    """l and r written apart stay two names (lr is one only written together)."""
    f = symdl.parse(r"y = l \cdot r")
    assert {"l", "r"} <= set(f.symbols)


RNG = np.random.default_rng(27)
_B = RNG.normal(size=(3, 3))
SPD = _B @ _B.T + 3 * np.eye(3)
_LAM, _VEC = np.linalg.eigh(SPD)
SPD_ROOT = (_VEC * np.sqrt(_LAM)) @ _VEC.T
EPS, MU = RNG.normal(size=3), RNG.normal(size=3)
V3 = np.abs(RNG.normal(size=3)) + 0.1

# item 6: (id, source, latex, arguments, numpy's value, the rules noted)
ROOTS: list[tuple[str, str, str, dict[str, Any], Any, set[str]]] = [
    ("reparam-sigma-root", "Kingma & Welling's reparameterisation with a full covariance: mu + Sigma^{1/2} eps",
     r"x = \boldsymbol\mu + \boldsymbol\Sigma^{1/2}\boldsymbol\epsilon",
     {r"\boldsymbol\mu": MU, r"\boldsymbol\Sigma": SPD, r"\boldsymbol\epsilon": EPS}, MU + SPD_ROOT @ EPS,
     {"matrix-root"}),
    ("decimal-root", "the same power written 0.5", r"y = \mathbf{A}^{0.5} \mathbf{x}",
     {r"\mathbf{A}": SPD, r"\mathbf{x}": EPS}, SPD_ROOT @ EPS, {"matrix-root"}),
    ("vector-root-kept", "Adam's v^{1/2} of a vector: entry by entry, as before", r"y = \mathbf{v}^{1/2}",
     {r"\mathbf{v}": V3}, np.sqrt(V3), set()),
    ("hadamard-root-kept", "a root of an entry-wise product stays entry by entry", r"y = (\mathbf{v} \circ \mathbf{v})^{1/2}",
     {r"\mathbf{v}": V3}, V3, set()),
]


@pytest.mark.parametrize(("latex", "args", "expected", "rules"), [c[2:] for c in ROOTS], ids=[c[0] for c in ROOTS])
def test_matrix_root(latex: str, args: dict[str, Any], expected: Any, rules: set[str]) -> None:
    f = symdl.parse(latex)
    assert rules == {n.rule for n in f.notes} & {"matrix-root"}
    np.testing.assert_allclose(np.asarray(symdl.lambdify(f)(**args), dtype=float).ravel(), expected, rtol=1e-10)


def test_matrix_root_of_unsymmetric_refused() -> None:
    """The principal root is taken of symmetric matrices only: an unsymmetric Σ is a clear error, not entry roots."""
    f = symdl.parse(r"x = \boldsymbol\mu + \boldsymbol\Sigma^{1/2}\boldsymbol\epsilon")
    with pytest.raises(InvalidInput, match="symmetric"):
        symdl.lambdify(f)(**{r"\boldsymbol\mu": MU, r"\boldsymbol\Sigma": _B, r"\boldsymbol\epsilon": EPS})


def test_sigma_after_one_node_kept() -> None:
    """Bishop (2.43)'s |\\Sigma|: Σ after a single node before it (the bar) is no log's argument and no crash."""
    f = symdl.parse(r"y = \frac{1}{|\Sigma|^{1/2}}")
    assert "unicode-sum" not in {n.rule for n in f.notes}


def test_kl_over_outcomes_kept() -> None:
    """A KL pasted with one-letter functions of x stays the sum over the outcomes x (sum-over-argument); a word's
    call (exp(x)) does not make x an index."""
    f = symdl.parse("KL = Σ P(x) log(P(x)/Q(x))")
    assert "sum-over-argument" in {n.rule for n in f.notes}
    assert "sum-over-argument" not in {n.rule for n in symdl.parse("y = log Σ exp(x)").notes}
