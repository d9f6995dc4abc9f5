"""A transpose written after a value read whole: a function's value, a gradient, a bracketed part."""

from __future__ import annotations

from typing import TYPE_CHECKING

from symdl.errors import Span
from symdl.read.arith import placeholder_symbol
from symdl.read.syntax import Parsed

if TYPE_CHECKING:
    from symdl.read.expr import Emitter, ExprReader


#: the values a transpose may follow (its operand read whole): a function's value (Bishop's
#: \\boldsymbol{\\phi}(\\mathbf{x})^{\\mathrm{T}}), a gradient or derivative (the Fletcher-Reeves
#: \\nabla_{\\boldsymbol{\\theta}} J(\\boldsymbol{\\theta}_t)^\\top), a bracketed part
TRANSPOSABLE = ("call", "grad", "deriv", "group")


def transpose_value(reader: ExprReader, em: Emitter, sp: Span) -> bool:
    """``^\\top`` after a value just emitted as one placeholder (:data:`TRANSPOSABLE`): that placeholder becomes
    its transpose (a ``transpose`` placeholder; the binder refuses it where the value is a number).  False when
    what precedes is anything else (a number, an operator's result)."""
    last = em.tokens[-1] if em.tokens else None
    if last is None or last.type != "PH":
        return False
    k = int(str(last)[3:-1])
    inner = reader.placeholders[k]
    if inner.kind not in TRANSPOSABLE or reader.source[inner.span.end : sp.start].strip(" {^") != "":
        return False
    em.tokens.pop()
    span = Span(inner.span.start, sp.end)
    ph = reader.new("transpose", span, inner=Parsed(placeholder_symbol(str(last)), inner.span, str(last)),
                    value=True)
    em.placeholder(ph.id, span)
    return True
