r"""A gradient ``\nabla`` taken by a plain name that stays a number is noted: ``w_{t+1} = w_t - \alpha \nabla
f(w_t)``, ``\theta \leftarrow \theta - \eta \nabla_\theta J(\theta)`` (rule ``nabla-number``).

symdl reads plain letters as numbers, so such an update is read one coordinate at a time, and ``\nabla`` by a number
is the derivative f'(w).  A source writing ``\nabla`` almost always means the gradient by a vector (SGD's iterate, a
policy's parameters), which reads the same entry by entry but not in a matrix product, a norm or a dot product; so
the reading is stated.  The name is the gradient's subscript (``\nabla_\theta L``) or the one argument of the
function it is taken of (``\nabla f(x_k)``); a family's entry (``\nabla_{w_i}``), a declared name, a word, a bold
name and a name another rule made a vector are not noted."""

from __future__ import annotations

from typing import TYPE_CHECKING

from symdl.bind.names import identity
from symdl.bind.shapes import declared_shape
from symdl.bind.upstream import gradient_point
from symdl.read.syntax import AtomSpec, Placeholder, placeholder_id

if TYPE_CHECKING:
    from symdl.bind.binder import Binder

Kinds = dict[tuple[object, ...], str]


def note_nabla_numbers(b: Binder, kinds: Kinds) -> None:
    """Note each ``\\nabla`` taken by a plain name that the other rules left a number (see the module)."""
    seen: set[tuple[object, ...]] = set()
    for p in sorted(b.ph.values(), key=lambda q: q.span.start):
        if p.kind != "grad" or p.data.get("order") == 2:
            continue
        k = _variable(b, p)
        if k is None or k not in b.atoms:
            continue
        a = b.atoms[k]
        if identity(a) in kinds or identity(a) in seen or not _plain(b, k, a):
            continue  # noted once per name, at its first gradient
        seen.add(identity(a))
        b._note("nabla-number", p.span, name=a.spelling, base=a.base_latex,
                grad=b.source[p.span.start : p.span.end])


def _variable(b: Binder, p: Placeholder) -> int | None:
    """The placeholder id of the one name ``p`` is taken by: its subscript, else the one argument of the call it is
    the gradient of (``\\nabla f(x_k)``); None when it is neither a name nor the argument of its function."""
    wrt = p.data.get("wrt")
    point = wrt.expr if wrt is not None else gradient_point(b, p)
    return placeholder_id(point) if point is not None else None


def _plain(b: Binder, k: int, a: AtomSpec) -> bool:
    """A name the note is about: a name of its own (not a family's entry), not a word, not bold (a vector), not
    transposed, not declared, not a differential."""
    return (k in b.roles and b.roles[k].kind != "family" and not a.word and not a.bold and not a.transpose
            and not a.d_of and declared_shape(a, b.declared) is None)
