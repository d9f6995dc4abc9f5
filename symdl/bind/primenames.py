"""A primed name that is a name, not a derivative: Szegedy et al.'s smoothed label distribution ``q'``.

Rule ``prime-name``: ``q'(k)`` where ``q'`` is also written on its own (``H(q', p) = -\\sum_k \\log p(k) q'(k)``).
Rule ``prime-definition``: a primed function the formula defines (``q'(k|x) = (1 - \\epsilon) \\delta_{k,y} +
\\epsilon u(k)``, label smoothing) whose unprimed name appears nowhere in the formula, no known function's
is a new function of its own named q' (as a derivative, the definition would give the derivative of a q that is
never written).  Rule ``prime-of-primed``: a primed function of primed names (TD3's ``a'(s')``, the action at the
next state s'): a function of its own, as the derivative of a at s' is no reinforcement-learning object.
Rule ``prime-distribution``: a primed density letter the formula defines (speculative sampling's
``p'(x) = norm(\\max(0, p(x) - q(x)))``): a new distribution, as a density's derivative is no deep-learning object.
Rule ``prime-pair``: a primed function setting a primed name beside its unprimed twin setting the unprimed name
(BYOL's ``v \\triangleq t(x), v' \\triangleq t'(x)``: two augmentations): a function of its own.
``f(x) = x^2 \\\\ f'(x) = 2x`` (f written) and ``\\sigma'(z)`` stay derivatives.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from symdl.read.syntax import AtomSpec, Placeholder, placeholder_id

if TYPE_CHECKING:
    from symdl.bind.binder import Binder


def _written_alone(b: Binder, callee: AtomSpec) -> bool:
    """Is the primed name also written on its own (not applied) in the formula?"""
    return any(a.base == callee.base and a.primes == callee.primes and a.sub == callee.sub for a in b.atoms.values())


def _unprimed_written(b: Binder, callee: AtomSpec) -> bool:
    """Is the name without its primes written anywhere in the formula, alone or applied?"""
    if any(a.base == callee.base and a.primes != callee.primes for a in b.atoms.values()):
        return True
    return any(isinstance(c := q.data.get("callee"), AtomSpec) and c.base == callee.base and c.primes != callee.primes
               for q in b.ph.values() if q.kind == "call")


def _primed_arguments(b: Binder, p: Placeholder) -> bool:
    """Are all the call's arguments primed names (``s'``, the next state)?"""
    atoms = [b.atom_of(a.expr) for a in p.data.get("args", ())]
    return bool(atoms) and all(a is not None and a.primes > 0 for a in atoms)


def prime_rule(b: Binder, p: Placeholder, callee: AtomSpec | None) -> str:
    """The rule that reads this primed call as a function named with its primes ('' for a derivative)."""
    if callee is None or not callee.primes:
        return ""
    if _written_alone(b, callee):
        return "prime-name"
    if p.id in b.defined_entries and p.data.get("known") is None and not _unprimed_written(b, callee):
        return "prime-definition"
    if p.data.get("known") is None and _primed_arguments(b, p):
        return "prime-of-primed"  # TD3's a'(s'), DDPG's target actor \mu'(s_{i+1}'): the next state's action
    if p.id in b.defined_entries and p.data.get("known") is None and callee.base in ("p", "q") and not callee.sub:
        return "prime-distribution"  # speculative sampling's p'(x) = norm(\max(0, q(x) - p(x))): a new distribution
    if p.data.get("known") is None and _paired(b, p, callee):
        return "prime-pair"  # BYOL's v \triangleq t(x), v' \triangleq t'(x): a second augmentation
    return ""


def _paired(b: Binder, p: Placeholder, callee: AtomSpec) -> bool:
    """Is ``t'(x)`` the whole right side of a statement setting a primed name ``v'``, beside a statement setting ``v``
    to the unprimed ``t(x)`` of the same argument (BYOL's two views)?"""
    def sides(st: object) -> tuple[AtomSpec | None, Placeholder | None]:
        exprs = [s.expr for s in st.sides]  # type: ignore[attr-defined]
        k = placeholder_id(exprs[-1]) if len(exprs) == 2 else None
        return b.atom_of(exprs[0]) if len(exprs) == 2 else None, b.ph.get(k) if k is not None else None

    pairs = [sides(st) for st in b.rr.statements]
    mine = next((lhs for lhs, rhs in pairs if rhs is p), None)
    if mine is None or not mine.primes:
        return False
    text = "".join(b.source[a.span.start : a.span.end] for a in p.data.get("args", ()))
    return any(lhs is not None and rhs is not None and lhs.base == mine.base and not lhs.primes
               and isinstance(c := rhs.data.get("callee"), AtomSpec) and c.base == callee.base and not c.primes
               and "".join(b.source[a.span.start : a.span.end] for a in rhs.data.get("args", ())) == text
               for lhs, rhs in pairs)
