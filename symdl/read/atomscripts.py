"""The scripts after a name that :func:`symdl.read.atoms.read_atom` reads as more than TeX's one character: a word
subscript written without braces (code's ``x_ahead``), an identifier's tail of more underscores (``x_i_normalized``),
the bias correction's power ``1 - \\beta_1^{(t)}``, and the refused two-letter step ``w^{(t+j)}``."""

from __future__ import annotations

import re

from symdl.errors import NotSupported, Span
from symdl.read.commands import GREEK
from symdl.read.lexer import Token
from symdl.read.superscripts import refuse_greek_step
from symdl.read.syntax import AtomSpec, Node, is_group, plain_text

#: a parenthesised superscript adding or subtracting two letters: d2l's skip-gram w^{(t+j)}
_TWO_LETTER_STEP = re.compile(r"^\(\s*[A-Za-z]\s*[+-]\s*[A-Za-z]\s*\)$")


def two_letter_step(spec: AtomSpec, arg: list[Node], source: str, span: Span) -> None:
    """Refuse ``w^{(t+j)}`` on a name: parentheses mark a step or sample index (Goodfellow's ``w^{(t)}``), here two
    letters added (the word at offset j from step t), which symdl does not read; never a power (e^{(a+b)} is)."""
    text = plain_text(arg).replace("{", "").replace("}", "")
    if spec.base != "e":
        refuse_greek_step(spec.base, arg, GREEK, source, span)  # Bishop's \mathbf{w}^{(\tau)}
    if spec.base != "e" and _TWO_LETTER_STEP.match(text):
        raise NotSupported(
            f"the superscript {text} on {spec.base}: a step or sample index adding two letters (d2l's w^{{(t+j)}}, "
            "the word j places from step t) is not read yet",
            source=source, span=span,
            hint=f"write a power without parentheses ({spec.base}^{{t+j}}), or name the value at the offset",
        )


#: letters after a bare ``_`` that make its subscript one word (``x_ahead``); two (``x_ij``) stay TeX's x_i·j
SUBSCRIPT_WORD_MIN = 3


def word_after(nodes: list[Node], k: int, j: int) -> int:
    """The end of a word subscript written without braces after the ``_`` at ``nodes[k]`` (TeX takes only its first
    letter, ``nodes[k + 1]``): letters right against each other, at least :data:`SUBSCRIPT_WORD_MIN`, not followed by
    a subscript of their own (``a_ib_i`` is two names); ``j`` when there is none."""
    end = j
    while (end < len(nodes) and isinstance(nodes[end], Token) and nodes[end].kind == "letter"
           and nodes[end].span.start == nodes[end - 1].span.end):
        end += 1
    first = nodes[k + 1] if k + 1 < len(nodes) else None
    bare = isinstance(first, Token) and first.kind == "letter" and first.span.start == nodes[k].span.end
    if not (j == k + 2 and bare):
        return j
    nxt = nodes[end] if end < len(nodes) else None
    if end - k - 1 < SUBSCRIPT_WORD_MIN or (isinstance(nxt, Token) and nxt.is_op("_")):
        return j
    if (isinstance(nxt, Token) and nxt.kind == "number" and nxt.text.isdigit()
            and nxt.span.start == nodes[end - 1].span.end):
        return end + 1  # code's b_grad2, x_layer1: the digits end the word (b_grad times 2 was silent)
    return end


def corrected(source: str, start: int, text: str) -> bool:
    """Is a decay rate written at ``start`` as ``1 - \\beta^{(t)}`` (or ``1 - \\beta^T``), a step up on it: the bias
    correction's 1 − β^t (an index would mean the rate at step t, which no bias correction takes)?"""
    return (re.fullmatch(r"\{?\s*(?:\(\s*[tk]\s*\)|T)\s*\}?", text.strip()) is not None  # a step: t, k (l is a layer);
            # 1 - \beta_1^T: the correction after T steps, never a transposed rate
            and re.search(r"1\s*-\s*\{?\s*$", source[:start]) is not None)


