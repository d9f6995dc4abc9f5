"""``\\cos(x_1, x_2)``: the cosine similarity of two vectors, as PyTorch's CosineSimilarity and
CosineEmbeddingLoss write it (``1 - \\cos(x_1, x_2)``, ``\\max(0, \\cos(x_1, x_2) - \\text{margin})``).

The cosine of a number has one argument; with two, the arguments are vectors (:mod:`symdl.bind.kinds` promotes
the names in them) and the value is ``x_1^T x_2 / (\\|x_1\\|_2 \\|x_2\\|_2)``, the form symdl reads from the
written-out fraction (noted ``cos-similarity``).  Of two numbers, or of vectors of different lengths, it is
refused.
"""

from __future__ import annotations

import sympy

from symdl.bind.build import is_mat, l2_norm
from symdl.errors import Note, NotSupported, Span
from symdl.read.notes import note, quote


def cosine_similarity(args: list[sympy.Basic], span: Span, source: str, notes: list[Note]) -> sympy.Basic:
    """``x_1^T x_2 / (\\|x_1\\| \\|x_2\\|)`` of two vectors (column vectors of one length)."""
    u, v = args
    if not (is_mat(u) and is_mat(v) and u.shape[1] == 1 and v.shape[1] == 1 and u.shape[0] != 1):
        raise NotSupported(
            "\\cos of two arguments that are not two vectors",
            source=source,
            span=span,
            hint="symdl reads \\cos(x_1, x_2) as the cosine similarity of two vectors (PyTorch's CosineSimilarity); "
            "for the cosine of a number write \\cos(x)",
        )
    if u.shape != v.shape:
        raise NotSupported(
            "the cosine similarity of vectors of different lengths",
            source=source,
            span=span,
            hint="\\cos(x_1, x_2) compares two vectors of one length",
        )
    notes.append(note("cos-similarity", span, {"text": quote(source[span.start : span.end], 60)}))
    return sympy.MatMul(1 / (l2_norm(u) * l2_norm(v)), sympy.Transpose(u), v)  # as the written fraction reads

