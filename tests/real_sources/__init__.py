"""Real formulas as their sources write them, and how a reading of one is checked (:func:`assert_reads_as`)."""

from __future__ import annotations

import numpy as np

import symdl


def assert_reads_as(formula: symdl.Formula, inputs: dict, want: object, rules: list[str]) -> None:
    """``formula`` reports exactly the reading notes ``rules`` and evaluates on ``inputs`` to ``want`` (plain
    numpy's value; of a system, its last statement's), entry by entry to 12 digits."""
    assert [n.rule for n in formula.notes] == rules
    got = symdl.lambdify(formula)(**inputs)
    if isinstance(got, dict):  # a system: its last statement's value
        got = list(got.values())[-1]
    np.testing.assert_allclose(np.asarray(got, dtype=float).ravel(), np.asarray(want, dtype=float).ravel(),
                               rtol=1e-12)
