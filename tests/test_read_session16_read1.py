"""Readings of what real formulas write between and around statements (session 16, READ1): a wide space beside a
statement sets apart an expression (Kaiming's N(0, std^2), \\qquad std = ...); code's compound assignment written
as math (cs231n's ``x \\mathrel{+}= ...``); a sum's start with a skipped value after a comma (ArcFace, cs231n's SVM
loss) and an indicator of a bracketed condition (SimCLR); ``cases`` rows whose conditions are prose (a setting left
unset: read for it set, noted; a random choice: refused with how to write it).  Each row: the formula as its source
writes it, seeded inputs, plain numpy's value and the reading notes by rule."""

from __future__ import annotations

import numpy as np
import pytest

import symdl
from tests.real_sources import assert_reads_as, assert_refused_at

RNG = np.random.default_rng(16)
A4, B4, C4 = RNG.normal(size=4), RNG.normal(size=4), RNG.normal(size=4)
S5 = RNG.normal(size=5)
M66 = RNG.normal(size=(6, 6))
U4 = RNG.uniform(-0.2, 1.2, size=4)


def _svm(s: np.ndarray, y: int) -> float:
    return float(sum(max(0.0, s[j] - s[y - 1] + 1) for j in range(len(s)) if j != y - 1))


def _nt_xent(s: np.ndarray, i: int, j: int, tau: float) -> float:
    den = sum(np.exp(s[i - 1, k] / tau) for k in range(s.shape[1]) if k != i - 1)
    return float(-np.log(np.exp(s[i - 1, j - 1] / tau) / den))


# (id, source, latex, inputs, numpy's value, notes by rule)
SEPARATED = [
    ("qk-norm-logit", "Henry et al., Query-Key Normalization: the normalised query and key, then the scaled logit",
     r"\hat{\mathbf{q}} = \frac{\mathbf{q}}{\lVert \mathbf{q} \rVert_2}, \quad \hat{\mathbf{k}} = "
     r"\frac{\mathbf{k}}{\lVert \mathbf{k} \rVert_2}, \quad g \cdot \hat{\mathbf{q}}^\top \hat{\mathbf{k}}",
     {r"\mathbf{q}": A4, r"\mathbf{k}": B4, "g": 2.5},
     B4 / np.linalg.norm(B4), []),
]

COMPOUND = [
    ("cs231n-nesterov", "cs231n, neural networks 3: Nesterov momentum as its code writes it",
     r"v_{prev} = v \\ v = \mu v - \alpha \, dx \\ x \mathrel{+}= -\mu \, v_{prev} + (1 + \mu) v",
     {"v": A4, r"\mu": 0.9, r"\alpha": 0.1, "dx": B4, "x": C4},
     C4 - 0.9 * A4 + 1.9 * (0.9 * A4 - 0.1 * B4), ["compound-assignment"]),
    ("plus-equals", "the same step written x += ...", r"x += -\mu v_{prev} + (1 + \mu) v",
     {"x": C4, r"\mu": 0.9, "v_{prev}": A4, "v": B4}, C4 - 0.9 * A4 + 1.9 * B4, ["compound-assignment"]),
    ("minus-equals", "SGD as code writes it", r"w -= \eta g", {"w": A4, r"\eta": 0.1, "g": B4}, A4 - 0.1 * B4,
     ["compound-assignment"]),
    ("times-equals", "weight decay as code writes it", r"w *= 0.9", {"w": A4}, 0.9 * A4, ["compound-assignment"]),
]

SKIPPED = [
    ("cs231n-svm-loss", "cs231n, linear classification: the multiclass SVM loss over every class but the true one",
     r"L_i = \sum_{j=1, j \neq y_i}^{C} \max(0, s_j - s_{y_i} + 1)", {"s": S5, "y_i": 3, "C": 5}, _svm(S5, 3),
     ["sum-skip-condition", "label-entry"]),
    ("simclr-nt-xent", "SimCLR (Chen et al.), eq. 1, NT-Xent: the indicator of k ≠ i in brackets",
     r"\ell_{i,j} = -\log \frac{\exp(s_{i,j}/\tau)}{\sum_{k=1}^{2N} \mathbb{1}_{[k \neq i]} \exp(s_{i,k}/\tau)}",
     {"s": M66, "N": 3, r"\tau": 0.5}, [[_nt_xent(M66, i, j, 0.5) for j in range(1, 7)] for i in range(1, 7)],
     ["index-value"]),
]

CASES = [
    ("pytorch-logit-eps", "the PyTorch docs, torch.logit: the row for eps None left out, the rest a clamp",
     r"z_{i} = \begin{cases} x_{i} & \text{if eps is None} \\ \text{eps} & \text{if } x_{i} < \text{eps} \\ "
     r"x_{i} & \text{if } \text{eps} \leq x_{i} \leq 1 - \text{eps} \\ 1 - \text{eps} & \text{if } x_{i} > "
     r"1 - \text{eps} \end{cases}", {"x": U4, r"\text{eps}": 0.1}, np.clip(U4, 0.1, 0.9), ["case-unset-setting"]),
]


