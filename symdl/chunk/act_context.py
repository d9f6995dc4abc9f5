"""Where a ``max(0, ·)`` stands: the rule that tells a ReLU from a part of a larger construct.

A reader calls ``max(0, u)`` a ReLU when it is applied to an input as an activation.  The same ``max(0, ·)`` is
not "a ReLU layer" when it is a part of something larger that the formula defines (README, "Rules where two names
compete"):

* a SHIFTED OUTPUT: ``max(0, x) + 1`` adds a constant to the whole output, a different function;
* a THRESHOLD OF A MAGNITUDE: ``max(|x| − λ, 0)``, ``max(0, ‖v‖ − ε)`` (soft thresholding, shrinkage, the
  ε-insensitive loss) keep only the part of a size above a threshold;
* a MARGIN TERM OF A LOSS: ``[d_p − m]_+`` in a statement that defines a loss (``L``, ``\\mathcal{L}``, ``\\ell``,
  ``J``, ``\\text{loss}``), a difference of a distance or score and a margin;
* a BRANCH OF A CASES ON A LABEL: ``max(0, m − x_n)`` if ``y_n = −1`` (PyTorch's HingeEmbeddingLoss): a branch
  chosen by another variable, not the activation's own cases;
* a GUARD ON A DENOMINATOR: ``1/max(0, N − δN)`` (PyTorch's std with a correction): no activation divides;
* the FLOOR OF A CLAMP with a named upper bound: ``min(max(0, u), 2^b − 1)``, ``clamp(⌊x/s⌉ + z, 0, 2^b − 1)``
  (fake quantisation, Jacob et al. 2018): a clip into a range whose top is a quantity, not an activation (ReLU6's
  cap is a number: ``min(max(0, x), 6)`` stays a ReLU, as PyTorch names it).
"""

from __future__ import annotations

import sympy
from sympy import Abs, Max, Min, Piecewise

from symdl.chunk.algebra import leaves
from symdl.chunk.registry import Context
from symdl.functions import relu

#: how a loss is spelled on the left of its statement (the letter or word before any index)
_LOSS_HEADS = frozenset({"l", "\\ell", "j", "loss", "cost"})


def _inner(expr: sympy.Basic) -> sympy.Basic | None:
    """``u`` of ``max(0, u)`` / ``relu(u)``, else None."""
    if isinstance(expr, relu):
        return expr.args[0]
    if isinstance(expr, Max) and len(expr.args) == 2 and 0 in expr.args:
        return next(a for a in expr.args if a != 0)
    return None


def _parents(root: sympy.Basic, node: sympy.Basic) -> list[sympy.Basic]:
    """The nodes of ``root`` that hold ``node`` as a direct argument (of a Piecewise: as a branch's value)."""
    out = []
    for n in sympy.preorder_traversal(root):
        args = [pair.expr for pair in n.args] if isinstance(n, Piecewise) else n.args
        if any(a == node for a in args):
            out.append(n)
    return out


def _is_magnitude(term: sympy.Basic) -> bool:
    """``|u|`` or ``‖u‖`` (an Abs, or a norm as the reader writes it: a root of ``uᵀu``)."""
    from symdl.chunk.concepts_linalg import _norm_arg

    return isinstance(term, Abs) or _norm_arg(term) is not None


def _loss_target(ctx: Context) -> bool:
    """Does the statement define a loss, by the spelling of what it defines (``L_{\\text{contrastive}}``, ``\\ell``,
    ``\\text{loss}(x, y)``)?"""
    st = ctx.statement
    if st is None or st.target is None:
        return False
    target = st.target
    if isinstance(target, sympy.core.function.AppliedUndef):
        target = type(target)
    if isinstance(target, sympy.FunctionClass):  # a definition's call: loss(x, y) = ...
        target = sympy.Symbol(target.__name__)
    if not isinstance(target, sympy.Symbol | sympy.Indexed | sympy.MatrixSymbol):
        return False
    return ctx.head(target) in _LOSS_HEADS


def _difference(u: sympy.Basic) -> bool:
    """``a − b`` with two non-constant terms of opposite signs (a distance against a margin, two scores)."""
    parts = [t for t in sympy.Add.make_args(u) if t.free_symbols]
    return (
        len(parts) >= 2
        and any(t.could_extract_minus_sign() for t in parts)
        and any(not t.could_extract_minus_sign() for t in parts)
    )


def _shifted(parent: sympy.Basic, node: sympy.Basic) -> bool:
    return isinstance(parent, sympy.Add) and all(t == node or t.is_number for t in parent.args)


def _label_branch(parent: sympy.Basic, u: sympy.Basic) -> bool:
    if not isinstance(parent, Piecewise):
        return False
    conds = [c for _, c in parent.args if c is not sympy.true]
    return bool(conds) and all(not (set(leaves(c)) & set(leaves(u))) for c in conds)


def _denominator(parent: sympy.Basic) -> bool:
    return isinstance(parent, sympy.Pow) and parent.exp.is_number and parent.exp.is_negative


def _named_cap(node: sympy.Basic, inner: sympy.Basic) -> bool:
    """Is ``node`` a ``min(·, ·)`` holding ``inner`` (or, when ``node`` is ``inner``, any two-argument min) whose
    other argument, the cap, is not a number?"""
    if not isinstance(node, Min) or len(node.args) != 2:
        return False
    caps = [a for a in node.args if a != inner] if node is not inner else list(node.args)
    return bool(caps) and all(not c.is_number for c in caps)


def relu_part_of(expr: sympy.Basic, ctx: Context) -> str:
    """Why the ``max(0, ·)`` ``expr`` is a part of a larger construct rather than a ReLU; ``""`` when it is a ReLU
    (or not a ``max(0, ·)`` at all).  Reads the statement ``ctx`` is on; never text."""
    u = _inner(expr)
    if u is None:
        return ""
    terms = sympy.Add.make_args(u)
    mags = [t for t in terms if _is_magnitude(t)]
    if (
        len(mags) == 1
        and all(t in mags or (t.could_extract_minus_sign() and not t.has(*mags[0].free_symbols)) for t in terms)
        and len(terms) > 1
    ):
        return "a magnitude minus a threshold (soft thresholding, shrinkage): not a ReLU of an input"
    st = ctx.statement
    if st is not None and _difference(u) and _loss_target(ctx):
        return "the margin term of a loss: not a ReLU layer"
    if _named_cap(u, u):
        return "the floor of a clamp into a range with a named upper bound: a clip, not a ReLU"
    roots = [r for r in ((st.rhs, st.lhs) if st is not None else ()) if r is not None]
    for parent in (p for r in roots for p in _parents(r, expr)):
        if _named_cap(parent, expr):
            return "the floor of a clamp into a range with a named upper bound: a clip, not a ReLU"
        if _shifted(parent, expr):
            return "max(0, ·) plus a constant: a shifted function, not a ReLU"
        if _label_branch(parent, u):
            return "a branch of a cases chosen by another variable (a label): a loss's term, not a ReLU"
        if _denominator(parent):
            return "a guard on a denominator: no activation divides"
    return ""
