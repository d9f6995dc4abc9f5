"""Held-out readings (session 12), third part: classes of real formulas that were refused are read.

- inequalities and proportionalities are statements of their own kind (the Adam paper's bound, Goodfellow's
  convexity, gradient clipping's ``\\|\\mathbf{g}\\| \\le c``, Bishop's Fisher direction), never equalities;
- sums over several indices with shared bounds (cs229's SVM dual, GloVe) and Nielsen's ``\\sum_{jk}``;
- sums whose index lies between two written bounds, with a skipped value (word2vec's window);
- ``\\max``/``\\min`` over a function's argument inside an expression (Q-learning, the PyTorch docs' pooling).

Values are checked against plain numpy; the reading notes are asserted by rule.
"""

from __future__ import annotations

import numpy as np
import pytest

import symdl
from tests.real_sources import assert_reads_as

RNG = np.random.default_rng(1203)
G3 = RNG.normal(size=3)
A34, B34 = RNG.normal(size=(3, 4)), RNG.normal(size=(3, 4))
X4, Y4 = RNG.normal(size=4), RNG.normal(size=4)
W35 = RNG.normal(size=(3, 5))
ALPHA5, LABELS5 = RNG.uniform(0, 1, size=5), RNG.choice([-1.0, 1.0], size=5)
XCO = RNG.uniform(1, 50, size=(4, 4))  # GloVe's co-occurrence counts
B4, BT4 = RNG.normal(size=4), RNG.normal(size=4)
S6, P6 = RNG.normal(size=6), RNG.uniform(size=6)
QTABLE = RNG.normal(size=(3, 4))  # Q(s, a): 3 states, 4 actions, numbered from 1


def _q(s: object, a: object) -> object:
    return QTABLE[np.asarray(s, dtype=int) - 1, np.asarray(a, dtype=int) - 1]


def _glove_weight(x: object) -> object:
    return np.minimum((np.asarray(x) / 100.0) ** 0.75, 1.0)


# ---------------------------------------------------------------------------------------------------------------
# 1. inequalities and proportionalities: statements of their own kind

INEQUALITIES = [
    ("adam-bound-holds", r"|\Delta_t| \leq \alpha \cdot (1 - \beta_1) / \sqrt{1 - \beta_2}", "<=",
     {r"\Delta_t": 0.001, r"\alpha": 0.001, r"\beta_1": 0.9, r"\beta_2": 0.999},
     abs(0.001) <= 0.001 * (1 - 0.9) / np.sqrt(1 - 0.999), {}),
    ("adam-bound-broken", r"|\Delta_t| \leq \alpha \cdot (1 - \beta_1) / \sqrt{1 - \beta_2}", "<=",
     {r"\Delta_t": 0.01, r"\alpha": 0.001, r"\beta_1": 0.9, r"\beta_2": 0.999},
     abs(0.01) <= 0.001 * (1 - 0.9) / np.sqrt(1 - 0.999), {}),
    ("goodfellow-convexity", r"\lambda f(x) + (1-\lambda) f(x') \geq f(\lambda x + (1-\lambda) x')", ">=",
     {r"\lambda": 0.3, "x": 1.5, "x'": -2.0}, 0.3 * 1.5**2 + 0.7 * 4.0 >= (0.3 * 1.5 - 0.7 * 2.0) ** 2,
     {"f": np.square}),
    ("clipping-threshold", r"\|\mathbf{g}\| \le c", "<=", {r"\mathbf{g}": G3, "c": 1.0},
     np.linalg.norm(G3) <= 1.0, {}),
    ("goodfellow-cauchy-schwarz", r"|\mathbf{x}^\top \mathbf{y}| \le \|\mathbf{x}\|_2 \|\mathbf{y}\|_2", "<=",
     {r"\mathbf{x}": X4, r"\mathbf{y}": Y4}, abs(X4 @ Y4) <= np.linalg.norm(X4) * np.linalg.norm(Y4), {}),
    ("goodfellow-triangle", r"\|\mathbf{x} + \mathbf{y}\| \le \|\mathbf{x}\| + \|\mathbf{y}\|", "<=",
     {r"\mathbf{x}": X4, r"\mathbf{y}": Y4},
     np.linalg.norm(X4 + Y4) <= np.linalg.norm(X4) + np.linalg.norm(Y4), {}),
]


