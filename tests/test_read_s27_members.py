"""A bold name picked by a label (issue 12, session 27): Wen et al.'s (2016) centre loss
``\\frac{1}{2}\\sum_i \\|\\boldsymbol{x}_i - \\boldsymbol{c}_{y_i}\\|_2^2`` read the class centre as ONE number c[y_i]
subtracted from every entry of x_i, silently; it is member y_i of a family of vectors (``label-member``), as the
SVM's ``\\mathbf{w}_{y_i}^T \\mathbf{x}_i`` already was.  A plain ``s_{y_i}`` stays an entry (``label-entry``)."""

from __future__ import annotations

import numpy as np
import pytest

import symdl
from tests.real_sources import assert_reads_as

RNG = np.random.default_rng(2704)
X = RNG.normal(size=(5, 3))
C = RNG.normal(size=(4, 3))
Y = np.array([1, 3, 2, 4, 1])
S = RNG.normal(size=4)

# (id, source, latex, inputs, plain numpy's value, notes by rule)
CASES = [
    ("centre-loss", "Wen et al. (2016), the centre loss of deep face recognition",
     r"\mathcal{L}_C = \frac{1}{2}\sum_{i=1}^{m}\|\boldsymbol{x}_i - \boldsymbol{c}_{y_i}\|_2^2",
     {r"\boldsymbol{x}": X, r"\boldsymbol{c}": C, "y": Y, "m": 5}, 0.5 * np.sum((X - C[Y - 1]) ** 2),
     ["label-member"]),
    ("plain-score-kept", "cs231n: the score of the correct class, one entry", r"L = \sum_i s_{y_i}",
     {"s": S, "y": np.array([2, 4, 1])}, S[[1, 3, 0]].sum(), None),
]


@pytest.mark.parametrize(("latex", "inputs", "want", "rules"), [c[2:] for c in CASES], ids=[c[0] for c in CASES])
def test_members_by_label_against_numpy(latex: str, inputs: dict, want: float, rules: list[str] | None) -> None:
    formula = symdl.parse(latex)
    assert_reads_as(formula, inputs, want, rules if rules is not None else [n.rule for n in formula.notes])


def test_plain_score_keeps_its_entry_note() -> None:
    assert "label-entry" in [n.rule for n in symdl.parse(r"L = \sum_i s_{y_i}").notes]


def test_two_nodes_at_one_depth_are_two_names() -> None:
    """Hamilton et al. (2017), GraphSAGE: h^{(k)}_v and the neighbours' h^{(k)}_{N(v)} at the same depth k were one
    SymPy symbol (the subscript left out of the name), so the update read h^{(k)}_v on its own right side."""
    formula = symdl.parse(r"h^{(k)}_v = \sigma\left(W^{(k)}\cdot \mathrm{CONCAT}\left(h^{(k-1)}_v,\ "
                          r"h^{(k)}_{\mathcal{N}(v)}\right)\right)")
    st = formula.statements[0]
    assert st.target not in st.rhs.free_symbols
    assert len({str(s) for s in st.rhs.free_symbols}) == 3  # W^(k), h_v^(k-1), h_{N(v)}^(k)


def test_a_gate_entry_is_the_component_function() -> None:
    """Shazeer et al. (2017), a mixture of experts: y = Σ_i G(x)_i E_i(x), G's entry i its component function G(i, x)
    (noted function-entry), evaluated with a numpy component function; it was refused."""
    formula = symdl.parse(r"y = \sum_{i=1}^{n} G(x)_i E_i(x)")
    assert [n.rule for n in formula.notes] == ["function-entry", "function-family"]
    fn = symdl.lambdify(formula, functions={"G": lambda i, x: (i + 1) * x, "E_i": lambda i, x: i * x * x})
    assert fn(x=2.0, n=3) == pytest.approx(sum((i + 1) * 2.0 * i * 4.0 for i in range(1, 4)), rel=1e-12)


def test_a_router_softmax_of_component_entries_is_named_softmax() -> None:
    """A router's p_i = e^{h(x)_i} / Σ_j e^{h(x)_j}: the entries of one vector-valued h, a softmax."""
    from symdl.chunk import explain
    assert "softmax" in explain(symdl.parse(r"p_i = \frac{e^{h(x)_i}}{\sum_j e^{h(x)_j}}")).concepts
