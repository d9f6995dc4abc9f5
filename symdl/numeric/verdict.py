"""The numeric half of a gradient check: the claim against finite differences or a complex step.

:func:`numeric_verdict` draws points (off kinks, inside the function's domain), evaluates the claim and a
numeric Jacobian of the function at each, and judges them at the method's real precision: entry by entry
within ``rtol``/``atol`` for central differences, normwise within ``complex_rtol``/``complex_atol`` for a
complex step.  Agreement that rests on the absolute floor alone at every point is *undecided*, not
verified (:func:`below_floor`).  Unknown functions get a smooth stand-in (:func:`stand_ins`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import sympy
from sympy.core.function import AppliedUndef
from sympy.matrices.expressions.applyfunc import ElementwiseApplyFunction

from symdl.config import Config
from symdl.errors import InvalidInput, NotSupported, ResourceLimit, SymdlError
from symdl.functions import softplus
from symdl.numeric.diagnose import diagnose
from symdl.numeric.domains import Domain, domain_notes, domain_ranges, draw
from symdl.numeric.fd import move_off_kinks, numeric_jacobian
from symdl.numeric.names import shape_mismatch
from symdl.numeric.points import domain_constraints, is_analytic, kink_expressions, shapes_for
from symdl.numeric.program import Program, compile_expr


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


def stand_ins(expr: sympy.Basic) -> tuple[sympy.Basic, list[str]]:
    """Unknown functions replaced by a known smooth one, each argument used once.

    ``f(a_1, ..., a_n)`` becomes ``softplus(a_1 − a_2/2 + a_3/3 − ...)``: positive (a ``log f`` stays
    defined), analytic, never flat, every argument with its own weight (``f(a, b)`` and ``f(b, a)``
    differ).  Each argument appears once, so nesting stays linear: a stand-in that used its argument twice
    (``sin(u) + u²/4``) doubled the tree at every level, 2^29 nodes for σ nested 29 deep.
    """
    calls = expr.atoms(AppliedUndef)
    for call in sorted(calls, key=str):
        if any(isinstance(a, sympy.MatrixExpr) or a.has(sympy.MatrixSymbol) for a in call.args):
            raise NotSupported(  # score(h_t, h̄_s) of vectors: a scalar stand-in of vectors has no meaning
                f"cannot evaluate the unknown function {call.func}() of a vector or matrix numerically",
                hint="define it: score(h, s) = h^T W s",
            )
    undef = {a.func for a in calls}
    notes = []
    for fn in sorted(undef, key=str):
        expr = expr.replace(lambda e, fn=fn: getattr(e, "func", None) == fn, _stand_in)
        notes.append(f"unknown function {fn}() replaced by softplus(a₁ − a₂/2 + a₃/3 − …) of its arguments "
                     "for the numeric check")  # fmt: skip
    if undef:  # evaluate the derivatives of the stand-ins, leaving sums for the numeric stage
        expr = expr.replace(lambda e: isinstance(e, sympy.Derivative | sympy.Subs), lambda e: e.doit())
    return expr, notes


def _stand_in(e: sympy.Basic) -> sympy.Basic:
    return softplus(sympy.Add(*(sympy.Integer((-1) ** k) * a / (k + 1) for k, a in enumerate(e.args))))


def _over_batch(value: np.ndarray, batch: tuple[int, ...]) -> np.ndarray:
    """A kink function's value with the batch axes in front (a value that ignores the batch is repeated)."""
    if value.shape[: len(batch)] == batch:
        return value
    return np.broadcast_to(value.reshape((1,) * len(batch) + (-1,)), (*batch, value.size))


def family_axes(*lowered: Any) -> dict[sympy.Basic, tuple[sympy.Basic | None, ...]]:
    """Each family's axes and the bound of the sum that runs along each (None: no sum does)."""
    out: dict[sympy.Basic, list[sympy.Basic | None]] = {}
    for low in lowered:
        for base, rank in low.family_rank.items():
            out.setdefault(base, [None] * rank)
        for sym, pairs in low.spans.items():
            for base, pos in pairs:
                if base not in out or pos >= len(out[base]):
                    continue
                now = out[base][pos]
                if now is None or (now.is_Integer and sym.is_Integer and sym > now):  # the longest of two sums
                    out[base][pos] = sym
    return {b: tuple(v) for b, v in out.items()}


def numeric_verdict(expr, var, claim_expr, free, names, shapes, at, n_points, config):
    """The numeric half of :func:`check_gradient` on :func:`resolve`'s objects (also used by ``derive``).

    numpy's overflow warnings are silenced: a value that overflows is judged (not finite: undecided), not
    printed to the user's terminal.

    Returns:
        ``(verdict, counterexample, max_rel_error, diagnosis, (method, *notes))``.

    Raises:
        SymdlError: the check cannot be run (``var`` is not an input, a whole number, ...).
    """
    with np.errstate(all="ignore"):
        return _numeric_verdict(expr, var, claim_expr, free, names, shapes, at, n_points, config)


