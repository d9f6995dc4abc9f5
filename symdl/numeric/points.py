"""Where to check: sensible random points, the domain they must lie in, and the kinks to avoid.

* :data:`RANGES` — symbol-name patterns → sampling range (probabilities in (0, 1),
  rates and scales > 0, decay factors in (0, 1)); assumptions (``positive``) come next,
  a symmetric default last.
* :func:`domain_constraints` — expressions that must be > 0 at a valid point (arguments
  of ``log``, ``sqrt`` and fractional powers) or far from 0 (denominators).
* :func:`kink_expressions` — expressions whose sign change marks a point where the
  function is not differentiable (``x`` for ``|x|``, ``relu(x)``, ``Heaviside(x)``;
  ``a - b`` for ``max(a, b)``; both sides of a Piecewise condition).
"""

from __future__ import annotations

import itertools
import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import numpy as np
import sympy
from sympy.matrices.expressions.applyfunc import ElementwiseApplyFunction

from symdl.activations import KINKS
from symdl.budget import meter
from symdl.numeric.tables import REDUCTIONS


@dataclass(frozen=True)
class Range:
    """A sampling range ``[lo, hi]`` and what it stands for."""

    lo: float
    hi: float
    why: str


RANGES: tuple[tuple[str, Range], ...] = (
    (r"^(p|q|pi|y_?hat|hat_?y|yhat|prob|a\^?\[?L\]?)(_.*)?$|^\\hat\{?y", Range(0.05, 0.95, "probability")),
    (r"^(y|t|label|target)(_.*|\^.*)?$", Range(0.05, 0.95, "label/target in (0, 1)")),
    (r"^(beta|gamma|rho|mu|decay|momentum|lambda)(_.*)?$", Range(0.1, 0.95, "decay factor in (0, 1)")),
    (r"^(epsilon|eps|varepsilon)(_.*)?$", Range(1e-3, 0.1, "small positive constant")),
    (r"^(alpha|eta|lr|tau|temperature)(_.*)?$", Range(0.05, 1.0, "step size / temperature > 0")),
    (r"^(s|sigma|var|std|scale|v_?hat|s_?hat|hat_?[sv])(_.*)?$", Range(0.5, 2.0, "scale > 0")),
    (r"^(n|m|N|M|K|T|B|d)(_.*)?$", Range(1.0, 4.0, "count")),
)
"""Name pattern → range; the first match wins."""

DEFAULT_RANGE = Range(-2.0, 2.0, "any real")
POSITIVE_RANGE = Range(0.2, 2.0, "positive")


def range_for(obj: sympy.Basic) -> Range:
    """The sampling range of a symbol, family or matrix by its name and assumptions."""
    name = str(obj.label) if isinstance(obj, sympy.IndexedBase) else str(getattr(obj, "name", obj))
    for pattern, rng in RANGES:
        if re.search(pattern, name):
            if rng.why == "count" and not getattr(obj, "is_integer", False):
                continue
            return rng
    if getattr(obj, "is_positive", False) or getattr(obj, "is_nonnegative", False):
        return POSITIVE_RANGE
    return DEFAULT_RANGE


def sample_value(obj: sympy.Basic, shape: tuple[int, ...], rng: np.random.Generator) -> np.ndarray | float:
    """A random value for ``obj`` of the given array shape (``()`` for a scalar)."""
    r = range_for(obj)
    if getattr(obj, "is_integer", False):  # a count, or a label that picks an entry (1-based)
        ints = rng.integers(int(max(r.lo, 1)), int(max(r.hi, 2)) + 1, size=shape or None)
        return ints.astype(float) if shape else float(ints)
    return rng.uniform(r.lo, r.hi, size=shape) if shape else float(rng.uniform(r.lo, r.hi))


def _args_of(expr: sympy.Basic, kinds: tuple[type, ...]) -> Iterable[sympy.Basic]:
    for node in sympy.preorder_traversal(expr):
        if isinstance(node, kinds):
            yield node


def positive_part(e: sympy.Basic) -> list[sympy.Basic]:
    """What must be positive for ``e`` to be real: a log's argument, the base of a fractional power (a root)."""
    if isinstance(e, sympy.log):
        return [e.args[0]]
    if isinstance(e, sympy.Pow) and e.exp.is_Rational and not e.exp.is_Integer:
        return [e.base]
    return []


def domain_constraints(expr: sympy.Basic) -> tuple[list[sympy.Basic], list[sympy.Basic]]:
    """(must be positive, must be away from zero) sub-expressions of ``expr``.

    Only those without bound (summation) indices are returned: they can be evaluated
    on their own.
    """
    positive, nonzero = [], []
    for node in sympy.preorder_traversal(expr):
        positive.extend(positive_part(node))
        if isinstance(node, sympy.Pow) and node.exp.is_negative:
            nonzero.append(node.base)

    def standalone(e: sympy.Basic) -> bool:
        return not e.atoms(*REDUCTIONS) and not _bound_inside(e, expr) and not getattr(e, "is_Matrix", False)

    return [e for e in positive if standalone(e)], [e for e in nonzero if standalone(e) and not e.is_number]


def _bound_inside(e: sympy.Basic, whole: sympy.Basic) -> bool:
    bound: set[sympy.Basic] = set()
    for node in _args_of(whole, tuple(REDUCTIONS)):
        lims = [tuple(node.args[1])] if not hasattr(node, "limits") else node.limits
        bound |= {lim[0] for lim in lims}
    return bool(e.free_symbols & bound)


