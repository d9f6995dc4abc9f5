r"""``nabla-name``: ``\nabla_{x}`` with nothing after it to differentiate, the name of a gradient.

Backprop write-ups name the loss's gradient by each variable so: the Triton tutorials' layer-norm backward
``\nabla_{x} = \frac{1}{\sigma}(\nabla_{y} \odot w - \dots)``, ``\nabla_{w} = \nabla_{y} \odot \hat{x}``.  Where the
subscripted ``\nabla`` is followed by a relation, an operator, a closing bracket or the end (no function after it),
it is read as one name, the gradient by that variable, shaped as the variable is (as ``dW`` is, cs231n's), noted;
before, "\nabla of nothing" was refused.  With a step in the subscript (``\nabla_t + \mu \nabla_{t-1}``, a momentum
sum unrolled) it is the gradient at that step, noted ``nabla-step-name``.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import TYPE_CHECKING

from symdl.errors import Span
from symdl.read.lexer import Token
from symdl.read.syntax import AtomSpec, Node, plain_text, strip_space

if TYPE_CHECKING:
    from symdl.read.expr import Emitter, ExprReader

#: operators after which nothing is differentiated: ``\nabla_y \odot w``, ``\nabla_x = ...``
_AFTER_OPS = frozenset({"=", ")", "]", ",", "*", "&", "/", "+"})  # not - (Larochelle's \nabla_{\mathbf{a}} -\log f)
_AFTER_CMDS = frozenset({"\\odot", "\\cdot", "\\times", "\\circ", "\\\\", "\\quad", "\\qquad", "\\leftarrow",
                         "\\approx", "\\right", "\\big", "\\Big", "\\bigg", "\\Bigg"})


def nothing_after(nodes: list[Node], j: int) -> bool:
    """Is ``nodes[j]`` (after a subscripted ``\\nabla``) no function to differentiate: the end, a relation, an
    operator or a closing bracket?"""
    if j >= len(nodes):
        return True
    n = nodes[j]
    return isinstance(n, Token) and ((n.kind == "op" and n.text in _AFTER_OPS) or n.text in _AFTER_CMDS)


def nabla_name(reader: ExprReader, nodes: list[Node], i: int, sub: list[Node], end: int, em: Emitter) -> int:
    """Emit ``\\nabla_{x}`` (``nodes[i:end]``, its subscript ``sub``) as the name of the gradient by x, noted."""
    from symdl.read.atoms import read_atom  # here: atoms reads names, which read this module's callers
    from symdl.read.constructs import emit_power

    inner = strip_space(sub)
    var, _, _ = read_atom(inner, 0, reader.source)
    span = Span(nodes[i].span.start, nodes[end - 1].span.end)
    written = "".join(plain_text(inner).split())
    spec = replace(var, d_of=var.base, base="nabla" + var.base, base_latex=rf"\nabla_{{{var.base_latex}}}",
                   spelling=reader.source[span.start : span.end])
    rule = "nabla-step-name" if re.fullmatch(r"t(?:[+-]\d+)?", written) else "nabla-name"  # Dozat's \nabla_{t-1}
    if rule == "nabla-step-name":  # the gradient at step t - 1: \nabla's member at that step, its own name
        from symdl.read.atoms import parse_subscript

        spec = AtomSpec(base="nabla", base_latex="\\nabla", sub=parse_subscript(written),
                        spelling=reader.source[span.start : span.end])
    reader.add_note(rule, span, {"text": reader.source[span.start : span.end], "by": written}, once_for=written)
    ph = reader.new("atom", span, atom=spec)
    em.placeholder(ph.id, span)
    return emit_power(reader, nodes, end, em)
