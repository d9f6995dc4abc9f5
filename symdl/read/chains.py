r"""A chain of comparisons, ``0 \le p \le 1``: the comparisons between neighbours, each a statement.

A probability's range (``0 \le p_i \le 1, \quad \sum_i p_i = 1``), a clipped ratio's bounds (``1 - \epsilon \le r
\le 1 + \epsilon``) and a step-size condition are written as one chain; the chain asserts that every neighbouring
pair compares so, as mathematics reads it.  Each pair becomes an inequality statement of its own
(``0 \le p`` and ``p \le 1``), the middle operand written in both, noted once (rule ``comparison-chain``), where
the chain is a side condition of another statement of the formula, or where it bounds a computed value.  A range
of a name alone (``0 \le p \le 1``) stays refused by :func:`symdl.read.statements.comparison_positions`.  A chain
of relations of several kinds (``a = b \le c``, ``y \leftarrow b \equiv c``) is split between neighbours by
:func:`split_mixed_relations` (rule ``relation-chain``).
"""

from __future__ import annotations

from itertools import pairwise

from symdl.errors import Note, Span
from symdl.read.callorproduct import bare_atom
from symdl.read.lexer import Token
from symdl.read.notes import note, quote
from symdl.read.statements import COMPARISONS, EQUALS, FORWARD_ARROWS, UPDATE_ARROWS, relation_positions
from symdl.read.syntax import Node, seq_span, strip_space


def _comparisons(part: list[Node]) -> list[int]:
    return [k for k, n in enumerate(part) if isinstance(n, Token) and n.text in COMPARISONS and n.kind != "letter"]


def _bounds_a_value(part: list[Node], source: str) -> bool:
    """Is some operand of this chain of comparisons more than one name or number (a computed value it bounds)?"""
    where = _comparisons(part)
    if any(part[k].text == "\\propto" for k in where):  # type: ignore[union-attr]
        return False  # p(x) \propto q(x) \propto e^{-x}: proportional to what, up to which constant, stays refused
    operands = [strip_space(part[a + 1 : b]) for a, b in pairwise([-1, *where, len(part)])]
    return any(m and bare_atom(m, source) is None and not (  # IWAE's \log p(x) \ge \mathcal{L}_{k+1} \ge \mathcal{L}_k
        len(m) <= 2 and all(isinstance(n, Token) and (n.kind == "number" or n.is_op("-")) for n in m))
        for m in operands)  # a number at an end (0 \le p \le 1) bounds no value


def split_chains(parts: list[list[Node]], source: str, notes: list[Note]) -> list[list[Node]]:
    """Each part that is a chain of two or more comparisons (and no equality) beside a part that is not, split into
    its neighbouring pairs, noted; other parts as they were.  A formula that is only ranges of names (``0 \\le p
    \\le 1``) states no quantity and stays refused by name (:func:`symdl.read.statements.comparison_positions`);
    one that bounds a computed value (the log-sum-exp's ``\\max\\{x_1, \\ldots, x_n\\} \\le \\log(e^{x_1} +
    \\cdots + e^{x_n}) \\le \\max\\{...\\} + \\log n``) states it and is split."""
    chains = [len(_comparisons(p)) > 1 and relation_positions(p)[1] == "none" for p in parts]
    if all(chains) and not any(_bounds_a_value(p, source) for p in parts):
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


def _relation_kind(part: list[Node], k: int) -> str:
    """The kind of the top-level relation at ``part[k]``: ``=`` (an equality, ``:=`` included), ``update`` (an
    arrow), ``compare`` (an inequality), or '' for no relation."""
    n = part[k]
    if not isinstance(n, Token):
        return ""
    if n.is_op("=") or (n.kind == "cmd" and n.text in EQUALS):
        return "="
    if n.kind == "cmd" and n.text in UPDATE_ARROWS:
        return "update"
    return "compare" if n.text in COMPARISONS and n.kind != "letter" else ""


def split_mixed_relations(parts: list[list[Node]], source: str, notes: list[Note]) -> list[list[Node]]:
    r"""A statement whose relations are of more than one kind, an equality beside a bound (Nielsen's
    ``\sigma'(z) = \sigma(z)(1 - \sigma(z)) \le \frac{1}{4}``, the β-VAE's ``\mathcal{F} \geq \mathcal{L} = ...``)
    or beside an update (Ioffe & Szegedy's ``y_i \leftarrow \gamma \widehat{x}_i + \beta \equiv
    \mathrm{BN}_{\gamma,\beta}(x_i)``), as the statements between neighbours: a run of equalities stays one chain,
    each other relation joins its two neighbours, noted (rule ``relation-chain``).  Two updates in one statement,
    and an equality before an update (``a = b \leftarrow c``: which name is set?), are left to the statement reader,
    which refuses them."""
    out: list[list[Node]] = []
    for part in parts:
        pieces = _mixed_pieces(part)
        if pieces is None:
            out.append(part)
            continue
        span = seq_span(strip_space(part), Span(0, 0))
        texts = [quote(source[seq_span(p, span).start : seq_span(p, span).end]) for p in pieces]
        notes.append(
            note(
                "relation-chain",
                span,
                {"chain": quote(source[span.start : span.end], 60), "pieces": " and ".join(texts)},
            )
        )
        out.extend(pieces)
    return out


def _mixed_pieces(part: list[Node]) -> list[list[Node]] | None:
    """The statements of a statement with relations of several kinds, or None for any other statement."""
    where = [(k, kind) for k in range(len(part)) if (kind := _relation_kind(part, k))]
    arrow = next((k for k, n in enumerate(part) if isinstance(n, Token) and n.text in FORWARD_ARROWS), None)
    if arrow is not None and where and arrow < where[0][0] and bare_atom(strip_space(part[:arrow]), ""):
        value = strip_space(part[arrow + 1 : where[0][0]])  # a computed value, not a name (w \to u = 2, w \to w')
        if value and bare_atom(value, "") is None and not (isinstance(value[-1], Token) and value[-1].is_op("'")):
            where.insert(0, (arrow, "update"))  # Nielsen's w \rightarrow w - ... = (1 - ...) w - ...: an update first
    kinds = [kind for _, kind in where]
    if len(set(kinds)) < 2 or kinds.count("update") > 1 or ("update" in kinds and kinds[0] != "update"):
        return None
    starts = [0] + [k + 1 for k, _ in where]  # operand m runs from starts[m] to the next relation
    ends = [k for k, _ in where] + [len(part)]
    ends = [e - 1 if e < len(part) and _colon_before(part, e) else e for e in ends]  # := : the colon is the relation's
    pieces: list[list[Node]] = []
    m = 0
    while m < len(where):
        last = m
        while kinds[m] == "=" and last + 1 < len(where) and kinds[last + 1] == "=":
            last += 1  # a run of equalities: one chain
        piece = strip_space(part[starts[m] : ends[last + 1]])
        if not strip_space(part[starts[m] : ends[m]]) or not strip_space(part[starts[last + 1] : ends[last + 1]]):
            return None  # an operand missing: the statement reader refuses it where it is
        pieces.append(piece)
        m = last + 1
    return pieces


def _colon_before(part: list[Node], k: int) -> bool:
    return k > 0 and isinstance(part[k - 1], Token) and part[k - 1].is_op(":")  # type: ignore[union-attr]
