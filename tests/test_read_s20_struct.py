r"""Structure the reader refused in common notation (session 20, issue 12, helper rstruct2).

- Vaswani et al.'s sinusoidal positional encoding as the paper writes it, ``PE_{(pos,2i)} = \sin(pos /
  10000^{2i/d_{\text{model}}})`` and ``PE_{(pos,2i+1)} = \cos(...)``: a parenthesised list of positions after two
  capitals names one matrix (PE, not P·E) and a word among the positions that the right side uses as a variable
  (``pos``) is an index of the entries being defined, as a one-letter index is (d2l's ``p_{i,2j}``): the even and
  odd columns are entries of one array (notes ``entry-words``, ``entry-definition``, ``index-value``).  Before:
  refused, the hint told users to rewrite with one letter.
- A network of a vector (a function symdl does not know) that is an operand of ``\odot`` beside a vector, or a member
  of a concatenation with a vector, is vector-valued, as the residual ``\mathcal{F}(\mathbf{x}) + \mathbf{x}`` is
  already (``function-vector-beside``).  Before: refused, a matrix product with a number / a vector concatenated
  with a number.

Neighbours that keep their reading or their refusal are listed with them.
"""

from __future__ import annotations

import numpy as np
import pytest
import sympy

import symdl
from tests.real_sources import assert_reads_as, assert_refused_at

D_MODEL, POSITIONS = 6, 5
RNG = np.random.default_rng(2012)
X4, F4 = RNG.normal(size=4), RNG.normal(size=4)


def numpy_positional_encoding(n: int, d: int) -> np.ndarray:
    """Vaswani et al. 2017, sec. 3.5, as plain numpy: row pos, columns 2i (sine) and 2i+1 (cosine)."""
    pe = np.zeros((n, d))
    pos = np.arange(n)[:, None]
    rate = 10000.0 ** (np.arange(0, d, 2) / d)
    pe[:, 0::2], pe[:, 1::2] = np.sin(pos / rate), np.cos(pos / rate)
    return pe


# (id, source, latex, the statements' left sides, the name of d_model)
PE_CASES = [
    (
        "vaswani-paper",
        "Vaswani et al. 2017, Attention Is All You Need, sec. 3.5, as printed",
        r"PE_{(pos,2i)} = \sin(pos / 10000^{2i/d_{\text{model}}}) \\ PE_{(pos,2i+1)} = \cos(pos / "
        r"10000^{2i/d_{\text{model}}})",
        ["PE[pos, 2*i]", "PE[pos, 2*i + 1]"],
        r"d_{\text{model}}",
    ),
    (
        "vaswani-frac-left-right",
        "Vaswani et al. sec. 3.5 as blogs retype it (The Annotated Transformer's text)",
        r"PE_{(pos, 2i)} = \sin\left(\frac{pos}{10000^{2i/d_{\text{model}}}}\right) \\ PE_{(pos, 2i+1)} = "
        r"\cos\left(\frac{pos}{10000^{2i/d_{\text{model}}}}\right)",
        ["PE[pos, 2*i]", "PE[pos, 2*i + 1]"],
        r"d_{\text{model}}",
    ),
    (
        "vaswani-code-style-trig",
        "Vaswani et al. sec. 3.5 retyped with plain sin and cos (dev20 h19-327)",
        r"PE_{(pos,2i)} = sin(pos / 10000^{2i/d_{\text{model}}}) \\ PE_{(pos,2i+1)} = cos(pos / "
        r"10000^{2i/d_{\text{model}}})",
        ["PE[pos, 2*i]", "PE[pos, 2*i + 1]"],
        r"d_{\text{model}}",
    ),
    (
        "vaswani-text-words",
        r"Vaswani et al. sec. 3.5 with \text{PE} and \text{pos} (Lil'Log's spelling of names)",
        r"\text{PE}_{(\text{pos},2i)} = \sin(\text{pos}/10000^{2i/d}) \\ \text{PE}_{(\text{pos},2i+1)} = "
        r"\cos(\text{pos}/10000^{2i/d})",
        ["PE[pos, 2*i]", "PE[pos, 2*i + 1]"],
        "d",
    ),
]


