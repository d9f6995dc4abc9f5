"""Step-by-step checking of a hand derivation: which claimed ``dX = ...`` line is the first wrong one.

Accepted data (:class:`HandDerivation`):

* ``forward``: the forward system as ``(target, rhs)`` pairs in order, e.g.
  ``(Z1, W1 X + b1 1^T)``, ``(A1, tanh.(Z1))``, ..., ``(J, ...)``;
* ``loss``: the target holding the scalar loss (default: the last target);
* ``convention``: ``exact`` (every ``dX`` is dJ/dX) or ``ng`` (Andrew Ng's: for an
  intermediate ``X`` with one column per example, ``dX`` is ``m`` dJ/dX, the gradient of
  the summed rather than averaged loss, so that ``dW = 1/m dZ A^T``);
* ``steps``: :class:`ClaimedStep` s, each ``name`` (spelling, ``"dZ^{[2]}"``),
  ``symbol`` (the symbol later claims use for it), ``wrt`` (the forward quantity it is
  the gradient of the loss by: a target or an input) and ``claim`` (an expression in
  forward quantities and earlier steps' symbols).

:meth:`HandDerivation.from_formula` builds one from a parsed system whose gradient
lines are named as :mod:`symdl.numeric.gradnames` says (``dZ^{[2]} = A^{[2]} - Y``,
``\\frac{\\partial L}{\\partial W} = ...``, ``\\nabla_W L``, Nielsen's ``\\delta^l``).

Each step is checked **locally**: its claim is evaluated with earlier steps' symbols set
to their *true* values, and compared with the numeric gradient of the loss by the step's
quantity (downstream statements recomputed, all perturbations batched).  So a wrong
step is blamed on its own, and :attr:`DerivationReport.first_wrong` names the first.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace

import numpy as np
import sympy
from sympy.matrices.exceptions import ShapeError

from symdl.config import DEFAULT, Config
from symdl.errors import InvalidInput, NotSupported
from symdl.formula import Formula
from symdl.numeric.domains import Domain, domain_notes, domain_ranges, draw
from symdl.numeric.fd import numeric_jacobian
from symdl.numeric.points import is_analytic, shapes_for
from symdl.numeric.program import _as_matrix, compile_expr
from symdl.numeric.stepentries import as_family, entry_families, whole_values, wholes_of
from symdl.numeric.stepfamilies import entry_target, entrywise_claim, no_stray_index, share
from symdl.printers import Shown


@dataclass(frozen=True)
class ClaimedStep:
    """One claimed line ``d<wrt> = claim`` of a hand derivation."""

    name: str
    symbol: sympy.Basic
    wrt: sympy.Basic
    claim: sympy.Basic
    indices: tuple[sympy.Basic, ...] = ()  # a per-entry line dx_i = ...: the claim is entry i, in these indices


@dataclass(frozen=True)
class HandDerivation:
    """A forward system plus claimed gradient lines (see the module docstring)."""

    forward: tuple[tuple[sympy.Basic, sympy.Basic], ...]
    steps: tuple[ClaimedStep, ...]
    loss: sympy.Basic | None = None
    shapes: Mapping[str, tuple[int, ...]] = field(default_factory=dict)
    names: Mapping[sympy.Basic, str] = field(default_factory=dict)
    convention: str = "exact"
    readings: tuple[str, ...] = ()
    families: Mapping[sympy.Basic, sympy.Basic] = field(default_factory=dict)
    #: a claim's whole name of a family of entries (``x`` of ``x_i``) → the family, whose values it takes
    wholes: Mapping[sympy.Basic, sympy.Basic] = field(default_factory=dict)

    @classmethod
    def from_formula(
        cls,
        formula: Formula,
        *,
        loss: sympy.Basic | None = None,
        convention: str = "exact",
        shapes: Mapping[str, tuple[int, ...]] | None = None,
    ) -> HandDerivation:
        """Split a parsed system into forward statements and ``d``-named gradient lines.

        The forward statements go through :func:`symdl.differentiate.backprop.forward_system`
        (aliases resolved, a cost ``Σ_{i=1}^m`` over ``y^{(i)}``, ``ŷ^{(i)}`` vectorised, the
        sample dimension unified), and the claims get the same substitutions; a claimed
        ``Σ_{i=1}^m dZ^{(i)}`` is the column sum ``dZ 1``.

        Args:
            formula: the parsed system (forward statements and gradient lines, any order).
            loss: the loss target (default: the last forward target).
            convention: ``exact`` or ``ng`` (see the module docstring).
            shapes: array sizes by spelling for the numeric check (``{"X": (3, 5)}``).

        Raises:
            InvalidInput: there is no gradient line.
        """
        from symdl.differentiate.backprop import forward_system, sum_over_samples
        from symdl.numeric.gradnames import split_statements

        forward_st, claimed, readings = split_statements(formula)
        inverse = {v: k for k, v in reversed(list(formula.symbols.items()))}
        unify: dict[sympy.Basic, sympy.Basic] = {}
        aliases: dict[sympy.Basic, sympy.Basic] = {}
        try:
            forward = forward_system(replace(formula, statements=tuple(forward_st)), unify=unify, aliases=aliases)
        except ShapeError as exc:  # a vector's entries summed (x_i) beside the whole vector: rows against columns
            raise NotSupported(
                f"this derivation's forward lines mix a vector's entries with the whole vector in shapes symdl "
                f"cannot line up yet ({exc})",
                source=formula.source, hint="write the forward lines with whole vectors (\\mathbf{1}^T x for "
                "\\sum_i x_i) or all of them by entries",
            ) from None
        sizes = _sizes_named(formula)
        forward = [(t, rhs.xreplace(sizes)) for t, rhs in forward]

        def fix(e: sympy.Basic) -> sympy.Basic:
            return e.xreplace(aliases).xreplace(unify).xreplace(sizes)

        matrices = {str(m.name): m for _, rhs in forward for m in rhs.atoms(sympy.MatrixSymbol)}
        matrices.update({str(t.name): t for t, _ in forward if isinstance(t, sympy.MatrixSymbol)})
        matrices.update({str(fix(t).name): fix(t) for _, t, _, _ in claimed if isinstance(t, sympy.MatrixSymbol)})

        by_entry = {str(t.base.label) for _, t, _, _ in claimed if isinstance(t, sympy.Indexed)}  # dc_i = ...

        def columns(s: sympy.Sum) -> sympy.Basic:
            if any(_is_column(matrices.get(str(e.base.label))) or str(e.base.label) in by_entry
                   for e in s.function.atoms(sympy.Indexed)):
                return s  # \sum_j dc_j: a sum of a vector's entries, not of samples (columns)
            out = sum_over_samples(s, matrices)
            return s if out is None else out

        steps = []
        # x \\in \\mathbb{R}^5 written x_i: dx is by the entries
        entry_fams = entry_families([st.rhs for st in forward_st if isinstance(st.rhs, sympy.Basic)], forward)
        wholes: dict[sympy.Basic, sympy.Basic] = {}
        for name, target, wrt, claim in claimed:
            claim = fix(claim).replace(lambda e: isinstance(e, sympy.Sum), columns)
            target, indices = fix(target), ()
            if isinstance(target, sympy.Indexed):  # dx_i = ...: entry i of the gradient
                target, indices = entry_target(target, fix(wrt), str(target.base.label))
                no_stray_index(claim, indices, name)
            wholes.update(wholes_of(claim, entry_fams))
            steps.append(ClaimedStep(name, target, as_family(fix(wrt), entry_fams), claim, indices))
        forward, steps, families = _matrix_entries(formula, forward, steps, matrices, convention, readings)
        names = {fix(v): k for v, k in inverse.items()}
        names.update({m: str(m.name) for m in families.values()})
        return cls(tuple(forward), tuple(steps), loss, dict(shapes or {}), names, convention, tuple(readings),
                   families, wholes)


def _is_column(m: sympy.Basic | None) -> bool:
    return isinstance(m, sympy.MatrixSymbol) and m.shape[1] == 1 and m.shape[0] != 1


def _matrix_entries(
    formula: Formula, forward: list, steps: list[ClaimedStep], matrices: dict, convention: str, readings: list
) -> tuple[list, list[ClaimedStep], dict[sympy.Basic, sympy.Basic]]:
    """Entries ``Z_{ki}`` of a matrix read as that matrix's, the sums' bounds along them, and in Ng's convention a
    matrix's softmax by columns (:mod:`symdl.numeric.stepfamilies`)."""
    from symdl.numeric.stepfamilies import COLUMN_SOFTMAX, bounds_of_families, column_softmax, matrix_families

    exprs = [rhs for _, rhs in forward] + [s.claim for s in steps]
    named = {str(v.name): v for v in formula.symbols.values() if isinstance(v, sympy.MatrixSymbol)}
    named.update({str(m.name): m for e in exprs for m in e.atoms(sympy.MatrixSymbol)})
    named.update(matrices)
    named.update({str(s.symbol.name): s.symbol for s in steps if isinstance(s.symbol, sympy.MatrixSymbol)})
    families = matrix_families(exprs, named, formula.shapes)
    bounds = bounds_of_families(exprs, families)
    forward = [(t, rhs.xreplace(bounds)) for t, rhs in forward]
    by_entries = {str(s.symbol.name): s.symbol for s in steps if s.indices}  # dZ_{ki} = ...: dZ whole is its shape
    whole = {m: by_entries[str(m.name)] for s in steps for m in s.claim.atoms(sympy.MatrixSymbol)
             if str(m.name) in by_entries}
    steps = [replace(s, claim=s.claim.xreplace(bounds).xreplace(whole)) for s in steps]
    if convention == "ng":
        cols = [column_softmax(rhs) for _, rhs in forward] + [column_softmax(s.claim) for s in steps]
        if any(found for _, found in cols):
            readings.append(COLUMN_SOFTMAX)
            forward = [(t, e) for (t, _), (e, _) in zip(forward, cols, strict=False)]
            steps = [replace(s, claim=e) for s, (e, _) in zip(steps, cols[len(forward):], strict=True)]
    return forward, steps, families


