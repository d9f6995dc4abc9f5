"""The kind of each statement: expression, assignment, update, definition, equation, inequality or
proportionality."""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING

import sympy

from symdl.bind.families import no_added_members, no_loose_vectors
from symdl.bind.images import no_loose_images
from symdl.bind.meanings import note_differing_definition
from symdl.bind.memberrows import no_loose_concats
from symdl.bind.memberwise import by_entries
from symdl.bind.shifted import entry_definition
from symdl.errors import InvalidInput, NotSupported, ResourceLimit
from symdl.formula import COMPARISON_SIGNS, Statement
from symdl.functions import Distribution
from symdl.read.statements import StatementSyntax
from symdl.read.syntax import placeholder_id

if TYPE_CHECKING:
    from symdl.bind.binder import Binder

NAME_TYPES = (sympy.Symbol, sympy.MatrixSymbol, sympy.Indexed)


def _is_target(e: sympy.Basic) -> bool:
    """What an update may assign: a name, or a function's value at a point (``V(s) \\leftarrow ...``)."""
    return _is_name(e) or isinstance(e, sympy.core.function.AppliedUndef)


def _is_name(e: sympy.Basic) -> bool:
    return isinstance(e, NAME_TYPES) or (isinstance(e, sympy.Transpose) and isinstance(e.arg, sympy.MatrixSymbol))


def _written_in(e: sympy.Basic, target: sympy.Basic) -> bool:
    """Is ``target`` in ``e`` other than as the name of a family (``L`` of ``L_n``, unless the target is an entry)?"""
    if e == target:
        return True
    if isinstance(e, sympy.IndexedBase) and not target.has(e):
        return False
    return any(_written_in(a, target) for a in e.args if isinstance(a, sympy.Basic))


def _previous(b: Binder, target: sympy.Basic, rhs: sympy.Basic) -> sympy.Basic | None:
    """The symbol on the right standing for the target's previous value, if any.

    ``v = \\beta v + ...`` → ``v``; ``v_t = \\gamma v_{t-1} + ...`` → ``v_{t-1}``;
    ``\\theta_{t+1} = \\theta_t - ...`` → ``\\theta_t`` (the latest earlier time on the right).
    """
    if _written_in(rhs, target):  # L = \frac{1}{N}\sum_n w_n L_n: the family L's name is no earlier L
        return target
    for series in b.time_series.values():
        now = [off for off, sym in series.items() if sym == target]
        if now:
            for off in sorted(series, reverse=True):
                if off < now[0] and rhs.has(series[off]):
                    return series[off]
            for off in sorted(series):  # Sutton & Barto's G_t = R_{t+1} + \gamma G_{t+1}: run backwards from the end
                if off > now[0] and rhs.has(series[off]):
                    return series[off]
    return None


def make_statement(b: Binder, st: StatementSyntax) -> Statement:
    """The statement ``st`` bound, its left side's source kept as written (``\\mathbf{c}_t``, even when it is read
    entry by entry at an index symdl chose: family-rows)."""
    out = _make_statement(b, st)
    if out.lhs is None or len(st.sides) < 2:
        return out
    span = st.sides[0].span
    return dataclasses.replace(out, lhs_latex=b.source[span.start : span.end].strip())


def _letters(e: sympy.Basic) -> set[str]:
    """The names a side is written in: its values' names (not indices, sizes or a sum's bounds), families and unknown
    functions."""
    bounds = {s for n in e.atoms(sympy.Sum, sympy.Product) for lim in n.limits for b in lim[1:] for s in b.free_symbols}
    out = {str(getattr(s, "name", s)) for s in e.free_symbols - bounds
           if not getattr(s, "is_integer", False) and not isinstance(s, sympy.Indexed)}
    out |= {str(a.base.label) for a in e.atoms(sympy.Indexed)}
    return out | {f.func.__name__ for f in e.atoms(sympy.core.function.AppliedUndef)}


