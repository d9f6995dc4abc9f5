"""Two capitals side by side beside a capital they are added to or set equal to: matrices (LoRA's ``W + BA``).

Hu et al.'s LoRA writes ``W' = W + \\frac{\\alpha}{r} BA`` and ``\\Delta W = BA``: the letters ``BA`` side by side with
no operator are a product of two low-rank matrices, and the capital ``W`` (or ``\\Delta W``, ``W_0``) they are added
to or equal to is a weight matrix.  As numbers the product would commute (``A B``) and the update be a number.  A sum
holding such a product and a capital written alone as a term, or a statement setting a change of a capital
(``\\Delta W``) equal to such a product, reads them all as matrices (noted ``capital-pair-matrix``).  A capital
merely equal to the product (Chinchilla's compute ``C = 6ND``) stays a number, as do a product in a fraction's
denominator (the count ``\\frac{1}{NT}``), a sum's bound, a declared number, and a product beside no lone capital
(BLEU's ``BP \\cdot \\exp(...)``; the letters-product note says how to write it as one name).

Two more products of capitals are read as written but noted, as guesses: Euler's ``D`` written once right before a
function's value or a capital (Bendersky's ``D_j S_i``, ``D\\,S``: ``d-operator``), and two capitals written nowhere
else made matrices only by the other side of their statement (``capital-pair-equation``).
"""

from __future__ import annotations

import itertools
from typing import TYPE_CHECKING

import sympy

from symdl.bind.letters import plain_capital, touching
from symdl.bind.names import identity
from symdl.bind.shapes import declared_shape
from symdl.errors import Span
from symdl.read.syntax import placeholder_id

if TYPE_CHECKING:
    from symdl.bind.binder import Binder

Kinds = dict[tuple[object, ...], str]


def _bounds(b: Binder) -> set[int]:
    """Placeholders written in a sum's or product's limits (``\\sum_{n=1}^N``: N is a count)."""
    keys: set[int] = set()
    for e in b.exprs:
        for s in e.atoms(sympy.Sum, sympy.Product):
            for lim in s.limits:
                keys |= {k for x in lim[1:] for f in sympy.preorder_traversal(x)
                         if (k := placeholder_id(f)) is not None}
    return keys


def _lone_capital(b: Binder, term: sympy.Basic, bounds: set[int], *, change: bool = False) -> int | None:
    """The term is one capital by itself (``W``, ``W_0``, ``\\Delta W``), not a count; with ``change``, only a
    change of a capital (``\\Delta W``)."""
    k = placeholder_id(term)
    if k is None or k not in b.atoms or k in bounds or b.roles[k].kind == "family":
        return None
    a = b.atoms[k]
    delta = a.d_of is not None and len(a.d_of) == 1 and a.d_of.isupper() and a.base.startswith("Delta")
    if ((delta and not a.bold) or (plain_capital(b, k) and not change)) and declared_shape(a, b.declared) is None:
        return k
    return None


def _capital_pair(b: Binder, term: sympy.Basic, bounds: set[int]) -> tuple[int, int] | None:
    """Two plain capitals written side by side in the product ``term`` (``BA`` in ``\\frac{\\alpha}{r} BA``)."""
    if not isinstance(term, sympy.Mul):
        return None
    keys = sorted((k for f in term.args if (k := placeholder_id(f)) is not None and k in b.atoms),
                  key=lambda k: b.ph[k].span.start)
    for kp, kn in itertools.pairwise(keys):
        joined = touching(b, kp, kn) or b.cdot_between(b.ph[kp].span.end, b.ph[kn].span.start)  # B \cdot A too
        if (plain_capital(b, kp) and plain_capital(b, kn) and joined and b.atoms[kp].sub is None
                and b.atoms[kn].sub is None and not {kp, kn} & bounds):
            return kp, kn
    return None


