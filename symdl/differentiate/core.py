"""``diff``: differentiate a formula or expression with respect to one variable.

Dispatch (by what is differentiated and by what):

* scalar expression, scalar ``x`` or family element ``z_k`` → :mod:`.scalar`
  (indexed families get Kronecker deltas, resolved by :mod:`.indexed`);
* a family ``z`` (``IndexedBase``) → the element ``z_k`` with a fresh index ``k``;
* scalar (1×1) matrix expression, matrix ``W`` → gradient in the ML layout (W's shape);
* column-vector expression, column vector ``x`` → Jacobian ``∂y_i/∂x_j``.

Every result is simplified within the ``steps`` budget (counted steps); when simplification gives
up, the raw (still correct) derivative is returned with ``gave_up=True``.
"""

from __future__ import annotations

from dataclasses import dataclass

import sympy
from sympy import Indexed, IndexedBase, MatrixExpr, MatrixSymbol

from symdl.config import DEFAULT, Config
from symdl.differentiate.elementwise import simplify_elementwise
from symdl.differentiate.indexed import fresh_index
from symdl.differentiate.jacobian import hessian as _hessian
from symdl.differentiate.jacobian import jacobian
from symdl.differentiate.matrix import gradient
from symdl.differentiate.matrix_extra import matrix_form
from symdl.differentiate.rules import STRUCTURAL_RULES
from symdl.differentiate.scalar import Step, derive_with_steps, express_through_concepts, readable
from symdl.errors import InvalidInput, NotSupported
from symdl.formula import Formula, Statement
from symdl.printers import Shown
from symdl.simplify import part
from symdl.untrusted import expression


@dataclass(frozen=True, repr=False)
class Derivation(Shown):
    """The result of :func:`diff`.

    Attributes:
        expr: the derivative, simplified when simplification finished in time.
        of: the expression that was differentiated.
        wrt: the variable (``z_k`` for a family ``z``).
        steps: ``(description, rule, expression)`` steps, innermost first; the last
            steps are the whole derivative, its simplification and concept form.
        gave_up: simplification hit its time/size bound (``expr`` is then unsimplified).
        raw: the derivative before simplification.
        expressed: the derivative written through a concept (``σ(z)(1 − σ(z))``,
            ``p_k − y_k``), or None when no concept applies.
        concepts: names of the concepts used in ``expressed``.
        assumptions: assumptions ``expressed`` relies on (``expr`` needs none beyond
            the stated index range).
        index: the fresh index introduced when differentiating by a whole family.
    """

    expr: sympy.Basic
    of: sympy.Basic
    wrt: sympy.Basic
    steps: tuple[Step, ...]
    gave_up: bool
    raw: sympy.Basic
    expressed: sympy.Basic | None = None
    concepts: tuple[str, ...] = ()
    assumptions: tuple[str, ...] = ()
    index: sympy.Symbol | None = None

    @property
    def best(self) -> sympy.Basic:
        """The concept form when there is one and it needs no assumption, else ``expr``.

        ``expr`` itself is always in the differentiated expression's own variables; the
        concept form may name new ones (``p`` for a softmax output).
        """
        if self.expressed is not None and not self.assumptions:
            return self.expressed
        return self.expr


#: SymPy's messages when a matrix ends up where a number is expected.
_MATRIX_MIX = ("noncommutative scalars in MatMul", "Mix of Matrix and Scalar symbols")


def _indexed_definition(lhs: Indexed, rhs: sympy.Basic) -> tuple[IndexedBase, sympy.Lambda]:
    indices = lhs.indices
    if len(set(indices)) != len(indices) or not all(isinstance(i, sympy.Symbol) for i in indices):
        raise NotSupported(
            f"defining {lhs} element by element needs distinct index letters",
            hint="write the subscript as distinct indices (p_{ij}), or wrap a name in \\text{...}",
        )
    return lhs.base, sympy.Lambda(indices, rhs)


def compose(formula: Formula) -> sympy.Basic:
    """The formula's value with earlier named quantities replaced by their definitions.

    ``p_i = e^{z_i}/Σ_j e^{z_j} \\\\ L = -Σ_i y_i log p_i`` becomes one expression in z and y.
    """
    value: sympy.Basic | None = None
    scalar_defs: dict[sympy.Basic, sympy.Basic] = {}
    family_defs: dict[IndexedBase, sympy.Lambda] = {}
    for st in formula.statements:
        rhs = st.rhs.xreplace(scalar_defs) if scalar_defs else st.rhs
        for base, fn in family_defs.items():
            rhs = rhs.replace(
                lambda e, base=base: isinstance(e, Indexed) and e.base == base,
                lambda e, fn=fn: fn(*e.indices),
            )
        value = rhs
        if st.kind in ("assignment", "definition") and st.lhs is not None and st.kind != "update":
            if isinstance(st.lhs, Indexed):
                base, fn = _indexed_definition(st.lhs, rhs)
                family_defs[base] = fn
            elif isinstance(st.lhs, sympy.Symbol | MatrixSymbol):
                scalar_defs[st.lhs] = _as_shape_of(st.lhs, rhs, formula.source, st)
    assert value is not None
    return value


