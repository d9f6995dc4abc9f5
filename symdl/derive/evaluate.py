"""The definitions in force while a derivation is checked, and the numeric checks of its steps.

:class:`Context` collects every ``define`` (functions such as ``ELU(x) = ...``, values such as
``\\hat y = \\sigma(z)``, families such as ``p_i = ...``) and expands later statements through
them.  :func:`numeric_identity` evaluates both sides of an identity at seeded random points;
:func:`numeric_gradient` compares a claimed gradient with finite differences (or the complex
step) of the function itself, reusing :mod:`symdl.numeric.check`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np
import sympy
from sympy.core.function import AppliedUndef

from symdl.config import DEFAULT, Config
from symdl.errors import ResourceLimit, SymdlError
from symdl.formula import Formula
from symdl.numeric.lower import free_indices
from symdl.numeric.points import domain_constraints, sample_value, shapes_for
from symdl.numeric.program import compile_expr
from symdl.numeric.resolve import resolve
from symdl.numeric.verdict import numeric_verdict

#: how many random points each numeric check uses
POINTS = 4
#: the most rounds of substitution when expanding definitions (definitions may use earlier ones)
MAX_ROUNDS = 8
#: tolerances of an identity evaluated on both sides in float64
IDENTITY_RTOL, IDENTITY_ATOL = 1e-8, 1e-10
#: the length symdl.numeric.points gives a sampled family; an explicit sum bound must match it
FAMILY_LENGTH = 5


@dataclass(frozen=True)
class NumericCheck:
    """The numeric part of a step's verification.

    Attributes:
        ok: every point within tolerance.
        method: how the reference was computed (``evaluation``, ``numeric (complex, 3 points)``...).
        points: number of points checked.
        max_rel_error: the largest relative error seen.
        point: one of the points (spelling → value as text), for the document's table.
        note: the counterexample or why the check could not run.
    """

    ok: bool
    method: str
    points: int
    max_rel_error: float
    point: Mapping[str, str] = field(default_factory=dict)
    note: str = ""


@dataclass
class Context:
    """Definitions in force, and every symbol's spelling and LaTeX seen so far."""

    functions: dict[sympy.FunctionClass, sympy.Lambda] = field(default_factory=dict)
    values: dict[sympy.Basic, sympy.Basic] = field(default_factory=dict)
    families: dict[sympy.IndexedBase, sympy.Lambda] = field(default_factory=dict)
    spell: dict[str, sympy.Basic] = field(default_factory=dict)
    latex_names: dict[sympy.Basic, str] = field(default_factory=dict)
    shapes: dict[str, tuple[int, ...]] = field(default_factory=dict)

    def learn(self, formula: Formula) -> None:
        """Remember the spellings of a parsed statement (definitions are added by :meth:`define`)."""
        for k, v in formula.symbols.items():
            self.spell.setdefault(k, v)
        for k, v in formula.latex_names.items():
            self.latex_names.setdefault(k, v)

    def define(self, formula: Formula) -> list[str]:
        """Add a formula's definitions; returns what was defined, as inline math in the formula's own spelling."""
        self.learn(formula)
        out = []
        for st in formula.statements:
            lhs = st.lhs
            if lhs is None or st.kind not in ("definition", "assignment", "equation"):
                continue
            rhs = self.expand(st.rhs)
            if isinstance(lhs, AppliedUndef) and all(isinstance(a, sympy.Symbol) for a in lhs.args):
                self.functions[lhs.func] = sympy.Lambda(lhs.args, rhs)
            elif isinstance(lhs, sympy.Indexed):
                self.families[lhs.base] = sympy.Lambda(lhs.indices, rhs)
            elif isinstance(lhs, sympy.Symbol | sympy.MatrixSymbol) and lhs not in rhs.free_symbols:
                self.values[lhs] = rhs
            else:
                continue
            out.append("$" + (st.lhs_latex or formula.latex(lhs)) + "$")  # as written (\hat{v}, \mathbf{c}_t)
        return out

    def expand(self, expr: sympy.Basic) -> sympy.Basic:
        """``expr`` with every definition in force substituted (repeatedly, derivatives evaluated)."""
        for _ in range(MAX_ROUNDS):
            new = expr.xreplace(self.values) if self.values else expr
            for fn, lam in self.functions.items():
                new = new.replace(lambda e, fn=fn: isinstance(e, AppliedUndef) and e.func == fn,
                                  lambda e, lam=lam: lam(*e.args))  # fmt: skip
            for base, lam in self.families.items():
                new = new.replace(lambda e, b=base: isinstance(e, sympy.Indexed) and e.base == b,
                                  lambda e, lam=lam: lam(*e.indices))  # fmt: skip
            if new == expr:
                break
            expr = new
        if expr.has(sympy.Derivative):
            expr = expr.doit()
        return expr

    def names(self) -> dict[sympy.Basic, str]:
        """SymPy object → spelling, for messages and numeric programs."""
        return {v: k for k, v in reversed(list(self.spell.items()))}


def _fmt(value: object) -> str:
    arr = np.asarray(value, dtype=float)
    if arr.ndim == 0:
        return f"{float(arr):.4g}"
    return "[" + ", ".join(f"{x:.3g}" for x in arr.ravel()[:4]) + (", …]" if arr.size > 4 else "]")


def _integer_symbols(expr: sympy.Basic) -> set[sympy.Basic]:
    out: set[sympy.Basic] = set()
    for s in expr.atoms(sympy.Sum):
        for _, lo, hi in s.limits:
            out |= sympy.sympify(lo).free_symbols | sympy.sympify(hi).free_symbols
    return out