@pytest.mark.parametrize(("latex", "inputs", "want", "rules"), [r[2:] for r in SEPARATED], ids=[r[0] for r in SEPARATED])
def test_wide_space_sets_apart_an_expression(latex: str, inputs: dict, want: object, rules: list[str]) -> None:
    """Each piece is a statement, the expression one of them (a system's value is its definitions'); the PyTorch docs'
    N(0, std^2), \\qquad std = ... reads as a distribution statement (tests/test_read_session16_read2.py)."""
    formula = symdl.parse(latex)
    assert "expression" in [st.kind for st in formula.statements] and len(formula.statements) > 1
    assert_reads_as(formula, inputs, want, rules, functions={"Ncal": lambda *a: 0.0})


def test_qk_norm_logit_expression() -> None:
    """The expression set apart by \\quad is g times the cosine of q and k."""
    formula = symdl.parse(SEPARATED[0][2])
    assert str(formula.statements[-1].rhs) == "g*qhat.T*khat"


@pytest.mark.parametrize(("latex", "inputs", "want", "rules"), [r[2:] for r in COMPOUND], ids=[r[0] for r in COMPOUND])
def test_compound_assignment_is_an_update(latex: str, inputs: dict, want: object, rules: list[str]) -> None:
    formula = symdl.parse(latex)
    assert formula.statements[-1].kind == "update"
    assert_reads_as(formula, inputs, want, rules)


@pytest.mark.parametrize(("latex", "inputs", "want", "rules"), [r[2:] for r in SKIPPED], ids=[r[0] for r in SKIPPED])
def test_sum_skips_a_value(latex: str, inputs: dict, want: object, rules: list[str]) -> None:
    assert_reads_as(symdl.parse(latex), inputs, want, rules)


@pytest.mark.parametrize(("latex", "inputs", "want", "rules"), [r[2:] for r in CASES], ids=[r[0] for r in CASES])
def test_cases_with_prose_conditions(latex: str, inputs: dict, want: object, rules: list[str]) -> None:
    assert_reads_as(symdl.parse(latex), inputs, want, rules)


def test_superscript_star_is_no_compound_assignment() -> None:
    """θ^* = 2 y: the * is the superscript, the statement an assignment."""
    formula = symdl.parse(r"\theta^* = 2 y")
    assert formula.statements[0].kind == "assignment"
    assert "compound-assignment" not in [n.rule for n in formula.notes]


def test_comma_between_indices_still_nests_sums() -> None:
    """\\sum_{i,j}: a comma between two indices is two sums, not a skipped value."""
    assert "sum-skip-condition" not in [n.rule for n in symdl.parse(r"y = \sum_{i,j} A_{i,j}").notes]


def test_dropout_random_choice_is_refused() -> None:
    """d2l's dropout h' = 0 with probability p: a draw, refused with how to write it as a mask."""
    assert_refused_at(r"h' = \begin{cases} 0 & \text{ with probability } p \\ \frac{h}{1-p} & \text{ otherwise} "
                      r"\end{cases}", "a random choice", r"\text{ with probability } p")


def test_dropout_mask_form_reads() -> None:
    """The refusal's hint reads: the mask is an input drawn beside the formula."""
    formula = symdl.parse(r"h' = \frac{m h}{1-p}, \quad m \sim \mathrm{Bernoulli}(1-p)")
    assert_reads_as(formula, {"m": 1.0, "h": 2.0, "p": 0.5}, 4.0, ["distribution-clause"])


def test_batchnorm_inference_statistics_are_names() -> None:
    """Ioffe & Szegedy, Alg. 2 (inference): E[x] and Var[x] are updated, then used by the affine output; they are
    names (the population statistics), not the mean of x's entries (before: 'the left side of an update must be a
    name')."""
    latex = (r"\mathrm{E}[x] \leftarrow \mathrm{E}_\mathcal{B}[\mu_\mathcal{B}], \quad \mathrm{Var}[x] \leftarrow "
             r"\frac{m}{m-1}\mathrm{E}_\mathcal{B}[\sigma_\mathcal{B}^2] \\ y = \frac{\gamma}{\sqrt{\mathrm{Var}[x] + "
             r"\epsilon}} \cdot x + \left(\beta - \frac{\gamma\,\mathrm{E}[x]}{\sqrt{\mathrm{Var}[x] + \epsilon}}"
             r"\right)")
    formula = symdl.parse(latex)
    assert [st.kind for st in formula.statements] == ["update", "update", "assignment"]
    var = 5 / 4 * 2.0**2
    want = 1.5 / np.sqrt(var + 1e-5) * 0.7 + 0.1 - 1.5 * 0.3 / np.sqrt(var + 1e-5)
    assert_reads_as(formula, {r"\mu_\mathcal{B}": 0.3, r"\sigma_\mathcal{B}": 2.0, "m": 5.0, r"\beta": 0.1,
                              r"\gamma": 1.5, "x": 0.7, r"\epsilon": 1e-5}, want,
                    ["statistic-name", "statistic-name"], functions={r"E_{\mathcal{B}}": lambda v: v})


def test_statistic_not_updated_stays_a_mean() -> None:
    """LayerNorm's x − E[x] with no update of E[x]: still the mean of the entries."""
    assert "statistic-name" not in [n.rule for n in symdl.parse(r"\mathbf{y} = \mathbf{x} - \mathrm{E}[\mathbf{x}]").notes]
