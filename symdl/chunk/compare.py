"""Equivalence of notations: :func:`compare` two formulas.

Two formulas are the same concept when their chunk trees name the same concept
and a mapping of symbols and parameters turns one into the other.  The mapping
is derived, never looked up: each side is brought to a canonical form whose
invariants (an EMA's decay, the effective step of a descent update, ...) are
equated and solved, under a time bound, for the first formula's parameters.

Ruder's momentum ``v_t = γ v_{t-1} + η ∇J; θ = θ − v_t`` and Ng's
``v = β v + (1−β) dW; W = W − α v`` share the canonical update
``u ← a u + k g; θ ← θ − u`` with ``a = γ = β`` and ``k = η = α(1 − β)``,
after rescaling ``v_t = α v``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import sympy

from symdl.chunk.algebra import bounded, cheap_cancel, equivalent
from symdl.chunk.explain import explain
from symdl.chunk.registry import REGISTRY
from symdl.chunk.tree import Chunk, Explanation
from symdl.config import DEFAULT, Config
from symdl.formula import Formula
from symdl.latex import latex_of
from symdl.printers import Shown, show
from symdl.simplify import rewrite_within

_ACC = ("ema", "momentum", "running_sum")


@dataclass(frozen=True, repr=False)
class Comparison(Shown):
    """What :func:`compare` returns.

    Attributes:
        a: the explanation of the first formula.
        b: the explanation of the second.
        same: whether they are the same concept under ``mapping``.
        concept: the shared concept id (None if they differ).
        mapping: equations ``(symbol, value)``: parameters solved for (``η = α(1 − β)``; the
            first formula's parameters when it has any, else the second's) and renamed
            quantities (a's ``z`` is b's ``x``).
        rescaling: ``(quantity of a, expression in b)`` for quantities equal only up to
            scale (``v_t = α v``).
        reasons: sentences explaining the verdict.
    """

    a: Explanation
    b: Explanation
    same: bool
    concept: str | None
    mapping: tuple[tuple[sympy.Basic, sympy.Basic], ...] = ()
    rescaling: tuple[tuple[sympy.Basic, sympy.Basic], ...] = ()
    reasons: tuple[str, ...] = field(default_factory=tuple)

    def to_dict(self) -> dict[str, object]:
        """A JSON-ready dict."""
        return {
            "same": self.same,
            "concept": self.concept,
            "a": self.a.formula.source,
            "b": self.b.formula.source,
            "mapping": [[latex_of(self.a.formula, k), latex_of(self.b.formula, v)] for k, v in self.mapping],
            "rescaling": [
                [latex_of(self.a.formula, k), latex_of(self.b.formula, v)] for k, v in self.rescaling
            ],
            "reasons": list(self.reasons),
            "concepts_a": sorted(self.a.concepts),
            "concepts_b": sorted(self.b.concepts),
        }

    def __str__(self) -> str:
        return show(self, "text")


@dataclass
class _Canon:
    """An update rule in canonical form: ``θ ← θ − step(E_1..E_k)`` with ``acc_i = scale_i · E_i``."""

    param: sympy.Basic | None
    step: sympy.Basic | None
    grad: sympy.Basic | None
    accs: list[tuple[sympy.Basic, Chunk]]


def _canon(expl: Explanation) -> _Canon | None:
    roots = list(expl.statements)
    accs = [(expl.formula.statements[k].target, r) for k, r in enumerate(roots) if r.concept in _ACC]
    steps = [r for r in roots if r.concept == "gradient_descent_step"]
    if not accs and not steps:
        return None
    param = step = grad = None
    if steps:
        roles = dict(c for c in _roles(steps[-1]))
        param, step = roles.get("parameter"), roles.get("learning rate", 1) * roles.get("direction", 0)
    for _, r in accs:
        x = dict(_roles(r)).get("new value", dict(_roles(r)).get("increment"))
        if x is not None and not isinstance(x, sympy.Pow):
            grad = x
    if grad is None and step is not None and not accs:
        grad = dict(_roles(steps[-1])).get("direction")
    return _Canon(param, step, grad, accs)


def _roles(chunk: Chunk) -> list[tuple[str, sympy.Basic]]:
    return list(chunk.roles)


def _acc_info(chunk: Chunk) -> tuple[sympy.Basic, sympy.Basic, sympy.Basic]:
    params = dict(chunk.params)
    x = dict(_roles(chunk)).get("new value", dict(_roles(chunk)).get("increment"))
    return params.get("decay", sympy.Integer(1)), params.get("scale", sympy.Integer(1)), x


def _solve(eqs: list[sympy.Expr], unknowns: list[sympy.Symbol]) -> dict | None:
    eqs = [e for e in (cheap_cancel(e) for e in eqs) if e != 0]
    if not eqs:
        return {}
    if not unknowns:
        return None
    sols = bounded(lambda: sympy.solve(eqs, unknowns, dict=True), None, of=sympy.Tuple(*eqs))
    return sols[0] if sols else None


def _compare_updates(
    ca: _Canon, cb: _Canon, a: Explanation, b: Explanation, config: Config
) -> Comparison | None:
    if (ca.step is None) != (cb.step is None) or len(ca.accs) != len(cb.accs):
        return None
    g = sympy.Dummy("g", real=True)
    ren = {x: g for x in (ca.grad, cb.grad) if x is not None}
    paired = _pair_accumulators(ca, cb, ren, g)
    if paired is None:
        return None
    eqs, rescale, sub_a, sub_b, gens = paired
    if ca.step is not None:
        coeffs = _step_coefficients(ca.step, cb.step, ren, sub_a, sub_b, gens)
        if coeffs is None:
            return None
        eqs.extend(coeffs)
    data = {ca.param, ca.grad, cb.param, cb.grad, *[t for t, _ in ca.accs + cb.accs]}
    sol = _solve_either(eqs, data, a, b)
    if sol is None:
        return Comparison(
            a,
            b,
            False,
            None,
            reasons=("the update rules differ: no choice of parameters makes them the same",),
        )
    return _same_updates(ca, cb, a, b, sol, rescale)


def _pair_accumulators(
    ca: _Canon, cb: _Canon, ren: dict[sympy.Basic, sympy.Basic], g: sympy.Symbol
) -> tuple[list[sympy.Expr], list[tuple[sympy.Basic, sympy.Basic, sympy.Basic]], dict[sympy.Basic, sympy.Basic],
           dict[sympy.Basic, sympy.Basic], list[sympy.Symbol]] | None:
    """Each accumulator of ``ca`` paired with one of ``cb`` of the same kind over the same input (the gradients
    renamed ``g`` by ``ren``): ``(equations that the paired decays agree, (ta, tb, scale ratio) rescalings, ca's and
    cb's accumulators as scale · F², the generators g, F… of the steps' polynomial)``; None if one has no partner."""
    eqs: list[sympy.Expr] = []
    rescale: list[tuple[sympy.Basic, sympy.Basic, sympy.Basic]] = []
    sub_a: dict[sympy.Basic, sympy.Basic] = {}
    sub_b: dict[sympy.Basic, sympy.Basic] = {}
    used: set[int] = set()
    gens: list[sympy.Symbol] = [g]
    for ta, ra in ca.accs:
        da, sa, xa = _acc_info(ra)
        pair = None
        for n, (tb, rb) in enumerate(cb.accs):
            db, sb, xb = _acc_info(rb)
            if (
                n not in used
                and ra.concept in _ACC
                and (ra.concept == "running_sum") == (rb.concept == "running_sum")
            ):
                if xa is not None and xb is not None and xa.xreplace(ren) == xb.xreplace(ren):
                    pair = (n, tb, db, sb)
                    break
        if pair is None:
            return None
        n, tb, db, sb = pair
        used.add(n)
        f = sympy.Dummy(f"F{n}", positive=True)
        gens.append(f)
        sub_a[ta], sub_b[tb] = sa * f**2, sb * f**2
        eqs.append(da - db)
        rescale.append((ta, tb, sa / sb))
    return eqs, rescale, sub_a, sub_b, gens


def _step_coefficients(
    step_a: sympy.Basic,
    step_b: sympy.Basic,
    ren: dict[sympy.Basic, sympy.Basic],
    sub_a: dict[sympy.Basic, sympy.Basic],
    sub_b: dict[sympy.Basic, sympy.Basic],
    gens: list[sympy.Symbol],
) -> list[sympy.Expr] | None:
    """The coefficients in ``gens`` of the numerator of the two steps' difference (gradients renamed, accumulators
    substituted): the steps agree when all vanish.  None where the difference is not put over one denominator or
    expanded within the bounds."""
    a, b = step_a.xreplace(ren).xreplace(sub_a), step_b.xreplace(ren).xreplace(sub_b)
    diff = rewrite_within(sympy.together, a - b)
    if diff is None:
        return None
    num = sympy.fraction(diff)[0]
    poly = bounded(lambda: sympy.Poly(sympy.expand(num), *gens), None, of=num)
    if poly is None:
        return None
    return poly.coeffs()


def _solve_either(
    eqs: list[sympy.Expr], data: set[sympy.Basic], a: Explanation, b: Explanation
) -> dict | None:
    """The parameters that make ``eqs`` hold, solved for the symbols of ``a`` (else of ``b``) that are not ``data``
    (the parameters, gradients and accumulators), tidied; None if neither side's settings solve them."""
    for side in (a, b):
        unknowns = sorted(
            {s for e in eqs for s in e.free_symbols if s not in data and s in _syms(side)},
            key=sympy.default_sort_key,
        )
        sol = _solve(eqs, unknowns)
        if sol is not None:
            return {k: _tidy(v) for k, v in sol.items()}
    return None


