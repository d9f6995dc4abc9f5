"""Silent misreadings and refusals a blind judge found in session 24's held-out sample, each fixed by a rule for its
class (issue 12).

- an aligned derivation's rows (``y &= a \\\\ &= b``) are one chain (``chain-value``); it was refused;
- ``\\text{, }`` between two statements separates them (Lil'Log's DDPM notes); it was refused;
- a subscripted Greek policy over a value function applied to arguments (``Q^{\\pi_\\theta}(s, a)``) is the function;
  it was refused ("a tuple of values");
- ``\\mathrm{softmax}(\\mathbf{z}/T)_i``: an entry of a function of a vector times numbers; it was refused;
- names beside ``@`` that every other rule left numbers are arrays (``code-matmul-operand``); numpy's
  ``maximum(0, ...) @ W2`` keeps the row layout, and so does a function of a row before a weight (``\\sigma(x W_1) W_2``:
  W_2 was a column, y a number);
- a Greek name as an operand of ``\\odot`` is an array (DyT's ``\\gamma \\odot \\tanh(\\alpha x)``).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
import sympy

import symdl

RNG = np.random.default_rng(2024)
X14, W143, B13, W32, B12 = (RNG.normal(size=s) for s in ((1, 4), (4, 3), (1, 3), (3, 2), (1, 2)))
XB, DS, W = RNG.normal(size=(5, 4)), RNG.normal(size=(5, 3)), RNG.normal(size=(4, 3))
Z, G = RNG.normal(size=6), RNG.normal(size=6)


def _sigmoid(z: np.ndarray) -> np.ndarray:
    return 1 / (1 + np.exp(-z))


# (id, source, latex, arguments, the value plain numpy gives, the notes expected among the formula's)
VALUES: list[tuple[str, str, str, dict[str, Any], Any, set[str]]] = [
    ("aligned-chain", "an aligned derivation as papers typeset it", r"y &= a + b \\ &= c", {"a": 1.0, "b": 2.0, "c": 5.0},
     5.0, {"chain-value"}),
    ("aligned-chain-env", "the same inside \\begin{aligned}", r"\begin{aligned} L &= (a - b)^2 \\ &= a^2 - 2ab + b^2"
     r" \end{aligned}", {"a": 3.0, "b": 1.0}, 4.0, set()),  # sides equal as written: no note
    ("text-comma-separator", "Lil'Log, DDPM: \\alpha_t = 1 - \\beta_t\\text{, }\\bar{\\alpha}_t = ...",
     r"a = 1 - b\text{, }c = 2 a", {"b": 0.25}, 1.5, set()),
    ("softmax-temperature-entry", "Hinton et al. 2015, distillation: softmax with a temperature",
     r"p_i = \mathrm{softmax}(\mathbf{z}/T)_i", {"z": Z, "T": 2.0}, np.exp(Z / 2) / np.exp(Z / 2).sum(), set()),
    ("cs231n-backward-code", "cs231n's softmax classifier: dW = X.T @ dscores + reg * W",
     "dW = X.T @ dscores + reg * W", {"X": XB, "dscores": DS, "reg": 0.1, "W": W}, XB.T @ DS + 0.1 * W,
     {"code-matmul-operand"}),
    ("two-layer-net-code", "cs231n's two-layer net forward pass in numpy",
     "out = np.maximum(0, x @ W1 + b1) @ W2 + b2", {"x": X14, "W1": W143, "b1": B13, "W2": W32, "b2": B12},
     np.maximum(0, X14 @ W143 + B13) @ W32 + B12, set()),
    ("ffn-function-of-row", "Vaswani et al. 2017 eq. 2 with σ: a function of a row times the second weight",
     r"y = \sigma(x W_1) W_2", {"x": X14, "W_1": W143, "W_2": W32}, _sigmoid(X14 @ W143) @ W32, {"vector-row"}),
    ("dyt-odot", "Zhu et al. 2025, DyT without its shift: γ ⊙ tanh(αx)", r"y = \gamma \odot \tanh(\alpha x)",
     {"\\gamma": G, "\\alpha": 0.5, "x": Z}, G * np.tanh(0.5 * Z), set()),
]


@pytest.mark.parametrize(("latex", "args", "expected", "rules"), [c[2:] for c in VALUES], ids=[c[0] for c in VALUES])
def test_value(latex: str, args: dict[str, Any], expected: Any, rules: set[str]) -> None:
    f = symdl.parse(latex)
    assert rules <= {n.rule for n in f.notes}
    got = symdl.lambdify(f)(**args)
    got = got[list(got)[-1]] if isinstance(got, dict) else got  # a system: its last statement's
    np.testing.assert_allclose(np.asarray(got, dtype=float).reshape(np.shape(expected)), expected, rtol=1e-12)


CALLS = [
    ("policy-gradient", "Sutton et al. 2000 / Spinning Up: the policy-gradient theorem",
     r"\nabla_\theta J(\theta) = \mathbb{E}_{\pi_\theta}\left[\nabla_\theta \log \pi_\theta(a|s)\, "
     r"Q^{\pi_\theta}(s,a)\right]", "Q^pi_theta"),
    ("policy-braced", "the same with the subscript braced", r"A = Q^{\pi_{\theta}}(s, a) - V^{\pi_{\theta}}(s)",
     "Q^pi_{theta}"),
    ("policy-plain-stays", "Sutton & Barto: Q^\\pi(s, a)", r"A = Q^{\pi}(s, a) - V^{\pi}(s)", "Q^pi"),
]


@pytest.mark.parametrize(("latex", "name"), [c[2:] for c in CALLS], ids=[c[0] for c in CALLS])
def test_labelled_value_function_is_a_call(latex: str, name: str) -> None:
    f = symdl.parse(latex)
    applied = {type(a).__name__ for st in f.statements for a in st.rhs.atoms(sympy.Function)}
    assert name in applied
    assert "superscript-policy" in {n.rule for n in f.notes}


def test_rows_with_relations_of_their_own_stay_statements() -> None:
    """A row that opens with a name is a statement of its own; only a row opening with '=' continues the chain."""
    f = symdl.parse(r"y &= a + b \\ z &= 2y")
    assert [str(st.lhs) for st in f.statements] == ["y", "z"]


MORE_VALUES = [
    ("cs231n-scores-dot", "cs231n's linear classifier in numpy: scores = X.dot(W) + b", "scores = X.dot(W) + b",
     {"X": XB, "W": W, "b": B13}, XB @ W + B13, {"code-method", "code-matmul-operand"}),
    ("np-dot-capitals", "the same with np.dot", "scores = np.dot(X, W) + b", {"X": XB, "W": W, "b": B13},
     XB @ W + B13, {"code-matmul-operand"}),
    ("comment-after-code", "cs231n's backward pass with a comment", "dsig = s * (1 - s) * dout  # s = 1/(1+exp(-x))",
     {"s": 0.25, "dout": 2.0}, 0.375, {"code-comment"}),
    ("layernorm-code-biased", "LayerNorm in PyTorch code (unbiased=False)",
     "x_norm = (x - x.mean(-1, keepdim=True)) / (x.var(-1, keepdim=True, unbiased=False) + eps).sqrt()",
     {"x": Z, "eps": 1e-5}, (Z - Z.mean()) / np.sqrt(Z.var() + 1e-5), {"code-reduction"}),
]


@pytest.mark.parametrize(("latex", "args", "expected", "rules"), [c[2:] for c in MORE_VALUES],
                         ids=[c[0] for c in MORE_VALUES])
def test_code_value(latex: str, args: dict[str, Any], expected: Any, rules: set[str]) -> None:
    test_value(latex, args, expected, rules)


REFUSED = [
    ("output-row-lookup", "a classifier's output row of class y", r"\mathbf{e}_y = \mathbf{W}_{\text{out}}[y]",
     "[y]", "row"),
    ("embedding-lookup", "an embedding table indexed by a token", r"e = W_{emb}[w_i]", "[w_i]", "row"),
    ("film-conditioning", "DiT's adaLN: γ(c), β(c) are calls of the condition, unknown functions of a vector",
     r"\mathrm{adaLN}(\mathbf{h}, \mathbf{c}) = \gamma(\mathbf{c}) \odot \mathrm{LN}(\mathbf{h}) + \beta(\mathbf{c})",
     None, "unknown function of a vector"),
    ("biased-flag-true", "an unbiased variance in code", "v = x.var(unbiased=True)", "unbiased=True", "keyword"),
]


@pytest.mark.parametrize(("latex", "span_text", "words"), [c[2:] for c in REFUSED], ids=[c[0] for c in REFUSED])
def test_refused(latex: str, span_text: str | None, words: str) -> None:
    with pytest.raises(symdl.NotSupported) as err:
        symdl.parse(latex)
    assert words in str(err.value)
    if span_text is not None:
        assert latex[err.value.span.start : err.value.span.end] == span_text


def test_expectation_in_brackets_is_no_lookup() -> None:
    """``E[x]`` is the expectation (here a sample mean), never row x of a matrix E."""
    f = symdl.parse("m = E[x]")
    assert "expectation-mean" in {n.rule for n in f.notes}


def test_lost_row_break_between_aligned_rows() -> None:
    """The PyTorch LSTM docs' gates pasted through Markdown: ``\\\\`` became ``\\``; two statements, noted."""
    f = symdl.parse(r"i_t &= \sigma(W_{ii} x_t + b_{ii}) \ f_t &= \sigma(W_{if} x_t + b_{if})")
    assert [str(st.lhs) for st in f.statements] == ["i_t", "f_t"]
    assert "lost-row-break" in {n.rule for n in f.notes}


