"""Two terms a sum cancels that the formula writes as the same call twice: FixMatch's and the Π-model's
consistency ``\\|p_{\\mathrm{m}}(y \\mid \\alpha(u_b)) - p_{\\mathrm{m}}(y \\mid \\alpha(u_b))\\|_2^2``, where
each call is a fresh random draw (an augmentation, a dropout pass).  Read as one value, the terms cancel to 0; that
reading stays (symdl reads calls as functions, one value for one argument), noted ``terms-cancel`` so it is never
silent."""

from __future__ import annotations

import itertools
from collections.abc import Callable

import sympy

from symdl.errors import Note, Span
from symdl.read.notes import note, quote


def note_cancelled(args: tuple[sympy.Basic, ...], terms: list[sympy.Basic], span: Callable[[sympy.Basic], Span | None],
                   source: str, notes: list[Note]) -> None:
    """Note the first pair of ``terms`` (read from the reader's ``args``) that cancel and apply an unknown function."""
    for (a, ta), (b, tb) in itertools.combinations(zip(args, terms, strict=True), 2):
        if isinstance(ta, sympy.MatrixExpr) or isinstance(tb, sympy.MatrixExpr):
            continue  # (arrays are never cancelled unread: sympy keeps their difference)
        if ta.atoms(sympy.core.function.AppliedUndef) and (ta + tb) == 0:
            first, second = span(a), span(b)
            if first is None or second is None:
                continue
            whole = Span(min(first.start, second.start), max(first.end, second.end))
            notes.append(note("terms-cancel", whole, {"text": quote(source[first.start : first.end], 60)}))
            return
