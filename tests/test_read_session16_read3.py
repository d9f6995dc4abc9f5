"""Readings of real formulas that failed to read (session 16, READ3): a subscript on a square bracket that holds an
expression (Cho et al.'s GRU ``[\\mathbf{W}_r \\mathbf{x}]_j``), a sign over a Greek parameter (Mnih et al.'s DQN
target network ``\\theta_i^-``), dots ending the parameters of the function a statement defines (Ng's
``J(W^{[1]}, b^{[1]}, \\ldots)``) and a call's arguments in a second pair of parentheses (``D_{KL}((q \\| p))``).
Each row: the formula as its source writes it, seeded inputs, plain numpy's value and the reading notes by rule;
beside each, a look-alike that must keep its old reading or refusal."""

from __future__ import annotations

import numpy as np
import pytest

import symdl
from tests.real_sources import assert_reads_as, assert_refused_at

RNG = np.random.default_rng(163)
W34 = RNG.normal(size=(3, 4))
X4, H3 = RNG.normal(size=4), RNG.normal(size=3)
A4, B4 = RNG.normal(size=4), RNG.normal(size=4)


# (id, source, latex, inputs, numpy's value, notes by rule)
READS = [
    ("dqn-soft-target-update", "a DQN target network's soft update (Lillicrap et al.'s θ' ← τθ + (1 − τ)θ', "
     "written with Mnih et al.'s θ^-)", r"\theta^- \leftarrow \tau \theta + (1 - \tau) \theta^-",
     {r"\theta^-": 0.3, r"\tau": 0.1, r"\theta": 2.0}, 0.1 * 2.0 + 0.9 * 0.3, ["superscript-sign-label"]),
    ("dqn-target-value", "Mnih et al. 2015, the target y = r + γ max Q(s', a'; θ^-), one action's value",
     r"y = r + \gamma Q(s', a'; \theta^-)", {"r": 1.0, r"\gamma": 0.9, "s'": 0.5, "a'": 2.0, r"\theta^-": 0.3},
     1.0 + 0.9 * (0.5 + 2.0 * 0.3), ["superscript-sign-label"]),
    ("ng-cost-other-parameters", "Ng (Coursera DLS), the cost of the parameters W, b and the others",
     r"J(w, b, \ldots) = \frac{1}{m}\sum_{i=1}^{m} (w x_i + b - y_i)^2",
     {"w": 0.5, "b": 0.1, "x": A4, "y": B4, "m": 4}, np.mean((0.5 * A4 + 0.1 - B4) ** 2), ["lhs-trailing-dots"]),
    ("goodfellow-f-of-x-dots", "a function of x and its other arguments, f(x, \\dots)",
     r"f(x, \dots) = x^2 + 1", {"x": A4}, A4**2 + 1, ["lhs-trailing-dots"]),
]

FUNCTIONS = {"Q": lambda s, a, th: s + a * th}


@pytest.mark.parametrize(("latex", "inputs", "want", "rules"), [r[2:] for r in READS], ids=[r[0] for r in READS])
def test_reads_as(latex: str, inputs: dict, want: object, rules: list[str]) -> None:
    assert_reads_as(symdl.parse(latex), inputs, want, rules, functions=FUNCTIONS)


# (id, source, latex with square brackets, the same with parentheses (read.groupentry's first notation))
SQUARE_ENTRIES = [
    ("cho-gru-reset-gate", "Cho et al. 2014, eq. 5 (dev K181): the reset gate of unit j",
     r"r_j = \sigma\left([\mathbf{W}_r \mathbf{x}]_j + [\mathbf{U}_r \mathbf{h}_{\langle t-1 \rangle}]_j\right)",
     r"r_j = \sigma\left((\mathbf{W}_r \mathbf{x})_j + (\mathbf{U}_r \mathbf{h}_{\langle t-1 \rangle})_j\right)"),
    ("cho-gru-candidate", "Cho et al. 2014, eq. 8: the candidate state, a reset product inside the bracket",
     r"\tilde{h}_j = \phi\left([\mathbf{W}\mathbf{x}]_j + [\mathbf{U}(\mathbf{r} \odot \mathbf{h})]_j\right)",
     r"\tilde{h}_j = \phi\left((\mathbf{W}\mathbf{x})_j + (\mathbf{U}(\mathbf{r} \odot \mathbf{h}))_j\right)"),
    ("left-right-bracket-sum", "a sum of entries written with \\left[ \\right]",
     r"s = \sum_{i} \tanh\left(\left[\mathbf{W}_z \mathbf{x}\right]_i\right)",
     r"s = \sum_{i} \tanh\left(\left(\mathbf{W}_z \mathbf{x}\right)_i\right)"),
]