def _note_chain_value(b: Binder, st: StatementSyntax, lhs: sympy.Basic, rhs: sympy.Basic,
                      aliases: tuple[sympy.Basic, ...]) -> None:
    """A chain a = b = c whose middle side is a form of its own (not a further name, and written with a name the
    last side does not use): the last side is the value; the middle ones are kept, unused and unchecked (noted)."""
    last = _letters(rhs)
    forms = [a for a in aliases if not _is_name(a) and not isinstance(a, sympy.core.function.AppliedUndef)
             and _letters(a) - last]  # no letter of its own: the value rewritten (Nielsen's ∇C·∇C = ‖∇C‖²)
    if not forms:
        return
    b._note("chain-value", st.span, lhs=str(lhs), middle="; ".join(map(str, forms)))


def _as_row(b: Binder, st: StatementSyntax, n: int, side: sympy.Basic) -> sympy.Basic:
    """Side ``n`` as the shape pass read it: a gradient by a vector set equal to a row is its transpose
    (``numerator-layout``, Deisenroth et al.'s and Parr & Howard's convention), noted."""
    if (st.span.start, n) not in b.numerator_layout or not getattr(side, "is_Matrix", False):
        return side
    span = st.sides[n].span
    b._note("numerator-layout", span, text=b.source[span.start : span.end])
    return sympy.Transpose(side)


def _vector_valued_call(b: Binder, st: StatementSyntax, sides: list[sympy.Basic]) -> list[sympy.Basic]:
    """A derivative of a vector by a number set equal to an unknown function's value (Chen et al.'s neural ODE
    ``\\frac{d\\mathbf{h}(t)}{dt} = f(\\mathbf{h}(t), t, \\theta)``): the value is vector-valued, of the left side's
    shape, named as written (noted ``function-vector-value``); read as a number it made a vector equal to a number."""
    if len(sides) != 2 or st.relation not in ("=", "define"):
        return sides
    lhs, rhs = sides
    if not (isinstance(lhs, sympy.MatrixSymbol) and tuple(lhs.shape) != (1, 1) and lhs.name.startswith("d")
            and isinstance(rhs, sympy.core.function.AppliedUndef)):
        return sides
    span = st.sides[1].span
    text = b.source[span.start : span.end].strip()
    value = sympy.MatrixSymbol(str(rhs), *lhs.shape)
    b.latex_names.setdefault(value, text)
    b.symbols.setdefault(text.replace(" ", ""), value)  # given by its spelling, as a gradient's value
    b._note("function-vector-value", span, name=str(rhs.func))
    return [lhs, value]


