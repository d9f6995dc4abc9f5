"""What a gradient check compares: the function, the variable and the claim, resolved to one set of SymPy objects.

The formula and the claim are read again with the declared shapes (:func:`reread`), their names unified across fonts
(:func:`unify_names`, ``x`` for ``\\mathbf{x}``), the formula's intermediates substituted into its last statement and
into the claim (:func:`resolve`), and the claim's objects renamed to the formula's (:func:`aliased`).
:mod:`symdl.numeric.check` then decides.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import sympy

from symdl.config import LABEL, Config
from symdl.errors import InvalidInput
from symdl.formula import Formula, Label
from symdl.numeric.lower import free_indices
from symdl.numeric.names import (
    alias_note,
    align_shapes,
    check_same_kinds,
    font_alias,
    font_aliases,
    same_objects,
    shape_of,
)
from symdl.numeric.wholeentries import without_families
from symdl.untrusted import expression


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


def aliased(claim_expr: sympy.Basic, same: Mapping, names: Mapping) -> sympy.Basic:
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
    out.update(
        {
            key: ()
            for key, obj in formula.symbols.items()
            if type(obj) is sympy.Symbol and key not in out and "_" not in key and "^" not in key
        }
    )
    return out


def reread(f: object, claim: object, shapes: Mapping[str, tuple] | None, config: Config) -> tuple[object, object]:
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
        if (
            any(
                k in claim.symbols and claim.symbols[k] != f.symbols.get(aliases.get(k, k), claim.symbols[k])
                for k in known
            )
            or not all(isinstance(claim.symbols.get(k), Label) for k in labels)
            or any(k in claim.symbols and shape_of(claim.symbols[k]) not in (None, v) for k, v in declared.items())
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


def unify_names(f: object, wrt: object, claim: object) -> tuple[object, object, dict, list[str]]:
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
