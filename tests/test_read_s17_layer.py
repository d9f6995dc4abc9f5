r"""Session 17, task layer: a layer written as an operator word, applied to vectors and added to a vector.

The Transformer's ``\mathbf{x} + \mathrm{Sublayer}(\mathbf{x})`` and ViT's ``\mathrm{MSA}(\mathrm{LN}(\mathbf{z})) +
\mathbf{z}`` were refused (an operator word's call is a number's function, and a number added to a vector failed);
they are read as a vector of the sibling's length, with the ``function-vector-beside`` note on the call's span.
An operator word of numbers (``\mathrm{score}(a, b)``) keeps its number reading.
"""

from __future__ import annotations

import pytest
import sympy

import symdl

# (id, formula, the call's text, the sibling vector's name): Vaswani et al. 2017 (3.1), ViT eq. 2, Vaswani 5.4
VECTOR_CALLS = [
    ("sublayer", r"\mathbf{y} = \mathrm{Sublayer}(\mathbf{x}) + \mathbf{x}", r"\mathrm{Sublayer}(\mathbf{x})", "x"),
    (
        "vit-msa",
        r"\mathbf{z}_\ell = \mathrm{MSA}(\mathrm{LN}(\mathbf{z}_{\ell-1})) + \mathbf{z}_{\ell-1}",
        r"\mathrm{MSA}(\mathrm{LN}(\mathbf{z}_{\ell-1}))",
        r"z_{\ell-1}",
    ),
    (
        "dropout-sublayer",
        r"\mathbf{z} = \mathbf{x} + \mathrm{Dropout}(\mathrm{Sublayer}(\mathbf{x}))",
        r"\mathrm{Dropout}(\mathrm{Sublayer}(\mathbf{x}))",
        "x",
    ),
]


@pytest.mark.parametrize(("latex", "text", "sibling"), [c[1:] for c in VECTOR_CALLS], ids=[c[0] for c in VECTOR_CALLS])
def test_operator_word_beside_a_vector_is_a_vector(latex: str, text: str, sibling: str) -> None:
    formula = symdl.parse(latex)
    (st,) = formula.statements
    assert isinstance(st.rhs, sympy.MatAdd)
    calls = [a for a in st.rhs.args if isinstance(a, sympy.MatrixSymbol) and a.name != sibling]
    other = next(a for a in st.rhs.args if isinstance(a, sympy.MatrixSymbol) and a.name == sibling)
    assert len(calls) == 1 and calls[0].shape == other.shape == (calls[0].shape[0], 1)
    outer = [n for n in formula.notes if n.rule == "function-layer"]  # a layer's name: shaped as its argument
    assert formula.source[outer[0].span.start : outer[0].span.end] == text


def test_operator_word_of_numbers_stays_a_number() -> None:
    """``\\mathrm{score}(a, b)`` of numbers beside a vector: a number added to every entry, no vector reading."""
    formula = symdl.parse(r"\mathbf{y} = \mathbf{x} + \mathrm{score}(a, b)")
    (st,) = formula.statements
    assert any(isinstance(n, sympy.Function) and type(n).__name__ == "score" for n in sympy.preorder_traversal(st.rhs))
    assert not [n for n in formula.notes if n.rule == "function-vector-beside"]


def test_known_softmax_beside_a_vector_is_unchanged() -> None:
    formula = symdl.parse(r"\mathbf{y} = \mathbf{x} + \mathrm{softmax}(\mathbf{x})")
    (st,) = formula.statements
    assert not [n for n in formula.notes if n.rule == "function-vector-beside"]
    assert any(type(n).__name__ == "VectorSoftmax" for n in sympy.preorder_traversal(st.rhs))
