r"""A sum over pairs of indices in order (rule ``sum-over-pairs``): the Boltzmann machine's and the Hopfield
network's energy ``E = -\sum_i s_i b_i - \sum_{i<j} s_i s_j w_{ij}`` (Hinton's lecture notes), each pair once.

``\sum_{i<j}`` with no bounds written, both letters subscripting the summand, is the two sums over all values, the
summand times the indicator of the order: ``\sum_i \sum_j \mathbb{1}[i < j] (\dots)``, the same as ``\sum_j
\sum_{i=1}^{j-1}`` and evaluable (a bound that depends on another index is not).  Before, it was refused ("a
condition on its index between two letters").
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from symdl.errors import Span
from symdl.read.lexer import Token
from symdl.read.syntax import Group, Node, strip_space

if TYPE_CHECKING:
    from symdl.read.expr import ExprReader

_ORDER = {"<": "<", ">": ">", "\\le": "<=", "\\leq": "<=", "\\ge": ">=", "\\geq": ">="}


def pair_sums(reader: ExprReader, op: Token, sub: list[Node], sup: list[Node] | None, used: set[str],
              span: Span) -> list[Node] | None:
    """The nested operators for ``\\sum_{i<j}`` (module docstring), as nodes, noted; None for any other subscript.
    ``used``: the letters that subscript the summand."""
    parts = [n for n in strip_space(sub) if not (isinstance(n, Token) and n.kind == "space")]
    if sup is not None or op.text not in ("\\sum", "\\prod") or len(parts) != 3:
        return None
    a, rel, b = parts
    if not (isinstance(a, Token) and isinstance(b, Token) and isinstance(rel, Token) and a.kind == b.kind == "letter"
            and rel.text in _ORDER and a.text != b.text and {a.text, b.text} <= used):
        return None
    small, large = (a, b) if _ORDER[rel.text] in ("<", "<=") else (b, a)
    last = f"{large.text} - 1" if _ORDER[rel.text] in ("<", ">") else large.text
    reader.add_note("sum-over-pairs", span, {"small": small.text, "large": large.text, "last": last})
    at = a.span
    return [op, Token("op", "_", at), Group([small], at, "brace"),
            op, Token("op", "_", at), Group([large], at, "brace"),
            Token("cmd", "\\mathbb", at), Group([Token("number", "1", at)], at, "brace"),
            Group([a, rel, b], rel.span, "bracket"), Token("space", " ", at)]