def _equal_capital(b: Binder, st: object, bounds: set[int]) -> list[tuple[int, str]]:
    """The plain capital alone on the left of ``st`` when a term on its right is a bare product of two capitals, no
    number before it and no count N in it, the two written nowhere else (noted ``letters-product``: the QR
    factorisation's ``A = QR``, a layer's ``Z = XW + b``); Chinchilla's ``C = 6ND`` (a coefficient, the count N) and
    ``Y = AB`` beside ``Z = A + B`` stay numbers."""
    sides = getattr(st, "sides", ())
    if len(sides) != 2 or (k := _lone_capital(b, sides[0].expr, bounds)) is None:
        return []
    lettered = {(n.span.start, n.span.end) for n in b.rr.notes if n.rule == "letters-product"}  # written nowhere else
    for t in sympy.Add.make_args(sides[1].expr):
        pair = _capital_pair(b, t, bounds)
        if (pair is not None and t.as_coeff_Mul()[0] == 1 and "N" not in {b.atoms[j].base for j in pair}
                and (b.ph[pair[0]].span.start, b.ph[pair[1]].span.end) in lettered):
            return [(k, "set equal to the capital")]
    return []


def capital_pair_sums(b: Binder, kinds: Kinds) -> None:
    """Read ``BA`` and the capital it is added to or equal to as matrices (see the module)."""
    bounds = _bounds(b)
    for st in b.rr.statements:
        terms = [t for s in st.sides for t in sympy.Add.make_args(s.expr)]
        pairs = [p for t in terms if (p := _capital_pair(b, t, bounds)) is not None]
        lone = [(k, "set equal to the change") for t in terms  # \Delta W = BA
                if (k := _lone_capital(b, t, bounds, change=True)) is not None]
        lone += _equal_capital(b, st, bounds)  # A = QR, Z = XW + b: a capital set equal to a bare product
        sums = [a for s in st.sides for a in sympy.preorder_traversal(s.expr) if isinstance(a, sympy.Add)]
        for added_sum in sums:  # W + BA, (W_0 + BA)x: a capital added to the product (C = 6ND, a count: numbers)
            added = added_sum.args
            pairs += [p for t in added if (p := _capital_pair(b, t, bounds)) is not None and p not in pairs]
            if len(added) > 1 and any(_capital_pair(b, t, bounds) for t in added):
                lone += [(k, "added to the capital") for t in added if (k := _lone_capital(b, t, bounds)) is not None]
        if not pairs or not lone:
            continue
        for kp, kn in pairs:
            if any(identity(b.atoms[k]) in kinds for k in (kp, kn)):
                continue
            k, how = lone[-1]
            b._note("capital-pair-matrix", Span(b.ph[kp].span.start, b.ph[kn].span.end),
                    left=b.atoms[kp].spelling, right=b.atoms[kn].spelling, other=f"{how} {b.atoms[k].spelling}")
            kinds[identity(b.atoms[kp])] = "matrix"
            kinds[identity(b.atoms[kn])] = "matrix"
        for k, _ in lone:
            kinds.setdefault(identity(b.atoms[k]), "matrix")


def note_pair_by_equation(b: Binder, kinds: Kinds) -> None:
    """``D\\,S = \\operatorname{diag}(\\mathbf{s}) - \\mathbf{s}\\mathbf{s}^\\top`` (Bendersky's softmax Jacobian): two
    plain capitals side by side, the whole of one side of a statement, that the formula writes nowhere else and
    nothing declares, read as matrices only because the other side is one: their product is a guess (D may be an
    operator applied to S), noted ``capital-pair-equation``."""
    counts: dict[object, int] = {}
    for a in b.atoms.values():
        counts[identity(a)] = counts.get(identity(a), 0) + 1
    noted = {(n.span.start, n.span.end) for n in [*b.notes, *b.rr.notes]  # AB = I: noted as a product already
             if n.rule in ("capital-pair-matrix", "letters-product", "capital-weight-matrix")}
    noted |= note_d_operator(b)  # D\,S: the derivative operator's letter (noted)
    for st in b.rr.statements:
        if len(st.sides) < 2:
            continue
        for s in st.sides:
            keys = [placeholder_id(f) for f in sympy.Mul.make_args(s.expr)] if isinstance(s.expr, sympy.Mul) else []
            if len(keys) != 2 or None in keys or not all(k in b.atoms for k in keys):
                continue
            kp, kn = sorted(keys, key=lambda k: b.ph[k].span.start)  # type: ignore[arg-type,return-value]
            span = Span(b.ph[kp].span.start, b.ph[kn].span.end)
            pair = [b.atoms[kp], b.atoms[kn]]
            if (all(plain_capital(b, k) and b.atoms[k].sub is None and declared_shape(b.atoms[k], b.declared) is None
                    and kinds.get(identity(b.atoms[k])) == "matrix" and counts[identity(b.atoms[k])] == 1
                    for k in (kp, kn))
                    and touching(b, kp, kn) and (span.start, span.end) not in noted):
                b._note("capital-pair-equation", span, left=pair[0].spelling, right=pair[1].spelling)


