"""Stage 2, bind: placeholders → the SymPy objects a deep-learning reader means.

:func:`bind` takes the reader's statements and produces the public
:class:`~symdl.formula.Formula`: names become scalars, indexed families, time
series or matrices (see :mod:`symdl.bind.names` and :mod:`symdl.bind.shapes`),
calls become functions, and each statement gets its kind.  The work is done by a
:class:`~symdl.bind.binder.Binder` per formula; each construct the reader left a
placeholder for is one record of :data:`symdl.bind.placeholders.PLACEHOLDERS`.
"""

from __future__ import annotations

from typing import Any

import sympy

from symdl.bind.binder import Binder
from symdl.bind.boundsizes import bound_sizes
from symdl.bind.capitalmember import note_capital_members, note_overline_wholes
from symdl.bind.capitalnumbers import note_capital_numbers
from symdl.bind.guards import entries_fit, no_placeholder_left, sides_agree
from symdl.bind.identity_terms import identity_matrices
from symdl.bind.indexoutside import refuse_index_outside
from symdl.bind.leftindex import note_left_index_sums
from symdl.bind.memberletters import free_member_letters
from symdl.bind.named import apply_named
from symdl.bind.origins import note_zero_based, zero_based
from symdl.bind.setagain import note_set_again
from symdl.bind.sizedidentity import sized_identities
from symdl.bind.squareupdate import note_square_updates
from symdl.bind.startvalue import note_start_values
from symdl.bind.statements import make_statement
from symdl.bind.unusedindex import note_unused_left_indices
from symdl.bind.unusedparams import note_unused_parameters
from symdl.bind.variance import variance_variables
from symdl.bind.vectorsizes import vector_sizes
from symdl.config import DEFAULT, Config
from symdl.errors import InvalidInput, MemberNotRead, NotSupported, SymdlError
from symdl.formula import Formula
from symdl.read import ReadResult


def bind(rr: ReadResult, *, config: Config = DEFAULT) -> Formula:
    """Turn the reader's statements into a :class:`Formula`.

    A formula the family readings refuse (:class:`~symdl.errors.MemberNotRead`) whose families of bold vectors and
    matrices have an index free in the whole formula (Prince's ``\\mathbf{f}_k = \\boldsymbol\\beta_k +
    \\boldsymbol\\Omega_k \\mathbf{h}_k``) is read again with each member a name of its own
    (:mod:`symdl.bind.memberletters`, noted ``family-member-each``): bold members under one letter first, then plain
    ones and members under several letters; where those readings fail too, the first refusal stands.

    Raises:
        SymdlError: a name used inconsistently, shapes that do not fit, or an unsupported construct.
    """
    try:
        return _bind(rr, config, frozenset())
    except MemberNotRead as err:
        members, loose = free_member_letters(rr), free_member_letters(rr, loose=True)
        if not members and not loose:
            raise
        refusal = err
    for letters in dict.fromkeys((members, loose)):  # strict first, then loose
        if not letters:
            continue
        try:
            return _bind(rr, config, letters)
        except (NotSupported, InvalidInput):
            pass
    raise refusal from None


