"""Where one line holds several statements: ``\\sigma(x) = ..., \\quad \\sigma'(x) = ...``, ``a = 1, b = 2``,
Robbins-Monro's ``\\sum_k \\epsilon_k = \\infty, \\quad \\sum_k \\epsilon_k^2 < \\infty``
(an equality and a comparison apart)."""

from __future__ import annotations

from symdl.read.distributions import distribution_nodes
from symdl.read.lexer import Token
from symdl.read.statements import (
    COMPARISONS,
    FORWARD_ARROWS,
    relation_positions,
    split_rows,
    split_statements,
    trim,
)
from symdl.read.syntax import Group, Node, is_group

#: arrows between two relations that separate statements (cs231n's ``f(x,y) = x y \\hspace{0.5in} \\rightarrow
#: \\hspace{0.5in} \\frac{\\partial f}{\\partial x} = y``: the function, then its derivatives)
BETWEEN_ARROWS = FORWARD_ARROWS | {"\\Rightarrow", "\\implies", "\\Longrightarrow"}


def split_quads(parts: list[list[Node]]) -> list[list[Node]]:
    """``\\sigma(x) = ..., \\quad \\sigma'(x) = ...``, ``a = 1, b = 2``: a wide space (``\\quad``, ``\\hspace{...}``),
    a comma, a semicolon or an arrow between two relations separates statements (a comma inside brackets or braces
    is not at this level; Nielsen's ``w \\rightarrow w' = ...`` has no relation before its arrow: an update).  When
    a piece between commas has no relation (Wu & He's ``x \\leftarrow ...; \\; \\mu, \\sigma^2 \\leftarrow ...``),
    the semicolons and wide spaces alone separate."""
    out: list[list[Node]] = []
    for part in parts:
        part = _joined(part, bool(out))  # cs231n's \\ \rightarrow \hspace{0.3in} \frac{d\sigma(x)}{dx} = ...
        split = _pieces(part, commas=True)
        out.extend(split or _pieces(part, commas=False) or [part])
    return out


def _pieces(part: list[Node], *, commas: bool) -> list[list[Node]] | None:
    """The statements of ``part`` split at its separators (commas too if ``commas``), or None if it is one."""
    pieces: list[list[Node]] = [[]]
    words = _and_words(part)
    for k, n in enumerate(part):
        if k in words or k - 1 in words or k - 2 in words:  # PE(pos, 2i) = sin(...) and PE(pos, 2i+1) = cos(...)
            if k in words:
                pieces.append([])
            continue
        if isinstance(n, Token) and (n.is_cmd("\\quad", "\\qquad", "\\hspace", *BETWEEN_ARROWS)
                                     or n.is_op(";") or (commas and n.is_op(","))):
            if n.is_cmd("\\quad", "\\qquad", "\\hspace") and _operator_next(part, k + 1):
                continue  # Dozat's NAdam: ... \\ & \hspace{11mm} + (1-\mu_t) g_t: a row carried on, indented
            pieces.append([])
        elif not (is_group(n, "brace") and k > 0 and isinstance(part[k - 1], Token)
                  and part[k - 1].is_cmd("\\hspace")):  # type: ignore[union-attr]
            pieces[-1].append(n)
    pieces = [p for p in (trim(p) for p in pieces) if p]
    wide = _wide_gap(part)  # Robbins-Monro's \sum \epsilon_k = \infty, \quad \sum \epsilon_k^2 < \infty
    related = [relation_positions(p)[1] != "none" or declaration_like(p) for p in pieces]
    # a wide gap beside a statement also sets apart a bare expression (the cosine attention of Henry et al.:
    # q = ..., \quad k = ..., \quad softmax(g q^T k)); a distribution written alone is a piece of its own
    # (the PyTorch docs' \mathcal{N}(0, std^2), \qquad std = ...)
    if len(pieces) > 1 and all(
        rel or (wide and (compares(p) or any(related))) or distribution_nodes(p, after_sim=False)
        or (commas and k == len(pieces) - 1 and k > 0 and related[0] and one_comparison(p))
        for k, (rel, p) in enumerate(zip(related, pieces, strict=True))
    ):  # (SIREN's \psi(\mathbf{x}) = \exp(-\alpha |\Phi(\mathbf{x})|), \alpha \gg 1: the last, a condition)
        return pieces
    return None


def _and_words(part: list[Node]) -> set[int]:
    """Where the word ``and`` stands alone (a space on each side, plain letters) between two statements of a plain-text
    paste; the split is kept only when every piece is a relation."""
    out = set()
    for k in range(1, len(part) - 3):
        letters = part[k : k + 3]
        if (all(isinstance(t, Token) and t.kind == "letter" for t in letters)
                and "".join(t.text for t in letters) == "and"  # type: ignore[union-attr]
                and all(letters[j].span.end == letters[j + 1].span.start for j in range(2))
                and isinstance(part[k - 1], Token) and part[k - 1].kind == "space"  # type: ignore[union-attr]
                and isinstance(part[k + 3], Token) and part[k + 3].kind == "space"):  # type: ignore[union-attr]
            out.add(k)
    return out


