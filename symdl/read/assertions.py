"""Shape assertions: an expression, or a statement's value, followed by ``\\in \\mathbb{R}^{...}`` states its shape.

d2l's ``\\mathrm{softmax}(\\frac{\\mathbf Q \\mathbf K^\\top}{\\sqrt{d}}) \\mathbf V \\in \\mathbb{R}^{n\\times v}``
and ``a(\\mathbf q, \\mathbf k) = \\mathbf w_v^\\top \\tanh(\\mathbf W_q\\mathbf q + \\mathbf W_k \\mathbf k)
\\in \\mathbb{R}`` read the statement before ``\\in`` and keep the shape after it on the statement; the binder
unifies it with the value's shape (:meth:`symdl.bind.dims.DimInference.run`), a clash being a shape error at the
``\\in``.  Names alone before ``\\in`` (``W \\in \\mathbb{R}^{m \\times n}``) stay a declaration.
"""

from __future__ import annotations

from symdl.errors import Span, SymdlError
from symdl.read.atoms import read_atom
from symdl.read.constructs import split_top
from symdl.read.lexer import Token
from symdl.read.statements import real_dims
from symdl.read.syntax import Group, Node, plain_text, seq_span, strip_space


def _names_only(nodes: list[Node], source: str) -> bool:
    """Is ``nodes`` a list of names (``x, y``), what a declaration declares?"""
    for part in split_top(nodes, ","):
        part = strip_space(part)
        if not part or not (isinstance(part[0], Token) and part[0].kind in ("letter", "cmd")):
            return False
        try:
            _, j, exp = read_atom(part, 0, source)
        except SymdlError:
            return False
        if j != len(part) or exp is not None:
            return False
    return True


def shape_assertion(nodes: list[Node], source: str) -> tuple[list[Node], tuple[int | str, ...], Span] | None:
    """``statement \\in \\mathbb{R}^{dims}`` → (the statement's nodes, dims, the span of ``\\in ...``); None when
    there is no ``\\in`` at the top, or only names before it (a declaration), or no real set after it."""
    idx = [k for k, n in enumerate(nodes) if isinstance(n, Token) and n.is_cmd("\\in")]
    if len(idx) != 1:
        return None
    k = idx[0]
    left, rest = strip_space(nodes[:k]), strip_space(nodes[k + 1 :])
    if not left or not rest or _names_only(left, source):
        return None
    if not plain_text(rest).replace(" ", "").startswith(("\\mathbb{R}", "\\mathbbR")):
        return None
    span = Span(nodes[k].span.start, seq_span(rest, nodes[k].span).end)
    return left, real_dims(rest, source, span), span


def range_assertion(nodes: list[Node], source: str) -> tuple[list[Node], Span] | None:
    """``statement \\in (a, b)`` (xPos's ``\\zeta_i = \\frac{i/(d/2) + \\gamma}{1 + \\gamma} \\in (0, 1)``) → (the
    statement's nodes, the span of ``\\in (a, b)``): the range its value lies in, a remark symdl does not check (noted
    ``range-assertion`` by the caller); None for anything else (a declaration, a set, a condition)."""
    idx = [k for k, n in enumerate(nodes) if isinstance(n, Token) and n.is_cmd("\\in")]
    if len(idx) != 1:
        return None
    k = idx[0]
    left, rest = strip_space(nodes[:k]), strip_space(nodes[k + 1 :])
    relation = any(isinstance(n, Token) and n.is_op("=") for n in left)
    interval = (len(rest) == 1 and isinstance(rest[0], Group) and rest[0].kind in ("paren", "bracket")
                and len(split_top(rest[0].children, ",")) == 2)
    if not (left and relation and interval) or _names_only(left, source):
        return None
    return left, Span(nodes[k].span.start, rest[0].span.end)