@pytest.mark.parametrize(("latex", "relation", "inputs", "want", "functions"), [c[1:] for c in INEQUALITIES],
                         ids=[c[0] for c in INEQUALITIES])
def test_inequality_is_a_statement_that_evaluates_to_whether_it_holds(
    latex: str, relation: str, inputs: dict, want: bool, functions: dict
) -> None:
    formula = symdl.parse(latex)
    st = formula.statements[0]
    assert (formula.kind, st.kind, st.relation, st.target) == ("inequality", "inequality", relation, None)
    assert [n.rule for n in formula.notes] == []
    got = symdl.lambdify(formula, functions=functions or None)(**inputs)
    assert bool(got) == bool(want)


def test_inequality_is_no_equality_anywhere() -> None:
    """Its equation is a comparison, its explanation says what it asserts, diff and check refuse it."""
    formula = symdl.parse(r"\|\mathbf{g}\| \le c")
    assert "Eq" not in str(formula.statements[0].as_equation()) and " <= " in repr(formula)
    expl = symdl.explain(formula)
    assert expl.statements[0].name == "inequality" and "at most" in expl.statements[0].what
    assert not any(r.kind == "check" for r in expl.relations)
    with pytest.raises(symdl.NotSupported, match="an inequality"):
        symdl.diff(formula, "c")
    with pytest.raises(symdl.NotSupported, match="an inequality"):
        symdl.check_gradient(r"x^2 \le c", "x", "2 x")


PROPORTIONALITIES = [
    ("bishop-fisher-direction", r"\mathbf{w} \propto \mathbf{S}_{\mathrm{W}}^{-1} (\mathbf{m}_2 - \mathbf{m}_1)",
     {"w": ("n_1", 1), "S_W": ("n_1", "n_1"), "m_1": ("n_1", 1), "m_2": ("n_1", 1)}),
    ("softmax-unnormalised", r"p_k \propto \exp(z_k)", {}),
    ("energy-based-model", r"p(x) \propto e^{-E(x)}", {}),
]


@pytest.mark.parametrize(("latex", "shapes"), [c[1:] for c in PROPORTIONALITIES],
                         ids=[c[0] for c in PROPORTIONALITIES])
def test_proportionality_binds_both_sides_and_has_no_value(latex: str, shapes: dict) -> None:
    formula = symdl.parse(latex)
    st = formula.statements[0]
    assert (st.kind, st.relation) == ("proportionality", "propto")
    assert {k: tuple(str(d) for d in v) for k, v in formula.shapes.items()} == {
        k: tuple(str(d) for d in v) for k, v in shapes.items()}  # the sides' shapes are unified
    assert symdl.explain(formula).statements[0].name == "proportionality"
    with pytest.raises(symdl.NotSupported, match="a proportionality has no value"):
        symdl.lambdify(formula)


COMPARISON_REFUSALS = [
    ("probability-range-chain", r"0 \le p \le 1", "a chain of comparisons", r"\le 1"),
]


@pytest.mark.parametrize(("latex", "message", "at"), [c[1:] for c in COMPARISON_REFUSALS],
                         ids=[c[0] for c in COMPARISON_REFUSALS])
def test_comparisons_refused_by_name(latex: str, message: str, at: str) -> None:
    with pytest.raises(symdl.NotSupported, match=message) as info:
        symdl.parse(latex)
    assert latex[info.value.span.start :].startswith(at)


def test_comparisons_in_cases_and_sum_ranges_stay_conditions() -> None:
    relu = symdl.parse(r"\text{ReLU}(x) = \begin{cases} x & x > 0 \\ 0 & x \le 0 \end{cases}")
    assert relu.statements[0].kind == "definition" and not relu.statements[0].relation
    np.testing.assert_allclose(symdl.lambdify(relu)(x=np.array([-1.0, 2.0])), [0.0, 2.0])
    svm = symdl.parse(r"\sum_{j \neq y_i} \max(0, s_j - s_{y_i} + \Delta)")
    assert svm.statements[0].kind == "expression"


