"""A parenthesised superscript that is itself an indexed letter: cs229's mini-batch SGD
``\\sum_{k=1}^B \\nabla_\\theta J^{(j_k)}(\\theta)``, the cost of example j_k, the k-th example the batch draws.
A function so written is a member of a family of functions at the sampled example (noted
``function-sampled-member``); a name so written (``x^{(j_k)}``) is refused."""

from __future__ import annotations

import dataclasses
import re
from typing import Any

import sympy

from symdl.errors import NotSupported
from symdl.read.syntax import AtomSpec

#: j_k: an example index j picked by the sum's index k
_SAMPLED = re.compile(r"([A-Za-z])_([A-Za-z0-9])")


def sampled_index(b: Any, callee: AtomSpec | None) -> tuple[str, sympy.Basic] | None:
    """(``j_k``, the value j[k]) when ``callee``'s superscript is a sampled index whose inner letter a sum of the
    formula runs over (or a number); None otherwise."""
    if callee is None or callee.sample is None or (m := _SAMPLED.fullmatch(callee.sample)) is None:
        return None
    outer, inner = m.groups()
    if not inner.isdigit() and inner not in b.sum_names:
        return None
    value = _drawn(b, outer, inner)
    return (callee.sample, value) if value is not None else None


def _drawn(b: Any, outer: str, inner: str) -> sympy.Basic | None:
    """The value ``j[k]`` of the drawn index ``j_k``: entry k (a letter or a number) of the examples drawn, an
    integer array given as an input; None when ``j`` is a name of its own elsewhere in the formula."""
    at = sympy.Integer(int(inner)) if inner.isdigit() else b.index(inner)
    base = b.symbols.setdefault(outer, sympy.IndexedBase(outer, integer=True))
    if not isinstance(base, sympy.IndexedBase):
        return None
    b.latex_names.setdefault(base, outer)
    return base[at]


def no_sampled_names(b: Any) -> None:
    """Refuse a name whose parenthesised superscript is an indexed letter (``x^{(j_k)}``): reading it as one
    fixed example, the same for every k of a sum, would be a silent misreading."""
    for k, a in b.atoms.items():
        if a.sample is not None and _SAMPLED.fullmatch(a.sample):
            raise NotSupported(
                f"the superscript ({a.sample}) on {a.base_latex}: an example index picked by another index "
                f"(a sampled example, {a.base_latex}^{{({a.sample})}})",
                source=b.source,
                span=b.ph[k].span,
                hint=f"name the sampled example as an index of its own (\\sum_{{i \\in \\mathcal{{B}}}} "
                f"{a.base_latex}^{{(i)}} for a mini-batch \\mathcal{{B}})",
            )


def sampled_member(b: Any, callee: AtomSpec | None) -> tuple[str, sympy.Basic, AtomSpec] | None:
    """SVRG's ``\\nabla\\psi_{i_t}(w_{t-1})`` beside ``\\psi_i(\\tilde{w})`` under ``\\sum_i``: a function
    subscripted by an indexed letter (``i_t``, the example drawn at step t) whose family the formula writes by that
    letter is the member at the drawn index, ``\\psi_i`` at ``i = i_t`` (noted ``function-sampled-member``):
    (``i_t``, the value i[t], the callee as the family's); None otherwise."""
    from symdl.read.atoms import parse_subscript

    text = callee.sub.text.replace("{", "").replace("}", "").replace(" ", "") if callee and callee.sub else ""
    if callee is None or callee.sample is not None or (m := _SAMPLED.fullmatch(text)) is None:
        return None
    outer, inner = m.groups()
    callees = [c for q in b.ph.values() if q.kind == "call" and isinstance(c := q.data.get("callee"), AtomSpec)]
    family = [a for a in callees if a.base == callee.base and a.sub is not None and a.sub.text.strip("{} ") == outer
              and a.greek == callee.greek and a.bold == callee.bold]
    if not family or outer not in b.sum_names:
        return None
    value = _drawn(b, outer, inner)
    return (text, value, dataclasses.replace(callee, sub=parse_subscript(outer))) if value is not None else None
