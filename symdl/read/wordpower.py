"""Code-style exponents written without braces: the focal loss's ``(1 - p_t)^gamma`` (Lin et al.'s formula as code
and blog posts type it) is the power ``(1 - p_t)^{\\gamma}``, not ``(1 - p_t)^g`` times a name ``amma``.

TeX's ``^`` takes one character, so ``x^ab`` is ``x^a b``; but a run of letters after ``^`` that spells a Greek
letter's name (``^gamma``, ``^beta``) is that letter typed in code style wherever it is written (no one means
``x^g·amma``), and in a formula written as code (:func:`symdl.read.words.code_formula`: a code call, a snake_case
name, ``*`` beside a word; or no TeX command at all) a run of four letters or more, or a snake_case name, after
``^`` on a parenthesis or a number is the whole exponent (``0.96^step``; on a name, ``x^{step}`` would be a
label).  Noted ``word-exponent``.  Two or three plain letters in a TeX formula (``x^ab``) keep TeX's reading.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from symdl.errors import Span
from symdl.read.lexer import Token
from symdl.read.syntax import Group, Node, is_group
from symdl.read.words import _GREEK_WORDS, WORD_MIN, code_formula, code_like, run_end

if TYPE_CHECKING:
    from symdl.read.expr import ExprReader


def _word_after(nodes: list[Node], k: int) -> int:
    """The end of the run of letters touching ``nodes[k - 1]`` (the ``^``) from ``nodes[k]`` on (through code's
    underscores, ``decay_rate``); ``k`` when no letter starts there."""
    if not (
        k < len(nodes)
        and isinstance(nodes[k], Token)
        and nodes[k].kind == "letter"  # type: ignore[union-attr]
        and nodes[k].span.start == nodes[k - 1].span.end
    ):
        return k
    end = run_end(nodes, k)
    while end > k + 1 and nodes[end - 1].span.start != nodes[end - 2].span.end:
        end -= 1  # letters written apart: x^a b stays TeX's
    return end


def _unicode_subscripted(reader: ExprReader, nodes: list[Node], k: int) -> bool:
    """Is ``nodes[k]`` (right after ``^``) a letter with a Unicode subscript written right after it (``e^xᵢ``)?"""
    from symdl.read.unicodemath import SUBSCRIPTS

    if k + 2 >= len(nodes) or not (isinstance(nodes[k], Token) and nodes[k].kind in ("letter", "cmd")):  # type: ignore[union-attr]
        return False
    bar = nodes[k + 1]
    return (
        isinstance(bar, Token)
        and bar.is_op("_")
        and reader.source[bar.span.start : bar.span.start + 1] in SUBSCRIPTS
        and nodes[k].span.start == nodes[k - 1].span.end
    )


def word_exponents(reader: ExprReader, nodes: list[Node]) -> list[Node]:
    """Brace each run of letters after ``^`` that is a Greek letter's name (anywhere) or, in a formula written as
    code, a word (``(1 - p_t)^gamma`` as ``(1 - p_t)^{gamma}``), inside groups too; noted ``word-exponent``."""
    code = bool(code_formula(reader.source)) or code_like(reader.source)
    return _braced(reader, nodes, code)


def _braced(reader: ExprReader, nodes: list[Node], code: bool) -> list[Node]:
    out: list[Node] = []
    k = 0
    while k < len(nodes):
        n = nodes[k]
        if isinstance(n, Group):
            out.append(replace(n, children=_braced(reader, n.children, code)))
            k += 1
            continue
        out.append(n)
        k += 1
        if not (isinstance(n, Token) and n.is_op("^")):
            continue
        if _unicode_subscripted(reader, nodes, k):  # e^xᵢ pasted from a page: e^{x_i}
            span = Span(nodes[k].span.start, nodes[k + 2].span.end)
            out.append(Group(list(nodes[k : k + 3]), span, "brace"))
            reader.add_note(
                "unicode-exponent", Span(n.span.start, span.end), {"exponent": reader.source[span.start : span.end]}
            )
            k += 3
            continue
        spaced = isinstance(nodes[k], Token) and nodes[k].kind == "space"  # Transformer Engine's 2 ^ margin
        gap = (not spaced and isinstance(nodes[k], Token) and nodes[k].kind == "letter"
               and nodes[k].span.start > n.span.end)  # a space the lexer left out: 0.96 ^ step
        wide = spaced or gap
        if wide and k + 1 < len(nodes) and isinstance(nodes[k + 1], Token) and nodes[k + 1].kind == "letter":
            first = k if gap else k + 1  # (a gap: the space the lexer left out)
            end = run_end(nodes, first)  # the word after the spaced caret, its letters touching each other
            while end > first + 1 and nodes[end - 1].span.start != nodes[end - 2].span.end:
                end -= 1
        else:
            end = _word_after(nodes, k)
        run = "".join(t.text for t in nodes[k:end] if isinstance(t, Token) and t.kind == "letter")
        if end == k or len(run) < 2 or (end < len(nodes) and is_group(nodes[end], "paren")):
            continue  # x^2, x^a; a call after ^ is code_powers' (decay_rate ^ floor(...))
        before = [m for m in out[:-1] if not (isinstance(m, Token) and m.kind == "space")]
        base = before[-1] if before else None
        valued = isinstance(base, Group) or (isinstance(base, Token) and base.kind == "number")  # (1 - p)^step
        named = wide and isinstance(base, Token) and base.kind == "letter"  # code's decay ^ step
        word = run in _GREEK_WORDS or ((code or wide) and (valued or named) and (
            len(run) >= WORD_MIN or end - k > len(run) or wide))  # 0.96 ^ step: a spaced caret's whole word
        if not word:
            continue
        if spaced:
            if named:  # the space kept: a parenthesis after a spaced caret is code's power (symdl.read.atoms._arg),
                out.append(nodes[k])  # where braces on a name would make a label, decay^{step}
            k += 1  # the space stays out of the exponent
        span = Span(nodes[k].span.start, nodes[end - 1].span.end)
        inner = [Token("cmd", "\\" + run, span)] if run in _GREEK_WORDS else list(nodes[k:end])
        out.append(Group(inner, span, "paren" if named else "brace"))
        reader.add_note(
            "word-exponent",
            Span(n.span.start, span.end),
            {"run": reader.source[span.start : span.end], "first": run[0], "rest": run[1:]},
        )
        k = end
    return out
