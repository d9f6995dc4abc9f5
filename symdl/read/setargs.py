"""A set brace after a named reduction is its argument: the PyTorch docs' MSELoss ``\\ell(x, y) =
\\operatorname{mean}\\{(x_n - y_n)^2\\}`` is the mean of the squared differences, never the product of a name mean and
a set.  ``\\operatorname{mean}``, ``\\mathrm{sum}`` (and ``\\text{...}``) before ``\\{...\\}`` read as before
parentheses (the mean of the entries of the array, noted there); ``sum`` is TeX's ``\\sum`` over the index the
names inside are subscripted by, as ``\\sum\\{...\\}`` is (noted ``set-brace-argument``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from symdl.errors import Span
from symdl.read.lexer import Token
from symdl.read.syntax import Group, Node, is_group, plain_text, rewrite_nodes, strip_space

if TYPE_CHECKING:
    from symdl.read.expr import ExprReader

#: the reductions a set brace may follow, written as a named operator
_REDUCTIONS = ("mean", "sum")
#: the commands a reduction's word is typeset in (a set brace or, symdl.read.pasted, a parenthesis after it)
REDUCTION_NAMERS = ("\\operatorname", "\\mathrm", "\\text", "\\textrm")


def set_arguments(reader: ExprReader, nodes: list[Node]) -> list[Node]:
    """``nodes`` (and their groups) with each ``\\operatorname{mean}\\{...\\}`` as ``\\operatorname{mean}(...)`` and
    each ``\\operatorname{sum}\\{...\\}`` as ``\\sum(...)``, noted."""
    return rewrite_nodes(nodes, lambda ns, k, out: _set_argument(reader, ns, k, out))


def _set_argument(reader: ExprReader, nodes: list[Node], k: int, out: list[Node]) -> int | None:
    """The reduction with a set brace at ``nodes[k]``, rewritten onto ``out``; the index after it, else None."""
    word = _reduction_at(nodes, k)
    if word is None:
        return None
    n, brace = nodes[k], nodes[k + 2]
    assert isinstance(brace, Group)
    reader.add_note("set-brace-argument", Span(n.span.start, brace.span.end), {"word": word})
    paren = Group(set_arguments(reader, brace.children), brace.span, "paren")
    out += [Token("cmd", "\\sum", Span(n.span.start, nodes[k + 1].span.end)), paren] if word == "sum" else \
        [n, nodes[k + 1], paren]
    return k + 3


def _reduction_at(nodes: list[Node], k: int) -> str | None:
    """The reduction named at ``nodes[k]`` (``\\operatorname{mean}``) when a set brace follows it right away."""
    if k + 2 >= len(nodes) or not (isinstance(nodes[k], Token) and nodes[k].is_cmd(*REDUCTION_NAMERS)):  # type: ignore[union-attr]
        return None
    name, brace = nodes[k + 1], nodes[k + 2]
    if not is_group(name, "brace") or not is_group(brace, "set"):
        return None
    word = plain_text(name.children).strip()  # type: ignore[union-attr]
    return word if word in _REDUCTIONS else None


def members_set(inner: list[Node]) -> list[Node] | None:
    """The name of ``\\{p_i\\}`` (one plain name by one index letter in set braces: the set of its members, the whole
    family), without its subscript; else None."""
    marks = [k for k, n in enumerate(inner) if isinstance(n, Token) and n.is_op("_")]
    if len(marks) != 1 or marks[0] != len(inner) - 2:
        return None
    name, sub = inner[: marks[0]], inner[-1]
    letter = strip_space(sub.children) if isinstance(sub, Group) and sub.kind == "brace" else [sub]
    if not (len(letter) == 1 and isinstance(letter[0], Token) and letter[0].kind == "letter"
            and letter[0].text in "ijklmnt"):
        return None
    one = len(name) == 1 and isinstance(name[0], Token) and name[0].kind in ("letter", "cmd")
    return name if one else None  # (a bold family's bare name would be read as one vector, its x_i as entries)
