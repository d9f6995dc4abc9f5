r"""Membership of the k largest as a condition (issue 12, session 28): mixture-of-experts routing.

DeepSeekMoE's gate ``g_{i,t} = s_{i,t}`` if ``s_{i,t} \in \operatorname{Topk}(\{s_{j,t} | 1 \le j \le N\}, K)``,
else 0 (Dai et al. 2024, eq. 4; the same condition in DeepSeek-V2/V3 and in Mixtral's "top-K" routing) keeps an
affinity when it is among the K largest of the family it belongs to.  The set is written as the family over one
index: the member ``s_{j,t}`` differs from the value compared, ``s_{i,t}``, in exactly one subscript letter, the
index the set runs over (from 1 to the family's length, or over the range written after ``|``).  Shazeer et al.'s
KeepTopK (2017, eq. 5) says it in words, ``v_i \text{ is in the top } k \text{ elements of } v``: the same
condition over v's entries ``v_j``.

The condition is read as a count: fewer than K members are strictly larger, ``\sum_j H(s_{j,t} - s_{i,t}) < K``
with the step ``H(0) = 0``.  For distinct values this is exactly membership of the K largest (as ``np.argsort``
picks them); with ties at the K-th value every tied member is kept (a router such as ``torch.topk`` keeps exactly K
and breaks the tie by position).  Noted ``topk-member``.  Any other membership stays refused.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import sympy

from symdl.errors import Span
from symdl.read.commands import NAME_WRAPPERS
from symdl.read.constructs import split_top
from symdl.read.lexer import Token
from symdl.read.syntax import Group, Node, Parsed, is_group, leaf_tokens, plain_text, seq_span, strip_space

if TYPE_CHECKING:
    from symdl.read.expr import ExprReader

#: the names of the k-largest set (Topk, TopK, top-k, \operatorname{TopK}, KeepTopK's set)
_TOPK = re.compile(r"top-?k", re.IGNORECASE)
#: the comparisons a range under the set may use: 1 \le j \le N
_AT_MOST = {"\\le", "\\leq", "\\leqslant"}


def _topk_call(rest: list[Node]) -> list[Node] | None:
    """The parenthesised arguments of ``\\text{Topk}(...)`` (or ``\\operatorname{TopK}``, bare ``Topk``), else None."""
    if len(rest) == 3 and isinstance(rest[0], Token) and rest[0].text[1:] in NAME_WRAPPERS and is_group(rest[1]):
        name = plain_text(rest[1].children)  # type: ignore[union-attr]
    elif rest and all(isinstance(n, Token) and n.kind == "letter" for n in rest[:-1]):
        name = "".join(n.text for n in rest[:-1])  # type: ignore[union-attr]
    else:
        return None
    if not _TOPK.fullmatch(name.replace(" ", "")) or not is_group(rest[-1], "paren"):
        return None
    return rest[-1].children  # type: ignore[union-attr]


def _running_letter(value: list[Node], member: list[Node]) -> Token | None:
    """The letter of ``member`` (``s_{j,t}``) in the one place where it differs from ``value`` (``s_{i,t}``)."""
    a = [t for t in leaf_tokens(value) if t.kind not in ("space", "newline")]
    b = [t for t in leaf_tokens(member) if t.kind not in ("space", "newline")]
    if len(a) != len(b) or len(a) < 3:
        return None
    differ = [(x, y) for x, y in zip(a, b, strict=True) if x.text != y.text]
    if len(differ) != 1 or not all(t.kind == "letter" for t in differ[0]):
        return None
    return differ[0][1]


def _range(cond: list[Node], letter: str) -> tuple[list[Node], list[Node]] | None:
    """``1 \\le j \\le N`` under the set: its two ends; None for any other condition."""
    at = [k for k, n in enumerate(cond) if isinstance(n, Token) and n.text in _AT_MOST]
    if len(at) != 2:
        return None
    low, mid, high = strip_space(cond[: at[0]]), strip_space(cond[at[0] + 1 : at[1]]), strip_space(cond[at[1] + 1 :])
    if plain_text(mid) != letter or not low or not high:
        return None
    return low, high


def _count(reader: ExprReader, value: Parsed, member: list[Node], letter: Token,
           ends: tuple[list[Node], list[Node]] | None, span: Span) -> Parsed:
    """How many members are strictly larger than ``value``: ``\\sum_j H(member - value)``, ``H(0) = 0``."""
    s = letter.span
    under: list[Node] = [Token("letter", letter.text, s)]
    sup: list[Node] = []
    if ends is not None:
        under += [Token("op", "=", s), *ends[0]]
        sup = [Token("op", "^", s), Group(list(ends[1]), s)]
    nodes: list[Node] = [Token("cmd", "\\sum", s), Token("op", "_", s), Group(under, s), *sup, *member]
    total = reader.read(nodes, span)
    if not isinstance(total.expr, sympy.Sum):
        raise AssertionError(f"a sum read as {total.expr}")
    counted = sympy.Sum(sympy.Heaviside(total.expr.function - value.expr, 0), *total.expr.limits)
    return Parsed(counted, span, rf"\#\{{{letter.text} : {plain_text(member)} > {value.latex}\}}")


def topk_condition(reader: ExprReader, cond: list[Node], span: Span) -> tuple[Parsed, str, Parsed] | None:
    """``s_{i,t} \\in \\text{Topk}(\\{s_{j,t}\\}, K)`` as (the number of j with s_{j,t} > s_{i,t}, '<', K);
    None when ``cond`` is no membership of a family's k largest."""
    at = [k for k, n in enumerate(cond) if isinstance(n, Token) and n.is_cmd("\\in")]
    if len(at) != 1:
        return None
    lhs, rest = strip_space(cond[: at[0]]), strip_space(cond[at[0] + 1 :])
    args = _topk_call(rest)
    parts = split_top(args, ",") if args is not None else []
    if len(parts) != 2 or not (len(strip_space(parts[0])) == 1 and is_group(strip_space(parts[0])[0], "set")):
        return None
    inside = strip_space(parts[0])[0].children  # type: ignore[union-attr]
    pieces = split_top(inside, "|") if not any(isinstance(n, Token) and n.is_cmd("\\mid") for n in inside) else \
        split_top([Token("op", "|", n.span) if isinstance(n, Token) and n.is_cmd("\\mid") else n for n in inside], "|")
    member, k = strip_space(pieces[0]), strip_space(parts[1])
    letter = _running_letter(lhs, member) if lhs and k and len(pieces) <= 2 else None
    ends = _range(pieces[1], letter.text) if letter is not None and len(pieces) == 2 else None
    if letter is None or (len(pieces) == 2 and ends is None):
        return None
    value = reader.read(lhs, span)
    written = seq_span(cond, span)
    reader.add_note("topk-member", written, {"value": reader.source[lhs[0].span.start : lhs[-1].span.end],
                                             "member": plain_text(member), "index": letter.text,
                                             "k": plain_text(k)})
    return _count(reader, value, member, letter, ends, span), "<", reader.read(k, span)


