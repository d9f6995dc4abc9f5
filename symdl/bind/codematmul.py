"""Names beside code's matrix product ``@`` are arrays (rule ``code-matmul-operand``).

PEP 465's ``@`` multiplies arrays: numpy and PyTorch refuse a number beside it.  A name written right before or
after ``@`` that the promotion passes left a number (cs231n's ``dW = X.T @ dscores + reg * W``, where ``dscores``
is a word; a two-layer net's ``np.maximum(0, x @ W1 + b1) @ W2 + b2``, where ``W2`` follows a call; the receiver
of numpy's ``X.dot(W)`` and the argument after it; the first argument of ``np.dot(X, W)``) is an array:
a matrix when it is a capital or a word (code's batch arrays: ``dscores``, ``hidden``), else a vector.  A last resort,
as :func:`symdl.bind.transposed.transposed_groups` is: the passes run again, so the names added to it follow.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from symdl.bind.names import identity
from symdl.bind.shapes import declared_shape

if TYPE_CHECKING:
    from symdl.bind.binder import Binder

Kinds = dict[tuple[object, ...], str]


def matmul_operands(b: Binder, kinds: Kinds) -> bool:
    """Make each name beside ``@`` still a number an array; True when one was."""
    changed = False
    for k, a in b.atoms.items():
        if a.greek or b.roles[k].kind == "family" or identity(a) in kinds or declared_shape(a, b.declared) is not None:
            continue
        before, after = b.source[: b.ph[k].span.start].rstrip(), b.source[b.ph[k].span.end :].lstrip()
        if not (before.endswith(("@", "dot(")) or after.startswith(("@", ".dot("))):  # X.dot(W), np.dot(X, W)
            continue
        kind = "matrix" if (a.d_of or a.base)[:1].isupper() or a.word else "vector"
        kinds[identity(a)] = kind
        b.code_arrays.append((k, kind))
        changed = True
    return changed