@pytest.mark.parametrize(("square", "round_"), [r[2:] for r in SQUARE_ENTRIES], ids=[r[0] for r in SQUARE_ENTRIES])
def test_square_bracket_entry_reads_as_the_parenthesised_one(square: str, round_: str) -> None:
    """Square brackets holding an expression with a subscript are its entry, as parentheses are (noted)."""
    got, want = symdl.parse(square), symdl.parse(round_)
    assert [str(st.rhs) for st in got.statements] == [str(st.rhs) for st in want.statements]
    assert "group-entry" in [n.rule for n in got.notes]


def test_square_bracket_entries_value() -> None:
    """Σ_j tanh([W x]_j) by SymPy's own matrices equals numpy's."""
    import sympy

    f = symdl.parse(r"s = \sum_{j} \tanh([\mathbf{W}\mathbf{x} + \mathbf{b}]_j)", shapes={"W": (3, 4), "x": (4,), "b": (3,)})
    values = {"W": W34, "x": X4.reshape(4, 1), "b": H3.reshape(3, 1)}
    e = f.statements[-1].rhs
    out = e.xreplace({s: sympy.ImmutableMatrix(values[s.name]) for s in e.atoms(sympy.MatrixSymbol)}).doit()
    assert float(sympy.N(out)) == pytest.approx(float(np.tanh(W34 @ X4 + H3).sum()), rel=1e-12)


# (id, latex, the rhs it reads as (a second pair of parentheses) or the note it must not leave)
DOUBLED = [
    ("vae-kl-doubled", r"y = D_{KL}((q_\phi(\mathbf{z}) \| p_\theta(\mathbf{z})))",
     r"y = D_{KL}(q_\phi(\mathbf{z}) \| p_\theta(\mathbf{z}))"),
    ("conditional-doubled", r"y = p((a \mid b))", r"y = p(a \mid b)"),
]


@pytest.mark.parametrize(("latex", "single"), [r[1:] for r in DOUBLED], ids=[r[0] for r in DOUBLED])
def test_doubled_parentheses_hold_the_arguments(latex: str, single: str) -> None:
    doubled = symdl.parse(latex)
    assert str(doubled.statements[0].rhs) == str(symdl.parse(single).statements[0].rhs)
    assert "doubled-parentheses" in [n.rule for n in doubled.notes]


def test_doubled_parentheses_without_a_bar_are_parentheses() -> None:
    formula = symdl.parse(r"y = f((x + 1))")
    assert "doubled-parentheses" not in [n.rule for n in formula.notes]
    assert str(formula.statements[0].rhs) == str(symdl.parse(r"y = f(x + 1)").statements[0].rhs)


def test_unbalanced_doubled_parentheses_stay_an_error() -> None:
    """The VAE tutorial's own text (dev K118) opens four parentheses and closes three.  Since session 22 it is read,
    noted (``doubled-open-parenthesis``): no parenthesis spans the ``=``, so the one place the missing ``)`` can stand
    is right after the inner pair, and both repairs (drop a ``(``, add that ``)``) read alike.  Where the ``)`` could
    stand in two places (``((a+b)c``), it stays an error."""
    formula = symdl.parse(r"-D_{KL}((q_\phi(\mathbf{z}) \| p_\theta(\mathbf{z})) = 1")
    assert "doubled-open-parenthesis" in [n.rule for n in formula.notes]
    with pytest.raises(symdl.InvalidInput, match="never closed"):
        symdl.parse(r"y = ((a+b)c")


# (id, latex, what the refusal says, the text it points at)
LOOKALIKES = [
    ("latin-plus-stays-refused", r"y = x^+", "the superscript + on a name", "x"),
    ("rate-minus-stays-refused", r"y = \gamma^-", "the superscript - on a name", r"\gamma"),
    ("dots-alone-stay-refused", r"J(\ldots) = 1", "this use of \\dots", r"\ldots"),
    ("dots-first-stay-refused", r"J(\ldots, w) = w", "this use of \\dots", r"\ldots"),
]


@pytest.mark.parametrize(("latex", "what", "text"), [r[1:] for r in LOOKALIKES], ids=[r[0] for r in LOOKALIKES])
def test_lookalikes_stay_refused(latex: str, what: str, text: str) -> None:
    assert_refused_at(latex, what, text)


def test_bracket_of_one_name_and_concatenation_keep_their_readings() -> None:
    """d2l's [\\mathbf{X}]_{i,j} stays the entry of X (bracket-entry); [x]_+ stays the positive part."""
    assert "bracket-entry" in [n.rule for n in symdl.parse(r"y = [\mathbf{X}]_{i,j}").notes]
    assert str(symdl.parse(r"y = [x - 1]_+").statements[0].rhs) == "Max(0, x - 1)"