def _same_updates(
    ca: _Canon,
    cb: _Canon,
    a: Explanation,
    b: Explanation,
    sol: dict,
    rescale: list[tuple[sympy.Basic, sympy.Basic, sympy.Basic]],
) -> Comparison:
    """The comparison of two update rules made the same by ``sol``: the mapping of settings, parameters and
    gradients, the accumulators that match only after rescaling, and the reasons said."""
    mapping = [(k, v) for k, v in sol.items()]
    if ca.param is not None and cb.param is not None and ca.param != cb.param:
        mapping.append((ca.param, cb.param))
    if ca.grad is not None and cb.grad is not None and ca.grad != cb.grad:
        mapping.append((ca.grad, cb.grad))
    rescaling = []
    for ta, tb, ratio in rescale:
        r = cheap_cancel(sympy.sympify(ratio).xreplace(sol))
        if r != 1:
            rescaling.append((ta, r * tb))
        elif ta != tb:
            mapping.append((ta, tb))
    concept = "momentum" if {"momentum"} & (a.concepts | b.concepts) else _top(a)
    reasons = [f"both are {REGISTRY[concept].name}" if concept in REGISTRY else "same update rule"]
    reasons += [f"${latex_of(a.formula, k)} = {latex_of(b.formula, v)}$" for k, v in mapping]
    reasons += [
        f"after rescaling ${latex_of(a.formula, k)} = {latex_of(b.formula, v)}$" for k, v in rescaling
    ]
    return Comparison(a, b, True, concept, tuple(mapping), tuple(rescaling), tuple(reasons))


