r"""A sum over pairs of indices in order (rule ``sum-over-pairs``): the Boltzmann machine's and the Hopfield
network's energy ``E = -\sum_i s_i b_i - \sum_{i<j} s_i s_j w_{ij}`` (Hinton's lecture notes), each pair once.

``\sum_{i<j}`` with no bounds written, both letters subscripting the summand, is the two sums over all values, the
summand times the indicator of the order: ``\sum_i \sum_j \mathbb{1}[i < j] (\dots)``, the same as ``\sum_j
\sum_{i=1}^{j-1}`` and evaluable (a bound that depends on another index is not).  Before, it was refused ("a
condition on its index between two letters").  ``\sum_{i \neq j}`` likewise, where neither letter is bound before
it (no outer sum, not the left side's index: a Taylor expansion's ``\frac{1}{2}\sum_{i \neq j} h_{ij} \delta u_i
\delta u_j``, LeCun et al.'s Optimal Brain Damage), is the sum over every ordered pair of distinct values (rule
``sum-over-distinct-pairs``; before: over i alone, j left free, silently), when one name carries each letter alone as
its subscript (the pair's members, ``\delta u_i \delta u_j``) and both are index letters (i to n: cs231n's
``\sum_{j \neq c}`` skips the class c); the Hopfield field's ``\sum_{j \ne i} w_{ij} x_j``
keeps i given.
"""

from __future__ import annotations

import re
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
    if not (isinstance(a, Token) and isinstance(b, Token) and isinstance(rel, Token) and _letter(a) and _letter(b)
            and a.text != b.text and {a.text, b.text} <= used):
        return None
    before, after = reader.source[: op.span.start], reader.source[op.span.end :]
    if (rel.is_cmd("\\neq", "\\ne") and {a.text, b.text} <= {*"ijklmn", "\\ell"}
            and _unbound_before(before, a.text, b.text)
            and _symmetric(after, a.text, b.text)):
        reader.add_note("sum-over-distinct-pairs", span, {"a": a.text, "b": b.text})
        at = a.span  # a Taylor expansion's \frac{1}{2}\sum_{i \neq j} h_{ij} \delta u_i \delta u_j: both letters run
        return [op, Token("op", "_", at), Group([a], at, "brace"), op, Token("op", "_", at), Group([b], at, "brace"),
                Token("cmd", "\\mathbb", at), Group([Token("number", "1", at)], at, "brace"),
                Group([a, rel, b], rel.span, "bracket"), Token("space", " ", at)]
    if rel.text not in _ORDER:
        return None
    small, large = (a, b) if _ORDER[rel.text] in ("<", "<=") else (b, a)
    last = f"{large.text} - 1" if _ORDER[rel.text] in ("<", ">") else large.text
    reader.add_note("sum-over-pairs", span, {"small": small.text, "large": large.text, "last": last})
    at = a.span
    return [op, Token("op", "_", at), Group([small], at, "brace"),
            op, Token("op", "_", at), Group([large], at, "brace"),
            Token("cmd", "\\mathbb", at), Group([Token("number", "1", at)], at, "brace"),
            Group([a, rel, b], rel.span, "bracket"), Token("space", " ", at)]


def _letter(t: Token) -> bool:
    """A Latin letter, or ``\\ell`` (WAE-MMD's U-statistic ``\\sum_{\\ell \\neq j} k(z_\\ell, z_j)``)."""
    return t.kind == "letter" or t.is_cmd("\\ell")


def _unbound_before(before: str, *letters: str) -> bool:
    """Is neither letter the left side's index (``y_j = \\sum_{i \\neq j} w_{ij} x_i``: j is given, the sum runs over i
    alone) nor the index of an earlier sum still open here (``\\sum_j (x_j - \\sum_{i \\neq j} \\dots)``; one closed by
    a ``+`` or ``-`` at the top, ``\\sum_i g_i + \\sum_{i \\neq j}``, binds nothing)?"""
    line = re.split(r"\\\\|\n|&|\\quad|\\qquad", before)[-1]
    left = re.split(r"=|\\leftarrow|\\gets|:=|\\triangleq|\\equiv|\\coloneqq", line)
    lhs = left[0] if len(left) > 1 else ""
    if any(re.search(r"(?<![A-Za-z\\])" + re.escape(c) + r"(?![A-Za-z])", lhs) for c in letters):
        return False
    for m in _SUM_OVER.finditer(line):
        if (m.group(1) or m.group(2)) in letters and not _closed(line[m.end() :]):
            return False
    return True


#: a sum or product and its index letter: \sum_i, \sum_{j=1}^n
_SUM_OVER = re.compile(r"\\(?:sum|prod)(?:\\limits)?\s*_\s*(?:\{\s*([a-z])[^{}]*\}|([a-z]))")


def _closed(text: str) -> bool:
    """Does ``text`` (after a sum's subscript) hold a ``+`` or ``-`` outside every group, ending that sum's body?"""
    depth = 0
    for ch in text:
        depth += 1 if ch in "{([" else -1 if ch in "})]" else 0
        if depth < 0:
            return True  # the group the sum sat in closed
        if depth == 0 and ch in "+-":
            return True
    return False


def _symmetric(after: str, a: str, b: str) -> bool:
    """Does one name after the sum carry each letter alone as its subscript (OBD's ``\\delta u_i \\delta u_j``, a
    pair's two members)?  The Hopfield field's ``\\sum_{j \\ne i} w_{ij} x_j`` has none: i is given, j summed."""
    def bases(c: str) -> set[str]:
        return {m.group(1) for m in re.finditer(r"(\\?[A-Za-z]+)\s*_\s*\{?\s*" + re.escape(c) + r"\s*\}?(?![A-Za-z])",
                                                after)}
    return bool(bases(a) & bases(b))
