"""Sequences written with dots: ``x_1 + x_2 + \\dots + x_n``, ``w_1 x_1 \\cdots w_n x_n``, ``[0, \\dots, 0]``.

The first and last terms around the dots must be the same expression except
for one subscript that runs from a number (``1``) to a bound (``n``); the
result is ``Sum``/``Product`` over a fresh index of the first term with that
subscript made an index.  Anything else is refused with a positioned error.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

import sympy

from symdl.bind.names import NameRole, base_name
from symdl.bind.seriespattern import read_series
from symdl.errors import NotSupported, Span
from symdl.read.syntax import AtomSpec, SubscriptSpec, placeholder_id

if TYPE_CHECKING:
    from symdl.bind.binder import Binder

INDEX_CHOICES = ("i", "j", "k", "l", "r", "q")
SEQUENCE_HINT = "write x_1 + x_2 + \\dots + x_n, or the sum with \\sum_{i=1}^{n}"


def _dots_ids(b: Binder, expr: sympy.Basic) -> list[int]:
    return [k for a in expr.args if (k := placeholder_id(a)) is not None and k in b.ph and b.ph[k].kind == "dots"]


def _atoms_in_order(b: Binder, e: sympy.Basic) -> list[int]:
    ids = {placeholder_id(s) for s in e.free_symbols}
    return sorted((k for k in ids if k is not None and k in b.atoms), key=lambda k: b.ph[k].span.start)


def sequence(b: Binder, expr: sympy.Basic) -> sympy.Basic | None:
    """``Sum``/``Product`` for an Add/Mul with dots among its terms; None if it has none."""
    dots = _dots_ids(b, expr)
    if not dots:
        return None
    where = b.ph[dots[0]].span

    def refuse(message: str, hint: str = SEQUENCE_HINT) -> NotSupported:
        return NotSupported(message, source=b.source, span=where, hint=hint)

    def or_pattern(message: str, hint: str = SEQUENCE_HINT) -> sympy.Basic:
        """The series' pattern (symdl.bind.seriespattern) where this rule refuses; else its refusal."""
        found = read_series(b, expr, dots[0]) if len(dots) == 1 else None
        if found is None:
            raise refuse(message, hint)
        return found

    def pos(a: sympy.Basic) -> int:
        return min((b.ph[k].span.start for k in _atoms_in_order(b, a)), default=10**9)

    def shape(a: sympy.Basic) -> tuple[object, ...]:
        return tuple(b.atoms[k].family_key_parts() for k in _atoms_in_order(b, a))

    terms = sorted((a for a in expr.args if placeholder_id(a) not in dots), key=pos)
    after = [a for a in terms if pos(a) > where.start]
    if len(dots) > 1 or not after:
        return or_pattern("this use of \\dots")
    last = after[0]
    members = [a for a in terms if pos(a) < where.start and shape(a) == shape(last)]
    if not members:
        return or_pattern("nothing before \\dots matches the term after it")
    first = members[0]
    others = [a for a in terms if a is not last and all(a is not m for m in members)]
    fa, la = _atoms_in_order(b, first), _atoms_in_order(b, last)
    varying = [(f, g) for f, g in zip(fa, la, strict=False) if _sub(b.atoms[f]) != _sub(b.atoms[g])]
    same_names = len(fa) == len(la) and all(
        b.atoms[f].family_key_parts() == b.atoms[g].family_key_parts() for f, g in zip(fa, la, strict=True)
    )
    bounds = {(_sub(b.atoms[f]), _sub(b.atoms[g])) for f, g in varying}
    if not varying or not same_names or len(bounds) != 1:
        return or_pattern("the terms around \\dots do not differ by one subscript")
    lo, hi = bounds.pop()
    if not lo.isdigit():
        return or_pattern(f"a sequence starting at '{lo}'", "start the sequence at a number: x_1 + \\dots + x_n")
    if not _steps_by_one(b, members, [f for f, _ in varying], int(lo)):  # x_1 + x_3 + \dots + x_7: odd ones
        return or_pattern("the terms before \\dots do not step by one")
    used = {letter for a in b.atoms.values() if a.sub and a.sub.terms for letter, _ in a.sub.terms}
    used |= {a.base for a in b.atoms.values()} | {p.data["name"] for p in b.ph.values() if p.kind == "index"}
    index = next((c for c in INDEX_CHOICES if c not in used), "k_0")
    idx = b.index(index)
    for f, _ in varying:  # the first term's varying names become elements of a family
        spec = replace(b.atoms[f], sub=SubscriptSpec(index, ((index, 0),)), spelling=_base_spelling(b.atoms[f]))
        b.atoms[f] = spec
        b.roles[f] = NameRole("family", base_name(spec), _base_spelling(spec), ((index, 0),))
        b.cache.pop(f, None)
    body = b.convert_expr(first)
    upper = int(hi) if hi.isdigit() else _bound(b, hi, where)
    if isinstance(expr, sympy.Add):
        return sympy.Add(sympy.Sum(body, (idx, int(lo), upper)), *[b.convert_expr(o) for o in others])
    return sympy.Mul(sympy.Product(body, (idx, int(lo), upper)), *[b.convert_expr(o) for o in others])


