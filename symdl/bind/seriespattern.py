"""Series written out with an ellipsis whose terms follow one pattern: Sutton & Barto's return
``G_t = R_{t+1} + \\gamma R_{t+2} + \\gamma^2 R_{t+3} + \\cdots``, ``R_{t+1} + \\gamma R_{t+2} + \\dots +
\\gamma^{T-t-1} R_T``, GAE's ``\\delta_t + (\\gamma\\lambda)\\delta_{t+1} + \\cdots``, momentum's
``g_t + \\beta g_{t-1} + \\beta^2 g_{t-2} + \\cdots``, ``x + 2x^2 + 3x^3 + \\cdots``.

Each term is a number times a product of powers of names and values (a power of a product, ``(\\gamma\\lambda)^2``,
is the product of the powers).  Its places are the number, each factor's exponent (a factor a term lacks has
exponent 0, a bare one 1) and each position of a name's subscript (``t+1`` is ``t`` plus 1).  The terms before the
dots (two or more) are a pattern when every place moves by one integer step from each term to the next and nothing
else differs; the general term is the first term with each place moved ``l`` steps.  The term after the dots fixes
where ``l`` ends: every moving place must give the same ``l`` (``\\gamma^{T-t-1}`` and ``R_T`` both give T-t-1), or
the series is refused naming both.  With no term after the dots the series is infinite, l = 0 to oo.

Only what :func:`symdl.bind.sequences.sequence` refuses reaches here (it reads ``x_1 + x_2 + \\dots + x_n``); a
series of no one pattern keeps its refusal.  The reading is noted (``series-pattern``) at the dots.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import sympy

from symdl.bind import build
from symdl.bind.names import base_latex, base_name, family_key, identity
from symdl.errors import NotSupported, Span
from symdl.read.power import Power
from symdl.read.syntax import AtomSpec, placeholder_id

if TYPE_CHECKING:
    from symdl.bind.binder import Binder

#: the series' index: l as Sutton & Barto and Schulman et al. write it, else the first of these the formula leaves
SERIES_LETTERS = ("l", "k", "j", "i", "m", "r", "q")
#: a place of a term: ("coeff",), (key, "exp") or (key, "pos", i)
Place = tuple[object, ...]


@dataclass
class _Term:
    """One term: its places' values, and each factor's object (a name with a subscript: its atom, to index)."""

    places: dict[Place, sympy.Basic] = field(default_factory=dict)
    objs: dict[object, sympy.Basic] = field(default_factory=dict)
    names: dict[object, int] = field(default_factory=dict)
    atoms: dict[object, AtomSpec] = field(default_factory=dict)


def _letter(b: Binder, letter: str) -> sympy.Basic:
    """A subscript letter's value: the letter as the formula writes it alone (T - t - 1), else an input of its own,
    the step t (or the horizon T) the series starts (ends) at, as a sum's bound is (b.bound_values)."""
    k = next((k for k, a in b.atoms.items() if a.base == letter and a.sub is None and not a.decorations
              and not a.bold and b.roles[k].kind != "family"), None)
    if k is not None:
        return b.obj(k)
    if letter in b.index_syms:
        return b.index_syms[letter]  # an index of a sum around the series
    b.bound_values.add(letter)
    value = b.symbols.setdefault(letter, sympy.Symbol(letter, real=True))
    b.latex_names.setdefault(value, letter)
    return value


def _positions(b: Binder, a: AtomSpec) -> tuple[sympy.Basic, ...] | None:
    """Each position of ``a``'s subscript as a value (``t+1`` → t + 1, ``1`` → 1); None for one read otherwise."""
    if a.sub is None:
        return ()
    if a.sub.entry is not None or a.sub.positions is not None:
        return None
    if a.sub.linear is not None:  # R_{t+n}: each position's letters times their coefficients, plus its constant
        return tuple(sum((c * _letter(b, x) for x, c in letters), sympy.Integer(k)) for letters, k in a.sub.linear)
    if a.sub.terms is not None:
        return tuple(_letter(b, letter) + off for letter, off in a.sub.terms)
    return (sympy.Integer(a.sub.text),) if a.sub.text.isdigit() else None


