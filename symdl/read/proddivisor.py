r"""A product's divisor that does not depend on its index (rule ``prod-divisor``).

TeX's ``\prod`` takes the term after it, and a term runs through ``/``: ``\prod_j x_j^{\alpha_j - 1} / Z`` (the
Dirichlet density as the TensorFlow Probability docs write it, ``Z`` its normaliser) would divide every factor by
Z, the product by Z^n.  For a sum the two readings agree; for a product they do not, and a reader divides once: a
divisor after the last ``/`` of the body that does not mention the index is read outside the product (noted; the
other reading is written with parentheses, ``\prod_j (x_j / Z)``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from symdl.errors import Span
from symdl.read.extents import _skip_space, _term_end
from symdl.read.lexer import Token
from symdl.read.syntax import Group, Node, plain_text, strip_space

if TYPE_CHECKING:
    from symdl.read.expr import ExprReader


def _letters(nodes: list[Node]) -> set[str]:
    """The letters written in ``nodes``, groups included (``Z``, ``\\Gamma`` as its command)."""
    out: set[str] = set()
    for n in nodes:
        if isinstance(n, Group):
            out |= _letters(n.children)
        elif isinstance(n, Token) and n.kind in ("letter", "cmd"):
            out.add(n.text)
    return out


def _binds(nodes: list[Node], index: str) -> bool:
    """Does a sum or product inside ``nodes`` run over ``index`` itself (the Dirichlet's normaliser
    ``\\Gamma(\\sum_j \\alpha_j)``: that j is the inner sum's own, not the product's)?"""
    for k, n in enumerate(nodes):
        if isinstance(n, Group) and _binds(n.children, index):
            return True
        if isinstance(n, Token) and n.is_cmd("\\sum", "\\prod") and k + 2 < len(nodes) and nodes[k + 1].is_op("_"):  # type: ignore[union-attr]
            sub = nodes[k + 2]
            first = sub.children[0] if isinstance(sub, Group) and sub.children else sub
            if isinstance(first, Token) and first.text == index:
                return True
    return False


def divisor_outside(reader: ExprReader, nodes: list[Node], i: int, j: int, sub: list[Node]) -> bool:
    """Hold the product at ``nodes[i]`` (its bounds up to ``j``) with its body up to the last top-level ``/`` of the
    body's term together as one parenthesis (in place), when what follows that ``/`` does not mention the index;
    True when it did, and the note is made."""
    index = next((t.text for t in strip_space(sub) if isinstance(t, Token) and t.kind == "letter"), None)
    start = _skip_space(nodes, j)
    end = start + _term_end(nodes[start:], 0)
    slashes = [k for k in range(start, end) if isinstance(nodes[k], Token) and nodes[k].is_op("/")]
    if index is None or not slashes or slashes[-1] + 1 >= end:
        return False
    body, divisor = nodes[start : slashes[-1]], nodes[slashes[-1] + 1 : end]
    if (index in _letters(divisor) and not _binds(divisor, index)) or index not in _letters(body):
        return False
    group = Group(nodes[i : slashes[-1]], Span(nodes[i].span.start, nodes[slashes[-1] - 1].span.end), "paren")
    reader.add_note("prod-divisor", Span(nodes[i].span.start, nodes[end - 1].span.end), {
        "index": index, "divisor": plain_text(divisor).strip()})
    nodes[i : slashes[-1]] = [group]
    return True