@pytest.mark.parametrize(("latex", "lhs", "d_name"), [pytest.param(*c[2:], id=c[0]) for c in PE_CASES])
def test_vaswani_positional_encoding_defines_one_matrix(latex: str, lhs: list[str], d_name: str) -> None:
    f = symdl.parse(latex)
    assert [str(st.lhs) for st in f.statements] == lhs
    assert len({st.lhs.base for st in f.statements}) == 1  # the even and odd columns of one array
    pos, column = f.statements[0].lhs.indices
    assert str(pos) == "pos" and pos.is_integer and column.is_integer  # pos is an index, as i is
    rules = [n.rule for n in f.notes]
    assert rules.count("entry-definition") == 2 and "index-value" in rules and "zero-based" in rules
    assert set(rules) <= {"entry-words", "entry-definition", "index-value", "zero-based"}
    g = symdl.lambdify(f)
    got = np.zeros((POSITIONS, D_MODEL))
    for p in range(POSITIONS):
        for k in range(D_MODEL // 2):
            values = g(pos=p, i=k, **{d_name: D_MODEL})
            got[p, 2 * k], got[p, 2 * k + 1] = values[lhs[0]], values[lhs[1]]
    np.testing.assert_allclose(got, numpy_positional_encoding(POSITIONS, D_MODEL), rtol=1e-12, atol=1e-15)


def test_the_capitals_and_the_word_are_noted_as_names() -> None:
    latex = r"PE_{(pos,2i)} = \sin(pos / 10000^{2i/d_{\text{model}}})"
    f = symdl.parse(latex)
    words = [latex[n.span.start : n.span.end] for n in f.notes if n.rule == "entry-words"]
    assert words == ["PE", "pos"]
    assert all("\\cdot" in n.alternative for n in f.notes if n.rule == "entry-words")


# must not change: the one-letter form, a parenthesised label, a word position the formula does not use
def test_d2l_one_letter_form_reads_as_before() -> None:
    """d2l sec. 11.6's p_{i,2j}: no entry-words note, the same entries."""
    f = symdl.parse(r"p_{i, 2j} = \sin\left(\frac{i}{10000^{2j/d}}\right)")
    assert str(f.statements[0].lhs) == "p[i, 2*j]"
    assert "entry-words" not in {n.rule for n in f.notes}


def test_order_statistics_stay_names() -> None:
    """x_{(1)}, x_{(2)}: a sample's order statistics, a parenthesised label with no computed position."""
    f = symdl.parse(r"y = x_{(1)} + x_{(2)}")
    assert str(f.statements[0].rhs) == "x_{(1)} + x_{(2)}" and not f.notes


def test_a_parenthesised_pair_of_words_stays_a_label() -> None:
    """A label of two words in parentheses computes no position: one name."""
    f = symdl.parse(r"W_{(in,out)} = 2")
    assert str(f.statements[0].lhs) == "W_{(in,out)}"


def test_three_letters_elsewhere_stay_a_product() -> None:
    """Three letters that are no name of the field's (``xyz``; ``pos`` is one, ``field-word``, session 22) with no
    parenthesised list of positions in the formula keep TeX's product (noted)."""
    f = symdl.parse(r"y = xyz + 1")
    assert [n.rule for n in f.notes] == ["letters-product"]


REFUSED_PE = [
    pytest.param(
        r"PE_{(pos,2i)} = \sin(t / 10000^{2i/d})",
        "among parenthesised words",
        "PE_{(pos,2i)}",
        id="word-position-not-used",
    ),  # the right side never uses pos: no variable to define entries for
]


@pytest.mark.parametrize(("latex", "what", "text"), REFUSED_PE)
def test_word_positions_the_formula_does_not_use_stay_refused(latex: str, what: str, text: str) -> None:
    assert_refused_at(latex, what, text)
    with pytest.raises(symdl.NotSupported) as err:
        symdl.parse(latex)
    assert "uses it as the variable" in (err.value.hint or "")


# (id, source, latex, functions given, inputs, numpy's value, notes by rule)
VECTOR_CALLS = [
    (
        "gated-skip-odot",
        "dev20 h19-409: a multiplicative skip, the gate of Srivastava et al.'s highway layer",
        r"\mathbf{y} = \mathbf{x} \odot \mathcal{F}(\mathbf{x})",
        None,
        {r"\mathbf{x}": X4, r"\mathcal{F}(\mathbf{x})": F4},
        X4 * F4,
        ["function-vector-beside"],
    ),
    (
        "gated-skip-odot-scaled",
        "the same gate scaled by a number, the operand first",
        r"\mathbf{y} = 2\mathcal{F}(\mathbf{x}) \odot \mathbf{x}",
        None,
        {r"\mathbf{x}": X4, r"\mathcal{F}(\mathbf{x})": F4},
        2 * F4 * X4,
        ["function-vector-beside"],
    ),
    (
        "concatenation-skip",
        "dev20 h19-410: U-Net's / DenseNet's concatenation skip [x; F(x)]",
        r"\mathbf{y} = [\mathbf{x}; \mathcal{F}(\mathbf{x})]",
        None,
        {r"\mathbf{x}": X4, r"\mathcal{F}(\mathbf{x})": F4[:3]},
        np.concatenate([X4, F4[:3]]),
        ["function-vector-beside"],
    ),
    (
        "concatenation-skip-bmatrix",
        "the concatenation skip as a one-column bmatrix of vectors (Ronneberger et al.'s U-Net skip, stacked)",
        r"\mathbf{y} = \begin{bmatrix} \mathbf{x} \\ \mathcal{F}(\mathbf{x}) \end{bmatrix}",
        None,
        {r"\mathbf{x}": X4, r"\mathcal{F}(\mathbf{x})": F4[:2]},
        np.concatenate([X4, F4[:2]]),
        ["function-vector-beside"],
    ),
    (
        "residual-as-before",
        "He et al. 2016, eq. 1's residual (already read so)",
        r"\mathbf{y} = \mathcal{F}(\mathbf{x}) + \mathbf{x}",
        None,
        {r"\mathbf{x}": X4, r"\mathcal{F}(\mathbf{x})": F4},
        F4 + X4,
        ["function-vector-beside"],
    ),
    # -- neighbours that keep their reading ------------------------------------------------------------------------
    (
        "plain-function-entrywise",
        "Goodfellow et al. sec. 6.3: a plain lower-case function of a vector, entry-wise",
        r"\mathbf{y} = \mathbf{x} \odot f(\mathbf{x})",
        {"f": np.tanh},
        {r"\mathbf{x}": X4},
        X4 * np.tanh(X4),
        ["function-entrywise"],
    ),
]


@pytest.mark.parametrize(
    ("latex", "functions", "inputs", "want", "rules"), [pytest.param(*c[2:], id=c[0]) for c in VECTOR_CALLS]
)
def test_a_network_of_a_vector_beside_a_vector_is_a_vector(
    latex: str, functions: dict | None, inputs: dict, want: object, rules: list[str]
) -> None:
    assert_reads_as(symdl.parse(latex), inputs, want, rules, functions=functions)


def test_the_notes_say_how_the_call_stands_beside_the_vector() -> None:
    odot = symdl.parse(r"\mathbf{y} = \mathbf{x} \odot \mathcal{F}(\mathbf{x})").notes[0].message
    concat = symdl.parse(r"\mathbf{y} = [\mathbf{x}; \mathcal{F}(\mathbf{x})]").notes[0].message
    assert "as long as \\mathbf{x}" in odot and "entry-wise" in odot
    assert "concatenated with \\mathbf{x}" in concat and "as long as" not in concat


REFUSED_CALLS = [
    pytest.param(
        r"\mathbf{y} = [\mathbf{x}; f(x)]",
        "concatenating a vector with a scalar",
        r"[\mathbf{x}; f(x)]",
        id="function-of-a-number-in-a-concatenation",
    ),  # one entry more, or a vector?
    pytest.param(
        r"\mathbf{x}_\ell = H_\ell([\mathbf{x}_0, \mathbf{x}_1, \ldots, \mathbf{x}_{\ell-1}])",
        "a concatenation of a family's members",
        r"[\mathbf{x}_0, \mathbf{x}_1, \ldots, \mathbf{x}_{\ell-1}]",
        id="densenet-concatenation-of-members",
    ),  # Huang et al. 2017, eq. 2: a variable number of vectors
]


@pytest.mark.parametrize(("latex", "what", "text"), REFUSED_CALLS)
def test_refused_as_before(latex: str, what: str, text: str) -> None:
    assert_refused_at(latex, what, text)


# -- an operator over several indices -----------------------------------------------------------------------------
A34 = RNG.normal(size=(3, 4))

# (id, source, latex, inputs, numpy's value, notes by rule)
SEVERAL = [
    (
        "global-max-pooling",
        "Lin et al. 2014 (Network in Network) / d2l sec. 8.3: global max pooling of channel c",
        r"y_c = \max_{i,j} x_{c,i,j}",
        {"x_c": A34},
        A34.max(),
        ["sum-several-indices"],
    ),
    (
        "min-over-entries",
        "the smallest entry of a matrix (min-max scaling over a whole image)",
        r"m = \min_{i,j} A_{ij}",
        {"A": A34},
        A34.min(),
        ["sum-several-indices"],
    ),
    (
        "nested-max-as-before",
        "the same written nested: one MaxOver with both limits (SymPy joins them)",
        r"y = \max_i \max_j A_{ij}",
        {"A": A34},
        A34.max(),
        [],
    ),
    (
        "frobenius-as-before",
        "Goodfellow et al. eq. 2.33's Frobenius norm, nested sums (already read so)",
        r"y = \sqrt{\sum_{i,j} A_{i,j}^2}",
        {"A": A34},
        np.sqrt((A34**2).sum()),
        ["sum-several-indices"],
    ),
]


@pytest.mark.parametrize(("latex", "inputs", "want", "rules"), [pytest.param(*c[2:], id=c[0]) for c in SEVERAL])
def test_an_operator_over_several_indices_is_nested(latex: str, inputs: dict, want: object, rules: list[str]) -> None:
    assert_reads_as(symdl.parse(latex), inputs, want, rules)


def test_a_nested_maximum_prints_every_index() -> None:
    """SymPy joins \\max_i \\max_j into one MaxOver with two limits: both are printed (only j was, as if i were free)."""
    rhs = symdl.parse(r"y = \max_i \max_j A_{ij}").statements[0].rhs
    assert str(rhs) == "MaxOver(A[i, j], (j, 1, N_A2), (i, 1, N_A))"
    assert sympy.latex(rhs) == r"\max_{i} \max_{j} {A}_{i,j}"


REFUSED_SEVERAL = [
    pytest.param(
        r"y = \max_{s,a} Q(s,a)", r"\max over several indices at once (s,a)", r"\max", id="max-over-arguments"
    ),  # an objective over a function's arguments, not over entries
    pytest.param(
        r"\varepsilon = \sum_{i,j \rightsquigarrow i} \sum_l (1 - y_{il})",
        r"\sum over several indices",
        r"\sum",
        id="lmnn-neighbour-pairs",
    ),  # Weinberger & Saul's LMNN: a condition on the pairs
]


@pytest.mark.parametrize(("latex", "what", "text"), REFUSED_SEVERAL)
def test_several_indices_refused_by_the_operator_name(latex: str, what: str, text: str) -> None:
    assert_refused_at(latex, what, text)


# -- refusals kept, each naming its construct and how to write it -------------------------------------------------
# (latex, what the error names, the text it points at, a piece of its hint)
KEPT_REFUSALS = [
    pytest.param(
        r"\mathcal{S}_i = \{k \mid k_N = i_N, \lfloor \frac{k_C}{C/G} \rfloor = \lfloor \frac{i_C}{C/G} \rfloor \}",
        "a set {...} by a condition",
        None,
        r"\sum_{k \in \mathcal{S}_i}",
        id="groupnorm-set",
    ),  # Wu & He 2018
    pytest.param(
        r"\eta_t = \eta_0 \cdot \gamma^{\,\left|\{ m \in \text{milestones} \,:\, m \le t \}\right|}",
        "the size of a set {...} by a condition",
        None,
        r"\mathbb{1}(m_k \le t)",
        id="multisteplr-count",
    ),  # the PyTorch docs' MultiStepLR
    pytest.param(
        r"\Theta = \left\{\theta_i = 10000^{-2(i-1)/d}, i \in [1, 2, \ldots, d/2]\right\}",
        "values given by their member's formula",
        None,
        r"\theta_i = 10000^{-2(i-1)/d}",
        id="rope-theta-set",
    ),  # Su et al. 2021 (RoFormer), eq. 15
    pytest.param(
        r"\mathbf{z}^{(i,l)} = \boldsymbol{\mu}^{(i)} + \boldsymbol{\sigma}^{(i)} \odot "
        r"\boldsymbol{\epsilon}^{(l)}",
        "a superscript of several indices",
        "(i,l)",
        "one index per superscript",
        id="vae-two-sample-indices",
    ),  # Kingma & Welling 2014, eq. 10
    pytest.param(
        r"(\mathbf{w},b) \leftarrow (\mathbf{w},b) - \frac{\eta}{|\mathcal{B}|} \sum_{i \in \mathcal{B}} "
        r"\partial_{(\mathbf{w},b)} l^{(i)}(\mathbf{w},b)",
        "on the left of an update",
        r"(\mathbf{w},b)",
        "one statement per parameter",
        id="d2l-tuple-update",
    ),  # d2l sec. 3.1, eq. 3.1.10
    pytest.param(
        r"\vec{p_t}^{(i)} = f(t)^{(i)} := \begin{cases} \sin(\omega_k \cdot t), & \text{if}\ i = 2k \\ "
        r"\cos(\omega_k \cdot t), & \text{if}\ i = 2k + 1 \end{cases}",
        "an entry of a bracket's or a call's value",
        "{(i)}",
        "a subscript on a name of the value",
        id="lillog-pe-entry-superscript",
    ),  # Lil'Log, "The Transformer Family" (2020): the positional encoding by a function's entries
    pytest.param(
        r"m_t \leftarrow \beta_1 m_{t-1} + (1-\beta_1) g_t \\ S_t \leftarrow (m_t, v_t)",
        "as a statement's value",
        "(m_t, v_t)",
        "leave the tuple out",
        id="optimizer-state",
    ),  # TF's Adam doc
]


@pytest.mark.parametrize(("latex", "what", "text", "hint"), KEPT_REFUSALS)
def test_kept_refusals_name_the_construct(latex: str, what: str, text: str | None, hint: str) -> None:
    with pytest.raises(symdl.NotSupported) as err:
        symdl.parse(latex)
    assert what in str(err.value) and hint in (err.value.hint or "")
    if text is not None:
        assert latex[err.value.span.start : err.value.span.end] == text