def _sizes_named(formula: Formula) -> dict[sympy.Basic, sympy.Basic]:
    """A scalar spelled like a declared dimension is that dimension: Ng's ``\\frac{1}{m}`` with
    ``X \\in \\mathbb{R}^{n \\times m}`` divides by the number of examples, not by a free number."""
    dims = {
        str(d): d
        for v in formula.symbols.values()
        if isinstance(v, sympy.MatrixSymbol)
        for d in v.shape
        if isinstance(d, sympy.Symbol)
    }
    return {
        v: dims[str(v)]
        for v in formula.symbols.values()
        if isinstance(v, sympy.Symbol) and str(v) in dims and dims[str(v)] != v
    }


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
        q = step.wrt
        start = targets.index(q) + 1 if q in targets else 0
        downstream = progs[start:]

        def loss_of(q_value: np.ndarray, q: sympy.Basic = q, downstream: list = downstream) -> np.ndarray:
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
        methods.add(method)
        with np.errstate(all="ignore"):
            ref, est, _ = numeric_jacobian(lambda q: loss_of(q), {"q": q_value}, "q", method=method, single=True)
        if derivation.convention == "ng" and q in targets and ref.ndim == 2:
            ref, est = ref * ref.shape[-1], est * ref.shape[-1]
        true_grads[step.symbol] = ref
        values = dict(env)
        values.update(whole_values(derivation.wholes, env))
        values.update(true_grads)
        for known in list(values):
            share(values, families, known)
        want = getattr(q, "shape", None)
        if (
            want is not None
            and getattr(step.claim, "is_Matrix", False)
            and tuple(step.claim.shape) != tuple(want)
            and not (q in derivation.wholes.values() and sorted(step.claim.shape) == sorted(want))  # x_i: a row
        ):
            note = f"the claim has shape {tuple(step.claim.shape)}, {q} has shape {tuple(want)}"
            results.append(StepResult(step.name, False, float("inf"), None, ref, note))
            continue
        try:
            with np.errstate(all="ignore"):
                got = (entrywise_claim(step.claim, step.indices, values, names, ref.shape) if step.indices
                       else np.asarray(compile_expr(step.claim)(values, names), dtype=float))
        except InvalidInput as exc:  # the claim cannot be evaluated here: no number to judge, so no verdict
            results.append(StepResult(step.name, False, float("nan"), None, ref,
                                      f"undecided: the claim cannot be evaluated: {exc.message}", True))
            continue
        if (got.ndim <= 1 or q in derivation.wholes.values()) and ref.ndim == 2 and 1 in ref.shape \
                and got.size == ref.size:  # (a vector's entries x_i: a row or column alike)
            got = got.reshape(ref.shape)
        if got.shape != ref.shape:
            note = f"shape {got.shape}, the gradient has shape {ref.shape}"
            results.append(StepResult(step.name, False, float("inf"), got, ref, note))
            continue
        if not (np.all(np.isfinite(ref)) and np.all(np.isfinite(got))):
            results.append(StepResult(step.name, False, float("nan"), got, ref, _not_finite(got, ref), True))
            continue
        err = np.abs(got - ref)
        rel = float(np.max(err / np.maximum(np.abs(ref), config.atol), initial=0.0))
        ok = bool(np.all(err <= config.atol + config.rtol * np.abs(ref) + est))
        results.append(StepResult(step.name, ok, rel, got, ref))
    used = " and ".join(sorted(methods))
    return DerivationReport(
        tuple(results), f"numeric ({used}), {len(inputs)} sampled inputs", tuple(derivation.readings),
        tuple(domain_notes(domain, names)),
    )


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
