"""Functions a formula defines by a word on a left side, used before the line that defines them (the fairseq and
GNMT beam score ``s(Y, X) = \\log(P(Y|X))/lp(Y) + cp(X; Y)``, then ``lp(Y) = \\frac{(5 + |Y|)^\\alpha}{6^\\alpha}``
and ``cp(X; Y) = \\dots``): the word is that function everywhere in the formula, as after its definition, never the
product ``l \\cdot p(Y)`` of its letters.  A letter a left side applies to square brackets holding two arguments or
more (the Neural Turing Machine's similarity ``K[\\mathbf{u}, \\mathbf{v}] = \\frac{\\mathbf{u} \\cdot
\\mathbf{v}}{\\|\\mathbf{u}\\| \\|\\mathbf{v}\\|}``) is a function applied to brackets there and everywhere in the
formula, never a matrix times a concatenation (noted ``bracket-call``)."""

from __future__ import annotations

from symdl.read.lexer import Token
from symdl.read.statements import relation_positions, split_statements
from symdl.read.structure import SIZING
from symdl.read.syntax import Node, is_group, strip_space


def defined_words(nodes: list[Node]) -> set[str]:
    """The words of two lower-case letters or more that a statement's left side applies to a parenthesis alone
    (``lp(Y) = ...``, ``cp(X; Y) := ...``, ``score(h, s) \\leftarrow``); a word starting with d is left out (``dx(t)``:
    maybe a differential)."""
    out = set()
    for part in split_statements(nodes):
        where, relation = relation_positions(part)
        if relation not in ("=", "define", "update") or not where:
            continue
        lhs = strip_space(part[: where[0]])
        if len(lhs) < 3 or not is_group(lhs[-1], "paren"):
            continue
        letters = lhs[:-1]
        if not all(isinstance(n, Token) and n.kind == "letter" for n in letters):
            continue
        word = "".join(n.text for n in letters)  # type: ignore[union-attr]
        if word.isalpha() and word.islower() and word[0] != "d":
            out.add(word)
    return out


def bracket_defined(nodes: list[Node]) -> set[str]:
    """The plain letters a statement's left side applies to square brackets of two arguments or more
    (``K[\\mathbf{u}, \\mathbf{v}] = ...``, ``K\\big[u, v\\big] := ...``)."""
    from symdl.read.constructs import split_top  # (constructs reads calls: imported here)

    out = set()
    for part in split_statements(nodes):
        where, relation = relation_positions(part)
        if relation not in ("=", "define") or not where:
            continue
        lhs = [n for n in strip_space(part[: where[0]]) if not (isinstance(n, Token) and n.text in SIZING)]
        if (len(lhs) == 2 and isinstance(lhs[0], Token) and lhs[0].kind == "letter" and is_group(lhs[1], "bracket")
                and len(split_top(lhs[1].children, ",")) > 1):  # type: ignore[union-attr]
            out.add(lhs[0].text)
    return out - _BRACKET_QUANTITIES


#: letters whose brackets are read by rules of their own (Bishop's I[x, y], H[x, y]; E[x], V[x])
_BRACKET_QUANTITIES = frozenset({"H", "I", "D", "E", "V"})