def _term(b: Binder, e: sympy.Basic) -> _Term | None:
    """The places of one term, or None when it is no number times a product of powers symdl can compare."""
    e = e.replace(lambda x: isinstance(x, Power), lambda x: sympy.Pow(*x.args))  # (\gamma\lambda)^2 as written
    coeff, rest = sympy.expand_power_base(e, force=True).as_coeff_Mul()
    t = _Term()
    t.places[("coeff",)] = coeff
    for f in sympy.Mul.make_args(rest):
        base, exp = f.as_base_exp()
        if exp.free_symbols and not _plain_exponent(b, exp):
            return None
        power = b.convert_expr(exp)
        k = placeholder_id(base)
        if k is not None and k in b.atoms:
            a = b.atoms[k]
            pos = _positions(b, a)
            if pos is None or a.sample is not None or a.transpose or b.kinds.get(identity(a)) is not None:
                return None  # a vector or matrix, a sample's superscript: no place symdl compares
            key: object = ("atom", a.family_key_parts(), len(pos))
            t.atoms[key], t.names[key] = a, k
            t.places.update({(key, "pos", i): p for i, p in enumerate(pos)})
        else:
            obj = b.convert_expr(base)
            if build.is_mat(obj):
                return None
            key = ("value", obj)
            t.objs[key] = obj
        if (key, "exp") in t.places:
            return None  # one name twice in a term (R_{t+1} R_{t+2}): no pattern read here
        t.places[(key, "exp")] = power
    return t


def _plain_exponent(b: Binder, exp: sympy.Basic) -> bool:
    """Is the exponent made of names only (T - t - 1)?"""
    return all(placeholder_id(s) in b.atoms for s in exp.free_symbols)


def _value(t: _Term, place: Place) -> sympy.Basic | None:
    """A place's value in ``t``: an absent factor has exponent 0; an absent name has no position."""
    if place in t.places:
        return t.places[place]
    key = place[0]
    has_positions = isinstance(key, tuple) and key[0] == "atom" and key[2] > 0
    return sympy.Integer(0) if place[1:] == ("exp",) and not has_positions else None


def _steps(terms: list[_Term]) -> dict[Place, sympy.Integer] | None:
    """Each place's step from one term to the next; None unless every place moves by one integer step and one
    moves at all."""
    places = {p for t in terms for p in t.places}
    steps: dict[Place, sympy.Integer] = {}
    for p in places:
        values = [_value(t, p) for t in terms]
        if any(v is None for v in values):
            return None
        diffs = {sympy.simplify(v2 - v1) for v1, v2 in itertools.pairwise(values)}  # type: ignore[operator]
        if len(diffs) != 1 or not (d := diffs.pop()).is_Integer or (p[1:] == ("exp",) and d < 0):
            return None  # an exponent only grows: a + b + \cdots is no a^{1-l} b^l
        steps[p] = d
    return steps if any(d != 0 for d in steps.values()) else None


def _last_index(b: Binder, first: _Term, steps: dict[Place, sympy.Integer], last: _Term, count: int,
                where: Span) -> sympy.Basic | None:
    """Where the index ends: the one l at which the pattern gives the last term; None when the last term is no
    term of it; refused naming the places when its moving places give different ends."""
    ends: dict[Place, sympy.Basic] = {}
    for p in set(steps) | set(last.places):
        v0, v = _value(first, p), _value(last, p)
        if v0 is None or v is None or p not in steps:
            return None
        if steps[p] == 0:
            if sympy.simplify(v - v0) != 0:
                return None
            continue
        ends[p] = sympy.simplify((v - v0) / steps[p])
    values = list(dict.fromkeys(ends.values()))
    if len(values) > 1 and any(sympy.simplify(v - values[0]) != 0 for v in values[1:]):
        groups: dict[sympy.Basic, list[str]] = {}
        for p, v in ends.items():
            groups.setdefault(v, []).append(_place_name(first, last, p))
        said = "; ".join(f"{', '.join(sorted(names))} give{'s' if len(names) == 1 else ''} l = {v}"
                         for v, names in sorted(groups.items(), key=lambda g: sorted(g[1])))  # one order every run
        raise NotSupported(f"the terms before \\dots do not end at the term after it with one count ({said})",
                           source=b.source, span=where,
                           hint="check the last term (each of its exponents and subscripts must be the pattern's at "
                                "one l), or write the sum with \\sum_{l=0}^{...}")
    end = values[0]
    if end.is_number and not (end.is_Integer and end >= count - 1):
        return None
    return end


def _place_name(first: _Term, last: _Term, p: Place) -> str:
    if p == ("coeff",):
        return "the number in front"
    a = first.atoms.get(p[0]) or last.atoms.get(p[0])
    name = base_latex(a) if a is not None else str(p[0][1])  # type: ignore[index]
    return f"the exponent of {name}" if p[1] == "exp" else f"the subscript of {name}"