def test_control_space_inside_one_row_stays_a_space() -> None:
    f = symdl.parse(r"a &= b \ c")
    assert len(f.statements) == 1
    assert "lost-row-break" not in {n.rule for n in f.notes}


TITLED = [
    ("sam-title", "Foret et al. 2021 (SAM) as a blog writes it", r"\mathrm{SAM}: \ e = \rho \frac{g}{n}",
     {"\\rho": 0.05, "g": 2.0, "n": 4.0}, 0.025),
    ("arcface-title", "ArcFace with a title, no space", r"\mathrm{ArcFace}: L = -\log(p)", {"p": 0.5}, np.log(2.0)),
    ("text-title-stays", "a title inside \\text", r"\text{Adam: } m = \beta m + g", {"\\beta": 0.9, "m": 1.0, "g": 1.0},
     1.9),
]


@pytest.mark.parametrize(("latex", "args", "expected"), [c[2:] for c in TITLED], ids=[c[0] for c in TITLED])
def test_title_is_set_aside(latex: str, args: dict[str, Any], expected: float) -> None:
    test_value(latex, args, expected, {"prose-clause"})


def test_doubled_backslash_before_a_command() -> None:
    """A GRU line copied from a JSON string: ``\\\\tanh`` is ``\\tanh``, noted; after a value it stays a line break."""
    f = symdl.parse(r"n_t = \\tanh(a + r_t * b)")
    assert "doubled-backslash" in {n.rule for n in f.notes}
    np.testing.assert_allclose(float(symdl.lambdify(f)(a=0.3, r_t=0.5, b=0.2)), np.tanh(0.4), rtol=1e-12)
    g = symdl.parse(r"a = 1 \\b = 2")
    assert [str(st.lhs) for st in g.statements] == ["a", "b"]
    assert "doubled-backslash" not in {n.rule for n in g.notes}