def _steps_by_one(b: Binder, members: list[sympy.Basic], varying: list[int], lo: int) -> bool:
    """Is the subscript that varies lo in the first member, lo + 1 in the second, and so on?"""
    first = _atoms_in_order(b, members[0])
    at = [first.index(f) for f in varying]
    for j, m in enumerate(members[1:], 1):
        names = _atoms_in_order(b, m)
        if len(names) != len(first) or any(_sub(b.atoms[names[i]]) != str(lo + j) for i in at):
            return False
    return True


def _sub(a: AtomSpec) -> str:
    return a.sub.text if a.sub else ""


def _base_spelling(a: AtomSpec) -> str:
    s = a.spelling
    cut = s.rfind("_")
    return s[:cut] if cut > 0 else s


def _bound(b: Binder, text: str, where: Span) -> sympy.Basic:
    sym = sympy.Symbol(text, real=True) if text.isalpha() else None
    if sym is None:
        raise NotSupported(
            f"the bound '{text}'", source=b.source, span=where, hint="end the sequence at a name or a number: x_n"
        )
    b.symbols.setdefault(text, sym)
    return sym


def constant_vector(b: Binder, parts: list[sympy.Basic], k: int) -> sympy.Basic:
    """``[c, \\dots, c]``: a column of the constant ``c`` whose length comes from its context."""
    consts = [p for p in parts if not (placeholder_id(p) is not None and b.ph[placeholder_id(p)].kind == "dots")]
    _no_member_list(b, consts, k)
    values = {b.convert_expr(c) for c in consts}
    if len(values) != 1 or not all(v.is_number for v in values):
        raise NotSupported(
            "a vector with \\dots between different entries",
            source=b.source,
            span=b.ph[k].span,
            hint="symdl reads constant vectors such as [0, \\dots, 0]",
        )
    rows, _ = b.literal_shape(k)
    value = values.pop()
    return sympy.ZeroMatrix(rows, 1) if value == 0 else value * sympy.OneMatrix(rows, 1)


def _no_member_list(b: Binder, parts: list[sympy.Basic], k: int) -> None:
    """Refuse ``[\\mathbf{x}_0, \\mathbf{x}_1, \\ldots, \\mathbf{x}_{\\ell-1}]`` (DenseNet's input to layer ℓ) by name:
    members of one family listed with ``\\dots`` between them are their concatenation, which symdl does not read
    yet; it is no constant vector."""
    atoms = [b.atoms.get(i) for i in (placeholder_id(p) for p in parts) if i is not None]
    if len(atoms) != len(parts) or len(atoms) < 2 or any(a is None or a.sub is None for a in atoms):
        return
    if len({(a.base, a.decorations, a.bold) for a in atoms if a is not None}) != 1 or not (
            atoms[0] is not None and (atoms[0].bold or "vec" in atoms[0].decorations)):
        return
    first, last = atoms[0], atoms[-1]
    assert first is not None and last is not None
    raise NotSupported(
        f"a concatenation of a family's members {first.sub.text}..{last.sub.text} "
        f"({first.spelling}, ..., {last.spelling}) is not read yet",
        source=b.source, span=b.ph[k].span,
        hint=f"name the concatenated vector (\\mathbf{{z}}_{{{last.sub.text}}}) and write the layer of it, "
        f"or list a fixed number of members without \\dots: [{first.spelling}; {last.spelling}]")
