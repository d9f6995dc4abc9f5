"""The arithmetic between placeholders, read by symdl's own grammar (``arith.lark``, lark LALR).

The reader replaces every name, call and construct by a placeholder ``Q_{k}``; what remains
(``+ - \\cdot / \\frac \\sqrt ^ ! \\sum \\prod``, numbers, ``e``, ``\\pi``, ``\\infty``) reaches this module as
typed tokens (lark ``Token`` s of this grammar's terminals, positioned at their source spans), which the LALR
parser takes through :class:`TokenLexer` as they are; the tree's nodes therefore carry source positions.  It is
built into unevaluated SymPy, which :func:`symdl.read.numbers.evaluate` then rebuilds with every exact number
sized first.

Two readings are chosen by rule and reported as :class:`~symdl.errors.Note` s, with their span:

* ``a/b c`` is ``(a/b)·c`` — a ``/`` whose divisor is followed by more factors (``1/m \\sum_i …``,
  ``\\lambda/2 \\|w\\|^2``);
* a ``\\sum``/``\\prod`` whose index is used in the terms after its body's first ``+``/``-`` takes those
  terms into its body (``\\sum_k t_k \\log q_k + (1-t_k)\\log(1-q_k)`` is one sum).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import cache
from pathlib import Path

import sympy
from lark import Lark, Token, Transformer, Tree, v_args
from lark.exceptions import UnexpectedEOF, UnexpectedInput, UnexpectedToken
from lark.lexer import Lexer

from symdl.budget import budget_error, meter
from symdl.errors import InvalidInput, Span
from symdl.functions import ArgMaxOver, ArgMinOver, MaxOver, MinOver
from symdl.read.power import written_power, written_reciprocal

GRAMMAR = Path(__file__).with_name("arith.lark")

#: Terminal → what a reader calls it, for "expected ..." in errors.
TERMINAL_WORDS: dict[str, str] = {
    "PH": "a name",
    "NUMBER": "a number",
    "EULER": "e",
    "PI": "\\pi",
    "INFTY": "\\infty",
    "FRAC": "\\frac",
    "BINOM": "\\binom",
    "SQRT": "\\sqrt",
    "BIGOP": "\\sum",
    "CDOT": "\\cdot",
    "SLASH": "/",
    "MOD": "\\bmod",
    "PLUS": "+",
    "MINUS": "-",
    "LPAR": "(",
    "RPAR": ")",
    "LBRACE": "{",
    "RBRACE": "}",
    "LSQB": "[",
    "RSQB": "]",
    "CIRCUMFLEX": "^",
    "BANG": "!",
    "UNDERSCORE": "_",
    "EQUAL": "=",
    "$END": "the end of the expression",
}

#: Operands, in the order a reader would try them, for "expected an operand".
OPERAND_TERMINALS = {"PH", "NUMBER", "EULER", "PI", "INFTY", "FRAC", "BINOM", "SQRT", "LPAR", "LBRACE", "BIGOP"}


class TokenLexer(Lexer):
    """The reader has already made the tokens: this lexer hands them to the parser as they are."""

    def __init__(self, lexer_conf: object) -> None:
        pass

    def lex(self, data: list[Token], *_: object) -> Iterator[Token]:  # type: ignore[override]
        yield from data


@cache
def parser() -> Lark:
    """The LALR parser over typed tokens, built once per process (its table takes a few milliseconds)."""
    return Lark(GRAMMAR.read_text(encoding="utf-8"), parser="lalr", lexer=TokenLexer, propagate_positions=True,
                maybe_placeholders=False)


def parse_tokens(tokens: list[Token]) -> Tree:
    """The tree of ``tokens`` (arithmetic over placeholders), every node spanning the source of its tokens.

    Raises:
        InvalidInput: at the first token the grammar cannot take (its source span, None at an empty input),
            saying what it expected in words.
    """
    try:
        tree = parser().parse(tokens)  # type: ignore[arg-type]
    except UnexpectedInput as exc:
        message, span = _error(exc)
        raise InvalidInput(message, span=span, hint="check for a missing operand, brace or parenthesis") from None
    return tree if isinstance(tree, Token) else _widen(tree)


def _widen(tree: Tree) -> Tree:
    """Every node's span from the first to the last source character of all its tokens (a token's source can
    lie outside its neighbours', as the parts of ``\\sum`` that stand for bounds it left out)."""
    for node in tree.iter_subtrees():
        starts = [_start(c) for c in node.children]
        ends = [_end(c) for c in node.children]
        if not node.meta.empty:
            starts.append(node.meta.start_pos)
            ends.append(node.meta.end_pos)
        if not starts:
            continue
        node.meta.start_pos, node.meta.end_pos = min(starts), max(ends)
        node.meta.empty = False
    return tree