def one_sided(expr: sympy.Basic, var: sympy.Basic, claim_expr: sympy.Basic) -> str | None:
    """Why a stand-in cannot judge the claim, when an unknown function is on one side only; else None.

    A stand-in replaces an unknown function by one known function on both sides: a claim true for every
    function holds for it.  Two cases would be judged by a stand-in of one side only, a guess:

    * the claim uses a function the formula does not (the Heaviside step written ``H(x)`` as ReLU's derivative);
    * the formula applies a function to the variable and the claim never names its derivative (Swish with σ
      named g, ``x g(x)``, and the claim ``g(x) + x g(x)(1 - g(x))``: true for the sigmoid, not for softplus).

    The check is then *undecided*, naming the function and what would decide it.
    """
    obj = var.base if isinstance(var, sympy.Indexed) else var
    in_f = {c.func for c in expr.atoms(AppliedUndef)}
    in_claim = {c.func for c in claim_expr.atoms(AppliedUndef)}
    derived = {d.expr.func for d in claim_expr.atoms(sympy.Derivative) if isinstance(d.expr, AppliedUndef)}
    for fn in sorted(in_claim - in_f, key=str):
        return (f"the claim uses the unknown function {fn}(), which the function does not: "
                + _what_decides(str(fn)))  # fmt: skip
    for fn in sorted(in_f - derived, key=str):
        if _applied_to(expr, fn, obj):
            return (f"the function applies the unknown function {fn}() to the variable, and the claim does not "
                    f"use its derivative {fn}': " + _what_decides(str(fn)))  # fmt: skip
    return None


def _applied_to(expr: sympy.Basic, fn: Any, obj: sympy.Basic) -> bool:
    """Whether ``expr`` applies ``fn`` to something that depends on ``obj`` (also entry by entry: ``g(z)``)."""
    if any(c.func == fn and any(a.has(obj) for a in c.args) for c in expr.atoms(AppliedUndef)):
        return True
    return any(e.function.has(fn) and e.expr.has(obj) for e in expr.atoms(ElementwiseApplyFunction))


def _what_decides(fn: str) -> str:
    return (f"a stand-in for {fn} on one side cannot be compared with the other; to decide, say what {fn} is with "
            f"--function '{fn}=KNOWN' (KNOWN: heaviside, sigmoid, tanh, normcdf, ...; in Python "
            f"Config(functions={{'{fn}': 'heaviside'}})) or write it out")


def _numeric_verdict(expr, var, claim_expr, free, names, shapes, at, n_points, config):
    why = one_sided(expr, var, claim_expr)
    if why is not None:
        return "undecided", None, 0.0, None, ("numeric check impossible", why)
    f_num, notes = stand_ins(expr)
    c_num, more = stand_ins(claim_expr)
    notes += [n for n in more if n not in notes]
    obj = var.base if isinstance(var, sympy.Indexed) else var
    f_prog = compile_expr(f_num, free=tuple(i for i in free if i in f_num.free_symbols))
    c_prog = compile_expr(c_num, free=free if isinstance(var, sympy.Indexed) else None)
    inputs = list(dict.fromkeys([*f_prog.needs, *c_prog.needs]))
    _refuse_variable(obj, inputs, f_prog, names)
    rng = np.random.default_rng(config.seed)
    arr_shapes, dims = _input_sizes(inputs, shapes, rng, names, f_prog, c_prog)
    positive, nonzero = domain_constraints(f_num)
    domain = domain_ranges([f_num], inputs)
    notes += [n for n in domain_notes(domain, names) if n not in notes]
    checks, kinks = _checks_and_kinks(f_num, (positive, nonzero), inputs, free)
    method = "complex" if is_analytic(f_num) else "central"
    key = {o: f"v{n}" for n, o in enumerate(inputs)}
    claims, truths, max_rel = [], [], 0.0
    failure: Counterexample | None = None
    floor = config.complex_atol if method == "complex" else config.atol
    conclusive = False  # a point whose gradient the numbers can tell from 0
    for n in range(n_points + (at is not None)):
        point = _draw(inputs, arr_shapes, dims, rng, f_prog, checks, names, at if n == 0 else None, domain)
        core = len(arr_shapes[obj])
        point, ref, est, moved = _truth_at(point, (f_prog, kinks, names), key, obj, core, method, n)
        if moved:
            notes.append("a point at/near a kink was moved off it")
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
        if got.ndim == 2 and got.shape == ref.shape[::-1] != ref.shape:  # a transposed claim: a layout mistake
            failure = failure or Counterexample(shown, got, ref, float("inf"))
            continue
        if got.shape != ref.shape:  # a claim that cannot be the gradient is bad input, never "refuted"
            raise shape_mismatch(got.shape, ref.shape, core, names.get(obj, str(obj)))
        err, rel, tol, wrong = _compare_at(got, ref, est, method, config)
        max_rel = max(max_rel, float(np.max(rel, initial=0.0)))
        conclusive = conclusive or _tells_from_zero(err, ref, floor, method, config)
        if failure is None and wrong:
            worst = np.unravel_index(int(np.argmax(err / tol)), err.shape) if err.ndim else ()
            failure = Counterexample(shown, got, ref, float(np.max(rel)), tuple(int(i) for i in worst))
    return _conclusion(failure, conclusive, (claims, truths), max_rel, method, notes, floor)


