"""A hand derivation to check step by step: a forward system and the claimed ``dX = ...`` lines.

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

The check itself (which line is the first wrong one) is :func:`symdl.numeric.stepcheck.check_derivation`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace

import sympy
from sympy.matrices.exceptions import ShapeError

from symdl.errors import NotSupported
from symdl.formula import Formula
from symdl.numeric.stepentries import as_family, entry_families, wholes_of
from symdl.numeric.stepfamilies import entry_target, no_stray_index


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
        from symdl.differentiate.backprop import sum_over_samples
        from symdl.numeric.gradnames import split_statements

        forward_st, claimed, readings = split_statements(formula)
        inverse = {v: k for k, v in reversed(list(formula.symbols.items()))}
        unify: dict[sympy.Basic, sympy.Basic] = {}
        aliases: dict[sympy.Basic, sympy.Basic] = {}
        forward = _forward_of(formula, forward_st, unify, aliases)
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

        # x \\in \\mathbb{R}^5 written x_i: dx is by the entries
        entry_fams = entry_families([st.rhs for st in forward_st if isinstance(st.rhs, sympy.Basic)], forward)
        steps, wholes = _claimed_steps(claimed, fix, columns, entry_fams)
        forward, steps, families = _matrix_entries(formula, forward, steps, matrices, convention, readings)
        names = {fix(v): k for v, k in inverse.items()}
        names.update({m: str(m.name) for m in families.values()})
        return cls(tuple(forward), tuple(steps), loss, dict(shapes or {}), names, convention, tuple(readings),
                   families, wholes)


def _forward_of(
    formula: Formula, forward_st: list, unify: dict[sympy.Basic, sympy.Basic], aliases: dict[sympy.Basic, sympy.Basic]
) -> list[tuple[sympy.Basic, sympy.Basic]]:
    """The forward statements ``forward_st`` of ``formula`` as ``(target, rhs)`` pairs
    (:func:`symdl.differentiate.backprop.forward_system`, which fills ``unify`` and ``aliases``).

    Raises:
        NotSupported: the lines mix a vector's entries with the whole vector in shapes that do not line up.
    """
    from symdl.differentiate.backprop import forward_system

    try:
        return forward_system(replace(formula, statements=tuple(forward_st)), unify=unify, aliases=aliases)
    except ShapeError as exc:  # a vector's entries summed (x_i) beside the whole vector: rows against columns
        raise NotSupported(
            f"this derivation's forward lines mix a vector's entries with the whole vector in shapes symdl "
            f"cannot line up yet ({exc})",
            source=formula.source, hint="write the forward lines with whole vectors (\\mathbf{1}^T x for "
            "\\sum_i x_i) or all of them by entries",
        ) from None


def _claimed_steps(
    claimed: list,
    fix: Callable[[sympy.Basic], sympy.Basic],
    columns: Callable[[sympy.Sum], sympy.Basic],
    entry_fams: dict[str, sympy.Basic],
) -> tuple[list[ClaimedStep], dict[sympy.Basic, sympy.Basic]]:
    """The gradient lines ``(spelling, target, X, claim)`` as :class:`ClaimedStep` s (names fixed by ``fix``, sums
    over samples made column sums by ``columns``, a per-entry line ``dx_i = ...`` by its entry's indices), and the
    claims' whole names of the families ``entry_fams`` → the family."""
    steps = []
    wholes: dict[sympy.Basic, sympy.Basic] = {}
    for name, target, wrt, claim in claimed:
        claim = fix(claim).replace(lambda e: isinstance(e, sympy.Sum), columns)
        target, indices = fix(target), ()
        if isinstance(target, sympy.Indexed):  # dx_i = ...: entry i of the gradient
            target, indices = entry_target(target, fix(wrt), str(target.base.label))
            no_stray_index(claim, indices, name)
        wholes.update(wholes_of(claim, entry_fams))
        steps.append(ClaimedStep(name, target, as_family(fix(wrt), entry_fams), claim, indices))
    return steps, wholes


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