def _make_statement(b: Binder, st: StatementSyntax) -> Statement:
    try:
        sides = [b.conv(s) for s in st.sides]
        sides = [_as_row(b, st, n, side) for n, side in enumerate(sides)]
    except ResourceLimit as err:  # a budget refused inside: show it on this statement
        if not err.source:
            err.source, err.span = b.rr.source, st.span
        raise
    if st.relation in ("=", "define", "none", "update"):  # \sum_i \alpha_i \mathbf{v}_i: entry by entry
        sides = by_entries(b, sides, st.span)
    sides = _vector_valued_call(b, st, sides)  # a neural ODE's \frac{d\mathbf{h}}{dt} = f(\mathbf{h}, t): f's value
    no_loose_concats(b, sides, st.span)  # z_i = [x_i; y]: a longer vector per member, not after a row or matrix
    no_loose_images(b, sides, st.span)  # s = W x_i, f(x_i, W, b) = W x_i + b: no member on the left
    no_added_members(b, sides, st.span)  # k(x - x_n): a member added to a vector, not read by entries
    no_loose_vectors(b, sides, st.span)  # V h^{(t)}: one vector of a family is no number
    labels = dict(b.labels)
    b.labels.clear()
    if st.relation == "none":  # the PyTorch docs' \mathcal{N}(0, std^2) alone: a distribution (no name drawn)
        kind = "distribution" if isinstance(sides[0], Distribution) else "expression"
        return Statement(kind, None, sides[0], st.latex, st.span, labels=labels)
    lhs, rhs = sides[0], sides[-1]
    entry_definition(b, st, lhs)  # p_{i,2j} = \sin(...): entries at computed positions (noted)
    if st.relation in COMPARISON_SIGNS:  # |\Delta_t| \le \alpha, w \propto S^{-1} d: asserted, not assigned
        kind = {"propto": "proportionality", "sim": "distribution"}.get(st.relation, "inequality")
        return Statement(kind, lhs, rhs, st.latex, st.span, labels=labels, relation=st.relation,
                         target=lhs if st.relation == "sim" else None)  # W \sim U[-a, a]: W is drawn
    if (isinstance(lhs, sympy.Indexed) and len(lhs.indices) >= 2 and getattr(rhs, "is_Matrix", False)
            and tuple(rhs.shape) != (1, 1)):  # (Bahdanau's h_j = [...]: one index, a family of vectors, read)
        raise NotSupported(  # Glow's actnorm \mathbf{y}_{i,j} = \mathbf{s} \odot \mathbf{x}_{i,j} + \mathbf{b}:
            "an entry set equal to a vector or matrix (a vector at each index, as a channel vector per pixel)",
            source=b.source, span=st.span,  # a vector per position; read, one entry would hold it, silently
            hint="write it for one channel, with scalars (y_{i,j} = s x_{i,j} + b), or name each index's vector")
    aliases = tuple(sides[1:-1])
    _note_chain_value(b, st, lhs, rhs, aliases)
    first = st.sides[0].expr
    k = placeholder_id(first)
    is_call = k is not None and b.ph[k].kind in ("call", "entry")  # \sigma(\mathbf{z})_i = ...: a definition
    if st.relation == "update":
        if not _is_target(lhs):
            raise InvalidInput(
                "the left side of an update must be a name",
                source=b.source,
                span=st.sides[0].span,
                hint="write  W \\leftarrow W - \\alpha g",
            )
        prev = _previous(b, lhs, rhs) or lhs
        return Statement(
            "update", lhs, rhs, st.latex, st.span, target=lhs, previous=prev, aliases=aliases, labels=labels
        )
    if is_call and st.relation == "=" and _definition_params(lhs) and _used_elsewhere(lhs, rhs):
        b._note("function-equation", st.sides[0].span, name=str(lhs.func))  # p(x|y) = \int p(x|z) p(z|y) dz
        return Statement("equation", lhs, rhs, st.latex, st.span, aliases=aliases, labels=labels)
    if is_call and _definition_params(lhs):
        lhs = _whole_call(lhs)  # h_{W,b}(X) = \phi(XW + b): h of X, not h of each entry
        if getattr(rhs, "is_Matrix", False) and tuple(rhs.shape) != (1, 1) and not _matrix_params(lhs):
            raise NotSupported(
                "a function whose value is a vector or matrix (symdl's defined functions are numbers)",
                source=b.source,
                span=st.span,
                hint="name the value instead (h = W x + b); and check for bold letters: \\mathbf e is a vector, "
                "e^{-x} the exponential",
            )
        if isinstance(lhs, sympy.core.function.AppliedUndef):  # f(x, y) = x y \\ \frac{\partial f}{\partial x} = y
            b.function_params.setdefault(lhs.func.__name__, lhs.args)
        note_differing_definition(b, first, lhs, rhs)  # \sigma(x) = \max(0, \min(1, ...)): its own (noted)
        return Statement(
            "definition",
            lhs,
            rhs,
            st.latex,
            st.span,
            target=_function_of(lhs),
            params=_definition_params(lhs),
            aliases=aliases,
            labels=labels,
        )
    if _is_name(lhs):
        prev = _previous(b, lhs, rhs)
        if prev is not None:
            return Statement(
                "update",
                lhs,
                rhs,
                st.latex,
                st.span,
                target=lhs,
                previous=prev,
                aliases=aliases,
                labels=labels,
            )
        return Statement("assignment", lhs, rhs, st.latex, st.span, target=lhs, aliases=aliases, labels=labels)
    return Statement("equation", lhs, rhs, st.latex, st.span, aliases=aliases, labels=labels)


