"""Code's lines pasted as one formula: statements run together, ``return``, and ``pi``.

* Statements of code pasted onto one line with only a space between them (the TensorFlow docs' ``accum += grad *
  grad var -= lr * grad * (1 / (sqrt(accum) + epsilon))``): in a formula written as code (no TeX command, ``*`` for
  products or a compound assignment), an identifier standing after a complete value with only a space between them,
  then ``=`` or ``op=``, starts another statement (noted ``code-statements``): two values side by side mean nothing
  in code, so the split is the only reading.
* A leading ``return`` (the Keras docs' ``... \\\\ return tf.matmul(distribution, value)``) gives the value of the last
  statement: the word is dropped, noted ``code-return``.
* A bare ``pi`` multiplied or divided with a number in a formula written as code (the burn docs' ``sqrt(2/pi)``,
  ``2 * pi``) is the constant π, as ``math.pi`` is (noted ``code-pi``).
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import TYPE_CHECKING

from symdl.errors import InvalidInput, Span
from symdl.read.lexer import Token
from symdl.read.pasted import Pasted, blank_span
from symdl.read.syntax import Group, Node, is_group

if TYPE_CHECKING:
    from symdl.read.expr import ExprReader

#: the operators of a compound assignment (``+=``)
_COMPOUND = ("+", "-", "*", "/")


def _space(node: Node | None) -> bool:
    return isinstance(node, Token) and node.kind == "space"


def _ends_value(node: Node | None) -> bool:
    """Can ``node`` end a complete value (a name, a number, a parenthesis, a bracket)?"""
    if isinstance(node, Group):
        return node.kind in ("paren", "bracket")
    return isinstance(node, Token) and node.kind in ("letter", "number")


def _pure_code(source: str) -> bool:
    """Is the formula code: no TeX command written in it, and ``*`` for its products?"""
    return "\\" not in source and "*" in source


def _target_start(nodes: list[Node], eq: int) -> tuple[int, int] | None:
    """Where the identifier assigned by the ``=`` (or ``op=``) at ``eq`` starts and ends; None when no identifier
    written alone stands before it."""
    j = eq - 1
    compound = j >= 0 and isinstance(nodes[j], Token) and nodes[j].is_op(*_COMPOUND)  # type: ignore[union-attr]
    j -= compound
    while j >= 0 and _space(nodes[j]):
        j -= 1
    end = j
    while (
        j >= 0
        and isinstance(nodes[j], Token)
        and (nodes[j].kind in ("letter", "number") or nodes[j].is_op("_"))
        and (  # type: ignore[union-attr]
            j == end or nodes[j].span.end == nodes[j + 1].span.start
        )
    ):
        j -= 1
    if j == end or not (isinstance(nodes[j + 1], Token) and nodes[j + 1].kind == "letter"):  # type: ignore[union-attr]
        return None
    return j + 1, end + 1


def code_statements(reader: ExprReader, nodes: list[Node]) -> list[Node]:
    """Top-level ``nodes`` with a row break before each statement run into the one before it, and a leading
    ``return`` dropped from each statement, noted."""
    nodes = _prose_words(reader, _returns(reader, nodes))
    if not _pure_code(reader.source):
        return nodes
    eqs = [k for k, n in enumerate(nodes) if isinstance(n, Token) and n.is_op("=")]
    out = list(nodes)
    for eq in reversed(eqs[1:]):
        found = _target_start(out, eq)
        if found is None:
            continue
        start, stop = found
        if not (start >= 2 and _space(out[start - 1]) and _ends_value(out[start - 2])):
            continue
        before = [k for k in range(start) if isinstance(out[k], Token) and out[k].is_cmd("\\\\")]
        first, second = out[(before[-1] + 1 if before else 0) : start - 1], out[start:eq]
        reader.add_note(
            "code-statements",
            Span(out[start].span.start, out[stop - 1].span.end),
            {"first": _text(reader, first), "second": _text(reader, second) + "="},
        )
        out.insert(start, Token("cmd", "\\\\", Span(out[start - 1].span.start, out[start - 1].span.end)))
    return out


def _text(reader: ExprReader, nodes: list[Node]) -> str:
    """The source the nodes were written as, spaces folded."""
    kept = [n for n in nodes if not _space(n)]
    return " ".join(reader.source[kept[0].span.start : kept[-1].span.end].split()) if kept else ""


def _row_break(node: Node) -> bool:
    """Is ``node`` a row break, TeX's ``\\\\`` or a line break of pasted code (the DPO notebook's ``loss = ...``
    then ``return loss.mean()`` on the next line)?"""
    return isinstance(node, Token) and (node.is_cmd("\\\\") or node.kind == "newline" or node.is_op(";"))  # a; return b


def _break_before(out: list[Node]) -> None:
    """The line break before a ``return`` (the last node of ``out``, or the one before a space) as the row break
    ``\\\\``: the returned value is a statement of its own, never a factor of the line above."""
    for j in (len(out) - 1, len(out) - 2):
        n = out[j] if j >= 0 else None
        if isinstance(n, Token) and (n.kind == "newline" or n.is_op(";")):  # a; return b on one line too
            out[j] = Token("cmd", "\\\\", n.span)
            return


def _returns(reader: ExprReader, nodes: list[Node]) -> list[Node]:
    """Each statement's leading word ``return`` (after the start or a row break, before a space) dropped, noted."""
    out: list[Node] = []
    k = 0
    while k < len(nodes):
        at_start = (
            not [n for n in out if not _space(n)]
            or _row_break(out[-1])
            or (len(out) > 1 and _space(out[-1]) and _row_break(out[-2]))
        )
        word = "".join(n.text for n in nodes[k : k + 6] if isinstance(n, Token) and n.kind == "letter")
        if (
            at_start
            and word == "return"
            and all(isinstance(n, Token) and n.kind == "letter" for n in nodes[k : k + 6])
            and _space(nodes[k + 6] if k + 6 < len(nodes) else None)
        ):
            reader.add_note("code-return", Span(nodes[k].span.start, nodes[k + 5].span.end), {})
            _break_before(out)
            k += 7
            continue
        out.append(nodes[k])
        k += 1
    return out


