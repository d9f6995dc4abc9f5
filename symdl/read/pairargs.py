r"""A pair passed as one argument: Shalev-Shwartz & Ben-David's loss of a labelled example,
``\ell(\mathbf{w}, (\mathbf{x}, y))``, is the loss of w at x and y: the pair's entries are the call's arguments
(noted ``pair-argument``), never a tuple value symdl has no reading of.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from symdl.errors import Span
from symdl.read.lexer import Token
from symdl.read.syntax import Node, is_group, strip_space

if TYPE_CHECKING:
    from symdl.read.expr import ExprReader


def pair_arguments(reader: ExprReader, children: list[Node], span: Span) -> list[Node]:
    """``children`` of a call's parenthesis with each argument that is a parenthesised list spliced in (see the
    module); as they were when there is none or the call has one argument only."""
    from symdl.read.constructs import split_top  # constructs reads calls, which read this module

    parts = split_top(children, ",")
    if len(parts) < 2:
        return children
    out: list[Node] = []
    spliced = False
    for k, part in enumerate(parts):
        inner = strip_space(part)
        if len(inner) == 1 and is_group(inner[0], "paren") and len(split_top(inner[0].children, ",")) > 1:  # type: ignore[union-attr]
            part, spliced = list(inner[0].children), True  # type: ignore[union-attr]
        if k:
            out.append(Token("op", ",", Span(part[0].span.start, part[0].span.start) if part else span))
        out.extend(part)
    if spliced:
        reader.add_note("pair-argument", span, {"text": reader.source[span.start : span.end][:60]})
    return out if spliced else children
