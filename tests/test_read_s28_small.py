"""Session 28's small reading fixes, each from a blind judge's silent row.

- ``\\nabla_\\theta \\pi_\\theta(\\tau)`` (the log-derivative trick, Williams 1992 as Spinning Up writes it) was read as
  the derivative of π_θ(θ): the trajectory τ replaced by θ, because a one-argument function differentiated by a
  variable it does not contain was made a function of that variable (right for ``\\frac{\\partial}{\\partial
  \\theta_j} J(\\theta)``).  A network whose name carries the parameter as its subscript keeps its argument.
- Adafactor's ``\\alpha_t \\leftarrow \\max(\\epsilon_2, \\text{RMS}(\\theta_{t-1}))\\rho_t`` (Shazeer & Stern 2018,
  Alg. 4, as PyTorch's docs box writes it) read RMS of a number, |θ|: the root mean square of a Greek name makes it
  an array, as of a Latin one.
- The policy gradient with reward-to-go (Spinning Up): ``\\sum_{\\tau\\in\\mathcal{D}}\\sum_{t} ... \\sum_{t'=t}^T
  R(s_{t'}, a_{t'}, s_{t'+1})``: a_t, s_t were read per trajectory but the inner sum's s_{t'} were not (one sequence
  for every trajectory): the names of a sum written inside the per-example sum, inside a gradient too, and their
  shifted entries, are per example as well.
- Pooling over channels, ``y_{i,j,c} = \\max_{0\\le m,n < k} x_{s i + m,\\, s j + n,\\, c}``: the channel c beside two
  strided positions made i and j labels of one name y_{i,j,c} (silent) and the average's x refused; a letter
  written as a position of its own on the left side that the right side's names carry is an index.
- LoRA written with row vectors, ``\\mathbf{y} = \\mathbf{x}W + \\frac{\\alpha}{r}\\mathbf{x}AB`` (Hu et al. 2021 as
  implementations write it): A and B were numbers; a plain capital touching a bold name read as a vector is a
  matrix the row multiplies, as W is.
- A metric-learning page's ``d(x_i, y_i) = | {\\bf x}_i - {\\bf y}_i |_p`` was refused ("a subscript with nothing to
  attach to"): single bars with a subscript are a norm of that order (``single-bar-norm``).
- TD3's and SAC's clipped double-Q target, ``y = r + \\gamma(1-d)\\min_{j=1,2}Q_{\\phi_{\\text{targ},j}}(s', a')`` as
  Spinning Up writes it: ``\\min_{i=1,2}`` (a listed range of consecutive values) was refused, and a critic
  ``Q_{\\phi_i}`` whose parameters carry the index is member i of a family of functions (``function-family``).
- A forum post's ``z_j^l is \\sum_j a_j^{l-1} w_{jk}^l + b_j^l`` was read as the product i·s·z_j^l·(...): the word
  ``is`` standing alone in a statement with no relation is its ``=`` (``prose-is``).
"""

from __future__ import annotations

import numpy as np
import pytest
import sympy

import symdl
from tests.real_sources import assert_reads_as

RNG = np.random.default_rng(2803)
W, X, B = RNG.normal(size=(3, 4)), RNG.normal(size=4), RNG.normal(size=3)

GRADIENT_BY_PARAMETER = [
    ("log-derivative-trick", "OpenAI Spinning Up, 'Deriving the simplest policy gradient'",
     r"g = \nabla_{\theta}\pi_{\theta}(\tau)", "tau", "theta"),
    ("vae-encoder", "Kingma & Welling (2014), the encoder q_phi's gradient by phi",
     r"g = \nabla_{\phi} q_{\phi}(z)", "z", "phi"),
]


@pytest.mark.parametrize(("source", "latex", "argument", "by"), [c[1:] for c in GRADIENT_BY_PARAMETER],
                         ids=[c[0] for c in GRADIENT_BY_PARAMETER])
def test_gradient_by_a_networks_parameter_keeps_its_argument(source: str, latex: str, argument: str, by: str) -> None:
    rhs = symdl.parse(latex).statements[0].rhs
    (d,) = rhs.atoms(sympy.Derivative)
    assert [str(v) for v in d.variables] == [by]
    (call,) = d.expr.atoms(sympy.core.function.AppliedUndef)
    assert [str(a) for a in call.args] == [argument]