def _plain_word_group(n: Node) -> bool:
    """A brace group of letters only: a plain-text subscript the lexer's pass braced (``a_out`` as ``a_{out}``)."""
    return is_group(n, "brace") and all(isinstance(c, Token) and c.kind == "letter" for c in n.children)  # type: ignore[union-attr]


def identifier_tail(nodes: list[Node], k: int, j: int, source: str) -> int:
    """In a formula written as code, the end of an identifier that goes on after the subscript at ``nodes[k:j]``
    with more underscores (pandas-style ``x_i_normalized``, ``d_loss__dw_out``): every part written together, the
    whole one label; ``j`` when there is none (TeX would refuse the double subscript)."""
    from symdl.read.words import code_formula  # words reads atoms

    end = j
    while (end < len(nodes) and isinstance(nodes[end], Token) and nodes[end].kind == "letter"  # type: ignore[union-attr]
           and nodes[end].span.start == nodes[end - 1].span.end):
        end += 1  # Keras' z_log_var: the rest of the first word (og), then the underscores after it
    word_end = end
    while (end + 1 < len(nodes) and isinstance(nodes[end], Token) and nodes[end].is_op("_")  # type: ignore[union-attr]
           and nodes[end].span.start == nodes[end - 1].span.end):
        stop = end + 1
        while stop < len(nodes) and nodes[stop].span.start == nodes[stop - 1].span.end and (
                (isinstance(nodes[stop], Token) and (nodes[stop].kind in ("letter", "number")  # type: ignore[union-attr]
                                                     or nodes[stop].is_op("_")))  # type: ignore[union-attr]
                or _plain_word_group(nodes[stop])):  # d_loss__d_a_out, its a_out braced by plain-subscript
            stop += 1
        if stop == end + 1 or not any(isinstance(n, Token) and n.kind in ("letter", "number") for n in nodes[end:stop]):
            break
        end = stop
    if end == word_end or not all(isinstance(n, Token) for n in nodes[k + 1 : j]):
        return j
    tail = "".join(n.text for n in nodes[k + 1 : end] if isinstance(n, Token))  # b_grad_numerical: TeX refuses a
    words = all(isinstance(n, Token) for n in nodes[k + 1 : end]) and re.fullmatch(  # double subscript, so a
        r"[a-z]{3,}(?:_+[a-z][a-z0-9]+)+", tail) is not None  # snake-case name is one identifier (not
    return end if code_formula(source) or words else j  # TeX's Q_1K_1^T, b_iv_i, G_tR_t: names side by side)




def other_powers(base: str, source: str) -> bool:
    """Is the Greek letter ``base`` raised elsewhere in ``source`` to a power other than ``T`` (the discounted return's
    ``\\gamma^{t-1} r_t + \\gamma^T v``: a rate's powers, so its ``^T`` is the power T too)?"""
    script = r"(\{[^{}]*\}|\\[A-Za-z]+|\w)"
    pattern = rf"\\{base}(?![A-Za-z])\s*(?:_\s*{script}\s*)?\^\s*{script}"
    return any(m.group(2).strip("{} ") not in ("T", "\\top") for m in re.finditer(pattern, source))


def digits_tail(nodes: list[Node], j: int) -> int:
    """The end of a code identifier that goes on after a name's digits with an underscore (``w1_grad``, ``l2_norm``,
    ``h1_out``): the underscore and the letters, digits and underscores written against it; ``j`` when there is
    none.  TeX has no such name; read as the digits' subscript and another it was a "double subscript"."""
    if not (j + 1 < len(nodes) and isinstance(nodes[j], Token) and nodes[j].is_op("_")  # type: ignore[union-attr]
            and nodes[j].span.start == nodes[j - 1].span.end and isinstance(nodes[j + 1], Token)
            and nodes[j + 1].kind == "letter" and nodes[j + 1].span.start == nodes[j].span.end):  # type: ignore[union-attr]
        return j
    end = j + 1
    while (end < len(nodes) and isinstance(nodes[end], Token) and nodes[end].span.start == nodes[end - 1].span.end
           and (nodes[end].kind in ("letter", "number") or nodes[end].is_op("_"))):  # type: ignore[union-attr]
        end += 1
    return end