def code_pi(reader: ExprReader, nodes: list[Node], angle: bool = False) -> list[Node]:
    """A bare ``pi`` multiplied or divided with a number (``2/pi``, ``2 * pi``) in a formula written as code, as
    ``\\pi``, noted (in groups too); inside a cosine's or sine's parentheses (``angle``), multiplied or divided with
    anything (the Keras docs' ``cos(pi * step / decay_steps)``: an angle)."""
    if "\\" in reader.source:
        return nodes
    out: list[Node] = []
    for k, n in enumerate(nodes):
        if isinstance(n, Group):
            out.append(replace(n, children=code_pi(reader, n.children, _after_trig(nodes, k))))
            continue
        before_paren = angle and is_group(nodes[k + 2] if k + 2 < len(nodes) else None, "paren") and _bare_pi(
            nodes, k, paren=True)  # an angle's cos(pi(t - T)/T): pi times the difference
        if before_paren or (_bare_pi(nodes, k) and (_by_number(nodes, k, -1, angle)
                                                    or _by_number(nodes, k + 1, 1, angle))):
            span = Span(n.span.start, nodes[k + 1].span.end)
            reader.add_note("code-pi", span, {})
            out.append(Token("cmd", "\\pi", span))
            continue
        if k > 0 and _bare_pi(nodes, k - 1, paren=True) and out and isinstance(out[-1], Token) \
                and out[-1].is_cmd("\\pi"):
            continue  # the second letter of pi
        out.append(n)
    return out


