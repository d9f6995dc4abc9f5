"""Sum subscripts that are conditions on the index: a range between two bounds with a skipped value (word2vec's
``\\sum_{-c \\le j \\le c, j \\neq 0}``) and a one-sided start with the end written (``\\sum_{t>1}^{T}``)."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING

from symdl.errors import NotSupported, Span
from symdl.read.constructs import split_top
from symdl.read.environments import split_rows
from symdl.read.greekindex import GREEK_INDICES
from symdl.read.lexer import Token
from symdl.read.syntax import Group, Node, runs_over, seq_span, strip_space

if TYPE_CHECKING:
    from symdl.read.expr import ExprReader


def primed_letter(part: list[Node]) -> bool:
    """Is ``part`` one Latin letter, maybe primed (``i``, ``s'``)?"""
    return (bool(part) and isinstance(part[0], Token) and part[0].kind == "letter"
            and all(isinstance(t, Token) and t.is_op("'") for t in part[1:]))


_BELOW = {"<", "\\le", "\\leq", "\\leqslant"}
_GAPS = ("\\ ", "\\,", "\\;", "\\:", "\\quad", "\\qquad")


def stacked_conditions(op: Token, sub: list[Node], sup: list[Node] | None) -> list[Node]:
    """``\\substack{-m \\le j \\le m \\\\ j \\ne 0}`` (the skip-gram objective's window, d2l 15.1): the rows under a
    ``\\sum`` or ``\\prod`` hold together, as a comma joins them (``\\sum_{-m \\le j \\le m, j \\ne 0}``), returned so;
    any other subscript as it is (one row is unwrapped by :func:`symdl.read.bigops._index_and_start`)."""
    parts = strip_space(sub)
    if (op.text not in ("\\sum", "\\prod") or len(parts) != 2 or not isinstance(parts[0], Token)
            or not parts[0].is_cmd("\\substack") or not isinstance(parts[1], Group) or parts[1].kind != "brace"):
        return sub
    rows = [strip_space(r) for r in split_rows(parts[1].children)]
    if len(rows) < 2 or not all(rows):
        return sub
    out: list[Node] = list(rows[0])
    for row in rows[1:]:
        out += [Token("op", ",", row[0].span), *row]
    if range_condition(op, out, sup) is None and _start_skip(op, out) is None:
        return sub  # other conditions (i \\in B, i < j) stay refused by name
    return out


def range_condition(op: Token, sub: list[Node], sup: list[Node] | None
                     ) -> tuple[list[Node], list[Node], list[Node]] | None:
    """``\\sum_{-c \\le j \\le c, j \\neq 0}`` (word2vec's skip-gram window): the index between two bounds, maybe
    with one value it skips, as ``(subscript j = -c, upper bound c, the skipped value)``; ``<`` moves a bound by
    one (the index is an integer).  None for anything else (refused by :func:`_index_and_start`)."""
    parts = [[n for n in p if not (isinstance(n, Token) and (n.kind in ("space", "newline") or n.is_cmd(*_GAPS)))]
             for p in split_top(strip_space(sub), ",")]
    if sup is not None or op.text not in ("\\sum", "\\prod") or len(parts) > 2:
        return None
    at = [k for k, n in enumerate(parts[0]) if isinstance(n, Token) and n.text in _BELOW]
    if len(at) != 2 or at[1] != at[0] + 2 or at[0] == 0 or at[1] == len(parts[0]) - 1:
        return None
    index = parts[0][at[0] + 1]
    if not (isinstance(index, Token) and index.kind == "letter"):
        return None
    low, high = parts[0][: at[0]], parts[0][at[1] + 1 :]
    one = Token("number", "1", index.span)
    if parts[0][at[0]].text == "<":  # type: ignore[union-attr]
        low = [Group(low, index.span, "paren"), Token("op", "+", index.span), one]
    if parts[0][at[1]].text == "<":  # type: ignore[union-attr]
        high = [Group(high, index.span, "paren"), Token("op", "-", index.span), one]
    skipped: list[Node] = []
    if len(parts) == 2:
        cond = parts[1]
        if not (len(cond) >= 3 and isinstance(cond[0], Token) and cond[0].text == index.text
                and isinstance(cond[1], Token) and cond[1].is_cmd("\\neq", "\\ne")):
            return None
        skipped = strip_space(cond[2:])
    return [index, Token("op", "=", index.span), *low], high, skipped


_ABOVE = {">", "\\ge", "\\geq", "\\geqslant"}


def one_sided(reader: ExprReader, op: Token, sub: list[Node], sup: list[Node] | None
              ) -> tuple[list[Node], list[Node] | None]:
    """``\\sum_{t>1}^{T}`` (a sequence model's steps after the first), ``\\sum_{t \\ge 2}^{T}``: one Latin letter
    above a start, the end written as the superscript, as the subscript ``t = 2`` (``>`` moves the start by one,
    the index being an integer).  With no end written (``\\sum_{t>1}``, ``\\sum_{i<j}`` over pairs) it is
    refused by name, but for the steps up to a step written elsewhere (:func:`_up_to_step`); any other subscript is
    returned as it is.  Returns the subscript and the superscript."""
    parts = strip_space(sub)
    rel = [k for k, n in enumerate(parts) if isinstance(n, Token) and (n.text in _ABOVE or n.text in _BELOW)]
    if op.text not in ("\\sum", "\\prod") or len(rel) != 1 or split_top(parts, ",")[1:]:
        return sub, sup
    left, right, sign = strip_space(parts[: rel[0]]), strip_space(parts[rel[0] + 1 :]), parts[rel[0]].text  # type: ignore[union-attr]
    index, start, strict = (left, right, sign == ">") if sign in _ABOVE else (right, left, sign == "<")
    cond = reader.source[parts[0].span.start : parts[-1].span.end]
    if (primed_letter(left) or _greek_index(left)) and primed_letter(right) and (
            upto := _up_to_step(reader, op, left, right, sign, sup)):
        return upto
    if (below := _below_count(reader, op, left, right, sign, sup)) is not None:
        return below
    if primed_letter(left) and primed_letter(right):
        raise reader.error(NotSupported, f"{op.text} with a condition on its index between two letters ({cond}): "
                           "an end with no start, or a sum over pairs", op.span, f"write the bounds, "
                           f"{op.text}_{{i=1}}^{{n}}; for pairs, nest the sums: {op.text}_{{j=1}}^{{n}} "
                           f"{op.text}_{{i=1}}^{{j-1}}")
    if not (primed_letter(index) and start):
        raise reader.error(NotSupported, f"{op.text} with a condition on its index ({cond}) that gives only its "
                           "end, not where it starts", op.span, f"write the bounds: {op.text}_{{i=1}}^{{n}}")
    numbered = len(start) == 1 and isinstance(start[0], Token) and start[0].kind == "number"
    if sup is None and sign in _ABOVE and numbered and _discounted(reader.source, op.span.end, index[0].text):
        reader.add_note("sum-unbounded", Span(op.span.start, parts[-1].span.end), {"cond": cond, "op": op.text})
        sup = [Token("cmd", "\\infty", index[0].span)]  # the discounted return's \sum_{k \ge 0} \gamma^k r_{t+k}
    if sup is None:
        raise reader.error(NotSupported, f"{op.text} with a condition on its index ({cond}) and no end written: "
                           "it is not said how far the index runs", op.span,
                           f"write the end as well: {op.text}_{{{cond}}}^{{T}}, or the bounds: {op.text}_{{t=2}}^{{T}}")
    one = Token("number", "1", index[0].span)
    low = [Group(start, index[0].span, "paren"), Token("op", "+", index[0].span), one] if strict else start
    return [*index, Token("op", "=", index[0].span), *low], sup


def _discounted(source: str, at: int, index: str) -> bool:
    """Is a power by ``index`` written in the term after ``at`` (the discounted return's ``\\gamma^k``, a geometric
    series's ``\\lambda^{t}``): an infinite series, its terms shrinking?"""
    term = re.split(r"(?<![{(\[])\s[+-]\s|\\\\|\n|=", source[at:])[0]
    return re.search(rf"\^\s*\{{?\s*\(?\s*{re.escape(index)}(?![A-Za-z])", term) is not None


def _below_count(reader: ExprReader, op: Token, left: list[Node], right: list[Node], sign: str,
                 sup: list[Node] | None) -> tuple[list[Node], list[Node]] | None:
    """Movement pruning's ``\\sum_{t<T}`` (the training steps before T), EWC-style ``\\sum_{\\nu<\\mu}`` over the
    tasks before task \\mu written as a script before the sum: an index below (or at most) a capital Latin count, or
    below a script the formula writes before the sum, is the steps from 1 up to it (noted ``sum-below-count``); two
    lower-case letters with no such script (``\\sum_{i<j}``, pairs) stay refused."""
    if sup is not None or sign not in _BELOW or not (primed_letter(left) or _greek_index(left)):
        return None
    if not (len(right) == 1 and isinstance(right[0], Token)):
        return None
    end = right[0].text
    if end == left[0].text:  # type: ignore[union-attr]
        return None
    capital = right[0].kind == "letter" and end.isupper()
    before = reader.source[: op.span.start]
    scripted = _greek_index(right) and re.search(rf"[_^]\{{?\s*{re.escape(end)}(?![A-Za-z])", before)
    if not (capital or scripted) or runs_over(reader.source, end):
        return None
    span = Span(op.span.start, seq_span(right, op.span).end + 1)
    last = end if sign != "<" else f"{end} - 1"
    reader.add_note("sum-below-count", span, {"text": reader.source[span.start : span.end],
                                              "index": left[0].text, "end": end, "last": last})  # type: ignore[union-attr]
    one = Token("number", "1", left[0].span)
    high = list(right) if sign != "<" else [*right, Token("op", "-", right[0].span), one]
    return [*left, Token("op", "=", left[0].span), one], high


def _greek_index(part: list[Node]) -> bool:
    """Is ``part`` one lower-case Greek letter that may be an index (``\\tau``, not ``\\pi``)?"""
    return len(part) == 1 and isinstance(part[0], Token) and part[0].kind == "cmd" and part[0].text[1:] in GREEK_INDICES


def _up_to_step(reader: ExprReader, op: Token, left: list[Node], right: list[Node], sign: str,
                sup: list[Node] | None) -> tuple[list[Node], list[Node]] | None:
    """AdaGrad's ``u_t = -\\eta g_t / \\sqrt{\\sum_{s \\le t} g_s^2}`` (Duchi et al.; Optax's docs): an index at most a
    letter the formula writes as a subscript before the sum (``u_t``, ``G_t``: the current step) and no sum runs over,
    is the steps up to it, from 1 (noted ``sum-up-to``; ``<`` stops one before); ``\\sum_{i<j} x_i x_j`` stays refused
    (pairs)."""
    end = right[0].text  # type: ignore[union-attr]
    if sup is not None or sign not in _BELOW or left[0].text == end:  # type: ignore[union-attr]
        return None
    before = reader.source[: op.span.start]  # u_t = ..., G_t = ...: the step is set before the sum (not x_j inside it)
    if not re.search(rf"_\{{?\s*{re.escape(end)}(?![A-Za-z])", before) or runs_over(reader.source, end):
        return None
    span = Span(op.span.start, seq_span(right, op.span).end + 1)
    reader.add_note("sum-up-to", span, {"text": reader.source[span.start : span.end], "index": left[0].text,  # type: ignore[union-attr]
                                        "end": end, "first": "1", "last": end if sign != "<" else f"{end} - 1"})
    one = Token("number", "1", left[0].span)
    high = list(right) if sign != "<" else [*right, Token("op", "-", right[0].span), one]
    return [*left, Token("op", "=", left[0].span), one], high


def start_and_skip(reader: ExprReader, op: Token, sub: list[Node], sup: list[Node] | None
                   ) -> tuple[list[Node], list[Node] | None, list[Node]] | None:
    """``\\sum_{j=1, j \\neq y_i}^{n}`` (ArcFace's other classes): a start, then after a comma a value the same index
    skips, as ``(subscript j = 1, the upper bound, the skipped value)``, noted (a comma between indices,
    ``\\sum_{i,j}``, nests sums instead).  None for anything else."""
    found = _start_skip(op, sub)
    if found is None:
        return None
    start, letter, skipped = found
    end = seq_span(sub, op.span).end
    span = Span(op.span.start, end + (reader.source[end : end + 1] == "}"))  # with the subscript's closing brace
    reader.add_note("sum-skip-condition", span, {"index": letter, "skipped": reader.source[
        seq_span(skipped, span).start : seq_span(skipped, span).end], "text": reader.source[span.start : span.end]})
    return start, sup, skipped


def member_index(reader: ExprReader, op: Token, index: list[Node], members: list[Node]) -> list[Node]:
    """``\\sum_{x_j \\in X}`` (CPC's InfoNCE, van den Oord et al. 2018): a member of a family named as the index, its
    subscript letter the index that runs over the set's members (``x_j`` is member j of X), as ``\\sum_{j \\in X}``
    (noted ``sum-over-members``); any other index as it is."""
    index = strip_space(index)
    if op.text not in ("\\sum", "\\prod") or len(index) != 3 or not members:
        return index
    name, script, sub = index
    letter = sub.children[0] if isinstance(sub, Group) and sub.kind == "brace" and len(sub.children) == 1 else sub
    if not (isinstance(name, Token) and name.kind == "letter" and isinstance(script, Token) and script.is_op("_")
            and isinstance(letter, Token) and letter.kind == "letter" and letter.text != name.text):
        return index
    written = strip_space(members[1:])
    if not written:
        return index
    end = written[-1].span.end
    span = Span(op.span.start, end + (reader.source[end : end + 1] == "}"))  # through the subscript's brace
    reader.add_note("sum-over-members", span, {
        "member": reader.source[name.span.start : sub.span.end], "index": letter.text,
        "set": reader.source[written[0].span.start : end]})
    return [letter]


def _start_skip(op: Token, sub: list[Node]) -> tuple[list[Node], str, list[Node]] | None:
    """``j=1, j \\neq y_i``: the start, the index letter and the skipped value; None for any other subscript."""
    parts = [[n for n in p if not (isinstance(n, Token) and (n.kind in ("space", "newline") or n.is_cmd(*_GAPS)))]
             for p in split_top(strip_space(sub), ",")]
    if op.text not in ("\\sum", "\\prod") or len(parts) != 2:
        return None
    start, cond = parts
    sides = split_top(start, "=")
    index = strip_space(sides[0])
    if not (len(sides) == 2 and len(index) == 1 and isinstance(index[0], Token) and index[0].kind == "letter"):
        return None
    letter = index[0].text
    if not (len(cond) >= 3 and isinstance(cond[0], Token) and cond[0].text == letter
            and isinstance(cond[1], Token) and cond[1].is_cmd("\\neq", "\\ne")):
        return None
    return start, letter, strip_space(cond[2:])


def ranged_letters(reader: ExprReader, op: Token, sub: list[Node], sup: list[Node] | None, term: list[Node],
                   uses: Callable[[list[Node], str], bool]) -> list[Node] | None:
    """``\\max_{0 \\le a,b < k}`` (max pooling over a k×k window), ``\\sum_{0 \\le a,b < k}``: one or more letters
    between two bounds, each letter a subscript of the first term (``uses``), as one operator per letter, nested,
    each from the lower bound to the upper (``<`` moves a bound by one: the indices are integers).  A ``\\max`` or
    ``\\min`` so read is noted ``max-over-range`` (the range is of integer indices, not an interval of a variable);
    a sum over one letter is :func:`range_condition`'s.  None for anything else."""
    parts = [n for n in strip_space(sub) if not (isinstance(n, Token) and (n.kind in ("space", "newline")
                                                                            or n.is_cmd(*_GAPS)))]
    at = [k for k, n in enumerate(parts) if isinstance(n, Token) and n.text in _BELOW]
    if sup is not None or op.text not in ("\\sum", "\\prod", "\\max", "\\min") or len(at) != 2 or at[0] == 0:
        return None
    letters = split_top(parts[at[0] + 1 : at[1]], ",")
    low, high = parts[: at[0]], parts[at[1] + 1 :]
    if not high or not all(primed_letter(x) and len(x) == 1 for x in letters) or (
            op.text in ("\\sum", "\\prod") and len(letters) < 2):
        return None
    names = [x[0].text for x in letters]  # type: ignore[union-attr]
    if len(set(names)) != len(names) or not all(uses(term, name) for name in names):
        return None
    span = Span(op.span.start, seq_span(sub, op.span).end + (reader.source[seq_span(sub, op.span).end:][:1] == "}"))
    if op.text in ("\\max", "\\min"):
        reader.add_note("max-over-range", span, {"text": reader.source[span.start : span.end], "op": op.text[1:],
                                                 "letters": ", ".join(names)})
    one = Token("number", "1", op.span)
    if parts[at[0]].text == "<":  # type: ignore[union-attr]
        low = [Group(low, op.span, "paren"), Token("op", "+", op.span), one]
    if parts[at[1]].text == "<":  # type: ignore[union-attr]
        high = [Group(high, op.span, "paren"), Token("op", "-", op.span), one]
    out: list[Node] = []
    for letter in letters:
        bound = [letter[0], Token("op", "=", letter[0].span), *low]
        out += [op, Token("op", "_", op.span), Group(bound, op.span, "brace"), Token("op", "^", op.span),
                Group(list(high), op.span, "brace")]
    return out


_OUTER = re.compile(r"\\(?:sum|prod)(?:\\limits)?\s*_\s*(?:\{\s*([a-z])\s*(?:=[^{}]*)?\}|([a-z]))"
                    r"(?:\s*\^\s*(?:\{[^{}]*\}|\\?\w+))?\s*(?:\\left\s*)?[(\[]?\s*$")


def outer_skip(reader: ExprReader, op: Token, sub: list[Node]) -> list[Node]:
    """``\\sum_i \\sum_{i \\neq j} C_{ij}^2`` (Lil'Log's Barlow Twins loss): the inner condition names first the index
    the sum just outside already binds, so the inner sum runs over the other letter, every ``j`` but ``i`` (noted
    ``sum-skip-outer``), not over ``i`` a second time; any other subscript is returned as it is."""
    parts = strip_space(sub)
    at = [k for k, n in enumerate(parts) if isinstance(n, Token) and n.is_cmd("\\neq", "\\ne")]
    if op.text not in ("\\sum", "\\prod") or len(at) != 1:
        return sub
    left, right = strip_space(parts[: at[0]]), strip_space(parts[at[0] + 1 :])
    if len(left) != 1 or len(right) != 1 or not (primed_letter(left) and primed_letter(right)):
        return sub
    outer = _OUTER.search(reader.source[: op.span.start])
    bound = outer and (outer.group(1) or outer.group(2))
    if bound != left[0].text or right[0].text == bound:
        return sub
    end = parts[-1].span.end + (reader.source[parts[-1].span.end : parts[-1].span.end + 1] == "}")
    span = Span(op.span.start, end)
    reader.add_note("sum-skip-outer", span, {"text": reader.source[span.start : span.end],
                                             "index": right[0].text, "outer": bound})
    return [right[0], parts[at[0]], left[0]]