def _checks_and_kinks(
    f_num: sympy.Basic, constraints: tuple[list, list], inputs: list, free: tuple
) -> tuple[list[tuple[Program, float]], list[Program]]:
    """The programs of the domain's checks (``constraints``: what must be positive, what nonzero; with the floor
    each must clear) that the inputs alone decide, and of ``f_num``'s kink expressions."""
    positive, nonzero = constraints
    checks = [(compile_expr(e), 0.0) for e in positive] + [(compile_expr(sympy.Abs(e)), 1e-6) for e in nonzero]
    # a constraint on a size read off the arrays (1/n for a sum to n) cannot be evaluated on its own
    checks = [(c, floor) for c, floor in checks if set(c.needs) <= set(inputs)]
    kinks = [compile_expr(k, free=tuple(i for i in free if i in k.free_symbols)) for k in kink_expressions(f_num)]
    return checks, kinks


def _conclusion(
    failure: Counterexample | None, conclusive: bool, values: tuple[list, list], max_rel: float, method: str,
    notes: list[str], floor: float,
) -> tuple:
    """The verdict after every point: refuted at the first counterexample (with the diagnosis of the claims
    against the truths, ``values``), undecided where no point told the gradient from 0, else verified."""
    claims, truths = values
    if failure is not None:
        diag = diagnose(claims, truths)
        return "refuted", failure, max_rel, (diag[1] if diag else None), (f"numeric ({method})", *notes)
    if not conclusive:  # e^{-1000x²} claimed 0: every value underflows or sits below the absolute floor
        return "undecided", None, max_rel, None, (f"numeric ({method}, {len(truths)} points)", *notes,
                                                   below_floor(floor))  # fmt: skip
    return "verified", None, max_rel, None, (f"numeric ({method}, {len(truths)} points)", *notes)


def _refuse_variable(obj: sympy.Basic, inputs: list, f_prog: Program, names: Mapping[sympy.Basic, str]) -> None:
    """Refuse a variable that is no input of the function (nor of the claim), one only the claim names (a reading
    to fix, not a zero gradient), and a whole number (a size or a sum's bound: no gradient)."""
    if obj not in inputs:
        raise InvalidInput(
            f"the function does not take {names.get(obj, str(obj))!r} as an input",
            hint="differentiate with respect to a name on the right-hand side",
        )
    if obj not in f_prog.needs:  # the claim names it, the function does not: a reading to fix, not a zero gradient
        raise InvalidInput(
            f"the function, as read, does not depend on {names.get(obj, str(obj))!r} (only the claim names it)",
            hint="see the reading notes for how the function was read: letters side by side may have been read as "
                 "one name (declare each letter's shape, or put spaces between them)",
        )
    if obj in f_prog.lowered.int_params:
        raise InvalidInput(
            f"{names.get(obj, str(obj))!r} is a whole number here (a size or the bound of a sum): it has no gradient",
            hint="differentiate with respect to a real-valued variable",
        )


def _input_sizes(
    inputs: list, shapes: Any, rng: np.random.Generator, names: Mapping[sympy.Basic, str], f_prog: Program,
    c_prog: Program,
) -> tuple[dict, dict]:
    """``(array shapes, sizes)`` of the inputs (:func:`symdl.numeric.points.shapes_for`); a sum's bound the claim
    names too (``n`` in ``1/n Σ_{i=1}^n`` and in ``2/n (ŷ_k − y_k)``) is the families' length."""
    arr_shapes, dims = shapes_for(inputs, shapes, rng, names, family_axes(f_prog.lowered, c_prog.lowered))
    lengths = [s[0] for o, s in arr_shapes.items() if isinstance(o, sympy.IndexedBase) and s]
    for o in inputs:
        if o in f_prog.lowered.int_params and o not in dims and lengths:
            dims[o] = max(lengths)
    return arr_shapes, dims


