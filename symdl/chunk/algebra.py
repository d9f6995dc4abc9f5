"""Bounded-time algebra used by recognition: equivalence tests, linear splits, reductions.

Everything here is cheap by construction: no ``simplify``.  Symbolic checks use
``together``/``cancel`` on small expressions under a time bound; equivalence of
elementary expressions is decided by evaluating both sides at several
deterministic pseudo-random points with 30-digit arithmetic (identity testing),
which is how a reader checks "is this the same function?" and cannot hang.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import TypeVar

import sympy
from sympy import Abs, Add, Indexed, Mul, Piecewise, Pow, Sum
from sympy.core.function import AppliedUndef
from sympy.matrices.expressions.matexpr import MatrixExpr

from symdl.activations import ELEMENTARY
from symdl.budget import meter
from symdl.chunk.exact import OPAQUE, abstract_parts, exact_equal, fingerprint_differs, rationalise
from symdl.chunk.farpoints import far_points_differ
from symdl.chunk.registry import STATS
from symdl.simplify import attempt, part
from symdl.untrusted import refuse_text

T = TypeVar("T")

#: Largest expression (``count_ops``) a symbolic ``cancel`` is attempted on.
MAX_CANCEL_OPS = 120


def bounded(fn: Callable[[], T], fallback: T, share: float = 0.5, *, of: sympy.Basic | None = None) -> T:
    """Run ``fn()`` within ``share`` of the ``steps`` budget; return ``fallback`` past it or on a SymPy failure.

    Args:
        fn: the computation (a SymPy call on a small expression).
        fallback: the still-correct value to use when ``fn`` takes too long or fails.
        share: the part of the ``steps`` budget it may count.
        of: the expression ``fn`` works on (default: ``fallback``); not attempted when expanding it
            would exceed the ``terms`` budget.
    """
    return attempt(fn, fallback, of=fallback if of is None else of, steps=part(None, share))


def cheap_cancel(expr: sympy.Expr, share: float = 0.2) -> sympy.Expr:
    """``cancel(together(expr))`` when ``expr`` is small, within ``share`` of the ``steps`` budget; else ``expr``."""
    refuse_text(expr, "the expression")
    if isinstance(expr, MatrixExpr) or sympy.count_ops(expr) > MAX_CANCEL_OPS:
        return expr
    return bounded(lambda: sympy.cancel(sympy.together(expr)), expr, share)


# ---------------------------------------------------------------- numeric identity test
_ELEMENTARY = ELEMENTARY  # one row per activation class, from its record (symdl.activations)


def elementary(expr: sympy.Basic) -> sympy.Basic:
    """Replace symdl's activation classes by their elementary definitions (remembered per expression)."""
    found = _ELEMENTARY_OF.get(expr)
    if found is None:
        found = expr
        for cls, body in _ELEMENTARY.items():
            if found.has(cls):
                found = found.replace(cls, body)
        if len(_ELEMENTARY_OF) > 4096:
            _ELEMENTARY_OF.clear()
        _ELEMENTARY_OF[expr] = found
    return found


_ELEMENTARY_OF: dict[sympy.Basic, sympy.Basic] = {}


def leaves(expr: sympy.Basic) -> tuple[sympy.Basic, ...]:
    """What ``expr`` depends on, as a numeric test assigns it: whole indexed entries (``y[n]``, not the index ``n``
    they share with ``x[n]``) and the symbols outside them, in a fixed order (remembered per expression: the
    expression a recogniser tests is compared with each activation's template at each candidate argument)."""
    found_leaves = _LEAVES_OF.get(expr)
    if found_leaves is None:
        found: set[sympy.Basic] = set(expr.atoms(Indexed))
        inside = {s for i in found for s in i.free_symbols}
        found |= {s for s in expr.free_symbols if s not in inside or s in _outside_indexed(expr)}
        found_leaves = tuple(sorted(found, key=sympy.default_sort_key))
        if len(_LEAVES_OF) > 4096:
            _LEAVES_OF.clear()
        _LEAVES_OF[expr] = found_leaves
    return found_leaves


_LEAVES_OF: dict[sympy.Basic, tuple[sympy.Basic, ...]] = {}


