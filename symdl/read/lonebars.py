r"""A lone double bar between two operands, outside square brackets: the concatenation of the two.

PyTorch Geometric writes ``\mathbf{h}_i^{(0)} = \mathbf{x}_i \, \Vert \, \mathbf{0}`` (GatedGraphConv), Set2Set
``\mathbf{q}^{*}_t = \mathbf{q}_t \, \Vert \, \mathbf{r}_t``, EdgeConv ``h_{\mathbf{\Theta}}(\mathbf{x}_i \, \Vert \,
\mathbf{x}_j - \mathbf{x}_i)``: a norm's bars always come in pairs, so one bar alone joins the vectors on its two
sides.  The two operands are wrapped in a square bracket, which :mod:`symdl.read.groups` reads as a concatenation
(GAT's ``[\mathbf{W}h_i \| \mathbf{W}h_j]``, noted ``bar-concat``).  Inside a function's parentheses a bar also
separates a divergence's two distributions (``D_{KL}(P \| Q)``), so there the operands must be bold (vectors).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import replace

from symdl.errors import Span
from symdl.read.groups import concat_bars
from symdl.read.lexer import Token
from symdl.read.syntax import Group, Node

#: tokens that end an operand at the top level: relations, row and column breaks, commas
_ENDS = frozenset({"=", ",", "&", "\\\\", "\\leftarrow", "\\gets", ":=", "\\coloneqq", "\\quad", "\\qquad"})
#: font commands of vectors
_BOLD = frozenset({"\\mathbf", "\\boldsymbol", "\\bm", "\\vec"})


def lone_bars(nodes: list[Node], *, top: bool = True) -> list[Node]:
    """``nodes`` with each lone concatenation bar's operands wrapped in a square bracket (module docstring)."""
    out: list[Node] = []
    for n in nodes:
        if isinstance(n, Group) and n.kind != "bracket":
            children = lone_bars(n.children, top=False)
            if n.kind == "paren" and _lone_bar(children):
                children = [_bracket(children)]
            n = replace(n, children=children)
        out.append(n)
    return _wrap_segments(out) if top else out


def _wrap_segments(nodes: list[Node]) -> list[Node]:
    """Each top-level segment between relations, commas and row breaks that holds one lone bar, bracketed."""
    out: list[Node] = []
    for segment, end in _rows(nodes, lambda n: isinstance(n, Token) and n.text in _ENDS):
        a, b = 0, len(segment)
        while a < b and _blank(segment[a]):
            a += 1
        while b > a and _blank(segment[b - 1]):
            b -= 1
        core = segment[a:b]
        out.extend([*segment[:a], _bracket(core), *segment[b:]] if core and _lone_bar(core) else segment)
        out.extend([end] if end is not None else [])
    return out


def _rows(nodes: list[Node], ends: Callable[[Node], bool]) -> Iterator[tuple[list[Node], Node | None]]:
    """The runs of ``nodes`` between the nodes ``ends`` accepts, each with the node that ends it (None for the last)."""
    row: list[Node] = []
    for n in nodes:
        if ends(n):
            yield row, n
            row = []
        else:
            row.append(n)
    yield row, None


def _blank(n: Node) -> bool:
    return isinstance(n, Token) and n.kind in ("space", "newline")


def _bracket(children: list[Node]) -> Group:
    return Group(list(children), Span(children[0].span.start, children[-1].span.end), "bracket")


def _lone_bar(children: list[Node]) -> bool:
    """One ``\\|`` or ``\\Vert`` (no big operator's, ``\\Vert_{k=1}^K``) between bold operands that hold no call and
    no conditional bar (a divergence's ``D_{KL}(q(z|x) \\| p(z))`` separates two distributions)."""
    at = concat_bars(children)
    if at is None or at[1] - at[0] != 1 or not (isinstance(children[at[0]], Token)
                                                 and children[at[0]].text in _JOINS):
        return False
    after = children[at[1]] if at[1] < len(children) else None
    if isinstance(after, Token) and after.is_op("_", "^"):
        return False
    sides = (children[: at[0]], children[at[1] :])
    return all(_bold(side) and not _called(side) for side in sides)


def _called(nodes: list[Node]) -> bool:
    """Does ``nodes`` hold a parenthesis (a call, a conditional) or a bar?"""
    return any((isinstance(n, Group) and (n.kind == "paren" or _called(n.children)))
               or (isinstance(n, Token) and n.text in ("|", "\\vert", "\\mid")) for n in nodes)


def _bold(nodes: list[Node]) -> bool:
    return any((isinstance(n, Token) and n.text in _BOLD) or (isinstance(n, Group) and _bold(n.children))
               for n in nodes)


#: the bars of a norm
_NORM_BARS = frozenset({"\\|", "\\Vert"})
#: the operators that alone join two vectors: a norm's bar, Hamilton's \oplus (Graph Representation Learning, ch. 5)
_JOINS = _NORM_BARS | {"\\oplus"}


def braced_norms(nodes: list[Node]) -> list[Node]:
    r"""``{\| x \|}^2_2``, ``{\|\mathbf{S}^\top\mathbf{S}\|}_F`` (PyTorch Geometric's PairNorm and DiffPool docs): a
    norm in braces with its scripts after them, read as the norm itself (the braces only group it for TeX)."""
    out: list[Node] = []
    for k, n in enumerate(nodes):
        if isinstance(n, Group):
            n = replace(n, children=braced_norms(n.children))
        after = nodes[k + 1] if k + 1 < len(nodes) else None
        if (isinstance(n, Group) and n.kind == "brace" and isinstance(after, Token) and after.is_op("_", "^")
                and _one_norm(n.children)):
            out.extend(n.children)
            continue
        out.append(n)
    return out


def _one_norm(children: list[Node]) -> bool:
    """Is ``children`` one norm, ``\\| ... \\|`` (two bars, first and last) or a ``\\left\\| ... \\right\\|`` group?"""
    core = [c for c in children if not _blank(c)]
    if len(core) == 1 and isinstance(core[0], Group) and core[0].kind == "delim":
        return core[0].open is not None and core[0].open.text in _NORM_BARS
    bars = [c for c in core if isinstance(c, Token) and c.text in _NORM_BARS]
    return len(core) >= 3 and len(bars) == 2 and core[0] is bars[0] and core[-1] is bars[1]


def named_maps(nodes: list[Node]) -> list[Node]:
    r"""SIREN's ``\mathbf{x}_i \mapsto \phi_i(\mathbf{x}_i) = \sin(\mathbf{W}_i\mathbf{x}_i + \mathbf{b}_i)``: the
    map's variable announced before the function that the rest of the row defines; the row read from the function
    on (the definition says everything the announcement did).  An unnamed map, ``x \mapsto x^2``, is refused by
    :func:`symdl.read.statements` (it names no function)."""
    out: list[Node] = []
    for row, end in _rows(nodes, lambda n: isinstance(n, Token) and n.is_cmd("\\\\")):
        maps = [k for k, m in enumerate(row) if isinstance(m, Token) and m.is_cmd("\\mapsto")]
        equals = [k for k, m in enumerate(row) if isinstance(m, Token) and m.is_op("=")]
        out.extend(row[maps[0] + 1 :] if len(maps) == 1 and equals and equals[0] > maps[0] else row)
        out.extend([end] if end is not None else [])
    return out