# ---------------------------------------------------------------------------------------------------------------
# 2. sums over several indices; 3. sums with a range and a skipped value; 4. max over a function's argument

def _svm_dual() -> float:
    return ALPHA5.sum() - 0.5 * sum(LABELS5[i] * LABELS5[j] * ALPHA5[i] * ALPHA5[j] for i in range(5)
                                    for j in range(5))


def _glove() -> float:
    f = _glove_weight(XCO)
    return float((f * (B4[:, None] + BT4[None, :] - np.log(XCO)) ** 2).sum())


def _svm_loss(label: int) -> float:
    margins = np.maximum(0, S6 - S6[label - 1] + 1.0)
    return float(margins.sum() - margins[label - 1])


READINGS = [
    # cs229's SVM dual W(α), with the inner product ⟨x^{(i)}, x^{(j)}⟩ left aside
    ("cs229-svm-dual", r"W(\alpha) = \sum_{i=1}^n \alpha_i - \frac{1}{2} \sum_{i,j=1}^n y^{(i)} y^{(j)} \alpha_i "
     r"\alpha_j", {r"\alpha": ALPHA5, "y": LABELS5, "n": 5}, _svm_dual(), []),
    # GloVe's cost, with the inner product w_i^T \tilde w_j left aside (a family of vectors: refused below)
    ("glove-cost-biases", r"J = \sum_{i,j=1}^V f(X_{ij}) (b_i + \tilde{b}_j - \log X_{ij})^2",
     {"X": XCO, "b": B4, r"\tilde{b}": BT4, "V": 4}, _glove(), []),
    ("goodfellow-frobenius-inner-product", r"\sum_{i,j} A_{ij} B_{ij}", {"A": A34, "B": B34},
     (A34 * B34).sum(), ["sum-several-indices"]),
    ("goodfellow-frobenius-norm", r"\|A\|_F = \sqrt{\sum_{i,j} A_{i,j}^2}", {"A": A34}, np.linalg.norm(A34),
     ["sum-several-indices"]),
    ("nielsen-l2-term", r"\frac{\lambda}{2n} \sum_{jk} w_{jk}^2", {r"\lambda": 0.1, "n": 50, "w": W35},
     0.1 / 100 * (W35**2).sum(), ["sum-letters-as-indices"]),
    ("nielsen-l1-term", r"\frac{\lambda}{n} \sum_{jk} |w_{jk}|", {r"\lambda": 0.1, "n": 50, "w": W35},
     0.1 / 50 * np.abs(W35).sum(), ["sum-letters-as-indices"]),
    ("cs231n-svm-loss", r"L_i = \sum_{j \neq y_i} \max(0, s_j - s_{y_i} + \Delta)",
     {"s": S6, "y_i": 3, r"\Delta": 1.0}, _svm_loss(3), ["label-entry"]),
    # c is an index of the formula (free): one value per class c
    ("softmax-other-classes", r"\sum_{k \ne c} p_k", {"p": P6}, P6.sum() - P6, []),
    # the skip-gram window's offsets j = -c..c but 0, each weighted by its square (the index's own value)
    ("word2vec-window-offsets", r"\sum_{-c \leq j \leq c, j \neq 0} j^2", {"c": 3}, 2 * (1 + 4 + 9), []),
    ("max-over-listed-range", r"\max_{i=1,\ldots,n} x_i", {"x": P6, "n": 4}, P6[:4].max(), []),
    ("range-strict-upper", r"\sum_{1 \le k < K} p_k", {"p": P6, "K": 6}, P6[:5].sum(), []),
    ("range-strict-lower", r"\sum_{0 < k \le K} p_k", {"p": P6, "K": 4}, P6[:4].sum(), []),
    ("sutton-barto-optimal-value", r"V(s) = \max_a Q(s, a)", {"s": 2, "N_a": 4}, QTABLE[1].max(),
     ["max-over-argument"]),
    ("q-learning-update", r"Q(s,a) \leftarrow Q(s,a) + \alpha [r + \gamma \max_{a'} Q(s',a') - Q(s,a)]",
     {"s": 1, "a": 2, "s'": 3, r"\alpha": 0.5, "r": 1.0, r"\gamma": 0.9, "N_a": 4},
     QTABLE[0, 1] + 0.5 * (1.0 + 0.9 * QTABLE[2].max() - QTABLE[0, 1]), ["max-over-argument"]),
    ("bellman-optimality", r"Q^*(s, a) = r + \gamma \max_{a'} Q^*(s', a')",
     {"s'": 3, "r": 1.0, r"\gamma": 0.9, "N_a": 4}, 1.0 + 0.9 * QTABLE[2].max(), ["max-over-argument"]),
]