def _outside_indexed(expr: sympy.Basic) -> set[sympy.Basic]:
    stripped = expr.replace(lambda e: isinstance(e, Indexed), lambda e: sympy.Integer(0))
    return set(stripped.free_symbols)


#: the largest exponent a numeric comparison raises to: past it, 30 digits of x^y need y to ~log10|y| digits
#: more, and v^{e^{10^20}} asked mpmath for 10^20 digits of e (fuzz seed 91 input 2281 hung the worker)
_TAME_EXPONENT = 1e6


def value_at(expr: sympy.Basic, point: dict[sympy.Basic, sympy.Float]) -> complex | None:
    """``expr`` at ``point`` to 30 digits, or None (not a finite number there, or an exponent too large)."""
    try:
        at = expr.xreplace(point)
        if not _tame(at):
            return None
        val = complex(sympy.N(at, 30))
    except (TypeError, ValueError, ZeroDivisionError, AttributeError, RecursionError):
        return None
    if not (math.isfinite(val.real) and math.isfinite(val.imag)):
        return None
    return val


def _tame(at: sympy.Basic) -> bool:
    """Are all exponents of ``at`` (a number) at most :data:`_TAME_EXPONENT` in size?

    Checked innermost first, each exponent evaluated at 15 digits only after the ones inside it passed.
    """
    for node in sympy.postorder_traversal(at):
        exponent = node.exp if isinstance(node, sympy.Pow) else node.args[0] if isinstance(node, sympy.exp) else None
        if exponent is None or (exponent.is_Integer and abs(exponent) <= _TAME_EXPONENT):
            continue
        size = abs(complex(sympy.N(exponent, 15)))
        if not size <= _TAME_EXPONENT:  # also NaN
            return False
    return True


#: what tests two values equal (δ(y_i, j), an indicator's y = k): never decided at points, where every leaf differs
COINCIDENCES = (sympy.KroneckerDelta, sympy.Eq, sympy.Ne)


def equivalent(a: sympy.Basic, b: sympy.Basic) -> bool:
    """Whether ``a`` and ``b`` are the same function of their free symbols, decided exactly.

    Structural equality first; then, for elementary expressions, a float64 fingerprint at fixed points as a
    cheap pre-filter (clearly different values: not equivalent) and the exact test of
    :func:`symdl.chunk.exact.exact_equal` (a symbolic zero, or exact values at points where ``e^x`` is
    rational).  Floats in the formula count as the decimals they denote.  Expressions with sums, products,
    matrices or undefined functions are compared symbolically only.  Undecided means "not equivalent".
    """
    STATS["equivalence tests"] += 1
    if a == b:
        return True
    if any(isinstance(e, MatrixExpr) for e in (a, b)):
        return False
    a, b = elementary(a), elementary(b)
    if _infinite(a) != _infinite(b):
        return False  # a value written ∞ (an attention mask's −∞ row) is no finite function's value anywhere
    if not any(e.has(*COINCIDENCES) for e in (a, b)):
        a, b = abstract_parts(a, b)
    if not (pointwise(a) and pointwise(b)):
        # evalf of a Product with a symbolic bound runs Euler-Maclaurin on its log-sum: seconds per point,
        # counted as few steps.  Different opaque parts (softmax(z) on one side only) cannot cancel.  A
        # Kronecker delta δ(y_i, j) (a sum's j ≠ y_i) is 0 at every point, each leaf at its own value: points
        # never test the indices equal (nor an indicator's y = k), so (1 − δ)·max(0, x) would pass for max(0, x).
        return _opaque(a) == _opaque(b) and cheap_cancel(rationalise(a) - rationalise(b)) == 0
    at = sorted(set(leaves(a)) | set(leaves(b)), key=sympy.default_sort_key)
    meter().charge("nodes", node_count(a) + node_count(b), what="recognising the concepts of this formula")
    if fingerprint_differs(a, b, at) or far_points_differ(a, b, at):
        return False  # far points: ReLU6's min(max(0, x), 6) is no ReLU (symdl.chunk.farpoints)
    return exact_equal(a, b, at)


