"""Backpropagation through a forward system, step by step, through the named intermediates.

Given ``Z1 = W1 X + b1 1ᵀ``, ``A1 = g(Z1)``, ``Z2 = W2 A1 + b2 1ᵀ``, ``A2 = σ(Z2)`` and a
cost ``J``, :func:`backprop` walks the statements backwards.  Each statement passes
the adjoint of its target (a *symbol*, ``dZ2``) to its inputs through the rules of
:mod:`symdl.differentiate.matrix`; when every consumer of a quantity has been visited
its adjoint is complete and becomes a step, ``dZ1 = W2ᵀ dZ2 ⊙ g'(Z1)``.  Adjoints stay
symbols, so each step is the size of one statement and the derivation cost grows
linearly with the number of layers.  A scalar statement's local derivative comes from the
rule tables, and every step is tidied by the named local rewrites of
:mod:`symdl.differentiate.local` (``σ'`` in its output ``a``, cross-entropy through ``σ`` as
``a − y``), never by a global simplify of what the table covers.

Representation (documented contract for systems):

* a bias broadcast over the ``m`` sample columns is ``b * OneMatrix(1, m)``; its
  gradient is the column sum ``dZ * OneMatrix(m, 1)``;
* a cost summing over samples is a 1×1 matrix expression, e.g.
  ``-(1/m) (Y ⊙ log(A2) + (1 − Y) ⊙ log(1 − A2)) OneMatrix(m, 1)``; a scalar
  ``Σ_{i=1}^m`` over indexed families ``y^{(i)}``, ``ŷ^{(i)}`` is converted to that form
  (:func:`vectorise_sum`).

Convention ``"ng"`` (default; Andrew Ng's course): when the cost is ``(1/m) ×`` a sum
over samples, intermediate adjoints ``dZ`` are the per-sample gradients stacked as
columns, ``dZ = ∂(mJ)/∂Z`` (so ``dZ2 = A2 − Y``), and parameter gradients are exact,
``dW = ∂J/∂W`` (so ``dW2 = (1/m) dZ2 A1ᵀ``).  Convention ``"exact"``: every adjoint is ``∂J/∂·``.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal

import sympy
from sympy import Indexed, MatrixExpr, MatrixSymbol, OneMatrix, Sum
from sympy.matrices.expressions.applyfunc import ElementwiseApplyFunction

from symdl.config import DEFAULT, Config
from symdl.differentiate.elementwise import Entries, from_scalar
from symdl.differentiate.local import local_derivative, size, tidy_elementwise, tidy_scalar
from symdl.differentiate.matrix import vjp
from symdl.errors import InvalidInput
from symdl.formula import Formula
from symdl.simplify import bounded_simplify
from symdl.untrusted import refuse_text

#: An adjoint expression larger than this is referred to by its symbol, not inlined.
INLINE_OPS = 40
#: Leaves named like data (inputs, labels) get no gradient unless asked for.
DATA_NAMES = ("x", "y")

Convention = Literal["ng", "exact"]


@dataclass(frozen=True)
class BackpropStep:
    """One gradient: ``symbol = expr`` with the rule used.

    Attributes:
        name: the gradient's name, ``d`` + the quantity's name (``dZ^[2]``).
        symbol: the symbol standing for it in later steps (same shape as ``of``).
        of: the quantity it is the gradient of.
        expr: its value in terms of forward quantities and earlier gradient symbols.
        rule: the rule(s) used.
        kind: ``"intermediate"`` or ``"parameter"``.
        description: one sentence for a reader.
    """

    name: str
    symbol: sympy.Basic
    of: sympy.Basic
    expr: sympy.Basic
    rule: str
    kind: str
    description: str


@dataclass(frozen=True)
class Backprop:
    """The result of :func:`backprop`: the steps in the order they are computed."""

    loss: sympy.Basic
    steps: tuple[BackpropStep, ...]
    forward: tuple[tuple[sympy.Basic, sympy.Basic], ...]
    scale: sympy.Basic = sympy.S.One
    convention: str = "ng"
    gave_up: bool = False
    _by_name: dict[str, BackpropStep] = field(default_factory=dict, repr=False, compare=False)

    def step(self, key: str | sympy.Basic) -> BackpropStep:
        """The step for a gradient name (``'dW^[1]'``), its symbol, or the quantity (``W^[1]``)."""
        for s in self.steps:
            if key in (s.name, s.symbol, s.of) or (isinstance(key, str) and key == str(s.of)):
                return s
        raise KeyError(key)

    @property
    def gradients(self) -> dict[sympy.Basic, sympy.Basic]:
        """Parameter → its gradient expression (in terms of earlier gradient symbols)."""
        return {s.of: s.expr for s in self.steps if s.kind == "parameter"}

    def expanded(self, key: str | sympy.Basic) -> sympy.Basic:
        """A step's expression with every gradient symbol replaced by its own expression."""
        subs: dict[sympy.Basic, sympy.Basic] = {}
        for s in self.steps:
            subs[s.symbol] = s.expr.xreplace(subs)
        return subs[self.step(key).symbol]

    def derivative(self, key: str | sympy.Basic) -> sympy.Basic:
        """``∂J/∂(quantity)`` exactly, whatever the convention."""
        s = self.step(key)
        value = self.expanded(key)
        return value if s.kind == "parameter" else self.scale * value