PREFIXES = [
    ("lm-nll", "an autoregressive language model's loss", r"L = -\sum_{t=1}^{T} \log p(x_t \mid x_{<t})", "x_{<t}"),
    ("perplexity", "perplexity over N tokens", r"PPL = \exp(-\frac{1}{N}\sum_{i=1}^N \log p(w_i \mid w_{<i}))",
     "w_{<i}"),
    ("decoder-slice", "a seq2seq decoder's likelihood", r"L = -\sum_t \log P(y_t | y_{1:t-1}, x)", "y_{1:t-1}"),
    ("lm-factor", "one factor of the chain rule of probability", r"q = p(x_t | x_{\le t-1})", "x_{\\le t-1}"),
]


@pytest.mark.parametrize(("latex", "text"), [c[2:] for c in PREFIXES], ids=[c[0] for c in PREFIXES])
def test_context_prefix_is_the_context_before_the_position(latex: str, text: str) -> None:
    """Session 27: the context before position t is member t of the family x_{<} (noted prefix-context; it was
    refused by name, and before that one name the same for every t)."""
    f = symdl.parse(latex)
    (note,) = [n for n in f.notes if n.rule == "prefix-context"]
    assert latex[note.span.start : note.span.end] == text
    assert "_<" in str(f.statements[0].rhs)


