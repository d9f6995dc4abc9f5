"""Alignment marks ``&`` in aligned blocks that are no alignment: a row's later column (Goh's ``w_{k+1} &= \\dots +
\\beta_k(w_k - w_{k-1}) & 0 \\leq \\beta < 1``, a clause of its own as after ``\\quad``; joined, the term became the
product ``\\dots(w_k - w_{k-1}) 0``, silently) and a row's comment column (``& \\text{definition of expectation}``,
prose beside the row, left out to its end with a ``prose-clause`` note by :mod:`symdl.read.condcolumns`).  A mark next
to a relation aligns it (``y &= 2``, eqnarray's ``a &=& b``).
"""

from __future__ import annotations

from symdl.read.lexer import Token
from symdl.read.syntax import Group, Node, plain_text, strip_space

#: where split_rows found an aligned row's comment column (its text follows; the rest of the row is left out)
COMMENT_COLUMN = "\\commentcolumn"


def column_marks(nodes: list[Node]) -> set[int]:
    """The marks of ``nodes`` (one statement) after its first that start a column of their own: neither beside a
    relation nor before a comment's text, nor the second of ``&&``."""
    marks = [k for k, n in enumerate(nodes) if isinstance(n, Token) and n.is_op("&")]
    return {k for k in marks[1:] if k - 1 not in marks and not _before_relation(nodes, k)
            and not _after_relation(nodes, k) and not _before_text(nodes, k)}


def comment_mark(nodes: list[Node], k: int) -> bool:
    """Does the mark at ``k`` (a row's second or later) open a comment column: prose in a text box after it, no
    relation beside it?"""
    return _before_text(nodes, k) and not _before_relation(nodes, k) and not _after_relation(nodes, k)


def _before_text(nodes: list[Node], k: int) -> bool:
    """Does a text box follow the mark at ``k`` (an align row's comment column, ``& \\text{by Jensen}``)?"""
    at = next((j for j in range(k + 1, len(nodes)) if not (isinstance(nodes[j], Token) and nodes[j].kind == "space")),
              None)
    nxt = nodes[at] if at is not None else None
    box = nodes[at + 1] if at is not None and at + 1 < len(nodes) else None
    inner = strip_space(box.children) if isinstance(box, Group) else []
    prose = any(isinstance(c, Token) and c.kind == "space" for c in inner) or "(" in plain_text(inner)
    return (isinstance(nxt, Token) and nxt.is_cmd("\\text", "\\textrm", "\\mbox", "\\textit", "\\mathrm")
            and prose)  # prose, not a function's name (eqnarray's \mbox{a}[...])


def _relation(tok: Node | None, ops: tuple[str, ...]) -> bool:
    """Is ``tok`` a relation (one of ``ops`` or a relation command)?"""
    from symdl.read.statements import COMPARISONS, EQUALS, UPDATE_ARROWS  # statements imports this module

    return isinstance(tok, Token) and (tok.is_op(*ops) or (tok.kind == "cmd" and (
        tok.text in EQUALS or tok.text in UPDATE_ARROWS or tok.text in COMPARISONS)))


def _after_relation(nodes: list[Node], k: int) -> bool:
    """Does a relation stand right before the mark at ``k`` (eqnarray's ``\\mathbf{h}_1 &=& \\dots``)?"""
    return _relation(next((n for n in reversed(nodes[:k]) if not (isinstance(n, Token) and n.kind == "space")), None),
                     ("=", "<", ">"))


def _before_relation(nodes: list[Node], k: int) -> bool:
    """Does a relation follow the mark at ``k`` (``y &= 2``: the mark aligns it, it starts no column)?"""
    return _relation(next((n for n in nodes[k + 1 :] if not (isinstance(n, Token) and n.kind == "space")), None),
                     ("=", "<", ">", ":"))