def _bare_pi(nodes: list[Node], k: int, paren: bool = False) -> bool:
    """Do the letters ``p``, ``i`` at ``k`` stand alone (no letter, digit, ``_``, ``(`` or ``.`` against them; a
    parenthesis after them allowed with ``paren``)?"""
    if k + 1 >= len(nodes):
        return False
    p, i = nodes[k], nodes[k + 1]
    if not (
        isinstance(p, Token)
        and p.text == "p"
        and isinstance(i, Token)
        and i.text == "i"
        and p.kind == i.kind == "letter"
        and p.span.end == i.span.start
    ):
        return False
    before, after = (nodes[k - 1] if k else None), (nodes[k + 2] if k + 2 < len(nodes) else None)
    glued = (
        isinstance(before, Token)
        and before.span.end == p.span.start
        and (before.kind in ("letter", "number") or before.is_op("_", "."))
    ) or (
        after is not None
        and after.span.start == i.span.end
        and ((isinstance(after, Group) and not (paren and after.kind == "paren"))
             or (isinstance(after, Token) and (after.kind in ("letter", "number") or after.is_op("_", "(", "["))))
    )
    return not glued


def _after_trig(nodes: list[Node], k: int) -> bool:
    """Is the group at ``k`` the parentheses of a call of ``cos`` or ``sin`` (the letters right before it)?"""
    name = "".join(n.text for n in nodes[max(0, k - 3) : k] if isinstance(n, Token) and n.kind == "letter")
    return is_group(nodes[k], "paren") and name in ("cos", "sin") and k >= 3


def _by_number(nodes: list[Node], k: int, step: int, angle: bool = False) -> bool:
    """Is there a ``*`` or ``/`` then a number (any operand in an ``angle``) on the side ``step`` of ``pi`` (``k``
    its edge, spaces skipped), or a number written before it?"""
    j = k + step
    seen: list[Token] = []
    at = -1  # where the first token seen stands
    while 0 <= j < len(nodes) and len(seen) < 2:
        n = nodes[j]
        if not isinstance(n, Token):
            return False
        if n.kind != "space":
            at = j if not seen else at
            seen.append(n)
        j += step
    if step < 0 and seen[:1] and seen[0].kind == "number" and seen[0].span.end < nodes[k + 1].span.start:
        prev = nodes[at - 1] if at > 0 else None  # not an identifier's digit (a2 pi)
        if not (isinstance(prev, Token) and prev.span.end == seen[0].span.start and prev.kind == "letter"):
            return True  # the TensorFlow Probability docs' Z = (2 pi sigma**2)**0.5: a number written before pi
    return len(seen) == 2 and seen[0].is_op("*", "/") and (seen[1].kind == "number" or angle)


#: the words that start a definition after a comma in a formula written as code (numpy's docs: ``std =
#: sqrt(mean(x)), where x = abs(a - a.mean())**2``), read as ``\\text{where}`` is (symdl.read.clauses)
_PROSE = ("where", "with")


def _prose_words(reader: ExprReader, nodes: list[Node]) -> list[Node]:
    """In a formula without TeX commands, ``where`` or ``with`` written alone after a comma (top level) as the
    prose ``\\text{where}``: the clause after it defines what the statement before it uses."""
    if "\\" in reader.source:
        return nodes
    out = list(nodes)
    for k in range(len(out) - 1, 0, -1):
        word = _word_at(out, k)
        if word in _PROSE and _after_comma(out, k) and _space(out[k + len(word)] if k + len(word) < len(out) else None):
            span = Span(out[k].span.start, out[k + len(word) - 1].span.end)
            out[k : k + len(word)] = [Token("cmd", "\\text", span), Group(out[k : k + len(word)], span, "brace")]
    return out


