"""Words typed as plain letters (the PyTorch docs' ``beta``, ``margin``, ``state\\_sum``) and functions of vectors
taken entry by entry (``\\max(0, W_1 x)``, ``\\mathbb{1}[W x + b > 0]``): each reading is a rule with its note,
checked against plain numpy; what stays ambiguous is refused with the spelling that reads it."""

from __future__ import annotations

import numpy as np
import pytest

import symdl
from symdl.errors import SymdlError
from tests.real_sources import assert_reads_as

RNG = np.random.default_rng(8)
V4, U4, S4 = RNG.normal(size=4), RNG.normal(size=4), RNG.uniform(0.1, 2.0, size=4)
W34, W23 = RNG.normal(size=(3, 4)), RNG.normal(size=(2, 3))

# (id, formula, shapes, inputs, numpy value, note rules)
CASES = [
    ("greek-name-typed-plainly", r"beta^2 + \beta", None, {r"\beta": 0.3}, 0.3**2 + 0.3, ["greek-word"]),
    ("greek-name-noted-once", r"\frac{x}{delta} + delta", None, {"x": V4, "delta": 2.0}, V4 / 2.0 + 2.0,
     ["greek-word"]),
    ("three-letter-greek-name", r"w - eta g", None, {"w": V4, "eta": 0.1, "g": U4}, V4 - 0.1 * U4, ["greek-word"]),
    ("word-beside-a-letter", r"\max(0, margin - x)", None, {"margin": 1.0, "x": V4}, np.maximum(0, 1.0 - V4),
     ["word-name"]),
    ("word-with-escaped-underscore-and-step", r"state\_sum_t \leftarrow state\_sum_{t-1} + g_t^2", None,
     {r"state\_sum_{t-1}": S4, "g_t": V4}, S4 + V4**2, ["word-name"]),
    ("wrapped-word-with-escaped-underscore-and-step", r"\text{state\_sum}_t = \text{state\_sum}_{t-1} + g_t^2", None,
     {r"\text{state\_sum}_{t-1}": S4, "g_t": V4}, S4 + V4**2, []),
    ("relu-of-a-layer", r"s = W_2 \max(0, W_1 x)", {"W_2": (2, 3), "W_1": (3, 4), "x": (4, 1)},
     {"W_2": W23, "W_1": W34, "x": V4[:, None]}, W23 @ np.maximum(0, W34 @ V4), ["max-elementwise"]),
    ("three-layer-relu-network", r"s = W_3 \max(0, W_2 \max(0, W_1 x))",
     {"W_3": (1, 2), "W_2": (2, 3), "W_1": (3, 4), "x": (4, 1)},
     {"W_3": np.ones((1, 2)), "W_2": W23, "W_1": W34, "x": V4[:, None]},
     np.ones((1, 2)) @ np.maximum(0, W23 @ np.maximum(0, W34 @ V4)), ["max-elementwise", "max-elementwise"]),
    ("min-clips-a-vector", r"\min(\mathbf{v}, c)", None, {r"\mathbf{v}": V4, "c": 0.2}, np.minimum(V4, 0.2),
     ["max-elementwise"]),
    ("indicator-of-a-vector", r"\mathbf{w} \odot \mathbb{1}[\mathbf{x} > \mathbf{y}]", None,
     {r"\mathbf{w}": S4, r"\mathbf{x}": V4, r"\mathbf{y}": U4}, S4 * (V4 > U4), []),
    ("indicator-of-a-layer", r"\mathbb{1}[\mathbf{W}\mathbf{x} + \mathbf{b} > 0]", None,
     {r"\mathbf{W}": W34, r"\mathbf{x}": V4, r"\mathbf{b}": U4[:3]}, (W34 @ V4 + U4[:3] > 0).astype(float), []),
    ("indicator-number-first", r"\mathbb{1}[0 \geq \mathbf{x}]", None, {r"\mathbf{x}": V4}, (V4 <= 0).astype(float),
     []),
    ("typed-greater-or-equal", r"\mathbb{1}(x>=0) x", None, {"x": np.array([-1.0, 0.0, 2.0])}, [0.0, 0.0, 2.0], []),
    ("typed-less-or-equal-in-cases", r"\begin{cases} x & x <= 1 \\ 1 & \text{otherwise} \end{cases}", None,
     {"x": np.array([0.5, 1.0, 3.0])}, [0.5, 1.0, 1.0], []),
    ("wrapped-name-after-a-comparison", r"\begin{cases} x & \text{if } x > \text{threshold} \\ 0 & \text{otherwise}"
     r"\end{cases}", None, {"x": V4, r"\text{threshold}": 0.1}, np.where(V4 > 0.1, V4, 0.0), []),
]


