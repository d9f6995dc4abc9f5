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
from typing import Any, Literal

import numpy as np
import sympy

from symdl.config import DEFAULT, LABEL, Config, declared_shapes
from symdl.errors import InvalidInput, ResourceLimit, SymdlError
from symdl.formula import Formula, Label
from symdl.numeric.claimdims import fix_claim_sizes, identity_in_claim
from symdl.numeric.hessian import (
    confirm_gradient,
    hessian_shape_check,
    layout_line,
    symbolic_hessian,
)
from symdl.numeric.lower import free_indices
from symdl.numeric.names import (
    ShapeMismatch,
    alias_note,
    align_shapes,
    check_same_kinds,
    font_alias,
    font_aliases,
    same_objects,
    shape_of,
)
from symdl.numeric.simplify import simplify_within
from symdl.numeric.verdict import BELOW_FLOOR, Counterexample, numeric_verdict
from symdl.numeric.wholeentries import entries_of_whole_names, without_families
from symdl.untrusted import check_point, expression


@dataclass(frozen=True)
class Verdict:
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


def _substitute_definitions(expr: sympy.Basic, formula: Formula | None) -> sympy.Basic:
    if formula is None or len(formula.statements) < 2:
        return expr
    for st in reversed(formula.statements[:-1]):
        lhs = st.lhs
        try:
            expr = _substitute_one(expr, st)
        except (ValueError, TypeError, AttributeError, sympy.ShapeError) as exc:
            # ∇_θ J beside θ = θ - v_t; A = g(Z) of an unknown g (a number) put into a matrix product
            why = " ".join(str(exc).split())
            raise InvalidInput(
                f"cannot put the definition of {lhs} into the last statement ({why})"[:300],
                hint="differentiate with respect to a name that no statement defines, or check the statement order",
            ) from None
    return expr


def _substitute_one(expr: sympy.Basic, st: Any) -> sympy.Basic:
    """``expr`` with the name statement ``st`` defines replaced by its value."""
    if not isinstance(st.lhs, sympy.Symbol | sympy.MatrixSymbol | sympy.Indexed):
        return expr  # nothing to substitute (no left side, or a number: 1 = ...)
    lhs = st.lhs
    if isinstance(lhs, sympy.Indexed):
        idx, rhs = lhs.indices, st.rhs
        return expr.replace(
            lambda e, b=lhs.base: isinstance(e, sympy.Indexed) and e.base == b,
            lambda e, idx=idx, rhs=rhs: rhs.xreplace(dict(zip(idx, e.indices, strict=False))),
        )
    if getattr(lhs, "shape", None) == (1, 1) and not getattr(st.rhs, "is_Matrix", False):
        # a name used transposed (v^T) became a 1×1 matrix while its definition is a number
        return expr.xreplace({lhs: sympy.ImmutableMatrix([[st.rhs]])}).doit()
    return expr.xreplace({lhs: st.rhs})


def resolve(f: Formula | sympy.Basic, wrt: str | sympy.Basic, claim: Formula | sympy.Basic) -> tuple:
    """The objects a gradient check works on: ``(expr, var, claim_expr, free_indices, names)``.

    Definitions of earlier statements are substituted into ``f``'s last one and into the claim;
    ``wrt`` (a spelling or a SymPy object) becomes the variable; ``names`` maps objects to spellings.
    """
    formula = f if isinstance(f, Formula) else None
    expr = _substitute_definitions(formula.expr, formula) if formula is not None else expression(f, "the function")
    spell: dict[str, sympy.Basic] = dict(formula.symbols) if formula is not None else {}
    if isinstance(claim, Formula):
        for k, v in claim.symbols.items():
            spell.setdefault(k, v)
        claim_expr = _substitute_definitions(claim.expr, claim)  # p_k = ... \\ p_k - 1(k = y_i): its own first
    else:
        claim_expr = expression(claim, "the claim")
    claim_expr = _substitute_definitions(claim_expr, formula)
    if isinstance(wrt, str):
        by_name = {str(getattr(s, "name", s)): s for s in expr.free_symbols}
        by_name.update({str(b.label): b for b in expr.atoms(sympy.IndexedBase)})
        by_name.update({m.name: m for m in expr.atoms(sympy.MatrixSymbol)})
        obj = spell.get(wrt, by_name.get(wrt))
        if obj is None:
            raise InvalidInput(f"unknown variable {wrt!r}", hint=f"one of: {', '.join(sorted(spell) or by_name)}")
        wrt = obj
    wrt = expression(wrt, "the variable")  # a name is resolved above, never read as text
    var = wrt
    f_free = free_indices(expr)
    if isinstance(wrt, Label) or (isinstance(wrt, sympy.IndexedBase) and wrt.is_integer):
        raise InvalidInput(
            f"{names_of(spell).get(wrt, wrt)} is an integer label that picks an entry: nothing can be differentiated "
            "by it",
            hint="check the gradient by the values it picks from (the scores s of s_{y_i})",
        )
    if isinstance(wrt, sympy.IndexedBase):
        k = sympy.Dummy("k", integer=True)
        var = wrt[k]
    if isinstance(var, sympy.Indexed):
        k = var.indices[0]
        extra = [i for i in free_indices(claim_expr) if i not in f_free and i != k]
        if extra:
            claim_expr = claim_expr.xreplace({extra[0]: k})
        free = (*f_free, k)
    else:
        free = tuple(f_free)
    return expr, var, claim_expr, free, names_of(spell)