def _word_at(nodes: list[Node], k: int) -> str:
    """The letters written together from ``nodes[k]`` when a word starts there (no letter against its start)."""
    if k > 0 and isinstance(nodes[k - 1], Token) and nodes[k - 1].kind == "letter":  # type: ignore[union-attr]
        return ""
    j = k
    while (
        j < len(nodes)
        and isinstance(nodes[j], Token)
        and nodes[j].kind == "letter"
        and (j == k or nodes[j].span.start == nodes[j - 1].span.end)
    ):
        j += 1
    return "".join(n.text for n in nodes[k:j] if isinstance(n, Token))


def _after_comma(nodes: list[Node], k: int) -> bool:
    """Is the node before ``nodes[k]`` (spaces skipped) a comma?"""
    j = k - 1
    while j >= 0 and _space(nodes[j]):
        j -= 1
    return j >= 0 and isinstance(nodes[j], Token) and nodes[j].is_op(",")




def _statement_equality(line: str) -> int | None:
    """Where ``line`` writes ``==`` as its statement's relation: outside every bracket, with no other ``=`` and no
    ``if`` on the line (HingeEmbeddingLoss's ``if y_i == 1``, a mask's ``(y == k)`` and code's tests keep theirs)."""
    depth, found = 0, None
    for k, ch in enumerate(line):
        depth += (ch in "([{") - (ch in ")]}")
        if ch != "=" or line[k - 1 : k] == "=" or line[k - 1 : k] in ("<", ">", "!", ":"):
            continue
        if line[k : k + 2] != "==" or line[k : k + 3] == "===" or depth != 0 or found is not None:
            return None  # a single '=', a second '==', or one inside brackets
        found = k
    return found if found is not None and re.search(r"\bif\b", line) is None else None


def refuse_code_equality(source: str) -> None:
    """``r_t == sigma(W**r(x_t, h_(t - 1)) + b**r)`` (an arXiv-to-code converter's GRU): ``==`` as a statement's
    relation is code's equality test, written where a paper has ``=``.  It is refused by name rather than read as
    ``=``: the pastes that write it (converters' output) also write a superscript label as ``**`` (``W**r`` for W^r),
    which would be read as a power, so the one reading would be wrong where it differs."""
    if "\\" in source:
        return
    start = 0
    for line in source.split("\n"):
        at = _statement_equality(line)
        if at is not None:
            raise InvalidInput(
                "'==' is code's equality test (a converter's r_t == sigma(...)), not a statement symdl reads as "
                "written",
                source=source,
                span=Span(start + at, start + at + 2),
                hint="write the statement in TeX with one '=', and a label as a superscript: W^{r}, not W**r",
            )
        start += len(line) + 1


#: a parenthesised remark at the end of a line: two or more words (3+ letters first, 2+ after) joined by a hyphen or
#: a space (the axonml docs' LAMB ``trust_ratio = ||param|| / ||r||  (layer-wise)``, ``(per layer)``)
_REMARK = re.compile(r"(?<=[ \t])\(([A-Za-z]{3,}(?:[- ][A-Za-z]{2,})+)\)[ \t]*$", re.MULTILINE)


def blank_remarks(source: str) -> tuple[str, list[Pasted]]:
    """``source`` with a parenthesised remark in words at the end of a line blanked, and a ``prose-remark`` note for
    each.  Only in a formula without TeX commands, after a space, when the line before it ends with a value and none
    of its words names anything elsewhere in the formula: such words are prose, never a product of new names."""
    if "\\" in source:
        return source, []
    notes: list[Pasted] = []
    for m in _REMARK.finditer(source):
        rest, before = source[: m.start()] + source[m.end() :], source[: m.start()].rstrip()
        named = any(re.search(rf"(?<![\w.]){w}(?!\w)", rest) for w in re.split(r"[- ]", m.group(1)))
        if named or not before or not (before[-1].isalnum() or before[-1] in ")]|_'"):
            continue
        end = m.start() + len(m.group(0).rstrip())
        notes.append(("prose-remark", Span(m.start(), end), {"plain": source[m.start() : end]}))
        source = blank_span(source, m.start(), end)
    return source, notes
