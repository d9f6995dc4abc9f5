r"""``\lim_{n \to \infty} \frac{1}{n} H(w_1, \ldots, w_n)``, ``\lim_{\epsilon \to 0} \frac{f(x + \epsilon v) -
f(x)}{\epsilon}``: a limit of the term after it as one name tends to a value (``^+``/``^-`` for one side), read and
explained as SymPy's unevaluated ``Limit``; evaluating it is refused by name (symdl.numeric).  The term reaches to the
next + or - at its level, as a sum's does."""

from __future__ import annotations

from typing import TYPE_CHECKING

from symdl.errors import NotSupported, Span
from symdl.read.atoms import _arg
from symdl.read.extents import _skip_space, _term_end
from symdl.read.lexer import Token
from symdl.read.syntax import Node, plain_text, strip_space

if TYPE_CHECKING:
    from symdl.read.emit import Emitter
    from symdl.read.expr import ExprReader

_ARROWS = ("\\to", "\\rightarrow", "\\longrightarrow")


def limit(reader: ExprReader, nodes: list[Node], i: int, em: Emitter) -> int:
    """Read the limit whose ``\\lim`` is ``nodes[i]``; return the index after its term."""
    op = nodes[i]
    assert isinstance(op, Token)
    j = _skip_space(nodes, i + 1)
    if j < len(nodes) and isinstance(nodes[j], Token) and nodes[j].is_cmd("\\limits", "\\nolimits"):
        j = _skip_space(nodes, j + 1)
    if not (j < len(nodes) and isinstance(nodes[j], Token) and nodes[j].is_op("_")):
        raise reader.error(NotSupported, "\\lim without the variable and the value it tends to", op.span,
                           "write them below: \\lim_{n \\to \\infty}")
    sub, j, sub_span = _arg(nodes, j + 1, reader.source, "\\lim subscript")
    sub = strip_space(sub)
    at = [k for k, n in enumerate(sub) if isinstance(n, Token) and n.is_cmd(*_ARROWS)]
    var, value = (strip_space(sub[: at[0]]), strip_space(sub[at[0] + 1 :])) if len(at) == 1 else ([], [])
    side = ""
    if len(value) >= 3 and isinstance(value[-2], Token) and value[-2].is_op("^") and plain_text(
            [value[-1]]).strip("{} ") in ("+", "-"):  # \lim_{x \to 0^+}: from above
        side, value = plain_text([value[-1]]).strip("{} "), value[:-2]
    if not var or not value or len(var) > 3:
        raise reader.error(NotSupported, f"\\lim_{{{plain_text(sub).strip()}}}: not one name tending to a value",
                           sub_span, "write the limit's variable and its value: \\lim_{n \\to \\infty}")
    k = _skip_space(nodes, j)
    if k >= len(nodes):
        raise reader.error(NotSupported, "\\lim of nothing", op.span, "write what tends to the limit after it")
    end = _term_end(nodes, k)
    body = nodes[k:end]
    span = Span(op.span.start, nodes[end - 1].span.end)
    where = Span(body[0].span.start, body[-1].span.end)
    ph = reader.new("limit", span, inner=reader.read(body, where), var=reader.read(var, sub_span),
                    value=reader.read(value, sub_span), side=side)
    em.placeholder(ph.id, span)
    return end
