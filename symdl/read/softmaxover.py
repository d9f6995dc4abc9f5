"""A softmax over a named index: GAT's ``\\alpha_{ij} = \\mathrm{softmax}_j(e_{ij})``, attention's
``\\operatorname{softmax}_j(\\text{score}_{ij})``.

``\\mathrm{softmax}_j(x)`` (also ``\\log\\mathrm{softmax}``'s ``\\mathrm{log\\_softmax}_j``) normalises its argument
over the index j that subscripts it: it is read as ``\\frac{\\exp(x)}{\\sum_{j'} \\exp(x')}``, x' being x with j written
j' in its subscripts (noted ``softmax-over-index``), so every other index (i) stays free: the softmax of each row.  A
subscript that is no single index letter of the argument stays refused.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from symdl.errors import Span
from symdl.read.lexer import Token
from symdl.read.syntax import Group, Node, is_group, strip_space

if TYPE_CHECKING:
    from symdl.read.expr import Emitter, ExprReader

#: known functions read over a subscripted index
SOFTMAXES = frozenset({"softmax", "log_softmax"})


def _primed(nodes: list[Node], letter: str, in_sub: bool = False) -> tuple[list[Node], bool]:
    """``nodes`` with ``letter`` written ``letter'`` in every subscript, and whether any was."""
    out: list[Node] = []
    found = False
    after_sub = False
    for n in nodes:
        if isinstance(n, Group):
            children, inner = _primed(n.children, letter, in_sub or after_sub)
            found |= inner
            n = replace(n, children=children)
            out.append(n)
        elif isinstance(n, Token) and n.kind == "letter" and n.text == letter and (in_sub or after_sub):
            out.extend([n, Token("op", "'", Span(n.span.end, n.span.end))])
            found = True
        else:
            out.append(n)
        after_sub = isinstance(n, Token) and n.is_op("_")
    return out, found


def softmax_over(reader: ExprReader, nodes: list[Node], start: int, k: int, known: str, em: Emitter) -> int | None:
    """Read ``softmax_j(x)`` at ``nodes[start:]`` (its ``_`` at ``nodes[k]``) as the module says and emit it (or,
    where the argument has no index j, as :func:`softmax_entry`); the position after it, or None when it is no such
    call."""
    if known not in SOFTMAXES or k + 2 >= len(nodes):
        return None
    sub = nodes[k + 1]
    letters = strip_space(sub.children) if is_group(sub, "brace") else [sub]  # type: ignore[union-attr]
    arg = nodes[k + 2]
    if not (len(letters) == 1 and isinstance(letters[0], Token) and letters[0].kind == "letter" and is_group(arg,
                                                                                                     "paren")):
        return softmax_entry(reader, nodes, start, k, known, em)  # Prince's softmax_k[z]
    letter = letters[0].text
    primed, found = _primed(arg.children, letter)  # type: ignore[union-attr]
    if not found:
        return softmax_entry(reader, nodes, start, k, known, em)  # softmax_k(z): entry k
    at = Span(nodes[start].span.start, arg.span.end)
    z = arg.span

    def group(children: list[Node], kind: str = "brace") -> Group:
        return Group(children, z, kind)

    exp = Token("cmd", "\\exp", z)
    top = [exp, group(list(arg.children), "paren")]  # type: ignore[union-attr]
    bottom = [Token("cmd", "\\sum", z), Token("op", "_", z), group([Token("letter", letter, z), Token("op", "'", z)]),
              Token("space", " ", z), exp, group(primed, "paren")]
    if known == "softmax":
        rewritten: list[Node] = [Token("cmd", "\\frac", z), group(top), group(bottom)]
    else:
        rewritten = [group(list(arg.children), "paren"), Token("op", "-", z), Token("cmd", "\\log", z),  # type: ignore
                     group(bottom, "paren")]
    reader.add_note("softmax-over-index", at, {"text": reader.source[at.start : at.end], "index": letter,
                                                "name": known})
    reader.emit([Group(rewritten, at, "paren")], em)  # one parenthesised operand
    from symdl.read import constructs  # imported here: constructs reads calls, which read this module

    return constructs.emit_power(reader, nodes, k + 3, em)


def softmax_entry(reader: ExprReader, nodes: list[Node], start: int, k: int, known: str, em: Emitter) -> int | None:
    """Prince's ``\\mathrm{softmax}_k[\\mathbf{z}] = \\frac{\\exp[z_k]}{\\sum_{k'} \\exp[z_{k'}]}``: a softmax
    subscripted by a letter its argument does not index (no softmax over it, :func:`softmax_over`) is entry k of
    the softmax of the argument, read as ``\\mathrm{softmax}(\\mathbf{z})_k`` (noted ``softmax-entry``); None when
    it is no such call."""
    from symdl.read.calls import call  # imported here: calls reads this module

    if known not in SOFTMAXES or k + 2 >= len(nodes):
        return None
    sub, arg = nodes[k + 1], nodes[k + 2]
    letters = strip_space(sub.children) if is_group(sub, "brace") else [sub]  # type: ignore[union-attr]
    if not (len(letters) == 1 and isinstance(letters[0], Token) and letters[0].kind == "letter"):
        return None
    if not is_group(arg, "paren", "bracket") or _primed(arg.children, letters[0].text)[1]:  # type: ignore[union-attr]
        return None
    at = Span(nodes[start].span.start, arg.span.end)
    reader.add_note("softmax-entry", at, {"text": reader.source[at.start : at.end], "index": letters[0].text,
                                          "name": known})
    paren = Group(list(arg.children), arg.span, "paren")  # type: ignore[union-attr]
    return call(reader, [*nodes[:k], paren, nodes[k], sub, *nodes[k + 3 :]], start, k, em, known=known)