def _bind(rr: ReadResult, config: Config, members: frozenset[str]) -> Formula:
    """:func:`bind` with the index letters ``members`` read as parts of names (see :mod:`symdl.bind.memberletters`)."""
    b = Binder(rr, config, members)
    try:
        statements = [make_statement(b, st) for st in rr.statements]
    except SymdlError as err:
        if not err.source:  # raised where only positions are known (build.mul)
            err.source = rr.source
        raise
    except (TypeError, ValueError, AttributeError, KeyError, IndexError, sympy.ShapeError, NotImplementedError) as exc:
        span = rr.statements[0].span if rr.statements else None
        if "noncommutative scalars" in str(exc):  # SymPy met a number-valued factor it cannot order in a product
            raise MemberNotRead(
                "a matrix product with a factor symdl reads as a number but that must be a vector: an element of a "
                "family of vectors (\\mathbf{w}_k, x^{(i)}) or an unknown function of a vector (F(\\mathbf{x}))",
                source=rr.source,
                span=span,
                hint="write the family as a matrix (W\\mathbf{x}: its row k is \\mathbf{w}_k^T\\mathbf{x}), or name "
                "the function's value (\\mathbf{h} = F(\\mathbf{x}))",
            ) from None
        raise InvalidInput(
            f"cannot make sense of this formula ({exc})".replace("\n", " ")[:300],
            source=rr.source,
            span=span,
            hint="check the shapes of vectors and matrices, and that every function gets arguments",
        ) from None
    statements = bound_sizes(b, statements)  # GRPO's \sum_{t=1}^{|o_i|}: the length of o_i, a count (noted)
    statements = identity_matrices(b, statements)  # I - \frac{1}{n}\mathbf{1}\mathbf{1}^\top: the identity (noted)
    statements = sized_identities(b, statements)  # Shampoo's L_0 = \epsilon I_m: the m × m identity (noted)
    statements = vector_sizes(b, statements)  # numpy's y.shape[0] of a vector: its length n_1
    statements = variance_variables(b, statements)  # \partial \sigma_B^2: every \sigma_B^2 the variable (noted)
    no_placeholder_left(statements, rr)
    note_left_index_sums(b, statements)  # z_j = \sum_j a_j w_{jk}: a sum over the left side's own j (noted)
    note_square_updates(b, statements)  # Goodfellow's g \leftarrow W^{(k)\top} g: W square, a guess (noted)
    note_capital_numbers(b, statements)  # H = S_d H_d / \sqrt{d}: plain capitals read as numbers, a guess (noted)
    refuse_index_outside(b, statements)  # E = \frac{-1}{n} \sum_{n=1}^N: n outside its sum beside the count N
    note_set_again(b, statements)  # lr = ... \\ lr = learning\_rate: the later value replaces the earlier (noted)
    note_start_values(b, statements)  # z_{-1} = 0 \\ z_t = \gamma z_{t-1} + ...: the start of a loop (noted)
    note_unused_parameters(b, statements)  # DL4J's value(i) = ... iter ...: i never used (noted)
    note_unused_left_indices(b, statements)  # output_i = \sum_j data_j: i on the left only (noted)
    note_capital_members(b)  # NCSN's \sigma_i^2 / \sigma_L^2: \sigma_L a name of its own, or the last member (noted)
    note_overline_wholes(b)  # Aggarwal's E(\overline{h}, \overline{v}) beside v_i: maybe the vector of the v_i (noted)
    entries_fit(statements, rr)  # p = softmax(z), then p_{i,y_i}: a vector read by two indices
    sides_agree(statements, rr)  # \mathbf{y} = \mathbf{w}^T \mathbf{x}: a vector equal to a number
    kind = statements[0].kind if len(statements) == 1 else "system"
    free = _free_indices(statements, b)
    origins = zero_based(statements)
    note_zero_based(b, origins, statements)
    return apply_named(Formula(
        source=rr.source,
        kind=kind,
        statements=tuple(statements),
        symbols=dict(b.symbols),
        latex_names=dict(b.latex_names),
        shapes=dict(b.shapes),
        lengths=dict(b.lengths),
        indices=tuple(b.index_syms.values()),
        free_indices=free,
        time_series=dict(b.time_series),
        warnings=tuple(rr.repairs),
        notes=tuple(sorted(dict.fromkeys((*(n for n in rr.notes if (n.rule, n.span) not in b.superseded), *b.notes)),
                           key=lambda n: (n.span.start, n.span.end))),
        zero_based=frozenset(str(base.label) for base in origins),
        sampled=dict(b.sampled),
    ), config)


def _free_indices(statements: list[Any], b: Binder) -> tuple[sympy.Symbol, ...]:
    idx = set(b.index_syms.values())
    free: list[sympy.Symbol] = []
    for st in statements:
        written = [i for i in getattr(st.lhs, "indices", ()) if i in idx]  # \boldsymbol{\mu}_k[j]: k, then j
        for e in (st.rhs,) if st.lhs is None else (st.lhs, st.rhs):
            for s in [*written, *sorted(e.free_symbols & idx, key=str)]:
                if s not in free:
                    free.append(s)
    return tuple(free)
