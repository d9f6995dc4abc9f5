"""Names beside code's matrix product ``@`` are arrays (rule ``code-matmul-operand``).

PEP 465's ``@`` multiplies arrays: numpy and PyTorch refuse a number beside it.  A name written right before or
after ``@`` that the promotion passes left a number (cs231n's ``dW = X.T @ dscores + reg * W``, where ``dscores``
is a word; a two-layer net's ``np.maximum(0, x @ W1 + b1) @ W2 + b2``, where ``W2`` follows a call; the receiver
of numpy's ``X.dot(W)`` and the argument after it; both arguments of ``np.dot(X, W)``) is an array: a matrix when
it is a capital or a word (code's batch arrays: ``dscores``, ``hidden``), else a vector; the second argument of
``np.dot`` is a vector unless it is a capital (Karpathy's ``np.dot(Wxh, xs[t])``: numpy's 1-D array).  A last
resort, as :func:`symdl.bind.transposed.transposed_groups` is: the passes run again, so the names added to it follow.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from symdl.bind.letters import DOT_SECOND
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
        second = DOT_SECOND.search(before) is not None  # np.dot(Wxh, xs[t]): numpy's 1-D vector
        if not (second or before.endswith(("@", "dot(")) or after.startswith(("@", ".dot("))):  # X.dot(W)
            continue
        kind = "matrix" if (a.d_of or a.base)[:1].isupper() or (a.word and not second) else "vector"
        kinds[identity(a)] = kind
        b.code_arrays.append((k, kind))
        changed = True
    return changed