def _used_elsewhere(lhs: sympy.Basic, rhs: sympy.Basic) -> bool:
    """Does the right side integrate the density the left side calls at other arguments (the posterior predictive
    ``p(x_{new}|x) = \\int p(x_{new}|z) p(z|x) dz``, a marginalisation identity)?  (A product of conditionals,
    DDPM's ``q(x_{1:T}|x_0) := \\prod_t q(x_t|x_{t-1})``, and Bellman's ``V(s) = ... V(s')`` stay definitions.)"""
    if not isinstance(lhs, sympy.core.function.AppliedUndef) or not isinstance(rhs, sympy.Basic):
        return False
    if str(lhs.func) not in ("p", "q", "P", "Q"):
        return False
    return any(c.func == lhs.func and c != lhs for i in rhs.atoms(sympy.Integral)
               for c in i.function.atoms(sympy.core.function.AppliedUndef))


def _whole_call(lhs: sympy.Basic) -> sympy.Basic:
    """An unknown function applied to each entry of a vector or matrix, on the left of its definition, as the function
    of the whole argument (its value is the right side's, a layer's outputs); anything else as it is."""
    from sympy.matrices.expressions.applyfunc import ElementwiseApplyFunction

    if not isinstance(lhs, ElementwiseApplyFunction):
        return lhs
    body, (var,) = lhs.function.expr, lhs.function.variables
    if isinstance(body, sympy.core.function.AppliedUndef) and body.args == (var,):
        return body.func(lhs.expr)
    return lhs


def _definition_params(lhs: sympy.Basic) -> tuple[sympy.Basic, ...]:
    """The parameters of ``f(x, y)``/``sigma'(x)`` when they are all names, else ()."""
    from sympy.matrices.expressions.applyfunc import ElementwiseApplyFunction

    if (call := _entry_call(lhs)) is not None:  # softmax(x)_i = ...: entry i of softmax's value at the vector x
        return call.args if all(_is_name(a) or isinstance(a, sympy.IndexedBase) for a in call.args) else ()
    if isinstance(lhs, ElementwiseApplyFunction):
        return (lhs.expr,) if _is_name(lhs.expr) else ()
    if isinstance(lhs, sympy.Derivative):
        return tuple(v for v, _ in lhs.variable_count)
    if isinstance(lhs, sympy.Function) or isinstance(getattr(lhs, "func", None), sympy.FunctionClass):
        args = lhs.args
        if args and all(_is_name(a) for a in args):
            return tuple(args)
    return ()


def _matrix_params(lhs: sympy.Basic) -> bool:
    """Does the definition ``f(X, ...)`` take a vector or matrix?  Then its value may be one too:
    ``\\mathrm{Attention}(Q, K, V) = \\mathrm{softmax}(QK^T/\\sqrt{d_k})V``,
    ``f(\\mathbf x) = W\\mathbf x + \\mathbf b``.
    """
    params = _definition_params(lhs)  # RetNet's \text{Retention}(X) = (QK^\intercal \odot D)V: X the sequence's
    return any(getattr(p, "is_Matrix", False) or (isinstance(p, sympy.Symbol) and len(p.name) == 1  # matrix, its
               and p.name.isupper() and p.name.isascii()) for p in params)  # capital, where only Q, K, V are written


def _entry_call(lhs: sympy.Basic) -> sympy.Basic | None:
    """The call ``F(x)`` of a left side ``F(x)_i`` (an entry of the value being defined), else None."""
    if isinstance(lhs, sympy.Indexed) and isinstance(lhs.base.label, sympy.core.function.AppliedUndef):
        return lhs.base.label
    return None


def _function_of(lhs: sympy.Basic) -> sympy.Basic:
    lhs = _entry_call(lhs) or lhs
    if isinstance(lhs, sympy.Derivative):
        return lhs
    return lhs.func if hasattr(lhs, "func") else lhs
