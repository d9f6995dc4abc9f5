"""The structure pass (symdl.read.structure): every bracket pair nested into a group with its kind, its
delimiters and a span over both; unbalanced input refused at the unmatched token; nesting past the 'depth'
budget refused."""

from __future__ import annotations

import pytest

from symdl.errors import InvalidInput, ResourceLimit
from symdl.read import arith
from symdl.read.emit import Emitter
from symdl.read.expr import ExprReader
from symdl.read.lexer import tokenize
from symdl.read.structure import TreeBuilder
from symdl.read.syntax import Group, Node


def shape(nodes: list[Node]) -> str:
    """The tree written back compactly: a group as kind<...>, a token as its text, spaces dropped."""
    out = []
    for n in nodes:
        if isinstance(n, Group):
            name = f":{n.name}" if n.name else ""
            left = "L" if n.left else ""
            out.append(f"{left}{n.kind}{name}<{shape(n.children)}>")
        elif n.kind != "space":
            out.append(n.text)
    return " ".join(out)


def tree(latex: str, depth: int = 100) -> list[Node]:
    return TreeBuilder(tokenize(latex), latex, depth).build()[0]


# (id, input, the tree)
TREES = [
    ("braces", r"x_{t-1}", "x _ brace<t - 1>"),
    ("double-braces", r"x_{{t}}", "x _ brace<t>"),
    ("parens", r"a(b + (c))", "a paren<b + paren<c>>"),
    ("brackets", r"[h_{t-1}; x_t]", "bracket<h _ brace<t - 1> ; x _ t>"),
    ("set-braces", r"\{ a \} + \lbrace b \rbrace", "set<a> + set<b>"),
    ("left-right", r"\sigma\left( z \right)", "\\sigma Lparen<z>"),
    ("left-bracket", r"\left[ a \right]", "Lbracket<a>"),
    ("left-dot", r"\left\{ x \right.", "Lset<x>"),
    ("left-bars", r"\left| x \right| + \left\| y \right\|", "Ldelim<x> + Ldelim<y>"),
    ("sized", r"\big( a \big) \Bigl[ b \Bigr]", "paren<a> bracket<b>"),
    ("sizing-before-bar", r"\big| a \big|", "\\big | a \\big |"),
    ("bars-flat", r"|x| + ||y||", "| x | + | | y | |"),
    ("env", r"\begin{pmatrix} 1 & 2 \end{pmatrix}", "env:pmatrix<1 & 2>"),
    ("env-nested", r"\begin{cases} (a) & \begin{array}{c} b \end{array} \end{cases}",
     "env:cases<paren<a> & env:array<brace<c> b>>"),
    ("mixed", r"\frac{(a)}{[b]}", "\\frac brace<paren<a>> brace<bracket<b>>"),
]


@pytest.mark.parametrize(("latex", "expected"), [pytest.param(t, e, id=i) for i, t, e in TREES])
def test_structure(latex: str, expected: str) -> None:
    assert shape(tree(latex)) == expected


def test_spans_cover_both_delimiters() -> None:
    latex = r"a + \left( b \right) + \big[ c \big] + \begin{cases} d \end{cases}"
    groups = [n for n in tree(latex) if isinstance(n, Group)]
    assert [latex[g.span.start : g.span.end] for g in groups] == [
        r"\left( b \right)", r"\big[ c \big]", r"\begin{cases} d \end{cases}",
    ]
    left = groups[0]
    assert (left.open.text, left.close.text) == ("(", ")")  # type: ignore[union-attr]