def numeric_identity(
    lhs: sympy.Basic, rhs: sympy.Basic, ctx: Context, *, points: int = POINTS, config: Config = DEFAULT
) -> NumericCheck:
    """Evaluate ``lhs`` and ``rhs`` at seeded random points from sensible ranges and compare them."""
    names = ctx.names()
    free = tuple(dict.fromkeys([*free_indices(lhs), *free_indices(rhs)]))
    try:
        progs = [compile_expr(side, free=tuple(i for i in free if i in side.free_symbols) or None)
                 for side in (lhs, rhs)]  # fmt: skip
    except ResourceLimit:  # a budget is never a verdict: the whole derivation stops, naming it
        raise
    except SymdlError as exc:
        return NumericCheck(False, "evaluation impossible", 0, 0.0, note=exc.message)
    inputs = list(dict.fromkeys(o for p in progs for o in p.needs))
    rng = np.random.default_rng(config.seed)
    axes: dict[sympy.Basic, tuple[None, ...]] = {}  # a family read with two indices (\bar{h}_{s,j}) takes a matrix
    for ix in (lhs.atoms(sympy.Indexed) | rhs.atoms(sympy.Indexed)):
        axes[ix.base] = max(axes.get(ix.base, (None,)), (None,) * len(ix.indices), key=len)
    shapes, dims = shapes_for(inputs, dict(ctx.shapes), rng, names, axes)
    ints = _integer_symbols(lhs) | _integer_symbols(rhs)
    positive, nonzero = domain_constraints(lhs + rhs if not isinstance(lhs, sympy.MatrixExpr) else lhs)
    checks = [compile_expr(e) for e in positive] + [compile_expr(sympy.Abs(e)) for e in nonzero]
    worst, first, done = 0.0, {}, 0
    for _ in range(points * 20):
        if done == points:
            break
        pt = {o: float(dims[o]) if o in dims else float(rng.integers(1, 9)) if o in ints
              else sample_value(o, shapes[o], rng) for o in inputs}  # fmt: skip
        family = any(isinstance(o, sympy.IndexedBase) for o in inputs)
        # in a fixed order: the random draws (and the table) must not follow the hashing of a set
        pt.update({o: float(FAMILY_LENGTH if family else rng.integers(1, 9))
                   for o in sorted(ints, key=sympy.default_sort_key) if o not in pt})  # fmt: skip
        try:
            if not all(np.all(np.asarray(c(pt, names)) > 0) for c in checks):
                continue
            a, b = (np.asarray(p(pt, names), dtype=float) for p in progs)
        except ResourceLimit:  # a budget is never a verdict: the whole derivation stops, naming it
            raise
        except SymdlError as exc:
            return NumericCheck(False, "evaluation impossible", done, worst, note=exc.message)
        if not (np.all(np.isfinite(a)) and np.all(np.isfinite(b))):
            continue
        if a.shape != b.shape and a.size == b.size:
            b = b.reshape(a.shape)
        if a.shape != b.shape and not (a.ndim == 0 or b.ndim == 0):
            return NumericCheck(False, "evaluation", done + 1, float("inf"), note=f"shapes {a.shape} and {b.shape}")
        err = np.abs(a - b)
        rel = float(np.max(err / np.maximum(np.abs(a), config.atol), initial=0.0))
        worst = max(worst, rel)
        shown = {names.get(o) or sympy.latex(o): _fmt(v) for o, v in pt.items()}  # N_alpha → N_{\alpha}
        first = first or shown
        done += 1
        if not np.all(err <= IDENTITY_ATOL + IDENTITY_RTOL * np.abs(a)):
            note = f"at {shown}: left side {_fmt(a)}, right side {_fmt(b)}"
            return NumericCheck(False, "evaluation", done, worst, shown, note)
    if done == 0:
        return NumericCheck(False, "evaluation impossible", 0, 0.0, note="no point where both sides are finite")
    return NumericCheck(True, f"evaluation ({done} points)", done, worst, first)


def numeric_gradient(
    f: sympy.Basic, var: sympy.Basic, claim: sympy.Basic, ctx: Context, *, points: int = 3, config: Config = DEFAULT
) -> NumericCheck:
    """Compare ``claim`` with finite differences / the complex step of ``f`` by ``var`` (always numeric).

    Uses the numeric half of :func:`symdl.numeric.check_gradient` (points from sensible ranges,
    moved off kinks, unknown functions replaced by a fixed analytic stand-in).
    """
    try:
        expr, v, claim_expr, free, spelled = resolve(f, var, claim)
        names = {**spelled, **ctx.names()}
        res = numeric_verdict(expr, v, claim_expr, free, names, dict(ctx.shapes), None, points, config)
    except ResourceLimit:  # a budget is never a verdict: the whole derivation stops, naming it
        raise
    except SymdlError as exc:
        return NumericCheck(False, "numeric check impossible", 0, 0.0, note=exc.message)
    verdict, ce, max_rel, diag, more = res
    note = ""
    if ce is not None:
        at = {k: _fmt(v) for k, v in ce.point.items()}
        note = (f"at {at}: claim {_fmt(ce.claim)}, finite differences {_fmt(ce.truth)} "
                f"(relative error {ce.rel_error:.3g})")  # fmt: skip
        if diag:
            note += f"; {diag}"
    elif verdict == "undecided":
        note = "; ".join(more[1:])
    shown = {}
    # an undecided check has no counterexample: 0 points, so that combine() does not read it as a refutation (a
    # stand-in of one side, or a gradient within the absolute tolerance of 0, had made the step "refuted")
    return NumericCheck(verdict == "verified", more[0], 0 if verdict == "undecided" else points, max_rel, shown, note)
