"""A bilinear form added to a vector: PyTorch's ``nn.Bilinear`` writes ``y = x_1^T A x_2 + b``, one weight matrix
per output feature (A a 3-tensor). Read with A one matrix, ``x_1^T A x_2`` is one number broadcast to every entry
of ``b``, which is never what the writer means; symdl refuses it by name."""

from __future__ import annotations

from collections.abc import Callable

import sympy
from sympy import MatrixExpr

from symdl.errors import NotSupported, Span


def _form_factors(t: sympy.Basic) -> bool:
    """``x^T A y`` (a 1×1 product): a row, then a matrix with no side of 1, then a column."""
    if not (isinstance(t, sympy.MatMul) and t.shape == (1, 1)):
        return False
    mats = [a for a in t.args if isinstance(a, MatrixExpr)]
    return (len(mats) >= 3 and isinstance(mats[0], sympy.Transpose) and mats[0].shape[0] == 1
            and mats[-1].shape[1] == 1 and any(1 not in m.shape for m in mats[1:-1]))


def refuse_form_per_output(written: tuple[sympy.Basic, ...], terms: list[sympy.Basic],
                           span_of: Callable[[sympy.Basic], Span | None], source: str) -> None:
    """Refuse a sum adding bilinear (or quadratic) forms ``x_1^T A x_2`` to column vectors only (``+ b``); a sum
    with other numbers in it (Bishop's ``x^T A x + b^T x + c``) is left to the other rules."""
    forms = [_form_factors(t) for t in terms]
    if not any(forms) or not all(f or (isinstance(t, MatrixExpr) and t.shape[1] == 1 and t.shape[0] != 1)
                                 for f, t in zip(forms, terms, strict=True)):
        return
    for w, t in zip(written, terms, strict=True):
        if _form_factors(t):
            span = span_of(w) or Span(0, len(source))
            raise NotSupported(
                f"{source[span.start : span.end].strip()}: a bilinear form added to a vector (PyTorch's "
                "nn.Bilinear y = x_1^T A x_2 + b) takes one matrix A_k per output feature (A a 3-tensor); with A "
                "one matrix it would be one number broadcast to every entry of the vector, so it is not read",
                source=source, span=span,
                hint="write one output entry with its own matrix, y_k = x_1^T A_k x_2 + b_k, or a sum over "
                     "entries, y_k = \\sum_{i,j} x_{1,i} A_{kij} x_{2,j} + b_k")