def _as_shape_of(lhs: sympy.Basic, rhs: sympy.Basic, source: str, st: Statement) -> sympy.Basic:
    """``rhs`` in a form that may stand where ``lhs`` stands: a scalar defining a 1×1 matrix becomes ``rhs·I₁``."""
    if not isinstance(lhs, MatrixSymbol) or getattr(rhs, "is_Matrix", False):
        return rhs
    if lhs.shape == (1, 1):
        try:
            return rhs * sympy.Identity(1)
        except (NotImplementedError, TypeError) as exc:  # σ Σ_j (w^T + b): a sum of 1×1 matrices, not a number
            raise NotSupported(
                f"{lhs} is defined by a number built of matrices (a sum of 1×1 matrices): it cannot stand as a 1×1 "
                "matrix",
                source=source,
                span=st.span,
                hint="write the sum's body as numbers (w_j + b) or declare the shapes",
            ) from exc
    raise InvalidInput(
        f"{lhs} is used as a {lhs.shape[0]}×{lhs.shape[1]} matrix but defined by a scalar",
        source=source,
        span=st.span,
        hint="write the definition with the same shape as its uses, or declare the name's shape",
    )


def resolve_wrt(formula: Formula | None, expr: sympy.Basic, wrt: object) -> sympy.Basic:
    """Turn a spelling key, Symbol, IndexedBase, Indexed or MatrixSymbol into the variable."""
    if isinstance(wrt, str):
        table = dict(formula.symbols) if formula is not None else {}
        by_name = {getattr(s, "name", str(s)): s for s in expr.free_symbols}
        by_name.update({str(b.label): b for b in expr.atoms(IndexedBase)})
        found = table.get(wrt, by_name.get(wrt))
        if found is None:
            known = ", ".join(sorted(set(table) | set(by_name))) or "none"
            raise InvalidInput(f"unknown variable {wrt!r}", hint=f"differentiate by one of: {known}")
        wrt = found
    if isinstance(wrt, IndexedBase):  # the whole family: an element with as many fresh indices as it is used with
        rank = max((len(e.indices) for e in expr.atoms(Indexed) if e.base == wrt), default=1)
        indices: list[sympy.Symbol] = []
        for name in ("k", "l", "q", "r")[:rank]:
            indices.append(fresh_index(sympy.Tuple(expr, *indices), name))
        if len(indices) < rank:
            raise NotSupported(f"differentiating by a family with {rank} indices", hint="name one element: w_{kl}")
        return wrt[tuple(indices)]
    if isinstance(wrt, sympy.Symbol | Indexed | MatrixSymbol):
        return wrt
    raise NotSupported(f"cannot differentiate with respect to {wrt!r}")


def _entries_of(expr: sympy.Basic, var: sympy.Basic) -> IndexedBase | None:
    """The entries of the vector ``var`` when ``expr`` holds them instead of the vector (a dot product with a
    vector of a family, read as a sum over entries); a formula holding both is refused: its gradient would miss
    one of the two."""
    if not isinstance(var, MatrixSymbol) or var.shape[1] != 1:
        return None
    twins = [b for b in expr.atoms(IndexedBase) if str(b.label) == var.name]
    if not twins:
        return None
    if var in expr.free_symbols or var in expr.atoms(MatrixSymbol):
        raise NotSupported(
            f"the gradient by {var.name}, written both as a vector and through its entries in this formula",
            hint="write every product with a family of vectors as a sum over entries, or all of it with matrices",
        )
    return twins[0]


def _matrix_diff(expr: sympy.Basic, wrt: sympy.Basic, config: Config) -> Derivation:
    shape = expr.shape if getattr(expr, "is_Matrix", False) else (1, 1)  # Indexed.shape raises without ranges
    if tuple(shape) == (1, 1):
        raw, names = gradient(expr, wrt)
        kind = "gradient (ML layout: shaped like the variable)"
    elif shape[1] == 1 and wrt.shape[1] == 1:
        raw, names = jacobian(expr, wrt)
        kind = "Jacobian ∂y_i/∂x_j"
    else:
        raise NotSupported(f"derivative of a {shape} matrix by a {wrt.shape} matrix (a 4-index tensor)")
    simplified, gave_up = simplify_elementwise(raw)
    steps = [Step(f"{kind} of {expr} by {wrt}", "; ".join(names), raw, expr)]
    if simplified != raw:
        steps.append(Step("simplify entry by entry", STRUCTURAL_RULES["simplify"].name, simplified))
    return Derivation(simplified, expr, wrt, tuple(steps), gave_up, raw)