def _infinite(e: sympy.Basic) -> bool:
    """Does a row of cases in ``e`` take an infinite value (an attention mask's ``-\\infty``)?"""
    return any(p.expr.has(sympy.oo, -sympy.oo, sympy.zoo) for n in e.atoms(Piecewise) for p in n.args)


def _opaque(e: sympy.Basic) -> set[object]:
    """The parts of ``e`` no numeric point can evaluate: symdl's own functions, undefined functions, sums, and the
    tests of two values equal (a side with δ(y_i, j) or y = k and a side without: never decided equal)."""
    found: set[object] = {type(f) for f in e.atoms(sympy.Function) if not type(f).__module__.startswith("sympy.")}
    found |= {f.func for f in e.atoms(AppliedUndef)}
    return found | {cls for cls in (*OPAQUE, *COINCIDENCES) if e.has(cls)}


def pointwise(e: sympy.Basic) -> bool:
    """Do values at points stand for ``e``: no opaque part (a sum, product, undefined function), no test of two
    values equal, every function one mpmath evaluates?"""
    return not e.has(*OPAQUE, *COINCIDENCES) and evaluable(e)


def evaluable(e: sympy.Basic) -> bool:
    """Can mpmath evaluate every function in ``e``?  A function of symdl's own that :func:`elementary` left
    (softmax of a vector) has no numeric value: evalf would spend 0.05 s per point finding that out."""
    return all(type(f).__module__.startswith("sympy.") for f in e.atoms(sympy.Function))


def node_count(expr: sympy.Basic) -> int:
    """Nodes of an expression tree (the unit of the ``nodes`` budget)."""
    return sum(1 for _ in sympy.preorder_traversal(expr))


def is_number(expr: sympy.Basic) -> bool:
    """A real numeric constant."""
    return bool(getattr(expr, "is_number", False)) and not isinstance(expr, MatrixExpr)


def num_value(expr: sympy.Basic) -> float | None:
    """The float value of a numeric constant, else None."""
    if not is_number(expr):
        return None
    try:
        return float(expr)
    except (TypeError, ValueError):
        return None


def is_one(expr: sympy.Basic) -> bool:
    """Exactly one: ``1 - 10^{-15}`` is not.  A value computed from decimals (``0.999 + 0.001``, ``(1-0.999)/0.001``)
    carries float64 rounding noise, so a Float result counts as the 13-digit decimal it rounds to."""
    if expr.has(sympy.Float) and (val := num_value(expr)) is not None:
        return sympy.Rational(f"{val:.13g}") == 1
    exact = rationalise(expr)
    if exact.is_Rational:
        return bool(exact == 1)
    return cheap_cancel(exact - 1) == 0


# ---------------------------------------------------------------- structure
def factors(expr: sympy.Basic) -> list[sympy.Basic]:
    """The factors of a (matrix) product, or ``[expr]``."""
    if isinstance(expr, Mul) or type(expr).__name__ == "MatMul":
        return list(expr.args)
    return [expr]


def terms(expr: sympy.Basic) -> list[sympy.Basic]:
    """The terms of a (matrix) sum, or ``[expr]``."""
    if isinstance(expr, Add) or type(expr).__name__ == "MatAdd":
        return list(expr.args)
    return [expr]


def numer_denom(expr: sympy.Basic) -> tuple[sympy.Basic, sympy.Basic]:
    """Split a scalar product into numerator and denominator without expanding."""
    if isinstance(expr, MatrixExpr) or not isinstance(expr, sympy.Expr):  # matrices; a Piecewise's (expr, cond)
        return expr, sympy.Integer(1)
    num: list[sympy.Basic] = []
    den: list[sympy.Basic] = []
    for f in factors(expr):
        if isinstance(f, Pow) and f.exp.is_number and f.exp.is_negative:
            den.append(f.base ** (-f.exp))
        elif f.is_Rational and f.q != 1:
            num.append(sympy.Integer(f.p))
            den.append(sympy.Integer(f.q))
        else:
            num.append(f)
    return Mul(*num), Mul(*den)


