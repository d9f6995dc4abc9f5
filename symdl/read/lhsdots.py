r"""Dots that end the parameters of the function a statement defines: Ng's (Coursera DLS) regularised cost
``J(W^{[1]}, b^{[1]}, \ldots) = \frac{1}{m}\sum_i \mathcal{L}(\hat{y}^{(i)}, y^{(i)}) + \dots``, Goodfellow's
``f(x_1, x_2, \dots) = ...`` written loosely: "and the other parameters, of the same kind".

The left side names a function of its parameters; the dots list no member, so nothing on the right can be read
from them.  They are left out of the definition, noted (``lhs-trailing-dots``); the parameters written before them
stay its arguments.  Dots between two members (``f(x_1, \dots, x_n)``) are a run of one family
(:mod:`symdl.read.members`), and dots anywhere but last on the left are still refused.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from symdl.errors import NotSupported, ResourceLimit, Span
from symdl.read.atoms import read_atom
from symdl.read.callorproduct import bare_atom
from symdl.read.constructs import split_top
from symdl.read.lexer import Token
from symdl.read.notes import Note, note
from symdl.read.syntax import Node, is_group, plain_text, seq_span, strip_space

if TYPE_CHECKING:
    from symdl.read.expr import ExprReader

#: the commands that write the dots
DOTS = frozenset({"\\dots", "\\ldots", "\\cdots", "\\dotsc"})


def omitted_rows(parts: list[list[Node]], source: str, notes: list[Note]) -> list[list[Node]]:
    """cs229's deep network ``a^{[1]} = ... \\\\ \\cdots \\\\ a^{[r]} = ...``: a row of dots alone between statements
    stands for the rows left out; the written statements are read, the dots' row dropped (noted ``omitted-rows``).
    A formula of dots alone is left as it is (refused by the statement reader)."""
    def dots(part: list[Node]) -> bool:
        solid = [n for n in strip_space(part) if not (isinstance(n, Token) and n.text in ("&", ",", "."))]
        return len(solid) == 1 and isinstance(solid[0], Token) and solid[0].text in (*DOTS, "\\vdots")

    marked = [dots(p) for p in parts]
    if sum(not m for m in marked) < 2:
        return parts
    for part, m in zip(parts, marked, strict=True):
        if m:
            notes.append(note("omitted-rows", seq_span(strip_space(part), Span(0, 0)), {}))
    return [p for p, m in zip(parts, marked, strict=True) if not m]


def _is_dots(part: list[Node]) -> bool:
    part = strip_space(part)
    return len(part) == 1 and isinstance(part[0], Token) and part[0].text in DOTS


def drop_trailing_dots(reader: ExprReader, lhs: list[Node]) -> list[Node]:
    """``lhs`` without the ``, \\ldots`` that ends the argument list of the call it ends with (noted); ``lhs``
    itself when it ends with no such list, or the dots are its only argument."""
    nodes = strip_space(lhs)
    if not nodes or not is_group(nodes[-1], "paren"):
        return lhs
    group = nodes[-1]
    parts = split_top(group.children, ",")  # type: ignore[union-attr]
    if len(parts) < 2 or not _is_dots(parts[-1]) or any(_is_dots(p) for p in parts[:-1]):
        return lhs
    comma = max(k for k, n in enumerate(group.children) if isinstance(n, Token) and n.is_op(","))  # type: ignore[union-attr]
    dropped = group.children[comma:]  # type: ignore[union-attr]
    reader.add_note("lhs-trailing-dots", seq_span(dropped, group.span), {})
    return [*nodes[:-1], replace(group, children=group.children[:comma])]  # type: ignore[union-attr, type-var]


def refuse_tuple_lhs(lhs: list[Node], source: str) -> None:
    """Refuse several names before one '=' (d2l's ``\\mathbf{w}^*, b^* = \\operatorname*{argmin}_{\\mathbf{w}, b}
    L(\\mathbf{w}, b)``, a pair of optima) by name: a tuple of names is not read yet."""
    parts = split_top(lhs, ",")
    if len(parts) > 1 and all(_name_or_square(strip_space(p), source) for p in parts):
        span = seq_span(lhs, lhs[0].span)
        raise NotSupported(
            "several names on the left of one relation (a tuple: w^*, b^* = ...)",
            source=source,
            span=span,
            hint="write one statement per name, or name the pair: \\theta^* = ...",
        )


def _name_or_square(nodes: list[Node], source: str) -> bool:
    """One name, maybe squared (Wu & He's ``\\mu, \\sigma^2 \\leftarrow \\mathrm{moments}(x)``: the variance's name)."""
    if bare_atom(nodes, source) is not None:
        return True
    if not (nodes and isinstance(nodes[0], Token) and nodes[0].kind in ("letter", "cmd")):
        return False
    try:
        _, end, exponent = read_atom(nodes, 0, source)
    except ResourceLimit:
        raise
    except Exception:  # not a name: the statement reader says why
        return False
    return end == len(nodes) and exponent is not None and plain_text(exponent).strip("{} ") == "2"