def _error(exc: UnexpectedInput) -> tuple[str, Span | None]:
    expected = set(getattr(exc, "expected", ()) or ())
    tok = getattr(exc, "token", None)
    where = Span(tok.start_pos, tok.end_pos) if tok is not None and tok.end_pos is not None else None
    if isinstance(exc, UnexpectedEOF) or (isinstance(exc, UnexpectedToken) and exc.token.type == "$END"):
        return f"the expression ends where {_words(expected)} was expected", where
    assert isinstance(exc, UnexpectedToken)
    return f"unexpected '{exc.token}' where {_words(expected)} was expected", where


def _words(expected: set[str]) -> str:
    if expected & OPERAND_TERMINALS:
        return "an operand (a name, a number or a parenthesis)"
    words = sorted({TERMINAL_WORDS.get(t, t.lower()) for t in expected})
    return " or ".join(f"'{w}'" for w in words[:4]) or "something else"


# -- reading rules over the tree ------------------------------------------------------------------------

#: A reading rule's note found in the tree: (rule, {part: (source start, source end)}, {name: value}).
TreeNote = tuple[str, dict[str, tuple[int, int]], dict[str, str]]

def division_notes(tree: Tree) -> list[TreeNote]:
    """Each ``a/b c``: a ``/`` whose divisor is followed by more factors, read as ``(a/b)·c``."""
    notes: list[TreeNote] = []
    for node in tree.iter_subtrees_topdown():
        if node.data in ("juxt", "mul") and isinstance(node.children[0], Tree) and node.children[0].data == "div":
            div, factor = node.children[0], node.children[-1]
            numerator, divisor = div.children[0], div.children[-1]
            notes.append(("division-reach", {"quotient": _cols(div), "factor": _cols(factor),
                                             "numerator": _cols(numerator), "divisor": _cols(divisor),
                                             "": _cols(node)}, {}))
    return notes


def extend_sums(tree: Tree, index_name: Callable[[str], str | None],
                mentions: Callable[[str, str], bool]) -> list[TreeNote]:
    """Take the terms after a sum's body that use its index into the body; return a note for each.

    ``index_name(placeholder)`` names the index a ``\\sum`` placeholder binds; ``mentions(placeholder,
    name)`` says whether a placeholder uses that name (as a subscript, a sample or layer index ...).
    """
    notes: list[TreeNote] = []
    inner = {id(n.children[0]) for n in tree.iter_subtrees() if n.data in ("add", "sub")}
    roots = [n for n in tree.iter_subtrees_topdown() if n.data in ("add", "sub") and id(n) not in inner]
    for root in roots:
        _fold_chain(root, _chain(root), index_name, mentions, notes)
    return notes


def _chain(node: Tree) -> list[tuple[str, Tree | Token]]:
    """The terms of a left-associated +/- chain: (sign, term) from the left."""
    pieces: list[tuple[str, Tree | Token]] = []
    while isinstance(node, Tree) and node.data in ("add", "sub"):
        pieces.append((node.data, node.children[1]))
        node = node.children[0]
    pieces.append(("add", node))
    return pieces[::-1]