def test_derivative_by_an_entry_still_makes_the_function_of_it() -> None:
    """Must not change: ∂/∂θ_j J(θ) is J as a function of θ_j (the entry of its argument)."""
    rhs = symdl.parse(r"g = \frac{\partial}{\partial \theta_j} J(\theta)").statements[0].rhs
    (d,) = rhs.atoms(sympy.Derivative)
    assert str(d.expr) == "J(theta[j])"


PROSE_IS = [
    ("forum-neuron", "a forum question's pre-activation, typed in a sentence",
     r"y_j is \sum_k W_{jk} x_k + b_j", {"W": W, "x": X, "b": B}, W @ X + B, ["prose-is"]),
    # must not change: a where-clause after a relation; is inside a product with spaces
    ("where-clause-kept", "d2l: y = Wx where W is a matrix (prose after the formula)",
     r"y = W_{jk} x_k where W is a matrix", {"W": W, "x": X}, W @ X, None),
]


@pytest.mark.parametrize(("source", "latex", "inputs", "want", "rules"), [c[1:] for c in PROSE_IS],
                         ids=[c[0] for c in PROSE_IS])
def test_prose_is_against_numpy(source: str, latex: str, inputs: dict, want: object, rules: list | None) -> None:
    formula = symdl.parse(latex)
    if rules is None:
        assert "prose-is" not in [n.rule for n in formula.notes]
        return
    assert_reads_as(formula, inputs, want, rules)


THETA = RNG.normal(size=7)
RMS_ROWS = [
    ("adafactor-relative-step", "PyTorch docs, Adafactor: alpha_t from the RMS of the previous parameters",
     r"\alpha_t \leftarrow \max(\epsilon_2, \text{RMS}(\theta_{t-1}))\rho_t",
     {r"\epsilon_2": 1e-3, r"\theta_{t-1}": THETA, r"\rho_t": 0.01}, max(1e-3, np.sqrt(np.mean(THETA**2))) * 0.01),
    ("rms-latin-kept", "Adafactor's RMS(U_t) of a Latin capital (must not change)", r"r = \text{RMS}(U)",
     {"U": RNG.normal(size=(3, 4))}, None),
]


@pytest.mark.parametrize(("source", "latex", "inputs", "want"), [c[1:] for c in RMS_ROWS], ids=[c[0] for c in RMS_ROWS])
def test_rms_of_a_name_is_of_an_array(source: str, latex: str, inputs: dict, want: float | None) -> None:
    formula = symdl.parse(latex)
    if want is None:
        want = np.sqrt(np.mean(next(iter(inputs.values())) ** 2))
    assert_reads_as(formula, inputs, want, [n.rule for n in formula.notes])


PER_TRAJECTORY = [
    ("reward-to-go", "Spinning Up, 'Don't let the past distract you': reward-to-go under the trajectories' sum",
     r"g = \sum_{\tau\in\mathcal{D}}\sum_{t=0}^T a_t \sum_{k=t}^T r_k", {"a": 2, "r": 2}),
    ("reward-to-go-gradient", "Spinning Up, eq. for the simplest policy gradient with reward-to-go and a baseline",
     r"\hat{g} = \frac{1}{|\mathcal{D}|}\sum_{\tau\in\mathcal{D}}\sum_{t=0}^T \nabla_\theta\log\pi_\theta(a_t|s_t)"
     r"\left(\sum_{t'=t}^T R(s_{t'},a_{t'},s_{t'+1}) - b(s_t)\right)", {"a": 2, "s": 2}),
]


@pytest.mark.parametrize(("source", "latex", "dims"), [c[1:] for c in PER_TRAJECTORY],
                         ids=[c[0] for c in PER_TRAJECTORY])