def diff(formula_or_expr: Formula | sympy.Basic, wrt: object, *, config: Config = DEFAULT) -> Derivation:
    """Differentiate a formula (its value, definitions substituted) or an expression.

    Args:
        formula_or_expr: a :class:`~symdl.formula.Formula` or a SymPy expression.
        wrt: the variable: a spelling key of ``formula.symbols`` (``"z"``, ``"W^{[1]}"``),
            a Symbol, an Indexed (``z[k]``), an IndexedBase (a fresh ``k`` is used) or a
            MatrixSymbol.
        config: options (its ``budgets`` bound each simplification).

    Returns:
        A :class:`Derivation`.

    Raises:
        InvalidInput: ``wrt`` names no variable of the formula.
        NotSupported: a construct without a differentiation rule.
    """
    formula = formula_or_expr if isinstance(formula_or_expr, Formula) else None
    expr = compose(formula) if formula is not None else expression(formula_or_expr, "the formula")
    var = resolve_wrt(formula, expr, wrt)
    entries = _entries_of(expr, var)
    if entries is not None:  # w^T x^{(i)} was read as \sum_k w_k x_{i,k}: the gradient entry by entry, ∂/∂w_k
        var, wrt = resolve_wrt(formula, expr, entries), entries
    index = var.indices[0] if isinstance(var, Indexed) and isinstance(wrt, IndexedBase | str) else None
    if isinstance(var, MatrixSymbol) or isinstance(expr, MatrixExpr):
        if not isinstance(var, MatrixSymbol):
            raise NotSupported("differentiating a matrix expression by a scalar is not supported yet")
        return _matrix_diff(matrix_form(expr), var, config)
    try:
        raw, steps = derive_with_steps(expr, var)
    except (TypeError, NotImplementedError) as exc:
        if not any(m in str(exc) for m in _MATRIX_MIX):
            raise
        raise NotSupported(
            "this formula mixes matrices into a scalar expression in a way symdl cannot differentiate",
            hint="check bold letters and sums of matrices inside scalar functions (log, exp, ...)",
        ) from None
    result, gave_up = readable(raw)
    steps.append(Step(f"d/d{var} of the whole expression", "result", raw, expr))
    if result != raw:
        steps.append(Step("simplify", STRUCTURAL_RULES["simplify"].name, result))
    expressed, concepts, assumptions = express_through_concepts(
        (raw, result), expr
    )
    if expressed is not None:
        expressed, _ = readable(expressed, steps=part(None, 0.5))
        rule = f"{STRUCTURAL_RULES['concept'].name}: {', '.join(concepts)}"
        steps.append(Step("express through concepts", rule, expressed))
        introduces = expressed.atoms(IndexedBase) - expr.atoms(IndexedBase)
        if not assumptions and not introduces and sympy.count_ops(expressed) <= sympy.count_ops(result):
            result = expressed
    return Derivation(result, expr, var, tuple(steps), gave_up, raw, expressed, concepts, assumptions, index)


def hessian(formula_or_expr: Formula | sympy.Basic, wrt: object, *, config: Config = DEFAULT) -> Derivation:
    """The Hessian ``∂²f/∂x_i∂x_j`` of a number ``f`` by a column vector ``x`` (the Jacobian of the gradient).

    Raises:
        InvalidInput: ``wrt`` names no variable of the formula.
        NotSupported: ``wrt`` is not a column vector, ``f`` not a number, or a construct without a rule.
    """
    formula = formula_or_expr if isinstance(formula_or_expr, Formula) else None
    expr = compose(formula) if formula is not None else expression(formula_or_expr, "the formula")
    var = resolve_wrt(formula, expr, wrt)
    if not isinstance(var, MatrixSymbol) or var.shape[1] != 1:
        raise NotSupported(f"the Hessian by {var} (symdl computes Hessians by column vectors)")
    expr = matrix_form(expr)
    raw, names = _hessian(expr, var)
    simplified, gave_up = simplify_elementwise(raw)
    steps = [Step(f"Hessian ∂²f/∂x_i∂x_j of {expr} by {var}", "; ".join(names), raw, expr)]
    return Derivation(simplified, expr, var, tuple(steps), gave_up, raw)
