"""Plain text's ``sum(...)`` over subscripted names is the sum over their index (symdl.read.pasted._sum_word).

Session 28's blind judges found ``MAE = 1/n * sum(|y_i - yhat_i|)`` (a chat answer) read as ``|y_i - yhat_i| / n``:
the word ``sum`` was the total of a number, the number itself, so the sum vanished with no note.  Python's and
numpy's ``sum`` of an expression in ``x_i`` is the sum over i (``sum-implied-index`` notes the index); ``sum(X)`` of a
matrix stays the total of its entries.
"""

from __future__ import annotations

import numpy as np
import pytest

import symdl
from tests.real_sources import assert_reads_as

RNG = np.random.default_rng(2802)
Y, YHAT = RNG.normal(size=5), RNG.normal(size=5)
X = RNG.normal(size=(3, 4))

CASES = [
    ("mae-chat", "a chat answer's mean absolute error", r"MAE = 1/n * sum(|y_i - yhat_i|)",
     {"y": Y, "yhat": YHAT, "n": 5}, np.abs(Y - YHAT).sum() / 5, True),
    ("sse-numpy", "numpy's sum of squared errors, np.sum over the entries", r"L = np.sum((y_i - t_i)**2)",
     {"y": Y, "t": YHAT}, ((Y - YHAT) ** 2).sum(), True),
    ("torch-sum", "PyTorch's torch.sum of a product of entries", r"s = torch.sum(y_i * t_i)",
     {"y": Y, "t": YHAT}, (Y * YHAT).sum(), True),
    ("operatorname-sum", "a blog's squared error typeset with \\operatorname{sum}", r"L = \operatorname{sum}((x_n-y_n)^2)",
     {"x": Y, "y": YHAT}, ((Y - YHAT) ** 2).sum(), True),
    ("text-sum", "a forum answer's \\text{sum} of absolute errors", r"L = \text{sum}(|x_i - y_i|)",
     {"x": Y, "y": YHAT}, np.abs(Y - YHAT).sum(), True),
    # must not change: sum of a matrix is the total of its entries; a method's x.sum() too
    ("sum-of-matrix-kept", "matrixcalculus.org's sum(X)", r"L = \mathrm{sum}(X)", {"X": X}, X.sum(), False),
]


@pytest.mark.parametrize(("source", "latex", "inputs", "want", "implied"), [c[1:] for c in CASES],
                         ids=[c[0] for c in CASES])
def test_sum_word_against_numpy(source: str, latex: str, inputs: dict, want: float, implied: bool) -> None:
    formula = symdl.parse(latex)
    rules = [n.rule for n in formula.notes]
    assert ("sum-implied-index" in rules) == implied
    assert_reads_as(formula, inputs, want, rules)