@pytest.mark.parametrize(("latex", "shapes", "inputs", "want", "rules"), [c[1:] for c in CASES],
                         ids=[c[0] for c in CASES])
def test_reads_as_meant(latex: str, shapes: dict | None, inputs: dict, want: object, rules: list[str]) -> None:
    assert_reads_as(symdl.parse(latex, shapes=shapes) if shapes else symdl.parse(latex), inputs, want, rules)


# (id, formula, the span's text, words in the note's alternative)
NOTES = [
    ("word", r"x + margin", "margin", "m a r g i n"),
    ("underscored-word", r"state\_sum_t", r"state\_sum", "s t a t e s u m"),
    ("greek", r"y = beta x", "beta", r"\text{beta}"),
    ("max-entrywise", r"\max(0, \mathbf{W}\mathbf{x})", r"\max(0, \mathbf{W}\mathbf{x})", r"\max_i z_i"),
]


@pytest.mark.parametrize(("latex", "spanned", "alternative"), [c[1:] for c in NOTES], ids=[c[0] for c in NOTES])
def test_note_spans_the_reading_and_names_the_other(latex: str, spanned: str, alternative: str) -> None:
    (n,) = symdl.parse(latex).notes
    assert latex[n.span.start : n.span.end] == spanned
    assert alternative in n.alternative


# (id, formula, lenient, words in the error): refused, with the spelling that reads it
REFUSALS = [
    ("command-without-backslash", r"\frac{a}{b} + frac{a}{b}", False, r"write \frac"),
    ("layout-command-without-backslash", r"x = left( y \right)", False, "closes nothing"),
    ("word-in-garbled-text", r"(s = beta s + (1- beta) dw^2 w = w - alpha fraud {dw} { sqrt s} )", True,
     "product of 5 letters"),
    ("max-of-two-vectors", r"\max(\mathbf{u}, \mathbf{v})", False, r"\max of vectors"),
    ("max-of-one-vector-expression", r"\max(W \mathbf{u})", False, r"\max_i z_i"),  # of a name: its largest entry
    ("cases-on-a-vector", r"\begin{cases} \mathbf{x} & \mathbf{x} > 0 \\ 0 & \text{otherwise} \end{cases}", False,
     "conditions on vectors"),
    ("predicate-in-words", r"\begin{cases} x & \text{if } x > 0 \text{ and } x \text{ is odd} \\ 0 & "
     r"\text{otherwise}\end{cases}", False, "the condition"),
]


@pytest.mark.parametrize(("latex", "lenient", "message"), [c[1:] for c in REFUSALS], ids=[c[0] for c in REFUSALS])
def test_refused_with_the_spelling_that_reads_it(latex: str, lenient: bool, message: str) -> None:
    with pytest.raises(SymdlError) as err:
        symdl.parse(latex, lenient=lenient)
    assert message in str(err.value)


# (id, function, variable, claim, verdict): the entry-by-entry readings differentiate and check
GRADIENTS = [
    ("relu-layer-by-its-weights", r"L = \mathbf{w}^\top \max(0, \mathbf{W}\mathbf{x} + \mathbf{b})", r"\mathbf{W}",
     r"(\mathbf{w} \odot \mathbb{1}[\mathbf{W}\mathbf{x} + \mathbf{b} > 0]) \mathbf{x}^\top", "verified"),
    ("relu-layer-without-the-mask", r"L = \mathbf{w}^\top \max(0, \mathbf{W}\mathbf{x} + \mathbf{b})", r"\mathbf{W}",
     r"\mathbf{w} \mathbf{x}^\top", "refuted"),
    ("relu-layer-by-its-bias", r"L = \mathbf{w}^\top \max(0, \mathbf{W}\mathbf{x} + \mathbf{b})", r"\mathbf{b}",
     r"\mathbf{w} \odot \mathbb{1}[\mathbf{W}\mathbf{x} + \mathbf{b} > 0]", "verified"),
    ("relu-layer-mask-flipped", r"L = \mathbf{w}^\top \max(0, \mathbf{W}\mathbf{x} + \mathbf{b})", r"\mathbf{b}",
     r"\mathbf{w} \odot \mathbb{1}[\mathbf{W}\mathbf{x} + \mathbf{b} < 0]", "refuted"),
    ("smooth-l1-by-a-word-parameter", r"\frac{(x - y)^2}{2 beta}", "x", r"\frac{x - y}{beta}", "verified"),
]


@pytest.mark.parametrize(("latex", "wrt", "claim", "verdict"), [c[1:] for c in GRADIENTS], ids=[c[0] for c in GRADIENTS])
def test_gradients_through_the_readings(latex: str, wrt: str, claim: str, verdict: str) -> None:
    assert symdl.check_gradient(latex, wrt, claim).verdict == verdict
