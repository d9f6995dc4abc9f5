"""Words, commas and wide spaces between statements (symdl.read.clauses, statements.split_quads), and the index
of a sum (symdl.read.bigops): every row asserts the statements read and the reading notes with their spans."""

from __future__ import annotations

import pytest

import symdl
from symdl.errors import InvalidInput, NotSupported


def statements(latex: str) -> list[str]:
    return [f"{s.lhs}={s.rhs}" if s.lhs is not None else str(s.rhs) for s in symdl.parse(latex).statements]


def assert_reads(latex: str, expected: list[str], notes: list[tuple[str, str]]) -> None:
    """``latex`` reads as the ``expected`` statements, with reading notes ``(rule, the text it covers)`` that say
    what they read and how to get the other reading (shared by test_read_calls)."""
    f = symdl.parse(latex)
    assert statements(latex) == expected
    assert [(n.rule, latex[n.span.start : n.span.end]) for n in f.notes] == notes
    for n in f.notes:
        assert n.message.startswith("read ") and n.alternative


# (id, formula, statements as printed, [(note rule, the text it covers)])
CASES = [
    ("d2l-where-definition", r"y = w x + b \quad \text{where } w = 2", ["y=b + w*x", "w=2"], []),
    ("paper-comma-where", r"y = w x + b, \text{ where } w = 2", ["y=b + w*x", "w=2"], []),
    ("paper-with-definition", r"y = \sigma(z) \text{ with } z = w x", ["y=sigmoid(z)", "z=w*x"], []),
    ("notes-given", r"L = (y - t)^2, \ \text{given}\ t = 1", ["L=(-t + y)**2", "t=1"], []),
    ("notes-mathrm-where", r"y = a x \quad \mathrm{where}\ a = 3", ["y=a*x", "a=3"], []),
    ("notes-comma-pair", r"a = 1, b = 2", ["a=1", "b=2"], []),
    ("notes-semicolon-pair", r"y = w x; \; z = 2 y", ["y=w*x", "z=2*y"], []),
    ("notes-comma-in-call-stays", r"f(x, y) = x + y, \quad g = 2", ["f(x, y)=x + y", "g=2"], []),
    ("paper-for-range", r"h_i = \sigma(w x_i) \text{ for } i = 1, \dots, n", ["h[i]=sigmoid(w*x[i])"],
     [("sigma-activation", r"\sigma(w x_i)"), ("condition-clause", r"\text{ for } i = 1, \dots, n")]),
    ("notes-for-value-is-no-definition", r"y = w x + b \text{ for } w = 2", ["y=b + w*x"],
     [("condition-clause", r"\text{ for } w = 2")]),
    ("notes-for-all", r"f(x) = x^2 \quad \text{for all } x", ["f(x)=x**2"],
     [("condition-clause", r"\text{for all } x")]),
    ("goodfellow-st", r"L = (y - t)^2 \text{ s.t. } t > 0", ["L=(-t + y)**2"],
     [("condition-clause", r"\text{ s.t. } t > 0")]),
    ("notes-forall-and", r"f(x) = x \quad \forall x > 0 \text{ and } x < 1", ["f(x)=x"],
     [("condition-clause", r"\forall x > 0"), ("condition-clause", r"\text{ and } x < 1")]),
    ("notes-where-prose", r"y = \sigma(z) \text{ where } \sigma \text{ is the sigmoid}", ["y=sigmoid(z)"],
     [("prose-clause", r"\text{ where } \sigma \text{ is the sigmoid}")]),
    ("notes-if-condition", r"g = 1 \quad \text{if } x > 0", ["g=1"], [("condition-clause", r"\text{if } x > 0")]),
    ("notes-text-name-is-no-connective", r"y = \text{forward}(x)", ["y=forward(x)"], []),
    # \text{PE}_{(pos, 2i)}: a fixed name that did not vary with i, refused since session 14 (session14_b)
    ("notes-pos-as-text-is-one-name", r"\sin(\text{pos} / 10000^{2i/d})", ["sin(pos/10000**(2*i/d))"], []),
    ("notes-two-letters-not-noted", r"y = wx + b", ["y=b + w*x"], []),
    ("notes-substack", r"\sum_{\substack{i=1}}^{n} x_i", ["Sum(x[i], (i, 1, n))"], []),
    ("notes-substack-spaced", r"\sum_{\substack{ j = 1 }}^{K} e^{z_j}", ["Sum(exp(z[j]), (j, 1, K))"], []),
    ("notes-primed-index", r"\sum_{k'} x_{k'}", ["Sum(x[k'], (k', 1, N_x))"], []),
]


