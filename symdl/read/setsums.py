"""Sums over the members of a set that is no range of positions, rewritten to sums over an index before they are read.

- ``\\sum_{\\mathbf{x} \\in \\mathcal{B}} \\mathbf{x}`` (Ioffe & Szegedy's and d2l's minibatch mean): a bold vector as
  the index of a sum over a named set runs over the set's vectors, ``\\mathbf{x}`` being the vector at the index's
  position (noted ``sum-over-vectors``; the binder reads the set as an array with a vector per row);
- ``\\sum_{j \\in \\mathcal{N}(i)} \\alpha_{ij} \\mathbf{W}\\mathbf{h}_j`` (GAT, GCN, GraphSAGE, GIN): a sum over the
  neighbourhood of another index is the sum over every j, the body times the 0/1 adjacency ``\\mathcal{N}_{ij}``
  (1 when j is a neighbour of i), a matrix named after the set (noted ``sum-over-neighbours``).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from symdl.errors import NotSupported, Span
from symdl.read.extents import _term_end
from symdl.read.lexer import Token
from symdl.read.syntax import Group, Node, is_group, leaf_tokens, plain_text, strip_space

if TYPE_CHECKING:
    from symdl.read.expr import ExprReader

_BOLD = ("\\mathbf", "\\boldsymbol", "\\bm")

#: a set named by one letter, maybe calligraphic, blackboard or bold, maybe subscripted (as a sum over a set's own)
SET_NAME = re.compile(
    r"^(?:[A-Za-z]|\\(?:mathcal|mathbb|mathscr|mathbf)\{[A-Za-z]\})(?:_(?:\{[A-Za-z0-9+-]+\}|[A-Za-z0-9]))?$"
)

#: the name of a set of neighbours: one letter, maybe calligraphic (GAT's \mathcal{N}(i), SupCon's P(i)), or a short
#: upright word (Goodfellow et al.'s parents and children in a graph, \text{pa}(i), \text{ch}(i))
_FAMILY_SET = re.compile(
    r"^(?:[A-Za-z]|\\(?:mathcal|mathscr)\{[A-Za-z]\}|\\(?:text|mathrm|operatorname)\{[A-Za-z]{2,4}\})$")


def rewrite(
    reader: ExprReader, op: Token, sub: list[Node], sup: list[Node] | None, nodes: list[Node], j: int
) -> tuple[list[Node], dict[str, Any]]:
    """A sum's subscript ``sub`` rewritten by :func:`vector_index` and :func:`neighbourhood` (the adjacency factor
    put before the body, at ``nodes[j]``, in place), and what the index placeholder is to carry: ``vector`` (the bold
    name the index stands for), ``centre``, ``neighbours`` (the set's name) and ``adjacency_at`` (the factor's
    span, for ``|\\mathcal{N}(v)|``)."""
    sub, vector = vector_index(reader, op, sub)
    marks: dict[str, Any] = {"vector": vector} if vector else {}
    around = neighbourhood(reader, op, sub, nodes[j : _term_end(nodes, j)]) if sup is None else None
    if around is None:
        return sub, marks
    sub, factor, centre, name = around
    at = Span(factor[-1].span.end, factor[-1].span.end)  # GroupNorm's \mathcal{S}_{ik} (x_k - \mu_i)^2: times the
    nodes[j:j] = [*factor, Token("cmd", "\\cdot", at)]  # body, never the set's name applied to it
    marks.update(centre=centre, neighbours=name, adjacency_at=Span(factor[0].span.start, factor[-1].span.end))
    return sub, marks


def _split_in(sub: list[Node]) -> tuple[list[Node], list[Node]] | None:
    """``index \\in set``: the two sides of one ``\\in`` at the top of a subscript, else None."""
    at = [k for k, n in enumerate(sub) if isinstance(n, Token) and n.is_cmd("\\in")]
    if len(at) != 1:
        return None
    return strip_space(sub[: at[0]]), strip_space(sub[at[0] + 1 :])


def vector_index(reader: ExprReader, op: Token, sub: list[Node]) -> tuple[list[Node], str]:
    """``\\sum_{\\mathbf{x} \\in \\mathcal{B}}``: the subscript with the bold vector replaced by its letter (the index
    that runs over the set's vectors, ``\\sum_{x \\in \\mathcal{B}}``) and the bold name as written, with a
    ``sum-over-vectors`` note; any other subscript as it is, and ``""``.  The binder reads the bold name in the body
    as the set's vector at that index."""
    parts = _split_in(strip_space(sub))
    if op.text not in ("\\sum", "\\prod") or parts is None:
        return sub, ""
    index, members = parts
    if not (
        len(index) == 2 and isinstance(index[0], Token) and index[0].is_cmd(*_BOLD) and is_group(index[1], "brace")
    ):
        return sub, ""
    inner = strip_space(index[1].children)  # type: ignore[union-attr]
    spelling = plain_text(members).replace(" ", "")
    if not (
        len(inner) == 1
        and isinstance(inner[0], Token)
        and inner[0].kind == "letter"
        and members
        and SET_NAME.match(spelling)
    ):
        return sub, ""
    end = members[-1].span.end
    span = Span(op.span.start, end + (reader.source[end : end + 1] == "}"))
    vector = reader.source[index[0].span.start : index[1].span.end]
    reader.add_note("sum-over-vectors", span, {"vector": vector, "set": spelling, "index": inner[0].text})
    at = next(k for k, n in enumerate(sub) if isinstance(n, Token) and n.is_cmd("\\in"))
    return [inner[0], Token("space", " ", inner[0].span), *sub[at:]], vector


def neighbourhood(
    reader: ExprReader, op: Token, sub: list[Node], body: list[Node]
) -> tuple[list[Node], list[Node], str, str] | None:
    """``\\sum_{j \\in \\mathcal{N}(i)}``: the subscript ``j`` (a sum over every j), the factor ``\\mathcal{N}_{ij}``
    (as nodes) the body is multiplied by, the centre's letter (i) and the set's name as written (``\\mathcal{N}``),
    noted ``sum-over-neighbours``; None for any other subscript.  The set is a name of one letter applied to another
    index letter in parentheses (GraphSAGE's and GIN's ``\\mathcal{N}(v)``), or subscripted by it where the sum's
    ``body`` subscripts a name by both letters (GAT's ``\\sum_{j \\in \\mathcal{N}_i} \\alpha_{ij}``: a quantity per
    edge) or names the summed family at the centre too (:func:`_centre_family`; d2l's
    ``\\sum_{i \\in \\mathcal{B}_t} l_i`` stays a sum over a set)."""
    parts = _split_in(strip_space(sub))
    if op.text != "\\sum" or parts is None:
        return None
    index, members = parts
    if not (len(index) == 1 and isinstance(index[0], Token) and index[0].kind == "letter" and len(members) >= 2):
        return None
    members, itself = _self_loop(members)  # GCN's \mathcal{N}(i) \cup \{ i \}: the neighbours and i itself
    if len(members) < 2:
        return None
    written_centre = members[-1]
    if is_group(written_centre, "paren"):
        name = strip_space(members[:-1])
    elif isinstance(members[-2], Token) and members[-2].is_op("_"):
        name = strip_space(members[:-2])
    else:
        return None
    centre = strip_space(written_centre.children) if isinstance(written_centre, Group) else [written_centre]
    if not (
        len(centre) == 1
        and isinstance(centre[0], Token)
        and centre[0].kind == "letter"
        and centre[0].text != index[0].text
        and name
        and _FAMILY_SET.match(plain_text(name).replace(" ", ""))
    ) or (itself is not None and itself != centre[0].text):
        return None
    end = (parts[1] if itself else members)[-1].span.end  # with a self-loop, up to the braces of {i}
    set_span = Span(name[0].span.start, end)
    if not is_group(written_centre, "paren") and not _per_edge(body, centre[0].text, index[0].text) and not (
            _centre_family(reader.source, body, centre[0].text, index[0].text)):
        return None
    span = Span(op.span.start, end + (reader.source[end : end + 1] == "}"))
    written = reader.source[set_span.start : set_span.end]
    adjacency = plain_text(name).replace(" ", "")
    reader.add_note(
        "sum-over-neighbours",
        span,
        {"set": written, "index": index[0].text, "centre": centre[0].text, "adjacency": adjacency},
    )
    at = written_centre.span  # the subscript stands where (i) is written: the factor is spelt \mathcal{N}(i)
    pair = Group([Token("letter", centre[0].text, at), Token("letter", index[0].text, at)], at, "brace")
    factor = [*name, Token("op", "_", at), pair]
    if itself:  # with the self-loop: (\mathcal{N}_{ij} + \delta_{ij}), the adjacency plus the identity
        again = Group([Token("letter", centre[0].text, at), Token("letter", index[0].text, at)], at, "brace")
        factor = [Group([*factor, Token("op", "+", at), Token("cmd", "\\delta", at), Token("op", "_", at), again],
                        at, "paren")]
    return [index[0]], factor, centre[0].text, adjacency


def _self_loop(members: list[Node]) -> tuple[list[Node], str | None]:
    """``\\mathcal{N}(i) \\cup \\{ i \\}``: the set before ``\\cup`` and the one letter the braces add, else as
    given."""
    cups = [k for k, n in enumerate(members) if isinstance(n, Token) and n.is_cmd("\\cup")]
    if len(cups) != 1:
        return members, None
    after = strip_space(members[cups[0] + 1 :])
    inner = strip_space(after[0].children) if len(after) == 1 and is_group(after[0], "set") else []
    if len(inner) != 1 or not (isinstance(inner[0], Token) and inner[0].kind == "letter"):
        return members, None
    return strip_space(members[: cups[0]]), inner[0].text


def _per_edge(body: list[Node], centre: str, index: str) -> bool:
    """Does ``body`` subscript a name by both letters (GAT's ``\\alpha_{ij}``, GCN's ``c_{ij}``)?"""
    for k, n in enumerate(body):
        if isinstance(n, Token) and n.is_op("_") and k + 1 < len(body):
            letters = {t.text for t in leaf_tokens([body[k + 1]]) if t.kind == "letter"}
            if {centre, index} <= letters:
                return True
        if isinstance(n, Group) and _per_edge(n.children, centre, index):
            return True
    return False


def _centre_family(source: str, body: list[Node], centre: str, index: str) -> bool:
    """Does ``body`` hold a name subscripted by the sum's index that the formula also writes subscripted by
    the centre (Wu & He's group norm ``\\mu_i = \\frac{1}{m}\\sum_{k \\in \\mathcal{S}_i} x_k`` beside ``x_i``)?  Then
    the set is a part of that family's own positions, chosen per centre, and the family cannot hold the set's
    values alone (Bishop's class mean ``\\frac{1}{N_k}\\sum_{n \\in \\mathcal{C}_k} \\mathbf{x}_n`` and d2l's
    ``\\sum_{i \\in \\mathcal{B}_t} l_i`` never write ``x_k``, ``l_t``: sums over a set)."""
    for k, n in enumerate(body):
        if isinstance(n, Group) and _centre_family(source, n.children, centre, index):
            return True
        if not (isinstance(n, Token) and n.is_op("_") and 0 < k < len(body) - 1):
            continue
        if [t.text for t in leaf_tokens([body[k + 1]])] != [index]:
            continue
        bold = k >= 2 and isinstance(body[k - 2], Token) and body[k - 2].is_cmd(*_BOLD)
        name = source[body[k - 2 if bold else k - 1].span.start : body[k - 1].span.end]
        if re.search(re.escape(name) + rf"_(?:\{{\s*{centre}\s*\}}|{centre})(?![A-Za-z0-9])", source):
            return True
    return False


def no_tuple_index(reader: ExprReader, op: Token, index: list[Node], members: list[Node]) -> None:
    """Refuse a tuple of letters as the index of a sum over a set (Rendle et al.'s BPR ``\\sum_{(u,i,j) \\in D_S}``,
    DQN's ``(s, a, r, s')``): a sum over the set's tuples is not read yet (NotSupported, not a malformed index)."""
    if not (len(index) == 1 and is_group(index[0], "paren") and members):
        return
    letters = [t for t in strip_space(index[0].children) if not (isinstance(t, Token) and t.is_op(","))]  # type: ignore[union-attr]
    if len(letters) < 2 or not all(isinstance(t, Token) and t.kind == "letter" for t in letters):
        return
    written = reader.source[index[0].span.start : members[-1].span.end]
    raise reader.error(
        NotSupported,
        f"{op.text} over the tuples of a set ({written}): not read yet",
        op.span,
        f"nest one {op.text} per letter with the set as a 0/1 array of the tuple's indices "
        f"({op.text}_u {op.text}_i {op.text}_j D_{{uij}} \\dots), or name the tuples' values as families over one "
        "index",
    )


def complement(reader: ExprReader, op: Token, sub: list[Node], sup: list[Node] | None, nodes: list[Node],
               j: int) -> list[Node]:
    """``\\sum_{t \\notin M}`` (HuBERT's loss over the unmasked frames, ``\\sum_{h \\not\\in O}``): a sum over every t,
    its body times ``(1 - M_t)``, M a 0/1 mask of the set's members (noted ``sum-outside-set``); the subscript ``t``
    (the factor put before the body, at ``nodes[j]``, in place).  Any other subscript is returned as it is."""
    sub = strip_space(sub)
    at = [k for k, n in enumerate(sub) if isinstance(n, Token) and n.is_cmd("\\notin")]  # \not\in too (the lexer's)
    if op.text != "\\sum" or sup is not None or len(at) != 1:
        return sub
    index, members = strip_space(sub[: at[0]]), strip_space(sub[at[0] + 1 :])
    spelling = plain_text(members).replace(" ", "")
    if not (len(index) == 1 and isinstance(index[0], Token) and index[0].kind == "letter" and members
            and SET_NAME.match(spelling) and "_" not in spelling):
        return sub
    span = Span(op.span.start, members[-1].span.end)
    reader.add_note("sum-outside-set", span, {"index": index[0].text, "set": spelling,
                                              "text": reader.source[span.start : span.end]})
    at_set = Span(members[0].span.start, members[-1].span.end)
    mask = [*members, Token("op", "_", at_set), Group([index[0]], at_set, "brace")]
    factor = Group([Token("number", "1", at_set), Token("op", "-", at_set), *mask], at_set, "paren")
    nodes[j:j] = [factor, Token("cmd", "\\cdot", Span(at_set.end, at_set.end))]
    return [index[0]]

