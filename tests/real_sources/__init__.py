"""Real formulas as their sources write them, and how a reading of one is checked (:func:`assert_reads_as`)."""

from __future__ import annotations

import numpy as np
import pytest

import symdl


def assert_reads_as(formula: symdl.Formula, inputs: dict, want: object, rules: list[str], *,
                    functions: dict | None = None) -> None:
    """``formula`` reports exactly the reading notes ``rules`` and evaluates on ``inputs`` (its unknown functions
    given as numpy ``functions``) to ``want`` (plain numpy's value; of a system, its last statement's), entry by
    entry to 12 digits."""
    assert [n.rule for n in formula.notes] == rules
    got = symdl.lambdify(formula, functions=functions)(**inputs)
    if isinstance(got, dict):  # a system: its last statement's value
        got = list(got.values())[-1]
    np.testing.assert_allclose(np.asarray(got, dtype=float).ravel(), np.asarray(want, dtype=float).ravel(),
                               rtol=1e-12)


def shapes_of(formula: symdl.Formula) -> dict[str, tuple[str, ...]]:
    """Each name's shape, its dimensions spelled (``{"W": ("n_1", "n_2")}``)."""
    return {str(k): tuple(str(d) for d in v) for k, v in formula.shapes.items()}


def assert_values_noted(code: str, args: dict, expected: dict, rules: tuple[str, ...], *, rtol: float = 1e-12,
                        functions: dict | None = None, same_shape: bool = False) -> None:
    """``code`` evaluates on ``args`` (its unknown functions given as numpy ``functions``) to ``expected`` (statement
    name → plain numpy's value; ``""`` for the formula's one value), entry by entry (``same_shape``: in the value's
    shape too), and reports at least the reading notes ``rules``."""
    f = symdl.parse(code)
    got = symdl.lambdify(f, functions=functions)(**args)
    for name, want in expected.items():
        value = got[name] if isinstance(got, dict) and name else got
        if same_shape:
            assert np.shape(value) == np.shape(want), (name, np.shape(value), np.shape(want))
        np.testing.assert_allclose(np.asarray(value, dtype=float).ravel(), np.ravel(want), rtol=rtol)
    noted = {n.rule for n in f.notes}
    assert set(rules) <= noted, noted


def assert_shown_noted(code: str, shown: str, rule: str, capsys: pytest.CaptureFixture[str]) -> None:
    """``symdl parse code`` shows ``shown`` in its reading (exit 0), and the formula carries the note ``rule``
    (none asserted when ``rule`` is '')."""
    from symdl.cli import main

    assert main(["parse", code, "--no-color"]) == 0
    out = capsys.readouterr().out
    assert shown in out, out
    if rule:
        assert rule in {n.rule for n in symdl.parse(code).notes}


def assert_refused_at(latex: str, what: str, text: str) -> None:
    """Reading ``latex`` is refused (NotSupported) with ``what`` in its message, pointing at exactly ``text``."""
    with pytest.raises(symdl.NotSupported) as err:
        symdl.parse(latex)
    assert what in str(err.value)
    span = err.value.span
    assert latex[span.start : span.end] == text