def _tidy(v: sympy.Basic) -> sympy.Basic:
    """``-αβ + α`` → ``α(1 − β)``: factor, then move a minus sign into a factor like ``β − 1``."""
    v = bounded(lambda: sympy.factor(v), v, 0.2)
    if isinstance(v, sympy.Mul) and v.could_extract_minus_sign():
        flip = next((f for f in v.args if isinstance(f, sympy.Add) and f.as_coeff_Add()[0].is_negative), None)
        if flip is not None:
            return sympy.Mul(*[-f if f is flip else f for f in v.args]) * -1
    return v


def _syms(e: Explanation) -> set[sympy.Basic]:
    return {s for st in e.formula.statements for s in st.rhs.free_symbols}


def _top(e: Explanation) -> str | None:
    for cid in ("adam", "rmsprop", "adagrad", "momentum"):
        if cid in e.concepts:
            return cid
    return e.statements[-1].concept


def _unify(x: sympy.Basic, y: sympy.Basic, out: dict[sympy.Basic, sympy.Basic]) -> bool:
    """Structural match of ``x`` against ``y`` with leaves (symbols, bases) renamed consistently."""
    leafy = (sympy.Symbol, sympy.IndexedBase, sympy.MatrixSymbol)
    if isinstance(x, leafy) and isinstance(y, leafy):
        if out.get(x, y) != y:
            return False
        out[x] = y
        return True
    if type(x) is not type(y) or len(x.args) != len(y.args):
        return x == y
    if x.is_Number or (isinstance(x, sympy.Tuple) and not x.args):
        return x == y
    return all(_unify(p, q, out) for p, q in zip(x.args, y.args, strict=True))