def _general(b: Binder, first: _Term, terms: list[_Term], steps: dict[Place, sympy.Integer],
             index: sympy.Symbol) -> sympy.Basic | None:
    """The first term with every place moved ``index`` steps."""
    def at(p: Place) -> sympy.Basic:
        return _value(first, p) + steps[p] * index  # type: ignore[operator]

    body = at(("coeff",))
    for key in dict.fromkeys(k for t in terms for k in [*t.objs, *t.names]):
        owner = next(t for t in terms if key in t.objs or key in t.names)
        a = owner.atoms.get(key)
        count = key[2] if a is not None else 0  # type: ignore[index]
        if a is not None and any(steps[(key, "pos", i)] != 0 for i in range(count)):
            base = sympy.IndexedBase(base_name(a), real=True)
            known = b.symbols.setdefault(family_key(a, ""), base)
            if known != base:
                return None  # the family's name is already another object of the formula
            b.latex_names.setdefault(base, base_latex(a))
            pos = [at((key, "pos", i)) for i in range(count)]
            obj: sympy.Basic = base[tuple(pos)] if len(pos) > 1 else base[pos[0]]
        else:
            obj = b.obj(owner.names[key]) if a is not None else owner.objs[key]
        body *= obj ** at((key, "exp"))
    return body


def series_pattern(b: Binder, terms: list[sympy.Basic], after: list[sympy.Basic], where: Span) -> tuple[
        sympy.Basic, sympy.Symbol, sympy.Basic] | None:
    """(general term, index, end) of the terms written before the dots at ``where`` and the one after them (none:
    the series is infinite); None when they follow no one pattern."""
    if len(terms) < 2 or len(after) > 1:
        return None  # the terms after the last one stay beside the series (read_series)
    read = [_term(b, e) for e in terms + after]
    if any(t is None for t in read):
        return None
    parsed: list[_Term] = [t for t in read if t is not None]
    before, last = parsed[: len(terms)], parsed[len(terms):]
    steps = _steps(before)
    if steps is None:
        return None
    end: sympy.Basic | None = sympy.oo
    if last:
        end = _last_index(b, before[0], steps, last[0], len(terms), where)
    if end is None:
        return None
    used = {str(s) for s in b.symbols} | {a.base for a in b.atoms.values()} | set(b.index_syms)
    used |= {letter for a in b.atoms.values() if a.sub and a.sub.terms for letter, _ in a.sub.terms}
    letter = next((c for c in SERIES_LETTERS if c not in used), None)
    if letter is None:
        return None
    index = b.index(letter)
    body = _general(b, before[0], before + last, steps, index)
    return None if body is None else (body, index, end)


def read_series(b: Binder, expr: sympy.Basic, dots: int) -> sympy.Basic | None:
    """The Sum (Product) the Add (Mul) ``expr`` with the dots placeholder ``dots`` writes out, noted; None when its
    terms follow no one pattern.  Terms without a name (a number) stay beside it."""
    where = b.ph[dots].span

    def pos(a: sympy.Basic) -> int | None:
        starts = [b.ph[k].span.start for s in a.free_symbols if (k := placeholder_id(s)) is not None and k in b.ph]
        return min(starts, default=None)

    placed = sorted(((p, a) for a in expr.args if placeholder_id(a) != dots and (p := pos(a)) is not None),
                    key=lambda pa: pa[0])
    others = [a for a in expr.args if placeholder_id(a) != dots and pos(a) is None]
    terms = [a for p, a in placed if p < where.start]
    after = [a for p, a in placed if p > where.start]
    after, others = after[:1], others + after[1:]  # n-step returns: ... + \gamma^{n-1} R_{t+n} + \gamma^n V(S_{t+n})
    found = series_pattern(b, terms, after, where)
    if found is None:
        return None
    body, index, end = found
    limits = (index, 0, end)
    whole = sympy.Sum(body, limits) if isinstance(expr, sympy.Add) else sympy.Product(body, limits)
    start = min(p for p, _ in placed)
    stop = max(b.ph[k].span.end for a in terms + after for s in a.free_symbols
               if (k := placeholder_id(s)) is not None and k in b.ph)
    b._note("series-pattern", where, series=b.source[start:max(stop, where.end)], pattern=sympy.latex(body),
            letter=str(index), end=sympy.latex(end), sign="\\sum" if isinstance(expr, sympy.Add) else "\\prod")
    join = sympy.Add if isinstance(expr, sympy.Add) else sympy.Mul
    return join(whole, *[b.convert_expr(o) for o in others])
