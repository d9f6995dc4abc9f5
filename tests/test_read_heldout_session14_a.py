r"""Entries of a function's value on the left of a definition (session 14, from a held-out sweep): Goodfellow et
al.'s eq. 4.1 ``\mathrm{softmax}(\boldsymbol{x})_i = \frac{\exp(x_i)}{\sum_{j=1}^n \exp(x_j)}`` defined
softmax(x[i]), the softmax of the one number x_i, with the output index moved into the argument, silently; the same
for Wikipedia's ``\sigma(\mathbf{z})_i``, d2l's softmax of the logits o and a definition of tanh entry by entry, and
the log-softmax identity of the PyTorch docs put softmax(x[i]) inside its log.  Now a left side ``F(\mathbf{x})_i``
defines entry i of F's value at the vector x (``F(x)[i]``, a definition of F with the parameter x), and a
composition on the left (``\log \mathrm{softmax}(\mathbf{x})_i``) is read as the values it names (an identity to
check, no function defined).  Entries on the right keep their reading.  Each row: the formula as its source writes
it, seeded inputs, plain numpy's value, the notes by rule, and the statement's kind and left side."""

from __future__ import annotations

import numpy as np
import pytest
import sympy

import symdl
from tests.real_sources import assert_reads_as, assert_refused_at

RNG = np.random.default_rng(14)
Z = RNG.normal(size=5)
SOFTMAX = np.exp(Z) / np.exp(Z).sum()

# (id, source, latex, inputs, numpy's value, notes by rule, statement kind, left side printed)
CASES = [
    ("goodfellow-softmax-definition", "Goodfellow et al., eq. 4.1",
     r"\mathrm{softmax}(\boldsymbol{x})_i = \frac{\exp(x_i)}{\sum_{j=1}^n \exp(x_j)}", {"x": Z, "n": 5}, SOFTMAX,
     [], "definition", "softmax(x)[i]"),
    ("wikipedia-softmax-as-sigma", "Wikipedia, Softmax function (the standard unit softmax)",
     r"\sigma(\mathbf{z})_i = \frac{e^{z_i}}{\sum_{j=1}^K e^{z_j}}", {"z": Z, "K": 5}, SOFTMAX,
     [], "definition", "sigma(z)[i]"),
    ("d2l-softmax-of-logits", "d2l, sec. 4.1 (softmax of the logits o)",
     r"\mathrm{softmax}(\mathbf{o})_j = \frac{\exp(o_j)}{\sum_k \exp(o_k)}", {"o": Z}, SOFTMAX,
     [], "definition", "softmax(o)[j]"),
    ("tanh-entry-by-entry", "an element-wise activation defined entry by entry (Goodfellow et al., sec. 6.3)",
     r"\tanh(\mathbf{z})_i = \frac{e^{z_i} - e^{-z_i}}{e^{z_i} + e^{-z_i}}", {"z": Z}, np.tanh(Z),
     [], "definition", "tanh(z)[i]"),
    ("pytorch-log-softmax-identity", "PyTorch docs, LogSoftmax (an identity, no name defined)",
     r"\log\mathrm{softmax}(\mathbf{x})_i = x_i - \log\sum_j \exp(x_j)", {"x": Z}, np.log(SOFTMAX),
     [], "equation", None),
    # -- must not change: entries on the right, a definition of a function of a number -----------------------------
    ("d2l-entry-on-the-right", "d2l, sec. 4.1.2 (the gradient of the cross-entropy loss)",
     r"g_j = \mathrm{softmax}(\mathbf{o})_j - y_j", {"o": Z, "y": np.eye(5)[1]}, SOFTMAX - np.eye(5)[1],
     [], "assignment", "g[j]"),
    ("nielsen-sigmoid-definition", "Nielsen, ch. 1 (a function of a number, defined)",
     r"\sigma(z) = \frac{1}{1+e^{-z}}", {"z": Z}, 1 / (1 + np.exp(-Z)), [], "definition", "sigmoid(z)"),
]


@pytest.mark.parametrize(("latex", "inputs", "want", "rules", "kind", "lhs"), [c[2:] for c in CASES],
                         ids=[c[0] for c in CASES])
def test_entry_of_a_value_on_the_left(latex: str, inputs: dict, want: object, rules: list[str], kind: str,
                                      lhs: str | None) -> None:
    formula = symdl.parse(latex)
    assert_reads_as(formula, inputs, want, rules)
    (st,) = formula.statements
    assert st.kind == kind
    if lhs is not None:
        assert str(st.lhs) == lhs
    else:  # an identity: both sides are values, no undefined function stands for softmax
        assert not st.lhs.atoms(sympy.core.function.AppliedUndef)


def test_defined_entry_names_its_function_and_parameter() -> None:
    """Goodfellow's eq. 4.1 defines softmax, a function of the vector x (not of the number x_i)."""
    (st,) = symdl.parse(r"\mathrm{softmax}(\boldsymbol{x})_i = \frac{\exp(x_i)}{\sum_{j=1}^n \exp(x_j)}").statements
    assert str(st.target) == "softmax" and [str(p) for p in st.params] == ["x"]
    assert not any(isinstance(p, sympy.Indexed) for p in st.params)


def test_entry_of_an_unknown_function_of_several_arguments_is_refused() -> None:
    """cs231n's multiclass SVM loss with f(x_i; W) = W x_i: still refused, at the entry."""
    assert_refused_at(r"L_i = \sum_{j\neq y_i} \max(0, f(x_i; W)_j - f(x_i; W)_{y_i} + \Delta)",
                      "an entry of this function's value", "f(x_i; W)_j")


@pytest.mark.parametrize(("latex", "why", "text"), [
    # \mathrm{tanh}(\mathbf{W}\mathbf{x})_k: read since session 28, tanh of entry k of W x (tests/test_read_s28_fnentry.py)
    pytest.param(r"\mathrm{tanh}(\mathbf{A}\mathbf{B})_k", "its argument is no vector name",
                 r"\mathrm{tanh}(\mathbf{A}\mathbf{B})_k", id="tanh-of-a-matrix-product"),
    # JAX's \mathrm{log\_softmax}(\mathbf{x})_i: read since session 18, x_i - log sum_j e^{x_j}
    # (tests/test_read_s18_calls.py)
    pytest.param(r"\max(\mathbf{x})_i", "not read entry by entry", r"\max(\mathbf{x})_i", id="max-of-a-vector"),
])
def test_entries_not_read_say_why(latex: str, why: str, text: str) -> None:
    assert_refused_at(latex, why, text)