def _truth_at(
    point: dict, progs: tuple, key: dict[sympy.Basic, str], obj: sympy.Basic, core: int, method: str, n: int
) -> tuple[dict, np.ndarray, np.ndarray, bool]:
    """``(point, gradient, error estimate, moved)``: the numeric gradient of the function by ``obj`` (``core`` axes)
    at the drawn ``point``, first moved off the kinks (``progs``: the function's program, the kinks' programs and
    the names; ``key``: the inputs' keyword names; ``n``: the point's number, the seed of the move)."""
    f_prog, kinks, names = progs
    kw = {key[o]: v for o, v in point.items()}
    back = {v: o for o, v in key.items()}

    def fn(**kv: np.ndarray) -> np.ndarray:
        return f_prog({back[k]: v for k, v in kv.items()}, names)

    def kf(core: int = core, **kv: np.ndarray) -> np.ndarray:
        vals = {back[k]: v for k, v in kv.items()}
        batch = np.shape(kv[key[obj]])[: np.ndim(kv[key[obj]]) - core]
        outs = [_over_batch(np.asarray(p(vals, names)), batch) for p in kinks]
        return np.concatenate([o.reshape((*batch, -1)) for o in outs], axis=-1) if outs else np.ones((*batch, 1))

    moved = False
    if kinks:
        kw, moved = move_off_kinks(kf, {k: np.asarray(v, float) for k, v in kw.items()}, [key[obj]], seed=n)
    point = {back[k]: v for k, v in kw.items()}
    ref, est, _ = numeric_jacobian(fn, {k: np.asarray(v, float) for k, v in kw.items()}, key[obj], method=method)
    return point, ref, est, moved


def _compare_at(
    got: np.ndarray, ref: np.ndarray, est: np.ndarray, method: str, config: Config
) -> tuple[np.ndarray, np.ndarray, np.ndarray, bool]:
    """``(error, relative error, tolerance, wrong)`` of the claim ``got`` against the numeric gradient ``ref``
    (error estimate ``est``) at one point: normwise to rounding for a complex step, else entry by entry within
    the tolerances and the estimate."""
    err = np.abs(got - ref)
    rel = err / np.maximum(np.abs(ref), config.atol)
    tol = config.atol + config.rtol * np.abs(ref) + est
    if method == "complex":  # accurate to rounding: the whole gradient within complex_rtol, normwise
        wrong = _norm(err) > config.complex_rtol * _norm(ref) + config.complex_atol
        tol = np.maximum(config.complex_rtol * np.abs(ref), config.complex_atol)
    else:
        wrong = not np.all(err <= tol)
    return err, rel, tol, wrong


def _tells_from_zero(err: np.ndarray, ref: np.ndarray, floor: float, method: str, config: Config) -> bool:
    """Whether this point's numbers tell the gradient from 0.

    A complex step is exact to rounding at any scale: a nonzero gradient the claim matches relatively
    (σ(z)^120's, 10^-25) decides, a match only within the absolute floor does not.  Central differences carry
    an absolute noise: their gradient must exceed the floor.
    """
    size = _norm(ref)
    if method == "complex":
        return size > 0 and _norm(err) <= config.complex_rtol * size
    return size > floor


def _norm(a: np.ndarray) -> float:
    """The 2-norm without overflow: entries of 10^200 square past float64 (inf ≤ inf had passed a claim of 0)."""
    a = np.abs(np.asarray(a, dtype=float))
    top = float(np.max(a, initial=0.0))
    if top == 0.0 or not np.isfinite(top):
        return top
    return top * float(np.linalg.norm(a / top))


#: How the note of a check whose numbers could not tell its gradient from 0 begins.
BELOW_FLOOR = "the gradient is within the absolute tolerance"


def below_floor(floor: float) -> str:
    """The note of a numeric check whose gradient was within the absolute tolerance of 0 at every point."""
    return (f"{BELOW_FLOOR} ({floor:g}) of 0 at every point checked: the numbers cannot tell the claim from 0 "
            "there")  # fmt: skip


def _draw(inputs, arr_shapes, dims, rng, f_prog: Program, checks, names, at, domain: Domain):
    for attempt in range(60):
        point: dict[sympy.Basic, object] = {}
        for o in inputs:
            if o in dims:
                point[o] = float(dims[o])
            elif at is not None and names.get(o, str(o)) in at:
                point[o] = np.asarray(at[names.get(o, str(o))], dtype=float)
            else:
                point[o] = draw(o, arr_shapes[o], rng, domain)
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
