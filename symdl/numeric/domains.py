"""Draw each input inside the domain its uses imply, entry by entry, instead of rejecting whole draws.

A vector of 5 probabilities under ``log(a)`` and ``log(1 − a)`` drawn from [-2, 2] lands in (0, 1) at every entry
once in a thousand draws: whole-draw rejection gives up.  :func:`domain_ranges` reads, from every ``log(u)`` and
fractional power ``u^{1/2}`` of a function (also an element-wise ``log`` or power of a vector), the bound ``u > 0``
sets on an input ``t`` when ``u = a·t + b`` is affine in that one input (``b`` a number, or ≥ 0 by the ranges
of its own inputs: ``G + ε`` needs ``G > −ε``, ``G > 0`` suffices); the bounds of all its uses meet in one interval,
and each entry is drawn inside it.  A square matrix under ``det``, ``log det`` or an inverse is drawn as
``Q + (n + ½)I`` with ``Q`` uniform in [-1, 1]: diagonally dominant, so invertible with det > 0, and not symmetric
(a claim true only for symmetric matrices, ``Σ^{-1}`` for ``Σ^{-T}``, still shows).

A division ``1/t`` alone sets no range: both signs stay checked, and a draw too near 0 is still rejected.  A bound
this cannot read (``log(x − y)``, ``log(σ²)``) is left to rejection, as before.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import numpy as np
import sympy
from sympy.matrices.expressions.applyfunc import ElementwiseApplyFunction

from symdl.numeric.points import Range, positive_part, range_for, sample_value


@dataclass(frozen=True)
class Domain:
    """What the uses of the inputs imply: an open interval per input, and the matrices to keep invertible."""

    intervals: Mapping[sympy.Basic, tuple[float, float]]
    invertible: frozenset[sympy.Basic]


def _objects(expr: sympy.Basic, inputs: set[sympy.Basic]) -> dict[sympy.Basic, set[sympy.Basic]]:
    """Each input ``expr`` uses → the nodes that stand for its entries there (``x[i]``, ``x``, ``X[i, j]``)."""
    out: dict[sympy.Basic, set[sympy.Basic]] = {}
    for node in sympy.preorder_traversal(expr):
        if isinstance(node, sympy.Indexed) and node.base in inputs:
            out.setdefault(node.base, set()).add(node)
        elif isinstance(node, sympy.Indexed) and node.base.label in inputs:
            out.setdefault(node.base.label, set()).add(node)
        elif isinstance(node, sympy.matrices.expressions.matexpr.MatrixElement) and node.parent in inputs:
            out.setdefault(node.parent, set()).add(node)
        elif isinstance(node, sympy.Symbol) and node in inputs:
            out.setdefault(node, set()).add(node)
    return out


def _bound(arg: sympy.Basic, inputs: set[sympy.Basic], entry: Mapping[sympy.Basic, sympy.Basic]):
    """``(input, lo, hi)`` that ``arg > 0`` implies when ``arg`` is affine in one entry of one input, else None.

    ``entry`` maps a matrix input to the symbol standing for its entry in ``arg`` (an element-wise function's).
    """
    objs = _objects(arg, inputs)
    objs.update({m: {t} for m, t in entry.items() if m in inputs})
    for obj, nodes in objs.items():
        if len(nodes) != 1 or getattr(obj, "is_integer", False):
            continue
        t = sympy.Dummy("t", real=True)
        u = arg.xreplace({next(iter(nodes)): t})
        slope = sympy.diff(u, t)
        if slope.free_symbols or not slope.is_number or slope == 0:
            continue
        rest = u.subs(t, 0)
        if not rest.is_number:
            others = {s: sympy.Dummy(positive=True) for s in rest.free_symbols if s in inputs and range_for(s).lo >= 0}
            if rest.free_symbols - set(others) or not rest.xreplace(others).is_nonnegative:
                continue
            rest = sympy.Integer(0)  # b ≥ 0: a·t > 0 suffices (a conservative bound)
        edge = float(-rest / slope)
        return (obj, edge, math.inf) if slope > 0 else (obj, -math.inf, edge)
    return None


def _scalar_of(m: sympy.Basic, t: sympy.Symbol) -> tuple[sympy.Basic, sympy.Basic] | None:
    """An element-wise matrix argument ``a·X + b·1`` as ``(X, a·t + b)``; None for anything else."""
    found: list[sympy.Basic] = []

    def walk(e: sympy.Basic) -> sympy.Basic | None:
        if isinstance(e, sympy.MatrixSymbol):
            found.append(e)
            return t
        if isinstance(e, sympy.OneMatrix):
            return sympy.Integer(1)
        if isinstance(e, sympy.Transpose):
            return walk(e.arg)
        if isinstance(e, sympy.MatAdd | sympy.MatMul | sympy.Add | sympy.Mul):
            parts = [walk(a) if isinstance(a, sympy.MatrixExpr) else a for a in e.args]
            if any(p is None for p in parts):
                return None
            return sympy.Add(*parts) if isinstance(e, sympy.MatAdd | sympy.Add) else sympy.Mul(*parts)
        return None

    out = walk(m)
    return (found[0], out) if out is not None and len(set(found)) == 1 else None


def _uses(expr: sympy.Basic) -> Iterable[tuple[sympy.Basic, dict]]:
    """Every ``u`` that must be > 0, with the substitution that turns an element-wise dummy into its matrix's entry."""
    for node in sympy.preorder_traversal(expr):
        for arg in positive_part(node):
            yield arg, {}
        if isinstance(node, sympy.HadamardPower) and node.exp.is_Rational and not node.exp.is_Integer:
            t = sympy.Dummy("t", real=True)
            scal = _scalar_of(node.base, t)
            if scal is not None:  # (r + ε)^{∘ -1/2}: every entry of r + ε must be > 0
                yield scal[1], {scal[0]: t}
        if isinstance(node, ElementwiseApplyFunction):
            (d,), body = node.function.variables, node.function.expr
            t = sympy.Dummy("t", real=True)
            scal = _scalar_of(node.expr, t)
            if scal is None:
                continue
            for inner in sympy.preorder_traversal(body):
                for arg in positive_part(inner):
                    yield arg.xreplace({d: scal[1]}), {scal[0]: t}


def domain_ranges(exprs: Iterable[sympy.Basic], inputs: Iterable[sympy.Basic]) -> Domain:
    """The interval each input's entries must lie in for every ``log``/root of ``exprs``, and the matrices to keep
    invertible (under ``det``, ``log det``, an inverse or a negative power)."""
    inputs = set(inputs)
    lo: dict[sympy.Basic, float] = {}
    hi: dict[sympy.Basic, float] = {}
    square: set[sympy.Basic] = set()
    for expr in exprs:
        for arg, entry in _uses(expr):
            got = _bound(arg, inputs, entry)
            if got is not None:
                obj, a, b = got
                lo[obj], hi[obj] = max(lo.get(obj, -math.inf), a), min(hi.get(obj, math.inf), b)
        for node in sympy.preorder_traversal(expr):
            inner = _inverted(node)
            if isinstance(inner, sympy.MatrixSymbol) and inner in inputs and inner.shape[0] == inner.shape[1]:
                square.add(inner)
    intervals = {o: (lo.get(o, -math.inf), hi.get(o, math.inf)) for o in set(lo) | set(hi) if o not in square}
    return Domain(intervals, frozenset(square))


def _inverted(node: sympy.Basic) -> sympy.Basic | None:
    if isinstance(node, sympy.Determinant | sympy.Inverse):
        return node.args[0]
    if isinstance(node, sympy.MatPow) and node.exp.is_negative:
        return node.base
    return None


def sampling_range(obj: sympy.Basic, domain: Domain) -> Range | None:
    """The range to draw ``obj``'s entries from when its name's range leaves its domain; None when it does not."""
    if obj not in domain.intervals:
        return None
    base, (lo, hi) = range_for(obj), domain.intervals[obj]
    if lo < base.lo and base.hi < hi:
        return None
    if lo >= hi:
        return None  # bounds that contradict: leave it to rejection
    a, b = max(lo, base.lo), min(hi, base.hi)
    if a >= b:  # the name's range misses the domain: start from its edge
        a, b = (lo, lo + (base.hi - base.lo)) if math.isfinite(lo) else (hi - (base.hi - base.lo), hi)
    margin = 0.05 * (b - a)
    return Range(a + margin if a == lo else a, b - margin if b == hi else b, "inside the domain of its uses")


def draw(obj: sympy.Basic, shape: tuple[int, ...], rng: np.random.Generator, domain: Domain) -> np.ndarray | float:
    """A value for ``obj`` inside its domain (see the module docstring)."""
    if obj in domain.invertible and len(shape) == 2 and shape[0] == shape[1]:
        n = shape[0]
        return rng.uniform(-1.0, 1.0, size=shape) + (n + 0.5) * np.eye(n)
    r = sampling_range(obj, domain)
    if r is None or getattr(obj, "is_integer", False):
        return sample_value(obj, shape, rng)
    return rng.uniform(r.lo, r.hi, size=shape) if shape else float(rng.uniform(r.lo, r.hi))


def domain_notes(domain: Domain, names: Mapping[sympy.Basic, str]) -> list[str]:
    """The sampled ranges that are not the default, one note per input."""
    notes = []
    for obj in sorted(domain.invertible, key=str):
        notes.append(f"{names.get(obj, str(obj))} drawn as Q + (n + 1/2)I, Q uniform in [-1, 1] (det, log det or an "
                     "inverse of it needs it invertible with det > 0)")  # fmt: skip
    for obj in sorted(domain.intervals, key=str):
        r = sampling_range(obj, domain)
        if r is not None:
            lo, hi = domain.intervals[obj]
            need = f"({lo:g}, {hi:g})".replace("inf", "∞")
            notes.append(f"{names.get(obj, str(obj))} (each entry) drawn from [{r.lo:.3g}, {r.hi:.3g}]: the logs "
                         f"and roots it is under need them in {need}")  # fmt: skip
    return notes
