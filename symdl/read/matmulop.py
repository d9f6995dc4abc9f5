"""Code's operators in formulas copied from code and docs: Python's matrix product ``Q @ K.T`` (``softmax(Q' @ K'^T
/ sqrt(d))``) and C's conditional ``y = x > 0 ? x : slope * x`` (:func:`code_conditionals`).

Between two operands, ``@`` is the matrix product (PEP 465; ``torch.matmul``, ``numpy.matmul``), with spaces or not:
read as the product written by juxtaposition (``Q K^T``), noted (``code-matmul``).  numpy's and PyTorch's ``.T``
attribute right after an operand (``K.T``) is the transpose, as ``K^T`` (noted ``code-transpose``).  An ``@`` that
starts a name (Sphinx docstrings' ``@gamma``, a parameter's reference) is no operator: refused by name, with a hint.
Julia's broadcast macro ``@.`` (Flux's ``agg(@.(-y * log(ŷ + ϵ)))``) makes every operation after it entry-wise: it
is dropped, and what follows read as written (noted ``julia-broadcast``).
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from symdl.errors import InvalidInput, Span
from symdl.read.lexer import Token
from symdl.read.syntax import Group, Node

if TYPE_CHECKING:
    from symdl.read.expr import ExprReader

#: commands after which an ``@`` has no left operand (an operator or a relation sits there)
_NO_OPERAND = {
    "\\cdot",
    "\\times",
    "\\odot",
    "\\circ",
    "\\pm",
    "\\le",
    "\\leq",
    "\\ge",
    "\\geq",
    "\\neq",
    "\\ne",
    "\\leftarrow",
    "\\gets",
    "\\approx",
    "\\in",
    "\\quad",
    "\\qquad",
    "\\\\",
}


def _operand(node: Node | None) -> bool:
    """Can ``node`` end (or start) an operand of a binary ``@``?"""
    if node is None:
        return False
    if isinstance(node, Group):
        return True
    if node.kind in ("letter", "number"):
        return True
    if node.kind == "cmd":
        return node.text not in _NO_OPERAND
    return node.kind == "op" and node.text == "'"  # K' @ V


def _neighbour(nodes: list[Node], k: int, step: int) -> Node | None:
    k += step
    while 0 <= k < len(nodes) and isinstance(nodes[k], Token) and nodes[k].kind in ("space", "newline"):  # type: ignore[union-attr]
        k += step
    return nodes[k] if 0 <= k < len(nodes) else None


def matmul_ops(reader: ExprReader, nodes: list[Node]) -> list[Node]:
    """Each binary ``@`` (inside groups too) as the product by juxtaposition, noted; any other ``@`` refused."""
    out: list[Node] = []
    after_op = False
    skip = -1
    for k, n in enumerate(nodes):
        if k == skip:
            continue
        if _julia_broadcast(nodes, k):  # Flux's agg(@.(-y * log(ŷ + ϵ))): Julia's macro, every operation entry-wise
            reader.add_note("julia-broadcast", Span(n.span.start, nodes[k + 1].span.end), {})
            skip = k + 1
            continue
        if isinstance(n, Group):
            inner = replace(n, children=matmul_ops(reader, n.children))
            # BL @ (I + A): the parenthesis is the right operand, never BL's argument: braced, it is no call
            out.append(Group([inner], n.span, "brace") if after_op and n.kind == "paren" else inner)
            after_op = False
            continue
        if not (isinstance(n, Token) and n.kind == "space"):
            after_op = False
        if _code_transpose(nodes, k):
            reader.add_note("code-transpose", Span(n.span.start, nodes[k + 1].span.end), {})
            out.append(Token("op", "^", n.span))
            continue
        if not n.is_op("@"):
            out.append(n)
            continue
        before, after = _neighbour(nodes, k, -1), _neighbour(nodes, k, 1)
        if not _operand(before) or not (after is not None and (_operand(after) or after.kind == "cmd")):
            raise reader.error(
                InvalidInput,
                "'@' before a name (a Sphinx docstring's @gamma refers to a parameter)",
                n.span,
                "write the parameter's name without @ (gamma); between two matrices, @ is their product: Q @ K^T",
            )
        assert before is not None and after is not None
        reader.add_note("code-matmul", n.span, {})
        out.append(Token("space", " ", n.span))
        after_op = True
    return out


def _julia_broadcast(nodes: list[Node], k: int) -> bool:
    """Is ``nodes[k]`` the ``@`` of Julia's ``@.`` macro (``@. tanh(x)``, ``@.(a * b)``): an ``@`` touching a ``.``
    that a space or a parenthesis follows?"""
    n = nodes[k]
    if not (isinstance(n, Token) and n.is_op("@") and k + 1 < len(nodes)):
        return False
    dot = nodes[k + 1]
    if not (isinstance(dot, Token) and dot.is_op(".") and dot.span.start == n.span.end):
        return False
    after = nodes[k + 2] if k + 2 < len(nodes) else None
    return after is None or (isinstance(after, Group) and after.kind == "paren") or (
        isinstance(after, Token) and after.kind == "space")


def _code_transpose(nodes: list[Node], k: int) -> bool:
    """Is ``nodes[k]`` the ``.`` of numpy's ``.T`` right after an operand (``K.T``), ending there (``K.Tx`` is not)?"""
    n = nodes[k]
    if not (isinstance(n, Token) and n.is_op(".") and 0 < k < len(nodes) - 1 and _operand(nodes[k - 1])):
        return False
    t, after = nodes[k + 1], nodes[k + 2] if k + 2 < len(nodes) else None
    return (
        isinstance(t, Token)
        and t.kind == "letter"
        and t.text == "T"
        and t.span.start == n.span.end
        and not (isinstance(after, Token) and after.kind == "letter")
    )


def code_conditionals(reader: ExprReader, nodes: list[Node]) -> list[Node]:
    """C's and JavaScript's conditional expression, ``y = x > 0 ? x : slope * x`` (the TensorFlow.js and ONNX docs'
    ELU and LeakyReLU): the value after ``?`` where the comparison before it holds, else the value after ``:``, as the
    two rows of a ``cases``, noted (``code-conditional``).  One ``?`` and one ``:`` after a relation, at the top."""
    asks = [k for k, n in enumerate(nodes) if isinstance(n, Token) and n.is_op("?")]
    if not asks:
        return nodes
    colons = [k for k, n in enumerate(nodes) if isinstance(n, Token) and n.is_op(":") and k > asks[0]]
    equals = [k for k, n in enumerate(nodes[: asks[0]]) if isinstance(n, Token) and n.is_op("=")]
    if len(asks) != 1 or len(colons) != 1 or len(equals) != 1 or asks[0] < equals[0] + 2:
        raise reader.error(
            InvalidInput,
            "code's conditional '?' out of the form y = cond ? a : b",
            nodes[asks[0]].span,
            "write y = cond ? a : b, or the rows of a cases: y = \\begin{cases} a & cond \\\\ b & "
            "\\text{otherwise} \\end{cases}",
        )
    ask, colon, at = asks[0], colons[0], equals[0]
    first = next(n for n in nodes[at + 1 :] if not (isinstance(n, Token) and n.kind == "space"))
    start, end = first.span.start, nodes[-1].span.end
    row = Token("cmd", "\\\\", nodes[colon].span)
    body = [*nodes[ask + 1 : colon], Token("op", "&", nodes[ask].span), *nodes[at + 1 : ask], row, *nodes[colon + 1 :]]
    reader.add_note("code-conditional", Span(start, end), {})
    return [*nodes[: at + 1], Group(body, Span(start, end), "env", name="cases")]