def test_inner_sums_names_are_per_example_too(source: str, latex: str, dims: dict) -> None:
    """Every entry of the families named carries the trajectory's index (two indices), none one."""
    rhs = symdl.parse(latex).statements[0].rhs
    for name, n in dims.items():
        uses = [i for i in rhs.atoms(sympy.Indexed) if str(i.base) == name]
        assert uses and all(len(i.indices) == n for i in uses), (name, uses)


X3 = RNG.normal(size=(6, 6, 3))
POOL = [
    ("max-pool-channels", "a CNN lecture's max pooling with stride s over each channel c (session 28's set)",
     r"y_{i,j,c} = \max_{0\le m,n < k} x_{s i + m,\, s j + n,\, c}", np.max),
    ("avg-pool-channels", "the same notes' average pooling", r"y_{i,j,c} = \frac{1}{k^2}\sum_{m=0}^{k-1}\sum_{n=0}^{k-1} "
     r"x_{s i + m,\, s j + n,\, c}", np.mean),
]


@pytest.mark.parametrize(("source", "latex", "reduce"), [c[1:] for c in POOL], ids=[c[0] for c in POOL])
def test_pooling_over_channels_against_numpy(source: str, latex: str, reduce: object) -> None:
    formula = symdl.parse(latex)
    assert "subscript-label" not in [n.rule for n in formula.notes]
    want = np.array([[[reduce(X3[2 * i : 2 * i + 2, 2 * j : 2 * j + 2, c]) for c in range(3)] for j in range(3)]
                     for i in range(3)])
    assert_reads_as(formula, {"x": X3, "s": 2, "k": 2}, want, [n.rule for n in formula.notes])


XR, WR, AR, BR = RNG.normal(size=(1, 5)), RNG.normal(size=(5, 4)), RNG.normal(size=(5, 2)), RNG.normal(size=(2, 4))
LORA = [
    ("lora-rows", "Hu et al. (2021), LoRA in row-vector form as libraries write it",
     r"\mathbf{y} = \mathbf{x}W + \frac{\alpha}{r}\mathbf{x}AB",
     {r"\mathbf{x}": XR, "W": WR, "A": AR, "B": BR, r"\alpha": 16.0, "r": 2.0}, XR @ WR + 8.0 * XR @ AR @ BR),
    ("count-kept", "must not change: a count letter after a bold row stays a number",
     r"\mathbf{y} = \mathbf{x}W + \mathbf{x} N", {r"\mathbf{x}": XR, "W": RNG.normal(size=(5, 5)), "N": 3.0}, None),
]


@pytest.mark.parametrize(("source", "latex", "inputs", "want"), [c[1:] for c in LORA], ids=[c[0] for c in LORA])
def test_capitals_after_a_bold_row_against_numpy(source: str, latex: str, inputs: dict, want: object) -> None:
    formula = symdl.parse(latex)
    if want is None:
        want = inputs[r"\mathbf{x}"] @ inputs["W"] + 3.0 * inputs[r"\mathbf{x}"]
    assert_reads_as(formula, inputs, want, [n.rule for n in formula.notes])


V1, V2 = RNG.normal(size=6), RNG.normal(size=6)
SINGLE_BAR = [
    ("l2-single-bars", "a blog's Euclidean distance typed with single bars", r"n = |\mathbf{x} - \mathbf{y}|_2",
     {r"\mathbf{x}": V1, r"\mathbf{y}": V2}, np.linalg.norm(V1 - V2), ["single-bar-norm"]),
    ("lp-single-bars", "a p-norm typed with single bars", r"n = |\mathbf{x} - \mathbf{y}|_p",
     {r"\mathbf{x}": V1, r"\mathbf{y}": V2, "p": 3.0}, np.sum(np.abs(V1 - V2) ** 3) ** (1 / 3), ["single-bar-norm"]),
    ("abs-kept", "must not change: |x| with no subscript is the absolute value", r"n = |a - b|",
     {"a": 0.3, "b": 1.1}, 0.8, []),
]


@pytest.mark.parametrize(("source", "latex", "inputs", "want", "rules"), [c[1:] for c in SINGLE_BAR],
                         ids=[c[0] for c in SINGLE_BAR])
def test_single_bar_norm_against_numpy(source: str, latex: str, inputs: dict, want: float, rules: list) -> None:
    assert_reads_as(symdl.parse(latex), inputs, want, rules)


