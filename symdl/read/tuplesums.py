"""Sums over the members of a set or a sample written by the members themselves, rewritten to sums over an index.

- Members written with one index (prototypical networks' class mean ``\\frac{1}{|S_k|}\\sum_{(\\mathbf{x}_i, y_i) \\in
  S_k} f_\\phi(\\mathbf{x}_i)``, MAML's ``\\sum_{\\mathbf{x}^{(j)}, \\mathbf{y}^{(j)} \\sim \\mathcal{T}_i}`` and
  ``\\sum_{\\mathcal{T}_i \\sim p(\\mathcal{T})}``): the sum runs over that index, over the set (``i \\in S_k``) or,
  for a draw from a distribution, over the draws numbered from 1 (noted ``sum-over-indexed-members``).
- Pairs of bare letters (Graves' CTC objective ``-\\sum_{(x,z) \\in S} \\ln p(z \\mid x)``, a dataset's pairs): the
  sum runs over a new index n of the set, each letter in its body the member at n (``x_n``, ``z_n``: the arrays hold
  the pairs' values), noted ``sum-over-set-pairs``.

Anything else stays as it was (a tuple of letters over a set of index triples, BPR's ``(u, i, j) \\in D_S``, is
refused by :func:`symdl.read.setsums.no_tuple_index`).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from symdl.errors import Span, SymdlError
from symdl.read.atoms import read_atom
from symdl.read.extents import _term_end
from symdl.read.lexer import Token
from symdl.read.setsums import SET_NAME
from symdl.read.syntax import Group, Node, is_group, plain_text, rewrite_nodes, strip_space, unwritten_letter

if TYPE_CHECKING:
    from symdl.read.expr import ExprReader

#: letters a new index may take, in order of preference
_FRESH = "nmkjl"


#: the word of each operator, for the note
_OP_WORDS = {"\\sum": "sum", "\\prod": "product", "\\max": "max", "\\min": "min"}


def member_sums(reader: ExprReader, op: Token, sub: list[Node], sup: list[Node] | None, nodes: list[Node],
                j: int) -> list[Node]:
    """The subscript ``sub`` of the sum at ``op`` rewritten as the module says (the body, ``nodes`` from ``j`` to
    its term's end, rewritten in place for pairs of letters); ``sub`` itself for anything else."""
    if op.text not in ("\\sum", "\\prod", "\\max", "\\min") or sup is not None:
        return sub  # (CS4780's margin \min_{(\mathbf{x}_i, y_i) \in D}: over the members' index, as a sum)
    parts = _split(sub)
    if parts is None:
        return sub
    names, relation, over = parts
    spelling = plain_text(over).replace(" ", "")
    specs = [_one_name(reader, n) for n in names]
    if any(s is None for s in specs):
        return sub
    end = over[-1].span.end
    span = Span(op.span.start, end + (reader.source[end : end + 1] == "}"))  # through the subscript's brace
    letter = _shared_index(specs)  # type: ignore[arg-type]
    if letter is not None and ((relation == "\\in" and SET_NAME.match(spelling) and len(names) > 1)
                               or relation == "\\sim"):  # (one member over a set: sum-over-members reads it)
        to_set = relation == "\\in" or SET_NAME.match(spelling) is not None
        reader.add_note("sum-over-indexed-members", span, {"index": letter, "op": _OP_WORDS[op.text],
                                                   "over": spelling if to_set else f"the draws from {spelling}"})
        at = sub[0].span
        return [Token("letter", letter, at), *([Token("cmd", "\\in", at), *over] if to_set else [])]
    bare = [s.base for s in specs if s is not None and _bare(s)]  # type: ignore[union-attr]
    if (op.text in ("\\max", "\\min") or relation != "\\in" or len(names) < 2 or len(bare) != len(names)
            or not SET_NAME.match(spelling)):
        return sub
    fresh = unwritten_letter(reader.source, _FRESH)
    if fresh is None:
        return sub
    end = _term_end(nodes, j)
    seen: set[str] = set()
    body = _indexed(nodes[j:end], set(bare), fresh, seen)
    text = reader.source[nodes[j].span.start : nodes[end - 1].span.end] if end > j else ""
    if seen != set(bare) or any(re.search(rf"_\s*\{{[^}}]*{c}", text) for c in bare):
        return _index_tuples(reader, op, sub, bare, over, nodes, j, span)  # BPR's \sum_{(u,i,j) \in D_S} x_{uij}
    nodes[j:end] = body
    reader.add_note("sum-over-set-pairs", span, {"letters": ", ".join(bare), "index": fresh, "set": spelling})
    at = sub[0].span
    return [Token("letter", fresh, at), Token("cmd", "\\in", at), *over]


def _index_tuples(reader: ExprReader, op: Token, sub: list[Node], letters: list[str], over: list[Node],
                  nodes: list[Node], j: int, span: Span) -> list[Node]:
    """``\\sum_{(i,k) \\in \\mathcal{N}} \\exp\\{\\alpha - D_{i,k}\\}`` (the lifted structured loss's positive pairs),
    ``\\sum_{(u,i) \\in \\mathcal{Y}} \\log \\hat{y}_{ui}``: letters that index the body, over a set of index tuples, as
    one sum per letter with the body times the set's 0/1 array at the tuple (``\\mathcal{N}_{ik}``; noted
    ``sum-over-index-tuples``): the first sum's subscript, the others and the factor put before the body in place.
    A product keeps its subscript (refused by name)."""
    text = reader.source[nodes[j].span.start : nodes[_term_end(nodes, j) - 1].span.end]
    scripts = " ".join(re.sub(r"\\[A-Za-z]+", " ", m) for m in re.findall(r"_\s*\{([^{}]*)\}|_\s*([A-Za-z])", text)
                       for m in m if m)
    if op.text != "\\sum" or not all(c in scripts for c in letters) or "_" in plain_text(over):
        return sub
    at = sub[0].span
    spelling = plain_text(over).replace(" ", "")
    reader.add_note("sum-over-index-tuples", span, {"letters": ", ".join(letters), "set": spelling,
                                                    "text": reader.source[span.start : span.end]})
    inner: list[Node] = []
    for c in letters[1:]:
        inner += [Token("cmd", "\\sum", at), Token("op", "_", at), Group([Token("letter", c, at)], at, "brace")]
    mask = [*over, Token("op", "_", at), Group([Token("letter", c, at) for c in letters], at, "brace")]
    nodes[j:j] = [*inner, *mask, Token("cmd", "\\cdot", Span(at.end, at.end))]
    return [Token("letter", letters[0], at)]


def _split(sub: list[Node]) -> tuple[list[list[Node]], str, list[Node]] | None:
    """(the names before ``\\in`` or ``\\sim``, the relation, what follows it), else None."""
    from symdl.read.constructs import split_top  # (constructs reads sums: imported here)

    sub = strip_space(sub)
    at = [k for k, n in enumerate(sub) if isinstance(n, Token) and n.is_cmd("\\in", "\\sim")]
    if len(at) != 1 or not strip_space(sub[at[0] + 1 :]):
        return None
    index, over = strip_space(sub[: at[0]]), strip_space(sub[at[0] + 1 :])
    if len(index) == 1 and is_group(index[0], "paren"):
        index = strip_space(index[0].children)  # type: ignore[union-attr]
    names = [strip_space(p) for p in split_top(index, ",")]
    if not names or any(not n for n in names):
        return None
    return names, sub[at[0]].text, over  # type: ignore[union-attr]


def _one_name(reader: ExprReader, nodes: list[Node]) -> object | None:
    """The name ``nodes`` are, whole and with no power, else None."""
    if not isinstance(nodes[0], Token) or nodes[0].kind not in ("letter", "cmd"):
        return None
    try:
        spec, end, power = read_atom(nodes, 0, reader.source)
    except SymdlError:
        return None
    return spec if end == len(nodes) and power is None else None


def _shared_index(specs: list[object]) -> str | None:
    """The one index letter every name is written with, as its lone subscript or its ``(j)`` superscript."""
    letters = set()
    for s in specs:
        sub = getattr(s, "sub", None)
        sample = getattr(s, "sample", None)
        if sub is not None and sub.terms is not None and len(sub.terms) == 1 and sub.terms[0][1] == 0 \
                and sample is None:
            letters.add(sub.terms[0][0])
        elif sub is None and sample is not None and re.fullmatch(r"[a-z]", sample):
            letters.add(sample)
        else:
            return None
    return letters.pop() if len(letters) == 1 and re.fullmatch(r"[a-z]", next(iter(letters))) else None


def _bare(spec: object) -> bool:
    return (len(getattr(spec, "base", "")) == 1 and getattr(spec, "sub", None) is None
            and not any(getattr(spec, a, None) for a in ("sample", "layer", "bold", "decorations", "primes", "word")))


def _indexed(body: list[Node], letters: set[str], index: str, seen: set[str]) -> list[Node]:
    """``body`` with each bare letter of ``letters`` (no subscript after it, no command before it) subscripted by
    ``index``; ``seen`` gets the letters subscripted."""
    def rule(ns: list[Node], k: int, out: list[Node]) -> int | None:
        n = ns[k]
        if not (isinstance(n, Token) and n.kind == "letter" and n.text in letters):
            return None
        before, after = (ns[k - 1] if k else None), (ns[k + 1] if k + 1 < len(ns) else None)
        if (isinstance(before, Token) and (before.kind in ("letter", "cmd") and before.span.end == n.span.start)) or (
                isinstance(after, Token) and (after.is_op("_") or (after.kind == "letter"
                                                                   and after.span.start == n.span.end))):
            return None  # part of a word, a command's argument, or a name with a subscript of its own
        at = Span(n.span.end, n.span.end)
        seen.add(n.text)
        out += [n, Token("op", "_", at), Group([Token("letter", index, at)], at, "brace")]
        return k + 1

    return rewrite_nodes(body, rule)