KINK_SOURCES: dict[type, str] = {
    sympy.Abs: "zero of the argument",
    **KINKS,  # the activations' kinks (ReLU's at 0), from their records (symdl.activations)
    sympy.Heaviside: "zero of the argument",
    sympy.sign: "zero of the argument",
    sympy.Max: "ties between arguments",
    sympy.Min: "ties between arguments",
    sympy.Piecewise: "boundaries of the conditions",
}
"""Non-differentiable constructs and where their kinks are."""


def kink_expressions(expr: sympy.Basic) -> list[sympy.Basic]:
    """Expressions whose zeros are the kinks of ``expr`` (scalar sub-expressions only)."""
    out: list[sympy.Basic] = []
    for node in _args_of(expr, (*tuple(KINK_SOURCES), ElementwiseApplyFunction)):
        if isinstance(node, ElementwiseApplyFunction):
            continue
        if isinstance(node, sympy.Max | sympy.Min):
            args = node.args
            out.extend(a - b for n, a in enumerate(args) for b in args[n + 1 :])
        elif isinstance(node, sympy.Piecewise):
            for _, cond in node.args:
                for rel in cond.atoms(sympy.core.relational.Relational):
                    out.append(rel.lhs - rel.rhs)
        else:
            out.append(node.args[0])
    free = expr.free_symbols  # a kink inside an element-wise function's Lambda (|x| of |w|) is of its variable
    return [k for k in out if not k.is_number and not _bound_inside(k, expr) and k.free_symbols <= free]


def is_analytic(expr: sympy.Basic) -> bool:
    """Whether complex-step differentiation is valid for ``expr`` (no kinks, no comparisons)."""
    for node in sympy.preorder_traversal(expr):
        if isinstance(
            node, (*tuple(KINK_SOURCES), sympy.core.relational.Relational, sympy.floor, sympy.ceiling)
        ):
            return False
        if isinstance(node, sympy.core.function.AppliedUndef):
            return False
    return True


def shapes_for(
    objects: Iterable[sympy.Basic],
    declared: Mapping[str, tuple[int, ...]],
    rng: np.random.Generator,
    names: Mapping[sympy.Basic, str],
    axes: Mapping[sympy.Basic, tuple[sympy.Basic | None, ...]] | None = None,
) -> tuple[dict[sympy.Basic, tuple[int, ...]], dict[sympy.Basic, int]]:
    """Array shapes for every input, and the integer value of each symbolic dimension.

    Symbolic dimensions get distinct sizes (2, 3, 4, ...) so that a missing transpose
    shows as a shape mismatch or a wrong value instead of passing by coincidence.  ``axes`` gives a family's
    axes (one per index) the symbol of the sum that runs along each, if any: a family of vectors read by a dot
    product with a vector (``x_{i,k}`` beside ``w_k``) gets rows as long as the vector.
    """
    dims: dict[sympy.Basic, int] = {}
    # never exhausted: a formula may have any number of symbolic dimensions (the 'elements' budget bounds arrays)
    sizes = itertools.chain([3, 4, 2, 5, 6, 7, 8, 9, 10, 11, 12], itertools.count(13))
    shapes: dict[sympy.Basic, tuple[int, ...]] = {}
    objects = list(objects)
    # declared shapes first: they fix the symbolic dimensions the others share
    objects.sort(key=lambda o: names.get(o, str(getattr(o, "name", o))) not in declared)
    for obj in objects:
        key = names.get(obj, str(getattr(obj, "name", obj)))
        if key in declared:
            shapes[obj] = tuple(int(d) for d in declared[key])
            meter().require("elements", math.prod(shapes[obj]), what=f"the declared shape of {key}")
            if isinstance(obj, sympy.MatrixSymbol):
                for sym, val in zip(obj.shape, _as_matrix_shape(shapes[obj]), strict=True):
                    if isinstance(sym, sympy.Symbol):
                        dims.setdefault(sym, val)
            continue
        if isinstance(obj, sympy.IndexedBase):
            continue  # after the matrices, whose dimensions its axes may share
        if isinstance(obj, sympy.MatrixSymbol):
            shape = []
            for d in obj.shape:
                d = sympy.sympify(d)
                if d.is_Integer:
                    shape.append(int(d))
                else:
                    for s in d.free_symbols:
                        dims.setdefault(s, next(sizes))
                    shape.append(int(d.subs(dims)))
            shapes[obj] = (shape[0],) if shape[1] == 1 else tuple(shape)
        else:
            shapes[obj] = ()
    for obj in objects:
        if isinstance(obj, sympy.IndexedBase) and obj not in shapes:
            along = (axes or {}).get(obj, (None,))
            shapes[obj] = tuple(5 if sym is None else _sum_length(sym) if sym.is_Integer else dims.get(sym, 5)
                                for sym in along)
    return shapes, dims


def _sum_length(bound: sympy.Integer) -> int:
    """A family as long as the integer bound of the sum over it (\\sum_{i=1}^{4} w_i x_i^2), within the ``terms``
    budget: \\sum_{i=1}^{10^{12}} x_i^2 is refused by it before 10^12 entries are drawn (a MemoryError otherwise)."""
    meter().require("terms", int(bound), what="this sum's range")
    return int(bound)


def _as_matrix_shape(shape: tuple[int, ...]) -> tuple[int, int]:
    return (shape[0], 1) if len(shape) == 1 else (shape[0], shape[1])