def _critic(i: object, s: object, a: object) -> object:
    return (np.asarray(i) * 1.5 - 2.0) * s + a


CLIPPED_Q = [
    ("td3-target", "Fujimoto et al. (2018), TD3's clipped double-Q target (Spinning Up's notation)",
     r"y = r + \gamma \min_{i=1,2} Q_{\phi_i}(s, a)", r"Q_{\phi_i}",
     0.5 + 0.9 * min(_critic(1, -2.0, 1.0), _critic(2, -2.0, 1.0))),
    ("listed-range", "a min over a listed range of a family member's entries", r"y = r + \gamma \min_{j=1,2} q_j",
     None, 0.5 + 0.9 * min(0.3, -0.7)),
]


@pytest.mark.parametrize(("source", "latex", "function", "want"), [c[1:] for c in CLIPPED_Q], ids=[c[0] for c in CLIPPED_Q])
def test_min_over_listed_values_against_numpy(source: str, latex: str, function: str | None, want: float) -> None:
    formula = symdl.parse(latex)
    inputs = {"r": 0.5, r"\gamma": 0.9, **({"s": -2.0, "a": 1.0} if function else {"q": np.array([0.3, -0.7])})}
    rules = [n.rule for n in formula.notes]
    assert ("function-family" in rules) == bool(function)
    assert_reads_as(formula, inputs, want, rules, functions={function: _critic} if function else None)


def test_an_instruction_line_is_a_statement_of_its_own() -> None:
    """SAC's pseudo-code (session 28's set): 'minimize Σ_i (Q_i(s,a) - y)^2' on its own line was joined to the line
    above and multiplied into y's target as a name 'minimize' (silent); a line that starts with minimize or maximize
    is a statement of its own, whose word is the objective's (objective-word)."""
    f = symdl.parse("a' ~ π_θ(·|s') ; y = r + γ (min_i Q_i(s',a') - α log π_θ(a'|s'))\nminimize Σ_i (Q_i(s,a) - y)^2")
    assert len(f.statements) == 2 and "minimize" not in str(f.statements[0].rhs)
    assert "objective-word" in [n.rule for n in f.notes]



@pytest.mark.parametrize(("latex", "outside"), [
    (r"g = \sum_t \nabla_\theta\log\pi_\theta(a_t|s_t)\left(G_t - b(s_t)\right)", "G"),
    (r"g = \nabla_\theta \log p(x) (y - 1)", "y"),
], ids=["policy-gradient-weight", "weight-after-a-call"])
def test_a_gradient_stops_at_its_closed_call(latex: str, outside: str) -> None:
    """Spinning Up's policy gradient (session 28's set): ∇_θ log π_θ(a_t|s_t) (G_t − b(s_t)) took the gradient of the
    whole product (silent); a call already closed ends the gradient's operand, the parenthesis after it multiplies.
    ∇_θ J (θ), a name and its arguments after a space, keeps its reading."""
    rhs = symdl.parse(latex).statements[0].rhs
    (d,) = rhs.atoms(sympy.Derivative)
    assert outside not in str(d.expr) and outside in str(rhs)
    assert "J(theta)" in str(symdl.parse(r"g = \nabla_\theta J (\theta)").statements[0].rhs)


@pytest.mark.parametrize(("latex", "noted"), [
    (r"z_j = \sum_j a_j w_{jk} + b_j", True),
    (r"p_i = \frac{e^{z_i}}{\sum_j e^{z_j}}", False),
    (r"y_i = \sum_k W_{ik} x_k", False),
], ids=["sum-over-the-left-index", "softmax-kept", "matrix-row-kept"])
def test_a_sum_over_the_left_sides_index_is_noted(latex: str, noted: bool) -> None:
    """A forum post's z_j^l is \\sum_j a_j^{l-1} w_{jk}^l + b_j^l (session 28's set, silent): the sum runs over the
    left side's own j, read as written and noted (sum-over-left-index); sums over other letters are not."""
    rules = [n.rule for n in symdl.parse(latex).notes]
    assert ("sum-over-left-index" in rules) == noted
