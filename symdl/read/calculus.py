"""Sums, products, gradients and derivative fractions.

``\\sum`` with any of its bounds missing gets them filled (lower 1, upper the
length of whatever the index runs over); ``\\nabla_\\theta J(\\theta)`` and
``\\frac{\\partial J}{\\partial \\theta}`` become derivative placeholders.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from symdl.errors import InvalidInput, NotSupported, Span
from symdl.read.atoms import GREEK, _arg
from symdl.read.constructs import _skip_space, emit_power, factor_end, find_close, split_top
from symdl.read.lexer import Token
from symdl.read.syntax import Group, Node, placeholder_text, plain_text, strip_space

if TYPE_CHECKING:
    from symdl.read.expr import Emitter, ExprReader


def _is_d(nodes: list[Node]) -> tuple[bool, list[Node]]:
    """Does ``nodes`` start with a differential (``\\partial`` or ``d``)? Return the rest."""
    nodes = strip_space(nodes)
    if not nodes:
        return False, nodes
    first = nodes[0]
    if isinstance(first, Token) and first.is_cmd("\\partial"):
        return True, strip_space(nodes[1:])
    if isinstance(first, Token) and first.kind == "letter" and first.text == "d":
        return True, strip_space(nodes[1:])
    if (
        isinstance(first, Token)
        and first.is_cmd("\\mathrm")
        and len(nodes) > 1
        and isinstance(nodes[1], Group)
        and plain_text(nodes[1].children) == "d"
    ):
        return True, strip_space(nodes[2:])
    return False, nodes


def derivative(
    reader: ExprReader, num: list[Node], den: list[Node], span: Span, nodes: list[Node], k: int, em: Emitter
) -> int | None:
    """Read ``\\frac{\\partial J}{\\partial \\theta}``; None if the fraction is not a derivative."""
    dn, of = _is_d(num)
    dd, wrt = _is_d(den)
    if not (dn and dd) or not wrt:
        return None
    if (of and isinstance(of[0], Token) and of[0].is_op("^")) or any(
        isinstance(n, Token) and n.is_op("^") for n in wrt[1:2]
    ):
        raise reader.error(NotSupported, "higher-order derivatives", span, "differentiate once at a time")
    after = k
    if not of:  # operator form: \frac{\partial}{\partial x} f(x)
        j = _skip_space(nodes, k)
        end = factor_end(reader, nodes, j)
        if end < len(nodes) and isinstance(nodes[end], Token) and nodes[end].is_op("("):
            end = find_close(reader, nodes, end, "(", ")") + 1
        of, after = nodes[j:end], end
        span = Span(span.start, nodes[end - 1].span.end)
    ph = reader.new("deriv", span, of=reader.read(of, span), wrt=reader.read(wrt, span))
    em.add(placeholder_text(ph.id), span)
    return emit_power(reader, nodes, after, em)


def gradient(reader: ExprReader, nodes: list[Node], i: int, em: Emitter, bold: bool) -> int:
    """``\\nabla_\\theta J(\\theta)``: the gradient of the next factor."""
    j = _skip_space(nodes, i + 1)
    wrt = None
    if j < len(nodes) and isinstance(nodes[j], Token) and nodes[j].is_op("_"):
        arg, j, sp = _arg(nodes, j + 1, reader.source, "\\nabla subscript")
        wrt = reader.read(arg, sp)
    j = _skip_space(nodes, j)
    if j >= len(nodes):
        raise reader.error(
            InvalidInput,
            "\\nabla of nothing",
            nodes[i].span,
            "write the function: \\nabla_\\theta J(\\theta)",
        )
    end = factor_end(reader, nodes, j)
    k = _skip_space(nodes, end)
    if k < len(nodes) and isinstance(nodes[k], Token) and nodes[k].is_op("("):
        head = nodes[j]
        if isinstance(head, Token) and (head.kind == "letter" or (head.kind == "cmd" and head.text[1:] in GREEK)):
            from symdl.read.atoms import read_atom

            reader.function_names.add(read_atom(nodes, j, reader.source)[0].base)
        end = find_close(reader, nodes, k, "(", ")") + 1
    span = Span(nodes[i].span.start, nodes[end - 1].span.end)
    ph = reader.new("grad", span, of=reader.read(nodes[j:end], span), wrt=wrt)
    em.add(placeholder_text(ph.id), span)
    return emit_power(reader, nodes, end, em)


def big_operator(reader: ExprReader, nodes: list[Node], i: int, em: Emitter, bold: bool) -> int:
    """``\\sum``/``\\prod`` with full, partial or no bounds."""
    op = nodes[i]
    assert isinstance(op, Token)
    sub: list[Node] | None = None
    sup: list[Node] | None = None
    j = i + 1
    while True:
        j = _skip_space(nodes, j)
        if j < len(nodes) and isinstance(nodes[j], Token) and nodes[j].is_cmd("\\limits", "\\nolimits"):
            j += 1
            continue
        if j < len(nodes) and isinstance(nodes[j], Token) and nodes[j].is_op("_") and sub is None:
            sub, j, _ = _arg(nodes, j + 1, reader.source, f"{op.text} subscript")
        elif j < len(nodes) and isinstance(nodes[j], Token) and nodes[j].is_op("^") and sup is None:
            sup, j, _ = _arg(nodes, j + 1, reader.source, f"{op.text} superscript")
        else:
            break
    if sub is None:
        raise reader.error(
            NotSupported,
            f"{op.text} without an index",
            op.span,
            f"name the index: {op.text}_{{i=1}}^{{n}} x_i or {op.text}_i x_i",
        )
    parts = split_top(strip_space(sub), "=")
    index_nodes = strip_space(parts[0])
    name = plain_text(index_nodes)
    if any(isinstance(n, Token) and n.is_cmd("\\in") for n in index_nodes):
        raise reader.error(
            NotSupported, "a sum over the elements of a set", op.span, "write the bounds: \\sum_{i=1}^{m}"
        )
    if len(split_top(index_nodes, ",")) > 1:
        raise reader.error(
            NotSupported, "a sum over several indices at once", op.span, "nest the sums: \\sum_i \\sum_j"
        )
    if not name or not (name[0].isalpha() or name.startswith("\\")) or len(parts) > 2:
        raise reader.error(
            InvalidInput,
            f"'{name or plain_text(sub)}' is not an index",
            op.span,
            "an index is a letter: \\sum_{j=1}^{K}",
        )
    index = reader.new("index", op.span, name=name.replace("\\prime", "'"))
    em.add(op.text + "_{" + placeholder_text(index.id) + "=", op.span)
    if len(parts) == 2 and strip_space(parts[1]):
        reader.emit(parts[1], em)
    else:
        em.add("1")
    em.add("}^{")
    if sup is not None and strip_space(sup):
        reader.emit(sup, em)
    else:
        length = reader.new("length", op.span, index=index.data["name"])
        em.add(placeholder_text(length.id))
    em.add("}")
    em.operator_end = len(em.text().rstrip())
    if _skip_space(nodes, j) >= len(nodes):
        raise reader.error(InvalidInput, f"{op.text} of nothing", op.span, "write what is summed after the bounds")
    return j
