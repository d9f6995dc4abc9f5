"""``check_gradient``: is a hand-derived gradient right?  Symbolic first, numeric second.

1. **symbolic** — ``claim - truth`` simplified within the ``steps`` budget
   (:func:`symdl.simplify.bounded_simplify`); zero means ``verified``.
2. **numeric** — at ``config``-seeded random points drawn from sensible ranges
   (:mod:`symdl.numeric.points`), moved off kinks, the claim is compared with a
   complex-step (analytic functions) or 4th-order central-difference gradient of ``f``
   itself, so a numeric verdict never trusts a symbolic derivative.  Unknown functions
   (``g(z)``) are replaced by a fixed analytic test function first (a claim true for
   every ``g`` holds for it; a counterexample for it refutes the general claim).

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
from sympy.core.function import AppliedUndef

from symdl.config import DEFAULT, Config
from symdl.errors import InvalidInput, ResourceLimit, SymdlError
from symdl.formula import Formula
from symdl.numeric.diagnose import diagnose
from symdl.numeric.fd import move_off_kinks, numeric_jacobian
from symdl.numeric.lower import free_indices
from symdl.numeric.points import domain_constraints, is_analytic, kink_expressions, sample_value, shapes_for
from symdl.numeric.program import Program, compile_expr
from symdl.numeric.simplify import simplify_within
from symdl.untrusted import check_point, check_shapes, expression


@dataclass(frozen=True)
class Counterexample:
    """A point where the claim and the gradient differ.

    Attributes:
        point: the input values, by spelling.
        claim: the claim's value there.
        truth: the gradient there (finite differences / complex step of ``f``).
        rel_error: the largest relative error over the entries.
        worst: the entry with the largest error.
    """

    point: Mapping[str, object]
    claim: np.ndarray
    truth: np.ndarray
    rel_error: float
    worst: tuple[int, ...] = ()


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

    def __bool__(self) -> bool:
        return self.verdict == "verified"

    def __str__(self) -> str:
        lines = [f"{self.verdict} ({self.method})"]
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
        if not isinstance(st.lhs, sympy.Symbol | sympy.MatrixSymbol | sympy.Indexed):
            continue  # nothing to substitute (no left side, or a number: 1 = ...)
        lhs = st.lhs
        if isinstance(lhs, sympy.Indexed):
            idx, rhs = lhs.indices, st.rhs
            expr = expr.replace(
                lambda e, b=lhs.base: isinstance(e, sympy.Indexed) and e.base == b,
                lambda e, idx=idx, rhs=rhs: rhs.xreplace(dict(zip(idx, e.indices, strict=False))),
            )
        elif getattr(lhs, "shape", None) == (1, 1) and not getattr(st.rhs, "is_Matrix", False):
            # a name used transposed (v^T) became a 1×1 matrix while its definition is a number
            expr = expr.xreplace({lhs: sympy.ImmutableMatrix([[st.rhs]])}).doit()
        else:
            expr = expr.xreplace({lhs: st.rhs})
    return expr


def _stand_ins(expr: sympy.Basic) -> tuple[sympy.Basic, list[str]]:
    undef = {a.func for a in expr.atoms(AppliedUndef)}
    notes = []
    for fn in undef:
        u = sympy.Dummy("u", real=True)
        expr = expr.replace(
            lambda e, fn=fn: getattr(e, "func", None) == fn,
            lambda e, u=u: (sympy.sin(u) + u**2 / 4).subs(u, e.args[0]),
        )
        notes.append(f"unknown function {fn}() replaced by sin(u) + u^2/4 for the numeric check")
    if undef:  # evaluate the derivatives of the stand-ins, leaving sums for the numeric stage
        expr = expr.replace(lambda e: isinstance(e, sympy.Derivative | sympy.Subs), lambda e: e.doit())
    return expr, notes


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
        claim_expr = claim.expr
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
    names = {v: key for key, v in reversed(list(spell.items()))}
    return expr, var, claim_expr, free, names


def _declared_shapes(formula: Formula) -> dict[str, tuple]:
    """Each matrix's shape by spelling (vectors as ``(n,)``), as ``parse(shapes=...)`` takes them."""
    out: dict[str, tuple] = {}
    for key, obj in formula.symbols.items():
        if isinstance(obj, sympy.MatrixSymbol):
            rows, cols = (int(d) if getattr(d, "is_Integer", False) else d for d in obj.shape)
            out[key] = (rows,) if cols == 1 else (rows, cols)
    return out