def _compare_chunks(a: Explanation, b: Explanation) -> Comparison:
    ta, tb = _top(a), _top(b)
    systems = {"adam", "rmsprop", "adagrad", "momentum"}
    if (ta in systems or tb in systems) and ta != tb:
        na = REGISTRY[ta].name if ta in REGISTRY else "no named concept"
        nb = REGISTRY[tb].name if tb in REGISTRY else "no named concept"
        return Comparison(a, b, False, None, reasons=(f"the first is {na}, the second {nb}",))
    ra, rb = a.statements[-1], b.statements[-1]
    ids_b = {rb.concept, *rb.also} - {None}
    shared = [c for c in (ra.concept, *ra.also) if c in ids_b]
    if not shared:
        what_a = ra.name if ra.concept else "no named concept"
        what_b = rb.name if rb.concept else "no named concept"
        return Comparison(a, b, False, None, reasons=(f"the first is {what_a}, the second {what_b}",))
    concept = shared[0]
    mapping: dict[sympy.Basic, sympy.Basic] = {}
    roles_a, roles_b = dict(_roles(ra)), dict(_roles(rb))
    for name, xa in roles_a.items():
        if name in roles_b and not _unify(xa, roles_b[name], mapping):
            mapping[xa] = roles_b[name]
    eqs = [pa - dict(rb.params)[k] for k, pa in ra.params if k in dict(rb.params)]
    unknowns = sorted({s for e in eqs for s in e.free_symbols if s in _syms(a)}, key=sympy.default_sort_key)
    sol = _solve(eqs, unknowns) or {}
    mapping.update(sol)
    pairs = tuple((k, v) for k, v in mapping.items() if k != v)
    reasons = [f"both are {REGISTRY[concept].name}"]
    if ra.near_miss or rb.near_miss:
        reasons.append("but one of them is only a near miss: " + (ra.near_miss or rb.near_miss).differs)
    verified = equivalent(ra.expr.xreplace(dict(pairs)), rb.expr) if pairs else equivalent(ra.expr, rb.expr)
    if verified:
        reasons.append("checked: with this mapping the two expressions are equal")
    reasons += [f"${latex_of(a.formula, k)} \\mapsto {latex_of(b.formula, v)}$" for k, v in pairs]
    same = not (ra.near_miss or rb.near_miss) or bool(ra.near_miss and rb.near_miss)
    return Comparison(a, b, same, concept, pairs, (), tuple(reasons))


def compare(a: Formula, b: Formula, *, config: Config = DEFAULT) -> Comparison:
    """Are two formulas the same concept, and under which mapping of symbols and parameters?

    Args:
        a: the first formula (its parameters are solved for).
        b: the second formula.
        config: options (time bounds).

    Returns:
        A :class:`Comparison` with the verdict, the mapping (``η = α(1 − β)``), any
        rescaling of quantities (``v_t = α v``) and the reasons.
    """
    ea, eb = explain(a, config=config), explain(b, config=config)
    ca, cb = _canon(ea), _canon(eb)
    if ca is not None and cb is not None:
        got = _compare_updates(ca, cb, ea, eb, config)
        if got is not None:
            return got
    return _compare_chunks(ea, eb)
