"""Families of vectors and labels inside subscripts (session 18, issue 12): real cases read with their meaning.

- an indexed name among index letters in a subscript (the PyTorch docs' NLLLoss / CrossEntropyLoss
  ``x_{n,y_n}``): the entry of the array x at sample n and at the label y_n, one axis each (``label-position``);
  the label varies with the sample (a family of integers, ``y[n]``).
"""

from __future__ import annotations

import numpy as np
import pytest

import symdl
from tests.real_sources import assert_reads_as

RNG = np.random.default_rng(1812)
X43 = RNG.normal(size=(4, 3))
Y4 = np.array([1, 3, 2, 3])  # 1-based class labels, one per sample
W3 = RNG.normal(size=3)
ROWS = np.arange(4)

POSITIONS = [
    # PyTorch docs, torch.nn.NLLLoss: l_n = -w_{y_n} x_{n,y_n}
    (
        "pytorch-nllloss",
        r"l_n = - w_{y_n} x_{n,y_n}",
        {"x": X43, "y": Y4, "w": W3},
        -W3[Y4 - 1] * X43[ROWS, Y4 - 1],
        ["label-entry", "label-position"],
    ),
    # PyTorch docs, torch.nn.CrossEntropyLoss (class indices): l_n = -w_{y_n} log(exp(x_{n,y_n}) / sum_c exp(x_{n,c}))
    (
        "pytorch-crossentropyloss",
        r"l_n = - w_{y_n} \log \frac{\exp(x_{n,y_n})}{\sum_{c=1}^C \exp(x_{n,c})}",
        {"x": X43, "y": Y4, "w": W3, "C": 3},
        -W3[Y4 - 1] * np.log(np.exp(X43[ROWS, Y4 - 1]) / np.exp(X43).sum(axis=1)),
        ["label-entry", "label-position"],
    ),
    # PyTorch docs, NLLLoss with reduction='mean' and no weight, written as a mean over the batch
    (
        "pytorch-nll-mean",
        r"L = -\frac{1}{N}\sum_{n=1}^{N} x_{n,y_n}",
        {"x": X43, "y": Y4, "N": 4},
        -X43[ROWS, Y4 - 1].mean(),
        ["label-position"],
    ),
    # cs231n's softmax classifier written over a batch: L = (1/N) sum_i -log(e^{f_{i,y_i}} / sum_j e^{f_{i,j}})
    (
        "cs231n-batch-softmax",
        r"L = \frac{1}{N}\sum_{i=1}^{N} -\log\frac{e^{f_{i,y_i}}}{\sum_{j} e^{f_{i,j}}}",
        {"f": X43, "y": Y4, "N": 4},
        -np.log(np.exp(X43[ROWS, Y4 - 1]) / np.exp(X43).sum(axis=1)).mean(),
        ["label-position"],
    ),
]


@pytest.mark.parametrize(
    ("latex", "inputs", "want", "rules"), [c[1:] for c in POSITIONS], ids=[c[0] for c in POSITIONS]
)
def test_label_among_indices(latex: str, inputs: dict, want: object, rules: list[str]) -> None:
    assert_reads_as(symdl.parse(latex), inputs, want, rules)


def test_label_position_meaning() -> None:
    """x_{n,y_n} is x[n, y[n]]: the label is a family over the sample index, wherever it is written."""
    formula = symdl.parse(r"l_n = - w_{y_n} x_{n,y_n} \cdot 1\{y_n \ne c\}")
    rhs = str(formula.statements[0].rhs)
    assert "x[n, y[n]]" in rhs and "w[y[n]]" in rhs and "Ne(c, y[n])" in rhs
    note = next(n for n in formula.notes if n.rule == "label-position")
    assert formula.source[note.span.start : note.span.end] == "x_{n,y_n}"