def _reread(f: object, claim: object, shapes: Mapping[str, tuple] | None, config: Config) -> tuple[object, object]:
    """Read LaTeX formulas again so that declared shapes hold, and the claim's names mean what ``f``'s do.

    ``symdl.check_gradient("\\|W x - y\\|^2", "W", "2(Wx - y)x^T", shapes={"W": (3, 4), ...})`` reads
    both texts before it knows the shapes; here ``f`` is re-read with them, and the claim with
    ``f``'s shapes, so that ``W`` is the same 3x4 matrix in both.
    """
    if isinstance(f, Formula) and f.source and shapes:
        mismatch = any(
            k in f.symbols and tuple(getattr(f.symbols[k], "shape", ())) != _as_shape(v) for k, v in shapes.items()
        )
        if mismatch:
            f = _read(f.source, shapes, config)
    if isinstance(claim, Formula) and claim.source and isinstance(f, Formula):
        known = {**_declared_shapes(f), **dict(shapes or {})}
        if any(k in claim.symbols and claim.symbols[k] != f.symbols.get(k, claim.symbols[k]) for k in known):
            claim = _read(claim.source, known, config)
    return f, claim


def _read(text: str, shapes: Mapping[str, tuple], config: Config) -> Formula:
    """Read ``text`` again with declared shapes: the read and bind stages (earlier ones; never the pipeline)."""
    from symdl.bind import bind
    from symdl.read import read

    config = config.with_(shapes={**config.shapes, **dict(shapes)})
    return bind(read(text, config=config), config=config)


def _as_shape(dims: tuple) -> tuple:
    return (dims[0], 1) if len(dims) == 1 else tuple(dims)


def _truth(expr: sympy.Basic, var: sympy.Basic, config: Config) -> sympy.Basic | None:
    try:
        from symdl.differentiate import diff

        return diff(expr, var, config=config).expr
    except ResourceLimit:  # a budget or the backstop: the user is told, never another truth
        raise
    except (ImportError, SymdlError, Exception):
        try:
            return sympy.diff(expr, var)
        except Exception:
            return None