@pytest.mark.parametrize(("latex", "inputs", "want", "rules"), [c[1:] for c in READINGS],
                         ids=[c[0] for c in READINGS])
def test_reads_as_numpy(latex: str, inputs: dict, want: object, rules: list[str]) -> None:
    formula = symdl.parse(latex)
    functions = {"f": _glove_weight, "Q": _q, "Q^*": _q} if ("f(" in latex or "Q" in latex) else None
    assert [n.rule for n in formula.notes] == rules
    if functions is None:
        assert_reads_as(formula, inputs, want, rules)
        return
    names = {str(getattr(s, "func", s)) for s in formula.statements[-1].rhs.atoms(symdl.formula.sympy.Function)}
    got = symdl.lambdify(formula, functions={k: v for k, v in functions.items() if k in names or k == "f"})(
        **inputs)
    got = list(got.values())[-1] if isinstance(got, dict) else got
    np.testing.assert_allclose(float(np.asarray(got)), float(want), rtol=1e-12)


def test_pytorch_max_pool_over_its_window() -> None:
    """MaxPool1d: out(N_i, C_j, k) = max over m = 0..kernel_size-1 of input(N_i, C_j, stride·k + m)."""
    latex = (r"out(N_i, C_j, k) = \max_{m=0, \ldots, \text{kernel\_size} - 1} \text{input}(N_i, C_j, "
             r"\text{stride} \times k + m)")
    formula = symdl.parse(latex)
    assert [n.rule for n in formula.notes] == ["max-over-argument"]
    signal = RNG.normal(size=12)
    f = symdl.lambdify(formula, functions={"input": lambda n, c, t: signal[np.asarray(t, dtype=int)]})
    got = f(**{"N_i": 0, "C_j": 0, "k": 2, r"\text{kernel\_size}": 3, r"\text{stride}": 2})
    np.testing.assert_allclose(float(np.asarray(got)), signal[4:7].max(), rtol=1e-12)


REFUSED = [
    # GloVe's full cost reads now (test_read_heldout_session12_g)
    ("word2vec-skip-gram", r"\sum_{-c \leq j \leq c, j \neq 0} \log p(w_{t+j} | w_t)",
     "an index that adds or subtracts two indices"),
    # d2l's skip-gram: w^{(t+j)} was a power of w, silently
    ("d2l-skip-gram", r"\sum_{t=1}^{T} \sum_{-m \leq j \leq m,\ j \neq 0} \log P(w^{(t+j)} \mid w^{(t)})",
     r"the superscript \(t\+j\) on w"),
    ("window-undefined-at-skipped", r"\sum_{-c \leq j \leq c, j \neq 0} \frac{1}{|j|}",
     "undefined at the value its index skips"),
    ("one-sided-condition", r"\sum_{i \le n} x_i", "a condition on its index"),
    ("letters-not-all-indices", r"\sum_{ij} x_i", "'ij' as the index"),
    ("optimum-inside-a-sum", r"L = c + \min_w f(w)", r"optimisation objective \(\\min_\{w\} over the variable w: an optimum"),
    # DQN's target network \theta^- reads now, a label (superscript-sign-label, test_read_session16_read3)
    ("rate-minus-on-a-name", r"y = r + \gamma^- Q(s', a')", "the superscript - on a name"),
]


@pytest.mark.parametrize(("latex", "message"), [c[1:] for c in REFUSED], ids=[c[0] for c in REFUSED])
def test_refused_with_a_clear_message(latex: str, message: str) -> None:
    with pytest.raises(symdl.NotSupported, match=message):
        symdl.parse(latex)