def sqrt_arg(expr: sympy.Basic) -> sympy.Basic | None:
    """``s`` if ``expr`` is ``sqrt(s)``, else None."""
    if isinstance(expr, Pow) and expr.exp == sympy.Rational(1, 2):
        return expr.base
    if type(expr).__name__ == "HadamardPower" and expr.exp == sympy.Rational(1, 2):
        return expr.base
    return None


def difference(expr: sympy.Basic) -> tuple[sympy.Basic, sympy.Basic] | None:
    """``(a, b)`` if ``expr`` is ``a - b`` (two terms, one subtracted), else None."""
    parts = terms(expr)
    if len(parts) != 2:
        return None
    neg = [t for t in parts if t.could_extract_minus_sign()]
    pos = [t for t in parts if not t.could_extract_minus_sign()]
    if len(neg) == 1 and len(pos) == 1:
        return pos[0], -neg[0]
    return None


def is_subtracted(expr: sympy.Basic) -> bool:
    """Whether ``expr`` reads as something subtracted (``-η g``, ``(-η) G`` for a matrix ``G``)."""
    if type(expr).__name__ == "MatMul":
        signs = sum(1 for f in expr.args if not isinstance(f, MatrixExpr) and f.could_extract_minus_sign())
        return signs % 2 == 1
    if type(expr).__name__ == "MatAdd":
        return all(is_subtracted(t) for t in expr.args)
    if type(expr).__name__ == "HadamardProduct":  # −ε/(δ + √r) ⊙ g: an odd number of negated factors
        return sum(1 for f in expr.args if is_subtracted(f)) % 2 == 1
    return bool(expr.could_extract_minus_sign())


def linear_in(expr: sympy.Basic, s: sympy.Basic) -> tuple[sympy.Basic, sympy.Basic] | None:
    """``(a, rest)`` with ``expr == a*s + rest`` and neither depending on ``s``; else None.  A matrix
    expression is expanded only when it does not split as written (bold ``θ − η(… + λθ)``)."""
    got = _linear_in(expr, s)
    if got is not None or not isinstance(expr, MatrixExpr):
        return got
    expanded = bounded(lambda: sympy.expand(expr), expr, 0.2)
    return _linear_in(expanded, s) if isinstance(expanded, MatrixExpr) and expanded != expr else None


def _linear_in(expr: sympy.Basic, s: sympy.Basic) -> tuple[sympy.Basic, sympy.Basic] | None:
    """:func:`linear_in` on ``expr`` as written (a matrix expression is not expanded).

    Gradients and calls that mention ``s`` (``∂J/∂θ``, ``J(θ)``) count as quantities of their
    own, not as dependence on ``s``.
    """
    opaque = {
        d: sympy.Dummy("q", real=True) for d in expr.atoms(sympy.Derivative, sympy.Subs, AppliedUndef) if d.has(s)
    }  # ∇L evaluated at θ_t (a Subs) is a quantity too
    if opaque and not isinstance(expr, MatrixExpr):
        got = _linear_in(expr.xreplace(opaque), s)
        if got is None:
            return None
        back = {v: k for k, v in opaque.items()}
        return got[0].xreplace(back), got[1].xreplace(back)
    coef: list[sympy.Basic] = []
    rest: list[sympy.Basic] = []
    expanded = expr if isinstance(expr, MatrixExpr) else bounded(lambda: sympy.expand(expr), expr, 0.2)
    for term in terms(expanded):
        if not term.has(s):
            rest.append(term)
            continue
        fs = factors(term)
        hits = [f for f in fs if f == s]
        if len(hits) != 1 or any(f.has(s) for f in fs if f is not hits[0]):
            return None
        broadcast = not isinstance(s, MatrixExpr)  # θ_{t-1}·𝟙: a scalar parameter broadcast beside a bold step (Dozat)
        others = [f for f in fs if f is not hits[0] and not (broadcast and isinstance(f, sympy.OneMatrix))]
        coef.append(Mul(*others) if all(not isinstance(f, MatrixExpr) for f in others) else None)
    if not coef or any(c is None for c in coef):
        return None
    a = Add(*coef)
    if not rest:
        return a, sympy.Integer(0)
    if len(rest) == 1:
        return a, rest[0]
    return a, (sympy.Add(*rest) if all(not isinstance(t, MatrixExpr) for t in rest) else sympy.MatAdd(*rest))


