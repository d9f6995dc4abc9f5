"""Silent misreadings of session 22, each fixed by a rule for its class (issue 12).

- ``\\!`` (a negative thin space that only tightens the type) between a function and its parenthesis keeps the call
  (Kipf & Welling's ``\\sigma\\!\\left(\\tilde{A} H W\\right)``: it was σ times the product);
- ``\\max`` or ``\\min`` of one value with no index under it (DQN's target ``r + \\gamma \\max Q(s', a')``) is refused:
  SymPy's Max of one argument is that argument, so the max vanished;
- ``\\max``/``\\min`` of a family's numbers listed with dots (``\\max\\{x_1, \\ldots, x_n\\}``) is the max over the
  run (it was SymPy's Max of one symbol standing for the run);
- a product over a family that ends at t bounds its member at t as a sum does (``member-at-sum-bound``: DDPM's
  ``\\alpha_t`` beside ``\\bar{\\alpha}_t = \\prod_{i=1}^{t} \\alpha_i`` was a name of its own, so the product and the
  definition were unrelated);
- ``minimize`` (bare or ``\\text{minimize}``) with nothing under it at the start of a statement is the instruction to
  optimise what follows, set aside and noted (TD3/SAC algorithm boxes' ``minimize \\sum_i (Q_i(s,a) - y)^2``: the word
  multiplied the sum);
- a function name runs on through the digits written right after it (MobileNet's ``relu6(x)``: it was relu(6)·x = 6x);
- a term after nested sums joins the innermost trailing sum whose index it uses (see tests/test_read_precedence.py).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

import symdl
from symdl.errors import NotSupported

RNG = np.random.default_rng(22)
X = RNG.normal(size=5) * 4

# (id, source, latex, arguments, the value plain numpy gives for the meaning the source has)
VALUES: list[tuple[str, str, str, dict[str, Any], Any]] = [
    ("sigma-tight-paren", "GCN layer typeset with \\! (Kipf & Welling 2017, as many papers write it)",
     r"y = \sigma\!\left(x\right)", {"x": 0.7}, 1 / (1 + np.exp(-0.7))),
    ("tanh-tight-paren", "an RNN cell typeset with \\!", r"h = \tanh\!\big(w x + b\big)", {"w": 0.5, "x": 1.5, "b": -0.2},
     np.tanh(0.5 * 1.5 - 0.2)),
    ("exp-tight-paren", "a Gaussian kernel typeset with \\!", r"k = \exp\!\left(-x^2 / 2\right)", {"x": 1.2},
     np.exp(-0.72)),
    ("relu6", "MobileNetV2 (Sandler et al. 2018), ReLU6 as code writes it", r"y = relu6(x)", {"x": X},
     np.minimum(np.maximum(X, 0), 6)),
    ("relu6-spaced", "ReLU6 with a space before its parenthesis", r"y = relu6 (x)", {"x": X},
     np.minimum(np.maximum(X, 0), 6)),
    ("hardswish-code", "PyTorch docs, torch.nn.Hardswish: x * ReLU6(x + 3) / 6", r"h = x * relu6(x + 3) / 6",
     {"x": X}, X * np.minimum(np.maximum(X + 3, 0), 6) / 6),
    ("hardswish-caps", "MobileNetV3 (Howard et al. 2019): h-swish[x] = x ReLU6(x+3)/6", r"h = x \cdot ReLU6(x+3)/6",
     {"x": X}, X * np.minimum(np.maximum(X + 3, 0), 6) / 6),
    ("max-of-listed-run", "Boyd & Vandenberghe 3.1.5: the largest of x_1, ..., x_n, listed with dots",
     r"y = \max\{x_1, \ldots, x_n\} - \min(x_1, \dots, x_n)", {"x": X, "n": 5}, X.max() - X.min()),
    ("number-after-word-stays", "a known function applied to a number with a space: relu 6 is relu(6)",
     r"y = relu 6 + x", {"x": 1.0}, 7.0),
]


@pytest.mark.parametrize(("latex", "args", "expected"), [c[2:] for c in VALUES], ids=[c[0] for c in VALUES])
def test_value(latex: str, args: dict[str, Any], expected: Any) -> None:
    f = symdl.parse(latex)
    got = symdl.lambdify(f)(**args)
    np.testing.assert_allclose(np.asarray(got, dtype=float), expected, rtol=1e-12)


REFUSED = [
    ("dqn-max-without-index", "DQN's target with the max's index left out (as slides often write it)",
     r"L = r + \gamma \max Q(s',a') - Q(s,a)", r"\max Q(s',a')"),
    ("max-of-abs-number", "the max of one number's absolute value", r"y = \max(|x|)", r"\max(|x|)"),
    ("min-of-one-call", "a min of one call, its index left out", r"V = \min J(\theta)", r"\min J(\theta)"),
]


@pytest.mark.parametrize(("latex", "span_text"), [c[2:] for c in REFUSED], ids=[c[0] for c in REFUSED])
def test_one_value_optimum_refused(latex: str, span_text: str) -> None:
    with pytest.raises(NotSupported) as err:
        symdl.parse(latex)
    assert "of one value, with no index under it" in str(err.value)
    assert latex[err.value.span.start : err.value.span.end] == span_text
    assert "_{a'}" in (err.value.hint or "")


KEPT = [
    # the readings next to the refused ones stay
    ("max-with-index", r"y = r + \gamma \max_{a'} Q(s', a')", "MaxOver"),
    ("max-of-two", r"y = \max(0, x)", "Max(0, x)"),
    ("max-of-vector", r"y = \max(\mathbf{x})", "MaxOver"),
    ("f-tight-paren", r"y = f\!\left(x\right)", "f(x)"),
]


@pytest.mark.parametrize(("latex", "shown"), [c[1:] for c in KEPT], ids=[c[0] for c in KEPT])
def test_optimum_readings_kept(latex: str, shown: str) -> None:
    (st,) = symdl.parse(latex).statements
    assert shown in str(st.rhs)


# (id, source, latex, {name: "IndexedBase" or "Symbol"}, the notes' rules)
ENTRIES = [
    ("ddpm-alpha-bar", "Ho et al. 2020 (DDPM), eq. 4's notation: alpha_t := 1 - beta_t, bar-alpha_t the product",
     r"\alpha_t = 1 - \beta_t, \quad \bar{\alpha}_t = \prod_{i=1}^{t} \alpha_i",
     {r"\alpha": "IndexedBase", r"\beta_t": "Symbol"}, ["member-at-sum-bound"]),
    ("unrolled-ema", "Kingma & Ba 2015, the unrolled EMA m_t = (1 - beta) sum_i beta^{t-i} g_i beside its step",
     r"m_t = \beta m_{t-1} + (1-\beta) g_t, \quad m_t = (1-\beta)\sum_{i=1}^{t} \beta^{t-i} g_i",
     {"g": "IndexedBase", "m_t": "Symbol", "m_{t-1}": "Symbol"}, ["member-at-sum-bound"]),
    ("step-stays-label", "an EMA alone: m_t and m_{t-1} are steps, no sum over m",
     r"m_t = \beta m_{t-1} + (1-\beta) g_t", {"m_t": "Symbol", "g_t": "Symbol"}, []),
]


@pytest.mark.parametrize(("latex", "kinds", "rules"), [c[2:] for c in ENTRIES], ids=[c[0] for c in ENTRIES])
def test_time_step_entries(latex: str, kinds: dict[str, str], rules: list[str]) -> None:
    f = symdl.parse(latex)
    assert {k: type(f.symbols[k]).__name__ for k in kinds} == kinds
    assert sorted({n.rule for n in f.notes}) == rules


def test_ddpm_alpha_bar_value() -> None:
    f = symdl.parse(r"\alpha_t = 1 - \beta_t, \quad \bar{\alpha}_t = \prod_{i=1}^{t} \alpha_i")
    alpha = f.symbols[r"\alpha"]
    (t,) = f.statements[0].lhs.indices
    product = f.statements[1].rhs.subs(t, 4).doit()
    beta = np.array([0.1, 0.2, 0.3, 0.4])
    values = {alpha[k]: 1 - beta[k - 1] for k in range(1, 5)}
    assert float(product.subs(values)) == pytest.approx(np.prod(1 - beta), rel=1e-12)


OBJECTIVE_WORDS = [
    # (id, source, latex, the statement's right side in SymPy's form, the note's text or None)
    ("critic-box", "an actor-critic algorithm box (Fujimoto et al. 2018, TD3, Algorithm 1's critic update)",
     r"\text{minimize} \; \sum_i (y_i - w x_i)^2", "Sum((-w*x[i] + y[i])**2, (i, 1, N_y))", r"\text{minimize}"),
    ("bare-word", "the same written without \\text (a forum answer)", r"minimize \sum_i (y_i - w x_i)^2",
     "Sum((-w*x[i] + y[i])**2, (i, 1, N_y))", "minimize"),
    ("maximize-likelihood", "maximum likelihood stated in words (Goodfellow et al. 5.5)", r"\mathrm{maximize}\ \log p(x)",
     "log(p(x))", r"\mathrm{maximize}"),
    ("word-as-value", "a word on the right of '=' stays a name", r"y = minimize", "minimize", None),
]


@pytest.mark.parametrize(("latex", "rhs", "noted"), [c[2:] for c in OBJECTIVE_WORDS],
                         ids=[c[0] for c in OBJECTIVE_WORDS])
def test_objective_word(latex: str, rhs: str, noted: str | None) -> None:
    f = symdl.parse(latex)
    (st,) = f.statements
    assert str(st.rhs) == rhs
    found = [latex[n.span.start : n.span.end] for n in f.notes if n.rule == "objective-word"]
    assert found == ([noted] if noted else [])
