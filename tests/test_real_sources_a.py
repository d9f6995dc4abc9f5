"""Real formulas from Nielsen, Goodfellow et al. and well-known papers, read and evaluated by symdl.

Each row (tests/real_sources/nielsen_goodfellow_papers.py) holds the LaTeX as its source writes it,
seeded inputs, the value computed independently in numpy, and the reading notes symdl must give.
"""

from __future__ import annotations

import numpy as np
import pytest

import symdl
from tests.real_sources.nielsen_goodfellow_papers import CASES, Row


def test_enough_rows_with_unique_ids():
    assert len(CASES) >= 80
    assert len({r.id for r in CASES}) == len(CASES)


@pytest.mark.parametrize("row", CASES, ids=[r.id for r in CASES])
def test_real_formula(row: Row):
    f = symdl.parse(row.latex)
    assert [n.rule for n in f.notes] == row.rules
    value = symdl.lambdify(f, functions=row.functions or None)(**row.inputs)
    if isinstance(value, dict):  # a system: the value of its last statement
        value = list(value.values())[-1]
    expected = row.expected() if callable(row.expected) else row.expected
    np.testing.assert_allclose(np.asarray(value, dtype=float), np.asarray(expected, dtype=float), rtol=1e-10)
