"""Held-out formulas misread or refused with a misleading message: prose connectives between statements (d2l's
``\\textrm{ or equivalently }``), increments of wrapped names (Nielsen's ``\\Delta \\mbox{output}``), runs of letters
that are names in code and the PyTorch docs (``kH``, ``mu``, ``x_ahead``), and notations that were refused by the
wrong obstacle (``(x)^+``, ``{loss}(x, y)``, ``D_{KL}(p||q)``, ``\\hspace`` between statements, ``\\nabla E(\\mathbf{w})``).
Each reading is checked against plain numpy with its notes; each refusal by its class and words."""

from __future__ import annotations

import numpy as np
import pytest

import symdl
from symdl.errors import NotSupported
from tests.real_sources import assert_reads_as

RNG = np.random.default_rng(21)
V2, U2, V3, U3 = RNG.normal(size=2), RNG.normal(size=2), RNG.normal(size=3), RNG.normal(size=3)
XAVIER = (r"\frac{1}{2} (n_\textrm{in} + n_\textrm{out}) \sigma^2 = 1 \textrm{ or equivalently } "
          r"\sigma = \sqrt{\frac{2}{n_\textrm{in} + n_\textrm{out}}}")
NIELSEN = (r"\Delta \mbox{output} \approx \sum_j \frac{\partial \, \mbox{output}}{\partial w_j} \Delta w_j + "
           r"\frac{\partial \, \mbox{output}}{\partial b} \Delta b")
DOUT_DB = r"\frac{\partial\,\mbox{output}}{\partialb}"

# (id, formula, inputs, numpy value (of a system: its last statement), note rules)
CASES = [
    ("d2l-xavier-or-equivalently", XAVIER, {r"n_\textrm{in}": 3.0, r"n_\textrm{out}": 5.0}, np.sqrt(2 / 8), []),
    ("ie-between-statements", r"y = 2 x \text{ i.e. } z = y + 1", {"x": V3}, 2 * V3 + 1, []),
    ("and-thus-between-quads", r"a = x + 1 \quad \text{and thus} \quad b = 2 a", {"x": V3}, 2 * (V3 + 1), []),
    ("so-in-mbox", r"a = x^2 \mbox{ so } b = a + x", {"x": V3}, V3**2 + V3, []),
    ("hence-then-prose-only", r"y = 2x \text{ hence }", {"x": V3}, 2 * V3, ["prose-clause"]),
    ("words-of-a-name-noted", r"y = \text{learning rate} \cdot x", {r"\text{learning rate}": 0.1, "x": V3}, 0.1 * V3,
     ["text-words"]),
    ("nielsen-delta-of-a-wrapped-word", r"\Delta \mbox{output} \approx \frac{\partial \, \mbox{output}}{\partial b} \Delta b",
     {"b": 0.3, DOUT_DB: 2.0, r"\Delta b": V3}, 2.0 * V3, ["approx-as-equals"]),
    ("delta-of-text-word", r"\Delta \text{loss} = 2 \Delta w", {r"\Delta w": V3}, 2 * V3, []),
    ("d-of-text-word", r"d\text{loss} = 2 dw", {"dw": V3}, 2 * V3, []),
    ("pytorch-kernel-sizes", r"y = \frac{q}{kH * kW}", {"q": V3, "kH": 2.0, "kW": 3.0}, V3 / 6, ["case-name", "case-name"]),
    ("lower-then-capital-once-is-a-product", r"y = xW + b", {"x": V2, "W": np.outer(U2, V3), "b": U3},
     V2 @ np.outer(U2, V3) + U3, ["vector-row", "letters-product", "bias-row"]),  # d2l's linear layer, a row xW + b
    ("cs231n-nesterov-lookahead", r"x_ahead = x + mu * v", {"x": V3, "mu": 0.9, "v": U3}, V3 + 0.9 * U3,
     ["word-subscript", "greek-word"]),
    ("code-learning-rate", r"w = w - learning_rate * g", {"w": V3, "learning_rate": 0.1, "g": U3}, V3 - 0.1 * U3,
     ["word-name"]),  # one snake_case name (it was the word learning labelled rate: the same value)
    ("mu-in-tex-is-letters-noted", r"\frac{mu}{2}", {"m": 2.0, "u": 3.0}, 3.0, ["letters-product"]),
    ("two-letters-stay-a-product", r"ab + 2xy", {"a": 2.0, "b": 3.0, "x": V3, "y": U3}, 6.0 + 2 * V3 * U3, []),
    ("two-letter-index-subscript-stays-tex", r"\sum_i x_ij", {"x": V3, "j": 2.0}, V3.sum() * 2.0, []),
    ("relu-positive-part-superscript", r"\text{ReLU}(x) = (x)^+ = \max(0, x)", {"x": V3}, np.maximum(0, V3),
     ["positive-part"]),
    ("positive-part-of-a-difference", r"(x - 1)^+ + 1", {"x": V3}, np.maximum(0, V3 - 1) + 1, ["positive-part"]),
    ("braced-name-applied", r"{loss}(x, y) = \frac{1}{n} \sum_i |x_i - y_i|", {"x": V3, "y": U3, "n": 3.0},
     np.abs(V3 - U3).mean(), []),
    ("braced-two-letters-stay-a-product", r"{ab}(x + 1)", {"a": 2.0, "b": 3.0, "x": V3}, 6.0 * (V3 + 1), []),
]


