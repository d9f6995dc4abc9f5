r"""A chain of comparisons, ``0 \le p \le 1``: the comparisons between neighbours, each a statement.

A probability's range (``0 \le p_i \le 1, \quad \sum_i p_i = 1``), a clipped ratio's bounds (``1 - \epsilon \le r
\le 1 + \epsilon``) and a step-size condition are written as one chain; the chain asserts that every neighbouring
pair compares so, as mathematics reads it.  Each pair becomes an inequality statement of its own
(``0 \le p`` and ``p \le 1``), the middle operand written in both, noted once (rule ``comparison-chain``), where
the chain is a side condition of another statement of the formula.  A chain alone, and one beside an equality
(``a = b \le c``), stay refused by :func:`symdl.read.statements.comparison_positions`.
"""

from __future__ import annotations

from itertools import pairwise

from symdl.errors import Note, Span
from symdl.read.lexer import Token
from symdl.read.notes import note, quote
from symdl.read.statements import COMPARISONS, relation_positions
from symdl.read.syntax import Node, seq_span, strip_space


def _comparisons(part: list[Node]) -> list[int]:
    return [k for k, n in enumerate(part) if isinstance(n, Token) and n.text in COMPARISONS and n.kind != "letter"]


def split_chains(parts: list[list[Node]], source: str, notes: list[Note]) -> list[list[Node]]:
    """Each part that is a chain of two or more comparisons (and no equality) beside a part that is not, split into
    its neighbouring pairs, noted; other parts as they were.  A formula that is only chains states no quantity and
    stays refused by name (:func:`symdl.read.statements.comparison_positions`)."""
    chains = [len(_comparisons(p)) > 1 and relation_positions(p)[1] == "none" for p in parts]
    if all(chains):
        return parts
    out: list[list[Node]] = []
    for part, chain in zip(parts, chains, strict=True):
        where = _comparisons(part)
        if not chain:
            out.append(part)
            continue
        bounds = [-1, *where, len(part)]
        pairs = [strip_space(part[bounds[k] + 1 : bounds[k + 2]]) for k in range(len(where))]
        if not all(strip_space(part[a + 1 : b]) for a, b in pairwise(bounds)):
            out.append(part)  # an operand missing (\le \le): the statement reader refuses it where it is
            continue
        span = seq_span(strip_space(part), Span(0, 0))
        texts = [
            quote(source[seq_span(strip_space(p), span).start : seq_span(strip_space(p), span).end]) for p in pairs
        ]
        notes.append(
            note(
                "comparison-chain",
                span,
                {"chain": quote(source[span.start : span.end], 60), "pairs": " and ".join(texts)},
            )
        )
        out.extend(pairs)
    return out
