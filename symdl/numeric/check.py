"""``check_gradient``: is a hand-derived gradient right?  Symbolic first, numeric second.

1. **symbolic** — ``claim - truth`` simplified within the ``steps`` budget
   (:func:`symdl.simplify.bounded_simplify`); a zero is believed only when the numbers agree.
2. **numeric** — (:mod:`symdl.numeric.verdict`) at ``config``-seeded random points drawn from
   sensible ranges (:mod:`symdl.numeric.points`), moved off kinks, the claim is compared with a
   complex-step (analytic functions) or 4th-order central-difference gradient of ``f``
   itself, so a numeric verdict never trusts a symbolic derivative.  Unknown functions
   (``g(z)``) are replaced by a fixed analytic test function first (a claim true for
   every ``g`` holds for it; a counterexample for it refutes the general claim).  When
   symdl's differentiator refuses ``f``, there is no symbolic truth and the numbers decide.

Claims may use the formula's named intermediates (``p - y`` for a formula defining
``p``): every target of ``f``'s statements is substituted by its definition.  For a
family ``z`` the gradient is a vector over a fresh index (the claim's own free index is
renamed to it); for a vector or matrix it has the variable's shape (ML layout).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

import numpy as np
import sympy

from symdl.config import DEFAULT, Config, declared_shapes
from symdl.errors import InvalidInput, ResourceLimit, SymdlError
from symdl.formula import Formula
from symdl.numeric.claimdims import fix_claim_sizes, identity_in_claim
from symdl.numeric.hessian import (
    confirm_gradient,
    hessian_shape_check,
    layout_line,
    symbolic_hessian,
)
from symdl.numeric.names import (
    ShapeMismatch,
    align_shapes,
)
from symdl.numeric.resolve import aliased, reread, resolve, unify_names
from symdl.numeric.simplify import simplify_within
from symdl.numeric.verdict import BELOW_FLOOR, Counterexample, numeric_verdict
from symdl.numeric.wholeentries import entries_of_whole_names
from symdl.printers import Shown
from symdl.untrusted import check_point


@dataclass(frozen=True, repr=False)
class Verdict(Shown):
    """The result of :func:`check_gradient`.

    Attributes:
        verdict: ``verified``, ``refuted`` or ``undecided``.
        method: how it was decided (``symbolic``, ``numeric (complex-step)``, ...).
        truth: the symbolic gradient, when one was computed.
        difference: ``claim - truth`` simplified (``-2 sigmoid(z)``), when available.
        diagnosis: what the mistake looks like (``sign error``), for a refutation.
        counterexample: a point where claim and gradient differ, for a refutation.
        max_rel_error: the largest relative error seen at the checked points.
        points: number of points checked numerically.
        notes: anything worth knowing (timeouts, stand-in functions, moved points).
        layout: the derivative's layout (``denominator (ML) layout: the gradient is shaped like x (3×1)``,
            ``numerator layout: the Jacobian J_ij = ∂f_i/∂x_j``, ``Hessian H_ij = ∂²f/∂x_i∂x_j (3×3)``).
    """

    verdict: Literal["verified", "refuted", "undecided"]
    method: str
    truth: sympy.Basic | None = None
    difference: sympy.Basic | None = None
    diagnosis: str | None = None
    counterexample: Counterexample | None = None
    max_rel_error: float = 0.0
    points: int = 0
    notes: tuple[str, ...] = field(default_factory=tuple)
    layout: str = ""

    def __bool__(self) -> bool:
        return self.verdict == "verified"

    def __str__(self) -> str:
        lines = [f"{self.verdict} ({self.method})"] + ([f"layout: {self.layout}"] if self.layout else [])
        if self.difference is not None and self.verdict == "refuted":
            lines.append(f"claim - truth = {self.difference}")
        if self.diagnosis:
            lines.append(self.diagnosis)
        if self.counterexample is not None:
            ce = self.counterexample
            lines.append(f"counterexample at {dict(ce.point)}:")
            lines.append(f"  claim = {ce.claim}\n  truth = {ce.truth}\n  relative error {ce.rel_error:.3g}")
        lines.extend(f"note: {n}" for n in self.notes)
        return "\n".join(lines)


def _truth(expr: sympy.Basic, var: sympy.Basic, config: Config) -> sympy.Basic | None:
    try:
        from symdl.differentiate import diff

        return diff(expr, var, config=config).expr
    except ResourceLimit:  # a budget or the backstop: the user is told, never another truth
        raise
    except SymdlError:
        # symdl's differentiator refused (not supported): no symbolic truth, the numbers decide.  Never
        # SymPy's own diff instead: it runs outside every counted budget (x(T) A x^{∘2000} spent minutes
        # in its array-derivative code; fuzz seed 81 input 8149).
        return None


def check_gradient(
    f: Formula | sympy.Basic,
    wrt: str | sympy.Basic,
    claim: Formula | sympy.Basic,
    *,
    shapes: Mapping[str, tuple[int, ...]] | None = None,
    at: Mapping[str, object] | None = None,
    points: int = 3,
    order: int = 1,
    config: Config = DEFAULT,
) -> Verdict:
    """Check a claimed gradient ``claim = d f / d wrt``.

    Args:
        f: the function: a Formula (a system's last statement, earlier ones substituted) or expression.
        wrt: the variable: a spelling, Symbol, IndexedBase (whole family), Indexed or MatrixSymbol.
        claim: the claimed gradient (Formula or expression); may use ``f``'s intermediates.
        shapes: array shapes by spelling (``{"W": (3, 4), "z": (6,)}``); symbolic sizes
            get distinct small values otherwise.
        at: a point (values by spelling) to check first, e.g. a kink; it is moved off
            kinks when needed, and random points follow.
        points: number of random points checked numerically.
        order: 1 for a gradient (or Jacobian), 2 for a Hessian ``∂²f/∂x_i∂x_j`` of a number ``f`` by a column
            vector (or a number) ``x``: the claim is compared with the numeric Jacobian of symdl's gradient,
            itself first confirmed numerically against ``f`` (:mod:`symdl.numeric.hessian`).
        config: tolerances (``rtol``, ``atol``), time bound and seed.

    Returns:
        A :class:`Verdict`.
    """
    shapes = declared_shapes(shapes) if shapes else None
    check_point(at)
    _float64_point(at)
    shapes = align_shapes(shapes, f)  # --shape '\mathbf{x}=4' for a plain x
    expr, var, claim_expr, free, names, notes = _resolved_claim(f, wrt, claim, shapes, config)
    if order not in (1, 2):
        raise InvalidInput(f"order={order!r}: symdl checks gradients (order=1) and Hessians (order=2)")
    layout = layout_line(expr, var, names, order)
    truth = _truth(expr, var, config)
    target = expr
    if order == 2:
        hessian_shape_check(claim_expr, var, names, expr)
        why = confirm_gradient(expr, var, truth, free, names, shapes or dict(config.shapes), at, points, config)
        if why is not None:
            return Verdict("undecided", "Hessian not checked", notes=(*notes, why), layout=layout)
        target, truth = truth, symbolic_hessian(expr, var, truth, config)
        notes.append("the Hessian's truth is the numeric Jacobian of symdl's gradient, which was first confirmed "
                     "numerically against the function")
    return _decide(target, var, claim_expr, truth, (free, names, shapes or dict(config.shapes), at, points), config,
                   notes, layout)


def _float64_point(at: Mapping[str, object] | None) -> None:
    """Refuse a point with a value of less than float64 precision (float32, float16: they hide real errors)."""
    for key, value in (at or {}).items():
        dtype = getattr(value, "dtype", None)
        if dtype is not None and np.dtype(dtype).kind in "fc" and np.dtype(dtype).itemsize < 8:
            raise InvalidInput(
                f"the point's value for {key!r} is {np.dtype(dtype).name}: gradient checks need float64",
                hint="pass float64 values (np.float64 / dtype=np.float64); lower precision hides real errors",
            )


def _resolved_claim(
    f: Formula | sympy.Basic,
    wrt: str | sympy.Basic,
    claim: Formula | sympy.Basic,
    shapes: Mapping[str, tuple[int, ...]] | None,
    config: Config,
) -> tuple[sympy.Basic, sympy.Basic, sympy.Basic, tuple, dict, list[str]]:
    """``(expr, var, claim_expr, free indices, names, notes)``: ``f`` and the claim read again with the shapes and
    resolved (:func:`symdl.numeric.resolve.resolve`), the claim's names made ``f``'s, read entry by entry where it
    names ``f``'s whole arrays, its sizes and identity matrices fixed; the notes say what was done."""
    f, claim = reread(f, claim, shapes, config)
    wrt, claim, same, notes = unify_names(f, wrt, claim)
    expr, var, claim_expr, free, names = resolve(f, wrt, claim)
    claim_expr = aliased(claim_expr, same, names) if same else claim_expr
    claim_expr, entrywise = entries_of_whole_names(f, var, claim_expr)
    notes += entrywise
    claim_expr = fix_claim_sizes(expr, var, claim_expr)  # I - \frac{1}{n}\mathbf{1}\mathbf{1}^\top: the sizes of f's
    claim_expr, more = identity_in_claim(claim_expr, expr, names)
    notes += more
    return expr, var, claim_expr, free, names, notes


def _decide(target: sympy.Basic, var: sympy.Basic, claim_expr: sympy.Basic, truth: sympy.Basic | None,
            where: tuple, config: Config, notes: list[str], layout: str) -> Verdict:
    """The verdict on ``claim_expr`` as the derivative of ``target`` by ``var``: the symbolic difference from
    ``truth`` and the numbers (``where``: free indices, names, shapes, point, number of points)."""
    free, names, shapes, at, points = where
    difference = None
    symbolic_zero = False
    if truth is not None:
        try:
            if getattr(claim_expr, "is_number", False) and not getattr(claim_expr, "is_Matrix", False):
                # a number claimed (0, a constant): the truth is already simplified (readable), and subtracting a
                # number from it leaves nothing more to simplify: claim − truth as it stands
                difference, gave_up = claim_expr - truth, False
            else:
                difference, gave_up = simplify_within(claim_expr - truth)
            if gave_up:
                notes.append("the symbolic comparison stopped at a counted budget: the numbers decide")
            symbolic_zero = difference == 0 or getattr(difference, "is_ZeroMatrix", False)
        except ResourceLimit:
            raise
        except (TypeError, ValueError, AttributeError, NotImplementedError, sympy.ShapeError, SymdlError):
            difference = None  # SymPy could not subtract (0 - a matrix expression of a product): decide numerically
    try:
        verdict = numeric_verdict(target, var, claim_expr, free, names, shapes, at, points, config)
    except (ResourceLimit, ShapeMismatch):  # a budget: the user is told which; a shape: bad input, not "undecided"
        raise
    except SymdlError as exc:
        if symbolic_zero:  # equal symbolically, but a symbolic zero is never believed unconfirmed
            return Verdict("undecided", "symbolic only", truth, difference,
                           notes=(*notes, "claim - truth simplifies to 0, but no numeric check could confirm it: "
                                  + exc.message), layout=layout)  # fmt: skip
        return Verdict("undecided", "numeric check impossible", truth, difference, notes=(*notes, exc.message),
                       layout=layout)
    v, ce, max_rel, diag, more = verdict
    if symbolic_zero and v == "undecided" and any(m.startswith(BELOW_FLOOR) for m in more):
        return Verdict("verified", f"symbolic, numbers agree within the absolute tolerance ({more[0]})", truth,
                       difference, None, None, max_rel, points, (*notes, *more[1:]), layout)  # fmt: skip
    if symbolic_zero and v == "verified":
        return Verdict("verified", f"symbolic, confirmed {more[0]}", truth, difference, None, None, max_rel, points,
                       (*notes, *more[1:]), layout)  # fmt: skip
    if symbolic_zero:  # the symbolic path said equal and the numbers disagree: the numbers decide
        notes.append("claim - truth simplified to 0, but the numeric check disagrees: the numbers decide")
        difference = None
    return Verdict(v, more[0], truth, difference if v == "refuted" else None, diag, ce, max_rel, points,
                   (*notes, *more[1:]), layout)  # fmt: skip
