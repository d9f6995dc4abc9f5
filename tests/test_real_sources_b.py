"""Real formulas from d2l.ai, the cs231n notes and the PyTorch docs, read by symdl and checked against numpy.

Each row (``tests/real_sources/d2l_cs231n_pytorch.py``) is written as its source writes it; symdl must report
exactly the reading notes listed for it and evaluate to the value plain numpy computes from the same inputs.
"""

from __future__ import annotations

import numpy as np
import pytest

import symdl
from tests.real_sources.d2l_cs231n_pytorch import CASES, Row


def test_ids_are_unique() -> None:
    ids = [r.id for r in CASES]
    assert len(ids) == len(set(ids))
    assert len(CASES) >= 80


@pytest.mark.parametrize("row", CASES, ids=[r.id for r in CASES])
def test_real_formula(row: Row) -> None:
    f = symdl.parse(row.latex)
    assert [n.rule for n in f.notes] == row.rules
    value = symdl.lambdify(f)(**row.inputs)
    if isinstance(value, dict):
        value = list(value.values())[-1]
    np.testing.assert_allclose(np.asarray(value, dtype=float), row.expected, rtol=1e-10)