def names_of(spell: Mapping[str, sympy.Basic]) -> dict[sympy.Basic, str]:
    """Object → its first spelling."""
    return {v: key for key, v in reversed(list(spell.items()))}


def _aliased(claim_expr: sympy.Basic, same: Mapping, names: Mapping) -> sympy.Basic:
    """The claim with its names of another font replaced by the formula's; a whole vector in a construct that
    the formula's family of entries cannot stand in (``\\mathrm{diag}(\\mathbf{x})`` for ``x_i``) is bad input."""
    try:
        return claim_expr.xreplace(same)
    except (TypeError, ValueError, AttributeError):
        shown = ", ".join(sorted(names.get(v, str(v)) for v in same.values()))
        raise InvalidInput(
            f"the claim writes {shown} as a whole vector or matrix where the formula writes it by its entries",
            hint="write the claim by entries as well (\\frac{e^{x_k}}{\\sum_i e^{x_i}}), or the formula with the "
            "whole vector (\\log \\mathbf{1}^\\top \\exp(\\mathbf{x}))",
        ) from None


def _declared_shapes(formula: Formula) -> dict[str, tuple]:
    """Each matrix's shape by spelling (vectors as ``(n,)``), as ``parse(shapes=...)`` takes them, and ``()`` for
    each plain number: a claim reads a name as its formula does (Bishop's ``-\\frac{N}{2}\\Sigma^{-\\top}`` by
    ``\\frac{N}{2}\\ln|\\Sigma|``: N a number, not a matrix beside Σ)."""
    out = {key: shape_of(obj) for key, obj in formula.symbols.items() if isinstance(obj, sympy.MatrixSymbol)}
    out.update({key: () for key, obj in formula.symbols.items()
                if type(obj) is sympy.Symbol and key not in out and "_" not in key and "^" not in key})
    return out


def _reread(f: object, claim: object, shapes: Mapping[str, tuple] | None, config: Config) -> tuple[object, object]:
    """Read LaTeX formulas again so that declared shapes hold, and the claim's names mean what ``f``'s do.

    ``symdl.check_gradient("\\|W x - y\\|^2", "W", "2(Wx - y)x^T", shapes={"W": (3, 4), ...})`` reads
    both texts before it knows the shapes; here ``f`` is re-read with them, and the claim with
    ``f``'s shapes, so that ``W`` is the same 3x4 matrix in both.
    """
    if isinstance(f, Formula) and f.source and shapes:
        mismatch = any(k in f.symbols and _shape_differs(f.symbols[k], v) for k, v in shapes.items())
        if mismatch:
            f = _read(f.source, shapes, config)
    if isinstance(claim, Formula) and claim.source and isinstance(f, Formula):
        shapes = without_families(shapes, f)  # x=4 with x_i: the claim's x is read entry by entry
        known = {**_declared_shapes(f), **dict(shapes or {})}
        aliases = font_aliases(f.symbols, claim.symbols)  # 2x for \mathbf{x}: x has the formula's shape
        known.update({k: s for k, t in aliases.items() if (s := shape_of(f.symbols[t])) is not None})
        labels = _labels(f)
        declared = align_shapes(shapes, claim) or {}  # b=4 for the claim's \mathbf{b}
        if any(k in claim.symbols and claim.symbols[k] != f.symbols.get(aliases.get(k, k), claim.symbols[k])
               for k in known) or not all(isinstance(claim.symbols.get(k), Label) for k in labels) or any(
            k in claim.symbols and shape_of(claim.symbols[k]) not in (None, v) for k, v in declared.items()
        ):
            claim = _read(claim.source, known, config.with_(labels=(*config.labels, *labels)))
    return f, claim


