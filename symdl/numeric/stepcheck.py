"""Step-by-step checking of a hand derivation (:class:`symdl.numeric.steps.HandDerivation`): which claimed
``dX = ...`` line is the first wrong one.  Each step is checked **locally**: its claim is evaluated with earlier
steps' symbols set to their *true* values, and compared with the numeric gradient of the loss by the step's
quantity (downstream statements recomputed, all perturbations batched).  So a wrong step is blamed on its own,
and :attr:`DerivationReport.first_wrong` names the first.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import sympy

from symdl.config import DEFAULT, Config
from symdl.errors import InvalidInput
from symdl.numeric.domains import Domain, domain_notes, domain_ranges, draw
from symdl.numeric.fd import numeric_jacobian
from symdl.numeric.points import is_analytic, shapes_for
from symdl.numeric.program import _as_matrix, compile_expr
from symdl.numeric.stepentries import whole_values
from symdl.numeric.stepfamilies import entrywise_claim, share
from symdl.numeric.steps import ClaimedStep, HandDerivation
from symdl.printers import Shown


@dataclass(frozen=True)
class StepResult:
    """The check of one step."""

    name: str
    ok: bool
    max_rel_error: float
    claim: np.ndarray | None
    truth: np.ndarray | None
    note: str = ""
    undecided: bool = False


@dataclass(frozen=True, repr=False)
class DerivationReport(Shown):
    """All steps' results and the first wrong one."""

    steps: tuple[StepResult, ...]
    method: str
    readings: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()  # how the inputs were drawn, when not from their default ranges

    @property
    def first_wrong(self) -> str | None:
        """Name of the first wrong step, or None when no step is shown wrong."""
        return next((s.name for s in self.steps if not s.ok and not s.undecided), None)

    @property
    def verdict(self) -> str:
        """``refuted`` (a step is wrong), ``undecided`` (a step could not be computed) or ``verified``."""
        if self.first_wrong is not None:
            return "refuted"
        return "undecided" if any(s.undecided for s in self.steps) else "verified"

    def __str__(self) -> str:
        lines = [f"{self.verdict} ({self.method})"]
        for s in self.steps:
            mark = "ok   " if s.ok else "?    " if s.undecided else "WRONG"
            lines.append(f"  {mark} {s.name}: max relative error {s.max_rel_error:.2g} {s.note}".rstrip())
        if self.first_wrong:
            lines.append(f"first wrong step: {self.first_wrong}")
        lines.extend(f"note: {n}" for n in self.notes)
        return "\n".join(lines)


def check_derivation(derivation: HandDerivation, *, config: Config = DEFAULT) -> DerivationReport:
    """Check every claimed step of a hand derivation numerically, naming the first wrong one.

    Args:
        derivation: the forward system and the claimed lines.
        config: tolerances and seed.

    Returns:
        A :class:`DerivationReport`.
    """
    names = dict(derivation.names)
    progs = [(t, compile_expr(rhs)) for t, rhs in derivation.forward]
    targets = [t for t, _ in progs]
    loss = derivation.loss if derivation.loss is not None else targets[-1]
    families = dict(derivation.families)
    needs = [families.get(o, o) for _, p in progs for o in p.needs]
    inputs = list(dict.fromkeys(o for o in needs if o not in targets))
    rng = np.random.default_rng(config.seed)
    shapes, dims = shapes_for(inputs, derivation.shapes, rng, names)
    domain = domain_ranges([rhs for _, rhs in derivation.forward], inputs)
    env = _sample_forward(progs, inputs, shapes, dims, rng, names, families, domain)
    analytic = [is_analytic(rhs) for _, rhs in derivation.forward]
    methods = set()
    true_grads: dict[sympy.Basic, np.ndarray] = {}
    results = []
    for step in derivation.steps:
        ref, est, method = _true_gradient(step, progs, env, (names, families, loss, analytic), derivation.convention)
        methods.add(method)
        true_grads[step.symbol] = ref
        values = dict(env)
        values.update(whole_values(derivation.wholes, env))
        values.update(true_grads)
        for known in list(values):
            share(values, families, known)
        results.append(_step_result(step, ref, est, values, derivation.wholes, names, config))
    used = " and ".join(sorted(methods))
    return DerivationReport(
        tuple(results), f"numeric ({used}), {len(inputs)} sampled inputs", tuple(derivation.readings),
        tuple(domain_notes(domain, names)),
    )


