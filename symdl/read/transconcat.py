r"""A concatenation of transposed vectors, transposed: Bahdanau et al.'s annotation
``h_j = \left[ \overrightarrow{h}_j^\top ; \overleftarrow{h}_j^\top \right]^\top`` — the forward and backward states
written as rows side by side, the whole turned back into a column.  Read as the column ``[a; b]`` (noted
``transposed-concat``): symdl's ``;`` stacks columns, so stacking the rows and transposing would make a matrix of
two columns, which no DL text means by it.  Parts not all transposed, or no transpose on the whole, are left to
:func:`symdl.read.groups.bracket_group`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from symdl.errors import Span
from symdl.read.atoms import _arg
from symdl.read.constructs import split_top
from symdl.read.extents import _skip_space
from symdl.read.lexer import Token
from symdl.read.superscripts import classify_super
from symdl.read.syntax import Group, Node, strip_space

if TYPE_CHECKING:
    from symdl.read.expr import ExprReader


def _turned(arg: list[Node]) -> bool:
    return classify_super(arg, False) == {"transpose": True}


def _untransposed(part: list[Node]) -> list[Node] | None:
    """``part`` without the ``^\\top`` that ends it; None when it does not end so."""
    part = strip_space(part)
    if len(part) < 3 or not (isinstance(part[-2], Token) and part[-2].is_op("^")):
        return None
    last = part[-1]
    return part[:-2] if _turned(last.children if isinstance(last, Group) else [last]) else None


def transposed_concat(reader: ExprReader, nodes: list[Node], i: int) -> tuple[list[list[Node]], int] | None:
    """The parts of ``[a^\\top; b^\\top]^\\top`` at ``nodes[i]`` without their transposes, and the index after the
    outer ``^\\top`` (noted); None for any other bracket."""
    group = nodes[i]
    assert isinstance(group, Group)
    parts = split_top(group.children, ";")
    k = _skip_space(nodes, i + 1)
    if len(parts) < 2 or k >= len(nodes) or not (isinstance(nodes[k], Token) and nodes[k].is_op("^")):
        return None
    arg, after, _ = _arg(nodes, k + 1, reader.source, "superscript")
    bare = [_untransposed(p) for p in parts]
    if not _turned(arg) or any(b is None for b in bare):
        return None
    reader.add_note("transposed-concat", Span(group.span.start, nodes[after - 1].span.end), {})
    return [b for b in bare if b is not None], after