def test_whole_sequence_slice_stays_a_name() -> None:
    """DDPM's q(x_{1:T} | x_0): the slice ends at the length T, the whole sequence, one name."""
    f = symdl.parse(r"q(\mathbf{x}_{1:T} \vert \mathbf{x}_0) = \prod^T_{t=1} q(\mathbf{x}_t \vert \mathbf{x}_{t-1})")
    assert len(f.statements) == 1


def test_coefficient_before_a_matrix_stays_a_number() -> None:
    """Jordan et al.'s Muon Newton-Schulz step: a, b, c scale matrices (aX was an outer product of a column a and a
    row X); W x - t keeps x and t vectors."""
    x = RNG.normal(size=(3, 4))
    f = symdl.parse(r"Y = aX + b(XX^\top)X + c(XX^\top)^2X")
    got = symdl.lambdify(f)(a=3.4, b=-4.7, c=2.0, X=x)
    xx = x @ x.T
    np.testing.assert_allclose(got, 3.4 * x - 4.7 * xx @ x + 2.0 * xx @ xx @ x, rtol=1e-12)
    g = symdl.parse(r"y = W x - t")
    assert {str(s): s.shape for s in g.statements[0].rhs.free_symbols}["x"][1] == 1


def test_lost_tab_before_a_t_command() -> None:
    """Schulman et al.'s L^{CPI}(θ) scraped with \\t taken for a tab: ``( heta)`` is ``(\\theta)``, the θ of r_t(θ)."""
    f = symdl.parse(r"L^{CPI}( heta) = \mathbb{E}_t [r_t(\theta) \hat{A}_t]")
    assert "lost-tab" in {n.rule for n in f.notes}
    assert "heta" not in {str(s) for s in f.statements[0].lhs.free_symbols}
    g = symdl.parse(r"h = anh(x)")
    np.testing.assert_allclose(float(symdl.lambdify(g)(x=0.5)), np.tanh(0.5), rtol=1e-12)
    assert "lost-tab" not in {n.rule for n in symdl.parse(r"y = theta + 1").notes}


def test_nielsen_quadratic_cost_with_calls() -> None:
    """Nielsen ch. 1 eq. 6, C = 1/2n Σ_x ‖y(x) − a^L(x)‖²: one vector per example (it was refused)."""
    y, a = RNG.normal(size=(5, 3)), RNG.normal(size=(5, 3))
    f = symdl.parse(r"C = \frac{1}{2n} \sum_x \|y(x)-a^L(x)\|^2")
    assert [n.rule for n in f.notes].count("call-example-member") == 2
    got = symdl.lambdify(f)(**{"\\mathbf{y}": y, "\\mathbf{a}^{[L]}": a, "n": 5})
    np.testing.assert_allclose(float(got), ((y - a) ** 2).sum() / 10, rtol=1e-12)
    g = symdl.parse(r"L = \sum_x f(x)^2")  # no norm: a function of a number, as it was
    assert "call-example-member" not in {n.rule for n in g.notes}
    h = symdl.parse(r"C = \sum_x \|y(x)\| a(x) \|b\|")  # a(x) stands between two norms, inside none
    assert [n.rule for n in h.notes].count("call-example-member") == 1
