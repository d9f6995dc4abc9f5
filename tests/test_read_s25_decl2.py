"""Three classes of notation left from session 25's first pass (issue 12).

- a statistic word (mean, std, var) called on one plain lower-case name makes that name a vector and the call the
  statistic of its entries, noted (``array-mean``, saying the name was made a vector): a blog's ``y = x - mean(x)``,
  standardisation ``y = (x - mean(x)) / std(x)``, BatchNorm's ``\\hat{x} = \\frac{x - \\mathrm{mean}(x)}{\\sqrt{
  \\mathrm{var}(x) + \\epsilon}}`` (before: an unknown function of a number x, silently).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
import sympy

import symdl
from tests.concept_cases import assert_concepts

RNG = np.random.default_rng(25)
XV = RNG.normal(size=6) * 3 + 1

# (id, source, latex, arguments, the value plain numpy gives for the meaning the source has, note rule)
STATS: list[tuple[str, str, str, dict[str, Any], Any]] = [
    ("centre-code", "centring as blogs and notebooks write it (x minus its mean)", r"y = x - mean(x)", {"x": XV},
     XV - XV.mean()),
    ("standardise-code", "standardisation (z-scores) as code-like prose writes it", r"y = (x - mean(x)) / std(x)",
     {"x": XV}, (XV - XV.mean()) / XV.std()),
    ("batchnorm-words", "BatchNorm's normalisation with words (Ioffe & Szegedy 2015, alg. 1, as slides write it)",
     r"\hat{x} = \frac{x - \mathrm{mean}(x)}{\sqrt{\mathrm{var}(x) + \epsilon}}", {"x": XV, r"\epsilon": 1e-5},
     (XV - XV.mean()) / np.sqrt(XV.var() + 1e-5)),
    ("operatorname-var", "the variance of a vector's entries written with \\operatorname",
     r"v = \operatorname{var}(x)", {"x": XV}, XV.var()),
]


@pytest.mark.parametrize(("latex", "args", "expected"), [c[2:] for c in STATS], ids=[c[0] for c in STATS])
def test_statistic_of_name(latex: str, args: dict[str, Any], expected: Any) -> None:
    f = symdl.parse(latex)
    got = symdl.lambdify(f)(**args)
    np.testing.assert_allclose(np.asarray(got, dtype=float).ravel(), np.ravel(expected), rtol=1e-10)
    notes = [n for n in f.notes if n.rule == "array-mean"]
    assert notes and all("is made a vector by it" in n.message for n in notes)
    assert not any(n.rule == "scalar-broadcast" for n in f.notes)


# near misses that keep their reading: the call stays a function symdl does not know (or what it was)
STATS_KEPT = [
    ("gp-mean-function", "a Gaussian process's mean function (Rasmussen & Williams 2006, eq. 2.13)", r"y = x - \mu(x)"),
    ("one-letter-function", "a function named m", r"y = x - m(x)"),
    ("declared-number", "x declared a real number", r"y = x - \mathrm{mean}(x), \quad x \in \mathbb{R}"),
    ("entry", "the mean of an entry x_i", r"y_i = x_i - mean(x_i)"),
    ("capital-var", "cs231n's weight-initialisation notes: the variance of a random variable",
     r"\text{Var}(s) = n \text{Var}(w) \text{Var}(x)"),
]


@pytest.mark.parametrize("latex", [c[2] for c in STATS_KEPT], ids=[c[0] for c in STATS_KEPT])
def test_statistic_of_name_kept(latex: str) -> None:
    f = symdl.parse(latex)
    assert not any(n.rule == "array-mean" for n in f.notes)
    assert not any(isinstance(s, sympy.MatrixSymbol) for s in f.expr.free_symbols)


# the statistic of a name's entries still names the normalisation (std read as the root of the mean squared
# deviation, which SymPy splits as sqrt(a)/sqrt(n))
NORMALISED = [
    ("std-plus-eps-plain", "the Annotated Transformer's LayerNorm written with words, plain x",
     r"\gamma \odot \frac{x - \operatorname{mean}(x)}{\operatorname{std}(x) + \epsilon} + \beta"),
    ("std-plus-eps-bold", "the same with a bold x",
     r"\gamma \odot \frac{\mathbf{x} - \operatorname{mean}(\mathbf{x})}{\operatorname{std}(\mathbf{x}) + \epsilon}"
     r" + \beta"),
    ("var-root", "BatchNorm's scale and shift with words (Ioffe & Szegedy 2015)",
     r"\gamma \odot \frac{x - \operatorname{mean}(x)}{\sqrt{\operatorname{var}(x) + \epsilon}} + \beta"),
]


@pytest.mark.parametrize("latex", [c[2] for c in NORMALISED], ids=[c[0] for c in NORMALISED])
def test_statistic_of_name_normalisation(latex: str) -> None:
    assert_concepts(latex, {"normalization"}, {"rms_norm"})


SV = RNG.normal(size=5)

# a stated shape makes the plain name inside an entry-wise call or softmax a vector (stated-shape-call)
STATED: list[tuple[str, str, str, dict[str, Any], Any]] = [
    ("softmax-stated", "CS224n's attention distribution, alpha = softmax(e) in R^N (time label left out)",
     r"\alpha = \mathrm{softmax}(s) \in \mathbb{R}^N", {"s": SV}, np.exp(SV) / np.exp(SV).sum()),
    ("tanh-stated", "a hidden state stated to be a vector (an RNN's h = tanh(z) in R^N)",
     r"a = \tanh(z) \in \mathbb{R}^N", {"z": SV}, np.tanh(SV)),
    ("sigmoid-stated", "a gate stated to be a vector", r"g = \sigma(z) \in \mathbb{R}^N", {"z": SV},
     1 / (1 + np.exp(-SV))),
]


@pytest.mark.parametrize(("latex", "args", "expected"), [c[2:] for c in STATED], ids=[c[0] for c in STATED])
def test_stated_shape_call(latex: str, args: dict[str, Any], expected: Any) -> None:
    f = symdl.parse(latex)
    got = symdl.lambdify(f)(**args)
    np.testing.assert_allclose(np.asarray(got, dtype=float).ravel(), expected, rtol=1e-10)
    assert any(n.rule == "stated-shape-call" for n in f.notes)


STATED_KEPT = [
    ("stated-number", "a number stated to be real stays a number", r"a = \tanh(z) \in \mathbb{R}"),
    ("declared-number-arg", "an argument declared a number is no vector: the stated shape is refused",
     r"a = \tanh(z) \in \mathbb{R}^N, \quad z \in \mathbb{R}"),
]


def test_stated_number_kept() -> None:
    f = symdl.parse(STATED_KEPT[0][2])
    assert not any(n.rule == "stated-shape-call" for n in f.notes)
    assert not any(isinstance(s, sympy.MatrixSymbol) for s in f.expr.free_symbols)


def test_stated_shape_of_declared_number_refused() -> None:
    with pytest.raises(symdl.errors.InvalidInput, match="stated to be in"):
        symdl.parse(STATED_KEPT[1][2])