#: the words between the value and k (``is in the top``, ``is among the``), and between k and the vector, run together
_WORDS_BEFORE = re.compile(r"(?:is)?(?:in|among)the(?:top|largest)?")
_WORDS_AFTER = re.compile(r"(?:largest)?(?:elements|entries|values|components|experts)?of")


def _words(node: Node) -> str:
    """A wrapped text's letters, run together (``\\text{ is in the top }`` → ``isinthetop``)."""
    return re.sub(r"[^A-Za-z]", "", plain_text(node.children)).lower()  # type: ignore[union-attr]


def topk_words(reader: ExprReader, cond: list[Node], span: Span) -> tuple[Parsed, str, Parsed] | None:
    """Shazeer et al.'s ``v_i \\text{ is in the top } k \\text{ elements of } v`` (KeepTopK, eq. 5): the entry
    ``v_i`` is among the k largest entries of v, read as ``topk_condition`` reads the set; None for other words."""
    cut = [k for k, n in enumerate(cond[:-1]) if isinstance(n, Token) and n.text[1:] in NAME_WRAPPERS
           and is_group(cond[k + 1], "brace")]
    if len(cut) != 2 or not (_WORDS_BEFORE.fullmatch(_words(cond[cut[0] + 1]))
                             and _WORDS_AFTER.fullmatch(_words(cond[cut[1] + 1]))):
        return None
    lhs, k = strip_space(cond[: cut[0]]), strip_space(cond[cut[0] + 2 : cut[1]])
    vector = strip_space(cond[cut[1] + 2 :])
    under = [n for n, t in enumerate(lhs) if isinstance(t, Token) and t.is_op("_")]
    if len(under) != 1 or not k or plain_text(lhs[: under[0]]) != plain_text(vector):
        return None
    index = [t for t in leaf_tokens(lhs[under[0] + 1 :]) if t.kind not in ("space", "newline")]
    if len(index) != 1 or index[0].kind != "letter":
        return None
    used = set(re.findall(r"(?<![A-Za-z\\])[a-z](?![A-Za-z])", reader.source))
    fresh = next((c for c in "jlmnpqrs" if c not in used), None)
    if fresh is None:
        return None
    letter = Token("letter", fresh, index[0].span)
    member: list[Node] = [*lhs[: under[0]], lhs[under[0]], letter]
    value = reader.read(lhs, span)
    reader.add_note("topk-member", seq_span(cond, span), {"value": plain_text(lhs), "member": plain_text(member),
                                                          "index": fresh, "k": plain_text(k)})
    return _count(reader, value, member, letter, None, span), "<", reader.read(k, span)
