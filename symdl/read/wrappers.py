"""Wrappers that change only how a symbol is set: ``\\mathop{\\mathrm{\\triangleq}}`` (the Dive into Deep Learning
and blog pastes' definition sign) is the relation ``\\triangleq``; ``\\mathrm{\\mathcal{C}}``,
``\\mathop{\\mathrm{\\mathcal{C}}}`` (``\\sum_{c \\in \\mathop{\\mathrm{\\mathcal{C}}}}``) is the set ``\\mathcal{C}``.
A name wrapper (``\\mathop``, ``\\mathrm``, ``\\text``...) around one relation, or around one calligraphic or
blackboard letter, is that relation or that letter; a wrapper around a word (``\\mathop{\\mathrm{argmax}}``) is
left to the reader's names.
"""

from __future__ import annotations

from dataclasses import replace

from symdl.errors import Span
from symdl.read.commands import ACCENTS, BOLD, NAME_WRAPPERS
from symdl.read.lexer import Token
from symdl.read.syntax import Group, Node, is_group, strip_space

#: relations a wrapper may hold: an equality or a definition sign, a comparison, an update arrow
_RELATIONS = {"\\triangleq", "\\coloneqq", "\\coloneq", "\\doteq", "\\equiv", "\\approx", "\\simeq", "\\leftarrow",
              "\\gets", "\\le", "\\leq", "\\ge", "\\geq", "\\propto", "\\sim"}
#: fonts of a one-letter set or operator name (\mathcal{C}, \mathbb{R}, \mathbb{E})
_LETTER_FONTS = {"\\mathcal", "\\mathscr", "\\mathfrak", "\\mathbb"}


def _wrapper(nodes: list[Node], k: int) -> bool:
    n = nodes[k]
    return (isinstance(n, Token) and n.kind == "cmd" and n.text[1:] in NAME_WRAPPERS and k + 1 < len(nodes)
            and is_group(nodes[k + 1], "brace"))


def _inner(children: list[Node]) -> list[Node] | None:
    """What a wrapper's group holds once nested wrappers are taken off, when it is one relation or one font letter."""
    inner = strip_space(children)
    while len(inner) == 2 and _wrapper(inner, 0):
        inner = strip_space(inner[1].children)  # type: ignore[union-attr]
    if len(inner) == 1 and isinstance(inner[0], Token) and (inner[0].is_op("=") or inner[0].text in _RELATIONS):
        return inner
    font = len(inner) == 2 and isinstance(inner[0], Token) and inner[0].text in _LETTER_FONTS
    if font and is_group(inner[1], "brace"):
        letter = strip_space(inner[1].children)  # type: ignore[union-attr]
        if len(letter) == 1 and isinstance(letter[0], Token) and letter[0].kind == "letter":
            return inner
    return None


def transparent_wrappers(nodes: list[Node]) -> list[Node]:
    """``nodes`` with each name wrapper around one relation or one font letter replaced by what it wraps, in groups
    too (the relation spanning the whole wrapper, so errors point at what was written)."""
    out: list[Node] = []
    k = 0
    while k < len(nodes):
        if _wrapper(nodes, k) and (inner := _inner(nodes[k + 1].children)) is not None:  # type: ignore[union-attr]
            if len(inner) == 1:
                tok = inner[0]
                assert isinstance(tok, Token)
                inner = [Token(tok.kind, tok.text, Span(nodes[k].span.start, nodes[k + 1].span.end))]
            out.extend(inner)
            k += 2
            continue
        n = nodes[k]
        if (isinstance(n, Token) and n.kind == "cmd" and n.text[1:] in BOLD and k + 1 < len(nodes)
                and is_group(nodes[k + 1], "brace") and len(sign := strip_space(nodes[k + 1].children)) == 1  # type: ignore[union-attr]
                and isinstance(sign[0], Token) and sign[0].text in ("\\cdot", "\\times")):
            out.append(Token("cmd", sign[0].text, Span(n.span.start, nodes[k + 1].span.end)))  # SupCon's bold \cdot
            k += 2
            continue
        if _redundant_brace(nodes, k):  # Swin's {{\bf{z}}^{l - 1}}: the name's superscript, as unbraced
            out.extend(transparent_wrappers(strip_space(n.children)))  # type: ignore[union-attr]
            k += 1
            continue
        if isinstance(n, Group):
            n = replace(n, children=transparent_wrappers(_unbraced(n)))
        out.append(n)
        k += 1
    return out


def _redundant_brace(nodes: list[Node], k: int) -> bool:
    """Is ``nodes[k]`` a brace around one bold or accented name (``{\\hat{\\bf{z}}}``, ``{\\mathbf{z}}``, ``{\\hat
    \\rho }``) with a superscript or subscript after it, no command's argument?  TeX sets ``{\\mathbf{z}}^{l}`` as
    ``\\mathbf{z}^{l}``, and so does symdl (an equation editor's output nests such braces)."""
    if not is_group(nodes[k], "brace") or k + 1 >= len(nodes) or not (
            isinstance(nodes[k + 1], Token) and nodes[k + 1].is_op("^", "_")):
        return False
    before = next((n for n in reversed(nodes[:k]) if not (isinstance(n, Token) and n.kind == "space")), None)
    if isinstance(before, Group) or (isinstance(before, Token) and (before.kind == "cmd" or before.is_op("_", "^"))):
        return False  # \frac{a}{b}, \hat{x}, x_{i}: a command's argument or a script
    inner = strip_space(nodes[k].children)  # type: ignore[union-attr]
    while len(inner) == 1 and is_group(inner[0], "brace"):
        inner = strip_space(inner[0].children)  # type: ignore[union-attr]
    solid = [n for n in inner if not (isinstance(n, Token) and n.kind == "space")]
    if len(solid) == 2 and isinstance(solid[0], Token) and solid[0].kind == "cmd" and solid[0].text[1:] in ACCENTS \
            and isinstance(solid[1], Token) and solid[1].kind in ("letter", "cmd"):
        return True  # an equation editor's {{\hat \rho }_ j}: the accent on one letter, unbraced
    return (len(inner) == 2 and isinstance(inner[0], Token) and inner[0].kind == "cmd"
            and inner[0].text[1:] in (BOLD | set(ACCENTS)) and is_group(inner[1], "brace"))


def _unbraced(group: Group) -> list[Node]:
    """The children of a parenthesis that holds one brace group and nothing else (an equation editor's
    ``\\left( {x,\\hat x} \\right)``, MathType's ``{{q_j}\\left( {z|x} \\right)}``): the brace's, as TeX sets them;
    a brace inside anything else keeps its grouping."""
    inner = [c for c in group.children if not (isinstance(c, Token) and c.kind == "space")]
    if group.kind in ("paren", "bracket", "delim") and len(inner) == 1 and isinstance(inner[0], Group) \
            and inner[0].kind == "brace" and any(isinstance(c, Token) and c.is_op(",") for c in inner[0].children):
        return inner[0].children  # {x,\hat x}: a list of arguments (({\bf z}) keeps its font's brace)
    return group.children
