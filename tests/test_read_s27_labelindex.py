"""A subscript listing a word and index letters between commas (``subscript-label-index``, issue 12, session 27).

An encoder's ``W_{\\text{enc},i}``, a contrastive loss's ``s_{i,\\text{pos}}``, a context's ``y_{\\text{ctx},t}``: the
word labels a family and the letters index its members.  Read as one name (as before), the member was the same for
every index, silently under ``\\sum_i``.  Near misses keep their rules: the PyTorch docs' ``x_{n,y_n}`` (a label that
is an indexed letter), Vaswani et al.'s ``PE_{(pos,2i)}`` (computed positions), two index letters, a label alone.
"""

from __future__ import annotations

import numpy as np
import pytest

import symdl
from tests.real_sources import assert_reads_as

RNG = np.random.default_rng(2701)
X4, Y4, Z4 = (RNG.normal(size=4) for _ in range(3))
M34 = RNG.normal(size=(3, 4))


def _lse(v: np.ndarray) -> float:
    return float(np.log(np.sum(np.exp(v - v.max()))) + v.max())


# (id, source, latex, inputs, plain numpy's value, notes by rule)
CASES = [
    ("encoder-weights-wrapped", "an encoder's per-input weights summed against the inputs (a labelled family)",
     r"y = \sum_i W_{\text{enc},i} x_i", {r"W_{\text{enc}}": X4, "x": Y4}, X4 @ Y4, ["subscript-label-index"]),
    ("encoder-weights-bare-word", "the same written as a pasted bare word of three letters",
     r"y = \sum_i W_{enc,i} x_i", {r"W_{\text{enc}}": X4, "x": Y4}, X4 @ Y4, ["subscript-label-index"]),
    ("contrastive-positive-negative", "InfoNCE as a contrastive loss with labelled scores (Oord et al. 2018, "
     "positive score of sample i against the negatives)",
     r"L = -\log \frac{e^{s_{i,\text{pos}}}}{\sum_j e^{s_{j,\text{neg}}}}",
     {r"s_{\text{pos}}": X4, r"s_{\text{neg}}": Y4}, -(X4 - _lse(Y4)),
     ["subscript-label-index", "subscript-label-index"]),
    ("index-first-mathrm", "a decoder's states, the index written first and the label in \\mathrm",
     r"y = \sum_t h_{t,\mathrm{dec}}^2", {r"h_{\text{dec}}": Z4}, np.sum(Z4 ** 2), ["subscript-label-index"]),
    # must not change
    ("pytorch-nll-target-kept", "the PyTorch docs' NLLLoss: x_{n,y_n}, the target class's score of sample n",
     r"\ell_n = -w_{y_n} x_{n,y_n}", None, None, None),
    ("two-indices-kept", "Goodfellow's matrix entry A_{i,j} under a double sum",
     r"y = \sum_{i,j} A_{i,j}", {"A": M34}, M34.sum(), ["sum-several-indices"]),
    ("label-alone-kept", "PPO's old policy parameters theta_{old}, a label with no index", r"y = \theta_{\text{old}} + 1",
     {r"\theta_{\text{old}}": 2.5}, 3.5, []),
]


@pytest.mark.parametrize(("latex", "inputs", "want", "rules"), [c[2:] for c in CASES], ids=[c[0] for c in CASES])
def test_label_index_against_numpy(latex: str, inputs: dict | None, want: object, rules: list[str] | None) -> None:
    formula = symdl.parse(latex)
    if inputs is None:
        assert "subscript-label-index" not in [n.rule for n in formula.notes]
        return
    assert_reads_as(formula, inputs, want, rules)


def test_the_note_points_at_the_name_and_says_how_to_get_one_name() -> None:
    latex = r"y = \sum_i W_{\text{enc},i} x_i"
    (note,) = symdl.parse(latex).notes
    assert latex[note.span.start : note.span.end] == r"W_{\text{enc},i}"
    assert "member i of the family W_{\\text{enc}}" in note.message
    assert "one word" in note.alternative


def test_positional_encoding_keeps_its_rule() -> None:
    """Vaswani et al.'s PE_{(pos,2i)}: positions computed from indices, not a label and an index."""
    formula = symdl.parse(r"PE_{(pos,2i)} = \sin(pos / 10000^{2i/d})")
    assert "subscript-label-index" not in [n.rule for n in formula.notes]


def test_an_offset_index_is_read_with_its_offset() -> None:
    formula = symdl.parse(r"y = \sum_t h_{t-1,\mathrm{dec}} a_t")
    assert "h_dec[t - 1]" in str(formula.statements[0].rhs)


def test_a_language_models_loss_reads_the_context_per_position() -> None:
    """An autoregressive model's loss -Σ_t log p(x_t | x_{<t}): x_{<t} is member t of the family of contexts x_{<}
    (prefix-context), so each term has its own context; evaluated with a numpy p of the token and its context."""
    formula = symdl.parse(r"L = -\sum_{t=1}^{T} \log p(x_t \mid x_{<t})")
    assert [n.rule for n in formula.notes] == ["prefix-context"]
    tokens, contexts = np.array([0.2, 0.4, 0.9]), np.array([1.0, 2.0, 3.0])
    got = symdl.lambdify(formula, functions={"p": lambda x, c: x / c})(x=tokens, **{"x_{<}": contexts}, T=3)
    np.testing.assert_allclose(got, -np.sum(np.log(tokens / contexts)), rtol=1e-12)


def test_grpo_tokens_before_t_of_output_i() -> None:
    """Shao et al. (2024), GRPO: π_θ(o_{i,t} | q, o_{i,<t}), the tokens of output i before t: member (i, t) of the
    family of contexts o_{<} (prefix-context)."""
    formula = symdl.parse(r"J = \frac{1}{G}\sum_{i=1}^{G}\sum_{t=1}^{T} \log \pi_\theta(o_{i,t} \mid q, o_{i,<t})")
    assert "prefix-context" in [n.rule for n in formula.notes]
    assert "o_<[i, t]" in str(formula.statements[0].rhs)