def _fold_chain(root: Tree, pieces: list[tuple[str, Tree | Token]],
                index_name: Callable[[str], str | None], mentions: Callable[[str, str], bool],
                notes: list[TreeNote]) -> None:
    out: list[tuple[str, Tree | Token]] = []
    open_sums: list[tuple[Tree, str, Tree | Token]] = []  # the trailing sums, outer to inner: sum, index, body
    noted: dict[int, int] = {}  # id(sum) → its note's place in ``notes``
    for sign, term in pieces:
        depth = next((k for k in range(len(open_sums) - 1, -1, -1)
                      if _uses(term, open_sums[k][1], index_name, mentions)), None)
        if depth is not None:  # the innermost trailing sum whose index the term uses takes it in
            big, name, _ = open_sums[depth]
            del open_sums[depth + 1:]  # the sums inside its body no longer end the chain
            body = big.children[-1]
            if id(big) not in noted:  # the first term taken in: one note for the run
                noted[id(big)] = len(notes)
                notes.append(("sum-reach", {"sum": _cols(big), "terms": (_start(term), _end(term)),
                                            "": (_start(big), _end(term))},
                              {"index": name, "sign": "+" if sign == "add" else "-"}))
            else:
                cols = notes[noted[id(big)]][1]
                cols["terms"] = (cols["terms"][0], max(cols["terms"][1], _end(term)))
                cols[""] = (cols[""][0], max(cols[""][1], _end(term)))
            big.children[-1] = Tree(sign, [body, term], meta=_span_meta(body, term))
            continue
        out.append((sign, term))
        open_sums = _trailing_sums(term, index_name)
    if len(out) == len(pieces):
        return
    left: Tree | Token = out[0][1]
    for sign, term in out[1:]:
        left = Tree(sign, [left, term], meta=_span_meta(left, term))
    root.data, root.children = (left.data, left.children) if isinstance(left, Tree) else ("group", [left])
    if isinstance(left, Tree):
        root._meta = left.meta  # lark keeps positions in this slot


def _trailing_sums(term: Tree | Token, index_name: Callable[[str], str | None]) -> list[tuple[Tree, str, Tree | Token]]:
    """The sums a term ends with, outer to inner (``\\sum_l w_l \\sum_n r_{ln}`` ends with both)."""
    found: list[tuple[Tree, str, Tree | Token]] = []
    big = _trailing_bigop(term)
    while big is not None:
        name = index_name(str(big.children[1]))
        if not name:
            break
        found.append((big, name, big.children[-1]))
        big = _trailing_bigop(big.children[-1])
    return found


def _trailing_bigop(term: Tree | Token) -> Tree | None:
    while isinstance(term, Tree):
        if term.data == "bigop":
            return term
        if term.data in ("juxt", "mul", "neg", "pos"):
            term = term.children[-1]
            continue
        return None
    return None


def _uses(term: Tree | Token, name: str, index_name: Callable[[str], str | None],
          mentions: Callable[[str, str], bool]) -> bool:
    if isinstance(term, Token):
        return term.type == "PH" and mentions(str(term), name)
    if term.data == "bigop" and index_name(str(term.children[1])) == name:
        return any(_uses(c, name, index_name, mentions) for c in term.children[2:4])  # its bounds only
    return any(_uses(c, name, index_name, mentions) for c in term.children)


def _span_meta(a: Tree | Token, b: Tree | Token) -> object:
    meta = Tree("x", []).meta
    meta.start_pos, meta.end_pos = min(_start(a), _start(b)), max(_end(a), _end(b))
    meta.empty = False
    return meta


def _cols(x: Tree | Token) -> tuple[int, int]:
    return _start(x), _end(x)


def _start(x: Tree | Token) -> int:
    return x.start_pos if isinstance(x, Token) else x.meta.start_pos  # type: ignore[return-value]


def _end(x: Tree | Token) -> int:
    return x.end_pos if isinstance(x, Token) else x.meta.end_pos  # type: ignore[return-value]


# -- building SymPy ----------------------------------------------------------------------------------

def placeholder_symbol(text: str) -> sympy.Symbol:
    """``Q_{12}`` → the placeholder symbol (named as the binder's :func:`placeholder_id` reads it)."""
    k = text[3:-1]
    return sympy.Symbol(f"Q_{k}" if len(k) == 1 else f"Q_{{{k}}}")


#: a big operator's command → the SymPy class it builds (the grammar's BIGOP token carries the command)
BIG_OPERATORS: dict[str, type] = {
    "\\sum": sympy.Sum, "\\prod": sympy.Product, "\\max": MaxOver, "\\min": MinOver, "\\argmax": ArgMaxOver,
    "\\argmin": ArgMinOver,
}  # fmt: skip