def _name(q: sympy.Basic) -> str:
    return str(getattr(q, "name", q))


def _adjoint_symbol(q: sympy.Basic) -> sympy.Basic:
    if isinstance(q, MatrixSymbol):
        return MatrixSymbol("d" + q.name, *q.shape)
    return sympy.Symbol("d" + _name(q), real=True)


def forward_system(
    system: Formula | Sequence[tuple[sympy.Basic, sympy.Basic]],
    *,
    unify: dict[sympy.Basic, sympy.Basic] | None = None,
    aliases: dict[sympy.Basic, sympy.Basic] | None = None,
) -> list[tuple[sympy.Basic, sympy.Basic]]:
    """The ``(target, rhs)`` pairs of a forward system, per-sample sums vectorised.

    Aliases (``\\hat y = A^{[2]} = ...``) are replaced by their statement's target, and a
    cost ``Σ_{i=1}^m`` over families ``y^{(i)}``, ``ŷ^{(i)}`` by its matrix form
    (:func:`vectorise_sum`); the dimension equalities that implies (``Ŷ`` is 1×m) are
    substituted everywhere.

    Args:
        system: a parsed :class:`Formula` or ``(lhs, rhs)`` pairs (returned as they are).
        unify: filled with the dimension substitutions made (apply them to related expressions).
        aliases: filled with alias → target.
    """
    unify = {} if unify is None else unify
    if not isinstance(system, Formula):
        return [tuple(p) for p in system]  # type: ignore[misc]
    out, alias_all = [], {}
    for st in system.statements:
        if st.lhs is None or st.kind not in ("assignment", "definition", "equation"):
            continue
        for a in st.aliases:
            alias_all[a] = st.lhs
        out.append((st.lhs, st.rhs))
    targets = {lhs for lhs, _ in out}
    alias_of = {a: t for a, t in alias_all.items() if a not in targets}
    if aliases is not None:
        aliases.update(alias_of)
    stmts = [
        (lhs, vectorise_sum(rhs.xreplace(alias_of), {**alias_of, **{t: t for t in targets}}, unify))
        for lhs, rhs in out
    ]
    return [(lhs.xreplace(unify), rhs.xreplace(unify)) for lhs, rhs in stmts] if unify else stmts


def _unify_sample_axis(mat: MatrixExpr, hi: sympy.Basic, unify: dict[sympy.Basic, sympy.Basic]) -> None:
    """A family ``ŷ^{(i)}``, ``i = 1..m``, matched to a matrix ``Ŷ``: its entries are numbers, one per column.

    So ``Ŷ`` has one row and ``m`` columns: an undetermined row dimension becomes 1 and the
    column dimension and ``m`` become one symbol (the declared number when there is one).
    """
    rows, cols = (sympy.sympify(d) for d in mat.shape)
    if rows.is_Symbol:
        unify[rows] = sympy.S.One
    if cols != hi:
        if cols.is_Symbol:
            unify[cols] = hi
        elif sympy.sympify(hi).is_Symbol:
            unify[hi] = cols


def sum_over_samples(
    s: Sum, matrices: dict[str, sympy.Basic], unify: dict[sympy.Basic, sympy.Basic] | None = None
) -> MatrixExpr | None:
    """``Σ_{i=1}^m f(Y^{(i)}, Ŷ^{(i)})`` → ``f(Y, Ŷ) 1_{m×1}``: sample ``i`` is column ``i`` of each matrix.

    Args:
        s: a one-index sum whose indexed terms are all indexed by its index alone.
        matrices: matrices by name; a family is matched by its label (or the label in
            upper case: ``y`` → ``Y``); an unmatched one becomes a new 1×m matrix.
        unify: when given, records that matched entries are numbers (one row) and that the
            column count is ``m`` (see :func:`forward_system`).

    Returns:
        The column sum (rows × 1), or None when the sum is not of that form.
    """
    var, lo, hi = s.limits[0]
    if lo != 1 or len(s.limits) != 1:
        return None
    entries = Entries()
    subs = {}
    for ix in s.function.atoms(Indexed):
        if ix.indices != (var,):
            return None
        label = str(ix.base.label)
        mat = matrices.get(label) or matrices.get(label.upper()) or MatrixSymbol(label.upper(), 1, hi)
        if unify is not None:
            _unify_sample_axis(mat, hi, unify)
        subs[ix] = entries.stand_in(mat)
    if not subs or s.function.xreplace(subs).has(var):
        return None
    rows = next(iter(entries.matrix_of.values())).shape[0]
    return from_scalar(s.function.xreplace(subs), entries, (rows, hi)) * OneMatrix(hi, 1)


