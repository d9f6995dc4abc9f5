"""A function whose subscript is several letters, one of them bound by a sum or max (cs229's ``P_{sa}(s')``).

cs229's Bellman equation ``V(s) = R(s) + \\max_{a} \\gamma \\sum_{s'} P_{sa}(s') V(s')`` writes the state-transition
probabilities as one function P indexed by the state s and the action a: the max over a runs over P's subscript, so
each letter of the subscript is a leading argument, ``P(s, a, s')`` (Sutton & Barto's ``P(s'|s, a)`` form).
"""

from __future__ import annotations

import dataclasses
import re
from typing import TYPE_CHECKING

import sympy

from symdl.errors import NotSupported
from symdl.read.syntax import AtomSpec

if TYPE_CHECKING:
    from symdl.bind.binder import Binder


#: a function applied inside a subscript: the \pi(s) of cs229's P_{s\pi(s)}(s')
_APPLIED = re.compile(r"(?:\\[A-Za-z]+|[A-Za-z])\(")


#: a subscript written as one text box (\mathrm{...}, \text{...}): a label, whatever it holds
_WRAPPED = re.compile(r"^[^_]*_\s*\{?\s*\\(?:mathrm|text|textrm|operatorname|mathit)\s*"
                      r"\{[^{}]*\([^{}]*\)[^{}]*\}\s*\}?\s*\(")


def refuse_applied_subscript(b: Binder, callee: AtomSpec | None, span: object) -> None:
    """cs229's ``V^\\pi(s) = R(s) + \\gamma \\sum_{s'} P_{s\\pi(s)}(s') V^\\pi(s')``: a function applied inside the
    subscript of a function applied to arguments is a value the subscript computes, not read yet (it was a label)."""
    if callee is None or callee.sub is None or callee.sub.terms is not None or not _APPLIED.search(callee.sub.text):
        return
    written = b.source[span.start : span.end] if hasattr(span, "start") else ""  # type: ignore[attr-defined]
    if _WRAPPED.search(written):  # Goldberg's L_{\mathrm{hinge(binary)}}: a label in a text box, parentheses and all
        return
    raise NotSupported(
        f"a function applied in the subscript of {callee.spelling}", source=b.source, span=span,  # type: ignore[arg-type]
        hint="write the subscript's values as arguments, as Sutton & Barto do: P(s' | s, \\pi(s)) for cs229's "
        "P_{s\\pi(s)}(s')")


def _scalar_atom(b: Binder, letter: str) -> sympy.Basic | None:
    """The value of the plain letter ``letter`` where the formula writes it alone (the s of cs229's ``V(s)``)."""
    for k, a in b.atoms.items():
        if (a.base == letter and a.sub is None and not a.bold and not a.word and not a.decorations
                and a.primes == 0 and a.sample is None and a.layer is None):
            return b.atom(k)
    return None


def family_letters(b: Binder, callee: AtomSpec | None, free: dict[str, str]) -> list[sympy.Basic] | None:
    """The values of the letters of an unknown function's subscript of two or more distinct single letters, at
    least one bound by a sum, max or argmax of the formula and each other one bound too, a free index, a letter the
    formula writes alone, or a lower-case label (an integer given with the inputs: KAN's layer l); else None."""
    if callee is None or callee.word or callee.sub is None or callee.sub.terms is None:
        return None
    terms = callee.sub.terms
    letters = [t for t, _ in terms]
    if (len(terms) < 2 or any(off != 0 or len(t) != 1 for t, off in terms) or len(set(letters)) != len(letters)
            or not any(t in b.sum_names for t in letters)):
        return None
    values: list[sympy.Basic] = []
    for t in letters:
        value = b.index(t) if t in b.sum_names or t in free else _scalar_atom(b, t)
        if value is None and t.islower() and ("," in callee.sub.text or len(letters) == 2):
            value = b._value_label(t)  # KAN's \phi_{l,j,i}(x_{l,i}) under \sum_i: layer l, a label's value (never
            # the letters of a word, \mathcal{L}_{style})
        if value is None:
            return None
        values.append(value)
    return values


def as_family(b: Binder, callee: AtomSpec, values: list[sympy.Basic], span: object) -> AtomSpec:
    """Note the reading and drop the subscript: ``P_{sa}(s')`` is ``P(s, a, s')``."""
    letters = ", ".join(t for t, _ in callee.sub.terms or ())  # type: ignore[union-attr]
    bound = ", ".join(t for t, _ in callee.sub.terms or () if t in b.sum_names)  # type: ignore[union-attr]
    b._note("function-family-letters", span, name=callee.spelling, letters=letters, bound=bound,
            base=callee.base_latex)
    return dataclasses.replace(callee, sub=None, sample=None)