# (id, input, message fragment, the unmatched text the caret is under)
UNBALANCED = [
    ("open-paren", r"(a + b", "'(' is never closed", "("),
    ("inner-open", r"(a (b)", "'(' is never closed", "("),
    ("close-paren", r"a + b)", "')' closes nothing", ")"),
    ("close-bracket", r"(a]", "']' closes nothing", "]"),
    ("open-brace", r"\frac{a}{b", "'{' is never closed", "{"),
    ("close-brace", r"a}", "'}' closes nothing", "}"),
    ("brace-closes-paren", r"\frac{(a}{b}", "'(' is never closed", "("),
    ("left-open", r"\left( a", "'\\left(' is never closed", "\\left("),
    ("right-alone", r"a \right)", "'\\right' closes nothing", "\\right"),
    ("left-no-delimiter", "a \\left", "\\left without a delimiter", "\\left"),
    ("begin-open", r"\begin{pmatrix} 1", "\\begin{pmatrix} is never ended", "\\begin"),
    ("end-alone", r"x \end{pmatrix}", "\\end{pmatrix} closes nothing", "\\end"),
    ("end-other", r"\begin{pmatrix} 1 \end{bmatrix}", "\\begin{pmatrix} is never ended", "\\begin"),
    ("begin-no-name", r"\begin x", "\\begin without an environment name", "\\begin"),
    ("set-open", r"\{ a", "'\\{' is never closed", "\\{"),
]


@pytest.mark.parametrize(("latex", "message", "at"), [pytest.param(t, m, a, id=i) for i, t, m, a in UNBALANCED])
def test_unbalanced_is_refused_at_the_unmatched_token(latex: str, message: str, at: str) -> None:
    with pytest.raises(InvalidInput) as info:
        tree(latex)
    err = info.value
    assert message in err.message
    assert err.hint
    assert err.span is not None and latex[err.span.start : err.span.end].startswith(at)


@pytest.mark.parametrize("opening,closing", [("(", ")"), ("{", "}"), ("\\left[", "\\right]"), ("\\big(", "\\big)")])
def test_nesting_past_the_depth_budget(opening: str, closing: str) -> None:
    latex = opening * 6 + "x" + closing * 6
    assert TreeBuilder(tokenize(latex), latex, 6).build()[1] == 6
    with pytest.raises(ResourceLimit) as info:
        TreeBuilder(tokenize(latex), latex, 5).build()
    assert info.value.budget == "depth"


def test_kinds_mix_in_one_depth() -> None:
    latex = r"( [ { \left( x \right) } ] )"
    assert TreeBuilder(tokenize(latex), latex, 4).build()[1] == 4
    with pytest.raises(ResourceLimit):
        TreeBuilder(tokenize(latex), latex, 3).build()


# --- the arithmetic reaches the grammar as typed tokens, positioned in the source ---------------------------


def emitted(latex: str) -> list[tuple[str, str, str]]:
    """The tokens an expression emits: terminal, value, and the source text of the token's span."""
    reader = ExprReader(latex)
    em = Emitter()
    reader.emit(tree(latex), em)
    return [(t.type, str(t), latex[t.start_pos : t.end_pos]) for t in em.tokens]


def test_emitted_tokens_are_terminals_with_source_spans() -> None:
    assert emitted(r"2 x + \frac{a}{b}") == [
        ("NUMBER", "2", "2"), ("PH", "Q_{0}", "x"), ("PLUS", "+", "+"), ("FRAC", "\\frac", "\\frac"),
        ("LBRACE", "{", "{a}"), ("PH", "Q_{1}", "a"), ("RBRACE", "}", "{a}"),
        ("LBRACE", "{", "{b}"), ("PH", "Q_{2}", "b"), ("RBRACE", "}", "{b}"),
    ]
    terminals = {t.name for t in arith.parser().terminals}
    assert {kind for kind, _, _ in emitted(r"-\sum_{i=1}^{n} e^{x_i} / 2 \cdot \pi! + (\sqrt{y})")} <= terminals
    assert arith.parser().options.lexer is arith.TokenLexer  # no text is lexed again


def test_tree_positions_are_source_positions() -> None:
    latex = r"a / b \, c"
    em = Emitter()
    ExprReader(latex).emit(tree(latex), em)
    parsed = arith.parse_tokens(em.tokens)
    assert (parsed.meta.start_pos, parsed.meta.end_pos) == (0, len(latex))
    assert [rule for rule, _, _ in arith.division_notes(parsed)] == ["division-reach"]
