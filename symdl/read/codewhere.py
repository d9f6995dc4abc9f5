"""Code's selection by a condition, ``torch.where(cond, a, b)``, ``np.where(x > 0, x, alpha * x)``, ``jnp.where``: the
value ``a`` where the condition holds and ``b`` elsewhere, entry by entry, as the two rows of a ``cases`` (noted
``code-where``: the PyTorch docs' smooth L1, ``torch.where(n < beta, 0.5 * n ** 2 / beta, n - 0.5 * beta)``; numpy's
leaky ReLU).  Three arguments, the first a comparison; anything else is refused naming it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from symdl.errors import NotSupported, Span
from symdl.read.constructs import split_top
from symdl.read.lexer import Token
from symdl.read.syntax import Group, Node, strip_space

if TYPE_CHECKING:
    from symdl.read.expr import ExprReader

#: the comparisons a condition is written with
_COMPARISONS = frozenset({"<", ">", "\\le", "\\ge", "\\leq", "\\geq", "\\lt", "\\gt", "<=", ">="})


def where_call(reader: ExprReader, path: list[str], group: Group, span: Span) -> list[Node]:
    """``where(cond, a, b)`` called as ``path`` on ``group`` (the call at ``span``), as a ``cases`` group, noted."""
    parts = [strip_space(p) for p in split_top(group.children, ",")]
    if len(parts) != 3 or not all(parts) or not any(
            isinstance(n, Token) and (n.text in _COMPARISONS or n.is_op("<", ">")) for n in parts[0]):
        raise reader.error(NotSupported, f"code's '{'.'.join(path)}' with other than a comparison and two values",
                           span, "write where(x > 0, a, b) with a comparison first, or the cases: "
                           "\\begin{cases} a & x > 0 \\\\ b & \\text{otherwise} \\end{cases}")
    cond, yes, no = parts
    whole = Span(span.start, group.span.end)
    body = [*yes, Token("op", "&", group.span), *cond, Token("cmd", "\\\\", group.span), *no]
    reader.add_note("code-where", whole, {"call": ".".join(path)})
    return [Group([Group(body, whole, "env", name="cases")], whole, "paren")]
