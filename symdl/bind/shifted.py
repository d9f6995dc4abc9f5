"""An entry of a family at a computed position: Sutton & Barto's ``r_{t+k}``, Goodfellow's ``x_{i+k}`` and
``I_{i+m, j+n}``, Nielsen's ``a_{j+l, k+m}``, d2l's ``[\\mathsf{X}]_{i+a,j+b,c}``.

Each position of the subscript is an integer-linear expression of lower-case index letters (read by
:mod:`symdl.read.linearsub`); the name reads as its family's entry there, ``r[t + k]``, the same family as ``r_t``
elsewhere in the formula.  Numerically the caller gives an array long enough for every position the sums reach
(with 1-based indices, ``r_{t+k}`` for ``k = 0..K`` needs ``t + K`` entries); a position outside it is an
InvalidInput from the evaluator, never a wrapped negative index.  A capital among the letters that no sum binds
(the forecast origin T of M4's ``y_{T+i}``, d2l's ``o_{T+t-i}``) is a number added to the index, an input, noted
``offset-position``; a lower-case letter beside indices that is neither (d2l's channel c of
``[\\mathsf{X}]_{i+a,j+b,c}``) stays refused (symdl.bind.guards).

A term may multiply its index by a stride (pooling's ``x_{is+a,\\,js+b}``, a dilated convolution's ``x_{si+dk}``,
``x_{\\text{stride}\\cdot i+k}``): of the two letters of the product, the one that is an index of the formula is the
index and the other, no index, is a number (a stride or a dilation, noted ``strided-position``), read as the scalar
that name is anywhere else.  A product of two indices (``x_{ij+k}``) or of two numbers is not read.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

import sympy

from symdl.bind.names import STEP_LETTERS, NameRole, base_name, family_key
from symdl.read.linearsub import term_letters
from symdl.read.syntax import AtomSpec, placeholder_id

Positions = tuple[tuple[tuple[tuple[str, int], ...], int], ...]


def computed_role(a: AtomSpec, indices: set[str], atoms: Iterable[AtomSpec],
                  numbers: Iterable[str] = ()) -> NameRole | None:
    """The role of a name whose subscript computes its positions from index letters, else None: every letter an
    index of the formula (summed, or a conventional i, j, k) or the step t, and at least one an index; the step t
    only when no name of the same letter is written at step t alone (``w_t``, a name of its own there).  A word
    position (Vaswani et al.'s ``pos`` in ``PE_{(pos,2i)} = \\sin(pos/10000^{2i/d})``) is an index only when the
    formula writes the word alone elsewhere, as the variable the entries are defined for."""
    linear = a.sub.linear if a.sub is not None else None
    if linear is None or a.sample or a.layer or a.transpose:
        return None
    linear = _strides_last(linear, indices | STEP_LETTERS)
    if linear is None:
        return None  # x_{ij+k}: a product of two indices (or of two numbers) is no stride times an index
    letters = [term_letters(letter)[0] for coeffs, _ in linear for letter, _ in coeffs]
    atoms = list(atoms)
    words = {w for w in letters if len(w) > 1}
    if words - {b.base for b in atoms if b.word and b.sub is None and not (b.bold or b.decorations or b.primes)}:
        return None  # a word among the positions is an index only where the formula uses it as a variable (pos)
    offsets = set(offset_letters(linear, indices, numbers))
    if not set(letters) & indices or not set(letters) <= indices | STEP_LETTERS | words | offsets:
        return None  # d2l's [\mathsf{X}]_{i+a,j+b,c}: c is a channel label beside indices, not read
    steps = (set(letters) & STEP_LETTERS) - indices
    if steps and any(b.base == a.base and b.sub is not None and b.sub.terms is not None and len(b.sub.terms) == 1
                     and b.sub.terms[0][0] in steps for b in atoms):
        return None  # word2vec's p(w_{t+j} | w_t): w_t is a name at step t there, so w_{t+j} would be no entry of it
    if any(not coeffs for coeffs, _ in linear) and not _fixed_fits(a, linear, atoms):
        return None  # y_k = \sum_j w_{kj} z_j + w_{0k}: k is w's row there, its column here; refused (guards)
    seen = tuple(x for x in dict.fromkeys(letters) if x not in offsets)  # an offset is no index of the family
    return NameRole("family", base_name(a), family_key(a, ""), tuple((letter, 0) for letter in seen), linear=linear)


def digit_member(a: AtomSpec, sums: set[str], atoms: Iterable[AtomSpec], updates: frozenset[str] = frozenset(),
                 ) -> NameRole | None:
    """The role of a plain name subscripted by a number (``w_1``) whose family the formula also writes by a letter a
    sum binds (Bottou et al.'s ``\\frac{1}{K}\\sum_{k=1}^K \\|\\nabla F(w_k)\\|^2`` beside ``F(w_1)``, the first
    iterate), or by the letter of an update of every entry (Ng's ``\\theta_j := \\theta_j - \\alpha
    \\frac{\\partial}{\\partial\\theta_j} J(\\theta_0, \\theta_1)``, ``updates``): that entry of the family, not a name
    of its own (noted ``family-number-member``); else None."""
    text = a.sub.text.strip() if a.sub is not None else ""
    if not text.isdigit() or a.sample or a.layer or a.transpose or a.word or a.cal or a.primes:
        return None
    if a.bold and (int(text) == 0 or not _bold_family_member(a, atoms, sums)):
        return None
    letters = updates if int(text) == 0 else sums | updates  # (w_0 beside \sum_i w_i x_i: a bias, a name of its own)
    for b in atoms:
        terms = b.sub.terms if b.sub is not None else None
        if (b is not a and terms is not None and len(terms) == 1 and terms[0][0] in letters and not b.sample
                and not b.layer and b.family_key_parts() == a.family_key_parts()):
            return NameRole("family", base_name(a), family_key(a, ""), (), linear=(((), int(text)),))
    return None


def _bold_family_member(a: AtomSpec, atoms: Iterable[AtomSpec], sums: set[str]) -> bool:
    """Is the bold numbered name ``a`` (CS285's initial state ``\\mathbf{s}_1``) beside its family written by a letter
    a product or sum binds (``\\prod_{t=1}^{T} p(\\mathbf{s}_{t+1} | \\mathbf{s}_t, \\mathbf{a}_t)``), as an argument
    of a function there: the first state of the trajectory, one vector of the family, not a vector of its own?"""
    return any(b is not a and b.bold and b.family_key_parts() == a.family_key_parts() and b.sub is not None
               and b.sub.terms is not None and len(b.sub.terms) == 1 and b.sub.terms[0][0] in sums for b in atoms)


def _fixed_fits(a: AtomSpec, linear: Positions, atoms: list[AtomSpec]) -> bool:
    """With a fixed position (a bias row ``w_{0,i}``, Bishop's ``w_{j0}``), does each letter stand at the same
    position wherever the family is written by plain letters (``w_{j,i}``, ``w_{ji}``)?  ``w_{0k}`` beside
    ``w_{kj}`` puts k in the other place: the bias of unit k written transposed, which no one array reads."""
    at = {coeffs[0][0]: pos for pos, (coeffs, _) in enumerate(linear) if len(coeffs) == 1}
    for b in atoms:
        terms = b.sub.terms if b.sub is not None else None
        if b is a or not terms or b.family_key_parts() != a.family_key_parts() or len(terms) != len(linear):
            continue
        if any(letter in at and at[letter] != pos for pos, (letter, _) in enumerate(terms)):
            return False
    return True


def entry_definition(b: Any, st: Any, lhs: sympy.Basic) -> None:
    """Note a left side that is an entry at computed positions (the positional encoding's ``p_{i,2j} = ...``): the
    statement defines those entries of the family, for every value of their letters."""
    k = placeholder_id(st.sides[0].expr) if st.relation in ("=", "define") else None
    r = b.roles.get(k) if k is not None else None
    if r is None or r.linear is None or not isinstance(lhs, sympy.Indexed):
        return
    (coeffs, const), *more = r.linear
    pair = (f"; for the entry at the pair (row {coeffs[0][1]}, column {coeffs[0][0]}), put a comma between them: "
            f"{lhs.base}_{{{coeffs[0][1]},{coeffs[0][0]}}}") if (
        not more and not const and len(coeffs) == 1 and coeffs[0][1] >= 2 and "," not in b.atoms[k].sub.text) else ""
    b._note("entry-definition", b.ph[k].span, name=str(lhs.base), positions=f"({', '.join(map(str, lhs.indices))})",
            letters=", ".join(letter for letter, _ in r.indices), pair=pair)


def offset_letters(linear: Positions, indices: set[str], numbers: Iterable[str] = ()) -> list[str]:
    """The letters added alone to a computed position that are no index, numbers, offsets: a capital (T of
    ``y_{T+i}``), or a letter a sum's bound uses (the seasonal period m of MASE's ``\\sum_{j=m+1}^{T} |y_j -
    y_{j-m}|``; ``numbers``)."""
    numbers = set(numbers)
    return list(dict.fromkeys(name for coeffs, _ in linear for name, c in coeffs if len(name) == 1 and abs(c) == 1
                              and name not in indices and (name.isupper() or name in numbers)))


def sum_bound_letters(placeholders: dict[int, Any], bounds: set[int]) -> set[str]:
    """The plain one-letter names among the placeholders ``bounds`` written in sums' bounds (m of
    ``\\sum_{j=m+1}^{T}``): numbers."""
    out: set[str] = set()
    for k in bounds:
        p = placeholders.get(k)
        a = p.data.get("atom") if p is not None and p.kind == "atom" else None
        if isinstance(a, AtomSpec) and len(a.base) == 1 and a.sub is None and not (
                a.bold or a.greek or a.decorations or a.primes or a.sample or a.layer):
            out.add(a.base)
    return out


def computed_indices(linear: Positions, index: Callable[[str], sympy.Symbol],
                     number: Callable[[str], sympy.Basic]) -> list[sympy.Basic]:
    """The SymPy index at each position: ``t+k`` → ``t + k``, ``2j+1`` → ``2*j + 1``, ``i*s+a`` → ``i*s + a``
    (``number`` gives a stride's scalar)."""
    def term(name: str, c: int) -> sympy.Basic:
        first, *rest = term_letters(name)
        return sympy.Mul(c, index(first), *(number(x) for x in rest))

    return [sympy.Add(*(term(name, c) for name, c in coeffs), const) for coeffs, const in linear]


def _strides_last(linear: Positions, indices: set[str]) -> Positions | None:
    """The positions with each product term's index first and its stride after (``s*i`` → ``i*s``): exactly one
    letter of a product an index, one letter, the other no index; None otherwise."""
    out = []
    for coeffs, const in linear:
        terms = []
        for name, c in coeffs:
            letters = term_letters(name)
            index = [x for x in letters if x in indices and len(x) == 1]
            if len(letters) > 1 and len(index) != 1:
                return None
            terms.append(("*".join(index + [x for x in letters if x not in index]), c))
        out.append((tuple(terms), const))
    return tuple(out)


def strides(linear: Positions) -> list[str]:
    """The strides of computed positions, in written order: ``s`` of ``is+a``, ``d`` of ``si+dk``."""
    return list(dict.fromkeys(x for coeffs, _ in linear for name, _ in coeffs for x in term_letters(name)[1:]))


def update_letters(b: Any) -> frozenset[str]:
    """The letters that subscript the name a statement updates or defines and that name again on its right side
    (Ng's ``\\theta_j := \\theta_j - \\alpha \\frac{\\partial J}{\\partial \\theta_j}``, simultaneously for every j):
    the update runs over every entry, so a numbered member (``\\theta_0``, ``\\theta_1``) is one of them."""
    from symdl.bind.sums import reachable

    out: set[str] = set()
    for st in b.rr.statements:
        if st.relation not in ("=", "update", "define") or len(st.sides) != 2:
            continue
        k = placeholder_id(st.sides[0].expr)
        a = b.atoms.get(k) if k is not None else None
        terms = a.sub.terms if a is not None and a.sub is not None else None
        if not terms or len(terms) != 1 or terms[0][1] != 0 or a.sample or a.layer or a.bold:
            continue
        for j in reachable(b.ph, st.sides[1].expr):
            o = b.atoms.get(j)
            if o is not None and o.family_key_parts() == a.family_key_parts() and o.sub is not None \
                    and o.sub.terms == terms:
                out.add(terms[0][0])
    return frozenset(out)