# Shazeer 2020, GLU Variants Improve Transformer, eq. 6 (dev K060): Swish_1, Swish with beta = 1 (Ramachandran et al.)
SWIGLU = r"\text{FFN}_{\text{SwiGLU}}(x, W, V, W_2) = (\text{Swish}_1(xW) \otimes xV )W_2"


def test_swish_one_is_swish() -> None:
    x = RNG.normal(size=4)
    f = symdl.parse(r"y = \text{Swish}_1(x)")
    np.testing.assert_allclose(symdl.lambdify(f)(x=x), x / (1 + np.exp(-x)), rtol=1e-12)
    assert str(symdl.parse(SWIGLU).statements[0].rhs) == str(
        symdl.parse(SWIGLU.replace(r"\text{Swish}_1", r"\text{Swish}")).statements[0].rhs)


def test_swiglu_names_swiglu() -> None:
    from symdl.chunk import explain

    assert "swiglu" in explain(symdl.parse(SWIGLU)).concepts


def test_swish_other_beta_is_x_sigma_beta_x() -> None:
    """Session 18: another beta is read as x σ(βx) (noted swish-beta; tests/test_read_s18_calls.py)."""
    x = RNG.normal(size=4)
    f = symdl.parse(r"y = \text{Swish}_\beta(x)")
    assert [n.rule for n in f.notes] == ["swish-beta"]
    np.testing.assert_allclose(symdl.lambdify(f)(**{"x": x, r"\beta": 0.5}), x / (1 + np.exp(-0.5 * x)), rtol=1e-12)


# Bishop, PRML eqs. 3.22-3.23 (dev K336): the iteration number tau in parentheses, a step as w^{(t)}
BISHOP = [
    ("bishop-sequential-gradient-descent", "PRML eq. 3.22 (with the gradient given as g)",
     r"\mathbf{w}^{(\tau+1)} = \mathbf{w}^{(\tau)} - \eta \mathbf{g}", {r"\mathbf{w}^{(\tau)}": A4, r"\eta": 0.1,
                                                                      r"\mathbf{g}": B4}, A4 - 0.1 * B4, []),
    ("bishop-lms", "PRML eq. 3.23: least-mean-squares, the transposed iterate",
     r"\mathbf{w}^{(\tau+1)} = \mathbf{w}^{(\tau)} + \eta \left( t_n - \mathbf{w}^{(\tau)\mathrm{T}} "
     r"\boldsymbol{\phi}_n \right) \boldsymbol{\phi}_n", {r"\mathbf{w}^{(\tau)}": A4, r"\eta": 0.1, "t_n": 1.0,
                                                          r"\boldsymbol{\phi}_n": B4},
     A4 + 0.1 * (1.0 - A4 @ B4) * B4, []),
]


@pytest.mark.parametrize(("latex", "inputs", "want", "rules"), [r[2:] for r in BISHOP], ids=[r[0] for r in BISHOP])
def test_greek_step_in_parentheses(latex: str, inputs: dict, want: object, rules: list[str]) -> None:
    formula = symdl.parse(latex)
    assert formula.statements[0].kind == "update"  # the same quantity at the next step, as w^{(t+1)} = w^{(t)} ...
    assert_reads_as(formula, inputs, want, rules)


def test_greek_step_reads_as_the_latin_one() -> None:
    from symdl.chunk import explain

    tau = r"\mathbf{w}^{(\tau+1)} = \mathbf{w}^{(\tau)} - \eta \nabla E_n"
    assert explain(symdl.parse(tau)).concepts == explain(symdl.parse(tau.replace(r"\tau", "t"))).concepts
    assert "gradient_descent_step" in explain(symdl.parse(tau)).concepts


# Bahdanau et al. 2015, sec. 3.2 (dev K280): the annotation of word j, forward and backward states as rows side by
# side, turned into a column
BAHDANAU = r"h_j = \left[ \overrightarrow{h}_j^\top ; \overleftarrow{h}_j^\top \right]^\top"


def test_transposed_concatenation_is_the_column() -> None:
    assert str(symdl.parse(BAHDANAU).statements[0].rhs) == str(
        symdl.parse(r"h_j = \left[ \overrightarrow{h}_j ; \overleftarrow{h}_j \right]").statements[0].rhs)
    f = symdl.parse(r"\mathbf{h} = [\overrightarrow{\mathbf{h}}^T; \overleftarrow{\mathbf{h}}^T]^T")
    assert_reads_as(f, {r"\overrightarrow{\mathbf{h}}": A4, r"\overleftarrow{\mathbf{h}}": B4[:3]},
                    np.concatenate([A4, B4[:3]]), ["transposed-concat"])


def test_transposed_concatenation_needs_every_part_transposed() -> None:
    assert_refused_at(r"\mathbf{h} = [\mathbf{a}^T; \mathbf{b}]^T", "the superscript 'T' on this part", "T")