@pytest.mark.parametrize(("latex", "expected", "notes"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_statements_and_notes(latex: str, expected: list[str], notes: list[tuple[str, str]]) -> None:
    assert_reads(latex, expected, notes)


# (id, formula, error class, words of the message): a sum's index that is not one letter would bind a variable
# spelled like the condition while the body kept its letter: refused by name
REFUSED = [
    ("notes-sum-greater-than", r"\sum_{k>c} x_k", NotSupported, "condition on its index"),
    ("notes-sum-less-than", r"\sum_{i<n} x_i", NotSupported, "condition on its index"),  # i<j: sum-over-pairs
    # a start and a skipped value stacked read since session 18 (tests/test_read_s18_family.py); other rows do not
    ("notes-substack-two-rows", r"\sum_{\substack{i=1 \\ i < j}}^{n} x_i", NotSupported, "conditions under it"),
    ("notes-value-greek-index", r"\sum_{\pi} x_\pi", NotSupported, "one Latin letter"),  # \alpha reads (13_i)
    ("notes-subscripted-index", r"\sum_{i_1} x_{i_1}", NotSupported, "one Latin letter"),
    ("notes-bold-index", r"\sum_{\mathbf{i}} x_i", NotSupported, "one Latin letter"),
    ("set-union", r"\sum_{i \in \mathcal{B} \cup \mathcal{C}} x_i", NotSupported, "over the set"),
    ("set-and-bounds", r"\sum_{i \in B}^{n} x_i", NotSupported, "over a set with bounds"),
    ("notes-number-index", r"\sum_{1} x", InvalidInput, "one Latin letter"),
]


@pytest.mark.parametrize(("latex", "cls", "words"), [c[1:] for c in REFUSED], ids=[c[0] for c in REFUSED])
def test_sum_index_refused(latex: str, cls: type[Exception], words: str) -> None:
    with pytest.raises(cls) as info:
        symdl.parse(latex)
    assert words in str(info.value)
    assert info.value.span.start == latex.index("\\sum")  # type: ignore[attr-defined]


def test_clause_note_shown_by_parse(capsys: pytest.CaptureFixture[str]) -> None:
    from symdl.cli import main

    assert main(["parse", r"h_i = \sigma(w x_i) \text{ for } i = 1, \dots, n", "--no-color"]) == 0
    out = capsys.readouterr().out
    assert r"note: read \text{ for } i = 1, \dots, n as a condition beside the formula" in out
    assert "other reading: to have it read, write it as a statement of its own" in out


# (id, formula, (kind, target) of each statement, statements as printed): Nielsen writes an update as an arrow
ARROWS = [
    ("nielsen-weight-step", r"w \rightarrow w' = w - \eta \frac{\partial C}{\partial w}", [("update", "w")],
     ["w=-eta*Derivative(C(w), w) + w"]),
    ("nielsen-indexed-step", r"w_k \rightarrow w_k' = w_k - \eta \frac{\partial C}{\partial w_k}", [("update", "w[k]")],
     ["w[k]=-eta*Derivative(C(w[k]), w[k]) + w[k]"]),
    ("nielsen-bias-step-to", r"b \to b' = b - \eta g", [("update", "b")], ["b=b - eta*g"]),
    ("notes-arrow-without-new-name", r"v \rightarrow v - \eta g", [("update", "v")], ["v=-eta*g + v"]),
    ("notes-arrow-to-other-name-stays-a-chain", r"w \rightarrow u = 2", None, None),
]


@pytest.mark.parametrize(("latex", "kinds", "expected"), [c[1:] for c in ARROWS], ids=[c[0] for c in ARROWS])
def test_arrow_is_an_update(latex: str, kinds: list[tuple[str, str]] | None, expected: list[str] | None) -> None:
    if kinds is None:  # w → u = 2 is not an update of w: which name the arrow sets is not clear, refused by name
        with pytest.raises(NotSupported, match="an update with more relations"):
            symdl.parse(latex)
        return
    f = symdl.parse(latex)
    assert [(s.kind, str(s.target)) for s in f.statements] == kinds
    assert statements(latex) == expected
