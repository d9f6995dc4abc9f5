"""Refusals of session 23 with a documented reading (issue 12): notation real pastes use, now read by a rule for its
class, noted where it guesses.

- a parenthesis right after ``^`` in plain-text and Unicode pastes is the superscript's group
  (``paren-superscript``): ``e^(-x)`` the power, ``x^(i)`` / ``H^(l+1)`` the parenthesised label;
- typed ``<=`` inside ``P(...)`` is ``\\le`` (``event-probability``: the PyTorch docs' GELU ``x * P(X <= x)``);
- a name wrapper around one relation or one font letter is what it wraps (``\\mathop{\\mathrm{\\triangleq}}``,
  ``\\mathop{\\mathrm{\\mathcal{C}}}``); colour commands are dropped (``{\\color{red} x}``);
- ``softmax(x, dim=1)`` is the softmax over the class axis (``code-softmax-class-axis``), ``.transpose(-2, -1)``
  the transpose (``code-transpose-axes``).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

import symdl
from symdl.errors import InvalidInput, NotSupported

RNG = np.random.default_rng(23)
X = RNG.normal(size=5)


def _sig(v: Any) -> Any:
    return 1 / (1 + np.exp(-v))


# (id, source, latex, arguments, the value plain numpy gives, the notes' rules in order)
VALUES: list[tuple[str, str, str, dict[str, Any], Any, list[str]]] = [
    ("exp-neg", "a forum paste of the sigmoid's e^(-x)", r"y = e^(-x)", {"x": X}, np.exp(-X), ["paren-superscript"]),
    ("exp-unicode-minus", "a Unicode paste with U+2212", "y = e^(\u2212x)", {"x": X}, np.exp(-X),
     ["paren-superscript"]),
    ("sigmoid-plain", "the logistic sigmoid as Wikipedia's plain text writes it: σ(x) = 1/(1 + e^(-x))",
     "\u03c3(x) = 1/(1 + e^(-x))", {"x": X}, _sig(X), ["paren-superscript"]),
    ("sigmoid-frac", "the sigmoid half in TeX, half pasted", r"\sigma(x) = \frac{1}{1+e^(-x)}", {"x": X}, _sig(X),
     ["paren-superscript"]),
    ("gaussian-exponent", "a Gaussian kernel pasted as plain text", r"k = e^(-x^2/2)", {"x": X}, np.exp(-X**2 / 2),
     ["paren-superscript"]),
    ("sqrt-and-square", "powers of a number and a bracket in plain text", r"y = x^(1/2) + (x+1)^(2)",
     {"x": np.abs(X)}, np.sqrt(np.abs(X)) + (np.abs(X) + 1) ** 2, ["paren-superscript"] * 2),
    ("degree-normalisation", "Kipf & Welling's D^(-1/2) for a scalar degree, pasted", r"y = D^(-1/2) x",
     {"D": 4.0, "x": X}, X / 2, ["paren-superscript"]),
    ("number-base", "2^(n): a number's superscript is its power", r"y = 2^(n)", {"n": 3.0}, 8.0,
     ["paren-superscript"]),
    ("gelu-typed", "PyTorch docs, torch.nn.GELU: GELU(x) = x * P(X <= x) (the CDF left unknown, given here)",
     r"y = x * P(X <= x)", {"x": X, "F_X": _sig}, X * _sig(X), ["event-probability"]),
    ("triangleq-mathop", "a blog paste of d2l's definition sign: \\mathop{\\mathrm{\\triangleq}}",
     r"f(x) \mathop{\mathrm{\triangleq}} x^2", {"x": X}, X**2, []),
    ("color-switch", "lecture slides colouring a term: {\\color{red} x}", r"y = {\color{red} x} + 1", {"x": X}, X + 1,
     []),
    ("color-command", "\\color{red}{x}", r"y = \color{red}{x} + 1", {"x": X}, X + 1, []),
    ("textcolor", "\\textcolor{blue}{w x}", r"y = \textcolor{blue}{w x} + b", {"w": 2.0, "x": X, "b": 0.5},
     2 * X + 0.5, []),
]


@pytest.mark.parametrize(("latex", "args", "expected", "rules"), [c[2:] for c in VALUES], ids=[c[0] for c in VALUES])
def test_value(latex: str, args: dict[str, Any], expected: Any, rules: list[str]) -> None:
    f = symdl.parse(latex)
    functions = {"functions": {"F_X": args["F_X"]}} if "F_X" in args else {}  # the CDF symdl leaves unknown
    got = symdl.lambdify(f, **functions)(**{k: v for k, v in args.items() if k in f.symbols})
    np.testing.assert_allclose(np.asarray(got, dtype=float), expected, rtol=1e-12)
    assert [n.rule for n in f.notes] == rules


# (id, source, latex, the same formula written in TeX, the rules the paste adds)
SAME_AS_TEX = [
    ("ng-sample", "Ng's CS229 notes pasted: x^(i), the i-th training example", r"y = x^(i) + 1", r"y = x^{(i)} + 1",
     ["paren-superscript"]),
    ("ng-layers", "Ng's deep learning notes pasted: a^(l) = σ(W^(l) a^(l-1) + b^(l))",
     r"a^(l) = \sigma(W^(l) a^(l-1) + b^(l))", r"a^{(l)} = \sigma(W^{(l)} a^{(l-1)} + b^{(l)})",
     ["paren-superscript"] * 4),
    ("gcn-layer", "Kipf & Welling 2017 eq. 2 pasted: H^(l+1) = σ(D̂^(-1/2) Â D̂^(-1/2) H^l W^l)",
     "H^(l+1) = \u03c3(D\u0302^(-1/2) A\u0302 D\u0302^(-1/2) H^l W^l)",
     r"H^{(l+1)} = \sigma(\hat{D}^{-1/2} \hat{A} \hat{D}^{-1/2} H^l W^l)", ["paren-superscript"] * 3),
    ("mathop-set", "a sum over a set wrapped twice: \\sum_{c\\in \\mathop{\\mathrm{\\mathcal{C}}}}",
     r"y = \sum_{c\in \mathop{\mathrm{\mathcal{C}}}} x_c", r"y = \sum_{c\in \mathcal{C}} x_c", []),
    ("softmax-dim1", "PyTorch docs: torch.softmax(input, dim=1) on (batch, classes) logits",
     r"p = torch.softmax(z, dim=1)", r"p = torch.softmax(z, dim=-1)", []),
    ("softmax-dim1-method", "PyTorch: logits.softmax(dim=1)", r"p = z.softmax(dim=1)", r"p = z.softmax(dim=-1)", []),
    ("key-transpose", "attention code (minGPT, the Annotated Transformer): q @ key.transpose(-2, -1)",
     r"s = Q @ K.transpose(-2, -1)", r"s = Q @ K.T", ["code-transpose-axes"]),
    ("key-transpose-swapped", "the same axes written the other way round", r"s = Q @ K.transpose(-1, -2)",
     r"s = Q @ K.T", ["code-transpose-axes"]),
]


@pytest.mark.parametrize(("latex", "tex", "added"), [c[2:] for c in SAME_AS_TEX], ids=[c[0] for c in SAME_AS_TEX])
def test_same_as_tex(latex: str, tex: str, added: list[str]) -> None:
    f, g = symdl.parse(latex), symdl.parse(tex)
    assert [str(s.rhs) for s in f.statements] == [str(s.rhs) for s in g.statements]
    rules = [n.rule for n in f.notes]
    for rule in set(added):
        assert rules.count(rule) == added.count(rule) + [n.rule for n in g.notes].count(rule)


def test_softmax_axis_notes() -> None:
    assert "code-softmax-class-axis" in {n.rule for n in symdl.parse(r"p = torch.softmax(z, dim=1)").notes}
    assert "code-softmax-axis" in {n.rule for n in symdl.parse(r"p = torch.softmax(z, dim=-1)").notes}


def test_transpose_value() -> None:
    f = symdl.parse(r"s = Q @ K.transpose(-2, -1)")
    q, k = RNG.normal(size=(3, 4)), RNG.normal(size=(5, 4))
    (st,) = f.statements
    names = {str(s): s for s in st.rhs.free_symbols}
    got = symdl.lambdify(st.rhs, [names["Q"], names["K"]])(q, k)
    np.testing.assert_allclose(np.asarray(got, dtype=float), q @ k.T, rtol=1e-12)


# near misses: (id, source, latex, error class, a phrase of the message)
REFUSED = [
    ("random-draw", "a uniform draw in code (normal draws are read since session 26)", r"x = np.random.rand(n)",
     NotSupported, "np.random.rand"),
    ("softmax-batch-axis", "a softmax over the batch axis, dim=0", r"p = torch.softmax(z, dim=0)", NotSupported,
     "dim="),
    ("transpose-other-axes", "a transpose of two leading axes of a batch (0, 1 is a matrix's, session 32)",
     r"s = K.transpose(1, 2)", NotSupported, ".transpose(1, 2)"),
    ("greater-equal-event", "P(X >= x) stays refused, as P(X \\ge x) is", r"y = P(X >= x)", NotSupported,
     "inequalit"),
    ("paren-subscript", "a parenthesis after _ stays refused", r"y = x_(i)", InvalidInput, "not a bracket"),
]


@pytest.mark.parametrize(("latex", "error", "phrase"), [c[2:] for c in REFUSED], ids=[c[0] for c in REFUSED])
def test_refused(latex: str, error: type[Exception], phrase: str) -> None:
    with pytest.raises(error) as err:
        symdl.parse(latex)
    assert phrase in str(err.value)


# readings next to the new ones that must not change: (id, latex, the statement's right side)
KEPT = [
    ("braced-label", r"y = x^{(i)} + 1", "x[i] + 1"),
    ("code-power", r"y = decay_rate ^ (step / decay_steps)", "decay_rate**(step/decay_steps)"),
    ("tex-le", r"y = x P(X \le x)", "x*F_X(x)"),
    ("plain-exp", r"y = e^{-x}", "exp(-x)"),
    ("argmax-mathop", r"y = \mathop{\mathrm{argmax}}_x f(x)", "argmax"),
    ("mathop-expectation", r"y = \mathop{\mathbb{E}}_{x}[x^2]", "E_{x}"),
]


@pytest.mark.parametrize(("latex", "shown"), [c[1:] for c in KEPT], ids=[c[0] for c in KEPT])
def test_kept(latex: str, shown: str) -> None:
    (st,) = symdl.parse(latex).statements
    assert shown in str(st.rhs)