def one_factor(expr: sympy.Basic, kind: type | tuple[type, ...]) -> tuple[sympy.Basic, sympy.Basic] | None:
    """``(k, F)`` of a product ``k · F`` whose only factor of class ``kind`` is ``F`` (None when it has none or
    several); ``(1, expr)`` when ``expr`` is no product (``expr`` itself, whatever its class)."""
    if not isinstance(expr, Mul):
        return sympy.Integer(1), expr
    found = [f for f in expr.args if isinstance(f, kind)]
    if len(found) != 1:
        return None
    return Mul(*[f for f in expr.args if f is not found[0]]), found[0]


def reduction(expr: sympy.Basic) -> tuple[sympy.Basic, Sum] | None:
    """``(k, Sum(...))`` if ``expr`` is ``k * Sum(...)`` with ``k`` free of the sum's indices."""
    got = one_factor(expr, Sum) if isinstance(expr, (Sum, Mul)) else None
    if got is None or not isinstance(got[1], Sum) or any(got[0].has(v) for v in got[1].variables):
        return None
    return got


def count(lims: tuple) -> sympy.Expr:
    """The number of terms of a sum with limits ``(j, lo, hi)``."""
    _, lo, hi = lims
    return hi - lo + 1


def is_mean_scale(k: sympy.Basic, n: sympy.Basic) -> bool:
    """Whether ``k == 1/n``."""
    return is_one(k * n)


def index_rename(u: sympy.Basic, v: sympy.Basic, j: sympy.Symbol) -> sympy.Symbol | None:
    """An index ``i`` of ``u`` such that ``v`` with ``j -> i`` is ``u`` (the same term), else None."""
    if v == u and not u.has(j):
        return None
    bound = u.has(Sum)
    for i in sorted(u.free_symbols, key=sympy.default_sort_key):
        if i != j and (i.is_integer or isinstance(i, sympy.Idx)) and (
                v.xreplace({j: i}) == u or (bound and _bound_renamed(v.xreplace({j: i})) == _bound_renamed(u))):
            return i
    return None


def _bound_renamed(e: sympy.Basic) -> sympy.Basic:
    """``e`` with the indices its sums bind renamed in the order written (word2vec's ``u_c^T v`` is
    ``Σ_j u_{c,j} v_j`` in the numerator and ``Σ_k u_{i,k} v_k`` in the normaliser: the same score)."""
    names = iter(sympy.Symbol(f"_bound{n}", integer=True) for n in range(10_000))
    renamed = {}
    for node in sympy.preorder_traversal(e):
        if isinstance(node, Sum):
            for lim in node.limits:
                if lim[0] not in renamed:
                    renamed[lim[0]] = next(names)
    return e.xreplace(renamed) if renamed else e


def abs_arg(expr: sympy.Basic) -> sympy.Basic | None:
    """``x`` if ``expr`` is ``|x|``."""
    return expr.args[0] if isinstance(expr, Abs) else None


def depends(expr: sympy.Basic, index: sympy.Symbol) -> bool:
    """Whether ``expr`` varies with ``index``."""
    return index in expr.free_symbols


def row_bias(t: sympy.Basic) -> bool:
    """``1 b``: a row ``b`` added to every row of a batch (d2l's ``X W + b``, read with the ``bias-row`` note)."""
    return type(t).__name__ == "MatMul" and len(t.args) == 2 and isinstance(t.args[0], sympy.OneMatrix)


def broadcast_bias(t: sympy.Basic) -> bool:
    """A bias broadcast by a ones vector: ``b 1^T`` over the columns or ``1 b`` over the rows."""
    return isinstance(t.args[-1], sympy.OneMatrix) or row_bias(t)


def unbroadcast(b: sympy.Basic) -> sympy.Basic:
    """``b`` from ``b 1^T`` (a bias broadcast over the columns) or from ``1 b`` (over the rows)."""
    if type(b).__name__ == "MatMul" and len(b.args) == 2 and isinstance(b.args[1], sympy.OneMatrix):
        return b.args[0]
    return b.args[1] if row_bias(b) else b