def _d_letter(b: Binder, k: int | None) -> bool:
    """The plain letter D (maybe with one lower-case subscript, ``D_j``), written nowhere else in the formula."""
    a = b.atoms.get(k) if k is not None else None
    if a is None or a.base != "D" or a.bold or a.cal or a.decorations or a.primes or a.transpose or a.sample:
        return False
    if a.sub is not None and not (len(a.sub.text) == 1 and a.sub.text.islower()):
        return False
    return sum(1 for o in b.atoms.values() if o.base == "D") == 1


def note_d_operator(b: Binder) -> set[tuple[int, int]]:
    """Bendersky's ``D\\,S`` and ``D_j S_i``, ``D\\sigma(z)``, ``Df(x)``: the letter D, written once, right before a
    function's value or a capital, the whole of one side of a statement, is read as a factor of a product, noted
    ``d-operator``: Euler's D is the derivative operator.  Returns the spans noted."""
    out: set[tuple[int, int]] = set()
    for st in b.rr.statements:
        for s in st.sides:
            if not isinstance(s.expr, sympy.Mul):
                continue
            keys = sorted((k for f in s.expr.args if (k := placeholder_id(f)) is not None),
                          key=lambda k: b.ph[k].span.start)  # fmt: skip
            if len(keys) != len(s.expr.args) or len(keys) < 2 or not _d_letter(b, keys[0]):
                continue
            d, nxt = keys[0], keys[1]
            a = b.atoms.get(nxt)
            if not (b.ph[nxt].kind == "call" or (a is not None and plain_capital(b, nxt))) or not touching(b, d, nxt):
                continue
            span = Span(b.ph[d].span.start, b.ph[nxt].span.end)
            out.add((span.start, span.end))
            b._note("d-operator", span, d=b.atoms[d].spelling, operand=b.source[b.ph[nxt].span.start : span.end])
    return out


def capitals_before_weight(b: Binder, kinds: Kinds, below: list[set[int]]) -> None:
    """d2l's row-major layers, ``H_t = \\phi(X_t W_{xh} + H_{t-1} W_{hh} + b_h)``, ``O_t = H_t W_{hq} + b_q``: a plain
    capital written right before the weight's letter W (a label or none under it, with no operator between them) is
    a batch of rows times the weight, both matrices (noted ``capital-weight-matrix``; before: numbers, silently).
    Not a capital declared a number, a count (in a sum's limits, or a denominator's: ``\\frac{1}{HW}``), code's
    ``np.dot(X, W)`` (noted there), nor a pair a rule already read; ``below``: per expression of ``b.exprs``, the ids
    of the products inside a fraction's denominator (as :func:`symdl.bind.kinds.infer_kinds` finds them)."""
    counts = {identity(b.atoms[k]) for k in _bounds(b) if k in b.atoms}  # \frac{1}{HW}\sum_{w=1}^{W}: counts
    for e, under in zip(b.exprs, below, strict=True):
        for m in (n for n in sympy.preorder_traversal(e) if isinstance(n, sympy.Mul) and id(n) not in under):
            keys = sorted((k for f in m.args if (k := placeholder_id(f)) is not None and k in b.atoms),
                          key=lambda k: b.ph[k].span.start)
            for kp, kn in itertools.pairwise(keys):
                cap, weight = b.atoms[kp], b.atoms[kn]
                between = b.source[b.ph[kp].span.end : b.ph[kn].span.start].replace("\\,", "").replace("\\ ", "")
                if (weight.base != "W" or cap.base == "W" or not plain_capital(b, kp) or not plain_capital(b, kn)
                        or between.strip() or {identity(cap), identity(weight)} & counts  # np.dot(X, W): code's
                        or cap.transpose or weight.transpose
                        or any(identity(a) in kinds or declared_shape(a, b.declared) is not None
                               for a in (cap, weight))):
                    continue
                b._note("capital-weight-matrix", Span(b.ph[kp].span.start, b.ph[kn].span.end),
                        left=cap.spelling, right=weight.spelling)
                kinds[identity(cap)] = "matrix"
                kinds[identity(weight)] = "matrix"