def _operator_next(part: list[Node], k: int) -> bool:
    """Is the first thing after ``part[k]`` (past spaces and an ``\\hspace`` length) a binary ``+``, ``\\cdot`` or
    ``\\times``: the wide space indents a continued row, it separates nothing?"""
    while k < len(part) and (is_group(part[k], "brace") or (isinstance(part[k], Token) and part[k].kind == "space")):
        k += 1
    n = part[k] if k < len(part) else None
    return isinstance(n, Token) and (n.is_op("+") or n.is_cmd("\\cdot", "\\times"))


def _joined(part: list[Node], after_one: bool) -> list[Node]:
    """A statement that opens with an arrow (``\\ \\rightarrow \\hspace{0.3in} \\frac{d\\sigma}{dx} = ...``, cs231n's
    sigmoid then its derivative) after another statement: the arrow joins the two, it is not part of this one (a
    statement with a relation after the arrow; nothing before the arrow could be what it maps)."""
    k = 0
    while k < len(part) and isinstance(part[k], Token) and part[k].kind == "space":  # type: ignore[union-attr]
        k += 1
    if not (after_one and k < len(part) and isinstance(part[k], Token) and part[k].is_cmd(*BETWEEN_ARROWS)):
        return part
    rest = part[k + 1 :]
    return rest if relation_positions(trim(rest))[1] != "none" else part


def _wide_gap(part: list[Node]) -> bool:
    """Does this line separate its parts by a wide space (``\\quad``, ``\\qquad``, ``\\hspace``) or a comma and a
    space (``,\\;``)?  Then a comparison beside an equality is a statement of its own, not a condition."""
    for k, n in enumerate(part):
        if isinstance(n, Token) and n.is_cmd("\\quad", "\\qquad", "\\hspace"):
            return True
        if (isinstance(n, Token) and n.is_op(",") and k + 1 < len(part) and isinstance(part[k + 1], Token)
                and part[k + 1].is_cmd("\\;", "\\ ")):  # type: ignore[union-attr]
            return True
    return False


def one_comparison(nodes: list[Node]) -> bool:
    """Is this piece one comparison of a name and a value (``\\alpha \\gg 1``, ``k \\ll T``), nothing else related?"""
    found = [n for n in nodes if isinstance(n, Token) and n.text in COMPARISONS and n.kind != "letter"]
    return len(found) == 1 and relation_positions(nodes)[1] == "none"


def compares(nodes: list[Node]) -> bool:
    """Does this piece hold a top-level comparison (``a < b``, ``\\|f\\|_L \\leq 1``)?"""
    return any(isinstance(n, Token) and n.text in COMPARISONS and n.kind != "letter" for n in nodes)


def declaration_like(nodes: list[Node]) -> bool:
    """A shape declaration (``W \\in \\mathbb{R}^n``) or a sampling statement (``\\epsilon \\sim \\mathcal{N}(0, I)``):
    a statement of its own beside a relation, which is read (the sampling one is refused with its reason); or a
    condition ``T_{cur} \\neq (2k+1) T_{max}`` (set aside by :func:`symdl.read.clauses.set_aside_inequations`)."""
    return any(isinstance(n, Token) and n.is_cmd("\\in", "\\sim", "\\neq", "\\ne") for n in nodes)


def statement_block(group: Group) -> bool:
    """Is this top-level ``array`` a block of statements, one relation on each row and one column (the PyTorch docs'
    LSTM and GRU: ``\\begin{array}{ll} i_t = \\sigma(...) \\\\ f_t = \\sigma(...) \\end{array}``), not a matrix?
    Or a top-level ``cases`` whose rows are relations without a condition column (Ng's momentum, ``\\begin{cases}
    v = ... \\\\ W = ... \\end{cases}``), not a piecewise value (refused by name by the statement reader)?"""
    body = {"array": group.children[1:] if group.children and is_group(group.children[0], "brace") else [],
            "cases": group.children}.get(group.name, [])
    rows = split_statements(body)
    if group.name != "array" or not all(_aligned_at_relation(r) for r in split_rows(body) if trim(r)):
        if any(isinstance(n, Token) and n.is_op("&") for n in group.children):
            return False  # a second column: a piecewise value's conditions, a matrix's entries
    return bool(rows) and all(relation_positions(r)[1] != "none" for r in rows)


def _aligned_at_relation(row: list[Node]) -> bool:
    """Is the row's one ``&`` an alignment mark at its relation (``z_t &= \\sigma(...)``, ``z_t & = ...``, the
    PyTorch docs' GRU in ``\\begin{array}{ll}``), not a second column?"""
    marks = [k for k, n in enumerate(row) if isinstance(n, Token) and n.is_op("&")]
    rels = relation_positions([n for n in row if not (isinstance(n, Token) and n.is_op("&"))])[0]
    if len(marks) != 1 or not rels:
        return False
    solid = [k for k, n in enumerate(row) if not (isinstance(n, Token) and n.kind == "space")]
    at = solid.index(marks[0])
    near = [solid[j] for j in (at - 1, at + 1) if 0 <= j < len(solid)]
    return any(k in relation_positions(row)[0] for k in near)
