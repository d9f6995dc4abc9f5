"""Session 18, task optloss: an algorithm box's guard line (``\\text{if } \\|g\\| > v`` on a line of its own) is read
as its comparison, an inequality beside the lines after it, with a ``guard-line`` note; a condition after a statement
or before a comma stays a condition set aside (``condition-clause``)."""

from __future__ import annotations

import pytest

import symdl
from tests.test_read_clauses import assert_reads

# (id, formula, statements as printed, [(note rule, the text it covers)])
CASES = [
    # Goodfellow et al. 2016, Algorithm 10.11 (clipping the gradient): the guard, then the rescale
    (
        "goodfellow-clip-guard",
        r"\text{if } ||\boldsymbol{g}|| > v \\ \boldsymbol{g} \leftarrow \frac{\boldsymbol{g} v}{||\boldsymbol{g}||}",
        ["sqrt(Trace(g.T*g))=v", "g=(v/sqrt(Trace(g.T*g)))*g"],
        [("guard-line", r"\text{if } ||\boldsymbol{g}|| > v")],
    ),
    # Pascanu et al. 2013, Algorithm 1, with 'when' and \geq
    (
        "pascanu-when-guard",
        r"\text{when } \|g\|_2 \geq c \\ g \leftarrow c g / \|g\|_2",
        ["sqrt(Trace(g.T*g))=c", "g=(c/sqrt(Trace(g.T*g)))*g"],
        [("guard-line", r"\text{when } \|g\|_2 \geq c")],
    ),
    # a condition after a statement stays a condition set aside
    ("if-after-statement", r"y = x \text{ if } x > 0", ["y=x"], [("condition-clause", r"\text{ if } x > 0")]),
    # a condition before a comma stays a leading condition set aside
    ("if-before-comma", r"\text{if } x > 0, \; y = x", ["y=x"], [("condition-clause", r"\text{if } x > 0")]),
]


@pytest.mark.parametrize(("latex", "expected", "notes"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_guard_line(latex: str, expected: list[str], notes: list[tuple[str, str]]) -> None:
    assert_reads(latex, expected, notes)


def test_guard_is_an_inequality() -> None:
    f = symdl.parse(r"\text{if } \|\mathbf{g}\| > c \\ \mathbf{g} \leftarrow c \mathbf{g} / \|\mathbf{g}\|")
    guard = f.statements[0]
    assert (guard.kind, guard.relation, str(guard.rhs)) == ("inequality", ">", "c")
    assert f.statements[1].kind == "update"