def vectorise_sum(
    expr: sympy.Basic,
    matrices: dict[sympy.Basic, sympy.Basic],
    unify: dict[sympy.Basic, sympy.Basic] | None = None,
) -> sympy.Basic:
    """``c Σ_{i=1}^m f(y^{(i)}, ŷ^{(i)})`` → ``c f(Y, Ŷ) 1_{m×1}`` (a 1×1 matrix expression).

    Each family ``ŷ`` is matched to a row matrix by name (``yhat`` → the matrix the
    formula calls ``yhat``; ``y`` → ``Y``); unmatched families get a new 1×m MatrixSymbol.
    When ``unify`` is given, the dimension equalities this implies (``Ŷ`` is 1×m) are
    recorded in it, to be substituted in the whole system.
    """
    sums = [s for s in expr.atoms(Sum) if len(s.limits) == 1]
    if len(sums) != 1 or expr.atoms(MatrixSymbol) - set(matrices):
        return expr
    (s,) = sums
    by_name = {_name(k): v for k, v in matrices.items() if isinstance(v, MatrixExpr)}
    columns = sum_over_samples(s, by_name, unify)
    if columns is None:
        return expr
    rows = columns.shape[0]
    total = OneMatrix(1, rows) * columns if rows != 1 else columns
    coeff = bounded_simplify(expr / s)[0] if expr != s else sympy.S.One
    if coeff.has(Sum, Indexed):
        return expr
    return coeff * total


def _dims(stmts: list[tuple]) -> set[sympy.Symbol]:
    dims: set[sympy.Symbol] = set()
    for lhs, rhs in stmts:
        for m in rhs.atoms(MatrixSymbol) | lhs.atoms(MatrixSymbol):
            for d in m.shape:
                dims |= sympy.sympify(d).free_symbols
    return dims


def _inputs(rhs: sympy.Basic, dims: set[sympy.Symbol], defined: set[sympy.Basic]) -> list[sympy.Basic]:
    """The quantities ``rhs`` uses: parameters and data first, then named intermediates."""
    found = set(rhs.atoms(MatrixSymbol)) | {s for s in rhs.free_symbols - dims if isinstance(s, sympy.Symbol)}
    return sorted(found, key=lambda q: (q in defined, _name(q)))


def _scale(rhs: sympy.Basic, dims: set[sympy.Symbol]) -> sympy.Basic:
    """The ``1/m`` of a cost ``(1/m) × (sum over samples)``: a dimension in the coefficient's denominator."""
    coeff = sympy.Mul(*(a for a in sympy.Mul.make_args(rhs) if not isinstance(a, MatrixExpr)))
    if isinstance(rhs, sympy.MatMul):
        coeff = sympy.Mul(*(a for a in rhs.args if not isinstance(a, MatrixExpr)))
    _, den = sympy.fraction(coeff)
    per = [f for f in sympy.Mul.make_args(den) if f in dims]
    if not per and den.is_Integer and den != 1:
        # declared sizes: m is a number; it is the sample count if the cost sums that many columns
        counts = {o.shape[0] for o in rhs.atoms(OneMatrix) if o.shape[1] == 1}
        per = [den] if den in counts else []
    return 1 / sympy.Mul(*per) if per else sympy.S.One


def _contribution(rhs: sympy.Basic, q: sympy.Basic, g: sympy.Basic) -> tuple[sympy.Basic, tuple[str, ...]]:
    if isinstance(rhs, MatrixExpr) or rhs.atoms(MatrixSymbol):
        return vjp(rhs, q, g)
    return g * local_derivative(rhs, q), ("chain rule",)


def _is_elementwise(rhs: sympy.Basic) -> bool:
    if isinstance(rhs, ElementwiseApplyFunction):
        return True
    return not isinstance(rhs, MatrixExpr) and isinstance(rhs, sympy.Function) and len(rhs.args) == 1