@v_args(inline=True)
class Build(Transformer):
    """Tree → unevaluated SymPy (evaluation happens in :func:`symdl.read.numbers.evaluate`)."""

    def add(self, a: sympy.Expr, b: sympy.Expr) -> sympy.Expr:
        return sympy.Add(a, b, evaluate=False)

    def sub(self, a: sympy.Expr, b: sympy.Expr) -> sympy.Expr:
        return sympy.Add(a, _negate(b), evaluate=False)

    def mul(self, a: sympy.Expr, _op: Token, b: sympy.Expr) -> sympy.Expr:
        return _product(a, b)

    def juxt(self, a: sympy.Expr, b: sympy.Expr) -> sympy.Expr:
        return _product(a, b)

    def div(self, a: sympy.Expr, _op: Token, b: sympy.Expr) -> sympy.Expr:
        return _product(a, written_reciprocal(b))

    def mod(self, a: sympy.Expr, _op: Token, b: sympy.Expr) -> sympy.Expr:
        return sympy.Mod(a, b, evaluate=False)

    def frac(self, _op: Token, a: sympy.Expr, b: sympy.Expr) -> sympy.Expr:
        return self.div(a, _op, b)

    def neg(self, a: sympy.Expr) -> sympy.Expr:
        return _negate(a)

    def pos(self, a: sympy.Expr) -> sympy.Expr:
        return a

    def group(self, a: sympy.Expr) -> sympy.Expr:
        return a

    def power(self, base: sympy.Expr, exp: sympy.Expr) -> sympy.Expr:
        if base is sympy.E:
            return sympy.exp(exp, evaluate=False)
        return written_power(base, exp)

    def factorial(self, a: sympy.Expr) -> sympy.Expr:
        return sympy.factorial(a, evaluate=False)

    def binom(self, _op: Token, n: sympy.Expr, k: sympy.Expr) -> sympy.Expr:
        return sympy.binomial(n, k, evaluate=False)

    def sqrt(self, _op: Token, a: sympy.Expr) -> sympy.Expr:
        return sympy.Pow(a, sympy.Rational(1, 2), evaluate=False)

    def root(self, _op: Token, n: sympy.Expr, a: sympy.Expr) -> sympy.Expr:
        return sympy.Pow(a, sympy.Pow(n, -1, evaluate=False), evaluate=False)

    def bigop(self, op: Token, index: Token, low: sympy.Expr, high: sympy.Expr, body: sympy.Expr) -> sympy.Expr:
        cls = BIG_OPERATORS[str(op)]
        return cls(body, (placeholder_symbol(str(index)), low, high))

    def placeholder(self, tok: Token) -> sympy.Expr:
        return placeholder_symbol(str(tok))

    def number(self, tok: Token) -> sympy.Expr:
        text = str(tok)
        limit = meter().limit("digits")
        if len(text) > limit:
            raise budget_error("digits", len(text), limit, what="this number")
        whole, dot, frac = text.partition(".")
        if dot and frac.strip("0") == "" and whole:  # code's 2.0, 1.0: the integer, so sqrt(2.0) stays \sqrt{2}
            return sympy.Integer(whole)
        return sympy.Float(text) if dot else sympy.Integer(text)

    def euler(self, _tok: Token) -> sympy.Expr:
        return sympy.E

    def pi(self, _tok: Token) -> sympy.Expr:
        return sympy.pi

    def infinity(self, _tok: Token) -> sympy.Expr:
        return sympy.oo


def _product(a: sympy.Expr, b: sympy.Expr) -> sympy.Expr:
    """One flat product of a row of factors (``2 \\cdot (a - b) c`` keeps its 2 outside the sum when evaluated)."""
    head = a.args if type(a) is sympy.Mul else (a,)
    return sympy.Mul(*head, b, evaluate=False)


def _negate(a: sympy.Expr) -> sympy.Expr:
    return sympy.Mul(sympy.Integer(-1), a, evaluate=False)


def build(tree: Tree | Token) -> sympy.Basic:
    """The unevaluated SymPy expression of ``tree``."""
    if isinstance(tree, Token):
        return Build().transform(Tree("group", [tree]))
    return Build().transform(tree)
