"""Session 17, helper LOSS: the reading keeps each expectation's distribution (``Formula.sampled``).

The chunk stage reads which distribution an expectation draws from off the reading, never off the source text;
each row asserts the distributions the reading keeps, one per expectation, compacted to letters and digits.
"""

from __future__ import annotations

import pytest

import symdl

CASES: list[tuple[str, str, list[str]]] = [
    # Goodfellow et al. 2014, GAN value function (eq. 1): two expectations, two distributions
    (
        "gan-value",
        r"\mathbb{E}_{\boldsymbol{x} \sim p_{\text{data}}(\boldsymbol{x})}[\log D(\boldsymbol{x})]"
        r" + \mathbb{E}_{\boldsymbol{z} \sim p_{\boldsymbol{z}}(\boldsymbol{z})}[\log(1 - D(G(\boldsymbol{z})))]",
        ["pdata", "pz"],
    ),
    # Goodfellow, Deep Learning 3.49: the self-information's expectation
    ("entropy", r"H(x) = -\mathbb{E}_{x \sim P}[\log P(x)]", ["P"]),
    # Goodfellow 5.59: the empirical distribution, hatted
    ("nll-empirical", r"-\mathbb{E}_{x \sim \hat{p}_{\text{data}}} \log p_{\text{model}}(x)", ["hatpdata"]),
    # Kingma & Welling 2013 (eq. 3): an expectation under q with no drawn variable keeps no distribution
    ("vae-no-draw", r"\mathbb{E}_{q_\phi(z|x)}[\log p_\theta(x|z)]", []),
    # Goodfellow 3.9: no subscript at all
    ("plain", r"\mathbb{E}[X]", []),
]


@pytest.mark.parametrize(("cid", "latex", "dists"), CASES, ids=[c[0] for c in CASES])
def test_expectation_keeps_its_distribution(cid: str, latex: str, dists: list[str]) -> None:
    f = symdl.parse(latex)
    assert sorted(f.sampled.values()) == dists
    for value in f.sampled:  # each key is the value the reader built, found in a statement
        assert any(st.rhs.has(value) for st in f.statements)


def test_the_distribution_is_per_expectation() -> None:
    """Two expectations: each value maps to its own distribution (x ∼ q, z ∼ p), not to every one in the text."""
    f = symdl.parse(r"-\mathbb{E}_{x \sim q}[\log p(x)] + \mathbb{E}_{z \sim p}[f(z)]")
    by_sample = {str(sorted(v.free_symbols, key=str)): d for v, d in f.sampled.items()}
    assert sorted(f.sampled.values()) == ["p", "q"]
    assert any("x" in k and d == "q" for k, d in by_sample.items())


IVERSON: list[tuple[str, str, str, list[str]]] = [
    # Knuth's Iverson bracket, as Murphy (PML 2022) writes the indicator: [y_i = k], noted
    (
        "iverson-eq",
        r"\sum_i [y_i = k]",
        "Sum(Piecewise((1, Eq(k, y[i])), (0, True)), (i, 1, N_y))",
        ["iverson-bracket"],
    ),
    ("iverson-gt", r"[x > 0] x", "x*Piecewise((1, x > 0), (0, True))", ["iverson-bracket"]),
    # UFLDL's softmax regression writes the indicator \mathbf{1}\{\cdot\}: the same indicator as 1\{\cdot\}, no note
    (
        "bold-one-set",
        r"\sum_{i=1}^{m} \mathbf{1}\{y^{(i)} = k\}",
        "Sum(Piecewise((1, Eq(k, y[i])), (0, True)), (i, 1, m))",
        [],
    ),
    # no comparison inside: a bracket groups, a comma lists
    ("bracket-groups", r"2[x + y]", "2*x + 2*y", []),
]


@pytest.mark.parametrize(("cid", "latex", "meaning", "rules"), IVERSON, ids=[c[0] for c in IVERSON])
def test_indicator_brackets(cid: str, latex: str, meaning: str, rules: list[str]) -> None:
    f = symdl.parse(latex)
    assert str(f.expr) == meaning
    assert [n.rule for n in f.notes if n.rule in ("iverson-bracket",)] == rules


def test_iverson_note_has_its_span() -> None:
    f = symdl.parse(r"\sum_i [y_i = k] x_i")
    (n,) = [n for n in f.notes if n.rule == "iverson-bracket"]
    assert f.source[n.span.start : n.span.end] == "[y_i = k]"