def backprop(
    formula: Formula | Sequence[tuple[sympy.Basic, sympy.Basic]],
    *,
    loss: str | sympy.Basic | None = None,
    params: Sequence[str | sympy.Basic] | None = None,
    convention: Convention = "ng",
    config: Config = DEFAULT,
) -> Backprop:
    """Derive the gradient of the cost with respect to every intermediate and parameter.

    Args:
        formula: the forward system (a parsed :class:`Formula` of kind ``system``, or
            ``(lhs, rhs)`` pairs in order).
        loss: the cost (name or symbol); default: the last statement's target.
        params: the leaves to differentiate by; default: every leaf not named like
            data (``X``, ``x``, ``Y``, ``y`` with any decoration).
        convention: ``"ng"`` or ``"exact"`` (see module docstring).
        config: options (a step outside the local rewrites is simplified within the current call's budgets).

    Returns:
        A :class:`Backprop` whose steps are in computation order.

    Raises:
        InvalidInput: the loss is not a statement target, or no parameter reaches it.
    """
    refuse_text(formula, "the forward system")  # text is read by symdl.parse first
    stmts = forward_system(formula)
    if not stmts:
        raise InvalidInput("the forward system has no statements")
    targets = [lhs for lhs, _ in stmts]
    keyed = {_name(t): t for t in targets}
    loss_q = targets[-1] if loss is None else keyed.get(loss, loss) if isinstance(loss, str) else loss
    if loss_q not in targets:
        raise InvalidInput(f"the loss {loss} is not defined by any statement")
    stmts = stmts[: targets.index(loss_q) + 1]
    dims = _dims(stmts)
    defs = dict(stmts)
    inputs = {lhs: _inputs(rhs, dims, set(defs)) for lhs, rhs in stmts}
    leaves = sorted({q for ins in inputs.values() for q in ins} - set(defs), key=_name)
    if params is None:
        chosen = [q for q in leaves if not _name(q).lstrip("\\").lower().startswith(DATA_NAMES)]
    else:
        chosen = [keyed.get(p, p) if isinstance(p, str) else p for p in params]
        chosen = [next((q for q in leaves if _name(q) == p), p) if isinstance(p, str) else p for p in chosen]
    needed = set(chosen)
    for lhs, _ in stmts:
        if set(inputs[lhs]) & needed:
            needed.add(lhs)
    if loss_q not in needed:
        raise InvalidInput("no parameter of the system influences the loss", hint="pass params=[...]")
    scale = _scale(defs[loss_q], dims) if convention == "ng" else sympy.S.One
    consumers = Counter(q for lhs, _ in stmts for q in inputs[lhs] if q in needed)
    contributions: dict[sympy.Basic, list[tuple[sympy.Basic, tuple[str, ...]]]] = {}
    named = {lhs: rhs for lhs, rhs in stmts if _is_elementwise(rhs)}
    steps: list[BackpropStep] = []
    values: dict[sympy.Basic, sympy.Basic] = {}
    gave_up = False

    def emit(q: sympy.Basic) -> None:
        nonlocal gave_up
        parts = contributions.pop(q)
        total = (
            sympy.Add(*(p for p, _ in parts))
            if not isinstance(parts[0][0], MatrixExpr)
            else (sympy.MatAdd(*(p for p, _ in parts)).doit())
        )
        rules = tuple(dict.fromkeys(n for _, ns in parts for n in ns))
        if len(rules) > 1:
            rules = tuple(r for r in rules if r != "sum rule")
        kind = "intermediate" if q in defs else "parameter"
        if kind == "parameter" and scale != 1:
            total = scale * total
            rules += ("mean over the m samples: parameter gradients carry 1/m",)
        total, stop = _tidy(total, named, scale)
        gave_up |= stop
        symbol = _adjoint_symbol(q)
        values[q] = total
        description = f"gradient of the cost with respect to {_name(q)} by the chain rule"
        if kind == "intermediate" and scale != 1:
            description += f" (per-sample: {1 / scale} × ∂J/∂{_name(q)})"
        steps.append(BackpropStep(_name(symbol), symbol, q, total, "; ".join(rules), kind, description))

    for lhs, rhs in reversed(stmts):
        if lhs not in needed:
            continue
        if lhs == loss_q:
            g = 1 / scale
        else:
            g = _adjoint_symbol(lhs)
            if _is_elementwise(rhs) and size(values[lhs]) <= INLINE_OPS:
                g = values[lhs]
        for q in inputs[lhs]:
            if q not in needed:
                continue
            contributions.setdefault(q, []).append(_contribution(rhs, q, g))
            consumers[q] -= 1
            if consumers[q] == 0:
                emit(q)
    return Backprop(loss_q, tuple(steps), tuple(stmts), scale, convention, gave_up)


def _tidy(expr: sympy.Basic, named: dict, scale: sympy.Basic) -> tuple[sympy.Basic, bool]:
    """Tidy one step by local rewrites (:mod:`symdl.differentiate.local`): entry by entry for matrices."""
    if isinstance(expr, MatrixExpr):
        return tidy_elementwise(expr, {a: d for a, d in named.items() if isinstance(a, MatrixExpr)}, scale)
    return tidy_scalar(expr, {d: a for a, d in named.items() if not isinstance(a, MatrixExpr)}, scale)
