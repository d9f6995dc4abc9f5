"""Functions a formula defines by a word on a left side, used before the line that defines them (the fairseq and
GNMT beam score ``s(Y, X) = \\log(P(Y|X))/lp(Y) + cp(X; Y)``, then ``lp(Y) = \\frac{(5 + |Y|)^\\alpha}{6^\\alpha}``
and ``cp(X; Y) = \\dots``): the word is that function everywhere in the formula, as after its definition, never the
product ``l \\cdot p(Y)`` of its letters.  A letter a left side applies to square brackets holding two arguments or
more (the Neural Turing Machine's similarity ``K[\\mathbf{u}, \\mathbf{v}] = \\frac{\\mathbf{u} \\cdot
\\mathbf{v}}{\\|\\mathbf{u}\\| \\|\\mathbf{v}\\|}``) is a function applied to brackets there and everywhere in the
formula, never a matrix times a concatenation (noted ``bracket-call``).  So is a lower-case letter a left side
applies to a parenthesis of plain letters (``s(a) = ...``): a call where applied before its definition."""

from __future__ import annotations

from symdl.read.lexer import Token
from symdl.read.statements import relation_positions, split_statements
from symdl.read.structure import SIZING
from symdl.read.syntax import Node, is_group, plain_text, strip_space


def _left_sides(nodes: list[Node], relations: tuple[str, ...]) -> list[list[Node]]:
    """The left side of each statement related by one of ``relations`` (sizing commands, ``\\big``, left out)."""
    out = []
    for part in split_statements(nodes):
        where, relation = relation_positions(part)
        if relation in relations and where:
            out.append([n for n in strip_space(part[: where[0]]) if not (isinstance(n, Token) and n.text in SIZING)])
    return out


def defined_words(nodes: list[Node]) -> set[str]:
    """The words of two lower-case letters or more that a statement's left side applies to a parenthesis alone
    (``lp(Y) = ...``, ``cp(X; Y) := ...``, ``score(h, s) \\leftarrow``); a word starting with d is left out (``dx(t)``:
    maybe a differential)."""
    out = set()
    for lhs in _left_sides(nodes, ("=", "define", "update")):
        letters = lhs[:-1]
        if len(lhs) < 3 or not is_group(lhs[-1], "paren") or not all(
                isinstance(n, Token) and n.kind == "letter" for n in letters):
            continue
        word = "".join(n.text for n in letters)  # type: ignore[union-attr]
        if word.isalpha() and word.islower() and word[0] != "d":
            out.add(word)
    return out


def defined_letters(nodes: list[Node], steps: frozenset[str] | set[str]) -> set[str]:
    """The lower-case Latin letters a statement's left side applies to a parenthesis of plain letters alone (Learning
    from Data's ``y = s(\\mathbf{w}^T\\mathbf{x})``, then ``s(a) = \\begin{cases}...``): functions wherever applied,
    before the definition as after it.  ``d`` is left out (a differential), as are the values at a step (Haykin's
    ``w(n+1) = w(n) + \\dots``: an argument that is one of the formula's step letters ``steps``)."""
    from symdl.read.constructs import split_top  # (constructs reads calls: imported here)

    out = set()
    for lhs in _left_sides(nodes, ("=", "define")):
        if not (len(lhs) == 2 and isinstance(lhs[0], Token) and lhs[0].kind == "letter" and lhs[0].text.islower()
                and lhs[0].text != "d" and is_group(lhs[1], "paren")):
            continue
        args = [strip_space(part) for part in split_top(lhs[1].children, ",")]  # type: ignore[union-attr]
        if args and all(len(a) == 1 and isinstance(a[0], Token) and a[0].kind in ("letter", "cmd")
                        and a[0].text not in steps and a[0].text != lhs[0].text for a in args):
            out.add(lhs[0].text)
    return out


def bracket_defined(nodes: list[Node]) -> set[str]:
    """The plain letters a statement's left side applies to square brackets of two arguments or more
    (``K[\\mathbf{u}, \\mathbf{v}] = ...``, ``K\\big[u, v\\big] := ...``)."""
    from symdl.read.constructs import split_top  # (constructs reads calls: imported here)

    return {lhs[0].text for lhs in _left_sides(nodes, ("=", "define"))  # type: ignore[union-attr]
            if len(lhs) == 2 and isinstance(lhs[0], Token) and lhs[0].kind == "letter" and is_group(lhs[1], "bracket")
            and len(split_top(lhs[1].children, ",")) > 1} - _BRACKET_QUANTITIES  # type: ignore[union-attr]


def inverse_defined(nodes: list[Node]) -> set[str]:
    """The names a statement's left side writes to the power -1 applied to a parenthesis alone (``f^{-1}(y) = ...``,
    WaveNet's ``F^{-1}(y) = ...``): inverses the formula defines, its own functions wherever applied."""
    return {lhs[0].text for lhs in _left_sides(nodes, ("=", "define"))  # type: ignore[union-attr]
            if len(lhs) == 4 and isinstance(lhs[0], Token) and lhs[0].kind in ("letter", "cmd")
            and isinstance(lhs[1], Token) and lhs[1].is_op("^") and is_group(lhs[3], "paren")
            and "".join(plain_text([lhs[2]]).split()).strip("{}") == "-1"}


#: letters whose brackets are read by rules of their own (Bishop's I[x, y], H[x, y]; E[x], V[x])
_BRACKET_QUANTITIES = frozenset({"H", "I", "D", "E", "V"})