def _true_gradient(
    step: ClaimedStep, progs: list, env: dict[sympy.Basic, object], where: tuple, convention: str
) -> tuple[np.ndarray, np.ndarray, str]:
    """``(gradient, error estimate, method)``: the numeric gradient of the loss by the step's quantity, the
    statements downstream of it recomputed (``where``: names, families, the loss, which statements are analytic);
    by the complex step when everything downstream is analytic, scaled by the number of examples in Ng's
    convention."""
    names, families, loss, analytic = where
    targets = [t for t, _ in progs]
    q = step.wrt
    start = targets.index(q) + 1 if q in targets else 0
    downstream = progs[start:]

    def loss_of(q_value: np.ndarray) -> np.ndarray:
        local = dict(env)
        local[q] = q_value
        share(local, families, q)
        for t, p in downstream:
            local[t] = p(local, names)
            share(local, families, t)
        return np.asarray(local[loss])

    q_value = np.asarray(env[q], float)
    if isinstance(q, sympy.MatrixSymbol):
        q_value = _as_matrix(q_value, q)
    # complex step whenever everything downstream of q is analytic (a ReLU upstream does not matter)
    method = "complex" if all(analytic[start:]) else "central"
    with np.errstate(all="ignore"):
        ref, est, _ = numeric_jacobian(lambda q: loss_of(q), {"q": q_value}, "q", method=method, single=True)
    if convention == "ng" and q in targets and ref.ndim == 2:
        ref, est = ref * ref.shape[-1], est * ref.shape[-1]
    return ref, est, method


def _step_result(
    step: ClaimedStep,
    ref: np.ndarray,
    est: np.ndarray,
    values: dict[sympy.Basic, object],
    wholes: Mapping[sympy.Basic, sympy.Basic],
    names: Mapping[sympy.Basic, str],
    config: Config,
) -> StepResult:
    """The step's claim evaluated at ``values`` (earlier steps at their true values) against the true gradient
    ``ref`` (error estimate ``est``): wrong for a wrong shape, undecided where the claim cannot be evaluated or a
    number is not finite, else right within the tolerances."""
    q = step.wrt
    want = getattr(q, "shape", None)
    if (
        want is not None
        and getattr(step.claim, "is_Matrix", False)
        and tuple(step.claim.shape) != tuple(want)
        and not (q in wholes.values() and sorted(step.claim.shape) == sorted(want))  # x_i: a row
    ):
        note = f"the claim has shape {tuple(step.claim.shape)}, {q} has shape {tuple(want)}"
        return StepResult(step.name, False, float("inf"), None, ref, note)
    try:
        with np.errstate(all="ignore"):
            got = (entrywise_claim(step.claim, step.indices, values, names, ref.shape) if step.indices
                   else np.asarray(compile_expr(step.claim)(values, names), dtype=float))
    except InvalidInput as exc:  # the claim cannot be evaluated here: no number to judge, so no verdict
        return StepResult(step.name, False, float("nan"), None, ref,
                          f"undecided: the claim cannot be evaluated: {exc.message}", True)
    if (got.ndim <= 1 or q in wholes.values()) and ref.ndim == 2 and 1 in ref.shape \
            and got.size == ref.size:  # (a vector's entries x_i: a row or column alike)
        got = got.reshape(ref.shape)
    if got.shape != ref.shape:
        note = f"shape {got.shape}, the gradient has shape {ref.shape}"
        return StepResult(step.name, False, float("inf"), got, ref, note)
    if not (np.all(np.isfinite(ref)) and np.all(np.isfinite(got))):
        return StepResult(step.name, False, float("nan"), got, ref, _not_finite(got, ref), True)
    err = np.abs(got - ref)
    rel = float(np.max(err / np.maximum(np.abs(ref), config.atol), initial=0.0))
    ok = bool(np.all(err <= config.atol + config.rtol * np.abs(ref) + est))
    return StepResult(step.name, ok, rel, got, ref)


#: how many draws of the inputs to try for one at which every forward value is a finite number
DRAWS = 50


def _sample_forward(
    progs: list, inputs: list, shapes: Mapping, dims: Mapping, rng: np.random.Generator, names: Mapping,
    families: Mapping[sympy.Basic, sympy.Basic], domain: Domain,
) -> dict[sympy.Basic, object]:
    """Inputs drawn, and the forward system evaluated, at a point inside every function's domain.

    A draw at which some forward value is NaN or infinite (a square root or log of a negative
    number, a division by zero, log(1 - p) with p > 1) is discarded and the inputs drawn again;
    after :data:`DRAWS` draws the last one is kept and its steps come out undecided.  Each input is drawn inside
    the domain its uses imply (:mod:`symdl.numeric.domains`) first, so rejection is the last resort.
    """
    env: dict[sympy.Basic, object] = {}
    for _ in range(DRAWS):
        env = {o: float(dims[o]) if o in dims else draw(o, shapes[o], rng, domain) for o in inputs}
        for o in inputs:
            share(env, families, o)
        with np.errstate(all="ignore"):
            for t, p in progs:
                env[t] = p(env, names)
                share(env, families, t)
        if all(np.all(np.isfinite(np.asarray(env[t], dtype=complex))) for t, _ in progs):
            break
    return env


def _not_finite(got: np.ndarray, ref: np.ndarray) -> str:
    """Why a step with a NaN or infinite number is undecided, and what would decide it."""
    which = "the true gradient" if not np.all(np.isfinite(ref)) else "the claim"
    return (
        f"undecided: {which} is NaN or infinite at the sampled point (outside a function's domain?); "
        "declare the inputs' ranges or shapes so that every value is defined"
    )