@pytest.mark.parametrize(("latex", "inputs", "want", "rules"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_reads_as_meant(latex: str, inputs: dict, want: object, rules: list[str]) -> None:
    assert_reads_as(symdl.parse(latex), inputs, want, rules)


# (id, formula, statements as (kind, left side, right side)): what is kept where no value can be computed
STATEMENTS = [
    ("xavier-keeps-equals-one", XAVIER, [("equation", "sigma**2*(n_{in} + n_{out})/2", "1"),
                                ("assignment", "sigma", "sqrt(2)*sqrt(1/(n_{in} + n_{out}))")]),
    ("hspace-arrow-separates", r"f(x,y) = x y \hspace{0.5in} \rightarrow \hspace{0.5in} \frac{\partial f}{\partial x} = y",
     [("definition", "f(x, y)", "x*y"), ("equation", "Derivative(f(x, y), x)", "y")]),
    ("implies-separates", r"a = 2 \Rightarrow b = a + 1", [("assignment", "a", "2"), ("assignment", "b", "a + 1")]),
    ("nielsen-arrow-stays-an-update", r"w \rightarrow w' = w - \eta g", [("update", "w", "-eta*g + w")]),
    ("kl-two-bars", r"D_{KL}(p||q)", [("expression", "None", "D_{KL}(p, q)")]),
    ("kl-two-bars-after-a-conditional", r"D_{KL}(q(z|x) || p(z))", [("expression", "None", "D_{KL}(q(z, x), p(z))")]),
    ("kl-escaped-bar-after-a-conditional", r"D_{KL}(q(z|x) \| p(z))", [("expression", "None", "D_{KL}(q(z, x), p(z))")]),
    ("nielsen-increment-is-one-name", NIELSEN,
     [("assignment", "Deltaoutput", "Deltab*Derivative(output(b), b) + Sum(Derivative(output(w[j]), w[j])*Deltaw[j], (j, 1, N_w))")]),
    ("avgpool-kernel-sizes", r"out(N_i, C_j, h, w) = \frac{1}{kH * kW} \sum_{m=0}^{kH-1} \sum_{n=0}^{kW-1} "
     r"input(N_i, C_j, stride[0] \times h + m, stride[1] \times w + n)",  # stride[0]: an entry (s22 rwords)
     [("definition", "out(N_i, C_j, h, w)", "Sum(input(N_i, C_j, h*stride_0 + m, n + stride_1*w), (n, 0, kW - 1), (m, 0, kH - 1))/(kH*kW)")]),
]


@pytest.mark.parametrize(("latex", "statements"), [c[1:] for c in STATEMENTS], ids=[c[0] for c in STATEMENTS])
def test_statements_read(latex: str, statements: list[tuple[str, str, str]]) -> None:
    f = symdl.parse(latex)
    assert [(st.kind, str(st.lhs), str(st.rhs)) for st in f.statements] == statements
    assert not any(n.rule == "text-words" for n in f.notes)  # no prose glued into a name


# (id, formula, error class, words in the message)
REFUSALS = [
    ("braced-name-real-obstacle", r"{loss}(x, y) = 1/n \sum |x_{ij} - y_{ij}|", NotSupported,
     r"\sum without an index"),
    ("plus-on-a-name-is-no-positive-part", r"y = x^+", NotSupported, "the superscript + on a name"),
]


@pytest.mark.parametrize(("latex", "cls", "message"), [c[1:] for c in REFUSALS], ids=[c[0] for c in REFUSALS])
def test_refused_by_the_real_obstacle(latex: str, cls: type, message: str) -> None:
    with pytest.raises(cls) as err:
        symdl.parse(latex)
    assert message in str(err.value)
    assert "tuple" not in str(err.value) and "unexpected '}'" not in str(err.value)