def check_gradient(
    f: Formula | sympy.Basic,
    wrt: str | sympy.Basic,
    claim: Formula | sympy.Basic,
    *,
    shapes: Mapping[str, tuple[int, ...]] | None = None,
    at: Mapping[str, object] | None = None,
    points: int = 3,
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
        config: tolerances (``rtol``, ``atol``), time bound and seed.

    Returns:
        A :class:`Verdict`.
    """
    check_shapes(shapes)
    check_point(at)
    for key, value in (at or {}).items():
        dtype = getattr(value, "dtype", None)
        if dtype is not None and np.dtype(dtype).kind in "fc" and np.dtype(dtype).itemsize < 8:
            raise InvalidInput(
                f"the point's value for {key!r} is {np.dtype(dtype).name}: gradient checks need float64",
                hint="pass float64 values (np.float64 / dtype=np.float64); lower precision hides real errors",
            )
    f, claim = _reread(f, claim, shapes, config)
    expr, var, claim_expr, free, names = resolve(f, wrt, claim)
    truth = _truth(expr, var, config)
    notes: list[str] = []
    difference = None
    symbolic_zero = False
    if truth is not None:
        try:
            difference, gave_up = simplify_within(claim_expr - truth)
            if gave_up:
                notes.append("symbolic comparison hit its time bound")
            symbolic_zero = difference == 0 or getattr(difference, "is_ZeroMatrix", False)
        except ResourceLimit:
            raise
        except (TypeError, ValueError, AttributeError, NotImplementedError, sympy.ShapeError, SymdlError):
            difference = None  # SymPy could not subtract (0 - a matrix expression of a product): decide numerically
    try:
        verdict = numeric_verdict(
            expr, var, claim_expr, free, names, shapes or dict(config.shapes), at, points, config
        )
    except ResourceLimit:  # a budget: the user is told which, not "undecided"
        raise
    except SymdlError as exc:
        if symbolic_zero:  # equal symbolically, but a symbolic zero is never believed unconfirmed
            return Verdict("undecided", "symbolic only", truth, difference,
                           notes=(*notes, "claim - truth simplifies to 0, but no numeric check could confirm it: "
                                  + exc.message))
        return Verdict("undecided", "numeric check impossible", truth, difference, notes=(*notes, exc.message))
    v, ce, max_rel, diag, more = verdict
    if symbolic_zero and v == "verified":
        return Verdict("verified", f"symbolic, confirmed {more[0]}", truth, difference, None, None, max_rel, points,
                       (*notes, *more[1:]))
    if symbolic_zero:  # the symbolic path said equal and the numbers disagree: the numbers decide
        notes.append("claim - truth simplified to 0, but the numeric check disagrees: the numbers decide")
        difference = None
    return Verdict(v, more[0], truth, difference if v == "refuted" else None, diag, ce, max_rel, points,
                   (*notes, *more[1:]))  # fmt: skip


def _over_batch(value: np.ndarray, batch: tuple[int, ...]) -> np.ndarray:
    """A kink function's value with the batch axes in front (a value that ignores the batch is repeated)."""
    if value.shape[: len(batch)] == batch:
        return value
    return np.broadcast_to(value.reshape((1,) * len(batch) + (-1,)), (*batch, value.size))


def numeric_verdict(expr, var, claim_expr, free, names, shapes, at, n_points, config):
    """The numeric half of :func:`check_gradient` on :func:`resolve`'s objects (also used by ``derive``).

    Returns:
        ``(verdict, counterexample, max_rel_error, diagnosis, (method, *notes))``.

    Raises:
        SymdlError: the check cannot be run (``var`` is not an input, a whole number, ...).
    """
    f_num, notes = _stand_ins(expr)
    c_num, more = _stand_ins(claim_expr)
    notes += [n for n in more if n not in notes]
    obj = var.base if isinstance(var, sympy.Indexed) else var
    f_prog = compile_expr(f_num, free=tuple(i for i in free if i in f_num.free_symbols))
    c_prog = compile_expr(c_num, free=free if isinstance(var, sympy.Indexed) else None)
    inputs = list(dict.fromkeys([*f_prog.needs, *c_prog.needs]))
    if obj not in inputs:
        raise InvalidInput(
            f"the function does not take {names.get(obj, str(obj))!r} as an input",
            hint="differentiate with respect to a name on the right-hand side",
        )
    if obj in f_prog.lowered.int_params:
        raise InvalidInput(
            f"{names.get(obj, str(obj))!r} is a whole number here (a size or the bound of a sum): it has no gradient",
            hint="differentiate with respect to a real-valued variable",
        )
    rng = np.random.default_rng(config.seed)
    arr_shapes, dims = shapes_for(inputs, shapes, rng, names)
    # a sum bound the claim names too (n in 1/n Σ_{i=1}^n and in 2/n (ŷ_k - y_k)) is the families' length
    lengths = [s[0] for o, s in arr_shapes.items() if isinstance(o, sympy.IndexedBase) and s]
    for o in inputs:
        if o in f_prog.lowered.int_params and o not in dims and lengths:
            dims[o] = max(lengths)
    positive, nonzero = domain_constraints(f_num)
    checks = [(compile_expr(e), 0.0) for e in positive] + [(compile_expr(sympy.Abs(e)), 1e-6) for e in nonzero]
    # a constraint on a size read off the arrays (1/n for a sum to n) cannot be evaluated on its own
    checks = [(c, floor) for c, floor in checks if set(c.needs) <= set(inputs)]
    kinks = [compile_expr(k, free=tuple(i for i in free if i in k.free_symbols)) for k in kink_expressions(f_num)]
    method = "complex" if is_analytic(f_num) else "central"
    key = {o: f"v{n}" for n, o in enumerate(inputs)}
    back = {v: o for o, v in key.items()}
    claims, truths, max_rel = [], [], 0.0
    failure: Counterexample | None = None
    for n in range(n_points + (at is not None)):
        point = _draw(inputs, arr_shapes, dims, rng, f_prog, checks, names, at if n == 0 else None)
        kw = {key[o]: v for o, v in point.items()}
        core = len(arr_shapes[obj])

        def fn(**kv: np.ndarray) -> np.ndarray:
            return f_prog({back[k]: v for k, v in kv.items()}, names)

        def kf(core: int = core, **kv: np.ndarray) -> np.ndarray:
            vals = {back[k]: v for k, v in kv.items()}
            batch = np.shape(kv[key[obj]])[: np.ndim(kv[key[obj]]) - core]
            outs = [_over_batch(np.asarray(p(vals, names)), batch) for p in kinks]
            return np.concatenate([o.reshape((*batch, -1)) for o in outs], axis=-1) if outs else np.ones((*batch, 1))

        if kinks:
            kw, moved = move_off_kinks(kf, {k: np.asarray(v, float) for k, v in kw.items()}, [key[obj]], seed=n)
            if moved:
                notes.append("a point at/near a kink was moved off it")
        point = {back[k]: v for k, v in kw.items()}
        ref, est, _ = numeric_jacobian(fn, {k: np.asarray(v, float) for k, v in kw.items()}, key[obj], method=method)
        got = np.asarray(c_prog(point, names), dtype=float)
        if got.ndim == 0 and ref.ndim:
            got = np.broadcast_to(got, ref.shape)
        claims.append(got)
        truths.append(ref)
        if not np.all(np.isfinite(ref)):
            return (
                "undecided",
                None,
                0.0,
                None,
                ("numeric", *notes, "the function is not finite near the point"),
            )
        shown = {names.get(o, str(o)): (float(v) if np.ndim(v) == 0 else v) for o, v in point.items()}
        if got.shape != ref.shape:
            failure = failure or Counterexample(shown, got, ref, float("inf"))
            continue
        err = np.abs(got - ref)
        rel = err / np.maximum(np.abs(ref), config.atol)
        max_rel = max(max_rel, float(np.max(rel, initial=0.0)))
        tol = config.atol + config.rtol * np.abs(ref) + est
        if method == "complex":  # accurate to rounding: the whole gradient within complex_rtol, normwise
            wrong = float(np.linalg.norm(err)) > config.complex_rtol * float(np.linalg.norm(ref)) + config.complex_atol
            tol = np.maximum(config.complex_rtol * np.abs(ref), config.complex_atol)
        else:
            wrong = not np.all(err <= tol)
        if failure is None and wrong:
            worst = np.unravel_index(int(np.argmax(err / tol)), err.shape) if err.ndim else ()
            failure = Counterexample(shown, got, ref, float(np.max(rel)), tuple(int(i) for i in worst))
    if failure is not None:
        diag = diagnose(claims, truths)
        return "refuted", failure, max_rel, (diag[1] if diag else None), (f"numeric ({method})", *notes)
    return "verified", None, max_rel, None, (f"numeric ({method}, {len(truths)} points)", *notes)


def _draw(inputs, arr_shapes, dims, rng, f_prog: Program, checks, names, at):
    for attempt in range(60):
        point: dict[sympy.Basic, object] = {}
        for o in inputs:
            if o in dims:
                point[o] = float(dims[o])
            elif at is not None and names.get(o, str(o)) in at:
                point[o] = np.asarray(at[names.get(o, str(o))], dtype=float)
            else:
                point[o] = sample_value(o, arr_shapes[o], rng)
        try:
            ok = np.all(np.isfinite(f_prog(point, names)))
            for c, floor in checks:
                ok = ok and np.all(np.asarray(c(point, names)) > floor)
        except ResourceLimit:
            raise
        except SymdlError:
            ok = False
        if ok:
            return point
        at = None if attempt > 2 else at
    raise InvalidInput("found no point where the function is defined and finite")
