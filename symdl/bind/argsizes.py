"""The size of a sample, sequence or set written in bars: SimPO's length-normalised reward
``\\frac{\\beta}{|y_w|}\\log\\pi_\\theta(y_w|x)`` (|y_w| the number of tokens of the response y_w), the expected
calibration error's ``\\frac{|B_m|}{n}\\left|\\mathrm{acc}(B_m) - \\mathrm{conf}(B_m)\\right|`` (|B_m| the number of
samples in bin m).

A name that the formula writes only inside bars and as a whole argument of an unknown function named by a word, a
subscripted or decorated letter, or \\pi (``\\pi_\\theta(y_w|x)``, ``\\mathrm{acc}(B_m)``) is a sample, sequence or set,
not a number: ``|y_w|`` is its size, a positive count of its own (``n_{y_w}``; of a family, ``n_{B}`` per member), noted
``size-of-argument``.  A set written only in bars, a calligraphic capital or a name something is said to be in
(``|\\mathcal{H}|``, ``|H|`` beside ``h \\in H``), is its number of elements too (``set-size``).  A name also used
in arithmetic (``|w|`` beside ``w^2``), a bold vector, a call of a one-letter
function or a known one (``h(x)``, ``\\sigma(x)``: of a number) or a call on a statement's left side (a
definition's parameter) keep the absolute value; a set a sum runs over keeps the sum's length (``sum-over-set``).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

import sympy

from symdl.bind.names import base_latex
from symdl.bind.sums import inner_exprs
from symdl.functions import KNOWN_FUNCTIONS
from symdl.read.syntax import placeholder_id

if TYPE_CHECKING:
    from symdl.bind.binder import Binder
    from symdl.read.syntax import Placeholder


def _sample_call(b: Binder, p: Placeholder, lhs: set[int]) -> bool:
    """Is ``p`` a call of an unknown function of samples: named by a word, a Greek letter or a subscripted or
    decorated letter, not on a statement's left side?"""
    callee = p.data.get("callee")
    if p.kind != "call" or p.data.get("known") or callee is None or p.id in lhs:
        return False
    if callee.word:
        return callee.base.lower() not in KNOWN_FUNCTIONS  # \mathrm{acc}, not \mathrm{sgn}
    marked = callee.sub is not None or bool(callee.decorations)  # \pi_\theta, p_\theta, q_\phi, \hat{p}
    return marked or callee.base in _POLICIES  # not \sigma(x), \Phi(x), h(x): functions of numbers


#: bare Greek letters that name a distribution over samples (a policy's \pi(a|s), \pi(y|x))
_POLICIES = {"pi"}


def _left_sides(b: Binder) -> set[int]:
    """The placeholders written on the left side of a statement with more than one side."""
    out: set[int] = set()
    for st in b.rr.statements:
        if len(st.sides) > 1:
            out |= {k for s in st.sides[0].expr.free_symbols if (k := placeholder_id(s)) is not None}
    return out


def _uses(b: Binder, spelling: str, lhs: set[int]) -> tuple[int, int] | None:
    """(bars, calls): how often the name spelt ``spelling`` is written alone in bars and as a whole argument of a
    call of samples; None when it is written anywhere else."""
    names = {k for k, a in b.atoms.items() if a.spelling.replace(" ", "") == spelling}
    bars = calls = 0
    for p in b.ph.values():
        for e in inner_exprs(p):
            inside = {placeholder_id(s) for s in e.free_symbols} & names
            if not inside:
                continue
            alone = isinstance(e, sympy.Symbol)
            if alone and p.kind == "abs":
                bars += 1
            elif alone and _sample_call(b, p, lhs):
                calls += 1
            else:
                return None
    sides = [s.expr for st in b.rr.statements for s in st.sides]
    if any({placeholder_id(s) for e in sides for s in e.free_symbols} & names):
        return None
    return bars, calls


def argument_size(b: Binder, inner: Any) -> sympy.Basic | None:
    """``|y_w|`` of a name passed whole to a call of samples (see the module): its size, a positive count of its
    own; None for anything else."""
    k = placeholder_id(inner.expr) if isinstance(inner.expr, sympy.Symbol) else None
    atom = b.atoms.get(k) if k is not None else None
    if atom is None or atom.bold:
        return None
    spelling = atom.spelling.replace(" ", "")
    uses = _uses(b, spelling, _left_sides(b))
    if uses is None:
        return None
    family = next((r for r in b.roles.values() if r.kind == "family" and r.name == atom.base and len(r.indices) == 1
                   and not atom.sub and not atom.decorations), None)
    if not uses[1] and family is not None and isinstance(b.atom(k), sympy.Symbol):  # type: ignore[arg-type]
        b._note("family-size", b.ph[k].span, name=spelling)  # type: ignore[index]
        return b._length_for_key(family.key)  # 1/|x| \sum_i f(x_i): the number of the x_i, the sum's own bound
    rule = "size-of-argument" if uses[1] else "set-size" if _a_set(b, atom, spelling) else None
    if rule is None:
        return None
    obj = b.atom(k)  # type: ignore[arg-type]
    if isinstance(obj, sympy.Indexed):  # |B_m| of bin m: one count per member
        name = f"n_{{{base_latex(atom)}}}"
        base = sympy.IndexedBase(f"n_{obj.base}", integer=True, positive=True)
        size: sympy.Basic = base[obj.indices]
        held: sympy.Basic = base
    elif isinstance(obj, sympy.Symbol):
        name = f"n_{{{spelling}}}"
        size = held = sympy.Symbol(f"n_{obj}", integer=True, positive=True)
    else:
        return None
    b.latex_names.setdefault(held, name)
    b.symbols.setdefault(name, held)
    b._note(rule, b.ph[k].span, name=spelling, input=name)  # type: ignore[index]
    return size


#: calligraphic capitals that name a number, a loss or an objective, not a set (|\mathcal{L}_1 - \mathcal{L}_2|)
_NUMBER_SCRIPTS = frozenset({"L", "J", "E", "O", "R"})


def _a_set(b: Binder, atom: Any, spelling: str) -> bool:
    """Is the name, written only in bars, a set: a calligraphic capital (Shalev-Shwartz & Ben-David's hypothesis
    class ``|\\mathcal{H}|``), or a name the formula says something is in (Mohri et al.'s ``\forall h \\in H``)?"""
    if (atom.cal and atom.base in _NUMBER_SCRIPTS) or atom.sub is not None or atom.decorations:
        return False
    member = r"\\in(?![A-Za-z])\s*" + re.escape(spelling) + r"(?![A-Za-z_{^])"
    return atom.cal or re.search(member, b.source) is not None
