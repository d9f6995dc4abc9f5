"""Reading notes that need what binding found (which names are vectors, which letters are indices).

Each function returns where its rule guessed; :meth:`symdl.bind.binder.Binder._reading_notes` notes them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from symdl.bind.names import identity
from symdl.errors import Span

if TYPE_CHECKING:
    from symdl.bind.binder import Binder


def dot_of_numbers(b: Binder) -> list[tuple[Span, str, str]]:
    """``w \\cdot x`` of two plain Latin letters that nothing makes vectors: read as a product of numbers, although
    Nielsen writes the dot product of the vectors w and x so (``w \\cdot x + b``).  ``(span, left, right)`` each."""
    atoms = {k: a for k, a in b.atoms.items() if b.roles[k].kind == "scalar" and a.base.isalpha()
             and len(a.base) == 1 and not (a.greek or a.bold or a.word or a.decorations or a.primes)
             and identity(a) not in b.kinds}  # fmt: skip
    out = []
    for pos in b.rr.dot_positions:
        if b.source[pos] != "\\":
            continue  # '*' between numbers is a product; \times is a product or a cross product of vectors
        left = [k for k in atoms if b.ph[k].span.end <= pos and not b.source[b.ph[k].span.end : pos].strip()]
        right_start = pos + len("\\cdot")
        right = [k for k in atoms if b.ph[k].span.start >= right_start
                 and not b.source[right_start : b.ph[k].span.start].strip()]  # fmt: skip
        if b.source.startswith("\\cdot", pos) and left and right:
            out.append((Span(b.ph[left[0]].span.start, b.ph[right[0]].span.end), atoms[left[0]].spelling,
                        atoms[right[0]].spelling))
    return out