def _labels(f: Formula) -> tuple[str, ...]:
    """The labels of ``f`` as written: ``y_i`` of ``s_{y_i}`` (a :class:`Label`), and ``y_i`` of a label family
    summed over i (``\\sum_i \\log p_{y_i}``)."""
    out = [k for k, v in f.symbols.items() if isinstance(v, Label)]
    for statement in f.statements:
        rhs = statement.rhs if isinstance(statement.rhs, sympy.Basic) else sympy.S.Zero
        for node in rhs.atoms(sympy.Indexed):
            if node.base.is_integer and len(node.indices) == 1 and isinstance(node.indices[0], sympy.Symbol):
                out.append(f"{node.base.label}_{node.indices[0]}")
    return tuple(dict.fromkeys(name for name in out if LABEL.match(name)))


def _read(text: str, shapes: Mapping[str, tuple], config: Config) -> Formula:
    """Read ``text`` again with declared shapes: the read and bind stages (earlier ones; never the pipeline)."""
    from symdl.bind import bind
    from symdl.read import read

    config = config.with_shapes(shapes)
    return bind(read(text, config=config), config=config)


def _shape_differs(obj: object, dims: tuple) -> bool:
    """Does the name ``obj`` as read differ from its declared shape ``dims``?  A family (``g_i`` summed over i, an
    IndexedBase whose shape is unset) has the length its sum gives; a declared length is read again with it."""
    shape = getattr(obj, "shape", ())
    if shape is None:  # a family of unset length: g_i in \sum_{i=1}^{4} g_i (...) with --shape g=4
        return len(dims) != 1
    return tuple(shape) != _as_shape(dims)


def _as_shape(dims: tuple) -> tuple:
    return (dims[0], 1) if len(dims) == 1 else tuple(dims)


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


def _unify_names(f: object, wrt: object, claim: object) -> tuple[object, object, dict, list[str]]:
    """``--wrt`` and the claim's names that are the formula's by another font (``x`` for ``\\mathbf{x}``) made the
    formula's: ``(wrt, claim, claim object → formula object, reading notes)``; a name the claim reads with another
    kind of shape than the formula is :class:`InvalidInput`."""
    notes: list[str] = []
    if not isinstance(f, Formula):
        return wrt, claim, {}, notes
    if isinstance(wrt, str) and (name := font_alias(f.symbols, wrt)) is not None:
        notes.append(alias_note({wrt: name}, "--wrt"))
        wrt = name
    if not isinstance(claim, Formula):
        return wrt, claim, {}, notes
    aliases = font_aliases(f.symbols, claim.symbols)
    check_same_kinds(f, claim, aliases)
    if aliases:
        notes.append(alias_note(aliases, "claim"))
    return wrt, claim, same_objects(f, claim, aliases), notes


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
    for key, value in (at or {}).items():
        dtype = getattr(value, "dtype", None)
        if dtype is not None and np.dtype(dtype).kind in "fc" and np.dtype(dtype).itemsize < 8:
            raise InvalidInput(
                f"the point's value for {key!r} is {np.dtype(dtype).name}: gradient checks need float64",
                hint="pass float64 values (np.float64 / dtype=np.float64); lower precision hides real errors",
            )
    shapes = align_shapes(shapes, f)  # --shape '\mathbf{x}=4' for a plain x
    f, claim = _reread(f, claim, shapes, config)
    wrt, claim, same, notes = _unify_names(f, wrt, claim)
    expr, var, claim_expr, free, names = resolve(f, wrt, claim)
    claim_expr = _aliased(claim_expr, same, names) if same else claim_expr
    claim_expr, entrywise = entries_of_whole_names(f, var, claim_expr)
    notes += entrywise
    claim_expr = fix_claim_sizes(expr, var, claim_expr)  # I - \frac{1}{n}\mathbf{1}\mathbf{1}^\top: the sizes of f's
    claim_expr, more = identity_in_claim(claim_expr, expr, names)
    notes += more
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


def _decide(target: sympy.Basic, var: sympy.Basic, claim_expr: sympy.Basic, truth: sympy.Basic | None,
            where: tuple, config: Config, notes: list[str], layout: str) -> Verdict:
    """The verdict on ``claim_expr`` as the derivative of ``target`` by ``var``: the symbolic difference from
    ``truth`` and the numbers (``where``: free indices, names, shapes, point, number of points)."""
    free, names, shapes, at, points = where
    difference = None
    symbolic_zero = False
    if truth is not None:
        try:
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
